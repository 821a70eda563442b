/* Trainees, their leaves and their rotation needs. */
#include "api/api_impl.h"

#include "domain/training.h"
#include "domain/week.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Bookings a leave's warning names at most. */
#define TRAINEES_WARN_MAX 64

/* An optional week that may be null (STORE_NONE). */
static int trainees_field_opt_week(json_t *o, const char *name, int *out,
                                   struct err_info *ei)
{
    json_t *v = json_object_get(o, name);
    if (v && json_is_null(v)) {
        *out = STORE_NONE;
        return 0;
    }
    return api_field_week(o, name, 0, out, ei);
}

/* ---- trainees ---- */

static json_t *trainee_item_json(const struct trainee_item *it)
{
    const struct trainee *t = &it->trainee;
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:o, s:s, s:{s:I, s:s, s:o, s:I}, s:o, "
        "s:s, s:i, s:s, s:s, s:i, s:i}",
        "id", (json_int_t)t->id, "person_id", (json_int_t)t->person_id, "name",
        it->person.name, "email", it->person.email, "hsa_id",
        api_opt_text(it->person.hsa_id), "specialty",
        api_specialty_ref(&it->specialty), "regulation",
        vocab_name(&vocab_regulation, t->regulation), "home_unit", "id",
        (json_int_t)t->home_unit_id, "name", it->home_unit_name, "area_id",
        api_id(it->home_area_id), "region_id", (json_int_t)it->home_region_id,
        "supervisor_id", api_id(t->supervisor_id), "start_date", t->start_date,
        "fte", t->fte, "planned_end", t->planned_end, "status",
        vocab_name(&vocab_trainee_status, t->status), "open_needs",
        it->open_needs, "open_need_weeks", it->open_need_weeks);
}

static int trainee_each(const struct trainee_item *it, void *arg)
{
    json_array_append_new(arg, trainee_item_json(it));
    return 0;
}

static int trainee_page(struct api_call *call, const struct http_request *req,
                        struct api_page *pg, struct err_info *ei)
{
    struct trainee_filter f = {.status = -1, .regulation = -1};
    int rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "home_unit", &f.home_unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "area", &f.area_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "status", &vocab_trainee_status, &f.status, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "regulation", &vocab_regulation, &f.regulation,
                           ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc = store_trainee_list(call->store, &f, pg->limit, pg->offset,
                                trainee_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_trainees_list)
{
    api_list_run(req, res, ctx, trainee_page);
}

static json_t *leave_json(const struct leave *l)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)l->id,
                     "trainee_id", (json_int_t)l->trainee_id, "from_date",
                     l->from_date, "to_date", l->to_date, "kind",
                     vocab_name(&vocab_leave_kind, l->kind));
}

/* Collects a trainee's leaves: as JSON and as the domain's spans. */
struct trainee_leaves {
    json_t *json;
    struct training_leave *spans;
    size_t n, cap;
};

static int trainee_leave_each(const struct leave *l, void *arg)
{
    struct trainee_leaves *tl = arg;
    struct training_leave span;
    json_array_append_new(tl->json, leave_json(l));
    span.kind = l->kind;
    if (date_parse(l->from_date, &span.from) != 0 ||
        date_parse(l->to_date, &span.to) != 0)
        return 0; /* the schema keeps dates valid; skip rather than fail */
    xgrow((void **)&tl->spans, &tl->cap, tl->n + 1, sizeof(*tl->spans));
    tl->spans[tl->n++] = span;
    return 0;
}

static json_t *need_item_json(const struct need_item *it)
{
    const struct need *n = &it->need;
    return json_pack(
        "{s:I, s:I, s:{s:I, s:s}, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:s}",
        "id", (json_int_t)n->id, "trainee_id", (json_int_t)n->trainee_id,
        "trainee", "id", (json_int_t)n->trainee_id, "name", it->trainee_name,
        "specialty_id", api_id(n->specialty_id), "specialty",
        api_specialty_ref(&it->specialty), "unit_ids",
        api_ids(n->unit_ids, n->nunits), "goal_ids",
        api_ids(n->goal_ids, n->ngoals), "weeks", n->weeks, "patterns",
        api_patterns(n->patterns), "preferred_start",
        api_week(n->preferred_start), "status",
        vocab_name(&vocab_need_status, n->status));
}

static int need_each(const struct need_item *it, void *arg)
{
    json_array_append_new(arg, need_item_json(it));
    return 0;
}

/*
 * The trainee with its person, leaves, needs and projected end of
 * training, as GET /trainees/{id} answers; NULL with ei on failure.
 */
static json_t *trainee_detail(struct store *s, int64_t id, struct err_info *ei)
{
    struct trainee_item it;
    struct trainee_leaves tl = {json_array(), NULL, 0, 0};
    json_t *needs = json_array();
    struct leave_filter lf = {.trainee_id = id, .kind = -1};
    struct need_filter nf = {.trainee_id = id, .status = -1};
    int rc = store_trainee_item_get(s, id, &it, ei);
    if (rc == 0)
        rc = store_leave_list(s, &lf, -1, 0, trainee_leave_each, &tl, NULL, ei);
    if (rc == 0)
        rc = store_need_list(s, &nf, -1, 0, need_each, needs, NULL, ei);
    struct date start, planned, projected, earliest;
    int leave_days = 0;
    if (rc == 0 && (date_parse(it.trainee.start_date, &start) != 0 ||
                    date_parse(it.trainee.planned_end, &planned) != 0))
        rc = err_set(ei, ERR_DB, "", "trainee %lld has unreadable dates",
                     (long long)id);
    if (rc == 0 &&
        (training_earliest_end(it.trainee.regulation, start, it.trainee.fte,
                               tl.spans, (int)tl.n, &earliest, NULL) != 0 ||
         training_projected_end(it.trainee.regulation, start, planned,
                                it.trainee.fte, tl.spans, (int)tl.n, &projected,
                                &leave_days) != 0))
        rc = err_set(ei, ERR_DB, "",
                     "trainee %lld: the end of training cannot be projected",
                     (long long)id);
    free(tl.spans);
    if (rc) {
        json_decref(tl.json);
        json_decref(needs);
        return NULL;
    }
    char p[DATE_STR_MAX], e[DATE_STR_MAX];
    date_format(projected, p);
    date_format(earliest, e);
    json_t *o = trainee_item_json(&it);
    json_object_set_new(o, "leaves", tl.json);
    json_object_set_new(o, "needs", needs);
    json_object_set_new(o, "projected_end", json_string(p));
    struct supervisor_item sv;
    json_object_set_new(o, "supervisor",
                        it.trainee.supervisor_id &&
                                store_supervisor_item_get(
                                    s, it.trainee.supervisor_id, &sv, ei) == 0
                            ? api_supervisor_json(&sv)
                            : json_null());
    json_object_set_new(o, "projection",
                        json_pack("{s:i, s:s, s:i}", "minimum_months",
                                  training_min_months(it.trainee.regulation),
                                  "earliest_end", e, "leave_weekdays",
                                  leave_days));
    return o;
}

static void trainee_send(struct api_call *call, struct http_response *res,
                         int status, int64_t id)
{
    struct err_info ei = {0};
    json_t *o = trainee_detail(call->store, id, &ei);
    if (!o) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, status, o);
}

API_HANDLER(api_trainee_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        trainee_send(ctx, res, 200, id);
}

/*
 * Reads the fields of a trainee body onto p and t (required on create,
 * overlaid on the stored rows on update).
 */
static int trainee_fields(json_t *body, int create, struct person *p,
                          struct trainee *t, struct err_info *ei)
{
    int reg = (int)t->regulation, status = (int)t->status;
    int rc =
        api_field_text(body, "name", create, 1, p->name, sizeof(p->name), ei);
    if (rc == 0)
        rc = api_field_text(body, "email", create, 3, p->email,
                            sizeof(p->email), ei);
    json_t *hsa = json_object_get(body, "hsa_id");
    if (rc == 0 && hsa && json_is_null(hsa))
        p->hsa_id[0] = '\0';
    else if (rc == 0)
        rc = api_field_text(body, "hsa_id", 0, 0, p->hsa_id, sizeof(p->hsa_id),
                            ei);
    if (rc == 0)
        rc =
            api_field_id(body, "specialty_id", create, 0, &t->specialty_id, ei);
    if (rc == 0)
        rc = api_field_vocab(body, "regulation", create, &vocab_regulation,
                             &reg, ei);
    if (rc == 0)
        rc =
            api_field_id(body, "home_unit_id", create, 0, &t->home_unit_id, ei);
    if (rc == 0)
        rc = api_field_id(body, "supervisor_id", 0, 1, &t->supervisor_id, ei);
    if (rc == 0)
        rc = api_field_date(body, "start_date", create, 0, t->start_date, ei);
    if (rc == 0)
        rc = api_field_int(body, "fte", create, 1, 100, &t->fte, ei);
    if (rc == 0)
        rc = api_field_date(body, "planned_end", create, 0, t->planned_end, ei);
    if (rc == 0)
        rc = api_field_vocab(body, "status", 0, &vocab_trainee_status, &status,
                             ei);
    t->regulation = (enum regulation)reg;
    t->status = (enum trainee_status)status;
    return rc;
}

static const char *const trainee_body_fields[] = {
    "name",       "email",        "hsa_id",        "specialty_id",
    "regulation", "home_unit_id", "supervisor_id", "start_date",
    "fte",        "planned_end",  "status",        NULL};

/*
 * Whether the caller may appoint the huvudhandledare of trainee id (0: the
 * new trainee t, by its home unit): the verksamhetschef's duty (004 §3),
 * not every writer of the trainee's record.
 */
static int trainee_may_appoint(struct api_call *call, int64_t id,
                               const struct trainee *t)
{
    struct subject su;
    struct err_info ei = {0};
    if (store_subject(call->store, id ? "trainee" : "unit",
                      id ? id : t->home_unit_id, &su, &ei) != 0)
        return 0;
    if (!id) { /* the unit is the new trainee's home */
        su.home_unit_id = su.unit_id;
        su.home_region_id = su.unit_region_id;
        su.unit_id = su.unit_region_id = 0;
    }
    return api_may(call, -1, "supervisor.appoint", &su);
}

static void trainee_appoint_refused(struct http_response *res)
{
    http_error(res, 403, "forbidden", "supervisor_id",
               "supervisor_id: the verksamhetschef of the trainee's home "
               "unit appoints the huvudhandledare");
}

API_HANDLER(api_trainee_create)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct person p = {0};
    struct trainee t = {0};
    t.status = TRAINEE_ACTIVE;
    int rc = api_fields_known(body, trainee_body_fields, &ei);
    if (rc == 0)
        rc = trainee_fields(body, 1, &p, &t, &ei);
    json_decref(body);
    if (rc == 0 && t.supervisor_id && !trainee_may_appoint(call, 0, &t)) {
        trainee_appoint_refused(res);
        return;
    }
    if (rc == 0)
        rc = store_trainee_create(call->store, &p, &t, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    trainee_send(call, res, 201, t.id);
}

API_HANDLER(api_trainee_update)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct person p;
    struct trainee t;
    int rc = store_trainee_get(call->store, id, &t, &ei);
    if (rc == 0)
        rc = store_person_get(call->store, t.person_id, &p, &ei);
    if (rc) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    int64_t was = t.supervisor_id;
    rc = api_fields_known(body, trainee_body_fields, &ei);
    if (rc == 0)
        rc = trainee_fields(body, 0, &p, &t, &ei);
    json_decref(body);
    if (rc == 0 && t.supervisor_id != was &&
        !trainee_may_appoint(call, id, &t)) {
        trainee_appoint_refused(res);
        return;
    }
    if (rc == 0)
        rc = store_trainee_update(call->store, &p, &t, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    trainee_send(call, res, 200, id);
}

/* ---- leaves ---- */

/*
 * The leave as JSON with its warnings: the requested and confirmed bookings
 * of the trainee that share a week with it, which the director should
 * cancel or move. NULL with ei on failure.
 */
static json_t *leave_with_warnings(struct store *s, const struct leave *l,
                                   struct err_info *ei)
{
    int64_t ids[TRAINEES_WARN_MAX];
    int n = 0;
    if (store_leave_bookings(s, l->trainee_id, l->from_date, l->to_date, ids,
                             TRAINEES_WARN_MAX, &n, ei) != 0)
        return NULL;
    json_t *warnings = json_array();
    if (n > 0)
        json_array_append_new(
            warnings,
            json_pack("{s:s, s:s, s:o}", "code", "booking_overlap", "message",
                      "the trainee has requested or confirmed bookings in "
                      "the weeks of this leave: cancel or move them",
                      "booking_ids", api_ids(ids, n)));
    json_t *o = leave_json(l);
    json_object_set_new(o, "warnings", warnings);
    return o;
}

static void leave_send(struct api_call *call, struct http_response *res,
                       int status, const struct leave *l)
{
    struct err_info ei = {0};
    json_t *o = leave_with_warnings(call->store, l, &ei);
    if (!o) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, status, o);
}

static int leave_each(const struct leave *l, void *arg)
{
    json_array_append_new(arg, leave_json(l));
    return 0;
}

static int leave_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    struct leave_filter f = {.kind = -1};
    int from = STORE_NONE, to = STORE_NONE;
    int rc = api_arg_id(req, "trainee", &f.trainee_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "kind", &vocab_leave_kind, &f.kind, ei);
    if (rc == 0)
        rc = api_arg_week(req, "from", &from, ei);
    if (rc == 0)
        rc = api_arg_week(req, "to", &to, ei);
    if (rc == 0 && from != STORE_NONE && to != STORE_NONE && to < from)
        rc = err_set(ei, ERR_SYNTAX, "to", "to: must not be before from");
    /* Weeks to days: from's Monday to to's Sunday. */
    if (rc == 0 && from != STORE_NONE)
        date_format(week_monday(from), f.from_date);
    if (rc == 0 && to != STORE_NONE)
        date_format(date_from_days(date_to_days(week_monday(to)) + 6),
                    f.to_date);
    if (rc == 0)
        rc = store_leave_list(call->store, &f, pg->limit, pg->offset,
                              leave_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_leaves_list)
{
    api_list_run(req, res, ctx, leave_page);
}

/* Reads the fields of a leave body onto l. */
static int leave_fields(json_t *body, int create, struct leave *l,
                        struct err_info *ei)
{
    int kind = (int)l->kind;
    int rc = api_field_id(body, "trainee_id", create, 0, &l->trainee_id, ei);
    if (rc == 0)
        rc = api_field_date(body, "from_date", create, 0, l->from_date, ei);
    if (rc == 0)
        rc = api_field_date(body, "to_date", create, 0, l->to_date, ei);
    if (rc == 0)
        rc =
            api_field_vocab(body, "kind", create, &vocab_leave_kind, &kind, ei);
    l->kind = (enum leave_kind)kind;
    return rc;
}

static const char *const leave_body_fields[] = {"trainee_id", "from_date",
                                                "to_date", "kind", NULL};

/*
 * Reads a leave body onto l and writes it: inserts it when create, else
 * updates it. Sends the leave as written (201 when created), or why not.
 */
static void leave_write(struct api_call *call, const struct http_request *req,
                        struct http_response *res, struct leave *l, int create)
{
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int rc = api_fields_known(body, leave_body_fields, &ei);
    if (rc == 0)
        rc = leave_fields(body, create, l, &ei);
    json_decref(body);
    if (rc == 0)
        rc = create ? store_leave_insert(call->store, l, &ei)
                    : store_leave_update(call->store, l, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    leave_send(call, res, create ? 201 : 200, l);
}

/* Reads the leave whose id is in the path into l: 0, or 404 sent. */
static int leave_of_path(struct api_call *call, const struct http_request *req,
                         struct http_response *res, struct leave *l)
{
    struct err_info ei = {0};
    int64_t id = 0;
    int rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0)
        rc = store_leave_get(call->store, id, l, &ei);
    if (rc)
        api_fail(res, &ei);
    return rc;
}

API_HANDLER(api_leave_create)
{
    struct leave l = {0};
    leave_write(ctx, req, res, &l, 1);
}

API_HANDLER(api_leave_get)
{
    struct leave l;
    if (leave_of_path(ctx, req, res, &l) == 0)
        leave_send(ctx, res, 200, &l);
}

API_HANDLER(api_leave_update)
{
    struct leave l;
    if (leave_of_path(ctx, req, res, &l) == 0)
        leave_write(ctx, req, res, &l, 0);
}

API_HANDLER(api_leave_delete)
{
    api_delete_run(req, res, ctx, store_leave_delete);
}

/* ---- needs ---- */

static int need_page(struct api_call *call, const struct http_request *req,
                     struct api_page *pg, struct err_info *ei)
{
    struct need_filter f = {.status = -1};
    int rc = api_arg_id(req, "trainee", &f.trainee_id, ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "area", &f.area_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "status", &vocab_need_status, &f.status, ei);
    if (rc == 0)
        rc = store_need_list(call->store, &f, pg->limit, pg->offset, need_each,
                             pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_needs_list)
{
    api_list_run(req, res, ctx, need_page);
}

/* Sends need id with its trainee's name and its specialty's names. */
static void need_send(struct api_call *call, struct http_response *res,
                      int status, int64_t id)
{
    struct err_info ei = {0};
    struct need_item it;
    struct trainee_item ti;
    memset(&it, 0, sizeof(it));
    int rc = store_need_get(call->store, id, &it.need, &ei);
    if (rc == 0)
        rc = store_trainee_item_get(call->store, it.need.trainee_id, &ti, &ei);
    if (rc == 0 && it.need.specialty_id)
        rc = store_specialty_get(call->store, it.need.specialty_id,
                                 &it.specialty, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    it.trainee_person_id = ti.person.id;
    memcpy(it.trainee_name, ti.person.name, sizeof(it.trainee_name));
    http_json(res, status, need_item_json(&it));
}

API_HANDLER(api_need_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        need_send(ctx, res, 200, id);
}

/* Reads the fields of a need body onto n. */
static int need_fields(json_t *body, int create, struct need *n,
                       struct err_info *ei)
{
    int status = (int)n->status;
    int rc = 0;
    if (create)
        rc = api_field_id(body, "trainee_id", 1, 0, &n->trainee_id, ei);
    if (rc == 0)
        rc = api_field_id(body, "specialty_id", 0, 1, &n->specialty_id, ei);
    if (rc == 0)
        rc = api_field_ids(body, "unit_ids", 0, n->unit_ids, &n->nunits, ei);
    if (rc == 0)
        rc = api_field_ids(body, "goal_ids", 0, n->goal_ids, &n->ngoals, ei);
    if (rc == 0)
        rc = api_field_int(body, "weeks", create, PATTERN_WEEKS_MIN,
                           PATTERN_WEEKS_MAX, &n->weeks, ei);
    if (rc == 0)
        rc = api_field_patterns(body, "patterns", create, &n->patterns, ei);
    if (rc == 0)
        rc = trainees_field_opt_week(body, "preferred_start",
                                     &n->preferred_start, ei);
    if (rc == 0 && !create)
        rc =
            api_field_vocab(body, "status", 0, &vocab_need_status, &status, ei);
    n->status = (enum need_status)status;
    return rc;
}

API_HANDLER(api_need_create)
{
    static const char *const fields[] = {
        "trainee_id", "specialty_id", "unit_ids",        "goal_ids",
        "weeks",      "patterns",     "preferred_start", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct need *n = xcalloc(1, sizeof(*n));
    n->preferred_start = STORE_NONE;
    n->status = NEED_OPEN;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = need_fields(body, 1, n, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_need_insert(call->store, n, &ei);
    int64_t id = n->id;
    free(n);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    need_send(call, res, 201, id);
}

API_HANDLER(api_need_update)
{
    static const char *const fields[] = {
        "trainee_id", "specialty_id",    "unit_ids", "goal_ids", "weeks",
        "patterns",   "preferred_start", "status",   NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    struct need *n = xcalloc(1, sizeof(*n));
    int rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0)
        rc = store_need_get(call->store, id, n, &ei);
    if (rc) {
        free(n);
        api_fail(res, &ei);
        return;
    }
    json_t *body = http_body_object(req, res);
    if (!body) {
        free(n);
        return;
    }
    int64_t trainee_id = n->trainee_id;
    rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "trainee_id", 0, 0, &trainee_id, &ei);
    if (rc == 0 && trainee_id != n->trainee_id)
        rc = err_set(&ei, ERR_INVAL, "trainee_id",
                     "trainee_id: a need cannot move to another trainee");
    if (rc == 0)
        rc = need_fields(body, 0, n, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_need_update(call->store, n, &ei);
    free(n);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    need_send(call, res, 200, id);
}

API_HANDLER(api_need_delete)
{
    api_delete_run(req, res, ctx, store_need_delete);
}
