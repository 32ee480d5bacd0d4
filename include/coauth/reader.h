/* reader.h - streaming readers of publication XML (PubMed/MEDLINE, JATS): one record at
 * a time, the format chosen by the root element.
 *
 * Invariants: a reader holds at most one record (plus one input chunk) in memory,
 * whatever the file size; it never touches the network, never loads a DTD and never
 * expands entities other than XML's predefined ones and character references; any
 * entity declaration is an error. One reader per thread; readers share no state.
 */
#ifndef COAUTH_READER_H
#define COAUTH_READER_H

#include <coauth/error.h>
#include <coauth/record.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest record accepted (bytes of XML between the record's start and end tags);
 * a larger one is a COAUTH_ELIMIT error, not an out-of-memory kill. */
#define COAUTH_MAX_RECORD_BYTES (64u * 1024u * 1024u)

/* Largest author and affiliation counts accepted in one record (COAUTH_ELIMIT above):
 * the longest PubMed author lists have a few thousand names; the caps keep the
 * per-record arrays small even for a hostile record under the byte limit. */
#define COAUTH_READER_MAX_AUTHORS      100000u
#define COAUTH_READER_MAX_AFFILIATIONS 400000u

typedef struct coauth_reader coauth_reader;

/* Called for a non-fatal problem (a record without PMID, skipped): `msg` names the
 * file and line, e.g. "'a.xml' line 12: record without PMID skipped". */
typedef void (*coauth_warn_fn)(void *ud, const char *msg);

/* Open a PubMed/MEDLINE or JATS XML file (the format is told by the root element):
 * `path` "-" is standard input (named "<stdin>" in messages). Compression is detected
 * from the bytes (gzip magic; multi-member gzip is read to the end); so is a tar
 * archive (a PMC Open Access bulk package, plain or gzip), which coauth_reader_each()
 * reads as one stream of the records of its .nxml/.xml entries, messages naming
 * "'PACKAGE' entry 'PATH' line N". *out is freed with coauth_reader_free. */
COAUTH_NODISCARD coauth_status coauth_reader_open(coauth_reader **out, const char *path,
                                                  coauth_error *err);

/* Same, reading from memory (tests and fuzzers). `data` must outlive the reader. */
COAUTH_NODISCARD coauth_status coauth_reader_open_mem(coauth_reader **out, const void *data,
                                                      size_t len, const char *name,
                                                      coauth_error *err);

/* Install a warning callback (NULL: warnings are only counted). */
void coauth_reader_set_warn(coauth_reader *r, coauth_warn_fn fn, void *ud);

/* Next record. Returns COAUTH_OK with *out set (borrowed until the next call),
 * COAUTH_EOF at the clean end of a well-formed document, or < -1 on error with a
 * one-line message naming the file and line (truncated gzip, bad CRC, malformed
 * XML, invalid UTF-8, entity declaration, record over COAUTH_MAX_RECORD_BYTES, not
 * a PubMed or JATS document, empty file). After an error the reader only returns
 * errors. Packages are read by coauth_reader_each() only. */
COAUTH_NODISCARD coauth_status coauth_reader_next(coauth_reader *r, const coauth_record **out,
                                                  coauth_error *err);

/* Called by coauth_reader_each() for each record, in document order; `rec` is
 * borrowed for the duration of the call. A non-zero return (with `err` filled) stops
 * the parse, and coauth_reader_each() returns that status and message. */
typedef coauth_status (*coauth_record_fn)(void *ud, const coauth_record *rec, coauth_error *err);

/* Read the whole document, handing each record to `fn`: the same records, warnings
 * and errors as a coauth_reader_next() loop, but libxml2 pulls its input instead of
 * being pushed chunks, which is about 15% less parser CPU (bench/RESULTS.md). Returns
 * COAUTH_OK at the clean end of a well-formed document. Use on a fresh reader, and
 * either this or coauth_reader_next(), not both. */
COAUTH_NODISCARD coauth_status coauth_reader_each(coauth_reader *r, coauth_record_fn fn, void *ud,
                                                  coauth_error *err);

/* Checksum the file's bytes while reading them, for coauth_reader_identity(): the
 * same size and checksum as coauth_file_identity() (ingest.h) without a pass of its
 * own. Call on a fresh reader, before coauth_reader_readahead(). */
COAUTH_NODISCARD coauth_status coauth_reader_checksum(coauth_reader *r, coauth_error *err);

/* After a clean end of the document with checksumming on: the file's size and
 * checksum; returns 1. Otherwise 0. */
int coauth_reader_identity(coauth_reader *r, uint64_t *size, char checksum[64]);

/* Compute the MD5 of the file's bytes (compressed bytes for .gz) while reading them, for
 * coauth_reader_md5_hex(): NLM's FILE.md5 check without a pass of its own. Call on a
 * fresh reader, before coauth_reader_readahead(). */
COAUTH_NODISCARD coauth_status coauth_reader_md5(coauth_reader *r, coauth_error *err);

/* After a clean end of the document with MD5 on: the 32 lower-case hex digits; returns
 * 1 (once). Otherwise 0. */
int coauth_reader_md5_hex(coauth_reader *r, char out[33]);

/* Inflate (or read, for plain XML) in a thread of its own, ahead of the parser, so
 * the two run on two cores: about a quarter of the reader's CPU moves off the parsing
 * thread. Call on a fresh reader; records and errors are the same. Ignored for a pipe
 * or terminal. Returns COAUTH_ENOMEM or COAUTH_EINVAL (already reading). */
COAUTH_NODISCARD coauth_status coauth_reader_readahead(coauth_reader *r, coauth_error *err);

/* Stop waiting for input once *flag is true (read atomically; another thread sets it,
 * e.g. on Ctrl-C): a read from a silent pipe or FIFO then fails within 100 ms instead
 * of blocking until bytes arrive. Call on a fresh reader. */
void coauth_reader_set_cancel(coauth_reader *r, const bool *flag);

/* Records skipped because they had no PMID (each also reported to the callback). */
uint64_t coauth_reader_skipped(const coauth_reader *r);

/* Bytes consumed from the underlying file so far (compressed bytes for .gz). */
uint64_t coauth_reader_bytes_in(const coauth_reader *r);

/* Close and free. NULL allowed. */
void coauth_reader_free(coauth_reader *r);

#ifdef __cplusplus
}
#endif
#endif
