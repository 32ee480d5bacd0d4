/* test_precedence.c - SPEC 2.4: across files the file later in NLM's sequence wins,
 * whatever order files are given or applied in. A set of files applied in any order, in
 * any number of runs, with any -j, gives the same store (every table, row ids and the
 * files table's ids and times aside) as the same files applied in sequence; a
 * DeleteCitation is remembered so that an earlier record applied afterwards stays out;
 * files without NLM names take their place in apply order; a newer baseline year than
 * the store's is a warning.
 */
#define _DEFAULT_SOURCE /* kill(), nanosleep() */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "helpers/testutil.h"

TestSuite(precedence);

static char *dir;
static char db[512];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

/* Append the rows of `sql` on `h` to *out as "a|b|c\n" text. */
static void dump_rows(sqlite3 *h, const char *sql, char **out, size_t *len, size_t *cap)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(h));
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            size_t need = *len + (v ? strlen(v) : 4) + 3;
            while (need >= *cap) {
                *cap *= 2;
                *out = realloc(*out, *cap);
                cr_assert_not_null(*out);
            }
            *len += (size_t)sprintf(*out + *len, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
        (*out)[(*len)++] = '\n';
        (*out)[*len] = '\0';
    }
    sqlite3_finalize(st);
}

/* Every table that matters, with row ids replaced by what they stand for (a file's
 * name, an affiliation's text, an institution's name): what must not depend on the
 * order files were applied in. Left out: files.id and files.applied_at, and the meta
 * rows that hold times. */
static const char *const full_sql[] = {
    "SELECT f.name, f.size, f.checksum, f.records, f.deletions, f.skipped, f.place, f.md5 FROM "
    "files f ORDER BY f.name",
    "SELECT p.pmid, p.version, p.year, p.n_authors, f.name, p.research, p.aff_layout, p.title, "
    "p.doi, p.pmc, j.nlm_id, j.journal_iso, j.journal_title, p.place, p.place_record FROM papers "
    "p JOIN files f ON f.id = p.file_id LEFT JOIN paper_journals j ON j.pmid = p.pmid ORDER BY "
    "p.pmid",
    "SELECT d.pmid, f.name, d.place, d.place_record FROM deletions d JOIN files f ON f.id = "
    "d.file_id ORDER BY d.pmid",
    "SELECT a.pmid, a.position, a.seq, af.text FROM authorships a JOIN affiliations af ON af.id "
    "= a.affiliation_id ORDER BY 1, 2, 3",
    "SELECT text, hash, n_parts FROM affiliations ORDER BY text",
    "SELECT af.text, ap.part, ap.country, i.name, ap.rule FROM affiliation_parts ap JOIN "
    "affiliations af ON af.id = ap.affiliation_id LEFT JOIN institutions i ON i.id = "
    "ap.institution_id ORDER BY 1, 2",
    "SELECT name FROM institutions ORDER BY name",
    "SELECT * FROM paper_types ORDER BY 1, 2",
    "SELECT * FROM paper_issns ORDER BY 1, 2",
    "SELECT * FROM paper_languages ORDER BY 1, 2",
    "SELECT * FROM paper_mesh ORDER BY 1, 2",
    "SELECT * FROM paper_grants ORDER BY 1, 2",
    "SELECT * FROM authors ORDER BY 1, 2",
    "SELECT * FROM affiliation_identifiers ORDER BY 1, 2, 3, 4",
    "SELECT key, value FROM meta WHERE key NOT LIKE '%\\_at' ESCAPE '\\' ORDER BY key",
};

static char *full_dump(const char *path)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    out[0] = '\0';
    for (size_t i = 0; i < sizeof full_sql / sizeof full_sql[0]; i++) {
        char head[32];
        snprintf(head, sizeof head, "# table %zu\n", i);
        size_t hl = strlen(head);
        while (len + hl + 1 >= cap) {
            cap *= 2;
            out = realloc(out, cap);
            cr_assert_not_null(out);
        }
        memcpy(out + len, head, hl + 1);
        len += hl;
        dump_rows(h, full_sql[i], &out, &len, &cap);
    }
    sqlite3_close(h);
    return out;
}

static char *dump_sql(const char *sql)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    out[0] = '\0';
    dump_rows(h, sql, &out, &len, &cap);
    sqlite3_close(h);
    return out;
}

static void expect_rows(const char *sql, const char *want)
{
    char *got = dump_sql(sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

/* coauth ingest -q -d DB [-j J] FILES...: exit status 0 expected; stderr returned
 * (malloc'd). */
static char *ingest(const char *store, const char *jobs, const char *const *files, size_t n)
{
    const char *argv[64] = {"ingest", "-q", "-d", store, "-j", jobs};
    size_t k = 6;
    for (size_t i = 0; i < n && k < 63; i++)
        argv[k++] = files[i];
    argv[k] = NULL;
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *err = strdup(r.err ? r.err : "");
    run_result_free(&r);
    return err;
}

/* Copy tests/data/<src> to DIR/<name>; the path is written to out. */
static void copy_as(const char *src, const char *name, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/%s", dir, name);
    cr_assert_eq(copy_file(test_data(src), out), 0, "%s", src);
}

Test(precedence, nlm_names)
{
    cr_expect_eq(coauth_nlm_file_key("pubmed26n0001.xml.gz"), 260001u);
    cr_expect_eq(coauth_nlm_file_key("/a/b/pubmed25n1274.xml"), 251274u);
    cr_expect_eq(coauth_nlm_file_key("pubmed26n0001.xml.gz.md5"), 0u);
    cr_expect_eq(coauth_nlm_file_key("pubmed26n001.xml.gz"), 0u);
    cr_expect_eq(coauth_nlm_file_key("pubmed_sample_baseline_pubmed20n1015.4ab1502e.xml.gz"), 0u);
    cr_expect_eq(coauth_nlm_file_key("pubmedsample18n0001.xml.gz"), 0u);
    cr_expect_eq(coauth_nlm_file_key("xpubmed26n0001.xml"), 0u);
    cr_expect_eq(coauth_nlm_file_key("pubmed2xn0001.xml"), 0u);
    cr_expect_eq(coauth_nlm_file_key("-"), 0u);
    cr_expect_eq(coauth_nlm_file_key(NULL), 0u);
    /* an NLM name's place is its key << 32; any other comes after the last place */
    cr_expect_eq(coauth_file_place_after("pubmed26n0002.xml", 99), (int64_t)260002 << 32);
    cr_expect_eq(coauth_file_place_after("other.xml", (int64_t)260002 << 32),
                 ((int64_t)260002 << 32) + 1);
    cr_expect_eq(coauth_file_place_after("other.xml", 0), 1);
}

/* The case: the update applied before the baseline it follows. The baseline's
 * old version of 1001 and the deleted 1002 stay out; 1003 (only in the baseline) is
 * stored. Same rows as in sequence. */
Test(precedence, baseline_after_its_update, .init = setup, .fini = teardown)
{
    char base[600], upd[600];
    copy_as("ingest_base.xml", "pubmed25n0001.xml", base, sizeof base);
    copy_as("ingest_update.xml", "pubmed25n0002.xml", upd, sizeof upd);
    const char *seq[] = {base, upd}, *rev[] = {upd, base};
    free(ingest(db, "1", seq, 2));
    char *want = full_dump(db);
    remove(db);
    free(ingest(db, "1", rev, 2));
    expect_rows("SELECT pmid, version, n_authors FROM papers ORDER BY pmid",
                "1001|2|1\n1003|1|1\n");
    expect_rows("SELECT pmid FROM deletions ORDER BY pmid", "1002\n424242\n");
    char *got = full_dump(db);
    cr_expect_str_eq(got, want);
    free(got);
    /* and in two runs, the baseline last, again with --force */
    remove(db);
    free(ingest(db, "2", rev, 1));
    free(ingest(db, "2", rev + 1, 1));
    got = full_dump(db);
    cr_expect_str_eq(got, want);
    free(got);
    const char *force[] = {"ingest", "-q", "--force", "-d", db, base, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, force), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    expect_rows("SELECT pmid, version, n_authors FROM papers ORDER BY pmid",
                "1001|2|1\n1003|1|1\n");
    free(want);
}

/* Within a file later occurrences win, and an article after a DeleteCitation of its
 * PMID in the same file brings it back (the positions order them). */
Test(precedence, within_a_file_later_wins, .init = setup, .fini = teardown)
{
    static const char xml[] =
        "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n"
        "<PubmedArticle><MedlineCitation><PMID Version=\"1\">5001</PMID><Article>"
        "<ArticleTitle>one</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "<DeleteCitation><PMID>5001</PMID><PMID>5002</PMID></DeleteCitation>"
        "<PubmedArticle><MedlineCitation><PMID Version=\"2\">5001</PMID><Article>"
        "<ArticleTitle>two</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "<PubmedArticle><MedlineCitation><PMID Version=\"1\">5002</PMID><Article>"
        "<ArticleTitle>three</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
        "<DeleteCitation><PMID>5002</PMID></DeleteCitation>\n"
        "</PubmedArticleSet>\n";
    char f[600];
    snprintf(f, sizeof f, "%s/pubmed25n0003.xml", dir);
    cr_assert_eq(write_file(f, xml, strlen(xml)), 0);
    const char *files[] = {f};
    free(ingest(db, "1", files, 1));
    expect_rows("SELECT pmid, version, title, place_record FROM papers", "5001|2|two|3\n");
    expect_rows("SELECT pmid, place_record FROM deletions", "5002|5\n");
}

/* Files without NLM names come after every file applied before them: here after
 * pubmed25n0002.xml, so the older pubmed25n0001.xml applied later does not override
 * them, while pubmed25n0003.xml does. */
Test(precedence, other_names_take_apply_order, .init = setup, .fini = teardown)
{
    char base[600], upd[600], other[600], later[600];
    copy_as("ingest_base.xml", "pubmed25n0001.xml", base, sizeof base);
    copy_as("ingest_update.xml", "pubmed25n0002.xml", upd, sizeof upd);
    copy_as("ingest_base.xml", "my-export.xml", other, sizeof other);
    copy_as("ingest_update.xml", "pubmed25n0003.xml", later, sizeof later);
    const char *a[] = {upd, other, base};
    free(ingest(db, "2", a, 3));
    /* my-export.xml (the baseline's content) came after pubmed25n0002.xml: 1001 v1 and
     * 1002 are back; pubmed25n0001.xml changed nothing */
    expect_rows("SELECT p.pmid, p.version, f.name FROM papers p JOIN files f ON f.id = "
                "p.file_id ORDER BY p.pmid",
                "1001|1|my-export.xml\n1002|1|my-export.xml\n1003|1|my-export.xml\n");
    expect_rows("SELECT name, place - (250002 << 32) FROM files WHERE name = 'my-export.xml'",
                "my-export.xml|1\n");
    const char *b[] = {later};
    free(ingest(db, "1", b, 1));
    expect_rows("SELECT pmid, version FROM papers ORDER BY pmid", "1001|2\n1003|1\n");
    expect_rows("SELECT pmid FROM deletions ORDER BY pmid", "1002\n424242\n");
}

/* A file from a newer baseline year than the store's: one warning, and it applies. */
Test(precedence, newer_baseline_year_warns, .init = setup, .fini = teardown)
{
    char y25[600], y26[600], y24[600];
    copy_as("ingest_base.xml", "pubmed25n1274.xml", y25, sizeof y25);
    copy_as("ingest_update.xml", "pubmed26n0001.xml", y26, sizeof y26);
    copy_as("ingest_update.xml", "pubmed24n0001.xml", y24, sizeof y24);
    const char *a[] = {y25};
    char *err = ingest(db, "1", a, 1);
    cr_expect(strstr(err, "newer") == NULL, "%s", err);
    free(err);
    const char *b[] = {y26, y24};
    err = ingest(db, "1", b, 2);
    cr_expect(strstr(err, "coauth ingest: warning: ") != NULL, "%s", err);
    cr_expect(strstr(err, "pubmed26n0001.xml': from NLM baseline year 26, newer than the "
                          "store's (25)") != NULL,
              "%s", err);
    cr_expect(strstr(err, "pubmed24n0001.xml") == NULL, "%s", err);
    free(err);
    expect_rows("SELECT count(*) FROM files", "3\n");
}

/* Generate two baseline and two update files (revisions, 10 % deletions) into DIR/g;
 * f receives their paths in NLM order. */
static void generate(int seed, int per_file, int update_records, char f[4][700])
{
    const char *src = getenv("COAUTH_SOURCE_DIR");
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 '%s/datasets/gen_pubmed.py' --out '%s/g' --seed %d --baseline 2 "
             "--records-per-file %d --updates 2 --update-records %d --delete-frac 0.1 --quiet",
             src ? src : ".", dir, seed, per_file, update_records);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    for (int i = 0; i < 4; i++)
        snprintf(f[i], 700, "%s/g/pubmed26n%04d.xml.gz", dir, i + 1);
}

/* A generated corpus (two baseline files, two update files revising and deleting
 * earlier PMIDs, the second also revising some the first deleted): every order, split
 * into runs, with -j 1, 2 and 4, gives the store of the files applied in sequence. */
Test(precedence, any_order_any_runs_any_jobs, .init = setup, .fini = teardown, .timeout = 300)
{
    char f[4][700];
    generate(7, 600, 300, f);
    const char *seq[] = {f[0], f[1], f[2], f[3]};
    free(ingest(db, "1", seq, 4));
    char *want = full_dump(db);
    cr_assert(strlen(want) > 100000, "dump unexpectedly small");
    /* the corpus exercises the rule: records replaced and PMIDs deleted */
    char *n = dump_sql("SELECT count(*) FROM deletions");
    cr_assert(atoi(n) > 10, "%s", n);
    free(n);
    struct {
        const char *jobs;
        int order[4];
        int runs; /* split after every `runs`-th file; 4: one run */
    } cases[] = {
        {"1", {3, 2, 1, 0}, 4}, {"2", {3, 2, 1, 0}, 1}, {"4", {2, 0, 3, 1}, 4},
        {"2", {1, 3, 0, 2}, 2}, {"1", {0, 2, 3, 1}, 1}, {"4", {3, 1, 2, 0}, 2},
    };
    char other[600];
    snprintf(other, sizeof other, "%s/o.db", dir);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        remove(other);
        char wal[700];
        snprintf(wal, sizeof wal, "%s-wal", other);
        remove(wal);
        const char *files[4];
        for (int i = 0; i < 4; i++)
            files[i] = f[cases[c].order[i]];
        for (int i = 0; i < 4; i += cases[c].runs)
            free(ingest(other, cases[c].jobs, files + i, (size_t)cases[c].runs));
        char *got = full_dump(other);
        cr_expect(strcmp(got, want) == 0, "case %zu (-j %s, order %d%d%d%d, runs of %d) differs", c,
                  cases[c].jobs, cases[c].order[0], cases[c].order[1], cases[c].order[2],
                  cases[c].order[3], cases[c].runs);
        free(got);
    }
    free(want);
}

/* kill -9 at random points of out-of-order runs (updates first, then the baselines):
 * after the last, complete run the store is the store of the sequence. */
Test(precedence, killed_out_of_order_runs, .init = setup, .fini = teardown, .timeout = 600)
{
    char f[4][700];
    generate(9, 3000, 1000, f);
    const char *seq[] = {f[0], f[1], f[2], f[3]};
    free(ingest(db, "2", seq, 4));
    char *want = full_dump(db);
    char other[600];
    snprintf(other, sizeof other, "%s/o.db", dir);
    const char *rev[] = {f[3], f[2], f[1], f[0]};
    /* how long a whole run takes here (sanitizer builds are slower) */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    free(ingest(other, "2", rev, 4));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double full = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    remove(other);
    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    int killed = 0;
    for (int round = 0; round < 8; round++) {
        pid_t pid = fork();
        cr_assert_geq(pid, 0);
        if (pid == 0) {
            int nul = open("/dev/null", O_WRONLY);
            dup2(nul, 1);
            dup2(nul, 2);
            execl(getenv("COAUTH_CLI"), "coauth", "ingest", "-q", "-j", "2", "-d", other, rev[0],
                  rev[1], rev[2], rev[3], (char *)NULL);
            _exit(127);
        }
        long us = (long)(full * 0.9e6 * (double)rand() / RAND_MAX);
        struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        killed += WIFSIGNALED(st);
        if (!WIFSIGNALED(st)) { /* it finished: start again so later kills cut runs too */
            char side[700];
            remove(other);
            snprintf(side, sizeof side, "%s-wal", other);
            remove(side);
            snprintf(side, sizeof side, "%s-shm", other);
            remove(side);
        }
    }
    cr_assert_geq(killed, 3, "only %d of 8 runs were cut (seed %u)", killed, seed);
    free(ingest(other, "1", rev, 4));
    char *got = full_dump(other);
    cr_expect(strcmp(got, want) == 0, "the store after %d killed runs differs (seed %u)", killed,
              seed);
    free(got);
    free(want);
}
