/* out_internal.h - the byte sink the output writers share (csv.c: CSV, GraphML,
 * Pajek; vosviewer.c: VOSviewer JSON).
 *
 * Invariant: every byte goes through coauth_out_put/puts/putf, which record the first
 * failed write and then do nothing; coauth_out_finish flushes and turns a failure into
 * COAUTH_EIO ("error writing output: ..."), so a full disk is never a silently short
 * file.
 */
#ifndef COAUTH_OUT_INTERNAL_H
#define COAUTH_OUT_INTERNAL_H

#include <coauth/error.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct coauth_out {
    FILE *f;
    bool bad;
    int err_no;
} coauth_out;

#define COAUTH_OUT_INIT(f)                                                                         \
    {                                                                                              \
        (f), false, 0                                                                              \
    }

void coauth_out_put(coauth_out *o, const char *s, size_t n);
void coauth_out_puts(coauth_out *o, const char *s);
void coauth_out_putf(coauth_out *o, const char *fmt, ...) COAUTH_PRINTF(2, 3);
COAUTH_NODISCARD coauth_status coauth_out_finish(coauth_out *o, coauth_error *err);

#endif
