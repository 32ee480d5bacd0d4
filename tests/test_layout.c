/* test_layout.c - the reader on the older PubMed layouts (Article/Affiliation before
 * 2013, Author/Affiliation in 2013, MedlineCitationSet roots, MedlineDate) and on
 * every paper metadata field of SPEC 2.1.
 *
 * Expected values are read off the hand-written fixtures in tests/data by eye (each
 * fixture says what it holds). test_ingest compares the stored result of these
 * fixtures, and of the real samples, with tests/xcheck_ingest.py's reading.
 */
#include <coauth/coauth.h>
#include <coauth/reader.h>

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/readutil.h"
#include "helpers/testutil.h"

static void suite_init(void)
{
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_lib_init(&e), COAUTH_OK);
}

TestSuite(layout, .init = suite_init);

static void expect_str_(const char *got, const char *want, const char *what, int line)
{
    bool same = want ? got && strcmp(got, want) == 0 : got == NULL;
    cr_expect(same, "line %d: %s is '%s', expected '%s'", line, what, got ? got : "(null)",
              want ? want : "(null)");
}
#define expect_str(got, want) expect_str_((got), (want), #got, __LINE__)

/* Author i has exactly the affiliation strings given (NULL-terminated list). */
static void expect_affs(const coauth_record *rec, size_t i, const char *const *texts)
{
    cr_assert_lt(i, rec->n_authors);
    const coauth_author *a = &rec->authors[i];
    size_t n = 0;
    while (texts[n])
        n++;
    cr_assert_eq(a->n_affiliations, n, "PMID %llu author %zu: %zu affiliations, expected %zu",
                 (unsigned long long)rec->pmid, i, a->n_affiliations, n);
    for (size_t k = 0; k < n; k++) {
        const coauth_affiliation *f = &rec->affiliations[a->first_affiliation + k];
        cr_expect_str_eq(f->text, texts[k], "PMID %llu author %zu affiliation %zu",
                         (unsigned long long)rec->pmid, i, k);
        cr_expect_eq(f->len, strlen(texts[k]));
    }
}

static const char *const NONE[] = {NULL};
static const char *const TOKYO[] = {"Department of Physics, University of Tokyo, Tokyo, Japan.",
                                    NULL};
static const char *const PASTEUR[] = {"Institut Pasteur, Paris, France.", NULL};
static const char *const STANFORD[] = {
    "Department of Chemistry, Stanford University, Stanford, CA 94305, USA.", NULL};
static const char *const TUBINGEN[] = {"Max Planck Institute for Biology, Tubingen, Germany.",
                                       NULL};

Test(layout, article_affiliation_is_the_first_authors)
{
    coauth_reader *r = open_fixture("pubmed_layout_2012.xml");
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9000001);
    cr_expect_eq(rec->year, 2011, "MedlineDate '2011 Nov-Dec'");
    cr_assert_eq(rec->n_authors, 2);
    cr_expect_eq(rec->n_affiliations, 1);
    expect_affs(rec, 0, TOKYO);
    expect_affs(rec, 1, NONE);
    cr_expect_eq(rec->aff_layout, COAUTH_AFF_ARTICLE);
    expect_str(rec->authors[0].last_name, "Sato");
    expect_str(rec->authors[0].initials, "H");
    expect_str(rec->nlm_id, "9999001");

    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9000002);
    cr_expect_eq(rec->year, 2010);
    expect_affs(rec, 0, PASTEUR); /* white space trimmed and collapsed */
    cr_expect_eq(rec->aff_layout, COAUTH_AFF_ARTICLE);
    cr_assert_eq(rec->n_types, 1);
    expect_str(rec->types[0].name, "Letter");
    expect_str(rec->types[0].ui, NULL);
    cr_assert_eq(rec->n_languages, 1);
    expect_str(rec->languages[0], "fre");

    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9000003);
    cr_expect_eq(rec->year, 2009, "MedlineDate 'Winter 2009-2010'");
    cr_expect_eq(rec->n_affiliations, 0);
    cr_expect_eq(rec->aff_layout, 0);

    rec = next_ok(r); /* an affiliation and no author to give it to */
    cr_assert_eq(rec->pmid, 9000004);
    cr_expect_eq(rec->n_authors, 0);
    cr_expect_eq(rec->n_affiliations, 0);
    cr_expect_eq(rec->aff_layout, 0);

    rec = next_ok(r); /* DeleteCitation inside MedlineCitationSet */
    cr_assert_eq(rec->kind, COAUTH_RECORD_DELETE);
    cr_assert_eq(rec->n_deleted, 1);
    cr_expect_eq(rec->deleted[0], 9000005);
    expect_eof(r);
    coauth_reader_free(r);
}

Test(layout, author_affiliation_2013)
{
    coauth_reader *r = open_fixture("pubmed_layout_2013.xml");
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9100001);
    cr_assert_eq(rec->n_authors, 3);
    expect_affs(rec, 0, STANFORD);
    expect_affs(rec, 1, TUBINGEN);
    expect_affs(rec, 2, NONE);
    cr_expect_eq(rec->aff_layout, COAUTH_AFF_AUTHOR);
    cr_assert_eq(rec->n_types, 1);
    expect_str(rec->types[0].ui, "D016428");

    /* the same author with both elements: AffiliationInfo wins */
    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9100002);
    cr_assert_eq(rec->n_authors, 1);
    expect_affs(rec, 0, PASTEUR);
    cr_expect_eq(rec->n_affiliations, 1);
    cr_expect_eq(rec->aff_layout, 0);
    expect_eof(r);
    coauth_reader_free(r);
}

Test(layout, affiliation_info_wins_over_article_affiliation)
{
    coauth_reader *r = open_fixture("pubmed_layout_both.xml");
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9200001);
    cr_expect_eq(rec->n_affiliations, 2, "the repeated string is not counted twice");
    expect_affs(rec, 0, TOKYO);
    expect_affs(rec, 1, PASTEUR);
    cr_expect_eq(rec->aff_layout, 0);

    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9200002);
    cr_expect_eq(rec->n_affiliations, 1);
    expect_affs(rec, 0, TUBINGEN);
    cr_expect_eq(rec->aff_layout, 0);

    /* the first author has none of their own: Article/Affiliation is theirs */
    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9200003);
    cr_expect_eq(rec->n_affiliations, 2);
    expect_affs(rec, 0, TOKYO);
    expect_affs(rec, 1, STANFORD);
    cr_expect_eq(rec->aff_layout, COAUTH_AFF_ARTICLE);
    expect_eof(r);
    coauth_reader_free(r);
}

Test(layout, every_metadata_field)
{
    coauth_reader *r = open_fixture("pubmed_metadata.xml");
    const coauth_record *rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9300001);
    cr_expect_eq(rec->version, 2);
    expect_str(rec->title, "Tumours of Mus musculus in space.");
    expect_str(rec->doi, "10.9999/aid.1"); /* ArticleIdList before ELocationID */
    expect_str(rec->pmc, "PMC1000001");
    expect_str(rec->nlm_id, "9999001");
    expect_str(rec->journal_iso, "J Hand Fixt");
    expect_str(rec->journal_title, "Journal of Hand-Written Fixtures");
    cr_assert_eq(rec->n_issns, 3);
    expect_str(rec->issns[0].issn, "0000-0019");
    expect_str(rec->issns[0].type, "Print");
    expect_str(rec->issns[1].issn, "0000-0027");
    expect_str(rec->issns[1].type, "Electronic");
    expect_str(rec->issns[2].issn, "0000-0019");
    expect_str(rec->issns[2].type, "Linking");
    cr_assert_eq(rec->n_types, 2);
    expect_str(rec->types[0].ui, "D016428");
    expect_str(rec->types[0].name, "Journal Article");
    expect_str(rec->types[1].ui, "D052061");
    expect_str(rec->types[1].name, "Research Support, N.I.H., Extramural");
    cr_assert_eq(rec->n_languages, 2);
    expect_str(rec->languages[0], "eng");
    expect_str(rec->languages[1], "fre");
    cr_assert_eq(rec->n_mesh, 3);
    expect_str(rec->mesh[0].ui, "D009369");
    expect_str(rec->mesh[0].name, "Neoplasms");
    cr_expect(rec->mesh[0].major, "a major qualifier makes the descriptor major");
    expect_str(rec->mesh[1].ui, "D006801");
    cr_expect(!rec->mesh[1].major);
    expect_str(rec->mesh[2].name, "Space Flight");
    cr_expect(rec->mesh[2].major);
    cr_assert_eq(rec->n_grants, 2);
    expect_str(rec->grants[0].agency, "NCI NIH HHS");
    expect_str(rec->grants[0].country, "United States");
    expect_str(rec->grants[0].id, "R01 CA000001");
    expect_str(rec->grants[1].agency, "Wellcome Trust");
    expect_str(rec->grants[1].country, "United Kingdom");
    expect_str(rec->grants[1].id, NULL);

    cr_assert_eq(rec->n_authors, 4);
    const coauth_author *a = rec->authors;
    expect_str(a[0].name, "Lee, Min-Jun");
    expect_str(a[0].last_name, "Lee");
    expect_str(a[0].fore_name, "Min-Jun");
    expect_str(a[0].initials, "MJ");
    expect_str(a[0].collective_name, NULL);
    expect_str(a[0].orcid, "0000-0002-1825-009X");
    expect_str(a[1].name, "Garcia");
    expect_str(a[1].fore_name, NULL);
    expect_str(a[1].initials, "A");
    expect_str(a[1].orcid, "0000-0002-1825-0097");
    expect_str(a[2].orcid, NULL); /* "12345" is no ORCID iD */
    expect_str(a[3].name, "The Fixture Consortium");
    cr_expect(a[3].collective);
    expect_str(a[3].collective_name, "The Fixture Consortium");
    expect_str(a[3].last_name, NULL);

    /* affiliations and their identifiers as (source, value) pairs; the blank
     * Affiliation and its identifier are dropped */
    cr_assert_eq(rec->n_affiliations, 2);
    const coauth_affiliation *f = rec->affiliations;
    cr_expect_eq(a[0].n_affiliations, 1);
    expect_str(f[0].text, STANFORD[0]);
    cr_assert_eq(f[0].n_identifiers, 2);
    expect_str(f[0].identifiers[0].source, "ROR");
    expect_str(f[0].identifiers[0].value, "https://ror.org/00f54p054");
    expect_str(f[0].identifiers[1].source, "GRID");
    expect_str(f[0].identifiers[1].value, "grid.168010.e");
    expect_str(joined_identifiers(&f[0]), "ROR:https://ror.org/00f54p054 GRID:grid.168010.e");
    cr_assert_eq(f[1].n_identifiers, 1);
    expect_str(f[1].identifiers[0].source, "");
    expect_str(f[1].identifiers[0].value, "no-source");
    cr_expect_eq(rec->aff_layout, 0);

    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9300002);
    expect_str(rec->doi, "10.9999/eloc.2");
    expect_str(rec->pmc, NULL);
    cr_expect_eq(rec->n_types, 0);
    cr_expect_eq(rec->n_issns, 0);
    cr_expect_null(rec->types);

    rec = next_ok(r);
    cr_assert_eq(rec->pmid, 9300003);
    cr_expect_eq(rec->year, 2019);
    expect_str(rec->title, "A Book of Fixtures");
    expect_str(rec->doi, "10.9999/book.3");
    cr_assert_eq(rec->n_types, 1);
    expect_str(rec->types[0].name, "Review");
    cr_assert_eq(rec->n_languages, 1);
    expect_str(rec->languages[0], "eng");
    expect_eof(r);
    coauth_reader_free(r);
}
