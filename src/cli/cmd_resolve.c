/* cmd_resolve.c - `coauth resolve` (not built yet: prints its help, else fails).
 *
 * Invariant: exit 0 for --help, 1 otherwise until the command is implemented.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: coauth resolve [--thesaurus FILE] [-o FILE] < strings.txt\n"
    "\n"
    "options:\n"
    "  --thesaurus FILE\n"
    "  -o, --output FILE\n"
    "  -h, --help\n"
;

int cmd_resolve(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return cli_help(usage);
    return cli_error("resolve", "not built yet");
}
