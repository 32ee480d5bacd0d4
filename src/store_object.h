/* store_object.h - the store object (struct coauth_store) and the writer's prepared
 * statements, shared by the files that make it up:
 *   store.c           open, close, provenance (the meta table), shared helpers
 *   store_files.c     per-file transactions: begin, commit, rollback, file places
 *   store_affil.c     affiliation strings, their parts and institutions, the queued
 *                     authorships and country sets of a record
 *   store_write.c     records: precedence (SPEC 2.4), papers, deletions
 *   store_sources.c   one paper per PMID from two sources (SPEC 2.2)
 *   store_reresolve.c re-resolution of every stored string
 *   store_stats.c     the counts of 'coauth stats'
 *
 * Invariant: only those files include this header; the rest of the store (store_read.c,
 * store_meta.c, store_sets.c, ...) sees the object only through store_internal.h.
 */
#ifndef COAUTH_STORE_OBJECT_H
#define COAUTH_STORE_OBJECT_H

#include "store_internal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <coauth/resolve.h>
#include <coauth/strtab.h>

enum stmt_id {
    ST_FILE_APPLIED, /* the first two are also prepared on a read-only store */
    ST_FILE_NAME_SIZE,
    ST_PAPER_EXISTS,
    ST_DELETION_PLACE,
    ST_DEL_AUTHORSHIPS,
    ST_DEL_PAPER,
    ST_INS_PAPER,
    ST_UNDELETE,
    ST_INS_DELETION,
    ST_AFF_BY_HASH,
    ST_INST_BY_NAME,
    ST_INS_INST,
    ST_INS_FILE,
    ST_DEL_SET,
    ST_PARTS_OF,
    ST_MARK_DIRTY,
    ST_IDENT_ORG,
    ST_AFF_PART1,
    N_STMT
};

/* The SQL of each statement (store.c); prepared once at open. */
extern const char *const coauth_store_stmt_sql[N_STMT];

/* A new affiliation string, queued with the id it will get; text and country are
 * borrowed from the record being stored (inserted before it returns). */
struct pending_aff {
    int64_t id, n_parts;
    uint64_t hash;
    const char *text, *country;
    size_t len;
};

struct pending_auth {
    int64_t aff;
    int position, seq;
};

struct pending_part {
    int64_t aff, inst; /* inst 0: none */
    int part;
    char country[3];
    const char *rule; /* static */
    const char *ror;  /* borrowed from the resolver's ROR registry, NULL: none */
};

/* A paper's country set row, queued for a multi-row INSERT; parts are sets.p[off ..
 * off + len). */
struct pending_set {
    int64_t pmid, n_authors;
    int year; /* 0: NULL */
    int research;
    size_t off, len;
};

#define SETS_QUEUE 32

/* Slots of the cache of counted countries by affiliation id (see struct coauth_store):
 * 2^CC_MIN_BITS at first, doubled when half full up to 2^CC_MAX_BITS (12 MiB), then
 * cleared when half full; at most CC_MAX_IDS ids. */
#define CC_MIN_BITS 14
#define CC_MAX_BITS 20
#define CC_MAX_IDS  (4u << 20)

struct coauth_store {
    sqlite3 *db;
    char *path;
    bool readonly;
    bool in_file;      /* a file transaction is open */
    int migrated_from; /* schema version the open migrated from, 0 = none */
    int64_t file_id;   /* id the current file will get */
    /* The current file's place (SPEC 2.4), the position of its last record (1-based),
     * and the records that lost to a later stored paper or deletion. */
    int64_t place, record_pos;
    int place_year, store_year;
    uint64_t superseded;
    /* Largest pmid in `papers` and in `deletions` inside the open transaction (read at
     * begin_file, raised on insert). PubMed files come in ascending PMID order, so most
     * records of a new file are above both and need neither an existence look-up nor an
     * undelete. */
    /* the largest stored key below COAUTH_STORE_JATS_KEY (PMIDs) and at or above it (JATS
     * keys), apart so that JATS papers keep PubMed's records above every stored PMID
     * free of look-ups */
    int64_t max_paper, max_paper_jats, max_deleted;
    bool pairs; /* a JATS version of a PubMed paper (a key in [2^61, 2^62)) may be stored */
    bool pair_unswapped; /* unswap_pair swapped a pair back: settle_pair recomputes its sets */
    /* a ROR registry is imported (read at begin_file): an affiliation's identifiers may
     * give its authorship a country (schema 11, SPEC 3.1 step 1); without one the writer
     * never looks at them */
    bool registry;
    sqlite3_stmt *st[N_STMT];
    /* institution name -> row id cache (names interned; ids by strtab id) */
    coauth_strtab *inst_names;
    const coauth_resolver *resolver; /* resolves new strings given without resolution */
    coauth_resolution scratch;
    int64_t *inst_ids;
    uint32_t inst_cap;
    /* A record's authorships and new affiliation parts, inserted together at the end
     * of coauth_store_put_record() by multi-row INSERTs (store_rows.c): one statement
     * per record instead of one per row, which is most of SQLite's cost per row here. */
    coauth_rows ins_aff, ins_hash, ins_auth, ins_part;
    coauth_store_meta *meta; /* the paper metadata tables (store_meta.c) */
    /* The record's new affiliation strings, inserted by coauth_store_flush_pending with
     * the ids they were given: next_aff, the largest stored id + 1, read at begin_file
     * (INTEGER PRIMARY KEY without AUTOINCREMENT: the id SQLite would choose). */
    struct pending_aff *paff;
    size_t n_paff, cap_paff;
    int64_t next_aff;
    int64_t hash_merge_rows; /* coauth_store_hashes_merge's threshold; 0: not read yet */
    struct pending_auth *pauth;
    size_t n_pauth, cap_pauth;
    struct pending_part *ppart;
    size_t n_ppart, cap_ppart;
    /* the country sets (store_sets.c): the rows queued, their parts, and the current
     * record's author being formed */
    coauth_rows ins_set;
    struct pending_set pset[SETS_QUEUE];
    size_t n_pset;
    /* Inside a file transaction the connection runs without triggers (sqlite3_db_config
     * SQLITE_DBCONFIG_ENABLE_TRIGGER: each sets row inserted by a multi-row INSERT ran
     * the trigger's program and went through a temporary table first): the writer marks
     * the chunk of every sets row it inserts or deletes in paper_country_dirty itself
     * (ST_MARK_DIRTY; rebuild_pmid in store_sets.c), once per run of one chunk. */
    int64_t dirty_last; /* the chunk marked last in this transaction, -1: none */
    coauth_set_buf set_parts;
    uint16_t *author_ids;
    size_t n_author_ids, cap_author_ids;
    /* The counted country ids of the affiliations met in this run, so that a string
     * repeated in a later record costs no statement: open addressing over the id
     * (cc_key 0 = empty slot; ids are >= 1), cc_val the offset in cc_ids of
     * [n, id ...]. Cleared when full, after a rollback (ids are reused) and by
     * reresolve (parts change). Allocated on first use; without memory, no cache. */
    int64_t *cc_key;
    uint32_t *cc_val;
    unsigned cc_bits; /* the table has 2^cc_bits slots (when cc_key is not NULL) */
    uint16_t *cc_ids;
    size_t n_cc, n_cc_ids, cap_cc_ids;
    /* The affiliation strings stored, as a blocked Bloom filter over their stored hash
     * (affiliation_hashes.hash, the low half of text_hash), while this connection has
     * seen every string of the store (it was empty at the first file, no other
     * connection wrote since: PRAGMA data_version): a string the filter does not hold
     * is not stored, and needs no look-up. 2^aff_bits bits in 64-byte blocks, AFF_BLOOM_K
     * bits a string, all in one block. Once it holds a string per AFF_BLOOM_BITS_PER
     * bits it is rebuilt twice as large from the two hash tables and the queued
     * strings, up to 2^aff_max_bits bits; that one fills up (a "maybe" more often,
     * never a wrong "absent"). It is dropped, and every string looked up, when another
     * connection wrote, or memory or a rebuild failed. aff_state: 0 not decided yet, 1
     * in use, -1 off. */
    uint64_t *aff_bloom;
    unsigned aff_bits, aff_max_bits;
    size_t n_aff_bloom;
    int aff_state;
    int64_t aff_data_version;
};

/* 2^20 bits (128 KiB) at first, at most 2^29 (64 MiB: 67M strings at 8 bits a string,
 * 94M, the synthetic baseline's, at 5.7 and about 7 % false "maybe"s); the meta keys
 * aff_filter_bits and aff_filter_max_bits override both (tests). bench/RESULTS.md, "A
 * Bloom filter for the strings of a run". */
#define AFF_MIN_BITS       20
#define AFF_MAX_BITS       29
#define AFF_BLOOM_K        5
#define AFF_BLOOM_BITS_PER 8

/* Helpers of store.c. */
/* Run a prepared statement that returns no row (or whose rows are ignored). */
int coauth_step_done(sqlite3_stmt *st);
/* coauth_store_failat on the store's own file. */
coauth_status coauth_store_fail_stmt(coauth_store *s, int rc, coauth_error *err, const char *what);
/* Run SQL text without rows. */
coauth_status coauth_store_exec(coauth_store *s, const char *sql, coauth_error *err);
/* The integer at the start of meta key `key`'s value into *out; 0 when the key is
 * absent or its value does not start with one (the tuning keys the tests set). */
coauth_status coauth_store_meta_int(coauth_store *s, const char *key, int64_t *out,
                                    coauth_error *err);
/* The first column of the first row of `sql` (0 when there is no row). */
coauth_status coauth_store_query_int(coauth_store *s, const char *sql, int64_t *out,
                                     coauth_error *err);

/* store_affil.c */
/* Forget the counted countries cached by affiliation id (ids reused or parts changed). */
void coauth_store_cc_clear(coauth_store *s);
/* At the start of a file transaction: decide whether the set of stored affiliation
 * fingerprints can be used (see struct coauth_store). */
coauth_status coauth_store_aff_set_check(coauth_store *s, coauth_error *err);
/* Forget the institution name -> id cache (ids rolled back or pruned). */
void coauth_store_forget_institutions(coauth_store *s);
/* Grow a pending array to hold one more element. */
bool coauth_store_pending_room(void **p, size_t *cap, size_t n, size_t size);
/* Queue the parts of a new affiliation (inserted by coauth_store_flush_pending). */
coauth_status coauth_store_insert_parts(coauth_store *s, int64_t aff_id,
                                        const coauth_resolution *res, coauth_error *err);
/* Insert the queued affiliations, parts, then authorships (of pmid). */
coauth_status coauth_store_flush_pending(coauth_store *s, uint64_t pmid, coauth_error *err);
/* Inside a file transaction: move the pairs of affiliation_hashes_new into
 * affiliation_hashes when there are enough of them (schema 11). */
coauth_status coauth_store_hashes_merge(coauth_store *s, coauth_error *err);
/* Mark the chunk of pmid's sets row dirty (paper_country_dirty). */
coauth_status coauth_store_mark_dirty(coauth_store *s, int64_t pmid, coauth_error *err);
/* Insert the queued country sets. */
coauth_status coauth_store_flush_sets(coauth_store *s, coauth_error *err);
/* Append the counted countries of affiliation `aff` to the author being formed; with a
 * registry, the organisation that the authorship's own identifiers (those of `a`, may
 * be NULL) name gives its country to a one-part string whose country is NULL or from a
 * name rule (schema 11, authorship_countries). */
coauth_status coauth_store_author_countries(coauth_store *s, int64_t aff, bool is_new,
                                            const coauth_resolution *res,
                                            const coauth_affiliation *a, coauth_error *err);
/* The row id of affiliation `a`, inserted (with its parts queued) when new: *out_new
 * (may be NULL) then true and *out_res the resolution used. */
coauth_status coauth_store_affiliation_id(coauth_store *s, const coauth_affiliation *a,
                                          const coauth_resolution *res, int64_t *out_id,
                                          bool *out_new, const coauth_resolution **out_res,
                                          coauth_error *err);

/* store_sources.c */
/* PubMed's key of the pair a key belongs to, or 0. */
uint64_t coauth_store_pair_pmid(uint64_t key);
/* Before a write to pmid's pair: each key holds its own rows again. */
coauth_status coauth_store_unswap_pair(coauth_store *s, uint64_t pmid, coauth_error *err);
/* After a write to pmid's pair: which key counts, whose authorships, their sets. */
coauth_status coauth_store_settle_pair(coauth_store *s, uint64_t pmid, coauth_error *err);

#endif
