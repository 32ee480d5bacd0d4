/* cli.h - shared helpers of the coauth executable (src/cli/ only).
 *
 * Invariant: subcommands print data to their output FILE only, diagnostics to stderr
 * only, each diagnostic one line starting "coauth <cmd>: ", and return an exit code
 * (CLI_OK, CLI_EDATA, CLI_EUSAGE); only main() calls exit.
 */
#ifndef COAUTH_CLI_H
#define COAUTH_CLI_H

#include <coauth/coauth.h>
#include <stdbool.h>
#include <stdio.h>

enum { CLI_OK = 0, CLI_EDATA = 1, CLI_EUSAGE = 2 };

/* Print "coauth <cmd>: <message> (see 'coauth <cmd> --help')" to stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) COAUTH_PRINTF(2, 3);

/* Print "coauth <cmd>: <err->msg>" to stderr after flushing stdout; returns 1. */
int cli_fail(const char *cmd, const coauth_error *err);

/* Print "coauth <cmd>: <message>" to stderr (after flushing stdout); returns 1. */
int cli_error(const char *cmd, const char *fmt, ...) COAUTH_PRINTF(2, 3);

/* Print "coauth <cmd>: warning: <message>" to stderr. */
void cli_warn(const char *cmd, const char *fmt, ...) COAUTH_PRINTF(2, 3);

/* Print a help text to stdout; returns 0. */
int cli_help(const char *text);

/* Open the data output: `path` NULL or "-" means stdout. Returns NULL and prints an
 * error on failure. */
FILE *cli_open_output(const char *cmd, const char *path);

/* Flush and close the data output (stdout included), reporting a write error such as
 * ENOSPC. Returns `rc` when everything was written, else 1. A regular file given to
 * cli_open_output is written beside it and renamed over it here, only when `rc` is
 * CLI_OK and every byte was written; otherwise the old file stays untouched. */
int cli_close_output(const char *cmd, FILE *out, int rc);

/* cli_close_output after writing with status st: on failure, one line (the write error,
 * or err's message) and the export is discarded. Returns the exit code. */
int cli_finish_output(const char *cmd, FILE *out, coauth_status st, const coauth_error *err);

/* The store path: `opt` (from -d) if not NULL, else $COAUTH_DB if set and not empty,
 * else "coauth.db". */
const char *cli_db_path(const char *opt);

/* Apply $COAUTH_BUSY_TIMEOUT (seconds a writer waits for another writer's lock,
 * default 30) to a store opened for writing. Returns CLI_OK or a usage error. */
int cli_writer_timeout(const char *cmd, coauth_store *s);

/* Parse a non-negative decimal integer option value; returns 0 on success. */
int cli_parse_uint(const char *s, unsigned long long max, unsigned long long *out);

/* The option table (query_opts.c): each command lists its options as an array of
 * struct cli_opt ending with CLI_OPT_END_ENTRY; cli_parse() parses argv against it and
 * prints the --help from it. */
enum cli_opt_kind {
    CLI_OPT_END = 0,
    CLI_OPT_DB,     /* -d, --db PATH: cli_args.db */
    CLI_OPT_OUTPUT, /* -o, --output FILE: cli_args.output */
    CLI_OPT_HELP,   /* -h, --help: prints the help; cli_parse returns CLI_HELP_SHOWN */
    CLI_OPT_QUERY,  /* a value for coauth_query_option(query or name, value) */
    CLI_OPT_FLAG,   /* the same without a value */
    CLI_OPT_OWN,    /* the command's own: own(ctx, id, value) */
    CLI_OPT_COMMON  /* stands for the common query options (--years ... --max-countries) */
};
struct cli_opt {
    enum cli_opt_kind kind;
    const char *name;  /* the long name, without "--" */
    int short_name;    /* 'd', or 0 */
    const char *arg;   /* the value's placeholder in --help, NULL when it takes none */
    const char *help;  /* one paragraph, wrapped to CLI_HELP_WIDTH; NULL: not listed */
    const char *query; /* CLI_OPT_QUERY: coauth_query_option's name when not `name` */
    int id;            /* CLI_OPT_OWN */
};
#define CLI_HELP_WIDTH 80 /* no --help line is longer */
#define CLI_OPT_DB_ENTRY                                                                           \
    {                                                                                              \
        CLI_OPT_DB, "db", 'd', "PATH", "store file (default: $COAUTH_DB, else ./coauth.db)", NULL, \
            0                                                                                      \
    }
#define CLI_OPT_OUTPUT_ENTRY(help)                                                                 \
    {                                                                                              \
        CLI_OPT_OUTPUT, "output", 'o', "FILE", help, NULL, 0                                       \
    }
#define CLI_OPT_HELP_ENTRY                                                                         \
    {                                                                                              \
        CLI_OPT_HELP, "help", 'h', NULL, "show this help", NULL, 0                                 \
    }
#define CLI_OPT_COMMON_ENTRY                                                                       \
    {                                                                                              \
        CLI_OPT_COMMON, NULL, 0, NULL, NULL, NULL, 0                                               \
    }
#define CLI_OPT_END_ENTRY                                                                          \
    {                                                                                              \
        CLI_OPT_END, NULL, 0, NULL, NULL, NULL, 0                                                  \
    }
enum { CLI_OPT_BASE = 1000, CLI_OPT_MAX = 64, CLI_HELP_SHOWN = -1 };

struct cli_args {
    const char *db, *output;
    struct coauth_query_options *query; /* where CLI_OPT_QUERY/FLAG values go */
    int optind;                         /* the first operand in argv */
    const char *given[CLI_OPT_MAX];     /* the options given, by long name */
    size_t n_given;
};
/* A command's own option (`name` as given, without "--"): CLI_OK, or an exit code (its
 * message printed). */
typedef int (*cli_own_fn)(void *ctx, int id, const char *name, const char *value);

void cli_args_init(struct cli_args *a, struct coauth_query_options *query);
/* Parse argv (argv[0] the command) against `table`: CLI_OK, CLI_HELP_SHOWN (-h: the help
 * was printed, exit 0), or a usage error (2, its message printed). */
int cli_parse(const char *cmd, int argc, char **argv, const struct cli_opt *table,
              const char *usage, const char *epilog, struct cli_args *a, cli_own_fn own, void *ctx);
/* Whether the option `name` (long name) was given. */
bool cli_given(const struct cli_args *a, const char *name);
/* `usage` (the usage lines and description), the options of `table` (and the common
 * query options when it has CLI_OPT_COMMON), then `epilog` if not NULL; returns 0. */
int cli_print_help(const char *usage, const struct cli_opt *table, const char *epilog);
/* After the store is open: --types names no paper has are a usage error (returned,
 * message printed), then cli_query_population_note. Returns CLI_OK to go on. */
int cli_query_check(const char *cmd, coauth_store *s, const struct coauth_query_options *opts);
/* Warn once when a non-default population leaves papers without metadata out. */
void cli_query_population_note(const char *cmd, coauth_store *s,
                               const struct coauth_query_options *opts);

/* Warn when an upper-case country code is not ISO 3166-1 ("UK": did you mean GB?). */
void cli_check_country(const char *cmd, const char code[3]);

/* progress.c: v with a comma every three digits ("1,298"); returns buf. */
const char *cli_thousands(char buf[32], uint64_t v);
/* The ETA is shown once this many seconds have passed and this share of the input is read. */
#define CLI_ETA_MIN_SECONDS 5.0
#define CLI_ETA_MIN_SHARE   0.02
/* The text of an ingest progress line, "12/1,298 files, 345,678 records, 2,345 records/s,
 * 12.3 MB/s[, ETA 1h02m]", cut to cap - 1 bytes. */
void cli_progress_text(char *buf, size_t cap, const coauth_progress *p);

/* Subcommand entry points: one per src/cli/cmd_<name>.c. */
int cmd_ingest(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_reresolve(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_intl(int argc, char **argv);
int cmd_pair(int argc, char **argv);
int cmd_network(int argc, char **argv);
int cmd_centrality(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_ror(int argc, char **argv);

#endif
