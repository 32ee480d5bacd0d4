/* ror_internal.h - what the resolver sees of the ROR registry beyond ror.h: the name
 * index by normalised key, and the one normalisation both sides use.
 *
 * Invariant: registry names and affiliation segments are keyed by the same function,
 * coauth_name_key (the resolver's institution normalisation), so a whole-name match is
 * one probe of equal keys, never a substring test.
 */
#ifndef COAUTH_ROR_INTERNAL_H
#define COAUTH_ROR_INTERNAL_H

#include <coauth/ror.h>
#include <stddef.h>
#include <stdint.h>

/* One name of the index: organisation and kind (enum coauth_ror_name_kind). */
typedef struct coauth_ror_hit {
    uint32_t org;
    uint32_t kind;
} coauth_ror_hit;

/* The names whose key equals key[0..n): *out points at `return` consecutive hits
 * (borrowed, valid for the registry's life); withdrawn organisations are not indexed.
 * After finish. */
size_t coauth_ror_lookup_key(const coauth_ror *reg, const char *key, size_t n,
                             const coauth_ror_hit **out);

/* The normalised key of organisation i's city ("" when none). */
const char *coauth_ror_city_key(const coauth_ror *reg, uint32_t i);

/* Normalise raw[0..n) (UTF-8) as the resolver normalises institution names: folded,
 * parenthesised remarks dropped, abbreviations expanded, a leading "the" dropped.
 * `out` and `tmp` need 9 * n + 16 bytes each. Returns the key's length (out is not
 * NUL-terminated). Defined by the resolver (src/resolve.c). */
size_t coauth_name_key(const char *raw, size_t n, char *out, char *tmp);

#endif
