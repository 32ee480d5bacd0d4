/* cmd_resolve.c - `coauth resolve`: affiliation strings on stdin -> CSV of parts.
 *
 * Invariant: one output row per part, rows in input order (line, then part); a blank
 * input line gives no row; the CSV is RFC 4180 with a header row (SPEC 7).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: coauth resolve [--thesaurus FILE] [--ror FILE] [-o FILE] < strings.txt\n"
    "\n"
    "Resolve affiliation strings, one per line on standard input (UTF-8), and write\n"
    "the CSV line,part,country,institution,rule: line is the 1-based input line,\n"
    "part the 1-based part within it (parts are cut at ';' and numbered labels),\n"
    "country the ISO 3166-1 alpha-2 code or empty when unresolved, institution the\n"
    "normalised organisation name or empty, rule the rule that decided the country\n"
    "(us-state, country, territory, subdivision, city, neighbour, email,\n"
    "institution, org-place, ror, none).\n"
    "A blank input line yields no row.\n";

static const struct cli_opt options[] = {
    {CLI_OPT_OWN, "thesaurus", 0, "FILE",
     "VOSviewer thesaurus (label<TAB>replace by) applied to institution names", NULL, 1},
    {CLI_OPT_OWN, "ror", 0, "FILE",
     "match organisations against this ROR registry dump (JSON array or lines, .gz or .zip); the "
     "CSV gains a column ror (the https://ror.org/ id, or empty)",
     NULL, 2},
    CLI_OPT_OUTPUT_ENTRY("write the CSV to FILE instead of standard output"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END_ENTRY,
};

struct resolve_args {
    coauth_resolver_options ropts;
    const char *ror_path;
};

static int own_option(void *ctx, int id, const char *name, const char *value)
{
    (void)name;
    struct resolve_args *ra = ctx;
    if (id == 2)
        ra->ror_path = value;
    else
        ra->ropts.thesaurus_path = value;
    return CLI_OK;
}

int cmd_resolve(int argc, char **argv)
{
    struct resolve_args ra = {COAUTH_RESOLVER_OPTIONS_INIT, NULL};
    struct cli_args args;
    cli_args_init(&args, NULL);
    int prc = cli_parse("resolve", argc, argv, options, usage, NULL, &args, own_option, &ra);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *output = args.output;
    int first = args.optind;
    if (first < argc)
        return cli_usage_error("resolve", "unexpected argument '%s'", argv[first]);

    coauth_error err = COAUTH_ERROR_INIT;
    coauth_resolver *r = NULL;
    coauth_ror *ror = NULL;
    if (ra.ror_path && (coauth_ror_new(&ror, &err) != COAUTH_OK ||
                        coauth_ror_load_file(ror, ra.ror_path, NULL, &err) != COAUTH_OK ||
                        coauth_ror_finish(ror, &err) != COAUTH_OK)) {
        coauth_ror_free(ror);
        return cli_fail("resolve", &err);
    }
    ra.ropts.ror = ror;
    if (coauth_resolver_new(&r, &ra.ropts, &err) != COAUTH_OK) {
        coauth_ror_free(ror);
        return cli_fail("resolve", &err);
    }
    FILE *out = cli_open_output("resolve", output);
    if (!out) {
        coauth_resolver_free(r);
        coauth_ror_free(ror);
        return CLI_EDATA;
    }
    int rc = CLI_OK;
    coauth_resolution res = COAUTH_RESOLUTION_INIT;
    char *line = NULL;
    size_t cap = 0;
    unsigned long long lineno = 0;
    ssize_t got;
    if (fputs(ror ? "line,part,country,institution,rule,ror\n"
                  : "line,part,country,institution,rule\n",
              out) < 0)
        rc = CLI_EDATA;
    while (rc == CLI_OK && (got = getline(&line, &cap, stdin)) != -1) {
        lineno++;
        size_t n = (size_t)got;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        const char *text = line;
        if (lineno == 1 && n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            text += 3; /* a UTF-8 byte order mark (Windows editors) is not text */
            n -= 3;
        }
        if (coauth_resolve(r, text, n, &res, &err) != COAUTH_OK) {
            rc = cli_fail("resolve", &err);
            break;
        }
        for (size_t p = 0; p < res.n_parts; p++) {
            const coauth_part *pt = &res.parts[p];
            if (fprintf(out, "%llu,%zu,%s,", lineno, p + 1, pt->country) < 0 ||
                coauth_csv_field(out, pt->institution, NULL) != COAUTH_OK ||
                fprintf(out, ",%s", pt->rule) < 0 ||
                (ror && fprintf(out, ",%s", pt->ror ? pt->ror : "") < 0) ||
                putc('\n', out) == EOF) {
                rc = CLI_EDATA;
                break;
            }
        }
    }
    if (rc == CLI_OK && ferror(stdin))
        rc = cli_error("resolve", "cannot read standard input");
    free(line);
    coauth_resolution_release(&res);
    coauth_resolver_free(r);
    coauth_ror_free(ror);
    return cli_close_output("resolve", out, rc);
}
