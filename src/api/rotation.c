/*
 * The documentation of a rotation over HTTP (issue 13): before it, the
 * goals set for it from the plan, its handledare and introduction; during
 * it, supervision meetings and assessments; after it, the handledare's
 * assessment of each goal (which moves the checklist on) and the trainee's
 * feedback on the receiving unit, on the form the region keeps. What is
 * missing two weeks after the end shows on the Att göra list (edu.c).
 */
#include "api/api_impl.h"

#include "domain/week.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Days after a rotation's end before a missing record is overdue. */
#define ROTATION_GRACE_DAYS 14

/* The last day of a rotation ending before week end (exclusive). */
static struct date rotation_last_day(int end)
{
    return date_from_days(date_to_days(week_monday(end)) - 3);
}

/* ---- the feedback form ---- */

/*
 * Checks questions (a form): an array of 1..30 objects with a unique id
 * (1..32 characters), a type "scale" (1 to 5) or "text", and its Swedish
 * and English text. 0, or ERR_INVAL naming field.
 */
static int rotation_form_check(json_t *q, const char *field,
                               struct err_info *ei)
{
    if (!json_is_array(q) || json_array_size(q) < 1 || json_array_size(q) > 30)
        return err_set(ei, ERR_INVAL, field,
                       "%s: a form is a list of 1 to 30 questions", field);
    size_t i, j;
    json_t *a, *b;
    json_array_foreach(q, i, a)
    {
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *type = json_string_value(json_object_get(a, "type"));
        const char *sv = json_string_value(json_object_get(a, "text_sv"));
        const char *en = json_string_value(json_object_get(a, "text_en"));
        if (!json_is_object(a) || json_object_size(a) != 4 || !id || !type ||
            !sv || !en || strlen(id) < 1 || strlen(id) > 32 || !*sv || !*en ||
            strlen(sv) > 300 || strlen(en) > 300 ||
            (strcmp(type, "scale") != 0 && strcmp(type, "text") != 0))
            return err_set(ei, ERR_INVAL, field,
                           "%s: question %zu must have exactly an id (1 to "
                           "32 characters), a type (scale or text), text_sv "
                           "and text_en (1 to 300 characters)",
                           field, i + 1);
        json_array_foreach(q, j, b)
        {
            if (j < i &&
                strcmp(json_string_value(json_object_get(b, "id")), id) == 0)
                return err_set(ei, ERR_INVAL, field,
                               "%s: question id %s is used twice", field, id);
        }
    }
    return 0;
}

/*
 * Checks answers against the form's questions: every scale question
 * answered 1 to 5, a text one with at most 2000 characters (may be left
 * out), nothing else. 0, or ERR_INVAL naming the field "answers.ID".
 */
static int rotation_answers_check(json_t *questions, json_t *answers,
                                  struct err_info *ei)
{
    if (!json_is_object(answers))
        return err_set(ei, ERR_INVAL, "answers",
                       "answers: an object of question id to answer");
    const char *key;
    json_t *v;
    json_object_foreach(answers, key, v)
    {
        size_t i;
        json_t *q;
        int known = 0;
        json_array_foreach(questions, i, q)
        {
            known |=
                strcmp(json_string_value(json_object_get(q, "id")), key) == 0;
        }
        if (!known)
            return err_set(ei, ERR_INVAL, "answers",
                           "answers.%s: the form has no such question", key);
    }
    size_t i;
    json_t *q;
    json_array_foreach(questions, i, q)
    {
        const char *id = json_string_value(json_object_get(q, "id"));
        const char *type = json_string_value(json_object_get(q, "type"));
        json_t *a = json_object_get(answers, id);
        if (strcmp(type, "scale") == 0 &&
            (!json_is_integer(a) || json_integer_value(a) < 1 ||
             json_integer_value(a) > 5))
            return err_set(ei, ERR_INVAL, "answers",
                           "answers.%s: must be a whole number 1 to 5", id);
        if (strcmp(type, "text") == 0 && a &&
            (!json_is_string(a) || strlen(json_string_value(a)) > 2000))
            return err_set(ei, ERR_INVAL, "answers",
                           "answers.%s: must be text of at most 2000 "
                           "characters",
                           id);
    }
    return 0;
}

/* The region's form into f; its questions parsed into *q (decref it). */
static int rotation_form(struct api_call *call, int64_t region_id,
                         struct feedback_form *f, json_t **q,
                         struct err_info *ei)
{
    int rc = store_feedback_form_get(call->store, region_id, f, ei);
    *q = rc ? NULL : json_loads(f->questions, 0, NULL);
    if (rc == 0 && !*q)
        rc = err_set(ei, ERR_DB, "", "the feedback form cannot be read");
    return rc;
}

static json_t *rotation_form_json(const struct feedback_form *f, json_t *q)
{
    return json_pack("{s:I, s:i, s:O, s:o}", "region_id",
                     (json_int_t)f->region_id, "version", f->version,
                     "questions", q, "created_at", api_opt_text(f->created_at));
}

API_HANDLER(api_feedback_form_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t region = 0;
    struct feedback_form *f = xcalloc(1, sizeof(*f));
    json_t *q = NULL;
    int rc = api_arg_id(req, "region", &region, &ei);
    if (rc == 0 && region == 0)
        rc = err_set(&ei, ERR_SYNTAX, "region", "region: is required");
    if (rc == 0)
        rc = rotation_form(call, region, f, &q, &ei);
    if (rc == 0)
        http_json(res, 200, rotation_form_json(f, q));
    else
        api_fail(res, &ei);
    json_decref(q);
    free(f);
}

/* PUT /feedback-form {region_id, questions}: the next version. */
API_HANDLER(api_feedback_form_set)
{
    static const char *const fields[] = {"region_id", "questions", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct feedback_form *f = xcalloc(1, sizeof(*f));
    json_t *q = json_object_get(body, "questions");
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "region_id", 1, 0, &f->region_id, &ei);
    if (rc == 0 && !api_scope_sees(call, "region", f->region_id))
        rc = err_set(&ei, ERR_INVAL, "region_id", "region_id: no region %lld",
                     (long long)f->region_id);
    if (rc == 0)
        rc = rotation_form_check(q, "questions", &ei);
    char *text = rc == 0 ? json_dumps(q, JSON_COMPACT) : NULL;
    if (rc == 0 && (!text || strlen(text) >= sizeof(f->questions)))
        rc = err_set(&ei, ERR_INVAL, "questions", "questions: too long");
    if (rc == 0)
        snprintf(f->questions, sizeof(f->questions), "%s", text);
    free(text);
    json_decref(body);
    if (rc == 0)
        rc = store_feedback_form_set(call->store, f, &ei);
    json_t *back = NULL;
    if (rc == 0)
        rc = rotation_form(call, f->region_id, f, &back, &ei);
    if (rc == 0)
        http_json(res, 200, rotation_form_json(f, back));
    else
        api_fail_body(res, &ei);
    json_decref(back);
    free(f);
}

/* ---- the documentation of one rotation ---- */

static int rotation_meeting_each(const struct supervision_meeting *m, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:o, s:s, s:s}", "id", (json_int_t)m->id,
                       "held_on", m->held_on, "by", api_by_json(&m->by),
                       "notes", m->notes, "actions", m->actions));
    return 0;
}

static int rotation_assessment_each(const struct assessment *a, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:I, s:s, s:o, s:s, s:o}", "id",
                       (json_int_t)a->id, "kind_id", (json_int_t)a->kind_id,
                       "held_on", a->held_on, "by", api_by_json(&a->by), "note",
                       a->note, "goal_ids", api_ids(a->goal_ids, a->ngoals)));
    return 0;
}

static int rotation_result_each(const struct rotation_result *r, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s, s:o, s:s}", "goal_id",
                       (json_int_t)r->goal_id, "result",
                       vocab_name(&vocab_rotation_result, r->result), "comment",
                       r->comment, "by", api_by_json(&r->by), "at", r->at));
    return 0;
}

/* The checklist's rows of the goals set for the rotation. */
struct rotation_goals {
    const int64_t *ids;
    int n;
    json_t *out;
};

static int rotation_goal_each(const struct edu_goal *g, void *arg)
{
    struct rotation_goals *rg = arg;
    for (int i = 0; i < rg->n; i++)
        if (rg->ids[i] == g->goal.id) {
            json_t *o = api_goal_json(&g->goal);
            json_object_set_new(
                o, "status",
                json_string(vocab_name(&vocab_goal_status, g->status)));
            json_array_append_new(rg->out, o);
        }
    return 0;
}

/*
 * Whether the caller reads the trainee's feedback on booking v: the
 * trainee, and the receiving unit's and the region's people
 * (feedback.read); not the handledare, so that the trainee can write
 * freely.
 */
static int rotation_reads_feedback(struct api_call *call,
                                   const struct booking_view *v)
{
    struct subject su;
    struct err_info ei = {0};
    if (store_subject(call->store, "booking", v->b.id, &su, &ei) != 0)
        return 0;
    return api_may(call, -1, "feedback.write", &su) ||
           api_may(call, -1, "feedback.read", &su);
}

static void rotation_send(struct api_call *call, struct http_response *res,
                          int status, int64_t id)
{
    struct err_info ei = {0};
    struct booking_view v;
    struct need *n = xcalloc(1, sizeof(*n));
    struct rotation_intro intro;
    struct feedback *fb = xcalloc(1, sizeof(*fb));
    json_t *meetings = json_array(), *assessments = json_array(),
           *results = json_array(), *goals = json_array();
    int rc = store_booking_view(call->store, id, &v, &ei);
    if (rc == 0 && v.b.need_id)
        rc = store_need_get(call->store, v.b.need_id, n, &ei);
    struct rotation_goals rg = {n->goal_ids, n->ngoals, goals};
    if (rc == 0)
        rc = store_edu_goals(call->store, v.b.trainee_id, rotation_goal_each,
                             &rg, &ei);
    if (rc == 0)
        rc = store_rotation_intro_get(call->store, id, &intro, &ei);
    if (rc == 0)
        rc = store_meeting_list(call->store, id, rotation_meeting_each,
                                meetings, &ei);
    if (rc == 0)
        rc = store_assessment_list(call->store, id, rotation_assessment_each,
                                   assessments, &ei);
    if (rc == 0)
        rc = store_rotation_results(call->store, id, rotation_result_each,
                                    results, &ei);
    if (rc == 0)
        rc = store_feedback_get(call->store, id, fb, &ei);
    struct supervisor_item sv;
    json_t *supervisor = json_null();
    if (rc == 0 && v.b.supervisor_id &&
        store_supervisor_item_get(call->store, v.b.supervisor_id, &sv, &ei) ==
            0)
        supervisor = api_supervisor_json(&sv);
    if (rc) {
        json_decref(meetings);
        json_decref(assessments);
        json_decref(results);
        json_decref(goals);
        json_decref(supervisor);
        free(n);
        free(fb);
        api_fail(res, &ei);
        return;
    }
    json_t *feedback = json_null();
    if (fb->submitted_at[0]) {
        feedback = json_pack("{s:s}", "submitted_at", fb->submitted_at);
        if (rotation_reads_feedback(call, &v))
            json_object_set_new(feedback, "answers",
                                json_loads(fb->answers, 0, NULL));
    }
    struct date last = rotation_last_day(v.b.end_week);
    struct date due = date_from_days(date_to_days(last) + ROTATION_GRACE_DAYS);
    char d[DATE_STR_MAX];
    date_format(due, d);
    json_t *o = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "booking",
        api_booking_json(&v), "goals", goals, "supervisor", supervisor,
        "introduction",
        intro.held_on[0] ? json_pack("{s:s, s:s}", "held_on", intro.held_on,
                                     "note", intro.note)
                         : json_null(),
        "meetings", meetings, "assessments", assessments, "results", results,
        "feedback", feedback, "documentation_due", d);
    free(n);
    free(fb);
    http_json(res, status, o);
}

API_HANDLER(api_rotation_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        rotation_send(ctx, res, 200, id);
}

API_HANDLER(api_rotation_intro_set)
{
    static const char *const fields[] = {"held_on", "note", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct rotation_intro in = {0};
    in.booking_id = id;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_date(body, "held_on", 1, 0, in.held_on, &ei);
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, in.note, sizeof(in.note), &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_rotation_intro_set(call->store, &in, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rotation_send(call, res, 200, id);
}

API_HANDLER(api_rotation_meeting_create)
{
    static const char *const fields[] = {"held_on", "notes", "actions", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct supervision_meeting *m = xcalloc(1, sizeof(*m));
    m->booking_id = id;
    api_caller_by(call, &m->by);
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_date(body, "held_on", 1, 0, m->held_on, &ei);
    if (rc == 0)
        rc = api_field_text(body, "notes", 0, 0, m->notes, sizeof(m->notes),
                            &ei);
    if (rc == 0)
        rc = api_field_text(body, "actions", 0, 0, m->actions,
                            sizeof(m->actions), &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_meeting_insert(call->store, m, &ei);
    free(m);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rotation_send(call, res, 201, id);
}

API_HANDLER(api_rotation_assessment_create)
{
    static const char *const fields[] = {"kind_id", "held_on", "note",
                                         "goal_ids", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct assessment *a = xcalloc(1, sizeof(*a));
    a->booking_id = id;
    api_caller_by(call, &a->by);
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "kind_id", 1, 0, &a->kind_id, &ei);
    if (rc == 0)
        rc = api_field_date(body, "held_on", 1, 0, a->held_on, &ei);
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, a->note, sizeof(a->note), &ei);
    if (rc == 0)
        rc = api_field_ids(body, "goal_ids", 0, a->goal_ids, &a->ngoals, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_assessment_insert(call->store, a, &ei);
    free(a);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rotation_send(call, res, 201, id);
}

/* PUT /bookings/{id}/results/{goal}: the handledare's assessment. */
API_HANDLER(api_rotation_result_set)
{
    static const char *const fields[] = {"result", "comment", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    struct rotation_result r = {0};
    if (api_path_id(req, "goal", &r.goal_id, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int result = -1;
    r.booking_id = id;
    api_caller_by(call, &r.by);
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "result", 1, &vocab_rotation_result, &result,
                             &ei);
    if (rc == 0)
        rc = api_field_text(body, "comment", 0, 0, r.comment, sizeof(r.comment),
                            &ei);
    json_decref(body);
    r.result = (enum rotation_result_kind)result;
    if (rc == 0)
        rc = store_rotation_result_set(call->store, &r, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rotation_send(call, res, 200, id);
}

/* POST /bookings/{id}/feedback {answers}: the trainee's, once. */
API_HANDLER(api_rotation_feedback)
{
    static const char *const fields[] = {"answers", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct booking_view v;
    struct unit u;
    struct feedback_form *f = xcalloc(1, sizeof(*f));
    struct feedback *fb = xcalloc(1, sizeof(*fb));
    json_t *q = NULL;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = store_booking_view(call->store, id, &v, &ei);
    if (rc == 0)
        rc = store_unit_get(call->store, v.b.unit_id, &u, &ei);
    if (rc == 0)
        rc = rotation_form(call, u.region_id, f, &q, &ei);
    json_t *answers = json_object_get(body, "answers");
    if (rc == 0)
        rc = rotation_answers_check(q, answers, &ei);
    /* The first answer on a region's default form writes it down as its
     * version 1, so that every answer keeps the questions it answered. */
    if (rc == 0 && f->id == 0)
        rc = store_feedback_form_set(call->store, f, &ei);
    char *text = rc == 0 ? json_dumps(answers, JSON_COMPACT) : NULL;
    if (rc == 0 && (!text || strlen(text) >= sizeof(fb->answers)))
        rc = err_set(&ei, ERR_INVAL, "answers", "answers: too long");
    if (rc == 0) {
        fb->booking_id = id;
        fb->form_id = f->id;
        snprintf(fb->answers, sizeof(fb->answers), "%s", text);
        rc = store_feedback_submit(call->store, fb, &ei);
    }
    free(text);
    json_decref(q);
    json_decref(body);
    free(f);
    free(fb);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rotation_send(call, res, 201, id);
}

/* GET /feedback?unit=ID: what trainees said of the units in scope. */
static int rotation_feedback_each(const struct feedback_item *it, void *arg)
{
    api_page_add(
        arg,
        json_pack("{s:I, s:{s:I, s:s}, s:o, s:o, s:i, s:o, s:s}", "booking_id",
                  (json_int_t)it->feedback.booking_id, "unit", "id",
                  (json_int_t)it->unit_id, "name", it->unit_name, "start_week",
                  api_week(it->start_week), "end_week",
                  api_week_last(it->end_week), "form_version", it->form_version,
                  "answers", json_loads(it->feedback.answers, 0, NULL),
                  "submitted_at", it->feedback.submitted_at));
    return 0;
}

static int rotation_feedback_page(struct api_call *call,
                                  const struct http_request *req,
                                  struct api_page *pg, struct err_info *ei)
{
    int64_t unit = 0;
    int rc = api_arg_id(req, "unit", &unit, ei);
    if (rc == 0)
        rc = store_feedback_list(call->store, unit, rotation_feedback_each, pg,
                                 ei);
    return rc;
}

API_HANDLER(api_feedback_list)
{
    api_list_run(req, res, ctx, rotation_feedback_page);
}

/* ---- kinds of assessment ---- */

static json_t *rotation_kind_json(const struct assessment_kind *k)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)k->id,
                     "code", k->code, "name_sv", k->name_sv, "name_en",
                     k->name_en, "active", k->active);
}

static int rotation_kind_each(const struct assessment_kind *k, void *arg)
{
    api_page_add(arg, rotation_kind_json(k));
    return 0;
}

/* Finds the kind whose id is in found->id, into found; found->id stays
 * 0 while none has it. */
struct rotation_kind_find {
    int64_t id;
    struct assessment_kind *found;
};

static int rotation_kind_find_each(const struct assessment_kind *k, void *arg)
{
    struct rotation_kind_find *f = arg;
    if (k->id == f->id)
        *f->found = *k;
    return 0;
}

static int rotation_kind_page(struct api_call *call,
                              const struct http_request *req,
                              struct api_page *pg, struct err_info *ei)
{
    (void)req;
    return store_assessment_kinds(call->store, rotation_kind_each, pg, ei);
}

API_HANDLER(api_assessment_kinds_list)
{
    api_list_run(req, res, ctx, rotation_kind_page);
}

/* store_region_list: stops at the first region the call's scope does not
 * reach. */
static int rotation_region_unseen(const struct region *r, void *arg)
{
    return api_scope_sees(arg, "region", r->id) ? 0 : 1;
}

/*
 * The kinds of assessment are the installation's, shared by every region
 * it serves, so whoever changes them holds form.write over every region:
 * an administrator, or the övergripande studierektor of an installation
 * that serves one region. 0, or the 403 sent.
 */
static int rotation_kinds_writable(struct api_call *call,
                                   struct http_response *res)
{
    struct err_info ei = {0};
    int rc = call->scope.all
                 ? 0
                 : store_region_list(call->store, -1, 0, rotation_region_unseen,
                                     call, NULL, &ei);
    if (rc < 0)
        api_fail(res, &ei);
    else if (rc > 0)
        http_error(res, 403, "forbidden", NULL,
                   "the kinds of assessment are shared by every region this "
                   "installation serves; changing them needs the right over "
                   "every region");
    return rc;
}

API_HANDLER(api_assessment_kind_create)
{
    static const char *const fields[] = {"code", "name_sv", "name_en", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    if (rotation_kinds_writable(call, res))
        return;
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct assessment_kind k = {0};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "code", 1, 1, k.code, sizeof(k.code), &ei);
    if (rc == 0)
        rc = api_field_text(body, "name_sv", 1, 1, k.name_sv, sizeof(k.name_sv),
                            &ei);
    if (rc == 0)
        rc = api_field_text(body, "name_en", 1, 1, k.name_en, sizeof(k.name_en),
                            &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_assessment_kind_insert(call->store, &k, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 201, rotation_kind_json(&k));
}

/* PATCH /assessment-kinds/{id} {name_sv, name_en, active}: renames a kind
 * or takes it out of use (or back); its code stays. */
API_HANDLER(api_assessment_kind_update)
{
    static const char *const fields[] = {"name_sv", "name_en", "active", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (rotation_kinds_writable(call, res))
        return;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct assessment_kind k = {0};
    struct rotation_kind_find f = {id, &k};
    int rc =
        store_assessment_kinds(call->store, rotation_kind_find_each, &f, &ei);
    if (rc == 0 && k.id == 0)
        rc = err_set(&ei, ERR_NOTFOUND, "id",
                     "assessment kind %lld does not exist", (long long)id);
    if (rc) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "name_sv", 0, 1, k.name_sv, sizeof(k.name_sv),
                            &ei);
    if (rc == 0)
        rc = api_field_text(body, "name_en", 0, 1, k.name_en, sizeof(k.name_en),
                            &ei);
    if (rc == 0)
        rc = api_field_bool(body, "active", 0, &k.active, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_assessment_kind_update(call->store, &k, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 200, rotation_kind_json(&k));
}

/* ---- Att göra: what is missing two weeks after a rotation ---- */

struct rotation_todo {
    json_t *items;
};

static int rotation_gap_each(const struct rotation_gap *g, void *arg)
{
    struct date due = date_from_days(
        date_to_days(rotation_last_day(g->end_week)) + ROTATION_GRACE_DAYS);
    char d[DATE_STR_MAX];
    date_format(due, d);
    for (int k = 0; k < 2; k++) {
        if (!(k == 0 ? g->feedback : g->assessment))
            continue;
        json_array_append_new(
            arg, json_pack("{s:s, s:s, s:s, s:I, s:{s:I, s:s}, s:{s:I, s:s}}",
                           "kind", k == 0 ? "feedback" : "assessment", "state",
                           "overdue", "due", d, "booking_id",
                           (json_int_t)g->booking_id, "trainee", "id",
                           (json_int_t)g->trainee_id, "name", g->trainee_name,
                           "unit", "id", (json_int_t)g->unit_id, "name",
                           g->unit_name));
    }
    return 0;
}

int api_rotation_todo(struct api_call *call, struct date today, json_t *items,
                      struct err_info *ei)
{
    /* Rotations whose last day is more than the grace days ago: ended by
     * the week that holds today less the grace, rounded down to weeks. */
    long cut = date_to_days(today) - ROTATION_GRACE_DAYS;
    int before = week_from_date(date_from_days(cut));
    json_t *all = json_array();
    int rc =
        store_rotation_gaps(call->store, before, rotation_gap_each, all, ei);
    size_t i;
    json_t *it;
    json_array_foreach(all, i, it)
    {
        const char *due = json_string_value(json_object_get(it, "due"));
        struct date d;
        if (rc == 0 && date_parse(due, &d) == 0 &&
            date_to_days(d) < date_to_days(today))
            json_array_append(items, it);
    }
    json_decref(all);
    return rc;
}
