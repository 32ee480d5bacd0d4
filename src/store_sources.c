/* store_sources.c - one paper per PMID from PubMed and JATS (SPEC 2.2).
 *
 * Invariant: see "Two sources" below: after every write to a pair, its rows are a
 * function of the two keys' latest records only.
 */
#include "store_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Two sources (SPEC 2.2) -------------------------------------------------------
 *
 * A JATS article with a PMID P is stored under S = P + COAUTH_STORE_JATS_KEY, a paper
 * of its own with the precedence of SPEC 2.4 among JATS versions, so that each key's
 * rows depend only on the records of that key. Which of the two counts is settled
 * after every write to P or S (settle_pair), from their own rows only: S is hidden when
 * P exists; when S names affiliations for more authors than P, the authorships (and
 * their affiliation_identifiers and n_authors) of the two keys are swapped and P is
 * marked authorships_from = 1; before any write to P or S they are swapped back
 * (unswap_pair), so every write sees each key's own rows. The result is a function of
 * the two keys' latest records: the same in any order of application. */

/* PubMed's key of the pair a key belongs to, or 0 (JATS without PMID, COAUTH_KEY_PMC
 * and above). */
uint64_t coauth_store_pair_pmid(uint64_t key)
{
    if (key < COAUTH_STORE_JATS_KEY)
        return key;
    if (key < COAUTH_KEY_PMC)
        return key - COAUTH_STORE_JATS_KEY;
    return 0;
}

static coauth_status pair_exec(coauth_store *s, const char *sql, int64_t a, int64_t b,
                               coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, a);
        sqlite3_bind_int64(st, 2, b);
        rc = coauth_step_done(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK
                           : coauth_store_fail_stmt(s, rc, err, "settling a paper's sources");
}

/* The first column of `sql` bound to a (-1 when there is no row). */
static coauth_status pair_int(coauth_store *s, const char *sql, int64_t a, int64_t *out,
                              coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    *out = -1;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, a);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW)
            *out = sqlite3_column_int64(st, 0);
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK
                           : coauth_store_fail_stmt(s, rc, err, "settling a paper's sources");
}

/* Exchange the authorships, affiliation identifiers and n_authors of keys p and q. */
static coauth_status swap_pair(coauth_store *s, int64_t p, int64_t q, coauth_error *err)
{
    static const char *const tables[] = {"authorships", "affiliation_identifiers"};
    coauth_status st = coauth_store_meta_flush(s->meta, err); /* no queued rows of p or q */
    for (size_t i = 0; !st && i < 2; i++) {
        char a[128], b[128];
        snprintf(a, sizeof a, "UPDATE %s SET pmid = ?2 WHERE pmid = ?1", tables[i]);
        snprintf(b, sizeof b, "UPDATE %s SET pmid = ?1 WHERE pmid = ?2", tables[i]);
        /* through -1 (no paper's key): the primary keys never collide */
        if ((st = pair_exec(s, a, p, -1, err)) || (st = pair_exec(s, b, p, q, err)) ||
            (st = pair_exec(s, a, -1, q, err)))
            break;
    }
    int64_t np = 0, nq = 0;
    if (!st && !(st = pair_int(s, "SELECT n_authors FROM papers WHERE pmid = ?1", p, &np, err)) &&
        !(st = pair_int(s, "SELECT n_authors FROM papers WHERE pmid = ?1", q, &nq, err)) &&
        !(st = pair_exec(s, "UPDATE papers SET n_authors = ?2 WHERE pmid = ?1", p, nq, err)))
        st = pair_exec(s, "UPDATE papers SET n_authors = ?2 WHERE pmid = ?1", q, np, err);
    return st;
}

/* Before a write to pmid's pair: each key holds its own rows again. */
coauth_status coauth_store_unswap_pair(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    if (!s->pairs || !pmid)
        return COAUTH_OK;
    int64_t from = 0;
    coauth_status st = pair_int(s, "SELECT authorships_from FROM papers WHERE pmid = ?1",
                                (int64_t)pmid, &from, err);
    if (st || from != 1)
        return st;
    if ((st = swap_pair(s, (int64_t)pmid, (int64_t)(pmid + COAUTH_STORE_JATS_KEY), err)))
        return st;
    s->pair_unswapped = true;
    return pair_exec(s, "UPDATE papers SET authorships_from = ?2 WHERE pmid = ?1", (int64_t)pmid, 0,
                     err);
}

/* Authors with at least one authorship row of key k. */
static coauth_status authors_with_affiliations(coauth_store *s, int64_t k, int64_t *out,
                                               coauth_error *err)
{
    return pair_int(s, "SELECT count(DISTINCT position) FROM authorships WHERE pmid = ?1", k, out,
                    err);
}

/* After a write to pmid's pair: which key counts, and whose authorships it has. */
static coauth_status settle_keys(coauth_store *s, int64_t p, int64_t q, bool *out_pair,
                                 coauth_error *err)
{
    int64_t have_p = 0, have_q = 0, aff_p = 0, aff_q = 0;
    coauth_status st;
    *out_pair = false;
    if ((st = pair_int(s, "SELECT count(*) FROM papers WHERE pmid = ?1", p, &have_p, err)) ||
        (st = pair_int(s, "SELECT count(*) FROM papers WHERE pmid = ?1", q, &have_q, err)))
        return st;
    if (!have_q)
        return COAUTH_OK;
    *out_pair = true;
    if ((st = pair_exec(s, "UPDATE papers SET hidden = ?2 WHERE pmid = ?1", q, have_p, err)))
        return st;
    if (!have_p)
        return COAUTH_OK;
    if ((st = authors_with_affiliations(s, p, &aff_p, err)) ||
        (st = authors_with_affiliations(s, q, &aff_q, err)))
        return st;
    if (aff_q <= aff_p) /* ties: PubMed */
        return COAUTH_OK;
    if ((st = swap_pair(s, p, q, err)))
        return st;
    return pair_exec(s, "UPDATE papers SET authorships_from = ?2 WHERE pmid = ?1", p, 1, err);
}

/* settle_keys, then, when the JATS key exists or the pair was swapped back (hidden,
 * authorships or n_authors of either key may have changed), the country sets of both
 * keys are recomputed from their rows (store_sets.c): a hidden key has none. */
coauth_status coauth_store_settle_pair(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    if (!s->pairs || !pmid)
        return COAUTH_OK;
    int64_t p = (int64_t)pmid, q = (int64_t)(pmid + COAUTH_STORE_JATS_KEY);
    bool pair = false;
    coauth_status st = settle_keys(s, p, q, &pair, err);
    if (st)
        return st;
    if (!pair && !s->pair_unswapped)
        return COAUTH_OK;
    s->pair_unswapped = false;
    /* the keys' sets may still be queued; with a registry their identifiers are read
     * (authorship_countries), which may be queued too */
    if ((s->registry && (st = coauth_store_meta_flush(s->meta, err))) ||
        (st = coauth_store_flush_sets(s, err)) ||
        (st = coauth_store_sets_rebuild_pmid(s->db, s->path, p, err)) ||
        (st = coauth_store_sets_rebuild_pmid(s->db, s->path, q, err)))
        return st;
    return COAUTH_OK;
}
