/* cmd_stats.c - `coauth stats`: key,value counts of what the store holds.
 *
 * Invariant: read-only; the keys and their order are fixed (documented in README).
 */
#include "cli.h"

#include <getopt.h>

static const char usage[] =
    "usage: coauth stats [-d DB] [-o FILE]\n"
    "\n"
    "Print key,value rows (CSV with header) describing the store: files applied,\n"
    "papers, papers with and without a resolved country, papers without year,\n"
    "research and other papers (SPEC 5.1), papers without metadata (stored before\n"
    "schema 2), papers whose affiliations came from an older layout,\n"
    "affiliation strings and how many resolved, deletions, records skipped; then\n"
    "the provenance: coauth version, schema, resolver version, thesaurus checksum.\n"
    "\n"
    "options:\n"
    "  -d, --db PATH      store file (default: $COAUTH_DB, else ./coauth.db)\n"
    "  -o, --output FILE  write the CSV to FILE instead of standard output\n"
    "  -h, --help         show this help\n";

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *output = NULL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":d:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'o':
            output = optarg;
            break;
        case 'h':
            return cli_help(usage);
        case ':':
            return cli_usage_error("stats", "option '%s' needs a value", argv[optind - 1]);
        default:
            return cli_usage_error("stats", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("stats", "unexpected argument '%s'", argv[optind]);
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
    fputs("key,value\n", out);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        fprintf(out, "%s,%llu\n", rows[i].key, (unsigned long long)rows[i].v);
    /* provenance (SPEC 8), after the counts; values never need CSV quoting */
    fprintf(out, "coauth_version,%s\n", pv.coauth_version[0] ? pv.coauth_version : "unknown");
    fprintf(out, "schema_version,%d\n", pv.schema_version);
    if (pv.resolver_version >= 0)
        fprintf(out, "resolver_version,%d\n", pv.resolver_version);
    else
        fputs("resolver_version,unknown\n", out);
    fprintf(out, "thesaurus_checksum,%s\n",
            pv.thesaurus_checksum[0] ? pv.thesaurus_checksum : "none");
    return cli_close_output("stats", out, CLI_OK);
}
