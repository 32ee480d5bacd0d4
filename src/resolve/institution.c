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

/* Abbreviations expanded in institution names. */
static const struct {
    const char *from, *to;
} inst_abbrev[] = {
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
            for (size_t k = 0; wl <= 4 && k < sizeof inst_abbrev / sizeof inst_abbrev[0]; k++) {
                if (inst_abbrev[k].from[0] == w[0] && strlen(inst_abbrev[k].from) == wl &&
                    memcmp(inst_abbrev[k].from, w, wl) == 0) {
                    w = inst_abbrev[k].to;
                    wl = strlen(w);
                    break;
                }
            }
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

/* Choose and normalise the institution of segments [s0, s1): the highest-level
 * organisation segment, the rightmost among equals (affiliations go from the smallest
 * unit to the largest: "Center for X, Institute for Basic Science"); NULL when only
 * departments. */
const char *coauth_pick_institution(const coauth_resolver *r, scratch *s, size_t s0, size_t s1,
                                    size_t *inst_off)
{
    int best = ORG_DEPT; /* a department alone names no institution */
    size_t bi = SIZE_MAX;
    for (size_t gi = s0; gi < s1; gi++) {
        if (s->segs[gi].org > best || (s->segs[gi].org == best && bi != SIZE_MAX)) {
            best = s->segs[gi].org;
            bi = gi;
        }
    }
    if (bi == SIZE_MAX)
        return NULL;
    const seg *g = &s->segs[bi];
    char *out = s->inst + *inst_off;
    size_t n;
    if (g->ntok > 0 && !memchr(s->work + g->raw, '(', g->raw_len) &&
        !memchr(s->work + g->raw, '[', g->raw_len)) {
        /* the segment's words are folded already */
        const token *a = &s->toks[g->tok0], *z = &s->toks[g->tok0 + g->ntok - 1];
        n = inst_words(s->fold + a->off, z->off + z->len - a->off, out);
    } else {
        n = coauth_inst_normalise(s->work + g->raw, g->raw_len, out, s->tmp);
    }
    if (n == 0)
        return NULL;
    if (r->n_th) {
        const thes_entry *e = coauth_thesaurus_find(r, out, n);
        if (e)
            return e->val == UINT32_MAX ? NULL : r->th_arena + e->val;
    }
    out[n] = '\0';
    *inst_off += n + 1;
    return out;
}

/* The ROR matcher's key (ror_internal.h): the institution normalisation. */
size_t coauth_name_key(const char *raw, size_t n, char *out, char *tmp)
{
    return coauth_inst_normalise(raw, n, out, tmp);
}
