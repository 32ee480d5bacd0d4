/* cmd_network.c - `coauth network`: the co-authorship graph as CSV, GraphML, Pajek or
 * VOSviewer's JSON map.
 *
 * Invariant: opens the store read-only, makes one library call (coauth_query_network;
 * for VOSviewer also coauth_network_map_compute, the map `plot network` draws), writes
 * with one of the coauth_write_network_* writers; exit 0 ok, 1 data/I-O error, 2 usage
 * error.
 */
#include "cli.h"

#include <coauth/plot.h>
#include <coauth/query.h>
#include <coauth/write.h>

static const char usage[] =
    "usage: coauth network [-d DB] --level country|institution [--min-weight W]\n"
    "                      [--format csv|graphml|pajek|vosviewer] [query options]\n"
    "\n"
    "The undirected co-authorship graph: one link per pair of countries (or\n"
    "institutions) sharing papers, with papers (whole count) and fractional_links\n"
    "(each paper adds 1/(its number of nodes - 1)). Nodes without any link are left\n"
    "out. CSV: source,target,papers,fractional_links, source < target; at\n"
    "institution level then source_country,source_ror,target_country,target_ror.\n"
    "An institution is a ROR organisation (after 'coauth ror import'), else a name\n"
    "together with its country. GraphML, Pajek and VOSviewer carry the weight chosen\n"
    "by --counting; the VOSviewer JSON map holds the layout and communities that\n"
    "'coauth plot network' draws.\n";

static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_QUERY, "level", 0, "country|institution",
     "nodes are countries or institutions (required)", NULL, 0},
    {CLI_OPT_QUERY, "min-weight", 0, "W", "drop links whose weight (per --counting) is below W",
     NULL, 0},
    {CLI_OPT_QUERY, "min-papers", 0, "N",
     "drop nodes with fewer than N papers, and their links (the cut that keeps large "
     "institution graphs small)",
     NULL, 0},
    {CLI_OPT_QUERY, "format", 0, "FORMAT", "csv (default), graphml, pajek or vosviewer", NULL, 0},
    CLI_OPT_OUTPUT_ENTRY("write to FILE instead of standard output"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_COMMON_ENTRY,
    CLI_OPT_END_ENTRY,
};

int cmd_network(int argc, char **argv)
{
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    struct cli_args args;
    cli_args_init(&args, &opts);
    int prc = cli_parse("network", argc, argv, options, usage, NULL, &args, NULL, NULL);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db, *output = args.output;
    int first = args.optind;
    if (first < argc)
        return cli_usage_error("network", "unexpected argument '%s'", argv[first]);
    if (opts.level == COAUTH_LEVEL_NONE)
        return cli_usage_error("network", "--level country|institution is required");
    if (opts.level == COAUTH_LEVEL_INSTITUTION && opts.pop.max_countries)
        return cli_usage_error("network", "--max-countries applies to country-level queries only");
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("network", &err);
    int qrc = cli_query_check("network", s, &opts);
    if (qrc != CLI_OK) {
        coauth_store_free(s);
        return qrc;
    }
    coauth_network net = COAUTH_NETWORK_INIT;
    coauth_status st = coauth_query_network(s, &opts, false, &net, &err);
    coauth_store_free(s);
    if (st != COAUTH_OK)
        return cli_fail("network", &err);
    coauth_network_map map = COAUTH_NETWORK_MAP_INIT;
    if (opts.format == COAUTH_FORMAT_VOSVIEWER &&
        coauth_network_map_compute(&net, 0, &map, &err) != COAUTH_OK) {
        coauth_network_release(&net);
        return cli_fail("network", &err);
    }
    FILE *out = cli_open_output("network", output);
    if (!out) {
        coauth_network_map_release(&map);
        coauth_network_release(&net);
        return CLI_EDATA;
    }
    switch (opts.format) {
    case COAUTH_FORMAT_VOSVIEWER:
        st = coauth_write_network_vosviewer(out, &net, &map, &err);
        break;
    case COAUTH_FORMAT_GRAPHML:
        st = coauth_write_network_graphml(out, &net, &err);
        break;
    case COAUTH_FORMAT_PAJEK:
        st = coauth_write_network_pajek(out, &net, &err);
        break;
    case COAUTH_FORMAT_CSV:
    default:
        st = coauth_write_network_csv(out, &net, &err);
        break;
    }
    coauth_network_map_release(&map);
    coauth_network_release(&net);
    return cli_finish_output("network", out, st, &err);
}
