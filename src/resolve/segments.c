/* segments.c - an affiliation part into segments (',', ' / ', ' - ', a closing
 * remark), segments into tokens classified by organisation keyword, and location
 * segments into lookup units (whole pieces between tokens holding digits, the US
 * state slot, a country name ending the last segment); and where a new affiliation
 * starts inside one part ("..., Boston, MA, USA, Charite, Berlin, Germany").
 *
 * Invariant: every lookup is of a whole piece, folded by coauth_fold_text; the
 * results live in the caller's scratch.
 */
#include "resolve_internal.h"

#include <stdint.h>
#include <string.h>

/* Organisation words written without spaces (CJK): a substring match suffices. */
static const struct {
    const char *utf8;
    int level;
} org_cjk[] = {
    {"\xe5\xa4\xa7\xe5\xad\xa6", ORG_TOP},              /* 大学 */
    {"\xe5\xa4\xa7\xe5\xad\xb8", ORG_TOP},              /* 大學 */
    {"\xeb\x8c\x80\xed\x95\x99", ORG_TOP},              /* 대학 */
    {"\xe5\x8c\xbb\xe9\x99\xa2", ORG_INST},             /* 医院 */
    {"\xe9\x86\xab\xe9\x99\xa2", ORG_INST},             /* 醫院 */
    {"\xe7\x97\x85\xe9\x99\xa2", ORG_INST},             /* 病院 */
    {"\xeb\xb3\x91\xec\x9b\x90", ORG_INST},             /* 병원 */
    {"\xe7\xa0\x94\xe7\xa9\xb6\xe6\x89\x80", ORG_INST}, /* 研究所 */
    {"\xe7\xa0\x94\xe7\xa9\xb6\xe9\x99\xa2", ORG_INST}, /* 研究院 */
    {"\xe5\xad\xa6\xe9\x99\xa2", ORG_SUB},              /* 学院 */
    {"\xe5\xad\xb8\xe9\x99\xa2", ORG_SUB},              /* 學院 */
    {"\xec\x97\xb0\xea\xb5\xac\xec\x86\x8c", ORG_INST}, /* 연구소 */
};

static int cjk_org_level(const char *raw, size_t n)
{
    bool wide = false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)raw[i] >= 0xE0) {
            wide = true;
            break;
        }
    if (!wide)
        return ORG_NONE;
    int level = ORG_NONE;
    for (size_t k = 0; k < sizeof org_cjk / sizeof org_cjk[0]; k++) {
        size_t m = strlen(org_cjk[k].utf8);
        for (size_t i = 0; i + m <= n; i++) {
            if (memcmp(raw + i, org_cjk[k].utf8, m) == 0) {
                if (org_cjk[k].level > level)
                    level = org_cjk[k].level;
                break;
            }
        }
    }
    return level;
}

static bool is_clinical(const char *w, size_t n)
{
    static const char *const words[] = {"hospital", "hopital", "clinic",   "klinikum", "center",
                                        "centre",   "centrum", "ospedale", "hospitals"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* Bytes that may start a segment separator: , / - ( and the lead bytes of the
 * fullwidth comma, the ideographic comma and the en/em dashes. */
static const bool sep_start[256] = {
    [','] = true,  ['/'] = true,  ['-'] = true,  ['('] = true,
    [0xE2] = true, [0xE3] = true, [0xEF] = true,
};

/* Split w[a..b) into comma segments, tokenise and classify them. Returns the count. */
size_t coauth_cut_segments(const coauth_resolver *r, scratch *s, size_t a, size_t b,
                           size_t *ntok_out)
{
    char *w = s->work;
    size_t nseg = 0, ntok = 0, fo = 0;
    size_t i = a;
    while (i <= b) {
        size_t j = i;
        /* ',' or fullwidth comma U+FF0C (EF BC 8C) or ideographic comma U+3001 (E3 80 81) */
        size_t sep = 1;
        while (j < b) {
            /* fast path: bytes that can never start a separator */
            if (!sep_start[(unsigned char)w[j]]) {
                j++;
                continue;
            }
            if (w[j] == ',')
                break;
            /* "Vienna / Austria", "Bialystok/ PL", "Hospital X - Department Y" */
            if (w[j] == '/' && ((j > a && is_space(w[j - 1])) || (j + 1 < b && is_space(w[j + 1]))))
                break;
            if (w[j] == '-' && j > a && is_space(w[j - 1]) && j + 1 < b && is_space(w[j + 1]))
                break;
            /* a closing remark is a segment of its own: "Leuven (P.N.)", "Saint Mary's
             * University (Canada)", "Institut de Ciencies del Mar (CSIC)" */
            if (w[j] == '(' && j > i) {
                size_t k = j + 1;
                while (k < b && w[k] != ')' && w[k] != '(')
                    k++;
                if (k < b && w[k] == ')') {
                    size_t m = k + 1;
                    while (m < b && (is_space(w[m]) || w[m] == '.'))
                        m++;
                    if (m >= b || w[m] == ',')
                        break;
                }
            }
            if (j + 2 < b && (unsigned char)w[j] == 0xE2 && (unsigned char)w[j + 1] == 0x80 &&
                ((unsigned char)w[j + 2] == 0x93 || (unsigned char)w[j + 2] == 0x94) && j > a &&
                is_space(w[j - 1])) {
                sep = 3; /* spaced en or em dash */
                break;
            }
            if (j + 2 < b && (unsigned char)w[j] == 0xEF && (unsigned char)w[j + 1] == 0xBC &&
                (unsigned char)w[j + 2] == 0x8C) {
                sep = 3;
                break;
            }
            if (j + 2 < b && (unsigned char)w[j] == 0xE3 && (unsigned char)w[j + 1] == 0x80 &&
                (unsigned char)w[j + 2] == 0x81) {
                sep = 3;
                break;
            }
            j++;
        }
        /* "..., Boston, USA and Institute X, ...": a country name then " and " ends an
         * affiliation inside one comma segment (never the part's first segment:
         * "Maurice and Corinne Greenberg Division") */
        for (size_t p = i + 1; i > a && p + 5 <= j; p++) {
            const char *sp = memchr(w + p, ' ', j - p);
            if (!sp)
                break;
            p = (size_t)(sp - w);
            if (p + 5 > j || !ieq_prefix(w + p, w + j, " and "))
                continue;
            bool wide = false;
            size_t fl = coauth_fold_text(w + i, p - i, s->tmp, &wide);
            const coauth_gz_name *e = fl ? lookup_name(r, s->tmp, fl) : NULL;
            if (e && e->country[0] && !e->state[0]) {
                j = p;
                sep = 5;
            }
            break;
        }
        size_t sa = i, sb = j;
        while (sa < sb && is_space(w[sa]))
            sa++;
        for (;;) {
            while (sb > sa && (is_space(w[sb - 1]) || w[sb - 1] == '.' || w[sb - 1] == '&'))
                sb--;
            /* a dangling "and" before the next affiliation */
            if (sb - sa > 4 && ieq_prefix(w + sb - 4, w + sb, " and")) {
                sb -= 4;
                continue;
            }
            break;
        }
        if (sb > sa) {
            seg *g = &s->segs[nseg];
            g->raw = (uint32_t)sa;
            g->raw_len = (uint32_t)(sb - sa);
            g->tok0 = (uint32_t)ntok;
            bool wide = false;
            size_t fl = coauth_fold_text(w + sa, sb - sa, s->fold + fo, &wide);
            /* tokens */
            size_t t = 0;
            int org = ORG_NONE;
            bool first_tok = true, seen_top = false, clinical_after_top = false;
            while (t < fl) {
                size_t u = t;
                bool digit = false;
                while (u < fl && s->fold[fo + u] != ' ') {
                    char c = s->fold[fo + u];
                    if (c >= '0' && c <= '9')
                        digit = true;
                    u++;
                }
                if (first_tok && u - t == 3 && memcmp(s->fold + fo + t, "the", 3) == 0) {
                    /* leading "the" is not part of any key */
                } else {
                    token *tk = &s->toks[ntok++];
                    tk->off = (uint32_t)(fo + t);
                    tk->len = (uint32_t)(u - t);
                    tk->digit = digit;
                    tk->kind = ORG_NONE;
                    if (!digit) {
                        int lv = lookup_org(r, s->fold + fo + t, u - t);
                        tk->kind = (int8_t)lv;
                        if (lv > org)
                            org = lv;
                        if (lv == ORG_TOP)
                            seen_top = true;
                        else if (lv == ORG_INST && seen_top && is_clinical(s->fold + fo + t, u - t))
                            clinical_after_top = true;
                    }
                }
                first_tok = false;
                t = u + 1;
            }
            /* "University Hospital", "Universitair Medisch Centrum": a hospital */
            if (org == ORG_TOP && clinical_after_top)
                org = ORG_INST;
            int cj = wide ? cjk_org_level(w + sa, sb - sa) : ORG_NONE;
            if (cj > org)
                org = cj;
            g->ntok = (uint32_t)(ntok - g->tok0);
            g->org = org;
            fo += fl + 1;
            if (g->ntok > 0 || g->raw_len > 0)
                nseg++;
        }
        i = j + sep;
    }
    *ntok_out = ntok;
    return nseg;
}

/* Is raw[0..n) one short word in capitals ("LAI", "CNRS")? */
static bool acronym(const char *raw, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        char c = raw[i];
        if (c >= 'A' && c <= 'Z')
            letters++;
        else if (c != ' ' && c != '.' && c != '(' && c != ')')
            return false;
    }
    return letters >= 2 && letters <= 4;
}

/* Is token k a word meaning "of" ("University of Chile", "Universidad de Chile")? */
static bool of_word(const scratch *s, size_t k)
{
    static const char *const words[] = {"of",  "de",    "do",    "da",  "dos",    "das",    "del",
                                        "di",  "della", "degli", "du",  "des",    "der",    "den",
                                        "von", "van",   "fur",   "s",   "and",    "y",      "e",
                                        "et",  "und",   "for",   "the", "people", "peoples"};
    const token *t = &s->toks[k];
    if (t->kind != WORD_LINK)
        return false;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == t->len && memcmp(words[i], s->fold + t->off, t->len) == 0)
            return true;
    return false;
}

/* Is token k a word that coins a new place from an old name ("New England", "New
 * Guinea", "Inner Mongolia")? The pair names another place than the country. */
static bool coining_word(const scratch *s, size_t k)
{
    static const char *const words[] = {"new", "inner", "nueva", "nouvelle", "nova", "novo"};
    const token *t = &s->toks[k];
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == t->len && memcmp(words[i], s->fold + t->off, t->len) == 0)
            return true;
    return false;
}

/* The last segment of a part may end in a country name: "Alicante Spain",
 * "Department of Surgery University of Freiburg Freiburg Germany". The longest known
 * name ending the segment is taken ("Sydney New South Wales" ends with a state, not
 * with Wales). Not after a link word: "Universidad de Chile" names a university, not a
 * country; nor after a word coining a new place whose name is not known ("Boston, New
 * England", "Lae, New Guinea"). */
static void suffix_country(const coauth_resolver *r, const scratch *s, size_t t0, size_t t1,
                           unit *u)
{
    const token *last = &s->toks[t1 - 1];
    const char *end = s->fold + last->off + last->len;
    /* country names have at most five words ("Democratic Republic of the Congo") */
    for (size_t k = t1 > t0 + 6 ? t1 - 5 : t0 + 1; k < t1; k++) {
        const char *sk = s->fold + s->toks[k].off;
        const coauth_gz_name *e = lookup_name(r, sk, (size_t)(end - sk));
        if (e) {
            /* the longest name wins: "... of New Jersey" is a state, not Jersey */
            if (e->country[0] && !e->state[0] && !of_word(s, k - 1) && !coining_word(s, k - 1))
                memcpy(u->suffix_cc, e->country, 3);
            return;
        }
    }
}

/* Build the lookup units of segments [s0, s1). */
size_t coauth_make_units(const coauth_resolver *r, scratch *s, size_t s0, size_t s1)
{
    size_t nu = 0;
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        if (g->org != ORG_NONE) {
            /* an organisation never yields a country, but the part's last segment may
             * end with one after the organisation's name */
            size_t t0 = g->tok0, t1 = g->tok0 + g->ntok;
            if (g->ntok > 1 && !s->toks[t1 - 1].digit && s->toks[t1 - 1].kind == ORG_NONE) {
                size_t k = t1;
                bool keyword = false;
                while (k > t0 && !s->toks[k - 1].digit)
                    keyword |= s->toks[--k].kind > 0;
                unit u;
                memset(&u, 0, sizeof u);
                u.seg = (uint32_t)gi;
                /* after a postcode the words are an address: "Ltd Kunming 650231 China" */
                if (k > t0 && !keyword) {
                    const char *key = s->fold + s->toks[k].off;
                    size_t kn = s->toks[t1 - 1].off + s->toks[t1 - 1].len - s->toks[k].off;
                    u.e = lookup_name(r, key, kn);
                    if (u.e && !u.e->cands[0])
                        u.e = NULL;
                }
                if (!u.e && gi + 1 == s1)
                    suffix_country(r, s, k, t1, &u);
                if (u.e || u.suffix_cc[0])
                    s->units[nu++] = u;
            }
            continue;
        }
        const char *raw = s->work + g->raw;
        bool zip = false;
        const char *sc = gi > s0 ? coauth_state_slot(r, raw, g->raw_len, &zip) : NULL;
        /* "City, ST": without a ZIP code the slot needs a place before it */
        if (sc && !zip && s->segs[gi - 1].org != ORG_NONE)
            sc = NULL;
        if (sc) {
            unit *u = &s->units[nu++];
            memset(u, 0, sizeof *u);
            u->seg = (uint32_t)gi;
            memcpy(u->slot_cc, sc, 3);
            u->slot_zip = zip;
            continue;
        }
        size_t nu_seg = nu;
        size_t t = g->tok0, te = g->tok0 + g->ntok;
        while (t < te) {
            while (t < te && s->toks[t].digit)
                t++;
            if (t >= te)
                break;
            size_t u0 = t;
            while (t < te && !s->toks[t].digit)
                t++;
            const token *first = &s->toks[u0], *last = &s->toks[t - 1];
            const char *key = s->fold + first->off;
            size_t kn = last->off + last->len - first->off;
            unit *u = &s->units[nu++];
            memset(u, 0, sizeof *u);
            u->seg = (uint32_t)gi;
            u->e = lookup_name(r, key, kn);
            /* two-letter codes count only in the state slot; "U.S." and "UK" are
             * names, "US 41" (a French service unit) is not */
            if (u->e && kn == 2 && memcmp(key, "uk", 2) != 0 && !memchr(raw, '.', g->raw_len))
                u->e = NULL;
            /* "LAI", "IST": a short all-capitals word is an acronym, not a town */
            if (u->e && !u->e->country[0] && !u->e->state[0] && kn <= 4 && acronym(raw, g->raw_len))
                u->e = NULL;
            if (!u->e && gi + 1 == s1 && t - u0 > 1)
                suffix_country(r, s, u0, t, u);
        }
        /* "Boston MA 02115" */
        const char *tz = coauth_state_zip_tail(r, raw, g->raw_len);
        if (tz && nu == nu_seg + 1 && !s->units[nu - 1].e) {
            memcpy(s->units[nu - 1].slot_cc, tz, 3);
            s->units[nu - 1].slot_zip = true;
        } else if (tz && nu == nu_seg) {
            unit *u = &s->units[nu++];
            memset(u, 0, sizeof *u);
            u->seg = (uint32_t)gi;
            memcpy(u->slot_cc, tz, 3);
            u->slot_zip = true;
        }
    }
    return nu;
}

/* Does any unit name a place at all (even an ambiguous one)? */
bool coauth_any_place(const unit *units, size_t nu)
{
    for (size_t k = 0; k < nu; k++)
        if ((units[k].e && units[k].e->cands[0]) || units[k].slot_cc[0] || units[k].suffix_cc[0])
            return true;
    return false;
}

/* Is segment gi one whole country name ("Sweden", "USA")? */
static bool country_segment(const coauth_resolver *r, const scratch *s, size_t gi)
{
    const seg *g = &s->segs[gi];
    if (g->org != ORG_NONE || g->ntok == 0)
        return false;
    const token *first = &s->toks[g->tok0], *last = &s->toks[g->tok0 + g->ntok - 1];
    for (size_t t = g->tok0; t < g->tok0 + g->ntok; t++)
        if (s->toks[t].digit)
            return false;
    const coauth_gz_name *e =
        lookup_name(r, s->fold + first->off, last->off + last->len - first->off);
    return e && e->country[0] && !e->state[0];
}

/* Does segment gi end a US location with its state: "MA 02115", "Boston MA 02115",
 * "Massachusetts", or "MA" after a place ("Boston, MA")? */
static bool state_segment(const coauth_resolver *r, const scratch *s, size_t s0, size_t gi)
{
    const seg *g = &s->segs[gi];
    if (g->org != ORG_NONE || g->ntok == 0)
        return false;
    const char *raw = s->work + g->raw;
    bool zip = false;
    if (gi > s0 && coauth_state_slot(r, raw, g->raw_len, &zip) &&
        (zip || s->segs[gi - 1].org == ORG_NONE))
        return true;
    if (coauth_state_zip_tail(r, raw, g->raw_len))
        return true;
    const token *first = &s->toks[g->tok0], *last = &s->toks[g->tok0 + g->ntok - 1];
    const coauth_gz_name *e =
        lookup_name(r, s->fold + first->off, last->off + last->len - first->off);
    return e && e->state[0];
}

/* Does a location segment among [s0, s1) name a place? */
static bool names_place(const coauth_resolver *r, scratch *s, size_t s0, size_t s1)
{
    for (size_t gi = s0; gi < s1; gi++) {
        if (s->segs[gi].org != ORG_NONE)
            continue;
        size_t nu = coauth_make_units(r, s, gi, gi + 1);
        if (coauth_any_place(s->units, nu))
            return true;
    }
    return false;
}

/* Does a new affiliation start at segment gi of [s0, nseg)? After a country segment,
 * any organisation starts one ("..., Boston, MA, USA, Charite, Berlin, Germany"); after
 * a US state that ends a location, an organisation followed by another location does
 * ("..., Boston, MA 02115, Charite University Hospital, Berlin, Germany"). */
bool coauth_new_affiliation(const coauth_resolver *r, scratch *s, size_t s0, size_t gi, size_t nseg)
{
    if (gi == s0 || s->segs[gi].org == ORG_NONE)
        return false;
    if (country_segment(r, s, gi - 1))
        return true;
    return state_segment(r, s, s0, gi - 1) && names_place(r, s, gi + 1, nseg);
}
