/* cmd_pair.c - `coauth pair A B`: papers co-authored by two countries and their
 * fractional link strength, per year or in total, as CSV.
 *
 * Invariant: opens the store read-only, makes one library call (coauth_query_pair),
 * writes with coauth_write_pair_csv; exit 0 ok, 1 data/I-O error, 2 usage error.
 */
#include "cli.h"

#include <coauth/query.h>
#include <coauth/write.h>

static const char usage[] =
    "usage: coauth pair [-d DB] CC CC [--by year|total] [query options]\n"
    "\n"
    "Papers with authors in both countries (papers, whole count L_ab) and their\n"
    "fractional link strength (each paper adds 1/(number of its countries - 1)).\n"
    "Codes are ISO 3166-1 alpha-2, any case; the output repeats them in upper case,\n"
    "in the order given. --by year prints every year of --years A-B, or without\n"
    "--years every year from the pair's first to its last paper, zeros included.\n";

static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_QUERY, "by", 0, "year|total", "one row per year (default) or one row in total",
     "pair-by", 0},
    CLI_OPT_OUTPUT_ENTRY("write the CSV to FILE instead of standard output"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_COMMON_ENTRY,
    CLI_OPT_END_ENTRY,
};

int cmd_pair(int argc, char **argv)
{
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    struct cli_args args;
    cli_args_init(&args, &opts);
    int prc = cli_parse("pair", argc, argv, options, usage, NULL, &args, NULL, NULL);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db, *output = args.output;
    int first = args.optind;
    if (cli_given(&args, "counting"))
        return cli_usage_error("pair", "--counting does not apply: pair prints both counts, "
                                       "papers (whole) and fractional_links");
    if (argc - first != 2)
        return cli_usage_error("pair", "expected two country codes, e.g. 'coauth pair US CN'");
    char a[3], b[3];
    if (coauth_country_code(argv[first], a, &err) != COAUTH_OK ||
        coauth_country_code(argv[first + 1], b, &err) != COAUTH_OK)
        return cli_usage_error("pair", "%s", err.msg);
    cli_check_country("pair", a);
    cli_check_country("pair", b);
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("pair", &err);
    int qrc = cli_query_check("pair", s, &opts);
    if (qrc != CLI_OK) {
        coauth_store_free(s);
        return qrc;
    }
    coauth_pair_result res = COAUTH_PAIR_RESULT_INIT;
    coauth_status st = coauth_query_pair(s, &opts, a, b, &res, &err);
    coauth_store_free(s);
    if (st == COAUTH_EINVAL)
        return cli_usage_error("pair", "%s", err.msg);
    if (st != COAUTH_OK)
        return cli_fail("pair", &err);
    FILE *out = cli_open_output("pair", output);
    if (!out) {
        coauth_pair_result_release(&res);
        return CLI_EDATA;
    }
    st = coauth_write_pair_csv(out, &res, &err);
    coauth_pair_result_release(&res);
    return cli_finish_output("pair", out, st, &err);
}
