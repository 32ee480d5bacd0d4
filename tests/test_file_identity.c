/* test_file_identity.c - coauth_file_identity (ingest.h): the size and checksum the
 * files table records, and its errors: a directory, and an fstat that fails.
 *
 * fstat cannot be made to fail on an open regular file from the outside, so this
 * program defines fstat itself (the executable's definition is the one the library's
 * call binds to): it forwards to the C library's, except while `fail_fstat` is set, when
 * it fails with EIO after filling the buffer with a directory's mode. POSIX leaves the
 * buffer unspecified on failure, so a caller that reads it then reports "is a
 * directory" instead of the I/O error, and the test sees it.
 *
 * Expected checksums: /usr/bin/python3 -c "import zlib; d = open(F, 'rb').read();
 * print(len(d), '%08x' % zlib.crc32(d), '%08x' % zlib.adler32(d))".
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

#include "helpers/testutil.h"

static bool fail_fstat;

int fstat(int fd, struct stat *sb)
{
    if (fail_fstat) {
        memset(sb, 0, sizeof *sb);
        sb->st_mode = S_IFDIR | 0755;
        errno = EIO;
        return -1;
    }
    int (*real)(int, struct stat *) = NULL;
    void *sym = dlsym(RTLD_NEXT, "fstat");
    memcpy(&real, &sym, sizeof real); /* POSIX: dlsym's object pointer is the function */
    if (!real) {
        errno = ENOSYS;
        return -1;
    }
    return real(fd, sb);
}

TestSuite(file_identity);

Test(file_identity, size_and_checksum_of_a_fixture)
{
    uint64_t size = 0;
    char sum[64] = "";
    coauth_error e = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_file_identity(test_data("ingest_base.xml"), &size, sum, &e), COAUTH_OK,
                 "%s", e.msg);
    cr_expect_eq(size, 3334);
    cr_expect_str_eq(sum, "crc32:b2a4f02f-adler32:7fc92e6e");
}

Test(file_identity, a_directory_is_named)
{
    uint64_t size = 0;
    char sum[64] = "";
    coauth_error e = COAUTH_ERROR_INIT;
    const char *dir = test_data("fuzz-regressions");
    cr_assert_eq(coauth_file_identity(dir, &size, sum, &e), COAUTH_EIO);
    char want[4200];
    snprintf(want, sizeof want, "cannot read '%s': is a directory", dir);
    cr_expect_str_eq(e.msg, want);
}

Test(file_identity, a_failed_fstat_reports_its_errno_not_the_buffer)
{
    uint64_t size = 0;
    char sum[64] = "";
    coauth_error e = COAUTH_ERROR_INIT;
    const char *path = test_data("ingest_base.xml");
    fail_fstat = true;
    coauth_status st = coauth_file_identity(path, &size, sum, &e);
    fail_fstat = false;
    cr_assert_eq(st, COAUTH_EIO);
    char want[4200];
    snprintf(want, sizeof want, "cannot read '%s': %s", path, strerror(EIO));
    cr_expect_str_eq(e.msg, want);
}
