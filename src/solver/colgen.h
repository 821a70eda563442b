/*
 * The restricted master of Dantzig-Wolfe column generation (colgen.c).
 * Not for use outside src/solver/.
 *
 * A column is one trainee's whole schedule (the placements of all its
 * needs); the master chooses a convex combination of columns per trainee
 * so that the seats and away limits hold:
 *
 *     min  sum over columns of score x
 *     s.t. sum of trainee t's x = 1                  for every trainee t
 *          sum of occupancy at (u, w) x <= seats     for every unit-week
 *          sum of occupancy away from h at w x <= max_away
 *
 * Its LP is solved by CLP; its duals price the seats for the per-trainee
 * dynamic programme (dp.c), which finds the columns to add. Rows are made
 * only for unit-weeks some column uses, and CLP gets only those its
 * solutions break: the others cannot bind.
 */
#ifndef RANDA_SOLVER_COLGEN_H
#define RANDA_SOLVER_COLGEN_H

#include "solver/problem.h"

struct solver__master;

struct solver__master *solver__master_new(const struct solver_problem *p);
void solver__master_free(struct solver__master *m);

/* Adds trainee t's schedule (its entries of at) as a column unless it is
 * there already; returns 1 when added. */
int solver__master_add(struct solver__master *m, int t,
                       const struct solver_placement *at);

/* The reduced cost of trainee t's schedule at under the last LP's duals
 * (score points; < 0: the column would improve the LP). */
double solver__master_reduced(const struct solver__master *m, int t,
                              const struct solver_placement *at);

/*
 * Solves the LP (warm from the last basis), at most seconds. Writes the
 * seat and away duals as prices >= 0 in score points per hundredth-week to
 * lam and mu (p->nunits x p->weeks each) and the LP's value to *value.
 * Returns 0, or -1 when CLP did not reach the optimum.
 */
int solver__master_solve(struct solver__master *m, double seconds, double *lam,
                         double *mu, double *value);

/* Columns in the master. */
int solver__master_columns(const struct solver__master *m);

#endif
