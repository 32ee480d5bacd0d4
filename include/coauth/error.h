/* error.h - status codes and the error object every fallible coauth call takes.
 *
 * Invariant: library code never prints and never exits. A failing call returns a
 * negative coauth_status and, when `err` is not NULL, leaves a one-line, lower-case
 * message (no final period) in err->msg. COAUTH_EOF (-1) is not an error: readers
 * return it at a clean end of input.
 */
#ifndef COAUTH_ERROR_H
#define COAUTH_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define COAUTH_NODISCARD  __attribute__((warn_unused_result))
#define COAUTH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define COAUTH_NODISCARD
#define COAUTH_PRINTF(f, a)
#endif

typedef int coauth_status;

enum coauth_status_code {
    COAUTH_OK = 0,
    COAUTH_EOF = -1,         /* clean end of input (readers only) */
    COAUTH_EINVAL = -2,      /* bad argument or usage */
    COAUTH_ENOMEM = -3,      /* allocation failed */
    COAUTH_EIO = -4,         /* open/read/write failed */
    COAUTH_EFORMAT = -5,     /* malformed input data (XML, gzip, UTF-8, ...) */
    COAUTH_ESTORE = -6,      /* SQLite error */
    COAUTH_EGRAPH = -7,      /* igraph error */
    COAUTH_EBUSY = -8,       /* store locked by another writer beyond the busy timeout */
    COAUTH_ELIMIT = -9,      /* a documented size limit was exceeded */
    /* -10 was COAUTH_ENOTIMPL ("not built yet"), which nothing returned */
    COAUTH_ESTOREFAULT = -11 /* the store itself failed (disk full, I/O error, corrupt or
                              * foreign file): every later write would fail too */
};

#define COAUTH_ERRMSG_MAX 512

/* The error object. Callers allocate it (usually on the stack, COAUTH_ERROR_INIT). */
typedef struct coauth_error {
    coauth_status code;          /* last failing status, COAUTH_OK when none */
    char msg[COAUTH_ERRMSG_MAX]; /* one line, NUL-terminated, "" when none */
} coauth_error;

#define COAUTH_ERROR_INIT {COAUTH_OK, ""}

/* Record a failure: formats the message into err (if not NULL) and returns `code`, so
 * that callers write `return coauth_fail(err, COAUTH_EIO, "cannot open '%s'", p);`.
 * Newlines in the formatted message are replaced by spaces (messages are one line). */
coauth_status coauth_fail(coauth_error *err, coauth_status code, const char *fmt, ...)
    COAUTH_PRINTF(3, 4);

/* Prefix an existing message: "<prefix>: <old message>". Returns err->code (or `code`
 * when err is NULL). Used to add the file name and line to a lower layer's message. */
coauth_status coauth_error_prefix(coauth_error *err, coauth_status code, const char *fmt, ...)
    COAUTH_PRINTF(3, 4);

/* Reset err to COAUTH_ERROR_INIT. NULL allowed. */
void coauth_error_clear(coauth_error *err);

/* Static, human-readable name of a status ("ok", "end of input", "I/O error", ...). */
const char *coauth_status_str(coauth_status st);

#ifdef __cplusplus
}
#endif
#endif
