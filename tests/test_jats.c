/* test_jats.c - tests of the JATS reader (ingest/jats.c) and of structured countries
 * in the store: hand-written fixtures tests/data/jats_*.xml with expected values
 * written by hand, gzip made at run time, hostile inputs, and every JATS sample under
 * ../shared/data/jats against an independent ElementTree reading
 * (tests/xcheck_jats.py).
 *
 * Invariant: expected values never come from the reader itself.
 */
#include <coauth/coauth.h>
#include <coauth/reader.h>

#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "helpers/readutil.h"
#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

static void suite_init(void)
{
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_lib_init(&e), COAUTH_OK);
}

TestSuite(jats, .init = suite_init);

/* ---- a growing text buffer ------------------------------------------------------ */

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void text_add(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        cr_assert_not_null(t->p);
    }
    memcpy(t->p + t->len, s, n + 1);
    t->len += n;
}

static void text_addf(text *t, const char *fmt, ...) COAUTH_PRINTF(2, 3);
static void text_addf(text *t, const char *fmt, ...)
{
    char buf[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    text_add(t, buf);
}

/* ---- the dump xcheck_jats.py prints, from the reader ------------------------------ */

typedef struct dump_ctx {
    text *t;
    const char *name;
    size_t warnings;
    char last_warning[COAUTH_ERRMSG_MAX];
} dump_ctx;

static void dump_warn(void *ud, const char *msg)
{
    dump_ctx *c = ud;
    c->warnings++;
    snprintf(c->last_warning, sizeof c->last_warning, "%s", msg);
    if (strstr(msg, "skipped"))
        text_addf(c->t, "S\t%s\n", c->name);
}

static void key_of(const coauth_record *rec, char *out, size_t n)
{
    if (rec->pmid < COAUTH_KEY_PMC)
        snprintf(out, n, "pmid:%llu", (unsigned long long)rec->pmid);
    else if (rec->pmid < COAUTH_KEY_DOI)
        snprintf(out, n, "pmc:PMC%llu", (unsigned long long)(rec->pmid - COAUTH_KEY_PMC));
    else
        snprintf(out, n, "doi:%s", rec->doi ? rec->doi : "?");
}

static coauth_status dump_record(void *ud, const coauth_record *rec, coauth_error *err)
{
    (void)err;
    dump_ctx *c = ud;
    char key[512];
    key_of(rec, key, sizeof key);
    text_addf(c->t, "A\t%s\t%s\t%d\t%zu\n", c->name, key, (int)rec->year, rec->n_authors);
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *a = &rec->authors[i];
        text_addf(c->t, "U\t%s\t%zu\t%s\t%zu\n", c->name, i, a->name, a->n_affiliations);
        for (size_t k = 0; k < a->n_affiliations; k++) {
            const coauth_affiliation *f = &rec->affiliations[a->first_affiliation + k];
            text_addf(c->t, "F\t%s\t%zu\t%zu\t%s\t%s\n", c->name, i, k,
                      f->country ? f->country : "-", f->text);
        }
    }
    return COAUTH_OK;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Dump one file into t (an "E" line when the reader fails); returns the status. */
static coauth_status dump_file(text *t, const char *path, dump_ctx *out_ctx)
{
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    dump_ctx c = {t, base_name(path), 0, ""};
    size_t mark = t->len;
    coauth_status st = coauth_reader_open(&r, path, &e);
    if (!st) {
        coauth_reader_set_warn(r, dump_warn, &c);
        st = coauth_reader_each(r, dump_record, &c, &e);
    }
    coauth_reader_free(r);
    if (st) {
        t->len = mark;
        t->p[mark] = '\0';
        text_addf(t, "E\t%s\n", c.name);
    }
    if (out_ctx)
        *out_ctx = c;
    return st;
}

/* ---- hand-written fixtures -------------------------------------------------------- */

/* The records of a fixture, read with coauth_reader_next (the push parser). */
static coauth_reader *open_jats(const char *rel)
{
    return open_fixture(rel);
}

Test(jats, links_names_and_fields)
{
    coauth_reader *r = open_jats("jats_links.xml");
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->kind, COAUTH_RECORD_ARTICLE);
    cr_assert_eq(rec->source, COAUTH_SOURCE_JATS);
    cr_assert_eq(rec->pmid, 31000001);
    cr_assert_eq(rec->version, 1);
    cr_assert_eq(rec->year, 2010, "epub (2010) comes before ppub (2011): %d", rec->year);
    cr_assert_str_eq(rec->pmc, "PMC6000001");
    cr_assert_str_eq(rec->doi, "10.1000/test.1");
    cr_assert_str_eq(rec->title, "A case of links");
    cr_assert_str_eq(rec->journal_title, "Test Journal");
    cr_assert_str_eq(rec->journal_iso, "Test J.");
    cr_assert_eq(rec->n_issns, 2);
    cr_assert_str_eq(rec->issns[0].issn, "1111-2222");
    cr_assert_str_eq(rec->issns[0].type, "Print");
    cr_assert_str_eq(rec->issns[1].issn, "3333-4444");
    cr_assert_str_eq(rec->issns[1].type, "Electronic");
    cr_assert_eq(rec->n_languages, 1);
    cr_assert_str_eq(rec->languages[0], "eng");
    /* case-report: a journal article that is a case report, as PubMed types it */
    cr_assert_eq(rec->n_types, 2);
    cr_assert_str_eq(rec->types[0].name, "Journal Article");
    cr_assert_str_eq(rec->types[0].ui, "D016428");
    cr_assert_str_eq(rec->types[1].name, "Case Reports");
    cr_assert_str_eq(rec->types[1].ui, "D002363");

    /* four authors: the editor, the collab's members and the sub-article's
     * reviewer are none */
    cr_assert_eq(rec->n_authors, 4);
    const coauth_author *a = rec->authors;
    cr_assert_str_eq(a[0].name, "Silva, Ana");
    cr_assert_str_eq(a[0].last_name, "Silva");
    cr_assert_str_eq(a[0].fore_name, "Ana");
    cr_assert_str_eq(a[0].orcid, "0000-0002-1825-0097");
    cr_assert_eq(a[0].n_affiliations, 2, "rid=\"a1 a2\" names two affs");
    cr_assert_str_eq(a[1].name, "Okafor, Chidi");
    cr_assert_eq(a[1].n_affiliations, 1, "the same aff twice counts once");
    cr_assert_str_eq(a[2].name, "The Test Consortium");
    cr_assert(a[2].collective);
    cr_assert_eq(a[2].n_affiliations, 1);
    cr_assert_str_eq(a[3].name, "Lee, Min");
    cr_assert_eq(a[3].n_affiliations, 1, "the aff inside the contrib");

    const coauth_affiliation *f = &rec->affiliations[a[0].first_affiliation];
    cr_assert_str_eq(f[0].text,
                     "Departamento de Física, Universidade de São Paulo, São Paulo, Brasil");
    cr_assert_eq(f[0].len, strlen(f[0].text));
    cr_assert_str_eq(f[0].country, "BR");
    cr_assert_eq(f[0].n_identifiers, 1);
    cr_assert_str_eq(f[0].identifiers[0].source, "ROR");
    cr_assert_str_eq(f[0].identifiers[0].value, "https://ror.org/0abcdef12");
    /* eLife style: no separators in the source */
    cr_assert_str_eq(f[1].text, "Institut Pasteur, Paris, France");
    cr_assert_str_eq(f[1].country, "France");
    cr_assert_eq(f[1].n_identifiers, 0);
    f = &rec->affiliations[a[1].first_affiliation];
    cr_assert_str_eq(f[0].text, "Institut Pasteur, Paris, France");
    f = &rec->affiliations[a[2].first_affiliation];
    cr_assert_str_eq(f[0].text, "Department of Medicine, University of Lagos, Lagos, Nigeria");
    cr_assert_str_eq(f[0].country, "Nigeria");
    f = &rec->affiliations[a[3].first_affiliation];
    cr_assert_str_eq(f[0].text, "Seoul National University, Seoul, Republic of Korea");
    cr_assert_str_eq(f[0].country, "KR");
    cr_assert_eq(rec->n_affiliations, 5);
    expect_eof(r);
    coauth_reader_free(r);
}

Test(jats, affiliations_before_contribs_and_alternatives)
{
    coauth_reader *r = open_jats("jats_affs_before.xml");
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, COAUTH_KEY_PMC + 7000002, "no PMID: keyed by the PMC id");
    cr_assert_str_eq(rec->pmc, "PMC7000002");
    cr_assert_eq(rec->year, 2018, "print pub date (2018) before the collection (2019)");
    cr_assert_eq(rec->n_types, 1);
    cr_assert_str_eq(rec->types[0].name, "Review");
    cr_assert_str_eq(rec->journal_title, "Flat Title Journal");
    cr_assert_eq(rec->n_authors, 2);
    cr_assert_str_eq(rec->authors[0].name, "Berg, Eva");
    cr_assert_eq(rec->authors[0].n_affiliations, 1);
    const coauth_affiliation *f = &rec->affiliations[rec->authors[0].first_affiliation];
    cr_assert_str_eq(f->text, "Karolinska Institutet, Stockholm, Sweden");
    cr_assert_null(f->country);
    cr_assert_str_eq(rec->authors[1].name, "Rojas");
    cr_assert_eq(rec->authors[1].n_affiliations, 1, "an xref to no aff is ignored");
    f = &rec->affiliations[rec->authors[1].first_affiliation];
    cr_assert_str_eq(f->text, "Universidad de Chile, Santiago, Chile",
                     "the first aff of the aff-alternatives");
    cr_assert_str_eq(f->country, "CL", "the country attribute, upper-cased");
    expect_eof(r);
    coauth_reader_free(r);
}

Test(jats, single_unlinked_affiliation_and_doi_key)
{
    coauth_reader *r = open_jats("jats_lone_aff.xml");
    const coauth_record *rec = next_ok(r);
    /* 2^62 + 2^40 + FNV-1a-64("10.1000/test.3") mod 2^40, computed with Python */
    cr_assert_eq(rec->pmid, UINT64_C(4611687796228078641), "%llu", (unsigned long long)rec->pmid);
    cr_assert_str_eq(rec->doi, "10.1000/Test.3");
    cr_assert_eq(rec->year, 2017, "collection; a pmc-release date is any date's last");
    cr_assert_eq(rec->n_types, 1);
    cr_assert_str_eq(rec->types[0].name, "Letter");
    cr_assert_eq(rec->n_authors, 3);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_eq(rec->authors[i].n_affiliations, 1, "author %zu", i);
        cr_assert_str_eq(rec->affiliations[rec->authors[i].first_affiliation].text,
                         "Department of Physics, University of Toronto, Toronto, ON, Canada");
    }
    cr_assert_str_eq(rec->authors[2].name, "", "a string-name is no name we read");
    expect_eof(r);
    coauth_reader_free(r);
}

static size_t warnings;
static char warning[COAUTH_ERRMSG_MAX];

static void count_warning(void *ud, const char *msg)
{
    (void)ud;
    warnings++;
    snprintf(warning, sizeof warning, "%s", msg);
}

Test(jats, article_set_unlinked_affs_and_no_key)
{
    coauth_reader *r = open_jats("jats_set.xml");
    warnings = 0;
    coauth_reader_set_warn(r, count_warning, NULL);
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, 100);
    cr_assert_eq(rec->year, 2001);
    cr_assert_eq(rec->n_authors, 1);
    cr_assert_eq(rec->authors[0].n_affiliations, 0, "two unlinked affs belong to nobody");
    cr_assert_eq(rec->n_types, 1);
    cr_assert_str_eq(rec->types[0].name, "Editorial");
    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 101);
    cr_assert_eq(rec->n_types, 0, "no article-type: no publication type");
    cr_assert_eq(rec->year, 0);
    expect_eof(r);
    cr_assert_eq(warnings, 1);
    cr_assert(strstr(warning, "jats_set.xml' line 7: article without PMID, PMC id or DOI skipped"),
              "%s", warning);
    cr_assert_eq(coauth_reader_skipped(r), 1);
    coauth_reader_free(r);
}

Test(jats, unknown_article_type_kept_by_name)
{
    static const char doc[] = "<article article-type=\" book-review \"><front><article-meta>"
                              "<article-id pub-id-type=\"pmid\">7</article-id>"
                              "</article-meta></front></article>";
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open_mem(&r, doc, sizeof doc - 1, "m.xml", &e), COAUTH_OK);
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->n_types, 1);
    cr_assert_str_eq(rec->types[0].name, "book-review");
    cr_assert_null(rec->types[0].ui);
    expect_eof(r);
    coauth_reader_free(r);
}

/* A DOCTYPE's DTD is never loaded: the DTD written here would make the contrib an
 * author (an attribute default) and define an entity; neither happens. */
Test(jats, doctype_dtd_never_loaded)
{
    char *dir = make_tmpdir();
    char dtd[600], xml[600];
    snprintf(dtd, sizeof dtd, "%s/j.dtd", dir);
    snprintf(xml, sizeof xml, "%s/j.xml", dir);
    static const char dtd_text[] = "<!ATTLIST contrib contrib-type CDATA \"author\">\n";
    cr_assert_eq(write_file(dtd, dtd_text, sizeof dtd_text - 1), 0);
    char doc[2048];
    int n = snprintf(doc, sizeof doc,
                     "<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS (Z39.96) Journal Publishing "
                     "DTD v1.2 20190208//EN\" \"file://%s\">\n"
                     "<article><front><article-meta><article-id pub-id-type=\"pmid\">8</article-id>"
                     "<contrib-group><contrib><name><surname>A</surname></name></contrib>"
                     "</contrib-group></article-meta></front></article>\n",
                     dtd);
    cr_assert_eq(write_file(xml, doc, (size_t)n), 0);
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_reader_open(&r, xml, &e), COAUTH_OK);
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, 8);
    cr_assert_eq(rec->n_authors, 0, "the DTD's attribute default was applied: it was loaded");
    expect_eof(r);
    coauth_reader_free(r);
    remove_tmpdir(dir);
}

static void expect_error(const char *rel, coauth_status code, const char *what)
{
    coauth_reader *r = open_fixture(rel);
    const coauth_record *rec = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st;
    while ((st = coauth_reader_next(r, &rec, &e)) == COAUTH_OK)
        ;
    cr_assert_eq(st, code, "%s: %d %s", rel, st, e.msg);
    cr_assert(strstr(e.msg, rel), "%s", e.msg);
    cr_assert(strstr(e.msg, what), "%s", e.msg);
    cr_assert_null(strchr(e.msg, '\n'));
    coauth_reader_free(r);
}

Test(jats, hostile_inputs)
{
    expect_error("jats_bad_entity.xml", COAUTH_EFORMAT,
                 "line 3: entity declaration 'xxe' rejected (entities are never expanded)");
    expect_error("jats_bad_malformed.xml", COAUTH_EFORMAT, "line 3:");
    expect_error("jats_bad_root.xml", COAUTH_EFORMAT,
                 "not a PubMed/MEDLINE or JATS document (root element 'book')");
}

/* A .gz of a fixture, made with zlib: the same records. */
Test(jats, gzip_same_as_plain)
{
    char *dir = make_tmpdir();
    char gz[600];
    snprintf(gz, sizeof gz, "%s/links.nxml.gz", dir);
    size_t len = 0;
    char *plain = read_file(test_data("jats_links.xml"), &len);
    cr_assert_not_null(plain);
    gzFile g = gzopen(gz, "wb");
    cr_assert_not_null(g);
    cr_assert_eq(gzwrite(g, plain, (unsigned)len), (int)len);
    cr_assert_eq(gzclose(g), Z_OK);
    text a = {0}, b = {0};
    cr_assert_eq(dump_file(&a, test_data("jats_links.xml"), NULL), COAUTH_OK);
    cr_assert_eq(dump_file(&b, gz, NULL), COAUTH_OK);
    /* the file names differ; compare from the first tab of each line */
    cr_assert_gt(a.len, 100);
    char *pa = a.p, *pb = b.p;
    while (*pa && *pb) {
        char *ea = strchr(pa, '\n'), *eb = strchr(pb, '\n');
        cr_assert(ea && eb);
        const char *ta = strchr(strchr(pa, '\t') + 1, '\t'),
                   *tb = strchr(strchr(pb, '\t') + 1, '\t');
        cr_assert_eq(ea - ta, eb - tb);
        cr_assert_eq(memcmp(ta, tb, (size_t)(ea - ta)), 0);
        pa = ea + 1;
        pb = eb + 1;
    }
    cr_assert(!*pa && !*pb);
    free(a.p);
    free(b.p);
    free(plain);
    remove_tmpdir(dir);
}

/* ---- the independent reading ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .xml/.nxml below dir (sorted, recursive), appended to paths. */
static void collect(const char *dir, char ***paths, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, de->d_name);
        size_t l = strlen(de->d_name);
        DIR *sub = opendir(p);
        if (sub) {
            closedir(sub);
            collect(p, paths, n, cap);
            continue;
        }
        if ((l > 4 && strcmp(de->d_name + l - 4, ".xml") == 0) ||
            (l > 5 && strcmp(de->d_name + l - 5, ".nxml") == 0)) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                *paths = realloc(*paths, *cap * sizeof **paths);
                cr_assert_not_null(*paths);
            }
            (*paths)[(*n)++] = strdup(p);
        }
    }
    closedir(d);
}

/* xcheck_jats.py over paths vs the reader over paths; returns the number of articles. */
static size_t xcheck(char **paths, size_t n)
{
    qsort(paths, n, sizeof *paths, cmp_str);
    char *dir = make_tmpdir();
    char list[600], out[600];
    snprintf(list, sizeof list, "%s/files", dir);
    snprintf(out, sizeof out, "%s/expected", dir);
    text cmd = {0}, got = {0};
    FILE *lf = fopen(list, "w");
    cr_assert_not_null(lf);
    for (size_t i = 0; i < n; i++) {
        fprintf(lf, "%s\n", paths[i]);
        dump_file(&got, paths[i], NULL);
    }
    cr_assert_eq(fclose(lf), 0);
    const char *src = getenv("COAUTH_SOURCE_DIR");
    text_addf(&cmd, "xargs -d '\\n' /usr/bin/python3 '%s/tests/xcheck_jats.py' < '%s' > '%s'",
              src ? src : ".", list, out);
    cr_assert_eq(system(cmd.p), 0, "%s", cmd.p);
    char *expected = read_file(out, NULL);
    cr_assert_not_null(expected);
    /* first differing line, for the message */
    const char *pe = expected, *pg = got.p ? got.p : "";
    size_t line = 1;
    while (*pe && *pg) {
        const char *ee = strchr(pe, '\n'), *eg = strchr(pg, '\n');
        if (!ee || !eg || ee - pe != eg - pg || memcmp(pe, pg, (size_t)(ee - pe)) != 0)
            break;
        pe = ee + 1;
        pg = eg + 1;
        line++;
    }
    cr_assert(!*pe && !*pg, "line %zu differs:\n  expected: %.300s\n  reader:   %.300s", line, pe,
              pg);
    size_t articles = 0;
    for (const char *p = expected; *p; p = strchr(p, '\n') + 1) {
        articles += strncmp(p, "A\t", 2) == 0;
        if (!strchr(p, '\n'))
            break;
    }
    free(expected);
    free(cmd.p);
    free(got.p);
    remove_tmpdir(dir);
    return articles;
}

Test(jats, fixtures_match_independent_reading)
{
    char **paths = NULL;
    size_t n = 0;
    const char *names[] = {"jats_links.xml", "jats_affs_before.xml", "jats_lone_aff.xml",
                           "jats_set.xml",   "jats_bad_entity.xml",  "jats_bad_malformed.xml"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        paths = realloc(paths, (n + 1) * sizeof *paths);
        cr_assert_not_null(paths);
        paths[n++] = strdup(test_data(names[i]));
    }
    cr_assert_eq(xcheck(paths, n), 5);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

Test(jats, real_samples_match_independent_reading, .timeout = 600)
{
    const char *root = shared_data("jats");
    if (!root)
        cr_skip_test("../shared/data/jats is absent: the real-data test is skipped");
    char **paths = NULL;
    size_t n = 0, cap = 0;
    collect(root, &paths, &n, &cap);
    cr_assert_gt(n, 150, "%zu JATS files", n);
    size_t articles = xcheck(paths, n);
    cr_assert_gt(articles, 150, "%zu articles", articles);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* ---- structured countries in the store -------------------------------------------- */

Test(jats, structured_country_decides)
{
    char *dir = make_tmpdir();
    char db[600], dbopt[700];
    snprintf(db, sizeof db, "%s/t.db", dir);
    snprintf(dbopt, sizeof dbopt, "--db=%s", db);
    const char *argv[] = {"ingest", dbopt, test_data("jats_links.xml"),
                          test_data("jats_lone_aff.xml"), NULL};
    run_result rr;
    cr_assert_eq(run_cli(&rr, argv), 0);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    run_result_free(&rr);
    char *rows = sql_rows_at(db, "SELECT a.text, p.country, p.rule FROM affiliations a JOIN "
                                 "affiliation_parts p ON p.affiliation_id = a.id ORDER BY a.text");
    cr_assert_str_eq(rows,
                     "Departamento de Física, Universidade de São Paulo, São Paulo, Brasil|BR|"
                     "structured\n"
                     "Department of Medicine, University of Lagos, Lagos, Nigeria|NG|structured\n"
                     "Department of Physics, University of Toronto, Toronto, ON, Canada|CA|"
                     "country\n"
                     "Institut Pasteur, Paris, France|FR|structured\n"
                     "Seoul National University, Seoul, Republic of Korea|KR|structured\n");
    free(rows);
    /* the case report is research, the letter is not */
    /* reresolve re-applies the structured countries stored with the strings */
    rows = sql_rows_at(db, "SELECT text, country FROM affiliations WHERE country IS NOT NULL "
                           "ORDER BY text");
    cr_assert_str_eq(rows,
                     "Departamento de Física, Universidade de São Paulo, São Paulo, Brasil|BR\n"
                     "Department of Medicine, University of Lagos, Lagos, Nigeria|Nigeria\n"
                     "Institut Pasteur, Paris, France|France\n"
                     "Seoul National University, Seoul, Republic of Korea|KR\n");
    free(rows);
    const char *rr_argv[] = {"reresolve", "-q", dbopt, NULL};
    cr_assert_eq(run_cli(&rr, rr_argv), 0);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    run_result_free(&rr);
    rows = sql_rows_at(db, "SELECT count(*) FROM affiliation_parts WHERE rule = 'structured'");
    cr_assert_str_eq(rows, "4\n");
    free(rows);
    /* a JATS article with a PMID is kept under PMID + 2^61 (store.h) */
    rows = sql_rows_at(db, "SELECT pmid, research, source, hidden FROM papers ORDER BY pmid");
    cr_assert_str_eq(rows, "2305843009244693953|1|1|0\n4611687796228078641|0|1|0\n");
    free(rows);
    remove_tmpdir(dir);
}

/* ---- PMC Open Access bulk packages ------------------------------------------------ */

/* Build dir/NAME from fixtures: entries "PMC1/a.nxml" (jats_links.xml), "PMC1/fig.jpg"
 * (not XML), "PMC2/b.nxml" (jats_lone_aff.xml) and, when `bad`, "PMC2/c.nxml"
 * (jats_bad_malformed.xml); `gz`: tar czf, else tar cf. */
static void make_package(const char *dir, const char *name, bool bad, bool gz)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "set -e; cd '%s'; rm -rf pkg; mkdir -p pkg/PMC1 pkg/PMC2; "
             "cp '%s' pkg/PMC1/a.nxml; printf 'JFIF' > pkg/PMC1/fig.jpg; "
             "cp '%s' pkg/PMC2/b.nxml; %s%s%s cd pkg; tar c%sf '../%s' PMC1 PMC2",
             dir, test_data("jats_links.xml"), test_data("jats_lone_aff.xml"), bad ? "cp '" : "",
             bad ? test_data("jats_bad_malformed.xml") : "", bad ? "' pkg/PMC2/c.nxml;" : "",
             gz ? "z" : "", name);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static run_result ingest_one(const char *db, const char *file)
{
    char dbopt[700];
    snprintf(dbopt, sizeof dbopt, "--db=%s", db);
    const char *argv[] = {"ingest", dbopt, file, NULL};
    run_result rr;
    cr_assert_eq(run_cli(&rr, argv), 0);
    return rr;
}

Test(jats, package_is_one_file_of_its_jats_entries)
{
    char *dir = make_tmpdir();
    char pkg[600], tar[600], db[600];
    snprintf(pkg, sizeof pkg, "%s/oa_package.tar.gz", dir);
    snprintf(tar, sizeof tar, "%s/oa_package.tar", dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
    make_package(dir, "oa_package.tar.gz", false, true);
    run_result rr = ingest_one(db, pkg);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    cr_assert(strstr(rr.err, "1 file applied, 0 skipped, 0 failed; 2 records"), "%s", rr.err);
    run_result_free(&rr);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM files"), 1);
    char *rows = sql_rows_at(db, "SELECT pmid, n_authors FROM papers ORDER BY pmid");
    cr_assert_str_eq(rows, "2305843009244693953|4\n4611687796228078641|3\n");
    free(rows);
    /* the same package again: already applied */
    rr = ingest_one(db, pkg);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    cr_assert(strstr(rr.err, "0 files applied, 1 skipped"), "%s", rr.err);
    run_result_free(&rr);
    /* an uncompressed tar reads the same */
    make_package(dir, "oa_package.tar", false, false);
    remove(db);
    rr = ingest_one(db, tar);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    run_result_free(&rr);
    rows = sql_rows_at(db, "SELECT pmid, n_authors FROM papers ORDER BY pmid");
    cr_assert_str_eq(rows, "2305843009244693953|4\n4611687796228078641|3\n");
    free(rows);
    remove_tmpdir(dir);
}

Test(jats, package_with_a_bad_entry_stores_nothing)
{
    char *dir = make_tmpdir();
    char pkg[600], db[600], want[1400];
    snprintf(pkg, sizeof pkg, "%s/bad_package.tar.gz", dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
    make_package(dir, "bad_package.tar.gz", true, true);
    run_result rr = ingest_one(db, pkg);
    cr_assert_eq(rr.status, 1, "%s", rr.err);
    snprintf(want, sizeof want, "coauth ingest: '%s' entry 'PMC2/c.nxml' line 3: ", pkg);
    cr_assert(strncmp(rr.err, want, strlen(want)) == 0, "%s", rr.err);
    cr_assert_eq(count_lines(rr.err), 2, "the error and the summary: %s", rr.err);
    run_result_free(&rr);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM papers"), 0);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM files"), 0);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM affiliations"), 0);
    remove_tmpdir(dir);
}

Test(jats, package_without_jats_entries_fails)
{
    char *dir = make_tmpdir();
    char cmd[2048], pkg[600], db[600], want[1400];
    snprintf(pkg, sizeof pkg, "%s/empty.tar.gz", dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
    snprintf(cmd, sizeof cmd, "cd '%s' && printf x > fig.jpg && tar czf empty.tar.gz fig.jpg", dir);
    cr_assert_eq(system(cmd), 0);
    run_result rr = ingest_one(db, pkg);
    cr_assert_eq(rr.status, 1, "%s", rr.err);
    snprintf(want, sizeof want, "coauth ingest: '%s': package without any .nxml or .xml entry\n",
             pkg);
    cr_assert(strncmp(rr.err, want, strlen(want)) == 0, "%s", rr.err);
    run_result_free(&rr);
    remove_tmpdir(dir);
}

/* ---- one paper per PMID across sources (SPEC 2.2) --------------------------------- */

static const char pair_dump_sql[] =
    "SELECT pmid, source, hidden, authorships_from, n_authors, title FROM papers ORDER BY pmid;";
static const char pair_auth_sql[] =
    "SELECT a.pmid, a.position, a.seq, f.text FROM authorships a JOIN affiliations f ON "
    "f.id = a.affiliation_id ORDER BY 1, 2, 3";

/* Apply `files` (NULL-terminated; "P" is the PubMed file, "D" its deletion update, other
 * names fixtures) one run each into a fresh store; returns the papers and authorships
 * dumps joined (malloc'd) and fills *stats with `coauth stats`' output. */
static char *apply_in_order(const char *dir, const char *const *files, char **stats)
{
    char db[600], dbopt[700], pub[600], del[600];
    snprintf(db, sizeof db, "%s/pair.db", dir);
    snprintf(dbopt, sizeof dbopt, "--db=%s", db);
    /* NLM names: the deletion update comes after the record in NLM's sequence */
    snprintf(pub, sizeof pub, "%s/pubmed26n0001.xml", dir);
    snprintf(del, sizeof del, "%s/pubmed26n0002.xml", dir);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "rm -f '%s' '%s-wal' '%s-shm'; cp '%s' '%s'; cp '%s' '%s'", db, db,
             db, test_data("jats_pair_pubmed.xml"), pub, test_data("jats_pair_delete.xml"), del);
    cr_assert_eq(system(cmd), 0);
    for (size_t i = 0; files[i]; i++) {
        const char *path = strcmp(files[i], "P") == 0   ? pub
                           : strcmp(files[i], "D") == 0 ? del
                                                        : test_data(files[i]);
        const char *argv[] = {"ingest", dbopt, path, NULL};
        run_result rr;
        cr_assert_eq(run_cli(&rr, argv), 0);
        cr_assert_eq(rr.status, 0, "%s", rr.err);
        run_result_free(&rr);
    }
    const char *st[] = {"stats", dbopt, NULL};
    run_result rr;
    cr_assert_eq(run_cli(&rr, st), 0);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    *stats = strdup(rr.out);
    run_result_free(&rr);
    char *a = sql_rows_at(db, pair_dump_sql), *b = sql_rows_at(db, pair_auth_sql);
    text t = {0};
    text_add(&t, a);
    text_add(&t, "--\n");
    text_add(&t, b);
    free(a);
    free(b);
    return t.p;
}

Test(jats, two_sources_one_paper_in_any_order, .timeout = 120)
{
    char *dir = make_tmpdir();
    const char *const plain[][4] = {{"P", "jats_links.xml", "jats_set.xml", NULL},
                                    {"jats_links.xml", "jats_set.xml", "P", NULL},
                                    {"jats_set.xml", "P", "jats_links.xml", NULL}};
    /* by hand: PMID 31000001 names one author's affiliation in PubMed, four in JATS: the
     * JATS authorships (5 rows), PubMed's title; PMID 100: no affiliation in either, a
     * tie: PubMed's; PMID 101 is in JATS only; 2^61 = 2305843009213693952 */
    const char want_plain[] =
        "100|0|0|0|1|An editorial (PubMed).\n"
        "31000001|0|0|1|4|A case of links (PubMed).\n"
        "2305843009213694052|1|1|0|1|NULL\n"
        "2305843009213694053|1|0|0|0|NULL\n"
        "2305843009244693953|1|1|0|4|A case of links\n"
        "--\n"
        "31000001|1|1|Departamento de Física, Universidade de São Paulo, São Paulo, Brasil\n"
        "31000001|1|2|Institut Pasteur, Paris, France\n"
        "31000001|2|1|Institut Pasteur, Paris, France\n"
        "31000001|3|1|Department of Medicine, University of Lagos, Lagos, Nigeria\n"
        "31000001|4|1|Seoul National University, Seoul, Republic of Korea\n"
        "2305843009244693953|1|1|Universidade de Sao Paulo, Sao Paulo, Brazil.\n";
    for (size_t i = 0; i < 3; i++) {
        char *stats = NULL;
        char *got = apply_in_order(dir, plain[i], &stats);
        cr_assert_str_eq(got, want_plain, "order %zu", i);
        cr_assert(strstr(stats, "\npapers,3\n"), "%s", stats);
        cr_assert(strstr(stats, "\npapers_pubmed,2\npapers_jats,1\npapers_pubmed_and_jats,2\n"
                                "papers_authorships_from_jats,1\nauthorships,5\n"),
                  "%s", stats);
        free(got);
        free(stats);
    }
    /* the queries count 31000001 once, with the JATS authorships (by hand: Silva BR and
     * FR, Okafor FR, the consortium NG, Lee KR; a quarter per author, split over parts)
     * and PubMed's year (2011, JATS says 2010) */
    char dbopt[700];
    snprintf(dbopt, sizeof dbopt, "--db=%s/pair.db", dir);
    const char *intl[] = {"intl", dbopt, "--by", "country", "--types", "all", NULL};
    run_result rr;
    cr_assert_eq(run_cli(&rr, intl), 0);
    cr_assert_str_eq(rr.out, "country,papers,international_papers,international_share,"
                             "fractional_papers\nBR,1,1,1.000000,0.125000\nFR,1,1,1.000000,"
                             "0.375000\nKR,1,1,1.000000,0.250000\nNG,1,1,1.000000,0.250000\n");
    run_result_free(&rr);
    const char *pair[] = {"pair", "BR", "FR", dbopt, "--types", "all", NULL};
    cr_assert_eq(run_cli(&rr, pair), 0);
    cr_assert(strstr(rr.out, "\n2011,BR,FR,1,"), "%s", rr.out);
    run_result_free(&rr);
    /* PubMed deletes 31000001 (a later file in NLM's sequence): the JATS version is the
     * paper now, with its own authorships */
    const char *const deleted[][5] = {{"P", "jats_links.xml", "D", "jats_set.xml", NULL},
                                      {"D", "jats_links.xml", "jats_set.xml", "P", NULL},
                                      {"jats_links.xml", "D", "P", "jats_set.xml", NULL}};
    const char want_deleted[] =
        "100|0|0|0|1|An editorial (PubMed).\n"
        "2305843009213694052|1|1|0|1|NULL\n"
        "2305843009213694053|1|0|0|0|NULL\n"
        "2305843009244693953|1|0|0|4|A case of links\n"
        "--\n"
        "2305843009244693953|1|1|Departamento de Física, Universidade de São Paulo, São Paulo, "
        "Brasil\n"
        "2305843009244693953|1|2|Institut Pasteur, Paris, France\n"
        "2305843009244693953|2|1|Institut Pasteur, Paris, France\n"
        "2305843009244693953|3|1|Department of Medicine, University of Lagos, Lagos, Nigeria\n"
        "2305843009244693953|4|1|Seoul National University, Seoul, Republic of Korea\n";
    for (size_t i = 0; i < 3; i++) {
        char *stats = NULL;
        char *got = apply_in_order(dir, deleted[i], &stats);
        cr_assert_str_eq(got, want_deleted, "order %zu", i);
        cr_assert(strstr(stats, "\npapers,3\n"), "%s", stats);
        cr_assert(strstr(stats, "\npapers_pubmed,1\npapers_jats,2\npapers_pubmed_and_jats,1\n"
                                "papers_authorships_from_jats,0\nauthorships,5\n"),
                  "%s", stats);
        cr_assert(strstr(stats, "\ndeleted,1\n"), "%s", stats);
        free(got);
        free(stats);
    }
    remove_tmpdir(dir);
}

/* A store made by the previous schema (tests/data/store_v3.sql) gains the sources'
 * columns, all PubMed, and answers as before; JATS articles then join its papers. */
Test(jats, schema_3_store_migrates_to_4)
{
    char *dir = make_tmpdir();
    char db[600], dbopt[700];
    snprintf(db, sizeof db, "%s/v3.db", dir);
    snprintf(dbopt, sizeof dbopt, "--db=%s", db);
    char *sql = read_file(test_data("store_v3.sql"), NULL);
    cr_assert_not_null(sql);
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
    free(sql);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), 3);
    char *before = sql_rows_at(db, "SELECT * FROM paper_countries ORDER BY 1, 4");
    const char *m[] = {"migrate", "-d", db, NULL};
    run_result rr;
    cr_assert_eq(run_cli(&rr, m), 0);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    cr_assert(strstr(rr.err, "migrated from store schema 3 to 11"), "%s", rr.err);
    run_result_free(&rr);
    cr_assert_eq(sql_int_at(db, "PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    char *rows = sql_rows_at(db, "SELECT pmid, source, hidden, authorships_from FROM papers "
                                 "ORDER BY pmid");
    cr_assert_str_eq(rows, "3001|0|0|0\n3002|0|0|0\n3003|0|0|0\n");
    free(rows);
    char *after = sql_rows_at(db, "SELECT * FROM paper_countries ORDER BY 1, 4");
    cr_assert_str_eq(after, before);
    cr_assert_gt(strlen(after), 0);
    free(before);
    free(after);
    rows = sql_rows_at(db, "SELECT value FROM meta WHERE key = 'migrated_from_schema'");
    cr_assert_str_eq(rows, "3\n");
    free(rows);
    const char *st[] = {"stats", dbopt, NULL};
    cr_assert_eq(run_cli(&rr, st), 0);
    cr_assert(strstr(rr.out, "\npapers,3\n"), "%s", rr.out);
    cr_assert(strstr(rr.out, "\npapers_pubmed,3\npapers_jats,0\n"), "%s", rr.out);
    cr_assert(strstr(rr.out, "\nschema_version,11\n"), "%s", rr.out);
    run_result_free(&rr);
    const char *in[] = {"ingest", dbopt, test_data("jats_links.xml"), NULL};
    cr_assert_eq(run_cli(&rr, in), 0);
    cr_assert_eq(rr.status, 0, "%s", rr.err);
    run_result_free(&rr);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM papers WHERE source = 1 AND hidden = 0"), 1);
    remove_tmpdir(dir);
}
