/* batch.c - the deep copies of records that parser threads hand to the writer:
 * append-only arenas and batches of items (a record and its resolutions, or a
 * warning).
 *
 * Invariant: everything an item points to lives in its batch's arena (the reader's
 * records are borrowed and reused), so a batch is freed in one call.
 */
#include "batch_internal.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (256u * 1024u)

/* ---- arena: append-only blocks, pointers never move ---- */

void *coauth_arena_alloc(struct arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct arena_block *b = a->head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->head;
        a->head = b;
        a->total += cap;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

char *coauth_arena_strdup(struct arena *a, const char *s, size_t len)
{
    char *p = coauth_arena_alloc(a, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void arena_release(struct arena *a)
{
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* ---- batches ---- */

void coauth_batch_free(struct batch *b)
{
    if (!b)
        return;
    arena_release(&b->arena);
    free(b->items);
    free(b);
}

struct item *coauth_batch_add(struct batch *b)
{
    if (b->n_items == b->cap_items) {
        size_t cap = b->cap_items ? b->cap_items * 2 : 64;
        struct item *it = realloc(b->items, cap * sizeof *it);
        if (!it)
            return NULL;
        b->items = it;
        b->cap_items = cap;
    }
    struct item *it = &b->items[b->n_items++];
    memset(it, 0, sizeof *it);
    return it;
}

/* Replace *s (NULL or a string) by a copy in the arena; false when out of memory. */
static bool copy_str(struct arena *a, const char **s)
{
    return !*s || (*s = coauth_arena_strdup(a, *s, strlen(*s))) != NULL;
}

/* Replace *p (an array of n elements of size sz, NULL when n is 0) by a copy in the
 * arena; false when out of memory. */
static bool copy_array(struct arena *a, const void **p, size_t n, size_t sz)
{
    if (!n) {
        *p = NULL;
        return true;
    }
    void *q = coauth_arena_alloc(a, n * sz);
    if (!q)
        return false;
    memcpy(q, *p, n * sz);
    *p = q;
    return true;
}

/* Deep-copy the paper metadata of `r` (a shallow copy of the reader's record). */
static bool copy_metadata(struct arena *a, coauth_record *r)
{
    if (!copy_str(a, &r->title) || !copy_str(a, &r->doi) || !copy_str(a, &r->pmc) ||
        !copy_str(a, &r->nlm_id) || !copy_str(a, &r->journal_iso) ||
        !copy_str(a, &r->journal_title))
        return false;
    if (!copy_array(a, (const void **)&r->types, r->n_types, sizeof *r->types) ||
        !copy_array(a, (const void **)&r->issns, r->n_issns, sizeof *r->issns) ||
        !copy_array(a, (const void **)&r->languages, r->n_languages, sizeof *r->languages) ||
        !copy_array(a, (const void **)&r->mesh, r->n_mesh, sizeof *r->mesh) ||
        !copy_array(a, (const void **)&r->grants, r->n_grants, sizeof *r->grants))
        return false;
    coauth_pubtype *t = (coauth_pubtype *)r->types;
    for (size_t i = 0; i < r->n_types; i++)
        if (!copy_str(a, &t[i].ui) || !copy_str(a, &t[i].name))
            return false;
    coauth_issn *is = (coauth_issn *)r->issns;
    for (size_t i = 0; i < r->n_issns; i++)
        if (!copy_str(a, &is[i].issn) || !copy_str(a, &is[i].type))
            return false;
    const char **l = (const char **)r->languages;
    for (size_t i = 0; i < r->n_languages; i++)
        if (!copy_str(a, &l[i]))
            return false;
    coauth_mesh *m = (coauth_mesh *)r->mesh;
    for (size_t i = 0; i < r->n_mesh; i++)
        if (!copy_str(a, &m[i].ui) || !copy_str(a, &m[i].name))
            return false;
    coauth_grant *g = (coauth_grant *)r->grants;
    for (size_t i = 0; i < r->n_grants; i++)
        if (!copy_str(a, &g[i].agency) || !copy_str(a, &g[i].country) || !copy_str(a, &g[i].id))
            return false;
    return true;
}

/* Deep-copy `rec` (and resolve its affiliations) into the batch. */
coauth_status coauth_batch_copy_record(struct batch *b, const coauth_record *rec,
                                       const coauth_resolver *resolver, coauth_resolution *scratch,
                                       coauth_error *err)
{
    struct arena *a = &b->arena;
    struct item *it = coauth_batch_add(b);
    if (!it)
        goto nomem;
    it->rec = *rec;
    coauth_record *r = &it->rec;
    if (rec->n_authors) {
        coauth_author *au = coauth_arena_alloc(a, rec->n_authors * sizeof *au);
        if (!au)
            goto nomem;
        for (size_t i = 0; i < rec->n_authors; i++) {
            au[i] = rec->authors[i];
            if (!au[i].name)
                au[i].name = "";
            if (!copy_str(a, &au[i].name) || !copy_str(a, &au[i].last_name) ||
                !copy_str(a, &au[i].fore_name) || !copy_str(a, &au[i].initials) ||
                !copy_str(a, &au[i].collective_name) || !copy_str(a, &au[i].orcid))
                goto nomem;
        }
        r->authors = au;
    } else {
        r->authors = NULL;
    }
    if (rec->n_affiliations) {
        coauth_affiliation *af = coauth_arena_alloc(a, rec->n_affiliations * sizeof *af);
        if (!af)
            goto nomem;
        for (size_t i = 0; i < rec->n_affiliations; i++) {
            const coauth_affiliation *src = &rec->affiliations[i];
            af[i] = *src;
            if (!(af[i].text = coauth_arena_strdup(a, src->text, src->len)) ||
                !copy_array(a, (const void **)&af[i].identifiers, src->n_identifiers,
                            sizeof *src->identifiers))
                goto nomem;
            coauth_ident *id = (coauth_ident *)af[i].identifiers;
            for (size_t k = 0; k < src->n_identifiers; k++)
                if (!copy_str(a, &id[k].source) || !copy_str(a, &id[k].value))
                    goto nomem;
            if (!copy_str(a, &af[i].country))
                goto nomem;
        }
        r->affiliations = af;
        it->res = NULL;
        if (resolver) {
            coauth_resolution *res = coauth_arena_alloc(a, rec->n_affiliations * sizeof *res);
            if (!res)
                goto nomem;
            for (size_t i = 0; i < rec->n_affiliations; i++) {
                coauth_status st =
                    coauth_resolve_affiliation(resolver, &rec->affiliations[i], scratch, err);
                if (st)
                    return st;
                res[i].n_parts = scratch->n_parts;
                res[i].scratch_ = NULL;
                res[i].parts = NULL;
                if (scratch->n_parts) {
                    coauth_part *pp = coauth_arena_alloc(a, scratch->n_parts * sizeof *pp);
                    if (!pp)
                        goto nomem;
                    for (size_t k = 0; k < scratch->n_parts; k++) {
                        pp[k] = scratch->parts[k];
                        const char *inst = scratch->parts[k].institution;
                        if (inst &&
                            !(pp[k].institution = coauth_arena_strdup(a, inst, strlen(inst))))
                            goto nomem;
                    }
                    res[i].parts = pp;
                }
            }
            it->res = res;
        }
    } else {
        r->affiliations = NULL;
    }
    if (rec->n_deleted) {
        uint64_t *d = coauth_arena_alloc(a, rec->n_deleted * sizeof *d);
        if (!d)
            goto nomem;
        memcpy(d, rec->deleted, rec->n_deleted * sizeof *d);
        r->deleted = d;
    } else {
        r->deleted = NULL;
    }
    if (!copy_metadata(a, r))
        goto nomem;
    return COAUTH_OK;
nomem:
    return coauth_fail(err, COAUTH_ENOMEM, "out of memory copying record %llu",
                       (unsigned long long)rec->pmid);
}

struct batch *coauth_batch_new(void)
{
    return calloc(1, sizeof(struct batch));
}
