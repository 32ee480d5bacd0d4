/* store_migrate.c - the store's schema: creation, migration from older coauth schemas,
 * and refusal of what this build cannot use.
 *
 * Invariant: PRAGMA user_version is the schema version, and a store is only ever seen
 * at one version: creation and each migration run in one write transaction that sets
 * user_version last, so a failure or kill leaves the store exactly as it was.
 *
 * Migration 1 -> 2 (paper metadata, SPEC 2.1): papers gains its metadata columns by
 * ALTER TABLE ADD COLUMN (constant time: rows stored before keep research NULL, which
 * is how queries and `stats` tell a paper without metadata); the metadata tables are
 * created empty; authorships is rebuilt without its `identifier` column, whose text
 * moves into affiliation_identifiers (see split_identifiers). The old rows' other
 * metadata cannot be recovered from the store: re-ingesting their files with --force
 * fills it.
 *
 * Migration 2 -> 3 (precedence by NLM sequence, SPEC 2.4; MD5 file identity, SPEC 8):
 * files gains `place` and `md5`, papers and deletions gain `place` and `place_record`,
 * all by ALTER TABLE ADD COLUMN (a new store gets them the same way, so that both have
 * the same columns in the same order). The files already applied get their places by
 * the rule of a new ingest, taken in the order they were applied (id order): an NLM
 * name is (YY, NNNN), any other name comes after every file placed before it. Each
 * stored paper and deletion takes the place of the file that wrote it (file_id), with
 * record position 0: which record of that file wrote it is not stored, and 0 is before
 * every record of any file, so re-applying the same file (--force) rewrites it. A
 * schema-1 store is migrated 1 -> 2 -> 3 in the same transaction.
 *
 * Migration 3 -> 4 (one paper per PMID across sources, SPEC 2.2; migrate_3_to_4, self-
 * contained): papers gains `source` (the format of the record stored under that key:
 * 0 PubMed, 1 JATS), `hidden` (1: the JATS version of a paper PubMed has too, kept
 * under PMID + 2^61 and counted by no query) and `authorships_from` (1: the paper's
 * authorships rows are its JATS version's, swapped with it, see store.c "Two
 * sources"), all by ALTER TABLE ADD COLUMN with default 0, which is what every paper
 * of a schema-3 store is (PubMed, its own authorships); affiliations gains `country`,
 * the structured country a string came with (JATS <country>; NULL for every string of
 * a schema-3 store), so that reresolve applies it again; the two views are made again
 * without the hidden papers. A new store gets the same steps.
 *
 * Migration 4 -> 5 (the ROR registry, SPEC 3.1): the tables ror_orgs, ror_names and
 * ror_external_ids are created empty (`coauth ror import` fills them), and
 * affiliation_parts gains `ror` (the matched organisation's id, NULL when none) by
 * ALTER TABLE ADD COLUMN; the strings already stored keep ror NULL until `coauth
 * reresolve` runs with a registry. Self-contained (schema_v5 + add_v5_schema), as a
 * new store gets the same step.
 *
 * Migration 5 -> 6 (country sets, issue 15; migrate_5_to_6, self-contained):
 * paper_country_sets is created and built from papers, authorships and
 * affiliation_parts (store_sets.c), one pass over the three in key order, leaving the
 * hidden papers out. Nothing else changes. Every older store goes through each step in
 * turn, in one transaction; a new store gets the same step.
 */
#include "store_internal.h"

#include <coauth/coauth.h>

#include <stdio.h>
#include <string.h>

/* Tables new in schema 2 (created by both a new store and the migration).
 *
 * Indexes: none beyond the primary keys, on purpose. Every study filter of SPEC 5.1
 * (types, journal, MeSH, grants, language) is evaluated during the paper scan, which
 * reads papers in pmid order: each of these tables is read alongside it in its own
 * primary-key order (pmid first), a merge join with no look-up. An index such as
 * paper_mesh(ui) would only serve a look-up plan for a rare descriptor, while costing
 * about as much disk as the table itself (on the whole baseline, some 400M MeSH rows)
 * and one more b-tree write per row on the single writer thread. --types research,
 * the default, reads papers.research and needs no table at all. */
static const char schema_v2_tables[] = "CREATE TABLE paper_types(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  seq INTEGER NOT NULL,\n"
                                       "  ui TEXT,\n"
                                       "  name TEXT,\n"
                                       "  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;\n"
                                       "CREATE TABLE paper_issns(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  seq INTEGER NOT NULL,\n"
                                       "  issn TEXT,\n"
                                       "  type TEXT,\n"
                                       "  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;\n"
                                       "CREATE TABLE paper_languages(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  seq INTEGER NOT NULL,\n"
                                       "  language TEXT,\n"
                                       "  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;\n"
                                       "CREATE TABLE paper_mesh(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  seq INTEGER NOT NULL,\n"
                                       "  ui TEXT,\n"
                                       "  name TEXT,\n"
                                       "  major INTEGER NOT NULL,\n"
                                       "  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;\n"
                                       "CREATE TABLE paper_grants(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  seq INTEGER NOT NULL,\n"
                                       "  agency TEXT,\n"
                                       "  country TEXT,\n"
                                       "  grant_id TEXT,\n"
                                       "  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;\n"
                                       "CREATE TABLE authors(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  position INTEGER NOT NULL,\n"
                                       "  name TEXT,\n"
                                       "  last_name TEXT,\n"
                                       "  fore_name TEXT,\n"
                                       "  initials TEXT,\n"
                                       "  collective_name TEXT,\n"
                                       "  orcid TEXT,\n"
                                       "  PRIMARY KEY(pmid, position)) WITHOUT ROWID;\n"
                                       "CREATE TABLE affiliation_identifiers(\n"
                                       "  pmid INTEGER NOT NULL,\n"
                                       "  position INTEGER NOT NULL,\n"
                                       "  seq INTEGER NOT NULL,\n"
                                       "  k INTEGER NOT NULL,\n"
                                       "  source TEXT NOT NULL,\n"
                                       "  value TEXT,\n"
                                       "  PRIMARY KEY(pmid, position, seq, k)) WITHOUT ROWID;\n";

static const char authorships_v2[] = "CREATE TABLE authorships(\n"
                                     "  pmid INTEGER NOT NULL,\n"
                                     "  position INTEGER NOT NULL,\n"
                                     "  seq INTEGER NOT NULL,\n"
                                     "  affiliation_id INTEGER NOT NULL,\n"
                                     "  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;\n";

/* papers' columns after (pmid, version, year, n_authors, file_id), as a new store has
 * them and as the migration adds them, in that order. */
static const char *const papers_v2_columns[] = {
    "research INTEGER", "aff_layout INTEGER NOT NULL DEFAULT 0",
    "title TEXT",       "doi TEXT",
    "pmc TEXT",         "nlm_id TEXT",
    "journal_iso TEXT", "journal_title TEXT",
};
#define N_PAPERS_V2_COLUMNS (sizeof papers_v2_columns / sizeof papers_v2_columns[0])

/* The schema-1 tables that schema 2 keeps unchanged, papers before its new columns. */
static const char schema_v1_kept[] = "CREATE TABLE files(\n"
                                     "  id INTEGER PRIMARY KEY,\n"
                                     "  name TEXT NOT NULL,\n"
                                     "  size INTEGER NOT NULL,\n"
                                     "  checksum TEXT NOT NULL,\n"
                                     "  records INTEGER NOT NULL,\n"
                                     "  deletions INTEGER NOT NULL,\n"
                                     "  skipped INTEGER NOT NULL,\n"
                                     "  applied_at TEXT NOT NULL);\n"
                                     "CREATE INDEX files_identity ON files(name, size, checksum);\n"
                                     "CREATE TABLE affiliations(\n"
                                     "  id INTEGER PRIMARY KEY,\n"
                                     "  hash INTEGER NOT NULL,\n"
                                     "  text TEXT NOT NULL,\n"
                                     "  n_parts INTEGER NOT NULL);\n"
                                     "CREATE INDEX affiliations_hash ON affiliations(hash);\n"
                                     "CREATE TABLE affiliation_parts(\n"
                                     "  affiliation_id INTEGER NOT NULL,\n"
                                     "  part INTEGER NOT NULL,\n"
                                     "  country TEXT,\n"
                                     "  institution_id INTEGER,\n"
                                     "  rule TEXT NOT NULL,\n"
                                     "  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;\n"
                                     "CREATE TABLE institutions(\n"
                                     "  id INTEGER PRIMARY KEY,\n"
                                     "  name TEXT NOT NULL UNIQUE);\n"
                                     "CREATE TABLE deletions(\n"
                                     "  pmid INTEGER PRIMARY KEY,\n"
                                     "  file_id INTEGER NOT NULL);\n"
                                     "CREATE TABLE meta(\n"
                                     "  key TEXT PRIMARY KEY,\n"
                                     "  value TEXT);\n";

static const char papers_v1[] = "CREATE TABLE papers(\n"
                                "  pmid INTEGER PRIMARY KEY,\n"
                                "  version INTEGER NOT NULL,\n"
                                "  year INTEGER,\n"
                                "  n_authors INTEGER NOT NULL,\n"
                                "  file_id INTEGER NOT NULL";

/* Columns new in schema 3, added by ALTER TABLE to a schema-2 table (new store and
 * migration alike). */
static const char *const schema_v3_columns[] = {
    "ALTER TABLE files ADD COLUMN place INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE files ADD COLUMN md5 TEXT",
    "ALTER TABLE papers ADD COLUMN place INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE papers ADD COLUMN place_record INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE deletions ADD COLUMN place INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE deletions ADD COLUMN place_record INTEGER NOT NULL DEFAULT 0",
};
#define N_SCHEMA_V3_COLUMNS (sizeof schema_v3_columns / sizeof schema_v3_columns[0])

static const char places_note[] =
    "papers and deletions stored before schema 3 have the place of the file that wrote them "
    "(files placed in the order they were applied: an NLM name by its (YY, NNNN), any other "
    "name after the files before it) and record position 0";

static const char migrated_note[] =
    "papers stored before schema 2 have no metadata: papers.research is NULL and they have no "
    "paper_types, paper_issns, paper_languages, paper_mesh, paper_grants, authors or "
    "affiliation_identifiers rows (affiliation identifiers were moved from authorships); "
    "re-ingest their files with --force to fill it";

static coauth_status exec(sqlite3 *db, const char *path, const char *sql, const char *what,
                          coauth_error *err)
{
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? COAUTH_OK : coauth_store_failat(db, rc, path, what, err);
}

static coauth_status query_int(sqlite3 *db, const char *path, const char *sql, int64_t *out,
                               coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    /* "PATH: message", as for any store read (a non-SQLite file fails on the first one:
     * "PATH: not a coauth store (not an SQLite file)") */
    coauth_status ret = rc == SQLITE_OK ? COAUTH_OK : coauth_store_failat(db, rc, path, "", err);
    sqlite3_finalize(st);
    return ret;
}

/* Set a meta row; `value` NULL means "the current UTC time". */
static coauth_status put_meta(sqlite3 *db, const char *path, const char *key, const char *value,
                              coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, "
                                "coalesce(?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        coauth_bind_text_or_null(st, 2, value);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK : coauth_store_failat(db, rc, path, "writing meta", err);
}

/* The meta rows of a migration: the version migrated from, and when. */
static coauth_status put_migrated(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", from);
    coauth_status st = put_meta(db, path, "migrated_from_schema", fbuf, err);
    return st ? st : put_meta(db, path, "migrated_at", NULL, err);
}

static coauth_status set_version(sqlite3 *db, const char *path, coauth_error *err)
{
    char sql[64], v[16];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", COAUTH_SCHEMA_VERSION);
    snprintf(v, sizeof v, "%d", COAUTH_SCHEMA_VERSION);
    coauth_status st = exec(db, path, sql, "setting the schema version", err);
    return st ? st : put_meta(db, path, "schema_version", v, err);
}

/* Views for analysts who open the store with any SQLite client (schema 3; README,
 * "Querying it directly"): one row per (paper, country) and per (paper, country of its
 * first author), with the paper's year and research class. A country is one of an
 * authorship's resolved parts, as the queries count it (before --fold-hk-mo). */
static const char schema_v3_views[] =
    "CREATE VIEW paper_countries(pmid, year, research, country) AS\n"
    "  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country\n"
    "  FROM papers p JOIN authorships a ON a.pmid = p.pmid\n"
    "  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id\n"
    "  WHERE ap.country IS NOT NULL;\n"
    "CREATE VIEW paper_first_author_countries(pmid, year, research, country) AS\n"
    "  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country\n"
    "  FROM papers p JOIN authorships a ON a.pmid = p.pmid AND a.position = 1\n"
    "  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id\n"
    "  WHERE ap.country IS NOT NULL;\n";

static coauth_status add_v3_columns(sqlite3 *db, const char *path, const char *what,
                                    coauth_error *err)
{
    for (size_t i = 0; i < N_SCHEMA_V3_COLUMNS; i++) {
        coauth_status st = exec(db, path, schema_v3_columns[i], what, err);
        if (st)
            return st;
    }
    return exec(db, path, schema_v3_views, what, err);
}

/* ---- schema 3 -> 4: one paper per PMID across sources (SPEC 2.2) ------------------ */

static const char *const schema_v4_steps[] = {
    "ALTER TABLE papers ADD COLUMN source INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE papers ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE papers ADD COLUMN authorships_from INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE affiliations ADD COLUMN country TEXT",
    "DROP VIEW paper_countries",
    "DROP VIEW paper_first_author_countries",
    "CREATE VIEW paper_countries(pmid, year, research, country) AS\n"
    "  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country\n"
    "  FROM papers p JOIN authorships a ON a.pmid = p.pmid\n"
    "  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id\n"
    "  WHERE ap.country IS NOT NULL AND p.hidden = 0",
    "CREATE VIEW paper_first_author_countries(pmid, year, research, country) AS\n"
    "  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country\n"
    "  FROM papers p JOIN authorships a ON a.pmid = p.pmid AND a.position = 1\n"
    "  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id\n"
    "  WHERE ap.country IS NOT NULL AND p.hidden = 0",
};

static coauth_status migrate_3_to_4(sqlite3 *db, const char *path, const char *what,
                                    coauth_error *err)
{
    for (size_t i = 0; i < sizeof schema_v4_steps / sizeof schema_v4_steps[0]; i++) {
        coauth_status st = exec(db, path, schema_v4_steps[i], what, err);
        if (st)
            return st;
    }
    return COAUTH_OK;
}

/* Schema 5: the ROR registry (src/store_ror.c writes and reads it) and the part's ROR
 * id. ror_orgs.org is the organisation's index in the registry as imported. */
static const char schema_v5[] =
    "CREATE TABLE ror_orgs(\n"
    "  org INTEGER PRIMARY KEY,\n"
    "  id TEXT NOT NULL UNIQUE,\n"
    "  name TEXT NOT NULL,\n"
    "  country TEXT,\n"
    "  city TEXT,\n"
    "  status TEXT NOT NULL,\n"
    "  parent_id TEXT,\n"
    "  root INTEGER);\n"
    "CREATE TABLE ror_names(\n"
    "  org INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL,\n"
    "  PRIMARY KEY(org, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE ror_external_ids(\n"
    "  org INTEGER NOT NULL,\n"
    "  seq INTEGER NOT NULL,\n"
    "  type TEXT NOT NULL,\n"
    "  value TEXT NOT NULL,\n"
    "  PRIMARY KEY(org, seq)) WITHOUT ROWID;\n"
    "CREATE TABLE ror_identifiers(\n"
    "  source TEXT NOT NULL,\n"
    "  value TEXT NOT NULL,\n"
    "  ror TEXT NOT NULL,\n"
    "  PRIMARY KEY(source, value)) WITHOUT ROWID;\n"
    "ALTER TABLE affiliation_parts ADD COLUMN ror TEXT;\n"
    /* SPEC 3.1 step 1: the organisation an authorship's own identifier names (ROR;
     * GRID and ISNI through the registry's external ids), ROR before GRID before
     * ISNI; the value folded as ror_identifiers holds it (ror.c ext_key) */
    "CREATE VIEW authorship_ror(pmid, position, seq, ror, source) AS\n"
    "  SELECT pmid, position, seq, ror, source FROM (\n"
    "    SELECT ai.pmid, ai.position, ai.seq, m.ror, m.source,\n"
    "      min(" COAUTH_SQL_IDENT_RANK ") AS rank\n"
    "    FROM affiliation_identifiers ai JOIN ror_identifiers m\n"
    "      ON m.source = upper(trim(ai.source)) AND m.value = " COAUTH_SQL_IDENT_KEY "\n"
    "    GROUP BY ai.pmid, ai.position, ai.seq);\n";

static coauth_status add_v5_schema(sqlite3 *db, const char *path, const char *what,
                                   coauth_error *err)
{
    return exec(db, path, schema_v5, what, err);
}

static coauth_status migrate_4_to_5(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    static const char what[] = "migrating from schema 4";
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", from);
    coauth_status st;
    if ((st = add_v5_schema(db, path, what, err)) ||
        (st = put_meta(db, path, "migrated_from_schema", fbuf, err)) ||
        (st = put_meta(db, path, "migrated_at", NULL, err)))
        return st;
    return COAUTH_OK;
}

/* The schema-6 metadata tables, renamed v6_* by the migration to schema 7. */
static const char *const v6_meta_tables[] = {"paper_types", "paper_issns",  "paper_languages",
                                             "paper_mesh",  "paper_grants", "authors"};
#define N_V6_META_TABLES (sizeof v6_meta_tables / sizeof v6_meta_tables[0])

/* Schema 7: the metadata dictionaries (store_meta.c), from the schema-6 tables, which are
 * renamed v6_* (`drop`: dropped, as for a new store, where they are empty). A DROP TABLE
 * inside the migration's transaction would keep a statement journal of every page it
 * frees, in memory (temp_store = MEMORY: 430 MB for the 1M-paper bench store, growing
 * with the store), so the tables of a migrated store are dropped after its commit, each
 * in its own transaction (drop_v6_tables); a kill in between leaves them to the next
 * writable open. */
static coauth_status migrate_6_to_7(sqlite3 *db, const char *path, const char *what, bool drop,
                                    coauth_error *err)
{
    coauth_status st;
    if ((st = exec(db, path, coauth_schema_v7_meta, what, err)) ||
        (st = coauth_store_meta_convert_v6(db, path, err)))
        return st;
    for (size_t i = 0; i < N_V6_META_TABLES; i++) {
        char sql[96];
        if (drop)
            snprintf(sql, sizeof sql, "DROP TABLE %s", v6_meta_tables[i]);
        else
            snprintf(sql, sizeof sql, "ALTER TABLE %s RENAME TO v6_%s", v6_meta_tables[i],
                     v6_meta_tables[i]);
        if ((st = exec(db, path, sql, what, err)))
            return st;
    }
    if ((st = exec(db, path, coauth_schema_v7_views, what, err)))
        return st;
    return exec(db, path, coauth_schema_v7_authors_view, what, err);
}

/* Schema 9: the authors of a paper in one paper_authors row, from author_names, which
 * becomes a view of the same columns and rows (the view authors is made again over
 * it). The table is renamed v8_author_names (`drop`: dropped, as for a new store) and
 * dropped after the commit, as the schema-6 tables are (drop_v6_tables). Records the
 * version migrated from. */
static coauth_status migrate_8_to_9(sqlite3 *db, const char *path, int from, bool drop,
                                    coauth_error *err)
{
    const char *what = drop ? "creating the schema" : "migrating from schema 8";
    coauth_status st;
    if ((st = exec(db, path, "DROP VIEW authors", what, err)) ||
        (st = exec(db, path,
                   drop ? "DROP TABLE author_names"
                        : "ALTER TABLE author_names RENAME TO v8_author_names",
                   what, err)) ||
        (st = exec(db, path, coauth_schema_v9_authors, what, err)) ||
        (!drop && (st = coauth_store_meta_convert_v8(db, path, "v8_author_names", err))) ||
        (st = exec(db, path, coauth_schema_v9_views, what, err)) ||
        (st = exec(db, path, coauth_schema_v7_authors_view, what, err)))
        return st;
    if (drop)
        return COAUTH_OK;
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", from);
    if ((st = put_meta(db, path, "migrated_from_schema", fbuf, err)) ||
        (st = put_meta(db, path, "migrated_at", NULL, err)))
        return st;
    return COAUTH_OK;
}

/* Schema 10 (issue 15: store size). The journal of a paper is one id in paper_meta of a
 * journals dictionary of its three fields (NlmUniqueID, ISOAbbreviation, Title),
 * instead of three text columns of papers; the view paper_journals gives them back per
 * paper. The affiliation hash is 32 bits (the low half of the 64-bit FNV-1a of the text,
 * sign-extended: store_affil.c), 4 bytes of the row and 4 of the index instead of 8 and
 * 8: a string is still compared in full on a hash hit. */
static const char schema_v10_journals[] =
    "CREATE TABLE journals(\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  nlm_id TEXT,\n"
    "  iso_abbreviation TEXT,\n"
    "  title TEXT);\n"
    "CREATE UNIQUE INDEX journals_key ON journals(nlm_id, iso_abbreviation, title);\n";
/* A paper's journal is the journals row whose three fields equal its own, NULL to NULL
 * (IS); the index journals_key serves the look-up. */
static const char schema_v10_fill[] =
    "INSERT INTO journals(nlm_id, iso_abbreviation, title)\n"
    "  SELECT nlm_id, journal_iso, journal_title FROM papers\n"
    "  WHERE coalesce(nlm_id, journal_iso, journal_title) IS NOT NULL\n"
    "  GROUP BY 1, 2, 3 ORDER BY min(pmid);\n"
    "UPDATE paper_meta SET journal = (SELECT j.id FROM papers p, journals j\n"
    "  WHERE p.pmid = paper_meta.pmid AND j.nlm_id IS p.nlm_id\n"
    "  AND j.iso_abbreviation IS p.journal_iso AND j.title IS p.journal_title);\n"
    "INSERT INTO paper_meta(pmid, journal)\n"
    "  SELECT p.pmid, j.id FROM papers p JOIN journals j ON j.nlm_id IS p.nlm_id\n"
    "  AND j.iso_abbreviation IS p.journal_iso AND j.title IS p.journal_title\n"
    "  WHERE p.pmid NOT IN (SELECT pmid FROM paper_meta) ORDER BY p.pmid;\n"
    "ALTER TABLE papers DROP COLUMN nlm_id;\n"
    "ALTER TABLE papers DROP COLUMN journal_iso;\n"
    "ALTER TABLE papers DROP COLUMN journal_title;\n";
static const char schema_v10_views[] =
    "CREATE VIEW paper_journals(pmid, nlm_id, journal_iso, journal_title) AS\n"
    "  SELECT m.pmid, j.nlm_id, j.iso_abbreviation, j.title FROM paper_meta m\n"
    "  JOIN journals j ON j.id = m.journal;\n";
/* The index is dropped and made again: an UPDATE through it would move every entry. */
static const char schema_v10_hash[] =
    "DROP INDEX affiliations_hash;\n"
    "UPDATE affiliations SET hash = CASE WHEN (hash & 0xffffffff) >= 0x80000000\n"
    "  THEN (hash & 0xffffffff) - 0x100000000 ELSE hash & 0xffffffff END;\n"
    "CREATE INDEX affiliations_hash ON affiliations(hash);\n";

/* Schema 10 from 9 (`from`: the version migrated from; 0: a new store). paper_meta has
 * its journal column when schema 7's tables were made by this version (a new store, or
 * one migrated from 6 or older); stores made at 7 to 9 gain it here. */
static coauth_status migrate_9_to_10(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    const char *what = from ? "migrating from schema 9" : "creating the schema";
    coauth_status st;
    if ((st = exec(db, path, schema_v10_journals, what, err)) ||
        (from >= 7 &&
         (st = exec(db, path, "ALTER TABLE paper_meta ADD COLUMN journal INTEGER", what, err))) ||
        (st = exec(db, path, schema_v10_fill, what, err)) ||
        (st = exec(db, path, schema_v10_views, what, err)) ||
        (from && (st = exec(db, path, schema_v10_hash, what, err))))
        return st;
    return COAUTH_OK;
}

/* Schema 11 (issue 15: the whole baseline). Affiliation strings are found through two
 * WITHOUT ROWID tables of (hash, id) instead of an index on affiliations(hash): a new
 * string's pair goes into the small affiliation_hashes_new, and the writer moves them
 * all into the large affiliation_hashes in one sorted INSERT once the small one holds
 * HASH_MERGE_ROWS pairs (store_affil.c). An index on the hash takes one insert
 * at a random place per new string: once it outgrows the page cache, every insert reads
 * and dirties a page of its own, and each file's commit writes them all twice (WAL and
 * checkpoint); a sorted merge writes each page of the large table once per merge. The
 * column affiliations.hash stays (users' SQL, and the migration's source). */
static const char schema_v11_hashes[] =
    "CREATE TABLE affiliation_hashes(\n"
    "  hash INTEGER NOT NULL,\n"
    "  id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(hash, id)) WITHOUT ROWID;\n"
    "CREATE TABLE affiliation_hashes_new(\n"
    "  hash INTEGER NOT NULL,\n"
    "  id INTEGER NOT NULL,\n"
    "  PRIMARY KEY(hash, id)) WITHOUT ROWID;\n"
    "INSERT INTO affiliation_hashes(hash, id) SELECT hash, id FROM affiliations\n"
    "  ORDER BY hash, id;\n"
    "DROP INDEX affiliations_hash;\n";

/* Schema 11 too (SPEC 3.1 step 1, issue 13): the country of an authorship is its part's,
 * except where the authorship's own identifier names a registry organisation and the
 * string is one part whose country is NULL or from a name rule (the body in
 * store_internal.h): the view authorship_countries, the two paper views over it. */
static const char schema_v11_views[] =
    "CREATE VIEW authorship_countries(pmid, position, seq, part, country, rule) AS\n"
    "  " COAUTH_SQL_AUTHORSHIP_COUNTRIES ";\n"
    "DROP VIEW paper_countries;\n"
    "DROP VIEW paper_first_author_countries;\n"
    "CREATE VIEW paper_countries(pmid, year, research, country) AS\n"
    "  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), c.country\n"
    "  FROM papers p JOIN authorship_countries c ON c.pmid = p.pmid\n"
    "  WHERE c.country IS NOT NULL AND p.hidden = 0;\n"
    "CREATE VIEW paper_first_author_countries(pmid, year, research, country) AS\n"
    "  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), c.country\n"
    "  FROM papers p JOIN authorship_countries c ON c.pmid = p.pmid AND c.position = 1\n"
    "  WHERE c.country IS NOT NULL AND p.hidden = 0;\n";

/* Schema 11 from 10 (`from`: the version migrated from; 0: a new store). The hash
 * tables and the views are made; with a registry imported (without one nothing else
 * changes), the country sets of the papers with identifiers are recomputed under the
 * new rule (store_sets.c) and their chunks repacked. Records the version migrated
 * from. */
static coauth_status migrate_10_to_11(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    const char *what = from ? "migrating from schema 10" : "creating the schema";
    coauth_status st = exec(db, path, schema_v11_hashes, what, err);
    if (!st)
        st = exec(db, path, schema_v11_views, what, err);
    if (st || !from)
        return st;
    int64_t registry = 0;
    st = query_int(db, path, "SELECT EXISTS (SELECT 1 FROM ror_identifiers)", &registry, err);
    if (!st && registry)
        st = coauth_store_sets_rebuild_identified(db, path, err);
    return st ? st : put_migrated(db, path, from, err);
}

/* Drop the v6_* tables a migration to schema 7 left, and the v8_author_names of one to
 * schema 9 (outside any transaction). */
static coauth_status drop_v6_tables(sqlite3 *db, const char *path, coauth_error *err)
{
    for (size_t i = 0; i <= N_V6_META_TABLES; i++) {
        char name[64], sql[160];
        int64_t n = 0;
        if (i < N_V6_META_TABLES)
            snprintf(name, sizeof name, "v6_%s", v6_meta_tables[i]);
        else
            snprintf(name, sizeof name, "v8_author_names");
        snprintf(sql, sizeof sql,
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '%s'", name);
        coauth_status st = query_int(db, path, sql, &n, err);
        if (!st && n) {
            snprintf(sql, sizeof sql, "DROP TABLE %s", name);
            st = exec(db, path, sql, "dropping the tables a migration replaced", err);
        }
        if (st)
            return st;
    }
    return COAUTH_OK;
}

static coauth_status create_schema(sqlite3 *db, const char *path, coauth_error *err)
{
    char papers[1024];
    size_t o = (size_t)snprintf(papers, sizeof papers, "%s", papers_v1);
    for (size_t i = 0; i < N_PAPERS_V2_COLUMNS; i++)
        o += (size_t)snprintf(papers + o, sizeof papers - o, ",\n  %s", papers_v2_columns[i]);
    snprintf(papers + o, sizeof papers - o, ");\n");
    coauth_status st;
    if ((st = exec(db, path, schema_v1_kept, "creating the schema", err)) ||
        (st = exec(db, path, papers, "creating the schema", err)) ||
        (st = exec(db, path, authorships_v2, "creating the schema", err)) ||
        (st = exec(db, path, schema_v2_tables, "creating the schema", err)) ||
        (st = add_v3_columns(db, path, "creating the schema", err)) ||
        (st = migrate_3_to_4(db, path, "creating the schema", err)) ||
        (st = add_v5_schema(db, path, "creating the schema", err)) ||
        (st = exec(db, path, coauth_schema_v6_sets, "creating the schema", err)) ||
        (st = migrate_6_to_7(db, path, "creating the schema", true, err)) ||
        (st = exec(db, path, coauth_schema_v8_chunks, "creating the schema", err)) ||
        (st = migrate_8_to_9(db, path, 0, true, err)) || (st = migrate_9_to_10(db, path, 0, err)) ||
        (st = migrate_10_to_11(db, path, 0, err)))
        return st;
    char rv[16];
    snprintf(rv, sizeof rv, "%d", COAUTH_RESOLVER_VERSION);
    if ((st = put_meta(db, path, "coauth_version", coauth_version(), err)) ||
        (st = put_meta(db, path, "resolver_version", rv, err)))
        return st;
    return set_version(db, path, err);
}

static bool ascii_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Whether the token at `s` starts a "SOURCE:value" pair: SOURCE matches
 * [A-Za-z][A-Za-z0-9_-]* (or is empty: ":value"), and what follows the colon is not
 * "//" (a bare "https://..." value is a URL, not a pair with source "https"). *src_len
 * receives SOURCE's length. */
static bool pair_start(const char *s, size_t len, size_t *src_len)
{
    size_t i = 0;
    if (len && s[0] != ':') {
        if (!ascii_alpha(s[0]))
            return false;
        for (i = 1; i < len && (ascii_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' ||
                                s[i] == '-');
             i++)
            ;
    }
    if (i >= len || s[i] != ':')
        return false;
    if (i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/')
        return false;
    *src_len = i;
    return true;
}

typedef coauth_status (*ident_fn)(void *ctx, int k, const char *src, size_t src_len,
                                  const char *val, size_t val_len, coauth_error *err);

/* Split a schema-1 authorships.identifier: the reader joined the identifiers of one
 * affiliation with ' ', each as "SOURCE:value", or as the bare value when Source was
 * empty (the reader before schema 2). A new pair starts at each token that
 * pair_start() accepts; a token that does not continues the previous value (values may
 * hold spaces), and a first token that does not is a value with an empty source. What
 * the join lost cannot be recovered: a value with a space followed by "Word:" splits
 * there, and a second source-less identifier joins the value before it. */
static coauth_status split_identifiers(const char *s, size_t len, ident_fn fn, void *ctx,
                                       coauth_error *err)
{
    int k = 0;
    size_t src = 0, src_len = 0, val = 0;
    bool open = false;
    for (size_t i = 0; i <= len; i++) {
        bool tok = i < len && s[i] != ' ' && (i == 0 || s[i - 1] == ' ');
        size_t sl = 0;
        bool starts = tok && pair_start(s + i, len - i, &sl);
        if (i == len || starts || (tok && !open)) {
            if (open) {
                size_t end = i;
                while (end > val && s[end - 1] == ' ')
                    end--;
                coauth_status st = fn(ctx, ++k, s + src, src_len, s + val, end - val, err);
                if (st)
                    return st;
                open = false;
            }
            if (i == len)
                break;
            src = i;
            src_len = starts ? sl : 0;
            val = starts ? i + sl + 1 : i;
            open = true;
        }
    }
    return COAUTH_OK;
}

struct ident_ins {
    sqlite3 *db;
    const char *path;
    sqlite3_stmt *ins;
    int64_t pmid;
    int position, seq;
};

static coauth_status insert_ident(void *ctx, int k, const char *src, size_t src_len,
                                  const char *val, size_t val_len, coauth_error *err)
{
    struct ident_ins *ii = ctx;
    sqlite3_stmt *st = ii->ins;
    sqlite3_bind_int64(st, 1, ii->pmid);
    sqlite3_bind_int(st, 2, ii->position);
    sqlite3_bind_int(st, 3, ii->seq);
    sqlite3_bind_int(st, 4, k);
    sqlite3_bind_text(st, 5, src, (int)src_len, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, val, (int)val_len, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return coauth_store_failat(ii->db, rc, ii->path, "migrating affiliation identifiers", err);
    return COAUTH_OK;
}

/* Move every identifier string of authorships_v1 into affiliation_identifiers. */
static coauth_status move_identifiers(sqlite3 *db, const char *path, coauth_error *err)
{
    sqlite3_stmt *sel = NULL;
    struct ident_ins ii = {db, path, NULL, 0, 0, 0};
    int rc = sqlite3_prepare_v2(db,
                                "SELECT pmid, position, seq, identifier FROM authorships_v1 "
                                "WHERE identifier IS NOT NULL ORDER BY pmid, position, seq",
                                -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO affiliation_identifiers(pmid, position, seq, k, "
                                "source, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                -1, &ii.ins, NULL);
    coauth_status st = COAUTH_OK;
    if (rc != SQLITE_OK) {
        st = coauth_store_failat(db, rc, path, "migrating affiliation identifiers", err);
        goto out;
    }
    while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
        ii.pmid = sqlite3_column_int64(sel, 0);
        ii.position = sqlite3_column_int(sel, 1);
        ii.seq = sqlite3_column_int(sel, 2);
        const char *text = (const char *)sqlite3_column_text(sel, 3);
        size_t len = (size_t)sqlite3_column_bytes(sel, 3);
        if (text && (st = split_identifiers(text, len, insert_ident, &ii, err)))
            goto out;
    }
    if (rc != SQLITE_DONE)
        st = coauth_store_failat(db, rc, path, "migrating affiliation identifiers", err);
out:
    sqlite3_finalize(sel);
    sqlite3_finalize(ii.ins);
    return st;
}

static coauth_status migrate_1_to_2(sqlite3 *db, const char *path, coauth_error *err)
{
    static const char what[] = "migrating from schema 1";
    coauth_status st;
    for (size_t i = 0; i < N_PAPERS_V2_COLUMNS; i++) {
        char sql[128];
        snprintf(sql, sizeof sql, "ALTER TABLE papers ADD COLUMN %s", papers_v2_columns[i]);
        if ((st = exec(db, path, sql, what, err)))
            return st;
    }
    if ((st = exec(db, path, schema_v2_tables, what, err)) ||
        (st = exec(db, path, "ALTER TABLE authorships RENAME TO authorships_v1", what, err)) ||
        (st = exec(db, path, authorships_v2, what, err)) ||
        (st = exec(db, path,
                   "INSERT INTO authorships(pmid, position, seq, affiliation_id) SELECT pmid, "
                   "position, seq, affiliation_id FROM authorships_v1 ORDER BY pmid, position, seq",
                   what, err)) ||
        (st = move_identifiers(db, path, err)) ||
        (st = exec(db, path, "DROP TABLE authorships_v1", what, err)))
        return st;
    int64_t n = 0;
    char nbuf[32];
    if ((st = query_int(db, path, "SELECT count(*) FROM papers", &n, err)))
        return st;
    snprintf(nbuf, sizeof nbuf, "%lld", (long long)n);
    if ((st = put_meta(db, path, "migrated_from_schema", "1", err)) ||
        (st = put_meta(db, path, "migrated_at", NULL, err)) ||
        (st = put_meta(db, path, "migrated_papers_without_metadata", nbuf, err)) ||
        (st = put_meta(db, path, "metadata_note", migrated_note, err)))
        return st;
    return COAUTH_OK;
}

/* Give every files row its place (id order, the order the files were applied), then
 * every paper and deletion the place of its file. */
static coauth_status place_files(sqlite3 *db, const char *path, const char *what, coauth_error *err)
{
    sqlite3_stmt *sel = NULL, *upd = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT id, name FROM files ORDER BY id", -1, &sel, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "UPDATE files SET place = ?2 WHERE id = ?1", -1, &upd, NULL);
    int64_t last = 0;
    while (rc == SQLITE_OK && (rc = sqlite3_step(sel)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(sel, 1);
        int64_t place = coauth_file_place_after(name ? name : "", last);
        if (place > last)
            last = place;
        sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
        sqlite3_bind_int64(upd, 2, place);
        rc = sqlite3_step(upd);
        sqlite3_reset(upd);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    coauth_status st = rc == SQLITE_OK ? COAUTH_OK : coauth_store_failat(db, rc, path, what, err);
    sqlite3_finalize(sel);
    sqlite3_finalize(upd);
    if (st ||
        (st = exec(db, path,
                   "UPDATE papers SET place = coalesce((SELECT f.place FROM files f WHERE "
                   "f.id = papers.file_id), 0), place_record = 0",
                   what, err)) ||
        (st = exec(db, path,
                   "UPDATE deletions SET place = coalesce((SELECT f.place FROM files f WHERE "
                   "f.id = deletions.file_id), 0), place_record = 0",
                   what, err)))
        return st;
    return COAUTH_OK;
}

static coauth_status migrate_2_to_3(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    static const char what[] = "migrating from schema 2";
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", from);
    coauth_status st;
    if ((st = add_v3_columns(db, path, what, err)) || (st = place_files(db, path, what, err)) ||
        (st = put_meta(db, path, "migrated_from_schema", fbuf, err)) ||
        (st = put_meta(db, path, "migrated_at", NULL, err)) ||
        (st = put_meta(db, path, "places_note", places_note, err)))
        return st;
    /* the resolver that resolved the strings already stored is not known: 0, older
     * than any recorded version, so that queries say reresolve is due */
    int64_t n_aff = 0;
    char rv[16];
    snprintf(rv, sizeof rv, "%d", COAUTH_RESOLVER_VERSION);
    if ((st = query_int(db, path, "SELECT count(*) FROM affiliations", &n_aff, err)) ||
        (st = put_meta(db, path, "resolver_version", n_aff ? "0" : rv, err)))
        return st;
    return COAUTH_OK;
}

/* Schema 4: the country sets, built from what the store holds (self-contained: it
 * reads only schema-3 tables). */
static coauth_status migrate_5_to_6(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    static const char what[] = "migrating from schema 5";
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", from);
    coauth_status st;
    if ((st = exec(db, path, coauth_schema_v6_sets, what, err)) ||
        (st = coauth_store_sets_rebuild(db, path, err)) ||
        (st = put_meta(db, path, "migrated_from_schema", fbuf, err)) ||
        (st = put_meta(db, path, "migrated_at", NULL, err)))
        return st;
    return COAUTH_OK;
}

/* Schema 8: the chunks of the country sets, packed from paper_country_sets
 * (self-contained: it reads only that table of schema 6, which 7 left as it was).
 * Records the version migrated from, whichever it was. */
static coauth_status migrate_7_to_8(sqlite3 *db, const char *path, int from, coauth_error *err)
{
    static const char what[] = "migrating from schema 7";
    char fbuf[16];
    snprintf(fbuf, sizeof fbuf, "%d", from);
    coauth_status st;
    if ((st = exec(db, path, coauth_schema_v8_chunks, what, err)) ||
        (st = coauth_store_chunks_build(db, path, err)) ||
        (st = put_meta(db, path, "migrated_from_schema", fbuf, err)) ||
        (st = put_meta(db, path, "migrated_at", NULL, err)))
        return st;
    return COAUTH_OK;
}

/* Create or migrate the schema of a writable store, under BEGIN IMMEDIATE. */
static coauth_status init_writable(sqlite3 *db, const char *path, int *out_migrated_from,
                                   coauth_error *err)
{
    int64_t version = 0, n_tables = 0;
    coauth_status st = exec(db, path, "BEGIN IMMEDIATE", "starting the schema transaction", err);
    if (st)
        return st;
    /* Re-check under the write lock: another process may have created or migrated it. */
    if ((st = query_int(db, path, "PRAGMA user_version", &version, err)))
        goto fail;
    if (version == COAUTH_SCHEMA_VERSION)
        return exec(db, path, "COMMIT", "committing the schema", err);
    if (version >= 1 && version <= 10) {
        char fbuf[16];
        snprintf(fbuf, sizeof fbuf, "%d", (int)version);
        if ((version == 1 && (st = migrate_1_to_2(db, path, err))) ||
            (version <= 2 && (st = migrate_2_to_3(db, path, (int)version, err))) ||
            (version <= 3 && (st = migrate_3_to_4(db, path, "migrating from schema 3", err))) ||
            (version == 3 && (st = put_meta(db, path, "migrated_from_schema", fbuf, err))) ||
            (version == 3 && (st = put_meta(db, path, "migrated_at", NULL, err))) ||
            (version <= 4 && (st = migrate_4_to_5(db, path, (int)version, err))) ||
            (version <= 5 && (st = migrate_5_to_6(db, path, (int)version, err))) ||
            (version <= 6 &&
             (st = migrate_6_to_7(db, path, "migrating from schema 6", false, err))) ||
            (version <= 7 && (st = migrate_7_to_8(db, path, (int)version, err))) ||
            (version <= 8 && (st = migrate_8_to_9(db, path, (int)version, false, err))) ||
            (version <= 9 && (st = migrate_9_to_10(db, path, (int)version, err))) ||
            (st = migrate_10_to_11(db, path, (int)version, err)) ||
            (st = set_version(db, path, err)) ||
            (st = exec(db, path, "COMMIT", "committing the migration", err)))
            goto fail;
        *out_migrated_from = (int)version;
        return drop_v6_tables(db, path, err);
    }
    if (version != 0) {
        st = coauth_fail(err, COAUTH_ESTORE, "'%s': unknown store schema version %lld", path,
                         (long long)version);
        goto fail;
    }
    if ((st = query_int(db, path, "SELECT count(*) FROM sqlite_schema", &n_tables, err)))
        goto fail;
    if (n_tables > 0) {
        st = coauth_fail(err, COAUTH_ESTORE,
                         "'%s' is an SQLite file but not a coauth store (it has other tables)",
                         path);
        goto fail;
    }
    if ((st = create_schema(db, path, err)) ||
        (st = exec(db, path, "COMMIT", "committing the schema", err)))
        goto fail;
    return COAUTH_OK;
fail:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

coauth_status coauth_store_schema_init(sqlite3 *db, const char *path, bool readonly,
                                       int *out_migrated_from, coauth_error *err)
{
    int64_t version = 0;
    *out_migrated_from = 0;
    coauth_status st = query_int(db, path, "PRAGMA user_version", &version, err);
    if (st)
        return st;
    if (version > COAUTH_SCHEMA_VERSION)
        return coauth_fail(err, COAUTH_ESTORE,
                           "'%s': store schema version %lld is newer than this coauth "
                           "supports (%d)",
                           path, (long long)version, COAUTH_SCHEMA_VERSION);
    if (version == COAUTH_SCHEMA_VERSION)
        return readonly ? COAUTH_OK : drop_v6_tables(db, path, err);
    if (readonly && version > 0)
        return coauth_fail(err, COAUTH_ESTORE,
                           "'%s' has store schema %lld; run 'coauth migrate -d %s' to upgrade it "
                           "(queries never write)",
                           path, (long long)version, path);
    if (readonly)
        return coauth_fail(err, COAUTH_ESTORE, "'%s' is not a coauth store (empty or foreign)",
                           path);
    /* Temporary files on disk while creating or migrating, set before the transaction
     * (it has no effect inside one): the statement journals and sorts of the statements
     * that rewrite a whole table (schema 10's UPDATE, DROP COLUMN, CREATE INDEX) grow
     * with the store in memory (the 1M-paper bench store: 507 MB peak RSS, 136 MB with
     * files). Back to store.c's MEMORY after. */
    if ((st = exec(db, path, "PRAGMA temp_store = FILE", "starting the schema transaction", err)))
        return st;
    st = init_writable(db, path, out_migrated_from, err);
    coauth_status rst = exec(db, path, "PRAGMA temp_store = MEMORY", "opening the store", err);
    return st ? st : rst;
}
