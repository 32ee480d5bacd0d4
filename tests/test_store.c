/* test_store.c - the SQLite store: schema, transactions, replacement, deletion,
 * deduplication, stats, re-resolution. Expected values are counted by hand from the
 * records built in each test.
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(store, .init = suite_init);

static char *dir;
static char path[512];

static void setup(void)
{
    dir = make_tmpdir();
    cr_assert_not_null(dir);
    snprintf(path, sizeof path, "%s/s.db", dir);
}

static void teardown(void)
{
    remove_tmpdir(dir);
}

static long long sql_int(const char *sql)
{
    return sql_int_at(path, sql);
}

/* Open (creating) the store at `path` for writing. */
static coauth_store *open_store(void)
{
    coauth_store *s = NULL;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_open(&s, path, 0, &err), COAUTH_OK, "%s", err.msg);
    return s;
}

/* A record with authors given as affiliation-index lists. */
struct fake {
    coauth_record rec;
    coauth_author authors[4];
    coauth_affiliation affs[6];
    coauth_resolution res[6];
    coauth_part parts[6][2];
};

static void fake_init(struct fake *f, uint64_t pmid, int year)
{
    memset(f, 0, sizeof *f);
    f->rec.kind = COAUTH_RECORD_ARTICLE;
    f->rec.pmid = pmid;
    f->rec.version = 1;
    f->rec.year = year;
    f->rec.line = 1;
    f->rec.authors = f->authors;
    f->rec.affiliations = f->affs;
}

/* Add an author with one affiliation string whose single part has `cc`/`inst`. */
static void fake_author(struct fake *f, const char *text, const char *cc, const char *inst)
{
    size_t a = f->rec.n_authors++, k = f->rec.n_affiliations++;
    f->authors[a] = (coauth_author){.name = "Doe, J", .first_affiliation = k, .n_affiliations = 1};
    f->affs[k] = (coauth_affiliation){.text = text, .len = strlen(text)};
    snprintf(f->parts[k][0].country, 3, "%s", cc);
    f->parts[k][0].institution = inst;
    f->parts[k][0].rule = cc[0] ? "country" : "none";
    f->res[k].n_parts = 1;
    f->res[k].parts = f->parts[k];
}

/* A DeleteCitation record listing n PMIDs (borrowed). */
static void fake_delete(struct fake *f, uint64_t *pmids, size_t n)
{
    memset(f, 0, sizeof *f);
    f->rec.kind = COAUTH_RECORD_DELETE;
    f->rec.n_deleted = n;
    f->rec.deleted = pmids;
}

static void apply(coauth_store *s, struct fake *const *recs, size_t n, const char *name)
{
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(coauth_store_put_record(s, &recs[i]->rec, recs[i]->res, &err), COAUTH_OK, "%s",
                     err.msg);
    coauth_file_info info = {name, 100, "crc32:0", n, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info, &err), COAUTH_OK, "%s", err.msg);
}

Test(store, creates_versioned_schema_in_wal_mode, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store_free(s);
    cr_assert_eq(sql_int("PRAGMA user_version"), COAUTH_SCHEMA_VERSION);
    cr_assert_eq(sql_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN "
                         "('files','papers','authorships','affiliations','affiliation_parts',"
                         "'institutions','deletions','meta')"),
                 8);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(db);
    /* reopening an existing store works */
    cr_assert_eq(coauth_store_open(&s, path, 0, &err), COAUTH_OK, "%s", err.msg);
    coauth_store_free(s);
}

Test(store, records_replacement_dedup_and_deletion, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    struct fake p1, p2, p3;
    fake_init(&p1, 101, 2019);
    fake_author(&p1, "Fudan University, Shanghai, China", "CN", "Fudan University");
    fake_author(&p1, "Harvard Medical School, Boston, MA, USA", "US", "Harvard Medical School");
    fake_init(&p2, 102, 2020);
    fake_author(&p2, "Fudan University, Shanghai, China", "CN", "Fudan University");
    fake_init(&p3, 103, 0); /* unknown year, unresolved affiliation */
    fake_author(&p3, "Somewhere", "", NULL);
    struct fake *file1[] = {&p1, &p2, &p3};
    apply(s, file1, 3, "f1.xml");
    /* 3 papers; authorships 2+1+1 = 4; distinct strings 3 (Fudan shared); institutions 2 */
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 3);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships"), 4);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 3);
    cr_assert_eq(sql_int("SELECT count(*) FROM institutions"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers WHERE year IS NULL"), 1);

    /* file 2: PMID 101 revised (version 2, one author only); PMID 102 deleted */
    struct fake p1b;
    fake_init(&p1b, 101, 2019);
    p1b.rec.version = 2;
    fake_author(&p1b, "Kyoto University, Kyoto, Japan", "JP", "Kyoto University");
    uint64_t del[] = {102, 999};
    struct fake d;
    fake_delete(&d, del, 2);
    struct fake *file2[] = {&p1b, &d};
    apply(s, file2, 2, "f2.xml");
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 2); /* 101, 103 */
    cr_assert_eq(sql_int("SELECT version FROM papers WHERE pmid = 101"), 2);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 101"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 102"), 0);
    cr_assert_eq(sql_int("SELECT count(*) FROM deletions"), 2);    /* 102, 999 */
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 4); /* strings are kept */

    coauth_stats st;
    cr_assert_eq(coauth_store_stats(s, &st, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(st.files, 2);
    cr_assert_eq(st.papers, 2);
    cr_assert_eq(st.papers_with_country, 1); /* 101 (JP); 103 unresolved */
    cr_assert_eq(st.papers_without_country, 1);
    cr_assert_eq(st.papers_without_year, 1);
    cr_assert_eq(st.deleted, 2);
    cr_assert_eq(st.affiliations, 4);
    cr_assert_eq(st.affiliations_resolved, 3);
    cr_assert_eq(st.records_applied, 5); /* 3 + 2 as passed to commit_file */

    /* a deleted PMID that comes back is no longer listed as deleted */
    struct fake p2b;
    fake_init(&p2b, 102, 2021);
    fake_author(&p2b, "Fudan University, Shanghai, China", "CN", "Fudan University");
    struct fake *file3[] = {&p2b};
    apply(s, file3, 1, "f3.xml");
    cr_assert_eq(sql_int("SELECT count(*) FROM deletions"), 1);
    cr_assert_eq(sql_int("SELECT year FROM papers WHERE pmid = 102"), 2021);
    coauth_store_free(s);
}

/* The writer skips the look-up of an affiliation string whose fingerprint it has not
 * stored, while it has seen every string of the store; a string another connection
 * stored in between must still be found (PRAGMA data_version), and a string repeated
 * within one record (queued, not inserted yet) is stored once. */
Test(store, affiliations_stored_by_another_connection_are_found, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    struct fake p1, p2, p3;
    fake_init(&p1, 1, 2020);
    fake_author(&p1, "Alpha University, Paris, France", "FR", "Alpha University");
    fake_author(&p1, "Alpha University, Paris, France", "FR", "Alpha University");
    struct fake *fa[] = {&p1};
    apply(s, fa, 1, "a.xml");
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships"), 2);

    coauth_store *other = open_store(); /* a second writer, between s's files */
    fake_init(&p2, 2, 2020);
    fake_author(&p2, "Beta Institute, Rome, Italy", "IT", "Beta Institute");
    struct fake *fb[] = {&p2};
    apply(other, fb, 1, "b.xml");
    coauth_store_free(other);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 2);

    fake_init(&p3, 3, 2021);
    fake_author(&p3, "Beta Institute, Rome, Italy", "IT", "Beta Institute");
    fake_author(&p3, "Alpha University, Paris, France", "FR", "Alpha University");
    struct fake *fc[] = {&p3};
    apply(s, fc, 1, "c.xml");
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 2);
    cr_assert_eq(
        sql_int("SELECT count(*) FROM affiliations WHERE text = 'Beta Institute, Rome, Italy'"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships"), 5);
    cr_assert_eq(sql_int("SELECT count(DISTINCT affiliation_id) FROM authorships"), 2);
    coauth_store_free(s);
}

/* The Bloom filter of the strings a run has stored starts at 2^10 bits (the meta keys;
 * 128 strings), is rebuilt from both hash tables and the queued strings at the 129th
 * string (in the first file, before any merge) and the 257th (in the third, after the
 * earlier files' pairs were merged into the large table), and holds 450 strings at 2^12
 * bits, its largest here: no string it was given may read as absent, or a repeat would
 * be stored twice. Four files of 150 records; record r of file k names "Lab 100k+r" and
 * "Lab r" (in file 0 both are "Lab r", one string twice in a record), so the strings are
 * Lab 0..449: 450, and 1,200 authorships. */
Test(store, string_filter_rebuilt_as_it_grows_never_loses_a_string, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    sql_exec_at(path, "INSERT INTO meta(key, value) VALUES ('aff_filter_bits', '10'), "
                      "('aff_filter_max_bits', '12'), ('hash_merge_rows', '50')");
    static char texts[2][150][40];
    static struct fake recs[150];
    struct fake *file[150];
    for (int k = 0; k < 4; k++) {
        for (int r = 0; r < 150; r++) {
            snprintf(texts[0][r], sizeof texts[0][r], "Lab %d, Paris, France", 100 * k + r);
            snprintf(texts[1][r], sizeof texts[1][r], "Lab %d, Paris, France", r);
            fake_init(&recs[r], (uint64_t)(1000 * k + r + 1), 2020);
            fake_author(&recs[r], texts[0][r], "FR", NULL);
            fake_author(&recs[r], texts[1][r], "FR", NULL);
            file[r] = &recs[r];
        }
        char name[16];
        snprintf(name, sizeof name, "f%d.xml", k);
        apply(s, file, 150, name);
    }
    coauth_store_free(s);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 450);
    cr_assert_eq(sql_int("SELECT count(DISTINCT text) FROM affiliations"), 450);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships"), 1200);
    cr_assert_eq(sql_int("SELECT count(DISTINCT affiliation_id) FROM authorships"), 450);
    cr_assert_eq(sql_int("SELECT (SELECT count(*) FROM affiliation_hashes) + "
                         "(SELECT count(*) FROM affiliation_hashes_new)"),
                 450);
}

/* The writer skips the existence look-up for PMIDs above every stored one; within one
 * file a PMID may still repeat, come below the largest, or follow its deletion. */
Test(store, pmids_out_of_order_within_a_file, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    struct fake a, b, a2, c;
    fake_init(&a, 200, 2001);
    fake_author(&a, "Paris, France", "FR", NULL);
    fake_author(&a, "Lyon, France", "FR", NULL);
    fake_init(&b, 150, 2002);
    fake_author(&b, "Rome, Italy", "IT", NULL);
    fake_init(&a2, 200, 2003); /* 200 again, later in the same file: replaces */
    fake_author(&a2, "Oslo, Norway", "NO", NULL);
    uint64_t del[] = {300};
    struct fake d;
    fake_delete(&d, del, 1);
    fake_init(&c, 300, 2004); /* deleted above, then stored: no longer deleted */
    fake_author(&c, "Bern, Switzerland", "CH", NULL);
    struct fake *file1[] = {&a, &b, &a2, &d, &c};
    apply(s, file1, 5, "f1.xml");
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 3);
    cr_assert_eq(sql_int("SELECT year FROM papers WHERE pmid = 200"), 2003);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 200"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 150"), 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM deletions"), 0);
    /* a second file below everything stored: 150 replaced, 120 new */
    struct fake b2, e;
    fake_init(&b2, 150, 2005);
    fake_init(&e, 120, 2006);
    struct fake *file2[] = {&e, &b2};
    apply(s, file2, 2, "f2.xml");
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 4);
    cr_assert_eq(sql_int("SELECT year FROM papers WHERE pmid = 150"), 2005);
    cr_assert_eq(sql_int("SELECT count(*) FROM authorships WHERE pmid = 150"), 0);
    coauth_store_free(s);
}

/* Authorships go in with multi-row INSERT OR IGNORE; a row that meets a stored one
 * (possible only in a store altered by hand: authorships of a PMID that has no paper)
 * must fail the record, not vanish. */
Test(store, conflicting_authorship_is_an_error, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store_free(s);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db,
                              "INSERT INTO authorships(pmid, position, seq, affiliation_id) "
                              "VALUES (500, 2, 1, 77)",
                              NULL, NULL, NULL),
                 SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    cr_assert_eq(coauth_store_open(&s, path, 0, &err), COAUTH_OK, "%s", err.msg);
    struct fake p;
    fake_init(&p, 500, 2000);
    fake_author(&p, "Paris, France", "FR", NULL);
    fake_author(&p, "Lyon, France", "FR", NULL);
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    coauth_status st = coauth_store_put_record(s, &p.rec, p.res, &err);
    cr_expect_eq(st, COAUTH_ESTORE, "status %d: %s", st, err.msg);
    cr_expect(strstr(err.msg, "1 of 2 rows conflicted") != NULL, "%s", err.msg);
    coauth_store_rollback_file(s);
    coauth_store_free(s);
    cr_expect_eq(sql_int("SELECT count(*) FROM papers"), 0);
    cr_expect_eq(sql_int("SELECT affiliation_id FROM authorships WHERE pmid = 500"), 77);
}

Test(store, new_store_has_16k_pages, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_store_free(s);
    cr_assert_eq(sql_int("PRAGMA page_size"), 16384);
    cr_assert_eq(sql_int("SELECT count(*) FROM sqlite_schema WHERE name = 'papers'"), 1);
}

Test(store, rollback_leaves_store_unchanged, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    struct fake p1;
    fake_init(&p1, 7, 2000);
    fake_author(&p1, "Paris, France", "FR", NULL);
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK);
    cr_assert_eq(coauth_store_put_record(s, &p1.rec, p1.res, &err), COAUTH_OK);
    coauth_store_rollback_file(s);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 0);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 0);
    cr_assert_eq(sql_int("SELECT count(*) FROM files"), 0);
    /* an uncommitted transaction at close is rolled back too */
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK);
    cr_assert_eq(coauth_store_put_record(s, &p1.rec, p1.res, &err), COAUTH_OK);
    coauth_store_free(s);
    cr_assert_eq(sql_int("SELECT count(*) FROM papers"), 0);
}

Test(store, files_applied_identity, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    struct fake *none[] = {NULL};
    apply(s, none, 0, "a.xml.gz");
    int applied = -1;
    cr_assert_eq(coauth_store_file_applied(s, "a.xml.gz", 100, "crc32:0", &applied, &err), 0);
    cr_assert_eq(applied, 1);
    cr_assert_eq(coauth_store_file_applied(s, "a.xml.gz", 101, "crc32:0", &applied, &err), 0);
    cr_assert_eq(applied, 0);
    cr_assert_eq(coauth_store_file_applied(s, "a.xml.gz", 100, "crc32:1", &applied, &err), 0);
    cr_assert_eq(applied, 0);
    cr_assert_eq(coauth_store_file_applied(s, "b.xml.gz", 100, "crc32:0", &applied, &err), 0);
    cr_assert_eq(applied, 0);
    coauth_store_free(s);
}

Test(store, rejects_foreign_and_missing_files, .init = setup, .fini = teardown)
{
    coauth_store *s = NULL;
    coauth_error err = COAUTH_ERROR_INIT;
    /* read-only open of a missing store */
    cr_assert_neq(coauth_store_open(&s, path, COAUTH_STORE_READONLY, &err), COAUTH_OK);
    cr_assert(strstr(err.msg, "no store") != NULL, "%s", err.msg);
    cr_assert_null(s);
    /* not an SQLite file */
    cr_assert_eq(write_file(path, "hello, this is not a database\n", 30), 0);
    cr_assert_neq(coauth_store_open(&s, path, 0, &err), COAUTH_OK);
    cr_assert(strstr(err.msg, "not a coauth store") != NULL, "%s", err.msg);
    /* an SQLite file with someone else's tables */
    remove(path);
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "CREATE TABLE x(a)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cr_assert_neq(coauth_store_open(&s, path, 0, &err), COAUTH_OK);
    cr_assert(strstr(err.msg, "not a coauth store") != NULL, "%s", err.msg);
    cr_assert_eq(sql_int("SELECT count(*) FROM sqlite_schema"), 1); /* untouched */
    /* a newer schema version */
    remove(path);
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cr_assert_neq(coauth_store_open(&s, path, 0, &err), COAUTH_OK);
    cr_assert(strstr(err.msg, "newer") != NULL, "%s", err.msg);
    /* a directory */
    cr_assert_neq(coauth_store_open(&s, dir, 0, &err), COAUTH_OK);
    cr_assert(strstr(err.msg, "directory") != NULL, "%s", err.msg);
}

Test(store, readonly_store_refuses_writes, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store_free(s);
    cr_assert_eq(coauth_store_open(&s, path, COAUTH_STORE_READONLY, &err), COAUTH_OK, "%s",
                 err.msg);
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_EINVAL);
    coauth_stats st;
    cr_assert_eq(coauth_store_stats(s, &st, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(st.papers, 0);
    coauth_store_free(s);
}

Test(store, second_writer_gets_busy_error, .init = setup, .fini = teardown)
{
    coauth_store *a = NULL, *b = NULL;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_open(&a, path, 0, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_open(&b, path, 0, &err), COAUTH_OK, "%s", err.msg);
    coauth_store_set_busy_timeout(b, 200);
    cr_assert_eq(coauth_store_begin_file(a, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_begin_file(b, &err), COAUTH_EBUSY);
    cr_assert(strstr(err.msg, "locked by another process") != NULL, "%s", err.msg);
    coauth_store_rollback_file(a);
    cr_assert_eq(coauth_store_begin_file(b, &err), COAUTH_OK, "%s", err.msg);
    coauth_store_rollback_file(b);
    coauth_store_free(a);
    coauth_store_free(b);
}

Test(store, reresolve_fills_unresolved_strings, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    const char *text = "Department of Physics, Kyoto University, Kyoto 606-8502, Japan";
    coauth_affiliation aff = {.text = text, .len = strlen(text)};
    coauth_author au = {.name = "Sato, K", .n_affiliations = 1};
    coauth_record rec = {.kind = COAUTH_RECORD_ARTICLE,
                         .pmid = 5,
                         .version = 1,
                         .year = 2015,
                         .line = 1,
                         .n_authors = 1,
                         .authors = &au,
                         .n_affiliations = 1,
                         .affiliations = &aff};
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK);
    cr_assert_eq(coauth_store_put_record(s, &rec, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info = {"x", 1, "c", 1, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliation_parts"), 0);

    coauth_resolver *r = NULL;
    cr_assert_eq(coauth_resolver_new(&r, NULL, &err), COAUTH_OK, "%s", err.msg);
    uint64_t changed = 0;
    cr_assert_eq(coauth_store_reresolve(s, r, &changed, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(changed, 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliation_parts WHERE country = 'JP'"), 1);
    /* a second pass changes nothing */
    cr_assert_eq(coauth_store_reresolve(s, r, &changed, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(changed, 0);
    coauth_resolver_free(r);
    coauth_store_free(s);
}

/* The parsers' skip check runs on a read-only connection (it crashed before the
 * read-only store prepared its statement). */
Test(store, readonly_store_answers_file_applied, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_error err = COAUTH_ERROR_INIT;
    struct fake *none[] = {NULL};
    apply(s, none, 0, "a.xml.gz");
    coauth_store_free(s);
    cr_assert_eq(coauth_store_open(&s, path, COAUTH_STORE_READONLY, &err), COAUTH_OK, "%s",
                 err.msg);
    int applied = -1;
    cr_assert_eq(coauth_store_file_applied(s, "a.xml.gz", 100, "crc32:0", &applied, &err), 0);
    cr_assert_eq(applied, 1);
    cr_assert_eq(coauth_store_file_applied(s, "b.xml.gz", 100, "crc32:0", &applied, &err), 0);
    cr_assert_eq(applied, 0);
    coauth_store_free(s);
}

/* With a resolver set, a string given without resolution is resolved when it is new
 * and keeps its stored resolution when it is not. */
Test(store, resolver_resolves_only_new_strings, .init = setup, .fini = teardown)
{
    coauth_store *s = NULL;
    coauth_resolver *r = NULL;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_resolver_new(&r, NULL, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_open(&s, path, 0, &err), COAUTH_OK, "%s", err.msg);
    /* stored first with a deliberately different (hand-given) resolution */
    struct fake a;
    fake_init(&a, 1, 2020);
    fake_author(&a, "Institut Pasteur, Viral Genomics Unit, Paris, France", "DE", NULL);
    struct fake *one[] = {&a};
    apply(s, one, 1, "a.xml");
    coauth_store_set_resolver(s, r);
    struct fake b;
    fake_init(&b, 2, 2021);
    fake_author(&b, "Institut Pasteur, Viral Genomics Unit, Paris, France", "", NULL);
    fake_author(&b, "Fudan University, Shanghai, China", "", NULL);
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &b.rec, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info = {"b.xml", 100, "crc32:1", 1, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info, &err), COAUTH_OK, "%s", err.msg);
    coauth_store_set_resolver(s, NULL);
    coauth_store_free(s);
    coauth_resolver_free(r);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliations"), 2);
    /* the known string kept DE; the new one was resolved to CN by the resolver */
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliation_parts ap JOIN affiliations f ON "
                         "f.id = ap.affiliation_id WHERE f.text LIKE 'Institut%' AND "
                         "ap.country = 'DE'"),
                 1);
    cr_assert_eq(sql_int("SELECT count(*) FROM affiliation_parts ap JOIN affiliations f ON "
                         "f.id = ap.affiliation_id WHERE f.text LIKE 'Fudan%' AND "
                         "ap.country = 'CN'"),
                 1);
}

/* All rows of a query as "a|b\n" text, NULL shown as "NULL" (malloc'd). */
static char *sql_rows(const char *sql)
{
    return sql_rows_at(path, sql);
}

static void expect_rows(const char *sql, const char *want)
{
    char *got = sql_rows(sql);
    cr_expect_str_eq(got, want, "%s", sql);
    free(got);
}

/* Rows with this pmid in every table of schema 6 that has a pmid column: the tables,
 * and the views that decode schema 7's paper_meta and schema 9's paper_authors (which hold rows
 * only for papers with metadata, checked by the callers). */
static long long rows_of_pmid(uint64_t pmid)
{
    char *tables = sql_rows("SELECT m.name FROM sqlite_schema m JOIN pragma_table_info(m.name) "
                            "p WHERE p.name = 'pmid' AND ((m.type = 'table' AND m.name NOT IN "
                            "('paper_meta', 'paper_authors')) OR m.name IN ('paper_types', "
                            "'paper_issns', 'paper_languages', 'paper_mesh', 'paper_grants', "
                            "'authors')) ORDER BY m.name");
    long long n = 0, n_tables = 0;
    for (char *t = strtok(tables, "\n"); t; t = strtok(NULL, "\n")) {
        char q[160];
        snprintf(q, sizeof q, "SELECT count(*) FROM %s WHERE pmid = %llu", t,
                 (unsigned long long)pmid);
        n += sql_int(q);
        n_tables++;
    }
    free(tables);
    /* papers, deletions, authorships, authors, affiliation_identifiers, paper_* (5),
     * paper_country_sets */
    cr_assert_eq(n_tables, 11);
    return n;
}

/* A record with every metadata field (the reader will fill them): each table read back,
 * then replaced by a newer version with less, then deleted. */
Test(store, paper_metadata_written_replaced_and_removed, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    const coauth_ident ids1[] = {{"ROR", "https://ror.org/03vek6s52"}, {"GRID", "grid.38142.3c"}};
    const coauth_ident ids2[] = {{"", "0000 0001 2256 9319"}};
    const coauth_affiliation affs[] = {
        {.text = "Harvard Medical School, Boston, MA, USA",
         .len = 39,
         .n_identifiers = 2,
         .identifiers = ids1},
        {.text = "Fudan University, Shanghai, China", .len = 33},
        {.text = "Kyoto University, Kyoto, Japan",
         .len = 30,
         .n_identifiers = 1,
         .identifiers = ids2},
    };
    const coauth_author authors[] = {
        {.name = "Smith, John",
         .last_name = "Smith",
         .fore_name = "John",
         .initials = "J",
         .orcid = "0000-0002-1825-009X",
         .first_affiliation = 0,
         .n_affiliations = 2},
        {.name = "Sato, K",
         .last_name = "Sato",
         .initials = "K",
         .first_affiliation = 2,
         .n_affiliations = 1},
        {.name = "The Test Consortium",
         .collective = true,
         .collective_name = "The Test Consortium"},
    };
    const coauth_issn issns[] = {{"1234-5678", "Print"}, {"1234-5678", "Linking"}};
    const coauth_pubtype types[] = {{"D016428", "Journal Article"},
                                    {"D016449", "Randomized Controlled Trial"}};
    const char *const langs[] = {"eng", "fre"};
    /* 10 descriptors: more than one multi-row INSERT (8 rows) */
    const coauth_mesh mesh[] = {
        {"D006801", "Humans", false},        {"D008297", "Male", false},
        {"D005260", "Female", false},        {"D000328", "Adult", false},
        {"D009369", "Neoplasms", true},      {"D001943", "Breast Neoplasms", true},
        {"D012307", "Risk Factors", false},  {"D016896", "Treatment Outcome", false},
        {"D015331", "Cohort Studies", true}, {NULL, "No UI", false},
    };
    const coauth_grant grants[] = {{"NCI NIH HHS", "United States", "R01 CA000001"},
                                   {"Wellcome Trust", NULL, NULL}};
    coauth_record rec = {
        .kind = COAUTH_RECORD_ARTICLE,
        .pmid = 501,
        .version = 1,
        .year = 2022,
        .line = 1,
        .n_authors = 3,
        .authors = authors,
        .n_affiliations = 3,
        .affiliations = affs,
        .aff_layout = COAUTH_AFF_AUTHOR,
        .title = "A paper with everything.",
        .doi = "10.1000/xyz123",
        .pmc = "PMC1234567",
        .nlm_id = "101234567",
        .journal_iso = "J Test",
        .journal_title = "Journal of Tests",
        .n_issns = 2,
        .issns = issns,
        .n_types = 2,
        .types = types,
        .n_languages = 2,
        .languages = langs,
        .n_mesh = 10,
        .mesh = mesh,
        .n_grants = 2,
        .grants = grants,
    };
    /* an untouched neighbour without any metadata: research (no types at all) */
    const coauth_author bare_author[] = {{.name = "Doe, J"}};
    coauth_record bare = {.kind = COAUTH_RECORD_ARTICLE,
                          .pmid = 502,
                          .version = 1,
                          .n_authors = 1,
                          .authors = bare_author};
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &rec, NULL, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &bare, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info = {"m1.xml", 100, "crc32:0", 2, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info, &err), COAUTH_OK, "%s", err.msg);

    expect_rows(
        "SELECT pmid, version, year, n_authors, research, aff_layout, title, doi, pmc, "
        "nlm_id, journal_iso, journal_title FROM papers LEFT JOIN paper_journals USING (pmid) "
        "ORDER BY pmid",
        "501|1|2022|3|1|2|A paper with everything.|10.1000/xyz123|PMC1234567|101234567|"
        "J Test|Journal of Tests\n"
        "502|1|NULL|1|1|0|NULL|NULL|NULL|NULL|NULL|NULL\n");
    expect_rows("SELECT * FROM paper_types ORDER BY pmid, seq",
                "501|1|D016428|Journal Article\n501|2|D016449|Randomized Controlled Trial\n");
    expect_rows("SELECT * FROM paper_issns ORDER BY pmid, seq",
                "501|1|1234-5678|Print\n501|2|1234-5678|Linking\n");
    expect_rows("SELECT * FROM paper_languages ORDER BY pmid, seq", "501|1|eng\n501|2|fre\n");
    expect_rows("SELECT * FROM paper_mesh ORDER BY pmid, seq",
                "501|1|D006801|Humans|0\n501|2|D008297|Male|0\n501|3|D005260|Female|0\n"
                "501|4|D000328|Adult|0\n501|5|D009369|Neoplasms|1\n"
                "501|6|D001943|Breast Neoplasms|1\n501|7|D012307|Risk Factors|0\n"
                "501|8|D016896|Treatment Outcome|0\n501|9|D015331|Cohort Studies|1\n"
                "501|10|NULL|No UI|0\n");
    expect_rows("SELECT * FROM paper_grants ORDER BY pmid, seq",
                "501|1|NCI NIH HHS|United States|R01 CA000001\n501|2|Wellcome Trust|NULL|NULL\n");
    expect_rows("SELECT * FROM authors ORDER BY pmid, position",
                "501|1|Smith, John|Smith|John|J|NULL|0000-0002-1825-009X\n"
                "501|2|Sato, K|Sato|NULL|K|NULL|NULL\n"
                "501|3|The Test Consortium|NULL|NULL|NULL|The Test Consortium|NULL\n"
                "502|1|Doe, J|NULL|NULL|NULL|NULL|NULL\n");
    expect_rows("SELECT pmid, position, seq FROM authorships ORDER BY 1, 2, 3",
                "501|1|1\n501|1|2\n501|2|1\n");
    expect_rows("SELECT * FROM affiliation_identifiers ORDER BY pmid, position, seq, k",
                "501|1|1|1|ROR|https://ror.org/03vek6s52\n501|1|1|2|GRID|grid.38142.3c\n"
                "501|2|1|1||0000 0001 2256 9319\n");
    coauth_stats st;
    cr_assert_eq(coauth_store_stats(s, &st, &err), COAUTH_OK, "%s", err.msg);
    cr_expect_eq(st.papers_research, 2);
    cr_expect_eq(st.papers_other, 0);
    cr_expect_eq(st.papers_without_metadata, 0);
    cr_expect_eq(st.papers_older_layout, 1);
    long long with_502 = rows_of_pmid(502);

    /* version 2: a letter, one author, one descriptor, nothing else */
    const coauth_pubtype letter[] = {{"D016422", "Letter"}};
    const coauth_author one[] = {{.name = "Smith, John", .last_name = "Smith"}};
    coauth_record v2 = {.kind = COAUTH_RECORD_ARTICLE,
                        .pmid = 501,
                        .version = 2,
                        .year = 2023,
                        .n_authors = 1,
                        .authors = one,
                        .n_types = 1,
                        .types = letter,
                        .n_mesh = 1,
                        .mesh = mesh + 4};
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &v2, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info2 = {"m2.xml", 100, "crc32:1", 1, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info2, &err), COAUTH_OK, "%s", err.msg);
    expect_rows("SELECT version, year, research, aff_layout, title FROM papers WHERE pmid = 501",
                "2|2023|0|0|NULL\n");
    /* papers 1 + types 1 + mesh 1 + authors 1 */
    cr_expect_eq(rows_of_pmid(501), 4);
    expect_rows("SELECT * FROM paper_mesh WHERE pmid = 501", "501|1|D009369|Neoplasms|1\n");
    /* schema 7: one paper_meta row, one author_names row (the name is not "Smith") */
    expect_rows("SELECT pmid, types IS NOT NULL, mesh IS NOT NULL, issns, languages, grants "
                "FROM paper_meta WHERE pmid = 501",
                "501|1|1|NULL|NULL|NULL\n");
    expect_rows("SELECT name FROM author_names WHERE pmid = 501", "Smith, John\n");
    cr_assert_eq(coauth_store_stats(s, &st, &err), COAUTH_OK, "%s", err.msg);
    cr_expect_eq(st.papers_research, 1);
    cr_expect_eq(st.papers_other, 1);
    cr_expect_eq(st.papers_older_layout, 0);

    /* DeleteCitation: nothing of 501 is left but its deletions row; 502 is untouched */
    uint64_t del[] = {501};
    coauth_record d = {.kind = COAUTH_RECORD_DELETE, .n_deleted = 1, .deleted = del};
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &d, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info3 = {"m3.xml", 100, "crc32:2", 0, 1, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info3, &err), COAUTH_OK, "%s", err.msg);
    cr_expect_eq(rows_of_pmid(501), 1);
    cr_expect_eq(sql_int("SELECT count(*) FROM deletions WHERE pmid = 501"), 1);
    cr_expect_eq(sql_int("SELECT count(*) FROM paper_meta WHERE pmid = 501"), 0);
    cr_expect_eq(sql_int("SELECT count(*) FROM author_names WHERE pmid = 501"), 0);
    cr_expect_eq(rows_of_pmid(502), with_502);
    coauth_store_free(s);
}

/* A record's affiliation index out of range is an error, the file rolled back. */
Test(store, affiliation_index_out_of_range, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    const coauth_affiliation aff = {.text = "Somewhere", .len = 9};
    const coauth_author au = {.name = "Doe, J", .first_affiliation = 1, .n_affiliations = 1};
    coauth_record rec = {.kind = COAUTH_RECORD_ARTICLE,
                         .pmid = 7,
                         .version = 1,
                         .n_authors = 1,
                         .authors = &au,
                         .n_affiliations = 1,
                         .affiliations = &aff};
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &rec, NULL, &err), COAUTH_EINVAL);
    cr_assert(strstr(err.msg, "out of range") != NULL, "%s", err.msg);
    coauth_store_rollback_file(s);
    coauth_store_free(s);
    cr_assert_eq(rows_of_pmid(7), 0);
}

/* Metadata rows wait in per-table queues across records: a paper replaced or deleted
 * in the same file as its first version loses those rows all the same. */
Test(store, queued_metadata_of_a_paper_replaced_in_the_same_file, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    const coauth_pubtype ja[] = {{"D016428", "Journal Article"}};
    const coauth_mesh mesh[] = {{"D006801", "Humans", false}, {"D008297", "Male", true}};
    const char *const eng[] = {"eng"};
    const coauth_author au[] = {{.name = "Doe, J", .last_name = "Doe"}};
    coauth_record v1 = {.kind = COAUTH_RECORD_ARTICLE,
                        .pmid = 601,
                        .version = 1,
                        .n_authors = 1,
                        .authors = au,
                        .n_types = 1,
                        .types = ja,
                        .n_mesh = 2,
                        .mesh = mesh,
                        .n_languages = 1,
                        .languages = eng};
    coauth_record v2 = v1;
    v2.version = 2;
    v2.n_mesh = 1;
    v2.mesh = mesh + 1;
    coauth_record other = v1;
    other.pmid = 602;
    uint64_t del[] = {602};
    coauth_record d = {.kind = COAUTH_RECORD_DELETE, .n_deleted = 1, .deleted = del};
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    const coauth_record *recs[] = {&v1, &other, &v2, &d};
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(coauth_store_put_record(s, recs[i], NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info = {"q.xml", 100, "crc32:0", 3, 1, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &info, &err), COAUTH_OK, "%s", err.msg);
    expect_rows("SELECT pmid, seq, ui, major FROM paper_mesh ORDER BY 1, 2", "601|1|D008297|1\n");
    expect_rows("SELECT pmid, seq, name FROM paper_types ORDER BY 1, 2", "601|1|Journal Article\n");
    expect_rows("SELECT pmid, language FROM paper_languages ORDER BY 1", "601|eng\n");
    expect_rows("SELECT pmid, version FROM papers", "601|2\n");
    cr_expect_eq(rows_of_pmid(602), 1); /* its deletions row */

    /* a rolled-back file leaves nothing queued behind for the next one */
    coauth_record v3 = v1;
    v3.pmid = 603;
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_store_put_record(s, &v3, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_store_rollback_file(s);
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info empty = {"e.xml", 1, "crc32:1", 0, 0, 0, NULL};
    cr_assert_eq(coauth_store_commit_file(s, &empty, &err), COAUTH_OK, "%s", err.msg);
    cr_expect_eq(rows_of_pmid(603), 0);
    coauth_store_free(s);
}
