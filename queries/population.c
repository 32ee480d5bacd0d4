/* population.c - the study population of SPEC 5.1: the filter options of every query,
 * checked as they are set. The store turns them into its papers statement
 * (src/store_filter.c, read through coauth_papers_cursor_open).
 *
 * Invariant: a paper is counted when it passes every filter given (AND), and --types
 * is always in force (default `research`). Values are split and classified by the
 * rules of population_internal.h, shared with the store.
 *
 * NOTES ON THE DEFINITIONS
 * - Papers stored before schema 2 have no metadata (papers.research IS NULL): the
 *   default population keeps them (they were counted before, and the upgrade must not
 *   change a published figure silently); any other --types, and every metadata
 *   filter, leaves them out, and the command line says how many there are.
 * - --types with only exclusions (`!Letter`) starts from `research`, the population a
 *   query counts without --types; `all,!Letter` starts from every paper.
 * - --grant-agency and --grant-country given together must hold for the same grant.
 * - A publication type token `D` followed by digits is a UI, anything else a name
 *   (ASCII case ignored, whole name); names that hold commas must be given by UI.
 */
#include "papers_internal.h"

#include "population_internal.h"
#include "store_read.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const options[] = {"types",        "journal",       "mesh",     "mesh-major",
                                      "grant-agency", "grant-country", "language", "max-countries"};

bool coauth_population_is_option(const char *name)
{
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strcmp(name, options[i]) == 0)
            return true;
    return false;
}

bool coauth_population_is_default(const coauth_population *p)
{
    return (!p->types || strcmp(p->types, "research") == 0) && !p->journal && !p->mesh &&
           !p->mesh_major && !p->grant_agency && !p->grant_country && !p->language &&
           !p->max_countries;
}

static coauth_status check_type(const char *t, size_t n, void *ud, coauth_error *err)
{
    const char *v = ud;
    if (*t == '!') {
        t++, n--;
        while (n && isspace((unsigned char)*t))
            t++, n--;
        if (n == 0 || (n == 3 && strncasecmp(t, "all", 3) == 0))
            return coauth_fail(err, COAUTH_EINVAL, "bad --types '%s': '!' needs a type", v);
    }
    if (coauth_ui_shaped(t, n, 'D') && !coauth_is_ui(t, n, 'D'))
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --types '%s': '%.*s' is not a UI (D and 6 or 9 digits, e.g. "
                           "D016428)",
                           v, (int)n, t);
    return COAUTH_OK;
}

static coauth_status check_mesh(const char *t, size_t n, void *ud, coauth_error *err)
{
    if (!coauth_is_ui(t, n, 'D'))
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --mesh '%s': '%.*s' is not a MeSH descriptor UI (e.g. D009369)",
                           (const char *)ud, (int)n, t);
    return COAUTH_OK;
}

static coauth_status check_code(const char *t, size_t n, void *ud, coauth_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)t[i]))
            return coauth_fail(err, COAUTH_EINVAL,
                               "bad --language '%s': '%.*s' is not a language code (e.g. eng)",
                               (const char *)ud, (int)n, t);
    return COAUTH_OK;
}

static coauth_status check_any(const char *t, size_t n, void *ud, coauth_error *err)
{
    (void)t, (void)n, (void)ud, (void)err;
    return COAUTH_OK;
}

coauth_status coauth_population_option(coauth_population *p, const char *name, const char *value,
                                       coauth_error *err)
{
    const char *v = value ? value : "";
    if (strcmp(name, "mesh-major") == 0) {
        p->mesh_major = true;
        return COAUTH_OK;
    }
    if (strcmp(name, "max-countries") == 0) {
        char *end = NULL;
        unsigned long n = strtoul(v, &end, 10);
        if (!isdigit((unsigned char)*v) || *end || n < 1 || n > 10000)
            return coauth_fail(err, COAUTH_EINVAL,
                               "bad --max-countries '%s' (a whole number from 1 to 10000)", v);
        p->max_countries = (uint32_t)n;
        return COAUTH_OK;
    }
    if (!*v)
        return coauth_fail(err, COAUTH_EINVAL, "bad --%s: empty value", name);
    coauth_status st = COAUTH_OK;
    if (strcmp(name, "types") == 0) {
        if ((st = coauth_each_token(name, v, check_type, (void *)v, err)))
            return st;
        p->types = v;
    } else if (strcmp(name, "journal") == 0) {
        if ((st = coauth_each_token(name, v, check_any, NULL, err)))
            return st;
        p->journal = v;
    } else if (strcmp(name, "mesh") == 0) {
        if ((st = coauth_each_token(name, v, check_mesh, (void *)v, err)))
            return st;
        p->mesh = v;
    } else if (strcmp(name, "language") == 0) {
        if ((st = coauth_each_token(name, v, check_code, (void *)v, err)))
            return st;
        p->language = v;
    } else if (strcmp(name, "grant-agency") == 0) {
        p->grant_agency = v;
    } else if (strcmp(name, "grant-country") == 0) {
        p->grant_country = v;
    } else {
        return coauth_fail(err, COAUTH_EINVAL, "unknown query option '%s'", name);
    }
    return COAUTH_OK;
}

coauth_status coauth_query_unclassified(coauth_store *s, const coauth_population *p,
                                        uint64_t *n, coauth_error *err)
{
    return coauth_store_count_unclassified(s, p, n, err);
}

/* ---- checking --types names against the store ------------------------------------ */

struct namecheck {
    coauth_store *s;
    const char *bad; /* the first name no paper has, borrowed from the option */
    size_t bad_len;
};

static coauth_status check_name(const char *t, size_t n, void *ud, coauth_error *err)
{
    struct namecheck *c = ud;
    if (*t == '!') {
        t++, n--;
        while (n && isspace((unsigned char)*t))
            t++, n--;
    }
    if (c->bad || coauth_is_ui(t, n, 'D') || (n == 8 && strncasecmp(t, "research", 8) == 0) ||
        (n == 3 && strncasecmp(t, "all", 3) == 0))
        return COAUTH_OK;
    bool has = false;
    coauth_status st = coauth_store_has_type_name(c->s, t, n, &has, err);
    if (st)
        return st;
    if (!has) {
        c->bad = t;
        c->bad_len = n;
    }
    return COAUTH_OK;
}

coauth_status coauth_population_check_types(coauth_store *s, const coauth_population *p,
                                            coauth_error *err)
{
    if (!p->types)
        return COAUTH_OK;
    struct namecheck c = {s, NULL, 0};
    coauth_status st = coauth_each_token("types", p->types, check_name, &c, err);
    if (st)
        return st;
    if (c.bad)
        return coauth_fail(err, COAUTH_EINVAL,
                           "bad --types '%s': no paper in the store has the publication type "
                           "'%.*s' (whole names, case ignored; give a name that holds a comma "
                           "by its UI)",
                           p->types, (int)c.bad_len, c.bad);
    return COAUTH_OK;
}
