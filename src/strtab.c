/* strtab.c - string interning over the library's one hash table (hash_internal.h).
 *
 * Invariant: strings are copied into append-only blocks that never move, so the
 * pointers handed out stay valid until coauth_strtab_free. The hash table maps a
 * string to its id and is kept at most half full.
 */
#include <coauth/strtab.h>

#include "hash_internal.h"

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
};

struct coauth_strtab {
    struct block *blocks;
    struct entry *entries; /* by id */
    uint32_t n, cap_entries;
    coauth_hash index; /* string -> id */
};

static bool eq_entry(const void *ctx, uint32_t id, const char *s, size_t len)
{
    const struct entry *e = &((const coauth_strtab *)ctx)->entries[id];
    return e->len == len && memcmp(e->s, s, len) == 0;
}

coauth_status coauth_strtab_new(coauth_strtab **out, coauth_error *err)
{
    *out = NULL;
    coauth_strtab *t = calloc(1, sizeof *t);
    if (!t)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory creating string table");
    if (!coauth_hash_init(&t->index, 32)) {
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
    coauth_hash_release(&t->index);
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

int coauth_strtab_find(const coauth_strtab *t, const char *s, size_t len, uint32_t *out_id)
{
    const coauth_hash_slot *sl =
        coauth_hash_probe(&t->index, coauth_hash_bytes(s, len), s, len, eq_entry, t);
    if (!sl->id)
        return 0;
    *out_id = sl->id - 1;
    return 1;
}

coauth_status coauth_strtab_intern(coauth_strtab *t, const char *s, size_t len, uint32_t *out_id,
                                   int *out_added, coauth_error *err)
{
    uint32_t h = coauth_hash_bytes(s, len);
    coauth_hash_slot *sl = coauth_hash_probe(&t->index, h, s, len, eq_entry, t);
    if (sl->id) {
        *out_id = sl->id - 1;
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
    t->entries[id] = (struct entry){copy, len};
    coauth_hash_set(sl, h, id);
    if ((size_t)t->n * 2 > coauth_hash_capacity(&t->index) && !coauth_hash_grow(&t->index)) {
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
