/*
 * The optimiser: plans every need of a problem at once (planning-format.md)
 * and proves how good the plan is.
 *
 * Lagrangian relaxation of the seat and away-limit rows leaves one small
 * problem per trainee, solved exactly by dynamic programming over the order
 * and timing of its needs; the multipliers give the lower bound, price the
 * capacity for the construction, and name the bottlenecks. Large-
 * neighbourhood search then re-plans a few trainees at a time against the
 * seats the others leave. Same problem, options, seed and thread count:
 * same plan, unless the time limit cuts the run short.
 */
#ifndef RANDA_SOLVER_SOLVER_H
#define RANDA_SOLVER_SOLVER_H

#include "solver/problem.h"
#include "util/buf.h"

#include <stdatomic.h>
#include <stdint.h>

enum solver_method {
    SOLVER_OPTIMISE, /* bound, construction, improvement */
    SOLVER_FCFS,     /* the baseline: each trainee in turn, earliest place */
    /* as SOLVER_OPTIMISE, with part of the time for column generation
     * (colgen.h): slower on large problems today, docs/benchmarks.md */
    SOLVER_COLGEN,
};

struct solver_options {
    enum solver_method method;
    double time_limit; /* seconds, > 0 */
    uint64_t seed;
    int threads; /* 1..64 */
    /* A plan to start from, may be NULL: its placements that still keep
     * the rules are kept, the trainees with one that does not are planned
     * again (incremental re-planning after a change). */
    const struct solver_plan *warm;
};

#define SOLVER_OPTIONS_DEFAULT                                                 \
    {                                                                          \
        SOLVER_OPTIMISE, 30.0, 1, 1, NULL                                      \
    }

/* What a running solve reports, at most a few times a second. */
struct solver_progress {
    const char *phase; /* "bound", "construct", "improve", "done" */
    double seconds;
    int64_t best;  /* INT64_MAX before the first plan */
    int64_t bound; /* the best proven lower bound so far; INT64_MIN
                      while none is known yet */
    long iterations;
};

typedef void (*solver_progress_fn)(const struct solver_progress *pr, void *ctx);

/* A unit-week range where one more seat would lower the score most. */
struct solver_bottleneck {
    int unit;
    int from, to; /* weeks [from, to) */
    int64_t gain; /* estimated score gained by one more seat in those weeks */
    /* score gained by a short re-solve with the seat added, from the plan
     * (>= 0); -1 when not measured */
    int64_t measured;
};

/* Why a need has no place: what the reason says, as data. */
enum solver_reason_kind {
    SOLVER_REASON_WAITS,      /* waits_for has no place and must come first */
    SOLVER_REASON_TOO_LATE,   /* units[0] is free from week from, but ending
                               * late weeks after the deadline costs more
                               * than leaving it unplaced */
    SOLVER_REASON_NO_ROOM,    /* [from, to) is shorter than weeks */
    SOLVER_REASON_BUSY,       /* the trainee has no free stretch of weeks in
                               * [from, to): leave and other placements */
    SOLVER_REASON_AWAY_LIMIT, /* units[0] (home) has limit trainees away
                               * whenever a unit is free; from: when the
                               * trainee could start without the limit */
    SOLVER_REASON_FULL,       /* units[] are full whenever the trainee is free
                               * for weeks in [from, to); full_unit is full
                               * [full_from, full_to) */
    SOLVER_REASON_BUDGET,     /* given up for units[0]'s (home) hard budget,
                               * limit (in the problem's money) */
    SOLVER_REASON_COUNT,
};

/* "waits", "too_late", ...: the kind's name in the plan's JSON. */
const char *solver_reason_kind_name(enum solver_reason_kind kind);

#define SOLVER_REASON_UNITS 4 /* units named at most; more_units counts on */

/* One need's reason: a single allocation (free() frees it). */
struct solver_reason {
    enum solver_reason_kind kind;
    int from, to;  /* horizon weeks [from, to) */
    int weeks;     /* calendar weeks the need takes (its first option) */
    int deadline;  /* the trainee's, a horizon week */
    int late;      /* TOO_LATE: weeks past the deadline */
    int limit;     /* AWAY_LIMIT: the home unit's max_away; BUDGET: its
                      budget */
    int waits_for; /* WAITS: the need index waited for, else -1 */
    int units[SOLVER_REASON_UNITS]; /* unit indices */
    int nunits, more_units;
    int full_unit, full_from, full_to; /* FULL: or -1 */
    char text[];                       /* the reason in English */
};

struct solver_result {
    struct solver_plan plan;
    int64_t score, lower_bound;
    /* per need: why it is unplaced, NULL when assigned; each one free()d */
    struct solver_reason **reasons;
    struct solver_bottleneck *bottlenecks;
    int nbottlenecks;
    double seconds;
    long iterations;
    int cancelled; /* stopped by *cancel, the plan is the best so far */
};

/*
 * Plans p. cancel, when not NULL, is polled; setting it stops the run with
 * the best plan so far. progress, when not NULL, is called from the calling
 * thread. The plan is always valid. Returns 0, or -1 with ei set when out
 * of memory or threads.
 */
int solver_solve(const struct solver_problem *p, const struct solver_options *o,
                 solver_progress_fn progress, void *ctx,
                 const atomic_int *cancel, struct solver_result *out,
                 struct err_info *ei);
void solver_result_free(struct solver_result *r);

/*
 * Writes r as a "randa-plan/1" document: assignments, unplaced with their
 * reasons, score, lower_bound and stats (seconds, iterations, method,
 * seed, threads, bottlenecks with unit ids and weeks).
 */
void solver_plan_json(const struct solver_problem *p,
                      const struct solver_options *o,
                      const struct solver_result *r, struct buf *out);

#endif
