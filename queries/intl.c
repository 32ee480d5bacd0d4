/* intl.c - `intl`: whole count W_c, international papers I_c, their share and the
 * author-proportional fractional count F_c, by country, year, or country and year.
 *
 * Invariant: aggregation is in dense arrays: one cell per country id (676) for --by
 * country; for --by year and --by country,year one block per year (1 cell, or 676
 * cells indexed by country id), allocated when the year is first met, over the range
 * of years seen. Rows come out in key order from the arrays, so nothing is sorted.
 * Rows by year cover every year of --years (without it, every year from the first to
 * the last seen), zeros included, for every country listed, as pair's do (SPEC 7).
 * Each cell's fractional count is summed in scan (PMID) order.
 */
#include "papers_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cell {
    uint64_t w, i, located;
    double f;
} cell;

typedef struct intl_ctx {
    enum coauth_intl_by by;
    bool filter[COAUTH_N_COUNTRY_IDS];
    bool filtered;
    bool seen[COAUTH_N_COUNTRY_IDS]; /* a cell of this country was counted */
    cell flat[COAUTH_N_COUNTRY_IDS]; /* --by country */
    size_t width;                    /* cells per year block: 1 or 676 */
    cell **blocks;                   /* year base + k -> its block, NULL until met */
    int32_t base;
    size_t span;    /* entries of blocks */
    int32_t lo, hi; /* years counted (lo > hi: none) */
} intl_ctx;

/* The block of year y (> 0), allocated with zeros when first met (year_block). */
static coauth_status new_block(intl_ctx *c, int32_t y, cell **out, coauth_error *err)
{
    size_t k = (size_t)((int64_t)y - c->base);
    if (!c->span || y < c->base || k >= c->span) {
        int32_t lo = c->span && c->base < y ? c->base : y;
        int32_t hi = c->span && c->base + (int64_t)c->span - 1 > y
                         ? (int32_t)(c->base + (int64_t)c->span - 1)
                         : y;
        size_t span = (size_t)((int64_t)hi - lo) + 1;
        cell **b = calloc(span, sizeof *b);
        if (!b)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory in intl");
        if (c->span)
            memcpy(b + (c->base - lo), c->blocks, c->span * sizeof *b);
        free(c->blocks);
        c->blocks = b;
        c->base = lo;
        c->span = span;
        k = (size_t)((int64_t)y - lo);
    }
    c->blocks[k] = calloc(c->width, sizeof **c->blocks);
    if (!c->blocks[k])
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in intl");
    *out = c->blocks[k];
    return COAUTH_OK;
}

static inline coauth_status year_block(intl_ctx *c, int32_t y, cell **out, coauth_error *err)
{
    size_t k = (size_t)((int64_t)y - c->base);
    if (y >= c->base && k < c->span && c->blocks[k]) {
        *out = c->blocks[k];
        return COAUTH_OK;
    }
    return new_block(c, y, out, err);
}

static void add_cell(cell *x, const paper_view *p, double f)
{
    x->w++;
    x->i += p->n_nodes >= 2;
    x->located += p->n_located == p->n_authors;
    x->f += f;
}

static void saw_year(intl_ctx *c, int32_t y)
{
    if (c->lo > c->hi) {
        c->lo = c->hi = y;
    } else {
        c->lo = y < c->lo ? y : c->lo;
        c->hi = y > c->hi ? y : c->hi;
    }
}

static coauth_status on_paper(const paper_view *p, void *vctx, coauth_error *err)
{
    intl_ctx *c = vctx;
    coauth_status st;
    cell *b = NULL;
    switch (c->by) {
    case COAUTH_BY_YEAR:
        if (p->year == 0)
            return COAUTH_OK;
        if ((st = year_block(c, p->year, &b, err)))
            return st;
        add_cell(b, p, 0.0);
        saw_year(c, p->year);
        return COAUTH_OK;
    case COAUTH_BY_COUNTRY:
        for (size_t k = 0; k < p->n_nodes; k++) {
            uint32_t id = p->nodes[k].id;
            if (c->filtered && !c->filter[id])
                continue;
            add_cell(&c->flat[id], p, p->nodes[k].frac);
            c->seen[id] = true;
        }
        return COAUTH_OK;
    case COAUTH_BY_COUNTRY_YEAR:
    default:
        if (p->year == 0)
            return COAUTH_OK;
        if ((st = year_block(c, p->year, &b, err)))
            return st;
        bool any = false;
        for (size_t k = 0; k < p->n_nodes; k++) {
            uint32_t id = p->nodes[k].id;
            if (c->filtered && !c->filter[id])
                continue;
            add_cell(&b[id], p, p->nodes[k].frac);
            c->seen[id] = true;
            any = true;
        }
        if (any)
            saw_year(c, p->year);
        return COAUTH_OK;
    }
}

static const cell zero_cell;

/* The cell of (id, y) for the --by year forms: zeros for a year not met. */
static const cell *cell_at(const intl_ctx *c, uint32_t id, int32_t y)
{
    if (!c->span || y < c->base || (size_t)((int64_t)y - c->base) >= c->span)
        return &zero_cell;
    const cell *b = c->blocks[(int64_t)y - c->base];
    return b ? &b[id] : &zero_cell;
}

static void put_row(coauth_intl_row *r, enum coauth_intl_by by, uint32_t id, int32_t y,
                    const cell *x)
{
    if (by != COAUTH_BY_YEAR)
        coauth_country_str(id, r->country);
    r->year = by == COAUTH_BY_COUNTRY ? 0 : y;
    r->papers = x->w;
    r->international = x->i;
    r->fractional = x->f;
    r->all_located = by == COAUTH_BY_YEAR ? x->located : 0;
}

/* The rows in key order: countries with a counted cell or listed with --country; for
 * the --by year forms, every year of --years, else from the first to the last met. */
static coauth_status make_rows(const intl_ctx *c, const coauth_query_options *opts,
                               coauth_intl_result *out, coauth_error *err)
{
    bool by_year = c->by == COAUTH_BY_YEAR;
    int32_t lo = c->lo, hi = c->hi;
    if (c->by != COAUTH_BY_COUNTRY && opts->year_from > 0) {
        lo = opts->year_from;
        hi = opts->year_to;
    }
    size_t n_years = c->by == COAUTH_BY_COUNTRY ? 1 : lo > hi ? 0 : (size_t)((int64_t)hi - lo) + 1;
    size_t n_ids = 0;
    for (size_t id = 0; id < COAUTH_N_COUNTRY_IDS; id++)
        n_ids += c->seen[id] || c->filter[id];
    if (by_year)
        n_ids = 1;
    size_t n = n_ids * n_years;
    if (n == 0)
        return COAUTH_OK;
    out->rows = calloc(n, sizeof *out->rows);
    if (!out->rows)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in intl");
    size_t k = 0;
    for (uint32_t id = 0; id < COAUTH_N_COUNTRY_IDS; id++) {
        if (!by_year && !c->seen[id] && !c->filter[id])
            continue;
        if (c->by == COAUTH_BY_COUNTRY) {
            put_row(&out->rows[k++], c->by, id, 0, &c->flat[id]);
            continue;
        }
        for (int64_t y = lo; y <= hi; y++)
            put_row(&out->rows[k++], c->by, id, (int32_t)y,
                    cell_at(c, by_year ? 0 : id, (int32_t)y));
        if (by_year)
            break;
    }
    out->n_rows = k;
    return COAUTH_OK;
}

coauth_status coauth_query_intl(coauth_store *s, const coauth_query_options *opts,
                                coauth_intl_result *out, coauth_error *err)
{
    out->by = opts->by;
    out->n_rows = 0;
    out->rows = NULL;
    if (opts->by == COAUTH_BY_YEAR && opts->n_countries > 0)
        return coauth_fail(err, COAUTH_EINVAL,
                           "--country does not apply to --by year (use --by country,year)");
    intl_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in intl");
    c->by = opts->by;
    c->width = opts->by == COAUTH_BY_YEAR ? 1 : COAUTH_N_COUNTRY_IDS;
    c->lo = 1;
    c->hi = 0;
    coauth_status st = COAUTH_OK;
    for (size_t i = 0; i < opts->n_countries; i++) {
        const char *code = opts->countries[i];
        if (opts->fold_hk_mo && (strcmp(code, "HK") == 0 || strcmp(code, "MO") == 0))
            code = "CN";
        int id = coauth_country_id(code);
        if (id < 0) {
            st = coauth_fail(err, COAUTH_EINVAL, "bad country code '%s'", opts->countries[i]);
            goto out;
        }
        /* listed countries have rows, with or without papers */
        c->filter[id] = true;
        c->filtered = true;
    }
    if ((st = coauth_read_begin(s, err)))
        goto out;
    st = coauth_papers_scan(s, opts, COAUTH_LEVEL_COUNTRY, NULL, on_paper, c, err);
    coauth_read_end(s);
    if (!st)
        st = make_rows(c, opts, out, err);
out:
    for (size_t k = 0; k < c->span; k++)
        free(c->blocks[k]);
    free(c->blocks);
    free(c);
    return st;
}

void coauth_intl_result_release(coauth_intl_result *r)
{
    if (!r)
        return;
    free(r->rows);
    r->rows = NULL;
    r->n_rows = 0;
}
