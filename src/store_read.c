/* store_read.c - the typed read cursors of store_read.h: the SQL the queries run.
 *
 * Invariant: each cursor is one prepared statement reading one table (or the papers
 * statement of store_filter.c) in primary-key order, so a query's scans are merges in
 * C, with no join, sort or temporary table. Values whose storage class could not come
 * from coauth (a non-integer key) are reported as -1 or skipped, as the header says,
 * rather than misread.
 */
#include "store_read.h"

#include "store_internal.h"

#include <coauth/coauth.h>

#include <stdio.h>
#include <stdlib.h>

static coauth_status nomem(coauth_error *err)
{
    return coauth_fail(err, COAUTH_ENOMEM, "out of memory in a query");
}

/* sqlite3_column_int64 of an INTEGER column value, else false. The connection is used
 * by this thread only, so reading the unprotected value is safe. */
static bool column_integer(sqlite3_stmt *st, int i, int64_t *out)
{
    sqlite3_value *v = sqlite3_column_value(st, i);
    if (sqlite3_value_type(v) != SQLITE_INTEGER)
        return false;
    *out = sqlite3_value_int64(v);
    return true;
}

static coauth_status prepare(coauth_store *s, const char *sql, sqlite3_stmt **out, const char *what,
                             coauth_error *err)
{
    sqlite3 *db = coauth_store_sqlite(s);
    int rc = sqlite3_prepare_v2(db, sql, -1, out, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
        return coauth_store_sqlfail(db, rc, err, what);
    }
    return COAUTH_OK;
}

/* The first column of the one row of `sql` as an integer (0 for NULL or no row). */
static coauth_status query_int(coauth_store *s, const char *sql, int64_t *out, const char *what,
                               coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    coauth_status ret = prepare(s, sql, &st, what, err);
    if (ret)
        return ret;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        ret = coauth_store_sqlfail(coauth_store_sqlite(s), rc, err, what);
    sqlite3_finalize(st);
    return ret;
}

coauth_status coauth_store_read_begin(coauth_store *s, coauth_error *err)
{
    sqlite3 *db = coauth_store_sqlite(s);
    int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(db, rc, err, "starting a read transaction");
    return COAUTH_OK;
}

void coauth_store_read_end(coauth_store *s)
{
    sqlite3 *db = coauth_store_sqlite(s);
    if (!sqlite3_get_autocommit(db))
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/* A scan reads every page of the tables it scans once, in key order, so the store's
 * large page cache would only hold pages that are never read again (64 MiB of them on
 * a large store). */
coauth_status coauth_store_scan_cache(coauth_store *s, int64_t *out_saved, coauth_error *err)
{
    coauth_status st =
        query_int(s, "PRAGMA cache_size", out_saved, "reading the page cache size", err);
    if (st)
        return st;
    sqlite3 *db = coauth_store_sqlite(s);
    int rc = sqlite3_exec(db, "PRAGMA cache_size = -1024", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_sqlfail(db, rc, err, "setting the page cache size");
    return COAUTH_OK;
}

void coauth_store_scan_cache_restore(coauth_store *s, int64_t saved)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)saved);
    (void)sqlite3_exec(coauth_store_sqlite(s), sql, NULL, NULL, NULL);
}

coauth_status coauth_store_max_affiliation(coauth_store *s, int64_t *out, coauth_error *err)
{
    return query_int(s, "SELECT coalesce(max(id), 0) FROM affiliations", out,
                     "reading affiliations", err);
}

coauth_status coauth_store_max_institution(coauth_store *s, int64_t *out, coauth_error *err)
{
    return query_int(s, "SELECT coalesce(max(id), 0) FROM institutions", out,
                     "reading institutions", err);
}

/* ---- one-statement cursors ------------------------------------------------------------ */

struct coauth_parts_cursor {
    coauth_store *s;
    sqlite3_stmt *st;
    bool inst;
};

coauth_status coauth_store_ror_org_span(coauth_store *s, int64_t *out, coauth_error *err)
{
    return query_int(s, "SELECT coalesce(max(org) + 1, 0) FROM ror_orgs", out,
                     "reading the ror registry", err);
}

coauth_status coauth_parts_cursor_open(coauth_store *s, enum coauth_level level, bool rollup,
                                       coauth_parts_cursor **out, coauth_error *err)
{
    *out = NULL;
    coauth_parts_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return nomem(err);
    c->s = s;
    c->inst = level == COAUTH_LEVEL_INSTITUTION;
    /* institution level: the part's institution and country, and the ROR organisation
     * it is matched to (or, with rollup, that organisation's top-level parent) */
    coauth_status st =
        prepare(s,
                !c->inst ? "SELECT affiliation_id, country FROM affiliation_parts "
                           "WHERE country IS NOT NULL ORDER BY affiliation_id, part"
                : rollup ? "SELECT ap.affiliation_id, ap.country, ap.institution_id, "
                           "coalesce(o.root, o.org) + 1 "
                           "FROM affiliation_parts ap LEFT JOIN ror_orgs o ON o.id = ap.ror "
                           "WHERE ap.institution_id IS NOT NULL OR o.org IS NOT NULL "
                           "ORDER BY ap.affiliation_id, ap.part"
                         : "SELECT ap.affiliation_id, ap.country, ap.institution_id, o.org + 1 "
                           "FROM affiliation_parts ap LEFT JOIN ror_orgs o ON o.id = ap.ror "
                           "WHERE ap.institution_id IS NOT NULL OR o.org IS NOT NULL "
                           "ORDER BY ap.affiliation_id, ap.part",
                &c->st, "preparing the affiliation parts scan", err);
    if (st) {
        free(c);
        return st;
    }
    *out = c;
    return COAUTH_OK;
}

coauth_status coauth_parts_cursor_next(coauth_parts_cursor *c, coauth_part_row *row, bool *out_row,
                                       coauth_error *err)
{
    int rc = sqlite3_step(c->st);
    *out_row = rc == SQLITE_ROW;
    if (rc == SQLITE_DONE)
        return COAUTH_OK;
    if (rc != SQLITE_ROW)
        return coauth_store_sqlfail(coauth_store_sqlite(c->s), rc, err,
                                    "reading affiliation parts");
    /* only integer keys can equal an authorship's affiliation id */
    if (!column_integer(c->st, 0, &row->affiliation_id) || row->affiliation_id < 0)
        row->affiliation_id = -1;
    row->country = (const char *)sqlite3_column_text(c->st, 1);
    row->institution_id = 0;
    row->org = -1;
    if (c->inst) { /* NULL reads as 0: no institution, and no organisation (org + 1) */
        row->institution_id = sqlite3_column_int64(c->st, 2);
        row->org = sqlite3_column_int64(c->st, 3) - 1;
    }
    return COAUTH_OK;
}

void coauth_parts_cursor_close(coauth_parts_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->st);
    free(c);
}

struct coauth_auth_cursor {
    coauth_store *s;
    sqlite3_stmt *st;
    bool done;
    bool with_seq; /* the statement reads seq (reading it costs when it is not needed) */
};

coauth_status coauth_auth_cursor_open(coauth_store *s, bool with_seq, coauth_auth_cursor **out,
                                      coauth_error *err)
{
    *out = NULL;
    coauth_auth_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return nomem(err);
    c->s = s;
    c->with_seq = with_seq;
    coauth_status st = prepare(s,
                               with_seq ? "SELECT pmid, position, affiliation_id, seq FROM "
                                          "authorships ORDER BY pmid, position, seq"
                                        : "SELECT pmid, position, affiliation_id FROM authorships "
                                          "ORDER BY pmid, position, seq",
                               &c->st, "preparing the paper scan", err);
    if (st) {
        free(c);
        return st;
    }
    *out = c;
    return COAUTH_OK;
}

coauth_status coauth_auth_cursor_next(coauth_auth_cursor *c, coauth_auth_row *rows, size_t max,
                                      size_t *out_n, coauth_error *err)
{
    size_t n = 0;
    int rc = SQLITE_DONE;
    while (!c->done && n < max && (rc = sqlite3_step(c->st)) == SQLITE_ROW) {
        coauth_auth_row *r = &rows[n];
        /* only integer pmids and affiliation ids can equal a papers rowid and an
         * affiliation_parts key */
        if (!column_integer(c->st, 0, &r->pmid))
            continue;
        r->position = sqlite3_column_int64(c->st, 1);
        if (!column_integer(c->st, 2, &r->affiliation_id) || r->affiliation_id < 0)
            r->affiliation_id = -1;
        r->seq = c->with_seq ? sqlite3_column_int64(c->st, 3) : 0;
        n++;
    }
    *out_n = n;
    if (c->done || n == max)
        return COAUTH_OK;
    c->done = true;
    if (rc != SQLITE_DONE)
        return coauth_store_sqlfail(coauth_store_sqlite(c->s), rc, err, "scanning authorships");
    return COAUTH_OK;
}

void coauth_auth_cursor_close(coauth_auth_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->st);
    free(c);
}

struct coauth_authror_cursor {
    coauth_store *s;
    sqlite3_stmt *st;
};

coauth_status coauth_authror_cursor_open(coauth_store *s, bool rollup, coauth_authror_cursor **out,
                                         coauth_error *err)
{
    *out = NULL;
    coauth_authror_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return nomem(err);
    c->s = s;
    coauth_status st = prepare(
        s,
        rollup ? "SELECT ar.pmid, ar.position, ar.seq, coalesce(o.root, o.org) FROM authorship_ror "
                 "ar JOIN ror_orgs o ON o.id = ar.ror ORDER BY ar.pmid, ar.position, ar.seq"
               : "SELECT ar.pmid, ar.position, ar.seq, o.org FROM authorship_ror ar "
                 "JOIN ror_orgs o ON o.id = ar.ror ORDER BY ar.pmid, ar.position, ar.seq",
        &c->st, "preparing the affiliation identifiers scan", err);
    if (st) {
        free(c);
        return st;
    }
    *out = c;
    return COAUTH_OK;
}

coauth_status coauth_authror_cursor_next(coauth_authror_cursor *c, coauth_authror_row *row,
                                         bool *out_row, coauth_error *err)
{
    int rc;
    while ((rc = sqlite3_step(c->st)) == SQLITE_ROW) {
        if (!column_integer(c->st, 0, &row->pmid))
            continue;
        row->position = sqlite3_column_int64(c->st, 1);
        row->seq = sqlite3_column_int64(c->st, 2);
        row->org = sqlite3_column_int64(c->st, 3);
        *out_row = true;
        return COAUTH_OK;
    }
    *out_row = false;
    if (rc != SQLITE_DONE)
        return coauth_store_sqlfail(coauth_store_sqlite(c->s), rc, err,
                                    "reading affiliation identifiers");
    return COAUTH_OK;
}

void coauth_authror_cursor_close(coauth_authror_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->st);
    free(c);
}

struct coauth_papers_cursor {
    coauth_store_filter *f;
};

coauth_status coauth_papers_cursor_open(coauth_store *s, const coauth_population *p,
                                        int32_t year_from, int32_t year_to,
                                        coauth_papers_cursor **out, coauth_error *err)
{
    *out = NULL;
    coauth_papers_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return nomem(err);
    coauth_status st =
        coauth_store_filter_open(coauth_store_sqlite(s), p, year_from, year_to, &c->f, err);
    if (st) {
        free(c);
        return st;
    }
    *out = c;
    return COAUTH_OK;
}

coauth_status coauth_papers_cursor_next(coauth_papers_cursor *c, coauth_paper_row *row,
                                        bool *out_row, coauth_error *err)
{
    return coauth_store_filter_next(c->f, &row->pmid, &row->year, &row->n_authors, out_row, err);
}

void coauth_papers_cursor_close(coauth_papers_cursor *c)
{
    if (!c)
        return;
    coauth_store_filter_free(c->f);
    free(c);
}

/* ---- country sets --------------------------------------------------------------------- */

/* The chunks in chunk order, merged with the dirty chunks' rows of paper_country_sets
 * (store_sets.c: a dirty chunk's row may be stale or missing, so it is skipped and its
 * papers read from the sets). The dirty list is read at open; it is empty in a store the
 * writer committed. */
struct coauth_sets_cursor {
    coauth_store *s;
    sqlite3_stmt *chunks; /* chunk, papers in chunk order */
    sqlite3_stmt *rows;   /* one dirty chunk's sets rows */
    enum coauth_set_classes classes;
    int32_t year_from, year_to;
    int64_t *dirty;
    size_t n_dirty, at_dirty;
    bool chunk_row;   /* chunks holds a row not yet taken */
    bool chunks_done; /* chunks is exhausted */
    bool in_chunk;    /* decoding the taken row's papers */
    bool in_rows;     /* stepping rows */
    int64_t chunk;    /* the current chunk's id */
    const unsigned char *blob;
    size_t len, pos;
    int prev;                    /* offset of the previous paper in the chunk, -1 at its start */
    unsigned char head;          /* the last chunk row's head byte (its class bit) */
    coauth_store_filter *filter; /* coauth_sets_cursor_filter's, NULL: none */
};

coauth_status coauth_sets_cursor_open(coauth_store *s, enum coauth_set_classes classes,
                                      int32_t year_from, int32_t year_to, coauth_sets_cursor **out,
                                      coauth_error *err)
{
    *out = NULL;
    coauth_sets_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return nomem(err);
    c->s = s;
    c->classes = classes;
    c->year_from = year_from;
    c->year_to = year_to;
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT pmid, year, n_authors, parts, coalesce(research, 1) = 1 FROM "
             "paper_country_sets WHERE pmid BETWEEN ?1 AND ?2%s%s ORDER BY pmid",
             classes == COAUTH_SETS_RESEARCH ? " AND coalesce(research, 1) = 1" : "",
             year_from > 0 ? " AND year BETWEEN ?3 AND ?4" : "");
    sqlite3_stmt *dirty = NULL;
    coauth_status st;
    if ((st = prepare(s, sql, &c->rows, "preparing the country set scan", err)) ||
        (st = prepare(s, "SELECT chunk, papers FROM paper_country_chunks ORDER BY chunk",
                      &c->chunks, "preparing the country set scan", err)) ||
        (st = prepare(s, "SELECT chunk FROM paper_country_dirty ORDER BY chunk", &dirty,
                      "preparing the country set scan", err)))
        goto fail;
    if (year_from > 0) {
        sqlite3_bind_int(c->rows, 3, year_from);
        sqlite3_bind_int(c->rows, 4, year_to);
    }
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(dirty)) == SQLITE_ROW) {
        if (c->n_dirty == cap) {
            size_t nc = cap ? 2 * cap : 64;
            int64_t *p = realloc(c->dirty, nc * sizeof *p);
            if (!p) {
                st = nomem(err);
                goto fail;
            }
            c->dirty = p;
            cap = nc;
        }
        c->dirty[c->n_dirty++] = sqlite3_column_int64(dirty, 0);
    }
    if (rc != SQLITE_DONE) {
        st = coauth_store_sqlfail(coauth_store_sqlite(s), rc, err, "reading the dirty chunks");
        goto fail;
    }
    sqlite3_finalize(dirty);
    *out = c;
    return COAUTH_OK;
fail:
    sqlite3_finalize(dirty);
    coauth_sets_cursor_close(c);
    return st;
}

static bool get_varint(const unsigned char *p, size_t len, size_t *pos, uint64_t *out)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift <= 63; shift += 7) {
        if (*pos >= len)
            return false;
        unsigned char b = p[(*pos)++];
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

static int64_t unzigzag(uint64_t v)
{
    return (v & 1) ? (int64_t) ~(v >> 1) : (int64_t)(v >> 1);
}

/* The next paper of the current chunk that passes the filters: 1 with *row, 0 at the
 * chunk's end, -1 on a malformed chunk. */
static int chunk_next(coauth_sets_cursor *c, coauth_set_row *row)
{
    const unsigned char *p = c->blob;
    size_t len = c->len;
    while (c->pos < len) {
        unsigned head = p[c->pos++];
        int off = (int)(head & (COAUTH_CHUNK_PMIDS - 1));
        if (off <= c->prev)
            return -1;
        c->prev = off;
        uint64_t y = 0, na, n;
        bool has_year = !(head & COAUTH_CHUNK_NO_YEAR);
        if ((has_year && !get_varint(p, len, &c->pos, &y)) || !get_varint(p, len, &c->pos, &na) ||
            !get_varint(p, len, &c->pos, &n) || n > len - c->pos)
            return -1;
        const unsigned char *parts = p + c->pos;
        c->pos += (size_t)n;
        if (c->classes == COAUTH_SETS_RESEARCH && !(head & COAUTH_CHUNK_RESEARCH))
            continue;
        int64_t year = unzigzag(y);
        if (c->year_from > 0 && (!has_year || year < c->year_from || year > c->year_to))
            continue;
        c->head = (unsigned char)head;
        row->pmid = (int64_t)((uint64_t)c->chunk << COAUTH_CHUNK_BITS | (uint64_t)off);
        row->year = has_year ? (int32_t)year : 0;
        row->n_authors = unzigzag(na);
        row->parts = n ? parts : NULL;
        row->len = (size_t)n;
        return 1;
    }
    return 0;
}

/* coauth_sets_cursor_filter's test of the row just read: COAUTH_OK when it passes, 1
 * when it does not, < 0 on error (kept out of the loop below: without a filter the
 * scan pays one test per row). */
static coauth_status filter_row(coauth_sets_cursor *c, int64_t pmid, bool research,
                                coauth_error *err)
{
    bool pass = false;
    coauth_status st = coauth_store_filter_test(c->filter, pmid, research, &pass, err);
    return st ? st : pass ? COAUTH_OK : 1;
}

coauth_status coauth_sets_cursor_next(coauth_sets_cursor *c, coauth_set_row *row, bool *out_row,
                                      coauth_error *err)
{
    coauth_status st;
    sqlite3 *db = coauth_store_sqlite(c->s);
    int rc;
    *out_row = false;
    for (;;) {
        if (c->in_rows) {
            rc = sqlite3_step(c->rows);
            if (rc == SQLITE_ROW) {
                row->pmid = sqlite3_column_int64(c->rows, 0);
                row->year = sqlite3_column_type(c->rows, 1) == SQLITE_NULL
                                ? 0
                                : (int32_t)sqlite3_column_int(c->rows, 1);
                row->n_authors = sqlite3_column_int64(c->rows, 2);
                row->parts = sqlite3_column_blob(c->rows, 3);
                row->len = (size_t)sqlite3_column_bytes(c->rows, 3);
                if (!row->parts)
                    row->len = 0;
                if (c->filter &&
                    (st = filter_row(c, row->pmid, sqlite3_column_int(c->rows, 4) != 0, err))) {
                    if (st < 0)
                        return st;
                    continue;
                }
                *out_row = true;
                return COAUTH_OK;
            }
            sqlite3_reset(c->rows);
            c->in_rows = false;
            if (rc != SQLITE_DONE)
                return coauth_store_sqlfail(db, rc, err, "scanning country sets");
            continue;
        }
        if (c->in_chunk) {
            int got = chunk_next(c, row);
            if (got > 0) {
                if (c->filter &&
                    (st = filter_row(c, row->pmid, (c->head & COAUTH_CHUNK_RESEARCH) != 0, err))) {
                    if (st < 0)
                        return st;
                    continue;
                }
                *out_row = true;
                return COAUTH_OK;
            }
            if (got < 0)
                return coauth_fail(err, COAUTH_ESTORE,
                                   "'%s': the country set chunk %lld is malformed",
                                   coauth_store_path(c->s), (long long)c->chunk);
            c->in_chunk = false;
            continue;
        }
        if (!c->chunk_row && !c->chunks_done) {
            rc = sqlite3_step(c->chunks);
            if (rc == SQLITE_ROW) {
                c->chunk_row = true;
            } else if (rc == SQLITE_DONE) {
                c->chunks_done = true;
            } else {
                return coauth_store_sqlfail(db, rc, err, "scanning country sets");
            }
        }
        int64_t chunk = c->chunk_row ? sqlite3_column_int64(c->chunks, 0) : 0;
        bool dirty = c->at_dirty < c->n_dirty;
        if (c->chunk_row && (!dirty || chunk < c->dirty[c->at_dirty])) {
            c->chunk_row = false; /* taken: the blob stays valid until the next step */
            c->chunk = chunk;
            c->blob = sqlite3_column_blob(c->chunks, 1);
            c->len = c->blob ? (size_t)sqlite3_column_bytes(c->chunks, 1) : 0;
            c->pos = 0;
            c->prev = -1;
            c->in_chunk = true;
            continue;
        }
        if (!dirty)
            return COAUTH_OK; /* the end */
        int64_t d = c->dirty[c->at_dirty++];
        if (c->chunk_row && chunk == d)
            c->chunk_row = false; /* stale: its papers come from the sets */
        sqlite3_bind_int64(c->rows, 1, (sqlite3_int64)((uint64_t)d << COAUTH_CHUNK_BITS));
        sqlite3_bind_int64(
            c->rows, 2,
            (sqlite3_int64)((uint64_t)d << COAUTH_CHUNK_BITS | (COAUTH_CHUNK_PMIDS - 1)));
        c->in_rows = true;
    }
}

coauth_status coauth_sets_cursor_filter(coauth_sets_cursor *c, const coauth_population *p,
                                        coauth_error *err)
{
    if (c->filter)
        return coauth_fail(err, COAUTH_EINVAL, "the country set scan has a filter already");
    return coauth_store_filter_open_meta(coauth_store_sqlite(c->s), p, &c->filter, err);
}

void coauth_sets_cursor_close(coauth_sets_cursor *c)
{
    if (!c)
        return;
    coauth_store_filter_free(c->filter);
    sqlite3_finalize(c->chunks);
    sqlite3_finalize(c->rows);
    free(c->dirty);
    free(c);
}

/* ---- names and counts ----------------------------------------------------------------- */

struct coauth_names_cursor {
    coauth_store *s;
    sqlite3_stmt *inst; /* institutions by id */
    sqlite3_stmt *org;  /* ror_orgs by org */
};

coauth_status coauth_names_cursor_open(coauth_store *s, coauth_names_cursor **out,
                                       coauth_error *err)
{
    *out = NULL;
    coauth_names_cursor *c = calloc(1, sizeof *c);
    if (!c)
        return nomem(err);
    c->s = s;
    coauth_status st = prepare(s, "SELECT name FROM institutions WHERE id = ?1", &c->inst,
                               "reading institution names", err);
    if (!st)
        st = prepare(s, "SELECT name, country, id FROM ror_orgs WHERE org = ?1", &c->org,
                     "reading institution names", err);
    if (st) {
        coauth_names_cursor_close(c);
        return st;
    }
    *out = c;
    return COAUTH_OK;
}

coauth_status coauth_names_cursor_get(coauth_names_cursor *c, bool org, int64_t id,
                                      const char **out_name, size_t *out_len,
                                      const char **out_country, const char **out_ror,
                                      coauth_error *err)
{
    sqlite3_stmt *st = org ? c->org : c->inst;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    *out_name = "";
    *out_len = 0;
    if (out_country)
        *out_country = NULL;
    if (out_ror)
        *out_ror = NULL;
    if (rc == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name) {
            *out_name = name;
            *out_len = (size_t)sqlite3_column_bytes(st, 0);
        }
        if (org && out_country)
            *out_country = (const char *)sqlite3_column_text(st, 1);
        if (org && out_ror)
            *out_ror = (const char *)sqlite3_column_text(st, 2);
    } else if (rc != SQLITE_DONE) {
        return coauth_store_sqlfail(coauth_store_sqlite(c->s), rc, err,
                                    "reading institution names");
    }
    return COAUTH_OK;
}

void coauth_names_cursor_close(coauth_names_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->inst);
    sqlite3_finalize(c->org);
    free(c);
}

coauth_status coauth_store_has_type_name(coauth_store *s, const char *name, size_t len,
                                         bool *out_has, coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    *out_has = false;
    /* the dictionary first (a name no paper ever had is not in it: a few rows read);
     * then the first paper with one of its ids: quick for any type a paper has, a
     * scan of paper_meta for one that only replaced or deleted papers had */
    static const char *const sql[] = {
        "SELECT 1 FROM publication_types WHERE name = ?1 COLLATE NOCASE LIMIT 1",
        "SELECT 1 FROM paper_meta m, json_each(m.types) j WHERE j.value IN (SELECT id FROM "
        "publication_types WHERE name = ?1 COLLATE NOCASE) LIMIT 1"};
    coauth_status ret = COAUTH_OK;
    for (size_t i = 0; i < 2 && !ret; i++) {
        if ((ret = prepare(s, sql[i], &st, "checking --types names", err)))
            return ret;
        sqlite3_bind_text(st, 1, name, (int)len, SQLITE_TRANSIENT);
        int rc = sqlite3_step(st);
        *out_has = rc == SQLITE_ROW;
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            ret = coauth_store_sqlfail(coauth_store_sqlite(s), rc, err, "checking --types names");
        sqlite3_finalize(st);
        if (!*out_has)
            break;
    }
    return ret;
}

coauth_status coauth_store_count_unclassified(coauth_store *s, const coauth_population *p,
                                              uint64_t *out, coauth_error *err)
{
    int64_t n = 0, migrated = 0;
    *out = 0;
    /* Only the migration from schema 1 stores papers with research NULL (every paper
     * ingested since gets 0 or 1), and it leaves this meta row: without it there are
     * none, and the count need not read the whole papers table (0.25 s per 1M papers,
     * more than a country scan). An index would cost every papers INSERT OR REPLACE a
     * statement journal. */
    coauth_status st = query_int(s,
                                 "SELECT count(*) FROM meta WHERE key = "
                                 "'migrated_papers_without_metadata'",
                                 &migrated, "counting papers without metadata", err);
    if (st || !migrated)
        return st;
    st = query_int(s, "SELECT count(*) FROM papers WHERE research IS NULL AND hidden = 0", &n,
                   "counting papers without metadata", err);
    if (st || n == 0)
        return st;
    /* minus those the population keeps (`--types all`, exclusions of types) */
    coauth_store_filter *kept = NULL;
    if ((st = coauth_store_filter_open(coauth_store_sqlite(s), p, 0, 0, &kept, err)))
        return st;
    bool row = true;
    while (!st && row) {
        int64_t pmid = 0, n_authors = 0;
        int32_t year = 0;
        if (!(st = coauth_store_filter_next(kept, &pmid, &year, &n_authors, &row, err)) && row)
            n -= coauth_store_filter_unclassified(kept);
    }
    coauth_store_filter_free(kept);
    *out = n > 0 ? (uint64_t)n : 0;
    return st;
}

/* ---- process set-up ------------------------------------------------------------------- */

void coauth_store_process_init(void)
{
    /* SQLite's memory statistics take a global mutex on every allocation (2-4% of the
     * ingest writer's instructions, callgrind); we never read them. This only works
     * before SQLite is initialized: in a host program that already used SQLite it fails
     * with SQLITE_MISUSE and nothing changes. */
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

const char *coauth_sqlite_version(void)
{
    return sqlite3_libversion();
}
