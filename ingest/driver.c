/* driver.c - ingest driver: N parser threads, one writer applying files in order.
 *
 * Invariants:
 * - Files are claimed by parser threads in command-line order, and the writer (the
 *   calling thread) applies them strictly in that order, one transaction each, so the
 *   store does not depend on the number of threads.
 * - A parser may claim file i only while i < write_pos + window (window = 2 x jobs),
 *   and each file's queue holds at most QUEUE_MAX batches of at most BATCH_BYTES
 *   (or one record, if bigger): memory is bounded whatever the input size.
 * - Records handed over are deep copies (the reader's records are borrowed). The
 *   writer resolves the strings new to the store (known strings are never resolved),
 *   except in a batch that a parser starts while the writer is busy (not waiting for
 *   that file's next batch): the parser resolves that batch itself (the resolver is
 *   immutable and shared; each thread has its own coauth_resolution). So a parser
 *   that runs ahead, or a writer that lags, hands the work to the other thread, and
 *   the per-file chain parser -> writer stays balanced (bench/RESULTS.md: -j 2 of 2
 *   files 11 % less wall time than when each parser resolved everything). Resolution
 *   is a pure function of the text, so the store is the same either way.
 * - Warnings travel inside the batches, so they reach the caller in file order.
 *
 * NOTES ON SKIPPING: a parser looks up the file's name and size through its own
 * read-only connection. If the store has a file of that name and size, the parser
 * computes the checksum first (a pass over the file) and skips an applied file
 * without parsing it; otherwise the file cannot have been applied yet, and the
 * checksum is computed while the file is read (coauth_reader_checksum). Either way
 * the writer re-checks inside its write transaction -- at the first batch, or before
 * the commit for a checksum computed while reading -- which covers a file named twice
 * and two ingests racing on the same store.
 *
 * Each parser reads through a read-ahead thread (coauth_reader_readahead) that
 * inflates the file, so that inflating and parsing run on two cores.
 */
#include <coauth/ingest.h>

#include "batch_internal.h"
#include "gzsource_internal.h"
#include "identity_internal.h"

#include <coauth/md5.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define BATCH_BYTES (1u << 20)
#define BATCH_ITEMS 512
/* The first batch of a file is small, so the writer starts early. */
#define FIRST_BATCH_ITEMS 32
#define QUEUE_MAX         8

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* ---- jobs and threads ---- */

struct job {
    const char *path;
    const char *name; /* base name, as recorded in `files` */
    struct batch *head, *tail;
    unsigned n_queued;
    bool writer_waiting; /* the writer is waiting for this file's next batch */
    bool finished;       /* parser done: all batches queued, or failed, or skipped */
    bool skip;           /* already applied (parser's pre-check) */
    bool cancel;         /* writer: stop parsing this file */
    bool identity;       /* size/checksum known before parsing */
    bool late_identity;  /* size/checksum computed while parsing (known once finished) */
    coauth_status status;
    char msg[COAUTH_ERRMSG_MAX];
    uint64_t size, bytes_in;
    char checksum[64];
    uint64_t skipped_records;
    char md5[33]; /* verified against FILE.md5, "" when there is none */
};

struct driver {
    pthread_mutex_t mu;
    pthread_cond_t cond_parser; /* queue space, window moved, cancel, stop */
    pthread_cond_t cond_writer; /* a batch or a finish arrived */
    struct job *jobs;
    size_t n;
    size_t next_job;
    size_t write_pos;
    size_t window;
    bool stop;
    const coauth_ingest_options *opts;
    /* The resolver a parser uses for a batch it starts while the writer is busy (NULL:
     * none; the writer resolves every new string). */
    const coauth_resolver *lag_resolver;
    const char *store_path;
};

struct parser_ctx {
    struct driver *d;
    struct job *job;
    struct batch *cur;
    coauth_status warn_status;
    bool batch_resolves; /* lag_resolver is used for the current batch */
    bool cancelled;      /* the writer cancelled the file: stop quietly */
    size_t batches;      /* batches handed to the writer so far */
    coauth_reader *reader;
    coauth_resolution *scratch;
};

static void on_reader_warn(void *ud, const char *msg)
{
    struct parser_ctx *pc = ud;
    if (!pc->cur)
        return;
    struct item *it = coauth_batch_add(pc->cur);
    if (!it) {
        pc->warn_status = COAUTH_ENOMEM;
        return;
    }
    it->warning = coauth_arena_strdup(&pc->cur->arena, msg, strlen(msg));
    if (!it->warning) {
        pc->cur->n_items--;
        pc->warn_status = COAUTH_ENOMEM;
    }
}

/* Hand a full batch to the writer; blocks while the queue is full. Returns false when
 * the file was cancelled (the batch is freed). */
static bool push_batch(struct driver *d, struct job *job, struct batch *b)
{
    pthread_mutex_lock(&d->mu);
    while (job->n_queued >= QUEUE_MAX && !job->cancel && !d->stop)
        pthread_cond_wait(&d->cond_parser, &d->mu);
    bool ok = !job->cancel && !d->stop;
    if (ok) {
        if (job->tail)
            job->tail->next = b;
        else
            job->head = b;
        job->tail = b;
        job->n_queued++;
        pthread_cond_broadcast(&d->cond_writer);
    }
    pthread_mutex_unlock(&d->mu);
    if (!ok)
        coauth_batch_free(b);
    return ok;
}

static void finish_job(struct driver *d, struct job *job, coauth_status st, const coauth_error *e)
{
    pthread_mutex_lock(&d->mu);
    job->status = st;
    if (st && e)
        snprintf(job->msg, sizeof job->msg, "%s", e->msg);
    job->finished = true;
    pthread_cond_broadcast(&d->cond_writer);
    pthread_mutex_unlock(&d->mu);
}

/* The parser's own read-only connection for the already-applied checks; NULL when
 * --force, without a store path, or when the store cannot be opened (the writer checks
 * again in any case). */
static coauth_store *open_check_store(const struct driver *d)
{
    coauth_store *ro = NULL;
    if (d->opts->force || !d->store_path ||
        coauth_store_open(&ro, d->store_path, COAUTH_STORE_READONLY, NULL) != COAUTH_OK)
        return NULL;
    return ro;
}

/* Whether the store has this file (`checksum` NULL: a file of this name and size). */
static bool already_applied(coauth_store *ro, const struct job *job, uint64_t size,
                            const char *checksum)
{
    int applied = 0;
    if (!ro || coauth_store_file_applied(ro, job->name, size, checksum, &applied, NULL))
        return false;
    return applied != 0;
}

/* coauth_reader_each() callback: copy (and maybe resolve) the record into the
 * current batch; hand the batch to the writer when it is full. */
static coauth_status on_record(void *ud, const coauth_record *rec, coauth_error *err)
{
    struct parser_ctx *pc = ud;
    struct driver *d = pc->d;
    struct job *job = pc->job;
    if (pc->warn_status)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory queueing a warning");
    if (__atomic_load_n(&job->cancel, __ATOMIC_RELAXED)) {
        pc->cancelled = true;
        return coauth_fail(err, COAUTH_EINVAL, "cancelled");
    }
    const coauth_resolver *res = NULL;
    if (d->lag_resolver && pc->cur->n_items == 0) { /* once per batch */
        pthread_mutex_lock(&d->mu);
        pc->batch_resolves = !job->writer_waiting;
        pthread_mutex_unlock(&d->mu);
    }
    if (pc->batch_resolves)
        res = d->lag_resolver;
    coauth_status st = coauth_batch_copy_record(pc->cur, rec, res, pc->scratch, err);
    if (st)
        return st;
    size_t max_items = pc->batches ? BATCH_ITEMS : FIRST_BATCH_ITEMS;
    if (pc->cur->arena.total >= BATCH_BYTES || pc->cur->n_items >= max_items) {
        pc->batches++;
        pc->cur->bytes_in = coauth_reader_bytes_in(pc->reader);
        struct batch *b = pc->cur;
        pc->cur = NULL;
        if (!push_batch(d, job, b)) {
            pc->cancelled = true;
            return coauth_fail(err, COAUTH_EINVAL, "cancelled");
        }
        if (!(pc->cur = coauth_batch_new()))
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory");
    }
    return COAUTH_OK;
}

static void parse_file(struct driver *d, struct job *job, coauth_resolution *scratch)
{
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = COAUTH_OK;
    coauth_reader *r = NULL;
    struct parser_ctx pc = {d, job, NULL, COAUTH_OK, false, false, 0, NULL, NULL};
    bool stream_sum = false;
    int have_md5 = 0;
    char md5_want[33] = "", md5_got[33] = "";
    if (strcmp(job->path, "-") != 0 &&
        (st = coauth_read_md5_file(job->path, &have_md5, md5_want, &e)))
        goto done;
    if (strcmp(job->path, "-") != 0) {
        /* Only a file whose name and size are in the store can have been applied: that
         * one is checksummed first, so that it is skipped without parsing; any other is
         * checksummed while it is parsed (the writer checks it before committing). So
         * is anything but a regular file (a FIFO, <(zcat f.gz)): it can be read once. */
        coauth_store *ro = open_check_store(d);
        struct stat sb;
        if (stat(job->path, &sb) == 0 &&
            (!S_ISREG(sb.st_mode) || !already_applied(ro, job, (uint64_t)sb.st_size, NULL))) {
            stream_sum = true;
        } else if (!(st = coauth_file_identity_md5(job->path, &job->size, job->checksum,
                                                   have_md5 ? md5_got : NULL, &e))) {
            job->identity = true;
            job->skip = already_applied(ro, job, job->size, job->checksum);
        }
        coauth_store_free(ro);
        if (st || job->skip)
            goto done;
        /* checked in the identity pass: a mismatch fails the file before parsing */
        if (have_md5 && md5_got[0] && strcmp(md5_got, md5_want) != 0) {
            st = coauth_md5_mismatch(job->path, md5_got, md5_want, &e);
            goto done;
        }
    }
    if ((st = coauth_reader_open(&r, job->path, &e)))
        goto done;
    coauth_reader_set_warn(r, on_reader_warn, &pc);
    coauth_reader_set_cancel(r, &job->cancel); /* Ctrl-C on a silent FIFO or stdin */
    if ((stream_sum && (st = coauth_reader_checksum(r, &e))) ||
        (have_md5 && !md5_got[0] && (st = coauth_reader_md5(r, &e))) ||
        (st = coauth_reader_readahead(r, &e)))
        goto done;
    if (!(pc.cur = coauth_batch_new())) {
        st = coauth_fail(&e, COAUTH_ENOMEM, "out of memory");
        goto done;
    }
    pc.reader = r;
    pc.scratch = scratch;
    st = coauth_reader_each(r, on_record, &pc, &e);
    if (pc.cancelled || (st && __atomic_load_n(&job->cancel, __ATOMIC_RELAXED))) {
        st = COAUTH_OK;
        goto done;
    }
    if (pc.warn_status && !st)
        st = coauth_fail(&e, COAUTH_ENOMEM, "out of memory queueing a warning");
    if (st)
        goto done;
    job->skipped_records = coauth_reader_skipped(r);
    job->bytes_in = coauth_reader_bytes_in(r);
    if (stream_sum && coauth_reader_identity(r, &job->size, job->checksum)) {
        job->late_identity = true; /* read by the writer once the job is finished */
    } else if (!job->identity) {
        job->size = job->bytes_in;
        job->checksum[0] = '\0';
    }
    /* MD5 computed while parsing: checked before the last batch goes to the writer,
     * so that a mismatch fails the file before its transaction commits. */
    if (have_md5 && !md5_got[0]) {
        if (!coauth_reader_md5_hex(r, md5_got)) {
            st = coauth_fail(&e, COAUTH_EIO, "'%s': MD5 not computed", job->path);
            goto done;
        }
        if (strcmp(md5_got, md5_want) != 0) {
            st = coauth_md5_mismatch(job->path, md5_got, md5_want, &e);
            goto done;
        }
    }
    if (have_md5)
        memcpy(job->md5, md5_got, sizeof job->md5);
    pc.cur->bytes_in = job->bytes_in;
    {
        struct batch *b = pc.cur;
        pc.cur = NULL;
        push_batch(d, job, b);
    }
done:
    coauth_batch_free(pc.cur);
    coauth_reader_free(r);
    finish_job(d, job, st, &e);
}

static void *parser_main(void *arg)
{
#ifdef __linux__
    prctl(PR_SET_NAME, "coauth-parse", 0, 0, 0); /* its name in top -H, perf, gdb */
#endif
    struct driver *d = arg;
    coauth_resolution scratch = COAUTH_RESOLUTION_INIT;
    for (;;) {
        pthread_mutex_lock(&d->mu);
        while (!d->stop && d->next_job < d->n && d->next_job >= d->write_pos + d->window)
            pthread_cond_wait(&d->cond_parser, &d->mu);
        if (d->stop || d->next_job >= d->n) {
            pthread_mutex_unlock(&d->mu);
            break;
        }
        struct job *job = &d->jobs[d->next_job++];
        pthread_mutex_unlock(&d->mu);
        parse_file(d, job, &scratch);
    }
    coauth_resolution_release(&scratch);
    return NULL;
}

/* ---- writer ---- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void cancel_job(struct driver *d, struct job *job)
{
    pthread_mutex_lock(&d->mu);
    __atomic_store_n(&job->cancel, true, __ATOMIC_RELAXED);
    pthread_cond_broadcast(&d->cond_parser);
    pthread_mutex_unlock(&d->mu);
}

static bool interrupted(const struct driver *d)
{
    return d->opts->interrupt && *d->opts->interrupt;
}

/* Next batch of the job, or NULL once the parser has finished and the queue is empty,
 * or once the run is interrupted (opts->interrupt, polled every 100 ms while waiting). */
static struct batch *pop_batch(struct driver *d, struct job *job)
{
    pthread_mutex_lock(&d->mu);
    job->writer_waiting = true;
    while (!job->head && !job->finished && !interrupted(d)) {
        if (!d->opts->interrupt) {
            pthread_cond_wait(&d->cond_writer, &d->mu);
            continue;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000 * 1000;
        if (ts.tv_nsec >= 1000 * 1000 * 1000) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000 * 1000 * 1000;
        }
        pthread_cond_timedwait(&d->cond_writer, &d->mu, &ts);
    }
    job->writer_waiting = false;
    struct batch *b = job->head;
    if (b) {
        job->head = b->next;
        if (!job->head)
            job->tail = NULL;
        job->n_queued--;
        pthread_cond_broadcast(&d->cond_parser);
    }
    pthread_mutex_unlock(&d->mu);
    return b;
}

struct write_state {
    struct driver *d;
    coauth_store *s;
    coauth_ingest_summary *sum;
    coauth_progress prog;
    double t0;
    uint64_t bytes_done; /* input bytes of finished files */
};

static void report(struct write_state *w, struct job *job, enum coauth_file_outcome outcome,
                   const coauth_file_info *info, const char *msg)
{
    const coauth_ingest_options *o = w->d->opts;
    if (o->on_file)
        o->on_file(o->file_ud, job->path, outcome, info, msg);
}

/* Apply one file; returns the file's status (0 applied or skipped). */
static coauth_status write_file(struct write_state *w, struct job *job, coauth_error *err)
{
    struct driver *d = w->d;
    const coauth_ingest_options *o = d->opts;
    bool began = false, skipped = false;
    bool checked = false; /* the open transaction has checked the file is not applied */
    coauth_status st = COAUTH_OK;
    uint64_t records = 0, deletions = 0;
    struct batch *b;
    while ((b = pop_batch(d, job))) {
        if (!st && !skipped && (w->sum->interrupted || interrupted(d))) {
            coauth_batch_free(b);
            break;
        }
        if (st || skipped) {
            coauth_batch_free(b);
            continue;
        }
        if (!began) {
            if ((st = coauth_store_begin_named_file(w->s, job->name, err))) {
                if (st != COAUTH_ESTOREFAULT)
                    coauth_error_prefix(err, st, "'%s'", job->path);
                cancel_job(d, job);
                coauth_batch_free(b);
                continue;
            }
            began = true;
            if (!o->force && job->identity) {
                int applied = 0;
                if ((st = coauth_store_file_applied(w->s, job->name, job->size, job->checksum,
                                                    &applied, err)) ||
                    applied) {
                    skipped = applied && !st;
                    coauth_store_rollback_file(w->s);
                    began = false;
                    cancel_job(d, job);
                    coauth_batch_free(b);
                    continue;
                }
                checked = true;
            }
        }
        for (size_t i = 0; i < b->n_items && !st && !w->sum->interrupted; i++) {
            const struct item *it = &b->items[i];
            if (interrupted(d)) {
                w->sum->interrupted = true;
                break;
            }
            if (it->warning) {
                if (o->warn)
                    o->warn(o->warn_ud, it->warning);
                continue;
            }
            st = coauth_store_put_record(w->s, &it->rec, it->res, err);
            if (st && st != COAUTH_ESTOREFAULT) {
                coauth_error_prefix(err, st, "'%s' line %llu (PMID %llu)", job->path,
                                    (unsigned long long)it->rec.line,
                                    (unsigned long long)it->rec.pmid);
                break;
            }
            if (it->rec.kind == COAUTH_RECORD_ARTICLE) {
                records++;
                w->prog.records++;
            } else {
                deletions += it->rec.n_deleted;
            }
        }
        if (st) {
            coauth_store_rollback_file(w->s);
            began = false;
            cancel_job(d, job);
        }
        if (o->progress) {
            w->prog.bytes_in = w->bytes_done + b->bytes_in;
            w->prog.elapsed = now_seconds() - w->t0;
            o->progress(o->progress_ud, &w->prog);
        }
        coauth_batch_free(b);
    }
    if (!st && (w->sum->interrupted || interrupted(d))) {
        /* Stopped at a record boundary: nothing of this file is kept. */
        w->sum->interrupted = true;
        if (began)
            coauth_store_rollback_file(w->s);
        cancel_job(d, job);
        return COAUTH_OK;
    }
    /* The parser has finished. */
    if (!st && job->status) {
        st = job->status;
        coauth_fail(err, st, "%s", job->msg);
    }
    if (!st && (skipped || job->skip)) {
        if (began)
            coauth_store_rollback_file(w->s);
        w->sum->files_skipped++;
        coauth_file_info info = {job->name, job->size, job->checksum, 0, 0, 0, NULL};
        report(w, job, COAUTH_FILE_SKIPPED, &info, NULL);
        return COAUTH_OK;
    }
    coauth_file_info info = {job->name,
                             job->size,
                             job->checksum,
                             records,
                             deletions,
                             job->skipped_records,
                             job->md5[0] ? job->md5 : NULL};
    if (!st && !began) {
        /* A valid document without records: still recorded as applied. */
        if (!(st = coauth_store_begin_named_file(w->s, job->name, err)))
            began = true;
        else if (st != COAUTH_ESTOREFAULT)
            coauth_error_prefix(err, st, "'%s'", job->path);
    }
    if (!st && !o->force && !checked && (job->identity || job->late_identity)) {
        /* Not checked at the first batch: a file without records, or one checksummed
         * while it was parsed. The same file may have been applied meanwhile (named
         * twice, or by another ingest); checked inside the write transaction. */
        int applied = 0;
        if (!(st = coauth_store_file_applied(w->s, job->name, job->size, job->checksum, &applied,
                                             err)) &&
            applied) {
            coauth_store_rollback_file(w->s);
            w->sum->files_skipped++;
            report(w, job, COAUTH_FILE_SKIPPED, &info, NULL);
            return COAUTH_OK;
        }
    }
    if (!st)
        st = coauth_store_commit_file(w->s, &info, err);
    if (st) {
        if (began)
            coauth_store_rollback_file(w->s);
        w->sum->files_failed++;
        report(w, job, COAUTH_FILE_FAILED, &info, err ? err->msg : coauth_status_str(st));
        return st;
    }
    w->sum->files_applied++;
    w->sum->superseded += coauth_store_superseded(w->s);
    coauth_file_place fp;
    coauth_store_file_place(w->s, &fp);
    if (fp.store_year && fp.year > fp.store_year && o->warn) {
        char msg[COAUTH_ERRMSG_MAX];
        snprintf(msg, sizeof msg,
                 "'%s': from NLM baseline year %02d, newer than the store's (%02d): a new "
                 "yearly baseline is meant for a new store",
                 job->path, fp.year, fp.store_year);
        o->warn(o->warn_ud, msg);
    }
    w->sum->records += records;
    w->sum->deletions += deletions;
    w->sum->skipped_records += job->skipped_records;
    report(w, job, COAUTH_FILE_APPLIED, &info, NULL);
    return COAUTH_OK;
}

static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

coauth_status coauth_ingest_files(coauth_store *s, const char *const *paths, size_t n,
                                  const coauth_ingest_options *opts, coauth_ingest_summary *out,
                                  coauth_error *err)
{
    coauth_ingest_options defaults = COAUTH_INGEST_OPTIONS_INIT;
    if (!opts)
        opts = &defaults;
    coauth_ingest_summary local;
    if (!out)
        out = &local;
    memset(out, 0, sizeof *out);
    size_t n_stdin = 0;
    for (size_t i = 0; i < n; i++)
        n_stdin += strcmp(paths[i], "-") == 0;
    if (n_stdin > 1)
        return coauth_fail(err, COAUTH_EINVAL, "standard input ('-') given more than once");
    if (n == 0)
        return COAUTH_OK;

    unsigned jobs = opts->jobs ? opts->jobs : default_jobs();
    if (jobs > n)
        jobs = (unsigned)n;
    if (jobs > 256)
        jobs = 256;
    struct driver d;
    memset(&d, 0, sizeof d);
    d.n = n;
    d.window = 2 * (size_t)jobs;
    d.opts = opts;
    d.lag_resolver = opts->resolver;
    d.store_path = coauth_store_path(s);
    d.jobs = calloc(n, sizeof *d.jobs);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    if (!d.jobs || !threads) {
        free(d.jobs);
        free(threads);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory starting ingest");
    }
    coauth_store_set_resolver(s, opts->resolver);
    for (size_t i = 0; i < n; i++) {
        d.jobs[i].path = paths[i];
        d.jobs[i].name = base_name(paths[i]);
    }
    pthread_mutex_init(&d.mu, NULL);
    pthread_cond_init(&d.cond_parser, NULL);
    pthread_cond_init(&d.cond_writer, NULL);

    struct write_state w = {&d, s, out, {0}, now_seconds(), 0};
    w.prog.files_total = n;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        if (strcmp(paths[i], "-") != 0 && stat(paths[i], &sb) == 0 && S_ISREG(sb.st_mode))
            w.prog.bytes_total += (uint64_t)sb.st_size;
    }

    unsigned started = 0;
    coauth_status first = COAUTH_OK;
    for (; started < jobs; started++)
        if (pthread_create(&threads[started], NULL, parser_main, &d) != 0)
            break;
    if (started == 0) {
        first = coauth_fail(err, COAUTH_ENOMEM, "cannot start parser threads");
    } else {
        coauth_error file_err = COAUTH_ERROR_INIT;
        for (size_t i = 0; i < n; i++) {
            if (interrupted(&d)) {
                out->interrupted = true;
                break;
            }
            pthread_mutex_lock(&d.mu);
            d.write_pos = i;
            pthread_cond_broadcast(&d.cond_parser);
            pthread_mutex_unlock(&d.mu);
            coauth_error_clear(&file_err);
            coauth_status st = write_file(&w, &d.jobs[i], &file_err);
            if (out->interrupted)
                break;
            w.bytes_done += d.jobs[i].bytes_in ? d.jobs[i].bytes_in : d.jobs[i].size;
            w.prog.files_done = i + 1;
            if (opts->progress) {
                w.prog.bytes_in = w.bytes_done;
                w.prog.elapsed = now_seconds() - w.t0;
                opts->progress(opts->progress_ud, &w.prog);
            }
            if (st && !first) {
                first = st;
                if (err)
                    *err = file_err;
            }
            /* A failure of the store itself (COAUTH_ESTOREFAULT: disk full, I/O
             * error, corrupt file) would fail every remaining file the same way:
             * one message, and the run stops; what was committed stays. */
            if (st && (opts->fail_fast || st == COAUTH_ESTOREFAULT))
                break;
        }
    }
    pthread_mutex_lock(&d.mu);
    d.stop = true;
    for (size_t i = 0; i < n; i++)
        __atomic_store_n(&d.jobs[i].cancel, true, __ATOMIC_RELAXED);
    pthread_cond_broadcast(&d.cond_parser);
    pthread_mutex_unlock(&d.mu);
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    for (size_t i = 0; i < n; i++) {
        struct batch *b = d.jobs[i].head;
        while (b) {
            struct batch *next = b->next;
            coauth_batch_free(b);
            b = next;
        }
    }
    pthread_cond_destroy(&d.cond_writer);
    pthread_cond_destroy(&d.cond_parser);
    pthread_mutex_destroy(&d.mu);
    free(threads);
    free(d.jobs);
    coauth_store_set_resolver(s, NULL);
    return first;
}
