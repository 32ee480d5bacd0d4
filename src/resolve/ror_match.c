/* ror_match.c - matching an affiliation's organisation segments against the ROR
 * registry (SPEC 3.1 step 2): whole normalised names, restricted to the text's country,
 * acronyms only with the city named, abstention when candidates remain.
 *
 * Invariant: a match is a whole key equal to a registry name's key: a segment, two
 * joined, or a piece of one cut at word boundaries by one of the rules of match_key
 * (a lone number, a unit word, " and ", " at ", quotes, the organisation's own city),
 * never an arbitrary substring.
 */
#include <coauth/ror.h>

#include "ror_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ matching */

enum { SEG_MAX = 480, KEY_CAP = 9 * SEG_MAX + 16, MAX_LOC = 16, LOC_LEN = 96, MAX_CAND = 32 };
enum { LEVEL_INST = 3, LEVEL_TOP = 4 }; /* the resolver's ORG_INST, ORG_TOP */

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
                         bool city_only, bool confirmed, const locs *l, uint32_t *out,
                         uint8_t *kind)
{
    const coauth_ror_hit *h;
    size_t nh = coauth_ror_lookup_key(reg, key, kn, &h), nc = 0;
    for (size_t k = 0; k < nh; k++) {
        uint32_t o = h[k].org;
        bool named = city_named(reg, o, l);
        uint32_t hk = h[k].kind & 0xff;
        if (hk == COAUTH_ROR_ACRONYM && !named)
            continue;
        bool in_cc = cc[0] && memcmp(reg->orgs[o].cc, cc, 2) == 0;
        if (cc[0] && !in_cc && !(city_only && named))
            continue;
        if (confirmed && !named && !in_cc)
            continue;
        /* a display name or label is a name of the organisation, an alias a name
         * others also go by */
        /* rank: 0 display name, 1 label, 2 alias, 3 weak name */
        uint8_t kd = (h[k].kind & COAUTH_ROR_WEAK) ? 3 : hk <= COAUTH_ROR_ALIAS ? (uint8_t)hk : 2;
        bool dup = false;
        for (size_t j = 0; j < nc && !dup; j++)
            if (out[j] == o) {
                dup = true;
                if (kind && kd < kind[j])
                    kind[j] = kd;
            }
        if (!dup && nc < MAX_CAND) {
            if (kind)
                kind[nc] = kd;
            out[nc++] = o;
        }
    }
    return nc;
}

/* The one candidate that alone satisfies `ok`, else COAUTH_ROR_NONE. */
static uint32_t only_one(const uint32_t *cands, size_t nc, const bool *ok)
{
    uint32_t pick = COAUTH_ROR_NONE;
    size_t count = 0;
    for (size_t k = 0; k < nc; k++)
        if (ok[k]) {
            pick = cands[k];
            count++;
        }
    return count == 1 ? pick : COAUTH_ROR_NONE;
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
 * sites, which carry its name); else the only active one (the others closed); else the
 * only one whose display name it is, else label, else alias (kind[k], the rank of the
 * best name that matched); else none. */
static uint32_t choose(const coauth_ror *reg, const uint32_t *cands, size_t nc, const locs *l,
                       const uint8_t *kind)
{
    if (nc == 1)
        return cands[0];
    bool ok[MAX_CAND];
    for (size_t k = 0; k < nc; k++)
        ok[k] = city_named(reg, cands[k], l);
    uint32_t pick = only_one(cands, nc, ok);
    if (pick != COAUTH_ROR_NONE)
        return pick;
    for (size_t k = 0; k < nc; k++) {
        size_t below = 0;
        for (size_t j = 0; j < nc; j++)
            below += j != k && is_ancestor(reg, cands[k], cands[j]);
        if (below == nc - 1)
            return cands[k];
    }
    for (size_t k = 0; k < nc; k++)
        ok[k] = strcmp(reg->arena + reg->orgs[cands[k]].status, "active") == 0;
    pick = only_one(cands, nc, ok);
    if (pick != COAUTH_ROR_NONE)
        return pick;
    /* the only one with the best kind of name: a display name before a label (another
     * organisation's name in another language), a label before an alias, an alias
     * before a weak name */
    for (uint8_t rank = 0; rank < 3; rank++) {
        for (size_t k = 0; k < nc; k++)
            ok[k] = kind[k] <= rank;
        pick = only_one(cands, nc, ok);
        if (pick != COAUTH_ROR_NONE)
            return pick;
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
static const char *const unit_words[] = {
    "school",   "faculty",   "graduate",   "medical school", "medical college", "college",
    "center",   "institute", "department", "division",       "campus"};
/* not "hospital" or "medical center": "X University Hospital" is a hospital */

static bool word_at(const char *k, size_t n, size_t at, const char *w)
{
    size_t wl = strlen(w);
    return at + wl <= n && memcmp(k + at, w, wl) == 0 && (at + wl == n || k[at + wl] == ' ');
}

/* Look key k[0..n) up whole under the rules (candidates, choose); `city` (NULL: any)
 * keeps only organisations whose city key it is. *found is set when candidates were
 * left; when no rule could choose between them, ambiguous[0..3) gets their one
 * country, or "--" when they are in several (else it is left as it was). */
static uint32_t try_key(const coauth_ror *reg, const char *k, size_t n, const char *cc,
                        bool city_only, bool confirmed, const locs *l, const char *city,
                        size_t city_len, bool *found, char *ambiguous)
{
    uint32_t cands[MAX_CAND];
    uint8_t kind[MAX_CAND];
    size_t nc = candidates(reg, k, n, cc, city_only, confirmed, l, cands, kind);
    if (city) {
        size_t m = 0;
        for (size_t j = 0; j < nc; j++) {
            const char *ck = coauth_ror_city_key(reg, cands[j]);
            if (strlen(ck) == city_len && memcmp(ck, city, city_len) == 0) {
                cands[m] = cands[j];
                kind[m++] = kind[j];
            }
        }
        nc = m;
    }
    if (nc == 0)
        return COAUTH_ROR_NONE;
    *found = true;
    uint32_t m = choose(reg, cands, nc, l, kind);
    if (m == COAUTH_ROR_NONE) {
        /* the candidates' one country, or "--" when they are in several */
        memcpy(ambiguous, reg->orgs[cands[0]].cc, 3);
        for (size_t j = 1; j < nc; j++)
            if (memcmp(reg->orgs[cands[j]].cc, ambiguous, 2) != 0)
                memcpy(ambiguous, "--", 3);
        if (!ambiguous[0])
            memcpy(ambiguous, "--", 3);
    }
    return m;
}

static bool is_digits(const char *w, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (w[j] < '0' || w[j] > '9')
            return false;
    return n > 0;
}

static bool generic_unit(const char *k, size_t n);

/* Does the word w[0..n) say that a name before it is an organisation's (University,
 * Universität, ..., Hospital, Clinic, Institute)? */
static bool org_word(const char *w, size_t n)
{
    static const char *const words[] = {"hospital", "clinic", "klinik", "institute", "institut"};
    if (n >= 4 && memcmp(w, "univ", 4) == 0)
        return true;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (strlen(words[k]) == n && memcmp(words[k], w, n) == 0)
            return true;
    return false;
}

/* Is p[0..n) a name of two words or more, neither end a single letter? */
static bool name_piece(const char *p, size_t n)
{
    return n >= 3 && memchr(p, ' ', n) && p[1] != ' ' && p[n - 2] != ' ';
}

/* Is p[0..n) some registry organisation's name (any country, not an acronym)? */
static bool named(const coauth_ror *reg, const char *p, size_t n)
{
    const coauth_ror_hit *h;
    size_t nh = coauth_ror_lookup_key(reg, p, n, &h);
    for (size_t k = 0; k < nh; k++)
        if ((h[k].kind & 0xff) != COAUTH_ROR_ACRONYM)
            return true;
    return false;
}

/* Match segment key k[0..n) under the rules: whole; else a piece of it, whole (the
 * first that has candidates decides): the words before a number standing alone (a
 * footnote mark run into the next line: "University of X 4 Department of Y"); a
 * university followed by one of its units; the sides of " and " (left first) and of
 * " at " (right first: "X Institute at Y University"); "University of W" as "W
 * University" and back, when W is that organisation's city. ambiguous: see try_key;
 * set when
 * candidates were left that no rule could choose between. */
static uint32_t match_key(const coauth_ror *reg, const char *k, size_t n, const char *cc,
                          bool city_only, bool confirmed, const locs *l, char *ambiguous)
{
    bool found = false;
    uint32_t m = try_key(reg, k, n, cc, city_only, confirmed, l, NULL, 0, &found, ambiguous);
    if (found)
        return m;
    /* a number standing alone ends the name */
    for (size_t at = 1; at + 1 < n; at++) {
        if (k[at - 1] != ' ')
            continue;
        size_t e = at;
        while (e < n && k[e] != ' ')
            e++;
        if (is_digits(k + at, e - at)) {
            m = try_key(reg, k, at - 1, cc, city_only, confirmed, l, NULL, 0, &found, ambiguous);
            if (found)
                return m;
            break;
        }
    }
    /* an organisation followed by one of its units, in one segment: the words before
     * the unit word, else those up to the last organisation word among them ("New York
     * University Grossman School of Medicine", "Cleveland Clinic Lerner Research
     * Institute"); each unit word in turn, left to right */
    size_t last_org = 0; /* end of the last organisation word seen, 0 none */
    for (size_t at = 0; at < n; at++) {
        if (at > 0 && k[at - 1] != ' ')
            continue;
        if (last_org)
            for (size_t w = 0; w < sizeof unit_words / sizeof unit_words[0]; w++)
                if (word_at(k, n, at, unit_words[w])) {
                    /* longest first, down to the organisation word ("University of
                     * Pennsylvania Perelman School": "University of Pennsylvania") */
                    for (size_t e = at - 1; e >= last_org && !found; e--) {
                        if (e < at - 1 && k[e] != ' ')
                            continue;
                        m = try_key(reg, k, e, cc, city_only, confirmed, l, NULL, 0, &found,
                                    ambiguous);
                        if (e == last_org)
                            break;
                    }
                    if (found)
                        return m;
                    break;
                }
        size_t e = at;
        while (e < n && k[e] != ' ')
            e++;
        if (org_word(k + at, e - at))
            last_org = e;
    }
    /* two names joined by " and " or " at " */
    static const struct {
        const char *w;
        bool right_first;
    } joins[] = {{" and ", false}, {" at ", true}}; /* right_first: only the right */
    for (size_t j = 0; j < sizeof joins / sizeof joins[0]; j++) {
        size_t wl = strlen(joins[j].w);
        for (size_t at = 1; at + wl < n; at++) {
            if (memcmp(k + at, joins[j].w, wl) != 0)
                continue;
            const char *left = k, *right = k + at + wl;
            size_t ln = at, rn = n - at - wl;
            if (joins[j].right_first && n < KEY_CAP) {
                /* "University of X at Y" is "University of X, Y" */
                char joined[KEY_CAP];
                memcpy(joined, k, at);
                joined[at] = ' ';
                memcpy(joined + at + 1, right, rn);
                m = try_key(reg, joined, at + 1 + rn, cc, city_only, confirmed, l, NULL, 0,
                            &found, ambiguous);
                if (found)
                    return m;
            }
            /* a piece is a name of two words or more ("Texas A and M" is none); after
             * "and" both pieces must be registry names ("Centre for X and Y": "Y" is
             * no organisation) */
            bool lok = name_piece(left, ln), rok = name_piece(right, rn);
            if (joins[j].right_first) {
                lok = false; /* "X at Y": Y is the host ("University of X at Y": none) */
            } else if (!lok || !rok || !named(reg, left, ln) || !named(reg, right, rn)) {
                continue; /* "X and Y": both registry names (measured: one of them and
                           * an organisation word on the other side gave 1 false id in 2) */
            }
            for (int side = 0; side < 2; side++) {
                bool r = (side == 0) == joins[j].right_first;
                if (!(r ? rok : lok))
                    continue;
                m = try_key(reg, r ? right : left, r ? rn : ln, cc, city_only, confirmed, l, NULL,
                            0, &found, ambiguous);
                if (found)
                    return m;
            }
        }
    }
    /* a unit run into its organisation ("Department of X Y University", "Faculty of
     * Medicine Universitas Z"): the longest tail of the segment that holds an
     * organisation word, after words that hold a unit word */
    bool unit = false;
    for (size_t at = 0; at < n; at++) {
        if (at > 0 && k[at - 1] != ' ')
            continue;
        if (unit) {
            bool orgw = false;
            for (size_t b = at; b < n && !orgw;) {
                size_t e = b;
                while (e < n && k[e] != ' ')
                    e++;
                orgw = org_word(k + b, e - b);
                b = e + 1;
            }
            if (!orgw)
                break;
            if (name_piece(k + at, n - at)) {
                m = try_key(reg, k + at, n - at, cc, city_only, confirmed, l, NULL, 0, &found,
                            ambiguous);
                if (found)
                    return m;
            }
        }
        for (size_t w = 0; w < sizeof unit_words / sizeof unit_words[0] && !unit; w++)
            unit = word_at(k, n, at, unit_words[w]);
        unit = unit || generic_unit(k + at, n - at);
    }
    /* the organisation's own city after its name ("Nanyang Technological University
     * Singapore"): the words before the last one, two or three, for an organisation in
     * the city those name */
    for (size_t at = n, words = 0; at-- > 1 && words < 3;) {
        if (k[at - 1] != ' ')
            continue;
        words++;
        if (!name_piece(k, at - 1))
            continue;
        m = try_key(reg, k, at - 1, cc, city_only, confirmed, l, k + at, n - at, &found,
                    ambiguous);
        if (found)
            return m;
    }
    /* "University of W" <-> "W University", W the organisation's city */
    static const char uo[] = "university of ", un[] = " university";
    char sw[LOC_LEN + 16];
    size_t uol = sizeof uo - 1, unl = sizeof un - 1;
    if (n > uol && n - uol < LOC_LEN && memcmp(k, uo, uol) == 0) {
        size_t wn = n - uol;
        memcpy(sw, k + uol, wn);
        memcpy(sw + wn, un, unl);
        return try_key(reg, sw, wn + unl, cc, city_only, confirmed, l, k + uol, wn, &found,
                       ambiguous);
    }
    if (n > unl && n - unl < LOC_LEN && memcmp(k + n - unl, un, unl) == 0) {
        size_t wn = n - unl;
        memcpy(sw, uo, uol);
        memcpy(sw + uol, k, wn);
        return try_key(reg, sw, uol + wn, cc, city_only, confirmed, l, k, wn, &found, ambiguous);
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
        size_t nc = candidates(reg, keys[j], kl[j], "", false, false, l, cands, NULL);
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

/* The text between the first pair of quotes in raw[0..n) (“ ”, « », „ “, " ", &quot;),
 * of at most SEG_MAX bytes: *out, *out_n; false when none. */
static bool quoted(const char *raw, size_t n, const char **out, size_t *out_n)
{
    static const struct {
        const char *open, *close;
    } q[] = {{"\xe2\x80\x9c", "\xe2\x80\x9d"}, {"\xc2\xab", "\xc2\xbb"},
             {"\xe2\x80\x9e", "\xe2\x80\x9c"}, {"&quot;", "&quot;"}, {"\"", "\""}};
    for (size_t k = 0; k < sizeof q / sizeof q[0]; k++) {
        size_t ol = strlen(q[k].open), cl = strlen(q[k].close);
        for (size_t a = 0; a + ol <= n; a++) {
            if (memcmp(raw + a, q[k].open, ol) != 0)
                continue;
            for (size_t b = a + ol; b + cl <= n; b++)
                if (memcmp(raw + b, q[k].close, cl) == 0) {
                    if (b == a + ol || b - a - ol > SEG_MAX)
                        return false;
                    *out = raw + a + ol;
                    *out_n = b - a - ol;
                    return true;
                }
            break;
        }
    }
    return false;
}

/* Does key a[0..an) hold key b[0..bn) as whole words (not all of a)? */
static bool contains_words(const char *a, size_t an, const char *b, size_t bn)
{
    if (bn == 0 || bn >= an)
        return false;
    for (size_t at = 0; at + bn <= an; at++)
        if ((at == 0 || a[at - 1] == ' ') && (at + bn == an || a[at + bn] == ' ') &&
            memcmp(a + at, b, bn) == 0)
            return true;
    return false;
}

/* Does another organisation segment of segment i's level (an institution or a
 * university-level body; not i itself, nor `joined`, the segment matched with it) name
 * an organisation that shares no root with m? Then the part names two organisations of
 * one rank and nothing says which is its own ("Université de X, Université de Y"):
 * abstain. *cc_out gets their country when both are in one, else "--". */
static bool rival_named(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                        char (*keys)[KEY_CAP], const size_t *kl, size_t i, size_t joined,
                        uint32_t m, const char *cc, bool city_only, const locs *l, char *cc_out)
{
    if (segs[i].org < LEVEL_INST)
        return false;
    uint32_t root = coauth_ror_root(reg, m);
    for (size_t j = 0; j < n; j++) {
        if (j == i || j == joined || kl[j] == 0 || segs[j].place || segs[j].org != segs[i].org)
            continue;
        /* a segment that names i's organisation inside its own name is one of its
         * bodies or affiliates, no rival ("Tamsin Hospital of Pellow University, Pellow
         * University", a hospital the registry links as related, not as a child) */
        if (contains_words(keys[j], kl[j], keys[i], kl[i]))
            continue;
        char amb[3] = "";
        uint32_t x = match_key(reg, keys[j], kl[j], cc, city_only, false, l, amb);
        if (x == COAUTH_ROR_NONE || coauth_ror_root(reg, x) == root)
            continue;
        memcpy(cc_out, memcmp(reg->orgs[x].cc, reg->orgs[m].cc, 2) == 0 ? reg->orgs[m].cc : "--",
               3);
        return true;
    }
    return false;
}

/* One pass over the segments (see coauth_ror_match); keys[i] of length kl[i]; `check`:
 * a match must agree with the later segments (agrees_later). */
static uint32_t match_pass(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                           char (*keys)[KEY_CAP], const size_t *kl, const char *cc, bool city_only,
                           const locs *l, char *join, bool check, const size_t *order, char *amb)
{
    amb[0] = '\0';
    for (size_t oi = 0; oi < n; oi++) {
        size_t i = order[oi];
        if (kl[i] == 0 || segs[i].place)
            continue;
        /* department-level segments that open with their kind ("Department of
         * Biological Sciences") only with the organisation's country or city confirmed;
         * "Cold Spring Harbor Laboratory" is a name */
        bool confirmed = segs[i].org == 1 && generic_unit(keys[i], kl[i]);
        char ambiguous[3] = "";
        /* joined with the next segment first: the longer name is the more specific */
        if (i + 1 < n && kl[i + 1] && kl[i] + 1 + kl[i + 1] < KEY_CAP) {
            memcpy(join, keys[i], kl[i]);
            join[kl[i]] = ' ';
            memcpy(join + kl[i] + 1, keys[i + 1], kl[i + 1]);
            bool found = false; /* whole: the pieces of match_key are for one segment */
            uint32_t m = try_key(reg, join, kl[i] + 1 + kl[i + 1], cc, city_only, confirmed, l,
                                 NULL, 0, &found, ambiguous);
            if (m != COAUTH_ROR_NONE &&
                (!check || agrees_later(reg, segs, n, keys, kl, i + 1, m, l)))
                return rival_named(reg, segs, n, keys, kl, i, i + 1, m, cc, city_only, l, amb)
                           ? COAUTH_ROR_NONE
                           : m;
            ambiguous[0] = '\0';
        }
        uint32_t m = match_key(reg, keys[i], kl[i], cc, city_only, confirmed, l, ambiguous);
        /* a name in quotes ("FSBEI of HE “X State University”") */
        const char *q;
        size_t qn;
        if (m == COAUTH_ROR_NONE && !ambiguous[0] && quoted(segs[i].raw, segs[i].len, &q, &qn)) {
            static _Thread_local char qtmp[KEY_CAP];
            bool found = false;
            size_t kn = coauth_name_key(q, qn, join, qtmp);
            if (kn)
                m = try_key(reg, join, kn, cc, city_only, confirmed, l, NULL, 0, &found, ambiguous);
        }
        if (m != COAUTH_ROR_NONE && (!check || agrees_later(reg, segs, n, keys, kl, i, m, l)))
            return rival_named(reg, segs, n, keys, kl, i, n, m, cc, city_only, l, amb)
                       ? COAUTH_ROR_NONE
                       : m;
        if (ambiguous[0] && segs[i].org >= LEVEL_INST) {
            memcpy(amb, ambiguous, 3);
            return COAUTH_ROR_NONE; /* an ambiguous organisation: abstain */
        }
    }
    return COAUTH_ROR_NONE;
}

enum { MAX_SEGS = 24 };

uint32_t coauth_ror_match(const coauth_ror *reg, const coauth_ror_seg *segs, size_t n,
                          const coauth_ror_place *place, char *out_cc)
{
    out_cc[0] = '\0';
    if (!reg || !reg->finished || n == 0)
        return COAUTH_ROR_NONE;
    if (n > MAX_SEGS)
        n = MAX_SEGS;
    /* the order in which the resolver picks the institution: the highest level first,
     * the rightmost among equals (the university before its institute, which the
     * assertions name 8 times in 9 when a part names both) */
    size_t order[MAX_SEGS], no = 0;
    for (int lv = LEVEL_TOP; lv >= 0; lv--)
        for (size_t i = n; i-- > 0;)
            if (segs[i].org == lv || (lv == LEVEL_TOP && segs[i].org > LEVEL_TOP) ||
                (lv == 0 && segs[i].org < 0))
                order[no++] = i;
    static _Thread_local char keys[MAX_SEGS][KEY_CAP];
    static _Thread_local char tmp[KEY_CAP], join[KEY_CAP];
    size_t kl[MAX_SEGS];
    char amb[3];
    locs l;
    location_keys(segs, n, &l, join, tmp);
    for (size_t i = 0; i < n; i++)
        kl[i] = drop_digit_tail(keys[i], seg_key(&segs[i], keys[i], tmp));
    if (place->cc[0])
        return match_pass(reg, segs, n, keys, kl, place->cc, place->city_only != 0, &l, join, false,
                          order, amb);
    /* The text names no place: the organisations the segments name must agree. The most
     * general segment naming one organisation (the last) gives the country the others
     * are held to ("Institute of Virology, Ulm University Medical Center": not the
     * Slovak institute of that name). */
    char derived[3] = "";
    uint32_t cands[MAX_CAND];
    for (size_t i = n; i-- > 0;) {
        if (kl[i] == 0 || segs[i].org <= 1)
            continue;
        size_t nc = candidates(reg, keys[i], kl[i], "", false, false, &l, cands, NULL);
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
    char amb_derived[3] = "";
    if (derived[0]) {
        uint32_t m =
            match_pass(reg, segs, n, keys, kl, derived, false, &l, join, false, order, amb_derived);
        if (m != COAUTH_ROR_NONE)
            return m;
    }
    uint32_t m = match_pass(reg, segs, n, keys, kl, "", false, &l, join, true, order, amb);
    /* abstained at an ambiguous organisation whose candidates share one country: that
     * country (no place named: the caller may use it) */
    const char *a = amb[0] ? amb : amb_derived;
    if (m == COAUTH_ROR_NONE && a[0] && a[0] != '-')
        memcpy(out_cc, a, 3);
    return m;
}
