/*
 * The application's own endpoints: the health check, the metrics, the API's
 * description, and the embedded web UI (every GET that is no route).
 */
#include "api/api_impl.h"

#include "http/server.h"
#include "util/buf.h"
#include "util/embed.h"

#include <string.h>

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
    if (api__server(a))
        http_server_metrics(api__server(a), &out);
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
    if (api__workers(a)->standby)
        api_standby_metrics(api__workers(a)->standby, &out);
    api_notifier_metrics(api_notifier(a), call->store, &out);
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
