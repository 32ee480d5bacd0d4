/* ror_load.c - reading ROR's data dump into a registry (ror.c): JSON array or JSON
 * lines, plain, gzip or a .zip member, streamed one record at a time; schema v1 and v2
 * records (see ror.c's notes on reading and schemas).
 *
 * Invariant: memory holds one record's text, never the file; a bad file is one error
 * naming the file and the record number or byte offset.
 */
#include <coauth/ror.h>

#include "ror_internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* ------------------------------------------------------------------ records */

static struct json_object *get(struct json_object *o, const char *key)
{
    struct json_object *v = NULL;
    if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
        return NULL;
    return v;
}

static const char *get_str(struct json_object *o, const char *key)
{
    struct json_object *v = get(o, key);
    return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static size_t arr_len(struct json_object *a)
{
    return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

static bool has_type(struct json_object *types, const char *t)
{
    for (size_t k = 0; k < arr_len(types); k++) {
        struct json_object *v = json_object_array_get_idx(types, k);
        if (json_object_is_type(v, json_type_string) && strcmp(json_object_get_string(v), t) == 0)
            return true;
    }
    return false;
}

/* The parent's id among relationships[] (type "parent", v1 "Parent"), or NULL. */
static const char *parent_of(struct json_object *rec)
{
    struct json_object *rel = get(rec, "relationships");
    for (size_t k = 0; k < arr_len(rel); k++) {
        struct json_object *r = json_object_array_get_idx(rel, k);
        const char *t = get_str(r, "type");
        if (t && strcasecmp(t, "parent") == 0)
            return get_str(r, "id");
    }
    return NULL;
}

/* Each string of `all` (a list, or one string as v1 writes GRID) and `preferred`. */
static coauth_status add_ext_values(coauth_ror *reg, uint32_t i, const char *type,
                                    struct json_object *e, coauth_error *err)
{
    coauth_status st;
    struct json_object *all = get(e, "all");
    if (all && json_object_is_type(all, json_type_string)) {
        if ((st = coauth_ror_add_external(reg, i, type, json_object_get_string(all), err)))
            return st;
    }
    for (size_t k = 0; k < arr_len(all); k++) {
        struct json_object *v = json_object_array_get_idx(all, k);
        if (json_object_is_type(v, json_type_string) &&
            (st = coauth_ror_add_external(reg, i, type, json_object_get_string(v), err)))
            return st;
    }
    const char *pref = get_str(e, "preferred");
    return pref ? coauth_ror_add_external(reg, i, type, pref, err) : COAUTH_OK;
}

static coauth_status add_v2(coauth_ror *reg, struct json_object *rec, const char *id,
                            coauth_error *err)
{
    struct json_object *names = get(rec, "names");
    const char *display = NULL;
    for (size_t k = 0; k < arr_len(names); k++) {
        struct json_object *n = json_object_array_get_idx(names, k);
        if (has_type(get(n, "types"), "ror_display") && get_str(n, "value")) {
            display = get_str(n, "value");
            break;
        }
    }
    struct json_object *loc =
        arr_len(get(rec, "locations")) ? json_object_array_get_idx(get(rec, "locations"), 0) : NULL;
    struct json_object *geo = get(loc, "geonames_details");
    uint32_t i;
    coauth_status st =
        coauth_ror_add_org(reg, id, display, get_str(geo, "country_code"), get_str(geo, "name"),
                           get_str(rec, "status"), parent_of(rec), &i, err);
    if (st)
        return st;
    for (size_t k = 0; k < arr_len(names); k++) {
        struct json_object *n = json_object_array_get_idx(names, k);
        struct json_object *types = get(n, "types");
        const char *v = get_str(n, "value");
        if (!v)
            continue;
        int kind = has_type(types, "ror_display") ? COAUTH_ROR_DISPLAY
                   : has_type(types, "label")     ? COAUTH_ROR_LABEL
                   : has_type(types, "alias")     ? COAUTH_ROR_ALIAS
                   : has_type(types, "acronym")   ? COAUTH_ROR_ACRONYM
                                                  : -1;
        if (kind >= 0 && (st = coauth_ror_add_name(reg, i, v, kind, err)))
            return st;
    }
    struct json_object *ext = get(rec, "external_ids");
    for (size_t k = 0; k < arr_len(ext); k++) {
        struct json_object *e = json_object_array_get_idx(ext, k);
        const char *t = get_str(e, "type");
        if (t && (st = add_ext_values(reg, i, t, e, err)))
            return st;
    }
    return COAUTH_OK;
}

static coauth_status add_v1(coauth_ror *reg, struct json_object *rec, const char *id,
                            coauth_error *err)
{
    struct json_object *addr =
        arr_len(get(rec, "addresses")) ? json_object_array_get_idx(get(rec, "addresses"), 0) : NULL;
    const char *city = get_str(addr, "city");
    if (!city)
        city = get_str(get(addr, "geonames_city"), "city");
    uint32_t i;
    const char *name = get_str(rec, "name");
    coauth_status st =
        coauth_ror_add_org(reg, id, name, get_str(get(rec, "country"), "country_code"), city,
                           get_str(rec, "status"), parent_of(rec), &i, err);
    if (st || (st = coauth_ror_add_name(reg, i, name, COAUTH_ROR_DISPLAY, err)))
        return st;
    static const struct {
        const char *key;
        int kind;
    } lists[] = {{"labels", COAUTH_ROR_LABEL},
                 {"aliases", COAUTH_ROR_ALIAS},
                 {"acronyms", COAUTH_ROR_ACRONYM}};
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
        struct json_object *a = get(rec, lists[l].key);
        for (size_t k = 0; k < arr_len(a); k++) {
            struct json_object *v = json_object_array_get_idx(a, k);
            const char *s = json_object_is_type(v, json_type_string) ? json_object_get_string(v)
                                                                     : get_str(v, "label");
            if (s && (st = coauth_ror_add_name(reg, i, s, lists[l].kind, err)))
                return st;
        }
    }
    struct json_object *ext = get(rec, "external_ids");
    if (ext && json_object_is_type(ext, json_type_object)) {
        json_object_object_foreach(ext, key, val)
        {
            if ((st = add_ext_values(reg, i, key, val, err)))
                return st;
        }
    }
    return COAUTH_OK;
}

/* ------------------------------------------------------------------ reading */

typedef struct reader {
    const char *path;
    gzFile gz;
    struct archive *ar;
    bool eof;
} reader;

/* Read up to n bytes; 0 at the end; -1 on error (message in err). */
static long rd(reader *r, char *buf, size_t n, coauth_error *err)
{
    if (r->ar) {
        la_ssize_t got = archive_read_data(r->ar, buf, n);
        if (got < 0) {
            coauth_fail(err, COAUTH_EFORMAT, "'%s': %s", r->path, archive_error_string(r->ar));
            return -1;
        }
        return (long)got;
    }
    int got = gzread(r->gz, buf, (unsigned)n);
    if (got < 0) {
        int zerr;
        const char *m = gzerror(r->gz, &zerr);
        coauth_fail(err, zerr == Z_ERRNO ? COAUTH_EIO : COAUTH_EFORMAT, "'%s': %s", r->path,
                    zerr == Z_ERRNO ? strerror(errno) : m);
        return -1;
    }
    if (got == 0) {
        int zerr;
        const char *m = gzerror(r->gz, &zerr);
        if (zerr == Z_BUF_ERROR) { /* zlib.h: an incomplete gzip stream */
            coauth_fail(err, COAUTH_EFORMAT, "'%s': truncated gzip data (%s)", r->path, m);
            return -1;
        }
    }
    return got;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static struct archive *zip_open(const char *path, coauth_error *err)
{
    struct archive *a = archive_read_new();
    if (!a) {
        coauth_ror_nomem(err);
        return NULL;
    }
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 128 * 1024) != ARCHIVE_OK) {
        coauth_fail(err, COAUTH_EFORMAT, "'%s': %s", path, archive_error_string(a));
        archive_read_free(a);
        return NULL;
    }
    return a;
}

/* Open the zip member to read: the name ending "_schema_v2.json", else the first
 * ".json". Two passes: the first lists the members. */
static coauth_status open_zip(reader *r, coauth_error *err)
{
    struct archive *a = zip_open(r->path, err);
    if (!a)
        return err ? err->code : COAUTH_EFORMAT;
    char want[4096] = "";
    struct archive_entry *e;
    int rc;
    while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *n = archive_entry_pathname(e);
        if (n && ends_with(n, "_schema_v2.json")) {
            snprintf(want, sizeof want, "%s", n);
            break;
        }
        if (n && !want[0] && ends_with(n, ".json"))
            snprintf(want, sizeof want, "%s", n);
        archive_read_data_skip(a);
    }
    if (rc != ARCHIVE_OK && rc != ARCHIVE_EOF) {
        coauth_status st =
            coauth_fail(err, COAUTH_EFORMAT, "'%s': %s", r->path, archive_error_string(a));
        archive_read_free(a);
        return st;
    }
    archive_read_free(a);
    if (!want[0])
        return coauth_fail(err, COAUTH_EFORMAT, "'%s': the zip archive holds no .json file",
                           r->path);
    if (!(a = zip_open(r->path, err)))
        return err ? err->code : COAUTH_EFORMAT;
    while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *n = archive_entry_pathname(e);
        if (n && strcmp(n, want) == 0) {
            r->ar = a;
            return COAUTH_OK;
        }
        archive_read_data_skip(a);
    }
    coauth_status st = coauth_fail(err, COAUTH_EFORMAT, "'%s': cannot read member '%s': %s",
                                   r->path, want, archive_error_string(a));
    archive_read_free(a);
    return st;
}

/* Version and date from a dump's file name: "v1.55-2024-10-31-ror-data.zip". */
static void info_from_name(const char *path, coauth_ror_info *info)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(info->version, sizeof info->version, "unknown");
    const char *v = base[0] == 'v' ? base : strstr(base, "-v");
    if (v && v[0] == '-')
        v++;
    if (v && v[0] == 'v' && v[1] >= '0' && v[1] <= '9') {
        size_t n = 1;
        while ((v[n] >= '0' && v[n] <= '9') || v[n] == '.')
            n++;
        while (n > 1 && v[n - 1] == '.')
            n--;
        snprintf(info->version, sizeof info->version, "%.*s", (int)n, v);
    }
    for (const char *p = base; *p; p++) {
        bool ok = true;
        for (int k = 0; k < 10 && ok; k++)
            ok = k == 4 || k == 7 ? p[k] == '-' : (p[k] >= '0' && p[k] <= '9');
        if (ok) {
            snprintf(info->date, sizeof info->date, "%.10s", p);
            return;
        }
    }
}

typedef struct splitter {
    char *buf;
    size_t n, cap;
    int depth;
    char open[64]; /* the brackets open, innermost last */
    bool in_str, esc;
    enum { TOP_START, TOP_ARRAY, TOP_LINES, TOP_DONE } top;
    bool after_elem; /* array: an element was read, a ',' or ']' must follow */
    bool need_elem;  /* array: after ',', an element must follow */
    uint64_t rec_start;
} splitter;

static coauth_status parse_record(coauth_ror *reg, struct json_tokener *tok, const char *path,
                                  const splitter *sp, uint64_t recno, coauth_ror_info *info,
                                  coauth_error *err)
{
    json_tokener_reset(tok);
    struct json_object *rec = json_tokener_parse_ex(tok, sp->buf, (int)sp->n);
    enum json_tokener_error je = json_tokener_get_error(tok);
    coauth_status st = COAUTH_OK;
    if (!rec || je != json_tokener_success) {
        st = coauth_fail(err, COAUTH_EFORMAT, "'%s': record %llu (byte %llu): not JSON: %s", path,
                         (unsigned long long)recno, (unsigned long long)sp->rec_start,
                         json_tokener_error_desc(je));
        goto out;
    }
    const char *id = get_str(rec, "id");
    if (!id || !strstr(id, "ror.org/")) {
        st = coauth_fail(err, COAUTH_EFORMAT,
                         "'%s': record %llu (byte %llu): not a ror record (no 'id' "
                         "https://ror.org/...)",
                         path, (unsigned long long)recno, (unsigned long long)sp->rec_start);
        goto out;
    }
    struct json_object *names = get(rec, "names");
    if (names && json_object_is_type(names, json_type_array)) {
        st = add_v2(reg, rec, id, err);
        info->v2++;
        const char *d = get_str(get(get(rec, "admin"), "last_modified"), "date");
        if (d && strlen(d) == 10 && strcmp(d, info->date) > 0)
            memcpy(info->date, d, 11);
    } else if (get_str(rec, "name")) {
        st = add_v1(reg, rec, id, err);
        info->v1++;
    } else {
        st = coauth_fail(err, COAUTH_EFORMAT,
                         "'%s': record %llu (byte %llu): unknown ror schema (neither 'names' "
                         "nor 'name')",
                         path, (unsigned long long)recno, (unsigned long long)sp->rec_start);
        goto out;
    }
    if (st) {
        coauth_error_prefix(err, st, "'%s': record %llu", path, (unsigned long long)recno);
        goto out;
    }
    info->records++;
out:
    json_object_put(rec);
    return st;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

coauth_status coauth_ror_load_file(coauth_ror *reg, const char *path, coauth_ror_info *out_info,
                                   coauth_error *err)
{
    coauth_ror_info info;
    memset(&info, 0, sizeof info);
    reader r = {path, NULL, NULL, false};
    splitter sp;
    memset(&sp, 0, sizeof sp);
    struct json_tokener *tok = NULL;
    char *chunk = NULL;
    coauth_status st = COAUTH_OK;
    unsigned char magic[4] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", path, strerror(errno));
    size_t nm = fread(magic, 1, 4, f);
    fclose(f);
    if (nm == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
        if ((st = open_zip(&r, err)))
            return st;
    } else {
        r.gz = gzopen(path, "rb");
        if (!r.gz)
            return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", path,
                               errno ? strerror(errno) : "out of memory");
        gzbuffer(r.gz, 128 * 1024);
    }
    enum { CHUNK = 64 * 1024 };
    chunk = malloc(CHUNK);
    tok = json_tokener_new_ex(64);
    if (!chunk || !tok || !coauth_ror_grow((void **)&sp.buf, &sp.cap, 4096, 1)) {
        st = coauth_ror_nomem(err);
        goto out;
    }
    uint64_t pos = 0, recno = 0;
    for (;;) {
        long got = rd(&r, chunk, CHUNK, err);
        if (got < 0) {
            st = err ? err->code : COAUTH_EFORMAT;
            goto out;
        }
        if (got == 0)
            break;
        for (long k = 0; k < got; k++, pos++) {
            char c = chunk[k];
            if (sp.depth == 0) {
                /* between records */
                if (is_ws(c))
                    continue;
                if (sp.top == TOP_START && pos < 3 && (unsigned char)c >= 0xEF)
                    continue; /* a UTF-8 byte order mark */
                if (sp.top == TOP_START && c == '[') {
                    sp.top = TOP_ARRAY;
                    continue;
                }
                if (sp.top == TOP_ARRAY && sp.after_elem && c == ',') {
                    sp.after_elem = false;
                    sp.need_elem = true;
                    continue;
                }
                if (sp.top == TOP_ARRAY && c == ']' && !sp.need_elem) {
                    sp.top = TOP_DONE;
                    continue;
                }
                if (c == '{' && (sp.top == TOP_START || sp.top == TOP_LINES ||
                                 (sp.top == TOP_ARRAY && !sp.after_elem))) {
                    if (sp.top == TOP_START)
                        sp.top = TOP_LINES;
                    sp.depth = 1;
                    sp.open[0] = '{';
                    sp.n = 0;
                    sp.in_str = sp.esc = false;
                    sp.rec_start = pos;
                    recno++;
                    sp.buf[0] = '{';
                    sp.n = 1;
                    continue;
                }
                st =
                    coauth_fail(err, COAUTH_EFORMAT, "'%s': byte %llu (after record %llu): %s",
                                path, (unsigned long long)pos, (unsigned long long)recno,
                                sp.top == TOP_DONE    ? "data after the end of the JSON array"
                                : sp.top == TOP_START ? "not JSON ror records (expected '[' or '{')"
                                                      : "expected a ror record ('{')");
                goto out;
            }
            if (sp.n + 1 > sp.cap) {
                if (sp.n + 1 > COAUTH_ROR_RECORD_MAX) {
                    st = coauth_fail(err, COAUTH_ELIMIT,
                                     "'%s': record %llu (byte %llu): longer than %u bytes", path,
                                     (unsigned long long)recno, (unsigned long long)sp.rec_start,
                                     COAUTH_ROR_RECORD_MAX);
                    goto out;
                }
                if (!coauth_ror_grow((void **)&sp.buf, &sp.cap, sp.n + 1, 1)) {
                    st = coauth_ror_nomem(err);
                    goto out;
                }
            }
            sp.buf[sp.n++] = c;
            if (sp.in_str) {
                if (sp.esc)
                    sp.esc = false;
                else if (c == '\\')
                    sp.esc = true;
                else if (c == '"')
                    sp.in_str = false;
                continue;
            }
            if (c == '"')
                sp.in_str = true;
            else if (c == '{' || c == '[') {
                if (sp.depth >= (int)sizeof sp.open) {
                    st = coauth_fail(err, COAUTH_EFORMAT,
                                     "'%s': record %llu (byte %llu): nested deeper than %d", path,
                                     (unsigned long long)recno, (unsigned long long)sp.rec_start,
                                     (int)sizeof sp.open);
                    goto out;
                }
                sp.open[sp.depth++] = c;
            } else if (c == '}' || c == ']') {
                if (sp.open[sp.depth - 1] != (c == '}' ? '{' : '[')) {
                    st = coauth_fail(err, COAUTH_EFORMAT,
                                     "'%s': record %llu (byte %llu): not JSON: '%c' at byte %llu "
                                     "closes '%c'",
                                     path, (unsigned long long)recno,
                                     (unsigned long long)sp.rec_start, c, (unsigned long long)pos,
                                     sp.open[sp.depth - 1]);
                    goto out;
                }
                if (--sp.depth == 0) {
                    if ((st = parse_record(reg, tok, path, &sp, recno, &info, err)))
                        goto out;
                    if (sp.top == TOP_ARRAY) {
                        sp.after_elem = true;
                        sp.need_elem = false;
                    }
                }
            }
        }
    }
    if (sp.depth > 0)
        st = coauth_fail(err, COAUTH_EFORMAT, "'%s': record %llu (byte %llu): truncated", path,
                         (unsigned long long)recno, (unsigned long long)sp.rec_start);
    else if (sp.top == TOP_ARRAY)
        st = coauth_fail(err, COAUTH_EFORMAT,
                         "'%s': byte %llu (after record %llu): truncated (the JSON array is not "
                         "closed)",
                         path, (unsigned long long)pos, (unsigned long long)recno);
    else if (sp.top == TOP_START)
        st = coauth_fail(err, COAUTH_EFORMAT, "'%s': no ror records (empty file)", path);
    else if (recno == 0)
        st = coauth_fail(err, COAUTH_EFORMAT, "'%s': no ror records (an empty JSON array)", path);
out:
    if (r.gz) {
        int zrc = gzclose_r(r.gz);
        if (st == COAUTH_OK && zrc != Z_OK)
            st = coauth_fail(err, COAUTH_EFORMAT, "'%s': truncated or corrupt gzip data", path);
    }
    if (r.ar)
        archive_read_free(r.ar);
    free(chunk);
    free(sp.buf);
    if (tok)
        json_tokener_free(tok);
    if (st == COAUTH_OK) {
        info_from_name(path, &info); /* the dump's name, when it has one, wins */
        if (out_info)
            *out_info = info;
    }
    return st;
}
