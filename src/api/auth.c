/*
 * Who is calling and what they may do: the one gate every request passes
 * before its handler (api_authorize()), and log-in and log-out.
 *
 * A caller proves who they are with the session cookie a log-in set, or
 * with an API token ("Authorization: Bearer randa_..."). The route's action
 * then goes through the policy table (domain/policy.h): no role allows it,
 * 403; a record in the path the caller's scope does not reach, 404 with the
 * same words as a record that does not exist; a list, only the rows the
 * scope reaches (the store filters them). A state-changing request on a
 * session needs the session's CSRF token in X-CSRF-Token.
 */
#include "api/api_impl.h"
#include "api/sso.h"

#include "util/log.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define API_TOKEN_PREFIX "randa_"

static int api_unsafe(enum http_method m)
{
    return m != HTTP_GET && m != HTTP_HEAD && m != HTTP_OPTIONS;
}

/* The Origin of a browser's request, when it sends one, must be this
 * server: a page elsewhere cannot post here with the user's cookie. */
static int api_same_origin(const struct http_request *req)
{
    if (!req->origin)
        return 1;
    if (!req->host)
        return 0;
    const char *o = req->origin;
    const char *scheme = req->tls ? "https://" : "http://";
    size_t n = strlen(scheme);
    return strncmp(o, scheme, n) == 0 && strcmp(o + n, req->host) == 0;
}

/*
 * Answers 503 when the database fails where going on would be unsafe: a
 * failed log-in that cannot be counted, a session or token that cannot be
 * checked. The cause goes to the server's log, not to the caller.
 */
static void api_unavailable(struct http_response *res, const char *what,
                            const struct err_info *ei)
{
    log_error("%s: %s", what, ei->msg);
    http_error(res, 503, "unavailable", NULL,
               "%s: the database failed; try again later", what);
    http_header(res, "Retry-After", "60");
}

/* ---- who is calling ---- */

/* Fills call->auth from the request's token or cookie: 0, or 401 sent. */
static int api_authenticate(struct api_call *call, struct http_request *req,
                            struct http_response *res)
{
    const struct api_security *sec = api_security(call->api);
    struct err_info ei = {0};
    char hash[SECRET_HASH_LEN + 1];
    const char *why = "log in first: the request has no session cookie or "
                      "API token";
    if (req->authorization) {
        const char *a = req->authorization;
        if (strncasecmp(a, "Bearer ", 7) == 0 &&
            strncmp(a + 7, API_TOKEN_PREFIX, strlen(API_TOKEN_PREFIX)) == 0 &&
            strlen(a + 7 + strlen(API_TOKEN_PREFIX)) == SECRET_LEN) {
            secret_hash(a + 7 + strlen(API_TOKEN_PREFIX), hash);
            int rc = store_token_find(call->store, hash, &call->auth, &ei);
            if (rc == 0)
                return 0;
            if (rc != ERR_NOTFOUND) {
                api_unavailable(res, "the API token cannot be checked", &ei);
                return -1;
            }
        }
        why = "the API token is not known, or it is revoked or expired";
    } else {
        char secret[SECRET_LEN + 1];
        if (http_cookie(req->cookie, req->tls ? API_COOKIE_TLS : API_COOKIE,
                        secret, sizeof(secret)) &&
            strlen(secret) == SECRET_LEN) {
            secret_hash(secret, hash);
            int rc = store_session_find(call->store, hash, sec->idle_s,
                                        sec->max_s, &call->auth, &ei);
            if (rc == 0)
                return 0;
            if (rc != ERR_NOTFOUND) {
                api_unavailable(res, "the session cannot be checked", &ei);
                return -1;
            }
            why = "the session has ended (logged out, expired or its user "
                  "disabled): log in again";
        }
    }
    http_error(res, 401, "unauthenticated", NULL, "%s", why);
    http_header(res, "WWW-Authenticate", "Bearer realm=\"randa\"");
    return -1;
}

/* ---- what they may do ---- */

/* The record kind a route's path names, by its collection. */
static const struct {
    const char *prefix, *kind;
} api_path_kinds[] = {
    {"/api/v1/trainees/{id}", "trainee"},
    {"/api/v1/needs/{id}", "need"},
    {"/api/v1/leaves/{id}", "leave"},
    {"/api/v1/bookings/{id}", "booking"},
    /* A unit's budgets (issue 18: budget) are its own as a home unit:
     * before the unit's routes, whose prefix this shares. */
    {"/api/v1/units/{id}/budgets", "home unit"},
    {"/api/v1/units/{id}", "unit"},
    {"/api/v1/capacity/{id}", "capacity"},
    {"/api/v1/plans/{id}", "plan run"},
    {"/api/v1/activities/{id}", "activity"},
    {"/api/v1/substitutes/{id}", "substitute"},
    {"/api/v1/reviews/{id}", "review"},
    {"/api/v1/programs/{id}", "program"},
    /* An offer is its trainee's and its freed place's unit's (issue 14);
     * a freed place's routes check their own scope (reoffer.c). */
    {"/api/v1/offers/{id}", "offer"},
};

/* A record a new one refers to, in the body of a POST: the caller's scope
 * must reach it. home: the referred unit is the new trainee's home. */
static const struct {
    enum http_method method;
    const char *pattern, *field, *kind;
    int home;
} api_body_refs[] = {
    {HTTP_POST, "/api/v1/trainees", "home_unit_id", "unit", 1},
    /* Moving a trainee: the new home unit must be in scope too. */
    {HTTP_PATCH, "/api/v1/trainees/{id}", "home_unit_id", "unit", 1},
    {HTTP_POST, "/api/v1/needs", "trainee_id", "trainee", 0},
    {HTTP_POST, "/api/v1/leaves", "trainee_id", "trainee", 0},
    {HTTP_POST, "/api/v1/bookings", "need_id", "need", 0},
    {HTTP_POST, "/api/v1/capacity", "unit_id", "unit", 0},
    {HTTP_POST, "/api/v1/activities", "trainee_id", "trainee", 0},
    {HTTP_POST, "/api/v1/substitutes", "activity_id", "activity", 0},
    {HTTP_POST, "/api/v1/supervisors", "unit_id", "unit", 0},
    {HTTP_POST, "/api/v1/reviews", "unit_id", "unit", 0},
    /* Forms of rotation (issue 18): the unit that offers the form. */
    {HTTP_POST, "/api/v1/forms", "unit_id", "unit", 0},
    /* An agreement of a home unit: the caller's home reach. */
    {HTTP_POST, "/api/v1/agreements", "home_unit_id", "unit", 1},
    /* A doctor's home unit, where they are now too. */
    {HTTP_POST, "/api/v1/programs", "unit_id", "unit", 1},
    {HTTP_PATCH, "/api/v1/programs/{id}", "unit_id", "unit", 1},
};

int api_may(struct api_call *call, int role, const char *action,
            const struct subject *su)
{
    struct grant *mine = xcalloc((size_t)call->auth.ngrants + 1, sizeof(*mine));
    int n = 0;
    for (int i = 0; i < call->auth.ngrants; i++)
        if (role < 0 || call->auth.grants[i].role == (enum role)role)
            mine[n++] = call->auth.grants[i];
    struct scope sc;
    int ok = policy_scope(mine, n, action, &sc) && scope_sees(&sc, su);
    scope_release(&sc);
    free(mine);
    return ok;
}

int api_scope_sees(struct api_call *call, const char *kind, int64_t id)
{
    if (call->scope.all)
        return 1;
    struct subject su;
    struct err_info ei = {0};
    if (store_subject(call->store, kind, id, &su, &ei) != 0)
        return 0;
    return scope_sees(&call->scope, &su);
}

/* Checks the record in the path: 0, or 404 sent as if it did not exist. */
static int api_check_path(struct api_call *call, const struct http_route *rt,
                          const struct http_request *req,
                          struct http_response *res)
{
    for (size_t i = 0; i < sizeof(api_path_kinds) / sizeof(*api_path_kinds);
         i++) {
        size_t n = strlen(api_path_kinds[i].prefix);
        if (strncmp(rt->pattern, api_path_kinds[i].prefix, n) != 0 ||
            (rt->pattern[n] != '\0' && rt->pattern[n] != '/'))
            continue;
        struct err_info ei = {0};
        int64_t id;
        if (api_path_id(req, "id", &id, &ei) != 0)
            return 0; /* the handler answers a malformed id */
        if (api_scope_sees(call, api_path_kinds[i].kind, id))
            return 0;
        http_error(res, 404, "not_found", "id", "%s %lld does not exist",
                   api_path_kinds[i].kind, (long long)id);
        return -1;
    }
    return 0;
}

/* Checks the records a body refers to: 0, or 422 sent as for a record
 * that does not exist. */
static int api_check_body(struct api_call *call, const struct http_route *rt,
                          const struct http_request *req,
                          struct http_response *res)
{
    for (size_t i = 0; i < sizeof(api_body_refs) / sizeof(*api_body_refs);
         i++) {
        if (rt->method != api_body_refs[i].method ||
            strcmp(rt->pattern, api_body_refs[i].pattern) != 0)
            continue;
        json_t *body = json_loadb(req->body, req->body_len, 0, NULL);
        json_t *v = json_object_get(body, api_body_refs[i].field);
        int ok = 1;
        int64_t id = json_is_integer(v) ? json_integer_value(v) : 0;
        /* A field that is absent or no id: the handler says what is wrong. */
        if (id > 0) {
            struct subject su;
            struct err_info ei = {0};
            ok = store_subject(call->store, api_body_refs[i].kind, id, &su,
                               &ei) == 0;
            if (ok && api_body_refs[i].home) {
                su.home_unit_id = su.unit_id;
                su.home_region_id = su.unit_region_id;
                su.unit_id = su.unit_region_id = 0;
            }
            ok = ok && scope_sees(&call->scope, &su);
        }
        json_decref(body);
        if (ok)
            return 0;
        http_error(res, 422, "invalid", api_body_refs[i].field,
                   "%s: no %s %lld", api_body_refs[i].field,
                   api_body_refs[i].kind, (long long)id);
        return -1;
    }
    return 0;
}

/* "director, unit_head": the roles of a, for a 403's message. */
/* The roles a holds, as bits 1 << enum role (a user may hold one role
 * for many scopes). */
static unsigned api_roles_held(const struct auth *a)
{
    unsigned held = 0;
    for (int i = 0; i < a->ngrants; i++)
        held |= 1u << a->grants[i].role;
    return held;
}

static void api_role_list(const struct auth *a, char *out, size_t size)
{
    unsigned held = api_roles_held(a);
    size_t used = 0;
    out[0] = '\0';
    for (int r = 0; r < ROLE_COUNT && used < size; r++)
        if (held & (1u << r))
            used += (size_t)snprintf(out + used, size - used, "%s%s",
                                     used ? ", " : "", role_name((enum role)r));
    if (!out[0])
        snprintf(out, size, "none");
}

int api_authorize(struct api_call *call, const struct http_route *rt,
                  struct http_request *req, struct http_response *res)
{
    const char *action = rt->action;
    if (!action || !policy_action_known(action)) {
        http_error(res, 500, "internal", NULL,
                   "the route %s %s declares no known action, so it is "
                   "refused",
                   http_method_name(rt->method), rt->pattern);
        return -1;
    }
    if (api_unsafe(req->method) && !api_same_origin(req)) {
        http_error(res, 403, "cross_origin", NULL,
                   "the request comes from another site (Origin %.100s)",
                   req->origin);
        return -1;
    }
    if (strcmp(action, POLICY_PUBLIC) == 0) {
        call->scope.all = 1;
        return 0;
    }
    if (api_authenticate(call, req, res))
        return -1;
    store_set_actor(call->store, call->auth.username);
    if (call->auth.session_id && api_unsafe(req->method) &&
        !secret_equal(req->csrf, call->auth.csrf)) {
        http_error(res, 403, "csrf", "X-CSRF-Token",
                   "the request lacks its session's CSRF token in the "
                   "X-CSRF-Token header");
        return -1;
    }
    if (call->auth.read_only && api_unsafe(req->method)) {
        http_error(res, 403, "forbidden", NULL, "this API token may only read");
        return -1;
    }
    if (strcmp(action, POLICY_SELF) == 0) {
        call->scope.all = 1;
        return 0;
    }
    if (!policy_scope(call->auth.grants, call->auth.ngrants, action,
                      &call->scope)) {
        char roles[200];
        api_role_list(&call->auth, roles, sizeof(roles));
        http_error(res, 403, "forbidden", NULL,
                   "your roles (%s) do not allow %s", roles, action);
        return -1;
    }
    store_set_scope(call->store, &call->scope);
    if (api_check_path(call, rt, req, res) ||
        api_check_body(call, rt, req, res))
        return -1;
    return 0;
}

void api_call_end(struct api_call *call)
{
    store_set_scope(call->store, NULL);
    store_set_actor(call->store, "randa serve");
    scope_release(&call->scope);
    store_auth_release(&call->auth);
}

/* ---- the session: log in, who am I, log out ---- */

/* The session as GET and POST /session answer it. */
static json_t *api_session_json(struct api_call *call)
{
    const struct auth *a = &call->auth;
    unsigned held = api_roles_held(a);
    json_t *actions = json_array();
    for (size_t i = 0; i < policy_action_count; i++) {
        for (int r = 0; r < ROLE_COUNT; r++) {
            if ((held & (1u << r)) &&
                policy_reach((enum role)r, policy_actions[i])) {
                json_array_append_new(actions, json_string(policy_actions[i]));
                break;
            }
        }
    }
    return json_pack(
        "{s:{s:I, s:s, s:s}, s:o, s:o, s:o, s:s, s:i, s:o}", "user", "id",
        (json_int_t)a->user_id, "username", a->username, "name", a->name,
        "roles", api_grants_json(call->store, a->grants, a->ngrants), "actions",
        actions, "csrf", a->session_id ? json_string(a->csrf) : json_null(),
        "via", a->session_id ? "session" : "token", "idle_seconds",
        api_security(call->api)->idle_s, "expires_at", api_time(a->expires_at));
}

API_HANDLER(api_session_get)
{
    (void)req;
    http_json(res, 200, api_session_json(ctx));
}

static void api_sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

API_HANDLER(api_session_create)
{
    struct api_call *call = ctx;
    const struct api_security *sec = api_security(call->api);
    static const char *const fields[] = {"username", "password", NULL};
    struct err_info ei = {0};
    char username[STORE_USERNAME_MAX] = "";
    char password[PASSWORD_MAX + 1] = "";
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "username", 1, 1, username, sizeof(username),
                            &ei);
    if (rc == 0)
        rc = api_field_secret(body, "password", 1, 1, password,
                              sizeof(password), &ei);
    json_decref(body);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    /* Issue 19: with local passwords off only the break-glass
     * administrator logs in here; the others take as long as a wrong
     * password and are sent to the provider. */
    if (api_sso_local_refused(call->api, username)) {
        password_verify(sec->dummy_hash, password);
        api_event(call, req, "-", "login_failed",
                  "local passwords are off: log in through the provider");
        http_error(res, 403, "local_disabled", NULL,
                   "log-in with a Randa password is switched off here: log "
                   "in through the identity provider");
        return;
    }
    char user_key[100], addr_key[100];
    snprintf(user_key, sizeof(user_key), "user:%s", username);
    snprintf(addr_key, sizeof(addr_key), "addr:%s", req->client);
    int user_fails = 0, addr_fails = 0;
    int64_t user_lock = 0, addr_lock = 0;
    rc = store_throttle_get(call->store, user_key, sec->window_s, &user_fails,
                            &user_lock, &ei);
    if (rc == 0)
        rc = store_throttle_get(call->store, addr_key, sec->window_s,
                                &addr_fails, &addr_lock, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    int64_t lock = user_lock > addr_lock ? user_lock : addr_lock;
    if (lock) {
        int64_t wait = lock - store_now(call->store);
        char retry[24];
        snprintf(retry, sizeof(retry), "%lld",
                 (long long)(wait > 0 ? wait : 1));
        api_event(call, req, user_lock ? username : "-", "login_locked",
                  user_lock ? "account locked" : "address locked");
        http_error(res, 429, "locked", NULL,
                   "too many failed log-ins: try again in %lld minutes",
                   (long long)((wait + 59) / 60));
        http_header(res, "Retry-After", retry);
        return;
    }
    int64_t user_id = 0;
    char hash[PASSWORD_HASH_MAX] = "";
    rc = store_login_lookup(call->store, username, &user_id, hash, sizeof(hash),
                            &ei);
    if (rc && rc != ERR_NOTFOUND) {
        api_fail(res, &ei);
        return;
    }
    /* An unknown user takes as long as a wrong password. */
    int ok =
        password_verify(rc == 0 ? hash : sec->dummy_hash, password) && rc == 0;
    if (!ok) {
        /* Both counts are tried: either one that is written still locks. */
        int counted = store_throttle_fail(call->store, user_key, sec->window_s,
                                          sec->user_limit, sec->lock_s,
                                          &user_fails, &user_lock, &ei) == 0;
        counted &= store_throttle_fail(call->store, addr_key, sec->window_s,
                                       sec->addr_limit, sec->lock_s,
                                       &addr_fails, &addr_lock, &ei) == 0;
        /* A name that is no user may be a password typed in the wrong
         * field: it is not written down. */
        api_event(call, req, rc == 0 ? username : "-", "login_failed",
                  rc == 0 ? "wrong password" : "unknown or disabled user");
        if (!counted) {
            /* Uncounted failures must not come as fast as counted ones:
             * the longest delay, and no answer that the lock-out counted. */
            api_sleep_ms(2000);
            api_unavailable(res, "log-in is not possible now", &ei);
            return;
        }
        long delay = (long)sec->delay_ms * user_fails;
        api_sleep_ms(delay < 2000 ? delay : 2000);
        http_error(res, 401, "invalid_credentials", NULL,
                   "wrong user name or password");
        return;
    }
    char secret[SECRET_LEN + 1], token_hash[SECRET_HASH_LEN + 1];
    char csrf[SECRET_LEN + 1];
    secret_new(secret);
    secret_new(csrf);
    secret_hash(secret, token_hash);
    int64_t sid = 0;
    rc = store_throttle_clear(call->store, user_key, &ei);
    if (rc == 0)
        rc = store_session_create(call->store, user_id, token_hash, csrf,
                                  req->client, req->user_agent, sec->idle_s,
                                  sec->max_s, &sid, &ei);
    if (rc == 0)
        rc = store_session_find(call->store, token_hash, sec->idle_s,
                                sec->max_s, &call->auth, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    api_event(call, req, username, "login", "");
    api_session_cookie(res, req, secret);
    http_json(res, 200, api_session_json(call));
}

API_HANDLER(api_session_delete)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    if (!call->auth.session_id) {
        http_error(res, 400, "no_session", NULL,
                   "the request carries an API token, not a session: revoke "
                   "the token with DELETE /api/v1/tokens/{id}");
        return;
    }
    /* Issue 19: a session that began at the provider ends there too. */
    char *end = api_sso_logout_url(call);
    if (store_session_delete(call->store, call->auth.session_id, &ei)) {
        free(end);
        api_fail(res, &ei);
        return;
    }
    api_event(call, req, call->auth.username, "logout", "");
    api_session_cookie(res, req, "");
    json_t *out = json_pack("{s:b}", "logged_out", 1);
    if (end)
        json_object_set_new(out, "end_session_url", json_string(end));
    free(end);
    http_json(res, 200, out);
}

API_HANDLER(api_session_delete_all)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t n = 0;
    if (store_session_delete_user(call->store, call->auth.user_id, 0, &n,
                                  &ei)) {
        api_fail(res, &ei);
        return;
    }
    char detail[64];
    snprintf(detail, sizeof(detail), "%lld sessions ended", (long long)n);
    api_event(call, req, call->auth.username, "logout_all", detail);
    api_session_cookie(res, req, "");
    http_json(res, 200, json_pack("{s:I}", "sessions_ended", (json_int_t)n));
}

API_HANDLER(api_session_password)
{
    struct api_call *call = ctx;
    static const char *const fields[] = {"current_password", "new_password",
                                         NULL};
    struct err_info ei = {0};
    char current[PASSWORD_MAX + 1] = "", fresh[PASSWORD_MAX + 1] = "";
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_secret(body, "current_password", 1, 1, current,
                              sizeof(current), &ei);
    if (rc == 0)
        rc = api_field_secret(body, "new_password", 1, 1, fresh, sizeof(fresh),
                              &ei);
    json_decref(body);
    int64_t uid = 0;
    char hash[PASSWORD_HASH_MAX] = "";
    if (rc == 0)
        rc = store_login_lookup(call->store, call->auth.username, &uid, hash,
                                sizeof(hash), &ei);
    /* Wrong current passwords count against the account like failed
     * log-ins, and a locked account cannot change its password. */
    const struct api_security *sec = api_security(call->api);
    char key[100];
    snprintf(key, sizeof(key), "user:%s", call->auth.username);
    int fails = 0;
    int64_t lock = 0;
    if (rc == 0)
        rc = store_throttle_get(call->store, key, sec->window_s, &fails, &lock,
                                &ei);
    if (rc == 0 && lock) {
        http_error(res, 429, "locked", NULL,
                   "too many wrong passwords: try again later");
        return;
    }
    if (rc == 0 && !password_verify(hash, current)) {
        if (store_throttle_fail(call->store, key, sec->window_s,
                                sec->user_limit, sec->lock_s, &fails, &lock,
                                &ei)) {
            api_unavailable(res, "the password cannot be changed now", &ei);
            return;
        }
        rc = err_set(&ei, ERR_INVAL, "current_password",
                     "current_password: is not your password");
    }
    if (rc == 0 && password_rules(fresh, call->auth.username, &ei) != 0) {
        /* The rules name "password"; here the field is new_password. */
        char why[ERR_MSG_MAX];
        const char *colon = strchr(ei.msg, ':');
        snprintf(why, sizeof(why), "%s", colon ? colon + 1 : ei.msg);
        rc = err_set(&ei, ERR_INVAL, "new_password", "new_password:%s", why);
    }
    if (rc == 0)
        rc = api_password_set(call, call->auth.user_id, fresh,
                              call->auth.session_id, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    api_event(call, req, call->auth.username, "password_changed", "");
    http_json(res, 200, json_pack("{s:b}", "changed", 1));
}

/* The policy table and every route's action, for the UI and for tests that
 * check the server against its own table. */
API_HANDLER(api_policy_get)
{
    (void)req;
    (void)ctx;
    static const struct {
        unsigned bit;
        const char *name;
    } reaches[] = {{REACH_ANY, "any"},       {REACH_OWN, "own"},
                   {REACH_HOME, "home"},     {REACH_UNIT, "unit"},
                   {REACH_REGION, "region"}, {REACH_ALL, "all"}};
    json_t *actions = json_array(), *rules = json_array(),
           *routes = json_array();
    for (size_t i = 0; i < policy_action_count; i++)
        json_array_append_new(actions, json_string(policy_actions[i]));
    for (size_t i = 0; i < policy_rule_count; i++) {
        json_t *reach = json_array();
        for (size_t b = 0; b < sizeof(reaches) / sizeof(*reaches); b++)
            if (policy_rules[i].reach & reaches[b].bit)
                json_array_append_new(reach, json_string(reaches[b].name));
        json_array_append_new(rules, json_pack("{s:s, s:s, s:o}", "action",
                                               policy_rules[i].action, "role",
                                               role_name(policy_rules[i].role),
                                               "reach", reach));
    }
    for (size_t i = 0; i < api_route_count; i++)
        json_array_append_new(routes,
                              json_pack("{s:s, s:s, s:s}", "method",
                                        http_method_name(api_routes[i].method),
                                        "path", api_routes[i].pattern, "action",
                                        api_routes[i].action));
    http_json(res, 200,
              json_pack("{s:o, s:o, s:o}", "actions", actions, "rules", rules,
                        "routes", routes));
}
