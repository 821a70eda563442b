/*
 * Reference data: regions, providers, sites, areas, specialties and goals.
 * Read-only over the API; every list paginates and answers
 * {"items", "total", "limit", "offset"}.
 */
#include "api/api_impl.h"

#include <string.h>

/* ---- JSON shapes ---- */

static json_t *api_region_json(const struct region *r)
{
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r->id, "code",
                     r->code, "name", r->name);
}

static json_t *api_provider_json(const struct provider *p)
{
    return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)p->id, "name",
                     p->name, "org_nr", p->org_nr, "kind",
                     api_vocab(&vocab_provider_kind, p->kind));
}

static json_t *api_site_json(const struct site *s)
{
    return json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)s->id,
                     "region_id", (json_int_t)s->region_id, "name", s->name,
                     "city", s->city);
}

static json_t *api_area_json(const struct area *a)
{
    return json_pack("{s:I, s:I, s:s}", "id", (json_int_t)a->id, "region_id",
                     (json_int_t)a->region_id, "name", a->name);
}

static json_t *api_specialty_json(const struct specialty *sp)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)sp->id,
                     "code", sp->code, "name_sv", sp->name_sv, "name_en",
                     sp->name_en, "kind",
                     api_vocab(&vocab_specialty_kind, sp->kind), "parent_id",
                     api_id(sp->parent_id));
}

json_t *api_goal_json(const struct goal *g)
{
    return json_pack(
        "{s:I, s:o, s:o, s:s, s:s, s:o, s:o}", "id", (json_int_t)g->id,
        "regulation", api_vocab(&vocab_regulation, g->regulation),
        "specialty_id", api_id(g->specialty_id), "code", g->code, "title",
        g->title, "group", api_vocab(&vocab_goal_group, g->group), "confidence",
        api_vocab(&vocab_confidence, g->confidence));
}

/* ---- list callbacks: each appends its row to the JSON array arg ---- */

static int api_region_item(const struct region *r, void *arg)
{
    return json_array_append_new(arg, api_region_json(r)) ? 1 : 0;
}

static int api_provider_item(const struct provider *p, void *arg)
{
    return json_array_append_new(arg, api_provider_json(p)) ? 1 : 0;
}

static int api_site_item(const struct site *s, void *arg)
{
    return json_array_append_new(arg, api_site_json(s)) ? 1 : 0;
}

static int api_area_item(const struct area *a, void *arg)
{
    return json_array_append_new(arg, api_area_json(a)) ? 1 : 0;
}

static int api_specialty_item(const struct specialty *sp, void *arg)
{
    return json_array_append_new(arg, api_specialty_json(sp)) ? 1 : 0;
}

static int api_goal_item(const struct goal *g, void *arg)
{
    return json_array_append_new(arg, api_goal_json(g)) ? 1 : 0;
}

/* ---- single rows: each reads row id as JSON into *out ---- */

static int api_region_one(struct store *s, int64_t id, json_t **out,
                          struct err_info *ei)
{
    struct region r;
    int rc = store_region_get(s, id, &r, ei);
    *out = rc ? NULL : api_region_json(&r);
    return rc;
}

static int api_provider_one(struct store *s, int64_t id, json_t **out,
                            struct err_info *ei)
{
    struct provider p;
    int rc = store_provider_get(s, id, &p, ei);
    *out = rc ? NULL : api_provider_json(&p);
    return rc;
}

static int api_site_one(struct store *s, int64_t id, json_t **out,
                        struct err_info *ei)
{
    struct site site;
    int rc = store_site_get(s, id, &site, ei);
    *out = rc ? NULL : api_site_json(&site);
    return rc;
}

static int api_area_one(struct store *s, int64_t id, json_t **out,
                        struct err_info *ei)
{
    struct area a;
    int rc = store_area_get(s, id, &a, ei);
    *out = rc ? NULL : api_area_json(&a);
    return rc;
}

static int api_specialty_one(struct store *s, int64_t id, json_t **out,
                             struct err_info *ei)
{
    struct specialty sp;
    int rc = store_specialty_get(s, id, &sp, ei);
    *out = rc ? NULL : api_specialty_json(&sp);
    return rc;
}

static int api_goal_one(struct store *s, int64_t id, json_t **out,
                        struct err_info *ei)
{
    struct goal g;
    int rc = store_goal_get(s, id, &g, ei);
    *out = rc ? NULL : api_goal_json(&g);
    return rc;
}

/* ---- pages: each reads its filters and fills pg from the store ---- */

static int api_region_page(struct api_call *call,
                           const struct http_request *req, struct api_page *pg,
                           struct err_info *ei)
{
    (void)req;
    return store_region_list(call->store, pg->limit, pg->offset,
                             api_region_item, pg->items, &pg->total, ei);
}

static int api_provider_page(struct api_call *call,
                             const struct http_request *req,
                             struct api_page *pg, struct err_info *ei)
{
    struct provider_filter f = {-1, NULL};
    int rc = api_arg_vocab(req, "kind", &vocab_provider_kind, &f.kind, ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc = store_provider_list(call->store, &f, pg->limit, pg->offset,
                                 api_provider_item, pg->items, &pg->total, ei);
    return rc;
}

static int api_site_page(struct api_call *call, const struct http_request *req,
                         struct api_page *pg, struct err_info *ei)
{
    struct site_filter f = {0};
    int rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = store_site_list(call->store, &f, pg->limit, pg->offset,
                             api_site_item, pg->items, &pg->total, ei);
    return rc;
}

static int api_area_page(struct api_call *call, const struct http_request *req,
                         struct api_page *pg, struct err_info *ei)
{
    struct area_filter f = {0};
    int rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = store_area_list(call->store, &f, pg->limit, pg->offset,
                             api_area_item, pg->items, &pg->total, ei);
    return rc;
}

static int api_specialty_page(struct api_call *call,
                              const struct http_request *req,
                              struct api_page *pg, struct err_info *ei)
{
    struct specialty_filter f = {-1, 0, NULL};
    int rc = api_arg_vocab(req, "kind", &vocab_specialty_kind, &f.kind, ei);
    if (rc == 0)
        rc = api_arg_id(req, "parent", &f.parent_id, ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc =
            store_specialty_list(call->store, &f, pg->limit, pg->offset,
                                 api_specialty_item, pg->items, &pg->total, ei);
    return rc;
}

/*
 * specialty=ID or code: that specialty's goals; common=true: the common
 * goals (BT, a/STa, b/STb); both: the specialty's goals and the common ones
 * that apply to it, every goal a trainee of it works towards;
 * common=false: only specialty goals; group=bt|a|b|c.
 */
static int api_goal_page(struct api_call *call, const struct http_request *req,
                         struct api_page *pg, struct err_info *ei)
{
    struct goal_filter f = {0, -1, -1, NULL, -1};
    int rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_flag(req, "common", &f.common, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "regulation", &vocab_regulation, &f.regulation,
                           ei);
    if (rc == 0)
        rc = api_arg_text(req, "q", &f.q, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "group", &vocab_goal_group, &f.group, ei);
    if (rc == 0)
        rc = store_goal_list(call->store, &f, pg->limit, pg->offset,
                             api_goal_item, pg->items, &pg->total, ei);
    return rc;
}

/* ---- handlers ---- */

API_HANDLER(api_regions_list)
{
    api_list_run(req, res, ctx, api_region_page);
}

API_HANDLER(api_region_get)
{
    api_get_run(req, res, ctx, api_region_one);
}

API_HANDLER(api_providers_list)
{
    api_list_run(req, res, ctx, api_provider_page);
}

API_HANDLER(api_provider_get)
{
    api_get_run(req, res, ctx, api_provider_one);
}

API_HANDLER(api_sites_list)
{
    api_list_run(req, res, ctx, api_site_page);
}

API_HANDLER(api_site_get)
{
    api_get_run(req, res, ctx, api_site_one);
}

API_HANDLER(api_areas_list)
{
    api_list_run(req, res, ctx, api_area_page);
}

API_HANDLER(api_area_get)
{
    api_get_run(req, res, ctx, api_area_one);
}

API_HANDLER(api_specialties_list)
{
    api_list_run(req, res, ctx, api_specialty_page);
}

API_HANDLER(api_specialty_get)
{
    api_get_run(req, res, ctx, api_specialty_one);
}

API_HANDLER(api_goals_list)
{
    api_list_run(req, res, ctx, api_goal_page);
}

API_HANDLER(api_goal_get)
{
    api_get_run(req, res, ctx, api_goal_one);
}

/* An administrator's correction of a goal: code, title, confidence. */
API_HANDLER(api_goal_update)
{
    static const char *const fields[] = {"code", "title", "confidence", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct goal g;
    int rc = store_goal_get(call->store, id, &g, &ei);
    if (rc) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    int confidence = (int)g.confidence;
    rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "code", 0, 1, g.code, sizeof(g.code), &ei);
    if (rc == 0)
        rc = api_field_text(body, "title", 0, 1, g.title, sizeof(g.title), &ei);
    if (rc == 0)
        rc = api_field_vocab(body, "confidence", 0, &vocab_confidence,
                             &confidence, &ei);
    json_decref(body);
    g.confidence = (enum confidence)confidence;
    if (rc == 0)
        rc = store_goal_update(call->store, &g, &ei);
    if (rc == 0)
        rc = store_goal_get(call->store, id, &g, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 200, api_goal_json(&g));
}

/* The common b goals that apply to a specialty, as {"goal_ids": [...]}. */
static void api_specialty_goals_send(struct api_call *call,
                                     struct http_response *res, int64_t id)
{
    struct err_info ei = {0};
    int64_t ids[STORE_LIST_MAX];
    int n = 0;
    int rc = store_specialty_goals(call->store, id, ids, &n, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200,
              json_pack("{s:I, s:o}", "specialty_id", (json_int_t)id,
                        "goal_ids", api_ids(ids, n)));
}

API_HANDLER(api_specialty_goals_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        api_specialty_goals_send(ctx, res, id);
}

API_HANDLER(api_specialty_goals_set)
{
    static const char *const fields[] = {"goal_ids", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int64_t ids[STORE_LIST_MAX];
    int n = 0;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_ids(body, "goal_ids", 1, ids, &n, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_specialty_goals_set(call->store, id, ids, n, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    api_specialty_goals_send(call, res, id);
}
