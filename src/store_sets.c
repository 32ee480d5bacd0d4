/* store_sets.c - the country sets of schema 6: per paper, the counted country parts of
 * its located authors, so that a country query reads one row per paper instead of
 * joining authorships and affiliation_parts.
 *
 * Invariant: paper_country_sets holds exactly one row per paper whose authorships
 * reach at least one affiliation part with a valid country code (two letters A-Z), and
 * that row equals what coauth_store_sets_rebuild computes from papers and the countries
 * of authorship_countries (schema 11: affiliation_parts, except where an authorship's
 * own identifier names a registry organisation): the same year, research and n_authors
 * as the papers row, and the parts in (position, seq, part) order (encoding in
 * store_read.h). It is kept so by the writer (store.c): a paper's row is written with
 * the paper (with the identifier rule when a registry is imported), removed with it,
 * and all rows are rebuilt when reresolve changes any part; `coauth ror import`
 * recomputes the rows of the papers with identifiers; the schema 6 migration builds it
 * and the schema 11 migration recomputes those rows. Nothing else writes it. A hidden
 * paper (papers.hidden = 1: the JATS version of a PubMed paper, SPEC 2.2) has no row;
 * when the writer settles a PMID and its JATS key (store.c "Two sources": hidden
 * changes, authorships and n_authors swapped), the rows of both keys are recomputed
 * (coauth_store_sets_rebuild_pmid).
 *
 * NOTES ON THE DEFINITIONS: the rows are a cache of the join the queries did before,
 * not an aggregate: each part is kept (not a per-country sum), so that the queries
 * form the author-proportional shares by the same double additions in the same order,
 * and --fold-hk-mo (applied when reading) merges HK and MO into CN exactly as before.
 */
#include "store_internal.h"

#include "store_read.h"

#include <stdlib.h>
#include <string.h>

const char coauth_schema_v6_sets[] = "CREATE TABLE paper_country_sets(\n"
                                     "  pmid INTEGER PRIMARY KEY,\n"
                                     "  year INTEGER,\n"
                                     "  research INTEGER,\n"
                                     "  n_authors INTEGER NOT NULL,\n"
                                     "  parts BLOB NOT NULL);\n";

int coauth_set_country_id(const char *c)
{
    if (!c || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' || c[2])
        return -1;
    return (c[0] - 'A') * 26 + (c[1] - 'A');
}

static bool room(coauth_set_buf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + more) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    unsigned char *p = realloc(b->p, cap);
    if (!p)
        return false;
    b->p = p;
    b->cap = cap;
    return true;
}

coauth_status coauth_set_put_author(coauth_set_buf *b, unsigned lead, const uint16_t *ids, size_t k,
                                    coauth_error *err)
{
    if (k == 0)
        return COAUTH_OK;
    if (!room(b, 1 + 10 + 2 * k))
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory storing country sets");
    if (k < 63) {
        b->p[b->len++] = (unsigned char)(k << 2 | (lead & 3u));
    } else {
        b->p[b->len++] = (unsigned char)(63u << 2 | (lead & 3u));
        size_t v = k;
        do {
            unsigned char c = (unsigned char)(v & 0x7f);
            v >>= 7;
            b->p[b->len++] = (unsigned char)(c | (v ? 0x80 : 0));
        } while (v);
    }
    for (size_t i = 0; i < k; i++) {
        b->p[b->len++] = (unsigned char)(ids[i] & 0xff);
        b->p[b->len++] = (unsigned char)(ids[i] >> 8);
    }
    return COAUTH_OK;
}

void coauth_set_buf_release(coauth_set_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* The rebuild's state: the paper being formed. */
struct rebuild {
    sqlite3 *db;
    const char *path;
    sqlite3_stmt *ins;
    coauth_set_buf buf;
    uint16_t *ids;
    size_t n_ids, cap_ids;
    int64_t pmid, position, n_authors;
    sqlite3_value *year, *research; /* copies (sqlite3_value_dup) */
};

static coauth_status end_author(struct rebuild *r, coauth_error *err)
{
    if (r->n_ids == 0)
        return COAUTH_OK;
    unsigned lead = (r->position == 1 ? 1u : 0u) | (r->position == r->n_authors ? 2u : 0u);
    coauth_status st = coauth_set_put_author(&r->buf, lead, r->ids, r->n_ids, err);
    r->n_ids = 0;
    return st;
}

static coauth_status end_paper(struct rebuild *r, coauth_error *err)
{
    coauth_status st = end_author(r, err);
    if (st || r->buf.len == 0)
        return st;
    sqlite3_stmt *ins = r->ins;
    sqlite3_bind_int64(ins, 1, r->pmid);
    sqlite3_bind_value(ins, 2, r->year);
    sqlite3_bind_value(ins, 3, r->research);
    sqlite3_bind_int64(ins, 4, r->n_authors);
    sqlite3_bind_blob(ins, 5, r->buf.p, (int)r->buf.len, SQLITE_STATIC);
    int rc = sqlite3_step(ins);
    sqlite3_reset(ins);
    r->buf.len = 0;
    if (rc != SQLITE_DONE)
        return coauth_store_failat(r->db, rc, r->path, "building country sets", err);
    return COAUTH_OK;
}

/* Which rows rebuild() recomputes. */
enum rebuild_what {
    REBUILD_ALL,
    REBUILD_ONE,        /* the row of `key` */
    REBUILD_IDENTIFIED, /* the rows of the papers with affiliation identifiers */
};

/* Rebuild the rows `what` says. */
static coauth_status rebuild(sqlite3 *db, const char *path, enum rebuild_what what, int64_t key,
                             coauth_error *err)
{
    /* One pass: papers in rowid order, each paper's authorships and each one's parts
     * by their primary keys, so the rows come in (pmid, position, seq, part) order.
     * Hidden papers (the JATS version of a PubMed paper) have no row. The countries are
     * the view authorship_countries' (schema 11: an authorship's own identifier may
     * give a part its country), by the same SQL, which the schema-6 migration uses
     * too, before the view exists. */
#define SETS_SELECT                                                                                \
    "SELECT p.pmid, p.year, p.research, p.n_authors, c.position, c.country "                       \
    "FROM papers p JOIN (" COAUTH_SQL_AUTHORSHIP_COUNTRIES ") c ON c.pmid = p.pmid "               \
    "WHERE p.hidden = 0 AND c.country IS NOT NULL "
    static const char *const sql_sel[] = {
        [REBUILD_ALL] = SETS_SELECT "ORDER BY p.pmid, c.position, c.seq, c.part",
        [REBUILD_ONE] = SETS_SELECT "AND p.pmid = ?1 ORDER BY c.position, c.seq, c.part",
        [REBUILD_IDENTIFIED] = SETS_SELECT "AND p.pmid IN (SELECT pmid FROM "
                                           "affiliation_identifiers) "
                                           "ORDER BY p.pmid, c.position, c.seq, c.part",
    };
#undef SETS_SELECT
    /* The rows replaced, and their chunks marked here too: the writer runs without
     * triggers (store_object.h) */
    static const char *const sql_del[][2] = {
        [REBUILD_ALL] = {"DELETE FROM paper_country_sets", NULL},
        [REBUILD_ONE] = {"DELETE FROM paper_country_sets WHERE pmid = ?1",
                         "INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (?1 >> 6)"},
        [REBUILD_IDENTIFIED] = {"DELETE FROM paper_country_sets WHERE pmid IN (SELECT pmid "
                                "FROM affiliation_identifiers)",
                                "INSERT OR IGNORE INTO paper_country_dirty(chunk) SELECT "
                                "DISTINCT pmid >> 6 FROM affiliation_identifiers"},
    };
    struct rebuild r = {db, path, NULL, {NULL, 0, 0}, NULL, 0, 0, 0, 0, 0, NULL, NULL};
    sqlite3_stmt *sel = NULL, *del = NULL;
    coauth_status st = COAUTH_OK;
    int rc = SQLITE_OK;
    bool one = what == REBUILD_ONE;
    for (int i = 0; i < 2 && sql_del[what][i] && rc == SQLITE_OK; i++) {
        rc = sqlite3_prepare_v2(db, sql_del[what][i], -1, &del, NULL);
        if (rc == SQLITE_OK) {
            if (one)
                sqlite3_bind_int64(del, 1, key);
            rc = sqlite3_step(del);
            if (rc == SQLITE_DONE)
                rc = SQLITE_OK;
        }
        sqlite3_finalize(del);
        del = NULL;
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, sql_sel[what], -1, &sel, NULL);
    if (rc == SQLITE_OK && one)
        sqlite3_bind_int64(sel, 1, key);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO paper_country_sets(pmid, year, research, n_authors, "
                                "parts) VALUES (?1, ?2, ?3, ?4, ?5)",
                                -1, &r.ins, NULL);
    if (rc != SQLITE_OK) {
        st = coauth_store_failat(db, rc, path, "building country sets", err);
        goto out;
    }
    bool have = false;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        int id = coauth_set_country_id((const char *)sqlite3_column_text(sel, 5));
        if (id < 0)
            continue; /* not a counted part */
        int64_t pmid = sqlite3_column_int64(sel, 0), position = sqlite3_column_int64(sel, 4);
        if (!have || pmid != r.pmid) {
            if (have && (st = end_paper(&r, err)))
                goto out;
            have = true;
            r.pmid = pmid;
            r.position = position;
            r.n_authors = sqlite3_column_int64(sel, 3);
            sqlite3_value_free(r.year);
            sqlite3_value_free(r.research);
            r.year = sqlite3_value_dup(sqlite3_column_value(sel, 1));
            r.research = sqlite3_value_dup(sqlite3_column_value(sel, 2));
            if (!r.year || !r.research) {
                st = coauth_fail(err, COAUTH_ENOMEM, "out of memory building country sets");
                goto out;
            }
        } else if (position != r.position) {
            if ((st = end_author(&r, err)))
                goto out;
            r.position = position;
        }
        if (r.n_ids == r.cap_ids) {
            size_t cap = r.cap_ids ? 2 * r.cap_ids : 16;
            uint16_t *p = realloc(r.ids, cap * sizeof *p);
            if (!p) {
                st = coauth_fail(err, COAUTH_ENOMEM, "out of memory building country sets");
                goto out;
            }
            r.ids = p;
            r.cap_ids = cap;
        }
        r.ids[r.n_ids++] = (uint16_t)id;
    }
    if (rc != SQLITE_DONE) {
        st = coauth_store_failat(db, rc, path, "building country sets", err);
        goto out;
    }
    if (have)
        st = end_paper(&r, err);
out:
    sqlite3_finalize(sel);
    sqlite3_finalize(r.ins);
    sqlite3_value_free(r.year);
    sqlite3_value_free(r.research);
    coauth_set_buf_release(&r.buf);
    free(r.ids);
    return st;
}

coauth_status coauth_store_sets_rebuild(sqlite3 *db, const char *path, coauth_error *err)
{
    return rebuild(db, path, REBUILD_ALL, 0, err);
}

coauth_status coauth_store_sets_rebuild_pmid(sqlite3 *db, const char *path, int64_t pmid,
                                             coauth_error *err)
{
    return rebuild(db, path, REBUILD_ONE, pmid, err);
}

coauth_status coauth_store_sets_rebuild_identified(sqlite3 *db, const char *path, coauth_error *err)
{
    coauth_status st = rebuild(db, path, REBUILD_IDENTIFIED, 0, err);
    return st ? st : coauth_store_chunks_refresh(db, path, err);
}

/* ---- chunks (schema 8) ---------------------------------------------------------------- */

/* The rows of paper_country_sets packed COAUTH_CHUNK_PMIDS PMIDs to a row, so that a
 * country query reads one SQLite row per 64 PMIDs instead of one per paper (SQLite's
 * step and column reads were two thirds of a country query's instructions).
 *
 * Invariant: outside a write transaction, for every chunk c not in
 * paper_country_dirty, paper_country_chunks holds a row for c exactly when
 * paper_country_sets has rows with pmid >> 6 = c, and that row encodes them (encoding
 * in store_read.h). The triggers mark the chunk of every inserted, deleted or updated
 * sets row dirty, whoever writes it (reresolve, a migration, a user's SQL); the ingest
 * writer runs its file transactions without triggers and marks the chunks of the rows
 * it writes itself (coauth_store_mark_dirty, rebuild_pmid above);
 * coauth_store_chunks_refresh re-encodes the dirty chunks and empties the list, and the
 * writer calls it before each commit. A reader takes a dirty chunk's papers from
 * paper_country_sets, so the chunks are never trusted where they may be stale. */
const char coauth_schema_v8_chunks[] =
    "CREATE TABLE paper_country_chunks(\n"
    "  chunk INTEGER PRIMARY KEY,\n"
    "  papers BLOB NOT NULL);\n"
    "CREATE TABLE paper_country_dirty(\n"
    "  chunk INTEGER PRIMARY KEY);\n"
    "CREATE TRIGGER paper_country_sets_ins AFTER INSERT ON paper_country_sets BEGIN\n"
    "  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (NEW.pmid >> 6);\n"
    "END;\n"
    "CREATE TRIGGER paper_country_sets_del AFTER DELETE ON paper_country_sets BEGIN\n"
    "  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (OLD.pmid >> 6);\n"
    "END;\n"
    "CREATE TRIGGER paper_country_sets_upd AFTER UPDATE ON paper_country_sets BEGIN\n"
    "  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (OLD.pmid >> 6);\n"
    "  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (NEW.pmid >> 6);\n"
    "END;\n";

static bool put_varint(coauth_set_buf *b, uint64_t v)
{
    if (!room(b, 10))
        return false;
    do {
        unsigned char c = (unsigned char)(v & 0x7f);
        v >>= 7;
        b->p[b->len++] = (unsigned char)(c | (v ? 0x80 : 0));
    } while (v);
    return true;
}

static uint64_t zigzag(int64_t v)
{
    return v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1;
}

/* The chunk being encoded and the statements that store it. */
struct chunker {
    sqlite3 *db;
    const char *path;
    sqlite3_stmt *put, *del;
    coauth_set_buf buf;
    int64_t chunk;
    bool have;
};

static coauth_status chunk_write(struct chunker *k, int64_t chunk, bool empty, coauth_error *err)
{
    sqlite3_stmt *st = empty ? k->del : k->put;
    sqlite3_bind_int64(st, 1, chunk);
    if (!empty)
        sqlite3_bind_blob(st, 2, k->buf.p, (int)k->buf.len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    k->buf.len = 0;
    if (rc != SQLITE_DONE)
        return coauth_store_failat(k->db, rc, k->path, "storing country set chunks", err);
    return COAUTH_OK;
}

/* Re-encode chunks lo..hi (every one of them dirty) from paper_country_sets. */
static coauth_status chunk_range(struct chunker *k, sqlite3_stmt *sel, int64_t lo, int64_t hi,
                                 coauth_error *err)
{
    sqlite3_bind_int64(sel, 1, (sqlite3_int64)((uint64_t)lo << COAUTH_CHUNK_BITS));
    sqlite3_bind_int64(
        sel, 2, (sqlite3_int64)((uint64_t)hi << COAUTH_CHUNK_BITS | (COAUTH_CHUNK_PMIDS - 1)));
    coauth_status st = COAUTH_OK;
    int64_t next = lo; /* chunks below `next` are written */
    int rc;
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        int64_t pmid = sqlite3_column_int64(sel, 0);
        int64_t chunk = pmid >> COAUTH_CHUNK_BITS;
        if (k->have && chunk != k->chunk) {
            if ((st = chunk_write(k, k->chunk, false, err)))
                goto out;
            next = k->chunk + 1;
            k->have = false;
        }
        for (; next < chunk; next++) /* dirty chunks left without papers */
            if ((st = chunk_write(k, next, true, err)))
                goto out;
        k->chunk = chunk;
        k->have = true;
        unsigned head = (unsigned)(pmid & (COAUTH_CHUNK_PMIDS - 1));
        bool null_year = sqlite3_column_type(sel, 1) == SQLITE_NULL;
        head |= sqlite3_column_int(sel, 2) ? COAUTH_CHUNK_RESEARCH : 0u;
        head |= null_year ? COAUTH_CHUNK_NO_YEAR : 0u;
        const void *parts = sqlite3_column_blob(sel, 4);
        size_t len = (size_t)sqlite3_column_bytes(sel, 4);
        bool ok = room(&k->buf, 1);
        if (ok)
            k->buf.p[k->buf.len++] = (unsigned char)head;
        ok = ok && (null_year || put_varint(&k->buf, zigzag(sqlite3_column_int64(sel, 1))));
        ok = ok && put_varint(&k->buf, zigzag(sqlite3_column_int64(sel, 3)));
        ok = ok && put_varint(&k->buf, len) && room(&k->buf, len);
        if (!ok) {
            st = coauth_fail(err, COAUTH_ENOMEM, "out of memory storing country set chunks");
            goto out;
        }
        if (len)
            memcpy(k->buf.p + k->buf.len, parts, len);
        k->buf.len += len;
    }
    if (rc != SQLITE_DONE) {
        st = coauth_store_failat(k->db, rc, k->path, "reading country sets", err);
        goto out;
    }
    if (k->have) {
        if ((st = chunk_write(k, k->chunk, false, err)))
            goto out;
        next = k->chunk + 1;
        k->have = false;
    }
    for (; next <= hi; next++)
        if ((st = chunk_write(k, next, true, err)))
            goto out;
out:
    sqlite3_reset(sel);
    k->have = false;
    k->buf.len = 0;
    return st;
}

coauth_status coauth_store_chunks_refresh(sqlite3 *db, const char *path, coauth_error *err)
{
    struct chunker k = {db, path, NULL, NULL, {NULL, 0, 0}, 0, false};
    sqlite3_stmt *dirty = NULL, *sel = NULL;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    coauth_status st = COAUTH_OK;
    int rc = sqlite3_prepare_v2(db, "SELECT chunk FROM paper_country_dirty ORDER BY chunk", -1,
                                &dirty, NULL);
    while (rc == SQLITE_OK && (rc = sqlite3_step(dirty)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        if (n == cap) {
            size_t c = cap ? 2 * cap : 256;
            int64_t *p = realloc(ids, c * sizeof *p);
            if (!p) {
                st = coauth_fail(err, COAUTH_ENOMEM, "out of memory storing country set chunks");
                goto out;
            }
            ids = p;
            cap = c;
        }
        ids[n++] = sqlite3_column_int64(dirty, 0);
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    if (rc == SQLITE_OK && n == 0)
        goto out;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "SELECT pmid, year, coalesce(research, 1) = 1, n_authors, parts "
                                "FROM paper_country_sets WHERE pmid BETWEEN ?1 AND ?2 "
                                "ORDER BY pmid",
                                -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT OR REPLACE INTO paper_country_chunks(chunk, papers) "
                                "VALUES (?1, ?2)",
                                -1, &k.put, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "DELETE FROM paper_country_chunks WHERE chunk = ?1", -1, &k.del,
                                NULL);
    if (rc != SQLITE_OK) {
        st = coauth_store_failat(db, rc, path, "storing country set chunks", err);
        goto out;
    }
    /* runs of consecutive dirty chunks, one range read each */
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && ids[j] == ids[j - 1] + 1)
            j++;
        if ((st = chunk_range(&k, sel, ids[i], ids[j - 1], err)))
            goto out;
        i = j;
    }
    rc = sqlite3_exec(db, "DELETE FROM paper_country_dirty", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        st = coauth_store_failat(db, rc, path, "storing country set chunks", err);
out:
    if (!st && rc != SQLITE_OK)
        st = coauth_store_failat(db, rc, path, "storing country set chunks", err);
    sqlite3_finalize(dirty);
    sqlite3_finalize(sel);
    sqlite3_finalize(k.put);
    sqlite3_finalize(k.del);
    coauth_set_buf_release(&k.buf);
    free(ids);
    return st;
}

coauth_status coauth_store_chunks_build(sqlite3 *db, const char *path, coauth_error *err)
{
    int rc = sqlite3_exec(db,
                          "DELETE FROM paper_country_chunks; DELETE FROM paper_country_dirty; "
                          "INSERT INTO paper_country_dirty(chunk) SELECT DISTINCT pmid >> 6 "
                          "FROM paper_country_sets",
                          NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(db, rc, path, "building country set chunks", err);
    return coauth_store_chunks_refresh(db, path, err);
}
