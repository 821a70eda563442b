/*
 * Internals of the API shared by its resource files: the per-request
 * context, the readers of query arguments and JSON fields (each names the
 * field it refuses), the JSON writers, and the handlers the route table
 * (routes.c) points to.
 *
 * Conventions every handler keeps:
 *   - weeks are ISO weeks "2027-W10" in and out; dates "YYYY-MM-DD";
 *   - closed vocabularies by name ("private", "confirmed");
 *   - a list answers {"items": [...], "total": N, "limit": L, "offset": O};
 *   - a bad query argument is 400, a well-formed body with a bad value 422,
 *     an unknown id in the path 404, a clash 409 (http_error_info maps the
 *     err codes: ERR_SYNTAX 400, ERR_INVAL 422, ERR_NOTFOUND 404, ...);
 *   - a body is read in full and every field checked before any write;
 *     unknown fields are refused, so a typo never passes silently.
 */
#ifndef RANDA_API_API_IMPL_H
#define RANDA_API_API_IMPL_H

#include "api/api.h"
#include "domain/week.h"
#include "store/notify.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

/*
 * What a handler gets as ctx: the API, a store connection of its own, who
 * is calling (auth.user_id 0 on a public route) and the records the route's
 * action reaches for them (scope; the store's lists are limited to it).
 */
struct api_call {
    struct api *api;
    struct store *store;
    struct auth auth;
    struct scope scope;
};

/* How log-in behaves (randa serve's options). */
struct api_security {
    int idle_s, max_s;    /* a session ends idle this long, or this old */
    int window_s;         /* failed log-ins count within this window */
    int user_limit;       /* failures that lock an account */
    int addr_limit;       /* failures that lock an address */
    int lock_s;           /* how long a lock-out lasts */
    int delay_ms;         /* a failure is answered this much later per
                             failure of the account (at most 2 s) */
    char dummy_hash[128]; /* verified for unknown users, to take as long */
};
const struct api_security *api_security(struct api *a);

/*
 * The API's state (context.c), which every file of api/ may read and which
 * calls none of them: api_open() (api.c) makes it with api__new(), starts
 * the workers into api__workers(), and api_close() stops them before
 * api__free(). Each request takes a store connection of the pool with
 * api__acquire() and gives it back with api__release().
 */
struct api_workers {
    struct plan_worker *planner;
    struct api_offerer *offerer; /* offers' deadlines (issue 14) */
    struct api_standby *standby; /* --db-read, or NULL */
    struct api_notifier *notifier;
    struct api_sso *sso;             /* log-in through a provider, or NULL */
    struct api_exchanger *exchanger; /* issue 17 */
};
struct api *api__new(const struct api_options *o, struct err_info *ei);
void api__free(struct api *a);
struct api_workers *api__workers(struct api *a);
struct store *api__acquire(struct api *a);
void api__release(struct api *a, struct store *s);
/* The HTTP server api_set_server() gave, or NULL (its metrics). */
struct http_server *api__server(struct api *a);

/*
 * The gate of every route (auth.c): authenticates, checks CSRF, the
 * policy and the scope of the record in the path or a POST's body. 0 lets
 * the handler run; otherwise res holds the 401, 403, 404 or 422.
 * api_call_end() releases what it set up.
 */
int api_authorize(struct api_call *call, const struct http_route *rt,
                  struct http_request *req, struct http_response *res);
void api_call_end(struct api_call *call);
/*
 * identity.c: who a caller is, as log-in (auth.c, sso.c) and the users'
 * administration (users.c) write it.
 */
/* Records a security event ("login", "export", ...) by actor from the
 * request's address; a failure to record it is logged, not answered. */
void api_event(struct api_call *call, const struct http_request *req,
               const char *actor, const char *event, const char *detail);
/* The session cookie's name, and setting it (value "" ends it). */
#define API_COOKIE     "randa_session"
#define API_COOKIE_TLS "__Host-randa_session"
void api_session_cookie(struct http_response *res,
                        const struct http_request *req, const char *value);
/*
 * Whether the caller's grants of role (-1: any role) reach subject su for
 * action: for a right narrower than the route's (a field only some may
 * change, an approval given as one named role).
 */
int api_may(struct api_call *call, int role, const char *action,
            const struct subject *su);
/* Whether the call's scope reaches record id of kind (store_subject()). */
int api_scope_sees(struct api_call *call, const char *kind, int64_t id);
/* The roles of a user as the API shows them, with their scopes' names. */
json_t *api_grants_json(struct store *s, const struct grant *g, int n);
/* Hashes password and sets it for user_id, ending their sessions but
 * keep_session (0: all). */
int api_password_set(struct api_call *call, int64_t user_id,
                     const char *password, int64_t keep_session,
                     struct err_info *ei);

/* Pagination: limit 1..500 (default 50), offset >= 0 (default 0). */
#define API_LIMIT_DEFAULT 50
#define API_LIMIT_MAX     500

/* ---- query arguments: 0, or ERR_SYNTAX naming the argument in ei ---- */

/* An integer in lo..hi; *out keeps its value when the argument is absent. */
int api_arg_int(const struct http_request *req, const char *name, int lo,
                int hi, int *out, struct err_info *ei);

/* A positive id; *out keeps its value (0: no filter) when absent. */
int api_arg_id(const struct http_request *req, const char *name, int64_t *out,
               struct err_info *ei);

/* An ISO week "2027-W10" as a serial; *out keeps its value when absent. */
int api_arg_week(const struct http_request *req, const char *name, int *out,
                 struct err_info *ei);

/* A date "YYYY-MM-DD"; *out keeps its value when absent. */
int api_arg_date(const struct http_request *req, const char *name,
                 const char **out, struct err_info *ei);

/* A name of vocab; *out keeps its value (-1: no filter) when absent. */
int api_arg_vocab(const struct http_request *req, const char *name,
                  const struct vocab *vocab, int *out, struct err_info *ei);

/* Free text of at most API_TEXT_MAX bytes; *out is NULL when absent or "". */
#define API_TEXT_MAX 200
int api_arg_text(const struct http_request *req, const char *name,
                 const char **out, struct err_info *ei);

/* "true" or "false" as 1 or 0; *out keeps its value when absent. */
int api_arg_flag(const struct http_request *req, const char *name, int *out,
                 struct err_info *ei);

/* "specialty" as an id or a code ("obstetrik-och-gynekologi"). */
int api_arg_specialty(struct api_call *call, const struct http_request *req,
                      int64_t *out, struct err_info *ei);

/* limit and offset as above. */
int api_arg_page(const struct http_request *req, int *limit, int *offset,
                 struct err_info *ei);
/* Lets this thread's requests ask for pages of up to max rows (0: back to
 * API_LIMIT_MAX), while an export reads a list whole (export.c). */
void api_page_max_set(int max);

/* The path parameter "id" as a positive id, or ERR_NOTFOUND. */
int api_path_id(const struct http_request *req, const char *name, int64_t *out,
                struct err_info *ei);

/*
 * ---- JSON body fields: 0, or ERR_INVAL (422) naming the field ----
 * When the field is absent: required gives an error, otherwise *out is left
 * as it is (so a PATCH overlays the fields it names on the stored row).
 */
int api_field_int(json_t *o, const char *name, int required, int lo, int hi,
                  int *out, struct err_info *ei);
int api_field_bool(json_t *o, const char *name, int required, int *out,
                   struct err_info *ei);
/* An id > 0; with nullable, null sets 0 ("none"). */
int api_field_id(json_t *o, const char *name, int required, int nullable,
                 int64_t *out, struct err_info *ei);
/* Text of min..size-1 bytes copied into out, with no control character
 * but tab and line breaks and no bidirectional override (text people are
 * shown). */
int api_field_text(json_t *o, const char *name, int required, size_t min,
                   char *out, size_t size, struct err_info *ei);
/* The same for a secret (a password), which is never shown: any
 * character. */
int api_field_secret(json_t *o, const char *name, int required, size_t min,
                     char *out, size_t size, struct err_info *ei);
int api_field_week(json_t *o, const char *name, int required, int *out,
                   struct err_info *ei);
/* A date "YYYY-MM-DD"; with nullable, null or "" sets "". */
int api_field_date(json_t *o, const char *name, int required, int nullable,
                   char *out, struct err_info *ei);
int api_field_vocab(json_t *o, const char *name, int required,
                    const struct vocab *vocab, int *out, struct err_info *ei);
int api_field_pattern(json_t *o, const char *name, int required,
                      enum pattern *out, struct err_info *ei);
/* A non-empty array of pattern names as a PATTERN_BIT mask. */
int api_field_patterns(json_t *o, const char *name, int required, unsigned *out,
                       struct err_info *ei);
/* An array of at most STORE_LIST_MAX distinct ids. */
int api_field_ids(json_t *o, const char *name, int required, int64_t *ids,
                  int *n, struct err_info *ei);

/*
 * Refuses any member of o whose name is not in the NULL-terminated list
 * allowed: ERR_INVAL "name: unknown field".
 */
int api_fields_known(json_t *o, const char *const *allowed,
                     struct err_info *ei);

/* ---- who did something (store/edu.h's struct edu_by) ---- */

/* The caller as the record keeps them: their user and name. */
void api_caller_by(const struct api_call *call, struct edu_by *by);
/* {"user_id", "name"} of who did something. */
json_t *api_by_json(const struct edu_by *by);

/* ---- JSON writers ---- */

/* "2027-W10" for a week serial; JSON null for STORE_NONE. */
json_t *api_week(int serial);
/* The week before the exclusive end, as "2027-W10". */
json_t *api_week_last(int end_exclusive);
/* An id, or null for 0. */
json_t *api_id(int64_t id);
/* A name of vocab, or null. */
json_t *api_vocab(const struct vocab *vocab, int value);
/* A pattern mask as an array of names. */
json_t *api_patterns(unsigned mask);
json_t *api_ids(const int64_t *ids, int n);
/* A specialty as others refer to it, {id, code, name_sv, name_en}, or null
 * when its id is 0. */
json_t *api_specialty_ref(const struct specialty *sp);
/* Seconds since 1970 as "2026-11-23T08:00:00Z" (UTC), or null for 0. */
json_t *api_time(int64_t t);
/* Text, or null for "". */
json_t *api_opt_text(const char *s);
/* {"items": items, "total": total, "limit": limit, "offset": offset}. */
json_t *api_list(json_t *items, int64_t total, int limit, int offset);

/* Sends ei (err_http_status(ei->code)) as the error shape. */
void api_fail(struct http_response *res, const struct err_info *ei);

/*
 * A small cache of rendered responses (the place overview), each kept for
 * the store generation it was computed at (store_generation()): a hit
 * copies the body into res and returns 1.
 */
int api_cache_get(struct api *a, const char *key, int64_t generation,
                  struct http_response *res);
void api_cache_put(struct api *a, const char *key, int64_t generation,
                   const char *body, size_t len);

/*
 * ---- runners: the shape every list, get and delete handler shares ----
 * A resource supplies only what differs (its filters and its JSON) as a
 * callback; the runner reads paging and the path id, sends the answer or
 * the error. Defined in json.c.
 */
struct api_page {
    int limit, offset; /* the query's, or the defaults */
    int64_t total;     /* every row the filters select */
    json_t *items;     /* the page's rows */
    json_t *extra;     /* members the list answers beside them, or NULL */
};
/* Appends o to pg's items when it falls in the page (o is taken over);
 * counts it in the total: for lists a store reads whole. */
void api_page_add(struct api_page *pg, json_t *o);
typedef int api_lister(struct api_call *call, const struct http_request *req,
                       struct api_page *pg, struct err_info *ei);
typedef int api_getter(struct store *s, int64_t id, json_t **out,
                       struct err_info *ei);
typedef int api_deleter(struct store *s, int64_t id, struct err_info *ei);
void api_list_run(const struct http_request *req, struct http_response *res,
                  void *ctx, api_lister *list);
void api_get_run(const struct http_request *req, struct http_response *res,
                 void *ctx, api_getter *get);
void api_delete_run(const struct http_request *req, struct http_response *res,
                    void *ctx, api_deleter *del);
int api_path_id_or_404(const struct http_request *req,
                       struct http_response *res, int64_t *id);
json_t *api_path_body(const struct http_request *req, struct http_response *res,
                      int64_t *id);
void api_fail_body(struct http_response *res, const struct err_info *ei);

/* ---- handlers (routes.c lists them with their paths) ---- */

#define API_HANDLER(name)                                                      \
    void name(struct http_request *req, struct http_response *res, void *ctx)

/* meta.c: the application's own endpoints */
API_HANDLER(api_healthz);
API_HANDLER(api_metrics);
API_HANDLER(api_openapi);

/* reference.c: regions, providers, sites, areas, specialties, goals */
API_HANDLER(api_regions_list);
API_HANDLER(api_region_get);
API_HANDLER(api_providers_list);
API_HANDLER(api_provider_get);
API_HANDLER(api_sites_list);
API_HANDLER(api_site_get);
API_HANDLER(api_areas_list);
API_HANDLER(api_area_get);
API_HANDLER(api_specialties_list);
API_HANDLER(api_specialty_get);
API_HANDLER(api_goals_list);
API_HANDLER(api_goal_get);

/* reference.c: what administrators correct */
API_HANDLER(api_goal_update);
API_HANDLER(api_specialty_goals_get);
API_HANDLER(api_specialty_goals_set);
/* A goal as the API shows it. */
json_t *api_goal_json(const struct goal *g);

/* edu.c: the education plan and the to-do list */
API_HANDLER(api_edu_plan_get);
API_HANDLER(api_edu_plan_update);
API_HANDLER(api_edu_plan_approve);
API_HANDLER(api_edu_plan_versions);
API_HANDLER(api_edu_goal_set);
API_HANDLER(api_edu_goal_certify);
API_HANDLER(api_edu_contract_set);
API_HANDLER(api_activities_list);
API_HANDLER(api_activity_create);
API_HANDLER(api_activity_get);
API_HANDLER(api_activity_update);
API_HANDLER(api_activity_delete);
API_HANDLER(api_substitutes_list);
API_HANDLER(api_substitute_create);
API_HANDLER(api_substitute_get);
API_HANDLER(api_substitute_delete);
API_HANDLER(api_todo);

/* rotation.c: the documentation of a rotation */
API_HANDLER(api_rotation_get);
API_HANDLER(api_rotation_intro_set);
API_HANDLER(api_rotation_meeting_create);
API_HANDLER(api_rotation_assessment_create);
API_HANDLER(api_rotation_result_set);
API_HANDLER(api_rotation_feedback);
API_HANDLER(api_feedback_list);
API_HANDLER(api_feedback_form_get);
API_HANDLER(api_feedback_form_set);
API_HANDLER(api_assessment_kinds_list);
API_HANDLER(api_assessment_kind_create);
API_HANDLER(api_assessment_kind_update);
/*
 * Every item of the caller's "Att göra" seen from today (edu.c), sorted as
 * GET /todo lists them, into *out (a new JSON array the caller owns): the
 * list and the daily pass of the notifications share it.
 */
int api_todo_items(struct api_call *call, struct date today, json_t **out,
                   struct err_info *ei);
/* Appends to items the feedback and assessments missing two weeks after
 * their rotation, for the call's scope, seen on today (Att göra). */
int api_rotation_todo(struct api_call *call, struct date today, json_t *items,
                      struct err_info *ei);
/* certificates.c: a trainee's certificates as JSON, PDF and HTML, and
 * their signatures */
API_HANDLER(api_certificates_list);
API_HANDLER(api_certificate_get);
API_HANDLER(api_certificate_sign);
/* reviews.c: quality reviews of units with their reports, and the AT, BT
 * and ST doctors of a region */
API_HANDLER(api_reviews_list);
API_HANDLER(api_review_create);
API_HANDLER(api_review_get);
API_HANDLER(api_review_delete);
API_HANDLER(api_review_report_put);
API_HANDLER(api_review_report_get);
API_HANDLER(api_programs_list);
API_HANDLER(api_program_create);
API_HANDLER(api_program_get);
API_HANDLER(api_program_update);
API_HANDLER(api_program_delete);
/* A review as the API shows it. */
json_t *api_review_json(const struct review_item *it);

/* figures.c: the yearly figures and the records behind them */
API_HANDLER(api_figures);
API_HANDLER(api_figure_records);

/* supervisors.c: supervisors and their appointments */
API_HANDLER(api_supervisors_list);
API_HANDLER(api_supervisor_create);
API_HANDLER(api_supervisor_get);
API_HANDLER(api_supervisor_update);
API_HANDLER(api_trainee_appoint);
API_HANDLER(api_booking_appoint);
/* A supervisor as the API shows them ("trained": has handledarutbildning). */
json_t *api_supervisor_json(const struct supervisor_item *it);

/* units.c: units and their capacity */
API_HANDLER(api_units_list);
API_HANDLER(api_unit_get);
API_HANDLER(api_unit_update);
API_HANDLER(api_capacity_list);
API_HANDLER(api_capacity_create);
API_HANDLER(api_capacity_get);
API_HANDLER(api_capacity_update);
API_HANDLER(api_capacity_delete);

/* trainees.c: trainees, their leaves and needs */
API_HANDLER(api_trainees_list);
API_HANDLER(api_trainee_create);
API_HANDLER(api_trainee_get);
API_HANDLER(api_trainee_update);
API_HANDLER(api_leaves_list);
API_HANDLER(api_leave_create);
API_HANDLER(api_leave_get);
API_HANDLER(api_leave_update);
API_HANDLER(api_leave_delete);
API_HANDLER(api_needs_list);
API_HANDLER(api_need_create);
API_HANDLER(api_need_get);
API_HANDLER(api_need_update);
API_HANDLER(api_need_delete);

/* places.c and bookings.c */
API_HANDLER(api_places);
API_HANDLER(api_bookings_list);
API_HANDLER(api_booking_create);
API_HANDLER(api_booking_get);
API_HANDLER(api_booking_accept);
API_HANDLER(api_booking_decline);
API_HANDLER(api_booking_cancel);

/* auth.c: the session */
API_HANDLER(api_session_get);
API_HANDLER(api_session_create);
API_HANDLER(api_session_delete);
API_HANDLER(api_session_delete_all);
API_HANDLER(api_session_password);
API_HANDLER(api_policy_get);

/* users.c: users, API tokens and the log */
API_HANDLER(api_users_list);
API_HANDLER(api_user_create);
API_HANDLER(api_user_get);
API_HANDLER(api_user_update);
API_HANDLER(api_user_password);
API_HANDLER(api_tokens_list);
API_HANDLER(api_token_create);
API_HANDLER(api_token_revoke);
API_HANDLER(api_log_list);

/* plans.c: plan runs (the optimiser's jobs) and their proposals */
API_HANDLER(api_plans_list);
API_HANDLER(api_plan_create);
API_HANDLER(api_plan_get);
API_HANDLER(api_plan_proposal);
API_HANDLER(api_plan_cancel);
API_HANDLER(api_plan_apply);
/* What-if scenarios (issue 18, scenarios.c). */
API_HANDLER(api_scenarios_list);
API_HANDLER(api_scenario_create);
API_HANDLER(api_scenario_get);
API_HANDLER(api_scenario_delete);
API_HANDLER(api_scenario_run);

/*
 * The API's plan worker (plan/job.h): api_open() starts it and api_close()
 * stops it, a run in progress cancelled (its best plan kept).
 */
struct plan_worker;
struct plan_worker *api_planner(struct api *a);

/*
 * notifications.c: the caller's notifications and e-mail preferences, and
 * the notifier, the worker thread of the daily pass and the mail queue
 * (its own store connection; api_open() starts it, api_close() stops it).
 */
API_HANDLER(api_notifications_list);
API_HANDLER(api_notification_read);
API_HANDLER(api_notifications_read_all);
API_HANDLER(api_notification_prefs_get);
API_HANDLER(api_notification_prefs_set);
/* Tells of booking id (store_notify_booking()) or of trainee_id's plan
 * waiting for approval (store_notify_plan()), not telling the caller;
 * inside the caller's transaction. */
int api_tell_booking(struct api_call *call, int64_t id, enum notify_kind kind,
                     struct err_info *ei);
int api_tell_plan(struct api_call *call, int64_t trainee_id,
                  struct err_info *ei);
struct api_notifier;
/* The items of a caller's "Att göra" (api_todo_items() of edu.c, given by
 * api_open(), so that the notifier stands below the routes it tells of). */
typedef int (*api_todo_fn)(struct api_call *call, struct date today,
                           json_t **out, struct err_info *ei);
int api_notifier_start(struct api *a, const char *db_path,
                       const struct api_notify_options *o, api_todo_fn todo,
                       struct api_notifier **out, struct err_info *ei);
void api_notifier_stop(struct api_notifier *nt);
/* Wakes the worker: notifications were made. */
void api_notifier_poke(struct api_notifier *nt);
/* The links' base, unless the options gave one. */
void api_notifier_set_base(struct api_notifier *nt, const char *url);
/* 1 when the worker sends e-mail (an SMTP server is configured). */
int api_notifier_sends(const struct api_notifier *nt);
/* The mail queue's metrics, read through s. */
void api_notifier_metrics(struct api_notifier *nt, struct store *s,
                          struct buf *out);
/* The API's notifier. */
struct api_notifier *api_notifier(struct api *a);

/*
 * The standby (standby.c): randa serve --db-read opens a pool of read-only
 * connections to a PostgreSQL standby, and the routes whose answer may lag
 * the primary a little (api_route_may_lag()) read from it. Everything
 * else, log-in and the session checks of every request included, stays on
 * the primary.
 */
struct api_standby;
struct buf;
/* Opens the pool; a standby that does not answer yet is no failure (its
 * reads go to the primary until it does). */
struct api_standby *api_standby_open(const char *path, int connections);
void api_standby_close(struct api_standby *sb);
/*
 * A standby connection for a request that may lag, or NULL when the
 * primary must serve it: the standby does not answer, or it has not yet
 * replayed wrote, the primary's log position after the caller's last
 * write (store_wal_position(); NULL or "" for none).
 */
struct store *api_standby_take(struct api_standby *sb, const char *wrote);
/* Gives s back after the request; failed: a statement failed on it (the
 * request is then served by the primary again). */
void api_standby_give(struct api_standby *sb, struct store *s, int failed);
/* The standby's gauge and counters for /metrics. */
void api_standby_metrics(struct api_standby *sb, struct buf *out);

/* routes.c: 1 when route rt reads only, and its answer may lag the
 * primary (the place overview, the lists): a standby may serve it. */
int api_route_may_lag(const struct http_route *rt);

/* imports.c: imports of CSV and Excel files, their list and templates
 * (issue 15) */
API_HANDLER(api_import_create);
API_HANDLER(api_imports_list);
API_HANDLER(api_import_get);
API_HANDLER(api_import_template);
/* The largest file an import takes (api_body_max()): a constant, so that
 * the router's fuzz target, which stubs every handler, needs no imports.c. */
#define IMPORT_FILE_MAX (10u * 1024 * 1024)
/*
 * reoffer.c: freed places, their ranked candidates, offers and watches
 * (issue 14), and the offerer, the one worker thread that expires offers
 * past their deadline and moves automatic offers on every period seconds
 * (api_options.offer_pass_s), with its own store connection.
 */
API_HANDLER(api_freed_list);
API_HANDLER(api_freed_get);
API_HANDLER(api_freed_update);
API_HANDLER(api_freed_candidates);
API_HANDLER(api_freed_offer);
API_HANDLER(api_offers_list);
API_HANDLER(api_offer_get);
API_HANDLER(api_offer_accept);
API_HANDLER(api_offer_decline);
API_HANDLER(api_offer_withdraw);
API_HANDLER(api_watches_list);
API_HANDLER(api_watch_create);
API_HANDLER(api_watch_get);
API_HANDLER(api_watch_update);
API_HANDLER(api_watch_delete);
struct api_offerer;
int api_offerer_start(const char *db_path, int period, struct api_offerer **out,
                      struct err_info *ei);
void api_offerer_stop(struct api_offerer *of);
/* The API's offerer (NULL before it started). */
struct api_offerer *api_offerer(struct api *a);

/* bookings.c: a booking as the bookings API shows it. */
json_t *api_booking_json(const struct booking_view *v);

/* feeds.c (issue 15): a user's calendar feeds, and a feed itself at its
 * secret address (export.h has the exports' own interface) */
API_HANDLER(api_feeds_list);
API_HANDLER(api_feed_create);
API_HANDLER(api_feed_revoke);
API_HANDLER(api_calendar);

/* meta.c: the embedded web UI (not a route: every other GET) */
API_HANDLER(api_ui);

/* forms.c: forms of rotation and units' placement rules (issue 18) */
API_HANDLER(api_unit_rules_get);
API_HANDLER(api_unit_rules_set);
API_HANDLER(api_forms_list);
API_HANDLER(api_form_create);
API_HANDLER(api_form_get);
API_HANDLER(api_form_delete);
/* costs.c: agreements and what rotations cost (issue 18) */
API_HANDLER(api_agreements_list);
API_HANDLER(api_agreement_create);
API_HANDLER(api_agreement_delete);
API_HANDLER(api_costs_list);
/* forecast.c: the demand forecast and its intake (issue 18: forms2) */
API_HANDLER(api_forecast_get);
API_HANDLER(api_forecast_intake_set);
/* Exchange of places between regions (issue 17, exchange.c). */
struct api_exchanger;
struct api_exchanger *api_exchanger(struct api *a);
int api_exchanger_start(const char *db_path, const char *self, int poll_s,
                        int backoff_max_s, struct api_exchanger **out,
                        struct err_info *ei);
void api_exchanger_stop(struct api_exchanger *x);
API_HANDLER(api_exchange_overview);
API_HANDLER(api_xpeers_list);
API_HANDLER(api_xpeer_create);
API_HANDLER(api_xpeer_update);
API_HANDLER(api_xpeer_remove);
API_HANDLER(api_xoffers_list);
API_HANDLER(api_xoffer_create);
API_HANDLER(api_xoffer_withdraw);
API_HANDLER(api_xwants_list);
API_HANDLER(api_xwant_create);
API_HANDLER(api_xwant_withdraw);
API_HANDLER(api_xremote_offers);
API_HANDLER(api_xremote_wants);
API_HANDLER(api_xrequests_list);
API_HANDLER(api_xrequest_create);
API_HANDLER(api_xrequest_accept);
API_HANDLER(api_xrequest_decline);
API_HANDLER(api_xrequest_cancel);
API_HANDLER(api_xswaps_list);
API_HANDLER(api_xswap_search);
API_HANDLER(api_xswap_approve);
API_HANDLER(api_xswap_decline);
API_HANDLER(api_xmessages_list);
API_HANDLER(api_xhistory);
API_HANDLER(api_exchange_inbox);

/* Home units' budgets (issue 18: budget). costs.c lends budgets.c the
 * subject of a read of costs (?unit= or ?region=, in the caller's scope)
 * and the reading of a sum in kronor (at most two decimals) into öre. */
int api_costs_subject(struct api_call *call, const struct http_request *req,
                      int64_t *region, int64_t *unit, struct err_info *ei);
int api_money_field(json_t *body, const char *name, int64_t *out,
                    struct err_info *ei);
API_HANDLER(api_budgets_list);
API_HANDLER(api_budget_set);
API_HANDLER(api_budget_delete);

#endif
