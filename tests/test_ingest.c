/* test_ingest.c - `coauth ingest` and `coauth stats` end to end: order, replacement,
 * deletion, skipping, bad files, thread-count independence, kill -9, and the real
 * PubMed samples cross-checked against an independent Python reading
 * (tests/xcheck_ingest.py).
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

TestSuite(ingest);

static char *dir;
static char db[512];
static char dbopt[600];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
    snprintf(dbopt, sizeof dbopt, "--db=%s", db);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

/* Run a query and return all rows as "a|b|c\n" text (malloc'd). Opened read-write
 * (never created): after a killed ingest the WAL needs recovery, which a read-only
 * connection refuses (SQLITE_READONLY_RECOVERY). */
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

static run_result ingest(const char *const *files, size_t n, const char *extra1, const char *extra2)
{
    const char *argv[64] = {"ingest", dbopt};
    size_t k = 2;
    if (extra1)
        argv[k++] = extra1;
    if (extra2)
        argv[k++] = extra2;
    for (size_t i = 0; i < n && k < 63; i++)
        argv[k++] = files[i];
    argv[k] = NULL;
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    return r;
}

static char base[1024], update[1024], bad[1024];

static void fixtures(void)
{
    snprintf(base, sizeof base, "%s", test_data("ingest_base.xml"));
    snprintf(update, sizeof update, "%s", test_data("ingest_update.xml"));
    snprintf(bad, sizeof bad, "%s", test_data("ingest_bad.xml"));
}

Test(ingest, base_then_update, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {base, update};
    run_result r = ingest(files, 2, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* base: 1001, 1002, 1003 (+1 record without PMID, skipped with a warning);
     * update: 1001 revised to one author, 1002 deleted, 424242 deleted (absent). */
    cr_assert(strstr(r.err, "ingest_base.xml' line") != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "without PMID") != NULL, "%s", r.err);
    run_result_free(&r);
    char *papers = sql_dump(db, "SELECT pmid, version, coalesce(year, 0), n_authors FROM papers "
                                "ORDER BY pmid");
    cr_assert_str_eq(papers, "1001|2|2018|1\n1003|1|2015|1\n");
    free(papers);
    /* 1003's author has two affiliations; 1001 one */
    char *au = sql_dump(db, "SELECT a.pmid, a.position, a.seq, f.text FROM authorships a JOIN "
                            "affiliations f ON f.id = a.affiliation_id ORDER BY 1, 2, 3");
    cr_assert_str_eq(au, "1001|1|1|Department of Medicine, Fudan University, Shanghai 200032, "
                         "China.\n"
                         "1003|1|1|Universit\xc3\xa4t Heidelberg, Heidelberg, Germany.\n"
                         "1003|1|2|Department of Medicine, Fudan University, Shanghai 200032, "
                         "China.\n");
    free(au);

    const char *sargv[] = {"stats", dbopt, NULL};
    cr_assert_eq(run_cli(&r, sargv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out, "key,value\n", 10) == 0, "%s", r.out);
    cr_assert(strstr(r.out, "\nfiles,2\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\npapers,2\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\ndeleted,2\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nrecords_without_pmid,1\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nrecords_applied,4\n") != NULL, "%s", r.out); /* 3 + 1 */
    cr_assert(strstr(r.out, "\npapers_without_year,0\n") != NULL, "%s", r.out);
    /* strings in the store: Fudan, Harvard, Kyoto, Oslo? no: ValidYN=N is skipped;
     * Heidelberg -> 4 distinct */
    cr_assert(strstr(r.out, "\naffiliations,4\n") != NULL, "%s", r.out);
    run_result_free(&r);
}

Test(ingest, order_matters, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {update, base};
    run_result r = ingest(files, 2, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* update first: deletes nothing stored; then base re-adds 1001 (2 authors), 1002 */
    char *papers = sql_dump(db, "SELECT pmid, version, n_authors FROM papers ORDER BY pmid");
    cr_assert_str_eq(papers, "1001|1|2\n1002|1|2\n1003|1|1\n");
    free(papers);
    /* 1002 came back, so it is no longer listed as deleted; 424242 still is */
    char *del = sql_dump(db, "SELECT pmid FROM deletions ORDER BY pmid");
    cr_assert_str_eq(del, "424242\n");
    free(del);
}

Test(ingest, identifier_and_collective_name_kept, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {base};
    run_result r = ingest(files, 1, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    char *id = sql_dump(db, "SELECT pmid, position, seq, k, source, value FROM "
                            "affiliation_identifiers ORDER BY pmid, position, seq, k");
    cr_assert_str_eq(id, "1001|2|1|1|ROR|https://ror.org/03vek6s52\n");
    free(id);
    /* 1002: Sato, (Ghost skipped: ValidYN=N), The Test Consortium -> 2 authors, and only
     * Sato has an affiliation */
    cr_assert_eq(sql_int("SELECT n_authors FROM papers WHERE pmid = 1002"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 1002"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations WHERE text LIKE '%Oslo%'"), 0);
}

Test(ingest, bad_file_is_rolled_back_and_others_applied, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {base, bad, update};
    run_result r = ingest(files, 3, "-q", NULL);
    cr_assert_eq(r.status, 1, "%s", r.err);
    /* one error line naming the file and the line */
    char *line = strstr(r.err, "coauth ingest: ");
    cr_assert_not_null(line, "%s", r.err);
    char *hit = strstr(r.err, "ingest_bad.xml");
    cr_assert_not_null(hit, "%s", r.err);
    cr_assert(strstr(r.err, "line 16") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers WHERE pmid IN (2001, 2002)"), 0);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 2);
}

Test(ingest, fail_fast_stops_at_first_failure, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {bad, base};
    run_result r = ingest(files, 2, "--fail-fast", "-q");
    cr_assert_eq(r.status, 1, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 0);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 0);
}

Test(ingest, reingest_is_noop_unless_force, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {base};
    run_result r = ingest(files, 1, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "1 file applied, 0 skipped, 0 failed") != NULL, "%s", r.err);
    run_result_free(&r);
    char *before = sql_dump(db, "SELECT * FROM papers ORDER BY pmid");
    r = ingest(files, 1, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "already applied") != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "0 files applied, 1 skipped, 0 failed") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 1);
    char *after = sql_dump(db, "SELECT * FROM papers ORDER BY pmid");
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    /* the same file named twice in one run is applied once */
    const char *twice[] = {base, base};
    r = ingest(twice, 2, "-j", "2");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 1);
    r = ingest(files, 1, "--force", "-q");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 2);
}

/* A file whose name and size are new to the store is checksummed while it is parsed;
 * the stored identity must still be the file's own CRC-32 and Adler-32 (computed here
 * with zlib), and a file named twice on a fresh store is applied once. */
Test(ingest, checksum_while_parsing, .init = setup, .fini = teardown)
{
    fixtures();
    size_t len = 0;
    char *bytes = read_file(base, &len);
    cr_assert_not_null(bytes);
    char want[128];
    snprintf(want, sizeof want, "crc32:%08lx-adler32:%08lx",
             crc32(crc32(0L, Z_NULL, 0), (const Bytef *)bytes, (uInt)len),
             adler32(adler32(0L, Z_NULL, 0), (const Bytef *)bytes, (uInt)len));
    free(bytes);
    const char *twice[] = {base, base};
    for (int j = 1; j <= 2; j++) {
        unlink(db);
        char jobs[8];
        snprintf(jobs, sizeof jobs, "%d", j);
        run_result r = ingest(twice, 2, "-j", jobs);
        cr_assert_eq(r.status, 0, "%s", r.err);
        cr_assert(strstr(r.err, "1 file applied, 1 skipped, 0 failed") != NULL, "-j %d: %s", j,
                  r.err);
        run_result_free(&r);
        char *got = sql_dump(db, "SELECT checksum FROM files");
        cr_expect(strstr(got, want) != NULL, "-j %d: stored %s, want %s", j, got, want);
        free(got);
        cr_expect_eq(sql_int("SELECT size FROM files"), (long long)len);
    }
}

Test(ingest, reads_stdin_and_gzip, .init = setup, .fini = teardown)
{
    fixtures();
    /* gzip made by the gzip tool, with a misleading name: detection is by bytes */
    char gz[1024], cmd[3000];
    snprintf(gz, sizeof gz, "%s/base.xml", dir);
    snprintf(cmd, sizeof cmd, "gzip -c '%s' > '%s'", base, gz);
    cr_assert_eq(system(cmd), 0);
    const char *files[] = {gz};
    run_result r = ingest(files, 1, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 3);
    /* stdin */
    const char *argv[] = {"ingest", dbopt, "-q", "-", NULL};
    cr_assert_eq(run_cli_ex(&r, update, NULL, NULL, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM files WHERE name = '-'"), 1);
}

Test(ingest, usage_and_io_errors, .init = setup, .fini = teardown)
{
    run_result r;
    const char *a1[] = {"ingest", dbopt, NULL};
    cr_assert_eq(run_cli(&r, a1), 0);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "no input files") != NULL, "%s", r.err);
    run_result_free(&r);
    const char *a2[] = {"ingest", "-j", "0", "x.xml", NULL};
    cr_assert_eq(run_cli(&r, a2), 0);
    cr_assert_eq(r.status, 2, "%s", r.err);
    run_result_free(&r);
    const char *a3[] = {"ingest", dbopt, "-q", "-", "-", NULL};
    cr_assert_eq(run_cli(&r, a3), 0);
    cr_assert_eq(r.status, 2, "%s", r.err);
    run_result_free(&r);
    /* a missing file and a directory: exit 1, one line each, naming them */
    char missing[1024];
    snprintf(missing, sizeof missing, "%s/nope.xml", dir);
    const char *a4[] = {"ingest", dbopt, "-q", missing, dir, NULL};
    cr_assert_eq(run_cli(&r, a4), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_assert(strstr(r.err, "nope.xml") != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "directory") != NULL, "%s", r.err);
    cr_assert_eq(count_lines(r.err), 2, "%s", r.err);
    run_result_free(&r);
    /* stats on a missing store */
    char nodb[1100];
    snprintf(nodb, sizeof nodb, "--db=%s/none.db", dir);
    const char *a5[] = {"stats", nodb, NULL};
    cr_assert_eq(run_cli(&r, a5), 0);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "no store") != NULL, "%s", r.err);
    run_result_free(&r);
}

Test(ingest, store_path_from_environment, .init = setup, .fini = teardown)
{
    fixtures();
    char env[600];
    snprintf(env, sizeof env, "COAUTH_DB=%s", db);
    const char *envs[] = {env, NULL};
    const char *argv[] = {"ingest", "-q", base, NULL};
    run_result r;
    cr_assert_eq(run_cli_ex(&r, NULL, NULL, envs, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 3);
}

/* ---- the real samples ---- */

static size_t real_files(char paths[][1024], size_t max)
{
    const char *root = shared_data("pubmed");
    if (!root) {
        teardown(); /* cr_skip_test does not run .fini */
        cr_skip_test("../shared/data is absent: the real PubMed samples are skipped");
    }
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "find '%s' -type f \\( -name '*.xml' -o -name '*.xml.gz' \\) | sort",
             root);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = 0;
    while (n < max && fgets(paths[n], 1024, p)) {
        paths[n][strcspn(paths[n], "\n")] = '\0';
        n++;
    }
    pclose(p);
    cr_assert_gt(n, 30, "expected the 40-odd real PubMed files, found %zu", n);
    return n;
}

static const char dump_sql[] =
    "SELECT p.pmid, coalesce(p.year, 0), p.n_authors, "
    "(SELECT count(*) FROM authorships a WHERE a.pmid = p.pmid) FROM papers p ORDER BY p.pmid";

static char *store_dump(void)
{
    char *rows = sql_dump(db, dump_sql);
    char *n = sql_dump(db, "SELECT count(DISTINCT affiliation_id) FROM authorships");
    size_t len = strlen(rows) + strlen(n) + 32;
    char *out = malloc(len);
    cr_assert_not_null(out);
    snprintf(out, len, "%s#affiliations|%s", rows, n);
    size_t ol = strlen(out);
    if (ol && out[ol - 1] == '\n')
        out[ol - 1] = '\0';
    for (char *c = out; *c; c++)
        if (*c == '|')
            *c = '\t';
    free(rows);
    free(n);
    return out;
}

static char paths[64][1024];

/* tests/xcheck_ingest.py's reading of `files` (malloc'd, no final newline). */
static char *xcheck_expected(const char *const *files, size_t n)
{
    size_t cap = 64 * 1100 + 256;
    char *cmd = malloc(cap);
    cr_assert_not_null(cmd);
    const char *src = getenv("COAUTH_SOURCE_DIR");
    size_t len =
        (size_t)snprintf(cmd, cap, "/usr/bin/python3 '%s/tests/xcheck_ingest.py'", src ? src : ".");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(cmd + len, cap - len, " '%s'", files[i]);
    char out_path[600];
    snprintf(out_path, sizeof out_path, "%s/expected.tsv", dir);
    snprintf(cmd + len, cap - len, " > '%s'", out_path);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    free(cmd);
    char *expected = read_file(out_path, NULL);
    cr_assert_not_null(expected);
    size_t el = strlen(expected);
    if (el && expected[el - 1] == '\n')
        expected[el - 1] = '\0';
    return expected;
}

Test(ingest, real_samples_match_independent_reading, .init = setup, .fini = teardown,
     .timeout = 600)
{
    size_t n = real_files(paths, 64);
    const char *files[64];
    for (size_t i = 0; i < n; i++)
        files[i] = paths[i];
    char *expected = xcheck_expected(files, n);
    char *dumps[2];
    const char *jobs[2] = {"1", "4"};
    for (int k = 0; k < 2; k++) {
        remove(db);
        run_result r = ingest(files, n, "-j", jobs[k]);
        /* some samples may legitimately fail (none is expected to); show stderr */
        cr_assert_eq(r.status, 0, "-j %s: %s", jobs[k], r.err);
        run_result_free(&r);
        dumps[k] = store_dump();
        cr_assert_eq(sql_int("SELECT count(*) FROM files"), (long long)n);
    }
    /* compare line counts first for a readable failure, then the whole text */
    cr_assert_eq(count_lines(dumps[0]), count_lines(expected), "papers differ from xcheck");
    cr_assert_str_eq(dumps[0], expected);
    cr_assert_str_eq(dumps[0], dumps[1]);
    /* and the full stored content is identical for -j 1 and -j 4 (not just counts) */
    free(dumps[0]);
    free(dumps[1]);
    free(expected);
}

/* The older PubMed layouts (hand-written fixtures): the xcheck reading, and the
 * stored authorships with their countries, worked out from the fixtures by hand. */
Test(ingest, older_layouts_are_stored, .init = setup, .fini = teardown)
{
    char f[3][1024];
    snprintf(f[0], sizeof f[0], "%s", test_data("pubmed_layout_2012.xml"));
    snprintf(f[1], sizeof f[1], "%s", test_data("pubmed_layout_2013.xml"));
    snprintf(f[2], sizeof f[2], "%s", test_data("pubmed_layout_both.xml"));
    const char *files[] = {f[0], f[1], f[2]};
    char *expected = xcheck_expected(files, 3);
    run_result r = ingest(files, 3, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    char *got = store_dump();
    cr_expect_str_eq(got, expected);
    free(got);
    free(expected);
    /* position 1 of 9000001 is Sato (Tokyo), of 9200003 First (Tokyo, from
     * Article/Affiliation); 9200001's Tokyo string once, not twice; 9100002 keeps
     * only its AffiliationInfo (Paris); 9000004 has no author to give Paris to */
    char *rows = sql_dump(db, "SELECT a.pmid, a.position, group_concat(ap.country, '+') "
                              "FROM authorships a JOIN affiliation_parts ap "
                              "ON ap.affiliation_id = a.affiliation_id "
                              "GROUP BY a.pmid, a.position, a.seq ORDER BY 1, 2, a.seq");
    cr_expect_str_eq(rows, "9000001|1|JP\n"
                           "9000002|1|FR\n"
                           "9100001|1|US\n"
                           "9100001|2|DE\n"
                           "9100002|1|FR\n"
                           "9200001|1|JP\n"
                           "9200001|2|FR\n"
                           "9200002|1|DE\n"
                           "9200003|1|JP\n"
                           "9200003|2|US\n");
    free(rows);
    /* older layouts used: 9000001, 9000002, 9200003 (Article/Affiliation), 9100001
     * (Author/Affiliation); not 9100002, whose AffiliationInfo won */
    const char *st[] = {"stats", dbopt, NULL};
    cr_assert_eq(run_cli(&r, st), 0);
    cr_expect(strstr(r.out, "\npapers_older_layout,4\n") != NULL, "%s", r.out);
    run_result_free(&r);
    cr_expect_eq(sql_int("SELECT count(*) FROM papers WHERE aff_layout = 1"), 3);
    cr_expect_eq(sql_int("SELECT count(*) FROM papers WHERE aff_layout = 2"), 1);
    /* the international papers: 9100001 (US, DE), 9200001 (JP, FR), 9200003 (JP, US) */
    const char *argv[] = {"intl", dbopt, "--by", "year", "--years", "2013-2014", NULL};
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\n2013,2,1,") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "\n2014,3,2,") != NULL, "%s", r.out);
    run_result_free(&r);
}

/* The paper metadata of tests/data/pubmed_metadata.xml reaches the store through the
 * parser threads' batches (-j 2) as through the direct path (-j 1); every expected
 * row is read off the fixture. */
Test(ingest, metadata_is_stored, .init = setup, .fini = teardown)
{
    const char *files[] = {test_data("pubmed_metadata.xml")};
    static const char *const jobs[] = {"1", "2"};
    for (int k = 0; k < 2; k++) {
        remove(db);
        run_result r = ingest(files, 1, "-j", jobs[k]);
        cr_assert_eq(r.status, 0, "%s", r.err);
        run_result_free(&r);
        char *d = sql_dump(db, "SELECT pmid, research, aff_layout, title, doi, pmc, nlm_id, "
                               "journal_iso, journal_title FROM papers LEFT JOIN paper_journals "
                               "USING (pmid) ORDER BY pmid");
        cr_expect_str_eq(d,
                         "9300001|1|0|Tumours of Mus musculus in space.|10.9999/aid.1|"
                         "PMC1000001|9999001|J Hand Fixt|Journal of Hand-Written Fixtures\n"
                         "9300002|1|0|Only an ELocationID DOI.|10.9999/eloc.2|NULL|NULL|NULL|"
                         "NULL\n"
                         "9300003|1|0|A Book of Fixtures|10.9999/book.3|NULL|NULL|NULL|NULL\n",
                         "-j %s", jobs[k]);
        free(d);
        d = sql_dump(db, "SELECT 'T', pmid, seq, ui, name, NULL FROM paper_types UNION ALL "
                         "SELECT 'I', pmid, seq, issn, type, NULL FROM paper_issns UNION ALL "
                         "SELECT 'L', pmid, seq, language, NULL, NULL FROM paper_languages "
                         "UNION ALL SELECT 'M', pmid, seq, ui, name, major FROM paper_mesh "
                         "UNION ALL SELECT 'G', pmid, seq, agency, country, grant_id FROM "
                         "paper_grants ORDER BY 1, 2, 3");
        cr_expect_str_eq(d,
                         "G|9300001|1|NCI NIH HHS|United States|R01 CA000001\n"
                         "G|9300001|2|Wellcome Trust|United Kingdom|NULL\n"
                         "I|9300001|1|0000-0019|Print|NULL\n"
                         "I|9300001|2|0000-0027|Electronic|NULL\n"
                         "I|9300001|3|0000-0019|Linking|NULL\n"
                         "L|9300001|1|eng|NULL|NULL\n"
                         "L|9300001|2|fre|NULL|NULL\n"
                         "L|9300003|1|eng|NULL|NULL\n"
                         "M|9300001|1|D009369|Neoplasms|1\n"
                         "M|9300001|2|D006801|Humans|0\n"
                         "M|9300001|3|D013026|Space Flight|1\n"
                         "T|9300001|1|D016428|Journal Article|NULL\n"
                         "T|9300001|2|D052061|Research Support, N.I.H., Extramural|NULL\n"
                         "T|9300003|1|D016454|Review|NULL\n",
                         "-j %s", jobs[k]);
        free(d);
        d = sql_dump(db, "SELECT position, name, last_name, fore_name, initials, "
                         "collective_name, orcid FROM authors ORDER BY pmid, position");
        cr_expect_str_eq(d,
                         "1|Lee, Min-Jun|Lee|Min-Jun|MJ|NULL|0000-0002-1825-009X\n"
                         "2|Garcia|Garcia|NULL|A|NULL|0000-0002-1825-0097\n"
                         "3|Bad, Orcid|Bad|Orcid|NULL|NULL|NULL\n"
                         "4|The Fixture Consortium|NULL|NULL|NULL|The Fixture Consortium|NULL\n",
                         "-j %s", jobs[k]);
        free(d);
        d = sql_dump(db, "SELECT position, seq, k, source, value FROM affiliation_identifiers "
                         "ORDER BY pmid, position, seq, k");
        cr_expect_str_eq(d,
                         "1|1|1|ROR|https://ror.org/00f54p054\n"
                         "1|1|2|GRID|grid.168010.e\n"
                         "2|1|1||no-source\n",
                         "-j %s", jobs[k]);
        free(d);
    }
}

/* A pipe can be read once: `coauth ingest <(zcat f.gz)` and a named FIFO are parsed
 * while they are checksummed, not read twice (which found them empty, or hung). */
Test(ingest, pipes_are_read_once, .init = setup, .fini = teardown, .timeout = 60)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && gzip -c '%s' > f.xml.gz && mkfifo fifo && "
             "(timeout 20 sh -c 'gzip -dc f.xml.gz > fifo' &) && "
             "timeout 20 '%s' ingest -q -d '%s' fifo && "
             "bash -c \"timeout 20 '%s' ingest -q -d '%s.2' <(gzip -dc f.xml.gz)\"",
             dir, test_data("pubmed_population.xml"), getenv("COAUTH_CLI"), db,
             getenv("COAUTH_CLI"), db);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    cr_expect_eq(sql_int("SELECT count(*) FROM papers"), 9);
    char db2[600];
    snprintf(db2, sizeof db2, "%s.2", db);
    char *n = sql_dump(db2, "SELECT count(*), sum(n_authors) FROM papers");
    cr_expect_str_eq(n, "9|22\n"); /* 3+2+2+1+2+6+3+2+1 authors in the fixture */
    free(n);
}

/* The research class of SPEC 5.1 on the real samples, against tests/xcheck_types.py
 * (ElementTree, publication type names): stats' papers_research and papers_other. */
Test(ingest, real_samples_research_class, .init = setup, .fini = teardown, .timeout = 600)
{
    size_t n = real_files(paths, 64);
    const char *files[64];
    size_t cap = 64 * 1100 + 256, len;
    char *cmd = malloc(cap);
    cr_assert_not_null(cmd);
    const char *src = getenv("COAUTH_SOURCE_DIR");
    len =
        (size_t)snprintf(cmd, cap, "/usr/bin/python3 '%s/tests/xcheck_types.py'", src ? src : ".");
    for (size_t i = 0; i < n; i++) {
        files[i] = paths[i];
        len += (size_t)snprintf(cmd + len, cap - len, " '%s'", paths[i]);
    }
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    long long want_r = -1, want_o = -1;
    cr_assert_eq(fscanf(p, "research %lld other %lld", &want_r, &want_o), 2, "%s", cmd);
    pclose(p);
    free(cmd);
    run_result r = ingest(files, n, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_expect_eq(sql_int("SELECT count(*) FROM papers WHERE research = 1"), want_r);
    cr_expect_eq(sql_int("SELECT count(*) FROM papers WHERE research = 0"), want_o);
    cr_expect_gt(want_o, 100, "the samples hold letters, editorials and errata");
}

Test(ingest, same_store_for_any_job_count, .init = setup, .fini = teardown, .timeout = 600)
{
    size_t n = real_files(paths, 64);
    const char *files[64];
    for (size_t i = 0; i < n; i++)
        files[i] = paths[i];
    static const char full_sql[] =
        "SELECT p.pmid, p.version, p.year, p.n_authors, a.position, a.seq, f.text, "
        "(SELECT group_concat(source || ':' || value, ' ') FROM affiliation_identifiers ai "
        "WHERE ai.pmid = a.pmid AND ai.position = a.position AND ai.seq = a.seq), "
        "(SELECT group_concat(coalesce(country, '-') || ':' || rule, ';') FROM "
        "affiliation_parts ap WHERE ap.affiliation_id = f.id) FROM papers p LEFT JOIN "
        "authorships a ON a.pmid = p.pmid LEFT JOIN affiliations f ON f.id = a.affiliation_id "
        "ORDER BY p.pmid, a.position, a.seq";
    char *d1, *d3;
    remove(db);
    run_result r = ingest(files, n, "-j", "1");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    d1 = sql_dump(db, full_sql);
    remove(db);
    r = ingest(files, n, "-j", "3");
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    d3 = sql_dump(db, full_sql);
    cr_assert(strlen(d1) > 100000, "dump unexpectedly small");
    cr_assert(strcmp(d1, d3) == 0, "-j 1 and -j 3 stores differ");
    free(d1);
    free(d3);
}

/* ---- kill -9 in the middle of a file ---- */

/* n records with PMIDs first..first+n-1 and publication year `year`, two authors each. */
static void write_big(const char *path, int n_records, int first_pmid, int year)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n", f);
    for (int i = 0; i < n_records; i++)
        fprintf(f,
                "<PubmedArticle><MedlineCitation><PMID Version=\"1\">%d</PMID><Article>"
                "<Journal><JournalIssue><PubDate><Year>%d</Year></PubDate></JournalIssue>"
                "</Journal><AuthorList><Author ValidYN=\"Y\"><LastName>A%d</LastName>"
                "<AffiliationInfo><Affiliation>Lab %d, Kyoto University, Kyoto, Japan."
                "</Affiliation></AffiliationInfo></Author><Author ValidYN=\"Y\"><LastName>B"
                "</LastName><AffiliationInfo><Affiliation>Dept %d, Harvard Medical School, "
                "Boston, MA 02115, USA.</Affiliation></AffiliationInfo></Author></AuthorList>"
                "</Article></MedlineCitation></PubmedArticle>\n",
                first_pmid + i, year, i, i % 5000, i % 3000);
    fputs("</PubmedArticleSet>\n", f);
    cr_assert_eq(fclose(f), 0);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static pid_t spawn_ingest(const char *const *files, size_t n)
{
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, 1);
        dup2(nul, 2);
        /* a slow (valgrind) first writer must not make the second give up */
        setenv("COAUTH_BUSY_TIMEOUT", "3600", 1);
        const char *argv[16] = {"coauth", "ingest", dbopt, "-q"};
        size_t k = 4;
        for (size_t i = 0; i < n && k < 15; i++)
            argv[k++] = files[i];
        argv[k] = NULL;
        execv(getenv("COAUTH_CLI"), (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static void remove_store(void)
{
    char p[600];
    remove(db);
    snprintf(p, sizeof p, "%s-wal", db);
    remove(p);
    snprintf(p, sizeof p, "%s-shm", db);
    remove(p);
}

/* Four files applied in this order: F1 PMIDs 1..N, F2 100001.., F3 200001.., F4
 * re-issues PMIDs 1..N/2 with year 2021 (replacing F1's). After applying the first k
 * files the store must hold exactly: papers = min(k,3) * N, and N/2 papers of 2021
 * iff k == 4. */
#define KILL_N 6000
static void check_prefix_state(int round)
{
    /* killed before the schema was committed: no store, or an empty SQLite file */
    if (access(db, F_OK) != 0)
        return;
    char *ok = sql_dump(db, "PRAGMA integrity_check");
    cr_assert_str_eq(ok, "ok\n", "round %d: integrity_check: %s", round, ok);
    free(ok);
    if (sql_int("SELECT count(*) FROM sqlite_schema WHERE name = 'files'") == 0) {
        cr_assert_eq(sql_int("SELECT count(*) FROM sqlite_schema"), 0, "round %d: a partial schema",
                     round);
        return;
    }
    ok = sql_dump(db, "PRAGMA integrity_check");
    cr_assert_str_eq(ok, "ok\n", "round %d: integrity_check: %s", round, ok);
    free(ok);
    long long k = sql_int("SELECT count(*) FROM files");
    cr_assert(k >= 0 && k <= 4, "round %d: %lld files", round, k);
    /* the applied files are a prefix of the command line, in order */
    for (long long i = 1; i <= k; i++) {
        char q[128];
        snprintf(q, sizeof q, "SELECT count(*) FROM files WHERE id = %lld AND name = 'f%lld.xml'",
                 i, i);
        cr_assert_eq(sql_int(q), 1, "round %d: file %lld is not f%lld.xml", round, i, i);
    }
    long long papers = sql_int("SELECT count(*) FROM papers");
    long long y2021 = sql_int("SELECT count(*) FROM papers WHERE year = 2021");
    long long auth = sql_int("SELECT count(*) FROM authorships");
    long long want = (k < 3 ? k : 3) * KILL_N;
    cr_assert_eq(papers, want, "round %d: %lld files applied, %lld papers", round, k, papers);
    cr_assert_eq(auth, 2 * want, "round %d: %lld authorships", round, auth);
    cr_assert_eq(y2021, k == 4 ? KILL_N / 2 : 0, "round %d: %lld papers of 2021", round, y2021);
}

Test(ingest, kill_at_random_points_leaves_applied_files_only, .init = setup, .fini = teardown,
     .timeout = 900)
{
    char fpaths[4][600];
    const char *files[4];
    for (int i = 0; i < 4; i++) {
        snprintf(fpaths[i], sizeof fpaths[i], "%s/f%d.xml", dir, i + 1);
        files[i] = fpaths[i];
    }
    write_big(fpaths[0], KILL_N, 1, 2020);
    write_big(fpaths[1], KILL_N, 100001, 2020);
    write_big(fpaths[2], KILL_N, 200001, 2020);
    write_big(fpaths[3], KILL_N / 2, 1, 2021);
    /* how long an uninterrupted run takes here (sanitizer builds are slower) */
    double t0 = mono();
    run_result r = ingest(files, 4, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    double full = mono() - t0;
    check_prefix_state(-1);
    remove_store();

    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    int killed = 0, partial = 0;
    /* rounds until 20 runs were cut mid-way (a run may finish before its kill) */
    for (int round = 0; round < 60 && killed < 20; round++) {
        pid_t pid = spawn_ingest(files, 4);
        /* a random point of a whole run (0..85% of its time: nearly every run is cut) */
        long us = (long)(full * 0.85e6 * (double)rand() / RAND_MAX);
        struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int st;
        waitpid(pid, &st, 0);
        killed += WIFSIGNALED(st);
        check_prefix_state(round);
        long long k =
            access(db, F_OK) != 0 ||
                    sql_int("SELECT count(*) FROM sqlite_schema WHERE name = 'files'") == 0
                ? 0
                : sql_int("SELECT count(*) FROM files");
        partial += k > 0 && k < 4;
        if (k == 4)
            remove_store(); /* start again so later kills land mid-way too */
    }
    cr_assert_geq(killed, 20, "only %d of 60 runs were killed mid-way (seed %u)", killed, seed);
    cr_log_info("kill test: %d runs killed, %d left 1-3 files applied (seed %u)", killed, partial,
                seed);
    /* the next run completes what is missing and skips what is there */
    r = ingest(files, 4, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    check_prefix_state(99);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 4);
}

/* Two ingests on one store: the second waits for the first's transaction (busy
 * timeout) and then applies its own file; a reader in between only ever sees whole
 * files. */
Test(ingest, two_ingests_on_one_store_and_a_reader, .init = setup, .fini = teardown, .timeout = 600)
{
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/a.xml", dir);
    snprintf(b, sizeof b, "%s/b.xml", dir);
    write_big(a, 40000, 1, 2019);
    write_big(b, 40000, 500001, 2020);
    const char *fa[] = {a}, *fb[] = {b};
    pid_t pa = spawn_ingest(fa, 1);
    struct timespec ts = {0, 30 * 1000000L};
    nanosleep(&ts, NULL);
    pid_t pb = spawn_ingest(fb, 1);
    /* read while they run: papers is always 0, 40000 or 80000 (whole files) */
    int seen = 0, polls = 0;
    for (;;) {
        int st;
        if (pa > 0 && waitpid(pa, &st, WNOHANG) == pa) {
            cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "first ingest: status %d", st);
            pa = 0;
        }
        if (pb > 0 && waitpid(pb, &st, WNOHANG) == pb) {
            cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "second ingest: status %d", st);
            pb = 0;
        }
        const char *argv[] = {"stats", dbopt, NULL};
        run_result r;
        cr_assert_eq(run_cli(&r, argv), 0);
        if (r.status == 0) {
            const char *p = strstr(r.out, "\npapers,");
            cr_assert_not_null(p, "%s", r.out);
            long long n = atoll(p + 8);
            cr_assert(n == 0 || n == 40000 || n == 80000, "a reader saw %lld papers", n);
            seen |= n == 40000 ? 1 : n == 80000 ? 2 : 0;
            polls++;
        }
        run_result_free(&r);
        if (!pa && !pb)
            break;
    }
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 80000);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers WHERE year = 2019"), 40000);
    char *ok = sql_dump(db, "PRAGMA integrity_check");
    cr_assert_str_eq(ok, "ok\n");
    free(ok);
    cr_log_info("concurrency test: %d reads during the ingests", polls);
}

/* A second writer that cannot get the store within the busy timeout fails with a
 * clear one-line message and exit 1; the store is untouched by it. */
Test(ingest, locked_store_gives_clear_error, .init = setup, .fini = teardown)
{
    fixtures();
    const char *files[] = {base};
    run_result r = ingest(files, 1, "-q", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
    const char *envs[] = {"COAUTH_BUSY_TIMEOUT=1", NULL};
    const char *argv[] = {"ingest", dbopt, "-q", update, NULL};
    cr_assert_eq(run_cli_ex(&r, NULL, NULL, envs, argv), 0);
    sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(h);
    cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "locked") != NULL, "%s", r.err);
    cr_assert(strstr(r.err, "ingest_update.xml") != NULL, "names the file: %s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 1);
}
