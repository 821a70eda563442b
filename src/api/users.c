/*
 * Accounts over the API: an administrator's users (with roles, disabling
 * and password resets), every user's own API tokens, and the log an
 * administrator reads (writes and security events).
 */
#include "api/api_impl.h"
#include "store/sso.h"

#include "util/log.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- users (user.admin) ---- */

/* A user as the API shows them, with their roles, into *out: 0, or the
 * store's error (a user whose roles cannot be read is not shown as one
 * with none). */
static int api_user_json(struct store *s, const struct user *u, json_t **out,
                         struct err_info *ei)
{
    struct grant *g = NULL;
    int n = 0;
    *out = NULL;
    /* The provider's identifier (issue 19), null when none. */
    char sso_id[STORE_SSO_ID_MAX] = "";
    int rc = store_user_grants(s, u->id, &g, &n, ei);
    if (rc == 0)
        rc = store_sso_user_get(s, u->id, sso_id, sizeof(sso_id), ei);
    if (rc == 0)
        *out = json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:o}", "id",
                         (json_int_t)u->id, "username", u->username, "name",
                         u->name, "disabled", u->disabled, "created_at",
                         u->created_at, "roles", api_grants_json(s, g, n),
                         "sso_id", *sso_id ? json_string(sso_id) : json_null());
    free(g);
    return rc;
}

struct api_user_page {
    struct store *store;
    json_t *items;
    struct err_info *ei;
};

static int api_user_each(const struct user *u, void *arg)
{
    struct api_user_page *p = arg;
    json_t *o = NULL;
    int rc = api_user_json(p->store, u, &o, p->ei);
    if (rc == 0 && json_array_append_new(p->items, o))
        rc = err_set(p->ei, ERR_IO, "", "out of memory");
    return rc;
}

static int api_users_lister(struct api_call *call,
                            const struct http_request *req, struct api_page *pg,
                            struct err_info *ei)
{
    (void)req;
    struct api_user_page p = {call->store, pg->items, ei};
    return store_user_page(call->store, pg->limit, pg->offset, api_user_each,
                           &p, &pg->total, ei);
}

API_HANDLER(api_users_list)
{
    api_list_run(req, res, ctx, api_users_lister);
}

static int api_user_getter(struct store *s, int64_t id, json_t **out,
                           struct err_info *ei)
{
    struct user u;
    int rc = store_user_get(s, id, &u, ei);
    if (rc == 0)
        rc = api_user_json(s, &u, out, ei);
    return rc;
}

API_HANDLER(api_user_get)
{
    api_get_run(req, res, ctx, api_user_getter);
}

#define API_ROLES_MAX 4096

/* "roles": [{"role": "director", "scope_id": 3}, {"role": "admin"}], in
 * shape only. */
static int api_field_roles(json_t *body, struct user_role **out, int *n,
                           struct err_info *ei)
{
    json_t *a = json_object_get(body, "roles");
    *out = NULL;
    *n = 0;
    if (!json_is_array(a) || json_array_size(a) > API_ROLES_MAX)
        return err_set(ei, ERR_INVAL, "roles",
                       "roles: must be a list of at most %d "
                       "{\"role\", \"scope_id\"}",
                       API_ROLES_MAX);
    *out = xcalloc(json_array_size(a) + 1, sizeof(**out));
    size_t i;
    json_t *r;
    json_array_foreach(a, i, r)
    {
        static const char *const fields[] = {"role", "scope_id", NULL};
        int rc = json_is_object(r)
                     ? api_fields_known(r, fields, ei)
                     : err_set(ei, ERR_INVAL, "roles",
                               "roles[%zu]: must be an object", i);
        struct user_role *ur = &(*out)[*n];
        if (rc == 0)
            rc =
                api_field_text(r, "role", 1, 1, ur->role, sizeof(ur->role), ei);
        if (rc == 0)
            rc = api_field_id(r, "scope_id", 0, 1, &ur->scope_id, ei);
        /* The role and its scope are checked where they are written
         * (store_user_role_add()), for the API and `randa user` alike. */
        if (rc) {
            snprintf(ei->field, sizeof(ei->field), "roles");
            free(*out);
            *out = NULL;
            return rc;
        }
        (*n)++;
    }
    return 0;
}

API_HANDLER(api_user_create)
{
    struct api_call *call = ctx;
    static const char *const fields[] = {"username", "name", "password",
                                         "roles", NULL};
    struct err_info ei = {0};
    struct user u = {0};
    char password[PASSWORD_MAX + 1] = "", hash[PASSWORD_HASH_MAX];
    struct user_role *roles = NULL;
    int nroles = 0;
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "username", 1, 3, u.username,
                            sizeof(u.username), &ei);
    if (rc == 0)
        rc = api_field_text(body, "name", 1, 1, u.name, sizeof(u.name), &ei);
    if (rc == 0)
        rc = api_field_secret(body, "password", 1, 1, password,
                              sizeof(password), &ei);
    if (rc == 0)
        rc = api_field_roles(body, &roles, &nroles, &ei);
    json_decref(body);
    if (rc == 0)
        rc = password_rules(password, u.username, &ei);
    if (rc == 0)
        rc = password_hash(password, hash, &ei);
    if (rc == 0)
        rc = store_user_add(call->store, &u, hash, roles, nroles, &ei);
    free(roles);
    if (rc) {
        if (strcmp(ei.field, "role") == 0) /* the store's name for it */
            snprintf(ei.field, sizeof(ei.field), "roles");
        if (rc == ERR_NOTFOUND) /* a role's scope: a bad value, not a path */
            ei.code = ERR_INVAL;
        api_fail(res, &ei);
        return;
    }
    json_t *o = NULL;
    if (api_user_json(call->store, &u, &o, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 201, o);
}

API_HANDLER(api_user_update)
{
    struct api_call *call = ctx;
    static const char *const fields[] = {"disabled", "roles", NULL};
    struct err_info ei = {0};
    int64_t id;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct user u;
    struct user_role *roles = NULL;
    int nroles = 0, disabled = -1;
    int rc = store_user_get(call->store, id, &u, &ei);
    if (rc == 0)
        rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_bool(body, "disabled", 0, &disabled, &ei);
    if (rc == 0 && json_object_get(body, "roles"))
        rc = api_field_roles(body, &roles, &nroles, &ei);
    if (rc == 0 && disabled == 1 && id == call->auth.user_id)
        rc = err_set(&ei, ERR_INVAL, "disabled",
                     "disabled: you cannot disable yourself");
    /* Roles and disabling change together or not at all. */
    int tx = rc == 0 ? store_begin(call->store, &ei) : rc;
    rc = tx;
    if (rc == 0 && roles)
        rc = store_user_set_roles(call->store, id, roles, nroles, &ei);
    if (rc == 0 && disabled >= 0)
        rc = store_user_set_disabled(call->store, id, disabled, &ei);
    if (tx == 0 && rc == 0)
        rc = store_commit(call->store, &ei);
    else if (tx == 0)
        store_rollback(call->store);
    free(roles);
    json_decref(body);
    if (rc) {
        if (strcmp(ei.field, "role") == 0)
            snprintf(ei.field, sizeof(ei.field), "roles");
        if (rc == ERR_NOTFOUND && strcmp(ei.field, "id") != 0)
            ei.code = ERR_INVAL;
        api_fail_body(res, &ei);
        return;
    }
    json_t *o = NULL;
    rc = store_user_get(call->store, id, &u, &ei);
    if (rc == 0)
        rc = api_user_json(call->store, &u, &o, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, o);
}

API_HANDLER(api_user_password)
{
    struct api_call *call = ctx;
    static const char *const fields[] = {"password", NULL};
    struct err_info ei = {0};
    int64_t id;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct user u;
    char password[PASSWORD_MAX + 1] = "";
    int rc = store_user_get(call->store, id, &u, &ei);
    if (rc == 0)
        rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_secret(body, "password", 1, 1, password,
                              sizeof(password), &ei);
    json_decref(body);
    if (rc == 0)
        rc = password_rules(password, u.username, &ei);
    /* A reset answers a password that may be known to others: every
     * session and API token of the user ends with it. */
    if (rc == 0)
        rc = api_password_set(call, id, password, 0, &ei);
    if (rc == 0)
        rc = store_token_revoke_user(call->store, id, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    char detail[120];
    snprintf(detail, sizeof(detail), "by %s", call->auth.username);
    api_event(call, req, u.username, "password_reset", detail);
    http_json(res, 200, json_pack("{s:b}", "reset", 1));
}

/* ---- API tokens (self: a user's own) ---- */

static json_t *api_token_json(const struct api_token *t)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)t->id, "name", t->name, "access", t->access,
                     "created_at", api_time(t->created_at), "expires_at",
                     api_time(t->expires_at), "revoked_at",
                     api_time(t->revoked_at), "used_at", api_time(t->used_at));
}

static int api_token_each(const struct api_token *t, void *arg)
{
    return json_array_append_new(arg, api_token_json(t));
}

API_HANDLER(api_tokens_list)
{
    (void)req;
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *items = json_array();
    if (store_token_list(call->store, call->auth.user_id, api_token_each, items,
                         &ei)) {
        json_decref(items);
        api_fail(res, &ei);
        return;
    }
    size_t n = json_array_size(items);
    http_json(res, 200, api_list(items, (int64_t)n, (int)n, 0));
}

/* Tokens are made and revoked from a session, never with a token. */
static int api_session_only(struct api_call *call, struct http_response *res)
{
    if (call->auth.session_id)
        return 0;
    http_error(res, 403, "forbidden", NULL,
               "API tokens are made and revoked by a logged-in user, not "
               "with a token");
    return -1;
}

API_HANDLER(api_token_create)
{
    struct api_call *call = ctx;
    if (api_session_only(call, res))
        return;
    static const char *const fields[] = {"name", "access", "days", NULL};
    struct err_info ei = {0};
    struct api_token t = {0};
    int days = 0;
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "name", 1, 1, t.name, sizeof(t.name), &ei);
    if (rc == 0)
        rc = api_field_text(body, "access", 1, 1, t.access, sizeof(t.access),
                            &ei);
    if (rc == 0)
        rc = api_field_int(body, "days", 0, 1, 3650, &days, &ei);
    json_decref(body);
    char secret[SECRET_LEN + 1], hash[SECRET_HASH_LEN + 1];
    secret_new(secret);
    secret_hash(secret, hash);
    t.expires_at = days ? store_now(call->store) + (int64_t)days * 86400 : 0;
    if (rc == 0)
        rc = store_token_create(call->store, call->auth.user_id, &t, hash, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    char detail[160];
    snprintf(detail, sizeof(detail), "token %lld %s (%s)", (long long)t.id,
             t.name, t.access);
    api_event(call, req, call->auth.username, "token_created", detail);
    json_t *o = api_token_json(&t);
    char shown[SECRET_LEN + 8];
    snprintf(shown, sizeof(shown), "randa_%s", secret);
    json_object_set_new(o, "token", json_string(shown));
    http_json(res, 201, o);
}

API_HANDLER(api_token_revoke)
{
    struct api_call *call = ctx;
    if (api_session_only(call, res))
        return;
    struct err_info ei = {0};
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    if (store_token_revoke(call->store, call->auth.user_id, id, &ei)) {
        api_fail(res, &ei);
        return;
    }
    char detail[64];
    snprintf(detail, sizeof(detail), "token %lld", (long long)id);
    api_event(call, req, call->auth.username, "token_revoked", detail);
    http_text(res, 204, "application/json", "", 0);
}

/* ---- the log (audit.read) ---- */

static int api_log_each(const struct log_entry *e, void *arg)
{
    json_t *before =
        e->before_json ? json_loads(e->before_json, 0, NULL) : json_null();
    json_t *after =
        e->after_json ? json_loads(e->after_json, 0, NULL) : json_null();
    return json_array_append_new(
        arg, json_pack("{s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
                       "kind", e->kind, "id", (json_int_t)e->id, "at", e->at,
                       "actor", e->actor, "what", e->what, "entity_id",
                       e->entity_id ? json_integer(e->entity_id) : json_null(),
                       "action", api_opt_text(e->action ? e->action : ""),
                       "detail", api_opt_text(e->detail ? e->detail : ""),
                       "before", before ? before : json_null(), "after",
                       after ? after : json_null()));
}

static int api_log_lister(struct api_call *call, const struct http_request *req,
                          struct api_page *pg, struct err_info *ei)
{
    struct log_filter f = {0};
    int rc = api_arg_text(req, "kind", &f.kind, ei);
    if (rc == 0 && f.kind && strcmp(f.kind, "write") != 0 &&
        strcmp(f.kind, "event") != 0)
        rc = err_set(ei, ERR_SYNTAX, "kind", "kind: must be write or event");
    if (rc == 0)
        rc = api_arg_text(req, "actor", &f.actor, ei);
    if (rc == 0)
        rc = api_arg_text(req, "what", &f.what, ei);
    if (rc == 0)
        rc = api_arg_date(req, "from", &f.from, ei);
    if (rc == 0)
        rc = api_arg_date(req, "to", &f.to, ei);
    if (rc == 0)
        rc = store_log_list(call->store, &f, pg->limit, pg->offset,
                            api_log_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_log_list)
{
    api_list_run(req, res, ctx, api_log_lister);
}
