/* readutil.h - reading the hand-written PubMed fixtures of tests/data record by record
 * (test_reader, test_layout).
 *
 * Invariant: every helper asserts (Criterion) instead of returning an error.
 */
#ifndef COAUTH_READUTIL_H
#define COAUTH_READUTIL_H
#include <coauth/reader.h>

/* A reader on tests/data/`rel`. */
coauth_reader *open_fixture(const char *rel);
/* The next record, asserting there is one. */
const coauth_record *next_ok(coauth_reader *r);
/* Asserts the reader is at its end, and stays there. */
void expect_eof(coauth_reader *r);
/* An affiliation's identifiers as one string, "SOURCE:value" (the bare value when the
 * source is empty) joined by ' ', or NULL when it has none; valid until the next call. */
const char *joined_identifiers(const coauth_affiliation *f);
#endif
