/* population.c - the study population of SPEC 5.1: the filter options of every query,
 * and the papers statement they become.
 *
 * Invariant: a paper is counted when it passes every filter given (AND), and --types
 * is always in force (default `research`). Filters read the paper metadata tables of
 * schema 2 only through correlated EXISTS sub-queries on their (pmid, ...) primary
 * keys, so the papers table is still read once in PMID order and every value is a
 * bound parameter (no user text ever becomes SQL).
 *
 * NOTES ON THE DEFINITIONS
 * - Papers stored before schema 2 have no metadata (papers.research IS NULL): the
 *   default population keeps them (they were counted before, and the upgrade must not
 *   change a published figure silently); any other --types, and every metadata
 *   filter, leaves them out, and the command line says how many there are.
 * - --types with only exclusions (`!Letter`) starts from `research`, the population a
 *   query counts without --types; `all,!Letter` starts from every paper.
 * - --grant-agency and --grant-country given together must hold for the same grant.
 * - A publication type token `D` followed by digits is a UI, anything else a name
 *   (ASCII case ignored, whole name); names that hold commas must be given by UI.
 */
#include "papers_internal.h"

#include "store_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const options[] = {"types",        "journal",       "mesh",     "mesh-major",
                                      "grant-agency", "grant-country", "language", "max-countries"};

bool coauth_population_is_option(const char *name)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(name, options[i]) == 0)
            return true;
    return false;
}

bool coauth_population_is_default(const coauth_population *p)
{
    return (!p->types || strcmp(p->types, "research") == 0) && !p->journal && !p->mesh &&
           !p->mesh_major && !p->grant_agency && !p->grant_country && !p->language &&
           !p->max_countries;
}

/* Whether tok[0..n) looks like a MeSH UI: the letter, then digits ("D016428"). */
static bool ui_shaped(const char *tok, size_t n, char letter)
{
    if (n < 2 || tok[0] != letter)
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isdigit((unsigned char)tok[i]))
            return false;
    return true;
}

/* Whether it is one: MeSH UIs have 6 digits, or 9 for those made since 2015. */
static bool is_ui(const char *tok, size_t n, char letter)
{
    return ui_shaped(tok, n, letter) && (n == 7 || n == 10);
}

/* The comma-separated tokens of v, trimmed: calls fn on each; an empty token is an
 * error. */
static coauth_status each_token(const char *opt, const char *v,
                                coauth_status (*fn)(const char *tok, size_t n, void *ud,
                                                    coauth_error *err),
                                void *ud, coauth_error *err)
{
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *t = p;
        while (n && isspace((unsigned char)*t))
            t++, n--;
        while (n && isspace((unsigned char)t[n - 1]))
            n--;
        if (n == 0)
            return coauth_fail(err, COAUTH_EINVAL, "bad --%s '%s': empty item", opt, v);
        coauth_status st = fn(t, n, ud, err);
        if (st)
            return st;
        if (!comma)
            return COAUTH_OK;
        p = comma + 1;
    }
}

static coauth_status check_type(const char *t, size_t n, void *ud, coauth_error *err)
{
    const char *v = ud;
    if (*t == '!') {
        t++, n--;
        while (n && isspace((unsigned char)*t))
            t++, n--;
        if (n == 0 || (n == 3 && strncasecmp(t, "all", 3) == 0))
            return coauth_fail(err, COAUTH_EINVAL, "bad --types '%s': '!' needs a type", v);
    }
    if (ui_shaped(t, n, 'D') && !is_ui(t, n, 'D'))
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --types '%s': '%.*s' is not a UI (D and 6 or 9 digits, e.g. "
                           "D016428)",
                           v, (int)n, t);
    return COAUTH_OK;
}

static coauth_status check_mesh(const char *t, size_t n, void *ud, coauth_error *err)
{
    if (!is_ui(t, n, 'D'))
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --mesh '%s': '%.*s' is not a MeSH descriptor UI (e.g. D009369)",
                           (const char *)ud, (int)n, t);
    return COAUTH_OK;
}

static coauth_status check_code(const char *t, size_t n, void *ud, coauth_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)t[i]))
            return coauth_fail(err, COAUTH_EINVAL,
                               "bad --language '%s': '%.*s' is not a language code (e.g. eng)",
                               (const char *)ud, (int)n, t);
    return COAUTH_OK;
}

static coauth_status check_any(const char *t, size_t n, void *ud, coauth_error *err)
{
    (void)t, (void)n, (void)ud, (void)err;
    return COAUTH_OK;
}

coauth_status coauth_population_option(coauth_population *p, const char *name, const char *value,
                                       coauth_error *err)
{
    const char *v = value ? value : "";
    if (strcmp(name, "mesh-major") == 0) {
        p->mesh_major = true;
        return COAUTH_OK;
    }
    if (strcmp(name, "max-countries") == 0) {
        char *end = NULL;
        unsigned long n = strtoul(v, &end, 10);
        if (!isdigit((unsigned char)*v) || *end || n < 1 || n > 10000)
            return coauth_fail(err, COAUTH_EINVAL,
                               "bad --max-countries '%s' (a whole number from 1 to 10000)", v);
        p->max_countries = (uint32_t)n;
        return COAUTH_OK;
    }
    if (!*v)
        return coauth_fail(err, COAUTH_EINVAL, "bad --%s: empty value", name);
    coauth_status st = COAUTH_OK;
    if (strcmp(name, "types") == 0) {
        if ((st = each_token(name, v, check_type, (void *)v, err)))
            return st;
        p->types = v;
    } else if (strcmp(name, "journal") == 0) {
        if ((st = each_token(name, v, check_any, NULL, err)))
            return st;
        p->journal = v;
    } else if (strcmp(name, "mesh") == 0) {
        if ((st = each_token(name, v, check_mesh, (void *)v, err)))
            return st;
        p->mesh = v;
    } else if (strcmp(name, "language") == 0) {
        if ((st = each_token(name, v, check_code, (void *)v, err)))
            return st;
        p->language = v;
    } else if (strcmp(name, "grant-agency") == 0) {
        p->grant_agency = v;
    } else if (strcmp(name, "grant-country") == 0) {
        p->grant_country = v;
    } else {
        return coauth_fail(err, COAUTH_EINVAL, "unknown query option '%s'", name);
    }
    return COAUTH_OK;
}

/* ---- the statement ----------------------------------------------------------------- */

struct sqlbuf {
    char *p;
    size_t len, cap;
    bool nomem;
    /* bound values, in placeholder order (?1, ?2, ...) */
    struct bound {
        const char *s; /* borrowed from the options */
        size_t n;
        int fold; /* bind as given (0), upper-cased (1: ISSNs), lower-cased (-1) */
    } * vals;
    size_t n_vals, cap_vals;
    int32_t year_from, year_to;
    bool years;
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
    add(b, "?%zu", b->n_vals + 2); /* ?1 and ?2 are the years */
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
    (void)each_token("", v, in_item, &l, &e); /* checked when the option was set */
    add(b, ")");
}

/* The --types condition. */
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
    bool ui = is_ui(t, n, 'D');
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

/* EXISTS over paper_types for the tokens of the given sign; false when there are none
 * (then nothing is written). */
static bool types_exists(struct sqlbuf *b, const char *v, bool want, struct typescan *cnt)
{
    coauth_error e = COAUTH_ERROR_INIT;
    *cnt = (struct typescan){NULL, want, false, false, 0, 0, false, 0};
    (void)each_token("types", v, type_item, cnt, &e);
    if (!cnt->n_ui && !cnt->n_name)
        return false;
    add(b, "EXISTS (SELECT 1 FROM paper_types t WHERE t.pmid = papers.pmid AND (");
    for (int pass = 0; pass < 2; pass++) {
        bool ui = pass == 0;
        if ((ui ? cnt->n_ui : cnt->n_name) == 0)
            continue;
        if (pass == 1 && cnt->n_ui)
            add(b, " OR ");
        add(b, ui ? "t.ui IN (" : "lower(t.name) IN (");
        struct typescan w = {b, want, false, false, 0, 0, ui, 0};
        (void)each_token("types", v, type_item, &w, &e);
        add(b, ")");
    }
    add(b, "))");
    return true;
}

#define RESEARCH "coalesce(papers.research, 1) = 1"

static void types_condition(struct sqlbuf *b, const char *types)
{
    const char *v = types ? types : "research";
    struct typescan pos, neg;
    size_t mark = b->len, mark_vals = b->n_vals;
    add(b, " AND (");
    bool listed = types_exists(b, v, true, &pos);
    if (pos.all) {
        b->len = mark; /* every paper: no condition */
        b->n_vals = mark_vals;
    } else {
        if (pos.research)
            add(b, listed ? " OR " RESEARCH : RESEARCH);
        else if (!listed)
            add(b, RESEARCH); /* only exclusions: from the default population */
        add(b, ")");
    }
    size_t before = b->len;
    add(b, " AND NOT ");
    if (!types_exists(b, v, false, &neg))
        b->len = before;
    if (neg.research)
        add(b, " AND NOT (" RESEARCH ")");
}

coauth_status coauth_population_statement(sqlite3 *db, const coauth_population *p, bool years,
                                          int32_t year_from, int32_t year_to, sqlite3_stmt **out,
                                          coauth_error *err)
{
    *out = NULL;
    struct sqlbuf b = {0};
    /* hidden: the JATS version of a PubMed paper, which counts as that paper */
    add(&b, "SELECT pmid, year, n_authors FROM papers WHERE hidden = 0");
    if (years)
        add(&b, " AND year BETWEEN ?1 AND ?2");
    types_condition(&b, p->types);
    if (p->journal) {
        add(&b, " AND (nlm_id");
        in_list(&b, p->journal, 1);
        add(&b, " OR EXISTS (SELECT 1 FROM paper_issns i WHERE i.pmid = papers.pmid AND "
                "upper(i.issn)");
        in_list(&b, p->journal, 1);
        add(&b, "))");
    }
    if (p->mesh) {
        add(&b, " AND EXISTS (SELECT 1 FROM paper_mesh m WHERE m.pmid = papers.pmid AND m.ui");
        in_list(&b, p->mesh, 0);
        if (p->mesh_major)
            add(&b, " AND m.major = 1");
        add(&b, ")");
    }
    if (p->grant_agency || p->grant_country) {
        add(&b, " AND EXISTS (SELECT 1 FROM paper_grants g WHERE g.pmid = papers.pmid");
        if (p->grant_agency) {
            add(&b, " AND lower(g.agency) GLOB ");
            bind_text(&b, p->grant_agency, strlen(p->grant_agency), -1);
        }
        if (p->grant_country) {
            add(&b, " AND lower(g.country) = ");
            bind_text(&b, p->grant_country, strlen(p->grant_country), -1);
        }
        add(&b, ")");
    }
    if (p->language) {
        add(&b, " AND EXISTS (SELECT 1 FROM paper_languages l WHERE l.pmid = papers.pmid AND "
                "l.language COLLATE NOCASE");
        in_list(&b, p->language, -1);
        add(&b, ")");
    }
    add(&b, " ORDER BY pmid");
    coauth_status ret = COAUTH_OK;
    if (b.nomem) {
        ret = coauth_fail(err, COAUTH_ENOMEM, "out of memory building the paper filter");
        goto out;
    }
    int rc = sqlite3_prepare_v2(db, b.p, -1, out, NULL);
    if (rc != SQLITE_OK) {
        ret = coauth_store_sqlfail(db, rc, err, "preparing the paper filter");
        goto out;
    }
    if (years) {
        sqlite3_bind_int(*out, 1, year_from);
        sqlite3_bind_int(*out, 2, year_to);
    }
    for (size_t i = 0; i < b.n_vals; i++) {
        const struct bound *v = &b.vals[i];
        char *t = malloc(v->n + 1);
        if (!t) {
            ret = coauth_fail(err, COAUTH_ENOMEM, "out of memory building the paper filter");
            goto out;
        }
        for (size_t k = 0; k < v->n; k++) {
            unsigned char c = (unsigned char)v->s[k];
            t[k] = (char)(v->fold > 0 ? toupper(c) : v->fold < 0 ? tolower(c) : c);
        }
        t[v->n] = '\0';
        rc = sqlite3_bind_text(*out, (int)i + 3, t, (int)v->n, free);
        if (rc != SQLITE_OK) {
            ret = coauth_store_sqlfail(db, rc, err, "binding the paper filter");
            goto out;
        }
    }
out:
    if (ret) {
        sqlite3_finalize(*out);
        *out = NULL;
    }
    free(b.p);
    free(b.vals);
    return ret;
}

coauth_status coauth_query_unclassified(coauth_store *s, uint64_t *n, coauth_error *err)
{
    *n = 0;
    sqlite3 *db = coauth_store_sqlite(s);
    sqlite3_stmt *st = NULL;
    int rc =
        sqlite3_prepare_v2(db, "SELECT count(*) FROM papers WHERE research IS NULL", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *n = (uint64_t)sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK
                           : coauth_store_sqlfail(db, rc, err, "counting papers without metadata");
}

/* ---- checking --types names against the store ------------------------------------ */

struct namecheck {
    sqlite3_stmt *st;
    const char *bad; /* the first name no paper has, borrowed from the option */
    size_t bad_len;
    coauth_status status;
    sqlite3 *db;
};

static coauth_status check_name(const char *t, size_t n, void *ud, coauth_error *err)
{
    struct namecheck *c = ud;
    if (*t == '!') {
        t++, n--;
        while (n && isspace((unsigned char)*t))
            t++, n--;
    }
    if (c->bad || is_ui(t, n, 'D') || (n == 8 && strncasecmp(t, "research", 8) == 0) ||
        (n == 3 && strncasecmp(t, "all", 3) == 0))
        return COAUTH_OK;
    sqlite3_reset(c->st);
    sqlite3_bind_text(c->st, 1, t, (int)n, SQLITE_TRANSIENT);
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_DONE) {
        c->bad = t;
        c->bad_len = n;
    } else if (rc != SQLITE_ROW) {
        return coauth_store_sqlfail(c->db, rc, err, "checking --types names");
    }
    return COAUTH_OK;
}

coauth_status coauth_population_check_types(coauth_store *s, const coauth_population *p,
                                            coauth_error *err)
{
    if (!p->types)
        return COAUTH_OK;
    struct namecheck c = {NULL, NULL, 0, COAUTH_OK, coauth_store_sqlite(s)};
    /* stops at the first paper with the type: quick for any type the store has; a
     * name no paper has reads paper_types once, and is then an error */
    int rc = sqlite3_prepare_v2(
        c.db, "SELECT 1 FROM paper_types WHERE name = ?1 COLLATE NOCASE LIMIT 1", -1, &c.st, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(c.db, rc, err, "checking --types names");
    coauth_status st = each_token("types", p->types, check_name, &c, err);
    sqlite3_finalize(c.st);
    if (st)
        return st;
    if (c.bad)
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --types '%s': no paper in the store has the publication type "
                           "'%.*s' (whole names, case ignored; give a name that holds a comma "
                           "by its UI)",
                           p->types, (int)c.bad_len, c.bad);
    return COAUTH_OK;
}
