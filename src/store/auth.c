/*
 * Log-in's storage (store.h, migration 005): sessions, API tokens, the
 * throttle of failed log-ins, security events, the administrator's log, and
 * the scope that limits what a request reads.
 */
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- scope ---- */

void store_set_scope(struct store *s, const struct scope *sc)
{
    s->scope = sc;
    s->scope_dirty = 1;
}

/* How to read a record's subject, by kind: columns trainee, home unit, home
 * region, unit, unit region. */
static const struct {
    const char *kind, *sql;
} store_subjects[] = {
    {"trainee", "SELECT t.id, t.home_unit_id, hu.region_id, NULL, NULL "
                "FROM trainee t JOIN unit hu ON hu.id = t.home_unit_id "
                "WHERE t.id = ?"},
    {"need", "SELECT t.id, t.home_unit_id, hu.region_id, NULL, NULL "
             "FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id "
             "JOIN unit hu ON hu.id = t.home_unit_id WHERE n.id = ?"},
    {"leave", "SELECT t.id, t.home_unit_id, hu.region_id, NULL, NULL "
              "FROM leave l JOIN trainee t ON t.id = l.trainee_id "
              "JOIN unit hu ON hu.id = t.home_unit_id WHERE l.id = ?"},
    {"booking", "SELECT t.id, t.home_unit_id, hu.region_id, u.id, u.region_id "
                "FROM booking b JOIN trainee t ON t.id = b.trainee_id "
                "JOIN unit hu ON hu.id = t.home_unit_id "
                "JOIN unit u ON u.id = b.unit_id WHERE b.id = ?"},
    {"unit", "SELECT NULL, NULL, NULL, u.id, u.region_id FROM unit u "
             "WHERE u.id = ?"},
    /* A unit as the home of its trainees (its budgets, issue 18). */
    {"home unit", "SELECT NULL, u.id, u.region_id, NULL, NULL FROM unit u "
                  "WHERE u.id = ?"},
    {"capacity", "SELECT NULL, NULL, NULL, u.id, u.region_id FROM capacity c "
                 "JOIN unit u ON u.id = c.unit_id WHERE c.id = ?"},
    {"plan run", "SELECT NULL, NULL, NULL, NULL, r.region_id FROM plan_run r "
                 "WHERE r.id = ?"},
    {"region", "SELECT NULL, NULL, NULL, NULL, id FROM region WHERE id = ?"},
    {"activity", "SELECT t.id, t.home_unit_id, hu.region_id, NULL, NULL "
                 "FROM activity a JOIN trainee t ON t.id = a.trainee_id "
                 "JOIN unit hu ON hu.id = t.home_unit_id WHERE a.id = ?"},
    {"review", "SELECT NULL, NULL, NULL, u.id, u.region_id "
               "FROM unit_review r JOIN unit u ON u.id = r.unit_id "
               "WHERE r.id = ?"},
    {"program", "SELECT d.trainee_id, d.unit_id, u.region_id, NULL, NULL "
                "FROM doctor_program d JOIN unit u ON u.id = d.unit_id "
                "WHERE d.id = ?"},
    {"substitute", "SELECT t.id, t.home_unit_id, hu.region_id, NULL, NULL "
                   "FROM substitute x JOIN activity a ON a.id = x.activity_id "
                   "JOIN trainee t ON t.id = a.trainee_id "
                   "JOIN unit hu ON hu.id = t.home_unit_id WHERE x.id = ?"},
    /* Issue 14: a freed place is its unit's; an offer is its trainee's
     * and its place's unit's. */
    {"freed", "SELECT NULL, NULL, NULL, u.id, u.region_id "
              "FROM freed_place f JOIN unit u ON u.id = f.unit_id "
              "WHERE f.id = ?"},
    {"offer", "SELECT t.id, t.home_unit_id, hu.region_id, u.id, u.region_id "
              "FROM offer o JOIN trainee t ON t.id = o.trainee_id "
              "JOIN unit hu ON hu.id = t.home_unit_id "
              "JOIN unit u ON u.id = o.unit_id WHERE o.id = ?"},
};

int store_subject(struct store *s, const char *kind, int64_t id,
                  struct subject *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    for (size_t k = 0; k < sizeof(store_subjects) / sizeof(*store_subjects);
         k++) {
        if (strcmp(store_subjects[k].kind, kind) != 0)
            continue;
        struct store_stmt *st = NULL;
        int rc = store__query(s, &st, ei, store_subjects[k].sql, "l", id);
        if (rc == 0 && (rc = store__step_one(s, st, ei, kind, id)) == 0) {
            out->trainee_id = store__column_id(st, 0);
            out->home_unit_id = store__column_id(st, 1);
            out->home_region_id = store__column_id(st, 2);
            out->unit_id = store__column_id(st, 3);
            out->unit_region_id = store__column_id(st, 4);
        }
        store__finalize(st);
        if (rc == ERR_NOTFOUND)
            snprintf(ei->field, sizeof(ei->field), "id");
        return rc;
    }
    return err_set(ei, ERR_INVAL, "kind", "no record kind %s", kind);
}

/* ---- users as log-in sees them ---- */

int store_user_grants(struct store *s, int64_t id, struct grant **out, int *n,
                      struct err_info *ei)
{
    *out = NULL;
    *n = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT role, coalesce(scope_id, 0) FROM user_role "
                          "WHERE user_id = ? ORDER BY id",
                          "l", id);
    int cap = 0, step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        const char *name = store__col_text(st, 0);
        int role = name ? role_parse(name) : -1;
        if (role < 0)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *out = xrealloc(*out, (size_t)cap * sizeof(**out));
        }
        (*out)[(*n)++] =
            (struct grant){(enum role)role, store__col_int64(st, 1)};
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    if (rc) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

void store_auth_release(struct auth *a)
{
    free(a->grants);
    a->grants = NULL;
    a->ngrants = 0;
}

int store_login_lookup(struct store *s, const char *username, int64_t *user_id,
                       char *hash, size_t size, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, password_hash FROM app_user "
                          "WHERE username = ? AND disabled = 0",
                          "t", username);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            *user_id = store__col_int64(st, 0);
            store__column_text(st, 1, hash, size);
        } else if (step == STORE_DONE) {
            rc = err_set(ei, ERR_NOTFOUND, "username", "no user %s", username);
        } else {
            rc = store__db_error(s, ei);
        }
    }
    store__finalize(st);
    return rc;
}

/* The user's roles into a (user_id set; the name is read with the session
 * or token, and only of a user who is not disabled). */
static int store_auth_fill(struct store *s, struct auth *a, struct err_info *ei)
{
    return store_user_grants(s, a->user_id, &a->grants, &a->ngrants, ei);
}

/* ---- sessions ---- */

int store_session_create(struct store *s, int64_t user_id,
                         const char *token_hash, const char *csrf,
                         const char *address, const char *user_agent,
                         int idle_s, int max_s, int64_t *id,
                         struct err_info *ei)
{
    int64_t now = store_now(s);
    char agent[201];
    snprintf(agent, sizeof(agent), "%s", user_agent ? user_agent : "");
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store__exec(s, ei, NULL,
                     "DELETE FROM session WHERE user_id = ? "
                     "AND (seen_at <= ? OR created_at <= ?)",
                     "lll", user_id, now - idle_s, now - max_s);
    if (rc == 0)
        rc = store__exec(s, ei, id,
                         "INSERT INTO session (token_hash, user_id, csrf, "
                         "created_at, seen_at, address, user_agent) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         "tltlltt", token_hash, user_id, csrf, now, now,
                         address ? address : "", agent);
    return store__write_end(s, rc);
}

int store_session_find(struct store *s, const char *token_hash, int idle_s,
                       int max_s, struct auth *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    int64_t now = store_now(s), seen = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT s.id, s.user_id, s.csrf, s.created_at, "
                          "s.seen_at, u.username, u.name FROM session s "
                          "JOIN app_user u ON u.id = s.user_id "
                          "AND u.disabled = 0 WHERE s.token_hash = ?",
                          "t", token_hash);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            out->session_id = store__col_int64(st, 0);
            out->user_id = store__col_int64(st, 1);
            store__column_text(st, 2, out->csrf, sizeof(out->csrf));
            out->created_at = store__col_int64(st, 3);
            seen = store__col_int64(st, 4);
            store__column_text(st, 5, out->username, sizeof(out->username));
            store__column_text(st, 6, out->name, sizeof(out->name));
        } else {
            rc = step == STORE_DONE
                     ? err_set(ei, ERR_NOTFOUND, "", "no such session")
                     : store__db_error(s, ei);
        }
    }
    store__finalize(st);
    if (rc)
        return rc;
    out->expires_at = out->created_at + max_s;
    if (now - seen >= idle_s || now >= out->expires_at) {
        store_session_delete(s, out->session_id, ei);
        return err_set(ei, ERR_NOTFOUND, "", "the session has expired");
    }
    /* Marking every request would write on every read; a tenth of the idle
     * time (at most a minute) late is close enough. */
    int64_t step_s = idle_s / 10 < 60 ? idle_s / 10 : 60;
    if (now - seen > step_s)
        rc = store__exec(s, ei, NULL,
                         "UPDATE session SET seen_at = ? WHERE id = ?", "ll",
                         now, out->session_id);
    if (rc == 0)
        rc = store_auth_fill(s, out, ei);
    if (rc)
        store_auth_release(out);
    return rc;
}

int store_session_delete(struct store *s, int64_t id, struct err_info *ei)
{
    return store__exec(s, ei, NULL, "DELETE FROM session WHERE id = ?", "l",
                       id);
}

int store_session_delete_user(struct store *s, int64_t user_id, int64_t keep,
                              int64_t *n, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    int64_t count = 0;
    if (rc == 0)
        rc = store__count(s, ei, &count,
                          "SELECT count(*) FROM session WHERE user_id = ? "
                          "AND id <> ?",
                          "ll", user_id, keep);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM session WHERE user_id = ? AND id <> ?",
                         "ll", user_id, keep);
    rc = store__write_end(s, rc);
    if (n)
        *n = rc == 0 ? count : 0;
    return rc;
}

/* ---- API tokens ---- */

int store_token_create(struct store *s, int64_t user_id, struct api_token *t,
                       const char *token_hash, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", t->name, 1, sizeof(t->name));
    if (rc)
        return rc;
    if (strcmp(t->access, "read") != 0 && strcmp(t->access, "write") != 0)
        return err_set(ei, ERR_INVAL, "access",
                       "access: must be read or write");
    t->created_at = store_now(s);
    t->revoked_at = t->used_at = 0;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__exec(
        s, ei, &t->id,
        "INSERT INTO api_token (user_id, name, token_hash, access, "
        "created_at, expires_at) VALUES (?, ?, ?, ?, ?, nullif(?, 0)) "
        "RETURNING id",
        "lttTll", user_id, t->name, token_hash, t->access, t->created_at,
        t->expires_at);
    if (rc == 0)
        rc = store__audit(s, "api_token", "insert", t->id, NULL,
                          json_pack("{s:I, s:s, s:s}", "user_id",
                                    (json_int_t)user_id, "name", t->name,
                                    "access", t->access),
                          ei);
    return store__write_end(s, rc);
}

int store_token_find(struct store *s, const char *token_hash, struct auth *out,
                     struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    int64_t now = store_now(s), used = 0;
    char access[8] = "";
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT t.id, t.user_id, t.access, t.created_at, "
                          "coalesce(t.expires_at, 0), coalesce(t.used_at, 0), "
                          "u.username, u.name FROM api_token t "
                          "JOIN app_user u ON u.id = t.user_id "
                          "AND u.disabled = 0 WHERE t.token_hash = ? "
                          "AND t.revoked_at IS NULL "
                          "AND (t.expires_at IS NULL OR t.expires_at > ?)",
                          "tl", token_hash, now);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            out->token_id = store__col_int64(st, 0);
            out->user_id = store__col_int64(st, 1);
            store__column_text(st, 2, access, sizeof(access));
            out->created_at = store__col_int64(st, 3);
            out->expires_at = store__col_int64(st, 4);
            used = store__col_int64(st, 5);
            store__column_text(st, 6, out->username, sizeof(out->username));
            store__column_text(st, 7, out->name, sizeof(out->name));
            out->read_only = strcmp(access, "read") == 0;
        } else {
            rc = step == STORE_DONE
                     ? err_set(ei, ERR_NOTFOUND, "", "no such token")
                     : store__db_error(s, ei);
        }
    }
    store__finalize(st);
    if (rc == 0 && now - used >= 60)
        rc = store__exec(s, ei, NULL,
                         "UPDATE api_token SET used_at = ? WHERE id = ?", "ll",
                         now, out->token_id);
    if (rc == 0)
        rc = store_auth_fill(s, out, ei);
    if (rc)
        store_auth_release(out);
    return rc;
}

int store_token_list(struct store *s, int64_t user_id,
                     int (*each)(const struct api_token *, void *), void *arg,
                     struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, name, access, created_at, "
                          "coalesce(expires_at, 0), coalesce(revoked_at, 0), "
                          "coalesce(used_at, 0) FROM api_token "
                          "WHERE user_id = ? ORDER BY id",
                          "l", user_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct api_token t = {0};
        t.id = store__col_int64(st, 0);
        store__column_text(st, 1, t.name, sizeof(t.name));
        store__column_text(st, 2, t.access, sizeof(t.access));
        t.created_at = store__col_int64(st, 3);
        t.expires_at = store__col_int64(st, 4);
        t.revoked_at = store__col_int64(st, 5);
        t.used_at = store__col_int64(st, 6);
        rc = each(&t, arg);
    }
    if (rc == 0 && step != STORE_DONE && step != STORE_ROW)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_token_revoke(struct store *s, int64_t user_id, int64_t id,
                       struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    int64_t n = 0;
    if (rc)
        return rc;
    rc = store__count(s, ei, &n,
                      "SELECT count(*) FROM api_token WHERE id = ? "
                      "AND user_id = ? AND revoked_at IS NULL",
                      "ll", id, user_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "token %lld does not exist",
                     (long long)id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE api_token SET revoked_at = ? WHERE id = ?",
                         "ll", store_now(s), id);
    if (rc == 0)
        rc = store__audit(s, "api_token", "update", id, NULL,
                          json_pack("{s:b}", "revoked", 1), ei);
    return store__write_end(s, rc);
}

int store_token_revoke_user(struct store *s, int64_t user_id,
                            struct err_info *ei)
{
    return store__exec(s, ei, NULL,
                       "UPDATE api_token SET revoked_at = ? "
                       "WHERE user_id = ? AND revoked_at IS NULL",
                       "ll", store_now(s), user_id);
}

/* ---- throttling failed log-ins ---- */

/* The key's failures in the window, when its window began (0: none), and
 * when its lock-out ends (0: none). */
static int store_throttle_read(struct store *s, const char *key, int window_s,
                               int *failures, int64_t *first,
                               int64_t *locked_until, struct err_info *ei)
{
    int64_t now = store_now(s);
    *failures = 0;
    *first = *locked_until = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT failures, first_at, locked_until "
                          "FROM login_throttle WHERE key = ?",
                          "t", key);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            int64_t began = store__col_int64(st, 1);
            int64_t until = store__col_int64(st, 2);
            if (now - began < window_s) {
                *failures = store__col_int(st, 0);
                *first = began;
            }
            if (until > now)
                *locked_until = until;
        } else if (step != STORE_DONE) {
            rc = store__db_error(s, ei);
        }
    }
    store__finalize(st);
    return rc;
}

int store_throttle_get(struct store *s, const char *key, int window_s,
                       int *failures, int64_t *locked_until,
                       struct err_info *ei)
{
    int64_t first;
    return store_throttle_read(s, key, window_s, failures, &first, locked_until,
                               ei);
}

int store_throttle_fail(struct store *s, const char *key, int window_s,
                        int limit, int lock_s, int *failures,
                        int64_t *locked_until, struct err_info *ei)
{
    int64_t now = store_now(s), first = 0;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_throttle_read(s, key, window_s, failures, &first, locked_until,
                             ei);
    if (rc == 0) {
        if (*failures == 0) /* a new window */
            first = now;
        (*failures)++;
        if (*failures >= limit && *locked_until == 0)
            *locked_until = now + lock_s;
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO login_throttle (key, failures, "
                         "first_at, locked_until) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET "
                         "failures = excluded.failures, "
                         "first_at = excluded.first_at, "
                         "locked_until = excluded.locked_until",
                         "till", key, *failures, first, *locked_until);
    }
    return store__write_end(s, rc);
}

int store_throttle_clear(struct store *s, const char *key, struct err_info *ei)
{
    return store__exec(s, ei, NULL, "DELETE FROM login_throttle WHERE key = ?",
                       "t", key);
}

/* ---- events and the administrator's log ---- */

int store_auth_event(struct store *s, const char *actor, const char *event,
                     const char *address, const char *detail,
                     struct err_info *ei)
{
    char at[STORE_TIME_MAX], who[201], what[501];
    store__timestamp(s, at);
    snprintf(who, sizeof(who), "%s", actor && *actor ? actor : "-");
    snprintf(what, sizeof(what), "%s", detail ? detail : "");
    return store__exec(s, ei, NULL,
                       "INSERT INTO auth_event (at, actor, event, address, "
                       "detail) VALUES (?, ?, ?, ?, ?)",
                       "ttttt", at, who, event, address ? address : "", what);
}

/* Both logs as one, parameters ?1 kind, ?2 actor, ?3 what, ?4 from, ?5 to. */
#define LOG_FROM                                                               \
    "FROM (SELECT 'write' AS kind, id, at, actor, entity AS what, "            \
    "  entity_id, action, '' AS detail, before_json, after_json "              \
    "  FROM audit_log "                                                        \
    "  UNION ALL SELECT 'event', id, at, actor, event, 0, '', "                \
    "  trim(address || ' ' || detail), NULL, NULL FROM auth_event) AS log "    \
    "WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR actor = ?2) "          \
    "AND (?3 IS NULL OR what = ?3) AND (?4 IS NULL OR at >= ?4) "              \
    "AND (?5 IS NULL OR at < date(?5, '+1 day')) "

int store_log_list(struct store *s, const struct log_filter *f, int limit,
                   int offset, int (*each)(const struct log_entry *, void *),
                   void *arg, int64_t *total, struct err_info *ei)
{
    int rc = store__count(s, ei, total, "SELECT count(*) " LOG_FROM, "TTTTT",
                          f->kind, f->actor, f->what, f->from, f->to);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT kind, id, at, actor, what, entity_id, "
                          "action, detail, before_json, after_json " LOG_FROM
                          "ORDER BY at DESC, kind, id DESC "
                          "LIMIT ?6 OFFSET ?7",
                          "TTTTTii", f->kind, f->actor, f->what, f->from, f->to,
                          limit, offset);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct log_entry e = {
            .kind = store__col_text(st, 0),
            .id = store__col_int64(st, 1),
            .at = store__col_text(st, 2),
            .actor = store__col_text(st, 3),
            .what = store__col_text(st, 4),
            .entity_id = store__col_int64(st, 5),
            .action = store__col_text(st, 6),
            .detail = store__col_text(st, 7),
            .before_json = store__col_text(st, 8),
            .after_json = store__col_text(st, 9),
        };
        rc = each(&e, arg);
    }
    if (rc == 0 && step != STORE_DONE && step != STORE_ROW)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}
