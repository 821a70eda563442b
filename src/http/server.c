/*
 * The HTTP server over libmicrohttpd: the only file that knows the library.
 * Besides turning connections into struct http_request and back, it keeps
 * the limits on what one client may ask of the server: a rate limit per
 * address (a token bucket in a fixed table), a connection limit per address
 * (the library's), and caps on the size of the headers and the body.
 */
#include "http/server.h"

#include "util/log.h"
#include "util/xalloc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <strings.h>
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

/*
 * The rate limit's buckets: a fixed table, so that memory stays bounded
 * however many addresses call. An address hashes to SERVER_BUCKET_PROBE
 * neighbouring slots and takes the least recently used of them when it has
 * none yet (a bucket idle for two seconds is full again, as good as new).
 */
#define SERVER_BUCKETS      4096
#define SERVER_BUCKET_PROBE 8
#define SERVER_KEY_LEN      9 /* a family tag and up to 8 address bytes */

struct server_bucket {
    unsigned char key[SERVER_KEY_LEN]; /* server_client_key(); 0: free */
    int refusing; /* in a spell of refusals (see server_rate_take) */
    double tokens;
    double last; /* when tokens was brought up to date (monotonic s) */
};

/* Over TLS, browsers are to come back over TLS only, for a year. */
#define SERVER_HSTS "max-age=31536000"

/* GnuTLS's default suites, TLS 1.2 and 1.3 only. */
#define SERVER_TLS_PRIORITIES "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"

struct http_server {
    struct MHD_Daemon *daemon;
    struct http_server_options o;
    int port;
    int tls; /* the daemon speaks TLS only */

    pthread_mutex_t rate_lock;    /* guards rate and evictions */
    struct server_bucket *rate;   /* SERVER_BUCKETS; NULL: no rate limit */
    unsigned long long evictions; /* buckets reused while still refilling */

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
    char mhd_error[512]; /* the library's first log message */
};

/* One connection's request while it is read and answered. */
struct server_request {
    struct timespec start;
    struct buf body;
    size_t body_max; /* this request's cap */
    int too_big;
    int refused;     /* 400, 429 or 431 when refused on sight, else 0 */
    int retry_after; /* seconds, with 429 */
    int quiet;       /* no access-log line (a refusal in a row) */
};

/* The monotonic clock in seconds. */
static double server_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

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
    pthread_mutex_lock(&s->rate_lock);
    unsigned long long evictions = s->evictions;
    pthread_mutex_unlock(&s->rate_lock);
    buf_addf(out,
             "# HELP randa_http_rate_limit_evictions_total Rate-limit "
             "buckets given to another address before they were full "
             "again (the table of %d is too small for the callers).\n"
             "# TYPE randa_http_rate_limit_evictions_total counter\n"
             "randa_http_rate_limit_evictions_total %llu\n",
             SERVER_BUCKETS, evictions);
}

/* The peer's address, as the library knows it (NULL when it does not). */
static const struct sockaddr *server_peer(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return ci ? ci->client_addr : NULL;
}

/* Writes the peer's address as text ("127.0.0.1", "::1"), or "". */
static void server_peer_text(const struct sockaddr *sa, char *out, size_t size)
{
    out[0] = '\0';
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
                  (socklen_t)size);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
                  (socklen_t)size);
}

/*
 * The rate limit's key for a peer: its IPv4 address, or the /64 network of
 * its IPv6 one (a single host commonly holds a whole /64); an IPv4-mapped
 * IPv6 address counts as the IPv4 one. Unknown peers share one key.
 */
static void server_client_key(const struct sockaddr *sa,
                              unsigned char key[SERVER_KEY_LEN])
{
    memset(key, 0, SERVER_KEY_LEN);
    key[0] = 1;
    if (sa && sa->sa_family == AF_INET) {
        key[0] = 4;
        memcpy(key + 1, &((const struct sockaddr_in *)sa)->sin_addr, 4);
    } else if (sa && sa->sa_family == AF_INET6) {
        const struct in6_addr *a =
            &((const struct sockaddr_in6 *)sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED(a)) {
            key[0] = 4;
            memcpy(key + 1, a->s6_addr + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, a->s6_addr, 8);
        }
    }
}

/*
 * Takes one request's token from the bucket of the peer at sa (rate_limit
 * tokens a second, up to twice as many saved up). Returns 0 when the
 * request may go on; else the whole seconds until a token is back, for
 * Retry-After, with *first set when this refusal begins a spell of them
 * (the one worth a line in the log).
 */
static int server_rate_take(struct http_server *s, const struct sockaddr *sa,
                            int *first)
{
    unsigned char key[SERVER_KEY_LEN];
    server_client_key(sa, key);
    uint32_t h = 2166136261u; /* FNV-1a */
    for (int i = 0; i < SERVER_KEY_LEN; i++)
        h = (h ^ key[i]) * 16777619u;
    double rate = s->o.rate_limit, burst = 2.0 * rate, now = server_now();

    pthread_mutex_lock(&s->rate_lock);
    struct server_bucket *b = NULL, *victim = NULL;
    for (uint32_t i = 0; i < SERVER_BUCKET_PROBE && !b; i++) {
        struct server_bucket *c = &s->rate[(h + i) % SERVER_BUCKETS];
        if (memcmp(c->key, key, SERVER_KEY_LEN) == 0)
            b = c;
        else if (!victim || (victim->key[0] != 0 &&
                             (c->key[0] == 0 || c->last < victim->last)))
            victim = c;
    }
    if (!b) {
        b = victim;
        if (b->key[0] != 0 && b->tokens + (now - b->last) * rate < burst)
            s->evictions++;
        memcpy(b->key, key, SERVER_KEY_LEN);
        b->tokens = burst;
        b->last = now;
        b->refusing = 0;
    }
    b->tokens += (now - b->last) * rate;
    if (b->tokens > burst)
        b->tokens = burst;
    b->last = now;
    /* A spell of refusals ends once the peer has rested until its bucket
     * is full, not at the first request that gets through: a client just
     * over the limit is logged once, not on every other request. */
    if (b->tokens >= burst)
        b->refusing = 0;
    int wait = 0;
    if (b->tokens >= 1.0) {
        b->tokens -= 1.0;
    } else {
        wait = (int)((1.0 - b->tokens) / rate) + 1;
        *first = !b->refusing;
        b->refusing = 1;
    }
    pthread_mutex_unlock(&s->rate_lock);
    return wait;
}

/* Counts a request's Content-Length and Transfer-Encoding headers. */
struct server_framing {
    int lengths, codings;
};

static enum MHD_Result server_framing_count(void *cls, enum MHD_ValueKind kind,
                                            const char *key, const char *value)
{
    (void)kind;
    (void)value;
    struct server_framing *f = cls;
    if (strcasecmp(key, "Content-Length") == 0)
        f->lengths++;
    else if (strcasecmp(key, "Transfer-Encoding") == 0)
        f->codings++;
    return MHD_YES;
}

/* Adds up the size of a request's headers (with ": " and CRLF). */
static enum MHD_Result server_header_bytes(void *cls, enum MHD_ValueKind kind,
                                           const char *key, const char *value)
{
    (void)kind;
    size_t *n = cls;
    *n += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
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

/* Headers every response carries (and HSTS over TLS). */
static void server_add_headers(struct MHD_Response *r,
                               const struct http_response *res, int tls)
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
    if (tls)
        MHD_add_response_header(r, "Strict-Transport-Security", SERVER_HSTS);
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
    server_add_headers(r, res, s->tls);
    pthread_mutex_lock(&s->lock);
    int stopping = s->stopping;
    pthread_mutex_unlock(&s->lock);
    if (stopping) /* tell keep-alive clients to come back elsewhere */
        MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    double seconds = server_elapsed(&sr->start);
    server_count(s, route, res->status, seconds);
    if (s->o.access_log && !sr->quiet)
        log_info("%s %s %d %zu %.1fms", method, path, res->status,
                 head ? 0 : res->len, seconds * 1000.0);
    return ok;
}

/* The headers the application reads, the peer's address, and TLS. */
static void server_read_headers(struct http_server *s,
                                struct MHD_Connection *conn,
                                struct http_request *req)
{
    req->cookie = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Cookie");
    req->authorization =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    req->csrf =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
    req->origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
    req->host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    req->user_agent =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "User-Agent");
    server_peer_text(server_peer(conn), req->client, sizeof(req->client));
    /* A TLS daemon takes no plain connection: the handshake comes first. */
    req->tls = s->tls;
}

/*
 * What is decided when a request's headers are in: refused over the peer's
 * rate limit (429), for headers too large (431) or for a body framed twice
 * (400), else a body too large by its Content-Length (413, once the body
 * has gone by). Sets the request's cap on its body.
 */
static void server_screen(struct http_server *s, struct MHD_Connection *conn,
                          const char *method, const char *url,
                          struct server_request *sr)
{
    sr->body_max = s->o.body_max;
    if (s->o.body_max_of) {
        size_t cap = s->o.body_max_of(http_method_parse(method), url);
        if (cap)
            sr->body_max = cap;
    }
    if (s->rate) {
        const struct sockaddr *sa = server_peer(conn);
        int first = 0;
        sr->retry_after = server_rate_take(s, sa, &first);
        if (sr->retry_after > 0) {
            sr->refused = 429;
            sr->quiet = !first;
            if (first) {
                char peer[64];
                server_peer_text(sa, peer, sizeof(peer));
                log_warn("rate limit: refusing requests from %s (over %d a "
                         "second) until it slows down",
                         peer[0] ? peer : "an unknown address",
                         s->o.rate_limit);
            }
            return;
        }
    }
    size_t header_bytes = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, server_header_bytes,
                              &header_bytes);
    if (header_bytes > SERVER_HEADER_BYTES_MAX) {
        sr->refused = 431;
        return;
    }
    /* A body framed two ways (two lengths, or a length beside chunks) is
     * where request smuggling hides: a proxy before us may read the other
     * framing and take the rest of the body for a request of its own. */
    struct server_framing f = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, server_framing_count, &f);
    if (f.lengths > 1 || f.codings > 1 || (f.lengths && f.codings)) {
        sr->refused = 400;
        return;
    }
    const char *cl =
        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoull(cl, NULL, 10) > sr->body_max)
        sr->too_big = 1;
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
        *con_cls = sr;
        pthread_mutex_lock(&s->lock);
        s->inflight++;
        s->started++;
        pthread_mutex_unlock(&s->lock);
        server_screen(s, conn, method, url, sr);
        sr->body = (struct buf)BUF_INIT(sr->body_max);
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* A refused request's body goes by unread. */
        if (!sr->too_big && !sr->refused &&
            buf_add(&sr->body, upload_data, *upload_data_size) != 0) {
            sr->too_big = 1;
            buf_release(&sr->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    struct http_response res = {0};
    if (sr->refused == 429) {
        http_error(&res, 429, "rate_limited", NULL,
                   "too many requests from this address (at most %d a "
                   "second); try again in %d s",
                   s->o.rate_limit, sr->retry_after);
        char after[16];
        snprintf(after, sizeof(after), "%d", sr->retry_after);
        http_header(&res, "Retry-After", after);
        return server_send(s, conn, sr, method, url, "rate_limited", &res);
    }
    if (sr->refused == 431) {
        http_error(&res, 431, "too_large", NULL,
                   "the request headers are larger than %d bytes",
                   SERVER_HEADER_BYTES_MAX);
        return server_send(s, conn, sr, method, url, "headers_too_large", &res);
    }
    if (sr->refused == 400) {
        http_error(&res, 400, "malformed", NULL,
                   "the request's body is framed twice (Content-Length "
                   "more than once, or beside Transfer-Encoding)");
        /* What follows on the connection is not to be trusted. */
        http_header(&res, "Connection", "close");
        return server_send(s, conn, sr, method, url, "malformed", &res);
    }
    if (sr->too_big) {
        http_error(&res, 413, "too_large", NULL,
                   "the request body is larger than %zu bytes", sr->body_max);
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
    /* An argument given twice would be read by its first value here and
     * perhaps by its last elsewhere (a proxy, a log): one meaning only. */
    for (int i = 1; i < req.nargs; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(req.args[i].name, req.args[j].name) == 0) {
                http_error(&res, 400, "malformed", req.args[i].name,
                           "%s: the query argument is given more than once",
                           req.args[i].name);
                return server_send(s, conn, sr, method, url, "unmatched", &res);
            }
    server_read_headers(s, conn, &req);
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

/* The library's complaints go to the log; the first is kept for a failed
 * start to report (the later ones tend to say only that it failed). */
static void server_mhd_log(void *cls, const char *fmt, va_list ap)
{
    struct http_server *s = cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    log_warn("http: %s", line);
    pthread_mutex_lock(&s->lock);
    if (!s->mhd_error[0])
        snprintf(s->mhd_error, sizeof(s->mhd_error), "%s", line);
    pthread_mutex_unlock(&s->lock);
}

/* Frees a server that is not (or no longer) running. */
static void server_free(struct http_server *s)
{
    pthread_cond_destroy(&s->idle);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->rate_lock);
    free(s->rate);
    free(s);
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
    /* TLS: the key and certificate from memory; nothing else when off. */
    struct MHD_OptionItem tls[] = {
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)(uintptr_t)o->tls_key},
        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)(uintptr_t)o->tls_cert},
        {MHD_OPTION_HTTPS_PRIORITIES, 0,
         (void *)(uintptr_t)SERVER_TLS_PRIORITIES},
        {MHD_OPTION_END, 0, NULL},
    };
    struct MHD_OptionItem *tls_options = tls;
    if (!o->tls_cert && !o->tls_key) {
        tls_options = tls + 3;
    } else if (!o->tls_cert || !o->tls_key) {
        return err_set(ei, ERR_INVAL, "tls",
                       "a certificate needs its key and a key its "
                       "certificate");
    } else if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        return err_set(ei, ERR_INVAL, "tls",
                       "this libmicrohttpd was built without TLS");
    } else {
        flags |= MHD_USE_TLS;
    }
    struct http_server *s = xcalloc(1, sizeof(*s));
    s->o = *o;
    s->tls = (flags & MHD_USE_TLS) != 0;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->rate_lock, NULL);
    pthread_cond_init(&s->idle, NULL);
    if (o->rate_limit > 0)
        s->rate = xcalloc(SERVER_BUCKETS, sizeof(*s->rate));
    errno = 0;
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)o->port, NULL, NULL, server_access, s,
        MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, s, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)o->threads, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)o->timeout_s, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)o->connections_max, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned)o->connections_per_address,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u, MHD_OPTION_NOTIFY_COMPLETED,
        server_completed, s, MHD_OPTION_ARRAY, tls_options, MHD_OPTION_END);
    if (!s->daemon) {
        int e = errno;
        int rc;
        if (s->tls &&
            (strstr(s->mhd_error, "certificate") ||
             strstr(s->mhd_error, "x509") || strstr(s->mhd_error, "key") ||
             strstr(s->mhd_error, "TLS")))
            rc = err_set(ei, ERR_INVAL, "tls", "%s", s->mhd_error);
        else
            rc = err_set(ei, ERR_IO, "listen",
                         "listen: cannot listen on %s:%d%s%s", o->address,
                         o->port,
                         e                 ? ": "
                         : s->mhd_error[0] ? ": "
                                           : "",
                         e ? strerror(e) : s->mhd_error);
        server_free(s);
        return rc;
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
    server_free(s);
}
