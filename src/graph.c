/* graph.c - centrality of a weighted undirected graph: betweenness and closeness by our
 * own multi-threaded Brandes/Dijkstra, eigenvector and PageRank through igraph 0.10;
 * and the layout (Fruchterman-Reingold) and communities (Leiden) of a network map.
 *
 * Invariant: the igraph graph is built once with igraph_create; every igraph call goes
 * through COAUTH_IG, which turns a failure into COAUTH_EGRAPH with igraph's reason and
 * jumps to the one cleanup label, where only successfully initialised objects are
 * destroyed. No IGRAPH_CHECK / IGRAPH_FINALLY here (the error handler installed by
 * coauth_lib_init empties igraph's FINALLY stack). igraph is called from the calling
 * thread only (Debian's 0.10.2 is built without thread-local state).
 *
 * Weights: betweenness and closeness read weights as path lengths, so they get 1/w
 * (a strong link is a short path); eigenvector and PageRank get w itself.
 *
 * NOTES ON THE SHORTEST-PATH MEASURES
 *
 * igraph_betweenness and igraph_closeness each run one Dijkstra per vertex, so on a
 * dense graph (an institution graph with --min-papers 50: 2,250 vertices, 1.4M edges)
 * the two took minutes on one core. Here one Dijkstra per source feeds both: the
 * closeness of the source is read off the settled distances, then Brandes'
 * dependency accumulation walks the settled vertices backwards. Each thread owns its
 * heap (4-ary, keys inline), distance, path-count, dependency and parent arrays; the
 * graph is shared.
 *
 * What makes it fast on dense graphs:
 * - Edges on no shortest path are dropped. In such a graph most edges are longer
 *   than some path between their ends (at --min-papers 50 only 6% of the edges are
 *   shortest paths themselves), and such an edge can never be an arc of a shortest
 *   path, nor tie with one. A source's Dijkstra proves it for an edge u-v when
 *   d(s,u) + d(s,v) is clearly below its length. The first WIDE sources test
 *   every edge that way, the others their own edges; between rounds of sources the
 *   graph is compacted. The first source alone leaves about 15% of the arcs.
 * - Arcs are sorted by length within each vertex, so a scan stops at the first arc
 *   clearly longer than the farthest tentative distance (once all of the source's
 *   component has been reached).
 * - The usual arc is rejected with one comparison (dist[v] < du + len minus a margin
 *   well above the tie tolerance); unreached vertices are INFINITY.
 *
 * Determinism: the sources run in a fixed order (degree descending) in rounds whose
 * sizes depend on n only, each round on the graph as the previous rounds left it;
 * so every source sees the same arcs in the same order whatever the thread count.
 *
 * Ties follow igraph 0.10.2's weighted betweenness (src/centrality/betweenness.c,
 * igraph_i_sspf_weighted): distances are kept plus one (the source has 1.0), a new
 * path length is compared with the current one by igraph_cmp_epsilon's relative rule
 * with eps 1e-10; "shorter" replaces the parent list and the path count, "equal" adds
 * a parent and its paths. Lengths like 1/2 + 1/2 and 1 (or 1/3 + 1/3 + 1/3 and 1,
 * which differ in the last bit) are therefore the same length, as in igraph.
 *
 * Each source adds its dependencies to its thread's accumulator in
 * 128-bit fixed point with 60 fraction bits. Integer addition is associative, so the
 * totals do not depend on which thread took which source; the rounding to 2^-60 per
 * term is far below a double's resolution at the sizes printed. Closeness is one
 * value per source, written by the thread that ran it.
 */
#include "graph_internal.h"

#include <coauth/coauth.h>
#include <float.h>
#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COAUTH_IG(call)                                                                            \
    do {                                                                                           \
        igraph_error_t ig_rc_ = (call);                                                            \
        if (ig_rc_ != IGRAPH_SUCCESS) {                                                            \
            rc = coauth_fail(err, COAUTH_EGRAPH, "%s: %s", #call, coauth_igraph_reason());         \
            goto out;                                                                              \
        }                                                                                          \
    } while (0)

/* ---- shortest-path measures ------------------------------------------------------- */

__extension__ typedef __int128 fix128; /* gcc and clang; ISO C has no 128-bit integer */

#define PATH_EPS    1e-10      /* IGRAPH_SHORTEST_PATH_EPSILON in igraph 0.10.2 */
#define FIX_SCALE   0x1p60     /* fixed-point fraction bits of the accumulators */
#define NONE        UINT32_MAX /* no vertex, no parent, not in the heap */
#define CHUNK       4          /* sources claimed at a time by a thread */
#define MAX_THREAD  64
#define ROUND_MIN   16   /* sources per round once the first WIDE have run */
#define WIDE        16   /* the first sources look for droppable edges everywhere */
#define DROP_MARGIN 1e-6 /* relative excess over d(u,v) that makes an edge droppable */

/* igraph_cmp_epsilon(a, b, 1e-10) of igraph 0.10.2 (src/math/utils.c): 0 when a and b
 * are equal within a relative error |a-b| / (|a|+|b|) below eps, else the sign of a-b. */
static int cmp_eps(double a, double b)
{
    if (a == b)
        return 0;
    double diff = a - b, abs_diff = fabs(diff), sum = fabs(a) + fabs(b);
    if (a == 0 || b == 0 || sum < DBL_MIN)
        return abs_diff < PATH_EPS * DBL_MIN ? 0 : (diff < 0 ? -1 : 1);
    if (!isfinite(sum))
        return abs_diff < PATH_EPS * fabs(a) + PATH_EPS * fabs(b) ? 0 : (diff < 0 ? -1 : 1);
    return abs_diff / sum < PATH_EPS ? 0 : (diff < 0 ? -1 : 1);
}

/* The undirected graph as CSR: the arcs of v are aoff[v] .. aoff[v+1]-1, sorted by
 * length (ties in edge order). As (uint32, double) pairs the 2.9M arcs of a 1.4M-edge
 * graph take 34 MB, more than the L3 cache, but only the first source scans them all:
 * it drops most edges (see the notes). */
typedef struct csr {
    size_t n;
    uint32_t *aoff;  /* n + 1: first arc of v */
    uint32_t *nbr;   /* per arc: the other end */
    double *len;     /* per arc: 1 / weight */
    uint32_t *eid;   /* per arc: index of its edge in the caller's list */
    uint32_t *reach; /* number of vertices in the component of v, v included */
} csr;

static void csr_release(csr *g)
{
    free(g->aoff);
    free(g->nbr);
    free(g->len);
    free(g->eid);
    free(g->reach);
    memset(g, 0, sizeof *g);
}

/* order[0..m) = 0..m-1 sorted by len ascending, ties by index: an LSD radix sort on the
 * bits of the lengths (positive doubles order as their bit patterns), 16 bits a pass,
 * skipping passes where all keys share the digit. -1 when out of memory. */
static int sort_by_length(uint32_t *order, const double *len, size_t m)
{
    uint64_t *key = malloc((m ? m : 1) * sizeof *key);
    uint64_t *key2 = malloc((m ? m : 1) * sizeof *key2);
    uint32_t *order2 = malloc((m ? m : 1) * sizeof *order2);
    uint32_t *count = malloc(65537 * sizeof *count);
    if (!key || !key2 || !order2 || !count) {
        free(key);
        free(key2);
        free(order2);
        free(count);
        return -1;
    }
    for (size_t e = 0; e < m; e++) {
        memcpy(&key[e], &len[e], sizeof key[e]);
        order[e] = (uint32_t)e;
    }
    for (unsigned shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65537 * sizeof *count);
        for (size_t e = 0; e < m; e++)
            count[((key[e] >> shift) & 0xffff) + 1]++;
        if (m == 0 || count[((key[0] >> shift) & 0xffff) + 1] == m)
            continue; /* one digit for all */
        for (size_t d = 1; d <= 65536; d++)
            count[d] += count[d - 1];
        for (size_t e = 0; e < m; e++) {
            uint32_t at = count[(key[e] >> shift) & 0xffff]++;
            key2[at] = key[e];
            order2[at] = order[e];
        }
        uint64_t *tk = key;
        key = key2;
        key2 = tk;
        memcpy(order, order2, m * sizeof *order);
    }
    free(key);
    free(key2);
    free(order2);
    free(count);
    return 0;
}

static uint32_t uf_find(uint32_t *parent, uint32_t v)
{
    while (parent[v] != v) {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    return v;
}

/* reach[v] = size of v's component (union-find; reach doubles as the parent array) */
static int component_sizes(uint32_t *reach, size_t n, size_t m, const uint32_t *from,
                           const uint32_t *to)
{
    for (size_t v = 0; v < n; v++)
        reach[v] = (uint32_t)v;
    for (size_t e = 0; e < m; e++) {
        uint32_t a = uf_find(reach, from[e]), b = uf_find(reach, to[e]);
        if (a != b)
            reach[a < b ? b : a] = a < b ? a : b;
    }
    uint32_t *count = calloc(n, sizeof *count);
    if (!count)
        return -1;
    for (size_t v = 0; v < n; v++) {
        reach[v] = uf_find(reach, (uint32_t)v);
        count[reach[v]]++;
    }
    for (size_t v = 0; v < n; v++)
        reach[v] = count[reach[v]];
    free(count);
    return 0;
}

/* n < 2^32 - 1 and 2m < 2^32 - 1 (checked by the caller) */
static coauth_status csr_build(csr *g, size_t n, size_t m, const uint32_t *from, const uint32_t *to,
                               const double *weight, coauth_error *err)
{
    uint32_t *off = NULL;
    double *len = NULL;
    memset(g, 0, sizeof *g);
    g->n = n;
    g->reach = malloc(n * sizeof *g->reach);
    g->nbr = malloc((m ? 2 * m : 1) * sizeof *g->nbr);
    g->eid = malloc((m ? 2 * m : 1) * sizeof *g->eid);
    off = calloc(n + 1, sizeof *off);
    len = malloc((m ? m : 1) * sizeof *len); /* per edge */
    if (!g->reach || !g->nbr || !g->eid || !off || !len ||
        component_sizes(g->reach, n, m, from, to))
        goto nomem;

    /* Arcs by length within each vertex (so that a scan can stop at the first arc too
     * long to matter, see one_source), ties in edge order: the edges sorted by length
     * once, then appended to both ends' lists. off[v+1] is the fill cursor of v. */
    for (size_t e = 0; e < m; e++) {
        off[from[e] + 1]++;
        off[to[e] + 1]++;
        len[e] = 1.0 / weight[e];
    }
    for (size_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    uint32_t *by_len = malloc((m ? m : 1) * sizeof *by_len);
    if (!by_len || sort_by_length(by_len, len, m)) {
        free(by_len);
        goto nomem;
    }
    double *alen = malloc((m ? 2 * m : 1) * sizeof *alen); /* per arc */
    if (!alen) {
        free(by_len);
        goto nomem;
    }
    for (size_t i = 0; i < m; i++) {
        uint32_t e = by_len[i], a = off[from[e]]++, b = off[to[e]]++;
        g->nbr[a] = to[e];
        g->eid[a] = e;
        alen[a] = len[e];
        g->nbr[b] = from[e];
        g->eid[b] = e;
        alen[b] = len[e];
    }
    free(by_len);
    free(len);
    len = alen;
    for (size_t v = n; v > 0; v--)
        off[v] = off[v - 1];
    off[0] = 0;

    g->aoff = off;
    g->len = len;
    return COAUTH_OK;
nomem:
    free(off);
    free(len);
    csr_release(g);
    return coauth_fail(err, COAUTH_ENOMEM, "out of memory for a graph of %zu edges", m);
}

/* Remove the arcs of the edges with killed[e] set, in place; the order of what remains
 * is kept. */
static void csr_drop(csr *g, const atomic_uchar *killed)
{
    uint32_t a = 0, j = 0;
    for (size_t v = 0; v < g->n; v++) {
        uint32_t end = g->aoff[v + 1];
        g->aoff[v] = j;
        for (; a < end; a++)
            if (!atomic_load_explicit(&killed[g->eid[a]], memory_order_relaxed)) {
                g->nbr[j] = g->nbr[a];
                g->len[j] = g->len[a];
                g->eid[j] = g->eid[a];
                j++;
            }
    }
    g->aoff[g->n] = j;
}

typedef struct paths_job {
    const csr *g;
    const uint32_t *src;  /* all sources, in the order they are run */
    size_t end;           /* this round runs src[next .. end) */
    size_t wide_end;      /* src[0 .. wide_end) check every edge, not just their own */
    atomic_uchar *killed; /* per edge: found on no shortest path (set, never cleared) */
    atomic_size_t next;   /* next source to claim */
    atomic_bool failed;   /* a thread ran out of memory: everyone stops */
    double *closeness;    /* one entry per source, written by the thread that ran it */
} paths_job;

/* One thread's state. Between sources: dist is INFINITY, sigma and delta are 0, head is NONE for
 * every vertex, pos is NONE, the heap is empty. */
typedef struct paths_worker {
    paths_job *job;
    double *dist;    /* distance + 1 (igraph's convention), INFINITY = not reached */
    double *sigma;   /* number of shortest paths from the source */
    double *delta;   /* Brandes dependency */
    uint32_t *order; /* settled vertices in order */
    double *hkey;    /* 4-ary min-heap: keys (dist of the vertex) ... */
    uint32_t *hid;   /* ... and vertices */
    uint32_t *pos;   /* heap index of a vertex, NONE when not in the heap */
    uint32_t *head;  /* first parent entry of a vertex in the pool */
    uint32_t *par;   /* parent-pool: vertex of the entry */
    uint32_t *link;  /* parent-pool: next entry of the same vertex */
    size_t pool_cap; /* entries in par/link */
    fix128 *acc;     /* summed dependencies, fixed point */
    size_t n_kill;   /* edges marked in job->killed this round (repeats counted) */
    bool wide;       /* this source checks every edge of its component */
    pthread_t tid;
    bool started;
} paths_worker;

/* Put vertex v with key d at heap slot i or above (a push at i = size, or a decrease). */
static void heap_up(paths_worker *w, uint32_t i, uint32_t v, double d)
{
    while (i > 0) {
        uint32_t p = (i - 1) / 4;
        if (!(d < w->hkey[p]))
            break;
        w->hkey[i] = w->hkey[p];
        w->hid[i] = w->hid[p];
        w->pos[w->hid[i]] = i;
        i = p;
    }
    w->hkey[i] = d;
    w->hid[i] = v;
    w->pos[v] = i;
}

static uint32_t heap_pop(paths_worker *w, uint32_t *size)
{
    uint32_t top = w->hid[0], n = --*size;
    w->pos[top] = NONE;
    if (n == 0)
        return top;
    uint32_t v = w->hid[n], i = 0;
    double d = w->hkey[n];
    for (;;) {
        uint32_t c = 4 * i + 1, last = c + 4 < n ? c + 4 : n, best = c;
        if (c >= n)
            break;
        double bk = w->hkey[c];
        for (uint32_t j = c + 1; j < last; j++)
            if (w->hkey[j] < bk) {
                bk = w->hkey[j];
                best = j;
            }
        if (!(bk < d))
            break;
        w->hkey[i] = bk;
        w->hid[i] = w->hid[best];
        w->pos[w->hid[i]] = i;
        i = best;
    }
    w->hkey[i] = d;
    w->hid[i] = v;
    w->pos[v] = i;
    return top;
}

/* A parent entry for vertex `p` in front of `next`; grows the pool. -1 when out of memory. */
static int pool_add(paths_worker *w, size_t *used, uint32_t p, uint32_t next, uint32_t *out)
{
    if (*used == w->pool_cap) {
        size_t cap = w->pool_cap * 2;
        uint32_t *a = realloc(w->par, cap * sizeof *a);
        if (!a)
            return -1;
        w->par = a;
        uint32_t *b = realloc(w->link, cap * sizeof *b);
        if (!b)
            return -1;
        w->link = b;
        w->pool_cap = cap;
    }
    w->par[*used] = p;
    w->link[*used] = next;
    *out = (uint32_t)(*used)++;
    return 0;
}

/* Dijkstra from s, closeness of s, then s's dependencies added to w->acc. igraph's
 * igraph_i_sspf_weighted and the accumulation loop of igraph_betweenness_cutoff, step
 * for step, except that the parent lists live in one pool. -1 when out of memory. */
static int one_source(paths_worker *w, uint32_t s)
{
    const csr *g = w->job->g;
    const uint32_t *nbr = g->nbr;
    const double *len = g->len;
    double *dist = w->dist, *sigma = w->sigma, *delta = w->delta;
    uint32_t *head = w->head;
    uint32_t hsize = 0, settled = 0, reached = 1, refresh_at = 0;
    size_t used = 0;
    /* Pruning. Once the whole component of s is reached, bound >= the distance of every
     * reached vertex, so an arc with du + len clearly above bound (the same test as the
     * skip below) changes nothing, nor does any longer arc of u: the scan stops there.
     * bound is the heap's maximum, recomputed whenever the heap has shrunk by 1/8. */
    double bound = INFINITY;

    dist[s] = 1.0;
    sigma[s] = 1;
    heap_up(w, hsize++, s, 1.0);
    while (hsize > 0) {
        uint32_t u = heap_pop(w, &hsize);
        double du = dist[u], su = sigma[u];
        w->order[settled++] = u;
        if (reached == g->reach[s] && (bound == INFINITY || hsize <= refresh_at)) {
            bound = du;
            for (uint32_t i = 0; i < hsize; i++)
                if (w->hkey[i] > bound)
                    bound = w->hkey[i];
            refresh_at = hsize > 0 ? hsize - hsize / 8 - 1 : 0;
        }
        if (hsize > 0) { /* likely the next vertex to settle: fetch its arcs meanwhile */
            uint32_t x = w->hid[0];
            __builtin_prefetch(&nbr[g->aoff[x]]);
            __builtin_prefetch(&len[g->aoff[x]]);
            __builtin_prefetch(&len[g->aoff[x]] + 8);
        }
        /* alt above this is clearly above bound: alt - bound > 1e-8 bound exceeds
         * 4e-10 (alt + bound), the skip test below */
        double stop = bound * (1 + 1e-8);
        for (uint32_t a = g->aoff[u], end = g->aoff[u + 1]; a < end; a++) {
            double alt = du + len[a];
            if (alt > stop)
                break;
            uint32_t v = nbr[a];
            double cur = dist[v];
            /* v closer than this is clearly closer than alt (relative difference above
             * 4e-10, so cmp_eps says >0): the common case, one comparison */
            if (cur < alt * (1 - 1e-9))
                continue;
            bool first = cur == INFINITY; /* first path to v */
            int c = first ? -1 : cmp_eps(alt, cur);
            if (c < 0) { /* first or shorter: u is v's only parent so far */
                uint32_t e;
                if (pool_add(w, &used, u, NONE, &e))
                    return -1;
                head[v] = e;
                sigma[v] = su;
                dist[v] = alt;
                if (first) {
                    reached++;
                    heap_up(w, hsize++, v, alt);
                } else if (w->pos[v] != NONE) { /* still in the heap: lengths are > 0 */
                    heap_up(w, w->pos[v], v, alt);
                }
            } else if (c == 0) { /* as short: one more parent */
                uint32_t e;
                if (pool_add(w, &used, u, head[v], &e))
                    return -1;
                head[v] = e;
                sigma[v] += su;
            }
        }
    }

    /* Edges on no shortest path. An edge u-v longer than d(s,u) + d(s,v) >= d(u,v) by
     * more than DROP_MARGIN (1 + 2 ecc(s) + len) can never be a tight arc of any
     * Dijkstra: from a source t of this component, t's distances are at most 2 ecc(s),
     * and the arc overshoots by more than the 1e-10 relative tie tolerance, with room
     * to spare for the stored distances, which the first-found rule may leave up to
     * 1e-10 relative above the shortest per hop, over thousands of hops. (Computed
     * distances are lengths of real paths, never below the shortest but for rounding,
     * so they never make an edge look droppable that is not.) Dropping such edges keeps
     * every distance, every shortest path and every tie, so later rounds need not scan
     * them. Each source checks its own edges (u = s); the first WIDE check every edge
     * of the component. */
    double far = dist[w->order[settled - 1]] - 1.0; /* ecc(s): the last one settled */
    double margin = DROP_MARGIN * (1 + 2 * far);
    uint32_t n_check = w->wide ? settled : 1;
    for (uint32_t i = 0; i < n_check; i++) {
        uint32_t u = w->order[i];
        double du1 = dist[u] - 2.0; /* d(s,u) - 1, so that du1 + dist[v] = d(s,u) + d(s,v) */
        for (uint32_t a = g->aoff[u]; a < g->aoff[u + 1]; a++)
            if (len[a] - (du1 + dist[nbr[a]]) > margin + DROP_MARGIN * len[a]) {
                atomic_store_explicit(&w->job->killed[g->eid[a]], 1, memory_order_relaxed);
                w->n_kill++;
            }
    }

    /* closeness: (r-1) / sum of distances, summed in settling order as igraph does */
    double sum = 0;
    for (uint32_t i = 1; i < settled; i++)
        sum += dist[w->order[i]] - 1.0;
    w->job->closeness[s] = settled > 1 ? (double)(settled - 1) / sum : 0.0;

    for (uint32_t i = settled; i-- > 0;) {
        uint32_t v = w->order[i];
        double coeff = (1 + delta[v]) / sigma[v];
        for (uint32_t e = head[v]; e != NONE; e = w->link[e])
            delta[w->par[e]] += sigma[w->par[e]] * coeff;
        if (v != s)
            w->acc[v] += (fix128)(delta[v] * FIX_SCALE);
        dist[v] = INFINITY;
        sigma[v] = delta[v] = 0;
        head[v] = NONE;
    }
    return 0;
}

static void *paths_run(void *arg)
{
    paths_worker *w = arg;
    paths_job *job = w->job;
    while (!atomic_load(&job->failed)) {
        size_t s0 = atomic_fetch_add(&job->next, CHUNK);
        if (s0 >= job->end)
            break;
        for (size_t i = s0; i < s0 + CHUNK && i < job->end; i++) {
            w->wide = i < job->wide_end;
            if (one_source(w, job->src[i])) {
                atomic_store(&job->failed, true);
                break;
            }
        }
    }
    return NULL;
}

static void worker_release(paths_worker *w)
{
    free(w->dist);
    free(w->sigma);
    free(w->delta);
    free(w->order);
    free(w->hkey);
    free(w->hid);
    free(w->pos);
    free(w->head);
    free(w->par);
    free(w->link);
    free(w->acc);
}

static int worker_init(paths_worker *w, paths_job *job, size_t n)
{
    memset(w, 0, sizeof *w);
    w->job = job;
    w->dist = calloc(n, sizeof *w->dist);
    w->sigma = calloc(n, sizeof *w->sigma);
    w->delta = calloc(n, sizeof *w->delta);
    w->order = malloc(n * sizeof *w->order);
    w->hkey = malloc(n * sizeof *w->hkey);
    w->hid = malloc(n * sizeof *w->hid);
    w->pos = malloc(n * sizeof *w->pos);
    w->head = malloc(n * sizeof *w->head);
    w->pool_cap = n < 1024 ? 1024 : n;
    w->par = malloc(w->pool_cap * sizeof *w->par);
    w->link = malloc(w->pool_cap * sizeof *w->link);
    w->acc = calloc(n, sizeof *w->acc);
    if (!w->dist || !w->sigma || !w->delta || !w->order || !w->hkey || !w->hid || !w->pos ||
        !w->head || !w->par || !w->link || !w->acc) {
        worker_release(w);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        w->pos[i] = w->head[i] = NONE;
        w->dist[i] = INFINITY;
    }
    return 0;
}

/* Vertex ids by degree, descending, ties by id (a counting sort); -1 when out of
 * memory. */
static int by_degree(uint32_t *out, const csr *g)
{
    size_t n = g->n;
    size_t *start = calloc(n + 2, sizeof *start);
    if (!start)
        return -1;
    /* degree d goes to bucket n - d, so that buckets run from high degree to low */
    for (size_t v = 0; v < n; v++) {
        out[v] = g->aoff[v + 1] - g->aoff[v]; /* degree, for now */
        start[n - out[v] + 1]++;
    }
    for (size_t b = 1; b <= n + 1; b++)
        start[b] += start[b - 1];
    uint32_t *deg = malloc(n * sizeof *deg);
    if (!deg) {
        free(start);
        return -1;
    }
    memcpy(deg, out, n * sizeof *deg);
    for (size_t v = 0; v < n; v++)
        out[start[n - deg[v]]++] = (uint32_t)v;
    free(deg);
    free(start);
    return 0;
}

static coauth_status check_edges(size_t n_nodes, size_t n_edges, const uint32_t *from,
                                 const uint32_t *to, const double *weight, coauth_error *err)
{
    for (size_t e = 0; e < n_edges; e++)
        if (from[e] >= n_nodes || to[e] >= n_nodes || from[e] == to[e] || !(weight[e] > 0) ||
            !isfinite(weight[e]))
            return coauth_fail(err, COAUTH_EINVAL, "bad edge %zu in a centrality graph", e);
    return COAUTH_OK;
}

coauth_status coauth_graph_paths(size_t n_nodes, size_t n_edges, const uint32_t *from,
                                 const uint32_t *to, const double *weight, unsigned threads,
                                 double *out_betweenness, double *out_closeness, coauth_error *err)
{
    /* vertex ids and arc indices are uint32_t, NONE excluded */
    if (n_nodes >= NONE || n_edges >= (NONE - 1) / 2)
        return coauth_fail(err, COAUTH_ELIMIT,
                           "graph of %zu nodes and %zu edges is too large for centrality", n_nodes,
                           n_edges);
    for (size_t i = 0; i < n_nodes; i++)
        out_betweenness[i] = out_closeness[i] = 0.0;
    if (n_nodes == 0)
        return COAUTH_OK;
    coauth_status rc = check_edges(n_nodes, n_edges, from, to, weight, err);
    if (rc)
        return rc;

    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (unsigned)cpus : 1;
    }
    if (threads > MAX_THREAD)
        threads = MAX_THREAD;
    if ((n_nodes + CHUNK - 1) / CHUNK < threads)
        threads = (unsigned)((n_nodes + CHUNK - 1) / CHUNK);

    csr g;
    if ((rc = csr_build(&g, n_nodes, n_edges, from, to, weight, err)))
        return rc;
    paths_job job = {.g = &g, .closeness = out_closeness, .wide_end = WIDE};
    atomic_init(&job.next, 0);
    atomic_init(&job.failed, false);
    uint32_t *src = malloc(n_nodes * sizeof *src);
    atomic_uchar *killed = calloc(n_edges ? n_edges : 1, sizeof *killed);
    paths_worker *w = calloc(threads, sizeof *w);
    unsigned n_init = 0;
    if (!src || !killed || !w) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory for centrality");
        goto out;
    }
    for (; n_init < threads; n_init++)
        if (worker_init(&w[n_init], &job, n_nodes)) {
            rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory for centrality");
            goto out;
        }
    /* sources by degree, descending (ties by id): a high-degree source drops the most
     * edges for the rounds after it */
    if (by_degree(src, &g)) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory for centrality");
        goto out;
    }
    job.src = src;
    job.killed = killed;

    /* Rounds: the sources of a round share the graph as it was when the round began;
     * between rounds the edges found on no shortest path are dropped. The round sizes
     * depend on n only, never on the thread count, so the arcs each source sees, and
     * therefore every floating-point operation, are the same on any machine. */
    for (size_t done = 0; done < n_nodes;) {
        /* 1, 1, 2, 4, ... up to WIDE (each wide source shrinks the graph for the next),
         * then a quarter of those done, at least ROUND_MIN */
        size_t size = done / 4 < ROUND_MIN ? ROUND_MIN : done / 4;
        if (done < WIDE)
            size = done ? done : 1;
        job.end = n_nodes - done < size ? n_nodes : done + size;
        atomic_store(&job.next, done);
        /* workers 1.. on their own threads, worker 0 on this one; a thread that cannot
         * be started leaves its share to the others (the result is the same) */
        for (unsigned t = 1; t < threads; t++)
            w[t].started = pthread_create(&w[t].tid, NULL, paths_run, &w[t]) == 0;
        paths_run(&w[0]);
        for (unsigned t = 1; t < threads; t++)
            if (w[t].started)
                pthread_join(w[t].tid, NULL);
        if (atomic_load(&job.failed)) {
            rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory for centrality");
            goto out;
        }
        size_t n_new = 0;
        for (unsigned t = 0; t < threads; t++) {
            n_new += w[t].n_kill;
            w[t].n_kill = 0;
        }
        if (n_new)
            csr_drop(&g, killed);
        done = job.end;
    }
    /* each unordered pair was counted from both ends: halve, as igraph does */
    for (size_t v = 0; v < n_nodes; v++) {
        fix128 total = 0;
        for (unsigned t = 0; t < threads; t++)
            total += w[t].acc[v];
        out_betweenness[v] = (double)total / FIX_SCALE * 0.5;
    }
out:
    if (w)
        for (unsigned t = 0; t < n_init; t++)
            worker_release(&w[t]);
    free(w);
    free(src);
    free(killed);
    csr_release(&g);
    if (rc)
        for (size_t i = 0; i < n_nodes; i++)
            out_betweenness[i] = out_closeness[i] = 0.0;
    return rc;
}

/* ---- all measures ------------------------------------------------------------------ */

/* coauth_graph_paths on a thread of its own, while the caller's thread runs igraph
 * (which only that thread ever calls). */
typedef struct paths_call {
    size_t n, m;
    const uint32_t *from, *to;
    const double *weight;
    double *betweenness, *closeness;
    coauth_status rc;
    coauth_error err;
} paths_call;

static void *paths_call_run(void *arg)
{
    paths_call *p = arg;
    p->rc = coauth_graph_paths(p->n, p->m, p->from, p->to, p->weight, 0, p->betweenness,
                               p->closeness, &p->err);
    return NULL;
}

coauth_status coauth_graph_centrality(size_t n_nodes, size_t n_edges, const uint32_t *from,
                                      const uint32_t *to, const double *weight,
                                      coauth_graph_measures *out, coauth_error *err)
{
    coauth_status rc = COAUTH_OK;
    igraph_vector_int_t edges;
    igraph_vector_t w, res;
    igraph_t g;
    bool have_edges = false, have_w = false, have_res = false, have_g = false;

    for (size_t i = 0; i < n_nodes; i++)
        out->betweenness[i] = out->closeness[i] = out->eigenvector[i] = out->pagerank[i] = 0.0;
    if (n_nodes == 0)
        return COAUTH_OK;
    if ((rc = check_edges(n_nodes, n_edges, from, to, weight, err)))
        return rc;

    /* Betweenness (each unordered pair once) and closeness ((r-1)/sum; 0 for a vertex
     * that reaches nobody): one Dijkstra per source, see the notes above, on another
     * thread meanwhile (or first, if no thread can be started). */
    paths_call pc = {.n = n_nodes,
                     .m = n_edges,
                     .from = from,
                     .to = to,
                     .weight = weight,
                     .betweenness = out->betweenness,
                     .closeness = out->closeness,
                     .err = COAUTH_ERROR_INIT};
    pthread_t paths_tid;
    bool paths_bg = pthread_create(&paths_tid, NULL, paths_call_run, &pc) == 0;
    if (!paths_bg)
        paths_call_run(&pc);

    COAUTH_IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * n_edges)));
    have_edges = true;
    COAUTH_IG(igraph_vector_init(&w, (igraph_integer_t)n_edges));
    have_w = true;
    for (size_t e = 0; e < n_edges; e++) {
        VECTOR(edges)[2 * e] = (igraph_integer_t)from[e];
        VECTOR(edges)[2 * e + 1] = (igraph_integer_t)to[e];
        VECTOR(w)[e] = weight[e];
    }
    COAUTH_IG(igraph_create(&g, &edges, (igraph_integer_t)n_nodes, IGRAPH_UNDIRECTED));
    have_g = true;
    COAUTH_IG(igraph_vector_init(&res, 0));
    have_res = true;

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
    if (paths_bg)
        pthread_join(paths_tid, NULL);
    if (rc == COAUTH_OK && pc.rc != COAUTH_OK)
        rc = coauth_fail(err, pc.rc, "%s", pc.err.msg);
    if (have_res)
        igraph_vector_destroy(&res);
    if (have_g)
        igraph_destroy(&g);
    if (have_w)
        igraph_vector_destroy(&w);
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    return rc;
}

/* ---- layout and communities of a map ------------------------------------------------ */

typedef struct by_size {
    double size;
    uint32_t v;
} by_size;

static int by_size_cmp(const void *a, const void *b)
{
    const by_size *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->v < y->v ? -1 : x->v > y->v;
}

coauth_status coauth_graph_map(size_t n_nodes, size_t n_edges, const uint32_t *from,
                               const uint32_t *to, const double *weight, const double *size,
                               double *out_x, double *out_y, uint32_t *out_community,
                               double *out_modularity, coauth_error *err)
{
    coauth_status rc = COAUTH_OK;
    igraph_vector_int_t edges, membership;
    igraph_vector_t w, strength, attract;
    igraph_matrix_t pos;
    igraph_t g;
    bool have_edges = false, have_w = false, have_g = false, have_pos = false;
    bool have_strength = false, have_membership = false, have_attract = false;
    by_size *order = NULL;
    double *strength_of = NULL, *comp_total = NULL;
    uint32_t *comp = NULL;

    if (out_modularity)
        *out_modularity = 0.0;
    if (n_nodes == 0)
        return COAUTH_OK;
    if ((rc = check_edges(n_nodes, n_edges, from, to, weight, err)))
        return rc;
    order = malloc(n_nodes * sizeof *order);
    strength_of = calloc(n_nodes, sizeof *strength_of);
    comp_total = calloc(n_nodes, sizeof *comp_total);
    comp = malloc(n_nodes * sizeof *comp);
    if (!order || !strength_of || !comp_total || !comp) {
        free(order);
        free(strength_of);
        free(comp_total);
        free(comp);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory laying out %zu nodes", n_nodes);
    }
    for (size_t i = 0; i < n_nodes; i++)
        order[i] = (by_size){size ? size[i] : 0.0, (uint32_t)i};
    qsort(order, n_nodes, sizeof *order, by_size_cmp);

    COAUTH_IG(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * n_edges)));
    have_edges = true;
    COAUTH_IG(igraph_vector_init(&w, (igraph_integer_t)n_edges));
    have_w = true;
    double total = 0.0;
    for (size_t e = 0; e < n_edges; e++) {
        VECTOR(edges)[2 * e] = (igraph_integer_t)from[e];
        VECTOR(edges)[2 * e + 1] = (igraph_integer_t)to[e];
        VECTOR(w)[e] = weight[e];
        total += weight[e];
    }
    COAUTH_IG(igraph_create(&g, &edges, (igraph_integer_t)n_nodes, IGRAPH_UNDIRECTED));
    have_g = true;

    /* Start on a golden-angle spiral, largest vertices innermost: deterministic, and
     * about one vertex per unit of area, the scale of igraph's forces. */
    COAUTH_IG(igraph_matrix_init(&pos, (igraph_integer_t)n_nodes, 2));
    have_pos = true;
    const double golden = 2.39996322972865332; /* pi (3 - sqrt 5) */
    for (size_t i = 0; i < n_nodes; i++) {
        double r = sqrt((double)i + 0.5), t = (double)i * golden;
        MATRIX(pos, order[i].v, 0) = r * cos(t);
        MATRIX(pos, order[i].v, 1) = r * sin(t);
    }
    COAUTH_IG(igraph_rng_seed(igraph_rng_default(), COAUTH_GRAPH_SEED));
    /* Attraction by association strength (VOSviewer's normalisation): a link's weight
     * relative to what its ends' strengths lead one to expect, 2 W w_ab / (s_a s_b), with
     * W the total weight of the link's connected component (so a pair alone is 2, not
     * thousands). Raw weights pull the hubs into one knot; these spread them and keep
     * the few partners of a small node near it. */
    for (size_t i = 0; i < n_nodes; i++)
        comp[i] = (uint32_t)i;
    for (size_t e = 0; e < n_edges; e++) {
        strength_of[from[e]] += weight[e];
        strength_of[to[e]] += weight[e];
        uint32_t a = uf_find(comp, from[e]), b = uf_find(comp, to[e]);
        if (a != b)
            comp[a < b ? b : a] = a < b ? a : b;
    }
    for (size_t e = 0; e < n_edges; e++)
        comp_total[uf_find(comp, from[e])] += weight[e];
    COAUTH_IG(igraph_vector_init(&attract, (igraph_integer_t)n_edges));
    have_attract = true;
    for (size_t e = 0; e < n_edges; e++)
        VECTOR(attract)
    [e] = 2.0 * comp_total[uf_find(comp, from[e])] * weight[e] /
          (strength_of[from[e]] * strength_of[to[e]]);
    COAUTH_IG(igraph_layout_fruchterman_reingold(&g, &pos, true, 500, sqrt((double)n_nodes) / 10.0,
                                                 IGRAPH_LAYOUT_AUTOGRID, n_edges ? &attract : NULL,
                                                 NULL, NULL, NULL, NULL));
    for (size_t i = 0; i < n_nodes; i++) {
        out_x[i] = MATRIX(pos, i, 0);
        out_y[i] = MATRIX(pos, i, 1);
    }

    if (n_edges == 0) {
        for (size_t i = 0; i < n_nodes; i++)
            out_community[i] = (uint32_t)i;
        goto out;
    }
    COAUTH_IG(igraph_vector_init(&strength, 0));
    have_strength = true;
    COAUTH_IG(igraph_strength(&g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, &w));
    COAUTH_IG(igraph_vector_int_init(&membership, (igraph_integer_t)n_nodes));
    have_membership = true;
    igraph_integer_t n_clusters = 0;
    igraph_real_t quality = 0, q = 0;
    COAUTH_IG(igraph_rng_seed(igraph_rng_default(), COAUTH_GRAPH_SEED));
    COAUTH_IG(igraph_community_leiden(&g, &w, &strength, 1.0 / (2.0 * total), 0.01, false, -1,
                                      &membership, &n_clusters, &quality));
    for (size_t i = 0; i < n_nodes; i++)
        out_community[i] = (uint32_t)VECTOR(membership)[i];
    COAUTH_IG(igraph_modularity(&g, &membership, &w, 1.0, false, &q));
    if (out_modularity)
        *out_modularity = q;
out:
    if (have_membership)
        igraph_vector_int_destroy(&membership);
    if (have_strength)
        igraph_vector_destroy(&strength);
    if (have_attract)
        igraph_vector_destroy(&attract);
    if (have_pos)
        igraph_matrix_destroy(&pos);
    if (have_g)
        igraph_destroy(&g);
    if (have_w)
        igraph_vector_destroy(&w);
    if (have_edges)
        igraph_vector_int_destroy(&edges);
    free(order);
    free(strength_of);
    free(comp_total);
    free(comp);
    return rc;
}
