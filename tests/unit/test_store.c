/* The store's API: round trips of each entity, errors that name the field,
 * transactions, and the audit trail of bookings. */
#include "domain/week.h"
#include "store/store.h"
#include "tmpdb.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char db_path[64];
static struct store *st;
static struct err_info ei;

/* A minimal region: ids of the rows the tests build on. */
static struct {
    int64_t region, provider, site, area, gyn, am, unit_gyn, unit_vc;
    int64_t goal, person, supervisor, trainee;
} ids;

static void open_fresh(void)
{
    tmpdb_path(db_path, sizeof(db_path), "store");
    cr_assert_eq(store_open(db_path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
}

static void remove_db(void)
{
    store_close(st);
    st = NULL;
    tmpdb_remove(db_path);
}

static void build_region(void)
{
    struct region r = {0, "skane", "Region Skåne"};
    cr_assert_eq(store_region_insert(st, &r, &ei), 0, "%s", ei.msg);
    struct provider p = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    cr_assert_eq(store_provider_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct site site = {0, r.id, "Skånes universitetssjukhus, Lund", "Lund"};
    cr_assert_eq(store_site_insert(st, &site, &ei), 0, "%s", ei.msg);
    struct area a = {0, r.id, "Lund–Ystad"};
    cr_assert_eq(store_area_insert(st, &a, &ei), 0, "%s", ei.msg);
    struct specialty gyn = {0,
                            "obstetrik-och-gynekologi",
                            "Obstetrik och gynekologi",
                            "Obstetrics and gynaecology",
                            SPECIALTY_BAS,
                            0};
    cr_assert_eq(store_specialty_insert(st, &gyn, &ei), 0, "%s", ei.msg);
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    cr_assert_eq(store_specialty_insert(st, &am, &ei), 0, "%s", ei.msg);
    struct goal g = {0,      REGULATION_2021,    am.id, "STc5", "Delmål STc5",
                     GOAL_C, CONFIDENCE_VERIFIED};
    cr_assert_eq(store_goal_insert(st, &g, &ei), 0, "%s", ei.msg);
    ids.region = r.id, ids.provider = p.id, ids.site = site.id;
    ids.area = a.id, ids.gyn = gyn.id, ids.am = am.id, ids.goal = g.id;
}

static void build_units(void)
{
    struct unit u = {0};
    u.region_id = ids.region, u.provider_id = ids.provider;
    u.site_id = ids.site, u.area_id = ids.area, u.specialty_id = ids.gyn;
    snprintf(u.name, sizeof(u.name), "Kvinnokliniken, Sus Lund");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-K1");
    u.kind = UNIT_HOSPITAL_CLINIC, u.takes_trainees = 1;
    u.max_away = STORE_NONE, u.ngoals = 1, u.goal_ids[0] = ids.goal;
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    ids.unit_gyn = u.id;

    struct unit vc = {0};
    vc.region_id = ids.region, vc.provider_id = ids.provider;
    vc.area_id = ids.area, vc.specialty_id = ids.am;
    snprintf(vc.name, sizeof(vc.name), "Vårdcentralen Näsby");
    snprintf(vc.hsa_id, sizeof(vc.hsa_id), "SE2321000255-V7");
    vc.kind = UNIT_PRIMARY_CARE, vc.takes_trainees = 0, vc.max_away = 2;
    cr_assert_eq(store_unit_insert(st, &vc, &ei), 0, "%s", ei.msg);
    ids.unit_vc = vc.id;
}

static void build_trainee(void)
{
    struct person p = {0, "Anna Lind", "anna.lind@demo.randa.se", ""};
    cr_assert_eq(store_person_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct person sp = {0, "Bo Ek", "bo.ek@demo.randa.se", "SE2321000255-P9"};
    cr_assert_eq(store_person_insert(st, &sp, &ei), 0, "%s", ei.msg);
    struct supervisor sv = {0, sp.id, ids.unit_vc, "2019-03-01", "2012-06-01"};
    cr_assert_eq(store_supervisor_insert(st, &sv, &ei), 0, "%s", ei.msg);
    struct trainee t = {
        0,     p.id,         ids.am, REGULATION_2021, ids.unit_vc,
        sv.id, "2024-09-01", 75,     "2032-03-01",    TRAINEE_ACTIVE};
    cr_assert_eq(store_trainee_insert(st, &t, &ei), 0, "%s", ei.msg);
    ids.person = p.id, ids.supervisor = sv.id, ids.trainee = t.id;
}

static void setup(void)
{
    err_clear(&ei);
    open_fresh();
    build_region();
    build_units();
    build_trainee();
}

static int week(const char *iso)
{
    int w = 0;
    cr_assert_eq(week_parse(iso, &w), 0, "%s", iso);
    return w;
}

static struct booking booking_at(const char *start, enum pattern p, int weeks)
{
    struct booking b = {0};
    b.trainee_id = ids.trainee, b.unit_id = ids.unit_gyn;
    b.start_week = week(start), b.pattern = p, b.weeks = weeks;
    b.status = BOOKING_REQUESTED, b.cancel_reason = CANCEL_NONE;
    return b;
}

TestSuite(store, .init = setup, .fini = remove_db);

Test(store, fresh_database_has_every_migration_applied)
{
    int version = -1;
    cr_assert_eq(store_schema_version(st, &version), 0);
    cr_assert_eq(version, store_migration_count());
    cr_assert_geq(version, 1);
}

Test(store, reopening_applies_no_migration_twice_and_keeps_data)
{
    store_close(st);
    cr_assert_eq(store_open(db_path, 0, &st, &ei), 0, "%s", ei.msg);
    int version = -1;
    store_schema_version(st, &version);
    cr_assert_eq(version, store_migration_count());
    int64_t n = 0;
    cr_assert_eq(store_count(st, STORE_TRAINEE, &n, &ei), 0);
    cr_assert_eq(n, 1);
}

Test(store, opening_a_missing_file_without_create_is_not_found)
{
    struct store *other = NULL;
    int rc = store_open("/tmp/randa-no-such-dir/x.db", 0, &other, &ei);
    cr_assert_eq(rc, ERR_NOTFOUND);
    cr_assert_null(other);
    cr_assert_str_eq(ei.field, "db");
}

Test(store, store_new_refuses_an_existing_file)
{
    struct store *other = NULL;
    cr_assert_eq(store_open(db_path, STORE_NEW, &other, &ei), ERR_EXISTS);
    cr_assert_null(other);
}

Test(store, region_round_trips)
{
    struct region r;
    cr_assert_eq(store_region_get(st, ids.region, &r, &ei), 0);
    cr_assert_str_eq(r.code, "skane");
    cr_assert_str_eq(r.name, "Region Skåne");
}

Test(store, provider_round_trips)
{
    struct provider p;
    cr_assert_eq(store_provider_get(st, ids.provider, &p, &ei), 0);
    cr_assert_str_eq(p.org_nr, "232100-0255");
    cr_assert_eq(p.kind, PROVIDER_PUBLIC);
}

Test(store, site_and_area_round_trip)
{
    struct site s;
    struct area a;
    cr_assert_eq(store_site_get(st, ids.site, &s, &ei), 0);
    cr_assert_str_eq(s.city, "Lund");
    cr_assert_eq(s.region_id, ids.region);
    cr_assert_eq(store_area_get(st, ids.area, &a, &ei), 0);
    cr_assert_str_eq(a.name, "Lund–Ystad");
}

Test(store, specialty_round_trips_and_is_found_by_code)
{
    struct specialty gren = {
        0,      "neonatologi", "Neonatologi", "Neonatology", SPECIALTY_GREN,
        ids.gyn};
    cr_assert_eq(store_specialty_insert(st, &gren, &ei), 0, "%s", ei.msg);
    struct specialty out;
    cr_assert_eq(store_specialty_get(st, gren.id, &out, &ei), 0);
    cr_assert_eq(out.kind, SPECIALTY_GREN);
    cr_assert_eq(out.parent_id, ids.gyn);
    cr_assert_str_eq(out.name_en, "Neonatology");
    int64_t id = 0;
    cr_assert_eq(store_specialty_find(st, "allmanmedicin", &id, &ei), 0);
    cr_assert_eq(id, ids.am);
    cr_assert_eq(store_specialty_find(st, "nope", &id, &ei), ERR_NOTFOUND);
}

Test(store, goal_round_trips_common_and_specific)
{
    struct goal common = {0,
                          REGULATION_2015,
                          0,
                          "a3",
                          "Vårdhygien och smittskydd",
                          GOAL_C, /* set by the store from the code */
                          CONFIDENCE_VERIFIED};
    cr_assert_eq(store_goal_insert(st, &common, &ei), 0, "%s", ei.msg);
    struct goal out;
    cr_assert_eq(store_goal_get(st, common.id, &out, &ei), 0);
    cr_assert_eq(out.specialty_id, 0);
    cr_assert_eq(out.regulation, REGULATION_2015);
    cr_assert_str_eq(out.title, "Vårdhygien och smittskydd");
    cr_assert_eq(out.group, GOAL_A, "a3 is an a goal by its code");
    cr_assert_eq(store_goal_get(st, ids.goal, &out, &ei), 0);
    cr_assert_eq(out.specialty_id, ids.am);
    cr_assert_eq(out.group, GOAL_C);
}

Test(store, goal_common_code_must_name_its_group)
{
    struct goal g = {0,      REGULATION_2021,    0, "STc1", "Ingen grupp",
                     GOAL_C, CONFIDENCE_VERIFIED};
    cr_assert_eq(store_goal_insert(st, &g, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "code");
    struct goal bt = {0,      REGULATION_2021,     0, "BT1", "Akuta tillstånd",
                      GOAL_C, CONFIDENCE_UNCERTAIN};
    cr_assert_eq(store_goal_insert(st, &bt, &ei), 0, "%s", ei.msg);
    cr_assert_eq(bt.group, GOAL_BT);
}

Test(store, goal_update_corrects_title_and_confidence_but_not_group)
{
    struct goal g = {0,      REGULATION_2021,     0, "STb2", "Gammal titel",
                     GOAL_C, CONFIDENCE_UNCERTAIN};
    cr_assert_eq(store_goal_insert(st, &g, &ei), 0, "%s", ei.msg);
    snprintf(g.title, sizeof(g.title), "%s", "Ny titel");
    g.confidence = CONFIDENCE_VERIFIED;
    cr_assert_eq(store_goal_update(st, &g, &ei), 0, "%s", ei.msg);
    struct goal out;
    cr_assert_eq(store_goal_get(st, g.id, &out, &ei), 0);
    cr_assert_str_eq(out.title, "Ny titel");
    cr_assert_eq(out.confidence, CONFIDENCE_VERIFIED);
    snprintf(g.code, sizeof(g.code), "%s", "STa9");
    cr_assert_eq(store_goal_update(st, &g, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "code");
    cr_assert_eq(store_goal_get(st, g.id, &out, &ei), 0);
    cr_assert_str_eq(out.code, "STb2", "a refused update writes nothing");
}

Test(store, unit_round_trips_with_goals_and_optional_fields)
{
    struct unit u;
    cr_assert_eq(store_unit_get(st, ids.unit_gyn, &u, &ei), 0);
    cr_assert_str_eq(u.hsa_id, "SE2321000255-K1");
    cr_assert_eq(u.kind, UNIT_HOSPITAL_CLINIC);
    cr_assert_eq(u.site_id, ids.site);
    cr_assert_eq(u.max_away, STORE_NONE);
    cr_assert_eq(u.ngoals, 1);
    cr_assert_eq(u.goal_ids[0], ids.goal);
    cr_assert_eq(store_unit_get(st, ids.unit_vc, &u, &ei), 0);
    cr_assert_eq(u.site_id, 0);
    cr_assert_eq(u.max_away, 2);
    cr_assert_eq(u.takes_trainees, 0);
}

Test(store, person_supervisor_and_trainee_round_trip)
{
    struct person p;
    cr_assert_eq(store_person_get(st, ids.person, &p, &ei), 0);
    cr_assert_str_eq(p.email, "anna.lind@demo.randa.se");
    cr_assert_str_eq(p.hsa_id, "");
    struct supervisor sv;
    cr_assert_eq(store_supervisor_get(st, ids.supervisor, &sv, &ei), 0);
    cr_assert_str_eq(sv.trained_on, "2019-03-01");
    struct trainee t;
    cr_assert_eq(store_trainee_get(st, ids.trainee, &t, &ei), 0);
    cr_assert_eq(t.fte, 75);
    cr_assert_eq(t.regulation, REGULATION_2021);
    cr_assert_eq(t.supervisor_id, ids.supervisor);
    cr_assert_str_eq(t.planned_end, "2032-03-01");
    cr_assert_eq(t.status, TRAINEE_ACTIVE);
}

Test(store, leave_round_trips)
{
    struct leave l = {0, ids.trainee, "2027-05-03", "2027-10-29",
                      LEAVE_PARENTAL};
    cr_assert_eq(store_leave_insert(st, &l, &ei), 0, "%s", ei.msg);
    struct leave out;
    cr_assert_eq(store_leave_get(st, l.id, &out, &ei), 0);
    cr_assert_str_eq(out.to_date, "2027-10-29");
    cr_assert_eq(out.kind, LEAVE_PARENTAL);
}

Test(store, need_round_trips_with_units_goals_and_patterns)
{
    struct need n = {0};
    n.trainee_id = ids.trainee, n.specialty_id = ids.gyn, n.weeks = 10;
    n.patterns = PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_SPLIT3);
    n.preferred_start = week("2027-W10"), n.status = NEED_OPEN;
    n.nunits = 1, n.unit_ids[0] = ids.unit_gyn;
    n.ngoals = 1, n.goal_ids[0] = ids.goal;
    cr_assert_eq(store_need_insert(st, &n, &ei), 0, "%s", ei.msg);
    struct need out;
    cr_assert_eq(store_need_get(st, n.id, &out, &ei), 0);
    cr_assert_eq(out.patterns, n.patterns);
    cr_assert_eq(out.preferred_start, n.preferred_start);
    cr_assert_eq(out.nunits, 1);
    cr_assert_eq(out.unit_ids[0], ids.unit_gyn);
    cr_assert_eq(out.goal_ids[0], ids.goal);
}

Test(store, capacity_round_trips)
{
    struct capacity c = {0,
                         ids.unit_gyn,
                         week("2027-W27"),
                         week("2027-W33"),
                         1,
                         PATTERN_BIT(PATTERN_FULL),
                         "sommar"};
    cr_assert_eq(store_capacity_insert(st, &c, &ei), 0, "%s", ei.msg);
    struct capacity out;
    cr_assert_eq(store_capacity_get(st, c.id, &out, &ei), 0);
    cr_assert_eq(out.to_week - out.from_week, 6);
    cr_assert_str_eq(out.note, "sommar");
}

Test(store, overlapping_capacity_periods_of_a_unit_conflict)
{
    struct capacity a = {
        0, ids.unit_gyn, week("2027-W01"), week("2027-W27"), 2, PATTERN_ALL,
        ""};
    struct capacity b = {
        0, ids.unit_gyn, week("2027-W26"), week("2027-W33"), 1, PATTERN_ALL,
        ""};
    struct capacity c = {
        0, ids.unit_gyn, week("2027-W27"), week("2027-W33"), 1, PATTERN_ALL,
        ""};
    cr_assert_eq(store_capacity_insert(st, &a, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_capacity_insert(st, &b, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "from_week");
    cr_assert_eq(store_capacity_insert(st, &c, &ei), 0, "adjacent is fine");
}

Test(store, booking_end_week_follows_pattern_and_fte)
{
    /* 8 full-time weeks at 75 %: ceil(800 / 75) = 11 calendar weeks. */
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(b.end_week - b.start_week, 11);
    struct booking out;
    cr_assert_eq(store_booking_get(st, b.id, &out, &ei), 0);
    cr_assert_eq(out.end_week, b.end_week);
    cr_assert_eq(out.pattern, PATTERN_FULL);
    cr_assert_eq(out.status, BOOKING_REQUESTED);
    cr_assert_eq(out.cancel_reason, CANCEL_NONE);
    cr_assert_str_eq(out.created_at, b.created_at);
}

Test(store, booking_timestamps_follow_the_fixed_clock)
{
    store_set_now(st, 1795824000); /* 2026-11-28T00:00:00Z */
    struct booking b = booking_at("2027-W10", PATTERN_HALF, 4);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    cr_assert_str_eq(b.created_at, "2026-11-28T00:00:00Z");
}

/* Audit rows so far: the fixture's own inserts are audited too. */
static int64_t audit_rows(void)
{
    int64_t n = -1;
    store_count(st, STORE_AUDIT, &n, &ei);
    return n;
}

Test(store, booking_insert_and_cancel_are_audited_with_before_and_after)
{
    int64_t base = audit_rows();
    store_set_actor(st, "studierektor Lund");
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_booking_set_status(st, b.id, BOOKING_CANCELLED,
                                          CANCEL_PARENTAL_LEAVE, &ei),
                 0, "%s", ei.msg);
    struct booking out;
    store_booking_get(st, b.id, &out, &ei);
    cr_assert_eq(out.status, BOOKING_CANCELLED);
    cr_assert_eq(out.cancel_reason, CANCEL_PARENTAL_LEAVE);

    cr_assert_eq(audit_rows(), base + 2);
    struct audit a;
    cr_assert_eq(store_audit_get(st, base + 2, &a, &ei), 0);
    cr_assert_str_eq(a.actor, "studierektor Lund");
    cr_assert_str_eq(a.entity, "booking");
    cr_assert_str_eq(a.action, "update");
    cr_assert_eq(a.entity_id, b.id);
    cr_assert_not_null(strstr(a.before_json, "\"status\":\"requested\""));
    cr_assert_not_null(strstr(a.after_json, "\"status\":\"cancelled\""));
    cr_assert_not_null(
        strstr(a.after_json, "\"cancel_reason\":\"parental_leave\""));
    store_audit_release(&a);
}

Test(store, cancelling_without_a_reason_is_refused_and_changes_nothing)
{
    int64_t base = audit_rows();
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(
        store_booking_set_status(st, b.id, BOOKING_CANCELLED, CANCEL_NONE, &ei),
        ERR_INVAL);
    cr_assert_str_eq(ei.field, "cancel_reason");
    struct booking out;
    store_booking_get(st, b.id, &out, &ei);
    cr_assert_eq(out.status, BOOKING_REQUESTED);
    cr_assert_eq(audit_rows(), base + 1);
}

Test(store, booking_for_unknown_trainee_names_the_field)
{
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    b.trainee_id = 999;
    cr_assert_eq(store_booking_insert(st, &b, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "trainee_id");
}

Test(store, booking_for_unknown_unit_writes_neither_booking_nor_audit)
{
    int64_t base = audit_rows();
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    b.unit_id = 999;
    cr_assert_eq(store_booking_insert(st, &b, &ei), ERR_NOTFOUND);
    int64_t bookings = -1;
    store_count(st, STORE_BOOKING, &bookings, &ei);
    cr_assert_eq(bookings, 0);
    cr_assert_eq(audit_rows(), base);
}

Test(store, out_of_range_fields_are_refused_with_their_name)
{
    struct trainee t;
    store_trainee_get(st, ids.trainee, &t, &ei);
    t.id = 0, t.fte = 0;
    cr_assert_eq(store_trainee_insert(st, &t, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "fte");
    t.fte = 100;
    snprintf(t.planned_end, sizeof(t.planned_end), "2020-01-01");
    cr_assert_eq(store_trainee_insert(st, &t, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "planned_end");
    snprintf(t.planned_end, sizeof(t.planned_end), "2032-02-30");
    cr_assert_eq(store_trainee_insert(st, &t, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "planned_end");

    struct booking b = booking_at("2027-W10", PATTERN_FULL, 105);
    cr_assert_eq(store_booking_insert(st, &b, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "weeks");
}

Test(store, malformed_hsa_id_is_refused)
{
    struct unit u;
    store_unit_get(st, ids.unit_gyn, &u, &ei);
    u.id = 0;
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-Kö");
    cr_assert_eq(store_unit_insert(st, &u, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "hsa_id");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE232100025-K1");
    cr_assert_eq(store_unit_insert(st, &u, &ei), ERR_INVAL);
}

Test(store, duplicate_hsa_id_conflicts_and_leaves_no_goal_links)
{
    struct unit u;
    store_unit_get(st, ids.unit_gyn, &u, &ei);
    u.id = 0;
    cr_assert_eq(store_unit_insert(st, &u, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "hsa_id");
    int64_t n = 0;
    store_count(st, STORE_UNIT, &n, &ei);
    cr_assert_eq(n, 2);
}

Test(store, unit_with_unknown_goal_is_rolled_back_whole)
{
    struct unit u;
    store_unit_get(st, ids.unit_gyn, &u, &ei);
    u.id = 0;
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-K2");
    u.ngoals = 2, u.goal_ids[1] = 12345;
    cr_assert_eq(store_unit_insert(st, &u, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "goal_ids");
    int64_t n = 0;
    store_count(st, STORE_UNIT, &n, &ei);
    cr_assert_eq(n, 2, "the unit row must not survive its failed links");
}

Test(store, rollback_undoes_every_write_since_begin)
{
    int64_t base = audit_rows();
    cr_assert_eq(store_begin(st, &ei), 0);
    struct region r = {0, "blekinge", "Region Blekinge"};
    cr_assert_eq(store_region_insert(st, &r, &ei), 0);
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0);
    store_rollback(st);
    int64_t regions = 0, bookings = 0;
    store_count(st, STORE_REGION, &regions, &ei);
    store_count(st, STORE_BOOKING, &bookings, &ei);
    cr_assert_eq(regions, 1);
    cr_assert_eq(bookings, 0);
    cr_assert_eq(audit_rows(), base);
}

Test(store, failed_write_inside_a_transaction_undoes_only_itself)
{
    cr_assert_eq(store_begin(st, &ei), 0);
    struct region r = {0, "blekinge", "Region Blekinge"};
    cr_assert_eq(store_region_insert(st, &r, &ei), 0);
    struct region dup = {0, "blekinge", "Again"};
    cr_assert_eq(store_region_insert(st, &dup, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "code");
    cr_assert_eq(store_commit(st, &ei), 0, "%s", ei.msg);
    struct region out;
    cr_assert_eq(store_region_get(st, r.id, &out, &ei), 0);
    cr_assert_str_eq(out.name, "Region Blekinge");
}

Test(store, committed_writes_are_visible_to_another_connection)
{
    cr_assert_eq(store_begin(st, &ei), 0);
    struct region r = {0, "blekinge", "Region Blekinge"};
    cr_assert_eq(store_region_insert(st, &r, &ei), 0);
    struct store *other = NULL;
    cr_assert_eq(store_open(db_path, 0, &other, &ei), 0, "%s", ei.msg);
    int64_t n = 0;
    store_count(other, STORE_REGION, &n, &ei);
    cr_assert_eq(n, 1, "uncommitted rows must not be visible");
    cr_assert_eq(store_commit(st, &ei), 0);
    store_count(other, STORE_REGION, &n, &ei);
    cr_assert_eq(n, 2);
    store_close(other);
}

Test(store, nested_begin_is_refused)
{
    cr_assert_eq(store_begin(st, &ei), 0);
    cr_assert_eq(store_begin(st, &ei), ERR_INVAL);
    store_rollback(st);
}

Test(store, get_of_unknown_id_is_not_found)
{
    struct trainee t;
    cr_assert_eq(store_trainee_get(st, 4242, &t, &ei), ERR_NOTFOUND);
    cr_assert_not_null(strstr(ei.msg, "4242"));
}

Test(store, a_cancelled_booking_cannot_be_confirmed)
{
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_booking_set_status(st, b.id, BOOKING_CANCELLED,
                                          CANCEL_CHANGED_PLAN, &ei),
                 0);
    cr_assert_eq(
        store_booking_set_status(st, b.id, BOOKING_CONFIRMED, CANCEL_NONE, &ei),
        ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "status");
    struct booking out;
    store_booking_get(st, b.id, &out, &ei);
    cr_assert_eq(out.status, BOOKING_CANCELLED);
}

Test(store, a_requested_booking_cannot_be_completed)
{
    struct booking b = booking_at("2027-W10", PATTERN_FULL, 8);
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(
        store_booking_set_status(st, b.id, BOOKING_COMPLETED, CANCEL_NONE, &ei),
        ERR_CONFLICT);
}

Test(store, a_failure_in_the_database_is_noted_until_cleared)
{
    store_clear_failure(st);
    int64_t n = 0;
    cr_assert_eq(store_count(st, STORE_UNIT, &n, &ei), 0);
    struct unit u;
    cr_assert_eq(store_unit_get(st, 4242, &u, &ei), ERR_NOTFOUND);
    cr_assert_not(store_failed(st), "reads and a missing row fail nothing");
    store_unit_get(st, ids.unit_gyn, &u, &ei);
    u.id = 0;
    cr_assert_eq(store_unit_insert(st, &u, &ei), ERR_CONFLICT);
    cr_assert(store_failed(st), "the unique violation is noted");
    store_clear_failure(st);
    cr_assert_not(store_failed(st));
    cr_assert(store_connected(st));
}

Test(store, sqlite_has_no_log_position_and_nothing_to_replay)
{
    char pos[STORE_WAL_POS_MAX] = "x";
    cr_assert_eq(store_wal_position(st, pos, &ei), 0);
    cr_assert_str_eq(pos, "");
    int yes = 0;
    cr_assert_eq(store_wal_replayed(st, "16/B374D848", &yes, &ei), 0);
    cr_assert_eq(yes, 1);
    static const char *const bad[] = {"",    "16",        "/1",
                                      "1/",  "1/2/3",     "123456789/1",
                                      "G/1", "1/1; DROP", "1 /1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        cr_assert_eq(store_wal_replayed(st, bad[i], &yes, &ei), ERR_INVAL, "%s",
                     bad[i]);
}
