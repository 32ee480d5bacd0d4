/* test_plot.c - `coauth plot trend|network` and `network --format vosviewer` (SPEC 10)
 * through the command line, on the demo corpus (datasets/demo) and on
 * tests/data/pubmed_population.xml (see test_filters.c for its papers).
 *
 * What is checked, independently of the drawing code: an SVG parses (xmllint), a PNG
 * has the PNG signature and the IHDR size of its canvas, a PDF starts with %PDF- and
 * ends with %%EOF; the VOSviewer JSON parses (python3's json) and has as many items and
 * links as `coauth network` CSV has distinct nodes and rows (counted by python3's csv);
 * the same command twice gives the same bytes in every format; the filters reach the
 * picture; a picture without data is exit 1, one line, and no file; a bad -o, kind or
 * option combination is a usage error (exit 2).
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers/testutil.h"

static char *dir;
static char demo_db[600], pop_db[600];

static void ingest(char *opt, size_t cap, const char *name, const char *const *files)
{
    snprintf(opt, cap, "--db=%s/%s", dir, name);
    const char *argv[16] = {"ingest", "-q", opt};
    size_t n = 3;
    for (; files[n - 3] && n < 15; n++)
        argv[n] = files[n - 3];
    argv[n] = NULL;
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "ingest %s: %s", name, r.err);
    run_result_free(&r);
}

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    const char *src = getenv("COAUTH_SOURCE_DIR");
    cr_assert_not_null(src, "COAUTH_SOURCE_DIR is not set (run through ctest)");
    static char demo[3][600];
    for (int i = 0; i < 3; i++)
        snprintf(demo[i], sizeof demo[i], "%s/datasets/demo/pubmed26n000%d.xml.gz", src, i + 1);
    const char *demo_files[] = {demo[0], demo[1], demo[2], NULL};
    ingest(demo_db, sizeof demo_db, "demo.db", demo_files);
    const char *pop_files[] = {test_data("pubmed_population.xml"), NULL};
    ingest(pop_db, sizeof pop_db, "pop.db", pop_files);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

TestSuite(plot, .init = setup, .fini = teardown);

/* A path in the temporary directory (ring of 8 buffers). */
static const char *tmp(const char *name)
{
    static char buf[8][700];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* Run coauth with args (NULL-terminated) plus `db`; returns the exit status, stderr in
 * err_out (malloc'd) when not NULL. */
static int coauth(const char *db, char **err_out, const char *const *args)
{
    const char *argv[40];
    size_t n = 0;
    for (; args[n] && n < 37; n++)
        argv[n] = args[n];
    argv[n++] = db;
    argv[n] = NULL;
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    int st = r.status;
    if (err_out)
        *err_out = strdup(r.err);
    else if (st != 0)
        cr_log_error("coauth %s %s: exit %d: %s", args[0], args[1] ? args[1] : "", st, r.err);
    run_result_free(&r);
    return st;
}

#define RUN(db, ...)          coauth(db, NULL, (const char *const[]){__VA_ARGS__, NULL})
#define RUN_ERR(db, err, ...) coauth(db, err, (const char *const[]){__VA_ARGS__, NULL})

static bool contains(const char *d, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(d + i, s, k) == 0)
            return true;
    return false;
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The PNG signature, then IHDR first with the expected size in pixels. */
static void expect_png(const char *path, uint32_t w, uint32_t h)
{
    size_t n = 0;
    unsigned char *d = (unsigned char *)read_file(path, &n);
    cr_assert_not_null(d, "%s not written", path);
    cr_assert_gt(n, 1000, "%s: %zu bytes", path, n);
    cr_assert_eq(memcmp(d, "\x89PNG\r\n\x1a\n", 8), 0, "%s is not a PNG", path);
    cr_assert_eq(memcmp(d + 12, "IHDR", 4), 0);
    cr_expect_eq(be32(d + 16), w, "%s width %u", path, be32(d + 16));
    cr_expect_eq(be32(d + 20), h, "%s height %u", path, be32(d + 20));
    free(d);
}

static void expect_svg(const char *path)
{
    size_t n = 0;
    char *d = read_file(path, &n);
    cr_assert_not_null(d, "%s not written", path);
    cr_assert(strstr(d, "<svg") != NULL, "%s has no <svg", path);
    free(d);
    char cmd[900];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    cr_assert_eq(system(cmd), 0, "xmllint rejects %s", path);
}

static void expect_pdf(const char *path)
{
    size_t n = 0;
    char *d = read_file(path, &n);
    cr_assert_not_null(d, "%s not written", path);
    cr_assert_gt(n, 1000);
    cr_assert_eq(memcmp(d, "%PDF-", 5), 0, "%s is not a PDF", path);
    cr_assert(contains(d + n - 16, 16, "%%EOF"), "%s does not end with %%%%EOF", path);
    /* no date: the same picture gives the same bytes */
    cr_expect(!contains(d, n, "CreationDate"), "%s carries a CreationDate", path);
    free(d);
}

static void expect_same_file(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *x = read_file(a, &na), *y = read_file(b, &nb);
    cr_assert_not_null(x);
    cr_assert_not_null(y);
    cr_expect(na == nb && memcmp(x, y, na) == 0, "%s and %s differ (%zu, %zu bytes)", a, b, na, nb);
    free(x);
    free(y);
}

static bool same_file(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    char *x = read_file(a, &na), *y = read_file(b, &nb);
    bool same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

/* ---- formats --------------------------------------------------------------------- */

Test(plot, trend_country_svg_png_pdf)
{
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--country", "US,CN,GB", "-o", tmp("t.svg")), 0);
    expect_svg(tmp("t.svg"));
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--country", "us,cn,gb", "-o", tmp("t.png")), 0);
    expect_png(tmp("t.png"), 864, 540); /* 576 x 360 pt at 1.5 px/pt */
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--country", "US,CN,GB", "-o", tmp("t.PDF")), 0);
    expect_pdf(tmp("t.PDF"));
    /* without --country: the countries with the most papers */
    cr_assert_eq(RUN(demo_db, "plot", "trend", "-o", tmp("t5.svg")), 0);
    expect_svg(tmp("t5.svg"));
}

Test(plot, trend_pair_svg_png_pdf)
{
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--pair", "US", "CN", "-o", tmp("p.svg")), 0);
    expect_svg(tmp("p.svg"));
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--pair", "US", "CN", "-o", tmp("p.png")), 0);
    expect_png(tmp("p.png"), 864, 630); /* 576 x 420 pt */
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--pair", "US", "CN", "-o", tmp("p.pdf")), 0);
    expect_pdf(tmp("p.pdf"));
    /* --pair A,B is the same picture as --pair A B */
    cr_assert_eq(RUN(demo_db, "plot", "trend", "--pair=us,cn", "-o", tmp("p2.png")), 0);
    expect_same_file(tmp("p.png"), tmp("p2.png"));
}

Test(plot, network_svg_png_pdf)
{
    cr_assert_eq(RUN(demo_db, "plot", "network", "-o", tmp("n.svg")), 0);
    expect_svg(tmp("n.svg"));
    cr_assert_eq(RUN(demo_db, "plot", "network", "--level", "country", "-o", tmp("n.png")), 0);
    expect_png(tmp("n.png"), 1080, 840); /* 720 x 560 pt */
    cr_assert_eq(RUN(demo_db, "plot", "network", "--color", "country", "-o", tmp("n.pdf")), 0);
    expect_pdf(tmp("n.pdf"));
    cr_assert_eq(RUN(demo_db, "plot", "network", "--level", "institution", "--top", "40", "-o",
                     tmp("ni.png")),
                 0);
    expect_png(tmp("ni.png"), 1080, 840);
    cr_assert_eq(RUN(demo_db, "plot", "network", "--level", "institution", "--counting",
                     "fractional", "--min-papers", "2", "-o", tmp("ni.svg")),
                 0);
    expect_svg(tmp("ni.svg"));
}

/* The fill colours of an SVG (cairo writes fill="rgb(...)" or fill:rgb(...)), sorted and
 * deduplicated by python3, into buf. */
static void svg_fills(const char *svg, char *buf, size_t cap)
{
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import re, sys\n"
             "print(sorted(set(re.findall(r\"fill[:=]\\\"?(rgb\\([^)]*\\))\", "
             "open(sys.argv[1]).read()))))' '%s'",
             svg);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t n = fread(buf, 1, cap - 1, p);
    buf[n] = '\0';
    cr_assert_eq(pclose(p), 0, "%s", cmd);
    cr_assert_gt(n, 10, "no fills in %s", svg);
}

/* --color country at institution level: each institution takes its country's colour,
 * so the institution map of ror_network.xml (institutions in GB, US, NO, IE and CA)
 * uses the very fills of its country map (the same five countries), and not those of
 * the community colouring. */
Test(plot, institutions_coloured_by_country)
{
    char db[700];
    const char *files[] = {test_data("ror_network.xml"), NULL};
    ingest(db, sizeof db, "net.db", files);
    cr_assert_eq(RUN(db, "plot", "network", "--level", "institution", "--color", "country", "-o",
                     tmp("ic.svg")),
                 0);
    cr_assert_eq(
        RUN(db, "plot", "network", "--level", "country", "--color", "country", "-o", tmp("cc.svg")),
        0);
    cr_assert_eq(RUN(db, "plot", "network", "--level", "institution", "-o", tmp("im.svg")), 0);
    char inst[2000], country[2000], community[2000];
    svg_fills(tmp("ic.svg"), inst, sizeof inst);
    svg_fills(tmp("cc.svg"), country, sizeof country);
    svg_fills(tmp("im.svg"), community, sizeof community);
    cr_assert_str_eq(inst, country);
    cr_assert_str_neq(inst, community);
}

/* ---- the VOSviewer map against the CSV network ------------------------------------- */

/* items == distinct nodes of the CSV (at institution level a node is its name, country
 * and ROR id: the item's label, the country of its description and its url), links ==
 * its rows, every link's ends are items, clusters are 1..1000: all counted by python3
 * from the two files. */
static void expect_vosviewer_counts(const char *json, const char *csv)
{
    char cmd[3200];
    snprintf(
        cmd, sizeof cmd,
        "/usr/bin/python3 -c 'import csv, json, re, sys\n"
        "m = json.load(open(sys.argv[1], encoding=\"utf-8\"))[\"network\"]\n"
        "rows = list(csv.DictReader(open(sys.argv[2], encoding=\"utf-8\", newline=\"\")))\n"
        "def end(r, e):\n"
        "    return (r[e], r.get(e + \"_country\", \"\"), r.get(e + \"_ror\", \"\"))\n"
        "def item(i):\n"
        "    d = re.search(\"Country: ([A-Z]{2})\", i.get(\"description\", \"\"))\n"
        "    return (i[\"label\"], d.group(1) if d else \"\", i.get(\"url\", \"\"))\n"
        "nodes = {end(r, \"source\") for r in rows} | {end(r, \"target\") for r in rows}\n"
        "ids = {i[\"id\"] for i in m[\"items\"]}\n"
        "labels = {item(i) for i in m[\"items\"]}\n"
        "ok = len(m[\"items\"]) == len(nodes) and labels == nodes and "
        "len(m[\"links\"]) == len(rows) and "
        "all(l[\"source_id\"] in ids and l[\"target_id\"] in ids for l in m[\"links\"]) and "
        "all(1 <= i[\"cluster\"] <= 1000 for i in m[\"items\"]) and "
        "all(isinstance(i[\"x\"], float) and isinstance(i[\"y\"], float) for i in m[\"items\"])\n"
        "print(len(m[\"items\"]), len(nodes), len(m[\"links\"]), len(rows), file=sys.stderr)\n"
        "sys.exit(0 if ok else 1)' '%s' '%s'",
        json, csv);
    cr_assert_eq(system(cmd), 0, "the VOSviewer map and the CSV network disagree: %s %s", json,
                 csv);
}

Test(plot, vosviewer_counts_equal_the_csv_network)
{
    cr_assert_eq(
        RUN(demo_db, "network", "--level", "country", "--format", "vosviewer", "-o", tmp("c.json")),
        0);
    cr_assert_eq(RUN(demo_db, "network", "--level", "country", "-o", tmp("c.csv")), 0);
    expect_vosviewer_counts(tmp("c.json"), tmp("c.csv"));
    /* institutions: names with commas and quotes go through both writers */
    cr_assert_eq(RUN(demo_db, "network", "--level", "institution", "--format", "vosviewer", "-o",
                     tmp("i.json")),
                 0);
    cr_assert_eq(RUN(demo_db, "network", "--level", "institution", "-o", tmp("i.csv")), 0);
    expect_vosviewer_counts(tmp("i.json"), tmp("i.csv"));
    /* with filters and cuts, the two still agree */
    cr_assert_eq(RUN(demo_db, "network", "--level", "country", "--years", "2010-2025",
                     "--min-weight", "2", "--types", "all", "--format", "vosviewer", "-o",
                     tmp("f.json")),
                 0);
    cr_assert_eq(RUN(demo_db, "network", "--level", "country", "--years", "2010-2025",
                     "--min-weight", "2", "--types", "all", "-o", tmp("f.csv")),
                 0);
    expect_vosviewer_counts(tmp("f.json"), tmp("f.csv"));
}

Test(plot, vosviewer_of_an_empty_network_is_valid_json)
{
    cr_assert_eq(RUN(pop_db, "network", "--level", "country", "--years", "1800-1801", "--format",
                     "vosviewer", "-o", tmp("e.json")),
                 0);
    char cmd[900];
    snprintf(
        cmd, sizeof cmd,
        "/usr/bin/python3 -c 'import json, sys; m = json.load(open(sys.argv[1]))[\"network\"]; "
        "sys.exit(0 if m[\"items\"] == [] and m[\"links\"] == [] else 1)' '%s'",
        tmp("e.json"));
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* ---- determinism ------------------------------------------------------------------ */

Test(plot, same_input_same_bytes)
{
    static const char *const exts[] = {"svg", "png", "pdf"};
    for (size_t i = 0; i < 3; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "n1.%s", exts[i]);
        snprintf(b, sizeof b, "n2.%s", exts[i]);
        cr_assert_eq(RUN(demo_db, "plot", "network", "-o", tmp(a)), 0);
        cr_assert_eq(RUN(demo_db, "plot", "network", "-o", tmp(b)), 0);
        expect_same_file(tmp(a), tmp(b));
        snprintf(a, sizeof a, "i1.%s", exts[i]);
        snprintf(b, sizeof b, "i2.%s", exts[i]);
        cr_assert_eq(RUN(demo_db, "plot", "network", "--level", "institution", "-o", tmp(a)), 0);
        cr_assert_eq(RUN(demo_db, "plot", "network", "--level", "institution", "-o", tmp(b)), 0);
        expect_same_file(tmp(a), tmp(b));
        snprintf(a, sizeof a, "t1.%s", exts[i]);
        snprintf(b, sizeof b, "t2.%s", exts[i]);
        cr_assert_eq(RUN(demo_db, "plot", "trend", "-o", tmp(a)), 0);
        cr_assert_eq(RUN(demo_db, "plot", "trend", "-o", tmp(b)), 0);
        expect_same_file(tmp(a), tmp(b));
        snprintf(a, sizeof a, "p1.%s", exts[i]);
        snprintf(b, sizeof b, "p2.%s", exts[i]);
        cr_assert_eq(RUN(demo_db, "plot", "trend", "--pair", "GB", "US", "-o", tmp(a)), 0);
        cr_assert_eq(RUN(demo_db, "plot", "trend", "--pair", "GB", "US", "-o", tmp(b)), 0);
        expect_same_file(tmp(a), tmp(b));
    }
    cr_assert_eq(RUN(demo_db, "network", "--level", "institution", "--format", "vosviewer", "-o",
                     tmp("v1.json")),
                 0);
    cr_assert_eq(RUN(demo_db, "network", "--level", "institution", "--format", "vosviewer", "-o",
                     tmp("v2.json")),
                 0);
    expect_same_file(tmp("v1.json"), tmp("v2.json"));
}

/* ---- the query options reach the picture ------------------------------------------- */

Test(plot, filters_change_the_picture)
{
    /* pair US CN: the default (research) keeps 9400001, 3, 6, 7; --types all adds the
     * letter 9400002 and the editorial 9400008 */
    cr_assert_eq(RUN(pop_db, "plot", "trend", "--pair", "US", "CN", "-o", tmp("fr.svg")), 0);
    cr_assert_eq(
        RUN(pop_db, "plot", "trend", "--pair", "US", "CN", "--types", "all", "-o", tmp("fa.svg")),
        0);
    cr_expect(!same_file(tmp("fr.svg"), tmp("fa.svg")), "--types all drew the same pair picture");
    cr_assert_eq(RUN(pop_db, "plot", "network", "-o", tmp("nr.svg")), 0);
    cr_assert_eq(RUN(pop_db, "plot", "network", "--max-countries", "3", "-o", tmp("nm.svg")), 0);
    cr_expect(!same_file(tmp("nr.svg"), tmp("nm.svg")), "--max-countries drew the same network");
    cr_assert_eq(RUN(pop_db, "plot", "trend", "--country", "US,CN", "-o", tmp("tr.svg")), 0);
    cr_assert_eq(RUN(pop_db, "plot", "trend", "--country", "US,CN", "--years", "2019-2020", "-o",
                     tmp("ty.svg")),
                 0);
    cr_expect(!same_file(tmp("tr.svg"), tmp("ty.svg")), "--years drew the same trend");
    /* --top cuts the map */
    cr_assert_eq(RUN(demo_db, "plot", "network", "-o", tmp("all.svg")), 0);
    cr_assert_eq(RUN(demo_db, "plot", "network", "--top", "5", "-o", tmp("top.svg")), 0);
    cr_expect(!same_file(tmp("all.svg"), tmp("top.svg")), "--top 5 drew the whole network");
}

/* ---- no data, bad usage ----------------------------------------------------------- */

static void expect_no_data(const char *db, const char *out, const char *const *args)
{
    char *err = NULL;
    int st = coauth(db, &err, args);
    cr_expect_eq(st, 1, "%s %s: exit %d: %s", args[0], args[1], st, err);
    cr_expect(strstr(err, "coauth plot: no papers to plot (check the filters)\n") != NULL, "%s",
              err);
    cr_expect(strchr(err, '\n') == err + strlen(err) - 1, "more than one line: %s", err);
    cr_expect(!exists(out), "%s was written", out);
    free(err);
}

#define NO_DATA(db, out, ...) expect_no_data(db, out, (const char *const[]){__VA_ARGS__, NULL})

Test(plot, no_data_is_an_error_and_no_file)
{
    NO_DATA(pop_db, tmp("e1.png"), "plot", "trend", "--years", "1800-1805", "-o", tmp("e1.png"));
    NO_DATA(pop_db, tmp("e2.svg"), "plot", "trend", "--country", "ZW", "-o", tmp("e2.svg"));
    NO_DATA(pop_db, tmp("e3.pdf"), "plot", "trend", "--pair", "FR", "DE", "-o", tmp("e3.pdf"));
    NO_DATA(pop_db, tmp("e4.png"), "plot", "network", "--journal", "9999999", "-o", tmp("e4.png"));
    NO_DATA(pop_db, tmp("e5.svg"), "plot", "network", "--level", "institution", "--min-papers",
            "99", "-o", tmp("e5.svg"));
    /* an existing picture is left as it was */
    cr_assert_eq(write_file(tmp("keep.png"), "old", 3), 0);
    char *err = NULL;
    cr_expect_eq(
        RUN_ERR(pop_db, &err, "plot", "network", "--years", "1800-1801", "-o", tmp("keep.png")), 1);
    free(err);
    size_t n = 0;
    char *d = read_file(tmp("keep.png"), &n);
    cr_expect(d && n == 3 && memcmp(d, "old", 3) == 0, "the old file was replaced");
    free(d);
    /* and no temporary file is left beside it */
    DIR *dh = opendir(dir);
    cr_assert_not_null(dh);
    struct dirent *e;
    while ((e = readdir(dh)))
        cr_expect(strncmp(e->d_name, ".keep.png.", 10) != 0, "left behind: %s", e->d_name);
    closedir(dh);
}

static void expect_usage(const char *want, const char *const *args)
{
    char *err = NULL;
    int st = coauth(pop_db, &err, args);
    cr_expect_eq(st, 2, "%s %s: exit %d: %s", args[0], args[1] ? args[1] : "", st, err);
    cr_expect(strstr(err, want) != NULL, "wanted '%s' in: %s", want, err);
    free(err);
}

#define USAGE(want, ...) expect_usage(want, (const char *const[]){__VA_ARGS__, NULL})

Test(plot, usage_errors)
{
    USAGE(".svg, .png or .pdf", "plot", "trend");
    USAGE("(use .svg, .png or .pdf)", "plot", "trend", "-o", tmp("x.jpg"));
    USAGE("(use .svg, .png or .pdf)", "plot", "network", "-o", "-");
    USAGE("expected 'trend' or 'network'", "plot", "-o", tmp("x.png"));
    USAGE("expected 'trend' or 'network', not 'map'", "plot", "map", "-o", tmp("x.png"));
    USAGE("--country and --pair", "plot", "trend", "--country", "US", "--pair", "US", "CN", "-o",
          tmp("x.png"));
    USAGE("--pair needs two country codes", "plot", "trend", "-o", tmp("x.png"), "--pair", "US");
    USAGE("two different countries", "plot", "trend", "--pair", "US", "us", "-o", tmp("x.png"));
    USAGE("--top applies to 'plot network'", "plot", "trend", "--top", "3", "-o", tmp("x.png"));
    USAGE("--pair applies to 'plot trend'", "plot", "network", "--pair", "US", "CN", "-o",
          tmp("x.png"));
    USAGE("bad --color 'rainbow'", "plot", "network", "--color", "rainbow", "-o", tmp("x.png"));
    USAGE("at most 8 countries", "plot", "trend", "--country", "US,CN,GB,DE,FR,IT,ES,JP,KR", "-o",
          tmp("x.png"));
    USAGE("bad --years", "plot", "trend", "--years", "later", "-o", tmp("x.png"));
    USAGE("unexpected argument 'extra'", "plot", "network", "extra", "-o", tmp("x.png"));
    USAGE("bad --format 'dot' (csv, graphml, pajek or vosviewer)", "network", "--level", "country",
          "--format", "dot");
    cr_expect(!exists(tmp("x.png")), "a usage error wrote a picture");
}

Test(plot, help)
{
    const char *argv[] = {"plot", "--help", NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "usage: coauth plot trend") != NULL);
    /* every line within 80 columns */
    size_t col = 0;
    for (const char *p = r.out; *p; p++) {
        col = *p == '\n' ? 0 : col + 1;
        cr_assert_leq(col, 80, "a help line is longer than 80 columns");
    }
    run_result_free(&r);
}
