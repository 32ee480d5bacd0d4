/* thesaurus.c - the VOSviewer thesaurus (label<TAB>replace by): the resolver's only
 * file I/O. Labels are normalised like institution names; a later line wins; an
 * empty "replace by" drops the institution. The file's MD5 is kept for the store's
 * provenance (coauth_resolver_thesaurus_checksum).
 *
 * Invariant: read once by coauth_resolver_new; read-only afterwards.
 */
#include <coauth/md5.h>

#include "resolve_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool eq_thes(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const coauth_resolver *r = ctx;
    return r->th[id].key_len == n && memcmp(r->th_arena + r->th[id].key, s, n) == 0;
}

/* The thesaurus file's MD5, for the store's provenance (a second read of a small file). */
static coauth_status thesaurus_md5(coauth_resolver *r, const char *path, coauth_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return coauth_fail(err, COAUTH_EIO, "cannot open thesaurus '%s': %s", path,
                           strerror(errno));
    coauth_md5 m;
    coauth_md5_init(&m);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        coauth_md5_update(&m, buf, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad)
        return coauth_fail(err, COAUTH_EIO, "cannot read thesaurus '%s'", path);
    char hex[33];
    coauth_md5_final_hex(&m, hex);
    snprintf(r->th_sum, sizeof r->th_sum, "md5:%s", hex);
    return COAUTH_OK;
}

const char *coauth_resolver_thesaurus_checksum(const coauth_resolver *r)
{
    return r && r->th_sum[0] ? r->th_sum : NULL;
}

static coauth_status load_thesaurus(coauth_resolver *r, const char *path, coauth_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return coauth_fail(err, COAUTH_EIO, "cannot open thesaurus '%s': %s", path,
                           strerror(errno));
    coauth_status rc = COAUTH_OK;
    char *line = NULL;
    size_t line_cap = 0;
    char *tmp = NULL, *key = NULL;
    size_t tmp_cap = 0;
    size_t arena_len = 0, arena_cap = 0, cap_th = 0;
    unsigned long lineno = 0;
    ssize_t got;
    while ((got = getline(&line, &line_cap, fp)) != -1) {
        lineno++;
        size_t n = (size_t)got;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        line[n] = '\0';
        if (n == 0)
            continue;
        char *tab = memchr(line, '\t', n);
        if (!tab) {
            rc = coauth_fail(err, COAUTH_EFORMAT,
                             "thesaurus '%s' line %lu: expected 'label<TAB>replace by'", path,
                             lineno);
            goto out;
        }
        size_t ln = (size_t)(tab - line);
        const char *val = tab + 1;
        size_t vn = n - ln - 1;
        /* the VOSviewer header row */
        if (lineno == 1 && ln == 5 && strncmp(line, "label", 5) == 0)
            continue;
        if (tmp_cap < 17 * ln + 32) {
            tmp_cap = 17 * ln + 32;
            char *t = realloc(tmp, tmp_cap);
            char *k = realloc(key, tmp_cap);
            if (t)
                tmp = t;
            if (k)
                key = k;
            if (!t || !k) {
                rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
                goto out;
            }
        }
        size_t kn = coauth_inst_normalise(line, ln, key, tmp);
        while (vn > 0 && (*val == ' ' || *val == '\t'))
            val++, vn--;
        while (vn > 0 && (val[vn - 1] == ' ' || val[vn - 1] == '\t'))
            vn--;
        if (kn == 0)
            continue;
        if (arena_len + kn + vn + 2 > arena_cap) {
            size_t nc = arena_cap ? arena_cap * 2 : 4096;
            while (nc < arena_len + kn + vn + 2)
                nc *= 2;
            char *a = realloc(r->th_arena, nc);
            if (!a) {
                rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
                goto out;
            }
            r->th_arena = a;
            arena_cap = nc;
        }
        if (r->n_th == cap_th) {
            size_t nc = cap_th ? cap_th * 2 : 64;
            thes_entry *t = realloc(r->th, nc * sizeof *t);
            if (!t) {
                rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
                goto out;
            }
            r->th = t;
            cap_th = nc;
        }
        thes_entry *e = &r->th[r->n_th++];
        e->key = (uint32_t)arena_len;
        e->key_len = (uint32_t)kn;
        memcpy(r->th_arena + arena_len, key, kn);
        arena_len += kn;
        r->th_arena[arena_len++] = '\0';
        if (vn == 0) {
            e->val = UINT32_MAX;
        } else {
            e->val = (uint32_t)arena_len;
            memcpy(r->th_arena + arena_len, val, vn);
            arena_len += vn;
            r->th_arena[arena_len++] = '\0';
        }
    }
    if (ferror(fp)) {
        rc = coauth_fail(err, COAUTH_EIO, "cannot read thesaurus '%s': %s", path, strerror(errno));
        goto out;
    }
    if (!coauth_hash_init(&r->thes, r->n_th)) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
        goto out;
    }
    /* later lines win, like later rows of any table the user edits */
    for (size_t i = 0; i < r->n_th; i++) {
        const char *k = r->th_arena + r->th[i].key;
        size_t kn = r->th[i].key_len;
        uint32_t h = coauth_hash_bytes(k, kn);
        coauth_hash_slot *sl = coauth_hash_probe(&r->thes, h, k, kn, eq_thes, r);
        coauth_hash_set(sl, h, (uint32_t)i);
    }
out:
    free(line);
    free(tmp);
    free(key);
    fclose(fp);
    return rc;
}

coauth_status coauth_thesaurus_load(coauth_resolver *r, const char *path, coauth_error *err)
{
    coauth_status rc = load_thesaurus(r, path, err);
    if (rc == COAUTH_OK)
        rc = thesaurus_md5(r, path, err);
    return rc;
}

const thes_entry *coauth_thesaurus_find(const coauth_resolver *r, const char *s, size_t n)
{
    const coauth_hash_slot *sl =
        coauth_hash_probe(&r->thes, coauth_hash_bytes(s, n), s, n, eq_thes, r);
    return sl->id ? &r->th[sl->id - 1] : NULL;
}
