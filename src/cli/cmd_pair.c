/* cmd_pair.c - `coauth pair A B`: papers co-authored by two countries and their
 * fractional link strength, per year or in total, as CSV.
 *
 * Invariant: opens the store read-only, makes one library call (coauth_query_pair),
 * writes with coauth_write_pair_csv; exit 0 ok, 1 data/I-O error, 2 usage error.
 */
#include "cli.h"

#include <coauth/query.h>
#include <coauth/write.h>
#include <getopt.h>

static const char usage[] =
    "usage: coauth pair [-d DB] CC CC [--by year|total] [query options]\n"
    "\n"
    "Papers with authors in both countries (papers, whole count L_ab) and their\n"
    "fractional link strength (each paper adds 1/(number of its countries - 1)).\n"
    "Codes are ISO 3166-1 alpha-2, any case; the output repeats them in upper case,\n"
    "in the order given. --by year prints every year of --years A-B, or without\n"
    "--years every year from the pair's first to its last paper, zeros included.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH              store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  --by year|total            one row per year (default) or one row in total\n"
    "  -o, --output FILE          write the CSV to FILE instead of standard output\n"
    "  -h, --help                 show this help\n";

int cmd_pair(int argc, char **argv)
{
    enum { O_BY = 256 };
    static const struct option own[] = {
        {"db", required_argument, NULL, 'd'},
        {"by", required_argument, NULL, O_BY},
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
        int q = cli_query_option("pair", &opts, c, optarg);
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
            if (coauth_query_option(&opts, c == O_BY ? "pair-by" : longopts[idx].name, optarg,
                                    &err) != COAUTH_OK)
                return cli_usage_error("pair", "%s", err.msg);
            break;
        case ':':
            return cli_usage_error("pair", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("pair", "unknown option '%s'", argv[optind - 1]);
        }
        idx = -1;
    }
    if (argc - optind != 2)
        return cli_usage_error("pair", "expected two country codes, e.g. 'coauth pair US CN'");
    char a[3], b[3];
    if (coauth_country_code(argv[optind], a, &err) != COAUTH_OK ||
        coauth_country_code(argv[optind + 1], b, &err) != COAUTH_OK)
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
