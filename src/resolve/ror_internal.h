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

#include "hash_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* Grow an array to hold `need` elements of `size` bytes (doubling). */
static inline bool coauth_ror_grow(void **p, size_t *cap, size_t need, size_t size)
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

static inline coauth_status coauth_ror_nomem(coauth_error *err)
{
    return coauth_fail(err, COAUTH_ENOMEM, "out of memory loading the ror registry");
}

/* A flag on a hit's kind: a weak name, which the index derived from a registry name by
 * dropping the organisation's own city at its end ("Comenius University" from
 * "Comenius University Bratislava"); it ranks below aliases. */
enum { COAUTH_ROR_WEAK = 0x200 };

/* One name of the index: organisation and kind (enum coauth_ror_name_kind, with
 * COAUTH_ROR_WEAK). */
typedef struct coauth_ror_hit {
    uint32_t org;
    uint32_t kind;
} coauth_ror_hit;

/* The registry in memory (ror.c builds it, ror_load.c fills it from a dump,
 * ror_match.c reads it). */
typedef struct ror_ent {
    uint32_t id, name, city, status, parent_id, city_key; /* arena offsets */
    char cc[3];
    uint32_t parent;
    uint32_t name0, n_names; /* in names[] (insertion order) */
    uint32_t ext0, n_ext;
} ror_ent;

typedef struct ror_name_ent {
    uint32_t key; /* arena offset of the normalised key, NUL-terminated */
    uint32_t raw; /* arena offset of the name as written */
    uint32_t org;
    uint32_t kind;
} ror_name_ent;

typedef struct ror_ext_ent {
    uint32_t key; /* "grid:..." / "isni:..." */
    uint32_t raw; /* the value as written */
    uint32_t org;
} ror_ext_ent;

struct coauth_ror {
    char *arena;
    size_t n_arena, cap_arena;
    ror_ent *orgs;
    size_t n_orgs, cap_orgs;
    ror_name_ent *names; /* insertion order: per-org runs */
    size_t n_names, cap_names;
    ror_ext_ent *exts;
    size_t n_exts, cap_exts;
    /* after finish */
    bool finished;
    coauth_hash ids;        /* -> org */
    coauth_hash ext_tab;    /* -> exts[] */
    coauth_ror_hit *by_key; /* names sorted by key (withdrawn left out) */
    uint32_t *by_key_off;   /* their keys */
    size_t n_by_key;
    coauth_hash key_tab; /* -> by_key[] start of run */
    char *kbuf, *ktmp;
    size_t kcap;
};

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
    bool place; /* the place rules read a place in it ("Providence", "PA"): no name */
} coauth_ror_seg;

/* The text's place evidence for a part: the country the place rules decided ("" when
 * the text names no place, or only the organisation's own name does), and whether that
 * country came from a city name alone (rule "city"). */
typedef struct coauth_ror_place {
    char cc[3];
    int city_only;
} coauth_ror_place;

/* Match the part's segments (SPEC 3.1, step 2): the organisation segments in the order
 * the resolver picks the institution (highest level first, the rightmost among equals:
 * the university before its institute), each as a whole normalised name (also
 * joined with the next segment: "University of California, Berkeley") against names,
 * labels and aliases, acronyms only when the organisation's city is one of the part's
 * location segments; candidates restricted to place->cc (or, when city_only, also those
 * whose own city is named). Several organisations left: the ones whose city is named;
 * still several: no match (an institution-level segment stops the search there, a
 * department-level one lets it go on). Returns the organisation's index, or
 * COAUTH_ROR_NONE; then, when the text names no place (place->cc empty) and the match
 * abstained between organisations that are all in one country, out_cc (3 bytes) gets
 * that country, else "". Allocation-free and thread-safe. */
uint32_t coauth_ror_match(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                          const coauth_ror_place *place, char *out_cc);

#endif
