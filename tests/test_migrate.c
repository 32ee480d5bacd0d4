/* test_migrate.c - store schemas 1, 2, 3 and 5 -> 6: stores made by the previous
 * coauths (tests/data/store_v1.sql, from tests/data/v1_store.xml; tests/data/store_v2.sql,
 * from tests/data/v2_store.xml and v2_update.xml; tests/data/store_v3.sql, which
 * tests/test_jats.c migrates, and tests/data/store_v3_sets.sql, whose country sets
 * tests/test_maintained.c checks) are migrated by a writable open and by
 * `coauth migrate`, refused by a read-only open, and answer the same queries afterwards,
 * with the places of SPEC 2.4 given to what they hold; a newer schema is refused. Expected rows are
 * worked out by hand from v1_store.xml and the splitting rule in src/store_migrate.c.
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(migrate, .init = suite_init);

static char *dir;
static char db[512];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/v1.db", dir);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

static void exec_sql(const char *path, const char *sql)
{
    sql_exec_at(path, sql);
}

/* Make the schema-1 (or 2) store at `db` from the committed dump (no sqlite3 CLI needed). */
static void load_dump(const char *name)
{
    char *sql = read_file(test_data(name), NULL);
    cr_assert_not_null(sql);
    exec_sql(db, sql);
    free(sql);
}

static void load_v1(void)
{
    load_dump("store_v1.sql");
}

/* All rows of a query as "a|b|c\n" text, NULL shown as "NULL" (malloc'd). */
static char *sql_dump(const char *path, const char *sql)
{
    return sql_rows_at(path, sql);
}

static long long sql_int(const char *sql)
{
    char *s = sql_dump(db, sql);
    long long v = atoll(s);
    free(s);
    return v;
}

static void expect_rows(const char *sql, const char *want)
{
    char *got = sql_dump(db, sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

static int open_status(const char *path, unsigned flags, coauth_error *err, int *migrated_from)
{
    coauth_store *s = NULL;
    int st = coauth_store_open(&s, path, flags, err);
    if (migrated_from)
        *migrated_from = st == COAUTH_OK ? coauth_store_migrated_from(s) : -1;
    coauth_store_free(s);
    return st;
}

/* The identifiers of v1_store.xml, as the schema-1 reader joined and the migration
 * splits them: two on one affiliation (Garcia), an ISNI with spaces (Chen), a URL
 * without Source (Okafor: source ''), a ROR then an ISNI (Smith). */
static const char idents_v1[] = "2001|1|1|1|ROR|https://ror.org/021018s57\n"
                                "2001|1|1|2|GRID|grid.5841.8\n"
                                "2001|2|1|1|ISNI|0000 0001 2256 9319\n"
                                "2002|1|1|1||https://ror.org/05rk03822\n"
                                "2002|2|1|1|ROR|https://ror.org/052gg0110\n"
                                "2002|2|1|2|ISNI|0000 0004 1936 8948\n";
static const char idents_sql[] = "SELECT pmid, position, seq, k, source, value FROM "
                                 "affiliation_identifiers ORDER BY pmid, position, seq, k";

/* (pmid, position, seq, affiliation_id) of the v1 store, unchanged by the migration. */
static const char authorships_v1[] = "2001|1|1|1\n2001|2|1|2\n2001|2|2|3\n2002|1|1|4\n"
                                     "2002|2|1|5\n2002|3|1|1\n2003|1|1|2\n";

Test(migrate, writable_open_migrates_a_v1_store, .init = setup, .fini = teardown)
{
    load_v1();
    cr_assert_eq(sql_int("PRAGMA user_version"), 1);
    coauth_error err = COAUTH_ERROR_INIT;
    int from = 0;
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 1);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    expect_rows(idents_sql, idents_v1);
    expect_rows("SELECT pmid, position, seq, affiliation_id FROM authorships ORDER BY 1, 2, 3",
                authorships_v1);
    cr_expect_eq(sql_int("SELECT count(*) FROM pragma_table_info('authorships') WHERE name = "
                         "'identifier'"),
                 0);
    /* papers keep their rows; none has metadata */
    expect_rows("SELECT pmid, version, year, n_authors, file_id, research, aff_layout, title, "
                "doi, pmc, nlm_id, journal_iso, journal_title FROM papers LEFT JOIN paper_journals "
                "USING (pmid) ORDER BY pmid",
                "2001|1|2020|2|1|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL\n"
                "2002|1|2019|3|1|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL\n"
                "2003|1|2021|2|1|NULL|0|NULL|NULL|NULL|NULL|NULL|NULL\n");
    static const char *const empty[] = {"paper_types", "paper_issns",  "paper_languages",
                                        "paper_mesh",  "paper_grants", "authors"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        char q[96];
        snprintf(q, sizeof q, "SELECT count(*) FROM %s", empty[i]);
        cr_expect_eq(sql_int(q), 0, "%s", empty[i]);
    }
    /* the other tables are as they were */
    cr_expect_eq(sql_int("SELECT count(*) FROM affiliations"), 5);
    cr_expect_eq(sql_int("SELECT count(*) FROM affiliation_parts"), 5);
    cr_expect_eq(sql_int("SELECT count(*) FROM files"), 1);
    expect_rows(
        "SELECT key, value FROM meta WHERE key IN ('schema_version', "
        "'migrated_from_schema', 'migrated_papers_without_metadata') ORDER BY key",
        "migrated_from_schema|1\nmigrated_papers_without_metadata|3\nschema_version|" SCHEMA_STR
        "\n");
    /* schema 3: v1_store.xml is not an NLM name: place 1 (after nothing), record 0 */
    expect_rows("SELECT pmid, place, place_record FROM papers ORDER BY pmid",
                "2001|1|0\n2002|1|0\n2003|1|0\n");
    expect_rows("SELECT id, name, place, md5 FROM files", "1|v1_store.xml|1|NULL\n");
    cr_expect_eq(sql_int("SELECT count(*) FROM meta WHERE key = 'metadata_note' AND value LIKE "
                         "'%research is NULL%--force%'"),
                 1);
    cr_expect_eq(sql_int("SELECT count(*) FROM meta WHERE key = 'migrated_at' AND value LIKE "
                         "'____-__-__T__:__:__Z'"),
                 1);
    /* a second open finds schema 9: nothing to do */
    cr_assert_eq(open_status(db, 0, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 0);
    expect_rows(idents_sql, idents_v1);
}

/* Every table of the migrated store has the columns (name, type, not null, default,
 * primary key position) of the same table in a new store, and no table more or less;
 * the same indexes, WITHOUT ROWID tables and triggers. */
static void schema_equals_a_new_store(const char *dump)
{
    load_dump(dump);
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(open_status(db, 0, &err, NULL), COAUTH_OK, "%s", err.msg);
    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s/new.db", dir);
    cr_assert_eq(open_status(fresh, 0, &err, NULL), COAUTH_OK, "%s", err.msg);
    static const char cols[] =
        "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk FROM "
        "sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' ORDER BY "
        "m.name, p.cid";
    static const char idx[] = "SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE type "
                              "= 'index' ORDER BY name";
    static const char wr[] = "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE "
                             "type = 'table' ORDER BY name";
    static const char views[] = "SELECT name, sql FROM sqlite_schema WHERE type = 'view' "
                                "ORDER BY name";

    static const char trg[] = "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = "
                              "'trigger' ORDER BY name";
    const char *q[] = {cols, idx, wr, views, trg};
    for (size_t i = 0; i < 5; i++) {
        char *a = sql_dump(db, q[i]), *b = sql_dump(fresh, q[i]);
        cr_expect_str_eq(a, b, "%s: %s", dump, q[i]);
        free(a);
        free(b);
    }
}

Test(migrate, migrated_schema_equals_a_new_store, .init = setup, .fini = teardown)
{
    schema_equals_a_new_store("store_v1.sql");
}

Test(migrate, migrated_v2_schema_equals_a_new_store, .init = setup, .fini = teardown)
{
    schema_equals_a_new_store("store_v2.sql");
}

Test(migrate, migrated_v3_schema_equals_a_new_store, .init = setup, .fini = teardown)
{
    schema_equals_a_new_store("store_v3.sql");
}

Test(migrate, migrated_v3_sets_schema_equals_a_new_store, .init = setup, .fini = teardown)
{
    schema_equals_a_new_store("store_v3_sets.sql");
}

/* A schema-5 store (here: the schema-6 store of tests/data/store_v6.sql without its
 * schema-6 table) is migrated 5 -> 6 -> 7 -> 8, and its country sets are built as the
 * coauth of schema 6 built them at ingest. */
Test(migrate, v5_store_migrates_to_6, .init = setup, .fini = teardown)
{
    static const char sets[] = "SELECT pmid, year, research, n_authors, hex(parts) FROM "
                               "paper_country_sets ORDER BY pmid";
    load_dump("store_v6.sql");
    char *before = sql_dump(db, sets);
    cr_assert(strlen(before) > 0);
    exec_sql(db, "DROP TABLE paper_country_sets; PRAGMA user_version = 5");
    coauth_error err = COAUTH_ERROR_INIT;
    int from = 0;
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 5);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    char *after = sql_dump(db, sets);
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    expect_rows("SELECT value FROM meta WHERE key = 'migrated_from_schema'", "5\n");
}

/* ---- schema 6 -> 7: the metadata dictionaries ------------------------------------- */

/* The schema-6 metadata tables, every value quoted (NULL, '' and 1 vs '1' differ):
 * read from the tables of a schema-6 store and from the views of a schema-7 one. */
static const char *const v6_tables[] = {
    "SELECT quote(pmid), quote(seq), quote(ui), quote(name) FROM paper_types ORDER BY pmid, seq",
    "SELECT quote(pmid), quote(seq), quote(issn), quote(type) FROM paper_issns ORDER BY pmid, "
    "seq",
    "SELECT quote(pmid), quote(seq), quote(language) FROM paper_languages ORDER BY pmid, seq",
    "SELECT quote(pmid), quote(seq), quote(ui), quote(name), quote(major) FROM paper_mesh ORDER "
    "BY pmid, seq",
    "SELECT quote(pmid), quote(seq), quote(agency), quote(country), quote(grant_id) FROM "
    "paper_grants ORDER BY pmid, seq",
    "SELECT quote(pmid), quote(position), quote(name), quote(last_name), quote(fore_name), "
    "quote(initials), quote(collective_name), quote(orcid) FROM authors ORDER BY pmid, position",
    "SELECT quote(pmid), quote(position), quote(seq), quote(k), quote(source), quote(value) FROM "
    "affiliation_identifiers ORDER BY 1, 2, 3, 4",
};
#define N_V6_TABLES (sizeof v6_tables / sizeof v6_tables[0])

static const char dict_counts[] =
    "SELECT (SELECT count(*) FROM publication_types), (SELECT count(*) FROM issns), "
    "(SELECT count(*) FROM languages), (SELECT count(*) FROM mesh_descriptors), "
    "(SELECT count(*) FROM grant_funders)";

static void ingest_v6_inputs(const char *path);

Test(migrate, migrated_v6_schema_equals_a_new_store, .init = setup, .fini = teardown)
{
    schema_equals_a_new_store("store_v6.sql");
}

/* Every row of the schema-6 metadata tables reads back the same through the views, and
 * the dictionaries hold each distinct value of the stored rows once (counted by hand
 * from tests/data/v6_store.xml and v6_update.xml: the schema-6 store no longer has the
 * values of the deleted 6005 and of the first version of 6001). */
Test(migrate, v6_store_migrates_to_7, .init = setup, .fini = teardown)
{
    load_dump("store_v6.sql");
    cr_assert_eq(sql_int("PRAGMA user_version"), 6);
    char *before[N_V6_TABLES];
    for (size_t i = 0; i < N_V6_TABLES; i++) {
        before[i] = sql_dump(db, v6_tables[i]);
        cr_assert(strlen(before[i]) > 0, "%s", v6_tables[i]);
    }
    coauth_error err = COAUTH_ERROR_INIT;
    int from = 0;
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 6);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    expect_rows("SELECT value FROM meta WHERE key = 'migrated_from_schema'", "6\n");
    expect_rows("SELECT type FROM sqlite_schema WHERE name IN ('paper_types', 'paper_issns', "
                "'paper_languages', 'paper_mesh', 'paper_grants', 'authors')",
                "view\nview\nview\nview\nview\nview\n");
    for (size_t i = 0; i < N_V6_TABLES; i++) {
        char *after = sql_dump(db, v6_tables[i]);
        cr_expect_str_eq(after, before[i], "%s", v6_tables[i]);
        free(after);
        free(before[i]);
    }
    /* types: Journal Article with and without UI, Review, Letter; ISSNs: 0620
     * Electronic, 0639 without type, 0612 Linking; languages spa eng GER por vie; MeSH:
     * Space Flight, Humans, Neoplasms; funders: NCI/US, Wellcome/UK, DFG/none,
     * none/Japan, FAPESP/BR, NIAID/US */
    expect_rows(dict_counts, "4|3|5|3|6\n");
    /* one paper_meta row per paper with a list (6003 has none), one author_names row per
     * author; every name is its derivation, so none is stored */
    expect_rows("SELECT group_concat(pmid) FROM paper_meta", "6001,6002,6004,6006\n");
    expect_rows("SELECT count(*), count(name) FROM author_names", "13|0\n");
    /* 6002's grant ids, escaped in JSON and read back */
    expect_rows("SELECT grant_id FROM paper_grants WHERE pmid = 6002 ORDER BY seq",
                "R01 \"CA\" 0006\\12\nNULL\nDFG 612/1-2\nno agency\n");
}

/* The schema-6 tables are dropped after the migration's commit; one left by a kill in
 * between is dropped by the next writable open, and a read-only open answers all the
 * same. */
Test(migrate, v6_tables_left_by_a_kill_are_dropped, .init = setup, .fini = teardown)
{
    load_dump("store_v6.sql");
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, NULL), COAUTH_OK, "%s", err.msg);
    expect_rows("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'v6%'", "0\n");
    exec_sql(db, "CREATE TABLE v6_paper_mesh(pmid, seq, ui, name, major); "
                 "INSERT INTO v6_paper_mesh VALUES (1, 1, 'D000001', 'x', 0)");
    cr_assert_eq(open_status(db, COAUTH_STORE_READONLY, &err, NULL), COAUTH_OK, "%s", err.msg);
    expect_rows("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'v6%'", "1\n");
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, NULL), COAUTH_OK, "%s", err.msg);
    expect_rows("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'v6%'", "0\n");
    expect_rows("SELECT count(*) FROM paper_mesh", "6\n"); /* 6001: 1, 6002: 3, 6004, 6006 */
}

/* A fresh ingest of the same files keeps the values of the replaced and deleted
 * records in its dictionaries: also Research Support, Non-U.S. Gov't and Systematic
 * Review; 0612 Print and 0647 Print; pol; Blood. */
Test(migrate, dictionaries_keep_replaced_values, .init = setup, .fini = teardown)
{
    ingest_v6_inputs(db);
    expect_rows(dict_counts, "6|5|6|4|6\n");
    expect_rows("SELECT count(*) FROM paper_mesh WHERE ui = 'D001769'", "0\n");
    expect_rows("SELECT count(*) FROM mesh_descriptors WHERE ui = 'D001769'", "1\n");
}

static void ingest_v6_inputs(const char *path)
{
    char nlm[600];
    snprintf(nlm, sizeof nlm, "%s/pubmed26n0061.xml", dir);
    cr_assert_eq(copy_file(test_data("v6_store.xml"), nlm), 0);
    const char *argv[] = {"ingest", "-q", "-d", path, nlm, test_data("v6_update.xml"), NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
}

static char *cli_out(const char *const *argv)
{
    char *out = run_cli_stdout(argv);
    cr_assert_not_null(out, "%s failed", argv[0]);
    return out;
}

/* The queries of every study filter, at country level (country sets merged with the
 * filter) and institution level (authorships merged with it). */
static const char *const v6_filters[][4] = {
    {"--types", "all", NULL, NULL},
    {"--types", "review", NULL, NULL},
    {"--types", "research,!Review", NULL, NULL},
    {"--types", "!D016428", NULL, NULL},
    {"--types", "all,!research", NULL, NULL},
    {"--types", "Letter,Journal Article", NULL, NULL},
    {"--mesh", "D009369", NULL, NULL},
    {"--mesh", "D009369,D013026", "--mesh-major", NULL},
    {"--language", "ger,SPA", NULL, NULL},
    {"--grant-agency", "*nih*", NULL, NULL},
    {"--grant-agency", "*", "--grant-country", "united states"},
    {"--grant-country", "japan", NULL, NULL},
    {"--journal", "0000-0612", NULL, NULL},
    {"--journal", "9999061", NULL, NULL},
    {"--journal", "0000-0639", "--types", "all"},
};

/* Each filter of v6_filters as schema 6's SQL wrote it (correlated EXISTS on the item
 * rows, here the views), for papers p: the independent reading of the filters. */
#define R6 "coalesce(p.research, 1) = 1"
static const char *const v6_filter_sql[] = {
    "1",
    "EXISTS (SELECT 1 FROM paper_types t WHERE t.pmid = p.pmid AND lower(t.name) IN "
    "('review'))",
    R6 " AND NOT EXISTS (SELECT 1 FROM paper_types t WHERE t.pmid = p.pmid AND lower(t.name) "
       "IN ('review'))",
    R6 " AND NOT EXISTS (SELECT 1 FROM paper_types t WHERE t.pmid = p.pmid AND t.ui IN "
       "('D016428'))",
    "NOT (" R6 ")",
    "EXISTS (SELECT 1 FROM paper_types t WHERE t.pmid = p.pmid AND lower(t.name) IN "
    "('letter', 'journal article'))",
    R6 " AND EXISTS (SELECT 1 FROM paper_mesh m WHERE m.pmid = p.pmid AND m.ui IN "
       "('D009369'))",
    R6 " AND EXISTS (SELECT 1 FROM paper_mesh m WHERE m.pmid = p.pmid AND m.ui IN "
       "('D009369', 'D013026') AND m.major = 1)",
    R6 " AND EXISTS (SELECT 1 FROM paper_languages l WHERE l.pmid = p.pmid AND l.language "
       "COLLATE NOCASE IN ('ger', 'spa'))",
    R6 " AND EXISTS (SELECT 1 FROM paper_grants g WHERE g.pmid = p.pmid AND lower(g.agency) "
       "GLOB '*nih*')",
    R6 " AND EXISTS (SELECT 1 FROM paper_grants g WHERE g.pmid = p.pmid AND lower(g.agency) "
       "GLOB '*' AND lower(g.country) = 'united states')",
    R6 " AND EXISTS (SELECT 1 FROM paper_grants g WHERE g.pmid = p.pmid AND lower(g.country) "
       "= 'japan')",
    R6 " AND (EXISTS (SELECT 1 FROM paper_journals pj WHERE pj.pmid = p.pmid AND pj.nlm_id IN "
       "('0000-0612')) OR EXISTS (SELECT 1 FROM paper_issns i WHERE i.pmid = "
       "p.pmid AND upper(i.issn) IN ('0000-0612')))",
    R6 " AND (EXISTS (SELECT 1 FROM paper_journals pj WHERE pj.pmid = p.pmid AND pj.nlm_id IN "
       "('9999061')) OR EXISTS (SELECT 1 FROM paper_issns i WHERE i.pmid = "
       "p.pmid AND upper(i.issn) IN ('9999061')))",
    "(EXISTS (SELECT 1 FROM paper_journals pj WHERE pj.pmid = p.pmid AND pj.nlm_id IN "
    "('0000-0639')) OR EXISTS (SELECT 1 FROM paper_issns i WHERE i.pmid = p.pmid "
    "AND upper(i.issn) IN ('0000-0639')))",
};

/* "country,papers\n" rows of an intl CSV (its first two columns, after the header). */
static char *first_two_columns(const char *csv)
{
    size_t n = strlen(csv);
    char *out = malloc(n + 1), *o = out;
    cr_assert_not_null(out);
    const char *line = strchr(csv, '\n');
    while (line && line[1]) {
        line++;
        const char *c1 = strchr(line, ',');
        const char *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
        const char *end = strchr(line, '\n');
        if (!c2 || !end || c2 > end)
            break;
        memcpy(o, line, (size_t)(c2 - line));
        o += c2 - line;
        *o++ = '\n';
        line = end;
    }
    *o = '\0';
    for (char *c = out; *c; c++)
        if (*c == '|')
            *c = ',';
    return out;
}

/* Every filter of the branch's evaluation (dictionary ids, paper_meta lists) keeps the
 * papers schema 6's SQL keeps, on the migrated store and on a fresh ingest: the W
 * column of intl against a count over the view paper_countries. */
Test(migrate, filters_keep_what_schema_6_sql_keeps, .init = setup, .fini = teardown)
{
    cr_assert_eq(sizeof v6_filter_sql / sizeof v6_filter_sql[0],
                 sizeof v6_filters / sizeof v6_filters[0]);
    load_dump("store_v6.sql");
    const char *m[] = {"migrate", "-d", db, NULL};
    free(cli_out(m));
    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s/fresh.db", dir);
    ingest_v6_inputs(fresh);
    const char *stores[] = {db, fresh};
    size_t nonempty = 0;
    for (size_t i = 0; i < sizeof v6_filters / sizeof v6_filters[0]; i++) {
        char sql[1024];
        snprintf(sql, sizeof sql,
                 "SELECT c.country || ',' || count(*) FROM paper_countries c JOIN papers p ON "
                 "p.pmid = c.pmid WHERE %s GROUP BY c.country ORDER BY c.country",
                 v6_filter_sql[i]);
        for (size_t k = 0; k < 2; k++) {
            const char *q[10] = {"intl", "-d", stores[k], "--by", "country"};
            size_t n = 5;
            for (size_t j = 0; j < 4 && v6_filters[i][j]; j++)
                q[n++] = v6_filters[i][j];
            char *out = cli_out(q);
            char *got = first_two_columns(out);
            char *want = sql_dump(stores[k], sql);
            cr_expect_str_eq(got, want, "%s %s %s (%s)", v6_filters[i][0], v6_filters[i][1],
                             v6_filters[i][2] ? v6_filters[i][2] : "", k ? "fresh" : "migrated");
            nonempty += *want != '\0';
            free(out);
            free(got);
            free(want);
        }
    }
    cr_expect_geq(nonempty, 26, "most filters keep some paper"); /* not a vacuous check */
}

/* A migrated schema-6 store answers every filtered query as a fresh schema-7 ingest of
 * the same files, and its views hold the same rows. */
Test(migrate, migrated_v6_answers_as_a_fresh_ingest, .init = setup, .fini = teardown)
{
    load_dump("store_v6.sql");
    const char *m[] = {"migrate", "-d", db, NULL};
    free(cli_out(m));
    char fresh[600];
    snprintf(fresh, sizeof fresh, "%s/fresh.db", dir);
    ingest_v6_inputs(fresh);
    for (size_t i = 0; i < N_V6_TABLES; i++) {
        char *a = sql_dump(db, v6_tables[i]), *b = sql_dump(fresh, v6_tables[i]);
        cr_expect_str_eq(a, b, "%s", v6_tables[i]);
        free(a);
        free(b);
    }
    for (size_t i = 0; i < sizeof v6_filters / sizeof v6_filters[0]; i++) {
        for (int level = 0; level < 2; level++) {
            const char *q[12] = {level ? "network" : "intl", "-d", NULL, "--by", "country"};
            if (level) {
                q[3] = "--level";
                q[4] = "institution";
            }
            size_t n = 5;
            for (size_t k = 0; k < 4 && v6_filters[i][k]; k++)
                q[n++] = v6_filters[i][k];
            q[2] = db;
            char *a = cli_out(q);
            q[2] = fresh;
            char *b = cli_out(q);
            cr_expect_str_eq(a, b, "%s %s %s", q[0], v6_filters[i][0], v6_filters[i][1]);
            free(a);
            free(b);
        }
    }
}

/* Filters on the migrated store, against counts made by hand from the fixture's
 * papers (6001 v2: ES, CN; Journal Article; spa; Space Flight major; no grant;
 * 6002: DE, US, CN, JP; Journal Article (twice), Review; eng, GER; Neoplasms major by a
 * qualifier; NCI, Wellcome, DFG, Japan; 6003: NG, US, no lists; 6004: BR, CN; Letter;
 * 6006: VN, US; NIAID). */
Test(migrate, migrated_v6_filters_by_hand, .init = setup, .fini = teardown)
{
    load_dump("store_v6.sql");
    const char *m[] = {"migrate", "-d", db, NULL};
    free(cli_out(m));
    static const struct {
        const char *opt, *val, *opt2, *want; /* papers per country */
    } cases[] = {
        {"--mesh", "D009369", NULL, "CN,2\nBR,1\nDE,1\nJP,1\nUS,1\n"},
        {"--mesh", "D009369", "--mesh-major", "CN,1\nDE,1\nJP,1\nUS,1\n"},
        {"--mesh", "D013026", "--mesh-major", "CN,1\nES,1\n"},
        {"--language", "GER", NULL, "CN,1\nDE,1\nJP,1\nUS,1\n"},
        {"--grant-agency", "*nih*", NULL, "US,2\nCN,1\nDE,1\nJP,1\nVN,1\n"},
        {"--grant-country", "JAPAN", NULL, "CN,1\nDE,1\nJP,1\nUS,1\n"},
        {"--journal", "0000-0620", NULL, "CN,1\nES,1\n"},
        {"--types", "!Review", NULL, "US,2\nCN,1\nES,1\nNG,1\nVN,1\n"},
        {"--types", "letter", NULL, "BR,1\nCN,1\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *q[10] = {"intl",       "-d",          db,  "--types", "all", cases[i].opt,
                             cases[i].val, cases[i].opt2, NULL};
        if (strcmp(cases[i].opt, "--types") == 0) {
            q[3] = cases[i].opt;
            q[4] = cases[i].val;
            q[5] = NULL;
        }
        char *out = cli_out(q);
        /* country,papers,...: keep the first two columns, papers descending then name */
        char got[512] = "";
        size_t o = 0;
        const char *line = strchr(out, '\n');
        struct {
            char c[3];
            int n;
        } rows[32];
        size_t nr = 0;
        while (line && line[1] && nr < 32) {
            line++;
            int n = 0;
            if (sscanf(line, "%2[A-Z],%d,", rows[nr].c, &n) == 2)
                rows[nr++].n = n;
            line = strchr(line, '\n');
        }
        for (size_t a = 0; a < nr; a++)
            for (size_t b = a + 1; b < nr; b++)
                if (rows[b].n > rows[a].n ||
                    (rows[b].n == rows[a].n && strcmp(rows[b].c, rows[a].c) < 0)) {
                    char t[3];
                    int tn = rows[a].n;
                    memcpy(t, rows[a].c, 3);
                    rows[a] = rows[b];
                    memcpy(rows[b].c, t, 3);
                    rows[b].n = tn;
                }
        for (size_t a = 0; a < nr; a++)
            o += (size_t)snprintf(got + o, sizeof got - o, "%s,%d\n", rows[a].c, rows[a].n);
        cr_expect_str_eq(got, cases[i].want, "%s %s %s:\n%s", cases[i].opt, cases[i].val,
                         cases[i].opt2 ? cases[i].opt2 : "", out);
        free(out);
    }
}

Test(migrate, migrated_v6_sets_schema_equals_a_new_store, .init = setup, .fini = teardown)
{
    schema_equals_a_new_store("store_v6_sets.sql");
}

/* A store made by the previous coauth at schema 6 is migrated 6 -> 7 -> 8: its sets
 * rows stay as they were, and its chunks are packed from them (test_maintained.c
 * decodes them). */
Test(migrate, v6_sets_store_migrates_to_8, .init = setup, .fini = teardown)
{
    load_dump("store_v6_sets.sql");
    cr_assert_eq(sql_int("PRAGMA user_version"), 6);
    static const char sets[] = "SELECT pmid, year, research, n_authors, hex(parts) FROM "
                               "paper_country_sets ORDER BY pmid";
    char *before = sql_dump(db, sets);
    cr_assert_eq(sql_int("SELECT count(*) FROM paper_country_sets"), 4);
    coauth_error err = COAUTH_ERROR_INIT;
    int from = 0;
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 6);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    char *after = sql_dump(db, sets);
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
    cr_expect_eq(sql_int("SELECT count(*) FROM paper_country_chunks"), 1);
    cr_expect_eq(sql_int("SELECT count(*) FROM paper_country_dirty"), 0);
    cr_expect_eq(sql_int("SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND "
                         "tbl_name = 'paper_country_sets'"),
                 3);
    expect_rows("SELECT value FROM meta WHERE key = 'migrated_from_schema'", "6\n");
}

/* Places of the v2 store's files: pubmed25n0007.xml is (25, 0007), v2_update.xml
 * comes after it. */
#define PLACE_7  "1073771888771072" /* 250007 << 32 */
#define PLACE_7B "1073771888771073" /* the file after it */

Test(migrate, writable_open_migrates_a_v2_store, .init = setup, .fini = teardown)
{
    load_dump("store_v2.sql");
    cr_assert_eq(sql_int("PRAGMA user_version"), 2);
    char *before = sql_dump(db, "SELECT * FROM papers ORDER BY pmid");
    coauth_error err = COAUTH_ERROR_INIT;
    int from = 0;
    cr_assert_eq(open_status(db, COAUTH_STORE_EXISTING, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 2);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    expect_rows("SELECT id, name, place, md5 FROM files ORDER BY id",
                "1|pubmed25n0007.xml|" PLACE_7 "|NULL\n2|v2_update.xml|" PLACE_7B "|NULL\n");
    expect_rows("SELECT pmid, version, file_id, place, place_record FROM papers ORDER BY pmid",
                "3001|2|2|" PLACE_7B "|0\n3003|1|1|" PLACE_7 "|0\n");
    expect_rows("SELECT pmid, file_id, place, place_record FROM deletions",
                "3002|2|" PLACE_7B "|0\n");
    /* the schema-2 columns are untouched */
    char *after = sql_dump(db, "SELECT pmid, version, year, n_authors, file_id, research, "
                               "aff_layout, title, doi, pmc, nlm_id, journal_iso, journal_title "
                               "FROM papers LEFT JOIN paper_journals USING (pmid) ORDER BY pmid");
    cr_expect_str_eq(before, after);
    free(before);
    free(after);
    expect_rows("SELECT key, value FROM meta WHERE key IN ('schema_version', "
                "'migrated_from_schema') ORDER BY key",
                "migrated_from_schema|2\nschema_version|" SCHEMA_STR "\n");
    cr_expect_eq(sql_int("SELECT count(*) FROM meta WHERE key = 'places_note' AND value LIKE "
                         "'%record position 0%'"),
                 1);
    /* a second open has nothing to do */
    cr_assert_eq(open_status(db, 0, &err, &from), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(from, 0);
}

Test(migrate, readonly_open_of_v2_is_refused, .init = setup, .fini = teardown)
{
    load_dump("store_v2.sql");
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_neq(open_status(db, COAUTH_STORE_READONLY, &err, NULL), COAUTH_OK);
    char want[1400];
    snprintf(want, sizeof want, "'%s' has store schema 2; run 'coauth migrate -d %s'", db, db);
    cr_assert(strstr(err.msg, want) == err.msg, "%s", err.msg);
    cr_assert_eq(sql_int("PRAGMA user_version"), 2, "a read-only open never writes");
}

/* After the migration the precedence rule holds for what the old store held: the same
 * file under an earlier NLM name changes nothing (3001 stays revised, 3002 deleted),
 * under a later one it wins. */
Test(migrate, migrated_v2_store_keeps_precedence, .init = setup, .fini = teardown)
{
    load_dump("store_v2.sql");
    char *v2 = read_file(test_data("v2_store.xml"), NULL);
    cr_assert_not_null(v2);
    char early[600], late[600];
    snprintf(early, sizeof early, "%s/pubmed25n0006.xml", dir);
    snprintf(late, sizeof late, "%s/pubmed25n0008.xml", dir);
    cr_assert_eq(write_file(early, v2, strlen(v2)), 0);
    cr_assert_eq(write_file(late, v2, strlen(v2)), 0);
    free(v2);
    const char *a1[] = {"ingest", "-q", "-d", db, early, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, a1), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    expect_rows("SELECT pmid, version, title FROM papers ORDER BY pmid",
                "3001|2|After the revision.\n3003|1|Untouched.\n");
    expect_rows("SELECT pmid, place FROM deletions", "3002|" PLACE_7B "\n");
    const char *a2[] = {"ingest", "-q", "-d", db, late, NULL};
    cr_assert_eq(run_cli(&r, a2), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    expect_rows("SELECT pmid, version, title, place_record FROM papers ORDER BY pmid",
                "3001|1|Before the revision.|1\n3002|1|Deleted by the update.|2\n"
                "3003|1|Untouched.|3\n");
    cr_expect_eq(sql_int("SELECT count(*) FROM deletions"), 0);
}

Test(migrate, readonly_open_of_v1_is_refused, .init = setup, .fini = teardown)
{
    load_v1();
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_neq(open_status(db, COAUTH_STORE_READONLY, &err, NULL), COAUTH_OK);
    char want[1400];
    snprintf(want, sizeof want,
             "'%s' has store schema 1; run 'coauth migrate -d %s' to upgrade it (queries never "
             "write)",
             db, db);
    cr_assert_str_eq(err.msg, want);
    cr_assert_eq(sql_int("PRAGMA user_version"), 1, "a read-only open never writes");

    /* a query through the CLI says the same, exit 1 */
    const char *argv[] = {"intl", "-d", db, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, want) != NULL, "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert_eq(r.out_len, 0);
    run_result_free(&r);
    cr_assert_eq(sql_int("PRAGMA user_version"), 1);
}

/* The counts of the store made by the previous coauth (its `coauth intl --by country`
 * on store_v1.sql, run with the 3716786 binary), and its stats. */
static const char intl_v1[] = "country,papers,international_papers,international_share,"
                              "fractional_papers\n"
                              "CN,2,1,0.500000,1.250000\n"
                              "ES,2,2,1.000000,0.833333\n"
                              "GB,1,1,1.000000,0.333333\n"
                              "NG,1,1,1.000000,0.333333\n"
                              "US,1,1,1.000000,0.250000\n";

Test(migrate, cli_migrate_then_queries_answer_as_before, .init = setup, .fini = teardown)
{
    load_v1();
    const char *m[] = {"migrate", "-d", db, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, m), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.out_len, 0);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "coauth migrate: ") == r.err, "%s", r.err);
    cr_assert(strstr(r.err, "migrated from store schema 1 to " SCHEMA_STR) != NULL, "%s", r.err);
    run_result_free(&r);

    cr_assert_eq(run_cli(&r, m), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "already at store schema " SCHEMA_STR) != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);

    const char *q[] = {"intl", "-d", db, "--by", "country", "--types", "all", NULL};
    cr_assert_eq(run_cli(&r, q), 0);
    if (r.status == 2) /* a build without --types yet: the query counts every paper */
    {
        run_result_free(&r);
        q[5] = NULL;
        cr_assert_eq(run_cli(&r, q), 0);
    }
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, intl_v1);
    run_result_free(&r);

    /* papers without metadata (research NULL, no paper_meta row) on the country-set
     * path of the filters: of the research class (coalesce), with empty lists, so an
     * exclusion keeps them, a listed type, a language or excluding the class does not */
    static const char *const kept[][2] = {{"--types", "!D016422"},
                                          {"--types", "research,D016454"},
                                          {"--types", "D016454"},
                                          {"--language", "eng"},
                                          {"--types", "all,!research"}};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        const char *qf[] = {"intl", "-d", db, "--by", "country", kept[i][0], kept[i][1], NULL};
        cr_assert_eq(run_cli(&r, qf), 0);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_expect_str_eq(r.out,
                         i < 2 ? intl_v1
                               : "country,papers,international_papers,"
                                 "international_share,fractional_papers\n",
                         "%s %s", kept[i][0], kept[i][1]);
        run_result_free(&r);
    }

    const char *st[] = {"stats", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, st), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    static const char *const rows[] = {"\npapers,3\n",
                                       "\npapers_with_country,3\n",
                                       "\npapers_research,0\n",
                                       "\npapers_other,0\n",
                                       "\npapers_without_metadata,3\n",
                                       "\npapers_older_layout,0\n",
                                       "\nauthorships,7\n",
                                       "\naffiliations,5\n",
                                       "\ninstitutions,5\n",
                                       "\nrecords_applied,3\n"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        cr_expect(strstr(r.out, rows[i]) != NULL, "%s not in:\n%s", rows[i] + 1, r.out);
    /* the new rows follow papers_without_year, in this order */
    cr_expect(strstr(r.out,
                     "papers_without_year,0\npapers_research,0\npapers_other,0\n"
                     "papers_without_metadata,3\npapers_older_layout,0\npapers_pubmed,3\n"
                     "papers_jats,0\npapers_pubmed_and_jats,0\npapers_authorships_from_jats,0\n"
                     "authorships,") != NULL,
              "%s", r.out);
    run_result_free(&r);
}

Test(migrate, cli_migrate_usage_and_errors, .init = setup, .fini = teardown)
{
    run_result r;
    const char *extra[] = {"migrate", "-d", db, "oops", NULL};
    cr_assert_eq(run_cli(&r, extra), 0);
    cr_assert_eq(r.status, 2, "%s", r.err);
    run_result_free(&r);
    const char *bad[] = {"migrate", "--nope", NULL};
    cr_assert_eq(run_cli(&r, bad), 0);
    cr_assert_eq(r.status, 2, "%s", r.err);
    run_result_free(&r);
    /* no store there: an error, and none is created */
    const char *missing[] = {"migrate", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, missing), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "no store") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_null(fopen(db, "r"));
    /* a store already at schema 9 */
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(open_status(db, 0, &err, NULL), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(run_cli(&r, missing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "already at store schema " SCHEMA_STR) != NULL, "%s", r.err);
    run_result_free(&r);
}

Test(migrate, newer_schema_is_refused, .init = setup, .fini = teardown)
{
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(open_status(db, 0, &err, NULL), COAUTH_OK, "%s", err.msg);
    char newer[64];
    snprintf(newer, sizeof newer, "PRAGMA user_version = %d", COAUTH_SCHEMA_VERSION + 1);
    exec_sql(db, newer);
    unsigned flags[] = {0, COAUTH_STORE_EXISTING, COAUTH_STORE_READONLY};
    for (size_t i = 0; i < 3; i++) {
        coauth_error_clear(&err);
        cr_assert_eq(open_status(db, flags[i], &err, NULL), COAUTH_ESTORE);
        cr_assert(strstr(err.msg, "newer") != NULL, "%s", err.msg);
        cr_assert(strstr(err.msg, db) != NULL, "names the store: %s", err.msg);
    }
    run_result r;
    const char *m[] = {"migrate", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, m), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "newer") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION + 1);
}

/* A migration that fails half-way (here: a table it creates exists already) leaves the
 * store exactly at schema 1. */
Test(migrate, failed_migration_leaves_schema_1, .init = setup, .fini = teardown)
{
    load_v1();
    exec_sql(db, "CREATE TABLE paper_mesh(x)");
    char *before = sql_dump(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(open_status(db, 0, &err, NULL), COAUTH_ESTORE);
    cr_assert(strstr(err.msg, db) != NULL, "names the store: %s", err.msg);
    cr_assert(strstr(err.msg, "migrating from schema 1") != NULL, "%s", err.msg);
    cr_assert_eq(sql_int("PRAGMA user_version"), 1);
    char *after = sql_dump(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY name");
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE identifier IS NOT NULL"), 4);
}

/* The splitting rule on identifier strings the fixture does not have. */
Test(migrate, identifier_strings_split_by_the_rule, .init = setup, .fini = teardown)
{
    load_v1();
    static const struct {
        const char *v1, *rows;
    } cases[] = {
        {"ROR:https://ror.org/x", "1|ROR|https://ror.org/x\n"},
        {"https://ror.org/y", "1||https://ror.org/y\n"}, /* a URL, not source "https" */
        {":bare", "1||bare\n"},
        {"ISNI:0000 0001 GRID:grid.1 Ringgold:42",
         "1|ISNI|0000 0001\n2|GRID|grid.1\n3|Ringgold|42\n"},
        {"plain value", "1||plain value\n"},
        {"plain A:1", "1||plain\n2|A|1\n"},
        {"X_y-1:v  w", "1|X_y-1|v  w\n"},
        {"1abc:x", "1||1abc:x\n"},
        {"ROR: spaced", "1|ROR| spaced\n"},
        {"a:", "1|a|\n"},
        {"", ""},
        {"   ", ""},
    };
    size_t n = sizeof cases / sizeof cases[0];
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *ins = NULL;
    cr_assert_eq(sqlite3_prepare_v2(h,
                                    "INSERT INTO authorships(pmid, position, seq, "
                                    "affiliation_id, identifier) VALUES (9001, ?1, 1, 1, ?2)",
                                    -1, &ins, NULL),
                 SQLITE_OK);
    for (size_t i = 0; i < n; i++) {
        sqlite3_bind_int(ins, 1, (int)i + 1);
        sqlite3_bind_text(ins, 2, cases[i].v1, -1, SQLITE_STATIC);
        cr_assert_eq(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_close(h);
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(open_status(db, 0, &err, NULL), COAUTH_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++) {
        char q[200];
        snprintf(q, sizeof q,
                 "SELECT k, source, value FROM affiliation_identifiers WHERE pmid = 9001 AND "
                 "position = %zu ORDER BY k",
                 i + 1);
        char *got = sql_dump(db, q);
        cr_expect_str_eq(got, cases[i].rows, "'%s'", cases[i].v1);
        free(got);
    }
}

/* Papers migrated without metadata get it when their file is ingested again with
 * --force (without it, the file is already applied). */
Test(migrate, reingest_with_force_fills_metadata, .init = setup, .fini = teardown)
{
    load_v1();
    const char *plain[] = {"ingest", "-d", db, test_data("v1_store.xml"), NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, plain), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "migrated from store schema 1 to " SCHEMA_STR) != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "already applied") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers WHERE research IS NULL"), 3);

    const char *force[] = {"ingest", "-q", "--force", "-d", db, test_data("v1_store.xml"), NULL};
    cr_assert_eq(run_cli(&r, force), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers WHERE research IS NULL"), 0);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 3);
    /* 2 + 3 + 2 authors, in order, the collective one named */
    expect_rows("SELECT pmid, position, name FROM authors ORDER BY pmid, position",
                "2001|1|Garcia, Maria\n2001|2|Chen, Wei\n2002|1|Okafor, Chinedu\n"
                "2002|2|Smith, Jane\n2002|3|Garcia, Maria\n2003|1|Chen, Wei\n"
                "2003|2|The Migration Group\n");
    /* the identifiers come out of the record as the migration made them */
    expect_rows(idents_sql, idents_v1);
    expect_rows("SELECT pmid, position, seq, affiliation_id FROM authorships ORDER BY 1, 2, 3",
                authorships_v1);
    const char *st[] = {"stats", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, st), 0);
    cr_assert(strstr(r.out, "\npapers_without_metadata,0\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nfiles,2\n") != NULL, "%s", r.out);
    run_result_free(&r);
}

/* Provenance (SPEC 8): a migrated store's strings come from an unknown, older resolver:
 * a query says once that reresolve is due, and after `coauth reresolve` it does not;
 * stats ends with the provenance rows. */
Test(migrate, provenance_and_reresolve_due, .init = setup, .fini = teardown)
{
    load_dump("store_v2.sql");
    const char *m[] = {"migrate", "-d", db, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, m), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    const char *q[] = {"intl", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, q), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
    cr_expect(strstr(r.err, "coauth intl: warning: ") == r.err, "%s", r.err);
    cr_expect(strstr(r.err, "resolver version 0, older than this coauth's (1): 'coauth "
                            "reresolve -d ") != NULL,
              "%s", r.err);
    run_result_free(&r);
    const char *st[] = {"stats", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, st), 0);
    cr_expect(strstr(r.out,
                     "\nrecords_without_pmid,0\ncoauth_version,unknown\nschema_version," SCHEMA_STR
                     "\n"
                     "resolver_version,0\nthesaurus_checksum,none\n") != NULL,
              "%s", r.out);
    run_result_free(&r);
    const char *rr[] = {"reresolve", "-q", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, rr), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(run_cli(&r, q), 0);
    cr_expect_eq(r.err_len, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(run_cli(&r, st), 0);
    char want[200];
    snprintf(want, sizeof want,
             "\ncoauth_version,%s\nschema_version," SCHEMA_STR "\nresolver_version,1\n",
             coauth_version());
    cr_expect(strstr(r.out, want) != NULL, "%s", r.out);
    run_result_free(&r);
}
