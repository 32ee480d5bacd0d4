/* fuzz_pubxml.c - libFuzzer target for the PubMed/MEDLINE reader, fed from memory.
 *
 * Invariant: whatever the bytes (plain or gzip), the reader returns records, EOF or
 * an error without crashing, leaking or reading out of bounds, and every record it
 * returns is internally consistent (affiliation ranges inside the array, lengths
 * equal to strlen). Both ways of reading (coauth_reader_next, coauth_reader_each)
 * run on every input and must both succeed or both fail, with the same records on
 * success.
 *
 * usage: build with CC=clang cmake -S . -B build-fuzz -DCOAUTH_FUZZ=ON -DCOAUTH_TESTS=OFF,
 *        then build-fuzz/fuzz_pubxml -dict=tests/fuzz/pubxml.dict corpus/ tests/data/
 */
#include <coauth/coauth.h>
#include <coauth/reader.h>

#include <libxml/xmlerror.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The library must never let libxml2 print: anything reaching the thread's global
 * handlers (outside the reader's own routing) is a finding. */
static void escaped_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    abort();
}

#if LIBXML_VERSION >= 21200
static void escaped_structured(void *ctx, const xmlError *e)
#else
static void escaped_structured(void *ctx, xmlErrorPtr e)
#endif
{
    (void)ctx;
    (void)e;
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_lib_init(&e) != COAUTH_OK)
        abort();
    xmlSetGenericErrorFunc(NULL, escaped_generic);
    xmlSetStructuredErrorFunc(NULL, escaped_structured);
    return 0;
}

static void check(const coauth_record *rec)
{
    if (rec->kind == COAUTH_RECORD_DELETE) {
        if (rec->n_deleted && !rec->deleted)
            abort();
        for (size_t i = 0; i < rec->n_deleted; i++)
            if (rec->deleted[i] == 0)
                abort();
        return;
    }
    if (rec->kind != COAUTH_RECORD_ARTICLE || rec->pmid == 0 || rec->version == 0)
        abort();
    size_t next = 0;
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *a = &rec->authors[i];
        if (!a->name || a->first_affiliation != next ||
            a->first_affiliation + a->n_affiliations > rec->n_affiliations)
            abort();
        next += a->n_affiliations;
        (void)strlen(a->name);
    }
    if (next != rec->n_affiliations)
        abort();
    for (size_t i = 0; i < rec->n_affiliations; i++) {
        const coauth_affiliation *f = &rec->affiliations[i];
        if (!f->text || strlen(f->text) != f->len || f->len == 0)
            abort();
        for (size_t k = 0; k < f->n_identifiers; k++)
            (void)(strlen(f->identifiers[k].source) + strlen(f->identifiers[k].value));
    }
}

static size_t each_records;

static coauth_status each_check(void *ud, const coauth_record *rec, coauth_error *err)
{
    (void)ud;
    (void)err;
    check(rec);
    each_records++;
    return COAUTH_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The push reader (coauth_reader_next)... */
    coauth_reader *r = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_reader_open_mem(&r, data, size, "fuzz.xml", &e) != COAUTH_OK)
        return 0;
    const coauth_record *rec;
    coauth_status st;
    size_t next_records = 0;
    while ((st = coauth_reader_next(r, &rec, &e)) == COAUTH_OK) {
        check(rec);
        next_records++;
    }
    if (st < COAUTH_EOF && (e.msg[0] == '\0' || strchr(e.msg, '\n')))
        abort(); /* every error carries a one-line message */
    uint64_t skipped = coauth_reader_skipped(r);
    (void)coauth_reader_bytes_in(r);
    coauth_reader_free(r);

    /* ...and the pull reader ingest uses (coauth_reader_each) must agree: the same
     * outcome, and on a good document the same records. */
    coauth_error e2 = COAUTH_ERROR_INIT;
    if (coauth_reader_open_mem(&r, data, size, "fuzz.xml", &e2) != COAUTH_OK)
        abort();
    each_records = 0;
    coauth_status st2 = coauth_reader_each(r, each_check, NULL, &e2);
    if (st2 < COAUTH_EOF && (e2.msg[0] == '\0' || strchr(e2.msg, '\n')))
        abort();
    if ((st == COAUTH_EOF) != (st2 == COAUTH_OK))
        abort();
    if (st == COAUTH_EOF && (each_records != next_records || coauth_reader_skipped(r) != skipped))
        abort();
    coauth_reader_free(r);
    return 0;
}
