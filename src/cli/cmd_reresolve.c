/* cmd_reresolve.c - `coauth reresolve`: re-apply the resolver (and a thesaurus) to
 * the affiliation strings already in the store, without reading XML again.
 *
 * Invariant: one transaction: either every string is re-resolved or none is.
 */
#include "cli.h"

#include <getopt.h>
#include <stdbool.h>

static const char usage[] =
    "usage: coauth reresolve [-d DB] [--thesaurus FILE] [-q]\n"
    "\n"
    "Re-resolve every stored affiliation string with this version's resolver and,\n"
    "if given, a VOSviewer thesaurus (label<TAB>replace by), in one transaction.\n"
    "With a ROR registry in the store ('coauth ror import'), parts are matched to\n"
    "its organisations: run reresolve after importing a new registry.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH      store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  --thesaurus FILE   map institution name variants to one name\n"
    "  -q, --quiet        do not print the summary line\n"
    "  -h, --help         show this help\n";

int cmd_reresolve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"thesaurus", required_argument, NULL, 'T'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    coauth_resolver_options ropts = COAUTH_RESOLVER_OPTIONS_INIT;
    bool quiet = false;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":d:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'T':
            ropts.thesaurus_path = optarg;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            return cli_help(usage);
        case ':':
            return cli_usage_error("reresolve", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("reresolve", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("reresolve", "unexpected argument '%s'", argv[optind]);
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
