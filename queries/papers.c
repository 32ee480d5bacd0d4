/* papers.c - the paper iterator shared by every query (C(p), A(p), P(a) of SPEC 5),
 * query option parsing, and the small containers the queries aggregate in.
 *
 * Invariant: one SQL scan, in the authorships primary-key order (pmid, position, seq,
 * part), so the rows of one paper arrive together and no sort or temporary table is
 * needed; memory holds one paper's parts at a time.
 *
 * NOTES ON THE DEFINITIONS: a "part" is one row of affiliation_parts reached through
 * one authorship row. An author listing the same affiliation string twice has its
 * parts twice in P(a) (SPEC: "over all its affiliation strings"). At country level a
 * part counts when its country is a valid code; at institution level when it names
 * an institution (whatever its country). --fold-hk-mo rewrites HK and MO to CN before
 * anything is counted, so a paper HK+CN has C(p) = {CN}.
 */
#include "papers_internal.h"

#include "store_internal.h"

#include <coauth/strtab.h>
#include <errno.h>
#include <limits.h>
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

/* ---- u64 map ----------------------------------------------------------------------- */

static size_t hash64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return (size_t)k;
}

static coauth_status map_rehash(u64map *m, size_t cap, coauth_error *err)
{
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory in a query");
    }
    for (size_t i = 0; i < cap; i++)
        vals[i] = UINT32_MAX;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->vals[i] == UINT32_MAX)
            continue;
        size_t j = hash64(m->keys[i]) & (cap - 1);
        while (vals[j] != UINT32_MAX)
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return COAUTH_OK;
}

coauth_status coauth_u64map_get(u64map *m, uint64_t key, uint32_t next, uint32_t *out_val,
                                int *out_added, coauth_error *err)
{
    if ((m->n + 1) * 4 > m->cap * 3) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        coauth_status st = map_rehash(m, cap, err);
        if (st)
            return st;
    }
    size_t j = hash64(key) & (m->cap - 1);
    while (m->vals[j] != UINT32_MAX) {
        if (m->keys[j] == key) {
            *out_val = m->vals[j];
            if (out_added)
                *out_added = 0;
            return COAUTH_OK;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->vals[j] = next;
    m->n++;
    *out_val = next;
    if (out_added)
        *out_added = 1;
    return COAUTH_OK;
}

void coauth_u64map_release(u64map *m)
{
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->n = 0;
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
    if (strcmp(name, "years") == 0)
        return parse_years(o, value, err);
    if (strcmp(name, "fold-hk-mo") == 0) {
        o->fold_hk_mo = true;
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
        else
            return coauth_fail(err, COAUTH_EINVAL, "bad --format '%s' (csv, graphml or pajek)", v);
        return COAUTH_OK;
    }
    if (strcmp(name, "country") == 0)
        return parse_countries(o, v, err);
    return coauth_fail(err, COAUTH_EINVAL, "unknown query option '%s'", name);
}

/* ---- the scan ---------------------------------------------------------------------- */

coauth_status coauth_read_begin(coauth_store *s, coauth_error *err)
{
    sqlite3 *db = coauth_store_sqlite(s);
    int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(db, rc, err, "starting a read transaction");
    return COAUTH_OK;
}

void coauth_read_end(coauth_store *s)
{
    sqlite3 *db = coauth_store_sqlite(s);
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

typedef struct raw_part {
    int64_t position;
    uint32_t id;
} raw_part;

typedef struct scan_buf {
    raw_part *parts;
    size_t n_parts, cap_parts;
    paper_node *nodes;
    size_t cap_nodes;
} scan_buf;

static int node_cmp(const void *a, const void *b)
{
    uint32_t x = ((const paper_node *)a)->id, y = ((const paper_node *)b)->id;
    return (x > y) - (x < y);
}

/* Form C(p) and the author-proportional shares from one paper's parts (ordered by
 * author position) and hand the paper to fn. */
static coauth_status flush_paper(scan_buf *b, uint64_t pmid, int32_t year, paper_fn fn, void *ctx,
                                 coauth_error *err)
{
    if (b->n_parts == 0)
        return COAUTH_OK;
    coauth_status st =
        coauth_grow((void **)&b->nodes, &b->cap_nodes, b->n_parts, sizeof *b->nodes, err);
    if (st)
        return st;
    /* |A(p)|: distinct positions (parts arrive grouped by position). */
    size_t n_authors = 0;
    for (size_t i = 0; i < b->n_parts; i++)
        if (i == 0 || b->parts[i].position != b->parts[i - 1].position)
            n_authors++;
    for (size_t i = 0; i < b->n_parts;) {
        size_t j = i;
        while (j < b->n_parts && b->parts[j].position == b->parts[i].position)
            j++;
        double share = 1.0 / ((double)n_authors * (double)(j - i)); /* 1/(|A(p)| |P(a)|) */
        for (size_t k = i; k < j; k++) {
            b->nodes[k].id = b->parts[k].id;
            b->nodes[k].frac = share;
        }
        i = j;
    }
    qsort(b->nodes, b->n_parts, sizeof *b->nodes, node_cmp);
    size_t n = 0;
    for (size_t i = 0; i < b->n_parts; i++) {
        if (n > 0 && b->nodes[n - 1].id == b->nodes[i].id)
            b->nodes[n - 1].frac += b->nodes[i].frac;
        else
            b->nodes[n++] = b->nodes[i];
    }
    b->n_parts = 0;
    paper_view v = {pmid, year, n, b->nodes};
    return fn(&v, ctx, err);
}

coauth_status
coauth_papers_scan(coauth_store *s, const coauth_query_options *opts, enum coauth_level level,
                   coauth_status (*on_start)(uint32_t max_id, void *ctx, coauth_error *err),
                   paper_fn fn, void *ctx, coauth_error *err)
{
    sqlite3 *db = coauth_store_sqlite(s);
    sqlite3_stmt *st = NULL;
    scan_buf b = {0};
    coauth_status ret = COAUTH_OK;
    bool years = opts->year_from > 0;
    bool inst = level == COAUTH_LEVEL_INSTITUTION;
    uint32_t max_id = COAUTH_N_COUNTRY_IDS - 1;
    int rc;

    if (inst) {
        rc = sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM institutions", -1, &st, NULL);
        if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t m = sqlite3_column_int64(st, 0);
            if (m < 0 || m >= (int64_t)UINT32_MAX) {
                sqlite3_finalize(st);
                return coauth_fail(err, COAUTH_ELIMIT, "institution ids beyond 2^32 - 1");
            }
            max_id = (uint32_t)m;
            rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
        st = NULL;
        if (rc != SQLITE_OK)
            return coauth_store_sqlfail(db, rc, err, "reading institutions");
    }
    if (on_start && (ret = on_start(max_id, ctx, err)))
        return ret;

    /* The authorships primary key gives pmid, position, seq order; the parts of one
     * affiliation follow in their own key order. CROSS JOIN pins SQLite's join order
     * (authorships outermost), so whatever statistics ANALYZE leaves, the plan is one
     * scan of authorships with two primary-key look-ups per row and no sort:
     *   SCAN a / SEARCH p USING INTEGER PRIMARY KEY / SEARCH ap USING PRIMARY KEY */
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT a.pmid, p.year, a.position, %s FROM authorships a "
             "CROSS JOIN papers p ON p.pmid = a.pmid "
             "CROSS JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id "
             "WHERE %s%s ORDER BY a.pmid, a.position, a.seq, ap.part",
             inst ? "ap.institution_id" : "ap.country",
             inst ? "ap.institution_id IS NOT NULL" : "ap.country IS NOT NULL",
             years ? " AND p.year BETWEEN ?1 AND ?2" : "");
    rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(db, rc, err, "preparing the paper scan");
    if (years) {
        sqlite3_bind_int(st, 1, opts->year_from);
        sqlite3_bind_int(st, 2, opts->year_to);
    }
    uint64_t cur = 0;
    int32_t cur_year = 0;
    bool have = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint64_t pmid = (uint64_t)sqlite3_column_int64(st, 0);
        if (!have || pmid != cur) {
            if (have && (ret = flush_paper(&b, cur, cur_year, fn, ctx, err)))
                goto out;
            have = true;
            cur = pmid;
            cur_year =
                sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : (int32_t)sqlite3_column_int(st, 1);
        }
        uint32_t id;
        if (inst) {
            int64_t iid = sqlite3_column_int64(st, 3);
            if (iid <= 0 || iid > (int64_t)max_id)
                continue; /* an id past the snapshot's maximum cannot happen in one
                             transaction; skip rather than overrun */
            id = (uint32_t)iid;
        } else {
            const char *c = (const char *)sqlite3_column_text(st, 3);
            if (opts->fold_hk_mo && c && (strcmp(c, "HK") == 0 || strcmp(c, "MO") == 0))
                c = "CN";
            int cid = coauth_country_id(c);
            if (cid < 0)
                continue; /* NEEDSWORK: a stored country that is not two A-Z letters */
            id = (uint32_t)cid;
        }
        if ((ret =
                 coauth_grow((void **)&b.parts, &b.cap_parts, b.n_parts + 1, sizeof *b.parts, err)))
            goto out;
        b.parts[b.n_parts].position = sqlite3_column_int64(st, 2);
        b.parts[b.n_parts].id = id;
        b.n_parts++;
    }
    if (rc != SQLITE_DONE) {
        ret = coauth_store_sqlfail(db, rc, err, "scanning papers");
        goto out;
    }
    if (have)
        ret = flush_paper(&b, cur, cur_year, fn, ctx, err);
out:
    sqlite3_finalize(st);
    free(b.parts);
    free(b.nodes);
    return ret;
}

coauth_status coauth_institution_names(coauth_store *s, const uint32_t *ids, size_t n,
                                       const char **names, void **tab, coauth_error *err)
{
    sqlite3 *db = coauth_store_sqlite(s);
    coauth_strtab *t = NULL;
    sqlite3_stmt *st = NULL;
    coauth_status ret = coauth_strtab_new(&t, err);
    if (ret)
        return ret;
    *tab = t;
    int rc = sqlite3_prepare_v2(db, "SELECT name FROM institutions WHERE id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(db, rc, err, "reading institution names");
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int64(st, 1, ids[i]);
        rc = sqlite3_step(st);
        const char *name = "";
        size_t len = 0;
        if (rc == SQLITE_ROW) {
            name = (const char *)sqlite3_column_text(st, 0);
            len = (size_t)sqlite3_column_bytes(st, 0);
            if (!name)
                name = "";
        } else if (rc != SQLITE_DONE) {
            ret = coauth_store_sqlfail(db, rc, err, "reading institution names");
            break;
        }
        uint32_t sid;
        if ((ret = coauth_strtab_intern(t, name, len, &sid, NULL, err))) {
            sqlite3_reset(st);
            break;
        }
        names[i] = coauth_strtab_get(t, sid);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return ret;
}
