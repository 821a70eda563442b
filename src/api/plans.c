/*
 * Plan runs over HTTP: queueing the optimiser on the region's open needs,
 * following its progress, cancelling it, reading the proposal and turning
 * chosen proposals into booking requests. The planning layer (plan/job.h)
 * solves the runs; this file is only their JSON.
 */
#include "api/api_impl.h"

#include "plan/job.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds a run may take by default, and at most, when asked over HTTP. */
#define PLAN_TIME_DEFAULT 20
#define PLAN_TIME_MAX     600
/* Solver threads of a run started over HTTP: the server's other work
 * keeps the rest of the machine. */
#define PLAN_THREADS 1
/* Runs that may wait at once; more is refused (409) rather than queued. */
#define PLAN_QUEUE_MAX 8
/* The largest seed accepted: what JSON numbers hold exactly. */
#define PLAN_SEED_MAX 9007199254740991LL
/* Needs one apply may turn into requests. */
#define PLAN_APPLY_MAX 2000

/* ---- JSON ---- */

/* A score, or null when there is none yet. */
static json_t *plan_json_score(int64_t v)
{
    return v == STORE_NO_SCORE ? json_null() : json_integer(v);
}

/* Seconds to the millisecond: more digits tell nothing. */
static double plan_seconds(double s)
{
    return (double)(int64_t)(s * 1000 + 0.5) / 1000;
}

/* (best - bound) / best, or null while either is unknown. */
static json_t *plan_gap(int64_t best, int64_t bound)
{
    if (best == STORE_NO_SCORE || bound == STORE_NO_SCORE)
        return json_null();
    if (best <= 0)
        return json_real(0);
    double gap = (double)(best - bound) / (double)best;
    return json_real(gap < 0 ? 0 : gap);
}

static json_t *plan_run_json(const struct plan_run *r)
{
    json_t *horizon = json_null();
    if (r->horizon_start != STORE_NONE && r->horizon_weeks > 0)
        horizon = json_pack("{s:o, s:o, s:i}", "start_week",
                            api_week(r->horizon_start), "end_week",
                            api_week(r->horizon_start + r->horizon_weeks - 1),
                            "weeks", r->horizon_weeks);
    return json_pack(
        "{s:I, s:s, s:s, s:{s:I, s:s, s:s}, s:o, s:s, s:o, s:o, s:f, s:I, "
        "s:{s:f, s:o, s:o, s:o, s:I}, s:o, s:o, s:o, s:i, s:i, s:i, s:i, "
        "s:o}",
        "id", (json_int_t)r->id, "status",
        vocab_name(&store_plan_status, r->status), "phase", r->phase, "region",
        "id", (json_int_t)r->region_id, "code", r->region_code, "name",
        r->region_name, "specialty", api_specialty_ref(&r->specialty),
        "created_at", r->created_at, "started_at", api_opt_text(r->started_at),
        "finished_at", api_opt_text(r->finished_at), "time_limit",
        r->time_limit, "seed", (json_int_t)r->seed, "progress", "seconds",
        plan_seconds(r->seconds), "best", plan_json_score(r->best), "bound",
        plan_json_score(r->bound), "gap", plan_gap(r->best, r->bound),
        "iterations", (json_int_t)r->iterations, "score",
        plan_json_score(r->score), "lower_bound",
        plan_json_score(r->lower_bound), "horizon", horizon, "needs", r->needs,
        "assigned", r->assigned, "fixed", r->fixed, "unplaced", r->unplaced,
        "error", api_opt_text(r->error));
}

/* A unit {id, name}, or null for none. */
static json_t *plan_unit(int64_t id, const char *name)
{
    return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name)
              : json_null();
}

/* A week of the plan's horizon as an ISO week, or null. */
static json_t *plan_why_week(json_t *w, int start_week, int last)
{
    if (!json_is_integer(w))
        return json_null();
    int serial = start_week + (int)json_integer_value(w);
    return last ? api_week_last(serial) : api_week(serial);
}

/* "u12" or "n5" as the database id 12 or 5, or null. */
static json_t *plan_why_id(json_t *id, char prefix)
{
    const char *s = json_string_value(id);
    char *end = NULL;
    long long v = s && s[0] == prefix ? strtoll(s + 1, &end, 10) : 0;
    return v > 0 && end && !*end ? json_integer(v) : json_null();
}

/* A unit of the "why": {"id", "name"} with the database id. */
static json_t *plan_why_unit(json_t *u)
{
    json_t *name = json_object_get(u, "name");
    return json_pack("{s:o, s:s}", "id",
                     plan_why_id(json_object_get(u, "id"), 'u'), "name",
                     json_is_string(name) ? json_string_value(name) : "");
}

/*
 * The reason of an unplaced need as data (the plan's "why", see
 * planning-format's unplaced entries): database ids and ISO weeks, so that
 * the UI words it in the reader's language. null when there is none.
 */
static json_t *plan_why_json(const char *text, int start_week)
{
    json_t *w = text[0] ? json_loads(text, 0, NULL) : NULL;
    if (!json_is_object(w)) {
        json_decref(w);
        return json_null();
    }
    json_t *units = json_array(), *u, *patterns = json_array(), *pt;
    size_t i;
    json_array_foreach(json_object_get(w, "units"), i, u)
        json_array_append_new(units, plan_why_unit(u));
    json_array_foreach(json_object_get(w, "patterns"), i,
                       pt) if (json_is_string(pt))
        json_array_append(patterns, pt);
    json_t *full = json_object_get(w, "full");
    json_t *full_out = json_null();
    if (json_is_object(full))
        full_out = json_pack(
            "{s:o, s:o, s:o}", "unit", plan_why_unit(full), "from_week",
            plan_why_week(json_object_get(full, "from"), start_week, 0),
            "to_week",
            plan_why_week(json_object_get(full, "to"), start_week, 1));
    json_t *specialty = json_object_get(w, "specialty");
    json_t *out = json_pack(
        "{s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o}",
        "kind",
        json_is_string(json_object_get(w, "kind"))
            ? json_string_value(json_object_get(w, "kind"))
            : "",
        "units", units, "more_units",
        (json_int_t)json_integer_value(json_object_get(w, "more_units")),
        "from_week", plan_why_week(json_object_get(w, "from"), start_week, 0),
        "to_week", plan_why_week(json_object_get(w, "to"), start_week, 1),
        "weeks",
        json_is_integer(json_object_get(w, "weeks"))
            ? json_integer(json_integer_value(json_object_get(w, "weeks")))
            : json_null(),
        "deadline_week",
        plan_why_week(json_object_get(w, "deadline"), start_week, 0), "late",
        (json_int_t)json_integer_value(json_object_get(w, "late")), "limit",
        (json_int_t)json_integer_value(json_object_get(w, "limit")),
        "waits_for", plan_why_id(json_object_get(w, "waits_for"), 'n'), "full",
        full_out, "patterns", patterns, "specialty",
        json_is_string(specialty) ? json_string(json_string_value(specialty))
                                  : json_null());
    json_decref(w);
    return out;
}

static json_t *plan_item_json(const struct plan_item *it, int start_week)
{
    json_t *booking = json_null();
    const struct booking *b = &it->booking;
    if (b->id)
        booking = json_pack(
            "{s:I, s:o, s:o, s:o, s:s, s:i, s:s}", "id", (json_int_t)b->id,
            "unit", plan_unit(b->unit_id, it->booking_unit_name), "start_week",
            api_week(b->start_week), "end_week", api_week_last(b->end_week),
            "pattern", pattern_name(b->pattern), "weeks", b->weeks, "status",
            vocab_name(&vocab_booking_status, b->status));
    int placed = it->status != PLAN_ITEM_UNPLACED;
    json_t *out = json_pack(
        "{s:I, s:{s:I, s:s}, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:o, s:o}",
        "need_id", (json_int_t)it->need_id, "trainee", "id",
        (json_int_t)it->trainee_id, "name", it->trainee_name, "specialty",
        api_specialty_ref(&it->specialty), "unit",
        plan_unit(it->unit_id, it->unit_name), "start_week",
        placed ? api_week(it->start_week) : json_null(), "end_week",
        placed ? api_week_last(it->end_week) : json_null(), "pattern",
        placed ? json_string(pattern_name((enum pattern)it->pattern))
               : json_null(),
        "weeks", it->weeks, "status",
        vocab_name(&store_plan_item_status, it->status), "reason",
        api_opt_text(it->reason), "booking", booking);
    json_object_set_new(out, "form_id",
                        it->form_id ? json_integer((json_int_t)it->form_id)
                                    : json_null());
    if (it->status == PLAN_ITEM_UNPLACED)
        json_object_set_new(out, "why", plan_why_json(it->why, start_week));
    else
        json_object_set_new(out, "why", json_null());
    return out;
}

static json_t *plan_proposal_json(const struct plan_proposal *p)
{
    json_t *items = json_array(), *bottlenecks = json_array();
    for (int i = 0; i < p->nitems; i++)
        json_array_append_new(items,
                              plan_item_json(&p->items[i], p->start_week));
    for (int i = 0; i < p->nbottlenecks; i++) {
        const struct plan_bottleneck *b = &p->bottlenecks[i];
        json_array_append_new(bottlenecks,
                              json_pack("{s:o, s:o, s:o, s:I}", "unit",
                                        plan_unit(b->unit_id, b->unit_name),
                                        "from_week", api_week(b->from_week),
                                        "to_week", api_week_last(b->to_week),
                                        "gain", (json_int_t)b->gain));
    }
    return json_pack("{s:I, s:{s:o, s:o, s:i}, s:o, s:o}", "run_id",
                     (json_int_t)p->run_id, "horizon", "start_week",
                     api_week(p->start_week), "end_week",
                     api_week(p->start_week + p->weeks - 1), "weeks", p->weeks,
                     "items", items, "bottlenecks", bottlenecks);
}

/* ---- reading a request ---- */

/* Field name as an id or a code (find looks codes up); null: none. */
static int plan_field_ref(json_t *body, const char *name, int64_t *out,
                          int (*find)(struct store *, const char *, int64_t *,
                                      struct err_info *),
                          int (*exists)(struct store *, int64_t),
                          struct store *s, struct err_info *ei)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 1) {
        *out = json_integer_value(v);
        if (!exists(s, *out))
            return err_set(ei, ERR_INVAL, name, "%s: no %s with id %lld", name,
                           name, (long long)*out);
        return 0;
    }
    if (json_is_string(v) && json_string_length(v) > 0 &&
        json_string_length(v) < STORE_CODE_MAX) {
        int rc = find(s, json_string_value(v), out, ei);
        if (rc == ERR_NOTFOUND)
            return err_set(ei, ERR_INVAL, name, "%s: no %s with code %.64s",
                           name, name, json_string_value(v));
        return rc;
    }
    return err_set(ei, ERR_INVAL, name, "%s: must be an id or a code", name);
}

static int plan_specialty_exists(struct store *s, int64_t id)
{
    struct specialty sp;
    return store_specialty_get(s, id, &sp, NULL) == 0;
}

static int plan_region_exists(struct store *s, int64_t id)
{
    struct region r;
    return store_region_get(s, id, &r, NULL) == 0;
}

/* Finds a region by code, or the only one with code NULL. */
struct plan_region_find {
    const char *code;
    int64_t id;
};

static int plan_region_each(const struct region *r, void *arg)
{
    struct plan_region_find *f = arg;
    if (f->code && strcmp(r->code, f->code) == 0)
        f->id = r->id;
    else if (!f->code)
        f->id = r->id;
    return 0;
}

static int plan_region_find(struct store *s, const char *code, int64_t *out,
                            struct err_info *ei)
{
    struct plan_region_find f = {code, 0};
    int64_t total = 0;
    int rc = store_region_list(s, -1, 0, plan_region_each, &f, &total, ei);
    if (rc == 0 && !code && total != 1)
        return err_set(ei, ERR_INVAL, "region",
                       "region: is required: the database holds %lld "
                       "regions",
                       (long long)total);
    if (rc == 0 && !f.id)
        return err_set(ei, ERR_NOTFOUND, "region", "no region %.64s",
                       code ? code : "");
    if (rc == 0)
        *out = f.id;
    return rc;
}

/* The body of POST /plans into a run to queue. */
static int plan_read_body(struct api_call *call, json_t *body,
                          struct plan_run *r, struct err_info *ei)
{
    static const char *const fields[] = {"region", "specialty", "time_limit",
                                         "seed", NULL};
    int limit = PLAN_TIME_DEFAULT;
    int rc = api_fields_known(body, fields, ei);
    if (rc == 0)
        rc = plan_field_ref(body, "region", &r->region_id, plan_region_find,
                            plan_region_exists, call->store, ei);
    if (rc == 0 && !r->region_id)
        rc = plan_region_find(call->store, NULL, &r->region_id, ei);
    if (rc == 0)
        rc = plan_field_ref(body, "specialty", &r->specialty.id,
                            store_specialty_find, plan_specialty_exists,
                            call->store, ei);
    if (rc == 0)
        rc = api_field_int(body, "time_limit", 0, 1, PLAN_TIME_MAX, &limit, ei);
    json_t *seed = json_object_get(body, "seed");
    if (rc == 0 && seed &&
        (!json_is_integer(seed) || json_integer_value(seed) < 0 ||
         json_integer_value(seed) > PLAN_SEED_MAX))
        rc = err_set(ei, ERR_INVAL, "seed",
                     "seed: must be a whole number 0 to %lld", PLAN_SEED_MAX);
    r->time_limit = limit;
    r->seed = seed ? json_integer_value(seed) : 1;
    r->threads = PLAN_THREADS;
    return rc;
}

/* ---- handlers ---- */

static int plan_each(const struct plan_run *r, void *arg)
{
    json_array_append_new(arg, plan_run_json(r));
    return 0;
}

static int plans_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    struct plan_run_filter f = {-1};
    int rc = api_arg_vocab(req, "status", &store_plan_status, &f.status, ei);
    if (rc == 0)
        rc = store_plan_run_list(call->store, &f, pg->limit, pg->offset,
                                 plan_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_plans_list)
{
    api_list_run(req, res, ctx, plans_page);
}

static int plan_get(struct store *s, int64_t id, json_t **out,
                    struct err_info *ei)
{
    struct plan_run r;
    int rc = store_plan_run_get(s, id, &r, ei);
    if (rc == 0)
        *out = plan_run_json(&r);
    return rc;
}

API_HANDLER(api_plan_get)
{
    api_get_run(req, res, ctx, plan_get);
}

/* Sends run r with status and its Location. */
static void plan_send(struct http_response *res, int status,
                      const struct plan_run *r)
{
    char location[64];
    snprintf(location, sizeof(location), "/api/v1/plans/%lld",
             (long long)r->id);
    http_json(res, status, plan_run_json(r));
    http_header(res, "Location", location);
}

API_HANDLER(api_plan_create)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct plan_run r = {0};
    int rc = plan_read_body(call, body, &r, &ei);
    json_decref(body);
    /* A region outside the caller's scope answers as one that does not
     * exist. */
    if (rc == 0 && !api_scope_sees(call, "region", r.region_id))
        rc = err_set(&ei, ERR_NOTFOUND, "region", "no region %lld",
                     (long long)r.region_id);
    int64_t queued = 0, running = 0;
    if (rc == 0)
        rc = store_plan_run_active(call->store, &queued, &running, &ei);
    if (rc == 0 && queued >= PLAN_QUEUE_MAX)
        rc = err_set(&ei, ERR_CONFLICT, "",
                     "%lld plan runs are waiting already: cancel one or let "
                     "them finish first",
                     (long long)queued);
    if (rc == 0)
        rc = store_plan_run_create(call->store, &r, PLAN_QUEUED, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    plan_worker_poke(api_planner(call->api));
    plan_send(res, 202, &r);
}

API_HANDLER(api_plan_proposal)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct plan_proposal p;
    if (store_plan_proposal(call->store, id, &p, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    /* The proposal names every trainee of the run: its reading is logged
     * as an export. */
    char detail[64];
    snprintf(detail, sizeof(detail), "plan run %lld proposal", (long long)id);
    api_event(call, req, call->auth.username, "export", detail);
    http_json(res, 200, plan_proposal_json(&p));
    store_plan_proposal_release(&p);
}

API_HANDLER(api_plan_cancel)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct plan_run r;
    if (store_plan_run_cancel(call->store, id, &r, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    plan_worker_cancel(api_planner(call->api), id);
    plan_send(res, 202, &r);
}

/* The body of POST /plans/{id}/apply: {"needs": [ids]}. */
static int plan_read_needs(json_t *body, int64_t **needs, int *n,
                           struct err_info *ei)
{
    static const char *const fields[] = {"needs", NULL};
    int rc = api_fields_known(body, fields, ei);
    json_t *v = json_object_get(body, "needs");
    if (rc == 0 && !v)
        return err_set(ei, ERR_INVAL, "needs", "needs: is required");
    if (rc == 0 && (!json_is_array(v) || json_array_size(v) < 1 ||
                    json_array_size(v) > PLAN_APPLY_MAX))
        return err_set(ei, ERR_INVAL, "needs",
                       "needs: must be a list of 1 to %d need ids",
                       PLAN_APPLY_MAX);
    if (rc)
        return rc;
    *n = (int)json_array_size(v);
    *needs = xcalloc((size_t)*n, sizeof(**needs));
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_integer(e) || json_integer_value(e) < 1)
            return err_set(ei, ERR_INVAL, "needs",
                           "needs: item %zu must be a need id (1 or more)", i);
        (*needs)[i] = json_integer_value(e);
    }
    return 0;
}

API_HANDLER(api_plan_apply)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int64_t *needs = NULL, *bookings = NULL;
    int n = 0;
    int rc = plan_read_needs(body, &needs, &n, &ei);
    json_decref(body);
    char actor[STORE_NAME_MAX];
    snprintf(actor, sizeof(actor), "%s (plan run %lld)", call->auth.username,
             (long long)id);
    if (rc == 0) {
        bookings = xcalloc((size_t)n, sizeof(*bookings));
        rc = store_plan_apply(call->store, id, needs, n, actor, bookings, &ei);
    }
    json_t *list = json_array();
    for (int i = 0; rc == 0 && i < n; i++) {
        struct booking_view v;
        rc = store_booking_view(call->store, bookings[i], &v, &ei);
        if (rc == 0)
            json_array_append_new(list, api_booking_json(&v));
    }
    free(needs);
    free(bookings);
    if (rc) {
        json_decref(list);
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 201, json_pack("{s:o}", "bookings", list));
}
