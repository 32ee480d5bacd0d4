/* tables.c - the resolver's tables: the organisation keywords, and the hash index
 * over the generated gazetteer (src/gazetteer/, built into gazetteer_data.c) that
 * coauth_resolver_new builds once.
 *
 * Invariant: built once, read-only afterwards (many threads share one resolver).
 * The name table keeps the first entry of each key, as the gazetteer orders them.
 */
#include "resolve_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- organisation keywords */

const struct org_kw coauth_org_keywords[] = {
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

const size_t coauth_n_org_keywords = sizeof coauth_org_keywords / sizeof coauth_org_keywords[0];

/* ------------------------------------------------------------ resolver setup */

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
    size_t n_org = coauth_n_org_keywords;
    if (!r->name_len || !r->name_bits || !coauth_hash_init(&r->names, coauth_gz_n_names) ||
        !coauth_hash_init(&r->orgs, n_org)) {
        rc = coauth_fail(err, COAUTH_ENOMEM, "out of memory creating the resolver");
        goto out;
    }
    for (size_t i = 0; i < coauth_gz_n_names; i++) {
        const char *k = coauth_gz_names[i].key;
        size_t n = strlen(k);
        r->name_len[i] = (uint16_t)n;
        uint32_t h = coauth_hash_bytes(k, n);
        uint32_t bit = name_bit(h);
        r->name_bits[bit >> 6] |= UINT64_C(1) << (bit & 63);
        coauth_hash_slot *sl = coauth_hash_probe(&r->names, h, k, n, eq_name, r);
        if (!sl->id) {
            coauth_hash_set(sl, h, (uint32_t)i);
        }
    }
    for (size_t i = 0; i < n_org; i++) {
        const char *k = coauth_org_keywords[i].word;
        size_t n = strlen(k);
        uint32_t h = coauth_hash_bytes(k, n);
        coauth_hash_slot *sl = coauth_hash_probe(&r->orgs, h, k, n, eq_org, NULL);
        if (!sl->id) {
            coauth_hash_set(sl, h, (uint32_t)i);
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
    if (!r->terr_first_len || !coauth_hash_init(&r->terr_first, 4096)) {
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
        uint32_t h = coauth_hash_bytes(e->key, n);
        coauth_hash_slot *sl = coauth_hash_probe(&r->terr_first, h, e->key, n, eq_terr_first, r);
        if (!sl->id) {
            coauth_hash_set(sl, h, (uint32_t)i);
        }
    }
    for (const char *c = coauth_gz_countries; c[0] && c[1]; c += 2) {
        int k = cc_index(c);
        if (k >= 0)
            r->valid_cc[k] = true;
    }
    if (opts)
        r->ror = opts->ror;
    if (opts && opts->thesaurus_path) {
        if ((rc = coauth_thesaurus_load(r, opts->thesaurus_path, err)) != COAUTH_OK)
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
    coauth_hash_release(&r->names);
    free(r->name_len);
    free(r->name_bits);
    coauth_hash_release(&r->orgs);
    coauth_hash_release(&r->terr_first);
    free(r->terr_first_len);
    coauth_hash_release(&r->thes);
    free(r->th);
    free(r->th_arena);
    free(r);
}
