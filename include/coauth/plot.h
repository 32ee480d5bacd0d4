/* plot.h - pictures of the query results (SPEC 10): trend charts and network maps drawn
 * with cairo as SVG, PNG or PDF, and the network map they are drawn from (its VOSviewer
 * JSON file is written by coauth_write_network_vosviewer, coauth/write.h).
 *
 * Invariants: compute, then format. A picture is drawn from a query result
 * (coauth_intl_result, coauth_pair_result, coauth_network) and, for a network, from
 * the coauth_network_map computed from that result (the layout and the communities);
 * nothing here reads the store. Writers take the caller's FILE, never close it, and
 * write nothing before they know there is something to draw. The same result gives the
 * same bytes: the layout and the communities come from igraph's RNG seeded with a
 * fixed value, SVG and PNG carry no date, and the PDF carries no CreationDate. Text is
 * set in DejaVu Sans (cairo's toy font API through fontconfig). Library code: nothing
 * is printed; a failed write is COAUTH_EIO.
 */
#ifndef COAUTH_PLOT_H
#define COAUTH_PLOT_H

#include <coauth/error.h>
#include <coauth/query.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum coauth_plot_format { COAUTH_PLOT_SVG = 0, COAUTH_PLOT_PNG, COAUTH_PLOT_PDF };

/* The format named by the extension of `path` (".svg", ".png" or ".pdf", any case).
 * COAUTH_EINVAL, with a message naming the accepted extensions, for anything else
 * (NULL included). */
COAUTH_NODISCARD coauth_status coauth_plot_format_of(const char *path, enum coauth_plot_format *out,
                                                     coauth_error *err);

/* The message of a picture without data (COAUTH_EINVAL from the writers below). */
#define COAUTH_PLOT_NO_DATA "no papers to plot (check the filters)"

/* ---- trends ---------------------------------------------------------------------- */

/* Series a trend of the international share draws at most (the countries with the most
 * papers when the result holds more). */
#define COAUTH_PLOT_MAX_SERIES 8

/* The international share by year of each country of r (coauth_query_intl with
 * COAUTH_BY_COUNTRY_YEAR): one line per country, the share in percent on the y axis,
 * years on the x axis, a gap where a country has no paper in a year, a legend with
 * each country's papers over the years shown. With more than `max_series` countries in
 * r (0: COAUTH_PLOT_MAX_SERIES), only the `max_series` with the most papers (ties by
 * code). COAUTH_EINVAL for another --by, and with COAUTH_PLOT_NO_DATA when those
 * countries have no paper in any year. */
COAUTH_NODISCARD coauth_status coauth_plot_intl_trend(FILE *f, enum coauth_plot_format fmt,
                                                      const coauth_intl_result *r,
                                                      size_t max_series, coauth_error *err);

/* The papers of a pair by year (coauth_query_pair with COAUTH_PAIR_BY_YEAR), in two
 * panels over one year axis: co-authored papers per year (bars) above, and below the
 * share of them whose first author is in country a and in b (first_a/papers,
 * first_b/papers, in percent; a gap in years without papers). COAUTH_EINVAL for
 * --by total, and with COAUTH_PLOT_NO_DATA when no year has a paper. */
COAUTH_NODISCARD coauth_status coauth_plot_pair_trend(FILE *f, enum coauth_plot_format fmt,
                                                      const coauth_pair_result *r,
                                                      coauth_error *err);

/* ---- network maps ------------------------------------------------------------------ */

typedef struct coauth_map_node {
    uint32_t node;    /* index into the network's nodes */
    double x, y;      /* position: centred on 0, the farthest node at distance <= 1 from
                         the centre on each axis, y pointing down (as drawn) */
    uint32_t cluster; /* community, 1 = the one with the most papers (ties: the one
                         holding the first node in name order), 2, ... */
    uint32_t degree;  /* links on the map */
    double strength;  /* sum of their weights */
} coauth_map_node;

typedef struct coauth_map_edge {
    uint32_t source, target; /* indices into the map's nodes, source < target */
    uint32_t edge;           /* index into the network's edges */
} coauth_map_edge;

typedef struct coauth_network_map {
    size_t n_nodes;
    coauth_map_node *nodes; /* in the network's order (node name) */
    size_t n_edges;
    coauth_map_edge *edges; /* in the network's order (source, target) */
    uint32_t n_clusters;
    double modularity; /* of the communities, with the network's weights; 0 without links */
} coauth_network_map;

#define COAUTH_NETWORK_MAP_INIT                                                                    \
    {                                                                                              \
        0, NULL, 0, NULL, 0, 0.0                                                                   \
    }

/* The map of net: with top > 0, only the `top` nodes with the most papers (ties by name)
 * and the links between them; the layout (Fruchterman-Reingold on the link weights) and
 * the communities (Leiden, modularity) of that graph, see src/graph.c. The network is
 * only read; out is caller-allocated (COAUTH_NETWORK_MAP_INIT) and emptied with
 * coauth_network_map_release. Not for concurrent use (igraph's RNG is process-wide). */
COAUTH_NODISCARD coauth_status coauth_network_map_compute(const coauth_network *net, uint64_t top,
                                                          coauth_network_map *out,
                                                          coauth_error *err);
void coauth_network_map_release(coauth_network_map *m);

enum coauth_map_color {
    COAUTH_MAP_COLOR_COMMUNITY = 0, /* one colour per community, a fixed palette */
    COAUTH_MAP_COLOR_COUNTRY = 1    /* a fixed colour per country code (at institution level
                                       the node's country; none: grey) */
};

/* The map drawn: node area by papers, colour per `color`, links drawn with a width by
 * their weight (per the network's counting), the labels of the largest nodes first, a
 * label left out where it would overlap one already placed, a title and a legend.
 * COAUTH_EINVAL with COAUTH_PLOT_NO_DATA when the map has no node. */
COAUTH_NODISCARD coauth_status coauth_plot_network(FILE *f, enum coauth_plot_format fmt,
                                                   const coauth_network *net,
                                                   const coauth_network_map *m,
                                                   enum coauth_map_color color, coauth_error *err);

/* The VOSviewer JSON file of a map: coauth_write_network_vosviewer in coauth/write.h. */

/* Release cairo's process-wide caches (fonts and their fontconfig patterns), so that a
 * leak checker sees none at exit. Call once, at the end, when no picture is being
 * drawn on any thread; drawing again afterwards works (the caches are rebuilt). */
void coauth_plot_cleanup(void);

/* The version of the cairo library linked at run time (static string). */
const char *coauth_cairo_version(void);

#ifdef __cplusplus
}
#endif
#endif
