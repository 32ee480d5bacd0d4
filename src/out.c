/* out.c - see out_internal.h. */
#include "out_internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

void coauth_out_put(coauth_out *o, const char *s, size_t n)
{
    if (o->bad || n == 0)
        return;
    if (fwrite(s, 1, n, o->f) != n) {
        o->bad = true;
        o->err_no = errno;
    }
}

void coauth_out_puts(coauth_out *o, const char *s)
{
    coauth_out_put(o, s, strlen(s));
}

void coauth_out_putf(coauth_out *o, const char *fmt, ...)
{
    if (o->bad)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(o->f, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->bad = true;
        o->err_no = errno;
    }
}

void coauth_out_u64(coauth_out *o, uint64_t v)
{
    coauth_out_putf(o, "%llu", (unsigned long long)v);
}

void coauth_out_double(coauth_out *o, double v)
{
    if (!isfinite(v))
        return; /* never produced by the queries; keeps the CSV numeric-or-empty */
    if (fabs(v) < 5e-7)
        v = 0.0;
    coauth_out_putf(o, "%.6f", v);
}

coauth_status coauth_out_finish(coauth_out *o, coauth_error *err)
{
    if (!o->bad && fflush(o->f) != 0) {
        o->bad = true;
        o->err_no = errno;
    }
    if (!o->bad && ferror(o->f)) {
        o->bad = true;
        o->err_no = EIO;
    }
    if (o->bad)
        return coauth_fail(err, COAUTH_EIO, "error writing output: %s",
                           strerror(o->err_no ? o->err_no : EIO));
    return COAUTH_OK;
}
