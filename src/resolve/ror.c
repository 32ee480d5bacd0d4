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

/* Copy s[0..n) into the arena, NUL-terminated; *off receives its offset. */
static bool put_str(coauth_ror *reg, const char *s, size_t n, uint32_t *off)
{
    if (reg->n_arena + n + 1 > UINT32_MAX)
        return false;
    if (!coauth_ror_grow((void **)&reg->arena, &reg->cap_arena, reg->n_arena + n + 1, 1))
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
        return coauth_ror_nomem(err);
    uint32_t off;
    if (!put_str(*out, "", 0, &off)) { /* offset 0 is "" */
        coauth_ror_free(*out);
        *out = NULL;
        return coauth_ror_nomem(err);
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
    coauth_hash_release(&reg->ids);
    coauth_hash_release(&reg->ext_tab);
    free(reg->by_key);
    free(reg->by_key_off);
    coauth_hash_release(&reg->key_tab);
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
    if (!coauth_ror_grow((void **)&reg->orgs, &reg->cap_orgs, reg->n_orgs + 1, sizeof(ror_ent)))
        return coauth_ror_nomem(err);
    ror_ent *o = &reg->orgs[reg->n_orgs];
    memset(o, 0, sizeof *o);
    city = city ? city : "";
    if (!put_str(reg, id ? id : "", id ? strlen(id) : 0, &o->id) ||
        !put_str(reg, name ? name : "", name ? strlen(name) : 0, &o->name) ||
        !put_str(reg, city, strlen(city), &o->city) ||
        !put_str(reg, status ? status : "active", strlen(status ? status : "active"), &o->status) ||
        !put_str(reg, parent_id ? parent_id : "", parent_id ? strlen(parent_id) : 0,
                 &o->parent_id) ||
        !key_buffers(reg, strlen(city)))
        return coauth_ror_nomem(err);
    size_t kn = coauth_name_key(city, strlen(city), reg->kbuf, reg->ktmp);
    if (!put_str(reg, reg->kbuf, kn, &o->city_key))
        return coauth_ror_nomem(err);
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

/* German umlauts as ASCII writes them ("Universitaet", "Max Delbrueck"): name with
 * each of ä ö ü (either case) replaced by ae oe ue, into out (2 * strlen + 1 bytes);
 * false when the name holds none. */
static bool umlauts_spelt(const char *name, char *out)
{
    bool any = false;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if (p[0] == 0xC3 && p[1]) {
            const char *rep = NULL;
            switch (p[1]) {
            case 0xA4: rep = "ae"; break;
            case 0xB6: rep = "oe"; break;
            case 0xBC: rep = "ue"; break;
            case 0x84: rep = "Ae"; break;
            case 0x96: rep = "Oe"; break;
            case 0x9C: rep = "Ue"; break;
            default: break;
            }
            if (rep) {
                memcpy(out + o, rep, 2);
                o += 2;
                p++;
                any = true;
                continue;
            }
        }
        out[o++] = (char)*p;
    }
    out[o] = '\0';
    return any;
}

/* Names the index adds (umlauts spelt out) carry this bit in ror_name_ent.kind: they
 * are matched like the name they come from, and never listed as registry names. */
enum { DERIVED_NAME = 0x100 };

static coauth_status add_name_key(coauth_ror *reg, uint32_t i, const char *name, int kind,
                                  coauth_error *err);

/* Words that say what kind of body a name is, or join its words: a name left with
 * nothing else ("Technical University", "University of") is no name. */
static bool kind_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "university", "universitat", "universite", "universidad", "universita", "universidade",
        "universiteit", "college",   "institute",  "institut",    "instituto",  "hospital",
        "school",     "academy",     "center",     "of",          "the",        "de",
        "di",         "du",          "da",         "der",         "des",        "and",
        "state",      "national",    "technical",  "technische",  "medical",    "federal",
        "polytechnic", "research",   "science",    "sciences",    "technology", "for"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
            return true;
    return false;
}

/* The length of key k[0..kn) without a last word (or words) equal to organisation i's
 * city key, and a joining word before it ("de", "in", "at", "zu", "of"); 0 when the
 * key does not end with the city, or what is left is not a university's own name: fewer
 * than two words, no university word, or a kind_word() first. */
static size_t city_cut(const coauth_ror *reg, uint32_t i, const char *k, size_t kn)
{
    const char *city = reg->arena + reg->orgs[i].city_key;
    size_t cl = strlen(city);
    if (cl == 0 || kn <= cl + 1 || k[kn - cl - 1] != ' ' || memcmp(k + kn - cl, city, cl) != 0)
        return 0;
    size_t p = kn - cl - 1;
    static const char *const joins[] = {" de", " in", " at", " zu", " of"};
    for (size_t j = 0; j < sizeof joins / sizeof joins[0]; j++)
        if (p > 3 && memcmp(k + p - 3, joins[j], 3) == 0) {
            p -= 3;
            break;
        }
    /* only a university's own name: "X University", "X Universitat", never "University
     * of X" (a campus of a system, or another university) nor a unit of one */
    size_t words = 0;
    bool univ = false;
    for (size_t a = 0; a < p;) {
        size_t b = a;
        while (b < p && k[b] != ' ')
            b++;
        if (words == 0 && kind_word(k + a, b - a))
            return 0;
        univ |= b - a >= 8 && memcmp(k + a, "universi", 8) == 0;
        words++;
        a = b + 1;
    }
    return words >= 2 && univ ? p : 0;
}

coauth_status coauth_ror_add_name(coauth_ror *reg, uint32_t i, const char *name, int kind,
                                  coauth_error *err)
{
    if (reg->finished || i != reg->n_orgs - 1)
        return coauth_fail(err, COAUTH_EINVAL, "ror names must follow their organisation");
    if (!name || !name[0])
        return COAUTH_OK;
    coauth_status st = add_name_key(reg, i, name, kind, err);
    if (st != COAUTH_OK || kind == COAUTH_ROR_ACRONYM)
        return st;
    /* the same name with its umlauts spelt out is a name of the organisation too */
    char stack[256];
    size_t need = 2 * strlen(name) + 1;
    char *alt = need <= sizeof stack ? stack : malloc(need);
    if (!alt)
        return coauth_ror_nomem(err);
    if (umlauts_spelt(name, alt))
        st = add_name_key(reg, i, alt, kind | DERIVED_NAME, err);
    if (alt != stack)
        free(alt);
    return st;
}

/* Index name (NUL-terminated) of organisation i under its key. */
static coauth_status add_name_key(coauth_ror *reg, uint32_t i, const char *name, int kind,
                                  coauth_error *err)
{
    size_t n = strlen(name);
    if (!key_buffers(reg, n))
        return coauth_ror_nomem(err);
    size_t kn = coauth_name_key(name, n, reg->kbuf, reg->ktmp);
    if (kn == 0)
        return COAUTH_OK;
    if (!coauth_ror_grow((void **)&reg->names, &reg->cap_names, reg->n_names + 1,
                         sizeof(ror_name_ent)))
        return coauth_ror_nomem(err);
    ror_name_ent *e = &reg->names[reg->n_names];
    if (!put_str(reg, name, n, &e->raw) || !put_str(reg, reg->kbuf, kn, &e->key))
        return coauth_ror_nomem(err);
    e->org = i;
    e->kind = (uint32_t)kind;
    reg->n_names++;
    reg->orgs[i].n_names++;
    if ((kind & 0xff) == COAUTH_ROR_ACRONYM)
        return COAUTH_OK;
    /* a name that ends with the organisation's own city is also indexed without it
     * ("Comenius University Bratislava" -> "Comenius University"), as a weak name */
    size_t cut = city_cut(reg, i, reg->kbuf, kn);
    if (cut == 0)
        return COAUTH_OK;
    if (!coauth_ror_grow((void **)&reg->names, &reg->cap_names, reg->n_names + 1,
                         sizeof(ror_name_ent)))
        return coauth_ror_nomem(err);
    e = &reg->names[reg->n_names];
    if (!put_str(reg, name, n, &e->raw) || !put_str(reg, reg->kbuf, cut, &e->key))
        return coauth_ror_nomem(err);
    e->org = i;
    e->kind = (uint32_t)kind | DERIVED_NAME | COAUTH_ROR_WEAK;
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
    ror_ent *o = &reg->orgs[i];
    for (uint32_t k = o->ext0; k < o->ext0 + o->n_ext; k++)
        if (strcmp(reg->arena + reg->exts[k].key, key) == 0)
            return COAUTH_OK;
    if (!coauth_ror_grow((void **)&reg->exts, &reg->cap_exts, reg->n_exts + 1, sizeof(ror_ext_ent)))
        return coauth_ror_nomem(err);
    ror_ext_ent *e = &reg->exts[reg->n_exts];
    if (!put_str(reg, key, strlen(key), &e->key) || !put_str(reg, value, strlen(value), &e->raw))
        return coauth_ror_nomem(err);
    e->org = i;
    reg->n_exts++;
    o->n_ext++;
    return COAUTH_OK;
}

/* ------------------------------------------------------------------ indexes */

/* The key of value v of a table (an organisation, an external id, a name run). */
typedef const char *(*keyof_fn)(const coauth_ror *reg, uint32_t v);

struct keyed {
    const coauth_ror *reg;
    keyof_fn keyof;
};

static bool eq_key(const void *ctx, uint32_t v, const char *s, size_t n)
{
    const struct keyed *k = ctx;
    const char *key = k->keyof(k->reg, v);
    return strncmp(key, s, n) == 0 && key[n] == '\0';
}

/* The slot for key s[0..n) in t (the library's one hash, hash_internal.h): holding an
 * equal key, or the empty one where it goes; *out_h gets the key's hash. */
static coauth_hash_slot *htab_slot(const coauth_ror *reg, const coauth_hash *t, const char *s,
                                   size_t n, keyof_fn keyof, uint32_t *out_h)
{
    struct keyed k = {reg, keyof};
    uint32_t h = coauth_hash_bytes(s, n);
    if (out_h)
        *out_h = h;
    return coauth_hash_probe(t, h, s, n, eq_key, &k);
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
    const ror_name_ent *x = a, *y = b;
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
    if (!coauth_hash_init(&reg->ids, reg->n_orgs) || !coauth_hash_init(&reg->ext_tab, reg->n_exts))
        return coauth_ror_nomem(err);
    for (size_t i = 0; i < reg->n_orgs; i++) {
        const char *k = id_keyof(reg, (uint32_t)i);
        uint32_t h;
        coauth_hash_slot *sl = htab_slot(reg, &reg->ids, k, strlen(k), id_keyof, &h);
        if (sl->id)
            return coauth_fail(err, COAUTH_EFORMAT, "ror registry lists '%s' twice",
                               reg->arena + reg->orgs[i].id);
        coauth_hash_set(sl, h, (uint32_t)i);
    }
    for (size_t i = 0; i < reg->n_orgs; i++) {
        ror_ent *o = &reg->orgs[i];
        const char *p = reg->arena + o->parent_id;
        if (!p[0])
            continue;
        const char *k = coauth_ror_short_id(p);
        coauth_hash_slot *sl = htab_slot(reg, &reg->ids, k, strlen(k), id_keyof, NULL);
        if (sl->id && sl->id - 1 != i)
            o->parent = sl->id - 1;
    }
    for (size_t i = 0; i < reg->n_exts; i++) {
        const char *k = ext_keyof(reg, (uint32_t)i);
        uint32_t h;
        coauth_hash_slot *sl = htab_slot(reg, &reg->ext_tab, k, strlen(k), ext_keyof, &h);
        if (!sl->id) /* first organisation listing it wins */
            coauth_hash_set(sl, h, (uint32_t)i);
    }
    /* names by key, withdrawn organisations left out */
    ror_name_ent *sorted = malloc((reg->n_names ? reg->n_names : 1) * sizeof *sorted);
    if (!sorted)
        return coauth_ror_nomem(err);
    size_t m = 0;
    for (size_t i = 0; i < reg->n_names; i++)
        if (strcmp(reg->arena + reg->orgs[reg->names[i].org].status, "withdrawn") != 0)
            sorted[m++] = reg->names[i];
    sort_reg = reg;
    qsort(sorted, m, sizeof *sorted, cmp_by_key);
    sort_reg = NULL;
    reg->by_key = malloc((m ? m : 1) * sizeof *reg->by_key);
    reg->by_key_off = malloc((m ? m : 1) * sizeof *reg->by_key_off);
    if (!reg->by_key || !reg->by_key_off || !coauth_hash_init(&reg->key_tab, m)) {
        free(sorted);
        return coauth_ror_nomem(err);
    }
    for (size_t i = 0; i < m; i++) {
        reg->by_key[i].org = sorted[i].org;
        reg->by_key[i].kind = sorted[i].kind & ~(uint32_t)DERIVED_NAME; /* keeps WEAK */
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
        uint32_t h;
        coauth_hash_slot *sl = htab_slot(reg, &reg->key_tab, k, strlen(k), name_keyof, &h);
        coauth_hash_set(sl, h, (uint32_t)i);
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
    const ror_ent *o = &reg->orgs[i];
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
    const ror_ent *o = &reg->orgs[i];
    for (uint32_t k = o->name0; k < o->name0 + o->n_names; k++) {
        if (reg->names[k].kind & DERIVED_NAME)
            continue;
        int rc = fn(ctx, reg->arena + reg->names[k].raw, (int)reg->names[k].kind);
        if (rc)
            return rc;
    }
    return 0;
}

int coauth_ror_each_external(const coauth_ror *reg, uint32_t i, coauth_ror_ext_fn fn, void *ctx)
{
    const ror_ent *o = &reg->orgs[i];
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
        const coauth_hash_slot *sl = htab_slot(reg, &reg->ids, low, n, id_keyof, NULL);
        return sl->id ? sl->id - 1 : COAUTH_ROR_NONE;
    }
    char key[128];
    if (!coauth_ror_external_key(source, value, key, sizeof key))
        return COAUTH_ROR_NONE;
    const coauth_hash_slot *sl = htab_slot(reg, &reg->ext_tab, key, strlen(key), ext_keyof, NULL);
    return sl->id ? reg->exts[sl->id - 1].org : COAUTH_ROR_NONE;
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
    const coauth_hash_slot *sl = htab_slot(reg, &reg->key_tab, key, n, name_keyof, NULL);
    if (!sl->id)
        return 0;
    size_t a = sl->id - 1, b = a + 1;
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
