/* cmd_centrality.c - `coauth centrality`: degree, strength, betweenness, closeness,
 * eigenvector and PageRank of every country or institution, as CSV.
 *
 * Invariant: opens the store read-only, makes one library call
 * (coauth_query_centrality), writes with coauth_write_centrality_csv; exit 0 ok, 1
 * data/I-O error, 2 usage error.
 */
#include "cli.h"

#include <coauth/query.h>
#include <coauth/write.h>
#include <getopt.h>

static const char usage[] =
    "usage: coauth centrality [-d DB] --level country|institution [--sort MEASURE] [--top N] "
    "[query options]\n"
    "\n"
    "Columns: node,papers,degree,strength,betweenness,closeness,eigenvector,pagerank.\n"
    "degree: distinct partners; strength: sum of link weights; betweenness\n"
    "(unnormalised, each pair once) and closeness ((r-1)/sum of distances to the r-1\n"
    "reachable nodes) use path length 1/weight; eigenvector: weighted, maximum 1;\n"
    "pagerank: weighted, damping 0.85, sums to 1. Weights follow --counting. Nodes\n"
    "without links are listed too (degree 0).\n"
    "\n"
    "options:\n"
    "  -d, --db PATH               store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  --level country|institution nodes are countries or institutions (required)\n"
    "  --sort MEASURE              strength (default), papers, degree, betweenness,\n"
    "                              closeness, eigenvector or pagerank; descending, ties\n"
    "                              by node\n"
    "  --top N                     print only the first N rows\n"
    "  --min-papers N              drop nodes with fewer than N papers, and their links\n"
    "  --min-weight W              drop links whose weight is below W\n"
    "  -o, --output FILE           write the CSV to FILE instead of standard output\n"
    "  -h, --help                  show this help\n";

int cmd_centrality(int argc, char **argv)
{
    enum { O_LEVEL = 256, O_SORT, O_TOP, O_MINP, O_MINW };
    static const struct option own[] = {
        {"db", required_argument, NULL, 'd'},
        {"level", required_argument, NULL, O_LEVEL},
        {"sort", required_argument, NULL, O_SORT},
        {"top", required_argument, NULL, O_TOP},
        {"min-papers", required_argument, NULL, O_MINP},
        {"min-weight", required_argument, NULL, O_MINW},
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
        int q = cli_query_option("centrality", &opts, c, optarg);
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
        case O_LEVEL:
        case O_SORT:
        case O_TOP:
        case O_MINP:
        case O_MINW:
            if (coauth_query_option(&opts, longopts[idx].name, optarg, &err) != COAUTH_OK)
                return cli_usage_error("centrality", "%s", err.msg);
            break;
        case ':':
            return cli_usage_error("centrality", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("centrality", "unknown option '%s'", argv[optind - 1]);
        }
        idx = -1;
    }
    if (optind < argc)
        return cli_usage_error("centrality", "unexpected argument '%s'", argv[optind]);
    if (opts.level == COAUTH_LEVEL_NONE)
        return cli_usage_error("centrality", "--level country|institution is required");
    if (opts.level == COAUTH_LEVEL_INSTITUTION && opts.pop.max_countries)
        return cli_usage_error("centrality",
                               "--max-countries applies to country-level queries only");
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("centrality", &err);
    int qrc = cli_query_check("centrality", s, &opts);
    if (qrc != CLI_OK) {
        coauth_store_free(s);
        return qrc;
    }
    coauth_centrality_result res = COAUTH_CENTRALITY_RESULT_INIT;
    coauth_status st = coauth_query_centrality(s, &opts, &res, &err);
    coauth_store_free(s);
    if (st != COAUTH_OK)
        return cli_fail("centrality", &err);
    FILE *out = cli_open_output("centrality", output);
    if (!out) {
        coauth_centrality_result_release(&res);
        return CLI_EDATA;
    }
    st = coauth_write_centrality_csv(out, &res, &err);
    coauth_centrality_result_release(&res);
    return cli_finish_output("centrality", out, st, &err);
}
