/*
 * Freed places (store/reoffer.h): recording the seat-weeks a change frees,
 * in the transaction of the change, with the watches they fire; reading
 * and listing them; and how each is offered.
 */
#include "store/store_impl.h"

#include "domain/week.h"
#include "store/notify.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers the other re-offer files share (store_impl.h) ---- */

int store__this_week(struct store *s)
{
    char now[STORE_TIME_MAX];
    struct date d;
    store__timestamp(s, now);
    now[10] = '\0';
    return date_parse(now, &d) == 0 ? week_from_date(d) : WEEK_MIN;
}

void store__timestamp_after(struct store *s, int64_t seconds, char *out)
{
    time_t t = (time_t)(store_now(s) + seconds);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, STORE_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- recording ---- */

void store_set_record_freed(struct store *s, int on)
{
    s->no_freed = !on;
}

static json_t *freed_json(const struct freed_place *f)
{
    return json_pack(
        "{s:I, s:I, s:s, s:I, s:I, s:i, s:i, s:i, s:s, s:i, s:s, s:s, s:i, "
        "s:i, s:i, s:s}",
        "id", (json_int_t)f->id, "unit_id", (json_int_t)f->unit_id, "cause",
        vocab_name(&vocab_freed_cause, f->cause), "booking_id",
        (json_int_t)f->booking_id, "capacity_id", (json_int_t)f->capacity_id,
        "from_week", f->from_week, "to_week", f->to_week, "origin_week",
        f->origin_week, "pattern", pattern_name(f->pattern), "seats", f->seats,
        "freed_at", f->freed_at, "freed_by", f->freed_by, "auto_offers",
        f->auto_offers, "answer_hours", f->answer_hours, "accepted",
        f->accepted, "closed_at", f->closed_at);
}

/* Watchers told at most, of one freed place. */
#define FREED_WATCHERS_MAX 1000

/*
 * Tells the users whose watches place f fired (place_watch_hit), inside
 * the caller's write: the place's unit, specialty and weeks, which
 * everyone sees.
 */
static int freed_tell_watchers(struct store *s, const struct freed_place *f,
                               struct err_info *ei)
{
    int64_t *users = xcalloc(FREED_WATCHERS_MAX, sizeof(*users));
    int n = 0;
    char unit[STORE_NAME_MAX] = "", specialty[STORE_NAME_MAX] = "";
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT DISTINCT w.user_id, u.name, sp.name_sv "
                          "FROM place_watch_hit x JOIN place_watch w "
                          "ON w.id = x.watch_id JOIN unit u ON u.id = ?2 "
                          "JOIN specialty sp ON sp.id = u.specialty_id "
                          "WHERE x.freed_id = ?1 ORDER BY w.user_id",
                          "ll", f->id, f->unit_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        if (n < FREED_WATCHERS_MAX)
            users[n++] = store__col_int64(st, 0);
        store__column_text(st, 1, unit, sizeof(unit));
        store__column_text(st, 2, specialty, sizeof(specialty));
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    char from[WEEK_STR_MAX], to[WEEK_STR_MAX], link[64];
    week_format(f->from_week, from);
    week_format(f->to_week - 1, to);
    snprintf(link, sizeof(link), "#/lediga/%lld", (long long)f->id);
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:s}", "unit", unit,
                          "specialty", specialty, "from", from, "to", to,
                          "cause", vocab_name(&vocab_freed_cause, f->cause));
    char *params = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(p);
    struct notify_msg m = {
        NOTIFY_PLACE_FREED, "freed_place", f->id, link, params, NULL, 0};
    for (int i = 0; rc == 0 && i < n; i++)
        rc = store_notify(s, users[i], &m, NULL, ei);
    free(params);
    free(users);
    return rc;
}

int store__freed_record(struct store *s, struct freed_place *f,
                        struct err_info *ei)
{
    if (s->no_freed)
        return 0;
    store__timestamp(s, f->freed_at);
    snprintf(f->freed_by, sizeof(f->freed_by), "%s", s->actor);
    f->auto_offers = 0;
    f->answer_hours = OFFER_HOURS_DEFAULT;
    f->accepted = 0;
    f->closed_at[0] = '\0';
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store__exec(
        s, ei, &f->id,
        "INSERT INTO freed_place (unit_id, cause, booking_id, capacity_id, "
        "from_week, to_week, origin_week, pattern, seats, freed_at, freed_by, "
        "auto_offers, answer_hours, accepted) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "ltddiiitittiii", f->unit_id, vocab_name(&vocab_freed_cause, f->cause),
        f->booking_id, f->capacity_id, f->from_week, f->to_week, f->origin_week,
        pattern_name(f->pattern), f->seats, f->freed_at, f->freed_by,
        f->auto_offers, f->answer_hours, f->accepted);
    /* Every watch of the place's unit, specialty or goal that shares a
     * week with it fires, in the same transaction. */
    if (rc == 0)
        rc = store__exec(
            s, ei, NULL,
            "INSERT INTO place_watch_hit (watch_id, freed_id, at) "
            "SELECT w.id, ?1, ?2 FROM place_watch w JOIN unit u ON u.id = ?3 "
            "WHERE (w.unit_id IS NULL OR w.unit_id = u.id) "
            "AND (w.specialty_id IS NULL OR w.specialty_id = u.specialty_id) "
            "AND (w.goal_id IS NULL OR EXISTS (SELECT 1 FROM unit_goal ug "
            "WHERE ug.unit_id = u.id AND ug.goal_id = w.goal_id)) "
            "AND w.from_week < ?5 AND w.to_week > ?4",
            "ltlii", f->id, f->freed_at, f->unit_id, f->from_week, f->to_week);
    if (rc == 0)
        rc = freed_tell_watchers(s, f, ei);
    /* No audit row of its own: the change that freed the seats has one,
     * and the place names it (booking_id, capacity_id, freed_by). */
    return store__write_end(s, rc);
}

/* ---- reading ---- */

#define FREED_SELECT                                                           \
    "SELECT f.id, f.unit_id, f.cause, f.booking_id, f.capacity_id, "           \
    "f.from_week, f.to_week, f.origin_week, f.pattern, f.seats, f.freed_at, "  \
    "f.freed_by, f.auto_offers, f.answer_hours, f.accepted, f.closed_at, "     \
    "u.name, u.region_id, sp.id, sp.code, sp.name_sv, sp.name_en, "            \
    "(SELECT count(*) FROM offer o WHERE o.freed_id = f.id "                   \
    "AND o.status = 'open' AND o.deadline > ?1), "                             \
    "(SELECT count(*) FROM offer o WHERE o.freed_id = f.id), "                 \
    "(SELECT g.form_id FROM booking_form bf JOIN form_group g "                \
    "ON g.id = bf.group_id WHERE bf.booking_id = f.booking_id) "               \
    "FROM freed_place f JOIN unit u ON u.id = f.unit_id "                      \
    "JOIN specialty sp ON sp.id = u.specialty_id "

static void freed_read(struct store_stmt *st, struct freed_item *out)
{
    struct freed_place *f = &out->f;
    int cause = 0;
    enum pattern p = PATTERN_FULL;
    memset(out, 0, sizeof(*out));
    f->id = store__col_int64(st, 0);
    f->unit_id = store__col_int64(st, 1);
    vocab_parse(&vocab_freed_cause, store__col_text(st, 2), &cause);
    f->cause = (enum freed_cause)cause;
    f->booking_id = store__column_id(st, 3);
    f->capacity_id = store__column_id(st, 4);
    f->from_week = store__col_int(st, 5);
    f->to_week = store__col_int(st, 6);
    f->origin_week = store__col_int(st, 7);
    pattern_parse(store__col_text(st, 8), &p);
    f->pattern = p;
    f->seats = store__col_int(st, 9);
    store__column_text(st, 10, f->freed_at, sizeof(f->freed_at));
    store__column_text(st, 11, f->freed_by, sizeof(f->freed_by));
    f->auto_offers = store__col_int(st, 12);
    f->answer_hours = store__col_int(st, 13);
    f->accepted = store__col_int(st, 14);
    store__column_text(st, 15, f->closed_at, sizeof(f->closed_at));
    store__column_text(st, 16, out->unit_name, sizeof(out->unit_name));
    out->region_id = store__col_int64(st, 17);
    out->specialty.id = store__col_int64(st, 18);
    store__column_text(st, 19, out->specialty.code,
                       sizeof(out->specialty.code));
    store__column_text(st, 20, out->specialty.name_sv,
                       sizeof(out->specialty.name_sv));
    store__column_text(st, 21, out->specialty.name_en,
                       sizeof(out->specialty.name_en));
    out->offers_open = store__col_int(st, 22);
    out->offers = store__col_int(st, 23);
    out->form_id = store__column_id(st, 24);
}

int store_freed_get(struct store *s, int64_t id, struct freed_item *out,
                    struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    struct store_stmt *st = NULL;
    int rc =
        store__query(s, &st, ei, FREED_SELECT "WHERE f.id = ?2", "tl", now, id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "freed place", id)) == 0)
        freed_read(st, out);
    store__finalize(st);
    return rc;
}

/* The caller's callback of a list, kept in store__list's arg. */
struct freed_each {
    int (*each)(const struct freed_item *, void *);
    void *arg;
};

static int freed_row(struct store_stmt *st, const struct store__list *l)
{
    const struct freed_each *e = l->arg;
    struct freed_item it;
    freed_read(st, &it);
    return e->each(&it, e->arg);
}

#define FREED_WHERE                                                            \
    "WHERE (?2 = 0 OR f.unit_id = ?2) AND (?3 = 0 OR u.region_id = ?3) "       \
    "AND (?4 = 0 OR u.specialty_id = ?4) "                                     \
    "AND (?5 < 0 OR (?5 = 1) = (f.closed_at IS NULL AND f.to_week > ?9)) "     \
    "AND (?6 = '' OR f.freed_at >= ?6) "                                       \
    "AND (?7 IS NULL OR f.to_week > ?7) AND (?8 IS NULL OR f.from_week < ?8) "

int store_freed_list(struct store *s, const struct freed_filter *f, int limit,
                     int offset, int (*each)(const struct freed_item *, void *),
                     void *arg, int64_t *total, struct err_info *ei)
{
    struct freed_each e = {each, arg};
    struct store__list l = {limit, offset, total, freed_row, {0}, &e};
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    /* ?1 is bound to both: the count names it in an always-true term. */
    return store__list_page(
        s, &l, ei,
        "SELECT count(*) FROM freed_place f JOIN unit u ON u.id = f.unit_id "
        "JOIN specialty sp ON sp.id = u.specialty_id " FREED_WHERE
        "AND ?1 = ?1",
        FREED_SELECT FREED_WHERE
        "ORDER BY f.freed_at DESC, f.id DESC LIMIT ?10 OFFSET ?11",
        "tlllitooi", now, f->unit_id, f->region_id, f->specialty_id, f->open,
        f->since, f->from_week, f->to_week, store__this_week(s));
}

int store_freed_set_auto(struct store *s, int64_t id, int auto_offers,
                         int answer_hours, struct err_info *ei)
{
    int rc =
        store__check_range(ei, "auto_offers", auto_offers, 0, OFFER_AUTO_MAX);
    if (rc == 0)
        rc = store__check_range(ei, "answer_hours", answer_hours,
                                OFFER_HOURS_MIN, OFFER_HOURS_MAX);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct freed_item before;
    rc = store_freed_get(s, id, &before, ei);
    if (rc == 0 &&
        (before.f.closed_at[0] || before.f.to_week <= store__this_week(s)))
        rc = err_set(ei, ERR_CONFLICT, "auto_offers",
                     "auto_offers: the place is %s: there is nothing left "
                     "to offer",
                     before.f.closed_at[0] ? "taken" : "in the past");
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE freed_place SET auto_offers = ?, "
                         "answer_hours = ? WHERE id = ?",
                         "iil", auto_offers, answer_hours, id);
    if (rc == 0) {
        struct freed_place after = before.f;
        after.auto_offers = auto_offers;
        after.answer_hours = answer_hours;
        rc = store__audit(s, "freed_place", "update", id, freed_json(&before.f),
                          freed_json(&after), ei);
    }
    return store__write_end(s, rc);
}

int store_freed_wanting(struct store *s, int now, int64_t *ids, int max, int *n,
                        struct err_info *ei)
{
    char stamp[STORE_TIME_MAX];
    store__timestamp(s, stamp);
    *n = 0;
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT f.id FROM freed_place f WHERE f.closed_at IS NULL "
        "AND f.auto_offers > 0 AND f.to_week > ?1 "
        "AND (SELECT count(*) FROM offer o WHERE o.freed_id = f.id "
        "AND o.status = 'open' AND o.deadline > ?2) < f.auto_offers "
        "ORDER BY f.id LIMIT ?3",
        "iti", now, stamp, max);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        ids[(*n)++] = store__col_int64(st, 0);
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}
