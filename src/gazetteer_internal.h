/* gazetteer_internal.h - the generated place-name tables the resolver is built on.
 *
 * The data lives in gazetteer_data.c, which src/gazetteer/gen_gazetteer.py writes into
 * the build directory from iso-codes, libgeonames and src/gazetteer/aliases.tsv.
 * Invariant: every key in coauth_gz_names is already normalised by the same folding
 * rules (coauth_gz_fold) that src/resolve/text.c applies to input text, so a whole-segment
 * lookup is one hash probe. All tables are read-only and live for the process.
 */
#ifndef COAUTH_GAZETTEER_INTERNAL_H
#define COAUTH_GAZETTEER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define COAUTH_GZ_FOLD_MAX 8

/* Folding of the code points [lo, hi]: replacement i - lo is coauth_gz_fold[off + i - lo]. */
typedef struct coauth_gz_range {
    uint32_t lo, hi, off;
} coauth_gz_range;

/* One normalised place name. Empty strings mean "not this kind". */
typedef struct coauth_gz_name {
    const char *key;   /* normalised name */
    char country[3];   /* country it names (ISO names, translations, aliases) */
    char state[3];     /* US state code it names ("MA"), incl. GPO abbreviations */
    char subdiv[3];    /* the one country whose subdivisions/regions carry the name */
    char city[3];      /* the country dominating it as a city name by population */
    char cands[25];    /* every country it may denote, 2 letters each, likeliest first */
    uint32_t city_pop; /* population of the dominant country's cities of that name */
    uint8_t major;     /* subdiv is a first-level subdivision (state, province, region) */
    char org[3];       /* the seat of a place-less organisation ("CNRS", "Karolinska") */
} coauth_gz_name;

typedef struct coauth_gz_pair {
    char a[3], b[3];
} coauth_gz_pair;

extern const coauth_gz_range coauth_gz_fold_ranges[];
extern const size_t coauth_gz_n_fold_ranges;
extern const char coauth_gz_fold[][COAUTH_GZ_FOLD_MAX];
extern const coauth_gz_name coauth_gz_names[];
extern const size_t coauth_gz_n_names;
/* US state / outlying-area code -> country ("MA" -> "US", "PR" -> "PR") */
extern const coauth_gz_pair coauth_gz_us_states[];
extern const size_t coauth_gz_n_us_states;
/* territory -> parent ("HK" -> "CN", "JE" -> "GB") */
extern const coauth_gz_pair coauth_gz_territories[];
extern const size_t coauth_gz_n_territories;
/* every valid alpha-2 code (plus XK), concatenated, sorted */
extern const char coauth_gz_countries[];

#endif
