/*
 * The planning layer (src/plan/) and the data it hands on: the problem
 * decided from plain store rows with no database, a warm start carried
 * over from a stored plan, and the optimiser's reasons for unplaced needs
 * as data (kind, units, weeks, the need waited for).
 */
#include "plan/problem.h"
#include "plan/warm.h"
#include "solver/solver.h"
#include "util/buf.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

/* Week 0 of the rows below: 2027-W01 as a serial is not needed, any
 * serial works as long as rows and scope agree. */
#define HS 1000

/* A region of one unit (id 7, specialty 3, 2 seats for 60 weeks) and one
 * trainee (id 5, home 9) with a leave and two open needs: one of the
 * unit's specialty, one of a specialty no unit has. */
static void rows_fill(struct plan_rows *r, struct plan_row_unit *u,
                      struct plan_row_trainee *t, struct plan_row_need *n,
                      struct plan_row_capacity *c, struct plan_row_span *leave)
{
    memset(r, 0, sizeof(*r));
    memset(u, 0, 2 * sizeof(*u));
    u[0] = (struct plan_row_unit){
        .id = 7, .specialty_id = 3, .takes = 1, .max_away = STORE_NONE};
    strcpy(u[0].name, "Barnkliniken");
    strcpy(u[0].specialty_code, "barn");
    u[1] = (struct plan_row_unit){
        .id = 9, .specialty_id = 4, .takes = 0, .max_away = STORE_NONE};
    strcpy(u[1].name, "Vårdcentralen");
    *leave = (struct plan_row_span){HS + 4, HS + 8};
    *t = (struct plan_row_trainee){.id = 5,
                                   .home_unit_id = 9,
                                   .fte = 100,
                                   .start_week = HS,
                                   .end_week = HS + 40,
                                   .leaves = leave,
                                   .nleaves = 1};
    memset(n, 0, 2 * sizeof(*n));
    n[0] = (struct plan_row_need){.id = 11,
                                  .trainee_id = 5,
                                  .specialty_id = 3,
                                  .weeks = 10,
                                  .patterns = PATTERN_BIT(PATTERN_FULL),
                                  .preferred_start = STORE_NONE,
                                  .open = 1};
    n[1] = (struct plan_row_need){.id = 12,
                                  .trainee_id = 5,
                                  .specialty_id = 8,
                                  .weeks = 6,
                                  .patterns = PATTERN_BIT(PATTERN_HALF),
                                  .preferred_start = STORE_NONE,
                                  .open = 1};
    strcpy(n[1].specialty_name, "Kirurgi");
    *c = (struct plan_row_capacity){7, HS, HS + 60, 2, PATTERN_ALL};
    r->units = u;
    r->nunits = 2;
    r->trainees = t;
    r->ntrainees = 1;
    r->needs = n;
    r->nneeds = 2;
    r->capacity = c;
    r->ncapacity = 1;
}

Test(plan_layer, rows_give_a_problem_the_solver_loads_and_the_left_out_why)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t;
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    rows_fill(&r, u, &t, n, &c, &leave);
    struct buf problem = BUF_INIT(0), left = BUF_INIT(0);
    struct plan_built info;
    plan_problem_write(&r, HS, &problem, &left, &info);
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(problem.data, problem.len, &p, &ei), 0,
                 "%s", ei.msg);
    cr_assert_eq(info.trainees, 1);
    cr_assert_eq(info.needs, 1);
    cr_assert_eq(info.left_out, 1);
    int k = solver_problem_need(p, "n11");
    cr_assert_geq(k, 0);
    cr_assert_eq(p->needs[k].noptions, 1);
    cr_assert_eq(p->needs[k].options[0].units[0], solver_problem_unit(p, "u7"));
    cr_assert_eq(p->trainees[0].nunavailable, 1);
    cr_assert_eq(p->trainees[0].unavailable[0][0], 4);
    cr_assert_eq(p->trainees[0].unavailable[0][1], 8);
    cr_assert_eq(p->units[solver_problem_unit(p, "u7")].seats[0], 2);

    json_t *l = json_loads(left.data, 0, NULL);
    json_t *why = json_object_get(json_array_get(l, 0), "why");
    cr_assert_str_eq(
        json_string_value(json_object_get(json_array_get(l, 0), "need")),
        "n12");
    cr_assert_str_eq(json_string_value(json_object_get(why, "kind")),
                     "no_specialty_unit");
    cr_assert_str_eq(json_string_value(json_object_get(why, "specialty")),
                     "Kirurgi");
    cr_assert_str_eq(
        json_string_value(json_array_get(json_object_get(why, "patterns"), 0)),
        "half");
    cr_assert_eq(json_integer_value(json_object_get(why, "to")), p->weeks);
    json_decref(l);
    solver_problem_free(p);
    buf_release(&problem);
    buf_release(&left);
}

/* One unit of one seat; a, b and c each want it for 8 of 10 weeks; c's
 * second need comes after its first. */
static const char crowded[] =
    "{\"format\":\"randa-problem/1\",\"horizon\":{\"start\":\"2027-W01\","
    "\"weeks\":10},\"weights\":{\"unplaced\":1000,\"late\":1,\"shift\":0},"
    "\"units\":[{\"id\":\"h\",\"seats\":0},{\"id\":\"u\",\"name\":\"Barn\","
    "\"seats\":1}],\"trainees\":["
    "{\"id\":\"a\",\"home\":\"h\",\"from\":0,\"deadline\":10,\"needs\":["
    "{\"id\":\"a1\",\"options\":[{\"units\":[\"u\"],\"weeks\":8,"
    "\"pattern\":\"full\"}]}]},"
    "{\"id\":\"c\",\"home\":\"h\",\"from\":0,\"deadline\":10,\"needs\":["
    "{\"id\":\"c1\",\"options\":[{\"units\":[\"u\"],\"weeks\":8,"
    "\"pattern\":\"full\"}]},"
    "{\"id\":\"c2\",\"after\":[\"c1\"],\"options\":[{\"units\":[\"u\"],"
    "\"weeks\":1,\"pattern\":\"full\"}]}]}]}";

Test(plan_layer, reasons_are_data_full_and_waits_for)
{
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(crowded, strlen(crowded), &p, &ei), 0,
                 "%s", ei.msg);
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 2;
    struct solver_result r;
    cr_assert_eq(solver_solve(p, &o, NULL, NULL, NULL, &r, &ei), 0);
    /* One of a1 and c1 has the seat; the other is unplaced for lack of
     * it, and c2 waits for c1 when c1 is the one. */
    int a1 = solver_problem_need(p, "a1"), c1 = solver_problem_need(p, "c1"),
        c2 = solver_problem_need(p, "c2");
    int out = r.plan.at[a1].assigned ? c1 : a1;
    cr_assert(!r.plan.at[out].assigned);
    const struct solver_reason *why = r.reasons[out];
    cr_assert_not_null(why);
    cr_assert_eq(why->kind, SOLVER_REASON_FULL, "%s", why->text);
    cr_assert_eq(why->nunits, 1);
    cr_assert_eq(why->units[0], solver_problem_unit(p, "u"));
    cr_assert_eq(why->weeks, 8);
    cr_assert_eq(why->full_unit, solver_problem_unit(p, "u"));
    cr_assert_lt(why->full_from, why->full_to);
    cr_assert(strstr(why->text, "Barn") != NULL, "%s", why->text);
    cr_assert_str_eq(solver_reason_kind_name(why->kind), "full");
    if (out == c1) {
        cr_assert(!r.plan.at[c2].assigned);
        cr_assert_eq(r.reasons[c2]->kind, SOLVER_REASON_WAITS);
        cr_assert_eq(r.reasons[c2]->waits_for, c1);
    }
    for (int n = 0; n < p->nneeds; n++)
        cr_assert_eq(r.reasons[n] != NULL, !r.plan.at[n].assigned);
    /* The plan's JSON carries the same beside the text. */
    struct buf text = BUF_INIT(0);
    solver_plan_json(p, &o, &r, &text);
    json_t *doc = json_loads(text.data, 0, NULL);
    json_t *u0 = json_array_get(json_object_get(doc, "unplaced"), 0);
    json_t *w = json_object_get(u0, "why");
    cr_assert_str_eq(
        json_string_value(json_object_get(u0, "reason")),
        r.reasons[solver_problem_need(
                      p, json_string_value(json_object_get(u0, "need")))]
            ->text);
    cr_assert_str_eq(json_string_value(json_object_get(w, "kind")), "full");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(w, "units"), 0), "id")),
                     "u");
    json_decref(doc);
    buf_release(&text);
    solver_result_free(&r);
    solver_problem_free(p);
}

Test(plan_layer, a_warm_start_keeps_the_weeks_and_drops_what_breaks_a_rule)
{
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(crowded, strlen(crowded), &p, &ei), 0,
                 "%s", ei.msg);
    /* Stored with week 0 two weeks earlier: a1 at its week 3 is week 1
     * now; c1 at its week 0 would start before this horizon; an unknown
     * need and a unit the option lacks are ignored. */
    const char stored[] =
        "{\"format\":\"randa-plan/1\",\"assignments\":["
        "{\"trainee\":\"a\",\"need\":\"a1\",\"option\":0,\"unit\":\"u\","
        "\"start\":3},"
        "{\"trainee\":\"c\",\"need\":\"c1\",\"option\":0,\"unit\":\"u\","
        "\"start\":0},"
        "{\"trainee\":\"c\",\"need\":\"c2\",\"option\":0,\"unit\":\"h\","
        "\"start\":9},"
        "{\"trainee\":\"x\",\"need\":\"gone\",\"option\":0,\"unit\":\"u\","
        "\"start\":1}],\"unplaced\":[]}";
    struct solver_plan warm = {0};
    int kept = -1;
    cr_assert_eq(plan_warm_from(p, 102, stored, 100, &warm, &kept, &ei), 0);
    int a1 = solver_problem_need(p, "a1"), c1 = solver_problem_need(p, "c1"),
        c2 = solver_problem_need(p, "c2");
    cr_assert_eq(kept, 1);
    cr_assert(warm.at[a1].assigned);
    cr_assert_eq(warm.at[a1].start, 1);
    cr_assert(!warm.at[c1].assigned);
    cr_assert(!warm.at[c2].assigned);
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    cr_assert_eq(solver_plan_check(p, &warm, &vs), 0);
    solver_violations_release(&vs);
    solver_plan_free(&warm);
    solver_problem_free(p);
}

/* A unit with one group of 2 and no seats; a and b each need 4 weeks in
 * it, b booked there already: the stored plan's group placement of a is
 * kept in its group, and b's fixed place too. */
static const char grouped[] =
    "{\"format\":\"randa-problem/1\",\"horizon\":{\"start\":\"2027-W01\","
    "\"weeks\":10},\"weights\":{\"unplaced\":1000,\"late\":1,\"shift\":0},"
    "\"units\":[{\"id\":\"h\",\"seats\":0},{\"id\":\"g\",\"seats\":0,"
    "\"groups\":[{\"id\":\"f1g1\",\"from\":2,\"to\":6,\"size\":2,"
    "\"needed\":2}]}],\"trainees\":["
    "{\"id\":\"a\",\"home\":\"h\",\"from\":0,\"deadline\":10,\"needs\":["
    "{\"id\":\"a1\",\"options\":[{\"units\":[\"g\"],\"weeks\":4,"
    "\"pattern\":\"full\",\"group\":true}]}]},"
    "{\"id\":\"b\",\"home\":\"h\",\"from\":0,\"deadline\":10,\"needs\":["
    "{\"id\":\"b1\",\"options\":[{\"units\":[\"g\"],\"weeks\":4,"
    "\"pattern\":\"full\",\"group\":true}],\"fixed\":{\"option\":0,"
    "\"unit\":\"g\",\"start\":2,\"group\":\"f1g1\"}}]}]}";

Test(plan_layer, a_warm_start_keeps_group_placements_in_their_group)
{
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(grouped, strlen(grouped), &p, &ei), 0,
                 "%s", ei.msg);
    const char *stored =
        "{\"format\":\"randa-plan/1\",\"assignments\":[{\"trainee\":\"a\","
        "\"need\":\"a1\",\"option\":0,\"unit\":\"g\",\"start\":2,"
        "\"group\":\"f1g1\"}],\"unplaced\":[]}";
    struct solver_plan warm = {0};
    int kept = -1;
    cr_assert_eq(plan_warm_from(p, 100, stored, 100, &warm, &kept, &ei), 0);
    int a1 = solver_problem_need(p, "a1"), b1 = solver_problem_need(p, "b1");
    int g = solver_problem_group(p, "f1g1");
    cr_assert_eq(kept, 1);
    cr_assert(warm.at[a1].assigned);
    cr_assert_eq(warm.at[a1].group, g + 1);
    cr_assert_eq(warm.at[b1].group, g + 1, "the fixed member in its group");
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    cr_assert_eq(solver_plan_check(p, &warm, &vs), 0, "a valid plan");
    solver_violations_release(&vs);
    solver_plan_free(&warm);
    solver_problem_free(p);
}

/* ---- forms and unit rules in the problem (issue 18) ---- */

/* The problem of rows r, loaded; left gets the needs left out. */
static struct solver_problem *rules_problem(struct plan_rows *r,
                                            struct buf *left)
{
    struct buf problem = BUF_INIT(0);
    struct plan_built info;
    plan_problem_write(r, HS, &problem, left, &info);
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(problem.data, problem.len, &p, &ei), 0,
                 "%s", ei.msg);
    buf_release(&problem);
    return p;
}

Test(plan_layer, a_units_placement_lengths_decide_the_options_it_is_offered_in)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t;
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    rows_fill(&r, u, &t, n, &c, &leave);
    /* 10 full-time weeks: 10 calendar weeks full time, 20 at half time. */
    n[0].patterns = PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF);
    struct buf left = BUF_INIT(0);
    struct solver_problem *p = rules_problem(&r, &left);
    int k = solver_problem_need(p, "n11");
    cr_assert_eq(p->needs[k].noptions, 2, "no rule: both patterns");
    solver_problem_free(p);
    buf_release(&left);

    u[0].min_weeks = 12; /* full (10 weeks) is too short there */
    left = (struct buf)BUF_INIT(0);
    p = rules_problem(&r, &left);
    k = solver_problem_need(p, "n11");
    cr_assert_eq(p->needs[k].noptions, 1);
    cr_assert_eq(p->needs[k].options[0].pattern, PATTERN_HALF);
    solver_problem_free(p);
    buf_release(&left);

    u[0].min_weeks = 0;
    u[0].max_weeks = 8; /* both are too long: the need is left out */
    left = (struct buf)BUF_INIT(0);
    p = rules_problem(&r, &left);
    cr_assert_lt(solver_problem_need(p, "n11"), 0);
    cr_assert(strstr(left.data, "\"n11\"") != NULL, "%s", left.data);
    solver_problem_free(p);
    buf_release(&left);

    /* A training node: 4 to 13 weeks whatever its own rules say. */
    u[0].max_weeks = 0;
    u[0].training_node = 1;
    left = (struct buf)BUF_INIT(0);
    p = rules_problem(&r, &left);
    k = solver_problem_need(p, "n11");
    cr_assert_eq(p->needs[k].noptions, 1);
    cr_assert_eq(p->needs[k].options[0].pattern, PATTERN_FULL);
    solver_problem_free(p);
    buf_release(&left);
}

Test(plan_layer, alternate_weeks_are_offered_only_for_rotations_over_four_weeks)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t;
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    rows_fill(&r, u, &t, n, &c, &leave);
    n[0].patterns = PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_ALTERNATE);
    n[0].weeks = 4;
    struct buf left = BUF_INIT(0);
    struct solver_problem *p = rules_problem(&r, &left);
    int k = solver_problem_need(p, "n11");
    cr_assert_eq(p->needs[k].noptions, 1);
    cr_assert_eq(p->needs[k].options[0].pattern, PATTERN_FULL);
    solver_problem_free(p);
    buf_release(&left);

    n[0].weeks = 5;
    left = (struct buf)BUF_INIT(0);
    p = rules_problem(&r, &left);
    k = solver_problem_need(p, "n11");
    cr_assert_eq(p->needs[k].noptions, 2);
    cr_assert_eq(p->needs[k].options[1].pattern, PATTERN_ALTERNATE);
    solver_problem_free(p);
    buf_release(&left);
}

Test(plan_layer, trainees_at_once_limit_the_seats_and_form_bookings_take_none)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t[2];
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    rows_fill(&r, u, &t[0], n, &c, &leave);
    c.seats = 3;
    u[0].max_trainees = 2; /* stricter than the 3 seats */
    /* Another trainee's two full-time bookings at the unit in weeks 0-10:
     * one in a gaffel group (no seat), one on an ordinary seat. */
    t[1] = (struct plan_row_trainee){.id = 6,
                                     .home_unit_id = 9,
                                     .fte = 100,
                                     .start_week = HS,
                                     .end_week = HS + 40};
    r.ntrainees = 1; /* trainee 6 has no open need: not of the scope */
    struct plan_row_booking bk[2] = {
        {.id = 31,
         .trainee_id = 6,
         .unit_id = 7,
         .home_unit_id = 9,
         .start_week = HS,
         .end_week = HS + 10,
         .pattern = PATTERN_FULL,
         .weeks = 10,
         .fte = 100,
         .holds = 1,
         .in_form = 1},
        {.id = 32,
         .trainee_id = 6,
         .unit_id = 7,
         .home_unit_id = 9,
         .start_week = HS + 20,
         .end_week = HS + 30,
         .pattern = PATTERN_FULL,
         .weeks = 10,
         .fte = 100,
         .holds = 1,
         .in_form = 0},
    };
    r.bookings = bk;
    r.nbookings = 2;
    struct buf left = BUF_INIT(0);
    struct solver_problem *p = rules_problem(&r, &left);
    int unit = solver_problem_unit(p, "u7");
    cr_assert_eq(p->units[unit].seats[5], 2, "the gaffel booking holds none");
    cr_assert_eq(p->units[unit].seats[15], 2);
    cr_assert_eq(p->units[unit].seats[25], 1, "the ordinary one holds one");
    solver_problem_free(p);
    buf_release(&left);
}

/* ---- what-if scenarios (issue 18) ---- */

#include "plan/scenario.h"
#include "domain/week.h"

/*
 * By hand: unit 7 has 1 seat; trainees 5 and 6 (home unit 9, specialty 4)
 * each need 10 full-time weeks at unit 7 before their deadline, week 10.
 * Today one goes first and the other ends at week 20: 10 weeks late
 * (being late costs 20 a week, less than leaving 10 weeks unplaced). A
 * gaffel group of 2 at unit 7 (a form: both together or neither) takes
 * both in weeks 0-10 and nobody is late.
 */
Test(plan_layer, a_gaffel_group_lowers_the_delays_as_a_hand_computation_says)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t[2];
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    rows_fill(&r, u, &t[0], n, &c, &leave);
    c.seats = 1;
    t[0].nleaves = 0;
    t[0].end_week = HS + 10;
    t[1] = t[0];
    t[1].id = 6;
    n[1] = n[0];
    n[1].id = 21;
    n[1].trainee_id = 6;
    r.trainees = t;
    r.ntrainees = 2;
    /* rows_fill gave the capacity one row; the apply may grow it. */
    r.capacity = malloc(sizeof(c));
    r.capacity[0] = c;
    struct buf base = BUF_INIT(0), scen = BUF_INIT(0);
    int64_t s0 = 0, s1 = 0;
    struct err_info ei = {0};
    char from[WEEK_STR_MAX], to[WEEK_STR_MAX];
    week_format(HS, from);
    week_format(HS + 59, to);
    json_t *changes = json_pack("[{s:s, s:i, s:s, s:i, s:s, s:s}]", "kind",
                                "add_group", "unit_id", 7, "form", "gaffel",
                                "size", 2, "from_week", from, "to_week", to);
    cr_assert_eq(plan_scenario_check(json_array_get(changes, 0), 0, &ei), 0,
                 "%s", ei.msg);
    cr_assert_eq(plan_scenario_solve(&r, HS, 2, NULL, NULL, &base, &s0, &ei), 0,
                 "%s", ei.msg);
    cr_assert_eq(plan_scenario_apply(&r, changes, HS, &ei), 0, "%s", ei.msg);
    /* A form of one group of two, not seats. */
    cr_assert_eq(r.ncapacity, 1);
    cr_assert_eq(r.capacity[0].seats, 1);
    cr_assert_eq(r.nforms, 1);
    cr_assert_eq(r.forms[0].unit_id, 7);
    cr_assert_eq(r.forms[0].size, 2);
    cr_assert_eq(r.forms[0].needed, 2);
    cr_assert_eq(plan_scenario_solve(&r, HS, 2, NULL, NULL, &scen, &s1, &ei), 0,
                 "%s", ei.msg);
    json_t *b = json_loads(base.data, 0, NULL),
           *s = json_loads(scen.data, 0, NULL);
    cr_assert(b && s, "%s / %s", base.data, scen.data);
    cr_assert_eq(json_integer_value(json_object_get(b, "late_weeks")), 10, "%s",
                 base.data);
    cr_assert_eq(json_integer_value(json_object_get(s, "late_weeks")), 0, "%s",
                 scen.data);
    json_t *sp = json_array_get(json_object_get(b, "specialties"), 0);
    cr_assert_eq(json_integer_value(json_object_get(sp, "specialty_id")), 4);
    cr_assert_eq(json_integer_value(json_object_get(sp, "late_weeks")), 10);
    cr_assert_eq(json_integer_value(json_object_get(b, "unplaced")), 0);
    cr_assert_eq(s0, 200, "10 weeks late at 20 a week");
    cr_assert_eq(s1, 0);
    /* A bad change names its field. */
    json_t *bad = json_pack("{s:s, s:i, s:i}", "kind", "add_group", "unit_id",
                            7, "size", 9);
    cr_assert_eq(plan_scenario_check(bad, 3, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "changes[3].size") != NULL, "%s", ei.msg);
    json_decref(bad);
    json_decref(b);
    json_decref(s);
    json_decref(changes);
    free(r.capacity);
    free(r.forms);
    buf_release(&base);
    buf_release(&scen);
}

/* ---- agreements and budgets (issue 18) ---- */

/* rows_fill() with a second trainee (6, need 21) like the first, and
 * neither on leave: two needs of 10 weeks at unit 7 (agreements, budgets). */
static void two_trainees(struct plan_rows *r, struct plan_row_unit *u,
                         struct plan_row_trainee *t, struct plan_row_need *n,
                         struct plan_row_capacity *c,
                         struct plan_row_span *leave)
{
    rows_fill(r, u, &t[0], n, c, leave);
    t[0].nleaves = 0;
    t[1] = t[0];
    t[1].id = 6;
    n[1] = n[0];
    n[1].id = 21;
    n[1].trainee_id = 6;
    r->ntrainees = 2;
    r->trainees = t;
}

/*
 * By hand: trainees 5 and 6 (home unit 9) each need 10 full-time weeks at
 * unit 7 (2 seats), under an agreement of 10 000 kr a week: 100 000 kr,
 * 100 in the problem's 1 000 kr. Unit 9's budget is 90 000 kr in each of
 * 1989 and 1990. The horizon is week 1000 (1989-W09) + 40 + 52 weeks:
 * 44 of 1989's 52 weeks and 48 of 1990's 52, so the budget over it is
 * 9 000 000 * 44 / 52 + 9 000 000 * 48 / 52 = 7 615 384 + 8 307 692 öre,
 * 159 000 kr: 159. A hard budget holds one placement of 100, not two; a
 * weighted one (1 a 1 000 kr) lets both in for 200 - 159 = 41 more.
 */
static void budget_case(int weight, int *placed, int64_t *score,
                        int64_t *amount, int64_t *spend, int *why)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t[2];
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    two_trainees(&r, u, t, n, &c, &leave);
    u[0].provider_id = 3;
    struct plan_row_agreement a = {
        .match = {9, 7, 0, 0, 100000},
        .terms = {COST_PER_WEEK, 1000000, 0, 0},
    };
    r.agreements = &a;
    r.nagreements = 1;
    struct plan_row_budget b[2] = {{9, 1989, 9000000, weight},
                                   {9, 1990, 9000000, weight}};
    r.budgets = b;
    r.nbudgets = 2;
    struct buf problem = BUF_INIT(0), left = BUF_INIT(0);
    struct plan_built info;
    plan_problem_write(&r, HS, &problem, &left, &info);
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(problem.data, problem.len, &p, &ei), 0,
                 "%s\n%s", ei.msg, problem.data);
    cr_assert_eq(p->weeks, 92);
    const struct solver_unit *home = &p->units[solver_problem_unit(p, "u9")];
    *amount = home->budget_amount;
    cr_assert_eq(home->budget_weight, weight < 0 ? SOLVER_NONE : weight, "%s",
                 problem.data);
    *spend = p->needs[solver_problem_need(p, "n11")].options[0].spend;
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 2;
    struct solver_result res;
    cr_assert_eq(solver_solve(p, &o, NULL, NULL, NULL, &res, &ei), 0, "%s",
                 ei.msg);
    int k1 = solver_problem_need(p, "n11"), k2 = solver_problem_need(p, "n21");
    *placed = res.plan.at[k1].assigned + res.plan.at[k2].assigned;
    int out = res.plan.at[k1].assigned ? k2 : k1;
    *why = !res.plan.at[out].assigned && res.reasons && res.reasons[out]
               ? (int)res.reasons[out]->kind
               : -1;
    *score = res.score;
    solver_result_free(&res);
    solver_problem_free(p);
    buf_release(&problem);
    buf_release(&left);
}

Test(plan_layer, a_home_units_budget_limits_or_weighs_what_its_trainees_spend)
{
    int placed, why;
    int64_t score, amount, spend;
    budget_case(-1, &placed, &score, &amount, &spend, &why);
    cr_assert_eq(spend, 100);
    cr_assert_eq(amount, 159);
    cr_assert_eq(placed, 1, "a hard budget of 159 holds one of 100");
    cr_assert_eq(why, SOLVER_REASON_BUDGET, "the other one says why");
    /* The other's 10 weeks unplaced at 1 000 a week. */
    cr_assert_eq(score, 10 * 1000);
    budget_case(1, &placed, &score, &amount, &spend, &why);
    cr_assert_eq(amount, 159);
    cr_assert_eq(placed, 2);
    cr_assert_eq(score, 41, "both placed, 41 over the budget");
}

/*
 * By hand: the region's live agreement with unit 7 is 10 000 kr a full-time
 * week, so the baseline's two placements of 10 weeks cost 200 000 kr; a
 * scenario's agreement of 5 000 kr a week with the same unit takes its
 * place: 100 000 kr.
 */
Test(plan_layer, scenario_costs_count_live_agreements_and_the_scenarios_own)
{
    struct plan_rows r;
    struct plan_row_unit u[2];
    struct plan_row_trainee t[2];
    struct plan_row_need n[2];
    struct plan_row_capacity c;
    struct plan_row_span leave;
    two_trainees(&r, u, t, n, &c, &leave);
    r.capacity = malloc(sizeof(c));
    r.capacity[0] = c;
    r.agreements = malloc(sizeof(*r.agreements));
    r.agreements[0] = (struct plan_row_agreement){
        .match = {0, 7, 0, 0, 100000},
        .terms = {COST_PER_WEEK, 1000000, 0, 0},
    };
    r.nagreements = 1;
    struct buf base = BUF_INIT(0), scen = BUF_INIT(0);
    int64_t s0 = 0, s1 = 0;
    struct err_info ei = {0};
    cr_assert_eq(plan_scenario_solve(&r, HS, 2, NULL, NULL, &base, &s0, &ei), 0,
                 "%s", ei.msg);
    json_t *changes =
        json_pack("[{s:s, s:i, s:s, s:i}]", "kind", "agreement", "host_unit_id",
                  7, "model", "per_week", "amount_sek", 5000);
    cr_assert_eq(plan_scenario_check(json_array_get(changes, 0), 0, &ei), 0,
                 "%s", ei.msg);
    cr_assert_eq(plan_scenario_apply(&r, changes, HS, &ei), 0, "%s", ei.msg);
    cr_assert_eq(plan_scenario_solve(&r, HS, 2, NULL, NULL, &scen, &s1, &ei), 0,
                 "%s", ei.msg);
    json_t *b = json_loads(base.data, 0, NULL),
           *s = json_loads(scen.data, 0, NULL);
    cr_assert_eq(json_integer_value(json_object_get(b, "placed")), 2);
    cr_assert_eq(json_integer_value(json_object_get(b, "cost_ore")), 20000000,
                 "%s", base.data);
    cr_assert_eq(json_integer_value(json_object_get(s, "cost_ore")), 10000000,
                 "%s", scen.data);
    json_decref(b);
    json_decref(s);
    json_decref(changes);
    free(r.capacity);
    free(r.agreements);
    buf_release(&base);
    buf_release(&scen);
}
