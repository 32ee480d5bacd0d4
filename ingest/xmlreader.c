/* xmlreader.c - the format-neutral streaming XML reader (the coauth_reader API of
 * reader.h): libxml2's SAX2 parser driven in push or pull mode, its security
 * settings, its error routing, the size limits and the record queue. The field rules
 * of each format live in their own file (pubmed.c) behind a coauth_format
 * (xmlreader_internal.h); the root element chooses the format (reader.c).
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
 * fields the format asks for.
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
 * are queued in "slots" (recbuild.c) and returned one at a time; a record still open
 * at the end of the chunk stays in the next free slot and is moved to the front when
 * the queue drains. Slots keep their buffers between records (allocated once,
 * reused); a slot whose buffers grew large is trimmed when the queue drains, so one
 * huge record does not pin memory in every slot.
 *
 * Security (SPEC 2.1): options are XML_PARSE_NONET only -- never XML_PARSE_NOENT
 * (it expands external entities into text), never XML_PARSE_HUGE (it disables the
 * entity-amplification guard), never DTDLOAD/DTDVALID/DTDATTR. The externalSubset
 * SAX callback is left NULL, so a DOCTYPE's DTD URL is accepted and never fetched.
 * entityDecl (and the other declaration callbacks) call xmlStopParser() and set our
 * own `failed` flag, because libxml2 still considers such a document well formed. A
 * reference to an undeclared entity is an error too (libxml2 only warns when the
 * document has an external subset).
 *
 * Errors from libxml2 arrive through the SAX2 `serror` (structured) callback with
 * the reader as its context, so nothing goes to libxml2's global handlers and
 * nothing is printed. Warnings are ignored except the undeclared-entity one;
 * namespace errors (XML_FROM_NAMESPACE, not fatal for libxml2) are ignored: the
 * formats match only elements without a namespace unless they ask for one.
 *
 * Text capture: a format opens one capture at a time (xr_capture); the text of the
 * element and everything inside it is collected, inline markup included (<i>,
 * <sup>), except what xr_mute leaves out; when the element ends the text is trimmed,
 * runs of XML white space are collapsed to one space, and the format's text()
 * receives it. Inside it a format may take one element's text aside as well
 * (xr_side_capture: out of the capture, or copied), e.g. an identifier or a country
 * inside an affiliation, and join elements the source runs together (xr_capture_sep).
 *
 * Packages (PMC Open Access bulk packages): a reader opened from a path peeks at the
 * first 512 inflated bytes in coauth_reader_each(); a POSIX tar header ("ustar" at
 * offset 257) makes it read the input with libarchive (tar format only, fed from the
 * gzsource, so gzip, checksums and MD5 stay ours) and parse every regular .nxml/.xml
 * entry in turn with a fresh parser context and format state, into the same record
 * stream; `name` reads "PACKAGE' entry 'PATH" meanwhile, so messages name both. The
 * first bad entry fails the whole package. Readers from memory (tests, fuzzers) and
 * coauth_reader_next() never see packages, so the two modes keep reading the same.
 */
#include "xmlreader_internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of XML handed to the parser per xmlParseChunk() call. */
#define CHUNK_BYTES (64u * 1024u)

/* Byte position of the parser in the (UTF-8) input. */
static unsigned long current_pos(const coauth_reader *r)
{
    const xmlParserInputPtr in = r->ctxt ? r->ctxt->input : NULL;
    if (!in || !in->cur || !in->base)
        return 0;
    return in->consumed + (unsigned long)(in->cur - in->base);
}

/* The element id of `local` in the document's format. libxml2 interns names in the
 * parser's dictionary, so one name is always the same pointer for the life of the
 * parser context and a pointer-keyed cache is exact. */
static unsigned char element_id(coauth_reader *r, const xmlChar *local, const xmlChar *uri)
{
    if (uri)
        return r->fmt->element(local, uri);
    size_t h = ((uintptr_t)local >> 3) & (XR_NAME_CACHE - 1);
    if (r->name_key[h] == local)
        return r->name_val[h];
    unsigned char e = r->fmt->element(local, NULL);
    r->name_key[h] = local;
    r->name_val[h] = e;
    return e;
}

static bool check_size(coauth_reader *r)
{
    unsigned long pos = current_pos(r);
    if (pos > r->rec_start && pos - r->rec_start > COAUTH_MAX_RECORD_BYTES) {
        xr_reject(r, COAUTH_ELIMIT, (int)r->rec_line, "record over %u bytes (the reader's limit)",
                  COAUTH_MAX_RECORD_BYTES);
        return false;
    }
    return true;
}

/* The document's root element chooses the format. */
static bool choose_format(coauth_reader *r, const xmlChar *local, const xmlChar *uri)
{
    r->root_seen = true;
    r->fmt = coauth_format_detect(local, uri);
    if (!r->fmt) {
        xr_reject(r, COAUTH_EFORMAT, xr_line(r), "not a %s document (root element '%s')",
                  coauth_format_names(), (const char *)local);
        return false;
    }
    r->fs = calloc(1, r->fmt->state_size ? r->fmt->state_size : 1);
    if (!r->fs) {
        r->fmt = NULL;
        xr_reject(r, COAUTH_ENOMEM, xr_line(r), "out of memory");
        return false;
    }
    if (r->fmt->init)
        r->fmt->init(r->fs);
    return true;
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
    int d = r->depth;
    if (d >= XR_MAX_DEPTH) {
        xr_reject(r, COAUTH_ELIMIT, xr_line(r), "elements nested deeper than %d", XR_MAX_DEPTH);
        return;
    }
    if (d == 0 && !choose_format(r, local, uri))
        return;
    unsigned char e = element_id(r, local, uri);
    r->stack[d] = e;
    r->depth++;
    if (r->rec_depth >= 0 && (!check_size(r) || (r->cap_depth >= 0 && !r->fmt->inline_markup)))
        return; /* inline markup inside a captured field */
    r->fmt->start(r, r->fs, e, d, nb_attr, attrs);
}

static void end_side(coauth_reader *r)
{
    int kind = r->side_kind;
    r->side_depth = -1;
    r->side_kind = 0;
    if (!xr_sbuf_reserve(r, &r->side, 0))
        return;
    size_t n = xr_normalize(r->side.p, r->side.len);
    r->side.len = n;
    r->fmt->text(r, r->fs, kind, r->side.p, n);
}

static void end_capture(coauth_reader *r)
{
    int kind = r->cap_kind;
    r->cap_depth = -1;
    r->cap_kind = 0;
    r->mute_depth = -1;
    r->side_depth = -1;
    if (!xr_sbuf_reserve(r, &r->cap, 0))
        return;
    size_t n = xr_normalize(r->cap.p, r->cap.len);
    r->cap.len = n;
    r->fmt->text(r, r->fs, kind, r->cap.p, n);
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
    if (r->mute_depth == d)
        r->mute_depth = -1;
    if (r->rec_depth < 0)
        return;
    if (!check_size(r))
        return;
    if (r->side_depth == d)
        end_side(r);
    if (r->cap_depth == d)
        end_capture(r);
    if (d == r->rec_depth) {
        r->rec_depth = -1;
        if (r->cur && !r->failed)
            r->fmt->end_record(r, r->fs);
        r->cur = NULL;
        return;
    }
    r->fmt->end(r, r->fs, d);
}

static void on_chars(void *ud, const xmlChar *ch, int len)
{
    coauth_reader *r = ud;
    if (r->failed || r->cap_depth < 0 || len <= 0)
        return;
    if (!check_size(r))
        return;
    if (r->side_depth >= 0) {
        if (!xr_sbuf_add(r, &r->side, (const char *)ch, (size_t)len) || !r->side_keep)
            return;
    }
    if (r->mute_depth >= 0)
        return;
    xr_sbuf_add(r, &r->cap, (const char *)ch, (size_t)len);
}

static void on_entity_decl(void *ud, const xmlChar *name, int type, const xmlChar *public_id,
                           const xmlChar *system_id, xmlChar *content)
{
    (void)type;
    (void)public_id;
    (void)system_id;
    (void)content;
    coauth_reader *r = ud;
    xr_reject(r, COAUTH_EFORMAT, xr_line(r),
              "entity declaration '%s' rejected (entities are never expanded)",
              name ? (const char *)name : "?");
}

static void on_unparsed_entity_decl(void *ud, const xmlChar *name, const xmlChar *public_id,
                                    const xmlChar *system_id, const xmlChar *notation)
{
    on_entity_decl(ud, name, 0, public_id, system_id, (xmlChar *)(uintptr_t)notation);
}

static void on_decl(coauth_reader *r, const char *what, const xmlChar *name)
{
    xr_reject(r, COAUTH_EFORMAT, xr_line(r),
              "%s declaration '%s' rejected (no internal DTD subset is read)", what,
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
    while (n && xr_is_ws(msg[n - 1]))
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
    xr_reject(r, e->code == XML_ERR_NO_MEMORY ? COAUTH_ENOMEM : COAUTH_EFORMAT,
              e->line > 0 ? e->line : xr_line(r), "%s", msg);
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
    while (n && xr_is_ws(msg[n - 1]))
        msg[--n] = '\0';
    r->in_error_cb = true;
    xr_reject(r, COAUTH_EFORMAT, xr_line(r), "%s", n ? msg : "XML error");
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
    r->mute_depth = -1;
    r->side_depth = -1;
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
    st = reader_new(out, src, name, err);
    if (!st)
        (*out)->may_archive = true;
    return st;
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
        xr_slot *t = r->slots[0];
        r->slots[0] = r->slots[in_progress];
        r->slots[in_progress] = t;
    }
    for (size_t i = 1; i < r->nslots; i++)
        if (r->slots[i])
            xr_slot_trim(r->slots[i]);
    if (r->rec_depth < 0 && r->nslots && r->slots[0])
        xr_slot_trim(r->slots[0]);
    r->cur = r->rec_depth >= 0 && r->nslots ? r->slots[0] : NULL;
    r->head = r->count = 0;
}

/* A read error of the gzip source, "'NAME': what", re-issued as "'NAME' line N: what". */
static void source_failed(coauth_reader *r, coauth_status st, const coauth_error *ge)
{
    const char *what = ge->msg;
    const char *src_name = r->pkg_name ? r->pkg_name : r->name;
    size_t nl = strlen(src_name);
    if (what[0] == '\'' && strncmp(what + 1, src_name, nl) == 0 &&
        strncmp(what + 1 + nl, "': ", 3) == 0)
        what += nl + 4;
    xr_reject(r, st, xr_line(r), "%s", what);
}

/* The input is exhausted and libxml2 has returned `xr`: the end-of-document checks. */
static void end_checks(coauth_reader *r, int xr)
{
    r->finished = true;
    if (r->failed)
        return;
    if (r->fed == 0) {
        xr_reject(r, COAUTH_EFORMAT, 1, "empty file%s",
                  coauth_gzsource_is_gzip(r->src) ? " (the gzip data holds no bytes)" : "");
        return;
    }
    if (xr != 0)
        xr_reject(r, COAUTH_EFORMAT, xr_line(r), "malformed XML (libxml2 error %d)", xr);
    /* Our own check, independent of libxml2's flags: a halted parser (e.g. after an
     * encoder error) may still say "well formed". */
    if (!r->failed && r->root_seen && r->depth != 0)
        xr_reject(r, COAUTH_EFORMAT, xr_line(r), "unexpected end of file (%d element%s not closed)",
                  r->depth, r->depth == 1 ? "" : "s");
    if (!r->failed && !r->ctxt->wellFormed)
        xr_reject(r, COAUTH_EFORMAT, xr_line(r), "malformed XML");
    if (!r->failed && !r->root_seen)
        xr_reject(r, COAUTH_EFORMAT, xr_line(r), "not a %s document (no root element)",
                  coauth_format_names());
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
            xr_reject(r, COAUTH_ENOMEM, 1, "cannot create an XML parser");
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
            xr_reject(r, COAUTH_EFORMAT, xr_line(r), "malformed XML (libxml2 error %d)", xr);
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
/* Read from the source, the peeked head first. */
static coauth_status source_read(coauth_reader *r, void *buf, size_t len, size_t *got,
                                 coauth_error *ge)
{
    if (r->peek_pos < r->peek_len) {
        size_t n = r->peek_len - r->peek_pos;
        if (n > len)
            n = len;
        memcpy(buf, r->peek + r->peek_pos, n);
        r->peek_pos += n;
        *got = n;
        return COAUTH_OK;
    }
    return coauth_gzsource_read(r->src, buf, len, got, ge);
}

static int each_read(void *ud, char *buf, int len)
{
    coauth_reader *r = ud;
    if (r->failed || len <= 0)
        return r->failed ? -1 : 0;
    size_t got = 0;
    coauth_error ge = COAUTH_ERROR_INIT;
    coauth_status st = source_read(r, buf, (size_t)len, &got, &ge);
    if (st == COAUTH_EOF) {
        if (r->fed == 0) { /* the same message as coauth_reader_next() */
            r->in_error_cb = true;
            xr_reject(r, COAUTH_EFORMAT, 1, "empty file%s",
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

/* ---- PMC Open Access bulk packages (tar archives of JATS documents) --------------- */

/* Bytes peeked to tell a tar archive: a POSIX tar header has "ustar" at offset 257. */
#define HEAD_BYTES 512

static bool peek_head(coauth_reader *r)
{
    r->peek = malloc(HEAD_BYTES);
    if (!r->peek) {
        xr_reject(r, COAUTH_ENOMEM, 1, "out of memory");
        return false;
    }
    while (r->peek_len < HEAD_BYTES) {
        size_t got = 0;
        coauth_error ge = COAUTH_ERROR_INIT;
        coauth_status st = coauth_gzsource_read(r->src, r->peek + r->peek_len,
                                                HEAD_BYTES - r->peek_len, &got, &ge);
        if (st == COAUTH_EOF)
            break;
        if (st < 0) {
            source_failed(r, st, &ge);
            return false;
        }
        r->peek_len += got;
    }
    return true;
}

static bool head_is_tar(const coauth_reader *r)
{
    return r->peek_len >= 263 && memcmp(r->peek + 257, "ustar", 5) == 0;
}

/* A package-level failure: "'PACKAGE': what". */
static void reject_package(coauth_reader *r, coauth_status code, const char *what)
{
    if (r->failed)
        return;
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_fail(&e, code, "'%s': %s", r->pkg_name ? r->pkg_name : r->name, what);
    memcpy(r->fail_msg, e.msg, sizeof r->fail_msg);
    r->fail_code = code;
    r->failed = true;
}

/* libarchive's read callback: the (inflated) bytes of the package. */
static la_ssize_t archive_read_cb(struct archive *a, void *ud, const void **buf)
{
    coauth_reader *r = ud;
    if (r->failed)
        return -1;
    if (r->peek_pos < r->peek_len) {
        *buf = r->peek + r->peek_pos;
        size_t n = r->peek_len - r->peek_pos;
        r->peek_pos = r->peek_len;
        return (la_ssize_t)n;
    }
    size_t got = 0;
    coauth_error ge = COAUTH_ERROR_INIT;
    coauth_status st = coauth_gzsource_read(r->src, r->chunk, CHUNK_BYTES, &got, &ge);
    if (st == COAUTH_EOF)
        return 0;
    if (st < 0) {
        r->in_error_cb = true;
        source_failed(r, st, &ge);
        r->in_error_cb = false;
        archive_set_error(a, EIO, "read error");
        return -1;
    }
    *buf = r->chunk;
    return (la_ssize_t)got;
}

/* libxml2's input callback for an entry of the package. */
static int entry_read(void *ud, char *buf, int len)
{
    coauth_reader *r = ud;
    if (r->failed || len <= 0)
        return r->failed ? -1 : 0;
    la_ssize_t n = archive_read_data(r->ar, buf, (size_t)len);
    if (n < 0) {
        r->in_error_cb = true;
        if (!r->failed)
            xr_reject(r, COAUTH_EFORMAT, xr_line(r), "%s", archive_error_string(r->ar));
        r->in_error_cb = false;
        return -1;
    }
    if (n == 0 && r->fed == 0) {
        r->in_error_cb = true;
        xr_reject(r, COAUTH_EFORMAT, 1, "empty file");
        r->in_error_cb = false;
    }
    r->fed += (uint64_t)n;
    return (int)n;
}

/* Forget the previous document: a new parser, format and element stack. */
static void reset_document(coauth_reader *r)
{
    if (r->fs && r->fmt && r->fmt->release)
        r->fmt->release(r->fs);
    free(r->fs);
    r->fs = NULL;
    r->fmt = NULL;
    memset(r->name_key, 0, sizeof r->name_key);
    r->depth = 0;
    r->root_seen = false;
    r->rec_depth = -1;
    r->cap_depth = -1;
    r->mute_depth = -1;
    r->side_depth = -1;
    r->cur = NULL;
    r->finished = false;
    r->fed = 0;
}

static void free_ctxt(coauth_reader *r)
{
    if (!r->ctxt)
        return;
    if (r->ctxt->myDoc)
        xmlFreeDoc(r->ctxt->myDoc);
    xmlFreeParserCtxt(r->ctxt);
    r->ctxt = NULL;
}

/* Whether an entry is a JATS document of the package: a name ending in .nxml or .xml. */
static bool jats_entry(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcasecmp(path + n - 5, ".nxml") == 0) ||
           (n > 4 && strcasecmp(path + n - 4, ".xml") == 0);
}

/* Parse the document of r->ctxt to its end (pull mode, reading through `more`), then
 * the end-of-document checks. NONET only: see the design notes (never NOENT, HUGE,
 * DTDLOAD, DTDVALID). Pull mode takes a NUL byte after the root element for the end of
 * the input and leaves what follows unread; push mode (and the document) say it is
 * extra content. Anything left unread is that error here too. */
static void parse_document(coauth_reader *r, int (*more)(void *ud, char *buf, int len))
{
    xmlCtxtUseOptions(r->ctxt, XML_PARSE_NONET);
    saved_handlers h = route_errors(r);
    int xr = xmlParseDocument(r->ctxt);
    restore_errors(&h);
    if (xr == 0 && !r->failed) {
        xmlParserInputPtr in = r->ctxt->input;
        char c;
        if ((in && in->cur && in->end && in->cur < in->end) || more(r, &c, 1) > 0)
            xr_reject(r, COAUTH_EFORMAT, xr_line(r), "extra content at the end of the document");
    }
    end_checks(r, xr);
}

static void parse_entry(coauth_reader *r, const char *path)
{
    reset_document(r);
    size_t n = strlen(r->pkg_name) + strlen(path) + 16;
    char *name = malloc(n);
    if (!name) {
        reject_package(r, COAUTH_ENOMEM, "out of memory");
        return;
    }
    /* messages read "'PACKAGE' entry 'PATH' line N: what" */
    snprintf(name, n, "%s' entry '%s", r->pkg_name, path);
    free(r->name);
    r->name = name;
    r->ctxt = xmlCreateIOParserCtxt(&r->sax, r, entry_read, each_close, r, XML_CHAR_ENCODING_NONE);
    if (!r->ctxt) {
        if (!r->failed)
            xr_reject(r, COAUTH_ENOMEM, 1, "cannot create an XML parser");
        return;
    }
    parse_document(r, entry_read);
    free_ctxt(r);
}

/* Every .nxml/.xml regular entry of the package, in archive order, as one stream of
 * records; the first bad entry fails the whole package. */
static coauth_status each_archive(coauth_reader *r, coauth_error *err)
{
    r->chunk = malloc(CHUNK_BYTES);
    r->ar = archive_read_new();
    r->pkg_name = r->name;
    r->name = strdup(r->pkg_name);
    if (!r->chunk || !r->ar || !r->name || archive_read_support_format_tar(r->ar) != ARCHIVE_OK) {
        reject_package(r, COAUTH_ENOMEM, "out of memory");
        return failed(r, err);
    }
    if (archive_read_open(r->ar, r, NULL, archive_read_cb, NULL) != ARCHIVE_OK) {
        reject_package(r, COAUTH_EFORMAT, archive_error_string(r->ar));
        return failed(r, err);
    }
    while (!r->failed) {
        struct archive_entry *e = NULL;
        int rc = archive_read_next_header(r->ar, &e);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc < ARCHIVE_WARN) {
            char what[COAUTH_ERRMSG_MAX];
            const char *why = archive_error_string(r->ar);
            snprintf(what, sizeof what, "bad tar archive%s%s", why ? ": " : "", why ? why : "");
            reject_package(r, COAUTH_EFORMAT, what);
            break;
        }
        const char *path = archive_entry_pathname(e);
        if (archive_entry_filetype(e) != AE_IFREG || !path || !jats_entry(path))
            continue;
        parse_entry(r, path);
        r->entries++;
    }
    /* the rest of the input (the archive's padding): read to its end, so that gzip's
     * checks and the file's checksum cover every byte */
    while (!r->failed) {
        size_t got = 0;
        coauth_error ge = COAUTH_ERROR_INIT;
        coauth_status st = source_read(r, r->chunk, CHUNK_BYTES, &got, &ge);
        if (st == COAUTH_EOF)
            break;
        if (st < 0)
            source_failed(r, st, &ge);
    }
    free(r->name);
    r->name = r->pkg_name;
    r->pkg_name = NULL;
    if (!r->failed && r->entries == 0)
        reject_package(r, COAUTH_EFORMAT, "package without any .nxml or .xml entry");
    r->finished = true;
    if (r->failed)
        return failed(r, err);
    return COAUTH_OK;
}

coauth_status coauth_reader_each(coauth_reader *r, coauth_record_fn fn, void *ud, coauth_error *err)
{
    if (r->ctxt || r->finished || r->failed || r->peek) {
        if (r->failed)
            return failed(r, err);
        return coauth_fail(err, COAUTH_EINVAL, "'%s': reader already in use", r->name);
    }
    r->each_fn = fn;
    r->each_ud = ud;
    if (r->may_archive) {
        if (!peek_head(r))
            return failed(r, err);
        if (head_is_tar(r))
            return each_archive(r, err);
    }
    r->ctxt = xmlCreateIOParserCtxt(&r->sax, r, each_read, each_close, r, XML_CHAR_ENCODING_NONE);
    if (!r->ctxt) {
        if (!r->failed)
            xr_reject(r, COAUTH_ENOMEM, 1, "cannot create an XML parser");
        return failed(r, err);
    }
    parse_document(r, each_read);
    if (r->failed)
        return failed(r, err);
    return COAUTH_OK;
}

void coauth_reader_set_cancel(coauth_reader *r, const bool *flag)
{
    coauth_gzsource_set_cancel(r->src, flag);
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
    free_ctxt(r);
    if (r->ar)
        archive_read_free(r->ar);
    free(r->peek);
    if (r->pkg_name) { /* freed mid-package: name is the entry's */
        free(r->name);
        r->name = r->pkg_name;
    }
    for (size_t i = 0; i < r->nslots; i++)
        xr_slot_free(r->slots[i]);
    free(r->slots);
    if (r->fs && r->fmt->release)
        r->fmt->release(r->fs);
    free(r->fs);
    xr_sbuf_free(&r->cap);
    xr_sbuf_free(&r->side);
    coauth_gzsource_free(r->src);
    free(r->chunk);
    free(r->name);
    free(r);
}
