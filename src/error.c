/* error.c - formatting of coauth_error messages.
 *
 * Invariant: err->msg is always NUL-terminated and holds a single line.
 */
#include <coauth/error.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void one_line(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
}

coauth_status coauth_fail(coauth_error *err, coauth_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    one_line(err->msg);
    err->code = code;
    return code;
}

coauth_status coauth_error_prefix(coauth_error *err, coauth_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    char prefix[COAUTH_ERRMSG_MAX];
    char old[COAUTH_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->msg, sizeof old);
    /* Build "prefix: old" by hand: snprintf's truncation warning cannot see that
     * truncation is intended here. */
    size_t n = strlen(prefix);
    memcpy(err->msg, prefix, n + 1);
    if (old[0] && n + 2 < sizeof err->msg) {
        memcpy(err->msg + n, ": ", 3);
        n += 2;
        size_t m = strlen(old);
        if (m > sizeof err->msg - 1 - n)
            m = sizeof err->msg - 1 - n;
        memcpy(err->msg + n, old, m);
        err->msg[n + m] = '\0';
    }
    one_line(err->msg);
    if (err->code == COAUTH_OK)
        err->code = code;
    return err->code;
}

void coauth_error_clear(coauth_error *err)
{
    if (!err)
        return;
    err->code = COAUTH_OK;
    err->msg[0] = '\0';
}

const char *coauth_status_str(coauth_status st)
{
    switch (st) {
    case COAUTH_OK:
        return "ok";
    case COAUTH_EOF:
        return "end of input";
    case COAUTH_EINVAL:
        return "invalid argument";
    case COAUTH_ENOMEM:
        return "out of memory";
    case COAUTH_EIO:
        return "I/O error";
    case COAUTH_EFORMAT:
        return "malformed input";
    case COAUTH_ESTORE:
        return "store error";
    case COAUTH_EGRAPH:
        return "graph error";
    case COAUTH_EBUSY:
        return "store busy";
    case COAUTH_ELIMIT:
        return "size limit exceeded";
    case COAUTH_ESTOREFAULT:
        return "store failure";
    default:
        return "unknown error";
    }
}
