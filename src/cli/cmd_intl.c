/* cmd_intl.c - `coauth intl`: whole count, international papers and share, and
 * fractional count per country (and/or year), as CSV.
 *
 * Invariant: opens the store read-only, makes one library call (coauth_query_intl),
 * writes with coauth_write_intl_csv; exit 0 ok, 1 data/I-O error, 2 usage error.
 */
#include "cli.h"

#include <coauth/query.h>
#include <coauth/write.h>
#include <getopt.h>

static const char usage[] =
    "usage: coauth intl [-d DB] [--by country|year|country,year] [--country CC,...] [query "
    "options]\n"
    "\n"
    "Per country: papers (whole count W: papers with an author in the country),\n"
    "international_papers (those with two or more countries), international_share\n"
    "(their ratio; empty when papers is 0) and fractional_papers (author-proportional\n"
    "count F; summed over countries it equals the number of papers with a country).\n"
    "\n"
    "options:\n"
    "  -d, --db PATH              store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  --by KEY                   country (default), year, or country,year; --by year\n"
    "                             counts all papers with a country, per year\n"
    "  --country CC,...           only these countries (ISO codes, any case); with\n"
    "                             --by country each gets a row even without papers\n"
    "  -o, --output FILE          write the CSV to FILE instead of standard output\n"
    "  -h, --help                 show this help\n";

int cmd_intl(int argc, char **argv)
{
    enum { O_BY = 256, O_COUNTRY };
    static const struct option own[] = {
        {"db", required_argument, NULL, 'd'},
        {"by", required_argument, NULL, O_BY},
        {"country", required_argument, NULL, O_COUNTRY},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct option longopts[CLI_QOPT_MAX];
    cli_query_longopts(longopts, CLI_QOPT_MAX, own);
    const char *db = NULL, *output = NULL;
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    opterr = 0;
    int c, idx = -1;
    while ((c = getopt_long(argc, argv, ":d:o:h", longopts, &idx)) != -1) {
        int q = cli_query_option("intl", &opts, c, optarg);
        if (q == CLI_EUSAGE)
            return q;
        if (q == CLI_OK)
            continue;
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            return cli_query_help(usage);
        case O_BY:
        case O_COUNTRY:
            if (coauth_query_option(&opts, longopts[idx].name, optarg, &err) != COAUTH_OK)
                return cli_usage_error("intl", "%s", err.msg);
            break;
        case ':':
            return cli_usage_error("intl", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("intl", "unknown option '%s'", argv[optind - 1]);
        }
        idx = -1;
    }
    if (optind < argc)
        return cli_usage_error("intl", "unexpected argument '%s'", argv[optind]);
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
