/* ror.h - the ROR registry (Research Organization Registry, CC0) in memory: its
 * organisations, their names, parents and external identifiers, read from ROR's data
 * dump or from the store, and looked up by identifier or by normalised name.
 *
 * Invariants: a registry is filled (coauth_ror_load_file, or coauth_ror_add_* calls),
 * then frozen by coauth_ror_finish; after that it is immutable, so one registry may
 * serve many resolver threads. Organisation indexes are dense, 0 .. count - 1, in the
 * order the organisations were added. Strings returned are borrowed and valid for the
 * registry's life.
 */
#ifndef COAUTH_ROR_H
#define COAUTH_ROR_H

#include <coauth/error.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coauth_ror coauth_ror;

/* Name kinds (ROR v2 names[].types; v1 name, labels, aliases, acronyms). */
enum coauth_ror_name_kind {
    COAUTH_ROR_DISPLAY = 0, /* ror_display (v1: name) */
    COAUTH_ROR_LABEL = 1,   /* label (v1: labels[].label) */
    COAUTH_ROR_ALIAS = 2,   /* alias (v1: aliases[]) */
    COAUTH_ROR_ACRONYM = 3, /* acronym (v1: acronyms[]): matched only with the city named */
};

#define COAUTH_ROR_NONE UINT32_MAX

/* One organisation (borrowed, valid for the registry's life). */
typedef struct coauth_ror_org {
    const char *id;        /* "https://ror.org/0abcdef12" */
    const char *name;      /* the display name */
    char country[3];       /* ISO 3166-1 alpha-2, "" when the record has none */
    const char *city;      /* the first location's city, "" when none */
    const char *status;    /* "active", "inactive", "withdrawn" */
    uint32_t parent;       /* index of the parent organisation, COAUTH_ROR_NONE when none
                              (or when the parent is not in the registry); after finish */
    const char *parent_id; /* the parent's id as the record gives it, "" when none */
} coauth_ror_org;

/* What a load read (coauth_ror_load_file). */
typedef struct coauth_ror_info {
    uint64_t records; /* organisations read */
    uint64_t v1, v2;  /* of which schema v1 and v2 records */
    char version[32]; /* "v1.55" from the file name, else "unknown" */
    char date[16];    /* YYYY-MM-DD: from the file name, else the newest
                         admin.last_modified.date, else "" */
} coauth_ror_info;

COAUTH_NODISCARD coauth_status coauth_ror_new(coauth_ror **out, coauth_error *err);
void coauth_ror_free(coauth_ror *reg);

/* Read ROR's data dump at `path` into reg (not yet finished): a JSON array of
 * records, or JSON lines (one record per line), plain, gzip-compressed, or a .zip
 * archive (the member ending "_schema_v2.json" when there is one, else the first
 * ".json" member). Records of schema v2 (`names`, `locations`, `relationships`,
 * `external_ids` as a list) and v1 (`name`, `aliases`, `labels`, `acronyms`,
 * `country`, `addresses`, `external_ids` as an object) may be mixed. Streams: memory
 * holds one record's text (at most COAUTH_ROR_RECORD_MAX bytes) plus the registry.
 * A file that is not JSON, truncated, not ROR records, or of an unknown schema is
 * COAUTH_EFORMAT with a message naming the file and the record number and byte offset
 * ("'F': record 3 (byte 1234): ..."); reg then holds an unspecified subset and should
 * be freed. `out_info` may be NULL. */
#define COAUTH_ROR_RECORD_MAX (16u << 20)
COAUTH_NODISCARD coauth_status coauth_ror_load_file(coauth_ror *reg, const char *path,
                                                    coauth_ror_info *out_info, coauth_error *err);

/* Add one organisation (strings copied; NULL means ""); *out_index receives its index.
 * An id already present is COAUTH_EFORMAT. */
COAUTH_NODISCARD coauth_status coauth_ror_add_org(coauth_ror *reg, const char *id, const char *name,
                                                  const char *country, const char *city,
                                                  const char *status, const char *parent_id,
                                                  uint32_t *out_index, coauth_error *err);
/* Add a name of organisation `org` (kind: enum coauth_ror_name_kind). */
COAUTH_NODISCARD coauth_status coauth_ror_add_name(coauth_ror *reg, uint32_t org, const char *name,
                                                   int kind, coauth_error *err);
/* Add an external identifier of `org`: type "grid" or "isni" (others are ignored),
 * value as the registry writes it ("grid.5335.0", "0000 0001 2188 5934"). */
COAUTH_NODISCARD coauth_status coauth_ror_add_external(coauth_ror *reg, uint32_t org,
                                                       const char *type, const char *value,
                                                       coauth_error *err);
/* Freeze: link parents, build the name and identifier indexes. */
COAUTH_NODISCARD coauth_status coauth_ror_finish(coauth_ror *reg, coauth_error *err);

size_t coauth_ror_count(const coauth_ror *reg);
/* Organisation `i` < count into *out. */
void coauth_ror_org_at(const coauth_ror *reg, uint32_t i, coauth_ror_org *out);

/* Iterate the names and external ids of organisation i: calls fn for each, stops at a
 * non-zero return and returns it. */
typedef int (*coauth_ror_name_fn)(void *ctx, const char *name, int kind);
int coauth_ror_each_name(const coauth_ror *reg, uint32_t i, coauth_ror_name_fn fn, void *ctx);
typedef int (*coauth_ror_ext_fn)(void *ctx, const char *type, const char *value);
int coauth_ror_each_external(const coauth_ror *reg, uint32_t i, coauth_ror_ext_fn fn, void *ctx);

/* The organisation an affiliation identifier names (PubMed's Identifier Source=
 * "ROR", "GRID" or "ISNI", any case; ROR values as "https://ror.org/ID" or the bare
 * ID; ISNI with or without spaces): its index, COAUTH_ROR_NONE when not in the
 * registry or of another source. After finish. */
uint32_t coauth_ror_find_identifier(const coauth_ror *reg, const char *source, const char *value);

/* The top-level ancestor of organisation i (following parents to the root; i itself
 * when it has no parent). */
uint32_t coauth_ror_root(const coauth_ror *reg, uint32_t i);

#ifdef __cplusplus
}
#endif
#endif
