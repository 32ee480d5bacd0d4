/* intl.c - `intl`: whole count W_c, international papers I_c, their share and the
 * author-proportional fractional count F_c, by country, year, or country and year.
 *
 * Invariant: aggregation is keyed by dense country ids (676) or by a map of (country,
 * year) / year keys; rows are sorted by key before they are returned. Rows by year
 * cover every year of --years (without it, every year from the first to the last
 * seen), zeros included, for every country listed, as pair's do (SPEC 7).
 */
#include "papers_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct cell {
    uint64_t key; /* country id, year, or (country id << 32 | year) */
    uint64_t w, i, located;
    double f;
} cell;

typedef struct intl_ctx {
    enum coauth_intl_by by;
    bool filter[COAUTH_N_COUNTRY_IDS];
    bool filtered;
    u64map map;
    cell *cells;
    size_t n_cells, cap_cells;
} intl_ctx;

/* The cell of `key`, added with zeros when new. */
static coauth_status get_cell(intl_ctx *c, uint64_t key, cell **out, coauth_error *err)
{
    uint32_t idx;
    int added = 0;
    coauth_status st = coauth_u64map_get(&c->map, key, (uint32_t)c->n_cells, &idx, &added, err);
    if (st)
        return st;
    if (added) {
        if ((st = coauth_grow((void **)&c->cells, &c->cap_cells, c->n_cells + 1, sizeof *c->cells,
                              err)))
            return st;
        c->cells[c->n_cells++] = (cell){key, 0, 0, 0, 0.0};
    }
    *out = &c->cells[idx];
    return COAUTH_OK;
}

static coauth_status add_cell(intl_ctx *c, uint64_t key, const paper_view *p, double f,
                              coauth_error *err)
{
    cell *x;
    coauth_status st = get_cell(c, key, &x, err);
    if (st)
        return st;
    x->w++;
    x->i += p->n_nodes >= 2;
    x->located += p->n_located == p->n_authors;
    x->f += f;
    return COAUTH_OK;
}

/* Zero rows: every year lo..hi for --by year, and for every country that has a row
 * or was asked for with --country, for --by country,year. */
static coauth_status fill_years(intl_ctx *c, const coauth_query_options *opts, coauth_error *err)
{
    int32_t lo = opts->year_from, hi = opts->year_to;
    bool by_year = c->by == COAUTH_BY_YEAR;
    if (lo <= 0) {
        lo = INT32_MAX;
        hi = INT32_MIN;
        for (size_t i = 0; i < c->n_cells; i++) {
            int32_t y = by_year ? (int32_t)c->cells[i].key : (int32_t)(uint32_t)c->cells[i].key;
            lo = y < lo ? y : lo;
            hi = y > hi ? y : hi;
        }
    }
    if (lo > hi)
        return COAUTH_OK;
    bool seen[COAUTH_N_COUNTRY_IDS] = {false};
    if (!by_year) {
        for (size_t i = 0; i < c->n_cells; i++)
            seen[c->cells[i].key >> 32] = true;
        for (size_t id = 0; id < COAUTH_N_COUNTRY_IDS; id++)
            seen[id] = seen[id] || c->filter[id];
    }
    coauth_status st;
    cell *x;
    for (int32_t y = lo; y <= hi; y++) {
        if (by_year) {
            if ((st = get_cell(c, (uint64_t)y, &x, err)))
                return st;
            continue;
        }
        for (uint64_t id = 0; id < COAUTH_N_COUNTRY_IDS; id++)
            if (seen[id] && (st = get_cell(c, id << 32 | (uint32_t)y, &x, err)))
                return st;
    }
    return COAUTH_OK;
}

static coauth_status on_paper(const paper_view *p, void *vctx, coauth_error *err)
{
    intl_ctx *c = vctx;
    coauth_status st;
    if (c->by == COAUTH_BY_YEAR) {
        if (p->year == 0)
            return COAUTH_OK;
        return add_cell(c, (uint64_t)p->year, p, 0.0, err);
    }
    for (size_t k = 0; k < p->n_nodes; k++) {
        uint32_t id = p->nodes[k].id;
        if (c->filtered && !c->filter[id])
            continue;
        uint64_t key = id;
        if (c->by == COAUTH_BY_COUNTRY_YEAR) {
            if (p->year == 0)
                continue;
            key = (uint64_t)id << 32 | (uint32_t)p->year;
        }
        if ((st = add_cell(c, key, p, p->nodes[k].frac, err)))
            return st;
    }
    return COAUTH_OK;
}

static int cell_cmp(const void *a, const void *b)
{
    uint64_t x = ((const cell *)a)->key, y = ((const cell *)b)->key;
    return (x > y) - (x < y);
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
        c->filter[id] = true;
        c->filtered = true;
        /* --by country lists every requested country, with or without papers. */
        if (opts->by == COAUTH_BY_COUNTRY) {
            uint32_t idx;
            int added = 0;
            if ((st = coauth_u64map_get(&c->map, (uint64_t)id, (uint32_t)c->n_cells, &idx, &added,
                                        err)))
                goto out;
            if (added) {
                if ((st = coauth_grow((void **)&c->cells, &c->cap_cells, c->n_cells + 1,
                                      sizeof *c->cells, err)))
                    goto out;
                c->cells[c->n_cells++] = (cell){(uint64_t)id, 0, 0, 0, 0.0};
            }
        }
    }
    if ((st = coauth_read_begin(s, err)))
        goto out;
    st = coauth_papers_scan(s, opts, COAUTH_LEVEL_COUNTRY, NULL, on_paper, c, err);
    coauth_read_end(s);
    if (st || (opts->by != COAUTH_BY_COUNTRY && (st = fill_years(c, opts, err))))
        goto out;
    if (c->n_cells)
        qsort(c->cells, c->n_cells, sizeof *c->cells, cell_cmp);
    if (c->n_cells) {
        out->rows = calloc(c->n_cells, sizeof *out->rows);
        if (!out->rows) {
            st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in intl");
            goto out;
        }
    }
    for (size_t i = 0; i < c->n_cells; i++) {
        coauth_intl_row *r = &out->rows[i];
        const cell *x = &c->cells[i];
        switch (opts->by) {
        case COAUTH_BY_YEAR:
            r->year = (int32_t)x->key;
            break;
        case COAUTH_BY_COUNTRY:
            coauth_country_str((uint32_t)x->key, r->country);
            break;
        case COAUTH_BY_COUNTRY_YEAR:
            coauth_country_str((uint32_t)(x->key >> 32), r->country);
            r->year = (int32_t)(uint32_t)x->key;
            break;
        }
        r->papers = x->w;
        r->international = x->i;
        r->fractional = x->f;
        r->all_located = opts->by == COAUTH_BY_YEAR ? x->located : 0;
    }
    out->n_rows = c->n_cells;
out:
    coauth_u64map_release(&c->map);
    free(c->cells);
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
