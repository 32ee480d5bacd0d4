/* store_read.h - the typed read cursors of the store: what the queries (queries/) read,
 * without SQL text or SQLite handles.
 *
 * Invariant: every cursor reads inside the read transaction opened by
 * coauth_store_read_begin (so that one query sees one state of the store), on the
 * thread that owns the store, and must be closed before coauth_store_read_end. Rows are
 * valid until the next call on their cursor. Cursors never write. Each _close accepts
 * NULL.
 */
#ifndef COAUTH_STORE_READ_H
#define COAUTH_STORE_READ_H

#include <coauth/query.h>
#include <coauth/store.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Open / close the read transaction a query runs in. coauth_store_read_end accepts a
 * store where coauth_store_read_begin failed. */
COAUTH_NODISCARD coauth_status coauth_store_read_begin(coauth_store *s, coauth_error *err);
void coauth_store_read_end(coauth_store *s);

/* Shrink the connection's page cache to 1 MiB for a scan that reads every page once
 * (*out_saved: the size to give back to coauth_store_scan_cache_restore, which is
 * best effort: on failure the connection keeps the smaller cache). */
COAUTH_NODISCARD coauth_status coauth_store_scan_cache(coauth_store *s, int64_t *out_saved,
                                                       coauth_error *err);
void coauth_store_scan_cache_restore(coauth_store *s, int64_t saved);

/* Largest affiliations.id / institutions.id (0 when there is none). */
COAUTH_NODISCARD coauth_status coauth_store_max_affiliation(coauth_store *s, int64_t *out,
                                                            coauth_error *err);
COAUTH_NODISCARD coauth_status coauth_store_max_institution(coauth_store *s, int64_t *out,
                                                            coauth_error *err);
/* max(ror_orgs.org) + 1, 0 when the registry is empty (schema 5, SPEC 3.1). */
COAUTH_NODISCARD coauth_status coauth_store_ror_org_span(coauth_store *s, int64_t *out,
                                                         coauth_error *err);

/* ---- affiliation parts by affiliation ------------------------------------------------ */

/* The parts that name a country (COAUTH_LEVEL_COUNTRY) or an institution or a ROR
 * organisation (COAUTH_LEVEL_INSTITUTION), in (affiliation_id, part) order. At
 * institution level each row has the part's country, its institution id, and the ROR
 * organisation it is matched to (affiliation_parts.ror in ror_orgs: its org, or with
 * `rollup` its top-level parent's, coalesce(root, org)). Country level ignores
 * rollup. */
typedef struct coauth_parts_cursor coauth_parts_cursor;
typedef struct coauth_part_row {
    int64_t affiliation_id; /* -1 when the stored key is not an integer */
    const char *country;    /* the stored code (not checked), NULL when none; borrowed
                               until the next call */
    int64_t institution_id; /* institution level: 0 when none */
    int64_t org;            /* institution level: ror_orgs.org, -1 when none */
} coauth_part_row;

COAUTH_NODISCARD coauth_status coauth_parts_cursor_open(coauth_store *s, enum coauth_level level,
                                                        bool rollup, coauth_parts_cursor **out,
                                                        coauth_error *err);
/* *out_row: true with a row in *row, false at the end. */
COAUTH_NODISCARD coauth_status coauth_parts_cursor_next(coauth_parts_cursor *c,
                                                        coauth_part_row *row, bool *out_row,
                                                        coauth_error *err);
void coauth_parts_cursor_close(coauth_parts_cursor *c);

/* ---- authorships by paper ------------------------------------------------------------ */

/* Every authorships row in (pmid, position, seq) order; rows whose pmid is not an
 * integer are skipped. */
typedef struct coauth_auth_cursor coauth_auth_cursor;
typedef struct coauth_auth_row {
    int64_t pmid, position;
    int64_t affiliation_id; /* -1 when not a non-negative integer */
    int64_t seq;            /* the author's affiliation (authorships.seq), with_seq only */
} coauth_auth_row;

/* with_seq: fill coauth_auth_row.seq (else 0). */
COAUTH_NODISCARD coauth_status coauth_auth_cursor_open(coauth_store *s, bool with_seq,
                                                       coauth_auth_cursor **out, coauth_error *err);
/* Up to `max` rows into rows[]; *out_n = 0 at the end. */
COAUTH_NODISCARD coauth_status coauth_auth_cursor_next(coauth_auth_cursor *c, coauth_auth_row *rows,
                                                       size_t max, size_t *out_n,
                                                       coauth_error *err);
void coauth_auth_cursor_close(coauth_auth_cursor *c);

/* ---- affiliations' own identifiers by authorship ------------------------------------ */

/* The ROR organisation that each authorship's own identifiers name (SPEC 3.1 step 1,
 * the view authorship_ror: ROR before GRID before ISNI), as ror_orgs.org (with
 * `rollup`, its top-level parent's), in (pmid, position, seq) order; rows whose pmid is
 * not an integer are skipped. */
typedef struct coauth_authror_cursor coauth_authror_cursor;
typedef struct coauth_authror_row {
    int64_t pmid, position, seq;
    int64_t org;
} coauth_authror_row;

COAUTH_NODISCARD coauth_status coauth_authror_cursor_open(coauth_store *s, bool rollup,
                                                          coauth_authror_cursor **out,
                                                          coauth_error *err);
/* *out_row: true with a row in *row, false at the end. */
COAUTH_NODISCARD coauth_status coauth_authror_cursor_next(coauth_authror_cursor *c,
                                                          coauth_authror_row *row, bool *out_row,
                                                          coauth_error *err);
void coauth_authror_cursor_close(coauth_authror_cursor *c);

/* ---- papers of the study population -------------------------------------------------- */

/* The papers that pass the study filters `p` (SPEC 5.1; max_countries is the caller's)
 * and, when years_from > 0, have a year in [year_from, year_to], in PMID order. `p`'s
 * strings are copied. */
typedef struct coauth_papers_cursor coauth_papers_cursor;
typedef struct coauth_paper_row {
    int64_t pmid;
    int32_t year; /* 0 = unknown */
    int64_t n_authors;
} coauth_paper_row;

COAUTH_NODISCARD coauth_status coauth_papers_cursor_open(coauth_store *s,
                                                         const coauth_population *p,
                                                         int32_t year_from, int32_t year_to,
                                                         coauth_papers_cursor **out,
                                                         coauth_error *err);
COAUTH_NODISCARD coauth_status coauth_papers_cursor_next(coauth_papers_cursor *c,
                                                         coauth_paper_row *row, bool *out_row,
                                                         coauth_error *err);
void coauth_papers_cursor_close(coauth_papers_cursor *c);

/* ---- country sets (schema 6: maintained at ingest) ----------------------------------- */

/* One row per paper with at least one part at a valid country code (C(p) non-empty)
 * that is not hidden (papers.hidden = 0: a hidden paper has no row), in PMID order: its
 * year, class, listed authors and the counted parts of its located authors, encoded as
 * coauth_set_next_author reads them. Only papers whose class passes `classes` and, when
 * year_from > 0, whose year is in [year_from, year_to]. Read from the chunks of schema 8
 * (64 PMIDs per SQLite row, below), and from paper_country_sets for a chunk listed in
 * paper_country_dirty: the rows are paper_country_sets' either way. */
enum coauth_set_classes {
    COAUTH_SETS_RESEARCH = 0, /* coalesce(research, 1) = 1: the default population */
    COAUTH_SETS_ALL = 1       /* every paper (--types all, or a caller's own filter) */
};
typedef struct coauth_sets_cursor coauth_sets_cursor;
typedef struct coauth_set_row {
    int64_t pmid;
    int32_t year; /* 0 = unknown */
    int64_t n_authors;
    const unsigned char *parts; /* borrowed until the next call */
    size_t len;
} coauth_set_row;

COAUTH_NODISCARD coauth_status coauth_sets_cursor_open(coauth_store *s,
                                                       enum coauth_set_classes classes,
                                                       int32_t year_from, int32_t year_to,
                                                       coauth_sets_cursor **out, coauth_error *err);
COAUTH_NODISCARD coauth_status coauth_sets_cursor_next(coauth_sets_cursor *c, coauth_set_row *row,
                                                       bool *out_row, coauth_error *err);
void coauth_sets_cursor_close(coauth_sets_cursor *c);

/* Restrict c, before its first row, to the papers that pass p's study filters (SPEC
 * 5.1; max_countries is the caller's): the filters of the papers statement, evaluated
 * on the paper_meta rows merged in pmid order and on each set row's own research class,
 * the copy of the paper's (a sets row is a visible paper's, with its year and class, so
 * hidden papers and the years need no papers row). The classes and years given at open
 * still apply. */
COAUTH_NODISCARD coauth_status coauth_sets_cursor_filter(coauth_sets_cursor *c,
                                                         const coauth_population *p,
                                                         coauth_error *err);

/* The encoding of coauth_set_row.parts: for each located author, in position order, a
 * head byte (bit 0: the author is the first listed, bit 1: the last listed; bits 2-7:
 * the number k of its counted parts when below 63, else 63 followed by k as a
 * little-endian base-128 varint), then k country ids as two bytes, low byte first
 * (id = (c0 - 'A') * 26 + (c1 - 'A')), in (seq, part) order. Authors without a
 * counted part are not written. */
enum { COAUTH_SET_FIRST = 1u, COAUTH_SET_LAST = 2u };
typedef struct coauth_set_author {
    unsigned lead;            /* COAUTH_SET_FIRST | COAUTH_SET_LAST */
    size_t k;                 /* counted parts, >= 1 */
    const unsigned char *ids; /* k ids of two bytes: coauth_set_id(ids, i) */
} coauth_set_author;

/* The next author at *pos of parts[0..len): true with *out filled, false at the end
 * or on a malformed encoding (then *pos is len). Inline: the scan calls it twice per
 * author. */
static inline bool coauth_set_next_author(const unsigned char *parts, size_t len, size_t *pos,
                                          coauth_set_author *out)
{
    size_t i = *pos;
    if (i >= len)
        return false;
    unsigned head = parts[i++];
    size_t k = head >> 2;
    if (k == 63) {
        k = 0;
        for (unsigned shift = 0;; shift += 7) {
            if (i >= len || shift > 56) {
                *pos = len;
                return false;
            }
            unsigned char b = parts[i++];
            k |= (size_t)(b & 0x7f) << shift;
            if (!(b & 0x80))
                break;
        }
    }
    if (k == 0 || k > (len - i) / 2) {
        *pos = len;
        return false;
    }
    out->lead = head & 3u;
    out->k = k;
    out->ids = parts + i;
    *pos = i + 2 * k;
    return true;
}

static inline uint32_t coauth_set_id(const unsigned char *ids, size_t i)
{
    return (uint32_t)ids[2 * i] | (uint32_t)ids[2 * i + 1] << 8;
}

/* The chunks of schema 8: paper_country_chunks(chunk INTEGER PRIMARY KEY, papers BLOB),
 * chunk = pmid >> COAUTH_CHUNK_BITS, holds the paper_country_sets rows of that chunk in
 * pmid order, each as a head byte (bits 0-5: pmid - (chunk << 6); bit 6,
 * COAUTH_CHUNK_RESEARCH: coalesce(research, 1) = 1; bit 7, COAUTH_CHUNK_NO_YEAR: year is
 * NULL), then, unless the year is NULL, the year, then n_authors, both as zigzag
 * varints (v >= 0 as 2v, v < 0 as -2v - 1; little-endian base-128), then the length
 * of parts as a varint and the parts bytes (the encoding above). */
enum { COAUTH_CHUNK_BITS = 6, COAUTH_CHUNK_PMIDS = 1 << COAUTH_CHUNK_BITS };
enum { COAUTH_CHUNK_RESEARCH = 0x40u, COAUTH_CHUNK_NO_YEAR = 0x80u };

/* ---- names and counts ----------------------------------------------------------------- */

/* The names of institution-level nodes: institutions.name by institution id, or
 * (org true) a ROR organisation's name, country and ROR id by ror_orgs.org. */
typedef struct coauth_names_cursor coauth_names_cursor;
COAUTH_NODISCARD coauth_status coauth_names_cursor_open(coauth_store *s, coauth_names_cursor **out,
                                                        coauth_error *err);
/* *out_name: the name (borrowed until the next call), "" when no such id; *out_country
 * and *out_ror (each may be NULL to skip): the organisation's, NULL for an
 * institution or when not stored. */
COAUTH_NODISCARD coauth_status coauth_names_cursor_get(coauth_names_cursor *c, bool org, int64_t id,
                                                       const char **out_name, size_t *out_len,
                                                       const char **out_country,
                                                       const char **out_ror, coauth_error *err);
void coauth_names_cursor_close(coauth_names_cursor *c);

/* Whether some paper has a publication type of this name (whole, ASCII case ignored). */
COAUTH_NODISCARD coauth_status coauth_store_has_type_name(coauth_store *s, const char *name,
                                                          size_t len, bool *out_has,
                                                          coauth_error *err);

/* Papers without metadata (papers.research IS NULL) that population p leaves out. */
COAUTH_NODISCARD coauth_status coauth_store_count_unclassified(coauth_store *s,
                                                               const coauth_population *p,
                                                               uint64_t *out, coauth_error *err);

/* ---- process set-up (lib.c) ----------------------------------------------------------- */

/* SQLite's process-wide configuration, once, before any store is opened. */
void coauth_store_process_init(void);

#endif
