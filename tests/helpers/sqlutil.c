/* sqlutil.c - see sqlutil.h. */
#include "sqlutil.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3_stmt *prepare(const char *path, const char *sql, sqlite3 **h)
{
    *h = NULL;
    cr_assert_eq(sqlite3_open_v2(path, h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK, "open %s", path);
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(*h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
                 sqlite3_errmsg(*h));
    return st;
}

char *sql_rows_at(const char *path, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st = prepare(path, sql, &h);
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    cr_assert_not_null(out);
    out[0] = '\0';
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const char *v = (const char *)sqlite3_column_text(st, i);
            while (len + (v ? strlen(v) : 4) + 3 >= cap) {
                cap *= 2;
                out = realloc(out, cap);
                cr_assert_not_null(out);
            }
            len += (size_t)sprintf(out + len, "%s%s", i ? "|" : "", v ? v : "NULL");
        }
        out[len++] = '\n';
        out[len] = '\0';
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return out;
}

long long sql_int_at(const char *path, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st = prepare(path, sql, &h);
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

void sql_exec_at(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                 SQLITE_OK, "open %s", path);
    char *msg = NULL;
    int rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s", msg ? msg : "");
    sqlite3_close(h);
}
