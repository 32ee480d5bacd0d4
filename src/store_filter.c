/* store_filter.c - the papers of the study population (SPEC 5.1): the filters of a
 * query become one SELECT over papers in PMID order, merged with the paper_meta rows of
 * schema 7 (store_meta.c) where a filter reads the metadata.
 *
 * Invariant: a paper passes when it passes every filter given (AND), and --types is
 * always in force (default `research`). Every filter value is a bound parameter (no user
 * text ever becomes SQL). The options were checked when they were set
 * (queries/population.c); the tokens are split by the same rules
 * (population_internal.h).
 *
 * How a metadata filter is evaluated: its condition on a value (a MeSH UI in the list, an
 * agency matching the pattern, ...) is asked of the value's dictionary once, at open,
 * which gives the set of ids that satisfy it (a handful of rows read); then each paper
 * passes when one of the ids of its paper_meta list is in the set. That is the
 * condition of schema 6's correlated EXISTS on the paper's rows, item for item (a grant
 * is one id, so agency and country still hold for the same grant), with the same SQL
 * functions deciding each value (lower(), upper(), GLOB, COLLATE NOCASE). Measured:
 * bench/RESULTS.md ("Metadata dictionaries").
 */
#include "store_internal.h"

#include "population_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sqlbuf {
    char *p;
    size_t len, cap;
    bool nomem;
    /* bound values, in placeholder order (?base+1, ?base+2, ...) */
    struct bound {
        const char *s; /* borrowed from the options */
        size_t n;
        int fold; /* bind as given (0), upper-cased (1: ISSNs), lower-cased (-1) */
    } * vals;
    size_t n_vals, cap_vals;
    size_t base; /* placeholders before the bound values (the years: 2) */
};

static void add(struct sqlbuf *b, const char *fmt, ...) COAUTH_PRINTF(2, 3);
static void add(struct sqlbuf *b, const char *fmt, ...)
{
    if (b->nomem)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->nomem = true;
            return;
        }
        if (b->p && b->len + (size_t)n < b->cap) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap : 256;
        while (cap <= b->len + (size_t)n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) {
            b->nomem = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
}

/* Append a placeholder bound to t[0..n). */
static void bind_text(struct sqlbuf *b, const char *t, size_t n, int fold)
{
    if (b->nomem)
        return;
    if (b->n_vals == b->cap_vals) {
        size_t cap = b->cap_vals ? b->cap_vals * 2 : 16;
        void *q = realloc(b->vals, cap * sizeof *b->vals);
        if (!q) {
            b->nomem = true;
            return;
        }
        b->vals = q;
        b->cap_vals = cap;
    }
    b->vals[b->n_vals++] = (struct bound){t, n, fold};
    add(b, "?%zu", b->n_vals + b->base);
}

static void sqlbuf_release(struct sqlbuf *b)
{
    free(b->p);
    free(b->vals);
    *b = (struct sqlbuf){0};
}

/* Prepare b's statement and bind its values (folded copies). */
static coauth_status prepare_bound(sqlite3 *db, struct sqlbuf *b, sqlite3_stmt **out,
                                   coauth_error *err)
{
    *out = NULL;
    if (b->nomem)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory building the paper filter");
    int rc = sqlite3_prepare_v2(db, b->p, -1, out, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(db, rc, err, "preparing the paper filter");
    for (size_t i = 0; i < b->n_vals; i++) {
        const struct bound *v = &b->vals[i];
        char *t = malloc(v->n + 1);
        if (!t) {
            sqlite3_finalize(*out);
            *out = NULL;
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory building the paper filter");
        }
        for (size_t k = 0; k < v->n; k++) {
            unsigned char c = (unsigned char)v->s[k];
            t[k] = (char)(v->fold > 0 ? toupper(c) : v->fold < 0 ? tolower(c) : c);
        }
        t[v->n] = '\0';
        rc = sqlite3_bind_text(*out, (int)(i + b->base + 1), t, (int)v->n, free);
        if (rc != SQLITE_OK) {
            sqlite3_finalize(*out);
            *out = NULL;
            return coauth_store_sqlfail(db, rc, err, "binding the paper filter");
        }
    }
    return COAUTH_OK;
}

/* The tokens of a list option, split for an IN (...) list. */
struct toklist {
    struct sqlbuf *b;
    int fold;
    size_t n;
};

static coauth_status in_item(const char *t, size_t n, void *ud, coauth_error *err)
{
    (void)err;
    struct toklist *l = ud;
    if (l->n++)
        add(l->b, ", ");
    bind_text(l->b, t, n, l->fold);
    return COAUTH_OK;
}

/* " IN (?a, ?b, ...)" over the tokens of v. */
static void in_list(struct sqlbuf *b, const char *v, int fold)
{
    struct toklist l = {b, fold, 0};
    add(b, " IN (");
    coauth_error e = COAUTH_ERROR_INIT;
    (void)coauth_each_token("", v, in_item, &l, &e); /* checked when the option was set */
    add(b, ")");
}

/* ---- sets of dictionary ids ---------------------------------------------------------- */

/* The ids a condition holds for, as bits (id 0 and ids past the largest are out). */
struct idset {
    unsigned char *bits;
    int64_t n; /* bits */
};

static bool idset_has(const struct idset *s, int64_t id)
{
    return id > 0 && id < s->n && (s->bits[id >> 3] >> (id & 7) & 1);
}

/* Run b's `SELECT id FROM ...` into s. */
static coauth_status idset_fill(sqlite3 *db, struct sqlbuf *b, struct idset *s, coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    coauth_status ret = prepare_bound(db, b, &st, err);
    int rc = SQLITE_OK;
    while (!ret && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id <= 0 || id > INT32_MAX)
            continue; /* not an id the writer gives */
        if (id >= s->n) {
            int64_t n = s->n ? s->n : 64;
            while (n <= id)
                n *= 2;
            unsigned char *p = realloc(s->bits, (size_t)(n / 8));
            if (!p) {
                ret = coauth_fail(err, COAUTH_ENOMEM, "out of memory building the paper filter");
                break;
            }
            memset(p + s->n / 8, 0, (size_t)((n - s->n) / 8));
            s->bits = p;
            s->n = n;
        }
        s->bits[id >> 3] |= (unsigned char)(1u << (id & 7));
    }
    if (!ret && rc != SQLITE_DONE)
        ret = coauth_store_sqlfail(db, rc, err, "reading the metadata dictionaries");
    sqlite3_finalize(st);
    sqlbuf_release(b);
    return ret;
}

/* ---- JSON id lists (store_meta.c writes them: "[1,-2,3]") --------------------------- */

/* Whether an id of the list `j` (NULL: empty) is in s; with `major`, only a negative
 * (major-topic) one, whose id is its absolute value. Anything but digits and '-' is a
 * separator, so a foreign value reads as the numbers it holds. */
static bool list_hits(const unsigned char *j, const struct idset *s, bool signs, bool major)
{
    if (!j)
        return false;
    while (*j) {
        bool neg = false;
        if (*j == '-') {
            neg = true;
            j++;
        }
        if (*j < '0' || *j > '9') {
            if (*j)
                j++;
            continue;
        }
        int64_t v = 0;
        while (*j >= '0' && *j <= '9') {
            if (v < INT32_MAX)
                v = v * 10 + (*j - '0');
            j++;
        }
        if (neg && !signs)
            continue;
        if (idset_has(s, v) && (!major || neg))
            return true;
    }
    return false;
}

/* ---- the --types condition ------------------------------------------------------------ */

struct typescan {
    struct sqlbuf *b;
    bool want; /* collecting the positive (true) or the ! (false) tokens */
    bool research, all;
    size_t n_ui, n_name;
    bool ui_pass; /* second pass: write the UIs (true) or the names (false) */
    size_t n;
};

static coauth_status type_item(const char *t, size_t n, void *ud, coauth_error *err)
{
    (void)err;
    struct typescan *s = ud;
    bool neg = *t == '!';
    if (neg) {
        t++, n--;
        while (n && isspace((unsigned char)*t))
            t++, n--;
    }
    if (neg != !s->want)
        return COAUTH_OK;
    if (n == 8 && strncasecmp(t, "research", 8) == 0) {
        s->research = true;
        return COAUTH_OK;
    }
    if (n == 3 && strncasecmp(t, "all", 3) == 0) {
        s->all = true;
        return COAUTH_OK;
    }
    bool ui = coauth_is_ui(t, n, 'D');
    if (!s->b) { /* counting pass */
        s->n_ui += ui;
        s->n_name += !ui;
        return COAUTH_OK;
    }
    if (ui != s->ui_pass)
        return COAUTH_OK;
    if (s->n++)
        add(s->b, ", ");
    bind_text(s->b, t, n, ui ? 0 : -1);
    return COAUTH_OK;
}

static void types_scan(const char *v, bool want, struct typescan *out)
{
    coauth_error e = COAUTH_ERROR_INIT;
    *out = (struct typescan){NULL, want, false, false, 0, 0, false, 0};
    (void)coauth_each_token("types", v, type_item, out, &e);
}

/* The ids of the publication types named by the tokens of the given sign (UI or whole
 * name, ASCII case ignored). */
static coauth_status types_ids(sqlite3 *db, const char *v, bool want, const struct typescan *cnt,
                               struct idset *s, coauth_error *err)
{
    struct sqlbuf b = {0};
    add(&b, "SELECT id FROM publication_types WHERE ");
    coauth_error e = COAUTH_ERROR_INIT;
    for (int pass = 0; pass < 2; pass++) {
        bool ui = pass == 0;
        if ((ui ? cnt->n_ui : cnt->n_name) == 0)
            continue;
        if (pass == 1 && cnt->n_ui)
            add(&b, " OR ");
        add(&b, ui ? "ui IN (" : "lower(name) IN (");
        struct typescan w = {&b, want, false, false, 0, 0, ui, 0};
        (void)coauth_each_token("types", v, type_item, &w, &e);
        add(&b, ")");
    }
    return idset_fill(db, &b, s, err);
}

#define RESEARCH "coalesce(research, 1) = 1"

/* ---- the filter ----------------------------------------------------------------------- */

enum { F_TYPES = 1, F_JOURNAL = 2, F_MESH = 4, F_GRANTS = 8, F_LANGUAGE = 16 };

/* The test that reads each paper_meta list (types, issns, languages, mesh, grants). */
static const unsigned list_test[5] = {F_TYPES, F_JOURNAL, F_LANGUAGE, F_MESH, F_GRANTS};

struct coauth_store_filter {
    sqlite3 *db;
    sqlite3_stmt *papers; /* pmid, year (0: NULL), n_authors, research, journal match */
    sqlite3_stmt *meta;   /* pmid, types, issns, languages, mesh, grants; NULL: not needed */
    bool meta_row;        /* meta is on a row */
    bool meta_started;
    int col[5];        /* the meta statement's column of each list_test's list */
    int journal_col;   /* its column of the journal id (F_JOURNAL) */
    int64_t meta_pmid; /* its pmid */
    unsigned tests;    /* F_*: the conditions evaluated here, per paper */
    /* --types with lists: the condition of schema 6's SQL, per paper */
    bool pos_all, pos_research, pos_listed, neg_listed;
    /* the research class, in the papers statement's WHERE or (metadata-only) tested
     * here on the caller's class: required, or (`!research`) excluded */
    bool need_research, need_not_research;
    bool research; /* metadata-only: the class of the paper being tested */
    bool mesh_major;
    struct idset pos_types, neg_types, issns, journals, mesh, funders, languages;
};

static void filter_free(coauth_store_filter *f)
{
    if (!f)
        return;
    sqlite3_finalize(f->papers);
    sqlite3_finalize(f->meta);
    struct idset *sets[] = {&f->pos_types, &f->neg_types, &f->issns,    &f->journals,
                            &f->mesh,      &f->funders,   &f->languages};
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        free(sets[i]->bits);
    free(f);
}

void coauth_store_filter_free(coauth_store_filter *f)
{
    filter_free(f);
}

/* The --types condition: in the papers statement when it names no type (research, all,
 * !research), else per paper (f->tests |= F_TYPES) from the type ids. */
static coauth_status types_condition(coauth_store_filter *f, struct sqlbuf *b, const char *types,
                                     coauth_error *err)
{
    const char *v = types ? types : "research";
    struct typescan pos, neg;
    types_scan(v, true, &pos);
    types_scan(v, false, &neg);
    f->pos_all = pos.all;
    f->pos_research = pos.research;
    f->pos_listed = pos.n_ui + pos.n_name > 0;
    f->neg_listed = neg.n_ui + neg.n_name > 0;
    /* the research class alone is the papers statement's (fewer rows reach the tests) */
    f->need_research = !pos.all && !f->pos_listed;
    f->need_not_research = neg.research;
    if (f->need_research)
        add(b, " AND " RESEARCH);
    if (f->need_not_research)
        add(b, " AND NOT (" RESEARCH ")");
    if (!f->pos_listed && !f->neg_listed)
        return COAUTH_OK;
    f->tests |= F_TYPES;
    coauth_status st = COAUTH_OK;
    if (f->pos_listed)
        st = types_ids(f->db, v, true, &pos, &f->pos_types, err);
    if (!st && f->neg_listed)
        st = types_ids(f->db, v, false, &neg, &f->neg_types, err);
    return st;
}

/* The filter of p; with_papers false: no papers statement (metadata-only, no years). */
static coauth_status filter_open(sqlite3 *db, const coauth_population *p, int32_t year_from,
                                 int32_t year_to, bool with_papers, coauth_store_filter **out,
                                 coauth_error *err)
{
    *out = NULL;
    coauth_store_filter *f = calloc(1, sizeof *f);
    if (!f)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory building the paper filter");
    f->db = db;
    bool years = year_from > 0;
    struct sqlbuf b = {.base = 2};
    coauth_status ret = COAUTH_OK;
    /* hidden: the JATS version of a PubMed paper, which counts as that paper */
    add(&b, "SELECT pmid, coalesce(year, 0), n_authors, research FROM papers WHERE hidden = 0");
    if (years)
        add(&b, " AND year BETWEEN ?1 AND ?2");
    if ((ret = types_condition(f, &b, p->types, err)))
        goto out;
    add(&b, " ORDER BY pmid");
    if (with_papers && (ret = prepare_bound(db, &b, &f->papers, err)))
        goto out;
    if (with_papers && years) {
        sqlite3_bind_int(f->papers, 1, year_from);
        sqlite3_bind_int(f->papers, 2, year_to);
    }
    if (p->journal) {
        /* an NLM Unique ID (journals, schema 10) or any ISSN of the paper */
        struct sqlbuf s = {0}, jn = {0};
        add(&s, "SELECT id FROM issns WHERE upper(issn)");
        in_list(&s, p->journal, 1);
        add(&jn, "SELECT id FROM journals WHERE nlm_id");
        in_list(&jn, p->journal, 1);
        f->tests |= F_JOURNAL;
        if ((ret = idset_fill(db, &s, &f->issns, err)) ||
            (ret = idset_fill(db, &jn, &f->journals, err)))
            goto out;
    }
    if (p->mesh) {
        struct sqlbuf s = {0};
        add(&s, "SELECT id FROM mesh_descriptors WHERE ui");
        in_list(&s, p->mesh, 0);
        f->tests |= F_MESH;
        f->mesh_major = p->mesh_major;
        if ((ret = idset_fill(db, &s, &f->mesh, err)))
            goto out;
    }
    if (p->grant_agency || p->grant_country) {
        struct sqlbuf s = {0};
        add(&s, "SELECT id FROM grant_funders WHERE 1");
        if (p->grant_agency) {
            add(&s, " AND lower(agency) GLOB ");
            bind_text(&s, p->grant_agency, strlen(p->grant_agency), -1);
        }
        if (p->grant_country) {
            add(&s, " AND lower(country) = ");
            bind_text(&s, p->grant_country, strlen(p->grant_country), -1);
        }
        f->tests |= F_GRANTS;
        if ((ret = idset_fill(db, &s, &f->funders, err)))
            goto out;
    }
    if (p->language) {
        struct sqlbuf s = {0};
        add(&s, "SELECT id FROM languages WHERE language COLLATE NOCASE");
        in_list(&s, p->language, -1);
        f->tests |= F_LANGUAGE;
        if ((ret = idset_fill(db, &s, &f->languages, err)))
            goto out;
    }
    if (f->tests) {
        /* only the columns a test reads (list_test order; f->col says where) */
        static const char *const names[5] = {"types", "issns", "languages", "mesh", "grants"};
        char sql[192] = "SELECT pmid";
        int n = 1;
        for (int i = 0; i < 5; i++)
            if (f->tests & list_test[i]) {
                f->col[i] = n++;
                strcat(strcat(sql, ", "), names[i]);
            }
        if (f->tests & F_JOURNAL) {
            f->journal_col = n++;
            strcat(sql, ", journal");
        }
        strcat(sql, " FROM paper_meta ORDER BY pmid");
        int rc = sqlite3_prepare_v2(db, sql, -1, &f->meta, NULL);
        if (rc != SQLITE_OK) {
            ret = coauth_store_sqlfail(db, rc, err, "preparing the paper filter");
            goto out;
        }
    }
out:
    sqlbuf_release(&b);
    if (ret)
        filter_free(f);
    else
        *out = f;
    return ret;
}

coauth_status coauth_store_filter_open(sqlite3 *db, const coauth_population *p, int32_t year_from,
                                       int32_t year_to, coauth_store_filter **out,
                                       coauth_error *err)
{
    return filter_open(db, p, year_from, year_to, true, out, err);
}

coauth_status coauth_store_filter_open_meta(sqlite3 *db, const coauth_population *p,
                                            coauth_store_filter **out, coauth_error *err)
{
    return filter_open(db, p, 0, 0, false, out, err);
}

/* Whether the paper the papers statement is on passes the per-paper tests; `j` are its
 * paper_meta lists (types, issns, languages, mesh, grants; NULL: none). */
static bool passes(const coauth_store_filter *f, const unsigned char *const j[5], int64_t journal)
{
    sqlite3_stmt *p = f->papers;
    if (f->tests & F_TYPES) {
        /* named types (the statement has the research class when none is named, and
         * leaves out the class when it is excluded); the class is coalesce(research, 1)
         * = 1, from the statement or (metadata-only) the caller */
        if (!f->pos_all && f->pos_listed && !list_hits(j[0], &f->pos_types, false, false) &&
            !(f->pos_research &&
              (p ? sqlite3_column_type(p, 3) == SQLITE_NULL || sqlite3_column_int64(p, 3) == 1
                 : f->research)))
            return false;
        if (f->neg_listed && list_hits(j[0], &f->neg_types, false, false))
            return false;
    }
    if ((f->tests & F_JOURNAL) && !idset_has(&f->journals, journal) &&
        !list_hits(j[1], &f->issns, false, false))
        return false;
    if ((f->tests & F_LANGUAGE) && !list_hits(j[2], &f->languages, false, false))
        return false;
    if ((f->tests & F_MESH) && !list_hits(j[3], &f->mesh, true, f->mesh_major))
        return false;
    if ((f->tests & F_GRANTS) && !list_hits(j[4], &f->funders, false, false))
        return false;
    return true;
}

/* Whether paper pmid (ascending from call to call) passes the per-paper tests, with
 * the lists of its paper_meta row if it has one (both in pmid order). */
static coauth_status meta_passes(coauth_store_filter *f, int64_t pmid, bool *out_pass,
                                 coauth_error *err)
{
    while (!f->meta_started || (f->meta_row && f->meta_pmid < pmid)) {
        f->meta_started = true;
        int mrc = sqlite3_step(f->meta);
        f->meta_row = mrc == SQLITE_ROW;
        if (mrc != SQLITE_ROW && mrc != SQLITE_DONE)
            return coauth_store_sqlfail(f->db, mrc, err, "scanning paper metadata");
        if (f->meta_row)
            f->meta_pmid = sqlite3_column_int64(f->meta, 0);
    }
    const unsigned char *j[5] = {NULL};
    int64_t journal = 0;
    if (f->meta_row && f->meta_pmid == pmid) {
        for (int i = 0; i < 5; i++)
            if (f->tests & list_test[i])
                j[i] = sqlite3_column_text(f->meta, f->col[i]);
        if (f->tests & F_JOURNAL)
            journal = sqlite3_column_int64(f->meta, f->journal_col);
    }
    *out_pass = passes(f, j, journal);
    return COAUTH_OK;
}

coauth_status coauth_store_filter_test(coauth_store_filter *f, int64_t pmid, bool research,
                                       bool *out_pass, coauth_error *err)
{
    *out_pass = false;
    if ((f->need_research && !research) || (f->need_not_research && research))
        return COAUTH_OK;
    if (!f->meta) {
        *out_pass = true;
        return COAUTH_OK;
    }
    f->research = research;
    return meta_passes(f, pmid, out_pass, err);
}

coauth_status coauth_store_filter_next(coauth_store_filter *f, int64_t *out_pmid, int32_t *out_year,
                                       int64_t *out_n_authors, bool *out_row, coauth_error *err)
{
    *out_row = false;
    int rc;
    while ((rc = sqlite3_step(f->papers)) == SQLITE_ROW) {
        int64_t pmid = sqlite3_column_int64(f->papers, 0);
        if (f->meta) {
            bool pass;
            coauth_status st = meta_passes(f, pmid, &pass, err);
            if (st)
                return st;
            if (!pass)
                continue;
        }
        *out_pmid = pmid;
        *out_year = (int32_t)sqlite3_column_int(f->papers, 1); /* 0 = unknown */
        *out_n_authors = sqlite3_column_int64(f->papers, 2);
        *out_row = true;
        return COAUTH_OK;
    }
    if (rc != SQLITE_DONE)
        return coauth_store_sqlfail(f->db, rc, err, "scanning papers");
    return COAUTH_OK;
}

bool coauth_store_filter_unclassified(const coauth_store_filter *f)
{
    return sqlite3_column_type(f->papers, 3) == SQLITE_NULL;
}
