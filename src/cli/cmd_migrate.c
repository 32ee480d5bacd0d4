/* cmd_migrate.c - `coauth migrate`: bring a store made by an older coauth to this
 * build's schema.
 *
 * Invariant: one transaction (the one coauth_store_open runs for any writable open of
 * an older store): the store is either migrated completely or left as it was.
 */
#include "cli.h"

#include <getopt.h>

static const char usage[] =
    "usage: coauth migrate [-d DB]\n"
    "\n"
    "Upgrade a store made by an older coauth to this version's schema, in one\n"
    "transaction, and say on stderr what was done. Queries open the store read-only and\n"
    "refuse an older schema; ingest, reresolve and migrate upgrade it. Papers stored\n"
    "before schema 2 have no paper metadata (publication types, journal, MeSH, grants,\n"
    "authors' names); re-ingesting their files with --force fills it.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH      store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  -h, --help         show this help\n";

int cmd_migrate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'h':
            return cli_help(usage);
        case ':':
            return cli_usage_error("migrate", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("migrate", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("migrate", "unexpected argument '%s'", argv[optind]);
    const char *path = cli_db_path(db);
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store *s = NULL;
    /* The migration runs inside the open (waiting up to COAUTH_BUSY_TIMEOUT_MS for
     * another writer's lock). */
    if (coauth_store_open(&s, path, COAUTH_STORE_EXISTING, &err) != COAUTH_OK)
        return cli_fail("migrate", &err);
    int from = coauth_store_migrated_from(s);
    coauth_store_free(s);
    if (from)
        fprintf(stderr, "coauth migrate: '%s' migrated from store schema %d to %d\n", path, from,
                COAUTH_SCHEMA_VERSION);
    else
        fprintf(stderr, "coauth migrate: '%s' is already at store schema %d\n", path,
                COAUTH_SCHEMA_VERSION);
    return CLI_OK;
}
