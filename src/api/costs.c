/*
 * Agreements and costs (issue 18): what a home unit or the region has
 * agreed with a host, and what rotations cost per year and provider kind.
 */
#include "api/api_impl.h"

#include "domain/week.h"
#include "store/agreements.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static json_t *agreement_json(const struct agreement *a)
{
    return json_pack(
        "{s:I, s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:I, s:i, s:s, s:I, s:s}",
        "id", (json_int_t)a->id, "region_id", (json_int_t)a->region_id,
        "home_unit_id", api_id(a->home_unit_id), "host_unit_id",
        api_id(a->host_unit_id), "host_provider_id",
        api_id(a->host_provider_id), "from_date", a->from_date, "to_date",
        a->to_date, "model", cost_model_name(a->terms.model), "amount_ore",
        (json_int_t)a->terms.amount_ore, "procedures_per_week",
        a->terms.procedures_per_week, "salary_payer",
        cost_payer_name(a->salary_payer), "backpack_ore",
        (json_int_t)a->terms.backpack_ore, "duties", a->duties);
}

/*
 * The region and home unit a read is of: ?unit (the caller's scope must
 * reach it) or ?region (the caller's scope must reach the region).
 */
static int costs_subject(struct api_call *call, const struct http_request *req,
                         int64_t *region, int64_t *unit, struct err_info *ei)
{
    *region = *unit = 0;
    int rc = api_arg_id(req, "unit", unit, ei);
    if (rc == 0)
        rc = api_arg_id(req, "region", region, ei);
    if (rc)
        return rc;
    if (*unit) {
        struct unit u;
        /* The unit as a home unit (costs.read's reach) or as a unit. */
        int seen = store_unit_get(call->store, *unit, &u, ei) == 0;
        struct subject su = {.home_unit_id = *unit,
                             .home_region_id = seen ? u.region_id : 0,
                             .unit_id = *unit,
                             .unit_region_id = seen ? u.region_id : 0};
        if (!seen || !(call->scope.all || scope_sees(&call->scope, &su)))
            return err_set(ei, ERR_NOTFOUND, "unit", "unit: no unit %lld",
                           (long long)*unit);
        *region = u.region_id;
        return 0;
    }
    /* Neither: every region for one who sees all, else the caller's own
     * region, home unit or unit. */
    if (!*region && call->scope.all)
        return 0;
    if (!*region && call->scope.nregions)
        *region = call->scope.regions[0];
    else if (!*region) {
        int64_t u = call->scope.nhomes   ? call->scope.homes[0]
                    : call->scope.nunits ? call->scope.units[0]
                                         : 0;
        struct unit uu;
        if (!u || store_unit_get(call->store, u, &uu, ei) != 0)
            return err_set(ei, ERR_SYNTAX, "region",
                           "region: give region or unit");
        *unit = u;
        *region = uu.region_id;
        return 0;
    }
    struct subject su = {.home_region_id = *region, .unit_region_id = *region};
    if (!call->scope.all && !scope_sees(&call->scope, &su))
        return err_set(ei, ERR_NOTFOUND, "region", "region: no region %lld",
                       (long long)*region);
    return 0;
}

static int agreement_each(const struct agreement *a, void *arg)
{
    json_array_append_new(arg, agreement_json(a));
    return 0;
}

static int agreements_page(struct api_call *call,
                           const struct http_request *req, struct api_page *pg,
                           struct err_info *ei)
{
    int64_t region, unit;
    int rc = costs_subject(call, req, &region, &unit, ei);
    if (rc == 0)
        rc = store_agreement_list(call->store, region, unit, pg->limit,
                                  pg->offset, agreement_each, pg->items,
                                  &pg->total, ei);
    return rc;
}

API_HANDLER(api_agreements_list)
{
    api_list_run(req, res, ctx, agreements_page);
}

/* Whether the caller may write (or see) agreement a: its home unit as a
 * home, or its region. */
static int agreement_reach(struct api_call *call, const struct agreement *a)
{
    if (call->scope.all)
        return 1;
    struct subject su = {0};
    if (a->home_unit_id) {
        su.home_unit_id = a->home_unit_id;
        su.home_region_id = a->region_id;
    } else {
        su.unit_region_id = a->region_id;
    }
    return scope_sees(&call->scope, &su);
}

/* A sum in kronor (a JSON number, at most two decimals) into öre. */
static int money_field(json_t *body, const char *name, int64_t *out,
                       struct err_info *ei)
{
    json_t *v = json_object_get(body, name);
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v))
        return err_set(ei, ERR_INVAL, name, "%s: must be a sum in kronor",
                       name);
    double kr = json_number_value(v);
    if (!(kr >= 0 && kr <= 1e9))
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be 0 to 1 000 000 000 kronor", name);
    double ore = kr * 100;
    int64_t r = (int64_t)(ore + 0.5);
    if (ore - (double)r > 1e-6 || (double)r - ore > 1e-6)
        return err_set(ei, ERR_INVAL, name,
                       "%s: kronor with at most two decimals (öre)", name);
    *out = r;
    return 0;
}

API_HANDLER(api_agreement_create)
{
    static const char *const fields[] = {"region_id",
                                         "home_unit_id",
                                         "host_unit_id",
                                         "host_provider_id",
                                         "from_date",
                                         "to_date",
                                         "model",
                                         "amount",
                                         "procedures_per_week",
                                         "salary_payer",
                                         "backpack",
                                         "duties",
                                         NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct agreement *a = xcalloc(1, sizeof(*a));
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "region_id", 0, 0, &a->region_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "home_unit_id", 0, 1, &a->home_unit_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "host_unit_id", 0, 1, &a->host_unit_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "host_provider_id", 0, 1, &a->host_provider_id,
                          &ei);
    if (rc == 0)
        rc = api_field_date(body, "from_date", 1, 0, a->from_date, &ei);
    if (rc == 0)
        rc = api_field_date(body, "to_date", 1, 0, a->to_date, &ei);
    enum cost_model m = COST_NONE;
    if (rc == 0 &&
        cost_model_parse(json_string_value(json_object_get(body, "model")),
                         &m) != 0)
        rc = err_set(&ei, ERR_INVAL, "model",
                     "model: must be none, per_day, per_week, per_month or "
                     "per_procedure");
    a->terms.model = m;
    if (rc == 0)
        rc = money_field(body, "amount", &a->terms.amount_ore, &ei);
    if (rc == 0)
        rc = api_field_int(body, "procedures_per_week", 0, 0, 1000,
                           &a->terms.procedures_per_week, &ei);
    enum cost_payer p = COST_PAYER_HOME;
    if (rc == 0 &&
        cost_payer_parse(
            json_string_value(json_object_get(body, "salary_payer")), &p) != 0)
        rc = err_set(&ei, ERR_INVAL, "salary_payer",
                     "salary_payer: must be home, host or region");
    a->salary_payer = p;
    if (rc == 0)
        rc = money_field(body, "backpack", &a->terms.backpack_ore, &ei);
    if (rc == 0)
        rc = api_field_text(body, "duties", 0, 0, a->duties, sizeof(a->duties),
                            &ei);
    json_decref(body);
    /* The region is the home unit's, else the one given. */
    struct unit u;
    if (rc == 0 && a->home_unit_id) {
        if (store_unit_get(call->store, a->home_unit_id, &u, &ei) != 0)
            rc = err_set(&ei, ERR_INVAL, "home_unit_id",
                         "home_unit_id: no unit %lld",
                         (long long)a->home_unit_id);
        else if (a->region_id && a->region_id != u.region_id)
            rc = err_set(&ei, ERR_INVAL, "region_id",
                         "region_id: the home unit is in region %lld",
                         (long long)u.region_id);
        a->region_id = u.region_id;
    }
    if (rc == 0 && !a->region_id)
        rc = err_set(&ei, ERR_INVAL, "region_id",
                     "region_id: give the region, or a home unit");
    if (rc == 0 && !agreement_reach(call, a))
        rc = err_set(&ei, ERR_INVAL,
                     a->home_unit_id ? "home_unit_id" : "region_id",
                     "%s: not one you may make agreements for",
                     a->home_unit_id ? "home_unit_id" : "region_id");
    if (rc == 0)
        rc = store_agreement_insert(call->store, a, &ei);
    if (rc)
        api_fail_body(res, &ei);
    else
        http_json(res, 201, agreement_json(a));
    free(a);
}

API_HANDLER(api_agreement_delete)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct agreement *a = xmalloc(sizeof(*a));
    int rc = store_agreement_get(call->store, id, a, &ei);
    if (rc == 0 && !agreement_reach(call, a))
        rc = err_set(&ei, ERR_NOTFOUND, "id", "agreement %lld does not exist",
                     (long long)id);
    if (rc == 0)
        rc = store_agreement_delete(call->store, id, &ei);
    free(a);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}

/* ---- costs per year and provider kind ---- */

#define COSTS_YEARS_MAX 10
#define COSTS_KINDS     2 /* public, private */

struct costs_sum {
    int from_year;
    int64_t ore[COSTS_YEARS_MAX][COSTS_KINDS];
    int bookings[COSTS_YEARS_MAX][COSTS_KINDS];
    int weeks[COSTS_YEARS_MAX][COSTS_KINDS];
    int priced[COSTS_YEARS_MAX][COSTS_KINDS]; /* under an agreement */
};

static int costs_add(const struct cost_row *r, void *arg)
{
    struct costs_sum *c = arg;
    int y = r->year - c->from_year, k = r->provider_kind;
    if (y < 0 || y >= COSTS_YEARS_MAX || k < 0 || k >= COSTS_KINDS)
        return 0;
    c->ore[y][k] += r->cost_ore;
    c->bookings[y][k]++;
    c->weeks[y][k] += r->weeks;
    c->priced[y][k] += r->agreement_id != 0;
    return 0;
}

static int costs_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    int64_t region, unit;
    int from = 0, to = 0;
    int rc = costs_subject(call, req, &region, &unit, ei);
    if (rc == 0)
        rc = api_arg_int(req, "from_year", 2000, 2190, &from, ei);
    if (rc == 0)
        rc = api_arg_int(req, "to_year", 2000, 2190, &to, ei);
    /* By default this year and the four after it. */
    int64_t days = store_now(call->store) / 86400;
    if (rc == 0 && !from)
        from = date_from_days(days).year;
    if (rc == 0 && !to)
        to = from + 4 <= 2190 ? from + 4 : 2190;
    if (rc == 0 && (to < from || to - from >= COSTS_YEARS_MAX))
        rc = err_set(ei, ERR_SYNTAX, "to_year",
                     "to_year: from_year or later, at most %d years",
                     COSTS_YEARS_MAX);
    if (rc)
        return rc;
    struct costs_sum *c = xcalloc(1, sizeof(*c));
    c->from_year = from;
    rc = store_costs(call->store, region, unit, from, to, costs_add, c, ei);
    for (int y = 0; rc == 0 && y <= to - from; y++)
        for (int k = 0; k < COSTS_KINDS; k++)
            api_page_add(pg, json_pack("{s:i, s:s, s:i, s:i, s:i, s:I}", "year",
                                       from + y, "provider_kind",
                                       vocab_name(&vocab_provider_kind, k),
                                       "bookings", c->bookings[y][k], "priced",
                                       c->priced[y][k], "weeks", c->weeks[y][k],
                                       "cost_ore", (json_int_t)c->ore[y][k]));
    free(c);
    return rc;
}

API_HANDLER(api_costs_list)
{
    api_list_run(req, res, ctx, costs_page);
}

/* ---- lent to budgets.c (issue 18: budget) ---- */

int api_costs_subject(struct api_call *call, const struct http_request *req,
                      int64_t *region, int64_t *unit, struct err_info *ei)
{
    return costs_subject(call, req, region, unit, ei);
}

int api_money_field(json_t *body, const char *name, int64_t *out,
                    struct err_info *ei)
{
    return money_field(body, name, out, ei);
}
