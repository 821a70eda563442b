/*
 * The booking workflow's reads and its one careful write: requesting a
 * place, with every check made inside the same immediate transaction as
 * the insert, so that two requests for the last seat cannot both win.
 */
#include "store/store_impl.h"

#include "domain/booking.h"
#include "domain/week.h"
#include "store/forms.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lists ---- */

#define VIEW_SELECT                                                            \
    "SELECT " STORE_BOOKING_COLUMNS ", pe.name, u.name, u.specialty_id, "      \
    "sp.name_sv, sp.name_en "                                                  \
    "FROM booking b JOIN trainee t ON t.id = b.trainee_id "                    \
    "JOIN person pe ON pe.id = t.person_id JOIN unit u ON u.id = b.unit_id "   \
    "JOIN specialty sp ON sp.id = u.specialty_id "

#define VIEW_WHERE                                                             \
    "WHERE (?1 = 0 OR b.trainee_id = ?1) AND (?2 = 0 OR b.unit_id = ?2) "      \
    "AND (?3 = 0 OR b.need_id = ?3) AND (?4 = 0 OR u.specialty_id = ?4) "      \
    "AND (?5 = '' OR b.status = ?5) AND (?6 IS NULL OR b.end_week > ?6) "      \
    "AND (?7 IS NULL OR b.start_week < ?7) "                                   \
    "AND EXISTS (SELECT 1 FROM trainee st JOIN unit su "                       \
    "  ON su.id = st.home_unit_id WHERE st.id = b.trainee_id "                 \
    "  AND randa_sees(st.id, st.home_unit_id, su.region_id, u.id, "            \
    "                 u.region_id)) "

static void request_read_view(struct store_stmt *st, struct booking_view *v)
{
    store__booking_read(st, &v->b);
    store__column_text(st, 13, v->trainee_name, sizeof(v->trainee_name));
    store__column_text(st, 14, v->unit_name, sizeof(v->unit_name));
    v->specialty_id = store__col_int64(st, 15);
    store__column_text(st, 16, v->specialty_sv, sizeof(v->specialty_sv));
    store__column_text(st, 17, v->specialty_en, sizeof(v->specialty_en));
}

static int request_bind_filter(struct store *s, struct store_stmt *st,
                               const struct booking_filter *f,
                               struct err_info *ei)
{
    const char *status =
        f->status >= 0 ? vocab_name(&vocab_booking_status, f->status) : "";
    int rc = store__bind_int64(st, 1, f->trainee_id);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 2, f->unit_id);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 3, f->need_id);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 4, f->specialty_id);
    if (rc == STORE_OK)
        rc = store__bind_text(st, 5, status ? status : "");
    if (rc == STORE_OK)
        rc = f->from_week == STORE_NONE ? store__bind_null(st, 6)
                                        : store__bind_int(st, 6, f->from_week);
    if (rc == STORE_OK)
        rc = f->to_week == STORE_NONE ? store__bind_null(st, 7)
                                      : store__bind_int(st, 7, f->to_week);
    return rc == STORE_OK ? 0 : store__db_error(s, ei);
}

int store_booking_list(struct store *s, const struct booking_filter *f,
                       int limit, int offset,
                       int (*each)(const struct booking_view *v, void *arg),
                       void *arg, int64_t *total, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__prepare(s,
                            "SELECT count(*) FROM booking b "
                            "JOIN unit u ON u.id = b.unit_id " VIEW_WHERE,
                            &st, ei);
    if (rc == 0)
        rc = request_bind_filter(s, st, f, ei);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW)
            *total = store__col_int64(st, 0);
        else
            rc = store__db_error(s, ei);
    }
    store__finalize(st);
    st = NULL;
    if (rc == 0)
        rc = store__prepare(s,
                            VIEW_SELECT VIEW_WHERE
                            "ORDER BY CASE WHEN ?10 = 1 THEN b.start_week "
                            "ELSE -b.start_week END, "
                            "CASE WHEN ?10 = 1 THEN b.id ELSE -b.id END "
                            "LIMIT ?8 OFFSET ?9",
                            &st, ei);
    if (rc == 0)
        rc = request_bind_filter(s, st, f, ei);
    /* limit < 0: every row (PostgreSQL refuses a negative LIMIT). */
    if (rc == 0 &&
        (store__bind_int64(st, 8, limit < 0 ? STORE_NO_LIMIT : limit) !=
             STORE_OK ||
         store__bind_int(st, 9, offset) != STORE_OK ||
         store__bind_int(st, 10, f->soonest_first) != STORE_OK))
        rc = store__db_error(s, ei);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct booking_view v;
        request_read_view(st, &v);
        rc = each(&v, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_booking_view(struct store *s, int64_t id, struct booking_view *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, VIEW_SELECT "WHERE b.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "booking", id)) == 0)
        request_read_view(st, out);
    store__finalize(st);
    return rc;
}

/* ---- requesting a place ---- */

/* "2027-W10" into out for messages. */
static const char *request_week(int w, char *out)
{
    week_format(w, out);
    return out;
}

/* Hundredths of a seat as people write them: "3", "2.5", "0.6". */
static const char *request_seats(int hundredths, char out[16])
{
    if (hundredths % 100 == 0)
        snprintf(out, 16, "%d", hundredths / 100);
    else if (hundredths % 10 == 0)
        snprintf(out, 16, "%d.%d", hundredths / 100, hundredths % 100 / 10);
    else
        snprintf(out, 16, "%d.%02d", hundredths / 100, hundredths % 100);
    return out;
}

/* The week serial of today by the store's clock. */
static int request_this_week(struct store *s)
{
    char now[STORE_TIME_MAX];
    struct date d;
    store__timestamp(s, now);
    now[10] = '\0';
    if (date_parse(now, &d) != 0)
        return WEEK_MIN;
    return week_from_date(d);
}

/* The need, unit and trainee of a request, and the checks on them alone. */
static int request_subjects(struct store *s, struct booking *b, struct need *n,
                            struct unit *u, struct trainee *t,
                            struct err_info *ei)
{
    if (store_need_get(s, b->need_id, n, ei) != 0)
        return err_set(ei, ERR_INVAL, "need_id", "need_id: no need %lld",
                       (long long)b->need_id);
    if (n->status != NEED_OPEN)
        return err_set(ei, ERR_CONFLICT, "need_id",
                       "need_id: need %lld is %s already, not open",
                       (long long)n->id,
                       vocab_name(&vocab_need_status, n->status));
    if (store_unit_get(s, b->unit_id, u, ei) != 0)
        return err_set(ei, ERR_INVAL, "unit_id", "unit_id: no unit %lld",
                       (long long)b->unit_id);
    if (!u->takes_trainees)
        return err_set(ei, ERR_INVAL, "unit_id",
                       "unit_id: %s does not take trainees", u->name);
    int fits = 0;
    if (n->nunits > 0) {
        for (int i = 0; i < n->nunits && !fits; i++)
            fits = n->unit_ids[i] == u->id;
    } else {
        fits = n->specialty_id == u->specialty_id ||
               store__unit_covers(u, n->goal_ids, n->ngoals);
    }
    if (!fits)
        return err_set(ei, ERR_INVAL, "unit_id",
                       "unit_id: %s is not one of the units need %lld can "
                       "be placed at (of its specialty, or covering all of "
                       "its goals)",
                       u->name, (long long)n->id);
    if (!(n->patterns & PATTERN_BIT(b->pattern)))
        return err_set(ei, ERR_INVAL, "pattern",
                       "pattern: need %lld does not allow %s", (long long)n->id,
                       pattern_name(b->pattern));
    if (store_trainee_get(s, n->trainee_id, t, ei) != 0)
        return err_set(ei, ERR_DB, "need_id", "need_id: its trainee is gone");
    b->trainee_id = t->id;
    if (b->weeks == 0)
        b->weeks = n->weeks;
    int len = pattern_len(b->pattern, b->weeks, t->fte);
    if (len < 0)
        return err_set(ei, ERR_INVAL, "weeks", "weeks: must be %d to %d",
                       PATTERN_WEEKS_MIN, PATTERN_WEEKS_MAX);
    b->end_week = b->start_week + len;
    if (b->end_week > WEEK_MAX + 1)
        return err_set(ei, ERR_INVAL, "start_week",
                       "start_week: the placement would end after 2199");
    char w[WEEK_STR_MAX];
    int today = request_this_week(s);
    if (b->start_week < today)
        return err_set(ei, ERR_INVAL, "start_week",
                       "start_week: is in the past (this is week %s)",
                       request_week(today, w));
    return 0;
}

/*
 * Adds the occupancy of the bookings that hold seats and that the statement
 * (already bound; columns start_week, end_week, pattern) returns, week by
 * week over [from, from + n), into used.
 */
static int request_add_occupancy(struct store *s, struct store_stmt *st,
                                 int from, int n, int *used,
                                 struct err_info *ei)
{
    int step;
    while ((step = store__step(st)) == STORE_ROW) {
        int a = store__col_int(st, 0), e = store__col_int(st, 1);
        enum pattern p = PATTERN_FULL;
        pattern_parse(store__col_text(st, 2), &p);
        for (int w = a > from ? a : from; w < e && w < from + n; w++)
            used[w - from] += pattern_occupancy(p, w - a);
    }
    return step == STORE_DONE ? 0 : store__db_error(s, ei);
}

/* Seats held for other regions (issue 17), into used and held. */
struct request_held {
    int from, n;
    int *used, *held;
};

static int request_held_row(const struct store_xheld *h, void *arg)
{
    struct request_held *x = arg;
    for (int w = h->start_week > x->from ? h->start_week : x->from;
         w < h->end_week && w < x->from + x->n; w++) {
        int occ = pattern_occupancy(h->pattern, w - h->start_week);
        x->used[w - x->from] += occ;
        x->held[w - x->from] += occ;
    }
    return 0;
}

/* Every week the placement is at the unit, a seat that takes it is free:
 * not held by a booking, nor for another region (issue 17). */
static int request_check_seats(struct store *s, const struct booking *b,
                               const struct unit *u, int *used,
                               struct err_info *ei)
{
    int n = b->end_week - b->start_week;
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT start_week, end_week, pattern FROM booking "
                          "WHERE unit_id = ? AND end_week > ? "
                          "AND start_week < ? AND status IN ('requested', "
                          "'confirmed', 'completed') "
                          /* A form's groups are capacity of their own. */
                          "AND NOT EXISTS (SELECT 1 FROM booking_form bf "
                          "WHERE bf.booking_id = booking.id)",
                          "lii", b->unit_id, b->start_week, b->end_week);
    if (rc == 0)
        rc = request_add_occupancy(s, st, b->start_week, n, used, ei);
    store__finalize(st);
    st = NULL;
    int *held = xcalloc((size_t)n, sizeof(*held));
    struct request_held x = {b->start_week, n, used, held};
    if (rc == 0)
        rc = store__xheld_each(s, 0, b->unit_id, b->start_week, b->end_week,
                               request_held_row, &x, ei);
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT from_week, to_week, seats, patterns "
                          "FROM capacity WHERE unit_id = ? AND to_week > ? "
                          "AND from_week < ? ORDER BY from_week",
                          "lii", b->unit_id, b->start_week, b->end_week);
    /* Walk the weeks and the periods (sorted, never overlapping) together. */
    int w = b->start_week, step = STORE_ROW;
    int pa = 0, pb = STORE_NONE, seats = 0;
    unsigned patterns = 0;
    char ws[WEEK_STR_MAX], taken[16], held_s[16];
    while (rc == 0 && w < b->end_week) {
        int occ = pattern_occupancy(b->pattern, w - b->start_week);
        while (step == STORE_ROW && w >= pb) {
            step = store__step(st);
            if (step == STORE_ROW) {
                pa = store__col_int(st, 0);
                pb = store__col_int(st, 1);
                seats = store__col_int(st, 2);
                patterns = (unsigned)store__col_int(st, 3);
            } else if (step != STORE_DONE) {
                rc = store__db_error(s, ei);
            }
        }
        if (rc || occ == 0) {
            w++;
            continue;
        }
        if (step != STORE_ROW || w < pa)
            rc = err_set(ei, ERR_CONFLICT, "start_week",
                         "start_week: %s has no places in week %s", u->name,
                         request_week(w, ws));
        else if (!(patterns & PATTERN_BIT(b->pattern)))
            rc =
                err_set(ei, ERR_CONFLICT, "pattern",
                        "pattern: %s does not take %s placements in week %s",
                        u->name, pattern_name(b->pattern), request_week(w, ws));
        else if (used[w - b->start_week] + occ > seats * 100 &&
                 held[w - b->start_week] > 0)
            rc = err_set(ei, ERR_CONFLICT, "start_week",
                         "start_week: %s is full in week %s (%s of %d "
                         "seats taken, %s of them held for another region)",
                         u->name, request_week(w, ws),
                         request_seats(used[w - b->start_week], taken), seats,
                         request_seats(held[w - b->start_week], held_s));
        else if (used[w - b->start_week] + occ > seats * 100)
            rc = err_set(ei, ERR_CONFLICT, "start_week",
                         "start_week: %s is full in week %s (%s of %d "
                         "seats taken)",
                         u->name, request_week(w, ws),
                         request_seats(used[w - b->start_week], taken), seats);
        w++;
    }
    store__finalize(st);
    free(held);
    return rc;
}

/* The trainee's home unit keeps no more than max_away seats' worth away. */
static int request_check_away(struct store *s, const struct booking *b,
                              const struct trainee *t, int *used,
                              struct err_info *ei)
{
    struct unit home;
    int rc = store_unit_get(s, t->home_unit_id, &home, ei);
    if (rc || home.max_away == STORE_NONE || home.id == b->unit_id)
        return rc;
    int n = b->end_week - b->start_week;
    memset(used, 0, (size_t)n * sizeof(*used));
    struct store_stmt *st = NULL;
    rc = store__query(s, &st, ei,
                      "SELECT b.start_week, b.end_week, b.pattern "
                      "FROM booking b JOIN trainee t ON t.id = b.trainee_id "
                      "WHERE t.home_unit_id = ?1 AND b.unit_id <> ?1 "
                      "AND b.end_week > ?2 AND b.start_week < ?3 "
                      "AND b.status IN ('requested', 'confirmed', "
                      "'completed')",
                      "lii", home.id, b->start_week, b->end_week);
    if (rc == 0)
        rc = request_add_occupancy(s, st, b->start_week, n, used, ei);
    store__finalize(st);
    char ws[WEEK_STR_MAX], taken[16];
    for (int k = 0; rc == 0 && k < n; k++) {
        int occ = pattern_occupancy(b->pattern, k);
        if (occ && used[k] + occ > home.max_away * 100)
            rc = err_set(ei, ERR_CONFLICT, "start_week",
                         "start_week: %s already has %s of at most %d "
                         "trainees away in week %s",
                         home.name, request_seats(used[k], taken),
                         home.max_away, request_week(b->start_week + k, ws));
    }
    return rc;
}

/* The trainee is nowhere else: no other booking, no leave, those weeks. */
static int request_check_trainee(struct store *s, const struct booking *b,
                                 struct err_info *ei)
{
    struct store_stmt *st = NULL;
    char wa[WEEK_STR_MAX], wb[WEEK_STR_MAX];
    int rc = store__query(s, &st, ei,
                          "SELECT b.id, b.start_week, b.end_week, u.name "
                          "FROM booking b JOIN unit u ON u.id = b.unit_id "
                          "WHERE b.trainee_id = ? AND b.end_week > ? "
                          "AND b.start_week < ? AND b.status IN "
                          "('requested', 'confirmed', 'completed') "
                          "ORDER BY b.start_week LIMIT 1",
                          "lii", b->trainee_id, b->start_week, b->end_week);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW)
            rc = err_set(ei, ERR_CONFLICT, "start_week",
                         "start_week: the trainee is placed at %s weeks %s "
                         "to %s already (booking %lld)",
                         store__col_text(st, 3),
                         request_week(store__col_int(st, 1), wa),
                         request_week(store__col_int(st, 2) - 1, wb),
                         (long long)store__col_int64(st, 0));
        else if (step != STORE_DONE)
            rc = store__db_error(s, ei);
    }
    store__finalize(st);
    if (rc)
        return rc;
    /* A leave covers the weeks of its first and last day. */
    rc = store__query(s, &st, ei,
                      "SELECT from_date, to_date, kind FROM leave "
                      "WHERE trainee_id = ? ORDER BY from_date",
                      "l", b->trainee_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        const char *from = store__col_text(st, 0);
        const char *to = store__col_text(st, 1);
        struct date df, dt;
        if (date_parse(from, &df) || date_parse(to, &dt))
            continue;
        if (week_from_date(df) < b->end_week &&
            week_from_date(dt) >= b->start_week)
            rc = err_set(ei, ERR_CONFLICT, "start_week",
                         "start_week: the trainee is on %s leave from %s to "
                         "%s",
                         store__col_text(st, 2), from, to);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_booking_request(struct store *s, struct booking *b,
                          struct err_info *ei)
{
    return store_booking_request_form(s, b, 0, ei);
}

int store_booking_request_form(struct store *s, struct booking *b,
                               int64_t form_id, struct err_info *ei)
{
    int rc =
        store__check_range(ei, "start_week", b->start_week, WEEK_MIN, WEEK_MAX);
    if (rc == 0 && (unsigned)b->pattern >= PATTERN_COUNT)
        rc = err_set(ei, ERR_INVAL, "pattern", "pattern: not a known pattern");
    if (rc == 0 && b->weeks != 0)
        rc = store__check_range(ei, "weeks", b->weeks, PATTERN_WEEKS_MIN,
                                PATTERN_WEEKS_MAX);
    if (rc)
        return rc;
    /* The write begins immediately (store__write_begin): what the checks
     * read cannot change before the insert. */
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct need n;
    struct unit u;
    struct trainee t;
    int *used = NULL;
    int64_t group_id = 0;
    rc = request_subjects(s, b, &n, &u, &t, ei);
    /* The unit's rules and the forms of rotation (issue 18). */
    if (rc == 0)
        rc = store__form_check_rules(s, b, &u, ei);
    if (rc == 0)
        used = xcalloc((size_t)(b->end_week - b->start_week), sizeof(*used));
    if (rc == 0 && form_id)
        rc = store__form_place(s, b, form_id, &group_id, ei);
    else if (rc == 0)
        rc = request_check_seats(s, b, &u, used, ei);
    if (rc == 0)
        rc = request_check_away(s, b, &t, used, ei);
    if (rc == 0)
        rc = request_check_trainee(s, b, ei);
    free(used);
    if (rc == 0) {
        b->status = BOOKING_REQUESTED;
        b->cancel_reason = CANCEL_NONE;
        rc = store_booking_insert(s, b, ei);
    }
    if (rc == 0 && group_id)
        rc = store__form_join(s, b->id, group_id, ei);
    return store__write_end(s, rc);
}
