/*
 * The restricted master of column generation (src/solver/colgen.c) on
 * problems whose LP optimum and duals are known by hand: n trainees each
 * needing the same four weeks at a unit with s seats, each either placed
 * there (score 0) or unplaced (score 10 x 4 = 40). The LP leaves n - s of
 * them out, its value is 40 (n - s), and the seats' duals over the four
 * weeks add up to what one more seat saves: 40.
 */
#include "solver/colgen.h"
#include "solver/search.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static struct solver_problem *load(int n, int seats)
{
    static char text[4096];
    size_t used = 0;
    used += (size_t)snprintf(
        text + used, sizeof(text) - used,
        "{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":4},"
        "\"weights\":{\"unplaced\":10,\"late\":0,\"shift\":0},"
        "\"units\":[{\"id\":\"a\",\"seats\":%d},{\"id\":\"home\",\"seats\":0}],"
        "\"trainees\":[",
        seats);
    for (int t = 0; t < n; t++)
        used += (size_t)snprintf(
            text + used, sizeof(text) - used,
            "%s{\"id\":\"t%d\",\"home\":\"home\",\"from\":0,\"deadline\":4,"
            "\"needs\":[{\"id\":\"n%d\",\"options\":[{\"units\":[\"a\"],"
            "\"weeks\":4,\"pattern\":\"full\"}]}]}",
            t ? "," : "", t, t);
    snprintf(text + used, sizeof(text) - used, "]}");
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(solver_problem_load(text, strlen(text), &p, &ei), 0, "%s",
                 ei.msg);
    return p;
}

static void check(int n, int seats)
{
    struct solver_problem *p = load(n, seats);
    struct solver__master *m = solver__master_new(p);
    struct solver_placement at[8] = {{0}};
    for (int t = 0; t < n; t++)
        at[t] =
            (struct solver_placement){1, 0, solver_problem_unit(p, "a"), 0, 0};
    /* Every trainee placed: a column each, valid only as a combination. */
    for (int t = 0; t < n; t++)
        cr_assert_eq(solver__master_add(m, t, at), 1);
    cr_assert_eq(solver__master_add(m, 0, at), 0, "a column is added once");
    struct solver_placement none[8] = {{0}};
    for (int t = 0; t < n; t++)
        cr_assert_eq(solver__master_add(m, t, none), 1);
    cr_assert_eq(solver__master_columns(m), 2 * n);
    size_t cells = (size_t)p->nunits * (size_t)p->weeks + 1;
    double lam[16] = {0}, mu[16] = {0}, value = -1;
    cr_assert(cells <= 16);
    cr_assert_eq(solver__master_solve(m, 10, lam, mu, &value), 0);
    int over = n > seats ? n - seats : 0;
    cr_assert_float_eq(value, 40.0 * over, 1e-6, "n %d seats %d: LP %g", n,
                       seats, value);
    double seat = 0;
    int a = solver_problem_unit(p, "a");
    for (int w = 0; w < p->weeks; w++) {
        double l = lam[(size_t)a * (size_t)p->weeks + (size_t)w];
        cr_assert(l >= 0);
        seat += 100 * l;
    }
    cr_assert_float_eq(seat, over ? 40.0 : 0.0, 1e-6,
                       "n %d seats %d: a seat for the four weeks is worth %g",
                       n, seats, seat);
    /* At the optimum no column prices out below 0. */
    for (int t = 0; t < n; t++) {
        cr_assert(solver__master_reduced(m, t, at) > -1e-6);
        cr_assert(solver__master_reduced(m, t, none) > -1e-6);
    }
    solver__master_free(m);
    solver_problem_free(p);
}

Test(colgen, lp_value_and_seat_duals_as_computed_by_hand)
{
    check(1, 1);
    check(2, 1);
    check(3, 1);
    check(3, 2);
    check(5, 2);
    check(4, 4);
}
