/* test_md5.c - MD5 (src/md5.c) against the test suite of RFC 1321 (appendix A.5), and
 * NLM's FILE.md5 check in `coauth ingest` (SPEC 8): a match is stored in files.md5, a
 * mismatch fails that file before anything of it is applied (exit 1, the other files
 * applied), on both paths (MD5 computed while parsing, and in the identity pass made
 * before parsing a file whose name and size are already in the store).
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/testutil.h"

TestSuite(md5);

static const struct {
    const char *in, *hex;
} rfc1321[] = {
    {"", "d41d8cd98f00b204e9800998ecf8427e"},
    {"a", "0cc175b9c0f1b6a831c399e269772661"},
    {"abc", "900150983cd24fb0d6963f7d28e17f72"},
    {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
    {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
     "d174ab98d277d9f5a5611c2c9f419d9f"},
    {"1234567890123456789012345678901234567890"
     "1234567890123456789012345678901234567890",
     "57edf4a22be3c955ac49da2e2107b67a"},
};

Test(md5, rfc1321_test_suite)
{
    for (size_t i = 0; i < sizeof rfc1321 / sizeof rfc1321[0]; i++) {
        coauth_md5 m;
        char hex[33];
        coauth_md5_init(&m);
        coauth_md5_update(&m, rfc1321[i].in, strlen(rfc1321[i].in));
        coauth_md5_final_hex(&m, hex);
        cr_expect_str_eq(hex, rfc1321[i].hex, "MD5(\"%s\")", rfc1321[i].in);
        /* the same bytes in pieces of every size give the same digest */
        size_t len = strlen(rfc1321[i].in);
        for (size_t step = 1; step <= 65 && len; step += 7) {
            coauth_md5_init(&m);
            for (size_t o = 0; o < len; o += step)
                coauth_md5_update(&m, rfc1321[i].in + o, len - o < step ? len - o : step);
            coauth_md5_final_hex(&m, hex);
            cr_expect_str_eq(hex, rfc1321[i].hex, "pieces of %zu", step);
        }
    }
}

Test(md5, million_a)
{
    coauth_md5 m;
    char buf[1000], hex[33];
    memset(buf, 'a', sizeof buf);
    coauth_md5_init(&m);
    for (int i = 0; i < 1000; i++)
        coauth_md5_update(&m, buf, sizeof buf);
    coauth_md5_final_hex(&m, hex);
    cr_expect_str_eq(hex, "7707d6ae4e027c70eea2a935c2296f21");
}

/* ---- FILE.md5 in ingest ---- */

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

static char *dump(const char *sql)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    char *out = calloc(1, 8192);
    cr_assert_not_null(out);
    size_t len = 0;
    while (sqlite3_step(st) == SQLITE_ROW && len < 7000) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            len += (size_t)snprintf(out + len, 8192 - len, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
        out[len++] = '\n';
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

static void expect_rows(const char *sql, const char *want)
{
    char *got = dump(sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

/* Copy tests/data/<src> to DIR/<name>; returns its MD5 in hex (computed here). */
static void copy_as(const char *src, const char *name, char *path, size_t pathsz, char hex[33])
{
    size_t len = 0;
    char *data = read_file(test_data(src), &len);
    cr_assert_not_null(data);
    snprintf(path, pathsz, "%s/%s", dir, name);
    cr_assert_eq(write_file(path, data, len), 0);
    coauth_md5 m;
    coauth_md5_init(&m);
    coauth_md5_update(&m, data, len);
    coauth_md5_final_hex(&m, hex);
    free(data);
}

static void write_md5(const char *path, const char *content)
{
    char p[700];
    snprintf(p, sizeof p, "%s.md5", path);
    cr_assert_eq(write_file(p, content, strlen(content)), 0);
}

Test(md5, ingest_checks_file_md5, .init = setup, .fini = teardown)
{
    char a[600], b[600], c[600], ha[33], hb[33], hc[33], text[200];
    copy_as("ingest_base.xml", "pubmed25n0001.xml", a, sizeof a, ha);
    copy_as("ingest_update.xml", "pubmed25n0002.xml", b, sizeof b, hb);
    copy_as("pubmed_metadata.xml", "other.xml", c, sizeof c, hc);
    snprintf(text, sizeof text, "MD5(pubmed25n0001.xml)= %s\n", ha);
    write_md5(a, text);
    /* b's .md5 is wrong; c has none */
    write_md5(b, "MD5(pubmed25n0002.xml)= 0123456789abcdef0123456789abcdef\n");
    const char *argv[] = {"ingest", "-q", "-d", db, a, b, c, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    /* the base's record without PMID is a warning; the mismatch is the one error */
    cr_expect_eq(count_lines(r.err), 2, "%s", r.err);
    char want[1600];
    snprintf(want, sizeof want,
             "coauth ingest: '%s': MD5 %s does not match 0123456789abcdef0123456789abcdef in "
             "'%s.md5'",
             b, hb, b);
    cr_expect(strstr(r.err, want) != NULL, "%s\nwant: %s", r.err, want);
    run_result_free(&r);
    char rows[800];
    snprintf(rows, sizeof rows, "other.xml|NULL\npubmed25n0001.xml|%s\n", ha);
    expect_rows("SELECT name, md5 FROM files ORDER BY name", rows);
    /* nothing of b: 1001 still version 1, 1002 not deleted */
    expect_rows("SELECT pmid, version FROM papers WHERE pmid IN (1001, 1002) ORDER BY pmid",
                "1001|1\n1002|1\n");

    /* md5sum's format is read too; the file then applies */
    snprintf(text, sizeof text, "%s  pubmed25n0002.xml\n", hb);
    write_md5(b, text);
    const char *again[] = {"ingest", "-q", "-d", db, b, NULL};
    cr_assert_eq(run_cli(&r, again), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    snprintf(rows, sizeof rows, "pubmed25n0002.xml|%s\n", hb);
    expect_rows("SELECT name, md5 FROM files WHERE name = 'pubmed25n0002.xml'", rows);

    /* a malformed .md5 is an error naming it */
    write_md5(c, "not a digest\n");
    const char *force[] = {"ingest", "-q", "--force", "-d", db, c, NULL};
    cr_assert_eq(run_cli(&r, force), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, "other.xml.md5': not an MD5 file") != NULL, "%s", r.err);
    run_result_free(&r);
}

/* A file whose name and size are in the store is checksummed before parsing; the MD5
 * is checked in that pass, and a mismatch fails it before it is parsed. */
Test(md5, mismatch_found_before_parsing, .init = setup, .fini = teardown)
{
    char a[600], ha[33];
    copy_as("ingest_base.xml", "pubmed25n0001.xml", a, sizeof a, ha);
    const char *argv[] = {"ingest", "-q", "-d", db, a, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* same size, other bytes ("First test paper." -> "FirsT test paper.") */
    size_t len = 0;
    char *data = read_file(a, &len);
    cr_assert_not_null(data);
    char *t = strstr(data, "First test paper.");
    cr_assert_not_null(t);
    t[4] = 'T';
    cr_assert_eq(write_file(a, data, len), 0);
    free(data);
    char text[200];
    snprintf(text, sizeof text, "MD5(pubmed25n0001.xml)= %s\n", ha); /* the old file's */
    write_md5(a, text);
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, "does not match") != NULL, "%s", r.err);
    run_result_free(&r);
    expect_rows("SELECT count(*) FROM files", "1\n");
    expect_rows("SELECT title FROM papers WHERE pmid = 1001", "First test paper.\n");
}
