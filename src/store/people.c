/* People in the SQLite store: persons, supervisors, trainees, their leaves
 * and their rotation needs. */
#include "store/store_impl.h"

#include "domain/week.h"

#include <string.h>

int store_person_insert(struct store *s, struct person *p, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", p->name, 1, sizeof(p->name));
    if (rc == 0)
        rc = store__check_text(ei, "email", p->email, 3, sizeof(p->email));
    if (rc == 0 && !strchr(p->email, '@'))
        rc = err_set(ei, ERR_INVAL, "email", "email: must contain '@'");
    if (rc == 0 && p->hsa_id[0])
        rc = store__check_hsa_id(ei, "hsa_id", p->hsa_id);
    if (rc == 0)
        rc = store__exec(s, ei, &p->id,
                         "INSERT INTO person (name, email, hsa_id) "
                         "VALUES (?, ?, ?) RETURNING id",
                         "ttT", p->name, p->email, p->hsa_id);
    return store__name_failure(ei, rc, "email or hsa_id", NULL);
}

int store_person_get(struct store *s, int64_t id, struct person *out,
                     struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, name, email, hsa_id FROM person "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "person", id)) == 0) {
        out->id = sqlite3_column_int64(st, 0);
        store__column_text(st, 1, out->name, sizeof(out->name));
        store__column_text(st, 2, out->email, sizeof(out->email));
        store__column_text(st, 3, out->hsa_id, sizeof(out->hsa_id));
    }
    sqlite3_finalize(st);
    return rc;
}

int store_supervisor_insert(struct store *s, struct supervisor *sv,
                            struct err_info *ei)
{
    int rc = store__check_opt_date(ei, "trained_on", sv->trained_on);
    if (rc == 0)
        rc =
            store__check_opt_date(ei, "specialist_since", sv->specialist_since);
    if (rc == 0)
        rc = store__exec(s, ei, &sv->id,
                         "INSERT INTO supervisor (person_id, unit_id, "
                         "trained_on, specialist_since) VALUES (?, ?, ?, ?) "
                         "RETURNING id",
                         "llTT", sv->person_id, sv->unit_id, sv->trained_on,
                         sv->specialist_since);
    return store__name_failure(ei, rc, "person_id", "person_id or unit_id");
}

int store_supervisor_get(struct store *s, int64_t id, struct supervisor *out,
                         struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, person_id, unit_id, trained_on, "
                          "specialist_since FROM supervisor WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "supervisor", id)) == 0) {
        out->id = sqlite3_column_int64(st, 0);
        out->person_id = sqlite3_column_int64(st, 1);
        out->unit_id = sqlite3_column_int64(st, 2);
        store__column_text(st, 3, out->trained_on, sizeof(out->trained_on));
        store__column_text(st, 4, out->specialist_since,
                           sizeof(out->specialist_since));
    }
    sqlite3_finalize(st);
    return rc;
}

static int store_trainee_check(const struct trainee *t, struct err_info *ei)
{
    int rc =
        store__check_vocab(ei, "regulation", &vocab_regulation, t->regulation);
    if (rc == 0)
        rc = store__check_date(ei, "start_date", t->start_date);
    if (rc == 0)
        rc = store__check_date(ei, "planned_end", t->planned_end);
    if (rc == 0 && strcmp(t->planned_end, t->start_date) <= 0)
        rc = err_set(ei, ERR_INVAL, "planned_end",
                     "planned_end: must be after start_date");
    if (rc == 0)
        rc = store__check_range(ei, "fte", t->fte, 1, 100);
    if (rc == 0)
        rc = store__check_vocab(ei, "status", &vocab_trainee_status, t->status);
    return rc;
}

int store_trainee_insert(struct store *s, struct trainee *t,
                         struct err_info *ei)
{
    int rc = store_trainee_check(t, ei);
    if (rc == 0)
        rc = store__exec(
            s, ei, &t->id,
            "INSERT INTO trainee (person_id, specialty_id, regulation, "
            "home_unit_id, supervisor_id, start_date, fte, planned_end, "
            "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "lltldtitt", t->person_id, t->specialty_id,
            vocab_name(&vocab_regulation, t->regulation), t->home_unit_id,
            t->supervisor_id, t->start_date, t->fte, t->planned_end,
            vocab_name(&vocab_trainee_status, t->status));
    return store__name_failure(
        ei, rc, "specialty_id",
        "person_id, specialty_id, home_unit_id or supervisor_id");
}

int store_trainee_get(struct store *s, int64_t id, struct trainee *out,
                      struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, person_id, specialty_id, regulation, "
                          "home_unit_id, supervisor_id, start_date, fte, "
                          "planned_end, status FROM trainee WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "trainee", id)) == 0) {
        int reg = 0, status = 0;
        out->id = sqlite3_column_int64(st, 0);
        out->person_id = sqlite3_column_int64(st, 1);
        out->specialty_id = sqlite3_column_int64(st, 2);
        vocab_parse(&vocab_regulation, (const char *)sqlite3_column_text(st, 3),
                    &reg);
        out->regulation = (enum regulation)reg;
        out->home_unit_id = sqlite3_column_int64(st, 4);
        out->supervisor_id = store__column_id(st, 5);
        store__column_text(st, 6, out->start_date, sizeof(out->start_date));
        out->fte = sqlite3_column_int(st, 7);
        store__column_text(st, 8, out->planned_end, sizeof(out->planned_end));
        vocab_parse(&vocab_trainee_status,
                    (const char *)sqlite3_column_text(st, 9), &status);
        out->status = (enum trainee_status)status;
    }
    sqlite3_finalize(st);
    return rc;
}

int store_leave_insert(struct store *s, struct leave *l, struct err_info *ei)
{
    int rc = store__check_date(ei, "from_date", l->from_date);
    if (rc == 0)
        rc = store__check_date(ei, "to_date", l->to_date);
    if (rc == 0 && strcmp(l->to_date, l->from_date) < 0)
        rc = err_set(ei, ERR_INVAL, "to_date",
                     "to_date: must not be before from_date");
    if (rc == 0)
        rc = store__check_vocab(ei, "kind", &vocab_leave_kind, l->kind);
    if (rc == 0)
        rc = store__exec(s, ei, &l->id,
                         "INSERT INTO leave (trainee_id, from_date, to_date, "
                         "kind) VALUES (?, ?, ?, ?) RETURNING id",
                         "lttt", l->trainee_id, l->from_date, l->to_date,
                         vocab_name(&vocab_leave_kind, l->kind));
    return store__name_failure(ei, rc, NULL, "trainee_id");
}

int store_leave_get(struct store *s, int64_t id, struct leave *out,
                    struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, trainee_id, from_date, to_date, kind "
                          "FROM leave WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "leave", id)) == 0) {
        int kind = 0;
        out->id = sqlite3_column_int64(st, 0);
        out->trainee_id = sqlite3_column_int64(st, 1);
        store__column_text(st, 2, out->from_date, sizeof(out->from_date));
        store__column_text(st, 3, out->to_date, sizeof(out->to_date));
        vocab_parse(&vocab_leave_kind, (const char *)sqlite3_column_text(st, 4),
                    &kind);
        out->kind = (enum leave_kind)kind;
    }
    sqlite3_finalize(st);
    return rc;
}

static int store_need_check(const struct need *n, struct err_info *ei)
{
    int rc = store__check_range(ei, "weeks", n->weeks, PATTERN_WEEKS_MIN,
                                PATTERN_WEEKS_MAX);
    if (rc == 0 && (n->patterns == 0 || (n->patterns & ~PATTERN_ALL)))
        rc = err_set(ei, ERR_INVAL, "patterns",
                     "patterns: must name at least one known pattern");
    if (rc == 0 && n->preferred_start != STORE_NONE)
        rc = store__check_range(ei, "preferred_start", n->preferred_start,
                                WEEK_MIN, WEEK_MAX);
    if (rc == 0)
        rc = store__check_vocab(ei, "status", &vocab_need_status, n->status);
    if (rc == 0)
        rc = store__check_range(ei, "unit_ids", n->nunits, 0, STORE_LIST_MAX);
    if (rc == 0)
        rc = store__check_range(ei, "goal_ids", n->ngoals, 0, STORE_LIST_MAX);
    if (rc == 0 && n->specialty_id == 0 && n->nunits == 0)
        rc = err_set(ei, ERR_INVAL, "specialty_id",
                     "specialty_id: a need names a specialty or units");
    return rc;
}

int store_need_insert(struct store *s, struct need *n, struct err_info *ei)
{
    int rc = store_need_check(n, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__exec(s, ei, &n->id,
                     "INSERT INTO rotation_need (trainee_id, specialty_id, "
                     "weeks, patterns, preferred_start, status) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     "ldiiot", n->trainee_id, n->specialty_id, n->weeks,
                     (int)n->patterns, n->preferred_start,
                     vocab_name(&vocab_need_status, n->status));
    rc = store__name_failure(ei, rc, NULL, "trainee_id or specialty_id");
    if (rc == 0) {
        rc = store__insert_links(s, ei,
                                 "INSERT INTO need_unit (need_id, unit_id) "
                                 "VALUES (?, ?)",
                                 n->id, n->unit_ids, n->nunits);
        rc = store__name_failure(ei, rc, "unit_ids", "unit_ids");
    }
    if (rc == 0) {
        rc = store__insert_links(s, ei,
                                 "INSERT INTO need_goal (need_id, goal_id) "
                                 "VALUES (?, ?)",
                                 n->id, n->goal_ids, n->ngoals);
        rc = store__name_failure(ei, rc, "goal_ids", "goal_ids");
    }
    return store__write_end(s, rc);
}

int store_need_get(struct store *s, int64_t id, struct need *out,
                   struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, trainee_id, specialty_id, weeks, "
                          "patterns, preferred_start, status "
                          "FROM rotation_need WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "need", id)) == 0) {
        int status = 0;
        out->id = sqlite3_column_int64(st, 0);
        out->trainee_id = sqlite3_column_int64(st, 1);
        out->specialty_id = store__column_id(st, 2);
        out->weeks = sqlite3_column_int(st, 3);
        out->patterns = (unsigned)sqlite3_column_int(st, 4);
        out->preferred_start = store__column_opt(st, 5);
        vocab_parse(&vocab_need_status,
                    (const char *)sqlite3_column_text(st, 6), &status);
        out->status = (enum need_status)status;
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT unit_id FROM need_unit "
                                 "WHERE need_id = ? ORDER BY unit_id",
                                 id, out->unit_ids, &out->nunits);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM need_goal "
                                 "WHERE need_id = ? ORDER BY goal_id",
                                 id, out->goal_ids, &out->ngoals);
    return rc;
}
