/* write_graph.c - the network writers besides CSV: GraphML, Pajek .net, and the
 * network map as VOSviewer's JSON map file (`network --format vosviewer`: items, links
 * and clusters from the same map the picture is drawn from).
 *
 * Invariant: every byte goes through the coauth_out sink (out_internal.h), which
 * records the first failed write, and every writer ends with coauth_out_finish
 * (COAUTH_EIO). GraphML text is XML-escaped (put_xml), Pajek labels lose their quotes,
 * institution-level Pajek labels end with " (CC)" and ROR ids go into % comments,
 * VOSviewer strings are JSON-escaped (put_str: quote, backslash and control
 * characters; UTF-8 passes through as the store holds it). Numbers are C's "%.6f" or
 * "%llu" (no setlocale anywhere, so '.' decimals). VOSviewer's y axis points up, the
 * map's down: y is written negated.
 */
#include <coauth/write.h>

#include "out_internal.h"
#include "write_plot_internal.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
        coauth_out_u64(&o, v->papers);
        coauth_out_puts(&o, "</data><data key=\"fractional_papers\">");
        coauth_out_double(&o, v->fractional);
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
        coauth_out_double(&o, e->weight);
        coauth_out_puts(&o, "</data><data key=\"links\">");
        coauth_out_u64(&o, e->papers);
        coauth_out_puts(&o, "</data><data key=\"fractional_links\">");
        coauth_out_double(&o, e->fractional);
        coauth_out_puts(&o, "</data></edge>\n");
    }
    coauth_out_puts(&o, "  </graph>\n</graphml>\n");
    return coauth_out_finish(&o, err);
}

/* A Pajek label: quotes become ', CR and LF spaces (Pajek has no escapes). */
static void put_pajek(coauth_out *o, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        char c = *p;
        if (c == '"')
            c = '\'';
        else if (c == '\n' || c == '\r')
            c = ' ';
        coauth_out_put(o, &c, 1);
    }
}

coauth_status coauth_write_network_pajek(FILE *f, const coauth_network *n, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    /* Institution level: .net vertices carry no attributes (igraph refuses unknown
     * vertex parameters), so the country goes into the label, which also keeps two
     * institutions of one name apart, and the ROR ids into comment lines before
     * *Vertices, which Pajek, igraph and networkx skip. */
    bool inst = n->level == COAUTH_LEVEL_INSTITUTION;
    bool any_ror = false;
    for (size_t i = 0; inst && i < n->n_nodes; i++)
        any_ror = any_ror || n->nodes[i].ror;
    if (any_ror) {
        coauth_out_puts(&o, "% ROR ids of the vertices (vertex number, id):\n");
        for (size_t i = 0; i < n->n_nodes && !o.bad; i++)
            if (n->nodes[i].ror) {
                coauth_out_putf(&o, "%% %zu ", i + 1);
                put_pajek(&o, n->nodes[i].ror);
                coauth_out_put(&o, "\n", 1);
            }
    }
    coauth_out_putf(&o, "*Vertices %zu\n", n->n_nodes);
    for (size_t i = 0; i < n->n_nodes && !o.bad; i++) {
        coauth_out_putf(&o, "%zu \"", i + 1);
        put_pajek(&o, n->nodes[i].name);
        if (inst && n->nodes[i].country) {
            coauth_out_puts(&o, " (");
            put_pajek(&o, n->nodes[i].country);
            coauth_out_put(&o, ")", 1);
        }
        coauth_out_puts(&o, "\"\n");
    }
    coauth_out_puts(&o, "*Edges\n");
    for (size_t i = 0; i < n->n_edges && !o.bad; i++) {
        const coauth_network_edge *e = &n->edges[i];
        coauth_out_putf(&o, "%u %u ", (unsigned)e->source + 1, (unsigned)e->target + 1);
        coauth_out_double(&o, e->weight);
        coauth_out_put(&o, "\n", 1);
    }
    return coauth_out_finish(&o, err);
}

static void put_num(coauth_out *o, double v)
{
    if (!isfinite(v) || fabs(v) < 5e-7)
        v = 0.0; /* JSON has no NaN; the map never holds one */
    coauth_out_putf(o, "%.6f", v);
}

static void put_str(coauth_out *o, const char *s)
{
    coauth_out_put(o, "\"", 1);
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch != '"' && ch != '\\' && ch >= 0x20)
            continue;
        coauth_out_put(o, run, (size_t)(p - run));
        if (ch == '"')
            coauth_out_puts(o, "\\\"");
        else if (ch == '\\')
            coauth_out_puts(o, "\\\\");
        else if (ch == '\n')
            coauth_out_puts(o, "\\n");
        else if (ch == '\r')
            coauth_out_puts(o, "\\r");
        else if (ch == '\t')
            coauth_out_puts(o, "\\t");
        else
            coauth_out_putf(o, "\\u%04x", ch);
        run = p + 1;
    }
    coauth_out_puts(o, run);
    coauth_out_put(o, "\"", 1);
}

/* `s` with HTML's &, < and > escaped, into buf (cut to cap). */
static void html_escape(char *buf, size_t cap, const char *s)
{
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = s; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
        size_t len = rep ? strlen(rep) : 1;
        if (n + len + 1 > cap)
            break;
        memcpy(buf + n, rep ? rep : p, len);
        n += len;
        buf[n] = '\0';
    }
}

/* An institution item's country and ROR id, in VOSviewer's item fields: `description`
 * (HTML, shown when the item is hovered) and `url` (opened when it is clicked; the ROR
 * record). VOSviewer's items have no other string fields. */
static void put_inst_description(coauth_out *o, const coauth_network_node *nn)
{
    char cc[32] = "", ror[512] = "", desc[600];
    if (nn->country)
        html_escape(cc, sizeof cc, nn->country);
    if (nn->ror)
        html_escape(ror, sizeof ror, nn->ror);
    snprintf(desc, sizeof desc, "%s%s%s%s%s", cc[0] ? "Country: " : "", cc,
             cc[0] && ror[0] ? "<br>" : "", ror[0] ? "ROR: " : "", ror);
    coauth_out_puts(o, ", \"description\": ");
    put_str(o, desc);
    if (nn->ror) {
        coauth_out_puts(o, ", \"url\": ");
        put_str(o, nn->ror);
    }
}

#define MAX_CLUSTER 1000 /* VOSviewer's clusters are 1..1000 */

coauth_status coauth_write_network_vosviewer(FILE *f, const coauth_network *net,
                                             const coauth_network_map *m, coauth_error *err)
{
    coauth_out o = COAUTH_OUT_INIT(f);
    bool inst = net->level == COAUTH_LEVEL_INSTITUTION;
    bool frac = net->counting == COAUTH_COUNTING_FRACTIONAL;
    /* the largest node of each cluster (by papers, ties by map order) names it */
    uint32_t n_cl = m->n_clusters < MAX_CLUSTER ? m->n_clusters : MAX_CLUSTER;
    size_t *big = calloc((size_t)n_cl + 1, sizeof *big);
    size_t *count = calloc((size_t)n_cl + 1, sizeof *count);
    if (!big || !count) {
        free(big);
        free(count);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory writing a VOSviewer map");
    }
    for (size_t i = 0; i < m->n_nodes; i++) {
        uint32_t c = m->nodes[i].cluster < MAX_CLUSTER ? m->nodes[i].cluster : MAX_CLUSTER;
        if (c == 0 || c > n_cl)
            continue;
        uint64_t p = net->nodes[m->nodes[i].node].papers;
        if (count[c]++ == 0 || p > net->nodes[m->nodes[big[c] - 1].node].papers)
            big[c] = i + 1;
    }

    coauth_out_puts(&o, "{\n  \"network\": {\n    \"items\": [");
    for (size_t i = 0; i < m->n_nodes; i++) {
        const coauth_map_node *mn = &m->nodes[i];
        const coauth_network_node *nn = &net->nodes[mn->node];
        uint32_t c = mn->cluster < MAX_CLUSTER ? mn->cluster : MAX_CLUSTER;
        coauth_out_putf(&o, "%s\n      {\"id\": %zu, \"label\": ", i ? "," : "", i + 1);
        put_str(&o, nn->name);
        if (inst && (nn->country || nn->ror))
            put_inst_description(&o, nn);
        coauth_out_puts(&o, ", \"x\": ");
        put_num(&o, mn->x);
        coauth_out_puts(&o, ", \"y\": ");
        put_num(&o, -mn->y);
        coauth_out_putf(
            &o, ", \"cluster\": %u, \"weights\": {\"Documents\": %llu, \"Fractional documents\": ",
            (unsigned)c, (unsigned long long)nn->papers);
        put_num(&o, nn->fractional);
        coauth_out_putf(&o, ", \"Links\": %u, \"Total link strength\": ", (unsigned)mn->degree);
        put_num(&o, mn->strength);
        coauth_out_puts(&o, "}}");
    }
    coauth_out_puts(&o, m->n_nodes ? "\n    ],\n    \"links\": [" : "],\n    \"links\": [");
    for (size_t e = 0; e < m->n_edges; e++) {
        const coauth_map_edge *me = &m->edges[e];
        coauth_out_putf(
            &o, "%s\n      {\"source_id\": %llu, \"target_id\": %llu, \"strength\": ", e ? "," : "",
            (unsigned long long)me->source + 1, (unsigned long long)me->target + 1);
        put_num(&o, net->edges[me->edge].weight);
        coauth_out_puts(&o, "}");
    }
    coauth_out_puts(&o, m->n_edges ? "\n    ],\n    \"clusters\": [" : "],\n    \"clusters\": [");
    bool any = false;
    for (uint32_t c = 1; c <= n_cl; c++) {
        if (!count[c])
            continue;
        char label[320];
        const char *name = net->nodes[m->nodes[big[c] - 1].node].name;
        if (count[c] > 1)
            snprintf(label, sizeof label, "%.280s and %zu more", name, count[c] - 1);
        else
            snprintf(label, sizeof label, "%.280s", name);
        coauth_out_putf(&o, "%s\n      {\"cluster\": %u, \"label\": ", any ? "," : "", (unsigned)c);
        put_str(&o, label);
        coauth_out_puts(&o, "}");
        any = true;
    }
    coauth_out_puts(&o, any ? "\n    ]\n  },\n" : "]\n  },\n");
    coauth_out_putf(&o,
                    "  \"config\": {\n    \"terminology\": {\"item\": \"%s\", \"items\": \"%s\", "
                    "\"link\": \"co-authorship link\", \"links\": \"co-authorship links\", "
                    "\"link_strength\": \"%s\", \"total_link_strength\": \"total %s\"},\n",
                    inst ? "institution" : "country", inst ? "institutions" : "countries",
                    frac ? "fractional links" : "co-authored papers",
                    frac ? "fractional links" : "co-authored papers");
    coauth_out_puts(&o, "    \"color_schemes\": {\"cluster_colors\": [");
    uint32_t n_col = n_cl < COAUTH_PLOT_N_PALETTE ? n_cl : COAUTH_PLOT_N_PALETTE;
    for (uint32_t c = 1; c <= n_cl; c++) {
        uint32_t rgb = c <= n_col ? coauth_plot_palette[c - 1] : COAUTH_PLOT_OTHER;
        coauth_out_putf(&o, "%s\n      {\"cluster\": %u, \"color\": \"#%06x\"}", c > 1 ? "," : "",
                        (unsigned)c, (unsigned)rgb);
    }
    coauth_out_puts(&o, n_cl ? "\n    ]}\n  }\n}\n" : "]}\n  }\n}\n");
    free(big);
    free(count);
    return coauth_out_finish(&o, err);
}
