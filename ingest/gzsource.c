/* gzsource.c - byte source for the readers: plain or gzip bytes from a descriptor or
 * from memory, inflated with ISA-L's isal_inflate() when coauth is built with it
 * (COAUTH_HAVE_ISAL, the default where libisal is installed), else zlib's inflate(),
 * driven directly either way.
 *
 * Invariant: a gzip input is accepted only when every member ends with Z_STREAM_END
 * (zlib has then verified the CRC-32 and ISIZE trailer) and nothing but further
 * complete members follows; anything else is COAUTH_EFORMAT. Plain input is passed
 * through unchanged.
 *
 * Design notes. We drive inflate() ourselves instead of using gzread(): gzread
 * reports a truncated stream only through gzerror()/gzclose_r() after the fact
 * (zlib.h: "gzread does not return -1 in the event of an incomplete gzip stream")
 * and silently skips trailing garbage after a member, whereas inflate() tells us at
 * the exact point. inflateInit2(15 + 16) accepts gzip only (magic already checked);
 * after Z_STREAM_END, if more input follows, inflateReset() starts the next member
 * (multi-member files: `cat a.gz b.gz`, pigz/bgzf output). Bytes after a member that
 * are not a gzip member are an error ("incorrect header check"), so nothing is
 * skipped silently.
 *
 * ISA-L (Intel's igzip, Debian libisal) inflates the same gzip members about three
 * times faster than zlib on this machine (bench/RESULTS.md, "Inflate"), which is
 * most of the read-ahead thread's time. Its ISAL_GZIP mode parses the member header
 * and verifies the CRC-32 and ISIZE trailer as zlib does; block_state
 * ISAL_BLOCK_FINISH is zlib's Z_STREAM_END and isal_inflate_reset its
 * inflateReset. Errors are reported in the same words for both, so messages do not
 * depend on the build.
 */
#include "gzsource_internal.h"

#include <coauth/md5.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#ifdef COAUTH_HAVE_ISAL
#include <isa-l/igzip_lib.h>
#endif

/* Bytes of the previous descriptor chunk kept before the next one: ISA-L may give back
 * up to 8 bytes it had read ahead into its bit buffer, from the chunk before. */
#define HIST 16

/* Read-ahead ring: RA_SLOTS buffers of RA_BYTES inflated bytes. */
#define RA_SLOTS 4
#define RA_BYTES (256u * 1024u)

struct ra_slot {
    unsigned char *data;
    size_t len;
    coauth_status st;  /* COAUTH_OK, or the EOF / error that ends the input after len */
    uint64_t bytes_in; /* source position after this slot's bytes */
};

/* The read-ahead thread and the reader share only this, under `mu`. */
struct readahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cond; /* a slot was filled or released, or stop */
    struct ra_slot slot[RA_SLOTS];
    unsigned head, count; /* filled slots: head .. head+count-1 (mod RA_SLOTS) */
    bool stop;
    /* reader side: the slot being read (at head) and how far */
    bool reading;
    size_t off;
    uint64_t bytes_in;
};

enum gz_state {
    GZ_UNKNOWN = 0, /* format not decided yet */
    GZ_PLAIN,
    GZ_IN_MEMBER, /* inside a gzip member */
    GZ_AFTER_END, /* a member ended; more members may follow */
    GZ_DONE,      /* clean end */
    GZ_FAILED
};

struct coauth_gzsource {
    int fd;                   /* -1 for memory */
    int close_fd;             /* 0 for stdin */
    const unsigned char *mem; /* memory input (whole) */
    size_t mem_len;
    size_t mem_pos;          /* bytes of mem handed to `in` so far */
    unsigned char *buf;      /* descriptor input: HIST bytes of history, then one chunk */
    const unsigned char *in; /* unconsumed input */
    size_t in_len;
    int in_eof;        /* the descriptor or memory is exhausted */
    uint64_t total_in; /* bytes taken from the file or memory into `in` */
    enum gz_state state;
    unsigned member_pos; /* bytes of the current member consumed, counted up to 4 */
    int zinit;           /* the inflater is initialised */
#ifdef COAUTH_HAVE_ISAL
    struct inflate_state *isal; /* large (tens of KiB): allocated when gzip is seen */
#else
    z_stream strm;
#endif
    coauth_status fail_code;
    char *name;
    char fail_msg[COAUTH_ERRMSG_MAX];
    struct readahead *ra; /* non-NULL: a thread inflates ahead (coauth_gzsource_readahead) */
    bool sum_on;          /* checksum the bytes read (coauth_gzsource_checksum) */
    uLong crc, adler;
    bool md5_on; /* MD5 of the bytes read (coauth_gzsource_md5) */
    coauth_md5 md5;
    const bool *cancel; /* set (atomically) by another thread: stop waiting for input */
};

/* read(2) of the descriptor, retried on EINTR. With a cancel flag, a descriptor with
 * nothing to read (a pipe, a FIFO, a terminal) is waited on in slices of 100 ms, so
 * that a run interrupted while its input is silent stops at once: -1 with errno
 * ECANCELED once the flag is set. A regular file is always readable: one poll per
 * chunk. */
static ssize_t fd_read(coauth_gzsource *s, void *buf, size_t n)
{
    for (;;) {
        if (s->cancel) {
            struct pollfd pfd = {.fd = s->fd, .events = POLLIN};
            int r = poll(&pfd, 1, 100);
            if (__atomic_load_n(s->cancel, __ATOMIC_RELAXED)) {
                errno = ECANCELED;
                return -1;
            }
            if (r == 0 || (r < 0 && errno == EINTR))
                continue;
        }
        ssize_t k = read(s->fd, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        return k;
    }
}

static void sum_bytes(coauth_gzsource *s, const unsigned char *p, size_t n)
{
    if (n == 0)
        return;
    if (s->sum_on) {
        s->crc = crc32(s->crc, p, (uInt)n); /* n <= COAUTH_GZSOURCE_CHUNK */
        s->adler = adler32(s->adler, p, (uInt)n);
    }
    if (s->md5_on)
        coauth_md5_update(&s->md5, p, n);
}

static coauth_status fail(coauth_gzsource *s, coauth_error *err, coauth_status code,
                          const char *what)
{
    s->state = GZ_FAILED;
    s->fail_code = code;
    coauth_fail(err, code, "'%s': %s", s->name, what);
    if (err)
        memcpy(s->fail_msg, err->msg, sizeof s->fail_msg);
    else
        s->fail_msg[0] = '\0';
    return code;
}

static coauth_status new_source(coauth_gzsource **out, const char *name, coauth_error *err)
{
    coauth_gzsource *s = calloc(1, sizeof *s);
    if (!s)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", name);
    s->name = strdup(name);
    if (!s->name) {
        free(s);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", name);
    }
    s->fd = -1;
    *out = s;
    return COAUTH_OK;
}

coauth_status coauth_gzsource_open(coauth_gzsource **out, const char *path, const char *name,
                                   coauth_error *err)
{
    *out = NULL;
    if (!path)
        return coauth_fail(err, COAUTH_EINVAL, "no input path given");
    if (!name)
        name = path;
    coauth_gzsource *s = NULL;
    coauth_status st = new_source(&s, name, err);
    if (st)
        return st;
    s->buf = calloc(1, HIST + COAUTH_GZSOURCE_CHUNK);
    if (!s->buf) {
        coauth_gzsource_free(s);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", name);
    }
    if (strcmp(path, "-") == 0) {
        s->fd = 0;
        s->close_fd = 0;
    } else {
        s->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (s->fd < 0) {
            int e = errno;
            coauth_gzsource_free(s);
            return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", name, strerror(e));
        }
        s->close_fd = 1;
    }
    *out = s;
    return COAUTH_OK;
}

coauth_status coauth_gzsource_open_mem(coauth_gzsource **out, const void *data, size_t len,
                                       const char *name, coauth_error *err)
{
    *out = NULL;
    if (!data && len)
        return coauth_fail(err, COAUTH_EINVAL, "no input data given");
    if (!name)
        name = "<memory>";
    coauth_gzsource *s = NULL;
    coauth_status st = new_source(&s, name, err);
    if (st)
        return st;
    s->mem = data;
    s->mem_len = len;
    *out = s;
    return COAUTH_OK;
}

/* Refill `in` when it is empty. Returns COAUTH_OK (possibly setting in_eof) or EIO. */
static coauth_status refill(coauth_gzsource *s, coauth_error *err)
{
    if (s->in_len || s->in_eof)
        return COAUTH_OK;
    if (s->fd < 0) {
        size_t n = s->mem_len - s->mem_pos;
        if (n > COAUTH_GZSOURCE_CHUNK)
            n = COAUTH_GZSOURCE_CHUNK;
        s->in = s->mem + s->mem_pos;
        s->in_len = n;
        s->mem_pos += n;
        s->total_in += n;
        sum_bytes(s, s->in, n);
        if (n == 0)
            s->in_eof = 1;
        return COAUTH_OK;
    }
    /* keep the last HIST bytes read before the new chunk (s->in is at their end) */
    memmove(s->buf, s->in ? s->in - HIST : s->buf, HIST);
    unsigned char *data = s->buf + HIST;
    for (;;) {
        ssize_t n = fd_read(s, data, COAUTH_GZSOURCE_CHUNK);
        if (n < 0) {
            char what[COAUTH_ERRMSG_MAX];
            /* "read error: Is a directory" etc. */
            strcpy(what, "read error: ");
            strncat(what, strerror(errno), sizeof what - strlen(what) - 1);
            return fail(s, err, COAUTH_EIO, what);
        }
        s->in = data;
        s->in_len = (size_t)n;
        s->total_in += (uint64_t)n;
        sum_bytes(s, data, (size_t)n);
        if (n == 0)
            s->in_eof = 1;
        return COAUTH_OK;
    }
}

/* Decide plain or gzip from the first two bytes. A pipe may deliver one byte at a
 * time: for a descriptor, read on (appending) until two bytes or EOF. */
static coauth_status sniff(coauth_gzsource *s, coauth_error *err)
{
    coauth_status st = refill(s, err);
    if (st)
        return st;
    if (s->fd >= 0) {
        while (s->in_len < 2 && !s->in_eof) {
            ssize_t n = fd_read(s, s->buf + HIST + s->in_len, COAUTH_GZSOURCE_CHUNK - s->in_len);
            if (n < 0) {
                char what[COAUTH_ERRMSG_MAX];
                strcpy(what, "read error: ");
                strncat(what, strerror(errno), sizeof what - strlen(what) - 1);
                return fail(s, err, COAUTH_EIO, what);
            }
            if (n == 0) {
                /* Deliver what we have; the next refill reads EOF again. */
                break;
            }
            sum_bytes(s, s->buf + HIST + s->in_len, (size_t)n);
            s->in_len += (size_t)n;
            s->total_in += (uint64_t)n;
        }
    }
    /* Memory chunks are min(len, CHUNK) bytes: fewer than two means the whole input. */
    int gz = s->in_len >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
    if (!gz) {
        s->state = GZ_PLAIN;
        return COAUTH_OK;
    }
#ifdef COAUTH_HAVE_ISAL
    s->isal = malloc(sizeof *s->isal);
    if (!s->isal)
        return fail(s, err, COAUTH_ENOMEM, "out of memory inflating gzip data");
    isal_inflate_init(s->isal);
    s->isal->crc_flag = ISAL_GZIP;
#else
    memset(&s->strm, 0, sizeof s->strm);
    int zr = inflateInit2(&s->strm, 15 + 16);
    if (zr != Z_OK)
        return fail(s, err, zr == Z_MEM_ERROR ? COAUTH_ENOMEM : COAUTH_EFORMAT,
                    "cannot initialise zlib inflate");
#endif
    s->zinit = 1;
    s->member_pos = 0;
    s->state = GZ_IN_MEMBER;
    return COAUTH_OK;
}

static coauth_status read_plain(coauth_gzsource *s, unsigned char *buf, size_t cap, size_t *got,
                                coauth_error *err)
{
    coauth_status st = refill(s, err);
    if (st)
        return st;
    if (s->in_len == 0) {
        s->state = GZ_DONE;
        return COAUTH_EOF;
    }
    size_t n = s->in_len < cap ? s->in_len : cap;
    memcpy(buf, s->in, n);
    s->in += n;
    s->in_len -= n;
    *got = n;
    return COAUTH_OK;
}

/* Damaged deflate data, in the same words whichever library inflates. */
#define DEFLATE_ERROR "invalid deflate data"

static coauth_status corrupt(coauth_gzsource *s, coauth_error *err, const char *zm)
{
    char what[COAUTH_ERRMSG_MAX];
    strcpy(what, "corrupt gzip data: ");
    strncat(what, zm, sizeof what - strlen(what) - 1);
    return fail(s, err, COAUTH_EFORMAT, what);
}

#ifdef COAUTH_HAVE_ISAL
static coauth_status read_gzip(coauth_gzsource *s, unsigned char *buf, size_t cap, size_t *got,
                               coauth_error *err)
{
    /* ISA-L counts in uint32_t: never ask for more than fits. */
    if (cap > (1u << 30))
        cap = 1u << 30;
    struct inflate_state *z = s->isal;
    size_t produced = 0;
    while (produced == 0) {
        coauth_status st = refill(s, err);
        if (st)
            return st;
        if (s->state == GZ_AFTER_END) {
            if (s->in_len == 0 && s->in_eof) {
                s->state = GZ_DONE;
                return COAUTH_EOF;
            }
            if (s->in_len == 0)
                continue;
            isal_inflate_reset(z);
            z->crc_flag = ISAL_GZIP;
            s->state = GZ_IN_MEMBER;
            s->member_pos = 0;
        }
        /* RFC 1952: the reserved FLG bits (5-7, the member's 4th byte) must be zero.
         * zlib refuses such a member ("unknown header flags set"); ISA-L reads past
         * them, so they are checked here, for the same answer with either inflater. */
        if (s->member_pos < 4) {
            size_t k = 3 - s->member_pos;
            if (k < s->in_len && (s->in[k] & 0xe0))
                return corrupt(s, err, "incorrect header check (not a gzip member)");
        }
        const uint8_t *before = s->in;
        if (s->in_len == 0 && s->in_eof)
            return fail(s, err, COAUTH_EFORMAT,
                        "truncated gzip data (unexpected end of file inside a member)");
        z->next_in = (uint8_t *)(uintptr_t)s->in; /* ISA-L does not write input */
        z->avail_in = (uint32_t)s->in_len;
        z->next_out = buf + produced;
        z->avail_out = (uint32_t)(cap - produced);
        int zr = isal_inflate(z);
        /* Where ISA-L stands: after a member it gives back what it had read ahead, up to
         * 8 bytes, possibly from the chunk before (kept: HIST, or contiguous memory). */
        bool moved = z->next_in != s->in;
        if (s->member_pos < 4 && z->next_in > before) {
            size_t used = (size_t)(z->next_in - before);
            s->member_pos = used >= 4 - s->member_pos ? 4 : s->member_pos + (unsigned)used;
        }
        s->in = z->next_in;
        s->in_len = z->avail_in;
        produced = cap - z->avail_out;
        switch (zr) {
        case ISAL_DECOMP_OK:
            if (z->block_state == ISAL_BLOCK_FINISH)
                s->state = GZ_AFTER_END;
            else if (!moved && produced == 0 && s->in_len)
                return fail(s, err, COAUTH_EFORMAT, "corrupt gzip data (no progress)");
            continue;
        case ISAL_INCORRECT_CHECKSUM:
            /* ISA-L says the same for a bad CRC-32 and a bad ISIZE; it stops right
             * after the 8-byte trailer, so compare the CRC ourselves, as zlib tells. */
            if (s->in - (s->fd < 0 ? s->mem : s->buf + HIST) >= 8) { /* trailer in this chunk */
                const unsigned char *t = s->in - 8;
                uint32_t crc = (uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 |
                               (uint32_t)t[3] << 24;
                if (crc == z->crc)
                    return corrupt(s, err, "incorrect length check");
                return corrupt(s, err, "incorrect data check (bad CRC-32)");
            }
            return corrupt(s, err, "incorrect data check (bad CRC-32 or length)");
        case ISAL_INVALID_WRAPPER:
        case ISAL_UNSUPPORTED_METHOD:
            return corrupt(s, err, "incorrect header check (not a gzip member)");
        default: /* ISAL_INVALID_BLOCK, _SYMBOL, _LOOKBACK */
            return corrupt(s, err, DEFLATE_ERROR);
        }
    }
    *got = produced;
    return COAUTH_OK;
}
#else
static coauth_status read_gzip(coauth_gzsource *s, unsigned char *buf, size_t cap, size_t *got,
                               coauth_error *err)
{
    /* zlib counts in uInt: never ask for more than fits. */
    if (cap > (1u << 30))
        cap = 1u << 30;
    size_t produced = 0;
    while (produced == 0) {
        coauth_status st = refill(s, err);
        if (st)
            return st;
        if (s->state == GZ_AFTER_END) {
            if (s->in_len == 0 && s->in_eof) {
                s->state = GZ_DONE;
                return COAUTH_EOF;
            }
            if (s->in_len == 0)
                continue;
            if (inflateReset(&s->strm) != Z_OK)
                return fail(s, err, COAUTH_EFORMAT, "cannot reset zlib inflate");
            s->state = GZ_IN_MEMBER;
        }
        if (s->in_len == 0 && s->in_eof)
            return fail(s, err, COAUTH_EFORMAT,
                        "truncated gzip data (unexpected end of file inside a member)");
        s->strm.next_in = (Bytef *)(uintptr_t)s->in; /* zlib does not write input */
        s->strm.avail_in = (uInt)s->in_len;
        s->strm.next_out = buf + produced;
        s->strm.avail_out = (uInt)(cap - produced);
        int zr = inflate(&s->strm, Z_NO_FLUSH);
        size_t used = s->in_len - s->strm.avail_in;
        s->in += used;
        s->in_len -= used;
        produced = cap - s->strm.avail_out;
        if (zr == Z_STREAM_END) {
            s->state = GZ_AFTER_END;
            continue;
        }
        if (zr == Z_OK)
            continue;
        if (zr == Z_BUF_ERROR) {
            /* No progress possible: input exhausted (refill next round) or the
             * output is full (cannot happen: we stop once something is produced). */
            if (s->in_len == 0)
                continue;
            return fail(s, err, COAUTH_EFORMAT, "corrupt gzip data (no progress)");
        }
        if (zr == Z_MEM_ERROR)
            return fail(s, err, COAUTH_ENOMEM, "out of memory inflating gzip data");
        const char *zm = s->strm.msg ? s->strm.msg : "";
        if (strcmp(zm, "incorrect data check") == 0)
            zm = "incorrect data check (bad CRC-32)";
        else if (strcmp(zm, "incorrect length check") == 0)
            ;
        else if (strcmp(zm, "incorrect header check") == 0 ||
                 strcmp(zm, "unknown compression method") == 0 ||
                 strcmp(zm, "unknown header flags set") == 0 ||
                 strcmp(zm, "header crc mismatch") == 0 || strcmp(zm, "invalid window size") == 0)
            zm = "incorrect header check (not a gzip member)";
        else
            zm = DEFLATE_ERROR; /* zlib's own words differ from ISA-L's: one message */
        return corrupt(s, err, zm);
    }
    *got = produced;
    return COAUTH_OK;
}

#endif

static coauth_status direct_read(coauth_gzsource *s, void *buf, size_t cap, size_t *got,
                                 coauth_error *err)
{
    *got = 0;
    if (s->state == GZ_FAILED) {
        if (err) {
            err->code = s->fail_code;
            memcpy(err->msg, s->fail_msg, sizeof err->msg);
        }
        return s->fail_code;
    }
    if (s->state == GZ_DONE)
        return COAUTH_EOF;
    if (cap == 0)
        return coauth_fail(err, COAUTH_EINVAL, "zero-sized read");
    if (s->state == GZ_UNKNOWN) {
        coauth_status st = sniff(s, err);
        if (st)
            return st;
    }
    if (s->state == GZ_PLAIN)
        return read_plain(s, buf, cap, got, err);
    return read_gzip(s, buf, cap, got, err);
}

void coauth_checksum_format(unsigned long crc, unsigned long adler, char out[64])
{
    snprintf(out, 64, "crc32:%08lx-adler32:%08lx", crc, adler);
}

void coauth_gzsource_checksum(coauth_gzsource *s)
{
    if (s->state != GZ_UNKNOWN || s->ra || s->total_in)
        return;
    s->sum_on = true;
    s->crc = crc32(0L, Z_NULL, 0);
    s->adler = adler32(0L, Z_NULL, 0);
}

void coauth_gzsource_md5(coauth_gzsource *s)
{
    if (s->state != GZ_UNKNOWN || s->ra || s->total_in)
        return;
    s->md5_on = true;
    coauth_md5_init(&s->md5);
}

/* Whether the source has read its input to the end (with a read-ahead thread: and the
 * reader has taken the last slot). */
static bool source_ended(coauth_gzsource *s)
{
    if (s->ra) {
        struct readahead *ra = s->ra;
        pthread_mutex_lock(&ra->mu);
        const struct ra_slot *sl = &ra->slot[ra->head];
        bool ended = ra->reading && sl->st != COAUTH_OK && ra->off >= sl->len;
        pthread_mutex_unlock(&ra->mu);
        if (!ended)
            return false;
    }
    return s->state == GZ_DONE;
}

int coauth_gzsource_md5_hex(coauth_gzsource *s, char out[33])
{
    if (!s->md5_on || !source_ended(s))
        return 0;
    coauth_md5_final_hex(&s->md5, out);
    s->md5_on = false; /* the context is spent */
    return 1;
}

int coauth_gzsource_identity(coauth_gzsource *s, uint64_t *size, char checksum[64])
{
    if (s->ra) {
        /* The thread is done with the source only once the reader has been handed the
         * last slot (EOF or error) and read it out; before that, nothing is known. */
        struct readahead *ra = s->ra;
        pthread_mutex_lock(&ra->mu);
        const struct ra_slot *sl = &ra->slot[ra->head];
        bool ended = ra->reading && sl->st != COAUTH_OK && ra->off >= sl->len;
        pthread_mutex_unlock(&ra->mu);
        if (!ended)
            return 0;
    }
    if (!s->sum_on || s->state != GZ_DONE)
        return 0;
    *size = s->total_in;
    coauth_checksum_format(s->crc, s->adler, checksum);
    return 1;
}

/* ---- read-ahead ------------------------------------------------------------------ */

/* The thread: fill free slots with direct_read() until EOF, an error or stop. Each
 * slot holds RA_BYTES unless the input ends inside it; the ending status travels in
 * the last slot. */
static void *ra_main(void *arg)
{
#ifdef __linux__
    prctl(PR_SET_NAME, "coauth-inflate", 0, 0, 0); /* its name in top -H, perf, gdb */
#endif
    coauth_gzsource *s = arg;
    struct readahead *ra = s->ra;
    for (;;) {
        pthread_mutex_lock(&ra->mu);
        while (ra->count == RA_SLOTS && !ra->stop)
            pthread_cond_wait(&ra->cond, &ra->mu);
        if (ra->stop) {
            pthread_mutex_unlock(&ra->mu);
            return NULL;
        }
        struct ra_slot *sl = &ra->slot[(ra->head + ra->count) % RA_SLOTS];
        pthread_mutex_unlock(&ra->mu);
        /* The slot is ours until it is counted: the reader only touches counted ones. */
        size_t len = 0;
        coauth_status st = COAUTH_OK;
        coauth_error e = COAUTH_ERROR_INIT; /* the message stays in s->fail_msg */
        while (len < RA_BYTES && st == COAUTH_OK) {
            size_t got = 0;
            st = direct_read(s, sl->data + len, RA_BYTES - len, &got, &e);
            len += got;
        }
        sl->len = len;
        sl->st = st;
        sl->bytes_in = s->total_in - s->in_len;
        pthread_mutex_lock(&ra->mu);
        ra->count++;
        pthread_cond_broadcast(&ra->cond);
        pthread_mutex_unlock(&ra->mu);
        if (st != COAUTH_OK)
            return NULL;
    }
}

coauth_status coauth_gzsource_readahead(coauth_gzsource *s, coauth_error *err)
{
    if (s->ra || s->state != GZ_UNKNOWN)
        return COAUTH_OK;
    if (s->fd >= 0) {
        /* Only for regular files: the thread must never block on a pipe that the reader
         * has stopped draining. */
        struct stat sb;
        if (fstat(s->fd, &sb) != 0 || !S_ISREG(sb.st_mode))
            return COAUTH_OK;
    }
    struct readahead *ra = calloc(1, sizeof *ra);
    if (!ra)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", s->name);
    for (int i = 0; i < RA_SLOTS; i++) {
        if (!(ra->slot[i].data = malloc(RA_BYTES))) {
            for (int k = 0; k < i; k++)
                free(ra->slot[k].data);
            free(ra);
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", s->name);
        }
    }
    pthread_mutex_init(&ra->mu, NULL);
    pthread_cond_init(&ra->cond, NULL);
    s->ra = ra;
    if (pthread_create(&ra->thread, NULL, ra_main, s) != 0) {
        s->ra = NULL; /* no thread: read directly */
        pthread_mutex_destroy(&ra->mu);
        pthread_cond_destroy(&ra->cond);
        for (int i = 0; i < RA_SLOTS; i++)
            free(ra->slot[i].data);
        free(ra);
    }
    return COAUTH_OK;
}

static coauth_status ra_read(coauth_gzsource *s, unsigned char *buf, size_t cap, size_t *got,
                             coauth_error *err)
{
    struct readahead *ra = s->ra;
    *got = 0;
    pthread_mutex_lock(&ra->mu);
    for (;;) {
        if (ra->reading) {
            struct ra_slot *sl = &ra->slot[ra->head];
            if (ra->off < sl->len) {
                size_t n = sl->len - ra->off < cap ? sl->len - ra->off : cap;
                pthread_mutex_unlock(&ra->mu);
                memcpy(buf, sl->data + ra->off, n); /* counted slot: the thread keeps off */
                ra->off += n;
                *got = n;
                return COAUTH_OK;
            }
            if (sl->st != COAUTH_OK) { /* the end, for good: the slot stays */
                coauth_status st = sl->st;
                pthread_mutex_unlock(&ra->mu);
                if (st != COAUTH_EOF && err) {
                    err->code = st;
                    memcpy(err->msg, s->fail_msg, sizeof err->msg);
                }
                return st;
            }
            ra->reading = false; /* release the slot */
            ra->head = (ra->head + 1) % RA_SLOTS;
            ra->count--;
            pthread_cond_broadcast(&ra->cond);
        }
        while (ra->count == 0)
            pthread_cond_wait(&ra->cond, &ra->mu);
        ra->reading = true;
        ra->off = 0;
        ra->bytes_in = ra->slot[ra->head].bytes_in;
    }
}

coauth_status coauth_gzsource_read(coauth_gzsource *s, void *buf, size_t cap, size_t *got,
                                   coauth_error *err)
{
    if (!s->ra)
        return direct_read(s, buf, cap, got, err);
    if (cap == 0) {
        *got = 0;
        return coauth_fail(err, COAUTH_EINVAL, "zero-sized read");
    }
    return ra_read(s, buf, cap, got, err);
}

int coauth_gzsource_is_gzip(const coauth_gzsource *s)
{
    if (s->ra) {
        /* zinit is set by the thread before it fills the first slot */
        pthread_mutex_lock(&s->ra->mu);
        int z = s->ra->reading ? s->zinit : 0;
        pthread_mutex_unlock(&s->ra->mu);
        return z;
    }
    return s->zinit;
}

void coauth_gzsource_set_cancel(coauth_gzsource *s, const bool *flag)
{
    s->cancel = flag;
}

uint64_t coauth_gzsource_bytes_in(const coauth_gzsource *s)
{
    if (s->ra) {
        pthread_mutex_lock(&s->ra->mu);
        uint64_t b = s->ra->bytes_in;
        pthread_mutex_unlock(&s->ra->mu);
        return b;
    }
    return s->total_in - s->in_len;
}

void coauth_gzsource_free(coauth_gzsource *s)
{
    if (!s)
        return;
    if (s->ra) {
        struct readahead *ra = s->ra;
        pthread_mutex_lock(&ra->mu);
        ra->stop = true;
        pthread_cond_broadcast(&ra->cond);
        pthread_mutex_unlock(&ra->mu);
        pthread_join(ra->thread, NULL);
        pthread_mutex_destroy(&ra->mu);
        pthread_cond_destroy(&ra->cond);
        for (int i = 0; i < RA_SLOTS; i++)
            free(ra->slot[i].data);
        free(ra);
    }
#ifdef COAUTH_HAVE_ISAL
    free(s->isal);
#else
    if (s->zinit)
        inflateEnd(&s->strm);
#endif
    if (s->fd >= 0 && s->close_fd)
        close(s->fd);
    free(s->buf);
    free(s->name);
    free(s);
}
