/* fuzz_gzsource.c - libFuzzer target for the gzip/plain byte source, fed from memory.
 *
 * Invariant: whatever the bytes, reading ends in EOF or an error with a one-line
 * message, never a crash; input without the gzip magic comes out unchanged; gzip
 * input that the source accepts decodes to exactly what zlib's own multi-member
 * inflate (the oracle below, a separate loop over inflate()) produces, and input the
 * oracle rejects is rejected by the source too. The read size varies with the first
 * byte so that buffer boundaries move; the last byte decides whether the read-ahead
 * thread (with the streaming checksum, checked against zlib's crc32/adler32) is on.
 *
 * usage: CC=clang cmake -S . -B build-fuzz -DCOAUTH_FUZZ=ON -DCOAUTH_TESTS=OFF, then
 *        build-fuzz/fuzz_gzsource corpus/ GZIP_SEEDS/
 */
#include <coauth/coauth.h>

#include "gzsource_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OUT (8u << 20) /* stop comparing past 8 MiB of output (zip bombs) */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_lib_init(&e) != COAUTH_OK)
        abort();
    return 0;
}

/* The oracle: inflate every gzip member back to back. Returns 1 on a clean end,
 * 0 on any error, -1 when the output would pass MAX_OUT. */
static int oracle(const uint8_t *data, size_t size, uint8_t *out, size_t *out_len)
{
    size_t pos = 0, n = 0;
    while (pos < size) {
        z_stream z;
        memset(&z, 0, sizeof z);
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
            abort();
        z.next_in = (Bytef *)(data + pos);
        z.avail_in = (uInt)(size - pos);
        int rc;
        do {
            if (n >= MAX_OUT) {
                inflateEnd(&z);
                return -1;
            }
            z.next_out = out + n;
            z.avail_out = (uInt)(MAX_OUT - n);
            rc = inflate(&z, Z_NO_FLUSH);
            n = MAX_OUT - z.avail_out;
        } while (rc == Z_OK && z.avail_in > 0);
        if (rc == Z_OK && n >= MAX_OUT) {
            inflateEnd(&z);
            return -1;
        }
        pos = size - z.avail_in;
        inflateEnd(&z);
        if (rc != Z_STREAM_END)
            return 0;
    }
    *out_len = n;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t *got_buf, *want_buf;
    if (!got_buf && (!(got_buf = malloc(MAX_OUT + 65536)) || !(want_buf = malloc(MAX_OUT))))
        abort();
    coauth_gzsource *s = NULL;
    coauth_error e = COAUTH_ERROR_INIT;
    if (coauth_gzsource_open_mem(&s, data, size, "fuzz.gz", &e) != COAUTH_OK)
        abort();
    /* Half of the inputs (by their last byte) go through the read-ahead thread, with
     * the checksum on: the same oracle applies, and the checksum must be zlib's. */
    int ahead = size && (data[size - 1] & 1);
    if (ahead) {
        coauth_gzsource_checksum(s);
        if (coauth_gzsource_readahead(s, &e) != COAUTH_OK)
            abort();
    }
    size_t chunk = size ? 1 + (size_t)data[0] * 97 : 4096;
    size_t n = 0, got = 0;
    coauth_status st;
    while ((st = coauth_gzsource_read(s, got_buf + n, chunk, &got, &e)) == COAUTH_OK) {
        if (got == 0 || got > chunk)
            abort();
        n += got;
        if (n > MAX_OUT)
            break;
    }
    int gz = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    if (n <= MAX_OUT) {
        if (st == COAUTH_OK || (st != COAUTH_EOF && (e.msg[0] == '\0' || strchr(e.msg, '\n'))))
            abort();
        if (!gz) {
            /* plain input passes through unchanged */
            if (st != COAUTH_EOF || n != size || (n && memcmp(got_buf, data, n) != 0))
                abort();
        } else {
            size_t wl = 0;
            int ok = oracle(data, size, want_buf, &wl);
            if (ok == 1 && (st != COAUTH_EOF || wl != n || memcmp(want_buf, got_buf, n) != 0))
                abort();
            if (ok == 0 && st == COAUTH_EOF)
                abort();
        }
        uint64_t isize = 0;
        char sum[64], want[64];
        int have = coauth_gzsource_identity(s, &isize, sum);
        if (have != (ahead && st == COAUTH_EOF))
            abort();
        if (have) {
            snprintf(want, sizeof want, "crc32:%08lx-adler32:%08lx",
                     crc32(crc32(0L, Z_NULL, 0), data, (uInt)size),
                     adler32(adler32(0L, Z_NULL, 0), data, (uInt)size));
            if (isize != size || strcmp(sum, want) != 0)
                abort();
        }
    }
    coauth_gzsource_free(s);
    return 0;
}
