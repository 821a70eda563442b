/*
 * The planning problem of a region's open needs: decided from the plain
 * rows the store reads (store/plans.h) and written as a "randa-problem/1"
 * document (planning-format.md) that the solver loads.
 *
 * What goes in: the scope's trainees with their open needs (one option per
 * pattern the need allows that some unit of the region takes with seats),
 * their requested and confirmed bookings as fixed needs, their leaves as
 * unavailable weeks, and the region's capacity less what other bookings
 * hold. Open needs that no unit can take are left out with a reason.
 */
#ifndef RANDA_PLAN_PROBLEM_H
#define RANDA_PLAN_PROBLEM_H

#include "solver/problem.h"
#include "store/plans.h"
#include "util/buf.h"
#include "util/err.h"

struct store;

/*
 * Writes the problem of rows, with week 0 at start_week (a serial), into
 * problem, and into left_out a JSON array of {"need", "trainee", "reason"}
 * for the open needs no unit can take; info says what went in. No I/O:
 * the same rows give the same document.
 */
void plan_problem_write(const struct plan_rows *rows, int start_week,
                        struct buf *problem, struct buf *left_out,
                        struct plan_built *info);

/*
 * Reads the scope's rows from s (one snapshot) and writes their problem as
 * plan_problem_write() does. ERR_NOTFOUND names region_id or specialty_id
 * when either does not exist.
 */
int plan_problem_build(struct store *s, const struct plan_scope *scope,
                       struct buf *problem, struct buf *left_out,
                       struct plan_built *info, struct err_info *ei);

/*
 * plan_problem_build(), then loads the document for the solver into *out
 * (free with solver_problem_free()). problem, left_out and info may be NULL
 * when the caller does not keep them. A document the solver refuses is a bug of
 * the builder: ERR_DB, said as such.
 */
int plan_problem_open(struct store *s, const struct plan_scope *scope,
                      struct solver_problem **out, struct buf *problem,
                      struct buf *left_out, struct plan_built *info,
                      struct err_info *ei);

#endif
