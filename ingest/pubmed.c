/* pubmed.c - the PubMed/MEDLINE field rules of the streaming reader (the scaffold,
 * its security and its limits are xmlreader.c's; the format table is reader.c's).
 *
 * Invariant: PubMed element names appear in this file only; everything a record
 * holds is built through recbuild.c, so a record is laid out the same for every
 * format.
 *
 * Field rules (SPEC 2.1, record.h): the PMID is the first PMID child of the
 * MedlineCitation (or of BookDocument for PubmedBookArticle), never the PMIDs of
 * CommentsCorrections and the like; authors come from MedlineCitation/Article/
 * AuthorList (or BookDocument/AuthorList with Type "authors" or no Type), never
 * from InvestigatorList or Book/AuthorList (editors). All captured text is trimmed
 * and runs of XML white space are collapsed to one space; inline markup inside a
 * field (<i>, <sup>...) contributes its text. An Affiliation whose text is empty
 * after trimming is dropped. A PMID that is not a positive decimal integer of at most
 * COAUTH_MAX_PMID (2^61-1, record.h) counts as missing (the record is skipped with a
 * warning); a Version that is not a positive integer is taken as 1. DeleteDocument
 * (book deletions) is read like DeleteCitation.
 *
 * Older layouts (SPEC 2.1): Article/Affiliation (DTDs before 2013, MedlineCitationSet
 * files) is the first listed author's, and Author/Affiliation (2013 DTD) that
 * author's; where AffiliationInfo is present too it wins (attach_article_affiliation,
 * settle_legacy_affiliations), and coauth_record.aff_layout says which were used.
 *
 * Paper metadata (SPEC 2.1) comes from fixed paths below MedlineCitation (or
 * BookDocument) and PubmedData/ArticleIdList (start_citation_field and its
 * neighbours), so a reference's ArticleIdList, the journal's MedlineJournalInfo/
 * Country or a comment's PMID are never read for the paper's own. One-per-record
 * strings keep their first occurrence; repeated ones are lists of items (enum list)
 * whose strings live in the slot's arena and whose arrays are laid out at the end of
 * the arena when the record ends.
 */
#include "xmlreader_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum el {
    E_OTHER = 0,
    E_PubmedArticleSet,
    E_MedlineCitationSet,
    E_PubmedArticle,
    E_PubmedBookArticle,
    E_MedlineCitation,
    E_DeleteCitation,
    E_DeleteDocument,
    E_BookDocument,
    E_PMID,
    E_Article,
    E_Journal,
    E_JournalIssue,
    E_PubDate,
    E_Year,
    E_MedlineDate,
    E_ArticleDate,
    E_Book,
    E_AuthorList,
    E_Author,
    E_LastName,
    E_ForeName,
    E_CollectiveName,
    E_AffiliationInfo,
    E_Affiliation,
    E_Identifier,
    E_MedlineJournalInfo,
    E_NlmUniqueID,
    E_ISSNLinking,
    E_MeshHeadingList,
    E_MeshHeading,
    E_DescriptorName,
    E_QualifierName,
    E_ArticleTitle,
    E_BookTitle,
    E_Language,
    E_ELocationID,
    E_ISSN,
    E_Title,
    E_ISOAbbreviation,
    E_PublicationTypeList,
    E_PublicationType,
    E_GrantList,
    E_Grant,
    E_GrantID,
    E_Agency,
    E_Country,
    E_Initials,
    E_PubmedData,
    E_PubmedBookData,
    E_ArticleIdList,
    E_ArticleId
};

static const struct {
    const char *name;
    enum el id;
} el_names[] = {
    {"PubmedArticleSet", E_PubmedArticleSet},
    {"MedlineCitationSet", E_MedlineCitationSet},
    {"PubmedArticle", E_PubmedArticle},
    {"PubmedBookArticle", E_PubmedBookArticle},
    {"MedlineCitation", E_MedlineCitation},
    {"DeleteCitation", E_DeleteCitation},
    {"DeleteDocument", E_DeleteDocument},
    {"BookDocument", E_BookDocument},
    {"PMID", E_PMID},
    {"Article", E_Article},
    {"Journal", E_Journal},
    {"JournalIssue", E_JournalIssue},
    {"PubDate", E_PubDate},
    {"Year", E_Year},
    {"MedlineDate", E_MedlineDate},
    {"ArticleDate", E_ArticleDate},
    {"Book", E_Book},
    {"AuthorList", E_AuthorList},
    {"Author", E_Author},
    {"LastName", E_LastName},
    {"ForeName", E_ForeName},
    {"CollectiveName", E_CollectiveName},
    {"AffiliationInfo", E_AffiliationInfo},
    {"Affiliation", E_Affiliation},
    {"Identifier", E_Identifier},
    {"MedlineJournalInfo", E_MedlineJournalInfo},
    {"NlmUniqueID", E_NlmUniqueID},
    {"ISSNLinking", E_ISSNLinking},
    {"MeshHeadingList", E_MeshHeadingList},
    {"MeshHeading", E_MeshHeading},
    {"DescriptorName", E_DescriptorName},
    {"QualifierName", E_QualifierName},
    {"ArticleTitle", E_ArticleTitle},
    {"BookTitle", E_BookTitle},
    {"Language", E_Language},
    {"ELocationID", E_ELocationID},
    {"ISSN", E_ISSN},
    {"Title", E_Title},
    {"ISOAbbreviation", E_ISOAbbreviation},
    {"PublicationTypeList", E_PublicationTypeList},
    {"PublicationType", E_PublicationType},
    {"GrantList", E_GrantList},
    {"Grant", E_Grant},
    {"GrantID", E_GrantID},
    {"Agency", E_Agency},
    {"Country", E_Country},
    {"Initials", E_Initials},
    {"PubmedData", E_PubmedData},
    {"PubmedBookData", E_PubmedBookData},
    {"ArticleIdList", E_ArticleIdList},
    {"ArticleId", E_ArticleId},
};

enum cap {
    CAP_NONE = 0,
    CAP_PMID,
    CAP_DEL_PMID,
    CAP_PUB_YEAR,
    CAP_PUB_MEDLINE,
    CAP_ART_YEAR,
    CAP_LAST,
    CAP_FORE,
    CAP_COLL,
    CAP_AFF,
    CAP_IDENT,
    CAP_AUTH_AFF, /* Author/Affiliation (2013 DTD) */
    CAP_INIT,     /* Author/Initials */
    CAP_ORCID,    /* Author/Identifier[@Source="ORCID"] */
    CAP_ART_AFF,  /* Article/Affiliation (DTDs before 2013) */
    CAP_SCALAR,   /* a one-per-record string: p->cap_scalar says which */
    CAP_ITEM_A,   /* field a of the last item of list p->cap_list */
    CAP_ITEM_B,   /* field b of it */
    CAP_ITEM_C    /* field c of it */
};

/* One-per-record metadata strings (the first occurrence wins). */
enum scalar {
    S_TITLE,
    S_BOOK_TITLE,
    S_DOI_AID,
    S_DOI_ELOC,
    S_PMC,
    S_NLM,
    S_ISO,
    S_JTITLE,
    N_SCALAR
};

/* The reader's PubMed state: where in the record we are, and the fields seen. */
typedef struct pm {
    enum el rec_el;
    bool is_delete, is_book;
    int cit_depth; /* MedlineCitation/BookDocument: -1 not yet, -2 done */
    int alist_depth, author_depth, affinfo_depth, adate_depth;
    bool pmid_seen, pmid_ok, adate_seen;
    uint64_t pmid;
    uint32_t version;
    int32_t y_pub, y_med, y_art;

    /* current author */
    bool author_valid;
    xr_sbuf last, fore, coll, init;
    bool has_last, has_fore, has_coll, has_init;
    size_t author_first_aff;
    char orcid[20]; /* normalised, "" when none */
    /* current AffiliationInfo */
    size_t affinfo_aff; /* index into cur->iaf, or XR_NONE */
    size_t affinfo_id0; /* XR_IDENT length when the AffiliationInfo began */
    char ident_source[64];

    /* the open capture's target */
    enum scalar cap_scalar;
    enum xr_list cap_list;

    /* metadata of the record being built */
    size_t scalar[N_SCALAR]; /* arena offsets or XR_NONE */
    size_t art_aff;          /* Article/Affiliation: arena offset or XR_NONE */
    unsigned layout;         /* enum coauth_aff_layout bits seen so far */
    bool mesh_open;          /* the MeshHeading being read has a DescriptorName item */
} pm;

static void pm_init(void *fs)
{
    pm *p = fs;
    p->affinfo_aff = XR_NONE;
}

static void pm_release(void *fs)
{
    pm *p = fs;
    xr_sbuf_free(&p->last);
    xr_sbuf_free(&p->fore);
    xr_sbuf_free(&p->coll);
    xr_sbuf_free(&p->init);
}

/* A Year element: exactly four digits, else 0. */
static int32_t parse_year(const char *s, size_t n)
{
    if (n != 4)
        return 0;
    int32_t y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return y;
}

/* The first run of exactly four digits in a MedlineDate ("1998 Dec-1999 Jan"). */
static int32_t first_year(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] >= '0' && s[i] <= '9') {
            size_t j = i;
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j - i == 4)
                return parse_year(s + i, 4);
            i = j;
        } else {
            i++;
        }
    }
    return 0;
}

static unsigned char pm_element(const xmlChar *local, const xmlChar *uri)
{
    if (uri)
        return E_OTHER;
    const char *n = (const char *)local;
    for (size_t i = 0; i < sizeof el_names / sizeof el_names[0]; i++)
        if (n[0] == el_names[i].name[0] && strcmp(n, el_names[i].name) == 0)
            return (unsigned char)el_names[i].id;
    return E_OTHER;
}

static bool pm_detect(const xmlChar *local, const xmlChar *uri)
{
    enum el e = (enum el)pm_element(local, uri);
    return e == E_PubmedArticleSet || e == E_MedlineCitationSet || e == E_PubmedArticle ||
           e == E_PubmedBookArticle || e == E_MedlineCitation;
}

/* ---- records -------------------------------------------------------------------- */

static void begin_record(coauth_reader *r, pm *p, enum el e, int d)
{
    if (!xr_begin_record(r, d))
        return;
    for (int k = 0; k < N_SCALAR; k++)
        p->scalar[k] = XR_NONE;
    p->art_aff = XR_NONE;
    p->layout = 0;
    p->mesh_open = false;
    p->rec_el = e;
    p->is_delete = e == E_DeleteCitation || e == E_DeleteDocument;
    p->is_book = e == E_PubmedBookArticle;
    p->cit_depth = e == E_MedlineCitation ? d : -1;
    p->alist_depth = p->author_depth = p->affinfo_depth = p->adate_depth = -1;
    p->pmid_seen = p->pmid_ok = p->adate_seen = false;
    p->pmid = 0;
    p->version = 1;
    p->y_pub = p->y_med = p->y_art = 0;
}

/* Article/Affiliation (DTDs before 2013) is the first author's affiliation (NLM's
 * rule for those DTDs), kept like an AffiliationInfo one, unless that author has one
 * of their own (transitional files repeat it there): AffiliationInfo wins and nothing
 * counts twice. */
static bool attach_article_affiliation(coauth_reader *r, pm *p, xr_slot *s)
{
    if (p->art_aff == XR_NONE || s->nia == 0 || s->ia[0].n_aff != 0)
        return true;
    const char *t = s->arena.p + p->art_aff;
    if (s->niaf >= COAUTH_READER_MAX_AFFILIATIONS) {
        xr_reject(r, COAUTH_ELIMIT, (int)r->rec_line, "record with more than %u affiliations",
                  COAUTH_READER_MAX_AFFILIATIONS);
        return false;
    }
    if (!xr_grow(r, (void **)&s->iaf, &s->ciaf, s->niaf + 1, sizeof *s->iaf))
        return false;
    memmove(s->iaf + 1, s->iaf, s->niaf * sizeof *s->iaf);
    s->iaf[0] = (xr_aff){p->art_aff, strlen(t), 0, 0, false, XR_NONE};
    s->niaf++;
    for (size_t i = 1; i < s->nia; i++)
        s->ia[i].first_aff++;
    s->ia[0].first_aff = 0;
    s->ia[0].n_aff = 1;
    p->layout |= COAUTH_AFF_ARTICLE;
    return true;
}

static void pm_end_record(coauth_reader *r, void *fs)
{
    pm *p = fs;
    xr_slot *s = r->cur;
    if (p->is_delete) {
        xr_finish_delete(r);
        return;
    }
    if (!p->pmid_ok) {
        r->skipped++;
        xr_warn(r, r->rec_line, "record %s skipped",
                p->pmid_seen ? "with an invalid PMID" : "without PMID");
        return;
    }
    if (!attach_article_affiliation(r, p, s))
        return;
    const size_t *sc = p->scalar;
    xr_article a = {
        .pmid = p->pmid,
        .version = p->version,
        .year = p->y_pub   ? p->y_pub
                : p->y_med ? p->y_med
                           : p->y_art,
        .aff_layout = p->layout,
        .title = sc[S_TITLE] != XR_NONE ? sc[S_TITLE] : sc[S_BOOK_TITLE],
        .doi = sc[S_DOI_AID] != XR_NONE ? sc[S_DOI_AID] : sc[S_DOI_ELOC],
        .pmc = sc[S_PMC],
        .nlm_id = sc[S_NLM],
        .journal_iso = sc[S_ISO],
        .journal_title = sc[S_JTITLE],
    };
    xr_finish_article(r, &a);
}

/* Capture the text of the element at depth d as a one-per-record string (the first
 * occurrence wins). */
static void start_scalar(coauth_reader *r, pm *p, enum scalar k, int d)
{
    if (p->scalar[k] != XR_NONE)
        return;
    xr_capture(r, CAP_SCALAR, d);
    p->cap_scalar = k;
}

/* A new item of list `l` whose field a is attribute `a_attr` (or NULL) and whose text
 * goes to field `text` (CAP_ITEM_A/B/C, or CAP_NONE for no text). */
static xr_item *start_item(coauth_reader *r, pm *p, enum xr_list l, int d, int nb,
                           const xmlChar **attrs, const char *a_attr, enum cap text)
{
    xr_item *it = xr_list_add(r, l);
    if (!it)
        return NULL;
    if (a_attr)
        it->a = xr_attr_put(r, nb, attrs, a_attr);
    if (text != CAP_NONE) {
        xr_capture(r, text, d);
        p->cap_list = l;
    }
    return it;
}

static void start_author(coauth_reader *r, pm *p, int d, int nb, const xmlChar **attrs)
{
    p->author_depth = d;
    p->author_valid = !xr_attr_is(nb, attrs, "ValidYN", "N");
    p->has_last = p->has_fore = p->has_coll = p->has_init = false;
    p->last.len = p->fore.len = p->coll.len = p->init.len = 0;
    p->orcid[0] = '\0';
    p->author_first_aff = r->cur->niaf;
}

/* An author with both Author/Affiliation (2013 DTD) and AffiliationInfo strings keeps
 * the AffiliationInfo ones only; one with the older element alone keeps it. */
static void settle_legacy_affiliations(pm *p, xr_slot *s)
{
    size_t legacy = 0, n = s->niaf - p->author_first_aff;
    for (size_t i = p->author_first_aff; i < s->niaf; i++)
        legacy += s->iaf[i].legacy;
    if (!legacy)
        return;
    if (legacy == n) {
        p->layout |= COAUTH_AFF_AUTHOR;
        return;
    }
    size_t k = p->author_first_aff;
    for (size_t i = p->author_first_aff; i < s->niaf; i++)
        if (!s->iaf[i].legacy)
            s->iaf[k++] = s->iaf[i];
    s->niaf = k;
}

static void end_author(coauth_reader *r, pm *p)
{
    xr_slot *s = r->cur;
    if (!p->author_valid)
        return;
    settle_legacy_affiliations(p, s);
    xr_add_author(r, p->has_last ? &p->last : NULL, p->has_fore ? &p->fore : NULL,
                  p->has_init ? &p->init : NULL, p->has_coll ? &p->coll : NULL,
                  p->orcid[0] ? p->orcid : NULL, p->author_first_aff);
}

static void pm_text(coauth_reader *r, void *fs, int kind, char *t, size_t n)
{
    pm *p = fs;
    uint64_t v = 0;
    switch ((enum cap)kind) {
    case CAP_NONE:
        break;
    case CAP_PMID:
        p->pmid_ok = xr_parse_u64(t, n, COAUTH_MAX_PMID, &p->pmid);
        break;
    case CAP_DEL_PMID:
        if (xr_parse_u64(t, n, COAUTH_MAX_PMID, &v))
            xr_add_deleted(r, v);
        else
            xr_warn(r, (uint64_t)xr_line(r), "invalid PMID in a deletion list ignored");
        break;
    case CAP_PUB_YEAR:
        if (!p->y_pub)
            p->y_pub = parse_year(t, n);
        break;
    case CAP_PUB_MEDLINE:
        if (!p->y_med)
            p->y_med = first_year(t, n);
        break;
    case CAP_ART_YEAR:
        if (!p->y_art)
            p->y_art = parse_year(t, n);
        break;
    case CAP_LAST:
        p->has_last = true;
        p->last.len = 0;
        xr_sbuf_add(r, &p->last, t, n);
        break;
    case CAP_FORE:
        p->has_fore = true;
        p->fore.len = 0;
        xr_sbuf_add(r, &p->fore, t, n);
        break;
    case CAP_COLL:
        p->has_coll = true;
        p->coll.len = 0;
        xr_sbuf_add(r, &p->coll, t, n);
        break;
    case CAP_AUTH_AFF:
    case CAP_AFF:
        if (n == 0)
            break;
        v = xr_add_affiliation(r, t, n, kind == CAP_AUTH_AFF);
        if (v != XR_NONE && kind == CAP_AFF)
            p->affinfo_aff = (size_t)v;
        break;
    case CAP_IDENT:
        if (n == 0)
            break;
        {
            xr_item *it = xr_list_add(r, XR_IDENT);
            if (!it)
                break;
            if (p->ident_source[0])
                it->a = xr_arena_put(r, p->ident_source, strlen(p->ident_source));
            it->b = xr_arena_put(r, t, n);
        }
        break;
    case CAP_INIT:
        p->has_init = n > 0;
        p->init.len = 0;
        xr_sbuf_add(r, &p->init, t, n);
        break;
    case CAP_ORCID:
        if (!p->orcid[0] && !xr_orcid_normalize(t, n, p->orcid))
            p->orcid[0] = '\0';
        break;
    case CAP_ART_AFF:
        if (n && p->art_aff == XR_NONE)
            p->art_aff = xr_arena_put(r, t, n);
        break;
    case CAP_SCALAR:
        if (n && p->scalar[p->cap_scalar] == XR_NONE)
            p->scalar[p->cap_scalar] = xr_arena_put(r, t, n);
        break;
    case CAP_ITEM_A:
    case CAP_ITEM_B:
    case CAP_ITEM_C: {
        xr_item *it = xr_list_last(r, p->cap_list);
        if (!it || !n)
            break;
        size_t *f = kind == CAP_ITEM_A ? &it->a : kind == CAP_ITEM_B ? &it->b : &it->c;
        if (*f == XR_NONE)
            *f = xr_arena_put(r, t, n);
        break;
    }
    }
}

static void end_affinfo(coauth_reader *r, pm *p)
{
    xr_ilist *ids = &r->cur->list[XR_IDENT];
    if (p->affinfo_aff != XR_NONE) {
        xr_aff *f = &r->cur->iaf[p->affinfo_aff];
        f->first_id = p->affinfo_id0;
        f->n_id = ids->n - p->affinfo_id0;
    } else {
        ids->n = p->affinfo_id0; /* identifiers of a dropped (empty) Affiliation */
    }
    p->affinfo_aff = XR_NONE;
}

/* ---- metadata fields (SPEC 2.1) ------------------------------------------------- */

/* PubmedData/ArticleIdList/ArticleId (and PubmedBookData's): the DOI and PMC id. */
static void start_article_id(coauth_reader *r, pm *p, int d, int nb, const xmlChar **attrs)
{
    if (xr_attr_is(nb, attrs, "IdType", "doi"))
        start_scalar(r, p, S_DOI_AID, d);
    else if (xr_attr_is(nb, attrs, "IdType", "pmc"))
        start_scalar(r, p, S_PMC, d);
}

/* Children of MedlineCitation/Article other than AuthorList and ArticleDate. */
static void start_article_field(coauth_reader *r, pm *p, enum el e, int d, int nb,
                                const xmlChar **attrs)
{
    switch (e) {
    case E_ArticleTitle:
        start_scalar(r, p, S_TITLE, d);
        break;
    case E_Language:
        start_item(r, p, XR_LANG, d, nb, attrs, NULL, CAP_ITEM_A);
        break;
    case E_ELocationID:
        if (xr_attr_is(nb, attrs, "EIdType", "doi"))
            start_scalar(r, p, S_DOI_ELOC, d);
        break;
    case E_Affiliation:
        xr_capture(r, CAP_ART_AFF, d);
        break;
    default:
        break;
    }
}

/* Deeper fields of a MedlineCitation: c is the depth below it (2..4), the element's
 * ancestors are on r->stack. */
static void start_citation_field(coauth_reader *r, pm *p, enum el e, int c, int d, int nb,
                                 const xmlChar **attrs)
{
    enum el p1 = (enum el)r->stack[d - 1], p2 = (enum el)r->stack[d - 2];
    if (c == 2 && p1 == E_MedlineJournalInfo) {
        if (e == E_NlmUniqueID) {
            start_scalar(r, p, S_NLM, d);
        } else if (e == E_ISSNLinking) {
            xr_item *it = start_item(r, p, XR_ISSN, d, nb, attrs, NULL, CAP_ITEM_A);
            if (it)
                it->b = xr_arena_put(r, "Linking", 7);
        }
    } else if (c == 2 && p1 == E_MeshHeadingList && e == E_MeshHeading) {
        p->mesh_open = false;
    } else if (c == 3 && p1 == E_MeshHeading && p2 == E_MeshHeadingList) {
        bool major = xr_attr_is(nb, attrs, "MajorTopicYN", "Y");
        if (e == E_DescriptorName && !p->mesh_open) {
            xr_item *it = start_item(r, p, XR_MESH, d, nb, attrs, "UI", CAP_ITEM_B);
            if (it)
                it->flag = major;
            p->mesh_open = it != NULL;
        } else if (e == E_QualifierName && major && p->mesh_open) {
            xr_list_last(r, XR_MESH)->flag = true;
        }
    } else if (c == 3 && p2 == E_Article) {
        if (p1 == E_Journal && e == E_ISSN) {
            xr_item *it = start_item(r, p, XR_ISSN, d, nb, attrs, NULL, CAP_ITEM_A);
            if (it)
                it->b = xr_attr_put(r, nb, attrs, "IssnType");
        } else if (p1 == E_Journal && e == E_Title) {
            start_scalar(r, p, S_JTITLE, d);
        } else if (p1 == E_Journal && e == E_ISOAbbreviation) {
            start_scalar(r, p, S_ISO, d);
        } else if (p1 == E_PublicationTypeList && e == E_PublicationType) {
            start_item(r, p, XR_TYPE, d, nb, attrs, "UI", CAP_ITEM_B);
        } else if (p1 == E_GrantList && e == E_Grant) {
            start_item(r, p, XR_GRANT, d, nb, attrs, NULL, CAP_NONE);
        }
    } else if (c == 4 && p1 == E_Grant && p2 == E_GrantList && r->stack[d - 3] == E_Article &&
               r->cur->list[XR_GRANT].n) {
        if (e == E_Agency)
            xr_capture(r, CAP_ITEM_A, d);
        else if (e == E_Country)
            xr_capture(r, CAP_ITEM_B, d);
        else if (e == E_GrantID)
            xr_capture(r, CAP_ITEM_C, d);
        else
            return;
        p->cap_list = XR_GRANT;
    }
}

/* Children of BookDocument (PubmedBookArticle) other than PMID and AuthorList. */
static void start_book_field(coauth_reader *r, pm *p, enum el e, int d, int nb,
                             const xmlChar **attrs)
{
    if (e == E_ArticleTitle)
        start_scalar(r, p, S_TITLE, d);
    else if (e == E_Language)
        start_item(r, p, XR_LANG, d, nb, attrs, NULL, CAP_ITEM_A);
    else if (e == E_PublicationType)
        start_item(r, p, XR_TYPE, d, nb, attrs, "UI", CAP_ITEM_B);
}

/* ---- element callbacks ------------------------------------------------------------ */

static void pm_start(coauth_reader *r, void *fs, unsigned char el, int d, int nb_attr,
                     const xmlChar **attrs)
{
    pm *p = fs;
    enum el e = (enum el)el;
    if (d == 0) {
        if (e == E_PubmedArticle || e == E_PubmedBookArticle || e == E_MedlineCitation)
            begin_record(r, p, e, d);
        return;
    }
    if (r->rec_depth < 0) {
        if (d != 1)
            return;
        enum el root = (enum el)r->stack[0];
        if ((root == E_PubmedArticleSet && (e == E_PubmedArticle || e == E_PubmedBookArticle ||
                                            e == E_DeleteCitation || e == E_DeleteDocument)) ||
            (root == E_MedlineCitationSet && (e == E_MedlineCitation || e == E_DeleteCitation)))
            begin_record(r, p, e, d);
        return;
    }
    int rel = d - r->rec_depth;
    if (p->is_delete) {
        if (rel == 1 && e == E_PMID)
            xr_capture(r, CAP_DEL_PMID, d);
        return;
    }
    if (rel == 3 && e == E_ArticleId && r->stack[d - 1] == E_ArticleIdList &&
        (r->stack[d - 2] == E_PubmedData || r->stack[d - 2] == E_PubmedBookData)) {
        start_article_id(r, p, d, nb_attr, attrs);
        return;
    }
    if (p->cit_depth == -1) {
        if (rel == 1 && ((p->rec_el == E_PubmedArticle && e == E_MedlineCitation) ||
                         (p->rec_el == E_PubmedBookArticle && e == E_BookDocument)))
            p->cit_depth = d;
        return;
    }
    if (p->cit_depth < 0 || d <= p->cit_depth)
        return;
    int c = d - p->cit_depth;
    enum el parent = (enum el)r->stack[d - 1];

    if (p->alist_depth >= 0) {
        /* inside the counted author list */
        if (d == p->alist_depth + 1) {
            if (e == E_Author && p->author_depth < 0)
                start_author(r, p, d, nb_attr, attrs);
        } else if (p->author_depth >= 0 && p->author_valid) {
            if (d == p->author_depth + 1) {
                if (e == E_LastName)
                    xr_capture(r, CAP_LAST, d);
                else if (e == E_ForeName)
                    xr_capture(r, CAP_FORE, d);
                else if (e == E_CollectiveName)
                    xr_capture(r, CAP_COLL, d);
                else if (e == E_Initials)
                    xr_capture(r, CAP_INIT, d);
                else if (e == E_Affiliation)
                    xr_capture(r, CAP_AUTH_AFF, d);
                else if (e == E_Identifier && xr_attr_is_ci(nb_attr, attrs, "Source", "ORCID"))
                    xr_capture(r, CAP_ORCID, d);
                else if (e == E_AffiliationInfo && p->affinfo_depth < 0) {
                    p->affinfo_depth = d;
                    p->affinfo_aff = XR_NONE;
                    p->affinfo_id0 = r->cur->list[XR_IDENT].n;
                }
            } else if (p->affinfo_depth >= 0 && d == p->affinfo_depth + 1) {
                if (e == E_Affiliation) {
                    xr_capture(r, CAP_AFF, d);
                } else if (e == E_Identifier) {
                    size_t n = 0;
                    const char *v = xr_attr(nb_attr, attrs, "Source", &n);
                    if (!v)
                        n = 0;
                    if (n >= sizeof p->ident_source)
                        n = sizeof p->ident_source - 1;
                    if (n)
                        memcpy(p->ident_source, v, n);
                    p->ident_source[n] = '\0';
                    xr_normalize(p->ident_source, n);
                    xr_capture(r, CAP_IDENT, d);
                }
            }
        }
        return;
    }

    if (c == 1) {
        if (e == E_PMID && !p->pmid_seen) {
            p->pmid_seen = true;
            size_t n = 0;
            const char *v = xr_attr(nb_attr, attrs, "Version", &n);
            uint64_t ver = 1;
            char tmp[32];
            if (v && n < sizeof tmp) {
                memcpy(tmp, v, n);
                n = xr_normalize(tmp, n);
                if (!xr_parse_u64(tmp, n, UINT32_MAX, &ver))
                    ver = 1;
            }
            p->version = (uint32_t)ver;
            xr_capture(r, CAP_PMID, d);
        } else if (e == E_AuthorList && p->is_book &&
                   (xr_attr_is(nb_attr, attrs, "Type", "authors") ||
                    !xr_attr(nb_attr, attrs, "Type", &(size_t){0}))) {
            p->alist_depth = d;
        } else if (p->is_book) {
            start_book_field(r, p, e, d, nb_attr, attrs);
        }
        return;
    }
    if (!p->is_book) {
        if (c == 2 && parent == E_Article) {
            if (e == E_AuthorList)
                p->alist_depth = d;
            else if (e == E_ArticleDate && !p->adate_seen) {
                p->adate_seen = true;
                p->adate_depth = d;
            } else {
                start_article_field(r, p, e, d, nb_attr, attrs);
            }
        } else if (c == 3 && e == E_Year && p->adate_depth == d - 1) {
            xr_capture(r, CAP_ART_YEAR, d);
        } else if (c == 5 && parent == E_PubDate && r->stack[d - 2] == E_JournalIssue &&
                   r->stack[d - 3] == E_Journal && r->stack[d - 4] == E_Article) {
            if (e == E_Year)
                xr_capture(r, CAP_PUB_YEAR, d);
            else if (e == E_MedlineDate)
                xr_capture(r, CAP_PUB_MEDLINE, d);
        } else if (c >= 2 && c <= 4) {
            start_citation_field(r, p, e, c, d, nb_attr, attrs);
        }
    } else if (c == 2 && parent == E_Book && e == E_BookTitle) {
        start_scalar(r, p, S_BOOK_TITLE, d);
    } else if (c == 3 && parent == E_PubDate && r->stack[d - 2] == E_Book) {
        if (e == E_Year)
            xr_capture(r, CAP_PUB_YEAR, d);
        else if (e == E_MedlineDate)
            xr_capture(r, CAP_PUB_MEDLINE, d);
    }
}

static void pm_end(coauth_reader *r, void *fs, int d)
{
    pm *p = fs;
    if (d == p->affinfo_depth) {
        end_affinfo(r, p);
        p->affinfo_depth = -1;
    } else if (d == p->author_depth) {
        end_author(r, p);
        p->author_depth = -1;
    } else if (d == p->alist_depth) {
        p->alist_depth = -1;
    } else if (d == p->adate_depth) {
        p->adate_depth = -1;
    } else if (d == p->cit_depth) {
        p->cit_depth = -2;
    }
}

const coauth_format coauth_format_pubmed = {
    .name = "PubMed/MEDLINE",
    .detect = pm_detect,
    .state_size = sizeof(pm),
    .init = pm_init,
    .release = pm_release,
    .element = pm_element,
    .start = pm_start,
    .text = pm_text,
    .end = pm_end,
    .end_record = pm_end_record,
};
