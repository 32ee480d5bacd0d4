/* cmd_ror.c - `coauth ror import`: load ROR's registry dump into the store.
 *
 * Invariant: the store's registry is replaced in one transaction, or left as it was
 * (a file that fails to read changes nothing).
 */
#include "cli.h"

#include <coauth/ror.h>

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
    "date (from the dump's file name, else the newest record's last_modified date).\n";

enum { O_QUIET = 1 };
static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_OWN, "quiet", 'q', NULL, "do not print the summary line", NULL, O_QUIET},
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END_ENTRY,
};

static int own_option(void *ctx, int id, const char *name, const char *value)
{
    (void)id;
    (void)name;
    (void)value;
    *(bool *)ctx = true; /* --quiet, the only own option */
    return CLI_OK;
}

static int ror_import(int argc, char **argv)
{
    bool quiet = false;
    struct cli_args args;
    cli_args_init(&args, NULL);
    int prc = cli_parse("ror", argc, argv, options, usage, NULL, &args, own_option, &quiet);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db;
    int first = args.optind;
    if (first >= argc)
        return cli_usage_error("ror", "import needs the registry FILE");
    if (first + 1 < argc)
        return cli_usage_error("ror", "unexpected argument '%s'", argv[first + 1]);
    const char *path = argv[first];
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
        return cli_print_help(usage, options, NULL);
    if (strcmp(argv[1], "import") == 0)
        return ror_import(argc - 1, argv + 1);
    return cli_usage_error("ror", "unknown subcommand '%s' (import)", argv[1]);
}
