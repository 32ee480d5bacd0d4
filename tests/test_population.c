/* test_population.c - the `research` class of SPEC 5.1 (coauth_research_paper) on
 * hand-written publication-type lists; each expectation is read off SPEC 5.1.
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(population, .init = suite_init);

#define N(a) (sizeof(a) / sizeof((a)[0]))

Test(population, no_types_at_all_is_research)
{
    cr_assert(coauth_research_paper(NULL, 0));
}

Test(population, journal_article_or_review_is_research)
{
    const coauth_pubtype ja[] = {{"D016428", "Journal Article"}};
    const coauth_pubtype rev[] = {{"D016454", "Review"}};
    const coauth_pubtype mixed[] = {{"D016428", "Journal Article"},
                                    {"D013485", "Research Support, Non-U.S. Gov't"},
                                    {"D016449", "Randomized Controlled Trial"}};
    cr_assert(coauth_research_paper(ja, N(ja)));
    cr_assert(coauth_research_paper(rev, N(rev)));
    cr_assert(coauth_research_paper(mixed, N(mixed)));
}

Test(population, types_without_article_or_review_are_not_research)
{
    const coauth_pubtype cr[] = {{"D002363", "Case Reports"}};
    const coauth_pubtype rct[] = {{"D016449", "Randomized Controlled Trial"},
                                  {"D016448", "Multicenter Study"}};
    cr_assert_not(coauth_research_paper(cr, N(cr)));
    cr_assert_not(coauth_research_paper(rct, N(rct)));
}

Test(population, every_excluded_type_excludes_a_journal_article)
{
    static const char *const names[] = {
        "Letter",
        "Editorial",
        "Comment",
        "News",
        "Newspaper Article",
        "Published Erratum",
        "Retraction of Publication",
        "Retracted Publication",
        "Expression of Concern",
        "Biography",
        "Autobiography",
        "Portrait",
        "Interview",
        "Lecture",
        "Address",
        "Congress",
        "Preprint",
        "Retraction Notice", /* NLM's newer name of Retraction of Publication (D016440) */
    };
    for (size_t i = 0; i < N(names); i++) {
        /* by name alone (no UI), before and after the Journal Article */
        const coauth_pubtype after[] = {{"D016428", "Journal Article"}, {NULL, names[i]}};
        const coauth_pubtype before[] = {{NULL, names[i]}, {"D016428", "Journal Article"}};
        cr_assert_not(coauth_research_paper(after, 2), "%s", names[i]);
        cr_assert_not(coauth_research_paper(before, 2), "%s", names[i]);
        /* alone it is no research paper either */
        cr_assert_not(coauth_research_paper(before, 1), "%s", names[i]);
    }
}

Test(population, names_match_case_insensitively_and_whole)
{
    const coauth_pubtype lower[] = {{NULL, "journal article"}};
    const coauth_pubtype upper[] = {{NULL, "REVIEW"}, {NULL, "LETTER"}};
    const coauth_pubtype part[] = {{NULL, "Journal Article"}, {NULL, "Letters"}};
    const coauth_pubtype prefix[] = {{NULL, "Journal"}};
    const coauth_pubtype sys[] = {{"D000078182", "Systematic Review"}};
    cr_assert(coauth_research_paper(lower, N(lower)));
    cr_assert_not(coauth_research_paper(upper, N(upper)), "LETTER excludes");
    cr_assert(coauth_research_paper(part, N(part)), "'Letters' is not 'Letter'");
    cr_assert_not(coauth_research_paper(prefix, N(prefix)));
    cr_assert_not(coauth_research_paper(sys, N(sys)), "'Systematic Review' is not 'Review'");
}

Test(population, uis_match_when_names_differ_or_are_missing)
{
    /* MeSH's own headings of these descriptors are plural ("Congresses", "Lectures") */
    const coauth_pubtype congresses[] = {{"D016428", "Journal Article"}, {"D016423", "Congresses"}};
    const coauth_pubtype lectures[] = {{"D016428", "Journal Article"}, {"D019531", "Lectures"}};
    const coauth_pubtype ui_only[] = {{"D016454", NULL}};
    const coauth_pubtype letter_ui[] = {{"D016428", NULL}, {"D016422", NULL}};
    const coauth_pubtype preprint_ui[] = {{"D016428", "Journal Article"}, {"D000076942", "x"}};
    const coauth_pubtype concern_ui[] = {{"D016454", "Review"}, {"D000075742", NULL}};
    const coauth_pubtype empty[] = {{NULL, NULL}};
    cr_assert_not(coauth_research_paper(congresses, N(congresses)));
    cr_assert_not(coauth_research_paper(lectures, N(lectures)));
    cr_assert(coauth_research_paper(ui_only, N(ui_only)));
    cr_assert_not(coauth_research_paper(letter_ui, N(letter_ui)));
    cr_assert_not(coauth_research_paper(preprint_ui, N(preprint_ui)));
    cr_assert_not(coauth_research_paper(concern_ui, N(concern_ui)));
    cr_assert_not(coauth_research_paper(empty, N(empty)), "a type, though an empty one");
}
