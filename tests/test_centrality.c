/* test_centrality.c - `centrality` on small graphs whose values are worked out by hand
 * below, sorting and --top, and a cross-check of every measure against networkx
 * (tests/xcheck_centrality.py) on a generated graph and on the real samples.
 */
#include <coauth/coauth.h>
#include <coauth/query.h>
#include <coauth/write.h>
#include <criterion/criterion.h>
#include <igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helpers/testutil.h"
#include "test_query_corpus.h"

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(centrality, .init = suite_init);

static char *dir;
static char db[512];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/c.db", dir);
}

static void teardown(void)
{
    remove_tmpdir(dir); /* NULL allowed */
    dir = NULL;
}

#define EPS 1e-6

static const coauth_centrality_row *node(const coauth_centrality_result *r, const char *name)
{
    for (size_t i = 0; i < r->n_rows; i++)
        if (strcmp(r->rows[i].node, name) == 0)
            return &r->rows[i];
    cr_assert_fail("no node %s", name);
    return NULL;
}

static void check(const coauth_centrality_row *x, uint64_t deg, double str, double btw, double clo,
                  double eig, double pr)
{
    cr_assert_eq(x->degree, deg, "%s degree %llu", x->node, (unsigned long long)x->degree);
    cr_assert(fabs(x->strength - str) < EPS, "%s strength %f want %f", x->node, x->strength, str);
    cr_assert(fabs(x->betweenness - btw) < EPS, "%s betweenness %f want %f", x->node,
              x->betweenness, btw);
    cr_assert(fabs(x->closeness - clo) < EPS, "%s closeness %f want %f", x->node, x->closeness,
              clo);
    cr_assert(fabs(x->eigenvector - eig) < EPS, "%s eigenvector %f want %f", x->node,
              x->eigenvector, eig);
    cr_assert(fabs(x->pagerank - pr) < EPS, "%s pagerank %f want %f", x->node, x->pagerank, pr);
}

static void run(const coauth_query_options *o, coauth_centrality_result *r)
{
    coauth_store *s = corpus_open(db);
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_centrality(s, o, r, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(IGRAPH_FINALLY_STACK_SIZE(), 0);
    coauth_store_free(s);
}

/* Path US - CN - GB, weights 1.
 *  betweenness: CN lies on the one US-GB path: 1; ends 0.
 *  closeness: ends (3-1)/(1+2) = 2/3; CN 2/2 = 1.
 *  eigenvector: A has lambda = sqrt 2, x = (1, sqrt 2, 1) -> ends 1/sqrt 2, CN 1.
 *  pagerank: end e, centre c: e = .15/3 + .85 c/2, c = .15/3 + .85 (2e)
 *   -> e = .05 + .425 (.05 + 1.7 e) -> .2775 e = .07125 -> e = .256757, c = .486486. */
Test(centrality, path, .init = setup, .fini = teardown)
{
    static const corpus_paper p[] = {{1, 2020, "US CN"}, {2, 2020, "CN GB"}};
    corpus_build(db, p, 2);
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_COUNTRY;
    coauth_centrality_result r = COAUTH_CENTRALITY_RESULT_INIT;
    run(&o, &r);
    cr_assert_eq(r.n_rows, 3);
    double e = 0.07125 / 0.2775, c = 0.05 + 1.7 * e;
    check(node(&r, "US"), 1, 1, 0, 2.0 / 3, 1 / sqrt(2), e);
    check(node(&r, "CN"), 2, 2, 1, 1, 1, c);
    check(node(&r, "GB"), 1, 1, 0, 2.0 / 3, 1 / sqrt(2), e);
    /* sorted by strength: CN 2, then GB and US tie at 1: by name */
    cr_assert_str_eq(r.rows[0].node, "CN");
    cr_assert_str_eq(r.rows[1].node, "GB");
    cr_assert_str_eq(r.rows[2].node, "US");
    cr_assert_eq(r.rows[0].papers, 2);
    coauth_centrality_result_release(&r);
}

/* Weighted star: US-CN 2 papers, US-GB 1, US-DE 1, and FR alone (isolated node).
 *  degree US 3, leaves 1, FR 0; strength US 4, CN 2, GB 1, DE 1, FR 0.
 *  betweenness: US is on the 3 leaf-leaf paths: 3.
 *  closeness (lengths 1/w: US-CN .5, US-GB 1, US-DE 1): US 3/2.5 = 1.2;
 *   CN 3/(.5+1.5+1.5) = 6/7; GB, DE 3/(1+1.5+2) = 2/3; FR 0.
 *  eigenvector: lambda^2 = 2^2+1+1 = 6, leaf_i = w_i/sqrt 6 (centre 1): CN 2/sqrt 6,
 *   GB = DE = 1/sqrt 6, FR 0.
 *  pagerank (n = 5, FR dangling spreads its rank over all 5 nodes):
 *   f = .03 + .17 f; u = .03 + .85 (c + g + d) + .17 f; c = .03 + .85 u/2 + .17 f;
 *   g = d = .03 + .85 u/4 + .17 f  ->  u = (.1065 + .6035 f)/.2775. */
Test(centrality, weighted_star_with_isolated_node, .init = setup, .fini = teardown)
{
    static const corpus_paper p[] = {
        {1, 2020, "US CN"}, {2, 2020, "CN US"}, {3, 2020, "US GB"},
        {4, 2020, "DE US"}, {5, 2020, "FR"},
    };
    corpus_build(db, p, 5);
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_COUNTRY;
    coauth_centrality_result r = COAUTH_CENTRALITY_RESULT_INIT;
    run(&o, &r);
    cr_assert_eq(r.n_rows, 5);
    double f = 0.03 / 0.83, u = (0.1065 + 0.6035 * f) / 0.2775;
    double c = 0.03 + 0.425 * u + 0.17 * f, g = 0.03 + 0.2125 * u + 0.17 * f;
    check(node(&r, "US"), 3, 4, 3, 1.2, 1, u);
    check(node(&r, "CN"), 1, 2, 0, 6.0 / 7, 2 / sqrt(6), c);
    check(node(&r, "GB"), 1, 1, 0, 2.0 / 3, 1 / sqrt(6), g);
    check(node(&r, "DE"), 1, 1, 0, 2.0 / 3, 1 / sqrt(6), g);
    check(node(&r, "FR"), 0, 0, 0, 0, 0, f);
    double sum = 0;
    for (size_t i = 0; i < r.n_rows; i++)
        sum += r.rows[i].pagerank;
    cr_assert(fabs(sum - 1) < 1e-9);
    const char *order[] = {"US", "CN", "DE", "GB", "FR"}; /* strength, ties by name */
    for (size_t i = 0; i < 5; i++)
        cr_assert_str_eq(r.rows[i].node, order[i]);
    coauth_centrality_result_release(&r);

    /* --sort betweenness --top 3: US 3, then the zeros by name: CN, DE */
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_query_option(&o, "sort", "betweenness", &err), COAUTH_OK);
    cr_assert_eq(coauth_query_option(&o, "top", "3", &err), COAUTH_OK);
    run(&o, &r);
    cr_assert_eq(r.n_rows, 3);
    cr_assert_str_eq(r.rows[0].node, "US");
    cr_assert_str_eq(r.rows[1].node, "CN");
    cr_assert_str_eq(r.rows[2].node, "DE");
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    cr_assert_eq(coauth_write_centrality_csv(fp, &r, &err), COAUTH_OK);
    fclose(fp);
    cr_assert(strncmp(buf,
                      "node,papers,degree,strength,betweenness,closeness,eigenvector,pagerank\n"
                      "US,4,3,4.000000,3.000000,1.200000,1.000000,",
                      strlen("node,papers,degree,strength,betweenness,closeness,eigenvector,"
                             "pagerank\nUS,4,3,4.000000,3.000000,1.200000,1.000000,")) == 0,
              "%s", buf);
    free(buf);
    coauth_centrality_result_release(&r);

    /* --min-papers 2 keeps US (4) and CN (2) only */
    o.top = 0;
    o.min_papers = 2;
    run(&o, &r);
    cr_assert_eq(r.n_rows, 2);
    coauth_centrality_result_release(&r);
}

/* Weighted triangle US-CN 4, CN-GB 2, US-GB 1 (lengths .25, .5, 1).
 *  US-GB shortest path goes through CN (.75 < 1): betweenness CN 1, others 0.
 *  closeness: US 2/(.25+.75) = 2; CN 2/(.25+.5) = 8/3; GB 2/(.75+.5) = 1.6.
 *  eigenvector: det(A - lambda I) = -lambda^3 + 21 lambda + 16 (A = [0 4 1; 4 0 2;
 *   1 2 0]); with GB = 1: lambda US = 4 CN + 1, lambda CN = 4 US + 2, solved below.
 *  pagerank: solved below by iterating p = .05 + .85 W D^-1 p to convergence. */
Test(centrality, weighted_triangle, .init = setup, .fini = teardown)
{
    static const corpus_paper p[] = {
        {1, 2020, "US CN"}, {2, 2020, "US CN"}, {3, 2020, "US CN"}, {4, 2020, "US CN"},
        {5, 2020, "CN GB"}, {6, 2020, "CN GB"}, {7, 2020, "US GB"},
    };
    corpus_build(db, p, 7);
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_COUNTRY;
    coauth_centrality_result r = COAUTH_CENTRALITY_RESULT_INIT;
    run(&o, &r);
    /* largest root of l^3 - 21 l - 16 by Newton from 5 */
    double l = 5;
    for (int i = 0; i < 50; i++)
        l -= (l * l * l - 21 * l - 16) / (3 * l * l - 21);
    /* l us - 4 cn = 1; -4 us + l cn = 2  ->  Cramer */
    double det = l * l - 16, us = (l + 8) / det, cn = (2 * l + 4) / det, gb = 1;
    double mx = fmax(us, fmax(cn, gb));
    /* pagerank: W = A, strengths s = (5, 6, 3) */
    double A[3][3] = {{0, 4, 1}, {4, 0, 2}, {1, 2, 0}}, s[3] = {5, 6, 3};
    double pr[3] = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    for (int it = 0; it < 1000; it++) {
        double nx[3];
        for (int i = 0; i < 3; i++) {
            nx[i] = 0.05;
            for (int j = 0; j < 3; j++)
                nx[i] += 0.85 * A[i][j] / s[j] * pr[j];
        }
        memcpy(pr, nx, sizeof pr);
    }
    check(node(&r, "US"), 2, 5, 0, 2, us / mx, pr[0]);
    check(node(&r, "CN"), 2, 6, 1, 8.0 / 3, cn / mx, pr[1]);
    check(node(&r, "GB"), 2, 3, 0, 1.6, gb / mx, pr[2]);
    coauth_centrality_result_release(&r);
}

/* Fractional counting: one paper {US,CN,GB} gives each pair 1/(3-1) = .5, so each
 * node has strength 1 (full counting: 2); a second paper US-CN adds 1 to that link.
 *  fractional: US-CN 1.5, US-GB .5, CN-GB .5 -> strengths US 2, CN 2, GB 1.
 *  full:       US-CN 2,   US-GB 1,  CN-GB 1  -> strengths US 3, CN 3, GB 2. */
Test(centrality, fractional_weights, .init = setup, .fini = teardown)
{
    static const corpus_paper p[] = {{1, 2020, "US CN GB"}, {2, 2021, "US CN"}};
    corpus_build(db, p, 2);
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_COUNTRY;
    o.counting = COAUTH_COUNTING_FRACTIONAL;
    coauth_centrality_result r = COAUTH_CENTRALITY_RESULT_INIT;
    run(&o, &r);
    cr_assert(fabs(node(&r, "US")->strength - 2) < EPS);
    cr_assert(fabs(node(&r, "GB")->strength - 1) < EPS);
    cr_assert_eq(node(&r, "GB")->degree, 2);
    coauth_centrality_result_release(&r);
    o.counting = COAUTH_COUNTING_FULL;
    run(&o, &r);
    cr_assert(fabs(node(&r, "US")->strength - 3) < EPS);
    cr_assert(fabs(node(&r, "GB")->strength - 2) < EPS);
    coauth_centrality_result_release(&r);
    /* --years 2021: only US-CN */
    o.year_from = o.year_to = 2021;
    run(&o, &r);
    cr_assert_eq(r.n_rows, 2);
    coauth_centrality_result_release(&r);
}

Test(centrality, empty_store, .init = setup, .fini = teardown)
{
    corpus_build(db, NULL, 0);
    coauth_query_options o = COAUTH_QUERY_OPTIONS_INIT;
    o.level = COAUTH_LEVEL_INSTITUTION;
    coauth_centrality_result r = COAUTH_CENTRALITY_RESULT_INIT;
    run(&o, &r);
    cr_assert_eq(r.n_rows, 0);
    coauth_centrality_result_release(&r);
}

/* ---- cross-check against networkx ------------------------------------------------ */

static int rnd(uint64_t *x, int n)
{
    *x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
    return (int)((*x >> 33) % (uint64_t)n);
}

static int have_networkx(void)
{
    return system("/usr/bin/python3 -c 'import networkx' >/dev/null 2>&1") == 0;
}

static void run_to_file(const char *const *argv)
{
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s: %s", argv[0], r.err);
    run_result_free(&r);
}

static void xcheck(const char *store, const char *level, const char *counting, const char *extra)
{
    char net[600], cen[600], cmd[2400];
    snprintf(net, sizeof net, "%s/net-%s-%s-%s.csv", dir, level, counting, extra ? extra : "");
    snprintf(cen, sizeof cen, "%s/cen-%s-%s-%s.csv", dir, level, counting, extra ? extra : "");
    const char *a1[] = {"network",    "-d",     store, "--level", level,
                        "--counting", counting, "-o",  net,       extra ? extra : NULL,
                        "2",          NULL};
    run_to_file(a1);
    const char *a2[] = {"centrality", "-d",     store, "--level", level,
                        "--counting", counting, "-o",  cen,       extra ? extra : NULL,
                        "2",          NULL};
    run_to_file(a2);
    const char *src = getenv("COAUTH_SOURCE_DIR");
    cr_assert_not_null(src);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/xcheck_centrality.py' '%s' '%s' %s", src,
             net, cen, counting);
    cr_assert_eq(system(cmd), 0, "networkx disagrees: %s", cmd);
}

/* A generated graph: 400 papers over 30 countries, 1-4 authors each, some authors with
 * two countries, some without; institutions "CC-Un" (4 per country); plus a separate
 * component (ZA-NG) and an isolated country (IS). A deterministic LCG makes the graph
 * the same on every run; the skewed country choice gives hubs, leaves and real paths. */
Test(centrality, xcheck_networkx_generated, .init = setup, .fini = teardown, .timeout = 600)
{
    if (!have_networkx()) {
        teardown(); /* cr_skip_test does not run .fini */
        cr_skip_test("python3-networkx not installed: cross-check skipped");
    }
    static const char *cc[] = {"US", "CN", "GB", "DE", "FR", "JP", "IT", "CA", "AU", "ES",
                               "NL", "CH", "SE", "KR", "BR", "IN", "HK", "TW", "MO", "PL",
                               "BE", "AT", "DK", "NO", "FI", "IE", "PT", "GR", "CZ", "HU"};
    enum { NC = 30, NP = 400 };
    static corpus_paper papers[NP + 8];
    static char text[NP][256];
    uint64_t x = 12345;
#define RND(n) rnd(&x, (n))
    for (int i = 0; i < NP; i++) {
        int n_auth = 1 + RND(4);
        size_t off = 0;
        text[i][0] = '\0';
        for (int a = 0; a < n_auth; a++) {
            /* skewed: the minimum of three draws favours low indices */
            int c1 = RND(NC), c2 = RND(NC), c3 = RND(NC);
            int c = c1 < c2 ? c1 : c2;
            c = c < c3 ? c : c3;
            int kind = RND(10), u1 = 1 + RND(4), c4 = RND(NC), u2 = 1 + RND(4);
            const char *sp = a ? " " : "";
            if (kind == 0)
                off += (size_t)snprintf(text[i] + off, sizeof text[i] - off, "%s0", sp);
            else if (kind == 1)
                off +=
                    (size_t)snprintf(text[i] + off, sizeof text[i] - off, "%s%s/%s-U%d;%s/%s-U%d",
                                     sp, cc[c], cc[c], u1, cc[c4], cc[c4], u2);
            else
                off += (size_t)snprintf(text[i] + off, sizeof text[i] - off, "%s%s/%s-U%d", sp,
                                        cc[c], cc[c], u1);
        }
        papers[i] = (corpus_paper){(uint64_t)i + 1, 2010 + RND(10), text[i]};
    }
#undef RND
    static const char *extra[] = {"ZA/ZA-U1 NG/NG-U1", "ZA/ZA-U1 NG/NG-U1", "ZA/ZA-U2 NG/NG-U1",
                                  "NG/NG-U2 ZA/ZA-U1", "IS/IS-U1",          "IS/IS-U1 IS/IS-U2"};
    for (int i = 0; i < 6; i++)
        papers[NP + i] = (corpus_paper){(uint64_t)(NP + i + 1), 2015, extra[i]};
    corpus_build(db, papers, NP + 6);
    xcheck(db, "country", "full", NULL);
    xcheck(db, "country", "fractional", NULL);
    xcheck(db, "country", "full", "--min-weight");
    xcheck(db, "institution", "fractional", NULL);
    xcheck(db, "institution", "full", "--min-papers");
}

/* The real samples: ingest ../shared/data/pubmed/ with the CLI, then cross-check. */
Test(centrality, xcheck_networkx_real_samples, .init = setup, .fini = teardown, .timeout = 900)
{
    if (!have_networkx()) {
        teardown(); /* cr_skip_test does not run .fini */
        cr_skip_test("python3-networkx not installed");
    }
    const char *samples = shared_data("pubmed");
    if (!samples) {
        teardown(); /* cr_skip_test does not run .fini */
        cr_skip_test("../shared/data/pubmed is absent: real-sample cross-check skipped");
    }
    /* Every sample file, in a fixed order; some are broken on purpose (no PMID, no
     * rows), so ingest may exit 1 while applying all the others. */
    char cmd[2400];
    snprintf(cmd, sizeof cmd,
             "find '%s' -type f \\( -name '*.xml' -o -name '*.xml.gz' \\) | LC_ALL=C sort | "
             "xargs '%s' ingest --quiet -d '%s' >/dev/null 2>&1",
             samples, getenv("COAUTH_CLI"), db);
    int rc = system(cmd);
    int code = WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
    cr_assert(!((code != 0 && code != 1 && code != 123) || access(db, F_OK) != 0),
              "coauth ingest of the real samples failed (status %d)", rc);
    xcheck(db, "country", "full", NULL);
    xcheck(db, "country", "fractional", NULL);
    xcheck(db, "institution", "full", "--min-papers");
}

/* The igraph glue directly: bad input is refused before igraph is called, and no
 * igraph call leaves anything on igraph's FINALLY stack (STYLE 4). */
#include "../src/graph_internal.h"

Test(centrality, graph_glue_failure_paths)
{
    double b[3], c[3], e[3], p[3];
    coauth_graph_measures m = {b, c, e, p};
    coauth_error err = COAUTH_ERROR_INIT;
    const uint32_t from[] = {0, 1}, to[] = {1, 1}, bad_to[] = {1, 7};
    const double w[] = {1, 2}, bad_w[] = {1, 0};
    cr_assert_eq(coauth_graph_centrality(3, 2, from, to, w, &m, &err), COAUTH_EINVAL); /* loop */
    cr_assert_eq(coauth_graph_centrality(3, 2, from, bad_to, w, &m, &err), COAUTH_EINVAL);
    const uint32_t to2[] = {1, 2};
    cr_assert_eq(coauth_graph_centrality(3, 2, from, to2, bad_w, &m, &err), COAUTH_EINVAL);
    cr_assert_eq(IGRAPH_FINALLY_STACK_SIZE(), 0);
    /* a path 0-1-2 with weights 1 and 2: lengths 1 and .5; node 1 is between */
    cr_assert_eq(coauth_graph_centrality(3, 2, from, to2, w, &m, &err), COAUTH_OK, "%s", err.msg);
    cr_assert(fabs(b[1] - 1) < 1e-12);
    cr_assert(fabs(c[0] - 2 / 2.5) < 1e-12); /* distances 1 and 1.5 */
    cr_assert_eq(IGRAPH_FINALLY_STACK_SIZE(), 0);
    /* no node at all */
    cr_assert_eq(coauth_graph_centrality(0, 0, NULL, NULL, NULL, &m, &err), COAUTH_OK);
    /* nodes without edges: everything 0 but pagerank 1/n */
    cr_assert_eq(coauth_graph_centrality(2, 0, NULL, NULL, NULL, &m, &err), COAUTH_OK, "%s",
                 err.msg);
    cr_assert(fabs(p[0] - 0.5) < 1e-12 && e[0] == 0 && c[0] == 0);
}

/* ---- our shortest-path measures against igraph's own ------------------------------ */

/* The graph of one comparison: n vertices, edges i<j, weights > 0. */
typedef struct rgraph {
    size_t n, m;
    uint32_t from[20000], to[20000];
    double w[20000];
} rgraph;

/* Edges inside `blocks` consecutive blocks of vertices (so the graph has at least that
 * many components, plus any vertex left isolated by chance), each present with
 * probability pct/100. Weights: integers 1-3 (`frac` 0) or sums of 1/(k-1) as
 * fractional counting gives (`frac` 1), so path lengths tie often. */
static void rgraph_make(rgraph *g, uint64_t *x, size_t n, int blocks, int pct, int frac)
{
    g->n = n;
    g->m = 0;
    size_t per = (n + (size_t)blocks - 1) / (size_t)blocks;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            if (i / per != j / per || rnd(x, 100) >= pct)
                continue;
            cr_assert(g->m < sizeof g->w / sizeof g->w[0]);
            double w = 1 + rnd(x, 3);
            if (frac) {
                w = 0;
                for (int p = 1 + rnd(x, 3); p > 0; p--)
                    w += 1.0 / (1 + rnd(x, 6));
            }
            g->from[g->m] = (uint32_t)i;
            g->to[g->m] = (uint32_t)j;
            g->w[g->m++] = w;
        }
}

static double rel_diff(double a, double b)
{
    double d = fabs(a - b), s = fmax(fabs(a), fabs(b));
    return s > 0 ? d / s : 0;
}

/* max relative difference of our betweenness and closeness from igraph's */
static double compare_with_igraph(const rgraph *g, unsigned threads)
{
    size_t n = g->n;
    double *b = calloc(n, sizeof *b), *c = calloc(n, sizeof *c);
    cr_assert(b && c);
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_graph_paths(n, g->m, g->from, g->to, g->w, threads, b, c, &err), COAUTH_OK,
                 "%s", err.msg);

    igraph_vector_int_t edges;
    igraph_vector_t len, res;
    igraph_vector_int_t reach;
    igraph_t ig;
    cr_assert_eq(igraph_vector_int_init(&edges, (igraph_integer_t)(2 * g->m)), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_vector_init(&len, (igraph_integer_t)g->m), IGRAPH_SUCCESS);
    for (size_t e = 0; e < g->m; e++) {
        VECTOR(edges)[2 * e] = g->from[e];
        VECTOR(edges)[2 * e + 1] = g->to[e];
        VECTOR(len)[e] = 1.0 / g->w[e];
    }
    cr_assert_eq(igraph_create(&ig, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED),
                 IGRAPH_SUCCESS);
    cr_assert_eq(igraph_vector_init(&res, 0), IGRAPH_SUCCESS);
    cr_assert_eq(igraph_vector_int_init(&reach, 0), IGRAPH_SUCCESS);
    double worst = 0;
    cr_assert_eq(igraph_betweenness(&ig, &res, igraph_vss_all(), IGRAPH_UNDIRECTED, &len),
                 IGRAPH_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        double d = rel_diff(b[i], VECTOR(res)[i]);
        cr_assert(d <= 1e-9, "n=%zu m=%zu vertex %zu: betweenness %.17g, igraph %.17g", n, g->m, i,
                  b[i], VECTOR(res)[i]);
        worst = fmax(worst, d);
    }
    cr_assert_eq(
        igraph_closeness(&ig, &res, &reach, NULL, igraph_vss_all(), IGRAPH_ALL, &len, true),
        IGRAPH_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        double want = VECTOR(reach)[i] == 0 || !isfinite(VECTOR(res)[i]) ? 0 : VECTOR(res)[i];
        double d = rel_diff(c[i], want);
        cr_assert(d <= 1e-9, "n=%zu m=%zu vertex %zu: closeness %.17g, igraph %.17g", n, g->m, i,
                  c[i], want);
        worst = fmax(worst, d);
    }
    igraph_vector_int_destroy(&reach);
    igraph_vector_destroy(&res);
    igraph_destroy(&ig);
    igraph_vector_destroy(&len);
    igraph_vector_int_destroy(&edges);
    cr_assert_eq(IGRAPH_FINALLY_STACK_SIZE(), 0);
    free(b);
    free(c);
    return worst;
}

/* Random graphs, small to dense (the larger ones go through the rounds that drop the
 * edges on no shortest path), connected or in several components, integer or
 * fractional weights: betweenness and closeness agree with igraph_betweenness and
 * igraph_closeness (path length 1/weight) within 1e-9, relative. */
Test(centrality, paths_agree_with_igraph, .timeout = 600)
{
    static rgraph g;
    uint64_t x = 2024;
    double worst = 0;
    int graphs = 0;
    static const struct {
        size_t n;
        int blocks, pct;
    } shape[] = {{2, 1, 100},  {3, 1, 100},  {7, 2, 60},   {12, 1, 40},  {25, 3, 50},
                 {40, 1, 15},  {60, 2, 70},  {90, 4, 30},  {150, 1, 60}, {200, 3, 80},
                 {260, 1, 55}, {300, 2, 10}, {120, 1, 100}};
    for (size_t k = 0; k < sizeof shape / sizeof shape[0]; k++)
        for (int frac = 0; frac < 2; frac++) {
            rgraph_make(&g, &x, shape[k].n, shape[k].blocks, shape[k].pct, frac);
            worst = fmax(worst, compare_with_igraph(&g, 0));
            graphs++;
        }
    cr_log_info("paths vs igraph: %d graphs, max relative difference %.3g", graphs, worst);
}

/* The thread count changes nothing, not even the last bit. */
Test(centrality, paths_same_for_any_thread_count, .timeout = 600)
{
    static rgraph g;
    uint64_t x = 99;
    rgraph_make(&g, &x, 240, 2, 60, 1);
    double b1[240], c1[240], b[240], c[240];
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_graph_paths(g.n, g.m, g.from, g.to, g.w, 1, b1, c1, &err), COAUTH_OK);
    static const unsigned threads[] = {2, 3, 8, 0};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        cr_assert_eq(coauth_graph_paths(g.n, g.m, g.from, g.to, g.w, threads[t], b, c, &err),
                     COAUTH_OK, "%s", err.msg);
        cr_assert(memcmp(b, b1, sizeof b) == 0, "betweenness differs with %u threads", threads[t]);
        cr_assert(memcmp(c, c1, sizeof c) == 0, "closeness differs with %u threads", threads[t]);
    }
}

/* igraph's tie rule: 0-1-2-3 with weight 3 (length 1/3) and 0-3 with weight 1. In
 * doubles 1 + 1/3 + 1/3 + 1/3 is 1.9999999999999998, not 2, but the two 0-3 paths
 * are equally short within the 1e-10 tolerance, so 1 and 2 each get half of the pair
 * 0-3 plus one pair of their own: 1.5 (an exact comparison would give 2). */
Test(centrality, paths_ties_within_tolerance)
{
    const uint32_t from[] = {0, 1, 2, 0}, to[] = {1, 2, 3, 3};
    const double w[] = {3, 3, 3, 1};
    double b[4], c[4];
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_graph_paths(4, 4, from, to, w, 1, b, c, &err), COAUTH_OK, "%s", err.msg);
    cr_assert(fabs(b[0]) < 1e-12 && fabs(b[3]) < 1e-12, "%g %g", b[0], b[3]);
    cr_assert(fabs(b[1] - 1.5) < 1e-12 && fabs(b[2] - 1.5) < 1e-12, "%.17g %.17g", b[1], b[2]);
    /* closeness of 0: distances 1/3, 2/3, 1 -> 3 / 2 */
    cr_assert(fabs(c[0] - 1.5) < 1e-12, "%.17g", c[0]);
    static rgraph g;
    g.n = 4;
    g.m = 4;
    memcpy(g.from, from, sizeof from);
    memcpy(g.to, to, sizeof to);
    memcpy(g.w, w, sizeof w);
    (void)compare_with_igraph(&g, 1);
}

Test(centrality, paths_failure_paths)
{
    const uint32_t from[] = {0, 1}, to[] = {1, 1}, to2[] = {1, 2}, bad_to[] = {1, 3};
    const double w[] = {1, 2}, nan_w[] = {1, NAN}, inf_w[] = {INFINITY, 1}, neg_w[] = {-1, 1};
    double b[3], c[3];
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_graph_paths(3, 2, from, to, w, 0, b, c, &err), COAUTH_EINVAL); /* loop */
    cr_assert_eq(coauth_graph_paths(3, 2, from, bad_to, w, 0, b, c, &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_graph_paths(3, 2, from, to2, nan_w, 0, b, c, &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_graph_paths(3, 2, from, to2, inf_w, 0, b, c, &err), COAUTH_EINVAL);
    cr_assert_eq(coauth_graph_paths(3, 2, from, to2, neg_w, 0, b, c, &err), COAUTH_EINVAL);
    cr_assert_str_eq(err.msg, "bad edge 0 in a centrality graph");
    /* too many vertices for 32-bit ids: refused before anything is touched */
    cr_assert_eq(coauth_graph_paths((size_t)UINT32_MAX, 0, NULL, NULL, NULL, 0, NULL, NULL, &err),
                 COAUTH_ELIMIT);
    cr_assert_eq(coauth_graph_paths(3, (size_t)UINT32_MAX / 2, from, to2, w, 0, b, c, &err),
                 COAUTH_ELIMIT);
    /* isolated vertices only; more threads than vertices */
    cr_assert_eq(coauth_graph_paths(3, 0, NULL, NULL, NULL, 16, b, c, &err), COAUTH_OK);
    cr_assert(b[0] == 0 && c[0] == 0 && b[2] == 0 && c[2] == 0);
    cr_assert_eq(coauth_graph_paths(0, 0, NULL, NULL, NULL, 0, NULL, NULL, &err), COAUTH_OK);
}
