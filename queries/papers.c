/* papers.c - the paper iterator shared by every query (C(p), A(p), P(a) of SPEC 5),
 * query option parsing, and the growth helper the queries aggregate with.
 *
 * Invariant: every read goes through the store's typed cursors (src/store_read.h), in
 * primary-key order, merged on pmid in C, so the rows of one paper arrive together with
 * no join, sort or temporary table, inside the caller's read transaction. At country
 * level one row per paper (the store's country sets); at institution level the counted
 * affiliation parts are read once into an index over the affiliation id, then
 * authorships and papers are merged. Memory is O(affiliations) at institution level,
 * O(1) at country level, plus one paper. Parts reach a paper in the order (position,
 * seq, part), and each node's share is summed in that order, which is the order of the
 * former single-join scan, so results are bit-for-bit the same.
 *
 * NOTES ON THE DEFINITIONS: a "part" is one row of affiliation_parts reached through
 * one authorship row. An author listing the same affiliation string twice has its
 * parts twice in P(a) (SPEC: "over all its affiliation strings"). At country level a
 * part counts when its country is a valid code; at institution level when it names
 * an institution (whatever its country). --fold-hk-mo rewrites HK and MO to CN before
 * anything is counted, so a paper HK+CN has C(p) = {CN}.
 */
#include "papers_internal.h"

#include "gazetteer_internal.h"
#include "institutions_internal.h"
#include "store_read.h"

#include <coauth/strtab.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

coauth_status coauth_grow(void **arr, size_t *cap, size_t need, size_t size, coauth_error *err)
{
    if (need <= *cap)
        return COAUTH_OK;
    size_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory in a query");
        c *= 2;
    }
    void *p = realloc(*arr, c * size);
    if (!p)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in a query");
    *arr = p;
    *cap = c;
    return COAUTH_OK;
}

/* ---- countries and options --------------------------------------------------------- */

int coauth_country_id(const char *code)
{
    if (!code || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' || code[2])
        return -1;
    return (code[0] - 'A') * 26 + (code[1] - 'A');
}

void coauth_country_str(uint32_t id, char out[3])
{
    out[0] = (char)('A' + id / 26);
    out[1] = (char)('A' + id % 26);
    out[2] = '\0';
}

coauth_status coauth_country_code(const char *in, char out[3], coauth_error *err)
{
    char c[3] = {0};
    size_t n = in ? strlen(in) : 0;
    if (n != 2)
        return coauth_fail(err, COAUTH_EINVAL, "bad country code '%s' (two letters, e.g. US)",
                           in ? in : "");
    for (int i = 0; i < 2; i++) {
        char ch = in[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        if (ch < 'A' || ch > 'Z')
            return coauth_fail(err, COAUTH_EINVAL, "bad country code '%s' (two letters, e.g. US)",
                               in);
        c[i] = ch;
    }
    memcpy(out, c, 3);
    return COAUTH_OK;
}

bool coauth_country_known(const char code[3])
{
    for (const char *c = coauth_gz_countries; c[0] && c[1]; c += 2)
        if (c[0] == code[0] && c[1] == code[1])
            return true;
    return false;
}

const char *coauth_country_meant(const char code[3])
{
    /* codes in use outside ISO 3166-1 for a country that has another one */
    static const char *const alias[][2] = {{"UK", "GB"}, {"EL", "GR"}};
    for (size_t i = 0; i < sizeof alias / sizeof alias[0]; i++)
        if (strcmp(code, alias[i][0]) == 0)
            return alias[i][1];
    return NULL;
}

static int parse_year(const char *s, size_t len, int32_t *out)
{
    if (len != 4)
        return -1;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1000)
        return -1;
    *out = v;
    return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *out = v;
    return 0;
}

static coauth_status parse_years(coauth_query_options *o, const char *v, coauth_error *err)
{
    const char *dash = v ? strchr(v, '-') : NULL;
    int32_t a = 0, b = 0;
    if (!v)
        return coauth_fail(err, COAUTH_EINVAL, "--years needs a value");
    if (!dash) {
        if (parse_year(v, strlen(v), &a))
            goto bad;
        b = a;
    } else if (parse_year(v, (size_t)(dash - v), &a) ||
               parse_year(dash + 1, strlen(dash + 1), &b)) {
        goto bad;
    }
    if (a > b)
        return coauth_fail(err, COAUTH_EINVAL, "bad --years '%s': %d is after %d", v, (int)a,
                           (int)b);
    o->year_from = a;
    o->year_to = b;
    return COAUTH_OK;
bad:
    return coauth_fail(err, COAUTH_EINVAL, "bad --years '%s' (expected A-B, e.g. 2015-2020)", v);
}

static coauth_status parse_countries(coauth_query_options *o, const char *v, coauth_error *err)
{
    o->n_countries = 0;
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char tok[8] = {0};
        if (len == 0 || len >= sizeof tok)
            return coauth_fail(err, COAUTH_EINVAL, "bad --country '%s' (e.g. US,CN)", v);
        memcpy(tok, p, len);
        char code[3];
        coauth_status st = coauth_country_code(tok, code, err);
        if (st)
            return st;
        bool dup = false;
        for (size_t i = 0; i < o->n_countries; i++)
            dup = dup || memcmp(o->countries[i], code, 3) == 0;
        if (!dup) {
            if (o->n_countries == COAUTH_QUERY_MAX_COUNTRIES)
                return coauth_fail(err, COAUTH_EINVAL, "too many countries in --country");
            memcpy(o->countries[o->n_countries++], code, 3);
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    return COAUTH_OK;
}

coauth_status coauth_query_option(coauth_query_options *o, const char *name, const char *value,
                                  coauth_error *err)
{
    const char *v = value ? value : "";
    if (coauth_population_is_option(name))
        return coauth_population_option(&o->pop, name, value, err);
    if (strcmp(name, "years") == 0)
        return parse_years(o, value, err);
    if (strcmp(name, "fold-hk-mo") == 0) {
        o->fold_hk_mo = true;
        return COAUTH_OK;
    }
    if (strcmp(name, "rollup") == 0) {
        o->rollup = true;
        return COAUTH_OK;
    }
    if (strcmp(name, "counting") == 0) {
        if (strcmp(v, "full") == 0 || strcmp(v, "whole") == 0)
            o->counting = COAUTH_COUNTING_FULL;
        else if (strcmp(v, "fractional") == 0)
            o->counting = COAUTH_COUNTING_FRACTIONAL;
        else
            return coauth_fail(err, COAUTH_EINVAL, "bad --counting '%s' (full or fractional)", v);
        return COAUTH_OK;
    }
    if (strcmp(name, "level") == 0) {
        if (strcmp(v, "country") == 0)
            o->level = COAUTH_LEVEL_COUNTRY;
        else if (strcmp(v, "institution") == 0)
            o->level = COAUTH_LEVEL_INSTITUTION;
        else
            return coauth_fail(err, COAUTH_EINVAL, "bad --level '%s' (country or institution)", v);
        return COAUTH_OK;
    }
    if (strcmp(name, "min-weight") == 0) {
        char *end = NULL;
        errno = 0;
        double w = strtod(v, &end);
        if (!*v || errno || *end || !(w >= 0) || w > 1e300)
            return coauth_fail(err, COAUTH_EINVAL, "bad --min-weight '%s' (a number >= 0)", v);
        o->min_weight = w;
        return COAUTH_OK;
    }
    if (strcmp(name, "min-papers") == 0 || strcmp(name, "top") == 0) {
        uint64_t n = 0;
        if (parse_u64(v, &n))
            return coauth_fail(err, COAUTH_EINVAL, "bad --%s '%s' (a whole number >= 0)", name, v);
        if (name[0] == 't')
            o->top = n;
        else
            o->min_papers = n;
        return COAUTH_OK;
    }
    if (strcmp(name, "by") == 0) {
        if (strcmp(v, "country") == 0)
            o->by = COAUTH_BY_COUNTRY;
        else if (strcmp(v, "year") == 0)
            o->by = COAUTH_BY_YEAR;
        else if (strcmp(v, "country,year") == 0)
            o->by = COAUTH_BY_COUNTRY_YEAR;
        else
            return coauth_fail(err, COAUTH_EINVAL, "bad --by '%s' (country, year or country,year)",
                               v);
        return COAUTH_OK;
    }
    if (strcmp(name, "pair-by") == 0) {
        if (strcmp(v, "year") == 0)
            o->pair_by = COAUTH_PAIR_BY_YEAR;
        else if (strcmp(v, "total") == 0)
            o->pair_by = COAUTH_PAIR_BY_TOTAL;
        else
            return coauth_fail(err, COAUTH_EINVAL, "bad --by '%s' (year or total)", v);
        return COAUTH_OK;
    }
    if (strcmp(name, "sort") == 0) {
        static const char *const names[] = {"strength",  "papers",      "degree",  "betweenness",
                                            "closeness", "eigenvector", "pagerank"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (strcmp(v, names[i]) == 0) {
                o->sort = (enum coauth_centrality_sort)i;
                return COAUTH_OK;
            }
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --sort '%s' (strength, papers, degree, betweenness, closeness, "
                           "eigenvector or pagerank)",
                           v);
    }
    if (strcmp(name, "format") == 0) {
        if (strcmp(v, "csv") == 0)
            o->format = COAUTH_FORMAT_CSV;
        else if (strcmp(v, "graphml") == 0)
            o->format = COAUTH_FORMAT_GRAPHML;
        else if (strcmp(v, "pajek") == 0)
            o->format = COAUTH_FORMAT_PAJEK;
        else if (strcmp(v, "vosviewer") == 0)
            o->format = COAUTH_FORMAT_VOSVIEWER;
        else
            return coauth_fail(err, COAUTH_EINVAL,
                               "bad --format '%s' (csv, graphml, pajek or vosviewer)", v);
        return COAUTH_OK;
    }
    if (strcmp(name, "country") == 0)
        return parse_countries(o, v, err);
    return coauth_fail(err, COAUTH_EINVAL, "unknown query option '%s'", name);
}

/* ---- the scan ---------------------------------------------------------------------- */

coauth_status coauth_read_begin(coauth_store *s, coauth_error *err)
{
    return coauth_store_read_begin(s, err);
}

void coauth_read_end(coauth_store *s)
{
    coauth_store_read_end(s);
}

/* Two ways to the same papers:
 * - country level reads the country sets the store maintains (schema 6): one row per
 *   paper with C(p) non-empty, holding the counted parts of its located authors in
 *   (position, seq, part) order, with its year, class and listed authors. With the
 *   default population or --types all that row is all a paper costs; any other filter
 *   is evaluated by the sets cursor on that row's class and the paper's paper_meta row
 *   (the journal is there too since schema 10).
 * - institution level builds the part index below from affiliation_parts and merges
 *   authorships with the papers statement.
 * Both hand flush_paper the same parts in the same order, so results are bit-for-bit
 * those of the former single-join scan.
 *
 * The part index: at `level`, the counted parts of every affiliation (parts that do
 * not count, with no valid country or no institution, are left out, so |P(a)| below
 * is the number of entries), in part order, one 32-bit word per affiliation id (the
 * dense INTEGER PRIMARY KEY of affiliations):
 *   word[a] == 0            no counted part;
 *   word[a] & PART_SINGLE   one part, node id word[a] & ~PART_SINGLE (most affiliations);
 *   otherwise               multi[word[a] - 1] parts, node ids multi[word[a] ..].
 * One word per look-up keeps the scan at one cache miss per authorship, and that one
 * is prefetched a batch of rows ahead (see scan_authorships). */
#define PART_SINGLE 0x80000000u
#define SCAN_BATCH  64

struct paper_scan {
    coauth_store *s;
    int32_t year_from, year_to; /* --years, 0 0 = none */
    const coauth_population *pop;
    uint32_t max_countries; /* 0: no limit (country level only) */
    bool sets;              /* read the country sets (country level) */
    bool fold;              /* --fold-hk-mo, applied to the sets' ids */
    bool filtered;          /* the sets path merges the papers statement */
    enum coauth_set_classes classes;
    int64_t n_authors;  /* of the current paper (papers.n_authors) */
    uint32_t max_id;    /* largest node id */
    uint32_t n_orgs;    /* institution level: nodes 1 .. n_orgs are the ROR organisations,
                           the next ones the (institution, country) pairs */
    inst_pairs pairs;   /* those pairs (institutions_internal.h) */
    bool rollup;        /* --rollup: each organisation counts as its top-level parent */
    int64_t cache_size; /* the connection's page cache size, restored by _free */
    bool cache_set;     /* cache_size was changed */
    uint32_t *word;     /* n_aff entries, see above */
    size_t n_aff, cap_word;
    uint32_t *multi;
    size_t n_multi, cap_multi;
    /* one paper at a time */
    int64_t *pos;   /* author (position, or ordinal in a set) of each counted part */
    uint32_t *pid;  /* node id of each counted part */
    unsigned *lead; /* PAPER_FIRST_AUTHOR | PAPER_LAST_AUTHOR of that author */
    size_t n_parts, cap_parts;
    paper_node *nodes; /* cap_parts entries */
    uint32_t *slot;    /* node id -> index in nodes + 1 (0 = not in this paper); max_id + 1 */
};

/* Zero-filled growth of the word array to at least `need` entries. */
static coauth_status grow_words(paper_scan *sc, size_t need, coauth_error *err)
{
    size_t old = sc->cap_word;
    coauth_status st = coauth_grow((void **)&sc->word, &sc->cap_word, need, sizeof *sc->word, err);
    if (st)
        return st;
    if (sc->cap_word > old)
        memset(sc->word + old, 0, (sc->cap_word - old) * sizeof *sc->word);
    return COAUTH_OK;
}

static coauth_status multi_push(paper_scan *sc, uint32_t v, coauth_error *err)
{
    if (sc->n_multi >= PART_SINGLE - 2)
        return coauth_fail(err, COAUTH_ELIMIT, "too many affiliations with several parts");
    coauth_status st =
        coauth_grow((void **)&sc->multi, &sc->cap_multi, sc->n_multi + 1, sizeof *sc->multi, err);
    if (st)
        return st;
    sc->multi[sc->n_multi++] = v;
    return COAUTH_OK;
}

/* Add part `id` of affiliation `aff`; parts arrive in (affiliation, part) order. */
static coauth_status index_add(paper_scan *sc, int64_t aff, uint32_t id, coauth_error *err)
{
    coauth_status st;
    if (aff >= (int64_t)PART_SINGLE)
        return coauth_fail(err, COAUTH_ELIMIT, "affiliation ids beyond 2^31 - 1");
    size_t a = (size_t)aff;
    if (a + 1 < sc->n_aff)
        return coauth_fail(err, COAUTH_ESTORE, "affiliation parts out of key order");
    if (a >= sc->n_aff) {
        if ((st = grow_words(sc, a + 1, err)))
            return st;
        sc->n_aff = a + 1;
    }
    uint32_t w = sc->word[a];
    if (w == 0) {
        sc->word[a] = PART_SINGLE | id;
        return COAUTH_OK;
    }
    if (w & PART_SINGLE) { /* a second part: move both to multi */
        uint32_t at = (uint32_t)sc->n_multi;
        if ((st = multi_push(sc, 2, err)) || (st = multi_push(sc, w & ~PART_SINGLE, err)) ||
            (st = multi_push(sc, id, err)))
            return st;
        sc->word[a] = at + 1;
        return COAUTH_OK;
    }
    /* a further part: this affiliation's list is the last one in multi */
    if ((st = multi_push(sc, id, err)))
        return st;
    sc->multi[w - 1]++;
    return COAUTH_OK;
}

/* Read the counted affiliation parts once, in primary-key order, into the part index. */
static coauth_status load_parts(paper_scan *sc, bool inst, bool fold, coauth_error *err)
{
    coauth_parts_cursor *pc = NULL;
    coauth_status ret;
    int64_t m = 0;

    /* Size the index for the largest affiliation id; index_add grows it should a part
     * name a larger one. */
    if ((ret = coauth_store_max_affiliation(sc->s, &m, err)))
        return ret;
    if (m > 0 && m < (int64_t)PART_SINGLE && (ret = grow_words(sc, (size_t)m + 1, err)))
        return ret;
    if (inst && (ret = coauth_store_max_institution(sc->s, &m, err)))
        return ret;
    if (inst && (ret = coauth_inst_pairs_reserve(&sc->pairs, m, err)))
        return ret;
    if ((ret = coauth_parts_cursor_open(
             sc->s, inst ? COAUTH_LEVEL_INSTITUTION : COAUTH_LEVEL_COUNTRY, sc->rollup, &pc, err)))
        return ret;
    int cn = coauth_country_id("CN");
    coauth_part_row r;
    bool got;
    while (!(ret = coauth_parts_cursor_next(pc, &r, &got, err)) && got) {
        if (r.affiliation_id < 0)
            continue;
        uint32_t id;
        if (inst) {
            if ((ret = coauth_inst_part_node(&sc->pairs, sc->n_orgs, fold, &r, &id, err)))
                break;
            if (id == 0)
                continue;
        } else {
            const char *c = r.country;
            int cid = coauth_country_id(c);
            if (cid < 0)
                continue; /* NEEDSWORK: a stored country that is not two A-Z letters */
            if (fold && c[0] == 'H' && c[1] == 'K')
                cid = cn;
            else if (fold && c[0] == 'M' && c[1] == 'O')
                cid = cn;
            id = (uint32_t)cid;
        }
        if ((ret = index_add(sc, r.affiliation_id, id, err)))
            break;
    }
    coauth_parts_cursor_close(pc);
    if (inst && !ret)
        sc->max_id = sc->n_orgs + (uint32_t)sc->pairs.n;
    return ret;
}

void coauth_paper_scan_free(paper_scan *sc)
{
    if (!sc)
        return;
    if (sc->cache_set)
        coauth_store_scan_cache_restore(sc->s, sc->cache_size);
    free(sc->word);
    free(sc->multi);
    free(sc->pos);
    free(sc->pid);
    free(sc->lead);
    free(sc->nodes);
    free(sc->slot);
    coauth_inst_pairs_release(&sc->pairs);
    free(sc);
}

coauth_status coauth_paper_scan_open(coauth_store *s, const coauth_query_options *opts,
                                     enum coauth_level level, paper_scan **out, coauth_error *err)
{
    *out = NULL;
    paper_scan *sc = calloc(1, sizeof *sc);
    if (!sc)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in a query");
    sc->s = s;
    sc->year_from = opts->year_from > 0 ? opts->year_from : 0;
    sc->year_to = opts->year_from > 0 ? opts->year_to : 0;
    sc->pop = &opts->pop;
    sc->max_id = COAUTH_N_COUNTRY_IDS - 1;
    bool inst = level == COAUTH_LEVEL_INSTITUTION;
    coauth_status ret = COAUTH_OK;
    if (opts->pop.max_countries && inst) {
        free(sc);
        return coauth_fail(err, COAUTH_EINVAL,
                           "--max-countries applies to country-level queries only");
    }
    sc->max_countries = opts->pop.max_countries;
    sc->fold = opts->fold_hk_mo;
    if (!inst) {
        /* the sets path: the classes the sets row can tell alone, else every set merged
         * with the papers statement of the filters (max_countries is applied here) */
        const coauth_population *p = &opts->pop;
        bool only_types = !p->journal && !p->mesh && !p->mesh_major && !p->grant_agency &&
                          !p->grant_country && !p->language;
        const char *t = p->types;
        sc->sets = true;
        if (only_types && (!t || strcmp(t, "research") == 0))
            sc->classes = COAUTH_SETS_RESEARCH;
        else if (only_types && strcmp(t, "all") == 0)
            sc->classes = COAUTH_SETS_ALL;
        else {
            sc->classes = COAUTH_SETS_ALL;
            sc->filtered = true;
        }
    }
    if (inst) {
        /* ROR organisations (SPEC 3.1) are nodes 1 .. n_orgs; load_parts numbers the
         * (institution, country) pairs after them and sets max_id */
        int64_t m = 0;
        sc->rollup = opts->rollup;
        if ((ret = coauth_store_ror_org_span(s, &m, err)))
            goto fail;
        if (m < 0 || m >= (int64_t)PART_SINGLE - 2) {
            ret = coauth_fail(err, COAUTH_ELIMIT, "institution ids beyond 2^31 - 1");
            goto fail;
        }
        sc->n_orgs = (uint32_t)m;
    } else if (opts->rollup) {
        ret = coauth_fail(err, COAUTH_EINVAL, "--rollup applies to institution-level queries only");
        goto fail;
    }
    if ((ret = coauth_store_scan_cache(s, &sc->cache_size, err)))
        goto fail;
    sc->cache_set = true;
    if (!sc->sets && (ret = load_parts(sc, inst, opts->fold_hk_mo, err)))
        goto fail;
    sc->slot = calloc((size_t)sc->max_id + 1, sizeof *sc->slot);
    if (!sc->slot) {
        ret =
            coauth_fail(err, COAUTH_ENOMEM, "out of memory for %zu nodes", (size_t)sc->max_id + 1);
        goto fail;
    }
    *out = sc;
    return COAUTH_OK;
fail:
    coauth_paper_scan_free(sc);
    return ret;
}

uint32_t coauth_paper_scan_max_id(const paper_scan *sc)
{
    return sc->max_id;
}

static int node_cmp(const void *a, const void *b)
{
    uint32_t x = ((const paper_node *)a)->id, y = ((const paper_node *)b)->id;
    return (x > y) - (x < y);
}

static coauth_status emit_paper(paper_scan *sc, size_t n, int64_t pmid, int32_t year,
                                size_t n_located, paper_fn fn, void *ctx, coauth_error *err);

/* Form C(p) and the author-proportional shares from one paper's counted parts (ordered
 * by author, then seq and part) and hand the paper to fn. A node's share is summed in
 * part order, as 1/(|A(p)| |P(a)|) per part. */
static coauth_status flush_paper(paper_scan *sc, int64_t pmid, int32_t year, paper_fn fn, void *ctx,
                                 coauth_error *err)
{
    size_t np = sc->n_parts;
    if (np == 0)
        return COAUTH_OK;
    sc->n_parts = 0;
    /* |A(p)|: distinct authors (parts arrive grouped by author). */
    size_t n_authors = 0;
    for (size_t i = 0; i < np; i++)
        if (i == 0 || sc->pos[i] != sc->pos[i - 1])
            n_authors++;
    size_t n = 0;
    for (size_t i = 0; i < np;) {
        size_t j = i;
        while (j < np && sc->pos[j] == sc->pos[i])
            j++;
        double share = 1.0 / ((double)n_authors * (double)(j - i)); /* 1/(|A(p)| |P(a)|) */
        unsigned lead = sc->lead[i];
        for (size_t k = i; k < j; k++) {
            uint32_t id = sc->pid[k];
            if (sc->slot[id]) {
                sc->nodes[sc->slot[id] - 1].frac += share;
                sc->nodes[sc->slot[id] - 1].lead |= lead;
            } else {
                sc->nodes[n] = (paper_node){id, share, lead};
                sc->slot[id] = (uint32_t)++n;
            }
        }
        i = j;
    }
    return emit_paper(sc, n, pmid, year, n_authors, fn, ctx, err);
}

/* Hand fn the paper whose n nodes are in sc->nodes (their slots set): slots cleared,
 * nodes sorted by id, --max-countries applied. */
static coauth_status emit_paper(paper_scan *sc, size_t n, int64_t pmid, int32_t year,
                                size_t n_located, paper_fn fn, void *ctx, coauth_error *err)
{
    for (size_t i = 0; i < n; i++)
        sc->slot[sc->nodes[i].id] = 0;
    if (n > 16) {
        qsort(sc->nodes, n, sizeof *sc->nodes, node_cmp);
    } else {
        for (size_t i = 1; i < n; i++) {
            paper_node x = sc->nodes[i];
            size_t k = i;
            for (; k > 0 && sc->nodes[k - 1].id > x.id; k--)
                sc->nodes[k] = sc->nodes[k - 1];
            sc->nodes[k] = x;
        }
    }
    if (sc->max_countries && n > sc->max_countries)
        return COAUTH_OK;
    paper_view v = {(uint64_t)pmid, year, n, sc->nodes, (uint64_t)sc->n_authors, n_located};
    return fn(&v, ctx, err);
}

/* Room for `need` parts in the current paper. */
static coauth_status ensure_parts(paper_scan *sc, size_t need, coauth_error *err)
{
    if (need <= sc->cap_parts)
        return COAUTH_OK;
    size_t cap = sc->cap_parts, cap2 = sc->cap_parts, cap3 = sc->cap_parts, cap4 = sc->cap_parts;
    coauth_status st;
    if ((st = coauth_grow((void **)&sc->pos, &cap, need, sizeof *sc->pos, err)) ||
        (st = coauth_grow((void **)&sc->pid, &cap2, need, sizeof *sc->pid, err)) ||
        (st = coauth_grow((void **)&sc->lead, &cap3, need, sizeof *sc->lead, err)) ||
        (st = coauth_grow((void **)&sc->nodes, &cap4, need, sizeof *sc->nodes, err)))
        return st;
    sc->cap_parts = cap;
    return COAUTH_OK;
}

/* Append the counted parts of affiliation `aff` of the author at `position`; `org` >= 0
 * (institution level): the organisation the authorship's own identifiers name, which
 * stands for the string's counted part (SPEC 3.1 step 1) unless the string counts
 * several (the identifier cannot say which of them it names). */
static coauth_status add_authorship(paper_scan *sc, int64_t position, int64_t aff, int64_t org,
                                    coauth_error *err)
{
    uint32_t w = aff >= 0 && (uint64_t)aff < sc->n_aff ? sc->word[aff] : 0;
    const uint32_t *ids;
    uint32_t n, one;
    if (org >= 0 && org < (int64_t)sc->n_orgs && (w == 0 || (w & PART_SINGLE)))
        w = PART_SINGLE | (1 + (uint32_t)org);
    if (w == 0)
        return COAUTH_OK;
    if (w & PART_SINGLE) {
        one = w & ~PART_SINGLE;
        ids = &one;
        n = 1;
    } else {
        ids = sc->multi + w;
        n = sc->multi[w - 1];
    }
    coauth_status st = ensure_parts(sc, sc->n_parts + n, err);
    if (st)
        return st;
    unsigned lead = (position == 1 ? PAPER_FIRST_AUTHOR : 0u) |
                    (position == sc->n_authors ? PAPER_LAST_AUTHOR : 0u);
    for (uint32_t k = 0; k < n; k++) {
        sc->pos[sc->n_parts] = position;
        sc->pid[sc->n_parts] = ids[k];
        sc->lead[sc->n_parts] = lead;
        sc->n_parts++;
    }
    return COAUTH_OK;
}

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* The institution-level scan: authorships and the papers statement, both in pmid
 * order, merged on pmid. */
static coauth_status scan_authorships(paper_scan *sc, paper_fn fn, void *ctx, coauth_error *err)
{
    coauth_auth_cursor *ac = NULL;
    coauth_papers_cursor *pc = NULL;
    coauth_status ret;
    coauth_auth_row batch[SCAN_BATCH];

    coauth_authror_cursor *ic = NULL;
    coauth_authror_row irow = {0};
    bool i_row = false;
    if ((ret = coauth_auth_cursor_open(sc->s, sc->n_orgs > 0, &ac, err)) ||
        (ret = coauth_papers_cursor_open(sc->s, sc->pop, sc->year_from, sc->year_to, &pc, err)))
        goto out;
    /* the affiliations' own identifiers, when there is a registry to map them */
    if (sc->n_orgs && ((ret = coauth_authror_cursor_open(sc->s, sc->rollup, &ic, err)) ||
                       (ret = coauth_authror_cursor_next(ic, &irow, &i_row, err))))
        goto out;
    sc->n_parts = 0;
    int64_t cur = 0;      /* pmid of the current paper */
    int32_t cur_year = 0; /* its year, 0 = unknown */
    bool have = false;    /* cur is set */
    bool keep = false;    /* cur has a papers row (within --years) */
    coauth_paper_row prow = {0};
    bool p_started = false; /* the papers cursor has been stepped */
    bool p_row = true;      /* false once papers is exhausted */
    size_t nb;
    do {
        /* Read a batch of rows, prefetching each one's index word, so the look-ups
         * below do not wait for memory. */
        if ((ret = coauth_auth_cursor_next(ac, batch, SCAN_BATCH, &nb, err)))
            goto out;
        for (size_t i = 0; i < nb; i++) {
            coauth_auth_row *r = &batch[i];
            if (r->affiliation_id >= 0 && (uint64_t)r->affiliation_id >= sc->n_aff)
                r->affiliation_id = -1;
            else if (r->affiliation_id >= 0)
                PREFETCH(&sc->word[r->affiliation_id]);
        }
        for (size_t i = 0; i < nb; i++) {
            const coauth_auth_row *r = &batch[i];
            if (!have || r->pmid != cur) {
                if (have && (ret = flush_paper(sc, cur, cur_year, fn, ctx, err)))
                    goto out;
                if (have && r->pmid < cur) {
                    ret = coauth_fail(err, COAUTH_ESTORE, "authorships out of key order");
                    goto out;
                }
                have = true;
                cur = r->pmid;
                while (p_row && (!p_started || prow.pmid < cur)) {
                    if ((ret = coauth_papers_cursor_next(pc, &prow, &p_row, err)))
                        goto out;
                    p_started = true;
                }
                keep = p_row && prow.pmid == cur;
                if (keep) {
                    cur_year = prow.year;
                    sc->n_authors = prow.n_authors;
                }
            }
            int64_t org = -1;
            if (keep && i_row &&
                (ret = coauth_inst_authorship_org(ic, &irow, &i_row, r, &org, err)))
                goto out;
            if (keep && (ret = add_authorship(sc, r->position, r->affiliation_id, org, err)))
                goto out;
        }
    } while (nb == SCAN_BATCH);
    if (have)
        ret = flush_paper(sc, cur, cur_year, fn, ctx, err);
out:
    sc->n_parts = 0;
    coauth_auth_cursor_close(ac);
    coauth_papers_cursor_close(pc);
    coauth_authror_cursor_close(ic);
    return ret;
}

/* Form C(p) and the shares from one country set row, as flush_paper does from the same
 * parts (same additions in the same order), without copying them first. */
static coauth_status flush_set(paper_scan *sc, const coauth_set_row *row, uint32_t hk, uint32_t mo,
                               uint32_t cn, paper_fn fn, void *ctx, coauth_error *err)
{
    size_t at = 0, n_located = 0;
    coauth_set_author au;
    /* |A(p)|: the shares need it first. Heads of 1..62 parts skipped here, anything
     * else (a varint count, the end, a malformed row) by the decoder. */
    for (;;) {
        size_t k = at < row->len ? row->parts[at] >> 2 : 0;
        if (k == 0 || k == 63 || 2 * k >= row->len - at)
            break;
        at += 1 + 2 * k;
        n_located++;
    }
    while (coauth_set_next_author(row->parts, row->len, &at, &au))
        n_located++;
    if (n_located == 0)
        return COAUTH_OK;
    coauth_status st;
    if (row->len / 2 + 1 > sc->cap_parts && (st = ensure_parts(sc, row->len / 2 + 1, err)))
        return st; /* room for >= the parts */
    sc->n_authors = row->n_authors;
    size_t n = 0;
    at = 0;
    while (coauth_set_next_author(row->parts, row->len, &at, &au)) {
        double share = 1.0 / ((double)n_located * (double)au.k); /* 1/(|A(p)| |P(a)|) */
        unsigned lead = ((au.lead & COAUTH_SET_FIRST) ? PAPER_FIRST_AUTHOR : 0u) |
                        ((au.lead & COAUTH_SET_LAST) ? PAPER_LAST_AUTHOR : 0u);
        for (size_t k = 0; k < au.k; k++) {
            uint32_t id = coauth_set_id(au.ids, k);
            if (id >= COAUTH_N_COUNTRY_IDS) {
                for (size_t i = 0; i < n; i++)
                    sc->slot[sc->nodes[i].id] = 0;
                return coauth_fail(err, COAUTH_ESTORE,
                                   "the country set of paper %lld holds an invalid country id",
                                   (long long)row->pmid);
            }
            if (sc->fold && (id == hk || id == mo))
                id = cn;
            if (sc->slot[id]) {
                sc->nodes[sc->slot[id] - 1].frac += share;
                sc->nodes[sc->slot[id] - 1].lead |= lead;
            } else {
                sc->nodes[n] = (paper_node){id, share, lead};
                sc->slot[id] = (uint32_t)++n;
            }
        }
    }
    return emit_paper(sc, n, row->pmid, row->year, n_located, fn, ctx, err);
}

/* The country-level scan: the store's country sets, with the study filters evaluated
 * on the paper_meta rows when the classes alone cannot tell the population (every
 * filter reads only paper_meta since schema 10: no papers scan). */
static coauth_status scan_sets(paper_scan *sc, paper_fn fn, void *ctx, coauth_error *err)
{
    coauth_sets_cursor *cs = NULL;
    coauth_status ret;
    uint32_t cn = (uint32_t)coauth_country_id("CN");
    uint32_t hk = (uint32_t)coauth_country_id("HK"), mo = (uint32_t)coauth_country_id("MO");

    if ((ret = coauth_sets_cursor_open(sc->s, sc->classes, sc->year_from, sc->year_to, &cs, err)) ||
        (sc->filtered && (ret = coauth_sets_cursor_filter(cs, sc->pop, err))))
        goto out;
    coauth_set_row row;
    bool got;
    while (!(ret = coauth_sets_cursor_next(cs, &row, &got, err)) && got)
        if ((ret = flush_set(sc, &row, hk, mo, cn, fn, ctx, err)))
            goto out;
out:
    sc->n_parts = 0;
    coauth_sets_cursor_close(cs);
    return ret;
}

coauth_status coauth_paper_scan_run(paper_scan *sc, paper_fn fn, void *ctx, coauth_error *err)
{
    return sc->sets ? scan_sets(sc, fn, ctx, err) : scan_authorships(sc, fn, ctx, err);
}

coauth_status
coauth_papers_scan(coauth_store *s, const coauth_query_options *opts, enum coauth_level level,
                   coauth_status (*on_start)(uint32_t max_id, void *ctx, coauth_error *err),
                   paper_fn fn, void *ctx, coauth_error *err)
{
    paper_scan *sc = NULL;
    coauth_status ret = coauth_paper_scan_open(s, opts, level, &sc, err);
    if (ret)
        return ret;
    if (!on_start || !(ret = on_start(sc->max_id, ctx, err)))
        ret = coauth_paper_scan_run(sc, fn, ctx, err);
    coauth_paper_scan_free(sc);
    return ret;
}

coauth_status coauth_paper_scan_names(const paper_scan *sc, const uint32_t *ids, size_t n,
                                      const char **names, const char **countries, const char **rors,
                                      void **tab, coauth_error *err)
{
    return coauth_inst_node_names(sc->s, &sc->pairs, sc->n_orgs, sc->fold, ids, n, names, countries,
                                  rors, tab, err);
}
