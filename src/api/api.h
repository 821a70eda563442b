/*
 * Randa's JSON API (/api/v1), the health and metrics endpoints and the
 * embedded web UI, as one application the HTTP layer calls per request.
 *
 * The API keeps a small pool of store connections, one per request in
 * flight: SQLite serves readers in parallel under WAL, and every write runs
 * in its own immediate transaction, so two requests racing for one seat are
 * serialised by the database and the loser is told why.
 */
#ifndef RANDA_API_API_H
#define RANDA_API_API_H

#include "http/http.h"
#include "util/err.h"

#include <stddef.h>

struct api;
struct http_server;

struct api_options {
    const char *db_path;
    int connections; /* store connections in the pool, >= 1 */
};

/* Opens the pool of store connections on the database. */
int api_open(const struct api_options *o, struct api **out,
             struct err_info *ei);

/* Closes every connection; no request may be in flight. */
void api_close(struct api *a);

/* Lets /metrics report the server's request counters. */
void api_set_server(struct api *a, struct http_server *server);

/* The application: serves one request (ctx is the struct api). */
void api_handle(struct http_request *req, struct http_response *res, void *ctx);

/* Every route the server has, for the OpenAPI test and `--routes`. */
extern const struct http_route api_routes[];
extern const size_t api_route_count;

#endif
