/* Capacity periods in the SQLite store: inserts, reads, lists, updates and
 * deletes, and the weeks in which bookings occupy more seats than a unit
 * offers. */
#include "store/store_impl.h"

#include "domain/reoffer.h"
#include "domain/week.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads "id, unit_id, from_week, to_week, seats, patterns, note". */
static void store_capacity_read(struct store_stmt *st, struct capacity *out)
{
    out->id = store__col_int64(st, 0);
    out->unit_id = store__col_int64(st, 1);
    out->from_week = store__col_int(st, 2);
    out->to_week = store__col_int(st, 3);
    out->seats = store__col_int(st, 4);
    out->patterns = (unsigned)store__col_int(st, 5);
    store__column_text(st, 6, out->note, sizeof(out->note));
}

static int store_capacity_row(struct store_stmt *st,
                              const struct store__list *l)
{
    struct capacity c;
    store_capacity_read(st, &c);
    return l->each.capacity(&c, l->arg);
}

int store_capacity_list(struct store *s, const struct capacity_filter *f,
                        int limit, int offset,
                        int (*each)(const struct capacity *, void *), void *arg,
                        int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_capacity_row, {.capacity = each}, arg,
    };
    /*
     * The unit filter is a range, so that it uses the index on (unit_id,
     * from_week) with or without a unit, and the index gives the order.
     */
    int64_t lo = f->unit_id ? f->unit_id : INT64_MIN;
    int64_t hi = f->unit_id ? f->unit_id : INT64_MAX;
    return store__list_all(
        s, &l, ei,
        "SELECT c.id, c.unit_id, c.from_week, c.to_week, c.seats, "
        "c.patterns, c.note FROM capacity c "
        "WHERE c.unit_id BETWEEN ?1 AND ?2 "
        "AND (?3 IS NULL OR c.to_week > ?3) "
        "AND (?4 IS NULL OR c.from_week < ?4) "
        "AND (?5 IS NULL OR c.unit_id IN "
        "(SELECT u.id FROM unit u WHERE u.specialty_id = ?5)) "
        "ORDER BY c.unit_id, c.from_week",
        "llood", lo, hi, f->from_week, f->to_week, f->specialty_id);
}

/* The checks of every field of a period, on insert and update. */
static int store_capacity_check(const struct capacity *c, struct err_info *ei)
{
    int rc =
        store__check_range(ei, "from_week", c->from_week, WEEK_MIN, WEEK_MAX);
    if (rc == 0)
        rc = store__check_range(ei, "to_week", c->to_week, c->from_week + 1,
                                WEEK_MAX + 1);
    if (rc == 0)
        rc = store__check_range(ei, "seats", c->seats, 0, 1000);
    if (rc == 0 && (c->patterns == 0 || (c->patterns & ~PATTERN_ALL)))
        rc = err_set(ei, ERR_INVAL, "patterns",
                     "patterns: must name at least one known pattern");
    if (rc == 0)
        rc = store__check_text(ei, "note", c->note, 0, sizeof(c->note));
    return rc;
}

/*
 * ERR_CONFLICT if a period of c's unit other than period self (0: none)
 * overlaps c's weeks.
 */
static int store_capacity_clash(struct store *s, const struct capacity *c,
                                int64_t self, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT from_week, to_week FROM capacity "
                          "WHERE unit_id = ? AND from_week < ? "
                          "AND to_week > ? AND id <> ? "
                          "ORDER BY from_week LIMIT 1",
                          "liil", c->unit_id, c->to_week, c->from_week, self);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_ROW) {
        char a[WEEK_STR_MAX], b[WEEK_STR_MAX];
        week_format(store__col_int(st, 0), a);
        week_format(store__col_int(st, 1) - 1, b);
        rc = err_set(ei, ERR_CONFLICT, "from_week",
                     "from_week: overlaps the unit's period %s to %s", a, b);
    } else if (step != STORE_DONE) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

/* The period as the JSON object the audit log keeps. */
static json_t *store_capacity_json(const struct capacity *c)
{
    return json_pack("{s:I, s:I, s:i, s:i, s:i, s:i, s:s}", "id",
                     (json_int_t)c->id, "unit_id", (json_int_t)c->unit_id,
                     "from_week", c->from_week, "to_week", c->to_week, "seats",
                     c->seats, "patterns", (int)c->patterns, "note", c->note);
}

/* Records a run of seats a capacity change added (freed_capacity_runs()). */
struct capacity_freed {
    struct store *s;
    const struct capacity *c;
    struct err_info *ei;
};

static int capacity_freed_run(int a, int b, int added, void *arg)
{
    struct capacity_freed *x = arg;
    struct freed_place f = {0};
    f.unit_id = x->c->unit_id;
    f.cause = FREED_CAPACITY;
    f.capacity_id = x->c->id;
    f.from_week = a;
    f.to_week = b;
    f.origin_week = a;
    f.pattern = PATTERN_FULL;
    f.seats = added;
    return store__freed_record(x->s, &f, x->ei);
}

/*
 * Seats a period adds, from this week on, are freed (issue 14): all of a
 * new period's, and where an updated one offers more than before (before
 * NULL: a new period; at another unit: all of them).
 */
static int capacity_freed(struct store *s, const struct capacity *before,
                          const struct capacity *c, struct err_info *ei)
{
    struct capacity_freed x = {s, c, ei};
    int same = before && before->unit_id == c->unit_id;
    return freed_capacity_runs(
        same ? before->from_week : 0, same ? before->to_week : 0,
        same ? before->seats : 0, c->from_week, c->to_week, c->seats,
        store__this_week(s), capacity_freed_run, &x);
}

/* Checks every field of c, then opens the write that stores it. */
static int store_capacity_begin(struct store *s, const struct capacity *c,
                                struct err_info *ei)
{
    int rc = store_capacity_check(c, ei);
    return rc ? rc : store__write_begin(s, ei);
}

int store_capacity_insert(struct store *s, struct capacity *c,
                          struct err_info *ei)
{
    int rc = store_capacity_begin(s, c, ei);
    if (rc)
        return rc;
    rc = store_capacity_clash(s, c, 0, ei);
    if (rc == 0) {
        rc = store__exec(s, ei, &c->id,
                         "INSERT INTO capacity (unit_id, from_week, to_week, "
                         "seats, patterns, note) VALUES (?, ?, ?, ?, ?, ?) "
                         "RETURNING id",
                         "liiiit", c->unit_id, c->from_week, c->to_week,
                         c->seats, (int)c->patterns, c->note);
        rc = store__name_failure(ei, rc, NULL, "unit_id");
    }
    if (rc == 0)
        rc = store__audit(s, "capacity", "insert", c->id, NULL,
                          store_capacity_json(c), ei);
    if (rc == 0)
        rc = capacity_freed(s, NULL, c, ei);
    return store__write_end(s, rc);
}

int store_capacity_get(struct store *s, int64_t id, struct capacity *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, unit_id, from_week, to_week, seats, "
                          "patterns, note FROM capacity WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "capacity", id)) == 0)
        store_capacity_read(st, out);
    store__finalize(st);
    return rc;
}

int store_capacity_update(struct store *s, const struct capacity *c,
                          struct err_info *ei)
{
    int rc = store_capacity_begin(s, c, ei);
    if (rc)
        return rc;
    struct capacity before;
    rc = store_capacity_get(s, c->id, &before, ei);
    if (rc == 0)
        rc = store_capacity_clash(s, c, c->id, ei);
    if (rc == 0) {
        rc = store__exec(s, ei, NULL,
                         "UPDATE capacity SET unit_id = ?, from_week = ?, "
                         "to_week = ?, seats = ?, patterns = ?, note = ? "
                         "WHERE id = ?",
                         "liiiitl", c->unit_id, c->from_week, c->to_week,
                         c->seats, (int)c->patterns, c->note, c->id);
        rc = store__name_failure(ei, rc, NULL, "unit_id");
    }
    if (rc == 0)
        rc = store__audit(s, "capacity", "update", c->id,
                          store_capacity_json(&before), store_capacity_json(c),
                          ei);
    if (rc == 0)
        rc = capacity_freed(s, &before, c, ei);
    return store__write_end(s, rc);
}

/* Stops at the first overbooked week, keeping it in *(int *)arg. */
static int store_capacity_first(int week, int seats, int occupancy, void *arg)
{
    (void)seats;
    (void)occupancy;
    *(int *)arg = week;
    return 1;
}

int store_capacity_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct capacity before;
    rc = store_capacity_get(s, id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM capacity WHERE id = ?", "l",
                         id);
    if (rc == 0) {
        /* With the period gone, any occupied week of it is overbooked. */
        int week = STORE_NONE;
        rc = store_unit_overbooked(s, before.unit_id, before.from_week,
                                   before.to_week, store_capacity_first, &week,
                                   ei);
        if (rc == 1) {
            char w[WEEK_STR_MAX];
            week_format(week, w);
            rc = err_set(ei, ERR_CONFLICT, "id",
                         "bookings occupy week %s of this period: cancel "
                         "or move them first, or keep the period with 0 "
                         "seats to close it",
                         w);
        }
    }
    if (rc == 0)
        rc = store__audit(s, "capacity", "delete", id,
                          store_capacity_json(&before), NULL, ei);
    return store__write_end(s, rc);
}

/* A seat held for another region (issue 17) occupies as a booking does. */
struct capacity_held {
    int from, to;
    int *occupancy;
};

static int capacity_held_row(const struct store_xheld *h, void *arg)
{
    struct capacity_held *x = arg;
    for (int w = h->start_week > x->from ? h->start_week : x->from;
         w < h->end_week && w < x->to; w++)
        x->occupancy[w - x->from] +=
            pattern_occupancy(h->pattern, w - h->start_week);
    return 0;
}

int store_unit_overbooked(struct store *s, int64_t unit_id, int from_week,
                          int to_week,
                          int (*each)(int week, int seats, int occupancy,
                                      void *arg),
                          void *arg, struct err_info *ei)
{
    if (from_week < WEEK_MIN)
        from_week = WEEK_MIN;
    if (to_week > WEEK_MAX + 1)
        to_week = WEEK_MAX + 1;
    if (to_week <= from_week)
        return 0;
    size_t n = (size_t)(to_week - from_week);
    int *seats = xcalloc(n, sizeof(*seats));
    int *occupancy = xcalloc(n, sizeof(*occupancy));
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT from_week, to_week, seats FROM capacity "
                          "WHERE unit_id = ? AND from_week < ? AND to_week > ?",
                          "lii", unit_id, to_week, from_week);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        int a = store__col_int(st, 0), b = store__col_int(st, 1);
        int v = store__col_int(st, 2);
        for (int w = a > from_week ? a : from_week; w < b && w < to_week; w++)
            seats[w - from_week] += v;
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT start_week, end_week, pattern FROM booking "
                          "WHERE unit_id = ? AND start_week < ? "
                          "AND end_week > ? "
                          "AND status IN ('requested', 'confirmed', "
                          "'completed') "
                          /* A form's groups are capacity of their own. */
                          "AND NOT EXISTS (SELECT 1 FROM booking_form bf "
                          "WHERE bf.booking_id = booking.id)",
                          "lii", unit_id, to_week, from_week);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        int a = store__col_int(st, 0), b = store__col_int(st, 1);
        enum pattern p = PATTERN_FULL;
        pattern_parse(store__col_text(st, 2), &p);
        for (int w = a > from_week ? a : from_week; w < b && w < to_week; w++)
            occupancy[w - from_week] += pattern_occupancy(p, w - a);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    struct capacity_held held = {from_week, to_week, occupancy};
    if (rc == 0)
        rc = store__xheld_each(s, 0, unit_id, from_week, to_week,
                               capacity_held_row, &held, ei);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (occupancy[i] > seats[i] * 100)
            rc = each(from_week + (int)i, seats[i], occupancy[i], arg);
    free(seats);
    free(occupancy);
    return rc;
}
