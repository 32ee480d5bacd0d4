/* progress.c - the text of `coauth ingest`'s progress line (cmd_ingest.c prints it).
 *
 * Invariant: pure functions of their arguments (no clock, no terminal), so that the
 * tests can call them directly; the ETA appears only once it is stable.
 */
#include "cli.h"

#include <stdio.h>

const char *cli_thousands(char buf[32], uint64_t v)
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

void cli_progress_text(char *buf, size_t cap, const coauth_progress *p)
{
    char done[32], total[32], recs[32], rate[32];
    double rps = p->elapsed > 0 ? (double)p->records / p->elapsed : 0;
    double mbs = p->elapsed > 0 ? (double)p->bytes_in / 1e6 / p->elapsed : 0;
    int n =
        snprintf(buf, cap, "%s/%s files, %s records, %s records/s, %.1f MB/s",
                 cli_thousands(done, p->files_done), cli_thousands(total, p->files_total),
                 cli_thousands(recs, p->records), cli_thousands(rate, (uint64_t)(rps + 0.5)), mbs);
    if (n < 0 || (size_t)n >= cap)
        return;
    /* The first seconds extrapolate from start-up costs and a file's header: wild. */
    if (p->bytes_total && p->bytes_in && p->bytes_in <= p->bytes_total &&
        p->elapsed >= CLI_ETA_MIN_SECONDS &&
        (double)p->bytes_in >= CLI_ETA_MIN_SHARE * (double)p->bytes_total) {
        double rest = p->elapsed * (double)(p->bytes_total - p->bytes_in) / (double)p->bytes_in;
        long s = (long)(rest + 0.5);
        if (s >= 3600)
            snprintf(buf + n, cap - (size_t)n, ", ETA %ldh%02ldm", s / 3600, s / 60 % 60);
        else
            snprintf(buf + n, cap - (size_t)n, ", ETA %ldm%02lds", s / 60, s % 60);
    }
}
