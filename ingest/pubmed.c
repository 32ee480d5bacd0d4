/* pubmed.c - streaming reader of PubMed/MEDLINE XML (the coauth_reader API of ingest.h).
 *
 * Invariant: memory is bounded by one input chunk (64 KiB of XML, or libxml2's own
 * input buffer in pull mode) plus the records that chunk completes plus the record in
 * progress; a record over COAUTH_MAX_RECORD_BYTES, COAUTH_READER_MAX_AUTHORS authors
 * or COAUTH_READER_MAX_AFFILIATIONS affiliations is COAUTH_ELIMIT. Nothing is fetched,
 * no DTD is loaded, and any markup declaration (<!ENTITY, <!ELEMENT, <!ATTLIST,
 * <!NOTATION) is an error.
 *
 * NOTES ON THE DESIGN
 *
 * Parser API, chosen by measurement (libxml2 2.9.14, gcc -O2, one core of this
 * 2-core machine, input in memory so that zlib is out of the picture; command and
 * figures in bench/RESULTS.md, "## Reader"):
 *   SAX2 push parser (this file), full field extraction ......... see RESULTS.md
 *   xmlTextReader + xmlTextReaderExpand per record + tree walk .. see RESULTS.md
 * SAX2 was the faster one, so the reader is a SAX2 parser: libxml2 never builds a
 * tree; our callbacks keep a stack of element ids and capture only the text of the
 * fields we need (PMID, the three year sources, author names, affiliations and
 * their identifiers, the paper metadata).
 *
 * Two ways to drive it, with the same SAX handlers, records and errors:
 * coauth_reader_next() pushes chunks (below), for callers that pull records one at a
 * time; coauth_reader_each() lets libxml2 pull its input from the gzsource
 * (xmlCreateIOParserCtxt + xmlParseDocument) and hands each record to a callback as it
 * ends, reusing one slot. libxml2's push mode re-scans for the end of each construct
 * before parsing it; the pull mode does not, which is 16% fewer instructions on a
 * PubMed file (bench/RESULTS.md), so ingest uses it. Only the line number of a gzip
 * error (where the parser stood when the bad bytes were read) and the records handed
 * out before an error can differ between the two; test_reader and fuzz_pubxml read
 * every input both ways.
 *
 * Push parsing: coauth_reader_next() reads 64 KiB of (inflated) bytes from the
 * gzsource and hands them to xmlParseChunk(). Records completed during that call
 * are queued in "slots" and returned one at a time; a record still open at the end
 * of the chunk stays in the next free slot and is moved to the front when the queue
 * drains. Slots keep their buffers between records (allocated once, reused); a slot
 * whose buffers grew past SLOT_KEEP_BYTES is trimmed when the queue drains, so one
 * huge record does not pin memory in every slot.
 *
 * Security (SPEC 2.1): options are XML_PARSE_NONET only -- never XML_PARSE_NOENT
 * (it expands external entities into text), never XML_PARSE_HUGE (it disables the
 * entity-amplification guard), never DTDLOAD/DTDVALID/DTDATTR. The externalSubset
 * SAX callback is left NULL, so the PubMed DOCTYPE's DTD URL is accepted and never
 * fetched. entityDecl (and the other declaration callbacks) call xmlStopParser()
 * and set our own `failed` flag, because libxml2 still considers such a document
 * well formed. A reference to an undeclared entity is an error too (libxml2 only
 * warns when the document has an external subset).
 *
 * Errors from libxml2 arrive through the SAX2 `serror` (structured) callback with
 * the reader as its context, so nothing goes to libxml2's global handlers and
 * nothing is printed. Warnings are ignored except the undeclared-entity one;
 * namespace errors (XML_FROM_NAMESPACE, not fatal for libxml2) are ignored: PubMed
 * uses no namespaces and we only match elements that have none.
 *
 * Field rules (SPEC 2.1, record.h): the PMID is the first PMID child of the
 * MedlineCitation (or of BookDocument for PubmedBookArticle), never the PMIDs of
 * CommentsCorrections and the like; authors come from MedlineCitation/Article/
 * AuthorList (or BookDocument/AuthorList with Type "authors" or no Type), never
 * from InvestigatorList or Book/AuthorList (editors). All captured text is trimmed
 * and runs of XML white space are collapsed to one space; inline markup inside a
 * field (<i>, <sup>...) contributes its text. An Affiliation whose text is empty
 * after trimming is dropped. A PMID that is not a positive decimal integer of at most
 * 2^63-1 (SQLite's INTEGER) counts as missing (the record is skipped with a
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
#include <coauth/ingest.h>

#include "gzsource_internal.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of XML handed to the parser per xmlParseChunk() call. */
#define CHUNK_BYTES (64u * 1024u)
/* Element nesting we track (libxml2 itself stops at 256 without XML_PARSE_HUGE). */
#define MAX_DEPTH 1024
/* Slot buffers above this are freed when the queue drains. */
#define SLOT_KEEP_BYTES (256u * 1024u)
#define NO_IDENT        ((size_t)-1)

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
    CAP_SCALAR,   /* a one-per-record string: r->cap_scalar says which */
    CAP_ITEM_A,   /* field a of the last item of list r->cap_list */
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

/* Repeated metadata, as items of up to three strings (arena offsets) and a flag:
 *   L_TYPE  {ui, name}            L_ISSN  {issn, type}       L_LANG {language}
 *   L_MESH  {ui, name} + major    L_GRANT {agency, country, id}
 *   L_IDENT {source, value}: the identifiers of all affiliations, in order */
enum list { L_TYPE, L_ISSN, L_LANG, L_MESH, L_GRANT, L_IDENT, N_LIST };

typedef struct iitem {
    size_t a, b, c; /* arena offsets or NO_IDENT */
    bool flag;
} iitem;

typedef struct ilist {
    iitem *v;
    size_t n, cap;
} ilist;

typedef struct sbuf {
    char *p;
    size_t len, cap;
} sbuf;

typedef struct iauthor {
    size_t name; /* arena offset */
    bool collective;
    size_t first_aff, n_aff;
    size_t last, fore, init, coll, orcid; /* arena offsets or NO_IDENT */
} iauthor;

typedef struct iaff {
    size_t text, len;      /* arena offset, strlen */
    size_t first_id, n_id; /* range of the slot's L_IDENT list */
    bool legacy;           /* Author/Affiliation (2013 DTD), not AffiliationInfo */
} iaff;

/* One queued (or in-progress) record and its reusable buffers. */
typedef struct slot {
    coauth_record rec;
    sbuf arena; /* NUL-terminated strings, addressed by offset while building */
    iauthor *ia;
    size_t nia, cia;
    iaff *iaf;
    size_t niaf, ciaf;
    coauth_author *pa;
    size_t cpa;
    coauth_affiliation *paf;
    size_t cpaf;
    uint64_t *del;
    size_t ndel, cdel;
    ilist list[N_LIST];
} slot;

/* Element-name cache: libxml2 interns names in the parser's dictionary, so one
 * name is always the same pointer for the life of the parser context. */
#define NAME_CACHE 256

struct coauth_reader {
    const xmlChar *name_key[NAME_CACHE];
    unsigned char name_val[NAME_CACHE];
    coauth_gzsource *src;
    xmlParserCtxtPtr ctxt;
    char *name;
    unsigned char *chunk;
    coauth_warn_fn warn;
    void *warn_ud;
    xmlSAXHandler sax;
    /* coauth_reader_each(): records go to this callback as they complete */
    coauth_record_fn each_fn;
    void *each_ud;
    uint64_t skipped;
    uint64_t fed; /* inflated bytes given to the parser */

    /* queue: slots[head..count) are complete; slots[count] is being built */
    slot **slots;
    size_t nslots, head, count;

    /* element stack */
    unsigned char stack[MAX_DEPTH];
    int depth;
    bool root_seen;

    /* the record being built (rec_depth < 0: none) */
    int rec_depth;
    enum el rec_el;
    bool is_delete, is_book;
    slot *cur;
    uint64_t rec_line;
    unsigned long rec_start;
    int cit_depth; /* MedlineCitation/BookDocument: -1 not yet, -2 done */
    int alist_depth, author_depth, affinfo_depth, adate_depth;
    bool pmid_seen, pmid_ok, adate_seen;
    uint64_t pmid;
    uint32_t version;
    int32_t y_pub, y_med, y_art;

    /* current author */
    bool author_valid;
    sbuf last, fore, coll;
    bool has_last, has_fore, has_coll;
    size_t author_first_aff;
    /* current AffiliationInfo */
    size_t affinfo_aff; /* index into cur->iaf, or NO_IDENT */

    /* text capture */
    int cap_depth; /* -1: not capturing */
    enum cap cap_kind;
    sbuf cap;
    char ident_source[64];
    enum scalar cap_scalar;
    enum list cap_list;

    /* metadata of the record being built */
    size_t scalar[N_SCALAR]; /* arena offsets or NO_IDENT */
    size_t art_aff;          /* Article/Affiliation: arena offset or NO_IDENT */
    unsigned layout;         /* enum coauth_aff_layout bits seen so far */
    bool mesh_open;          /* the MeshHeading being read has a DescriptorName item */
    size_t affinfo_id0;      /* L_IDENT length when the AffiliationInfo began */
    /* current author's other name parts and ORCID */
    sbuf init;
    bool has_init;
    char orcid[20]; /* normalised, "" when none */

    /* end state */
    bool finished, failed;
    /* Set while in a libxml2 error callback: xmlStopParser() there would free the
     * input buffer under the feet of the encoding code that reported the error
     * (seen by the fuzzer: a crash in xmlSwitchToEncoding). libxml2 disables SAX
     * after a fatal error by itself, and we stop feeding once `failed` is set. */
    bool in_error_cb;
    coauth_status fail_code;
    char fail_msg[COAUTH_ERRMSG_MAX];
};

/* ---- small helpers -------------------------------------------------------------- */

static int current_line(const coauth_reader *r)
{
    if (r->ctxt && r->ctxt->input)
        return r->ctxt->input->line;
    return 0;
}

/* Byte position of the parser in the (UTF-8) input. */
static unsigned long current_pos(const coauth_reader *r)
{
    const xmlParserInputPtr in = r->ctxt ? r->ctxt->input : NULL;
    if (!in || !in->cur || !in->base)
        return 0;
    return in->consumed + (unsigned long)(in->cur - in->base);
}

/* Record the first failure ("'NAME' line N: what") and stop the parser. */
static void reject(coauth_reader *r, coauth_status code, int line, const char *fmt, ...)
    COAUTH_PRINTF(4, 5);
static void reject(coauth_reader *r, coauth_status code, int line, const char *fmt, ...)
{
    if (r->failed)
        return;
    char what[COAUTH_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_fail(&e, code, "'%s' line %d: %s", r->name, line > 0 ? line : 1, what);
    memcpy(r->fail_msg, e.msg, sizeof r->fail_msg);
    r->fail_code = code;
    r->failed = true;
    if (r->ctxt && !r->in_error_cb)
        xmlStopParser(r->ctxt);
}

static bool sbuf_reserve(coauth_reader *r, sbuf *b, size_t extra)
{
    if (b->cap - b->len > extra)
        return true;
    size_t want = b->len + extra + 1;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < want) {
        if (nc > SIZE_MAX / 2) {
            nc = want;
            break;
        }
        nc *= 2;
    }
    char *p = realloc(b->p, nc);
    if (!p) {
        reject(r, COAUTH_ENOMEM, current_line(r), "out of memory");
        return false;
    }
    b->p = p;
    b->cap = nc;
    return true;
}

static bool sbuf_add(coauth_reader *r, sbuf *b, const char *s, size_t n)
{
    if (!sbuf_reserve(r, b, n))
        return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

static void sbuf_free(sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trim and collapse white space in place; returns the new length. */
static size_t normalize(char *s, size_t n)
{
    size_t o = 0;
    bool pending = false;
    for (size_t i = 0; i < n; i++) {
        if (is_ws(s[i])) {
            pending = o > 0;
            continue;
        }
        if (pending)
            s[o++] = ' ';
        pending = false;
        s[o++] = s[i];
    }
    s[o] = '\0';
    return o;
}

/* A positive decimal integer (after normalize); false when not one or too large. */
static bool parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    if (n == 0 || n > 20)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (v == 0)
        return false;
    *out = v;
    return true;
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

static enum el lookup(const xmlChar *local)
{
    const char *n = (const char *)local;
    for (size_t i = 0; i < sizeof el_names / sizeof el_names[0]; i++)
        if (n[0] == el_names[i].name[0] && strcmp(n, el_names[i].name) == 0)
            return el_names[i].id;
    return E_OTHER;
}

static enum el lookup_cached(coauth_reader *r, const xmlChar *local)
{
    size_t h = ((uintptr_t)local >> 3) & (NAME_CACHE - 1);
    if (r->name_key[h] == local)
        return (enum el)r->name_val[h];
    enum el e = lookup(local);
    r->name_key[h] = local;
    r->name_val[h] = (unsigned char)e;
    return e;
}

/* Value of attribute `name` (no namespace) as a pointer and length, or NULL. */
static const char *attr(int nb, const xmlChar **attrs, const char *name, size_t *len)
{
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (a[2] == NULL && strcmp((const char *)a[0], name) == 0) {
            *len = (size_t)(a[4] - a[3]);
            return (const char *)a[3];
        }
    }
    return NULL;
}

static bool attr_is(int nb, const xmlChar **attrs, const char *name, const char *value)
{
    size_t n = 0;
    const char *v = attr(nb, attrs, name, &n);
    return v && n == strlen(value) && memcmp(v, value, n) == 0;
}

/* attr_is, ignoring ASCII case and surrounding white space. */
static bool attr_is_ci(int nb, const xmlChar **attrs, const char *name, const char *value)
{
    size_t n = 0;
    const char *v = attr(nb, attrs, name, &n);
    if (!v)
        return false;
    while (n && is_ws(*v))
        v++, n--;
    while (n && is_ws(v[n - 1]))
        n--;
    return n == strlen(value) && strncasecmp(v, value, n) == 0;
}

/* ---- slots ---------------------------------------------------------------------- */

static void slot_free(slot *s)
{
    if (!s)
        return;
    sbuf_free(&s->arena);
    free(s->ia);
    free(s->iaf);
    free(s->pa);
    free(s->paf);
    free(s->del);
    for (int l = 0; l < N_LIST; l++)
        free(s->list[l].v);
    free(s);
}

/* Free the buffers of a slot that grew large (they are re-grown on demand). */
static void slot_trim(slot *s)
{
    if (s->arena.cap > SLOT_KEEP_BYTES)
        sbuf_free(&s->arena);
    if (s->cia * sizeof *s->ia > SLOT_KEEP_BYTES) {
        free(s->ia);
        s->ia = NULL;
        s->cia = 0;
    }
    if (s->ciaf * sizeof *s->iaf > SLOT_KEEP_BYTES) {
        free(s->iaf);
        s->iaf = NULL;
        s->ciaf = 0;
    }
    if (s->cpa * sizeof *s->pa > SLOT_KEEP_BYTES) {
        free(s->pa);
        s->pa = NULL;
        s->cpa = 0;
    }
    if (s->cpaf * sizeof *s->paf > SLOT_KEEP_BYTES) {
        free(s->paf);
        s->paf = NULL;
        s->cpaf = 0;
    }
    if (s->cdel * sizeof *s->del > SLOT_KEEP_BYTES) {
        free(s->del);
        s->del = NULL;
        s->cdel = 0;
    }
    for (int l = 0; l < N_LIST; l++) {
        if (s->list[l].cap * sizeof(iitem) > SLOT_KEEP_BYTES) {
            free(s->list[l].v);
            s->list[l].v = NULL;
            s->list[l].cap = 0;
        }
    }
}

/* Grow an array to hold n elements of size sz. */
static bool grow(coauth_reader *r, void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < n)
        nc *= 2;
    if (nc > SIZE_MAX / sz) {
        reject(r, COAUTH_ENOMEM, current_line(r), "out of memory");
        return false;
    }
    void *q = realloc(*p, nc * sz);
    if (!q) {
        reject(r, COAUTH_ENOMEM, current_line(r), "out of memory");
        return false;
    }
    *p = q;
    *cap = nc;
    return true;
}

/* The slot at index `count` (allocated on first use). */
static slot *next_slot(coauth_reader *r)
{
    if (r->count == r->nslots) {
        size_t nn = r->nslots ? r->nslots * 2 : 8;
        slot **ns = realloc(r->slots, nn * sizeof *ns);
        if (!ns) {
            reject(r, COAUTH_ENOMEM, current_line(r), "out of memory");
            return NULL;
        }
        for (size_t i = r->nslots; i < nn; i++)
            ns[i] = NULL;
        r->slots = ns;
        r->nslots = nn;
    }
    if (!r->slots[r->count]) {
        r->slots[r->count] = calloc(1, sizeof(slot));
        if (!r->slots[r->count]) {
            reject(r, COAUTH_ENOMEM, current_line(r), "out of memory");
            return NULL;
        }
    }
    return r->slots[r->count];
}

/* Copy a normalized string into the slot's arena; returns its offset or NO_IDENT. */
static size_t arena_put(coauth_reader *r, const char *s, size_t n)
{
    sbuf *a = &r->cur->arena;
    size_t off = a->len;
    if (!sbuf_add(r, a, s, n) || !sbuf_add(r, a, "", 1))
        return NO_IDENT;
    return off;
}

/* Copy attribute `name`, normalized, into the arena; NO_IDENT when absent or empty. */
static size_t attr_put(coauth_reader *r, int nb, const xmlChar **attrs, const char *name)
{
    size_t n = 0;
    const char *v = attr(nb, attrs, name, &n);
    sbuf *a = &r->cur->arena;
    size_t off = a->len;
    if (!v || !sbuf_add(r, a, v, n))
        return NO_IDENT;
    a->len = off + normalize(a->p + off, n);
    if (a->len == off)
        return NO_IDENT;
    return sbuf_add(r, a, "", 1) ? off : NO_IDENT;
}

/* A new item at the end of list `l` of the record being built, or NULL (out of
 * memory: the reader has failed). */
static iitem *list_add(coauth_reader *r, enum list l)
{
    ilist *li = &r->cur->list[l];
    if (!grow(r, (void **)&li->v, &li->cap, li->n + 1, sizeof *li->v))
        return NULL;
    iitem *it = &li->v[li->n++];
    it->a = it->b = it->c = NO_IDENT;
    it->flag = false;
    return it;
}

static iitem *list_last(coauth_reader *r, enum list l)
{
    ilist *li = &r->cur->list[l];
    return li->n ? &li->v[li->n - 1] : NULL;
}

/* An ORCID iD as 0000-0000-0000-000X from "https://orcid.org/0000-...", spaces or
 * hyphens between the digits, lower-case x; false when not 15 digits and a check
 * character. */
static bool orcid_normalize(const char *t, size_t n, char out[20])
{
    for (size_t i = n; i > 0; i--) {
        if (t[i - 1] == '/') {
            t += i;
            n -= i;
            break;
        }
    }
    char d[16];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '-' || c == ' ')
            continue;
        if (k == 16)
            return false;
        if (c >= '0' && c <= '9')
            d[k++] = c;
        else if ((c == 'X' || c == 'x') && k == 15)
            d[k++] = 'X';
        else
            return false;
    }
    if (k != 16)
        return false;
    snprintf(out, 20, "%.4s-%.4s-%.4s-%.4s", d, d + 4, d + 8, d + 12);
    return true;
}

/* ---- records -------------------------------------------------------------------- */

static void begin_record(coauth_reader *r, enum el e, int d)
{
    slot *s = next_slot(r);
    if (!s)
        return;
    r->cur = s;
    s->arena.len = 0;
    s->nia = s->niaf = s->ndel = 0;
    for (int l = 0; l < N_LIST; l++)
        s->list[l].n = 0;
    for (int k = 0; k < N_SCALAR; k++)
        r->scalar[k] = NO_IDENT;
    r->art_aff = NO_IDENT;
    r->layout = 0;
    r->mesh_open = false;
    r->rec_depth = d;
    r->rec_el = e;
    r->is_delete = e == E_DeleteCitation || e == E_DeleteDocument;
    r->is_book = e == E_PubmedBookArticle;
    r->rec_line = (uint64_t)current_line(r);
    r->rec_start = current_pos(r);
    r->cit_depth = e == E_MedlineCitation ? d : -1;
    r->alist_depth = r->author_depth = r->affinfo_depth = r->adate_depth = -1;
    r->pmid_seen = r->pmid_ok = r->adate_seen = false;
    r->pmid = 0;
    r->version = 1;
    r->y_pub = r->y_med = r->y_art = 0;
    r->cap_depth = -1;
}

/* The record in slots[count] is complete: queue it (coauth_reader_next), or hand it
 * to the callback and reuse its slot (coauth_reader_each). */
static void record_done(coauth_reader *r)
{
    if (!r->each_fn) {
        r->count++;
        return;
    }
    slot *s = r->slots[r->count];
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = r->each_fn(r->each_ud, &s->rec, &e);
    slot_trim(s);
    if (st && !r->failed) {
        memcpy(r->fail_msg, e.msg, sizeof r->fail_msg);
        r->fail_code = st < COAUTH_EOF ? st : COAUTH_EINVAL;
        if (!r->fail_msg[0])
            snprintf(r->fail_msg, sizeof r->fail_msg, "record callback failed");
        r->failed = true;
        xmlStopParser(r->ctxt);
    }
}

/* Article/Affiliation (DTDs before 2013) is the first author's affiliation (NLM's
 * rule for those DTDs), kept like an AffiliationInfo one, unless that author has one
 * of their own (transitional files repeat it there): AffiliationInfo wins and nothing
 * counts twice. */
static bool attach_article_affiliation(coauth_reader *r, slot *s)
{
    if (r->art_aff == NO_IDENT || s->nia == 0 || s->ia[0].n_aff != 0)
        return true;
    const char *t = s->arena.p + r->art_aff;
    if (s->niaf >= COAUTH_READER_MAX_AFFILIATIONS) {
        reject(r, COAUTH_ELIMIT, (int)r->rec_line, "record with more than %u affiliations",
               COAUTH_READER_MAX_AFFILIATIONS);
        return false;
    }
    if (!grow(r, (void **)&s->iaf, &s->ciaf, s->niaf + 1, sizeof *s->iaf))
        return false;
    memmove(s->iaf + 1, s->iaf, s->niaf * sizeof *s->iaf);
    s->iaf[0] = (iaff){r->art_aff, strlen(t), 0, 0, false};
    s->niaf++;
    for (size_t i = 1; i < s->nia; i++)
        s->ia[i].first_aff++;
    s->ia[0].first_aff = 0;
    s->ia[0].n_aff = 1;
    r->layout |= COAUTH_AFF_ARTICLE;
    return true;
}

static void end_record(coauth_reader *r)
{
    slot *s = r->cur;
    r->rec_depth = -1;
    r->cur = NULL;
    if (!s || r->failed)
        return;
    coauth_record *rec = &s->rec;
    memset(rec, 0, sizeof *rec);
    rec->line = r->rec_line;
    rec->version = 1;
    if (r->is_delete) {
        rec->kind = COAUTH_RECORD_DELETE;
        rec->n_deleted = s->ndel;
        rec->deleted = s->del;
        record_done(r);
        return;
    }
    if (!r->pmid_ok) {
        r->skipped++;
        if (r->warn) {
            char msg[COAUTH_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "'%s' line %llu: record %s skipped", r->name,
                     (unsigned long long)r->rec_line,
                     r->pmid_seen ? "with an invalid PMID" : "without PMID");
            r->warn(r->warn_ud, msg);
        }
        return;
    }
    rec->kind = COAUTH_RECORD_ARTICLE;
    rec->pmid = r->pmid;
    rec->version = r->version;
    rec->year = r->y_pub ? r->y_pub : r->y_med ? r->y_med : r->y_art;
    if (!attach_article_affiliation(r, s) ||
        !grow(r, (void **)&s->pa, &s->cpa, s->nia, sizeof *s->pa) ||
        !grow(r, (void **)&s->paf, &s->cpaf, s->niaf, sizeof *s->paf))
        return;
    /* The metadata arrays live at the end of the arena: reserve them first, since the
     * arena's strings do not move after that. */
    const ilist *li = s->list;
    size_t offs[N_LIST],
        sizes[N_LIST] = {
            li[L_TYPE].n * sizeof(coauth_pubtype), li[L_ISSN].n * sizeof(coauth_issn),
            li[L_LANG].n * sizeof(const char *),   li[L_MESH].n * sizeof(coauth_mesh),
            li[L_GRANT].n * sizeof(coauth_grant),  li[L_IDENT].n * sizeof(coauth_ident)};
    size_t total = 0;
    for (int l = 0; l < N_LIST; l++) {
        offs[l] = total;
        total += (sizes[l] + 15) & ~(size_t)15;
    }
    if (!sbuf_reserve(r, &s->arena, total + 16))
        return;
    char *base = s->arena.p + ((s->arena.len + 15) & ~(size_t)15);
    s->arena.len = (size_t)(base - s->arena.p) + total;
    const char *ap = s->arena.p;
#define STR(o) ((o) == NO_IDENT ? NULL : ap + (o))
    coauth_pubtype *types = (coauth_pubtype *)(void *)(base + offs[L_TYPE]);
    for (size_t i = 0; i < li[L_TYPE].n; i++)
        types[i] = (coauth_pubtype){STR(li[L_TYPE].v[i].a), STR(li[L_TYPE].v[i].b)};
    coauth_issn *issns = (coauth_issn *)(void *)(base + offs[L_ISSN]);
    for (size_t i = 0; i < li[L_ISSN].n; i++)
        issns[i] = (coauth_issn){STR(li[L_ISSN].v[i].a), STR(li[L_ISSN].v[i].b)};
    const char **langs = (const char **)(void *)(base + offs[L_LANG]);
    for (size_t i = 0; i < li[L_LANG].n; i++)
        langs[i] = STR(li[L_LANG].v[i].a);
    coauth_mesh *mesh = (coauth_mesh *)(void *)(base + offs[L_MESH]);
    for (size_t i = 0; i < li[L_MESH].n; i++)
        mesh[i] =
            (coauth_mesh){STR(li[L_MESH].v[i].a), STR(li[L_MESH].v[i].b), li[L_MESH].v[i].flag};
    coauth_grant *grants = (coauth_grant *)(void *)(base + offs[L_GRANT]);
    for (size_t i = 0; i < li[L_GRANT].n; i++)
        grants[i] = (coauth_grant){STR(li[L_GRANT].v[i].a), STR(li[L_GRANT].v[i].b),
                                   STR(li[L_GRANT].v[i].c)};
    coauth_ident *ids = (coauth_ident *)(void *)(base + offs[L_IDENT]);
    for (size_t i = 0; i < li[L_IDENT].n; i++) {
        const char *src = STR(li[L_IDENT].v[i].a);
        ids[i] = (coauth_ident){src ? src : "", STR(li[L_IDENT].v[i].b)};
    }
    for (size_t i = 0; i < s->nia; i++) {
        const iauthor *ia = &s->ia[i];
        s->pa[i] = (coauth_author){.name = ap + ia->name,
                                   .collective = ia->collective,
                                   .first_affiliation = ia->first_aff,
                                   .n_affiliations = ia->n_aff,
                                   .last_name = STR(ia->last),
                                   .fore_name = STR(ia->fore),
                                   .initials = STR(ia->init),
                                   .collective_name = STR(ia->coll),
                                   .orcid = STR(ia->orcid)};
    }
    for (size_t i = 0; i < s->niaf; i++) {
        const iaff *f = &s->iaf[i];
        s->paf[i] = (coauth_affiliation){.text = ap + f->text,
                                         .len = f->len,
                                         .n_identifiers = f->n_id,
                                         .identifiers = f->n_id ? ids + f->first_id : NULL};
    }
    rec->n_authors = s->nia;
    rec->authors = s->nia ? s->pa : NULL;
    rec->n_affiliations = s->niaf;
    rec->affiliations = s->niaf ? s->paf : NULL;
    rec->aff_layout = r->layout;
    const size_t *sc = r->scalar;
    rec->title = STR(sc[S_TITLE] != NO_IDENT ? sc[S_TITLE] : sc[S_BOOK_TITLE]);
    rec->doi = STR(sc[S_DOI_AID] != NO_IDENT ? sc[S_DOI_AID] : sc[S_DOI_ELOC]);
    rec->pmc = STR(r->scalar[S_PMC]);
    rec->nlm_id = STR(r->scalar[S_NLM]);
    rec->journal_iso = STR(r->scalar[S_ISO]);
    rec->journal_title = STR(r->scalar[S_JTITLE]);
#undef STR
    rec->n_types = li[L_TYPE].n;
    rec->types = rec->n_types ? types : NULL;
    rec->n_issns = li[L_ISSN].n;
    rec->issns = rec->n_issns ? issns : NULL;
    rec->n_languages = li[L_LANG].n;
    rec->languages = rec->n_languages ? langs : NULL;
    rec->n_mesh = li[L_MESH].n;
    rec->mesh = rec->n_mesh ? mesh : NULL;
    rec->n_grants = li[L_GRANT].n;
    rec->grants = rec->n_grants ? grants : NULL;
    record_done(r);
}

static void start_capture(coauth_reader *r, enum cap kind, int d)
{
    r->cap_kind = kind;
    r->cap_depth = d;
    r->cap.len = 0;
    if (r->cap.p)
        r->cap.p[0] = '\0';
}

static void start_scalar(coauth_reader *r, enum scalar k, int d)
{
    if (r->scalar[k] != NO_IDENT)
        return;
    start_capture(r, CAP_SCALAR, d);
    r->cap_scalar = k;
}

/* A new item of list `l` whose field a is attribute `a_attr` (or NULL) and whose text
 * goes to field `text` (CAP_ITEM_A/B/C, or CAP_NONE for no text). */
static iitem *start_item(coauth_reader *r, enum list l, int d, int nb, const xmlChar **attrs,
                         const char *a_attr, enum cap text)
{
    iitem *it = list_add(r, l);
    if (!it)
        return NULL;
    if (a_attr)
        it->a = attr_put(r, nb, attrs, a_attr);
    if (text != CAP_NONE) {
        start_capture(r, text, d);
        r->cap_list = l;
    }
    return it;
}

static void start_author(coauth_reader *r, int d, int nb, const xmlChar **attrs)
{
    r->author_depth = d;
    r->author_valid = !attr_is(nb, attrs, "ValidYN", "N");
    r->has_last = r->has_fore = r->has_coll = r->has_init = false;
    r->last.len = r->fore.len = r->coll.len = r->init.len = 0;
    r->orcid[0] = '\0';
    r->author_first_aff = r->cur->niaf;
}

/* An author with both Author/Affiliation (2013 DTD) and AffiliationInfo strings keeps
 * the AffiliationInfo ones only; one with the older element alone keeps it. */
static void settle_legacy_affiliations(coauth_reader *r, slot *s)
{
    size_t legacy = 0, n = s->niaf - r->author_first_aff;
    for (size_t i = r->author_first_aff; i < s->niaf; i++)
        legacy += s->iaf[i].legacy;
    if (!legacy)
        return;
    if (legacy == n) {
        r->layout |= COAUTH_AFF_AUTHOR;
        return;
    }
    size_t k = r->author_first_aff;
    for (size_t i = r->author_first_aff; i < s->niaf; i++)
        if (!s->iaf[i].legacy)
            s->iaf[k++] = s->iaf[i];
    s->niaf = k;
}

static void end_author(coauth_reader *r)
{
    slot *s = r->cur;
    if (!r->author_valid)
        return;
    settle_legacy_affiliations(r, s);
    if (s->nia >= COAUTH_READER_MAX_AUTHORS) {
        reject(r, COAUTH_ELIMIT, current_line(r), "record with more than %u authors",
               COAUTH_READER_MAX_AUTHORS);
        return;
    }
    if (!grow(r, (void **)&s->ia, &s->cia, s->nia + 1, sizeof *s->ia))
        return;
    iauthor *a = &s->ia[s->nia];
    a->collective = r->has_coll;
    size_t off;
    if (r->has_coll) {
        off = arena_put(r, r->coll.p, r->coll.len);
    } else if (r->has_last && r->has_fore && r->fore.len) {
        off = arena_put(r, r->last.p, r->last.len);
        if (off != NO_IDENT) {
            s->arena.len--; /* drop the NUL, append ", ForeName" */
            if (!sbuf_add(r, &s->arena, ", ", 2) ||
                !sbuf_add(r, &s->arena, r->fore.p, r->fore.len) || !sbuf_add(r, &s->arena, "", 1))
                off = NO_IDENT;
        }
    } else if (r->has_last) {
        off = arena_put(r, r->last.p, r->last.len);
    } else if (r->has_fore) {
        off = arena_put(r, r->fore.p, r->fore.len);
    } else {
        off = arena_put(r, "", 0);
    }
    if (off == NO_IDENT)
        return;
    a->name = off;
    a->last = r->has_last ? arena_put(r, r->last.p, r->last.len) : NO_IDENT;
    a->fore = r->has_fore ? arena_put(r, r->fore.p, r->fore.len) : NO_IDENT;
    a->init = r->has_init ? arena_put(r, r->init.p, r->init.len) : NO_IDENT;
    a->coll = r->has_coll ? arena_put(r, r->coll.p, r->coll.len) : NO_IDENT;
    a->orcid = r->orcid[0] ? arena_put(r, r->orcid, strlen(r->orcid)) : NO_IDENT;
    if (r->failed)
        return;
    a->first_aff = r->author_first_aff;
    a->n_aff = s->niaf - r->author_first_aff;
    s->nia++;
}

static void end_capture(coauth_reader *r)
{
    enum cap kind = r->cap_kind;
    r->cap_depth = -1;
    r->cap_kind = CAP_NONE;
    if (!sbuf_reserve(r, &r->cap, 0))
        return;
    size_t n = normalize(r->cap.p, r->cap.len);
    r->cap.len = n;
    const char *t = r->cap.p;
    slot *s = r->cur;
    uint64_t v = 0;
    switch (kind) {
    case CAP_NONE:
        break;
    case CAP_PMID:
        r->pmid_ok = parse_u64(t, n, INT64_MAX, &r->pmid);
        break;
    case CAP_DEL_PMID:
        if (parse_u64(t, n, INT64_MAX, &v)) {
            if (grow(r, (void **)&s->del, &s->cdel, s->ndel + 1, sizeof *s->del))
                s->del[s->ndel++] = v;
        } else if (r->warn) {
            char msg[COAUTH_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "'%s' line %d: invalid PMID in a deletion list ignored",
                     r->name, current_line(r));
            r->warn(r->warn_ud, msg);
        }
        break;
    case CAP_PUB_YEAR:
        if (!r->y_pub)
            r->y_pub = parse_year(t, n);
        break;
    case CAP_PUB_MEDLINE:
        if (!r->y_med)
            r->y_med = first_year(t, n);
        break;
    case CAP_ART_YEAR:
        if (!r->y_art)
            r->y_art = parse_year(t, n);
        break;
    case CAP_LAST:
        r->has_last = true;
        r->last.len = 0;
        sbuf_add(r, &r->last, t, n);
        break;
    case CAP_FORE:
        r->has_fore = true;
        r->fore.len = 0;
        sbuf_add(r, &r->fore, t, n);
        break;
    case CAP_COLL:
        r->has_coll = true;
        r->coll.len = 0;
        sbuf_add(r, &r->coll, t, n);
        break;
    case CAP_AUTH_AFF:
    case CAP_AFF:
        if (n == 0)
            break;
        if (s->niaf >= COAUTH_READER_MAX_AFFILIATIONS) {
            reject(r, COAUTH_ELIMIT, current_line(r), "record with more than %u affiliations",
                   COAUTH_READER_MAX_AFFILIATIONS);
            break;
        }
        if (!grow(r, (void **)&s->iaf, &s->ciaf, s->niaf + 1, sizeof *s->iaf))
            break;
        v = arena_put(r, t, n);
        if (v == NO_IDENT)
            break;
        s->iaf[s->niaf] = (iaff){(size_t)v, n, 0, 0, kind == CAP_AUTH_AFF};
        if (kind == CAP_AFF)
            r->affinfo_aff = s->niaf;
        s->niaf++;
        break;
    case CAP_IDENT:
        if (n == 0)
            break;
        {
            iitem *it = list_add(r, L_IDENT);
            if (!it)
                break;
            if (r->ident_source[0])
                it->a = arena_put(r, r->ident_source, strlen(r->ident_source));
            it->b = arena_put(r, t, n);
        }
        break;
    case CAP_INIT:
        r->has_init = n > 0;
        r->init.len = 0;
        sbuf_add(r, &r->init, t, n);
        break;
    case CAP_ORCID:
        if (!r->orcid[0] && !orcid_normalize(t, n, r->orcid))
            r->orcid[0] = '\0';
        break;
    case CAP_ART_AFF:
        if (n && r->art_aff == NO_IDENT)
            r->art_aff = arena_put(r, t, n);
        break;
    case CAP_SCALAR:
        if (n && r->scalar[r->cap_scalar] == NO_IDENT)
            r->scalar[r->cap_scalar] = arena_put(r, t, n);
        break;
    case CAP_ITEM_A:
    case CAP_ITEM_B:
    case CAP_ITEM_C: {
        iitem *it = list_last(r, r->cap_list);
        if (!it || !n)
            break;
        size_t *f = kind == CAP_ITEM_A ? &it->a : kind == CAP_ITEM_B ? &it->b : &it->c;
        if (*f == NO_IDENT)
            *f = arena_put(r, t, n);
        break;
    }
    }
}

static void end_affinfo(coauth_reader *r)
{
    ilist *ids = &r->cur->list[L_IDENT];
    if (r->affinfo_aff != NO_IDENT) {
        iaff *f = &r->cur->iaf[r->affinfo_aff];
        f->first_id = r->affinfo_id0;
        f->n_id = ids->n - r->affinfo_id0;
    } else {
        ids->n = r->affinfo_id0; /* identifiers of a dropped (empty) Affiliation */
    }
    r->affinfo_aff = NO_IDENT;
}

static bool check_size(coauth_reader *r)
{
    unsigned long pos = current_pos(r);
    if (pos > r->rec_start && pos - r->rec_start > COAUTH_MAX_RECORD_BYTES) {
        reject(r, COAUTH_ELIMIT, (int)r->rec_line, "record over %u bytes (the reader's limit)",
               COAUTH_MAX_RECORD_BYTES);
        return false;
    }
    return true;
}

/* ---- metadata fields (SPEC 2.1) ------------------------------------------------- */

/* PubmedData/ArticleIdList/ArticleId (and PubmedBookData's): the DOI and PMC id. */
static void start_article_id(coauth_reader *r, int d, int nb, const xmlChar **attrs)
{
    if (attr_is(nb, attrs, "IdType", "doi"))
        start_scalar(r, S_DOI_AID, d);
    else if (attr_is(nb, attrs, "IdType", "pmc"))
        start_scalar(r, S_PMC, d);
}

/* Children of MedlineCitation/Article other than AuthorList and ArticleDate. */
static void start_article_field(coauth_reader *r, enum el e, int d, int nb, const xmlChar **attrs)
{
    switch (e) {
    case E_ArticleTitle:
        start_scalar(r, S_TITLE, d);
        break;
    case E_Language:
        start_item(r, L_LANG, d, nb, attrs, NULL, CAP_ITEM_A);
        break;
    case E_ELocationID:
        if (attr_is(nb, attrs, "EIdType", "doi"))
            start_scalar(r, S_DOI_ELOC, d);
        break;
    case E_Affiliation:
        start_capture(r, CAP_ART_AFF, d);
        break;
    default:
        break;
    }
}

/* Deeper fields of a MedlineCitation: c is the depth below it (2..4), the element's
 * ancestors are on r->stack. */
static void start_citation_field(coauth_reader *r, enum el e, int c, int d, int nb,
                                 const xmlChar **attrs)
{
    enum el p1 = (enum el)r->stack[d - 1], p2 = (enum el)r->stack[d - 2];
    if (c == 2 && p1 == E_MedlineJournalInfo) {
        if (e == E_NlmUniqueID) {
            start_scalar(r, S_NLM, d);
        } else if (e == E_ISSNLinking) {
            iitem *it = start_item(r, L_ISSN, d, nb, attrs, NULL, CAP_ITEM_A);
            if (it)
                it->b = arena_put(r, "Linking", 7);
        }
    } else if (c == 2 && p1 == E_MeshHeadingList && e == E_MeshHeading) {
        r->mesh_open = false;
    } else if (c == 3 && p1 == E_MeshHeading && p2 == E_MeshHeadingList) {
        bool major = attr_is(nb, attrs, "MajorTopicYN", "Y");
        if (e == E_DescriptorName && !r->mesh_open) {
            iitem *it = start_item(r, L_MESH, d, nb, attrs, "UI", CAP_ITEM_B);
            if (it)
                it->flag = major;
            r->mesh_open = it != NULL;
        } else if (e == E_QualifierName && major && r->mesh_open) {
            list_last(r, L_MESH)->flag = true;
        }
    } else if (c == 3 && p2 == E_Article) {
        if (p1 == E_Journal && e == E_ISSN) {
            iitem *it = start_item(r, L_ISSN, d, nb, attrs, NULL, CAP_ITEM_A);
            if (it)
                it->b = attr_put(r, nb, attrs, "IssnType");
        } else if (p1 == E_Journal && e == E_Title) {
            start_scalar(r, S_JTITLE, d);
        } else if (p1 == E_Journal && e == E_ISOAbbreviation) {
            start_scalar(r, S_ISO, d);
        } else if (p1 == E_PublicationTypeList && e == E_PublicationType) {
            start_item(r, L_TYPE, d, nb, attrs, "UI", CAP_ITEM_B);
        } else if (p1 == E_GrantList && e == E_Grant) {
            start_item(r, L_GRANT, d, nb, attrs, NULL, CAP_NONE);
        }
    } else if (c == 4 && p1 == E_Grant && p2 == E_GrantList && r->stack[d - 3] == E_Article &&
               r->cur->list[L_GRANT].n) {
        if (e == E_Agency)
            start_capture(r, CAP_ITEM_A, d);
        else if (e == E_Country)
            start_capture(r, CAP_ITEM_B, d);
        else if (e == E_GrantID)
            start_capture(r, CAP_ITEM_C, d);
        else
            return;
        r->cap_list = L_GRANT;
    }
}

/* Children of BookDocument (PubmedBookArticle) other than PMID and AuthorList. */
static void start_book_field(coauth_reader *r, enum el e, int d, int nb, const xmlChar **attrs)
{
    if (e == E_ArticleTitle)
        start_scalar(r, S_TITLE, d);
    else if (e == E_Language)
        start_item(r, L_LANG, d, nb, attrs, NULL, CAP_ITEM_A);
    else if (e == E_PublicationType)
        start_item(r, L_TYPE, d, nb, attrs, "UI", CAP_ITEM_B);
}

/* ---- SAX callbacks -------------------------------------------------------------- */

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **ns, int nb_attr, int nb_def, const xmlChar **attrs)
{
    (void)prefix;
    (void)nb_ns;
    (void)ns;
    (void)nb_def;
    coauth_reader *r = ud;
    if (r->failed)
        return;
    enum el e = uri ? E_OTHER : lookup_cached(r, local);
    int d = r->depth;
    if (d >= MAX_DEPTH) {
        reject(r, COAUTH_ELIMIT, current_line(r), "elements nested deeper than %d", MAX_DEPTH);
        return;
    }
    r->stack[d] = (unsigned char)e;
    r->depth++;

    if (d == 0) {
        r->root_seen = true;
        if (e == E_PubmedArticle || e == E_PubmedBookArticle || e == E_MedlineCitation)
            begin_record(r, e, d);
        else if (e != E_PubmedArticleSet && e != E_MedlineCitationSet)
            reject(r, COAUTH_EFORMAT, current_line(r),
                   "not a PubMed/MEDLINE document (root element '%s')", (const char *)local);
        return;
    }
    if (r->rec_depth < 0) {
        if (d != 1)
            return;
        enum el root = (enum el)r->stack[0];
        if ((root == E_PubmedArticleSet && (e == E_PubmedArticle || e == E_PubmedBookArticle ||
                                            e == E_DeleteCitation || e == E_DeleteDocument)) ||
            (root == E_MedlineCitationSet && (e == E_MedlineCitation || e == E_DeleteCitation)))
            begin_record(r, e, d);
        return;
    }
    if (!check_size(r) || r->cap_depth >= 0)
        return; /* inline markup inside a captured field */

    int rel = d - r->rec_depth;
    if (r->is_delete) {
        if (rel == 1 && e == E_PMID)
            start_capture(r, CAP_DEL_PMID, d);
        return;
    }
    if (rel == 3 && e == E_ArticleId && r->stack[d - 1] == E_ArticleIdList &&
        (r->stack[d - 2] == E_PubmedData || r->stack[d - 2] == E_PubmedBookData)) {
        start_article_id(r, d, nb_attr, attrs);
        return;
    }
    if (r->cit_depth == -1) {
        if (rel == 1 && ((r->rec_el == E_PubmedArticle && e == E_MedlineCitation) ||
                         (r->rec_el == E_PubmedBookArticle && e == E_BookDocument)))
            r->cit_depth = d;
        return;
    }
    if (r->cit_depth < 0 || d <= r->cit_depth)
        return;
    int c = d - r->cit_depth;
    enum el parent = (enum el)r->stack[d - 1];

    if (r->alist_depth >= 0) {
        /* inside the counted author list */
        if (d == r->alist_depth + 1) {
            if (e == E_Author && r->author_depth < 0)
                start_author(r, d, nb_attr, attrs);
        } else if (r->author_depth >= 0 && r->author_valid) {
            if (d == r->author_depth + 1) {
                if (e == E_LastName)
                    start_capture(r, CAP_LAST, d);
                else if (e == E_ForeName)
                    start_capture(r, CAP_FORE, d);
                else if (e == E_CollectiveName)
                    start_capture(r, CAP_COLL, d);
                else if (e == E_Initials)
                    start_capture(r, CAP_INIT, d);
                else if (e == E_Affiliation)
                    start_capture(r, CAP_AUTH_AFF, d);
                else if (e == E_Identifier && attr_is_ci(nb_attr, attrs, "Source", "ORCID"))
                    start_capture(r, CAP_ORCID, d);
                else if (e == E_AffiliationInfo && r->affinfo_depth < 0) {
                    r->affinfo_depth = d;
                    r->affinfo_aff = NO_IDENT;
                    r->affinfo_id0 = r->cur->list[L_IDENT].n;
                }
            } else if (r->affinfo_depth >= 0 && d == r->affinfo_depth + 1) {
                if (e == E_Affiliation) {
                    start_capture(r, CAP_AFF, d);
                } else if (e == E_Identifier) {
                    size_t n = 0;
                    const char *v = attr(nb_attr, attrs, "Source", &n);
                    if (!v)
                        n = 0;
                    if (n >= sizeof r->ident_source)
                        n = sizeof r->ident_source - 1;
                    if (n)
                        memcpy(r->ident_source, v, n);
                    r->ident_source[n] = '\0';
                    normalize(r->ident_source, n);
                    start_capture(r, CAP_IDENT, d);
                }
            }
        }
        return;
    }

    if (c == 1) {
        if (e == E_PMID && !r->pmid_seen) {
            r->pmid_seen = true;
            size_t n = 0;
            const char *v = attr(nb_attr, attrs, "Version", &n);
            uint64_t ver = 1;
            char tmp[32];
            if (v && n < sizeof tmp) {
                memcpy(tmp, v, n);
                n = normalize(tmp, n);
                if (!parse_u64(tmp, n, UINT32_MAX, &ver))
                    ver = 1;
            }
            r->version = (uint32_t)ver;
            start_capture(r, CAP_PMID, d);
        } else if (e == E_AuthorList && r->is_book &&
                   (attr_is(nb_attr, attrs, "Type", "authors") ||
                    !attr(nb_attr, attrs, "Type", &(size_t){0}))) {
            r->alist_depth = d;
        } else if (r->is_book) {
            start_book_field(r, e, d, nb_attr, attrs);
        }
        return;
    }
    if (!r->is_book) {
        if (c == 2 && parent == E_Article) {
            if (e == E_AuthorList)
                r->alist_depth = d;
            else if (e == E_ArticleDate && !r->adate_seen) {
                r->adate_seen = true;
                r->adate_depth = d;
            } else {
                start_article_field(r, e, d, nb_attr, attrs);
            }
        } else if (c == 3 && e == E_Year && r->adate_depth == d - 1) {
            start_capture(r, CAP_ART_YEAR, d);
        } else if (c == 5 && parent == E_PubDate && r->stack[d - 2] == E_JournalIssue &&
                   r->stack[d - 3] == E_Journal && r->stack[d - 4] == E_Article) {
            if (e == E_Year)
                start_capture(r, CAP_PUB_YEAR, d);
            else if (e == E_MedlineDate)
                start_capture(r, CAP_PUB_MEDLINE, d);
        } else if (c >= 2 && c <= 4) {
            start_citation_field(r, e, c, d, nb_attr, attrs);
        }
    } else if (c == 2 && parent == E_Book && e == E_BookTitle) {
        start_scalar(r, S_BOOK_TITLE, d);
    } else if (c == 3 && parent == E_PubDate && r->stack[d - 2] == E_Book) {
        if (e == E_Year)
            start_capture(r, CAP_PUB_YEAR, d);
        else if (e == E_MedlineDate)
            start_capture(r, CAP_PUB_MEDLINE, d);
    }
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)local;
    (void)prefix;
    (void)uri;
    coauth_reader *r = ud;
    if (r->failed || r->depth == 0)
        return;
    int d = --r->depth;
    if (r->rec_depth < 0)
        return;
    if (!check_size(r))
        return;
    if (r->cap_depth == d)
        end_capture(r);
    if (d == r->rec_depth) {
        end_record(r);
        return;
    }
    if (d == r->affinfo_depth) {
        end_affinfo(r);
        r->affinfo_depth = -1;
    } else if (d == r->author_depth) {
        end_author(r);
        r->author_depth = -1;
    } else if (d == r->alist_depth) {
        r->alist_depth = -1;
    } else if (d == r->adate_depth) {
        r->adate_depth = -1;
    } else if (d == r->cit_depth) {
        r->cit_depth = -2;
    }
}

static void on_chars(void *ud, const xmlChar *ch, int len)
{
    coauth_reader *r = ud;
    if (r->failed || r->cap_depth < 0 || len <= 0)
        return;
    if (!check_size(r))
        return;
    sbuf_add(r, &r->cap, (const char *)ch, (size_t)len);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    coauth_reader *r = ud;
    reject(r, COAUTH_EFORMAT, current_line(r),
           "entity declaration '%s' rejected (PubMed files declare no entities)",
           name ? (const char *)name : "?");
}

static void on_unparsed_entity_decl(void *ud, const xmlChar *name, const xmlChar *public_id,
                                    const xmlChar *system_id, const xmlChar *notation)
{
    on_entity_decl(ud, name, 0, public_id, system_id, (xmlChar *)(uintptr_t)notation);
}

static void on_decl(coauth_reader *r, const char *what, const xmlChar *name)
{
    reject(r, COAUTH_EFORMAT, current_line(r),
           "%s declaration '%s' rejected (PubMed files have no internal DTD subset)", what,
           name ? (const char *)name : "?");
}

static void on_element_decl(void *ud, const xmlChar *name, int type, xmlElementContentPtr c)
{
    (void)type;
    (void)c;
    on_decl(ud, "element", name);
}

static void on_attribute_decl(void *ud, const xmlChar *elem, const xmlChar *fullname, int type,
                              int def, const xmlChar *defaultValue, xmlEnumerationPtr tree)
{
    (void)elem;
    (void)type;
    (void)def;
    (void)defaultValue;
    /* The SAX2 contract: the callee owns `tree`. */
    xmlFreeEnumeration(tree);
    on_decl(ud, "attribute", fullname);
}

static void on_notation_decl(void *ud, const xmlChar *name, const xmlChar *public_id,
                             const xmlChar *system_id)
{
    (void)public_id;
    (void)system_id;
    on_decl(ud, "notation", name);
}

#if LIBXML_VERSION >= 21200
static void on_error(void *ud, const xmlError *e)
#else
static void on_error(void *ud, xmlErrorPtr e)
#endif
{
    coauth_reader *r = ud;
    if (!e || r->failed)
        return;
    bool fatal = e->level == XML_ERR_FATAL || e->code == XML_WAR_UNDECLARED_ENTITY ||
                 (e->level == XML_ERR_ERROR && e->domain != XML_FROM_NAMESPACE);
    if (!fatal)
        return;
    char msg[COAUTH_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : "XML error");
    size_t n = strlen(msg);
    while (n && is_ws(msg[n - 1]))
        msg[--n] = '\0';
    /* Our message style: lower case, and say plainly what is wrong. */
    const char *bytes = strstr(msg, "Bytes:");
    if (e->code == XML_ERR_DOCUMENT_EMPTY) {
        snprintf(msg, sizeof msg, "not an XML document (no root element)");
    } else if (e->code == XML_ERR_INVALID_CHAR && strstr(msg, "UTF-8") && bytes) {
        char tmp[COAUTH_ERRMSG_MAX];
        snprintf(tmp, sizeof tmp, "invalid UTF-8 (bytes %s)", bytes + 6 + (bytes[6] == ' '));
        memcpy(msg, tmp, sizeof msg);
    } else if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z') {
        msg[0] = (char)(msg[0] - 'A' + 'a');
    }
    r->in_error_cb = true;
    reject(r, e->code == XML_ERR_NO_MEMORY ? COAUTH_ENOMEM : COAUTH_EFORMAT,
           e->line > 0 ? e->line : current_line(r), "%s", msg);
    r->in_error_cb = false;
}

/* libxml2 2.9 reports some errors without a parser context (encoding conversion
 * failures, "xmlParseChunk: encoder error"): those go to the thread's global
 * handlers, which print to stderr by default. While our parser runs, the calling
 * thread's handlers point at the reader; the caller's handlers are restored after. */
static void on_generic_error(void *ud, const char *fmt, ...) COAUTH_PRINTF(2, 3);
static void on_generic_error(void *ud, const char *fmt, ...)
{
    coauth_reader *r = ud;
    if (!r || r->failed)
        return;
    char msg[COAUTH_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = strlen(msg);
    while (n && is_ws(msg[n - 1]))
        msg[--n] = '\0';
    r->in_error_cb = true;
    reject(r, COAUTH_EFORMAT, current_line(r), "%s", n ? msg : "XML error");
    r->in_error_cb = false;
}

/* The calling thread's global handlers, saved while the reader's are in place. */
typedef struct saved_handlers {
    xmlStructuredErrorFunc s;
    void *sctx;
    xmlGenericErrorFunc g;
    void *gctx;
} saved_handlers;

static saved_handlers route_errors(coauth_reader *r)
{
    saved_handlers h = {xmlStructuredError, xmlStructuredErrorContext, xmlGenericError,
                        xmlGenericErrorContext};
    xmlSetStructuredErrorFunc(r, on_error);
    xmlSetGenericErrorFunc(r, on_generic_error);
    return h;
}

static void restore_errors(const saved_handlers *h)
{
    xmlSetStructuredErrorFunc(h->sctx, h->s);
    xmlSetGenericErrorFunc(h->gctx, h->g);
}

static int parse_chunk(coauth_reader *r, const char *data, int len, int terminate)
{
    saved_handlers h = route_errors(r);
    int xr = xmlParseChunk(r->ctxt, data, len, terminate);
    restore_errors(&h);
    return xr;
}

/* ---- public API ----------------------------------------------------------------- */

static coauth_status reader_new(coauth_reader **out, coauth_gzsource *src, const char *name,
                                coauth_error *err)
{
    coauth_reader *r = calloc(1, sizeof *r);
    if (!r) {
        coauth_gzsource_free(src);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", name);
    }
    r->src = src;
    r->rec_depth = -1;
    r->cap_depth = -1;
    r->affinfo_aff = NO_IDENT;
    r->name = strdup(name);
    if (!r->name) {
        coauth_reader_free(r);
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory opening '%s'", name);
    }
    xmlSAXHandler *sax = &r->sax;
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_chars;
    sax->ignorableWhitespace = on_chars;
    sax->cdataBlock = on_chars;
    sax->entityDecl = on_entity_decl;
    sax->unparsedEntityDecl = on_unparsed_entity_decl;
    sax->elementDecl = on_element_decl;
    sax->attributeDecl = on_attribute_decl;
    sax->notationDecl = on_notation_decl;
    sax->serror = on_error;
    /* externalSubset, resolveEntity, getEntity stay NULL: nothing is loaded. The parser
     * context is made by the first coauth_reader_next() (push) or coauth_reader_each()
     * (pull). */
    *out = r;
    return COAUTH_OK;
}

coauth_status coauth_reader_open(coauth_reader **out, const char *path, coauth_error *err)
{
    *out = NULL;
    if (!path)
        return coauth_fail(err, COAUTH_EINVAL, "no input path given");
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    coauth_gzsource *src = NULL;
    coauth_status st = coauth_gzsource_open(&src, path, name, err);
    if (st)
        return st;
    return reader_new(out, src, name, err);
}

coauth_status coauth_reader_open_mem(coauth_reader **out, const void *data, size_t len,
                                     const char *name, coauth_error *err)
{
    *out = NULL;
    if (!name)
        name = "<memory>";
    coauth_gzsource *src = NULL;
    coauth_status st = coauth_gzsource_open_mem(&src, data, len, name, err);
    if (st)
        return st;
    return reader_new(out, src, name, err);
}

void coauth_reader_set_warn(coauth_reader *r, coauth_warn_fn fn, void *ud)
{
    r->warn = fn;
    r->warn_ud = ud;
}

static coauth_status failed(coauth_reader *r, coauth_error *err)
{
    if (err) {
        err->code = r->fail_code;
        memcpy(err->msg, r->fail_msg, sizeof err->msg);
    }
    return r->fail_code;
}

/* Drain the queue: move the record in progress (if any) to slot 0, trim the rest. */
static void reset_queue(coauth_reader *r)
{
    size_t in_progress = r->count;
    if (in_progress < r->nslots && in_progress > 0) {
        slot *t = r->slots[0];
        r->slots[0] = r->slots[in_progress];
        r->slots[in_progress] = t;
    }
    for (size_t i = 1; i < r->nslots; i++)
        if (r->slots[i])
            slot_trim(r->slots[i]);
    if (r->rec_depth < 0 && r->nslots && r->slots[0])
        slot_trim(r->slots[0]);
    r->cur = r->rec_depth >= 0 && r->nslots ? r->slots[0] : NULL;
    r->head = r->count = 0;
}

/* A read error of the gzip source, "'NAME': what", re-issued as "'NAME' line N: what". */
static void source_failed(coauth_reader *r, coauth_status st, const coauth_error *ge)
{
    const char *what = ge->msg;
    size_t nl = strlen(r->name);
    if (what[0] == '\'' && strncmp(what + 1, r->name, nl) == 0 &&
        strncmp(what + 1 + nl, "': ", 3) == 0)
        what += nl + 4;
    reject(r, st, current_line(r), "%s", what);
}

/* The input is exhausted and libxml2 has returned `xr`: the end-of-document checks. */
static void end_checks(coauth_reader *r, int xr)
{
    r->finished = true;
    if (r->failed)
        return;
    if (r->fed == 0) {
        reject(r, COAUTH_EFORMAT, 1, "empty file%s",
               coauth_gzsource_is_gzip(r->src) ? " (the gzip data holds no bytes)" : "");
        return;
    }
    if (xr != 0)
        reject(r, COAUTH_EFORMAT, current_line(r), "malformed XML (libxml2 error %d)", xr);
    /* Our own check, independent of libxml2's flags: a halted parser (e.g. after an
     * encoder error) may still say "well formed". */
    if (!r->failed && r->root_seen && r->depth != 0)
        reject(r, COAUTH_EFORMAT, current_line(r),
               "unexpected end of file (%d element%s not closed)", r->depth,
               r->depth == 1 ? "" : "s");
    if (!r->failed && !r->ctxt->wellFormed)
        reject(r, COAUTH_EFORMAT, current_line(r), "malformed XML");
    if (!r->failed && !r->root_seen)
        reject(r, COAUTH_EFORMAT, current_line(r),
               "not a PubMed/MEDLINE document (no root element)");
}

coauth_status coauth_reader_next(coauth_reader *r, const coauth_record **out, coauth_error *err)
{
    *out = NULL;
    if (r->head < r->count) {
        *out = &r->slots[r->head++]->rec;
        return COAUTH_OK;
    }
    if (r->failed)
        return failed(r, err);
    if (r->finished)
        return COAUTH_EOF;
    if (!r->ctxt) {
        if (r->each_fn)
            return coauth_fail(err, COAUTH_EINVAL, "'%s': reader used by coauth_reader_each",
                               r->name);
        r->chunk = malloc(CHUNK_BYTES);
        if (r->chunk)
            r->ctxt = xmlCreatePushParserCtxt(&r->sax, r, NULL, 0, r->name);
        if (!r->ctxt) {
            reject(r, COAUTH_ENOMEM, 1, "cannot create an XML parser");
            return failed(r, err);
        }
        /* NONET only: see the design notes (never NOENT, HUGE, DTDLOAD, DTDVALID). */
        xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
    }
    reset_queue(r);
    while (r->count == 0) {
        size_t got = 0;
        coauth_error ge = COAUTH_ERROR_INIT;
        coauth_status st = coauth_gzsource_read(r->src, r->chunk, CHUNK_BYTES, &got, &ge);
        if (st == COAUTH_EOF) {
            end_checks(r, r->fed ? parse_chunk(r, NULL, 0, 1) : 0);
            break;
        }
        if (st < 0) {
            source_failed(r, st, &ge);
            return failed(r, err);
        }
        r->fed += got;
        int xr = parse_chunk(r, (const char *)r->chunk, (int)got, 0);
        if (xr != 0 && !r->failed)
            reject(r, COAUTH_EFORMAT, current_line(r), "malformed XML (libxml2 error %d)", xr);
        if (r->failed)
            break;
    }
    if (r->head < r->count) {
        *out = &r->slots[r->head++]->rec;
        return COAUTH_OK;
    }
    if (r->failed)
        return failed(r, err);
    return COAUTH_EOF;
}

/* libxml2's input callback for coauth_reader_each(): inflated bytes from the source. */
static int each_read(void *ud, char *buf, int len)
{
    coauth_reader *r = ud;
    if (r->failed || len <= 0)
        return r->failed ? -1 : 0;
    size_t got = 0;
    coauth_error ge = COAUTH_ERROR_INIT;
    coauth_status st = coauth_gzsource_read(r->src, buf, (size_t)len, &got, &ge);
    if (st == COAUTH_EOF) {
        if (r->fed == 0) { /* the same message as coauth_reader_next() */
            r->in_error_cb = true;
            reject(r, COAUTH_EFORMAT, 1, "empty file%s",
                   coauth_gzsource_is_gzip(r->src) ? " (the gzip data holds no bytes)" : "");
            r->in_error_cb = false;
        }
        return 0;
    }
    if (st < 0) {
        /* No xmlStopParser() inside libxml2's input code: the -1 ends the parse. */
        r->in_error_cb = true;
        source_failed(r, st, &ge);
        r->in_error_cb = false;
        return -1;
    }
    r->fed += got;
    return (int)got;
}

static int each_close(void *ud)
{
    (void)ud;
    return 0;
}

coauth_status coauth_reader_each(coauth_reader *r, coauth_record_fn fn, void *ud, coauth_error *err)
{
    if (r->ctxt || r->finished || r->failed) {
        if (r->failed)
            return failed(r, err);
        return coauth_fail(err, COAUTH_EINVAL, "'%s': reader already in use", r->name);
    }
    r->each_fn = fn;
    r->each_ud = ud;
    r->ctxt = xmlCreateIOParserCtxt(&r->sax, r, each_read, each_close, r, XML_CHAR_ENCODING_NONE);
    if (!r->ctxt) {
        if (!r->failed)
            reject(r, COAUTH_ENOMEM, 1, "cannot create an XML parser");
        return failed(r, err);
    }
    /* NONET only: see the design notes (never NOENT, HUGE, DTDLOAD, DTDVALID). */
    xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
    saved_handlers h = route_errors(r);
    int xr = xmlParseDocument(r->ctxt);
    restore_errors(&h);
    /* Pull mode takes a NUL byte after the root element for the end of the input and
     * leaves what follows unread; push mode (and the document) say it is extra
     * content. Anything left unread is that error here too. */
    if (xr == 0 && !r->failed) {
        xmlParserInputPtr in = r->ctxt->input;
        char c;
        if ((in && in->cur && in->end && in->cur < in->end) || each_read(r, &c, 1) > 0)
            reject(r, COAUTH_EFORMAT, current_line(r), "extra content at the end of the document");
    }
    end_checks(r, xr);
    if (r->failed)
        return failed(r, err);
    return COAUTH_OK;
}

coauth_status coauth_reader_readahead(coauth_reader *r, coauth_error *err)
{
    if (r->ctxt || r->fed)
        return coauth_fail(err, COAUTH_EINVAL, "'%s': read-ahead must be set before reading",
                           r->name);
    return coauth_gzsource_readahead(r->src, err);
}

coauth_status coauth_reader_checksum(coauth_reader *r, coauth_error *err)
{
    if (r->ctxt || r->fed)
        return coauth_fail(err, COAUTH_EINVAL, "'%s': checksumming must be set before reading",
                           r->name);
    coauth_gzsource_checksum(r->src);
    return COAUTH_OK;
}

coauth_status coauth_reader_md5(coauth_reader *r, coauth_error *err)
{
    if (r->ctxt || r->fed)
        return coauth_fail(err, COAUTH_EINVAL, "'%s': MD5 must be set before reading", r->name);
    coauth_gzsource_md5(r->src);
    return COAUTH_OK;
}

int coauth_reader_md5_hex(coauth_reader *r, char out[33])
{
    return r->finished && !r->failed ? coauth_gzsource_md5_hex(r->src, out) : 0;
}

int coauth_reader_identity(coauth_reader *r, uint64_t *size, char checksum[64])
{
    return r->finished && !r->failed ? coauth_gzsource_identity(r->src, size, checksum) : 0;
}

uint64_t coauth_reader_skipped(const coauth_reader *r)
{
    return r->skipped;
}

uint64_t coauth_reader_bytes_in(const coauth_reader *r)
{
    return coauth_gzsource_bytes_in(r->src);
}

void coauth_reader_free(coauth_reader *r)
{
    if (!r)
        return;
    if (r->ctxt) {
        if (r->ctxt->myDoc)
            xmlFreeDoc(r->ctxt->myDoc);
        xmlFreeParserCtxt(r->ctxt);
    }
    for (size_t i = 0; i < r->nslots; i++)
        slot_free(r->slots[i]);
    free(r->slots);
    sbuf_free(&r->last);
    sbuf_free(&r->fore);
    sbuf_free(&r->coll);
    sbuf_free(&r->init);
    sbuf_free(&r->cap);
    coauth_gzsource_free(r->src);
    free(r->chunk);
    free(r->name);
    free(r);
}
