/* fuzz_ror.c - libFuzzer target for the ROR registry reader (coauth_ror_load_file) and
 * the matcher over what it read.
 *
 * Invariant: whatever the bytes, loading ends in success or one COAUTH_EFORMAT /
 * COAUTH_ELIMIT with a one-line message naming the file, never a crash or a leak; a
 * registry that loads also finishes, and matching a few fixed strings against it
 * (through the resolver) never crashes. The reader takes a path, so each input is
 * written to one temporary file first (the bytes may be plain, gzip or zip).
 *
 * usage: CC=clang cmake -S . -B build-fuzz -DCOAUTH_FUZZ=ON -DCOAUTH_TESTS=OFF, then
 *        build-fuzz/fuzz_ror corpus/ tests/data/ror_registry.jsonl ...
 */
#include <coauth/coauth.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_lib_init(&e) != COAUTH_OK)
        abort();
    snprintf(path, sizeof path, "/tmp/fuzz_ror.%ld.json", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_ror *reg = NULL;
    if (coauth_ror_new(&reg, &err) != COAUTH_OK)
        abort();
    coauth_status st = coauth_ror_load_file(reg, path, NULL, &err);
    if (st != COAUTH_OK) {
        if ((st != COAUTH_EFORMAT && st != COAUTH_ELIMIT && st != COAUTH_ENOMEM) ||
            !strstr(err.msg, path) || strchr(err.msg, '\n'))
            abort();
    } else if (coauth_ror_finish(reg, &err) == COAUTH_OK) {
        coauth_resolver_options o = COAUTH_RESOLVER_OPTIONS_INIT;
        o.ror = reg;
        coauth_resolver *r = NULL;
        if (coauth_resolver_new(&r, &o, &err) != COAUTH_OK)
            abort();
        static const char *const texts[] = {
            "Alpha Institute", "Department of X, Beta University, Gamma, Delta",
            "ABC, Paris, France", "Saint Brendan Hospital, Toronto"};
        coauth_resolution res = COAUTH_RESOLUTION_INIT;
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
            if (coauth_resolve(r, texts[k], strlen(texts[k]), &res, &err) != COAUTH_OK)
                abort();
        coauth_resolution_release(&res);
        coauth_resolver_free(r);
        for (size_t k = 0; k < 8; k++)
            (void)coauth_ror_find_identifier(reg, k & 1 ? "GRID" : "ROR",
                                             (const char *)texts[k & 3]);
    }
    coauth_ror_free(reg);
    unlink(path);
    return 0;
}
