/* rules_org.c - the organisation rules, last resorts for an affiliation whose
 * location segments name no place at all: a known place-less organisation ("CNRS",
 * src/gazetteer/aliases.tsv), then a place inside an organisation's name
 * ("University of Verona"; never a country name: "University of Chile" stays
 * unresolved). resolve.c runs them in trust order (its rule table).
 *
 * Invariant: a rule reads the units and the scratch and writes only its decision.
 */
#include "resolve_internal.h"

#include <string.h>

/* Smallest population of a city named inside an organisation's name: smaller towns
 * share their names with people and words ("Liberal", "Brody", "Westlake"). */
#define ORG_PLACE_MIN_POP 100000

/* Look up one run of place words inside an organisation's name; returns the country
 * it names, or NULL. Only names that cannot be the organisation's own country name
 * count: US states, subdivisions, large dominant cities, and city-states ("National
 * University of Singapore"), never "University of Chile" or "China Medical University". */
static const char ORG_PLACE_STOP[] = ""; /* a place name, but not one that counts here */

static const char *org_place_name(const coauth_resolver *r, const char *key, size_t n,
                                  bool adjacent)
{
    const coauth_gz_name *e = lookup_name(r, key, n);
    if (!e || !e->cands[0])
        return NULL;
    const char *cc = NULL;
    if (e->state[0]) {
        const char *sc = state_country(r, e->state);
        if (sc && !(e->country[0] && strcmp(e->country, sc) != 0)) /* Georgia */
            cc = sc;
    } else if (e->country[0]) {
        if (strcmp(e->city, e->country) == 0)
            cc = e->country;
    } else if (e->subdiv[0] && e->major && adjacent) {
        /* a first-level subdivision naming the organisation: "Zhejiang University",
         * "Universidade Federal do Paraná", not "Pest Insects" in a laboratory's name */
        cc = e->subdiv;
    } else if (e->city[0] &&
               (e->city_pop >= ORG_PLACE_MIN_POP || strcmp(e->city, e->subdiv) == 0)) {
        /* a large city, or a city that is also a subdivision of its country (Ferrara) */
        cc = e->city;
    }
    /* the longest place name decides: "Santiago de Compostela" is not Santiago */
    return cc ? cc : ORG_PLACE_STOP;
}

/* Tokens [a, b) of a run: trim link words at both ends, then try the whole and its
 * prefixes, longest first ("Rio de Janeiro UFRJ" -> "Rio de Janeiro"). */
static const char *org_place_prefix(const coauth_resolver *r, const scratch *s, size_t a, size_t b,
                                    size_t tok_beg, size_t tok_end)
{
    while (a < b && s->toks[a].kind == WORD_LINK)
        a++;
    /* next to an organisation keyword, across link and generic words */
    size_t l = a;
    while (l > tok_beg && s->toks[l - 1].kind < 0)
        l--;
    bool left = l > tok_beg && s->toks[l - 1].kind > 0;
    for (; b > a; b--) {
        if (s->toks[b - 1].kind == WORD_LINK)
            continue;
        bool plain = false;
        for (size_t k = a; k < b; k++)
            if (s->toks[k].kind == ORG_NONE)
                plain = true;
        if (!plain)
            continue; /* never "National" or "General" alone */
        size_t rgt = b;
        while (rgt < tok_end && s->toks[rgt].kind < 0)
            rgt++;
        bool right = rgt < tok_end && s->toks[rgt].kind > 0;
        const char *key = s->fold + s->toks[a].off;
        size_t kn = s->toks[b - 1].off + s->toks[b - 1].len - s->toks[a].off;
        const char *cc = org_place_name(r, key, kn, left || right);
        if (cc && cc[0])
            return cc;
        if (cc) {
            /* a rejected place whose name holds a link word ("Santiago de
             * Compostela") must not be split into smaller places */
            for (size_t k = a; k < b; k++)
                if (s->toks[k].kind == WORD_LINK)
                    return cc;
        }
    }
    return NULL;
}

/* One run of non-keyword words: the whole run, else each stretch between generic
 * words ("Massachusetts General" -> "Massachusetts"), else each stretch between
 * link words. */
static const char *org_place_run(const coauth_resolver *r, const scratch *s, size_t a, size_t b,
                                 size_t tok_beg, size_t tok_end)
{
    const char *cc = org_place_prefix(r, s, a, b, tok_beg, tok_end);
    if (cc)
        return cc[0] ? cc : NULL;
    for (int split = WORD_GENERIC; split >= WORD_LINK; split--) {
        size_t k = a;
        while (k < b) {
            size_t p = k;
            while (k < b && s->toks[k].kind < 0 && s->toks[k].kind >= split)
                k++;
            p = k;
            while (k < b && !(s->toks[k].kind < 0 && s->toks[k].kind >= split))
                k++;
            if (p < k && !(p == a && k == b)) {
                cc = org_place_prefix(r, s, p, k, tok_beg, tok_end);
                if (cc)
                    return cc[0] ? cc : NULL;
            }
        }
    }
    return NULL;
}

/* Fallback when no location segment names a place: places named inside organisation
 * names ("University of Verona", "Tel Aviv University", "Massachusetts General
 * Hospital"). All the places found must agree. */
static void org_place(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1, decision *d)
{
    char found[3] = "";
    int level = ORG_NONE;
    bool conflict = false;
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        if (g->org == ORG_NONE || g->org < level)
            continue;
        size_t t = g->tok0, te = g->tok0 + g->ntok;
        while (t < te) {
            while (t < te && (s->toks[t].digit || s->toks[t].kind > 0))
                t++;
            size_t a = t;
            while (t < te && !s->toks[t].digit && s->toks[t].kind <= 0)
                t++;
            if (t <= a)
                continue;
            const char *cc = org_place_run(r, s, a, t, g->tok0, te);
            if (!cc)
                continue;
            /* the highest organisation's place wins ("University of Iowa" over a
             * centre's name); two different places at one level: unresolved */
            if (g->org > level) {
                level = g->org;
                conflict = false;
            } else if (strcmp(found, cc) != 0) {
                conflict = true;
            }
            memcpy(found, cc, 3);
        }
    }
    if (!found[0]) {
        /* a segment without keyword that names an organisation and ends with its
         * city: "ETH Zurich", "UNSW Sydney", "Complexity Science Hub Vienna" */
        for (size_t gi = s0; gi < s1; gi++) {
            const seg *g = &s->segs[gi];
            if (g->org != ORG_NONE || g->ntok < 2)
                continue;
            size_t te = g->tok0 + g->ntok;
            if (s->toks[te - 1].digit || s->toks[te - 1].kind != ORG_NONE)
                continue;
            for (size_t a = g->tok0 + 1; a < te; a++) {
                if (s->toks[a - 1].digit || s->toks[a - 1].kind == WORD_LINK)
                    continue; /* "Universidad ... de Chile" style links: no */
                const char *key = s->fold + s->toks[a].off;
                size_t kn = s->toks[te - 1].off + s->toks[te - 1].len - s->toks[a].off;
                const char *cc = org_place_name(r, key, kn, false);
                if (!cc)
                    continue;
                if (cc[0]) {
                    if (found[0] && strcmp(found, cc) != 0)
                        conflict = true;
                    memcpy(found, cc, 3);
                }
                break; /* the longest place name decides */
            }
        }
    }
    if (found[0] && !conflict)
        decide(d, found, coauth_rule_name_org_place);
}

/* Fallback when no location segment names a place: a known place-less organisation
 * ("CNRS", "Karolinska Institutet", "Chinese Academy of Sciences") anywhere in the
 * part, longest name first at each word. All those found must agree. */
static void known_org(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1, decision *d)
{
    char found[3] = "";
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        size_t te = g->tok0 + g->ntok;
        for (size_t t = g->tok0; t < te;) {
            size_t best = 0;
            const coauth_gz_name *be = NULL;
            for (size_t n = 1; n <= 5 && t + n <= te && !s->toks[t + n - 1].digit; n++) {
                const char *key = s->fold + s->toks[t].off;
                size_t kn = s->toks[t + n - 1].off + s->toks[t + n - 1].len - s->toks[t].off;
                const coauth_gz_name *e = lookup_name(r, key, kn);
                if (e && e->org[0]) {
                    best = n;
                    be = e;
                }
            }
            /* a name whose first words end a place name belongs to that place: "New
             * York University" is not "York University" */
            if (be && t > g->tok0 && !s->toks[t - 1].digit) {
                const char *pk = s->fold + s->toks[t - 1].off;
                for (size_t j = 1; j < best && be; j++) {
                    size_t pn =
                        s->toks[t + j - 1].off + s->toks[t + j - 1].len - s->toks[t - 1].off;
                    const coauth_gz_name *p = lookup_name(r, pk, pn);
                    if (p && p->cands[0])
                        be = NULL;
                }
            }
            if (!be) {
                t++;
                continue;
            }
            if (found[0] && strcmp(found, be->org) != 0)
                return;
            memcpy(found, be->org, 3);
            t += best;
        }
    }
    if (found[0])
        decide(d, found, coauth_rule_name_institution);
}

/* Rule "institution": a known place-less organisation. */
bool coauth_rule_known_org(const rule_ctx *c, decision *d)
{
    known_org(c->r, c->s, c->s0, c->s1, d);
    return d->cc[0] != '\0';
}

/* Rule "org-place": a place named inside an organisation's name. */
bool coauth_rule_org_place(const rule_ctx *c, decision *d)
{
    org_place(c->r, c->s, c->s0, c->s1, d);
    return d->cc[0] != '\0';
}
