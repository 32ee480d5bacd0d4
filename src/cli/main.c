/* main.c - the coauth executable: global options and the subcommand dispatch table.
 *
 * Invariant: main() is the only place that ends the process; it closes stdout and
 * turns a failed write (e.g. ENOSPC, /dev/full) into exit status 1.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct cmd_struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct cmd_struct commands[] = {
    {"ingest", cmd_ingest, "apply PubMed/MEDLINE XML files (.xml, .xml.gz, -) to the store"},
    {"resolve", cmd_resolve, "resolve affiliation strings on stdin to country and institution"},
    {"reresolve", cmd_reresolve, "re-apply the resolver (and a thesaurus) to stored strings"},
    {"stats", cmd_stats, "print counts of what the store holds"},
    {"migrate", cmd_migrate, "upgrade a store made by an older coauth to this schema"},
    {"intl", cmd_intl, "papers, international papers and shares by country and/or year"},
    {"pair", cmd_pair, "papers co-authored by two countries, by year or in total"},
    {"network", cmd_network, "the weighted co-authorship graph (CSV, GraphML, Pajek, VOSviewer)"},
    {"centrality", cmd_centrality, "degree, strength, betweenness, closeness, eigenvector, pagerank"},
    {"plot", cmd_plot, "pictures: a trend by year, or the network map (SVG, PNG, PDF)"},
    {"ror", cmd_ror, "ror import FILE: load the ROR organisation registry into the store"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void print_help(FILE *f)
{
    fputs("usage: coauth <command> [options] [args]\n"
          "       coauth --help | --version | help <command>\n"
          "\n"
          "Turns PubMed/MEDLINE XML dumps into a country-institution co-authorship store\n"
          "and computes collaboration indicators as CSV on stdout.\n"
          "\n"
          "commands:\n",
          f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "The store is the SQLite file given by -d PATH, else $COAUTH_DB, else\n"
          "./coauth.db. A writer (ingest, reresolve, migrate) waits up to\n"
          "$COAUTH_BUSY_TIMEOUT seconds (default 30) for another one's lock.\n"
          "Exit status: 0 success, 1 data or I/O error, 2 usage error.\n"
          "Run 'coauth <command> --help' for the options of a command.\n",
          f);
}

static void print_version(void)
{
    printf("coauth %s\n", coauth_version());
    printf("zlib %s\n", coauth_zlib_version());
    printf("libxml2 %s\n", coauth_libxml2_version());
    printf("igraph %s\n", coauth_igraph_version());
    printf("SQLite %s\n", coauth_sqlite_version());
    printf("cairo %s\n", coauth_cairo_version());
}

static const struct cmd_struct *find_cmd(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static int run(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CLI_EUSAGE;
    }
    const char *a = argv[1];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        print_help(stdout);
        return CLI_OK;
    }
    if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
        print_version();
        return CLI_OK;
    }
    if (strcmp(a, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return CLI_OK;
        }
        const struct cmd_struct *c = find_cmd(argv[2]);
        if (!c)
            return cli_usage_error(NULL, "unknown command '%s'", argv[2]);
        char *hargv[] = {argv[2], "--help", NULL};
        return c->fn(2, hargv);
    }
    if (a[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", a);
    const struct cmd_struct *c = find_cmd(a);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", a);
    return c->fn(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    coauth_error err = COAUTH_ERROR_INIT;
    if (coauth_lib_init(&err) != COAUTH_OK) {
        fprintf(stderr, "coauth: %s\n", err.msg);
        return CLI_EDATA;
    }
    int rc = run(argc, argv);
    coauth_plot_cleanup();
    /* Check for ENOSPC and EIO on stdout, like git and jq. */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno ? errno : EIO;
        /* A command that already reported the failure returned CLI_EDATA: one line. */
        if (rc != CLI_EDATA)
            fprintf(stderr, "coauth: error writing output: %s\n", strerror(e));
        fclose(stdout);
        return CLI_EDATA;
    }
    if (fclose(stdout) != 0 && rc != CLI_EDATA) {
        fprintf(stderr, "coauth: error closing output: %s\n", strerror(errno));
        return CLI_EDATA;
    }
    return rc;
}
