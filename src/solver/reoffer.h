/*
 * Who should get a freed place (issue 14), in the optimiser's own model:
 * every open need that could use the freed seat-weeks, or a part of them,
 * ranked by how much taking the place improves its trainee's part of the
 * plan's score (planning-format.md).
 *
 * The problem is the one the store builds from the database, where the
 * freed seats are free again and every requested or confirmed booking is
 * a fixed placement. For each trainee with a need that one of its options
 * could place at the freed unit, the exact per-trainee schedule
 * (solver__dp_solve()) is computed twice against the seats the bookings leave:
 *
 *   without  the trainee's best schedule when the freed seat-weeks are
 *            taken away again, as if nothing had been freed;
 *   with     its best schedule when the need is placed at the freed unit
 *            over some of the freed weeks, every other need of the
 *            trainee planned around it.
 *
 * The gain is the score without minus the score with: a need placed that
 * would otherwise stay unplaced, lateness avoided, a start nearer the
 * preferred one. Other trainees' open needs are not planned: each
 * candidate is judged against what is booked now, as the place would be
 * offered now. A need that cannot use the place at all (the trainee busy
 * or on leave all those weeks, the home unit's limit on trainees away
 * reached, a predecessor not done by then, no pattern the unit takes) is
 * no candidate. The solver never touches the database.
 */
#ifndef RANDA_SOLVER_REOFFER_H
#define RANDA_SOLVER_REOFFER_H

#include "solver/problem.h"
#include "util/err.h"

#include <stdint.h>

/* The freed seat-weeks: at unit (an index of the problem), in horizon
 * weeks [from, to), freed[w - from] hundredths of a seat in week w. */
struct solver_reoffer_place {
    int unit;
    int from, to;
    const int *freed;
};

/* A trainee's part of the score and its terms (planning-format.md). */
struct solver_reoffer_score {
    int64_t score;      /* as solver__trainee_score() counts it */
    int unplaced;       /* needs left unplaced */
    int unplaced_weeks; /* their full-time weeks (first option's) */
    int end;            /* the latest end of a placement, 0 for none */
    int late;           /* priority x weeks after the deadline */
    int shift;          /* weeks between starts and preferred starts */
    int64_t cost;       /* the chosen options' costs */
    int need_start;     /* the ranked need's start, -1 when unplaced */
};

struct solver_reoffer_candidate {
    int need;                   /* problem need index */
    int trainee;                /* problem trainee index */
    struct solver_placement at; /* the need in the place: option, unit, start */
    int len;                    /* calendar weeks of that placement */
    int deadline;               /* the trainee's, a horizon week */
    int64_t gain;               /* without.score - with.score, score points */
    struct solver_reoffer_score without, with;
};

struct solver_reoffer_result {
    struct solver_reoffer_candidate *c; /* best first */
    int n;
    int considered; /* needs with an option at the freed unit */
};

/* Threads solver_reoffer_rank() takes at most. */
#define REOFFER_THREADS_MAX 8

/*
 * Ranks every unfixed need of p that could use place pl into out, best
 * first: by gain, then by the earlier start in the place, the earlier
 * deadline of the trainee, and need index, so that the same problem gives
 * the same order whatever the threads (1..REOFFER_THREADS_MAX; the
 * calling thread is one of them) that share the trainees. Returns 0, or
 * ERR_INVAL (ei names "unit" or "weeks") for a place outside the problem.
 * Free out with solver_reoffer_result_free().
 */
int solver_reoffer_rank(const struct solver_problem *p,
                        const struct solver_reoffer_place *pl, int threads,
                        struct solver_reoffer_result *out, struct err_info *ei);
void solver_reoffer_result_free(struct solver_reoffer_result *r);

#endif
