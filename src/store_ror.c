/* store_ror.c - the ROR registry in the store (schema 5): ror_orgs, ror_names,
 * ror_external_ids, ror_identifiers (what the view authorship_ror joins affiliation
 * identifiers with) and the meta rows ror_version, ror_date, ror_organisations.
 *
 * Invariant: an import replaces the whole registry in one write transaction, so a
 * store holds one registry, complete, or none; a failure leaves the previous one. The
 * same transaction recomputes the country sets of the papers with affiliation
 * identifiers (their organisations' countries may have changed: schema 11).
 */
#include "store_internal.h"

#include <coauth/ror.h>

#include "resolve/ror_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"ror_display", "label", "alias", "acronym"};

static int kind_of(const char *s)
{
    for (int k = 0; k < 4; k++)
        if (s && strcmp(s, kind_names[k]) == 0)
            return k;
    return 2; /* an unknown kind counts as an alias */
}

typedef struct ins_ctx {
    sqlite3_stmt *st;
    int64_t org;
    int seq;
    int rc;
    const char *id; /* put_ident: the organisation's id */
} ins_ctx;

static int put_ident(ins_ctx *c, const char *source, const char *value)
{
    sqlite3_bind_text(c->st, 1, source, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->st, 2, value, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->st, 3, c->id, -1, SQLITE_STATIC);
    c->rc = sqlite3_step(c->st);
    sqlite3_reset(c->st);
    return c->rc == SQLITE_DONE ? 0 : 1;
}

static int put_ident_ext(void *ctx, const char *type, const char *value)
{
    char key[128];
    if (!coauth_ror_external_key(type, value, key, sizeof key))
        return 0;
    /* "grid:grid.5335.0" -> ("GRID", "grid.5335.0") */
    char src[8];
    size_t tl = (size_t)(strchr(key, ':') - key);
    for (size_t k = 0; k < tl && k + 1 < sizeof src; k++)
        src[k] = (char)(key[k] - 32);
    src[tl < sizeof src ? tl : sizeof src - 1] = '\0';
    return put_ident(ctx, src, key + tl + 1);
}

static int put_name(void *ctx, const char *name, int kind)
{
    ins_ctx *c = ctx;
    sqlite3_bind_int64(c->st, 1, c->org);
    sqlite3_bind_int(c->st, 2, ++c->seq);
    sqlite3_bind_text(c->st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->st, 4, kind_names[kind & 3], -1, SQLITE_STATIC);
    c->rc = sqlite3_step(c->st);
    sqlite3_reset(c->st);
    return c->rc == SQLITE_DONE ? 0 : 1;
}

static int put_ext(void *ctx, const char *type, const char *value)
{
    ins_ctx *c = ctx;
    sqlite3_bind_int64(c->st, 1, c->org);
    sqlite3_bind_int(c->st, 2, ++c->seq);
    sqlite3_bind_text(c->st, 3, type, -1, SQLITE_STATIC);
    sqlite3_bind_text(c->st, 4, value, -1, SQLITE_STATIC);
    c->rc = sqlite3_step(c->st);
    sqlite3_reset(c->st);
    return c->rc == SQLITE_DONE ? 0 : 1;
}

static int put_meta(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)", -1,
                                &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc;
}

coauth_status coauth_store_ror_replace(coauth_store *s, const coauth_ror *reg,
                                       const coauth_ror_info *info, coauth_error *err)
{
    sqlite3 *db = coauth_store_sqlite(s);
    const char *path = coauth_store_path(s);
    static const char what[] = "storing the ror registry";
    sqlite3_stmt *org_st = NULL, *name_st = NULL, *ext_st = NULL, *idn_st = NULL;
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(db, rc, path, what, err);
    rc = sqlite3_exec(db,
                      "DELETE FROM ror_names; DELETE FROM ror_external_ids; DELETE FROM ror_orgs; "
                      "DELETE FROM ror_identifiers;",
                      NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO ror_orgs(org, id, name, country, city, status, "
                                "parent_id, root) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                -1, &org_st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            db, "INSERT INTO ror_names(org, seq, name, kind) VALUES (?1, ?2, ?3, ?4)", -1, &name_st,
            NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO ror_external_ids(org, seq, type, value) VALUES (?1, "
                                "?2, ?3, ?4)",
                                -1, &ext_st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT OR IGNORE INTO ror_identifiers(source, value, ror) VALUES "
                                "(?1, ?2, ?3)",
                                -1, &idn_st, NULL);
    size_t n = coauth_ror_count(reg);
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        coauth_ror_org o;
        coauth_ror_org_at(reg, (uint32_t)i, &o);
        sqlite3_bind_int64(org_st, 1, (int64_t)i);
        sqlite3_bind_text(org_st, 2, o.id, -1, SQLITE_STATIC);
        sqlite3_bind_text(org_st, 3, o.name, -1, SQLITE_STATIC);
        coauth_bind_text_or_null(org_st, 4, o.country[0] ? o.country : NULL);
        coauth_bind_text_or_null(org_st, 5, o.city[0] ? o.city : NULL);
        sqlite3_bind_text(org_st, 6, o.status, -1, SQLITE_STATIC);
        coauth_bind_text_or_null(org_st, 7, o.parent_id[0] ? o.parent_id : NULL);
        sqlite3_bind_int64(org_st, 8, (int64_t)coauth_ror_root(reg, (uint32_t)i));
        rc = sqlite3_step(org_st);
        sqlite3_reset(org_st);
        if (rc != SQLITE_DONE)
            break;
        rc = SQLITE_OK;
        ins_ctx c = {name_st, (int64_t)i, 0, SQLITE_DONE, NULL};
        if (coauth_ror_each_name(reg, (uint32_t)i, put_name, &c)) {
            rc = c.rc;
            break;
        }
        ins_ctx e = {ext_st, (int64_t)i, 0, SQLITE_DONE, NULL};
        if (coauth_ror_each_external(reg, (uint32_t)i, put_ext, &e)) {
            rc = e.rc;
            break;
        }
        /* the look-up keys: the id's suffix, and each external id as ror.c folds it */
        ins_ctx k = {idn_st, 0, 0, SQLITE_DONE, o.id};
        if (put_ident(&k, "ROR", coauth_ror_short_id(o.id)) ||
            coauth_ror_each_external(reg, (uint32_t)i, put_ident_ext, &k)) {
            rc = k.rc;
            break;
        }
    }
    char count[32];
    snprintf(count, sizeof count, "%zu", n);
    if (rc == SQLITE_OK)
        rc = put_meta(db, "ror_version", info && info->version[0] ? info->version : "unknown");
    if (rc == SQLITE_OK)
        rc = put_meta(db, "ror_date", info ? info->date : "");
    if (rc == SQLITE_OK)
        rc = put_meta(db, "ror_organisations", count);
    sqlite3_finalize(org_st);
    sqlite3_finalize(name_st);
    sqlite3_finalize(ext_st);
    sqlite3_finalize(idn_st);
    /* the papers whose identifiers may now name other organisations: their country
     * sets (schema 11, SPEC 3.1 step 1), in the same transaction */
    coauth_status st = COAUTH_OK;
    if (rc == SQLITE_OK && (st = coauth_store_sets_rebuild_identified(db, path, err))) {
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        st = coauth_store_failat(db, rc, path, what, err);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return COAUTH_OK;
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    return v ? v : "";
}

coauth_status coauth_store_ror_load(coauth_store *s, coauth_ror **out, coauth_error *err)
{
    *out = NULL;
    sqlite3 *db = coauth_store_sqlite(s);
    const char *path = coauth_store_path(s);
    static const char what[] = "reading the ror registry";
    sqlite3_stmt *os = NULL, *ns = NULL, *es = NULL;
    coauth_ror *reg = NULL;
    coauth_status st = COAUTH_OK;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT org, id, name, country, city, status, parent_id FROM "
                                "ror_orgs ORDER BY org",
                                -1, &os, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT org, name, kind FROM ror_names ORDER BY org, seq", -1,
                                &ns, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            db, "SELECT org, type, value FROM ror_external_ids ORDER BY org, seq", -1, &es, NULL);
    if (rc != SQLITE_OK) {
        st = coauth_store_failat(db, rc, path, what, err);
        goto out;
    }
    int nrc = sqlite3_step(ns), erc = sqlite3_step(es);
    while ((rc = sqlite3_step(os)) == SQLITE_ROW) {
        if (!reg && (st = coauth_ror_new(&reg, err)))
            goto out;
        int64_t org = sqlite3_column_int64(os, 0);
        uint32_t i;
        if ((st = coauth_ror_add_org(reg, col(os, 1), col(os, 2), col(os, 3), col(os, 4),
                                     col(os, 5), col(os, 6), &i, err)))
            goto out;
        for (; nrc == SQLITE_ROW && sqlite3_column_int64(ns, 0) <= org; nrc = sqlite3_step(ns))
            if (sqlite3_column_int64(ns, 0) == org &&
                (st = coauth_ror_add_name(reg, i, col(ns, 1), kind_of(col(ns, 2)), err)))
                goto out;
        for (; erc == SQLITE_ROW && sqlite3_column_int64(es, 0) <= org; erc = sqlite3_step(es))
            if (sqlite3_column_int64(es, 0) == org &&
                (st = coauth_ror_add_external(reg, i, col(es, 1), col(es, 2), err)))
                goto out;
    }
    if (rc != SQLITE_DONE || (nrc != SQLITE_ROW && nrc != SQLITE_DONE) ||
        (erc != SQLITE_ROW && erc != SQLITE_DONE)) {
        st = coauth_store_failat(db,
                                 rc != SQLITE_DONE    ? rc
                                 : nrc != SQLITE_DONE ? nrc
                                                      : erc,
                                 path, what, err);
        goto out;
    }
    if (reg && (st = coauth_ror_finish(reg, err)))
        goto out;
    *out = reg;
    reg = NULL;
out:
    sqlite3_finalize(os);
    sqlite3_finalize(ns);
    sqlite3_finalize(es);
    coauth_ror_free(reg);
    return st;
}
