/*
 * The HTTP server: libmicrohttpd with a thread pool, behind http.h. It reads
 * each request in full (bodies capped at HTTP_BODY_MAX, 413 beyond), calls
 * the application, sends the response with Randa's security headers, writes
 * one access-log line and counts the request for /metrics.
 */
#ifndef RANDA_HTTP_SERVER_H
#define RANDA_HTTP_SERVER_H

#include "http/http.h"
#include "util/buf.h"
#include "util/err.h"

struct http_server;

/* The application: fills res for req. Called on the pool's threads. */
typedef void (*http_app)(struct http_request *req, struct http_response *res,
                         void *ctx);

struct http_server_options {
    const char *address; /* numeric IPv4 or IPv6 address */
    int port;            /* 0 picks a free port */
    int threads;         /* worker threads, >= 1 */
    int timeout_s;       /* idle connection timeout */
    int connections_max; /* concurrent connections */
    size_t body_max;     /* request body cap in bytes */
    int access_log;      /* 1: one line per request to standard error */
    http_app app;
    void *app_ctx;
};

/* Starts listening; *out is the running server. */
int http_server_start(const struct http_server_options *o,
                      struct http_server **out, struct err_info *ei);

/* The port the server listens on (useful after port 0). */
int http_server_port(const struct http_server *s);

/*
 * Stops accepting connections, waits up to grace_ms for requests in flight
 * to finish, then closes everything and frees the server.
 */
void http_server_stop(struct http_server *s, int grace_ms);

/* Appends the request counters in Prometheus text format to out. */
void http_server_metrics(struct http_server *s, struct buf *out);

#endif
