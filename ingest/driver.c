/* driver.c - ingest driver: N parser threads, one writer applying files in order.
 *
 * Invariants:
 * - Files are claimed by parser threads in command-line order, and the writer (the
 *   calling thread) applies them strictly in that order, one transaction each, so the
 *   store does not depend on the number of threads.
 * - A parser may claim file i only while i < write_pos + window (window = 2 x jobs),
 *   and each file's queue holds at most QUEUE_MAX batches of at most BATCH_BYTES
 *   (or one record, if bigger): memory is bounded whatever the input size.
 * - Records handed over are deep copies (the reader's records are borrowed). With
 *   two or more parser threads each affiliation is resolved by its parser thread
 *   (the resolver is immutable and shared; each thread has its own
 *   coauth_resolution). With one parser thread the writer resolves instead, and only
 *   the strings new to the store (known strings are then never resolved at all),
 *   except that while the writer lags behind (a batch of the file still waiting for
 *   it when the parser starts the next) the parser resolves that batch itself: the two
 *   threads share the work. Resolution is a pure function of the text, so the store is the
 *   same either way.
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
#include <coauth/driver.h>

#include "gzsource_internal.h"

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
#include <zlib.h>

#define BATCH_BYTES (1u << 20)
#define BATCH_ITEMS 512
/* The first batch of a file is small, so the writer starts early. */
#define FIRST_BATCH_ITEMS 32
#define QUEUE_MAX         8
#define ARENA_BLOCK       (256u * 1024u)

/* ---- arena: append-only blocks, pointers never move ---- */

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

struct arena {
    struct arena_block *head;
    size_t total;
};

static void *arena_alloc(struct arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += cap;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

static char *arena_strdup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* ---- batches ---- */

struct item {
    const char *warning; /* non-NULL: a warning, rec unused */
    coauth_record rec;
    coauth_resolution *res; /* rec.n_affiliations entries, or NULL */
};

struct batch {
    struct batch *next;
    struct arena arena;
    struct item *items;
    size_t n_items, cap_items;
    uint64_t bytes_in; /* reader position at the end of this batch */
};

static void batch_free(struct batch *b)
{
    if (!b)
        return;
    arena_release(&b->arena);
    free(b->items);
    free(b);
}

static struct item *batch_add(struct batch *b)
{
    if (b->n_items == b->cap_items) {
        size_t cap = b->cap_items ? b->cap_items * 2 : 64;
        struct item *it = realloc(b->items, cap * sizeof *it);
        if (!it)
            return NULL;
        b->items = it;
        b->cap_items = cap;
    }
    struct item *it = &b->items[b->n_items++];
    memset(it, 0, sizeof *it);
    return it;
}

/* Replace *s (NULL or a string) by a copy in the arena; false when out of memory. */
static bool copy_str(struct arena *a, const char **s)
{
    return !*s || (*s = arena_strdup(a, *s, strlen(*s))) != NULL;
}

/* Replace *p (an array of n elements of size sz, NULL when n is 0) by a copy in the
 * arena; false when out of memory. */
static bool copy_array(struct arena *a, const void **p, size_t n, size_t sz)
{
    if (!n) {
        *p = NULL;
        return true;
    }
    void *q = arena_alloc(a, n * sz);
    if (!q)
        return false;
    memcpy(q, *p, n * sz);
    *p = q;
    return true;
}

/* Deep-copy the paper metadata of `r` (a shallow copy of the reader's record). */
static bool copy_metadata(struct arena *a, coauth_record *r)
{
    if (!copy_str(a, &r->title) || !copy_str(a, &r->doi) || !copy_str(a, &r->pmc) ||
        !copy_str(a, &r->nlm_id) || !copy_str(a, &r->journal_iso) ||
        !copy_str(a, &r->journal_title))
        return false;
    if (!copy_array(a, (const void **)&r->types, r->n_types, sizeof *r->types) ||
        !copy_array(a, (const void **)&r->issns, r->n_issns, sizeof *r->issns) ||
        !copy_array(a, (const void **)&r->languages, r->n_languages, sizeof *r->languages) ||
        !copy_array(a, (const void **)&r->mesh, r->n_mesh, sizeof *r->mesh) ||
        !copy_array(a, (const void **)&r->grants, r->n_grants, sizeof *r->grants))
        return false;
    coauth_pubtype *t = (coauth_pubtype *)r->types;
    for (size_t i = 0; i < r->n_types; i++)
        if (!copy_str(a, &t[i].ui) || !copy_str(a, &t[i].name))
            return false;
    coauth_issn *is = (coauth_issn *)r->issns;
    for (size_t i = 0; i < r->n_issns; i++)
        if (!copy_str(a, &is[i].issn) || !copy_str(a, &is[i].type))
            return false;
    const char **l = (const char **)r->languages;
    for (size_t i = 0; i < r->n_languages; i++)
        if (!copy_str(a, &l[i]))
            return false;
    coauth_mesh *m = (coauth_mesh *)r->mesh;
    for (size_t i = 0; i < r->n_mesh; i++)
        if (!copy_str(a, &m[i].ui) || !copy_str(a, &m[i].name))
            return false;
    coauth_grant *g = (coauth_grant *)r->grants;
    for (size_t i = 0; i < r->n_grants; i++)
        if (!copy_str(a, &g[i].agency) || !copy_str(a, &g[i].country) || !copy_str(a, &g[i].id))
            return false;
    return true;
}

/* Deep-copy `rec` (and resolve its affiliations) into the batch. */
static coauth_status batch_copy_record(struct batch *b, const coauth_record *rec,
                                       const coauth_resolver *resolver, coauth_resolution *scratch,
                                       coauth_error *err)
{
    struct arena *a = &b->arena;
    struct item *it = batch_add(b);
    if (!it)
        goto nomem;
    it->rec = *rec;
    coauth_record *r = &it->rec;
    if (rec->n_authors) {
        coauth_author *au = arena_alloc(a, rec->n_authors * sizeof *au);
        if (!au)
            goto nomem;
        for (size_t i = 0; i < rec->n_authors; i++) {
            au[i] = rec->authors[i];
            if (!au[i].name)
                au[i].name = "";
            if (!copy_str(a, &au[i].name) || !copy_str(a, &au[i].last_name) ||
                !copy_str(a, &au[i].fore_name) || !copy_str(a, &au[i].initials) ||
                !copy_str(a, &au[i].collective_name) || !copy_str(a, &au[i].orcid))
                goto nomem;
        }
        r->authors = au;
    } else {
        r->authors = NULL;
    }
    if (rec->n_affiliations) {
        coauth_affiliation *af = arena_alloc(a, rec->n_affiliations * sizeof *af);
        if (!af)
            goto nomem;
        for (size_t i = 0; i < rec->n_affiliations; i++) {
            const coauth_affiliation *src = &rec->affiliations[i];
            af[i] = *src;
            if (!(af[i].text = arena_strdup(a, src->text, src->len)) ||
                !copy_array(a, (const void **)&af[i].identifiers, src->n_identifiers,
                            sizeof *src->identifiers))
                goto nomem;
            coauth_ident *id = (coauth_ident *)af[i].identifiers;
            for (size_t k = 0; k < src->n_identifiers; k++)
                if (!copy_str(a, &id[k].source) || !copy_str(a, &id[k].value))
                    goto nomem;
            if (!copy_str(a, &af[i].country))
                goto nomem;
        }
        r->affiliations = af;
        it->res = NULL;
        if (resolver) {
            coauth_resolution *res = arena_alloc(a, rec->n_affiliations * sizeof *res);
            if (!res)
                goto nomem;
            for (size_t i = 0; i < rec->n_affiliations; i++) {
                coauth_status st =
                    coauth_resolve_affiliation(resolver, &rec->affiliations[i], scratch, err);
                if (st)
                    return st;
                res[i].n_parts = scratch->n_parts;
                res[i].scratch_ = NULL;
                res[i].parts = NULL;
                if (scratch->n_parts) {
                    coauth_part *pp = arena_alloc(a, scratch->n_parts * sizeof *pp);
                    if (!pp)
                        goto nomem;
                    for (size_t k = 0; k < scratch->n_parts; k++) {
                        pp[k] = scratch->parts[k];
                        const char *inst = scratch->parts[k].institution;
                        if (inst && !(pp[k].institution = arena_strdup(a, inst, strlen(inst))))
                            goto nomem;
                    }
                    res[i].parts = pp;
                }
            }
            it->res = res;
        }
    } else {
        r->affiliations = NULL;
    }
    if (rec->n_deleted) {
        uint64_t *d = arena_alloc(a, rec->n_deleted * sizeof *d);
        if (!d)
            goto nomem;
        memcpy(d, rec->deleted, rec->n_deleted * sizeof *d);
        r->deleted = d;
    } else {
        r->deleted = NULL;
    }
    if (!copy_metadata(a, r))
        goto nomem;
    return COAUTH_OK;
nomem:
    return coauth_fail(err, COAUTH_ENOMEM, "out of memory copying record %llu",
                       (unsigned long long)rec->pmid);
}

/* ---- file identity ---- */

/* Size and checksum of the file, and its MD5 when out_md5 is not NULL: one pass. */
static coauth_status file_identity(const char *path, uint64_t *out_size, char out_checksum[64],
                                   char *out_md5, coauth_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) { /* sb is unspecified then: read nothing from it */
        int e = errno;
        close(fd);
        return coauth_fail(err, COAUTH_EIO, "cannot read '%s': %s", path, strerror(e));
    }
    if (S_ISDIR(sb.st_mode)) {
        close(fd);
        return coauth_fail(err, COAUTH_EIO, "cannot read '%s': is a directory", path);
    }
    unsigned char *buf = malloc(1u << 20);
    if (!buf) {
        close(fd);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory reading '%s'", path);
    }
    uLong crc = crc32(0L, Z_NULL, 0), adl = adler32(0L, Z_NULL, 0);
    coauth_md5 md5;
    coauth_md5_init(&md5);
    uint64_t size = 0;
    coauth_status st = COAUTH_OK;
    for (;;) {
        ssize_t n = read(fd, buf, 1u << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = coauth_fail(err, COAUTH_EIO, "cannot read '%s': %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        crc = crc32(crc, buf, (uInt)n);
        adl = adler32(adl, buf, (uInt)n);
        if (out_md5)
            coauth_md5_update(&md5, buf, (size_t)n);
        size += (uint64_t)n;
    }
    free(buf);
    close(fd);
    if (st)
        return st;
    *out_size = size;
    coauth_checksum_format(crc, adl, out_checksum);
    if (out_md5)
        coauth_md5_final_hex(&md5, out_md5);
    return COAUTH_OK;
}

coauth_status coauth_file_identity(const char *path, uint64_t *out_size, char out_checksum[64],
                                   coauth_error *err)
{
    return file_identity(path, out_size, out_checksum, NULL, err);
}

/* NLM's FILE.md5 beside `path`: *out_found 0 when there is none; otherwise want[] gets
 * its 32 hex digits (lower case). Its content is "MD5(name)= hex" (NLM), or "hex  name"
 * (md5sum); anything else is an error naming it. */
static coauth_status read_md5_file(const char *path, int *out_found, char want[33],
                                   coauth_error *err)
{
    char md5_path[4096];
    *out_found = 0;
    if (snprintf(md5_path, sizeof md5_path, "%s.md5", path) >= (int)sizeof md5_path)
        return COAUTH_OK;
    FILE *f = fopen(md5_path, "r");
    if (!f) {
        if (errno == ENOENT)
            return COAUTH_OK;
        return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", md5_path, strerror(errno));
    }
    char line[512];
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = '\0';
    const char *p = strstr(line, ")=");
    p = p ? p + 2 : line;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t k = 0;
    for (; k < 32; k++) {
        char c = p[k];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            break;
        want[k] = c;
    }
    char end = p[k];
    if (k != 32 || !(end == '\0' || end == '\n' || end == '\r' || end == ' ' || end == '\t'))
        return coauth_fail(err, COAUTH_EFORMAT,
                           "'%s': not an MD5 file (want 'MD5(name)= 32 hex digits')", md5_path);
    want[32] = '\0';
    *out_found = 1;
    return COAUTH_OK;
}

static coauth_status md5_mismatch(const char *path, const char *got, const char *want,
                                  coauth_error *err)
{
    return coauth_fail(err, COAUTH_EFORMAT,
                       "'%s': MD5 %s does not match %s in '%s.md5' (a damaged or different "
                       "download): not applied",
                       path, got, want, path);
}

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
    bool finished;      /* parser done: all batches queued, or failed, or skipped */
    bool skip;          /* already applied (parser's pre-check) */
    bool cancel;        /* writer: stop parsing this file */
    bool identity;      /* size/checksum known before parsing */
    bool late_identity; /* size/checksum computed while parsing (known once finished) */
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
    const coauth_resolver *parser_resolver; /* NULL: the writer resolves */
    /* With one parser thread: the resolver the parser uses for a batch while the
     * writer lags behind (a batch of the file already waiting for it), NULL otherwise. */
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
    struct item *it = batch_add(pc->cur);
    if (!it) {
        pc->warn_status = COAUTH_ENOMEM;
        return;
    }
    it->warning = arena_strdup(&pc->cur->arena, msg, strlen(msg));
    if (!it->warning) {
        pc->cur->n_items--;
        pc->warn_status = COAUTH_ENOMEM;
    }
}

static struct batch *batch_new(void)
{
    return calloc(1, sizeof(struct batch));
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
        batch_free(b);
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
    const coauth_resolver *res = d->parser_resolver;
    if (!res && d->lag_resolver && pc->cur->n_items == 0) { /* once per batch */
        pthread_mutex_lock(&d->mu);
        pc->batch_resolves = job->n_queued >= 1;
        pthread_mutex_unlock(&d->mu);
    }
    if (!res && pc->batch_resolves)
        res = d->lag_resolver;
    coauth_status st = batch_copy_record(pc->cur, rec, res, pc->scratch, err);
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
        if (!(pc->cur = batch_new()))
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
    if (strcmp(job->path, "-") != 0 && (st = read_md5_file(job->path, &have_md5, md5_want, &e)))
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
        } else if (!(st = file_identity(job->path, &job->size, job->checksum,
                                        have_md5 ? md5_got : NULL, &e))) {
            job->identity = true;
            job->skip = already_applied(ro, job, job->size, job->checksum);
        }
        coauth_store_free(ro);
        if (st || job->skip)
            goto done;
        /* checked in the identity pass: a mismatch fails the file before parsing */
        if (have_md5 && md5_got[0] && strcmp(md5_got, md5_want) != 0) {
            st = md5_mismatch(job->path, md5_got, md5_want, &e);
            goto done;
        }
    }
    if ((st = coauth_reader_open(&r, job->path, &e)))
        goto done;
    coauth_reader_set_warn(r, on_reader_warn, &pc);
    if ((stream_sum && (st = coauth_reader_checksum(r, &e))) ||
        (have_md5 && !md5_got[0] && (st = coauth_reader_md5(r, &e))) ||
        (st = coauth_reader_readahead(r, &e)))
        goto done;
    if (!(pc.cur = batch_new())) {
        st = coauth_fail(&e, COAUTH_ENOMEM, "out of memory");
        goto done;
    }
    pc.reader = r;
    pc.scratch = scratch;
    st = coauth_reader_each(r, on_record, &pc, &e);
    if (pc.cancelled) {
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
            st = md5_mismatch(job->path, md5_got, md5_want, &e);
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
    batch_free(pc.cur);
    coauth_reader_free(r);
    finish_job(d, job, st, &e);
}

static void *parser_main(void *arg)
{
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
            batch_free(b);
            break;
        }
        if (st || skipped) {
            batch_free(b);
            continue;
        }
        if (!began) {
            if ((st = coauth_store_begin_named_file(w->s, job->name, err))) {
                if (st != COAUTH_ESTOREFAULT)
                    coauth_error_prefix(err, st, "'%s'", job->path);
                cancel_job(d, job);
                batch_free(b);
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
                    batch_free(b);
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
        batch_free(b);
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
    d.parser_resolver = jobs > 1 ? opts->resolver : NULL;
    d.lag_resolver = jobs == 1 ? opts->resolver : NULL;
    d.store_path = coauth_store_path(s);
    d.jobs = calloc(n, sizeof *d.jobs);
    pthread_t *threads = calloc(jobs, sizeof *threads);
    if (!d.jobs || !threads) {
        free(d.jobs);
        free(threads);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory starting ingest");
    }
    if (jobs == 1)
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
            batch_free(b);
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
