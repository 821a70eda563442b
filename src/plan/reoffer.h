/*
 * The ranking of a freed place's candidates (issue 14) in database ids:
 * the planning layer builds the problem of the freed unit's region from
 * the database (plan_problem_open() with the unit in its scope), the
 * solver ranks the needs that could use the place (solver/reoffer.h), and
 * this maps its indices and horizon weeks back to rows and week serials.
 * src/api/reoffer.c only calls it, and words the result.
 *
 * The ranking does not re-plan the region: each candidate's schedule is
 * computed exactly, with and without the place, against what is booked
 * now (solver/reoffer.h), in milliseconds. A warm-started re-plan from the
 * stored plan (plan/warm.h) takes a second or more on the demo region
 * (docs/benchmarks.md), so it is not used here.
 */
#ifndef RANDA_PLAN_REOFFER_H
#define RANDA_PLAN_REOFFER_H

#include "domain/reoffer.h"
#include "solver/reoffer.h"
#include "store/reoffer.h"
#include "util/err.h"

#include <stdint.h>

struct store;

/* One candidate: the solver's, mapped to rows. */
struct plan_reoffer_entry {
    int rank; /* from 1, over every candidate in any scope */
    int64_t need_id, trainee_id, home_unit_id;
    int start_week, end_week; /* serials, end exclusive */
    enum pattern pattern;
    int weeks;
    int64_t gain;
    struct solver_reoffer_score without, with; /* weeks in serials */
    int deadline;                              /* the trainee's, a serial */
};

enum plan_reoffer_state {
    PLAN_REOFFER_OPEN,
    PLAN_REOFFER_CLOSED,
    PLAN_REOFFER_PAST
};

struct plan_reoffer {
    struct plan_reoffer_entry *e; /* best first */
    int n;
    int considered; /* needs with an option at the freed unit */
    int64_t region;
    int horizon_start, horizon_weeks;
    enum plan_reoffer_state state;
};

/* Threads a ranking takes: the two cores of a small server, while the
 * other requests wait a few milliseconds. */
#define PLAN_REOFFER_THREADS 2

/*
 * Ranks the candidates of freed place f as of week now (a serial, the
 * horizon's start) into out (free with plan_reoffer_release()). A closed
 * place or one whose weeks are past has none, and says so in state.
 * Stand-ins of the problem (bookings outside it) are never candidates.
 */
int plan_reoffer_rank(struct store *s, const struct freed_item *f, int now,
                      struct plan_reoffer *out, struct err_info *ei);

void plan_reoffer_release(struct plan_reoffer *r);
/* A deep copy of src into dst. */
void plan_reoffer_copy(struct plan_reoffer *dst,
                       const struct plan_reoffer *src);

#endif
