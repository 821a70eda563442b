/* Bookings and the audit log in the SQLite store. */
#include "store/store_impl.h"

#include "domain/booking.h"
#include "domain/reoffer.h"
#include "domain/week.h"
#include "store/forms.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The booking as the JSON object the audit log keeps. */
static char *store_booking_json(const struct booking *b)
{
    json_t *o = json_pack(
        "{s:I, s:I, s:I, s:I, s:i, s:i, s:s, s:i, s:s, s:s, s:s, s:s}", "id",
        (json_int_t)b->id, "trainee_id", (json_int_t)b->trainee_id, "need_id",
        (json_int_t)b->need_id, "unit_id", (json_int_t)b->unit_id, "start_week",
        b->start_week, "end_week", b->end_week, "pattern",
        pattern_name(b->pattern), "weeks", b->weeks, "status",
        vocab_name(&vocab_booking_status, b->status), "cancel_reason",
        vocab_name(&vocab_cancel_reason, b->cancel_reason), "created_at",
        b->created_at, "updated_at", b->updated_at);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}

/* Appends an audit row for a booking change; before or after may be NULL. */
static int store_booking_audit(struct store *s, const char *action,
                               const struct booking *before,
                               const struct booking *after, struct err_info *ei)
{
    struct audit a = {0};
    snprintf(a.actor, sizeof(a.actor), "%s", s->actor);
    snprintf(a.entity, sizeof(a.entity), "booking");
    snprintf(a.action, sizeof(a.action), "%s", action);
    a.entity_id = after ? after->id : before->id;
    a.before_json = before ? store_booking_json(before) : NULL;
    a.after_json = after ? store_booking_json(after) : NULL;
    int rc = store_audit_insert(s, &a, ei);
    store_audit_release(&a);
    return rc;
}

static int store_booking_check(const struct booking *b, struct err_info *ei)
{
    int rc =
        store__check_range(ei, "start_week", b->start_week, WEEK_MIN, WEEK_MAX);
    if (rc == 0 && (unsigned)b->pattern >= PATTERN_COUNT)
        rc = err_set(ei, ERR_INVAL, "pattern", "pattern: not a known pattern");
    if (rc == 0)
        rc = store__check_range(ei, "weeks", b->weeks, PATTERN_WEEKS_MIN,
                                PATTERN_WEEKS_MAX);
    if (rc == 0)
        rc = store__check_vocab(ei, "status", &vocab_booking_status, b->status);
    if (rc == 0 &&
        (b->status == BOOKING_CANCELLED) != (b->cancel_reason != CANCEL_NONE))
        rc = err_set(ei, ERR_INVAL, "cancel_reason",
                     "cancel_reason: given exactly when cancelled");
    if (rc == 0 && b->cancel_reason != CANCEL_NONE)
        rc = store__check_vocab(ei, "cancel_reason", &vocab_cancel_reason,
                                b->cancel_reason);
    return rc;
}

int store_booking_insert(struct store *s, struct booking *b,
                         struct err_info *ei)
{
    int rc = store_booking_check(b, ei);
    if (rc)
        return rc;
    struct trainee t;
    if ((rc = store_trainee_get(s, b->trainee_id, &t, ei)) != 0)
        return err_set(ei, rc, "trainee_id", "trainee_id: no trainee %lld",
                       (long long)b->trainee_id);
    b->end_week = b->start_week + pattern_len(b->pattern, b->weeks, t.fte);
    if (b->end_week > WEEK_MAX + 1)
        return err_set(ei, ERR_INVAL, "start_week",
                       "start_week: the booking would end after %d", 2199);
    store__timestamp(s, b->created_at);
    memcpy(b->updated_at, b->created_at, sizeof(b->updated_at));
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__exec(
        s, ei, &b->id,
        "INSERT INTO booking (trainee_id, need_id, unit_id, start_week, "
        "end_week, pattern, weeks, status, cancel_reason, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "ldliititTtt", b->trainee_id, b->need_id, b->unit_id, b->start_week,
        b->end_week, pattern_name(b->pattern), b->weeks,
        vocab_name(&vocab_booking_status, b->status),
        vocab_name(&vocab_cancel_reason, b->cancel_reason), b->created_at,
        b->updated_at);
    rc = store__name_failure(ei, rc, NULL, "need_id or unit_id");
    /* A booking that holds its seat books its need; a completed one is
     * the need done. */
    if (rc == 0 && b->need_id && booking_holds_seat(b->status))
        rc = store__exec(
            s, ei, NULL, "UPDATE rotation_need SET status = ? WHERE id = ?",
            "tl", b->status == BOOKING_COMPLETED ? "done" : "booked",
            b->need_id);
    if (rc == 0)
        rc = store_booking_audit(s, "insert", NULL, b, ei);
    return store__write_end(s, rc);
}

void store__booking_read(struct store_stmt *st, struct booking *out)
{
    int status = 0, reason = CANCEL_NONE;
    enum pattern p = PATTERN_FULL;
    out->id = store__col_int64(st, 0);
    out->trainee_id = store__col_int64(st, 1);
    out->need_id = store__column_id(st, 2);
    out->unit_id = store__col_int64(st, 3);
    out->start_week = store__col_int(st, 4);
    out->end_week = store__col_int(st, 5);
    pattern_parse(store__col_text(st, 6), &p);
    out->pattern = p;
    out->weeks = store__col_int(st, 7);
    vocab_parse(&vocab_booking_status, store__col_text(st, 8), &status);
    out->status = (enum booking_status)status;
    if (!store__col_null(st, 9))
        vocab_parse(&vocab_cancel_reason, store__col_text(st, 9), &reason);
    out->cancel_reason = (enum cancel_reason)reason;
    store__column_text(st, 10, out->created_at, sizeof(out->created_at));
    store__column_text(st, 11, out->updated_at, sizeof(out->updated_at));
    out->supervisor_id = store__column_id(st, 12);
}

int store_booking_get(struct store *s, int64_t id, struct booking *out,
                      struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " STORE_BOOKING_COLUMNS "FROM booking b "
                          "WHERE b.id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "booking", id)) == 0)
        store__booking_read(st, out);
    store__finalize(st);
    return rc;
}

int store_booking_set_status(struct store *s, int64_t id,
                             enum booking_status status,
                             enum cancel_reason reason, struct err_info *ei)
{
    struct booking before, after;
    /* The booking is read inside the write, so that two moves of one
     * booking cannot both start from the same status (a cancellation
     * frees its seat-weeks once). */
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_booking_get(s, id, &before, ei);
    if (rc == 0 && !booking_can_move(before.status, status))
        rc = err_set(ei, ERR_CONFLICT, "status",
                     "status: a %s booking cannot become %s",
                     vocab_name(&vocab_booking_status, before.status),
                     vocab_name(&vocab_booking_status, status)
                         ? vocab_name(&vocab_booking_status, status)
                         : "that");
    /* A group of a form is confirmed when it is complete (issue 18). */
    if (rc == 0 && status == BOOKING_CONFIRMED)
        rc = store__form_confirm_check(s, id, ei);
    if (rc)
        return store__write_end(s, rc);
    after = before;
    after.status = status;
    after.cancel_reason = reason;
    store__timestamp(s, after.updated_at);
    if ((rc = store_booking_check(&after, ei)) != 0)
        return store__write_end(s, rc);
    rc = store__exec(s, ei, NULL,
                     "UPDATE booking SET status = ?, cancel_reason = ?, "
                     "updated_at = ? WHERE id = ?",
                     "tTtl", vocab_name(&vocab_booking_status, status),
                     vocab_name(&vocab_cancel_reason, reason), after.updated_at,
                     id);
    /* The need follows its booking: open again when the booking ends
     * without being done (unless another booking holds it), done when it
     * is completed. */
    if (rc == 0 && before.need_id &&
        (status == BOOKING_DECLINED || status == BOOKING_CANCELLED))
        rc = store__exec(s, ei, NULL,
                         "UPDATE rotation_need SET status = 'open' "
                         "WHERE id = ?1 AND status = 'booked' "
                         "AND NOT EXISTS (SELECT 1 FROM booking "
                         "WHERE need_id = ?1 AND id <> ?2 "
                         "AND status IN ('requested', 'confirmed'))",
                         "ll", before.need_id, id);
    if (rc == 0 && before.need_id && status == BOOKING_COMPLETED)
        rc = store__exec(s, ei, NULL,
                         "UPDATE rotation_need SET status = 'done' "
                         "WHERE id = ?",
                         "l", before.need_id);
    if (rc == 0)
        rc = store_booking_audit(s, "update", &before, &after, ei);
    /* A confirmed booking cancelled frees its weeks from now on, to be
     * offered again (issue 14); a request withdrawn frees nothing anyone
     * had planned for. */
    int from, to;
    int64_t in_form = 0;
    if (rc == 0 && before.status == BOOKING_CONFIRMED &&
        status == BOOKING_CANCELLED)
        rc = store__count(s, ei, &in_form,
                          "SELECT count(*) FROM booking_form "
                          "WHERE booking_id = ?",
                          "l", id);
    /* A place in a form's group is the group's weeks whole: one who joins
     * takes them all, so it is freed only before the group begins. */
    if (rc == 0 && in_form && before.start_week < store__this_week(s))
        in_form = -1;
    if (rc == 0 && in_form >= 0 && before.status == BOOKING_CONFIRMED &&
        status == BOOKING_CANCELLED &&
        freed_booking_weeks(before.start_week, before.end_week,
                            store__this_week(s), &from, &to)) {
        struct freed_place f = {0};
        f.unit_id = before.unit_id;
        f.cause = FREED_CANCELLED;
        f.booking_id = before.id;
        f.from_week = from;
        f.to_week = to;
        f.origin_week = before.start_week;
        f.pattern = before.pattern;
        f.seats = 1;
        rc = store__freed_record(s, &f, ei);
    }
    return store__write_end(s, rc);
}
