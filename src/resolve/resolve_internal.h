/* resolve_internal.h - what the resolver's files share (src/resolve/).
 *
 * The rooms: text.c (folding, e-mails, labels, part trimming), segments.c (parts into
 * segments, tokens and lookup units; where a new affiliation starts), rules_place.c
 * (the place rules and the territory refinement), rules_org.c (the organisation
 * rules), institution.c (institution names), thesaurus.c (the thesaurus file),
 * tables.c (the resolver's tables over the gazetteer) and resolve.c (coauth_resolve
 * and the rule table, in trust order).
 *
 * Invariant: a coauth_resolver is immutable once built; every per-call buffer lives
 * in the caller's coauth_resolution (its scratch). The lookups below are static
 * inline: they run several times per word of every affiliation.
 */
#ifndef COAUTH_RESOLVE_INTERNAL_H
#define COAUTH_RESOLVE_INTERNAL_H

#include <coauth/resolve.h>

#include "gazetteer_internal.h"
#include "hash_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------------ rule names */

/* The static strings of coauth_part.rule (resolve.c). */
extern const char coauth_rule_name_none[], coauth_rule_name_state[], coauth_rule_name_country[],
    coauth_rule_name_territory[], coauth_rule_name_subdiv[], coauth_rule_name_city[],
    coauth_rule_name_neighbour[], coauth_rule_name_email[], coauth_rule_name_org_place[],
    coauth_rule_name_institution[], coauth_rule_name_ror[];

/* ------------------------------------------------------- organisation keywords */

/* Level of an organisation keyword: ORG_TOP names a university-level body, ORG_INST
 * other institutions, ORG_SUB a school or college inside one, ORG_DEPT a department.
 * Any of them makes a segment an organisation segment (never a country). */
enum { ORG_NONE = 0, ORG_DEPT = 1, ORG_SUB = 2, ORG_INST = 3, ORG_TOP = 4 };

/* Words that are no organisation keyword but never belong to a place name inside an
 * organisation's name: WORD_LINK links words ("University *of* Verona"), WORD_GENERIC
 * names a field or kind ("Massachusetts *General* Hospital", "Virginia *Tech*"). */
enum { WORD_LINK = -2, WORD_GENERIC = -1 };

struct org_kw {
    const char *word; /* normalised */
    int level;
};

/* The organisation keywords (tables.c). */
extern const struct org_kw coauth_org_keywords[];
extern const size_t coauth_n_org_keywords;

/* ------------------------------------------------------------------ resolver */

typedef struct thes_entry {
    uint32_t key, key_len, val; /* offsets into the arena; val == UINT32_MAX: drop */
} thes_entry;

struct coauth_resolver {
    coauth_hash names;         /* normalised place name -> coauth_gz_names index */
    uint64_t *name_bits;       /* one bit per hash value (mod 2^20): most lookups miss, and this
                                  128 KB filter answers them without touching the name table */
    uint16_t *name_len;        /* key lengths */
    coauth_hash orgs;          /* normalised keyword -> coauth_org_keywords index */
    char us_state[26 * 26][3]; /* state code "MA" -> country "US", "" if not a state */
    char territory_parent[26 * 26][3];
    bool is_parent[26 * 26]; /* has territories (CN, US, GB, FR, NL) or is one */
    coauth_hash terr_first;  /* first words of territory names ("hong", "puerto") */
    uint32_t *terr_first_len;
    bool valid_cc[26 * 26];
    coauth_hash thes; /* normalised label -> thes entries index */
    thes_entry *th;
    size_t n_th;
    char *th_arena;
    char th_sum[40];              /* "md5:hex" of the thesaurus file, "" when none */
    const struct coauth_ror *ror; /* borrowed ROR registry (ror.c), or NULL */
};

static inline int cc_index(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* ------------------------------------------------------------------ scratch */

typedef struct token {
    uint32_t off, len; /* in the folded buffer */
    bool digit;
    int8_t kind; /* ORG_* level of the word, or WORD_LINK / WORD_GENERIC */
} token;

typedef struct seg {
    uint32_t raw, raw_len; /* in the working copy */
    uint32_t tok0, ntok;   /* tokens of this segment */
    int org;               /* ORG_* level */
} seg;

/* A piece: a run of digit-free tokens of a location segment, the unit of lookup. */
typedef struct unit {
    uint32_t seg;
    const coauth_gz_name *e; /* whole-piece match, or NULL */
    char slot_cc[3];         /* country of a US state code in the City, ST slot */
    bool slot_zip;           /* the slot carries a ZIP code */
    char suffix_cc[3];       /* country named at the end of the last segment */
} unit;

/* The per-call buffers behind coauth_resolution.scratch_ (resolve.c sizes them). */
typedef struct scratch {
    char *work;
    char *fold;
    char *inst;
    char *tmp;
    size_t cap; /* capacity basis: bytes of text supported */
    token *toks;
    seg *segs;
    unit *units;
    size_t cap_parts;
} scratch;

#define MAX_EMAILS 16

typedef struct email {
    size_t pos;
    char cc[3];
} email;

/* ------------------------------------------------------------------ lookups */

#define NAME_BITS_MASK ((UINT32_C(1) << 20) - 1)

static inline bool eq_name(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const coauth_resolver *r = ctx;
    return r->name_len[id] == n && memcmp(coauth_gz_names[id].key, s, n) == 0;
}

static inline bool eq_org(const void *ctx, uint32_t id, const char *s, size_t n)
{
    (void)ctx;
    const char *w = coauth_org_keywords[id].word;
    size_t i = 0;
    while (i < n && w[i] == s[i])
        i++;
    return i == n && w[i] == '\0';
}

/* The bit of the name filter for hash h: 20 bits, mixed apart from the slot index. */
static inline uint32_t name_bit(uint32_t h)
{
    return (h * 0x9E3779B1u) >> 12;
}

static inline const coauth_gz_name *lookup_name(const coauth_resolver *r, const char *s, size_t n)
{
    if (n == 0)
        return NULL;
    uint32_t h = coauth_hash_bytes(s, n);
    uint32_t bit = name_bit(h);
    if (!(r->name_bits[bit >> 6] & (UINT64_C(1) << (bit & 63))))
        return NULL;
    coauth_hash_slot *sl = coauth_hash_probe(&r->names, h, s, n, eq_name, r);
    return sl->id ? &coauth_gz_names[sl->id - 1] : NULL;
}

static inline int lookup_org(const coauth_resolver *r, const char *s, size_t n)
{
    uint32_t h = coauth_hash_bytes(s, n);
    coauth_hash_slot *sl = coauth_hash_probe(&r->orgs, h, s, n, eq_org, NULL);
    return sl->id ? coauth_org_keywords[sl->id - 1].level : ORG_NONE;
}

static inline const char *state_country(const coauth_resolver *r, const char *code)
{
    int i = cc_index(code);
    if (i < 0 || !r->us_state[i][0])
        return NULL;
    return r->us_state[i];
}

static inline bool cands_has(const char *cands, const char *cc)
{
    for (; cands[0]; cands += 2)
        if (cands[0] == cc[0] && cands[1] == cc[1])
            return true;
    return false;
}

static inline bool eq_terr_first(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const coauth_resolver *r = ctx;
    return r->terr_first_len[id] == n && memcmp(coauth_gz_names[id].key, s, n) == 0;
}

/* Is w[0..n) the first word of a territory's name ("hong", "puerto")? */
static inline bool terr_first_has(const coauth_resolver *r, const char *w, size_t n)
{
    return coauth_hash_probe(&r->terr_first, coauth_hash_bytes(w, n), w, n, eq_terr_first, r)->id !=
           0;
}

/* ------------------------------------------------------------------ text.c */

static inline bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Does s[..end) start with the lower-case literal lit, ignoring ASCII case? */
static inline bool ieq_prefix(const char *s, const char *end, const char *lit)
{
    for (; *lit; lit++, s++) {
        if (s >= end)
            return false;
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != *lit)
            return false;
    }
    return true;
}

/* Fold text[0..n) into out (capacity >= 8 * n + 8): lower case, accents removed,
 * punctuation to spaces, '.' and apostrophes removed, '&' -> " and "; spaces are
 * collapsed and the result trimmed. Returns the length written; *wide is set when the
 * text holds a character of three or more UTF-8 bytes (CJK). Same rules as
 * normalise() in gen_gazetteer.py (minus its leading-"the" rule, applied by callers). */
size_t coauth_fold_text(const char *text, size_t n, char *out, bool *wide);

/* Blank out e-mail addresses and their labels in w[0..n), recording each one's
 * country-code domain in em (room for MAX_EMAILS). Returns the number recorded. */
size_t coauth_strip_emails(const coauth_resolver *r, char *w, size_t n, email *em);

/* Does w[i..) start a numbered label such as "[2]" or "2]" at a word start? Returns its
 * length, 0 if not. */
size_t coauth_bracket_label(const char *w, size_t i, size_t n);

/* Turn the numbered labels of w[0..n) that follow label 1 in order into ';'. */
void coauth_mark_numbered_labels(char *w, size_t n);

/* Trim a part w[*a..*b): spaces, leading labels, a leading "and ". */
void coauth_trim_part(const char *w, size_t *a, size_t *b);

/* ------------------------------------------------------------------ segments.c */

/* Split w[a..b) of the scratch's working copy into comma segments, tokenise and
 * classify them. Returns the count; *ntok_out the tokens. */
size_t coauth_cut_segments(const coauth_resolver *r, scratch *s, size_t a, size_t b,
                           size_t *ntok_out);

/* Build the lookup units of segments [s0, s1) into s->units. Returns the count. */
size_t coauth_make_units(const coauth_resolver *r, scratch *s, size_t s0, size_t s1);

/* Does any unit name a place at all (even an ambiguous one)? */
bool coauth_any_place(const unit *units, size_t nu);

/* Does a new affiliation start at segment gi of [s0, nseg)? */
bool coauth_new_affiliation(const coauth_resolver *r, scratch *s, size_t s0, size_t gi,
                            size_t nseg);

/* ------------------------------------------------------------------ rules */

typedef struct decision {
    char cc[3];
    const char *rule;
} decision;

static inline void decide(decision *d, const char *cc, const char *rule)
{
    d->cc[0] = cc[0];
    d->cc[1] = cc[1];
    d->cc[2] = '\0';
    d->rule = rule;
}

/* What a rule sees: one affiliation, segments [s0, s1) of the scratch, with its
 * lookup units and the country of its e-mail domain (NULL when none). */
typedef struct rule_ctx {
    const coauth_resolver *r;
    const scratch *s;
    size_t s0, s1;
    const unit *units;
    size_t nu;
    const char *email_cc;
} rule_ctx;

/* A rule: returns true when it settles the affiliation (d decided, or knowingly left
 * unresolved: "Georgia" that nothing settles), so that no later rule runs. */
typedef bool (*rule_fn)(const rule_ctx *c, decision *d);

/* rules_place.c */
bool coauth_rule_place_names(const rule_ctx *c, decision *d); /* us-state, country */
bool coauth_rule_subdivision(const rule_ctx *c, decision *d);
bool coauth_rule_city(const rule_ctx *c, decision *d);
bool coauth_rule_ambiguous(const rule_ctx *c, decision *d); /* neighbour, email */
bool coauth_rule_territory(const rule_ctx *c, decision *d); /* refines a decision */
/* rules_org.c */
bool coauth_rule_known_org(const rule_ctx *c, decision *d); /* institution */
bool coauth_rule_org_place(const rule_ctx *c, decision *d);

/* Is raw[0..n) a US state code slot: "MA", "MA 02115", "MA 02115-1234"? Returns the
 * code's country or NULL; *zip says whether a ZIP code follows. */
const char *coauth_state_slot(const coauth_resolver *r, const char *raw, size_t n, bool *zip);

/* "... Boston MA 02115" at the end of a segment: the state code's country, or NULL. */
const char *coauth_state_zip_tail(const coauth_resolver *r, const char *raw, size_t n);

/* ------------------------------------------------------------------ institutions */

/* Normalise an institution name raw[0..n) into out (8 * n + 8 bytes; tmp as much):
 * folded like place names, the parenthesised remarks dropped, abbreviations expanded,
 * a leading "the" dropped. Returns the length. */
size_t coauth_inst_normalise(const char *raw, size_t n, char *out, char *tmp);

/* The institution of segments [s0, s1), normalised into s->inst at *inst_off (which
 * advances), or the thesaurus' replacement; NULL when none. */
const char *coauth_pick_institution(const coauth_resolver *r, scratch *s, size_t s0, size_t s1,
                                    size_t *inst_off);

/* ------------------------------------------------------------------ thesaurus.c */

/* Read the thesaurus file at path into r (entries, arena, hash) and its MD5 into
 * r->th_sum. Errors name the file (and the line). */
coauth_status coauth_thesaurus_load(coauth_resolver *r, const char *path, coauth_error *err);

/* The thesaurus entry for the normalised name s[0..n), or NULL. */
const thes_entry *coauth_thesaurus_find(const coauth_resolver *r, const char *s, size_t n);

#endif
