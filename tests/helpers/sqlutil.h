/* sqlutil.h - reading a store with plain SQLite in the tests, independently of the
 * store code (test_ingest, test_store, test_migrate).
 *
 * Invariant: the store is opened read-write but never created, so a WAL left by a
 * killed ingest can be recovered (a read-only connection refuses that); helpers
 * assert (Criterion) instead of returning an error.
 */
#ifndef COAUTH_SQLUTIL_H
#define COAUTH_SQLUTIL_H

/* All rows of `sql` on the store at `path` as "a|b|c\n" text, NULL shown as "NULL"
 * (malloc'd). */
char *sql_rows_at(const char *path, const char *sql);
/* The first column of the first row as an integer (-1 when there is no row). */
long long sql_int_at(const char *path, const char *sql);
/* Run SQL text (any number of statements) on the file at path, created if absent. */
void sql_exec_at(const char *path, const char *sql);
#endif
