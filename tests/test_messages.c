/* test_messages.c - what a user reads: ingest's progress line (on a terminal, a dumb
 * terminal and in a log), Ctrl-C, the one line for skipped files, help texts that fit
 * 80 columns, and the option values that are refused rather than silently ignored.
 *
 * Expected values come from the fixtures (record counts by zgrep, widths set with
 * stty) and from the texts written here, never from coauth's own output; a terminal
 * is a pty made by script(1) (util-linux).
 */
#include <criterion/criterion.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "helpers/testutil.h"

/* The progress text is a pure function: compiled in here and called directly. */
#include "../src/cli/progress.c"

TestSuite(messages);

/* Output (stdout and stderr, as the command line redirects them) of `sh -c CMD` run in
 * a fresh directory where $CLI is coauth and $SRC the source tree; *status its exit
 * status. */
static char *sh(int *status, const char *fmt, ...) COAUTH_PRINTF(2, 3);
static char *tmp_dir;

static char *sh(int *status, const char *fmt, ...)
{
    char cmd[8192], full[9000];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    if (!tmp_dir)
        tmp_dir = make_tmpdir();
    snprintf(full, sizeof full, "cd '%s' && CLI='%s' SRC='%s' sh -c '%s' </dev/null", tmp_dir,
             getenv("COAUTH_CLI"), getenv("COAUTH_SOURCE_DIR"), cmd);
    FILE *p = popen(full, "r");
    cr_assert(p != NULL);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    cr_assert(out != NULL);
    size_t got;
    while ((got = fread(out + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap) {
            out = realloc(out, cap *= 2);
            cr_assert(out != NULL);
        }
    }
    out[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return out;
}

static void suite_fini(void)
{
    if (tmp_dir)
        remove_tmpdir(tmp_dir);
    tmp_dir = NULL;
}

#define DEMO "\"$SRC\"/datasets/demo/pubmed26n000[123].xml.gz"

/* Records in the three demo files, counted by zgrep. */
static long demo_records(void)
{
    int st;
    char *out = sh(&st, "zcat %s | grep -c \"<PubmedArticle>\"", DEMO);
    long n = atol(out);
    free(out);
    cr_assert(n > 0);
    return n;
}

static bool matches(const char *re, const char *s)
{
    regex_t rx;
    cr_assert_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0, "%s", re);
    bool ok = regexec(&rx, s, 0, NULL, 0) == 0;
    regfree(&rx);
    return ok;
}

Test(messages, progress_log_lines_are_time_stamped, .fini = suite_fini)
{
    long records = demo_records();
    int st;
    char *out = sh(&st, "\"$CLI\" ingest --progress -d p.db " DEMO " 2>&1 >/dev/null");
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strchr(out, '\033') == NULL && strchr(out, '\r') == NULL, "%s", out);
    size_t n_progress = 0;
    char last[512] = "";
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strstr(line, " applied, "))
            continue; /* the summary */
        cr_assert(matches("^coauth ingest: 20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:"
                          "[0-6][0-9] [0-3]/3 files, [0-9,]+ records, [0-9,]+ records/s, "
                          "[0-9]+\\.[0-9] MB/s(, ETA [0-9]+m[0-5][0-9]s)?$",
                          line),
                  "%s", line);
        snprintf(last, sizeof last, "%s", line);
        n_progress++;
    }
    cr_assert_geq(n_progress, 1);
    char want[64];
    snprintf(want, sizeof want, " 3/3 files, %ld records, ", records);
    cr_assert(strstr(last, want) != NULL, "last progress line '%s', want '%s'", last, want);
    free(out);
}

/* The pieces a terminal shows: the text between carriage returns and newlines, with
 * the erase-line code in front removed. */
static void check_tty_pieces(const char *out, size_t width, bool escapes)
{
    cr_assert(strstr(out, "coauth ingest: ") != NULL, "%s", out);
    cr_assert_eq(strstr(out, "\033[K") != NULL, escapes, "%s", out);
    size_t cut = 0, pieces = 0;
    const char *p = out;
    while (*p) {
        size_t len = strcspn(p, "\r\n");
        char piece[1024];
        snprintf(piece, sizeof piece, "%.*s", (int)len, p);
        const char *text = strncmp(piece, "\033[K", 3) == 0 ? piece + 3 : piece;
        if (*text && !strstr(text, " applied, ") && strncmp(text, "coauth ingest: ", 15) == 0) {
            pieces++;
            cr_assert_leq(strlen(text), width - 1, "wider than %zu: '%s'", width - 1, text);
            cut += strlen(text) == width - 1;
            cr_assert(escapes || strchr(text, '\033') == NULL, "%s", text);
        }
        p += len;
        if (*p)
            p++;
    }
    cr_assert_geq(pieces, 1, "%s", out);
    cr_assert_geq(cut, 1, "no progress line was cut to the width: %s", out);
}

static char *under_pty(int *st, const char *term, const char *cmd)
{
    char *out = sh(st, "TERM=%s script -qec \"stty cols 40; %s\" /dev/null 2>&1", term, cmd);
    if (strstr(out, "script:"))
        cr_skip_test("no pty: %s", out);
    return out;
}

Test(messages, progress_on_a_narrow_terminal_never_wraps, .fini = suite_fini)
{
    int st;
    char *out =
        under_pty(&st, "xterm", "$CLI ingest -d t.db $SRC/datasets/demo/pubmed26n000[123].xml.gz");
    cr_assert_eq(st, 0, "%s", out);
    check_tty_pieces(out, 40, true);
    free(out);
}

Test(messages, dumb_terminal_gets_no_escape_codes, .fini = suite_fini)
{
    int st;
    char *out =
        under_pty(&st, "dumb", "$CLI ingest -d d.db $SRC/datasets/demo/pubmed26n000[123].xml.gz");
    cr_assert_eq(st, 0, "%s", out);
    cr_assert(strchr(out, '\033') == NULL, "%s", out);
    check_tty_pieces(out, 40, false);
    free(out);
}

Test(messages, eta_only_once_stable)
{
    char buf[256];
    coauth_progress p = {1, 10, 5000, 50, 100, 4.9};
    cli_progress_text(buf, sizeof buf, &p);
    cr_assert(strstr(buf, "ETA") == NULL, "before 5 s: %s", buf);
    p = (coauth_progress){1, 10, 5000, 1, 100, 10};
    cli_progress_text(buf, sizeof buf, &p);
    cr_assert(strstr(buf, "ETA") == NULL, "1 %% read: %s", buf);
    p = (coauth_progress){1, 10, 5000, 50, 0, 10};
    cli_progress_text(buf, sizeof buf, &p);
    cr_assert(strstr(buf, "ETA") == NULL, "size unknown: %s", buf);
    /* half read in 10 s: 10 s to go */
    p = (coauth_progress){5, 10, 1234567, 50, 100, 10};
    cli_progress_text(buf, sizeof buf, &p);
    cr_assert_str_eq(buf, "5/10 files, 1,234,567 records, 123,457 records/s, 0.0 MB/s, ETA 0m10s");
    /* 2 % in 100 s: 4,900 s to go */
    p = (coauth_progress){0, 1298, 0, 2000000, 100000000, 100};
    cli_progress_text(buf, sizeof buf, &p);
    cr_assert_str_eq(buf, "0/1,298 files, 0 records, 0 records/s, 0.0 MB/s, ETA 1h21m");
}

Test(messages, thousands)
{
    char b[32];
    cr_assert_str_eq(cli_thousands(b, 0), "0");
    cr_assert_str_eq(cli_thousands(b, 999), "999");
    cr_assert_str_eq(cli_thousands(b, 1000), "1,000");
    cr_assert_str_eq(cli_thousands(b, 1298), "1,298");
    cr_assert_str_eq(cli_thousands(b, 18446744073709551615ull), "18,446,744,073,709,551,615");
}

Test(messages, resumed_run_says_once_what_it_skipped, .fini = suite_fini)
{
    int st;
    char *out =
        sh(&st, "\"$CLI\" ingest -q -d r.db " DEMO " && \"$CLI\" ingest -d r.db " DEMO " 2>&1");
    cr_assert_eq(st, 0, "%s", out);
    cr_assert_str_eq(out,
                     "coauth ingest: 3 files already applied, skipped (use --force to apply them "
                     "again)\ncoauth ingest: 0 files applied, 3 skipped, 0 failed; 0 records, 0 "
                     "deletions, 0 records without PMID skipped\n");
    free(out);
    out = sh(&st,
             "\"$CLI\" ingest -d r.db \"$SRC\"/datasets/demo/pubmed26n0002.xml.gz 2>&1 | head -1");
    cr_assert(matches("^coauth ingest: '[^']*/datasets/demo/pubmed26n0002.xml.gz' already applied, "
                      "skipped \\(use --force\\)$",
                      strtok(out, "\n")),
              "%s", out);
    free(out);
    out = sh(&st, "\"$CLI\" ingest -q -d r.db " DEMO);
    cr_assert_str_eq(out, "");
    free(out);
}

/* A file that arrives slowly through a FIFO (one record every 10 ms, 30 s in all) is
 * being applied when SIGINT comes: the run stops at once, keeps the file committed
 * before, prints the summary and exits 130. */
Test(messages, ctrl_c_keeps_committed_files_and_exits_130, .fini = suite_fini)
{
    int st;
    char *out = sh(
        &st,
        "mkfifo slow.xml; "
        "{ printf \"<PubmedArticleSet>\\n\"; i=1; while [ $i -le 3000 ]; do "
        "printf \"<PubmedArticle><MedlineCitation><PMID>%%d</PMID><Article><AuthorList><Author>"
        "<LastName>A</LastName><AffiliationInfo><Affiliation>Harvard University, Boston, MA, USA"
        "</Affiliation></AffiliationInfo></Author></AuthorList></Article></MedlineCitation>"
        "</PubmedArticle>\\n\" $((90000000 + i)) || exit 0; sleep 0.01; i=$((i + 1)); done; "
        "printf \"</PubmedArticleSet>\\n\"; } >slow.xml 2>/dev/null & "
        "\"$CLI\" ingest -d c.db \"$SRC\"/datasets/demo/pubmed26n0001.xml.gz slow.xml 2>err.txt & "
        "pid=$!; n=0; "
        "until [ \"$(sqlite3 c.db \"SELECT count(*) FROM files\" 2>/dev/null)\" = 1 ]; do "
        "n=$((n + 1)); [ $n -lt 200 ] || break; sleep 0.05; done; sleep 0.5; "
        "t0=$(date +%%s); kill -INT $pid; wait $pid; rc=$?; t1=$(date +%%s); "
        "echo \"rc=$rc seconds=$((t1 - t0))\"; cat err.txt; "
        "sqlite3 c.db \"SELECT name, records FROM files\"; "
        "sqlite3 c.db \"SELECT count(*) FROM papers WHERE pmid >= 90000000\"");
    int rc = -1, seconds = -1;
    cr_assert_eq(sscanf(out, "rc=%d seconds=%d", &rc, &seconds), 2, "%s", out);
    cr_assert_eq(rc, 130, "%s", out);
    cr_assert_leq(seconds, 3, "took %d s to stop: %s", seconds, out);
    cr_assert(strstr(out, "\ncoauth ingest: interrupted by SIGINT: ") != NULL, "%s", out);
    /* zgrep -c '<PubmedArticle>' datasets/demo/pubmed26n0001.xml.gz: 300 */
    char *records =
        sh(&st, "zcat \"$SRC\"/datasets/demo/pubmed26n0001.xml.gz | grep -c \"<PubmedArticle>\"");
    char want[256];
    snprintf(want, sizeof want,
             "\ncoauth ingest: 1 file applied, 0 skipped, 0 failed; %ld records, 0 deletions, 0 "
             "records without PMID skipped\npubmed26n0001.xml.gz|%ld\n0\n",
             atol(records), atol(records));
    cr_assert(strstr(out, want) != NULL, "want '%s' in: %s", want, out);
    free(records);
    free(out);
}

/* Input that stays silent (a FIFO whose writer sends nothing, as a file argument and
 * as standard input, opened read-write so that it never ends): SIGINT still stops the
 * run within a second instead of when the next bytes arrive (never, or after 20 s
 * here; timeout(1) passes SIGINT on and ends a run that does not stop), exit 130, and
 * the file committed before stays. */
Test(messages, ctrl_c_on_silent_fifo_and_stdin, .fini = suite_fini)
{
    int st;
    char *out = sh(
        &st,
        "mkfifo quiet.xml quiet.in; { sleep 20; } >quiet.xml & q=$!; "
        "for input in quiet.xml -; do rm -f s.db*; "
        "timeout -k 1 15 \"$CLI\" ingest -d s.db \"$SRC\"/datasets/demo/pubmed26n0001.xml.gz "
        "$input 2>err.txt <>quiet.in & pid=$!; n=0; "
        "until [ \"$(sqlite3 s.db \"SELECT count(*) FROM files\" 2>/dev/null)\" = 1 ]; do "
        "n=$((n + 1)); [ $n -lt 200 ] || break; sleep 0.05; done; sleep 0.3; "
        "t0=$(date +%%s%%N); kill -INT $pid; wait $pid; rc=$?; t1=$(date +%%s%%N); "
        "echo \"$input rc=$rc ms=$(( (t1 - t0) / 1000000 )) "
        "files=$(sqlite3 s.db \"SELECT count(*) FROM files\")\"; done; "
        "kill $q 2>/dev/null; true");
    const char *inputs[] = {"quiet.xml", "-"};
    for (int i = 0; i < 2; i++) {
        char want[32];
        snprintf(want, sizeof want, "%s rc=", inputs[i]);
        const char *l = strstr(out, want);
        cr_assert(l != NULL, "%s", out);
        int rc = -1, ms = -1, files = -1;
        cr_assert_eq(sscanf(l + strlen(want), "%d ms=%d files=%d", &rc, &ms, &files), 3, "%s",
                     out);
        cr_assert_eq(rc, 130, "%s: %s", inputs[i], out);
        cr_assert_lt(ms, 1500, "%s: took %d ms to stop: %s", inputs[i], ms, out);
        cr_assert_eq(files, 1, "%s: %s", inputs[i], out);
    }
    free(out);
}

/* The commands `coauth --help` lists (the lines after "commands:"). */
static size_t commands(char names[16][16])
{
    int st;
    char *out = sh(&st, "\"$CLI\" --help");
    cr_assert_eq(st, 0);
    size_t n = 0;
    char *p = strstr(out, "\ncommands:\n");
    cr_assert(p != NULL, "%s", out);
    for (p = strchr(p + 1, '\n') + 1; strncmp(p, "  ", 2) == 0 && n < 16; p = strchr(p, '\n') + 1)
        sscanf(p, "%15s", names[n++]);
    free(out);
    cr_assert_geq(n, 10, "coauth --help lists %zu commands", n);
    return n;
}

/* Columns of a UTF-8 line: code points (the help texts hold no wide characters). */
static size_t columns(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static void check_width(const char *what, const char *text)
{
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        cr_assert_leq(columns(p, len), 80, "%s: a line of %zu columns: '%.*s'", what,
                      columns(p, len), (int)len, p);
        p += len + (p[len] == '\n');
    }
}

Test(messages, every_help_line_fits_80_columns, .fini = suite_fini)
{
    char names[16][16];
    size_t n = commands(names);
    int st;
    char *out = sh(&st, "\"$CLI\" --help");
    check_width("coauth --help", out);
    free(out);
    for (size_t i = 0; i < n; i++) {
        out = sh(&st, "\"$CLI\" %s --help", names[i]);
        cr_assert_eq(st, 0, "%s --help: exit %d", names[i], st);
        cr_assert(strstr(out, "\noptions:\n") != NULL, "%s: %s", names[i], out);
        check_width(names[i], out);
        free(out);
    }
}

Test(messages, the_writers_help_names_the_busy_timeout, .fini = suite_fini)
{
    static const char *const writers[] = {"ingest", "reresolve", "migrate", ""};
    int st;
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        char *out = sh(&st, "\"$CLI\" %s --help", writers[i]);
        cr_assert_eq(st, 0);
        cr_assert(strstr(out, "COAUTH_BUSY_TIMEOUT") != NULL, "'coauth %s --help': %s", writers[i],
                  out);
        free(out);
    }
}

/* The demo store in the test's directory. */
static void demo_store(void)
{
    int st;
    char *out = sh(&st, "\"$CLI\" ingest -q -d demo.db " DEMO);
    cr_assert_eq(st, 0, "%s", out);
    free(out);
}

Test(messages, counting_is_refused_where_both_counts_are_printed, .fini = suite_fini)
{
    demo_store();
    static const char *const refuse[] = {"intl -d demo.db --counting fractional",
                                         "pair -d demo.db US CN --counting full",
                                         "plot trend -d demo.db --counting fractional -o t.svg"};
    for (size_t i = 0; i < sizeof refuse / sizeof refuse[0]; i++) {
        int st;
        char *out = sh(&st, "\"$CLI\" %s 2>&1 >/dev/null", refuse[i]);
        cr_assert_eq(st, 2, "coauth %s: exit %d (%s)", refuse[i], st, out);
        cr_assert(strstr(out, "--counting") != NULL && count_lines(out) == 1, "%s", out);
        free(out);
    }
    /* where it is the link weight it is taken */
    int st;
    char *out = sh(&st, "\"$CLI\" centrality -d demo.db --level country --counting fractional "
                        "--top 1 | wc -l");
    cr_assert_eq(st, 0);
    cr_assert_eq(atol(out), 2, "%s", out); /* header and one row */
    free(out);
    out = sh(&st, "\"$CLI\" network -d demo.db --level country --counting fractional | wc -l");
    cr_assert_eq(st, 0);
    cr_assert_gt(atol(out), 1, "%s", out);
    free(out);
}

Test(messages, top_zero_is_refused, .fini = suite_fini)
{
    demo_store();
    int st;
    char *out = sh(&st, "\"$CLI\" centrality -d demo.db --level country --top 0 2>&1");
    cr_assert_eq(st, 2, "%s", out);
    cr_assert(strstr(out, "--top 0") != NULL && count_lines(out) == 1, "%s", out);
    free(out);
    out = sh(&st, "\"$CLI\" plot network -d demo.db --top 0 -o n.svg 2>&1; test ! -e n.svg");
    cr_assert_eq(st, 0, "plot network --top 0 made a picture: %s", out);
    cr_assert(strstr(out, "--top 0") != NULL, "%s", out);
    free(out);
    out = sh(&st, "\"$CLI\" centrality -d demo.db --level country --top 3 | wc -l");
    cr_assert_eq(atol(out), 4, "%s", out); /* header and three rows */
    free(out);
}

/* Every message that names a file names it in single quotes (STYLE 3). */
Test(messages, paths_in_messages_are_quoted, .fini = suite_fini)
{
    demo_store();
    static const struct {
        char args[160];
        char path[40];
    } cases[] = {
        {"ingest -d x.db /nonexistent/a.xml", "/nonexistent/a.xml"},
        {"ingest -d x.db .", "."},
        {"ingest -d /nonexistent/x.db \"$SRC\"/tests/data/pubmed_fields.xml", "/nonexistent/x.db"},
        {"stats -d /nonexistent/x.db", "/nonexistent/x.db"},
        {"stats -d notastore.db", "notastore.db"},
        {"intl -d notastore.db", "notastore.db"},
        {"reresolve -d none.db", "none.db"},
        {"migrate -d none.db", "none.db"},
        {"resolve --thesaurus /nonexistent/t.txt", "/nonexistent/t.txt"},
        {"resolve --thesaurus bad.txt", "bad.txt"},
        {"intl -d demo.db -o /nonexistent/x.csv", "/nonexistent/x.csv"},
        {"plot trend -d demo.db -o x.gif", "x.gif"},
        {"ingest -d y.db f.xml.gz", "f.xml.gz"},
        {"ingest -d y.db \"$SRC\"/tests/data/pubmed_bad_malformed.xml", "pubmed_bad_malformed.xml"},
    };
    int st;
    free(sh(&st, "echo x >notastore.db; printf \"a b\\n\" >bad.txt; "
                 "cp \"$SRC\"/datasets/demo/pubmed26n0001.xml.gz f.xml.gz; "
                 "echo \"MD5(f.xml.gz)= 00000000000000000000000000000000\" >f.xml.gz.md5"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = sh(&st, "\"$CLI\" %s 2>&1 >/dev/null </dev/null", cases[i].args);
        cr_assert_neq(st, 0, "coauth %s succeeded", cases[i].args);
        char *hit = strstr(out, cases[i].path);
        cr_assert(hit != NULL, "coauth %s does not name '%s': %s", cases[i].args, cases[i].path,
                  out);
        /* the path (or a longer one ending with it) sits between two quotes */
        const char *open = hit;
        while (open > out && open[-1] != '\'' && open[-1] != ' ' && open[-1] != '\n')
            open--;
        cr_assert(open > out && open[-1] == '\'' && hit[strlen(cases[i].path)] == '\'',
                  "coauth %s: '%s' unquoted in: %s", cases[i].args, cases[i].path, out);
        free(out);
    }
}
