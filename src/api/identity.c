/*
 * Who a caller is, as the parts of the API that log people in and manage
 * them write it (auth.c, sso.c, users.c): the record of a security event,
 * the session cookie, a user's roles as JSON and a new password. It calls
 * no other file of api/ but the state (context.c) and the JSON helpers.
 */
#include "api/api_impl.h"

#include "util/log.h"
#include "util/password.h"

#include <stdio.h>

void api_event(struct api_call *call, const struct http_request *req,
               const char *actor, const char *event, const char *detail)
{
    struct err_info ei = {0};
    if (store_auth_event(call->store, actor, event, req->client, detail, &ei))
        log_warn("could not log %s of %s: %s", event, actor, ei.msg);
}

/* Sets the session cookie (value "" with Max-Age=0 ends it). */
void api_session_cookie(struct http_response *res,
                        const struct http_request *req, const char *value)
{
    char cookie[256];
    snprintf(cookie, sizeof(cookie),
             "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
             req->tls ? API_COOKIE_TLS : API_COOKIE, value,
             req->tls ? "; Secure" : "", *value ? "" : "; Max-Age=0");
    http_header(res, "Set-Cookie", cookie);
}

/* Names the scope of a grant ("Kvinnokliniken Lund"), or "" for all. */
static void api_scope_name(struct store *s, const struct grant *g, char *out,
                           size_t size)
{
    out[0] = '\0';
    struct err_info ei = {0};
    switch (role_scope(g->role)) {
    case SCOPE_TRAINEE: {
        struct trainee_item t;
        if (store_trainee_item_get(s, g->scope_id, &t, &ei) == 0)
            snprintf(out, size, "%s", t.person.name);
        break;
    }
    case SCOPE_UNIT: {
        struct unit u;
        if (store_unit_get(s, g->scope_id, &u, &ei) == 0)
            snprintf(out, size, "%s", u.name);
        break;
    }
    case SCOPE_REGION: {
        struct region r;
        if (store_region_get(s, g->scope_id, &r, &ei) == 0)
            snprintf(out, size, "%s", r.name);
        break;
    }
    case SCOPE_ALL:
        break;
    }
}

json_t *api_grants_json(struct store *s, const struct grant *g, int n)
{
    json_t *roles = json_array();
    for (int i = 0; i < n; i++) {
        char name[STORE_NAME_MAX];
        api_scope_name(s, &g[i], name, sizeof(name));
        enum scope_kind k = role_scope(g[i].role);
        json_array_append_new(
            roles,
            json_pack("{s:s, s:s, s:o, s:o}", "role", role_name(g[i].role),
                      "scope", scope_kind_name(k), "scope_id",
                      api_id(g[i].scope_id), "scope_name", api_opt_text(name)));
    }
    return roles;
}

int api_password_set(struct api_call *call, int64_t user_id,
                     const char *password, int64_t keep_session,
                     struct err_info *ei)
{
    char hash[PASSWORD_HASH_MAX];
    int rc = password_hash(password, hash, ei);
    if (rc == 0)
        rc = store_user_set_password(call->store, user_id, hash, keep_session,
                                     ei);
    return rc;
}
