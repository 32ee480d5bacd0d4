/* graph_internal.h - all of coauth's igraph glue: centrality of a weighted undirected
 * graph given as edge lists.
 *
 * Invariant: igraph types stay behind this header; callers pass plain arrays. Every
 * igraph call is checked and turned into a coauth_status (STYLE 4), and every igraph
 * object created is destroyed on every path.
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
 * from[i]--to[i] with weight[i] > 0 (no duplicate pairs, no loops). */
COAUTH_NODISCARD coauth_status coauth_graph_centrality(size_t n_nodes, size_t n_edges,
                                                       const uint32_t *from, const uint32_t *to,
                                                       const double *weight,
                                                       coauth_graph_measures *out,
                                                       coauth_error *err);

#endif
