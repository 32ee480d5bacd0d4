/* test_reader.c - tests of the streaming PubMed/MEDLINE reader (ingest/pubmed.c,
 * ingest/gzsource.c): hand-written fixtures with expected values written by hand,
 * gzip variants made at run time with zlib, hostile inputs, and every real file
 * under ../shared/data/pubmed checked against independent counts (xmllint XPath and
 * grep -o pipelines) plus sample records checked field by field.
 *
 * Invariant: expected values never come from the reader itself.
 */
#include <coauth/coauth.h>
#include <coauth/reader.h>

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "helpers/readutil.h"
#include "helpers/testutil.h"

static void suite_init(void)
{
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_lib_init(&e), COAUTH_OK);
}

TestSuite(reader, .init = suite_init);

/* ---- helpers -------------------------------------------------------------------- */

typedef struct counts {
    size_t articles, authors, affiliations, deletes, deleted_pmids, skipped;
    uint64_t fingerprint; /* FNV-1a over every field of every record, in order */
    coauth_status status; /* last status: COAUTH_EOF or the error */
    char msg[COAUTH_ERRMSG_MAX];
} counts;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
    return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "\xff", 1);
}

static void count_record(counts *c, const coauth_record *rec)
{
    uint64_t h = c->fingerprint;
    h = fnv(h, &rec->kind, sizeof rec->kind);
    h = fnv(h, &rec->line, sizeof rec->line);
    if (rec->kind == COAUTH_RECORD_DELETE) {
        c->deletes++;
        c->deleted_pmids += rec->n_deleted;
        h = fnv(h, rec->deleted, rec->n_deleted * sizeof *rec->deleted);
    } else {
        c->articles++;
        c->authors += rec->n_authors;
        c->affiliations += rec->n_affiliations;
        h = fnv(h, &rec->pmid, sizeof rec->pmid);
        h = fnv(h, &rec->version, sizeof rec->version);
        h = fnv(h, &rec->year, sizeof rec->year);
        for (size_t i = 0; i < rec->n_authors; i++) {
            const coauth_author *a = &rec->authors[i];
            h = fnv_str(h, a->name);
            h = fnv(h, &a->collective, sizeof a->collective);
            h = fnv(h, &a->first_affiliation, sizeof a->first_affiliation);
            h = fnv(h, &a->n_affiliations, sizeof a->n_affiliations);
        }
        for (size_t i = 0; i < rec->n_authors; i++) {
            const coauth_author *a = &rec->authors[i];
            h = fnv_str(fnv_str(fnv_str(h, a->last_name), a->fore_name), a->initials);
            h = fnv_str(fnv_str(h, a->collective_name), a->orcid);
        }
        for (size_t i = 0; i < rec->n_affiliations; i++) {
            const coauth_affiliation *f = &rec->affiliations[i];
            h = fnv(h, f->text, f->len);
            for (size_t k = 0; k < f->n_identifiers; k++)
                h = fnv_str(fnv_str(h, f->identifiers[k].source), f->identifiers[k].value);
        }
        /* the paper metadata */
        h = fnv(h, &rec->aff_layout, sizeof rec->aff_layout);
        h = fnv_str(fnv_str(fnv_str(h, rec->title), rec->doi), rec->pmc);
        h = fnv_str(fnv_str(fnv_str(h, rec->nlm_id), rec->journal_iso), rec->journal_title);
        for (size_t i = 0; i < rec->n_issns; i++)
            h = fnv_str(fnv_str(h, rec->issns[i].issn), rec->issns[i].type);
        for (size_t i = 0; i < rec->n_types; i++)
            h = fnv_str(fnv_str(h, rec->types[i].ui), rec->types[i].name);
        for (size_t i = 0; i < rec->n_languages; i++)
            h = fnv_str(h, rec->languages[i]);
        for (size_t i = 0; i < rec->n_mesh; i++) {
            h = fnv_str(fnv_str(h, rec->mesh[i].ui), rec->mesh[i].name);
            h = fnv(h, &rec->mesh[i].major, sizeof rec->mesh[i].major);
        }
        for (size_t i = 0; i < rec->n_grants; i++)
            h = fnv_str(fnv_str(fnv_str(h, rec->grants[i].agency), rec->grants[i].country),
                        rec->grants[i].id);
    }
    c->fingerprint = h;
}

/* Read every record with coauth_reader_next(). */
static void drain(coauth_reader *r, counts *c)
{
    memset(c, 0, sizeof *c);
    coauth_error e = COAUTH_ERROR_INIT;
    const coauth_record *rec;
    coauth_status st;
    while ((st = coauth_reader_next(r, &rec, &e)) == COAUTH_OK)
        count_record(c, rec);
    c->skipped = coauth_reader_skipped(r);
    c->status = st;
    memcpy(c->msg, e.msg, sizeof c->msg);
}

static coauth_status each_record(void *ud, const coauth_record *rec, coauth_error *err)
{
    (void)err;
    count_record(ud, rec);
    return COAUTH_OK;
}

/* The same with coauth_reader_each() (status COAUTH_EOF for its COAUTH_OK). */
static void drain_each(coauth_reader *r, counts *c)
{
    memset(c, 0, sizeof *c);
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = coauth_reader_each(r, each_record, c, &e);
    c->skipped = coauth_reader_skipped(r);
    c->status = st == COAUTH_OK ? COAUTH_EOF : st;
    memcpy(c->msg, e.msg, sizeof c->msg);
}

/* What follows "'NAME' line N: " in a reader message. */
static const char *after_line(const char *msg)
{
    const char *p = strstr(msg, "' line ");
    p = p ? strstr(p, ": ") : NULL;
    return p ? p + 2 : msg;
}

/* The pull reader (coauth_reader_each, used by ingest) and the push reader
 * (coauth_reader_next) must agree: on a good document, on every record and field and
 * on the warnings counted; on a bad one, on the status and, for gzip errors, on the
 * message (its line is where the parser stood when the bad bytes were read, which
 * depends on how far ahead each mode reads; for the same reason the records handed
 * out before an error may differ). The XML error messages of the fixtures are checked
 * in both modes by expect_error_file(). */
static counts last_each; /* the coauth_reader_each() reading of the last count_*() */

static void expect_same_reading(const counts *a, const counts *b, const char *what)
{
    cr_expect_eq(a->status, b->status, "%s: next %d (%s) vs each %d (%s)", what, a->status, a->msg,
                 b->status, b->msg);
    if (a->status != COAUTH_EOF) {
        cr_expect(strncmp(b->msg, "'", 1) == 0 && strstr(b->msg, "' line ") != NULL,
                  "%s: each: message '%s' should name the file and line", what, b->msg);
        if (strstr(a->msg, "gzip"))
            cr_expect_str_eq(after_line(a->msg), after_line(b->msg),
                             "%s: messages differ: [%s] [%s]", what, a->msg, b->msg);
        return;
    }
    cr_expect_str_eq(a->msg, b->msg, "%s: messages differ: [%s] [%s]", what, a->msg, b->msg);
    cr_expect_eq(a->articles, b->articles, "%s: articles %zu vs %zu", what, a->articles,
                 b->articles);
    cr_expect_eq(a->deletes, b->deletes, "%s: deletes", what);
    cr_expect_eq(a->skipped, b->skipped, "%s: skipped", what);
    cr_expect_eq(a->fingerprint, b->fingerprint, "%s: record contents differ", what);
}

static void count_path(const char *path, counts *c)
{
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = coauth_reader_open(&r, path, &e);
    cr_assert_eq(st, COAUTH_OK, "open '%s': %s", path, e.msg);
    drain(r, c);
    coauth_reader_free(r);
    if (strcmp(path, "-") == 0)
        return;
    counts c2;
    cr_assert_eq(coauth_reader_open(&r, path, &e), COAUTH_OK, "open '%s': %s", path, e.msg);
    drain_each(r, &c2);
    coauth_reader_free(r);
    expect_same_reading(c, &c2, path);
    last_each = c2;
    /* ingest's way: pull mode, inflating in a read-ahead thread, checksumming the file
     * as it goes; the checksum must equal the separate pass of coauth_file_identity() */
    counts c3;
    cr_assert_eq(coauth_reader_open(&r, path, &e), COAUTH_OK, "open '%s': %s", path, e.msg);
    cr_assert_eq(coauth_reader_checksum(r, &e), COAUTH_OK, "%s", e.msg);
    cr_assert_eq(coauth_reader_readahead(r, &e), COAUTH_OK, "%s", e.msg);
    drain_each(r, &c3);
    expect_same_reading(c, &c3, path);
    uint64_t size = 0, size2 = 0;
    char sum[64] = "", sum2[64] = "";
    int have = coauth_reader_identity(r, &size, sum);
    coauth_reader_free(r);
    cr_expect_eq(have, c3.status == COAUTH_EOF, "%s: identity known only after a clean end", path);
    if (have) {
        cr_assert_eq(coauth_file_identity(path, &size2, sum2, &e), COAUTH_OK, "%s", e.msg);
        cr_expect_eq(size, size2, "%s: size", path);
        cr_expect_str_eq(sum, sum2, "%s: checksum", path);
    }
}

static void count_mem(const void *data, size_t len, const char *name, counts *c)
{
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = coauth_reader_open_mem(&r, data, len, name, &e);
    cr_assert_eq(st, COAUTH_OK, "open_mem: %s", e.msg);
    drain(r, c);
    coauth_reader_free(r);
    counts c2;
    cr_assert_eq(coauth_reader_open_mem(&r, data, len, name, &e), COAUTH_OK, "%s", e.msg);
    drain_each(r, &c2);
    coauth_reader_free(r);
    expect_same_reading(c, &c2, name);
    last_each = c2;
    counts c3; /* with the read-ahead thread */
    cr_assert_eq(coauth_reader_open_mem(&r, data, len, name, &e), COAUTH_OK, "%s", e.msg);
    cr_assert_eq(coauth_reader_readahead(r, &e), COAUTH_OK, "%s", e.msg);
    drain_each(r, &c3);
    coauth_reader_free(r);
    expect_same_reading(c, &c3, name);
}

static void expect_author(const coauth_record *rec, size_t i, const char *name, bool collective,
                          size_t n_aff)
{
    cr_assert_lt(i, rec->n_authors);
    const coauth_author *a = &rec->authors[i];
    cr_expect_str_eq(a->name, name, "author %zu of %llu", i, (unsigned long long)rec->pmid);
    cr_expect_eq(a->collective, collective, "author %zu collective", i);
    cr_expect_eq(a->n_affiliations, n_aff, "author %zu (%s) affiliations", i, name);
    cr_assert_leq(a->first_affiliation + a->n_affiliations, rec->n_affiliations);
}

static void expect_aff(const coauth_record *rec, size_t author, size_t k, const char *text,
                       const char *ident)
{
    const coauth_author *a = &rec->authors[author];
    cr_assert_lt(k, a->n_affiliations);
    const coauth_affiliation *f = &rec->affiliations[a->first_affiliation + k];
    cr_expect_str_eq(f->text, text);
    cr_expect_eq(f->len, strlen(text));
    if (ident)
        cr_expect(joined_identifiers(f) && strcmp(joined_identifiers(f), ident) == 0,
                  "identifier '%s' != '%s'",
                  joined_identifiers(f) ? joined_identifiers(f) : "(null)", ident);
    else
        cr_expect_null(joined_identifiers(f), "identifier '%s' should be NULL",
                       joined_identifiers(f));
}

/* gzip `len` bytes as one member (windowBits 31). malloc'd, *out_len set. */
static unsigned char *gzip_bytes(const void *data, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = deflateBound(&z, (uLong)len) + 64;
    unsigned char *out = malloc(cap);
    cr_assert_not_null(out);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
    *out_len = cap - z.avail_out;
    deflateEnd(&z);
    return out;
}

static char *fixture_bytes(const char *rel, size_t *len)
{
    char *d = read_file(test_data(rel), len);
    cr_assert_not_null(d, "cannot read fixture %s", rel);
    return d;
}

/* Run a shell pipeline and return its first line as a number (fails the test on error). */
static long sh_count(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "popen %s", cmd);
    char buf[256] = "";
    char *ok = fgets(buf, sizeof buf, p);
    int rc = pclose(p);
    cr_assert(ok != NULL && rc != -1, "no output from: %s", cmd);
    char *end = NULL;
    double v = strtod(buf, &end);
    cr_assert(end != buf, "not a number from '%s': %s", cmd, buf);
    return (long)v;
}

/* ---- fixtures: fields ----------------------------------------------------------- */

static int warn_calls;
static char warn_last[COAUTH_ERRMSG_MAX];

static void on_warn(void *ud, const char *msg)
{
    (void)ud;
    warn_calls++;
    snprintf(warn_last, sizeof warn_last, "%s", msg);
}

Test(reader, fields_of_every_rule)
{
    coauth_reader *r = open_fixture("pubmed_fields.xml");
    warn_calls = 0;
    coauth_reader_set_warn(r, on_warn, NULL);

    /* 1001: Version 2, PubDate/Year 2019 wins over ArticleDate 2018 and DateCompleted;
     * CommentsCorrections PMID 999, InvestigatorList and ReferenceList ignored. */
    const coauth_record *rec = next_ok(r);
    cr_expect_eq(rec->kind, COAUTH_RECORD_ARTICLE);
    cr_expect_eq(rec->pmid, 1001);
    cr_expect_eq(rec->version, 2);
    cr_expect_eq(rec->year, 2019);
    cr_expect_eq(rec->line, 5);
    cr_assert_eq(rec->n_authors, 4);
    cr_expect_eq(rec->n_affiliations, 3);
    expect_author(rec, 0, "Smith, John Q", false, 2);
    expect_aff(rec, 0, 0, "Dept of Physics, University of Oslo, Oslo, Norway.",
               "ROR:https://ror.org/01xtthb56 GRID:grid.5510.1");
    expect_aff(rec, 0, 1, "Institut Pasteur, Paris, France & Lyon.", NULL);
    expect_author(rec, 1, "The Example Consortium", true, 1);
    expect_aff(rec, 1, 0, "Consortium office, Geneva, Switzerland.", "ISNI:0000 0001 2156 142X");
    expect_author(rec, 2, "Plato", false, 0);
    expect_author(rec, 3, "M\xc3\xbcller, J\xc3\xbcrgen", false, 0); /* blank Affiliation dropped */
    cr_expect_eq(rec->n_deleted, 0);

    /* 1002: MedlineDate "Winter 1998 Dec-1999 Jan" -> 1998 (before ArticleDate 2005). */
    rec = next_ok(r);
    cr_expect_eq(rec->pmid, 1002);
    cr_expect_eq(rec->version, 1);
    cr_expect_eq(rec->year, 1998);
    cr_expect_eq(rec->line, 63);
    cr_assert_eq(rec->n_authors, 1);
    expect_author(rec, 0, "Onlyfore", false, 0);

    /* 1003: no PubDate year -> the first ArticleDate/Year. */
    rec = next_ok(r);
    cr_expect_eq(rec->pmid, 1003);
    cr_expect_eq(rec->year, 2007);
    cr_expect_eq(rec->n_authors, 0);
    cr_expect_null(rec->authors);

    /* 1004: MedlineDate without a year, no ArticleDate: unknown (DateRevised and
     * PubMedPubDate do not count). */
    rec = next_ok(r);
    cr_expect_eq(rec->pmid, 1004);
    cr_expect_eq(rec->version, 3);
    cr_expect_eq(rec->year, 0);

    /* (record without PMID at line 91 skipped) then the book: BookDocument/PMID,
     * Book/PubDate/Year, only the AuthorList of Type "authors". */
    rec = next_ok(r);
    cr_expect_eq(warn_calls, 1);
    char want[COAUTH_ERRMSG_MAX + 64];
    snprintf(want, sizeof want, "'%s' line 91: record without PMID skipped",
             test_data("pubmed_fields.xml"));
    cr_expect_str_eq(warn_last, want);
    cr_expect_eq(rec->kind, COAUTH_RECORD_ARTICLE);
    cr_expect_eq(rec->pmid, 2001);
    cr_expect_eq(rec->year, 2010);
    cr_expect_eq(rec->line, 96);
    cr_assert_eq(rec->n_authors, 1);
    expect_author(rec, 0, "Writer, Wendy", false, 1);
    expect_aff(rec, 0, 0, "Book affiliation, Boston, USA.", NULL);

    rec = next_ok(r);
    cr_expect_eq(rec->kind, COAUTH_RECORD_DELETE);
    cr_expect_eq(rec->line, 110);
    cr_assert_eq(rec->n_deleted, 3);
    cr_expect_eq(rec->deleted[0], 5);
    cr_expect_eq(rec->deleted[1], 6);
    cr_expect_eq(rec->deleted[2], 7);
    expect_eof(r);
    cr_expect_eq(coauth_reader_skipped(r), 1);
    size_t len = 0;
    free(fixture_bytes("pubmed_fields.xml", &len));
    cr_expect_eq(coauth_reader_bytes_in(r), len);
    coauth_reader_free(r);
}

Test(reader, warnings_without_callback_are_counted)
{
    counts c;
    count_path(test_data("pubmed_fields.xml"), &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, 5);
    cr_expect_eq(c.authors, 6);
    cr_expect_eq(c.affiliations, 4);
    cr_expect_eq(c.deletes, 1);
    cr_expect_eq(c.deleted_pmids, 3);
}

/* The metadata and older-layout fixtures read the same in push, pull and read-ahead
 * mode (count_path compares the fingerprints of every field). */
Test(reader, metadata_same_in_every_mode)
{
    static const struct {
        const char *file;
        size_t articles, authors, affiliations;
    } f[] = {{"pubmed_metadata.xml", 3, 4, 2},
             {"pubmed_layout_2012.xml", 4, 4, 2},
             {"pubmed_layout_2013.xml", 2, 4, 3},
             {"pubmed_layout_both.xml", 3, 5, 5}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        counts c;
        count_path(test_data(f[i].file), &c);
        cr_expect_eq(c.status, COAUTH_EOF, "%s: %s", f[i].file, c.msg);
        cr_expect_eq(c.articles, f[i].articles, "%s", f[i].file);
        cr_expect_eq(c.authors, f[i].authors, "%s", f[i].file);
        cr_expect_eq(c.affiliations, f[i].affiliations, "%s", f[i].file);
    }
}

Test(reader, medline_citation_set)
{
    coauth_reader *r = open_fixture("pubmed_medline_set.xml");
    const coauth_record *rec = next_ok(r);
    cr_expect_eq(rec->pmid, 3001);
    cr_expect_eq(rec->year, 1985);
    cr_expect_eq(rec->line, 4);
    cr_assert_eq(rec->n_authors, 1);
    expect_author(rec, 0, "Old, Format", false, 1);
    expect_aff(rec, 0, 0, "Old affiliation, Kyoto, Japan.", NULL);
    rec = next_ok(r);
    cr_expect_eq(rec->pmid, 3002);
    cr_expect_eq(rec->year, 1986); /* MedlineDate "1986-1987" */
    cr_expect_eq(rec->line, 11);
    rec = next_ok(r);
    cr_expect_eq(rec->kind, COAUTH_RECORD_DELETE);
    cr_assert_eq(rec->n_deleted, 1);
    cr_expect_eq(rec->deleted[0], 3000);
    expect_eof(r);
    coauth_reader_free(r);
}

Test(reader, bare_pubmed_article_root)
{
    coauth_reader *r = open_fixture("pubmed_bare_article.xml");
    const coauth_record *rec = next_ok(r);
    cr_expect_eq(rec->pmid, 4001);
    cr_expect_eq(rec->year, 2015);
    cr_expect_eq(rec->line, 2);
    cr_assert_eq(rec->n_authors, 1);
    expect_author(rec, 0, "Bare, Article", false, 0);
    expect_eof(r);
    coauth_reader_free(r);
}

Test(reader, bare_medline_citation_root)
{
    coauth_reader *r = open_fixture("pubmed_bare_citation.xml");
    const coauth_record *rec = next_ok(r);
    cr_expect_eq(rec->pmid, 4002);
    cr_expect_eq(rec->version, 4);
    cr_expect_eq(rec->year, 2016);
    cr_expect_eq(rec->line, 1);
    cr_assert_eq(rec->n_authors, 1);
    expect_author(rec, 0, "Bare Group", true, 0);
    expect_eof(r);
    coauth_reader_free(r);
}

/* ---- fixtures: bad input -------------------------------------------------------- */

/* Read the fixture to the end: the error must be `code`, name the file and contain
 * "line N" and `what`; `articles` records come before it. */
static void expect_error_file(const char *rel, coauth_status code, int line, const char *what,
                              size_t articles)
{
    counts both[2];
    const char *path = test_data(rel);
    count_path(path, &both[0]);
    both[1] = last_each;
    for (int m = 0; m < 2; m++) {
        const counts *c = &both[m];
        const char *mode = m ? "each" : "next";
        cr_expect_eq(c->status, code, "%s (%s): status %d (%s)", rel, mode, c->status, c->msg);
        char want[COAUTH_ERRMSG_MAX + 64];
        snprintf(want, sizeof want, "'%s' line %d: ", path, line);
        cr_expect(strncmp(c->msg, want, strlen(want)) == 0,
                  "%s (%s): message '%s' should start '%s'", rel, mode, c->msg, want);
        cr_expect(strstr(c->msg, what) != NULL, "%s (%s): message '%s' should say '%s'", rel, mode,
                  c->msg, what);
        cr_expect(strchr(c->msg, '\n') == NULL);
        if (m == 0)
            cr_expect_eq(c->articles, articles, "%s: records before the error", rel);
    }
}

Test(reader, malformed_xml_names_file_and_line)
{
    expect_error_file("pubmed_bad_malformed.xml", COAUTH_EFORMAT, 4, "expected '>'", 1);
}

Test(reader, mismatched_tags)
{
    expect_error_file("pubmed_bad_mismatch.xml", COAUTH_EFORMAT, 4,
                      "opening and ending tag mismatch", 0);
}

Test(reader, invalid_utf8)
{
    expect_error_file("pubmed_bad_utf8.xml", COAUTH_EFORMAT, 3, "invalid UTF-8", 1);
}

Test(reader, nul_byte)
{
    expect_error_file("pubmed_bad_nul.xml", COAUTH_EFORMAT, 3, "0x0", 0);
}

/* A NUL byte after the root element is extra content in both reading modes. */
Test(reader, nul_byte_after_the_root)
{
    expect_error_file("pubmed_bad_trailing_nul.xml", COAUTH_EFORMAT, 7,
                      "extra content at the end of the document", 1);
}

Test(reader, not_xml)
{
    expect_error_file("pubmed_bad_notxml.xml", COAUTH_EFORMAT, 1, "not an XML document", 0);
}

Test(reader, empty_file)
{
    expect_error_file("pubmed_bad_empty.xml", COAUTH_EFORMAT, 1, "empty file", 0);
}

Test(reader, wrong_root_element)
{
    expect_error_file("pubmed_bad_root.xml", COAUTH_EFORMAT, 2,
                      "not a PubMed/MEDLINE or JATS document (root element 'html')", 0);
}

Test(reader, billion_laughs_rejected)
{
    expect_error_file("pubmed_bad_bomb.xml", COAUTH_EFORMAT, 3, "entity declaration 'lol'", 0);
}

Test(reader, external_entity_rejected_and_never_read)
{
    expect_error_file("pubmed_bad_xxe.xml", COAUTH_EFORMAT, 3, "entity declaration 'xxe'", 0);
    /* Whatever the reader returned, /etc/passwd's content never shows up. */
    coauth_reader *r = open_fixture("pubmed_bad_xxe.xml");
    const coauth_record *rec;
    coauth_error e = COAUTH_ERROR_INIT;
    while (coauth_reader_next(r, &rec, &e) == COAUTH_OK)
        for (size_t i = 0; i < rec->n_authors; i++)
            cr_expect(strstr(rec->authors[i].name, "root:") == NULL);
    cr_expect(strstr(e.msg, "root:") == NULL, "%s", e.msg);
    coauth_reader_free(r);
}

Test(reader, undeclared_entity_is_an_error)
{
    expect_error_file("pubmed_bad_undeclared.xml", COAUTH_EFORMAT, 2, "entity 'nbsp' not defined",
                      0);
}

Test(reader, declarations_in_internal_subset_rejected)
{
    static const char *docs[] = {
        "<!DOCTYPE PubmedArticleSet [<!ELEMENT PubmedArticleSet ANY>]><PubmedArticleSet/>",
        "<!DOCTYPE PubmedArticleSet [<!ATTLIST Author ValidYN CDATA \"N\">]><PubmedArticleSet/>",
        "<!DOCTYPE PubmedArticleSet [<!NOTATION n SYSTEM \"x\">]><PubmedArticleSet/>",
        "<!DOCTYPE PubmedArticleSet [<!ENTITY % p \"x\">]><PubmedArticleSet/>",
        "<!DOCTYPE PubmedArticleSet SYSTEM \"file:///etc/passwd\" [<!ENTITY a SYSTEM "
        "\"http://127.0.0.1:9/x\">]><PubmedArticleSet>&a;</PubmedArticleSet>",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        counts c;
        count_mem(docs[i], strlen(docs[i]), "decl.xml", &c);
        cr_expect_eq(c.status, COAUTH_EFORMAT, "doc %zu: %d %s", i, c.status, c.msg);
        cr_expect(strstr(c.msg, "rejected") != NULL, "doc %zu: %s", i, c.msg);
    }
}

Test(reader, pubmed_doctype_line_accepted_without_fetching)
{
    /* The real DOCTYPE with its https DTD URL: accepted, nothing fetched (a fetch
     * would fail here anyway, and NONET forbids it). */
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        "<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" "
        "\"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n"
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID Version=\"1\">7</PMID>"
        "</MedlineCitation></PubmedArticle></PubmedArticleSet>\n";
    counts c;
    count_mem(doc, strlen(doc), "doctype.xml", &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, 1);
}

Test(reader, empty_set_is_not_an_error)
{
    static const char doc[] = "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n";
    counts c;
    count_mem(doc, strlen(doc), "emptyset.xml", &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, 0);
}

/* The keys from 2^61 up are the store's own (the JATS version of a paper, JATS articles
 * without a PMID): 2^61-1 is the largest valid PMID. */
Test(reader, pmid_from_2_61_is_invalid)
{
    static const char doc[] =
        "<PubmedArticleSet>\n"
        "<PubmedArticle><MedlineCitation><PMID>2305843009213693951</PMID></MedlineCitation>"
        "</PubmedArticle>\n"
        "<PubmedArticle><MedlineCitation><PMID>2305843009213693952</PMID></MedlineCitation>"
        "</PubmedArticle>\n"
        "<DeleteCitation><PMID>2305843009213693952</PMID><PMID>7</PMID></DeleteCitation>\n"
        "</PubmedArticleSet>\n";
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open_mem(&r, doc, strlen(doc), "big.xml", &e), COAUTH_OK);
    warn_calls = 0;
    coauth_reader_set_warn(r, on_warn, NULL);
    const coauth_record *rec = next_ok(r);
    cr_expect_eq(rec->pmid, 2305843009213693951ULL);
    rec = next_ok(r);
    cr_expect_eq(rec->kind, COAUTH_RECORD_DELETE);
    cr_assert_eq(rec->n_deleted, 1);
    cr_expect_eq(rec->deleted[0], 7);
    expect_eof(r);
    cr_expect_eq(coauth_reader_skipped(r), 1);
    cr_expect_eq(warn_calls, 2, "one skipped record, one ignored deletion");
    coauth_reader_free(r);
}

Test(reader, errors_are_sticky_and_open_errors_are_clear)
{
    coauth_reader *r = open_fixture("pubmed_bad_mismatch.xml");
    const coauth_record *rec;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_expect_eq(coauth_reader_next(r, &rec, &e), COAUTH_EFORMAT);
    coauth_error e2 = COAUTH_ERROR_INIT;
    cr_expect_eq(coauth_reader_next(r, &rec, &e2), COAUTH_EFORMAT);
    cr_expect_str_eq(e.msg, e2.msg);
    coauth_reader_free(r);

    coauth_error e3 = COAUTH_ERROR_INIT;
    cr_expect_eq(coauth_reader_open(&r, "/nonexistent/dir/x.xml.gz", &e3), COAUTH_EIO);
    cr_expect_null(r);
    cr_expect(strstr(e3.msg, "'/nonexistent/dir/x.xml.gz'") != NULL, "%s", e3.msg);

    /* a directory opens but cannot be read */
    cr_assert_eq(coauth_reader_open(&r, test_data(""), &e3), COAUTH_OK);
    cr_expect_eq(coauth_reader_next(r, &rec, &e3), COAUTH_EIO, "%s", e3.msg);
    coauth_reader_free(r);
    coauth_reader_free(NULL);
}

/* ---- gzip ----------------------------------------------------------------------- */

static void expect_same_as_plain(const unsigned char *gz, size_t gz_len, const counts *plain,
                                 const char *what)
{
    counts c;
    count_mem(gz, gz_len, what, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s: %s", what, c.msg);
    cr_expect_eq(c.articles, plain->articles, "%s", what);
    cr_expect_eq(c.authors, plain->authors, "%s", what);
    cr_expect_eq(c.affiliations, plain->affiliations, "%s", what);
    cr_expect_eq(c.deleted_pmids, plain->deleted_pmids, "%s", what);
}

Test(reader, gzip_single_and_multi_member)
{
    size_t len = 0;
    char *xml = fixture_bytes("pubmed_fields.xml", &len);
    counts plain;
    count_mem(xml, len, "plain", &plain);
    cr_assert_eq(plain.status, COAUTH_EOF);

    size_t gl = 0;
    unsigned char *gz = gzip_bytes(xml, len, &gl);
    expect_same_as_plain(gz, gl, &plain, "single member");

    /* Same through a file, named .xml (detection is by content) */
    char *dir = make_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/looks_plain.xml", dir);
    cr_assert_eq(write_file(path, gz, gl), 0);
    counts c;
    count_path(path, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, plain.articles);
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open(&r, path, &e), COAUTH_OK);
    drain(r, &c);
    cr_expect_eq(coauth_reader_bytes_in(r), gl, "compressed bytes consumed");
    coauth_reader_free(r);

    /* Three members, cut in the middle of tags, plus an empty member. */
    size_t cuts[] = {0, 37, len / 2 + 3, len};
    unsigned char *multi = malloc(gl * 4 + 256);
    cr_assert_not_null(multi);
    size_t ml = 0;
    for (size_t i = 0; i + 1 < 4; i++) {
        size_t pl = 0;
        unsigned char *part = gzip_bytes(xml + cuts[i], cuts[i + 1] - cuts[i], &pl);
        memcpy(multi + ml, part, pl);
        ml += pl;
        free(part);
        if (i == 1) {
            part = gzip_bytes("", 0, &pl);
            memcpy(multi + ml, part, pl);
            ml += pl;
            free(part);
        }
    }
    expect_same_as_plain(multi, ml, &plain, "multi member");

    /* Garbage after the last member is an error, not silently skipped. */
    memcpy(multi + ml, "garbage!", 8);
    count_mem(multi, ml + 8, "trailing.gz", &c);
    cr_expect_eq(c.status, COAUTH_EFORMAT, "%s", c.msg);
    cr_expect(strstr(c.msg, "gzip") != NULL, "%s", c.msg);

    free(multi);
    free(gz);
    free(xml);
    remove_tmpdir(dir);
}

Test(reader, gzip_truncated_at_several_offsets)
{
    size_t len = 0;
    char *xml = fixture_bytes("pubmed_fields.xml", &len);
    size_t gl = 0;
    unsigned char *gz = gzip_bytes(xml, len, &gl);
    size_t offs[] = {2, 3, 10, 11, 20, gl / 3, gl / 2, gl - 8, gl - 5, gl - 1};
    for (size_t i = 0; i < sizeof offs / sizeof offs[0]; i++) {
        counts c;
        count_mem(gz, offs[i], "cut.xml.gz", &c);
        cr_expect_eq(c.status, COAUTH_EFORMAT, "cut at %zu: %d %s", offs[i], c.status, c.msg);
        cr_expect(strstr(c.msg, "truncated gzip") != NULL, "cut at %zu: %s", offs[i], c.msg);
        cr_expect(strncmp(c.msg, "'cut.xml.gz' line ", 18) == 0, "%s", c.msg);
    }
    free(gz);
    free(xml);
}

Test(reader, gzip_bad_crc_and_corrupt_data)
{
    size_t len = 0;
    char *xml = fixture_bytes("pubmed_fields.xml", &len);
    size_t gl = 0;
    unsigned char *gz = gzip_bytes(xml, len, &gl);
    counts c;
    /* CRC-32 is the 8..5th byte from the end */
    gz[gl - 7] ^= 0x01;
    count_mem(gz, gl, "crc.gz", &c);
    cr_expect_eq(c.status, COAUTH_EFORMAT, "%s", c.msg);
    cr_expect(strstr(c.msg, "incorrect data check") != NULL, "%s", c.msg);
    gz[gl - 7] ^= 0x01;
    /* ISIZE */
    gz[gl - 2] ^= 0x10;
    count_mem(gz, gl, "isize.gz", &c);
    cr_expect_eq(c.status, COAUTH_EFORMAT, "%s", c.msg);
    cr_expect(strstr(c.msg, "incorrect length check") != NULL, "%s", c.msg);
    gz[gl - 2] ^= 0x10;
    /* deflate data */
    gz[gl / 2] ^= 0xff;
    count_mem(gz, gl, "data.gz", &c);
    cr_expect_lt(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect(strstr(c.msg, "gzip") != NULL || strstr(c.msg, "line") != NULL, "%s", c.msg);
    gz[gl / 2] ^= 0xff;
    /* a reserved FLG bit (RFC 1952: 5-7 must be zero; the 4th byte): refused by zlib and,
     * checked by the source itself, with ISA-L (fuzz_gzsource found ISA-L reading on) */
    for (unsigned bit = 0x20; bit <= 0x80; bit <<= 1) {
        gz[3] ^= (unsigned char)bit;
        count_mem(gz, gl, "flags.gz", &c);
        cr_expect_eq(c.status, COAUTH_EFORMAT, "%#x: %s", bit, c.msg);
        cr_expect(strstr(c.msg, "incorrect header check") != NULL, "%#x: %s", bit, c.msg);
        gz[3] ^= (unsigned char)bit;
    }
    /* the same after a first, valid member (the check restarts with each member) */
    unsigned char *two = malloc(2 * gl);
    cr_assert_not_null(two);
    memcpy(two, gz, gl);
    memcpy(two + gl, gz, gl);
    two[gl + 3] ^= 0x40;
    count_mem(two, 2 * gl, "second.gz", &c);
    cr_expect_eq(c.status, COAUTH_EFORMAT, "%s", c.msg);
    cr_expect(strstr(c.msg, "incorrect header check") != NULL, "%s", c.msg);
    free(two);
    free(gz);
    free(xml);
}

/* ---- streaming ------------------------------------------------------------------ */

/* A document of n articles, each with k authors, well past one 64 KiB chunk. */
static char *synthetic(size_t n, size_t *out_len)
{
    size_t cap = 1024 + n * 700;
    char *d = malloc(cap);
    cr_assert_not_null(d);
    size_t o = (size_t)snprintf(d, cap, "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n");
    for (size_t i = 1; i <= n; i++) {
        o += (size_t)snprintf(
            d + o, cap - o,
            "<PubmedArticle><MedlineCitation><PMID Version=\"%zu\">%zu</PMID><Article><Journal>"
            "<JournalIssue><PubDate><Year>%zu</Year></PubDate></JournalIssue></Journal>"
            "<AuthorList><Author><LastName>Last%zu</LastName><ForeName>First</ForeName>"
            "<AffiliationInfo><Affiliation>Affiliation number %zu, Somewhere.</Affiliation>"
            "</AffiliationInfo></Author><Author><CollectiveName>Group %zu</CollectiveName>"
            "</Author></AuthorList></Article></MedlineCitation></PubmedArticle>\n",
            i % 5 + 1, i, 1900 + i % 120, i, i, i);
    }
    o += (size_t)snprintf(d + o, cap - o, "</PubmedArticleSet>\n");
    *out_len = o;
    return d;
}

/* Many gzip members (tiny ones and larger ones) over several of the source's 128 KiB
 * input chunks, read from a file (the descriptor path) and from memory: the same
 * records as the plain document. */
/* A real baseline sample cut into 105 gzip members of mixed sizes and levels (Python's
 * gzip, seed 7; members of 1 byte to 200,000): the same records as the plain XML,
 * through a file, every way ingest reads it. ISA-L gives back bytes it had read ahead at
 * the end of a member (fuzz_gzsource's UBSan caught the reader's pointer arithmetic
 * going negative there); the source keeps them valid (gzsource.c, HIST). */
Test(reader, gzip_members_of_a_real_file)
{
    const char *src = shared_data("pubmed/pmparser/data_baseline_pubmed20n1015.4856ff43.xml.gz");
    if (!src)
        cr_skip_test("../shared/data/pubmed is absent: skipped");
    char *dir = make_tmpdir();
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import gzip, random, sys\n"
             "random.seed(7)\n"
             "d = gzip.open(sys.argv[1]).read()\n"
             "open(sys.argv[2] + '/plain.xml', 'wb').write(d)\n"
             "o = open(sys.argv[2] + '/members.xml.gz', 'wb')\n"
             "i = 0\n"
             "while i < len(d):\n"
             "    k = random.choice([1, 2, 7, 100, 1000, 5000, 60000, 131072, 131065, 200000])\n"
             "    o.write(gzip.compress(d[i:i + k], compresslevel=random.choice([1, 6, 9])))\n"
             "    i += k\n"
             "\" '%s' '%s'",
             src, dir);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    char plain_path[4096], gz_path[4096];
    snprintf(plain_path, sizeof plain_path, "%s/plain.xml", dir);
    snprintf(gz_path, sizeof gz_path, "%s/members.xml.gz", dir);
    counts plain, c;
    count_path(plain_path, &plain);
    cr_assert_eq(plain.status, COAUTH_EOF, "%s", plain.msg);
    count_path(gz_path, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, plain.articles);
    cr_expect_eq(c.fingerprint, plain.fingerprint, "the same records as the plain XML");
    remove_tmpdir(dir);
}

Test(reader, gzip_members_across_chunk_boundaries)
{
    size_t len = 0;
    char *xml = synthetic(4000, &len);
    cr_assert_gt(len, 8 * 131072);
    counts plain;
    count_mem(xml, len, "plain", &plain);
    cr_assert_eq(plain.status, COAUTH_EOF, "%s", plain.msg);
    unsigned char *multi = malloc(2 * len + 65536);
    cr_assert_not_null(multi);
    size_t ml = 0, at = 0;
    /* member sizes chosen so that compressed member ends land next to 131072-byte
     * multiples of the file: small members of 1..9 bytes (about 20 compressed bytes
     * each) after a big one walk the end across each boundary */
    size_t k = 0;
    while (at < len) {
        size_t piece = (k % 10 == 0) ? 2000 : 1 + k % 9;
        if (piece > len - at)
            piece = len - at;
        size_t pl = 0;
        unsigned char *part = gzip_bytes(xml + at, piece, &pl);
        memcpy(multi + ml, part, pl);
        ml += pl;
        free(part);
        at += piece;
        k++;
    }
    cr_assert_gt(ml, 3 * 131072, "the file spans several input chunks");
    counts c;
    count_mem(multi, ml, "members.xml.gz", &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.fingerprint, plain.fingerprint, "memory: the same records");
    char *dir = make_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/members.xml.gz", dir);
    cr_assert_eq(write_file(path, multi, ml), 0);
    count_path(path, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, plain.articles);
    cr_expect_eq(c.fingerprint, plain.fingerprint, "file: the same records");
    free(multi);
    free(xml);
    remove_tmpdir(dir);
}

Test(reader, many_records_across_chunks)
{
    size_t len = 0, n = 5000;
    char *doc = synthetic(n, &len);
    cr_assert_gt(len, 10 * 64 * 1024);
    size_t gl = 0;
    unsigned char *gz = gzip_bytes(doc, len, &gl);
    const void *inputs[2] = {doc, gz};
    size_t lens[2] = {len, gl};
    for (int v = 0; v < 2; v++) {
        coauth_reader *r = NULL;
        coauth_error e = COAUTH_ERROR_INIT;
        cr_assert_eq(coauth_reader_open_mem(&r, inputs[v], lens[v], "syn", &e), COAUTH_OK);
        for (size_t i = 1; i <= n; i++) {
            const coauth_record *rec = next_ok(r);
            cr_assert_eq(rec->pmid, i);
            cr_assert_eq(rec->version, i % 5 + 1);
            cr_assert_eq(rec->year, (int32_t)(1900 + i % 120));
            cr_assert_eq(rec->line, i + 2);
            cr_assert_eq(rec->n_authors, 2);
            char want[128];
            snprintf(want, sizeof want, "Last%zu, First", i);
            cr_assert_str_eq(rec->authors[0].name, want);
            snprintf(want, sizeof want, "Affiliation number %zu, Somewhere.", i);
            cr_assert_eq(rec->authors[0].n_affiliations, 1);
            cr_assert_str_eq(rec->affiliations[rec->authors[0].first_affiliation].text, want);
            snprintf(want, sizeof want, "Group %zu", i);
            cr_assert_str_eq(rec->authors[1].name, want);
            cr_assert(rec->authors[1].collective);
        }
        expect_eof(r);
        cr_expect_eq(coauth_reader_bytes_in(r), lens[v]);
        coauth_reader_free(r);
    }
    free(gz);
    free(doc);
}

Test(reader, stdin_dash)
{
    int fd = open(test_data("pubmed_medline_set.xml"), O_RDONLY);
    cr_assert_geq(fd, 0);
    cr_assert_geq(dup2(fd, 0), 0);
    close(fd);
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open(&r, "-", &e), COAUTH_OK, "%s", e.msg);
    counts c;
    drain(r, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, 2);
    cr_expect_eq(c.deleted_pmids, 1);
    coauth_reader_free(r);
}

/* A record over COAUTH_MAX_RECORD_BYTES: generated compressed, so the test stays small. */
Test(reader, record_over_size_limit)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    cr_assert_eq(deflateInit2(&z, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    size_t cap = 4u << 20, ol = 0;
    unsigned char *out = malloc(cap);
    cr_assert_not_null(out);
    static const char head[] = "<PubmedArticleSet>\n<PubmedArticle><MedlineCitation>"
                               "<PMID>1</PMID><KeywordList>";
    static const char kw[] = "<Keyword>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</Keyword>\n";
    static const char tail[] =
        "</KeywordList></MedlineCitation></PubmedArticle></PubmedArticleSet>";
    size_t total = sizeof head - 1, reps = COAUTH_MAX_RECORD_BYTES / (sizeof kw - 1) + 10;
    for (size_t i = 0; i <= reps + 1; i++) {
        const char *p = i == 0 ? head : i <= reps ? kw : tail;
        size_t pl = i == 0 ? sizeof head - 1 : i <= reps ? sizeof kw - 1 : sizeof tail - 1;
        if (i)
            total += pl;
        z.next_in = (Bytef *)(uintptr_t)p;
        z.avail_in = (uInt)pl;
        do {
            z.next_out = out + ol;
            z.avail_out = (uInt)(cap - ol);
            cr_assert_neq(deflate(&z, i == reps + 1 ? Z_FINISH : Z_NO_FLUSH), Z_STREAM_ERROR);
            ol = cap - z.avail_out;
        } while (z.avail_in);
    }
    deflateEnd(&z);
    cr_assert_gt(total, COAUTH_MAX_RECORD_BYTES);
    counts c;
    count_mem(out, ol, "big.xml.gz", &c);
    cr_expect_eq(c.status, COAUTH_ELIMIT, "%d %s", c.status, c.msg);
    cr_expect(strstr(c.msg, "'big.xml.gz' line 2: record over") != NULL, "%s", c.msg);
    free(out);
}

Test(reader, too_many_authors)
{
    size_t n = 100001, cap = 200 + n * 40, o = 0;
    char *d = malloc(cap);
    cr_assert_not_null(d);
    o += (size_t)snprintf(d + o, cap - o,
                          "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><AuthorList>");
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(d + o, cap - o, "<Author><LastName>a</LastName></Author>");
    o += (size_t)snprintf(d + o, cap - o,
                          "</AuthorList></Article></MedlineCitation></PubmedArticle>");
    counts c;
    count_mem(d, o, "authors.xml", &c);
    cr_expect_eq(c.status, COAUTH_ELIMIT, "%d %s", c.status, c.msg);
    cr_expect(strstr(c.msg, "more than 100000 authors") != NULL, "%s", c.msg);
    free(d);
}

/* ---- real files ----------------------------------------------------------------- */

/* XPath (run by xmllint, a DOM parser: a different method from our SAX reader) for
 * the records we return and the authors and affiliations we count. */
#define X_CIT                                                                                      \
    "(/PubmedArticleSet/PubmedArticle/MedlineCitation | /PubmedArticle/MedlineCitation"            \
    " | /MedlineCitation | /MedlineCitationSet/MedlineCitation)"
#define X_BOOK "/PubmedArticleSet/PubmedBookArticle/BookDocument"
#define X_AUTH                                                                                     \
    "(" X_CIT "[PMID]/Article/AuthorList/Author[not(@ValidYN=\"N\")] | " X_BOOK                    \
    "[PMID]/AuthorList[not(@Type) or @Type=\"authors\"]/Author[not(@ValidYN=\"N\")])"

static long xpath_count(const char *file, const char *expr)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "zcat -f '%s' | xmllint --nonet --xpath 'count(%s)' -", file, expr);
    return sh_count(cmd);
}

static long grep_count(const char *file, const char *pattern)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "zcat -f '%s' | grep -o '%s' | wc -l", file, pattern);
    return sh_count(cmd);
}

Test(reader, all_real_pubmed_files_match_independent_counts, .timeout = 600)
{
    const char *root = shared_data("pubmed");
    if (!root)
        cr_skip_test("../shared/data/pubmed is absent: the real-data test is skipped");
    cr_assert_eq(system("xmllint --version >/dev/null 2>&1"), 0, "xmllint is needed");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", root);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "find '%s' -type f -name '*.xml*' | sort", dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char line[4096];
    int files = 0;
    long total_articles = 0, total_skipped = 0;
    while (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        files++;
        counts c; /* read both ways, which must agree */
        count_path(line, &c);
        long skipped = (long)c.skipped;
        cr_expect_eq(c.status, COAUTH_EOF, "%s: %s", line, c.msg);

        long articles = xpath_count(line, X_CIT "[PMID] | " X_BOOK "[PMID]");
        long no_pmid = xpath_count(line, X_CIT "[not(PMID)] | " X_BOOK "[not(PMID)]");
        long del = xpath_count(line, "/*/DeleteCitation/PMID");
        long auth = xpath_count(line, X_AUTH);
        long aff =
            xpath_count(line, X_AUTH "/AffiliationInfo/Affiliation[normalize-space()!=\"\"]");
        cr_expect_eq((long)c.articles, articles, "%s: articles %zu vs %ld", line, c.articles,
                     articles);
        cr_expect_eq(skipped, no_pmid, "%s: skipped", line);
        cr_expect_eq((long)c.deleted_pmids, del, "%s: deleted PMIDs", line);
        cr_expect_eq((long)c.authors, auth, "%s: authors %zu vs %ld", line, c.authors, auth);
        cr_expect_eq((long)c.affiliations, aff, "%s: affiliations %zu vs %ld", line, c.affiliations,
                     aff);
        /* A third method for the record count: grep -o over the raw bytes (some files
         * are one single line, so count occurrences, not lines). */
        long tags = grep_count(line, "<PubmedArticle>\\|<PubmedArticle [^>]*>") +
                    grep_count(line, "<PubmedBookArticle>\\|<PubmedBookArticle [^>]*>");
        if (tags > 0)
            cr_expect_eq((long)c.articles + skipped, tags, "%s: grep count", line);
        long dtags = grep_count(line, "<DeleteCitation>");
        cr_expect_eq((long)c.deletes, dtags, "%s: DeleteCitation elements", line);
        total_articles += (long)c.articles;
        total_skipped += skipped;
    }
    pclose(p);
    cr_expect_geq(files, 40, "only %d files found under %s", files, dir);
    cr_expect_eq(total_skipped, 1, "one fatcat record lacks a PMID");
    cr_expect_gt(total_articles, 2500);
}

/* Find the record with `pmid` in a real file (NULL-safe: fails the test if absent). */
static const coauth_record *find_pmid(coauth_reader *r, uint64_t pmid)
{
    const coauth_record *rec;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st;
    while ((st = coauth_reader_next(r, &rec, &e)) == COAUTH_OK)
        if (rec->kind == COAUTH_RECORD_ARTICLE && rec->pmid == pmid)
            return rec;
    cr_assert_fail("PMID %llu not found (status %d: %s)", (unsigned long long)pmid, st, e.msg);
    return NULL;
}

static coauth_reader *open_real(const char *rel)
{
    const char *path = shared_data(rel);
    if (!path)
        cr_skip_test("../shared/data/%s is absent: skipped", rel);
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open(&r, path, &e), COAUTH_OK, "%s", e.msg);
    return r;
}

Test(reader, real_sample_records_field_by_field)
{
    /* Values read by hand from the XML (grep/zcat), not from the reader. */
    coauth_reader *r = open_real("pubmed/biopython/pubmed2.xml");
    const coauth_record *rec = next_ok(r);
    cr_expect_eq(rec->pmid, 11748933);
    cr_expect_eq(rec->version, 1);
    cr_expect_eq(rec->year, 2001);
    cr_expect_eq(rec->line, 4);
    cr_assert_eq(rec->n_authors, 8);
    expect_author(rec, 0, "Taddei, A R", false, 1);
    expect_aff(rec, 0, 0,
               "Dipartimento di Scienze Ambientali, Universit\xc3\xa0 degli Studi della Tuscia, "
               "01100 Viterbo, Italy.",
               NULL);
    static const char *names[] = {"Barbato, F", "Abelli, L",   "Canese, S", "Moretti, F",
                                  "Rana, K J",  "Fausto, A M", "Mazzini, M"};
    for (size_t i = 0; i < 7; i++)
        expect_author(rec, i + 1, names[i], false, 0);
    coauth_reader_free(r);

    /* MedlineDate "1993 Sep-Oct", indented multi-line file, record at line 848 */
    r = open_real("pubmed/julielab/pubmedsample18n0001.xml.gz");
    rec = find_pmid(r, 8219565);
    cr_expect_eq(rec->year, 1993);
    cr_expect_eq(rec->line, 848);
    cr_assert_eq(rec->n_authors, 4);
    expect_author(rec, 0, "Moore, B S", false, 1);
    expect_aff(rec, 0, 0, "Department of Radiology, University of California at San Diego 92103.",
               NULL);
    expect_author(rec, 1, "Valji, K", false, 0);
    expect_author(rec, 2, "Roberts, A C", false, 0);
    expect_author(rec, 3, "Bookstein, J J", false, 0);
    coauth_reader_free(r);

    /* GRID and ISNI identifiers; the author's ORCID Identifier is not an affiliation's */
    r = open_real("pubmed/pmparser/pubmed_sample_baseline_pubmed20n1015.4ab1502e.xml.gz");
    rec = find_pmid(r, 31824820);
    cr_expect_eq(rec->year, 2019);
    cr_assert_eq(rec->n_authors, 4);
    cr_expect_eq(rec->n_affiliations, 4);
    static const char *n2[] = {"Zhao, Yang", "Sun, Qing", "Wang, Shurong", "Huo, Bo"};
    for (size_t i = 0; i < 4; i++) {
        expect_author(rec, i, n2[i], false, 1);
        expect_aff(rec, i, 0,
                   "Biomechanics Lab, Department of Mechanics, School of Aerospace Engineering, "
                   "Beijing Institute of Technology, No. 5 South Zhongguancun Street, Beijing, "
                   "100081 People's Republic of China.",
                   "GRID:grid.43555.32 ISNI:0000 0000 8841 6246");
    }
    coauth_reader_free(r);

    /* ROR identifiers, two affiliations per author */
    r = open_real("pubmed/pmparser/pubmed_sample_updatefiles_pubmed26n1335.a6fbf3fb.xml.gz");
    rec = find_pmid(r, 41616354);
    cr_expect_eq(rec->year, 2026);
    cr_expect_eq(rec->n_authors, 11);
    cr_expect_eq(rec->n_affiliations, 17);
    expect_author(rec, 0, "Xu, Si-Bo", false, 2);
    expect_aff(rec, 0, 0,
               "Peking University, Institute of Space Physics and Applied Technology, Beijing, "
               "China.",
               "ROR:https://ror.org/02v51f717");
    expect_aff(rec, 0, 1,
               "National Space Science Center, State Key Laboratory of Solar Activity and Space "
               "Weather, Chinese Academy of Sciences, Beijing 100190, China.",
               "ROR:https://ror.org/02nnjtm50");
    coauth_reader_free(r);

    /* DeleteCitation of 7 PMIDs at the end of the fatcat sample */
    r = open_real("pubmed/fatcat/pubmedsample_2019.xml.gz");
    coauth_error e = COAUTH_ERROR_INIT;
    const coauth_record *last = NULL;
    while (coauth_reader_next(r, &rec, &e) == COAUTH_OK)
        last = rec;
    cr_assert_not_null(last);
    cr_assert_eq(last->kind, COAUTH_RECORD_DELETE);
    cr_assert_eq(last->n_deleted, 7);
    cr_expect_eq(last->deleted[0], 23203860);
    cr_expect_eq(last->deleted[6], 23203896);
    coauth_reader_free(r);

    /* the record without PMID: warned with its line (the PubmedArticle on line 5) */
    r = open_real("pubmed/fatcat/pubmedsample_no_pmid_2019.xml.gz");
    warn_calls = 0;
    coauth_reader_set_warn(r, on_warn, NULL);
    counts c;
    drain(r, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, 0);
    cr_expect_eq(warn_calls, 1);
    cr_expect(strstr(warn_last, "pubmedsample_no_pmid_2019.xml.gz' line 5: record without PMID "
                                "skipped") != NULL,
              "%s", warn_last);
    coauth_reader_free(r);
}

/* gzip through a pipe written one byte at a time: the magic is sniffed across reads
 * and inflate is fed tiny inputs. */
Test(reader, stdin_pipe_gzip_one_byte_writes)
{
    size_t len = 0;
    char *xml = fixture_bytes("pubmed_fields.xml", &len);
    size_t gl = 0;
    unsigned char *gz = gzip_bytes(xml, len, &gl);
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        for (size_t i = 0; i < gl; i++)
            if (write(fds[1], gz + i, 1) != 1)
                _exit(1);
        _exit(0);
    }
    close(fds[1]);
    cr_assert_geq(dup2(fds[0], 0), 0);
    close(fds[0]);
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open(&r, "-", &e), COAUTH_OK, "%s", e.msg);
    counts c;
    drain(r, &c);
    cr_expect_eq(c.status, COAUTH_EOF, "%s", c.msg);
    cr_expect_eq(c.articles, 5);
    cr_expect_eq(c.authors, 6);
    cr_expect_eq(c.deleted_pmids, 3);
    cr_expect_eq(coauth_reader_bytes_in(r), gl);
    coauth_reader_free(r);
    int ws = 0;
    waitpid(pid, &ws, 0);
    cr_expect(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
    free(gz);
    free(xml);
}

/* A single byte 0x1f (half a gzip magic) is plain, not-XML input. */
Test(reader, lone_gzip_magic_byte)
{
    counts c;
    count_mem("\x1f", 1, "one.bin", &c);
    cr_expect_eq(c.status, COAUTH_EFORMAT, "%s", c.msg);
    count_mem("\x1f\x8b", 2, "two.bin", &c);
    cr_expect_eq(c.status, COAUTH_EFORMAT, "%s", c.msg);
    cr_expect(strstr(c.msg, "truncated gzip") != NULL, "%s", c.msg);
}

/* ---- fuzz regressions and libxml2's global handlers ------------------------------ */

static int escaped;

static void count_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    escaped++;
}

#if LIBXML_VERSION >= 21200
static void count_structured(void *ctx, const xmlError *e)
#else
static void count_structured(void *ctx, xmlErrorPtr e)
#endif
{
    (void)ctx;
    (void)e;
    escaped++;
}

/* Every input in tests/data/fuzz-regressions is read to its end (no crash; ASan in
 * the sanitizer build), and no libxml2 message escapes to the caller's handlers
 * (which would print to stderr by default). */
Test(reader, fuzz_regressions_replay)
{
    xmlSetGenericErrorFunc(NULL, count_generic);
    xmlSetStructuredErrorFunc(NULL, count_structured);
    escaped = 0;
    char dirpath[4096];
    snprintf(dirpath, sizeof dirpath, "%s", test_data("fuzz-regressions"));
    DIR *d = opendir(dirpath);
    cr_assert_not_null(d, "cannot open %s", dirpath);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dirpath, de->d_name);
        size_t len = 0;
        char *data = read_file(path, &len);
        cr_assert_not_null(data, "%s", path);
        counts c;
        count_mem(data, len, de->d_name, &c);
        cr_expect(c.status == COAUTH_EOF || c.status < COAUTH_EOF);
        if (strncmp(de->d_name, "crash_", 6) == 0 || strncmp(de->d_name, "stderr_", 7) == 0 ||
            strncmp(de->d_name, "error_", 6) == 0)
            cr_expect_lt(c.status, COAUTH_EOF, "%s: %s", de->d_name, c.msg);
        free(data);
        n++;
    }
    closedir(d);
    cr_expect_geq(n, 2);
    cr_expect_eq(escaped, 0, "%d libxml2 messages reached the global handlers", escaped);
}

Test(reader, nothing_reaches_global_handlers_on_bad_input)
{
    xmlSetGenericErrorFunc(NULL, count_generic);
    xmlSetStructuredErrorFunc(NULL, count_structured);
    escaped = 0;
    static const char *bad[] = {"pubmed_bad_malformed.xml", "pubmed_bad_mismatch.xml",
                                "pubmed_bad_utf8.xml",      "pubmed_bad_nul.xml",
                                "pubmed_bad_notxml.xml",    "pubmed_bad_bomb.xml",
                                "pubmed_bad_xxe.xml",       "pubmed_bad_undeclared.xml"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        counts c;
        count_path(test_data(bad[i]), &c);
        cr_expect_lt(c.status, COAUTH_EOF, "%s", bad[i]);
    }
    cr_expect_eq(escaped, 0);
    /* the caller's handlers are still in place after the reader ran */
    cr_expect(xmlGenericError == count_generic);
}
