/* out_internal.h - the byte sink the output writers share (queries/write_csv.c: CSV;
 * queries/write_graph.c: GraphML, Pajek, VOSviewer JSON).
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
#include <stdint.h>
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
/* The numbers of the CSV, GraphML and Pajek writers: "%llu", and "%.6f" with a
 * magnitude below 5e-7 (negative zero included) written as 0.000000 and a non-finite
 * value (which no query produces) written as nothing. */
void coauth_out_u64(coauth_out *o, uint64_t v);
void coauth_out_double(coauth_out *o, double v);
COAUTH_NODISCARD coauth_status coauth_out_finish(coauth_out *o, coauth_error *err);

#endif
