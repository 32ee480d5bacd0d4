/* test_migrate9.c - the migrations from store schema 8 to 9 (authors as one
 * paper_authors row per paper), from 9 to 10 (the journal dictionary, 32-bit
 * affiliation hashes) and from 10 to 11 (identifier countries).
 * - 8 -> 9: tests/data/store_v8.sql, a store made by the schema-8 coauth (commit
 *   02ebaa4) from tests/data/v6_store.xml and v6_update.xml, is migrated; every author
 *   row reads back as it was (the views author_names and authors), the arrays are
 *   checked against JSON written out by hand, and the migrated store answers every
 *   query and filter as a fresh ingest of the same files, before and after a
 *   replacement.
 * - 9 -> 10: tests/data/store_v9.sql, made by the schema-9 coauth (commit 640b399) from
 *   tests/data/v9_journals.xml, is migrated; every paper's journal reads back as it was
 *   (the view paper_journals), the dictionary holds the distinct journals worked out by
 *   hand from the fixture, every hash is the one computed here from the text, and the
 *   migrated store answers as a fresh ingest.
 * - 10 -> 11: tests/data/store_v10_ids.sql, made by the schema-10 coauth (commit 8d96445)
 *   from tests/data/ror_id_country.xml with tests/data/ror_registry.jsonl imported, is
 *   migrated; the papers with identifiers get the countries their identifiers give
 *   (worked out by hand), and every table and view equals a fresh ingest. */
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

static void load_fixture(const char *name, int version)
{
    char *sql = read_file(test_data(name), NULL);
    cr_assert_not_null(sql);
    exec_sql(db, sql);
    free(sql);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), version);
}

static void load_v8(void)
{
    load_fixture("store_v8.sql", 8);
}

static char *cli_out(const char *const *argv)
{
    char *out = run_cli_stdout(argv);
    cr_assert_not_null(out, "%s failed", argv[0]);
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
    cr_assert_eq(copy_file(test_data("v6_store.xml"), nlm), 0);
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
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    expect_rows_at(db,
                   "SELECT value FROM meta WHERE key IN ('migrated_from_schema', "
                   "'schema_version') ORDER BY key",
                   "8\n" SCHEMA_STR "\n");
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

/* Each of the n statements reads the same rows from the migrated store and the fresh
 * one. */
static void expect_same_rows(const char *const *sql, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *a = sql_rows_at(db, sql[i]), *b = sql_rows_at(fresh, sql[i]);
        cr_expect_str_eq(a, b, "%s", sql[i]);
        free(a);
        free(b);
    }
}

static void expect_same_answers(void)
{
    expect_same_rows(dumps, sizeof dumps / sizeof dumps[0]);
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

/* ---- schema 9 -> 10 -------------------------------------------------------------------- */

TestSuite(migrate10, .init = suite_init);

/* FNV-1a, 64 bits, of s, with the offset basis every coauth store has used
 * (1469598103934665603: the published basis 14695981039346656037 without its last
 * digit, kept because stored hashes depend on it); schema 9 stored it, schema 10 its
 * low 32 bits sign-extended (written out here again, not taken from the store's code;
 * the first check below ties it to the schema-9 store). */
static uint64_t fnv64(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static int64_t low32(uint64_t h)
{
    uint32_t v = (uint32_t)h;
    return v < 0x80000000u ? (int64_t)v : (int64_t)v - 4294967296LL;
}

/* Every affiliation's hash against the text: fnv64 (`full`) or low32 of it. */
static void expect_hashes(const char *path, bool full)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(h, "SELECT text, hash FROM affiliations", -1, &st, NULL),
                 SQLITE_OK, "%s", sqlite3_errmsg(h));
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        int64_t got = sqlite3_column_int64(st, 1);
        uint64_t f = fnv64(t);
        cr_expect_eq(got, full ? (int64_t)f : low32(f), "%s", t);
        n++;
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    cr_expect_eq(n, 10, "the fixture's 11 authors have 10 distinct strings");
}

static const char journals_sql[] = "SELECT pmid, quote(nlm_id), quote(journal_iso), "
                                   "quote(journal_title) FROM %s ORDER BY pmid";

static void ingest_journals(const char *path)
{
    char name[600];
    snprintf(name, sizeof name, "%s/pubmed26n0091.xml", dir);
    cr_assert_eq(copy_file(test_data("v9_journals.xml"), name), 0);
    const char *argv[] = {"ingest", "-q", "-d", path, name, NULL};
    free(cli_out(argv));
}

Test(migrate10, v9_store_migrates_to_10, .init = setup, .fini = teardown)
{
    load_fixture("store_v9.sql", 9);
    char sql[256];
    snprintf(sql, sizeof sql, journals_sql, "papers");
    char *before = sql_rows_at(db, sql);
    expect_hashes(db, true);
    migrate(db);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    expect_rows_at(db,
                   "SELECT value FROM meta WHERE key IN ('migrated_from_schema', "
                   "'schema_version') ORDER BY key",
                   "9\n" SCHEMA_STR "\n");
    snprintf(sql, sizeof sql, journals_sql, "papers LEFT JOIN paper_journals USING (pmid)");
    char *after = sql_rows_at(db, sql);
    cr_expect_str_eq(after, before);
    /* the fixture's journals, by hand: 9101, 9102, 9106 one; 9103 the same NLM id with
     * another abbreviation; 9104 a title alone; 9105 none */
    expect_rows_at(db,
                   "SELECT pmid, quote(nlm_id), quote(journal_iso), quote(journal_title) "
                   "FROM papers LEFT JOIN paper_journals USING (pmid) ORDER BY pmid",
                   "9101|'9999091'|'J Small Dict'|'Journal of Small Dictionaries'\n"
                   "9102|'9999091'|'J Small Dict'|'Journal of Small Dictionaries'\n"
                   "9103|'9999091'|'J Sm Dict'|'Journal of Small Dictionaries'\n"
                   "9104|NULL|NULL|'Annals of Titles Only'\n"
                   "9105|NULL|NULL|NULL\n"
                   "9106|'9999091'|'J Small Dict'|'Journal of Small Dictionaries'\n");
    expect_rows_at(db, "SELECT count(*) FROM journals", "3\n");
    /* 9106 had no paper_meta row (no list at all); it has one now, with its journal */
    expect_rows_at(db, "SELECT pmid, types IS NULL, journal IS NULL FROM paper_meta ORDER BY pmid",
                   "9101|0|0\n9102|0|0\n9103|0|0\n9104|0|0\n9106|1|0\n");
    expect_rows_at(db,
                   "SELECT count(*) FROM pragma_table_info('papers') WHERE name IN ('nlm_id', "
                   "'journal_iso', 'journal_title')",
                   "0\n");
    expect_hashes(db, false);
    free(before);
    free(after);
}

/* The journal filter by NLM id and by ISSN, worked out by hand (papers 9101, 9102,
 * 9103, 9106 have NLM id 9999091; only 9101 has ISSN 0000-0911; an abbreviation is no
 * journal id), then every dump and query of a fresh ingest. */
Test(migrate10, migrated_v9_answers_as_a_fresh_ingest, .init = setup, .fini = teardown)
{
    load_fixture("store_v9.sql", 9);
    migrate(db);
    ingest_journals(fresh);
    const char *by_nlm[] = {"intl", "-d", db, "--by", "country", "--journal", "9999091", NULL};
    char *a = cli_out(by_nlm);
    cr_expect_str_eq(a, "country,papers,international_papers,international_share,"
                        "fractional_papers\n"
                        "CA,1,1,1.000000,0.500000\nCH,1,1,1.000000,0.500000\n"
                        "FR,1,1,1.000000,0.500000\nGB,1,1,1.000000,0.500000\n"
                        "IT,1,1,1.000000,0.500000\nJP,1,1,1.000000,0.500000\n"
                        "SE,2,2,1.000000,1.000000\n");
    free(a);
    const char *by_issn[] = {"intl", "-d", db, "--by", "country", "--journal", "0000-0911", NULL};
    a = cli_out(by_issn);
    cr_expect_str_eq(a, "country,papers,international_papers,international_share,"
                        "fractional_papers\n"
                        "IT,1,1,1.000000,0.500000\nSE,1,1,1.000000,0.500000\n");
    free(a);
    const char *by_iso[] = {"intl", "-d", db, "--by", "country", "--journal", "J Small Dict", NULL};
    a = cli_out(by_iso);
    cr_expect_eq(count_lines(a), 1, "%s", a);
    free(a);
    static const char *const v10_dumps[] = {
        "SELECT * FROM papers ORDER BY pmid",
        "SELECT * FROM paper_meta ORDER BY pmid",
        "SELECT * FROM journals ORDER BY id",
        "SELECT * FROM paper_journals ORDER BY pmid",
        "SELECT id, hash, text, n_parts, country FROM affiliations ORDER BY id",
        "SELECT * FROM paper_country_sets ORDER BY 1",
    };
    expect_same_rows(v10_dumps, sizeof v10_dumps / sizeof v10_dumps[0]);
    const char *nlm_fresh[] = {"intl",    "-d",        fresh,     "--by",
                               "country", "--journal", "9999091", NULL};
    a = cli_out(nlm_fresh);
    char *b = cli_out(by_nlm);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

/* 10 -> 11 (SPEC 3.1 step 1): tests/data/store_v10_ids.sql, made by the schema-10 coauth
 * (commit 8d96445) with tests/data/ror_registry.jsonl imported, then
 * tests/data/ror_id_country.xml ingested: its country sets know nothing of the
 * identifiers (5102, whose strings name no place, has none). Migrated, the papers with
 * identifiers get their sets again: by hand (test_ror.c identifier_gives_the_country),
 * 5101 IE and NO, 5102 DE, GB and NO, 5103 CA, US and IT, 5104 (no identifiers) NO;
 * and every table and view equals a fresh ingest by this coauth. */
static void ingest_ids(const char *path)
{
    char name[600];
    snprintf(name, sizeof name, "%s/pubmed26n0101.xml", dir);
    cr_assert_eq(copy_file(test_data("ror_id_country.xml"), name), 0);
    const char *imp[] = {"ror", "import", "-q", "-d", path, test_data("ror_registry.jsonl"), NULL};
    free(cli_out(imp));
    const char *argv[] = {"ingest", "-q", "-d", path, name, NULL};
    free(cli_out(argv));
}

Test(migrate11, v10_store_with_identifiers_migrates_to_11, .init = setup, .fini = teardown)
{
    load_fixture("store_v10_ids.sql", 10);
    expect_rows_at(db, "SELECT pmid FROM paper_country_sets ORDER BY 1", "5101\n5103\n5104\n");
    migrate(db);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    expect_rows_at(db,
                   "SELECT value FROM meta WHERE key IN ('migrated_from_schema', "
                   "'schema_version') ORDER BY key",
                   "10\n" SCHEMA_STR "\n");
    expect_rows_at(db, "SELECT pmid, country FROM paper_countries ORDER BY 1, 2",
                   "5101|IE\n5101|NO\n5102|DE\n5102|GB\n5102|NO\n5103|CA\n5103|IT\n5103|US\n"
                   "5104|NO\n");
    expect_rows_at(db, "SELECT pmid FROM paper_country_sets ORDER BY 1",
                   "5101\n5102\n5103\n5104\n");
    expect_rows_at(db, "SELECT count(*) FROM paper_country_dirty", "0\n");
    ingest_ids(fresh);
    static const char *const v11_dumps[] = {
        "SELECT * FROM papers ORDER BY pmid",
        "SELECT * FROM affiliation_identifiers ORDER BY 1, 2, 3, 4",
        "SELECT * FROM affiliation_parts ORDER BY 1, 2",
        "SELECT * FROM authorship_ror ORDER BY 1, 2, 3",
        "SELECT * FROM authorship_countries ORDER BY 1, 2, 3, 4",
        "SELECT * FROM paper_countries ORDER BY 1, 4",
        "SELECT * FROM paper_first_author_countries ORDER BY 1, 4",
        "SELECT * FROM paper_country_sets ORDER BY 1",
        "SELECT * FROM paper_country_chunks ORDER BY 1",
    };
    expect_same_rows(v11_dumps, sizeof v11_dumps / sizeof v11_dumps[0]);
    const char *q[] = {"intl", "-d", db, "--by", "country", "--types", "all", NULL};
    const char *qf[] = {"intl", "-d", fresh, "--by", "country", "--types", "all", NULL};
    char *a = cli_out(q), *b = cli_out(qf);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

/* Without a registry the migration changes no set: the same fixture with its registry
 * emptied first (as a store that never imported one) keeps its rows byte for byte, and
 * no authorship has rule identifier. */
Test(migrate11, v10_store_without_registry_keeps_its_sets, .init = setup, .fini = teardown)
{
    load_fixture("store_v10_ids.sql", 10);
    exec_sql(db, "DELETE FROM ror_identifiers; DELETE FROM ror_external_ids; "
                 "DELETE FROM ror_names; DELETE FROM ror_orgs");
    char *before = sql_rows_at(db, "SELECT pmid, hex(parts) FROM paper_country_sets ORDER BY 1");
    migrate(db);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    cr_expect_eq(sql_int_at(db, "SELECT count(*) FROM authorship_countries WHERE rule = "
                                "'identifier'"),
                 0);
    char *after = sql_rows_at(db, "SELECT pmid, hex(parts) FROM paper_country_sets ORDER BY 1");
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
}
