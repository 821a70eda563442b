/*
 * Unit tests for the HTTP layer with no network (http/http.h): the router
 * over a route table of the tests' own, the error shape, the body reader,
 * headers and the release of responses.
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/err.h"

/* ---- a route table whose handlers record what they saw ---- */

struct seen {
    const char *handler; /* the name of the handler that ran */
    int calls;
    enum http_method method;
};

static void seen_mark(struct http_response *res, void *ctx, const char *name,
                      const struct http_request *req)
{
    struct seen *s = ctx;
    s->handler = name;
    s->calls++;
    s->method = req->method;
    http_text(res, 200, "text/plain", name, strlen(name));
}

#define HANDLER(name)                                                          \
    static void name(struct http_request *req, struct http_response *res,      \
                     void *ctx)                                                \
    {                                                                          \
        seen_mark(res, ctx, #name, req);                                       \
    }

HANDLER(h_root)
HANDLER(h_items_get)
HANDLER(h_items_post)
HANDLER(h_item_get)
HANDLER(h_item_patch)
HANDLER(h_item_delete)
HANDLER(h_item_go)
HANDLER(h_deep_get)
HANDLER(h_four)
HANDLER(h_five)
HANDLER(h_put_only)
HANDLER(h_options_only)
HANDLER(h_literal_new)

static const struct http_route routes[] = {
    {HTTP_GET, "/", h_root, "test"},
    {HTTP_GET, "/items", h_items_get, "test"},
    {HTTP_POST, "/items", h_items_post, "test"},
    /* A literal route listed before the {id} route wins over it. */
    {HTTP_GET, "/items/new", h_literal_new, "test"},
    {HTTP_GET, "/items/{id}", h_item_get, "test"},
    {HTTP_PATCH, "/items/{id}", h_item_patch, "test"},
    {HTTP_DELETE, "/items/{id}", h_item_delete, "test"},
    {HTTP_POST, "/items/{id}/go", h_item_go, "test"},
    {HTTP_GET, "/items/{id}/parts/{part}", h_deep_get, "test"},
    {HTTP_GET, "/four/{a}/{b}/{c}/{d}", h_four, "test"},
    /* One parameter more than HTTP_PARAMS_MAX: never matches. */
    {HTTP_GET, "/five/{a}/{b}/{c}/{d}/{e}", h_five, "test"},
    {HTTP_PUT, "/put", h_put_only, "test"},
    {HTTP_OPTIONS, "/options", h_options_only, "test"},
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

struct call {
    struct http_request req;
    struct http_response res;
    struct seen seen;
    const struct http_route *route;
};

static void call_run(struct call *c, enum http_method m, const char *path)
{
    memset(c, 0, sizeof(*c));
    c->req.method = m;
    c->req.path = path;
    c->req.body = "";
    c->route = http_dispatch(routes, NROUTES, &c->req, &c->res, &c->seen);
}

static void call_done(struct call *c)
{
    http_response_release(&c->res);
}

/* The body of res parsed as JSON; fails the test if it is not JSON. */
static json_t *body_json(const struct http_response *res)
{
    json_error_t je;
    json_t *j = json_loadb(res->body, res->len, 0, &je);
    cr_assert_not_null(j, "body is not JSON (%s): %.*s", je.text, (int)res->len,
                       res->body);
    return j;
}

static const char *err_member(json_t *j, const char *name)
{
    json_t *e = json_object_get(j, "error");
    cr_assert(json_is_object(e), "no error object");
    json_t *v = json_object_get(e, name);
    return v ? json_string_value(v) : NULL;
}

static const char *header_of(const struct http_response *res, const char *name)
{
    for (int i = 0; i < res->nheaders; i++)
        if (strcmp(res->headers[i].name, name) == 0)
            return res->headers[i].value;
    return NULL;
}

/* Expects an error response with status and error.code. */
static void expect_error(const struct call *c, int status, const char *code)
{
    cr_assert_null(c->route);
    cr_assert_eq(c->seen.calls, 0, "a handler ran: %s", c->seen.handler);
    cr_assert_eq(c->res.status, status, "status %d, want %d", c->res.status,
                 status);
    cr_assert_str_eq(c->res.content_type, "application/json");
    json_t *j = body_json(&c->res);
    cr_assert_str_eq(err_member(j, "code"), code);
    cr_assert_not_null(err_member(j, "message"));
    cr_assert_null(err_member(j, "field"));
    json_decref(j);
}

/* ---- literal routes ---- */

Test(http_dispatch, literal_routes)
{
    struct call c;
    call_run(&c, HTTP_GET, "/items");
    cr_assert_eq(c.route, &routes[1]);
    cr_assert_str_eq(c.seen.handler, "h_items_get");
    cr_assert_eq(c.seen.calls, 1);
    cr_assert_str_eq(c.req.route, "/items");
    cr_assert_eq(c.req.nparams, 0);
    cr_assert_eq(c.res.status, 200);
    call_done(&c);

    call_run(&c, HTTP_POST, "/items");
    cr_assert_str_eq(c.seen.handler, "h_items_post");
    call_done(&c);

    call_run(&c, HTTP_GET, "/");
    cr_assert_str_eq(c.seen.handler, "h_root");
    call_done(&c);

    call_run(&c, HTTP_GET, "/items/new");
    cr_assert_str_eq(c.seen.handler, "h_literal_new");
    cr_assert_eq(c.req.nparams, 0);
    call_done(&c);
}

Test(http_dispatch, literal_is_exact)
{
    static const char *const paths[] = {
        "/item", "/itemss", "/Items", "/items2", "items", "", "//items",
    };
    for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
        struct call c;
        call_run(&c, HTTP_GET, paths[i]);
        expect_error(&c, 404, "not_found");
        call_done(&c);
    }
}

/* ---- {param} routes ---- */

Test(http_dispatch, params_are_read_back)
{
    struct call c;
    call_run(&c, HTTP_GET, "/items/42");
    cr_assert_str_eq(c.seen.handler, "h_item_get");
    cr_assert_str_eq(c.req.route, "/items/{id}");
    cr_assert_eq(c.req.nparams, 1);
    cr_assert_str_eq(http_param(&c.req, "id"), "42");
    cr_assert_null(http_param(&c.req, "part"));
    cr_assert_null(http_param(&c.req, "ID"));
    call_done(&c);

    call_run(&c, HTTP_GET, "/items/abc/parts/x%20y");
    cr_assert_str_eq(c.seen.handler, "h_deep_get");
    cr_assert_eq(c.req.nparams, 2);
    cr_assert_str_eq(http_param(&c.req, "id"), "abc");
    cr_assert_str_eq(http_param(&c.req, "part"), "x%20y");
    call_done(&c);

    call_run(&c, HTTP_POST, "/items/7/go");
    cr_assert_str_eq(c.seen.handler, "h_item_go");
    cr_assert_str_eq(http_param(&c.req, "id"), "7");
    call_done(&c);

    call_run(&c, HTTP_GET, "/four/1/22/333/4444");
    cr_assert_str_eq(c.seen.handler, "h_four");
    cr_assert_eq(c.req.nparams, 4);
    cr_assert_str_eq(http_param(&c.req, "a"), "1");
    cr_assert_str_eq(http_param(&c.req, "b"), "22");
    cr_assert_str_eq(http_param(&c.req, "c"), "333");
    cr_assert_str_eq(http_param(&c.req, "d"), "4444");
    call_done(&c);
}

Test(http_dispatch, param_methods)
{
    struct call c;
    call_run(&c, HTTP_PATCH, "/items/1");
    cr_assert_str_eq(c.seen.handler, "h_item_patch");
    cr_assert_str_eq(http_param(&c.req, "id"), "1");
    call_done(&c);
    call_run(&c, HTTP_DELETE, "/items/1");
    cr_assert_str_eq(c.seen.handler, "h_item_delete");
    call_done(&c);
}

Test(http_dispatch, trailing_slash_is_another_path)
{
    static const char *const paths[] = {"/items/", "/items/5/", "/items/5/go/",
                                        "/four/1/2/3/4/"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
        struct call c;
        call_run(&c, i == 2 ? HTTP_POST : HTTP_GET, paths[i]);
        expect_error(&c, 404, "not_found");
        call_done(&c);
    }
}

Test(http_dispatch, empty_segment_matches_no_param)
{
    static const char *const paths[] = {"/items//go", "/four/1//3/4",
                                        "/four/1/2/3/", "/items/5/parts/"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
        struct call c;
        call_run(&c, i == 0 ? HTTP_POST : HTTP_GET, paths[i]);
        expect_error(&c, 404, "not_found");
        cr_assert_eq(c.req.nparams, 0);
        call_done(&c);
    }
}

Test(http_dispatch, too_many_params_never_match)
{
    struct call c;
    call_run(&c, HTTP_GET, "/five/1/2/3/4/5");
    expect_error(&c, 404, "not_found");
    call_done(&c);
}

/*
 * param_buf holds, per parameter, its name and value with their NULs. For
 * "/items/{id}" that is 3 + len + 1 bytes: a 252-byte value fills the 256
 * bytes exactly; 253 bytes do not fit and the route does not match.
 */
Test(http_dispatch, long_segment_fits_exactly)
{
    char path[512] = "/items/";
    size_t n = strlen(path);
    memset(path + n, 'v', 252);
    path[n + 252] = '\0';
    struct call c;
    call_run(&c, HTTP_GET, path);
    cr_assert_str_eq(c.seen.handler, "h_item_get");
    cr_assert_eq(strlen(http_param(&c.req, "id")), 252);
    cr_assert_str_eq(http_param(&c.req, "id"), path + n);
    call_done(&c);
}

Test(http_dispatch, long_segment_does_not_overflow)
{
    static const size_t lens[] = {253, 254, 255, 256, 300, 4000};
    for (size_t i = 0; i < sizeof(lens) / sizeof(*lens); i++) {
        char *path = malloc(lens[i] + 16);
        strcpy(path, "/items/");
        memset(path + 7, 'v', lens[i]);
        path[7 + lens[i]] = '\0';
        struct call c;
        call_run(&c, HTTP_GET, path);
        expect_error(&c, 404, "not_found");
        call_done(&c);
        free(path);
    }
}

/*
 * Four one-letter parameters take 2 + len + 1 bytes each: four 61-byte
 * values fill 4 * 64 = 256 bytes; one byte more in the last does not fit.
 */
Test(http_dispatch, params_share_the_buffer)
{
    char seg[64];
    memset(seg, 'x', 61);
    seg[61] = '\0';
    char path[512];
    snprintf(path, sizeof(path), "/four/%s/%s/%s/%s", seg, seg, seg, seg);
    struct call c;
    call_run(&c, HTTP_GET, path);
    cr_assert_str_eq(c.seen.handler, "h_four");
    cr_assert_str_eq(http_param(&c.req, "a"), seg);
    cr_assert_str_eq(http_param(&c.req, "d"), seg);
    call_done(&c);

    snprintf(path, sizeof(path), "/four/%s/%s/%s/%sy", seg, seg, seg, seg);
    call_run(&c, HTTP_GET, path);
    expect_error(&c, 404, "not_found");
    call_done(&c);
}

/* ---- 404 and 405 ---- */

Test(http_dispatch, unknown_path_is_404)
{
    struct call c;
    call_run(&c, HTTP_GET, "/nothing/here");
    expect_error(&c, 404, "not_found");
    cr_assert_null(header_of(&c.res, "Allow"));
    call_done(&c);

    call_run(&c, HTTP_DELETE, "/nothing");
    expect_error(&c, 404, "not_found");
    call_done(&c);
}

/* Expects 405 with exactly the Allow header allow. */
static void expect_405(enum http_method m, const char *path, const char *allow)
{
    struct call c;
    call_run(&c, m, path);
    expect_error(&c, 405, "method_not_allowed");
    const char *got = header_of(&c.res, "Allow");
    cr_assert_not_null(got, "%s %s: no Allow header", http_method_name(m),
                       path);
    cr_assert_str_eq(got, allow, "%s %s", http_method_name(m), path);
    cr_assert_eq(c.req.nparams, 0);
    call_done(&c);
}

Test(http_dispatch, wrong_method_is_405_with_allow)
{
    expect_405(HTTP_DELETE, "/items", "GET, HEAD, POST");
    expect_405(HTTP_PUT, "/items", "GET, HEAD, POST");
    expect_405(HTTP_OPTIONS, "/items", "GET, HEAD, POST");
    expect_405(HTTP_OTHER, "/items", "GET, HEAD, POST");
    expect_405(HTTP_POST, "/items/9", "GET, HEAD, PATCH, DELETE");
    expect_405(HTTP_GET, "/items/9/go", "POST");
    expect_405(HTTP_HEAD, "/items/9/go", "POST");
    expect_405(HTTP_POST, "/", "GET, HEAD");
    expect_405(HTTP_GET, "/put", "PUT");
    /* "/items/new" is also an "/items/{id}". */
    expect_405(HTTP_POST, "/items/new", "GET, HEAD, PATCH, DELETE");
}

/* A path served only under OPTIONS still names it in Allow. */
Test(http_dispatch, options_route_in_allow)
{
    expect_405(HTTP_GET, "/options", "OPTIONS");
    struct call c;
    call_run(&c, HTTP_OPTIONS, "/options");
    cr_assert_str_eq(c.seen.handler, "h_options_only");
    call_done(&c);
}

Test(http_dispatch, head_is_served_by_get)
{
    struct call c;
    call_run(&c, HTTP_HEAD, "/items");
    cr_assert_eq(c.route, &routes[1]);
    cr_assert_eq(c.route->method, HTTP_GET);
    cr_assert_str_eq(c.seen.handler, "h_items_get");
    cr_assert_eq(c.seen.method, HTTP_HEAD);
    call_done(&c);

    call_run(&c, HTTP_HEAD, "/items/3/parts/4");
    cr_assert_str_eq(c.seen.handler, "h_deep_get");
    cr_assert_str_eq(http_param(&c.req, "part"), "4");
    call_done(&c);

    call_run(&c, HTTP_HEAD, "/nope");
    expect_error(&c, 404, "not_found");
    call_done(&c);
}

/* A path with bytes that are not UTF-8 still gets the JSON 404 shape. */
Test(http_dispatch, not_utf8_path_keeps_the_error_shape)
{
    struct call c;
    call_run(&c, HTTP_GET, "/\xff\xfe/items");
    expect_error(&c, 404, "not_found");
    call_done(&c);
    call_run(&c, HTTP_POST, "/items/\xc3");
    expect_error(&c, 405, "method_not_allowed");
    call_done(&c);
}

Test(http_method, names_and_parse)
{
    static const char *const names[] = {"GET",   "HEAD",   "POST",   "PUT",
                                        "PATCH", "DELETE", "OPTIONS"};
    for (int m = 0; m < HTTP_METHOD_COUNT; m++) {
        cr_assert_str_eq(http_method_name((enum http_method)m), names[m]);
        cr_assert_eq(http_method_parse(names[m]), (enum http_method)m);
    }
    cr_assert_str_eq(http_method_name(HTTP_OTHER), "OTHER");
    cr_assert_eq(http_method_parse("get"), HTTP_OTHER);
    cr_assert_eq(http_method_parse("TRACE"), HTTP_OTHER);
    cr_assert_eq(http_method_parse(""), HTTP_OTHER);
    cr_assert_eq(http_method_parse("GETX"), HTTP_OTHER);
}

Test(http_arg, first_of_a_name)
{
    struct http_request req = {0};
    req.args[0] = (struct http_kv){"a", "1"};
    req.args[1] = (struct http_kv){"b", ""};
    req.args[2] = (struct http_kv){"a", "2"};
    req.nargs = 3;
    cr_assert_str_eq(http_arg(&req, "a"), "1");
    cr_assert_str_eq(http_arg(&req, "b"), "");
    cr_assert_null(http_arg(&req, "c"));
    cr_assert_null(http_arg(&req, ""));
    req.nargs = 0;
    cr_assert_null(http_arg(&req, "a"));
}

/* ---- the error shape ---- */

Test(http_error, shape_with_field)
{
    struct http_response res = {0};
    http_error(&res, 422, "invalid", "fte", "fte: must be %d to %d", 1, 100);
    cr_assert_eq(res.status, 422);
    cr_assert_str_eq(res.content_type, "application/json");
    cr_assert_eq(res.len, strlen(res.body));
    json_t *j = body_json(&res);
    cr_assert_eq(json_object_size(j), 1);
    json_t *e = json_object_get(j, "error");
    cr_assert_eq(json_object_size(e), 3);
    cr_assert_str_eq(err_member(j, "code"), "invalid");
    cr_assert_str_eq(err_member(j, "message"), "fte: must be 1 to 100");
    cr_assert_str_eq(err_member(j, "field"), "fte");
    json_decref(j);
    http_response_release(&res);
}

Test(http_error, shape_without_field)
{
    const char *fields[] = {NULL, ""};
    for (int i = 0; i < 2; i++) {
        struct http_response res = {0};
        http_error(&res, 404, "not_found", fields[i], "no such %s", "thing");
        json_t *j = body_json(&res);
        cr_assert_eq(json_object_size(json_object_get(j, "error")), 2);
        cr_assert_str_eq(err_member(j, "code"), "not_found");
        cr_assert_str_eq(err_member(j, "message"), "no such thing");
        cr_assert_null(json_object_get(json_object_get(j, "error"), "field"));
        json_decref(j);
        http_response_release(&res);
    }
}

Test(http_error, replaces_an_earlier_body)
{
    struct http_response res = {0};
    http_json(&res, 200, json_pack("{s:i}", "a", 1));
    http_error(&res, 409, "conflict", NULL, "taken");
    cr_assert_eq(res.status, 409);
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "code"), "conflict");
    json_decref(j);
    http_response_release(&res);
}

/* Quotes, backslashes and control characters are escaped, not copied. */
Test(http_error, message_is_escaped)
{
    struct http_response res = {0};
    http_error(&res, 400, "malformed", "a\"b", "say \"hi\"\\\n\t%s", "x");
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "message"), "say \"hi\"\\\n\tx");
    cr_assert_str_eq(err_member(j, "field"), "a\"b");
    json_decref(j);
    http_response_release(&res);
}

/*
 * A message or field that is not UTF-8 (a decoded path, a message cut in
 * the middle of a character) still gives valid JSON with the status and
 * code asked for; the bad bytes are replaced.
 */
Test(http_error, invalid_utf8_gives_valid_json)
{
    static const char *const bad[] = {
        "\xff",
        "a\xc3",
        "\xc3(",
        "\xe2\x82",
        "\xed\xa0\x80",
        /* surrogate */ "\xc0\xaf", /* overlong */
        "\xf4\x90\x80\x80",         /* > U+10FFFF */
        "\xf0\x9f\x98",
        "ok \xe2\x82\xac", /* valid: the euro sign */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct http_response res = {0};
        http_error(&res, 404, "not_found", bad[i], "no such resource: %s",
                   bad[i]);
        cr_assert_eq(res.status, 404);
        json_t *j = body_json(&res);
        cr_assert_str_eq(err_member(j, "code"), "not_found", "case %zu", i);
        const char *msg = err_member(j, "message");
        cr_assert_not_null(msg);
        cr_assert_eq(strncmp(msg, "no such resource: ", 18), 0, "%s", msg);
        cr_assert_not_null(err_member(j, "field"), "case %zu", i);
        json_decref(j);
        http_response_release(&res);
    }
    /* Valid UTF-8 passes unchanged. */
    struct http_response res = {0};
    http_error(&res, 400, "malformed", "f\xc3\xa4lt",
               "r\xc3\xa4tt \xe2\x82\xac");
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "message"), "r\xc3\xa4tt \xe2\x82\xac");
    cr_assert_str_eq(err_member(j, "field"), "f\xc3\xa4lt");
    json_decref(j);
    http_response_release(&res);
}

/* A message longer than the buffer is cut, never mid-character. */
Test(http_error, long_message_cut_in_a_character)
{
    char msg[1200];
    memset(msg, 'a', 510);
    msg[510] = '\0';
    for (int i = 0; i < 100; i++)
        strcat(msg, "\xc3\xa5"); /* å */
    struct http_response res = {0};
    http_error(&res, 422, "invalid", "x", "%s", msg);
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "code"), "invalid");
    cr_assert_eq(strncmp(err_member(j, "message"), msg, 510), 0);
    json_decref(j);
    http_response_release(&res);
}

static void expect_info(int code, int status, const char *name)
{
    struct err_info ei;
    err_set(&ei, code, "weeks", "weeks: reason %d", code);
    struct http_response res = {0};
    http_error_info(&res, &ei);
    cr_assert_eq(res.status, status, "code %d: status %d, want %d", code,
                 res.status, status);
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "code"), name);
    char want[64];
    snprintf(want, sizeof(want), "weeks: reason %d", code);
    cr_assert_str_eq(err_member(j, "message"), want);
    cr_assert_str_eq(err_member(j, "field"), "weeks");
    json_decref(j);
    http_response_release(&res);
}

Test(http_error_info, status_mapping)
{
    expect_info(ERR_SYNTAX, 400, "malformed");
    expect_info(ERR_INVAL, 422, "invalid");
    expect_info(ERR_NOTFOUND, 404, "not_found");
    expect_info(ERR_CONFLICT, 409, "conflict");
    expect_info(ERR_EXISTS, 409, "conflict");
    expect_info(ERR_TOOBIG, 413, "too_large");
    expect_info(ERR_DB, 500, "internal");
    expect_info(ERR_IO, 500, "internal");
    expect_info(ERR_CANCELLED, 503, "unavailable");
    expect_info(-1234, 500, "internal");
}

Test(http_error_info, empty_message_and_field)
{
    struct err_info ei;
    err_set(&ei, ERR_NOTFOUND, NULL, "%s", "");
    struct http_response res = {0};
    http_error_info(&res, &ei);
    cr_assert_eq(res.status, 404);
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "message"), err_str(ERR_NOTFOUND));
    cr_assert_null(err_member(j, "field"));
    json_decref(j);
    http_response_release(&res);
}

/* ---- bodies ---- */

static json_t *body_of(const char *text, size_t len, struct http_response *res)
{
    struct http_request req = {0};
    req.method = HTTP_POST;
    req.path = "/x";
    req.body = text;
    req.body_len = len;
    memset(res, 0, sizeof(*res));
    return http_body_object(&req, res);
}

static void expect_body_refused(const char *text, size_t len)
{
    struct http_response res;
    json_t *o = body_of(text, len, &res);
    cr_assert_null(o, "accepted: %.*s", (int)len, text);
    cr_assert_eq(res.status, 400);
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "code"), "malformed");
    cr_assert_null(err_member(j, "field"));
    json_decref(j);
    http_response_release(&res);
}

#define REFUSED(lit) expect_body_refused(lit, sizeof(lit) - 1)

Test(http_body_object, refused)
{
    REFUSED("");
    REFUSED(" ");
    REFUSED("not json");
    REFUSED("{");
    REFUSED("{\"a\":}");
    REFUSED("[]");
    REFUSED("[{\"a\":1}]");
    REFUSED("\"text\"");
    REFUSED("42");
    REFUSED("null");
    REFUSED("true");
    REFUSED("{\"a\":1,\"a\":2}");
    REFUSED("{\"a\":1} {\"b\":2}");
    REFUSED("{\"a\":1} x");
    REFUSED("{'a':1}");
    REFUSED("{\"a\":\"\\u0000\"}");
    REFUSED("{\"a\":\"\xff\"}");
    REFUSED("{\"\xc3\":1}");
    REFUSED("\xff");
    REFUSED("{\"a\":1,}");
    REFUSED("{\"a\":NaN}");
    /* A NUL inside the body's length. */
    REFUSED("{\"a\":1}\0");
    REFUSED("{\"a\":\"x\0y\"}");
}

Test(http_body_object, valid_objects)
{
    struct http_response res;
    json_t *o = body_of("{}", 2, &res);
    cr_assert(json_is_object(o));
    cr_assert_eq(json_object_size(o), 0);
    cr_assert_eq(res.status, 0, "a response was sent");
    json_decref(o);

    const char *t = " {\"a\": 1, \"b\": [1, 2], \"c\": {\"a\": 2}, "
                    "\"d\": \"\xc3\xa5\"}\n";
    o = body_of(t, strlen(t), &res);
    cr_assert(json_is_object(o));
    cr_assert_eq(json_object_size(o), 4);
    cr_assert_eq(json_integer_value(json_object_get(o, "a")), 1);
    cr_assert_str_eq(json_string_value(json_object_get(o, "d")), "\xc3\xa5");
    cr_assert_eq(res.status, 0);
    json_decref(o);

    /* body_len, not the NUL, ends the body. */
    o = body_of("{\"a\":1}garbage", 7, &res);
    cr_assert(json_is_object(o));
    json_decref(o);
}

/* ---- responses ---- */

Test(http_response, json_and_text)
{
    struct http_response res = {0};
    http_json(&res, 201, json_pack("{s:s}", "name", "x"));
    cr_assert_eq(res.status, 201);
    cr_assert_str_eq(res.content_type, "application/json");
    cr_assert_str_eq(res.body, "{\"name\":\"x\"}");
    cr_assert_eq(res.len, strlen(res.body));
    cr_assert_eq(res.static_body, 0);
    http_response_release(&res);

    http_text(&res, 204, "application/json", "", 0);
    cr_assert_eq(res.status, 204);
    cr_assert_eq(res.len, 0);
    cr_assert_not_null(res.body);
    http_response_release(&res);

    /* NULL JSON (an allocation that failed) becomes a 500 error. */
    http_json(&res, 200, NULL);
    cr_assert_eq(res.status, 500);
    json_t *j = body_json(&res);
    cr_assert_str_eq(err_member(j, "code"), "internal");
    json_decref(j);
    http_response_release(&res);
}

Test(http_header, copies_and_drops)
{
    struct http_response res = {0};
    char name[64], value[300];
    snprintf(name, sizeof(name), "X-Test");
    snprintf(value, sizeof(value), "v1");
    http_header(&res, name, value);
    strcpy(name, "changed");
    strcpy(value, "changed");
    cr_assert_eq(res.nheaders, 1);
    cr_assert_str_eq(res.headers[0].name, "X-Test");
    cr_assert_str_eq(res.headers[0].value, "v1");

    /* name holds 31 bytes, value 255: one more is dropped. */
    memset(name, 'n', 31);
    name[31] = '\0';
    memset(value, 'v', 255);
    value[255] = '\0';
    http_header(&res, name, value);
    cr_assert_eq(res.nheaders, 2);
    cr_assert_str_eq(res.headers[1].name, name);
    cr_assert_str_eq(res.headers[1].value, value);

    name[31] = 'n';
    name[32] = '\0';
    http_header(&res, name, "v");
    cr_assert_eq(res.nheaders, 2, "too long a name was kept");
    value[255] = 'v';
    value[256] = '\0';
    http_header(&res, "X-Long", value);
    cr_assert_eq(res.nheaders, 2, "too long a value was kept");

    /* At most HTTP_HEADERS_MAX. */
    for (int i = 0; i < HTTP_HEADERS_MAX + 3; i++)
        http_header(&res, "X-More", "1");
    cr_assert_eq(res.nheaders, HTTP_HEADERS_MAX);
    http_response_release(&res);
    cr_assert_eq(res.nheaders, 0);
}

Test(http_response, release_resets)
{
    struct http_response res = {0};
    http_text(&res, 200, "text/plain", "hello", 5);
    http_header(&res, "X-A", "b");
    http_response_release(&res);
    cr_assert_eq(res.status, 0);
    cr_assert_null(res.body);
    cr_assert_eq(res.len, 0);
    cr_assert_eq(res.nheaders, 0);
    cr_assert_eq(res.static_body, 0);
    cr_assert_str_eq(res.content_type, "");
    /* Twice is harmless. */
    http_response_release(&res);

    /* A static body is not freed (ASan would see a bad free). */
    static const char page[] = "<html></html>";
    http_static(&res, 200, "text/html", page, sizeof(page) - 1);
    cr_assert_eq(res.static_body, 1);
    cr_assert_eq((const char *)res.body, page);
    cr_assert_eq(res.len, sizeof(page) - 1);
    http_response_release(&res);
    cr_assert_null(res.body);
    cr_assert_eq(res.static_body, 0);

    /* A static body replaced by an error is not freed either. */
    http_static(&res, 200, "text/html", page, sizeof(page) - 1);
    http_error(&res, 500, "internal", NULL, "late failure");
    cr_assert_eq(res.static_body, 0);
    cr_assert_eq(res.status, 500);
    http_response_release(&res);
    cr_assert_str_eq(page, "<html></html>");
}

/* An owned body is taken over, not copied, and freed by the release. */
Test(http_response, owned_body)
{
    struct http_response res = {0};
    char *body = malloc(6);
    memcpy(body, "[1,2]", 6);
    http_owned(&res, 200, "application/json", body, 5);
    cr_assert_eq(res.status, 200);
    cr_assert_eq(res.body, body);
    cr_assert_eq(res.len, 5);
    cr_assert_eq(res.static_body, 0);
    /* Replacing it frees it (the sanitizer build sees a leak otherwise). */
    http_owned(&res, 201, "text/plain", malloc(1), 0);
    cr_assert_eq(res.status, 201);
    http_response_release(&res);
    cr_assert_null(res.body);
}
