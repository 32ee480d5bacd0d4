/* pair.c - `pair A B`: papers co-authored by two countries (L_ab) and their fractional
 * link strength, by year or in total.
 *
 * Invariant: a paper counts when both countries are in its C(p) (after
 * --fold-hk-mo); it adds 1 to papers and 1/(|C(p)|-1) to fractional_links.
 */
#include "papers_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct pair_ctx {
    uint32_t a, b;
    /* per year: years are stored as offsets from a base year into a growing array */
    int32_t lo, hi; /* range of years seen (lo > hi: none) */
    uint64_t *papers;
    double *frac;
    size_t cap; /* entries for years base..base+cap-1 */
    int32_t base;
    uint64_t total_papers;
    double total_frac;
} pair_ctx;

static bool has(const paper_view *p, uint32_t id)
{
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].id == id)
            return true;
    return false;
}

/* Make sure year y has a slot. Years are 4-digit (1000..9999) by construction of the
 * reader, so a flat array over the range seen stays small. */
static coauth_status year_slot(pair_ctx *c, int32_t y, size_t *out, coauth_error *err)
{
    if (c->cap == 0) {
        c->base = y;
    }
    int32_t lo = c->cap ? (y < c->base ? y : c->base) : y;
    int32_t hi_have = c->cap ? c->base + (int32_t)c->cap - 1 : y;
    int32_t hi = y > hi_have ? y : hi_have;
    size_t need = (size_t)(hi - lo) + 1;
    if (need > c->cap || lo != c->base) {
        uint64_t *np = calloc(need, sizeof *np);
        double *nf = calloc(need, sizeof *nf);
        if (!np || !nf) {
            free(np);
            free(nf);
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory in pair");
        }
        for (size_t i = 0; i < c->cap; i++) {
            np[(size_t)(c->base - lo) + i] = c->papers[i];
            nf[(size_t)(c->base - lo) + i] = c->frac[i];
        }
        free(c->papers);
        free(c->frac);
        c->papers = np;
        c->frac = nf;
        c->cap = need;
        c->base = lo;
    }
    *out = (size_t)(y - c->base);
    return COAUTH_OK;
}

static coauth_status on_paper(const paper_view *p, void *vctx, coauth_error *err)
{
    pair_ctx *c = vctx;
    if (p->n_nodes < 2 || !has(p, c->a) || !has(p, c->b))
        return COAUTH_OK;
    double f = 1.0 / (double)(p->n_nodes - 1);
    c->total_papers++;
    c->total_frac += f;
    if (p->year <= 0)
        return COAUTH_OK;
    size_t i = 0;
    coauth_status st = year_slot(c, p->year, &i, err);
    if (st)
        return st;
    c->papers[i]++;
    c->frac[i] += f;
    if (c->lo > c->hi) {
        c->lo = c->hi = p->year;
    } else {
        if (p->year < c->lo)
            c->lo = p->year;
        if (p->year > c->hi)
            c->hi = p->year;
    }
    return COAUTH_OK;
}

coauth_status coauth_query_pair(coauth_store *s, const coauth_query_options *opts, const char *a,
                                const char *b, coauth_pair_result *out, coauth_error *err)
{
    out->by = opts->pair_by;
    out->n_rows = 0;
    out->rows = NULL;
    char ca[3], cb[3];
    coauth_status st = coauth_country_code(a, ca, err);
    if (st || (st = coauth_country_code(b, cb, err)))
        return st;
    if (opts->fold_hk_mo) {
        if (strcmp(ca, "HK") == 0 || strcmp(ca, "MO") == 0)
            memcpy(ca, "CN", 3);
        if (strcmp(cb, "HK") == 0 || strcmp(cb, "MO") == 0)
            memcpy(cb, "CN", 3);
    }
    if (strcmp(ca, cb) == 0)
        return coauth_fail(err, COAUTH_EINVAL, "pair needs two different countries (got %s %s%s)",
                           ca, cb, opts->fold_hk_mo ? " after --fold-hk-mo" : "");
    memcpy(out->country_a, ca, 3);
    memcpy(out->country_b, cb, 3);
    pair_ctx c = {0};
    c.a = (uint32_t)coauth_country_id(ca);
    c.b = (uint32_t)coauth_country_id(cb);
    c.lo = 1;
    c.hi = 0;
    if ((st = coauth_read_begin(s, err)))
        goto out;
    st = coauth_papers_scan(s, opts, COAUTH_LEVEL_COUNTRY, NULL, on_paper, &c, err);
    coauth_read_end(s);
    if (st)
        goto out;
    if (opts->pair_by == COAUTH_PAIR_BY_TOTAL) {
        out->rows = calloc(1, sizeof *out->rows);
        if (!out->rows) {
            st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in pair");
            goto out;
        }
        out->rows[0] = (coauth_pair_row){0, c.total_papers, c.total_frac};
        out->n_rows = 1;
        goto out;
    }
    int32_t lo = c.lo, hi = c.hi;
    if (opts->year_from > 0) {
        lo = opts->year_from;
        hi = opts->year_to;
    }
    if (lo > hi)
        goto out;
    size_t n = (size_t)(hi - lo) + 1;
    out->rows = calloc(n, sizeof *out->rows);
    if (!out->rows) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in pair");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int32_t y = lo + (int32_t)i;
        coauth_pair_row *r = &out->rows[i];
        r->year = y;
        if (c.cap && y >= c.base && y < c.base + (int32_t)c.cap) {
            r->papers = c.papers[y - c.base];
            r->fractional = c.frac[y - c.base];
        }
    }
    out->n_rows = n;
out:
    free(c.papers);
    free(c.frac);
    return st;
}

void coauth_pair_result_release(coauth_pair_result *r)
{
    if (!r)
        return;
    free(r->rows);
    r->rows = NULL;
    r->n_rows = 0;
}
