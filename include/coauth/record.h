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

/* An identifier of an affiliation or an author: AffiliationInfo/Identifier or
 * Author/Identifier, e.g. {"ROR", "https://ror.org/03vek6s52"}. */
typedef struct coauth_ident {
    const char *source; /* the Source attribute, trimmed; "" when absent */
    const char *value;  /* the element's text, trimmed, never empty */
} coauth_ident;

typedef struct coauth_affiliation {
    const char *text; /* AffiliationInfo/Affiliation (or an older layout's Affiliation,
                         see coauth_record.aff_layout), NUL-terminated UTF-8, trimmed */
    size_t len;       /* strlen(text) */
    size_t n_identifiers; /* AffiliationInfo/Identifier as (source, value) pairs, in order */
    const coauth_ident *identifiers;
    const char *country; /* a structured country (JATS <country>: its `country` attribute
                            when two letters, else its text), trimmed; NULL when none.
                            It beats the free-text rules (coauth_resolution_apply_country) */
} coauth_affiliation;

typedef struct coauth_author {
    const char *name; /* "LastName, ForeName" (or LastName, or CollectiveName); "" if none */
    bool collective;  /* CollectiveName */
    size_t first_affiliation;
    size_t n_affiliations;
    /* The name's parts as given (trimmed), NULL when absent. */
    const char *last_name, *fore_name, *initials, *collective_name;
    const char *orcid; /* Identifier Source="ORCID", normalised to 0000-0000-0000-000X
                          (URL prefix and spaces dropped, x upper-cased); NULL when absent
                          or not 16 characters of that shape */
} coauth_author;

/* Paper metadata (SPEC 2.1; the study filters of SPEC 5.1 read it from the store). */
typedef struct coauth_pubtype {
    const char *ui;   /* UI attribute ("D016428"); NULL when absent */
    const char *name; /* "Journal Article" */
} coauth_pubtype;

typedef struct coauth_issn {
    const char *issn; /* "1234-5678" */
    const char *type; /* Journal/ISSN IssnType ("Print", "Electronic"), "Linking" for
                         MedlineJournalInfo/ISSNLinking; NULL when absent */
} coauth_issn;

typedef struct coauth_mesh {
    const char *ui;   /* DescriptorName UI ("D009369"); NULL when absent */
    const char *name; /* DescriptorName text */
    bool major;       /* MajorTopicYN="Y" on the descriptor or any of its qualifiers */
} coauth_mesh;

typedef struct coauth_grant {
    const char *agency, *country, *id; /* Agency, Country, GrantID; NULL when absent */
} coauth_grant;

/* Where a record's affiliation strings came from (bit set; 0 = AffiliationInfo only
 * or no affiliation). */
enum coauth_aff_layout {
    COAUTH_AFF_ARTICLE = 1, /* Article/Affiliation (DTDs before 2013): the first author's */
    COAUTH_AFF_AUTHOR = 2   /* Author/Affiliation (2013 DTD) */
};

/* The format a record was read from. */
enum coauth_record_source {
    COAUTH_SOURCE_PUBMED = 0, /* PubMed/MEDLINE XML */
    COAUTH_SOURCE_JATS = 1    /* JATS (PMC .nxml, eLife, PLOS, SciELO) */
};

/* The largest PMID a reader accepts (a larger one counts as invalid: the record is
 * skipped with a warning): the keys above it are the store's and the JATS reader's own
 * (COAUTH_STORE_JATS_KEY = 2^61, COAUTH_KEY_PMC, COAUTH_KEY_DOI), so no PMID can collide
 * with them. PubMed's PMIDs have 8 digits today. */
#define COAUTH_MAX_PMID ((UINT64_C(1) << 61) - 1)

/* Keys of JATS articles without a PMID (SPEC 2.2: else PMC id, else DOI), above every
 * PMID PubMed has issued: COAUTH_KEY_PMC + the PMC number, or COAUTH_KEY_DOI + a 40-bit
 * FNV-1a hash of the ASCII-lower-cased DOI. */
#define COAUTH_KEY_PMC (UINT64_C(1) << 62)
#define COAUTH_KEY_DOI (COAUTH_KEY_PMC + (UINT64_C(1) << 40))

typedef struct coauth_record {
    enum coauth_record_kind kind;
    enum coauth_record_source source;
    uint64_t pmid;    /* MedlineCitation/PMID (ARTICLE); for JATS the article-id of
                         pub-id-type "pmid", else a COAUTH_KEY_PMC/COAUTH_KEY_DOI key */
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

    /* ARTICLE metadata; strings NULL and counts 0 when absent */
    unsigned aff_layout; /* enum coauth_aff_layout bits */
    const char *title;   /* ArticleTitle (BookTitle for books) */
    const char *doi;     /* ArticleIdList/ArticleId[@IdType="doi"], else
                            ELocationID[@EIdType="doi"] */
    const char *pmc;     /* ArticleId[@IdType="pmc"] ("PMC1234567") */
    const char *nlm_id;  /* MedlineJournalInfo/NlmUniqueID */
    const char *journal_iso;   /* Journal/ISOAbbreviation */
    const char *journal_title; /* Journal/Title */
    size_t n_issns;            /* Journal/ISSN, then MedlineJournalInfo/ISSNLinking */
    const coauth_issn *issns;
    size_t n_types; /* PublicationTypeList/PublicationType, in order */
    const coauth_pubtype *types;
    size_t n_languages; /* Article/Language ("eng"), in order */
    const char *const *languages;
    size_t n_mesh; /* MeshHeadingList/MeshHeading/DescriptorName, in order */
    const coauth_mesh *mesh;
    size_t n_grants; /* GrantList/Grant, in order */
    const coauth_grant *grants;
} coauth_record;

#ifdef __cplusplus
}
#endif
#endif
