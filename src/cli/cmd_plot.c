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
    "'coauth network --format vosviewer' writes the same map for VOSviewer.\n";

enum { O_COUNTRY = 1, O_PAIR, O_LEVEL, O_TOP, O_COLOR, O_MINW, O_MINP };
static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    CLI_OPT_OUTPUT_ENTRY("the picture: FILE.svg, FILE.png or FILE.pdf"),
    {CLI_OPT_OWN, "country", 0, "CC,...", "trend: these countries (ISO codes, any case)", NULL,
     O_COUNTRY},
    {CLI_OPT_OWN, "pair", 0, "CC CC", "trend: a pair of countries (or --pair CC,CC)", NULL, O_PAIR},
    {CLI_OPT_OWN, "level", 0, "country|institution", "network: the nodes (default country)", NULL,
     O_LEVEL},
    {CLI_OPT_OWN, "top", 0, "N",
     "network: only the N nodes with the most papers (at least 1; without --top, every node)", NULL,
     O_TOP},
    {CLI_OPT_OWN, "color", 0, "community|country",
     "network: colour by community (default) or a fixed colour per country (at institution "
     "level the institution's country)",
     NULL, O_COLOR},
    {CLI_OPT_OWN, "colour", 0, "community|country", NULL, NULL, O_COLOR},
    {CLI_OPT_OWN, "min-weight", 0, "W", "network: drop links whose weight is below W", NULL,
     O_MINW},
    {CLI_OPT_OWN, "min-papers", 0, "N", "network: drop nodes with fewer than N papers", NULL,
     O_MINP},
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_COMMON_ENTRY,
    CLI_OPT_END_ENTRY,
};

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

struct plot_args {
    bool trend, network, level_given;
    const char *pair_a, *pair_b;
    char pair_buf[2][8];
    enum coauth_map_color color;
    coauth_query_options *opts;
};

static int plot_option(void *ctx, int id, const char *name, const char *value)
{
    struct plot_args *pa = ctx;
    bool trend_only = id == O_COUNTRY || id == O_PAIR;
    if ((trend_only && !pa->trend) || (!trend_only && !pa->network))
        return cli_usage_error("plot", "--%s applies to 'plot %s'", name,
                               trend_only ? "trend" : "network");
    coauth_error err = COAUTH_ERROR_INIT;
    switch (id) {
    case O_PAIR: {
        const char *comma = strchr(value, ',');
        if (comma) {
            size_t la = (size_t)(comma - value);
            if (la >= sizeof pa->pair_buf[0] || strlen(comma + 1) >= sizeof pa->pair_buf[1])
                return cli_usage_error("plot", "bad --pair '%s' (two country codes)", value);
            memcpy(pa->pair_buf[0], value, la);
            pa->pair_buf[0][la] = '\0';
            strcpy(pa->pair_buf[1], comma + 1);
            pa->pair_a = pa->pair_buf[0];
            pa->pair_b = pa->pair_buf[1];
        } else {
            pa->pair_a = value;
            pa->pair_b = NULL; /* the next argument */
        }
        return CLI_OK;
    }
    case O_COLOR:
        if (strcmp(value, "community") == 0)
            pa->color = COAUTH_MAP_COLOR_COMMUNITY;
        else if (strcmp(value, "country") == 0)
            pa->color = COAUTH_MAP_COLOR_COUNTRY;
        else
            return cli_usage_error("plot", "bad --color '%s' (community or country)", value);
        return CLI_OK;
    case O_LEVEL:
        pa->level_given = true;
        break;
    default:
        break;
    }
    if (coauth_query_option(pa->opts, name, value, &err) != COAUTH_OK)
        return cli_usage_error("plot", "%s", err.msg);
    if (id == O_TOP && pa->opts->top == 0)
        return cli_usage_error("plot", "--top 0 would draw no node (leave --top out for every "
                                       "node)");
    return CLI_OK;
}

int cmd_plot(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("plot", "expected 'trend' or 'network'");
    const char *kind = argv[1];
    if (strcmp(kind, "-h") == 0 || strcmp(kind, "--help") == 0)
        return cli_print_help(usage, options, NULL);
    coauth_query_options opts = COAUTH_QUERY_OPTIONS_INIT;
    struct plot_args pa = {.trend = strcmp(kind, "trend") == 0,
                           .network = strcmp(kind, "network") == 0,
                           .color = COAUTH_MAP_COLOR_COMMUNITY,
                           .opts = &opts};
    if (!pa.trend && !pa.network)
        return cli_usage_error("plot", "expected 'trend' or 'network', not '%s'", kind);
    coauth_error err = COAUTH_ERROR_INIT;
    struct cli_args args;
    cli_args_init(&args, &opts);
    /* cli_parse sees `trend ...` / `network ...`, the kind in place of a name */
    int prc = cli_parse("plot", argc - 1, argv + 1, options, usage, NULL, &args, plot_option, &pa);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    argc--;
    argv++;
    int first = args.optind;
    const char *db = args.db, *output = args.output, *pair_a = pa.pair_a, *pair_b = pa.pair_b;
    if (pa.trend && cli_given(&args, "counting"))
        return cli_usage_error("plot", "--counting applies to 'plot network' (a trend shows "
                                       "papers and shares)");
    bool trend = pa.trend, level_given = pa.level_given;
    enum coauth_map_color color = pa.color;
    if (pair_a && !pair_b) {
        if (first >= argc)
            return cli_usage_error("plot", "--pair needs two country codes, e.g. --pair US CN");
        pair_b = argv[first++];
    }
    if (first < argc)
        return cli_usage_error("plot", "unexpected argument '%s'", argv[first]);
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
    return plot_network(db, output, fmt, &opts, color);
}
