/* network.c - `network`: the undirected co-authorship graph at country or institution
 * level, with whole (L_ab) and fractional (sum of 1/(|C(p)|-1)) link weights.
 *
 * Invariant: node totals live in dense arrays indexed by node id (676 countries, or the
 * ROR organisations and (institution, country) pairs of institutions_internal.h); links
 * in an array found by their key (low id << 32 | high id) through a dense 676 x 676
 * index at country level (1.8 MB) or the library's hash (src/hash_internal.h) at
 * institution level; memory is O(nodes + links), independent of the number of papers.
 * The result's nodes are sorted by name and its edges by (source, target) with
 * source < target.
 *
 * Cost at institution level: a paper with k institutions adds k(k-1)/2 links, so the
 * scan is O(sum_p |C(p)|^2) time and the link map O(distinct pairs) memory. With
 * --min-papers N > 1 the papers are scanned twice in one read transaction: the first
 * scan counts each node's papers, the second records only links between nodes with at
 * least N papers, so the map holds only the kept graph.
 */
#include "papers_internal.h"

#include "hash_internal.h"

#include <coauth/strtab.h>
#include <stdlib.h>
#include <string.h>

typedef struct link {
    uint64_t key;
    uint64_t papers;
    double frac;
} link;

typedef struct net_ctx {
    uint64_t *w;
    double *f;
    size_t n_ids;
    uint32_t *dense;   /* country level: low * 676 + high -> link index + 1 */
    coauth_hash index; /* institution level: key -> link index */
    link *links;
    size_t n_links, cap_links;
    uint64_t min_papers; /* links only between nodes with at least this many papers */
    bool count_nodes;    /* this scan adds to w and f */
    bool count_links;    /* this scan adds links */
} net_ctx;

static coauth_status on_start(uint32_t max_id, void *vctx, coauth_error *err)
{
    net_ctx *c = vctx;
    c->n_ids = (size_t)max_id + 1;
    c->w = calloc(c->n_ids, sizeof *c->w);
    c->f = calloc(c->n_ids, sizeof *c->f);
    if (!c->w || !c->f)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory for %zu nodes", c->n_ids);
    bool ok = c->n_ids <= COAUTH_N_COUNTRY_IDS
                  ? (c->dense = calloc((size_t)COAUTH_N_COUNTRY_IDS * COAUTH_N_COUNTRY_IDS,
                                       sizeof *c->dense)) != NULL
                  : coauth_hash_init(&c->index, 1024);
    if (!ok)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in network");
    return COAUTH_OK;
}

static bool eq_link(const void *ctx, uint32_t id, const char *s, size_t n)
{
    uint64_t key;
    (void)n;
    memcpy(&key, s, sizeof key);
    return ((const net_ctx *)ctx)->links[id].key == key;
}

/* The link of nodes a < b, added with zeros when new. */
static coauth_status get_link(net_ctx *c, uint32_t a, uint32_t b, link **out, coauth_error *err)
{
    uint64_t key = (uint64_t)a << 32 | b;
    uint32_t *d = NULL;
    coauth_hash_slot *sl = NULL;
    uint32_t h = 0;
    if (c->dense) {
        d = &c->dense[(size_t)a * COAUTH_N_COUNTRY_IDS + b];
        if (*d) {
            *out = &c->links[*d - 1];
            return COAUTH_OK;
        }
    } else {
        h = coauth_hash_bytes((const char *)&key, sizeof key);
        sl = coauth_hash_probe(&c->index, h, (const char *)&key, sizeof key, eq_link, c);
        if (sl->id) {
            *out = &c->links[sl->id - 1];
            return COAUTH_OK;
        }
    }
    if (c->n_links >= UINT32_MAX - 1)
        return coauth_fail(err, COAUTH_ELIMIT, "more than 2^32 - 2 links");
    coauth_status st =
        coauth_grow((void **)&c->links, &c->cap_links, c->n_links + 1, sizeof *c->links, err);
    if (st)
        return st;
    uint32_t idx = (uint32_t)c->n_links++;
    c->links[idx] = (link){key, 0, 0.0};
    if (d) {
        *d = idx + 1;
    } else {
        coauth_hash_set(sl, h, idx);
        if (c->n_links * 2 > coauth_hash_capacity(&c->index) && !coauth_hash_grow(&c->index))
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory in network");
    }
    *out = &c->links[idx];
    return COAUTH_OK;
}

static coauth_status on_paper(const paper_view *p, void *vctx, coauth_error *err)
{
    net_ctx *c = vctx;
    if (c->count_nodes)
        for (size_t i = 0; i < p->n_nodes; i++) {
            c->w[p->nodes[i].id]++;
            c->f[p->nodes[i].id] += p->nodes[i].frac;
        }
    if (p->n_nodes < 2 || !c->count_links)
        return COAUTH_OK;
    /* The share uses the paper's whole C(p), also when --min-papers drops some nodes. */
    double share = 1.0 / (double)(p->n_nodes - 1);
    for (size_t i = 0; i < p->n_nodes; i++) {
        if (c->w[p->nodes[i].id] < c->min_papers)
            continue;
        for (size_t j = i + 1; j < p->n_nodes; j++) {
            if (c->w[p->nodes[j].id] < c->min_papers)
                continue;
            /* nodes are ascending, so id_i < id_j */
            link *l = NULL;
            coauth_status st = get_link(c, p->nodes[i].id, p->nodes[j].id, &l, err);
            if (st)
                return st;
            l->papers++;
            l->frac += share;
        }
    }
    return COAUTH_OK;
}

typedef struct node_sort {
    const char *name;
    uint32_t id;
    const char *country, *ror; /* institution level: the node's country (NULL for none) and
                                  ROR id (NULL for a name-and-country institution) */
} node_sort;

static int opt_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* By name; nodes of one name by country, then ROR id (none first); then node id. */
static int name_cmp(const void *a, const void *b)
{
    const node_sort *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (!c)
        c = opt_cmp(x->country, y->country);
    if (!c)
        c = opt_cmp(x->ror, y->ror);
    if (!c)
        c = (x->id > y->id) - (x->id < y->id);
    return c;
}

static int edge_cmp(const void *a, const void *b)
{
    const coauth_network_edge *x = a, *y = b;
    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    return (x->target > y->target) - (x->target < y->target);
}

coauth_status coauth_query_network(coauth_store *s, const coauth_query_options *opts, bool isolated,
                                   coauth_network *out, coauth_error *err)
{
    memset(out, 0, sizeof *out);
    out->level = opts->level;
    out->counting = opts->counting;
    if (opts->level != COAUTH_LEVEL_COUNTRY && opts->level != COAUTH_LEVEL_INSTITUTION)
        return coauth_fail(err, COAUTH_EINVAL, "--level is required (country or institution)");
    net_ctx c = {0};
    uint32_t *keep = NULL; /* node id -> new index + 1 (0 = dropped) */
    uint32_t *ids = NULL;
    const char **names = NULL, **countries = NULL, **rors = NULL;
    node_sort *ns = NULL;
    bool *linked = NULL;
    paper_scan *scan = NULL;
    coauth_status st;
    bool frac = opts->counting == COAUTH_COUNTING_FRACTIONAL;

    if ((st = coauth_read_begin(s, err)))
        goto out;
    /* With --min-papers, a first scan counts the nodes' papers and the second records
     * only links between nodes that pass, so memory follows the kept graph. Both passes
     * share one part index. */
    uint64_t min_papers = opts->min_papers ? opts->min_papers : 1;
    c.min_papers = 0;
    c.count_nodes = true;
    c.count_links = min_papers <= 1;
    if ((st = coauth_paper_scan_open(s, opts, opts->level, &scan, err)) ||
        (st = on_start(coauth_paper_scan_max_id(scan), &c, err)) ||
        (st = coauth_paper_scan_run(scan, on_paper, &c, err)))
        goto out;
    if (!c.count_links) {
        c.min_papers = min_papers;
        c.count_nodes = false;
        c.count_links = true;
        if ((st = coauth_paper_scan_run(scan, on_paper, &c, err)))
            goto out;
    }

    /* Nodes passing --min-papers; links between two such nodes passing --min-weight. */
    linked = calloc(c.n_ids ? c.n_ids : 1, sizeof *linked);
    if (!linked) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in network");
        goto out;
    }
    size_t n_edges = 0;
    for (size_t i = 0; i < c.n_links; i++) {
        link *l = &c.links[i];
        uint32_t a = (uint32_t)(l->key >> 32), b = (uint32_t)l->key;
        double wgt = frac ? l->frac : (double)l->papers;
        if (c.w[a] < min_papers || c.w[b] < min_papers || wgt < opts->min_weight) {
            l->papers = 0; /* dropped */
            continue;
        }
        linked[a] = linked[b] = true;
        n_edges++;
    }
    size_t n_nodes = 0;
    for (size_t id = 0; id < c.n_ids; id++)
        if (c.w[id] >= min_papers && (isolated || linked[id]))
            n_nodes++;
    ids = malloc((n_nodes ? n_nodes : 1) * sizeof *ids);
    names = malloc((n_nodes ? n_nodes : 1) * sizeof *names);
    ns = malloc((n_nodes ? n_nodes : 1) * sizeof *ns);
    keep = calloc(c.n_ids ? c.n_ids : 1, sizeof *keep);
    countries = calloc(n_nodes ? n_nodes : 1, sizeof *countries);
    rors = calloc(n_nodes ? n_nodes : 1, sizeof *rors);
    if (!ids || !names || !ns || !keep || !countries || !rors) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in network");
        goto out;
    }
    size_t k = 0;
    for (size_t id = 0; id < c.n_ids; id++)
        if (c.w[id] >= min_papers && (isolated || linked[id]))
            ids[k++] = (uint32_t)id;
    if (opts->level == COAUTH_LEVEL_INSTITUTION) {
        if ((st = coauth_paper_scan_names(scan, ids, n_nodes, names, countries, rors, &out->names_,
                                          err)))
            goto out;
    } else {
        coauth_strtab *t = NULL;
        if ((st = coauth_strtab_new(&t, err)))
            goto out;
        out->names_ = t;
        for (size_t i = 0; i < n_nodes; i++) {
            char code[3];
            uint32_t sid;
            coauth_country_str(ids[i], code);
            if ((st = coauth_strtab_intern(t, code, 2, &sid, NULL, err)))
                goto out;
            names[i] = coauth_strtab_get(t, sid);
        }
    }
    coauth_paper_scan_free(scan);
    scan = NULL;
    for (size_t i = 0; i < n_nodes; i++)
        ns[i] = (node_sort){names[i], ids[i], countries[i], rors[i]};
    qsort(ns, n_nodes, sizeof *ns, name_cmp);

    out->nodes = calloc(n_nodes ? n_nodes : 1, sizeof *out->nodes);
    out->edges = calloc(n_edges ? n_edges : 1, sizeof *out->edges);
    if (!out->nodes || !out->edges) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory in network");
        goto out;
    }
    for (size_t i = 0; i < n_nodes; i++) {
        keep[ns[i].id] = (uint32_t)i + 1;
        out->nodes[i] = (coauth_network_node){ns[i].name, c.w[ns[i].id], c.f[ns[i].id],
                                              ns[i].country, ns[i].ror};
    }
    out->n_nodes = n_nodes;
    k = 0;
    for (size_t i = 0; i < c.n_links; i++) {
        const link *l = &c.links[i];
        if (l->papers == 0)
            continue;
        uint32_t a = keep[l->key >> 32] - 1, b = keep[(uint32_t)l->key] - 1;
        if (a > b) {
            uint32_t t = a;
            a = b;
            b = t;
        }
        out->edges[k++] =
            (coauth_network_edge){a, b, l->papers, l->frac, frac ? l->frac : (double)l->papers};
    }
    out->n_edges = k;
    qsort(out->edges, out->n_edges, sizeof *out->edges, edge_cmp);
out:
    coauth_paper_scan_free(scan);
    coauth_read_end(s);
    free(c.w);
    free(c.f);
    free(c.links);
    free(c.dense);
    coauth_hash_release(&c.index);
    free(keep);
    free(ids);
    free(names);
    free(countries);
    free(rors);
    free(ns);
    free(linked);
    if (st)
        coauth_network_release(out);
    return st;
}

void coauth_network_release(coauth_network *n)
{
    if (!n)
        return;
    free(n->nodes);
    free(n->edges);
    coauth_strtab_free(n->names_);
    n->nodes = NULL;
    n->edges = NULL;
    n->names_ = NULL;
    n->n_nodes = n->n_edges = 0;
}
