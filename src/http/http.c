/* Requests, responses and the router (http.h), with no network code. */
#include "http/http.h"

#include "util/buf.h"
#include "util/csv.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const http_method_names[HTTP_METHOD_COUNT] = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
};

const char *http_method_name(enum http_method m)
{
    return (unsigned)m < HTTP_METHOD_COUNT ? http_method_names[m] : "OTHER";
}

enum http_method http_method_parse(const char *name)
{
    for (int m = 0; m < HTTP_METHOD_COUNT; m++)
        if (strcmp(name, http_method_names[m]) == 0)
            return (enum http_method)m;
    return HTTP_OTHER;
}

static const char *http_kv_find(const struct http_kv *kv, int n,
                                const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(kv[i].name, name) == 0)
            return kv[i].value;
    return NULL;
}

const char *http_param(const struct http_request *req, const char *name)
{
    return http_kv_find(req->params, req->nparams, name);
}

const char *http_arg(const struct http_request *req, const char *name)
{
    return http_kv_find(req->args, req->nargs, name);
}

void http_response_release(struct http_response *res)
{
    if (!res->static_body)
        free(res->body);
    res->body = NULL;
    res->len = 0;
    res->static_body = 0;
    res->status = 0;
    res->nheaders = 0;
    res->content_type[0] = '\0';
}

static void http_set_body(struct http_response *res, int status,
                          const char *content_type, char *body, size_t len,
                          int is_static)
{
    if (!res->static_body)
        free(res->body);
    res->status = status;
    snprintf(res->content_type, sizeof(res->content_type), "%s", content_type);
    res->body = body;
    res->len = len;
    res->static_body = is_static;
}

void http_json(struct http_response *res, int status, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    json_decref(body);
    if (!text) {
        http_error(res, 500, "internal", NULL, "could not write the response");
        return;
    }
    http_set_body(res, status, "application/json", text, strlen(text), 0);
}

/* The error's short machine name for a status. */
static const char *http_status_code(int status)
{
    switch (status) {
    case 400:
        return "malformed";
    case 404:
        return "not_found";
    case 405:
        return "method_not_allowed";
    case 409:
        return "conflict";
    case 413:
        return "too_large";
    case 422:
        return "invalid";
    case 503:
        return "unavailable";
    default:
        return status >= 500 ? "internal" : "error";
    }
}

static void http_error_v(struct http_response *res, int status,
                         const char *code, const char *field, const char *fmt,
                         va_list ap)
{
    char msg[512], fld[ERR_FIELD_MAX * 2];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    csv_utf8_clean(msg, '?');
    snprintf(fld, sizeof(fld), "%s", field ? field : "");
    csv_utf8_clean(fld, '?');
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", msg);
    if (err && fld[0])
        json_object_set_new(err, "field", json_string(fld));
    char *text = NULL;
    if (err) {
        json_t *o = json_pack("{s:o}", "error", err);
        text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
    }
    if (!text) /* out of memory: a fixed answer */
        text = xstrdup("{\"error\":{\"code\":\"internal\",\"message\":"
                       "\"could not describe the error\"}}");
    http_set_body(res, status, "application/json", text, strlen(text), 0);
}

void http_error(struct http_response *res, int status, const char *code,
                const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    http_error_v(res, status, code, field, fmt, ap);
    va_end(ap);
}

void http_error_info(struct http_response *res, const struct err_info *ei)
{
    int status = err_http_status(ei->code);
    const char *msg = ei->msg[0] ? ei->msg : err_str(ei->code);
    http_error(res, status, http_status_code(status), ei->field, "%s", msg);
}

void http_static(struct http_response *res, int status,
                 const char *content_type, const void *data, size_t len)
{
    /* The const is kept: static bodies are never written or freed. */
    union {
        const void *c;
        char *p;
    } u = {.c = data};
    http_set_body(res, status, content_type, u.p, len, 1);
}

void http_text(struct http_response *res, int status, const char *content_type,
               const char *text, size_t len)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    http_set_body(res, status, content_type, copy, len, 0);
}

void http_owned(struct http_response *res, int status, const char *content_type,
                char *body, size_t len)
{
    http_set_body(res, status, content_type, body, len, 0);
}

void http_header(struct http_response *res, const char *name, const char *value)
{
    if (res->nheaders == HTTP_HEADERS_MAX ||
        strlen(name) >= sizeof(res->headers[0].name) ||
        strlen(value) >= sizeof(res->headers[0].value))
        return;
    strcpy(res->headers[res->nheaders].name, name);
    strcpy(res->headers[res->nheaders].value, value);
    res->nheaders++;
}

/*
 * Matches path against pattern. On a match, the "{name}" segments' values
 * are copied into req->param_buf and listed in req->params.
 */
static int http_match(const char *pattern, const char *path,
                      struct http_request *req)
{
    size_t used = 0;
    int nparams = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p != '/' || *s != '/')
            return 0;
        p++, s++;
        size_t plen = strcspn(p, "/"), slen = strcspn(s, "/");
        if (plen > 2 && p[0] == '{' && p[plen - 1] == '}') {
            if (slen == 0 || nparams == HTTP_PARAMS_MAX ||
                used + (plen - 2) + slen + 2 > sizeof(req->param_buf))
                return 0;
            char *name = req->param_buf + used;
            memcpy(name, p + 1, plen - 2);
            name[plen - 2] = '\0';
            used += plen - 1;
            char *value = req->param_buf + used;
            memcpy(value, s, slen);
            value[slen] = '\0';
            used += slen + 1;
            req->params[nparams++] = (struct http_kv){name, value};
        } else if (plen != slen || memcmp(p, s, plen) != 0) {
            return 0;
        }
        p += plen, s += slen;
    }
    if (*p || *s)
        return 0;
    req->nparams = nparams;
    return 1;
}

int http_path_matches(const char *pattern, const char *path)
{
    struct http_request scratch;
    return http_match(pattern, path, &scratch);
}

const struct http_route *http_route_find(const struct http_route *routes,
                                         size_t n, struct http_request *req,
                                         struct http_response *res)
{
    enum http_method want = req->method == HTTP_HEAD ? HTTP_GET : req->method;
    unsigned allowed = 0; /* methods the path has, as bits */
    const struct http_route *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!http_match(routes[i].pattern, req->path, req))
            continue;
        allowed |= 1u << routes[i].method;
        if (routes[i].method == want) {
            found = &routes[i];
            break;
        }
    }
    if (found) {
        req->route = found->pattern;
        return found;
    }
    req->nparams = 0;
    if (!allowed) {
        http_error(res, 404, "not_found", NULL, "no such resource: %s",
                   req->path);
        return NULL;
    }
    /* 405 names the methods the path does have, HEAD with GET. */
    static const char *const allow_lists[] = {"GET, HEAD", "POST", "PATCH",
                                              "DELETE",    "PUT",  "OPTIONS"};
    static const enum http_method allow_methods[] = {
        HTTP_GET, HTTP_POST, HTTP_PATCH, HTTP_DELETE, HTTP_PUT, HTTP_OPTIONS};
    char allow[64] = "";
    size_t used = 0;
    for (size_t i = 0; i < sizeof(allow_methods) / sizeof(*allow_methods); i++)
        if (allowed & (1u << allow_methods[i]))
            used += (size_t)snprintf(allow + used, sizeof(allow) - used, "%s%s",
                                     used ? ", " : "", allow_lists[i]);
    http_error(res, 405, "method_not_allowed", NULL,
               "%s is not allowed on %s; allowed: %s",
               http_method_name(req->method), req->path, allow);
    http_header(res, "Allow", allow);
    return NULL;
}

const struct http_route *http_dispatch(const struct http_route *routes,
                                       size_t n, struct http_request *req,
                                       struct http_response *res, void *ctx)
{
    const struct http_route *found = http_route_find(routes, n, req, res);
    if (!found)
        return NULL;
    if (!found->action) {
        http_error(res, 500, "internal", NULL,
                   "the route %s %s declares no action, so it is refused",
                   http_method_name(found->method), found->pattern);
        return NULL;
    }
    found->handler(req, res, ctx);
    return found;
}

int http_cookie(const char *header, const char *name, char *out, size_t size)
{
    if (size > 0)
        out[0] = '\0';
    size_t nlen = strlen(name);
    const char *p = header;
    while (p && *p) {
        p += strspn(p, " \t;");
        size_t len = strcspn(p, ";");
        const char *eq = memchr(p, '=', len);
        if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
            const char *v = eq + 1;
            size_t vlen = len - nlen - 1;
            while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
                v++, vlen -= 2;
            if (vlen + 1 > size)
                return 0;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return 1;
        }
        p += len;
    }
    return 0;
}

json_t *http_body_object(const struct http_request *req,
                         struct http_response *res)
{
    if (req->body_len == 0) {
        http_error(res, 400, "malformed", NULL,
                   "the request needs a JSON object as its body");
        return NULL;
    }
    json_error_t je;
    json_t *o =
        json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        /* The parser's own words, except where they name its options. */
        const char *why = je.text;
        switch (json_error_code(&je)) {
        case json_error_null_character:
            why = "a string holds \\u0000";
            break;
        case json_error_numeric_overflow:
            why = "a number is too large";
            break;
        default:
            break;
        }
        http_error(res, 400, "malformed", NULL,
                   "the body is not valid JSON: %s (line %d, column %d)", why,
                   je.line, je.column);
        return NULL;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        http_error(res, 400, "malformed", NULL,
                   "the body must be a JSON object");
        return NULL;
    }
    return o;
}
