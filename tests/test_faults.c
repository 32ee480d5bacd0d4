/* test_faults.c - SPEC 8, failures of the store itself: a full disk (a real 4 MiB tmpfs;
 * skipped where mounting is not permitted), a corrupt store and a store with a newer
 * schema are one line naming the store and the cause, exit 1, and stop the run at once
 * (no line per remaining file) with what was committed kept; usage errors create no
 * store.
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

TestSuite(faults);

static char *dir;
static char mnt[512];
static bool mounted;

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    mounted = false;
}

static void teardown(void)
{
    if (mounted) {
        char cmd[700];
        snprintf(cmd, sizeof cmd, "umount '%s'", mnt);
        if (system(cmd) != 0)
            fprintf(stderr, "test_faults: cannot unmount %s\n", mnt);
    }
    remove_tmpdir(dir);
}

/* n records with PMIDs first.. and long distinct affiliation strings (to fill a disk). */
static void write_records(const char *path, int n, int first)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n", f);
    for (int i = 0; i < n; i++)
        fprintf(f,
                "<PubmedArticle><MedlineCitation><PMID Version=\"1\">%d</PMID><Article>"
                "<Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>"
                "</Journal><ArticleTitle>Paper %d on a rather long title to take some room in "
                "the store</ArticleTitle><AuthorList><Author ValidYN=\"Y\"><LastName>A%d"
                "</LastName><AffiliationInfo><Affiliation>Laboratory %d of Things, Department "
                "%d, Kyoto University, Kyoto, Japan.</Affiliation></AffiliationInfo></Author>"
                "</AuthorList></Article></MedlineCitation></PubmedArticle>\n",
                first + i, i, i, first + i, i);
    fputs("</PubmedArticleSet>\n", f);
    cr_assert_eq(fclose(f), 0);
}

static long long count_files(const char *db)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM files", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

Test(faults, disk_full_is_one_line_and_stops, .init = setup, .fini = teardown, .timeout = 120)
{
    snprintf(mnt, sizeof mnt, "%s/mnt", dir);
    cr_assert_eq(mkdir(mnt, 0755), 0);
    char cmd[800];
    snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=4m tmpfs '%s' 2>/dev/null", mnt);
    if (getuid() != 0 || system(cmd) != 0) {
        teardown(); /* cr_skip_test does not run .fini */
        cr_skip_test("mounting a 4 MiB tmpfs is not permitted here: disk-full test skipped");
    }
    mounted = true;
    char db[700], small[600], big[600], after1[600], after2[600];
    snprintf(db, sizeof db, "%s/full.db", mnt);
    snprintf(small, sizeof small, "%s/small.xml", dir);
    snprintf(big, sizeof big, "%s/big.xml", dir);
    snprintf(after1, sizeof after1, "%s/after1.xml", dir);
    snprintf(after2, sizeof after2, "%s/after2.xml", dir);
    write_records(small, 5, 1);
    write_records(big, 40000, 100);
    write_records(after1, 5, 900000);
    write_records(after2, 5, 900100);
    const char *argv[] = {"ingest", "-q", "-j", "2", "-d", db, small, big, after1, after2, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_expect_eq(count_lines(r.err), 1, "one line:\n%s", r.err);
    char want[800];
    snprintf(want, sizeof want, "coauth ingest: store '%s': database or disk is full", db);
    cr_expect(strstr(r.err, want) == r.err, "%s", r.err);
    cr_expect(strstr(r.err, "after1") == NULL && strstr(r.err, "after2") == NULL, "%s", r.err);
    run_result_free(&r);
    /* what was committed stays: small.xml, and nothing of big.xml or the files after */
    cr_expect_eq(count_files(db), 1);
}

/* A store whose pages are damaged: one line naming it, the run stops. */
Test(faults, corrupt_store_is_one_line_and_stops, .init = setup, .fini = teardown)
{
    char db[600], a[600], b[600], c[600];
    snprintf(db, sizeof db, "%s/c.db", dir);
    snprintf(a, sizeof a, "%s/a.xml", dir);
    snprintf(b, sizeof b, "%s/b.xml", dir);
    snprintf(c, sizeof c, "%s/c.xml", dir);
    write_records(a, 2000, 1);
    write_records(b, 5, 1000);
    write_records(c, 5, 1100);
    const char *first[] = {"ingest", "-q", "-d", db, a, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, first), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* overwrite every page but the first (the header and schema) with garbage */
    long page = (long)sql_int_at(db, "PRAGMA page_size");
    FILE *f = fopen(db, "r+b");
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, 0, SEEK_END), 0);
    long size = ftell(f);
    cr_assert_gt(size, page * 4);
    char junk[4096];
    memset(junk, 0x5a, sizeof junk);
    cr_assert_eq(fseek(f, page, SEEK_SET), 0);
    for (long o = page; o < size; o += (long)sizeof junk)
        cr_assert_eq(fwrite(junk, 1, sizeof junk, f), sizeof junk);
    cr_assert_eq(fclose(f), 0);
    const char *again[] = {"ingest", "-q", "-d", db, b, c, NULL};
    cr_assert_eq(run_cli(&r, again), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_expect_eq(count_lines(r.err), 1, "one line:\n%s", r.err);
    char want[700];
    snprintf(want, sizeof want, "coauth ingest: store '%s': ", db);
    cr_expect(strstr(r.err, want) == r.err, "%s", r.err);
    cr_expect(strstr(r.err, "malformed") != NULL, "%s", r.err);
    run_result_free(&r);
}

/* A newer schema: one line naming the store, before any file. */
Test(faults, newer_schema_is_one_line, .init = setup, .fini = teardown)
{
    char db[600], a[600], b[600];
    snprintf(db, sizeof db, "%s/n.db", dir);
    snprintf(a, sizeof a, "%s/a.xml", dir);
    snprintf(b, sizeof b, "%s/b.xml", dir);
    write_records(a, 3, 1);
    write_records(b, 3, 10);
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    const char *argv[] = {"ingest", "-q", "-d", db, a, b, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_expect_eq(count_lines(r.err), 1, "%s", r.err);
    cr_expect(strstr(r.err, db) != NULL && strstr(r.err, "newer") != NULL, "%s", r.err);
    run_result_free(&r);
}

/* Usage errors are found before the store is opened: none is created. */
Test(faults, usage_errors_create_no_store, .init = setup, .fini = teardown)
{
    char db[600], a[600];
    snprintf(db, sizeof db, "%s/new.db", dir);
    snprintf(a, sizeof a, "%s/a.xml", dir);
    write_records(a, 1, 1);
    const char *bogus[] = {"ingest", "-d", db, "--bogus-option", a, NULL};
    const char *none[] = {"ingest", "-d", db, NULL};
    const char *twice[] = {"ingest", "-d", db, "-", "-", NULL};
    const char *badj[] = {"ingest", "-d", db, "-j", "0", a, NULL};
    const char *const *cases[] = {bogus, none, twice, badj};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r;
        cr_assert_eq(run_cli(&r, cases[i]), 0);
        cr_expect_eq(r.status, 2, "case %zu: %s", i, r.err);
        run_result_free(&r);
        cr_expect_neq(access(db, F_OK), 0, "case %zu created the store", i);
    }
}
