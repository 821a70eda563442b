/* People in the SQLite store: persons, supervisors, trainees, their leaves
 * and their rotation needs, with their lists, updates and audit rows. */
#include "store/store_impl.h"

#include "domain/week.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Helpers ---- */

/* Text, or JSON null for "". */
static json_t *people_opt_text(const char *v)
{
    return v[0] ? json_string(v) : json_null();
}

/* An id, or JSON null for 0. */
static json_t *people_opt_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

/* ---- Persons and supervisors ---- */

static int store_person_check(const struct person *p, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", p->name, 1, sizeof(p->name));
    if (rc == 0)
        rc = store__check_text(ei, "email", p->email, 3, sizeof(p->email));
    if (rc == 0 && !strchr(p->email, '@'))
        rc = err_set(ei, ERR_INVAL, "email", "email: must contain '@'");
    if (rc == 0 && p->hsa_id[0])
        rc = store__check_hsa_id(ei, "hsa_id", p->hsa_id);
    return rc;
}

/* Names the field behind a unique violation of person p (id: itself). */
static int store_person_conflict(struct store *s, const struct person *p,
                                 int64_t id, struct err_info *ei)
{
    int64_t n = 0;
    int rc = store__count(s, ei, &n,
                          "SELECT count(*) FROM person "
                          "WHERE email = ? AND id <> ?",
                          "tl", p->email, id);
    if (rc)
        return rc;
    if (n > 0)
        return err_set(ei, ERR_CONFLICT, "email",
                       "email: %s belongs to another person", p->email);
    return err_set(ei, ERR_CONFLICT, "hsa_id",
                   "hsa_id: %s belongs to another person", p->hsa_id);
}

static json_t *store_person_json(const struct person *p)
{
    return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)p->id, "name",
                     p->name, "email", p->email, "hsa_id",
                     people_opt_text(p->hsa_id));
}

int store_person_insert(struct store *s, struct person *p, struct err_info *ei)
{
    int rc = store_person_check(p, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &p->id,
                         "INSERT INTO person (name, email, hsa_id) "
                         "VALUES (?, ?, ?) RETURNING id",
                         "ttT", p->name, p->email, p->hsa_id);
    if (rc == ERR_CONFLICT)
        rc = store_person_conflict(s, p, 0, ei);
    if (rc == 0)
        rc = store__audit(s, "person", "insert", p->id, NULL,
                          store_person_json(p), ei);
    return rc;
}

int store_person_get(struct store *s, int64_t id, struct person *out,
                     struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, name, email, hsa_id FROM person "
                          "WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "person", id)) == 0) {
        out->id = store__col_int64(st, 0);
        store__column_text(st, 1, out->name, sizeof(out->name));
        store__column_text(st, 2, out->email, sizeof(out->email));
        store__column_text(st, 3, out->hsa_id, sizeof(out->hsa_id));
    }
    store__finalize(st);
    return rc;
}

/* Writes person after over before (same id) with its audit row, unless
 * nothing changed. Runs inside the caller's savepoint. */
static int store_person_write(struct store *s, const struct person *before,
                              const struct person *after, struct err_info *ei)
{
    json_t *b = store_person_json(before), *a = store_person_json(after);
    if (json_equal(b, a)) {
        json_decref(b);
        json_decref(a);
        return 0;
    }
    int rc = store__exec(s, ei, NULL,
                         "UPDATE person SET name = ?, email = ?, hsa_id = ? "
                         "WHERE id = ?",
                         "ttTl", after->name, after->email, after->hsa_id,
                         after->id);
    if (rc == ERR_CONFLICT)
        rc = store_person_conflict(s, after, after->id, ei);
    if (rc == 0)
        return store__audit(s, "person", "update", after->id, b, a, ei);
    json_decref(b);
    json_decref(a);
    return rc;
}

int store_person_update(struct store *s, const struct person *p,
                        struct err_info *ei)
{
    struct person before;
    int rc = store_person_check(p, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store_person_get(s, p->id, &before, ei);
    if (rc == 0)
        rc = store_person_write(s, &before, p, ei);
    return store__write_end(s, rc);
}

int store_supervisor_insert(struct store *s, struct supervisor *sv,
                            struct err_info *ei)
{
    int rc = store__check_opt_date(ei, "trained_on", sv->trained_on);
    if (rc == 0)
        rc =
            store__check_opt_date(ei, "specialist_since", sv->specialist_since);
    if (rc == 0)
        rc = store__exec(s, ei, &sv->id,
                         "INSERT INTO supervisor (person_id, unit_id, "
                         "trained_on, specialist_since) VALUES (?, ?, ?, ?) "
                         "RETURNING id",
                         "llTT", sv->person_id, sv->unit_id, sv->trained_on,
                         sv->specialist_since);
    return store__name_failure(ei, rc, "person_id", "person_id or unit_id");
}

int store_supervisor_get(struct store *s, int64_t id, struct supervisor *out,
                         struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, person_id, unit_id, trained_on, "
                          "specialist_since FROM supervisor WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "supervisor", id)) == 0) {
        out->id = store__col_int64(st, 0);
        out->person_id = store__col_int64(st, 1);
        out->unit_id = store__col_int64(st, 2);
        store__column_text(st, 3, out->trained_on, sizeof(out->trained_on));
        store__column_text(st, 4, out->specialist_since,
                           sizeof(out->specialist_since));
    }
    store__finalize(st);
    return rc;
}

/* ---- Trainees ---- */

static int store_trainee_check(const struct trainee *t, struct err_info *ei)
{
    int rc =
        store__check_vocab(ei, "regulation", &vocab_regulation, t->regulation);
    if (rc == 0)
        rc = store__check_date(ei, "start_date", t->start_date);
    if (rc == 0)
        rc = store__check_date(ei, "planned_end", t->planned_end);
    if (rc == 0 && strcmp(t->planned_end, t->start_date) <= 0)
        rc = err_set(ei, ERR_INVAL, "planned_end",
                     "planned_end: must be after start_date");
    if (rc == 0)
        rc = store__check_range(ei, "fte", t->fte, 1, 100);
    if (rc == 0)
        rc = store__check_vocab(ei, "status", &vocab_trainee_status, t->status);
    return rc;
}

/*
 * After a write of trainee t failed on a foreign key (rc ERR_NOTFOUND),
 * names the reference that is missing; other failures pass through.
 */
static int store_trainee_blame(struct store *s, const struct trainee *t, int rc,
                               struct err_info *ei)
{
    if (rc == ERR_CONFLICT)
        return err_set(ei, ERR_CONFLICT, "specialty_id",
                       "specialty_id: the person already trains in "
                       "specialty %lld",
                       (long long)t->specialty_id);
    if (rc != ERR_NOTFOUND)
        return rc;
    int why = store__exists(s, ei, "SELECT 1 FROM person WHERE id = ?",
                            t->person_id, "person_id", "person");
    if (why == 0)
        why = store__exists(s, ei, "SELECT 1 FROM specialty WHERE id = ?",
                            t->specialty_id, "specialty_id", "specialty");
    if (why == 0)
        why = store__exists(s, ei, "SELECT 1 FROM unit WHERE id = ?",
                            t->home_unit_id, "home_unit_id", "unit");
    if (why == 0 && t->supervisor_id)
        why = store__exists(s, ei, "SELECT 1 FROM supervisor WHERE id = ?",
                            t->supervisor_id, "supervisor_id", "supervisor");
    return why ? why : rc;
}

static json_t *store_trainee_json(const struct trainee *t)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:I, s:o, s:s, s:i, s:s, s:s}", "id",
                     (json_int_t)t->id, "person_id", (json_int_t)t->person_id,
                     "specialty_id", (json_int_t)t->specialty_id, "regulation",
                     vocab_name(&vocab_regulation, t->regulation),
                     "home_unit_id", (json_int_t)t->home_unit_id,
                     "supervisor_id", people_opt_id(t->supervisor_id),
                     "start_date", t->start_date, "fte", t->fte, "planned_end",
                     t->planned_end, "status",
                     vocab_name(&vocab_trainee_status, t->status));
}

int store_trainee_insert(struct store *s, struct trainee *t,
                         struct err_info *ei)
{
    int rc = store_trainee_check(t, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store__exec(
        s, ei, &t->id,
        "INSERT INTO trainee (person_id, specialty_id, regulation, "
        "home_unit_id, supervisor_id, start_date, fte, planned_end, "
        "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        "lltldtitt", t->person_id, t->specialty_id,
        vocab_name(&vocab_regulation, t->regulation), t->home_unit_id,
        t->supervisor_id, t->start_date, t->fte, t->planned_end,
        vocab_name(&vocab_trainee_status, t->status));
    if (rc)
        rc = store_trainee_blame(s, t, rc, ei);
    if (rc == 0)
        rc = store__audit(s, "trainee", "insert", t->id, NULL,
                          store_trainee_json(t), ei);
    return store__write_end(s, rc);
}

static void store_trainee_read(struct store_stmt *st, struct trainee *out)
{
    int reg = 0, status = 0;
    out->id = store__col_int64(st, 0);
    out->person_id = store__col_int64(st, 1);
    out->specialty_id = store__col_int64(st, 2);
    vocab_parse(&vocab_regulation, store__col_text(st, 3), &reg);
    out->regulation = (enum regulation)reg;
    out->home_unit_id = store__col_int64(st, 4);
    out->supervisor_id = store__column_id(st, 5);
    store__column_text(st, 6, out->start_date, sizeof(out->start_date));
    out->fte = store__col_int(st, 7);
    store__column_text(st, 8, out->planned_end, sizeof(out->planned_end));
    vocab_parse(&vocab_trainee_status, store__col_text(st, 9), &status);
    out->status = (enum trainee_status)status;
}

int store_trainee_get(struct store *s, int64_t id, struct trainee *out,
                      struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, person_id, specialty_id, regulation, "
                          "home_unit_id, supervisor_id, start_date, fte, "
                          "planned_end, status FROM trainee WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "trainee", id)) == 0)
        store_trainee_read(st, out);
    store__finalize(st);
    return rc;
}

int store_trainee_create(struct store *s, struct person *p, struct trainee *t,
                         struct err_info *ei)
{
    int rc = store_person_check(p, ei);
    if (rc == 0)
        rc = store_trainee_check(t, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store_person_insert(s, p, ei);
    if (rc == 0) {
        t->person_id = p->id;
        rc = store_trainee_insert(s, t, ei);
    }
    return store__write_end(s, rc);
}

int store_trainee_update(struct store *s, const struct person *p,
                         const struct trainee *t, struct err_info *ei)
{
    struct trainee before;
    struct person pbefore;
    int rc = store_trainee_check(t, ei);
    if (rc == 0 && p)
        rc = store_person_check(p, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store_trainee_get(s, t->id, &before, ei);
    if (rc == 0 &&
        (t->person_id != before.person_id || (p && p->id != before.person_id)))
        rc = err_set(ei, ERR_INVAL, "person_id",
                     "person_id: a trainee's person cannot change");
    if (rc == 0 && p && (rc = store_person_get(s, p->id, &pbefore, ei)) == 0)
        rc = store_person_write(s, &pbefore, p, ei);
    json_t *b = NULL, *a = NULL;
    if (rc == 0) {
        b = store_trainee_json(&before);
        a = store_trainee_json(t);
    }
    if (rc == 0 && !json_equal(b, a)) {
        rc = store__exec(
            s, ei, NULL,
            "UPDATE trainee SET specialty_id = ?, regulation = ?, "
            "home_unit_id = ?, supervisor_id = ?, start_date = ?, fte = ?, "
            "planned_end = ?, status = ? WHERE id = ?",
            "ltldtittl", t->specialty_id,
            vocab_name(&vocab_regulation, t->regulation), t->home_unit_id,
            t->supervisor_id, t->start_date, t->fte, t->planned_end,
            vocab_name(&vocab_trainee_status, t->status), t->id);
        if (rc)
            rc = store_trainee_blame(s, t, rc, ei);
        if (rc == 0) {
            rc = store__audit(s, "trainee", "update", t->id, b, a, ei);
            b = a = NULL;
        }
    }
    json_decref(b);
    json_decref(a);
    return store__write_end(s, rc);
}

/*
 * The trainee list's columns: trainee (0-9), person (10-12), specialty
 * (13-17), home unit (18-20), open needs and their weeks (21-22).
 */
#define PEOPLE_TRAINEE_SELECT                                                  \
    "SELECT t.id, t.person_id, t.specialty_id, t.regulation, "                 \
    "t.home_unit_id, t.supervisor_id, t.start_date, t.fte, t.planned_end, "    \
    "t.status, p.name, p.email, p.hsa_id, sp.code, sp.name_sv, sp.name_en, "   \
    "sp.kind, sp.parent_id, hu.name, hu.area_id, hu.region_id, "               \
    "(SELECT count(*) FROM rotation_need n "                                   \
    " WHERE n.trainee_id = t.id AND n.status = 'open'), "                      \
    "(SELECT coalesce(sum(n.weeks), 0) FROM rotation_need n "                  \
    " WHERE n.trainee_id = t.id AND n.status = 'open') "                       \
    "FROM trainee t JOIN person p ON p.id = t.person_id "                      \
    "JOIN specialty sp ON sp.id = t.specialty_id "                             \
    "JOIN unit hu ON hu.id = t.home_unit_id "

/* The trainee list's filter, parameters ?1 to ?8. */
#define PEOPLE_TRAINEE_WHERE                                                   \
    "WHERE (?1 IS NULL OR t.specialty_id = ?1) "                               \
    "AND (?2 IS NULL OR t.home_unit_id = ?2) "                                 \
    "AND (?3 IS NULL OR hu.area_id = ?3) "                                     \
    "AND (?4 IS NULL OR hu.region_id = ?4) "                                   \
    "AND (?5 IS NULL OR t.status = ?5) "                                       \
    "AND (?6 IS NULL OR t.regulation = ?6) "                                   \
    "AND (?7 IS NULL OR " STORE_HAS("p.name", "?7") " OR " STORE_HAS(          \
        "p.email", "?7") ") "                                                  \
                         "AND (?8 IS NULL OR t.supervisor_id = ?8) "           \
                         "AND randa_sees(t.id, t.home_unit_id, hu.region_id, " \
                         "NULL, NULL) "

static void store_trainee_item_read(struct store_stmt *st,
                                    struct trainee_item *out)
{
    int kind = 0;
    memset(out, 0, sizeof(*out));
    store_trainee_read(st, &out->trainee);
    out->person.id = out->trainee.person_id;
    store__column_text(st, 10, out->person.name, sizeof(out->person.name));
    store__column_text(st, 11, out->person.email, sizeof(out->person.email));
    store__column_text(st, 12, out->person.hsa_id, sizeof(out->person.hsa_id));
    out->specialty.id = out->trainee.specialty_id;
    store__column_text(st, 13, out->specialty.code,
                       sizeof(out->specialty.code));
    store__column_text(st, 14, out->specialty.name_sv,
                       sizeof(out->specialty.name_sv));
    store__column_text(st, 15, out->specialty.name_en,
                       sizeof(out->specialty.name_en));
    vocab_parse(&vocab_specialty_kind, store__col_text(st, 16), &kind);
    out->specialty.kind = (enum specialty_kind)kind;
    out->specialty.parent_id = store__column_id(st, 17);
    store__column_text(st, 18, out->home_unit_name,
                       sizeof(out->home_unit_name));
    out->home_area_id = store__column_id(st, 19);
    out->home_region_id = store__col_int64(st, 20);
    out->open_needs = store__col_int(st, 21);
    out->open_need_weeks = store__col_int(st, 22);
}

static int store_trainee_item_row(struct store_stmt *st,
                                  const struct store__list *l)
{
    struct trainee_item item;
    store_trainee_item_read(st, &item);
    return l->each.trainee(&item, l->arg);
}

int store_trainee_list(struct store *s, const struct trainee_filter *f,
                       int limit, int offset,
                       int (*each)(const struct trainee_item *, void *),
                       void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_trainee_item_row, {.trainee = each}, arg,
    };
    return store__list_page(
        s, &l, ei,
        "SELECT count(*) FROM trainee t "
        "JOIN person p ON p.id = t.person_id "
        "JOIN unit hu ON hu.id = t.home_unit_id " PEOPLE_TRAINEE_WHERE,
        PEOPLE_TRAINEE_SELECT PEOPLE_TRAINEE_WHERE
        "ORDER BY p.name, t.id LIMIT ?9 OFFSET ?10",
        "ddddTTTd", f->specialty_id, f->home_unit_id, f->area_id, f->region_id,
        vocab_name(&vocab_trainee_status, f->status),
        vocab_name(&vocab_regulation, f->regulation), f->q, f->supervisor_id);
}

int store_trainee_item_get(struct store *s, int64_t id,
                           struct trainee_item *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, PEOPLE_TRAINEE_SELECT "WHERE t.id = ?1",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "trainee", id)) == 0)
        store_trainee_item_read(st, out);
    store__finalize(st);
    return rc;
}

/* ---- Leaves ---- */

static int store_leave_check(const struct leave *l, struct err_info *ei)
{
    int rc = store__check_date(ei, "from_date", l->from_date);
    if (rc == 0)
        rc = store__check_date(ei, "to_date", l->to_date);
    if (rc == 0 && strcmp(l->to_date, l->from_date) < 0)
        rc = err_set(ei, ERR_INVAL, "to_date",
                     "to_date: must not be before from_date");
    if (rc == 0)
        rc = store__check_vocab(ei, "kind", &vocab_leave_kind, l->kind);
    return rc;
}

/* ERR_CONFLICT if another leave of the trainee shares a day with l. */
static int store_leave_overlap(struct store *s, const struct leave *l,
                               struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc =
        store__query(s, &st, ei,
                     "SELECT id, from_date, to_date FROM leave "
                     "WHERE trainee_id = ? AND id <> ? "
                     "AND from_date <= ? AND to_date >= ? "
                     "ORDER BY from_date LIMIT 1",
                     "lltt", l->trainee_id, l->id, l->to_date, l->from_date);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_ROW) {
        char from[STORE_DATE_MAX], to[STORE_DATE_MAX];
        store__column_text(st, 1, from, sizeof(from));
        store__column_text(st, 2, to, sizeof(to));
        rc = err_set(ei, ERR_CONFLICT, "from_date",
                     "from_date: overlaps the trainee's leave %lld, %s to %s",
                     (long long)store__col_int64(st, 0), from, to);
    } else if (step != STORE_DONE) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

static json_t *store_leave_json(const struct leave *l)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s}", "id", (json_int_t)l->id,
                     "trainee_id", (json_int_t)l->trainee_id, "from_date",
                     l->from_date, "to_date", l->to_date, "kind",
                     vocab_name(&vocab_leave_kind, l->kind));
}

int store_leave_insert(struct store *s, struct leave *l, struct err_info *ei)
{
    int rc = store_leave_check(l, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct leave probe = *l;
    probe.id = 0;
    rc = store_leave_overlap(s, &probe, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &l->id,
                         "INSERT INTO leave (trainee_id, from_date, to_date, "
                         "kind) VALUES (?, ?, ?, ?) RETURNING id",
                         "lttt", l->trainee_id, l->from_date, l->to_date,
                         vocab_name(&vocab_leave_kind, l->kind));
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, rc, "trainee_id", "trainee_id: no trainee has id %lld",
                     (long long)l->trainee_id);
    if (rc == 0)
        rc = store__audit(s, "leave", "insert", l->id, NULL,
                          store_leave_json(l), ei);
    return store__write_end(s, rc);
}

static void store_leave_read(struct store_stmt *st, struct leave *out)
{
    int kind = 0;
    out->id = store__col_int64(st, 0);
    out->trainee_id = store__col_int64(st, 1);
    store__column_text(st, 2, out->from_date, sizeof(out->from_date));
    store__column_text(st, 3, out->to_date, sizeof(out->to_date));
    vocab_parse(&vocab_leave_kind, store__col_text(st, 4), &kind);
    out->kind = (enum leave_kind)kind;
}

int store_leave_get(struct store *s, int64_t id, struct leave *out,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, trainee_id, from_date, to_date, kind "
                          "FROM leave WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "leave", id)) == 0)
        store_leave_read(st, out);
    store__finalize(st);
    return rc;
}

static int store_leave_row(struct store_stmt *st, const struct store__list *l)
{
    struct leave lv;
    store_leave_read(st, &lv);
    return l->each.leave(&lv, l->arg);
}

/* The leave list's filter, parameters ?1 to ?4. */
#define PEOPLE_LEAVE_WHERE                                                     \
    "WHERE (?1 IS NULL OR trainee_id = ?1) AND (?2 IS NULL OR kind = ?2) "     \
    "AND (?3 IS NULL OR to_date >= ?3) AND (?4 IS NULL OR from_date <= ?4) "   \
    "AND EXISTS (SELECT 1 FROM trainee t JOIN unit hu "                        \
    "  ON hu.id = t.home_unit_id WHERE t.id = leave.trainee_id "               \
    "  AND randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL)) "

int store_leave_list(struct store *s, const struct leave_filter *f, int limit,
                     int offset, int (*each)(const struct leave *, void *),
                     void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, store_leave_row, {.leave = each}, arg,
    };
    return store__list_page(
        s, &l, ei, "SELECT count(*) FROM leave " PEOPLE_LEAVE_WHERE,
        "SELECT id, trainee_id, from_date, to_date, kind "
        "FROM leave " PEOPLE_LEAVE_WHERE
        "ORDER BY trainee_id, from_date, id LIMIT ?5 OFFSET ?6",
        "dTTT", f->trainee_id, vocab_name(&vocab_leave_kind, f->kind),
        f->from_date, f->to_date);
}

int store_leave_update(struct store *s, const struct leave *l,
                       struct err_info *ei)
{
    struct leave before;
    int rc = store_leave_check(l, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store_leave_get(s, l->id, &before, ei);
    if (rc == 0 && l->trainee_id != before.trainee_id)
        rc = err_set(ei, ERR_INVAL, "trainee_id",
                     "trainee_id: a leave cannot move to another trainee");
    if (rc == 0)
        rc = store_leave_overlap(s, l, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE leave SET from_date = ?, to_date = ?, "
                         "kind = ? WHERE id = ?",
                         "tttl", l->from_date, l->to_date,
                         vocab_name(&vocab_leave_kind, l->kind), l->id);
    if (rc == 0)
        rc = store__audit(s, "leave", "update", l->id,
                          store_leave_json(&before), store_leave_json(l), ei);
    return store__write_end(s, rc);
}

int store_leave_delete(struct store *s, int64_t id, struct err_info *ei)
{
    struct leave before;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_leave_get(s, id, &before, ei);
    if (rc == 0)
        rc =
            store__exec(s, ei, NULL, "DELETE FROM leave WHERE id = ?", "l", id);
    if (rc == 0)
        rc = store__audit(s, "leave", "delete", id, store_leave_json(&before),
                          NULL, ei);
    return store__write_end(s, rc);
}

int store_leave_bookings(struct store *s, int64_t trainee_id,
                         const char *from_date, const char *to_date,
                         int64_t *ids, int max, int *n, struct err_info *ei)
{
    struct date from, to;
    *n = 0;
    if (date_parse(from_date, &from) != 0)
        return err_set(ei, ERR_INVAL, "from_date",
                       "from_date: must be a date written YYYY-MM-DD");
    if (date_parse(to_date, &to) != 0)
        return err_set(ei, ERR_INVAL, "to_date",
                       "to_date: must be a date written YYYY-MM-DD");
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id FROM booking WHERE trainee_id = ? "
                          "AND status IN ('requested', 'confirmed') "
                          "AND start_week <= ? AND end_week > ? ORDER BY id",
                          "lii", trainee_id, week_from_date(to),
                          week_from_date(from));
    if (rc)
        return rc;
    int step;
    while ((step = store__step(st)) == STORE_ROW)
        if (*n < max)
            ids[(*n)++] = store__col_int64(st, 0);
    if (step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- Rotation needs ---- */

static int store_need_check(const struct need *n, struct err_info *ei)
{
    int rc = store__check_range(ei, "weeks", n->weeks, PATTERN_WEEKS_MIN,
                                PATTERN_WEEKS_MAX);
    if (rc == 0 && (n->patterns == 0 || (n->patterns & ~PATTERN_ALL)))
        rc = err_set(ei, ERR_INVAL, "patterns",
                     "patterns: must name at least one known pattern");
    if (rc == 0 && n->preferred_start != STORE_NONE)
        rc = store__check_range(ei, "preferred_start", n->preferred_start,
                                WEEK_MIN, WEEK_MAX);
    if (rc == 0)
        rc = store__check_vocab(ei, "status", &vocab_need_status, n->status);
    if (rc == 0)
        rc = store__check_range(ei, "unit_ids", n->nunits, 0, STORE_LIST_MAX);
    if (rc == 0)
        rc = store__check_range(ei, "goal_ids", n->ngoals, 0, STORE_LIST_MAX);
    if (rc == 0 && n->specialty_id == 0 && n->nunits == 0)
        rc = err_set(ei, ERR_INVAL, "specialty_id",
                     "specialty_id: a need names a specialty or units");
    return rc;
}

/*
 * After a write of need n failed on a foreign key (rc ERR_NOTFOUND), names
 * the reference that is missing; other failures pass through.
 */
static int store_need_blame(struct store *s, const struct need *n, int rc,
                            struct err_info *ei)
{
    if (rc != ERR_NOTFOUND)
        return rc;
    int why = store__exists(s, ei, "SELECT 1 FROM trainee WHERE id = ?",
                            n->trainee_id, "trainee_id", "trainee");
    if (why == 0 && n->specialty_id)
        why = store__exists(s, ei, "SELECT 1 FROM specialty WHERE id = ?",
                            n->specialty_id, "specialty_id", "specialty");
    for (int i = 0; why == 0 && i < n->nunits; i++)
        why = store__exists(s, ei, "SELECT 1 FROM unit WHERE id = ?",
                            n->unit_ids[i], "unit_ids", "unit");
    for (int i = 0; why == 0 && i < n->ngoals; i++)
        why = store__exists(s, ei, "SELECT 1 FROM goal WHERE id = ?",
                            n->goal_ids[i], "goal_ids", "goal");
    return why ? why : rc;
}

/* Writes the need's unit and goal links (the old ones already removed). */
static int store_need_links(struct store *s, const struct need *n,
                            struct err_info *ei)
{
    int rc = store__insert_links(s, ei,
                                 "INSERT INTO need_unit (need_id, unit_id) "
                                 "VALUES (?, ?)",
                                 n->id, n->unit_ids, n->nunits);
    if (rc == ERR_CONFLICT)
        return err_set(ei, ERR_INVAL, "unit_ids",
                       "unit_ids: a unit is listed twice");
    if (rc == 0)
        rc = store__insert_links(s, ei,
                                 "INSERT INTO need_goal (need_id, goal_id) "
                                 "VALUES (?, ?)",
                                 n->id, n->goal_ids, n->ngoals);
    if (rc == ERR_CONFLICT)
        return err_set(ei, ERR_INVAL, "goal_ids",
                       "goal_ids: a goal is listed twice");
    return rc;
}

json_t *store__need_json(const struct need *n)
{
    return json_pack("{s:I, s:I, s:o, s:i, s:i, s:o, s:s, s:o, s:o}", "id",
                     (json_int_t)n->id, "trainee_id", (json_int_t)n->trainee_id,
                     "specialty_id", people_opt_id(n->specialty_id), "weeks",
                     n->weeks, "patterns", (int)n->patterns, "preferred_start",
                     n->preferred_start == STORE_NONE
                         ? json_null()
                         : json_integer(n->preferred_start),
                     "status", vocab_name(&vocab_need_status, n->status),
                     "unit_ids", store__ids_json(n->unit_ids, n->nunits),
                     "goal_ids", store__ids_json(n->goal_ids, n->ngoals));
}

/*
 * The goals of need n must be on its trainee's checklist (store/edu.h);
 * a missing trainee is left to the insert's foreign key to name.
 */
static int store_need_goals_check(struct store *s, const struct need *n,
                                  struct err_info *ei)
{
    int64_t found = 0;
    int rc =
        store__count(s, ei, &found, "SELECT count(*) FROM trainee WHERE id = ?",
                     "l", n->trainee_id);
    if (rc == 0 && found)
        rc = store_edu_goals_check(s, n->trainee_id, n->goal_ids, n->ngoals,
                                   "goal_ids", ei);
    return rc;
}

int store_need_insert(struct store *s, struct need *n, struct err_info *ei)
{
    int rc = store_need_check(n, ei);
    if (rc)
        return rc;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    rc = store_need_goals_check(s, n, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &n->id,
                         "INSERT INTO rotation_need (trainee_id, specialty_id, "
                         "weeks, patterns, preferred_start, status) "
                         "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                         "ldiiot", n->trainee_id, n->specialty_id, n->weeks,
                         (int)n->patterns, n->preferred_start,
                         vocab_name(&vocab_need_status, n->status));
    if (rc == 0)
        rc = store_need_links(s, n, ei);
    if (rc)
        rc = store_need_blame(s, n, rc, ei);
    if (rc == 0)
        rc = store__edu_plan_touch(s, n->trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "need", "insert", n->id, NULL, store__need_json(n),
                          ei);
    return store__write_end(s, rc);
}

static void store_need_read(struct store_stmt *st, struct need *out)
{
    int status = 0;
    out->id = store__col_int64(st, 0);
    out->trainee_id = store__col_int64(st, 1);
    out->specialty_id = store__column_id(st, 2);
    out->weeks = store__col_int(st, 3);
    out->patterns = (unsigned)store__col_int(st, 4);
    out->preferred_start = store__column_opt(st, 5);
    vocab_parse(&vocab_need_status, store__col_text(st, 6), &status);
    out->status = (enum need_status)status;
    out->nunits = 0;
    out->ngoals = 0;
}

int store_need_get(struct store *s, int64_t id, struct need *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, trainee_id, specialty_id, weeks, "
                          "patterns, preferred_start, status "
                          "FROM rotation_need WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "need", id)) == 0)
        store_need_read(st, out);
    store__finalize(st);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT unit_id FROM need_unit "
                                 "WHERE need_id = ? ORDER BY unit_id",
                                 id, out->unit_ids, &out->nunits);
    if (rc == 0)
        rc = store__select_links(s, ei,
                                 "SELECT goal_id FROM need_goal "
                                 "WHERE need_id = ? ORDER BY goal_id",
                                 id, out->goal_ids, &out->ngoals);
    return rc;
}

int store_need_update(struct store *s, const struct need *n,
                      struct err_info *ei)
{
    struct need before;
    int rc = store_need_check(n, ei);
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    struct need after = *n;
    rc = store_need_get(s, n->id, &before, ei);
    int found = rc == 0;
    if (found)
        after.trainee_id = before.trainee_id;
    if (rc == 0)
        rc = store_need_goals_check(s, &after, ei);
    if (rc == 0)
        rc =
            store__exec(s, ei, NULL,
                        "UPDATE rotation_need SET specialty_id = ?, "
                        "weeks = ?, patterns = ?, preferred_start = ?, "
                        "status = ? WHERE id = ?",
                        "diiotl", after.specialty_id, after.weeks,
                        (int)after.patterns, after.preferred_start,
                        vocab_name(&vocab_need_status, after.status), after.id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM need_unit WHERE need_id = ?",
                         "l", after.id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM need_goal WHERE need_id = ?",
                         "l", after.id);
    if (rc == 0)
        rc = store_need_links(s, &after, ei);
    if (found)
        rc = store_need_blame(s, &after, rc, ei);
    /* Its state alone (booked, done) is progress, not a change of plan. */
    struct need same = before;
    same.status = after.status;
    json_t *sj = store__need_json(&same), *aj = store__need_json(&after);
    if (rc == 0 && !json_equal(sj, aj))
        rc = store__edu_plan_touch(s, after.trainee_id, ei);
    json_decref(sj);
    json_decref(aj);
    if (rc == 0)
        rc = store__audit(s, "need", "update", after.id,
                          store__need_json(&before), store__need_json(&after),
                          ei);
    return store__write_end(s, rc);
}

/* ERR_CONFLICT if a booking refers to need id. */
static int store_need_booked(struct store *s, int64_t id, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, status FROM booking WHERE need_id = ? "
                          "ORDER BY status IN ('requested', 'confirmed') "
                          "DESC, id LIMIT 1",
                          "l", id);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_ROW) {
        const char *status = store__col_text(st, 1);
        long long bid = (long long)store__col_int64(st, 0);
        if (strcmp(status, "requested") == 0 ||
            strcmp(status, "confirmed") == 0)
            rc = err_set(ei, ERR_CONFLICT, "id",
                         "the need has the %s booking %lld: cancel it first",
                         status, bid);
        else
            rc = err_set(ei, ERR_CONFLICT, "id",
                         "the need has the %s booking %lld on record: set "
                         "its status to waived or done instead",
                         status, bid);
    } else if (step != STORE_DONE) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

int store_need_delete(struct store *s, int64_t id, struct err_info *ei)
{
    struct need before;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_need_get(s, id, &before, ei);
    if (rc == 0)
        rc = store_need_booked(s, id, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM rotation_need WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__edu_plan_touch(s, before.trainee_id, ei);
    if (rc == 0)
        rc = store__audit(s, "need", "delete", id, store__need_json(&before),
                          NULL, ei);
    return store__write_end(s, rc);
}

/*
 * The need list's columns: need (0-6), trainee's person and name (7-8),
 * specialty (9-14, NULL when the need names only units).
 */
#define PEOPLE_NEED_FROM                                                       \
    "FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id "              \
    "JOIN person p ON p.id = t.person_id "                                     \
    "JOIN unit hu ON hu.id = t.home_unit_id "                                  \
    "LEFT JOIN specialty sp ON sp.id = n.specialty_id "                        \
    "WHERE (?1 IS NULL OR n.trainee_id = ?1) "                                 \
    "AND (?2 IS NULL OR n.specialty_id = ?2 OR EXISTS ("                       \
    "  SELECT 1 FROM need_unit nu JOIN unit u ON u.id = nu.unit_id "           \
    "  WHERE nu.need_id = n.id AND u.specialty_id = ?2)) "                     \
    "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM need_unit nu "                   \
    "  WHERE nu.need_id = n.id AND nu.unit_id = ?3)) "                         \
    "AND (?4 IS NULL OR hu.area_id = ?4) "                                     \
    "AND (?5 IS NULL OR hu.region_id = ?5) "                                   \
    "AND randa_sees(t.id, t.home_unit_id, hu.region_id, NULL, NULL) "          \
    "AND (?6 IS NULL OR n.status = ?6) "

/* A page of needs being read, before their links are added. */
struct people_need_page {
    struct need_item *items;
    size_t n, cap;
};

/* Adds a row to the page of needs in l->arg. */
static int store_need_item_row(struct store_stmt *st,
                               const struct store__list *l)
{
    struct people_need_page *page = l->arg;
    xgrow((void **)&page->items, &page->cap, page->n + 1, sizeof(*page->items));
    struct need_item *it = &page->items[page->n++];
    int kind = 0;
    memset(it, 0, sizeof(*it));
    store_need_read(st, &it->need);
    it->trainee_person_id = store__col_int64(st, 7);
    store__column_text(st, 8, it->trainee_name, sizeof(it->trainee_name));
    it->specialty.id = store__column_id(st, 9);
    if (it->specialty.id) {
        store__column_text(st, 10, it->specialty.code,
                           sizeof(it->specialty.code));
        store__column_text(st, 11, it->specialty.name_sv,
                           sizeof(it->specialty.name_sv));
        store__column_text(st, 12, it->specialty.name_en,
                           sizeof(it->specialty.name_en));
        vocab_parse(&vocab_specialty_kind, store__col_text(st, 13), &kind);
        it->specialty.kind = (enum specialty_kind)kind;
        it->specialty.parent_id = store__column_id(st, 14);
    }
    return 0;
}

/*
 * Adds the links sql selects ("need_id, child" for need ids in ?1..?2,
 * ordered by need_id) to the page's needs (ordered by id), merging the two
 * orders. goals chooses need_goal's list over need_unit's.
 */
static int store_need_page_links(struct store *s, struct people_need_page *pg,
                                 const char *sql, int goals,
                                 struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, sql, "ll", pg->items[0].need.id,
                          pg->items[pg->n - 1].need.id);
    if (rc)
        return rc;
    size_t i = 0;
    int step;
    while ((step = store__step(st)) == STORE_ROW) {
        int64_t nid = store__col_int64(st, 0);
        while (i < pg->n && pg->items[i].need.id < nid)
            i++;
        if (i == pg->n)
            break;
        struct need *n = &pg->items[i].need;
        if (n->id != nid)
            continue;
        int *count = goals ? &n->ngoals : &n->nunits;
        int64_t *ids = goals ? n->goal_ids : n->unit_ids;
        if (*count < STORE_LIST_MAX)
            ids[(*count)++] = store__col_int64(st, 1);
    }
    if (step != STORE_ROW && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_need_list(struct store *s, const struct need_filter *f, int limit,
                    int offset, int (*each)(const struct need_item *, void *),
                    void *arg, int64_t *total, struct err_info *ei)
{
    struct people_need_page page = {NULL, 0, 0};
    /* The page's needs are read first, then their links, then passed on. */
    struct store__list l = {
        limit, offset, total, store_need_item_row, {0}, &page,
    };
    int rc = store__list_page(
        s, &l, ei, "SELECT count(*) " PEOPLE_NEED_FROM,
        "SELECT n.id, n.trainee_id, n.specialty_id, n.weeks, n.patterns, "
        "n.preferred_start, n.status, t.person_id, p.name, sp.id, sp.code, "
        "sp.name_sv, sp.name_en, sp.kind, sp.parent_id " PEOPLE_NEED_FROM
        "ORDER BY n.id LIMIT ?7 OFFSET ?8",
        "dddddT", f->trainee_id, f->specialty_id, f->unit_id, f->area_id,
        f->region_id, vocab_name(&vocab_need_status, f->status));
    if (rc == 0 && page.n > 0)
        rc = store_need_page_links(s, &page,
                                   "SELECT need_id, unit_id FROM need_unit "
                                   "WHERE need_id BETWEEN ? AND ? "
                                   "ORDER BY need_id, unit_id",
                                   0, ei);
    if (rc == 0 && page.n > 0)
        rc = store_need_page_links(s, &page,
                                   "SELECT need_id, goal_id FROM need_goal "
                                   "WHERE need_id BETWEEN ? AND ? "
                                   "ORDER BY need_id, goal_id",
                                   1, ei);
    for (size_t i = 0; rc == 0 && i < page.n; i++)
        rc = each(&page.items[i], arg);
    free(page.items);
    return rc;
}
