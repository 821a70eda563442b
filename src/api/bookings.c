/* Free places and the booking workflow: request, accept, decline, cancel. */
#include "api/api_impl.h"

#include "domain/booking.h"
#include "domain/week.h"
#include "store/forms.h"
#include "util/buf.h"
#include "util/jsonw.h"

#include <stdio.h>
#include <string.h>

/* ---- the place overview ---- */

/* Appends "name": the named id-and-text object, or null. */
static void places_ref(struct buf *b, const char *name, int64_t id,
                       const char *text_name, const char *text)
{
    buf_addf(b, ",\"%s\":", name);
    if (!id) {
        buf_adds(b, "null");
        return;
    }
    buf_adds(b, "{\"id\":");
    jsonw_int(b, id);
    buf_addf(b, ",\"%s\":", text_name);
    jsonw_str(b, text);
}

/*
 * One unit's row, written straight as JSON text: the overview is the API's
 * largest and most asked-for answer, and a tree of jansson values for it
 * cost twice what the database did.
 */
static void places_unit_write(struct buf *b, const struct place_overview *o,
                              const struct place_unit *pu)
{
    const struct unit *u = &pu->unit;
    buf_adds(b, "{\"id\":");
    jsonw_int(b, u->id);
    buf_adds(b, ",\"name\":");
    jsonw_str(b, u->name);
    buf_adds(b, ",\"kind\":");
    jsonw_str(b, vocab_name(&vocab_unit_kind, u->kind));
    places_ref(b, "specialty", u->specialty_id, "code", pu->specialty_code);
    buf_adds(b, ",\"name_sv\":");
    jsonw_str(b, pu->specialty_sv);
    buf_adds(b, ",\"name_en\":");
    jsonw_str(b, pu->specialty_en);
    buf_adds(b, "}");
    places_ref(b, "provider", u->provider_id, "name", pu->provider_name);
    buf_adds(b, ",\"kind\":");
    jsonw_str(b, vocab_name(&vocab_provider_kind, pu->provider_kind));
    buf_adds(b, "}");
    places_ref(b, "area", u->area_id, "name", pu->area_name);
    if (u->area_id)
        buf_adds(b, "}");
    buf_adds(b, ",\"patterns\":[");
    int first = 1;
    for (int p = 0; p < PATTERN_COUNT; p++) {
        if (!(pu->patterns & PATTERN_BIT(p)))
            continue;
        buf_adds(b, first ? "" : ",");
        jsonw_str(b, pattern_name((enum pattern)p));
        first = 0;
    }
    buf_adds(b, "],\"goal_ids\":[");
    for (int i = 0; i < u->ngoals; i++) {
        buf_adds(b, i ? "," : "");
        jsonw_int(b, u->goal_ids[i]);
    }
    int weeks = o->to_week - o->from_week;
    buf_adds(b, "],\"seats\":[");
    for (int w = 0; w < weeks; w++) {
        buf_adds(b, w ? "," : "");
        jsonw_int(b, pu->seats[w]);
    }
    buf_adds(b, "],\"free\":[");
    for (int w = 0; w < weeks; w++) {
        int left = pu->seats[w] * 100 - pu->used[w];
        buf_adds(b, w ? "," : "");
        jsonw_hundredths(b, left > 0 ? left : 0);
    }
    /* Seats freed in the last FREED_FRESH_DAYS days and still free
     * (issue 14): marked as newly freed. */
    buf_adds(b, "],\"fresh\":[");
    for (int w = 0; w < weeks; w++) {
        buf_adds(b, w ? "," : "");
        jsonw_hundredths(b, pu->fresh[w]);
    }
    buf_adds(b, "],\"max_away\":");
    if (u->max_away == STORE_NONE)
        buf_adds(b, "null");
    else
        jsonw_int(b, u->max_away);
    buf_adds(b, "}");
}

API_HANDLER(api_places)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct place_filter f = {
        .from_week = STORE_NONE,
        .to_week = STORE_NONE,
        .provider_kind = -1,
        .pattern = -1,
    };
    int last = STORE_NONE;
    int rc = api_arg_week(req, "from", &f.from_week, &ei);
    if (rc == 0)
        rc = api_arg_week(req, "to", &last, &ei);
    if (rc == 0 && (f.from_week == STORE_NONE || last == STORE_NONE))
        rc = err_set(&ei, ERR_SYNTAX, f.from_week == STORE_NONE ? "from" : "to",
                     "%s: is required (an ISO week like 2027-W10)",
                     f.from_week == STORE_NONE ? "from" : "to");
    if (rc == 0 &&
        (last < f.from_week || last - f.from_week >= STORE_PLACES_WEEKS))
        rc = err_set(&ei, ERR_SYNTAX, "to",
                     "to: must be from or later, at most %d weeks in all",
                     STORE_PLACES_WEEKS);
    f.to_week = last + 1;
    if (rc == 0)
        rc = api_arg_id(req, "region", &f.region_id, &ei);
    if (rc == 0)
        rc = api_arg_id(req, "area", &f.area_id, &ei);
    if (rc == 0)
        rc = api_arg_id(req, "unit", &f.unit_id, &ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, &ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "provider_type", &vocab_provider_kind,
                           &f.provider_kind, &ei);
    if (rc == 0)
        rc = api_arg_id(req, "goal", &f.goal_id, &ei);
    const char *pattern = http_arg(req, "pattern");
    if (rc == 0 && pattern) {
        enum pattern p;
        if (pattern_parse(pattern, &p) != 0)
            rc = err_set(&ei, ERR_SYNTAX, "pattern",
                         "pattern: must be full, split4, split3, half or "
                         "alternate");
        f.pattern = (int)p;
    }
    /* Equal filters share one cached answer while nothing changes. */
    char key[256];
    /* The day is in the key: what is newly freed ages by the day. */
    snprintf(key, sizeof(key),
             "places %d %d %lld %lld %lld %lld %d %d %lld %lld", f.from_week,
             f.to_week, (long long)f.region_id, (long long)f.area_id,
             (long long)f.specialty_id, (long long)f.unit_id, f.provider_kind,
             f.pattern, (long long)f.goal_id,
             (long long)(store_now(call->store) / 86400));
    /*
     * The generation comes from the store the overview comes from: with
     * --db-read that may be a standby that lags the primary. A number
     * read on the primary with the data read on a lagging standby would
     * file an old overview under a new number, served as current until
     * the next change. A standby's number and data go together, and the
     * overview is filed under the number read in its own snapshot
     * (o.generation), so a body filed under N is the overview at N,
     * whichever server computed it: a lagging standby asks for its older
     * number and gets the overview at that number, or a miss.
     */
    int64_t generation = 0;
    if (rc == 0)
        rc = store_generation(call->store, &generation, &ei);
    if (rc == 0 && api_cache_get(call->api, key, generation, res))
        return;
    struct place_overview o;
    if (rc == 0)
        rc = store_places(call->store, &f, &o, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    struct buf out = BUF_INIT(0);
    char w[WEEK_STR_MAX];
    buf_adds(&out, "{\"from\":");
    week_format(o.from_week, w);
    jsonw_str(&out, w);
    buf_adds(&out, ",\"to\":");
    week_format(o.to_week - 1, w);
    jsonw_str(&out, w);
    buf_adds(&out, ",\"weeks\":[");
    for (int k = o.from_week; k < o.to_week; k++) {
        buf_adds(&out, k > o.from_week ? "," : "");
        week_format(k, w);
        jsonw_str(&out, w);
    }
    buf_adds(&out, "],\"units\":[");
    for (int i = 0; i < o.nunits; i++) {
        buf_adds(&out, i ? "," : "");
        places_unit_write(&out, &o, &o.units[i]);
    }
    buf_adds(&out, "]}");
    api_cache_put(call->api, key, o.generation, out.data, out.len);
    store_places_release(&o);
    size_t len = out.len;
    http_owned(res, 200, "application/json", buf_detach(&out), len);
}

/* ---- bookings ---- */

/* Requests made closer than this to their start are flagged. */
#define BOOKING_LEAD_MONTHS 3

/* 1 if the booking was asked for less than three months before it starts. */
static int booking_short(const struct booking *b)
{
    struct date made;
    char day[STORE_DATE_MAX];
    memcpy(day, b->created_at, 10);
    day[10] = '\0';
    if (date_parse(day, &made) != 0)
        return 0;
    return booking_short_notice(made, b->start_week, BOOKING_LEAD_MONTHS);
}

static json_t *booking_json(const struct booking_view *v)
{
    const struct booking *b = &v->b;
    return json_pack(
        "{s:I, s:{s:I, s:s}, s:o, s:{s:I, s:s}, s:{s:I, s:s, s:s}, s:o, "
        "s:o, s:s, s:i, s:s, s:o, s:b, s:s, s:s, s:o}",
        "id", (json_int_t)b->id, "trainee", "id", (json_int_t)b->trainee_id,
        "name", v->trainee_name, "need_id", api_id(b->need_id), "unit", "id",
        (json_int_t)b->unit_id, "name", v->unit_name, "specialty", "id",
        (json_int_t)v->specialty_id, "name_sv", v->specialty_sv, "name_en",
        v->specialty_en, "start_week", api_week(b->start_week), "end_week",
        api_week_last(b->end_week), "pattern", pattern_name(b->pattern),
        "weeks", b->weeks, "status",
        vocab_name(&vocab_booking_status, b->status), "cancel_reason",
        b->cancel_reason == CANCEL_NONE
            ? json_null()
            : api_vocab(&vocab_cancel_reason, b->cancel_reason),
        "short_notice", booking_short(b), "created_at", b->created_at,
        "updated_at", b->updated_at, "supervisor_id", api_id(b->supervisor_id));
}

json_t *api_booking_json(const struct booking_view *v)
{
    return booking_json(v);
}

static int booking_each(const struct booking_view *v, void *arg)
{
    json_array_append_new(arg, booking_json(v));
    return 0;
}

/* The bookings list's filters, then its page from the store. */
static int bookings_page(struct api_call *call, const struct http_request *req,
                         struct api_page *pg, struct err_info *ei)
{
    struct booking_filter f = {
        .status = -1, .from_week = STORE_NONE, .to_week = STORE_NONE};
    int last = STORE_NONE;
    int rc = api_arg_id(req, "trainee", &f.trainee_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "need", &f.need_id, ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "status", &vocab_booking_status, &f.status, ei);
    if (rc == 0)
        rc = api_arg_week(req, "from", &f.from_week, ei);
    if (rc == 0)
        rc = api_arg_week(req, "to", &last, ei);
    if (last != STORE_NONE)
        f.to_week = last + 1;
    const char *sort = http_arg(req, "sort");
    if (rc == 0 && sort) {
        if (strcmp(sort, "start") == 0)
            f.soonest_first = 1;
        else if (strcmp(sort, "-start") != 0)
            rc = err_set(ei, ERR_SYNTAX, "sort",
                         "sort: must be start (soonest first) or -start "
                         "(latest first, the default)");
    }
    if (rc == 0)
        rc = store_booking_list(call->store, &f, pg->limit, pg->offset,
                                booking_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_bookings_list)
{
    api_list_run(req, res, ctx, bookings_page);
}

/* Sends booking id as it is now, with status. */
static void booking_send(struct api_call *call, struct http_response *res,
                         int status, int64_t id, json_t *warnings)
{
    struct err_info ei = {0};
    struct booking_view v;
    if (store_booking_view(call->store, id, &v, &ei) != 0) {
        json_decref(warnings);
        api_fail(res, &ei);
        return;
    }
    json_t *o = booking_json(&v);
    json_object_set_new(o, "warnings", warnings ? warnings : json_array());
    http_json(res, status, o);
}

API_HANDLER(api_booking_get)
{
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        booking_send(ctx, res, 200, id, NULL);
}

API_HANDLER(api_booking_create)
{
    static const char *const fields[] = {
        "need_id", "unit_id", "start_week", "pattern",
        "weeks",   "form_id", /* a group of a form of rotation (issue 18) */
        NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct booking b = {0};
    int64_t form_id = 0;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "need_id", 1, 0, &b.need_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 1, 0, &b.unit_id, &ei);
    if (rc == 0)
        rc = api_field_week(body, "start_week", 1, &b.start_week, &ei);
    if (rc == 0)
        rc = api_field_pattern(body, "pattern", 1, &b.pattern, &ei);
    if (rc == 0)
        rc = api_field_int(body, "weeks", 0, PATTERN_WEEKS_MIN,
                           PATTERN_WEEKS_MAX, &b.weeks, &ei);
    if (rc == 0)
        rc = api_field_id(body, "form_id", 0, 1, &form_id, &ei);
    json_decref(body);
    /* The request and the notification of it are one transaction. */
    int tx = rc == 0 ? store_begin(call->store, &ei) : rc;
    if (tx == 0) {
        rc = store_booking_request_form(call->store, &b, form_id, &ei);
        if (rc == 0)
            rc = api_tell_booking(call, b.id, NOTIFY_REQUEST, &ei);
        if (rc == 0)
            rc = store_commit(call->store, &ei);
        else
            store_rollback(call->store);
    }
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    api_notifier_poke(api_notifier(call->api));
    json_t *warnings = json_array();
    if (booking_short(&b))
        json_array_append_new(
            warnings,
            json_pack("{s:s, s:s}", "code", "short_notice", "message",
                      "the placement starts less than three months from "
                      "today; the receiving unit may not be able to "
                      "plan for it"));
    booking_send(call, res, 201, b.id, warnings);
}

/* Moves the booking in the path to status, with a reason when cancelling. */
static void booking_move(struct http_request *req, struct http_response *res,
                         struct api_call *call, enum booking_status status)
{
    struct err_info ei = {0};
    int64_t id = 0;
    enum cancel_reason reason = CANCEL_NONE;
    int rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0 && status == BOOKING_CANCELLED) {
        static const char *const fields[] = {"reason", NULL};
        json_t *body = http_body_object(req, res);
        if (!body)
            return;
        int r = 0;
        rc = api_fields_known(body, fields, &ei);
        if (rc == 0)
            rc = api_field_vocab(body, "reason", 1, &vocab_cancel_reason, &r,
                                 &ei);
        if (rc == 0 && r == CANCEL_NONE)
            rc = err_set(&ei, ERR_INVAL, "reason",
                         "reason: must be sick_leave, parental_leave, "
                         "changed_plan or other");
        reason = (enum cancel_reason)r;
        json_decref(body);
    }
    /* The move and the notification of it are one transaction. */
    int tx = rc == 0 ? store_begin(call->store, &ei) : rc;
    if (tx == 0) {
        rc = store_booking_set_status(call->store, id, status, reason, &ei);
        if (rc == 0)
            rc = api_tell_booking(call, id,
                                  status == BOOKING_CANCELLED
                                      ? NOTIFY_CANCELLATION
                                      : NOTIFY_ANSWER,
                                  &ei);
        if (rc == 0)
            rc = store_commit(call->store, &ei);
        else
            store_rollback(call->store);
    }
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    api_notifier_poke(api_notifier(call->api));
    booking_send(call, res, 200, id, NULL);
}

API_HANDLER(api_booking_accept)
{
    booking_move(req, res, ctx, BOOKING_CONFIRMED);
}

API_HANDLER(api_booking_decline)
{
    booking_move(req, res, ctx, BOOKING_DECLINED);
}

API_HANDLER(api_booking_cancel)
{
    booking_move(req, res, ctx, BOOKING_CANCELLED);
}
