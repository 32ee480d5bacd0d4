/* bench_resolve.c - resolver speed in strings per second, single thread.
 *
 * usage: bench_resolve [DIR] [SECONDS]
 *   DIR      folder of the labelled affiliation files (default:
 *            COAUTH_SOURCE_DIR/../shared/data/affiliations)
 *   SECONDS  minimum time per measurement (default 2)
 *
 * Loads the text column of every *.tsv in DIR into memory, then times, on one thread:
 *   baseline  a pass that only touches every string and splits it at ';' and ','
 *             (the floor any resolver pays to look at its input),
 *   resolve   coauth_resolve on every string, reusing one coauth_resolution,
 * and prints strings/s for each, plus the resolver's set-up time and peak RSS.
 * Invariant: never run under ctest; the inputs are read in place, never copied.
 */
#include <coauth/coauth.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#ifndef COAUTH_SOURCE_DIR
#define COAUTH_SOURCE_DIR "."
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: the per-core rate, unaffected by time stolen by other
 * processes or virtual machines sharing the core. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct strings {
    char **s;
    size_t *len;
    size_t n, cap;
} strings;

static int add(strings *v, const char *s, size_t n)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 4096;
        char **ns = realloc(v->s, cap * sizeof *ns);
        if (!ns)
            return -1;
        v->s = ns;
        size_t *nl = realloc(v->len, cap * sizeof *nl);
        if (!nl)
            return -1;
        v->len = nl;
        v->cap = cap;
    }
    char *c = malloc(n + 1);
    if (!c)
        return -1;
    memcpy(c, s, n);
    c[n] = '\0';
    v->s[v->n] = c;
    v->len[v->n++] = n;
    return 0;
}

/* Append the "text" column of a TSV file (header row names the columns; no quoting). */
static int load_tsv(strings *v, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    int col = -1;
    while ((got = getline(&line, &cap, fp)) != -1) {
        size_t n = (size_t)got;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (col < 0) {
            int c = 0;
            for (char *f = line, *e; f; f = e ? e + 1 : NULL, c++) {
                e = strchr(f, '\t');
                size_t fl = e ? (size_t)(e - f) : strlen(f);
                if (fl == 4 && memcmp(f, "text", 4) == 0)
                    col = c;
            }
            if (col < 0)
                break;
            continue;
        }
        char *f = line;
        for (int c = 0; c < col && f; c++) {
            f = strchr(f, '\t');
            if (f)
                f++;
        }
        if (!f)
            continue;
        char *e = strchr(f, '\t');
        if (add(v, f, e ? (size_t)(e - f) : strlen(f)) != 0) {
            free(line);
            fclose(fp);
            return -1;
        }
    }
    free(line);
    fclose(fp);
    return 0;
}

static volatile size_t sink;

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : COAUTH_SOURCE_DIR "/../shared/data/affiliations";
    double min_s = argc > 2 ? atof(argv[2]) : 2.0;
    coauth_error err = COAUTH_ERROR_INIT;
    if (coauth_lib_init(&err) != COAUTH_OK)
        return 1;
    strings v = {0};
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "bench_resolve: cannot open '%s' (the shared data is ABSENT)\n", dir);
        return 1;
    }
    struct dirent *de;
    char path[4096];
    while ((de = readdir(d))) {
        size_t nl = strlen(de->d_name);
        if (nl < 4 || strcmp(de->d_name + nl - 4, ".tsv") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (load_tsv(&v, path) != 0) {
            fprintf(stderr, "bench_resolve: cannot read '%s'\n", path);
            return 1;
        }
    }
    closedir(d);
    if (v.n == 0) {
        fprintf(stderr, "bench_resolve: no strings in '%s'\n", dir);
        return 1;
    }
    size_t bytes = 0;
    for (size_t i = 0; i < v.n; i++)
        bytes += v.len[i];
    printf("strings: %zu (%.1f bytes average) from %s\n", v.n, (double)bytes / (double)v.n, dir);

    /* baseline: touch every byte, split at ';' and ',' */
    double t0 = now(), c0 = cpu_now(), t;
    size_t done = 0;
    do {
        for (size_t i = 0; i < v.n; i++) {
            size_t parts = 1;
            const char *s = v.s[i];
            for (size_t k = 0; k < v.len[i]; k++)
                parts += s[k] == ';' || s[k] == ',';
            sink += parts;
        }
        done += v.n;
        t = now() - t0;
    } while (t < min_s);
    printf("baseline  %12.0f strings/s  (%.0f per CPU second; read + split at ';' and ',')\n",
           (double)done / t, (double)done / (cpu_now() - c0));

    t0 = now();
    coauth_resolver *r = NULL;
    if (coauth_resolver_new(&r, NULL, &err) != COAUTH_OK) {
        fprintf(stderr, "bench_resolve: %s\n", err.msg);
        return 1;
    }
    printf("setup     %12.3f ms       (coauth_resolver_new)\n", (now() - t0) * 1e3);

    coauth_resolution res = COAUTH_RESOLUTION_INIT;
    size_t resolved = 0, parts = 0;
    t0 = now();
    c0 = cpu_now();
    done = 0;
    do {
        for (size_t i = 0; i < v.n; i++) {
            if (coauth_resolve(r, v.s[i], v.len[i], &res, &err) != COAUTH_OK) {
                fprintf(stderr, "bench_resolve: %s\n", err.msg);
                return 1;
            }
            parts += res.n_parts;
            resolved += res.n_parts && res.parts[0].country[0];
        }
        done += v.n;
        t = now() - t0;
    } while (t < min_s);
    double cpu = cpu_now() - c0;
    sink += resolved + parts;
    printf("resolve   %12.0f strings/s  (%.0f per CPU second, %.1f MB/s, %.2f parts/string)\n",
           (double)done / t, (double)done / cpu,
           (double)bytes * ((double)done / (double)v.n) / t / 1e6, (double)parts / (double)done);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS  %12ld kB\n", ru.ru_maxrss);

    coauth_resolution_release(&res);
    coauth_resolver_free(r);
    for (size_t i = 0; i < v.n; i++)
        free(v.s[i]);
    free(v.s);
    free(v.len);
    return 0;
}
