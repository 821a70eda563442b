/*
 * A warm start for a plan run: the scope's last stored plan carried over
 * to a new problem of the same scope, so that the optimiser can start from
 * it after one change (a cancellation, a new need, a leave) instead of
 * from nothing.
 */
#ifndef RANDA_PLAN_WARM_H
#define RANDA_PLAN_WARM_H

#include "solver/problem.h"
#include "store/plans.h"
#include "util/err.h"

#include <stdint.h>

struct store;

/*
 * Reads the newest done or cancelled plan of the scope's region and
 * specialty other than run except_id, and carries it over to p, whose week
 * 0 is start_week: each need of p it places (same need id, an option and
 * unit p still has) keeps its calendar weeks, fixed needs are placed as
 * fixed, and a placement that then breaks a rule of its own need (rules
 * 1 to 4: it starts before the trainee is free, overlaps leave, ...) is
 * dropped. Seats (rules 5 and 6) are left for the solver to repair. Fills
 * out (free with solver_plan_free()); *kept counts the placements carried over.
 * ERR_NOTFOUND when the scope has no stored plan.
 */
int plan_warm_read(struct store *s, const struct plan_scope *scope,
                   int64_t except_id, const struct solver_problem *p,
                   struct solver_plan *out, int *kept, struct err_info *ei);

/*
 * The same from a plan's text (its week 0 at plan_start): no I/O, for
 * plan_warm_read() and the tests.
 */
int plan_warm_from(const struct solver_problem *p, int start_week,
                   const char *text, int plan_start, struct solver_plan *out,
                   int *kept, struct err_info *ei);

#endif
