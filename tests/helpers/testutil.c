/* testutil.c - process and file helpers for the Criterion tests.
 *
 * Invariant: child processes get stdout/stderr redirected to temporary files, never
 * pipes, so a chatty child can never deadlock the test.
 */
/* wait4() for the child's peak RSS is a BSD/GNU extension. */
#define _DEFAULT_SOURCE
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

char *read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return NULL;
    }
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = b;
            cap *= 2;
        }
    }
    fclose(f);
    buf[len] = '\0';
    if (out_len)
        *out_len = len;
    return buf;
}

int write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int rc = fwrite(data, 1, len, f) == len ? 0 : -1;
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

int copy_file(const char *src, const char *dst)
{
    size_t len = 0;
    char *data = read_file(src, &len);
    if (!data)
        return -1;
    int rc = write_file(dst, data, len);
    free(data);
    return rc;
}

const char *copy_fixture_as(const char *dir, const char *name, const char *as)
{
    static char path[8][600];
    static unsigned k;
    char *p = path[k++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", dir, as);
    return copy_file(test_data(name), p) == 0 ? p : NULL;
}

int run_cli_ex(run_result *r, const char *stdin_path, const char *stdout_path,
               const char *const *env, const char *const *argv)
{
    memset(r, 0, sizeof *r);
    const char *cli = getenv("COAUTH_CLI");
    if (!cli)
        return -1;
    char out_tmp[] = "/tmp/coauth-test-out-XXXXXX";
    char err_tmp[] = "/tmp/coauth-test-err-XXXXXX";
    int ofd = mkstemp(out_tmp), efd = mkstemp(err_tmp);
    if (ofd < 0 || efd < 0)
        return -1;
    size_t argc = 0;
    while (argv[argc])
        argc++;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int in = open(stdin_path ? stdin_path : "/dev/null", O_RDONLY);
        if (in < 0)
            _exit(126);
        dup2(in, 0);
        if (stdout_path) {
            int so = open(stdout_path, O_WRONLY);
            if (so < 0)
                _exit(126);
            dup2(so, 1);
        } else {
            dup2(ofd, 1);
        }
        dup2(efd, 2);
        for (size_t i = 0; env && env[i]; i++) {
            char kv[4096];
            snprintf(kv, sizeof kv, "%s", env[i]);
            char *eq = strchr(kv, '=');
            if (eq) {
                *eq = '\0';
                setenv(kv, eq + 1, 1);
            }
        }
        char **args = calloc(argc + 2, sizeof *args);
        if (!args)
            _exit(126);
        args[0] = (char *)cli;
        for (size_t i = 0; i < argc; i++)
            args[i + 1] = (char *)argv[i];
        execv(cli, args);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &st, 0, &ru) < 0 && errno == EINTR)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    close(ofd);
    close(efd);
    if (WIFSIGNALED(st)) {
        r->signaled = 1;
        r->status = 128 + WTERMSIG(st);
    } else {
        r->status = WEXITSTATUS(st);
    }
    r->max_rss_kb = ru.ru_maxrss;
    r->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->out = read_file(out_tmp, &r->out_len);
    r->err = read_file(err_tmp, &r->err_len);
    unlink(out_tmp);
    unlink(err_tmp);
    if (!r->out)
        r->out = calloc(1, 1);
    if (!r->err)
        r->err = calloc(1, 1);
    return 0;
}

int run_cli(run_result *r, const char *const *argv)
{
    return run_cli_ex(r, NULL, NULL, NULL, argv);
}

char *run_cli_stdout(const char *const *argv)
{
    run_result r;
    if (run_cli(&r, argv) != 0)
        return NULL;
    char *out = NULL;
    if (r.status == 0) {
        out = r.out;
        r.out = NULL;
    } else {
        fprintf(stderr, "%s: exit %d: %s\n", argv[0], r.status, r.err ? r.err : "");
    }
    run_result_free(&r);
    return out;
}

void run_result_free(run_result *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* Paths come from a ring of buffers so that a few may be alive at once. */
static char *path_slot(void)
{
    static char ring[8][4096];
    static unsigned next;
    return ring[next++ % 8];
}

const char *test_data(const char *rel)
{
    char *buf = path_slot();
    const char *dir = getenv("COAUTH_TEST_DATA");
    snprintf(buf, 4096, "%s/%s", dir ? dir : "tests/data", rel);
    return buf;
}

const char *shared_data(const char *rel)
{
    const char *dir = getenv("COAUTH_SHARED_DATA");
    if (!dir)
        return NULL;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    char *buf = path_slot();
    snprintf(buf, 4096, "%s/%s", dir, rel);
    return buf;
}

char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/coauth-test-XXXXXX";
    if (!mkdtemp(tmpl))
        return NULL;
    return strdup(tmpl);
}

void remove_tmpdir(char *dir)
{
    if (!dir)
        return;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) {
        /* best effort */
    }
    free(dir);
}
