/* store_affil.c - affiliation strings, their parts and institutions, and the rows a
 * record queues for them: authorships, parts, country sets.
 *
 * Invariant: a string is stored once (hash look-up, then full comparison) and resolved
 * only when new to the store; its parts are queued with it and inserted by
 * coauth_store_flush_pending before the record ends.
 */
#include "store_object.h"

#include "store_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void coauth_store_cc_clear(coauth_store *s)
{
    if (s->cc_key)
        memset(s->cc_key, 0, ((size_t)1 << s->cc_bits) * sizeof *s->cc_key);
    s->n_cc = s->n_cc_ids = 0;
}

/* The home slot of aff in a table of 2^bits slots (Fibonacci hashing). */
static size_t cc_slot(int64_t aff, unsigned bits)
{
    return (size_t)(((uint64_t)aff * 0x9E3779B97F4A7C15ull) >> (64 - bits));
}

/* A table of 2^bits slots holding the entries of the current one (none at first).
 * false when out of memory: the current table is then kept. The table starts small
 * and doubles, so that a run of one file touches (and faults in) only the memory its
 * strings need, and its probes stay in cache longer. */
static bool cc_resize(coauth_store *s, unsigned bits)
{
    size_t slots = (size_t)1 << bits;
    int64_t *key = calloc(slots, sizeof *key);
    uint32_t *val = malloc(slots * sizeof *val);
    if (!key || !val) {
        free(key);
        free(val);
        return false;
    }
    size_t old = s->cc_key ? (size_t)1 << s->cc_bits : 0;
    for (size_t i = 0; i < old; i++) {
        if (!s->cc_key[i])
            continue;
        size_t j = cc_slot(s->cc_key[i], bits);
        while (key[j])
            j = (j + 1) & (slots - 1);
        key[j] = s->cc_key[i];
        val[j] = s->cc_val[i];
    }
    free(s->cc_key);
    free(s->cc_val);
    s->cc_key = key;
    s->cc_val = val;
    s->cc_bits = bits;
    return true;
}

/* Remember the n counted country ids of affiliation aff (best effort). */
static void cc_put(coauth_store *s, int64_t aff, const uint16_t *ids, size_t n)
{
    if (aff <= 0 || n > CC_MAX_IDS / 2)
        return;
    if (!s->cc_key && !cc_resize(s, CC_MIN_BITS))
        return;
    size_t slots = (size_t)1 << s->cc_bits;
    if (s->n_cc >= slots / 2 && (s->cc_bits >= CC_MAX_BITS || !cc_resize(s, s->cc_bits + 1)))
        coauth_store_cc_clear(s); /* full at its largest (or no memory to grow) */
    slots = (size_t)1 << s->cc_bits;
    if (s->n_cc_ids + n + 1 > CC_MAX_IDS)
        coauth_store_cc_clear(s);
    if (s->n_cc_ids + n + 1 > s->cap_cc_ids) {
        size_t cap = s->cap_cc_ids ? s->cap_cc_ids : 4096;
        while (cap < s->n_cc_ids + n + 1)
            cap *= 2;
        uint16_t *p = realloc(s->cc_ids, cap * sizeof *p);
        if (!p)
            return;
        s->cc_ids = p;
        s->cap_cc_ids = cap;
    }
    size_t j = cc_slot(aff, s->cc_bits);
    while (s->cc_key[j] && s->cc_key[j] != aff)
        j = (j + 1) & (slots - 1);
    if (s->cc_key[j] == aff)
        return; /* known already (and unchanged: parts change only by reresolve) */
    s->cc_key[j] = aff;
    s->cc_val[j] = (uint32_t)s->n_cc_ids;
    s->cc_ids[s->n_cc_ids++] = (uint16_t)n;
    if (n) /* ids may be NULL when n is 0 */
        memcpy(s->cc_ids + s->n_cc_ids, ids, n * sizeof *ids);
    s->n_cc_ids += n;
    s->n_cc++;
}

/* The remembered ids of aff (*out_n of them at *out), or false. */
static bool cc_get(const coauth_store *s, int64_t aff, const uint16_t **out, size_t *out_n)
{
    if (!s->cc_key || aff <= 0)
        return false;
    size_t mask = ((size_t)1 << s->cc_bits) - 1;
    size_t j = cc_slot(aff, s->cc_bits);
    while (s->cc_key[j]) {
        if (s->cc_key[j] == aff) {
            const uint16_t *p = s->cc_ids + s->cc_val[j];
            *out_n = p[0];
            *out = p + 1;
            return true;
        }
        j = (j + 1) & mask;
    }
    return false;
}

/* The 64-bit FNV-1a of an affiliation text. The offset basis is the published one
 * without its last digit, as in every store since schema 1: kept, since the stored
 * hashes depend on it (any basis serves a look-up that compares texts in full). */
static uint64_t text_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* affiliations.hash (schema 10) of a text whose text_hash is h: its low 32 bits,
 * sign-extended, so that SQLite stores it in 4 bytes (store_migrate.c converts the
 * 64-bit hashes of older stores the same way). */
static int64_t stored_hash(uint64_t h)
{
    int64_t low = (int64_t)(h & 0xffffffffu);
    return low >= 0x80000000 ? low - 0x100000000 : low;
}

/* ---- the Bloom filter of the stored strings (struct coauth_store, aff_bloom) ---- */

static void aff_set_drop(coauth_store *s)
{
    free(s->aff_bloom);
    s->aff_bloom = NULL;
    s->aff_bits = 0;
    s->n_aff_bloom = 0;
    s->aff_state = -1;
}

/* The filter's key of a stored hash (affiliation_hashes.hash), mixed (splitmix64's
 * finaliser): the block from its high bits, the AFF_BLOOM_K bit offsets in the block
 * from a second mix, 9 bits each. */
static uint64_t bloom_mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/* The first word of key x's block: 2^(bits-9) blocks of 8 words. */
static size_t bloom_block(unsigned bits, uint64_t x)
{
    return (size_t)(x >> (64 - (bits - 9))) << 3;
}

static void bloom_put(uint64_t *t, unsigned bits, int64_t stored)
{
    uint64_t x = bloom_mix((uint64_t)(uint32_t)stored), y = bloom_mix(x);
    uint64_t *b = t + bloom_block(bits, x);
    for (int k = 0; k < AFF_BLOOM_K; k++, y >>= 9)
        b[(y >> 6) & 7] |= 1ull << (y & 63);
}

static bool bloom_has(const uint64_t *t, unsigned bits, int64_t stored)
{
    uint64_t x = bloom_mix((uint64_t)(uint32_t)stored), y = bloom_mix(x);
    const uint64_t *b = t + bloom_block(bits, x);
    for (int k = 0; k < AFF_BLOOM_K; k++, y >>= 9)
        if (!(b[(y >> 6) & 7] & (1ull << (y & 63))))
            return false;
    return true;
}

/* A filter of 2^bits bits holding every string of the store: the rows of both hash
 * tables (this transaction's too) and the strings queued, not inserted yet. false
 * (and nothing changed) on failure. */
static bool aff_set_rebuild(coauth_store *s, unsigned bits)
{
    uint64_t *t = calloc((size_t)1 << (bits - 6), sizeof *t);
    if (!t)
        return false;
    sqlite3_stmt *st = NULL;
    size_t n = 0;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT hash FROM affiliation_hashes UNION ALL "
                                "SELECT hash FROM affiliation_hashes_new",
                                -1, &st, NULL);
    if (rc == SQLITE_OK)
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            bloom_put(t, bits, sqlite3_column_int64(st, 0));
            n++;
        }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(t);
        return false;
    }
    for (size_t i = 0; i < s->n_paff; i++, n++)
        bloom_put(t, bits, stored_hash(s->paff[i].hash));
    free(s->aff_bloom);
    s->aff_bloom = t;
    s->aff_bits = bits;
    s->n_aff_bloom = n;
    return true;
}

/* Remember that the string of hash h is stored; on failure (no memory, a rebuild that
 * could not read the store) the filter is dropped. */
static void aff_set_add(coauth_store *s, uint64_t h)
{
    if (s->aff_state != 1)
        return;
    if (s->n_aff_bloom + 1 > ((size_t)1 << s->aff_bits) / AFF_BLOOM_BITS_PER &&
        s->aff_bits < s->aff_max_bits && !aff_set_rebuild(s, s->aff_bits + 1)) {
        aff_set_drop(s);
        return;
    }
    bloom_put(s->aff_bloom, s->aff_bits, stored_hash(h));
    s->n_aff_bloom++;
}

/* false: the string of hash h is certainly not stored. */
static bool aff_set_maybe(const coauth_store *s, uint64_t h)
{
    if (s->aff_state != 1)
        return true;
    return bloom_has(s->aff_bloom, s->aff_bits, stored_hash(h));
}

/* The value of meta key `key` in [lo, hi], else `dflt`. */
static coauth_status meta_bits(coauth_store *s, const char *key, unsigned lo, unsigned hi,
                               unsigned dflt, unsigned *out, coauth_error *err)
{
    int64_t v = 0;
    coauth_status st = coauth_store_meta_int(s, key, &v, err);
    *out = !st && v >= lo && v <= hi ? (unsigned)v : dflt;
    return st;
}

coauth_status coauth_store_aff_set_check(coauth_store *s, coauth_error *err)
{
    if (s->aff_state < 0)
        return COAUTH_OK;
    /* inside the write transaction: no other connection can commit until it ends */
    int64_t dv = 0;
    coauth_status st = coauth_store_query_int(s, "PRAGMA data_version", &dv, err);
    if (st)
        return st;
    if (s->aff_state == 1) {
        if (dv != s->aff_data_version) /* another connection wrote: strings unknown */
            aff_set_drop(s);
        return COAUTH_OK;
    }
    int64_t any = 0;
    if ((st = coauth_store_query_int(s, "SELECT EXISTS (SELECT 1 FROM affiliations)", &any, err)))
        return st;
    s->aff_state = -1;
    if (any)
        return COAUTH_OK; /* strings this connection has not seen */
    unsigned bits, max_bits;
    if ((st = meta_bits(s, "aff_filter_bits", 10, 34, AFF_MIN_BITS, &bits, err)) ||
        (st = meta_bits(s, "aff_filter_max_bits", 10, 34, AFF_MAX_BITS, &max_bits, err)))
        return st;
    if (!(s->aff_bloom = calloc((size_t)1 << (bits - 6), sizeof *s->aff_bloom)))
        return COAUTH_OK; /* no memory: every string is looked up */
    s->aff_bits = bits;
    s->aff_max_bits = max_bits > bits ? max_bits : bits;
    s->n_aff_bloom = 0;
    s->aff_state = 1;
    s->aff_data_version = dv;
    return COAUTH_OK;
}

/* Find the stored affiliation with this text (of hash h = text_hash(text, len)):
 * *out_id = row id or 0 when absent. */
static coauth_status find_affiliation(coauth_store *s, const char *text, size_t len, uint64_t h,
                                      int64_t *out_id, coauth_error *err)
{
    *out_id = 0;
    for (size_t i = 0; i < s->n_paff; i++) { /* new in this record, not inserted yet */
        const struct pending_aff *q = &s->paff[i];
        if (q->hash == h && q->len == len && (len == 0 || memcmp(q->text, text, len) == 0)) {
            *out_id = q->id;
            return COAUTH_OK;
        }
    }
    if (s->in_file && !aff_set_maybe(s, h)) /* checked at the transaction's start */
        return COAUTH_OK;
    sqlite3_stmt *st = s->st[ST_AFF_BY_HASH];
    sqlite3_bind_int64(st, 1, stored_hash(h));
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const void *t = sqlite3_column_blob(st, 1);
        size_t tl = (size_t)sqlite3_column_bytes(st, 1);
        if (tl == len && (len == 0 || memcmp(t, text, len) == 0)) {
            *out_id = sqlite3_column_int64(st, 0);
            break;
        }
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return coauth_store_fail_stmt(s, rc, err, "looking up an affiliation");
    return COAUTH_OK;
}

coauth_status coauth_store_affiliation_known(coauth_store *s, const char *text, size_t len,
                                             int *out_known, coauth_error *err)
{
    int64_t id = 0;
    coauth_status st = find_affiliation(s, text, len, text_hash(text, len), &id, err);
    *out_known = id != 0;
    return st;
}

static coauth_status institution_id(coauth_store *s, const char *name, int64_t *out_id,
                                    coauth_error *err)
{
    size_t len = strlen(name);
    uint32_t sid;
    if (!s->inst_names) {
        coauth_status nst = coauth_strtab_new(&s->inst_names, err);
        if (nst)
            return nst;
    }
    if (coauth_strtab_find(s->inst_names, name, len, &sid)) {
        *out_id = s->inst_ids[sid];
        return COAUTH_OK;
    }
    sqlite3_stmt *st = s->st[ST_INST_BY_NAME];
    sqlite3_bind_text(st, 1, name, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t id = 0;
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return coauth_store_fail_stmt(s, rc, err, "looking up an institution");
    if (!id) {
        st = s->st[ST_INS_INST];
        sqlite3_bind_text(st, 1, name, (int)len, SQLITE_STATIC);
        if ((rc = coauth_step_done(st)) != SQLITE_OK)
            return coauth_store_fail_stmt(s, rc, err, "storing an institution");
        id = sqlite3_last_insert_rowid(s->db);
    }
    coauth_status cst = coauth_strtab_intern(s->inst_names, name, len, &sid, NULL, err);
    if (cst)
        return cst;
    if (sid >= s->inst_cap) {
        uint32_t cap = s->inst_cap ? s->inst_cap * 2 : 1024;
        while (cap <= sid)
            cap *= 2;
        int64_t *ids = realloc(s->inst_ids, (size_t)cap * sizeof *ids);
        if (!ids)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory caching institutions");
        s->inst_ids = ids;
        s->inst_cap = cap;
    }
    s->inst_ids[sid] = id;
    *out_id = id;
    return COAUTH_OK;
}

/* A new, empty cache; without memory none (institution_id re-creates it). */
void coauth_store_forget_institutions(coauth_store *s)
{
    coauth_strtab *fresh = NULL;
    if (coauth_strtab_new(&fresh, NULL) != COAUTH_OK)
        fresh = NULL;
    coauth_strtab_free(s->inst_names);
    s->inst_names = fresh;
}

/* Grow a pending array to hold one more element. */
bool coauth_store_pending_room(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 64;
    void *q = realloc(*p, nc * size);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

/* Queue the parts of a new affiliation (inserted by flush_pending). */
coauth_status coauth_store_insert_parts(coauth_store *s, int64_t aff_id,
                                        const coauth_resolution *res, coauth_error *err)
{
    for (size_t k = 0; res && k < res->n_parts; k++) {
        const coauth_part *p = &res->parts[k];
        int64_t inst = 0;
        if (p->institution && p->institution[0]) {
            coauth_status cst = institution_id(s, p->institution, &inst, err);
            if (cst)
                return cst;
        }
        if (!coauth_store_pending_room((void **)&s->ppart, &s->cap_ppart, s->n_ppart,
                                       sizeof *s->ppart))
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory storing affiliation parts");
        struct pending_part *q = &s->ppart[s->n_ppart++];
        q->aff = aff_id;
        q->inst = inst;
        q->part = (int)k + 1;
        memcpy(q->country, p->country, sizeof q->country);
        q->country[sizeof q->country - 1] = '\0';
        q->rule = p->rule ? p->rule : "none";
        q->ror = p->ror;
    }
    return COAUTH_OK;
}

/* Binds row `row` of the pending affiliations, parts or authorships
 * (coauth_rows_bind_fn). */
static void bind_aff(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const struct pending_aff *q = &((const coauth_store *)ctx)->paff[row];
    sqlite3_bind_int64(st, base + 1, q->id);
    sqlite3_bind_int64(st, base + 2, stored_hash(q->hash));
    sqlite3_bind_text(st, base + 3, q->text, (int)q->len, SQLITE_STATIC);
    sqlite3_bind_int64(st, base + 4, q->n_parts);
    coauth_bind_text_or_null(st, base + 5, q->country);
}

static void bind_hash(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const struct pending_aff *q = &((const coauth_store *)ctx)->paff[row];
    sqlite3_bind_int64(st, base + 1, stored_hash(q->hash));
    sqlite3_bind_int64(st, base + 2, q->id);
}

static void bind_part(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const struct pending_part *q = &((const coauth_store *)ctx)->ppart[row];
    sqlite3_bind_int64(st, base + 1, q->aff);
    sqlite3_bind_int64(st, base + 2, q->part);
    coauth_bind_text_or_null(st, base + 3, q->country[0] ? q->country : NULL);
    coauth_bind_int_or_null(st, base + 4, q->inst);
    sqlite3_bind_text(st, base + 5, q->rule, -1, SQLITE_STATIC);
    coauth_bind_text_or_null(st, base + 6, q->ror);
}

struct auth_rows {
    const coauth_store *s;
    uint64_t pmid;
};

static void bind_auth(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const struct auth_rows *a = ctx;
    const struct pending_auth *q = &a->s->pauth[row];
    sqlite3_bind_int64(st, base + 1, (sqlite3_int64)a->pmid);
    sqlite3_bind_int64(st, base + 2, q->position);
    sqlite3_bind_int64(st, base + 3, q->seq);
    sqlite3_bind_int64(st, base + 4, q->aff);
}

/* Insert the queued affiliations, parts, then authorships (of pmid). */
coauth_status coauth_store_flush_pending(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    size_t nf = s->n_paff, np = s->n_ppart, na = s->n_pauth;
    s->n_paff = s->n_ppart = s->n_pauth = 0;
    coauth_status cst = coauth_rows_insert(s->db, s->path, &s->ins_aff, nf, bind_aff, s, err);
    if (!cst)
        cst = coauth_rows_insert(s->db, s->path, &s->ins_hash, nf, bind_hash, s, err);
    if (!cst)
        cst = coauth_rows_insert(s->db, s->path, &s->ins_part, np, bind_part, s, err);
    struct auth_rows ar = {s, pmid};
    if (!cst)
        cst = coauth_rows_insert(s->db, s->path, &s->ins_auth, na, bind_auth, &ar, err);
    return cst;
}

/* ---- the two hash tables of schema 11 (store_migrate.c schema_v11_hashes) ---- */

/* Pairs in affiliation_hashes_new that make a merge: about 13 MB of the page cache
 * (16 KiB pages, about 1,300 pairs a page), so the small table stays in the 64 MB cache
 * and takes its random inserts there. The meta key hash_merge_rows overrides it (the
 * tests make merges happen on small fixtures). bench/RESULTS.md, "The log-structured
 * affiliation index". */
#define HASH_MERGE_ROWS ((int64_t)1 << 20)

coauth_status coauth_store_hashes_merge(coauth_store *s, coauth_error *err)
{
    coauth_status st;
    if (!s->hash_merge_rows) {
        int64_t v = 0;
        if ((st = coauth_store_meta_int(s, "hash_merge_rows", &v, err)))
            return st;
        s->hash_merge_rows = v > 0 ? v : HASH_MERGE_ROWS;
    }
    int64_t n = 0;
    if ((st = coauth_store_query_int(s, "SELECT count(*) FROM affiliation_hashes_new", &n, err)) ||
        n < s->hash_merge_rows)
        return st;
    /* In key order, so each page of the large table is written once. OR IGNORE: an
     * INSERT that cannot abort needs no statement journal (store_rows.c), which would
     * copy every page the merge touches; the count says whether a pair was dropped. */
    if ((st = coauth_store_exec(s,
                                "INSERT OR IGNORE INTO affiliation_hashes(hash, id) SELECT hash, "
                                "id FROM affiliation_hashes_new ORDER BY hash, id",
                                err)))
        return st;
    if (sqlite3_changes64(s->db) != n)
        return coauth_fail(err, COAUTH_ESTORE,
                           "'%s': affiliation_hashes already holds a pair of "
                           "affiliation_hashes_new (the store was altered)",
                           s->path);
    return coauth_store_exec(s, "DELETE FROM affiliation_hashes_new", err);
}

/* Binds row `row` of the queued country sets (coauth_rows_bind_fn). */
static void bind_set(sqlite3_stmt *st, int base, size_t row, const void *ctx)
{
    const coauth_store *s = ctx;
    const struct pending_set *q = &s->pset[row];
    sqlite3_bind_int64(st, base + 1, q->pmid);
    coauth_bind_int_or_null(st, base + 2, q->year);
    sqlite3_bind_int(st, base + 3, q->research);
    sqlite3_bind_int64(st, base + 4, q->n_authors);
    sqlite3_bind_blob(st, base + 5, s->set_parts.p + q->off, (int)q->len, SQLITE_STATIC);
}

coauth_status coauth_store_mark_dirty(coauth_store *s, int64_t pmid, coauth_error *err)
{
    int64_t chunk = pmid >> COAUTH_CHUNK_BITS;
    if (chunk == s->dirty_last)
        return COAUTH_OK;
    sqlite3_stmt *st = s->st[ST_MARK_DIRTY];
    sqlite3_bind_int64(st, 1, pmid);
    int rc = coauth_step_done(st);
    if (rc != SQLITE_OK)
        return coauth_store_fail_stmt(s, rc, err, "marking country set chunks");
    s->dirty_last = chunk;
    return COAUTH_OK;
}

/* Insert the queued country sets (and mark their chunks). */
coauth_status coauth_store_flush_sets(coauth_store *s, coauth_error *err)
{
    size_t n = s->n_pset;
    if (n == 0)
        return COAUTH_OK;
    s->n_pset = 0;
    coauth_status cst = COAUTH_OK;
    for (size_t i = 0; i < n && !cst; i++)
        cst = coauth_store_mark_dirty(s, s->pset[i].pmid, err);
    if (!cst)
        cst = coauth_rows_insert(s->db, s->path, &s->ins_set, n, bind_set, s, err);
    s->set_parts.len = 0;
    return cst;
}

static coauth_status push_id(coauth_store *s, uint16_t id, coauth_error *err)
{
    if (s->n_author_ids == s->cap_author_ids) {
        size_t cap = s->cap_author_ids ? 2 * s->cap_author_ids : 16;
        uint16_t *p = realloc(s->author_ids, cap * sizeof *p);
        if (!p)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory storing country sets");
        s->author_ids = p;
        s->cap_author_ids = cap;
    }
    s->author_ids[s->n_author_ids++] = id;
    return COAUTH_OK;
}

static coauth_status push_country(coauth_store *s, const char *code, coauth_error *err)
{
    int id = coauth_set_country_id(code);
    if (id < 0)
        return COAUTH_OK; /* not a counted part */
    return push_id(s, (uint16_t)id, err);
}

bool coauth_store_name_rule(const char *rule)
{
    /* the list of COAUTH_SQL_NAME_RULES */
    static const char *const names[] = {"ror", "institution", "org-place"};
    for (size_t i = 0; rule && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(rule, names[i]) == 0)
            return true;
    return false;
}

/* SQLite's trim(): the spaces at both ends. */
static void sql_trim(const char **p, size_t *n)
{
    while (*n && **p == ' ')
        (*p)++, (*n)--;
    while (*n && (*p)[*n - 1] == ' ')
        (*n)--;
}

/* SQLite's replace(b, pat, ''): every occurrence, left to right; the new length. */
static size_t remove_all(char *b, size_t n, const char *pat)
{
    size_t k = strlen(pat), o = 0;
    for (size_t i = 0; i < n;) {
        if (i + k <= n && memcmp(b + i, pat, k) == 0) {
            i += k;
            continue;
        }
        b[o++] = b[i++];
    }
    return o;
}

/* An identifier's source and value as COAUTH_SQL_IDENT_KEY folds them (trim, replace,
 * and SQLite's upper() and lower(), which fold ASCII only), into src[8] and key, of
 * strlen(value) + 1 bytes at least: false when the source does not fit (then it is
 * none of ROR, GRID, ISNI). */
static bool ident_key(const coauth_ident *id, char src[8], char *key)
{
    const char *p = id->source ? id->source : "", *v = id->value ? id->value : "";
    size_t n = strlen(p), vn = strlen(v);
    sql_trim(&p, &n);
    if (n >= 8)
        return false;
    for (size_t i = 0; i < n; i++)
        src[i] = (char)(p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]);
    src[n] = '\0';
    bool ror = strcmp(src, "ROR") == 0, grid = strcmp(src, "GRID") == 0;
    if (ror || grid)
        sql_trim(&v, &vn);
    memcpy(key, v, vn);
    static const char *const ror_prefixes[] = {"https://ror.org/", "http://ror.org/", "ror.org/"};
    static const char *const isni_marks[] = {" ", "-", "\t"};
    for (size_t i = 0; i < 3 && !grid; i++)
        vn = remove_all(key, vn, ror ? ror_prefixes[i] : isni_marks[i]);
    for (size_t i = 0; i < vn; i++) {
        char c = key[i];
        if (ror || grid)
            key[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        else
            key[i] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
    }
    key[vn] = '\0';
    return true;
}

/* The country of the organisation that the best of a's identifiers names in the
 * registry (ROR > GRID > ISNI; the first of equal ones), as authorship_countries takes
 * it: out[0] = '\0' when none. */
static coauth_status ident_country(coauth_store *s, const coauth_affiliation *a, char out[3],
                                   coauth_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *st = s->st[ST_IDENT_ORG];
    int best = 0; /* the rank of the identifier taken, 0: none yet */
    for (size_t k = 0; k < a->n_identifiers; k++) {
        const coauth_ident *id = &a->identifiers[k];
        char src[8], buf[256];
        size_t vn = id->value ? strlen(id->value) : 0;
        char *key = vn < sizeof buf ? buf : malloc(vn + 1);
        if (!key)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory looking up identifiers");
        if (!ident_key(id, src, key)) {
            if (key != buf)
                free(key);
            continue;
        }
        sqlite3_bind_text(st, 1, src, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            int rank = sqlite3_column_int(st, 0);
            if (!best || rank < best) {
                const char *c = (const char *)sqlite3_column_text(st, 1);
                best = rank;
                /* an organisation without a country changes nothing; one with a
                 * malformed code replaces the part's by no counted country, as
                 * authorship_countries does */
                snprintf(out, 3, "%s", !c ? "" : strlen(c) == 2 ? c : "-");
            }
        }
        /* the statement keeps no pointer to src or key past this iteration */
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        if (key != buf)
            free(key);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return coauth_store_fail_stmt(s, rc, err, "looking up an affiliation identifier");
    }
    return COAUTH_OK;
}

/* Whether the identifier's country replaces the countries of affiliation `aff`
 * (authorship_countries): it has one part, whose country is NULL or from a name rule.
 * The part is `res`'s when the affiliation is new, else queued or stored. */
static coauth_status ident_applies(coauth_store *s, int64_t aff, bool is_new,
                                   const coauth_resolution *res, bool *out, coauth_error *err)
{
    *out = false;
    if (is_new) {
        const coauth_part *p = res && res->n_parts == 1 ? &res->parts[0] : NULL;
        *out = p && (!p->country[0] || coauth_store_name_rule(p->rule));
        return COAUTH_OK;
    }
    for (size_t i = 0; i < s->n_paff; i++)
        if (s->paff[i].id == aff) {
            for (size_t j = 0; s->paff[i].n_parts == 1 && j < s->n_ppart; j++)
                if (s->ppart[j].aff == aff)
                    *out = !s->ppart[j].country[0] || coauth_store_name_rule(s->ppart[j].rule);
            return COAUTH_OK;
        }
    sqlite3_stmt *st = s->st[ST_AFF_PART1];
    sqlite3_bind_int64(st, 1, aff);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) == 1)
        *out = sqlite3_column_type(st, 1) == SQLITE_NULL ||
               coauth_store_name_rule((const char *)sqlite3_column_text(st, 2));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return coauth_store_fail_stmt(s, rc, err, "reading affiliation parts");
    return COAUTH_OK;
}

/* Append the counted countries of affiliation `aff` to the author being formed: from
 * `res` when the affiliation was inserted for this record (`is_new`), else from its
 * parts still queued (inserted earlier in this record) or stored; with a registry, the
 * country of the organisation that the authorship's own identifiers (`a`'s) name
 * replaces them where it applies (ident_applies, checked first: most strings with an
 * identifier name a place, and need no look-up). */
coauth_status coauth_store_author_countries(coauth_store *s, int64_t aff, bool is_new,
                                            const coauth_resolution *res,
                                            const coauth_affiliation *a, coauth_error *err)
{
    if (s->registry && a && a->n_identifiers) {
        bool applies = false;
        char ident[3] = "";
        coauth_status cst = ident_applies(s, aff, is_new, res, &applies, err);
        if (!cst && applies)
            cst = ident_country(s, a, ident, err);
        if (cst || ident[0])
            return cst ? cst : push_country(s, ident, err);
    }
    coauth_status cst = COAUTH_OK;
    size_t start = s->n_author_ids;
    if (is_new) {
        for (size_t k = 0; res && k < res->n_parts && !cst; k++)
            cst = push_country(s, res->parts[k].country, err);
        if (!cst)
            cc_put(s, aff, s->author_ids + start, s->n_author_ids - start);
        return cst;
    }
    const uint16_t *known;
    size_t n_known;
    if (cc_get(s, aff, &known, &n_known)) {
        for (size_t k = 0; k < n_known && !cst; k++)
            cst = push_id(s, known[k], err);
        return cst;
    }
    bool queued = false;
    for (size_t i = 0; i < s->n_ppart && !cst; i++)
        if (s->ppart[i].aff == aff) {
            queued = true;
            cst = push_country(s, s->ppart[i].country, err);
        }
    if (queued || cst)
        return cst;
    sqlite3_stmt *st = s->st[ST_PARTS_OF];
    sqlite3_bind_int64(st, 1, aff);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !cst)
        cst = push_country(s, (const char *)sqlite3_column_text(st, 0), err);
    sqlite3_reset(st);
    if (!cst && rc != SQLITE_ROW && rc != SQLITE_DONE)
        return coauth_store_fail_stmt(s, rc, err, "reading affiliation parts");
    if (!cst)
        cc_put(s, aff, s->author_ids + start, s->n_author_ids - start);
    return cst;
}

/* *out_new (may be NULL): the string was new and inserted with the parts of
 * *out_res. */
coauth_status coauth_store_affiliation_id(coauth_store *s, const coauth_affiliation *a,
                                          const coauth_resolution *res, int64_t *out_id,
                                          bool *out_new, const coauth_resolution **out_res,
                                          coauth_error *err)
{
    if (out_new)
        *out_new = false;
    uint64_t h = text_hash(a->text, a->len);
    coauth_status cst = find_affiliation(s, a->text, a->len, h, out_id, err);
    if (cst || *out_id)
        return cst;
    if (!res && s->resolver) {
        /* only strings new to the store are resolved: repeats cost one look-up */
        if ((cst = coauth_resolve_affiliation(s->resolver, a, &s->scratch, err)))
            return cst;
        res = &s->scratch;
    }
    /* queued with its id, inserted with the record's other rows (flush_pending) */
    if (!coauth_store_pending_room((void **)&s->paff, &s->cap_paff, s->n_paff, sizeof *s->paff))
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory storing affiliations");
    s->paff[s->n_paff++] = (struct pending_aff){
        s->next_aff, res ? (int64_t)res->n_parts : 0, h, a->text, a->country, a->len};
    *out_id = s->next_aff++;
    aff_set_add(s, h);
    if (out_new) {
        *out_new = true;
        *out_res = res;
    }
    return coauth_store_insert_parts(s, *out_id, res, err);
}
