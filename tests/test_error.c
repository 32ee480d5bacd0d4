/* test_error.c - the error module: status, message formatting, prefixing. */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <string.h>

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(error, .init = suite_init);

Test(error, fail_formats_and_returns_code)
{
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_status st = coauth_fail(&err, COAUTH_EIO, "cannot open '%s': %s", "a.xml", "gone");
    cr_assert_eq(st, COAUTH_EIO);
    cr_assert_eq(err.code, COAUTH_EIO);
    cr_assert_str_eq(err.msg, "cannot open 'a.xml': gone");
}

Test(error, fail_with_null_err_still_returns_code)
{
    cr_assert_eq(coauth_fail(NULL, COAUTH_EFORMAT, "x %d", 1), COAUTH_EFORMAT);
}

Test(error, message_is_one_line)
{
    coauth_error err = COAUTH_ERROR_INIT;
    (void)coauth_fail(&err, COAUTH_EFORMAT, "line one\nline two\r");
    cr_assert_str_eq(err.msg, "line one line two ");
}

Test(error, long_message_truncated_and_terminated)
{
    coauth_error err = COAUTH_ERROR_INIT;
    char big[2000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    (void)coauth_fail(&err, COAUTH_EIO, "%s", big);
    cr_assert_eq(strlen(err.msg), COAUTH_ERRMSG_MAX - 1);
}

Test(error, prefix_adds_context)
{
    coauth_error err = COAUTH_ERROR_INIT;
    (void)coauth_fail(&err, COAUTH_EFORMAT, "mismatched tag");
    cr_assert_eq(coauth_error_prefix(&err, COAUTH_EIO, "'%s' line %d", "f.xml", 7), COAUTH_EFORMAT);
    cr_assert_str_eq(err.msg, "'f.xml' line 7: mismatched tag");
}

Test(error, prefix_on_empty_error_sets_code)
{
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_error_prefix(&err, COAUTH_EIO, "ctx"), COAUTH_EIO);
    cr_assert_str_eq(err.msg, "ctx");
}

Test(error, clear_resets)
{
    coauth_error err = COAUTH_ERROR_INIT;
    (void)coauth_fail(&err, COAUTH_EIO, "x");
    coauth_error_clear(&err);
    cr_assert_eq(err.code, COAUTH_OK);
    cr_assert_str_eq(err.msg, "");
    coauth_error_clear(NULL);
}

Test(error, status_strings_are_distinct)
{
    const coauth_status all[] = {COAUTH_OK,    COAUTH_EOF,     COAUTH_EINVAL,     COAUTH_ENOMEM,
                                 COAUTH_EIO,   COAUTH_EFORMAT, COAUTH_ESTORE,     COAUTH_EGRAPH,
                                 COAUTH_EBUSY, COAUTH_ELIMIT,  COAUTH_ESTOREFAULT};
    size_t n = sizeof all / sizeof all[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            cr_assert_str_neq(coauth_status_str(all[i]), coauth_status_str(all[j]));
    cr_assert_str_eq(coauth_status_str(12345), "unknown error");
}

Test(error, versions_are_reported)
{
    cr_assert_str_eq(coauth_version(), COAUTH_VERSION);
    cr_assert(strncmp(coauth_igraph_version(), "0.10", 4) == 0, "%s", coauth_igraph_version());
    cr_assert(strchr(coauth_libxml2_version(), '.') != NULL);
    cr_assert(strchr(coauth_zlib_version(), '.') != NULL);
    cr_assert(strncmp(coauth_sqlite_version(), "3.", 2) == 0);
}
