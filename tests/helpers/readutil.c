/* readutil.c - see readutil.h. */
#include "readutil.h"

#include <criterion/criterion.h>
#include <stdio.h>

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

const char *joined_identifiers(const coauth_affiliation *f)
{
    static char buf[4096];
    if (!f->n_identifiers)
        return NULL;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < f->n_identifiers; k++) {
        const coauth_ident *id = &f->identifiers[k];
        int n = snprintf(buf + len, sizeof buf - len, "%s%s%s%s", k ? " " : "", id->source,
                         id->source[0] ? ":" : "", id->value);
        cr_assert(n >= 0 && (size_t)n < sizeof buf - len, "identifiers too long");
        len += (size_t)n;
    }
    return buf;
}
