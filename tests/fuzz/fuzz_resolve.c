/* fuzz_resolve.c - libFuzzer target for the affiliation resolver.
 *
 * Invariant: whatever the bytes (invalid UTF-8, NULs, huge segments), coauth_resolve
 * returns without crashing or reading out of bounds; a non-blank input gives at
 * least one part (blank: only white space and NUL bytes); every part's country is "" or two capital letters and then has a
 * rule other than "none"; institutions are non-empty strings; and resolving the same
 * bytes again (with the buffer already used) gives the same answer.
 *
 * usage: CC=clang cmake -S . -B build-fuzz -DCOAUTH_FUZZ=ON -DCOAUTH_TESTS=OFF, then
 *        build-fuzz/fuzz_resolve -dict=tests/fuzz/resolve.dict corpus/ tests/fuzz/resolve-seeds
 */
#include <coauth/coauth.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static coauth_resolver *resolver;
static coauth_resolution res1 = COAUTH_RESOLUTION_INIT;
static coauth_resolution res2 = COAUTH_RESOLUTION_INIT;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_lib_init(&e) != COAUTH_OK || coauth_resolver_new(&resolver, NULL, &e) != COAUTH_OK)
        abort();
    return 0;
}

static int blank(const uint8_t *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i] != ' ' && d[i] != '\t' && d[i] != '\n' && d[i] != '\r' && d[i] != '\f' &&
            d[i] != '\v' && d[i] != '\0')
            return 0;
    return 1;
}

static void check(const coauth_resolution *r)
{
    for (size_t i = 0; i < r->n_parts; i++) {
        const coauth_part *p = &r->parts[i];
        if (!p->rule)
            abort();
        if (p->country[0]) {
            if (p->country[0] < 'A' || p->country[0] > 'Z' || p->country[1] < 'A' ||
                p->country[1] > 'Z' || p->country[2] != '\0' || strcmp(p->rule, "none") == 0)
                abort();
        } else if (strcmp(p->rule, "none") != 0) {
            abort();
        }
        if (p->institution && p->institution[0] == '\0')
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 1u << 20)
        return 0;
    /* a heap copy without terminator: ASan catches any read past len */
    char *text = malloc(size ? size : 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_resolve(resolver, text, size, &res1, &e) != COAUTH_OK)
        abort();
    check(&res1);
    if (!blank(data, size) && res1.n_parts == 0)
        abort();
    /* same answer the second time, from a buffer that has been used before */
    if (coauth_resolve(resolver, text, size, &res2, &e) != COAUTH_OK)
        abort();
    if (res2.n_parts != res1.n_parts)
        abort();
    for (size_t i = 0; i < res1.n_parts; i++) {
        const coauth_part *a = &res1.parts[i], *b = &res2.parts[i];
        if (strcmp(a->country, b->country) != 0 || strcmp(a->rule, b->rule) != 0 ||
            (!a->institution) != (!b->institution) ||
            (a->institution && strcmp(a->institution, b->institution) != 0))
            abort();
    }
    free(text);
    return 0;
}
