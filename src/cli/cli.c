/* cli.c - shared helpers of the coauth executable: diagnostics, output files, options.
 *
 * Invariant: every diagnostic is a single line on stderr, printed after stdout has
 * been flushed so that data and messages interleave in the order they happened.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

__attribute__((format(printf, 3, 0))) static void vmsg(const char *cmd, const char *kind,
                                                       const char *fmt, va_list ap)
{
    fflush(stdout);
    fprintf(stderr, "coauth%s%s: %s", cmd ? " " : "", cmd ? cmd : "", kind);
    vfprintf(stderr, fmt, ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(cmd, "", fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, " (see 'coauth %s --help')\n", cmd);
    else
        fprintf(stderr, " (see 'coauth --help')\n");
    return CLI_EUSAGE;
}

int cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(cmd, "", fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EDATA;
}

void cli_warn(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg(cmd, "warning: ", fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_fail(const char *cmd, const coauth_error *err)
{
    return cli_error(cmd, "%s", err && err->msg[0] ? err->msg : coauth_status_str(err->code));
}

int cli_help(const char *text)
{
    fputs(text, stdout);
    return CLI_OK;
}

/* The file being written by -o FILE (one at a time: the CLI is single-threaded). It
 * is written as a temporary file beside FILE and renamed over it by
 * cli_close_output, so that a reader never sees half an export (SPEC 7). */
static struct {
    FILE *f;
    char *tmp, *final; /* NULL: written in place (not a regular file, e.g. /dev/full) */
} output;

FILE *cli_open_output(const char *cmd, const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return stdout;
    struct stat sb;
    bool exists = stat(path, &sb) == 0;
    if (exists && !S_ISREG(sb.st_mode)) {
        FILE *f = fopen(path, "w");
        if (!f)
            cli_error(cmd, "cannot open '%s' for writing: %s", path, strerror(errno));
        return f;
    }
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    char *tmp = malloc(n + 16), *final = strdup(path);
    if (!tmp || !final) {
        free(tmp);
        free(final);
        cli_error(cmd, "out of memory opening '%s'", path);
        return NULL;
    }
    snprintf(tmp, n + 16, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        cli_error(cmd, "cannot open '%s' for writing: %s", path, strerror(errno));
        free(tmp);
        free(final);
        return NULL;
    }
    /* the mode of the file replaced, or what a plain open would have given */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, exists ? (sb.st_mode & 07777) : (0666 & ~mask)) != 0) {
        /* not fatal: the export keeps mkstemp's 0600 */
    }
    FILE *f = fdopen(fd, "w");
    if (!f) {
        cli_error(cmd, "cannot open '%s' for writing: %s", path, strerror(errno));
        close(fd);
        unlink(tmp);
        free(tmp);
        free(final);
        return NULL;
    }
    output.f = f;
    output.tmp = tmp;
    output.final = final;
    return f;
}

int cli_close_output(const char *cmd, FILE *out, int rc)
{
    if (!out)
        return rc;
    int bad = fflush(out) != 0 || ferror(out);
    int saved = errno;
    if (out == stdout) {
        /* stdout is closed by main() after the command; checking the flush here
         * reports the failure with the command's name. */
    } else if (fclose(out) != 0) {
        bad = 1;
        saved = errno;
    }
    if (out == output.f) {
        if (!bad && rc == CLI_OK && rename(output.tmp, output.final) != 0) {
            bad = 1;
            saved = errno;
        }
        if (bad || rc != CLI_OK)
            unlink(output.tmp); /* the previous FILE, if any, stays as it was */
        free(output.tmp);
        free(output.final);
        output.f = NULL;
        output.tmp = output.final = NULL;
    }
    if (bad) {
        cli_error(cmd, "error writing output: %s", strerror(saved ? saved : EIO));
        return CLI_EDATA;
    }
    return rc;
}

int cli_finish_output(const char *cmd, FILE *out, coauth_status st, const coauth_error *err)
{
    if (st == COAUTH_OK)
        return cli_close_output(cmd, out, CLI_OK);
    /* a write error is reported once, as such; any other failure by its message */
    bool stream_bad = out && (fflush(out) != 0 || ferror(out));
    if (!stream_bad)
        cli_fail(cmd, err);
    int rc = cli_close_output(cmd, out, CLI_EDATA);
    return rc == CLI_OK ? CLI_EDATA : rc;
}

const char *cli_db_path(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("COAUTH_DB");
    if (env && *env)
        return env;
    return "coauth.db";
}

int cli_writer_timeout(const char *cmd, coauth_store *s)
{
    const char *env = getenv("COAUTH_BUSY_TIMEOUT");
    unsigned long long secs;
    if (!env || !*env)
        return CLI_OK;
    if (cli_parse_uint(env, 86400, &secs) != 0)
        return cli_usage_error(cmd, "COAUTH_BUSY_TIMEOUT wants seconds from 0 to 86400, not '%s'",
                               env);
    coauth_store_set_busy_timeout(s, (int)(secs * 1000));
    return CLI_OK;
}

int cli_parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return -1;
    *out = v;
    return 0;
}
