/* population.h - the study population of SPEC 5.1: which papers count.
 *
 * Invariant: pure functions of a record's metadata; the store keeps their result
 * (papers.research) so that queries filter without re-reading publication types.
 */
#ifndef COAUTH_POPULATION_H
#define COAUTH_POPULATION_H

#include <coauth/record.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether a paper with these `n` publication types (borrowed; NULL allowed when n is 0)
 * is a research paper (SPEC 5.1, the `research` class): its types include Journal
 * Article or Review, or it has none at all, and include none of Letter, Editorial,
 * Comment, News, Newspaper Article, Published Erratum, Retraction of Publication,
 * Retracted Publication, Expression of Concern, Biography, Autobiography, Portrait,
 * Interview, Lecture, Address, Congress, Preprint. A type is recognised by its name
 * (whole name, ASCII case-insensitive) or by its MeSH publication-type UI
 * ("D016428"); a type with neither matches nothing (but the paper has types). */
bool coauth_research_paper(const coauth_pubtype *types, size_t n);

#ifdef __cplusplus
}
#endif
#endif
