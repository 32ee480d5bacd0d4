/* cmd_migrate.c - `coauth migrate`: bring a store made by an older coauth to this
 * build's schema.
 *
 * Invariant: one transaction (the one coauth_store_open runs for any writable open of
 * an older store): the store is either migrated completely or left as it was.
 */
#include "cli.h"

static const char usage[] =
    "usage: coauth migrate [-d DB]\n"
    "\n"
    "Upgrade a store made by an older coauth to this version's schema, in one\n"
    "transaction, and say on stderr what was done. Queries open the store read-only\n"
    "and refuse an older schema; ingest, reresolve and migrate upgrade it. Papers\n"
    "stored before schema 2 have no paper metadata (publication types, journal, MeSH,\n"
    "grants, authors' names); re-ingesting their files with --force fills it.\n";

static const char epilog[] =
    "Environment: COAUTH_DB (the store when -d is not given); COAUTH_BUSY_TIMEOUT\n"
    "(seconds to wait for another process's write lock before failing, default 30).\n";

static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END_ENTRY,
};

int cmd_migrate(int argc, char **argv)
{
    struct cli_args args;
    cli_args_init(&args, NULL);
    int prc = cli_parse("migrate", argc, argv, options, usage, epilog, &args, NULL, NULL);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db;
    int first = args.optind;
    if (first < argc)
        return cli_usage_error("migrate", "unexpected argument '%s'", argv[first]);
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
