/* test_query.c - the indicators of SPEC 5 (intl, pair, network) on a hand-written
 * corpus, the CSV/GraphML/Pajek writers, and the query commands' CLI contract.
 *
 * Every expected number below is computed by hand from the corpus in the comments.
 * Notation per paper: C(p) = its countries, then each country's author-proportional
 * share F (1/|A(p)| per author in A(p), split evenly over that author's parts).
 */
#include <coauth/coauth.h>
#include <coauth/query.h>
#include <coauth/write.h>
#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/testutil.h"
#include "test_query_corpus.h"

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(query, .init = suite_init);

/* The corpus (34 papers, 32 with a country; p5 and p6 have none).
 *  pmid year authors                               C(p)          F shares       intl
 *   1 2014 US/Harvard 0 0 (first-author only)       {US}          US 1
 *   2 2014 CN/PKU 0                                 {CN}          CN 1
 *   3 2014 GB/Oxford;US/MIT 0 0 (one string, 2 parts){GB,US}      GB .5 US .5    yes
 *   4 2014 DE/MPG                                   {DE}          DE 1
 *   5 2014 - 0          (unresolved)                {}
 *   6 2014 0 0          (no affiliation)            {}
 *   7 2015 US/Harvard CN/PKU                        {CN,US}       .5 .5          yes
 *   8 2015 US/Harvard US/MIT CN/Tsinghua            {CN,US}       US 2/3 CN 1/3  yes
 *   9 2015 HK/HKU CN/PKU                            {CN,HK}       .5 .5          yes
 *  10 2015 MO/UM US/MIT                             {MO,US}       .5 .5          yes
 *  11 2015 TW/NTU CN/PKU                            {CN,TW}       .5 .5          yes
 *  12 2015 US/Harvard+GB/Oxford 0 DE/MPG (2 strings){DE,GB,US}    US .25 GB .25 DE .5 yes
 *  13 2016 US/Harvard                               {US}          US 1
 *  14 2016 US/MIT US/Harvard                        {US}          US 1
 *  15 2016 CN/PKU CN/Tsinghua                       {CN}          CN 1
 *  16 2016 GB/Oxford FR/CNRS JP/UTokyo US/MIT       {FR,GB,JP,US} .25 each       yes
 *  17 2016 - US/MIT                                 {US}          US 1
 *  18 2016 HK/HKU MO/UM                             {HK,MO}       .5 .5          yes
 *  19 2016 -/Acme US   (institution, no country)    {US}          US 1
 *  33 2016 0 0 CN/PKU                               {CN}          CN 1
 *  20 2017 CN/PKU US/Harvard GB/Oxford              {CN,GB,US}    1/3 each       yes
 *  21 2017 US/Harvard;CN/PKU US/MIT                 {CN,US}       US .75 CN .25  yes
 *  22 2017 DE/MPG DE/TUM                            {DE}          DE 1
 *  23 2017 JP/UTokyo CN/PKU                         {CN,JP}       .5 .5          yes
 *  24 2017 US/Harvard CN/PKU CN/Tsinghua            {CN,US}       US 1/3 CN 2/3  yes
 *  34 2017 US;DE 0     (no institutions)            {DE,US}       .5 .5          yes
 *  25 2018 US/MIT CN/Tsinghua                       {CN,US}       .5 .5          yes
 *  26 2018 GB/Oxford                                {GB}          GB 1
 *  27 2018 FR/CNRS DE/MPG                           {DE,FR}       .5 .5          yes
 *  28 2018 TW/NTU                                   {TW}          TW 1
 *  29 2018 US/Harvard CN/PKU HK/HKU                 {CN,HK,US}    1/3 each       yes
 *  30 2018 US/MIT;US/Harvard                        {US}          US 1
 *  31 ---- US/Harvard CN/PKU   (no year)            {CN,US}       .5 .5          yes
 *  32 ---- GB/Oxford           (no year)            {GB}          GB 1
 */
#define PAIR_HEAD                                                                                  \
    "country_a,country_b,papers,fractional_links,first_author_a,first_author_b,last_author_a,"     \
    "last_author_b\n"
#define PAIR_HEAD_YEAR "year," PAIR_HEAD

static const corpus_paper corpus[] = {
    {1, 2014, "US/Harvard 0 0"},
    {2, 2014, "CN/PKU 0"},
    {3, 2014, "GB/Oxford;US/MIT 0 0"},
    {4, 2014, "DE/MPG"},
    {5, 2014, "- 0"},
    {6, 2014, "0 0"},
    {7, 2015, "US/Harvard CN/PKU"},
    {8, 2015, "US/Harvard US/MIT CN/Tsinghua"},
    {9, 2015, "HK/HKU CN/PKU"},
    {10, 2015, "MO/UM US/MIT"},
    {11, 2015, "TW/NTU CN/PKU"},
    {12, 2015, "US/Harvard+GB/Oxford 0 DE/MPG"},
    {13, 2016, "US/Harvard"},
    {14, 2016, "US/MIT US/Harvard"},
    {15, 2016, "CN/PKU CN/Tsinghua"},
    {16, 2016, "GB/Oxford FR/CNRS JP/UTokyo US/MIT"},
    {17, 2016, "- US/MIT"},
    {18, 2016, "HK/HKU MO/UM"},
    {19, 2016, "-/Acme US"},
    {20, 2017, "CN/PKU US/Harvard GB/Oxford"},
    {21, 2017, "US/Harvard;CN/PKU US/MIT"},
    {22, 2017, "DE/MPG DE/TUM"},
    {23, 2017, "JP/UTokyo CN/PKU"},
    {24, 2017, "US/Harvard CN/PKU CN/Tsinghua"},
    {25, 2018, "US/MIT CN/Tsinghua"},
    {26, 2018, "GB/Oxford"},
    {27, 2018, "FR/CNRS DE/MPG"},
    {28, 2018, "TW/NTU"},
    {29, 2018, "US/Harvard CN/PKU HK/HKU"},
    {30, 2018, "US/MIT;US/Harvard"},
    {31, 0, "US/Harvard CN/PKU"},
    {32, 0, "GB/Oxford"},
    {33, 2016, "0 0 CN/PKU"},
    {34, 2017, "US;DE 0"},
};

static char *dir;
static char db[512];
static coauth_store *store;

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/q.db", dir);
    corpus_build(db, corpus, sizeof corpus / sizeof corpus[0]);
    store = corpus_open(db);
}

static void teardown(void)
{
    coauth_store_free(store);
    remove_tmpdir(dir);
}

#define EPS 1e-9
#define assert_near(got, want)                                                                     \
    cr_assert(fabs((got) - (want)) < EPS, "got %.9f, want %.9f", (double)(got), (double)(want))

static const coauth_intl_row *row_of(const coauth_intl_result *r, const char *cc, int year)
{
    for (size_t i = 0; i < r->n_rows; i++)
        if (strcmp(r->rows[i].country, cc) == 0 && r->rows[i].year == year)
            return &r->rows[i];
    return NULL;
}

static void expect(const coauth_intl_result *r, const char *cc, int year, uint64_t w, uint64_t i,
                   double f)
{
    const coauth_intl_row *x = row_of(r, cc, year);
    cr_assert_not_null(x, "no row %s %d", cc, year);
    cr_assert_eq(x->papers, w, "%s %d: W %llu, want %llu", cc, year, (unsigned long long)x->papers,
                 (unsigned long long)w);
    cr_assert_eq(x->international, i, "%s %d: I %llu, want %llu", cc, year,
                 (unsigned long long)x->international, (unsigned long long)i);
    cr_assert(fabs(x->fractional - f) < EPS, "%s %d: F %.9f, want %.9f", cc, year, x->fractional,
              f);
}

static double sum_f(const coauth_intl_result *r)
{
    double s = 0;
    for (size_t i = 0; i < r->n_rows; i++)
        s += r->rows[i].fractional;
    return s;
}

static char *to_string(coauth_status (*fn)(FILE *, const void *, coauth_error *), const void *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_not_null(f);
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(fn(f, r, &err), COAUTH_OK, "%s", err.msg);
    fclose(f);
    return buf;
}

#define WRITE(fn, r) to_string((coauth_status(*)(FILE *, const void *, coauth_error *))(fn), (r))

/* W (papers), I (international), F by country, all years, no folding:
 *  US W: 1,3,7,8,10,12,13,14,16,17,19,20,21,24,25,29,30,31,34 = 19; I: 3,7,8,10,12,16,20,
 *     21,24,25,29,31,34 = 13; F = 6 (1,13,14,17,19,30) + 3 (3,7,10,25,31,34 halves)
 *     + 1.25 (12 .25, 16 .25, 21 .75) + 5/3 (8 2/3, 20, 24, 29 1/3) = 143/12
 *  CN W: 2,7,8,9,11,15,20,21,23,24,25,29,31,33 = 14; I = 14 - {2,15,33} = 11;
 *     F = 3 (2,15,33) + 3 (7,9,11,23,25,31) + .25 (21) + 5/3 (8,20,29 1/3; 24 2/3) = 95/12
 *  GB W: 3,12,16,20,26,32 = 6; I = 4; F = .5+.25+.25+1/3+1+1 = 10/3
 *  DE W: 4,12,22,27,34 = 5; I = 3; F = 1+.5+1+.5+.5 = 3.5
 *  HK: 9,18,29 -> 3, 3, .5+.5+1/3;  MO: 10,18 -> 2, 2, 1;  TW: 11,28 -> 2, 1, 1.5
 *  FR: 16,27 -> 2, 2, .75;  JP: 16,23 -> 2, 2, .75
 *  Sum of F = (143+95+40+42+16+12+18+9+9)/12 = 384/12 = 32 = papers with a country. */
Test(query, intl_by_country, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_intl_result r = COAUTH_INTL_RESULT_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 9);
    expect(&r, "US", 0, 19, 13, 143.0 / 12);
    expect(&r, "CN", 0, 14, 11, 95.0 / 12);
    expect(&r, "GB", 0, 6, 4, 10.0 / 3);
    expect(&r, "DE", 0, 5, 3, 3.5);
    expect(&r, "HK", 0, 3, 3, 4.0 / 3);
    expect(&r, "MO", 0, 2, 2, 1.0);
    expect(&r, "TW", 0, 2, 1, 1.5);
    expect(&r, "FR", 0, 2, 2, 0.75);
    expect(&r, "JP", 0, 2, 2, 0.75);
    assert_near(sum_f(&r), 32.0);

    char *csv = WRITE(coauth_write_intl_csv, &r);
    cr_assert_str_eq(csv, "country,papers,international_papers,international_share,"
                          "fractional_papers\n"
                          "CN,14,11,0.785714,7.916667\n"
                          "DE,5,3,0.600000,3.500000\n"
                          "FR,2,2,1.000000,0.750000\n"
                          "GB,6,4,0.666667,3.333333\n"
                          "HK,3,3,1.000000,1.333333\n"
                          "JP,2,2,1.000000,0.750000\n"
                          "MO,2,2,1.000000,1.000000\n"
                          "TW,2,1,0.500000,1.500000\n"
                          "US,19,13,0.684211,11.916667\n");
    free(csv);
    coauth_intl_result_release(&r);
}

/* --fold-hk-mo: p9 {HK,CN} -> {CN} (CN 1, no longer international), p10 {MO,US} ->
 * {CN,US} (.5 .5), p18 {HK,MO} -> {CN} (CN 1, not international), p29 {US,CN,HK} ->
 * {CN,US} (US 1/3, CN 2/3).
 *  CN W = 14 + p10 + p18 = 16; I = 11 - p9 + p10 = 11;
 *  F = 95/12 + .5 (p9) + .5 (p10) + 1 (p18) + 1/3 (p29) = 123/12 = 10.25.
 *  US unchanged: 19, 13, 143/12. Sum F = (143+123+40+42+18+9+9)/12 = 32. */
Test(query, intl_fold_hk_mo, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    cr_assert_eq(coauth_query_option(&o, "fold-hk-mo", NULL, NULL), COAUTH_OK);
    coauth_intl_result r = COAUTH_INTL_RESULT_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 7);
    cr_assert_null(row_of(&r, "HK", 0));
    cr_assert_null(row_of(&r, "MO", 0));
    expect(&r, "CN", 0, 16, 11, 10.25);
    expect(&r, "US", 0, 19, 13, 143.0 / 12);
    expect(&r, "TW", 0, 2, 1, 1.5);
    assert_near(sum_f(&r), 32.0);
    coauth_intl_result_release(&r);
}

/* --years 2016-2017: papers 13-24, 33, 34 (14 papers, all with a country).
 *  US: 13,14,16,17,19,20,21,24,34 -> W 9, I 5 (16,20,21,24,34),
 *      F = 1+1+.25+1+1+1/3+.75+1/3+.5 = 74/12
 *  CN: 15,20,21,23,24,33 -> 6, 4, 1+1/3+.25+.5+2/3+1 = 3.75
 *  GB: 16,20 -> 2, 2, 7/12;  DE: 22,34 -> 2, 1, 1.5;  FR: 16 -> 1,1,.25
 *  JP: 16,23 -> 2,2,.75;  HK: 18 -> 1,1,.5;  MO: 18 -> 1,1,.5.  Sum F = 168/12 = 14. */
Test(query, intl_years, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_option(&o, "years", "2016-2017", &err), COAUTH_OK, "%s", err.msg);
    coauth_intl_result r = COAUTH_INTL_RESULT_INIT;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 8);
    expect(&r, "US", 0, 9, 5, 74.0 / 12);
    expect(&r, "CN", 0, 6, 4, 3.75);
    expect(&r, "GB", 0, 2, 2, 7.0 / 12);
    expect(&r, "DE", 0, 2, 1, 1.5);
    expect(&r, "FR", 0, 1, 1, 0.25);
    expect(&r, "JP", 0, 2, 2, 0.75);
    expect(&r, "HK", 0, 1, 1, 0.5);
    expect(&r, "MO", 0, 1, 1, 0.5);
    assert_near(sum_f(&r), 14.0);
    coauth_intl_result_release(&r);
}

/* --by year (unknown years left out): 2014: 1,2,3,4 -> 4 papers, 1 international;
 * 2015: 7-12 -> 6, 6; 2016: 13-19, 33 -> 8, 2 (16, 18); 2017: 20-24, 34 -> 6, 5;
 * 2018: 25-30 -> 6, 3 (25, 27, 29). Folded: 2015 loses p9 (5), 2016 loses p18 (1).
 * all_authors_located: 2014 only 4; 2015 all but 12 (an author without affiliation);
 * 2016 all but 17 ('-'), 19 (institution without country) and 33; 2017 all but 34;
 * 2018 all six. */
Test(query, intl_by_year, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_option(&o, "by", "year", &err), COAUTH_OK);
    coauth_intl_result r = COAUTH_INTL_RESULT_INIT;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    char *csv = WRITE(coauth_write_intl_csv, &r);
    cr_assert_str_eq(csv, "year,papers,international_papers,international_share,"
                          "all_authors_located\n"
                          "2014,4,1,0.250000,1\n"
                          "2015,6,6,1.000000,5\n"
                          "2016,8,2,0.250000,5\n"
                          "2017,6,5,0.833333,5\n"
                          "2018,6,3,0.500000,6\n");
    free(csv);
    coauth_intl_result_release(&r);

    cr_assert_eq(coauth_query_option(&o, "fold-hk-mo", NULL, &err), COAUTH_OK);
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 5);
    cr_assert_eq(r.rows[1].year, 2015);
    cr_assert_eq(r.rows[1].international, 5);
    cr_assert_eq(r.rows[2].international, 1);
    coauth_intl_result_release(&r);

    /* --country makes no sense per year */
    cr_assert_eq(coauth_query_option(&o, "country", "US", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_EINVAL);
}

/* --by country,year --country us,XK: US 2014: 1,3 -> 2, 1, 1.5;
 * US 2015: 7,8,10,12 -> 4, 4, .5+2/3+.5+.25 = 23/12; US 2016: 13,14,16,17,19 -> 5, 1,
 * 4.25; US 2017: 20,21,24,34 -> 4, 4, 1/3+.75+1/3+.5 = 23/12; US 2018: 25,29,30 -> 3, 2,
 * .5+1/3+1 = 11/6. p31 (no year) is left out. XK has no paper: a zero row for each
 * of the years seen, 2014-2018, as every country asked for (SPEC 7). */
Test(query, intl_by_country_year_filtered, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_option(&o, "by", "country,year", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_option(&o, "country", "us,XK", &err), COAUTH_OK, "%s", err.msg);
    coauth_intl_result r = COAUTH_INTL_RESULT_INIT;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 10);
    for (int y = 2014; y <= 2018; y++)
        expect(&r, "XK", y, 0, 0, 0.0);
    expect(&r, "US", 2014, 2, 1, 1.5);
    expect(&r, "US", 2015, 4, 4, 23.0 / 12);
    expect(&r, "US", 2016, 5, 1, 4.25);
    expect(&r, "US", 2017, 4, 4, 23.0 / 12);
    expect(&r, "US", 2018, 3, 2, 11.0 / 6);
    char *csv = WRITE(coauth_write_intl_csv, &r);
    cr_assert(strncmp(csv,
                      "country,year,papers,international_papers,international_share,"
                      "fractional_papers\nUS,2014,2,1,0.500000,1.500000\n",
                      strlen("country,year,papers,international_papers,international_share,"
                             "fractional_papers\nUS,2014,2,1,0.500000,1.500000\n")) == 0,
              "%s", csv);
    free(csv);
    coauth_intl_result_release(&r);

    /* --by country lists a requested country without papers, share empty */
    o.by = COAUTH_BY_COUNTRY;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    csv = WRITE(coauth_write_intl_csv, &r);
    cr_assert_str_eq(csv, "country,papers,international_papers,international_share,"
                          "fractional_papers\n"
                          "US,19,13,0.684211,11.916667\n"
                          "XK,0,0,,0.000000\n");
    free(csv);
    coauth_intl_result_release(&r);
}

/* pair US CN: papers with both: 7 (2015, |C|=2: 1), 8 (2015, 1), 20 (2017, |C|=3: .5),
 * 21 (2017, 1), 24 (2017, 1), 25 (2018, 1), 29 (2018, |C|=3: .5), 31 (no year, 1).
 *  by year: 2015 2 2.0; 2016 0 0 (gap filled); 2017 3 2.5; 2018 2 1.5
 *  total: 8 papers, 7.0
 * Leadership (first author US / CN, last author US / CN): 7: US, CN; 8: US, CN; 20: CN,
 * GB; 21: US and CN (one author, both), US; 24: US, CN; 25: US, CN; 29: US, HK; 31: US,
 * CN. By year 2015 2,0,0,2; 2017 2,2,1,1; 2018 2,0,0,1; total 7,2,1,5.
 * Folded: + p10 {CN,US} (2015, 1); p29 becomes {CN,US}: 1 instead of .5.
 *  2015 3 3.0; 2016 0; 2017 3 2.5; 2018 2 2.0; total 9, 8.5. */
Test(query, pair_us_cn, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_pair_result r = COAUTH_PAIR_RESULT_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_pair(store, &o, "us", "Cn", &r, &err), COAUTH_OK, "%s", err.msg);
    char *csv = WRITE(coauth_write_pair_csv, &r);
    cr_assert_str_eq(csv, PAIR_HEAD_YEAR "2015,US,CN,2,2.000000,2,0,0,2\n"
                                         "2016,US,CN,0,0.000000,0,0,0,0\n"
                                         "2017,US,CN,3,2.500000,2,2,1,1\n"
                                         "2018,US,CN,2,1.500000,2,0,0,1\n");
    free(csv);
    coauth_pair_result_release(&r);

    o.pair_by = COAUTH_PAIR_BY_TOTAL;
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    csv = WRITE(coauth_write_pair_csv, &r);
    cr_assert_str_eq(csv, PAIR_HEAD "US,CN,8,7.000000,7,2,1,5\n");
    free(csv);
    coauth_pair_result_release(&r);

    o.fold_hk_mo = true;
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 1);
    cr_assert_eq(r.rows[0].papers, 9);
    assert_near(r.rows[0].fractional, 8.5);
    coauth_pair_result_release(&r);

    o.pair_by = COAUTH_PAIR_BY_YEAR;
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    csv = WRITE(coauth_write_pair_csv, &r);
    /* folded leadership: + 10 (first MO = CN, last US); 29's last author HK is CN */
    cr_assert_str_eq(csv, PAIR_HEAD_YEAR "2015,US,CN,3,3.000000,2,1,1,2\n"
                                         "2016,US,CN,0,0.000000,0,0,0,0\n"
                                         "2017,US,CN,3,2.500000,2,2,1,1\n"
                                         "2018,US,CN,2,2.000000,2,0,0,2\n");
    free(csv);
    coauth_pair_result_release(&r);

    /* HK folds into CN: the same two countries */
    cr_assert_eq(coauth_query_pair(store, &o, "HK", "CN", &r, &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_pair(store, &o, "USA", "CN", &r, &err), COAUTH_EINVAL);
}

/* --years 2014-2016 --by year: every year of the range, zeros included: 2014 0;
 * 2015 2 2.0; 2016 0. --years 2016-2018 total: 20 (.5), 21, 24, 25 (1 each), 29 (.5)
 * -> 5 papers, 4.0 (p31 has no year and is out). pair HK CN: 9 (2015, 1), 29 (2018, .5). */
Test(query, pair_years, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_pair_result r = COAUTH_PAIR_RESULT_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_option(&o, "years", "2014-2016", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    char *csv = WRITE(coauth_write_pair_csv, &r);
    cr_assert_str_eq(csv, PAIR_HEAD_YEAR "2014,US,CN,0,0.000000,0,0,0,0\n"
                                         "2015,US,CN,2,2.000000,2,0,0,2\n"
                                         "2016,US,CN,0,0.000000,0,0,0,0\n");
    free(csv);
    coauth_pair_result_release(&r);

    cr_assert_eq(coauth_query_option(&o, "years", "2016-2018", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_option(&o, "pair-by", "total", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.rows[0].papers, 5);
    assert_near(r.rows[0].fractional, 4.0);
    coauth_pair_result_release(&r);

    coauth_query_options o2 = COAUTH_QUERY_OPTIONS_INIT;
    cr_assert_eq(coauth_query_pair(store, &o2, "HK", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    csv = WRITE(coauth_write_pair_csv, &r);
    /* 9: first author HK, last CN; 29: last author HK */
    cr_assert_str_eq(csv, PAIR_HEAD_YEAR "2015,HK,CN,1,1.000000,1,0,0,1\n"
                                         "2016,HK,CN,0,0.000000,0,0,0,0\n"
                                         "2017,HK,CN,0,0.000000,0,0,0,0\n"
                                         "2018,HK,CN,1,0.500000,0,0,1,0\n");
    free(csv);
    coauth_pair_result_release(&r);

    /* a pair that never co-authors: header only by year, one zero row in total */
    cr_assert_eq(coauth_query_pair(store, &o2, "TW", "FR", &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 0);
    coauth_pair_result_release(&r);
}

/* The country network: every international paper adds its pairs (whole 1, fractional
 * 1/(|C(p)|-1)):
 *  3 GB-US 1 | 7,8,21,24,25,31 CN-US 1 each | 9 CN-HK 1 | 10 MO-US 1 | 11 CN-TW 1
 *  12 DE-GB DE-US GB-US .5 | 16 FR-GB FR-JP FR-US GB-JP GB-US JP-US 1/3 | 18 HK-MO 1
 *  20 CN-GB CN-US GB-US .5 | 23 CN-JP 1 | 27 DE-FR 1 | 29 CN-HK CN-US HK-US .5 | 34 DE-US 1
 * giving the 17 links below. */
static const char network_csv[] = "source,target,papers,fractional_links\n"
                                  "CN,GB,1,0.500000\n"
                                  "CN,HK,2,1.500000\n"
                                  "CN,JP,1,1.000000\n"
                                  "CN,TW,1,1.000000\n"
                                  "CN,US,8,7.000000\n"
                                  "DE,FR,1,1.000000\n"
                                  "DE,GB,1,0.500000\n"
                                  "DE,US,2,1.500000\n"
                                  "FR,GB,1,0.333333\n"
                                  "FR,JP,1,0.333333\n"
                                  "FR,US,1,0.333333\n"
                                  "GB,JP,1,0.333333\n"
                                  "GB,US,4,2.333333\n"
                                  "HK,MO,1,1.000000\n"
                                  "HK,US,1,0.500000\n"
                                  "JP,US,1,0.333333\n"
                                  "MO,US,1,1.000000\n";

Test(query, network_country, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_network n = COAUTH_NETWORK_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_EINVAL);
    o.level = COAUTH_LEVEL_COUNTRY;
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(n.n_nodes, 9);
    cr_assert_eq(n.n_edges, 17);
    char *csv = WRITE(coauth_write_network_csv, &n);
    cr_assert_str_eq(csv, network_csv);
    free(csv);
    /* each paper gives each of its countries fractional link strength 1, so the US's
     * fractional strength is its number of international papers, I_US = 13 */
    double us = 0;
    for (size_t i = 0; i < n.n_edges; i++)
        if (strcmp(n.nodes[n.edges[i].source].name, "US") == 0 ||
            strcmp(n.nodes[n.edges[i].target].name, "US") == 0)
            us += n.edges[i].fractional;
    assert_near(us, 13.0);

    char *pajek = WRITE(coauth_write_network_pajek, &n);
    cr_assert(strncmp(pajek, "*Vertices 9\n1 \"CN\"\n", 19) == 0, "%s", pajek);
    cr_assert(strstr(pajek, "\n*Edges\n1 4 1.000000\n") != NULL, "%s", pajek);
    cr_assert(strstr(pajek, "\n1 9 8.000000\n") != NULL, "%s", pajek);
    cr_assert_eq(count_lines(pajek), 1 + 9 + 1 + 17);
    free(pajek);
    coauth_network_release(&n);

    /* --min-weight 2 (full): CN-HK 2, CN-US 8, DE-US 2, GB-US 4 over CN DE GB HK US */
    o.min_weight = 2;
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(n.n_edges, 4);
    cr_assert_eq(n.n_nodes, 5);
    coauth_network_release(&n);
    /* with isolated nodes, all 9 countries stay */
    cr_assert_eq(coauth_query_network(store, &o, true, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(n.n_nodes, 9);
    coauth_network_release(&n);

    /* fractional: weight >= 1: CN-HK 1.5 CN-JP 1 CN-TW 1 CN-US 7 DE-FR 1 DE-US 1.5
     * GB-US 7/3 HK-MO 1 MO-US 1 -> 9 links */
    o.min_weight = 1;
    o.counting = COAUTH_COUNTING_FRACTIONAL;
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(n.n_edges, 9);
    assert_near(n.edges[0].weight, 1.5); /* CN-HK */
    coauth_network_release(&n);
}

/* Folded network: 9 {CN} and 18 {CN} add nothing; 10 -> CN-US; 29 -> CN-US (1).
 * CN-US = 8 + 10 = 9 papers (p29 still once), fractional 7 + 1 (p10) + .5 (p29 now
 * 1) = 8.5; HK and MO vanish: CN-HK, HK-MO, HK-US, MO-US gone -> 13 links. */
Test(query, network_fold, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_COUNTRY;
    o.fold_hk_mo = true;
    coauth_network n = COAUTH_NETWORK_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(n.n_nodes, 7);
    cr_assert_eq(n.n_edges, 13);
    const coauth_network_edge *e = &n.edges[3]; /* CN-GB CN-JP CN-TW CN-US */
    cr_assert_str_eq(n.nodes[e->source].name, "CN");
    cr_assert_str_eq(n.nodes[e->target].name, "US");
    cr_assert_eq(e->papers, 9);
    assert_near(e->fractional, 8.5);
    coauth_network_release(&n);
}

/* Institution level. Papers with an institution: all 32 with a country but 34, plus
 * none new (19 has Acme and US; p19's C_inst = {Acme}) -> 31, so F sums to 31.
 *  Harvard: 1,7,8,12,13,14,20,21,24,29,30,31 -> 12;  MIT: 3,8,10,14,16,17,21,25,30 -> 9
 *  PKU: 2,7,9,11,15,20,21,23,24,29,31,33 -> 12;  Tsinghua: 8,15,24,25 -> 4
 * --min-papers 9 keeps Harvard, MIT, PKU:
 *  Harvard-MIT: 8 (|C|=3: .5), 14 (1), 21 ({Harvard,PKU,MIT}: .5), 30 (1) -> 4, 3.0
 *  Harvard-PKU: 7 (1), 20 (.5), 21 (.5), 24 (.5), 29 (.5), 31 (1) -> 6, 4.0
 *  MIT-PKU: 21 (.5) -> 1, 0.5 */
Test(query, network_institution, .init = setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_INSTITUTION;
    coauth_network n = COAUTH_NETWORK_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_network(store, &o, true, &n, &err), COAUTH_OK, "%s", err.msg);
    double f = 0;
    for (size_t i = 0; i < n.n_nodes; i++)
        f += n.nodes[i].fractional;
    /* each paper with an institution node adds 1: the 34 papers but p5, p6 and p34 (no
     * institution) and p19, whose only institution, Acme, has no country (SPEC 3.1:
     * a name with no country is no institution) */
    assert_near(f, 30.0);
    cr_assert_eq(n.n_nodes, 12); /* CNRS HKU Harvard MIT MPG NTU Oxford PKU TUM Tsinghua
                                    UM UTokyo, bytewise */
    cr_assert_str_eq(n.nodes[0].name, "CNRS");
    cr_assert_str_eq(n.nodes[0].country, "FR");
    cr_assert_str_eq(n.nodes[2].name, "Harvard");
    cr_assert_str_eq(n.nodes[2].country, "US");
    cr_assert_null(n.nodes[2].ror);
    cr_assert_eq(n.nodes[2].papers, 12);
    coauth_network_release(&n);

    cr_assert_eq(coauth_query_option(&o, "min-papers", "9", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    char *csv = WRITE(coauth_write_network_csv, &n);
    cr_assert_str_eq(csv, "source,target,papers,fractional_links,source_country,source_ror,"
                          "target_country,target_ror\n"
                          "Harvard,MIT,4,3.000000,US,,US,\n"
                          "Harvard,PKU,6,4.000000,US,,CN,\n"
                          "MIT,PKU,1,0.500000,US,,CN,\n");
    free(csv);
    coauth_network_release(&n);
}

/* SPEC 3.1 without a registry: an institution is its name together with the part's
 * country, and a name with no country is none.
 *  201 {Hosp SE, Hosp ES}: F .5 .5, link Hosp ES-Hosp SE
 *  202 {Hosp SE, MIT}: .5 .5, link Hosp SE-MIT
 *  203 {MIT} (the first author's Hosp has no country): A(p) = the second author, MIT 1
 *  204 {Hosp SE, Hosp ES} from one author's two parts: .5 .5, link Hosp ES-Hosp SE
 *  205 {Ltd HK, Ltd CN}: .5 .5, link Ltd CN-Ltd HK; --fold-hk-mo: {Ltd CN} 1, no link
 * Nodes by name, then country: 0 Hosp ES (201, 204: 2 papers, F 1), 1 Hosp SE (201,
 * 202, 204: 3, 1.5), 2 Ltd CN (1, .5), 3 Ltd HK (1, .5), 4 MIT (202, 203: 2, 1.5);
 * sum of F 5 = the five papers. Links: Hosp-Hosp 2 papers (fractional 1 + 1), Hosp
 * SE-MIT 1, Ltd-Ltd 1. */
static const corpus_paper pairs_corpus[] = {
    {201, 2016, "SE/Hosp ES/Hosp"}, {202, 2016, "SE/Hosp US/MIT"}, {203, 2017, "-/Hosp US/MIT"},
    {204, 2017, "SE/Hosp;ES/Hosp"}, {205, 2018, "HK/Ltd CN/Ltd"},
};

static void pairs_setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/pairs.db", dir);
    corpus_build(db, pairs_corpus, sizeof pairs_corpus / sizeof pairs_corpus[0]);
    store = corpus_open(db);
}

Test(query, institution_is_name_and_country, .init = pairs_setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_INSTITUTION;
    coauth_network n = COAUTH_NETWORK_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_network(store, &o, true, &n, &err), COAUTH_OK, "%s", err.msg);
    const char *names[] = {"Hosp", "Hosp", "Ltd", "Ltd", "MIT"};
    const char *cc[] = {"ES", "SE", "CN", "HK", "US"};
    const uint64_t papers[] = {2, 3, 1, 1, 2};
    const double frac[] = {1.0, 1.5, 0.5, 0.5, 1.5};
    cr_assert_eq(n.n_nodes, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_str_eq(n.nodes[i].name, names[i]);
        cr_assert_str_eq(n.nodes[i].country, cc[i], "node %zu", i);
        cr_assert_null(n.nodes[i].ror);
        cr_assert_eq(n.nodes[i].papers, papers[i], "node %zu", i);
        assert_near(n.nodes[i].fractional, frac[i]);
    }
    char *csv = WRITE(coauth_write_network_csv, &n);
    cr_assert_str_eq(csv, "source,target,papers,fractional_links,source_country,source_ror,"
                          "target_country,target_ror\n"
                          "Hosp,Hosp,2,2.000000,ES,,SE,\n"
                          "Hosp,MIT,1,1.000000,SE,,US,\n"
                          "Ltd,Ltd,1,1.000000,CN,,HK,\n");
    free(csv);
    char *pajek = WRITE(coauth_write_network_pajek, &n);
    cr_assert_str_eq(pajek, "*Vertices 5\n"
                            "1 \"Hosp (ES)\"\n"
                            "2 \"Hosp (SE)\"\n"
                            "3 \"Ltd (CN)\"\n"
                            "4 \"Ltd (HK)\"\n"
                            "5 \"MIT (US)\"\n"
                            "*Edges\n"
                            "1 2 2.000000\n"
                            "2 5 1.000000\n"
                            "3 4 1.000000\n");
    free(pajek);
    char *gml = WRITE(coauth_write_network_graphml, &n);
    cr_assert(strstr(gml, "<data key=\"label\">Hosp</data><data key=\"papers\">3</data><data "
                          "key=\"fractional_papers\">1.500000</data><data "
                          "key=\"country\">SE</data></node>"),
              "%s", gml);
    free(gml);
    coauth_network_release(&n);

    /* --fold-hk-mo: Ltd in HK is Ltd in CN, one node of paper 205 alone */
    o.fold_hk_mo = true;
    cr_assert_eq(coauth_query_network(store, &o, true, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(n.n_nodes, 4);
    cr_assert_str_eq(n.nodes[2].name, "Ltd");
    cr_assert_str_eq(n.nodes[2].country, "CN");
    cr_assert_eq(n.nodes[2].papers, 1);
    assert_near(n.nodes[2].fractional, 1.0);
    cr_assert_eq(n.n_edges, 2);
    coauth_network_release(&n);
}

Test(query, option_parsing)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_option(&o, "years", "2015-2017", &err), COAUTH_OK);
    cr_assert_eq(o.year_from, 2015);
    cr_assert_eq(o.year_to, 2017);
    cr_assert_eq(coauth_query_option(&o, "years", "2019", &err), COAUTH_OK);
    cr_assert_eq(o.year_from, 2019);
    cr_assert_eq(o.year_to, 2019);
    const char *bad_years[] = {"", "2017-2015", "15-17", "2015-", "abcd-2016", "2015-2016x"};
    for (size_t i = 0; i < sizeof bad_years / sizeof bad_years[0]; i++)
        cr_assert_eq(coauth_query_option(&o, "years", bad_years[i], &err), COAUTH_EINVAL, "%s",
                     bad_years[i]);
    cr_assert_eq(coauth_query_option(&o, "counting", "fractional", &err), COAUTH_OK);
    cr_assert_eq(o.counting, COAUTH_COUNTING_FRACTIONAL);
    cr_assert_eq(coauth_query_option(&o, "counting", "half", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "by", "continent", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "level", "city", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "min-weight", "-1", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "min-weight", "nan", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "min-weight", "2.5", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_option(&o, "top", "-3", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "sort", "pagerank", &err), COAUTH_OK);
    cr_assert_eq(o.sort, COAUTH_SORT_PAGERANK);
    cr_assert_eq(coauth_query_option(&o, "sort", "fame", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "country", "us,cn,US", &err), COAUTH_OK);
    cr_assert_eq(o.n_countries, 2);
    cr_assert_str_eq(o.countries[1], "CN");
    cr_assert_eq(coauth_query_option(&o, "country", "USA", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "country", "U1", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "country", "US,,CN", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "format", "dot", &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_query_option(&o, "nope", "x", &err), COAUTH_EINVAL);
}

Test(query, csv_quoting)
{
    const char *in[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rx", ""};
    const char *want[] = {"plain",          "\"a,b\"",   "\"say \"\"hi\"\"\"",
                          "\"two\nlines\"", "\"cr\rx\"", ""};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        coauth_error err = COAUTH_ERROR_INIT;
        cr_assert_eq(coauth_csv_field(f, in[i], &err), COAUTH_OK);
        fclose(f);
        cr_assert_str_eq(buf, want[i]);
        free(buf);
    }
}

Test(query, write_error_is_eio, .init = setup, .fini = teardown)
{
    FILE *f = fopen("/dev/full", "w");
    cr_assert_not_null(f);
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_COUNTRY;
    coauth_network n = COAUTH_NETWORK_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_write_network_graphml(f, &n, &err), COAUTH_EIO);
    cr_assert(strstr(err.msg, "No space left") != NULL, "%s", err.msg);
    coauth_network_release(&n);
    fclose(f);
}

/* ---- CLI ---------------------------------------------------------------------------- */

static void cli(run_result *r, const char *const *argv)
{
    cr_assert_eq(run_cli(r, argv), 0);
}

Test(query, cli_intl_pair_network, .init = setup, .fini = teardown)
{
    run_result r;
    const char *a1[] = {"intl", "-d", db, NULL};
    cli(&r, a1);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out,
                      "country,papers,international_papers,international_share,"
                      "fractional_papers\nCN,14,11,0.785714,7.916667\n",
                      90) == 0,
              "%s", r.out);
    run_result_free(&r);

    const char *a2[] = {"pair", "-d", db, "us", "cn", "--by", "total", NULL};
    cli(&r, a2);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, PAIR_HEAD "US,CN,8,7.000000,7,2,1,5\n");
    run_result_free(&r);

    const char *a3[] = {"network", "-d", db, "--level", "country", NULL};
    cli(&r, a3);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, network_csv);
    run_result_free(&r);

    char out[600];
    snprintf(out, sizeof out, "%s/net.graphml", dir);
    const char *a4[] = {"network",  "-d",      db,   "--level", "country",
                        "--format", "graphml", "-o", out,       NULL};
    cli(&r, a4);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.out_len, 0);
    run_result_free(&r);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", out);
    cr_assert_eq(system(cmd), 0, "xmllint rejects %s", out);
    char *xml = read_file(out, NULL);
    cr_assert_not_null(xml);
    size_t nodes = 0, edges = 0;
    for (const char *p = xml; (p = strstr(p, "<node ")); p++)
        nodes++;
    for (const char *p = xml; (p = strstr(p, "<edge ")); p++)
        edges++;
    cr_assert_eq(nodes, 9);
    cr_assert_eq(edges, 17); /* = the CSV's 17 rows over its 9 distinct nodes */
    free(xml);

    const char *a5[] = {"network", "-d", db, "--level", "country", "--format", "pajek", NULL};
    cli(&r, a5);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out, "*Vertices 9\n", 12) == 0);
    cr_assert(strstr(r.out, "*Edges\n") != NULL);
    cr_assert_eq(count_lines(strstr(r.out, "*Edges\n")), 18);
    run_result_free(&r);
}

static void expect_exit(const char *const *argv, int code, const char *needle)
{
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, code, "%s: exit %d, stderr: %s", argv[0], r.status, r.err);
    cr_assert_eq(r.out_len, 0, "%s", r.out);
    cr_assert_eq(count_lines(r.err), 1, "not one line: %s", r.err);
    cr_assert(strstr(r.err, needle) != NULL, "'%s' not in: %s", needle, r.err);
    run_result_free(&r);
}

Test(query, cli_errors, .init = setup, .fini = teardown)
{
    const char *a1[] = {"intl", "-d", db, "--frob", NULL};
    expect_exit(a1, 2, "unknown option '--frob'");
    const char *a2[] = {"intl", "-d", db, "--years", "2017-2015", NULL};
    expect_exit(a2, 2, "--years");
    const char *a3[] = {"intl", "-d", db, "--by", "continent", NULL};
    expect_exit(a3, 2, "--by");
    const char *a4[] = {"network", "-d", db, NULL};
    expect_exit(a4, 2, "--level");
    const char *a5[] = {"centrality", "-d", db, NULL};
    expect_exit(a5, 2, "--level");
    const char *a6[] = {"pair", "-d", db, "US", "USA", NULL};
    expect_exit(a6, 2, "USA");
    const char *a7[] = {"pair", "-d", db, "US", NULL};
    expect_exit(a7, 2, "two country codes");
    const char *a8[] = {"intl", "-d", db, "--country", "U$", NULL};
    expect_exit(a8, 2, "U$");
    const char *a9[] = {"pair", "-d", db, "HK", "CN", "--fold-hk-mo", NULL};
    expect_exit(a9, 2, "two different countries");
    const char *a10[] = {"network", "-d", db, "--level", "country", "--format", "dot", NULL};
    expect_exit(a10, 2, "--format");
    const char *a11[] = {"centrality", "-d", db, "--level", "country", "--sort", "x", NULL};
    expect_exit(a11, 2, "--sort");
    const char *a12[] = {"intl", "--by", "year", "--country", "US", "-d", db, NULL};
    expect_exit(a12, 2, "--country");

    char missing[600];
    snprintf(missing, sizeof missing, "%s/none.db", dir);
    const char *b1[] = {"intl", "-d", missing, NULL};
    expect_exit(b1, 1, "no store at");
    const char *b2[] = {"centrality", "-d", missing, "--level", "country", NULL};
    expect_exit(b2, 1, "no store at");

    run_result r;
    const char *c1[] = {"intl", "-d", db, NULL};
    cr_assert_eq(run_cli_ex(&r, NULL, "/dev/full", NULL, c1), 0);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    run_result_free(&r);
}

/* Institution names that need quoting in CSV and escaping in XML survive every format:
 * one paper {US/R&D<1>,"x" ; GB/Oxford} -> one link. */
Test(query, awkward_names_in_every_format, .init = setup, .fini = teardown)
{
    static const corpus_paper p[] = {{1, 2020, "US/R&D<1>,\"x\" GB/Oxford"}};
    char path[600];
    snprintf(path, sizeof path, "%s/awk.db", dir);
    corpus_build(path, p, 1);
    const char *a1[] = {"network", "-d", path, "--level", "institution", NULL};
    run_result r;
    cli(&r, a1);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "source,target,papers,fractional_links,source_country,source_ror,"
                            "target_country,target_ror\n"
                            "Oxford,\"R&D<1>,\"\"x\"\"\",1,1.000000,GB,,US,\n");
    run_result_free(&r);
    char out[700], cmd[1500];
    snprintf(out, sizeof out, "%s/awk.graphml", dir);
    const char *a2[] = {"network",  "-d",      path, "--level", "institution",
                        "--format", "graphml", "-o", out,       NULL};
    cli(&r, a2);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", out);
    cr_assert_eq(system(cmd), 0);
    char *xml = read_file(out, NULL);
    cr_assert(strstr(xml, "R&amp;D&lt;1&gt;,&quot;x&quot;") != NULL, "%s", xml);
    free(xml);
    const char *a3[] = {"network", "-d", path, "--level", "institution", "--format", "pajek", NULL};
    cli(&r, a3);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(
        r.out, "*Vertices 2\n1 \"Oxford (GB)\"\n2 \"R&D<1>,'x' (US)\"\n*Edges\n1 2 1.000000\n");
    run_result_free(&r);
}

/* ---- the scan on an awkward store -------------------------------------------------- */

/* A second corpus, then renumbered with raw SQL so affiliation ids have gaps (id ->
 * 100 id + 3) and the largest affiliation (FR/CNRS, 803) has parts and authorships
 * but no affiliations row (above max(affiliations.id) = 703).
 * Affiliations by first use: 1 "US/Harvard;CN/PKU", 2 "GB/Oxford", 3 "-",
 * 4 "-/Acme", 5 "US/MIT", 6 "CN/PKU", 7 "HK/HKU;CN/PKU", 8 "FR/CNRS".
 *  pmid year authors                        C(p) (country)  F
 *  101 2015 (1) (1) (2): one 2-part string   {CN,GB,US}      US 1/6+1/6, CN the same, GB 1/3
 *           used by two authors
 *  102 2016 (3) (4): no country              {}              (institution: {}, Acme has no
 *                                                              country)
 *  103 2016 0 0: no authorships              {}
 *  104 ---- (5)+(5) (6): one author lists    {CN,US}         US 2 x 1/4, CN 1/2
 *           the same string twice
 *  105 2017 (7) (5)                          {CN,HK,US}      HK 1/4, CN 1/4, US 1/2
 *                                  folded:   {CN,US}         CN 1/4+1/4, US 1/2
 *  106 2018 (8): parts past max(id)          {FR}            FR 1 */
static const corpus_paper gaps_corpus[] = {
    {101, 2015, "US/Harvard;CN/PKU US/Harvard;CN/PKU GB/Oxford"},
    {102, 2016, "- -/Acme"},
    {103, 2016, "0 0"},
    {104, 0, "US/MIT+US/MIT CN/PKU"},
    {105, 2017, "HK/HKU;CN/PKU US/MIT"},
    {106, 2018, "FR/CNRS"},
};

static void gaps_setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/gaps.db", dir);
    corpus_build(db, gaps_corpus, sizeof gaps_corpus / sizeof gaps_corpus[0]);
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(h,
                          "BEGIN;"
                          "UPDATE authorships SET affiliation_id = 100 * affiliation_id + 3;"
                          "UPDATE affiliation_parts SET affiliation_id = 100 * affiliation_id + 3;"
                          "UPDATE affiliations SET id = 100 * id + 3;"
                          "DELETE FROM affiliations WHERE id = 803;"
                          "COMMIT",
                          NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(h,
                                    "SELECT (SELECT max(id) FROM affiliations), "
                                    "(SELECT max(affiliation_id) FROM authorships)",
                                    -1, &st, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(st, 0), 703);
    cr_assert_eq(sqlite3_column_int(st, 1), 803);
    sqlite3_finalize(st);
    sqlite3_close(h);
    store = corpus_open(db);
}

/*  CN: W 101,104,105 = 3, I 3, F 1/3 + 1/2 + 1/4 = 13/12;  US: 3, 3, 1/3 + 1/2 + 1/2 = 4/3
 *  GB: 1, 1, 1/3;  HK: 1, 1, 1/4;  FR: 1, 0, 1.  Sum F = 4 = papers with a country.
 * Folded: CN F = 1/3 + 1/2 + 1/2 = 4/3, no HK row.
 * --years 2015-2017 (101, 105; 104 has no year, 106 is 2018):
 *  CN 2, 2, 1/3 + 1/4 = 7/12;  US 2, 2, 1/3 + 1/2 = 5/6;  GB 1, 1, 1/3;  HK 1, 1, 1/4. */
Test(query, scan_gaps_intl, .init = gaps_setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_intl_result r = COAUTH_INTL_RESULT_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 5);
    expect(&r, "CN", 0, 3, 3, 13.0 / 12);
    expect(&r, "US", 0, 3, 3, 4.0 / 3);
    expect(&r, "GB", 0, 1, 1, 1.0 / 3);
    expect(&r, "HK", 0, 1, 1, 0.25);
    expect(&r, "FR", 0, 1, 0, 1.0);
    assert_near(sum_f(&r), 4.0);
    coauth_intl_result_release(&r);

    o.fold_hk_mo = true;
    cr_assert_eq(coauth_query_intl(store, &o, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 4);
    expect(&r, "CN", 0, 3, 3, 4.0 / 3);
    expect(&r, "US", 0, 3, 3, 4.0 / 3);
    cr_assert_null(row_of(&r, "HK", 0));
    assert_near(sum_f(&r), 4.0);
    coauth_intl_result_release(&r);

    coauth_query_options oy = COAUTH_QUERY_OPTIONS_INIT;
    cr_assert_eq(coauth_query_option(&oy, "years", "2015-2017", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_intl(store, &oy, &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.n_rows, 4);
    expect(&r, "CN", 0, 2, 2, 7.0 / 12);
    expect(&r, "US", 0, 2, 2, 5.0 / 6);
    expect(&r, "GB", 0, 1, 1, 1.0 / 3);
    expect(&r, "HK", 0, 1, 1, 0.25);
    coauth_intl_result_release(&r);

    /* by year: 2015 {101}, 2017 {105}, 2018 {106}; 104 has no year */
    oy.by = COAUTH_BY_YEAR;
    oy.year_from = oy.year_to = 0;
    cr_assert_eq(coauth_query_intl(store, &oy, &r, &err), COAUTH_OK, "%s", err.msg);
    char *csv = WRITE(coauth_write_intl_csv, &r);
    /* 2016 has papers (102, 103) but none with a country: a zero row */
    cr_assert_str_eq(csv, "year,papers,international_papers,international_share,"
                          "all_authors_located\n"
                          "2015,1,1,1.000000,1\n"
                          "2016,0,0,,0\n"
                          "2017,1,1,1.000000,1\n"
                          "2018,1,0,0.000000,1\n");
    free(csv);
    coauth_intl_result_release(&r);
}

/* US-CN: 101 (|C| = 3: 1/2), 104 (1), 105 (1/2) -> 3, 2.0; folded 105 is {CN,US} -> 2.5.
 * --years 2015-2017 by year: 2015 1, 0.5; 2016 0; 2017 1, 0.5. */
Test(query, scan_gaps_pair, .init = gaps_setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    coauth_pair_result r = COAUTH_PAIR_RESULT_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    o.pair_by = COAUTH_PAIR_BY_TOTAL;
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.rows[0].papers, 3);
    assert_near(r.rows[0].fractional, 2.0);
    coauth_pair_result_release(&r);
    o.fold_hk_mo = true;
    cr_assert_eq(coauth_query_pair(store, &o, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(r.rows[0].papers, 3);
    assert_near(r.rows[0].fractional, 2.5);
    coauth_pair_result_release(&r);

    coauth_query_options oy = COAUTH_QUERY_OPTIONS_INIT;
    cr_assert_eq(coauth_query_option(&oy, "years", "2015-2017", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_pair(store, &oy, "US", "CN", &r, &err), COAUTH_OK, "%s", err.msg);
    char *csv = WRITE(coauth_write_pair_csv, &r);
    /* 101: first author US and CN, last GB; 105: first HK and CN, last US */
    cr_assert_str_eq(csv, PAIR_HEAD_YEAR "2015,US,CN,1,0.500000,1,1,0,0\n"
                                         "2016,US,CN,0,0.000000,0,0,0,0\n"
                                         "2017,US,CN,1,0.500000,0,1,1,0\n");
    free(csv);
    coauth_pair_result_release(&r);
}

/* Institution level: 101 {Harvard,PKU,Oxford} 1/3 each (Harvard and PKU from the
 * shared string); 102 {} (Acme has no country: no institution, SPEC 3.1); 104
 * {MIT,PKU} .5 .5; 105 {HKU,PKU,MIT} 1/4 1/4 1/2; 106 {CNRS} 1. Papers: PKU 3, MIT 2,
 * the others 1; F: PKU 1/3+1/2+1/4 = 13/12, MIT 1, Harvard 1/3, Oxford 1/3, HKU 1/4,
 * CNRS 1 (sum 4 = papers with an institution).
 * Links: 101 Harvard-Oxford, Harvard-PKU, Oxford-PKU .5; 104 MIT-PKU 1; 105 HKU-MIT,
 * HKU-PKU, MIT-PKU .5 -> MIT-PKU 2, 1.5. Nodes sort by strcmp ("HKU" < "Harvard").
 * --min-papers 2 keeps MIT and PKU (two scans): MIT-PKU 2, 1.5. */
Test(query, scan_gaps_network, .init = gaps_setup, .fini = teardown)
{
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_INSTITUTION;
    coauth_network n = COAUTH_NETWORK_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_network(store, &o, true, &n, &err), COAUTH_OK, "%s", err.msg);
    const char *names[] = {"CNRS", "HKU", "Harvard", "MIT", "Oxford", "PKU"};
    const uint64_t papers[] = {1, 1, 1, 2, 1, 3};
    const double frac[] = {1.0, 0.25, 1.0 / 3, 1.0, 1.0 / 3, 13.0 / 12};
    cr_assert_eq(n.n_nodes, 6);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_str_eq(n.nodes[i].name, names[i]);
        cr_assert_eq(n.nodes[i].papers, papers[i], "%s", names[i]);
        assert_near(n.nodes[i].fractional, frac[i]);
    }
    char *csv = WRITE(coauth_write_network_csv, &n);
    cr_assert_str_eq(csv, "source,target,papers,fractional_links,source_country,source_ror,"
                          "target_country,target_ror\n"
                          "HKU,MIT,1,0.500000,HK,,US,\n"
                          "HKU,PKU,1,0.500000,HK,,CN,\n"
                          "Harvard,Oxford,1,0.500000,US,,GB,\n"
                          "Harvard,PKU,1,0.500000,US,,CN,\n"
                          "MIT,PKU,2,1.500000,US,,CN,\n"
                          "Oxford,PKU,1,0.500000,GB,,CN,\n");
    free(csv);
    coauth_network_release(&n);

    cr_assert_eq(coauth_query_option(&o, "min-papers", "2", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_network(store, &o, false, &n, &err), COAUTH_OK, "%s", err.msg);
    csv = WRITE(coauth_write_network_csv, &n);
    cr_assert_str_eq(csv, "source,target,papers,fractional_links,source_country,source_ror,"
                          "target_country,target_ror\n"
                          "MIT,PKU,2,1.500000,US,,CN,\n");
    free(csv);
    cr_assert_eq(n.n_nodes, 2);
    cr_assert_eq(n.nodes[1].papers, 3);
    assert_near(n.nodes[1].fractional, 13.0 / 12);
    coauth_network_release(&n);
}
