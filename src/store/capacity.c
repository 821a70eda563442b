/* Capacity periods in the SQLite store: lists, updates and deletes, and the
 * weeks in which bookings occupy more seats than a unit offers. (Inserts
 * and single reads are in booking.c.) */
#include "store/store_impl.h"

#include "domain/week.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads "id, unit_id, from_week, to_week, seats, patterns, note". */
static void store_capacity_read(sqlite3_stmt *st, struct capacity *out)
{
    out->id = sqlite3_column_int64(st, 0);
    out->unit_id = sqlite3_column_int64(st, 1);
    out->from_week = sqlite3_column_int(st, 2);
    out->to_week = sqlite3_column_int(st, 3);
    out->seats = sqlite3_column_int(st, 4);
    out->patterns = (unsigned)sqlite3_column_int(st, 5);
    store__column_text(st, 6, out->note, sizeof(out->note));
}

int store_capacity_list(struct store *s, const struct capacity_filter *f,
                        int limit, int offset,
                        int (*each)(const struct capacity *, void *), void *arg,
                        int64_t *total, struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    /*
     * The unit filter is a range, so that it uses the index on (unit_id,
     * from_week) with or without a unit, and the index gives the order.
     */
    int64_t lo = f->unit_id ? f->unit_id : INT64_MIN;
    int64_t hi = f->unit_id ? f->unit_id : INT64_MAX;
    int rc = store__query(
        s, &st, ei,
        "SELECT c.id, c.unit_id, c.from_week, c.to_week, c.seats, "
        "c.patterns, c.note FROM capacity c "
        "WHERE c.unit_id BETWEEN ?1 AND ?2 "
        "AND (?3 IS NULL OR c.to_week > ?3) "
        "AND (?4 IS NULL OR c.from_week < ?4) "
        "AND (?5 IS NULL OR c.unit_id IN "
        "(SELECT u.id FROM unit u WHERE u.specialty_id = ?5)) "
        "ORDER BY c.unit_id, c.from_week",
        "llood", lo, hi, f->from_week, f->to_week, f->specialty_id);
    if (rc)
        return rc;
    int64_t n = 0;
    int step;
    if (offset < 0)
        offset = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n >= offset && (limit < 0 || n - offset < limit)) {
            struct capacity c;
            store_capacity_read(st, &c);
            rc = each(&c, arg);
        }
        n++;
        if (rc)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store__db_error(s, step, ei);
    sqlite3_finalize(st);
    if (total)
        *total = n;
    return rc;
}

/* The same checks as on insert (booking.c). */
static int store_capacity_valid(const struct capacity *c, struct err_info *ei)
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

/* ERR_CONFLICT if a period of the unit other than c overlaps c's weeks. */
static int store_capacity_clash(struct store *s, const struct capacity *c,
                                struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT from_week, to_week FROM capacity "
                          "WHERE unit_id = ? AND from_week < ? "
                          "AND to_week > ? AND id <> ? "
                          "ORDER BY from_week LIMIT 1",
                          "liil", c->unit_id, c->to_week, c->from_week, c->id);
    if (rc)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        char a[WEEK_STR_MAX], b[WEEK_STR_MAX];
        week_format(sqlite3_column_int(st, 0), a);
        week_format(sqlite3_column_int(st, 1) - 1, b);
        rc = err_set(ei, ERR_CONFLICT, "from_week",
                     "from_week: overlaps the unit's period %s to %s", a, b);
    } else if (step != SQLITE_DONE) {
        rc = store__db_error(s, step, ei);
    }
    sqlite3_finalize(st);
    return rc;
}

/* The period as the JSON object the audit log keeps. */
static char *store_capacity_json(const struct capacity *c)
{
    json_t *o =
        json_pack("{s:I, s:I, s:i, s:i, s:i, s:i, s:s}", "id",
                  (json_int_t)c->id, "unit_id", (json_int_t)c->unit_id,
                  "from_week", c->from_week, "to_week", c->to_week, "seats",
                  c->seats, "patterns", (int)c->patterns, "note", c->note);
    char *text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    return text;
}

/* Appends an audit row for a period; before or after may be NULL. */
static int store_capacity_audit(struct store *s, const char *action,
                                const struct capacity *before,
                                const struct capacity *after,
                                struct err_info *ei)
{
    struct audit a = {0};
    snprintf(a.actor, sizeof(a.actor), "%s", s->actor);
    snprintf(a.entity, sizeof(a.entity), "capacity");
    snprintf(a.action, sizeof(a.action), "%s", action);
    a.entity_id = after ? after->id : before->id;
    a.before_json = before ? store_capacity_json(before) : NULL;
    a.after_json = after ? store_capacity_json(after) : NULL;
    int rc = store_audit_insert(s, &a, ei);
    store_audit_release(&a);
    return rc;
}

int store_capacity_update(struct store *s, const struct capacity *c,
                          struct err_info *ei)
{
    int rc = store_capacity_valid(c, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct capacity before;
    rc = store_capacity_get(s, c->id, &before, ei);
    if (rc == 0)
        rc = store_capacity_clash(s, c, ei);
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
        rc = store_capacity_audit(s, "update", &before, c, ei);
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
        rc = store_capacity_audit(s, "delete", &before, NULL, ei);
    return store__write_end(s, rc);
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
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT from_week, to_week, seats FROM capacity "
                          "WHERE unit_id = ? AND from_week < ? AND to_week > ?",
                          "lii", unit_id, to_week, from_week);
    int step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int a = sqlite3_column_int(st, 0), b = sqlite3_column_int(st, 1);
        int v = sqlite3_column_int(st, 2);
        for (int w = a > from_week ? a : from_week; w < b && w < to_week; w++)
            seats[w - from_week] += v;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store__db_error(s, step, ei);
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          "SELECT start_week, end_week, pattern FROM booking "
                          "WHERE unit_id = ? AND start_week < ? "
                          "AND end_week > ? "
                          "AND status IN ('requested', 'confirmed', "
                          "'completed')",
                          "lii", unit_id, to_week, from_week);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        int a = sqlite3_column_int(st, 0), b = sqlite3_column_int(st, 1);
        enum pattern p = PATTERN_FULL;
        pattern_parse((const char *)sqlite3_column_text(st, 2), &p);
        for (int w = a > from_week ? a : from_week; w < b && w < to_week; w++)
            occupancy[w - from_week] += pattern_occupancy(p, w - a);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store__db_error(s, step, ei);
    sqlite3_finalize(st);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (occupancy[i] > seats[i] * 100)
            rc = each(from_week + (int)i, seats[i], occupancy[i], arg);
    free(seats);
    free(occupancy);
    return rc;
}
