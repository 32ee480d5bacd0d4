/* store_reresolve.c - re-resolution: every stored string resolved again, its parts
 * replaced where they differ, the country sets rebuilt, unused institutions dropped.
 *
 * Invariant: one write transaction; on failure the store is unchanged.
 */
#include "store_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Do the stored parts of affiliation `aff` equal `res`? */
static coauth_status parts_equal(coauth_store *s, sqlite3_stmt *get, int64_t aff,
                                 const coauth_resolution *res, int *out_equal, coauth_error *err)
{
    sqlite3_bind_int64(get, 1, aff);
    size_t k = 0;
    int equal = 1, rc;
    while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
        if (k >= res->n_parts) {
            equal = 0;
            continue;
        }
        const coauth_part *p = &res->parts[k++];
        const char *c = (const char *)sqlite3_column_text(get, 0);
        const char *inst = (const char *)sqlite3_column_text(get, 1);
        const char *rule = (const char *)sqlite3_column_text(get, 2);
        const char *ror = (const char *)sqlite3_column_text(get, 3);
        if (strcmp(ror ? ror : "", p->ror ? p->ror : "") != 0 ||
            strcmp(c ? c : "", p->country) != 0 ||
            strcmp(inst ? inst : "", p->institution ? p->institution : "") != 0 ||
            strcmp(rule ? rule : "", p->rule ? p->rule : "none") != 0)
            equal = 0;
    }
    sqlite3_reset(get);
    if (rc != SQLITE_DONE)
        return coauth_store_fail_stmt(s, rc, err, "reading affiliation parts");
    *out_equal = equal && k == res->n_parts;
    return COAUTH_OK;
}

coauth_status coauth_store_reresolve(coauth_store *s, const coauth_resolver *r,
                                     uint64_t *out_changed, coauth_error *err)
{
    if (s->readonly)
        return coauth_fail(err, COAUTH_EINVAL, "store '%s' is open read-only", s->path);
    sqlite3_stmt *all = NULL, *get = NULL, *del = NULL, *upd = NULL;
    coauth_resolution res = COAUTH_RESOLUTION_INIT;
    uint64_t changed = 0;
    coauth_status st = coauth_store_begin_file(s, err);
    if (st)
        return st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT id, text, country FROM affiliations ORDER BY id", -1,
                                &all, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            s->db,
            "SELECT ap.country, i.name, ap.rule, ap.ror FROM affiliation_parts ap "
            "LEFT JOIN institutions i ON i.id = ap.institution_id "
            "WHERE ap.affiliation_id = ?1 ORDER BY ap.part",
            -1, &get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "DELETE FROM affiliation_parts WHERE affiliation_id = ?1",
                                -1, &del, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "UPDATE affiliations SET n_parts = ?2 WHERE id = ?1", -1,
                                &upd, NULL);
    if (rc != SQLITE_OK) {
        st = coauth_store_fail_stmt(s, rc, err, "preparing re-resolution");
        goto out;
    }
    while ((rc = sqlite3_step(all)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(all, 0);
        /* with the structured country the string came with (JATS) */
        coauth_affiliation aff = {.text = (const char *)sqlite3_column_text(all, 1),
                                  .len = (size_t)sqlite3_column_bytes(all, 1),
                                  .country = (const char *)sqlite3_column_text(all, 2)};
        if ((st = coauth_resolve_affiliation(r, &aff, &res, err)))
            goto out;
        int equal = 0;
        if ((st = parts_equal(s, get, id, &res, &equal, err)))
            goto out;
        if (equal)
            continue;
        changed++;
        sqlite3_bind_int64(del, 1, id);
        if ((rc = coauth_step_done(del)) != SQLITE_OK) {
            st = coauth_store_fail_stmt(s, rc, err, "replacing affiliation parts");
            goto out;
        }
        sqlite3_bind_int64(upd, 1, id);
        sqlite3_bind_int64(upd, 2, (sqlite3_int64)res.n_parts);
        if ((rc = coauth_step_done(upd)) != SQLITE_OK) {
            st = coauth_store_fail_stmt(s, rc, err, "updating an affiliation");
            goto out;
        }
        if ((st = coauth_store_insert_parts(s, id, &res, err)) ||
            (st = coauth_store_flush_pending(s, 0, err)))
            goto out;
    }
    if (rc != SQLITE_DONE) {
        st = coauth_store_fail_stmt(s, rc, err, "reading affiliations");
        goto out;
    }
    /* The country sets follow the parts: rebuilt when any part changed (one pass over
     * papers, authorships and affiliation_parts, like the pass above). */
    if (changed && ((st = coauth_store_sets_rebuild(s->db, s->path, err)) ||
                    (st = coauth_store_chunks_refresh(s->db, s->path, err))))
        goto out;
    /* Institutions no longer referenced by any part are dropped. */
    rc = sqlite3_exec(s->db,
                      "DELETE FROM institutions WHERE id NOT IN (SELECT institution_id FROM "
                      "affiliation_parts WHERE institution_id IS NOT NULL)",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        st = coauth_store_fail_stmt(s, rc, err, "pruning institutions");
        goto out;
    }
out:
    sqlite3_finalize(all);
    sqlite3_finalize(get);
    sqlite3_finalize(del);
    sqlite3_finalize(upd);
    coauth_resolution_release(&res);
    if (st == COAUTH_OK) {
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            st = coauth_store_fail_stmt(s, rc, err, "committing re-resolution");
        else
            s->in_file = false;
    }
    if (st != COAUTH_OK) {
        coauth_store_rollback_file(s);
    } else {
        coauth_store_cc_clear(s);            /* the parts may have changed */
        coauth_store_forget_institutions(s); /* pruned ones may be cached */
        if (out_changed)
            *out_changed = changed;
    }
    return st;
}
