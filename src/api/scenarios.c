/*
 * What-if scenarios (issue 18): /api/v1/scenarios. A scenario is a
 * region's planning data with changes; running it plans the baseline and
 * the scenario in the planner's worker (src/plan/scenario.c) and stores
 * both summaries for the side-by-side comparison. Never a booking.
 */
#include "api/api_impl.h"

#include "plan/job.h"
#include "plan/scenario.h"
#include "store/scenarios.h"

#include <stdlib.h>
#include <string.h>

static json_t *scenario_json(const struct scenario *sc)
{
    return json_pack(
        "{s:I, s:s, s:I, s:o, s:s, s:o, s:s, s:i, s:{s:s, s:f}, "
        "s:o, s:i}",
        "id", (json_int_t)sc->id, "name", sc->name, "region_id",
        (json_int_t)sc->region_id, "specialty_id",
        sc->specialty_id ? json_integer(sc->specialty_id) : json_null(),
        "created_at", sc->created_at, "finished_at",
        api_opt_text(sc->finished_at), "status", sc->status, "time_limit",
        sc->time_limit, "progress", "phase", sc->phase, "seconds", sc->seconds,
        "error", api_opt_text(sc->error), "changes_count", sc->nchanges);
}

/* The scenario with its changes and the results of its last run. */
static int scenario_one(struct store *s, int64_t id, json_t **out,
                        struct err_info *ei)
{
    struct scenario sc;
    struct buf changes = BUF_INIT(0), results = BUF_INIT(0);
    int rc = store_scenario_get(s, id, &sc, ei);
    if (rc == 0)
        rc = store_scenario_changes(s, id, &changes, ei);
    if (rc == 0)
        rc = store_scenario_results(s, id, &results, ei);
    if (rc == 0) {
        *out = scenario_json(&sc);
        json_t *c = json_loads(changes.data, 0, NULL);
        json_t *r = json_loads(results.data, 0, NULL);
        json_object_set_new(*out, "changes", c ? c : json_array());
        json_object_set_new(*out, "results", r ? r : json_null());
    }
    buf_release(&changes);
    buf_release(&results);
    return rc;
}

static int scenario_each(const struct scenario *sc, void *arg)
{
    json_array_append_new(arg, scenario_json(sc));
    return 0;
}

static int scenarios_page(struct api_call *call, const struct http_request *req,
                          struct api_page *pg, struct err_info *ei)
{
    (void)req;
    return store_scenario_list(call->store, pg->limit, pg->offset,
                               scenario_each, pg->items, &pg->total, ei);
}

API_HANDLER(api_scenarios_list)
{
    api_list_run(req, res, ctx, scenarios_page);
}

API_HANDLER(api_scenario_get)
{
    api_get_run(req, res, ctx, scenario_one);
}

static int scenario_delete(struct store *s, int64_t id, struct err_info *ei)
{
    return store_scenario_delete(s, id, ei);
}

API_HANDLER(api_scenario_delete)
{
    api_delete_run(req, res, ctx, scenario_delete);
}

API_HANDLER(api_scenario_create)
{
    static const char *const fields[] = {
        "name", "region_id", "specialty_id", "time_limit", "changes", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct scenario sc = {0};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "name", 1, 1, sc.name, sizeof(sc.name), &ei);
    if (rc == 0)
        rc = api_field_id(body, "region_id", 1, 0, &sc.region_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "specialty_id", 0, 1, &sc.specialty_id, &ei);
    sc.time_limit = 10;
    if (rc == 0)
        rc = api_field_int(body, "time_limit", 0, 1, 3600, &sc.time_limit, &ei);
    json_t *changes = json_object_get(body, "changes");
    if (rc == 0 && !json_is_array(changes))
        rc = err_set(&ei, ERR_INVAL, "changes",
                     "changes: is required, an array of changes");
    if (rc == 0 && !api_scope_sees(call, "region", sc.region_id))
        rc = err_set(&ei, ERR_NOTFOUND, "region_id",
                     "region_id: no region %lld", (long long)sc.region_id);
    size_t n = rc ? 0 : json_array_size(changes);
    if (n > STORE_SCENARIO_CHANGES)
        n = STORE_SCENARIO_CHANGES + 1; /* the store refuses it */
    const char **kinds = calloc(n + 1, sizeof(*kinds));
    char **bodies = calloc(n + 1, sizeof(*bodies));
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *c = json_array_get(changes, i);
        rc = plan_scenario_check(c, (int)i, &ei);
        if (rc == 0) {
            kinds[i] = json_string_value(json_object_get(c, "kind"));
            bodies[i] = json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS);
        }
    }
    if (rc == 0)
        rc = store_scenario_create(call->store, &sc, kinds,
                                   (const char *const *)bodies, (int)n, &ei);
    for (size_t i = 0; i < n; i++)
        free(bodies[i]);
    free(bodies);
    free(kinds);
    json_decref(body);
    json_t *o = NULL;
    if (rc == 0)
        rc = scenario_one(call->store, sc.id, &o, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    char location[64];
    snprintf(location, sizeof(location), "/api/v1/scenarios/%lld",
             (long long)sc.id);
    http_json(res, 201, o);
    http_header(res, "Location", location);
}

API_HANDLER(api_scenario_run)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct scenario sc;
    int rc = store_scenario_start(call->store, id, 0, &sc, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    plan_worker_poke(api_planner(call->api));
    http_json(res, 202, scenario_json(&sc));
}
