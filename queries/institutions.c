/* institutions.c - the nodes of institution-level queries: the table of (institution,
 * country) pairs the part index builds, and the names, countries and ROR ids written
 * for the nodes (see institutions_internal.h for the numbering).
 *
 * Invariant: a pair's index never changes once given, so the part index can store node
 * ids as it reads the parts; names are looked up only for the nodes a query keeps.
 */
#include "institutions_internal.h"

#include "store_read.h"

#include <coauth/strtab.h>
#include <stdlib.h>
#include <string.h>

coauth_status coauth_inst_pairs_reserve(inst_pairs *t, int64_t max_inst, coauth_error *err)
{
    if (max_inst < 0 || max_inst > INT32_MAX)
        return coauth_fail(err, COAUTH_ELIMIT, "institution id %lld out of range",
                           (long long)max_inst);
    free(t->first);
    t->n_first = (size_t)max_inst + 1;
    t->first = calloc(t->n_first, sizeof *t->first);
    if (!t->first) {
        t->n_first = 0;
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory for %lld institutions",
                           (long long)max_inst);
    }
    return COAUTH_OK;
}

/* Does pair `id` have the key at s (a uint64_t)? (coauth_hash_eq) */
static bool pair_is(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const inst_pairs *t = ctx;
    uint64_t key;
    (void)n;
    memcpy(&key, s, sizeof key);
    return ((uint64_t)t->inst[id] << 10 | t->country[id]) == key;
}

coauth_status coauth_inst_pairs_get(inst_pairs *t, int64_t inst, uint32_t country,
                                    uint32_t *out_index, coauth_error *err)
{
    if (inst <= 0 || inst > INT32_MAX || country >= COAUTH_N_COUNTRY_IDS)
        return coauth_fail(err, COAUTH_ELIMIT, "institution id %lld out of range", (long long)inst);
    uint64_t *slot = (size_t)inst < t->n_first ? &t->first[inst] : NULL;
    if (slot && *slot >> 32 == country + 1u) {
        *out_index = (uint32_t)*slot;
        return COAUTH_OK;
    }
    if (t->n >= INT32_MAX)
        return coauth_fail(err, COAUTH_ELIMIT, "more than 2^31 - 1 institutions");
    coauth_status st;
    uint64_t key = (uint64_t)inst << 10 | country;
    uint32_t h = 0;
    coauth_hash_slot *sl = NULL;
    if (!slot || *slot != 0) { /* not the institution's first pair: the hash */
        if (!t->map.slots && !coauth_hash_init(&t->map, 64))
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory for institutions");
        h = coauth_hash_bytes((const char *)&key, sizeof key);
        sl = coauth_hash_probe(&t->map, h, (const char *)&key, sizeof key, pair_is, t);
        if (sl->id) {
            *out_index = sl->id - 1;
            return COAUTH_OK;
        }
    }
    /* a new pair: stored first, so that the hash never names a pair not yet stored */
    if ((st = coauth_grow((void **)&t->inst, &t->cap_inst, t->n + 1, sizeof *t->inst, err)) ||
        (st =
             coauth_grow((void **)&t->country, &t->cap_country, t->n + 1, sizeof *t->country, err)))
        return st;
    t->inst[t->n] = inst;
    t->country[t->n] = (uint16_t)country;
    *out_index = (uint32_t)t->n;
    if (sl) {
        coauth_hash_set(sl, h, (uint32_t)t->n);
        t->n_map++;
    } else {
        *slot = (uint64_t)(country + 1u) << 32 | t->n;
    }
    t->n++;
    if (t->n_map * 2 > coauth_hash_capacity(&t->map) && !coauth_hash_grow(&t->map))
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory for institutions");
    return COAUTH_OK;
}

void coauth_inst_pairs_release(inst_pairs *t)
{
    free(t->first);
    coauth_hash_release(&t->map);
    free(t->inst);
    free(t->country);
    *t = (inst_pairs)INST_PAIRS_INIT;
}

coauth_status coauth_inst_part_node(inst_pairs *t, uint32_t n_orgs, bool fold,
                                    const coauth_part_row *r, uint32_t *out_id, coauth_error *err)
{
    *out_id = 0;
    if (r->org >= 0) {
        if (r->org < (int64_t)n_orgs) /* always, within one read transaction */
            *out_id = 1 + (uint32_t)r->org;
        return COAUTH_OK;
    }
    int cid = coauth_country_id(r->country);
    if (r->institution_id <= 0 || cid < 0)
        return COAUTH_OK; /* a name with no country is no institution */
    if (fold && (strcmp(r->country, "HK") == 0 || strcmp(r->country, "MO") == 0))
        cid = coauth_country_id("CN");
    uint32_t k;
    coauth_status st = coauth_inst_pairs_get(t, r->institution_id, (uint32_t)cid, &k, err);
    if (st)
        return st;
    if (k >= (uint32_t)INT32_MAX - 2 - n_orgs)
        return coauth_fail(err, COAUTH_ELIMIT, "institution ids beyond 2^31 - 1");
    *out_id = n_orgs + 1 + k;
    return COAUTH_OK;
}

coauth_status coauth_inst_authorship_org(coauth_authror_cursor *ic, coauth_authror_row *ir,
                                         bool *i_row, const coauth_auth_row *r, int64_t *out,
                                         coauth_error *err)
{
    *out = -1;
    coauth_status st = COAUTH_OK;
    while (*i_row && (ir->pmid < r->pmid || (ir->pmid == r->pmid && ir->position < r->position) ||
                      (ir->pmid == r->pmid && ir->position == r->position && ir->seq < r->seq)))
        if ((st = coauth_authror_cursor_next(ic, ir, i_row, err)))
            return st;
    if (*i_row && ir->pmid == r->pmid && ir->position == r->position && ir->seq == r->seq)
        *out = ir->org;
    return st;
}

static coauth_status intern(coauth_strtab *t, const char *s, size_t len, const char **out,
                            coauth_error *err)
{
    uint32_t sid;
    coauth_status st = coauth_strtab_intern(t, s, len, &sid, NULL, err);
    if (!st)
        *out = coauth_strtab_get(t, sid);
    return st;
}

coauth_status coauth_inst_node_names(coauth_store *s, const inst_pairs *pairs, uint32_t n_orgs,
                                     bool fold, const uint32_t *ids, size_t n, const char **names,
                                     const char **countries, const char **rors, void **tab,
                                     coauth_error *err)
{
    coauth_strtab *t = NULL;
    coauth_names_cursor *nc = NULL;
    coauth_status ret = coauth_strtab_new(&t, err);
    if (ret)
        return ret;
    *tab = t;
    if ((ret = coauth_names_cursor_open(s, &nc, err)))
        return ret;
    for (size_t i = 0; i < n && !ret; i++) {
        const char *name = "", *country = NULL, *ror = NULL;
        char code[3];
        size_t len = 0;
        uint32_t id = ids[i];
        names[i] = "";
        if (countries)
            countries[i] = NULL;
        if (rors)
            rors[i] = NULL;
        if (id >= 1 && id <= n_orgs) {
            ret = coauth_names_cursor_get(nc, true, (int64_t)id - 1, &name, &len, &country, &ror,
                                          err);
        } else if (id > n_orgs && (size_t)(id - n_orgs - 1) < pairs->n) {
            size_t k = id - n_orgs - 1;
            ret = coauth_names_cursor_get(nc, false, pairs->inst[k], &name, &len, NULL, NULL, err);
            coauth_country_str(pairs->country[k], code);
            country = code;
        }
        if (!ret && country && fold && (strcmp(country, "HK") == 0 || strcmp(country, "MO") == 0))
            country = "CN";
        if (!ret)
            ret = intern(t, name, len, &names[i], err);
        if (!ret && country && countries)
            ret = intern(t, country, strlen(country), &countries[i], err);
        if (!ret && ror && rors)
            ret = intern(t, ror, strlen(ror), &rors[i], err);
    }
    coauth_names_cursor_close(nc);
    return ret;
}
