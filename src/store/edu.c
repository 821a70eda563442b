/* The education plan in the store (edu.h): its approval with a snapshot of
 * the plan's needs, activities, substitutes and the ST contract. The
 * checklist and the plan's versions are edu_plan.c, below the needs. */
#include "domain/edu.h"
#include "domain/pattern.h"
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int edu_snapshot(struct store *s, const struct edu_plan *p, char **out,
                        struct err_info *ei);

int store_edu_plan_approve(struct store *s, int64_t trainee_id, int version,
                           enum edu_approver role, const struct edu_by *by,
                           int *approved, struct err_info *ei)
{
    *approved = 0;
    int rc = store__check_vocab(ei, "role", &vocab_edu_approver, role);
    if (rc == 0 && (!by || !by->name[0]))
        rc = err_set(ei, ERR_INVAL, "role", "an approval names who gave it");
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct edu_plan p;
    rc = store_edu_plan_get(s, trainee_id, &p, ei);
    if (rc == 0 && p.id == 0)
        rc = err_set(ei, ERR_CONFLICT, "version",
                     "version: the trainee has no plan to approve yet");
    else if (rc == 0 && (p.version != version || p.status != EDU_DRAFT))
        rc = err_set(ei, ERR_CONFLICT, "version",
                     "version: the plan is now version %d (%s), not the "
                     "draft %d: read it again",
                     p.version, vocab_name(&vocab_edu_status, p.status),
                     version);
    else if (rc == 0 && p.approvals[role].given)
        rc = err_set(ei, ERR_CONFLICT, "role",
                     "role: version %d is approved as %s already, by %s",
                     version, vocab_edu_approver.names[role],
                     p.approvals[role].by.name);
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO plan_approval (plan_id, role, user_id, "
                         "name, at) VALUES (?, ?, ?, ?, ?)",
                         "ltdtt", p.id, vocab_edu_approver.names[role],
                         by->user_id, by->name, now);
    if (rc == 0)
        rc = store__audit(s, "plan_approval", "insert", p.id, NULL,
                          json_pack("{s:i, s:s, s:o, s:s}", "version", version,
                                    "role", vocab_edu_approver.names[role],
                                    "user_id", store__edu_opt_id(by->user_id),
                                    "name", by->name),
                          ei);
    int given = 1;
    for (int r = 0; r < EDU_APPROVER_COUNT; r++)
        given += r != (int)role && p.approvals[r].given;
    if (rc == 0 && given == EDU_APPROVER_COUNT) {
        rc = store__exec(s, ei, NULL,
                         "UPDATE edu_plan SET status = 'superseded' "
                         "WHERE trainee_id = ? AND status = 'approved'",
                         "l", trainee_id);
        char *content = NULL;
        if (rc == 0)
            rc = edu_snapshot(s, &p, &content, ei);
        if (rc == 0)
            rc = store__exec(s, ei, NULL,
                             "UPDATE edu_plan SET status = 'approved', "
                             "approved_at = ?, content = ? WHERE id = ?",
                             "ttl", now, content, p.id);
        free(content);
        struct edu_plan after = p;
        after.status = EDU_APPROVED;
        if (rc == 0)
            rc = store__audit(s, "edu_plan", "update", p.id,
                              store__edu_plan_json(&p),
                              store__edu_plan_json(&after), ei);
        *approved = rc == 0;
    }
    return store__write_end(s, rc);
}

/* ---- activities ---- */

static int edu_activity_check(const struct activity *a, struct err_info *ei)
{
    int rc = store__check_vocab(ei, "kind", &vocab_activity_kind, a->kind);
    if (rc == 0)
        rc = store__check_text(ei, "title", a->title, 1, sizeof(a->title));
    if (rc == 0)
        rc =
            store__check_vocab(ei, "status", &vocab_activity_status, a->status);
    if (rc == 0 && a->need_id && a->kind != ACTIVITY_CLINICAL)
        rc = err_set(ei, ERR_INVAL, "need_id",
                     "need_id: only clinical service is a rotation");
    if (rc == 0 && (a->from_week == STORE_NONE) != (a->to_week == STORE_NONE))
        rc = err_set(ei, ERR_INVAL, "to",
                     "to: an activity has both its weeks or neither");
    if (rc == 0 && a->from_week != STORE_NONE)
        rc = store__check_range(ei, "from", a->from_week, WEEK_MIN, WEEK_MAX);
    if (rc == 0 && a->from_week != STORE_NONE && a->to_week <= a->from_week)
        rc = err_set(ei, ERR_INVAL, "to", "to: must not be before from");
    if (rc == 0)
        rc = store__check_range(ei, "goal_ids", a->ngoals, 0, STORE_LIST_MAX);
    return rc;
}

/* The references of a: its trainee, its need (the same trainee's), its
 * goals (on the trainee's checklist). */
static int edu_activity_refs(struct store *s, const struct activity *a,
                             struct err_info *ei)
{
    int rc = store__edu_trainee_exists(s, a->trainee_id, "trainee_id", ei);
    if (rc == 0 && a->need_id) {
        int64_t n = 0;
        rc = store__count(s, ei, &n,
                          "SELECT count(*) FROM rotation_need "
                          "WHERE id = ? AND trainee_id = ?",
                          "ll", a->need_id, a->trainee_id);
        if (rc == 0 && n == 0)
            rc = err_set(ei, ERR_INVAL, "need_id",
                         "need_id: the trainee has no need %lld",
                         (long long)a->need_id);
    }
    if (rc == 0)
        rc = store_edu_goals_check(s, a->trainee_id, a->goal_ids, a->ngoals,
                                   "goal_ids", ei);
    return rc;
}

static json_t *edu_activity_json(const struct activity *a)
{
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:o}", "id",
        (json_int_t)a->id, "trainee_id", (json_int_t)a->trainee_id, "kind",
        vocab_name(&vocab_activity_kind, a->kind), "title", a->title, "need_id",
        store__edu_opt_id(a->need_id), "from",
        a->from_week == STORE_NONE ? json_null() : json_integer(a->from_week),
        "to", a->to_week == STORE_NONE ? json_null() : json_integer(a->to_week),
        "status", vocab_name(&vocab_activity_status, a->status), "goal_ids",
        store__ids_json(a->goal_ids, a->ngoals));
}

static int edu_activity_goals_write(struct store *s, const struct activity *a,
                                    struct err_info *ei)
{
    int rc = store__insert_links(s, ei,
                                 "INSERT INTO activity_goal (activity_id, "
                                 "goal_id) VALUES (?, ?)",
                                 a->id, a->goal_ids, a->ngoals);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_INVAL, "goal_ids",
                     "goal_ids: a goal is listed twice");
    return rc;
}

int store_activity_insert(struct store *s, struct activity *a,
                          struct err_info *ei)
{
    int rc = edu_activity_check(a, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = edu_activity_refs(s, a, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &a->id,
                         "INSERT INTO activity (trainee_id, kind, title, "
                         "need_id, from_week, to_week, status) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         "lttdoot", a->trainee_id,
                         vocab_name(&vocab_activity_kind, a->kind), a->title,
                         a->need_id, a->from_week, a->to_week,
                         vocab_name(&vocab_activity_status, a->status));
    if (rc == 0)
        rc = edu_activity_goals_write(s, a, ei);
    if (rc == 0)
        rc = store__edu_plan_touch(s, a->trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "activity", "insert", a->id, NULL,
                          edu_activity_json(a), ei);
    return store__write_end(s, rc);
}

static void edu_activity_read(struct store_stmt *st, struct activity *out)
{
    int v = 0;
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->trainee_id = store__col_int64(st, 1);
    vocab_parse(&vocab_activity_kind, store__col_text(st, 2), &v);
    out->kind = (enum activity_kind)v;
    store__column_text(st, 3, out->title, sizeof(out->title));
    out->need_id = store__column_id(st, 4);
    out->from_week = store__column_opt(st, 5);
    out->to_week = store__column_opt(st, 6);
    v = 0;
    vocab_parse(&vocab_activity_status, store__col_text(st, 7), &v);
    out->status = (enum activity_status)v;
}

#define EDU_ACTIVITY_COLUMNS                                                   \
    "id, trainee_id, kind, title, need_id, from_week, to_week, status "        \
    "FROM activity "

int store_activity_get(struct store *s, int64_t id, struct activity *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT " EDU_ACTIVITY_COLUMNS "WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "activity", id)) == 0)
        edu_activity_read(st, out);
    store__finalize(st);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM activity_goal "
                                 "WHERE activity_id = ? ORDER BY goal_id",
                                 id, out->goal_ids, &out->ngoals);
    return rc;
}

int store_activity_update(struct store *s, const struct activity *a,
                          struct err_info *ei)
{
    int rc = edu_activity_check(a, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct activity before, after = *a;
    rc = store_activity_get(s, a->id, &before, ei);
    if (rc == 0) {
        after.trainee_id = before.trainee_id;
        rc = edu_activity_refs(s, &after, ei);
    }
    if (rc == 0)
        rc = store__exec(
            s, ei, NULL,
            "UPDATE activity SET kind = ?, title = ?, "
            "need_id = ?, from_week = ?, to_week = ?, "
            "status = ? WHERE id = ?",
            "ttdootl", vocab_name(&vocab_activity_kind, after.kind),
            after.title, after.need_id, after.from_week, after.to_week,
            vocab_name(&vocab_activity_status, after.status), after.id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM activity_goal WHERE activity_id = ?", "l",
                         after.id);
    if (rc == 0)
        rc = edu_activity_goals_write(s, &after, ei);
    /* Its state alone is progress, not a change of the plan. */
    struct activity same = before;
    same.status = after.status;
    json_t *bj = edu_activity_json(&before), *aj = edu_activity_json(&after);
    json_t *sj = edu_activity_json(&same);
    int planned = !json_equal(sj, aj);
    json_decref(sj);
    if (rc == 0 && planned)
        rc = store__edu_plan_touch(s, after.trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "activity", "update", after.id, bj, aj, ei);
    else {
        json_decref(bj);
        json_decref(aj);
    }
    return store__write_end(s, rc);
}

/* Gives need_id back weeks_saved weeks (or opens it again). */
static int edu_need_give_back(struct store *s, int64_t need_id, int weeks_saved,
                              struct err_info *ei);

int store_activity_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct activity before;
    rc = store_activity_get(s, id, &before, ei);
    /* Its substitutes go with it, and their weeks back to their needs. */
    int64_t subs[STORE_LIST_MAX];
    int nsubs = 0;
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT id FROM substitute "
                                 "WHERE activity_id = ? ORDER BY id",
                                 id, subs, &nsubs);
    for (int i = 0; rc == 0 && i < nsubs; i++)
        rc = store_substitute_delete(s, subs[i], ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM activity WHERE id = ?", "l",
                         id);
    if (rc == 0)
        rc = store__edu_plan_touch(s, before.trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "activity", "delete", id,
                          edu_activity_json(&before), NULL, ei);
    return store__write_end(s, rc);
}

int store_activity_list(struct store *s, int64_t trainee_id,
                        int (*each)(const struct activity *, void *), void *arg,
                        struct err_info *ei)
{
    struct activity *all = NULL;
    size_t n = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT a.id, a.trainee_id, a.kind, a.title, a.need_id, "
        "a.from_week, a.to_week, a.status FROM activity a "
        "JOIN trainee t ON t.id = a.trainee_id "
        "JOIN unit hu ON hu.id = t.home_unit_id "
        "WHERE (?1 IS NULL OR a.trainee_id = ?1) "
        "AND randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL) "
        "ORDER BY a.trainee_id, a.from_week IS NULL, a.from_week, a.id",
        "d", trainee_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        all = realloc(all, (n + 1) * sizeof(*all));
        if (!all)
            abort();
        edu_activity_read(st, &all[n++]);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM activity_goal "
                                 "WHERE activity_id = ? ORDER BY goal_id",
                                 all[i].id, all[i].goal_ids, &all[i].ngoals);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = each(&all[i], arg);
    free(all);
    return rc;
}

/* ---- substitutes ---- */

static json_t *edu_substitute_json(const struct substitute *x)
{
    return json_pack(
        "{s:I, s:I, s:I, s:i, s:s, s:o, s:s}", "id", (json_int_t)x->id,
        "activity_id", (json_int_t)x->activity_id, "need_id",
        (json_int_t)x->need_id, "weeks_saved", x->weeks_saved, "reason",
        x->reason, "agreed_by", store__edu_opt_id(x->agreed_by.user_id),
        "agreed_name", x->agreed_by.name);
}

/* ERR_CONFLICT when need_id has a requested or confirmed booking. */
static int edu_need_unbooked(struct store *s, int64_t need_id,
                             struct err_info *ei)
{
    int64_t booking = 0;
    int rc = store__count(s, ei, &booking,
                          "SELECT coalesce(max(id), 0) FROM booking "
                          "WHERE need_id = ? AND status IN ('requested', "
                          "'confirmed')",
                          "l", need_id);
    if (rc == 0 && booking)
        rc = err_set(ei, ERR_CONFLICT, "need_id",
                     "need_id: the rotation has booking %lld, made for its "
                     "length: cancel it first, then book the shorter "
                     "rotation",
                     (long long)booking);
    return rc;
}

/* Reads the weeks and status of need_id. */
static int edu_need_weeks(struct store *s, int64_t need_id, int64_t *trainee,
                          int *weeks, char *status, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT trainee_id, weeks, status FROM rotation_need "
                          "WHERE id = ?",
                          "l", need_id);
    int step = rc ? STORE_DONE : store__step(st);
    if (rc == 0 && step == STORE_ROW) {
        *trainee = store__col_int64(st, 0);
        *weeks = store__col_int(st, 1);
        store__column_text(st, 2, status, 16);
    } else if (rc == 0 && step == STORE_DONE) {
        rc = err_set(ei, ERR_INVAL, "need_id", "need_id: there is no need %lld",
                     (long long)need_id);
    } else if (rc == 0) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

/* The audit row of need before->id as it is now, after a substitute
 * changed its weeks or state: whole, as every need's audit rows are. */
static int edu_need_audit(struct store *s, const struct need *before,
                          struct err_info *ei)
{
    struct need *after = xcalloc(1, sizeof(*after));
    int rc = store_need_get(s, before->id, after, ei);
    if (rc == 0)
        rc =
            store__audit(s, "need", "update", before->id,
                         store__need_json(before), store__need_json(after), ei);
    free(after);
    return rc;
}

int store_substitute_insert(struct store *s, struct substitute *sub,
                            struct err_info *ei)
{
    int rc = store__check_range(ei, "weeks_saved", sub->weeks_saved, 1, 104);
    if (rc == 0)
        rc = store__check_text(ei, "reason", sub->reason, 1,
                               sizeof(sub->reason));
    if (rc == 0 && !sub->agreed_by.name[0])
        rc = err_set(ei, ERR_INVAL, "agreed_by",
                     "agreed_by: a substitute names who agreed to it");
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct activity a;
    rc = store_activity_get(s, sub->activity_id, &a, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_INVAL, "activity_id",
                     "activity_id: there is no activity %lld",
                     (long long)sub->activity_id);
    if (rc == 0 && a.kind == ACTIVITY_CLINICAL)
        rc = err_set(ei, ERR_INVAL, "activity_id",
                     "activity_id: clinical service is the rotation itself; a "
                     "substitute is a course, seminar, simulation or other "
                     "activity");
    int64_t trainee = 0;
    int weeks = 0;
    char status[16] = "";
    if (rc == 0)
        rc = edu_need_weeks(s, sub->need_id, &trainee, &weeks, status, ei);
    if (rc == 0 && trainee != a.trainee_id)
        rc = err_set(ei, ERR_INVAL, "need_id",
                     "need_id: need %lld is another trainee's",
                     (long long)sub->need_id);
    if (rc == 0 && strcmp(status, "open") != 0)
        rc = err_set(ei, ERR_CONFLICT, "need_id",
                     "need_id: the rotation is %s; only an open one can be "
                     "shortened",
                     status);
    if (rc == 0)
        rc = edu_need_unbooked(s, sub->need_id, ei);
    if (rc == 0 && sub->weeks_saved > weeks)
        rc = err_set(ei, ERR_INVAL, "weeks_saved",
                     "weeks_saved: the rotation is %d weeks; at most that "
                     "many can be saved",
                     weeks);
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    snprintf(sub->agreed_at, sizeof(sub->agreed_at), "%s", now);
    if (rc == 0)
        rc = store__exec(s, ei, &sub->id,
                         "INSERT INTO substitute (activity_id, need_id, "
                         "weeks_saved, reason, agreed_by, agreed_name, "
                         "agreed_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                         "RETURNING id",
                         "llitdtt", sub->activity_id, sub->need_id,
                         sub->weeks_saved, sub->reason, sub->agreed_by.user_id,
                         sub->agreed_by.name, now);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_CONFLICT, "activity_id",
                     "activity_id: this activity already shortens need %lld",
                     (long long)sub->need_id);
    struct need *before = xcalloc(1, sizeof(*before));
    if (rc == 0)
        rc = store_need_get(s, sub->need_id, before, ei);
    int all = rc == 0 && sub->weeks_saved == weeks;
    if (rc == 0)
        rc = all ? store__exec(s, ei, NULL,
                               "UPDATE rotation_need SET status = 'waived' "
                               "WHERE id = ?",
                               "l", sub->need_id)
                 : store__exec(s, ei, NULL,
                               "UPDATE rotation_need SET weeks = weeks - ? "
                               "WHERE id = ?",
                               "il", sub->weeks_saved, sub->need_id);
    if (rc == 0)
        rc = edu_need_audit(s, before, ei);
    free(before);
    if (rc == 0)
        rc = store__edu_plan_touch(s, a.trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "substitute", "insert", sub->id, NULL,
                          edu_substitute_json(sub), ei);
    return store__write_end(s, rc);
}

static void edu_substitute_read(struct store_stmt *st, struct substitute *out)
{
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->activity_id = store__col_int64(st, 1);
    out->need_id = store__col_int64(st, 2);
    out->weeks_saved = store__col_int(st, 3);
    store__column_text(st, 4, out->reason, sizeof(out->reason));
    out->agreed_by.user_id = store__column_id(st, 5);
    store__column_text(st, 6, out->agreed_by.name, sizeof(out->agreed_by.name));
    store__column_text(st, 7, out->agreed_at, sizeof(out->agreed_at));
}

#define EDU_SUBSTITUTE_COLUMNS                                                 \
    "x.id, x.activity_id, x.need_id, x.weeks_saved, x.reason, x.agreed_by, "   \
    "x.agreed_name, x.agreed_at FROM substitute x "

int store_substitute_get(struct store *s, int64_t id, struct substitute *out,
                         struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT " EDU_SUBSTITUTE_COLUMNS "WHERE x.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "substitute", id)) == 0)
        edu_substitute_read(st, out);
    store__finalize(st);
    return rc;
}

static int edu_need_give_back(struct store *s, int64_t need_id, int weeks_saved,
                              struct err_info *ei)
{
    int64_t trainee = 0;
    int weeks = 0;
    char status[16] = "";
    int rc = edu_need_weeks(s, need_id, &trainee, &weeks, status, ei);
    if (rc == 0)
        rc = edu_need_unbooked(s, need_id, ei);
    struct need *before = xcalloc(1, sizeof(*before));
    if (rc == 0)
        rc = store_need_get(s, need_id, before, ei);
    int reopen = strcmp(status, "waived") == 0 && weeks == weeks_saved;
    int after = reopen ? weeks : weeks + weeks_saved;
    if (rc == 0 && after > 104)
        rc = err_set(ei, ERR_CONFLICT, "need_id",
                     "need_id: the rotation would be longer than 104 weeks");
    if (rc == 0)
        rc = reopen ? store__exec(s, ei, NULL,
                                  "UPDATE rotation_need SET status = 'open' "
                                  "WHERE id = ?",
                                  "l", need_id)
                    : store__exec(s, ei, NULL,
                                  "UPDATE rotation_need SET weeks = ? "
                                  "WHERE id = ?",
                                  "il", after, need_id);
    if (rc == 0)
        rc = edu_need_audit(s, before, ei);
    free(before);
    return rc;
}

int store_substitute_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct substitute before;
    struct activity a;
    rc = store_substitute_get(s, id, &before, ei);
    if (rc == 0)
        rc = store_activity_get(s, before.activity_id, &a, ei);
    if (rc == 0)
        rc = edu_need_give_back(s, before.need_id, before.weeks_saved, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM substitute WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__edu_plan_touch(s, a.trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "substitute", "delete", id,
                          edu_substitute_json(&before), NULL, ei);
    return store__write_end(s, rc);
}

int store_substitute_list(struct store *s, int64_t trainee_id,
                          int (*each)(const struct substitute *, void *),
                          void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT " EDU_SUBSTITUTE_COLUMNS
        "JOIN activity a ON a.id = x.activity_id "
        "JOIN trainee t ON t.id = a.trainee_id "
        "JOIN unit hu ON hu.id = t.home_unit_id "
        "WHERE (?1 IS NULL OR a.trainee_id = ?1) "
        "AND randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL) "
        "ORDER BY x.id",
        "d", trainee_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct substitute x;
        edu_substitute_read(st, &x);
        rc = each(&x, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- the ST contract ---- */

int store_contract_get(struct store *s, int64_t trainee_id,
                       struct st_contract *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->trainee_id = trainee_id;
    int rc = store__edu_trainee_exists(s, trainee_id, "id", ei);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT signed_on, employer, parties "
                          "FROM st_contract WHERE trainee_id = ?",
                          "l", trainee_id);
    if (rc == 0 && store__step(st) == STORE_ROW) {
        store__column_text(st, 0, out->signed_on, sizeof(out->signed_on));
        store__column_text(st, 1, out->employer, sizeof(out->employer));
        store__column_text(st, 2, out->parties, sizeof(out->parties));
    }
    store__finalize(st);
    return rc;
}

static json_t *edu_contract_json(const struct st_contract *c)
{
    return json_pack("{s:s, s:s, s:s}", "signed_on", c->signed_on, "employer",
                     c->employer, "parties", c->parties);
}

int store_contract_set(struct store *s, const struct st_contract *c,
                       struct err_info *ei)
{
    int rc = store__check_date(ei, "signed_on", c->signed_on);
    if (rc == 0)
        rc = store__check_text(ei, "employer", c->employer, 1,
                               sizeof(c->employer));
    if (rc == 0)
        rc =
            store__check_text(ei, "parties", c->parties, 1, sizeof(c->parties));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct st_contract before;
    rc = store_contract_get(s, c->trainee_id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO st_contract (trainee_id, signed_on, "
                         "employer, parties) VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (trainee_id) DO UPDATE SET "
                         "signed_on = excluded.signed_on, "
                         "employer = excluded.employer, "
                         "parties = excluded.parties",
                         "lttt", c->trainee_id, c->signed_on, c->employer,
                         c->parties);
    if (rc == 0)
        rc = store__audit(
            s, "st_contract", before.signed_on[0] ? "update" : "insert",
            c->trainee_id,
            before.signed_on[0] ? edu_contract_json(&before) : NULL,
            edu_contract_json(c), ei);
    return store__write_end(s, rc);
}

/* ---- facts for the deadlines ---- */

int store_edu_facts(struct store *s, int64_t trainee_id,
                    int (*each)(const struct edu_facts *, void *), void *arg,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT t.id, p.name, t.home_unit_id, t.regulation, t.start_date, "
        "c.signed_on, "
        "(SELECT min(substr(e.approved_at, 1, 10)) FROM edu_plan e "
        " WHERE e.trainee_id = t.id AND e.approved_at IS NOT NULL), "
        "(SELECT max(substr(e.approved_at, 1, 10)) FROM edu_plan e "
        " WHERE e.trainee_id = t.id AND e.approved_at IS NOT NULL), "
        "cur.version, cur.status, "
        "(SELECT count(*) FROM plan_approval a WHERE a.plan_id = cur.id "
        " AND a.role = 'unit_head'), "
        "(SELECT count(*) FROM plan_approval a WHERE a.plan_id = cur.id "
        " AND a.role = 'supervisor'), "
        "(SELECT count(*) FROM plan_approval a WHERE a.plan_id = cur.id "
        " AND a.role = 'director'), "
        "(SELECT count(*) FROM goal g WHERE g.regulation = t.regulation "
        " AND g.grp = 'bt' AND g.specialty_id IS NULL), "
        "(SELECT count(*) FROM plan_goal x JOIN goal g ON g.id = x.goal_id "
        " WHERE x.trainee_id = t.id AND g.grp = 'bt' "
        " AND g.regulation = t.regulation AND x.status = 'certified'), "
        "(SELECT max(substr(x.certified_at, 1, 10)) FROM plan_goal x "
        " JOIN goal g ON g.id = x.goal_id WHERE x.trainee_id = t.id "
        " AND g.grp = 'bt' AND x.status = 'certified') "
        "FROM trainee t JOIN person p ON p.id = t.person_id "
        "JOIN unit hu ON hu.id = t.home_unit_id "
        "LEFT JOIN st_contract c ON c.trainee_id = t.id "
        "LEFT JOIN edu_plan cur ON cur.trainee_id = t.id AND cur.version = "
        "(SELECT max(e2.version) FROM edu_plan e2 "
        " WHERE e2.trainee_id = t.id) "
        "WHERE (?1 IS NULL OR t.id = ?1) "
        "AND (?1 IS NOT NULL OR t.status IN ('active', 'on_leave')) "
        "AND randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL) "
        "ORDER BY p.name, t.id",
        "d", trainee_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct edu_facts f;
        int v = 0;
        memset(&f, 0, sizeof(f));
        f.trainee_id = store__col_int64(st, 0);
        store__column_text(st, 1, f.name, sizeof(f.name));
        f.home_unit_id = store__col_int64(st, 2);
        vocab_parse(&vocab_regulation, store__col_text(st, 3), &v);
        f.regulation = (enum regulation)v;
        store__column_text(st, 4, f.start_date, sizeof(f.start_date));
        store__column_text(st, 5, f.contract_on, sizeof(f.contract_on));
        store__column_text(st, 6, f.first_approved, sizeof(f.first_approved));
        store__column_text(st, 7, f.last_approved, sizeof(f.last_approved));
        f.plan_version = store__col_null(st, 8) ? 0 : store__col_int(st, 8);
        v = 0;
        if (f.plan_version)
            vocab_parse(&vocab_edu_status, store__col_text(st, 9), &v);
        f.plan_status = (enum edu_status)v;
        for (int r = 0; r < EDU_APPROVER_COUNT; r++)
            f.approvals[r] = store__col_int(st, 10 + r) > 0;
        f.bt_goals = store__col_int(st, 13);
        f.bt_certified = store__col_int(st, 14);
        store__column_text(st, 15, f.bt_certified_on,
                           sizeof(f.bt_certified_on));
        rc = each(&f, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- the content of an approved version ---- */

/* A week as the API writes it ("2027-W10"), or null. */
static json_t *edu_snap_week(int w)
{
    if (w == STORE_NONE)
        return json_null();
    char s[WEEK_STR_MAX];
    week_format(w, s);
    return json_string(s);
}

/* The content of a version in the API's shapes: weeks as ISO weeks (an
 * activity's "to" its last week), patterns by name. */
static int edu_snap_activity(const struct activity *a, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:o}", "id",
                       (json_int_t)a->id, "kind",
                       vocab_name(&vocab_activity_kind, a->kind), "title",
                       a->title, "need_id", store__edu_opt_id(a->need_id),
                       "from", edu_snap_week(a->from_week), "to",
                       edu_snap_week(a->to_week == STORE_NONE ? STORE_NONE
                                                              : a->to_week - 1),
                       "status", vocab_name(&vocab_activity_status, a->status),
                       "goal_ids", store__ids_json(a->goal_ids, a->ngoals)));
    return 0;
}

static int edu_snap_substitute(const struct substitute *x, void *arg)
{
    json_array_append_new(arg, edu_substitute_json(x));
    return 0;
}

static int edu_snap_need(const struct need_item *it, void *arg)
{
    const struct need *n = &it->need;
    json_t *patterns = json_array();
    for (int p = 0; p < PATTERN_COUNT; p++)
        if (n->patterns & PATTERN_BIT(p))
            json_array_append_new(patterns,
                                  json_string(pattern_name((enum pattern)p)));
    json_array_append_new(
        arg, json_pack("{s:I, s:o, s:o, s:o, s:i, s:o, s:o, s:s}", "id",
                       (json_int_t)n->id, "specialty_id",
                       store__edu_opt_id(n->specialty_id), "unit_ids",
                       store__ids_json(n->unit_ids, n->nunits), "goal_ids",
                       store__ids_json(n->goal_ids, n->ngoals), "weeks",
                       n->weeks, "patterns", patterns, "preferred_start",
                       edu_snap_week(n->preferred_start), "status",
                       vocab_name(&vocab_need_status, n->status)));
    return 0;
}

/* The plan of p's trainee as it stands, as JSON text into *out. */
static int edu_snapshot(struct store *s, const struct edu_plan *p, char **out,
                        struct err_info *ei)
{
    json_t *needs = json_array(), *acts = json_array(), *subs = json_array();
    struct need_filter nf = {.trainee_id = p->trainee_id, .status = -1};
    int rc = store_need_list(s, &nf, -1, 0, edu_snap_need, needs, NULL, ei);
    if (rc == 0)
        rc = store_activity_list(s, p->trainee_id, edu_snap_activity, acts, ei);
    if (rc == 0)
        rc = store_substitute_list(s, p->trainee_id, edu_snap_substitute, subs,
                                   ei);
    json_t *o = json_pack(
        "{s:i, s:s, s:s, s:o, s:o, s:o}", "version", p->version, "track",
        vocab_name(&vocab_edu_track, p->track), "note", p->note, "needs", needs,
        "activities", acts, "substitutes", subs);
    *out = rc ? NULL : json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return rc;
}
