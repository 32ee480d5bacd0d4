/* query.h - the collaboration indicators of SPEC 5 computed from a store: `intl`,
 * `pair`, `network` and `centrality`.
 *
 * Invariants: queries only read the store (one read transaction each, so they see one
 * consistent state while an ingest runs). Every query streams the papers once, in
 * PMID order, through one shared paper iterator (queries/papers.c) that applies
 * --years and --fold-hk-mo and forms C(p), A(p) and P(a) the same way for every
 * indicator; memory grows with the number of countries, institutions and links, never
 * with the number of papers. Result rows are sorted by key, never in hash order.
 *
 * Definitions (SPEC 5), for one paper p at the chosen level (country or institution):
 *   P(a)  the resolved parts of author a over all its affiliation strings (at the
 *         institution level: the parts that name an institution);
 *   A(p)  the authors with P(a) non-empty;  C(p) the set of nodes over all parts.
 *   whole count W_c = #{p : c in C(p)};  international: |C(p)| >= 2;
 *   fractional F_c = sum_p sum_{a in A(p)} |{parts of a in c}| / (|A(p)| |P(a)|);
 *   link L_ab = #{p : a, b in C(p)};  fractional link: 1/(|C(p)|-1) per pair.
 * Papers with an empty C(p) take part in nothing. With a --years range, papers of
 * unknown year are left out; without one they count everywhere except in per-year
 * rows.
 *
 * Ownership: every result struct is caller-allocated, initialised with its
 * COAUTH_*_INIT, filled by the query and emptied with its _release function (which
 * accepts an initialised, never-filled result). Strings inside a result are borrowed
 * from it and valid until its _release.
 */
#ifndef COAUTH_QUERY_H
#define COAUTH_QUERY_H

#include <coauth/error.h>
#include <coauth/store.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

enum coauth_level {
    COAUTH_LEVEL_NONE = 0, /* not chosen yet (network/centrality need one) */
    COAUTH_LEVEL_COUNTRY = 1,
    COAUTH_LEVEL_INSTITUTION = 2
};

/* Which link weight the graph queries use (network's `weight`, centrality). */
enum coauth_counting {
    COAUTH_COUNTING_FULL = 0,      /* weight = L_ab, whole papers */
    COAUTH_COUNTING_FRACTIONAL = 1 /* weight = sum of 1/(|C(p)|-1) */
};

enum coauth_intl_by { COAUTH_BY_COUNTRY = 0, COAUTH_BY_YEAR = 1, COAUTH_BY_COUNTRY_YEAR = 2 };
enum coauth_pair_by { COAUTH_PAIR_BY_YEAR = 0, COAUTH_PAIR_BY_TOTAL = 1 };

enum coauth_centrality_sort {
    COAUTH_SORT_STRENGTH = 0, /* default */
    COAUTH_SORT_PAPERS,
    COAUTH_SORT_DEGREE,
    COAUTH_SORT_BETWEENNESS,
    COAUTH_SORT_CLOSENESS,
    COAUTH_SORT_EIGENVECTOR,
    COAUTH_SORT_PAGERANK
};

enum coauth_network_format {
    COAUTH_FORMAT_CSV = 0,
    COAUTH_FORMAT_GRAPHML,
    COAUTH_FORMAT_PAJEK,
    COAUTH_FORMAT_VOSVIEWER /* VOSviewer JSON map (coauth/write.h) */
};

#define COAUTH_QUERY_MAX_COUNTRIES 256

/* The study population (SPEC 5.1): which papers a query counts. Strings are borrowed
 * (the command line's arguments) and must outlive the query; NULL = no such filter.
 * A paper must pass every filter given. */
typedef struct coauth_population {
    const char *types;         /* --types research|all|LIST (NULL: research) */
    const char *journal;       /* --journal ID,...: NLM Unique ID or any ISSN */
    const char *mesh;          /* --mesh UI,...: any of these MeSH descriptors */
    bool mesh_major;           /* --mesh-major: only where the descriptor is major */
    const char *grant_agency;  /* --grant-agency GLOB (ASCII case ignored) */
    const char *grant_country; /* --grant-country NAME (whole, case ignored) */
    const char *language;      /* --language CODE,... */
    uint32_t max_countries;    /* --max-countries N: leave out |C(p)| > N; 0 = no limit */
} coauth_population;

/* Options of every query; each query reads the fields it needs. Fill through
 * coauth_query_option() (the CLI does) or directly. */
typedef struct coauth_query_options {
    int32_t year_from, year_to;        /* --years A-B (inclusive); 0, 0 = every paper */
    enum coauth_counting counting;     /* --counting */
    bool fold_hk_mo;                   /* --fold-hk-mo: HK and MO count as CN before C(p) */
    enum coauth_level level;           /* --level (network, centrality) */
    bool rollup;                       /* --rollup: at institution level, each ROR organisation
                                          counts as its top-level parent (SPEC 3.1) */
    double min_weight;                 /* --min-weight: drop links whose weight (per `counting`) is
                                          below it; 0 keeps all (network, centrality) */
    uint64_t min_papers;               /* --min-papers: drop nodes with fewer whole-count papers,
                                          and their links (network, centrality); 0 or 1 keeps all */
    enum coauth_intl_by by;            /* intl --by */
    enum coauth_pair_by pair_by;       /* pair --by */
    enum coauth_centrality_sort sort;  /* centrality --sort */
    uint64_t top;                      /* centrality --top; 0 = every node */
    enum coauth_network_format format; /* network --format (read by the CLI) */
    size_t n_countries;                /* intl --country: number of codes, 0 = all */
    char countries[COAUTH_QUERY_MAX_COUNTRIES][3]; /* upper-case ISO codes */
    coauth_population pop;                         /* the study filters */
} coauth_query_options;

#define COAUTH_QUERY_OPTIONS_INIT                                                                  \
    {                                                                                              \
        .counting = COAUTH_COUNTING_FULL, .level = COAUTH_LEVEL_NONE, .by = COAUTH_BY_COUNTRY,     \
        .pair_by = COAUTH_PAIR_BY_YEAR, .sort = COAUTH_SORT_STRENGTH, .format = COAUTH_FORMAT_CSV, \
        .pop = {                                                                                   \
            .types = NULL                                                                          \
        }                                                                                          \
    }

/* Set one option from its command-line spelling: `name` is the long option without
 * dashes ("years", "counting", "fold-hk-mo", "level", "min-weight", "min-papers", "by"
 * (intl), "pair-by", "sort", "top", "format", "country"); `value` its text (ignored
 * for "fold-hk-mo"). Returns COAUTH_EINVAL with a message naming the bad value. */
COAUTH_NODISCARD coauth_status coauth_query_option(coauth_query_options *o, const char *name,
                                                   const char *value, coauth_error *err);

/* The study filters among those names ("types", "journal", "mesh", "mesh-major",
 * "grant-agency", "grant-country", "language", "max-countries"): whether `name` is
 * one, and setting one (value borrowed, as coauth_population says). */
bool coauth_population_is_option(const char *name);
COAUTH_NODISCARD coauth_status coauth_population_option(coauth_population *p, const char *name,
                                                        const char *value, coauth_error *err);
/* --types names that no paper in the store has: COAUTH_EINVAL naming the first (a
 * typo would otherwise count nothing, silently). UIs, `research` and `all` are not
 * checked. */
COAUTH_NODISCARD coauth_status coauth_population_check_types(coauth_store *s,
                                                             const coauth_population *p,
                                                             coauth_error *err);
/* Whether p counts the default population (`research`, no other filter). */
bool coauth_population_is_default(const coauth_population *p);
/* Papers stored before schema 2, without metadata, that population p leaves out (the
 * default population and `--types all` keep them; a metadata filter does not). */
COAUTH_NODISCARD coauth_status coauth_query_unclassified(coauth_store *s,
                                                         const coauth_population *p,
                                                         uint64_t *n, coauth_error *err);

/* Check and upper-case a country code ("us" -> "US"): exactly two ASCII letters.
 * Returns COAUTH_EINVAL otherwise. out receives 3 bytes. */
COAUTH_NODISCARD coauth_status coauth_country_code(const char *in, char out[3], coauth_error *err);

/* Whether an upper-case code is an ISO 3166-1 alpha-2 code (or XK, Kosovo). */
bool coauth_country_known(const char code[3]);
/* The ISO code probably meant by a code in use elsewhere ("UK" -> "GB", "EL" -> "GR"),
 * or NULL. */
const char *coauth_country_meant(const char code[3]);

/* ---- intl ------------------------------------------------------------------------ */

typedef struct coauth_intl_row {
    char country[3];        /* "" for --by year */
    int32_t year;           /* 0 for --by country */
    uint64_t papers;        /* W_c (or, --by year, papers with non-empty C(p)) */
    uint64_t international; /* I_c (or papers with |C(p)| >= 2) */
    double fractional;      /* F_c (0 for --by year, which has no such column) */
    uint64_t all_located;   /* --by year: papers every one of whose authors has a part with
                               a country (SPEC 5.2); 0 otherwise */
} coauth_intl_row;

typedef struct coauth_intl_result {
    enum coauth_intl_by by;
    size_t n_rows;
    coauth_intl_row *rows; /* sorted by (country, year) or year */
} coauth_intl_result;

#define COAUTH_INTL_RESULT_INIT                                                                    \
    {                                                                                              \
        COAUTH_BY_COUNTRY, 0, NULL                                                                 \
    }

/* Country indicators W, I, I/W, F by country, year, or country and year (opts->by).
 * With opts->countries, only those countries, and --by country gives one row for each
 * requested country even when it has no paper. --by year counts all papers with a
 * country and rejects a --country filter (COAUTH_EINVAL). Per-year rows leave papers of
 * unknown year out. */
COAUTH_NODISCARD coauth_status coauth_query_intl(coauth_store *s, const coauth_query_options *opts,
                                                 coauth_intl_result *out, coauth_error *err);
void coauth_intl_result_release(coauth_intl_result *r);

/* ---- pair ------------------------------------------------------------------------ */

typedef struct coauth_pair_row {
    int32_t year;      /* 0 for --by total */
    uint64_t papers;   /* L_ab */
    double fractional; /* sum over those papers of 1/(|C(p)|-1) */
    /* leadership (SPEC 5.2): of those papers, the ones whose first author (position 1)
     * has a part in a, in b, and whose last listed author has a part in a, in b (an
     * author with parts in both counts for both; an unlocated one for neither) */
    uint64_t first_a, first_b, last_a, last_b;
} coauth_pair_row;

typedef struct coauth_pair_result {
    enum coauth_pair_by by;
    char country_a[3], country_b[3]; /* upper case, after --fold-hk-mo, as given order */
    size_t n_rows;
    coauth_pair_row *rows; /* ascending year */
} coauth_pair_result;

#define COAUTH_PAIR_RESULT_INIT                                                                    \
    {                                                                                              \
        COAUTH_PAIR_BY_YEAR, "", "", 0, NULL                                                       \
    }

/* Papers co-authored by countries a and b (case-insensitive codes; --fold-hk-mo maps
 * HK/MO to CN first; equal codes are COAUTH_EINVAL). --by total: one row, also when
 * zero. --by year: with --years A-B every year A..B, zeros included; without, every
 * year from the pair's first to its last paper (gaps as zero rows), papers of unknown
 * year left out. */
COAUTH_NODISCARD coauth_status coauth_query_pair(coauth_store *s, const coauth_query_options *opts,
                                                 const char *a, const char *b,
                                                 coauth_pair_result *out, coauth_error *err);
void coauth_pair_result_release(coauth_pair_result *r);

/* ---- network --------------------------------------------------------------------- */

typedef struct coauth_network_node {
    const char *name;    /* country code, institution name (institutions.name), or a ROR
                            organisation's display name */
    uint64_t papers;     /* W: whole count */
    double fractional;   /* F: author-proportional count */
    const char *country; /* institution level: the ROR organisation's country, NULL when the
                            node is no ROR organisation (or at country level) */
    const char *ror;     /* institution level: its https://ror.org/ id, or NULL */
} coauth_network_node;

typedef struct coauth_network_edge {
    uint32_t source, target; /* node indices, source < target */
    uint64_t papers;         /* L_ab */
    double fractional;       /* fractional link strength */
    double weight;           /* papers or fractional, per opts->counting */
} coauth_network_edge;

typedef struct coauth_network {
    enum coauth_level level;
    enum coauth_counting counting;
    size_t n_nodes;
    coauth_network_node *nodes; /* sorted by name (bytewise), ties by country, then ror */
    size_t n_edges;
    coauth_network_edge *edges; /* sorted by (source, target) */
    void *names_;               /* private: owns the node names */
} coauth_network;

#define COAUTH_NETWORK_INIT                                                                        \
    {                                                                                              \
        COAUTH_LEVEL_NONE, COAUTH_COUNTING_FULL, 0, NULL, 0, NULL, NULL                            \
    }

/* The co-authorship graph at opts->level (required). Nodes: every node with at least
 * opts->min_papers papers; `isolated` false keeps only nodes with at least one link
 * left after --min-weight (what `coauth network` prints), true keeps every node (what
 * centrality ranks). */
COAUTH_NODISCARD coauth_status coauth_query_network(coauth_store *s,
                                                    const coauth_query_options *opts, bool isolated,
                                                    coauth_network *out, coauth_error *err);
void coauth_network_release(coauth_network *n);

/* ---- centrality ------------------------------------------------------------------ */

typedef struct coauth_centrality_row {
    const char *node;          /* borrowed from the result */
    const char *country, *ror; /* the node's (coauth_network_node), NULL when none */
    uint64_t papers;           /* whole count of the node */
    uint64_t degree;           /* distinct partners */
    double strength;           /* sum of link weights */
    double betweenness, closeness, eigenvector, pagerank;
} coauth_centrality_row;

typedef struct coauth_centrality_result {
    size_t n_rows;
    coauth_centrality_row *rows; /* by opts->sort descending, ties by node ascending,
                                    at most opts->top rows */
    coauth_network net_;         /* private: owns the names */
} coauth_centrality_result;

#define COAUTH_CENTRALITY_RESULT_INIT                                                              \
    {                                                                                              \
        0, NULL, COAUTH_NETWORK_INIT                                                               \
    }

/* Centrality of every node of the graph (isolated nodes included: degree 0,
 * betweenness, closeness and eigenvector 0, PageRank from the teleport term), weight
 * per opts->counting (SPEC 5):
 *   betweenness: igraph, path length 1/weight, undirected, each pair once, unnormalised;
 *   closeness: (r-1) / sum of 1/weight distances to the r-1 other reachable nodes, 0
 *     for an isolated node;
 *   eigenvector: weighted adjacency, scaled so the maximum is 1 (0 for a graph with no
 *     link; nodes outside the dominant component get 0; not unique when two
 *     components share the largest eigenvalue, see src/graph.c);
 *   pagerank: weighted, damping 0.85, PRPACK, sums to 1. */
COAUTH_NODISCARD coauth_status coauth_query_centrality(coauth_store *s,
                                                       const coauth_query_options *opts,
                                                       coauth_centrality_result *out,
                                                       coauth_error *err);
void coauth_centrality_result_release(coauth_centrality_result *r);

#ifdef __cplusplus
}
#endif
#endif
