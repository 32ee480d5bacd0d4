/* test_strtab.c - string interning: dense ids, stable pointers, growth. */
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(strtab, .init = suite_init);

Test(strtab, ids_are_dense_in_first_seen_order)
{
    coauth_strtab *t = NULL;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_strtab_new(&t, &err), COAUTH_OK);
    const char *words[] = {"US", "CN", "US", "GB", "CN", ""};
    const uint32_t want[] = {0, 1, 0, 2, 1, 3};
    const int added[] = {1, 1, 0, 1, 0, 1};
    for (size_t i = 0; i < 6; i++) {
        uint32_t id = 99;
        int a = -1;
        cr_assert_eq(coauth_strtab_intern(t, words[i], strlen(words[i]), &id, &a, &err), 0);
        cr_assert_eq(id, want[i], "word %zu", i);
        cr_assert_eq(a, added[i], "word %zu", i);
    }
    cr_assert_eq(coauth_strtab_count(t), 4);
    cr_assert_str_eq(coauth_strtab_get(t, 2), "GB");
    cr_assert_eq(coauth_strtab_len(t, 2), 2);
    cr_assert_null(coauth_strtab_get(t, 4));
    uint32_t id;
    cr_assert_eq(coauth_strtab_find(t, "CN", 2, &id), 1);
    cr_assert_eq(id, 1);
    cr_assert_eq(coauth_strtab_find(t, "FR", 2, &id), 0);
    coauth_strtab_free(t);
}

Test(strtab, pointers_stay_valid_across_growth)
{
    coauth_strtab *t = NULL;
    cr_assert_eq(coauth_strtab_new(&t, NULL), COAUTH_OK);
    uint32_t id0;
    cr_assert_eq(coauth_strtab_intern(t, "first", 5, &id0, NULL, NULL), 0);
    const char *p0 = coauth_strtab_get(t, id0);
    char buf[32];
    for (int i = 0; i < 100000; i++) {
        int n = snprintf(buf, sizeof buf, "s%d", i);
        uint32_t id;
        cr_assert_eq(coauth_strtab_intern(t, buf, (size_t)n, &id, NULL, NULL), 0);
        cr_assert_eq(id, (uint32_t)i + 1);
    }
    cr_assert_eq(coauth_strtab_get(t, id0), p0);
    cr_assert_str_eq(p0, "first");
    cr_assert_str_eq(coauth_strtab_get(t, 54322), "s54321");
    /* a long string larger than one block */
    static char big[200000];
    memset(big, 'z', sizeof big - 1);
    uint32_t idb;
    cr_assert_eq(coauth_strtab_intern(t, big, sizeof big - 1, &idb, NULL, NULL), 0);
    cr_assert_eq(strlen(coauth_strtab_get(t, idb)), sizeof big - 1);
    coauth_strtab_free(t);
}

Test(strtab, free_null_is_noop)
{
    coauth_strtab_free(NULL);
}
