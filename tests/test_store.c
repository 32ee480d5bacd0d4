/* test_store.c - the SQLite store: schema, transactions, replacement, deletion,
 * deduplication, stats, re-resolution. Expected values are counted by hand from the
 * records built in each test.
 */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

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
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
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
    coauth_file_info info = {name, 100, "crc32:0", n, 0, 0};
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

Test(store, new_store_has_64k_pages, .init = setup, .fini = teardown)
{
    coauth_store *s = open_store();
    coauth_store_free(s);
    cr_assert_eq(sql_int("PRAGMA page_size"), 65536);
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
    coauth_record rec = {.kind = COAUTH_RECORD_ARTICLE, .pmid = 5, .version = 1, .year = 2015,
                         .line = 1, .n_authors = 1, .authors = &au, .n_affiliations = 1,
                         .affiliations = &aff};
    cr_assert_eq(coauth_store_begin_file(s, &err), COAUTH_OK);
    cr_assert_eq(coauth_store_put_record(s, &rec, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_file_info info = {"x", 1, "c", 1, 0, 0};
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
    coauth_file_info info = {"b.xml", 100, "crc32:1", 1, 0, 0};
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
