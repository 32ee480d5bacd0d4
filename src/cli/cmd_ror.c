/* cmd_ror.c - `coauth ror import`: load ROR's registry dump into the store.
 *
 * Invariant: the store's registry is replaced in one transaction, or left as it was
 * (a file that fails to read changes nothing).
 */
#include "cli.h"

#include <coauth/ror.h>

#include <getopt.h>
#include <stdbool.h>
#include <string.h>

static const char usage[] =
    "usage: coauth ror import [-d DB] [-q] FILE\n"
    "\n"
    "Load the ROR registry (ror.org's data dump: a JSON array or JSON lines of schema\n"
    "v2 or v1 records, plain, .gz or .zip) into the store, replacing the registry it\n"
    "held, in one transaction. Ingest and reresolve then match affiliations to ROR\n"
    "organisations; run 'coauth reresolve' to apply a new registry to the strings\n"
    "already stored. Prints the organisations loaded and the registry's version and\n"
    "date (from the dump's file name, else the newest record's last_modified date).\n"
    "\n"
    "options:\n"
    "  -d, --db PATH      store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  -q, --quiet        do not print the summary line\n"
    "  -h, --help         show this help\n";

static int ror_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    bool quiet = false;
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":d:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            return cli_help(usage);
        case ':':
            return cli_usage_error("ror", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("ror", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return cli_usage_error("ror", "import needs the registry FILE");
    if (optind + 1 < argc)
        return cli_usage_error("ror", "unexpected argument '%s'", argv[optind + 1]);
    const char *path = argv[optind];
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_ror *reg = NULL;
    coauth_ror_info info;
    coauth_store *s = NULL;
    int rc = CLI_OK;
    if (coauth_ror_new(&reg, &err) != COAUTH_OK ||
        coauth_ror_load_file(reg, path, &info, &err) != COAUTH_OK ||
        coauth_ror_finish(reg, &err) != COAUTH_OK)
        rc = cli_fail("ror", &err);
    else if (coauth_store_open(&s, cli_db_path(db), 0, &err) != COAUTH_OK)
        rc = cli_fail("ror", &err);
    else if ((rc = cli_writer_timeout("ror", s)) != CLI_OK)
        ;
    else if (coauth_store_ror_replace(s, reg, &info, &err) != COAUTH_OK)
        rc = cli_fail("ror", &err);
    else if (!quiet)
        fprintf(stderr,
                "coauth ror import: %llu organisations loaded (%llu schema v2, %llu v1); "
                "registry version %s, date %s\n",
                (unsigned long long)info.records, (unsigned long long)info.v2,
                (unsigned long long)info.v1, info.version, info.date[0] ? info.date : "unknown");
    coauth_store_free(s);
    coauth_ror_free(reg);
    return rc;
}

int cmd_ror(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error("ror", "missing subcommand (import)");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cli_help(usage);
    if (strcmp(argv[1], "import") == 0)
        return ror_import(argc - 1, argv + 1);
    return cli_usage_error("ror", "unknown subcommand '%s' (import)", argv[1]);
}
