/* test_cli.c - the executable's contract: help, version, exit codes, stdout errors.
 *
 * The expected option lists below are written from SPEC section 6, not from the
 * help texts, so a help text that drops an option fails here.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "helpers/testutil.h"

TestSuite(cli);

struct cmd_opts {
    char name[16];
    char opts[12][32];
};

static const struct cmd_opts expected[] = {
    {"ingest", {"-d", "-j", "--force", "--fail-fast", "--progress", "--quiet"}},
    {"resolve", {"--thesaurus", "--ror"}},
    {"reresolve", {"-d", "--thesaurus"}},
    {"stats", {"-d", "-o"}},
    {"migrate", {"-d"}},
    {"intl", {"-d", "--by", "--country", "--years", "--counting", "--fold-hk-mo", "-o"}},
    {"pair", {"-d", "--by", "--years", "--counting", "--fold-hk-mo", "-o"}},
    {"network",
     {"-d", "--level", "--min-weight", "--format", "--years", "--counting", "--fold-hk-mo", "-o"}},
    {"centrality",
     {"-d", "--level", "--sort", "--top", "--years", "--counting", "--fold-hk-mo", "-o"}},
    {"plot",
     {"trend", "network", "-d", "--country", "--pair", "--level", "--top", "--color", "--years",
      "--counting", "-o"}},
    {"ror", {"import", "-d", "--quiet"}},
};

Test(cli, every_subcommand_help_lists_its_options)
{
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const char *argv[] = {expected[i].name, "--help", NULL};
        run_result r;
        cr_assert_eq(run_cli(&r, argv), 0);
        cr_assert_eq(r.status, 0, "%s --help exit %d", expected[i].name, r.status);
        cr_assert(strstr(r.out, "usage: coauth ") != NULL, "%s", expected[i].name);
        cr_assert_eq(r.err_len, 0, "%s --help wrote to stderr: %s", expected[i].name, r.err);
        for (size_t j = 0; expected[i].opts[j][0]; j++)
            cr_assert(strstr(r.out, expected[i].opts[j]) != NULL, "%s --help lacks %s",
                      expected[i].name, expected[i].opts[j]);
        run_result_free(&r);

        /* `coauth help CMD` is the same text */
        const char *argv2[] = {"help", expected[i].name, NULL};
        run_result r2;
        cr_assert_eq(run_cli(&r2, argv2), 0);
        cr_assert_eq(r2.status, 0);
        cr_assert(strstr(r2.out, "usage: coauth ") != NULL);
        run_result_free(&r2);
    }
}

Test(cli, top_level_help_lists_every_command)
{
    const char *argv[] = {"--help", NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0);
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        cr_assert(strstr(r.out, expected[i].name) != NULL, "%s", expected[i].name);
    run_result_free(&r);
}

Test(cli, version_names_all_libraries)
{
    const char *argv[] = {"--version", NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 0);
    cr_assert(strncmp(r.out, "coauth ", 7) == 0, "%s", r.out);
    cr_assert(strstr(r.out, "\nzlib 1.") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nlibxml2 2.") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nigraph 0.10") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nSQLite 3.") != NULL, "%s", r.out);
    run_result_free(&r);
}

static void expect_usage_error(const char *const *argv, const char *needle)
{
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 2, "exit %d, stderr: %s", r.status, r.err);
    cr_assert_eq(r.out_len, 0, "usage error wrote to stdout: %s", r.out);
    cr_assert_eq(count_lines(r.err), 1, "not one line: %s", r.err);
    cr_assert(strncmp(r.err, "coauth", 6) == 0, "%s", r.err);
    cr_assert(strstr(r.err, needle) != NULL, "'%s' not in: %s", needle, r.err);
    run_result_free(&r);
}

Test(cli, usage_errors_exit_2_with_one_line)
{
    const char *a1[] = {"frobnicate", NULL};
    expect_usage_error(a1, "unknown command 'frobnicate'");
    const char *a2[] = {"--frob", NULL};
    expect_usage_error(a2, "unknown option '--frob'");
    const char *a3[] = {"help", "nope", NULL};
    expect_usage_error(a3, "unknown command 'nope'");
}

Test(cli, no_arguments_is_usage_error)
{
    const char *argv[] = {NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 2);
    cr_assert_eq(r.out_len, 0);
    cr_assert(strstr(r.err, "usage: coauth") != NULL);
    run_result_free(&r);
}

Test(cli, unwritable_stdout_exits_1)
{
    const char *argv[] = {"--help", NULL};
    run_result r;
    cr_assert_eq(run_cli_ex(&r, NULL, "/dev/full", NULL, argv), 0);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    cr_assert(strstr(r.err, "No space left on device") != NULL, "%s", r.err);
    run_result_free(&r);

    const char *argv2[] = {"--version", NULL};
    cr_assert_eq(run_cli_ex(&r, NULL, "/dev/full", NULL, argv2), 0);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    run_result_free(&r);
}

/* A command that reports its own write error gets exactly one line, not a second
 * one from main's final flush. */
Test(cli, unwritable_stdout_one_error_line)
{
    char *dir = make_tmpdir();
    cr_assert_not_null(dir);
    char in[600];
    snprintf(in, sizeof in, "%s/in.txt", dir);
    FILE *f = fopen(in, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 5000; i++)
        fprintf(f, "Department %d, University of Oslo, Oslo, Norway\n", i);
    cr_assert_eq(fclose(f), 0);
    const char *argv[] = {"resolve", NULL};
    run_result r;
    cr_assert_eq(run_cli_ex(&r, in, "/dev/full", NULL, argv), 0);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "No space left on device") != NULL, "%s", r.err);
    run_result_free(&r);
    remove_tmpdir(dir);
}

/* reresolve on a path with no store fails and creates nothing (like the queries). */
Test(cli, reresolve_needs_an_existing_store)
{
    char *dir = make_tmpdir();
    cr_assert_not_null(dir);
    char db[600], opt[700];
    snprintf(db, sizeof db, "%s/none.db", dir);
    snprintf(opt, sizeof opt, "--db=%s", db);
    const char *argv[] = {"reresolve", opt, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, argv), 0);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "none.db") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(access(db, F_OK), -1, "reresolve created %s", db);
    remove_tmpdir(dir);
}

/* A UTF-8 byte order mark on the first line of resolve's input is not text: the
 * institution is the same as without it. */
Test(cli, resolve_ignores_a_byte_order_mark)
{
    char *dir = make_tmpdir();
    cr_assert_not_null(dir);
    char in[600];
    snprintf(in, sizeof in, "%s/in.txt", dir);
    static const char text[] = "\xEF\xBB\xBFInstitut Pasteur, Paris, France.\n";
    cr_assert_eq(write_file(in, text, sizeof text - 1), 0);
    const char *argv[] = {"resolve", NULL};
    run_result r;
    cr_assert_eq(run_cli_ex(&r, in, NULL, NULL, argv), 0);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "line,part,country,institution,rule\n"
                            "1,1,FR,institut pasteur,country\n");
    run_result_free(&r);
    remove_tmpdir(dir);
}
