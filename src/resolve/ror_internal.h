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
#include <stdbool.h>
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

/* The id's suffix after "ror.org/" (borrowed from id), or id itself. */
const char *coauth_ror_short_id(const char *id);

/* The look-up key of an external id: "grid:grid.5335.0" (lower case),
 * "isni:000000012188593X" (no spaces or dashes, upper case); false for other types or
 * an empty value. */
bool coauth_ror_external_key(const char *type, const char *value, char *out, size_t cap);

/* The normalised key of organisation i's city ("" when none). */
const char *coauth_ror_city_key(const coauth_ror *reg, uint32_t i);

/* Normalise raw[0..n) (UTF-8) as the resolver normalises institution names: folded,
 * parenthesised remarks dropped, abbreviations expanded, a leading "the" dropped.
 * `out` and `tmp` need 9 * n + 16 bytes each. Returns the key's length (out is not
 * NUL-terminated). Defined by the resolver (src/resolve.c). */
size_t coauth_name_key(const char *raw, size_t n, char *out, char *tmp);

/* One comma segment of a part, as the resolver cut it: raw text and organisation level
 * (the resolver's ORG_*: 0 no keyword, 1 department, 2 school or college inside one,
 * 3 institution, 4 university-level body). */
typedef struct coauth_ror_seg {
    const char *raw;
    size_t len;
    int org;
} coauth_ror_seg;

/* The text's place evidence for a part: the country the place rules decided ("" when
 * the text names no place, or only the organisation's own name does), and whether that
 * country came from a city name alone (rule "city"). */
typedef struct coauth_ror_place {
    char cc[3];
    int city_only;
} coauth_ror_place;

/* Match the part's segments (SPEC 3.1, step 2): the organisation segments left to right
 * (authors list them from specific to general), each as a whole normalised name (also
 * joined with the next segment: "University of California, Berkeley") against names,
 * labels and aliases, acronyms only when the organisation's city is one of the part's
 * location segments; candidates restricted to place->cc (or, when city_only, also those
 * whose own city is named). Several organisations left: the ones whose city is named;
 * still several: no match (an institution-level segment stops the search there, a
 * department-level one lets it go on). Returns the organisation's index, or
 * COAUTH_ROR_NONE. Allocation-free and thread-safe. */
uint32_t coauth_ror_match(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                          const coauth_ror_place *place);

#endif
