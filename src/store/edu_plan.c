/* The education plan's checklist and its versions in the store (edu.h):
 * the goals a trainee has reached, the plan's version and status, and
 * the next draft that a change of the plan's needs, activities or
 * substitutes starts (store__edu_plan_touch()). The needs themselves
 * (people.c) and the approval's snapshot of them (edu.c) stand above it. */
#include "domain/edu.h"
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const edu_approver_names[] = {"unit_head", "supervisor",
                                                 "director"};
const struct vocab vocab_edu_approver = {"approver role", edu_approver_names,
                                         EDU_APPROVER_COUNT};

/* ERR_NOTFOUND (field) unless trainee_id exists. */
int store__edu_trainee_exists(struct store *s, int64_t trainee_id,
                              const char *field, struct err_info *ei)
{
    int64_t n = 0;
    int rc =
        store__count(s, ei, &n, "SELECT count(*) FROM trainee WHERE id = ?",
                     "l", trainee_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, field, "%s: no trainee has id %lld",
                     field, (long long)trainee_id);
    return rc;
}

json_t *store__edu_opt_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

/* ---- the checklist ---- */

/*
 * The goals on trainee ?1's checklist, by group and code (STc2 before
 * STc10), with their states: columns as store_goal_read() reads them,
 * then status, certified_by, certified_name, certified_at, note,
 * updated_at.
 */
#define EDU_CHECKLIST                                                          \
    "SELECT g.id, g.regulation, g.specialty_id, g.code, g.title, g.grp, "      \
    "g.confidence, x.status, x.certified_by, x.certified_name, "               \
    "x.certified_at, x.note, x.updated_at "                                    \
    "FROM trainee t JOIN goal g ON g.regulation = t.regulation "               \
    "AND (g.specialty_id = t.specialty_id OR (g.specialty_id IS NULL "         \
    "AND (g.grp <> 'b' OR g.id IN (SELECT goal_id FROM specialty_goal "        \
    "WHERE specialty_id = t.specialty_id)))) "                                 \
    "LEFT JOIN plan_goal x ON x.trainee_id = t.id AND x.goal_id = g.id "       \
    "WHERE t.id = ?1 "                                                         \
    "ORDER BY CASE g.grp WHEN 'bt' THEN 0 WHEN 'a' THEN 1 WHEN 'b' THEN 2 "    \
    "ELSE 3 END, length(g.code), g.code"

static void edu_goal_read(struct store_stmt *st, struct edu_goal *out)
{
    int v = 0;
    memset(out, 0, sizeof(*out));
    out->goal.id = store__col_int64(st, 0);
    vocab_parse(&vocab_regulation, store__col_text(st, 1), &v);
    out->goal.regulation = (enum regulation)v;
    out->goal.specialty_id = store__column_id(st, 2);
    store__column_text(st, 3, out->goal.code, sizeof(out->goal.code));
    store__column_text(st, 4, out->goal.title, sizeof(out->goal.title));
    v = 0;
    vocab_parse(&vocab_goal_group, store__col_text(st, 5), &v);
    out->goal.group = (enum goal_group)v;
    v = 0;
    vocab_parse(&vocab_confidence, store__col_text(st, 6), &v);
    out->goal.confidence = (enum confidence)v;
    v = GOAL_PLANNED;
    if (!store__col_null(st, 7))
        vocab_parse(&vocab_goal_status, store__col_text(st, 7), &v);
    out->status = (enum goal_status)v;
    out->certified_by.user_id = store__column_id(st, 8);
    store__column_text(st, 9, out->certified_by.name,
                       sizeof(out->certified_by.name));
    store__column_text(st, 10, out->certified_at, sizeof(out->certified_at));
    store__column_text(st, 11, out->note, sizeof(out->note));
    store__column_text(st, 12, out->updated_at, sizeof(out->updated_at));
}

int store_edu_goals(struct store *s, int64_t trainee_id,
                    int (*each)(const struct edu_goal *, void *), void *arg,
                    struct err_info *ei)
{
    int rc = store__edu_trainee_exists(s, trainee_id, "id", ei);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei, EDU_CHECKLIST, "l", trainee_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct edu_goal g;
        edu_goal_read(st, &g);
        rc = each(&g, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_edu_goals_check(struct store *s, int64_t trainee_id,
                          const int64_t *ids, int n, const char *field,
                          struct err_info *ei)
{
    int rc = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        struct store_stmt *st = NULL;
        rc = store__query(
            s, &st, ei,
            "SELECT g.code, g.regulation, t.regulation, "
            "CASE WHEN g.specialty_id = t.specialty_id OR (g.specialty_id IS "
            "NULL AND (g.grp <> 'b' OR g.id IN (SELECT goal_id FROM "
            "specialty_goal WHERE specialty_id = t.specialty_id))) THEN 1 "
            "ELSE 0 END, g.grp "
            "FROM goal g, trainee t WHERE g.id = ?1 AND t.id = ?2",
            "ll", ids[i], trainee_id);
        int step = rc ? STORE_DONE : store__step(st);
        if (rc) {
        } else if (step == STORE_DONE) {
            rc = err_set(ei, ERR_NOTFOUND, field, "%s: no goal has id %lld",
                         field, (long long)ids[i]);
        } else if (step != STORE_ROW) {
            rc = store__db_error(s, ei);
        } else {
            int greg = 0, treg = 0;
            const char *code = store__col_text(st, 0);
            vocab_parse(&vocab_regulation, store__col_text(st, 1), &greg);
            vocab_parse(&vocab_regulation, store__col_text(st, 2), &treg);
            if (greg != treg)
                rc = err_set(ei, ERR_INVAL, field,
                             "%s: %s is a goal of %s; the trainee follows %s",
                             field, code, regulation_title(greg),
                             regulation_title(treg));
            else if (!store__col_int(st, 3))
                rc = err_set(
                    ei, ERR_INVAL, field, "%s: %s is %s", field, code,
                    strcmp(store__col_text(st, 4), "b") == 0
                        ? "not one of the b goals of the trainee's specialty"
                        : "a goal of another specialty");
        }
        store__finalize(st);
    }
    return rc;
}

static json_t *edu_goal_json(int64_t trainee_id, int64_t goal_id,
                             const char *status, const char *note)
{
    return json_pack("{s:I, s:I, s:s, s:s}", "trainee_id",
                     (json_int_t)trainee_id, "goal_id", (json_int_t)goal_id,
                     "status", status, "note", note);
}

int store_edu_goal_set(struct store *s, int64_t trainee_id, int64_t goal_id,
                       enum goal_status status, const char *note,
                       const struct edu_by *by, struct err_info *ei)
{
    int rc = store__check_vocab(ei, "status", &vocab_goal_status, status);
    if (rc == 0)
        rc = store__check_text(ei, "note", note, 0, STORE_GOAL_NOTE_MAX);
    if (rc == 0 && status == GOAL_CERTIFIED && (!by || !by->name[0]))
        rc = err_set(ei, ERR_INVAL, "status",
                     "status: a certified goal names who certified it");
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__edu_trainee_exists(s, trainee_id, "id", ei);
    if (rc == 0)
        rc = store_edu_goals_check(s, trainee_id, &goal_id, 1, "goal_id", ei);
    char before[16] = "planned", before_note[STORE_GOAL_NOTE_MAX] = "";
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT status, note FROM plan_goal "
                          "WHERE trainee_id = ? AND goal_id = ?",
                          "ll", trainee_id, goal_id);
    if (rc == 0 && store__step(st) == STORE_ROW) {
        store__column_text(st, 0, before, sizeof(before));
        store__column_text(st, 1, before_note, sizeof(before_note));
    }
    store__finalize(st);
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    int cert = status == GOAL_CERTIFIED;
    if (rc == 0)
        rc = store__exec(
            s, ei, NULL,
            "INSERT INTO plan_goal (trainee_id, goal_id, status, "
            "certified_by, certified_name, certified_at, note, updated_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
            "ON CONFLICT (trainee_id, goal_id) DO UPDATE SET "
            "status = excluded.status, certified_by = excluded.certified_by, "
            "certified_name = excluded.certified_name, "
            "certified_at = excluded.certified_at, note = excluded.note, "
            "updated_at = excluded.updated_at",
            "lltdTTtt", trainee_id, goal_id,
            vocab_name(&vocab_goal_status, status),
            cert ? by->user_id : (int64_t)0, cert ? by->name : NULL,
            cert ? now : NULL, note, now);
    if (rc == 0)
        rc = store__audit(
            s, "plan_goal", "update", trainee_id,
            edu_goal_json(trainee_id, goal_id, before, before_note),
            edu_goal_json(trainee_id, goal_id,
                          vocab_name(&vocab_goal_status, status), note),
            ei);
    return store__write_end(s, rc);
}

/* ---- versions ---- */

static void edu_plan_read(struct store_stmt *st, struct edu_plan *out)
{
    int v = 0;
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->trainee_id = store__col_int64(st, 1);
    out->version = store__col_int(st, 2);
    vocab_parse(&vocab_edu_status, store__col_text(st, 3), &v);
    out->status = (enum edu_status)v;
    v = 0;
    vocab_parse(&vocab_edu_track, store__col_text(st, 4), &v);
    out->track = (enum edu_track)v;
    store__column_text(st, 5, out->note, sizeof(out->note));
    store__column_text(st, 6, out->created_at, sizeof(out->created_at));
    store__column_text(st, 7, out->approved_at, sizeof(out->approved_at));
}

#define EDU_PLAN_COLUMNS                                                       \
    "id, trainee_id, version, status, track, note, created_at, "               \
    "approved_at, content FROM edu_plan "

/* Reads the approvals of plan p->id into p. */
static int edu_approvals_read(struct store *s, struct edu_plan *p,
                              struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT role, user_id, name, at FROM plan_approval "
                          "WHERE plan_id = ?",
                          "l", p->id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        int role = 0;
        if (vocab_parse(&vocab_edu_approver, store__col_text(st, 0), &role))
            continue;
        struct edu_approval *a = &p->approvals[role];
        a->given = 1;
        a->by.user_id = store__column_id(st, 1);
        store__column_text(st, 2, a->by.name, sizeof(a->by.name));
        store__column_text(st, 3, a->at, sizeof(a->at));
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_edu_plan_get(struct store *s, int64_t trainee_id,
                       struct edu_plan *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->trainee_id = trainee_id;
    int rc = store__edu_trainee_exists(s, trainee_id, "id", ei);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT " EDU_PLAN_COLUMNS "WHERE trainee_id = ? "
                          "ORDER BY version DESC LIMIT 1",
                          "l", trainee_id);
    int step = rc ? STORE_DONE : store__step(st);
    if (rc == 0 && step == STORE_ROW)
        edu_plan_read(st, out);
    else if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    if (rc == 0 && out->id)
        rc = edu_approvals_read(s, out, ei);
    return rc;
}

int store_edu_plan_versions(struct store *s, int64_t trainee_id,
                            int (*each)(const struct edu_plan *, void *),
                            void *arg, struct err_info *ei)
{
    int rc = store__edu_trainee_exists(s, trainee_id, "id", ei);
    /* Read whole first: the approvals are read with the same connection. */
    struct edu_plan *plans = NULL;
    size_t n = 0;
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT " EDU_PLAN_COLUMNS "WHERE trainee_id = ? "
                          "ORDER BY version DESC",
                          "l", trainee_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        plans = realloc(plans, (n + 1) * sizeof(*plans));
        if (!plans)
            abort();
        edu_plan_read(st, &plans[n]);
        const char *c = store__col_text(st, 8);
        plans[n].content = c ? strdup(c) : NULL;
        n++;
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = edu_approvals_read(s, &plans[i], ei);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = each(&plans[i], arg);
    for (size_t i = 0; i < n; i++)
        free(plans[i].content);
    free(plans);
    return rc;
}

json_t *store__edu_plan_json(const struct edu_plan *p)
{
    return json_pack("{s:I, s:I, s:i, s:s, s:s, s:s}", "id", (json_int_t)p->id,
                     "trainee_id", (json_int_t)p->trainee_id, "version",
                     p->version, "status",
                     vocab_name(&vocab_edu_status, p->status), "track",
                     vocab_name(&vocab_edu_track, p->track), "note", p->note);
}

/* Starts version of trainee_id's plan as a draft with track and note. */
static int edu_plan_start(struct store *s, int64_t trainee_id, int version,
                          enum edu_track track, const char *note,
                          struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    struct edu_plan p = {0};
    p.trainee_id = trainee_id;
    p.version = version;
    p.status = EDU_DRAFT;
    p.track = track;
    snprintf(p.note, sizeof(p.note), "%s", note);
    int rc = store__exec(s, ei, &p.id,
                         "INSERT INTO edu_plan (trainee_id, version, status, "
                         "track, note, created_at) "
                         "VALUES (?, ?, 'draft', ?, ?, ?) RETURNING id",
                         "littt", trainee_id, version,
                         vocab_name(&vocab_edu_track, track), note, now);
    if (rc == 0)
        rc = store__audit(s, "edu_plan", "insert", p.id, NULL,
                          store__edu_plan_json(&p), ei);
    return rc;
}

int store__edu_plan_touch(struct store *s, int64_t trainee_id,
                          struct err_info *ei)
{
    struct edu_plan p;
    int rc = store_edu_plan_get(s, trainee_id, &p, ei);
    if (rc)
        return rc;
    if (p.id == 0)
        return edu_plan_start(s, trainee_id, 1, EDU_TRACK_NONE, "", ei);
    if (p.status != EDU_DRAFT)
        return edu_plan_start(s, trainee_id, p.version + 1, p.track, p.note,
                              ei);
    for (int r = 0; rc == 0 && r < EDU_APPROVER_COUNT; r++)
        if (p.approvals[r].given)
            rc = store__audit(s, "plan_approval", "delete", p.id,
                              json_pack("{s:i, s:s, s:s}", "version", p.version,
                                        "role", edu_approver_names[r], "name",
                                        p.approvals[r].by.name),
                              NULL, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM plan_approval WHERE plan_id = ?", "l",
                         p.id);
    return rc;
}

int store_edu_plan_set(struct store *s, int64_t trainee_id,
                       enum edu_track track, const char *note,
                       struct err_info *ei)
{
    int rc = store__check_vocab(ei, "track", &vocab_edu_track, track);
    if (rc == 0)
        rc = store__check_text(ei, "note", note, 0, STORE_PLAN_NOTE_MAX);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct edu_plan before, after;
    rc = store_edu_plan_get(s, trainee_id, &before, ei);
    if (rc == 0 && before.id && before.track == track &&
        strcmp(before.note, note) == 0)
        return store__write_end(s, 0); /* nothing changes */
    if (rc == 0)
        rc = store__edu_plan_touch(s, trainee_id, ei);
    if (rc == 0)
        rc = store_edu_plan_get(s, trainee_id, &after, ei);
    if (rc == 0) {
        after.track = track;
        snprintf(after.note, sizeof(after.note), "%s", note);
        rc = store__exec(s, ei, NULL,
                         "UPDATE edu_plan SET track = ?, note = ? "
                         "WHERE id = ?",
                         "ttl", vocab_name(&vocab_edu_track, track), note,
                         after.id);
    }
    if (rc == 0)
        rc = store__audit(s, "edu_plan", "update", after.id,
                          before.id == after.id ? store__edu_plan_json(&before)
                                                : NULL,
                          store__edu_plan_json(&after), ei);
    return store__write_end(s, rc);
}
