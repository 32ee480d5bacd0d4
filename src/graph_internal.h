/* graph_internal.h - centrality of a weighted undirected graph given as edge lists:
 * our own shortest-path measures (betweenness, closeness) plus igraph glue for the
 * spectral ones (eigenvector, PageRank), and the layout and communities of a network
 * map (SPEC 10).
 *
 * Invariant: igraph types stay behind this header; callers pass plain arrays. Every
 * igraph call is checked and turned into a coauth_status (STYLE 4), and every igraph
 * object created is destroyed on every path. The shortest-path measures do not call
 * igraph, so they may run on several threads; their results do not depend on the
 * number of threads.
 */
#ifndef COAUTH_GRAPH_INTERNAL_H
#define COAUTH_GRAPH_INTERNAL_H

#include <coauth/error.h>
#include <stddef.h>
#include <stdint.h>

/* Output arrays, each of n_nodes doubles, allocated by the caller. */
typedef struct coauth_graph_measures {
    double *betweenness; /* unnormalised, undirected (each pair once), length 1/weight */
    double *closeness;   /* (r-1) / sum of 1/weight distances to reachable others; 0 if r=1 */
    double *eigenvector; /* weighted, max scaled to 1; all 0 when there is no edge */
    double *pagerank;    /* weighted, damping 0.85, PRPACK, sums to 1 */
} coauth_graph_measures;

/* Centrality of the graph with n_nodes vertices (0..n-1) and n_edges undirected edges
 * from[i]--to[i] with weight[i] > 0 (no duplicate pairs, no loops). Betweenness and
 * closeness come from coauth_graph_paths with the default number of threads. */
COAUTH_NODISCARD coauth_status coauth_graph_centrality(size_t n_nodes, size_t n_edges,
                                                       const uint32_t *from, const uint32_t *to,
                                                       const double *weight,
                                                       coauth_graph_measures *out,
                                                       coauth_error *err);

/* Betweenness and closeness of the same kind of graph, with path length 1/weight[i],
 * from one single-source Dijkstra per vertex (Brandes 2001), with igraph 0.10's
 * tie rule: two path lengths are equal when their relative difference is below
 * 1e-10 (igraph_cmp_epsilon with IGRAPH_SHORTEST_PATH_EPSILON).
 *
 * threads: worker threads (0: the number of online CPUs). The sources are shared out
 * dynamically; betweenness is summed in 128-bit fixed point (resolution 2^-60), which
 * is exact and associative, so the result is the same for any thread count and
 * schedule. out_betweenness and out_closeness hold n_nodes doubles each (caller's).
 * Returns COAUTH_EINVAL on a bad edge, COAUTH_ELIMIT beyond 2^32-1 vertices or arcs,
 * COAUTH_ENOMEM. */
COAUTH_NODISCARD coauth_status coauth_graph_paths(size_t n_nodes, size_t n_edges,
                                                  const uint32_t *from, const uint32_t *to,
                                                  const double *weight, unsigned threads,
                                                  double *out_betweenness, double *out_closeness,
                                                  coauth_error *err);

/* Layout and communities of the same kind of graph, for a picture (SPEC 10):
 *   positions: igraph's Fruchterman-Reingold (500 iterations, the grid variant above
 *     1000 vertices), attraction along an edge multiplied by its weight, started from
 *     a golden-angle spiral with the vertices in order of size[] descending (ties by
 *     index), so the largest start in the middle;
 *   communities: igraph's Leiden with the modularity objective (node weights = the
 *     vertices' strengths, resolution 1/(2 * total weight), beta 0.01, iterated until
 *     stable); without edges every vertex is its own community.
 * igraph's default RNG is seeded with COAUTH_GRAPH_SEED before each of the two, so the
 * same graph gives the same layout and communities (igraph is called from the calling
 * thread only, and its RNG is process-wide: not for concurrent use).
 * out_x, out_y: n_nodes doubles each; out_community: n_nodes community ids 0..k-1, in
 * igraph's numbering; out_modularity (may be NULL): the partition's modularity, 0
 * without edges. Returns COAUTH_EINVAL on a bad edge, COAUTH_EGRAPH on an igraph
 * failure. */
#define COAUTH_GRAPH_SEED 42
COAUTH_NODISCARD coauth_status coauth_graph_map(size_t n_nodes, size_t n_edges,
                                                const uint32_t *from, const uint32_t *to,
                                                const double *weight, const double *size,
                                                double *out_x, double *out_y,
                                                uint32_t *out_community, double *out_modularity,
                                                coauth_error *err);

#endif
