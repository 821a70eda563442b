/* The planning problem the planning layer builds from a small hand-made
 * region (plan_problem_build() on the store's rows): it loads with
 * solver_problem_load(), and its ids, weeks, seats, limits, options, fixed
 * bookings and stand-ins map the database as planning-format.md and
 * store.h say. */
#include "domain/week.h"
#include "plan/problem.h"
#include "solver/problem.h"
#include "store/store.h"
#include "tmpdb.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static char db_path[64];
static struct store *st;
static struct err_info ei;
static int hs; /* the horizon's week 0: 2027-W10 */

static struct {
    int64_t skane, blekinge, gyn, am;
    int64_t home, g1, g2, g3; /* home: a primary-care centre, max_away 1 */
    int64_t t1, t2, t3, t4, t5;
    int64_t n1, n2, n3, n4, n5, n6;
    int64_t b_fixed, b_ongoing, b_split, b_other_region, b_t3_gyn;
} ids;

static int64_t add_unit(int64_t region, int64_t provider, int64_t specialty,
                        const char *name, const char *hsa, enum unit_kind kind,
                        int takes, int max_away)
{
    struct unit u = {0};
    u.region_id = region, u.provider_id = provider, u.specialty_id = specialty;
    u.kind = kind, u.takes_trainees = takes, u.max_away = max_away;
    snprintf(u.name, sizeof(u.name), "%s", name);
    snprintf(u.hsa_id, sizeof(u.hsa_id), "%s", hsa);
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    return u.id;
}

static void add_capacity(int64_t unit, int from, int to, int seats,
                         unsigned patterns)
{
    struct capacity c = {0, unit, hs + from, hs + to, seats, patterns, ""};
    cr_assert_eq(store_capacity_insert(st, &c, &ei), 0, "%s", ei.msg);
}

/* The date of the Monday of horizon week w. */
static void monday(int w, char *out)
{
    date_format(week_monday(hs + w), out);
}

static int64_t add_trainee(const char *name, int64_t home, int fte,
                           int end_week, enum trainee_status status)
{
    struct person p = {0};
    snprintf(p.name, sizeof(p.name), "%s", name);
    snprintf(p.email, sizeof(p.email), "%.40s@demo.randa.se", name);
    for (char *c = p.email; *c; c++)
        *c = *c == ' ' ? '.' : *c;
    struct trainee t = {0};
    t.specialty_id = ids.am, t.regulation = REGULATION_2021;
    t.home_unit_id = home, t.fte = fte, t.status = status;
    snprintf(t.start_date, sizeof(t.start_date), "2024-09-02");
    monday(end_week, t.planned_end);
    cr_assert_eq(store_trainee_create(st, &p, &t, &ei), 0, "%s", ei.msg);
    return t.id;
}

static int64_t add_need(int64_t trainee, int64_t specialty, int weeks,
                        unsigned patterns, int64_t unit)
{
    struct need n = {0};
    n.trainee_id = trainee, n.specialty_id = specialty, n.weeks = weeks;
    n.patterns = patterns, n.preferred_start = STORE_NONE;
    n.status = NEED_OPEN;
    if (unit)
        n.unit_ids[n.nunits++] = unit;
    cr_assert_eq(store_need_insert(st, &n, &ei), 0, "%s", ei.msg);
    return n.id;
}

/* A booking as data may hold it: store_booking_insert() checks no seats. */
static int64_t add_booking(int64_t trainee, int64_t need, int64_t unit,
                           int start, int weeks, enum pattern p)
{
    struct booking b = {0};
    b.trainee_id = trainee, b.need_id = need, b.unit_id = unit;
    b.start_week = hs + start, b.weeks = weeks, b.pattern = p;
    b.status = BOOKING_CONFIRMED, b.cancel_reason = CANCEL_NONE;
    cr_assert_eq(store_booking_insert(st, &b, &ei), 0, "%s", ei.msg);
    return b.id;
}

static void setup(void)
{
    err_clear(&ei);
    cr_assert_eq(week_parse("2027-W10", &hs), 0);
    tmpdb_path(db_path, sizeof(db_path), "planprob");
    cr_assert_eq(store_open(db_path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
    struct region sk = {0, "skane", "Region Skåne"};
    struct region bl = {0, "blekinge", "Region Blekinge"};
    cr_assert_eq(store_region_insert(st, &sk, &ei), 0);
    cr_assert_eq(store_region_insert(st, &bl, &ei), 0);
    ids.skane = sk.id, ids.blekinge = bl.id;
    struct provider pr = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    cr_assert_eq(store_provider_insert(st, &pr, &ei), 0);
    struct specialty gyn = {0,
                            "obstetrik-och-gynekologi",
                            "Obstetrik och gynekologi",
                            "Obstetrics and gynaecology",
                            SPECIALTY_BAS,
                            0};
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    cr_assert_eq(store_specialty_insert(st, &gyn, &ei), 0);
    cr_assert_eq(store_specialty_insert(st, &am, &ei), 0);
    ids.gyn = gyn.id, ids.am = am.id;

    ids.home = add_unit(sk.id, pr.id, am.id, "Vårdcentralen Näsby",
                        "SE2321000255-V1", UNIT_PRIMARY_CARE, 0, 1);
    ids.g1 = add_unit(sk.id, pr.id, gyn.id, "Kvinnokliniken Lund",
                      "SE2321000255-K1", UNIT_HOSPITAL_CLINIC, 1, STORE_NONE);
    ids.g2 = add_unit(sk.id, pr.id, gyn.id, "Kvinnokliniken Ystad",
                      "SE2321000255-K2", UNIT_HOSPITAL_CLINIC, 1, STORE_NONE);
    ids.g3 = add_unit(bl.id, pr.id, gyn.id, "Kvinnokliniken Karlskrona",
                      "SE2321000255-K3", UNIT_HOSPITAL_CLINIC, 1, STORE_NONE);
    unsigned full_split3 =
        PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_SPLIT3);
    /* g1: 2 seats, closed for the summer (weeks 20..30), then 1 seat. */
    add_capacity(ids.g1, -10, 20, 2, full_split3);
    add_capacity(ids.g1, 20, 30, 0, full_split3);
    add_capacity(ids.g1, 30, 200, 1, full_split3);
    add_capacity(ids.g2, 0, 200, 1, PATTERN_BIT(PATTERN_FULL));
    add_capacity(ids.g3, 0, 200, 3, PATTERN_ALL);

    /* t1: a gyn need (preferred week 5), one that only g2 could take but
     * as split3 (which g2 refuses), one booked over the summer closure. */
    ids.t1 = add_trainee("Anna Lind", ids.home, 100, 100, TRAINEE_ACTIVE);
    ids.n1 = add_need(ids.t1, ids.gyn, 12, full_split3, 0);
    struct need n1;
    cr_assert_eq(store_need_get(st, ids.n1, &n1, &ei), 0);
    n1.preferred_start = hs + 5;
    cr_assert_eq(store_need_update(st, &n1, &ei), 0, "%s", ei.msg);
    ids.n2 = add_need(ids.t1, ids.gyn, 8, PATTERN_BIT(PATTERN_SPLIT3), ids.g2);
    ids.n3 = add_need(ids.t1, ids.gyn, 12, PATTERN_BIT(PATTERN_FULL), 0);
    ids.b_fixed = add_booking(ids.t1, ids.n3, ids.g1, 18, 12, PATTERN_FULL);
    struct leave l = {0, ids.t1, "", "", LEAVE_PARENTAL};
    monday(40, l.from_date);
    monday(42, l.to_date); /* a Monday: week 42 is on leave too */
    cr_assert_eq(store_leave_insert(st, &l, &ei), 0, "%s", ei.msg);

    /* t2 at 50 %: away at g1 since week -5 (a booking of no need). */
    ids.t2 = add_trainee("Bo Ek", ids.home, 50, 150, TRAINEE_ACTIVE);
    ids.n4 = add_need(ids.t2, ids.gyn, 10, PATTERN_BIT(PATTERN_FULL), 0);
    ids.b_ongoing = add_booking(ids.t2, 0, ids.g1, -5, 10, PATTERN_FULL);

    /* t3: no gyn need, but an allmänmedicin one no unit takes and a gyn
     * booking of its own; away split3 at g1 from week 2. */
    ids.t3 = add_trainee("Cecilia Ek", ids.home, 100, 120, TRAINEE_ACTIVE);
    ids.n5 = add_need(ids.t3, ids.am, 6, PATTERN_BIT(PATTERN_FULL), 0);
    ids.b_split = add_booking(ids.t3, 0, ids.g1, 2, 6, PATTERN_SPLIT3);

    /* t4 has left; t5 lives in another region but books g1 from week 60. */
    ids.t4 = add_trainee("Dan Ek", ids.home, 100, 120, TRAINEE_LEFT);
    add_need(ids.t4, ids.gyn, 10, PATTERN_BIT(PATTERN_FULL), 0);
    ids.t5 = add_trainee("Eva Ek", ids.g3, 100, 120, TRAINEE_ACTIVE);
    ids.n6 = add_need(ids.t5, ids.gyn, 10, PATTERN_BIT(PATTERN_FULL), 0);
    ids.b_other_region = add_booking(ids.t5, 0, ids.g1, 60, 10, PATTERN_FULL);
}

static void teardown(void)
{
    store_close(st);
    st = NULL;
    tmpdb_remove(db_path);
}

TestSuite(plan_problem, .init = setup, .fini = teardown);

/* The problem built, as text (parsed) and as loaded by solver_problem_load().
 */
struct built {
    json_t *doc, *left_out;
    struct solver_problem *p;
    struct plan_built info;
};

static void build(int64_t specialty, struct built *out)
{
    struct plan_scope scope = {ids.skane, specialty, hs, 0};
    struct buf problem = BUF_INIT(0), left = BUF_INIT(0);
    memset(out, 0, sizeof(*out));
    cr_assert_eq(
        plan_problem_build(st, &scope, &problem, &left, &out->info, &ei), 0,
        "%s", ei.msg);
    struct err_info le = {0};
    cr_assert_eq(solver_problem_load(problem.data, problem.len, &out->p, &le),
                 0, "solver_problem_load refused the problem: %s", le.msg);
    out->doc = json_loads(problem.data, 0, NULL);
    out->left_out = json_loads(left.data, 0, NULL);
    cr_assert(out->doc && json_is_array(out->left_out));
    buf_release(&problem);
    buf_release(&left);
}

static void built_release(struct built *b)
{
    solver_problem_free(b->p);
    json_decref(b->doc);
    json_decref(b->left_out);
}

static const char *id_of(char prefix, int64_t id)
{
    static char s[8][32];
    static int k;
    k = (k + 1) % 8;
    snprintf(s[k], sizeof(s[k]), "%c%lld", prefix, (long long)id);
    return s[k];
}

static const struct solver_trainee *trainee(const struct solver_problem *p,
                                            const char *id)
{
    for (int i = 0; i < p->ntrainees; i++)
        if (strcmp(p->trainees[i].id, id) == 0)
            return &p->trainees[i];
    return NULL;
}

static const struct solver_need *need(const struct solver_problem *p,
                                      const char *id)
{
    int i = solver_problem_need(p, id);
    return i >= 0 ? &p->needs[i] : NULL;
}

static const struct solver_unit *unit(const struct solver_problem *p,
                                      int64_t id)
{
    int i = solver_problem_unit(p, id_of('u', id));
    return i >= 0 ? &p->units[i] : NULL;
}

/* Does option o of need n list unit id? */
static int option_has(const struct solver_problem *p,
                      const struct solver_need_option *o, int64_t id)
{
    for (int i = 0; i < o->nunits; i++)
        if (o->units[i] == solver_problem_unit(p, id_of('u', id)))
            return 1;
    return 0;
}

Test(plan_problem,
     the_horizon_starts_this_week_and_reaches_the_last_planned_end_plus_a_year)
{
    struct built b;
    build(ids.gyn, &b);
    cr_assert_str_eq(b.p->start, "2027-W10");
    /* t2's planned end (week 150) is the latest in scope; a year more. */
    cr_assert_eq(b.p->weeks, 150 + 52);
    cr_assert_eq(b.info.weeks, b.p->weeks);
    built_release(&b);
}

Test(plan_problem,
     scope_is_the_regions_active_trainees_with_open_needs_of_the_specialty)
{
    struct built b;
    build(ids.gyn, &b);
    cr_assert_not_null(trainee(b.p, id_of('t', ids.t1)));
    cr_assert_not_null(trainee(b.p, id_of('t', ids.t2)));
    cr_assert_null(trainee(b.p, id_of('t', ids.t3)), "no open gyn need");
    cr_assert_null(trainee(b.p, id_of('t', ids.t4)), "left");
    cr_assert_null(trainee(b.p, id_of('t', ids.t5)), "another region");
    cr_assert_null(need(b.p, id_of('n', ids.n6)));
    cr_assert_eq(b.info.trainees, 2);
    cr_assert_eq(b.info.needs, 3); /* n1, n3 (fixed), n4 */
    cr_assert_eq(b.info.fixed, 1);
    cr_assert_eq(b.info.left_out, 1);
    built_release(&b);
}

Test(plan_problem, units_are_the_regions_units_that_take_trainees_and_the_homes)
{
    struct built b;
    build(ids.gyn, &b);
    cr_assert_not_null(unit(b.p, ids.g1));
    cr_assert_not_null(unit(b.p, ids.g2));
    cr_assert_not_null(unit(b.p, ids.home));
    cr_assert_null(unit(b.p, ids.g3), "a unit of another region");
    cr_assert_str_eq(unit(b.p, ids.g1)->name, "Kvinnokliniken Lund");
    cr_assert_eq(trainee(b.p, id_of('t', ids.t1))->home,
                 solver_problem_unit(b.p, id_of('u', ids.home)));
    built_release(&b);
}

Test(plan_problem, seats_follow_capacity_less_bookings_outside_the_problem)
{
    struct built b;
    build(ids.gyn, &b);
    const struct solver_unit *g1 = unit(b.p, ids.g1), *g2 = unit(b.p, ids.g2);
    cr_assert_eq(g1->seats[0], 2);
    cr_assert_eq(g1->seats[19], 2);
    cr_assert_eq(g1->seats[35], 1);
    /* t5 (another region, no limit away) holds g1's one seat 60..70. */
    cr_assert_eq(g1->seats[60], 0);
    cr_assert_eq(g1->seats[69], 0);
    cr_assert_eq(g1->seats[70], 1);
    cr_assert_eq(g1->seats[200], 0, "no period: no seats");
    cr_assert_eq(g2->seats[0], 1);
    cr_assert_eq(unit(b.p, ids.home)->seats[0], 0);
    built_release(&b);
}

Test(
    plan_problem,
    a_fixed_booking_over_a_closure_raises_the_seats_rather_than_break_the_problem)
{
    struct built b;
    build(ids.gyn, &b);
    /* t1's booking (weeks 18..30) is in weeks the period offers 0 seats. */
    const struct solver_unit *g1 = unit(b.p, ids.g1);
    cr_assert_eq(g1->seats[25], 1);
    cr_assert_eq(g1->seats[29], 1);
    cr_assert_eq(g1->seats[18], 2);
    built_release(&b);
}

Test(plan_problem,
     open_needs_get_one_option_per_pattern_with_the_units_that_take_it)
{
    struct built b;
    build(ids.gyn, &b);
    const struct solver_need *n1 = need(b.p, id_of('n', ids.n1));
    cr_assert_not_null(n1);
    cr_assert_eq(n1->noptions, 2);
    cr_assert_eq(n1->options[0].pattern, PATTERN_FULL);
    cr_assert_eq(n1->options[0].weeks, 12);
    cr_assert(option_has(b.p, &n1->options[0], ids.g1));
    cr_assert(option_has(b.p, &n1->options[0], ids.g2));
    cr_assert_eq(n1->options[1].pattern, PATTERN_SPLIT3);
    cr_assert(option_has(b.p, &n1->options[1], ids.g1));
    cr_assert_not(option_has(b.p, &n1->options[1], ids.g2),
                  "g2 takes full only");
    cr_assert_eq(n1->preferred_start, 5);
    built_release(&b);
}

Test(plan_problem, a_need_no_unit_can_take_is_left_out_with_a_reason)
{
    struct built b;
    build(ids.gyn, &b);
    cr_assert_null(need(b.p, id_of('n', ids.n2)));
    cr_assert_eq(json_array_size(b.left_out), 1);
    json_t *e = json_array_get(b.left_out, 0);
    cr_assert_str_eq(json_string_value(json_object_get(e, "need")),
                     id_of('n', ids.n2));
    cr_assert_str_eq(json_string_value(json_object_get(e, "trainee")),
                     id_of('t', ids.t1));
    const char *reason = json_string_value(json_object_get(e, "reason"));
    cr_assert(strstr(reason, "no unit offers") && strstr(reason, "Ystad"), "%s",
              reason);
    built_release(&b);
}

Test(plan_problem, a_booking_ahead_becomes_a_fixed_need_the_plan_must_keep)
{
    struct built b;
    build(ids.gyn, &b);
    const struct solver_need *n3 = need(b.p, id_of('n', ids.n3));
    cr_assert_not_null(n3);
    cr_assert(n3->fixed);
    cr_assert_eq(n3->fixed_start, 18);
    cr_assert_eq(n3->fixed_unit, solver_problem_unit(b.p, id_of('u', ids.g1)));
    cr_assert_eq(n3->options[n3->fixed_option].pattern, PATTERN_FULL);
    cr_assert_eq(n3->options[n3->fixed_option].len, 12);
    built_release(&b);
}

Test(plan_problem,
     trainees_carry_fte_deadline_leave_and_start_after_their_current_placement)
{
    struct built b;
    build(ids.gyn, &b);
    const struct solver_trainee *t1 = trainee(b.p, id_of('t', ids.t1));
    const struct solver_trainee *t2 = trainee(b.p, id_of('t', ids.t2));
    cr_assert_eq(t1->fte, 100);
    cr_assert_eq(t1->deadline, 100);
    cr_assert_eq(t1->from, 0);
    int leave = 0;
    for (int i = 0; i < t1->nunavailable; i++)
        leave |= t1->unavailable[i][0] == 40 && t1->unavailable[i][1] == 43;
    cr_assert(leave, "the leave's weeks 40..42 are unavailable");
    cr_assert_eq(t2->fte, 50);
    /* 10 full-time weeks at 50 % from week -5: at g1 until week 15. */
    cr_assert_eq(t2->from, 15);
    cr_assert_eq(t2->deadline, 150);
    built_release(&b);
}

Test(plan_problem,
     bookings_of_others_that_count_against_a_home_limit_go_in_as_stand_ins)
{
    struct built b;
    build(ids.gyn, &b);
    /* t2's placement under way and t3's split3 one: both away from the
     * home unit, which has max_away 1. */
    const struct solver_trainee *x2 = trainee(b.p, id_of('x', ids.b_ongoing));
    const struct solver_trainee *x3 = trainee(b.p, id_of('x', ids.b_split));
    cr_assert_not_null(x2);
    cr_assert_not_null(x3);
    int home = solver_problem_unit(b.p, id_of('u', ids.home));
    cr_assert_eq(x2->home, home);
    cr_assert_eq(x3->home, home);
    const struct solver_need *n2 = &b.p->needs[x2->first_need];
    const struct solver_need *n3 = &b.p->needs[x3->first_need];
    cr_assert(n2->fixed && n3->fixed);
    /* The part inside the horizon, occupying the same weeks the same way. */
    cr_assert_eq(n2->fixed_start, 0);
    cr_assert_eq(n2->options[0].len, 15);
    cr_assert_eq(n2->options[0].pattern, PATTERN_FULL);
    cr_assert_eq(n3->fixed_start, 2);
    cr_assert_eq(n3->options[0].pattern, PATTERN_SPLIT3);
    cr_assert_eq(n3->options[0].len, 10); /* 6 weeks at 60 % */
    cr_assert_eq(n3->fixed_unit, solver_problem_unit(b.p, id_of('u', ids.g1)));
    /* 1 + 0.6 seats away in weeks 2..12 by the data itself: the limit is
     * raised to 2 so that the problem stays valid. */
    cr_assert_eq(unit(b.p, ids.home)->max_away, 2);
    /* t5's booking holds whole seats and no limit: subtracted, no stand-in. */
    cr_assert_null(trainee(b.p, id_of('x', ids.b_other_region)));
    built_release(&b);
}

Test(
    plan_problem,
    every_specialty_fixes_a_trainees_other_bookings_and_reports_needs_of_no_unit)
{
    struct built b;
    build(0, &b);
    const struct solver_trainee *t3 = trainee(b.p, id_of('t', ids.t3));
    cr_assert_not_null(t3, "t3 has an open need now in scope");
    /* Its own booking (no need) is fixed, as "b<id>", not a stand-in. */
    const struct solver_need *bk = need(b.p, id_of('b', ids.b_split));
    cr_assert_not_null(bk);
    cr_assert(bk->fixed);
    cr_assert_eq(bk->trainee, (int)(t3 - b.p->trainees));
    cr_assert_null(trainee(b.p, id_of('x', ids.b_split)));
    cr_assert_null(need(b.p, id_of('n', ids.n5)), "no unit of allmänmedicin");
    int found = 0;
    size_t i;
    json_t *e;
    json_array_foreach(b.left_out, i, e) found |=
        strcmp(json_string_value(json_object_get(e, "need")),
               id_of('n', ids.n5)) == 0;
    cr_assert(found);
    built_release(&b);
}

Test(plan_problem, an_unknown_region_or_specialty_is_named)
{
    struct plan_scope scope = {999, 0, hs, 0};
    struct buf problem = BUF_INIT(0), left = BUF_INIT(0);
    struct plan_built info;
    cr_assert_eq(plan_problem_build(st, &scope, &problem, &left, &info, &ei),
                 ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "region_id");
    scope.region_id = ids.skane;
    scope.specialty_id = 999;
    cr_assert_eq(plan_problem_build(st, &scope, &problem, &left, &info, &ei),
                 ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "specialty_id");
    cr_assert_eq(problem.len, 0);
}
