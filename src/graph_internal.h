/* graph_internal.h - centrality of a weighted undirected graph given as edge lists:
 * our own shortest-path measures (betweenness, closeness) plus igraph glue for the
 * spectral ones (eigenvector, PageRank).
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

#endif
