/* cmd_centrality.c - `coauth centrality` (not built yet: prints its help, else fails).
 *
 * Invariant: exit 0 for --help, 1 otherwise until the command is implemented.
 */
#include "cli.h"

#include <string.h>

static const char usage[] =
    "usage: coauth centrality [-d DB] --level country|institution [--sort MEASURE] [--top N] [query options]\n"
    "\n"
    "options:\n"
    "  -d, --db PATH\n"
    "  --level country|institution\n"
    "  --sort MEASURE\n"
    "  --top N\n"
    "  --min-papers N\n"
    "  --years A-B\n"
    "  --counting full|fractional\n"
    "  --fold-hk-mo\n"
    "  -o, --output FILE\n"
    "  -h, --help\n"
;

int cmd_centrality(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return cli_help(usage);
    return cli_error("centrality", "not built yet");
}
