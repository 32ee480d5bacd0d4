/* store_internal.h - what the query modules (queries/) may see of the store.
 *
 * Invariant: queries only read through this handle; they never write.
 */
#ifndef COAUTH_STORE_INTERNAL_H
#define COAUTH_STORE_INTERNAL_H

#include <coauth/store.h>
#include <sqlite3.h>

/* The store's SQLite connection (borrowed, valid until coauth_store_free). */
sqlite3 *coauth_store_sqlite(coauth_store *s);

/* Turn a SQLite failure into a coauth_status with "what: sqlite message". */
coauth_status coauth_store_sqlfail(sqlite3 *db, int rc, coauth_error *err, const char *what);

#endif
