/* store_filter.c - the papers statement of the study population (SPEC 5.1): the
 * filters of a query become one SELECT over papers in PMID order.
 *
 * Invariant: a paper passes when it passes every filter given (AND), and --types is
 * always in force (default `research`). Filters read the paper metadata tables of
 * schema 2 only through correlated EXISTS sub-queries on their (pmid, ...) primary
 * keys, so the papers table is still read once in PMID order and every value is a
 * bound parameter (no user text ever becomes SQL). The options were checked when they
 * were set (queries/population.c); the tokens are split by the same rules
 * (population_internal.h).
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
    (void)coauth_each_token("", v, in_item, &l, &e); /* checked when the option was set */
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

/* EXISTS over paper_types for the tokens of the given sign; false when there are none
 * (then nothing is written). */
static bool types_exists(struct sqlbuf *b, const char *v, bool want, struct typescan *cnt)
{
    coauth_error e = COAUTH_ERROR_INIT;
    *cnt = (struct typescan){NULL, want, false, false, 0, 0, false, 0};
    (void)coauth_each_token("types", v, type_item, cnt, &e);
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
        (void)coauth_each_token("types", v, type_item, &w, &e);
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

coauth_status coauth_store_population_stmt(sqlite3 *db, const coauth_population *p,
                                           const char *columns, int32_t year_from, int32_t year_to,
                                           sqlite3_stmt **out, coauth_error *err)
{
    *out = NULL;
    bool years = year_from > 0;
    struct sqlbuf b = {0};
    /* hidden: the JATS version of a PubMed paper, which counts as that paper */
    add(&b, "SELECT %s FROM papers WHERE hidden = 0", columns);
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
