/* batch_internal.h - arenas and batches of copied records (batch.c), shared by the
 * ingest driver's parser threads and its writer.
 *
 * Invariant: a batch owns its arena; items and everything they point to are valid
 * until coauth_batch_free.
 */
#ifndef COAUTH_BATCH_INTERNAL_H
#define COAUTH_BATCH_INTERNAL_H

#include <coauth/record.h>
#include <coauth/resolve.h>

#include <stddef.h>
#include <stdint.h>

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

struct arena {
    struct arena_block *head;
    size_t total;
};

struct item {
    const char *warning; /* non-NULL: a warning, rec unused */
    coauth_record rec;
    coauth_resolution *res; /* rec.n_affiliations entries, or NULL */
};

struct batch {
    struct batch *next;
    struct arena arena;
    struct item *items;
    size_t n_items, cap_items;
    uint64_t bytes_in; /* reader position at the end of this batch */
};

/* n bytes (16-aligned) that never move; NULL when out of memory. */
void *coauth_arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..len) in the arena; NULL when out of memory. */
char *coauth_arena_strdup(struct arena *a, const char *s, size_t len);

/* An empty batch (NULL when out of memory); free with coauth_batch_free (NULL ok). */
struct batch *coauth_batch_new(void);
void coauth_batch_free(struct batch *b);
/* A zeroed new item at the end of the batch; NULL when out of memory. */
struct item *coauth_batch_add(struct batch *b);
/* Deep-copy `rec` into the batch; with a resolver, resolve its affiliations too
 * (scratch is the calling thread's). */
COAUTH_NODISCARD coauth_status coauth_batch_copy_record(struct batch *b, const coauth_record *rec,
                                                        const coauth_resolver *resolver,
                                                        coauth_resolution *scratch,
                                                        coauth_error *err);

#endif
