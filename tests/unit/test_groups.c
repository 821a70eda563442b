/*
 * Gaffel groups and home-unit budgets in the planning problem, its checker
 * and the optimiser (docs/planning-format-groups.md), on the hand-made case
 * of tests/solver/groups.test.mjs: one unit "gyn" with one seat and a group
 * g1 (weeks 10..29, size 3, needed 2); each trainee needs 12 weeks on the
 * seat (spend 40) or 8 weeks in a group (spend 30). Run under ASan/UBSan by
 * `make test-san`, so the views' copies and frees are checked too.
 */
#include "solver/problem.h"
#include "solver/search.h"
#include "solver/solver.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct solver_problem *load(int n, int seats, const char *home_extra)
{
    static char text[8192];
    size_t used = 0;
    used += (size_t)snprintf(
        text + used, sizeof(text) - used,
        "{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":40},"
        "\"weights\":{\"unplaced\":1000,\"late\":20,\"shift\":1},"
        "\"units\":[{\"id\":\"gyn\",\"seats\":%d,\"groups\":[{\"id\":\"g1\","
        "\"from\":10,\"to\":30,\"size\":3,\"needed\":2}]},"
        "{\"id\":\"vc\",\"seats\":0%s}],\"trainees\":[",
        seats, home_extra);
    for (int t = 1; t <= n; t++)
        used += (size_t)snprintf(
            text + used, sizeof(text) - used,
            "%s{\"id\":\"t%d\",\"home\":\"vc\",\"from\":0,\"deadline\":30,"
            "\"needs\":[{\"id\":\"t%d-gyn\",\"options\":["
            "{\"units\":[\"gyn\"],\"weeks\":12,\"pattern\":\"full\","
            "\"spend\":40},{\"units\":[\"gyn\"],\"weeks\":8,\"pattern\":"
            "\"full\",\"group\":true,\"spend\":30}]}]}",
            t > 1 ? "," : "", t, t);
    snprintf(text + used, sizeof(text) - used, "]}");
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(solver_problem_load(text, strlen(text), &p, &ei), 0, "%s",
                 ei.msg);
    return p;
}

static struct solver_plan plan_of(const struct solver_problem *p)
{
    struct solver_plan pl = {calloc((size_t)p->nneeds, sizeof(*pl.at)),
                             p->nneeds};
    cr_assert_not_null(pl.at);
    return pl;
}

/* How many violations of kind a check of pl finds. */
static int count(const struct solver_problem *p, const struct solver_plan *pl,
                 enum solver_violation_kind kind, int *total)
{
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    *total = solver_plan_check(p, pl, &vs);
    int k = 0;
    for (int i = 0; i < vs.n; i++)
        k += vs.v[i].kind == kind;
    solver_violations_release(&vs);
    return k;
}

Test(groups, loads_the_additions)
{
    struct solver_problem *p = load(3, 1, ",\"budget\":{\"amount\":100}");
    cr_assert_eq(p->ngroups, 1);
    cr_assert_eq(p->extended, 1);
    cr_assert_eq(p->groups[0].size, 3);
    cr_assert_eq(p->groups[0].needed, 2);
    cr_assert_eq(p->needs[0].options[1].group, 1);
    cr_assert_eq(p->needs[0].options[1].spend, 30);
    cr_assert_eq(p->units[1].budget_amount, 100);
    cr_assert_eq(p->units[1].budget_weight, SOLVER_NONE);
    cr_assert_eq(solver_problem_group(p, "g1"), 0);
    solver_problem_free(p);
}

Test(groups, a_split_group_is_refused_a_whole_one_takes_no_seat)
{
    struct solver_problem *p = load(3, 1, "");
    struct solver_plan pl = plan_of(p);
    int gyn = solver_problem_unit(p, "gyn"), total;
    pl.at[0] = (struct solver_placement){1, 0, gyn, 0, 0};
    pl.at[1] = (struct solver_placement){1, 1, gyn, 10, 1};
    pl.at[2] = (struct solver_placement){1, 1, gyn, 10, 1};
    cr_assert_eq(count(p, &pl, SOLVER_V_SEATS, &total), 0);
    cr_assert_eq(total, 0);
    cr_assert_eq(solver_plan_score(p, &pl), 0);
    pl.at[2].start = 12;
    cr_assert_eq(count(p, &pl, SOLVER_V_GROUP_SPLIT, &total), 1);
    cr_assert_eq(solver_violation_rule(SOLVER_V_GROUP_SPLIT), 7);
    cr_assert_str_eq(solver_violation_kind_name(SOLVER_V_GROUP_SPLIT),
                     "group_split");
    pl.at[2].assigned = 0;
    cr_assert_eq(count(p, &pl, SOLVER_V_GROUP_SHORT, &total), 1);
    cr_assert_eq(total, 1);
    free(pl.at);
    solver_problem_free(p);
}

Test(groups, budgets_hard_and_weighted)
{
    struct solver_problem *p = load(3, 1, ",\"budget\":{\"amount\":100}");
    struct solver_plan pl = plan_of(p);
    int gyn = solver_problem_unit(p, "gyn"), total;
    for (int n = 0; n < 3; n++)
        pl.at[n] = (struct solver_placement){1, 0, gyn, 12 * n, 0};
    cr_assert_eq(count(p, &pl, SOLVER_V_BUDGET, &total), 1);
    cr_assert_eq(solver_violation_rule(SOLVER_V_BUDGET), 8);
    solver_problem_free(p);
    p = load(3, 1, ",\"budget\":{\"amount\":100,\"weight\":7}");
    cr_assert_eq(count(p, &pl, SOLVER_V_BUDGET, &total), 0);
    /* 7 x (120 - 100) over budget + 20 x 6 weeks late for t3. */
    cr_assert_eq(solver_plan_score(p, &pl), 140 + 120);
    free(pl.at);
    solver_problem_free(p);
}

Test(groups, the_optimiser_places_the_group_whole_under_the_budget)
{
    struct solver_problem *p = load(3, 1, ",\"budget\":{\"amount\":100}");
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 1;
    struct solver_result r;
    struct err_info ei;
    cr_assert_eq(solver_solve(p, &o, NULL, NULL, NULL, &r, &ei), 0);
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    cr_assert_eq(solver_plan_check(p, &r.plan, &vs), 0, "%s",
                 vs.n ? vs.v[0].message : "");
    cr_assert_eq(r.score, 0);
    cr_assert_eq(solver_plan_score(p, &r.plan), 0);
    cr_assert_leq(r.lower_bound, r.score);
    for (int n = 0; n < 3; n++)
        cr_assert_eq(r.plan.at[n].group, 1, "need %d in g1", n);
    solver_violations_release(&vs);
    solver_result_free(&r);
    solver_problem_free(p);
}

Test(groups, the_views_leave_the_problem_as_it_was)
{
    struct solver_problem *p = load(2, 1, "");
    struct solver_problem *sv = solver__seat_view(p);
    struct solver_problem *bv = solver__bound_view(p, 0);
    cr_assert_eq(sv->needs[0].options[1].len, p->weeks + 1);
    cr_assert_eq(p->needs[0].options[1].len, 8);
    cr_assert_eq(bv->nunits, p->nunits + 2); /* gyn's pool, "none" */
    cr_assert_eq(bv->needs[0].options[1].units[0], p->nunits);
    cr_assert_eq(bv->units[p->nunits].seats[10], 3);
    cr_assert_eq(bv->units[p->nunits].seats[30], 0);
    cr_assert_eq(p->needs[0].options[1].units[0], 0);
    solver__seat_view_free(p, sv);
    solver__bound_view_free(p, bv);
    solver_problem_free(p);
}

/* The problem of load() with g1's size and needed replaced. */
static int load_sized(const char *size_needed, struct solver_problem **p,
                      struct err_info *ei)
{
    char text[1024];
    snprintf(text, sizeof(text),
             "{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":40},"
             "\"weights\":{\"unplaced\":1000,\"late\":20,\"shift\":1},"
             "\"units\":[{\"id\":\"gyn\",\"seats\":1,\"groups\":[{\"id\":"
             "\"g1\",\"from\":10,\"to\":30,%s}]}],\"trainees\":[]}",
             size_needed);
    return solver_problem_load(text, strlen(text), p, ei);
}

Test(groups, sizes_two_to_six_load_and_others_are_refused)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(load_sized("\"size\":6,\"needed\":6", &p, &ei), 0, "%s",
                 ei.msg);
    cr_assert_eq(p->groups[0].size, SOLVER_GROUP_SIZE_MAX);
    solver_problem_free(p);
    cr_assert_eq(load_sized("\"size\":2", &p, &ei), 0, "%s", ei.msg);
    solver_problem_free(p);
    cr_assert_eq(load_sized("\"size\":7", &p, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "size");
    cr_assert_eq(load_sized("\"size\":1", &p, &ei), ERR_INVAL);
    cr_assert_eq(load_sized("\"size\":4,\"needed\":5", &p, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "needed");
}

Test(groups, the_optimiser_fills_an_st_clinic_of_six)
{
    struct solver_problem *p = load(7, 1, "");
    p->groups[0].size = 6;
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 1;
    struct solver_result r;
    struct err_info ei;
    cr_assert_eq(solver_solve(p, &o, NULL, NULL, NULL, &r, &ei), 0);
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    cr_assert_eq(solver_plan_check(p, &r.plan, &vs), 0, "%s",
                 vs.n ? vs.v[0].message : "");
    int members = 0;
    for (int n = 0; n < p->nneeds; n++)
        members += r.plan.at[n].group == 1;
    cr_assert_eq(members, 6);
    cr_assert_eq(r.score, 0);
    solver_violations_release(&vs);
    solver_result_free(&r);
    solver_problem_free(p);
}

/* gyn without seats and g1 (weeks 10..29, size 3, needed 2); t1 booked in
 * g1 at 14 (the fixed object fixed1, or none), t2 with a group option of
 * pattern pat2. */
static int load_waiting(const char *fixed1, const char *pat2,
                        struct solver_problem **p, struct err_info *ei)
{
    char text[2048];
    snprintf(text, sizeof(text),
             "{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":40},"
             "\"weights\":{\"unplaced\":1000,\"late\":20,\"shift\":1},"
             "\"units\":[{\"id\":\"gyn\",\"seats\":0,\"groups\":[{\"id\":"
             "\"g1\",\"from\":10,\"to\":30,\"size\":3}]},{\"id\":\"vc\","
             "\"seats\":0}],\"trainees\":["
             "{\"id\":\"t1\",\"home\":\"vc\",\"from\":0,\"deadline\":30,"
             "\"needs\":[{\"id\":\"a\",\"options\":[{\"units\":[\"gyn\"],"
             "\"weeks\":8,\"pattern\":\"full\",\"group\":true}],"
             "\"fixed\":%s}]},"
             "{\"id\":\"t2\",\"home\":\"vc\",\"from\":0,\"deadline\":30,"
             "\"needs\":[{\"id\":\"b\",\"options\":[{\"units\":[\"gyn\"],"
             "\"weeks\":8,\"pattern\":\"%s\",\"group\":true}]}]}]}",
             fixed1, pat2);
    return solver_problem_load(text, strlen(text), p, ei);
}

Test(groups, a_fixed_group_booking_names_its_group)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14}",
                              "full", &p, &ei),
                 ERR_INVAL);
    cr_assert_str_eq(ei.field, "group");
    cr_assert(strstr(ei.msg, "needs[a].fixed.group: is required"), "%s",
              ei.msg);
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14,"
                              "\"group\":\"g2\"}",
                              "full", &p, &ei),
                 ERR_INVAL);
    cr_assert(strstr(ei.msg, "no such group: g2"), "%s", ei.msg);
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14,"
                              "\"group\":\"g1\"}",
                              "full", &p, &ei),
                 0, "%s", ei.msg);
    cr_assert_eq(p->needs[0].fixed_group, 0);
    cr_assert_eq(p->needs[1].fixed_group, -1);
    solver_problem_free(p);
}

Test(groups, a_waiting_group_is_not_short_until_someone_joins)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14,"
                              "\"group\":\"g1\"}",
                              "full", &p, &ei),
                 0, "%s", ei.msg);
    p->groups[0].needed = 3;
    struct solver_plan pl = plan_of(p);
    int gyn = solver_problem_unit(p, "gyn"), total;
    pl.at[0] = (struct solver_placement){1, 0, gyn, 14, 1};
    cr_assert_eq(count(p, &pl, SOLVER_V_GROUP_SHORT, &total), 0);
    cr_assert_eq(total, 0);
    pl.at[1] = (struct solver_placement){1, 0, gyn, 14, 1};
    cr_assert_eq(count(p, &pl, SOLVER_V_GROUP_SHORT, &total), 1);
    cr_assert_eq(total, 1);
    pl.at[1].assigned = 0;
    pl.at[0].group = 0; /* out of its group: rule 1 (and 7) */
    cr_assert_eq(count(p, &pl, SOLVER_V_FIXED_MOVED, &total), 1);
    free(pl.at);
    solver_problem_free(p);
}

Test(groups, the_seat_view_keeps_fixed_members_off_the_seats)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14,"
                              "\"group\":\"g1\"}",
                              "full", &p, &ei),
                 0, "%s", ei.msg);
    struct solver_problem *sv = solver__seat_view(p);
    cr_assert_eq(sv->nunits, p->nunits + 1);
    cr_assert_eq(sv->needs[0].fixed_unit, p->nunits);
    cr_assert_eq(sv->needs[0].options[0].len, 8);
    cr_assert_eq(sv->needs[1].options[0].len, p->weeks + 1);
    /* a seat in the fixed member's weeks 14..21 only */
    cr_assert_eq(sv->units[p->nunits].seats[13], 0);
    cr_assert_eq(sv->units[p->nunits].seats[14], 1);
    cr_assert_eq(sv->units[p->nunits].seats[21], 1);
    cr_assert_eq(sv->units[p->nunits].seats[22], 0);
    struct solver_plan pl = plan_of(p);
    pl.at[0] = (struct solver_placement){1, 0, p->nunits, 14, 0};
    solver__seat_view_return(p, &pl);
    cr_assert_eq(pl.at[0].unit, solver_problem_unit(p, "gyn"));
    cr_assert_eq(pl.at[0].group, 1);
    struct solver_problem *bv = solver__bound_view(p, 0);
    cr_assert_eq(bv->needs[0].fixed_unit, p->nunits); /* gyn's pool */
    cr_assert_eq(bv->needs[0].fixed_group, -1);
    solver__bound_view_free(p, bv);
    solver__seat_view_free(p, sv);
    free(pl.at);
    solver_problem_free(p);
}

/* Solves the waiting-group problem with t2's pattern; returns t2's group. */
static int solve_waiting(const char *pat2, int64_t *score)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14,"
                              "\"group\":\"g1\"}",
                              pat2, &p, &ei),
                 0, "%s", ei.msg);
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 1;
    struct solver_result r;
    cr_assert_eq(solver_solve(p, &o, NULL, NULL, NULL, &r, &ei), 0);
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    cr_assert_eq(solver_plan_check(p, &r.plan, &vs), 0, "%s",
                 vs.n ? vs.v[0].message : "");
    cr_assert_eq(r.plan.at[0].group, 1);
    cr_assert_eq(r.plan.at[0].start, 14);
    cr_assert_leq(r.lower_bound, r.score);
    int group = r.plan.at[1].assigned ? r.plan.at[1].group : -1;
    if (group > 0)
        cr_assert_eq(r.plan.at[1].start, 14);
    *score = r.score;
    solver_violations_release(&vs);
    solver_result_free(&r);
    solver_problem_free(p);
    return group;
}

Test(groups, the_optimiser_fills_a_waiting_group_only_with_a_match)
{
    int64_t score;
    cr_assert_eq(solve_waiting("full", &score), 1);
    cr_assert_eq(score, 0);
    cr_assert_eq(solve_waiting("half", &score), -1);
    cr_assert_eq(score, 8000); /* b unplaced: 8 weeks x 1000 */
}

Test(groups, the_member_price_and_places_of_the_bound)
{
    struct solver_problem *p = load(3, 0, "");
    /* g1 holds 3; a need left unplaced costs 12 weeks x 1000. */
    cr_assert_eq(solver__group_places(p), 3);
    cr_assert_eq(solver__group_price(p), 12000);
    struct solver_problem *bv = solver__bound_view(p, 12000);
    cr_assert_eq(bv->needs[0].options[1].cost, 12000);
    cr_assert_eq(bv->needs[0].options[0].cost, 0);
    cr_assert_eq(p->needs[0].options[1].cost, 0);
    struct solver_plan pl = plan_of(p);
    pl.at[0] = (struct solver_placement){1, 1, bv->nunits - 2, 10, 0};
    pl.at[1] = (struct solver_placement){1, 0, 0, 0, 0};
    cr_assert_eq(solver__group_members(p, &pl), 1);
    solver__bound_view_free(p, bv);
    free(pl.at);
    solver_problem_free(p);
}

Test(groups, a_fixed_group_member_takes_no_seat_in_the_search_state)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(load_waiting("{\"option\":0,\"unit\":\"gyn\",\"start\":14,"
                              "\"group\":\"g1\"}",
                              "full", &p, &ei),
                 0, "%s", ei.msg);
    struct solver__state s = {0};
    solver__state_init(&s, p);
    int gyn = solver_problem_unit(p, "gyn");
    cr_assert_eq(s.at[0].group, 1);
    cr_assert_eq(s.res[(size_t)gyn * (size_t)p->weeks + 14], 0); /* 0 seats */
    solver__state_free(&s);
    solver_problem_free(p);
}

/* Records the highest bound a solve reports, and how many reports. */
struct seen {
    int64_t bound;
    int reports;
    int64_t first; /* the first report's bound */
};

static void note_progress(const struct solver_progress *pr, void *ctx)
{
    struct seen *s = ctx;
    if (s->reports == 0)
        s->first = pr->bound;
    s->bound = s->reports++ == 0 || pr->bound > s->bound ? pr->bound : s->bound;
}

Test(groups, progress_never_reports_the_seat_views_bound)
{
    /* Four trainees, one seat, g1 for three: two on the seat one after the
     * other and two in g1 are all done by week 30, score 0. Without the
     * group (the seat view the search runs on) a third trainee is late:
     * its bound is above 0, so reporting it would claim more than the
     * truth. */
    struct solver_problem *p = load(4, 1, "");
    struct solver_options o = SOLVER_OPTIONS_DEFAULT;
    o.time_limit = 1;
    struct solver_result r;
    struct err_info ei;
    struct seen s = {0, 0, 0};
    cr_assert_eq(solver_solve(p, &o, note_progress, &s, NULL, &r, &ei), 0);
    cr_assert_gt(s.reports, 0);
    /* While the search runs, no bound is known yet: not 0, which the
     * Planering page would show as a gap of 100 %. */
    cr_assert_eq(s.first, INT64_MIN, "the search reported bound %lld",
                 (long long)s.first);
    cr_assert_eq(r.score, 0);
    cr_assert_eq(s.bound, 0, "a reported bound %lld is above the optimum 0",
                 (long long)s.bound);
    cr_assert_eq(r.lower_bound, 0);
    solver_result_free(&r);
    solver_problem_free(p);
}
