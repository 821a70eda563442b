/*
 * Supervisors (handledare): the list and one supervisor with whom they
 * supervise, their records, and their appointment by the verksamhetschef:
 * huvudhandledare of a trainee, handledare of a rotation at their unit
 * (004 §3). A huvudhandledare without handledarutbildning is flagged
 * ("trained": false) wherever one is shown.
 */
#include "api/api_impl.h"

#include <string.h>

json_t *api_supervisor_json(const struct supervisor_item *it)
{
    const struct supervisor *sv = &it->supervisor;
    return json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:{s:I, s:s}, s:o, s:o, s:b, s:i, s:i}",
        "id", (json_int_t)sv->id, "person_id", (json_int_t)sv->person_id,
        "name", it->person.name, "email", it->person.email, "hsa_id",
        api_opt_text(it->person.hsa_id), "unit", "id", (json_int_t)sv->unit_id,
        "name", it->unit_name, "trained_on", api_opt_text(sv->trained_on),
        "specialist_since", api_opt_text(sv->specialist_since), "trained",
        sv->trained_on[0] != 0, "trainees", it->trainees, "rotations",
        it->rotations);
}

static int supervisor_each(const struct supervisor_item *it, void *arg)
{
    json_array_append_new(arg, api_supervisor_json(it));
    return 0;
}

static int supervisor_page(struct api_call *call,
                           const struct http_request *req, struct api_page *pg,
                           struct err_info *ei)
{
    struct supervisor_filter f = {0};
    int rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc = api_arg_flag(req, "untrained", &f.untrained, ei);
    if (rc == 0)
        rc = store_supervisor_list(call->store, &f, pg->limit, pg->offset,
                                   supervisor_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_supervisors_list)
{
    api_list_run(req, res, ctx, supervisor_page);
}

/* The trainees a supervisor is huvudhandledare of, and the rotations they
 * supervise, appended to o. */
struct supervised {
    json_t *trainees, *rotations;
};

static int supervised_trainee(const struct trainee_item *it, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)it->trainee.id,
                       "name", it->person.name, "status",
                       vocab_name(&vocab_trainee_status, it->trainee.status)));
    return 0;
}

static int supervised_rotation(const struct booking_view *v, void *arg)
{
    const int64_t *sv = ((void **)arg)[0];
    if (v->b.supervisor_id == *sv &&
        (v->b.status == BOOKING_REQUESTED || v->b.status == BOOKING_CONFIRMED))
        json_array_append_new(((void **)arg)[1], api_booking_json(v));
    return 0;
}

/* Sends supervisor id with whom they supervise, if the scope sees them. */
static void supervisor_send(struct api_call *call, struct http_response *res,
                            int status, int64_t id)
{
    struct err_info ei = {0};
    json_t *one = json_array();
    struct supervisor_filter f = {.id = id};
    int64_t total = 0;
    int rc = store_supervisor_list(call->store, &f, 1, 0, supervisor_each, one,
                                   &total, &ei);
    if (rc == 0 && total == 0)
        rc = err_set(&ei, ERR_NOTFOUND, "id", "supervisor %lld does not exist",
                     (long long)id);
    json_t *trainees = json_array(), *rotations = json_array();
    struct trainee_filter tf = {.status = -1, .regulation = -1};
    struct booking_filter bf = {
        .status = -1, .from_week = STORE_NONE, .to_week = STORE_NONE};
    struct supervisor sv;
    if (rc == 0)
        rc = store_supervisor_get(call->store, id, &sv, &ei);
    if (rc == 0) {
        tf.supervisor_id = id;
        rc = store_trainee_list(call->store, &tf, -1, 0, supervised_trainee,
                                trainees, NULL, &ei);
    }
    int64_t n = 0;
    void *arg[2] = {&id, rotations};
    bf.unit_id = sv.unit_id;
    if (rc == 0)
        rc = store_booking_list(call->store, &bf, -1, 0, supervised_rotation,
                                arg, &n, &ei);
    if (rc) {
        json_decref(one);
        json_decref(trainees);
        json_decref(rotations);
        api_fail(res, &ei);
        return;
    }
    json_t *o = json_incref(json_array_get(one, 0));
    json_decref(one);
    json_object_set_new(o, "supervised_trainees", trainees);
    json_object_set_new(o, "supervised_rotations", rotations);
    http_json(res, status, o);
}

API_HANDLER(api_supervisor_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        supervisor_send(ctx, res, 200, id);
}

static int supervisor_dates(json_t *body, struct supervisor *sv,
                            struct err_info *ei)
{
    int rc = api_field_date(body, "trained_on", 0, 1, sv->trained_on, ei);
    if (rc == 0)
        rc = api_field_date(body, "specialist_since", 0, 1,
                            sv->specialist_since, ei);
    return rc;
}

API_HANDLER(api_supervisor_create)
{
    static const char *const fields[] = {
        "person_id",        "name", "email", "hsa_id", "unit_id", "trained_on",
        "specialist_since", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct person p = {0};
    struct supervisor sv = {0};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 1, 0, &sv.unit_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "person_id", 0, 0, &p.id, &ei);
    if (rc == 0 && p.id == 0)
        rc = api_field_text(body, "name", 1, 1, p.name, sizeof(p.name), &ei);
    if (rc == 0 && p.id == 0)
        rc = api_field_text(body, "email", 1, 3, p.email, sizeof(p.email), &ei);
    if (rc == 0 && p.id == 0)
        rc = api_field_text(body, "hsa_id", 0, 0, p.hsa_id, sizeof(p.hsa_id),
                            &ei);
    if (rc == 0 && p.id &&
        (json_object_get(body, "name") || json_object_get(body, "email")))
        rc = err_set(&ei, ERR_INVAL, "person_id",
                     "person_id: name a person, or give a new one's name and "
                     "e-mail, not both");
    if (rc == 0)
        rc = supervisor_dates(body, &sv, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_supervisor_create(call->store, &p, &sv, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    supervisor_send(call, res, 201, sv.id);
}

API_HANDLER(api_supervisor_update)
{
    static const char *const fields[] = {"trained_on", "specialist_since",
                                         NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct supervisor sv;
    int rc = store_supervisor_get(call->store, id, &sv, &ei);
    if (rc == 0 && !api_scope_sees(call, "unit", sv.unit_id))
        rc = err_set(&ei, ERR_NOTFOUND, "id", "supervisor %lld does not exist",
                     (long long)id);
    if (rc) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = supervisor_dates(body, &sv, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_supervisor_update(call->store, &sv, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    supervisor_send(call, res, 200, id);
}

/* Reads {"supervisor_id": id or null} from the body of the path's record. */
static int appointment_body(const struct http_request *req,
                            struct http_response *res, int64_t *id,
                            int64_t *supervisor_id, struct err_info *ei)
{
    static const char *const fields[] = {"supervisor_id", NULL};
    json_t *body = api_path_body(req, res, id);
    if (!body)
        return -1;
    int rc = api_fields_known(body, fields, ei);
    if (rc == 0)
        rc = api_field_id(body, "supervisor_id", 1, 1, supervisor_id, ei);
    json_decref(body);
    if (rc)
        api_fail_body(res, ei);
    return rc;
}

/* PUT /trainees/{id}/supervisor: the verksamhetschef appoints the
 * huvudhandledare. Answers the trainee's supervisor. */
API_HANDLER(api_trainee_appoint)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0, sv = 0;
    if (appointment_body(req, res, &id, &sv, &ei))
        return;
    if (store_trainee_appoint(call->store, id, sv, &ei) != 0) {
        api_fail_body(res, &ei);
        return;
    }
    if (sv == 0) {
        http_json(res, 200,
                  json_pack("{s:I, s:n}", "trainee_id", (json_int_t)id,
                            "supervisor"));
        return;
    }
    struct supervisor_item it;
    if (store_supervisor_item_get(call->store, sv, &it, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200,
              json_pack("{s:I, s:o}", "trainee_id", (json_int_t)id,
                        "supervisor", api_supervisor_json(&it)));
}

/* PUT /bookings/{id}/supervisor: the receiving unit's verksamhetschef
 * appoints the rotation's handledare. Answers the booking. */
API_HANDLER(api_booking_appoint)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0, sv = 0;
    if (appointment_body(req, res, &id, &sv, &ei))
        return;
    struct booking_view v;
    int rc = store_booking_appoint(call->store, id, sv, &ei);
    if (rc == 0)
        rc = store_booking_view(call->store, id, &v, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 200, api_booking_json(&v));
}
