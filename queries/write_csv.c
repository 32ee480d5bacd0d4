/* write_csv.c - the CSV writers of the query results (RFC 4180): intl, pair, network,
 * centrality, and the one CSV field quoter every CSV of coauth goes through
 * (coauth_csv_field: also `resolve` and `stats`).
 *
 * Invariant: every byte goes through the coauth_out sink (out_internal.h), which
 * records the first failed write; each writer ends with coauth_out_finish, so a full
 * disk is COAUTH_EIO, never a silently short file. Numbers are written by
 * coauth_out_u64 and coauth_out_double ("%.6f", negative zero as 0.000000).
 */
#include <coauth/write.h>

#include "out_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

static void put_field(coauth_out *o, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        coauth_out_puts(o, s);
        return;
    }
    coauth_out_put(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            coauth_out_put(o, "\"\"", 2);
        else
            coauth_out_put(o, p, 1);
    }
    coauth_out_put(o, "\"", 1);
}

coauth_status coauth_csv_field(FILE *f, const char *s, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    put_field(&o, s);
    if (o.bad)
        return coauth_fail(err, COAUTH_EIO, "error writing output: %s",
                           strerror(o.err_no ? o.err_no : EIO));
    return COAUTH_OK;
}

coauth_status coauth_write_intl_csv(FILE *f, const coauth_intl_result *r, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    switch (r->by) {
    case COAUTH_BY_COUNTRY:
        coauth_out_puts(
            &o, "country,papers,international_papers,international_share,fractional_papers\n");
        break;
    case COAUTH_BY_COUNTRY_YEAR:
        coauth_out_puts(&o, "country,year,papers,international_papers,international_share,"
                            "fractional_papers\n");
        break;
    case COAUTH_BY_YEAR:
        coauth_out_puts(
            &o, "year,papers,international_papers,international_share,all_authors_located\n");
        break;
    }
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_intl_row *x = &r->rows[i];
        if (r->by != COAUTH_BY_YEAR) {
            put_field(&o, x->country);
            coauth_out_put(&o, ",", 1);
        }
        if (r->by != COAUTH_BY_COUNTRY)
            coauth_out_putf(&o, "%d,", (int)x->year);
        coauth_out_u64(&o, x->papers);
        coauth_out_put(&o, ",", 1);
        coauth_out_u64(&o, x->international);
        coauth_out_put(&o, ",", 1);
        if (x->papers > 0)
            coauth_out_double(&o, (double)x->international / (double)x->papers);
        coauth_out_put(&o, ",", 1);
        if (r->by != COAUTH_BY_YEAR)
            coauth_out_double(&o, x->fractional);
        else
            coauth_out_u64(&o, x->all_located);
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

coauth_status coauth_write_pair_csv(FILE *f, const coauth_pair_result *r, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    bool by_year = r->by == COAUTH_PAIR_BY_YEAR;
    if (by_year)
        coauth_out_puts(&o, "year,");
    coauth_out_puts(&o, "country_a,country_b,papers,fractional_links,first_author_a,first_author_b,"
                        "last_author_a,last_author_b\n");
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_pair_row *x = &r->rows[i];
        if (by_year)
            coauth_out_putf(&o, "%d,", (int)x->year);
        put_field(&o, r->country_a);
        coauth_out_put(&o, ",", 1);
        put_field(&o, r->country_b);
        coauth_out_put(&o, ",", 1);
        coauth_out_u64(&o, x->papers);
        coauth_out_put(&o, ",", 1);
        coauth_out_double(&o, x->fractional);
        const uint64_t lead[4] = {x->first_a, x->first_b, x->last_a, x->last_b};
        for (int k = 0; k < 4; k++) {
            coauth_out_put(&o, ",", 1);
            coauth_out_u64(&o, lead[k]);
        }
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

coauth_status coauth_write_network_csv(FILE *f, const coauth_network *n, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    /* institution level: each endpoint's country and ROR id (SPEC 3.1, 7), empty when
     * it has none, so that two institutions of one name stay apart */
    bool inst = n->level == COAUTH_LEVEL_INSTITUTION;
    coauth_out_puts(&o, inst ? "source,target,papers,fractional_links,source_country,source_ror,"
                               "target_country,target_ror\n"
                             : "source,target,papers,fractional_links\n");
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        const coauth_network_node *a = &n->nodes[e->source], *b = &n->nodes[e->target];
        put_field(&o, a->name);
        coauth_out_put(&o, ",", 1);
        put_field(&o, b->name);
        coauth_out_put(&o, ",", 1);
        coauth_out_u64(&o, e->papers);
        coauth_out_put(&o, ",", 1);
        coauth_out_double(&o, e->fractional);
        if (inst) {
            const char *cols[4] = {a->country, a->ror, b->country, b->ror};
            for (int c = 0; c < 4; c++) {
                coauth_out_put(&o, ",", 1);
                put_field(&o, cols[c] ? cols[c] : "");
            }
        }
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

coauth_status coauth_write_centrality_csv(FILE *f, const coauth_centrality_result *r,
                                          coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    /* institution level: the node's country and ROR id (SPEC 7), the id empty for a
     * name-and-country institution */
    bool inst = r->net_.level == COAUTH_LEVEL_INSTITUTION;
    coauth_out_puts(&o, inst ? "node,papers,degree,strength,betweenness,closeness,eigenvector,"
                               "pagerank,country,ror\n"
                             : "node,papers,degree,strength,betweenness,closeness,eigenvector,"
                               "pagerank\n");
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_centrality_row *x = &r->rows[i];
        put_field(&o, x->node);
        coauth_out_put(&o, ",", 1);
        coauth_out_u64(&o, x->papers);
        coauth_out_put(&o, ",", 1);
        coauth_out_u64(&o, x->degree);
        const double v[] = {x->strength, x->betweenness, x->closeness, x->eigenvector, x->pagerank};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            coauth_out_put(&o, ",", 1);
            coauth_out_double(&o, v[k]);
        }
        if (inst) {
            coauth_out_put(&o, ",", 1);
            put_field(&o, x->country ? x->country : "");
            coauth_out_put(&o, ",", 1);
            put_field(&o, x->ror ? x->ror : "");
        }
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}
