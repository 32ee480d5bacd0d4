/* readutil.c - see readutil.h. */
#include "readutil.h"

#include <criterion/criterion.h>

#include "testutil.h"

coauth_reader *open_fixture(const char *rel)
{
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = coauth_reader_open(&r, test_data(rel), &e);
    cr_assert_eq(st, COAUTH_OK, "open %s: %s", rel, e.msg);
    return r;
}

const coauth_record *next_ok(coauth_reader *r)
{
    const coauth_record *rec = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = coauth_reader_next(r, &rec, &e);
    cr_assert_eq(st, COAUTH_OK, "next: status %d: %s", st, e.msg);
    cr_assert_not_null(rec);
    return rec;
}

void expect_eof(coauth_reader *r)
{
    const coauth_record *rec = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = coauth_reader_next(r, &rec, &e);
    cr_assert_eq(st, COAUTH_EOF, "expected EOF, got %d: %s", st, e.msg);
    /* EOF is sticky */
    cr_assert_eq(coauth_reader_next(r, &rec, &e), COAUTH_EOF);
}
