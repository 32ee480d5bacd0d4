/* resolve.c - affiliation string -> parts -> (country, institution, rule), SPEC 3.
 *
 * Invariant: a resolver is immutable once built (hash tables over the generated
 * gazetteer, the organisation keywords and the thesaurus), so coauth_resolve is a
 * pure function of (text, resolver) and many threads may share one resolver; all
 * per-call memory lives in the caller's coauth_resolution and is reused, so a call
 * allocates only when a text is longer than any seen before.
 *
 * NOTES ON THE DESIGN
 *
 * Text is cut into parts (';', bracketed labels "[2]", numbered labels 2, 3, ... in
 * order when the text opens with label 1: "1 Dept, USA. 2 Dept", "(1) ... (2)",
 * "1) ... 2)", "¹... ²...", after a country segment that is followed by a new
 * organisation, or by " and " plus one, and after a US state segment ("MA 02115",
 * "Massachusetts") followed by an organisation and another location), parts into
 * segments (',', ' / ', ' - ', a closing remark in parentheses), segments into
 * pieces at tokens holding digits (postcodes: "Kyoto 606-8507 Japan" gives the
 * pieces "kyoto" and "japan"). Every lookup is of a whole piece, case/accent folded
 * by the same table gen_gazetteer.py used for its keys; never of a substring, except
 * that the last segment of a part may end with a country name ("Alicante Spain").
 *
 * A segment holding an organisation keyword (University, Hospital, Institut, 大学...)
 * never yields a country. The other pieces are scanned right to left, in passes of
 * decreasing trust: US state slot / state name / country name, then subdivisions
 * unique to one country, then cities dominated by one country. A name that may be
 * two places (Georgia) is settled by the other pieces' candidate countries, then by
 * the e-mail domain, else the part stays unresolved. Only when no piece of the part
 * names any place at all do two last resorts apply: a known place-less organisation
 * ("CNRS", aliases.tsv), then a place inside an organisation's name ("University of
 * Verona"; never a country name: "University of Chile" stays unresolved). Finally a
 * territory named in the part (HK, MO, TW, PR, JE, ...) replaces its parent.
 *
 * Speed (bench/bench_resolve.c): no allocation per call, one fold per segment, hash
 * tables built once, and a 128 KB bit filter in front of the name table, since most
 * lookups miss.
 */
#include <coauth/md5.h>
#include <coauth/resolve.h>

#include "gazetteer_internal.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ rules */

static const char RULE_NONE[] = "none";
static const char RULE_STATE[] = "us-state";
static const char RULE_COUNTRY[] = "country";
static const char RULE_TERRITORY[] = "territory";
static const char RULE_SUBDIV[] = "subdivision";
static const char RULE_CITY[] = "city";
static const char RULE_NEIGHBOUR[] = "neighbour";
static const char RULE_EMAIL[] = "email";
static const char RULE_ORG_PLACE[] = "org-place";
static const char RULE_INSTITUTION[] = "institution";

/* ------------------------------------------------------- organisation keywords */

/* Level of an organisation keyword: ORG_TOP names a university-level body, ORG_INST
 * other institutions, ORG_SUB a school or college inside one, ORG_DEPT a department.
 * Any of them makes a segment an organisation segment (never a country). */
enum { ORG_NONE = 0, ORG_DEPT = 1, ORG_SUB = 2, ORG_INST = 3, ORG_TOP = 4 };

/* Words that are no organisation keyword but never belong to a place name inside an
 * organisation's name: WORD_LINK links words ("University *of* Verona"), WORD_GENERIC
 * names a field or kind ("Massachusetts *General* Hospital", "Virginia *Tech*"). */
enum { WORD_LINK = -2, WORD_GENERIC = -1 };

struct org_kw {
    const char *word; /* normalised */
    int level;
};

static const struct org_kw org_keywords[] = {
    /* universities, in the languages affiliations are written in */
    {"university", ORG_TOP},
    {"universities", ORG_TOP},
    {"univ", ORG_TOP},
    {"universitat", ORG_TOP},
    {"universite", ORG_TOP},
    {"universidad", ORG_TOP},
    {"universidade", ORG_TOP},
    {"universita", ORG_TOP},
    {"universiteit", ORG_TOP},
    {"universitet", ORG_TOP},
    {"universitetet", ORG_TOP},
    {"uniwersytet", ORG_TOP},
    {"univerzita", ORG_TOP},
    {"tech", ORG_TOP},
    {"univerza", ORG_TOP},
    {"universitatea", ORG_TOP},
    {"universiti", ORG_TOP},
    {"universitas", ORG_TOP},
    {"universitario", ORG_INST},
    {"universitaria", ORG_INST},
    {"universitaire", ORG_INST},
    {"egyetem", ORG_TOP},
    {"yliopisto", ORG_TOP},
    {"politecnico", ORG_TOP},
    {"polytechnic", ORG_TOP},
    {"politechnika", ORG_TOP},
    {"polytechnique", ORG_TOP},
    {"hochschule", ORG_TOP},
    {"universitatsklinikum", ORG_INST},
    {"universitaetsklinikum", ORG_INST},
    {"universitatsmedizin", ORG_INST},
    {"universitaetsmedizin", ORG_INST},
    {"universitatsspital", ORG_INST},
    {"universitaetsspital", ORG_INST},
    /* institutions */
    {"institute", ORG_INST},
    {"institutes", ORG_INST},
    {"institut", ORG_INST},
    {"instituto", ORG_INST},
    {"istituto", ORG_INST},
    {"instytut", ORG_INST},
    {"institutet", ORG_INST},
    {"institution", ORG_INST},
    {"inst", ORG_INST},
    {"hospital", ORG_INST},
    {"hospitals", ORG_INST},
    {"hopital", ORG_INST},
    {"hospitalier", ORG_INST},
    {"hospitaliere", ORG_INST},
    {"hospices", ORG_INST},
    {"ospedale", ORG_INST},
    {"ospedaliera", ORG_INST},
    {"hospitalar", ORG_INST},
    {"krankenhaus", ORG_INST},
    {"klinikum", ORG_INST},
    {"hotel", ORG_INST},
    {"infirmary", ORG_INST},
    {"sanatorium", ORG_INST},
    {"chu", ORG_INST},
    {"academy", ORG_INST},
    {"academia", ORG_INST},
    {"akademie", ORG_INST},
    {"accademia", ORG_INST},
    {"akademia", ORG_INST},
    {"academie", ORG_INST},
    {"center", ORG_INST},
    {"centre", ORG_INST},
    {"centro", ORG_INST},
    {"zentrum", ORG_INST},
    {"centrum", ORG_INST},
    {"centers", ORG_INST},
    {"centres", ORG_INST},
    {"foundation", ORG_INST},
    {"fondazione", ORG_INST},
    {"fundacion", ORG_INST},
    {"fundacao", ORG_INST},
    {"stiftung", ORG_INST},
    {"council", ORG_INST},
    {"ministry", ORG_INST},
    {"agency", ORG_INST},
    {"society", ORG_INST},
    {"association", ORG_INST},
    {"museum", ORG_INST},
    {"observatory", ORG_INST},
    {"observatoire", ORG_INST},
    {"observatorio", ORG_INST},
    {"consortium", ORG_INST},
    {"organization", ORG_INST},
    {"organisation", ORG_INST},
    {"trust", ORG_INST},
    {"authority", ORG_INST},
    {"survey", ORG_INST},
    {"service", ORG_DEPT},
    {"services", ORG_DEPT},
    {"clinic", ORG_INST},
    {"clinica", ORG_INST},
    {"clinique", ORG_INST},
    {"klinik", ORG_INST},
    {"cnrs", ORG_INST},
    {"inserm", ORG_INST},
    {"csic", ORG_INST},
    {"infn", ORG_INST},
    {"nhs", ORG_INST},
    {"research", ORG_INST},
    {"company", ORG_INST},
    {"corporation", ORG_INST},
    {"corp", ORG_INST},
    {"inc", ORG_INST},
    {"ltd", ORG_INST},
    {"llc", ORG_INST},
    {"gmbh", ORG_INST},
    {"plc", ORG_INST},
    {"srl", ORG_INST},
    {"spa", ORG_INST},
    {"bv", ORG_INST},
    {"laboratories", ORG_INST},
    {"pharmaceuticals", ORG_INST},
    {"pharma", ORG_INST},
    {"biotech", ORG_INST},
    {"technologies", ORG_INST},
    {"group", ORG_INST},
    {"network", ORG_INST},
    {"bureau", ORG_INST},
    {"office", ORG_INST},
    {"station", ORG_INST},
    {"campus", ORG_INST},
    {"library", ORG_INST},
    {"commission", ORG_INST},
    {"committee", ORG_INST},
    {"federation", ORG_INST},
    {"administration", ORG_INST},
    {"directorate", ORG_INST},
    {"ecole", ORG_INST},
    {"escuela", ORG_SUB},
    {"escola", ORG_SUB},
    {"scuola", ORG_SUB},
    {"schule", ORG_SUB},
    /* schools and colleges inside a university */
    {"college", ORG_SUB},
    {"colegio", ORG_SUB},
    {"school", ORG_SUB},
    {"faculty", ORG_SUB},
    {"faculte", ORG_SUB},
    {"facultad", ORG_SUB},
    {"faculdade", ORG_SUB},
    {"facolta", ORG_SUB},
    {"fakultat", ORG_SUB},
    {"wydzial", ORG_SUB},
    {"graduate", ORG_SUB},
    /* departments */
    {"department", ORG_DEPT},
    {"departments", ORG_DEPT},
    {"dept", ORG_DEPT},
    {"dep", ORG_DEPT},
    {"departement", ORG_DEPT},
    {"departamento", ORG_DEPT},
    {"dipartimento", ORG_DEPT},
    {"abteilung", ORG_DEPT},
    {"division", ORG_DEPT},
    {"section", ORG_DEPT},
    {"unit", ORG_DEPT},
    {"unite", ORG_DEPT},
    {"unidad", ORG_DEPT},
    {"unidade", ORG_DEPT},
    {"laboratory", ORG_DEPT},
    {"laboratoire", ORG_DEPT},
    {"laboratorio", ORG_DEPT},
    {"labo", ORG_DEPT},
    {"lab", ORG_DEPT},
    {"labs", ORG_DEPT},
    {"program", ORG_DEPT},
    {"programme", ORG_DEPT},
    {"programa", ORG_DEPT},
    {"servicio", ORG_DEPT},
    {"servizio", ORG_DEPT},
    {"chair", ORG_DEPT},
    {"lehrstuhl", ORG_DEPT},
    {"team", ORG_DEPT},
    {"ward", ORG_DEPT},
    {"core", ORG_DEPT},
    {"facility", ORG_DEPT},
    {"branch", ORG_DEPT},
    {"sector", ORG_DEPT},
    {"cluster", ORG_DEPT},
    {"platform", ORG_DEPT},
    {"umr", ORG_DEPT},
    {"ea", ORG_DEPT},
    /* links */
    {"of", WORD_LINK},
    {"de", WORD_LINK},
    {"di", WORD_LINK},
    {"do", WORD_LINK},
    {"da", WORD_LINK},
    {"del", WORD_LINK},
    {"della", WORD_LINK},
    {"degli", WORD_LINK},
    {"dos", WORD_LINK},
    {"das", WORD_LINK},
    {"des", WORD_LINK},
    {"du", WORD_LINK},
    {"der", WORD_LINK},
    {"den", WORD_LINK},
    {"and", WORD_LINK},
    {"y", WORD_LINK},
    {"e", WORD_LINK},
    {"et", WORD_LINK},
    {"und", WORD_LINK},
    {"for", WORD_LINK},
    {"in", WORD_LINK},
    {"at", WORD_LINK},
    {"the", WORD_LINK},
    {"von", WORD_LINK},
    {"van", WORD_LINK},
    {"fur", WORD_LINK},
    {"zu", WORD_LINK},
    {"a", WORD_LINK},
    {"on", WORD_LINK},
    {"to", WORD_LINK},
    {"al", WORD_LINK},
    {"people", WORD_LINK},
    {"peoples", WORD_LINK},
    {"s", WORD_LINK},
    /* kinds and fields */
    {"medical", WORD_GENERIC},
    {"medicine", WORD_GENERIC},
    {"science", WORD_GENERIC},
    {"sciences", WORD_GENERIC},
    {"technology", WORD_GENERIC},
    {"technical", WORD_GENERIC},
    {"technological", WORD_GENERIC},
    {"engineering", WORD_GENERIC},
    {"health", WORD_GENERIC},
    {"public", WORD_GENERIC},
    {"general", WORD_GENERIC},
    {"state", WORD_GENERIC},
    {"national", WORD_GENERIC},
    {"federal", WORD_GENERIC},
    {"federale", WORD_GENERIC},
    {"nacional", WORD_GENERIC},
    {"nazionale", WORD_GENERIC},
    {"central", WORD_GENERIC},
    {"international", WORD_GENERIC},
    {"memorial", WORD_GENERIC},
    {"childrens", WORD_GENERIC},
    {"children", WORD_GENERIC},
    {"womens", WORD_GENERIC},
    {"veterans", WORD_GENERIC},
    {"affairs", WORD_GENERIC},
    {"cancer", WORD_GENERIC},
    {"heart", WORD_GENERIC},
    {"eye", WORD_GENERIC},
    {"dental", WORD_GENERIC},
    {"catholic", WORD_GENERIC},
    {"christian", WORD_GENERIC},
    {"baptist", WORD_GENERIC},
    {"methodist", WORD_GENERIC},
    {"presbyterian", WORD_GENERIC},
    {"lutheran", WORD_GENERIC},
    {"royal", WORD_GENERIC},
    {"imperial", WORD_GENERIC},
    {"normal", WORD_GENERIC},
    {"agricultural", WORD_GENERIC},
    {"agriculture", WORD_GENERIC},
    {"applied", WORD_GENERIC},
    {"economics", WORD_GENERIC},
    {"business", WORD_GENERIC},
    {"law", WORD_GENERIC},
    {"arts", WORD_GENERIC},
    {"education", WORD_GENERIC},
    {"open", WORD_GENERIC},
    {"free", WORD_GENERIC},
    {"city", WORD_GENERIC},
    {"metropolitan", WORD_GENERIC},
    {"regional", WORD_GENERIC},
    {"county", WORD_GENERIC},
    {"community", WORD_GENERIC},
    {"municipal", WORD_GENERIC},
    {"provincial", WORD_GENERIC},
    {"prefectural", WORD_GENERIC},
    {"studies", WORD_GENERIC},
    {"advanced", WORD_GENERIC},
    {"biomedical", WORD_GENERIC},
    {"clinical", WORD_GENERIC},
    {"physics", WORD_GENERIC},
    {"chemistry", WORD_GENERIC},
    {"biology", WORD_GENERIC},
    {"mathematics", WORD_GENERIC},
    {"pharmacy", WORD_GENERIC},
    {"nursing", WORD_GENERIC},
    {"surgery", WORD_GENERIC},
    {"veterinary", WORD_GENERIC},
    {"military", WORD_GENERIC},
    {"naval", WORD_GENERIC},
    {"air", WORD_GENERIC},
    {"force", WORD_GENERIC},
    {"army", WORD_GENERIC},
    {"estadual", WORD_GENERIC},
    {"statale", WORD_GENERIC},
    {"autonoma", WORD_GENERIC},
    {"autonomous", WORD_GENERIC},
    {"politecnica", WORD_GENERIC},
    {"technische", WORD_GENERIC},
    {"freie", WORD_GENERIC},
    {"libre", WORD_GENERIC},
    {"complutense", WORD_GENERIC},
    {"pontificia", WORD_GENERIC},
    {"pontifical", WORD_GENERIC},
    {"islamic", WORD_GENERIC},
    {"azad", WORD_GENERIC},
    {"key", WORD_GENERIC},
    {"affiliated", WORD_GENERIC},
    {"first", WORD_GENERIC},
    {"second", WORD_GENERIC},
    {"third", WORD_GENERIC},
};

/* Organisation words written without spaces (CJK): a substring match suffices. */
static const struct {
    const char *utf8;
    int level;
} org_cjk[] = {
    {"\xe5\xa4\xa7\xe5\xad\xa6", ORG_TOP},              /* 大学 */
    {"\xe5\xa4\xa7\xe5\xad\xb8", ORG_TOP},              /* 大學 */
    {"\xeb\x8c\x80\xed\x95\x99", ORG_TOP},              /* 대학 */
    {"\xe5\x8c\xbb\xe9\x99\xa2", ORG_INST},             /* 医院 */
    {"\xe9\x86\xab\xe9\x99\xa2", ORG_INST},             /* 醫院 */
    {"\xe7\x97\x85\xe9\x99\xa2", ORG_INST},             /* 病院 */
    {"\xeb\xb3\x91\xec\x9b\x90", ORG_INST},             /* 병원 */
    {"\xe7\xa0\x94\xe7\xa9\xb6\xe6\x89\x80", ORG_INST}, /* 研究所 */
    {"\xe7\xa0\x94\xe7\xa9\xb6\xe9\x99\xa2", ORG_INST}, /* 研究院 */
    {"\xe5\xad\xa6\xe9\x99\xa2", ORG_SUB},              /* 学院 */
    {"\xe5\xad\xb8\xe9\x99\xa2", ORG_SUB},              /* 學院 */
    {"\xec\x97\xb0\xea\xb5\xac\xec\x86\x8c", ORG_INST}, /* 연구소 */
};

/* Abbreviations expanded in institution names. */
static const struct {
    const char *from, *to;
} inst_abbrev[] = {
    /* short forms of at most 4 letters */
    {"univ", "university"}, {"inst", "institute"}, {"dept", "department"},   {"hosp", "hospital"},
    {"natl", "national"},   {"ctr", "center"},     {"acad", "academy"},      {"coll", "college"},
    {"sch", "school"},      {"lab", "laboratory"}, {"labs", "laboratories"},
};

/* ------------------------------------------------------------------ hashing */

typedef struct slot {
    uint32_t hash;
    uint32_t id; /* index + 1, 0 = empty */
} slot;

typedef struct htab {
    slot *slots;
    uint32_t mask;
} htab;

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    h ^= h >> 15;
    h *= 0x2c1b3c6dU;
    h ^= h >> 12;
    return h;
}

static bool htab_init(htab *t, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n + 1)
        cap <<= 1;
    t->slots = calloc(cap, sizeof *t->slots);
    t->mask = (uint32_t)(cap - 1);
    return t->slots != NULL;
}

/* Probe for key; returns the slot (empty or matching). `eq` compares key with id. */
typedef bool (*htab_eq)(const void *ctx, uint32_t id, const char *s, size_t n);

static slot *htab_find(const htab *t, uint32_t h, const char *s, size_t n, htab_eq eq,
                       const void *ctx)
{
    uint32_t i = h & t->mask;
    for (;;) {
        slot *sl = &t->slots[i];
        if (sl->id == 0 || (sl->hash == h && eq(ctx, sl->id - 1, s, n)))
            return sl;
        i = (i + 1) & t->mask;
    }
}

/* ------------------------------------------------------------------ resolver */

typedef struct thes_entry {
    uint32_t key, key_len, val; /* offsets into the arena; val == UINT32_MAX: drop */
} thes_entry;

struct coauth_resolver {
    htab names;                /* normalised place name -> coauth_gz_names index */
    uint64_t *name_bits;       /* one bit per hash value (mod 2^20): most lookups miss, and this
                                  128 KB filter answers them without touching the name table */
    uint16_t *name_len;        /* key lengths */
    htab orgs;                 /* normalised keyword -> org_keywords index */
    char us_state[26 * 26][3]; /* state code "MA" -> country "US", "" if not a state */
    char territory_parent[26 * 26][3];
    bool is_parent[26 * 26]; /* has territories (CN, US, GB, FR, NL) or is one */
    htab terr_first;         /* first words of territory names ("hong", "puerto") */
    uint32_t *terr_first_len;
    bool valid_cc[26 * 26];
    htab thes; /* normalised label -> thes entries index */
    thes_entry *th;
    size_t n_th;
    char *th_arena;
    char th_sum[40]; /* "md5:hex" of the thesaurus file, "" when none */
};

static int cc_index(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

static bool eq_name(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const coauth_resolver *r = ctx;
    return r->name_len[id] == n && memcmp(coauth_gz_names[id].key, s, n) == 0;
}

static bool eq_terr_first(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const coauth_resolver *r = ctx;
    return r->terr_first_len[id] == n && memcmp(coauth_gz_names[id].key, s, n) == 0;
}

static bool eq_org(const void *ctx, uint32_t id, const char *s, size_t n)
{
    (void)ctx;
    const char *w = org_keywords[id].word;
    size_t i = 0;
    while (i < n && w[i] == s[i])
        i++;
    return i == n && w[i] == '\0';
}

static bool eq_thes(const void *ctx, uint32_t id, const char *s, size_t n)
{
    const coauth_resolver *r = ctx;
    return r->th[id].key_len == n && memcmp(r->th_arena + r->th[id].key, s, n) == 0;
}

/* --------------------------------------------------------------- normalising */

/* ASCII folding: a letter or digit maps to itself in lower case, ' . ` vanish (0),
 * '&' becomes " and " (1), everything else a space. */
enum { FOLD_DROP = 0, FOLD_AND = 1 };

static const unsigned char ascii_fold[128] = {
#define SP ' '
    SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,
    SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,
    1,   0,   SP,  SP,  SP,  SP,  SP,  SP,  0,   SP,  '0', '1', '2', '3', '4', '5', '6', '7', '8',
    '9', SP,  SP,  SP,  SP,  SP,  SP,  SP,  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k',
    'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SP,  SP,  SP,  SP,
    SP,  0,   'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q',
    'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SP,  SP,  SP,  SP,  SP,
#undef SP
};

/* Fold text[0..n) into out (capacity >= 8 * n + 8): lower case, accents removed,
 * punctuation to spaces, '.' and apostrophes removed, '&' -> " and "; spaces are
 * collapsed and the result trimmed. Returns the length written; *wide is set when the
 * text holds a character of three or more UTF-8 bytes (CJK). Same rules as
 * normalise() in gen_gazetteer.py (minus its leading-"the" rule, applied by callers). */
static size_t fold_text(const char *text, size_t n, char *out, bool *wide)
{
    size_t o = 0;
    bool space = true; /* at start: drop leading spaces */
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)text[i];
        const char *rep;
        if (c < 0x80) {
            unsigned char f = ascii_fold[c];
            i++;
            if (f > ' ') {
                out[o++] = (char)f;
                space = false;
                continue;
            }
            if (f == ' ') {
                if (!space) {
                    out[o++] = ' ';
                    space = true;
                }
                continue;
            }
            if (f == FOLD_DROP)
                continue;
            rep = " and ";
        } else {
            uint32_t cp = 0;
            size_t len = 0;
            if (c >= 0xC2 && c < 0xE0)
                len = 2, cp = c & 0x1F;
            else if (c >= 0xE0 && c < 0xF0)
                len = 3, cp = c & 0x0F;
            else if (c >= 0xF0 && c < 0xF5)
                len = 4, cp = c & 0x07;
            bool ok = len > 0 && i + len <= n;
            for (size_t k = 1; ok && k < len; k++) {
                unsigned char cc = (unsigned char)text[i + k];
                if ((cc & 0xC0) != 0x80)
                    ok = false;
                else
                    cp = (cp << 6) | (cc & 0x3F);
            }
            if (!ok) {
                /* invalid UTF-8: keep the byte as it is */
                out[o++] = (char)c;
                space = false;
                i++;
                continue;
            }
            if (len >= 3)
                *wide = true;
            rep = NULL;
            for (size_t k = 0; k < coauth_gz_n_fold_ranges; k++) {
                const coauth_gz_range *rg = &coauth_gz_fold_ranges[k];
                if (cp >= rg->lo && cp <= rg->hi) {
                    rep = coauth_gz_fold[rg->off + (cp - rg->lo)];
                    break;
                }
            }
            if (!rep) {
                memcpy(out + o, text + i, len);
                o += len;
                space = false;
                i += len;
                continue;
            }
            i += len;
        }
        for (; *rep; rep++) {
            if (*rep == ' ') {
                if (!space) {
                    out[o++] = ' ';
                    space = true;
                }
            } else {
                out[o++] = *rep;
                space = false;
            }
        }
    }
    if (o > 0 && out[o - 1] == ' ')
        o--;
    return o;
}

/* ------------------------------------------------------------------ scratch */

typedef struct token {
    uint32_t off, len; /* in the folded buffer */
    bool digit;
    int8_t kind; /* ORG_* level of the word, or WORD_LINK / WORD_GENERIC */
} token;

typedef struct seg {
    uint32_t raw, raw_len; /* in the working copy */
    uint32_t tok0, ntok;   /* tokens of this segment */
    int org;               /* ORG_* level */
} seg;

/* A piece: a run of digit-free tokens of a location segment, the unit of lookup. */
typedef struct unit {
    uint32_t seg;
    const coauth_gz_name *e; /* whole-piece match, or NULL */
    char slot_cc[3];         /* country of a US state code in the City, ST slot */
    bool slot_zip;           /* the slot carries a ZIP code */
    char suffix_cc[3];       /* country named at the end of the last segment */
} unit;

typedef struct scratch {
    char *work;
    char *fold;
    char *inst;
    char *tmp;
    size_t cap; /* capacity basis: bytes of text supported */
    token *toks;
    seg *segs;
    unit *units;
    size_t cap_parts;
} scratch;

#define MAX_EMAILS 16

typedef struct email {
    size_t pos;
    char cc[3];
} email;

static void scratch_free(scratch *s)
{
    if (!s)
        return;
    free(s->work);
    free(s->fold);
    free(s->inst);
    free(s->tmp);
    free(s->toks);
    free(s->segs);
    free(s->units);
    free(s);
}

static coauth_status scratch_reserve(coauth_resolution *res, size_t len, coauth_error *err)
{
    scratch *s = res->scratch_;
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory resolving an affiliation");
        res->scratch_ = s;
    }
    if (len + 1 > s->cap) {
        size_t cap = 256;
        while (cap < len + 1)
            cap *= 2;
        char *w = realloc(s->work, cap + 1);
        if (w)
            s->work = w;
        char *f = realloc(s->fold, 8 * cap + 8);
        if (f)
            s->fold = f;
        /* institution names: folding and abbreviations expand text up to ~17x */
        char *in = realloc(s->inst, 20 * cap + 16);
        if (in)
            s->inst = in;
        char *tm = realloc(s->tmp, 8 * cap + 8);
        if (tm)
            s->tmp = tm;
        token *t = realloc(s->toks, (cap + 1) * sizeof *t);
        if (t)
            s->toks = t;
        seg *g = realloc(s->segs, (cap + 1) * sizeof *g);
        if (g)
            s->segs = g;
        unit *u = realloc(s->units, (cap + 1) * sizeof *u);
        if (u)
            s->units = u;
        if (!w || !f || !in || !tm || !t || !g || !u)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory resolving an affiliation");
        s->cap = cap;
    }
    /* every part holds at least one byte of text and one separator */
    if (s->cap_parts < len + 2) {
        coauth_part *p = realloc(res->parts, (len + 2) * sizeof *p);
        if (!p)
            return coauth_fail(err, COAUTH_ENOMEM, "out of memory resolving an affiliation");
        res->parts = p;
        s->cap_parts = len + 2;
    }
    return COAUTH_OK;
}

void coauth_resolution_release(coauth_resolution *res)
{
    if (!res)
        return;
    scratch_free(res->scratch_);
    free(res->parts);
    res->scratch_ = NULL;
    res->parts = NULL;
    res->n_parts = 0;
}

/* ------------------------------------------------------------------ lookups */

#define NAME_BITS_MASK ((UINT32_C(1) << 20) - 1)

static const coauth_gz_name *lookup_name(const coauth_resolver *r, const char *s, size_t n)
{
    if (n == 0)
        return NULL;
    uint32_t h = hash_bytes(s, n);
    uint32_t bit = (h * 0x9E3779B1u) >> 12; /* 20 bits, mixed apart from the slot index */
    if (!(r->name_bits[bit >> 6] & (UINT64_C(1) << (bit & 63))))
        return NULL;
    slot *sl = htab_find(&r->names, h, s, n, eq_name, r);
    return sl->id ? &coauth_gz_names[sl->id - 1] : NULL;
}

static int lookup_org(const coauth_resolver *r, const char *s, size_t n)
{
    uint32_t h = hash_bytes(s, n);
    slot *sl = htab_find(&r->orgs, h, s, n, eq_org, NULL);
    return sl->id ? org_keywords[sl->id - 1].level : ORG_NONE;
}

static const char *state_country(const coauth_resolver *r, const char *code)
{
    int i = cc_index(code);
    if (i < 0 || !r->us_state[i][0])
        return NULL;
    return r->us_state[i];
}

static bool cands_has(const char *cands, const char *cc)
{
    for (; cands[0]; cands += 2)
        if (cands[0] == cc[0] && cands[1] == cc[1])
            return true;
    return false;
}

/* ------------------------------------------------------------ resolver setup */

static coauth_status load_thesaurus(coauth_resolver *r, const char *path, coauth_error *err);

/* The thesaurus file's MD5, for the store's provenance (a second read of a small file). */
static coauth_status thesaurus_md5(coauth_resolver *r, const char *path, coauth_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return coauth_fail(err, COAUTH_EIO, "cannot open thesaurus '%s': %s", path,
                           strerror(errno));
    coauth_md5 m;
    coauth_md5_init(&m);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        coauth_md5_update(&m, buf, n);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad)
        return coauth_fail(err, COAUTH_EIO, "cannot read thesaurus '%s'", path);
    char hex[33];
    coauth_md5_final_hex(&m, hex);
    snprintf(r->th_sum, sizeof r->th_sum, "md5:%s", hex);
    return COAUTH_OK;
}

const char *coauth_resolver_thesaurus_checksum(const coauth_resolver *r)
{
    return r && r->th_sum[0] ? r->th_sum : NULL;
}

coauth_status coauth_resolver_new(coauth_resolver **out, const coauth_resolver_options *opts,
                                  coauth_error *err)
{
    *out = NULL;
    coauth_resolver *r = calloc(1, sizeof *r);
    if (!r)
        return coauth_fail(err, COAUTH_ENOMEM, "out of memory creating the resolver");
    coauth_status rc = COAUTH_OK;
    r->name_len = malloc(coauth_gz_n_names * sizeof *r->name_len);
    r->name_bits = calloc((NAME_BITS_MASK + 1) / 64, sizeof *r->name_bits);
    size_t n_org = sizeof org_keywords / sizeof org_keywords[0];
    if (!r->name_len || !r->name_bits || !htab_init(&r->names, coauth_gz_n_names) ||
        !htab_init(&r->orgs, n_org)) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory creating the resolver");
        goto out;
    }
    for (size_t i = 0; i < coauth_gz_n_names; i++) {
        const char *k = coauth_gz_names[i].key;
        size_t n = strlen(k);
        r->name_len[i] = (uint16_t)n;
        uint32_t h = hash_bytes(k, n);
        uint32_t bit = (h * 0x9E3779B1u) >> 12; /* 20 bits, mixed apart from the slot index */
        r->name_bits[bit >> 6] |= UINT64_C(1) << (bit & 63);
        slot *sl = htab_find(&r->names, h, k, n, eq_name, r);
        if (!sl->id) {
            sl->hash = h;
            sl->id = (uint32_t)i + 1;
        }
    }
    for (size_t i = 0; i < n_org; i++) {
        const char *k = org_keywords[i].word;
        size_t n = strlen(k);
        uint32_t h = hash_bytes(k, n);
        slot *sl = htab_find(&r->orgs, h, k, n, eq_org, NULL);
        if (!sl->id) {
            sl->hash = h;
            sl->id = (uint32_t)i + 1;
        }
    }
    for (size_t i = 0; i < coauth_gz_n_us_states; i++) {
        int k = cc_index(coauth_gz_us_states[i].a);
        if (k >= 0)
            memcpy(r->us_state[k], coauth_gz_us_states[i].b, 3);
    }
    for (size_t i = 0; i < coauth_gz_n_territories; i++) {
        int k = cc_index(coauth_gz_territories[i].a);
        if (k >= 0)
            memcpy(r->territory_parent[k], coauth_gz_territories[i].b, 3);
    }
    for (size_t i = 0; i < coauth_gz_n_territories; i++) {
        int a = cc_index(coauth_gz_territories[i].a), b = cc_index(coauth_gz_territories[i].b);
        if (a >= 0 && b >= 0)
            r->is_parent[a] = r->is_parent[b] = true;
    }
    /* first words of the names of territories that organisations carry ("The Chinese
     * University of Hong Kong"): only parts naming them are searched further */
    r->terr_first_len = calloc(coauth_gz_n_names, sizeof *r->terr_first_len);
    if (!r->terr_first_len || !htab_init(&r->terr_first, 4096)) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory creating the resolver");
        goto out;
    }
    for (size_t i = 0; i < coauth_gz_n_names; i++) {
        const coauth_gz_name *e = &coauth_gz_names[i];
        int k = cc_index(e->country);
        if (k < 0 || !r->territory_parent[k][0] ||
            !(strcmp(e->city, e->country) == 0 || e->state[0]))
            continue;
        const char *sp = strchr(e->key, ' ');
        size_t n = sp ? (size_t)(sp - e->key) : strlen(e->key);
        r->terr_first_len[i] = (uint32_t)n;
        uint32_t h = hash_bytes(e->key, n);
        slot *sl = htab_find(&r->terr_first, h, e->key, n, eq_terr_first, r);
        if (!sl->id) {
            sl->hash = h;
            sl->id = (uint32_t)i + 1;
        }
    }
    for (const char *c = coauth_gz_countries; c[0] && c[1]; c += 2) {
        int k = cc_index(c);
        if (k >= 0)
            r->valid_cc[k] = true;
    }
    if (opts && opts->thesaurus_path) {
        rc = load_thesaurus(r, opts->thesaurus_path, err);
        if (rc != COAUTH_OK)
            goto out;
        if ((rc = thesaurus_md5(r, opts->thesaurus_path, err)) != COAUTH_OK)
            goto out;
    }
    *out = r;
    return COAUTH_OK;
out:
    coauth_resolver_free(r);
    return rc;
}

void coauth_resolver_free(coauth_resolver *r)
{
    if (!r)
        return;
    free(r->names.slots);
    free(r->name_len);
    free(r->name_bits);
    free(r->orgs.slots);
    free(r->terr_first.slots);
    free(r->terr_first_len);
    free(r->thes.slots);
    free(r->th);
    free(r->th_arena);
    free(r);
}

/* ------------------------------------------------------------- institutions */

/* Normalise an institution name raw[0..n) into out: folded like place names, the
 * parenthesised remarks dropped, abbreviations expanded, a leading "the" dropped.
 * Returns the length. out needs 8 * n + 8 bytes. */
static size_t inst_words(const char *f, size_t fn, char *out);

static size_t inst_normalise(const char *raw, size_t n, char *out, char *tmp)
{
    /* drop "( ... )" */
    size_t m = 0;
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        char c = raw[i];
        if (c == '(' || c == '[') {
            depth++;
            tmp[m++] = ' ';
        } else if ((c == ')' || c == ']') && depth > 0) {
            depth--;
        } else if (depth == 0) {
            tmp[m++] = c;
        }
    }
    char *f = tmp + m + 1;
    bool wide = false;
    size_t fn = fold_text(tmp, m, f, &wide);
    return inst_words(f, fn, out);
}

/* The words of folded text f[0..fn) into out, abbreviations expanded, a leading "the"
 * dropped. Returns the length. */
static size_t inst_words(const char *f, size_t fn, char *out)
{
    size_t o = 0;
    size_t i = 0;
    bool first = true;
    while (i < fn) {
        size_t j = i;
        while (j < fn && f[j] != ' ')
            j++;
        const char *w = f + i;
        size_t wl = j - i;
        if (!(first && wl == 3 && memcmp(w, "the", 3) == 0)) {
            for (size_t k = 0; wl <= 4 && k < sizeof inst_abbrev / sizeof inst_abbrev[0]; k++) {
                if (inst_abbrev[k].from[0] == w[0] && strlen(inst_abbrev[k].from) == wl &&
                    memcmp(inst_abbrev[k].from, w, wl) == 0) {
                    w = inst_abbrev[k].to;
                    wl = strlen(w);
                    break;
                }
            }
            if (o)
                out[o++] = ' ';
            memcpy(out + o, w, wl);
            o += wl;
        }
        first = false;
        i = j + 1;
    }
    return o;
}

static coauth_status load_thesaurus(coauth_resolver *r, const char *path, coauth_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return coauth_fail(err, COAUTH_EIO, "cannot open thesaurus '%s': %s", path,
                           strerror(errno));
    coauth_status rc = COAUTH_OK;
    char *line = NULL;
    size_t line_cap = 0;
    char *tmp = NULL, *key = NULL;
    size_t tmp_cap = 0;
    size_t arena_len = 0, arena_cap = 0, cap_th = 0;
    unsigned long lineno = 0;
    ssize_t got;
    while ((got = getline(&line, &line_cap, fp)) != -1) {
        lineno++;
        size_t n = (size_t)got;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        line[n] = '\0';
        if (n == 0)
            continue;
        char *tab = memchr(line, '\t', n);
        if (!tab) {
            rc = coauth_fail(err, COAUTH_EFORMAT,
                             "thesaurus '%s' line %lu: expected 'label<TAB>replace by'", path,
                             lineno);
            goto out;
        }
        size_t ln = (size_t)(tab - line);
        const char *val = tab + 1;
        size_t vn = n - ln - 1;
        /* the VOSviewer header row */
        if (lineno == 1 && ln == 5 && strncmp(line, "label", 5) == 0)
            continue;
        if (tmp_cap < 17 * ln + 32) {
            tmp_cap = 17 * ln + 32;
            char *t = realloc(tmp, tmp_cap);
            char *k = realloc(key, tmp_cap);
            if (t)
                tmp = t;
            if (k)
                key = k;
            if (!t || !k) {
                rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
                goto out;
            }
        }
        size_t kn = inst_normalise(line, ln, key, tmp);
        while (vn > 0 && (*val == ' ' || *val == '\t'))
            val++, vn--;
        while (vn > 0 && (val[vn - 1] == ' ' || val[vn - 1] == '\t'))
            vn--;
        if (kn == 0)
            continue;
        if (arena_len + kn + vn + 2 > arena_cap) {
            size_t nc = arena_cap ? arena_cap * 2 : 4096;
            while (nc < arena_len + kn + vn + 2)
                nc *= 2;
            char *a = realloc(r->th_arena, nc);
            if (!a) {
                rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
                goto out;
            }
            r->th_arena = a;
            arena_cap = nc;
        }
        if (r->n_th == cap_th) {
            size_t nc = cap_th ? cap_th * 2 : 64;
            thes_entry *t = realloc(r->th, nc * sizeof *t);
            if (!t) {
                rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
                goto out;
            }
            r->th = t;
            cap_th = nc;
        }
        thes_entry *e = &r->th[r->n_th++];
        e->key = (uint32_t)arena_len;
        e->key_len = (uint32_t)kn;
        memcpy(r->th_arena + arena_len, key, kn);
        arena_len += kn;
        r->th_arena[arena_len++] = '\0';
        if (vn == 0) {
            e->val = UINT32_MAX;
        } else {
            e->val = (uint32_t)arena_len;
            memcpy(r->th_arena + arena_len, val, vn);
            arena_len += vn;
            r->th_arena[arena_len++] = '\0';
        }
    }
    if (ferror(fp)) {
        rc = coauth_fail(err, COAUTH_EIO, "cannot read thesaurus '%s': %s", path, strerror(errno));
        goto out;
    }
    if (!htab_init(&r->thes, r->n_th)) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory reading thesaurus '%s'", path);
        goto out;
    }
    /* later lines win, like later rows of any table the user edits */
    for (size_t i = 0; i < r->n_th; i++) {
        const char *k = r->th_arena + r->th[i].key;
        size_t kn = r->th[i].key_len;
        uint32_t h = hash_bytes(k, kn);
        slot *sl = htab_find(&r->thes, h, k, kn, eq_thes, r);
        sl->hash = h;
        sl->id = (uint32_t)i + 1;
    }
out:
    free(line);
    free(tmp);
    free(key);
    fclose(fp);
    return rc;
}

/* ------------------------------------------------------------------ parsing */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static bool is_email_char(char c)
{
    return !is_space(c) && c != ',' && c != ';' && c != '(' && c != ')' && c != '<' && c != '>' &&
           c != '[' && c != ']' && c != '"';
}

static bool ieq_prefix(const char *s, const char *end, const char *lit)
{
    for (; *lit; lit++, s++) {
        if (s >= end)
            return false;
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != *lit)
            return false;
    }
    return true;
}

/* Blank out e-mail addresses and their labels in w[0..n), recording each one's
 * country-code domain. Returns the number of e-mails recorded. */
static size_t strip_emails(const coauth_resolver *r, char *w, size_t n, email *em)
{
    size_t ne = 0;
    static const char *const labels[] = {"electronic address:", "electronic address",
                                         "e-mail:", "email:", "e-mail address:"};
    for (size_t i = 0; i < n; i++) {
        if (w[i] == 'E' || w[i] == 'e') {
            for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
                if (ieq_prefix(w + i, w + n, labels[k]) &&
                    (i == 0 || !is_email_char(w[i - 1]) || w[i - 1] == '.')) {
                    memset(w + i, ' ', strlen(labels[k]));
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (w[i] != '@')
            continue;
        size_t a = i, b = i + 1;
        while (a > 0 && is_email_char(w[a - 1]))
            a--;
        while (b < n && is_email_char(w[b]))
            b++;
        size_t e = b;
        while (e > i + 1 && (w[e - 1] == '.' || w[e - 1] == ':'))
            e--;
        /* top-level domain */
        size_t d = e;
        while (d > i + 1 && w[d - 1] != '.')
            d--;
        char cc[3] = "";
        if (d > i + 1 && e - d == 2) {
            char c0 = w[d], c1 = w[d + 1];
            if (c0 >= 'a' && c0 <= 'z')
                c0 = (char)(c0 - 32);
            if (c1 >= 'a' && c1 <= 'z')
                c1 = (char)(c1 - 32);
            cc[0] = c0;
            cc[1] = c1;
            cc[2] = '\0';
            if (cc[0] == 'U' && cc[1] == 'K')
                cc[1] = 'B', cc[0] = 'G';
            int k = cc_index(cc);
            if (k < 0 || !r->valid_cc[k])
                cc[0] = '\0';
        } else if (e - d == 3 &&
                   (ieq_prefix(w + d, w + e, "edu") || ieq_prefix(w + d, w + e, "gov") ||
                    ieq_prefix(w + d, w + e, "mil"))) {
            memcpy(cc, "US", 3);
        }
        if (ne < MAX_EMAILS && cc[0]) {
            em[ne].pos = a;
            memcpy(em[ne].cc, cc, 3);
            ne++;
        }
        memset(w + a, ' ', b - a);
        i = b;
    }
    return ne;
}

/* Does w[i..) start a numbered label such as "[2]" or "2]" at a word start? Returns its
 * length, 0 if not. */
static size_t bracket_label(const char *w, size_t i, size_t n)
{
    size_t j = i;
    if (j < n && w[j] == '[')
        j++;
    size_t d = j;
    while (j < n && j - d < 3 && w[j] >= '0' && w[j] <= '9')
        j++;
    if (j == d || j >= n || w[j] != ']')
        return 0;
    if (i > 0 && !is_space(w[i - 1]) && w[i - 1] != ';' && w[i] != '[')
        return 0;
    return j + 1 - i;
}

/* ------------------------------------------------------------ numbered labels */

enum label_style { LABEL_PLAIN, LABEL_PAREN, LABEL_CLOSE, LABEL_SUP };

/* Value of the superscript digit at w[i..n) (¹ ² ³ U+00B9/B2/B3, U+2070..2079), or -1;
 * its byte length in *len. */
static int sup_digit(const char *w, size_t i, size_t n, size_t *len)
{
    const unsigned char *u = (const unsigned char *)w + i;
    if (i + 1 < n && u[0] == 0xC2 && (u[1] == 0xB9 || u[1] == 0xB2 || u[1] == 0xB3)) {
        *len = 2;
        return u[1] == 0xB9 ? 1 : u[1] - 0xB0;
    }
    if (i + 2 < n && u[0] == 0xE2 && u[1] == 0x81 &&
        (u[2] == 0xB0 || (u[2] >= 0xB4 && u[2] <= 0xB9))) {
        *len = 3;
        return u[2] - 0xB0;
    }
    return -1;
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Does a label of `style` numbered `want` start at w[i..n)? Returns its length (the
 * label and the blank after it), 0 if not. What follows must start a name: a capital
 * then a small letter ("2 Department", "2Department"; never "3D printing" or "2 MW"),
 * or, after a bracketed or superscript label, any letter. */
static size_t label_at(const char *w, size_t i, size_t n, enum label_style style, int want)
{
    size_t j = i, dl = 0;
    int v = 0;
    if (style == LABEL_SUP) {
        int d;
        size_t l = 0;
        while (j < n && dl < 2 && (d = sup_digit(w, j, n, &l)) >= 0) {
            v = v * 10 + d;
            j += l;
            dl++;
        }
    } else {
        if (style == LABEL_PAREN) {
            if (j >= n || w[j] != '(')
                return 0;
            j++;
        }
        while (j < n && dl < 2 && w[j] >= '0' && w[j] <= '9') {
            v = v * 10 + (w[j++] - '0');
            dl++;
        }
        if (j < n && w[j] >= '0' && w[j] <= '9')
            return 0;
        if (style != LABEL_PLAIN) {
            if (j >= n || w[j] != ')')
                return 0;
            j++;
        }
    }
    if (dl == 0 || v != want)
        return 0;
    bool blank = false;
    while (j < n && w[j] == ' ') {
        j++;
        blank = true;
    }
    if (j + 1 >= n)
        return 0;
    if (style == LABEL_PLAIN && !(is_upper(w[j]) && is_lower(w[j + 1])))
        return 0;
    if (style == LABEL_CLOSE && !blank)
        return 0;
    if (style != LABEL_PLAIN && !is_upper(w[j]) && !is_lower(w[j]) && (unsigned char)w[j] < 0x80)
        return 0;
    return j - i;
}

/* Is w[b..e) the word lit (lower case), ignoring case? */
static bool word_is(const char *w, size_t b, size_t e, const char *lit)
{
    return e - b == strlen(lit) && ieq_prefix(w + b, w + e, lit);
}

/* Is the label at w[i] preceded by the end of an affiliation? A plain number needs ". "
 * or "; " before it, and not after a number sign ("No. 2 People's Hospital", "N. 2
 * Road"); a bracketed or superscript number needs a blank or , . ; before it
 * ("Unit(2)", "m²" are no labels). */
static bool label_boundary(const char *w, size_t i, enum label_style style)
{
    size_t k = i;
    while (k > 0 && w[k - 1] == ' ')
        k--;
    if (k == 0)
        return false;
    char c = w[k - 1];
    bool punct = c == '.' || c == ',' || c == ';';
    if (style == LABEL_SUP)
        return k < i || punct;
    if (k == i)
        return false;
    if (style != LABEL_PLAIN || c == ';')
        return true;
    if (c != '.')
        return false;
    size_t e = k - 1, b = e;
    while (b > 0 && (is_upper(w[b - 1]) || is_lower(w[b - 1])))
        b--;
    return !(word_is(w, b, e, "n") || word_is(w, b, e, "no") || word_is(w, b, e, "nr") ||
             word_is(w, b, e, "nos"));
}

/* Numbered affiliations: "1 Dept A, ..., USA. 2 Dept B, ..., China.", "(1) ... (2) ...",
 * "1) ... 2) ...", "¹Dept A ... ²Dept B". Only when the text opens with label 1 are the
 * labels 2, 3, ... searched, each in turn and in order, after the end of the previous
 * affiliation; each found label is replaced by ';' (and blanks), the first by blanks, so
 * the part split below sees an ordinary ';'. The text keeps its length. */
static void mark_numbered_labels(char *w, size_t n)
{
    size_t i = 0;
    while (i < n && w[i] == ' ')
        i++;
    static const enum label_style styles[] = {LABEL_PAREN, LABEL_CLOSE, LABEL_SUP, LABEL_PLAIN};
    enum label_style style = LABEL_PLAIN;
    size_t l = 0;
    for (size_t k = 0; k < sizeof styles / sizeof styles[0] && !l; k++) {
        style = styles[k];
        l = label_at(w, i, n, style, 1);
    }
    if (!l)
        return;
    /* the second label must exist, else the first is left to trim_part */
    int want = 2;
    size_t first = i, first_len = l;
    for (size_t j = i + l; j < n; j++) {
        char c = w[j];
        if (!(c >= '0' && c <= '9') && c != '(' && (unsigned char)c != 0xC2 &&
            (unsigned char)c != 0xE2)
            continue;
        if (style == LABEL_PLAIN && j > 0 && w[j - 1] != ' ')
            continue;
        size_t m = label_at(w, j, n, style, want);
        if (!m || !label_boundary(w, j, style))
            continue;
        if (want == 2)
            memset(w + first, ' ', first_len);
        w[j] = ';';
        memset(w + j + 1, ' ', m - 1);
        want++;
        j += m - 1;
    }
}

/* Trim a part: spaces, leading labels (digits fused to a capital letter, "*", "†",
 * "a ", "1) "), a leading "and ". */
static void trim_part(const char *w, size_t *a, size_t *b)
{
    size_t s = *a, e = *b;
    for (;;) {
        while (s < e && (is_space(w[s]) || w[s] == '*' || w[s] == ',' || w[s] == '.' ||
                         w[s] == ':' || w[s] == '|'))
            s++;
        /* † ‡ § and superscript digits */
        if (e - s >= 3 && (unsigned char)w[s] == 0xE2 && (unsigned char)w[s + 1] == 0x80 &&
            ((unsigned char)w[s + 2] == 0xA0 || (unsigned char)w[s + 2] == 0xA1)) {
            s += 3;
            continue;
        }
        if (e - s >= 2 && (unsigned char)w[s] == 0xC2 &&
            ((unsigned char)w[s + 1] == 0xA7 || (unsigned char)w[s + 1] == 0xB9 ||
             (unsigned char)w[s + 1] == 0xB2 || (unsigned char)w[s + 1] == 0xB3)) {
            s += 2;
            continue;
        }
        size_t d = s;
        while (d < e && w[d] >= '0' && w[d] <= '9')
            d++;
        if (d > s && d - s <= 3 && d < e && w[d] >= 'A' && w[d] <= 'Z') {
            s = d; /* "3Van der Waals": footnote digits fused to the text */
            continue;
        }
        if (d > s && d - s <= 3 && d < e && (w[d] == ')' || w[d] == ']')) {
            s = d + 1;
            continue;
        }
        if (e - s > 4 && ieq_prefix(w + s, w + e, "and ")) {
            s += 4;
            continue;
        }
        break;
    }
    while (e > s && (is_space(w[e - 1]) || w[e - 1] == '.' || w[e - 1] == ',' || w[e - 1] == ':'))
        e--;
    *a = s;
    *b = e;
}

/* ------------------------------------------------------------ part resolution */

typedef struct decision {
    char cc[3];
    const char *rule;
} decision;

static void decide(decision *d, const char *cc, const char *rule)
{
    d->cc[0] = cc[0];
    d->cc[1] = cc[1];
    d->cc[2] = '\0';
    d->rule = rule;
}

/* The countries a unit may denote: its candidates, or its slot/suffix country. */
static const char *unit_cands(const unit *u, char buf[3])
{
    if (u->e)
        return u->e->cands;
    if (u->slot_cc[0]) {
        memcpy(buf, u->slot_cc, 3);
        return buf;
    }
    if (u->suffix_cc[0]) {
        memcpy(buf, u->suffix_cc, 3);
        return buf;
    }
    return "";
}

/* Settle between `choices` (2-letter codes) with the other units' candidates, then
 * the e-mail domain. */
static bool settle(const unit *units, size_t nu, size_t self, const char *choices,
                   const char *email_cc, decision *d)
{
    for (size_t k = nu; k-- > 0;) {
        if (k == self)
            continue;
        char buf[3];
        const char *c = unit_cands(&units[k], buf);
        if (!c[0])
            continue;
        const char *hit = NULL;
        int nhit = 0;
        for (const char *x = choices; x[0]; x += 2) {
            if (cands_has(c, x)) {
                hit = x;
                nhit++;
            }
        }
        if (nhit == 1) {
            decide(d, hit, RULE_NEIGHBOUR);
            return true;
        }
    }
    if (email_cc && email_cc[0] && cands_has(choices, email_cc)) {
        decide(d, email_cc, RULE_EMAIL);
        return true;
    }
    return false;
}

static void resolve_units(const coauth_resolver *r, const unit *units, size_t nu,
                          const char *email_cc, decision *d)
{
    d->cc[0] = '\0';
    d->rule = RULE_NONE;
    /* pass 1: state slot, state names, country names (right to left) */
    for (size_t k = nu; k-- > 0;) {
        const unit *u = &units[k];
        if (u->slot_cc[0]) {
            if (!u->slot_zip && k > 0 && units[k - 1].seg + 1 == u->seg && units[k - 1].e &&
                !units[k - 1].e->country[0] && !cands_has(units[k - 1].e->cands, "US") &&
                !cands_has(units[k - 1].e->cands, u->slot_cc))
                continue; /* "Perth, WA": the city is not American, so WA is no state */
            decide(d, u->slot_cc, RULE_STATE);
            return;
        }
        const coauth_gz_name *e = u->e;
        if (!e) {
            if (u->suffix_cc[0]) {
                decide(d, u->suffix_cc, RULE_COUNTRY);
                return;
            }
            continue;
        }
        if (e->state[0]) {
            const char *sc = state_country(r, e->state);
            if (!sc)
                sc = "US";
            if (e->country[0] && strcmp(e->country, sc) != 0) {
                /* Georgia: the country or the US state */
                char choices[5] = {e->country[0], e->country[1], sc[0], sc[1], '\0'};
                settle(units, nu, k, choices, email_cc, d);
                return;
            }
            decide(d, sc, RULE_STATE);
            return;
        }
        if (e->country[0]) {
            decide(d, e->country, RULE_COUNTRY);
            return;
        }
    }
    /* pass 2: subdivisions unique to one country */
    for (size_t k = nu; k-- > 0;) {
        if (units[k].e && units[k].e->subdiv[0]) {
            decide(d, units[k].e->subdiv, RULE_SUBDIV);
            return;
        }
    }
    /* pass 3: cities dominated by one country */
    for (size_t k = nu; k-- > 0;) {
        if (units[k].e && units[k].e->city[0]) {
            decide(d, units[k].e->city, RULE_CITY);
            return;
        }
    }
    /* pass 4: ambiguous names settled by each other or the e-mail domain */
    for (size_t k = nu; k-- > 0;) {
        if (units[k].e && units[k].e->cands[0]) {
            settle(units, nu, k, units[k].e->cands, email_cc, d);
            return;
        }
    }
}

/* Smallest population of a city named inside an organisation's name: smaller towns
 * share their names with people and words ("Liberal", "Brody", "Westlake"). */
#define ORG_PLACE_MIN_POP 100000

/* Look up one run of place words inside an organisation's name; returns the country
 * it names, or NULL. Only names that cannot be the organisation's own country name
 * count: US states, subdivisions, large dominant cities, and city-states ("National
 * University of Singapore"), never "University of Chile" or "China Medical University". */
static const char ORG_PLACE_STOP[] = ""; /* a place name, but not one that counts here */

static const char *org_place_name(const coauth_resolver *r, const char *key, size_t n,
                                  bool adjacent)
{
    const coauth_gz_name *e = lookup_name(r, key, n);
    if (!e || !e->cands[0])
        return NULL;
    const char *cc = NULL;
    if (e->state[0]) {
        const char *sc = state_country(r, e->state);
        if (sc && !(e->country[0] && strcmp(e->country, sc) != 0)) /* Georgia */
            cc = sc;
    } else if (e->country[0]) {
        if (strcmp(e->city, e->country) == 0)
            cc = e->country;
    } else if (e->subdiv[0] && e->major && adjacent) {
        /* a first-level subdivision naming the organisation: "Zhejiang University",
         * "Universidade Federal do Paraná", not "Pest Insects" in a laboratory's name */
        cc = e->subdiv;
    } else if (e->city[0] &&
               (e->city_pop >= ORG_PLACE_MIN_POP || strcmp(e->city, e->subdiv) == 0)) {
        /* a large city, or a city that is also a subdivision of its country (Ferrara) */
        cc = e->city;
    }
    /* the longest place name decides: "Santiago de Compostela" is not Santiago */
    return cc ? cc : ORG_PLACE_STOP;
}

/* Tokens [a, b) of a run: trim link words at both ends, then try the whole and its
 * prefixes, longest first ("Rio de Janeiro UFRJ" -> "Rio de Janeiro"). */
static const char *org_place_prefix(const coauth_resolver *r, const scratch *s, size_t a, size_t b,
                                    size_t tok_beg, size_t tok_end)
{
    while (a < b && s->toks[a].kind == WORD_LINK)
        a++;
    /* next to an organisation keyword, across link and generic words */
    size_t l = a;
    while (l > tok_beg && s->toks[l - 1].kind < 0)
        l--;
    bool left = l > tok_beg && s->toks[l - 1].kind > 0;
    for (; b > a; b--) {
        if (s->toks[b - 1].kind == WORD_LINK)
            continue;
        bool plain = false;
        for (size_t k = a; k < b; k++)
            if (s->toks[k].kind == ORG_NONE)
                plain = true;
        if (!plain)
            continue; /* never "National" or "General" alone */
        size_t rgt = b;
        while (rgt < tok_end && s->toks[rgt].kind < 0)
            rgt++;
        bool right = rgt < tok_end && s->toks[rgt].kind > 0;
        const char *key = s->fold + s->toks[a].off;
        size_t kn = s->toks[b - 1].off + s->toks[b - 1].len - s->toks[a].off;
        const char *cc = org_place_name(r, key, kn, left || right);
        if (cc && cc[0])
            return cc;
        if (cc) {
            /* a rejected place whose name holds a link word ("Santiago de
             * Compostela") must not be split into smaller places */
            for (size_t k = a; k < b; k++)
                if (s->toks[k].kind == WORD_LINK)
                    return cc;
        }
    }
    return NULL;
}

/* One run of non-keyword words: the whole run, else each stretch between generic
 * words ("Massachusetts General" -> "Massachusetts"), else each stretch between
 * link words. */
static const char *org_place_run(const coauth_resolver *r, const scratch *s, size_t a, size_t b,
                                 size_t tok_beg, size_t tok_end)
{
    const char *cc = org_place_prefix(r, s, a, b, tok_beg, tok_end);
    if (cc)
        return cc[0] ? cc : NULL;
    for (int split = WORD_GENERIC; split >= WORD_LINK; split--) {
        size_t k = a;
        while (k < b) {
            size_t p = k;
            while (k < b && s->toks[k].kind < 0 && s->toks[k].kind >= split)
                k++;
            p = k;
            while (k < b && !(s->toks[k].kind < 0 && s->toks[k].kind >= split))
                k++;
            if (p < k && !(p == a && k == b)) {
                cc = org_place_prefix(r, s, p, k, tok_beg, tok_end);
                if (cc)
                    return cc[0] ? cc : NULL;
            }
        }
    }
    return NULL;
}

/* Fallback when no location segment names a place: places named inside organisation
 * names ("University of Verona", "Tel Aviv University", "Massachusetts General
 * Hospital"). All the places found must agree. */
static void org_place(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1, decision *d)
{
    char found[3] = "";
    int level = ORG_NONE;
    bool conflict = false;
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        if (g->org == ORG_NONE || g->org < level)
            continue;
        size_t t = g->tok0, te = g->tok0 + g->ntok;
        while (t < te) {
            while (t < te && (s->toks[t].digit || s->toks[t].kind > 0))
                t++;
            size_t a = t;
            while (t < te && !s->toks[t].digit && s->toks[t].kind <= 0)
                t++;
            if (t <= a)
                continue;
            const char *cc = org_place_run(r, s, a, t, g->tok0, te);
            if (!cc)
                continue;
            /* the highest organisation's place wins ("University of Iowa" over a
             * centre's name); two different places at one level: unresolved */
            if (g->org > level) {
                level = g->org;
                conflict = false;
            } else if (strcmp(found, cc) != 0) {
                conflict = true;
            }
            memcpy(found, cc, 3);
        }
    }
    if (!found[0]) {
        /* a segment without keyword that names an organisation and ends with its
         * city: "ETH Zurich", "UNSW Sydney", "Complexity Science Hub Vienna" */
        for (size_t gi = s0; gi < s1; gi++) {
            const seg *g = &s->segs[gi];
            if (g->org != ORG_NONE || g->ntok < 2)
                continue;
            size_t te = g->tok0 + g->ntok;
            if (s->toks[te - 1].digit || s->toks[te - 1].kind != ORG_NONE)
                continue;
            for (size_t a = g->tok0 + 1; a < te; a++) {
                if (s->toks[a - 1].digit || s->toks[a - 1].kind == WORD_LINK)
                    continue; /* "Universidad ... de Chile" style links: no */
                const char *key = s->fold + s->toks[a].off;
                size_t kn = s->toks[te - 1].off + s->toks[te - 1].len - s->toks[a].off;
                const char *cc = org_place_name(r, key, kn, false);
                if (!cc)
                    continue;
                if (cc[0]) {
                    if (found[0] && strcmp(found, cc) != 0)
                        conflict = true;
                    memcpy(found, cc, 3);
                }
                break; /* the longest place name decides */
            }
        }
    }
    if (found[0] && !conflict)
        decide(d, found, RULE_ORG_PLACE);
}

/* Fallback when no location segment names a place: a known place-less organisation
 * ("CNRS", "Karolinska Institutet", "Chinese Academy of Sciences") anywhere in the
 * part, longest name first at each word. All those found must agree. */
static void known_org(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1, decision *d)
{
    char found[3] = "";
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        size_t te = g->tok0 + g->ntok;
        for (size_t t = g->tok0; t < te;) {
            size_t best = 0;
            const coauth_gz_name *be = NULL;
            for (size_t n = 1; n <= 5 && t + n <= te && !s->toks[t + n - 1].digit; n++) {
                const char *key = s->fold + s->toks[t].off;
                size_t kn = s->toks[t + n - 1].off + s->toks[t + n - 1].len - s->toks[t].off;
                const coauth_gz_name *e = lookup_name(r, key, kn);
                if (e && e->org[0]) {
                    best = n;
                    be = e;
                }
            }
            /* a name whose first words end a place name belongs to that place: "New
             * York University" is not "York University" */
            if (be && t > g->tok0 && !s->toks[t - 1].digit) {
                const char *pk = s->fold + s->toks[t - 1].off;
                for (size_t j = 1; j < best && be; j++) {
                    size_t pn =
                        s->toks[t + j - 1].off + s->toks[t + j - 1].len - s->toks[t - 1].off;
                    const coauth_gz_name *p = lookup_name(r, pk, pn);
                    if (p && p->cands[0])
                        be = NULL;
                }
            }
            if (!be) {
                t++;
                continue;
            }
            if (found[0] && strcmp(found, be->org) != 0)
                return;
            memcpy(found, be->org, 3);
            t += best;
        }
    }
    if (found[0])
        decide(d, found, RULE_INSTITUTION);
}

/* Rule 4: a territory named in the part replaces its parent. */
static bool is_territory_of(const coauth_resolver *r, const char *t, const char *cc)
{
    int i = cc_index(t);
    int di = cc_index(cc);
    /* the parent, or a sibling: "Hong Kong, Republic of China" -> HK */
    return i >= 0 && strcmp(t, cc) != 0 &&
           (strcmp(r->territory_parent[i], cc) == 0 ||
            (di >= 0 && r->territory_parent[i][0] &&
             strcmp(r->territory_parent[i], r->territory_parent[di]) == 0));
}

/* A territory named inside an organisation's name, when the part's place is its
 * parent: "The Chinese University of Hong Kong, China" -> HK. */
static const char *org_territory(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1,
                                 const char *cc)
{
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        if (g->org == ORG_NONE)
            continue;
        size_t te = g->tok0 + g->ntok;
        for (size_t t = g->tok0; t < te; t++) {
            const char *w = s->fold + s->toks[t].off;
            if (!htab_find(&r->terr_first, hash_bytes(w, s->toks[t].len), w, s->toks[t].len,
                           eq_terr_first, r)
                     ->id)
                continue;
            for (size_t n = 1; n <= 3 && t + n <= te; n++) {
                const char *key = s->fold + s->toks[t].off;
                size_t kn = s->toks[t + n - 1].off + s->toks[t + n - 1].len - s->toks[t].off;
                const coauth_gz_name *e = lookup_name(r, key, kn);
                /* city-territories only: "Republic of China" in a name is no place */
                if (e && e->country[0] && (strcmp(e->city, e->country) == 0 || e->state[0]) &&
                    is_territory_of(r, e->country, cc))
                    return e->country;
            }
        }
    }
    return NULL;
}

static void apply_territory(const coauth_resolver *r, const scratch *s, size_t s0, size_t s1,
                            const unit *units, size_t nu, decision *d)
{
    if (!d->cc[0])
        return;
    for (size_t k = nu; k-- > 0;) {
        const unit *u = &units[k];
        const char *c[4] = {u->slot_cc, NULL, NULL, NULL};
        if (u->e) {
            c[1] = u->e->country;
            c[2] = u->e->subdiv;
            c[3] = u->e->city;
        }
        for (int j = 0; j < 4; j++) {
            if (!c[j] || !c[j][0])
                continue;
            if (is_territory_of(r, c[j], d->cc)) {
                decide(d, c[j], RULE_TERRITORY);
                return;
            }
        }
    }
    int di = cc_index(d->cc);
    bool parent = di >= 0 && r->is_parent[di];
    /* only when the part names no place below the country: "Shenzhen, China" is the
     * mainland even for "City University of Hong Kong Shenzhen Research Institute" */
    for (size_t k = 0; k < nu && parent; k++)
        if (units[k].e && !units[k].e->country[0])
            parent = false;
    if (parent) {
        const char *t = org_territory(r, s, s0, s1, d->cc);
        if (t)
            decide(d, t, RULE_TERRITORY);
    }
}

/* Is raw[0..n) a US state code slot: "MA", "MA 02115", "MA 02115-1234"? Returns the
 * code's country or NULL; *zip says whether a ZIP code follows. */
static const char *state_slot(const coauth_resolver *r, const char *raw, size_t n, bool *zip)
{
    while (n > 0 && (is_space(raw[n - 1]) || raw[n - 1] == '.'))
        n--;
    while (n > 0 && is_space(*raw))
        raw++, n--;
    *zip = false;
    if (n < 2 || raw[0] < 'A' || raw[0] > 'Z' || raw[1] < 'A' || raw[1] > 'Z')
        return NULL;
    size_t i = 2;
    if (i < n && raw[i] == '.')
        i++;
    if (i < n) {
        if (!is_space(raw[i]))
            return NULL;
        while (i < n && is_space(raw[i]))
            i++;
        size_t d = i;
        while (i < n && raw[i] >= '0' && raw[i] <= '9')
            i++;
        if (i - d != 5)
            return NULL;
        if (i < n && raw[i] == '-') {
            size_t d2 = ++i;
            while (i < n && raw[i] >= '0' && raw[i] <= '9')
                i++;
            if (i - d2 != 4)
                return NULL;
        }
        if (i != n)
            return NULL;
        *zip = true;
    }
    char code[3] = {raw[0], raw[1], '\0'};
    return state_country(r, code);
}

/* "... Boston MA 02115" at the end of a segment: a state code and a ZIP. */
static const char *state_zip_tail(const coauth_resolver *r, const char *raw, size_t n)
{
    while (n > 0 && (is_space(raw[n - 1]) || raw[n - 1] == '.'))
        n--;
    size_t i = n;
    while (i > 0 && raw[i - 1] >= '0' && raw[i - 1] <= '9')
        i--;
    size_t zip_len = n - i;
    if (zip_len == 4 && i > 5 && raw[i - 1] == '-') {
        i--;
        size_t j = i;
        while (i > 0 && raw[i - 1] >= '0' && raw[i - 1] <= '9')
            i--;
        zip_len = j - i;
    }
    if (zip_len != 5 || i < 4 || !is_space(raw[i - 1]))
        return NULL;
    i--;
    while (i > 0 && is_space(raw[i - 1]))
        i--;
    if (i < 3 || raw[i - 1] < 'A' || raw[i - 1] > 'Z' || raw[i - 2] < 'A' || raw[i - 2] > 'Z' ||
        !is_space(raw[i - 3]))
        return NULL;
    char code[3] = {raw[i - 2], raw[i - 1], '\0'};
    return state_country(r, code);
}

static int cjk_org_level(const char *raw, size_t n)
{
    bool wide = false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)raw[i] >= 0xE0) {
            wide = true;
            break;
        }
    if (!wide)
        return ORG_NONE;
    int level = ORG_NONE;
    for (size_t k = 0; k < sizeof org_cjk / sizeof org_cjk[0]; k++) {
        size_t m = strlen(org_cjk[k].utf8);
        for (size_t i = 0; i + m <= n; i++) {
            if (memcmp(raw + i, org_cjk[k].utf8, m) == 0) {
                if (org_cjk[k].level > level)
                    level = org_cjk[k].level;
                break;
            }
        }
    }
    return level;
}

static bool is_clinical(const char *w, size_t n)
{
    static const char *const words[] = {"hospital", "hopital", "clinic",   "klinikum", "center",
                                        "centre",   "centrum", "ospedale", "hospitals"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
            return true;
    return false;
}

/* Bytes that may start a segment separator: , / - ( and the lead bytes of the
 * fullwidth comma, the ideographic comma and the en/em dashes. */
static const bool sep_start[256] = {
    [','] = true,  ['/'] = true,  ['-'] = true,  ['('] = true,
    [0xE2] = true, [0xE3] = true, [0xEF] = true,
};

/* Split w[a..b) into comma segments, tokenise and classify them. Returns the count. */
static size_t cut_segments(const coauth_resolver *r, scratch *s, size_t a, size_t b,
                           size_t *ntok_out)
{
    char *w = s->work;
    size_t nseg = 0, ntok = 0, fo = 0;
    size_t i = a;
    while (i <= b) {
        size_t j = i;
        /* ',' or fullwidth comma U+FF0C (EF BC 8C) or ideographic comma U+3001 (E3 80 81) */
        size_t sep = 1;
        while (j < b) {
            /* fast path: bytes that can never start a separator */
            if (!sep_start[(unsigned char)w[j]]) {
                j++;
                continue;
            }
            if (w[j] == ',')
                break;
            /* "Vienna / Austria", "Bialystok/ PL", "Hospital X - Department Y" */
            if (w[j] == '/' && ((j > a && is_space(w[j - 1])) || (j + 1 < b && is_space(w[j + 1]))))
                break;
            if (w[j] == '-' && j > a && is_space(w[j - 1]) && j + 1 < b && is_space(w[j + 1]))
                break;
            /* a closing remark is a segment of its own: "Leuven (P.N.)", "Saint Mary's
             * University (Canada)", "Institut de Ciencies del Mar (CSIC)" */
            if (w[j] == '(' && j > i) {
                size_t k = j + 1;
                while (k < b && w[k] != ')' && w[k] != '(')
                    k++;
                if (k < b && w[k] == ')') {
                    size_t m = k + 1;
                    while (m < b && (is_space(w[m]) || w[m] == '.'))
                        m++;
                    if (m >= b || w[m] == ',')
                        break;
                }
            }
            if (j + 2 < b && (unsigned char)w[j] == 0xE2 && (unsigned char)w[j + 1] == 0x80 &&
                ((unsigned char)w[j + 2] == 0x93 || (unsigned char)w[j + 2] == 0x94) && j > a &&
                is_space(w[j - 1])) {
                sep = 3; /* spaced en or em dash */
                break;
            }
            if (j + 2 < b && (unsigned char)w[j] == 0xEF && (unsigned char)w[j + 1] == 0xBC &&
                (unsigned char)w[j + 2] == 0x8C) {
                sep = 3;
                break;
            }
            if (j + 2 < b && (unsigned char)w[j] == 0xE3 && (unsigned char)w[j + 1] == 0x80 &&
                (unsigned char)w[j + 2] == 0x81) {
                sep = 3;
                break;
            }
            j++;
        }
        /* "..., Boston, USA and Institute X, ...": a country name then " and " ends an
         * affiliation inside one comma segment (never the part's first segment:
         * "Maurice and Corinne Greenberg Division") */
        for (size_t p = i + 1; i > a && p + 5 <= j; p++) {
            const char *sp = memchr(w + p, ' ', j - p);
            if (!sp)
                break;
            p = (size_t)(sp - w);
            if (p + 5 > j || !ieq_prefix(w + p, w + j, " and "))
                continue;
            bool wide = false;
            size_t fl = fold_text(w + i, p - i, s->tmp, &wide);
            const coauth_gz_name *e = fl ? lookup_name(r, s->tmp, fl) : NULL;
            if (e && e->country[0] && !e->state[0]) {
                j = p;
                sep = 5;
            }
            break;
        }
        size_t sa = i, sb = j;
        while (sa < sb && is_space(w[sa]))
            sa++;
        for (;;) {
            while (sb > sa && (is_space(w[sb - 1]) || w[sb - 1] == '.' || w[sb - 1] == '&'))
                sb--;
            /* a dangling "and" before the next affiliation */
            if (sb - sa > 4 && ieq_prefix(w + sb - 4, w + sb, " and")) {
                sb -= 4;
                continue;
            }
            break;
        }
        if (sb > sa) {
            seg *g = &s->segs[nseg];
            g->raw = (uint32_t)sa;
            g->raw_len = (uint32_t)(sb - sa);
            g->tok0 = (uint32_t)ntok;
            bool wide = false;
            size_t fl = fold_text(w + sa, sb - sa, s->fold + fo, &wide);
            /* tokens */
            size_t t = 0;
            int org = ORG_NONE;
            bool first_tok = true, seen_top = false, clinical_after_top = false;
            while (t < fl) {
                size_t u = t;
                bool digit = false;
                while (u < fl && s->fold[fo + u] != ' ') {
                    char c = s->fold[fo + u];
                    if (c >= '0' && c <= '9')
                        digit = true;
                    u++;
                }
                if (first_tok && u - t == 3 && memcmp(s->fold + fo + t, "the", 3) == 0) {
                    /* leading "the" is not part of any key */
                } else {
                    token *tk = &s->toks[ntok++];
                    tk->off = (uint32_t)(fo + t);
                    tk->len = (uint32_t)(u - t);
                    tk->digit = digit;
                    tk->kind = ORG_NONE;
                    if (!digit) {
                        int lv = lookup_org(r, s->fold + fo + t, u - t);
                        tk->kind = (int8_t)lv;
                        if (lv > org)
                            org = lv;
                        if (lv == ORG_TOP)
                            seen_top = true;
                        else if (lv == ORG_INST && seen_top && is_clinical(s->fold + fo + t, u - t))
                            clinical_after_top = true;
                    }
                }
                first_tok = false;
                t = u + 1;
            }
            /* "University Hospital", "Universitair Medisch Centrum": a hospital */
            if (org == ORG_TOP && clinical_after_top)
                org = ORG_INST;
            int cj = wide ? cjk_org_level(w + sa, sb - sa) : ORG_NONE;
            if (cj > org)
                org = cj;
            g->ntok = (uint32_t)(ntok - g->tok0);
            g->org = org;
            fo += fl + 1;
            if (g->ntok > 0 || g->raw_len > 0)
                nseg++;
        }
        i = j + sep;
    }
    *ntok_out = ntok;
    return nseg;
}

/* Is raw[0..n) one short word in capitals ("LAI", "CNRS")? */
static bool acronym(const char *raw, size_t n)
{
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        char c = raw[i];
        if (c >= 'A' && c <= 'Z')
            letters++;
        else if (c != ' ' && c != '.' && c != '(' && c != ')')
            return false;
    }
    return letters >= 2 && letters <= 4;
}

/* Is token k a word meaning "of" ("University of Chile", "Universidad de Chile")? */
static bool of_word(const scratch *s, size_t k)
{
    static const char *const words[] = {"of",  "de",    "do",    "da",  "dos",    "das",    "del",
                                        "di",  "della", "degli", "du",  "des",    "der",    "den",
                                        "von", "van",   "fur",   "s",   "and",    "y",      "e",
                                        "et",  "und",   "for",   "the", "people", "peoples"};
    const token *t = &s->toks[k];
    if (t->kind != WORD_LINK)
        return false;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == t->len && memcmp(words[i], s->fold + t->off, t->len) == 0)
            return true;
    return false;
}

/* Is token k a word that coins a new place from an old name ("New England", "New
 * Guinea", "Inner Mongolia")? The pair names another place than the country. */
static bool coining_word(const scratch *s, size_t k)
{
    static const char *const words[] = {"new", "inner", "nueva", "nouvelle", "nova", "novo"};
    const token *t = &s->toks[k];
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == t->len && memcmp(words[i], s->fold + t->off, t->len) == 0)
            return true;
    return false;
}

/* The last segment of a part may end in a country name: "Alicante Spain",
 * "Department of Surgery University of Freiburg Freiburg Germany". The longest known
 * name ending the segment is taken ("Sydney New South Wales" ends with a state, not
 * with Wales). Not after a link word: "Universidad de Chile" names a university, not a
 * country; nor after a word coining a new place whose name is not known ("Boston, New
 * England", "Lae, New Guinea"). */
static void suffix_country(const coauth_resolver *r, const scratch *s, size_t t0, size_t t1,
                           unit *u)
{
    const token *last = &s->toks[t1 - 1];
    const char *end = s->fold + last->off + last->len;
    /* country names have at most five words ("Democratic Republic of the Congo") */
    for (size_t k = t1 > t0 + 6 ? t1 - 5 : t0 + 1; k < t1; k++) {
        const char *sk = s->fold + s->toks[k].off;
        const coauth_gz_name *e = lookup_name(r, sk, (size_t)(end - sk));
        if (e) {
            /* the longest name wins: "... of New Jersey" is a state, not Jersey */
            if (e->country[0] && !e->state[0] && !of_word(s, k - 1) && !coining_word(s, k - 1))
                memcpy(u->suffix_cc, e->country, 3);
            return;
        }
    }
}

/* Build the lookup units of segments [s0, s1). */
static size_t make_units(const coauth_resolver *r, scratch *s, size_t s0, size_t s1)
{
    size_t nu = 0;
    for (size_t gi = s0; gi < s1; gi++) {
        const seg *g = &s->segs[gi];
        if (g->org != ORG_NONE) {
            /* an organisation never yields a country, but the part's last segment may
             * end with one after the organisation's name */
            size_t t0 = g->tok0, t1 = g->tok0 + g->ntok;
            if (g->ntok > 1 && !s->toks[t1 - 1].digit && s->toks[t1 - 1].kind == ORG_NONE) {
                size_t k = t1;
                bool keyword = false;
                while (k > t0 && !s->toks[k - 1].digit)
                    keyword |= s->toks[--k].kind > 0;
                unit u;
                memset(&u, 0, sizeof u);
                u.seg = (uint32_t)gi;
                /* after a postcode the words are an address: "Ltd Kunming 650231 China" */
                if (k > t0 && !keyword) {
                    const char *key = s->fold + s->toks[k].off;
                    size_t kn = s->toks[t1 - 1].off + s->toks[t1 - 1].len - s->toks[k].off;
                    u.e = lookup_name(r, key, kn);
                    if (u.e && !u.e->cands[0])
                        u.e = NULL;
                }
                if (!u.e && gi + 1 == s1)
                    suffix_country(r, s, k, t1, &u);
                if (u.e || u.suffix_cc[0])
                    s->units[nu++] = u;
            }
            continue;
        }
        const char *raw = s->work + g->raw;
        bool zip = false;
        const char *sc = gi > s0 ? state_slot(r, raw, g->raw_len, &zip) : NULL;
        /* "City, ST": without a ZIP code the slot needs a place before it */
        if (sc && !zip && s->segs[gi - 1].org != ORG_NONE)
            sc = NULL;
        if (sc) {
            unit *u = &s->units[nu++];
            memset(u, 0, sizeof *u);
            u->seg = (uint32_t)gi;
            memcpy(u->slot_cc, sc, 3);
            u->slot_zip = zip;
            continue;
        }
        size_t nu_seg = nu;
        size_t t = g->tok0, te = g->tok0 + g->ntok;
        while (t < te) {
            while (t < te && s->toks[t].digit)
                t++;
            if (t >= te)
                break;
            size_t u0 = t;
            while (t < te && !s->toks[t].digit)
                t++;
            const token *first = &s->toks[u0], *last = &s->toks[t - 1];
            const char *key = s->fold + first->off;
            size_t kn = last->off + last->len - first->off;
            unit *u = &s->units[nu++];
            memset(u, 0, sizeof *u);
            u->seg = (uint32_t)gi;
            u->e = lookup_name(r, key, kn);
            /* two-letter codes count only in the state slot; "U.S." and "UK" are
             * names, "US 41" (a French service unit) is not */
            if (u->e && kn == 2 && memcmp(key, "uk", 2) != 0 && !memchr(raw, '.', g->raw_len))
                u->e = NULL;
            /* "LAI", "IST": a short all-capitals word is an acronym, not a town */
            if (u->e && !u->e->country[0] && !u->e->state[0] && kn <= 4 && acronym(raw, g->raw_len))
                u->e = NULL;
            if (!u->e && gi + 1 == s1 && t - u0 > 1)
                suffix_country(r, s, u0, t, u);
        }
        /* "Boston MA 02115" */
        const char *tz = state_zip_tail(r, raw, g->raw_len);
        if (tz && nu == nu_seg + 1 && !s->units[nu - 1].e) {
            memcpy(s->units[nu - 1].slot_cc, tz, 3);
            s->units[nu - 1].slot_zip = true;
        } else if (tz && nu == nu_seg) {
            unit *u = &s->units[nu++];
            memset(u, 0, sizeof *u);
            u->seg = (uint32_t)gi;
            memcpy(u->slot_cc, tz, 3);
            u->slot_zip = true;
        }
    }
    return nu;
}

/* Choose and normalise the institution of segments [s0, s1): the highest-level
 * organisation segment, the rightmost among equals (affiliations go from the smallest
 * unit to the largest: "Center for X, Institute for Basic Science"); NULL when only
 * departments. */
static const char *pick_institution(const coauth_resolver *r, scratch *s, size_t s0, size_t s1,
                                    size_t *inst_off)
{
    int best = ORG_DEPT; /* a department alone names no institution */
    size_t bi = SIZE_MAX;
    for (size_t gi = s0; gi < s1; gi++) {
        if (s->segs[gi].org > best || (s->segs[gi].org == best && bi != SIZE_MAX)) {
            best = s->segs[gi].org;
            bi = gi;
        }
    }
    if (bi == SIZE_MAX)
        return NULL;
    const seg *g = &s->segs[bi];
    char *out = s->inst + *inst_off;
    size_t n;
    if (g->ntok > 0 && !memchr(s->work + g->raw, '(', g->raw_len) &&
        !memchr(s->work + g->raw, '[', g->raw_len)) {
        /* the segment's words are folded already */
        const token *a = &s->toks[g->tok0], *z = &s->toks[g->tok0 + g->ntok - 1];
        n = inst_words(s->fold + a->off, z->off + z->len - a->off, out);
    } else {
        n = inst_normalise(s->work + g->raw, g->raw_len, out, s->tmp);
    }
    if (n == 0)
        return NULL;
    if (r->n_th) {
        uint32_t h = hash_bytes(out, n);
        slot *sl = htab_find(&r->thes, h, out, n, eq_thes, r);
        if (sl->id) {
            const thes_entry *e = &r->th[sl->id - 1];
            return e->val == UINT32_MAX ? NULL : r->th_arena + e->val;
        }
    }
    out[n] = '\0';
    *inst_off += n + 1;
    return out;
}

/* Does any unit name a place at all (even an ambiguous one)? */
static bool any_place(const unit *units, size_t nu)
{
    for (size_t k = 0; k < nu; k++)
        if ((units[k].e && units[k].e->cands[0]) || units[k].slot_cc[0] || units[k].suffix_cc[0])
            return true;
    return false;
}

/* Is segment gi one whole country name ("Sweden", "USA")? */
static bool country_segment(const coauth_resolver *r, const scratch *s, size_t gi)
{
    const seg *g = &s->segs[gi];
    if (g->org != ORG_NONE || g->ntok == 0)
        return false;
    const token *first = &s->toks[g->tok0], *last = &s->toks[g->tok0 + g->ntok - 1];
    for (size_t t = g->tok0; t < g->tok0 + g->ntok; t++)
        if (s->toks[t].digit)
            return false;
    const coauth_gz_name *e =
        lookup_name(r, s->fold + first->off, last->off + last->len - first->off);
    return e && e->country[0] && !e->state[0];
}

/* Does segment gi end a US location with its state: "MA 02115", "Boston MA 02115",
 * "Massachusetts", or "MA" after a place ("Boston, MA")? */
static bool state_segment(const coauth_resolver *r, const scratch *s, size_t s0, size_t gi)
{
    const seg *g = &s->segs[gi];
    if (g->org != ORG_NONE || g->ntok == 0)
        return false;
    const char *raw = s->work + g->raw;
    bool zip = false;
    if (gi > s0 && state_slot(r, raw, g->raw_len, &zip) && (zip || s->segs[gi - 1].org == ORG_NONE))
        return true;
    if (state_zip_tail(r, raw, g->raw_len))
        return true;
    const token *first = &s->toks[g->tok0], *last = &s->toks[g->tok0 + g->ntok - 1];
    const coauth_gz_name *e =
        lookup_name(r, s->fold + first->off, last->off + last->len - first->off);
    return e && e->state[0];
}

/* Does a location segment among [s0, s1) name a place? */
static bool names_place(const coauth_resolver *r, scratch *s, size_t s0, size_t s1)
{
    for (size_t gi = s0; gi < s1; gi++) {
        if (s->segs[gi].org != ORG_NONE)
            continue;
        size_t nu = make_units(r, s, gi, gi + 1);
        if (any_place(s->units, nu))
            return true;
    }
    return false;
}

/* Does a new affiliation start at segment gi of [s0, nseg)? After a country segment,
 * any organisation starts one ("..., Boston, MA, USA, Charite, Berlin, Germany"); after
 * a US state that ends a location, an organisation followed by another location does
 * ("..., Boston, MA 02115, Charite University Hospital, Berlin, Germany"). */
static bool new_affiliation(const coauth_resolver *r, scratch *s, size_t s0, size_t gi, size_t nseg)
{
    if (gi == s0 || s->segs[gi].org == ORG_NONE)
        return false;
    if (country_segment(r, s, gi - 1))
        return true;
    return state_segment(r, s, s0, gi - 1) && names_place(r, s, gi + 1, nseg);
}

static coauth_part *new_part(coauth_resolution *res)
{
    coauth_part *p = &res->parts[res->n_parts++];
    p->country[0] = '\0';
    p->institution = NULL;
    p->rule = RULE_NONE;
    return p;
}

/* Resolve the part w[a..b) into one or more parts of res. */
static void resolve_part(const coauth_resolver *r, coauth_resolution *res, size_t a, size_t b,
                         const email *em, size_t ne, size_t *inst_off)
{
    scratch *s = res->scratch_;
    size_t ntok = 0;
    size_t nseg = cut_segments(r, s, a, b, &ntok);
    if (nseg == 0)
        return;
    const char *email_cc = NULL;
    for (size_t k = 0; k < ne; k++)
        if (em[k].pos >= a && em[k].pos < b) {
            email_cc = em[k].cc;
            break;
        }
    if (!email_cc && ne == 1)
        email_cc = em[0].cc;
    size_t s0 = 0;
    while (s0 < nseg) {
        /* a country segment followed by a new organisation ends an affiliation */
        size_t s1 = s0 + 1;
        while (s1 < nseg && !new_affiliation(r, s, s0, s1, nseg))
            s1++;
        size_t nu = make_units(r, s, s0, s1);
        decision d;
        resolve_units(r, s->units, nu, email_cc, &d);
        if (!d.cc[0] && !any_place(s->units, nu)) {
            known_org(r, s, s0, s1, &d);
            if (!d.cc[0])
                org_place(r, s, s0, s1, &d);
        }
        apply_territory(r, s, s0, s1, s->units, nu, &d);
        coauth_part *p = new_part(res);
        memcpy(p->country, d.cc, 3);
        p->rule = d.rule;
        p->institution = pick_institution(r, s, s0, s1, inst_off);
        s0 = s1;
    }
}

coauth_status coauth_resolve(const coauth_resolver *r, const char *text, size_t len,
                             coauth_resolution *res, coauth_error *err)
{
    res->n_parts = 0;
    size_t a0 = 0;
    while (a0 < len && (is_space(text[a0]) || text[a0] == '\0'))
        a0++;
    if (a0 == len)
        return COAUTH_OK;
    coauth_status rc = scratch_reserve(res, len, err);
    if (rc != COAUTH_OK)
        return rc;
    scratch *s = res->scratch_;
    char *w = s->work;
    memcpy(w, text, len);
    w[len] = '\0';
    static const char blanks[] = {'\0', '\t', '\r', '\n'};
    for (size_t k = 0; k < sizeof blanks; k++)
        for (char *p = memchr(w, blanks[k], len); p;
             p = memchr(p, blanks[k], len - (size_t)(p - w)))
            *p = ' ';
    email em[MAX_EMAILS];
    size_t ne = memchr(w, '@', len) ? strip_emails(r, w, len, em) : 0;
    mark_numbered_labels(w, len);
    size_t inst_off = 0;
    size_t start = 0;
    size_t i = 0;
    while (i <= len) {
        /* the next ';', fullwidth ';' (EF BC 9B) or numbered label "[2]" / "2]" */
        const char *p = i < len ? strpbrk(w + i, ";]\xef") : NULL;
        size_t at = p ? (size_t)(p - w) : len;
        size_t skip = 1;
        if (at < len && w[at] == ']') {
            size_t l = at;
            while (l > i && at - l < 3 && w[l - 1] >= '0' && w[l - 1] <= '9')
                l--;
            if (l > i && w[l - 1] == '[')
                l--;
            size_t lab = l < at ? bracket_label(w, l, len) : 0;
            if (!lab || l + lab != at + 1) {
                i = at + 1;
                continue;
            }
            at = l;
            skip = lab;
        } else if (at < len && (unsigned char)w[at] == 0xEF) {
            if (!(at + 2 < len && (unsigned char)w[at + 1] == 0xBC &&
                  (unsigned char)w[at + 2] == 0x9B)) {
                i = at + 1;
                continue;
            }
            skip = 3;
        }
        i = at;
        size_t pa = start, pb = i;
        trim_part(w, &pa, &pb);
        if (pb > pa)
            resolve_part(r, res, pa, pb, em, ne, &inst_off);
        i += skip;
        start = i;
    }
    if (res->n_parts == 0)
        new_part(res);
    return COAUTH_OK;
}

/* ------------------------------------------------- structured countries (JATS) */

static const char RULE_STRUCTURED[] = "structured";

/* Longest structured country text looked up (longer text names no country). */
#define STRUCTURED_MAX 128

bool coauth_resolver_country(const coauth_resolver *r, const char *text, size_t len, char out[3])
{
    while (len && is_space(text[0]))
        text++, len--;
    while (len && is_space(text[len - 1]))
        len--;
    if (len == 0 || len > STRUCTURED_MAX)
        return false;
    if (len == 2) {
        char cc[3] = {text[0], text[1], '\0'};
        for (int i = 0; i < 2; i++)
            if (cc[i] >= 'a' && cc[i] <= 'z')
                cc[i] = (char)(cc[i] - 'a' + 'A');
        for (const char *c = coauth_gz_countries; c[0] && c[1]; c += 2)
            if (c[0] == cc[0] && c[1] == cc[1]) {
                memcpy(out, cc, 3);
                return true;
            }
    }
    char fold[8 * STRUCTURED_MAX + 8];
    bool wide = false;
    size_t fn = fold_text(text, len, fold, &wide);
    const coauth_gz_name *e = lookup_name(r, fold, fn);
    if (!e || !e->country[0] || e->state[0])
        return false;
    memcpy(out, e->country, 3);
    return true;
}

bool coauth_resolution_apply_country(const coauth_resolver *r, const char *country,
                                     coauth_resolution *res)
{
    char cc[3];
    if (!country || !res->n_parts || !coauth_resolver_country(r, country, strlen(country), cc))
        return false;
    for (size_t i = 0; i < res->n_parts; i++) {
        memcpy(res->parts[i].country, cc, 3);
        res->parts[i].rule = RULE_STRUCTURED;
    }
    return true;
}
