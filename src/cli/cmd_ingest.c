/* cmd_ingest.c - `coauth ingest`: apply PubMed/MEDLINE XML files to the store.
 *
 * Invariant: exit 0 only when every file was applied or skipped as already applied;
 * each failing file gets one line on stderr naming the file and place, and the other
 * files are still applied unless --fail-fast.
 */
#include "cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: coauth ingest [-d DB] [-j N] [--force] [--fail-fast] [--progress|--quiet] FILE...\n"
    "\n"
    "Apply PubMed/MEDLINE XML files (.xml or .xml.gz, gzip detected from the bytes;\n"
    "'-' reads standard input) to the store. The file later in NLM's sequence wins\n"
    "(pubmedYYnNNNN.xml.gz: by YY, then NNNN), whatever order files are given in;\n"
    "files with other names come after every file applied before them. DeleteCitation\n"
    "removes papers and is remembered. Each file is one transaction: a file that fails\n"
    "(truncated gzip, malformed XML, an MD5 that does not match its FILE.md5, ...)\n"
    "leaves nothing in the store and the other files are still applied; a failure of\n"
    "the store itself (disk full, I/O error, corrupt file) stops the run. A file\n"
    "already applied (same base name, size and checksum) is skipped.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH      store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  -j, --jobs N       parser threads (default: number of cores)\n"
    "  --force            re-apply files that were already applied\n"
    "  --fail-fast        stop at the first file that fails\n"
    "  --progress         show progress on stderr even when it is not a terminal\n"
    "  -q, --quiet        no progress and no summary; errors and warnings only\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 all files applied (or skipped), 1 a file failed or the store could\n"
    "not be written, 2 usage error.\n";

struct ui {
    bool progress;
    bool tty;
    bool quiet;
    double last;
    bool dirty; /* a progress line without newline is on screen */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_progress(struct ui *ui)
{
    if (ui->dirty) {
        fputs("\r\033[K", stderr);
        ui->dirty = false;
    }
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
    double mbs = p->elapsed > 0 ? (double)p->bytes_in / 1e6 / p->elapsed : 0;
    char eta[32] = "?";
    if (p->bytes_total && p->bytes_in && p->bytes_in <= p->bytes_total && p->elapsed > 0) {
        double rest = p->elapsed * (double)(p->bytes_total - p->bytes_in) / (double)p->bytes_in;
        snprintf(eta, sizeof eta, "%dm%02ds", (int)(rest / 60), (int)rest % 60);
    }
    fprintf(stderr, "%scoauth ingest: %llu/%llu files, %llu records, %.1f MB/s, ETA %s%s",
            ui->tty ? "\r\033[K" : "", (unsigned long long)p->files_done,
            (unsigned long long)p->files_total, (unsigned long long)p->records, mbs, eta,
            ui->tty ? "" : "\n");
    ui->dirty = ui->tty;
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
    } else if (outcome == COAUTH_FILE_SKIPPED && !ui->quiet) {
        clear_progress(ui);
        fprintf(stderr, "coauth ingest: '%s' already applied, skipped (use --force)\n", path);
    }
}

int cmd_ingest(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'}, {"jobs", required_argument, NULL, 'j'},
        {"force", no_argument, NULL, 'F'},    {"fail-fast", no_argument, NULL, 'x'},
        {"progress", no_argument, NULL, 'P'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},     {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    coauth_ingest_options opts = COAUTH_INGEST_OPTIONS_INIT;
    bool want_progress = false;
    struct ui ui = {0};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":d:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'j': {
            unsigned long long v;
            if (cli_parse_uint(optarg, 256, &v) != 0 || v == 0)
                return cli_usage_error("ingest", "-j wants a number from 1 to 256, not '%s'",
                                       optarg);
            opts.jobs = (unsigned)v;
            break;
        }
        case 'F':
            opts.force = true;
            break;
        case 'x':
            opts.fail_fast = true;
            break;
        case 'P':
            want_progress = true;
            break;
        case 'q':
            ui.quiet = true;
            break;
        case 'h':
            return cli_help(usage);
        case ':':
            return cli_usage_error("ingest", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("ingest", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (want_progress && ui.quiet)
        return cli_usage_error("ingest", "--progress and --quiet exclude each other");
    if (optind >= argc)
        return cli_usage_error("ingest", "no input files");
    /* Usage errors are found before the store is opened, so they never create one. */
    for (int i = optind, n_stdin = 0; i < argc; i++)
        if (strcmp(argv[i], "-") == 0 && ++n_stdin > 1)
            return cli_usage_error("ingest", "standard input ('-') given more than once");
    ui.tty = isatty(2);
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
    coauth_ingest_summary sum;
    coauth_status st = coauth_ingest_files(s, (const char *const *)argv + optind,
                                           (size_t)(argc - optind), &opts, &sum, &err);
    clear_progress(&ui);
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
