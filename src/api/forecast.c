/*
 * The demand forecast (issue 18): rotation weeks needed per specialty and
 * quarter for the next five years against the seat-weeks offered, and the
 * same per receiving unit; the intake per specialty and year it assumes
 * (entered, else the trend of the last three years' ST starts).
 *
 * How it is summed (docs/forms.md): an open need's weeks are spread
 * evenly over its window (its preferred start, or now, to the trainee's
 * planned end); a booking holding a place counts its full-time weeks over
 * its own weeks; intake of a trainee specialty brings, per new trainee,
 * the rotation weeks of each specialty that its trainees' needs hold on
 * average, spread over five years from the start year. A unit's demand is
 * its specialty's in proportion to its share of the seat-weeks.
 */
#include "api/api_impl.h"

#include "domain/forecast.h"
#include "domain/week.h"
#include "store/forecast.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define FC_MAX 512 /* specialties or units a forecast keeps */

struct fc_series {
    int64_t id, specialty_id;
    double need[FORECAST_QUARTERS], offered[FORECAST_QUARTERS];
};

struct fc_pair {
    int64_t a, b;
    double v;
    int year;
};

struct fc {
    int year0, now;
    struct fc_series spec[FC_MAX], unit[FC_MAX];
    int nspec, nunit;
    struct fc_pair *pairs; /* profiles, starts, intake, trainees */
    int npairs, cap;
};

static struct fc_series *fc_find(struct fc_series *v, int *n, int64_t id,
                                 int64_t specialty_id)
{
    for (int i = 0; i < *n; i++)
        if (v[i].id == id)
            return &v[i];
    if (*n >= FC_MAX)
        return NULL;
    struct fc_series *s = &v[(*n)++];
    memset(s, 0, sizeof(*s));
    s->id = id;
    s->specialty_id = specialty_id;
    return s;
}

static void fc_pair_add(struct fc *c, int kind, const struct forecast_row *r)
{
    if (c->npairs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->pairs = xrealloc(c->pairs, (size_t)c->cap * sizeof(*c->pairs));
    }
    c->pairs[c->npairs++] = (struct fc_pair){
        r->specialty_id, kind == FORECAST_PROFILE ? r->other_id : kind,
        r->value, kind == FORECAST_PROFILE ? -1 : r->year};
}

static int fc_row(const struct forecast_row *r, void *arg)
{
    struct fc *c = arg;
    struct fc_series *s;
    switch (r->kind) {
    case FORECAST_NEED:
        if ((s = fc_find(c->spec, &c->nspec, r->specialty_id, r->specialty_id)))
            forecast_spread(s->need, c->year0, r->from_week, r->to_week,
                            r->value);
        break;
    case FORECAST_BOOKING:
        if ((s = fc_find(c->spec, &c->nspec, r->specialty_id, r->specialty_id)))
            forecast_spread(s->need, c->year0, r->from_week, r->to_week,
                            r->value);
        break;
    case FORECAST_SEATS:
        if ((s = fc_find(c->spec, &c->nspec, r->specialty_id, r->specialty_id)))
            forecast_seats(s->offered, c->year0, r->from_week, r->to_week,
                           (int)r->value);
        if ((s = fc_find(c->unit, &c->nunit, r->other_id, r->specialty_id)))
            forecast_seats(s->offered, c->year0, r->from_week, r->to_week,
                           (int)r->value);
        break;
    default:
        fc_pair_add(c, r->kind, r);
    }
    return 0;
}

static double fc_get(const struct fc *c, int64_t a, int64_t b, int year)
{
    for (int i = 0; i < c->npairs; i++)
        if (c->pairs[i].a == a && c->pairs[i].b == b &&
            c->pairs[i].year == year)
            return c->pairs[i].v;
    return -1;
}

static int fc_has(const struct fc *c, int64_t a, int64_t b, int year)
{
    return fc_get(c, a, b, year) >= 0;
}

static json_t *fc_array(const double *v)
{
    json_t *a = json_array();
    for (int i = 0; i < FORECAST_QUARTERS; i++)
        json_array_append_new(
            a, json_real((double)(long long)(v[i] * 10 + 0.5) / 10));
    return a;
}

static json_t *fc_series_json(const struct fc_series *s, const char *key)
{
    double shortfall[FORECAST_QUARTERS];
    double total = forecast_shortfall(s->need, s->offered, shortfall);
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:f}", key, (json_int_t)s->id,
                     "specialty_id", (json_int_t)s->specialty_id, "need",
                     fc_array(s->need), "offered", fc_array(s->offered),
                     "shortfall", fc_array(shortfall), "total_shortfall",
                     (double)(long long)(total * 10 + 0.5) / 10);
}

/* The region of the forecast: ?region (in the caller's scope), else the
 * caller's own region, home unit's or unit's. */
static int fc_region(struct api_call *call, const struct http_request *req,
                     int64_t *region, struct err_info *ei)
{
    int rc = api_arg_id(req, "region", region, ei);
    if (rc)
        return rc;
    int64_t own = call->scope.nregions ? call->scope.regions[0] : 0;
    if (!own) {
        int64_t u = call->scope.nhomes   ? call->scope.homes[0]
                    : call->scope.nunits ? call->scope.units[0]
                                         : 0;
        struct unit uu;
        if (u && store_unit_get(call->store, u, &uu, ei) == 0)
            own = uu.region_id;
    }
    if (!*region)
        *region = own;
    if (!*region)
        return err_set(ei, ERR_SYNTAX, "region", "region: give the region");
    struct subject su = {.home_region_id = *region, .unit_region_id = *region};
    if (!call->scope.all && *region != own && !scope_sees(&call->scope, &su))
        return err_set(ei, ERR_NOTFOUND, "region", "region: no region %lld",
                       (long long)*region);
    return 0;
}

API_HANDLER(api_forecast_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t region = 0, specialty = 0, unit = 0;
    int rc = fc_region(call, req, &region, &ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &specialty, &ei);
    if (rc == 0)
        rc = api_arg_id(req, "unit", &unit, &ei);
    struct unit u;
    if (rc == 0 && unit &&
        (store_unit_get(call->store, unit, &u, &ei) != 0 ||
         u.region_id != region))
        rc = err_set(&ei, ERR_NOTFOUND, "unit", "unit: no unit %lld in region",
                     (long long)unit);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    struct fc *c = xcalloc(1, sizeof(*c));
    int64_t days = store_now(call->store) / 86400;
    struct date today = date_from_days(days);
    c->year0 = today.year;
    c->now = week_from_date(today);
    rc = store_forecast_rows(call->store, region, c->now, fc_row, c, &ei);
    if (rc) {
        free(c->pairs);
        free(c);
        api_fail(res, &ei);
        return;
    }
    /* Intake per trainee specialty and year: entered, else the trend. */
    json_t *intake = json_array();
    for (int i = 0; i < c->npairs; i++) {
        if (c->pairs[i].b != FORECAST_TRAINEES || c->pairs[i].year != 0)
            continue;
        int64_t ts = c->pairs[i].a;
        double trainees = c->pairs[i].v;
        int starts[FORECAST_TREND_YEARS];
        for (int k = 0; k < FORECAST_TREND_YEARS; k++) {
            double v = fc_get(c, ts, FORECAST_STARTS,
                              c->year0 - FORECAST_TREND_YEARS + k);
            starts[k] = v > 0 ? (int)v : 0;
        }
        int trend = forecast_trend(starts);
        for (int y = c->year0; y < c->year0 + FORECAST_YEARS; y++) {
            int entered = fc_has(c, ts, FORECAST_INTAKE, y);
            int n = entered ? (int)fc_get(c, ts, FORECAST_INTAKE, y) : trend;
            json_array_append_new(
                intake,
                json_pack("{s:I, s:i, s:i, s:i, s:s}", "specialty_id",
                          (json_int_t)ts, "year", y, "trainees", n, "trend",
                          trend, "source", entered ? "entered" : "trend"));
            /* Each new trainee needs what its specialty's trainees need. */
            for (int j = 0; n > 0 && trainees > 0 && j < c->npairs; j++) {
                if (c->pairs[j].year != -1 || c->pairs[j].a != ts)
                    continue;
                struct fc_series *s =
                    fc_find(c->spec, &c->nspec, c->pairs[j].b, c->pairs[j].b);
                if (s)
                    forecast_intake(s->need, c->year0, y, n,
                                    c->pairs[j].v / trainees);
            }
        }
    }
    /* A unit's demand: its share of its specialty's seat-weeks. */
    for (int i = 0; i < c->nunit; i++) {
        struct fc_series *s =
            fc_find(c->spec, &c->nspec, c->unit[i].specialty_id,
                    c->unit[i].specialty_id);
        for (int q = 0; s && q < FORECAST_QUARTERS; q++)
            c->unit[i].need[q] =
                s->offered[q] > 0
                    ? s->need[q] * c->unit[i].offered[q] / s->offered[q]
                    : 0;
    }
    json_t *quarters = json_array(), *specs = json_array(),
           *units = json_array();
    for (int q = 0; q < FORECAST_QUARTERS; q++) {
        char buf[16];
        snprintf(buf, sizeof(buf), "%04d-Q%d", c->year0 + q / 4, q % 4 + 1);
        json_array_append_new(quarters, json_string(buf));
    }
    for (int i = 0; i < c->nspec; i++)
        if ((!specialty || c->spec[i].id == specialty) &&
            (!unit || c->spec[i].id == u.specialty_id))
            json_array_append_new(specs,
                                  fc_series_json(&c->spec[i], "specialty_id"));
    for (int i = 0; i < c->nunit; i++)
        if ((!specialty || c->unit[i].specialty_id == specialty) &&
            (!unit || c->unit[i].id == unit))
            json_array_append_new(units,
                                  fc_series_json(&c->unit[i], "unit_id"));
    free(c->pairs);
    json_t *o =
        json_pack("{s:I, s:i, s:o, s:o, s:o, s:o}", "region_id",
                  (json_int_t)region, "year0", c->year0, "quarters", quarters,
                  "specialties", specs, "units", units, "intake", intake);
    free(c);
    http_json(res, 200, o);
}

API_HANDLER(api_forecast_intake_set)
{
    static const char *const fields[] = {"region_id", "specialty_id", "year",
                                         "trainees", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int64_t region = 0, specialty = 0;
    int year = 0, trainees = -1;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "region_id", 1, 0, &region, &ei);
    if (rc == 0)
        rc = api_field_id(body, "specialty_id", 1, 0, &specialty, &ei);
    if (rc == 0)
        rc = api_field_int(body, "year", 1, 2000, 2190, &year, &ei);
    json_t *tv = json_object_get(body, "trainees");
    if (rc == 0 && tv && !json_is_null(tv))
        rc = api_field_int(body, "trainees", 1, 0, 10000, &trainees, &ei);
    json_decref(body);
    struct subject su = {.home_region_id = region, .unit_region_id = region};
    if (rc == 0 && !call->scope.all && !scope_sees(&call->scope, &su))
        rc = err_set(&ei, ERR_INVAL, "region_id",
                     "region_id: not a region you may plan for");
    if (rc == 0)
        rc = store_forecast_intake_set(call->store, region, specialty, year,
                                       trainees, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 200,
              json_pack("{s:I, s:I, s:i, s:o}", "region_id", (json_int_t)region,
                        "specialty_id", (json_int_t)specialty, "year", year,
                        "trainees",
                        trainees >= 0 ? json_integer(trainees) : json_null()));
}
