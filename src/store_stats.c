/* store_stats.c - the counts of 'coauth stats', in one read transaction. */
#include "store_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

coauth_status coauth_store_stats(coauth_store *s, coauth_stats *out, coauth_error *err)
{
    memset(out, 0, sizeof *out);
    struct {
        const char *sql;
        uint64_t *dst;
    } q[] = {
        {"SELECT count(*) FROM files", &out->files},
        {"SELECT count(*) FROM papers p WHERE p.hidden = 0 AND EXISTS (SELECT 1 FROM "
         "authorship_countries c WHERE c.pmid = p.pmid AND c.country IS NOT NULL)",
         &out->papers_with_country},
        {"SELECT count(*) FROM authorships WHERE pmid NOT IN (SELECT pmid FROM papers WHERE "
         "hidden = 1)",
         &out->authorships},
        {"SELECT count(*) FROM affiliations", &out->affiliations},
        {"SELECT count(DISTINCT affiliation_id) FROM affiliation_parts WHERE country IS NOT NULL",
         &out->affiliations_resolved},
        {"SELECT count(*) FROM affiliation_parts", &out->affiliation_parts},
        {"SELECT count(*) FROM affiliation_parts WHERE country IS NOT NULL", &out->parts_resolved},
        {"SELECT count(*) FROM institutions", &out->institutions},
        {"SELECT count(*) FROM deletions", &out->deleted},
        {"SELECT coalesce(sum(skipped), 0) FROM files", &out->skipped_no_pmid},
        {"SELECT coalesce(sum(records), 0) FROM files", &out->records_applied},
    };
    /* The counts over papers' own columns in one scan (papers is the widest table). */
    static const char papers_sql[] =
        "SELECT total(hidden = 0), total(hidden = 0 AND year IS NULL), "
        "total(hidden = 0 AND research = 1), total(hidden = 0 AND research = 0), "
        "total(hidden = 0 AND research IS NULL), total(hidden = 0 AND aff_layout != 0), "
        "total(hidden = 0 AND source = 0), total(hidden = 0 AND source = 1), total(hidden = 1), "
        "total(authorships_from = 1) FROM papers";
    uint64_t *papers_dst[] = {&out->papers,
                              &out->papers_without_year,
                              &out->papers_research,
                              &out->papers_other,
                              &out->papers_without_metadata,
                              &out->papers_older_layout,
                              &out->papers_pubmed,
                              &out->papers_jats,
                              &out->papers_pubmed_and_jats,
                              &out->papers_authorships_from_jats};
    /* One read transaction so that all counts describe the same state. */
    coauth_status st = coauth_store_exec(s, "BEGIN", err);
    if (st)
        return st;
    sqlite3_stmt *ps = NULL;
    int rc = sqlite3_prepare_v2(s->db, papers_sql, -1, &ps, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(ps)) == SQLITE_ROW) {
        for (size_t i = 0; i < sizeof papers_dst / sizeof papers_dst[0]; i++)
            *papers_dst[i] = (uint64_t)sqlite3_column_int64(ps, (int)i);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(ps);
    if (rc != SQLITE_OK)
        st = coauth_store_fail_stmt(s, rc, err, "counting papers");
    for (size_t i = 0; !st && i < sizeof q / sizeof q[0]; i++) {
        int64_t v = 0;
        if ((st = coauth_store_query_int(s, q[i].sql, &v, err)))
            break;
        *q[i].dst = (uint64_t)v;
    }
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    if (!st)
        out->papers_without_country = out->papers - out->papers_with_country;
    return st;
}
