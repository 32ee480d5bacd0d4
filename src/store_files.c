/* store_files.c - per-file transactions: whether a file was applied, its place in the
 * order of application (SPEC 2.4), begin, commit and rollback.
 *
 * Invariant: between begin and commit (or rollback) s->in_file is true and one SQLite
 * write transaction is open; the files row is written by the commit, in it.
 */
#include "store_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

coauth_status coauth_store_file_applied(coauth_store *s, const char *name, uint64_t size,
                                        const char *checksum, int *out_applied, coauth_error *err)
{
    sqlite3_stmt *st = s->st[checksum ? ST_FILE_APPLIED : ST_FILE_NAME_SIZE];
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)size);
    if (checksum)
        sqlite3_bind_text(st, 3, checksum, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *out_applied = rc == SQLITE_ROW;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return coauth_store_fail_stmt(s, rc, err, "checking files applied");
    return COAUTH_OK;
}

uint32_t coauth_nlm_file_key(const char *name)
{
    if (!name)
        return 0;
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    /* pubmedYYnNNNN.xml or pubmedYYnNNNN.xml.gz, digits exactly where shown */
    if (strncmp(b, "pubmed", 6) != 0)
        return 0;
    const char *d = b + 6;
    static const char shape[] = "99n9999";
    for (int i = 0; shape[i]; i++)
        if (shape[i] == '9' ? !(d[i] >= '0' && d[i] <= '9') : d[i] != shape[i])
            return 0;
    if (strcmp(d + 7, ".xml") != 0 && strcmp(d + 7, ".xml.gz") != 0)
        return 0;
    uint32_t yy = (uint32_t)(d[0] - '0') * 10 + (uint32_t)(d[1] - '0');
    uint32_t n = 0;
    for (int i = 3; i < 7; i++)
        n = n * 10 + (uint32_t)(d[i] - '0');
    return yy * 10000 + n;
}

int64_t coauth_file_place_after(const char *name, int64_t last)
{
    uint32_t key = coauth_nlm_file_key(name);
    return key ? (int64_t)key << COAUTH_PLACE_NLM_SHIFT : last + 1;
}

void coauth_store_file_place(const coauth_store *s, coauth_file_place *out)
{
    out->place = s->place;
    out->year = s->place_year;
    out->store_year = s->store_year;
}

uint64_t coauth_store_superseded(const coauth_store *s)
{
    return s->superseded;
}

coauth_status coauth_store_begin_file(coauth_store *s, coauth_error *err)
{
    return coauth_store_begin_named_file(s, NULL, err);
}

coauth_status coauth_store_begin_named_file(coauth_store *s, const char *name, coauth_error *err)
{
    if (s->readonly)
        return coauth_fail(err, COAUTH_EINVAL, "store '%s' is open read-only", s->path);
    if (s->in_file)
        return coauth_fail(err, COAUTH_EINVAL, "a file transaction is already open");
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(s->db, rc, s->path, "starting a write transaction", err);
    s->in_file = true;
    /* no triggers until the commit or rollback: the writer marks the chunks of the sets
     * rows it writes itself (store_object.h, dirty_last) */
    s->dirty_last = -1;
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
    int64_t max_id = 0;
    coauth_status st =
        coauth_store_query_int(s, "SELECT coalesce(max(id), 0) FROM files", &max_id, err);
    if (st) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->file_id = max_id + 1;
    int64_t last = 0;
    if ((st = coauth_store_query_int(s, "SELECT coalesce(max(place), 0) FROM files", &last, err))) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->place = coauth_file_place_after(name, last);
    s->record_pos = 0;
    s->superseded = 0;
    s->place_year = (int)(coauth_nlm_file_key(name) / 10000);
    /* every place is an NLM key << SHIFT plus the files after it: the key of the
     * largest place is the newest NLM file's */
    s->store_year = (int)((last >> COAUTH_PLACE_NLM_SHIFT) / 10000);
    int64_t pairs = 0, registry = 0;
    char pairs_sql[128];
    snprintf(pairs_sql, sizeof pairs_sql,
             "SELECT EXISTS (SELECT 1 FROM papers WHERE pmid >= %lld AND pmid < %lld)",
             (long long)COAUTH_STORE_JATS_KEY, (long long)COAUTH_KEY_PMC);
    char max_sql[2][128];
    snprintf(max_sql[0], sizeof max_sql[0],
             "SELECT coalesce(max(pmid), 0) FROM papers WHERE pmid < %lld",
             (long long)COAUTH_STORE_JATS_KEY);
    snprintf(max_sql[1], sizeof max_sql[1],
             "SELECT coalesce(max(pmid), 0) FROM papers WHERE pmid >= %lld",
             (long long)COAUTH_STORE_JATS_KEY);
    if ((st = coauth_store_query_int(s, max_sql[0], &s->max_paper, err)) ||
        (st = coauth_store_query_int(s, max_sql[1], &s->max_paper_jats, err)) ||
        (st = coauth_store_query_int(s, "SELECT coalesce(max(pmid), 0) FROM deletions",
                                     &s->max_deleted, err)) ||
        (st = coauth_store_query_int(s, pairs_sql, &pairs, err)) ||
        (st = coauth_store_query_int(s, "SELECT EXISTS (SELECT 1 FROM ror_identifiers)", &registry,
                                     err))) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->pairs = pairs != 0;
    s->registry = registry != 0;
    s->n_paff = 0;
    int64_t max_aff = 0;
    if ((st = coauth_store_query_int(s, "SELECT coalesce(max(id), 0) FROM affiliations", &max_aff,
                                     err)) ||
        (st = coauth_store_aff_set_check(s, err))) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->next_aff = max_aff + 1;
    return COAUTH_OK;
}

void coauth_store_rollback_file(coauth_store *s)
{
    if (!s->in_file)
        return;
    for (int i = 0; i < N_STMT; i++)
        if (s->st[i])
            sqlite3_reset(s->st[i]);
    coauth_rows_reset(&s->ins_aff);
    coauth_rows_reset(&s->ins_hash);
    coauth_rows_reset(&s->ins_auth);
    coauth_rows_reset(&s->ins_part);
    coauth_rows_reset(&s->ins_set);
    coauth_store_meta_reset(s->meta);
    s->n_paff = s->n_pauth = s->n_ppart = 0;
    s->n_pset = 0;
    s->set_parts.len = 0;
    coauth_store_cc_clear(s);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, (int *)NULL);
    s->in_file = false;
    /* The institution cache may hold ids inserted by the rolled-back transaction. */
    coauth_store_forget_institutions(s);
}

coauth_status coauth_store_commit_file(coauth_store *s, const coauth_file_info *info,
                                       coauth_error *err)
{
    if (!s->in_file)
        return coauth_fail(err, COAUTH_EINVAL, "commit outside a file transaction");
    coauth_status mst = coauth_store_meta_flush(s->meta, err);
    if (!mst)
        mst = coauth_store_flush_sets(s, err);
    if (!mst)
        mst = coauth_store_hashes_merge(s, err);
    if (!mst) /* the chunks of the sets rows this file changed (schema 8) */
        mst = coauth_store_chunks_refresh(s->db, s->path, err);
    if (mst) {
        coauth_store_rollback_file(s);
        return mst;
    }
    sqlite3_stmt *st = s->st[ST_INS_FILE];
    sqlite3_bind_int64(st, 1, s->file_id);
    sqlite3_bind_text(st, 2, info->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)info->size);
    sqlite3_bind_text(st, 4, info->checksum ? info->checksum : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)info->records);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)info->deletions);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)info->skipped);
    sqlite3_bind_int64(st, 8, s->place);
    coauth_bind_text_or_null(st, 9, info->md5);
    int rc = coauth_step_done(st);
    if (rc != SQLITE_OK) {
        coauth_status cst = coauth_store_fail_stmt(s, rc, err, "recording the file");
        coauth_store_rollback_file(s);
        return cst;
    }
    rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        coauth_status cst = coauth_store_fail_stmt(s, rc, err, "committing the file");
        coauth_store_rollback_file(s);
        return cst;
    }
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, (int *)NULL);
    s->in_file = false;
    return COAUTH_OK;
}
