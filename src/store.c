/* store.c - the SQLite store: opening (schema, pragmas, prepared statements), closing,
 * provenance in the meta table, and the helpers the store's files share. The object
 * and the files that make it up: store_object.h.
 *
 * Invariants: one input file = one write transaction (BEGIN IMMEDIATE ... COMMIT);
 * the `files` row is written in the same transaction as the file's records, so a
 * file is either fully applied and listed, or absent (store_files.c). Affiliation
 * strings are found by a 32-bit hash index and compared in full, so equal texts share
 * one row (store_affil.c).
 *
 * NOTES ON DURABILITY: WAL with synchronous=NORMAL. A committed file survives a
 * crash or kill -9 of the process; after a power failure the last commits may be
 * lost but the store stays consistent and the files table still says exactly which
 * files are in it, so re-running the same ingest re-applies only what is missing.
 */
#include "store_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <coauth/coauth.h>

const char *const coauth_store_stmt_sql[N_STMT] = {
    [ST_FILE_APPLIED] = "SELECT 1 FROM files WHERE name = ?1 AND size = ?2 AND checksum = ?3",
    [ST_FILE_NAME_SIZE] = "SELECT 1 FROM files WHERE name = ?1 AND size = ?2",
    [ST_PAPER_EXISTS] = "SELECT place, place_record FROM papers WHERE pmid = ?1",
    [ST_DELETION_PLACE] = "SELECT place, place_record FROM deletions WHERE pmid = ?1",
    [ST_DEL_AUTHORSHIPS] = "DELETE FROM authorships WHERE pmid = ?1",
    [ST_DEL_PAPER] = "DELETE FROM papers WHERE pmid = ?1",
    [ST_INS_PAPER] = "INSERT OR REPLACE INTO papers(pmid, version, year, n_authors, file_id, "
                     "research, aff_layout, title, doi, pmc, place, place_record, source) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [ST_UNDELETE] = "DELETE FROM deletions WHERE pmid = ?1",
    [ST_INS_DELETION] = "INSERT OR REPLACE INTO deletions(pmid, file_id, place, place_record) "
                        "VALUES (?1, ?2, ?3, ?4)",
    /* the small table first: it holds the strings of the latest files (schema 11) */
    [ST_AFF_BY_HASH] = "SELECT a.id, a.text FROM affiliation_hashes_new h JOIN affiliations a "
                       "ON a.id = h.id WHERE h.hash = ?1 UNION ALL SELECT a.id, a.text FROM "
                       "affiliation_hashes h JOIN affiliations a ON a.id = h.id WHERE h.hash = ?1",
    [ST_INST_BY_NAME] = "SELECT id FROM institutions WHERE name = ?1",
    [ST_INS_INST] = "INSERT INTO institutions(name) VALUES (?1)",
    [ST_INS_FILE] = "INSERT INTO files(id, name, size, checksum, records, deletions, skipped, "
                    "applied_at, place, md5) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?8, ?9)",
    [ST_DEL_SET] = "DELETE FROM paper_country_sets WHERE pmid = ?1",
    [ST_MARK_DIRTY] = "INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (?1 >> 6)",
    [ST_PARTS_OF] = "SELECT country FROM affiliation_parts WHERE affiliation_id = ?1 ORDER BY part",
    /* ?1, ?2: the identifier's source and value folded as COAUTH_SQL_IDENT_KEY folds
     * them (store_affil.c ident_key) */
    [ST_IDENT_ORG] = "SELECT " COAUTH_SQL_IDENT_RANK ", o.country FROM ror_identifiers m "
                     "LEFT JOIN ror_orgs o ON o.id = m.ror WHERE m.source = ?1 AND m.value = ?2",
    [ST_AFF_PART1] = "SELECT f.n_parts, p.country, p.rule FROM affiliations f "
                     "JOIN affiliation_parts p ON p.affiliation_id = f.id AND p.part = 1 "
                     "WHERE f.id = ?1",
};

/* Page size of new stores (bench/RESULTS.md, "Ingest as the store grows"). A file's
 * transaction writes about 22 MB; with 4 KiB pages its commit and WAL checkpoint are
 * 16,600 pwrite and 5,500 pread calls (0.25 s after the last record), which made 64 KiB
 * the choice for one file into a fresh store. But the affiliation-hash index takes
 * random inserts, one page each once it outgrows the cache, and the update's
 * replacements random reads: at 64 KiB each is a 64 KiB copy. 16 KiB: the 34-file
 * build 20 % less CPU (system time halved), the update onto it half the wall, two
 * files into a fresh store 7 % less CPU, queries unchanged. */
#define COAUTH_PAGE_SIZE_STR "16384"

const char *coauth_store_path(const coauth_store *s)
{
    return s->path;
}

int coauth_store_migrated_from(const coauth_store *s)
{
    return s->migrated_from;
}

sqlite3 *coauth_store_sqlite(coauth_store *s)
{
    return s->db;
}

coauth_status coauth_store_sqlfail(sqlite3 *db, int rc, coauth_error *err, const char *what)
{
    int base = rc & 0xff;
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        return coauth_fail(err, COAUTH_EBUSY,
                           "%s: the store is locked by another process (gave up after the busy "
                           "timeout): %s",
                           what, db ? sqlite3_errmsg(db) : "busy");
    if (coauth_store_fault(rc)) {
        /* name the store by its file when the caller did not */
        const char *file = db ? sqlite3_db_filename(db, "main") : NULL;
        return coauth_store_failat(db, rc, file && *file ? file : "?", what, err);
    }
    return coauth_fail(err, COAUTH_ESTORE, "%s: %s", what,
                       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

coauth_status coauth_store_exec(coauth_store *s, const char *sql, coauth_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(s->db, rc, s->path, "", err);
    return COAUTH_OK;
}

coauth_status coauth_store_query_int(coauth_store *s, const char *sql, int64_t *out,
                                     coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(s->db, rc, s->path, "", err);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        *out = 0;
        rc = SQLITE_OK;
    }
    coauth_status ret = COAUTH_OK;
    if (rc != SQLITE_OK)
        ret = coauth_store_failat(s->db, rc, s->path, "", err);
    sqlite3_finalize(st);
    return ret;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it, after
 * checking that PATH-wal holds no write the immutable open would miss. */
static coauth_status open_immutable_uri(const char *path, char **out, coauth_error *err)
{
    *out = NULL;
    size_t n = strlen(path);
    char *wal = malloc(n + 5);
    if (!wal)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store '%s'", path);
    snprintf(wal, n + 5, "%s-wal", path);
    struct stat wb;
    bool pending = stat(wal, &wb) == 0 && wb.st_size > 0;
    free(wal);
    if (pending)
        return coauth_fail(err, COAUTH_ESTORE,
                           "store '%s' is read-only for you and its write-ahead log '%s-wal' "
                           "still holds writes: ask its owner to run any coauth command on "
                           "it (or wait for the ingest writing it to finish)",
                           path, path);
    char *u = malloc(3 * n + 32);
    if (!u)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store '%s'", path);
    size_t k = (size_t)sprintf(u, "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f)
            k += (size_t)sprintf(u + k, "%%%02X", c);
        else
            u[k++] = (char)c;
    }
    snprintf(u + k, 3 * n + 32 - k, "?immutable=1");
    *out = u;
    return COAUTH_OK;
}

coauth_status coauth_store_open(coauth_store **out, const char *path, unsigned flags,
                                coauth_error *err)
{
    *out = NULL;
    coauth_store *s = calloc(1, sizeof *s);
    if (!s)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store");
    s->readonly = (flags & COAUTH_STORE_READONLY) != 0;
    s->path = strdup(path);
    coauth_status st = COAUTH_OK;
    if (!s->path) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store");
        goto fail;
    }
    struct stat sb;
    if ((s->readonly || (flags & COAUTH_STORE_EXISTING)) && stat(path, &sb) != 0) {
        st = coauth_fail(err, COAUTH_EIO, "no store at '%s' (run 'coauth ingest' first)", path);
        goto fail;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = coauth_fail(err, COAUTH_EIO, "store '%s' is a directory", path);
        goto fail;
    }
    int oflags = SQLITE_OPEN_NOMUTEX |
                 (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    char *uri = NULL;
    if (s->readonly && access(path, W_OK) != 0) {
        /* A store this user may only read (another user's file, a read-only directory
         * or medium): a WAL database would need its -shm file created or written, so
         * it is opened immutable (SQLite's way for WAL files on read-only media),
         * which takes no lock and leaves nothing behind. Only a log left unapplied
         * would then be missed: that is refused, naming the way out. */
        if ((st = open_immutable_uri(path, &uri, err)))
            goto fail;
        oflags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(uri ? uri : path, &s->db, oflags, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        st = coauth_fail(err, COAUTH_EIO, "cannot open store '%s': %s", path,
                         s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, COAUTH_BUSY_TIMEOUT_MS);
    if (!s->readonly) {
        int64_t dummy;
        /* Page size of a new store (no effect on an existing one): see
         * COAUTH_PAGE_SIZE_STR. Must come before WAL mode writes the header. */
        if ((st = coauth_store_exec(s, "PRAGMA page_size = " COAUTH_PAGE_SIZE_STR, err)))
            goto fail;
        /* journal_mode returns a row; query_int reads it. */
        if ((st = coauth_store_query_int(s, "PRAGMA journal_mode = WAL", &dummy, err)))
            goto fail;
        /* A merge of the affiliation hash tables (schema 11, store_affil.c) rewrites the
         * large one in one transaction, and the WAL grows to its size: truncated back to
         * 64 MB after the checkpoint rather than kept on disk until the store closes. */
        if ((st = coauth_store_query_int(s, "PRAGMA journal_size_limit = 67108864", &dummy, err)))
            goto fail;
    }
    if ((st = coauth_store_exec(s,
                                "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                                "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF",
                                err)))
        goto fail;
    if ((st = coauth_store_schema_init(s->db, path, s->readonly, &s->migrated_from, err)))
        goto fail;
    /* A read-only store answers only "was this file applied?" (the parsers' skip
     * check); a writable one prepares every statement. */
    {
        int n = s->readonly ? ST_FILE_NAME_SIZE + 1 : N_STMT;
        for (int i = 0; i < n; i++) {
            rc = sqlite3_prepare_v3(s->db, coauth_store_stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &s->st[i], NULL);
            if (rc != SQLITE_OK) {
                st = coauth_store_failat(s->db, rc, path, "", err);
                goto fail;
            }
        }
    }
    if (!s->readonly && ((st = coauth_strtab_new(&s->inst_names, err)) ||
                         (st = coauth_store_meta_new(&s->meta, s->db, s->path, err))))
        goto fail;
    s->ins_aff = (coauth_rows)COAUTH_ROWS_INIT(
        "INSERT OR IGNORE INTO affiliations(id, hash, text, n_parts, country) VALUES ", 5,
        "storing affiliations");
    s->ins_hash = (coauth_rows)COAUTH_ROWS_INIT(
        "INSERT OR IGNORE INTO affiliation_hashes_new(hash, id) VALUES ", 2,
        "storing affiliation hashes");
    s->ins_auth = (coauth_rows)COAUTH_ROWS_INIT(
        "INSERT OR IGNORE INTO authorships(pmid, position, seq, affiliation_id) VALUES ", 4,
        "storing authorships");
    s->ins_part = (coauth_rows)COAUTH_ROWS_INIT("INSERT OR IGNORE INTO affiliation_parts("
                                                "affiliation_id, part, country, institution_id, "
                                                "rule, ror) VALUES ",
                                                6, "storing affiliation parts");
    s->ins_set = (coauth_rows)COAUTH_ROWS_INIT("INSERT OR IGNORE INTO paper_country_sets(pmid, "
                                               "year, research, n_authors, parts) VALUES ",
                                               5, "storing country sets");
    *out = s;
    return COAUTH_OK;
fail:
    coauth_store_free(s);
    return st;
}

void coauth_store_set_resolver(coauth_store *s, const coauth_resolver *r)
{
    s->resolver = r;
}

void coauth_store_free(coauth_store *s)
{
    if (!s)
        return;
    if (s->in_file)
        coauth_store_rollback_file(s);
    for (int i = 0; i < N_STMT; i++)
        sqlite3_finalize(s->st[i]);
    coauth_rows_release(&s->ins_aff);
    coauth_rows_release(&s->ins_hash);
    coauth_rows_release(&s->ins_auth);
    coauth_rows_release(&s->ins_part);
    coauth_rows_release(&s->ins_set);
    coauth_set_buf_release(&s->set_parts);
    free(s->author_ids);
    free(s->aff_bloom);
    free(s->paff);
    free(s->cc_key);
    free(s->cc_val);
    free(s->cc_ids);
    coauth_store_meta_free(s->meta);
    free(s->pauth);
    free(s->ppart);
    if (s->db)
        sqlite3_close(s->db);
    coauth_strtab_free(s->inst_names);
    coauth_resolution_release(&s->scratch);
    free(s->inst_ids);
    free(s->path);
    free(s);
}

void coauth_store_set_busy_timeout(coauth_store *s, int ms)
{
    sqlite3_busy_timeout(s->db, ms);
}

/* Run a prepared statement that returns no row (or whose rows are ignored). */
int coauth_step_done(sqlite3_stmt *st)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

coauth_status coauth_store_fail_stmt(coauth_store *s, int rc, coauth_error *err, const char *what)
{
    return coauth_store_failat(s->db, rc, s->path, what, err);
}

/* One meta value into out (size n): "" when the key is absent. */
static coauth_status meta_get(coauth_store *s, const char *key, char *out, size_t n,
                              coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *v = (const char *)sqlite3_column_text(st, 0);
            snprintf(out, n, "%s", v ? v : "");
        }
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK : coauth_store_fail_stmt(s, rc, err, "reading meta");
}

coauth_status coauth_store_meta_int(coauth_store *s, const char *key, int64_t *out,
                                    coauth_error *err)
{
    char v[32], *end;
    coauth_status st = meta_get(s, key, v, sizeof v, err);
    long long x = strtoll(v, &end, 10);
    *out = !st && end != v ? (int64_t)x : 0;
    return st;
}

static coauth_status meta_put(coauth_store *s, const char *key, const char *value,
                              coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK : coauth_store_fail_stmt(s, rc, err, "writing meta");
}

coauth_status coauth_store_provenance(coauth_store *s, coauth_provenance *out, coauth_error *err)
{
    char sv[32], rv[32];
    coauth_status st;
    if ((st =
             meta_get(s, "coauth_version", out->coauth_version, sizeof out->coauth_version, err)) ||
        (st = meta_get(s, "schema_version", sv, sizeof sv, err)) ||
        (st = meta_get(s, "resolver_version", rv, sizeof rv, err)) ||
        (st = meta_get(s, "thesaurus_checksum", out->thesaurus_checksum,
                       sizeof out->thesaurus_checksum, err)) ||
        (st = meta_get(s, "ror_version", out->ror_version, sizeof out->ror_version, err)) ||
        (st = meta_get(s, "ror_date", out->ror_date, sizeof out->ror_date, err)))
        return st;
    out->schema_version = sv[0] ? atoi(sv) : COAUTH_SCHEMA_VERSION;
    out->resolver_version = rv[0] ? atoi(rv) : -1;
    return COAUTH_OK;
}

coauth_status coauth_store_note_resolver(coauth_store *s, const coauth_resolver *r,
                                         bool all_strings, coauth_error *err)
{
    if (s->readonly)
        return coauth_fail(err, COAUTH_EINVAL, "store '%s' is open read-only", s->path);
    char rv[32];
    coauth_status st = meta_get(s, "resolver_version", rv, sizeof rv, err);
    if (st)
        return st;
    int v = COAUTH_RESOLVER_VERSION;
    if (!all_strings && rv[0] && atoi(rv) < v)
        v = atoi(rv);
    snprintf(rv, sizeof rv, "%d", v);
    const char *th = coauth_resolver_thesaurus_checksum(r);
    if ((st = coauth_store_exec(s, "BEGIN IMMEDIATE", err)))
        return st;
    if ((st = meta_put(s, "coauth_version", coauth_version(), err)) ||
        (st = meta_put(s, "resolver_version", rv, err)) ||
        (st = meta_put(s, "thesaurus_checksum", th ? th : "none", err)) ||
        (st = coauth_store_exec(s, "COMMIT", err))) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return COAUTH_OK;
}
