/* strtab.h - string interning: each distinct string gets a dense id 0, 1, 2, ...
 *
 * Invariants: ids are assigned in first-seen order and never change; the `const char *`
 * returned for an id stays valid, unchanged and NUL-terminated for the table's whole
 * life (strings live in append-only blocks and are never moved or freed before
 * coauth_strtab_free). Not thread-safe: one table per thread, or external locking.
 */
#ifndef COAUTH_STRTAB_H
#define COAUTH_STRTAB_H

#include <coauth/error.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coauth_strtab coauth_strtab;

/* Create an empty table. *out is owned by the caller: free with coauth_strtab_free. */
COAUTH_NODISCARD coauth_status coauth_strtab_new(coauth_strtab **out, coauth_error *err);

/* Free the table and every string it holds. NULL allowed. */
void coauth_strtab_free(coauth_strtab *t);

/* Intern s[0..len) (it may contain NULs only if the caller never reads it as a C
 * string). *out_id receives the id, new or existing; *out_added (if not NULL) whether
 * the string was new. Fails only with COAUTH_ENOMEM or COAUTH_ELIMIT (> 2^32-2 ids). */
COAUTH_NODISCARD coauth_status coauth_strtab_intern(coauth_strtab *t, const char *s, size_t len,
                                                    uint32_t *out_id, int *out_added,
                                                    coauth_error *err);

/* Look a string up without adding it. Returns 1 and sets *out_id if present, else 0. */
int coauth_strtab_find(const coauth_strtab *t, const char *s, size_t len, uint32_t *out_id);

/* The string for an id (borrowed, valid for the table's life), or NULL if out of range. */
const char *coauth_strtab_get(const coauth_strtab *t, uint32_t id);

/* Byte length of the string for an id (0 if out of range). */
size_t coauth_strtab_len(const coauth_strtab *t, uint32_t id);

/* Number of distinct strings. */
uint32_t coauth_strtab_count(const coauth_strtab *t);

#ifdef __cplusplus
}
#endif
#endif
