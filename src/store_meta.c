/* store_meta.c - the paper metadata of SPEC 2.1 in the store (schema 7, 9): publication
 * types, ISSNs, languages, MeSH descriptors, grants, authors (name parts, ORCID) and the
 * identifiers of each affiliation. papers' own metadata columns are written with the
 * paper row in store.c.
 *
 * Layout (schema 7, issue 15: store size and filter speed). Each distinct value of a
 * repeated field is stored once in a dictionary table (publication_types(ui, name),
 * issns(issn, type), languages(language), mesh_descriptors(ui, name),
 * grant_funders(agency, country)), with an integer id; a paper's lists are one
 * paper_meta row, each list a JSON array of those ids in document order (MeSH: the id,
 * negated when the descriptor is a major topic; grants: the funder ids, and in
 * grant_ids the GrantID strings or null at the same index; NULL for an empty list, and
 * no row when every list is empty). The views paper_types, paper_issns,
 * paper_languages, paper_mesh and paper_grants decode them with json_each into the rows
 * of schema 6, column for column. Authors (schema 9) are one paper_authors row per
 * paper, a JSON array of each author's name parts and ORCID (coauth_schema_v9_authors),
 * without the display name, which the reader derives from the parts (derived_name
 * below; the view `authors` derives it the same way); a name that differs from its
 * derivation (none from this reader, but the migration keeps whatever a schema-6 store
 * held) is kept as the sixth element. The view author_names gives schema 7's rows.
 * Measured on the 1.03M-record bench corpus: see bench/RESULTS.md.
 *
 * Invariant: paper_meta, paper_authors and affiliation_identifiers have a primary key
 * starting with pmid, hold rows only for stored papers, and a paper's rows are all
 * removed before a new version's go in (coauth_store_meta_remove then
 * coauth_store_meta_put, in the file's transaction). Dictionary rows are never changed
 * or removed (an id, once given, means the same value for the store's life; a value no
 * paper uses any more stays), and each value has one id: the writer looks a value up
 * (its cache, then the table's unique index) before it inserts it, and writes only
 * inside its BEGIN IMMEDIATE transaction. The cache is emptied on a rollback, which
 * takes its new rows away. Sequence numbers (seq, k) are 1-based document order.
 *
 * NOTES ON SPEED: rows are queued across records, per table, and inserted
 * COAUTH_ROWS_MAX at a time (the record's strings are copied into the queue, since the
 * record is only borrowed). The queues are flushed when full, before any row is removed
 * (a queued row may belong to the paper being removed) and before the file's commit
 * (coauth_store_meta_flush); a rollback empties them. A dictionary look-up is a hash
 * probe; only a value new to this run reads the table.
 */
#include "store_internal.h"

#include <coauth/strtab.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- schema 7 ------------------------------------------------------------------------- */

const char coauth_schema_v7_meta[] =
    "CREATE TABLE publication_types(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  ui TEXT,\n"
    "  name TEXT);\n"
    "CREATE UNIQUE INDEX publication_types_key ON publication_types(ui, name);\n"
    "CREATE TABLE issns(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  issn TEXT,\n"
    "  type TEXT);\n"
    "CREATE UNIQUE INDEX issns_key ON issns(issn, type);\n"
    "CREATE TABLE languages(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  language TEXT);\n"
    "CREATE UNIQUE INDEX languages_key ON languages(language);\n"
    "CREATE TABLE mesh_descriptors(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  ui TEXT,\n"
    "  name TEXT);\n"
    "CREATE UNIQUE INDEX mesh_descriptors_key ON mesh_descriptors(ui, name);\n"
    "CREATE TABLE grant_funders(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  agency TEXT,\n"
    "  country TEXT);\n"
    "CREATE UNIQUE INDEX grant_funders_key ON grant_funders(agency, country);\n"
    "CREATE TABLE paper_meta(\n"
    "  pmid INTEGER PRIMARY KEY,\n"
    "  types TEXT,\n"
    "  issns TEXT,\n"
    "  languages TEXT,\n"
    "  mesh TEXT,\n"
    "  grants TEXT,\n"
    "  grant_ids TEXT,\n"
    "  journal INTEGER);\n"
    "CREATE TABLE author_names(\n"
    "  pmid INTEGER NOT NULL,\n"
    "  position INTEGER NOT NULL,\n"
    "  last_name TEXT,\n"
    "  fore_name TEXT,\n"
    "  initials TEXT,\n"
    "  collective_name TEXT,\n"
    "  orcid TEXT,\n"
    "  name TEXT,\n"
    "  PRIMARY KEY(pmid, position)) WITHOUT ROWID;\n";

/* The schema-6 tables as views (same names, columns and values). */
const char coauth_schema_v7_views[] =
    "CREATE VIEW paper_types(pmid, seq, ui, name) AS\n"
    "  SELECT m.pmid, j.key + 1, t.ui, t.name FROM paper_meta m, json_each(m.types) j\n"
    "  JOIN publication_types t ON t.id = j.value;\n"
    "CREATE VIEW paper_issns(pmid, seq, issn, type) AS\n"
    "  SELECT m.pmid, j.key + 1, t.issn, t.type FROM paper_meta m, json_each(m.issns) j\n"
    "  JOIN issns t ON t.id = j.value;\n"
    "CREATE VIEW paper_languages(pmid, seq, language) AS\n"
    "  SELECT m.pmid, j.key + 1, t.language FROM paper_meta m, json_each(m.languages) j\n"
    "  JOIN languages t ON t.id = j.value;\n"
    "CREATE VIEW paper_mesh(pmid, seq, ui, name, major) AS\n"
    "  SELECT m.pmid, j.key + 1, t.ui, t.name, j.value < 0 FROM paper_meta m,\n"
    "  json_each(m.mesh) j JOIN mesh_descriptors t ON t.id = abs(j.value);\n"
    "CREATE VIEW paper_grants(pmid, seq, agency, country, grant_id) AS\n"
    "  SELECT m.pmid, j.key + 1, t.agency, t.country, m.grant_ids ->> j.key FROM paper_meta m,\n"
    "  json_each(m.grants) j JOIN grant_funders t ON t.id = j.value;\n";
/* The view authors (schema 7) over author_names, a table in schema 7 and 8, a view from
 * schema 9. */
const char coauth_schema_v7_authors_view[] =
    "CREATE VIEW authors(pmid, position, name, last_name, fore_name, initials, collective_name,\n"
    "  orcid) AS\n"
    "  SELECT pmid, position, coalesce(name, CASE\n"
    "    WHEN collective_name IS NOT NULL THEN collective_name\n"
    "    WHEN last_name IS NOT NULL AND fore_name IS NOT NULL AND fore_name <> ''\n"
    "      THEN last_name || ', ' || fore_name\n"
    "    WHEN last_name IS NOT NULL THEN last_name\n"
    "    WHEN fore_name IS NOT NULL THEN fore_name\n"
    "    ELSE '' END), last_name, fore_name, initials, collective_name, orcid\n"
    "  FROM author_names;\n";

/* Schema 9: a paper's authors in one paper_authors row, a JSON array in position order
 * of one array per author, [last_name, fore_name, initials, collective_name, orcid,
 * name] without its trailing nulls (name as author_names.name: NULL when derived); a
 * gap in the positions is a null element (none from this writer). The view
 * author_names gives schema 7's rows back, and `authors` (coauth_schema_v7_authors_view)
 * reads it as before. */
const char coauth_schema_v9_authors[] = "CREATE TABLE paper_authors(\n"
                                        "  pmid INTEGER PRIMARY KEY,\n"
                                        "  authors TEXT NOT NULL);\n";
const char coauth_schema_v9_views[] =
    "CREATE VIEW author_names(pmid, position, last_name, fore_name, initials, collective_name,\n"
    "  orcid, name) AS\n"
    "  SELECT a.pmid, j.key + 1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3,\n"
    "  j.value ->> 4, j.value ->> 5 FROM paper_authors a, json_each(a.authors) j\n"
    "  WHERE j.type = 'array';\n";

/* ---- the writer ----------------------------------------------------------------------- */

enum meta_table { T_META, T_AUTHORS, T_IDENTS, N_TABLES };

static const struct {
    const char *table, *head, *what;
    int cols;
} tables[N_TABLES] = {
    [T_META] = {"paper_meta",
                "INSERT OR IGNORE INTO paper_meta(pmid, types, issns, languages, mesh, grants, "
                "grant_ids, journal) VALUES ",
                "storing paper metadata", 8},
    [T_AUTHORS] = {"paper_authors", "INSERT OR IGNORE INTO paper_authors(pmid, authors) VALUES ",
                   "storing authors", 2},
    [T_IDENTS] = {"affiliation_identifiers",
                  "INSERT OR IGNORE INTO affiliation_identifiers(pmid, position, seq, k, source, "
                  "value) VALUES ",
                  "storing affiliation identifiers", 6},
};

enum dict_kind { D_TYPES, D_ISSNS, D_LANGS, D_MESH, D_FUNDERS, D_JOURNALS, N_DICTS };

/* Each dictionary's look-up and insert of a value of `fields` columns. */
static const struct {
    const char *sel, *ins, *what;
    int fields;
} dicts[N_DICTS] = {
    [D_TYPES] = {"SELECT id FROM publication_types WHERE ui IS ?1 AND name IS ?2",
                 "INSERT INTO publication_types(ui, name) VALUES (?1, ?2)",
                 "storing publication types", 2},
    [D_ISSNS] = {"SELECT id FROM issns WHERE issn IS ?1 AND type IS ?2",
                 "INSERT INTO issns(issn, type) VALUES (?1, ?2)", "storing ISSNs", 2},
    [D_LANGS] = {"SELECT id FROM languages WHERE language IS ?1",
                 "INSERT INTO languages(language) VALUES (?1)", "storing languages", 1},
    [D_MESH] = {"SELECT id FROM mesh_descriptors WHERE ui IS ?1 AND name IS ?2",
                "INSERT INTO mesh_descriptors(ui, name) VALUES (?1, ?2)", "storing MeSH headings",
                2},
    [D_FUNDERS] = {"SELECT id FROM grant_funders WHERE agency IS ?1 AND country IS ?2",
                   "INSERT INTO grant_funders(agency, country) VALUES (?1, ?2)", "storing grants",
                   2},
    [D_JOURNALS] = {"SELECT id FROM journals WHERE nlm_id IS ?1 AND iso_abbreviation IS ?2 AND "
                    "title IS ?3",
                    "INSERT INTO journals(nlm_id, iso_abbreviation, title) VALUES (?1, ?2, ?3)",
                    "storing journals", 3},
};

/* One dictionary: its values met in this run (keys: each field as a tag byte, 0 NULL or
 * 1 text, then the text and a NUL) and their ids. */
struct dict {
    coauth_strtab *keys;
    int64_t *ids; /* by strtab id */
    size_t cap;
    sqlite3_stmt *sel, *ins;
};

/* A queued value: SQL NULL, an integer, or text at `off` in the queue's text buffer. */
struct cell {
    int64_t v;
    size_t off;
    int len;
    unsigned char kind;
};
enum { C_NULL, C_INT, C_TEXT };

/* The rows queued for one table: at most COAUTH_ROWS_MAX, their text copied. */
struct queue {
    struct cell *cells; /* COAUTH_ROWS_MAX rows of the table's cols */
    size_t n;           /* rows queued */
    int cols;
    char *text;
    size_t text_len, text_cap;
};

/* A growing text (JSON arrays, dictionary keys, names). */
struct buf {
    char *p;
    size_t len, cap;
};

enum list { L_TYPES, L_ISSNS, L_LANGS, L_MESH, L_GRANTS, L_GRANT_IDS, N_LISTS };

struct coauth_store_meta {
    sqlite3 *db;
    const char *path;
    coauth_rows rows[N_TABLES];
    sqlite3_stmt *del[N_TABLES];
    struct queue q[N_TABLES];
    struct dict d[N_DICTS];
    struct buf list[N_LISTS]; /* the paper being built: each JSON array without its ']' */
    bool grant_id_seen;       /* some grant of it has a GrantID */
    bool nomem;
    struct buf key, name;
    struct buf authors; /* the paper's JSON array of authors without its ']' */
    int64_t n_authors;  /* positions in it */
};

static bool buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return false;
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

static coauth_status nomem(coauth_store_meta *m, const char *what, coauth_error *err)
{
    return coauth_fail(err, COAUTH_ENOMEM, "'%s': out of memory %s", m->path, what);
}

static void dict_clear(struct dict *d)
{
    coauth_strtab_free(d->keys);
    d->keys = NULL;
}

coauth_status coauth_store_meta_new(coauth_store_meta **out, sqlite3 *db, const char *path,
                                    coauth_error *err)
{
    *out = NULL;
    coauth_store_meta *m = calloc(1, sizeof *m);
    if (!m)
        return coauth_fail(err, COAUTH_ENOMEM, "'%s': out of memory opening the store", path);
    m->db = db;
    m->path = path;
    coauth_status st = COAUTH_OK;
    for (int t = 0; t < N_TABLES; t++) {
        m->rows[t] = (coauth_rows)COAUTH_ROWS_INIT(tables[t].head, tables[t].cols, tables[t].what);
        m->q[t].cols = tables[t].cols;
        m->q[t].cells =
            calloc((size_t)COAUTH_ROWS_MAX * (size_t)tables[t].cols, sizeof(struct cell));
        if (!m->q[t].cells) {
            st = coauth_fail(err, COAUTH_ENOMEM, "'%s': out of memory opening the store", path);
            goto fail;
        }
    }
    *out = m;
    return COAUTH_OK;
fail:
    coauth_store_meta_free(m);
    return st;
}

void coauth_store_meta_free(coauth_store_meta *m)
{
    if (!m)
        return;
    for (int t = 0; t < N_TABLES; t++) {
        coauth_rows_release(&m->rows[t]);
        sqlite3_finalize(m->del[t]);
        free(m->q[t].cells);
        free(m->q[t].text);
    }
    for (int k = 0; k < N_DICTS; k++) {
        dict_clear(&m->d[k]);
        free(m->d[k].ids);
        sqlite3_finalize(m->d[k].sel);
        sqlite3_finalize(m->d[k].ins);
    }
    for (int l = 0; l < N_LISTS; l++)
        free(m->list[l].p);
    free(m->key.p);
    free(m->name.p);
    free(m->authors.p);
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
        m->q[t].n = m->q[t].text_len = 0;
    }
    /* the rolled-back transaction took the dictionary rows it added with it */
    for (int k = 0; k < N_DICTS; k++) {
        dict_clear(&m->d[k]);
        sqlite3_reset(m->d[k].sel);
        sqlite3_reset(m->d[k].ins);
    }
}

static void bind_queued(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const struct queue *q = ctx;
    const struct cell *c = &q->cells[row * (size_t)q->cols];
    for (int i = 0; i < q->cols; i++) {
        if (c[i].kind == C_INT)
            sqlite3_bind_int64(st, base + i + 1, c[i].v);
        else if (c[i].kind == C_TEXT)
            sqlite3_bind_text(st, base + i + 1, q->text + c[i].off, c[i].len, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, base + i + 1);
    }
}

static coauth_status flush(coauth_store_meta *m, int t, coauth_error *err)
{
    struct queue *q = &m->q[t];
    size_t n = q->n;
    q->n = 0;
    coauth_status st = coauth_rows_insert(m->db, m->path, &m->rows[t], n, bind_queued, q, err);
    q->text_len = 0;
    return st;
}

coauth_status coauth_store_meta_flush(coauth_store_meta *m, coauth_error *err)
{
    for (int t = 0; t < N_TABLES; t++) {
        coauth_status st = m->q[t].n ? flush(m, t, err) : COAUTH_OK;
        if (st)
            return st;
    }
    return COAUTH_OK;
}

coauth_status coauth_store_meta_remove(coauth_store_meta *m, uint64_t pmid, coauth_error *err)
{
    coauth_status cst = coauth_store_meta_flush(m, err);
    if (cst)
        return cst;
    for (int t = 0; t < N_TABLES; t++) {
        /* prepared on first use: the schema-7 migration writes without removing, before
         * paper_authors exists */
        if (!m->del[t]) {
            char sql[128];
            snprintf(sql, sizeof sql, "DELETE FROM %s WHERE pmid = ?1", tables[t].table);
            int rc =
                sqlite3_prepare_v3(m->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m->del[t], NULL);
            if (rc != SQLITE_OK)
                return coauth_store_failat(m->db, rc, m->path, "preparing metadata removal", err);
        }
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

/* ---- building a row: row() then one put_*() per column, in order, then done() ---- */

struct row {
    struct queue *q;
    struct cell *c; /* the row's first cell */
    int col;
    bool nomem;
};

static struct row row(coauth_store_meta *m, int t)
{
    struct queue *q = &m->q[t];
    return (struct row){q, &q->cells[q->n * (size_t)q->cols], 0, false};
}

static void put_int(struct row *r, int64_t v)
{
    r->c[r->col++] = (struct cell){.v = v, .kind = C_INT};
}

/* Text of `len` bytes (-1: NUL-terminated); NULL puts SQL NULL. */
static void put_text(struct row *r, const char *s, int len)
{
    struct cell *c = &r->c[r->col++];
    if (!s) {
        *c = (struct cell){.kind = C_NULL};
        return;
    }
    size_t n = len < 0 ? strlen(s) : (size_t)len;
    struct queue *q = r->q;
    if (n > (size_t)INT32_MAX || q->text_len + n > q->text_cap) {
        size_t cap = q->text_cap ? q->text_cap : 4096;
        while (cap < q->text_len + n)
            cap *= 2;
        char *p = n > (size_t)INT32_MAX ? NULL : realloc(q->text, cap);
        if (!p) {
            r->nomem = true;
            *c = (struct cell){.kind = C_NULL};
            return;
        }
        q->text = p;
        q->text_cap = cap;
    }
    if (n)
        memcpy(q->text + q->text_len, s, n);
    *c = (struct cell){.off = q->text_len, .len = (int)n, .kind = C_TEXT};
    q->text_len += n;
}

/* Queue the row; a full queue is inserted. */
static coauth_status done(coauth_store_meta *m, int t, struct row *r, coauth_error *err)
{
    if (r->nomem)
        return nomem(m, tables[t].what, err);
    if (++m->q[t].n == COAUTH_ROWS_MAX)
        return flush(m, t, err);
    return COAUTH_OK;
}

/* ---- dictionaries ---------------------------------------------------------------------- */

static bool key_field(struct buf *k, const char *s)
{
    if (!s)
        return buf_add(k, "\0", 1);
    return buf_add(k, "\1", 1) && buf_add(k, s, strlen(s) + 1);
}

/* The id of the value f[0..dicts[kind].fields) of dictionary `kind`, added when new. */
static coauth_status dict_id(coauth_store_meta *m, int kind, const char *const *f, int64_t *out,
                             coauth_error *err)
{
    struct dict *d = &m->d[kind];
    int nf = dicts[kind].fields;
    m->key.len = 0;
    for (int i = 0; i < nf; i++)
        if (!key_field(&m->key, f[i]))
            return nomem(m, dicts[kind].what, err);
    coauth_status st;
    if (!d->keys && (st = coauth_strtab_new(&d->keys, err)))
        return st;
    uint32_t sid = 0;
    int added = 0;
    if ((st = coauth_strtab_intern(d->keys, m->key.p, m->key.len, &sid, &added, err)))
        return st;
    if (!added) {
        *out = d->ids[sid];
        return COAUTH_OK;
    }
    if (sid >= d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 256;
        while (cap <= sid)
            cap *= 2;
        int64_t *p = realloc(d->ids, cap * sizeof *p);
        if (!p) {
            dict_clear(d); /* the key just added has no id */
            return nomem(m, dicts[kind].what, err);
        }
        d->ids = p;
        d->cap = cap;
    }
    /* prepared on first use: the migrations of schema 7 and 9 write some dictionaries
     * before the journals table exists */
    int rc = SQLITE_OK;
    if (!d->sel && ((rc = sqlite3_prepare_v3(m->db, dicts[kind].sel, -1, SQLITE_PREPARE_PERSISTENT,
                                             &d->sel, NULL)) != SQLITE_OK ||
                    (rc = sqlite3_prepare_v3(m->db, dicts[kind].ins, -1, SQLITE_PREPARE_PERSISTENT,
                                             &d->ins, NULL)) != SQLITE_OK)) {
        dict_clear(d);
        sqlite3_finalize(d->sel);
        d->sel = NULL;
        return coauth_store_failat(m->db, rc, m->path, "preparing the metadata dictionaries", err);
    }
    for (int i = 0; i < nf; i++)
        coauth_bind_text_or_null(d->sel, i + 1, f[i]);
    rc = sqlite3_step(d->sel);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(d->sel, 0) : 0;
    sqlite3_reset(d->sel);
    if (rc == SQLITE_DONE) {
        for (int i = 0; i < nf; i++)
            coauth_bind_text_or_null(d->ins, i + 1, f[i]);
        rc = sqlite3_step(d->ins);
        sqlite3_reset(d->ins);
        id = sqlite3_last_insert_rowid(m->db);
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        dict_clear(d);
        return coauth_store_failat(m->db, rc, m->path, dicts[kind].what, err);
    }
    d->ids[sid] = id;
    *out = id;
    return COAUTH_OK;
}

/* ---- one paper's lists ----------------------------------------------------------------- */

static void paper_begin(coauth_store_meta *m)
{
    for (int l = 0; l < N_LISTS; l++)
        m->list[l].len = 0;
    m->grant_id_seen = false;
    m->nomem = false;
}

static void list_sep(coauth_store_meta *m, int l)
{
    struct buf *b = &m->list[l];
    if (!buf_add(b, b->len ? "," : "[", 1))
        m->nomem = true;
}

/* v in decimal, as "%" PRId64 writes it (snprintf was a thousand instructions a call:
 * 6% of the writer thread's, callgrind); returns the length, at most 20. */
static size_t fmt_int(char out[24], int64_t v)
{
    char d[24];
    size_t n = 0, len = 0;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        d[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[len++] = '-';
    while (n)
        out[len++] = d[--n];
    return len;
}

static void list_int(coauth_store_meta *m, int l, int64_t v)
{
    char s[24];
    size_t n = fmt_int(s, v);
    list_sep(m, l);
    if (!buf_add(&m->list[l], s, n))
        m->nomem = true;
}

/* Append a JSON string (RFC 8259: '"', '\' and control characters escaped), or null;
 * false when out of memory. */
static bool json_str(struct buf *b, const char *s)
{
    if (!s)
        return buf_add(b, "null", 4);
    static const char hex[] = "0123456789abcdef";
    bool nomem = !buf_add(b, "\"", 1);
    const char *run = s; /* start of the characters not yet copied */
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (p > run)
            nomem |= !buf_add(b, run, (size_t)(p - run));
        if (!c)
            break;
        char e[6] = {'\\', (char)c};
        size_t n = 2;
        if (c < 0x20) {
            memcpy(e + 1, "u00", 3);
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            n = 6;
        }
        nomem |= !buf_add(b, e, n);
        run = p + 1;
    }
    return !(nomem | !buf_add(b, "\"", 1));
}

static void list_str(coauth_store_meta *m, int l, const char *s)
{
    list_sep(m, l);
    m->nomem |= !json_str(&m->list[l], s);
}

static coauth_status add_item(coauth_store_meta *m, int kind, int l, const char *a, const char *b,
                              bool negate, coauth_error *err)
{
    int64_t id = 0;
    const char *f[2] = {a, b};
    coauth_status st = dict_id(m, kind, f, &id, err);
    if (!st)
        list_int(m, l, negate ? -id : id);
    return st;
}

static coauth_status add_grant(coauth_store_meta *m, const char *agency, const char *country,
                               const char *grant_id, coauth_error *err)
{
    coauth_status st = add_item(m, D_FUNDERS, L_GRANTS, agency, country, false, err);
    if (!st) {
        list_str(m, L_GRANT_IDS, grant_id);
        m->grant_id_seen |= grant_id != NULL;
    }
    return st;
}

/* Queue the paper_meta row of the lists built since paper_begin and of the journal
 * (journals.id, 0: none); no row when all are empty and there is no journal. */
static coauth_status paper_end(coauth_store_meta *m, int64_t pmid, int64_t journal,
                               coauth_error *err)
{
    bool any = journal != 0;
    for (int l = 0; l < N_LISTS; l++) {
        if (m->list[l].len)
            m->nomem |= !buf_add(&m->list[l], "]", 1);
        any |= m->list[l].len > 0;
    }
    if (m->nomem)
        return nomem(m, tables[T_META].what, err);
    if (!any)
        return COAUTH_OK;
    struct row r = row(m, T_META);
    put_int(&r, pmid);
    for (int l = 0; l < N_LISTS; l++) {
        bool has = m->list[l].len > 0 && (l != L_GRANT_IDS || m->grant_id_seen);
        put_text(&r, has ? m->list[l].p : NULL, has ? (int)m->list[l].len : 0);
    }
    if (journal)
        put_int(&r, journal);
    else
        put_text(&r, NULL, 0);
    return done(m, T_META, &r, err);
}

/* The display name the reader gives an author (ingest/recbuild.c, xr_add_author): the
 * collective name; else "LastName, ForeName" (a non-empty ForeName); else LastName;
 * else ForeName; else "". The view `authors` derives it the same way. */
static bool derived_name(struct buf *b, const char *last, const char *fore, const char *coll)
{
    b->len = 0;
    if (coll)
        return buf_add(b, coll, strlen(coll));
    if (last && fore && *fore)
        return buf_add(b, last, strlen(last)) && buf_add(b, ", ", 2) &&
               buf_add(b, fore, strlen(fore));
    if (last)
        return buf_add(b, last, strlen(last));
    if (fore)
        return buf_add(b, fore, strlen(fore));
    return buf_add(b, "", 0);
}

static void authors_begin(coauth_store_meta *m)
{
    m->authors.len = 0;
    m->n_authors = 0;
}

/* Append the author at `position` (1-based, after those appended since authors_begin)
 * to the paper's array; a gap before it is filled with null elements. `stored` is the
 * name as author_names.name holds it: NULL when it is its derivation. */
static coauth_status add_author(coauth_store_meta *m, int64_t pmid, int64_t position,
                                const char *stored, const char *last, const char *fore,
                                const char *init, const char *coll, const char *orcid,
                                coauth_error *err)
{
    if (position <= m->n_authors)
        return coauth_fail(err, COAUTH_ESTORE,
                           "'%s': paper %lld: author position %lld out of order", m->path,
                           (long long)pmid, (long long)position);
    const char *f[6] = {last, fore, init, coll, orcid, stored};
    int n = 6;
    while (n > 0 && !f[n - 1])
        n--;
    struct buf *b = &m->authors;
    bool ok = true;
    for (; ok && m->n_authors + 1 < position; m->n_authors++)
        ok = buf_add(b, b->len ? ",null" : "[null", 5);
    ok = ok && buf_add(b, b->len ? ",[" : "[[", 2);
    for (int i = 0; ok && i < n; i++)
        ok = (i == 0 || buf_add(b, ",", 1)) && json_str(b, f[i]);
    ok = ok && buf_add(b, "]", 1);
    m->n_authors = position;
    return ok ? COAUTH_OK : nomem(m, tables[T_AUTHORS].what, err);
}

/* Queue the paper_authors row of the authors added since authors_begin (none when there
 * are none). */
static coauth_status authors_end(coauth_store_meta *m, int64_t pmid, coauth_error *err)
{
    if (!m->authors.len)
        return COAUTH_OK;
    if (!buf_add(&m->authors, "]", 1))
        return nomem(m, tables[T_AUTHORS].what, err);
    struct row r = row(m, T_AUTHORS);
    put_int(&r, pmid);
    put_text(&r, m->authors.p, (int)m->authors.len);
    return done(m, T_AUTHORS, &r, err);
}

static coauth_status put_ident(coauth_store_meta *m, int64_t pmid, int position, int seq, int k,
                               const char *src, int src_len, const char *val, int val_len,
                               coauth_error *err)
{
    struct row r = row(m, T_IDENTS);
    put_int(&r, pmid);
    put_int(&r, position);
    put_int(&r, seq);
    put_int(&r, k);
    put_text(&r, src ? src : "", src ? src_len : 0);
    put_text(&r, val, val_len);
    return done(m, T_IDENTS, &r, err);
}

/* The identifiers of every (author, affiliation), numbered as in authorships. */
static coauth_status put_idents(coauth_store_meta *m, const coauth_record *rec, coauth_error *err)
{
    int64_t pmid = (int64_t)rec->pmid;
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
            for (size_t k = 0; k < a->n_identifiers; k++) {
                const coauth_ident *id = &a->identifiers[k];
                if ((st = put_ident(m, pmid, (int)i + 1, (int)j + 1, (int)k + 1, id->source, -1,
                                    id->value, -1, err)))
                    return st;
            }
        }
    }
    return COAUTH_OK;
}

coauth_status coauth_store_meta_put(coauth_store_meta *m, const coauth_record *rec,
                                    coauth_error *err)
{
    int64_t pmid = (int64_t)rec->pmid;
    coauth_status st = COAUTH_OK;
    paper_begin(m);
    for (size_t i = 0; !st && i < rec->n_types; i++)
        st = add_item(m, D_TYPES, L_TYPES, rec->types[i].ui, rec->types[i].name, false, err);
    for (size_t i = 0; !st && i < rec->n_issns; i++)
        st = add_item(m, D_ISSNS, L_ISSNS, rec->issns[i].issn, rec->issns[i].type, false, err);
    for (size_t i = 0; !st && i < rec->n_languages; i++)
        st = add_item(m, D_LANGS, L_LANGS, rec->languages[i], NULL, false, err);
    for (size_t i = 0; !st && i < rec->n_mesh; i++)
        st = add_item(m, D_MESH, L_MESH, rec->mesh[i].ui, rec->mesh[i].name, rec->mesh[i].major,
                      err);
    for (size_t i = 0; !st && i < rec->n_grants; i++)
        st = add_grant(m, rec->grants[i].agency, rec->grants[i].country, rec->grants[i].id, err);
    /* the journal (schema 10): one dictionary value of its three fields, none when all
     * three are absent */
    int64_t journal = 0;
    const char *jf[3] = {rec->nlm_id, rec->journal_iso, rec->journal_title};
    if (!st && (jf[0] || jf[1] || jf[2]))
        st = dict_id(m, D_JOURNALS, jf, &journal, err);
    if (!st)
        st = paper_end(m, pmid, journal, err);
    authors_begin(m);
    for (size_t i = 0; !st && i < rec->n_authors; i++) {
        const coauth_author *a = &rec->authors[i];
        if (!derived_name(&m->name, a->last_name, a->fore_name, a->collective_name))
            return nomem(m, tables[T_AUTHORS].what, err);
        /* NULL: the name is its derivation (always, for a name this reader made) */
        bool same = a->name && strcmp(a->name, m->name.p) == 0;
        st = add_author(m, pmid, (int64_t)i + 1,
                        same      ? NULL
                        : a->name ? a->name
                                  : "",
                        a->last_name, a->fore_name, a->initials, a->collective_name, a->orcid, err);
    }
    if (!st)
        st = authors_end(m, pmid, err);
    return st ? st : put_idents(m, rec, err);
}

/* ---- migration from schema 6 ----------------------------------------------------------- */

/* The schema-6 list tables, read in (pmid, seq) order; columns after pmid, seq. */
static const struct {
    const char *sql;
    int kind, list;
} v6_lists[] = {
    {"SELECT pmid, seq, ui, name FROM paper_types ORDER BY pmid, seq", D_TYPES, L_TYPES},
    {"SELECT pmid, seq, issn, type FROM paper_issns ORDER BY pmid, seq", D_ISSNS, L_ISSNS},
    {"SELECT pmid, seq, language FROM paper_languages ORDER BY pmid, seq", D_LANGS, L_LANGS},
    {"SELECT pmid, seq, ui, name, major FROM paper_mesh ORDER BY pmid, seq", D_MESH, L_MESH},
    {"SELECT pmid, seq, agency, country, grant_id FROM paper_grants ORDER BY pmid, seq", D_FUNDERS,
     L_GRANTS},
};
#define N_V6_LISTS (sizeof v6_lists / sizeof v6_lists[0])

static const char v6_authors[] =
    "INSERT INTO author_names(pmid, position, last_name, fore_name, initials, collective_name,\n"
    "  orcid, name)\n"
    "  SELECT pmid, position, last_name, fore_name, initials, collective_name, orcid, CASE\n"
    "    WHEN name = (CASE\n"
    "      WHEN collective_name IS NOT NULL THEN collective_name\n"
    "      WHEN last_name IS NOT NULL AND fore_name IS NOT NULL AND fore_name <> ''\n"
    "        THEN last_name || ', ' || fore_name\n"
    "      WHEN last_name IS NOT NULL THEN last_name\n"
    "      WHEN fore_name IS NOT NULL THEN fore_name\n"
    "      ELSE '' END) THEN NULL\n"
    "    ELSE coalesce(name, '') END\n"
    "  FROM authors;\n";

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

coauth_status coauth_store_meta_convert_v6(sqlite3 *db, const char *path, coauth_error *err)
{
    coauth_store_meta *m = NULL;
    sqlite3_stmt *sel[N_V6_LISTS] = {NULL};
    bool row[N_V6_LISTS] = {false};
    coauth_status st = coauth_store_meta_new(&m, db, path, err);
    if (st)
        return st;
    int rc = SQLITE_OK;
    for (size_t i = 0; i < N_V6_LISTS && rc == SQLITE_OK; i++)
        if ((rc = sqlite3_prepare_v2(db, v6_lists[i].sql, -1, &sel[i], NULL)) == SQLITE_OK) {
            row[i] = (rc = sqlite3_step(sel[i])) == SQLITE_ROW;
            if (rc == SQLITE_ROW || rc == SQLITE_DONE)
                rc = SQLITE_OK;
        }
    while (rc == SQLITE_OK && !st) {
        /* the next pmid of any list, then each list's rows of it in seq order */
        bool any = false;
        int64_t pmid = 0;
        for (size_t i = 0; i < N_V6_LISTS; i++)
            if (row[i] && (!any || sqlite3_column_int64(sel[i], 0) < pmid)) {
                pmid = sqlite3_column_int64(sel[i], 0);
                any = true;
            }
        if (!any)
            break;
        paper_begin(m);
        for (size_t i = 0; i < N_V6_LISTS && !st && rc == SQLITE_OK; i++) {
            sqlite3_stmt *s = sel[i];
            while (row[i] && sqlite3_column_int64(s, 0) == pmid && !st) {
                int kind = v6_lists[i].kind;
                const char *a = col_text(s, 2);
                const char *b = kind == D_LANGS ? NULL : col_text(s, 3);
                if (kind == D_FUNDERS)
                    st = add_grant(m, a, b, col_text(s, 4), err);
                else
                    st = add_item(m, kind, v6_lists[i].list, a, b,
                                  kind == D_MESH && sqlite3_column_int64(s, 4) != 0, err);
                if (!st) {
                    row[i] = (rc = sqlite3_step(s)) == SQLITE_ROW;
                    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
                        rc = SQLITE_OK;
                }
            }
        }
        if (!st && rc == SQLITE_OK)
            st = paper_end(m, pmid, 0, err); /* the journal: migrate_9_to_10 */
    }
    /* schema 7's author_names: the name NULL when it is its derivation (derived_name;
     * the view `authors` derives it the same way) */
    if (!st && rc == SQLITE_OK)
        rc = sqlite3_exec(db, v6_authors, NULL, NULL, NULL);
    if (!st && rc != SQLITE_OK)
        st = coauth_store_failat(db, rc, path, "migrating the paper metadata", err);
    if (!st)
        st = coauth_store_meta_flush(m, err);
    for (size_t i = 0; i < N_V6_LISTS; i++)
        sqlite3_finalize(sel[i]);
    coauth_store_meta_free(m);
    return st;
}

/* ---- migration from schema 8 ----------------------------------------------------------- */

coauth_status coauth_store_meta_convert_v8(sqlite3 *db, const char *path, const char *table,
                                           coauth_error *err)
{
    coauth_store_meta *m = NULL;
    sqlite3_stmt *au = NULL;
    coauth_status st = coauth_store_meta_new(&m, db, path, err);
    if (st)
        return st;
    char sql[192];
    snprintf(sql, sizeof sql,
             "SELECT pmid, position, name, last_name, fore_name, initials, collective_name, "
             "orcid FROM %s ORDER BY pmid, position",
             table);
    int rc = sqlite3_prepare_v2(db, sql, -1, &au, NULL);
    bool open = false;
    int64_t pmid = 0;
    while (!st && rc == SQLITE_OK && (rc = sqlite3_step(au)) == SQLITE_ROW) {
        rc = SQLITE_OK;
        int64_t p = sqlite3_column_int64(au, 0);
        if (open && p != pmid && (st = authors_end(m, pmid, err)))
            break;
        if (!open || p != pmid)
            authors_begin(m);
        open = true;
        pmid = p;
        st = add_author(m, pmid, sqlite3_column_int64(au, 1), col_text(au, 2), col_text(au, 3),
                        col_text(au, 4), col_text(au, 5), col_text(au, 6), col_text(au, 7), err);
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    if (!st && rc != SQLITE_OK)
        st = coauth_store_failat(db, rc, path, "migrating the authors", err);
    if (!st && open)
        st = authors_end(m, pmid, err);
    if (!st)
        st = coauth_store_meta_flush(m, err);
    sqlite3_finalize(au);
    coauth_store_meta_free(m);
    return st;
}
