/* ingest.h - the ingest driver: N parser threads, one writer applying files in
 * command-line order, one transaction per file.
 *
 * Invariants: the store content after coauth_ingest_files() does not depend on the
 * number of threads; a file is applied completely or not at all; memory is bounded
 * by (2 x jobs) files in flight x a bounded queue of parsed batches, whatever the
 * file sizes; a file already applied (same base name, size and checksum) is skipped
 * unless `force`.
 */
#ifndef COAUTH_INGEST_H
#define COAUTH_INGEST_H

#include <coauth/error.h>
#include <coauth/reader.h>
#include <coauth/resolve.h>
#include <coauth/store.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum coauth_file_outcome {
    COAUTH_FILE_APPLIED = 1,
    COAUTH_FILE_SKIPPED = 2, /* already applied, not --force */
    COAUTH_FILE_FAILED = 3
};

typedef struct coauth_progress {
    uint64_t files_done, files_total;
    uint64_t records;   /* records applied so far in this run */
    uint64_t bytes_in;  /* input bytes (compressed) of files done + current */
    uint64_t bytes_total; /* sum of input file sizes (0 when unknown, e.g. stdin) */
    double elapsed;     /* seconds since the start */
} coauth_progress;

/* Called by the writer after each file (outcome, and the error message for FAILED). */
typedef void (*coauth_file_fn)(void *ud, const char *path, enum coauth_file_outcome outcome,
                               const coauth_file_info *info, const char *message);
/* Called by the writer every few thousand records and after each file. */
typedef void (*coauth_progress_fn)(void *ud, const coauth_progress *p);

typedef struct coauth_ingest_options {
    unsigned jobs;                     /* parser threads; 0 = number of online CPUs */
    bool force;                        /* re-apply files already applied */
    bool fail_fast;                    /* stop at the first failing file */
    const coauth_resolver *resolver;   /* NULL: strings stored unresolved */
    coauth_warn_fn warn;               /* non-fatal problems, in file order (writer) */
    void *warn_ud;
    coauth_file_fn on_file;
    void *file_ud;
    coauth_progress_fn progress;
    void *progress_ud;
    /* When not NULL, polled by the writer before each record and while it waits for the
     * parsers (10 times a second): once nonzero (a signal handler sets it), the run stops
     * at that record boundary, the file being written is rolled back, later files are not
     * read, and the summary says `interrupted`. Borrowed for the call. */
    const volatile sig_atomic_t *interrupt;
} coauth_ingest_options;

#define COAUTH_INGEST_OPTIONS_INIT                                                                 \
    {0, false, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

typedef struct coauth_ingest_summary {
    uint64_t files_applied, files_skipped, files_failed;
    uint64_t records, deletions, skipped_records;
    uint64_t superseded; /* records older than the stored paper or deletion (SPEC 2.4) */
    bool interrupted;    /* stopped by opts->interrupt; the counts are of the files committed */
} coauth_ingest_summary;

/* Apply `paths` (n of them; "-" = standard input, at most once) to the store in order.
 * Returns COAUTH_OK when no file failed; otherwise the status of the first failure
 * with its message in err (every failure is also reported to on_file). Files after a
 * failure are still applied unless fail_fast, or unless the failure is one of the store
 * itself (COAUTH_ESTOREFAULT: disk full, I/O error, corrupt file), which stops the run
 * at once: the files committed before it stay. */
COAUTH_NODISCARD coauth_status coauth_ingest_files(coauth_store *s, const char *const *paths,
                                                   size_t n, const coauth_ingest_options *opts,
                                                   coauth_ingest_summary *out,
                                                   coauth_error *err);

/* Size and checksum ("crc32:xxxxxxxx-adler32:xxxxxxxx" of the raw bytes) of a file,
 * as the files table records them. */
COAUTH_NODISCARD coauth_status coauth_file_identity(const char *path, uint64_t *out_size,
                                                    char out_checksum[64], coauth_error *err);

#ifdef __cplusplus
}
#endif
#endif
