/*
 * Units and their capacity periods.
 *
 * A unit in a list carries the names of its specialty, provider, area and
 * site (one JOIN in the store), so a page can show it without more calls;
 * a single unit adds its goal_ids and its capacity periods that have not
 * ended yet.
 *
 * Capacity weeks are ISO weeks; to_week is the period's last week,
 * inclusive (the store keeps the week after it). The periods of one unit
 * never overlap: a clash is 409 naming from_week.
 *
 * Seats below what bookings occupy: a head of unit must be able to reduce
 * seats at short notice (staff on sick leave, a closure), so POST and PATCH
 * accept it and answer with "warnings", one per week from this week on in
 * which bookings that hold seats (requested, confirmed, completed) then
 * occupy more than the unit offers (weeks a PATCH cut off the period
 * included):
 *   {"code": "overbooked", "week": "2027-W12", "seats": 1,
 *    "occupancy_pct": 160, "message": "..."}
 * (occupancy_pct in hundredths of a seat: 160 is 1.6 seats), so that the
 * director of study sees at once whom to re-plan. A DELETE cannot carry
 * warnings (204), and deleting would hide the closure, so it is refused
 * with 409 while bookings occupy the period; setting seats to 0 closes it
 * on record instead.
 */
#include "api/api_impl.h"

#include "domain/week.h"

#include <stdio.h>

/* ---- JSON shapes ---- */

static json_t *api_unit_json(const struct unit_item *it)
{
    const struct unit *u = &it->unit;
    json_t *area = it->area.id
                       ? json_pack("{s:I, s:s}", "id", (json_int_t)it->area.id,
                                   "name", it->area.name)
                       : json_null();
    json_t *site = it->site.id ? json_pack("{s:I, s:s, s:s}", "id",
                                           (json_int_t)it->site.id, "name",
                                           it->site.name, "city", it->site.city)
                               : json_null();
    return json_pack("{s:I, s:s, s:s, s:o, s:b, s:o, s:I,"
                     " s:o, s:{s:I, s:s, s:o}, s:o, s:o}",
                     "id", (json_int_t)u->id, "name", u->name, "hsa_id",
                     u->hsa_id, "kind", api_vocab(&vocab_unit_kind, u->kind),
                     "takes_trainees", u->takes_trainees, "max_away",
                     u->max_away == STORE_NONE ? json_null()
                                               : json_integer(u->max_away),
                     "region_id", (json_int_t)u->region_id, "specialty",
                     api_specialty_ref(&it->specialty), "provider", "id",
                     (json_int_t)it->provider.id, "name", it->provider.name,
                     "kind", api_vocab(&vocab_provider_kind, it->provider.kind),
                     "area", area, "site", site);
}

static json_t *api_capacity_json(const struct capacity *c)
{
    return json_pack("{s:I, s:I, s:o, s:o, s:i, s:o, s:s}", "id",
                     (json_int_t)c->id, "unit_id", (json_int_t)c->unit_id,
                     "from_week", api_week(c->from_week), "to_week",
                     api_week_last(c->to_week), "seats", c->seats, "patterns",
                     api_patterns(c->patterns), "note", c->note);
}

static int api_unit_item(const struct unit_item *it, void *arg)
{
    return json_array_append_new(arg, api_unit_json(it)) ? 1 : 0;
}

static int api_capacity_item(const struct capacity *c, void *arg)
{
    return json_array_append_new(arg, api_capacity_json(c)) ? 1 : 0;
}

/* ---- units ---- */

static int api_unit_page(struct api_call *call, const struct http_request *req,
                         struct api_page *pg, struct err_info *ei)
{
    struct unit_filter f = {0};
    f.provider_kind = f.kind = f.takes_trainees = -1;
    int rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "area", &f.area_id, ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "provider", &f.provider_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "provider_type", &vocab_provider_kind,
                           &f.provider_kind, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "kind", &vocab_unit_kind, &f.kind, ei);
    if (rc == 0)
        rc = api_arg_flag(req, "takes_trainees", &f.takes_trainees, ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc = store_unit_list(call->store, &f, pg->limit, pg->offset,
                             api_unit_item, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_units_list)
{
    api_list_run(req, res, ctx, api_unit_page);
}

/* Sends unit id with its goals and the periods that have not ended. */
static void api_unit_send(struct http_response *res, struct store *s,
                          int64_t id)
{
    struct err_info ei = {0};
    struct unit_item it;
    if (store_unit_item_get(s, id, &it, &ei)) {
        api_fail(res, &ei);
        return;
    }
    struct capacity_filter f = {id, 0, api_this_week(), STORE_NONE};
    json_t *periods = json_array();
    int rc = store_capacity_list(s, &f, -1, 0, api_capacity_item, periods, NULL,
                                 &ei);
    json_t *o = api_unit_json(&it);
    if (rc || !o) {
        json_decref(periods);
        json_decref(o);
        if (rc < 0)
            api_fail(res, &ei);
        else
            http_error(res, 500, "internal", NULL, "could not build the unit");
        return;
    }
    json_object_set_new(o, "goal_ids",
                        api_ids(it.unit.goal_ids, it.unit.ngoals));
    json_object_set_new(o, "capacity", periods);
    http_json(res, 200, o);
}

API_HANDLER(api_unit_get)
{
    struct api_call *call = ctx;
    int64_t id;
    if (api_path_id_or_404(req, res, &id) == 0)
        api_unit_send(res, call->store, id);
}

/* An integer lo..hi, or null for STORE_NONE; absent leaves *out. */
static int api_field_opt_int(json_t *o, const char *name, int lo, int hi,
                             int *out, struct err_info *ei)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return 0;
    if (json_is_null(v)) {
        *out = STORE_NONE;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be a whole number %d to %d, or null", name, lo,
                       hi);
    *out = (int)json_integer_value(v);
    return 0;
}

/* Every id of goal_ids must be a goal; names the first that is not. */
static int api_goals_exist(struct store *s, const struct unit *u,
                           struct err_info *ei)
{
    for (int i = 0; i < u->ngoals; i++) {
        struct goal g;
        int rc = store_goal_get(s, u->goal_ids[i], &g, ei);
        if (rc == ERR_NOTFOUND)
            return err_set(ei, ERR_INVAL, "goal_ids",
                           "goal_ids: there is no goal %lld",
                           (long long)u->goal_ids[i]);
        if (rc)
            return rc;
    }
    return 0;
}

API_HANDLER(api_unit_update)
{
    static const char *const fields[] = {"name", "takes_trainees", "max_away",
                                         "goal_ids", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct unit u;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0 && (rc = store_unit_get(call->store, id, &u, &ei)) != 0) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    if (rc == 0)
        rc = api_field_text(body, "name", 0, 1, u.name, sizeof(u.name), &ei);
    if (rc == 0)
        rc = api_field_bool(body, "takes_trainees", 0, &u.takes_trainees, &ei);
    if (rc == 0)
        rc = api_field_opt_int(body, "max_away", 0, 1000, &u.max_away, &ei);
    if (rc == 0)
        rc = api_field_ids(body, "goal_ids", 0, u.goal_ids, &u.ngoals, &ei);
    if (rc == 0 && json_object_get(body, "goal_ids"))
        rc = api_goals_exist(call->store, &u, &ei);
    if (rc == 0 && json_object_size(body) > 0)
        rc = store_unit_update(call->store, &u, &ei);
    json_decref(body);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    api_unit_send(res, call->store, id);
}

/* ---- capacity ---- */

static int api_capacity_page(struct api_call *call,
                             const struct http_request *req,
                             struct api_page *pg, struct err_info *ei)
{
    struct capacity_filter f = {0, 0, STORE_NONE, STORE_NONE};
    int to = STORE_NONE;
    int rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_week(req, "from", &f.from_week, ei);
    if (rc == 0)
        rc = api_arg_week(req, "to", &to, ei);
    if (rc)
        return rc;
    if (to != STORE_NONE && f.from_week != STORE_NONE && to < f.from_week)
        return err_set(ei, ERR_SYNTAX, "to", "to: must not be before from");
    if (to != STORE_NONE)
        f.to_week = to + 1; /* the last week asked for, inclusive */
    return store_capacity_list(call->store, &f, pg->limit, pg->offset,
                               api_capacity_item, pg->items, &pg->total, ei);
}

API_HANDLER(api_capacity_list)
{
    api_list_run(req, res, ctx, api_capacity_page);
}

/* Adds one overbooked week to the JSON array arg. */
static int api_overbooked_item(int week, int seats, int occupancy, void *arg)
{
    char w[WEEK_STR_MAX], used[16], msg[128];
    week_format(week, w);
    if (occupancy % 100 == 0) /* 2, 1.6, 1.25 */
        snprintf(used, sizeof(used), "%d", occupancy / 100);
    else if (occupancy % 10 == 0)
        snprintf(used, sizeof(used), "%d.%d", occupancy / 100,
                 occupancy % 100 / 10);
    else
        snprintf(used, sizeof(used), "%d.%02d", occupancy / 100,
                 occupancy % 100);
    snprintf(msg, sizeof(msg),
             "%s: bookings occupy %s seats, the unit offers %d", w, used,
             seats);
    json_t *o =
        json_pack("{s:s, s:s, s:i, s:i, s:s}", "code", "overbooked", "week", w,
                  "seats", seats, "occupancy_pct", occupancy, "message", msg);
    return json_array_append_new(arg, o) ? 1 : 0;
}

/*
 * Sends period c with the weeks of [from, to) that bookings overbook, with
 * status (201 or 200). Weeks already past are history, not warnings.
 */
static void api_capacity_send(struct http_response *res, struct store *s,
                              int status, const struct capacity *c, int from,
                              int to)
{
    struct err_info ei = {0};
    json_t *warnings = json_array();
    int now = api_this_week();
    if (from < now)
        from = now;
    int rc = store_unit_overbooked(s, c->unit_id, from, to, api_overbooked_item,
                                   warnings, &ei);
    json_t *o = api_capacity_json(c);
    if (rc || !o) {
        json_decref(warnings);
        json_decref(o);
        if (rc < 0)
            api_fail(res, &ei);
        else
            http_error(res, 500, "internal", NULL,
                       "could not build the answer");
        return;
    }
    json_object_set_new(o, "warnings", warnings);
    http_json(res, status, o);
}

/*
 * Reads from_week and to_week (the last week, inclusive) onto c, whose
 * to_week is exclusive, and checks that the period is not empty.
 */
static int api_capacity_weeks(json_t *body, int required, struct capacity *c,
                              struct err_info *ei)
{
    int last = c->to_week - 1;
    int rc = api_field_week(body, "from_week", required, &c->from_week, ei);
    if (rc == 0)
        rc = api_field_week(body, "to_week", required, &last, ei);
    if (rc)
        return rc;
    if (last < c->from_week) {
        const char *field =
            json_object_get(body, "to_week") ? "to_week" : "from_week";
        return err_set(ei, ERR_INVAL, field,
                       "%s: the period's last week (to_week) must not be "
                       "before its first (from_week)",
                       field);
    }
    c->to_week = last + 1;
    return 0;
}

/*
 * Reads the fields of a period body but unit_id onto c: the weeks and seats
 * are required when create, else absent fields keep c's values.
 */
static int api_capacity_fields_read(json_t *body, int create,
                                    struct capacity *c, struct err_info *ei)
{
    int rc = api_capacity_weeks(body, create, c, ei);
    if (rc == 0)
        rc = api_field_int(body, "seats", create, 0, 1000, &c->seats, ei);
    if (rc == 0)
        rc = api_field_patterns(body, "patterns", 0, &c->patterns, ei);
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, c->note, sizeof(c->note), ei);
    return rc;
}

static const char *const api_capacity_fields[] = {
    "unit_id", "from_week", "to_week", "seats", "patterns", "note", NULL};

API_HANDLER(api_capacity_create)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct capacity c = {0};
    c.patterns = PATTERN_BIT(PATTERN_FULL);
    c.to_week = WEEK_MIN + 1;
    int rc = api_fields_known(body, api_capacity_fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 1, 0, &c.unit_id, &ei);
    if (rc == 0)
        rc = api_capacity_fields_read(body, 1, &c, &ei);
    json_decref(body);
    struct unit u;
    if (rc == 0 && store_unit_get(call->store, c.unit_id, &u, &ei) != 0)
        rc = err_set(&ei, ERR_INVAL, "unit_id",
                     "unit_id: there is no unit %lld", (long long)c.unit_id);
    if (rc == 0)
        rc = store_capacity_insert(call->store, &c, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    api_capacity_send(res, call->store, 201, &c, c.from_week, c.to_week);
}

/* Reads period id as JSON into *out. */
static int api_capacity_one(struct store *s, int64_t id, json_t **out,
                            struct err_info *ei)
{
    struct capacity c;
    int rc = store_capacity_get(s, id, &c, ei);
    *out = rc ? NULL : api_capacity_json(&c);
    return rc;
}

API_HANDLER(api_capacity_get)
{
    api_get_run(req, res, ctx, api_capacity_one);
}

API_HANDLER(api_capacity_update)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct capacity before, c;
    int rc = 0;
    if (json_object_get(body, "unit_id"))
        rc = err_set(&ei, ERR_INVAL, "unit_id",
                     "unit_id: a period stays with its unit; create a new "
                     "period at the other unit");
    if (rc == 0)
        rc = api_fields_known(body, api_capacity_fields, &ei);
    if (rc == 0 &&
        (rc = store_capacity_get(call->store, id, &before, &ei)) != 0) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    c = before;
    if (rc == 0)
        rc = api_capacity_fields_read(body, 0, &c, &ei);
    if (rc == 0 && json_object_size(body) > 0)
        rc = store_capacity_update(call->store, &c, &ei);
    json_decref(body);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    /* Weeks the period gave up have no seats now: warn about them too. */
    int from = c.from_week < before.from_week ? c.from_week : before.from_week;
    int to = c.to_week > before.to_week ? c.to_week : before.to_week;
    api_capacity_send(res, call->store, 200, &c, from, to);
}

API_HANDLER(api_capacity_delete)
{
    api_delete_run(req, res, ctx, store_capacity_delete);
}
