/*
 * The education plan over HTTP: a trainee's plan (checklist, activities,
 * substitutes, versions, approvals, contract, deadlines), and the "Att
 * göra" list of what is due for the people in the caller's scope.
 *
 * Deadlines are computed here from the store's facts by domain/edu.h,
 * never stored: the day they are seen from is today (UTC), or the "on"
 * argument of the to-do list, so that a director can look ahead.
 */
#include "api/api_impl.h"

#include "domain/edu.h"
#include "domain/metrics.h"
#include "domain/training.h"
#include "domain/week.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Items the to-do list shows at most. */
#define EDU_TODO_MAX 2000

/* Today as the store's clock says (UTC). */
static struct date edu_today(struct api_call *call)
{
    return date_from_days((long)(store_now(call->store) / 86400));
}

static json_t *edu_date(struct date d)
{
    char s[DATE_STR_MAX];
    date_format(d, s);
    return json_string(s);
}

/* ---- JSON of the plan's parts ---- */

static json_t *edu_week_or_null(int w)
{
    return w == STORE_NONE ? json_null() : api_week(w);
}

static json_t *activity_json(const struct activity *a)
{
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:s, s:o}", "id",
        (json_int_t)a->id, "trainee_id", (json_int_t)a->trainee_id, "kind",
        vocab_name(&vocab_activity_kind, a->kind), "title", a->title, "need_id",
        api_id(a->need_id), "from", edu_week_or_null(a->from_week), "to",
        a->to_week == STORE_NONE ? json_null() : api_week_last(a->to_week),
        "status", vocab_name(&vocab_activity_status, a->status), "goal_ids",
        api_ids(a->goal_ids, a->ngoals));
}

static json_t *substitute_json(const struct substitute *x)
{
    return json_pack("{s:I, s:I, s:I, s:i, s:s, s:o, s:s}", "id",
                     (json_int_t)x->id, "activity_id",
                     (json_int_t)x->activity_id, "need_id",
                     (json_int_t)x->need_id, "weeks_saved", x->weeks_saved,
                     "reason", x->reason, "agreed_by",
                     api_by_json(&x->agreed_by), "agreed_at", x->agreed_at);
}

static json_t *edu_approvals_json(const struct edu_plan *p)
{
    json_t *o = json_object();
    for (int r = 0; r < EDU_APPROVER_COUNT; r++) {
        const struct edu_approval *a = &p->approvals[r];
        json_object_set_new(o, vocab_name(&vocab_edu_approver, r),
                            a->given
                                ? json_pack("{s:o, s:s}", "by",
                                            api_by_json(&a->by), "at", a->at)
                                : json_null());
    }
    return o;
}

static json_t *edu_plan_json(const struct edu_plan *p)
{
    if (p->id == 0)
        return json_null();
    json_t *o = json_pack(
        "{s:i, s:s, s:s, s:s, s:s, s:o, s:o}", "version", p->version, "status",
        vocab_name(&vocab_edu_status, p->status), "track",
        vocab_name(&vocab_edu_track, p->track), "note", p->note, "created_at",
        p->created_at, "approved_at", api_opt_text(p->approved_at), "approvals",
        edu_approvals_json(p));
    if (p->content) {
        json_t *c = json_loads(p->content, 0, NULL);
        json_object_set_new(o, "content", c ? c : json_null());
    }
    return o;
}

/* ---- deadlines ---- */

/* Parses a "YYYY-MM-DD" (or the date part of a timestamp); 0 if none. */
static int edu_day(const char *s, struct date *out)
{
    char d[DATE_STR_MAX];
    if (!s || strlen(s) < 10)
        return 0;
    memcpy(d, s, 10);
    d[10] = '\0';
    return date_parse(d, out) == 0;
}

static json_t *edu_deadline(enum deadline_kind kind, struct date due, int done,
                            struct date done_on, struct date today)
{
    int late = 0;
    enum deadline_state st =
        deadline_state_of(due, done, done_on, today, &late);
    json_t *o = json_pack("{s:s, s:o, s:s, s:o, s:b}", "kind",
                          deadline_kind_name(kind), "due", edu_date(due),
                          "state", deadline_state_name(st), "done_on",
                          done ? edu_date(done_on) : json_null(), "late", late);
    return o;
}

/*
 * The deadlines of one trainee's facts (the booking ones from the open
 * needs in needs, a JSON array of the needs API's items), appended to out.
 */
static void edu_deadlines(const struct edu_facts *f, json_t *needs,
                          struct date today, json_t *out)
{
    struct date start, d, none = {0, 0, 0};
    if (!edu_day(f->start_date, &start))
        return;
    int signed_on = edu_day(f->contract_on, &d);
    json_array_append_new(
        out, edu_deadline(DEADLINE_CONTRACT, deadline_contract_due(start),
                          signed_on, signed_on ? d : none, today));
    struct date first, last;
    int approved = edu_day(f->first_approved, &first);
    json_array_append_new(out, edu_deadline(DEADLINE_PLAN,
                                            deadline_plan_due(start), approved,
                                            approved ? first : none, today));
    if (edu_day(f->last_approved, &last))
        json_array_append_new(out, edu_deadline(DEADLINE_REVISION,
                                                deadline_revision_due(last), 0,
                                                none, today));
    if (f->regulation == REGULATION_2021 && f->bt_goals > 0) {
        int bt =
            f->bt_certified >= f->bt_goals && edu_day(f->bt_certified_on, &d);
        json_array_append_new(out,
                              edu_deadline(DEADLINE_BT, deadline_bt_due(start),
                                           bt, bt ? d : none, today));
    }
    size_t i;
    json_t *n;
    json_array_foreach(needs, i, n)
    {
        const char *status = json_string_value(json_object_get(n, "status"));
        const char *pref =
            json_string_value(json_object_get(n, "preferred_start"));
        int w;
        if (!status || !pref || strcmp(status, "open") != 0 ||
            week_parse(pref, &w) != 0)
            continue;
        json_t *o = edu_deadline(DEADLINE_BOOKING, deadline_booking_due(w), 0,
                                 none, today);
        json_object_set_new(o, "need_id", json_copy(json_object_get(n, "id")));
        json_object_set_new(o, "starts", json_string(pref));
        json_array_append_new(out, o);
    }
}

/* ---- GET /trainees/{id}/plan ---- */

struct edu_parts {
    json_t *goals, *activities, *substitutes, *needs;
    int weeks_saved;
    int unplaced_weeks; /* open needs' full-time weeks */
    long last_end;      /* the day the last placement ends, or 0 */
};

static int edu_goal_each(const struct edu_goal *g, void *arg)
{
    struct edu_parts *p = arg;
    json_t *o = api_goal_json(&g->goal);
    json_object_set_new(o, "status",
                        json_string(vocab_name(&vocab_goal_status, g->status)));
    json_object_set_new(o, "certified_by",
                        g->status == GOAL_CERTIFIED
                            ? api_by_json(&g->certified_by)
                            : json_null());
    json_object_set_new(o, "certified_at", api_opt_text(g->certified_at));
    json_object_set_new(o, "note", json_string(g->note));
    json_object_set_new(o, "activity_ids", json_array());
    json_object_set_new(o, "need_ids", json_array());
    json_array_append_new(p->goals, o);
    return 0;
}

static int edu_activity_each(const struct activity *a, void *arg)
{
    struct edu_parts *p = arg;
    json_array_append_new(p->activities, activity_json(a));
    return 0;
}

static int edu_substitute_each(const struct substitute *x, void *arg)
{
    struct edu_parts *p = arg;
    p->weeks_saved += x->weeks_saved;
    json_array_append_new(p->substitutes, substitute_json(x));
    return 0;
}

static int edu_need_each(const struct need_item *it, void *arg)
{
    struct edu_parts *p = arg;
    const struct need *n = &it->need;
    if (n->status == NEED_OPEN)
        p->unplaced_weeks += n->weeks;
    json_array_append_new(p->needs,
                          json_pack("{s:I, s:o, s:o, s:o, s:i, s:o, s:s}", "id",
                                    (json_int_t)n->id, "specialty",
                                    api_specialty_ref(&it->specialty),
                                    "unit_ids", api_ids(n->unit_ids, n->nunits),
                                    "goal_ids", api_ids(n->goal_ids, n->ngoals),
                                    "weeks", n->weeks, "preferred_start",
                                    api_week(n->preferred_start), "status",
                                    vocab_name(&vocab_need_status, n->status)));
    return 0;
}

static int edu_booking_each(const struct booking_view *v, void *arg)
{
    struct edu_parts *p = arg;
    if (v->b.status != BOOKING_REQUESTED && v->b.status != BOOKING_CONFIRMED &&
        v->b.status != BOOKING_COMPLETED)
        return 0;
    long end = date_to_days(week_monday(v->b.end_week)) - 1;
    if (end > p->last_end)
        p->last_end = end;
    return 0;
}

/* Lists ids of the objects in items whose goal_ids hold a goal, under
 * that goal's key in the checklist. */
static void edu_link_goals(json_t *goals, json_t *items, const char *key)
{
    size_t i, j, k;
    json_t *it, *gid, *g;
    json_array_foreach(items, i, it)
    {
        json_array_foreach(json_object_get(it, "goal_ids"), j, gid)
        {
            json_array_foreach(goals, k, g)
            {
                if (json_integer_value(json_object_get(g, "id")) ==
                    json_integer_value(gid))
                    json_array_append(json_object_get(g, key),
                                      json_object_get(it, "id"));
            }
        }
    }
}

static json_t *edu_contract_json(const struct st_contract *c)
{
    if (!c->signed_on[0])
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "signed_on", c->signed_on, "employer",
                     c->employer, "parties", c->parties);
}

/* A trainee's leaves as the domain's spans. */
struct edu_leaves {
    struct training_leave *spans;
    size_t n, cap;
};

static int edu_leave_each(const struct leave *l, void *arg)
{
    struct edu_leaves *lv = arg;
    struct training_leave span = {l->kind, {0, 0, 0}, {0, 0, 0}};
    if (date_parse(l->from_date, &span.from) != 0 ||
        date_parse(l->to_date, &span.to) != 0)
        return 0;
    xgrow((void **)&lv->spans, &lv->cap, lv->n + 1, sizeof(*lv->spans));
    lv->spans[lv->n++] = span;
    return 0;
}

/* The facts of one trainee into arg (a struct edu_facts). */
static int edu_facts_one(const struct edu_facts *f, void *arg)
{
    *(struct edu_facts *)arg = *f;
    return 0;
}

/* The whole plan of trainee id as GET /trainees/{id}/plan answers. */
static json_t *edu_plan_detail(struct api_call *call, int64_t id,
                               struct err_info *ei)
{
    struct edu_parts p = {
        json_array(), json_array(), json_array(), json_array(), 0, 0, 0};
    struct edu_plan plan;
    struct st_contract contract;
    struct edu_facts facts;
    struct trainee t;
    struct need_filter nf = {.trainee_id = id, .status = -1};
    struct booking_filter bf;
    int64_t bookings = 0;
    memset(&facts, 0, sizeof(facts));
    memset(&bf, 0, sizeof(bf));
    bf.trainee_id = id;
    bf.status = -1;
    bf.from_week = bf.to_week = STORE_NONE;
    int rc = store_trainee_get(call->store, id, &t, ei);
    if (rc == 0)
        rc = store_edu_goals(call->store, id, edu_goal_each, &p, ei);
    if (rc == 0)
        rc = store_activity_list(call->store, id, edu_activity_each, &p, ei);
    if (rc == 0)
        rc =
            store_substitute_list(call->store, id, edu_substitute_each, &p, ei);
    if (rc == 0)
        rc = store_need_list(call->store, &nf, -1, 0, edu_need_each, &p, NULL,
                             ei);
    if (rc == 0)
        rc = store_booking_list(call->store, &bf, -1, 0, edu_booking_each, &p,
                                &bookings, ei);
    if (rc == 0)
        rc = store_edu_plan_get(call->store, id, &plan, ei);
    if (rc == 0)
        rc = store_contract_get(call->store, id, &contract, ei);
    if (rc == 0)
        rc = store_edu_facts(call->store, id, edu_facts_one, &facts, ei);
    if (rc) {
        json_decref(p.goals);
        json_decref(p.activities);
        json_decref(p.substitutes);
        json_decref(p.needs);
        return NULL;
    }
    edu_link_goals(p.goals, p.activities, "activity_ids");
    edu_link_goals(p.goals, p.needs, "need_ids");
    struct date today = edu_today(call), start, planned;
    json_t *deadlines = json_array();
    edu_deadlines(&facts, p.needs, today, deadlines);
    json_t *o = json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:i, s:o, s:o}",
                          "trainee_id", (json_int_t)id, "regulation",
                          vocab_name(&vocab_regulation, t.regulation), "plan",
                          edu_plan_json(&plan), "goals", p.goals, "activities",
                          p.activities, "substitutes", p.substitutes, "needs",
                          p.needs, "weeks_saved", p.weeks_saved, "contract",
                          edu_contract_json(&contract), "deadlines", deadlines);
    /* The end the rules allow (minimum length, fte, leave), then the
     * remaining plan on top: see plan_projected_completion(). */
    struct edu_leaves lv = {NULL, 0, 0};
    struct leave_filter lf = {.trainee_id = id, .kind = -1};
    struct date projected;
    int leave_days = 0;
    if (date_parse(t.start_date, &start) == 0 &&
        date_parse(t.planned_end, &planned) == 0 &&
        store_leave_list(call->store, &lf, -1, 0, edu_leave_each, &lv, NULL,
                         ei) == 0 &&
        training_projected_end(t.regulation, start, planned, t.fte, lv.spans,
                               (int)lv.n, &projected, &leave_days) == 0) {
        struct date last = {0, 0, 0};
        if (p.last_end)
            last = date_from_days(p.last_end);
        struct date end = plan_projected_completion(projected, last, today,
                                                    p.unplaced_weeks, t.fte);
        json_object_set_new(o, "projected_completion", edu_date(end));
        json_object_set_new(o, "unplaced_weeks",
                            json_integer(p.unplaced_weeks));
    }
    free(lv.spans);
    return o;
}

static void edu_plan_send(struct api_call *call, struct http_response *res,
                          int status, int64_t id)
{
    struct err_info ei = {0};
    json_t *o = edu_plan_detail(call, id, &ei);
    if (!o) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, status, o);
}

API_HANDLER(api_edu_plan_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        edu_plan_send(ctx, res, 200, id);
}

API_HANDLER(api_edu_plan_update)
{
    static const char *const fields[] = {"track", "note", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct edu_plan p;
    int rc = store_edu_plan_get(call->store, id, &p, &ei);
    int track = p.id ? (int)p.track : EDU_TRACK_NONE;
    if (rc == 0)
        rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "track", 0, &vocab_edu_track, &track, &ei);
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, p.note, sizeof(p.note), &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_edu_plan_set(call->store, id, (enum edu_track)track, p.note,
                                &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    edu_plan_send(call, res, 200, id);
}

/* Whether the caller's grants of role (-1: any) reach trainee id for
 * action. */
static int edu_reaches(struct api_call *call, int role, const char *action,
                       int64_t id)
{
    struct subject su;
    struct err_info ei = {0};
    return store_subject(call->store, "trainee", id, &su, &ei) == 0 &&
           api_may(call, role, action, &su);
}

/* For an approval, the role named in the body must be the caller's own
 * for this trainee, not any role they hold somewhere. */
static int edu_holds(struct api_call *call, enum role role, int64_t id)
{
    return edu_reaches(call, (int)role, "plan.approve", id);
}

API_HANDLER(api_edu_plan_approve)
{
    static const char *const fields[] = {"version", "role", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int version = 0, role = -1;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_int(body, "version", 1, 1, 1000, &version, &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "role", 1, &vocab_edu_approver, &role, &ei);
    json_decref(body);
    static const enum role roles[EDU_APPROVER_COUNT] = {
        ROLE_UNIT_HEAD, ROLE_SUPERVISOR, ROLE_DIRECTOR};
    if (rc == 0 && !edu_holds(call, roles[role], id)) {
        http_error(res, 403, "forbidden", "role",
                   "role: you do not approve this trainee's plan as %s",
                   vocab_name(&vocab_edu_approver, role));
        return;
    }
    struct edu_by by;
    api_caller_by(call, &by);
    int approved = 0;
    /* An approval that leaves the draft waiting tells the approvers still
     * to approve it, in the same transaction. */
    int tx = rc == 0 ? store_begin(call->store, &ei) : rc;
    if (tx == 0) {
        rc = store_edu_plan_approve(call->store, id, version,
                                    (enum edu_approver)role, &by, &approved,
                                    &ei);
        if (rc == 0 && !approved)
            rc = api_tell_plan(call, id, &ei);
        if (rc == 0)
            rc = store_commit(call->store, &ei);
        else
            store_rollback(call->store);
    }
    if (rc == 0)
        api_notifier_poke(api_notifier(call->api));
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    edu_plan_send(call, res, 200, id);
}

static int edu_version_each(const struct edu_plan *p, void *arg)
{
    api_page_add(arg, edu_plan_json(p));
    return 0;
}

static int edu_version_page(struct api_call *call,
                            const struct http_request *req, struct api_page *pg,
                            struct err_info *ei)
{
    int64_t id = 0;
    int rc = api_path_id(req, "id", &id, ei);
    if (rc == 0)
        rc = store_edu_plan_versions(call->store, id, edu_version_each, pg, ei);
    return rc;
}

API_HANDLER(api_edu_plan_versions)
{
    api_list_run(req, res, ctx, edu_version_page);
}

/*
 * Sets a goal's state on trainee id's checklist from body: status (not
 * "certified" unless certify) and note. Sends the plan, or why not.
 */
static void edu_goal_write(struct api_call *call,
                           const struct http_request *req,
                           struct http_response *res, int certify)
{
    static const char *const fields[] = {"status", "note", NULL};
    static const char *const certify_fields[] = {"note", NULL};
    struct err_info ei = {0};
    int64_t id = 0, goal = 0;
    if (api_path_id(req, "goal", &goal, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int status = GOAL_CERTIFIED;
    char note[STORE_GOAL_NOTE_MAX] = "";
    int rc = api_fields_known(body, certify ? certify_fields : fields, &ei);
    if (rc == 0 && !certify)
        rc = api_field_vocab(body, "status", 1, &vocab_goal_status, &status,
                             &ei);
    if (rc == 0 && !certify && status == GOAL_CERTIFIED)
        rc = err_set(&ei, ERR_INVAL, "status",
                     "status: the trainee's handledare certifies a goal, "
                     "through POST .../goals/{goal}/certify");
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, note, sizeof(note), &ei);
    json_decref(body);
    struct edu_by by;
    api_caller_by(call, &by);
    if (rc == 0)
        rc = store_edu_goal_set(call->store, id, goal, (enum goal_status)status,
                                note, &by, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    edu_plan_send(call, res, 200, id);
}

/* PUT /trainees/{id}/goals/{goal}: planned, in progress or met. */
API_HANDLER(api_edu_goal_set)
{
    edu_goal_write(ctx, req, res, 0);
}

/* POST /trainees/{id}/goals/{goal}/certify: the handledare signs it off. */
API_HANDLER(api_edu_goal_certify)
{
    edu_goal_write(ctx, req, res, 1);
}

/* PUT /trainees/{id}/contract */
API_HANDLER(api_edu_contract_set)
{
    static const char *const fields[] = {"signed_on", "employer", "parties",
                                         NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct st_contract c = {0};
    c.trainee_id = id;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_date(body, "signed_on", 1, 0, c.signed_on, &ei);
    if (rc == 0)
        rc = api_field_text(body, "employer", 1, 1, c.employer,
                            sizeof(c.employer), &ei);
    if (rc == 0)
        rc = api_field_text(body, "parties", 1, 1, c.parties, sizeof(c.parties),
                            &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_contract_set(call->store, &c, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    edu_plan_send(call, res, 200, id);
}

/* ---- activities ---- */

static int edu_field_opt_week(json_t *o, const char *name, int *out,
                              struct err_info *ei)
{
    json_t *v = json_object_get(o, name);
    if (v && json_is_null(v)) {
        *out = STORE_NONE;
        return 0;
    }
    return api_field_week(o, name, 0, out, ei);
}

/* Reads an activity body onto a ("to" is the last week, inclusive). */
static int activity_fields(json_t *body, int create, struct activity *a,
                           struct err_info *ei)
{
    int kind = (int)a->kind, status = (int)a->status;
    int to = a->to_week == STORE_NONE ? STORE_NONE : a->to_week - 1;
    int rc = 0;
    if (create)
        rc = api_field_id(body, "trainee_id", 1, 0, &a->trainee_id, ei);
    if (rc == 0)
        rc = api_field_vocab(body, "kind", create, &vocab_activity_kind, &kind,
                             ei);
    if (rc == 0)
        rc = api_field_text(body, "title", create, 1, a->title,
                            sizeof(a->title), ei);
    if (rc == 0)
        rc = api_field_id(body, "need_id", 0, 1, &a->need_id, ei);
    if (rc == 0)
        rc = edu_field_opt_week(body, "from", &a->from_week, ei);
    if (rc == 0)
        rc = edu_field_opt_week(body, "to", &to, ei);
    if (rc == 0)
        rc = api_field_vocab(body, "status", 0, &vocab_activity_status, &status,
                             ei);
    if (rc == 0)
        rc = api_field_ids(body, "goal_ids", 0, a->goal_ids, &a->ngoals, ei);
    a->kind = (enum activity_kind)kind;
    a->status = (enum activity_status)status;
    a->to_week = to == STORE_NONE ? STORE_NONE : to + 1;
    return rc;
}

static void activity_send(struct api_call *call, struct http_response *res,
                          int status, int64_t id)
{
    struct err_info ei = {0};
    struct activity a;
    if (store_activity_get(call->store, id, &a, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, status, activity_json(&a));
}

API_HANDLER(api_activity_create)
{
    static const char *const fields[] = {"trainee_id", "kind",     "title",
                                         "need_id",    "from",     "to",
                                         "status",     "goal_ids", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct activity *a = xcalloc(1, sizeof(*a));
    a->from_week = a->to_week = STORE_NONE;
    a->status = ACTIVITY_PLANNED;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = activity_fields(body, 1, a, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_activity_insert(call->store, a, &ei);
    int64_t id = a->id;
    free(a);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    activity_send(call, res, 201, id);
}

static int edu_activity_item(const struct activity *a, void *arg)
{
    api_page_add(arg, activity_json(a));
    return 0;
}

/* GET /activities?trainee=ID: the activities in the caller's scope. */
static int edu_activity_page(struct api_call *call,
                             const struct http_request *req,
                             struct api_page *pg, struct err_info *ei)
{
    int64_t trainee = 0;
    int rc = api_arg_id(req, "trainee", &trainee, ei);
    if (rc == 0)
        rc = store_activity_list(call->store, trainee, edu_activity_item, pg,
                                 ei);
    return rc;
}

API_HANDLER(api_activities_list)
{
    api_list_run(req, res, ctx, edu_activity_page);
}

API_HANDLER(api_activity_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        activity_send(ctx, res, 200, id);
}

API_HANDLER(api_activity_update)
{
    static const char *const fields[] = {"kind", "title",  "need_id",  "from",
                                         "to",   "status", "goal_ids", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct activity *a = xcalloc(1, sizeof(*a));
    int rc = store_activity_get(call->store, id, a, &ei);
    if (rc) {
        json_decref(body);
        free(a);
        api_fail(res, &ei);
        return;
    }
    rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = activity_fields(body, 0, a, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_activity_update(call->store, a, &ei);
    free(a);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    activity_send(call, res, 200, id);
}

API_HANDLER(api_activity_delete)
{
    api_delete_run(req, res, ctx, store_activity_delete);
}

/* ---- substitutes ---- */

API_HANDLER(api_substitute_create)
{
    static const char *const fields[] = {"activity_id", "need_id",
                                         "weeks_saved", "reason", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct substitute x = {0};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "activity_id", 1, 0, &x.activity_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "need_id", 1, 0, &x.need_id, &ei);
    if (rc == 0)
        rc = api_field_int(body, "weeks_saved", 1, 1, 104, &x.weeks_saved, &ei);
    if (rc == 0)
        rc = api_field_text(body, "reason", 1, 1, x.reason, sizeof(x.reason),
                            &ei);
    json_decref(body);
    api_caller_by(call, &x.agreed_by);
    if (rc == 0)
        rc = store_substitute_insert(call->store, &x, &ei);
    if (rc == 0)
        rc = store_substitute_get(call->store, x.id, &x, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 201, substitute_json(&x));
}

static int edu_substitute_item(const struct substitute *x, void *arg)
{
    api_page_add(arg, substitute_json(x));
    return 0;
}

/* GET /substitutes?trainee=ID: the substitutes in the caller's scope. */
static int edu_substitute_page(struct api_call *call,
                               const struct http_request *req,
                               struct api_page *pg, struct err_info *ei)
{
    int64_t trainee = 0;
    int rc = api_arg_id(req, "trainee", &trainee, ei);
    if (rc == 0)
        rc = store_substitute_list(call->store, trainee, edu_substitute_item,
                                   pg, ei);
    return rc;
}

API_HANDLER(api_substitutes_list)
{
    api_list_run(req, res, ctx, edu_substitute_page);
}

API_HANDLER(api_substitute_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    struct substitute x;
    if (api_path_id_or_404(req, res, &id))
        return;
    if (store_substitute_get(call->store, id, &x, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, substitute_json(&x));
}

API_HANDLER(api_substitute_delete)
{
    api_delete_run(req, res, ctx, store_substitute_delete);
}

/* ---- the to-do list ---- */

struct edu_todo {
    struct api_call *call;
    struct date today;
    json_t *items;
    json_t *needs; /* open needs with a preferred start, by trainee */
};

static int edu_todo_need(const struct need_item *it, void *arg)
{
    struct edu_todo *td = arg;
    const struct need *n = &it->need;
    if (n->status != NEED_OPEN || n->preferred_start == STORE_NONE)
        return 0;
    char key[32];
    snprintf(key, sizeof(key), "%lld", (long long)n->trainee_id);
    json_t *list = json_object_get(td->needs, key);
    if (!list) {
        list = json_array();
        json_object_set_new(td->needs, key, list);
    }
    json_array_append_new(list,
                          json_pack("{s:I, s:s, s:o}", "id", (json_int_t)n->id,
                                    "status", "open", "preferred_start",
                                    api_week(n->preferred_start)));
    return 0;
}

static void edu_todo_add(struct edu_todo *td, json_t *item,
                         const struct edu_facts *f)
{
    if (json_array_size(td->items) >= EDU_TODO_MAX) {
        json_decref(item);
        return;
    }
    json_object_set_new(item, "trainee",
                        json_pack("{s:I, s:s}", "id", (json_int_t)f->trainee_id,
                                  "name", f->name));
    json_array_append_new(td->items, item);
}

static int edu_todo_each(const struct edu_facts *f, void *arg)
{
    struct edu_todo *td = arg;
    char key[32];
    snprintf(key, sizeof(key), "%lld", (long long)f->trainee_id);
    json_t *needs = json_object_get(td->needs, key);
    json_t *none = json_array(), *all = json_array();
    edu_deadlines(f, needs ? needs : none, td->today, all);
    json_decref(none);
    size_t i;
    json_t *d;
    json_array_foreach(all, i, d)
    {
        const char *st = json_string_value(json_object_get(d, "state"));
        if (strcmp(st, "soon") == 0 || strcmp(st, "overdue") == 0)
            edu_todo_add(td, json_incref(d), f);
    }
    json_decref(all);
    /* A draft waiting for an approval the caller gives. */
    static const enum role roles[EDU_APPROVER_COUNT] = {
        ROLE_UNIT_HEAD, ROLE_SUPERVISOR, ROLE_DIRECTOR};
    if (f->plan_version && f->plan_status == EDU_DRAFT)
        for (int r = 0; r < EDU_APPROVER_COUNT; r++)
            if (!f->approvals[r] &&
                edu_holds(td->call, roles[r], f->trainee_id))
                edu_todo_add(td,
                             json_pack("{s:s, s:s, s:i, s:s}", "kind",
                                       "approval", "state", "waiting",
                                       "version", f->plan_version, "role",
                                       vocab_name(&vocab_edu_approver, r)),
                             f);
    return 0;
}

/*
 * The reviews of a unit that are due within 30 days or overdue (STINS
 * every 2 years, SPUR every 5: domain/metrics.h), for those who record
 * them: the unit's verksamhetschef and the övergripande studierektor.
 */
static int edu_todo_review(const struct review_due_facts *f, void *arg)
{
    struct edu_todo *td = arg;
    struct subject su = {0, 0, 0, f->unit_id, f->region_id};
    struct date since, last, none = {0, 0, 0};
    if (!edu_day(f->since, &since) ||
        !api_may(td->call, -1, "review.write", &su))
        return 0;
    for (int k = 0; k < REVIEW_KIND_COUNT; k++) {
        int has = edu_day(f->last[k], &last);
        struct date due =
            review_due(has ? last : none, since, (enum review_kind)k);
        enum deadline_state st =
            deadline_state_of(due, 0, none, td->today, NULL);
        if ((st != DEADLINE_SOON && st != DEADLINE_OVERDUE) ||
            json_array_size(td->items) >= EDU_TODO_MAX)
            continue;
        json_array_append_new(
            td->items,
            json_pack("{s:s, s:o, s:s, s:n, s:b, s:o, s:{s:I, s:s}}", "kind",
                      vocab_name(&vocab_review_kind, k), "due", edu_date(due),
                      "state", deadline_state_name(st), "done_on", "late", 0,
                      "last_review", has ? edu_date(last) : json_null(), "unit",
                      "id", (json_int_t)f->unit_id, "name", f->unit_name));
    }
    return 0;
}

static int edu_todo_cmp(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    const char *dx = json_string_value(json_object_get(x, "due"));
    const char *dy = json_string_value(json_object_get(y, "due"));
    /* Undated items (approvals) first, then by due day. */
    if (!dx || !dy)
        return (dx != NULL) - (dy != NULL);
    return strcmp(dx, dy);
}

int api_todo_items(struct api_call *call, struct date today, json_t **out,
                   struct err_info *ei)
{
    struct edu_todo td = {call, today, json_array(), json_object()};
    struct need_filter nf = {.status = NEED_OPEN};
    int rc =
        store_need_list(call->store, &nf, -1, 0, edu_todo_need, &td, NULL, ei);
    if (rc == 0)
        rc = store_edu_facts(call->store, 0, edu_todo_each, &td, ei);
    if (rc == 0)
        rc = api_rotation_todo(call, td.today, td.items, ei);
    if (rc == 0)
        rc = store_review_due_facts(call->store, 0, edu_todo_review, &td, ei);
    json_decref(td.needs);
    if (rc) {
        json_decref(td.items);
        *out = NULL;
        return rc;
    }
    size_t n = json_array_size(td.items);
    json_t **sorted = xcalloc(n + 1, sizeof(*sorted));
    for (size_t i = 0; i < n; i++)
        sorted[i] = json_incref(json_array_get(td.items, i));
    qsort(sorted, n, sizeof(*sorted), edu_todo_cmp);
    json_array_clear(td.items);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(td.items, sorted[i]);
    free(sorted);
    *out = td.items;
    return 0;
}

/*
 * GET /todo?on=YYYY-MM-DD: what is due within 30 days or overdue, and the
 * approvals waiting for the caller, for the trainees in their scope; and
 * the reviews due of the units whose reviews they record.
 */
API_HANDLER(api_todo)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    const char *on = NULL;
    struct date today = edu_today(call);
    int limit = API_LIMIT_DEFAULT, offset = 0;
    int rc = api_arg_date(req, "on", &on, &ei);
    if (rc == 0)
        rc = api_arg_page(req, &limit, &offset, &ei);
    if (rc == 0 && on)
        date_parse(on, &today);
    json_t *all = NULL;
    if (rc == 0)
        rc = api_todo_items(call, today, &all, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    size_t n = json_array_size(all);
    json_t *items = json_array();
    for (size_t i = (size_t)offset; i < n && i < (size_t)offset + (size_t)limit;
         i++)
        json_array_append(items, json_array_get(all, i));
    json_decref(all);
    json_t *o = api_list(items, (int64_t)n, limit, offset);
    json_object_set_new(o, "on", edu_date(today));
    http_json(res, 200, o);
}
