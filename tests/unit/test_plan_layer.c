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
    struct problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(problem_load(problem.data, problem.len, &p, &ei), 0, "%s",
                 ei.msg);
    cr_assert_eq(info.trainees, 1);
    cr_assert_eq(info.needs, 1);
    cr_assert_eq(info.left_out, 1);
    int k = problem_need(p, "n11");
    cr_assert_geq(k, 0);
    cr_assert_eq(p->needs[k].noptions, 1);
    cr_assert_eq(p->needs[k].options[0].units[0], problem_unit(p, "u7"));
    cr_assert_eq(p->trainees[0].nunavailable, 1);
    cr_assert_eq(p->trainees[0].unavailable[0][0], 4);
    cr_assert_eq(p->trainees[0].unavailable[0][1], 8);
    cr_assert_eq(p->units[problem_unit(p, "u7")].seats[0], 2);

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
    problem_free(p);
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
    struct problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(problem_load(crowded, strlen(crowded), &p, &ei), 0, "%s",
                 ei.msg);
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 2;
    struct solver_result r;
    cr_assert_eq(solver_solve(p, &o, NULL, NULL, NULL, &r, &ei), 0);
    /* One of a1 and c1 has the seat; the other is unplaced for lack of
     * it, and c2 waits for c1 when c1 is the one. */
    int a1 = problem_need(p, "a1"), c1 = problem_need(p, "c1"),
        c2 = problem_need(p, "c2");
    int out = r.plan.at[a1].assigned ? c1 : a1;
    cr_assert(!r.plan.at[out].assigned);
    const struct solver_reason *why = r.reasons[out];
    cr_assert_not_null(why);
    cr_assert_eq(why->kind, SOLVER_REASON_FULL, "%s", why->text);
    cr_assert_eq(why->nunits, 1);
    cr_assert_eq(why->units[0], problem_unit(p, "u"));
    cr_assert_eq(why->weeks, 8);
    cr_assert_eq(why->full_unit, problem_unit(p, "u"));
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
        r.reasons[problem_need(p,
                               json_string_value(json_object_get(u0, "need")))]
            ->text);
    cr_assert_str_eq(json_string_value(json_object_get(w, "kind")), "full");
    cr_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(w, "units"), 0), "id")),
                     "u");
    json_decref(doc);
    buf_release(&text);
    solver_result_free(&r);
    problem_free(p);
}

Test(plan_layer, a_warm_start_keeps_the_weeks_and_drops_what_breaks_a_rule)
{
    struct problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(problem_load(crowded, strlen(crowded), &p, &ei), 0, "%s",
                 ei.msg);
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
    struct plan warm = {0};
    int kept = -1;
    cr_assert_eq(plan_warm_from(p, 102, stored, 100, &warm, &kept, &ei), 0);
    int a1 = problem_need(p, "a1"), c1 = problem_need(p, "c1"),
        c2 = problem_need(p, "c2");
    cr_assert_eq(kept, 1);
    cr_assert(warm.at[a1].assigned);
    cr_assert_eq(warm.at[a1].start, 1);
    cr_assert(!warm.at[c1].assigned);
    cr_assert(!warm.at[c2].assigned);
    struct plan_violations vs = PLAN_VIOLATIONS_INIT;
    cr_assert_eq(plan_check(p, &warm, &vs), 0);
    plan_violations_release(&vs);
    plan_free(&warm);
    problem_free(p);
}
