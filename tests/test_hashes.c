/* test_hashes.c - the two hash tables of schema 11 (affiliation_hashes, and
 * affiliation_hashes_new, merged into it in bulk): every stored string has its (hash,
 * id) pair in exactly one of them after every file, a string stored before a merge is
 * found after it (stored once), and a store that merges after every file holds the same
 * rows as one that never merges. The schema-10 store (tests/data/store_v10.sql, made
 * by the schema-10 coauth, commit 8d96445, from tests/data/sets_base.xml) migrates: its
 * index is gone, its pairs are in the large table, and it then answers as a fresh
 * ingest.
 *
 * The invariants are SQL of this file's own over the tables; the counts of distinct
 * strings come from the fixtures (grep -o '<Affiliation>[^<]*</Affiliation>' | sort -u:
 * sets_base.xml 6, sets_base.xml with sets_update.xml 7, with sets_old.xml too 7).
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

static char *dir;
static char db[512], other[512];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/store.db", dir);
    snprintf(other, sizeof other, "%s/other.db", dir);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

TestSuite(hashes, .init = setup, .fini = teardown);

/* tests/data/NAME copied to DIR/AS (copy_fixture_as). */
static const char *as_nlm(const char *name, const char *as)
{
    const char *p = copy_fixture_as(dir, name, as);
    cr_assert_not_null(p, "%s", name);
    return p;
}

static void ingest(const char *store, const char *file, bool force)
{
    const char *a[] = {"ingest", "-q", "-d", store, file, force ? "--force" : NULL, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, a), 0);
    cr_assert_eq(r.status, 0, "ingest %s: %s", file, r.err);
    run_result_free(&r);
}

/* Every string's pair in exactly one table, no pair without its string, and (merge
 * after every file) none left in the small table; `strings` distinct texts stored. */
static void expect_pairs(const char *store, long long strings, bool merged, const char *when)
{
    cr_expect_eq(sql_int_at(store, "SELECT count(*) FROM affiliations"), strings, "%s", when);
    cr_expect_eq(sql_int_at(store, "SELECT count(*) - count(DISTINCT text) FROM affiliations"), 0,
                 "%s: a text stored twice", when);
    cr_expect_eq(sql_int_at(store, "SELECT count(*) FROM (SELECT hash, id FROM affiliation_hashes "
                                   "UNION ALL SELECT hash, id FROM affiliation_hashes_new)"),
                 strings, "%s: one pair a string", when);
    cr_expect_eq(sql_int_at(store,
                            "SELECT count(*) FROM affiliations a WHERE "
                            "(SELECT count(*) FROM affiliation_hashes h WHERE h.hash = a.hash "
                            "AND h.id = a.id) + (SELECT count(*) FROM affiliation_hashes_new h "
                            "WHERE h.hash = a.hash AND h.id = a.id) <> 1"),
                 0, "%s: a string whose pair is missing or twice", when);
    if (merged) {
        cr_expect_eq(sql_int_at(store, "SELECT count(*) FROM affiliation_hashes_new"), 0, "%s",
                     when);
        cr_expect_eq(sql_int_at(store, "SELECT count(*) FROM affiliation_hashes"), strings, "%s",
                     when);
    }
}

/* The rows a store holds, whatever its hash tables: strings by id, their parts, the
 * authorships, the country sets. */
static char *rows(const char *store)
{
    static const char *const q[] = {
        "SELECT id, hash, text, n_parts, quote(country) FROM affiliations ORDER BY id",
        "SELECT * FROM affiliation_parts ORDER BY 1, 2",
        "SELECT * FROM authorships ORDER BY 1, 2, 3",
        "SELECT pmid, year, research, n_authors, hex(parts) FROM paper_country_sets ORDER BY 1",
    };
    size_t len = 0;
    char *all = NULL;
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        char *r = sql_rows_at(store, q[i]);
        size_t n = strlen(r);
        char *p = realloc(all, len + n + 2);
        cr_assert_not_null(p);
        all = p;
        memcpy(all + len, r, n);
        len += n;
        all[len++] = '#';
        all[len] = '\0';
        free(r);
    }
    return all;
}

Test(hashes, every_string_once_across_merges)
{
    ingest(db, as_nlm("sets_base.xml", "pubmed26n0005.xml"), false);
    expect_pairs(db, 6, false, "first file, before any merge");
    /* one pair makes a merge: every file's commit moves its pairs */
    sql_exec_at(db, "INSERT INTO meta(key, value) VALUES ('hash_merge_rows', '1')");
    ingest(db, as_nlm("sets_base.xml", "pubmed26n0005.xml"), true); /* no new string */
    expect_pairs(db, 6, true, "the same file again: the first file's pairs merged");
    ingest(db, as_nlm("sets_update.xml", "pubmed26n0006.xml"), false);
    expect_pairs(db, 7, true, "update: one new string, then a merge");
    /* every string now in the large table: found there, not stored again */
    ingest(db, as_nlm("sets_base.xml", "pubmed26n0005.xml"), true);
    ingest(db, as_nlm("sets_old.xml", "pubmed26n0004.xml"), false);
    expect_pairs(db, 7, true, "files of known strings after the merge");

    /* the same files into a store that never merges */
    ingest(other, as_nlm("sets_base.xml", "pubmed26n0005.xml"), false);
    ingest(other, as_nlm("sets_base.xml", "pubmed26n0005.xml"), true);
    ingest(other, as_nlm("sets_update.xml", "pubmed26n0006.xml"), false);
    ingest(other, as_nlm("sets_base.xml", "pubmed26n0005.xml"), true);
    ingest(other, as_nlm("sets_old.xml", "pubmed26n0004.xml"), false);
    cr_expect_eq(sql_int_at(other, "SELECT count(*) FROM affiliation_hashes"), 0);
    expect_pairs(other, 7, false, "never merged");
    char *a = rows(db), *b = rows(other);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}

/* A merge that would drop a pair (the large table already has it: a store altered by
 * hand) fails the file, which leaves nothing of it. */
Test(hashes, merge_onto_an_altered_store_fails_the_file)
{
    ingest(db, as_nlm("sets_base.xml", "pubmed26n0005.xml"), false);
    sql_exec_at(db, "INSERT INTO meta(key, value) VALUES ('hash_merge_rows', '1');"
                    "INSERT INTO affiliation_hashes SELECT hash, id FROM affiliation_hashes_new "
                    "ORDER BY id LIMIT 1");
    const char *a[] = {"ingest", "-q", "-d", db, as_nlm("sets_update.xml", "pubmed26n0006.xml"),
                       NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, a), 0);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "affiliation_hashes") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, db) != NULL, "names the store: %s", r.err);
    run_result_free(&r);
    cr_expect_eq(sql_int_at(db, "SELECT count(*) FROM files"), 1);
    cr_expect_eq(sql_int_at(db, "SELECT count(*) FROM affiliations"), 6);
    cr_expect_eq(sql_int_at(db, "SELECT count(*) FROM affiliation_hashes_new"), 6);
}

Test(hashes, v10_store_migrates)
{
    char *sql = read_file(test_data("store_v10.sql"), NULL);
    cr_assert_not_null(sql);
    sql_exec_at(db, sql);
    free(sql);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), 10);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                                "'affiliations_hash'"),
                 1);
    const char *m[] = {"migrate", "-d", db, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, m), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "migrated from store schema 10 to " SCHEMA_STR) != NULL, "%s", r.err);
    run_result_free(&r);
    cr_expect_eq(sql_int_at(db, "PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    cr_expect_eq(sql_int_at(db, "SELECT count(*) FROM sqlite_schema WHERE name = "
                                "'affiliations_hash'"),
                 0, "the index is dropped");
    expect_pairs(db, 6, true, "migrated");
    /* known strings are found through the migrated table; the new one is stored once */
    ingest(db, as_nlm("sets_base.xml", "pubmed26n0005.xml"), true);
    ingest(db, as_nlm("sets_update.xml", "pubmed26n0006.xml"), false);
    expect_pairs(db, 7, false, "after two files");
    cr_expect_eq(sql_int_at(db, "SELECT count(*) FROM affiliation_hashes_new"), 1);

    ingest(other, as_nlm("sets_base.xml", "pubmed26n0005.xml"), false);
    ingest(other, as_nlm("sets_base.xml", "pubmed26n0005.xml"), true);
    ingest(other, as_nlm("sets_update.xml", "pubmed26n0006.xml"), false);
    char *a = rows(db), *b = rows(other);
    cr_expect_str_eq(a, b);
    free(a);
    free(b);
}
