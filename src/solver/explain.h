/*
 * What a plan tells its reader beyond the placements: why each unplaced
 * need has no place, in words a director can act on, and where one more
 * seat would help most. Internal to src/solver/.
 */
#ifndef RANDA_SOLVER_EXPLAIN_H
#define RANDA_SOLVER_EXPLAIN_H

#include "solver/search.h"
#include "solver/solver.h"

/* Per need of s's plan: a reason when unplaced, else NULL (the caller
 * frees each and the array). */
struct solver_reason **solver__explain_unplaced(const struct solver_problem *p,
                                                const struct solver__state *s);

/* Why need n, placed by the search, was given up for its home unit's hard
 * budget (groups.c cuts plans to them). */
struct solver_reason *solver__explain_budget(const struct solver_problem *p,
                                             int n);

/*
 * The unit-week ranges where the bound's multipliers (lam: score points per
 * hundredth of a seat and week) say one more seat is worth most, best
 * first, at most ten: per unit up to two windows as long as the longest
 * rotation it takes (at most 26 weeks). measured is left at -1.
 */
void solver__explain_bottlenecks(const struct solver_problem *p,
                                 const double *lam,
                                 struct solver_bottleneck **out, int *n);

/* "2027-W10" from the horizon's start, or "week 9" without one. */
void solver__explain_week(const struct solver_problem *p, int w, char *out,
                          size_t size);

#endif
