/* ror.c - the ROR registry in memory: reading ROR's data dump (streamed, one record at
 * a time), the organisations, and the indexes the resolver matches against.
 *
 * Invariant: all strings live in one arena and are addressed by offset, so growing it
 * never invalidates an index; after coauth_ror_finish nothing changes.
 *
 * NOTES ON THE DESIGN
 *
 * Reading. The dump is a JSON array of records (ROR's Zenodo files) or JSON lines (one
 * record per line, as the ror-records repository's exports). Bytes come from zlib
 * (plain or gzip) or libarchive (a .zip member). A small splitter cuts the byte stream
 * into top-level records, tracking strings, escapes and depth, so that memory holds one
 * record's text, never the file; each record is handed to json-c's tokener whole.
 * Errors name the record number and the byte offset where the record began.
 *
 * Schemas. v2 records have `names` (types ror_display, label, alias, acronym),
 * `locations[].geonames_details`, `relationships[]` and `external_ids[]` as a list of
 * {type, all, preferred}; v1 records have `name`, `aliases`, `acronyms`, `labels`,
 * `country`, `addresses[]` and `external_ids` as an object ({GRID: {all, preferred}});
 * v1's GRID `all` is a string where v2 has a list. A record with neither `names` nor
 * `name` is of an unknown schema.
 *
 * Indexes. Ids (the 9-character suffix of https://ror.org/) and external ids
 * ("grid:grid.5335.0", "isni:0000000121885934") are in one open-addressing hash.
 * Names are keyed with the resolver's institution normalisation (coauth_name_key),
 * sorted by key so that the organisations sharing a name are one run, and the hash maps
 * a key to the start of its run.
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

/* ------------------------------------------------------------------ storage */

typedef struct org {
    uint32_t id, name, city, status, parent_id, city_key; /* arena offsets */
    char cc[3];
    uint32_t parent;
    uint32_t name0, n_names; /* in names[] (insertion order) */
    uint32_t ext0, n_ext;
} org;

typedef struct name_ent {
    uint32_t key; /* arena offset of the normalised key, NUL-terminated */
    uint32_t raw; /* arena offset of the name as written */
    uint32_t org;
    uint32_t kind;
} name_ent;

typedef struct ext_ent {
    uint32_t key; /* "grid:..." / "isni:..." */
    uint32_t raw; /* the value as written */
    uint32_t org;
} ext_ent;

typedef struct htab {
    uint32_t *slots; /* value + 1, 0 = empty */
    uint32_t mask;
} htab;

struct coauth_ror {
    char *arena;
    size_t n_arena, cap_arena;
    org *orgs;
    size_t n_orgs, cap_orgs;
    name_ent *names; /* insertion order: per-org runs */
    size_t n_names, cap_names;
    ext_ent *exts;
    size_t n_exts, cap_exts;
    /* after finish */
    bool finished;
    htab ids;               /* -> org */
    htab ext_tab;           /* -> exts[] */
    coauth_ror_hit *by_key; /* names sorted by key (withdrawn left out) */
    uint32_t *by_key_off;   /* their keys */
    size_t n_by_key;
    htab key_tab; /* -> by_key[] start of run */
    char *kbuf, *ktmp;
    size_t kcap;
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

static coauth_status nomem(coauth_error *err)
{
    return coauth_fail(err, COAUTH_ENOMEM, "out of memory loading the ror registry");
}

/* Copy s[0..n) into the arena, NUL-terminated; *off receives its offset. */
static bool put_str(coauth_ror *reg, const char *s, size_t n, uint32_t *off)
{
    if (reg->n_arena + n + 1 > UINT32_MAX)
        return false;
    if (!grow((void **)&reg->arena, &reg->cap_arena, reg->n_arena + n + 1, 1))
        return false;
    *off = (uint32_t)reg->n_arena;
    if (n)
        memcpy(reg->arena + reg->n_arena, s, n);
    reg->arena[reg->n_arena + n] = '\0';
    reg->n_arena += n + 1;
    return true;
}

coauth_status coauth_ror_new(coauth_ror **out, coauth_error *err)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return nomem(err);
    uint32_t off;
    if (!put_str(*out, "", 0, &off)) { /* offset 0 is "" */
        coauth_ror_free(*out);
        *out = NULL;
        return nomem(err);
    }
    return COAUTH_OK;
}

void coauth_ror_free(coauth_ror *reg)
{
    if (!reg)
        return;
    free(reg->arena);
    free(reg->orgs);
    free(reg->names);
    free(reg->exts);
    free(reg->ids.slots);
    free(reg->ext_tab.slots);
    free(reg->by_key);
    free(reg->by_key_off);
    free(reg->key_tab.slots);
    free(reg->kbuf);
    free(reg->ktmp);
    free(reg);
}

/* The short id: the part after "ror.org/" (any scheme), else the value itself. */
const char *coauth_ror_short_id(const char *v)
{
    const char *p = strstr(v, "ror.org/");
    return p ? p + 8 : v;
}

static bool key_buffers(coauth_ror *reg, size_t n)
{
    size_t need = 9 * n + 16;
    if (need <= reg->kcap)
        return true;
    char *a = realloc(reg->kbuf, need), *b;
    if (!a)
        return false;
    reg->kbuf = a;
    b = realloc(reg->ktmp, need);
    if (!b)
        return false;
    reg->ktmp = b;
    reg->kcap = need;
    return true;
}

coauth_status coauth_ror_add_org(coauth_ror *reg, const char *id, const char *name,
                                 const char *country, const char *city, const char *status,
                                 const char *parent_id, uint32_t *out_index, coauth_error *err)
{
    if (reg->finished)
        return coauth_fail(err, COAUTH_EINVAL, "ror registry already finished");
    if (!grow((void **)&reg->orgs, &reg->cap_orgs, reg->n_orgs + 1, sizeof(org)))
        return nomem(err);
    org *o = &reg->orgs[reg->n_orgs];
    memset(o, 0, sizeof *o);
    city = city ? city : "";
    if (!put_str(reg, id ? id : "", id ? strlen(id) : 0, &o->id) ||
        !put_str(reg, name ? name : "", name ? strlen(name) : 0, &o->name) ||
        !put_str(reg, city, strlen(city), &o->city) ||
        !put_str(reg, status ? status : "active", strlen(status ? status : "active"), &o->status) ||
        !put_str(reg, parent_id ? parent_id : "", parent_id ? strlen(parent_id) : 0,
                 &o->parent_id) ||
        !key_buffers(reg, strlen(city)))
        return nomem(err);
    size_t kn = coauth_name_key(city, strlen(city), reg->kbuf, reg->ktmp);
    if (!put_str(reg, reg->kbuf, kn, &o->city_key))
        return nomem(err);
    if (country && strlen(country) == 2) {
        o->cc[0] = (char)(country[0] & ~0x20);
        o->cc[1] = (char)(country[1] & ~0x20);
    }
    o->parent = COAUTH_ROR_NONE;
    o->name0 = (uint32_t)reg->n_names;
    o->ext0 = (uint32_t)reg->n_exts;
    *out_index = (uint32_t)reg->n_orgs++;
    return COAUTH_OK;
}

coauth_status coauth_ror_add_name(coauth_ror *reg, uint32_t i, const char *name, int kind,
                                  coauth_error *err)
{
    if (reg->finished || i != reg->n_orgs - 1)
        return coauth_fail(err, COAUTH_EINVAL, "ror names must follow their organisation");
    if (!name || !name[0])
        return COAUTH_OK;
    size_t n = strlen(name);
    if (!key_buffers(reg, n))
        return nomem(err);
    size_t kn = coauth_name_key(name, n, reg->kbuf, reg->ktmp);
    if (kn == 0)
        return COAUTH_OK;
    if (!grow((void **)&reg->names, &reg->cap_names, reg->n_names + 1, sizeof(name_ent)))
        return nomem(err);
    name_ent *e = &reg->names[reg->n_names];
    if (!put_str(reg, name, n, &e->raw) || !put_str(reg, reg->kbuf, kn, &e->key))
        return nomem(err);
    e->org = i;
    e->kind = (uint32_t)kind;
    reg->n_names++;
    reg->orgs[i].n_names++;
    return COAUTH_OK;
}

/* The lookup key of an external id: "grid:grid.5335.0", "isni:0000000121885934"; false
 * for other types or an empty value. */
bool coauth_ror_external_key(const char *type, const char *value, char *out, size_t cap)
{
    char t[8];
    size_t tl = strlen(type);
    if (tl == 0 || tl >= sizeof t)
        return false;
    for (size_t k = 0; k <= tl; k++)
        t[k] = (char)(type[k] >= 'A' && type[k] <= 'Z' ? type[k] + 32 : type[k]);
    bool isni = strcmp(t, "isni") == 0;
    if (!isni && strcmp(t, "grid") != 0)
        return false;
    size_t o = (size_t)snprintf(out, cap, "%s:", t);
    for (const char *v = value; *v && o + 1 < cap; v++) {
        char c = *v;
        if (c == ' ' || c == '\t' || (isni && c == '-'))
            continue;
        if (isni)
            out[o++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
        else
            out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[o] = '\0';
    return o > tl + 1;
}

coauth_status coauth_ror_add_external(coauth_ror *reg, uint32_t i, const char *type,
                                      const char *value, coauth_error *err)
{
    if (reg->finished || i != reg->n_orgs - 1)
        return coauth_fail(err, COAUTH_EINVAL, "ror identifiers must follow their organisation");
    char key[128];
    if (!type || !value || !coauth_ror_external_key(type, value, key, sizeof key))
        return COAUTH_OK;
    /* the same value listed in `all` and `preferred` is one identifier */
    org *o = &reg->orgs[i];
    for (uint32_t k = o->ext0; k < o->ext0 + o->n_ext; k++)
        if (strcmp(reg->arena + reg->exts[k].key, key) == 0)
            return COAUTH_OK;
    if (!grow((void **)&reg->exts, &reg->cap_exts, reg->n_exts + 1, sizeof(ext_ent)))
        return nomem(err);
    ext_ent *e = &reg->exts[reg->n_exts];
    if (!put_str(reg, key, strlen(key), &e->key) || !put_str(reg, value, strlen(value), &e->raw))
        return nomem(err);
    e->org = i;
    reg->n_exts++;
    o->n_ext++;
    return COAUTH_OK;
}

/* ------------------------------------------------------------------ indexes */

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static bool htab_init(htab *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap *= 2;
    t->slots = calloc(cap, sizeof *t->slots);
    t->mask = (uint32_t)(cap - 1);
    return t->slots != NULL;
}

/* The slot for key s[0..n): either empty or holding an equal key (keyof gives the key
 * of value v). */
typedef const char *(*keyof_fn)(const coauth_ror *reg, uint32_t v);

static uint32_t *htab_slot(const coauth_ror *reg, const htab *t, const char *s, size_t n,
                           keyof_fn keyof)
{
    uint32_t i = hash_str(s, n) & t->mask;
    for (;;) {
        uint32_t *sl = &t->slots[i];
        if (!*sl)
            return sl;
        const char *k = keyof(reg, *sl - 1);
        if (strncmp(k, s, n) == 0 && k[n] == '\0')
            return sl;
        i = (i + 1) & t->mask;
    }
}

static const char *id_keyof(const coauth_ror *reg, uint32_t v)
{
    return coauth_ror_short_id(reg->arena + reg->orgs[v].id);
}

static const char *ext_keyof(const coauth_ror *reg, uint32_t v)
{
    return reg->arena + reg->exts[v].key;
}

static const char *name_keyof(const coauth_ror *reg, uint32_t v)
{
    return reg->arena + reg->by_key_off[v];
}

static const coauth_ror *sort_reg; /* qsort has no context argument (C17) */

static int cmp_by_key(const void *a, const void *b)
{
    const name_ent *x = a, *y = b;
    int c = strcmp(sort_reg->arena + x->key, sort_reg->arena + y->key);
    if (c)
        return c;
    if (x->org != y->org)
        return x->org < y->org ? -1 : 1;
    return x->kind < y->kind ? -1 : x->kind > y->kind;
}

coauth_status coauth_ror_finish(coauth_ror *reg, coauth_error *err)
{
    if (reg->finished)
        return COAUTH_OK;
    if (!htab_init(&reg->ids, reg->n_orgs) || !htab_init(&reg->ext_tab, reg->n_exts))
        return nomem(err);
    for (size_t i = 0; i < reg->n_orgs; i++) {
        const char *k = id_keyof(reg, (uint32_t)i);
        uint32_t *sl = htab_slot(reg, &reg->ids, k, strlen(k), id_keyof);
        if (*sl)
            return coauth_fail(err, COAUTH_EFORMAT, "ror registry lists '%s' twice",
                               reg->arena + reg->orgs[i].id);
        *sl = (uint32_t)i + 1;
    }
    for (size_t i = 0; i < reg->n_orgs; i++) {
        org *o = &reg->orgs[i];
        const char *p = reg->arena + o->parent_id;
        if (!p[0])
            continue;
        const char *k = coauth_ror_short_id(p);
        uint32_t *sl = htab_slot(reg, &reg->ids, k, strlen(k), id_keyof);
        if (*sl && *sl - 1 != i)
            o->parent = *sl - 1;
    }
    for (size_t i = 0; i < reg->n_exts; i++) {
        const char *k = ext_keyof(reg, (uint32_t)i);
        uint32_t *sl = htab_slot(reg, &reg->ext_tab, k, strlen(k), ext_keyof);
        if (!*sl) /* first organisation listing it wins */
            *sl = (uint32_t)i + 1;
    }
    /* names by key, withdrawn organisations left out */
    name_ent *sorted = malloc((reg->n_names ? reg->n_names : 1) * sizeof *sorted);
    if (!sorted)
        return nomem(err);
    size_t m = 0;
    for (size_t i = 0; i < reg->n_names; i++)
        if (strcmp(reg->arena + reg->orgs[reg->names[i].org].status, "withdrawn") != 0)
            sorted[m++] = reg->names[i];
    sort_reg = reg;
    qsort(sorted, m, sizeof *sorted, cmp_by_key);
    sort_reg = NULL;
    reg->by_key = malloc((m ? m : 1) * sizeof *reg->by_key);
    reg->by_key_off = malloc((m ? m : 1) * sizeof *reg->by_key_off);
    if (!reg->by_key || !reg->by_key_off || !htab_init(&reg->key_tab, m)) {
        free(sorted);
        return nomem(err);
    }
    for (size_t i = 0; i < m; i++) {
        reg->by_key[i].org = sorted[i].org;
        reg->by_key[i].kind = sorted[i].kind;
        reg->by_key_off[i] = sorted[i].key;
    }
    reg->n_by_key = m;
    free(sorted);
    for (size_t i = 0; i < m; i++) {
        if (i > 0 && reg->by_key_off[i] == reg->by_key_off[i - 1])
            continue;
        const char *k = reg->arena + reg->by_key_off[i];
        if (i > 0 && strcmp(k, reg->arena + reg->by_key_off[i - 1]) == 0)
            continue;
        uint32_t *sl = htab_slot(reg, &reg->key_tab, k, strlen(k), name_keyof);
        *sl = (uint32_t)i + 1;
    }
    reg->finished = true;
    return COAUTH_OK;
}

size_t coauth_ror_count(const coauth_ror *reg)
{
    return reg->n_orgs;
}

void coauth_ror_org_at(const coauth_ror *reg, uint32_t i, coauth_ror_org *out)
{
    const org *o = &reg->orgs[i];
    out->id = reg->arena + o->id;
    out->name = reg->arena + o->name;
    memcpy(out->country, o->cc, 3);
    out->city = reg->arena + o->city;
    out->status = reg->arena + o->status;
    out->parent = o->parent;
    out->parent_id = reg->arena + o->parent_id;
}

int coauth_ror_each_name(const coauth_ror *reg, uint32_t i, coauth_ror_name_fn fn, void *ctx)
{
    const org *o = &reg->orgs[i];
    for (uint32_t k = o->name0; k < o->name0 + o->n_names; k++) {
        int rc = fn(ctx, reg->arena + reg->names[k].raw, (int)reg->names[k].kind);
        if (rc)
            return rc;
    }
    return 0;
}

int coauth_ror_each_external(const coauth_ror *reg, uint32_t i, coauth_ror_ext_fn fn, void *ctx)
{
    const org *o = &reg->orgs[i];
    for (uint32_t k = o->ext0; k < o->ext0 + o->n_ext; k++) {
        const char *key = reg->arena + reg->exts[k].key;
        char type[8];
        snprintf(type, sizeof type, "%.*s", (int)(strchr(key, ':') - key), key);
        int rc = fn(ctx, type, reg->arena + reg->exts[k].raw);
        if (rc)
            return rc;
    }
    return 0;
}

uint32_t coauth_ror_find_identifier(const coauth_ror *reg, const char *source, const char *value)
{
    if (!reg->finished || !source || !value)
        return COAUTH_ROR_NONE;
    while (*value == ' ')
        value++;
    if (strcasecmp(source, "ror") == 0) {
        const char *k = coauth_ror_short_id(value);
        size_t n = strlen(k);
        while (n > 0 && (k[n - 1] == ' ' || k[n - 1] == '/'))
            n--;
        char low[32];
        if (n == 0 || n >= sizeof low)
            return COAUTH_ROR_NONE;
        for (size_t j = 0; j < n; j++)
            low[j] = (char)(k[j] >= 'A' && k[j] <= 'Z' ? k[j] + 32 : k[j]);
        uint32_t *sl = htab_slot(reg, &reg->ids, low, n, id_keyof);
        return *sl ? *sl - 1 : COAUTH_ROR_NONE;
    }
    char key[128];
    if (!coauth_ror_external_key(source, value, key, sizeof key))
        return COAUTH_ROR_NONE;
    uint32_t *sl = htab_slot(reg, &reg->ext_tab, key, strlen(key), ext_keyof);
    return *sl ? reg->exts[*sl - 1].org : COAUTH_ROR_NONE;
}

uint32_t coauth_ror_root(const coauth_ror *reg, uint32_t i)
{
    /* a cycle in the parent links (a broken registry) stops after n steps */
    for (size_t steps = 0; reg->orgs[i].parent != COAUTH_ROR_NONE && steps < reg->n_orgs; steps++)
        i = reg->orgs[i].parent;
    return i;
}

size_t coauth_ror_lookup_key(const coauth_ror *reg, const char *key, size_t n,
                             const coauth_ror_hit **out)
{
    *out = NULL;
    if (!reg->finished || n == 0 || reg->n_by_key == 0)
        return 0;
    uint32_t *sl = htab_slot(reg, &reg->key_tab, key, n, name_keyof);
    if (!*sl)
        return 0;
    size_t a = *sl - 1, b = a + 1;
    const char *k = reg->arena + reg->by_key_off[a];
    while (b < reg->n_by_key && (reg->by_key_off[b] == reg->by_key_off[a] ||
                                 strcmp(reg->arena + reg->by_key_off[b], k) == 0))
        b++;
    *out = &reg->by_key[a];
    return b - a;
}

const char *coauth_ror_city_key(const coauth_ror *reg, uint32_t i)
{
    return reg->arena + reg->orgs[i].city_key;
}

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
        nomem(err);
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
    if (!chunk || !tok || !grow((void **)&sp.buf, &sp.cap, 4096, 1)) {
        st = nomem(err);
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
                if (!grow((void **)&sp.buf, &sp.cap, sp.n + 1, 1)) {
                    st = nomem(err);
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

/* ------------------------------------------------------------------ matching */

enum { SEG_MAX = 480, KEY_CAP = 9 * SEG_MAX + 16, MAX_LOC = 16, LOC_LEN = 96, MAX_CAND = 32 };
enum { LEVEL_INST = 3 }; /* the resolver's ORG_INST */

typedef struct locs {
    char key[MAX_LOC][LOC_LEN];
    size_t n;
} locs;

static size_t seg_key(const coauth_ror_seg *g, char *out, char *tmp)
{
    return g->len > SEG_MAX ? 0 : coauth_name_key(g->raw, g->len, out, tmp);
}

/* The location segments' keys, tokens holding digits (postcodes) left out. */
static void location_keys(const coauth_ror_seg *segs, size_t n, locs *l, char *out, char *tmp)
{
    l->n = 0;
    for (size_t i = 0; i < n && l->n < MAX_LOC; i++) {
        if (segs[i].org != 0)
            continue;
        size_t kn = seg_key(&segs[i], out, tmp);
        char *dst = l->key[l->n];
        size_t o = 0;
        for (size_t a = 0; a < kn;) {
            size_t b = a;
            bool digit = false;
            while (b < kn && out[b] != ' ') {
                digit |= out[b] >= '0' && out[b] <= '9';
                b++;
            }
            if (!digit && o + (b - a) + 2 < LOC_LEN) {
                if (o)
                    dst[o++] = ' ';
                memcpy(dst + o, out + a, b - a);
                o += b - a;
            }
            a = b + 1;
        }
        dst[o] = '\0';
        if (o)
            l->n++;
    }
}

static bool city_named(const coauth_ror *reg, uint32_t i, const locs *l)
{
    const char *c = coauth_ror_city_key(reg, i);
    if (!c[0])
        return false;
    for (size_t k = 0; k < l->n; k++)
        if (strcmp(l->key[k], c) == 0)
            return true;
    return false;
}

/* The organisations key[0..kn) may name under the rules: acronyms only with their city
 * named; in cc ("" any) unless city_only and their city is named; `confirmed`: only
 * those whose city is named or (cc given) in cc. Returns how many (<= MAX_CAND). */
static size_t candidates(const coauth_ror *reg, const char *key, size_t kn, const char *cc,
                         bool city_only, bool confirmed, const locs *l, uint32_t *out)
{
    const coauth_ror_hit *h;
    size_t nh = coauth_ror_lookup_key(reg, key, kn, &h), nc = 0;
    for (size_t k = 0; k < nh; k++) {
        uint32_t o = h[k].org;
        bool named = city_named(reg, o, l);
        if (h[k].kind == COAUTH_ROR_ACRONYM && !named)
            continue;
        bool in_cc = cc[0] && memcmp(reg->orgs[o].cc, cc, 2) == 0;
        if (cc[0] && !in_cc && !(city_only && named))
            continue;
        if (confirmed && !named && !in_cc)
            continue;
        bool dup = false;
        for (size_t j = 0; j < nc && !dup; j++)
            dup = out[j] == o;
        if (!dup && nc < MAX_CAND)
            out[nc++] = o;
    }
    return nc;
}

static bool is_ancestor(const coauth_ror *reg, uint32_t a, uint32_t i)
{
    for (size_t steps = 0; reg->orgs[i].parent != COAUTH_ROR_NONE && steps < 32; steps++) {
        i = reg->orgs[i].parent;
        if (i == a)
            return true;
    }
    return false;
}

/* One organisation among cands; else the one whose city is named; else the one that is
 * an ancestor of all the others (the European Molecular Biology Laboratory and its
 * sites, which carry its name); else none. */
static uint32_t choose(const coauth_ror *reg, const uint32_t *cands, size_t nc, const locs *l)
{
    if (nc == 1)
        return cands[0];
    uint32_t pick = COAUTH_ROR_NONE;
    size_t named = 0;
    for (size_t k = 0; k < nc; k++)
        if (city_named(reg, cands[k], l)) {
            pick = cands[k];
            named++;
        }
    if (named == 1)
        return pick;
    for (size_t k = 0; k < nc; k++) {
        size_t below = 0;
        for (size_t j = 0; j < nc; j++)
            below += j != k && is_ancestor(reg, cands[k], cands[j]);
        if (below == nc - 1)
            return cands[k];
    }
    return COAUTH_ROR_NONE;
}

/* Drop trailing tokens that are digits only (footnote marks: "University of X 3"). */
static size_t drop_digit_tail(const char *k, size_t n)
{
    for (;;) {
        size_t b = n;
        while (b > 0 && k[b - 1] >= '0' && k[b - 1] <= '9')
            b--;
        if (b == n || b == 0 || k[b - 1] != ' ')
            return n;
        n = b - 1;
    }
}

/* Words that begin a unit of a university written in the same segment ("Johns Hopkins
 * University School of Medicine", "Mie University Graduate School of Medicine",
 * "University College London Centre for ..."): the words before are matched whole. */
static const char *const unit_words[] = {"school",     "faculty",  "graduate", "medical",
                                         "college",    "centre",   "center",   "institute",
                                         "department", "division", "hospital", "campus"};

static bool word_at(const char *k, size_t n, size_t at, const char *w)
{
    size_t wl = strlen(w);
    return at + wl <= n && memcmp(k + at, w, wl) == 0 && (at + wl == n || k[at + wl] == ' ');
}

/* Match segment key k[0..n) under the rules; *ambiguous is set when candidates were left
 * that no rule could choose between. */
static uint32_t match_key(const coauth_ror *reg, const char *k, size_t n, const char *cc,
                          bool city_only, bool confirmed, const locs *l, bool *ambiguous)
{
    uint32_t cands[MAX_CAND];
    size_t nc = candidates(reg, k, n, cc, city_only, confirmed, l, cands);
    if (nc) {
        uint32_t m = choose(reg, cands, nc, l);
        if (m == COAUTH_ROR_NONE)
            *ambiguous = true;
        return m;
    }
    /* a university followed by one of its units, in one segment */
    bool univ = false;
    for (size_t at = 0; at < n; at++) {
        if (at > 0 && k[at - 1] != ' ')
            continue;
        if (univ)
            for (size_t w = 0; w < sizeof unit_words / sizeof unit_words[0]; w++)
                if (word_at(k, n, at, unit_words[w])) {
                    nc = candidates(reg, k, at - 1, cc, city_only, confirmed, l, cands);
                    if (nc) {
                        uint32_t m = choose(reg, cands, nc, l);
                        if (m == COAUTH_ROR_NONE)
                            *ambiguous = true;
                        return m;
                    }
                    break;
                }
        if (at + 4 <= n && memcmp(k + at, "univ", 4) == 0)
            univ = true;
    }
    return COAUTH_ROR_NONE;
}

/* Does key k[0..n) open with a word naming a kind of unit ("department of ...")? */
static bool generic_unit(const char *k, size_t n)
{
    static const char *const kinds[] = {
        "department",  "departamento", "dipartimento", "departement", "abteilung", "division",
        "section",     "unit",         "unite",        "unidad",      "unidade",   "laboratory",
        "laboratoire", "laboratorio",  "lab",          "labo",        "program",   "programme",
        "programa",    "service",      "servicio",     "servizio",    "chair",     "lehrstuhl",
        "group",       "team"};
    for (size_t w = 0; w < sizeof kinds / sizeof kinds[0]; w++)
        if (word_at(k, n, 0, kinds[w]))
            return true;
    return false;
}

/* Do the later segments j > i that name organisations (any, in any country) name one
 * in org m's country? A place-less part whose segments disagree is no evidence for m
 * ("National Institute of Mental Health, National Institutes of Health": not the Czech
 * institute of that name). */
static bool agrees_later(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                         char (*keys)[KEY_CAP], const size_t *kl, size_t i, uint32_t m,
                         const locs *l)
{
    uint32_t cands[MAX_CAND];
    for (size_t j = i + 1; j < n; j++) {
        if (kl[j] == 0 || segs[j].org <= 1)
            continue;
        size_t nc = candidates(reg, keys[j], kl[j], "", false, false, l, cands);
        if (nc == 0)
            continue;
        bool same = false;
        for (size_t k = 0; k < nc && !same; k++)
            same = memcmp(reg->orgs[cands[k]].cc, reg->orgs[m].cc, 2) == 0;
        if (!same)
            return false;
    }
    return true;
}

/* One pass over the segments (see coauth_ror_match); keys[i] of length kl[i]; `check`:
 * a match must agree with the later segments (agrees_later). */
static uint32_t match_pass(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                           char (*keys)[KEY_CAP], const size_t *kl, const char *cc, bool city_only,
                           const locs *l, char *join, bool check)
{
    for (size_t i = 0; i < n; i++) {
        if (kl[i] == 0)
            continue;
        /* department-level segments that open with their kind ("Department of
         * Biological Sciences") only with the organisation's country or city confirmed;
         * "Cold Spring Harbor Laboratory" is a name */
        bool confirmed = segs[i].org == 1 && generic_unit(keys[i], kl[i]);
        bool ambiguous = false;
        /* joined with the next segment first: the longer name is the more specific */
        if (i + 1 < n && kl[i + 1] && kl[i] + 1 + kl[i + 1] < KEY_CAP) {
            memcpy(join, keys[i], kl[i]);
            join[kl[i]] = ' ';
            memcpy(join + kl[i] + 1, keys[i + 1], kl[i + 1]);
            uint32_t m = match_key(reg, join, kl[i] + 1 + kl[i + 1], cc, city_only, confirmed, l,
                                   &ambiguous);
            if (m != COAUTH_ROR_NONE &&
                (!check || agrees_later(reg, segs, n, keys, kl, i + 1, m, l)))
                return m;
            ambiguous = false;
        }
        uint32_t m = match_key(reg, keys[i], kl[i], cc, city_only, confirmed, l, &ambiguous);
        if (m != COAUTH_ROR_NONE && (!check || agrees_later(reg, segs, n, keys, kl, i, m, l)))
            return m;
        if (ambiguous && segs[i].org >= LEVEL_INST)
            return COAUTH_ROR_NONE; /* an ambiguous organisation: abstain */
    }
    return COAUTH_ROR_NONE;
}

enum { MAX_SEGS = 24 };

uint32_t coauth_ror_match(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                          const coauth_ror_place *place)
{
    if (!reg || !reg->finished || n == 0)
        return COAUTH_ROR_NONE;
    if (n > MAX_SEGS)
        n = MAX_SEGS;
    static _Thread_local char keys[MAX_SEGS][KEY_CAP];
    static _Thread_local char tmp[KEY_CAP], join[KEY_CAP];
    size_t kl[MAX_SEGS];
    locs l;
    location_keys(segs, n, &l, join, tmp);
    for (size_t i = 0; i < n; i++)
        kl[i] = drop_digit_tail(keys[i], seg_key(&segs[i], keys[i], tmp));
    if (place->cc[0])
        return match_pass(reg, segs, n, keys, kl, place->cc, place->city_only != 0, &l, join,
                          false);
    /* The text names no place: the organisations the segments name must agree. The most
     * general segment naming one organisation (the last) gives the country the others
     * are held to ("Institute of Virology, Ulm University Medical Center": not the
     * Slovak institute of that name). */
    char derived[3] = "";
    uint32_t cands[MAX_CAND];
    for (size_t i = n; i-- > 0;) {
        if (kl[i] == 0 || segs[i].org <= 1)
            continue;
        size_t nc = candidates(reg, keys[i], kl[i], "", false, false, &l, cands);
        if (nc == 0)
            continue;
        /* the last segment naming organisations: theirs, if they share one country */
        bool one = true;
        for (size_t k = 1; k < nc; k++)
            one = one && memcmp(reg->orgs[cands[k]].cc, reg->orgs[cands[0]].cc, 2) == 0;
        if (one)
            memcpy(derived, reg->orgs[cands[0]].cc, 3);
        break;
    }
    if (derived[0]) {
        uint32_t m = match_pass(reg, segs, n, keys, kl, derived, false, &l, join, false);
        if (m != COAUTH_ROR_NONE)
            return m;
    }
    return match_pass(reg, segs, n, keys, kl, "", false, &l, join, true);
}
