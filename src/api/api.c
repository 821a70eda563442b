/* The API application: the pool of store connections and the dispatch of
 * each request to a route, the health and metrics endpoints, or the UI. */
#include "api/api_impl.h"
#include "api/export.h"
#include "api/sso.h"

#include "http/server.h"
#include "plan/job.h"
#include "util/buf.h"
#include "util/embed.h"
#include "util/log.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A rendered response, right while the store's generation is unchanged. */
struct api_cached {
    char key[256];
    int64_t generation;
    char *body;
    size_t len;
    unsigned long long used; /* tick of the last hit, for eviction */
};

#define API_CACHE_SLOTS 32

struct api {
    char *db_path;
    pthread_mutex_t cache_lock;
    struct api_cached cache[API_CACHE_SLOTS];
    unsigned long long tick;
    struct http_server *server;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int nstores;
    int nfree;
    struct store **stores; /* all connections */
    struct store **free;   /* the idle ones, a stack */
    struct plan_worker *planner;
    struct api_offerer *offerer; /* offers' deadlines (issue 14) */
    struct api_security security;
    struct api_standby *standby; /* --db-read, or NULL */
    struct api_notifier *notifier;
    struct api_sso *sso; /* log-in through a provider (issue 19), or NULL */
    struct api_exchanger *exchanger; /* issue 17 */
};

struct api_sso *api_sso(struct api *a)
{
    return a->sso;
}

const struct api_security *api_security(struct api *a)
{
    return &a->security;
}

int api_open(const struct api_options *o, struct api **out, struct err_info *ei)
{
    struct api *a = xcalloc(1, sizeof(*a));
    a->db_path = xstrdup(o->db_path);
    a->security = (struct api_security){
        .idle_s = o->session_idle_s > 0 ? o->session_idle_s : 30 * 60,
        .max_s = o->session_max_s > 0 ? o->session_max_s : 12 * 3600,
        .window_s = 15 * 60,
        .user_limit = 5,
        .addr_limit = 50,
        .lock_s = 15 * 60,
        .delay_ms = 250,
    };
    char secret[SECRET_LEN + 1];
    secret_new(secret);
    if (password_init() != 0 ||
        password_hash(secret, a->security.dummy_hash, ei) != 0) {
        free(a->db_path);
        free(a);
        return err_set(ei, ERR_IO, "password", "cannot start libsodium");
    }
    a->nstores = o->connections > 0 ? o->connections : 1;
    a->stores = xcalloc((size_t)a->nstores, sizeof(*a->stores));
    a->free = xcalloc((size_t)a->nstores, sizeof(*a->free));
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->freed, NULL);
    pthread_mutex_init(&a->cache_lock, NULL);
    for (int i = 0; i < a->nstores; i++) {
        int rc = store_open(o->db_path, o->store_flags, &a->stores[i], ei);
        if (rc) {
            a->nstores = i;
            api_close(a);
            return rc;
        }
        store_set_actor(a->stores[i], "randa serve");
        a->free[a->nfree++] = a->stores[i];
    }
    if (o->read_path)
        a->standby = api_standby_open(o->read_path, o->read_connections);
    int rc = plan_worker_start(o->db_path, &a->planner, ei);
    if (rc == 0)
        rc = api_notifier_start(a, o->db_path, &o->notify, &a->notifier, ei);
    if (rc == 0)
        rc = api_offerer_start(o->db_path, o->offer_pass_s, &a->offerer, ei);
    if (rc == 0)
        rc = api_sso_open(&o->sso, &a->sso, ei);
    if (rc == 0)
        rc = api_exchanger_start(o->db_path, o->exchange_as, o->exchange_poll_s,
                                 o->exchange_backoff_max_s, &a->exchanger, ei);
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
    api_exchanger_stop(a->exchanger);
    api_offerer_stop(a->offerer);
    api_sso_close(a->sso);
    api_notifier_stop(a->notifier);
    plan_worker_stop(a->planner);
    api_standby_close(a->standby);
    for (int i = 0; i < a->nstores; i++)
        store_close(a->stores[i]);
    pthread_cond_destroy(&a->freed);
    pthread_mutex_destroy(&a->lock);
    for (int i = 0; i < API_CACHE_SLOTS; i++)
        free(a->cache[i].body);
    pthread_mutex_destroy(&a->cache_lock);
    free(a->stores);
    free(a->free);
    free(a->db_path);
    free(a);
}

void api_set_server(struct api *a, struct http_server *server)
{
    a->server = server;
}

struct plan_worker *api_planner(struct api *a)
{
    return a->planner;
}

struct api_notifier *api_notifier(struct api *a)
{
    return a->notifier;
}

struct api_exchanger *api_exchanger(struct api *a)
{
    return a->exchanger;
}

int api_notifier_mails(struct api *a)
{
    return api_notifier_sends(a->notifier);
}

void api_set_public_url(struct api *a, const char *url)
{
    api_notifier_set_base(a->notifier, url);
    api_sso_set_base(a->sso, url);
}

struct api_offerer *api_offerer(struct api *a)
{
    return a->offerer;
}

static struct store *api_acquire(struct api *a)
{
    pthread_mutex_lock(&a->lock);
    while (a->nfree == 0)
        pthread_cond_wait(&a->freed, &a->lock);
    struct store *s = a->free[--a->nfree];
    pthread_mutex_unlock(&a->lock);
    return s;
}

static void api_release(struct api *a, struct store *s)
{
    pthread_mutex_lock(&a->lock);
    a->free[a->nfree++] = s;
    pthread_cond_signal(&a->freed);
    pthread_mutex_unlock(&a->lock);
}

int api_cache_get(struct api *a, const char *key, int64_t generation,
                  struct http_response *res)
{
    int hit = 0;
    pthread_mutex_lock(&a->cache_lock);
    for (int i = 0; i < API_CACHE_SLOTS && !hit; i++) {
        struct api_cached *c = &a->cache[i];
        if (c->body && c->generation == generation &&
            strcmp(c->key, key) == 0) {
            c->used = ++a->tick;
            http_text(res, 200, "application/json", c->body, c->len);
            hit = 1;
        }
    }
    pthread_mutex_unlock(&a->cache_lock);
    return hit;
}

void api_cache_put(struct api *a, const char *key, int64_t generation,
                   const char *body, size_t len)
{
    if (strlen(key) >= sizeof(a->cache[0].key))
        return;
    char *copy = xmalloc(len + 1);
    memcpy(copy, body, len);
    copy[len] = '\0';
    pthread_mutex_lock(&a->cache_lock);
    /* The same key's slot, else an empty one, else the least used. */
    int slot = 0;
    for (int i = 0; i < API_CACHE_SLOTS; i++) {
        struct api_cached *c = &a->cache[i];
        if (c->body && strcmp(c->key, key) == 0) {
            slot = i;
            break;
        }
        if (!c->body || (a->cache[slot].body && c->used < a->cache[slot].used))
            slot = i;
    }
    struct api_cached *c = &a->cache[slot];
    free(c->body);
    snprintf(c->key, sizeof(c->key), "%s", key);
    c->generation = generation;
    c->body = copy;
    c->len = len;
    c->used = ++a->tick;
    pthread_mutex_unlock(&a->cache_lock);
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
    struct api *a = call->api;
    struct store *primary = call->store, *standby = NULL;
    if (!a->standby) {
        rt->handler(req, res, call);
        return;
    }
    if (api_route_may_lag(rt)) {
        char wrote[STORE_WAL_POS_MAX];
        if (!http_cookie(req->cookie,
                         req->tls ? API_WROTE_COOKIE_TLS : API_WROTE_COOKIE,
                         wrote, sizeof(wrote)))
            wrote[0] = '\0';
        standby = api_standby_take(a->standby, wrote);
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
    api_standby_give(a->standby, standby, failed);
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
    struct api_call call = {.api = a, .store = api_acquire(a)};
    if (api_authorize(&call, rt, req, res) == 0) {
        /* ?format=csv|xlsx and ?lang: the same route as a download. */
        if (api_export_requested(req))
            api_export(&call, rt, req, res, api_run);
        else
            api_run(&call, rt, req, res);
    }
    api_call_end(&call);
    api_release(a, call.store);
}

/* ---- the application's own endpoints ---- */

/* Generated from docs/api/openapi.yaml and ui/ by tools/embed.c. */
extern const struct embed_file api_docs[];
extern const struct embed_file ui_files[];
extern const size_t ui_files_count;

API_HANDLER(api_healthz)
{
    (void)req;
    struct api_call *call = ctx;
    int version = 0;
    if (store_schema_version(call->store, &version) != 0 ||
        version != store_migration_count()) {
        http_error(res, 503, "unavailable", NULL,
                   "the database does not answer");
        return;
    }
    http_json(
        res, 200,
        json_pack("{s:s, s:i}", "status", "ok", "schema_version", version));
}

API_HANDLER(api_metrics)
{
    (void)req;
    struct api_call *call = ctx;
    struct api *a = call->api;
    struct buf out = BUF_INIT(0);
    if (a->server)
        http_server_metrics(a->server, &out);
    int64_t size = 0, wal = -1;
    store_size(call->store, &size, &wal, NULL);
    buf_addf(&out,
             "# HELP randa_db_size_bytes The database's size.\n"
             "# TYPE randa_db_size_bytes gauge\n"
             "randa_db_size_bytes %lld\n",
             (long long)size);
    /* PostgreSQL's write-ahead log is its server's to watch. */
    if (wal >= 0)
        buf_addf(&out,
                 "# HELP randa_db_wal_size_bytes The write-ahead log's size.\n"
                 "# TYPE randa_db_wal_size_bytes gauge\n"
                 "randa_db_wal_size_bytes %lld\n",
                 (long long)wal);
    if (a->standby)
        api_standby_metrics(a->standby, &out);
    api_notifier_metrics(a->notifier, call->store, &out);
    http_text(res, 200, "text/plain; version=0.0.4", out.data, out.len);
    buf_release(&out);
}

API_HANDLER(api_openapi)
{
    (void)req;
    (void)ctx;
    http_static(res, 200, "application/yaml", api_docs[0].data,
                api_docs[0].len);
}

static const struct {
    const char *ext;
    const char *type;
} api_types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".json", "application/json"},
};

static const char *api_content_type(const char *name)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof(api_types) / sizeof(*api_types); i++)
        if (strcmp(dot, api_types[i].ext) == 0)
            return api_types[i].type;
    return "application/octet-stream";
}

/* The embedded UI: "/" is index.html, "/x/y.js" the file ui/x/y.js. */
void api_ui(struct http_request *req, struct http_response *res, void *ctx)
{
    (void)ctx;
    if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
        http_error(res, 405, "method_not_allowed", NULL,
                   "%s is not allowed on %s; allowed: GET, HEAD",
                   http_method_name(req->method), req->path);
        http_header(res, "Allow", "GET, HEAD");
        return;
    }
    const char *name =
        strcmp(req->path, "/") == 0 ? "index.html" : req->path + 1;
    for (size_t i = 0; i < ui_files_count; i++) {
        if (strcmp(ui_files[i].name, name) == 0) {
            http_static(res, 200, api_content_type(name), ui_files[i].data,
                        ui_files[i].len);
            http_header(res, "Cache-Control", "no-cache");
            return;
        }
    }
    http_error(res, 404, "not_found", NULL, "no such page: %s", req->path);
}
