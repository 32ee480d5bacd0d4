/* csv.c - output writers of the query results: CSV (RFC 4180), GraphML, Pajek.
 *
 * Invariant: every byte goes through put()/putf(), which record the first failed
 * write; each writer ends with fflush + ferror, so a full disk is COAUTH_EIO, never a
 * silently short file. Floats are "%.6f" with negative zero printed as 0.000000.
 */
#include <coauth/csv.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

typedef struct out {
    FILE *f;
    bool bad;
    int err_no;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->bad || n == 0)
        return;
    if (fwrite(s, 1, n, o->f) != n) {
        o->bad = true;
        o->err_no = errno;
    }
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void putf(out *o, const char *fmt, ...) COAUTH_PRINTF(2, 3);
static void putf(out *o, const char *fmt, ...)
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

static void put_double(out *o, double v)
{
    if (!isfinite(v)) {
        puts_(o, ""); /* never produced by the queries; keeps the CSV numeric-or-empty */
        return;
    }
    if (fabs(v) < 5e-7)
        v = 0.0;
    putf(o, "%.6f", v);
}

static void put_u64(out *o, uint64_t v)
{
    putf(o, "%llu", (unsigned long long)v);
}

static void put_field(out *o, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        puts_(o, s);
        return;
    }
    put(o, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put(o, "\"\"", 2);
        else
            put(o, p, 1);
    }
    put(o, "\"", 1);
}

static coauth_status finish(out *o, coauth_error *err)
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

coauth_status coauth_csv_field(FILE *f, const char *s, coauth_error *err)
{
    out o = {f, false, 0};
    put_field(&o, s);
    if (o.bad)
        return coauth_fail(err, COAUTH_EIO, "error writing output: %s",
                           strerror(o.err_no ? o.err_no : EIO));
    return COAUTH_OK;
}

coauth_status coauth_write_intl_csv(FILE *f, const coauth_intl_result *r, coauth_error *err)
{
    out o = {f, false, 0};
    switch (r->by) {
    case COAUTH_BY_COUNTRY:
        puts_(&o, "country,papers,international_papers,international_share,fractional_papers\n");
        break;
    case COAUTH_BY_COUNTRY_YEAR:
        puts_(&o, "country,year,papers,international_papers,international_share,"
                  "fractional_papers\n");
        break;
    case COAUTH_BY_YEAR:
        puts_(&o, "year,papers,international_papers,international_share,all_authors_located\n");
        break;
    }
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_intl_row *x = &r->rows[i];
        if (r->by != COAUTH_BY_YEAR) {
            put_field(&o, x->country);
            put(&o, ",", 1);
        }
        if (r->by != COAUTH_BY_COUNTRY)
            putf(&o, "%d,", (int)x->year);
        put_u64(&o, x->papers);
        put(&o, ",", 1);
        put_u64(&o, x->international);
        put(&o, ",", 1);
        if (x->papers > 0)
            put_double(&o, (double)x->international / (double)x->papers);
        put(&o, ",", 1);
        if (r->by != COAUTH_BY_YEAR)
            put_double(&o, x->fractional);
        else
            put_u64(&o, x->all_located);
        put(&o, "\n", 1);
    }
    return finish(&o, err);
}

coauth_status coauth_write_pair_csv(FILE *f, const coauth_pair_result *r, coauth_error *err)
{
    out o = {f, false, 0};
    bool by_year = r->by == COAUTH_PAIR_BY_YEAR;
    if (by_year)
        puts_(&o, "year,");
    puts_(&o, "country_a,country_b,papers,fractional_links,first_author_a,first_author_b,"
              "last_author_a,last_author_b\n");
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_pair_row *x = &r->rows[i];
        if (by_year)
            putf(&o, "%d,", (int)x->year);
        put_field(&o, r->country_a);
        put(&o, ",", 1);
        put_field(&o, r->country_b);
        put(&o, ",", 1);
        put_u64(&o, x->papers);
        put(&o, ",", 1);
        put_double(&o, x->fractional);
        const uint64_t lead[4] = {x->first_a, x->first_b, x->last_a, x->last_b};
        for (int k = 0; k < 4; k++) {
            put(&o, ",", 1);
            put_u64(&o, lead[k]);
        }
        put(&o, "\n", 1);
    }
    return finish(&o, err);
}

coauth_status coauth_write_network_csv(FILE *f, const coauth_network *n, coauth_error *err)
{
    out o = {f, false, 0};
    puts_(&o, "source,target,papers,fractional_links\n");
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        put_field(&o, n->nodes[e->source].name);
        put(&o, ",", 1);
        put_field(&o, n->nodes[e->target].name);
        put(&o, ",", 1);
        put_u64(&o, e->papers);
        put(&o, ",", 1);
        put_double(&o, e->fractional);
        put(&o, "\n", 1);
    }
    return finish(&o, err);
}

/* XML character data / attribute value escaping. Control characters other than tab,
 * LF and CR are not allowed in XML 1.0 and are dropped. */
static void put_xml(out *o, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '&':
            puts_(o, "&amp;");
            break;
        case '<':
            puts_(o, "&lt;");
            break;
        case '>':
            puts_(o, "&gt;");
            break;
        case '"':
            puts_(o, "&quot;");
            break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                break;
            put(o, p, 1);
        }
    }
}

coauth_status coauth_write_network_graphml(FILE *f, const coauth_network *n, coauth_error *err)
{
    out o = {f, false, 0};
    puts_(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
              "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
              "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
              "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
              "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
              "  <key id=\"papers\" for=\"node\" attr.name=\"papers\" attr.type=\"long\"/>\n"
              "  <key id=\"fractional_papers\" for=\"node\" attr.name=\"fractional_papers\" "
              "attr.type=\"double\"/>\n"
              "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
              "  <key id=\"links\" for=\"edge\" attr.name=\"papers\" attr.type=\"long\"/>\n"
              "  <key id=\"fractional_links\" for=\"edge\" attr.name=\"fractional_links\" "
              "attr.type=\"double\"/>\n"
              "  <graph id=\"coauthorship\" edgedefault=\"undirected\">\n");
    for (size_t i = 0; i < n->n_nodes && !o.bad; i++) {
        const coauth_network_node *v = &n->nodes[i];
        putf(&o, "    <node id=\"n%zu\"><data key=\"label\">", i);
        put_xml(&o, v->name);
        puts_(&o, "</data><data key=\"papers\">");
        put_u64(&o, v->papers);
        puts_(&o, "</data><data key=\"fractional_papers\">");
        put_double(&o, v->fractional);
        puts_(&o, "</data></node>\n");
    }
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        putf(&o, "    <edge source=\"n%u\" target=\"n%u\"><data key=\"weight\">",
             (unsigned)e->source, (unsigned)e->target);
        put_double(&o, e->weight);
        puts_(&o, "</data><data key=\"links\">");
        put_u64(&o, e->papers);
        puts_(&o, "</data><data key=\"fractional_links\">");
        put_double(&o, e->fractional);
        puts_(&o, "</data></edge>\n");
    }
    puts_(&o, "  </graph>\n</graphml>\n");
    return finish(&o, err);
}

coauth_status coauth_write_network_pajek(FILE *f, const coauth_network *n, coauth_error *err)
{
    out o = {f, false, 0};
    putf(&o, "*Vertices %zu\n", n->n_nodes);
    for (size_t i = 0; i < n->n_nodes && !o.bad; i++) {
        putf(&o, "%zu \"", i + 1);
        for (const char *p = n->nodes[i].name; p && *p; p++) {
            char c = *p;
            if (c == '"')
                c = '\'';
            else if (c == '\n' || c == '\r')
                c = ' ';
            put(&o, &c, 1);
        }
        puts_(&o, "\"\n");
    }
    puts_(&o, "*Edges\n");
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        putf(&o, "%u %u ", (unsigned)e->source + 1, (unsigned)e->target + 1);
        put_double(&o, e->weight);
        put(&o, "\n", 1);
    }
    return finish(&o, err);
}

coauth_status coauth_write_centrality_csv(FILE *f, const coauth_centrality_result *r,
                                          coauth_error *err)
{
    out o = {f, false, 0};
    puts_(&o, "node,papers,degree,strength,betweenness,closeness,eigenvector,pagerank\n");
    for (size_t i = 0; i < r->n_rows && !o.bad; i++) {
        const coauth_centrality_row *x = &r->rows[i];
        put_field(&o, x->node);
        put(&o, ",", 1);
        put_u64(&o, x->papers);
        put(&o, ",", 1);
        put_u64(&o, x->degree);
        const double v[] = {x->strength, x->betweenness, x->closeness, x->eigenvector, x->pagerank};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            put(&o, ",", 1);
            put_double(&o, v[k]);
        }
        put(&o, "\n", 1);
    }
    return finish(&o, err);
}
