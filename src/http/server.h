/*
 * The HTTP server: libmicrohttpd with a thread pool, behind http.h, over
 * plain HTTP or TLS (GnuTLS, through the library). It reads each request in
 * full (headers capped at SERVER_HEADERS_MAX with 431 beyond, bodies at
 * HTTP_BODY_MAX, or the cap the application gives an upload, with 413
 * beyond), refuses clients over their rate limit
 * with 429 and over their connection limit at once, calls the application,
 * sends the response with Randa's security headers (HSTS too over TLS),
 * writes one access-log line and counts the request for /metrics.
 */
#ifndef RANDA_HTTP_SERVER_H
#define RANDA_HTTP_SERVER_H

#include "http/http.h"
#include "util/buf.h"
#include "util/err.h"

struct http_server;

/*
 * Request headers (names, values and their separators) larger than this are
 * refused with 431. libmicrohttpd refuses on its own, also with 431, those
 * that do not fit its 64 KiB of memory per connection.
 */
#define SERVER_HEADER_BYTES_MAX (32 * 1024)

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
    /* The cap of a request with method and path when it is not body_max
     * (an upload): a size, or 0 for body_max. NULL: body_max for all. */
    size_t (*body_max_of)(enum http_method method, const char *path);
    int access_log; /* 1: one line per request to standard error */
    /* TLS: the certificate (chain) and its private key, PEM text the caller
     * keeps until http_server_stop(); both NULL for plain HTTP. */
    const char *tls_cert;
    const char *tls_key;
    int rate_limit; /* requests a second from one address (bursts of twice
                     * as many); beyond, 429. 0: no limit */
    int connections_per_address; /* open connections from one address;
                                  * 0: no limit */
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
