/* testutil.h - helpers shared by the Criterion tests: run the CLI, find fixtures.
 *
 * Invariant: the helpers never depend on the code under test except through the
 * coauth executable named by $COAUTH_CLI (set by ctest).
 */
#ifndef COAUTH_TESTUTIL_H
#define COAUTH_TESTUTIL_H

#include <stddef.h>

/* The current store schema as a string literal: "schema " SCHEMA_STR ... */
#define TEST_STR_(x) #x
#define TEST_STR(x)  TEST_STR_(x)
#define SCHEMA_STR   TEST_STR(COAUTH_SCHEMA_VERSION)

typedef struct run_result {
    int status;   /* exit code, or 128 + signal number when killed by a signal */
    int signaled; /* 1 when the process died from a signal */
    char *out;    /* stdout, NUL-terminated (malloc'd) */
    size_t out_len;
    char *err; /* stderr, NUL-terminated (malloc'd) */
    size_t err_len;
    long max_rss_kb; /* peak resident set size of the child (wait4 rusage) */
    double seconds;  /* wall time */
} run_result;

/* Run `$COAUTH_CLI argv...` (argv NULL-terminated, without the program name), feeding
 * `stdin_path` (NULL: /dev/null) and capturing stdout and stderr. `stdout_path`, if
 * not NULL, receives stdout instead of capturing it (e.g. "/dev/full"). Extra
 * environment entries "K=V" may be given in `env` (NULL-terminated, or NULL).
 * Returns 0 when the process ran, -1 if it could not be started. */
int run_cli_ex(run_result *r, const char *stdin_path, const char *stdout_path,
               const char *const *env, const char *const *argv);
int run_cli(run_result *r, const char *const *argv);
void run_result_free(run_result *r);
/* The standard output of `$COAUTH_CLI argv...` (malloc'd) when it ran and exited 0;
 * else NULL, with its exit status and standard error written to stderr. */
char *run_cli_stdout(const char *const *argv);

/* Number of lines in s (count of '\n'). */
size_t count_lines(const char *s);

/* Path of a file in tests/data (static buffer in a ring of 8: valid for the next 7 calls). */
const char *test_data(const char *rel);
/* Path under ../shared/data, or NULL when that tree is absent (the caller says so). */
const char *shared_data(const char *rel);
/* A fresh empty temporary directory (malloc'd path). */
char *make_tmpdir(void);
/* Remove a directory tree made by make_tmpdir and free the path. */
void remove_tmpdir(char *dir);
/* Write `len` bytes to path; returns 0 on success. */
int write_file(const char *path, const void *data, size_t len);
/* Copy the file src to dst (0 on success, -1 on error). */
int copy_file(const char *src, const char *dst);
/* tests/data/NAME copied to DIR/AS (an NLM file name gives a file its place): the copy's
 * path, valid until eight more calls, or NULL on error. */
const char *copy_fixture_as(const char *dir, const char *name, const char *as);
/* Read a whole (small) file; malloc'd, NUL-terminated, NULL on failure. */
char *read_file(const char *path, size_t *out_len);

#endif
