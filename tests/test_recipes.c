/* test_recipes.c - the scripts of docs/workflows.md (a PubMed query subset fetched with
 * the E-utilities; the daily update job for cron) run end to end on the real PubMed
 * samples, by tests/recipes.sh, which takes them out of the page itself.
 *
 * Expected values come from the samples (PMIDs and deletions counted by Python) and
 * from comparing two stores made in different orders, never from coauth's output.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "helpers/testutil.h"

TestSuite(recipes);

Test(recipes, query_subset_and_cron_job_on_the_real_samples)
{
    const char *shared = shared_data("pubmed");
    if (!shared)
        cr_skip_test("../shared/data is absent: the recipes' real samples are skipped");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "bash '%s/tests/recipes.sh' '%s' '%s' '%s' 2>&1",
             getenv("COAUTH_SOURCE_DIR"), getenv("COAUTH_CLI"), getenv("COAUTH_SOURCE_DIR"),
             getenv("COAUTH_SHARED_DATA"));
    FILE *p = popen(cmd, "r");
    cr_assert(p != NULL);
    char out[16384];
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    cr_assert(WIFEXITED(st), "%s", out);
    if (WEXITSTATUS(st) == 77)
        cr_skip_test("%s/pubmed is absent: the recipes' real samples are skipped", shared);
    cr_assert_eq(WEXITSTATUS(st), 0, "tests/recipes.sh: %s", out);
    cr_assert_eq(count_lines(out), 3, "three checks, one line each: %s", out);
}
