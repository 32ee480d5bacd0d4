/* resolve.h - affiliation string -> parts -> (country, institution, rule).
 *
 * Invariants: a coauth_resolver is immutable after coauth_resolver_new, so one
 * resolver may serve many threads at once, each with its own coauth_resolution.
 * Resolution is a pure function of (text, resolver): same input, same output.
 * Unresolved beats a guess: when the rules cannot decide, country is "".
 */
#ifndef COAUTH_RESOLVE_H
#define COAUTH_RESOLVE_H

#include <coauth/error.h>
#include <coauth/record.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coauth_resolver coauth_resolver;

/* The resolver's version: raised whenever a change to the rules or reference tables
 * can change the resolution of some string. A store records the oldest version whose
 * resolutions it may hold (meta resolver_version); queries on a store with an older
 * one say that `coauth reresolve` is due. */
#define COAUTH_RESOLVER_VERSION 1

struct coauth_ror;

typedef struct coauth_resolver_options {
    const char *thesaurus_path;   /* VOSviewer thesaurus (label<TAB>replace by), or NULL */
    const struct coauth_ror *ror; /* ROR registry to match organisations against (finished;
                                     borrowed: it must outlive the resolver), or NULL */
} coauth_resolver_options;

#define COAUTH_RESOLVER_OPTIONS_INIT {NULL, NULL}

/* Build a resolver (reference tables, optional thesaurus). opts may be NULL.
 * *out is freed with coauth_resolver_free. */
COAUTH_NODISCARD coauth_status coauth_resolver_new(coauth_resolver **out,
                                                   const coauth_resolver_options *opts,
                                                   coauth_error *err);
void coauth_resolver_free(coauth_resolver *r);

/* "md5:<32 hex digits>" of the thesaurus file the resolver was built with, NULL when
 * none (borrowed, valid for the resolver's life). */
const char *coauth_resolver_thesaurus_checksum(const coauth_resolver *r);

/* Rule names (coauth_part.rule), in the order the resolver tries them (SPEC 3):
 *   "us-state"    a US state: code + ZIP ("MA 02115"), code in the "City, ST" slot
 *                 ("Cambridge, MA"), or state name ("New Mexico", "Md.")
 *   "country"     a country name, alias or translation ("USA", "P.R. China",
 *                 "Deutschland"), as a whole segment or ending the last segment
 *   "subdivision" an ISO 3166-2 subdivision or GeoNames region unique to one
 *                 country ("Zhejiang", "Inner Mongolia", "Ontario"), unless cities
 *                 of that name elsewhere have >= 100,000 people and more than 5% of
 *                 the subdivision's ("Victoria": AU state, Victoria BC stays
 *                 ambiguous; Ontario, California does not outweigh Ontario)
 *   "city"        a GeoNames city whose name one country dominates by population
 *   "neighbour"   an ambiguous name settled by another place in the same part
 *                 ("Atlanta, Georgia" -> US, "Tbilisi, Georgia" -> GE)
 *   "email"       an ambiguous name settled by the e-mail's country domain
 *   "territory"   a territory named in the part replaced its parent country
 *                 ("Hong Kong SAR, China" -> HK, "Taipei, China" -> TW)
 *   "institution" when no location segment names any place: a known organisation
 *                 whose name carries no place ("CNRS", "Karolinska Institutet",
 *                 "Chinese Academy of Sciences"; src/gazetteer/aliases.tsv)
 *   "org-place"   last resort, when no location segment names any place: a place
 *                 named inside an organisation's name ("University of Verona", "Tel
 *                 Aviv University", "ETH Zurich"): a US state, a first-level
 *                 subdivision next to the keyword, a city of >= 100,000 people (or
 *                 one that is also a subdivision of its country), or a city-state.
 *                 The highest-level organisation's place counts; places that
 *                 disagree at that level leave the part unresolved. Country names
 *                 inside organisation names never count ("University of Chile",
 *                 "China Medical University" stay unresolved).
 *   "ror"         with a ROR registry, when the text names no place, or only a city that
 *                 the matched organisation's own city equals: the organisation's
 *                 country ("Durham University" -> GB; "University of Georgia,
 *                 Athens" -> US)
 *   "none"        unresolved: country is ""
 * Otherwise organisation segments and demonyms ("American") never yield a country;
 * two-letter codes count only in the US state slot ("UK", "U.S." are names, not
 * codes).
 */
typedef struct coauth_part {
    char country[3];         /* ISO 3166-1 alpha-2, "" when unresolved */
    const char *institution; /* normalised organisation name, NULL when none; borrowed
                                from the coauth_resolution, valid until its next use */
    const char *rule;        /* static string naming the rule that decided the country
                                ("none" when unresolved) */
    const char *ror;         /* the matched ROR organisation's id ("https://ror.org/..."),
                                NULL when none or without a registry; borrowed from the
                                registry, valid for its life */
} coauth_part;

/* Per-thread result buffer: initialise with COAUTH_RESOLUTION_INIT, reuse across
 * calls, release with coauth_resolution_release. */
typedef struct coauth_resolution {
    size_t n_parts;
    coauth_part *parts;
    void *scratch_; /* private */
} coauth_resolution;

#define COAUTH_RESOLUTION_INIT {0, NULL, NULL}

void coauth_resolution_release(coauth_resolution *res);

/* Resolve text[0..len) (UTF-8). Fills res with >= 1 part for non-blank text, 0 parts
 * for blank text (only spaces, tabs, CR, LF, FF, VT and NUL bytes; NUL counts as a
 * space everywhere). Fails only on allocation failure. */
COAUTH_NODISCARD coauth_status coauth_resolve(const coauth_resolver *r, const char *text,
                                              size_t len, coauth_resolution *res,
                                              coauth_error *err);

/* The outcome of one stored affiliation, defined here once for every caller that
 * stores or compares one: the ingest parser threads, the store's writer when a
 * record comes without resolutions, and coauth_store_reresolve. Resolves aff->text
 * (NULL counts as blank) like coauth_resolve; every part then has a rule (never NULL,
 * "none" when unresolved) and an institution that is NULL or not empty. The
 * identifiers of aff take no part yet; note that the store keeps one resolution per
 * distinct text, so an outcome that used them would need another key there. A
 * structured country (aff->country) decides every part (coauth_resolution_apply_country). */
COAUTH_NODISCARD coauth_status coauth_resolve_affiliation(const coauth_resolver *r,
                                                          const coauth_affiliation *aff,
                                                          coauth_resolution *res,
                                                          coauth_error *err);

/* ---- structured countries (JATS <country>) ----------------------------------------
 * A country an input names in a field of its own beats the free-text rules (SPEC 2.2).
 * Rule name of parts decided that way: "structured". */

/* The ISO 3166-1 alpha-2 code of a structured country: a valid two-letter code (any
 * case) as itself, else a country name, alias or translation as the resolver's country
 * rule knows it ("Brasil", "P.R. China", "USA"). Writes out (NUL-terminated) and returns
 * true; false when text names no country. */
bool coauth_resolver_country(const coauth_resolver *r, const char *text, size_t len, char out[3]);

/* After coauth_resolve of an affiliation with a structured country: when `country`
 * (NULL allowed) maps to a code through coauth_resolver_country, every part of res gets
 * that code with rule "structured" (an unresolved or otherwise resolved part alike; the
 * institution stays). Returns whether it changed res. */
bool coauth_resolution_apply_country(const coauth_resolver *r, const char *country,
                                     coauth_resolution *res);

#ifdef __cplusplus
}
#endif
#endif
