/* pair.c - `pair A B`: papers co-authored by two countries (L_ab) and their fractional
 * link strength, by year or in total.
 *
 * Invariant: a paper counts when both countries are in its C(p) (after
 * --fold-hk-mo); it adds 1 to papers and 1/(|C(p)|-1) to fractional_links, and 1 to
 * first_author_a/b and last_author_a/b when its first / last listed author has a part
 * in a / b (SPEC 5.2).
 */
#include "papers_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct pair_ctx {
    uint32_t a, b;
    /* per year: years are stored as offsets from a base year into a growing array */
    int32_t lo, hi; /* range of years seen (lo > hi: none) */
    coauth_pair_row *rows;
    size_t cap; /* entries for years base..base+cap-1 */
    int32_t base;
    coauth_pair_row total;
} pair_ctx;

static const paper_node *node(const paper_view *p, uint32_t id)
{
    for (size_t k = 0; k < p->n_nodes; k++)
        if (p->nodes[k].id == id)
            return &p->nodes[k];
    return NULL;
}

static void count(coauth_pair_row *r, double f, const paper_node *na, const paper_node *nb)
{
    r->papers++;
    r->fractional += f;
    r->first_a += (na->lead & PAPER_FIRST_AUTHOR) != 0;
    r->first_b += (nb->lead & PAPER_FIRST_AUTHOR) != 0;
    r->last_a += (na->lead & PAPER_LAST_AUTHOR) != 0;
    r->last_b += (nb->lead & PAPER_LAST_AUTHOR) != 0;
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
        coauth_pair_row *nr = calloc(need, sizeof *nr);
        if (!nr)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory in pair");
        for (size_t i = 0; i < c->cap; i++)
            nr[(size_t)(c->base - lo) + i] = c->rows[i];
        free(c->rows);
        c->rows = nr;
        c->cap = need;
        c->base = lo;
    }
    *out = (size_t)(y - c->base);
    return COAUTH_OK;
}

static coauth_status on_paper(const paper_view *p, void *vctx, coauth_error *err)
{
    pair_ctx *c = vctx;
    const paper_node *na, *nb;
    if (p->n_nodes < 2 || !(na = node(p, c->a)) || !(nb = node(p, c->b)))
        return COAUTH_OK;
    double f = 1.0 / (double)(p->n_nodes - 1);
    count(&c->total, f, na, nb);
    if (p->year <= 0)
        return COAUTH_OK;
    size_t i = 0;
    coauth_status st = year_slot(c, p->year, &i, err);
    if (st)
        return st;
    count(&c->rows[i], f, na, nb);
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
        out->rows[0] = c.total;
        out->rows[0].year = 0;
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
        if (c.cap && y >= c.base && y < c.base + (int32_t)c.cap)
            *r = c.rows[y - c.base];
        r->year = y;
    }
    out->n_rows = n;
out:
    free(c.rows);
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
