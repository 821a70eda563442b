/*
 * Who is told what when a booking or a plan moves (store/notify.h): the
 * people concerned by their roles, with only the names their roles let
 * them see.
 */
#include "store/edu.h"
#include "store/notify.h"
#include "store/store_impl.h"

#include "domain/week.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A booking as its notifications tell it. */
struct event_booking {
    int64_t id, trainee_id, unit_id, home_unit_id, handledare_person;
    int start_week, end_week;
    char status[16], reason[32];
    char trainee[STORE_NAME_MAX], unit[STORE_NAME_MAX];
};

static int event_booking_read(struct store *s, int64_t id,
                              struct event_booking *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT b.id, b.trainee_id, b.unit_id, t.home_unit_id, "
        "coalesce(sv.person_id, 0), b.start_week, b.end_week, b.status, "
        "coalesce(b.cancel_reason, ''), pe.name, u.name FROM booking b "
        "JOIN trainee t ON t.id = b.trainee_id "
        "JOIN person pe ON pe.id = t.person_id "
        "JOIN unit u ON u.id = b.unit_id "
        "LEFT JOIN supervisor sv ON sv.id = b.supervisor_id WHERE b.id = ?1",
        "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "booking", id)) == 0) {
        out->id = store__col_int64(st, 0);
        out->trainee_id = store__col_int64(st, 1);
        out->unit_id = store__col_int64(st, 2);
        out->home_unit_id = store__col_int64(st, 3);
        out->handledare_person = store__col_int64(st, 4);
        out->start_week = store__col_int(st, 5);
        out->end_week = store__col_int(st, 6);
        store__column_text(st, 7, out->status, sizeof(out->status));
        store__column_text(st, 8, out->reason, sizeof(out->reason));
        store__column_text(st, 9, out->trainee, sizeof(out->trainee));
        store__column_text(st, 10, out->unit, sizeof(out->unit));
    }
    store__finalize(st);
    return rc;
}

/* The params of booking b's notifications (with the ST-läkare's name when
 * named), as JSON text the caller frees. */
static char *event_booking_params(const struct event_booking *b, int named)
{
    char from[WEEK_STR_MAX], to[WEEK_STR_MAX];
    week_format(b->start_week, from);
    week_format(b->end_week - 1, to);
    json_t *o = json_pack("{s:s, s:s, s:s, s:i, s:s}", "unit", b->unit, "from",
                          from, "to", to, "weeks", b->end_week - b->start_week,
                          "status", b->status);
    if (named)
        json_object_set_new(o, "trainee", json_string(b->trainee));
    if (b->reason[0])
        json_object_set_new(o, "reason", json_string(b->reason));
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

/* Whether user_id's roles reach su for action (domain/policy.h). */
static int event_user_sees(struct store *s, int64_t user_id, const char *action,
                           const struct subject *su, struct err_info *ei,
                           int *sees)
{
    struct grant *grants = NULL;
    int n = 0;
    *sees = 0;
    int rc = store_user_grants(s, user_id, &grants, &n, ei);
    struct scope sc;
    if (rc == 0 && policy_scope(grants, n, action, &sc)) {
        *sees = scope_sees(&sc, su);
        scope_release(&sc);
    }
    free(grants);
    return rc;
}

/*
 * Tells the users of person_id: m as it is when their roles reach su for
 * action, else m with params anonymous (what anyone told may see).
 */
static int event_tell_person(struct store *s, int64_t person_id,
                             const char *action, const struct subject *su,
                             const struct notify_msg *m, const char *anonymous,
                             struct err_info *ei)
{
    int64_t users[16];
    int n = 0, step;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id FROM app_user WHERE person_id = ?1 "
                          "AND disabled = 0 ORDER BY id LIMIT 16",
                          "l", person_id);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        users[n++] = store__col_int64(st, 0);
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    for (int i = 0; rc == 0 && i < n; i++) {
        int sees = 0;
        rc = event_user_sees(s, users[i], action, su, ei, &sees);
        struct notify_msg told = *m;
        if (!sees)
            told.params = anonymous;
        if (rc == 0)
            rc = store_notify(s, users[i], &told, NULL, ei);
    }
    return rc;
}

int store_notify_booking(struct store *s, int64_t id, enum notify_kind kind,
                         int64_t skip_user_id, struct err_info *ei)
{
    if (kind != NOTIFY_REQUEST && kind != NOTIFY_ANSWER &&
        kind != NOTIFY_CANCELLATION)
        return err_set(ei, ERR_INVAL, "kind",
                       "kind: a booking tells request, answer or "
                       "cancellation");
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct event_booking b;
    char *named = NULL, *anonymous = NULL, link[64];
    rc = event_booking_read(s, id, &b, ei);
    if (rc == 0) {
        named = event_booking_params(&b, 1);
        anonymous = event_booking_params(&b, 0);
    }
    /* A request is answered on Bokningar; the rest is the rotation's. */
    if (kind == NOTIFY_REQUEST)
        snprintf(link, sizeof(link), "#/bokningar");
    else
        snprintf(link, sizeof(link), "#/randningar/%lld", (long long)id);
    struct notify_msg m = {kind,  "booking", id,          link,
                           named, NULL,      skip_user_id};
    if (rc == 0 && kind == NOTIFY_REQUEST)
        rc = store_notify_role(s, ROLE_DIRECTOR, b.unit_id, &m, NULL, ei);
    if (rc == 0 && kind != NOTIFY_REQUEST)
        rc = store_notify_role(s, ROLE_TRAINEE, b.trainee_id, &m, NULL, ei);
    if (rc == 0 && kind == NOTIFY_ANSWER)
        rc = store_notify_role(s, ROLE_DIRECTOR, b.home_unit_id, &m, NULL, ei);
    if (rc == 0 && kind == NOTIFY_CANCELLATION)
        rc = store_notify_role(s, ROLE_DIRECTOR, b.unit_id, &m, NULL, ei);
    if (rc == 0 && kind == NOTIFY_CANCELLATION && b.handledare_person) {
        struct subject su;
        rc = store_subject(s, "booking", id, &su, ei);
        if (rc == 0)
            rc = event_tell_person(s, b.handledare_person, "booking.read", &su,
                                   &m, anonymous, ei);
    }
    free(named);
    free(anonymous);
    return store__write_end(s, rc);
}

int store_notify_plan(struct store *s, int64_t trainee_id, int64_t skip_user_id,
                      struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct edu_plan p;
    struct subject su;
    char name[STORE_NAME_MAX] = "";
    rc = store_edu_plan_get(s, trainee_id, &p, ei);
    if (rc == 0)
        rc = store_subject(s, "trainee", trainee_id, &su, ei);
    if (rc == 0) {
        struct store_stmt *st = NULL;
        rc = store__query(s, &st, ei,
                          "SELECT pe.name FROM trainee t JOIN person pe "
                          "ON pe.id = t.person_id WHERE t.id = ?1",
                          "l", trainee_id);
        if (rc == 0 &&
            (rc = store__step_one(s, st, ei, "trainee", trainee_id)) == 0)
            store__column_text(st, 0, name, sizeof(name));
        store__finalize(st);
    }
    if (rc || p.id == 0 || p.status != EDU_DRAFT)
        return store__write_end(s, rc);
    json_t *o = json_pack("{s:s, s:i}", "trainee", name, "version", p.version);
    char *params = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    char link[64], dedup[STORE_NOTIFY_DEDUP_MAX];
    snprintf(link, sizeof(link), "#/st-lakare/%lld", (long long)trainee_id);
    snprintf(dedup, sizeof(dedup), "plan_approval:trainee:%lld:v%d",
             (long long)trainee_id, p.version);
    struct notify_msg m = {
        NOTIFY_PLAN_APPROVAL, "trainee", trainee_id, link, params, dedup,
        skip_user_id};
    static const enum role roles[EDU_APPROVER_COUNT] = {
        ROLE_UNIT_HEAD, ROLE_SUPERVISOR, ROLE_DIRECTOR};
    for (int r = 0; rc == 0 && r < EDU_APPROVER_COUNT; r++) {
        if (p.approvals[r].given)
            continue;
        int64_t scope =
            roles[r] == ROLE_SUPERVISOR ? trainee_id : su.home_unit_id;
        rc = store_notify_role(s, roles[r], scope, &m, NULL, ei);
    }
    free(params);
    return store__write_end(s, rc);
}
