/* population.c - the `research` class of SPEC 5.1 over a paper's publication types.
 *
 * Invariant: a type counts when its name (whole, ASCII case-insensitive) or its UI
 * (exact) is in a table below; names and UIs are checked independently, so a record
 * whose UI attribute is missing or unknown is still classified by name.
 *
 * The UIs are MeSH publication-type descriptors as NLM's MeSH RDF names them
 * (id.nlm.nih.gov/mesh/<UI>). Several descriptors carry a plural MeSH heading
 * ("Congresses", "Lectures", "Portraits", "Addresses") while PubMed XML writes the
 * singular name that SPEC 5.1 lists; the UI matches both.
 */
#include <coauth/population.h>

#include "population_internal.h"

#include <ctype.h>
#include <string.h>

struct ptype {
    const char *name, *ui;
};

/* Types that make a paper research (when none of `excluded` is present). */
static const struct ptype included[] = {
    {"Journal Article", "D016428"},
    {"Review", "D016454"},
};

/* Types that exclude a paper, in SPEC 5.1's order. */
static const struct ptype excluded[] = {
    {"Letter", "D016422"},
    {"Editorial", "D016421"},
    {"Comment", "D016420"},
    {"News", "D016433"},
    {"Newspaper Article", "D018431"},
    {"Published Erratum", "D016425"},
    {"Retraction of Publication", "D016440"},
    {"Retracted Publication", "D016441"},
    {"Expression of Concern", "D000075742"},
    {"Biography", "D019215"},
    {"Autobiography", "D020493"},
    {"Portrait", "D019477"},
    {"Interview", "D017203"},
    {"Lecture", "D019531"},
    {"Address", "D019484"},
    {"Congress", "D016423"},
    {"Preprint", "D000076942"},
    /* NLM's current name for D016440 (the 2026 files use it): a paper that names it
     * without the UI is excluded too */
    {"Retraction Notice", "D016440"},
};

/* ASCII case-insensitive equality (no locale: strcasecmp follows LC_CTYPE). */
static bool name_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

static bool in_table(const coauth_pubtype *t, const struct ptype *tab, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((t->name && name_eq(t->name, tab[i].name)) || (t->ui && strcmp(t->ui, tab[i].ui) == 0))
            return true;
    return false;
}

bool coauth_research_paper(const coauth_pubtype *types, size_t n)
{
    bool include = n == 0;
    for (size_t i = 0; i < n; i++) {
        if (in_table(&types[i], excluded, sizeof excluded / sizeof excluded[0]))
            return false;
        if (in_table(&types[i], included, sizeof included / sizeof included[0]))
            include = true;
    }
    return include;
}

/* ---- the token rules of the filter options ---------------------------------------- */

bool coauth_ui_shaped(const char *tok, size_t n, char letter)
{
    if (n < 2 || tok[0] != letter)
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isdigit((unsigned char)tok[i]))
            return false;
    return true;
}

bool coauth_is_ui(const char *tok, size_t n, char letter)
{
    return coauth_ui_shaped(tok, n, letter) && (n == 7 || n == 10);
}

coauth_status coauth_each_token(const char *opt, const char *v, coauth_token_fn fn, void *ud,
                                coauth_error *err)
{
    const char *p = v;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *t = p;
        while (n && isspace((unsigned char)*t))
            t++, n--;
        while (n && isspace((unsigned char)t[n - 1]))
            n--;
        if (n == 0)
            return coauth_fail(err, COAUTH_EINVAL, "bad --%s '%s': empty item", opt, v);
        coauth_status st = fn(t, n, ud, err);
        if (st)
            return st;
        if (!comma)
            return COAUTH_OK;
        p = comma + 1;
    }
}
