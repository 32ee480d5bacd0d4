/* store_internal.h - what the store's own files (store*.c) share: the SQLite handle,
 * failure messages, multi-row inserts, the metadata writer, the schema.
 *
 * Invariant: only src/store*.c include this header. The queries read through the typed
 * cursors of store_read.h and never see SQL or an SQLite handle.
 */
#ifndef COAUTH_STORE_INTERNAL_H
#define COAUTH_STORE_INTERNAL_H

#include <coauth/query.h>
#include <coauth/store.h>
#include <sqlite3.h>
#include <stdbool.h>

/* The store's SQLite connection (borrowed, valid until coauth_store_free). */
sqlite3 *coauth_store_sqlite(coauth_store *s);

/* Turn a SQLite failure into a coauth_status with "what: sqlite message". */
coauth_status coauth_store_sqlfail(sqlite3 *db, int rc, coauth_error *err, const char *what);

/* Whether SQLite result `rc` is a failure of the store itself (disk full, I/O error,
 * corrupt or foreign file, unwritable file): COAUTH_ESTOREFAULT, which stops an ingest. */
bool coauth_store_fault(int rc);

/* The papers of the study population `p` (store_filter.c), in PMID order: those that
 * pass the filters and, when year_from > 0, have a year in [year_from, year_to]. */
typedef struct coauth_store_filter coauth_store_filter;
coauth_status coauth_store_filter_open(sqlite3 *db, const coauth_population *p, int32_t year_from,
                                       int32_t year_to, coauth_store_filter **out,
                                       coauth_error *err);
/* The next paper that passes (*out_row false at the end); year 0 = unknown. */
coauth_status coauth_store_filter_next(coauth_store_filter *f, int64_t *out_pmid, int32_t *out_year,
                                       int64_t *out_n_authors, bool *out_row, coauth_error *err);
/* The same filters without the papers statement, for a caller that reads each paper's
 * PMID and research class elsewhere (the country sets, which hold no hidden paper):
 * every filter of p but --journal (COAUTH_EINVAL: it reads papers.nlm_id); the years
 * are the caller's. coauth_store_filter_test then tells whether paper `pmid`, of class
 * `research` (coalesce(papers.research, 1) = 1), passes; PMIDs must ascend from call
 * to call. coauth_store_filter_next must not be called on it. */
coauth_status coauth_store_filter_open_meta(sqlite3 *db, const coauth_population *p,
                                            coauth_store_filter **out, coauth_error *err);
coauth_status coauth_store_filter_test(coauth_store_filter *f, int64_t pmid, bool research,
                                       bool *out_pass, coauth_error *err);
/* Whether the paper of the last row has no metadata (papers.research NULL: stored
 * before schema 2). */
bool coauth_store_filter_unclassified(const coauth_store_filter *f);
void coauth_store_filter_free(coauth_store_filter *f);

/* As coauth_store_sqlfail, with the message "'PATH': what: sqlite message"; a store
 * fault (coauth_store_fault) is COAUTH_ESTOREFAULT "store 'PATH': cause (what)". */
coauth_status coauth_store_failat(sqlite3 *db, int rc, const char *path, const char *what,
                                  coauth_error *err);

/* Multi-row INSERT (store_rows.c): `total` rows inserted COAUTH_ROWS_MAX per statement,
 * one statement per n rows prepared on first use and kept. INSERT OR IGNORE with the
 * row count checked: see store_rows.c for why. */
#define COAUTH_ROWS_MAX 8

/* Binds row `row` of the caller's rows at parameters base+1 .. base+cols. */
typedef void (*coauth_rows_bind_fn)(sqlite3_stmt *st, int base, size_t row, const void *ctx);

typedef struct coauth_rows {
    const char *head; /* the statement up to VALUES: "INSERT OR IGNORE INTO t(a, b) VALUES " */
    int cols;
    const char *what;                      /* "storing MeSH headings", for messages */
    sqlite3_stmt *st[COAUTH_ROWS_MAX + 1]; /* [n]: the statement for n rows */
} coauth_rows;

#define COAUTH_ROWS_INIT(head, cols, what)                                                         \
    {                                                                                              \
        (head), (cols), (what),                                                                    \
        {                                                                                          \
            NULL                                                                                   \
        }                                                                                          \
    }

/* Insert `total` rows; every row must go in (a conflicting row is an error). */
coauth_status coauth_rows_insert(sqlite3 *db, const char *path, coauth_rows *r, size_t total,
                                 coauth_rows_bind_fn bind, const void *ctx, coauth_error *err);
/* Reset the statements (after a failed or rolled-back transaction). */
void coauth_rows_reset(coauth_rows *r);
/* Finalize the statements. */
void coauth_rows_release(coauth_rows *r);

/* Bind helpers: NULL text (or 0) binds SQL NULL. Text is bound SQLITE_STATIC. */
void coauth_bind_text_or_null(sqlite3_stmt *st, int i, const char *v);
void coauth_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v);

/* Paper metadata writer (store_meta.c): the rows of the dictionaries, paper_meta,
 * paper_authors and affiliation_identifiers.
 * Created on a writable store; `db` and `path` are borrowed and outlive it. */
typedef struct coauth_store_meta coauth_store_meta;

coauth_status coauth_store_meta_new(coauth_store_meta **out, sqlite3 *db, const char *path,
                                    coauth_error *err);
void coauth_store_meta_free(coauth_store_meta *m);
/* Reset its statements after a rollback. */
void coauth_store_meta_reset(coauth_store_meta *m);
/* Write (queue) the metadata rows of ARTICLE `rec`, its old rows already removed; the
 * record's strings are copied. */
coauth_status coauth_store_meta_put(coauth_store_meta *m, const coauth_record *rec,
                                    coauth_error *err);
/* Insert the rows still queued (before the file's commit). */
coauth_status coauth_store_meta_flush(coauth_store_meta *m, coauth_error *err);
/* Remove every metadata row of `pmid` (queued rows are inserted first). */
coauth_status coauth_store_meta_remove(coauth_store_meta *m, uint64_t pmid, coauth_error *err);

/* Schema 7 (store_meta.c): the dictionaries, paper_meta and author_names; the views of
 * the schema-6 metadata tables over them. */
extern const char coauth_schema_v7_meta[];
extern const char coauth_schema_v7_views[];
extern const char coauth_schema_v7_authors_view[];
/* Fill the schema-7 tables (created, empty) from the schema-6 metadata tables, inside
 * the caller's write transaction. */
coauth_status coauth_store_meta_convert_v6(sqlite3 *db, const char *path, coauth_error *err);
/* Schema 9 (store_meta.c): CREATE TABLE paper_authors; the view author_names over it
 * (schema 7's columns and rows; `authors` of coauth_schema_v7_views reads it). */
extern const char coauth_schema_v9_authors[];
extern const char coauth_schema_v9_views[];
/* Fill paper_authors (created, empty) from the schema-7 author_names rows of `table`,
 * inside the caller's write transaction. */
coauth_status coauth_store_meta_convert_v8(sqlite3 *db, const char *path, const char *table,
                                           coauth_error *err);

/* Schema (store_migrate.c): create the schema on an empty file, migrate an older
 * coauth schema (writable only), or refuse: a newer schema, a foreign file, an older
 * schema opened READONLY. *out_migrated_from receives the version migrated from, 0
 * when none. */
coauth_status coauth_store_schema_init(sqlite3 *db, const char *path, bool readonly,
                                       int *out_migrated_from, coauth_error *err);

/* SPEC 3.1 step 1: the key under which ror_identifiers holds the affiliation
 * identifier of table `ai` (columns source, value), folded as ror.c's ext_key folds
 * it; a row matches when ror_identifiers.source = upper(trim(ai.source)). Shared by the
 * view authorship_ror (schema 5: its text, line breaks included, is the one stores
 * made since then hold), the view authorship_countries (schema 11) and the writer's
 * look-up (store.c, ST_IDENT_ORG). */
#define COAUTH_SQL_IDENT_KEY                                                                       \
    "CASE upper(trim(ai.source))\n"                                                                \
    "        WHEN 'ROR' THEN lower(replace(replace(replace(trim(ai.value), 'https://ror.org/', "   \
    "''),\n"                                                                                       \
    "          'http://ror.org/', ''), 'ror.org/', ''))\n"                                         \
    "        WHEN 'GRID' THEN lower(trim(ai.value))\n"                                             \
    "        ELSE upper(replace(replace(replace(ai.value, ' ', ''), '-', ''), char(9), '')) END"
/* The precedence of the matched ror_identifiers row m: ROR 1, GRID 2, ISNI 3. */
#define COAUTH_SQL_IDENT_RANK "CASE m.source WHEN 'ROR' THEN 1 WHEN 'GRID' THEN 2 ELSE 3 END"
/* The rules that decide a country from an organisation's name rather than a place of
 * the text (docs/resolver.md, docs/ror.md): an authorship's own identifier overrides
 * them (schema 11), as it overrides no country at all. coauth_store_name_rule is the
 * same list in C. */
#define COAUTH_SQL_NAME_RULES "('ror', 'institution', 'org-place')"
bool coauth_store_name_rule(const char *rule);
/* The body of the view authorship_countries (schema 11): one row per (authorship,
 * part), `country` and `rule` the part's own, except that a string of one part whose
 * country is NULL or from a name rule takes the country of the organisation the
 * authorship's own best identifier names (ROR > GRID > ISNI; equal ranks: the first in
 * document order, as authorship_ror), rule 'identifier'. The registry's organisation
 * without a country changes nothing. "One part" is part 1 with no part 2 (every part
 * of a string has its row), not affiliations.n_parts: joining affiliations for every
 * authorship made the view's full scan 2.2 x the plain join of parts (1.02M papers,
 * sqlite3 shell: 18.8 s against 8.6 s), this 1.2 x (10.7 s). */
#define COAUTH_SQL_AUTHORSHIP_COUNTRIES                                                            \
    "SELECT pmid, position, seq, part, coalesce(idc, country) AS country,\n"                       \
    "    CASE WHEN idc IS NULL THEN rule ELSE 'identifier' END AS rule FROM (\n"                   \
    "  SELECT a.pmid, a.position, a.seq, ap.part, ap.country, ap.rule,\n"                          \
    "    CASE WHEN ap.part = 1 AND (ap.country IS NULL OR ap.rule IN " COAUTH_SQL_NAME_RULES ")\n" \
    "      AND NOT EXISTS (SELECT 1 FROM affiliation_parts p2\n"                                   \
    "        WHERE p2.affiliation_id = ap.affiliation_id AND p2.part = 2)\n"                       \
    "    THEN (SELECT o.country FROM affiliation_identifiers ai\n"                                 \
    "      JOIN ror_identifiers m ON m.source = upper(trim(ai.source))\n"                          \
    "        AND m.value = " COAUTH_SQL_IDENT_KEY "\n"                                             \
    "      LEFT JOIN ror_orgs o ON o.id = m.ror\n"                                                 \
    "      WHERE ai.pmid = a.pmid AND ai.position = a.position AND ai.seq = a.seq\n"               \
    "      ORDER BY " COAUTH_SQL_IDENT_RANK ", ai.k LIMIT 1) END AS idc\n"                         \
    "  FROM authorships a JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id)"

/* Country sets (store_sets.c, schema 6; encoding in store_read.h). */
/* CREATE TABLE paper_country_sets */
extern const char coauth_schema_v6_sets[];

/* The id of a counted country code (two letters A-Z), else -1. */
int coauth_set_country_id(const char *code);

/* A growing encoded parts value. */
typedef struct coauth_set_buf {
    unsigned char *p;
    size_t len, cap;
} coauth_set_buf;

/* Append one located author: `lead` bits (1 first, 2 last listed) and its k >= 1
 * counted parts' country ids, in order (k == 0 appends nothing). */
coauth_status coauth_set_put_author(coauth_set_buf *b, unsigned lead, const uint16_t *ids, size_t k,
                                    coauth_error *err);
void coauth_set_buf_release(coauth_set_buf *b);

/* Replace every row of paper_country_sets by a recomputation from papers, authorships
 * and affiliation_parts (inside the caller's write transaction). */
coauth_status coauth_store_sets_rebuild(sqlite3 *db, const char *path, coauth_error *err);
/* Replace the row of key pmid by its recomputation (none when the paper is absent,
 * hidden or has no counted part). */
coauth_status coauth_store_sets_rebuild_pmid(sqlite3 *db, const char *path, int64_t pmid,
                                             coauth_error *err);
/* Recompute the rows of every paper with affiliation identifiers and repack their
 * chunks (a new or changed ROR registry, or the schema 11 migration: their
 * identifiers may give them other countries). */
coauth_status coauth_store_sets_rebuild_identified(sqlite3 *db, const char *path,
                                                   coauth_error *err);

/* Country set chunks (store_sets.c, schema 8; encoding in store_read.h). */
/* CREATE TABLE paper_country_chunks, paper_country_dirty and the triggers on
 * paper_country_sets that fill the latter */
extern const char coauth_schema_v8_chunks[];
/* Re-encode the chunks listed in paper_country_dirty from paper_country_sets and empty
 * the list (inside the caller's write transaction; the writer calls it before each
 * commit). Cost: one range read of the sets per run of consecutive dirty chunks. */
coauth_status coauth_store_chunks_refresh(sqlite3 *db, const char *path, coauth_error *err);
/* Re-encode every chunk (the schema 8 migration). */
coauth_status coauth_store_chunks_build(sqlite3 *db, const char *path, coauth_error *err);

#endif
