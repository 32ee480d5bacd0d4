/* population_internal.h - the token rules of the study filters (SPEC 5.1), shared by
 * their parsing (queries/population.c) and the statement the store builds from them
 * (src/store_filter.c), so that both split and classify a value the same way.
 */
#ifndef COAUTH_POPULATION_INTERNAL_H
#define COAUTH_POPULATION_INTERNAL_H

#include <coauth/error.h>
#include <stdbool.h>
#include <stddef.h>

/* Whether tok[0..n) looks like a MeSH UI: the letter, then digits ("D016428"). */
bool coauth_ui_shaped(const char *tok, size_t n, char letter);

/* Whether it is one: MeSH UIs have 6 digits, or 9 for those made since 2015. */
bool coauth_is_ui(const char *tok, size_t n, char letter);

/* The comma-separated tokens of v, trimmed: calls fn on each; an empty token is an
 * error naming --opt. */
typedef coauth_status (*coauth_token_fn)(const char *tok, size_t n, void *ud, coauth_error *err);
coauth_status coauth_each_token(const char *opt, const char *v, coauth_token_fn fn, void *ud,
                                coauth_error *err);

#endif
