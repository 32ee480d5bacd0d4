/* resolve.c - affiliation string -> parts -> (country, institution, rule), SPEC 3.
 *
 * Invariant: a resolver is immutable once built (hash tables over the generated
 * gazetteer, the organisation keywords and the thesaurus), so coauth_resolve is a
 * pure function of (text, resolver) and many threads may share one resolver; all
 * per-call memory lives in the caller's coauth_resolution and is reused, so a call
 * allocates only when a text is longer than any seen before.
 *
 * NOTES ON THE DESIGN
 *
 * Text is cut into parts (';', bracketed labels "[2]", numbered labels 2, 3, ... in
 * order when the text opens with label 1: "1 Dept, USA. 2 Dept", "(1) ... (2)",
 * "1) ... 2)", "¹... ²...", after a country segment that is followed by a new
 * organisation, or by " and " plus one, and after a US state segment ("MA 02115",
 * "Massachusetts") followed by an organisation and another location), parts into
 * segments (',', ' / ', ' - ', a closing remark in parentheses), segments into
 * pieces at tokens holding digits (postcodes: "Kyoto 606-8507 Japan" gives the
 * pieces "kyoto" and "japan"). Every lookup is of a whole piece, case/accent folded
 * by the same table gen_gazetteer.py used for its keys; never of a substring, except
 * that the last segment of a part may end with a country name ("Alicante Spain").
 *
 * A segment holding an organisation keyword (University, Hospital, Institut, 大学...)
 * never yields a country. The other pieces are scanned right to left, in passes of
 * decreasing trust: US state slot / state name / country name, then subdivisions
 * unique to one country, then cities dominated by one country. A name that may be
 * two places (Georgia) is settled by the other pieces' candidate countries, then by
 * the e-mail domain, else the part stays unresolved. Only when no piece of the part
 * names any place at all do two last resorts apply: a known place-less organisation
 * ("CNRS", aliases.tsv), then a place inside an organisation's name ("University of
 * Verona"; never a country name: "University of Chile" stays unresolved). Finally a
 * territory named in the part (HK, MO, TW, PR, JE, ...) replaces its parent.
 *
 * Where the code lives (src/resolve/, resolve_internal.h): text.c cleans the text,
 * segments.c cuts it, rules_place.c and rules_org.c decide, institution.c names the
 * institution, thesaurus.c reads the thesaurus file, tables.c builds the hash index
 * over the gazetteer; this file sizes the per-call buffers, cuts the text into parts
 * and runs the rule table.
 *
 * Speed (bench/bench_resolve.c): no allocation per call, one fold per segment, hash
 * tables built once, and a 128 KB bit filter in front of the name table, since most
 * lookups miss.
 */
#include "resolve_internal.h"
#include "ror_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ rule names */

const char coauth_rule_name_none[] = "none";
const char coauth_rule_name_state[] = "us-state";
const char coauth_rule_name_country[] = "country";
const char coauth_rule_name_territory[] = "territory";
const char coauth_rule_name_subdiv[] = "subdivision";
const char coauth_rule_name_city[] = "city";
const char coauth_rule_name_neighbour[] = "neighbour";
const char coauth_rule_name_email[] = "email";
const char coauth_rule_name_org_place[] = "org-place";
const char coauth_rule_name_institution[] = "institution";
const char coauth_rule_name_ror[] = "ror";

/* ------------------------------------------------------------------ the rule table */

/* When a row of the rule table runs. */
enum rule_when {
    WHEN_OPEN,     /* no earlier row has settled the affiliation */
    WHEN_NO_PLACE, /* the same, and no unit of the affiliation names any place */
    WHEN_DECIDED,  /* a refinement: runs when a country is decided, whoever decided it */
};

/* THE RULE TABLE, in trust order (SPEC 3; the rule names are documented in
 * include/coauth/resolve.h). The rows run top to bottom; once one settles the
 * affiliation (its function returns true) only the refinements still run. A new rule
 * is one function (rules_place.c, rules_org.c) and one row here. */
static const struct rule {
    const char *gives; /* the coauth_part.rule values the row may decide */
    rule_fn fn;
    enum rule_when when;
} rules[] = {
    {"us-state, country", coauth_rule_place_names, WHEN_OPEN},
    {"subdivision", coauth_rule_subdivision, WHEN_OPEN},
    {"city", coauth_rule_city, WHEN_OPEN},
    {"neighbour, email", coauth_rule_ambiguous, WHEN_OPEN},
    {"institution", coauth_rule_known_org, WHEN_NO_PLACE},
    {"org-place", coauth_rule_org_place, WHEN_NO_PLACE},
    {"territory", coauth_rule_territory, WHEN_DECIDED},
};

#define N_RULES (sizeof rules / sizeof rules[0])

/* Decide the country of one affiliation by the rule table. The loop is unrolled:
 * the table is constant, so each row becomes a direct call. */
static void apply_rules(const rule_ctx *c, decision *d)
{
    d->cc[0] = '\0';
    d->rule = coauth_rule_name_none;
    bool settled = false;
    int place = -1; /* does a unit name a place? computed when a NO_PLACE row is reached */
#pragma GCC unroll 16
    for (size_t i = 0; i < N_RULES; i++) {
        const struct rule *ru = &rules[i];
        if (ru->when == WHEN_DECIDED) {
            if (d->cc[0])
                ru->fn(c, d);
            continue;
        }
        if (settled)
            continue;
        if (ru->when == WHEN_NO_PLACE) {
            if (place < 0)
                place = coauth_any_place(c->units, c->nu);
            if (place)
                continue;
        }
        settled = ru->fn(c, d);
    }
}

/* ------------------------------------------------------------------ scratch */

static void scratch_free(scratch *s)
{
    if (!s)
        return;
    free(s->work);
    free(s->fold);
    free(s->inst);
    free(s->tmp);
    free(s->toks);
    free(s->segs);
    free(s->units);
    free(s);
}

static coauth_status scratch_reserve(coauth_resolution *res, size_t len, coauth_error *err)
{
    scratch *s = res->scratch_;
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory resolving an affiliation");
        res->scratch_ = s;
    }
    if (len + 1 > s->cap) {
        size_t cap = 256;
        while (cap < len + 1)
            cap *= 2;
        char *w = realloc(s->work, cap + 1);
        if (w)
            s->work = w;
        char *f = realloc(s->fold, 8 * cap + 8);
        if (f)
            s->fold = f;
        /* institution names: folding and abbreviations expand text up to ~17x */
        char *in = realloc(s->inst, 20 * cap + 16);
        if (in)
            s->inst = in;
        char *tm = realloc(s->tmp, 8 * cap + 8);
        if (tm)
            s->tmp = tm;
        token *t = realloc(s->toks, (cap + 1) * sizeof *t);
        if (t)
            s->toks = t;
        seg *g = realloc(s->segs, (cap + 1) * sizeof *g);
        if (g)
            s->segs = g;
        unit *u = realloc(s->units, (cap + 1) * sizeof *u);
        if (u)
            s->units = u;
        if (!w || !f || !in || !tm || !t || !g || !u)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory resolving an affiliation");
        s->cap = cap;
    }
    /* every part holds at least one byte of text and one separator */
    if (s->cap_parts < len + 2) {
        coauth_part *p = realloc(res->parts, (len + 2) * sizeof *p);
        if (!p)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory resolving an affiliation");
        res->parts = p;
        s->cap_parts = len + 2;
    }
    return COAUTH_OK;
}

void coauth_resolution_release(coauth_resolution *res)
{
    if (!res)
        return;
    scratch_free(res->scratch_);
    free(res->parts);
    res->scratch_ = NULL;
    res->parts = NULL;
    res->n_parts = 0;
}

static coauth_part *new_part(coauth_resolution *res)
{
    coauth_part *p = &res->parts[res->n_parts++];
    p->country[0] = '\0';
    p->institution = NULL;
    p->rule = coauth_rule_name_none;
    p->ror = NULL;
    return p;
}

/* ROR hook (SPEC 3.1, step 2; the matching itself is ror.c): after the rule table,
 * match the segments [s0, s1) against the registry; a match sets *out_ror and, when the
 * text names no place or only the organisation's own city, the country (rule "ror").
 * Not a row of the rule table: it yields an organisation, not only a country. */
static void ror_part(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1, size_t nu,
                     decision *d, const char **out_ror)
{
    coauth_ror_seg segs[32];
    size_t n = 0;
    for (size_t gi = s0; gi < s1 && n < sizeof segs / sizeof segs[0]; gi++, n++) {
        segs[n].raw = s->work + s->segs[gi].raw;
        segs[n].len = s->segs[gi].raw_len;
        segs[n].org = s->segs[gi].org;
        segs[n].place = false;
    }
    /* the units of [s0, s1) (coauth_make_units): a segment read as a place names none */
    for (size_t k = 0; k < nu; k++) {
        const unit *u = &s->units[k];
        size_t gi = u->seg;
        if (gi >= s0 && gi - s0 < n && s->segs[gi].org == ORG_NONE &&
            ((u->e && u->e->cands[0]) || u->slot_cc[0]))
            segs[gi - s0].place = true;
    }
    bool placeless = !d->cc[0] || d->rule == coauth_rule_name_institution ||
                     d->rule == coauth_rule_name_org_place;
    coauth_ror_place pl = {"",
                           d->rule == coauth_rule_name_city || d->rule == coauth_rule_name_subdiv};
    if (!placeless)
        memcpy(pl.cc, d->cc, 3);
    char one_cc[3];
    uint32_t m = coauth_ror_match(r->ror, segs, n, &pl, one_cc);
    if (m == COAUTH_ROR_NONE) {
        /* several organisations of that name, all in one country: that country */
        if (placeless && one_cc[0]) {
            memcpy(d->cc, one_cc, 3);
            d->rule = coauth_rule_name_ror;
        }
        return;
    }
    coauth_ror_org o;
    coauth_ror_org_at(r->ror, m, &o);
    *out_ror = o.id;
    if (o.country[0] && (placeless || (pl.city_only && memcmp(o.country, d->cc, 2) != 0))) {
        memcpy(d->cc, o.country, 3);
        d->rule = coauth_rule_name_ror;
    }
}

/* Resolve the part w[a..b) into one or more parts of res. */
static void resolve_part(const coauth_resolver *r, coauth_resolution *res, size_t a, size_t b,
                         const email *em, size_t ne, size_t *inst_off)
{
    scratch *s = res->scratch_;
    size_t ntok = 0;
    size_t nseg = coauth_cut_segments(r, s, a, b, &ntok);
    if (nseg == 0)
        return;
    const char *email_cc = NULL;
    for (size_t k = 0; k < ne; k++)
        if (em[k].pos >= a && em[k].pos < b) {
            email_cc = em[k].cc;
            break;
        }
    if (!email_cc && ne == 1)
        email_cc = em[0].cc;
    size_t s0 = 0;
    while (s0 < nseg) {
        /* a country segment followed by a new organisation ends an affiliation */
        size_t s1 = s0 + 1;
        while (s1 < nseg && !coauth_new_affiliation(r, s, s0, s1, nseg))
            s1++;
        size_t nu = coauth_make_units(r, s, s0, s1);
        const rule_ctx c = {r, s, s0, s1, s->units, nu, email_cc};
        decision d;
        apply_rules(&c, &d);
        const char *ror = NULL;
        if (r->ror)
            ror_part(r, s, s0, s1, nu, &d, &ror);
        coauth_part *p = new_part(res);
        p->ror = ror;
        memcpy(p->country, d.cc, 3);
        p->rule = d.rule;
        p->institution = coauth_pick_institution(r, s, s0, s1, inst_off);
        s0 = s1;
    }
}

coauth_status coauth_resolve(const coauth_resolver *r, const char *text, size_t len,
                             coauth_resolution *res, coauth_error *err)
{
    res->n_parts = 0;
    size_t a0 = 0;
    while (a0 < len && (is_space(text[a0]) || text[a0] == '\0'))
        a0++;
    if (a0 == len)
        return COAUTH_OK;
    coauth_status rc = scratch_reserve(res, len, err);
    if (rc != COAUTH_OK)
        return rc;
    scratch *s = res->scratch_;
    char *w = s->work;
    memcpy(w, text, len);
    w[len] = '\0';
    static const char blanks[] = {'\0', '\t', '\r', '\n'};
    for (size_t k = 0; k < sizeof blanks; k++)
        for (char *p = memchr(w, blanks[k], len); p;
             p = memchr(p, blanks[k], len - (size_t)(p - w)))
            *p = ' ';
    email em[MAX_EMAILS];
    size_t ne = memchr(w, '@', len) ? coauth_strip_emails(r, w, len, em) : 0;
    coauth_mark_numbered_labels(w, len);
    size_t inst_off = 0;
    size_t start = 0;
    size_t i = 0;
    while (i <= len) {
        /* the next ';', fullwidth ';' (EF BC 9B) or numbered label "[2]" / "2]" */
        const char *p = i < len ? strpbrk(w + i, ";]\xef") : NULL;
        size_t at = p ? (size_t)(p - w) : len;
        size_t skip = 1;
        if (at < len && w[at] == ']') {
            size_t l = at;
            while (l > i && at - l < 3 && w[l - 1] >= '0' && w[l - 1] <= '9')
                l--;
            if (l > i && w[l - 1] == '[')
                l--;
            size_t lab = l < at ? coauth_bracket_label(w, l, len) : 0;
            if (!lab || l + lab != at + 1) {
                i = at + 1;
                continue;
            }
            at = l;
            skip = lab;
        } else if (at < len && (unsigned char)w[at] == 0xEF) {
            if (!(at + 2 < len && (unsigned char)w[at + 1] == 0xBC &&
                  (unsigned char)w[at + 2] == 0x9B)) {
                i = at + 1;
                continue;
            }
            skip = 3;
        }
        i = at;
        size_t pa = start, pb = i;
        coauth_trim_part(w, &pa, &pb);
        if (pb > pa)
            resolve_part(r, res, pa, pb, em, ne, &inst_off);
        i += skip;
        start = i;
    }
    if (res->n_parts == 0)
        new_part(res);
    return COAUTH_OK;
}

coauth_status coauth_resolve_affiliation(const coauth_resolver *r, const coauth_affiliation *aff,
                                         coauth_resolution *res, coauth_error *err)
{
    /* coauth_resolve gives every part a rule and no empty institution; a structured
     * country the affiliation came with (JATS <country>) beats the free text */
    coauth_status st =
        coauth_resolve(r, aff->text ? aff->text : "", aff->text ? aff->len : 0, res, err);
    if (st == COAUTH_OK)
        coauth_resolution_apply_country(r, aff->country, res);
    return st;
}
