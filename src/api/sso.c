/*
 * Log-in through the region's identity provider (issue 19): OpenID
 * Connect's authorization code flow with PKCE.
 *
 *   POST /api/v1/sso/login     makes the log-in's state, nonce and PKCE
 *                              verifier, keeps them (by the state's hash)
 *                              in the database, binds the state to this
 *                              browser with a short-lived cookie, and
 *                              answers the provider's address to go to;
 *   GET  /api/v1/sso/callback  where the provider sends the browser back:
 *                              the state must be this browser's and unused,
 *                              the code is redeemed with the verifier, the
 *                              ID token checked (signature, iss, aud, exp,
 *                              nonce), its claim mapped to a Randa user,
 *                              and a session begun; then back to the UI.
 *
 * Roles are never taken from the token: a user the provider names has the
 * roles Randa gave them, and one created at first log-in has none. Every
 * log-in, refusal and account creation is a security event in the log.
 */
#include "api/sso.h"

#include "sso/oidc.h"
#include "store/sso.h"
#include "util/log.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <sodium.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define API_SSO_COOKIE     "randa_sso"
#define API_SSO_COOKIE_TLS "__Secure-randa_sso"

struct api_sso {
    pthread_mutex_t lock;
    char *issuer, *client_id, *client_secret, *claim, *name, *redirect_uri;
    char *break_glass;
    int local_off;
    char *base;         /* the public URL, "http://host:port/" */
    struct sso *client; /* opened at the first log-in */
};

static char *api_sso_dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

int api_sso_open(const struct api_sso_options *o, struct api_sso **out,
                 struct err_info *ei)
{
    *out = NULL;
    if (!o->issuer) {
        if (o->local_off)
            return err_set(ei, ERR_INVAL, "sso",
                           "local passwords cannot be switched off without "
                           "an identity provider");
        return 0;
    }
    if (!o->client_id)
        return err_set(ei, ERR_INVAL, "sso", "SSO needs a client id");
    if (o->local_off && (!o->break_glass || !*o->break_glass))
        return err_set(ei, ERR_INVAL, "sso",
                       "switching local passwords off needs a break-glass "
                       "administrator");
    struct api_sso *s = xcalloc(1, sizeof(*s));
    pthread_mutex_init(&s->lock, NULL);
    s->issuer = xstrdup(o->issuer);
    s->client_id = xstrdup(o->client_id);
    s->client_secret = api_sso_dup(o->client_secret);
    s->claim = xstrdup(o->claim && *o->claim ? o->claim : "sub");
    s->name = xstrdup(o->name && *o->name ? o->name : "SITHS");
    s->redirect_uri = api_sso_dup(o->redirect_uri);
    s->break_glass = api_sso_dup(o->break_glass);
    s->local_off = o->local_off;
    *out = s;
    return 0;
}

void api_sso_close(struct api_sso *s)
{
    if (!s)
        return;
    sso_close(s->client);
    pthread_mutex_destroy(&s->lock);
    free(s->issuer);
    free(s->client_id);
    if (s->client_secret)
        sodium_memzero(s->client_secret, strlen(s->client_secret));
    free(s->client_secret);
    free(s->claim);
    free(s->name);
    free(s->redirect_uri);
    free(s->break_glass);
    free(s->base);
    free(s);
}

void api_sso_set_base(struct api_sso *s, const char *base)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    free(s->base);
    s->base = xstrdup(base);
    pthread_mutex_unlock(&s->lock);
}

/* The provider's client, opened the first time (NULL: not configured). */
static struct sso *api_sso_client(struct api_sso *s, struct err_info *ei)
{
    if (!s) {
        err_set(ei, ERR_NOTFOUND, "sso",
                "log-in through an identity provider is not configured");
        return NULL;
    }
    pthread_mutex_lock(&s->lock);
    if (!s->client) {
        char redirect[600];
        size_t n = s->base ? strlen(s->base) : 0;
        snprintf(redirect, sizeof(redirect), "%s%sapi/v1/sso/callback",
                 s->base ? s->base : "", n && s->base[n - 1] == '/' ? "" : "/");
        struct sso_options o = {
            .issuer = s->issuer,
            .client_id = s->client_id,
            .client_secret = s->client_secret,
            .redirect_uri = s->redirect_uri ? s->redirect_uri : redirect,
        };
        if (sso_open(&o, &s->client, ei) != 0)
            s->client = NULL;
    }
    struct sso *c = s->client;
    pthread_mutex_unlock(&s->lock);
    return c;
}

int api_sso_local_refused(struct api *a, const char *username)
{
    const struct api_sso *s = api_sso(a);
    return s && s->local_off && strcmp(username, s->break_glass) != 0;
}

/* The state cookie: bound to this browser for the log-in's ten minutes,
 * sent only to /api/v1/sso, and along with the provider's redirect back
 * (SameSite=Lax: a top-level GET from another site). */
static void api_sso_cookie(struct http_response *res,
                           const struct http_request *req, const char *value)
{
    char cookie[256];
    snprintf(cookie, sizeof(cookie),
             "%s=%s; Path=/api/v1/sso; HttpOnly; SameSite=Lax; Max-Age=%d%s",
             req->tls ? API_SSO_COOKIE_TLS : API_SSO_COOKIE, value,
             *value ? STORE_SSO_LOGIN_TTL_S : 0, req->tls ? "; Secure" : "");
    http_header(res, "Set-Cookie", cookie);
}

/* ---- what the log-in page shows ---- */

API_HANDLER(api_sso_info)
{
    (void)req;
    struct api_call *call = ctx;
    const struct api_sso *s = api_sso(call->api);
    http_json(res, 200,
              json_pack("{s:b, s:o, s:b}", "enabled", s != NULL, "name",
                        s ? json_string(s->name) : json_null(),
                        "local_passwords", !(s && s->local_off)));
}

/* ---- the way out to the provider ---- */

API_HANDLER(api_sso_start)
{
    struct api_call *call = ctx;
    struct api_sso *s = api_sso(call->api);
    struct err_info ei = {0};
    struct sso *client = api_sso_client(s, &ei);
    if (!client) {
        http_error(res, 404, "not_configured", NULL, "%s", ei.msg);
        return;
    }
    char state[SECRET_LEN + 1], nonce[SECRET_LEN + 1], verifier[SECRET_LEN + 1],
        hash[SECRET_HASH_LEN + 1];
    secret_new(state);
    secret_new(nonce);
    secret_new(verifier);
    secret_hash(state, hash);
    char *url = NULL;
    /* The provider first: when it is down nothing is kept. */
    int rc = sso_authorize_url(client, state, nonce, verifier, &url, &ei);
    if (rc == ERR_IO || rc == ERR_INVAL || rc == ERR_SYNTAX ||
        rc == ERR_TOOBIG) {
        log_warn("sso: %s", ei.msg);
        api_event(call, req, "-", "sso_refused", ei.msg);
        http_error(res, 503, "provider_down", NULL,
                   "%s cannot be reached now%s", s->name,
                   s->local_off ? ""
                                : ": log in with your Randa password instead");
        http_header(res, "Retry-After", "60");
        return;
    }
    if (rc == 0)
        rc = store_sso_login_add(call->store, hash, nonce, verifier, &ei);
    if (rc) {
        free(url);
        api_fail(res, &ei);
        return;
    }
    api_sso_cookie(res, req, state);
    http_json(res, 200,
              json_pack("{s:s%, s:s}", "authorization_url", url, strlen(url),
                        "name", s->name));
    free(url);
}

/* ---- the way back ---- */

/* Ends the callback by sending the browser to the UI with what became of
 * the log-in ("/?sso=refused"; NULL: in). */
static void api_sso_back(struct http_response *res,
                         const struct http_request *req, const char *outcome)
{
    char where[64];
    snprintf(where, sizeof(where), "/%s%s", outcome ? "?sso=" : "",
             outcome ? outcome : "");
    api_sso_cookie(res, req, "");
    http_header(res, "Location", where);
    http_text(res, 303, "text/plain; charset=utf-8", "", 0);
}

/* A refusal: the event (with the reason for the administrator) and the
 * browser back to the log-in page with outcome. */
static void api_sso_refuse(struct api_call *call, struct http_request *req,
                           struct http_response *res, const char *actor,
                           const char *outcome, const char *why)
{
    char detail[500];
    snprintf(detail, sizeof(detail), "%s: %s", outcome, why);
    api_event(call, req, actor && *actor ? actor : "-", "sso_refused", detail);
    api_sso_back(res, req, outcome);
}

/* A user name for a new account from the provider's identifier:
 * "SE2321000016-1ABC" becomes "se2321000016-1abc". */
static void api_sso_username(const char *id, char out[STORE_USERNAME_MAX])
{
    size_t n = 0;
    for (const char *p = id; *p && n < 56; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) && c < 128)
            out[n++] = (char)tolower(c);
        else if ((c == '.' || c == '_' || c == '-') && n)
            out[n++] = (char)c;
        else if (n && out[n - 1] != '-')
            out[n++] = '-';
    }
    out[n] = '\0';
    if (n < 3)
        snprintf(out, STORE_USERNAME_MAX, "sso-%s", n ? out : "user");
}

/* The text of a claim that names a person (at most max-1 bytes), or "". */
static const char *api_sso_claim(const json_t *claims, const char *name,
                                 size_t max)
{
    json_t *v = json_object_get(claims, name);
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        json_string_length(v) >= max ||
        strlen(json_string_value(v)) != json_string_length(v))
        return "";
    return json_string_value(v);
}

API_HANDLER(api_sso_callback)
{
    struct api_call *call = ctx;
    struct api_sso *s = api_sso(call->api);
    const struct api_security *sec = api_security(call->api);
    struct err_info ei = {0};
    struct sso *client = api_sso_client(s, &ei);
    if (!client) {
        http_error(res, 404, "not_configured", NULL, "%s", ei.msg);
        return;
    }
    const char *code = http_arg(req, "code");
    const char *state = http_arg(req, "state");
    const char *error = http_arg(req, "error");
    char mine[SECRET_LEN + 1] = "";
    http_cookie(req->cookie, req->tls ? API_SSO_COOKIE_TLS : API_SSO_COOKIE,
                mine, sizeof(mine));
    /* The state must be the one this browser was given: a code sent to
     * someone else's browser (log-in CSRF) is refused. */
    if (!state || strlen(state) != SECRET_LEN || !*mine ||
        !secret_equal(state, mine)) {
        api_sso_refuse(call, req, res, "-", "state",
                       "the state is not this browser's log-in (no state "
                       "cookie, so no PKCE verifier or nonce)");
        return;
    }
    char hash[SECRET_HASH_LEN + 1], nonce[44], verifier[44];
    secret_hash(state, hash);
    /* Taken at once: a state (and so its verifier) is good for one try. */
    int rc = store_sso_login_take(call->store, hash, nonce, verifier, &ei);
    if (rc == ERR_NOTFOUND) {
        api_sso_refuse(call, req, res, "-", "state", ei.msg);
        return;
    }
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    if (error) {
        char why[200];
        snprintf(why, sizeof(why), "the provider answered %.100s", error);
        api_sso_refuse(
            call, req, res, "-",
            strcmp(error, "access_denied") == 0 ? "cancelled" : "refused", why);
        return;
    }
    if (!code || !*code || strlen(code) > 2000) {
        api_sso_refuse(call, req, res, "-", "refused",
                       "the provider sent no code");
        return;
    }
    json_t *claims = NULL;
    rc = sso_redeem(client, code, verifier, nonce, store_now(call->store),
                    &claims, &ei);
    sodium_memzero(verifier, sizeof(verifier));
    if (rc) {
        log_warn("sso: %s", ei.msg);
        api_sso_refuse(call, req, res, "-",
                       rc == ERR_IO ? "provider_down" : "refused", ei.msg);
        return;
    }
    char id[STORE_SSO_ID_MAX];
    snprintf(id, sizeof(id), "%s", api_sso_claim(claims, s->claim, sizeof(id)));
    if (!*id) {
        char why[200];
        snprintf(why, sizeof(why), "the ID token has no claim %.100s",
                 s->claim);
        json_decref(claims);
        api_sso_refuse(call, req, res, "-", "refused", why);
        return;
    }
    int64_t user_id = 0;
    int disabled = 0, create = 0;
    struct user u = {0};
    rc = store_sso_user_find(call->store, id, &user_id, u.username, &disabled,
                             &ei);
    if (rc == ERR_NOTFOUND)
        rc = store_sso_create_users(call->store, &create, &ei);
    if (rc == 0 && user_id == 0 && create) {
        api_sso_username(id, u.username);
        const char *name = api_sso_claim(claims, "name", sizeof(u.name));
        if (*name)
            snprintf(u.name, sizeof(u.name), "%s", name);
        else
            snprintf(u.name, sizeof(u.name), "%.*s", (int)sizeof(u.name) - 1,
                     id);
    }
    json_decref(claims);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    if (user_id == 0 && !create) {
        api_sso_refuse(call, req, res, id, "unknown_user",
                       "no Randa user has this identifier, and new users are "
                       "not created");
        return;
    }
    if (disabled) {
        api_sso_refuse(call, req, res, id, "disabled",
                       "the Randa user is disabled");
        return;
    }
    /* A new account's password is one nobody knows: it logs in only
     * through the provider until an administrator sets one. */
    char unknown[SECRET_LEN + 1], pw_hash[PASSWORD_HASH_MAX] = "";
    if (user_id == 0) {
        secret_new(unknown);
        if (password_hash(unknown, pw_hash, &ei) != 0) {
            api_fail(res, &ei);
            return;
        }
    }
    char secret[SECRET_LEN + 1], token_hash[SECRET_HASH_LEN + 1];
    char csrf[SECRET_LEN + 1];
    secret_new(secret);
    secret_new(csrf);
    secret_hash(secret, token_hash);
    int64_t sid = 0;
    int created = user_id == 0;
    rc = store_sso_session_create(
        call->store, &user_id, &u, id, pw_hash, token_hash, csrf, req->client,
        req->user_agent, sec->idle_s, sec->max_s, &sid, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    char detail[300];
    if (created) {
        snprintf(detail, sizeof(detail), "%s %.200s: account without roles",
                 s->claim, id);
        api_event(call, req, u.username, "sso_user_created", detail);
    }
    snprintf(detail, sizeof(detail), "%.60s, %s %.200s", s->name, s->claim, id);
    api_event(call, req, u.username, "sso_login", detail);
    api_session_cookie(res, req, secret);
    api_sso_back(res, req, NULL);
}

char *api_sso_logout_url(struct api_call *call)
{
    struct api_sso *s = api_sso(call->api);
    struct err_info ei = {0};
    int sso = 0;
    if (!s || !call->auth.session_id ||
        store_session_sso(call->store, call->auth.session_id, &sso, &ei) ||
        !sso)
        return NULL;
    struct sso *client = api_sso_client(s, &ei);
    char *url = NULL;
    pthread_mutex_lock(&s->lock);
    char *back = xstrdup(s->base ? s->base : "/");
    pthread_mutex_unlock(&s->lock);
    if (client)
        sso_logout_url(client, back, &url);
    free(back);
    return url;
}

/* ---- the administrator's settings ---- */

static json_t *api_sso_text(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *api_sso_settings_json(struct api_sso *s, int create)
{
    return json_pack("{s:b, s:b, s:o, s:o, s:o, s:o, s:b, s:o}", "enabled",
                     s != NULL, "create_users", create, "name",
                     api_sso_text(s ? s->name : NULL), "issuer",
                     api_sso_text(s ? s->issuer : NULL), "client_id",
                     api_sso_text(s ? s->client_id : NULL), "claim",
                     api_sso_text(s ? s->claim : NULL), "local_passwords",
                     !(s && s->local_off), "break_glass",
                     api_sso_text(s && s->local_off ? s->break_glass : NULL));
}

API_HANDLER(api_sso_settings_get)
{
    (void)req;
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int create = 0;
    if (store_sso_create_users(call->store, &create, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_sso_settings_json(api_sso(call->api), create));
}

API_HANDLER(api_sso_settings_set)
{
    struct api_call *call = ctx;
    static const char *const fields[] = {"create_users", NULL};
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int create = 0;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_bool(body, "create_users", 1, &create, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_sso_set_create_users(call->store, create, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, api_sso_settings_json(api_sso(call->api), create));
}

API_HANDLER(api_user_sso_set)
{
    struct api_call *call = ctx;
    static const char *const fields[] = {"sso_id", NULL};
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    char sso_id[STORE_SSO_ID_MAX] = "";
    int rc = api_fields_known(body, fields, &ei);
    json_t *v = json_object_get(body, "sso_id");
    if (rc == 0 && !json_is_null(v))
        rc = api_field_text(body, "sso_id", 1, 1, sso_id, sizeof(sso_id), &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_sso_user_set(call->store, id, *sso_id ? sso_id : NULL, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200,
              json_pack("{s:I, s:o}", "id", (json_int_t)id, "sso_id",
                        api_opt_text(sso_id)));
}
