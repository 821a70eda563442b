/*
 * Randa's HTTP layer: requests, responses and the router, with no
 * libmicrohttpd in sight. server.c is the only file that knows the library;
 * it turns each connection's request into a struct http_request, calls the
 * application's handler and sends the struct http_response back.
 *
 * A handler fills the response with http_json(), http_error() or
 * http_static(); a response that is never filled goes out as a 500 error.
 * Every error leaves the server as one JSON shape:
 *   {"error": {"code": "...", "message": "...", "field": "..."}}
 */
#ifndef RANDA_HTTP_HTTP_H
#define RANDA_HTTP_HTTP_H

#include "util/err.h"

#include <jansson.h>
#include <stddef.h>

enum http_method {
    HTTP_GET,
    HTTP_HEAD,
    HTTP_POST,
    HTTP_PUT,
    HTTP_PATCH,
    HTTP_DELETE,
    HTTP_OPTIONS,
    HTTP_METHOD_COUNT,
    HTTP_OTHER = HTTP_METHOD_COUNT /* any method Randa does not serve */
};

/* Request bodies larger than this are refused with 413. */
#define HTTP_BODY_MAX (1024 * 1024)

#define HTTP_PARAMS_MAX  4  /* "{name}" segments in one route */
#define HTTP_ARGS_MAX    32 /* query arguments kept per request */
#define HTTP_HEADERS_MAX 8  /* extra response headers */

/* A name and its value; both point into memory the request owns. */
struct http_kv {
    const char *name;
    const char *value;
};

struct http_request {
    enum http_method method;
    const char *path;                   /* decoded, without the query string */
    struct http_kv args[HTTP_ARGS_MAX]; /* query arguments, decoded */
    int nargs;
    struct http_kv params[HTTP_PARAMS_MAX]; /* set by the router */
    int nparams;
    const char *body; /* NUL-terminated; "" when there is none */
    size_t body_len;
    const char *route;   /* the matched route's pattern, for logs and metrics */
    char param_buf[256]; /* holds the params' values */
    /* Request headers the application reads (NULL when absent). */
    const char *cookie;        /* Cookie */
    const char *authorization; /* Authorization */
    const char *csrf;          /* X-CSRF-Token */
    const char *origin;        /* Origin */
    const char *host;          /* Host */
    const char *user_agent;    /* User-Agent */
    char client[64];           /* the peer's address ("127.0.0.1"), or "" */
    int tls;                   /* the request came over TLS */
};

struct http_response {
    int status;            /* 0 until a handler fills the response */
    char content_type[96]; /* the xlsx media type is 65 bytes */
    char *body;            /* owned (malloc) unless static_body is set */
    size_t len;
    int static_body; /* body points into memory that outlives the response */
    struct {
        char name[32];
        char value[256];
    } headers[HTTP_HEADERS_MAX];
    int nheaders;
};

/* The method's name ("GET"); HTTP_OTHER gives "OTHER". */
const char *http_method_name(enum http_method m);

/* Parses a method name; unknown names give HTTP_OTHER. */
enum http_method http_method_parse(const char *name);

/* The value of path parameter or query argument name, or NULL. */
const char *http_param(const struct http_request *req, const char *name);
const char *http_arg(const struct http_request *req, const char *name);

/*
 * Finds cookie name in a Cookie header ("a=1; b=2") and copies its value
 * into out (size bytes with the NUL). Returns 1 when found and it fits, 0
 * otherwise (out is then ""). The first of several cookies of one name wins.
 */
int http_cookie(const char *header, const char *name, char *out, size_t size);

/* Sends body, a JSON value, with status; takes over the reference. */
void http_json(struct http_response *res, int status, json_t *body);

/*
 * Sends the error shape with status. code is a short machine name
 * ("invalid", "not_found"); field may be NULL or "".
 */
void http_error(struct http_response *res, int status, const char *code,
                const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Sends ei as the error shape, with the status its code maps to. */
void http_error_info(struct http_response *res, const struct err_info *ei);

/* Sends memory that outlives the response (an embedded file), not copied. */
void http_static(struct http_response *res, int status,
                 const char *content_type, const void *data, size_t len);

/* Sends a copy of text with status and content type. */
void http_text(struct http_response *res, int status, const char *content_type,
               const char *text, size_t len);

/* Sends body, which the response takes over and frees (malloc'd). */
void http_owned(struct http_response *res, int status, const char *content_type,
                char *body, size_t len);

/* Adds a header (copied; too long a name or value is dropped). */
void http_header(struct http_response *res, const char *name,
                 const char *value);

/* Frees the response's body and resets it to empty. */
void http_response_release(struct http_response *res);

/*
 * Routing. A route's pattern is a path whose segments are literal text or
 * "{name}", which matches one non-empty segment and is read back with
 * http_param(). ctx is what the application passed to http_dispatch().
 */
typedef void (*http_handler)(struct http_request *req,
                             struct http_response *res, void *ctx);

struct http_route {
    enum http_method method;
    const char *pattern; /* "/api/v1/trainees/{id}" */
    http_handler handler;
    /*
     * What the route does, in the application's policy ("trainee.read").
     * The router never calls a route without one: it answers 500.
     */
    const char *action;
};

/*
 * Finds the route for req among n routes and sets the request's params and
 * route. A path no route matches gets 404 in res; a path that matches only
 * under other methods gets 405 with an Allow header. HEAD is served by the
 * GET route. Returns the route, or NULL with res filled.
 */
const struct http_route *http_route_find(const struct http_route *routes,
                                         size_t n, struct http_request *req,
                                         struct http_response *res);

/* 1 when path matches a route's pattern ("/api/v1/reviews/{id}/report"). */
int http_path_matches(const char *pattern, const char *path);

/*
 * http_route_find(), then calls the route's handler; a route without an
 * action is refused with 500 and not called. Returns the route, or NULL.
 */
const struct http_route *http_dispatch(const struct http_route *routes,
                                       size_t n, struct http_request *req,
                                       struct http_response *res, void *ctx);

/*
 * Parses the request body as a JSON object. On failure sends 400 (not JSON,
 * or not an object) and returns NULL; the caller owns the result.
 */
json_t *http_body_object(const struct http_request *req,
                         struct http_response *res);

#endif
