/* gzsource_internal.h - a byte source over a file descriptor or memory that inflates
 * gzip transparently (used by the XML readers in ingest/).
 *
 * Invariant: compression is decided by the first two bytes (gzip magic 1f 8b), never
 * by the name; every gzip member is read to its end and checked (CRC-32 and length),
 * so a truncated or corrupted stream is an error, never a silent early end. Memory
 * is one 128 KiB input buffer and one zlib stream (plus 1 MiB with read-ahead),
 * whatever the file size.
 */
#ifndef COAUTH_GZSOURCE_INTERNAL_H
#define COAUTH_GZSOURCE_INTERNAL_H

#include <coauth/error.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Size of the input buffer (compressed bytes read from the descriptor at a time). */
#define COAUTH_GZSOURCE_CHUNK (128u * 1024u)

typedef struct coauth_gzsource coauth_gzsource;

/* Open `path` ("-" = standard input, which is read but not closed). Messages name
 * `name` (NULL: path). Returns COAUTH_OK, COAUTH_ENOMEM or COAUTH_EIO. */
COAUTH_NODISCARD coauth_status coauth_gzsource_open(coauth_gzsource **out, const char *path,
                                                    const char *name, coauth_error *err);

/* Read from `len` bytes at `data` (not copied: it must outlive the source). */
COAUTH_NODISCARD coauth_status coauth_gzsource_open_mem(coauth_gzsource **out, const void *data,
                                                        size_t len, const char *name,
                                                        coauth_error *err);

/* Read up to `cap` (> 0) decompressed bytes into buf. Returns COAUTH_OK with *got > 0,
 * COAUTH_EOF (*got == 0) at the clean end of the input, or COAUTH_EIO / COAUTH_EFORMAT
 * (truncated gzip, bad CRC, corrupt data, garbage after a member) with a message
 * "'NAME': what" in err. After an error every call returns the same status. */
COAUTH_NODISCARD coauth_status coauth_gzsource_read(coauth_gzsource *s, void *buf, size_t cap,
                                                    size_t *got, coauth_error *err);

/* Inflate ahead in a thread of its own (a ring of 4 x 256 KiB), so that inflating
 * and parsing run on two cores. Call before the first read; reads, statuses and
 * messages stay the same. Does nothing for a pipe or terminal (the thread must never
 * block on input the reader no longer drains), or if no thread can be started. */
COAUTH_NODISCARD coauth_status coauth_gzsource_readahead(coauth_gzsource *s, coauth_error *err);

/* The file checksum as stored in `files.checksum`: "crc32:xxxxxxxx-adler32:xxxxxxxx". */
void coauth_checksum_format(unsigned long crc, unsigned long adler, char out[64]);

/* Checksum the bytes as they are read (CRC-32 and Adler-32 of the file, compressed
 * bytes for gzip), for coauth_gzsource_identity(). Call before the first read (and
 * before coauth_gzsource_readahead). */
void coauth_gzsource_checksum(coauth_gzsource *s);

/* Once the source has returned COAUTH_EOF with checksumming on: the file's size and
 * "crc32:xxxxxxxx-adler32:xxxxxxxx" (the format of coauth_file_identity()); returns 1.
 * Otherwise 0. */
int coauth_gzsource_identity(coauth_gzsource *s, uint64_t *size, char checksum[64]);

/* Also compute the MD5 of the bytes read (coauth/md5.h), for
 * coauth_gzsource_md5_hex(). Call before the first read (and before readahead). */
void coauth_gzsource_md5(coauth_gzsource *s);

/* Once the source has read its input to the end with MD5 on: the 32 hex digits; returns
 * 1 (once). Otherwise 0. */
int coauth_gzsource_md5_hex(coauth_gzsource *s, char out[33]);

/* 1 when the input is gzip (known after the first successful read), else 0. */
int coauth_gzsource_is_gzip(const coauth_gzsource *s);

/* Stop waiting for input once *flag is true (read atomically; set by another thread):
 * the read in progress then fails with "read error: Operation canceled". Call before
 * the first read. */
void coauth_gzsource_set_cancel(coauth_gzsource *s, const bool *flag);

/* Bytes consumed from the underlying file or memory so far (compressed for gzip). */
uint64_t coauth_gzsource_bytes_in(const coauth_gzsource *s);

/* Close the descriptor (unless it is stdin) and free. NULL allowed. */
void coauth_gzsource_free(coauth_gzsource *s);

#endif
