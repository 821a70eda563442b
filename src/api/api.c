/* The API application (api.h): starts and stops its workers around the
 * state every part reads (context.c), and sends each request through the
 * gate (auth.c) to its route, as an export when asked (export.c), on the
 * primary or the standby; every other GET is the UI (meta.c). */
#include "api/api_impl.h"
#include "api/export.h"
#include "api/sso.h"

#include "http/server.h"
#include "plan/job.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

int api_open(const struct api_options *o, struct api **out, struct err_info *ei)
{
    struct api *a = api__new(o, ei);
    if (!a)
        return ei->code;
    struct api_workers *w = api__workers(a);
    if (o->read_path)
        w->standby = api_standby_open(o->read_path, o->read_connections);
    int rc = plan_worker_start(o->db_path, &w->planner, ei);
    if (rc == 0)
        rc = api_notifier_start(a, o->db_path, &o->notify, api_todo_items,
                                &w->notifier, ei);
    if (rc == 0)
        rc = api_offerer_start(o->db_path, o->offer_pass_s, &w->offerer, ei);
    if (rc == 0)
        rc = api_sso_open(&o->sso, &w->sso, ei);
    if (rc == 0)
        rc = api_exchanger_start(o->db_path, o->exchange_as, o->exchange_poll_s,
                                 o->exchange_backoff_max_s, &w->exchanger, ei);
    if (rc) {
        api_close(a);
        return rc;
    }
    *out = a;
    return 0;
}

void api_close(struct api *a)
{
    if (!a)
        return;
    struct api_workers *w = api__workers(a);
    api_exchanger_stop(w->exchanger);
    api_offerer_stop(w->offerer);
    api_sso_close(w->sso);
    api_notifier_stop(w->notifier);
    plan_worker_stop(w->planner);
    api_standby_close(w->standby);
    api__free(a);
}

void api_set_public_url(struct api *a, const char *url)
{
    api_notifier_set_base(api_notifier(a), url);
    api_sso_set_base(api_sso(a), url);
}

/*
 * The cookie that carries the primary's log position after the caller's
 * last write (store_wal_position()), so that their next reads go to the
 * primary until the standby has replayed it: a list or the overview read
 * right after a write shows it, whichever server of several answers. It
 * is no credential (a forged one only moves reads between the primary
 * and the standby), and it lasts a few minutes: longer than any lag a
 * working standby has.
 */
#define API_WROTE_COOKIE     "randa_wrote"
#define API_WROTE_COOKIE_TLS "__Host-randa_wrote"
#define API_WROTE_MAX_AGE_S  300

/* After a write of the request: sets the cookie of the primary's log
 * position, when a standby serves reads. */
static void api_note_write(struct api_call *call, struct http_request *req,
                           struct http_response *res)
{
    if (req->method == HTTP_GET || req->method == HTTP_HEAD ||
        req->method == HTTP_OPTIONS || res->status < 200 || res->status > 299)
        return;
    char pos[STORE_WAL_POS_MAX];
    struct err_info ei = {0};
    if (store_wal_position(call->store, pos, &ei) != 0) {
        log_warn("cannot read the primary's log position: %s", ei.msg);
        return;
    }
    if (!*pos)
        return;
    char cookie[160];
    snprintf(cookie, sizeof(cookie),
             "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
             req->tls ? API_WROTE_COOKIE_TLS : API_WROTE_COOKIE, pos,
             API_WROTE_MAX_AGE_S, req->tls ? "; Secure" : "");
    http_header(res, "Set-Cookie", cookie);
}

/*
 * Runs the route's handler on the primary, or on the standby when the
 * route may lag and the standby answers and has the caller's last write.
 * A request whose statement fails on the standby (it went away, or
 * cancelled the query to replay) is served again by the primary: these
 * routes only read. The session was checked on the primary before, so a
 * log-out takes effect at once whatever the standby lags.
 */
static void api_run(struct api_call *call, const struct http_route *rt,
                    struct http_request *req, struct http_response *res)
{
    struct api_standby *sb = api__workers(call->api)->standby;
    struct store *primary = call->store, *standby = NULL;
    if (!sb) {
        rt->handler(req, res, call);
        return;
    }
    if (api_route_may_lag(rt)) {
        char wrote[STORE_WAL_POS_MAX];
        if (!http_cookie(req->cookie,
                         req->tls ? API_WROTE_COOKIE_TLS : API_WROTE_COOKIE,
                         wrote, sizeof(wrote)))
            wrote[0] = '\0';
        standby = api_standby_take(sb, wrote);
    }
    if (!standby) {
        rt->handler(req, res, call);
        api_note_write(call, req, res);
        return;
    }
    store_set_scope(standby, &call->scope);
    call->store = standby;
    rt->handler(req, res, call);
    call->store = primary;
    store_set_scope(standby, NULL);
    int failed = store_failed(standby);
    api_standby_give(sb, standby, failed);
    if (failed) {
        http_response_release(res);
        rt->handler(req, res, call);
    }
}

void api_handle(struct http_request *req, struct http_response *res, void *ctx)
{
    struct api *a = ctx;
    if (strncmp(req->path, "/api/", 5) != 0 &&
        strcmp(req->path, "/healthz") != 0 &&
        strcmp(req->path, "/metrics") != 0) {
        req->route = "ui";
        api_ui(req, res, a);
        return;
    }
    const struct http_route *rt =
        http_route_find(api_routes, api_route_count, req, res);
    if (!rt)
        return;
    struct api_call call = {.api = a, .store = api__acquire(a)};
    if (api_authorize(&call, rt, req, res) == 0) {
        /* ?format=csv|xlsx and ?lang: the same route as a download. */
        if (api_export_requested(req))
            api_export(&call, rt, req, res, api_run);
        else
            api_run(&call, rt, req, res);
    }
    api_call_end(&call);
    api__release(a, call.store);
}
