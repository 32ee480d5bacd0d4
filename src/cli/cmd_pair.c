/* cmd_pair.c - `coauth pair` (not built yet: prints its help, else fails).
 *
 * Invariant: exit 0 for --help, 1 otherwise until the command is implemented.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: coauth pair [-d DB] CC CC [--by year|total] [query options]\n"
    "\n"
    "options:\n"
    "  -d, --db PATH\n"
    "  --by year|total\n"
    "  --years A-B\n"
    "  --counting full|fractional\n"
    "  --fold-hk-mo\n"
    "  -o, --output FILE\n"
    "  -h, --help\n"
;

int cmd_pair(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return cli_help(usage);
    return cli_error("pair", "not built yet");
}
