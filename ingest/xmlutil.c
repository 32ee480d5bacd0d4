/* xmlutil.c - the scaffold's services to the formats' field rules (declared in
 * xmlreader_internal.h): failure and warning messages, growable strings, white-space
 * normalisation, numbers, attributes and text capture.
 *
 * Invariant: nothing here parses; the first failure is kept and stops the parser.
 */
#include "xmlreader_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers -------------------------------------------------------------- */

int xr_line(const coauth_reader *r)
{
    if (r->ctxt && r->ctxt->input)
        return r->ctxt->input->line;
    return 0;
}

void xr_reject(coauth_reader *r, coauth_status code, int line, const char *fmt, ...)
{
    if (r->failed)
        return;
    char what[COAUTH_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_fail(&e, code, "'%s' line %d: %s", r->name, line > 0 ? line : 1, what);
    memcpy(r->fail_msg, e.msg, sizeof r->fail_msg);
    r->fail_code = code;
    r->failed = true;
    if (r->ctxt && !r->in_error_cb)
        xmlStopParser(r->ctxt);
}

void xr_warn(coauth_reader *r, uint64_t line, const char *fmt, ...)
{
    if (!r->warn)
        return;
    char what[COAUTH_ERRMSG_MAX], msg[2 * COAUTH_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    snprintf(msg, sizeof msg, "'%s' line %llu: %s", r->name, (unsigned long long)line, what);
    msg[COAUTH_ERRMSG_MAX - 1] = '\0'; /* a message is at most COAUTH_ERRMSG_MAX bytes */
    r->warn(r->warn_ud, msg);
}

bool xr_sbuf_reserve(coauth_reader *r, xr_sbuf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return true;
    size_t want = b->len + extra + 1;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < want) {
        if (nc > SIZE_MAX / 2) {
            nc = want;
            break;
        }
        nc *= 2;
    }
    char *p = realloc(b->p, nc);
    if (!p) {
        xr_reject(r, COAUTH_ENOMEM, xr_line(r), "out of memory");
        return false;
    }
    b->p = p;
    b->cap = nc;
    return true;
}

void xr_sbuf_free(xr_sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

bool xr_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

size_t xr_normalize(char *s, size_t n)
{
    size_t o = 0;
    bool pending = false;
    for (size_t i = 0; i < n; i++) {
        if (xr_is_ws(s[i])) {
            pending = o > 0;
            continue;
        }
        if (pending)
            s[o++] = ' ';
        pending = false;
        s[o++] = s[i];
    }
    s[o] = '\0';
    return o;
}

bool xr_parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    if (n == 0 || n > 20)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v == 0)
        return false;
    *out = v;
    return true;
}

const char *xr_attr(int nb, const xmlChar **attrs, const char *name, size_t *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (a[2] == NULL && strcmp((const char *)a[0], name) == 0) {
            *len = (size_t)(a[4] - a[3]);
            return (const char *)a[3];
        }
    }
    return NULL;
}

bool xr_attr_is(int nb, const xmlChar **attrs, const char *name, const char *value)
{
    size_t n = 0;
    const char *v = xr_attr(nb, attrs, name, &n);
    return v && n == strlen(value) && memcmp(v, value, n) == 0;
}

bool xr_attr_is_ci(int nb, const xmlChar **attrs, const char *name, const char *value)
{
    size_t n = 0;
    const char *v = xr_attr(nb, attrs, name, &n);
    if (!v)
        return false;
    while (n && xr_is_ws(*v))
        v++, n--;
    while (n && xr_is_ws(v[n - 1]))
        n--;
    return n == strlen(value) && strncasecmp(v, value, n) == 0;
}

void xr_capture(coauth_reader *r, int kind, int d)
{
    r->cap_kind = kind;
    r->cap_depth = d;
    r->cap.len = 0;
    if (r->cap.p)
        r->cap.p[0] = '\0';
}

void xr_mute(coauth_reader *r, int d)
{
    if (r->mute_depth < 0)
        r->mute_depth = d;
}

void xr_side_capture(coauth_reader *r, int kind, int d, bool keep)
{
    if (r->cap_depth < 0 || r->side_depth >= 0)
        return;
    r->side_kind = kind;
    r->side_depth = d;
    r->side_keep = keep;
    r->side.len = 0;
    if (r->side.p)
        r->side.p[0] = '\0';
}

void xr_capture_sep(coauth_reader *r, const char *sep, const char *after)
{
    if (r->cap_depth < 0 || r->mute_depth >= 0 || (r->side_depth >= 0 && !r->side_keep))
        return;
    size_t n = r->cap.len;
    while (n && xr_is_ws(r->cap.p[n - 1]))
        n--;
    if (n == 0 || strchr(after, r->cap.p[n - 1]))
        return;
    r->cap.len = n;
    xr_sbuf_add(r, &r->cap, sep, strlen(sep));
}
