/* cmd_plot.c - `coauth plot trend|network`: pictures of the indicators (SPEC 10) as
 * SVG, PNG or PDF, the format chosen by the extension of -o FILE.
 *
 * Invariant: compute, then format: one query (intl --by country,year, pair --by year,
 * or network), for a network the map computed from its result, then one coauth_plot_*
 * writer on the FILE from cli_open_output (so FILE is replaced atomically, and left as
 * it was on any failure, "no papers to plot" included). Exit 0 ok, 1 data/I-O error
 * (and a picture without data), 2 usage error.
 */
#include "cli.h"

#include <coauth/plot.h>
#include <coauth/query.h>
#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: coauth plot trend [-d DB] [--country CC,... | --pair CC CC] -o FILE\n"
    "                         [query options]\n"
    "       coauth plot network [-d DB] [--level country|institution] [--top N]\n"
    "                         [--color community|country] -o FILE [query options]\n"
    "\n"
    "Pictures for reports, drawn with cairo; the format follows the extension of\n"
    "-o FILE: .svg, .png or .pdf. The same store and options give the same bytes.\n"
    "\n"
    "trend: the international share by year (as 'intl --by country,year') of each\n"
    "country of --country (at most 8; default: the 5 with the most papers), or with\n"
    "--pair A B the papers A and B co-authored each year (as 'pair A B') and the\n"
    "share of them whose first author is in A, in B. A year without papers is a gap.\n"
    "\n"
    "network: the co-authorship network (as 'network'), laid out by igraph's\n"
    "Fruchterman-Reingold, each link pulling by its association strength (seeded:\n"
    "the same data gives the same map); node area by papers, colour by Leiden\n"
    "community (or by country), link width by weight, labels for the largest nodes\n"
    "where they do not overlap.\n"
    "'coauth network --format vosviewer' writes the same map for VOSviewer.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH               store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  -o, --output FILE           the picture: FILE.svg, FILE.png or FILE.pdf\n"
    "  --country CC,...            trend: these countries (ISO codes, any case)\n"
    "  --pair CC CC                trend: a pair of countries (or --pair CC,CC)\n"
    "  --level country|institution network: the nodes (default country)\n"
    "  --top N                     network: only the N nodes with the most papers\n"
    "  --color community|country   network: colour by community (default) or, at\n"
    "                              country level, a fixed colour per country\n"
    "  --min-weight W              network: drop links whose weight is below W\n"
    "  --min-papers N              network: drop nodes with fewer than N papers\n"
    "  -h, --help                  show this help\n";

#define TREND_DEFAULT_SERIES 5

static int plot_trend(const char *db, const char *output, enum coauth_plot_format fmt,
                      coauth_query_options *opts, const char *pair_a, const char *pair_b)
{
    coauth_error err = COAUTH_ERROR_INIT;
    char a[3], b[3];
    if (pair_a) {
        if (coauth_country_code(pair_a, a, &err) != COAUTH_OK ||
            coauth_country_code(pair_b, b, &err) != COAUTH_OK)
            return cli_usage_error("plot", "%s", err.msg);
        if (strcmp(a, b) == 0)
            return cli_usage_error("plot", "--pair needs two different countries");
    }
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("plot", &err);
    int qrc = cli_query_check("plot", s, opts);
    if (qrc != CLI_OK) {
        coauth_store_free(s);
        return qrc;
    }
    coauth_status st;
    coauth_intl_result intl = COAUTH_INTL_RESULT_INIT;
    coauth_pair_result pair = COAUTH_PAIR_RESULT_INIT;
    if (pair_a) {
        opts->pair_by = COAUTH_PAIR_BY_YEAR;
        st = coauth_query_pair(s, opts, a, b, &pair, &err);
    } else {
        opts->by = COAUTH_BY_COUNTRY_YEAR;
        st = coauth_query_intl(s, opts, &intl, &err);
    }
    coauth_store_free(s);
    if (st == COAUTH_EINVAL)
        return cli_usage_error("plot", "%s", err.msg);
    if (st != COAUTH_OK)
        return cli_fail("plot", &err);
    FILE *out = cli_open_output("plot", output);
    if (out) {
        if (pair_a)
            st = coauth_plot_pair_trend(out, fmt, &pair, &err);
        else
            st = coauth_plot_intl_trend(
                out, fmt, &intl, opts->n_countries ? opts->n_countries : TREND_DEFAULT_SERIES,
                &err);
    }
    coauth_pair_result_release(&pair);
    coauth_intl_result_release(&intl);
    if (!out)
        return CLI_EDATA;
    return cli_finish_output("plot", out, st, &err);
}

static int plot_network(const char *db, const char *output, enum coauth_plot_format fmt,
                        const coauth_query_options *opts, enum coauth_map_color color)
{
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("plot", &err);
    int qrc = cli_query_check("plot", s, opts);
    if (qrc != CLI_OK) {
        coauth_store_free(s);
        return qrc;
    }
    coauth_network net = COAUTH_NETWORK_INIT;
    coauth_status st = coauth_query_network(s, opts, false, &net, &err);
    coauth_store_free(s);
    if (st != COAUTH_OK)
        return cli_fail("plot", &err);
    coauth_network_map map = COAUTH_NETWORK_MAP_INIT;
    if (coauth_network_map_compute(&net, opts->top, &map, &err) != COAUTH_OK) {
        coauth_network_release(&net);
        return cli_fail("plot", &err);
    }
    FILE *out = cli_open_output("plot", output);
    if (out)
        st = coauth_plot_network(out, fmt, &net, &map, color, &err);
    coauth_network_map_release(&map);
    coauth_network_release(&net);
    if (!out)
        return CLI_EDATA;
    return cli_finish_output("plot", out, st, &err);
}

int cmd_plot(int argc, char **argv)
{
    enum { O_COUNTRY = 256, O_PAIR, O_LEVEL, O_TOP, O_COLOR, O_MINW, O_MINP };
    static const struct option own[] = {
        {"db", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"country", required_argument, NULL, O_COUNTRY},
        {"pair", required_argument, NULL, O_PAIR},
        {"level", required_argument, NULL, O_LEVEL},
        {"top", required_argument, NULL, O_TOP},
        {"color", required_argument, NULL, O_COLOR},
        {"colour", required_argument, NULL, O_COLOR},
        {"min-weight", required_argument, NULL, O_MINW},
        {"min-papers", required_argument, NULL, O_MINP},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2)
        return cli_usage_error("plot", "expected 'trend' or 'network'");
    const char *kind = argv[1];
    if (strcmp(kind, "-h") == 0 || strcmp(kind, "--help") == 0)
        return cli_query_help(usage);
    bool trend = strcmp(kind, "trend") == 0, network = strcmp(kind, "network") == 0;
    if (!trend && !network)
        return cli_usage_error("plot", "expected 'trend' or 'network', not '%s'", kind);

    struct option longopts[CLI_QOPT_MAX];
    cli_query_longopts(longopts, CLI_QOPT_MAX, own);
    const char *db = NULL, *output = NULL, *pair_a = NULL, *pair_b = NULL;
    char pair_buf[2][8];
    enum coauth_map_color color = COAUTH_MAP_COLOR_COMMUNITY;
    bool level_given = false;
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    coauth_error err = COAUTH_ERROR_INIT;
    opterr = 0;
    int c, idx = -1;
    argc--;
    argv++; /* getopt sees `trend ...` / `network ...`, the kind in place of a name */
    while ((c = getopt_long(argc, argv, ":d:o:h", longopts, &idx)) != -1) {
        int q = cli_query_option("plot", &opts, c, optarg);
        if (q == CLI_EUSAGE)
            return q;
        if (q == CLI_OK)
            continue;
        const char *name = idx >= 0 ? longopts[idx].name : "";
        bool trend_only = c == O_COUNTRY || c == O_PAIR;
        bool network_only =
            c == O_LEVEL || c == O_TOP || c == O_COLOR || c == O_MINW || c == O_MINP;
        if ((trend_only && !trend) || (network_only && !network))
            return cli_usage_error("plot", "--%s applies to 'plot %s'", name,
                                   trend_only ? "trend" : "network");
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            return cli_query_help(usage);
        case O_PAIR: {
            const char *comma = strchr(optarg, ',');
            if (comma) {
                size_t la = (size_t)(comma - optarg);
                if (la >= sizeof pair_buf[0] || strlen(comma + 1) >= sizeof pair_buf[1])
                    return cli_usage_error("plot", "bad --pair '%s' (two country codes)", optarg);
                memcpy(pair_buf[0], optarg, la);
                pair_buf[0][la] = '\0';
                strcpy(pair_buf[1], comma + 1);
                pair_a = pair_buf[0];
                pair_b = pair_buf[1];
            } else {
                pair_a = optarg;
                pair_b = NULL; /* the next argument */
            }
            break;
        }
        case O_COLOR:
            if (strcmp(optarg, "community") == 0)
                color = COAUTH_MAP_COLOR_COMMUNITY;
            else if (strcmp(optarg, "country") == 0)
                color = COAUTH_MAP_COLOR_COUNTRY;
            else
                return cli_usage_error("plot", "bad --color '%s' (community or country)", optarg);
            break;
        case O_LEVEL:
            level_given = true;
            /* fall through */
        case O_COUNTRY:
        case O_TOP:
        case O_MINW:
        case O_MINP:
            if (coauth_query_option(&opts, name, optarg, &err) != COAUTH_OK)
                return cli_usage_error("plot", "%s", err.msg);
            break;
        case ':':
            return cli_usage_error("plot", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("plot", "unknown option '%s'", argv[optind - 1]);
        }
        idx = -1;
    }
    if (pair_a && !pair_b) {
        if (optind >= argc)
            return cli_usage_error("plot", "--pair needs two country codes, e.g. --pair US CN");
        pair_b = argv[optind++];
    }
    if (optind < argc)
        return cli_usage_error("plot", "unexpected argument '%s'", argv[optind]);
    enum coauth_plot_format fmt;
    if (coauth_plot_format_of(output, &fmt, &err) != COAUTH_OK)
        return cli_usage_error("plot", "%s", err.msg);

    if (trend) {
        if (pair_a && opts.n_countries)
            return cli_usage_error("plot", "--country and --pair do not go together");
        if (opts.n_countries > COAUTH_PLOT_MAX_SERIES)
            return cli_usage_error("plot", "a trend draws at most %d countries",
                                   COAUTH_PLOT_MAX_SERIES);
        return plot_trend(db, output, fmt, &opts, pair_a, pair_b);
    }
    if (!level_given)
        opts.level = COAUTH_LEVEL_COUNTRY;
    if (opts.level == COAUTH_LEVEL_INSTITUTION && opts.pop.max_countries)
        return cli_usage_error("plot", "--max-countries applies to country-level queries only");
    if (opts.level == COAUTH_LEVEL_INSTITUTION && color == COAUTH_MAP_COLOR_COUNTRY)
        return cli_usage_error("plot", "--color country needs --level country (institutions "
                                       "have no country in the network yet)");
    return plot_network(db, output, fmt, &opts, color);
}
