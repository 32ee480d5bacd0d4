/* cmd_reresolve.c - `coauth reresolve` (not built yet: prints its help, else fails).
 *
 * Invariant: exit 0 for --help, 1 otherwise until the command is implemented.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: coauth reresolve [-d DB] [--thesaurus FILE]\n"
    "\n"
    "options:\n"
    "  -d, --db PATH\n"
    "  --thesaurus FILE\n"
    "  -h, --help\n"
;

int cmd_reresolve(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return cli_help(usage);
    return cli_error("reresolve", "not built yet");
}
