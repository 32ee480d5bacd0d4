/* centrality.c - `centrality`: degree, strength, betweenness, closeness, eigenvector
 * and PageRank of every node of the co-authorship graph (SPEC 5).
 *
 * Invariant: the graph is exactly the one `network` builds (same papers, nodes, links,
 * --min-papers, --min-weight), with isolated nodes kept; weights follow --counting;
 * path measures use length 1/weight (src/graph.c). Rows are sorted by the chosen
 * measure descending, ties by node name ascending, then cut to --top.
 */
#include "papers_internal.h"

#include "graph_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double measure(const coauth_centrality_row *r, enum coauth_centrality_sort k)
{
    switch (k) {
    case COAUTH_SORT_PAPERS:
        return (double)r->papers;
    case COAUTH_SORT_DEGREE:
        return (double)r->degree;
    case COAUTH_SORT_BETWEENNESS:
        return r->betweenness;
    case COAUTH_SORT_CLOSENESS:
        return r->closeness;
    case COAUTH_SORT_EIGENVECTOR:
        return r->eigenvector;
    case COAUTH_SORT_PAGERANK:
        return r->pagerank;
    case COAUTH_SORT_STRENGTH:
    default:
        return r->strength;
    }
}

/* Sorting compares the values as printed (6 decimals), so rows that print equal are
 * ordered by name, whatever their last-bit floating point differences. */
static long long printed(double v)
{
    return llround(v * 1e6);
}

static int row_cmp_key(const coauth_centrality_row *x, const coauth_centrality_row *y,
                       enum coauth_centrality_sort k)
{
    if (k == COAUTH_SORT_PAPERS || k == COAUTH_SORT_DEGREE) {
        uint64_t a = k == COAUTH_SORT_PAPERS ? x->papers : x->degree;
        uint64_t b = k == COAUTH_SORT_PAPERS ? y->papers : y->degree;
        if (a != b)
            return a > b ? -1 : 1;
    } else {
        long long a = printed(measure(x, k)), b = printed(measure(y, k));
        if (a != b)
            return a > b ? -1 : 1;
    }
    int c = strcmp(x->node, y->node);
    if (!c)
        c = strcmp(x->country ? x->country : "", y->country ? y->country : "");
    return c ? c : strcmp(x->ror ? x->ror : "", y->ror ? y->ror : "");
}

/* Stable merge sort with the sort key as context (qsort has none in C17, and a global
 * key would make concurrent queries unsafe). */
static void sort_rows(coauth_centrality_row *a, coauth_centrality_row *tmp, size_t n,
                      enum coauth_centrality_sort k)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_rows(a, tmp, h, k);
    sort_rows(a + h, tmp, n - h, k);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        tmp[o++] = row_cmp_key(&a[j], &a[i], k) < 0 ? a[j++] : a[i++];
    while (i < h)
        tmp[o++] = a[i++];
    while (j < n)
        tmp[o++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

coauth_status coauth_query_centrality(coauth_store *s, const coauth_query_options *opts,
                                      coauth_centrality_result *out, coauth_error *err)
{
    out->n_rows = 0;
    out->rows = NULL;
    coauth_network *net = &out->net_;
    coauth_status st = coauth_query_network(s, opts, true, net, err);
    if (st)
        return st;
    size_t n = net->n_nodes, m = net->n_edges;
    uint32_t *from = malloc((m ? m : 1) * sizeof *from);
    uint32_t *to = malloc((m ? m : 1) * sizeof *to);
    double *w = malloc((m ? m : 1) * sizeof *w);
    double *buf = malloc((n ? n : 1) * 4 * sizeof *buf);
    out->rows = calloc(n ? n : 1, sizeof *out->rows);
    if (!from || !to || !w || !buf || !out->rows) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in centrality");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        out->rows[i].node = net->nodes[i].name;
        out->rows[i].country = net->nodes[i].country;
        out->rows[i].ror = net->nodes[i].ror;
        out->rows[i].papers = net->nodes[i].papers;
    }
    for (size_t e = 0; e < m; e++) {
        const coauth_network_edge *x = &net->edges[e];
        from[e] = x->source;
        to[e] = x->target;
        w[e] = x->weight;
        out->rows[x->source].degree++;
        out->rows[x->target].degree++;
        out->rows[x->source].strength += x->weight;
        out->rows[x->target].strength += x->weight;
    }
    coauth_graph_measures gm = {buf, buf + n, buf + 2 * n, buf + 3 * n};
    if ((st = coauth_graph_centrality(n, m, from, to, w, &gm, err)))
        goto out;
    for (size_t i = 0; i < n; i++) {
        out->rows[i].betweenness = gm.betweenness[i];
        out->rows[i].closeness = gm.closeness[i];
        out->rows[i].eigenvector = gm.eigenvector[i];
        out->rows[i].pagerank = gm.pagerank[i];
    }
    coauth_centrality_row *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in centrality");
        goto out;
    }
    sort_rows(out->rows, tmp, n, opts->sort);
    free(tmp);
    out->n_rows = n;
    if (opts->top && opts->top < n)
        out->n_rows = (size_t)opts->top;
out:
    free(from);
    free(to);
    free(w);
    free(buf);
    if (st)
        coauth_centrality_result_release(out);
    return st;
}

void coauth_centrality_result_release(coauth_centrality_result *r)
{
    if (!r)
        return;
    free(r->rows);
    r->rows = NULL;
    r->n_rows = 0;
    coauth_network_release(&r->net_);
}
