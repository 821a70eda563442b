/* Users and their roles (store.h, migration 004). */
#include "store/store_impl.h"

#include <string.h>

/* How to see that a scope's row exists, by enum scope_kind (the roles and
 * their scopes are domain/policy.h's). */
static const char *const store_scope_exists[] = {
    [SCOPE_TRAINEE] = "SELECT count(*) FROM trainee WHERE id = ?",
    [SCOPE_UNIT] = "SELECT count(*) FROM unit WHERE id = ?",
    [SCOPE_REGION] = "SELECT count(*) FROM region WHERE id = ?",
    [SCOPE_ALL] = NULL,
};

static int store_user_check(const struct user *u, struct err_info *ei)
{
    size_t len = strlen(u->username);
    if (len < 3 || len > 64 ||
        strspn(u->username, "abcdefghijklmnopqrstuvwxyz0123456789._-") != len)
        return err_set(ei, ERR_INVAL, "username",
                       "username: 3 to 64 of a-z, 0-9, '.', '_' and '-'");
    if (!u->name[0])
        return err_set(ei, ERR_INVAL, "name", "name: must not be empty");
    return 0;
}

static json_t *store_user_json(const struct user *u)
{
    return json_pack("{s:s, s:s, s:b}", "username", u->username, "name",
                     u->name, "disabled", u->disabled);
}

int store_user_add(struct store *s, struct user *u, const char *password_hash,
                   const struct user_role *roles, int nroles,
                   struct err_info *ei)
{
    int rc = store_user_check(u, ei);
    if (rc)
        return rc;
    store__timestamp(s, u->created_at);
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__exec(s, ei, &u->id,
                     "INSERT INTO app_user (username, name, password_hash, "
                     "disabled, created_at, password_at) "
                     "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                     "tttitt", u->username, u->name, password_hash, u->disabled,
                     u->created_at, u->created_at);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_CONFLICT, "username", "username: %s is taken",
                     u->username);
    if (rc == 0)
        rc = store__audit(s, "app_user", "insert", u->id, NULL,
                          store_user_json(u), ei);
    for (int i = 0; rc == 0 && i < nroles; i++)
        rc = store_user_role_add(s, u->id, &roles[i], ei);
    return store__write_end(s, rc);
}

int store_user_find(struct store *s, const char *username, struct user *out,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, username, name, disabled, created_at "
                          "FROM app_user WHERE username = ?",
                          "t", username);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            out->id = store__col_int64(st, 0);
            store__column_text(st, 1, out->username, sizeof(out->username));
            store__column_text(st, 2, out->name, sizeof(out->name));
            out->disabled = store__col_int(st, 3);
            store__column_text(st, 4, out->created_at, sizeof(out->created_at));
        } else {
            rc = err_set(ei, step == STORE_DONE ? ERR_NOTFOUND : ERR_DB,
                         "username", "username: no user %s", username);
        }
    }
    store__finalize(st);
    return rc;
}

/* Begins a write on user id; ERR_NOTFOUND (rolled back) if there is none. */
static int store_user_begin(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    int64_t n = 0;
    if (rc)
        return rc;
    rc = store__count(s, ei, &n, "SELECT count(*) FROM app_user WHERE id = ?",
                      "l", id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "user", "user %lld does not exist",
                     (long long)id);
    return rc ? store__write_end(s, rc) : 0;
}

int store_user_set_password(struct store *s, int64_t id,
                            const char *password_hash, int64_t keep,
                            struct err_info *ei)
{
    char now[STORE_TIME_MAX], was[STORE_TIME_MAX] = "";
    store__timestamp(s, now);
    int rc = store_user_begin(s, id, ei);
    if (rc)
        return rc;
    struct store_stmt *st = NULL;
    rc = store__query(s, &st, ei,
                      "SELECT password_at FROM app_user WHERE id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "user", id)) == 0)
        store__column_text(st, 0, was, sizeof(was));
    store__finalize(st);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE app_user SET password_hash = ?, "
                         "password_at = ? WHERE id = ?",
                         "ttl", password_hash, now, id);
    if (rc == 0)
        rc = store_session_delete_user(s, id, keep, NULL, ei);
    /* The audit says when the password changed, never what it is. */
    if (rc == 0)
        rc = store__audit(s, "app_user", "update", id,
                          json_pack("{s:s}", "password_at", was),
                          json_pack("{s:s}", "password_at", now), ei);
    return store__write_end(s, rc);
}

int store_user_set_disabled(struct store *s, int64_t id, int disabled,
                            struct err_info *ei)
{
    int rc = store_user_begin(s, id, ei);
    int64_t was = 0;
    if (rc)
        return rc;
    rc = store__count(s, ei, &was, "SELECT disabled FROM app_user WHERE id = ?",
                      "l", id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE app_user SET disabled = ? WHERE id = ?", "il",
                         disabled, id);
    if (rc == 0 && disabled)
        rc = store_session_delete_user(s, id, 0, NULL, ei);
    if (rc == 0)
        rc = store__audit(s, "app_user", "update", id,
                          json_pack("{s:b}", "disabled", (int)was),
                          json_pack("{s:b}", "disabled", disabled), ei);
    return store__write_end(s, rc);
}

int store_user_role_add(struct store *s, int64_t id, const struct user_role *r,
                        struct err_info *ei)
{
    int role = role_parse(r->role);
    if (role < 0)
        return err_set(ei, ERR_INVAL, "role",
                       "role: %s is not one of trainee, supervisor, director, "
                       "unit_head, coordinator, admin",
                       r->role);
    enum scope_kind k = role_scope((enum role)role);
    const char *scope = scope_kind_name(k);
    if (k != SCOPE_ALL && r->scope_id <= 0)
        return err_set(ei, ERR_INVAL, "role", "role: %s needs a %s id", r->role,
                       scope);
    if (k == SCOPE_ALL && r->scope_id != 0)
        return err_set(ei, ERR_INVAL, "role",
                       "role: %s holds for everything, with no id", r->role);
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    if (store_scope_exists[k]) {
        int64_t n = 0;
        rc = store__count(s, ei, &n, store_scope_exists[k], "l", r->scope_id);
        if (rc == 0 && n == 0)
            rc = err_set(ei, ERR_NOTFOUND, "role", "role: no %s %lld", scope,
                         (long long)r->scope_id);
    }
    int64_t rid = 0;
    if (rc == 0)
        rc = store__exec(s, ei, &rid,
                         "INSERT INTO user_role (user_id, role, scope, "
                         "scope_id) VALUES (?, ?, ?, ?) RETURNING id",
                         "lttd", id, r->role, scope, r->scope_id);
    if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_CONFLICT, "role", "role: the user has it already");
    if (rc == 0)
        rc = store__audit(s, "user_role", "insert", rid, NULL,
                          json_pack("{s:I, s:s, s:I}", "user_id",
                                    (json_int_t)id, "role", r->role, "scope_id",
                                    (json_int_t)r->scope_id),
                          ei);
    return store__write_end(s, rc);
}

int store_user_list(struct store *s, store_user_fn *fn, void *ctx,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT u.id, u.username, u.name, u.disabled, u.created_at, "
        "  coalesce((SELECT group_concat(r.role || CASE WHEN r.scope_id IS "
        "    NULL THEN '' ELSE ':' || r.scope || '=' || r.scope_id END, ', ') "
        "    FROM user_role r WHERE r.user_id = u.id), '') "
        "FROM app_user u ORDER BY u.username",
        "");
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct user u = {0};
        u.id = store__col_int64(st, 0);
        store__column_text(st, 1, u.username, sizeof(u.username));
        store__column_text(st, 2, u.name, sizeof(u.name));
        u.disabled = store__col_int(st, 3);
        store__column_text(st, 4, u.created_at, sizeof(u.created_at));
        const char *roles = store__col_text(st, 5);
        if (fn(&u, roles ? (const char *)roles : "", ctx))
            break;
    }
    if (rc == 0 && step != STORE_ROW && step != STORE_DONE)
        rc = err_set(ei, ERR_DB, "", "listing users failed");
    store__finalize(st);
    return rc;
}

static void store_user_read(struct store_stmt *st, struct user *u)
{
    memset(u, 0, sizeof(*u));
    u->id = store__col_int64(st, 0);
    store__column_text(st, 1, u->username, sizeof(u->username));
    store__column_text(st, 2, u->name, sizeof(u->name));
    u->disabled = store__col_int(st, 3);
    store__column_text(st, 4, u->created_at, sizeof(u->created_at));
}

int store_user_get(struct store *s, int64_t id, struct user *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, username, name, disabled, created_at "
                          "FROM app_user WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "user", id)) == 0)
        store_user_read(st, out);
    store__finalize(st);
    if (rc == ERR_NOTFOUND)
        snprintf(ei->field, sizeof(ei->field), "id");
    return rc;
}

int store_user_set_roles(struct store *s, int64_t id,
                         const struct user_role *roles, int nroles,
                         struct err_info *ei)
{
    int rc = store_user_begin(s, id, ei);
    if (rc)
        return rc;
    rc = store__exec(s, ei, NULL, "DELETE FROM user_role WHERE user_id = ?",
                     "l", id);
    if (rc == 0)
        rc = store__audit(s, "app_user", "update", id, NULL,
                          json_pack("{s:i}", "roles", nroles), ei);
    for (int i = 0; rc == 0 && i < nroles; i++)
        rc = store_user_role_add(s, id, &roles[i], ei);
    return store__write_end(s, rc);
}

int store_user_page(struct store *s, int limit, int offset,
                    int (*each)(const struct user *, void *), void *arg,
                    int64_t *total, struct err_info *ei)
{
    int rc = store__count(s, ei, total, "SELECT count(*) FROM app_user", "");
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT id, username, name, disabled, created_at "
                          "FROM app_user ORDER BY username LIMIT ? OFFSET ?",
                          "ii", limit, offset);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct user u;
        store_user_read(st, &u);
        rc = each(&u, arg);
    }
    if (rc == 0 && step != STORE_DONE && step != STORE_ROW)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}
