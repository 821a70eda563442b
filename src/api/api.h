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

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct api;
struct http_server;

/*
 * The notifications' e-mail and their daily pass (randa serve's options;
 * notifications.c). Zero values take the defaults.
 */
struct api_notify_options {
    const char *smtp_url; /* "smtp://host:25"; NULL: no e-mail is sent */
    const char *mail_from;
    const char *smtp_user, *smtp_password; /* NULL: no AUTH */
    int smtp_require_tls;   /* refuse a server that offers no STARTTLS */
    const char *public_url; /* the links' base; NULL: api_set_public_url() */
    int poll_s;             /* the worker looks for work this often (10) */
    int retry_s;            /* the first retry this long after (60), doubling */
    int attempts;           /* an e-mail is given up after this many (10) */
    int daily_minute;       /* the daily pass this many minutes after midnight
                               UTC; -1: never */
    int daily_every_s;      /* > 0: the daily pass this often instead */
};

/*
 * Log-in through an OpenID Connect provider (issue 19; api/sso.c). No SSO
 * when issuer is NULL.
 */
struct api_sso_options {
    const char *issuer;        /* the provider ("https://idp.region.se") */
    const char *client_id;     /* Randa's client there */
    const char *client_secret; /* NULL: a public client, PKCE alone */
    const char *claim;         /* the claim that names the user; "sub" */
    const char *name;          /* shown as "Logga in med NAME"; "SITHS" */
    const char *redirect_uri;  /* NULL: the public URL's /api/v1/sso/callback */
    int local_off;             /* local passwords off ... */
    const char *break_glass;   /* ... except for this user name */
};

struct api_options {
    const char *db_path;
    int connections; /* store connections in the pool, >= 1 */
    /* Sessions end after this many seconds idle, or this many after the
     * log-in; 0 takes the defaults (30 minutes, 12 hours). */
    int session_idle_s, session_max_s;
    /* Flags of store_open() for the pool: STORE_NO_MIGRATE refuses a
     * database not at the binary's schema version (the pool opens first,
     * so the planner's connection then finds it current). */
    unsigned store_flags;
    /* A PostgreSQL standby of the database (NULL: none), for the reads
     * that may lag the primary, and how many connections to hold to it. */
    const char *read_path;
    int read_connections;
    /* Notifications: e-mail and the daily pass. */
    struct api_notify_options notify;
    /* Seconds between the passes that expire offers past their deadline
     * and make automatic offers (0: the default, a minute). */
    int offer_pass_s;
    /* Log-in through the region's identity provider (issue 19). */
    struct api_sso_options sso;
    /* Exchange between regions (issue 17): this region's code in the
     * messages (NULL: its first region's), seconds between the passes
     * over the outbox (0: 5), and the longest wait between two tries of
     * one message (0: 300). */
    const char *exchange_as;
    int exchange_poll_s;
    int exchange_backoff_max_s;
};

/* The seconds between offer passes unless told otherwise. */
#define API_OFFER_PASS_DEFAULT 60

/* Opens the pool of store connections on the database. */
int api_open(const struct api_options *o, struct api **out,
             struct err_info *ei);

/* Closes every connection; no request may be in flight. */
void api_close(struct api *a);

/* Where the server is reached, for the links of e-mails when no public
 * URL was given ("http://127.0.0.1:8080/"). */
void api_set_public_url(struct api *a, const char *url);

/* Lets /metrics report the server's request counters. */
void api_set_server(struct api *a, struct http_server *server);

/* The application: serves one request (ctx is the struct api). */
void api_handle(struct http_request *req, struct http_response *res, void *ctx);

/* The ISO week of today (the server's local date) as a serial: where the
 * API's "from now on" starts, and week 0 of a plan run. */
int api_this_week(void);

/* The body cap of an upload (a review's report), 0 for the server's own:
 * http_server_options.body_max_of. */
size_t api_body_max(enum http_method method, const char *path);

/* Every route the server has, for the OpenAPI test and `--routes`. */
extern const struct http_route api_routes[];
extern const size_t api_route_count;

#endif
