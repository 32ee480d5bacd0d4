/* query_opts.c - the options every query command takes (SPEC 5 and 5.1), declared
 * once: their getopt entries, their --help lines, and what they set.
 *
 * Invariant: a query command's own options come first in its getopt table; the
 * common ones follow with values CLI_QOPT_BASE + i, so any command that calls
 * cli_query_longopts accepts and documents the same set (git's parse-options OPT_*
 * arrays, samtools' SAM_OPT_GLOBAL_OPTIONS).
 */
#include "cli.h"

#include <coauth/query.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const struct qopt {
    const char *name;
    int has_arg;
    const char *arg;  /* value placeholder in --help, NULL for a flag */
    const char *help; /* lines after the first start with "\n" */
} qopts[] = {
    {"years", required_argument, "A-B",
     "only papers published in years A to B (inclusive);\npapers of unknown year are then left "
     "out"},
    {"counting", required_argument, "full|fractional",
     "link weight of network and centrality: papers\n(default) or fractional links; intl and "
     "pair\nprint both"},
    {"fold-hk-mo", no_argument, NULL, "count Hong Kong and Macao as China (CN)"},
    {"rollup", no_argument, NULL,
     "institution level: count each ROR organisation as\nits top-level parent (coauth ror import)"},
    {"types", required_argument, "research|all|LIST",
     "publication types counted (default research:\nJournal Article or Review, no letters, "
     "editorials,\nerrata...); LIST: names or UIs (D016428), comma-\nseparated, `research` as a "
     "class, !X to leave X out"},
    {"journal", required_argument, "ID,...", "only these journals: NLM Unique ID or any ISSN"},
    {"mesh", required_argument, "UI,...", "only papers with any of these MeSH descriptors"},
    {"mesh-major", no_argument, NULL, "with --mesh: only where the descriptor is a\nmajor topic"},
    {"grant-agency", required_argument, "GLOB",
     "only papers with a grant whose agency matches\n(shell pattern, case ignored: '*NIH*')"},
    {"grant-country", required_argument, "NAME",
     "only papers with a grant of that country (whole\nname, case ignored: 'United States')"},
    {"language", required_argument, "CODE,...", "only papers in these languages (eng, fre, ...)"},
    {"max-countries", required_argument, "N",
     "leave out papers with more than N countries\n(country-level queries)"},
};

#define N_QOPTS (sizeof qopts / sizeof qopts[0])

void cli_query_longopts(struct option *out, size_t cap, const struct option *own)
{
    size_t n = 0;
    for (; own[n].name && n + 1 < cap; n++)
        out[n] = own[n];
    for (size_t i = 0; i < N_QOPTS && n + 1 < cap; i++, n++)
        out[n] = (struct option){qopts[i].name, qopts[i].has_arg, NULL, CLI_QOPT_BASE + (int)i};
    out[n] = (struct option){NULL, 0, NULL, 0};
}

int cli_query_option(const char *cmd, coauth_query_options *opts, int c, const char *arg)
{
    if (c < CLI_QOPT_BASE || c >= CLI_QOPT_BASE + (int)N_QOPTS)
        return -1;
    coauth_error err = COAUTH_ERROR_INIT;
    if (coauth_query_option(opts, qopts[c - CLI_QOPT_BASE].name, arg, &err) != COAUTH_OK)
        return cli_usage_error(cmd, "%s", err.msg);
    return CLI_OK;
}

int cli_query_help(const char *usage)
{
    fputs(usage, stdout);
    fputs("\nquery options (every query command):\n", stdout);
    for (size_t i = 0; i < N_QOPTS; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", qopts[i].name, qopts[i].arg ? " " : "",
                 qopts[i].arg ? qopts[i].arg : "");
        const char *h = qopts[i].help;
        size_t w = strlen(left);
        printf("  %-27s%s", left, w > 26 ? "\n                             " : "");
        for (; *h; h++) {
            putchar(*h);
            if (*h == '\n')
                fputs("                             ", stdout);
        }
        putchar('\n');
    }
    return CLI_OK;
}

int cli_query_check(const char *cmd, coauth_store *s, const coauth_query_options *opts)
{
    if (opts->pop.mesh_major && !opts->pop.mesh)
        return cli_usage_error(cmd, "--mesh-major needs --mesh UI,...");
    if (opts->rollup && opts->level != COAUTH_LEVEL_INSTITUTION)
        return cli_usage_error(cmd, "--rollup applies to institution-level queries only");
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_status st = coauth_population_check_types(s, &opts->pop, &err);
    if (st == COAUTH_EINVAL)
        return cli_usage_error(cmd, "%s", err.msg);
    if (st)
        return cli_fail(cmd, &err);
    cli_query_population_note(cmd, s, opts);
    return CLI_OK;
}

void cli_query_population_note(const char *cmd, coauth_store *s, const coauth_query_options *opts)
{
    /* Strings resolved by an older resolver (SPEC 8, provenance): said once. */
    coauth_provenance pv;
    coauth_error perr = COAUTH_ERROR_INIT;
    if (coauth_store_provenance(s, &pv, &perr) == COAUTH_OK && pv.resolver_version >= 0 &&
        pv.resolver_version < COAUTH_RESOLVER_VERSION)
        cli_warn(cmd,
                 "'%s': affiliation strings resolved by resolver version %d, older than this "
                 "coauth's (%d): 'coauth reresolve -d %s' is due",
                 coauth_store_path(s), pv.resolver_version, COAUTH_RESOLVER_VERSION,
                 coauth_store_path(s));
    if (coauth_population_is_default(&opts->pop))
        return;
    uint64_t n = 0;
    coauth_error err = COAUTH_ERROR_INIT;
    if (coauth_query_unclassified(s, &n, &err) != COAUTH_OK || n == 0)
        return;
    cli_warn(cmd,
             "%llu paper%s stored before schema 2 %s no metadata, so the filters leave %s out "
             "(re-ingest %s files with --force to fill it)",
             (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "has" : "have",
             n == 1 ? "it" : "them", n == 1 ? "its" : "their");
}

void cli_check_country(const char *cmd, const char code[3])
{
    if (coauth_country_known(code))
        return;
    const char *meant = coauth_country_meant(code);
    if (meant)
        cli_warn(cmd, "'%s' is not an ISO 3166-1 code, so no paper has it: did you mean %s?", code,
                 meant);
    else
        cli_warn(cmd, "'%s' is not an ISO 3166-1 code, so no paper has it", code);
}
