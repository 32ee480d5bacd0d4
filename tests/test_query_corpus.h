/* test_query_corpus.h - build query test stores from papers written in a tiny
 * language, through the public store API (begin_file, put_record, commit_file).
 *
 * A paper is (pmid, year, authors): authors are separated by ' '; "0" is an author
 * without affiliation; an author's affiliation strings are separated by '+'; the parts
 * of one string by ';'; a part is "CC" (country only), "CC/Inst" (country and
 * institution), "-/Inst" (institution, no country) or "-" (unresolved).
 * Example: "US/Harvard+GB/Oxford 0 DE/MPG;DE/TUM".
 * Invariant: the affiliation text is the spec itself, so equal specs share one stored
 * string and its (equal) resolution.
 */
#ifndef COAUTH_TEST_QUERY_CORPUS_H
#define COAUTH_TEST_QUERY_CORPUS_H

#include <coauth/coauth.h>
#include <coauth/query.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

typedef struct corpus_paper {
    uint64_t pmid;
    int year; /* 0 = unknown */
    const char *authors;
} corpus_paper;

#define CORPUS_MAX 64

static void corpus_put(coauth_store *s, const corpus_paper *p)
{
    coauth_author authors[CORPUS_MAX];
    coauth_affiliation affs[CORPUS_MAX];
    coauth_resolution res[CORPUS_MAX];
    coauth_part parts[CORPUS_MAX][8];
    char texts[CORPUS_MAX][128];
    char insts[CORPUS_MAX][8][32];
    size_t na = 0, nf = 0;
    memset(authors, 0, sizeof authors);
    memset(affs, 0, sizeof affs);
    memset(res, 0, sizeof res);
    memset(parts, 0, sizeof parts);

    char buf[1024];
    snprintf(buf, sizeof buf, "%s", p->authors);
    char *save_a = NULL;
    for (char *au = strtok_r(buf, " ", &save_a); au; au = strtok_r(NULL, " ", &save_a)) {
        cr_assert(na < CORPUS_MAX);
        coauth_author *a = &authors[na++];
        a->name = "Author, A";
        a->first_affiliation = nf;
        if (strcmp(au, "0") == 0)
            continue;
        char *save_f = NULL;
        for (char *af = strtok_r(au, "+", &save_f); af; af = strtok_r(NULL, "+", &save_f)) {
            cr_assert(nf < CORPUS_MAX);
            size_t k = nf++;
            a->n_affiliations++;
            snprintf(texts[k], sizeof texts[k], "%s", af);
            affs[k].text = texts[k];
            affs[k].len = strlen(texts[k]);
            res[k].parts = parts[k];
            char pbuf[128];
            snprintf(pbuf, sizeof pbuf, "%s", af);
            char *save_p = NULL;
            for (char *pt = strtok_r(pbuf, ";", &save_p); pt; pt = strtok_r(NULL, ";", &save_p)) {
                size_t j = res[k].n_parts++;
                cr_assert(j < 8);
                coauth_part *q = &parts[k][j];
                q->rule = "test";
                if (pt[0] != '-') {
                    q->country[0] = pt[0];
                    q->country[1] = pt[1];
                    q->country[2] = '\0';
                } else {
                    q->rule = "none";
                }
                char *slash = strchr(pt, '/');
                if (slash) {
                    snprintf(insts[k][j], sizeof insts[k][j], "%s", slash + 1);
                    q->institution = insts[k][j];
                }
            }
        }
    }
    coauth_record rec;
    memset(&rec, 0, sizeof rec);
    rec.kind = COAUTH_RECORD_ARTICLE;
    rec.pmid = p->pmid;
    rec.version = 1;
    rec.year = p->year;
    rec.n_authors = na;
    rec.authors = authors;
    rec.n_affiliations = nf;
    rec.affiliations = affs;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_put_record(s, &rec, res, &err), COAUTH_OK, "%s", err.msg);
}

/* Create the store at `path` holding `papers` (one input file). */
static void corpus_build(const char *path, const corpus_paper *papers, size_t n)
{
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store *s = NULL;
    cr_assert_eq(coauth_store_open(&s, path, 0, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++)
        corpus_put(s, &papers[i]);
    coauth_file_info info = {"corpus.xml", 1, "0", n, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info, &err), COAUTH_OK, "%s", err.msg);
    coauth_store_free(s);
}

static coauth_store *corpus_open(const char *path)
{
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store *s = NULL;
    cr_assert_eq(coauth_store_open(&s, path, COAUTH_STORE_READONLY, &err), COAUTH_OK, "%s",
                 err.msg);
    return s;
}

#endif
