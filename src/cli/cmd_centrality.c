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

static const char usage[] =
    "usage: coauth centrality [-d DB] --level country|institution [--sort MEASURE]\n"
    "                         [--top N] [query options]\n"
    "\n"
    "Columns: node,papers,degree,strength,betweenness,closeness,eigenvector,pagerank\n"
    "(at institution level then country,ror: the node's country and ROR id).\n"
    "degree: distinct partners; strength: sum of link weights; betweenness\n"
    "(unnormalised, each pair once) and closeness ((r-1)/sum of distances to the r-1\n"
    "reachable nodes) use path length 1/weight; eigenvector: weighted, maximum 1;\n"
    "pagerank: weighted, damping 0.85, sums to 1. Weights follow --counting. Nodes\n"
    "without links are listed too (degree 0).\n";

static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_QUERY, "level", 0, "country|institution",
     "nodes are countries or institutions (required)", NULL, 0},
    {CLI_OPT_QUERY, "sort", 0, "MEASURE",
     "strength (default), papers, degree, betweenness, closeness, eigenvector or pagerank; "
     "descending, ties by node",
     NULL, 0},
    {CLI_OPT_QUERY, "top", 0, "N",
     "print only the first N rows (at least 1; without --top, every row)", NULL, 0},
    {CLI_OPT_QUERY, "min-papers", 0, "N", "drop nodes with fewer than N papers, and their links",
     NULL, 0},
    {CLI_OPT_QUERY, "min-weight", 0, "W", "drop links whose weight is below W", NULL, 0},
    CLI_OPT_OUTPUT_ENTRY("write the CSV to FILE instead of standard output"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_COMMON_ENTRY,
    CLI_OPT_END_ENTRY,
};

int cmd_centrality(int argc, char **argv)
{
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    struct cli_args args;
    cli_args_init(&args, &opts);
    int prc = cli_parse("centrality", argc, argv, options, usage, NULL, &args, NULL, NULL);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db, *output = args.output;
    int first = args.optind;
    if (cli_given(&args, "top") && opts.top == 0)
        return cli_usage_error("centrality", "--top 0 would print no row (leave --top out for "
                                             "every row)");
    if (first < argc)
        return cli_usage_error("centrality", "unexpected argument '%s'", argv[first]);
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
