/* recbuild.c - the record a format's rules fill: slots, their arena, the author,
 * affiliation and metadata lists, and the layout of the finished coauth_record.
 *
 * Invariant: while a record is built every string lives in its slot's arena and is
 * addressed by offset (the arena may move); xr_finish_article lays the record's
 * arrays out at the end of the arena and only then takes pointers, so a finished
 * record is one arena plus the slot's arrays, reused by the next record.
 */
#include "xmlreader_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Slot buffers above this are freed when the queue drains. */
#define SLOT_KEEP_BYTES (256u * 1024u)

void xr_slot_free(xr_slot *s)
{
    if (!s)
        return;
    xr_sbuf_free(&s->arena);
    free(s->ia);
    free(s->iaf);
    free(s->pa);
    free(s->paf);
    free(s->del);
    for (int l = 0; l < XR_N_LIST; l++)
        free(s->list[l].v);
    free(s);
}

/* Free one array of a slot that grew large (it is re-grown on demand). */
static void trim_array(void **p, size_t *cap, size_t sz)
{
    if (*cap * sz > SLOT_KEEP_BYTES) {
        free(*p);
        *p = NULL;
        *cap = 0;
    }
}

void xr_slot_trim(xr_slot *s)
{
    if (s->arena.cap > SLOT_KEEP_BYTES)
        xr_sbuf_free(&s->arena);
    trim_array((void **)&s->ia, &s->cia, sizeof *s->ia);
    trim_array((void **)&s->iaf, &s->ciaf, sizeof *s->iaf);
    trim_array((void **)&s->pa, &s->cpa, sizeof *s->pa);
    trim_array((void **)&s->paf, &s->cpaf, sizeof *s->paf);
    trim_array((void **)&s->del, &s->cdel, sizeof *s->del);
    for (int l = 0; l < XR_N_LIST; l++)
        trim_array((void **)&s->list[l].v, &s->list[l].cap, sizeof(xr_item));
}

bool xr_grow(coauth_reader *r, void **p, size_t *cap, size_t n, size_t sz)
{
    if (n <= *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 16;
    while (nc < n)
        nc *= 2;
    if (nc > SIZE_MAX / sz) {
        xr_reject(r, COAUTH_ENOMEM, xr_line(r), "out of memory");
        return false;
    }
    void *q = realloc(*p, nc * sz);
    if (!q) {
        xr_reject(r, COAUTH_ENOMEM, xr_line(r), "out of memory");
        return false;
    }
    *p = q;
    *cap = nc;
    return true;
}

xr_slot *xr_next_slot(coauth_reader *r)
{
    if (r->count == r->nslots) {
        size_t nn = r->nslots ? r->nslots * 2 : 8;
        xr_slot **ns = realloc(r->slots, nn * sizeof *ns);
        if (!ns) {
            xr_reject(r, COAUTH_ENOMEM, xr_line(r), "out of memory");
            return NULL;
        }
        for (size_t i = r->nslots; i < nn; i++)
            ns[i] = NULL;
        r->slots = ns;
        r->nslots = nn;
    }
    if (!r->slots[r->count]) {
        r->slots[r->count] = calloc(1, sizeof(xr_slot));
        if (!r->slots[r->count]) {
            xr_reject(r, COAUTH_ENOMEM, xr_line(r), "out of memory");
            return NULL;
        }
    }
    return r->slots[r->count];
}

bool xr_begin_record(coauth_reader *r, int d)
{
    xr_slot *s = xr_next_slot(r);
    if (!s)
        return false;
    r->cur = s;
    s->arena.len = 0;
    s->nia = s->niaf = s->ndel = 0;
    for (int l = 0; l < XR_N_LIST; l++)
        s->list[l].n = 0;
    r->rec_depth = d;
    r->rec_line = (uint64_t)xr_line(r);
    const xmlParserInputPtr in = r->ctxt ? r->ctxt->input : NULL;
    r->rec_start =
        in && in->cur && in->base ? in->consumed + (unsigned long)(in->cur - in->base) : 0;
    r->cap_depth = -1;
    r->mute_depth = -1;
    r->side_depth = -1;
    return true;
}

size_t xr_arena_put(coauth_reader *r, const char *s, size_t n)
{
    xr_sbuf *a = &r->cur->arena;
    size_t off = a->len;
    if (!xr_sbuf_add(r, a, s, n) || !xr_sbuf_add(r, a, "", 1))
        return XR_NONE;
    return off;
}

size_t xr_attr_put(coauth_reader *r, int nb, const xmlChar **attrs, const char *name)
{
    size_t n = 0;
    const char *v = xr_attr(nb, attrs, name, &n);
    xr_sbuf *a = &r->cur->arena;
    size_t off = a->len;
    if (!v || !xr_sbuf_add(r, a, v, n))
        return XR_NONE;
    a->len = off + xr_normalize(a->p + off, n);
    if (a->len == off)
        return XR_NONE;
    return xr_sbuf_add(r, a, "", 1) ? off : XR_NONE;
}

xr_item *xr_list_add(coauth_reader *r, enum xr_list l)
{
    xr_ilist *li = &r->cur->list[l];
    if (!xr_grow(r, (void **)&li->v, &li->cap, li->n + 1, sizeof *li->v))
        return NULL;
    xr_item *it = &li->v[li->n++];
    it->a = it->b = it->c = XR_NONE;
    it->flag = false;
    return it;
}

xr_item *xr_list_last(coauth_reader *r, enum xr_list l)
{
    xr_ilist *li = &r->cur->list[l];
    return li->n ? &li->v[li->n - 1] : NULL;
}

size_t xr_add_affiliation(coauth_reader *r, const char *t, size_t n, bool legacy)
{
    xr_slot *s = r->cur;
    if (s->niaf >= COAUTH_READER_MAX_AFFILIATIONS) {
        xr_reject(r, COAUTH_ELIMIT, xr_line(r), "record with more than %u affiliations",
                  COAUTH_READER_MAX_AFFILIATIONS);
        return XR_NONE;
    }
    if (!xr_grow(r, (void **)&s->iaf, &s->ciaf, s->niaf + 1, sizeof *s->iaf))
        return XR_NONE;
    size_t off = xr_arena_put(r, t, n);
    if (off == XR_NONE)
        return XR_NONE;
    s->iaf[s->niaf] = (xr_aff){off, n, 0, 0, legacy, XR_NONE};
    return s->niaf++;
}

bool xr_add_author(coauth_reader *r, const xr_sbuf *last, const xr_sbuf *fore, const xr_sbuf *init,
                   const xr_sbuf *coll, const char *orcid, size_t first_aff)
{
    xr_slot *s = r->cur;
    if (s->nia >= COAUTH_READER_MAX_AUTHORS) {
        xr_reject(r, COAUTH_ELIMIT, xr_line(r), "record with more than %u authors",
                  COAUTH_READER_MAX_AUTHORS);
        return false;
    }
    if (!xr_grow(r, (void **)&s->ia, &s->cia, s->nia + 1, sizeof *s->ia))
        return false;
    xr_author *a = &s->ia[s->nia];
    a->collective = coll != NULL;
    size_t off;
    if (coll) {
        off = xr_arena_put(r, coll->p, coll->len);
    } else if (last && fore && fore->len) {
        off = xr_arena_put(r, last->p, last->len);
        if (off != XR_NONE) {
            s->arena.len--; /* drop the NUL, append ", ForeName" */
            if (!xr_sbuf_add(r, &s->arena, ", ", 2) ||
                !xr_sbuf_add(r, &s->arena, fore->p, fore->len) || !xr_sbuf_add(r, &s->arena, "", 1))
                off = XR_NONE;
        }
    } else if (last) {
        off = xr_arena_put(r, last->p, last->len);
    } else if (fore) {
        off = xr_arena_put(r, fore->p, fore->len);
    } else {
        off = xr_arena_put(r, "", 0);
    }
    if (off == XR_NONE)
        return false;
    a->name = off;
    a->last = last ? xr_arena_put(r, last->p, last->len) : XR_NONE;
    a->fore = fore ? xr_arena_put(r, fore->p, fore->len) : XR_NONE;
    a->init = init ? xr_arena_put(r, init->p, init->len) : XR_NONE;
    a->coll = coll ? xr_arena_put(r, coll->p, coll->len) : XR_NONE;
    a->orcid = orcid ? xr_arena_put(r, orcid, strlen(orcid)) : XR_NONE;
    if (r->failed)
        return false;
    a->first_aff = first_aff;
    a->n_aff = s->niaf - first_aff;
    s->nia++;
    return true;
}

bool xr_add_deleted(coauth_reader *r, uint64_t pmid)
{
    xr_slot *s = r->cur;
    if (!xr_grow(r, (void **)&s->del, &s->cdel, s->ndel + 1, sizeof *s->del))
        return false;
    s->del[s->ndel++] = pmid;
    return true;
}

/* The record in slots[count] is complete: queue it (coauth_reader_next), or hand it
 * to the callback and reuse its slot (coauth_reader_each). */
static void record_done(coauth_reader *r)
{
    if (!r->each_fn) {
        r->count++;
        return;
    }
    xr_slot *s = r->slots[r->count];
    coauth_error e = COAUTH_ERROR_INIT;
    coauth_status st = r->each_fn(r->each_ud, &s->rec, &e);
    xr_slot_trim(s);
    if (st && !r->failed) {
        memcpy(r->fail_msg, e.msg, sizeof r->fail_msg);
        r->fail_code = st < COAUTH_EOF ? st : COAUTH_EINVAL;
        if (!r->fail_msg[0])
            snprintf(r->fail_msg, sizeof r->fail_msg, "record callback failed");
        r->failed = true;
        xmlStopParser(r->ctxt);
    }
}

void xr_finish_delete(coauth_reader *r)
{
    xr_slot *s = r->cur;
    coauth_record *rec = &s->rec;
    memset(rec, 0, sizeof *rec);
    rec->line = r->rec_line;
    rec->version = 1;
    rec->kind = COAUTH_RECORD_DELETE;
    rec->n_deleted = s->ndel;
    rec->deleted = s->del;
    record_done(r);
}

void xr_finish_article(coauth_reader *r, const xr_article *a)
{
    xr_slot *s = r->cur;
    coauth_record *rec = &s->rec;
    memset(rec, 0, sizeof *rec);
    rec->line = r->rec_line;
    rec->kind = COAUTH_RECORD_ARTICLE;
    rec->source = a->source;
    rec->pmid = a->pmid;
    rec->version = a->version;
    rec->year = a->year;
    if (!xr_grow(r, (void **)&s->pa, &s->cpa, s->nia, sizeof *s->pa) ||
        !xr_grow(r, (void **)&s->paf, &s->cpaf, s->niaf, sizeof *s->paf))
        return;
    /* The metadata arrays live at the end of the arena: reserve them first, since the
     * arena's strings do not move after that. */
    const xr_ilist *li = s->list;
    size_t offs[XR_N_LIST],
        sizes[XR_N_LIST] = {
            li[XR_TYPE].n * sizeof(coauth_pubtype), li[XR_ISSN].n * sizeof(coauth_issn),
            li[XR_LANG].n * sizeof(const char *),   li[XR_MESH].n * sizeof(coauth_mesh),
            li[XR_GRANT].n * sizeof(coauth_grant),  li[XR_IDENT].n * sizeof(coauth_ident)};
    size_t total = 0;
    for (int l = 0; l < XR_N_LIST; l++) {
        offs[l] = total;
        total += (sizes[l] + 15) & ~(size_t)15;
    }
    if (!xr_sbuf_reserve(r, &s->arena, total + 16))
        return;
    char *base = s->arena.p + ((s->arena.len + 15) & ~(size_t)15);
    s->arena.len = (size_t)(base - s->arena.p) + total;
    const char *ap = s->arena.p;
#define STR(o) ((o) == XR_NONE ? NULL : ap + (o))
    coauth_pubtype *types = (coauth_pubtype *)(void *)(base + offs[XR_TYPE]);
    for (size_t i = 0; i < li[XR_TYPE].n; i++)
        types[i] = (coauth_pubtype){STR(li[XR_TYPE].v[i].a), STR(li[XR_TYPE].v[i].b)};
    coauth_issn *issns = (coauth_issn *)(void *)(base + offs[XR_ISSN]);
    for (size_t i = 0; i < li[XR_ISSN].n; i++)
        issns[i] = (coauth_issn){STR(li[XR_ISSN].v[i].a), STR(li[XR_ISSN].v[i].b)};
    const char **langs = (const char **)(void *)(base + offs[XR_LANG]);
    for (size_t i = 0; i < li[XR_LANG].n; i++)
        langs[i] = STR(li[XR_LANG].v[i].a);
    coauth_mesh *mesh = (coauth_mesh *)(void *)(base + offs[XR_MESH]);
    for (size_t i = 0; i < li[XR_MESH].n; i++)
        mesh[i] =
            (coauth_mesh){STR(li[XR_MESH].v[i].a), STR(li[XR_MESH].v[i].b), li[XR_MESH].v[i].flag};
    coauth_grant *grants = (coauth_grant *)(void *)(base + offs[XR_GRANT]);
    for (size_t i = 0; i < li[XR_GRANT].n; i++)
        grants[i] = (coauth_grant){STR(li[XR_GRANT].v[i].a), STR(li[XR_GRANT].v[i].b),
                                   STR(li[XR_GRANT].v[i].c)};
    coauth_ident *ids = (coauth_ident *)(void *)(base + offs[XR_IDENT]);
    for (size_t i = 0; i < li[XR_IDENT].n; i++) {
        const char *src = STR(li[XR_IDENT].v[i].a);
        ids[i] = (coauth_ident){src ? src : "", STR(li[XR_IDENT].v[i].b)};
    }
    for (size_t i = 0; i < s->nia; i++) {
        const xr_author *ia = &s->ia[i];
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
        const xr_aff *f = &s->iaf[i];
        s->paf[i] = (coauth_affiliation){.text = ap + f->text,
                                         .len = f->len,
                                         .n_identifiers = f->n_id,
                                         .identifiers = f->n_id ? ids + f->first_id : NULL,
                                         .country = STR(f->country)};
    }
    rec->n_authors = s->nia;
    rec->authors = s->nia ? s->pa : NULL;
    rec->n_affiliations = s->niaf;
    rec->affiliations = s->niaf ? s->paf : NULL;
    rec->aff_layout = a->aff_layout;
    rec->title = STR(a->title);
    rec->doi = STR(a->doi);
    rec->pmc = STR(a->pmc);
    rec->nlm_id = STR(a->nlm_id);
    rec->journal_iso = STR(a->journal_iso);
    rec->journal_title = STR(a->journal_title);
#undef STR
    rec->n_types = li[XR_TYPE].n;
    rec->types = rec->n_types ? types : NULL;
    rec->n_issns = li[XR_ISSN].n;
    rec->issns = rec->n_issns ? issns : NULL;
    rec->n_languages = li[XR_LANG].n;
    rec->languages = rec->n_languages ? langs : NULL;
    rec->n_mesh = li[XR_MESH].n;
    rec->mesh = rec->n_mesh ? mesh : NULL;
    rec->n_grants = li[XR_GRANT].n;
    rec->grants = rec->n_grants ? grants : NULL;
    record_done(r);
}

bool xr_orcid_normalize(const char *t, size_t n, char out[20])
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
