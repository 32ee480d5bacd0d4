/* structured.c - countries an input names in a field of its own (JATS <country>):
 * they beat the free-text rules (SPEC 2.2), rule "structured".
 *
 * Invariant: a structured country decides every part of its affiliation, or none
 * when it names no country the resolver knows (then the free text decides).
 */
#include "resolve_internal.h"

#include <string.h>

static const char RULE_STRUCTURED[] = "structured";

/* Longest structured country text looked up (longer text names no country). */
#define STRUCTURED_MAX 128

bool coauth_resolver_country(const coauth_resolver *r, const char *text, size_t len, char out[3])
{
    while (len && is_space(text[0]))
        text++, len--;
    while (len && is_space(text[len - 1]))
        len--;
    if (len == 0 || len > STRUCTURED_MAX)
        return false;
    if (len == 2) {
        char cc[3] = {text[0], text[1], '\0'};
        for (int i = 0; i < 2; i++)
            if (cc[i] >= 'a' && cc[i] <= 'z')
                cc[i] = (char)(cc[i] - 'a' + 'A');
        for (const char *c = coauth_gz_countries; c[0] && c[1]; c += 2)
            if (c[0] == cc[0] && c[1] == cc[1]) {
                memcpy(out, cc, 3);
                return true;
            }
    }
    char fold[8 * STRUCTURED_MAX + 8];
    bool wide = false;
    size_t fn = coauth_fold_text(text, len, fold, &wide);
    const coauth_gz_name *e = lookup_name(r, fold, fn);
    if (!e || !e->country[0] || e->state[0])
        return false;
    memcpy(out, e->country, 3);
    return true;
}

bool coauth_resolution_apply_country(const coauth_resolver *r, const char *country,
                                     coauth_resolution *res)
{
    char cc[3];
    if (!country || !res->n_parts || !coauth_resolver_country(r, country, strlen(country), cc))
        return false;
    for (size_t i = 0; i < res->n_parts; i++) {
        memcpy(res->parts[i].country, cc, 3);
        res->parts[i].rule = RULE_STRUCTURED;
    }
    return true;
}
