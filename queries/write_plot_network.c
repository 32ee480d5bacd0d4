/* write_plot_network.c - the network map (SPEC 10): the nodes kept by --top, their layout and
 * communities (src/graph.c), and the picture of it.
 *
 * Invariant: the map is computed from a coauth_network only, and the picture and the
 * VOSviewer file (write_graph.c) are both drawn from the map, so they show the same
 * positions and communities. Drawing order is fixed: links by weight ascending (ties in
 * edge order), nodes by papers descending (small nodes stay visible on top of large
 * ones), labels by papers descending, each kept only if its box overlaps no label
 * already placed.
 */
#include "graph_internal.h"
#include "write_plot_internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INK   0x222222u
#define MUTED 0x666666u
#define TAU   6.28318530717958648

/* ---- the map ------------------------------------------------------------------------ */

typedef struct rank {
    uint64_t papers;
    uint32_t i;
} rank;

/* papers descending, then index ascending (the network's nodes are in name order) */
static int rank_cmp(const void *a, const void *b)
{
    const rank *x = a, *y = b;
    if (x->papers != y->papers)
        return x->papers > y->papers ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

typedef struct cluster_rank {
    uint64_t papers;
    uint32_t first; /* smallest map index in the community */
    uint32_t id;    /* igraph's community id */
} cluster_rank;

static int cluster_cmp(const void *a, const void *b)
{
    const cluster_rank *x = a, *y = b;
    if (x->papers != y->papers)
        return x->papers > y->papers ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

void coauth_network_map_release(coauth_network_map *m)
{
    if (!m)
        return;
    free(m->nodes);
    free(m->edges);
    *m = (coauth_network_map)COAUTH_NETWORK_MAP_INIT;
}

coauth_status coauth_network_map_compute(const coauth_network *net, uint64_t top,
                                         coauth_network_map *out, coauth_error *err)
{
    *out = (coauth_network_map)COAUTH_NETWORK_MAP_INIT;
    size_t n = net->n_nodes, n_keep = n;
    if (top > 0 && top < n)
        n_keep = (size_t)top;
    if (n > UINT32_MAX - 1 || net->n_edges > UINT32_MAX)
        return coauth_fail(err, COAUTH_ELIMIT, "a map holds at most 2^32-2 nodes and links");
    coauth_status rc = COAUTH_OK;
    rank *rk = malloc((n ? n : 1) * sizeof *rk);
    uint32_t *idx = malloc((n ? n : 1) * sizeof *idx); /* network node -> map index + 1 */
    uint32_t *from = NULL, *to = NULL, *comm = NULL;
    double *w = NULL, *size = NULL, *x = NULL, *y = NULL;
    cluster_rank *cr = NULL;
    if (!rk || !idx)
        goto oom;
    for (size_t i = 0; i < n; i++)
        rk[i] = (rank){net->nodes[i].papers, (uint32_t)i};
    qsort(rk, n, sizeof *rk, rank_cmp);
    memset(idx, 0, (n ? n : 1) * sizeof *idx);
    for (size_t k = 0; k < n_keep; k++)
        idx[rk[k].i] = 1;
    out->nodes = calloc(n_keep ? n_keep : 1, sizeof *out->nodes);
    if (!out->nodes)
        goto oom;
    for (size_t i = 0; i < n; i++)
        if (idx[i]) {
            out->nodes[out->n_nodes].node = (uint32_t)i;
            idx[i] = (uint32_t)++out->n_nodes;
        }
    size_t m = 0;
    for (size_t e = 0; e < net->n_edges; e++)
        if (idx[net->edges[e].source] && idx[net->edges[e].target])
            m++;
    out->edges = calloc(m ? m : 1, sizeof *out->edges);
    from = malloc((m ? m : 1) * sizeof *from);
    to = malloc((m ? m : 1) * sizeof *to);
    w = malloc((m ? m : 1) * sizeof *w);
    size = malloc((n_keep ? n_keep : 1) * sizeof *size);
    x = malloc((n_keep ? n_keep : 1) * sizeof *x);
    y = malloc((n_keep ? n_keep : 1) * sizeof *y);
    comm = malloc((n_keep ? n_keep : 1) * sizeof *comm);
    if (!out->edges || !from || !to || !w || !size || !x || !y || !comm)
        goto oom;
    for (size_t e = 0; e < net->n_edges; e++) {
        const coauth_network_edge *ne = &net->edges[e];
        if (!idx[ne->source] || !idx[ne->target])
            continue;
        uint32_t a = idx[ne->source] - 1, b = idx[ne->target] - 1;
        coauth_map_edge *me = &out->edges[out->n_edges];
        *me = (coauth_map_edge){a < b ? a : b, a < b ? b : a, (uint32_t)e};
        from[out->n_edges] = me->source;
        to[out->n_edges] = me->target;
        w[out->n_edges] = ne->weight;
        out->n_edges++;
        out->nodes[a].degree++;
        out->nodes[b].degree++;
        out->nodes[a].strength += ne->weight;
        out->nodes[b].strength += ne->weight;
    }
    for (size_t i = 0; i < out->n_nodes; i++)
        size[i] = (double)net->nodes[out->nodes[i].node].papers;
    if ((rc = coauth_graph_map(out->n_nodes, out->n_edges, from, to, w, size, x, y, comm,
                               &out->modularity, err)))
        goto out;

    /* Turn the layout so its principal axis lies along x (pictures are wider than
     * tall), the largest node on the left and above the middle (a layout has no
     * orientation of its own; this one makes it the same every time). */
    double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < out->n_nodes; i++) {
        mx += x[i] / (double)out->n_nodes;
        my += y[i] / (double)out->n_nodes;
    }
    for (size_t i = 0; i < out->n_nodes; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    double th = 0.5 * atan2(2 * sxy, sxx - syy), ct = cos(th), st = sin(th);
    size_t big = out->n_nodes ? (size_t)(idx[rk[0].i] - 1) : 0;
    for (size_t i = 0; i < out->n_nodes; i++) {
        double dx = x[i] - mx, dy = y[i] - my;
        x[i] = dx * ct + dy * st;
        y[i] = -dx * st + dy * ct;
    }
    double fx = out->n_nodes && x[big] > 0 ? -1 : 1, fy = out->n_nodes && y[big] > 0 ? -1 : 1;
    for (size_t i = 0; i < out->n_nodes; i++) {
        x[i] *= fx;
        y[i] *= fy;
    }

    /* Centre the layout and scale it so the longer side spans [-1, 1]. */
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < out->n_nodes; i++) {
        xmin = fmin(xmin, x[i]);
        xmax = fmax(xmax, x[i]);
        ymin = fmin(ymin, y[i]);
        ymax = fmax(ymax, y[i]);
    }
    double half = fmax(xmax - xmin, ymax - ymin) / 2;
    for (size_t i = 0; i < out->n_nodes; i++) {
        out->nodes[i].x = half > 0 ? (x[i] - (xmin + xmax) / 2) / half : 0.0;
        out->nodes[i].y = half > 0 ? (y[i] - (ymin + ymax) / 2) / half : 0.0;
    }

    /* Communities numbered 1.. by papers descending. */
    cr = calloc(out->n_nodes ? out->n_nodes : 1, sizeof *cr);
    if (!cr)
        goto oom;
    for (size_t i = 0; i < out->n_nodes; i++) {
        cr[i].id = (uint32_t)i;
        cr[i].first = UINT32_MAX;
    }
    for (size_t i = 0; i < out->n_nodes; i++) {
        uint32_t c = comm[i] < out->n_nodes ? comm[i] : 0;
        cr[c].papers += (uint64_t)size[i];
        if (cr[c].first == UINT32_MAX)
            cr[c].first = (uint32_t)i;
    }
    size_t n_used = 0;
    for (size_t c = 0; c < out->n_nodes; c++)
        if (cr[c].first != UINT32_MAX)
            cr[n_used++] = cr[c];
    qsort(cr, n_used, sizeof *cr, cluster_cmp);
    /* comm[] ids are < n: reuse x[] as the id -> number table */
    for (size_t k = 0; k < n_used; k++)
        x[cr[k].id] = (double)(k + 1);
    for (size_t i = 0; i < out->n_nodes; i++)
        out->nodes[i].cluster = (uint32_t)x[comm[i] < out->n_nodes ? comm[i] : 0];
    out->n_clusters = (uint32_t)n_used;
    goto out;
oom:
    rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory laying out %zu nodes", n);
out:
    free(rk);
    free(idx);
    free(from);
    free(to);
    free(w);
    free(size);
    free(x);
    free(y);
    free(comm);
    free(cr);
    if (rc)
        coauth_network_map_release(out);
    return rc;
}

/* ---- the picture -------------------------------------------------------------------- */

static uint32_t node_rgb(const coauth_network *net, const coauth_network_map *m, size_t i,
                         enum coauth_map_color color)
{
    if (color == COAUTH_MAP_COLOR_COUNTRY) {
        /* an institution's colour is its country's (SPEC 3.1: it has one, but a ROR
         * organisation the registry gives none is grey) */
        const coauth_network_node *v = &net->nodes[m->nodes[i].node];
        const char *cc = net->level == COAUTH_LEVEL_INSTITUTION ? v->country : v->name;
        return cc && cc[0] ? coauth_plot_country_rgb(cc) : COAUTH_PLOT_OTHER;
    }
    uint32_t c = m->nodes[i].cluster;
    return c >= 1 && c <= COAUTH_PLOT_N_PALETTE ? coauth_plot_palette[c - 1] : COAUTH_PLOT_OTHER;
}

/* `s` cut to at most max bytes on a UTF-8 boundary, with "..." when cut. */
static void short_label(char *buf, size_t cap, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        snprintf(buf, cap, "%s", s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    while (max > 0 && s[max - 1] == ' ')
        max--;
    snprintf(buf, cap, "%.*s\xe2\x80\xa6", (int)max, s); /* ellipsis */
}

typedef struct box {
    double x0, y0, x1, y1;
} box;

static bool overlaps(const box *a, const box *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

typedef struct edge_order {
    double weight;
    uint32_t e;
} edge_order;

static int edge_order_cmp(const void *a, const void *b)
{
    const edge_order *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

coauth_status coauth_plot_network(FILE *f, enum coauth_plot_format fmt, const coauth_network *net,
                                  const coauth_network_map *m, enum coauth_map_color color,
                                  coauth_error *err)
{
    if (m->n_nodes == 0)
        return coauth_fail(err, COAUTH_EINVAL, COAUTH_PLOT_NO_DATA);
    size_t n = m->n_nodes;
    coauth_status rc = COAUTH_OK;
    rank *order = malloc(n * sizeof *order);
    edge_order *eo = malloc((m->n_edges ? m->n_edges : 1) * sizeof *eo);
    box *placed = malloc(n * sizeof *placed);
    double *px = malloc(n * sizeof *px), *py = malloc(n * sizeof *py),
           *rad = malloc(n * sizeof *rad);
    if (!order || !eo || !placed || !px || !py || !rad) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory drawing a network");
        goto out;
    }
    uint64_t pmax = 1;
    for (size_t i = 0; i < n; i++) {
        order[i] = (rank){net->nodes[m->nodes[i].node].papers, (uint32_t)i};
        if (order[i].papers > pmax)
            pmax = order[i].papers;
    }
    qsort(order, n, sizeof *order, rank_cmp);
    double wmax = 0;
    for (size_t e = 0; e < m->n_edges; e++) {
        eo[e] = (edge_order){net->edges[m->edges[e].edge].weight, (uint32_t)e};
        wmax = fmax(wmax, eo[e].weight);
    }
    qsort(eo, m->n_edges, sizeof *eo, edge_order_cmp);

    const double W = 720, H = 560, top = 50, bottom = H - 52, left = 14, right = W - 14;
    double side = fmin(right - left, bottom - top);
    double rmax = side * 0.07 * (n > 16 ? sqrt(16.0 / (double)n) : 1.0);
    if (rmax < side * 0.025)
        rmax = side * 0.025;
    for (size_t i = 0; i < n; i++) {
        double p = (double)net->nodes[m->nodes[i].node].papers;
        rad[i] = fmax(1.6, rmax * sqrt(p / (double)pmax));
    }
    double margin = rmax + 6;
    double sx = (right - left) / 2 - margin, sy = (bottom - top) / 2 - margin;
    /* the layout's aspect is kept: one scale, the longer side filling its room */
    double lw = 0, lh = 0;
    for (size_t i = 0; i < n; i++) {
        lw = fmax(lw, fabs(m->nodes[i].x));
        lh = fmax(lh, fabs(m->nodes[i].y));
    }
    double s = fmin(lw > 0 ? sx / lw : INFINITY, lh > 0 ? sy / lh : INFINITY);
    if (!isfinite(s))
        s = 0;
    double cx = (left + right) / 2, cy = (top + bottom) / 2;
    for (size_t i = 0; i < n; i++) {
        px[i] = cx + m->nodes[i].x * s;
        py[i] = cy + m->nodes[i].y * s;
    }

    coauth_canvas c;
    if ((rc = coauth_canvas_open(&c, f, fmt, W, H, err)))
        goto out;
    cairo_t *cr = c.cr;
    bool inst = net->level == COAUTH_LEVEL_INSTITUTION;
    const char *what = inst ? "institutions" : "countries";
    char head[96], sub[240];
    snprintf(head, sizeof head, "Co-authorship network of %s", what);
    int k = 0;
    if (n < net->n_nodes)
        k = snprintf(sub, sizeof sub, "the %zu %s with the most papers (of %zu), ", n, what,
                     net->n_nodes);
    else
        k = snprintf(sub, sizeof sub, "%zu %s, ", n, what);
    snprintf(sub + k, sizeof sub - (size_t)k,
             "%zu link%s; %" PRIu32 " communit%s (Leiden), "
             "modularity %.2f",
             m->n_edges, m->n_edges == 1 ? "" : "s", m->n_clusters,
             m->n_clusters == 1 ? "y" : "ies", m->modularity);
    coauth_plot_rgb(cr, INK, 1);
    coauth_plot_font(cr, 13, true);
    coauth_plot_text(cr, left + 6, 22, 0, head);
    coauth_plot_rgb(cr, MUTED, 1);
    coauth_plot_font(cr, 9, false);
    coauth_plot_text(cr, left + 6, 37, 0, sub);

    /* links */
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    for (size_t j = 0; j < m->n_edges; j++) {
        const coauth_map_edge *me = &m->edges[eo[j].e];
        bool same = color == COAUTH_MAP_COLOR_COMMUNITY &&
                    m->nodes[me->source].cluster == m->nodes[me->target].cluster;
        if (same)
            coauth_plot_rgb(cr, node_rgb(net, m, me->source, color), 0.45);
        else
            coauth_plot_rgb(cr, 0x8a8a8au, 0.35);
        cairo_set_line_width(cr, 0.4 + 5.6 * (wmax > 0 ? eo[j].weight / wmax : 0));
        cairo_move_to(cr, px[me->source], py[me->source]);
        cairo_line_to(cr, px[me->target], py[me->target]);
        cairo_stroke(cr);
    }
    /* nodes */
    cairo_set_line_width(cr, 0.8);
    for (size_t j = 0; j < n; j++) {
        size_t i = order[j].i;
        cairo_arc(cr, px[i], py[i], rad[i], 0, TAU);
        coauth_plot_rgb(cr, node_rgb(net, m, i, color), 0.92);
        cairo_fill_preserve(cr);
        coauth_plot_rgb(cr, 0xffffffu, 1);
        cairo_stroke(cr);
    }
    /* labels, largest first, none overlapping */
    size_t n_placed = 0;
    for (size_t j = 0; j < n; j++) {
        size_t i = order[j].i;
        double p = (double)net->nodes[m->nodes[i].node].papers;
        double fs = inst ? 6.5 + 4 * sqrt(p / (double)pmax) : 7.5 + 6.5 * sqrt(p / (double)pmax);
        char lab[160];
        short_label(lab, sizeof lab, net->nodes[m->nodes[i].node].name, inst ? 30 : 60);
        coauth_plot_font(cr, fs, j < 3);
        double asc, desc, tw = coauth_plot_text_width(cr, lab);
        coauth_plot_font_extents(cr, &asc, &desc);
        double cap = fs * 0.72; /* cap height of DejaVu Sans */
        double bx = px[i] - tw / 2, by = py[i] + cap / 2;
        box b = {bx - 1.5, by - cap - 1.5, bx + tw + 1.5, by + desc * 0.5 + 1.5};
        if (b.x0 < 2 || b.x1 > W - 2 || b.y0 < top - 6 || b.y1 > bottom + 6)
            continue;
        bool clash = false;
        for (size_t q = 0; q < n_placed && !clash; q++)
            clash = overlaps(&b, &placed[q]);
        if (clash)
            continue;
        placed[n_placed++] = b;
        cairo_move_to(cr, bx, by);
        cairo_text_path(cr, lab);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_width(cr, 2.6);
        coauth_plot_rgb(cr, 0xffffffu, 0.85);
        cairo_stroke_preserve(cr);
        coauth_plot_rgb(cr, INK, 1);
        cairo_fill(cr);
    }

    /* legend: the largest communities, each named by its largest node */
    double ly = H - 30;
    coauth_plot_font(cr, 9, false);
    double lx = left + 6;
    if (color == COAUTH_MAP_COLOR_COMMUNITY) {
        coauth_plot_rgb(cr, INK, 1);
        coauth_plot_text(cr, lx, ly, 0, "Communities:");
        lx += coauth_plot_text_width(cr, "Communities:") + 8;
        for (uint32_t cl = 1; cl <= m->n_clusters && cl <= COAUTH_PLOT_N_PALETTE; cl++) {
            size_t big = n, members = 0;
            for (size_t j = 0; j < n; j++)
                if (m->nodes[order[j].i].cluster == cl) {
                    if (big == n)
                        big = order[j].i;
                    members++;
                }
            if (big == n)
                continue;
            char name[80], lab[120];
            short_label(name, sizeof name, net->nodes[m->nodes[big].node].name, 18);
            if (members > 1)
                snprintf(lab, sizeof lab, "%s +%zu", name, members - 1);
            else
                snprintf(lab, sizeof lab, "%s", name);
            double tw = coauth_plot_text_width(cr, lab);
            if (lx + 12 + tw > right)
                break;
            coauth_plot_rgb(cr, coauth_plot_palette[cl - 1], 0.92);
            cairo_arc(cr, lx + 4, ly - 3.2, 4, 0, TAU);
            cairo_fill(cr);
            coauth_plot_rgb(cr, INK, 1);
            coauth_plot_text(cr, lx + 11, ly, 0, lab);
            lx += 11 + tw + 12;
        }
    } else {
        coauth_plot_rgb(cr, INK, 1);
        coauth_plot_text(cr, lx, ly, 0, "Colour: country");
    }
    coauth_plot_rgb(cr, MUTED, 1);
    coauth_plot_font(cr, 8.5, false);
    char note[160];
    snprintf(note, sizeof note,
             "Node area: papers (largest %" PRIu64 "). Link width: %s (largest %.6g).", pmax,
             net->counting == COAUTH_COUNTING_FRACTIONAL ? "fractional links" : "papers", wmax);
    coauth_plot_text(cr, left + 6, H - 14, 0, note);
    rc = coauth_canvas_close(&c, COAUTH_OK, err);
out:
    free(order);
    free(eo);
    free(placed);
    free(px);
    free(py);
    free(rad);
    return rc;
}
