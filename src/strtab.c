/* strtab.c - string interning with an open-addressing hash table.
 *
 * Invariant: strings are copied into append-only blocks that never move, so the
 * pointers handed out stay valid until coauth_strtab_free. The hash table stores ids
 * (index + 1, 0 = empty) and is kept at most half full.
 */
#include <coauth/strtab.h>

#include <stdlib.h>
#include <string.h>

#define BLOCK_MIN (64 * 1024)

struct block {
    struct block *next;
    size_t used, cap;
    char data[];
};

struct entry {
    const char *s;
    size_t len;
    uint64_t hash;
};

struct coauth_strtab {
    struct block *blocks;
    struct entry *entries; /* by id */
    uint32_t n, cap_entries;
    uint32_t *slots; /* id + 1, 0 = empty */
    size_t n_slots;  /* power of two */
};

static uint64_t hash_bytes(const char *s, size_t len)
{
    /* FNV-1a 64 with a final mix; deterministic (output never depends on it). */
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}

coauth_status coauth_strtab_new(coauth_strtab **out, coauth_error *err)
{
    *out = NULL;
    coauth_strtab *t = calloc(1, sizeof *t);
    if (!t)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory creating string table");
    t->n_slots = 64;
    t->slots = calloc(t->n_slots, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory creating string table");
    }
    *out = t;
    return COAUTH_OK;
}

void coauth_strtab_free(coauth_strtab *t)
{
    if (!t)
        return;
    struct block *b = t->blocks;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(t->entries);
    free(t->slots);
    free(t);
}

static const char *store_bytes(coauth_strtab *t, const char *s, size_t len)
{
    struct block *b = t->blocks;
    if (!b || b->cap - b->used < len + 1) {
        size_t cap = len + 1 > BLOCK_MIN ? len + 1 : BLOCK_MIN;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = t->blocks;
        t->blocks = b;
    }
    char *dst = b->data + b->used;
    if (len)
        memcpy(dst, s, len);
    dst[len] = '\0';
    b->used += len + 1;
    return dst;
}

static int grow_slots(coauth_strtab *t)
{
    size_t n = t->n_slots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 0; id < t->n; id++) {
        size_t i = t->entries[id].hash & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id + 1;
    }
    free(t->slots);
    t->slots = slots;
    t->n_slots = n;
    return 0;
}

static size_t probe(const coauth_strtab *t, const char *s, size_t len, uint64_t h)
{
    size_t i = h & (t->n_slots - 1);
    for (;;) {
        uint32_t v = t->slots[i];
        if (!v)
            return i;
        const struct entry *e = &t->entries[v - 1];
        if (e->hash == h && e->len == len && memcmp(e->s, s, len) == 0)
            return i;
        i = (i + 1) & (t->n_slots - 1);
    }
}

int coauth_strtab_find(const coauth_strtab *t, const char *s, size_t len, uint32_t *out_id)
{
    size_t i = probe(t, s, len, hash_bytes(s, len));
    if (!t->slots[i])
        return 0;
    *out_id = t->slots[i] - 1;
    return 1;
}

coauth_status coauth_strtab_intern(coauth_strtab *t, const char *s, size_t len, uint32_t *out_id,
                                   int *out_added, coauth_error *err)
{
    uint64_t h = hash_bytes(s, len);
    size_t i = probe(t, s, len, h);
    if (t->slots[i]) {
        *out_id = t->slots[i] - 1;
        if (out_added)
            *out_added = 0;
        return COAUTH_OK;
    }
    if (t->n >= UINT32_MAX - 1)
        return coauth_fail(err, COAUTH_ELIMIT, "string table full (%u strings)", t->n);
    if (t->n == t->cap_entries) {
        uint32_t cap = t->cap_entries ? t->cap_entries * 2 : 64;
        if (cap < t->cap_entries)
            cap = UINT32_MAX - 1;
        struct entry *e = realloc(t->entries, (size_t)cap * sizeof *e);
        if (!e)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory interning a string");
        t->entries = e;
        t->cap_entries = cap;
    }
    const char *copy = store_bytes(t, s, len);
    if (!copy)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory interning a string");
    uint32_t id = t->n++;
    t->entries[id] = (struct entry){copy, len, h};
    t->slots[i] = id + 1;
    if ((size_t)t->n * 2 > t->n_slots && grow_slots(t) != 0) {
        /* The string is stored and findable through a linear probe of the old table,
         * which is still valid; report the failure so the caller can stop. */
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory growing string table");
    }
    *out_id = id;
    if (out_added)
        *out_added = 1;
    return COAUTH_OK;
}

const char *coauth_strtab_get(const coauth_strtab *t, uint32_t id)
{
    return id < t->n ? t->entries[id].s : NULL;
}

size_t coauth_strtab_len(const coauth_strtab *t, uint32_t id)
{
    return id < t->n ? t->entries[id].len : 0;
}

uint32_t coauth_strtab_count(const coauth_strtab *t)
{
    return t->n;
}
