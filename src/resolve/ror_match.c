/* ror_match.c - matching an affiliation's organisation segments against the ROR
 * registry (SPEC 3.1 step 2): whole normalised names, restricted to the text's country,
 * acronyms only with the city named, abstention when candidates remain.
 *
 * Invariant: a match is a whole key equal to a registry name's key, never a substring.
 */
#include <coauth/ror.h>

#include "ror_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
