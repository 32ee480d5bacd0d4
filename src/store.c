/* store.c - the SQLite store: schema, per-file transactions, record replacement,
 * deduplicated affiliation strings, statistics, re-resolution.
 *
 * Invariants: one input file = one write transaction (BEGIN IMMEDIATE ... COMMIT);
 * the `files` row is written in the same transaction as the file's records, so a
 * file is either fully applied and listed, or absent. Affiliation strings are found
 * by a 64-bit hash index and compared in full, so equal texts share one row.
 *
 * NOTES ON DURABILITY: WAL with synchronous=NORMAL. A committed file survives a
 * crash or kill -9 of the process; after a power failure the last commits may be
 * lost but the store stays consistent and the files table still says exactly which
 * files are in it, so re-running the same ingest re-applies only what is missing.
 */
#include "store_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <coauth/coauth.h>
#include <coauth/population.h>
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
    ST_INS_AFF,
    ST_INST_BY_NAME,
    ST_INS_INST,
    ST_INS_FILE,
    ST_DEL_SET,
    ST_PARTS_OF,
    N_STMT
};

static const char *const stmt_sql[N_STMT] = {
    [ST_FILE_APPLIED] = "SELECT 1 FROM files WHERE name = ?1 AND size = ?2 AND checksum = ?3",
    [ST_FILE_NAME_SIZE] = "SELECT 1 FROM files WHERE name = ?1 AND size = ?2",
    [ST_PAPER_EXISTS] = "SELECT place, place_record FROM papers WHERE pmid = ?1",
    [ST_DELETION_PLACE] = "SELECT place, place_record FROM deletions WHERE pmid = ?1",
    [ST_DEL_AUTHORSHIPS] = "DELETE FROM authorships WHERE pmid = ?1",
    [ST_DEL_PAPER] = "DELETE FROM papers WHERE pmid = ?1",
    [ST_INS_PAPER] = "INSERT OR REPLACE INTO papers(pmid, version, year, n_authors, file_id, "
                     "research, aff_layout, title, doi, pmc, nlm_id, journal_iso, journal_title, "
                     "place, place_record, source) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                     "?16)",
    [ST_UNDELETE] = "DELETE FROM deletions WHERE pmid = ?1",
    [ST_INS_DELETION] = "INSERT OR REPLACE INTO deletions(pmid, file_id, place, place_record) "
                        "VALUES (?1, ?2, ?3, ?4)",
    [ST_AFF_BY_HASH] = "SELECT id, text FROM affiliations WHERE hash = ?1",
    [ST_INS_AFF] = "INSERT INTO affiliations(hash, text, n_parts, country) VALUES (?1, ?2, ?3, ?4)",
    [ST_INST_BY_NAME] = "SELECT id FROM institutions WHERE name = ?1",
    [ST_INS_INST] = "INSERT INTO institutions(name) VALUES (?1)",
    [ST_INS_FILE] = "INSERT INTO files(id, name, size, checksum, records, deletions, skipped, "
                    "applied_at, place, md5) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?8, ?9)",
    [ST_DEL_SET] = "DELETE FROM paper_country_sets WHERE pmid = ?1",
    [ST_PARTS_OF] = "SELECT country FROM affiliation_parts WHERE affiliation_id = ?1 ORDER BY part",
};

/* Page size of new stores. Measured on a 30,000-record file (bench/RESULTS.md): a
 * file's transaction writes about 22 MB; with 4 KiB pages the commit and its WAL
 * checkpoint are 16,600 pwrite and 5,500 pread calls (0.25 s, on the critical path
 * after the last record); with 64 KiB pages they are 16 times fewer. */
#define COAUTH_PAGE_SIZE_STR "65536"

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
 * 12 MiB when used. */
#define CC_SLOTS   (1u << 20)
#define CC_MAX_IDS (4u << 20)

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
    coauth_rows ins_auth, ins_part;
    coauth_store_meta *meta; /* the paper metadata tables (store_meta.c) */
    struct pending_auth *pauth;
    size_t n_pauth, cap_pauth;
    struct pending_part *ppart;
    size_t n_ppart, cap_ppart;
    /* the country sets (store_sets.c): the rows queued, their parts, and the current
     * record's author being formed */
    coauth_rows ins_set;
    struct pending_set pset[SETS_QUEUE];
    size_t n_pset;
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
    uint16_t *cc_ids;
    size_t n_cc, n_cc_ids, cap_cc_ids;
};

static void cc_clear(coauth_store *s)
{
    if (s->cc_key)
        memset(s->cc_key, 0, CC_SLOTS * sizeof *s->cc_key);
    s->n_cc = s->n_cc_ids = 0;
}

static size_t cc_slot(int64_t aff)
{
    return (size_t)(((uint64_t)aff * 0x9E3779B97F4A7C15ull) >> 44); /* 20 bits */
}

/* Remember the n counted country ids of affiliation aff (best effort). */
static void cc_put(coauth_store *s, int64_t aff, const uint16_t *ids, size_t n)
{
    if (aff <= 0 || n > CC_MAX_IDS / 2)
        return;
    if (!s->cc_key) {
        s->cc_key = calloc(CC_SLOTS, sizeof *s->cc_key);
        s->cc_val = malloc(CC_SLOTS * sizeof *s->cc_val);
        if (!s->cc_key || !s->cc_val) {
            free(s->cc_key);
            free(s->cc_val);
            s->cc_key = NULL;
            s->cc_val = NULL;
            return;
        }
    }
    if (s->n_cc >= CC_SLOTS / 2 || s->n_cc_ids + n + 1 > CC_MAX_IDS)
        cc_clear(s);
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
    size_t j = cc_slot(aff);
    while (s->cc_key[j] && s->cc_key[j] != aff)
        j = (j + 1) & (CC_SLOTS - 1);
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
    size_t j = cc_slot(aff);
    while (s->cc_key[j]) {
        if (s->cc_key[j] == aff) {
            const uint16_t *p = s->cc_ids + s->cc_val[j];
            *out_n = p[0];
            *out = p + 1;
            return true;
        }
        j = (j + 1) & (CC_SLOTS - 1);
    }
    return false;
}

const char *coauth_store_path(const coauth_store *s)
{
    return s->path;
}

int coauth_store_migrated_from(const coauth_store *s)
{
    return s->migrated_from;
}

sqlite3 *coauth_store_sqlite(coauth_store *s)
{
    return s->db;
}

coauth_status coauth_store_sqlfail(sqlite3 *db, int rc, coauth_error *err, const char *what)
{
    int base = rc & 0xff;
    if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
        return coauth_fail(err, COAUTH_EBUSY,
                           "%s: the store is locked by another process (gave up after the busy "
                           "timeout): %s",
                           what, db ? sqlite3_errmsg(db) : "busy");
    if (coauth_store_fault(rc)) {
        /* name the store by its file when the caller did not */
        const char *file = db ? sqlite3_db_filename(db, "main") : NULL;
        return coauth_store_failat(db, rc, file && *file ? file : "?", what, err);
    }
    return coauth_fail(err, COAUTH_ESTORE, "%s: %s", what,
                       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static coauth_status exec_sql(coauth_store *s, const char *sql, coauth_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(s->db, rc, s->path, "", err);
    return COAUTH_OK;
}

static coauth_status query_int(coauth_store *s, const char *sql, int64_t *out, coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(s->db, rc, s->path, "", err);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        rc = SQLITE_OK;
    } else if (rc == SQLITE_DONE) {
        *out = 0;
        rc = SQLITE_OK;
    }
    coauth_status ret = COAUTH_OK;
    if (rc != SQLITE_OK)
        ret = coauth_store_failat(s->db, rc, s->path, "", err);
    sqlite3_finalize(st);
    return ret;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where a URI needs it, after
 * checking that PATH-wal holds no write the immutable open would miss. */
static coauth_status open_immutable_uri(const char *path, char **out, coauth_error *err)
{
    *out = NULL;
    size_t n = strlen(path);
    char *wal = malloc(n + 5);
    if (!wal)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store '%s'", path);
    snprintf(wal, n + 5, "%s-wal", path);
    struct stat wb;
    bool pending = stat(wal, &wb) == 0 && wb.st_size > 0;
    free(wal);
    if (pending)
        return coauth_fail(err, COAUTH_ESTORE,
                           "store '%s' is read-only for you and its write-ahead log '%s-wal' "
                           "still holds writes: ask its owner to run any coauth command on "
                           "it (or wait for the ingest writing it to finish)",
                           path, path);
    char *u = malloc(3 * n + 32);
    if (!u)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store '%s'", path);
    size_t k = (size_t)sprintf(u, "file:");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f)
            k += (size_t)sprintf(u + k, "%%%02X", c);
        else
            u[k++] = (char)c;
    }
    snprintf(u + k, 3 * n + 32 - k, "?immutable=1");
    *out = u;
    return COAUTH_OK;
}

coauth_status coauth_store_open(coauth_store **out, const char *path, unsigned flags,
                                coauth_error *err)
{
    *out = NULL;
    coauth_store *s = calloc(1, sizeof *s);
    if (!s)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store");
    s->readonly = (flags & COAUTH_STORE_READONLY) != 0;
    s->path = strdup(path);
    coauth_status st = COAUTH_OK;
    if (!s->path) {
        st = coauth_fail(err, COAUTH_ENOMEM, "out of memory opening store");
        goto fail;
    }
    struct stat sb;
    if ((s->readonly || (flags & COAUTH_STORE_EXISTING)) && stat(path, &sb) != 0) {
        st = coauth_fail(err, COAUTH_EIO, "no store at '%s' (run 'coauth ingest' first)", path);
        goto fail;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = coauth_fail(err, COAUTH_EIO, "store '%s' is a directory", path);
        goto fail;
    }
    int oflags = SQLITE_OPEN_NOMUTEX |
                 (s->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    char *uri = NULL;
    if (s->readonly && access(path, W_OK) != 0) {
        /* A store this user may only read (another user's file, a read-only directory
         * or medium): a WAL database would need its -shm file created or written, so
         * it is opened immutable (SQLite's way for WAL files on read-only media),
         * which takes no lock and leaves nothing behind. Only a log left unapplied
         * would then be missed: that is refused, naming the way out. */
        if ((st = open_immutable_uri(path, &uri, err)))
            goto fail;
        oflags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(uri ? uri : path, &s->db, oflags, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        st = coauth_fail(err, COAUTH_EIO, "cannot open store '%s': %s", path,
                         s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, COAUTH_BUSY_TIMEOUT_MS);
    if (!s->readonly) {
        int64_t dummy;
        /* Page size of a new store (no effect on an existing one): see
         * COAUTH_PAGE_SIZE_STR. Must come before WAL mode writes the header. */
        if ((st = exec_sql(s, "PRAGMA page_size = " COAUTH_PAGE_SIZE_STR, err)))
            goto fail;
        /* journal_mode returns a row; query_int reads it. */
        if ((st = query_int(s, "PRAGMA journal_mode = WAL", &dummy, err)))
            goto fail;
    }
    if ((st = exec_sql(s,
                       "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                       "PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF",
                       err)))
        goto fail;
    if ((st = coauth_store_schema_init(s->db, path, s->readonly, &s->migrated_from, err)))
        goto fail;
    /* A read-only store answers only "was this file applied?" (the parsers' skip
     * check); a writable one prepares every statement. */
    {
        int n = s->readonly ? ST_FILE_NAME_SIZE + 1 : N_STMT;
        for (int i = 0; i < n; i++) {
            rc = sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->st[i],
                                    NULL);
            if (rc != SQLITE_OK) {
                st = coauth_store_failat(s->db, rc, path, "", err);
                goto fail;
            }
        }
    }
    if (!s->readonly && ((st = coauth_strtab_new(&s->inst_names, err)) ||
                         (st = coauth_store_meta_new(&s->meta, s->db, s->path, err))))
        goto fail;
    s->ins_auth = (coauth_rows)COAUTH_ROWS_INIT(
        "INSERT OR IGNORE INTO authorships(pmid, position, seq, affiliation_id) VALUES ", 4,
        "storing authorships");
    s->ins_part = (coauth_rows)COAUTH_ROWS_INIT("INSERT OR IGNORE INTO affiliation_parts("
                                                "affiliation_id, part, country, institution_id, "
                                                "rule, ror) VALUES ",
                                                6, "storing affiliation parts");
    s->ins_set = (coauth_rows)COAUTH_ROWS_INIT("INSERT OR IGNORE INTO paper_country_sets(pmid, "
                                               "year, research, n_authors, parts) VALUES ",
                                               5, "storing country sets");
    *out = s;
    return COAUTH_OK;
fail:
    coauth_store_free(s);
    return st;
}

void coauth_store_set_resolver(coauth_store *s, const coauth_resolver *r)
{
    s->resolver = r;
}

void coauth_store_free(coauth_store *s)
{
    if (!s)
        return;
    if (s->in_file)
        coauth_store_rollback_file(s);
    for (int i = 0; i < N_STMT; i++)
        sqlite3_finalize(s->st[i]);
    coauth_rows_release(&s->ins_auth);
    coauth_rows_release(&s->ins_part);
    coauth_rows_release(&s->ins_set);
    coauth_set_buf_release(&s->set_parts);
    free(s->author_ids);
    free(s->cc_key);
    free(s->cc_val);
    free(s->cc_ids);
    coauth_store_meta_free(s->meta);
    free(s->pauth);
    free(s->ppart);
    if (s->db)
        sqlite3_close(s->db);
    coauth_strtab_free(s->inst_names);
    coauth_resolution_release(&s->scratch);
    free(s->inst_ids);
    free(s->path);
    free(s);
}

void coauth_store_set_busy_timeout(coauth_store *s, int ms)
{
    sqlite3_busy_timeout(s->db, ms);
}

/* Run a prepared statement that returns no row (or whose rows are ignored). */
static int step_done(sqlite3_stmt *st)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static coauth_status fail_stmt(coauth_store *s, int rc, coauth_error *err, const char *what)
{
    return coauth_store_failat(s->db, rc, s->path, what, err);
}

coauth_status coauth_store_file_applied(coauth_store *s, const char *name, uint64_t size,
                                        const char *checksum, int *out_applied, coauth_error *err)
{
    sqlite3_stmt *st = s->st[checksum ? ST_FILE_APPLIED : ST_FILE_NAME_SIZE];
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)size);
    if (checksum)
        sqlite3_bind_text(st, 3, checksum, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    *out_applied = rc == SQLITE_ROW;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail_stmt(s, rc, err, "checking files applied");
    return COAUTH_OK;
}

uint32_t coauth_nlm_file_key(const char *name)
{
    if (!name)
        return 0;
    const char *b = strrchr(name, '/');
    b = b ? b + 1 : name;
    /* pubmedYYnNNNN.xml or pubmedYYnNNNN.xml.gz, digits exactly where shown */
    if (strncmp(b, "pubmed", 6) != 0)
        return 0;
    const char *d = b + 6;
    static const char shape[] = "99n9999";
    for (int i = 0; shape[i]; i++)
        if (shape[i] == '9' ? !(d[i] >= '0' && d[i] <= '9') : d[i] != shape[i])
            return 0;
    if (strcmp(d + 7, ".xml") != 0 && strcmp(d + 7, ".xml.gz") != 0)
        return 0;
    uint32_t yy = (uint32_t)(d[0] - '0') * 10 + (uint32_t)(d[1] - '0');
    uint32_t n = 0;
    for (int i = 3; i < 7; i++)
        n = n * 10 + (uint32_t)(d[i] - '0');
    return yy * 10000 + n;
}

int64_t coauth_file_place_after(const char *name, int64_t last)
{
    uint32_t key = coauth_nlm_file_key(name);
    return key ? (int64_t)key << COAUTH_PLACE_NLM_SHIFT : last + 1;
}

void coauth_store_file_place(const coauth_store *s, coauth_file_place *out)
{
    out->place = s->place;
    out->year = s->place_year;
    out->store_year = s->store_year;
}

uint64_t coauth_store_superseded(const coauth_store *s)
{
    return s->superseded;
}

coauth_status coauth_store_begin_file(coauth_store *s, coauth_error *err)
{
    return coauth_store_begin_named_file(s, NULL, err);
}

coauth_status coauth_store_begin_named_file(coauth_store *s, const char *name, coauth_error *err)
{
    if (s->readonly)
        return coauth_fail(err, COAUTH_EINVAL, "store '%s' is open read-only", s->path);
    if (s->in_file)
        return coauth_fail(err, COAUTH_EINVAL, "a file transaction is already open");
    int rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return coauth_store_failat(s->db, rc, s->path, "starting a write transaction", err);
    s->in_file = true;
    int64_t max_id = 0;
    coauth_status st = query_int(s, "SELECT coalesce(max(id), 0) FROM files", &max_id, err);
    if (st) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->file_id = max_id + 1;
    int64_t last = 0;
    if ((st = query_int(s, "SELECT coalesce(max(place), 0) FROM files", &last, err))) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->place = coauth_file_place_after(name, last);
    s->record_pos = 0;
    s->superseded = 0;
    s->place_year = (int)(coauth_nlm_file_key(name) / 10000);
    /* every place is an NLM key << SHIFT plus the files after it: the key of the
     * largest place is the newest NLM file's */
    s->store_year = (int)((last >> COAUTH_PLACE_NLM_SHIFT) / 10000);
    int64_t pairs = 0;
    char pairs_sql[128];
    snprintf(pairs_sql, sizeof pairs_sql,
             "SELECT EXISTS (SELECT 1 FROM papers WHERE pmid >= %lld AND pmid < %lld)",
             (long long)COAUTH_STORE_JATS_KEY, (long long)COAUTH_KEY_PMC);
    char max_sql[2][128];
    snprintf(max_sql[0], sizeof max_sql[0],
             "SELECT coalesce(max(pmid), 0) FROM papers WHERE pmid < %lld",
             (long long)COAUTH_STORE_JATS_KEY);
    snprintf(max_sql[1], sizeof max_sql[1],
             "SELECT coalesce(max(pmid), 0) FROM papers WHERE pmid >= %lld",
             (long long)COAUTH_STORE_JATS_KEY);
    if ((st = query_int(s, max_sql[0], &s->max_paper, err)) ||
        (st = query_int(s, max_sql[1], &s->max_paper_jats, err)) ||
        (st = query_int(s, "SELECT coalesce(max(pmid), 0) FROM deletions", &s->max_deleted, err)) ||
        (st = query_int(s, pairs_sql, &pairs, err))) {
        coauth_store_rollback_file(s);
        return st;
    }
    s->pairs = pairs != 0;
    return COAUTH_OK;
}

void coauth_store_rollback_file(coauth_store *s)
{
    if (!s->in_file)
        return;
    for (int i = 0; i < N_STMT; i++)
        if (s->st[i])
            sqlite3_reset(s->st[i]);
    coauth_rows_reset(&s->ins_auth);
    coauth_rows_reset(&s->ins_part);
    coauth_rows_reset(&s->ins_set);
    coauth_store_meta_reset(s->meta);
    s->n_pauth = s->n_ppart = 0;
    s->n_pset = 0;
    s->set_parts.len = 0;
    cc_clear(s);
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_file = false;
    /* The institution cache may hold ids inserted by the rolled-back transaction. */
    coauth_strtab *fresh = NULL;
    if (coauth_strtab_new(&fresh, NULL) == COAUTH_OK) {
        coauth_strtab_free(s->inst_names);
        s->inst_names = fresh;
    } else {
        coauth_strtab_free(s->inst_names);
        s->inst_names = NULL; /* institution_id() re-creates it */
    }
}

static uint64_t text_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* Find the stored affiliation with this text: *out_id = row id or 0 when absent. */
static coauth_status find_affiliation(coauth_store *s, const char *text, size_t len,
                                      int64_t *out_id, coauth_error *err)
{
    sqlite3_stmt *st = s->st[ST_AFF_BY_HASH];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)text_hash(text, len));
    int rc;
    *out_id = 0;
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
        return fail_stmt(s, rc, err, "looking up an affiliation");
    return COAUTH_OK;
}

coauth_status coauth_store_affiliation_known(coauth_store *s, const char *text, size_t len,
                                             int *out_known, coauth_error *err)
{
    int64_t id = 0;
    coauth_status st = find_affiliation(s, text, len, &id, err);
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
        return fail_stmt(s, rc, err, "looking up an institution");
    if (!id) {
        st = s->st[ST_INS_INST];
        sqlite3_bind_text(st, 1, name, (int)len, SQLITE_STATIC);
        if ((rc = step_done(st)) != SQLITE_OK)
            return fail_stmt(s, rc, err, "storing an institution");
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

/* Grow a pending array to hold one more element. */
static bool pending_room(void **p, size_t *cap, size_t n, size_t size)
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
static coauth_status insert_parts(coauth_store *s, int64_t aff_id, const coauth_resolution *res,
                                  coauth_error *err)
{
    for (size_t k = 0; res && k < res->n_parts; k++) {
        const coauth_part *p = &res->parts[k];
        int64_t inst = 0;
        if (p->institution && p->institution[0]) {
            coauth_status cst = institution_id(s, p->institution, &inst, err);
            if (cst)
                return cst;
        }
        if (!pending_room((void **)&s->ppart, &s->cap_ppart, s->n_ppart, sizeof *s->ppart))
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

/* Binds row `row` of the pending parts or authorships (coauth_rows_bind_fn). */
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

/* Insert the queued parts, then the queued authorships (of pmid). */
static coauth_status flush_pending(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    size_t np = s->n_ppart, na = s->n_pauth;
    s->n_ppart = s->n_pauth = 0;
    coauth_status cst = coauth_rows_insert(s->db, s->path, &s->ins_part, np, bind_part, s, err);
    struct auth_rows ar = {s, pmid};
    if (!cst)
        cst = coauth_rows_insert(s->db, s->path, &s->ins_auth, na, bind_auth, &ar, err);
    return cst;
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

/* Insert the queued country sets. */
static coauth_status flush_sets(coauth_store *s, coauth_error *err)
{
    size_t n = s->n_pset;
    if (n == 0)
        return COAUTH_OK;
    s->n_pset = 0;
    coauth_status cst = coauth_rows_insert(s->db, s->path, &s->ins_set, n, bind_set, s, err);
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

/* Append the counted countries of affiliation `aff` to the author being formed: from
 * `res` when the affiliation was inserted for this record (`is_new`), else from its
 * parts still queued (inserted earlier in this record) or stored. */
static coauth_status author_countries(coauth_store *s, int64_t aff, bool is_new,
                                      const coauth_resolution *res, coauth_error *err)
{
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
        return fail_stmt(s, rc, err, "reading affiliation parts");
    if (!cst)
        cc_put(s, aff, s->author_ids + start, s->n_author_ids - start);
    return cst;
}

/* *out_new (may be NULL): the string was new and inserted with the parts of
 * *out_res. */
static coauth_status affiliation_id(coauth_store *s, const coauth_affiliation *a,
                                    const coauth_resolution *res, int64_t *out_id, bool *out_new,
                                    const coauth_resolution **out_res, coauth_error *err)
{
    if (out_new)
        *out_new = false;
    coauth_status cst = find_affiliation(s, a->text, a->len, out_id, err);
    if (cst || *out_id)
        return cst;
    if (!res && s->resolver) {
        /* only strings new to the store are resolved: repeats cost one look-up */
        if ((cst = coauth_resolve_affiliation(s->resolver, a, &s->scratch, err)))
            return cst;
        res = &s->scratch;
    }
    sqlite3_stmt *st = s->st[ST_INS_AFF];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)text_hash(a->text, a->len));
    sqlite3_bind_text(st, 2, a->text, (int)a->len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, res ? (sqlite3_int64)res->n_parts : 0);
    coauth_bind_text_or_null(st, 4, a->country);
    int rc = step_done(st);
    if (rc != SQLITE_OK)
        return fail_stmt(s, rc, err, "storing an affiliation");
    *out_id = sqlite3_last_insert_rowid(s->db);
    if (out_new) {
        *out_new = true;
        *out_res = res;
    }
    return insert_parts(s, *out_id, res, err);
}

/* The place of pmid's stored paper (ST_PAPER_EXISTS) or deletion (ST_DELETION_PLACE):
 * *out_found 0 when there is none. */
static coauth_status stored_place(coauth_store *s, int which, uint64_t pmid, int *out_found,
                                  int64_t *out_place, int64_t *out_record, coauth_error *err)
{
    sqlite3_stmt *st = s->st[which];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)pmid);
    int rc = sqlite3_step(st);
    *out_found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW) {
        *out_place = sqlite3_column_int64(st, 0);
        *out_record = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return fail_stmt(s, rc, err,
                         which == ST_PAPER_EXISTS ? "looking up a paper" : "looking up a deletion");
    return COAUTH_OK;
}

/* Whether the current record (s->place, s->record_pos) comes after (place, record), or
 * is that record itself (the same file applied again). */
static bool comes_after(const coauth_store *s, int64_t place, int64_t record)
{
    return s->place > place || (s->place == place && s->record_pos >= record);
}

/* Remove every row of pmid's stored paper (it exists). */
static coauth_status remove_paper(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    int rc;
    coauth_status sst = flush_sets(s, err); /* its set may still be queued */
    if (sst)
        return sst;
    sqlite3_bind_int64(s->st[ST_DEL_SET], 1, (sqlite3_int64)pmid);
    if ((rc = step_done(s->st[ST_DEL_SET])) != SQLITE_OK)
        return fail_stmt(s, rc, err, "removing a paper's country set");
    sqlite3_bind_int64(s->st[ST_DEL_AUTHORSHIPS], 1, (sqlite3_int64)pmid);
    if ((rc = step_done(s->st[ST_DEL_AUTHORSHIPS])) != SQLITE_OK)
        return fail_stmt(s, rc, err, "removing a paper's authorships");
    coauth_status cst = coauth_store_meta_remove(s->meta, pmid, err);
    if (cst)
        return cst;
    sqlite3_bind_int64(s->st[ST_DEL_PAPER], 1, (sqlite3_int64)pmid);
    if ((rc = step_done(s->st[ST_DEL_PAPER])) != SQLITE_OK)
        return fail_stmt(s, rc, err, "removing a paper");
    return COAUTH_OK;
}

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
static uint64_t pair_pmid(uint64_t key)
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
        rc = step_done(st);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK : fail_stmt(s, rc, err, "settling a paper's sources");
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
    return rc == SQLITE_OK ? COAUTH_OK : fail_stmt(s, rc, err, "settling a paper's sources");
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
static coauth_status unswap_pair(coauth_store *s, uint64_t pmid, coauth_error *err)
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
static coauth_status settle_pair(coauth_store *s, uint64_t pmid, coauth_error *err)
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
    if ((st = flush_sets(s, err)) || /* the keys' sets may still be queued */
        (st = coauth_store_sets_rebuild_pmid(s->db, s->path, p, err)) ||
        (st = coauth_store_sets_rebuild_pmid(s->db, s->path, q, err)))
        return st;
    return COAUTH_OK;
}

/* A record that lost (SPEC 2.4): only its affiliation strings are stored, so that the
 * string tables are the same whatever order the files come in. */
static coauth_status put_superseded(coauth_store *s, const coauth_record *rec,
                                    const coauth_resolution *res, coauth_error *err)
{
    s->superseded++;
    s->n_pauth = s->n_ppart = 0;
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *au = &rec->authors[i];
        for (size_t j = 0; j < au->n_affiliations; j++) {
            size_t k = au->first_affiliation + j;
            if (k >= rec->n_affiliations)
                return coauth_fail(err, COAUTH_EINVAL,
                                   "record %llu: affiliation index out of range",
                                   (unsigned long long)rec->pmid);
            int64_t aff = 0;
            coauth_status cst = affiliation_id(s, &rec->affiliations[k], res ? &res[k] : NULL, &aff,
                                               NULL, NULL, err);
            if (cst)
                return cst;
        }
    }
    return flush_pending(s, rec->pmid, err);
}

static coauth_status put_keyed_article(coauth_store *s, const coauth_record *rec,
                                       const coauth_resolution *res, coauth_error *err);

/* An ARTICLE: a JATS article with a PMID under its pair's JATS key (Two sources). */
static coauth_status put_article(coauth_store *s, const coauth_record *rec,
                                 const coauth_resolution *res, coauth_error *err)
{
    coauth_record keyed = *rec;
    if (rec->source == COAUTH_SOURCE_JATS && rec->pmid < COAUTH_STORE_JATS_KEY) {
        keyed.pmid = rec->pmid + COAUTH_STORE_JATS_KEY;
        s->pairs = true;
    }
    uint64_t pair = pair_pmid(keyed.pmid);
    coauth_status cst = unswap_pair(s, pair, err);
    if (!cst)
        cst = put_keyed_article(s, &keyed, res, err);
    if (!cst)
        cst = settle_pair(s, pair, err);
    return cst;
}

static coauth_status put_keyed_article(coauth_store *s, const coauth_record *rec,
                                       const coauth_resolution *res, coauth_error *err)
{
    coauth_status cst;
    int found = 0;
    int64_t place = 0, record = 0;
    bool stored = false;
    /* Above every stored pmid (most records of a new file: PubMed files come in
     * ascending PMID order): neither stored nor deleted, no look-up. */
    int64_t *max_paper = rec->pmid < COAUTH_STORE_JATS_KEY ? &s->max_paper : &s->max_paper_jats;
    if ((int64_t)rec->pmid <= *max_paper) {
        if ((cst = stored_place(s, ST_PAPER_EXISTS, rec->pmid, &found, &place, &record, err)))
            return cst;
        if (found && !comes_after(s, place, record))
            return put_superseded(s, rec, res, err);
        stored = found;
    }
    int rc;
    sqlite3_stmt *st;
    if (!stored && (int64_t)rec->pmid <= s->max_deleted) {
        if ((cst = stored_place(s, ST_DELETION_PLACE, rec->pmid, &found, &place, &record, err)))
            return cst;
        if (found && !comes_after(s, place, record))
            return put_superseded(s, rec, res, err); /* deleted later */
        if (found) {
            st = s->st[ST_UNDELETE];
            sqlite3_bind_int64(st, 1, (sqlite3_int64)rec->pmid);
            if ((rc = step_done(st)) != SQLITE_OK)
                return fail_stmt(s, rc, err, "updating deletions");
        }
    }
    if (stored && (cst = remove_paper(s, rec->pmid, err)))
        return cst;
    st = s->st[ST_INS_PAPER];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, 2, rec->version ? rec->version : 1);
    if (rec->year > 0)
        sqlite3_bind_int64(st, 3, rec->year);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)rec->n_authors);
    sqlite3_bind_int64(st, 5, s->file_id);
    /* research is never NULL for a paper stored here: NULL marks papers migrated from
     * schema 1, stored without metadata. */
    int research = coauth_research_paper(rec->types, rec->n_types) ? 1 : 0;
    sqlite3_bind_int(st, 6, research);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)rec->aff_layout);
    const char *text[] = {rec->title,  rec->doi,         rec->pmc,
                          rec->nlm_id, rec->journal_iso, rec->journal_title};
    for (int i = 0; i < 6; i++)
        coauth_bind_text_or_null(st, 8 + i, text[i]);
    sqlite3_bind_int64(st, 14, s->place);
    sqlite3_bind_int64(st, 15, s->record_pos);
    sqlite3_bind_int(st, 16, rec->source == COAUTH_SOURCE_JATS ? 1 : 0);
    if ((rc = step_done(st)) != SQLITE_OK)
        return fail_stmt(s, rc, err, "storing a paper");
    if ((int64_t)rec->pmid > *max_paper)
        *max_paper = (int64_t)rec->pmid;
    s->n_pauth = s->n_ppart = 0;
    size_t set_start = s->set_parts.len;
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *au = &rec->authors[i];
        s->n_author_ids = 0;
        for (size_t j = 0; j < au->n_affiliations; j++) {
            size_t k = au->first_affiliation + j;
            if (k >= rec->n_affiliations)
                return coauth_fail(err, COAUTH_EINVAL,
                                   "record %llu: affiliation index out of range",
                                   (unsigned long long)rec->pmid);
            const coauth_affiliation *a = &rec->affiliations[k];
            int64_t aff = 0;
            bool is_new = false;
            const coauth_resolution *used = NULL;
            if ((cst = affiliation_id(s, a, res ? &res[k] : NULL, &aff, &is_new, &used, err)) ||
                (cst = author_countries(s, aff, is_new, used, err)))
                return cst;
            if (!pending_room((void **)&s->pauth, &s->cap_pauth, s->n_pauth, sizeof *s->pauth))
                return coauth_fail(err, COAUTH_ENOMEM, "out of memory storing authorships");
            struct pending_auth *q = &s->pauth[s->n_pauth++];
            q->aff = aff;
            q->position = (int)i + 1;
            q->seq = (int)j + 1;
        }
        unsigned lead = (i == 0 ? 1u : 0u) | (i + 1 == rec->n_authors ? 2u : 0u);
        if ((cst = coauth_set_put_author(&s->set_parts, lead, s->author_ids, s->n_author_ids, err)))
            return cst;
    }
    if ((cst = flush_pending(s, rec->pmid, err)))
        return cst;
    if (s->set_parts.len > set_start) {
        struct pending_set *q = &s->pset[s->n_pset++];
        *q = (struct pending_set){(int64_t)rec->pmid,
                                  (int64_t)rec->n_authors,
                                  rec->year > 0 ? (int)rec->year : 0,
                                  research,
                                  set_start,
                                  s->set_parts.len - set_start};
        if (s->n_pset == SETS_QUEUE && (cst = flush_sets(s, err)))
            return cst;
    }
    return coauth_store_meta_put(s->meta, rec, err);
}

coauth_status coauth_store_put_record(coauth_store *s, const coauth_record *rec,
                                      const coauth_resolution *res, coauth_error *err)
{
    if (!s->in_file)
        return coauth_fail(err, COAUTH_EINVAL, "put_record outside a file transaction");
    s->record_pos++;
    if (rec->kind == COAUTH_RECORD_ARTICLE)
        return put_article(s, rec, res, err);
    if (rec->kind != COAUTH_RECORD_DELETE)
        return coauth_fail(err, COAUTH_EINVAL, "unknown record kind %d", (int)rec->kind);
    for (size_t i = 0; i < rec->n_deleted; i++) {
        uint64_t pmid = rec->deleted[i];
        int found = 0;
        int64_t place = 0, record = 0;
        coauth_status cst;
        if ((cst = unswap_pair(s, pair_pmid(pmid), err)))
            return cst;
        if ((int64_t)pmid <= (pmid < COAUTH_STORE_JATS_KEY ? s->max_paper : s->max_paper_jats)) {
            if ((cst = stored_place(s, ST_PAPER_EXISTS, pmid, &found, &place, &record, err)))
                return cst;
            if (found && !comes_after(s, place, record)) {
                /* the stored paper is later: this deletion changes nothing */
                if ((cst = settle_pair(s, pair_pmid(pmid), err)))
                    return cst;
                continue;
            }
            if (found && (cst = remove_paper(s, pmid, err)))
                return cst;
        }
        if (!found && (int64_t)pmid <= s->max_deleted) {
            if ((cst = stored_place(s, ST_DELETION_PLACE, pmid, &found, &place, &record, err)))
                return cst;
            if (found && !comes_after(s, place, record)) {
                /* deleted again later: that deletion stays */
                if ((cst = settle_pair(s, pair_pmid(pmid), err)))
                    return cst;
                continue;
            }
        }
        sqlite3_stmt *st = s->st[ST_INS_DELETION];
        sqlite3_bind_int64(st, 1, (sqlite3_int64)pmid);
        sqlite3_bind_int64(st, 2, s->file_id);
        sqlite3_bind_int64(st, 3, s->place);
        sqlite3_bind_int64(st, 4, s->record_pos);
        int rc = step_done(st);
        if (rc != SQLITE_OK)
            return fail_stmt(s, rc, err, "recording a deletion");
        if ((int64_t)rec->deleted[i] > s->max_deleted)
            s->max_deleted = (int64_t)rec->deleted[i];
        if ((cst = settle_pair(s, pair_pmid(pmid), err)))
            return cst;
    }
    return COAUTH_OK;
}

coauth_status coauth_store_commit_file(coauth_store *s, const coauth_file_info *info,
                                       coauth_error *err)
{
    if (!s->in_file)
        return coauth_fail(err, COAUTH_EINVAL, "commit outside a file transaction");
    coauth_status mst = coauth_store_meta_flush(s->meta, err);
    if (!mst)
        mst = flush_sets(s, err);
    if (mst) {
        coauth_store_rollback_file(s);
        return mst;
    }
    sqlite3_stmt *st = s->st[ST_INS_FILE];
    sqlite3_bind_int64(st, 1, s->file_id);
    sqlite3_bind_text(st, 2, info->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)info->size);
    sqlite3_bind_text(st, 4, info->checksum ? info->checksum : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, (sqlite3_int64)info->records);
    sqlite3_bind_int64(st, 6, (sqlite3_int64)info->deletions);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)info->skipped);
    sqlite3_bind_int64(st, 8, s->place);
    coauth_bind_text_or_null(st, 9, info->md5);
    int rc = step_done(st);
    if (rc != SQLITE_OK) {
        coauth_status cst = fail_stmt(s, rc, err, "recording the file");
        coauth_store_rollback_file(s);
        return cst;
    }
    rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        coauth_status cst = fail_stmt(s, rc, err, "committing the file");
        coauth_store_rollback_file(s);
        return cst;
    }
    s->in_file = false;
    return COAUTH_OK;
}

coauth_status coauth_store_stats(coauth_store *s, coauth_stats *out, coauth_error *err)
{
    memset(out, 0, sizeof *out);
    struct {
        const char *sql;
        uint64_t *dst;
    } q[] = {
        {"SELECT count(*) FROM files", &out->files},
        {"SELECT count(*) FROM papers p WHERE p.hidden = 0 AND EXISTS (SELECT 1 FROM "
         "authorships a JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id WHERE "
         "a.pmid = p.pmid AND ap.country IS NOT NULL)",
         &out->papers_with_country},
        {"SELECT count(*) FROM authorships WHERE pmid NOT IN (SELECT pmid FROM papers WHERE "
         "hidden = 1)",
         &out->authorships},
        {"SELECT count(*) FROM affiliations", &out->affiliations},
        {"SELECT count(DISTINCT affiliation_id) FROM affiliation_parts WHERE country IS NOT NULL",
         &out->affiliations_resolved},
        {"SELECT count(*) FROM affiliation_parts", &out->affiliation_parts},
        {"SELECT count(*) FROM affiliation_parts WHERE country IS NOT NULL", &out->parts_resolved},
        {"SELECT count(*) FROM institutions", &out->institutions},
        {"SELECT count(*) FROM deletions", &out->deleted},
        {"SELECT coalesce(sum(skipped), 0) FROM files", &out->skipped_no_pmid},
        {"SELECT coalesce(sum(records), 0) FROM files", &out->records_applied},
    };
    /* The counts over papers' own columns in one scan (papers is the widest table). */
    static const char papers_sql[] =
        "SELECT total(hidden = 0), total(hidden = 0 AND year IS NULL), "
        "total(hidden = 0 AND research = 1), total(hidden = 0 AND research = 0), "
        "total(hidden = 0 AND research IS NULL), total(hidden = 0 AND aff_layout != 0), "
        "total(hidden = 0 AND source = 0), total(hidden = 0 AND source = 1), total(hidden = 1), "
        "total(authorships_from = 1) FROM papers";
    uint64_t *papers_dst[] = {&out->papers,
                              &out->papers_without_year,
                              &out->papers_research,
                              &out->papers_other,
                              &out->papers_without_metadata,
                              &out->papers_older_layout,
                              &out->papers_pubmed,
                              &out->papers_jats,
                              &out->papers_pubmed_and_jats,
                              &out->papers_authorships_from_jats};
    /* One read transaction so that all counts describe the same state. */
    coauth_status st = exec_sql(s, "BEGIN", err);
    if (st)
        return st;
    sqlite3_stmt *ps = NULL;
    int rc = sqlite3_prepare_v2(s->db, papers_sql, -1, &ps, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(ps)) == SQLITE_ROW) {
        for (size_t i = 0; i < sizeof papers_dst / sizeof papers_dst[0]; i++)
            *papers_dst[i] = (uint64_t)sqlite3_column_int64(ps, (int)i);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(ps);
    if (rc != SQLITE_OK)
        st = fail_stmt(s, rc, err, "counting papers");
    for (size_t i = 0; !st && i < sizeof q / sizeof q[0]; i++) {
        int64_t v = 0;
        if ((st = query_int(s, q[i].sql, &v, err)))
            break;
        *q[i].dst = (uint64_t)v;
    }
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (!st)
        out->papers_without_country = out->papers - out->papers_with_country;
    return st;
}

/* Do the stored parts of affiliation `aff` equal `res`? */
static coauth_status parts_equal(coauth_store *s, sqlite3_stmt *get, int64_t aff,
                                 const coauth_resolution *res, int *out_equal, coauth_error *err)
{
    sqlite3_bind_int64(get, 1, aff);
    size_t k = 0;
    int equal = 1, rc;
    while ((rc = sqlite3_step(get)) == SQLITE_ROW) {
        if (k >= res->n_parts) {
            equal = 0;
            continue;
        }
        const coauth_part *p = &res->parts[k++];
        const char *c = (const char *)sqlite3_column_text(get, 0);
        const char *inst = (const char *)sqlite3_column_text(get, 1);
        const char *rule = (const char *)sqlite3_column_text(get, 2);
        const char *ror = (const char *)sqlite3_column_text(get, 3);
        if (strcmp(ror ? ror : "", p->ror ? p->ror : "") != 0 ||
            strcmp(c ? c : "", p->country) != 0 ||
            strcmp(inst ? inst : "", p->institution ? p->institution : "") != 0 ||
            strcmp(rule ? rule : "", p->rule ? p->rule : "none") != 0)
            equal = 0;
    }
    sqlite3_reset(get);
    if (rc != SQLITE_DONE)
        return fail_stmt(s, rc, err, "reading affiliation parts");
    *out_equal = equal && k == res->n_parts;
    return COAUTH_OK;
}

coauth_status coauth_store_reresolve(coauth_store *s, const coauth_resolver *r,
                                     uint64_t *out_changed, coauth_error *err)
{
    if (s->readonly)
        return coauth_fail(err, COAUTH_EINVAL, "store '%s' is open read-only", s->path);
    sqlite3_stmt *all = NULL, *get = NULL, *del = NULL, *upd = NULL;
    coauth_resolution res = COAUTH_RESOLUTION_INIT;
    uint64_t changed = 0;
    coauth_status st = coauth_store_begin_file(s, err);
    if (st)
        return st;
    int rc = sqlite3_prepare_v2(s->db, "SELECT id, text, country FROM affiliations ORDER BY id", -1,
                                &all, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(
            s->db,
            "SELECT ap.country, i.name, ap.rule, ap.ror FROM affiliation_parts ap "
            "LEFT JOIN institutions i ON i.id = ap.institution_id "
            "WHERE ap.affiliation_id = ?1 ORDER BY ap.part",
            -1, &get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "DELETE FROM affiliation_parts WHERE affiliation_id = ?1",
                                -1, &del, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(s->db, "UPDATE affiliations SET n_parts = ?2 WHERE id = ?1", -1,
                                &upd, NULL);
    if (rc != SQLITE_OK) {
        st = fail_stmt(s, rc, err, "preparing re-resolution");
        goto out;
    }
    while ((rc = sqlite3_step(all)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(all, 0);
        /* with the structured country the string came with (JATS) */
        coauth_affiliation aff = {.text = (const char *)sqlite3_column_text(all, 1),
                                  .len = (size_t)sqlite3_column_bytes(all, 1),
                                  .country = (const char *)sqlite3_column_text(all, 2)};
        if ((st = coauth_resolve_affiliation(r, &aff, &res, err)))
            goto out;
        int equal = 0;
        if ((st = parts_equal(s, get, id, &res, &equal, err)))
            goto out;
        if (equal)
            continue;
        changed++;
        sqlite3_bind_int64(del, 1, id);
        if ((rc = step_done(del)) != SQLITE_OK) {
            st = fail_stmt(s, rc, err, "replacing affiliation parts");
            goto out;
        }
        sqlite3_bind_int64(upd, 1, id);
        sqlite3_bind_int64(upd, 2, (sqlite3_int64)res.n_parts);
        if ((rc = step_done(upd)) != SQLITE_OK) {
            st = fail_stmt(s, rc, err, "updating an affiliation");
            goto out;
        }
        if ((st = insert_parts(s, id, &res, err)) || (st = flush_pending(s, 0, err)))
            goto out;
    }
    if (rc != SQLITE_DONE) {
        st = fail_stmt(s, rc, err, "reading affiliations");
        goto out;
    }
    /* The country sets follow the parts: rebuilt when any part changed (one pass over
     * papers, authorships and affiliation_parts, like the pass above). */
    if (changed && (st = coauth_store_sets_rebuild(s->db, s->path, err)))
        goto out;
    /* Institutions no longer referenced by any part are dropped. */
    rc = sqlite3_exec(s->db,
                      "DELETE FROM institutions WHERE id NOT IN (SELECT institution_id FROM "
                      "affiliation_parts WHERE institution_id IS NOT NULL)",
                      NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        st = fail_stmt(s, rc, err, "pruning institutions");
        goto out;
    }
out:
    sqlite3_finalize(all);
    sqlite3_finalize(get);
    sqlite3_finalize(del);
    sqlite3_finalize(upd);
    coauth_resolution_release(&res);
    if (st == COAUTH_OK) {
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            st = fail_stmt(s, rc, err, "committing re-resolution");
        else
            s->in_file = false;
    }
    if (st != COAUTH_OK) {
        coauth_store_rollback_file(s);
    } else {
        cc_clear(s); /* the parts may have changed */
        /* Pruned institutions may still be in the name cache. */
        coauth_strtab *fresh = NULL;
        if (coauth_strtab_new(&fresh, NULL) == COAUTH_OK) {
            coauth_strtab_free(s->inst_names);
            s->inst_names = fresh;
        }
        if (out_changed)
            *out_changed = changed;
    }
    return st;
}

/* One meta value into out (size n): "" when the key is absent. */
static coauth_status meta_get(coauth_store *s, const char *key, char *out, size_t n,
                              coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *v = (const char *)sqlite3_column_text(st, 0);
            snprintf(out, n, "%s", v ? v : "");
        }
        if (rc == SQLITE_ROW || rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK : fail_stmt(s, rc, err, "reading meta");
}

static coauth_status meta_put(coauth_store *s, const char *key, const char *value,
                              coauth_error *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_OK ? COAUTH_OK : fail_stmt(s, rc, err, "writing meta");
}

coauth_status coauth_store_provenance(coauth_store *s, coauth_provenance *out, coauth_error *err)
{
    char sv[32], rv[32];
    coauth_status st;
    if ((st =
             meta_get(s, "coauth_version", out->coauth_version, sizeof out->coauth_version, err)) ||
        (st = meta_get(s, "schema_version", sv, sizeof sv, err)) ||
        (st = meta_get(s, "resolver_version", rv, sizeof rv, err)) ||
        (st = meta_get(s, "thesaurus_checksum", out->thesaurus_checksum,
                       sizeof out->thesaurus_checksum, err)) ||
        (st = meta_get(s, "ror_version", out->ror_version, sizeof out->ror_version, err)) ||
        (st = meta_get(s, "ror_date", out->ror_date, sizeof out->ror_date, err)))
        return st;
    out->schema_version = sv[0] ? atoi(sv) : COAUTH_SCHEMA_VERSION;
    out->resolver_version = rv[0] ? atoi(rv) : -1;
    return COAUTH_OK;
}

coauth_status coauth_store_note_resolver(coauth_store *s, const coauth_resolver *r,
                                         bool all_strings, coauth_error *err)
{
    if (s->readonly)
        return coauth_fail(err, COAUTH_EINVAL, "store '%s' is open read-only", s->path);
    char rv[32];
    coauth_status st = meta_get(s, "resolver_version", rv, sizeof rv, err);
    if (st)
        return st;
    int v = COAUTH_RESOLVER_VERSION;
    if (!all_strings && rv[0] && atoi(rv) < v)
        v = atoi(rv);
    snprintf(rv, sizeof rv, "%d", v);
    const char *th = coauth_resolver_thesaurus_checksum(r);
    if ((st = exec_sql(s, "BEGIN IMMEDIATE", err)))
        return st;
    if ((st = meta_put(s, "coauth_version", coauth_version(), err)) ||
        (st = meta_put(s, "resolver_version", rv, err)) ||
        (st = meta_put(s, "thesaurus_checksum", th ? th : "none", err)) ||
        (st = exec_sql(s, "COMMIT", err))) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return COAUTH_OK;
}
