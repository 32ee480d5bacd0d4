/* write.h - writers of the query results: CSV (RFC 4180; queries/write_csv.c), and
 * GraphML, Pajek and VOSviewer JSON (queries/write_graph.c). The pictures are in
 * coauth/plot.h.
 *
 * Invariants: every writer takes the caller's FILE, writes a header row (CSV), uses
 * '\n' line ends, '.' decimals and "%.6f" for floating point values (no setlocale
 * anywhere), keeps the result's row order, and checks every write: a failed write is
 * COAUTH_EIO. Text stays UTF-8 as stored. Writers never close the FILE.
 */
#ifndef COAUTH_WRITE_H
#define COAUTH_WRITE_H

#include <coauth/error.h>
#include <coauth/query.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One CSV field, quoted when it holds ',', '"', CR or LF (quotes doubled). */
COAUTH_NODISCARD coauth_status coauth_csv_field(FILE *f, const char *s, coauth_error *err);

/* intl: --by country: country,papers,international_papers,international_share,
 * fractional_papers; --by country,year: country,year,...; --by year:
 * year,papers,international_papers,international_share. The share is empty when
 * papers is 0 (a --country with no paper). */
COAUTH_NODISCARD coauth_status coauth_write_intl_csv(FILE *f, const coauth_intl_result *r,
                                                     coauth_error *err);

/* pair: [year,]country_a,country_b,papers,fractional_links. */
COAUTH_NODISCARD coauth_status coauth_write_pair_csv(FILE *f, const coauth_pair_result *r,
                                                     coauth_error *err);

/* network CSV: source,target,papers,fractional_links (one row per link, source < target
 * bytewise, rows sorted by source then target). */
COAUTH_NODISCARD coauth_status coauth_write_network_csv(FILE *f, const coauth_network *n,
                                                        coauth_error *err);

/* GraphML (undirected): node id "n<i>" (0-based, in name order) with data keys `label`
 * (string), `papers` (long), `fractional_papers` (double); edges with `weight`
 * (double, per --counting), `papers` (long), `fractional_links` (double). */
COAUTH_NODISCARD coauth_status coauth_write_network_graphml(FILE *f, const coauth_network *n,
                                                            coauth_error *err);

/* Pajek .net: "*Vertices N", then `i "label"` (1-based, '"' in labels written as '\''),
 * then "*Edges" and `i j weight` (weight per --counting, %.6f). */
COAUTH_NODISCARD coauth_status coauth_write_network_pajek(FILE *f, const coauth_network *n,
                                                          coauth_error *err);

struct coauth_network_map; /* coauth/plot.h */

/* VOSviewer's JSON map file of the map m of net (coauth_network_map_compute in
 * coauth/plot.h; VOSviewer and VOSviewer Online open it as coauth draws it):
 * network.items (id 1..n in map order, label, x, y with y pointing up as VOSviewer has
 * it, cluster (communities beyond 1000 share cluster 1000), weights "Documents"
 * (papers), "Fractional documents", "Links" and "Total link strength"), network.links
 * (source_id, target_id, strength = the weight per counting), network.clusters (cluster
 * and a label naming its largest nodes), and config (terminology, and the cluster
 * colours of the picture). Strings are JSON-escaped UTF-8; numbers use '.' and 6
 * decimals. An empty map is valid JSON with no item. */
COAUTH_NODISCARD coauth_status coauth_write_network_vosviewer(FILE *f, const coauth_network *net,
                                                              const struct coauth_network_map *m,
                                                              coauth_error *err);

/* centrality: node,papers,degree,strength,betweenness,closeness,eigenvector,pagerank. */
COAUTH_NODISCARD coauth_status coauth_write_centrality_csv(FILE *f,
                                                           const coauth_centrality_result *r,
                                                           coauth_error *err);

#ifdef __cplusplus
}
#endif
#endif
