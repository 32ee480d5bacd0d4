/* institutions_internal.h - the nodes of institution-level queries (SPEC 3.1): a ROR
 * organisation, or an institution name together with the country of the part that
 * names it.
 *
 * Invariant: node ids are dense, 1 .. n_orgs for the ROR organisations (node 1 + org
 * for ror_orgs.org) and n_orgs + 1 + k for the k-th distinct (institution id,
 * country) pair the part index met (coauth_paper_scan_open), so the arrays the queries
 * index by node stay as small as the graph. A part matched to an organisation is that
 * organisation whatever country its text names; a part with an institution but no
 * country (and no organisation) is no institution-level node at all.
 */
#ifndef COAUTH_INSTITUTIONS_INTERNAL_H
#define COAUTH_INSTITUTIONS_INTERNAL_H

#include "hash_internal.h"
#include "papers_internal.h"
#include "store_read.h"

/* The (institution id, country id) pairs, numbered in the order they were added. Most
 * institutions occur in one country, so the first pair of each institution sits in a
 * plain array indexed by institution id (one load a part) and only the others in the
 * hash map. */
typedef struct inst_pairs {
    uint64_t *first;   /* institution id -> (country id + 1) << 32 | pair index; 0 = none */
    size_t n_first;    /* entries of first (max institution id + 1) */
    coauth_hash map;   /* institution id << 10 | country id -> pair index, the others */
    size_t n_map;      /* pairs in map */
    int64_t *inst;     /* institutions.id of each pair */
    uint16_t *country; /* country id (coauth_country_id) of each pair */
    size_t n, cap_inst, cap_country;
} inst_pairs;

#define INST_PAIRS_INIT                                                                            \
    {                                                                                              \
        NULL, 0, {NULL, 0}, 0, NULL, NULL, 0, 0, 0                                                 \
    }

/* Size the first-pair array for institution ids up to max_inst (an id past it still
 * works, through the map). Fails with COAUTH_ENOMEM. */
COAUTH_NODISCARD coauth_status coauth_inst_pairs_reserve(inst_pairs *t, int64_t max_inst,
                                                         coauth_error *err);
/* The index of the pair (inst, country), added when new. inst in 1 .. 2^31 - 1, country
 * a dense country id (< COAUTH_N_COUNTRY_IDS). Fails with COAUTH_ENOMEM, or COAUTH_ELIMIT
 * past 2^31 pairs. */
COAUTH_NODISCARD coauth_status coauth_inst_pairs_get(inst_pairs *t, int64_t inst, uint32_t country,
                                                     uint32_t *out_index, coauth_error *err);
void coauth_inst_pairs_release(inst_pairs *t);

/* The node of one institution-level row of the parts cursor (store_read.h): its ROR
 * organisation, else its (institution, country) pair, added to t when new (with fold,
 * HK and MO as CN); *out_id = 0 when the part is no node (no organisation, and no
 * institution or no country). */
COAUTH_NODISCARD coauth_status coauth_inst_part_node(inst_pairs *t, uint32_t n_orgs, bool fold,
                                                     const coauth_part_row *r, uint32_t *out_id,
                                                     coauth_error *err);

/* SPEC 3.1 step 1: the organisation that the identifiers of authorship r name
 * (ror_orgs.org), -1 when none. ic is the identifiers cursor, *ir its current row and
 * *i_row whether it has one; both are stepped forward to r's key, so r must come in
 * (pmid, position, seq) order. */
COAUTH_NODISCARD coauth_status coauth_inst_authorship_org(coauth_authror_cursor *ic,
                                                          coauth_authror_row *ir, bool *i_row,
                                                          const coauth_auth_row *r, int64_t *out,
                                                          coauth_error *err);

/* Names of the institution-level nodes ids[0..n) (any order) as the invariant above
 * numbers them: names[i] the ROR display name or the institution's name, countries[i]
 * the organisation's country or the pair's, rors[i] the https://ror.org/ id or NULL
 * (countries and rors may be NULL). With fold, HK and MO are written CN. Strings are
 * owned by *tab (a coauth_strtab the caller frees with coauth_strtab_free), which is
 * set even on failure. Inside the scan's read transaction. */
COAUTH_NODISCARD coauth_status coauth_inst_node_names(coauth_store *s, const inst_pairs *pairs,
                                                      uint32_t n_orgs, bool fold,
                                                      const uint32_t *ids, size_t n,
                                                      const char **names, const char **countries,
                                                      const char **rors, void **tab,
                                                      coauth_error *err);

#endif
