/*
 * Reference data: regions, providers, sites, areas, specialties and goals.
 * Read-only over the API; every list paginates and answers
 * {"items", "total", "limit", "offset"}.
 */
#include "api/api_impl.h"

#include <string.h>

/* ---- query arguments these lists share ---- */

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

static json_t *api_goal_json(const struct goal *g)
{
    return json_pack("{s:I, s:o, s:o, s:s, s:s}", "id", (json_int_t)g->id,
                     "regulation", api_vocab(&vocab_regulation, g->regulation),
                     "specialty_id", api_id(g->specialty_id), "code", g->code,
                     "title", g->title);
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

/* Sends the list, or the error rc left in ei; takes over items. */
static void api_send_list(struct http_response *res, int rc,
                          const struct err_info *ei, json_t *items,
                          int64_t total, int limit, int offset)
{
    if (rc) {
        json_decref(items);
        if (rc > 0) /* a callback failed: only when out of memory */
            http_error(res, 500, "internal", NULL, "could not build the list");
        else
            api_fail(res, ei);
        return;
    }
    http_json(res, 200, api_list(items, total, limit, offset));
}

/* ---- regions ---- */

API_HANDLER(api_regions_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int limit, offset;
    int64_t total = 0;
    if (api_arg_page(req, &limit, &offset, &ei)) {
        api_fail(res, &ei);
        return;
    }
    json_t *items = json_array();
    int rc = store_region_list(call->store, limit, offset, api_region_item,
                               items, &total, &ei);
    api_send_list(res, rc, &ei, items, total, limit, offset);
}

API_HANDLER(api_region_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    struct region r;
    if (api_path_id(req, "id", &id, &ei) ||
        store_region_get(call->store, id, &r, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_region_json(&r));
}

/* ---- providers ---- */

API_HANDLER(api_providers_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct provider_filter f = {-1, NULL};
    int limit, offset;
    int64_t total = 0;
    if (api_arg_page(req, &limit, &offset, &ei) ||
        api_arg_vocab(req, "kind", &vocab_provider_kind, &f.kind, &ei) ||
        api_arg_text(req, "q", &f.q, &ei)) {
        api_fail(res, &ei);
        return;
    }
    json_t *items = json_array();
    int rc = store_provider_list(call->store, &f, limit, offset,
                                 api_provider_item, items, &total, &ei);
    api_send_list(res, rc, &ei, items, total, limit, offset);
}

API_HANDLER(api_provider_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    struct provider p;
    if (api_path_id(req, "id", &id, &ei) ||
        store_provider_get(call->store, id, &p, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_provider_json(&p));
}

/* ---- sites ---- */

API_HANDLER(api_sites_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct site_filter f = {0};
    int limit, offset;
    int64_t total = 0;
    if (api_arg_page(req, &limit, &offset, &ei) ||
        api_arg_id(req, "region", &f.region_id, &ei)) {
        api_fail(res, &ei);
        return;
    }
    json_t *items = json_array();
    int rc = store_site_list(call->store, &f, limit, offset, api_site_item,
                             items, &total, &ei);
    api_send_list(res, rc, &ei, items, total, limit, offset);
}

API_HANDLER(api_site_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    struct site s;
    if (api_path_id(req, "id", &id, &ei) ||
        store_site_get(call->store, id, &s, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_site_json(&s));
}

/* ---- areas ---- */

API_HANDLER(api_areas_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct area_filter f = {0};
    int limit, offset;
    int64_t total = 0;
    if (api_arg_page(req, &limit, &offset, &ei) ||
        api_arg_id(req, "region", &f.region_id, &ei)) {
        api_fail(res, &ei);
        return;
    }
    json_t *items = json_array();
    int rc = store_area_list(call->store, &f, limit, offset, api_area_item,
                             items, &total, &ei);
    api_send_list(res, rc, &ei, items, total, limit, offset);
}

API_HANDLER(api_area_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    struct area a;
    if (api_path_id(req, "id", &id, &ei) ||
        store_area_get(call->store, id, &a, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_area_json(&a));
}

/* ---- specialties ---- */

API_HANDLER(api_specialties_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct specialty_filter f = {-1, 0, NULL};
    int limit, offset;
    int64_t total = 0;
    if (api_arg_page(req, &limit, &offset, &ei) ||
        api_arg_vocab(req, "kind", &vocab_specialty_kind, &f.kind, &ei) ||
        api_arg_id(req, "parent", &f.parent_id, &ei) ||
        api_arg_text(req, "q", &f.q, &ei)) {
        api_fail(res, &ei);
        return;
    }
    json_t *items = json_array();
    int rc = store_specialty_list(call->store, &f, limit, offset,
                                  api_specialty_item, items, &total, &ei);
    api_send_list(res, rc, &ei, items, total, limit, offset);
}

API_HANDLER(api_specialty_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    struct specialty sp;
    if (api_path_id(req, "id", &id, &ei) ||
        store_specialty_get(call->store, id, &sp, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_specialty_json(&sp));
}

/* ---- goals ---- */

/*
 * specialty=ID: that specialty's goals; common=true: the common goals (a/b,
 * STa/STb); both: the specialty's goals and the common ones, every goal a
 * trainee of it works towards; common=false: only specialty goals.
 */
API_HANDLER(api_goals_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct goal_filter f = {0, -1, -1, NULL};
    int limit, offset;
    int64_t total = 0;
    if (api_arg_page(req, &limit, &offset, &ei) ||
        api_arg_id(req, "specialty", &f.specialty_id, &ei) ||
        api_arg_flag(req, "common", &f.common, &ei) ||
        api_arg_vocab(req, "regulation", &vocab_regulation, &f.regulation,
                      &ei) ||
        api_arg_text(req, "q", &f.q, &ei)) {
        api_fail(res, &ei);
        return;
    }
    json_t *items = json_array();
    int rc = store_goal_list(call->store, &f, limit, offset, api_goal_item,
                             items, &total, &ei);
    api_send_list(res, rc, &ei, items, total, limit, offset);
}

API_HANDLER(api_goal_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    struct goal g;
    if (api_path_id(req, "id", &id, &ei) ||
        store_goal_get(call->store, id, &g, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_goal_json(&g));
}
