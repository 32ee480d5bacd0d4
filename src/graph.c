/* graph.c - igraph 0.10 glue: betweenness, closeness, eigenvector and PageRank of a
 * weighted undirected graph.
 *
 * Invariant: the graph is built once with igraph_create; every igraph call goes
 * through COAUTH_IG, which turns a failure into COAUTH_EGRAPH with igraph's reason and
 * jumps to the one cleanup label, where only successfully initialised objects are
 * destroyed. No IGRAPH_CHECK / IGRAPH_FINALLY here (the error handler installed by
 * coauth_lib_init empties igraph's FINALLY stack).
 *
 * Weights: betweenness and closeness read weights as path lengths, so they get 1/w
 * (a strong link is a short path); eigenvector and PageRank get w itself.
 */
#include "graph_internal.h"

#include <coauth/coauth.h>
#include <igraph.h>
#include <math.h>
#include <stdbool.h>

#define COAUTH_IG(call)                                                                            \
    do {                                                                                           \
        igraph_error_t ig_rc_ = (call);                                                            \
        if (ig_rc_ != IGRAPH_SUCCESS) {                                                            \
            rc = coauth_fail(err, COAUTH_EGRAPH, "%s: %s", #call, coauth_igraph_reason());         \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

coauth_status coauth_graph_centrality(size_t n_nodes, size_t n_edges, const uint32_t *from,
                                      const uint32_t *to, const double *weight,
                                      coauth_graph_measures *out, coauth_error *err)
{
    coauth_status rc = COAUTH_OK;
    igraph_vector_int_t edges;
    igraph_vector_t w, len, res;
    igraph_vector_int_t reach;
    igraph_t g;
    bool have_edges = false, have_w = false, have_len = false, have_res = false, have_reach = false,
         have_g = false;

    for (size_t i = 0; i < n_nodes; i++)
        out->betweenness[i] = out->closeness[i] = out->eigenvector[i] = out->pagerank[i] = 0.0;
    if (n_nodes == 0)
        return COAUTH_OK;
    for (size_t e = 0; e < n_edges; e++)
        if (from[e] >= n_nodes || to[e] >= n_nodes || from[e] == to[e] || !(weight[e] > 0) ||
            !isfinite(weight[e]))
            return coauth_fail(err, COAUTH_EINVAL, "bad edge %zu in a centrality graph", e);

    COAUTH_IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * n_edges)));
    have_edges = true;
    COAUTH_IG(igraph_vector_init(&w, (igraph_integer_t)n_edges));
    have_w = true;
    COAUTH_IG(igraph_vector_init(&len, (igraph_integer_t)n_edges));
    have_len = true;
    for (size_t e = 0; e < n_edges; e++) {
        VECTOR(edges)[2 * e] = (igraph_integer_t)from[e];
        VECTOR(edges)[2 * e + 1] = (igraph_integer_t)to[e];
        VECTOR(w)[e] = weight[e];
        VECTOR(len)[e] = 1.0 / weight[e];
    }
    COAUTH_IG(igraph_create(&g, &edges, (igraph_integer_t)n_nodes, IGRAPH_UNDIRECTED));
    have_g = true;
    COAUTH_IG(igraph_vector_init(&res, 0));
    have_res = true;
    COAUTH_IG(igraph_vector_int_init(&reach, 0));
    have_reach = true;

    /* Betweenness: undirected, so igraph counts each unordered pair once. */
    COAUTH_IG(igraph_betweenness(&g, &res, igraph_vss_all(), IGRAPH_UNDIRECTED, &len));
    for (size_t i = 0; i < n_nodes; i++)
        out->betweenness[i] = VECTOR(res)[i];

    /* Closeness: normalized = true gives 1 / mean distance to the reachable vertices,
     * i.e. (r-1)/sum; a vertex that reaches nobody gets NaN from igraph, 0 here. */
    COAUTH_IG(igraph_closeness(&g, &res, &reach, NULL, igraph_vss_all(), IGRAPH_ALL, &len, true));
    for (size_t i = 0; i < n_nodes; i++) {
        double v = VECTOR(res)[i];
        out->closeness[i] = (VECTOR(reach)[i] == 0 || !isfinite(v)) ? 0.0 : v;
    }

    /* NEEDSWORK: when the graph is disconnected and two components share the largest
     * eigenvalue (e.g. two separate equal links), the principal eigenvector is not
     * unique and ARPACK returns one vector of that eigenspace (0.999958 where networkx's
     * power iteration gives 1). With a unique dominant component, the others get 0, as
     * the definition says. Co-authorship graphs have one giant component. */
    if (n_edges > 0) {
        igraph_real_t value = 0;
        igraph_arpack_options_t arpack;
        igraph_arpack_options_init(&arpack);
        COAUTH_IG(
            igraph_eigenvector_centrality(&g, &res, &value, IGRAPH_UNDIRECTED, true, &w, &arpack));
        for (size_t i = 0; i < n_nodes; i++) {
            double v = VECTOR(res)[i];
            out->eigenvector[i] = isfinite(v) && v > 0 ? v : 0.0;
        }
    }

    igraph_real_t value = 0;
    COAUTH_IG(igraph_pagerank(&g, IGRAPH_PAGERANK_ALGO_PRPACK, &res, &value, igraph_vss_all(),
                              IGRAPH_UNDIRECTED, 0.85, n_edges ? &w : NULL, NULL));
    for (size_t i = 0; i < n_nodes; i++)
        out->pagerank[i] = VECTOR(res)[i];
out:
    if (have_reach)
        igraph_vector_int_destroy(&reach);
    if (have_res)
        igraph_vector_destroy(&res);
    if (have_g)
        igraph_destroy(&g);
    if (have_len)
        igraph_vector_destroy(&len);
    if (have_w)
        igraph_vector_destroy(&w);
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    return rc;
}
