/* cmd_stats.c - `coauth stats`: key,value counts of what the store holds.
 *
 * Invariant: read-only; the keys and their order are fixed (documented in README).
 */
#include "cli.h"

#include <stdbool.h>
#include <stdio.h>

static const char usage[] =
    "usage: coauth stats [-d DB] [-o FILE]\n"
    "\n"
    "Print key,value rows (CSV with header) describing the store: files applied,\n"
    "papers, papers with and without a resolved country, papers without year,\n"
    "research and other papers (SPEC 5.1), papers without metadata (stored before\n"
    "schema 2), papers whose affiliations came from an older layout,\n"
    "affiliation strings and how many resolved, deletions, records skipped; then\n"
    "the provenance: coauth version, schema, resolver version, thesaurus checksum.\n";

static const struct cli_opt options[] = {
    CLI_OPT_DB_ENTRY,
    CLI_OPT_OUTPUT_ENTRY("write the CSV to FILE instead of standard output"),
    CLI_OPT_HELP_ENTRY,
    CLI_OPT_END_ENTRY,
};

/* One key,value row; true when a write failed. */
static bool put_row(FILE *out, const char *key, const char *value)
{
    return coauth_csv_field(out, key, NULL) != COAUTH_OK || fputc(',', out) == EOF ||
           coauth_csv_field(out, value, NULL) != COAUTH_OK || fputc('\n', out) == EOF;
}

int cmd_stats(int argc, char **argv)
{
    struct cli_args args;
    cli_args_init(&args, NULL);
    int prc = cli_parse("stats", argc, argv, options, usage, NULL, &args, NULL, NULL);
    if (prc != CLI_OK)
        return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
    const char *db = args.db, *output = args.output;
    int first = args.optind;
    if (first < argc)
        return cli_usage_error("stats", "unexpected argument '%s'", argv[first]);
    coauth_error err = COAUTH_ERROR_INIT;
    coauth_store *s = NULL;
    if (coauth_store_open(&s, cli_db_path(db), COAUTH_STORE_READONLY, &err) != COAUTH_OK)
        return cli_fail("stats", &err);
    coauth_stats st;
    coauth_provenance pv;
    coauth_status rc = coauth_store_stats(s, &st, &err);
    if (rc == COAUTH_OK)
        rc = coauth_store_provenance(s, &pv, &err);
    coauth_store_free(s);
    if (rc != COAUTH_OK)
        return cli_fail("stats", &err);
    FILE *out = cli_open_output("stats", output);
    if (!out)
        return CLI_EDATA;
    const struct {
        const char *key;
        uint64_t v;
    } rows[] = {
        {"files", st.files},
        {"papers", st.papers},
        {"papers_with_country", st.papers_with_country},
        {"papers_without_country", st.papers_without_country},
        {"papers_without_year", st.papers_without_year},
        {"papers_research", st.papers_research},
        {"papers_other", st.papers_other},
        {"papers_without_metadata", st.papers_without_metadata},
        {"papers_older_layout", st.papers_older_layout},
        {"papers_pubmed", st.papers_pubmed},
        {"papers_jats", st.papers_jats},
        {"papers_pubmed_and_jats", st.papers_pubmed_and_jats},
        {"papers_authorships_from_jats", st.papers_authorships_from_jats},
        {"authorships", st.authorships},
        {"affiliations", st.affiliations},
        {"affiliations_resolved", st.affiliations_resolved},
        {"affiliation_parts", st.affiliation_parts},
        {"affiliation_parts_resolved", st.parts_resolved},
        {"institutions", st.institutions},
        {"deleted", st.deleted},
        {"records_applied", st.records_applied},
        {"records_without_pmid", st.skipped_no_pmid},
    };
    /* every field through the one CSV field writer (a stored version string is text) */
    bool bad = fputs("key,value\n", out) < 0;
    char num[24];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(num, sizeof num, "%llu", (unsigned long long)rows[i].v);
        bad |= put_row(out, rows[i].key, num);
    }
    /* provenance (SPEC 8), after the counts */
    bad |= put_row(out, "coauth_version", pv.coauth_version[0] ? pv.coauth_version : "unknown");
    snprintf(num, sizeof num, "%d", pv.schema_version);
    bad |= put_row(out, "schema_version", num);
    if (pv.resolver_version >= 0)
        snprintf(num, sizeof num, "%d", pv.resolver_version);
    bad |= put_row(out, "resolver_version", pv.resolver_version >= 0 ? num : "unknown");
    bad |= put_row(out, "thesaurus_checksum",
                   pv.thesaurus_checksum[0] ? pv.thesaurus_checksum : "none");
    bad |= put_row(out, "ror_version", pv.ror_version[0] ? pv.ror_version : "none");
    bad |= put_row(out, "ror_date", pv.ror_date[0] ? pv.ror_date : "none");
    return cli_close_output("stats", out, bad ? CLI_EDATA : CLI_OK);
}
