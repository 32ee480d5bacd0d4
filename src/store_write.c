/* store_write.c - records into the store: the precedence of SPEC 2.4 (a record replaces
 * the stored paper of its key only when it comes later), papers, deletions.
 *
 * Invariant: a paper's rows (papers, authorships, metadata, country set) are written
 * and removed together; a record that lost stores only its affiliation strings.
 */
#include "store_object.h"

#include <string.h>

#include <coauth/population.h>

/* Whether pmid has a stored paper (ST_PAPER_EXISTS) or deletion (ST_DELETION_PLACE),
 * *out_found, and whether that one wins over the current record (s->place,
 * s->record_pos) because it comes later (SPEC 2.4), *out_later. The same record applied
 * again (the same file) does not win. */
static coauth_status stored_later(coauth_store *s, int which, uint64_t pmid, int *out_found,
                                  bool *out_later, coauth_error *err)
{
    sqlite3_stmt *st = s->st[which];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)pmid);
    int rc = sqlite3_step(st);
    *out_found = rc == SQLITE_ROW;
    *out_later = false;
    if (rc == SQLITE_ROW) {
        int64_t place = sqlite3_column_int64(st, 0), record = sqlite3_column_int64(st, 1);
        *out_later = !(s->place > place || (s->place == place && s->record_pos >= record));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return coauth_store_fail_stmt(
            s, rc, err, which == ST_PAPER_EXISTS ? "looking up a paper" : "looking up a deletion");
    return COAUTH_OK;
}

/* Remove every row of pmid's stored paper (it exists). */
static coauth_status remove_paper(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    int rc;
    coauth_status sst = coauth_store_flush_sets(s, err); /* its set may still be queued */
    if (sst)
        return sst;
    sqlite3_bind_int64(s->st[ST_DEL_SET], 1, (sqlite3_int64)pmid);
    if ((rc = coauth_step_done(s->st[ST_DEL_SET])) != SQLITE_OK)
        return coauth_store_fail_stmt(s, rc, err, "removing a paper's country set");
    if (sqlite3_changes(s->db) && (sst = coauth_store_mark_dirty(s, (int64_t)pmid, err)))
        return sst;
    sqlite3_bind_int64(s->st[ST_DEL_AUTHORSHIPS], 1, (sqlite3_int64)pmid);
    if ((rc = coauth_step_done(s->st[ST_DEL_AUTHORSHIPS])) != SQLITE_OK)
        return coauth_store_fail_stmt(s, rc, err, "removing a paper's authorships");
    coauth_status cst = coauth_store_meta_remove(s->meta, pmid, err);
    if (cst)
        return cst;
    sqlite3_bind_int64(s->st[ST_DEL_PAPER], 1, (sqlite3_int64)pmid);
    if ((rc = coauth_step_done(s->st[ST_DEL_PAPER])) != SQLITE_OK)
        return coauth_store_fail_stmt(s, rc, err, "removing a paper");
    return COAUTH_OK;
}

/* A record that lost (SPEC 2.4): only its affiliation strings are stored, so that the
 * string tables are the same whatever order the files come in. */
static coauth_status put_superseded(coauth_store *s, const coauth_record *rec,
                                    const coauth_resolution *res, coauth_error *err)
{
    s->superseded++;
    s->n_pauth = s->n_ppart = 0;
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *au = &rec->authors[i];
        for (size_t j = 0; j < au->n_affiliations; j++) {
            size_t k = au->first_affiliation + j;
            if (k >= rec->n_affiliations)
                return coauth_fail(err, COAUTH_EINVAL,
                                   "record %llu: affiliation index out of range",
                                   (unsigned long long)rec->pmid);
            int64_t aff = 0;
            coauth_status cst = coauth_store_affiliation_id(
                s, &rec->affiliations[k], res ? &res[k] : NULL, &aff, NULL, NULL, err);
            if (cst)
                return cst;
        }
    }
    return coauth_store_flush_pending(s, rec->pmid, err);
}

static coauth_status put_keyed_article(coauth_store *s, const coauth_record *rec,
                                       const coauth_resolution *res, coauth_error *err);

/* An ARTICLE: a JATS article with a PMID under its pair's JATS key (Two sources). */
static coauth_status put_article(coauth_store *s, const coauth_record *rec,
                                 const coauth_resolution *res, coauth_error *err)
{
    coauth_record keyed = *rec;
    if (rec->source == COAUTH_SOURCE_JATS && rec->pmid < COAUTH_STORE_JATS_KEY) {
        keyed.pmid = rec->pmid + COAUTH_STORE_JATS_KEY;
        s->pairs = true;
    }
    uint64_t pair = coauth_store_pair_pmid(keyed.pmid);
    coauth_status cst = coauth_store_unswap_pair(s, pair, err);
    if (!cst)
        cst = put_keyed_article(s, &keyed, res, err);
    if (!cst)
        cst = coauth_store_settle_pair(s, pair, err);
    return cst;
}

static coauth_status put_keyed_article(coauth_store *s, const coauth_record *rec,
                                       const coauth_resolution *res, coauth_error *err)
{
    coauth_status cst;
    int found = 0;
    bool stored = false, later = false;
    /* Above every stored pmid (most records of a new file: PubMed files come in
     * ascending PMID order): neither stored nor deleted, no look-up. */
    int64_t *max_paper = rec->pmid < COAUTH_STORE_JATS_KEY ? &s->max_paper : &s->max_paper_jats;
    if ((int64_t)rec->pmid <= *max_paper) {
        if ((cst = stored_later(s, ST_PAPER_EXISTS, rec->pmid, &found, &later, err)))
            return cst;
        if (later)
            return put_superseded(s, rec, res, err);
        stored = found;
    }
    int rc;
    sqlite3_stmt *st;
    if (!stored && (int64_t)rec->pmid <= s->max_deleted) {
        if ((cst = stored_later(s, ST_DELETION_PLACE, rec->pmid, &found, &later, err)))
            return cst;
        if (later)
            return put_superseded(s, rec, res, err); /* deleted later */
        if (found) {
            st = s->st[ST_UNDELETE];
            sqlite3_bind_int64(st, 1, (sqlite3_int64)rec->pmid);
            if ((rc = coauth_step_done(st)) != SQLITE_OK)
                return coauth_store_fail_stmt(s, rc, err, "updating deletions");
        }
    }
    if (stored && (cst = remove_paper(s, rec->pmid, err)))
        return cst;
    st = s->st[ST_INS_PAPER];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)rec->pmid);
    sqlite3_bind_int64(st, 2, rec->version ? rec->version : 1);
    if (rec->year > 0)
        sqlite3_bind_int64(st, 3, rec->year);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)rec->n_authors);
    sqlite3_bind_int64(st, 5, s->file_id);
    /* research is never NULL for a paper stored here: NULL marks papers migrated from
     * schema 1, stored without metadata. */
    int research = coauth_research_paper(rec->types, rec->n_types) ? 1 : 0;
    sqlite3_bind_int(st, 6, research);
    sqlite3_bind_int64(st, 7, (sqlite3_int64)rec->aff_layout);
    /* the journal is in paper_meta (schema 10: store_meta.c) */
    const char *text[] = {rec->title, rec->doi, rec->pmc};
    for (int i = 0; i < 3; i++)
        coauth_bind_text_or_null(st, 8 + i, text[i]);
    sqlite3_bind_int64(st, 11, s->place);
    sqlite3_bind_int64(st, 12, s->record_pos);
    sqlite3_bind_int(st, 13, rec->source == COAUTH_SOURCE_JATS ? 1 : 0);
    if ((rc = coauth_step_done(st)) != SQLITE_OK)
        return coauth_store_fail_stmt(s, rc, err, "storing a paper");
    if ((int64_t)rec->pmid > *max_paper)
        *max_paper = (int64_t)rec->pmid;
    s->n_pauth = s->n_ppart = 0;
    size_t set_start = s->set_parts.len;
    for (size_t i = 0; i < rec->n_authors; i++) {
        const coauth_author *au = &rec->authors[i];
        s->n_author_ids = 0;
        for (size_t j = 0; j < au->n_affiliations; j++) {
            size_t k = au->first_affiliation + j;
            if (k >= rec->n_affiliations)
                return coauth_fail(err, COAUTH_EINVAL,
                                   "record %llu: affiliation index out of range",
                                   (unsigned long long)rec->pmid);
            const coauth_affiliation *a = &rec->affiliations[k];
            int64_t aff = 0;
            bool is_new = false;
            const coauth_resolution *used = NULL;
            if ((cst = coauth_store_affiliation_id(s, a, res ? &res[k] : NULL, &aff, &is_new, &used,
                                                   err)) ||
                (cst = coauth_store_author_countries(s, aff, is_new, used, a, err)))
                return cst;
            if (!coauth_store_pending_room((void **)&s->pauth, &s->cap_pauth, s->n_pauth,
                                           sizeof *s->pauth))
                return coauth_fail(err, COAUTH_ENOMEM, "out of memory storing authorships");
            struct pending_auth *q = &s->pauth[s->n_pauth++];
            q->aff = aff;
            q->position = (int)i + 1;
            q->seq = (int)j + 1;
        }
        unsigned lead = (i == 0 ? 1u : 0u) | (i + 1 == rec->n_authors ? 2u : 0u);
        if ((cst = coauth_set_put_author(&s->set_parts, lead, s->author_ids, s->n_author_ids, err)))
            return cst;
    }
    if ((cst = coauth_store_flush_pending(s, rec->pmid, err)))
        return cst;
    if (s->set_parts.len > set_start) {
        struct pending_set *q = &s->pset[s->n_pset++];
        *q = (struct pending_set){(int64_t)rec->pmid,
                                  (int64_t)rec->n_authors,
                                  rec->year > 0 ? (int)rec->year : 0,
                                  research,
                                  set_start,
                                  s->set_parts.len - set_start};
        if (s->n_pset == SETS_QUEUE && (cst = coauth_store_flush_sets(s, err)))
            return cst;
    }
    return coauth_store_meta_put(s->meta, rec, err);
}

/* A DeleteCitation of pmid (SPEC 2.4): the stored paper is removed and the deletion
 * recorded, unless a later paper or deletion of pmid is stored; the pair is settled
 * either way. */
static coauth_status put_deletion(coauth_store *s, uint64_t pmid, coauth_error *err)
{
    int found = 0;
    bool later = false;
    uint64_t pair = coauth_store_pair_pmid(pmid);
    coauth_status cst;
    if ((cst = coauth_store_unswap_pair(s, pair, err)))
        return cst;
    if ((int64_t)pmid <= (pmid < COAUTH_STORE_JATS_KEY ? s->max_paper : s->max_paper_jats)) {
        if ((cst = stored_later(s, ST_PAPER_EXISTS, pmid, &found, &later, err)))
            return cst;
        if (later) /* the stored paper is later: this deletion changes nothing */
            return coauth_store_settle_pair(s, pair, err);
        if (found && (cst = remove_paper(s, pmid, err)))
            return cst;
    }
    if (!found && (int64_t)pmid <= s->max_deleted) {
        if ((cst = stored_later(s, ST_DELETION_PLACE, pmid, &found, &later, err)))
            return cst;
        if (later) /* deleted again later: that deletion stays */
            return coauth_store_settle_pair(s, pair, err);
    }
    sqlite3_stmt *st = s->st[ST_INS_DELETION];
    sqlite3_bind_int64(st, 1, (sqlite3_int64)pmid);
    sqlite3_bind_int64(st, 2, s->file_id);
    sqlite3_bind_int64(st, 3, s->place);
    sqlite3_bind_int64(st, 4, s->record_pos);
    int rc = coauth_step_done(st);
    if (rc != SQLITE_OK)
        return coauth_store_fail_stmt(s, rc, err, "recording a deletion");
    if ((int64_t)pmid > s->max_deleted)
        s->max_deleted = (int64_t)pmid;
    return coauth_store_settle_pair(s, pair, err);
}

coauth_status coauth_store_put_record(coauth_store *s, const coauth_record *rec,
                                      const coauth_resolution *res, coauth_error *err)
{
    if (!s->in_file)
        return coauth_fail(err, COAUTH_EINVAL, "put_record outside a file transaction");
    s->record_pos++;
    if (rec->kind == COAUTH_RECORD_ARTICLE)
        return put_article(s, rec, res, err);
    if (rec->kind != COAUTH_RECORD_DELETE)
        return coauth_fail(err, COAUTH_EINVAL, "unknown record kind %d", (int)rec->kind);
    for (size_t i = 0; i < rec->n_deleted; i++) {
        coauth_status cst = put_deletion(s, rec->deleted[i], err);
        if (cst)
            return cst;
    }
    return COAUTH_OK;
}
