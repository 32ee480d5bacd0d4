/* record.h - one publication record as the readers produce it.
 *
 * Invariant: a coauth_record and everything it points to is borrowed from the reader
 * that returned it and stays valid until the next call on that reader (or its free).
 * Authors and affiliations keep document order; each author's affiliations are the
 * contiguous range [first_affiliation, first_affiliation + n_affiliations).
 */
#ifndef COAUTH_RECORD_H
#define COAUTH_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum coauth_record_kind {
    COAUTH_RECORD_ARTICLE = 1, /* PubmedArticle, PubmedBookArticle, MedlineCitation */
    COAUTH_RECORD_DELETE = 2   /* DeleteCitation: the PMIDs in `deleted` leave the store */
};

typedef struct coauth_affiliation {
    const char *text; /* AffiliationInfo/Affiliation, NUL-terminated UTF-8, trimmed */
    size_t len;       /* strlen(text) */
    const char *identifier; /* AffiliationInfo/Identifier as "SOURCE:value" (e.g.
                               "ROR:https://ror.org/03vek6s52"), several joined by ' ';
                               NULL when absent */
} coauth_affiliation;

typedef struct coauth_author {
    const char *name; /* "LastName, ForeName" (or LastName, or CollectiveName); "" if none */
    bool collective;  /* CollectiveName */
    size_t first_affiliation;
    size_t n_affiliations;
} coauth_author;

typedef struct coauth_record {
    enum coauth_record_kind kind;
    uint64_t pmid;    /* MedlineCitation/PMID (ARTICLE) */
    uint32_t version; /* PMID Version attribute, 1 when absent */
    int32_t year;     /* PubDate/Year, else MedlineDate's first 4-digit year, else
                         ArticleDate/Year; 0 = unknown */
    uint64_t line;    /* line of the input where the record starts (1-based) */
    size_t n_authors; /* AuthorList/Author with ValidYN != "N", in order */
    const coauth_author *authors;
    size_t n_affiliations;
    const coauth_affiliation *affiliations;
    size_t n_deleted; /* DELETE: the PMIDs listed */
    const uint64_t *deleted;
} coauth_record;

#ifdef __cplusplus
}
#endif
#endif
