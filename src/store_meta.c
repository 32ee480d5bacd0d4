/* store_meta.c - the paper metadata of SPEC 2.1 in the store: publication types, ISSNs,
 * languages, MeSH descriptors, grants, authors (name parts, ORCID) and the identifiers
 * of each affiliation. papers' own metadata columns are written with the paper row in
 * store.c.
 *
 * Invariant: every table here has a primary key starting with pmid, holds rows only
 * for stored papers, and a paper's rows are all removed before a new version's go in
 * (coauth_store_meta_remove then coauth_store_meta_put, in the file's transaction).
 * Sequence numbers (seq, k) are 1-based document order.
 */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum meta_table { T_TYPES, T_ISSNS, T_LANGS, T_MESH, T_GRANTS, T_AUTHORS, T_IDENTS, N_TABLES };

static const struct {
    const char *table, *head, *what;
    int cols;
} tables[N_TABLES] = {
    [T_TYPES] = {"paper_types", "INSERT OR IGNORE INTO paper_types(pmid, seq, ui, name) VALUES ",
                 "storing publication types", 4},
    [T_ISSNS] = {"paper_issns", "INSERT OR IGNORE INTO paper_issns(pmid, seq, issn, type) VALUES ",
                 "storing ISSNs", 4},
    [T_LANGS] = {"paper_languages",
                 "INSERT OR IGNORE INTO paper_languages(pmid, seq, language) VALUES ",
                 "storing languages", 3},
    [T_MESH] = {"paper_mesh",
                "INSERT OR IGNORE INTO paper_mesh(pmid, seq, ui, name, major) VALUES ",
                "storing MeSH headings", 5},
    [T_GRANTS] =
        {"paper_grants",
         "INSERT OR IGNORE INTO paper_grants(pmid, seq, agency, country, grant_id) VALUES ",
         "storing grants", 5},
    [T_AUTHORS] = {"authors",
                   "INSERT OR IGNORE INTO authors(pmid, position, name, last_name, fore_name, "
                   "initials, collective_name, orcid) VALUES ",
                   "storing authors", 8},
    [T_IDENTS] = {"affiliation_identifiers",
                  "INSERT OR IGNORE INTO affiliation_identifiers(pmid, position, seq, k, source, "
                  "value) VALUES ",
                  "storing affiliation identifiers", 6},
};

/* One affiliation identifier queued for insertion (strings borrowed from the record;
 * not NUL-terminated when split from coauth_affiliation.identifier). */
struct pending_ident {
    int position, seq, k;
    const char *src, *val;
    int src_len, val_len; /* -1: NUL-terminated */
};

struct coauth_store_meta {
    sqlite3 *db;
    const char *path;
    coauth_rows rows[N_TABLES];
    sqlite3_stmt *del[N_TABLES];
    struct pending_ident *pid;
    size_t n_pid, cap_pid;
};

coauth_status coauth_store_meta_new(coauth_store_meta **out, sqlite3 *db, const char *path,
                                    coauth_error *err)
{
    *out = NULL;
    coauth_store_meta *m = calloc(1, sizeof *m);
    if (!m)
        return coauth_fail(err, COAUTH_ENOMEM, "'%s': out of memory opening the store", path);
    m->db = db;
    m->path = path;
    for (int t = 0; t < N_TABLES; t++) {
        m->rows[t] = (coauth_rows)COAUTH_ROWS_INIT(tables[t].head, tables[t].cols, tables[t].what);
        char sql[128];
        snprintf(sql, sizeof sql, "DELETE FROM %s WHERE pmid = ?1", tables[t].table);
        int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m->del[t], NULL);
        if (rc != SQLITE_OK) {
            coauth_status st = coauth_store_failat(db, rc, path, "preparing metadata removal", err);
            coauth_store_meta_free(m);
            return st;
        }
    }
    *out = m;
    return COAUTH_OK;
}

void coauth_store_meta_free(coauth_store_meta *m)
{
    if (!m)
        return;
    for (int t = 0; t < N_TABLES; t++) {
        coauth_rows_release(&m->rows[t]);
        sqlite3_finalize(m->del[t]);
    }
    free(m->pid);
    free(m);
}

void coauth_store_meta_reset(coauth_store_meta *m)
{
    if (!m)
        return;
    for (int t = 0; t < N_TABLES; t++) {
        coauth_rows_reset(&m->rows[t]);
        if (m->del[t])
            sqlite3_reset(m->del[t]);
    }
    m->n_pid = 0;
}

coauth_status coauth_store_meta_remove(coauth_store_meta *m, uint64_t pmid, coauth_error *err)
{
    for (int t = 0; t < N_TABLES; t++) {
        sqlite3_stmt *st = m->del[t];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)pmid);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            char what[96];
            snprintf(what, sizeof what, "removing a paper's %s", tables[t].table);
            return coauth_store_failat(m->db, rc, m->path, what, err);
        }
    }
    return COAUTH_OK;
}

/* ---- row binders: ctx is the record, or the writer for identifiers ---- */

static void bind_type(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_record *rec = ctx;
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, base + 2, (sqlite3_int64)row + 1);
    coauth_bind_text_or_null(st, base + 3, rec->types[row].ui);
    coauth_bind_text_or_null(st, base + 4, rec->types[row].name);
}

static void bind_issn(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_record *rec = ctx;
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, base + 2, (sqlite3_int64)row + 1);
    coauth_bind_text_or_null(st, base + 3, rec->issns[row].issn);
    coauth_bind_text_or_null(st, base + 4, rec->issns[row].type);
}

static void bind_lang(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_record *rec = ctx;
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, base + 2, (sqlite3_int64)row + 1);
    coauth_bind_text_or_null(st, base + 3, rec->languages[row]);
}

static void bind_mesh(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_record *rec = ctx;
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, base + 2, (sqlite3_int64)row + 1);
    coauth_bind_text_or_null(st, base + 3, rec->mesh[row].ui);
    coauth_bind_text_or_null(st, base + 4, rec->mesh[row].name);
    sqlite3_bind_int(st, base + 5, rec->mesh[row].major ? 1 : 0);
}

static void bind_grant(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_record *rec = ctx;
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, base + 2, (sqlite3_int64)row + 1);
    coauth_bind_text_or_null(st, base + 3, rec->grants[row].agency);
    coauth_bind_text_or_null(st, base + 4, rec->grants[row].country);
    coauth_bind_text_or_null(st, base + 5, rec->grants[row].id);
}

static void bind_author(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_record *rec = ctx;
    const coauth_author *a = &rec->authors[row];
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, base + 2, (sqlite3_int64)row + 1);
    coauth_bind_text_or_null(st, base + 3, a->name);
    coauth_bind_text_or_null(st, base + 4, a->last_name);
    coauth_bind_text_or_null(st, base + 5, a->fore_name);
    coauth_bind_text_or_null(st, base + 6, a->initials);
    coauth_bind_text_or_null(st, base + 7, a->collective_name);
    coauth_bind_text_or_null(st, base + 8, a->orcid);
}

struct ident_rows {
    const coauth_store_meta *m;
    uint64_t pmid;
};

static void bind_ident(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const struct ident_rows *ir = ctx;
    const struct pending_ident *q = &ir->m->pid[row];
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)ir->pmid);
    sqlite3_bind_int(st, base + 2, q->position);
    sqlite3_bind_int(st, base + 3, q->seq);
    sqlite3_bind_int(st, base + 4, q->k);
    sqlite3_bind_text(st, base + 5, q->src ? q->src : "", q->src ? q->src_len : 0, SQLITE_STATIC);
    if (q->val)
        sqlite3_bind_text(st, base + 6, q->val, q->val_len, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, base + 6);
}

/* Room for one more queued identifier. */
static coauth_status ident_room(coauth_store_meta *m, coauth_error *err)
{
    if (m->n_pid < m->cap_pid)
        return COAUTH_OK;
    size_t nc = m->cap_pid ? m->cap_pid * 2 : 32;
    struct pending_ident *p = realloc(m->pid, nc * sizeof *p);
    if (!p)
        return coauth_fail(err, COAUTH_ENOMEM,
                           "'%s': out of memory storing affiliation identifiers", m->path);
    m->pid = p;
    m->cap_pid = nc;
    return COAUTH_OK;
}

/* The (author, affiliation) whose joined identifier string is being split. */
struct split_ctx {
    coauth_store_meta *m;
    int position, seq;
};

static coauth_status queue_split(void *ctx, int k, const char *src, size_t src_len, const char *val,
                                 size_t val_len, coauth_error *err)
{
    struct split_ctx *sc = ctx;
    coauth_status st = ident_room(sc->m, err);
    if (!st)
        sc->m->pid[sc->m->n_pid++] =
            (struct pending_ident){sc->position, sc->seq, k, src, val, (int)src_len, (int)val_len};
    return st;
}

/* Queue the identifiers of every (author, affiliation), numbered as in authorships. */
static coauth_status queue_idents(coauth_store_meta *m, const coauth_record *rec, coauth_error *err)
{
    m->n_pid = 0;
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *au = &rec->authors[i];
        for (size_t j = 0; j < au->n_affiliations; j++) {
            size_t f = au->first_affiliation + j;
            if (f >= rec->n_affiliations)
                return coauth_fail(err, COAUTH_EINVAL,
                                   "'%s': record %llu: affiliation index out of range", m->path,
                                   (unsigned long long)rec->pmid);
            const coauth_affiliation *a = &rec->affiliations[f];
            coauth_status st;
            /* A reader that gives only the joined string (schema 1's reader): split it
             * as the migration does. */
            if (!a->n_identifiers && a->identifier) {
                struct split_ctx sc = {m, (int)i + 1, (int)j + 1};
                if ((st = coauth_store_split_identifiers(a->identifier, strlen(a->identifier),
                                                         queue_split, &sc, err)))
                    return st;
                continue;
            }
            for (size_t k = 0; k < a->n_identifiers; k++) {
                if ((st = ident_room(m, err)))
                    return st;
                const coauth_ident *id = &a->identifiers[k];
                m->pid[m->n_pid++] = (struct pending_ident){
                    (int)i + 1, (int)j + 1, (int)k + 1, id->source, id->value, -1, -1};
            }
        }
    }
    return COAUTH_OK;
}

coauth_status coauth_store_meta_put(coauth_store_meta *m, const coauth_record *rec,
                                    coauth_error *err)
{
    const struct {
        size_t n;
        coauth_rows_bind_fn bind;
    } direct[] = {
        [T_TYPES] = {rec->n_types, bind_type},     [T_ISSNS] = {rec->n_issns, bind_issn},
        [T_LANGS] = {rec->n_languages, bind_lang}, [T_MESH] = {rec->n_mesh, bind_mesh},
        [T_GRANTS] = {rec->n_grants, bind_grant},  [T_AUTHORS] = {rec->n_authors, bind_author},
    };
    coauth_status st;
    for (int t = 0; t < T_IDENTS; t++)
        if (direct[t].n && (st = coauth_rows_insert(m->db, m->path, &m->rows[t], direct[t].n,
                                                    direct[t].bind, rec, err)))
            return st;
    if ((st = queue_idents(m, rec, err)))
        return st;
    struct ident_rows ir = {m, rec->pmid};
    st = coauth_rows_insert(m->db, m->path, &m->rows[T_IDENTS], m->n_pid, bind_ident, &ir, err);
    m->n_pid = 0;
    return st;
}
