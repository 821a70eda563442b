/* Lists and updates of trainees, leaves and needs in the store (people.c):
 * filters, totals, errors that name the field, and the audit trail. */
#include "domain/week.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct store *st;
static struct err_info ei;

/*
 * A small region: two areas, a gynaecology clinic in one and a primary-care
 * centre in the other, and three trainees:
 *   anna (allmänmedicin, 2021, home: the primary-care centre, active),
 *   bertil (allmänmedicin, 2015, home: the primary-care centre, on leave),
 *   cecilia (gynaecology, 2021, home: the clinic, active).
 */
static struct {
    int64_t region, provider, north, south, gyn, am, unit_gyn, unit_vc;
    int64_t goal, supervisor, anna, bertil, cecilia;
    int64_t anna_person;
} ids;

static void must(int rc)
{
    cr_assert_eq(rc, 0, "%s (field %s)", ei.msg, ei.field);
}

static int64_t add_trainee(const char *name, const char *email, int64_t spec,
                           enum regulation reg, int64_t home,
                           enum trainee_status status, int64_t *person_id)
{
    struct person p = {0};
    struct trainee t = {0};
    snprintf(p.name, sizeof(p.name), "%s", name);
    snprintf(p.email, sizeof(p.email), "%s", email);
    t.specialty_id = spec, t.regulation = reg, t.home_unit_id = home;
    t.supervisor_id = ids.supervisor, t.fte = 100, t.status = status;
    snprintf(t.start_date, sizeof(t.start_date), "2024-09-02");
    snprintf(t.planned_end, sizeof(t.planned_end), "2030-03-01");
    must(store_trainee_create(st, &p, &t, &ei));
    if (person_id)
        *person_id = p.id;
    return t.id;
}

static void setup(void)
{
    err_clear(&ei);
    memset(&ids, 0, sizeof(ids));
    cr_assert_eq(store_open(":memory:", STORE_CREATE, &st, &ei), 0, "%s",
                 ei.msg);
    struct region r = {0, "skane", "Region Skåne"};
    must(store_region_insert(st, &r, &ei));
    struct provider pr = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    must(store_provider_insert(st, &pr, &ei));
    struct area north = {0, r.id, "Helsingborg–Ängelholm"};
    must(store_area_insert(st, &north, &ei));
    struct area south = {0, r.id, "Lund–Ystad"};
    must(store_area_insert(st, &south, &ei));
    struct specialty gyn = {0,
                            "obstetrik-och-gynekologi",
                            "Obstetrik och gynekologi",
                            "Obstetrics and gynaecology",
                            SPECIALTY_BAS,
                            0};
    must(store_specialty_insert(st, &gyn, &ei));
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    must(store_specialty_insert(st, &am, &ei));
    struct goal g = {0,      REGULATION_2021,    am.id, "STc5", "Delmål STc5",
                     GOAL_C, CONFIDENCE_VERIFIED};
    must(store_goal_insert(st, &g, &ei));
    ids.region = r.id, ids.provider = pr.id, ids.north = north.id;
    ids.south = south.id, ids.gyn = gyn.id, ids.am = am.id, ids.goal = g.id;

    struct unit u = {0};
    u.region_id = r.id, u.provider_id = pr.id, u.area_id = north.id;
    u.specialty_id = gyn.id, u.kind = UNIT_HOSPITAL_CLINIC;
    u.takes_trainees = 1, u.max_away = STORE_NONE;
    snprintf(u.name, sizeof(u.name), "Kvinnokliniken, Helsingborg");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-K1");
    must(store_unit_insert(st, &u, &ei));
    ids.unit_gyn = u.id;
    struct unit vc = u;
    vc.id = 0, vc.area_id = south.id, vc.specialty_id = am.id;
    vc.kind = UNIT_PRIMARY_CARE;
    snprintf(vc.name, sizeof(vc.name), "Vårdcentralen Näsby");
    snprintf(vc.hsa_id, sizeof(vc.hsa_id), "SE2321000255-V7");
    must(store_unit_insert(st, &vc, &ei));
    ids.unit_vc = vc.id;

    struct person sp = {0, "Bo Ek", "bo.ek@demo.randa.se", ""};
    must(store_person_insert(st, &sp, &ei));
    struct supervisor sv = {0, sp.id, vc.id, "2019-03-01", ""};
    must(store_supervisor_insert(st, &sv, &ei));
    ids.supervisor = sv.id;

    ids.anna =
        add_trainee("Anna Lind", "anna.lind@demo.randa.se", am.id,
                    REGULATION_2021, vc.id, TRAINEE_ACTIVE, &ids.anna_person);
    ids.bertil = add_trainee("Bertil Åberg", "bertil@vc.example", am.id,
                             REGULATION_2015, vc.id, TRAINEE_ON_LEAVE, NULL);
    ids.cecilia =
        add_trainee("Cecilia Berg", "cecilia.berg@demo.randa.se", gyn.id,
                    REGULATION_2021, u.id, TRAINEE_ACTIVE, NULL);
}

static void teardown(void)
{
    store_close(st);
    st = NULL;
}

TestSuite(people_lists, .init = setup, .fini = teardown);

/* ---- collecting list rows ---- */

struct seen {
    int n;
    int64_t ids[16];
    struct trainee_item last_trainee;
};

static int seen_trainee(const struct trainee_item *it, void *arg)
{
    struct seen *s = arg;
    if (s->n < 16)
        s->ids[s->n] = it->trainee.id;
    s->n++;
    s->last_trainee = *it;
    return 0;
}

static int seen_leave(const struct leave *l, void *arg)
{
    struct seen *s = arg;
    if (s->n < 16)
        s->ids[s->n] = l->id;
    s->n++;
    return 0;
}

static struct need_item *last_need;

static int seen_need(const struct need_item *it, void *arg)
{
    struct seen *s = arg;
    if (s->n < 16)
        s->ids[s->n] = it->need.id;
    s->n++;
    if (last_need)
        *last_need = *it;
    return 0;
}

static struct seen list_trainees(struct trainee_filter f, int limit, int offset,
                                 int64_t *total)
{
    struct seen s = {0};
    must(store_trainee_list(st, &f, limit, offset, seen_trainee, &s, total,
                            &ei));
    return s;
}

static struct trainee_filter any_trainee(void)
{
    struct trainee_filter f = {0};
    f.status = -1, f.regulation = -1;
    return f;
}

static int64_t audit_count(void)
{
    int64_t n = 0;
    must(store_count(st, STORE_AUDIT, &n, &ei));
    return n;
}

/* The newest audit row; the caller releases it. */
static struct audit audit_last(void)
{
    struct audit a;
    int64_t n = audit_count();
    cr_assert_gt(n, 0);
    must(store_audit_get(st, n, &a, &ei));
    return a;
}

static int week(const char *iso)
{
    int w = 0;
    cr_assert_eq(week_parse(iso, &w), 0, "%s", iso);
    return w;
}

/* ---- trainees ---- */

Test(people_lists, trainee_list_is_ordered_by_name_with_the_full_total)
{
    int64_t total = -1;
    struct seen s = list_trainees(any_trainee(), -1, 0, &total);
    cr_assert_eq(total, 3);
    cr_assert_eq(s.n, 3);
    /* Anna Lind, Bertil Åberg, Cecilia Berg: by name. */
    cr_assert_eq(s.ids[0], ids.anna);
    cr_assert_eq(s.ids[1], ids.bertil);
    cr_assert_eq(s.ids[2], ids.cecilia);
}

Test(people_lists, trainee_list_pages_but_counts_every_match)
{
    int64_t total = -1;
    struct seen s = list_trainees(any_trainee(), 1, 1, &total);
    cr_assert_eq(total, 3);
    cr_assert_eq(s.n, 1);
    cr_assert_eq(s.ids[0], ids.bertil);
}

Test(people_lists, trainee_list_filters_each_field)
{
    int64_t total = 0;
    struct trainee_filter f = any_trainee();
    f.specialty_id = ids.gyn;
    struct seen s = list_trainees(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == ids.cecilia && total == 1);

    f = any_trainee(), f.home_unit_id = ids.unit_vc;
    cr_assert_eq(list_trainees(f, -1, 0, &total).n, 2);

    f = any_trainee(), f.area_id = ids.north;
    s = list_trainees(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == ids.cecilia);

    f = any_trainee(), f.region_id = ids.region;
    cr_assert_eq(list_trainees(f, -1, 0, &total).n, 3);
    f.region_id = ids.region + 100;
    cr_assert_eq(list_trainees(f, -1, 0, &total).n, 0);
    cr_assert_eq(total, 0);

    f = any_trainee(), f.status = TRAINEE_ON_LEAVE;
    s = list_trainees(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == ids.bertil);

    f = any_trainee(), f.regulation = REGULATION_2015;
    s = list_trainees(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == ids.bertil);
}

Test(people_lists, trainee_free_text_matches_name_or_email_ignoring_case)
{
    int64_t total = 0;
    struct trainee_filter f = any_trainee();
    f.q = "LIND";
    struct seen s = list_trainees(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == ids.anna);
    f.q = "vc.example"; /* only in Bertil's e-mail */
    s = list_trainees(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == ids.bertil);
    f.q = "berg"; /* Cecilia Berg and cecilia.berg@, and Bertil Åberg */
    cr_assert_eq(list_trainees(f, -1, 0, &total).n, 2);
    f.q = "%"; /* a LIKE wildcard is plain text here */
    cr_assert_eq(list_trainees(f, -1, 0, &total).n, 0);
}

Test(people_lists, trainee_item_carries_person_specialty_home_and_open_needs)
{
    struct need n = {0};
    n.trainee_id = ids.anna, n.specialty_id = ids.gyn, n.weeks = 8;
    n.patterns = PATTERN_BIT(PATTERN_FULL), n.preferred_start = STORE_NONE;
    n.status = NEED_OPEN;
    must(store_need_insert(st, &n, &ei));
    n.weeks = 12;
    must(store_need_insert(st, &n, &ei));
    n.weeks = 30, n.status = NEED_DONE;
    must(store_need_insert(st, &n, &ei));

    struct trainee_item it;
    must(store_trainee_item_get(st, ids.anna, &it, &ei));
    cr_assert_str_eq(it.person.name, "Anna Lind");
    cr_assert_str_eq(it.person.email, "anna.lind@demo.randa.se");
    cr_assert_str_eq(it.specialty.code, "allmanmedicin");
    cr_assert_str_eq(it.specialty.name_en, "General practice");
    cr_assert_str_eq(it.home_unit_name, "Vårdcentralen Näsby");
    cr_assert_eq(it.home_area_id, ids.south);
    cr_assert_eq(it.home_region_id, ids.region);
    cr_assert_eq(it.open_needs, 2);
    cr_assert_eq(it.open_need_weeks, 20);

    cr_assert_eq(store_trainee_item_get(st, 9999, &it, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");
}

Test(people_lists,
     trainee_create_names_the_missing_reference_and_writes_nothing)
{
    int64_t persons = 0, after = 0;
    must(store_count(st, STORE_PERSON, &persons, &ei));
    struct person p = {0, "Dora Dahl", "dora@demo.randa.se", ""};
    struct trainee t = {0};
    t.specialty_id = ids.am, t.regulation = REGULATION_2021;
    t.home_unit_id = ids.unit_vc, t.fte = 100, t.status = TRAINEE_ACTIVE;
    snprintf(t.start_date, sizeof(t.start_date), "2025-01-06");
    snprintf(t.planned_end, sizeof(t.planned_end), "2030-07-05");

    t.specialty_id = 999;
    cr_assert_eq(store_trainee_create(st, &p, &t, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "specialty_id");
    t.specialty_id = ids.am, t.home_unit_id = 999;
    cr_assert_eq(store_trainee_create(st, &p, &t, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "home_unit_id");
    t.home_unit_id = ids.unit_vc, t.supervisor_id = 999;
    cr_assert_eq(store_trainee_create(st, &p, &t, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "supervisor_id");
    must(store_count(st, STORE_PERSON, &after, &ei));
    cr_assert_eq(after, persons, "a failed create left a person behind");

    t.supervisor_id = 0;
    snprintf(p.email, sizeof(p.email), "anna.lind@demo.randa.se");
    cr_assert_eq(store_trainee_create(st, &p, &t, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "email");

    snprintf(p.email, sizeof(p.email), "dora@demo.randa.se");
    must(store_trainee_create(st, &p, &t, &ei));
    struct trainee back;
    must(store_trainee_get(st, t.id, &back, &ei));
    cr_assert_eq(back.person_id, p.id);
    cr_assert_eq(back.supervisor_id, 0);
}

Test(people_lists, trainee_update_writes_both_rows_and_audits_each)
{
    struct trainee t;
    struct person p;
    must(store_trainee_get(st, ids.anna, &t, &ei));
    must(store_person_get(st, t.person_id, &p, &ei));
    int64_t audits = audit_count();
    t.fte = 50;
    snprintf(t.planned_end, sizeof(t.planned_end), "2035-01-01");
    snprintf(p.name, sizeof(p.name), "Anna Lind-Ek");
    must(store_trainee_update(st, &p, &t, &ei));
    cr_assert_eq(audit_count(), audits + 2);

    struct trainee_item it;
    must(store_trainee_item_get(st, ids.anna, &it, &ei));
    cr_assert_eq(it.trainee.fte, 50);
    cr_assert_str_eq(it.trainee.planned_end, "2035-01-01");
    cr_assert_str_eq(it.person.name, "Anna Lind-Ek");

    struct audit a = audit_last();
    cr_assert_str_eq(a.entity, "trainee");
    cr_assert_str_eq(a.action, "update");
    cr_assert_eq(a.entity_id, ids.anna);
    json_t *before = json_loads(a.before_json, 0, NULL);
    json_t *after = json_loads(a.after_json, 0, NULL);
    cr_assert_eq(json_integer_value(json_object_get(before, "fte")), 100);
    cr_assert_eq(json_integer_value(json_object_get(after, "fte")), 50);
    json_decref(before);
    json_decref(after);
    store_audit_release(&a);

    /* Writing the same values again changes nothing and audits nothing. */
    must(store_trainee_update(st, &p, &t, &ei));
    cr_assert_eq(audit_count(), audits + 2);
}

Test(people_lists, trainee_update_refuses_bad_fields_by_name)
{
    struct trainee t;
    must(store_trainee_get(st, ids.bertil, &t, &ei));
    struct trainee bad = t;
    bad.home_unit_id = 4242;
    cr_assert_eq(store_trainee_update(st, NULL, &bad, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "home_unit_id");
    bad = t, bad.fte = 0;
    cr_assert_eq(store_trainee_update(st, NULL, &bad, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "fte");
    bad = t, bad.person_id = ids.anna_person;
    cr_assert_eq(store_trainee_update(st, NULL, &bad, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "person_id");
    bad = t, bad.id = 4242;
    cr_assert_eq(store_trainee_update(st, NULL, &bad, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");

    /* Anna already trains in allmänmedicin: a second training in it is a
     * clash for her person, but a new one in gynaecology is not. */
    struct trainee second = {0};
    second.person_id = ids.anna_person, second.specialty_id = ids.gyn;
    second.regulation = REGULATION_2021, second.home_unit_id = ids.unit_gyn;
    second.fte = 100, second.status = TRAINEE_ACTIVE;
    snprintf(second.start_date, sizeof(second.start_date), "2024-01-01");
    snprintf(second.planned_end, sizeof(second.planned_end), "2029-01-01");
    must(store_trainee_insert(st, &second, &ei));
    second.specialty_id = ids.am;
    cr_assert_eq(store_trainee_update(st, NULL, &second, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "specialty_id");
}

Test(people_lists, person_update_names_a_taken_email)
{
    struct person p;
    must(store_person_get(st, ids.anna_person, &p, &ei));
    snprintf(p.email, sizeof(p.email), "cecilia.berg@demo.randa.se");
    cr_assert_eq(store_person_update(st, &p, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "email");
    snprintf(p.email, sizeof(p.email), "anna@new.example");
    int64_t audits = audit_count();
    must(store_person_update(st, &p, &ei));
    cr_assert_eq(audit_count(), audits + 1);
    struct audit a = audit_last();
    cr_assert_str_eq(a.entity, "person");
    cr_assert(strstr(a.after_json, "anna@new.example"));
    store_audit_release(&a);
}

/* ---- leaves ---- */

static int64_t add_leave(int64_t trainee, const char *from, const char *to,
                         enum leave_kind kind)
{
    struct leave l = {0};
    l.trainee_id = trainee, l.kind = kind;
    snprintf(l.from_date, sizeof(l.from_date), "%s", from);
    snprintf(l.to_date, sizeof(l.to_date), "%s", to);
    must(store_leave_insert(st, &l, &ei));
    return l.id;
}

Test(people_lists, leave_overlapping_another_of_the_trainee_is_refused)
{
    add_leave(ids.anna, "2027-03-01", "2027-03-31", LEAVE_PARENTAL);
    struct leave l = {0, ids.anna, "2027-03-31", "2027-04-10", LEAVE_SICK};
    cr_assert_eq(store_leave_insert(st, &l, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "from_date");
    /* The day after is free, and another trainee's leave never clashes. */
    snprintf(l.from_date, sizeof(l.from_date), "2027-04-01");
    must(store_leave_insert(st, &l, &ei));
    add_leave(ids.bertil, "2027-03-10", "2027-03-20", LEAVE_SICK);
}

Test(people_lists, leave_for_unknown_trainee_names_the_field)
{
    struct leave l = {0, 4242, "2027-03-01", "2027-03-02", LEAVE_SICK};
    cr_assert_eq(store_leave_insert(st, &l, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "trainee_id");
}

Test(people_lists, leave_update_may_keep_its_own_days_but_not_meet_another)
{
    int64_t a = add_leave(ids.anna, "2027-03-01", "2027-03-31", LEAVE_SICK);
    add_leave(ids.anna, "2027-06-01", "2027-06-30", LEAVE_OTHER);
    struct leave l;
    must(store_leave_get(st, a, &l, &ei));
    snprintf(l.to_date, sizeof(l.to_date), "2027-04-15");
    l.kind = LEAVE_PARENTAL;
    int64_t audits = audit_count();
    must(store_leave_update(st, &l, &ei));
    cr_assert_eq(audit_count(), audits + 1);
    struct leave back;
    must(store_leave_get(st, a, &back, &ei));
    cr_assert_str_eq(back.to_date, "2027-04-15");
    cr_assert_eq(back.kind, LEAVE_PARENTAL);

    snprintf(l.to_date, sizeof(l.to_date), "2027-06-01");
    cr_assert_eq(store_leave_update(st, &l, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "from_date");
    snprintf(l.to_date, sizeof(l.to_date), "2027-02-01");
    cr_assert_eq(store_leave_update(st, &l, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "to_date");
    must(store_leave_get(st, a, &back, &ei));
    cr_assert_str_eq(back.to_date, "2027-04-15", "a refused update wrote");
}

Test(people_lists, leave_delete_removes_and_audits)
{
    int64_t a = add_leave(ids.anna, "2027-03-01", "2027-03-31", LEAVE_SICK);
    int64_t audits = audit_count();
    must(store_leave_delete(st, a, &ei));
    cr_assert_eq(audit_count(), audits + 1);
    struct audit row = audit_last();
    cr_assert_str_eq(row.action, "delete");
    cr_assert_str_eq(row.entity, "leave");
    cr_assert_null(row.after_json);
    cr_assert(strstr(row.before_json, "2027-03-31"));
    store_audit_release(&row);
    struct leave l;
    cr_assert_eq(store_leave_get(st, a, &l, &ei), ERR_NOTFOUND);
    cr_assert_eq(store_leave_delete(st, a, &ei), ERR_NOTFOUND);
}

Test(people_lists, leave_list_filters_by_trainee_kind_and_days)
{
    int64_t a = add_leave(ids.anna, "2027-03-01", "2027-03-31", LEAVE_SICK);
    int64_t b = add_leave(ids.anna, "2027-06-01", "2027-06-30", LEAVE_OTHER);
    int64_t c = add_leave(ids.bertil, "2027-03-15", "2027-05-15", LEAVE_SICK);
    struct leave_filter f = {0};
    f.kind = -1;
    struct seen s = {0};
    int64_t total = 0;
    must(store_leave_list(st, &f, -1, 0, seen_leave, &s, &total, &ei));
    cr_assert_eq(total, 3);

    f.trainee_id = ids.anna;
    s = (struct seen){0};
    must(store_leave_list(st, &f, -1, 0, seen_leave, &s, &total, &ei));
    cr_assert(s.n == 2 && s.ids[0] == a && s.ids[1] == b);

    f = (struct leave_filter){0};
    f.kind = LEAVE_SICK;
    s = (struct seen){0};
    must(store_leave_list(st, &f, -1, 0, seen_leave, &s, &total, &ei));
    cr_assert_eq(s.n, 2);

    /* Days 2027-03-31 to 2027-05-31 meet a (its last day) and c, not b. */
    f = (struct leave_filter){0};
    f.kind = -1;
    snprintf(f.from_date, sizeof(f.from_date), "2027-03-31");
    snprintf(f.to_date, sizeof(f.to_date), "2027-05-31");
    s = (struct seen){0};
    must(store_leave_list(st, &f, -1, 0, seen_leave, &s, &total, &ei));
    cr_assert_eq(total, 2);
    cr_assert(s.n == 2 && s.ids[0] == a && s.ids[1] == c);

    s = (struct seen){0};
    must(store_leave_list(st, &f, 1, 1, seen_leave, &s, &total, &ei));
    cr_assert(s.n == 1 && s.ids[0] == c && total == 2);
}

static int64_t add_booking(int64_t trainee, int64_t need, const char *start,
                           int weeks, enum booking_status status)
{
    struct booking b = {0};
    b.trainee_id = trainee, b.need_id = need, b.unit_id = ids.unit_gyn;
    b.start_week = week(start), b.pattern = PATTERN_FULL, b.weeks = weeks;
    b.status = status;
    b.cancel_reason =
        status == BOOKING_CANCELLED ? CANCEL_CHANGED_PLAN : CANCEL_NONE;
    must(store_booking_insert(st, &b, &ei));
    return b.id;
}

Test(people_lists, leave_bookings_names_held_bookings_sharing_a_week)
{
    /* 2027-W10 starts Monday 2027-03-08; four weeks end with W13. */
    int64_t held = add_booking(ids.anna, 0, "2027-W10", 4, BOOKING_CONFIRMED);
    add_booking(ids.anna, 0, "2027-W20", 2, BOOKING_REQUESTED);
    add_booking(ids.anna, 0, "2027-W11", 2, BOOKING_CANCELLED);
    add_booking(ids.bertil, 0, "2027-W10", 4, BOOKING_REQUESTED);
    int64_t got[8];
    int n = -1;
    /* Sunday 2027-04-04 is the last day of W13. */
    must(store_leave_bookings(st, ids.anna, "2027-04-04", "2027-04-20", got, 8,
                              &n, &ei));
    cr_assert_eq(n, 1);
    cr_assert_eq(got[0], held);
    /* Monday 2027-04-05 starts W14, after the booking. */
    must(store_leave_bookings(st, ids.anna, "2027-04-05", "2027-04-20", got, 8,
                              &n, &ei));
    cr_assert_eq(n, 0);
}

/* ---- needs ---- */

static int64_t add_need(int64_t trainee, int64_t spec, int64_t unit,
                        enum need_status status)
{
    struct need n = {0};
    n.trainee_id = trainee, n.specialty_id = spec, n.weeks = 10;
    n.patterns = PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF);
    n.preferred_start = week("2027-W10"), n.status = status;
    if (unit)
        n.nunits = 1, n.unit_ids[0] = unit;
    /* The goal is Anna's: a goal must be on the trainee's checklist. */
    if (trainee == ids.anna)
        n.ngoals = 1, n.goal_ids[0] = ids.goal;
    must(store_need_insert(st, &n, &ei));
    return n.id;
}

static struct seen list_needs(struct need_filter f, int limit, int offset,
                              int64_t *total)
{
    struct seen s = {0};
    must(store_need_list(st, &f, limit, offset, seen_need, &s, total, &ei));
    return s;
}

static struct need_filter any_need(void)
{
    struct need_filter f = {0};
    f.status = -1;
    return f;
}

Test(people_lists, need_list_carries_names_units_and_goals)
{
    add_need(ids.bertil, ids.gyn, 0, NEED_OPEN);
    int64_t named = add_need(ids.anna, 0, ids.unit_gyn, NEED_OPEN);
    int64_t other = add_need(ids.anna, ids.gyn, 0, NEED_OPEN);
    struct need_item item;
    last_need = &item;
    int64_t total = 0;
    struct need_filter f = any_need();
    f.trainee_id = ids.anna;
    struct seen s = list_needs(f, -1, 0, &total);
    last_need = NULL;
    cr_assert_eq(total, 2);
    cr_assert(s.n == 2 && s.ids[0] == named && s.ids[1] == other);
    /* The last one passed: Anna's gynaecology need. */
    cr_assert_str_eq(item.trainee_name, "Anna Lind");
    cr_assert_eq(item.specialty.id, ids.gyn);
    cr_assert_str_eq(item.specialty.name_sv, "Obstetrik och gynekologi");
    cr_assert_eq(item.need.ngoals, 1);
    cr_assert_eq(item.need.goal_ids[0], ids.goal);
    cr_assert_eq(item.need.nunits, 0);

    /* The first: named units, no specialty. */
    item = (struct need_item){0};
    last_need = &item;
    s = list_needs(f, 1, 0, &total);
    last_need = NULL;
    cr_assert_eq(item.need.id, named);
    cr_assert_eq(item.specialty.id, 0);
    cr_assert_eq(item.need.nunits, 1);
    cr_assert_eq(item.need.unit_ids[0], ids.unit_gyn);
    cr_assert_eq(item.need.patterns,
                 PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF));
}

Test(people_lists, need_list_filters_each_field)
{
    int64_t b = add_need(ids.bertil, ids.gyn, 0, NEED_OPEN);
    int64_t named = add_need(ids.anna, 0, ids.unit_gyn, NEED_OPEN);
    int64_t vc = add_need(ids.cecilia, ids.am, 0, NEED_WAIVED);
    int64_t total = 0;

    /* By specialty: a need of it, or naming a unit of it. */
    struct need_filter f = any_need();
    f.specialty_id = ids.gyn;
    struct seen s = list_needs(f, -1, 0, &total);
    cr_assert(s.n == 2 && s.ids[0] == b && s.ids[1] == named && total == 2);

    f = any_need(), f.unit_id = ids.unit_gyn;
    s = list_needs(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == named);

    f = any_need(), f.status = NEED_WAIVED;
    s = list_needs(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == vc);

    /* Area and region of the trainee's home unit: Cecilia is north. */
    f = any_need(), f.area_id = ids.north;
    s = list_needs(f, -1, 0, &total);
    cr_assert(s.n == 1 && s.ids[0] == vc);
    f = any_need(), f.region_id = ids.region;
    cr_assert_eq(list_needs(f, -1, 0, &total).n, 3);
    f.region_id = ids.region + 1;
    cr_assert_eq(list_needs(f, -1, 0, &total).n, 0);
}

Test(people_lists, need_update_replaces_links_and_audits)
{
    int64_t id = add_need(ids.anna, ids.gyn, 0, NEED_OPEN);
    struct need n;
    must(store_need_get(st, id, &n, &ei));
    n.specialty_id = 0, n.nunits = 1, n.unit_ids[0] = ids.unit_gyn;
    n.ngoals = 0, n.weeks = 20, n.preferred_start = STORE_NONE;
    n.status = NEED_WAIVED;
    n.trainee_id = ids.bertil; /* ignored: a need keeps its trainee */
    int64_t audits = audit_count();
    must(store_need_update(st, &n, &ei));
    cr_assert_eq(audit_count(), audits + 1);
    struct need back;
    must(store_need_get(st, id, &back, &ei));
    cr_assert_eq(back.trainee_id, ids.anna);
    cr_assert_eq(back.specialty_id, 0);
    cr_assert(back.nunits == 1 && back.unit_ids[0] == ids.unit_gyn);
    cr_assert_eq(back.ngoals, 0);
    cr_assert_eq(back.weeks, 20);
    cr_assert_eq(back.preferred_start, STORE_NONE);
    cr_assert_eq(back.status, NEED_WAIVED);
    struct audit a = audit_last();
    cr_assert_str_eq(a.entity, "need");
    json_t *before = json_loads(a.before_json, 0, NULL);
    cr_assert_eq(json_integer_value(json_object_get(before, "weeks")), 10);
    cr_assert_eq(json_array_size(json_object_get(before, "goal_ids")), 1);
    json_decref(before);
    store_audit_release(&a);
}

Test(people_lists, need_update_names_missing_references_and_keeps_the_row)
{
    int64_t id = add_need(ids.anna, ids.gyn, 0, NEED_OPEN);
    struct need n;
    must(store_need_get(st, id, &n, &ei));
    n.nunits = 1, n.unit_ids[0] = 4242;
    cr_assert_eq(store_need_update(st, &n, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "unit_ids");
    n.nunits = 0, n.ngoals = 1, n.goal_ids[0] = 4242;
    cr_assert_eq(store_need_update(st, &n, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "goal_ids");
    n.ngoals = 0, n.specialty_id = 4242;
    cr_assert_eq(store_need_update(st, &n, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "specialty_id");
    n.specialty_id = 0;
    cr_assert_eq(store_need_update(st, &n, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "specialty_id");
    n.specialty_id = ids.gyn, n.id = 4242;
    cr_assert_eq(store_need_update(st, &n, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");
    struct need back;
    must(store_need_get(st, id, &back, &ei));
    cr_assert_eq(back.ngoals, 1, "a refused update replaced the goals");
}

Test(people_lists, need_goals_must_be_on_the_trainees_checklist)
{
    struct goal g2015 = {0,      REGULATION_2015,    ids.am, "c3", "Delmål c3",
                         GOAL_C, CONFIDENCE_VERIFIED};
    must(store_goal_insert(st, &g2015, &ei));
    struct goal gyn = {0,      REGULATION_2021,    ids.gyn, "STc1", "Gyn",
                       GOAL_C, CONFIDENCE_VERIFIED};
    must(store_goal_insert(st, &gyn, &ei));
    struct need n = {0};
    n.trainee_id = ids.anna, n.specialty_id = ids.gyn, n.weeks = 4;
    n.patterns = PATTERN_BIT(PATTERN_FULL), n.preferred_start = STORE_NONE;
    n.ngoals = 1, n.goal_ids[0] = g2015.id;
    cr_assert_eq(store_need_insert(st, &n, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "goal_ids");
    cr_assert(strstr(ei.msg, "SOSFS 2015:8") &&
                  strstr(ei.msg, "HSLF-FS 2021:8"),
              "%s", ei.msg);
    n.goal_ids[0] = gyn.id; /* 2021, but gynaecology's, not hers */
    cr_assert_eq(store_need_insert(st, &n, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "another specialty"), "%s", ei.msg);
    n.goal_ids[0] = g2015.id, n.trainee_id = ids.bertil; /* 2015, allmän */
    cr_assert_eq(store_need_insert(st, &n, &ei), 0, "%s", ei.msg);
    /* A new need is a change to the plan: its first draft. */
    struct edu_plan p;
    must(store_edu_plan_get(st, ids.bertil, &p, &ei));
    cr_assert_eq(p.version, 1);
    cr_assert_eq(p.status, EDU_DRAFT);
}

Test(people_lists, need_insert_names_a_missing_trainee)
{
    struct need n = {0};
    n.trainee_id = 4242, n.specialty_id = ids.gyn, n.weeks = 4;
    n.patterns = PATTERN_BIT(PATTERN_FULL), n.preferred_start = STORE_NONE;
    cr_assert_eq(store_need_insert(st, &n, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "trainee_id");
}

Test(people_lists, need_with_a_booking_cannot_be_deleted)
{
    int64_t held = add_need(ids.anna, ids.gyn, 0, NEED_BOOKED);
    add_booking(ids.anna, held, "2027-W10", 4, BOOKING_REQUESTED);
    cr_assert_eq(store_need_delete(st, held, &ei), ERR_CONFLICT);
    cr_assert(strstr(ei.msg, "requested"), "%s", ei.msg);

    int64_t past = add_need(ids.anna, ids.gyn, 0, NEED_OPEN);
    add_booking(ids.anna, past, "2027-W20", 4, BOOKING_DECLINED);
    cr_assert_eq(store_need_delete(st, past, &ei), ERR_CONFLICT);

    int64_t free_ = add_need(ids.anna, ids.gyn, ids.unit_gyn, NEED_OPEN);
    int64_t audits = audit_count();
    must(store_need_delete(st, free_, &ei));
    cr_assert_eq(audit_count(), audits + 1);
    struct need n;
    cr_assert_eq(store_need_get(st, free_, &n, &ei), ERR_NOTFOUND);
    cr_assert_eq(store_need_delete(st, free_, &ei), ERR_NOTFOUND);
    must(store_need_get(st, held, &n, &ei));
}
