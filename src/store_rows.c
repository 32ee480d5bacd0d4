/* store_rows.c - multi-row INSERT statements shared by the store's writers, and the
 * store's SQLite error messages.
 *
 * Invariant: a coauth_rows inserts exactly the rows it is given or fails; its
 * statements are prepared once (SQLITE_PREPARE_PERSISTENT) and reused for the life of
 * the connection, one per row count 1..COAUTH_ROWS_MAX.
 *
 * Why several rows per statement: most of SQLite's cost per row here is per statement
 * (step, reset, VDBE set-up; about 1.6 us on the writer thread), so one statement per
 * COAUTH_ROWS_MAX rows instead of one per row is most of the writer's speed.
 */
#include "store_internal.h"

#include <stdio.h>

bool coauth_store_fault(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return true;
    default:
        return false;
    }
}

coauth_status coauth_store_failat(sqlite3 *db, int rc, const char *path, const char *what,
                                  coauth_error *err)
{
    if (coauth_store_fault(rc)) {
        /* One line naming the store and the cause; what was being done last. */
        const char *cause = (rc & 0xff) == SQLITE_NOTADB
                                ? "not a coauth store (not an SQLite file)"
                                : (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        if (what && *what && (rc & 0xff) != SQLITE_NOTADB)
            return coauth_fail(err, COAUTH_ESTOREFAULT, "store '%s': %s (%s)", path, cause, what);
        return coauth_fail(err, COAUTH_ESTOREFAULT, "store '%s': %s", path, cause);
    }
    char where[COAUTH_ERRMSG_MAX];
    if (what && *what)
        snprintf(where, sizeof where, "'%s': %s", path, what);
    else
        snprintf(where, sizeof where, "'%s'", path);
    return coauth_store_sqlfail(db, rc, err, where);
}

void coauth_bind_text_or_null(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

void coauth_bind_int_or_null(sqlite3_stmt *st, int i, int64_t v)
{
    if (v)
        sqlite3_bind_int64(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

/* The statement inserting n rows (prepared on first use); NULL on failure, with the
 * connection's error code set. */
static sqlite3_stmt *stmt_for(sqlite3 *db, coauth_rows *r, size_t n)
{
    if (r->st[n])
        return r->st[n];
    char sql[2048];
    size_t o = (size_t)snprintf(sql, sizeof sql, "%s", r->head);
    for (size_t i = 0; i < n && o < sizeof sql; i++) {
        o += (size_t)snprintf(sql + o, sizeof sql - o, "%s(", i ? "," : "");
        for (int c = 0; c < r->cols && o < sizeof sql; c++)
            o += (size_t)snprintf(sql + o, sizeof sql - o, "%s?", c ? "," : "");
        if (o < sizeof sql)
            o += (size_t)snprintf(sql + o, sizeof sql - o, ")");
    }
    if (o >= sizeof sql ||
        sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &r->st[n], NULL) != SQLITE_OK) {
        sqlite3_finalize(r->st[n]);
        r->st[n] = NULL;
    }
    return r->st[n];
}

/* INSERT OR IGNORE, with the row count checked after each statement: a multi-row
 * INSERT that could abort half-way (the default ON CONFLICT ABORT) makes SQLite keep
 * a statement journal, a copy of every page it touches (measured: half again the
 * writer's instructions); one that ignores conflicts cannot abort (-10% of the
 * writer's instructions against one single-row INSERT per row). No row can conflict
 * (a record's old rows are deleted before its new ones go in, new affiliations get
 * new ids) unless the store was altered by hand, and a row that did is an error all
 * the same. */
coauth_status coauth_rows_insert(sqlite3 *db, const char *path, coauth_rows *r, size_t total,
                                 coauth_rows_bind_fn bind, const void *ctx, coauth_error *err)
{
    for (size_t i = 0; i < total;) {
        size_t n = total - i < COAUTH_ROWS_MAX ? total - i : COAUTH_ROWS_MAX;
        sqlite3_stmt *st = stmt_for(db, r, n);
        if (!st)
            return coauth_store_failat(db, sqlite3_errcode(db), path, r->what, err);
        for (size_t k = 0; k < n; k++, i++)
            bind(st, (int)k * r->cols, i, ctx);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return coauth_store_failat(db, rc, path, r->what, err);
        if ((size_t)sqlite3_changes(db) != n)
            return coauth_fail(err, COAUTH_ESTORE,
                               "'%s': %s: %zu of %zu rows conflicted with stored ones", path,
                               r->what, n - (size_t)sqlite3_changes(db), n);
    }
    return COAUTH_OK;
}

void coauth_rows_reset(coauth_rows *r)
{
    for (int i = 0; i <= COAUTH_ROWS_MAX; i++)
        if (r->st[i])
            sqlite3_reset(r->st[i]);
}

void coauth_rows_release(coauth_rows *r)
{
    for (int i = 0; i <= COAUTH_ROWS_MAX; i++) {
        sqlite3_finalize(r->st[i]);
        r->st[i] = NULL;
    }
}
