/* identity.c - what a file is, for skipping files already applied and for NLM's
 * FILE.md5 check: size, checksum (CRC-32 and Adler-32) and MD5 in one pass, and the
 * MD5 file beside it.
 *
 * Invariant: reads the file only; nothing here touches the store.
 */
#include "identity_internal.h"

#include "gzsource_internal.h"

#include <coauth/ingest.h>
#include <coauth/md5.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ---- file identity ---- */

/* Size and checksum of the file, and its MD5 when out_md5 is not NULL: one pass. */
coauth_status coauth_file_identity_md5(const char *path, uint64_t *out_size, char out_checksum[64],
                                       char *out_md5, coauth_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) { /* sb is unspecified then: read nothing from it */
        int e = errno;
        close(fd);
        return coauth_fail(err, COAUTH_EIO, "cannot read '%s': %s", path, strerror(e));
    }
    if (S_ISDIR(sb.st_mode)) {
        close(fd);
        return coauth_fail(err, COAUTH_EIO, "cannot read '%s': is a directory", path);
    }
    unsigned char *buf = malloc(1u << 20);
    if (!buf) {
        close(fd);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory reading '%s'", path);
    }
    uLong crc = crc32(0L, Z_NULL, 0), adl = adler32(0L, Z_NULL, 0);
    coauth_md5 md5;
    coauth_md5_init(&md5);
    uint64_t size = 0;
    coauth_status st = COAUTH_OK;
    for (;;) {
        ssize_t n = read(fd, buf, 1u << 20);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = coauth_fail(err, COAUTH_EIO, "cannot read '%s': %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        crc = crc32(crc, buf, (uInt)n);
        adl = adler32(adl, buf, (uInt)n);
        if (out_md5)
            coauth_md5_update(&md5, buf, (size_t)n);
        size += (uint64_t)n;
    }
    free(buf);
    close(fd);
    if (st)
        return st;
    *out_size = size;
    coauth_checksum_format(crc, adl, out_checksum);
    if (out_md5)
        coauth_md5_final_hex(&md5, out_md5);
    return COAUTH_OK;
}

coauth_status coauth_file_identity(const char *path, uint64_t *out_size, char out_checksum[64],
                                   coauth_error *err)
{
    return coauth_file_identity_md5(path, out_size, out_checksum, NULL, err);
}

/* NLM's FILE.md5 beside `path`: *out_found 0 when there is none; otherwise want[] gets
 * its 32 hex digits (lower case). Its content is "MD5(name)= hex" (NLM), or "hex  name"
 * (md5sum); anything else is an error naming it. */
coauth_status coauth_read_md5_file(const char *path, int *out_found, char want[33],
                                   coauth_error *err)
{
    char md5_path[4096];
    *out_found = 0;
    if (snprintf(md5_path, sizeof md5_path, "%s.md5", path) >= (int)sizeof md5_path)
        return COAUTH_OK;
    FILE *f = fopen(md5_path, "r");
    if (!f) {
        if (errno == ENOENT)
            return COAUTH_OK;
        return coauth_fail(err, COAUTH_EIO, "cannot open '%s': %s", md5_path, strerror(errno));
    }
    char line[512];
    size_t n = fread(line, 1, sizeof line - 1, f);
    fclose(f);
    line[n] = '\0';
    const char *p = strstr(line, ")=");
    p = p ? p + 2 : line;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t k = 0;
    for (; k < 32; k++) {
        char c = p[k];
        if (c >= 'A' && c <= 'F')
            c = (char)(c - 'A' + 'a');
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            break;
        want[k] = c;
    }
    char end = p[k];
    if (k != 32 || !(end == '\0' || end == '\n' || end == '\r' || end == ' ' || end == '\t'))
        return coauth_fail(err, COAUTH_EFORMAT,
                           "'%s': not an MD5 file (want 'MD5(name)= 32 hex digits')", md5_path);
    want[32] = '\0';
    *out_found = 1;
    return COAUTH_OK;
}

coauth_status coauth_md5_mismatch(const char *path, const char *got, const char *want,
                                  coauth_error *err)
{
    return coauth_fail(err, COAUTH_EFORMAT,
                       "'%s': MD5 %s does not match %s in '%s.md5' (a damaged or different "
                       "download): not applied",
                       path, got, want, path);
}
