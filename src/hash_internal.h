/* hash_internal.h - the library's one hash table: open addressing over dense ids.
 *
 * A table maps keys to ids 0, 1, 2, ... that the caller hands out; it holds only
 * (hash, id + 1) slots, while the keys live with the caller, who compares them in a
 * callback. Linear probing, a power-of-two capacity, at most half full. The hash and
 * the probe are static inline so that the caller's comparison is inlined into each
 * lookup (the resolver probes several times per word). Users: strtab.c (interning)
 * and the resolver's tables (src/resolve/).
 *
 * Invariant: the hash is deterministic (FNV-1a with a final mix) and no output ever
 * depends on it, only on which keys are present.
 */
#ifndef COAUTH_HASH_INTERNAL_H
#define COAUTH_HASH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct coauth_hash_slot {
    uint32_t hash;
    uint32_t id; /* id + 1, 0 = empty */
} coauth_hash_slot;

typedef struct coauth_hash {
    coauth_hash_slot *slots;
    uint32_t mask; /* capacity - 1 */
} coauth_hash;

/* Does the key of id equal s[0..n)? ctx is the caller's. */
typedef bool (*coauth_hash_eq)(const void *ctx, uint32_t id, const char *s, size_t n);

static inline uint32_t coauth_hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    h ^= h >> 15;
    h *= 0x2c1b3c6dU;
    h ^= h >> 12;
    return h;
}

/* An empty table with room for n keys (at most half full). false when out of memory
 * (t->slots is then NULL, which coauth_hash_release accepts). */
bool coauth_hash_init(coauth_hash *t, size_t n);

void coauth_hash_release(coauth_hash *t);

/* Twice the capacity, every slot re-placed by its stored hash. false when out of
 * memory: the table is then unchanged and still valid. */
bool coauth_hash_grow(coauth_hash *t);

static inline size_t coauth_hash_capacity(const coauth_hash *t)
{
    return (size_t)t->mask + 1;
}

/* The slot of key s[0..n) with hash h: the matching one, or the empty one where it
 * would go (set it with coauth_hash_set). The table must have an empty slot. */
static inline coauth_hash_slot *coauth_hash_probe(const coauth_hash *t, uint32_t h, const char *s,
                                                  size_t n, coauth_hash_eq eq, const void *ctx)
{
    uint32_t i = h & t->mask;
    for (;;) {
        coauth_hash_slot *sl = &t->slots[i];
        if (sl->id == 0 || (sl->hash == h && eq(ctx, sl->id - 1, s, n)))
            return sl;
        i = (i + 1) & t->mask;
    }
}

static inline void coauth_hash_set(coauth_hash_slot *sl, uint32_t h, uint32_t id)
{
    sl->hash = h;
    sl->id = id + 1;
}

#endif
