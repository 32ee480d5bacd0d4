/* test_hash.c - the library's one hash table (src/hash_internal.h): the hash values,
 * probing past collisions, growth that keeps every key, capacity.
 *
 * Expected hash values were computed by a separate implementation of FNV-1a 32 with
 * the same final mix, in Python (/usr/bin/python3); the rest are counts by hand.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "../src/hash_internal.h"

TestSuite(hash);

Test(hash, values_match_an_independent_implementation)
{
    cr_expect_eq(coauth_hash_bytes("", 0), 447841614u);
    cr_expect_eq(coauth_hash_bytes("a", 1), 187539957u);
    cr_expect_eq(coauth_hash_bytes("university", 10), 1908604789u);
    cr_expect_eq(coauth_hash_bytes("hong kong", 9), 2825211126u);
}

/* Keys are "k0", "k1", ...; the test decides each key's hash. */
static char keys[2000][24];

static bool eq_key(const void *ctx, uint32_t id, const char *s, size_t n)
{
    (void)ctx;
    return strlen(keys[id]) == n && memcmp(keys[id], s, n) == 0;
}

/* Insert keys [0, n) with hash hash_of(i); every key must land in a new slot. */
static void insert(coauth_hash *t, size_t n, uint32_t (*hash_of)(size_t))
{
    for (size_t i = 0; i < n; i++) {
        snprintf(keys[i], sizeof keys[i], "k%zu", i);
        size_t len = strlen(keys[i]);
        uint32_t h = hash_of(i);
        coauth_hash_slot *sl = coauth_hash_probe(t, h, keys[i], len, eq_key, NULL);
        cr_assert_eq(sl->id, 0, "key %zu found before it was added", i);
        coauth_hash_set(sl, h, (uint32_t)i);
        if (2 * (i + 1) > coauth_hash_capacity(t))
            cr_assert(coauth_hash_grow(t));
    }
}

static void expect_all(const coauth_hash *t, size_t n, uint32_t (*hash_of)(size_t))
{
    for (size_t i = 0; i < n; i++) {
        const coauth_hash_slot *sl =
            coauth_hash_probe(t, hash_of(i), keys[i], strlen(keys[i]), eq_key, NULL);
        cr_expect_eq(sl->id, i + 1, "key %zu: id %u", i, sl->id);
    }
    /* a missing key ends on an empty slot */
    cr_expect_eq(coauth_hash_probe(t, 7, "nope", 4, eq_key, NULL)->id, 0);
}

static uint32_t same_hash(size_t i)
{
    (void)i;
    return 7; /* every key collides */
}

static uint32_t real_hash(size_t i)
{
    return coauth_hash_bytes(keys[i], strlen(keys[i]));
}

Test(hash, collisions_are_probed_past)
{
    coauth_hash t;
    cr_assert(coauth_hash_init(&t, 100));
    cr_expect_eq(coauth_hash_capacity(&t), 256); /* smallest power of two >= 2 * 100 + 1 */
    insert(&t, 100, same_hash);
    expect_all(&t, 100, same_hash);
    coauth_hash_release(&t);
    cr_expect_null(t.slots);
}

Test(hash, growth_keeps_every_key)
{
    coauth_hash t;
    cr_assert(coauth_hash_init(&t, 0));
    cr_expect_eq(coauth_hash_capacity(&t), 16);
    insert(&t, 2000, real_hash);
    /* grown from 16 whenever more than half full: 2000 keys need 4096 slots */
    cr_expect_eq(coauth_hash_capacity(&t), 4096);
    expect_all(&t, 2000, real_hash);
    size_t used = 0;
    for (size_t k = 0; k < coauth_hash_capacity(&t); k++)
        used += t.slots[k].id != 0;
    cr_expect_eq(used, 2000);
    coauth_hash_release(&t);
}

Test(hash, growth_with_collisions)
{
    coauth_hash t;
    cr_assert(coauth_hash_init(&t, 0));
    insert(&t, 300, same_hash);
    expect_all(&t, 300, same_hash);
    coauth_hash_release(&t);
}
