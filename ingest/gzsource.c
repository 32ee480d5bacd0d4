/* gzsource.c - byte source for the readers: plain or gzip bytes from a descriptor or
 * from memory, inflated with zlib's inflate() driven directly.
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
 */
#include "gzsource_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

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
    unsigned char *buf;      /* descriptor input buffer (COAUTH_GZSOURCE_CHUNK) */
    const unsigned char *in; /* unconsumed input */
    size_t in_len;
    int in_eof;        /* the descriptor or memory is exhausted */
    uint64_t total_in; /* bytes taken from the file or memory into `in` */
    enum gz_state state;
    int zinit; /* strm initialised */
    z_stream strm;
    coauth_status fail_code;
    char *name;
    char fail_msg[COAUTH_ERRMSG_MAX];
};

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
    s->buf = malloc(COAUTH_GZSOURCE_CHUNK);
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
        if (n == 0)
            s->in_eof = 1;
        return COAUTH_OK;
    }
    for (;;) {
        ssize_t n = read(s->fd, s->buf, COAUTH_GZSOURCE_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            char what[COAUTH_ERRMSG_MAX];
            /* "read error: Is a directory" etc. */
            strcpy(what, "read error: ");
            strncat(what, strerror(errno), sizeof what - strlen(what) - 1);
            return fail(s, err, COAUTH_EIO, what);
        }
        s->in = s->buf;
        s->in_len = (size_t)n;
        s->total_in += (uint64_t)n;
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
            ssize_t n = read(s->fd, s->buf + s->in_len, COAUTH_GZSOURCE_CHUNK - s->in_len);
            if (n < 0 && errno == EINTR)
                continue;
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
    memset(&s->strm, 0, sizeof s->strm);
    int zr = inflateInit2(&s->strm, 15 + 16);
    if (zr != Z_OK)
        return fail(s, err, zr == Z_MEM_ERROR ? COAUTH_ENOMEM : COAUTH_EFORMAT,
                    "cannot initialise zlib inflate");
    s->zinit = 1;
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
        char what[COAUTH_ERRMSG_MAX];
        const char *zm = s->strm.msg ? s->strm.msg : "unknown zlib error";
        if (strcmp(zm, "incorrect data check") == 0)
            zm = "incorrect data check (bad CRC-32)";
        else if (strcmp(zm, "incorrect header check") == 0)
            zm = "incorrect header check (not a gzip member)";
        strcpy(what, "corrupt gzip data: ");
        strncat(what, zm, sizeof what - strlen(what) - 1);
        return fail(s, err, COAUTH_EFORMAT, what);
    }
    *got = produced;
    return COAUTH_OK;
}

coauth_status coauth_gzsource_read(coauth_gzsource *s, void *buf, size_t cap, size_t *got,
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

int coauth_gzsource_is_gzip(const coauth_gzsource *s)
{
    return s->zinit;
}

uint64_t coauth_gzsource_bytes_in(const coauth_gzsource *s)
{
    return s->total_in - s->in_len;
}

void coauth_gzsource_free(coauth_gzsource *s)
{
    if (!s)
        return;
    if (s->zinit)
        inflateEnd(&s->strm);
    if (s->fd >= 0 && s->close_fd)
        close(s->fd);
    free(s->buf);
    free(s->name);
    free(s);
}
