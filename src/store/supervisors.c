/* Supervisors (handledare) in the store: their list, their records, and
 * their appointment to trainees and rotations (store/people.h). */
#include "store/store_impl.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/*
 * The columns store_supervisor_item_read() reads: the supervisor, the
 * person, the unit's name, the active trainees and the open rotations they
 * supervise.
 */
#define SUPERVISOR_ITEM                                                        \
    "SELECT sv.id, sv.person_id, sv.unit_id, sv.trained_on, "                  \
    "sv.specialist_since, p.id, p.name, p.email, p.hsa_id, u.name, "           \
    "(SELECT count(*) FROM trainee t WHERE t.supervisor_id = sv.id "           \
    " AND t.status IN ('active', 'on_leave')), "                               \
    "(SELECT count(*) FROM booking b WHERE b.supervisor_id = sv.id "           \
    " AND b.status IN ('requested', 'confirmed')) "                            \
    "FROM supervisor sv JOIN person p ON p.id = sv.person_id "                 \
    "JOIN unit u ON u.id = sv.unit_id "

/* Whom the scope sees: the supervisor's unit, or a trainee of theirs. */
#define SUPERVISOR_SEEN                                                        \
    "(randa_sees(NULL, NULL, NULL, u.id, u.region_id) OR EXISTS ("             \
    "SELECT 1 FROM trainee t JOIN unit hu ON hu.id = t.home_unit_id "          \
    "WHERE t.supervisor_id = sv.id "                                           \
    "AND randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL))) "

static void supervisor_item_read(struct store_stmt *st,
                                 struct supervisor_item *out)
{
    memset(out, 0, sizeof(*out));
    out->supervisor.id = store__col_int64(st, 0);
    out->supervisor.person_id = store__col_int64(st, 1);
    out->supervisor.unit_id = store__col_int64(st, 2);
    store__column_text(st, 3, out->supervisor.trained_on,
                       sizeof(out->supervisor.trained_on));
    store__column_text(st, 4, out->supervisor.specialist_since,
                       sizeof(out->supervisor.specialist_since));
    out->person.id = store__col_int64(st, 5);
    store__column_text(st, 6, out->person.name, sizeof(out->person.name));
    store__column_text(st, 7, out->person.email, sizeof(out->person.email));
    store__column_text(st, 8, out->person.hsa_id, sizeof(out->person.hsa_id));
    store__column_text(st, 9, out->unit_name, sizeof(out->unit_name));
    out->trainees = store__col_int(st, 10);
    out->rotations = store__col_int(st, 11);
}

static int supervisor_item_row(struct store_stmt *st,
                               const struct store__list *l)
{
    struct supervisor_item it;
    supervisor_item_read(st, &it);
    return l->each.supervisor(&it, l->arg);
}

int store_supervisor_list(struct store *s, const struct supervisor_filter *f,
                          int limit, int offset,
                          int (*each)(const struct supervisor_item *, void *),
                          void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, supervisor_item_row, {.supervisor = each}, arg,
    };
    return store__list_all(
        s, &l, ei,
        SUPERVISOR_ITEM "WHERE (?1 IS NULL OR sv.unit_id = ?1) "
                        "AND (?4 IS NULL OR sv.id = ?4) "
                        "AND (?2 IS NULL OR " STORE_HAS("p.name", "?2") //
        " OR " STORE_HAS("p.email", "?2")                               //
        ") AND (?3 = 0 OR sv.trained_on IS NULL) "
        "AND " SUPERVISOR_SEEN "ORDER BY p.name, sv.id",
        "dTid", f->unit_id, f->q, f->untrained ? 1 : 0, f->id);
}

int store_supervisor_item_get(struct store *s, int64_t id,
                              struct supervisor_item *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc =
        store__query(s, &st, ei, SUPERVISOR_ITEM "WHERE sv.id = ?1", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "supervisor", id)) == 0)
        supervisor_item_read(st, out);
    store__finalize(st);
    return rc;
}

static json_t *supervisor_json(const struct supervisor *sv)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:s}", "id", (json_int_t)sv->id,
                     "person_id", (json_int_t)sv->person_id, "unit_id",
                     (json_int_t)sv->unit_id, "trained_on", sv->trained_on,
                     "specialist_since", sv->specialist_since);
}

int store_supervisor_create(struct store *s, struct person *p,
                            struct supervisor *sv, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    if (p->id == 0)
        rc = store_person_insert(s, p, ei);
    else
        rc = store_person_get(s, p->id, p, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "person_id",
                     "person_id: no person has id %lld", (long long)p->id);
    sv->person_id = p->id;
    if (rc == 0)
        rc = store_supervisor_insert(s, sv, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "unit_id",
                     "unit_id: no unit has id %lld", (long long)sv->unit_id);
    else if (rc == ERR_CONFLICT)
        rc = err_set(ei, ERR_CONFLICT, "person_id",
                     "person_id: %s supervises at that unit already", p->name);
    if (rc == 0)
        rc = store__audit(s, "supervisor", "insert", sv->id, NULL,
                          supervisor_json(sv), ei);
    return store__write_end(s, rc);
}

int store_supervisor_update(struct store *s, const struct supervisor *sv,
                            struct err_info *ei)
{
    int rc = store__check_opt_date(ei, "trained_on", sv->trained_on);
    if (rc == 0)
        rc =
            store__check_opt_date(ei, "specialist_since", sv->specialist_since);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct supervisor before, after;
    rc = store_supervisor_get(s, sv->id, &before, ei);
    if (rc == 0) {
        after = before;
        memcpy(after.trained_on, sv->trained_on, sizeof(after.trained_on));
        memcpy(after.specialist_since, sv->specialist_since,
               sizeof(after.specialist_since));
        rc = store__exec(s, ei, NULL,
                         "UPDATE supervisor SET trained_on = ?, "
                         "specialist_since = ? WHERE id = ?",
                         "TTl", after.trained_on, after.specialist_since,
                         after.id);
    }
    if (rc == 0)
        rc =
            store__audit(s, "supervisor", "update", sv->id,
                         supervisor_json(&before), supervisor_json(&after), ei);
    return store__write_end(s, rc);
}

/* 0 when supervisor_id is 0 or exists; ERR_INVAL naming it otherwise. */
static int supervisor_exists(struct store *s, int64_t supervisor_id,
                             struct supervisor *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    if (supervisor_id == 0)
        return 0;
    int rc = store_supervisor_get(s, supervisor_id, out, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_INVAL, "supervisor_id",
                     "supervisor_id: no supervisor has id %lld",
                     (long long)supervisor_id);
    return rc;
}

static json_t *appointed_json(int64_t supervisor_id)
{
    return json_pack("{s:o}", "supervisor_id",
                     supervisor_id ? json_integer(supervisor_id) : json_null());
}

int store_trainee_appoint(struct store *s, int64_t trainee_id,
                          int64_t supervisor_id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct trainee t;
    struct supervisor sv;
    rc = store_trainee_get(s, trainee_id, &t, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "id", "trainee %lld does not exist",
                     (long long)trainee_id);
    if (rc == 0)
        rc = supervisor_exists(s, supervisor_id, &sv, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE trainee SET supervisor_id = ? WHERE id = ?",
                         "dl", supervisor_id, trainee_id);
    if (rc == 0)
        rc = store__audit(s, "trainee", "update", trainee_id,
                          appointed_json(t.supervisor_id),
                          appointed_json(supervisor_id), ei);
    return store__write_end(s, rc);
}

int store_booking_appoint(struct store *s, int64_t booking_id,
                          int64_t supervisor_id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct booking b;
    struct supervisor sv;
    rc = store_booking_get(s, booking_id, &b, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_NOTFOUND, "id", "booking %lld does not exist",
                     (long long)booking_id);
    if (rc == 0)
        rc = supervisor_exists(s, supervisor_id, &sv, ei);
    if (rc == 0 && supervisor_id && sv.unit_id != b.unit_id)
        rc = err_set(ei, ERR_INVAL, "supervisor_id",
                     "supervisor_id: supervisor %lld is not at the unit of "
                     "the rotation",
                     (long long)supervisor_id);
    if (rc == 0 &&
        (b.status == BOOKING_DECLINED || b.status == BOOKING_CANCELLED))
        rc = err_set(ei, ERR_CONFLICT, "id",
                     "the booking is %s: it has no rotation to supervise",
                     vocab_name(&vocab_booking_status, b.status));
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE booking SET supervisor_id = ? WHERE id = ?",
                         "dl", supervisor_id, booking_id);
    if (rc == 0)
        rc = store__audit(s, "booking", "update", booking_id,
                          appointed_json(b.supervisor_id),
                          appointed_json(supervisor_id), ei);
    return store__write_end(s, rc);
}
