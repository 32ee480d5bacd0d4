/* test_ror.c - the ROR registry (SPEC 3.1): reading ROR's dump, `coauth ror import`,
 * matching affiliations to organisations, and the store's use of it.
 *
 * The registry fixtures tests/data/ror_*.json[l] are hand-written, with invented
 * organisations; every expected count, id, country and rule below was worked out by
 * hand from those files and the SPEC, never pasted from the program's output. The real
 * sample's count comes from counting its lines with zlib alone.
 */
#include <archive.h>
#include <archive_entry.h>
#include <coauth/coauth.h>
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "helpers/sqlutil.h"
#include "helpers/testutil.h"

static void suite_init(void)
{
    cr_assert(coauth_lib_init(NULL) == COAUTH_OK);
}

TestSuite(ror, .init = suite_init);

static char *TMP;

static void setup(void)
{
    TMP = make_tmpdir();
    cr_assert(TMP);
}

static void teardown(void)
{
    remove_tmpdir(TMP);
    TMP = NULL;
}

static const char *tmp_path(const char *name)
{
    static char buf[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", TMP, name);
    return buf[k];
}

/* The standard output of a coauth command that must succeed (the caller frees it). */
static char *cli_stdout(const char *const *argv)
{
    char *out = run_cli_stdout(argv);
    cr_assert_not_null(out, "%s failed", argv[0]);
    return out;
}

/* `coauth ror import -q -d DB tests/data/ror_registry.jsonl`, which must succeed. */
static void import_fixture_registry(const char *db)
{
    const char *imp[] = {"ror", "import", "-q", "-d", db, test_data("ror_registry.jsonl"), NULL};
    free(cli_stdout(imp));
}

/* The rows of `sql` on the store at `db`, as sql_rows_at writes them, are `want`. */
static void expect_rows_at(const char *db, const char *sql, const char *want)
{
    char *rows = sql_rows_at(db, sql);
    cr_expect_str_eq(rows, want, "%s", sql);
    free(rows);
}

static coauth_ror *load(const char *path, coauth_ror_info *info)
{
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_ror *reg = NULL;
    cr_assert_eq(coauth_ror_new(&reg, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_ror_load_file(reg, path, info, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(coauth_ror_finish(reg, &err), COAUTH_OK, "%s", err.msg);
    return reg;
}

/* The failure of loading `path`: status and message (static). */
static coauth_status load_fails(const char *path, const char **msg)
{
    static coauth_error err;
    coauth_error_clear(&err);
    coauth_ror *reg = NULL;
    cr_assert_eq(coauth_ror_new(&reg, &err), COAUTH_OK);
    coauth_status st = coauth_ror_load_file(reg, path, NULL, &err);
    coauth_ror_free(reg);
    *msg = err.msg;
    return st;
}

static int count_names(void *ctx, const char *name, int kind)
{
    (void)name;
    (void)kind;
    ++*(int *)ctx;
    return 0;
}

static int count_ext(void *ctx, const char *type, const char *value)
{
    (void)type;
    (void)value;
    ++*(int *)ctx;
    return 0;
}

/* ------------------------------------------------------------------ reading */

Test(ror, reads_v1_and_v2_records, .init = setup, .fini = teardown)
{
    coauth_ror_info info;
    coauth_ror *reg = load(test_data("ror_registry.jsonl"), &info);
    cr_assert_eq(info.records, 12);
    cr_assert_eq(info.v2, 9);
    cr_assert_eq(info.v1, 3);
    cr_assert_str_eq(info.version, "unknown");
    cr_assert_str_eq(info.date, "2025-03-02"); /* the newest last_modified */
    cr_assert_eq(coauth_ror_count(reg), 12);

    coauth_ror_org o;
    coauth_ror_org_at(reg, 0, &o);
    cr_assert_str_eq(o.id, "https://ror.org/0fix00001");
    cr_assert_str_eq(o.name, "Springfield University");
    cr_assert_str_eq(o.country, "GB");
    cr_assert_str_eq(o.city, "Springfield");
    cr_assert_str_eq(o.status, "active");
    cr_assert_eq(o.parent, COAUTH_ROR_NONE);
    int n = 0;
    coauth_ror_each_name(reg, 0, count_names, &n);
    cr_assert_eq(n, 3); /* display, acronym, alias */
    n = 0;
    coauth_ror_each_external(reg, 0, count_ext, &n);
    cr_assert_eq(n, 2); /* grid (all = preferred: once), isni; fundref left out */

    coauth_ror_org_at(reg, 2, &o); /* v1 */
    cr_assert_str_eq(o.name, "Kentmere University");
    cr_assert_str_eq(o.country, "GB");
    cr_assert_str_eq(o.city, "Canterbury");
    n = 0;
    coauth_ror_each_name(reg, 2, count_names, &n);
    cr_assert_eq(n, 4); /* name, label, alias, acronym */
    n = 0;
    coauth_ror_each_external(reg, 2, count_ext, &n);
    cr_assert_eq(n, 2); /* GRID (a string in v1), ISNI */

    /* parents: v2 "parent", v1 "Parent"; "related" and "child" are none */
    coauth_ror_org_at(reg, 6, &o);
    cr_assert_eq(o.parent, 5);
    coauth_ror_org_at(reg, 7, &o);
    cr_assert_eq(o.parent, 8);
    coauth_ror_org_at(reg, 9, &o);
    cr_assert_eq(o.parent, COAUTH_ROR_NONE);
    coauth_ror_org_at(reg, 5, &o);
    cr_assert_eq(o.parent, COAUTH_ROR_NONE);
    cr_assert_eq(coauth_ror_root(reg, 6), 5);
    cr_assert_eq(coauth_ror_root(reg, 7), 8);
    cr_assert_eq(coauth_ror_root(reg, 0), 0);
    coauth_ror_org_at(reg, 11, &o);
    cr_assert_str_eq(o.status, "withdrawn");
    coauth_ror_free(reg);
}

Test(ror, reads_a_json_array_with_braces_in_strings, .init = setup, .fini = teardown)
{
    coauth_ror_info info;
    coauth_ror *reg = load(test_data("ror_registry_array.json"), &info);
    cr_assert_eq(info.records, 2);
    cr_assert_eq(info.v2, 1);
    cr_assert_eq(info.v1, 1);
    cr_assert_str_eq(info.date, "2024-11-05");
    coauth_ror_org o;
    coauth_ror_org_at(reg, 0, &o);
    cr_assert_str_eq(o.name, "Institute for \"Braces\" {and} [Brackets]");
    cr_assert_str_eq(o.country, "FR");
    coauth_ror_org_at(reg, 1, &o);
    cr_assert_str_eq(o.name, "Quayside College");
    cr_assert_str_eq(o.status, "inactive");
    cr_assert_eq(coauth_ror_find_identifier(reg, "GRID", "grid.9000.22"), 1);
    coauth_ror_free(reg);
}

static void gzip_file(const char *from, const char *to, size_t cut)
{
    size_t n = 0;
    char *data = read_file(from, &n);
    cr_assert(data);
    gzFile gz = gzopen(to, "wb");
    cr_assert(gz);
    cr_assert_eq(gzwrite(gz, data, (unsigned)n), (int)n);
    cr_assert_eq(gzclose(gz), Z_OK);
    free(data);
    if (cut) {
        char *z = read_file(to, &n);
        cr_assert(z && n > cut);
        cr_assert_eq(write_file(to, z, n - cut), 0);
        free(z);
    }
}

Test(ror, reads_gzip_and_refuses_truncated_gzip, .init = setup, .fini = teardown)
{
    gzip_file(test_data("ror_registry.jsonl"), tmp_path("r.jsonl.gz"), 0);
    coauth_ror_info info;
    coauth_ror *reg = load(tmp_path("r.jsonl.gz"), &info);
    cr_assert_eq(info.records, 12);
    coauth_ror_free(reg);
    gzip_file(test_data("ror_registry.jsonl"), tmp_path("cut.jsonl.gz"), 40);
    const char *msg;
    cr_assert_eq(load_fails(tmp_path("cut.jsonl.gz"), &msg), COAUTH_EFORMAT, "%s", msg);
    cr_assert(strstr(msg, "cut.jsonl.gz") != NULL, "%s", msg);
}

static void zip_add(struct archive *a, const char *name, const char *from)
{
    size_t n = 0;
    char *data = read_file(from, &n);
    cr_assert(data);
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_size(e, (la_int64_t)n);
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    cr_assert_eq(archive_write_header(a, e), ARCHIVE_OK);
    cr_assert_eq(archive_write_data(a, data, n), (la_ssize_t)n);
    archive_entry_free(e);
    free(data);
}

Test(ror, reads_the_schema_v2_member_of_a_zip, .init = setup, .fini = teardown)
{
    /* as ROR's Zenodo dumps: v1 and v2 files side by side; the v2 one is read */
    const char *zip = tmp_path("v9.99-2025-05-05-ror-data.zip");
    struct archive *a = archive_write_new();
    cr_assert(a);
    cr_assert_eq(archive_write_set_format_zip(a), ARCHIVE_OK);
    cr_assert_eq(archive_write_open_filename(a, zip), ARCHIVE_OK);
    zip_add(a, "v9.99-2025-05-05-ror-data.json", test_data("ror_registry.jsonl"));
    zip_add(a, "v9.99-2025-05-05-ror-data_schema_v2.json", test_data("ror_registry_array.json"));
    cr_assert_eq(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    coauth_ror_info info;
    coauth_ror *reg = load(zip, &info);
    cr_assert_eq(info.records, 2);
    cr_assert_str_eq(info.version, "v9.99");
    cr_assert_str_eq(info.date, "2025-05-05"); /* the dump's name wins */
    coauth_ror_free(reg);
}

struct bad_case {
    char file[40];
    char want1[40], want2[40];
};

ParameterizedTestParameters(ror, bad_files)
{
    static struct bad_case cases[] = {
        {"ror_bad_truncated.jsonl", "record 2 (byte 115)", "truncated"},
        {"ror_bad_schema.jsonl", "record 2 (byte 115)", "unknown ror schema"},
        {"ror_bad_notjson.tsv", "byte 0", "not JSON"},
        {"ror_bad_unclosed.json", "after record 1", "truncated"},
        {"ror_bad_syntax.jsonl", "record 2 (byte 115)", "not JSON"},
        {"ror_bad_notror.jsonl", "record 1 (byte 0)", "not a ror record"},
    };
    return cr_make_param_array(struct bad_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct bad_case *c, ror, bad_files)
{
    const char *msg;
    cr_assert_eq(load_fails(test_data(c->file), &msg), COAUTH_EFORMAT, "%s", msg);
    cr_assert(strstr(msg, c->file) != NULL, "names the file: %s", msg);
    cr_assert(strstr(msg, c->want1) != NULL, "%s: %s", c->want1, msg);
    cr_assert(strstr(msg, c->want2) != NULL, "%s: %s", c->want2, msg);
    cr_assert(!strchr(msg, '\n'));
}

Test(ror, empty_and_missing_files, .init = setup, .fini = teardown)
{
    const char *msg;
    cr_assert_eq(write_file(tmp_path("empty.json"), "", 0), 0);
    cr_assert_eq(load_fails(tmp_path("empty.json"), &msg), COAUTH_EFORMAT);
    cr_assert(strstr(msg, "empty") != NULL, "%s", msg);
    /* an empty array would replace a registry by nothing: refused */
    cr_assert_eq(write_file(tmp_path("none.json"), " [ ]\n", 5), 0);
    cr_assert_eq(load_fails(tmp_path("none.json"), &msg), COAUTH_EFORMAT);
    cr_assert(strstr(msg, "no ror records") != NULL, "%s", msg);
    /* elements without a comma between them */
    const char two[] = "[{\"id\":\"https://ror.org/0fix00031\",\"name\":\"A\"}"
                       "{\"id\":\"https://ror.org/0fix00032\",\"name\":\"B\"}]";
    cr_assert_eq(write_file(tmp_path("nocomma.json"), two, sizeof two - 1), 0);
    cr_assert_eq(load_fails(tmp_path("nocomma.json"), &msg), COAUTH_EFORMAT);
    cr_assert(strstr(msg, "after record 1") != NULL, "%s", msg);
    cr_assert_eq(load_fails(tmp_path("absent.json"), &msg), COAUTH_EIO);
    cr_assert(strstr(msg, "cannot open") != NULL, "%s", msg);
}

/* ------------------------------------------------------------------ identifiers */

Test(ror, identifiers_map_through_the_registry)
{
    coauth_ror *reg = load(test_data("ror_registry.jsonl"), NULL);
    cr_assert_eq(coauth_ror_find_identifier(reg, "ROR", "https://ror.org/0fix00002"), 1);
    cr_assert_eq(coauth_ror_find_identifier(reg, "ror", "0fix00002"), 1);
    cr_assert_eq(coauth_ror_find_identifier(reg, "ROR", "0FIX00002"), 1);
    cr_assert_eq(coauth_ror_find_identifier(reg, "GRID", "grid.9000.1"), 0);
    cr_assert_eq(coauth_ror_find_identifier(reg, "GRID", "GRID.9000.3"), 2);
    cr_assert_eq(coauth_ror_find_identifier(reg, "ISNI", "0000000400000001"), 0);
    cr_assert_eq(coauth_ror_find_identifier(reg, "ISNI", "0000 0004 0000 0003"), 2);
    cr_assert_eq(coauth_ror_find_identifier(reg, "GRID", "grid.9000.12"), 11); /* withdrawn */
    cr_assert_eq(coauth_ror_find_identifier(reg, "RINGGOLD", "12345"), COAUTH_ROR_NONE);
    cr_assert_eq(coauth_ror_find_identifier(reg, "ROR", "0fix99999"), COAUTH_ROR_NONE);
    cr_assert_eq(coauth_ror_find_identifier(reg, "GRID", "grid.1.1"), COAUTH_ROR_NONE);
    coauth_ror_free(reg);
}

/* ------------------------------------------------------------------ matching */

static coauth_ror *REG;
static coauth_resolver *RES_R;
static coauth_resolution RES = COAUTH_RESOLUTION_INIT;

static void match_setup(void)
{
    REG = load(test_data("ror_registry.jsonl"), NULL);
    coauth_resolver_options o = COAUTH_RESOLVER_OPTIONS_INIT;
    o.ror = REG;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_resolver_new(&RES_R, &o, &err), COAUTH_OK, "%s", err.msg);
}

static void match_teardown(void)
{
    coauth_resolution_release(&RES);
    coauth_resolver_free(RES_R);
    coauth_ror_free(REG);
}

/* Resolve one single-part text; expect country, rule and ROR id (NULL: none). */
static void expect(const char *text, const char *cc, const char *rule, const char *ror)
{
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_resolve(RES_R, text, strlen(text), &RES, &err), COAUTH_OK, "%s", err.msg);
    cr_assert_eq(RES.n_parts, 1, "%s: %zu parts", text, RES.n_parts);
    const coauth_part *p = &RES.parts[0];
    cr_expect_str_eq(p->country, cc, "%s: country %s", text, p->country);
    if (rule)
        cr_expect_str_eq(p->rule, rule, "%s: rule %s", text, p->rule);
    if (ror)
        cr_expect(p->ror && strcmp(p->ror, ror) == 0, "%s: ror %s, want %s", text,
                  p->ror ? p->ror : "(none)", ror);
    else
        cr_expect(p->ror == NULL, "%s: ror %s, want none", text, p->ror);
}

#define ID(n) "https://ror.org/0fix000" #n

Test(ror, place_less_names_take_the_organisations_country, .init = match_setup,
     .fini = match_teardown)
{
    /* Durham-like: the only place is inside the name; the registry decides */
    expect("Springfield University", "GB", "ror", ID(01));
    /* a label and an alias, whole */
    expect("Université de Kentmere", "GB", "ror", ID(03));
    expect("Kentmere Uni", "GB", "ror", ID(03));
    /* abbreviations as the resolver expands them ("Univ." -> University) */
    expect("Springfield Univ. of Science", "GB", "ror", ID(01));
}

Test(ror, the_organisations_own_city_does_not_override, .init = match_setup, .fini = match_teardown)
{
    /* Athens-like: the city named is the organisation's own, so the organisation's
     * country holds (Athens alone would be Greece) */
    expect("Oconee Valley University, Athens", "US", "ror", ID(02));
    /* Kent-like: Canterbury is also a region of New Zealand */
    expect("Kentmere University, Canterbury", "GB", "ror", ID(03));
    /* a footnote digit after the name */
    expect("Oconee Valley University 3, Athens", "US", "ror", ID(02));
}

Test(ror, a_country_named_in_the_text_decides, .init = match_setup, .fini = match_teardown)
{
    /* the only candidate is in another country: dropped, the text's country stays */
    expect("Oconee Valley University, Athens, Greece", "GR", "country", NULL);
    expect("Springfield University, Springfield, IL, USA", "US", "country", NULL);
    expect("Springfield University, Springfield, UK", "GB", "country", ID(01));
}

Test(ror, two_organisations_of_one_name, .init = match_setup, .fini = match_teardown)
{
    /* nothing to choose between Dublin's and Toronto's: abstain */
    expect("Saint Brendan Hospital", "", NULL, NULL);
    expect("Saint Brendan Hospital, Dublin, Ireland", "IE", "country", ID(04));
    expect("Saint Brendan Hospital, Toronto, ON, Canada", "CA", NULL, ID(05));
    /* a city alone chooses too */
    expect("Saint Brendan Hospital, Toronto", "CA", NULL, ID(05));
}

Test(ror, acronyms_only_with_the_city, .init = match_setup, .fini = match_teardown)
{
    expect("OVU", "", NULL, NULL);
    expect("SPU", "", NULL, NULL);
    expect("Department of Physics, KU, Canterbury", "GB", "ror", ID(03));
    expect("OVU, Athens", "US", "ror", ID(02));
}

Test(ror, the_institution_segment_decides, .init = match_setup, .fini = match_teardown)
{
    /* the segments are tried in the order the resolver picks the institution: the
     * highest level first, the rightmost among equals. A hospital (institution level)
     * before a medical school (a school inside a university) */
    expect("Department of Neurology, Bayside General Hospital, Bayside Medical School, Boston, "
           "MA, USA",
           "US", "country", ID(10));
    /* a university before its medical school, and before its own institute */
    expect("Bayside Medical School, Bayside University, Boston, MA, USA", "US", "country", ID(09));
    expect("Halvorsen Institute of Marine Biology, Halvorsen University, Bergen, Norway", "NO",
           "country", ID(06));
    /* the institute alone is itself */
    expect("Halvorsen Institute of Marine Biology, Bergen, Norway", "NO", "country", ID(07));
    /* a university and its faculty in one segment */
    expect("Halvorsen University Faculty of Medicine, Bergen, Norway", "NO", "country", ID(06));
}

Test(ror, generic_departments_need_confirmation, .init = match_setup, .fini = match_teardown)
{
    /* "Department of Marine Studies" is an organisation of Moscow's in the registry;
     * a department-level name alone matches nothing */
    expect("Department of Marine Studies", "", NULL, NULL);
    /* held to the country of the university the text names: Norway */
    expect("Department of Marine Studies, Halvorsen University", "NO", "ror", ID(06));
    /* with its own city named, it is that organisation */
    expect("Department of Marine Studies, Moscow, Russia", "RU", "country", ID(11));
}

Test(ror, withdrawn_organisations_are_not_matched_by_name, .init = match_setup,
     .fini = match_teardown)
{
    expect("Old Mill Institute, Bremen, Germany", "DE", "country", NULL);
}

static void sites_setup(void)
{
    REG = load(test_data("ror_sites.jsonl"), NULL);
    coauth_resolver_options o = COAUTH_RESOLVER_OPTIONS_INIT;
    o.ror = REG;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_resolver_new(&RES_R, &o, &err), COAUTH_OK, "%s", err.msg);
}

Test(ror, a_parent_and_its_sites_of_one_name, .init = sites_setup, .fini = match_teardown)
{
    /* three laboratories of one name, two of them sites of the third: the parent */
    expect("Northern Marine Institute", "DE", "ror", ID(41));
    /* the city named chooses the site */
    expect("Northern Marine Institute, Grenoble", "FR", NULL, ID(42));
}

Test(ror, a_laboratory_by_its_name, .init = sites_setup, .fini = match_teardown)
{
    /* a department-level word ending a name is part of the name, not a generic unit */
    expect("Quarry Harbor Laboratory", "US", "ror", ID(46));
}

Test(ror, place_less_segments_must_agree, .init = sites_setup, .fini = match_teardown)
{
    expect("Institute of Tidal Physics", "CZ", "ror", ID(44));
    /* the more general organisation is in the US: the Czech institute is not meant */
    expect("Institute of Tidal Physics, Wexley Institutes of Health", "US", "ror", ID(45));
    /* the more general one is in Ireland or Canada: still not the Czech one, and
     * nothing chooses between those two */
    expect("Institute of Tidal Physics, Saint Brendan Hospital", "", NULL, NULL);
}

static void rules_setup(void)
{
    REG = load(test_data("ror_rules.jsonl"), NULL);
    coauth_resolver_options o = COAUTH_RESOLVER_OPTIONS_INIT;
    o.ror = REG;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_resolver_new(&RES_R, &o, &err), COAUTH_OK, "%s", err.msg);
}

Test(ror, a_name_of_its_own_beats_an_alias_and_active_beats_closed, .init = rules_setup,
     .fini = match_teardown)
{
    /* Corran University is one organisation's display name, another's alias */
    expect("Corran University", "GB", "ror", ID(60));
    /* one organisation's display name, another's label (its name in another language) */
    expect("Rothmere Cancer Institute", "GB", "ror", ID(78));
    expect("Rothmere Cancer Institute, Lyon", "FR", NULL, ID(79));
    /* two Marrow Institutes, the Australian one inactive */
    expect("Marrow Institute", "NZ", "ror", ID(63));
}

Test(ror, a_place_segment_names_no_organisation, .init = rules_setup, .fini = match_teardown)
{
    /* "MA" is the state slot, not Marlow Associates' acronym (whose city, Boston, is
     * named); "Providence" is the city, not Providence Hill College's alias */
    expect("Quarry Lane Institute, Boston, MA, USA", "US", "country", NULL);
    expect("Department of Surgery, Providence, RI, USA", "US", "country", NULL);
    /* the organisation's own name still matches */
    expect("Providence Hill College, Providence, RI, USA", "US", "country", ID(65));
}

Test(ror, spelling_variants_meet, .init = rules_setup, .fini = match_teardown)
{
    /* centre / center */
    expect("Tamsin Cancer Centre", "GB", "ror", ID(66));
    /* German umlauts spelt out, and folded */
    expect("Mueritz Institut fuer Seenforschung", "DE", "ror", ID(67));
    expect("Muritz Institut fur Seenforschung", "DE", "ror", ID(67));
}

Test(ror, pieces_of_one_segment, .init = rules_setup, .fini = match_teardown)
{
    /* a footnote number run into the next line ends the name */
    expect("Corran University 4 Department of Physics", "GB", "ror", ID(60));
    /* "X at Y": the host Y */
    expect("Kelp Laboratory at Corran University", "GB", "ror", ID(60));
    /* "University of X at Y" is "University of X, Y" */
    expect("University of Leys at Dunmore", "IE", "ror", ID(77));
    /* never the left of "at" ("University of X at Y" names a campus) */
    expect("Corran University at Perth", "AU", NULL, NULL);
    /* "X and Y", both registry names: the first */
    expect("Tamsin Cancer Center and Corran University", "GB", "ror", ID(66));
    /* "Centre for X and Y": Y alone is a registry name, X is none: no match */
    expect("Cognitive Research", "US", "ror", ID(68));
    expect("Center for Neurogenomics and Cognitive Research", "", NULL, NULL);
}

Test(ror, an_organisation_and_its_named_unit, .init = rules_setup, .fini = match_teardown)
{
    /* the words up to the last organisation word before the unit */
    expect("Corran University Quinlan School of Medicine", "GB", "ror", ID(60));
    expect("Kilbride General Hospital Cancer Center", "IE", "ror", ID(76));
    /* longest first, down to the organisation word: "University of Tarrow Kelso" */
    expect("University of Tarrow Kelso Quinlan School of Medicine", "IE", "ror", ID(72));
}

Test(ror, the_organisations_own_city_after_its_name, .init = rules_setup,
     .fini = match_teardown)
{
    expect("Ardley University Oxford", "GB", "ror", ID(70));
    expect("Kilbride General Hospital Kilbride", "IE", "ror", ID(76));
    /* another city: not that organisation */
    expect("Ardley University Cambridge", "", NULL, NULL);
}

Test(ror, a_unit_run_into_its_organisation, .init = rules_setup, .fini = match_teardown)
{
    /* no comma between the department and the university */
    expect("Department of Geology Ardley University", "GB", "ror", ID(70));
    expect("Faculty of Medicine Kilbride General Hospital", "IE", "ror", ID(76));
    /* the tail must hold an organisation word */
    expect("Department of Geology Ardley", "", NULL, NULL);
}

Test(ror, a_name_in_quotes, .init = rules_setup, .fini = match_teardown)
{
    expect("FSBEI of HE \xc2\xab" "Ardley University\xc2\xbb", "GB", "ror", ID(70));
    expect("Federal Institution \xe2\x80\x9c" "Ardley University\xe2\x80\x9d", "GB", "ror", ID(70));
    /* without the quotes the segment is no name */
    expect("FSBEI of HE Ardley University", "", NULL, NULL);
}

Test(ror, university_of_a_city, .init = rules_setup, .fini = match_teardown)
{
    /* "University of W" is "W University" when W is that university's city */
    expect("University of Corran", "GB", "ror", ID(60));
    /* Ardley University is in Oxford: "University of Ardley" may be another */
    expect("University of Ardley", "", NULL, NULL);
}

Test(ror, one_name_in_one_country_gives_the_country, .init = rules_setup,
     .fini = match_teardown)
{
    /* two unrelated Wexley Marine Institutes, both in Ireland: no id, but the country
     * (two of one name in two countries give neither: two_organisations_of_one_name) */
    expect("Wexley Marine Institute", "IE", "ror", NULL);
    expect("Wexley Marine Institute, Galway", "IE", NULL, ID(75));
}

Test(ror, a_university_without_its_city, .init = rules_setup, .fini = match_teardown)
{
    /* "Brannock University Tarrow" is in Tarrow: "Brannock University" names it */
    expect("Brannock University", "IE", "ror", ID(71));
    expect("Brannock University Tarrow", "IE", "ror", ID(71));
    /* not "University of X" (a campus of a system) nor what is not a university */
    expect("University of Tarrow", "", NULL, NULL);
    expect("Halden Cancer Center", "", NULL, NULL);
}

Test(ror, a_university_hospital_is_not_the_university, .init = rules_setup,
     .fini = match_teardown)
{
    expect("Ardley University Hospital", "", NULL, NULL);
    expect("Ardley University Hospital, Oxford, UK", "GB", "country", NULL);
    /* a school of it is the university */
    expect("Ardley University School of Medicine, Oxford, UK", "GB", "country", ID(70));
}

Test(ror, two_unrelated_organisations_of_one_rank, .init = rules_setup, .fini = match_teardown)
{
    /* two universities that share no root: no id; both in GB, so the part is in GB */
    expect("Ardley University, Pellow University", "GB", "ror", NULL);
    expect("Department of Physics, Ardley University, Pellow University, Oxford, UK", "GB",
           "country", NULL);
    /* in two countries and no place named, the most general (last) segment gives the
     * country and the other is no rival (place_less_segments_must_agree) */
    expect("Ardley University, Quillan University", "NZ", "ror", ID(82));
    /* a university and its parent university are one organisation tree: the rule of
     * which segment decides still chooses (the rightmost) */
    expect("Pellow Technical University, Pellow University", "GB", "ror", ID(80));
    expect("Pellow University, Pellow Technical University", "GB", "ror", ID(81));
    /* a segment of another rank is no rival: the university outranks the center */
    expect("Tamsin Cancer Center, Ardley University", "GB", "ror", ID(70));
    /* nor one that holds the other's name in its own (a hospital "of" the university,
     * with no parent in the registry): the university, as for a unit of it */
    expect("Tamsin Hospital of Pellow University, Bristol, UK", "GB", "country", ID(83));
    expect("Tamsin Hospital of Pellow University, Pellow University, Bristol, UK", "GB",
           "country", ID(80));
}

Test(ror, no_registry_no_ror)
{
    coauth_resolver *r = NULL;
    coauth_error err = COAUTH_ERROR_INIT;
    cr_assert_eq(coauth_resolver_new(&r, NULL, &err), COAUTH_OK, "%s", err.msg);
    coauth_resolution res = COAUTH_RESOLUTION_INIT;
    const char *t = "Springfield University, Springfield, UK";
    cr_assert_eq(coauth_resolve(r, t, strlen(t), &res, &err), COAUTH_OK);
    cr_assert_eq(res.n_parts, 1);
    cr_assert_null(res.parts[0].ror);
    cr_assert_str_eq(res.parts[0].country, "GB");
    coauth_resolution_release(&res);
    coauth_resolver_free(r);
}

/* ------------------------------------------------------------------ CLI */

Test(ror, cli_resolve_with_and_without_ror, .init = setup, .fini = teardown)
{
    const char *in = tmp_path("in.txt");
    const char text[] = "Springfield University\n"
                        "Saint Brendan Hospital, Toronto; Oconee Valley University, Athens\n";
    cr_assert_eq(write_file(in, text, sizeof text - 1), 0);
    const char *with[] = {"resolve", "--ror", test_data("ror_registry.jsonl"), NULL};
    run_result r;
    cr_assert_eq(run_cli_ex(&r, in, NULL, NULL, with), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "line,part,country,institution,rule,ror\n"
                            "1,1,GB,springfield university,ror," ID(
                                01) "\n"
                                    "2,1,CA,saint brendan hospital,city," ID(
                                        05) "\n"
                                            "2,2,US,oconee valley university,ror," ID(02) "\n");
    run_result_free(&r);
    const char *without[] = {"resolve", NULL};
    cr_assert_eq(run_cli_ex(&r, in, NULL, NULL, without), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out, "line,part,country,institution,rule\n1,1,", 39) == 0, "%s", r.out);
    cr_assert(strstr(r.out, "ror") == NULL, "%s", r.out);
    run_result_free(&r);
    const char *bad[] = {"resolve", "--ror", test_data("ror_bad_schema.jsonl"), NULL};
    cr_assert_eq(run_cli_ex(&r, in, NULL, NULL, bad), 0);
    cr_assert_eq(r.status, 1);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "ror_bad_schema.jsonl") != NULL, "%s", r.err);
    cr_assert_eq(r.out_len, 0);
    run_result_free(&r);
}

Test(ror, cli_import_replaces_the_registry_in_one_transaction, .init = setup, .fini = teardown)
{
    const char *db = tmp_path("s.db");
    const char *imp[] = {"ror", "import", "-d", db, test_data("ror_registry.jsonl"), NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "coauth ror import: 12 organisations loaded (9 schema v2, 3 v1); "
                            "registry version unknown, date 2025-03-02\n");
    run_result_free(&r);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_orgs"), 12);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_names"), 18);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_external_ids"), 5);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_names WHERE kind = 'acronym'"), 3);
    char *meta = sql_rows_at(db, "SELECT key, value FROM meta WHERE key LIKE 'ror%' ORDER BY key");
    cr_assert_str_eq(meta, "ror_date|2025-03-02\nror_organisations|12\nror_version|unknown\n");
    free(meta);
    char *par = sql_rows_at(db, "SELECT id, parent_id FROM ror_orgs WHERE parent_id IS NOT NULL "
                                "ORDER BY id");
    cr_assert_str_eq(par, ID(07) "|" ID(06) "\n" ID(08) "|" ID(09) "\n");
    free(par);

    /* stats prints the registry's provenance (SPEC 8) */
    const char *stats[] = {"stats", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, stats), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\nror_version,unknown\nror_date,2025-03-02\n") != NULL, "%s", r.out);
    run_result_free(&r);

    /* a bad file: one line, exit 1, the registry as it was */
    const char *bad[] = {"ror", "import", "-d", db, test_data("ror_bad_truncated.jsonl"), NULL};
    cr_assert_eq(run_cli(&r, bad), 0);
    cr_assert_eq(r.status, 1);
    cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
    cr_assert(strstr(r.err, "ror_bad_truncated.jsonl") != NULL, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_orgs"), 12);
    cr_assert_eq(sql_int_at(db, "SELECT value FROM meta WHERE key = 'ror_organisations'"), 12);

    /* another registry replaces it whole */
    const char *imp2[] = {"ror", "import", "-d", db, test_data("ror_registry_array.json"), NULL};
    cr_assert_eq(run_cli(&r, imp2), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_orgs"), 2);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_names"), 3);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_identifiers WHERE source = 'GRID'"), 1);

    /* usage */
    const char *none[] = {"ror", NULL};
    cr_assert_eq(run_cli(&r, none), 0);
    cr_assert_eq(r.status, 2);
    run_result_free(&r);
    const char *nofile[] = {"ror", "import", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, nofile), 0);
    cr_assert_eq(r.status, 2);
    run_result_free(&r);
    const char *help[] = {"ror", "import", "--help", NULL};
    cr_assert_eq(run_cli(&r, help), 0);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "--db") && strstr(r.out, "--quiet"), "%s", r.out);
    run_result_free(&r);
}

Test(ror, identifiers_then_names_in_the_store, .init = setup, .fini = teardown)
{
    const char *db = tmp_path("s.db");
    run_result r;
    const char *ing[] = {"ingest", "-q", "-d", db, test_data("ror_pubmed.xml"), NULL};
    cr_assert_eq(run_cli(&r, ing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM affiliation_parts WHERE ror IS NOT NULL"), 0);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM authorship_ror"), 0);

    const char *imp[] = {"ror", "import", "-q", "-d", db, test_data("ror_registry.jsonl"), NULL};
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* step 1, the authorship's own identifier: GRID -> Kentmere (not the Springfield
     * its text names); ROR before ISNI; RINGGOLD is not in the registry */
    char *ids = sql_rows_at(db, "SELECT pmid, position, ror, source FROM authorship_ror "
                                "ORDER BY pmid, position");
    cr_assert_str_eq(ids, "2001|1|" ID(03) "|GRID\n2001|2|" ID(02) "|ROR\n");
    free(ids);

    /* the names: applied to the stored strings by reresolve */
    const char *rer[] = {"reresolve", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, rer), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.err, "coauth reresolve: 5 affiliation strings changed\n");
    run_result_free(&r);
    char *parts = sql_rows_at(db, "SELECT a.text, ap.country, ap.rule, ap.ror FROM affiliations a "
                                  "JOIN affiliation_parts ap ON ap.affiliation_id = a.id "
                                  "ORDER BY a.text");
    cr_assert_str_eq(
        parts,
        "Bayside General Hospital, Boston, MA, USA.|US|country|" ID(
            10) "\n"
                "Department of Physics, Springfield University.|GB|ror|" ID(
                    01) "\n"
                        "Halvorsen Institute of Marine Biology, Bergen, Norway.|NO|country|" ID(
                            07) "\n"
                                "Halvorsen University, Bergen, Norway.|NO|country|" ID(
                                    06) "\n"
                                        "Oconee Valley University, Athens.|US|ror|" ID(02) "\n");
    free(parts);
    /* a second reresolve changes nothing */
    cr_assert_eq(run_cli(&r, rer), 0);
    cr_assert_str_eq(r.err, "coauth reresolve: 0 affiliation strings changed\n");
    run_result_free(&r);
}

/* Step 1's order among an affiliation's own identifiers, ROR before GRID before ISNI,
 * whatever order the record lists them in, and each of an author's affiliations on
 * its own (ror_ids.xml, hand-written):
 *  4001/1 ISNI Springfield, GRID Kentmere  -> Kentmere by GRID
 *  4001/2 ISNI Kentmere (no spaces)        -> Kentmere by ISNI
 *  4001/3 GRID Springfield, ROR Oconee     -> Oconee by ROR (a bare upper-case id)
 *  4001/4 seq 1 GRID Springfield, seq 2 ROR Kentmere -> one row each
 *  4001/5 ROR Kentmere on a string naming Springfield and Oconee Valley -> a row, but
 *         in the network the string's two organisations stay (the id cannot say which)
 * Institution network: the identifier's organisation stands for the authorship's
 * string (authors 1-4), C(p) = {Kentmere, Oconee Valley, Springfield}, each pair 1/2;
 * F with |A(p)| = 5: Kentmere 1/5 + 1/5 + 1/10 = 1/2, Oconee 1/5 + 1/10 = 3/10,
 * Springfield 1/10 + 1/10 = 1/5. */
Test(ror, identifier_precedence, .init = setup, .fini = teardown)
{
    const char *db = tmp_path("ids.db");
    run_result r;
    const char *imp[] = {"ror", "import", "-q", "-d", db, test_data("ror_registry.jsonl"), NULL};
    const char *ing[] = {"ingest", "-q", "-d", db, test_data("ror_ids.xml"), NULL};
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(run_cli(&r, ing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    char *ids = sql_rows_at(db, "SELECT position, seq, ror, source FROM authorship_ror "
                                "ORDER BY position, seq");
    cr_assert_str_eq(ids, "1|1|" ID(03) "|GRID\n2|1|" ID(03) "|ISNI\n3|1|" ID(
                              02) "|ROR\n"
                                  "4|1|" ID(01) "|GRID\n4|2|" ID(03) "|ROR\n5|1|" ID(03) "|ROR\n");
    free(ids);
    const char *gml[] = {"network",     "-d",       db,        "--level",
                         "institution", "--format", "graphml", NULL};
    cr_assert_eq(run_cli(&r, gml), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *want[] = {"Kentmere University</data><data key=\"papers\">1</data><data "
                          "key=\"fractional_papers\">0.500000</data>",
                          "Oconee Valley University</data><data key=\"papers\">1</data><data "
                          "key=\"fractional_papers\">0.300000</data>",
                          "Springfield University</data><data key=\"papers\">1</data><data "
                          "key=\"fractional_papers\">0.200000</data>"};
    for (size_t i = 0; i < 3; i++)
        cr_assert(strstr(r.out, want[i]) != NULL, "%s: %s", want[i], r.out);
    cr_assert_eq(count_lines(strstr(r.out, "<edge ")), 3 + 2, "%s", r.out); /* + 2 closing */
    run_result_free(&r);
}

/* SPEC 3.1 step 1 (schema 11): an authorship's own identifier gives a one-part string
 * whose country is NULL or from a name rule the country of the organisation it names
 * (view authorship_countries, rule identifier). tests/data/ror_id_country.xml, by hand
 * from its comments and the resolver's rules: 5101 a place-less clinic with Saint
 * Brendan's ROR id (IE); "Bergen, Norway" keeps NO though its id is Oconee (US); the
 * laboratory takes Halvorsen (NO); the two-part string stays unresolved. 5102 GRID
 * grid.9000.12 is Old Mill (DE), ISNI 0000 0004 0000 0003 Kentmere (GB), ROR Halvorsen
 * (NO) before GRID Kentmere. 5103 Saint Brendan Toronto (CA) over the name rule's
 * Springfield (ror: GB with the registry, org-place: US without), Bayside (US) over
 * CNRS (institution: FR), the clinic without an id nothing, an unknown id leaves Verona
 * (org-place: IT). 5104 has no identifiers. Without a registry every row is its part's. */
Test(ror, identifier_gives_the_country, .init = setup, .fini = teardown)
{
    char reg[4096], plain[4096];
    snprintf(reg, sizeof reg, "%s", tmp_path("reg.db"));
    snprintf(plain, sizeof plain, "%s", tmp_path("plain.db"));
    import_fixture_registry(reg);
    for (int i = 0; i < 2; i++) {
        const char *ing[] = {"ingest", "-q", "-d", i ? plain : reg, test_data("ror_id_country.xml"),
                             NULL};
        free(cli_stdout(ing));
    }
    static const char rows_sql[] =
        "SELECT pmid, position, seq, part, country, rule FROM authorship_countries "
        "ORDER BY 1, 2, 3, 4";
    expect_rows_at(reg, rows_sql,
                   "5101|1|1|1|IE|identifier\n5101|2|1|1|NO|country\n"
                   "5101|2|2|1|NO|identifier\n5101|3|1|1|NULL|none\n5101|3|1|2|NULL|none\n"
                   "5102|1|1|1|DE|identifier\n5102|2|1|1|GB|identifier\n"
                   "5102|3|1|1|NO|identifier\n"
                   "5103|1|1|1|CA|identifier\n5103|2|1|1|US|identifier\n"
                   "5103|3|1|1|NULL|none\n5103|4|1|1|IT|org-place\n"
                   "5104|1|1|1|NULL|none\n5104|2|1|1|NO|country\n");
    expect_rows_at(plain, rows_sql,
                   "5101|1|1|1|NULL|none\n5101|2|1|1|NO|country\n5101|2|2|1|NULL|none\n"
                   "5101|3|1|1|NULL|none\n5101|3|1|2|NULL|none\n"
                   "5102|1|1|1|NULL|none\n5102|2|1|1|NULL|none\n5102|3|1|1|NULL|none\n"
                   "5103|1|1|1|US|org-place\n5103|2|1|1|FR|institution\n"
                   "5103|3|1|1|NULL|none\n5103|4|1|1|IT|org-place\n"
                   "5104|1|1|1|NULL|none\n5104|2|1|1|NO|country\n");
    expect_rows_at(reg, "SELECT pmid, country FROM paper_first_author_countries ORDER BY 1",
                   "5101|IE\n5102|DE\n5103|CA\n");
    expect_rows_at(reg, "SELECT country, count(*) FROM paper_countries GROUP BY 1 ORDER BY 1",
                   "CA|1\nDE|1\nGB|1\nIE|1\nIT|1\nNO|3\nUS|1\n");
    /* the queries count them (the country sets): 5101's located authors IE and NO,NO
     * (1/2 each), 5102's three and 5103's three 1/3 each, 5104 NO alone */
    const char *q[] = {"intl", "-d", reg, "--by", "country", "--types", "all", NULL};
    char *out = cli_stdout(q);
    static const char want[] = "country,papers,international_papers,international_share,"
                               "fractional_papers\n"
                               "CA,1,1,1.000000,0.333333\n"
                               "DE,1,1,1.000000,0.333333\n"
                               "GB,1,1,1.000000,0.333333\n"
                               "IE,1,1,1.000000,0.500000\n"
                               "IT,1,1,1.000000,0.333333\n"
                               "NO,3,2,0.666667,1.833333\n"
                               "US,1,1,1.000000,0.333333\n";
    cr_expect_str_eq(out, want);
    free(out);
    /* stats counts a paper whose only country is an identifier's */
    for (int i = 0; i < 2; i++) {
        const char *st[] = {"stats", "-d", i ? plain : reg, NULL};
        out = cli_stdout(st);
        cr_expect(strstr(out, i ? "\npapers_with_country,3\n" : "\npapers_with_country,4\n"), "%s",
                  out);
        free(out);
    }
}

/* Every kind of bad registry through the CLI: one line naming the file, exit 1, and the
 * registry imported before left as it was (organisations and provenance). */
Test(ror, cli_import_of_bad_files_changes_nothing, .init = setup, .fini = teardown)
{
    char db[4096], cut[4096], empty[4096]; /* tmp_path's buffers rotate */
    snprintf(db, sizeof db, "%s", tmp_path("s.db"));
    snprintf(cut, sizeof cut, "%s", tmp_path("cut.jsonl.gz"));
    snprintf(empty, sizeof empty, "%s", tmp_path("empty.json"));
    run_result r;
    import_fixture_registry(db);
    gzip_file(test_data("ror_registry.jsonl"), cut, 40);
    cr_assert_eq(write_file(empty, "", 0), 0);
    const char *bad[] = {"ror_bad_truncated.jsonl",
                         "ror_bad_schema.jsonl",
                         "ror_bad_notjson.tsv",
                         "ror_bad_unclosed.json",
                         "ror_bad_syntax.jsonl",
                         "ror_bad_notror.jsonl",
                         cut,
                         empty};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", bad[i][0] == '/' ? bad[i] : test_data(bad[i]));
        const char *argv[] = {"ror", "import", "-d", db, path, NULL};
        cr_assert_eq(run_cli(&r, argv), 0);
        cr_assert_eq(r.status, 1, "%s: exit %d", path, r.status);
        cr_assert_eq(count_lines(r.err), 1, "%s", r.err);
        cr_assert(strncmp(r.err, "coauth ror: ", 12) == 0, "%s", r.err);
        cr_assert(strstr(r.err, strrchr(path, '/') + 1) != NULL, "%s", r.err);
        cr_assert_eq(r.out_len, 0);
        run_result_free(&r);
        cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_orgs"), 12, "%s", path);
        char *meta =
            sql_rows_at(db, "SELECT key, value FROM meta WHERE key LIKE 'ror%' ORDER BY key");
        cr_assert_str_eq(meta, "ror_date|2025-03-02\nror_organisations|12\nror_version|unknown\n",
                         "%s", path);
        free(meta);
    }
}

Test(ror, ingest_after_import_matches_as_it_goes, .init = setup, .fini = teardown)
{
    const char *db = tmp_path("s.db");
    run_result r;
    const char *imp[] = {"ror", "import", "-q", "-d", db, test_data("ror_registry.jsonl"), NULL};
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    const char *ing[] = {"ingest", "-q", "-j", "2", "-d", db, test_data("ror_pubmed.xml"), NULL};
    cr_assert_eq(run_cli(&r, ing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* the same five strings and ids as a reresolve gives (identifiers_then_names...) */
    char *parts = sql_rows_at(db, "SELECT ap.ror FROM affiliations a JOIN affiliation_parts ap "
                                  "ON ap.affiliation_id = a.id ORDER BY a.text");
    cr_assert_str_eq(parts, ID(10) "\n" ID(01) "\n" ID(07) "\n" ID(06) "\n" ID(02) "\n");
    free(parts);
    const char *rer[] = {"reresolve", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, rer), 0);
    cr_assert_str_eq(r.err, "coauth reresolve: 0 affiliation strings changed\n");
    run_result_free(&r);
}

Test(ror, institution_nodes_are_organisations_and_roll_up, .init = setup, .fini = teardown)
{
    /* ror_pubmed.xml by hand: paper 2001's first author names Springfield but her
     * affiliation's GRID is Kentmere's, and the identifier wins (SPEC 3.1 step 1); the
     * second's ROR id is Oconee Valley's, as her text; the third names the Halvorsen
     * Institute (a child of Halvorsen University). Paper 2002 names Bayside General
     * Hospital and Halvorsen University (its RINGGOLD id is not in the registry) */
    const char *db = tmp_path("s.db");
    run_result r;
    const char *imp[] = {"ror", "import", "-q", "-d", db, test_data("ror_registry.jsonl"), NULL};
    const char *ing[] = {"ingest", "-q", "-d", db, test_data("ror_pubmed.xml"), NULL};
    cr_assert_eq(run_cli(&r, imp), 0);
    run_result_free(&r);
    cr_assert_eq(run_cli(&r, ing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    const char *net[] = {"network", "-d", db, "--level", "institution", "--types", "all", NULL};
    cr_assert_eq(run_cli(&r, net), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* nodes by display name; the three of paper 2001 linked pairwise (1/(3-1) each);
     * each end with the registry's country and id (ror_registry.jsonl) */
    cr_assert_str_eq(
        r.out, "source,target,papers,fractional_links,source_country,source_ror,"
               "target_country,target_ror\n"
               "Bayside General Hospital,Halvorsen University,1,1.000000,"
               "US," ID(10) ",NO," ID(
                   06) "\n"
                       "Halvorsen Institute of Marine Biology,Kentmere University,1,"
                       "0.500000,NO," ID(07) ",GB," ID(
                           03) "\n"
                               "Halvorsen Institute of Marine Biology,Oconee Valley University,1,"
                               "0.500000,NO," ID(07) ",US," ID(
                                   02) "\n"
                                       "Kentmere University,Oconee Valley University,1,0.500000,"
                                       "GB," ID(03) ",US," ID(02) "\n");
    run_result_free(&r);
    /* --rollup: the institute counts as Halvorsen University, now in both papers */
    const char *cen[] = {"centrality", "-d",  db,         "--level", "institution",
                         "--types",    "all", "--rollup", NULL};
    cr_assert_eq(run_cli(&r, cen), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\nHalvorsen University,2,3,3.000000,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "Halvorsen Institute") == NULL, "%s", r.out);
    cr_assert_eq(count_lines(r.out), 5, "%s", r.out); /* header + 4 organisations */
    run_result_free(&r);
    /* rows gain country,ror (SPEC 7); GraphML nodes the attributes */
    const char *cen2[] = {"centrality", "-d",  db,       "--level", "institution",
                          "--types",    "all", "--sort", "papers",  NULL};
    cr_assert_eq(run_cli(&r, cen2), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strncmp(r.out,
                      "node,papers,degree,strength,betweenness,closeness,eigenvector,pagerank,"
                      "country,ror\n",
                      82) == 0,
              "%s", r.out);
    cr_assert(strstr(r.out, "\nBayside General Hospital,1,1,1.000000,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, ",US," ID(10) "\n") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, ",NO," ID(07) "\n") != NULL, "%s", r.out);
    run_result_free(&r);
    const char *gml[] = {"network", "-d",  db,         "--level", "institution",
                         "--types", "all", "--format", "graphml", NULL};
    cr_assert_eq(run_cli(&r, gml), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "<key id=\"ror\" for=\"node\" attr.name=\"ror\"") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "<data key=\"label\">Kentmere University</data><data "
                            "key=\"papers\">1</data><data key=\"fractional_papers\">0.333333</"
                            "data><data key=\"country\">GB</data><data key=\"ror\">" ID(
                                03) "</data></node>") != NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "Springfield") == NULL, "%s", r.out);
    run_result_free(&r);
    const char *bad[] = {"intl", "-d", db, "--rollup", NULL};
    cr_assert_eq(run_cli(&r, bad), 0);
    cr_assert_eq(r.status, 2, "%s", r.err);
    run_result_free(&r);
}

/* The institution network of ror_network.xml (hand-written), worked out by hand.
 * Without a registry an institution is its normalised name with the part's country:
 *  3001 {springfield university GB, springfield university of science GB ("Univ." ->
 *       University), oconee valley university US}: three links of 1/2
 *  3002 {springfield university GB, halvorsen institute of marine biology NO}: 1
 *  3003 {saint brendan hospital IE, saint brendan hospital CA}: two nodes, one link of 1
 *  3004 {kentmere university GB, universite de kentmere GB (accents folded)}: 1
 * After `ror import ror_registry.jsonl` and `reresolve`, each part is its organisation
 * (a name, alias or label of it, in the country the text names):
 *  3001 {Springfield University 01 (name and alias), Oconee Valley University 02}: 1
 *  3002 {Springfield University 01, Halvorsen Institute of Marine Biology 07}: 1
 *  3003 {Saint Brendan Hospital 04 (IE), Saint Brendan Hospital 05 (CA)}: 1
 *  3004 {Kentmere University 03} (name and label): no link
 * With --rollup the institute (07) counts as its parent, Halvorsen University (06). */
Test(ror, reresolve_after_import_changes_the_institution_network, .init = setup, .fini = teardown)
{
    const char *db = tmp_path("n.db");
    run_result r;
    const char *ing[] = {"ingest", "-q", "-d", db, test_data("ror_network.xml"), NULL};
    cr_assert_eq(run_cli(&r, ing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    const char *net[] = {"network", "-d", db, "--level", "institution", NULL};
    cr_assert_eq(run_cli(&r, net), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out, "source,target,papers,fractional_links,source_country,source_ror,"
                            "target_country,target_ror\n"
                            "halvorsen institute of marine biology,springfield university,1,"
                            "1.000000,NO,,GB,\n"
                            "kentmere university,universite de kentmere,1,1.000000,GB,,GB,\n"
                            "oconee valley university,springfield university,1,0.500000,US,,GB,\n"
                            "oconee valley university,springfield university of science,1,"
                            "0.500000,US,,GB,\n"
                            "saint brendan hospital,saint brendan hospital,1,1.000000,CA,,IE,\n"
                            "springfield university,springfield university of science,1,"
                            "0.500000,GB,,GB,\n");
    run_result_free(&r);

    const char *imp[] = {"ror", "import", "-q", "-d", db, test_data("ror_registry.jsonl"), NULL};
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* the registry alone changes nothing until the strings are re-resolved */
    cr_assert_eq(run_cli(&r, net), 0);
    cr_assert(strstr(r.out, "\nkentmere university,universite de kentmere,") != NULL, "%s", r.out);
    run_result_free(&r);
    const char *rer[] = {"reresolve", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, rer), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* 8 distinct strings (3002's Springfield string is 3001's), each now matched */
    cr_assert_str_eq(r.err, "coauth reresolve: 8 affiliation strings changed\n");
    run_result_free(&r);
    cr_assert_eq(run_cli(&r, net), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(
        r.out,
        "source,target,papers,fractional_links,source_country,source_ror,"
        "target_country,target_ror\n"
        "Halvorsen Institute of Marine Biology,Springfield University,1,"
        "1.000000,NO," ID(07) ",GB," ID(
            01) "\n"
                "Oconee Valley University,Springfield University,1,1.000000,US," ID(02) ",GB," ID(
                    01) "\n"
                        "Saint Brendan Hospital,Saint Brendan Hospital,1,1.000000,CA," ID(
                            05) ",IE," ID(04) "\n");
    run_result_free(&r);
    /* Pajek: the same five linked nodes in that order, the country in the label, the
     * ROR ids in comment lines before *Vertices */
    const char *pajek[] = {"network",     "-d",       db,      "--level",
                           "institution", "--format", "pajek", NULL};
    cr_assert_eq(run_cli(&r, pajek), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_str_eq(r.out,
                     "% ROR ids of the vertices (vertex number, id):\n"
                     "% 1 " ID(07) "\n% 2 " ID(02) "\n% 3 " ID(05) "\n% 4 " ID(
                         04) "\n"
                             "% 5 " ID(01) "\n"
                                           "*Vertices 5\n"
                                           "1 \"Halvorsen Institute of Marine Biology (NO)\"\n"
                                           "2 \"Oconee Valley University (US)\"\n"
                                           "3 \"Saint Brendan Hospital (CA)\"\n"
                                           "4 \"Saint Brendan Hospital (IE)\"\n"
                                           "5 \"Springfield University (GB)\"\n"
                                           "*Edges\n1 5 1.000000\n2 5 1.000000\n3 4 1.000000\n");
    run_result_free(&r);
    /* Kentmere is a node without links: papers 1 (3004), degree 0 */
    const char *cen[] = {"centrality",  "-d",     db,       "--level",
                         "institution", "--sort", "papers", NULL};
    cr_assert_eq(run_cli(&r, cen), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\nSpringfield University,2,2,2.000000,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\nKentmere University,1,0,0.000000,") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, ",GB," ID(03) "\n") != NULL, "%s", r.out);
    cr_assert_eq(count_lines(r.out), 7, "%s", r.out); /* header + 6 organisations */
    run_result_free(&r);
    const char *roll[] = {"network", "-d", db, "--level", "institution", "--rollup", NULL};
    cr_assert_eq(run_cli(&r, roll), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\nHalvorsen University,Springfield University,1,1.000000,NO," ID(
                                06) ",GB," ID(01) "\n") != NULL,
              "%s", r.out);
    cr_assert(strstr(r.out, "Institute") == NULL, "%s", r.out);
    run_result_free(&r);
}

/* ------------------------------------------------------------------ the real sample */

Test(ror, imports_the_real_sample, .init = setup, .fini = teardown, .timeout = 300)
{
    const char *path = shared_data("reference/ror/ror_records_latest.jsonl.gz");
    if (!path)
        cr_skip_test("../shared/data is absent");
    /* independent count: lines of the decompressed file, by zlib alone */
    gzFile gz = gzopen(path, "rb");
    cr_assert(gz);
    static char buf[1 << 16];
    long long lines = 0;
    int n;
    while ((n = gzread(gz, buf, sizeof buf)) > 0)
        for (int i = 0; i < n; i++)
            lines += buf[i] == '\n';
    gzclose(gz);
    cr_assert_gt(lines, 1000);
    const char *db = tmp_path("real.db");
    const char *imp[] = {"ror", "import", "-d", db, path, NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char want[64];
    snprintf(want, sizeof want, ": %lld organisations loaded", lines);
    cr_assert(strstr(r.err, want) != NULL, "%s (want %s)", r.err, want);
    run_result_free(&r);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_orgs"), lines);
    cr_assert_eq(sql_int_at(db, "SELECT count(*) FROM ror_orgs WHERE country IS NULL"), 0);
}

/* The institution nodes of real PubMed samples, counted twice: by the query (the rows
 * of `centrality --level institution --types all`, isolated nodes included) and by one
 * SQL statement over the store (sqlite3 alone): without a registry the distinct
 * (institution, country) of the parts the papers' authorships reach, parts without a
 * country left out; after importing the sample registry and re-resolving, a part
 * matched to an organisation counts as that organisation instead. */
static long long centrality_rows(const char *db)
{
    const char *cen[] = {"centrality", "-d", db, "--level", "institution", "--types", "all", NULL};
    run_result r;
    cr_assert_eq(run_cli(&r, cen), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    long long n = count_lines(r.out) - 1;
    run_result_free(&r);
    return n;
}

Test(ror, institution_nodes_of_the_real_samples, .init = setup, .fini = teardown, .timeout = 300)
{
    const char *f1 = shared_data("pubmed/pmparser/data_baseline_pubmed20n1015.4856ff43.xml.gz");
    const char *f2 = shared_data("pubmed/fatcat/pubmedsample_2019.xml.gz");
    const char *f3 = shared_data("pubmed/julielab/pubmedsample18n0001.xml.gz");
    const char *reg = shared_data("reference/ror/ror_records_latest.jsonl.gz");
    if (!f1 || !f2 || !f3 || !reg)
        cr_skip_test("../shared/data is absent");
    const char *db = tmp_path("inst.db");
    run_result r;
    const char *ing[] = {"ingest", "-q", "-d", db, f1, f2, f3, NULL};
    cr_assert_eq(run_cli(&r, ing), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    /* a part counts as its organisation (matched by name), else as (institution,
     * country); an authorship whose own identifiers name an organisation (the view
     * authorship_ror) counts as that organisation when its string has at most one
     * counting part */
    static const char by_pair[] =
        "WITH counted AS (SELECT ap.affiliation_id, CASE WHEN o.org IS NOT NULL THEN "
        "'ror ' || o.org WHEN ap.institution_id IS NOT NULL AND ap.country IS NOT NULL THEN "
        "ap.institution_id || ' ' || ap.country END AS node FROM affiliation_parts ap "
        "LEFT JOIN ror_orgs o ON o.id = ap.ror WHERE node IS NOT NULL), "
        "k AS (SELECT affiliation_id, count(*) AS n FROM counted GROUP BY affiliation_id), "
        "a AS (SELECT au.affiliation_id, o.org AS id_org, coalesce(k.n, 0) <= 1 AS one "
        "FROM authorships au JOIN papers p ON p.pmid = au.pmid "
        "LEFT JOIN authorship_ror ar ON ar.pmid = au.pmid AND ar.position = au.position "
        "AND ar.seq = au.seq LEFT JOIN ror_orgs o ON o.id = ar.ror "
        "LEFT JOIN k ON k.affiliation_id = au.affiliation_id) "
        "SELECT count(*) FROM (SELECT 'ror ' || id_org FROM a WHERE id_org IS NOT NULL AND one "
        "UNION SELECT c.node FROM a JOIN counted c ON c.affiliation_id = a.affiliation_id "
        "WHERE id_org IS NULL OR NOT one)";
    long long want = sql_int_at(db, by_pair);
    long long names = sql_int_at(
        db, "SELECT count(DISTINCT ap.institution_id) FROM authorships au JOIN papers p ON "
            "p.pmid = au.pmid JOIN affiliation_parts ap ON ap.affiliation_id = au.affiliation_id");
    cr_assert_gt(want, 1000);
    cr_assert_neq(want, names); /* the samples have names in several countries, or none */
    cr_assert_eq(centrality_rows(db), want);

    const char *imp[] = {"ror", "import", "-q", "-d", db, reg, NULL};
    const char *rer[] = {"reresolve", "-q", "-d", db, NULL};
    cr_assert_eq(run_cli(&r, imp), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_eq(run_cli(&r, rer), 0);
    cr_assert_eq(r.status, 0, "%s", r.err);
    run_result_free(&r);
    cr_assert_gt(sql_int_at(db, "SELECT count(*) FROM affiliation_parts WHERE ror IS NOT NULL"),
                 100);
    long long want_ror = sql_int_at(db, by_pair);
    cr_assert_neq(want_ror, want);
    cr_assert_eq(centrality_rows(db), want_ror);
}
