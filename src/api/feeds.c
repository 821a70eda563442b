/*
 * Calendar feeds (issue 15): a user makes, lists and revokes the secret
 * addresses of their feeds (/api/v1/feeds, calendar.feed), and a
 * calendar reads a feed at its address (/api/v1/calendar/{token}, which
 * needs no log-in: the secret in the address is the credential).
 *
 * A feed shows the rotations of one trainee, or at one unit, that its
 * user may see when it is read: their roles of then, through
 * calendar.feed's scope (which reaches as booking.read does). An
 * unknown, revoked or malformed secret, a disabled user and a subject the
 * user no longer sees all answer the same 404, so that the answer tells
 * nothing of whether a feed existed.
 */
#include "api/export.h"

#include "doc/cal.h"
#include "store/feeds.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FEED_ACTION "calendar.feed"

/* A feed's address ends in this (calendars like to see it; it is
 * optional). */
#define FEED_SUFFIX ".ics"

/* Events one feed holds at most. */
#define FEED_EVENTS_MAX 5000

/* The name of a feed's subject: the trainee's or the unit's. */
static void feed_subject_name(struct store *s, enum feed_kind kind, int64_t id,
                              char *out, size_t size)
{
    struct err_info ei = {0};
    out[0] = '\0';
    if (kind == FEED_TRAINEE) {
        struct trainee_item t;
        if (store_trainee_item_get(s, id, &t, &ei) == 0)
            snprintf(out, size, "%s", t.person.name);
    } else {
        struct unit u;
        if (store_unit_get(s, id, &u, &ei) == 0)
            snprintf(out, size, "%s", u.name);
    }
}

/* "https://host" of the request, for the addresses shown to the user. */
static void feed_origin(const struct http_request *req, char *out, size_t size)
{
    snprintf(out, size, "%s://%s", req->tls ? "https" : "http",
             req->host && *req->host ? req->host : "localhost");
}

static json_t *feed_json(struct store *s, const struct calendar_feed *f)
{
    char name[STORE_NAME_MAX];
    feed_subject_name(s, f->kind, f->subject_id, name, sizeof(name));
    return json_pack("{s:I, s:s, s:s, s:{s:I, s:o}, s:o, s:o, s:o}", "id",
                     (json_int_t)f->id, "name", f->name, "kind",
                     feed_kind_name(f->kind), "subject", "id",
                     (json_int_t)f->subject_id, "name", api_opt_text(name),
                     "created_at", api_time(f->created_at), "revoked_at",
                     api_time(f->revoked_at), "used_at", api_time(f->used_at));
}

struct feed_list {
    struct store *s;
    struct api_page *pg;
};

static int feed_each(const struct calendar_feed *f, void *arg)
{
    struct feed_list *l = arg;
    api_page_add(l->pg, feed_json(l->s, f));
    return 0;
}

static int feeds_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    (void)req;
    struct feed_list l = {call->store, pg};
    return store_feed_list(call->store, call->auth.user_id, feed_each, &l, ei);
}

API_HANDLER(api_feeds_list)
{
    api_list_run(req, res, ctx, feeds_page);
}

API_HANDLER(api_feed_create)
{
    static const char *const fields[] = {"kind", "subject_id", "name", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct calendar_feed f = {.user_id = call->auth.user_id};
    char kind[16] = "";
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "kind", 1, 1, kind, sizeof(kind), &ei);
    if (rc == 0 && feed_kind_parse(kind) < 0)
        rc = err_set(&ei, ERR_INVAL, "kind", "kind: must be trainee or unit");
    if (rc == 0)
        rc = api_field_id(body, "subject_id", 1, 0, &f.subject_id, &ei);
    if (rc == 0)
        rc = api_field_text(body, "name", 0, 1, f.name, sizeof(f.name), &ei);
    json_decref(body);
    f.kind = (enum feed_kind)feed_kind_parse(kind);
    /* The subject must be one the user may see the rotations of: a
     * subject outside their scope is refused as one that does not
     * exist. */
    if (rc == 0 && !api_scope_sees(call, kind, f.subject_id))
        rc = err_set(&ei, ERR_INVAL, "subject_id", "subject_id: no %s %lld",
                     kind, (long long)f.subject_id);
    if (rc == 0 && !f.name[0]) {
        char subject[STORE_NAME_MAX];
        feed_subject_name(call->store, f.kind, f.subject_id, subject,
                          sizeof(subject));
        snprintf(f.name, sizeof(f.name), "Randa: %.90s", subject);
    }
    char secret[SECRET_LEN + 1], hash[SECRET_HASH_LEN + 1];
    secret_new(secret);
    secret_hash(secret, hash);
    if (rc == 0)
        rc = store_feed_create(call->store, &f, hash, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    char origin[300], url[400];
    feed_origin(req, origin, sizeof(origin));
    snprintf(url, sizeof(url), "%s/api/v1/calendar/%s" FEED_SUFFIX, origin,
             secret);
    json_t *o = feed_json(call->store, &f);
    json_object_set_new(o, "token", json_string(secret));
    json_object_set_new(o, "url", json_string(url));
    http_json(res, 201, o);
}

API_HANDLER(api_feed_revoke)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    if (store_feed_revoke(call->store, call->auth.user_id, id, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}

/* ---- the feed itself ---- */

static void feed_not_found(struct http_response *res)
{
    http_error(res, 404, "not_found", NULL, "no such calendar");
}

struct feed_bookings {
    struct booking_view *v;
    size_t n, cap;
};

static int feed_booking_each(const struct booking_view *v, void *arg)
{
    struct feed_bookings *l = arg;
    enum booking_status st = v->b.status;
    if (st != BOOKING_REQUESTED && st != BOOKING_CONFIRMED &&
        st != BOOKING_COMPLETED)
        return 0;
    if (l->n >= FEED_EVENTS_MAX)
        return 0;
    xgrow((void **)&l->v, &l->cap, l->n + 1, sizeof(*l->v));
    l->v[l->n++] = *v;
    return 0;
}

/* The text of one rotation's event; strings in the buffers given. */
static void feed_event(struct store *s, const struct http_request *req,
                       const struct calendar_feed *f,
                       const struct booking_view *v, struct cal_event *e,
                       char *uid, char *summary, char location[700],
                       struct buf *desc)
{
    const struct booking *b = &v->b;
    struct api_export sv = {0}; /* the words in Swedish */
    struct err_info ei = {0};
    struct unit_item u;
    int have_unit = store_unit_item_get(s, b->unit_id, &u, &ei) == 0;
    char host[200];
    snprintf(host, sizeof(host), "%s",
             req->host && *req->host ? req->host : "randa");
    char *colon = strrchr(host, ':');
    if (colon && !strchr(host, ']'))
        *colon = '\0';
    snprintf(uid, 260, "randa-booking-%lld@%s", (long long)b->id, host);
    int tentative = b->status == BOOKING_REQUESTED;
    if (f->kind == FEED_TRAINEE)
        snprintf(summary, 300, "Randning%s: %s",
                 tentative ? " (förfrågad)" : "", v->unit_name);
    else
        snprintf(summary, 300, "Randning%s: %s",
                 tentative ? " (förfrågad)" : "", v->trainee_name);
    if (have_unit && u.site.id)
        snprintf(location, 700, "%s, %s, %s", v->unit_name, u.site.name,
                 u.site.city);
    else
        snprintf(location, 700, "%s", v->unit_name);
    char first[WEEK_STR_MAX], last[WEEK_STR_MAX];
    week_format(b->start_week, first);
    week_format(b->end_week - 1, last);
    buf_addf(desc, "ST-läkare: %s\nEnhet: %s\n", v->trainee_name, v->unit_name);
    if (have_unit && u.site.id)
        buf_addf(desc, "Adress: %s, %s\n", u.site.name, u.site.city);
    if (b->supervisor_id) {
        struct supervisor_item sv_item;
        if (store_supervisor_item_get(s, b->supervisor_id, &sv_item, &ei) == 0)
            buf_addf(desc, "Handledare: %s%s%s%s\n", sv_item.person.name,
                     sv_item.person.email[0] ? " (" : "", sv_item.person.email,
                     sv_item.person.email[0] ? ")" : "");
    } else {
        buf_adds(desc, "Handledare: ej utsedd\n");
    }
    buf_addf(desc, "Veckor: %s – %s (%d veckor, %s)\nStatus: %s\n", first, last,
             b->weeks,
             api_export_word(&sv, "pattern", pattern_name(b->pattern)),
             api_export_word(&sv, "status",
                             vocab_name(&vocab_booking_status, b->status)));
    char origin[300];
    feed_origin(req, origin, sizeof(origin));
    buf_addf(desc, "%s/#/randningar/%lld", origin, (long long)b->id);
    e->uid = uid;
    e->summary = summary;
    e->location = location;
    e->description = desc->data;
    e->start = week_monday(b->start_week);
    e->end = week_monday(b->end_week);
    e->tentative = tentative;
    e->stamp = b->updated_at;
}

API_HANDLER(api_calendar)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    const char *param = http_param(req, "token");
    size_t n = param ? strlen(param) : 0;
    size_t suffix = strlen(FEED_SUFFIX);
    if (n > suffix && strcmp(param + n - suffix, FEED_SUFFIX) == 0)
        n -= suffix;
    if (n != SECRET_LEN) {
        feed_not_found(res);
        return;
    }
    char secret[SECRET_LEN + 1], hash[SECRET_HASH_LEN + 1];
    memcpy(secret, param, SECRET_LEN);
    secret[SECRET_LEN] = '\0';
    secret_hash(secret, hash);
    struct calendar_feed f;
    int rc = store_feed_find(call->store, hash, &f, &ei);
    if (rc == ERR_NOTFOUND) {
        feed_not_found(res);
        return;
    }
    if (rc) {
        log_error("a calendar feed cannot be read: %s", ei.msg);
        http_error(res, 503, "unavailable", NULL,
                   "the calendar cannot be read now; try again later");
        http_header(res, "Retry-After", "300");
        return;
    }
    /* What the feed's user may see now, not when they made it. */
    struct grant *grants = NULL;
    int ngrants = 0;
    struct scope sc = {0};
    struct subject su;
    int sees = store_user_grants(call->store, f.user_id, &grants, &ngrants,
                                 &ei) == 0 &&
               policy_scope(grants, ngrants, FEED_ACTION, &sc) &&
               store_subject(call->store, feed_kind_name(f.kind), f.subject_id,
                             &su, &ei) == 0 &&
               scope_sees(&sc, &su);
    free(grants);
    if (!sees) {
        scope_release(&sc);
        feed_not_found(res);
        return;
    }
    struct booking_filter filter = {.status = -1,
                                    .from_week = STORE_NONE,
                                    .to_week = STORE_NONE,
                                    .soonest_first = 1};
    if (f.kind == FEED_TRAINEE)
        filter.trainee_id = f.subject_id;
    else
        filter.unit_id = f.subject_id;
    struct feed_bookings l = {0};
    int64_t total = 0;
    store_set_scope(call->store, &sc);
    rc = store_booking_list(call->store, &filter, -1, 0, feed_booking_each, &l,
                            &total, &ei);
    store_set_scope(call->store, NULL);
    scope_release(&sc);
    if (rc) {
        free(l.v);
        api_fail(res, &ei);
        return;
    }
    struct cal_event *ev = xcalloc(l.n + 1, sizeof(*ev));
    char(*uids)[260] = xcalloc(l.n + 1, sizeof(*uids));
    char(*summaries)[300] = xcalloc(l.n + 1, sizeof(*summaries));
    char(*locations)[700] = xcalloc(l.n + 1, sizeof(*locations));
    struct buf *descs = xcalloc(l.n + 1, sizeof(*descs));
    for (size_t i = 0; i < l.n; i++) {
        descs[i] = (struct buf)BUF_INIT(4096);
        feed_event(call->store, req, &f, &l.v[i], &ev[i], uids[i], summaries[i],
                   locations[i], &descs[i]);
    }
    char name[STORE_NAME_MAX], calname[STORE_NAME_MAX + 40];
    feed_subject_name(call->store, f.kind, f.subject_id, name, sizeof(name));
    snprintf(calname, sizeof(calname), "%s – %s",
             f.kind == FEED_TRAINEE ? "Randningar" : "ST-läkare på enheten",
             name);
    struct buf out = BUF_INIT(EXPORT_BYTES_MAX);
    rc = cal_write(calname, ev, l.n, &out, &ei);
    for (size_t i = 0; i < l.n; i++)
        buf_release(&descs[i]);
    free(descs);
    free(locations);
    free(summaries);
    free(uids);
    free(ev);
    free(l.v);
    if (rc) {
        buf_release(&out);
        http_error(res, 500, "internal", NULL, "the calendar failed: %s",
                   ei.msg);
        return;
    }
    size_t len = out.len;
    http_owned(res, 200, "text/calendar; charset=utf-8", buf_detach(&out), len);
    http_header(res, "Content-Disposition", "inline; filename=\"randa.ics\"");
    http_header(res, "Cache-Control", "no-store");
}
