/*
 * Loading a problem (problem.h): parsed and checked field by field in
 * problem.c, then refused when its fixed bookings alone break a rule of a
 * valid plan (plan.c's checks). Above both, so that neither calls the
 * other.
 */
#include "solver/problem.h"

#include "util/xalloc.h"

#include <stdlib.h>

/* Fixed bookings on their own must already keep every rule. */
static int prob_fixed_alone(struct solver_problem *p, struct err_info *ei)
{
    struct solver_plan pl = {xcalloc((size_t)p->nneeds + 1, sizeof(*pl.at)),
                             p->nneeds};
    int any = 0;
    for (int i = 0; i < p->nneeds; i++) {
        const struct solver_need *n = &p->needs[i];
        if (!n->fixed)
            continue;
        pl.at[i] =
            (struct solver_placement){1, n->fixed_option, n->fixed_unit,
                                      n->fixed_start, n->fixed_group + 1};
        any = 1;
    }
    int rc = 0;
    if (any) {
        struct solver_violations v = SOLVER_VIOLATIONS_INIT;
        solver_plan_check(p, &pl, &v);
        /* A fixed need whose predecessor is not fixed is fine: the plan
         * places the predecessor first. Any other violation is a broken
         * rule. */
        for (int i = 0; rc == 0 && i < v.n; i++)
            if (v.v[i].kind != SOLVER_V_PREDECESSOR_UNPLACED)
                rc = err_set(ei, ERR_INVAL, "fixed",
                             "the fixed bookings alone break a rule: %.200s",
                             v.v[i].message);
        solver_violations_release(&v);
    }
    free(pl.at);
    return rc;
}

int solver_problem_load(const char *text, size_t len,
                        struct solver_problem **out, struct err_info *ei)
{
    struct solver_problem *p = NULL;
    int rc = solver__problem_parse(text, len, &p, ei);
    if (rc == 0)
        rc = prob_fixed_alone(p, ei);
    if (rc) {
        solver_problem_free(p);
        return rc;
    }
    *out = p;
    return 0;
}
