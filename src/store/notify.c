/* Notifications, e-mail preferences and the mail queue in the store
 * (store/notify.h). */
#include "store/notify.h"
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const notify_kind_names[NOTIFY_KIND_COUNT] = {
    "offer",         "offer_gone", "request",      "answer",
    "plan_approval", "deadline",   "cancellation", "place_freed",
};

/* The recipients one store_notify_role() or _person() call tells at most. */
#define NOTIFY_RECIPIENTS_MAX 10000

const char *store_notify_kind_name(enum notify_kind kind)
{
    return (unsigned)kind < NOTIFY_KIND_COUNT ? notify_kind_names[kind] : NULL;
}

int store_notify_kind_parse(const char *name)
{
    for (int k = 0; name && k < NOTIFY_KIND_COUNT; k++)
        if (strcmp(name, notify_kind_names[k]) == 0)
            return k;
    return -1;
}

/* ---- telling ---- */

/* Whether m can be stored: 0, or ERR_INVAL naming its field. */
static int notify_check(const struct notify_msg *m, struct err_info *ei)
{
    if (!store_notify_kind_name(m->kind))
        return err_set(ei, ERR_INVAL, "kind", "kind: not a known kind");
    const char *e = m->entity ? m->entity : "";
    size_t n = strnlen(e, STORE_NOTIFY_ENTITY_MAX);
    if (n == 0 || n == STORE_NOTIFY_ENTITY_MAX ||
        strspn(e, "abcdefghijklmnopqrstuvwxyz_") != n)
        return err_set(ei, ERR_INVAL, "entity",
                       "entity: must be 1 to %d of a-z and _",
                       STORE_NOTIFY_ENTITY_MAX - 1);
    if (m->entity_id < 0)
        return err_set(ei, ERR_INVAL, "entity_id", "entity_id: negative");
    const char *l = m->link ? m->link : "";
    n = strnlen(l, STORE_NOTIFY_LINK_MAX);
    if (n < 2 || n == STORE_NOTIFY_LINK_MAX || strncmp(l, "#/", 2) != 0)
        return err_set(ei, ERR_INVAL, "link",
                       "link: must be a page of the UI (\"#/...\"), at most "
                       "%d bytes",
                       STORE_NOTIFY_LINK_MAX - 1);
    if (m->dedup &&
        strnlen(m->dedup, STORE_NOTIFY_DEDUP_MAX) == STORE_NOTIFY_DEDUP_MAX)
        return err_set(ei, ERR_INVAL, "dedup", "dedup: at most %d bytes",
                       STORE_NOTIFY_DEDUP_MAX - 1);
    if (m->params) {
        if (strnlen(m->params, STORE_NOTIFY_PARAMS_MAX) ==
            STORE_NOTIFY_PARAMS_MAX)
            return err_set(ei, ERR_INVAL, "params", "params: at most %d bytes",
                           STORE_NOTIFY_PARAMS_MAX - 1);
        json_t *p = json_loads(m->params, JSON_REJECT_DUPLICATES, NULL);
        int object = json_is_object(p);
        json_decref(p);
        if (!object || m->params[0] != '{')
            return err_set(ei, ERR_INVAL, "params",
                           "params: must be a JSON object");
    }
    return 0;
}

/* Reads where user_id's e-mail of kind goes: *mail "none", "single" or
 * "digest". ERR_NOTFOUND naming "user_id" when there is no such user. */
static int notify_mail_of(struct store *s, int64_t user_id,
                          enum notify_kind kind, const char **mail,
                          struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT u.disabled, coalesce(p.email, pe.email, ''), "
        "coalesce(p.email_kinds, 255), coalesce(p.digest, 0) "
        "FROM app_user u LEFT JOIN notify_pref p ON p.user_id = u.id "
        "LEFT JOIN person pe ON pe.id = u.person_id WHERE u.id = ?1",
        "l", user_id);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_ROW) {
        const char *email = store__col_text(st, 1);
        int64_t kinds = store__col_int64(st, 2);
        *mail = "none";
        if (!store__col_int(st, 0) && email && *email &&
            (kinds & (int64_t)NOTIFY_BIT(kind)))
            *mail = store__col_int(st, 3) ? "digest" : "single";
    } else if (step == STORE_DONE) {
        rc = err_set(ei, ERR_NOTFOUND, "user_id", "user %lld does not exist",
                     (long long)user_id);
    } else {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

/* store_notify() once m is checked, inside a write. */
static int notify_one(struct store *s, int64_t user_id,
                      const struct notify_msg *m, int64_t *id,
                      struct err_info *ei)
{
    const char *mail = "none";
    int rc = notify_mail_of(s, user_id, m->kind, &mail, ei);
    if (rc)
        return rc;
    char dedup[STORE_NOTIFY_DEDUP_MAX];
    if (m->dedup && *m->dedup)
        snprintf(dedup, sizeof(dedup), "%s", m->dedup);
    else
        snprintf(dedup, sizeof(dedup), "%s:%s:%lld",
                 store_notify_kind_name(m->kind), m->entity,
                 (long long)m->entity_id);
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    /* A fact told before inserts nothing and returns no row. */
    return store__exec(s, ei, id,
                       "INSERT INTO notification (user_id, kind, entity, "
                       "entity_id, link, params, dedup, created_at, mail) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                       "ON CONFLICT (user_id, dedup) DO NOTHING RETURNING id",
                       "lttlttttt", user_id, store_notify_kind_name(m->kind),
                       m->entity, m->entity_id, m->link,
                       m->params ? m->params : "{}", dedup, now, mail);
}

int store_notify(struct store *s, int64_t user_id, const struct notify_msg *m,
                 int64_t *id, struct err_info *ei)
{
    int64_t made = 0;
    if (id)
        *id = 0;
    int rc = notify_check(m, ei);
    if (rc || user_id == m->skip_user_id)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = notify_one(s, user_id, m, &made, ei);
    rc = store__write_end(s, rc);
    if (rc == 0 && id)
        *id = made;
    return rc;
}

/*
 * Who store_notify_role() and store_notify_person() tell: one id column,
 * ?1 and ?2 the role's name and its scope's id, or "" and the person's id
 * (?1 bound but unused, so that both share notify_users()).
 */
enum notify_who { NOTIFY_WHO_ROLE, NOTIFY_WHO_PERSON };
static const char *const notify_who_sql[] = {
    [NOTIFY_WHO_ROLE] = "SELECT DISTINCT r.user_id FROM user_role r "
                        "JOIN app_user u ON u.id = r.user_id "
                        "WHERE r.role = ?1 AND coalesce(r.scope_id, 0) = ?2 "
                        "AND u.disabled = 0 ORDER BY r.user_id",
    [NOTIFY_WHO_PERSON] = "SELECT id FROM app_user WHERE ?1 = ?1 "
                          "AND person_id = ?2 AND disabled = 0 ORDER BY id",
};

/* Tells m to every user notify_who_sql[who] selects, in one write. */
static int notify_users(struct store *s, enum notify_who who, const char *a,
                        int64_t b, const struct notify_msg *m, int *told,
                        struct err_info *ei)
{
    if (told)
        *told = 0;
    int rc = notify_check(m, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    /* Read the users first: a backend may step one statement at a time. */
    int64_t *users = NULL;
    int n = 0, cap = 0, step;
    struct store_stmt *st = NULL;
    rc = store__query(s, &st, ei, notify_who_sql[who], "tl", a, b);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        if (n == NOTIFY_RECIPIENTS_MAX) {
            rc = err_set(ei, ERR_TOOBIG, "", "more than %d recipients",
                         NOTIFY_RECIPIENTS_MAX);
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            users = xrealloc(users, (size_t)cap * sizeof(*users));
        }
        users[n++] = store__col_int64(st, 0);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    int count = 0;
    for (int i = 0; rc == 0 && i < n; i++) {
        int64_t id = 0;
        if (users[i] != m->skip_user_id)
            rc = notify_one(s, users[i], m, &id, ei);
        count += id != 0;
    }
    free(users);
    rc = store__write_end(s, rc);
    if (rc == 0 && told)
        *told = count;
    return rc;
}

int store_notify_role(struct store *s, enum role role, int64_t scope_id,
                      const struct notify_msg *m, int *told,
                      struct err_info *ei)
{
    const char *name = role_name(role);
    if (!name) {
        if (told)
            *told = 0;
        return err_set(ei, ERR_INVAL, "role", "role: not a known role");
    }
    return notify_users(s, NOTIFY_WHO_ROLE, name, scope_id, m, told, ei);
}

int store_notify_person(struct store *s, int64_t person_id,
                        const struct notify_msg *m, int *told,
                        struct err_info *ei)
{
    return notify_users(s, NOTIFY_WHO_PERSON, "", person_id, m, told, ei);
}

/* ---- a user's notifications ---- */

#define NOTIFICATION_COLUMNS                                                   \
    "SELECT n.id, n.user_id, n.kind, n.entity, n.entity_id, n.link, "          \
    "n.params, n.dedup, n.created_at, n.read_at FROM notification n "

static void notification_read_row(struct store_stmt *st,
                                  struct notification *out)
{
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->user_id = store__col_int64(st, 1);
    int k = store_notify_kind_parse(store__col_text(st, 2));
    out->kind = k < 0 ? NOTIFY_OFFER : (enum notify_kind)k;
    store__column_text(st, 3, out->entity, sizeof(out->entity));
    out->entity_id = store__col_int64(st, 4);
    store__column_text(st, 5, out->link, sizeof(out->link));
    store__column_text(st, 6, out->params, sizeof(out->params));
    store__column_text(st, 7, out->dedup, sizeof(out->dedup));
    store__column_text(st, 8, out->created_at, sizeof(out->created_at));
    store__column_text(st, 9, out->read_at, sizeof(out->read_at));
}

int store_notification_page(struct store *s, int64_t user_id, int unread_only,
                            int limit, int offset,
                            int (*each)(const struct notification *, void *),
                            void *arg, int64_t *total, int64_t *unread,
                            struct err_info *ei)
{
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    if (total)
        rc = store__count(s, ei, total,
                          "SELECT count(*) FROM notification WHERE "
                          "user_id = ?1 AND (?2 = 0 OR read_at IS NULL)",
                          "li", user_id, unread_only);
    if (rc == 0 && unread)
        rc = store__count(s, ei, unread,
                          "SELECT count(*) FROM notification WHERE "
                          "user_id = ?1 AND read_at IS NULL",
                          "l", user_id);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          NOTIFICATION_COLUMNS
                          "WHERE n.user_id = ?1 AND (?2 = 0 OR n.read_at IS "
                          "NULL) ORDER BY n.id DESC LIMIT ?3 OFFSET ?4",
                          "lili", user_id, unread_only,
                          limit < 0 ? STORE_NO_LIMIT : (int64_t)limit,
                          offset > 0 ? offset : 0);
    int step = STORE_DONE;
    struct notification *n = rc == 0 ? xmalloc(sizeof(*n)) : NULL;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        notification_read_row(st, n);
        rc = each(n, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    free(n);
    store__finalize(st);
    store__read_end(s);
    return rc;
}

int store_notification_get(struct store *s, int64_t user_id, int64_t id,
                           struct notification *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, NOTIFICATION_COLUMNS "WHERE n.id = ?1 AND n.user_id = ?2",
        "ll", id, user_id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "notification", id)) == 0)
        notification_read_row(st, out);
    store__finalize(st);
    return rc;
}

int store_notification_read(struct store *s, int64_t user_id, int64_t id,
                            struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t n = 0;
    rc = store__count(s, ei, &n,
                      "SELECT count(*) FROM notification "
                      "WHERE id = ?1 AND user_id = ?2",
                      "ll", id, user_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "notification %lld does not exist",
                     (long long)id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE notification SET read_at = ?3 "
                         "WHERE id = ?1 AND user_id = ?2 AND read_at IS NULL",
                         "llt", id, user_id, now);
    return store__write_end(s, rc);
}

int store_notification_read_all(struct store *s, int64_t user_id, int *n,
                                struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t unread = 0;
    rc = store__count(s, ei, &unread,
                      "SELECT count(*) FROM notification "
                      "WHERE user_id = ?1 AND read_at IS NULL",
                      "l", user_id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE notification SET read_at = ?2 "
                         "WHERE user_id = ?1 AND read_at IS NULL",
                         "lt", user_id, now);
    rc = store__write_end(s, rc);
    if (n)
        *n = rc == 0 ? (int)unread : 0;
    return rc;
}

/* ---- preferences ---- */

int store_notify_pref_get(struct store *s, int64_t user_id,
                          struct notify_pref *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT coalesce(p.email, ''), coalesce(p.email_kinds, 255), "
        "coalesce(p.digest, 0), coalesce(pe.email, ''), "
        "coalesce(p.updated_at, '') FROM app_user u "
        "LEFT JOIN notify_pref p ON p.user_id = u.id "
        "LEFT JOIN person pe ON pe.id = u.person_id WHERE u.id = ?1",
        "l", user_id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "user", user_id)) == 0) {
        store__column_text(st, 0, out->email, sizeof(out->email));
        out->email_kinds = (unsigned)store__col_int64(st, 1) & NOTIFY_ALL_KINDS;
        out->digest = store__col_int(st, 2) != 0;
        store__column_text(st, 3, out->person_email, sizeof(out->person_email));
        store__column_text(st, 4, out->updated_at, sizeof(out->updated_at));
    }
    store__finalize(st);
    return rc;
}

/* An address as the person table takes it: something@something, no
 * spaces, no control characters, no line breaks (it goes into a header). */
static int notify_check_email(const char *v, struct err_info *ei)
{
    size_t n = strnlen(v, STORE_EMAIL_MAX);
    const char *at = strchr(v, '@');
    int ok = n >= 3 && n < STORE_EMAIL_MAX && at && at > v && at[1] &&
             !strchr(at + 1, '@');
    for (size_t i = 0; ok && i < n; i++) {
        unsigned char c = (unsigned char)v[i];
        ok = c > ' ' && c != 0x7f && c != '<' && c != '>' && c != ',' &&
             c != ';' && c != '"' && c != '\\';
    }
    if (!ok)
        return err_set(ei, ERR_INVAL, "email",
                       "email: must be an address like namn@region.se");
    return 0;
}

int store_notify_pref_set(struct store *s, int64_t user_id,
                          const struct notify_pref *p, struct err_info *ei)
{
    int rc = 0;
    if (p->email[0])
        rc = notify_check_email(p->email, ei);
    if (rc == 0 && (p->email_kinds & ~NOTIFY_ALL_KINDS))
        rc = err_set(ei, ERR_INVAL, "email_kinds",
                     "email_kinds: not a set of known kinds");
    if (rc)
        return rc;
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    int64_t n = 0;
    rc = store__count(s, ei, &n, "SELECT count(*) FROM app_user WHERE id = ?1",
                      "l", user_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "user %lld does not exist",
                     (long long)user_id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO notify_pref (user_id, email, "
                         "email_kinds, digest, updated_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5) "
                         "ON CONFLICT (user_id) DO UPDATE SET "
                         "email = excluded.email, "
                         "email_kinds = excluded.email_kinds, "
                         "digest = excluded.digest, "
                         "updated_at = excluded.updated_at",
                         "lTiit", user_id, p->email, (int)p->email_kinds,
                         p->digest ? 1 : 0, now);
    return store__write_end(s, rc);
}

/* ---- the mail queue ---- */

int store_mail_pending(struct store *s, enum notify_mail which, int64_t user_id,
                       int limit,
                       int (*each)(const struct notification *,
                                   const char *recipient, void *),
                       void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT n.id, n.user_id, n.kind, n.entity, n.entity_id, n.link, "
        "n.params, n.dedup, n.created_at, n.read_at, "
        "coalesce(p.email, pe.email, '') FROM notification n "
        "JOIN app_user u ON u.id = n.user_id "
        "LEFT JOIN notify_pref p ON p.user_id = u.id "
        "LEFT JOIN person pe ON pe.id = u.person_id "
        "WHERE n.mail = ?1 AND (?2 = 0 OR n.user_id = ?2) "
        "ORDER BY n.id LIMIT ?3",
        "tll", which == NOTIFY_MAIL_DIGEST ? "digest" : "single", user_id,
        limit < 0 ? STORE_NO_LIMIT : (int64_t)limit);
    if (rc)
        return rc;
    struct notification *n = xmalloc(sizeof(*n));
    char recipient[STORE_EMAIL_MAX];
    int step;
    while ((step = store__step(st)) == STORE_ROW) {
        notification_read_row(st, n);
        store__column_text(st, 10, recipient, sizeof(recipient));
        if ((rc = each(n, recipient, arg)) != 0)
            break;
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    free(n);
    store__finalize(st);
    return rc;
}

int store_mail_digest_due(struct store *s, int64_t now, int period_s,
                          int64_t *users, int max, int *n, struct err_info *ei)
{
    *n = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT DISTINCT n.user_id FROM notification n "
                          "LEFT JOIN notify_pref p ON p.user_id = n.user_id "
                          "WHERE n.mail = 'digest' "
                          "AND coalesce(p.digest_at, 0) <= ?1 "
                          "ORDER BY n.user_id LIMIT ?2",
                          "ll", now - period_s, (int64_t)max);
    if (rc)
        return rc;
    int step;
    while ((step = store__step(st)) == STORE_ROW && *n < max)
        users[(*n)++] = store__col_int64(st, 0);
    if (step != STORE_ROW && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_mail_queue(struct store *s, int64_t user_id, const char *recipient,
                     const char *subject, const char *body, const int64_t *ids,
                     int n, int digest, int64_t *id, struct err_info *ei)
{
    int64_t made = 0;
    if (id)
        *id = 0;
    int mailed = recipient && *recipient;
    int rc = 0;
    if (mailed) {
        rc = notify_check_email(recipient, ei);
        if (rc == 0 && (!subject || !*subject || strlen(subject) > 300))
            rc = err_set(ei, ERR_INVAL, "subject",
                         "subject: must be 1 to 300 bytes");
        if (rc == 0 && (!body || !*body || strlen(body) > 200000))
            rc = err_set(ei, ERR_INVAL, "body",
                         "body: must be 1 to 200000 bytes");
    }
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    /* Each notification moves on from waiting once: one that another
     * worker queued first fails the whole write. */
    for (int i = 0; rc == 0 && i < n; i++) {
        int64_t moved = 0;
        rc = store__exec(s, ei, &moved,
                         "UPDATE notification SET mail = ?3 WHERE id = ?1 "
                         "AND user_id = ?2 AND mail IN ('single', 'digest') "
                         "RETURNING id",
                         "llt", ids[i], user_id, mailed ? "queued" : "none");
        if (rc == 0 && moved == 0)
            rc = err_set(ei, ERR_CONFLICT, "ids",
                         "notification %lld is not waiting for its e-mail",
                         (long long)ids[i]);
    }
    int64_t now = store_now(s);
    if (rc == 0 && mailed)
        rc = store__exec(s, ei, &made,
                         "INSERT INTO mail_out (user_id, recipient, subject, "
                         "body, created_at, next_attempt_at) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING id",
                         "dtttl", user_id, recipient, subject, body, now);
    if (rc == 0 && digest)
        rc = store__exec(s, ei, NULL,
                         "UPDATE notify_pref SET digest_at = ?2 "
                         "WHERE user_id = ?1",
                         "ll", user_id, now);
    rc = store__write_end(s, rc);
    if (rc == 0 && id)
        *id = made;
    return rc;
}

void store_mail_release(struct mail_out *m)
{
    free(m->subject);
    free(m->body);
    m->subject = m->body = NULL;
}

int store_mail_claim(struct store *s, int64_t now, int lease_s,
                     int max_attempts, struct mail_out *out,
                     struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct store_stmt *st = NULL;
    rc = store__query(s, &st, ei,
                      "SELECT id, coalesce(user_id, 0), recipient, subject, "
                      "body, created_at, attempts, next_attempt_at "
                      "FROM mail_out WHERE sent_at IS NULL "
                      "AND next_attempt_at <= ?1 AND attempts < ?2 "
                      "ORDER BY next_attempt_at, id LIMIT 1",
                      "li", now, max_attempts);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            out->id = store__col_int64(st, 0);
            out->user_id = store__col_int64(st, 1);
            store__column_text(st, 2, out->recipient, sizeof(out->recipient));
            const char *v = store__col_text(st, 3);
            out->subject = xstrdup(v ? v : "");
            v = store__col_text(st, 4);
            out->body = xstrdup(v ? v : "");
            out->created_at = store__col_int64(st, 5);
            out->attempts = store__col_int(st, 6);
            out->next_attempt_at = now + lease_s;
        } else if (step == STORE_DONE) {
            rc = err_set(ei, ERR_NOTFOUND, "", "no e-mail is due");
        } else {
            rc = store__db_error(s, ei);
        }
    }
    store__finalize(st);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE mail_out SET attempts = attempts + 1, "
                         "next_attempt_at = ?2 WHERE id = ?1",
                         "ll", out->id, out->next_attempt_at);
    rc = store__write_end(s, rc);
    if (rc)
        store_mail_release(out);
    return rc;
}

int store_mail_done(struct store *s, int64_t id, const char *error,
                    int64_t next_attempt_at, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    if (!error) {
        rc = store__exec(s, ei, NULL,
                         "UPDATE mail_out SET sent_at = ?2, last_error = '' "
                         "WHERE id = ?1",
                         "ll", id, store_now(s));
    } else {
        /* Keep at most 500 characters, cut at a character's start. */
        char why[501];
        size_t n = strnlen(error, sizeof(why) - 1);
        while (n > 0 && n < strlen(error) &&
               ((unsigned char)error[n] & 0xc0) == 0x80)
            n--;
        memcpy(why, error, n);
        why[n] = '\0';
        rc = store__exec(s, ei, NULL,
                         "UPDATE mail_out SET last_error = ?2, "
                         "next_attempt_at = ?3 WHERE id = ?1",
                         "ltl", id, why, next_attempt_at);
    }
    return store__write_end(s, rc);
}

int store_mail_counts(struct store *s, int max_attempts, int64_t *waiting,
                      int64_t *sent, int64_t *failed, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT coalesce(sum(CASE WHEN sent_at IS NULL AND attempts < ?1 "
        "THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN sent_at IS NULL AND attempts >= ?1 "
        "THEN 1 ELSE 0 END), 0) FROM mail_out",
        "i", max_attempts);
    if (rc)
        return rc;
    if (store__step(st) == STORE_ROW) {
        *waiting = store__col_int64(st, 0);
        *sent = store__col_int64(st, 1);
        *failed = store__col_int64(st, 2);
    } else {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}
