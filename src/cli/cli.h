/* cli.h - shared helpers of the coauth executable (src/cli/ only).
 *
 * Invariant: subcommands print data to their output FILE only, diagnostics to stderr
 * only, each diagnostic one line starting "coauth <cmd>: ", and return an exit code
 * (CLI_OK, CLI_EDATA, CLI_EUSAGE); only main() calls exit.
 */
#ifndef COAUTH_CLI_H
#define COAUTH_CLI_H

#include <coauth/coauth.h>
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

/* The common query options (query_opts.c). Own getopt values must stay below
 * CLI_QOPT_BASE. */
enum { CLI_QOPT_BASE = 1000, CLI_QOPT_MAX = 64 };
struct option;
struct coauth_query_options;
/* out (cap entries, CLI_QOPT_MAX is enough): the command's own options `own`
 * (terminated by a NULL name), then the common ones, then the terminator. */
void cli_query_longopts(struct option *out, size_t cap, const struct option *own);
/* Apply common option c (a getopt value) to opts: CLI_OK, a usage error (2), or -1
 * when c is not a common option. */
int cli_query_option(const char *cmd, struct coauth_query_options *opts, int c, const char *arg);
/* Print `usage`, then the common options' help; returns 0. */
int cli_query_help(const char *usage);
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

#endif
