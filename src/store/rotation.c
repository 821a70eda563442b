/* The documentation of a rotation in the store (store/rotation.h). */
#include "store/store_impl.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const rotation_result_names[] = {"met", "partly", "not_yet"};
const struct vocab vocab_rotation_result = {"rotation result",
                                            rotation_result_names, 3};

static json_t *rot_opt_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

/* The booking, for its trainee and status: ERR_NOTFOUND (id) if none. */
static int rot_booking(struct store *s, int64_t id, struct booking *b,
                       struct err_info *ei)
{
    int rc = store_booking_get(s, id, b, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "id", "booking %lld does not exist",
                     (long long)id);
    return rc;
}

/* A rotation to document: requested, confirmed or completed. */
static int rot_documentable(struct store *s, int64_t id, struct booking *b,
                            struct err_info *ei)
{
    int rc = rot_booking(s, id, b, ei);
    if (rc == 0 &&
        (b->status == BOOKING_DECLINED || b->status == BOOKING_CANCELLED))
        rc = err_set(ei, ERR_CONFLICT, "id",
                     "the booking is %s: there is no rotation to document",
                     vocab_name(&vocab_booking_status, b->status));
    return rc;
}

/* A goal that does not exist, named in a body: a bad value (422), not a
 * missing resource. */
static int rot_invalid(struct err_info *ei)
{
    struct err_info was = *ei;
    return err_set(ei, ERR_INVAL, was.field, "%s", was.msg);
}

static int rot_by_check(const struct edu_by *by, struct err_info *ei)
{
    return by && by->name[0]
               ? 0
               : err_set(ei, ERR_INVAL, "by", "the record names who made it");
}

/* ---- kinds of assessment ---- */

int store_assessment_kinds(struct store *s,
                           int (*each)(const struct assessment_kind *, void *),
                           void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, code, name_sv, name_en, active "
                          "FROM assessment_kind ORDER BY active DESC, id",
                          "");
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct assessment_kind k;
        k.id = store__col_int64(st, 0);
        store__column_text(st, 1, k.code, sizeof(k.code));
        store__column_text(st, 2, k.name_sv, sizeof(k.name_sv));
        store__column_text(st, 3, k.name_en, sizeof(k.name_en));
        k.active = store__col_int(st, 4);
        rc = each(&k, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_assessment_kind_insert(struct store *s, struct assessment_kind *k,
                                 struct err_info *ei)
{
    int rc = store__check_text(ei, "code", k->code, 1, sizeof(k->code));
    if (rc == 0)
        rc =
            store__check_text(ei, "name_sv", k->name_sv, 1, sizeof(k->name_sv));
    if (rc == 0)
        rc =
            store__check_text(ei, "name_en", k->name_en, 1, sizeof(k->name_en));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    k->active = 1;
    rc = store__name_failure(
        ei,
        store__exec(s, ei, &k->id,
                    "INSERT INTO assessment_kind (code, name_sv, name_en) "
                    "VALUES (?, ?, ?) RETURNING id",
                    "ttt", k->code, k->name_sv, k->name_en),
        "code", "code");
    if (rc == 0)
        rc = store__audit(s, "assessment_kind", "insert", k->id, NULL,
                          json_pack("{s:s, s:s, s:s}", "code", k->code,
                                    "name_sv", k->name_sv, "name_en",
                                    k->name_en),
                          ei);
    return store__write_end(s, rc);
}

/* The names and state of kind k as an audit row. */
static json_t *rot_kind_json(const struct assessment_kind *k)
{
    return json_pack("{s:s, s:s, s:s, s:b}", "code", k->code, "name_sv",
                     k->name_sv, "name_en", k->name_en, "active", k->active);
}

int store_assessment_kind_update(struct store *s,
                                 const struct assessment_kind *k,
                                 struct err_info *ei)
{
    int rc =
        store__check_text(ei, "name_sv", k->name_sv, 1, sizeof(k->name_sv));
    if (rc == 0)
        rc =
            store__check_text(ei, "name_en", k->name_en, 1, sizeof(k->name_en));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct store_stmt *st = NULL;
    struct assessment_kind was = {0};
    rc = store__query(s, &st, ei,
                      "SELECT code, name_sv, name_en, active "
                      "FROM assessment_kind WHERE id = ?",
                      "l", k->id);
    int step = rc == 0 ? store__step(st) : STORE_DONE;
    if (rc == 0 && step == STORE_ROW) {
        store__column_text(st, 0, was.code, sizeof(was.code));
        store__column_text(st, 1, was.name_sv, sizeof(was.name_sv));
        store__column_text(st, 2, was.name_en, sizeof(was.name_en));
        was.active = store__col_int(st, 3);
    } else if (rc == 0 && step == STORE_DONE) {
        rc = err_set(ei, ERR_NOTFOUND, "id",
                     "assessment kind %lld does not exist", (long long)k->id);
    } else if (rc == 0) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    struct assessment_kind now = was;
    snprintf(now.name_sv, sizeof(now.name_sv), "%s", k->name_sv);
    snprintf(now.name_en, sizeof(now.name_en), "%s", k->name_en);
    now.active = k->active ? 1 : 0;
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE assessment_kind SET name_sv = ?, name_en = ?, "
                         "active = ? WHERE id = ?",
                         "ttil", now.name_sv, now.name_en, now.active, k->id);
    if (rc == 0)
        rc = store__audit(s, "assessment_kind", "update", k->id,
                          rot_kind_json(&was), rot_kind_json(&now), ei);
    return store__write_end(s, rc);
}

/* ---- the introduction ---- */

int store_rotation_intro_get(struct store *s, int64_t booking_id,
                             struct rotation_intro *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->booking_id = booking_id;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT held_on, note FROM rotation_intro "
                          "WHERE booking_id = ?",
                          "l", booking_id);
    if (rc == 0 && store__step(st) == STORE_ROW) {
        store__column_text(st, 0, out->held_on, sizeof(out->held_on));
        store__column_text(st, 1, out->note, sizeof(out->note));
    }
    store__finalize(st);
    return rc;
}

int store_rotation_intro_set(struct store *s, const struct rotation_intro *in,
                             struct err_info *ei)
{
    int rc = store__check_date(ei, "held_on", in->held_on);
    if (rc == 0)
        rc = store__check_text(ei, "note", in->note, 0, sizeof(in->note));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct booking b;
    rc = rot_documentable(s, in->booking_id, &b, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO rotation_intro (booking_id, held_on, "
                         "note) VALUES (?1, ?2, ?3) ON CONFLICT (booking_id) "
                         "DO UPDATE SET held_on = excluded.held_on, "
                         "note = excluded.note",
                         "ltt", in->booking_id, in->held_on, in->note);
    if (rc == 0)
        rc = store__audit(
            s, "rotation_intro", "update", in->booking_id, NULL,
            json_pack("{s:s, s:s}", "held_on", in->held_on, "note", in->note),
            ei);
    return store__write_end(s, rc);
}

/* ---- supervision meetings ---- */

static json_t *rot_meeting_json(const struct supervision_meeting *m)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "booking_id",
                     (json_int_t)m->booking_id, "held_on", m->held_on, "by",
                     m->by.name, "notes", m->notes, "actions", m->actions);
}

int store_meeting_insert(struct store *s, struct supervision_meeting *m,
                         struct err_info *ei)
{
    int rc = store__check_date(ei, "held_on", m->held_on);
    if (rc == 0)
        rc = store__check_text(ei, "notes", m->notes, 0, sizeof(m->notes));
    if (rc == 0)
        rc =
            store__check_text(ei, "actions", m->actions, 0, sizeof(m->actions));
    if (rc == 0)
        rc = rot_by_check(&m->by, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct booking b;
    rc = rot_documentable(s, m->booking_id, &b, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &m->id,
                         "INSERT INTO supervision_meeting (booking_id, "
                         "held_on, by_user, by_name, notes, actions) "
                         "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         "ltdttt", m->booking_id, m->held_on, m->by.user_id,
                         m->by.name, m->notes, m->actions);
    if (rc == 0)
        rc = store__audit(s, "supervision_meeting", "insert", m->id, NULL,
                          rot_meeting_json(m), ei);
    return store__write_end(s, rc);
}

static void rot_meeting_read(struct store_stmt *st,
                             struct supervision_meeting *m)
{
    memset(m, 0, sizeof(*m));
    m->id = store__col_int64(st, 0);
    m->booking_id = store__col_int64(st, 1);
    store__column_text(st, 2, m->held_on, sizeof(m->held_on));
    m->by.user_id = store__column_id(st, 3);
    store__column_text(st, 4, m->by.name, sizeof(m->by.name));
    store__column_text(st, 5, m->notes, sizeof(m->notes));
    store__column_text(st, 6, m->actions, sizeof(m->actions));
}

#define ROT_MEETING_COLUMNS                                                    \
    "SELECT id, booking_id, held_on, by_user, by_name, notes, actions "        \
    "FROM supervision_meeting "

int store_meeting_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct store_stmt *st = NULL;
    struct supervision_meeting m;
    rc = store__query(s, &st, ei, ROT_MEETING_COLUMNS "WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "meeting", id)) == 0)
        rot_meeting_read(st, &m);
    store__finalize(st);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM supervision_meeting WHERE id = ?", "l",
                         id);
    if (rc == 0)
        rc = store__audit(s, "supervision_meeting", "delete", id,
                          rot_meeting_json(&m), NULL, ei);
    return store__write_end(s, rc);
}

int store_meeting_list(struct store *s, int64_t booking_id,
                       int (*each)(const struct supervision_meeting *, void *),
                       void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          ROT_MEETING_COLUMNS
                          "WHERE booking_id = ? ORDER BY held_on, id",
                          "l", booking_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct supervision_meeting m;
        rot_meeting_read(st, &m);
        rc = each(&m, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- assessments ---- */

static json_t *rot_assessment_json(const struct assessment *a)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "booking_id",
                     (json_int_t)a->booking_id, "kind_id",
                     (json_int_t)a->kind_id, "held_on", a->held_on, "by",
                     a->by.name, "note", a->note, "goal_ids",
                     store__ids_json(a->goal_ids, a->ngoals));
}

int store_assessment_insert(struct store *s, struct assessment *a,
                            struct err_info *ei)
{
    int rc = store__check_date(ei, "held_on", a->held_on);
    if (rc == 0)
        rc = store__check_text(ei, "note", a->note, 0, sizeof(a->note));
    if (rc == 0)
        rc = store__check_range(ei, "goal_ids", a->ngoals, 0, STORE_LIST_MAX);
    if (rc == 0)
        rc = rot_by_check(&a->by, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct booking b;
    rc = rot_documentable(s, a->booking_id, &b, ei);
    int64_t active = 0;
    if (rc == 0)
        rc = store__count(s, ei, &active,
                          "SELECT count(*) FROM assessment_kind "
                          "WHERE id = ? AND active = 1",
                          "l", a->kind_id);
    if (rc == 0 && !active)
        rc = err_set(ei, ERR_INVAL, "kind_id",
                     "kind_id: no assessment kind in use has id %lld",
                     (long long)a->kind_id);
    if (rc == 0)
        rc = store_edu_goals_check(s, b.trainee_id, a->goal_ids, a->ngoals,
                                   "goal_ids", ei);
    if (rc == ERR_NOTFOUND && strcmp(ei->field, "goal_ids") == 0)
        rc = rot_invalid(ei);
    if (rc == 0)
        rc = store__exec(s, ei, &a->id,
                         "INSERT INTO assessment (booking_id, kind_id, "
                         "held_on, by_user, by_name, note) "
                         "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         "lltdtt", a->booking_id, a->kind_id, a->held_on,
                         a->by.user_id, a->by.name, a->note);
    if (rc == 0)
        rc = store__insert_links(s, ei,
                                 "INSERT INTO assessment_goal (assessment_id, "
                                 "goal_id) VALUES (?, ?)",
                                 a->id, a->goal_ids, a->ngoals);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_INVAL, "goal_ids",
                     "goal_ids: a goal is listed twice");
    if (rc == 0)
        rc = store__audit(s, "assessment", "insert", a->id, NULL,
                          rot_assessment_json(a), ei);
    return store__write_end(s, rc);
}

static void rot_assessment_read(struct store_stmt *st, struct assessment *a)
{
    memset(a, 0, sizeof(*a));
    a->id = store__col_int64(st, 0);
    a->booking_id = store__col_int64(st, 1);
    a->kind_id = store__col_int64(st, 2);
    store__column_text(st, 3, a->held_on, sizeof(a->held_on));
    a->by.user_id = store__column_id(st, 4);
    store__column_text(st, 5, a->by.name, sizeof(a->by.name));
    store__column_text(st, 6, a->note, sizeof(a->note));
}

#define ROT_ASSESSMENT_COLUMNS                                                 \
    "SELECT id, booking_id, kind_id, held_on, by_user, by_name, note "         \
    "FROM assessment "

int store_assessment_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct store_stmt *st = NULL;
    struct assessment a;
    rc = store__query(s, &st, ei, ROT_ASSESSMENT_COLUMNS "WHERE id = ?", "l",
                      id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "assessment", id)) == 0)
        rot_assessment_read(st, &a);
    store__finalize(st);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM assessment WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__audit(s, "assessment", "delete", id,
                          rot_assessment_json(&a), NULL, ei);
    return store__write_end(s, rc);
}

int store_assessment_list(struct store *s, int64_t booking_id,
                          int (*each)(const struct assessment *, void *),
                          void *arg, struct err_info *ei)
{
    struct assessment *all = NULL;
    size_t n = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          ROT_ASSESSMENT_COLUMNS
                          "WHERE booking_id = ? ORDER BY held_on, id",
                          "l", booking_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        all = realloc(all, (n + 1) * sizeof(*all));
        if (!all)
            abort();
        rot_assessment_read(st, &all[n++]);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM assessment_goal WHERE "
                                 "assessment_id = ? ORDER BY goal_id",
                                 all[i].id, all[i].goal_ids, &all[i].ngoals);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = each(&all[i], arg);
    free(all);
    return rc;
}

/* ---- the handledare's assessment of each goal ---- */

/* What result does to the goal's state on the checklist (status now). */
static const char *rot_goal_after(enum rotation_result_kind result,
                                  const char *status)
{
    if (strcmp(status, "met") == 0 || strcmp(status, "certified") == 0)
        return NULL; /* stays */
    if (result == RESULT_MET)
        return "met";
    return strcmp(status, "in_progress") == 0 ? NULL : "in_progress";
}

int store_rotation_result_set(struct store *s, struct rotation_result *r,
                              struct err_info *ei)
{
    int rc =
        store__check_vocab(ei, "result", &vocab_rotation_result, r->result);
    if (rc == 0)
        rc =
            store__check_text(ei, "comment", r->comment, 0, sizeof(r->comment));
    if (rc == 0)
        rc = rot_by_check(&r->by, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct booking b;
    rc = rot_documentable(s, r->booking_id, &b, ei);
    if (rc == 0)
        rc = store_edu_goals_check(s, b.trainee_id, &r->goal_id, 1, "goal_id",
                                   ei);
    if (rc == ERR_NOTFOUND && strcmp(ei->field, "goal_id") == 0)
        rc = rot_invalid(ei);
    store__timestamp(s, r->at);
    if (rc == 0)
        rc = store__exec(
            s, ei, NULL,
            "INSERT INTO rotation_result (booking_id, goal_id, result, "
            "comment, by_user, by_name, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
            "?7) ON CONFLICT (booking_id, goal_id) DO UPDATE SET "
            "result = excluded.result, comment = excluded.comment, "
            "by_user = excluded.by_user, by_name = excluded.by_name, "
            "at = excluded.at",
            "llttdtt", r->booking_id, r->goal_id,
            vocab_name(&vocab_rotation_result, r->result), r->comment,
            r->by.user_id, r->by.name, r->at);
    if (rc == 0)
        rc = store__audit(
            s, "rotation_result", "update", r->booking_id, NULL,
            json_pack("{s:I, s:s, s:s, s:s}", "goal_id", (json_int_t)r->goal_id,
                      "result", vocab_name(&vocab_rotation_result, r->result),
                      "comment", r->comment, "by", r->by.name),
            ei);
    /* The checklist moves on with it. */
    char status[16] = "planned", note[STORE_GOAL_NOTE_MAX] = "";
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT status, note FROM plan_goal "
                          "WHERE trainee_id = ? AND goal_id = ?",
                          "ll", b.trainee_id, r->goal_id);
    if (rc == 0 && store__step(st) == STORE_ROW) {
        store__column_text(st, 0, status, sizeof(status));
        store__column_text(st, 1, note, sizeof(note));
    }
    store__finalize(st);
    const char *after = rc == 0 ? rot_goal_after(r->result, status) : NULL;
    int v = 0;
    if (after && vocab_parse(&vocab_goal_status, after, &v) == 0)
        rc = store_edu_goal_set(s, b.trainee_id, r->goal_id,
                                (enum goal_status)v, note, &r->by, ei);
    return store__write_end(s, rc);
}

int store_rotation_results(struct store *s, int64_t booking_id,
                           int (*each)(const struct rotation_result *, void *),
                           void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT booking_id, goal_id, result, comment, "
                          "by_user, by_name, at FROM rotation_result "
                          "WHERE booking_id = ? ORDER BY goal_id",
                          "l", booking_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct rotation_result r;
        int v = 0;
        memset(&r, 0, sizeof(r));
        r.booking_id = store__col_int64(st, 0);
        r.goal_id = store__col_int64(st, 1);
        vocab_parse(&vocab_rotation_result, store__col_text(st, 2), &v);
        r.result = (enum rotation_result_kind)v;
        store__column_text(st, 3, r.comment, sizeof(r.comment));
        r.by.user_id = store__column_id(st, 4);
        store__column_text(st, 5, r.by.name, sizeof(r.by.name));
        store__column_text(st, 6, r.at, sizeof(r.at));
        rc = each(&r, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- feedback ---- */

/* The region's form until it writes one of its own. */
static const char rot_default_form[] =
    "[{\"id\":\"intro\",\"type\":\"scale\",\"text_sv\":\"Introduktionen på "
    "enheten\",\"text_en\":\"The introduction at the unit\"},"
    "{\"id\":\"supervision\",\"type\":\"scale\",\"text_sv\":\"Handledningen\","
    "\"text_en\":\"The supervision\"},"
    "{\"id\":\"goals\",\"type\":\"scale\",\"text_sv\":\"Möjligheten att nå "
    "placeringens delmål\",\"text_en\":\"The chance to reach the rotation's "
    "goals\"},"
    "{\"id\":\"climate\",\"type\":\"scale\",\"text_sv\":\"Arbetsmiljö och "
    "bemötande\",\"text_en\":\"Working environment and welcome\"},"
    "{\"id\":\"best\",\"type\":\"text\",\"text_sv\":\"Vad var bäst?\","
    "\"text_en\":\"What was best?\"},"
    "{\"id\":\"better\",\"type\":\"text\",\"text_sv\":\"Vad kan bli bättre?\","
    "\"text_en\":\"What could be better?\"}]";

int store_feedback_form_get(struct store *s, int64_t region_id,
                            struct feedback_form *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->region_id = region_id;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, version, questions, created_at "
                          "FROM feedback_form WHERE region_id = ? "
                          "ORDER BY version DESC LIMIT 1",
                          "l", region_id);
    if (rc == 0 && store__step(st) == STORE_ROW) {
        out->id = store__col_int64(st, 0);
        out->version = store__col_int(st, 1);
        store__column_text(st, 2, out->questions, sizeof(out->questions));
        store__column_text(st, 3, out->created_at, sizeof(out->created_at));
    }
    store__finalize(st);
    if (rc == 0 && out->id == 0)
        snprintf(out->questions, sizeof(out->questions), "%s",
                 rot_default_form);
    return rc;
}

int store_feedback_form_set(struct store *s, struct feedback_form *f,
                            struct err_info *ei)
{
    int rc = store__check_text(ei, "questions", f->questions, 2,
                               sizeof(f->questions));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct feedback_form now;
    rc = store_feedback_form_get(s, f->region_id, &now, ei);
    f->version = now.version + 1;
    store__timestamp(s, f->created_at);
    if (rc == 0)
        rc = store__name_failure(
            ei,
            store__exec(s, ei, &f->id,
                        "INSERT INTO feedback_form (region_id, version, "
                        "questions, created_at) VALUES (?, ?, ?, ?) "
                        "RETURNING id",
                        "litt", f->region_id, f->version, f->questions,
                        f->created_at),
            "version", "region_id");
    if (rc == 0)
        rc = store__audit(s, "feedback_form", "insert", f->id, NULL,
                          json_pack("{s:I, s:i}", "region_id",
                                    (json_int_t)f->region_id, "version",
                                    f->version),
                          ei);
    return store__write_end(s, rc);
}

int store_feedback_get(struct store *s, int64_t booking_id,
                       struct feedback *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->booking_id = booking_id;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT form_id, answers, submitted_at "
                          "FROM feedback WHERE booking_id = ?",
                          "l", booking_id);
    if (rc == 0 && store__step(st) == STORE_ROW) {
        out->form_id = store__col_int64(st, 0);
        store__column_text(st, 1, out->answers, sizeof(out->answers));
        store__column_text(st, 2, out->submitted_at, sizeof(out->submitted_at));
    }
    store__finalize(st);
    return rc;
}

int store_feedback_submit(struct store *s, struct feedback *f,
                          struct err_info *ei)
{
    int rc =
        store__check_text(ei, "answers", f->answers, 2, sizeof(f->answers));
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct booking b;
    rc = rot_documentable(s, f->booking_id, &b, ei);
    store__timestamp(s, f->submitted_at);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO feedback (booking_id, form_id, answers, "
                         "submitted_at) VALUES (?, ?, ?, ?)",
                         "lltt", f->booking_id, f->form_id, f->answers,
                         f->submitted_at);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_CONFLICT, "id",
                     "the feedback on this rotation was given already");
    else if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_INVAL, "form_id", "form_id: no such form");
    if (rc == 0)
        rc = store__audit(s, "feedback", "insert", f->booking_id, NULL,
                          json_pack("{s:I, s:o}", "form_id",
                                    (json_int_t)f->form_id, "unit_id",
                                    rot_opt_id(b.unit_id)),
                          ei);
    return store__write_end(s, rc);
}

int store_feedback_list(struct store *s, int64_t unit_id,
                        int (*each)(const struct feedback_item *, void *),
                        void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT f.booking_id, f.form_id, f.answers, f.submitted_at, u.id, "
        "u.name, b.start_week, b.end_week, ff.version FROM feedback f "
        "JOIN booking b ON b.id = f.booking_id "
        "JOIN unit u ON u.id = b.unit_id "
        "JOIN feedback_form ff ON ff.id = f.form_id "
        "WHERE (?1 IS NULL OR u.id = ?1) "
        "AND randa_sees(NULL, NULL, NULL, u.id, u.region_id) "
        "ORDER BY f.submitted_at DESC, f.booking_id DESC",
        "d", unit_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct feedback_item *it = calloc(1, sizeof(*it));
        if (!it)
            abort();
        it->feedback.booking_id = store__col_int64(st, 0);
        it->feedback.form_id = store__col_int64(st, 1);
        store__column_text(st, 2, it->feedback.answers,
                           sizeof(it->feedback.answers));
        store__column_text(st, 3, it->feedback.submitted_at,
                           sizeof(it->feedback.submitted_at));
        it->unit_id = store__col_int64(st, 4);
        store__column_text(st, 5, it->unit_name, sizeof(it->unit_name));
        it->start_week = store__col_int(st, 6);
        it->end_week = store__col_int(st, 7);
        it->form_version = store__col_int(st, 8);
        rc = each(it, arg);
        free(it);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- gaps ---- */

int store_rotation_gaps(struct store *s, int before,
                        int (*each)(const struct rotation_gap *, void *),
                        void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT b.id, b.trainee_id, pe.name, b.unit_id, u.name, b.end_week, "
        "CASE WHEN EXISTS (SELECT 1 FROM feedback f "
        " WHERE f.booking_id = b.id) THEN 0 ELSE 1 END, "
        "CASE WHEN EXISTS (SELECT 1 FROM rotation_result r "
        " WHERE r.booking_id = b.id) THEN 0 ELSE 1 END "
        "FROM booking b JOIN trainee t ON t.id = b.trainee_id "
        "JOIN person pe ON pe.id = t.person_id "
        "JOIN unit u ON u.id = b.unit_id "
        "JOIN unit hu ON hu.id = t.home_unit_id "
        "WHERE b.status IN ('confirmed', 'completed') AND b.end_week <= ?1 "
        "AND (NOT EXISTS (SELECT 1 FROM feedback f WHERE f.booking_id = b.id) "
        " OR NOT EXISTS (SELECT 1 FROM rotation_result r "
        " WHERE r.booking_id = b.id)) "
        "AND randa_sees(t.id, t.home_unit_id, hu.region_id, u.id, "
        "u.region_id) ORDER BY b.end_week, b.id",
        "i", before);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct rotation_gap g;
        memset(&g, 0, sizeof(g));
        g.booking_id = store__col_int64(st, 0);
        g.trainee_id = store__col_int64(st, 1);
        store__column_text(st, 2, g.trainee_name, sizeof(g.trainee_name));
        g.unit_id = store__col_int64(st, 3);
        store__column_text(st, 4, g.unit_name, sizeof(g.unit_name));
        g.end_week = store__col_int(st, 5);
        g.feedback = store__col_int(st, 6);
        g.assessment = store__col_int(st, 7);
        rc = each(&g, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}
