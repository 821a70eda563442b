/*
 * Home units' budgets (issue 18: budget): per home unit and year what its
 * trainees' rotations may cost, a hard limit or a weight for the
 * optimiser, shown beside what the year's bookings cost under the
 * agreements (the same computation as /costs: store_costs).
 */
#include "api/api_impl.h"

#include "store/agreements.h"
#include "store/budgets.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A budget with what its unit's trainees' bookings of its year cost. */
struct budget_item {
    struct unit_budget b;
    int64_t booked_ore;
    int bookings;
};

struct budget_items {
    struct budget_item *v;
    int n, cap;
};

static json_t *budget_json(const struct budget_item *it)
{
    const struct unit_budget *b = &it->b;
    return json_pack(
        "{s:I, s:s, s:I, s:i, s:I, s:o, s:b, s:I, s:i, s:I, s:b}", "unit_id",
        (json_int_t)b->unit_id, "unit_name", b->unit_name, "region_id",
        (json_int_t)b->region_id, "year", b->year, "amount_ore",
        (json_int_t)b->amount_ore, "weight",
        b->weight == STORE_NONE ? json_null() : json_integer(b->weight), "hard",
        b->weight == STORE_NONE, "booked_ore", (json_int_t)it->booked_ore,
        "bookings", it->bookings, "rest_ore",
        (json_int_t)(b->amount_ore - it->booked_ore), "over",
        it->booked_ore > b->amount_ore);
}

static int budget_keep(const struct unit_budget *b, void *arg)
{
    struct budget_items *c = arg;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = xrealloc(c->v, (size_t)c->cap * sizeof(*c->v));
    }
    c->v[c->n++] = (struct budget_item){.b = *b};
    return 0;
}

static int budget_cost(const struct cost_row *r, void *arg)
{
    struct budget_items *c = arg;
    for (int i = 0; i < c->n; i++)
        if (c->v[i].b.unit_id == r->home_unit_id && c->v[i].b.year == r->year) {
            c->v[i].booked_ore += r->cost_ore;
            c->v[i].bookings++;
        }
    return 0;
}

/* Adds the year's booked cost to each of c's budgets, reading the costs
 * of region_id's (unit_id's when not 0) trainees once. */
static int budget_costs(struct store *s, int64_t region_id, int64_t unit_id,
                        struct budget_items *c, struct err_info *ei)
{
    if (c->n == 0)
        return 0;
    int from = c->v[0].b.year, to = from;
    for (int i = 1; i < c->n; i++) {
        if (c->v[i].b.year < from)
            from = c->v[i].b.year;
        if (c->v[i].b.year > to)
            to = c->v[i].b.year;
    }
    return store_costs(s, region_id, unit_id, from, to, budget_cost, c, ei);
}

static int budgets_page(struct api_call *call, const struct http_request *req,
                        struct api_page *pg, struct err_info *ei)
{
    int64_t region, unit;
    int year = 0, from = 0, to = 0;
    struct budget_items c = {0};
    int rc = api_costs_subject(call, req, &region, &unit, ei);
    if (rc == 0)
        rc = api_arg_int(req, "year", BUDGET_YEAR_MIN, BUDGET_YEAR_MAX, &year,
                         ei);
    /* The range takes the years /costs takes (the page asks both with the
     * same range). */
    if (rc == 0)
        rc = api_arg_int(req, "from_year", 2000, 2190, &from, ei);
    if (rc == 0)
        rc = api_arg_int(req, "to_year", 2000, 2190, &to, ei);
    /* year is the range of one year; with from_year or to_year, it must
     * agree with them. */
    if (rc == 0 && year && ((from && from != year) || (to && to != year)))
        rc = err_set(ei, ERR_SYNTAX, "year",
                     "year: a year alone, or from_year and to_year");
    if (rc == 0 && year)
        from = to = year;
    if (rc == 0 && from && to && to < from)
        rc = err_set(ei, ERR_SYNTAX, "to_year", "to_year: from_year or later");
    if (rc == 0)
        rc = store_budget_list(call->store, region, unit, from, to, pg->limit,
                               pg->offset, budget_keep, &c, &pg->total, ei);
    if (rc == 0)
        rc = budget_costs(call->store, region, unit, &c, ei);
    for (int i = 0; rc == 0 && i < c.n; i++)
        json_array_append_new(pg->items, budget_json(&c.v[i]));
    free(c.v);
    return rc;
}

API_HANDLER(api_budgets_list)
{
    api_list_run(req, res, ctx, budgets_page);
}

/* The year in the path, or ERR_INVAL naming it when it is no year of
 * 2000 to 2100. */
static int budget_path_year(const struct http_request *req, int *year,
                            struct err_info *ei)
{
    int64_t y = 0;
    struct err_info none = {0};
    int rc = 0;
    if (api_path_id(req, "year", &y, &none) != 0 || y < BUDGET_YEAR_MIN ||
        y > BUDGET_YEAR_MAX)
        rc = err_set(ei, ERR_INVAL, "year", "year: must be a year, %d to %d",
                     BUDGET_YEAR_MIN, BUDGET_YEAR_MAX);
    *year = (int)y;
    return rc;
}

/* The budget of unit_id for year with its booked cost, as JSON. */
static int budget_one(struct store *s, int64_t unit_id, int year, json_t **out,
                      struct err_info *ei)
{
    struct budget_items c = {0};
    struct unit_budget b;
    int rc = store_budget_get(s, unit_id, year, &b, ei);
    if (rc == 0) {
        budget_keep(&b, &c);
        rc = budget_costs(s, b.region_id, unit_id, &c, ei);
    }
    if (rc == 0)
        *out = budget_json(&c.v[0]);
    free(c.v);
    return rc;
}

API_HANDLER(api_budget_set)
{
    static const char *const fields[] = {"amount", "weight", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct unit_budget b = {.weight = STORE_NONE};
    json_t *body = api_path_body(req, res, &b.unit_id);
    if (!body)
        return;
    int rc = budget_path_year(req, &b.year, &ei);
    if (rc == 0)
        rc = api_fields_known(body, fields, &ei);
    json_t *amount = json_object_get(body, "amount");
    if (rc == 0 && (!amount || json_is_null(amount)))
        rc = err_set(&ei, ERR_INVAL, "amount",
                     "amount: required, a sum in kronor");
    if (rc == 0)
        rc = api_money_field(body, "amount", &b.amount_ore, &ei);
    json_t *w = json_object_get(body, "weight");
    if (rc == 0 && w && !json_is_null(w)) {
        if (!json_is_integer(w) || json_integer_value(w) < 0 ||
            json_integer_value(w) > BUDGET_WEIGHT_MAX)
            rc = err_set(&ei, ERR_INVAL, "weight",
                         "weight: null (a hard limit) or a whole number of "
                         "points per 1 000 kr over the budget, 0 to %d",
                         BUDGET_WEIGHT_MAX);
        else
            b.weight = (int)json_integer_value(w);
    }
    json_decref(body);
    int created = 0;
    if (rc == 0)
        rc = store_budget_set(call->store, &b, &created, &ei);
    json_t *o = NULL;
    if (rc == 0)
        rc = budget_one(call->store, b.unit_id, b.year, &o, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, created ? 201 : 200, o);
}

API_HANDLER(api_budget_delete)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t unit = 0;
    int year = 0;
    if (api_path_id_or_404(req, res, &unit))
        return;
    int rc = budget_path_year(req, &year, &ei);
    if (rc == 0)
        rc = store_budget_delete(call->store, unit, year, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}
