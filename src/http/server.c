/* The HTTP server over libmicrohttpd: the only file that knows the library. */
#include "http/server.h"

#include "util/log.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <time.h>

/* Latency buckets in seconds for the histogram. */
static const double server_buckets[] = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
#define SERVER_NBUCKETS (sizeof(server_buckets) / sizeof(server_buckets[0]))

/* How long no request may have begun before a stopping server closes. */
#define SERVER_QUIET_MS 200

/* Requests counted by route and status; beyond this, "other". */
#define SERVER_COUNTERS_MAX 256

struct server_counter {
    const char *route; /* a route pattern (static), or "other" */
    int status;
    unsigned long long n;
};

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_server_options o;
    int port;

    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t idle;  /* signalled when inflight drops to 0 */
    int inflight;
    unsigned long long started; /* requests begun since the start */
    int stopping;               /* http_server_stop() has begun */
    struct server_counter counters[SERVER_COUNTERS_MAX];
    int ncounters;
    unsigned long long buckets[SERVER_NBUCKETS + 1]; /* last: +Inf */
    double latency_sum;
    unsigned long long latency_count;
};

/* One connection's request while it is read and answered. */
struct server_request {
    struct timespec start;
    struct buf body;
    int too_big;
};

static double server_elapsed(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) +
           (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static void server_count(struct http_server *s, const char *route, int status,
                         double seconds)
{
    pthread_mutex_lock(&s->lock);
    int i;
    for (i = 0; i < s->ncounters; i++)
        if (s->counters[i].status == status &&
            strcmp(s->counters[i].route, route) == 0)
            break;
    if (i == s->ncounters) {
        if (s->ncounters == SERVER_COUNTERS_MAX) {
            route = "other";
            for (i = 0; i < s->ncounters; i++)
                if (s->counters[i].status == status &&
                    strcmp(s->counters[i].route, route) == 0)
                    break;
        }
        if (i == s->ncounters && s->ncounters < SERVER_COUNTERS_MAX)
            s->counters[s->ncounters++] =
                (struct server_counter){route, status, 0};
    }
    if (i < s->ncounters)
        s->counters[i].n++;
    size_t b = 0;
    while (b < SERVER_NBUCKETS && seconds > server_buckets[b])
        b++;
    s->buckets[b]++;
    s->latency_sum += seconds;
    s->latency_count++;
    pthread_mutex_unlock(&s->lock);
}

void http_server_metrics(struct http_server *s, struct buf *out)
{
    pthread_mutex_lock(&s->lock);
    buf_adds(out, "# HELP randa_http_requests_total HTTP requests by route "
                  "and status.\n"
                  "# TYPE randa_http_requests_total counter\n");
    for (int i = 0; i < s->ncounters; i++)
        buf_addf(out,
                 "randa_http_requests_total{route=\"%s\",status=\"%d\"} "
                 "%llu\n",
                 s->counters[i].route, s->counters[i].status, s->counters[i].n);
    buf_adds(out, "# HELP randa_http_request_duration_seconds Time from "
                  "the request's first byte to its response.\n"
                  "# TYPE randa_http_request_duration_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t b = 0; b < SERVER_NBUCKETS; b++) {
        cumulative += s->buckets[b];
        buf_addf(out,
                 "randa_http_request_duration_seconds_bucket{le=\"%g\"} "
                 "%llu\n",
                 server_buckets[b], cumulative);
    }
    cumulative += s->buckets[SERVER_NBUCKETS];
    buf_addf(out,
             "randa_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
             "randa_http_request_duration_seconds_sum %.6f\n"
             "randa_http_request_duration_seconds_count %llu\n",
             cumulative, s->latency_sum, s->latency_count);
    buf_addf(out,
             "# HELP randa_http_requests_in_flight Requests being served.\n"
             "# TYPE randa_http_requests_in_flight gauge\n"
             "randa_http_requests_in_flight %d\n",
             s->inflight);
    pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result server_arg(void *cls, enum MHD_ValueKind kind,
                                  const char *key, const char *value)
{
    (void)kind;
    struct http_request *req = cls;
    if (req->nargs == HTTP_ARGS_MAX)
        return MHD_NO;
    req->args[req->nargs++] = (struct http_kv){key, value ? value : ""};
    return MHD_YES;
}

/* Headers every response carries. */
static void server_add_headers(struct MHD_Response *r,
                               const struct http_response *res)
{
    MHD_add_response_header(r, "Content-Type", res->content_type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; script-src 'self'; "
                            "style-src 'self'; img-src 'self' data:; "
                            "object-src 'none'; frame-ancestors 'none'; "
                            "base-uri 'none'; form-action 'self'");
    if (strcmp(res->content_type, "application/json") == 0)
        MHD_add_response_header(r, "Cache-Control", "no-store");
    for (int i = 0; i < res->nheaders; i++)
        MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
}

static enum MHD_Result server_send(struct http_server *s,
                                   struct MHD_Connection *conn,
                                   struct server_request *sr,
                                   const char *method, const char *path,
                                   const char *route, struct http_response *res)
{
    if (res->status == 0)
        http_error(res, 500, "internal", NULL, "the request was not answered");
    int head = strcmp(method, "HEAD") == 0;
    struct MHD_Response *r;
    if (res->static_body)
        r = MHD_create_response_from_buffer(res->len, res->body,
                                            MHD_RESPMEM_PERSISTENT);
    else
        r = MHD_create_response_from_buffer(res->len, res->body,
                                            MHD_RESPMEM_MUST_FREE);
    if (!r) {
        http_response_release(res);
        return MHD_NO;
    }
    res->body = NULL; /* MHD owns (or just points at) it now */
    server_add_headers(r, res);
    pthread_mutex_lock(&s->lock);
    int stopping = s->stopping;
    pthread_mutex_unlock(&s->lock);
    if (stopping) /* tell keep-alive clients to come back elsewhere */
        MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    double seconds = server_elapsed(&sr->start);
    server_count(s, route, res->status, seconds);
    if (s->o.access_log)
        log_info("%s %s %d %zu %.1fms", method, path, res->status,
                 head ? 0 : res->len, seconds * 1000.0);
    return ok;
}

static enum MHD_Result server_access(void *cls, struct MHD_Connection *conn,
                                     const char *url, const char *method,
                                     const char *version,
                                     const char *upload_data,
                                     size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct http_server *s = cls;
    struct server_request *sr = *con_cls;
    if (!sr) {
        sr = xcalloc(1, sizeof(*sr));
        clock_gettime(CLOCK_MONOTONIC, &sr->start);
        sr->body = (struct buf)BUF_INIT(s->o.body_max);
        *con_cls = sr;
        pthread_mutex_lock(&s->lock);
        s->inflight++;
        s->started++;
        pthread_mutex_unlock(&s->lock);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > s->o.body_max)
            sr->too_big = 1;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!sr->too_big &&
            buf_add(&sr->body, upload_data, *upload_data_size) != 0) {
            sr->too_big = 1;
            buf_release(&sr->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    struct http_response res = {0};
    if (sr->too_big) {
        http_error(&res, 413, "too_large", NULL,
                   "the request body is larger than %zu bytes", s->o.body_max);
        return server_send(s, conn, sr, method, url, "too_large", &res);
    }
    struct http_request req = {0};
    req.method = http_method_parse(method);
    req.path = url;
    req.body = sr->body.data;
    req.body_len = sr->body.len;
    req.route = "unmatched";
    if (MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, server_arg,
                                  &req) < 0 ||
        req.nargs == HTTP_ARGS_MAX) {
        http_error(&res, 400, "malformed", NULL,
                   "too many query arguments (at most %d)", HTTP_ARGS_MAX - 1);
        return server_send(s, conn, sr, method, url, "unmatched", &res);
    }
    s->o.app(&req, &res, s->o.app_ctx);
    return server_send(s, conn, sr, method, url, req.route, &res);
}

static void server_completed(void *cls, struct MHD_Connection *conn,
                             void **con_cls,
                             enum MHD_RequestTerminationCode why)
{
    (void)conn;
    (void)why;
    struct http_server *s = cls;
    struct server_request *sr = *con_cls;
    if (!sr)
        return;
    buf_release(&sr->body);
    free(sr);
    *con_cls = NULL;
    pthread_mutex_lock(&s->lock);
    if (--s->inflight == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
}

static void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_warn("http: %s", line);
}

int http_server_start(const struct http_server_options *o,
                      struct http_server **out, struct err_info *ei)
{
    struct sockaddr_storage addr = {0};
    /* poll(), not epoll: with epoll, libmicrohttpd 0.9.75 sometimes missed
     * a client that hung up in the middle of a request body and held its
     * request in flight until the 30 s timeout (server.test.mjs saw it in
     * about half the runs); poll() notices at once, at the same speed on
     * the load benchmark. */
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_POLL;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    if (inet_pton(AF_INET, o->address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)o->port);
    } else if (inet_pton(AF_INET6, o->address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)o->port);
        flags |= MHD_USE_IPv6;
    } else {
        return err_set(ei, ERR_INVAL, "listen",
                       "listen: '%s' is not a numeric IPv4 or IPv6 address",
                       o->address);
    }
    struct http_server *s = xcalloc(1, sizeof(*s));
    s->o = *o;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->idle, NULL);
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, server_access, s,
        MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)o->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)o->timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)o->connections_max, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)64 * 1024, MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
        MHD_OPTION_NOTIFY_COMPLETED, server_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        int e = errno;
        pthread_cond_destroy(&s->idle);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return err_set(ei, ERR_IO, "listen",
                       "listen: cannot listen on %s:%d%s%s", o->address,
                       o->port, e ? ": " : "", e ? strerror(e) : "");
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : o->port;
    *out = s;
    return 0;
}

int http_server_port(const struct http_server *s)
{
    return s->port;
}

void http_server_stop(struct http_server *s, int grace_ms)
{
    if (!s)
        return;
    /* Stop accepting; the listening socket closes once we own it again. */
    MHD_socket listener = MHD_quiesce_daemon(s->daemon);
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += grace_ms / 1000;
    deadline.tv_nsec += (long)(grace_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    /* Requests on connections accepted before the stop may still arrive:
     * wait until none has been in flight, and none has begun, for a
     * quiet spell, or until the grace period is over. */
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    for (;;) {
        while (s->inflight > 0 &&
               pthread_cond_timedwait(&s->idle, &s->lock, &deadline) == 0)
            ;
        if (s->inflight > 0)
            break; /* the grace period is over */
        unsigned long long seen = s->started;
        pthread_mutex_unlock(&s->lock);
        struct timespec quiet = {0, SERVER_QUIET_MS * 1000000L}, now;
        nanosleep(&quiet, NULL);
        clock_gettime(CLOCK_REALTIME, &now);
        pthread_mutex_lock(&s->lock);
        if ((s->inflight == 0 && s->started == seen) ||
            now.tv_sec > deadline.tv_sec ||
            (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec))
            break;
    }
    if (s->inflight > 0)
        log_warn("%d requests still in flight after %d ms; closing them",
                 s->inflight, grace_ms);
    pthread_mutex_unlock(&s->lock);
    MHD_stop_daemon(s->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    pthread_cond_destroy(&s->idle);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
