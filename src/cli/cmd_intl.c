/* cmd_intl.c - `coauth intl`: whole count, international papers and share, and
 * fractional count per country (and/or year), as CSV.
 *
 * Invariant: opens the store read-only, makes one library call (coauth_query_intl),
 * writes with coauth_write_intl_csv; exit 0 ok, 1 data/I-O error, 2 usage error.
 */
#include "cli.h"

#include <coauth/query.h>
#include <coauth/write.h>

static const char usage[] =
    "usage: coauth intl [-d DB] [--by country|year|country,year] [--country CC,...]\n"
    "                   [query options]\n"
    "\n"
    "Per country: papers (whole count W: papers with an author in the country),\n"
    "international_papers (those with two or more countries), international_share\n"
    "(their ratio; empty when papers is 0) and fractional_papers (author-proportional\n"
    "count F; summed over countries it equals the number of papers with a country).\n";

static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_QUERY, "by", 0, "KEY",
     "country (default), year, or country,year; --by year counts all papers with a "
     "country, per year",
     NULL, 0},
    {CLI_OPT_QUERY, "country", 0, "CC,...",
     "only these countries (ISO codes, any case); with --by country each gets a row even "
     "without papers",
     NULL, 0},
    CLI_OPT_OUTPUT_ENTRY("write the CSV to FILE instead of standard output"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_COMMON_ENTRY,
    CLI_OPT_END_ENTRY,
};

int cmd_intl(int argc, char **argv)
{
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    struct cli_args args;
    cli_args_init(&args, &opts);
    int prc = cli_parse("intl", argc, argv, options, usage, NULL, &args, NULL, NULL);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db, *output = args.output;
    int first = args.optind;
    if (cli_given(&args, "counting"))
        return cli_usage_error("intl", "--counting does not apply: intl prints both counts, "
                                       "papers (whole) and fractional_papers");
    if (first < argc)
        return cli_usage_error("intl", "unexpected argument '%s'", argv[first]);
    if (opts.by == COAUTH_BY_YEAR && opts.n_countries > 0)
        return cli_usage_error("intl", "--country does not apply to --by year (use --by "
                                       "country,year)");
    for (size_t i = 0; i < opts.n_countries; i++)
        cli_check_country("intl", opts.countries[i]);
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("intl", &err);
    int qrc = cli_query_check("intl", s, &opts);
    if (qrc != CLI_OK) {
        coauth_store_free(s);
        return qrc;
    }
    coauth_intl_result res = COAUTH_INTL_RESULT_INIT;
    coauth_status st = coauth_query_intl(s, &opts, &res, &err);
    coauth_store_free(s);
    if (st != COAUTH_OK)
        return cli_fail("intl", &err);
    FILE *out = cli_open_output("intl", output);
    if (!out) {
        coauth_intl_result_release(&res);
        return CLI_EDATA;
    }
    st = coauth_write_intl_csv(out, &res, &err);
    coauth_intl_result_release(&res);
    return cli_finish_output("intl", out, st, &err);
}
