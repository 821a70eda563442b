/* Single sign-on's storage (sso.h, migration 015). */
#include "store/sso.h"

#include "store/store_impl.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

int store_sso_login_add(struct store *s, const char *state_hash,
                        const char *nonce, const char *verifier,
                        struct err_info *ei)
{
    int64_t now = store_now(s);
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store__exec(s, ei, NULL, "DELETE FROM sso_login WHERE created_at <= ?",
                     "l", now - STORE_SSO_LOGIN_TTL_S);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO sso_login (state_hash, nonce, verifier, "
                         "created_at) VALUES (?, ?, ?, ?)",
                         "tttl", state_hash, nonce, verifier, now);
    return store__write_end(s, rc);
}

int store_sso_login_take(struct store *s, const char *state_hash,
                         char nonce[44], char verifier[44], struct err_info *ei)
{
    int64_t now = store_now(s);
    nonce[0] = verifier[0] = '\0';
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct store_stmt *st = NULL;
    rc = store__query(s, &st, ei,
                      "DELETE FROM sso_login WHERE state_hash = ? "
                      "RETURNING nonce, verifier, created_at",
                      "t", state_hash);
    int found = 0;
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            store__column_text(st, 0, nonce, 44);
            store__column_text(st, 1, verifier, 44);
            found = store__col_int64(st, 2) > now - STORE_SSO_LOGIN_TTL_S;
            /* Steps to the end, so that the delete is done. */
            step = store__step(st);
        }
        if (step != STORE_DONE)
            rc = store__db_error(s, ei);
    }
    store__finalize(st);
    if (rc == 0 && !found)
        rc = err_set(ei, ERR_NOTFOUND, "state",
                     "state: no log-in of this browser is on its way "
                     "(expired, used already, or begun elsewhere)");
    /* The row is gone either way: a used or stale state never comes back. */
    int end = store__write_end(s, rc == ERR_NOTFOUND ? 0 : rc);
    return end ? end : rc;
}

int store_sso_create_users(struct store *s, int *on, struct err_info *ei)
{
    int64_t n = 0;
    int rc = store__count(
        s, ei, &n, "SELECT create_users FROM sso_setting WHERE id = 1", "");
    *on = rc == 0 && n == 1;
    return rc;
}

int store_sso_set_create_users(struct store *s, int on, struct err_info *ei)
{
    int before = 0;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_sso_create_users(s, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE sso_setting SET create_users = ? WHERE id = 1",
                         "i", on ? 1 : 0);
    if (rc == 0 && before != on)
        rc = store__audit(s, "sso_setting", "update", 1,
                          json_pack("{s:b}", "create_users", before),
                          json_pack("{s:b}", "create_users", on), ei);
    return store__write_end(s, rc);
}

int store_sso_user_get(struct store *s, int64_t id, char *out, size_t size,
                       struct err_info *ei)
{
    out[0] = '\0';
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT coalesce(sso_id, '') FROM app_user "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "user", id)) == 0)
        store__column_text(st, 0, out, size);
    store__finalize(st);
    if (rc == ERR_NOTFOUND)
        snprintf(ei->field, sizeof(ei->field), "id");
    return rc;
}

int store_sso_user_set(struct store *s, int64_t id, const char *sso_id,
                       struct err_info *ei)
{
    char before[STORE_SSO_ID_MAX];
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_sso_user_get(s, id, before, sizeof(before), ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE app_user SET sso_id = ? WHERE id = ?", "Tl",
                         sso_id, id);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_CONFLICT, "sso_id",
                     "sso_id: another user has %.100s", sso_id);
    if (rc == 0)
        rc = store__audit(
            s, "app_user", "update", id,
            json_pack("{s:o}", "sso_id",
                      *before ? json_string(before) : json_null()),
            json_pack("{s:o}", "sso_id",
                      sso_id && *sso_id ? json_string(sso_id) : json_null()),
            ei);
    return store__write_end(s, rc);
}

int store_sso_user_find(struct store *s, const char *sso_id, int64_t *id,
                        char username[STORE_USERNAME_MAX], int *disabled,
                        struct err_info *ei)
{
    *id = 0;
    *disabled = 0;
    username[0] = '\0';
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, username, disabled FROM app_user "
                          "WHERE sso_id = ?",
                          "t", sso_id);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            *id = store__col_int64(st, 0);
            store__column_text(st, 1, username, STORE_USERNAME_MAX);
            *disabled = store__col_int(st, 2);
        } else if (step == STORE_DONE) {
            rc = err_set(ei, ERR_NOTFOUND, "sso_id",
                         "no user has this identifier");
        } else {
            rc = store__db_error(s, ei);
        }
    }
    store__finalize(st);
    return rc;
}

int store_sso_session_create(struct store *s, int64_t *user_id, struct user *u,
                             const char *sso_id, const char *password_hash,
                             const char *token_hash, const char *csrf,
                             const char *address, const char *user_agent,
                             int idle_s, int max_s, int64_t *session_id,
                             struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    if (*user_id == 0) {
        char base[STORE_USERNAME_MAX];
        snprintf(base, sizeof(base), "%s", u->username);
        rc = ERR_CONFLICT;
        for (int i = 1; i <= 9 && rc == ERR_CONFLICT; i++) {
            if (i > 1)
                snprintf(u->username, sizeof(u->username), "%.61s-%d", base, i);
            rc = store_user_add(s, u, password_hash, NULL, 0, ei);
        }
        if (rc == 0)
            rc = store_sso_user_set(s, u->id, sso_id, ei);
        if (rc == 0)
            *user_id = u->id;
    }
    if (rc == 0)
        rc = store_session_create(s, *user_id, token_hash, csrf, address,
                                  user_agent, idle_s, max_s, session_id, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "UPDATE session SET sso = 1 WHERE id = ?",
                         "l", *session_id);
    rc = store__write_end(s, rc);
    if (rc && u)
        *user_id = 0;
    return rc;
}

int store_session_sso(struct store *s, int64_t id, int *sso,
                      struct err_info *ei)
{
    int64_t n = 0;
    int rc = store__count(s, ei, &n, "SELECT sso FROM session WHERE id = ?",
                          "l", id);
    *sso = rc == 0 && n == 1;
    return rc;
}
