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
#include <getopt.h>

static const char usage[] =
    "usage: coauth network [-d DB] --level country|institution [--min-weight W]\n"
    "                      [--format csv|graphml|pajek|vosviewer] [query options]\n"
    "\n"
    "The undirected co-authorship graph: one link per pair of countries (or\n"
    "institutions) sharing papers, with papers (whole count) and fractional_links\n"
    "(each paper adds 1/(its number of nodes - 1)). Nodes without any link are left\n"
    "out. CSV: source,target,papers,fractional_links, source < target. GraphML,\n"
    "Pajek and VOSviewer carry the weight chosen by --counting; the VOSviewer JSON\n"
    "map holds the layout and communities that 'coauth plot network' draws.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH               store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  --level country|institution nodes are countries or institutions (required)\n"
    "  --min-weight W              drop links whose weight (per --counting) is below W\n"
    "  --min-papers N              drop nodes with fewer than N papers, and their links\n"
    "                              (the cut that keeps large institution graphs small)\n"
    "  --format FORMAT             csv (default), graphml, pajek or vosviewer\n"
    "  -o, --output FILE           write to FILE instead of standard output\n"
    "  -h, --help                  show this help\n";

int cmd_network(int argc, char **argv)
{
    enum { O_LEVEL = 256, O_MINW, O_MINP, O_FORMAT };
    static const struct option own[] = {
        {"db", required_argument, NULL, 'd'},
        {"level", required_argument, NULL, O_LEVEL},
        {"min-weight", required_argument, NULL, O_MINW},
        {"min-papers", required_argument, NULL, O_MINP},
        {"format", required_argument, NULL, O_FORMAT},
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
        int q = cli_query_option("network", &opts, c, optarg);
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
        case O_MINW:
        case O_MINP:
        case O_FORMAT:
            if (coauth_query_option(&opts, longopts[idx].name, optarg, &err) != COAUTH_OK)
                return cli_usage_error("network", "%s", err.msg);
            break;
        case ':':
            return cli_usage_error("network", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("network", "unknown option '%s'", argv[optind - 1]);
        }
        idx = -1;
    }
    if (optind < argc)
        return cli_usage_error("network", "unexpected argument '%s'", argv[optind]);
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
