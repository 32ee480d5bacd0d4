/* cmd_ingest.c - `coauth ingest`: apply PubMed/MEDLINE XML files to the store.
 *
 * Invariant: exit 0 only when every file was applied or skipped as already applied;
 * each failing file gets one line on stderr naming the file and place, and the other
 * files are still applied unless --fail-fast.
 */
#include "cli.h"

#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: coauth ingest [-d DB] [-j N] [--force] [--fail-fast] [--progress|--quiet]\n"
    "                     FILE...\n"
    "\n"
    "Apply PubMed/MEDLINE XML files, JATS articles (PMC .nxml, eLife, PLOS, SciELO)\n"
    "and PMC Open Access packages (.tar.gz of .nxml) to the store; the format comes\n"
    "from the root element and gzip/tar from the bytes, never the name; '-' reads\n"
    "standard input. A PubMed record and a JATS article of one PMID are one paper\n"
    "(docs/jats.md). The file later in NLM's sequence wins\n"
    "(pubmedYYnNNNN.xml.gz: by YY, then NNNN), whatever order files are given in;\n"
    "files with other names come after every file applied before them.\n"
    "DeleteCitation removes papers and is remembered. Each file is one transaction:\n"
    "a file that fails (truncated gzip, malformed XML, an MD5 that does not match its\n"
    "FILE.md5, ...) leaves nothing in the store and the other files are still\n"
    "applied; a failure of the store itself (disk full, I/O error, corrupt file)\n"
    "stops the run. A file already applied (same base name, size and checksum) is\n"
    "skipped. Ctrl-C (SIGINT) or SIGTERM stops at the next record: the file being\n"
    "applied is rolled back, the files before it stay, and running the same command\n"
    "again applies the rest.\n";

static const char epilog[] =
    "Environment: COAUTH_DB (the store when -d is not given); COAUTH_BUSY_TIMEOUT\n"
    "(seconds to wait for another process's write lock before failing, default 30).\n"
    "\n"
    "Exit status: 0 all files applied (or skipped), 1 a file failed or the store\n"
    "could not be written, 2 usage error, 130 interrupted by Ctrl-C (143 by SIGTERM).\n";

enum { O_JOBS = 1, O_FORCE, O_FAIL_FAST, O_PROGRESS, O_QUIET };
static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    {CLI_OPT_OWN, "jobs", 'j', "N", "parser threads (default: number of cores)", NULL, O_JOBS},
    {CLI_OPT_OWN, "force", 0, NULL, "re-apply files that were already applied", NULL, O_FORCE},
    {CLI_OPT_OWN, "fail-fast", 0, NULL, "stop at the first file that fails", NULL, O_FAIL_FAST},
    {CLI_OPT_OWN, "progress", 0, NULL,
     "show progress on stderr even when it is not a terminal (one time-stamped line a "
     "second)",
     NULL, O_PROGRESS},
    {CLI_OPT_OWN, "quiet", 'q', NULL, "no progress and no summary; errors and warnings only", NULL,
     O_QUIET},
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END_ENTRY,
};

struct ingest_args {
    coauth_ingest_options *opts;
    bool progress, quiet;
};

static int own_option(void *ctx, int id, const char *name, const char *value)
{
    (void)name;
    struct ingest_args *ia = ctx;
    switch (id) {
    case O_JOBS: {
        unsigned long long v;
        if (cli_parse_uint(value, 256, &v) != 0 || v == 0)
            return cli_usage_error("ingest", "-j wants a number from 1 to 256, not '%s'", value);
        ia->opts->jobs = (unsigned)v;
        break;
    }
    case O_FORCE:
        ia->opts->force = true;
        break;
    case O_FAIL_FAST:
        ia->opts->fail_fast = true;
        break;
    case O_PROGRESS:
        ia->progress = true;
        break;
    default:
        ia->quiet = true;
        break;
    }
    return CLI_OK;
}

/* Set by the SIGINT/SIGTERM handler, polled by the ingest driver (opts.interrupt): the
 * run stops at a record boundary, keeps the files committed and prints its summary. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig; /* SA_RESETHAND: a second Ctrl-C ends the process at once */
}

struct ui {
    bool progress;
    bool tty;   /* stderr is a terminal: one line redrawn in place */
    bool plain; /* a terminal without escape codes (TERM unset or dumb) */
    bool quiet;
    double last;
    size_t shown;         /* width of the progress line on screen (tty), 0 none */
    uint64_t skipped;     /* files skipped as already applied */
    const char *skipped1; /* the first of them */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The width of the terminal on stderr: TIOCGWINSZ, else $COLUMNS, else 80. */
static size_t term_width(void)
{
    struct winsize ws;
    if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *env = getenv("COLUMNS");
    unsigned long long v;
    if (env && cli_parse_uint(env, 10000, &v) == 0 && v > 0)
        return (size_t)v;
    return 80;
}

static void clear_progress(struct ui *ui)
{
    if (!ui->shown)
        return;
    if (ui->plain)
        fprintf(stderr, "\r%*s\r", (int)ui->shown, "");
    else
        fputs("\r\033[K", stderr);
    ui->shown = 0;
}

static void on_progress(void *ud, const coauth_progress *p)
{
    struct ui *ui = ud;
    if (!ui->progress)
        return;
    double t = mono_now();
    double min_gap = ui->tty ? 1.0 / 6 : 1.0;
    bool last = p->files_done == p->files_total;
    if (t - ui->last < min_gap && !last)
        return;
    ui->last = t;
    char text[256], line[320];
    cli_progress_text(text, sizeof text, p);
    if (!ui->tty) {
        /* a log line: time-stamped, never redrawn */
        char stamp[32];
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
        fprintf(stderr, "coauth ingest: %s %s\n", stamp, text);
        return;
    }
    /* one line redrawn in place, cut to the terminal's width so that it never wraps
     * (a wrapped line could not be redrawn) */
    size_t len = (size_t)snprintf(line, sizeof line, "coauth ingest: %s", text);
    if (len >= sizeof line)
        len = sizeof line - 1;
    size_t width = term_width();
    if (width > 1 && len > width - 1)
        len = width - 1;
    if (ui->plain)
        fprintf(stderr, "\r%.*s%*s", (int)len, line, ui->shown > len ? (int)(ui->shown - len) : 0,
                "");
    else
        fprintf(stderr, "\r\033[K%.*s", (int)len, line);
    ui->shown = len;
}

static void on_warn(void *ud, const char *msg)
{
    struct ui *ui = ud;
    clear_progress(ui);
    cli_warn("ingest", "%s", msg);
}

static void on_file(void *ud, const char *path, enum coauth_file_outcome outcome,
                    const coauth_file_info *info, const char *message)
{
    struct ui *ui = ud;
    (void)info;
    if (outcome == COAUTH_FILE_FAILED) {
        clear_progress(ui);
        cli_error("ingest", "%s", message && *message ? message : "failed");
    } else if (outcome == COAUTH_FILE_SKIPPED && !ui->skipped++) {
        ui->skipped1 = path; /* reported once, at the end */
    }
}

int cmd_ingest(int argc, char **argv)
{
    coauth_ingest_options opts = COAUTH_INGEST_OPTIONS_INIT;
    struct ingest_args ia = {&opts, false, false};
    struct cli_args args;
    cli_args_init(&args, NULL);
    int prc = cli_parse("ingest", argc, argv, options, usage, epilog, &args, own_option, &ia);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db;
    bool want_progress = ia.progress;
    struct ui ui = {0};
    ui.quiet = ia.quiet;
    int first = args.optind;
    if (want_progress && ui.quiet)
        return cli_usage_error("ingest", "--progress and --quiet exclude each other");
    if (first >= argc)
        return cli_usage_error("ingest", "no input files");
    /* Usage errors are found before the store is opened, so they never create one. */
    for (int i = first, n_stdin = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && ++n_stdin > 1)
            return cli_usage_error("ingest", "standard input ('-') given more than once");
    ui.tty = isatty(2);
    const char *term = getenv("TERM");
    ui.plain = !term || !*term || strcmp(term, "dumb") == 0;
    ui.progress = !ui.quiet && (want_progress || ui.tty);

    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store *s = NULL;
    coauth_resolver *resolver = NULL;
    coauth_ror *ror = NULL;
    int rc = CLI_OK;
    if (coauth_store_open(&s, cli_db_path(db), 0, &err) != COAUTH_OK)
        return cli_fail("ingest", &err);
    if (coauth_store_migrated_from(s) && !ui.quiet)
        fprintf(stderr,
                "coauth ingest: '%s' migrated from store schema %d to %d (papers already stored "
                "have no metadata until their files are ingested again with --force)\n",
                cli_db_path(db), coauth_store_migrated_from(s), COAUTH_SCHEMA_VERSION);
    if ((rc = cli_writer_timeout("ingest", s)) != CLI_OK)
        goto out;
    /* the store's ROR registry, when `coauth ror import` gave it one */
    coauth_resolver_options ropts = COAUTH_RESOLVER_OPTIONS_INIT;
    if (coauth_store_ror_load(s, &ror, &err) != COAUTH_OK) {
        rc = cli_fail("ingest", &err);
        goto out;
    }
    ropts.ror = ror;
    if (coauth_resolver_new(&resolver, &ropts, &err) != COAUTH_OK) {
        rc = cli_fail("ingest", &err);
        goto out;
    }
    opts.resolver = resolver;
    opts.warn = on_warn;
    opts.warn_ud = &ui;
    opts.on_file = on_file;
    opts.file_ud = &ui;
    opts.progress = on_progress;
    opts.progress_ud = &ui;
    opts.interrupt = &interrupted;
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    coauth_ingest_summary sum;
    coauth_status st = coauth_ingest_files(s, (const char *const *)argv + first,
                                           (size_t)(argc - first), &opts, &sum, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    clear_progress(&ui);
    if (ui.skipped && !ui.quiet) {
        char n[32];
        if (ui.skipped == 1)
            fprintf(stderr, "coauth ingest: '%s' already applied, skipped (use --force)\n",
                    ui.skipped1);
        else
            fprintf(stderr,
                    "coauth ingest: %s files already applied, skipped (use --force to apply "
                    "them again)\n",
                    cli_thousands(n, ui.skipped));
    }
    if (sum.interrupted)
        fprintf(stderr,
                "coauth ingest: interrupted by %s: the file being applied was rolled back, the "
                "files counted below stay (run the same command again to apply the rest)\n",
                interrupted == SIGTERM ? "SIGTERM" : "SIGINT");
    if (st == COAUTH_EINVAL && sum.files_applied + sum.files_failed + sum.files_skipped == 0) {
        rc = cli_usage_error("ingest", "%s", err.msg);
        goto out;
    }
    if (!ui.quiet)
        fprintf(stderr,
                "coauth ingest: %llu file%s applied, %llu skipped, %llu failed; %llu record%s, "
                "%llu deletion%s, %llu record%s without PMID skipped\n",
                (unsigned long long)sum.files_applied, sum.files_applied == 1 ? "" : "s",
                (unsigned long long)sum.files_skipped, (unsigned long long)sum.files_failed,
                (unsigned long long)sum.records, sum.records == 1 ? "" : "s",
                (unsigned long long)sum.deletions, sum.deletions == 1 ? "" : "s",
                (unsigned long long)sum.skipped_records, sum.skipped_records == 1 ? "" : "s");
    if (st != COAUTH_OK)
        rc = CLI_EDATA;
    if (sum.interrupted)
        rc = 128 + (interrupted ? (int)interrupted : SIGINT); /* as the shell reports it */
    /* provenance: which resolver wrote strings (only when a file was applied) */
    coauth_error perr = COAUTH_ERROR_INIT;
    if (sum.files_applied && st != COAUTH_ESTOREFAULT &&
        coauth_store_note_resolver(s, resolver, false, &perr) != COAUTH_OK)
        rc = cli_fail("ingest", &perr);
out:
    coauth_resolver_free(resolver);
    coauth_ror_free(ror);
    coauth_store_free(s);
    return rc;
}
