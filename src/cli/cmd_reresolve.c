/* cmd_reresolve.c - `coauth reresolve`: re-apply the resolver (and a thesaurus) to
 * the affiliation strings already in the store, without reading XML again.
 *
 * Invariant: one transaction: either every string is re-resolved or none is.
 */
#include "cli.h"

#include <stdbool.h>

static const char usage[] =
    "usage: coauth reresolve [-d DB] [--thesaurus FILE] [-q]\n"
    "\n"
    "Re-resolve every stored affiliation string with this version's resolver and,\n"
    "if given, a VOSviewer thesaurus (label<TAB>replace by), in one transaction.\n"
    "With a ROR registry in the store ('coauth ror import'), parts are matched to\n"
    "its organisations: run reresolve after importing a new registry.\n";

static const char epilog[] =
    "Environment: COAUTH_DB (the store when -d is not given); COAUTH_BUSY_TIMEOUT\n"
    "(seconds to wait for another process's write lock before failing, default 30).\n";

enum { O_THESAURUS = 1, O_QUIET };
static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_OWN, "thesaurus", 0, "FILE", "map institution name variants to one name", NULL,
     O_THESAURUS},
    {CLI_OPT_OWN, "quiet", 'q', NULL, "do not print the summary line", NULL, O_QUIET},
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END_ENTRY,
};

struct reresolve_args {
    coauth_resolver_options ropts;
    bool quiet;
};

static int own_option(void *ctx, int id, const char *name, const char *value)
{
    (void)name;
    struct reresolve_args *ra = ctx;
    if (id == O_THESAURUS)
        ra->ropts.thesaurus_path = value;
    else
        ra->quiet = true;
    return CLI_OK;
}

int cmd_reresolve(int argc, char **argv)
{
    struct reresolve_args ra = {COAUTH_RESOLVER_OPTIONS_INIT, false};
    struct cli_args args;
    cli_args_init(&args, NULL);
    int prc = cli_parse("reresolve", argc, argv, options, usage, epilog, &args, own_option, &ra);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db;
    coauth_resolver_options ropts = ra.ropts;
    bool quiet = ra.quiet;
    int first = args.optind;
    if (first < argc)
        return cli_usage_error("reresolve", "unexpected argument '%s'", argv[first]);
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_resolver *r = NULL;
    coauth_ror *ror = NULL;
    coauth_store *s = NULL;
    int rc = CLI_OK;
    uint64_t changed = 0;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_EXISTING, &err) != COAUTH_OK)
        rc = cli_fail("reresolve", &err);
    else if (coauth_store_ror_load(s, &ror, &err) != COAUTH_OK)
        rc = cli_fail("reresolve", &err);
    else if ((ropts.ror = ror, coauth_resolver_new(&r, &ropts, &err)) != COAUTH_OK)
        rc = cli_fail("reresolve", &err);
    else if ((rc = cli_writer_timeout("reresolve", s)) != CLI_OK)
        ;
    else if (coauth_store_reresolve(s, r, &changed, &err) != COAUTH_OK ||
             coauth_store_note_resolver(s, r, true, &err) != COAUTH_OK)
        rc = cli_fail("reresolve", &err);
    else if (!quiet)
        fprintf(stderr, "coauth reresolve: %llu affiliation strings changed\n",
                (unsigned long long)changed);
    coauth_store_free(s);
    coauth_resolver_free(r);
    coauth_ror_free(ror);
    return rc;
}
