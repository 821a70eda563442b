/*
 * Fuzz target: the router over the API's real route table (src/api/routes.c).
 *
 * The input's first byte picks the method, the rest is the decoded path.
 * The handlers are stubs (scripts/fuzz.sh generates one per API_HANDLER in
 * api_impl.h, all calling fuzz_route_stub), so no store is needed. Checks:
 * a matched route rebuilds the path exactly from its pattern and params;
 * an unmatched path gets 404 or 405 in the JSON error shape, 405 with an
 * Allow header that names the request's own method never, and GET always
 * when HEAD would have been served.
 */
#include "api/api.h"
#include "fuzz.h"

#include <stdint.h>

void fuzz_route_stub(struct http_request *req, struct http_response *res,
                     void *ctx, const char *name);

struct fuzz_route_seen {
    int calls;
    const char *name;
};

/* Rebuilds the path from the pattern and the params, and compares. */
static void fuzz_route_rebuild(const struct http_request *req)
{
    char path[8192];
    size_t used = 0;
    int np = 0;
    for (const char *p = req->route; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            FUZZ_CHECK(end != NULL, "pattern %s", req->route);
            FUZZ_CHECK(np < req->nparams, "params %d", req->nparams);
            const struct http_kv *kv = &req->params[np++];
            FUZZ_CHECK(strlen(kv->name) == (size_t)(end - p - 1) &&
                           memcmp(kv->name, p + 1, (size_t)(end - p - 1)) == 0,
                       "param name %s in %s", kv->name, req->route);
            FUZZ_CHECK(kv->value[0] != '\0', "empty param %s", kv->name);
            FUZZ_CHECK(strchr(kv->value, '/') == NULL, "slash in param %s",
                       kv->value);
            FUZZ_CHECK(http_param(req, kv->name) == kv->value ||
                           strcmp(http_param(req, kv->name), kv->value) == 0,
                       "http_param %s", kv->name);
            size_t n = strlen(kv->value);
            FUZZ_CHECK(used + n < sizeof(path), "long path");
            memcpy(path + used, kv->value, n);
            used += n;
            p = end + 1;
        } else {
            FUZZ_CHECK(used + 1 < sizeof(path), "long path");
            path[used++] = *p++;
        }
    }
    path[used] = '\0';
    FUZZ_CHECK(np == req->nparams, "%d params, pattern has %d", req->nparams,
               np);
    FUZZ_CHECK(strcmp(path, req->path) == 0, "rebuilt %s from %s, path %s",
               path, req->route, req->path);
    /* The values live in param_buf. */
    for (int i = 0; i < req->nparams; i++)
        FUZZ_CHECK(req->params[i].value >= req->param_buf &&
                       req->params[i].value <
                           req->param_buf + sizeof(req->param_buf),
                   "param outside param_buf");
}

void fuzz_route_stub(struct http_request *req, struct http_response *res,
                     void *ctx, const char *name)
{
    struct fuzz_route_seen *seen = ctx;
    seen->calls++;
    seen->name = name;
    FUZZ_CHECK(req->route != NULL, "no route set");
    fuzz_route_rebuild(req);
    http_text(res, 200, "text/plain", name, strlen(name));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    enum http_method m = (enum http_method)(data[0] % (HTTP_METHOD_COUNT + 1));
    char *path = malloc(size);
    memcpy(path, data + 1, size - 1);
    path[size - 1] = '\0'; /* a NUL inside ends the path, as in C */

    struct http_request req = {0};
    struct http_response res = {0};
    struct fuzz_route_seen seen = {0};
    req.method = m;
    req.path = path;
    req.body = "";
    const struct http_route *r =
        http_dispatch(api_routes, api_route_count, &req, &res, &seen);
    if (r) {
        FUZZ_CHECK(seen.calls == 1, "%d calls", seen.calls);
        FUZZ_CHECK(r->method == (m == HTTP_HEAD ? HTTP_GET : m),
                   "route %s for %s", http_method_name(r->method),
                   http_method_name(m));
        FUZZ_CHECK(req.route == r->pattern, "req.route");
        FUZZ_CHECK(res.status == 200, "status %d", res.status);
    } else {
        FUZZ_CHECK(seen.calls == 0, "a handler ran without a route");
        FUZZ_CHECK(req.nparams == 0, "params left after no match");
        FUZZ_CHECK(res.status == 404 || res.status == 405, "status %d",
                   res.status);
        const char *allow = NULL;
        for (int i = 0; i < res.nheaders; i++)
            if (strcmp(res.headers[i].name, "Allow") == 0)
                allow = res.headers[i].value;
        if (res.status == 404) {
            fuzz_check_error(&res, 404, "not_found", "");
            FUZZ_CHECK(allow == NULL, "Allow on a 404");
        } else {
            fuzz_check_error(&res, 405, "method_not_allowed", "");
            FUZZ_CHECK(allow && allow[0], "405 without Allow");
            const char *name = http_method_name(m);
            /* The refused method is not in Allow (HEAD: not if GET is). */
            size_t n = strlen(name);
            for (const char *a = allow; (a = strstr(a, name)) != NULL; a++)
                FUZZ_CHECK(!((a == allow || a[-1] == ' ') &&
                             (a[n] == ',' || a[n] == '\0')),
                           "%s in Allow: %s", name, allow);
            /* Every method named in Allow is served on this path. */
            for (int am = 0; am < HTTP_METHOD_COUNT; am++) {
                const char *an = http_method_name((enum http_method)am);
                size_t len = strlen(an);
                int listed = 0;
                for (const char *a = allow; (a = strstr(a, an)) != NULL; a++)
                    listed |= (a == allow || a[-1] == ' ') &&
                              (a[len] == ',' || a[len] == '\0');
                if (!listed)
                    continue;
                struct http_request again = {0};
                struct http_response res2 = {0};
                struct fuzz_route_seen seen2 = {0};
                again.method = (enum http_method)am;
                again.path = path;
                again.body = "";
                FUZZ_CHECK(http_dispatch(api_routes, api_route_count, &again,
                                         &res2, &seen2) != NULL,
                           "Allow names %s but %s %s is not served", an, an,
                           path);
                http_response_release(&res2);
            }
        }
    }
    http_response_release(&res);
    free(path);
    return 0;
}
