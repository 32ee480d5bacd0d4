/* cmd_ingest.c - `coauth ingest` (not built yet: prints its help, else fails).
 *
 * Invariant: exit 0 for --help, 1 otherwise until the command is implemented.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: coauth ingest [-d DB] [-j N] [--force] [--fail-fast] [--progress|--quiet] FILE...\n"
    "\n"
    "options:\n"
    "  -d, --db PATH\n"
    "  -j, --jobs N\n"
    "  --force\n"
    "  --fail-fast\n"
    "  --progress\n"
    "  -q, --quiet\n"
    "  -h, --help\n"
;

int cmd_ingest(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return cli_help(usage);
    return cli_error("ingest", "not built yet");
}
