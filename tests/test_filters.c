/* test_filters.c - the study population (SPEC 5.1) and leadership and coverage
 * (SPEC 5.2) through the command line, on tests/data/pubmed_population.xml.
 *
 * Every expected row is worked out by hand from that fixture. Its papers (year:
 * publication types; authors' countries in order, '-' for an author without
 * affiliation; other metadata):
 *   9400001 2019 Journal Article       US CN CN        journal 1111111 / 1111-1111,
 *                                                      MeSH D009369 major, NIH grant (US)
 *   9400002 2019 Letter                US CN
 *   9400003 2020 Review                CN US           journal 2222222 / 2222-2222,
 *                                                      MeSH D006801 minor, French
 *   9400004 2020 (no type)             US
 *   9400005 2020 Journal Article, Comment  FR DE
 *   9400006 2021 Journal Article       GB US CN JP FR -   MeSH D009369 minor,
 *                                                      Wellcome Trust grant (UK)
 *   9400007 2021 Journal Article, Research Support N.I.H. (D052061)   - US CN
 *   9400008 2021 Editorial             US CN
 *   9400009 2017 Journal Article       JP
 * research (the default): 9400001, 3, 4, 6, 7, 9; other: 2, 5, 8.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

static char *dir;
static char dbopt[600];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(dbopt, sizeof dbopt, "--db=%s/t.db", dir);
    const char *argv[] = {"ingest", "-q", dbopt, test_data("pubmed_population.xml"), NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

TestSuite(filters, .init = setup, .fini = teardown);

/* Run `coauth ARGS... --db=...` and compare stdout with `want` exactly. */
static void expect_query(const char *want, const char *const *args)
{
    const char *argv[32];
    size_t n = 0;
    for (; args[n] && n < 30; n++)
        argv[n] = args[n];
    argv[n++] = dbopt;
    argv[n] = NULL;
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_expect_eq(r.status, 0, "%s %s: exit %d: %s", args[0], args[1] ? args[1] : "", r.status,
                 r.err);
    cr_expect_str_eq(r.out, want, "coauth %s %s %s %s", args[0], args[1] ? args[1] : "",
                     args[1] && args[2] ? args[2] : "",
                     args[1] && args[2] && args[3] ? args[3] : "");
    run_result_free(&r);
}

#define Q(want, ...) expect_query(want, (const char *const[]){__VA_ARGS__, NULL})

static const char INTL_HEAD[] =
    "country,papers,international_papers,international_share,fractional_papers\n";

Test(filters, default_is_research)
{
    /* US: 1, 3, 4, 6, 7 (international: 1, 3, 6, 7); fractional 1/3 + 1/2 + 1 + 1/5 + 1/2 */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "US,5,4,0.800000,2.533333\n",
      "intl", "--country", "US");
    /* --types all adds the letter (2: US CN), the comment (5: FR DE), the editorial */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "DE,1,1,1.000000,0.500000\n"
      "US,7,6,0.857143,3.533333\n",
      "intl", "--country", "us,de", "--types", "all");
}

Test(filters, types_lists)
{
    char want[512];
    snprintf(want, sizeof want, "%sCN,1,1,1.000000,0.500000\nUS,1,1,1.000000,0.500000\n",
             INTL_HEAD);
    Q(want, "intl", "--types", "letter");
    Q(want, "intl", "--types", "D016422");
    /* research without reviews: 1, 4, 6, 7, 9 -> US 1, 4, 6, 7 */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "US,4,3,0.750000,2.033333\n",
      "intl", "--country", "US", "--types", "research,!Review");
    /* by UI, a name holding commas */
    snprintf(want, sizeof want, "%sCN,1,1,1.000000,0.500000\nUS,1,1,1.000000,0.500000\n",
             INTL_HEAD);
    Q(want, "intl", "--types", "D052061");
    /* only exclusions start from research: 3 (CN US) and 4 (US) */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "CN,1,1,1.000000,0.500000\n"
      "US,2,1,0.500000,1.500000\n",
      "intl", "--types", "!Journal Article");
}

Test(filters, metadata_filters)
{
    static const char p1[] = "country,papers,international_papers,international_share,"
                             "fractional_papers\nCN,1,1,1.000000,0.666667\n"
                             "US,1,1,1.000000,0.333333\n";
    Q(p1, "intl", "--journal", "1111111");
    Q(p1, "intl", "--journal", "1111-1111");
    Q(p1, "intl", "--mesh", "D009369", "--mesh-major");
    Q(p1, "intl", "--grant-agency", "*nih*");
    Q(p1, "intl", "--grant-agency", "*NIH*", "--grant-country", "united states");
    /* MeSH without --mesh-major: 1 and 6 -> CN in both, GB in 6 */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "CN,2,2,1.000000,0.866667\n"
      "GB,1,1,1.000000,0.200000\n",
      "intl", "--mesh", "D009369", "--country", "CN,GB");
    static const char p3[] = "country,papers,international_papers,international_share,"
                             "fractional_papers\nCN,1,1,1.000000,0.500000\n"
                             "US,1,1,1.000000,0.500000\n";
    Q(p3, "intl", "--language", "FRE");
    Q(p3, "intl", "--journal", "2222-2222");
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "GB,1,1,1.000000,0.200000\n",
      "intl", "--grant-country", "United Kingdom", "--country", "GB");
    /* filters combine: NIH grant and French: none */
    Q(INTL_HEAD, "intl", "--grant-agency", "*NIH*", "--language", "fre");
    /* the same grant must match both (the NIH grant is not British) */
    Q(INTL_HEAD, "intl", "--grant-agency", "*NIH*", "--grant-country", "United Kingdom");
}

Test(filters, max_countries)
{
    /* 6 has five countries; JP keeps only 9 */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "JP,1,0,0.000000,1.000000\n",
      "intl", "--country", "JP", "--max-countries", "4");
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "JP,2,1,0.500000,1.200000\n",
      "intl", "--country", "JP", "--max-countries", "5");
}

Test(filters, intl_by_year_covers_every_year)
{
    /* 2017: 9 (JP, its one author located); 2018: nothing; 2019: 1; 2020: 3 and 4;
     * 2021: 6 (sixth author unlocated) and 7 (first author unlocated) */
    Q("year,papers,international_papers,international_share,all_authors_located\n"
      "2016,0,0,,0\n"
      "2017,1,0,0.000000,1\n"
      "2018,0,0,,0\n"
      "2019,1,1,1.000000,1\n"
      "2020,2,1,0.500000,2\n"
      "2021,2,2,1.000000,0\n",
      "intl", "--by", "year", "--years", "2016-2021");
    /* without --years: first to last year seen */
    Q("year,papers,international_papers,international_share,all_authors_located\n"
      "2017,1,0,0.000000,1\n"
      "2018,0,0,,0\n"
      "2019,1,1,1.000000,1\n"
      "2020,2,1,0.500000,2\n"
      "2021,2,2,1.000000,0\n",
      "intl", "--by", "year");
    /* --by country,year: every year for each listed country */
    Q("country,year,papers,international_papers,international_share,fractional_papers\n"
      "JP,2019,0,0,,0.000000\n"
      "JP,2020,0,0,,0.000000\n"
      "JP,2021,1,1,1.000000,0.200000\n",
      "intl", "--by", "country,year", "--country", "JP", "--years", "2019-2021");
}

Test(filters, pair_leadership)
{
    /* 2019: 1 (first US, last CN); 2020: 3 (first CN, last US); 2021: 6 (first GB, last
     * author unlocated; 1/4) and 7 (first unlocated, last CN; 1) */
    Q("year,country_a,country_b,papers,fractional_links,first_author_a,first_author_b,"
      "last_author_a,last_author_b\n"
      "2018,US,CN,0,0.000000,0,0,0,0\n"
      "2019,US,CN,1,1.000000,1,0,0,1\n"
      "2020,US,CN,1,1.000000,0,1,1,0\n"
      "2021,US,CN,2,1.250000,0,0,0,1\n",
      "pair", "US", "CN", "--years", "2018-2021");
    /* with the letter (2: US CN) and the editorial (8: US CN) */
    Q("country_a,country_b,papers,fractional_links,first_author_a,first_author_b,"
      "last_author_a,last_author_b\n"
      "CN,US,6,5.250000,1,3,4,1\n",
      "pair", "cn", "us", "--by", "total", "--types", "all");
}

Test(filters, stats_and_usage)
{
    const char *argv[] = {"stats", dbopt, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\npapers_research,6\n") != NULL, "%s", r.out);
    cr_expect(strstr(r.out, "\npapers_other,3\n") != NULL, "%s", r.out);
    run_result_free(&r);
    static const char *const bad[][4] = {
        {"--types", "!", NULL},        {"--types", "letter,,review", NULL},
        {"--mesh", "Neoplasms", NULL}, {"--max-countries", "0", NULL},
        {"--language", "en-gb", NULL}, {"--types", "", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *a[] = {"intl", dbopt, bad[i][0], bad[i][1], NULL};
        cr_assert_eq(run_cli(&r, a), 0);
        cr_expect_eq(r.status, 2, "%s '%s': exit %d", bad[i][0], bad[i][1], r.status);
        cr_expect(strncmp(r.err, "coauth intl: bad ", 17) == 0, "%s", r.err);
        run_result_free(&r);
    }
    const char *inst[] = {"centrality",      dbopt, "--level", "institution",
                          "--max-countries", "3",   NULL};
    cr_assert_eq(run_cli(&r, inst), 0);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "country-level") != NULL, "%s", r.err);
    run_result_free(&r);
}

/* -o FILE replaces FILE atomically: a reader that opened the old file reads it whole,
 * the new file has the new content and the old file's mode, nothing is left beside
 * it, and a failed query leaves the old file as it was. */
Test(filters, output_is_replaced_atomically)
{
    char out[700], cmd[1600];
    snprintf(out, sizeof out, "%s/out.csv", dir);
    cr_assert_eq(write_file(out, "old,content\n", 12), 0);
    cr_assert_eq(chmod(out, 0640), 0);
    FILE *old = fopen(out, "r");
    cr_assert_not_null(old);
    const char *argv[] = {"intl", dbopt, "--country", "JP", "-o", out, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    char buf[64] = {0};
    cr_expect_eq(fread(buf, 1, sizeof buf - 1, old), 12);
    cr_expect_str_eq(buf, "old,content\n", "the old file was rewritten in place");
    fclose(old);
    char *now = read_file(out, NULL);
    cr_assert_not_null(now);
    cr_expect_str_eq(now, "country,papers,international_papers,international_share,"
                          "fractional_papers\nJP,2,1,0.500000,1.200000\n");
    free(now);
    struct stat sb;
    cr_assert_eq(stat(out, &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0640);
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | grep -c '^\\.out\\.csv') = 0", dir);
    cr_expect_eq(system(cmd), 0, "a temporary file was left beside the export");
    /* a failing query (a bad value found only when the store is read) keeps it */
    const char *bad[] = {
        "centrality", dbopt, "--level", "country", "--years",           "2030-2031", "--sort",
        "papers",     "-o",  out,       "-d",      "/nonexistent/x.db", NULL};
    cr_assert_eq(run_cli(&r, bad), 0);
    cr_expect_eq(r.status, 1, "%s", r.err);
    run_result_free(&r);
    now = read_file(out, NULL);
    cr_expect(now && strncmp(now, "country,papers", 14) == 0, "%s", now ? now : "(null)");
    free(now);
}

/* The analysts' views: one row per (paper, country) and per (paper, first-author
 * country), read with plain SQLite; counted by hand from the fixture (research papers:
 * US in 1, 3, 4, 6, 7; first authors: 1 US, 3 CN, 4 US, 6 GB, 9 JP, 7 none). */
Test(filters, views_for_direct_sql)
{
    char path[700];
    snprintf(path, sizeof path, "%s/t.db", dir);
    char *rows = sql_rows_at(path, "SELECT country, count(*) FROM paper_countries WHERE "
                                   "research = 1 GROUP BY country ORDER BY country");
    cr_expect_str_eq(rows, "CN|4\nFR|1\nGB|1\nJP|2\nUS|5\n");
    free(rows);
    rows = sql_rows_at(path, "SELECT pmid, country FROM paper_first_author_countries WHERE "
                             "research = 1 ORDER BY pmid");
    cr_expect_str_eq(rows, "9400001|US\n9400003|CN\n9400004|US\n9400006|GB\n9400009|JP\n");
    free(rows);
}

/* Codes outside ISO 3166-1 are a warning naming the code meant, not silent zeros;
 * a malformed UI is a usage error. */
Test(filters, unknown_codes_and_malformed_uis)
{
    const char *a[] = {"pair", dbopt, "UK", "US", "--by", "total", NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, a), 0);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "warning: 'UK' is not an ISO 3166-1 code") != NULL, "%s", r.err);
    cr_expect(strstr(r.err, "did you mean GB?") != NULL, "%s", r.err);
    run_result_free(&r);
    const char *b[] = {"intl", dbopt, "--country", "el,xx,us", NULL};
    cr_assert_eq(run_cli(&r, b), 0);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "'EL' is not an ISO 3166-1 code, so no paper has it: did you mean "
                            "GR?") != NULL,
              "%s", r.err);
    cr_expect(strstr(r.err, "'XX' is not an ISO 3166-1 code, so no paper has it\n") != NULL, "%s",
              r.err);
    cr_expect(strstr(r.err, "'US'") == NULL, "%s", r.err);
    run_result_free(&r);
    /* a type name no paper in the store has: a typo, or a type this store lacks */
    static const char *const bad[][2] = {{"--types", "D1234"},
                                         {"--mesh", "D00936"},
                                         {"--types", "Jounal Article"},
                                         {"--types", "research,!Editorials"},
                                         {"--mesh-major", "--mesh-major"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *c[] = {"intl", dbopt, bad[i][0], bad[i][1], NULL};
        cr_assert_eq(run_cli(&r, c), 0);
        cr_expect_eq(r.status, 2, "%s %s: %s", bad[i][0], bad[i][1], r.err);
        cr_expect(strstr(r.err, bad[i][1]) != NULL, "%s", r.err);
        run_result_free(&r);
    }
}

/* A store this user may only read (another user's file in a read-only directory):
 * queries answer, and leave nothing behind. Run as nobody with setpriv, which needs
 * root; skipped otherwise. A write-ahead log still holding writes is refused. */
Test(filters, readonly_store_for_another_user, .timeout = 60)
{
    if (geteuid() != 0 || system("command -v setpriv >/dev/null") != 0)
        cr_skip_test("needs root and setpriv to run a query as another user");
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "set -e; cd '%s'; mkdir ro; cp t.db ro/s.db; cp '%s' ro/coauth; chmod 755 . ro; "
             "chmod 644 ro/s.db; ls -A ro > before; "
             "setpriv --reuid=65534 --regid=65534 --clear-groups ro/coauth intl -d ro/s.db "
             "--country JP > out 2> err; ls -A ro > after; cmp before after",
             dir, getenv("COAUTH_CLI"));
    int rc = system(cmd);
    char path[700];
    snprintf(path, sizeof path, "%s/err", dir);
    char *err = read_file(path, NULL);
    cr_assert_eq(rc, 0, "%s: %s", cmd, err ? err : "");
    free(err);
    snprintf(path, sizeof path, "%s/out", dir);
    char *out = read_file(path, NULL);
    cr_expect_str_eq(out, "country,papers,international_papers,international_share,"
                          "fractional_papers\nJP,2,1,0.500000,1.200000\n");
    free(out);
    snprintf(cmd, sizeof cmd,
             "cd '%s' && printf 'x' > ro/s.db-wal && ! setpriv --reuid=65534 --regid=65534 "
             "--clear-groups ro/coauth intl -d ro/s.db > out2 2> err2 && grep -q "
             "'write-ahead log' err2",
             dir);
    cr_expect_eq(system(cmd), 0, "a pending write-ahead log was not refused");
}

/* Country queries with a metadata filter read the country sets and paper_meta, not
 * papers (queries/papers.c, scan_sets): tests/data/filter_sets.xml, by hand:
 *   9500001 2019 Journal Article  US CN  eng, MeSH D009369 (and a hidden JATS version:
 *                                        one author in Japan, filter_sets_jats.xml)
 *   9500002 2019 Journal Article  -      eng, MeSH D009369 (metadata, no country set)
 *   9500003 ---- Journal Article  US     eng (year unknown)
 *   9500004 2020 Review           FR US  eng
 *   9500005 2020 Letter           DE     eng (not research) */
Test(filters, metadata_filters_read_the_sets)
{
    char db[600];
    snprintf(db, sizeof db, "--db=%s/sets.db", dir);
    const char *argv[] = {
        "ingest", "-q", db, test_data("filter_sets.xml"), test_data("filter_sets_jats.xml"), NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    snprintf(dbopt, sizeof dbopt, "%s", db);
    /* research: 1, 3, 4; US 3 papers (1 and 4 international), 1/2 + 1 + 1/2 */
    static const char research[] = "country,papers,international_papers,international_share,"
                                   "fractional_papers\n"
                                   "CN,1,1,1.000000,0.500000\n"
                                   "FR,1,1,1.000000,0.500000\n"
                                   "US,3,2,0.666667,2.000000\n";
    Q(research, "intl", "--language", "eng");
    /* every type but letters: the same (the hidden JATS version, JP, counts nowhere) */
    Q(research, "intl", "--types", "all,!Letter");
    /* the class or a listed type: the letter is neither */
    Q(research, "intl", "--language", "eng", "--types", "research,Review");
    /* the year of 3 is unknown: left out by --years */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "CN,1,1,1.000000,0.500000\n"
      "FR,1,1,1.000000,0.500000\n"
      "US,2,2,1.000000,1.000000\n",
      "intl", "--language", "eng", "--years", "2019-2020");
    /* without the review: 1, 3 */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "CN,1,1,1.000000,0.500000\n"
      "US,2,1,0.500000,1.500000\n",
      "intl", "--language", "eng", "--types", "research,!Review");
    /* every type: 5 too; the class excluded: 5 alone; only exclusions start from research */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "CN,1,1,1.000000,0.500000\n"
      "DE,1,0,0.000000,1.000000\n"
      "FR,1,1,1.000000,0.500000\n"
      "US,3,2,0.666667,2.000000\n",
      "intl", "--language", "eng", "--types", "all");
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "DE,1,0,0.000000,1.000000\n",
      "intl", "--language", "eng", "--types", "all,!research");
    Q(INTL_HEAD, "intl", "--language", "eng", "--types", "!research");
    /* MeSH: 1 (2 has the descriptor but no country) */
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "CN,1,1,1.000000,0.500000\n"
      "US,1,1,1.000000,0.500000\n",
      "intl", "--mesh", "D009369");
    /* a chunk listed dirty (as SQL on the sets would) is read from paper_country_sets,
     * with the class from its rows: the same figures */
    char path[600];
    snprintf(path, sizeof path, "%s/sets.db", dir);
    free(sql_rows_at(path, "INSERT INTO paper_country_dirty(chunk) "
                           "SELECT chunk FROM paper_country_chunks"));
    cr_assert_eq(sql_int_at(path, "SELECT count(*) FROM paper_country_dirty"), 1);
    Q(research, "intl", "--language", "eng");
    Q(research, "intl", "--language", "eng", "--types", "research,Review");
    Q("country,papers,international_papers,international_share,fractional_papers\n"
      "DE,1,0,0.000000,1.000000\n",
      "intl", "--language", "eng", "--types", "all,!research");
}
