/* store.h - the SQLite store: files applied, papers and their metadata, authors,
 * authorships, affiliation strings with their resolution, institutions.
 *
 * Invariants: every input file is applied in one transaction (begin_file ...
 * commit_file), so after any failure or kill the store holds exactly the files fully
 * applied before it. Affiliation strings are stored once each. Readers (queries) may
 * run while one writer applies a file (WAL mode).
 *
 * Precedence (SPEC 2.4): every record has a place, (file place, record position in the
 * file, 1-based, DeleteCitation elements counted like articles). A file's place is
 * coauth_file_place_after(): from its NLM name pubmedYYnNNNN.xml[.gz] (YY, NNNN), or,
 * for any other name, just after the largest place of the files applied before it.
 * A record replaces the stored paper of its PMID only when it comes at or after the
 * stored paper's place (at: the same file applied again, --force); a deletion
 * removes it only when it comes later, and is kept in `deletions` with its place, so
 * that an earlier record applied afterwards stays out. Per PMID the store keeps the
 * latest event: a paper, or a deletion, never both. The affiliation strings of a
 * record that loses are stored all the same, so that the string tables do not depend
 * on the order either: applying a set of files in any order, in any number of runs,
 * gives the same rows (up to row ids and file ids) as applying them in NLM order.
 *
 * Schema 11 (PRAGMA user_version = COAUTH_SCHEMA_VERSION), documented in docs/store.md:
 *   files(id, name, size, checksum, records, deletions, skipped, applied_at,
 *         place, md5 NULL=no FILE.md5 beside it)
 *   papers(pmid PK, version, year NULL=unknown, n_authors, file_id,
 *          research 1|0|NULL=stored before schema 2 (no metadata), aff_layout bits,
 *          title, doi, pmc, place, place_record,
 *          source 0=PubMed|1=JATS, hidden 1=a JATS version of a PubMed paper,
 *          authorships_from 1=its authorships are its JATS version's)
 *   paper_meta(pmid PK, types, issns, languages, mesh, grants, grant_ids, journal)
 *                                 schema 7: a paper's lists, each a JSON array of
 *                                 dictionary ids (mesh: negated when major; grant_ids:
 *                                 GrantID strings); schema 10: journal, a journals id
 *   publication_types(id PK, ui, name), issns(id PK, issn, type), languages(id PK,
 *   language), mesh_descriptors(id PK, ui, name), grant_funders(id PK, agency, country),
 *   journals(id PK, nlm_id, iso_abbreviation, title)  (schema 10)
 *                                 the dictionaries, each value once (unique index)
 *   view paper_journals(pmid, nlm_id, journal_iso, journal_title)  schema 9's columns
 *                                 of papers
 *   paper_authors(pmid PK, authors)  schema 9: a paper's authors in position order, a
 *                                 JSON array of [last_name, fore_name, initials,
 *                                 collective_name, orcid, name] each (trailing nulls left
 *                                 out; name NULL=derived from the parts)
 *   view author_names(pmid, position, last_name, fore_name, initials, collective_name,
 *                orcid, name)    schema 7's table of that name, row for row
 *   views of schema 6's tables:  paper_types(pmid, seq, ui, name),
 *                                 paper_issns(pmid, seq, issn, type),
 *                                 paper_languages(pmid, seq, language),
 *                                 paper_mesh(pmid, seq, ui, name, major),
 *                                 paper_grants(pmid, seq, agency, country, grant_id),
 *                                 authors(pmid, position, name, last_name, fore_name,
 *                                         initials, collective_name, orcid)
 *   authorships(pmid, position, seq, affiliation_id)  PK(pmid, position, seq)
 *   affiliation_identifiers(pmid, position, seq, k, source, value)  PK(pmid, position, seq, k)
 *   affiliations(id PK, hash, text, n_parts, country NULL=no structured country)
 *                                 hash: 32 bits from schema 10
 *   affiliation_hashes(hash, id), affiliation_hashes_new(hash, id)  schema 11: PK(hash,
 *                                 id) WITHOUT ROWID, every string's pair in exactly one
 *                                 of the two (the new ones merged in bulk; no index on
 *                                 affiliations.hash)
 *   affiliation_parts(affiliation_id, part, country NULL=unresolved, institution_id, rule)
 *   institutions(id PK, name UNIQUE)
 *   deletions(pmid PK, file_id, place, place_record)   PMIDs whose latest record is a
 *                                 DeleteCitation
 *   meta(key PK, value)           schema version, migration notes, ror_version, ror_date,
 *                                 ror_organisations
 * Schema 5 adds the ROR registry (`coauth ror import`, src/store_ror.c):
 *   ror_orgs(org PK, id UNIQUE, name, country, city, status, parent_id)
 *   ror_names(org, seq, name, kind ror_display|label|alias|acronym)   PK(org, seq)
 *   ror_external_ids(org, seq, type grid|isni, value)                 PK(org, seq)
 * and affiliation_parts.ror (the part's matched organisation, NULL when none).
 * Schema 6 adds
 *   paper_country_sets(pmid PK, year, research, n_authors, parts)  one row per visible
 *                                 paper (hidden = 0) with a counted country: the parts of
 *                                 its located authors (src/store_read.h), kept by the writer
 * Schema 7 moves the metadata into the dictionaries and paper_meta (above). Schema 8
 * adds
 *   paper_country_chunks(chunk PK, papers)  the rows of paper_country_sets with
 *                                 pmid >> 6 = chunk, packed into one blob (src/store_read.h)
 *   paper_country_dirty(chunk PK)  chunks whose sets rows changed since they were packed;
 *                                 filled by triggers on paper_country_sets, emptied by the
 *                                 writer before each commit (src/store_sets.c)
 * Schema 9 replaces schema 7's author_names table by paper_authors and the view
 * author_names (above); a schema-8 store is migrated in one transaction.
 * Schema 11 adds the view
 *   authorship_countries(pmid, position, seq, part, country, rule)  each authorship's
 *                                 country per part: the part's, or (SPEC 3.1 step 1) the
 *                                 country of the organisation its own identifier names,
 *                                 rule 'identifier', for a one-part string whose country
 *                                 is NULL or from a name rule (ror, institution,
 *                                 org-place); paper_countries, paper_first_author_countries
 *                                 and paper_country_sets follow it
 * Positions and sequence numbers are 1-based document order. No index on the metadata
 * lists: the study filters read paper_meta in pmid order with the paper scan.
 *
 * Schema 1 (coauth before paper metadata) is migrated by any writable open, in one
 * transaction: papers gains the new columns (research NULL for the papers already
 * stored), the new tables are created, authorships loses `identifier`, whose
 * "SOURCE:value ..." text is split into affiliation_identifiers. A READONLY open of a
 * schema-1 store is refused with the command that migrates it. Schema 2 is migrated to
 * 3 the same way (1 -> 2 -> 3 in one transaction): the files applied get places in the
 * order they were applied, papers and deletions their file's place with record 0.
 * Schema 3 is migrated to 4 (and 1, 2 through 3) the same way: papers gains source,
 * hidden and authorships_from, all 0 for what a schema-3 store holds, and affiliations
 * gains country (NULL).
 *
 * Two sources (SPEC 2.2): a JATS article with a PMID is stored under PMID +
 * COAUTH_STORE_JATS_KEY with the precedence above among JATS versions (PubMed's
 * DeleteCitation never touches it). When the PubMed paper exists too, the JATS version
 * is hidden, and when it names affiliations for more authors than PubMed's the two
 * keys' authorships rows (and n_authors) are swapped: the paper counts once, with
 * PubMed's metadata and the richer authorships, whatever the order of application.
 *
 * Schema 5 is migrated to 6 (and 1 .. 4 through 5) by building paper_country_sets from
 * the tables.
 * Schema 6 is migrated to 8 (and 1 .. 5 through 6) by creating the chunk tables and
 * triggers and packing every chunk.
 */
#ifndef COAUTH_STORE_H
#define COAUTH_STORE_H

#include <coauth/error.h>
#include <coauth/record.h>
#include <coauth/resolve.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COAUTH_SCHEMA_VERSION 11

/* The key offset of a JATS article's version of a PubMed paper (PMID + 2^61): below the
 * keys of JATS articles without a PMID (record.h, COAUTH_KEY_PMC). */
#define COAUTH_STORE_JATS_KEY (UINT64_C(1) << 61)
/* Milliseconds a writer waits for another writer's lock before COAUTH_EBUSY. */
#define COAUTH_BUSY_TIMEOUT_MS 30000

typedef struct coauth_store coauth_store;

enum coauth_store_open_flags {
    COAUTH_STORE_READONLY = 1 << 0, /* queries: never create, never write */
    COAUTH_STORE_EXISTING = 1 << 1, /* writable, but the store must exist already */
};

/* Open (creating if needed, unless READONLY or EXISTING) the store at `path`. A file that is not
 * a coauth store, or has a newer schema, is an error. A store with an older schema is
 * migrated (one transaction) unless READONLY, where it is an error naming the command
 * that migrates it. *out freed with coauth_store_free. */
COAUTH_NODISCARD coauth_status coauth_store_open(coauth_store **out, const char *path,
                                                 unsigned flags, coauth_error *err);
/* The path the store was opened with (borrowed, valid until coauth_store_free). */
const char *coauth_store_path(const coauth_store *s);

/* The schema version coauth_store_open migrated the store from, 0 when it did not
 * migrate (new store, or already at COAUTH_SCHEMA_VERSION). */
int coauth_store_migrated_from(const coauth_store *s);

/* Close. Rolls back an open file transaction. NULL allowed. */
void coauth_store_free(coauth_store *s);

/* Wait at most `ms` for a lock held by another connection (default
 * COAUTH_BUSY_TIMEOUT_MS). */
void coauth_store_set_busy_timeout(coauth_store *s, int ms);

/* Whether a file with this name, size and checksum was already applied (`checksum`
 * NULL: with this name and size, whatever its checksum). */
COAUTH_NODISCARD coauth_status coauth_store_file_applied(coauth_store *s, const char *name,
                                                         uint64_t size, const char *checksum,
                                                         int *out_applied, coauth_error *err);

/* Resolver used by coauth_store_put_record for new strings given without a
 * resolution (NULL: none). Borrowed: it must outlive its use by the store. */
void coauth_store_set_resolver(coauth_store *s, const coauth_resolver *r);

/* An NLM file's key YY * 10000 + NNNN, from the base name of `name` when it is
 * exactly pubmedYYnNNNN.xml or pubmedYYnNNNN.xml.gz; 0 for any other name. */
uint32_t coauth_nlm_file_key(const char *name);

/* Places: an NLM file's place is its key << COAUTH_PLACE_NLM_SHIFT; a file with any
 * other name gets `last` + 1, where `last` is the largest place applied before it, so
 * that it comes after every file applied before it and before any later NLM file (up
 * to 2^32 such files after one NLM file). */
#define COAUTH_PLACE_NLM_SHIFT 32
int64_t coauth_file_place_after(const char *name, int64_t last);

/* Start applying one input file (one write transaction); `name` (its base name, as
 * recorded in `files`; NULL: none) gives its place (coauth_file_place_after over the
 * files already in the store). */
COAUTH_NODISCARD coauth_status coauth_store_begin_named_file(coauth_store *s, const char *name,
                                                             coauth_error *err);
/* coauth_store_begin_named_file(s, NULL, err): a file placed after every file applied. */
COAUTH_NODISCARD coauth_status coauth_store_begin_file(coauth_store *s, coauth_error *err);

/* The place of the file being applied (or last applied), its NLM baseline year YY (0
 * when it has no NLM name) and the store's baseline year when it began: the YY of the
 * newest NLM file applied before it, 0 when none. */
typedef struct coauth_file_place {
    int64_t place;
    int year, store_year;
} coauth_file_place;
void coauth_store_file_place(const coauth_store *s, coauth_file_place *out);

/* Records of the open (or last) file transaction that lost to a later stored paper or
 * deletion (SPEC 2.4), and so changed nothing but the affiliation strings. */
uint64_t coauth_store_superseded(const coauth_store *s);

/* Apply one record inside the file transaction. An ARTICLE replaces every row of its
 * PMID (paper, metadata, authors, authorships, identifiers); papers.research is
 * coauth_research_paper() of its types. For an ARTICLE, `res` is an array of
 * rec->n_affiliations resolutions (the i-th for rec->affiliations[i]), or NULL: then
 * a string not yet stored is resolved here with the resolver given to
 * coauth_store_set_resolver, or stored unresolved when there is none. A string
 * already stored keeps its stored resolution. For a DELETE, each listed PMID is
 * removed. */
COAUTH_NODISCARD coauth_status coauth_store_put_record(coauth_store *s, const coauth_record *rec,
                                                       const coauth_resolution *res,
                                                       coauth_error *err);

/* Number of affiliation strings already stored with this exact text: lets a caller
 * skip resolving known strings. Returns 1/0 in *out_known. */
COAUTH_NODISCARD coauth_status coauth_store_affiliation_known(coauth_store *s, const char *text,
                                                              size_t len, int *out_known,
                                                              coauth_error *err);

typedef struct coauth_file_info {
    const char *name;     /* as given on the command line ("-" for stdin) */
    uint64_t size;        /* bytes of the file as stored on disk (compressed) */
    const char *checksum; /* hex digest of those bytes */
    uint64_t records;     /* ARTICLE records applied */
    uint64_t deletions;   /* PMIDs listed in DeleteCitation */
    uint64_t skipped;     /* records skipped (no PMID) */
    const char *md5;      /* hex MD5 of the file checked against its FILE.md5, NULL: none */
} coauth_file_info;

/* Record the file in `files` and commit the transaction. */
COAUTH_NODISCARD coauth_status coauth_store_commit_file(coauth_store *s,
                                                        const coauth_file_info *info,
                                                        coauth_error *err);
/* Abandon the file transaction: the store is as before begin_file. */
void coauth_store_rollback_file(coauth_store *s);

typedef struct coauth_stats {
    uint64_t files, papers, papers_with_country, papers_without_country, papers_without_year;
    uint64_t papers_research, papers_other; /* papers.research 1 and 0 (SPEC 5.1 class) */
    uint64_t papers_without_metadata;       /* research NULL: stored before schema 2 */
    uint64_t papers_older_layout;           /* aff_layout != 0 */
    uint64_t papers_pubmed;                 /* papers whose metadata is PubMed's */
    uint64_t papers_jats;                   /* papers known from JATS only */
    uint64_t papers_pubmed_and_jats;        /* PubMed papers with a JATS version too */
    uint64_t papers_authorships_from_jats;  /* ... whose authorships are the JATS version's */
    uint64_t authorships, affiliations, affiliations_resolved, affiliation_parts, parts_resolved,
        institutions, deleted, skipped_no_pmid, records_applied;
} coauth_stats;

COAUTH_NODISCARD coauth_status coauth_store_stats(coauth_store *s, coauth_stats *out,
                                                  coauth_error *err);

/* Provenance (SPEC 8), the store's meta rows: the coauth that last wrote it, the schema,
 * the oldest resolver version whose resolutions it may hold (0: strings stored before
 * coauth recorded it, i.e. before schema 3), and the thesaurus used by the last ingest
 * or reresolve ("none"). */
typedef struct coauth_provenance {
    char coauth_version[32]; /* "" when never recorded */
    int schema_version;
    int resolver_version;        /* -1 when never recorded */
    char thesaurus_checksum[48]; /* "md5:hex", "none", or "" when never recorded */
    char ror_version[32];        /* ROR registry imported ("v1.55", "unknown"), "" when none */
    char ror_date[16];           /* its date (YYYY-MM-DD), "" when none or unknown */
} coauth_provenance;

/* The ROR registry (schema 4, src/store_ror.c). Replace the store's registry by `reg`
 * (finished) in one transaction, with info's version and date in meta; on failure the
 * previous registry stays. */
struct coauth_ror;
struct coauth_ror_info;
COAUTH_NODISCARD coauth_status coauth_store_ror_replace(coauth_store *s,
                                                        const struct coauth_ror *reg,
                                                        const struct coauth_ror_info *info,
                                                        coauth_error *err);
/* Load the store's registry, finished; *out NULL when the store holds none. Freed
 * with coauth_ror_free. */
COAUTH_NODISCARD coauth_status coauth_store_ror_load(coauth_store *s, struct coauth_ror **out,
                                                     coauth_error *err);

COAUTH_NODISCARD coauth_status coauth_store_provenance(coauth_store *s, coauth_provenance *out,
                                                       coauth_error *err);

/* Record that `r` resolves the strings written from now on (ingest; `all_strings`:
 * every stored string, reresolve): meta coauth_version, resolver_version (the smaller
 * of the stored one and COAUTH_RESOLVER_VERSION, or COAUTH_RESOLVER_VERSION when
 * all_strings) and thesaurus_checksum. Outside a file transaction. */
COAUTH_NODISCARD coauth_status coauth_store_note_resolver(coauth_store *s, const coauth_resolver *r,
                                                          bool all_strings, coauth_error *err);

/* Re-apply `r` to every stored affiliation string (one transaction). *out_changed
 * (may be NULL) receives the number of strings whose parts changed. */
COAUTH_NODISCARD coauth_status coauth_store_reresolve(coauth_store *s, const coauth_resolver *r,
                                                      uint64_t *out_changed, coauth_error *err);

#ifdef __cplusplus
}
#endif
#endif
