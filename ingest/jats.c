/* jats.c - the JATS 1.x field rules of the streaming reader (PMC .nxml, eLife, PLOS,
 * SciELO; SPEC 2.2). The scaffold, its security and its limits are xmlreader.c's; the
 * format table is reader.c's.
 *
 * Invariant: JATS element names appear in this file only; a record is the root
 * `article` (or each `article` child of a `pmc-articleset` root) and is read from
 * front/article-meta and front/journal-meta only, so the contributors, affiliations
 * and ids of references, sub-articles (eLife's decision letters) and back matter are
 * never the paper's.
 *
 * Field rules:
 * - Key: article-meta/article-id of pub-id-type "pmid", else "pmc"/"pmcid" (kept as
 *   "PMC<digits>"), else "doi"; without a PMID the record's key is COAUTH_KEY_PMC +
 *   the PMC number or COAUTH_KEY_DOI + a hash of the DOI (record.h). An article with
 *   none of the three is skipped with a warning.
 * - Year: the first of pub-date epub (pub-type "epub" or "epub-ppub", or date-type
 *   "pub"/"publication" with publication-format "electronic"), ppub (pub-type "ppub",
 *   or date-type "pub" in print), collection (pub-type or date-type "collection"),
 *   then the first pub-date of any kind; its `year` child, four digits.
 * - Authors: article-meta/contrib-group/contrib[@contrib-type="author"], in order; the
 *   name is the first `name` (surname, given-names) below the contrib, or its
 *   `collab`; a contrib-group nested in the contrib (a collaboration's members) is
 *   not read, nor left in the collab's text.
 * - Affiliations: every `aff` below article-meta (not inside another aff; inside an
 *   aff-alternatives only its first aff, under the aff-alternatives' id). A contrib's
 *   affiliations are, in document order, the affs its xref[@ref-type="aff"] point to
 *   (rid may list several ids) and the affs inside the contrib; each once. An aff
 *   outside the contribs that no xref points to belongs to every author when it is the
 *   only aff outside the contribs. The affs are buffered per record and linked when the
 *   article ends, since they may come before or after the contribs. Affs inside a
 *   contrib that is not an author (editors) are not read.
 * - Affiliation text: the aff flattened, `label` and `institution-id` left out, ", "
 *   put before institution, institution-wrap, addr-line, city, state, postal-code,
 *   country and named-content when the text before it (white space aside) does not
 *   already end in ',', ';' or '(' (eLife writes those elements without separators).
 *   `institution-id` (ROR, GRID, ISNI, Ringgold) is kept as (source upper-cased,
 *   value), like PubMed's AffiliationInfo/Identifier. `country` is the structured
 *   country: its country attribute when two letters (upper-cased), else its text.
 * - Metadata: article-type mapped to PubMed publication types (table below; an
 *   unlisted type is kept by its own name, which makes the paper non-research);
 *   article-title; journal-title; journal-id of type "iso-abbrev"; issn with pub-type
 *   (ppub -> Print, epub -> Electronic) or publication-format; the root's xml:lang
 *   (two-letter codes mapped to PubMed's three-letter ones where listed).
 */
#include "xmlreader_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum el {
    E_OTHER = 0,
    E_article,
    E_pmc_articleset,
    E_front,
    E_article_meta,
    E_journal_meta,
    E_journal_title_group,
    E_journal_title,
    E_journal_id,
    E_issn,
    E_article_id,
    E_title_group,
    E_article_title,
    E_contrib_group,
    E_contrib,
    E_name,
    E_surname,
    E_given_names,
    E_collab,
    E_contrib_id,
    E_xref,
    E_aff,
    E_aff_alternatives,
    E_label,
    E_institution,
    E_institution_wrap,
    E_institution_id,
    E_country,
    E_addr_line,
    E_city,
    E_state,
    E_postal_code,
    E_named_content,
    E_pub_date,
    E_year
};

static const struct {
    const char *name;
    enum el id;
} el_names[] = {
    {"article", E_article},
    {"pmc-articleset", E_pmc_articleset},
    {"front", E_front},
    {"article-meta", E_article_meta},
    {"journal-meta", E_journal_meta},
    {"journal-title-group", E_journal_title_group},
    {"journal-title", E_journal_title},
    {"journal-id", E_journal_id},
    {"issn", E_issn},
    {"article-id", E_article_id},
    {"title-group", E_title_group},
    {"article-title", E_article_title},
    {"contrib-group", E_contrib_group},
    {"contrib", E_contrib},
    {"name", E_name},
    {"surname", E_surname},
    {"given-names", E_given_names},
    {"collab", E_collab},
    {"contrib-id", E_contrib_id},
    {"xref", E_xref},
    {"aff", E_aff},
    {"aff-alternatives", E_aff_alternatives},
    {"label", E_label},
    {"institution", E_institution},
    {"institution-wrap", E_institution_wrap},
    {"institution-id", E_institution_id},
    {"country", E_country},
    {"addr-line", E_addr_line},
    {"city", E_city},
    {"state", E_state},
    {"postal-code", E_postal_code},
    {"named-content", E_named_content},
    {"pub-date", E_pub_date},
    {"year", E_year},
};

enum cap {
    CAP_NONE = 0,
    CAP_PMID,
    CAP_PMC,
    CAP_DOI,
    CAP_TITLE,
    CAP_JTITLE,
    CAP_JISO,
    CAP_ISSN,
    CAP_YEAR,
    CAP_SURNAME,
    CAP_GIVEN,
    CAP_COLLAB,
    CAP_ORCID,
    CAP_AFF,
    CAP_INST_ID, /* side capture inside an aff */
    CAP_COUNTRY  /* side capture inside an aff (the text stays in the aff's) */
};

/* pub-date kinds, in order of preference */
enum { Y_EPUB, Y_PPUB, Y_COLL, Y_ANY, N_Y };

/* A buffered aff: strings are offsets into jt.pool. */
typedef struct jaff {
    size_t id;             /* pool offset of its id, or XR_NONE */
    size_t text;           /* pool offset of the flattened text, or XR_NONE (empty) */
    size_t len;            /* strlen(text) */
    size_t first_id, n_id; /* range of the record's XR_IDENT list */
    size_t country;        /* pool offset or XR_NONE */
    long owner;            /* index of the author contrib it is inside, -1 outside contribs */
    bool linked;           /* an xref points to it */
} jaff;

/* A link of an author: to the aff with id `rid` (pool offset) or to aff `aff`. */
typedef struct jref {
    size_t rid; /* pool offset, or XR_NONE when `aff` is set */
    size_t aff;
} jref;

typedef struct jauthor {
    size_t last, fore, coll; /* pool offsets or XR_NONE */
    char orcid[20];
    size_t first_ref, n_ref;
} jauthor;

/* The reader's JATS state: where in the record we are, and the buffered record. */
typedef struct jt {
    int meta_depth, jmeta_depth; /* front/article-meta, front/journal-meta: -1 outside */
    int contrib_depth;           /* an author contrib being read; -1 none */
    int skip_contrib_depth;      /* a contrib that is no author; -1 none */
    int name_depth;              /* the contrib's first name; -1 none */
    int nest_depth;              /* a contrib-group nested in the contrib (a collab's
                                    members): not read; -1 none */
    bool name_seen;
    int aff_depth;    /* the aff being captured; -1 none */
    int alt_depth;    /* aff-alternatives; -1 none */
    bool alt_taken;   /* that aff-alternatives' first aff was read */
    size_t alt_id;    /* its id (pool offset) or XR_NONE */
    int pubdate_kind; /* kind of the pub-date being read, -1 none */
    int32_t year[N_Y];
    char ident_source[64];
    size_t aff_id0; /* XR_IDENT length when the aff began */
    size_t cur_country;
    bool have_pmid;
    uint64_t pmid;
    size_t pmc, doi, title, jtitle, jiso; /* arena offsets or XR_NONE */

    xr_sbuf pool; /* the buffered record's strings, NUL-terminated */
    jaff *affs;
    size_t naff, caff;
    jauthor *au;
    size_t nau, cau;
    jref *refs;
    size_t nref, cref;
    size_t *seen; /* scratch: affs already linked to the author being laid out */
    size_t cseen;
} jt;

static void jt_init(void *fs)
{
    jt *j = fs;
    j->contrib_depth = j->skip_contrib_depth = j->aff_depth = j->alt_depth = -1;
    j->meta_depth = j->jmeta_depth = j->name_depth = j->pubdate_kind = j->nest_depth = -1;
}

static void jt_release(void *fs)
{
    jt *j = fs;
    xr_sbuf_free(&j->pool);
    free(j->affs);
    free(j->au);
    free(j->refs);
    free(j->seen);
}

static unsigned char jt_element(const xmlChar *local, const xmlChar *uri)
{
    if (uri)
        return E_OTHER;
    const char *n = (const char *)local;
    for (size_t i = 0; i < sizeof el_names / sizeof el_names[0]; i++)
        if (n[0] == el_names[i].name[0] && strcmp(n, el_names[i].name) == 0)
            return (unsigned char)el_names[i].id;
    return E_OTHER;
}

static bool jt_detect(const xmlChar *local, const xmlChar *uri)
{
    enum el e = (enum el)jt_element(local, uri);
    return e == E_article || e == E_pmc_articleset;
}

/* A string into the pool; its offset or XR_NONE (out of memory: the reader failed). */
static size_t pool_put(coauth_reader *r, jt *j, const char *s, size_t n)
{
    size_t off = j->pool.len;
    if (!xr_sbuf_add(r, &j->pool, s, n) || !xr_sbuf_add(r, &j->pool, "", 1))
        return XR_NONE;
    return off;
}

static size_t attr_pool(coauth_reader *r, jt *j, int nb, const xmlChar **attrs, const char *name)
{
    size_t n = 0;
    const char *v = xr_attr(nb, attrs, name, &n);
    if (!v)
        return XR_NONE;
    size_t off = pool_put(r, j, v, n);
    if (off == XR_NONE)
        return XR_NONE;
    n = xr_normalize(j->pool.p + off, n);
    j->pool.len = off + n + 1;
    return n ? off : XR_NONE;
}

/* A four-digit year, else 0. */
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

static bool ascii_ieq(const char *a, size_t n, const char *lit)
{
    if (strlen(lit) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lit[i])
            return false;
    }
    return true;
}

/* ---- article-type -> PubMed publication types (docs/jats.md has the table) ------- */

static const struct {
    const char *article_type;
    const char *name, *ui;   /* the publication type */
    const char *name2, *ui2; /* a second one, or NULL */
} type_map[] = {
    {"research-article", "Journal Article", "D016428", NULL, NULL},
    {"review-article", "Review", "D016454", NULL, NULL},
    {"systematic-review", "Review", "D016454", NULL, NULL},
    {"brief-report", "Journal Article", "D016428", NULL, NULL},
    {"rapid-communication", "Journal Article", "D016428", NULL, NULL},
    {"case-report", "Journal Article", "D016428", "Case Reports", "D002363"},
    {"letter", "Letter", "D016422", NULL, NULL},
    {"editorial", "Editorial", "D016421", NULL, NULL},
    {"article-commentary", "Comment", "D016420", NULL, NULL},
    {"reply", "Comment", "D016420", NULL, NULL},
    {"news", "News", "D016433", NULL, NULL},
    {"correction", "Published Erratum", "D016425", NULL, NULL},
    {"retraction", "Retraction of Publication", "D016440", NULL, NULL},
    {"expression-of-concern", "Expression of Concern", "D000075742", NULL, NULL},
    {"obituary", "Biography", "D019215", NULL, NULL},
    {"meeting-report", "Congress", "D016423", NULL, NULL},
    {"interview", "Interview", "D017203", NULL, NULL},
    {"oration", "Lecture", "D019531", NULL, NULL},
    {"preprint", "Preprint", "D000076942", NULL, NULL},
};

static void add_type(coauth_reader *r, const char *name, size_t n, const char *ui)
{
    xr_item *it = xr_list_add(r, XR_TYPE);
    if (!it)
        return;
    it->a = ui ? xr_arena_put(r, ui, strlen(ui)) : XR_NONE;
    it->b = xr_arena_put(r, name, n);
}

static void article_types(coauth_reader *r, int nb, const xmlChar **attrs)
{
    size_t n = 0;
    const char *v = xr_attr(nb, attrs, "article-type", &n);
    while (n && xr_is_ws(*v))
        v++, n--;
    while (n && xr_is_ws(v[n - 1]))
        n--;
    if (!v || !n)
        return;
    for (size_t i = 0; i < sizeof type_map / sizeof type_map[0]; i++) {
        if (!ascii_ieq(v, n, type_map[i].article_type))
            continue;
        add_type(r, type_map[i].name, strlen(type_map[i].name), type_map[i].ui);
        if (type_map[i].name2)
            add_type(r, type_map[i].name2, strlen(type_map[i].name2), type_map[i].ui2);
        return;
    }
    add_type(r, v, n, NULL);
}

/* xml:lang of the root, two-letter codes as PubMed's three-letter ones where listed. */
static void article_language(coauth_reader *r, int nb, const xmlChar **attrs)
{
    static const char *const map[][2] = {
        {"en", "eng"}, {"pt", "por"}, {"es", "spa"}, {"fr", "fre"}, {"de", "ger"},
        {"it", "ita"}, {"zh", "chi"}, {"ja", "jpn"}, {"ru", "rus"}, {"nl", "dut"},
    };
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (!a[1] || strcmp((const char *)a[1], "xml") != 0 ||
            strcmp((const char *)a[0], "lang") != 0)
            continue;
        const char *v = (const char *)a[3];
        size_t n = (size_t)(a[4] - a[3]);
        while (n && xr_is_ws(*v))
            v++, n--;
        while (n && xr_is_ws(v[n - 1]))
            n--;
        if (!n)
            return;
        xr_item *it = xr_list_add(r, XR_LANG);
        if (!it)
            return;
        for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
            if (ascii_ieq(v, n, map[k][0])) {
                it->a = xr_arena_put(r, map[k][1], 3);
                return;
            }
        it->a = xr_arena_put(r, v, n);
        return;
    }
}

/* ---- records -------------------------------------------------------------------- */

static void begin_record(coauth_reader *r, jt *j, int d, int nb, const xmlChar **attrs)
{
    if (!xr_begin_record(r, d))
        return;
    jt_init(j);
    for (int k = 0; k < N_Y; k++)
        j->year[k] = 0;
    j->have_pmid = false;
    j->pmid = 0;
    j->pmc = j->doi = j->title = j->jtitle = j->jiso = XR_NONE;
    j->pool.len = 0;
    j->naff = j->nau = j->nref = 0;
    j->alt_id = XR_NONE;
    article_types(r, nb, attrs);
    article_language(r, nb, attrs);
}

/* A key for an article without PMID (record.h): from the PMC id, else the DOI. */
static uint64_t derived_key(const char *pmc, const char *doi)
{
    if (pmc && strncmp(pmc, "PMC", 3) == 0) {
        uint64_t v = 0;
        const char *p = pmc + 3;
        if (xr_parse_u64(p, strlen(p), UINT32_MAX, &v))
            return COAUTH_KEY_PMC + v;
    }
    if (doi) {
        uint64_t h = 1469598103934665603ULL;
        for (const char *p = doi; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            h = (h ^ c) * 1099511628211ULL;
        }
        return COAUTH_KEY_DOI + (h & ((UINT64_C(1) << 40) - 1));
    }
    return 0;
}

/* The aff whose id is pool string `rid`, or XR_NONE. */
static size_t find_aff(const jt *j, const char *rid)
{
    for (size_t i = 0; i < j->naff; i++)
        if (j->affs[i].id != XR_NONE && strcmp(j->pool.p + j->affs[i].id, rid) == 0)
            return i;
    return XR_NONE;
}

/* Give the author being laid out aff k (once). */
static bool link_aff(coauth_reader *r, jt *j, size_t k, size_t *nseen)
{
    for (size_t i = 0; i < *nseen; i++)
        if (j->seen[i] == k)
            return true;
    if (!xr_grow(r, (void **)&j->seen, &j->cseen, *nseen + 1, sizeof *j->seen))
        return false;
    j->seen[(*nseen)++] = k;
    const jaff *f = &j->affs[k];
    if (f->text == XR_NONE)
        return true;
    size_t idx = xr_add_affiliation(r, j->pool.p + f->text, f->len, false);
    if (idx == XR_NONE)
        return false;
    xr_aff *xa = &r->cur->iaf[idx];
    xa->first_id = f->first_id;
    xa->n_id = f->n_id;
    if (f->country != XR_NONE) {
        const char *c = j->pool.p + f->country;
        xa->country = xr_arena_put(r, c, strlen(c));
    }
    return !r->failed;
}

/* Lay the buffered authors and their affiliations out in the record. */
static bool lay_out(coauth_reader *r, jt *j)
{
    /* resolve the xrefs first: which affs are pointed to */
    for (size_t i = 0; i < j->nref; i++) {
        jref *f = &j->refs[i];
        if (f->rid != XR_NONE) {
            f->aff = find_aff(j, j->pool.p + f->rid);
            if (f->aff != XR_NONE)
                j->affs[f->aff].linked = true;
        }
    }
    size_t outside = 0, lone = XR_NONE;
    for (size_t i = 0; i < j->naff; i++)
        if (j->affs[i].owner < 0) {
            outside++;
            lone = i;
        }
    if (outside != 1 || j->affs[lone].linked)
        lone = XR_NONE;
    for (size_t a = 0; a < j->nau; a++) {
        const jauthor *au = &j->au[a];
        size_t first = r->cur->niaf, nseen = 0;
        for (size_t i = au->first_ref; i < au->first_ref + au->n_ref; i++)
            if (j->refs[i].aff != XR_NONE && !link_aff(r, j, j->refs[i].aff, &nseen))
                return false;
        if (lone != XR_NONE && !link_aff(r, j, lone, &nseen))
            return false;
        xr_sbuf last = {0}, fore = {0}, coll = {0};
        if (au->last != XR_NONE)
            last = (xr_sbuf){j->pool.p + au->last, strlen(j->pool.p + au->last), 0};
        if (au->fore != XR_NONE)
            fore = (xr_sbuf){j->pool.p + au->fore, strlen(j->pool.p + au->fore), 0};
        if (au->coll != XR_NONE)
            coll = (xr_sbuf){j->pool.p + au->coll, strlen(j->pool.p + au->coll), 0};
        bool has_name = au->last != XR_NONE || au->fore != XR_NONE;
        if (!xr_add_author(r, au->last != XR_NONE ? &last : NULL,
                           au->fore != XR_NONE ? &fore : NULL, NULL,
                           au->coll != XR_NONE && !has_name ? &coll : NULL,
                           au->orcid[0] ? au->orcid : NULL, first))
            return false;
    }
    return true;
}

static void jt_end_record(coauth_reader *r, void *fs)
{
    jt *j = fs;
    xr_slot *s = r->cur;
    const char *ap = s->arena.p;
    const char *pmc = j->pmc != XR_NONE ? ap + j->pmc : NULL;
    const char *doi = j->doi != XR_NONE ? ap + j->doi : NULL;
    uint64_t key = j->have_pmid ? j->pmid : derived_key(pmc, doi);
    if (!key) {
        r->skipped++;
        xr_warn(r, r->rec_line, "article without PMID, PMC id or DOI skipped");
        return;
    }
    if (!lay_out(r, j))
        return;
    int32_t year = 0;
    for (int k = 0; k < N_Y && !year; k++)
        year = j->year[k];
    xr_article a = {
        .pmid = key,
        .version = 1,
        .year = year,
        .source = COAUTH_SOURCE_JATS,
        .title = j->title,
        .doi = j->doi,
        .pmc = j->pmc,
        .nlm_id = XR_NONE,
        .journal_iso = j->jiso,
        .journal_title = j->jtitle,
    };
    xr_finish_article(r, &a);
}

/* ---- element callbacks ------------------------------------------------------------ */

/* Elements the source may run together inside an aff (eLife): joined with ", ". */
static bool aff_structural(enum el e)
{
    return e == E_institution || e == E_institution_wrap || e == E_addr_line || e == E_city ||
           e == E_state || e == E_postal_code || e == E_country || e == E_named_content;
}

/* An element inside the open aff capture. */
static void start_in_aff(coauth_reader *r, jt *j, enum el e, int d, int nb, const xmlChar **attrs)
{
    if (r->side_depth >= 0 || r->mute_depth >= 0)
        return;
    if (e == E_label) {
        xr_mute(r, d);
        return;
    }
    if (aff_structural(e))
        xr_capture_sep(r, ", ", ",;(");
    if (e == E_institution_id) {
        size_t n = 0;
        const char *v = xr_attr(nb, attrs, "institution-id-type", &n);
        if (!v)
            n = 0;
        if (n >= sizeof j->ident_source)
            n = sizeof j->ident_source - 1;
        for (size_t i = 0; i < n; i++) {
            char c = v[i];
            j->ident_source[i] = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        }
        j->ident_source[n] = '\0';
        xr_normalize(j->ident_source, n);
        xr_side_capture(r, CAP_INST_ID, d, false);
    } else if (e == E_country && j->cur_country == XR_NONE) {
        size_t n = 0;
        const char *v = xr_attr(nb, attrs, "country", &n);
        while (v && n && xr_is_ws(*v))
            v++, n--;
        while (v && n && xr_is_ws(v[n - 1]))
            n--;
        if (v && n == 2) {
            char cc[2] = {v[0], v[1]};
            for (int i = 0; i < 2; i++)
                if (cc[i] >= 'a' && cc[i] <= 'z')
                    cc[i] = (char)(cc[i] - 'a' + 'A');
            j->cur_country = pool_put(r, j, cc, 2);
        }
        xr_side_capture(r, CAP_COUNTRY, d, true);
    }
}

static void start_aff(coauth_reader *r, jt *j, int d, int nb, const xmlChar **attrs)
{
    if (!xr_grow(r, (void **)&j->affs, &j->caff, j->naff + 1, sizeof *j->affs))
        return;
    jaff *f = &j->affs[j->naff];
    f->id = attr_pool(r, j, nb, attrs, "id");
    if (j->alt_depth >= 0) {
        if (f->id == XR_NONE)
            f->id = j->alt_id;
        j->alt_taken = true;
    }
    f->text = XR_NONE;
    f->len = 0;
    f->country = XR_NONE;
    f->owner = j->contrib_depth >= 0 ? (long)j->nau : -1;
    f->linked = false;
    j->cur_country = XR_NONE;
    j->aff_id0 = r->cur->list[XR_IDENT].n;
    j->aff_depth = d;
    xr_capture(r, CAP_AFF, d);
}

/* A link of the author being read. */
static void add_ref(coauth_reader *r, jt *j, size_t rid, size_t aff)
{
    if (!xr_grow(r, (void **)&j->refs, &j->cref, j->nref + 1, sizeof *j->refs))
        return;
    j->refs[j->nref++] = (jref){rid, aff};
}

/* xref[@ref-type="aff"]: rid lists one or more ids. */
static void start_xref(coauth_reader *r, jt *j, int nb, const xmlChar **attrs)
{
    if (!xr_attr_is(nb, attrs, "ref-type", "aff"))
        return;
    size_t n = 0;
    const char *v = xr_attr(nb, attrs, "rid", &n);
    size_t i = 0;
    while (v && i < n) {
        while (i < n && xr_is_ws(v[i]))
            i++;
        size_t b = i;
        while (i < n && !xr_is_ws(v[i]))
            i++;
        if (i > b) {
            size_t off = pool_put(r, j, v + b, i - b);
            if (off == XR_NONE)
                return;
            add_ref(r, j, off, XR_NONE);
        }
    }
}

static void start_contrib(coauth_reader *r, jt *j, int d, int nb, const xmlChar **attrs)
{
    if (!xr_attr_is_ci(nb, attrs, "contrib-type", "author")) {
        j->skip_contrib_depth = d;
        return;
    }
    if (!xr_grow(r, (void **)&j->au, &j->cau, j->nau + 1, sizeof *j->au))
        return;
    jauthor *a = &j->au[j->nau];
    a->last = a->fore = a->coll = XR_NONE;
    a->orcid[0] = '\0';
    a->first_ref = j->nref;
    a->n_ref = 0;
    j->contrib_depth = d;
    j->name_seen = false;
    j->name_depth = -1;
}

/* An element inside an author contrib (no capture open). */
static void start_in_contrib(coauth_reader *r, jt *j, enum el e, int d, int nb,
                             const xmlChar **attrs)
{
    enum el parent = (enum el)r->stack[d - 1];
    if (j->nest_depth >= 0)
        return;
    if (e == E_contrib_group) {
        j->nest_depth = d;
    } else if (e == E_name && !j->name_seen && j->name_depth < 0) {
        j->name_seen = true;
        j->name_depth = d;
    } else if (j->name_depth >= 0 && parent == E_name && d == j->name_depth + 1) {
        if (e == E_surname)
            xr_capture(r, CAP_SURNAME, d);
        else if (e == E_given_names)
            xr_capture(r, CAP_GIVEN, d);
    } else if (e == E_collab && j->au[j->nau].coll == XR_NONE) {
        xr_capture(r, CAP_COLLAB, d);
    } else if (e == E_contrib_id && xr_attr_is_ci(nb, attrs, "contrib-id-type", "orcid")) {
        xr_capture(r, CAP_ORCID, d);
    } else if (e == E_xref) {
        start_xref(r, j, nb, attrs);
    } else if (e == E_aff) {
        add_ref(r, j, XR_NONE, j->naff);
        start_aff(r, j, d, nb, attrs);
    }
}

/* pub-date's kind from its attributes. */
static int pubdate_kind(int nb, const xmlChar **attrs)
{
    if (xr_attr_is(nb, attrs, "pub-type", "epub") || xr_attr_is(nb, attrs, "pub-type", "epub-ppub"))
        return Y_EPUB;
    if (xr_attr_is(nb, attrs, "pub-type", "ppub"))
        return Y_PPUB;
    if (xr_attr_is(nb, attrs, "pub-type", "collection") ||
        xr_attr_is(nb, attrs, "date-type", "collection"))
        return Y_COLL;
    if (xr_attr_is(nb, attrs, "date-type", "pub") ||
        xr_attr_is(nb, attrs, "date-type", "publication")) {
        if (xr_attr_is(nb, attrs, "publication-format", "electronic"))
            return Y_EPUB;
        if (xr_attr_is(nb, attrs, "publication-format", "print"))
            return Y_PPUB;
    }
    return Y_ANY;
}

static void start_meta_child(coauth_reader *r, jt *j, enum el e, int d, int nb,
                             const xmlChar **attrs)
{
    if (e == E_article_id) {
        if (xr_attr_is(nb, attrs, "pub-id-type", "pmid") && !j->have_pmid)
            xr_capture(r, CAP_PMID, d);
        else if ((xr_attr_is(nb, attrs, "pub-id-type", "pmc") ||
                  xr_attr_is(nb, attrs, "pub-id-type", "pmcid")) &&
                 j->pmc == XR_NONE)
            xr_capture(r, CAP_PMC, d);
        else if (xr_attr_is(nb, attrs, "pub-id-type", "doi") && j->doi == XR_NONE)
            xr_capture(r, CAP_DOI, d);
    } else if (e == E_pub_date) {
        j->pubdate_kind = pubdate_kind(nb, attrs);
    }
}

static void jt_start(coauth_reader *r, void *fs, unsigned char el, int d, int nb,
                     const xmlChar **attrs)
{
    jt *j = fs;
    enum el e = (enum el)el;
    if (r->rec_depth < 0) {
        if (e == E_article && (d == 0 || (d == 1 && r->stack[0] == E_pmc_articleset)))
            begin_record(r, j, d, nb, attrs);
        return;
    }
    if (r->cap_depth >= 0) {
        /* inline markup inside a capture */
        if (j->aff_depth >= 0)
            start_in_aff(r, j, e, d, nb, attrs);
        else if (r->cap_kind == CAP_COLLAB && e == E_contrib_group)
            xr_mute(r, d);
        return;
    }
    int rel = d - r->rec_depth;
    enum el parent = (enum el)r->stack[d - 1];
    if (rel == 1)
        return;
    if (rel == 2 && parent == E_front) {
        if (e == E_article_meta && j->meta_depth < 0)
            j->meta_depth = d;
        else if (e == E_journal_meta && j->jmeta_depth < 0)
            j->jmeta_depth = d;
        return;
    }
    if (j->jmeta_depth >= 0 && d > j->jmeta_depth) {
        if (e == E_journal_title && j->jtitle == XR_NONE)
            xr_capture(r, CAP_JTITLE, d);
        else if (e == E_journal_id && d == j->jmeta_depth + 1 && j->jiso == XR_NONE &&
                 xr_attr_is(nb, attrs, "journal-id-type", "iso-abbrev"))
            xr_capture(r, CAP_JISO, d);
        else if (e == E_issn && d == j->jmeta_depth + 1) {
            xr_item *it = xr_list_add(r, XR_ISSN);
            if (!it)
                return;
            const char *type = NULL;
            if (xr_attr_is(nb, attrs, "pub-type", "ppub") ||
                xr_attr_is(nb, attrs, "publication-format", "print"))
                type = "Print";
            else if (xr_attr_is(nb, attrs, "pub-type", "epub") ||
                     xr_attr_is(nb, attrs, "publication-format", "electronic"))
                type = "Electronic";
            if (type)
                it->b = xr_arena_put(r, type, strlen(type));
            xr_capture(r, CAP_ISSN, d);
        }
        return;
    }
    if (j->meta_depth < 0 || d <= j->meta_depth)
        return;
    if (j->skip_contrib_depth >= 0)
        return;
    if (j->contrib_depth >= 0) {
        start_in_contrib(r, j, e, d, nb, attrs);
        return;
    }
    int m = d - j->meta_depth;
    if (m == 1) {
        if (e == E_title_group)
            return;
        start_meta_child(r, j, e, d, nb, attrs);
    } else if (m == 2 && parent == E_title_group && e == E_article_title && j->title == XR_NONE) {
        xr_capture(r, CAP_TITLE, d);
    } else if (m == 2 && parent == E_pub_date && e == E_year && j->pubdate_kind >= 0) {
        xr_capture(r, CAP_YEAR, d);
    } else if (m == 2 && parent == E_contrib_group && e == E_contrib) {
        start_contrib(r, j, d, nb, attrs);
        return;
    }
    if (e == E_aff_alternatives && j->alt_depth < 0) {
        j->alt_depth = d;
        j->alt_taken = false;
        j->alt_id = attr_pool(r, j, nb, attrs, "id");
    } else if (e == E_aff && !(j->alt_depth >= 0 && j->alt_taken)) {
        start_aff(r, j, d, nb, attrs);
    }
}

static void jt_text(coauth_reader *r, void *fs, int kind, char *t, size_t n)
{
    jt *j = fs;
    switch ((enum cap)kind) {
    case CAP_NONE:
        break;
    case CAP_PMID:
        j->have_pmid = xr_parse_u64(t, n, COAUTH_MAX_PMID, &j->pmid);
        break;
    case CAP_PMC: {
        if (!n)
            break;
        bool digits = true;
        for (size_t i = 0; i < n; i++)
            digits &= t[i] >= '0' && t[i] <= '9';
        if (digits) {
            size_t off = xr_arena_put(r, "PMC", 3);
            if (off == XR_NONE)
                break;
            r->cur->arena.len--; /* drop the NUL, append the digits */
            if (xr_sbuf_add(r, &r->cur->arena, t, n) && xr_sbuf_add(r, &r->cur->arena, "", 1))
                j->pmc = off;
        } else {
            j->pmc = xr_arena_put(r, t, n);
        }
        break;
    }
    case CAP_DOI:
        if (n)
            j->doi = xr_arena_put(r, t, n);
        break;
    case CAP_TITLE:
        if (n)
            j->title = xr_arena_put(r, t, n);
        break;
    case CAP_JTITLE:
        if (n)
            j->jtitle = xr_arena_put(r, t, n);
        break;
    case CAP_JISO:
        if (n)
            j->jiso = xr_arena_put(r, t, n);
        break;
    case CAP_ISSN: {
        xr_item *it = xr_list_last(r, XR_ISSN);
        if (it && n)
            it->a = xr_arena_put(r, t, n);
        else if (it)
            r->cur->list[XR_ISSN].n--;
        break;
    }
    case CAP_YEAR:
        if (j->pubdate_kind >= 0 && !j->year[j->pubdate_kind])
            j->year[j->pubdate_kind] = parse_year(t, n);
        break;
    case CAP_SURNAME:
        if (j->contrib_depth >= 0 && j->au[j->nau].last == XR_NONE)
            j->au[j->nau].last = pool_put(r, j, t, n);
        break;
    case CAP_GIVEN:
        if (j->contrib_depth >= 0 && j->au[j->nau].fore == XR_NONE)
            j->au[j->nau].fore = pool_put(r, j, t, n);
        break;
    case CAP_COLLAB:
        if (j->contrib_depth >= 0 && n)
            j->au[j->nau].coll = pool_put(r, j, t, n);
        break;
    case CAP_ORCID:
        if (j->contrib_depth >= 0 && !j->au[j->nau].orcid[0] &&
            !xr_orcid_normalize(t, n, j->au[j->nau].orcid))
            j->au[j->nau].orcid[0] = '\0';
        break;
    case CAP_INST_ID:
        if (n) {
            xr_item *it = xr_list_add(r, XR_IDENT);
            if (!it)
                break;
            if (j->ident_source[0])
                it->a = xr_arena_put(r, j->ident_source, strlen(j->ident_source));
            it->b = xr_arena_put(r, t, n);
        }
        break;
    case CAP_COUNTRY:
        if (n && j->cur_country == XR_NONE)
            j->cur_country = pool_put(r, j, t, n);
        break;
    case CAP_AFF: {
        jaff *f = &j->affs[j->naff];
        if (n) {
            f->text = pool_put(r, j, t, n);
            f->len = n;
        }
        f->country = j->cur_country;
        f->first_id = j->aff_id0;
        f->n_id = r->cur->list[XR_IDENT].n - j->aff_id0;
        j->naff++;
        break;
    }
    }
}

static void jt_end(coauth_reader *r, void *fs, int d)
{
    jt *j = fs;
    (void)r;
    if (d == j->aff_depth) {
        j->aff_depth = -1;
    } else if (d == j->alt_depth) {
        j->alt_depth = -1;
        j->alt_id = XR_NONE;
    } else if (d == j->name_depth) {
        j->name_depth = -1;
    } else if (d == j->nest_depth) {
        j->nest_depth = -1;
    } else if (d == j->contrib_depth) {
        jauthor *a = &j->au[j->nau];
        a->n_ref = j->nref - a->first_ref;
        j->nau++;
        j->contrib_depth = -1;
    } else if (d == j->skip_contrib_depth) {
        j->skip_contrib_depth = -1;
    } else if (d == j->meta_depth) {
        j->meta_depth = -2;
    } else if (d == j->jmeta_depth) {
        j->jmeta_depth = -2;
    } else if (j->pubdate_kind >= 0 && j->meta_depth >= 0 && d == j->meta_depth + 1) {
        j->pubdate_kind = -1;
    }
}

const coauth_format coauth_format_jats = {
    .name = "JATS",
    .detect = jt_detect,
    .state_size = sizeof(jt),
    .init = jt_init,
    .release = jt_release,
    .element = jt_element,
    .start = jt_start,
    .text = jt_text,
    .end = jt_end,
    .end_record = jt_end_record,
    .inline_markup = true,
};
