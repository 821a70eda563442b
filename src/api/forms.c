/*
 * Forms of rotation (issue 18): a unit's placement rules, and capacity as
 * gaffel groups, tandem seats and ST-clinic seats with the groups booked
 * into them. Booking into a form is POST /bookings with form_id.
 */
#include "api/api_impl.h"

#include "domain/week.h"
#include "store/forms.h"

#include <string.h>

/* ---- unit rules ---- */

static json_t *rule_json(const struct unit_rule *r, const struct unit *u)
{
    struct form_rules own = {r->min_weeks, r->max_weeks, r->max_trainees}, eff;
    form_rules_effective(&own, u->kind == UNIT_TRAINING_NODE, &eff);
    json_t *o = json_pack(
        "{s:I, s:o, s:o, s:o, s:{s:o, s:o, s:o}}", "unit_id",
        (json_int_t)r->unit_id, "min_weeks",
        r->min_weeks ? json_integer(r->min_weeks) : json_null(), "max_weeks",
        r->max_weeks ? json_integer(r->max_weeks) : json_null(), "max_trainees",
        r->max_trainees ? json_integer(r->max_trainees) : json_null(),
        "effective", "min_weeks",
        eff.min_weeks ? json_integer(eff.min_weeks) : json_null(), "max_weeks",
        eff.max_weeks ? json_integer(eff.max_weeks) : json_null(),
        "max_trainees",
        eff.max_trainees ? json_integer(eff.max_trainees) : json_null());
    json_object_set_new(o, "training_node",
                        json_boolean(u->kind == UNIT_TRAINING_NODE));
    return o;
}

static int rule_one(struct store *s, int64_t id, json_t **out,
                    struct err_info *ei)
{
    struct unit u;
    struct unit_rule r;
    int rc = store_unit_get(s, id, &u, ei);
    if (rc == 0)
        rc = store_unit_rule_get(s, id, &r, ei);
    *out = rc ? NULL : rule_json(&r, &u);
    return rc;
}

API_HANDLER(api_unit_rules_get)
{
    api_get_run(req, res, ctx, rule_one);
}

/* An optional rule: absent or null is none (0). */
static int rule_field(json_t *body, const char *name, int hi, int *out,
                      struct err_info *ei)
{
    json_t *v = json_object_get(body, name);
    *out = 0;
    if (!v || json_is_null(v))
        return 0;
    return api_field_int(body, name, 0, 1, hi, out, ei);
}

API_HANDLER(api_unit_rules_set)
{
    static const char *const fields[] = {"min_weeks", "max_weeks",
                                         "max_trainees", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct unit_rule r = {.unit_id = id};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = rule_field(body, "min_weeks", 208, &r.min_weeks, &ei);
    if (rc == 0)
        rc = rule_field(body, "max_weeks", 208, &r.max_weeks, &ei);
    if (rc == 0)
        rc = rule_field(body, "max_trainees", 1000, &r.max_trainees, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_unit_rule_set(call->store, &r, &ei);
    json_t *o = NULL;
    if (rc == 0)
        rc = rule_one(call->store, id, &o, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 200, o);
}

/* ---- forms and their groups ---- */

static int group_each(const struct form_group_row *g, void *arg)
{
    json_array_append_new(
        arg, json_pack("{s:I, s:o, s:o, s:s, s:i, s:i}", "id",
                       (json_int_t)g->id, "start_week", api_week(g->start_week),
                       "end_week", api_week_last(g->end_week), "pattern",
                       pattern_name(g->pattern), "members", g->members,
                       "confirmed", g->confirmed));
    return 0;
}

/* The form as the API shows it, with its live groups and their state. */
static int form_json(struct store *s, const struct rotation_form *f,
                     json_t **out, struct err_info *ei)
{
    struct unit u;
    json_t *groups = json_array();
    int rc = store_unit_get(s, f->unit_id, &u, ei);
    if (rc == 0)
        rc = store_form_groups(s, f->id, group_each, groups, ei);
    if (rc) {
        json_decref(groups);
        return rc;
    }
    /* Each group: open (a place left), waiting (short of needed), full. */
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
    {
        int m = (int)json_integer_value(json_object_get(g, "members"));
        json_object_set_new(g, "free", json_integer(f->size - m));
        json_object_set_new(g, "complete", json_boolean(m >= f->needed));
    }
    *out = json_pack(
        "{s:I, s:{s:I, s:s}, s:s, s:o, s:o, s:i, s:i, s:i, s:s, s:o}", "id",
        (json_int_t)f->id, "unit", "id", (json_int_t)u.id, "name", u.name,
        "kind", form_kind_name(f->kind), "from_week", api_week(f->from_week),
        "to_week", api_week_last(f->to_week), "groups", f->groups, "size",
        f->size, "needed", f->needed, "note", f->note, "live_groups", groups);
    return 0;
}

struct form_list_ctx {
    struct store *s;
    json_t *items;
    struct err_info *ei;
};

static int form_each(const struct rotation_form *f, void *arg)
{
    struct form_list_ctx *c = arg;
    json_t *o;
    int rc = form_json(c->s, f, &o, c->ei);
    if (rc == 0)
        json_array_append_new(c->items, o);
    return rc;
}

static int forms_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    struct form_filter f = {.from_week = STORE_NONE, .to_week = STORE_NONE};
    int last = STORE_NONE;
    int rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_week(req, "from", &f.from_week, ei);
    if (rc == 0)
        rc = api_arg_week(req, "to", &last, ei);
    if (last != STORE_NONE)
        f.to_week = last + 1;
    struct form_list_ctx c = {call->store, pg->items, ei};
    if (rc == 0)
        rc = store_form_list(call->store, &f, pg->limit, pg->offset, form_each,
                             &c, &pg->total, ei);
    return rc;
}

API_HANDLER(api_forms_list)
{
    api_list_run(req, res, ctx, forms_page);
}

static int form_one(struct store *s, int64_t id, json_t **out,
                    struct err_info *ei)
{
    struct rotation_form f;
    int rc = store_form_get(s, id, &f, ei);
    return rc ? rc : form_json(s, &f, out, ei);
}

API_HANDLER(api_form_get)
{
    api_get_run(req, res, ctx, form_one);
}

API_HANDLER(api_form_create)
{
    static const char *const fields[] = {"unit_id", "kind",   "from_week",
                                         "to_week", "groups", "size",
                                         "needed",  "note",   NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct rotation_form f = {0};
    int last = 0;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 1, 0, &f.unit_id, &ei);
    const char *kind = json_string_value(json_object_get(body, "kind"));
    enum form_kind k = FORM_GAFFEL;
    if (rc == 0 && form_kind_parse(kind, &k) != 0)
        rc = err_set(&ei, ERR_INVAL, "kind",
                     "kind: must be gaffel, tandem or st_clinic");
    f.kind = k;
    if (rc == 0)
        rc = api_field_week(body, "from_week", 1, &f.from_week, &ei);
    if (rc == 0)
        rc = api_field_week(body, "to_week", 1, &last, &ei);
    f.to_week = last + 1;
    if (rc == 0 && last < f.from_week)
        rc = err_set(&ei, ERR_INVAL, "to_week",
                     "to_week: must be from_week or later");
    f.groups = 1;
    if (rc == 0)
        rc = api_field_int(body, "groups", 0, 1, 100, &f.groups, &ei);
    /* By default a group is as small as the form allows. */
    f.size = f.needed = 2;
    if (rc == 0)
        rc = api_field_int(body, "size", 0, 2, 6, &f.size, &ei);
    if (rc == 0)
        rc = api_field_int(body, "needed", 0, 2, 6, &f.needed, &ei);
    if (rc == 0)
        rc = api_field_text(body, "note", 0, 0, f.note, sizeof(f.note), &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_form_insert(call->store, &f, &ei);
    json_t *o = NULL;
    if (rc == 0)
        rc = form_json(call->store, &f, &o, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 201, o);
}

API_HANDLER(api_form_delete)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct rotation_form f;
    int rc = store_form_get(call->store, id, &f, &ei);
    /* The caller's scope must reach the form's unit; else it is not
     * theirs to see either. */
    if (rc == 0 && !api_scope_sees(call, "unit", f.unit_id))
        rc = err_set(&ei, ERR_NOTFOUND, "id", "form %lld does not exist",
                     (long long)id);
    if (rc == 0)
        rc = store_form_delete(call->store, id, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}
