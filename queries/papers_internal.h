/* papers_internal.h - the one paper iterator every query uses, and the growth helper
 * the queries aggregate with.
 *
 * Invariant: a paper's nodes (C(p)) and their author-proportional shares are computed
 * here and only here, after --years and --fold-hk-mo, so every indicator shares one
 * definition (SPEC 5). Nodes are dense ids: at country level the code packed as
 * (c0-'A')*26 + (c1-'A') (0..675), at institution level a ROR organisation or an
 * (institution, country) pair, numbered as institutions_internal.h says.
 */
#ifndef COAUTH_PAPERS_INTERNAL_H
#define COAUTH_PAPERS_INTERNAL_H

#include <coauth/query.h>

#define COAUTH_N_COUNTRY_IDS (26u * 26u)

/* paper_node.lead bits: the first / last listed author has a part at this node. */
enum { PAPER_FIRST_AUTHOR = 1u, PAPER_LAST_AUTHOR = 2u };

/* One node of a paper: its id and its author-proportional share of the paper. */
typedef struct paper_node {
    uint32_t id;
    double frac;   /* sum_{a in A(p)} |{parts of a at id}| / (|A(p)| |P(a)|) */
    unsigned lead; /* PAPER_FIRST_AUTHOR | PAPER_LAST_AUTHOR */
} paper_node;

/* A paper as the queries see it (borrowed for the duration of one callback). */
typedef struct paper_view {
    uint64_t pmid;
    int32_t year; /* 0 = unknown */
    size_t n_nodes;
    const paper_node *nodes; /* C(p), ascending id, n_nodes >= 1 */
    uint64_t n_authors;      /* listed authors (papers.n_authors) */
    size_t n_located;        /* |A(p)|: authors with a counted part at this level */
} paper_view;

typedef coauth_status (*paper_fn)(const paper_view *p, void *ctx, coauth_error *err);

/* Stream every paper with a non-empty C(p) at `level`, in PMID order, to fn. Inside one
 * read transaction; on_start (may be NULL) receives the largest node id possible (675
 * for countries; at institution level the organisations plus the pairs met) before the
 * first call.
 * Memory: the part index below (institution level) plus one paper. */
COAUTH_NODISCARD coauth_status
coauth_papers_scan(coauth_store *s, const coauth_query_options *opts, enum coauth_level level,
                   coauth_status (*on_start)(uint32_t max_id, void *ctx, coauth_error *err),
                   paper_fn fn, void *ctx, coauth_error *err);

/* The same scan in steps, for queries that pass over the papers more than once:
 * coauth_paper_scan_open, at institution level, loads the part index (every counted
 * affiliation part, 4 bytes per affiliation id up to the largest one, plus 4 per part
 * of the affiliations with several, plus the (institution, country) nodes: 8 bytes per
 * institution id and about 40 per node; country level reads the store's country sets
 * and needs none), and shrinks the connection's page
 * cache to 1 MiB, as every page is read once; each coauth_paper_scan_run then streams
 * the papers as coauth_papers_scan does; coauth_paper_scan_free restores the page
 * cache size. Open, the runs and free must all happen inside one read transaction, on
 * the thread that owns s; s must outlive the handle. coauth_paper_scan_free accepts
 * NULL. */
typedef struct paper_scan paper_scan;
COAUTH_NODISCARD coauth_status coauth_paper_scan_open(coauth_store *s,
                                                      const coauth_query_options *opts,
                                                      enum coauth_level level, paper_scan **out,
                                                      coauth_error *err);
uint32_t coauth_paper_scan_max_id(const paper_scan *sc);
COAUTH_NODISCARD coauth_status coauth_paper_scan_run(paper_scan *sc, paper_fn fn, void *ctx,
                                                     coauth_error *err);
void coauth_paper_scan_free(paper_scan *sc);

/* Open / close the read transaction a query runs in, so that the scan and the name
 * look-ups see one state of the store. coauth_read_end accepts a store where
 * coauth_read_begin failed. */
COAUTH_NODISCARD coauth_status coauth_read_begin(coauth_store *s, coauth_error *err);
void coauth_read_end(coauth_store *s);

/* Country code <-> dense id. coauth_country_id returns -1 for anything but two A-Z letters. */
int coauth_country_id(const char *code);
void coauth_country_str(uint32_t id, char out[3]);

/* The names of institution-level node ids (institutions_internal.h: ROR organisations,
 * then (institution, country) pairs), as coauth_inst_node_names; sc is open (these ids
 * are its own) and the scan's read transaction still held. */
COAUTH_NODISCARD coauth_status coauth_paper_scan_names(const paper_scan *sc, const uint32_t *ids,
                                                       size_t n, const char **names,
                                                       const char **countries, const char **rors,
                                                       void **tab, coauth_error *err);

/* Grow *arr (element size `size`) to hold at least `need` elements. */
COAUTH_NODISCARD coauth_status coauth_grow(void **arr, size_t *cap, size_t need, size_t size,
                                           coauth_error *err);

#endif
