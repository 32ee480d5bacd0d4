/* csv.c - output writers of the query results: CSV (RFC 4180), GraphML, Pajek.
 *
 * Invariant: every byte goes through the coauth_out sink (out_internal.h), which
 * records the first failed write; each writer ends with coauth_out_finish, so a full
 * disk is COAUTH_EIO, never a silently short file. Floats are "%.6f" with negative zero printed as
 * 0.000000.
 */
#include <coauth/csv.h>

#include "out_internal.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

static void put_double(coauth_out *o, double v)
{
    if (!isfinite(v)) {
        coauth_out_puts(o, ""); /* never produced by the queries; keeps the CSV numeric-or-empty */
        return;
    }
    if (fabs(v) < 5e-7)
        v = 0.0;
    coauth_out_putf(o, "%.6f", v);
}

static void put_u64(coauth_out *o, uint64_t v)
{
    coauth_out_putf(o, "%llu", (unsigned long long)v);
}

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
        put_u64(&o, x->papers);
        coauth_out_put(&o, ",", 1);
        put_u64(&o, x->international);
        coauth_out_put(&o, ",", 1);
        if (x->papers > 0)
            put_double(&o, (double)x->international / (double)x->papers);
        coauth_out_put(&o, ",", 1);
        if (r->by != COAUTH_BY_YEAR)
            put_double(&o, x->fractional);
        else
            put_u64(&o, x->all_located);
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
        put_u64(&o, x->papers);
        coauth_out_put(&o, ",", 1);
        put_double(&o, x->fractional);
        const uint64_t lead[4] = {x->first_a, x->first_b, x->last_a, x->last_b};
        for (int k = 0; k < 4; k++) {
            coauth_out_put(&o, ",", 1);
            put_u64(&o, lead[k]);
        }
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

coauth_status coauth_write_network_csv(FILE *f, const coauth_network *n, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    coauth_out_puts(&o, "source,target,papers,fractional_links\n");
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        put_field(&o, n->nodes[e->source].name);
        coauth_out_put(&o, ",", 1);
        put_field(&o, n->nodes[e->target].name);
        coauth_out_put(&o, ",", 1);
        put_u64(&o, e->papers);
        coauth_out_put(&o, ",", 1);
        put_double(&o, e->fractional);
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

/* XML character data / attribute value escaping. Control characters other than tab,
 * LF and CR are not allowed in XML 1.0 and are dropped. */
static void put_xml(coauth_out *o, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '&':
            coauth_out_puts(o, "&amp;");
            break;
        case '<':
            coauth_out_puts(o, "&lt;");
            break;
        case '>':
            coauth_out_puts(o, "&gt;");
            break;
        case '"':
            coauth_out_puts(o, "&quot;");
            break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break;
            coauth_out_put(o, p, 1);
        }
    }
}

coauth_status coauth_write_network_graphml(FILE *f, const coauth_network *n, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    coauth_out_puts(&o,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
                    "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                    "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                    "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
                    "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
                    "  <key id=\"papers\" for=\"node\" attr.name=\"papers\" attr.type=\"long\"/>\n"
                    "  <key id=\"fractional_papers\" for=\"node\" attr.name=\"fractional_papers\" "
                    "attr.type=\"double\"/>\n");
    bool inst = n->level == COAUTH_LEVEL_INSTITUTION;
    if (inst) /* SPEC 7: the ROR organisation's country and id */
        coauth_out_puts(
            &o, "  <key id=\"country\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>\n"
                "  <key id=\"ror\" for=\"node\" attr.name=\"ror\" attr.type=\"string\"/>\n");
    coauth_out_puts(
        &o, "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
            "  <key id=\"links\" for=\"edge\" attr.name=\"papers\" attr.type=\"long\"/>\n"
            "  <key id=\"fractional_links\" for=\"edge\" attr.name=\"fractional_links\" "
            "attr.type=\"double\"/>\n"
            "  <graph id=\"coauthorship\" edgedefault=\"undirected\">\n");
    for (size_t i = 0; i < n->n_nodes && !o.bad; i++) {
        const coauth_network_node *v = &n->nodes[i];
        coauth_out_putf(&o, "    <node id=\"n%zu\"><data key=\"label\">", i);
        put_xml(&o, v->name);
        coauth_out_puts(&o, "</data><data key=\"papers\">");
        put_u64(&o, v->papers);
        coauth_out_puts(&o, "</data><data key=\"fractional_papers\">");
        put_double(&o, v->fractional);
        if (inst && v->country) {
            coauth_out_puts(&o, "</data><data key=\"country\">");
            put_xml(&o, v->country);
        }
        if (inst && v->ror) {
            coauth_out_puts(&o, "</data><data key=\"ror\">");
            put_xml(&o, v->ror);
        }
        coauth_out_puts(&o, "</data></node>\n");
    }
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        coauth_out_putf(&o, "    <edge source=\"n%u\" target=\"n%u\"><data key=\"weight\">",
                        (unsigned)e->source, (unsigned)e->target);
        put_double(&o, e->weight);
        coauth_out_puts(&o, "</data><data key=\"links\">");
        put_u64(&o, e->papers);
        coauth_out_puts(&o, "</data><data key=\"fractional_links\">");
        put_double(&o, e->fractional);
        coauth_out_puts(&o, "</data></edge>\n");
    }
    coauth_out_puts(&o, "  </graph>\n</graphml>\n");
    return coauth_out_finish(&o, err);
}

coauth_status coauth_write_network_pajek(FILE *f, const coauth_network *n, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    coauth_out_putf(&o, "*Vertices %zu\n", n->n_nodes);
    for (size_t i = 0; i < n->n_nodes && !o.bad; i++) {
        coauth_out_putf(&o, "%zu \"", i + 1);
        for (const char *p = n->nodes[i].name; p && *p; p++) {
            char c = *p;
            if (c == '"')
                c = '\'';
            else if (c == '\n' || c == '\r')
                c = ' ';
            coauth_out_put(&o, &c, 1);
        }
        coauth_out_puts(&o, "\"\n");
    }
    coauth_out_puts(&o, "*Edges\n");
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        coauth_out_putf(&o, "%u %u ", (unsigned)e->source + 1, (unsigned)e->target + 1);
        put_double(&o, e->weight);
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

coauth_status coauth_write_centrality_csv(FILE *f, const coauth_centrality_result *r,
                                          coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    /* institution level: the ROR organisation's country and id (SPEC 7), empty for a
     * name-only institution */
    bool inst = r->net_.level == COAUTH_LEVEL_INSTITUTION;
    coauth_out_puts(&o, inst ? "node,papers,degree,strength,betweenness,closeness,eigenvector,"
                               "pagerank,country,ror\n"
                             : "node,papers,degree,strength,betweenness,closeness,eigenvector,"
                               "pagerank\n");
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_centrality_row *x = &r->rows[i];
        put_field(&o, x->node);
        coauth_out_put(&o, ",", 1);
        put_u64(&o, x->papers);
        coauth_out_put(&o, ",", 1);
        put_u64(&o, x->degree);
        const double v[] = {x->strength, x->betweenness, x->closeness, x->eigenvector, x->pagerank};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            coauth_out_put(&o, ",", 1);
            put_double(&o, v[k]);
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
