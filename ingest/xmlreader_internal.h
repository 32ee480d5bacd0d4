/* xmlreader_internal.h - the format-neutral SAX2 reader (xmlreader.c), the record
 * builder the formats fill (recbuild.c) and the format table (reader.c).
 *
 * Invariant: a format's rules (pubmed.c, ...) see libxml2 only through the callbacks
 * below and the attribute helpers; security (no DTD, no entities), error routing, the
 * push and pull drivers, size limits and the record slots are the scaffold's, the
 * same for every format. A new format is one file with one `coauth_format` and one
 * row in reader.c's table.
 */
#ifndef COAUTH_XMLREADER_INTERNAL_H
#define COAUTH_XMLREADER_INTERNAL_H

#include <coauth/reader.h>

#include "gzsource_internal.h"

#include <libxml/parser.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Element nesting we track (libxml2 itself stops at 256 without XML_PARSE_HUGE). */
#define XR_MAX_DEPTH 1024
/* An arena offset that is no string. */
#define XR_NONE ((size_t)-1)

typedef struct xr_sbuf {
    char *p;
    size_t len, cap;
} xr_sbuf;

/* Repeated metadata, as items of up to three strings (arena offsets) and a flag:
 *   XR_TYPE  {ui, name}            XR_ISSN  {issn, type}       XR_LANG {language}
 *   XR_MESH  {ui, name} + major    XR_GRANT {agency, country, id}
 *   XR_IDENT {source, value}: the identifiers of all affiliations, in order */
enum xr_list { XR_TYPE, XR_ISSN, XR_LANG, XR_MESH, XR_GRANT, XR_IDENT, XR_N_LIST };

typedef struct xr_item {
    size_t a, b, c; /* arena offsets or XR_NONE */
    bool flag;
} xr_item;

typedef struct xr_ilist {
    xr_item *v;
    size_t n, cap;
} xr_ilist;

typedef struct xr_author {
    size_t name; /* arena offset */
    bool collective;
    size_t first_aff, n_aff;
    size_t last, fore, init, coll, orcid; /* arena offsets or XR_NONE */
} xr_author;

typedef struct xr_aff {
    size_t text, len;      /* arena offset, strlen */
    size_t first_id, n_id; /* range of the slot's XR_IDENT list */
    bool legacy;           /* format-defined mark (PubMed: Author/Affiliation) */
    size_t country;        /* structured country: arena offset or XR_NONE */
} xr_aff;

/* One queued (or in-progress) record and its reusable buffers. */
typedef struct xr_slot {
    coauth_record rec;
    xr_sbuf arena; /* NUL-terminated strings, addressed by offset while building */
    xr_author *ia;
    size_t nia, cia;
    xr_aff *iaf;
    size_t niaf, ciaf;
    coauth_author *pa;
    size_t cpa;
    coauth_affiliation *paf;
    size_t cpaf;
    uint64_t *del;
    size_t ndel, cdel;
    xr_ilist list[XR_N_LIST];
} xr_slot;

/* The one-per-record fields a format hands to xr_finish_article (arena offsets or
 * XR_NONE, except the numbers). */
typedef struct xr_article {
    uint64_t pmid;
    uint32_t version;
    int32_t year;
    unsigned aff_layout;
    enum coauth_record_source source;
    size_t title, doi, pmc, nlm_id, journal_iso, journal_title;
} xr_article;

typedef struct coauth_format coauth_format;
struct archive;

#define XR_NAME_CACHE 256

struct coauth_reader {
    const xmlChar *name_key[XR_NAME_CACHE];
    unsigned char name_val[XR_NAME_CACHE];
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

    /* the format, chosen by the root element, and its per-reader state */
    const coauth_format *fmt;
    void *fs;

    /* queue: slots[head..count) are complete; slots[count] is being built */
    xr_slot **slots;
    size_t nslots, head, count;

    /* element stack: the format's element ids */
    unsigned char stack[XR_MAX_DEPTH];
    int depth;
    bool root_seen;

    /* the record being built (rec_depth < 0: none) */
    int rec_depth;
    xr_slot *cur;
    uint64_t rec_line;
    unsigned long rec_start;

    /* text capture: one field at a time, of a format-defined kind */
    int cap_depth; /* -1: not capturing */
    int cap_kind;
    xr_sbuf cap;
    int mute_depth; /* >= 0: text inside this element is left out of the capture */
    /* a side capture inside the open one (xr_side_capture) */
    int side_depth; /* -1: none */
    int side_kind;
    bool side_keep; /* the text goes to the open capture too */
    xr_sbuf side;

    /* PMC Open Access bulk packages: a tar (in gzip) of JATS documents, each parsed in
     * turn into the same record stream (xmlreader.c, coauth_reader_each) */
    bool may_archive;    /* opened from a path: a tar archive is read as a package */
    unsigned char *peek; /* the first bytes of the input, peeked to tell a tar */
    size_t peek_len, peek_pos;
    struct archive *ar;
    char *pkg_name; /* the package's name while `name` names the entry being read */
    uint64_t entries;

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

/* A format's field rules. Element ids are the format's own (0 = an element it does
 * not know); the scaffold keeps them on r->stack. */
struct coauth_format {
    const char *name; /* in messages: "PubMed/MEDLINE" */
    /* Whether a document whose root element is `local` (namespace `uri`, NULL for
     * none) is of this format. */
    bool (*detect)(const xmlChar *local, const xmlChar *uri);
    size_t state_size; /* bytes of per-reader state, zeroed, then init */
    void (*init)(void *fs);
    void (*release)(void *fs); /* free what the state owns (not the state) */
    unsigned char (*element)(const xmlChar *local, const xmlChar *uri);
    /* An element starts at depth d (0 = the root). Called inside a record only while
     * no capture is open, unless the format set inline_markup. */
    void (*start)(coauth_reader *r, void *fs, unsigned char e, int d, int nb_attr,
                  const xmlChar **attrs);
    /* The capture of kind `kind` started at depth d ended with text t (trimmed, white
     * space collapsed, NUL-terminated, n bytes; t may be changed in place). */
    void (*text)(coauth_reader *r, void *fs, int kind, char *t, size_t n);
    /* The element at depth d inside the record ended (after its capture). */
    void (*end)(coauth_reader *r, void *fs, int d);
    /* The record element ended: call xr_finish_article, xr_finish_delete or xr_skip. */
    void (*end_record)(coauth_reader *r, void *fs);
    bool inline_markup; /* start() sees elements inside a capture too */
};

/* ---- reader.c: the format table -------------------------------------------------- */

/* The format whose detect() accepts this root element, or NULL. */
const coauth_format *coauth_format_detect(const xmlChar *local, const xmlChar *uri);
/* "PubMed/MEDLINE" or "PubMed/MEDLINE or JATS": the formats for messages. */
const char *coauth_format_names(void);

extern const coauth_format coauth_format_pubmed;
extern const coauth_format coauth_format_jats;

/* ---- xmlreader.c: scaffold services for the formats ------------------------------ */

/* Record the first failure ("'NAME' line N: what") and stop the parser. */
void xr_reject(coauth_reader *r, coauth_status code, int line, const char *fmt, ...)
    COAUTH_PRINTF(4, 5);
int xr_line(const coauth_reader *r);
/* A non-fatal problem, "'NAME' line N: what", to the warning callback. */
void xr_warn(coauth_reader *r, uint64_t line, const char *fmt, ...) COAUTH_PRINTF(3, 4);

bool xr_sbuf_reserve(coauth_reader *r, xr_sbuf *b, size_t extra);
/* Append n bytes and keep the buffer NUL-terminated (inline: the SAX text path). */
static inline bool xr_sbuf_add(coauth_reader *r, xr_sbuf *b, const char *s, size_t n)
{
    if (!xr_sbuf_reserve(r, b, n))
        return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}
void xr_sbuf_free(xr_sbuf *b);
bool xr_is_ws(char c);
/* Trim and collapse white space in place; returns the new length. */
size_t xr_normalize(char *s, size_t n);
/* A positive decimal integer (after normalize) of at most max; false otherwise. */
bool xr_parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out);

/* Attribute `name` (no namespace) as a pointer and length, or NULL. */
const char *xr_attr(int nb, const xmlChar **attrs, const char *name, size_t *len);
bool xr_attr_is(int nb, const xmlChar **attrs, const char *name, const char *value);
/* xr_attr_is, ignoring ASCII case and surrounding white space. */
bool xr_attr_is_ci(int nb, const xmlChar **attrs, const char *name, const char *value);

/* Start capturing the text of the element at depth d as `kind` (format-defined, > 0). */
void xr_capture(coauth_reader *r, int kind, int d);
/* Leave the text of the element at depth d out of the open capture. */
void xr_mute(coauth_reader *r, int d);
/* Inside an open capture (a format with inline_markup): capture the text of the element
 * at depth d on the side as `kind` too; keep: the text stays in the open capture as
 * well, else it is left out of it. text() gets it when that element ends (before the
 * open capture's). One side capture at a time; ignored without an open capture. */
void xr_side_capture(coauth_reader *r, int kind, int d, bool keep);
/* Append sep to the open capture unless it is empty or its last byte (white space
 * aside) is one of `after`; trailing white space is dropped first. */
void xr_capture_sep(coauth_reader *r, const char *sep, const char *after);

/* ---- recbuild.c: the record being built (r->cur) --------------------------------- */

bool xr_grow(coauth_reader *r, void **p, size_t *cap, size_t n, size_t sz);
/* Start a record whose element is at depth d (false: out of memory, reader failed). */
bool xr_begin_record(coauth_reader *r, int d);
/* Copy a string into the record's arena; its offset or XR_NONE. */
size_t xr_arena_put(coauth_reader *r, const char *s, size_t n);
/* Attribute `name`, normalized, into the arena; XR_NONE when absent or empty. */
size_t xr_attr_put(coauth_reader *r, int nb, const xmlChar **attrs, const char *name);
/* A new item at the end of list l, or NULL (out of memory: the reader has failed). */
xr_item *xr_list_add(coauth_reader *r, enum xr_list l);
xr_item *xr_list_last(coauth_reader *r, enum xr_list l);
/* Add an affiliation string (n > 0) to the record; its index or XR_NONE. */
size_t xr_add_affiliation(coauth_reader *r, const char *t, size_t n, bool legacy);
/* Add an author whose affiliations are [first_aff, niaf): name parts as given (NULL
 * when absent), orcid normalised or NULL. */
bool xr_add_author(coauth_reader *r, const xr_sbuf *last, const xr_sbuf *fore, const xr_sbuf *init,
                   const xr_sbuf *coll, const char *orcid, size_t first_aff);
/* The record is complete: lay out its arrays and queue it (or hand it to the
 * coauth_reader_each callback). */
void xr_finish_article(coauth_reader *r, const xr_article *a);
void xr_finish_delete(coauth_reader *r);
/* Record the PMID of a deletion list. */
bool xr_add_deleted(coauth_reader *r, uint64_t pmid);

/* Slot memory (xmlreader.c's queue). */
void xr_slot_free(xr_slot *s);
void xr_slot_trim(xr_slot *s);
xr_slot *xr_next_slot(coauth_reader *r);

/* An ORCID iD as 0000-0000-0000-000X ("https://orcid.org/...", spaces or hyphens,
 * lower-case x accepted); false when not 15 digits and a check character. */
bool xr_orcid_normalize(const char *t, size_t n, char out[20]);

#endif
