/* query_opts.c - the one option table of the coauth executable: the options every
 * command shares (-d, -o, -h) and every query command takes (SPEC 5 and 5.1), their
 * getopt entries, their --help lines and what they set, declared once.
 *
 * Invariant: a command declares its options as a struct cli_opt array (its own ones,
 * then CLI_OPT_QUERY_COMMON for the common query options) and cli_parse() builds the
 * getopt tables, parses, and prints the --help from that array, so every command that
 * lists an option accepts it and documents it the same way (git's parse-options OPT_*
 * arrays, samtools' SAM_OPT_GLOBAL_OPTIONS).
 */
#include "cli.h"

#include <coauth/query.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* The common query options, in --help order. */
static const struct cli_opt common[] = {
    {CLI_OPT_QUERY, "years", 0, "A-B",
     "only papers published in years A to B (inclusive); papers of unknown year are then "
     "left out",
     NULL, 0},
    {CLI_OPT_QUERY, "counting", 0, "full|fractional",
     "link weight of network, centrality and plot network: papers (default) or fractional "
     "links (intl, pair and plot trend print both counts and refuse it)",
     NULL, 0},
    {CLI_OPT_FLAG, "fold-hk-mo", 0, NULL, "count Hong Kong and Macao as China (CN)", NULL, 0},
    {CLI_OPT_FLAG, "rollup", 0, NULL,
     "institution level: count each ROR organisation as its top-level parent (coauth ror import)",
     NULL, 0},
    {CLI_OPT_QUERY, "types", 0, "research|all|LIST",
     "publication types counted (default research: Journal Article or Review, no letters, "
     "editorials, errata...); LIST: names or UIs (D016428), comma-separated, `research` as "
     "a class, !X to leave X out",
     NULL, 0},
    {CLI_OPT_QUERY, "journal", 0, "ID,...", "only these journals: NLM Unique ID or any ISSN", NULL,
     0},
    {CLI_OPT_QUERY, "mesh", 0, "UI,...", "only papers with any of these MeSH descriptors", NULL, 0},
    {CLI_OPT_FLAG, "mesh-major", 0, NULL, "with --mesh: only where the descriptor is a major topic",
     NULL, 0},
    {CLI_OPT_QUERY, "grant-agency", 0, "GLOB",
     "only papers with a grant whose agency matches (shell pattern, case ignored: '*NIH*')", NULL,
     0},
    {CLI_OPT_QUERY, "grant-country", 0, "NAME",
     "only papers with a grant of that country (whole name, case ignored: 'United States')", NULL,
     0},
    {CLI_OPT_QUERY, "language", 0, "CODE,...", "only papers in these languages (eng, fre, ...)",
     NULL, 0},
    {CLI_OPT_QUERY, "max-countries", 0, "N",
     "leave out papers with more than N countries (country-level queries)", NULL, 0},
    {CLI_OPT_END, NULL, 0, NULL, NULL, NULL, 0},
};

/* The entries of a command's table with CLI_OPT_QUERY_COMMON expanded, in order. */
static size_t flatten(const struct cli_opt *table, const struct cli_opt **out, size_t cap)
{
    size_t n = 0;
    for (const struct cli_opt *o = table; o->kind != CLI_OPT_END; o++) {
        if (o->kind == CLI_OPT_COMMON) {
            for (const struct cli_opt *q = common; q->kind != CLI_OPT_END && n < cap; q++)
                out[n++] = q;
        } else if (n < cap) {
            out[n++] = o;
        }
    }
    return n;
}

static bool takes_value(const struct cli_opt *o)
{
    return o->arg != NULL;
}

/* "-d, --db PATH" */
static void left_column(char *buf, size_t cap, const struct cli_opt *o)
{
    if (o->short_name)
        snprintf(buf, cap, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                 o->arg ? o->arg : "");
    else
        snprintf(buf, cap, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* One option's help: the left column, then the text word-wrapped so that no line
 * passes CLI_HELP_WIDTH columns. */
static void print_option(const struct cli_opt *o)
{
    enum { COL = 30 }; /* the text starts here: "  " + 27 + " " */
    char left[64];
    left_column(left, sizeof left, o);
    size_t col = (size_t)printf("  %s", left);
    if (col + 1 > COL) {
        putchar('\n');
        col = 0;
    }
    printf("%*s", (int)(COL - col), "");
    col = COL;
    const char *w = o->help;
    bool first = true;
    while (*w) {
        size_t len = strcspn(w, " ");
        if (!first && col + 1 + len > CLI_HELP_WIDTH) {
            printf("\n%*s", COL, "");
            col = COL;
            first = true;
        }
        if (!first) {
            putchar(' ');
            col++;
        }
        printf("%.*s", (int)len, w);
        col += len;
        first = false;
        w += len;
        while (*w == ' ')
            w++;
    }
    putchar('\n');
}

int cli_print_help(const char *usage, const struct cli_opt *table, const char *epilog)
{
    fputs(usage, stdout);
    fputs("\noptions:\n", stdout);
    bool has_common = false;
    for (const struct cli_opt *o = table; o->kind != CLI_OPT_END; o++) {
        if (o->kind == CLI_OPT_COMMON)
            has_common = true;
        else if (o->help)
            print_option(o);
    }
    if (has_common) {
        fputs("\nquery options (every query command):\n", stdout);
        for (const struct cli_opt *q = common; q->kind != CLI_OPT_END; q++)
            print_option(q);
    }
    if (epilog)
        printf("\n%s", epilog);
    return CLI_OK;
}

void cli_args_init(struct cli_args *a, coauth_query_options *query)
{
    memset(a, 0, sizeof *a);
    a->query = query;
}

bool cli_given(const struct cli_args *a, const char *name)
{
    for (size_t i = 0; i < a->n_given; i++)
        if (strcmp(a->given[i], name) == 0)
            return true;
    return false;
}

int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *table,
              const char *usage, const char *epilog, struct cli_args *a, cli_own_fn own, void *ctx)
{
    const struct cli_opt *flat[CLI_OPT_MAX];
    size_t n = flatten(table, flat, CLI_OPT_MAX);
    struct option longopts[CLI_OPT_MAX + 1];
    char shortopts[2 * CLI_OPT_MAX + 2] = ":";
    size_t ns = 1;
    for (size_t i = 0; i < n; i++) {
        longopts[i] =
            (struct option){flat[i]->name, takes_value(flat[i]) ? required_argument : no_argument,
                            NULL, CLI_OPT_BASE + (int)i};
        if (flat[i]->short_name) {
            shortopts[ns++] = (char)flat[i]->short_name;
            if (takes_value(flat[i]))
                shortopts[ns++] = ':';
        }
    }
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    shortopts[ns] = '\0';
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (c == ':')
            return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
        const struct cli_opt *o = NULL;
        if (c >= CLI_OPT_BASE && c < CLI_OPT_BASE + (int)n)
            o = flat[c - CLI_OPT_BASE];
        for (size_t i = 0; !o && c > 0 && c < CLI_OPT_BASE && i < n; i++)
            if (flat[i]->short_name == c)
                o = flat[i];
        if (!o)
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        if (a->n_given < CLI_OPT_MAX)
            a->given[a->n_given++] = o->name;
        coauth_error err = COAUTH_ERROR_INIT;
        switch (o->kind) {
        case CLI_OPT_DB:
            a->db = optarg;
            break;
        case CLI_OPT_OUTPUT:
            a->output = optarg;
            break;
        case CLI_OPT_HELP:
            cli_print_help(usage, table, epilog);
            return CLI_HELP_SHOWN;
        case CLI_OPT_QUERY:
        case CLI_OPT_FLAG:
            if (coauth_query_option(a->query, o->query ? o->query : o->name, optarg, &err) !=
                COAUTH_OK)
                return cli_usage_error(cmd, "%s", err.msg);
            break;
        case CLI_OPT_OWN: {
            int rc = own ? own(ctx, o->id, o->name, optarg) : CLI_EUSAGE;
            if (rc != CLI_OK)
                return rc;
            break;
        }
        default:
            return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
        }
    }
    a->optind = optind;
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
    if (coauth_query_unclassified(s, &opts->pop, &n, &err) != COAUTH_OK || n == 0)
        return;
    cli_warn(cmd,
             "%llu paper%s stored before schema 2 %s no metadata, so these filters leave %s out "
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
