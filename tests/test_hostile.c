/* test_hostile.c - hostile and broken inputs through `coauth ingest`.
 *
 * Every case is generated here. Each broken input must give: no crash (no exit by
 * signal), exit status 1, one error line naming the file, the store exactly as it
 * was before that file, and bounded memory and time. Valid but extreme inputs (100,000
 * authors, a 1 MB affiliation, concatenated gzip members) must ingest completely.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "helpers/testutil.h"

TestSuite(hostile);

#define MAX_RSS_KB  (400L * 1024) /* generous for ASan builds; normal builds use far less */
#define MAX_SECONDS 120.0

static char *dir;
static char db[512], dbopt[600];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(db, sizeof db, "%s/h.db", dir);
    snprintf(dbopt, sizeof dbopt, "--db=%s", db);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

static char *dump(void)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    const char *sql = "SELECT (SELECT count(*) FROM files) || '/' || (SELECT count(*) FROM papers) "
                      "|| '/' || (SELECT count(*) FROM authorships) || '/' || (SELECT count(*) "
                      "FROM affiliations) || '/' || (SELECT count(*) FROM deletions)";
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    char *s = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return s;
}

static long long sql_int(const char *sql)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static void ingest_ok(const char *path)
{
    const char *argv[] = {"ingest", dbopt, "-q", path, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s: %s", path, r.err);
    cr_assert(r.max_rss_kb < MAX_RSS_KB, "%s: peak RSS %ld KB", path, r.max_rss_kb);
    cr_assert(r.seconds < MAX_SECONDS, "%s: %.1f s", path, r.seconds);
    run_result_free(&r);
}

/* The store gets the base fixture first, then `path` must fail cleanly. */
static void expect_rejected(const char *path, const char *what)
{
    ingest_ok(test_data("ingest_base.xml"));
    char *before = dump();
    const char *argv[] = {"ingest", dbopt, "-q", path, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.signaled, 0, "%s: killed by signal %d", what, r.status - 128);
    cr_assert_eq(r.status, 1, "%s: exit %d, stderr: %s", what, r.status, r.err);
    cr_assert_eq(count_lines(r.err), 1, "%s: not one line: %s", what, r.err);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    cr_assert(strstr(r.err, base) != NULL, "%s: message does not name the file: %s", what, r.err);
    cr_assert(strstr(r.err, "ERROR: AddressSanitizer") == NULL, "%s", r.err);
    cr_assert(r.max_rss_kb < MAX_RSS_KB, "%s: peak RSS %ld KB", what, r.max_rss_kb);
    cr_assert(r.seconds < MAX_SECONDS, "%s: %.1f s", what, r.seconds);
    char *after = dump();
    cr_assert_str_eq(before, after, "%s: store changed", what);
    free(before);
    free(after);
    run_result_free(&r);
}

static char *path_in(const char *name)
{
    static char buf[8][700];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static char *slurp(const char *path, size_t *len)
{
    char *s = read_file(path, len);
    cr_assert_not_null(s, "cannot read %s", path);
    return s;
}

/* gzip `data` into one member, in memory. */
static unsigned char *gzip_mem(const void *data, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    cr_assert_not_null(out);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

/* A valid PubMed-shaped document of n small records (PMIDs first..first+n-1). */
static char *records_xml(int n, int first, size_t *len)
{
    size_t cap = (size_t)n * 400 + 200;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    size_t k = (size_t)snprintf(s, cap, "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n");
    for (int i = 0; i < n; i++)
        k += (size_t)snprintf(s + k, cap - k,
                              "<PubmedArticle><MedlineCitation><PMID Version=\"1\">%d</PMID>"
                              "<Article><Journal><JournalIssue><PubDate><Year>2021</Year>"
                              "</PubDate></JournalIssue></Journal><AuthorList><Author>"
                              "<LastName>X</LastName><AffiliationInfo><Affiliation>Lab %d, "
                              "University of Oslo, Oslo, Norway.</Affiliation></AffiliationInfo>"
                              "</Author></AuthorList></Article></MedlineCitation>"
                              "</PubmedArticle>\n",
                              first + i, i);
    k += (size_t)snprintf(s + k, cap - k, "</PubmedArticleSet>\n");
    *len = k;
    return s;
}

Test(hostile, truncated_gzip_at_several_offsets, .init = setup, .fini = teardown, .timeout = 300)
{
    size_t xl, gl;
    char *xml = records_xml(2000, 700000, &xl);
    unsigned char *gz = gzip_mem(xml, xl, &gl);
    const size_t cuts[] = {1, 10, 100, 1000, gl / 2, gl - 9, gl - 4, gl - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        char name[64];
        snprintf(name, sizeof name, "trunc%zu.xml.gz", cuts[i]);
        cr_assert_eq(write_file(path_in(name), gz, cuts[i]), 0);
        expect_rejected(path_in(name), name);
    }
    free(xml);
    free(gz);
}

Test(hostile, gzip_with_bad_crc, .init = setup, .fini = teardown)
{
    size_t xl, gl;
    char *xml = records_xml(50, 710000, &xl);
    unsigned char *gz = gzip_mem(xml, xl, &gl);
    gz[gl - 8] ^= 0x5a; /* first byte of the CRC-32 trailer */
    cr_assert_eq(write_file(path_in("badcrc.xml.gz"), gz, gl), 0);
    expect_rejected(path_in("badcrc.xml.gz"), "bad CRC");
    gz[gl - 8] ^= 0x5a;
    gz[gl - 2] ^= 0x01; /* ISIZE */
    cr_assert_eq(write_file(path_in("badsize.xml.gz"), gz, gl), 0);
    expect_rejected(path_in("badsize.xml.gz"), "bad ISIZE");
    free(xml);
    free(gz);
}

Test(hostile, concatenated_gzip_members_ingest_completely, .init = setup, .fini = teardown)
{
    /* one document split in three places, each piece its own gzip member */
    size_t xl;
    char *xml = records_xml(300, 720000, &xl);
    size_t cuts[] = {0, xl / 3, xl / 2 + 7, xl};
    FILE *f = fopen(path_in("multi.xml.gz"), "wb");
    cr_assert_not_null(f);
    for (int i = 0; i < 3; i++) {
        size_t gl;
        unsigned char *gz = gzip_mem(xml + cuts[i], cuts[i + 1] - cuts[i], &gl);
        cr_assert_eq(fwrite(gz, 1, gl, f), gl);
        free(gz);
    }
    cr_assert_eq(fclose(f), 0);
    ingest_ok(path_in("multi.xml.gz"));
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 300);
    free(xml);
}

Test(hostile, broken_xml, .init = setup, .fini = teardown)
{
    size_t len;
    char *base = slurp(test_data("ingest_base.xml"), &len);
    /* cut in the middle of a record */
    cr_assert_eq(write_file(path_in("cut.xml"), base, len * 6 / 10), 0);
    expect_rejected(path_in("cut.xml"), "cut XML");
    /* mismatched tags */
    expect_rejected(test_data("ingest_bad.xml"), "mismatched tags");
    /* invalid UTF-8 inside an affiliation */
    char *bad = strdup(base);
    char *p = strstr(bad, "Fudan");
    cr_assert_not_null(p);
    p[0] = (char)0xff;
    p[1] = (char)0xfe;
    cr_assert_eq(write_file(path_in("utf8.xml"), bad, len), 0);
    expect_rejected(path_in("utf8.xml"), "invalid UTF-8");
    /* a NUL byte */
    memcpy(bad, base, len);
    bad[len / 2] = '\0';
    cr_assert_eq(write_file(path_in("nul.xml"), bad, len), 0);
    expect_rejected(path_in("nul.xml"), "NUL byte");
    free(bad);
    free(base);
}

Test(hostile, not_xml_empty_and_not_pubmed, .init = setup, .fini = teardown)
{
    const char junk[] = "%PDF-1.4\n\x01\x02\x03 this is not XML at all\n";
    cr_assert_eq(write_file(path_in("junk.xml"), junk, sizeof junk - 1), 0);
    expect_rejected(path_in("junk.xml"), "not XML");
    cr_assert_eq(write_file(path_in("empty.xml"), "", 0), 0);
    expect_rejected(path_in("empty.xml"), "empty file");
    size_t gl;
    unsigned char *gz = gzip_mem("", 0, &gl);
    cr_assert_eq(write_file(path_in("empty.xml.gz"), gz, gl), 0);
    free(gz);
    expect_rejected(path_in("empty.xml.gz"), "empty gzip");
    const char html[] = "<?xml version=\"1.0\"?><html><body>hello</body></html>\n";
    cr_assert_eq(write_file(path_in("page.xml"), html, sizeof html - 1), 0);
    expect_rejected(path_in("page.xml"), "not a PubMed document");
}

Test(hostile, entity_attacks, .init = setup, .fini = teardown)
{
    const char laughs[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
        " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
        " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
        " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
        " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
        " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
        " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
        " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
        " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
        " <!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
        "]>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>"
        "<AuthorList><Author><LastName>X</LastName><AffiliationInfo><Affiliation>&i;"
        "</Affiliation></AffiliationInfo></Author></AuthorList></Article></MedlineCitation>"
        "</PubmedArticle></PubmedArticleSet>\n";
    cr_assert_eq(write_file(path_in("laughs.xml"), laughs, sizeof laughs - 1), 0);
    expect_rejected(path_in("laughs.xml"), "billion laughs");

    const char xxe[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE PubmedArticleSet [\n"
        " <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n"
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>2</PMID><Article>"
        "<AuthorList><Author><LastName>X</LastName><AffiliationInfo><Affiliation>&x;"
        "</Affiliation></AffiliationInfo></Author></AuthorList></Article></MedlineCitation>"
        "</PubmedArticle></PubmedArticleSet>\n";
    cr_assert_eq(write_file(path_in("xxe.xml"), xxe, sizeof xxe - 1), 0);
    expect_rejected(path_in("xxe.xml"), "external entity");
    /* the file's content never reaches the store (nor any output) */
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations WHERE text LIKE '%root:%'"), 0);
    const char *argv[] = {"ingest", dbopt, "-q", path_in("xxe.xml"), NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert(strstr(r.err, "root:") == NULL && strstr(r.out, "root:") == NULL, "%s", r.err);
    run_result_free(&r);
}

Test(hostile, dtd_url_is_never_fetched, .init = setup, .fini = teardown)
{
    /* The real PubMed DOCTYPE names a DTD on the web: accepted, never fetched. */
    cr_assert_eq(system("command -v strace >/dev/null"), 0,
                 "strace is required for this test (installed by .ci/install-deps)");
    char log[700], cmd[3000];
    snprintf(log, sizeof log, "%s/strace.log", dir);
    /* positive control: this strace sees a socket being made */
    snprintf(cmd, sizeof cmd,
             "strace -f -qq -e trace=network -o '%s' /usr/bin/python3 -c "
             "'import socket; socket.socket()' 2>/dev/null",
             log);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    size_t n = 0;
    char *trace = read_file(log, &n);
    cr_assert(trace && strstr(trace, "socket(") != NULL, "strace saw no socket: %s", cmd);
    free(trace);
    /* LeakSanitizer cannot run under ptrace: leaks are checked by every other test */
    const char *asan = getenv("ASAN_OPTIONS");
    snprintf(cmd, sizeof cmd,
             "ASAN_OPTIONS='%s%sdetect_leaks=0' strace -f -qq -e trace=network -o '%s' '%s' "
             "ingest '%s' -q '%s' 2>/dev/null",
             asan ? asan : "", asan && *asan ? ":" : "", log, getenv("COAUTH_CLI"), dbopt,
             test_data("ingest_base.xml"));
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    trace = read_file(log, &n);
    cr_assert_not_null(trace);
    cr_assert(strstr(trace, "connect(") == NULL && strstr(trace, "socket(") == NULL &&
                  strstr(trace, "sendto(") == NULL,
              "network system calls seen:\n%s", trace);
    free(trace);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 3);
}

Test(hostile, deep_nesting, .init = setup, .fini = teardown)
{
    FILE *f = fopen(path_in("deep.xml"), "w");
    cr_assert_not_null(f);
    fputs("<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
          "<PMID>3</PMID><Article><ArticleTitle>",
          f);
    for (int i = 0; i < 10000; i++)
        fputs("<i>", f);
    for (int i = 0; i < 10000; i++)
        fputs("</i>", f);
    fputs("</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n", f);
    cr_assert_eq(fclose(f), 0);
    expect_rejected(path_in("deep.xml"), "10,000-deep nesting");
}

Test(hostile, huge_text_node_is_bounded, .init = setup, .fini = teardown, .timeout = 600)
{
    FILE *f = fopen(path_in("huge.xml"), "w");
    cr_assert_not_null(f);
    fputs("<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
          "<PMID>4</PMID><Article><Abstract><AbstractText>",
          f);
    static char chunk[1 << 20];
    memset(chunk, 'x', sizeof chunk);
    for (int i = 0; i < 100; i++)
        cr_assert_eq(fwrite(chunk, 1, sizeof chunk, f), sizeof chunk);
    fputs("</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>"
          "</PubmedArticleSet>\n",
          f);
    cr_assert_eq(fclose(f), 0);
    /* 100 MB in one record exceeds the documented record limit: an error, not an OOM */
    expect_rejected(path_in("huge.xml"), "100 MB text node");
}

Test(hostile, record_with_100000_authors, .init = setup, .fini = teardown, .timeout = 600)
{
    FILE *f = fopen(path_in("authors.xml"), "w");
    cr_assert_not_null(f);
    fputs("<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
          "<PMID>5</PMID><Article><AuthorList>",
          f);
    for (int i = 0; i < 100000; i++)
        fprintf(f,
                "<Author ValidYN=\"Y\"><LastName>A%d</LastName><AffiliationInfo><Affiliation>"
                "Group %d, CERN, Geneva, Switzerland.</Affiliation></AffiliationInfo></Author>",
                i, i % 100);
    fputs("</AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n", f);
    cr_assert_eq(fclose(f), 0);
    ingest_ok(path_in("authors.xml"));
    cr_assert_eq(sql_int("SELECT n_authors FROM papers WHERE pmid = 5"), 100000);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 5"), 100000);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 100);
}

Test(hostile, one_megabyte_affiliation, .init = setup, .fini = teardown, .timeout = 300)
{
    FILE *f = fopen(path_in("longaff.xml"), "w");
    cr_assert_not_null(f);
    fputs("<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
          "<PMID>6</PMID><Article><AuthorList><Author><LastName>L</LastName>"
          "<AffiliationInfo><Affiliation>",
          f);
    for (int i = 0; i < 1024 * 1024 / 32; i++)
        fputs("Dept of Things, Paris, France; ", f);
    fputs("</Affiliation></AffiliationInfo></Author></AuthorList></Article></MedlineCitation>"
          "</PubmedArticle></PubmedArticleSet>\n",
          f);
    cr_assert_eq(fclose(f), 0);
    ingest_ok(path_in("longaff.xml"));
    cr_assert_eq(sql_int("SELECT count(*) FROM papers WHERE pmid = 6"), 1);
    cr_assert_gt(sql_int("SELECT length(text) FROM affiliations"), 1000000);
}

Test(hostile, directory_missing_and_unreadable_inputs, .init = setup, .fini = teardown)
{
    expect_rejected(dir, "a directory");
    expect_rejected(path_in("does-not-exist.xml.gz"), "a missing file");
    if (geteuid() != 0) {
        cr_assert_eq(write_file(path_in("secret.xml"), "<x/>", 4), 0);
        cr_assert_eq(chmod(path_in("secret.xml"), 0), 0);
        expect_rejected(path_in("secret.xml"), "an unreadable file");
    } else {
        /* root reads any mode; a read that fails with EIO stands in for it */
        expect_rejected("/proc/self/mem", "an unreadable file");
    }
}
