/* institution.c - the institution of an affiliation: which organisation segment
 * names it, and its normalised name (folded, remarks dropped, abbreviations
 * expanded), replaced through the thesaurus when one is loaded.
 *
 * Invariant: the name is written into the scratch's institution buffer, which lives
 * as long as the coauth_resolution's parts; thesaurus names live in the resolver.
 */
#include "resolve_internal.h"
#include "ror_internal.h"

#include <stdint.h>
#include <string.h>

/* A word and what it is replaced by. */
typedef struct word_map {
    const char *from, *to;
} word_map;

/* The replacement of word w[0..*wl) in map[0..n) (*wl updated), or w itself. */
static const char *map_word(const word_map *map, size_t n, const char *w, size_t *wl)
{
    for (size_t k = 0; k < n; k++)
        if (map[k].from[0] == w[0] && strlen(map[k].from) == *wl &&
            memcmp(map[k].from, w, *wl) == 0) {
            *wl = strlen(map[k].to);
            return map[k].to;
        }
    return w;
}

/* Abbreviations expanded in institution names. */
static const word_map inst_abbrev[] = {
    /* short forms of at most 4 letters */
    {"univ", "university"}, {"inst", "institute"}, {"dept", "department"},   {"hosp", "hospital"},
    {"natl", "national"},   {"ctr", "center"},     {"acad", "academy"},      {"coll", "college"},
    {"sch", "school"},      {"lab", "laboratory"}, {"labs", "laboratories"},
};

static size_t inst_words(const char *f, size_t fn, char *out);

size_t coauth_inst_normalise(const char *raw, size_t n, char *out, char *tmp)
{
    /* drop "( ... )" */
    size_t m = 0;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = raw[i];
        if (c == '(' || c == '[') {
            depth++;
            tmp[m++] = ' ';
        } else if ((c == ')' || c == ']') && depth > 0) {
            depth--;
        } else if (depth == 0) {
            tmp[m++] = c;
        }
    }
    char *f = tmp + m + 1;
    bool wide = false;
    size_t fn = coauth_fold_text(tmp, m, f, &wide);
    return inst_words(f, fn, out);
}

/* The words of folded text f[0..fn) into out, abbreviations expanded, a leading "the"
 * dropped. Returns the length. */
static size_t inst_words(const char *f, size_t fn, char *out)
{
    size_t o = 0;
    size_t i = 0;
    bool first = true;
    while (i < fn) {
        size_t j = i;
        while (j < fn && f[j] != ' ')
            j++;
        const char *w = f + i;
        size_t wl = j - i;
        if (!(first && wl == 3 && memcmp(w, "the", 3) == 0)) {
            if (wl <= 4)
                w = map_word(inst_abbrev, sizeof inst_abbrev / sizeof inst_abbrev[0], w, &wl);
            if (o)
                out[o++] = ' ';
            memcpy(out + o, w, wl);
            o += wl;
        }
        first = false;
        i = j + 1;
    }
    return o;
}

/* Words that name no organisation on their own (SPEC 3.1: "institute", "ltd",
 * "university road" are never institutions): kinds of organisation, legal forms, the
 * words that join them, and the words of street addresses. One such word alone, or
 * such words with a legal form or a street word among them, names no institution;
 * "university hospital" still does (SPEC 3.1 keeps it apart by country). */
static const char *const generic_words[] = {
    "academy",   "and",        "association",  "avenue",     "boulevard", "building",
    "campus",    "center",     "centre",       "clinic",     "co",        "college",
    "company",   "corp",       "corporation",  "department", "drive",     "faculty",
    "for",       "foundation", "gmbh",         "group",      "hospital",  "inc",
    "institute", "laboratory", "laboratories", "lane",       "limited",   "llc",
    "ltd",       "of",         "plc",          "road",       "school",    "street",
    "the",       "unit",       "universities", "university", "way",
};

/* Legal forms: generic words with one of them name no organisation ("co ltd"). */
static const char *const legal_words[] = {"co",  "company", "corp", "corporation", "gmbh",
                                          "inc", "limited", "llc",  "ltd",         "plc"};

/* Street words: a name with one of them and a house number is an address. */
static const char *const street_words[] = {"avenue", "ave",  "boulevard", "blvd",   "drive",
                                           "dr",     "lane", "road",      "rd",     "street",
                                           "st",     "way",  "highway",   "parkway"};

/* Is w[0..n) (n >= 1) one of list[0..len)? The first letter is compared before
 * anything else: this runs for every word of every candidate name. */
static bool word_in(const char *w, size_t n, const char *const *list, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (list[i][0] == w[0] && strncmp(list[i], w, n) == 0 && list[i][n] == '\0')
            return true;
    return false;
}

/* Does the normalised name out[0..n) name no institution: generic words only, or a
 * street address ("800 university bay drive", "1 main street")? */
static bool generic_name(const char *out, size_t n)
{
    bool all_generic = true, street = false, number = false, legal = false;
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && out[j] != ' ')
            j++;
        const char *w = out + i;
        size_t wl = j - i;
        if (!word_in(w, wl, generic_words, sizeof generic_words / sizeof generic_words[0]))
            all_generic = false;
        if (word_in(w, wl, street_words, sizeof street_words / sizeof street_words[0]))
            street = true;
        if (word_in(w, wl, legal_words, sizeof legal_words / sizeof legal_words[0]))
            legal = true;
        words++;
        if (w[0] >= '0' && w[0] <= '9')
            number = true;
        i = j + 1;
    }
    return (all_generic && (words == 1 || street || legal)) || (street && number);
}

/* Normalise segment g's name into out; its length (0: none). */
static size_t segment_name(scratch *s, const seg *g, char *out)
{
    if (g->ntok > 0 && !memchr(s->work + g->raw, '(', g->raw_len) &&
        !memchr(s->work + g->raw, '[', g->raw_len)) {
        /* the segment's words are folded already */
        const token *a = &s->toks[g->tok0], *z = &s->toks[g->tok0 + g->ntok - 1];
        return inst_words(s->fold + a->off, z->off + z->len - a->off, out);
    }
    return coauth_inst_normalise(s->work + g->raw, g->raw_len, out, s->tmp);
}

/* Choose and normalise the institution of segments [s0, s1): the highest-level
 * organisation segment, the rightmost among equals (affiliations go from the smallest
 * unit to the largest: "Center for X, Institute for Basic Science"), passing over
 * segments whose name is generic or an address (generic_name); NULL when only
 * departments. */
const char *coauth_pick_institution(const coauth_resolver *r, scratch *s, size_t s0, size_t s1,
                                    size_t *inst_off)
{
    char *out = s->inst + *inst_off;
    size_t skip[8], n_skip = 0, n = 0;
    for (;;) {
        int best = ORG_DEPT; /* a department alone names no institution */
        size_t bi = SIZE_MAX;
        for (size_t gi = s0; gi < s1; gi++) {
            bool skipped = false;
            for (size_t k = 0; k < n_skip; k++)
                skipped = skipped || skip[k] == gi;
            if (!skipped &&
                (s->segs[gi].org > best || (s->segs[gi].org == best && bi != SIZE_MAX))) {
                best = s->segs[gi].org;
                bi = gi;
            }
        }
        if (bi == SIZE_MAX)
            return NULL;
        n = segment_name(s, &s->segs[bi], out);
        if (n && !generic_name(out, n))
            break;
        if (n_skip == sizeof skip / sizeof skip[0])
            return NULL;
        skip[n_skip++] = bi;
    }
    if (r->n_th) {
        const thes_entry *e = coauth_thesaurus_find(r, out, n);
        if (e)
            return e->val == UINT32_MAX ? NULL : r->th_arena + e->val;
    }
    out[n] = '\0';
    *inst_off += n + 1;
    return out;
}

/* The ROR matcher's key (ror_internal.h): the institution normalisation, with British
 * and American spellings of one word made one ("centre" -> "center", "organisation" ->
 * "organization"), which registry names and affiliations mix. Registry and text are
 * keyed alike, so this only lets variants meet. */
size_t coauth_name_key(const char *raw, size_t n, char *out, char *tmp)
{
    size_t kn = coauth_inst_normalise(raw, n, out, tmp);
    static const word_map spell[] = {
        {"centre", "center"}, {"centres", "centers"}, {"organisation", "organization"}};
    size_t o = 0;
    for (size_t i = 0; i < kn;) {
        size_t j = i;
        while (j < kn && out[j] != ' ')
            j++;
        const char *w = out + i;
        size_t wl = j - i;
        w = map_word(spell, sizeof spell / sizeof spell[0], w, &wl);
        /* replacements are no longer than the word: writing never overtakes reading */
        if (o)
            out[o++] = ' ';
        memmove(out + o, w, wl);
        o += wl;
        i = j + 1;
    }
    return o;
}
