/* rules_place.c - the place rules: places named in the location segments of an
 * affiliation (US states and ZIP codes, countries, subdivisions, cities), ambiguous
 * names settled by their neighbours or the e-mail domain, and the territory
 * refinement. resolve.c runs them in trust order (its rule table).
 *
 * Invariant: a rule reads the units and the scratch and writes only its decision.
 */
#include "resolve_internal.h"

#include <string.h>

/* The countries a unit may denote: its candidates, or its slot/suffix country. */
static const char *unit_cands(const unit *u, char buf[3])
{
    if (u->e)
        return u->e->cands;
    if (u->slot_cc[0]) {
        memcpy(buf, u->slot_cc, 3);
        return buf;
    }
    if (u->suffix_cc[0]) {
        memcpy(buf, u->suffix_cc, 3);
        return buf;
    }
    return "";
}

/* Settle between `choices` (2-letter codes) with the other units' candidates, then
 * the e-mail domain. */
static bool settle(const unit *units, size_t nu, size_t self, const char *choices,
                   const char *email_cc, decision *d)
{
    for (size_t k = nu; k-- > 0;) {
        if (k == self)
            continue;
        char buf[3];
        const char *c = unit_cands(&units[k], buf);
        if (!c[0])
            continue;
        const char *hit = NULL;
        int nhit = 0;
        for (const char *x = choices; x[0]; x += 2) {
            if (cands_has(c, x)) {
                hit = x;
                nhit++;
            }
        }
        if (nhit == 1) {
            decide(d, hit, coauth_rule_name_neighbour);
            return true;
        }
    }
    if (email_cc && email_cc[0] && cands_has(choices, email_cc)) {
        decide(d, email_cc, coauth_rule_name_email);
        return true;
    }
    return false;
}

/* Rule "us-state" / "country" (pass 1, right to left): a US state code in the
 * "City, ST" slot or with a ZIP code, a state name, a country name, or a country
 * name ending the last segment. A name that is a country and a state ("Georgia")
 * is settled here by the other units or the e-mail, else left unresolved: either
 * way no later rule runs. */
bool coauth_rule_place_names(const rule_ctx *c, decision *d)
{
    const unit *units = c->units;
    size_t nu = c->nu;
    for (size_t k = nu; k-- > 0;) {
        const unit *u = &units[k];
        if (u->slot_cc[0]) {
            if (!u->slot_zip && k > 0 && units[k - 1].seg + 1 == u->seg && units[k - 1].e &&
                !units[k - 1].e->country[0] && !cands_has(units[k - 1].e->cands, "US") &&
                !cands_has(units[k - 1].e->cands, u->slot_cc))
                continue; /* "Perth, WA": the city is not American, so WA is no state */
            decide(d, u->slot_cc, coauth_rule_name_state);
            return true;
        }
        const coauth_gz_name *e = u->e;
        if (!e) {
            if (u->suffix_cc[0]) {
                decide(d, u->suffix_cc, coauth_rule_name_country);
                return true;
            }
            continue;
        }
        if (e->state[0]) {
            const char *sc = state_country(c->r, e->state);
            if (!sc)
                sc = "US";
            if (e->country[0] && strcmp(e->country, sc) != 0) {
                /* Georgia: the country or the US state */
                char choices[5] = {e->country[0], e->country[1], sc[0], sc[1], '\0'};
                settle(units, nu, k, choices, c->email_cc, d);
                return true;
            }
            decide(d, sc, coauth_rule_name_state);
            return true;
        }
        if (e->country[0]) {
            decide(d, e->country, coauth_rule_name_country);
            return true;
        }
    }
    return false;
}

/* Rule "subdivision" (pass 2): a subdivision unique to one country. */
bool coauth_rule_subdivision(const rule_ctx *c, decision *d)
{
    for (size_t k = c->nu; k-- > 0;) {
        if (c->units[k].e && c->units[k].e->subdiv[0]) {
            decide(d, c->units[k].e->subdiv, coauth_rule_name_subdiv);
            return true;
        }
    }
    return false;
}

/* Rule "city" (pass 3): a city that one country dominates. */
bool coauth_rule_city(const rule_ctx *c, decision *d)
{
    for (size_t k = c->nu; k-- > 0;) {
        if (c->units[k].e && c->units[k].e->city[0]) {
            decide(d, c->units[k].e->city, coauth_rule_name_city);
            return true;
        }
    }
    return false;
}

/* Rules "neighbour" / "email" (pass 4): the rightmost ambiguous name, settled by the
 * other units' candidates or the e-mail domain; unresolved when they do not. */
bool coauth_rule_ambiguous(const rule_ctx *c, decision *d)
{
    for (size_t k = c->nu; k-- > 0;) {
        if (c->units[k].e && c->units[k].e->cands[0]) {
            settle(c->units, c->nu, k, c->units[k].e->cands, c->email_cc, d);
            return true;
        }
    }
    return false;
}

/* ---------------------------------------------------------------- territory */
static bool is_territory_of(const coauth_resolver *r, const char *t, const char *cc)
{
    int i = cc_index(t);
    int di = cc_index(cc);
    /* the parent, or a sibling: "Hong Kong, Republic of China" -> HK */
    return i >= 0 && strcmp(t, cc) != 0 &&
           (strcmp(r->territory_parent[i], cc) == 0 ||
            (di >= 0 && r->territory_parent[i][0] &&
             strcmp(r->territory_parent[i], r->territory_parent[di]) == 0));
}

/* A territory named inside an organisation's name, when the part's place is its
 * parent: "The Chinese University of Hong Kong, China" -> HK. */
static const char *org_territory(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1,
                                 const char *cc)
{
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        if (g->org == ORG_NONE)
            continue;
        size_t te = g->tok0 + g->ntok;
        for (size_t t = g->tok0; t < te; t++) {
            const char *w = s->fold + s->toks[t].off;
            if (!terr_first_has(r, w, s->toks[t].len))
                continue;
            for (size_t n = 1; n <= 3 && t + n <= te; n++) {
                const char *key = s->fold + s->toks[t].off;
                size_t kn = s->toks[t + n - 1].off + s->toks[t + n - 1].len - s->toks[t].off;
                const coauth_gz_name *e = lookup_name(r, key, kn);
                /* city-territories only: "Republic of China" in a name is no place */
                if (e && e->country[0] && (strcmp(e->city, e->country) == 0 || e->state[0]) &&
                    is_territory_of(r, e->country, cc))
                    return e->country;
            }
        }
    }
    return NULL;
}

/* Rule "territory", a refinement of a decided country: a territory named in the
 * part replaces its parent ("Hong Kong SAR, China" -> HK, "Taipei, China" -> TW). */
bool coauth_rule_territory(const rule_ctx *c, decision *d)
{
    const coauth_resolver *r = c->r;
    const unit *units = c->units;
    size_t nu = c->nu;
    if (!d->cc[0])
        return false;
    for (size_t k = nu; k-- > 0;) {
        const unit *u = &units[k];
        const char *place[4] = {u->slot_cc, NULL, NULL, NULL};
        if (u->e) {
            place[1] = u->e->country;
            place[2] = u->e->subdiv;
            place[3] = u->e->city;
        }
        for (int j = 0; j < 4; j++) {
            if (!place[j] || !place[j][0])
                continue;
            if (is_territory_of(r, place[j], d->cc)) {
                decide(d, place[j], coauth_rule_name_territory);
                return true;
            }
        }
    }
    int di = cc_index(d->cc);
    bool parent = di >= 0 && r->is_parent[di];
    /* only when the part names no place below the country: "Shenzhen, China" is the
     * mainland even for "City University of Hong Kong Shenzhen Research Institute" */
    for (size_t k = 0; k < nu && parent; k++)
        if (units[k].e && !units[k].e->country[0])
            parent = false;
    if (parent) {
        const char *t = org_territory(r, c->s, c->s0, c->s1, d->cc);
        if (t) {
            decide(d, t, coauth_rule_name_territory);
            return true;
        }
    }
    return false;
}

/* Is raw[0..n) a US state code slot: "MA", "MA 02115", "MA 02115-1234"? Returns the
 * code's country or NULL; *zip says whether a ZIP code follows. */
const char *coauth_state_slot(const coauth_resolver *r, const char *raw, size_t n, bool *zip)
{
    while (n > 0 && (is_space(raw[n - 1]) || raw[n - 1] == '.'))
        n--;
    while (n > 0 && is_space(*raw))
        raw++, n--;
    *zip = false;
    if (n < 2 || raw[0] < 'A' || raw[0] > 'Z' || raw[1] < 'A' || raw[1] > 'Z')
        return NULL;
    size_t i = 2;
    if (i < n && raw[i] == '.')
        i++;
    if (i < n) {
        if (!is_space(raw[i]))
            return NULL;
        while (i < n && is_space(raw[i]))
            i++;
        size_t d = i;
        while (i < n && raw[i] >= '0' && raw[i] <= '9')
            i++;
        if (i - d != 5)
            return NULL;
        if (i < n && raw[i] == '-') {
            size_t d2 = ++i;
            while (i < n && raw[i] >= '0' && raw[i] <= '9')
                i++;
            if (i - d2 != 4)
                return NULL;
        }
        if (i != n)
            return NULL;
        *zip = true;
    }
    char code[3] = {raw[0], raw[1], '\0'};
    return state_country(r, code);
}

/* "... Boston MA 02115" at the end of a segment: a state code and a ZIP. */
const char *coauth_state_zip_tail(const coauth_resolver *r, const char *raw, size_t n)
{
    while (n > 0 && (is_space(raw[n - 1]) || raw[n - 1] == '.'))
        n--;
    size_t i = n;
    while (i > 0 && raw[i - 1] >= '0' && raw[i - 1] <= '9')
        i--;
    size_t zip_len = n - i;
    if (zip_len == 4 && i > 5 && raw[i - 1] == '-') {
        i--;
        size_t j = i;
        while (i > 0 && raw[i - 1] >= '0' && raw[i - 1] <= '9')
            i--;
        zip_len = j - i;
    }
    if (zip_len != 5 || i < 4 || !is_space(raw[i - 1]))
        return NULL;
    i--;
    while (i > 0 && is_space(raw[i - 1]))
        i--;
    if (i < 3 || raw[i - 1] < 'A' || raw[i - 1] > 'Z' || raw[i - 2] < 'A' || raw[i - 2] > 'Z' ||
        !is_space(raw[i - 3]))
        return NULL;
    char code[3] = {raw[i - 2], raw[i - 1], '\0'};
    return state_country(r, code);
}
