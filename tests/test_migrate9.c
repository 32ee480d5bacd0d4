/* test_migrate9.c - the migration from store schema 8 to 9 (authors as one
 * paper_authors row per paper): tests/data/store_v8.sql, a store made by the schema-8
 * coauth (commit 02ebaa4) from tests/data/v6_store.xml and v6_update.xml, is migrated;
 * every author row reads back as it was (the views author_names and authors), the
 * arrays are checked against JSON written out by hand, and the migrated store answers
 * every query and filter as a fresh ingest of the same files, before and after a
 * replacement. */
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

TestSuite(migrate9, .init = suite_init);

static char *dir;
static char db[512], fresh[512], nlm[512];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/v8.db", dir);
    snprintf(fresh, sizeof fresh, "%s/fresh.db", dir);
    snprintf(nlm, sizeof nlm, "%s/pubmed26n0061.xml", dir);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

static void exec_sql(const char *path, const char *sql)
{
    sql_exec_at(path, sql);
}

static void load_v8(void)
{
    char *sql = read_file(test_data("store_v8.sql"), NULL);
    cr_assert_not_null(sql);
    exec_sql(db, sql);
    free(sql);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), 8);
}

static char *cli_out(const char *const *argv)
{
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s: %s", argv[0], r.err);
    char *out = r.out;
    r.out = NULL;
    run_result_free(&r);
    return out;
}

static void migrate(const char *path)
{
    const char *m[] = {"migrate", "-d", path, NULL};
    free(cli_out(m));
}

/* The files the fixture was made from, ingested by this coauth (`force`: again, with
 * --force, into a store that has them). */
static void ingest_inputs(const char *path, bool force)
{
    size_t len = 0;
    char *x = read_file(test_data("v6_store.xml"), &len);
    cr_assert_not_null(x);
    cr_assert_eq(write_file(nlm, x, len), 0);
    free(x);
    const char *argv[] = {"ingest", "-q", force ? "--force" : "-q",   "-d",
                          path,     nlm,  test_data("v6_update.xml"), NULL};
    free(cli_out(argv));
}

static void expect_rows_at(const char *path, const char *sql, const char *want)
{
    char *got = sql_rows_at(path, sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

static const char authors_sql[] =
    "SELECT quote(pmid), quote(position), quote(name), quote(last_name), quote(fore_name), "
    "quote(initials), quote(collective_name), quote(orcid) FROM authors ORDER BY pmid, position";
static const char author_names_sql[] =
    "SELECT quote(pmid), quote(position), quote(last_name), quote(fore_name), quote(initials), "
    "quote(collective_name), quote(orcid), quote(name) FROM author_names ORDER BY pmid, position";

/* Every table and view a user may read, value for value. */
static const char *const dumps[] = {
    authors_sql,
    author_names_sql,
    "SELECT * FROM papers ORDER BY pmid",
    "SELECT * FROM paper_meta ORDER BY pmid",
    "SELECT * FROM paper_types ORDER BY pmid, seq",
    "SELECT * FROM paper_mesh ORDER BY pmid, seq",
    "SELECT * FROM paper_grants ORDER BY pmid, seq",
    "SELECT * FROM authorships ORDER BY 1, 2, 3",
    "SELECT * FROM affiliation_identifiers ORDER BY 1, 2, 3, 4",
    "SELECT * FROM affiliation_parts ORDER BY 1, 2",
    "SELECT * FROM paper_countries ORDER BY 1, 4",
    "SELECT * FROM paper_country_sets ORDER BY 1",
    "SELECT * FROM paper_country_chunks ORDER BY 1",
};

Test(migrate9, v8_store_migrates_to_9, .init = setup, .fini = teardown)
{
    load_v8();
    char *before = sql_rows_at(db, authors_sql), *names = sql_rows_at(db, author_names_sql);
    /* the fixture's authors (v6_store.xml, 6001 replaced by v6_update.xml's version 2) */
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM author_names"), 13);
    migrate(db);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), 9);
    expect_rows_at(db,
                   "SELECT value FROM meta WHERE key IN ('migrated_from_schema', "
                   "'schema_version') ORDER BY key",
                   "8\n9\n");
    expect_rows_at(db,
                   "SELECT name, type FROM sqlite_schema WHERE name IN ('author_names', "
                   "'authors', 'paper_authors', 'v8_author_names') ORDER BY name",
                   "author_names|view\nauthors|view\npaper_authors|table\n");
    char *after = sql_rows_at(db, authors_sql), *names_after = sql_rows_at(db, author_names_sql);
    cr_expect_str_eq(after, before);
    cr_expect_str_eq(names_after, names);
    /* one row per paper with authors, each name part as in v6_store.xml, trailing nulls
     * left out, the display name (derived) not stored */
    expect_rows_at(db, "SELECT pmid, authors FROM paper_authors ORDER BY pmid",
                   "6001|[[\"Garcia\",\"Maria\",\"M\"],[\"Chen\",\"Wei\",\"W\"]]\n"
                   "6002|[[\"Müller\",\"Jürgen\",\"J\"],[\"Smith\",\"\"],[null,\"Madonna\"],"
                   "[null,null,null,\"The \\\"Migration\\\" Consortium\"],[\"Tanaka\",null,"
                   "\"H\"]]\n"
                   "6003|[[\"Okafor\",\"Chinedu\"],[\"Smith\",\"Ann\"]]\n"
                   "6004|[[\"Silva\",\"João\"],[\"Chen\",\"Wei\"]]\n"
                   "6006|[[\"Nguyen\",\"An\"],[\"Smith\",\"Ann\"]]\n");
    free(before);
    free(names);
    free(after);
    free(names_after);
}

/* A stored name (one that is not its derivation), an author with no name part, a gap in
 * the positions: kept by the migration, read back by the views as before. */
Test(migrate9, stored_names_and_gaps_survive, .init = setup, .fini = teardown)
{
    load_v8();
    exec_sql(db, "INSERT INTO author_names VALUES (6003, 5, 'Doe', 'Jane', 'J', NULL, "
                 "'0000-0002-1825-0097', 'J. Doe'), (6004, 3, NULL, NULL, NULL, NULL, NULL, ''), "
                 "(6005, 1, 'Tab\tbed', NULL, NULL, NULL, NULL, NULL)");
    char *before = sql_rows_at(db, authors_sql);
    cr_assert(strstr(before, "6003|5|'J. Doe'|'Doe'|'Jane'|'J'|NULL|'0000-0002-1825-0097'\n"));
    migrate(db);
    char *after = sql_rows_at(db, authors_sql);
    cr_expect_str_eq(after, before);
    expect_rows_at(db,
                   "SELECT authors FROM paper_authors WHERE pmid IN (6003, 6004, 6005) "
                   "ORDER BY pmid",
                   "[[\"Okafor\",\"Chinedu\"],[\"Smith\",\"Ann\"],null,null,[\"Doe\",\"Jane\","
                   "\"J\",null,\"0000-0002-1825-0097\",\"J. Doe\"]]\n"
                   "[[\"Silva\",\"João\"],[\"Chen\",\"Wei\"],[null,null,null,null,null,\"\"]]\n"
                   "[[\"Tab\\u0009bed\"]]\n");
    expect_rows_at(db, "SELECT group_concat(position) FROM author_names WHERE pmid = 6003",
                   "1,2,5\n");
    free(before);
    free(after);
}

/* The queries and filters that read the migrated tables' neighbours (metadata, sets). */
static const char *const queries[][8] = {
    {"intl", "--by", "country", NULL},
    {"intl", "--by", "country,year", "--types", "all", NULL},
    {"intl", "--by", "country", "--mesh", "D009369", NULL},
    {"intl", "--by", "country", "--language", "ger,SPA", NULL},
    {"intl", "--by", "country", "--grant-agency", "*", "--grant-country", "united states", NULL},
    {"intl", "--by", "country", "--journal", "0000-0612", NULL},
    {"intl", "--by", "country", "--types", "research,!Review", NULL},
    {"pair", "US", "CN", "--by", "year", "--types", "all", NULL},
    {"network", "--level", "institution", "--types", "all", NULL},
    {"centrality", "--level", "country", "--types", "all", NULL},
};

static void expect_same_answers(void)
{
    for (size_t i = 0; i < sizeof dumps / sizeof dumps[0]; i++) {
        char *a = sql_rows_at(db, dumps[i]), *b = sql_rows_at(fresh, dumps[i]);
        cr_expect_str_eq(a, b, "%s", dumps[i]);
        free(a);
        free(b);
    }
    size_t nonempty = 0;
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        const char *q[12] = {queries[i][0], "-d", NULL};
        size_t n = 3;
        for (size_t k = 1; k < 8 && queries[i][k]; k++)
            q[n++] = queries[i][k];
        q[2] = db;
        char *a = cli_out(q);
        q[2] = fresh;
        char *b = cli_out(q);
        cr_expect_str_eq(a, b, "%s %s %s", q[0], q[3], q[4]);
        nonempty += count_lines(a) > 1;
        free(a);
        free(b);
    }
    cr_expect_geq(nonempty, 8, "most queries have rows"); /* not a vacuous comparison */
}

Test(migrate9, migrated_v8_answers_as_a_fresh_ingest, .init = setup, .fini = teardown)
{
    load_v8();
    migrate(db);
    ingest_inputs(fresh, false);
    expect_same_answers();
    /* replacing every paper (--force) removes and rewrites the migrated rows */
    ingest_inputs(db, true);
    ingest_inputs(fresh, true);
    expect_same_answers();
    expect_rows_at(db, "SELECT count(*), sum(json_array_length(authors)) FROM paper_authors",
                   "5|13\n");
}

/* A kill after the migration's commit, before v8_author_names was dropped: the next
 * writable open drops it. */
Test(migrate9, v8_table_left_by_a_kill_is_dropped, .init = setup, .fini = teardown)
{
    load_v8();
    migrate(db);
    exec_sql(db, "CREATE TABLE v8_author_names(pmid INTEGER)");
    const char *q[] = {"intl", "-d", db, "--by", "country", NULL};
    free(cli_out(q)); /* a read-only open leaves it */
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                                "'v8_author_names'"),
                 1);
    migrate(db);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                                "'v8_author_names'"),
                 0);
}
