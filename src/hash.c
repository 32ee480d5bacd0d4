/* hash.c - the open-addressing table of hash_internal.h: allocation and growth (the
 * probe is inline in the header). */
#include "hash_internal.h"

#include <stdlib.h>

bool coauth_hash_init(coauth_hash *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap <<= 1;
    t->slots = calloc(cap, sizeof *t->slots);
    t->mask = (uint32_t)(cap - 1);
    return t->slots != NULL;
}

void coauth_hash_release(coauth_hash *t)
{
    free(t->slots);
    t->slots = NULL;
    t->mask = 0;
}

bool coauth_hash_grow(coauth_hash *t)
{
    size_t cap = coauth_hash_capacity(t) * 2;
    coauth_hash_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return false;
    uint32_t mask = (uint32_t)(cap - 1);
    for (size_t k = 0; k <= t->mask; k++) {
        const coauth_hash_slot *sl = &t->slots[k];
        if (!sl->id)
            continue;
        uint32_t i = sl->hash & mask;
        while (slots[i].id)
            i = (i + 1) & mask;
        slots[i] = *sl;
    }
    free(t->slots);
    t->slots = slots;
    t->mask = mask;
    return true;
}
