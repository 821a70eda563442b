/*
 * Offers of freed places and their answers, and the watches of places
 * (store/reoffer.h). An acceptance is the one careful write: it books the
 * place with every check of a booking request inside the same immediate
 * transaction, so that of two acceptances of one place exactly one wins.
 */
#include "store/forms.h"
#include "store/store_impl.h"

#include "domain/booking.h"
#include "domain/week.h"
#include "store/notify.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- offers ---- */

static json_t *offer_json(const struct offer *o)
{
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:i, s:i, s:s, s:i, s:i, s:I, s:i, s:s, "
        "s:s, s:s, s:s, s:s, s:s, s:I}",
        "id", (json_int_t)o->id, "freed_id", (json_int_t)o->freed_id, "need_id",
        (json_int_t)o->need_id, "trainee_id", (json_int_t)o->trainee_id,
        "unit_id", (json_int_t)o->unit_id, "start_week", o->start_week,
        "end_week", o->end_week, "pattern", pattern_name(o->pattern), "weeks",
        o->weeks, "rank", o->rank, "gain", (json_int_t)o->gain, "automatic",
        o->automatic, "status", vocab_name(&vocab_offer_status, o->status),
        "offered_at", o->offered_at, "offered_by", o->offered_by, "deadline",
        o->deadline, "answered_at", o->answered_at, "answered_by",
        o->answered_by, "booking_id", (json_int_t)o->booking_id);
}

#define OFFER_SELECT                                                           \
    "SELECT o.id, o.freed_id, o.need_id, o.trainee_id, o.unit_id, "            \
    "o.start_week, o.end_week, o.pattern, o.weeks, o.rank, o.gain, "           \
    "o.automatic, o.status, o.offered_at, o.offered_by, o.deadline, "          \
    "o.answered_at, o.answered_by, o.booking_id, pe.name, t.home_unit_id, "    \
    "u.name, u.region_id, sp.id, sp.code, sp.name_sv, sp.name_en "             \
    "FROM offer o JOIN trainee t ON t.id = o.trainee_id "                      \
    "JOIN person pe ON pe.id = t.person_id JOIN unit h ON h.id = "             \
    "t.home_unit_id JOIN unit u ON u.id = o.unit_id "                          \
    "JOIN specialty sp ON sp.id = u.specialty_id "

/* Reads an offer row; one open past its deadline (by now) reads expired. */
static void offer_read(struct store_stmt *st, const char *now,
                       struct offer_item *out)
{
    struct offer *o = &out->o;
    int status = 0;
    enum pattern p = PATTERN_FULL;
    memset(out, 0, sizeof(*out));
    o->id = store__col_int64(st, 0);
    o->freed_id = store__col_int64(st, 1);
    o->need_id = store__col_int64(st, 2);
    o->trainee_id = store__col_int64(st, 3);
    o->unit_id = store__col_int64(st, 4);
    o->start_week = store__col_int(st, 5);
    o->end_week = store__col_int(st, 6);
    pattern_parse(store__col_text(st, 7), &p);
    o->pattern = p;
    o->weeks = store__col_int(st, 8);
    o->rank = store__col_int(st, 9);
    o->gain = store__col_int64(st, 10);
    o->automatic = store__col_int(st, 11);
    vocab_parse(&vocab_offer_status, store__col_text(st, 12), &status);
    o->status = (enum offer_status)status;
    store__column_text(st, 13, o->offered_at, sizeof(o->offered_at));
    store__column_text(st, 14, o->offered_by, sizeof(o->offered_by));
    store__column_text(st, 15, o->deadline, sizeof(o->deadline));
    store__column_text(st, 16, o->answered_at, sizeof(o->answered_at));
    store__column_text(st, 17, o->answered_by, sizeof(o->answered_by));
    o->booking_id = store__column_id(st, 18);
    store__column_text(st, 19, out->trainee_name, sizeof(out->trainee_name));
    out->home_unit_id = store__col_int64(st, 20);
    store__column_text(st, 21, out->unit_name, sizeof(out->unit_name));
    out->region_id = store__col_int64(st, 22);
    out->specialty.id = store__col_int64(st, 23);
    store__column_text(st, 24, out->specialty.code,
                       sizeof(out->specialty.code));
    store__column_text(st, 25, out->specialty.name_sv,
                       sizeof(out->specialty.name_sv));
    store__column_text(st, 26, out->specialty.name_en,
                       sizeof(out->specialty.name_en));
    if (now && !offer_waiting(o->status, o->deadline, now) &&
        o->status == OFFER_OPEN)
        o->status = OFFER_EXPIRED;
}

/* Reads offer id as it is stored (an open one past its deadline stays
 * open): for the writes. */
static int offer_get_stored(struct store *s, int64_t id, struct offer_item *out,
                            struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, OFFER_SELECT "WHERE o.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "offer", id)) == 0)
        offer_read(st, NULL, out);
    store__finalize(st);
    return rc;
}

int store_offer_get(struct store *s, int64_t id, struct offer_item *out,
                    struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, OFFER_SELECT "WHERE o.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "offer", id)) == 0)
        offer_read(st, now, out);
    store__finalize(st);
    return rc;
}

struct offer_each {
    int (*each)(const struct offer_item *, void *);
    void *arg;
    const char *now;
};

static int offer_row(struct store_stmt *st, const struct store__list *l)
{
    const struct offer_each *e = l->arg;
    struct offer_item it;
    offer_read(st, e->now, &it);
    return e->each(&it, e->arg);
}

/* ?6 the time now; an open offer past its deadline counts as expired. */
#define OFFER_WHERE                                                            \
    "WHERE (?1 = 0 OR o.freed_id = ?1) AND (?2 = 0 OR o.trainee_id = ?2) "     \
    "AND (?3 = 0 OR o.unit_id = ?3) AND (?4 = 0 OR o.need_id = ?4) "           \
    "AND (?5 = '' OR (CASE WHEN o.status = 'open' AND o.deadline <= ?6 "       \
    "THEN 'expired' ELSE o.status END) = ?5) "                                 \
    "AND randa_sees(t.id, t.home_unit_id, h.region_id, u.id, u.region_id) "

int store_offer_list(struct store *s, const struct offer_filter *f, int limit,
                     int offset, int (*each)(const struct offer_item *, void *),
                     void *arg, int64_t *total, struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    struct offer_each e = {each, arg, now};
    struct store__list l = {limit, offset, total, offer_row, {0}, &e};
    const char *status =
        f->status >= 0 ? vocab_name(&vocab_offer_status, f->status) : "";
    return store__list_page(
        s, &l, ei,
        "SELECT count(*) FROM offer o JOIN trainee t ON t.id = o.trainee_id "
        "JOIN unit h ON h.id = t.home_unit_id JOIN unit u ON u.id = "
        "o.unit_id " OFFER_WHERE,
        OFFER_SELECT OFFER_WHERE
        "ORDER BY o.offered_at DESC, o.id DESC LIMIT ?7 OFFSET ?8",
        "lllltt", f->freed_id, f->trainee_id, f->unit_id, f->need_id,
        status ? status : "", now);
}

/* ---- telling people (store/notify.h) ---- */

/* "2027-W10" of week serial w into a JSON object o as name. */
static void offer_week_param(json_t *o, const char *name, int w)
{
    char text[WEEK_STR_MAX];
    week_format(w, text);
    json_object_set_new(o, name, json_string(text));
}

/*
 * Tells of offer it, inside the caller's write: kind to the trainee and
 * the studierektor of their home unit (to_trainee), or to the receiving
 * unit's studierektor and verksamhetschef. what is why ("gone",
 * "expired", "withdrawn", "accepted", "declined"), or NULL. The text's
 * values are the place's unit, specialty and weeks and the deadline, which
 * every recipient may see.
 */
static int offer_tell(struct store *s, const struct offer_item *it,
                      enum notify_kind kind, int to_trainee, const char *what,
                      struct err_info *ei)
{
    const struct offer *o = &it->o;
    json_t *p =
        json_pack("{s:s, s:s, s:s, s:I, s:s}", "unit", it->unit_name,
                  "specialty", it->specialty.name_sv, "deadline", o->deadline,
                  "offer", (json_int_t)o->id, "trainee", it->trainee_name);
    offer_week_param(p, "from", o->start_week);
    offer_week_param(p, "to", o->end_week - 1);
    if (what)
        json_object_set_new(p, "status", json_string(what));
    char *params = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(p);
    char link[64], dedup[96];
    if (to_trainee)
        snprintf(link, sizeof(link), "#/st-lakare/%lld",
                 (long long)o->trainee_id);
    else
        snprintf(link, sizeof(link), "#/lediga/%lld", (long long)o->freed_id);
    snprintf(dedup, sizeof(dedup), "%s:offer:%lld:%s",
             store_notify_kind_name(kind), (long long)o->id,
             what ? what : "made");
    struct notify_msg m = {kind, "offer", o->id, link, params, dedup, 0};
    int rc;
    if (to_trainee) {
        rc = store_notify_role(s, ROLE_TRAINEE, o->trainee_id, &m, NULL, ei);
        if (rc == 0)
            rc = store_notify_role(s, ROLE_DIRECTOR, it->home_unit_id, &m, NULL,
                                   ei);
    } else {
        rc = store_notify_role(s, ROLE_DIRECTOR, o->unit_id, &m, NULL, ei);
        if (rc == 0)
            rc = store_notify_role(s, ROLE_UNIT_HEAD, o->unit_id, &m, NULL, ei);
    }
    free(params);
    return rc;
}

int store_offer_create(struct store *s, struct offer *o, int answer_hours,
                       struct err_info *ei)
{
    int rc = store__check_range(ei, "answer_hours", answer_hours,
                                OFFER_HOURS_MIN, OFFER_HOURS_MAX);
    if (rc == 0 && (unsigned)o->pattern >= PATTERN_COUNT)
        rc = err_set(ei, ERR_INVAL, "pattern", "pattern: not a known pattern");
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct freed_item f;
    struct need n;
    struct trainee t;
    rc = store_freed_get(s, o->freed_id, &f, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, rc, "freed_id", "freed_id: no freed place %lld",
                     (long long)o->freed_id);
    int now_week = store__this_week(s);
    if (rc == 0 && (f.f.closed_at[0] || f.f.to_week <= now_week))
        rc = err_set(ei, ERR_CONFLICT, "freed_id", "freed_id: the place is %s",
                     f.f.closed_at[0] ? "taken already" : "in the past");
    if (rc == 0 && (rc = store_need_get(s, o->need_id, &n, ei)) == ERR_NOTFOUND)
        rc = err_set(ei, rc, "need_id", "need_id: no need %lld",
                     (long long)o->need_id);
    if (rc == 0 && n.status != NEED_OPEN)
        rc = err_set(ei, ERR_CONFLICT, "need_id",
                     "need_id: need %lld is %s, not open", (long long)n.id,
                     vocab_name(&vocab_need_status, n.status));
    if (rc == 0)
        rc = store_trainee_get(s, n.trainee_id, &t, ei);
    int len = rc == 0 ? pattern_len(o->pattern, n.weeks, t.fte) : 0;
    if (rc == 0 &&
        (len < 1 || o->start_week >= f.f.to_week ||
         o->start_week + len <= f.f.from_week || o->start_week < now_week))
        rc = err_set(ei, ERR_INVAL, "start_week",
                     "start_week: the placement must share a week with the "
                     "freed weeks and start this week or later");
    if (rc == 0) {
        o->trainee_id = t.id;
        o->unit_id = f.f.unit_id;
        o->weeks = n.weeks;
        o->end_week = o->start_week + len;
        o->status = OFFER_OPEN;
        store__timestamp(s, o->offered_at);
        store__timestamp_after(s, (int64_t)answer_hours * 3600, o->deadline);
        snprintf(o->offered_by, sizeof(o->offered_by), "%s", s->actor);
        o->answered_at[0] = o->answered_by[0] = '\0';
        o->booking_id = 0;
        rc = store__exec(
            s, ei, &o->id,
            "INSERT INTO offer (freed_id, need_id, trainee_id, unit_id, "
            "start_week, end_week, pattern, weeks, rank, gain, automatic, "
            "status, offered_at, offered_by, deadline) VALUES (?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id",
            "lllliitiilittt", o->freed_id, o->need_id, o->trainee_id,
            o->unit_id, o->start_week, o->end_week, pattern_name(o->pattern),
            o->weeks, o->rank, o->gain, o->automatic, o->offered_at,
            o->offered_by, o->deadline);
        if (rc == ERR_CONFLICT)
            rc = err_set(ei, ERR_CONFLICT, "need_id",
                         "need_id: need %lld was offered this place before",
                         (long long)o->need_id);
    }
    if (rc == 0)
        rc = store__audit(s, "offer", "insert", o->id, NULL, offer_json(o), ei);
    /* The trainee and their studierektor are told, in the same write. */
    struct offer_item told;
    if (rc == 0)
        rc = offer_get_stored(s, o->id, &told, ei);
    if (rc == 0)
        rc = offer_tell(s, &told, NOTIFY_OFFER, 1, NULL, ei);
    return store__write_end(s, rc);
}

/* Why an offer that is not open cannot be answered. */
static int offer_closed(struct err_info *ei, const struct offer *o)
{
    switch (o->status) {
    case OFFER_ACCEPTED:
        return err_set(ei, ERR_CONFLICT, "status",
                       "status: offer %lld was accepted at %s",
                       (long long)o->id, o->answered_at);
    case OFFER_DECLINED:
        return err_set(ei, ERR_CONFLICT, "status",
                       "status: offer %lld was declined at %s",
                       (long long)o->id, o->answered_at);
    case OFFER_EXPIRED:
        return err_set(ei, ERR_CONFLICT, "status",
                       "status: offer %lld expired at %s with no answer",
                       (long long)o->id, o->deadline);
    case OFFER_GONE:
        return err_set(ei, ERR_CONFLICT, "status",
                       "status: offer %lld is gone: the place went to "
                       "another candidate who accepted first, or the need "
                       "was booked elsewhere (at %s)",
                       (long long)o->id, o->answered_at);
    case OFFER_WITHDRAWN:
        return err_set(ei, ERR_CONFLICT, "status",
                       "status: offer %lld was withdrawn at %s",
                       (long long)o->id, o->answered_at);
    default:
        return 0;
    }
}

/* Moves open offer o to status with the time and actor of the answer. */
static int offer_move(struct store *s, struct offer_item *it,
                      enum offer_status status, int64_t booking_id,
                      struct err_info *ei)
{
    struct offer before = it->o;
    struct offer *o = &it->o;
    o->status = status;
    o->booking_id = booking_id;
    store__timestamp(s, o->answered_at);
    snprintf(o->answered_by, sizeof(o->answered_by), "%s", s->actor);
    int rc = store__exec(s, ei, NULL,
                         "UPDATE offer SET status = ?, answered_at = ?, "
                         "answered_by = ?, booking_id = ? WHERE id = ? "
                         "AND status = 'open'",
                         "tttdl", vocab_name(&vocab_offer_status, status),
                         o->answered_at, o->answered_by, booking_id, o->id);
    if (rc == 0)
        rc = store__audit(s, "offer", "update", o->id, offer_json(&before),
                          offer_json(o), ei);
    /* The trainee hears that an offer ended without them; the receiving
     * unit hears the trainee's answer. */
    const char *what = vocab_name(&vocab_offer_status, status);
    if (rc == 0 && (status == OFFER_GONE || status == OFFER_EXPIRED ||
                    status == OFFER_WITHDRAWN))
        rc = offer_tell(s, it, NOTIFY_OFFER_GONE, 1, what, ei);
    if (rc == 0 && (status == OFFER_ACCEPTED || status == OFFER_DECLINED))
        rc = offer_tell(s, it, NOTIFY_ANSWER, 0, what, ei);
    return rc;
}

/* Reads open offer id for an answer: ERR_CONFLICT naming why when it is
 * answered or past its deadline. */
static int offer_open(struct store *s, int64_t id, struct offer_item *it,
                      struct err_info *ei)
{
    int rc = offer_get_stored(s, id, it, ei);
    if (rc == 0 && it->o.status != OFFER_OPEN)
        rc = offer_closed(ei, &it->o);
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    if (rc == 0 && !offer_waiting(it->o.status, it->o.deadline, now))
        rc = err_set(ei, ERR_CONFLICT, "status",
                     "status: offer %lld expired at %s with no answer",
                     (long long)id, it->o.deadline);
    return rc;
}

/* The open offers of place freed_id (or of need need_id) other than
 * offer self go: the place is taken, or the need booked. */
static int offer_others_gone(struct store *s, int64_t self, int64_t freed_id,
                             int64_t need_id, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int64_t ids[256];
    int n = 0;
    int rc = store__query(s, &st, ei,
                          "SELECT id FROM offer WHERE status = 'open' "
                          "AND id <> ?1 AND (freed_id = ?2 OR need_id = ?3) "
                          "ORDER BY id",
                          "lll", self, freed_id, need_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        if (n < (int)(sizeof(ids) / sizeof(*ids)))
            ids[n++] = store__col_int64(st, 0);
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    for (int i = 0; rc == 0 && i < n; i++) {
        struct offer_item it;
        rc = offer_get_stored(s, ids[i], &it, ei);
        if (rc == 0)
            rc = offer_move(s, &it, OFFER_GONE, 0, ei);
    }
    return rc;
}

int store_offer_accept(struct store *s, int64_t id, int64_t *booking_id,
                       struct err_info *ei)
{
    /* The write lock first: a second acceptance waits here and then finds
     * the offer gone. */
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct offer_item it;
    struct freed_item f;
    rc = offer_open(s, id, &it, ei);
    if (rc == 0)
        rc = store_freed_get(s, it.o.freed_id, &f, ei);
    if (rc == 0 && f.f.closed_at[0])
        rc = err_set(ei, ERR_CONFLICT, "status",
                     "status: the place of offer %lld was taken at %s",
                     (long long)id, f.f.closed_at);
    struct booking b = {0};
    if (rc == 0) {
        b.need_id = it.o.need_id;
        b.unit_id = it.o.unit_id;
        b.start_week = it.o.start_week;
        b.pattern = it.o.pattern;
        b.weeks = it.o.weeks;
        /* A place in a form's group joins the group again. */
        rc = f.form_id ? store_booking_request_form(s, &b, f.form_id, ei)
                       : store_booking_request(s, &b, ei);
    }
    /* Confirmed at once, but a group only when it is complete again. */
    struct err_info short_of = {0};
    if (rc == 0 &&
        (!f.form_id || store__form_confirm_check(s, b.id, &short_of) == 0))
        rc = store_booking_set_status(s, b.id, BOOKING_CONFIRMED, CANCEL_NONE,
                                      ei);
    if (rc == 0)
        rc = offer_move(s, &it, OFFER_ACCEPTED, b.id, ei);
    int closed = rc == 0 && f.f.accepted + 1 >= f.f.seats;
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE freed_place SET accepted = accepted + 1, "
                         "closed_at = ? WHERE id = ?",
                         "Tl", closed ? now : "", it.o.freed_id);
    /* Taken: the place's other offers are gone; and the need is booked,
     * so its offers of other places are too. */
    if (rc == 0)
        rc = offer_others_gone(s, id, closed ? it.o.freed_id : 0, it.o.need_id,
                               ei);
    if (rc == 0)
        *booking_id = b.id;
    return store__write_end(s, rc);
}

/* Declines or withdraws open offer id. */
static int offer_end(struct store *s, int64_t id, enum offer_status status,
                     struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct offer_item it;
    rc = offer_open(s, id, &it, ei);
    if (rc == 0)
        rc = offer_move(s, &it, status, 0, ei);
    return store__write_end(s, rc);
}

int store_offer_decline(struct store *s, int64_t id, struct err_info *ei)
{
    return offer_end(s, id, OFFER_DECLINED, ei);
}

int store_offer_withdraw(struct store *s, int64_t id, struct err_info *ei)
{
    return offer_end(s, id, OFFER_WITHDRAWN, ei);
}

int store_offer_expire(struct store *s, int64_t *freed_ids, int max, int *n,
                       struct err_info *ei)
{
    *n = 0;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    /* Past the deadline: expired; the need no longer open: gone. */
    struct store_stmt *st = NULL;
    int64_t ids[512];
    int expire[512];
    int k = 0;
    rc = store__query(s, &st, ei,
                      "SELECT o.id, o.deadline <= ?1 FROM offer o "
                      "JOIN rotation_need n ON n.id = o.need_id "
                      "WHERE o.status = 'open' AND (o.deadline <= ?1 "
                      "OR n.status <> 'open') ORDER BY o.id LIMIT 512",
                      "t", now);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        ids[k] = store__col_int64(st, 0);
        expire[k++] = store__col_int(st, 1);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    for (int i = 0; rc == 0 && i < k; i++) {
        struct offer_item it;
        rc = offer_get_stored(s, ids[i], &it, ei);
        if (rc == 0)
            rc = offer_move(s, &it, expire[i] ? OFFER_EXPIRED : OFFER_GONE, 0,
                            ei);
        int seen = 0;
        for (int j = 0; j < *n && !seen; j++)
            seen = freed_ids[j] == it.o.freed_id;
        if (rc == 0 && !seen && *n < max)
            freed_ids[(*n)++] = it.o.freed_id;
    }
    return store__write_end(s, rc);
}

/* ---- watches ---- */

#define WATCH_SELECT                                                           \
    "SELECT w.id, w.user_id, w.specialty_id, w.unit_id, w.goal_id, "           \
    "w.from_week, w.to_week, w.created_at, "                                   \
    "(SELECT count(*) FROM place_watch_hit x WHERE x.watch_id = w.id), "       \
    "(SELECT max(x.at) FROM place_watch_hit x WHERE x.watch_id = w.id), "      \
    "(SELECT max(x.freed_id) FROM place_watch_hit x "                          \
    "WHERE x.watch_id = w.id) FROM place_watch w "

static void watch_read(struct store_stmt *st, struct place_watch *out)
{
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->user_id = store__col_int64(st, 1);
    out->specialty_id = store__column_id(st, 2);
    out->unit_id = store__column_id(st, 3);
    out->goal_id = store__column_id(st, 4);
    out->from_week = store__col_int(st, 5);
    out->to_week = store__col_int(st, 6);
    store__column_text(st, 7, out->created_at, sizeof(out->created_at));
    out->hits = store__col_int(st, 8);
    store__column_text(st, 9, out->last_hit, sizeof(out->last_hit));
    out->last_freed_id = store__column_id(st, 10);
}

static int watch_check(const struct place_watch *w, struct err_info *ei)
{
    int rc =
        store__check_range(ei, "from_week", w->from_week, WEEK_MIN, WEEK_MAX);
    if (rc == 0)
        rc = store__check_range(ei, "to_week", w->to_week, w->from_week + 1,
                                WEEK_MAX + 1);
    if (rc == 0 && !w->specialty_id && !w->unit_id && !w->goal_id)
        rc = err_set(ei, ERR_INVAL, "specialty_id",
                     "specialty_id: a watch names a specialty, a unit or a "
                     "goal (or more of them)");
    return rc;
}

static json_t *watch_json(const struct place_watch *w)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:i, s:i}", "id",
                     (json_int_t)w->id, "user_id", (json_int_t)w->user_id,
                     "specialty_id", (json_int_t)w->specialty_id, "unit_id",
                     (json_int_t)w->unit_id, "goal_id", (json_int_t)w->goal_id,
                     "from_week", w->from_week, "to_week", w->to_week);
}

/* After rc, a failed reference of w's: ERR_NOTFOUND naming the id no row
 * has; other failures as they are. */
static int watch_failure(struct store *s, const struct place_watch *w, int rc,
                         struct err_info *ei)
{
    if (rc != ERR_NOTFOUND)
        return rc;
    int why = 0;
    if (w->specialty_id)
        why = store__exists(s, ei, "SELECT 1 FROM specialty WHERE id = ?",
                            w->specialty_id, "specialty_id", "specialty");
    if (why == 0 && w->unit_id)
        why = store__exists(s, ei, "SELECT 1 FROM unit WHERE id = ?",
                            w->unit_id, "unit_id", "unit");
    if (why == 0 && w->goal_id)
        why = store__exists(s, ei, "SELECT 1 FROM goal WHERE id = ?",
                            w->goal_id, "goal_id", "goal");
    return why ? why : rc;
}

int store_watch_insert(struct store *s, struct place_watch *w,
                       struct err_info *ei)
{
    int rc = watch_check(w, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    store__timestamp(s, w->created_at);
    rc = store__exec(s, ei, &w->id,
                     "INSERT INTO place_watch (user_id, specialty_id, unit_id, "
                     "goal_id, from_week, to_week, created_at) VALUES (?, ?, "
                     "?, ?, ?, ?, ?) RETURNING id",
                     "ldddiit", w->user_id, w->specialty_id, w->unit_id,
                     w->goal_id, w->from_week, w->to_week, w->created_at);
    rc = watch_failure(
        s, w,
        store__name_failure(ei, rc, NULL, "specialty_id, unit_id or goal_id"),
        ei);
    if (rc == 0)
        rc = store__audit(s, "place_watch", "insert", w->id, NULL,
                          watch_json(w), ei);
    return store__write_end(s, rc);
}

int store_watch_get(struct store *s, int64_t user_id, int64_t id,
                    struct place_watch *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          WATCH_SELECT "WHERE w.id = ? AND w.user_id = ?", "ll",
                          id, user_id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "watch", id)) == 0)
        watch_read(st, out);
    store__finalize(st);
    return rc;
}

int store_watch_update(struct store *s, const struct place_watch *w,
                       struct err_info *ei)
{
    int rc = watch_check(w, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct place_watch before;
    rc = store_watch_get(s, w->user_id, w->id, &before, ei);
    if (rc == 0) {
        rc = store__exec(s, ei, NULL,
                         "UPDATE place_watch SET specialty_id = ?, "
                         "unit_id = ?, goal_id = ?, from_week = ?, "
                         "to_week = ? WHERE id = ?",
                         "dddiil", w->specialty_id, w->unit_id, w->goal_id,
                         w->from_week, w->to_week, w->id);
        rc =
            watch_failure(s, w,
                          store__name_failure(
                              ei, rc, NULL, "specialty_id, unit_id or goal_id"),
                          ei);
    }
    if (rc == 0)
        rc = store__audit(s, "place_watch", "update", w->id,
                          watch_json(&before), watch_json(w), ei);
    return store__write_end(s, rc);
}

int store_watch_delete(struct store *s, int64_t user_id, int64_t id,
                       struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct place_watch before;
    rc = store_watch_get(s, user_id, id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM place_watch WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__audit(s, "place_watch", "delete", id, watch_json(&before),
                          NULL, ei);
    return store__write_end(s, rc);
}

struct watch_each {
    int (*each)(const struct place_watch *, void *);
    void *arg;
};

static int watch_row(struct store_stmt *st, const struct store__list *l)
{
    const struct watch_each *e = l->arg;
    struct place_watch w;
    watch_read(st, &w);
    return e->each(&w, e->arg);
}

int store_watch_list(struct store *s, int64_t user_id, int limit, int offset,
                     int (*each)(const struct place_watch *, void *), void *arg,
                     int64_t *total, struct err_info *ei)
{
    struct watch_each e = {each, arg};
    struct store__list l = {limit, offset, total, watch_row, {0}, &e};
    return store__list_page(
        s, &l, ei, "SELECT count(*) FROM place_watch w WHERE w.user_id = ?1",
        WATCH_SELECT "WHERE w.user_id = ?1 ORDER BY w.created_at DESC, "
                     "w.id DESC LIMIT ?2 OFFSET ?3",
        "l", user_id);
}
