/*
 * Inside the optimiser (solver.h): the state that construction, bound and
 * search share, and the exact per-trainee dynamic programme they all use.
 * Not for use outside src/solver/: its names begin solver__ (two
 * underscores), as store__ in src/store/, where what the layers above
 * call begins solver_.
 *
 * Costs inside are integers in 1/SOLVER_SCALE of a score point, so that the
 * Lagrangian bound is computed exactly, with no floating-point question.
 */
#ifndef RANDA_SOLVER_SEARCH_H
#define RANDA_SOLVER_SEARCH_H

#include "solver/problem.h"

#include <stdatomic.h>
#include <stdint.h>

#define SOLVER_SCALE 1024
#define SOLVER_INF   (INT64_MAX / 4)
/* Trainees with more needs than this get a greedy, not the exact DP. */
#define SOLVER_DP_MAX 10

/*
 * A plan under construction: the placements and, per unit and week, the
 * hundredths of a seat still free (res) and of the away limit still free
 * (away; only units with max_away). Fixed needs are placed at init and
 * never removed; a placement in a group (a fixed group member of a problem
 * itself, not of its seat view) takes no seat, only away.
 */
struct solver__state {
    const struct solver_problem *p;
    struct solver_placement *at; /* p->nneeds */
    int *res;                    /* p->nunits * p->weeks */
    int *away;                   /* p->nunits * p->weeks */
    int64_t *tscore;             /* per trainee: its part of the score */
    int64_t score;
};

void solver__state_init(struct solver__state *s,
                        const struct solver_problem *p);
void solver__state_copy(struct solver__state *dst,
                        const struct solver__state *src);
void solver__state_free(struct solver__state *s);

/* Takes trainee t's unfixed placements out of s (their seats freed). */
void solver__unplace(struct solver__state *s, int t);
/* Puts trainee t's unfixed placements of from into s; t must be unplaced. */
void solver__place(struct solver__state *s, int t,
                   const struct solver_placement *from);

/* Trainee t's part of the score under placements at (score points). */
int64_t solver__trainee_score(const struct solver_problem *p,
                              const struct solver_placement *at, int t);

/* Occupancy in hundredths of placement week k of option o. */
int solver__occ(const struct solver_need_option *o, int k);

/*
 * Capacity prices in 1/SOLVER_SCALE score points per hundredth-seat week, and
 * jitter: 0, or a seed that adds to each placement a pseudo-random cost below
 * 2 x SOLVER_SCALE / (the trainee's needs + 1), none when that is below 1
 * (a trainee of 2 x SOLVER_SCALE needs or more). A schedule is then at most 2
 * score points (in all) above the best one at these prices, and which of
 * equal and near-equal schedules wins falls differently for each seed.
 */
struct solver__prices {
    const int64_t *seat; /* p->nunits * p->weeks, or NULL */
    const int64_t *away; /* p->nunits * p->weeks, or NULL */
    uint64_t jitter;
};

struct solver__dp; /* a workspace; one per thread */

struct solver__dp *solver__dp_new(const struct solver_problem *p);
void solver__dp_free(struct solver__dp *d);

/*
 * Trainee t's best schedule: minimises SOLVER_SCALE x its score plus the priced
 * occupancy and the jitter of pr (when given). With st, only placements that
 * fit the seats st leaves free; st must not hold t's unfixed placements. Writes
 * t's entries of out and returns the minimum. The minimum is exact for trainees
 * with at most SOLVER_DP_MAX needs. Without st it is always a lower bound on it
 * (for larger trainees the needs are then priced apart, a relaxation); with
 * st, larger trainees are placed need by need.
 */
int64_t solver__dp_solve(struct solver__dp *d, int t,
                         const struct solver__prices *pr,
                         const struct solver__state *st,
                         struct solver_placement *out);

/*
 * The costs solver__dp_solve() gives trainee t's placements, for the home
 * bound: for each of its needs in order and each of the need's options in
 * order, one row of p->weeks entries, per start week the least cost over
 * the option's units (SOLVER_INF where it cannot start; a fixed need only
 * at its own start). Writes the rows to out and returns how many.
 */
int solver__dp_option_costs(struct solver__dp *d, int t,
                            const struct solver__prices *pr,
                            const struct solver__state *st, int64_t *out);

/* What a home's programme may spend (home.c). */
struct solver__home_limits {
    size_t budget; /* cells; a home that needs more gives no bound */
    int64_t upper; /* what a valid plan's trainees of the home cost, or
                      SOLVER_INF */
    /* Asked between sets of needs, when not NULL: non-zero stops the
     * programme, which then gives no bound. */
    int (*stop)(void *ctx);
    void *ctx;
    struct solver__home_stats *stats; /* filled when not NULL */
};

/* How a home's programme went. */
struct solver__home_stats {
    size_t entries;     /* states with one half taken, made */
    size_t compactions; /* times those pending filled their budget */
};

/*
 * The joint bound of a home unit with max_away 1 (home.c): the least
 * SOLVER_SCALE x score plus seat prices (pr->seat; pr->away is not read)
 * of the trainees of home h together, with the home's limit kept, not
 * priced. In every valid plan those trainees cost at least that. Full-time
 * and split placements take the one place away; half-time, alternate and
 * one-week placements take half of it (two of them may run at once), a
 * relaxation of the rule that only ever allows more. Exact otherwise.
 * Seats st leaves free (the fixed bookings') are kept as the trainee DP
 * keeps them. lim->upper, when below SOLVER_INF, is what a valid plan's
 * trainees of h cost so (the result is at most that); states that cannot
 * beat it are dropped. Returns the bound, or -1 when h is not such a home,
 * its programme would take more than lim->budget cells, or lim->stop
 * stopped it.
 */
int64_t solver__home_bound(struct solver__dp *d, const struct solver_problem *p,
                           int h, const struct solver__prices *pr,
                           const struct solver__state *st,
                           const struct solver__home_limits *lim);

/*
 * The aggregate bound (aggregate.c): units joined by needs that could use
 * either form groups, and the needs placed in a group together occupy at
 * most its seats over the horizon. Returns a lower bound on the score and
 * writes per unit the price (score points per hundredth-week) at which its
 * group's seats run out, 0 where they do not: a starting point for the
 * multipliers at which the Lagrangian bound is at least as high.
 */
int64_t solver__aggregate_bound(const struct solver_problem *p,
                                double *unit_price);

/* Earliest FCFS placement; the baseline of fcfs.c. */
void solver__fcfs(struct solver__state *s);

/*
 * First start >= lo at which option o of need n fits unit u in st (seats,
 * away limit unless ignore_away, the trainee's unavailable weeks,
 * latest_end, horizon) and does not overlap busy[] (weeks the trainee is
 * taken, may be NULL), or -1.
 */
int solver__first_fit(const struct solver__state *st, int n, int o, int u,
                      int lo, const unsigned char *busy, int ignore_away);

/*
 * Whether need n, placed with option o from week s, keeps its trainee's
 * rules for one placement in at: inside the trainee's window and the
 * horizon, earliest and latest_end, clear of the trainee's unavailable
 * weeks, and after the end of every need it waits for. Overlaps with the
 * trainee's other placements are the caller's to check.
 */
int solver__start_ok(const struct solver_problem *p,
                     const struct solver_placement *at, int n, int o, int s);

/*
 * Gaffel groups and budgets (groups.c, docs/planning-format-groups.md).
 * The seat view: p with every group option unplaceable, which the search
 * runs on (freed with the problem it was made from). place_groups cuts a
 * plan of p to the hard budgets and places whole groups greedily, group by
 * group until *cancel (when not NULL) is set; the plan stays valid.
 */
struct solver_problem *solver__seat_view(const struct solver_problem *p);
void solver__seat_view_free(const struct solver_problem *p,
                            struct solver_problem *v);
/* A plan of the seat view made a plan of p: its fixed group members, which
 * the view keeps on a unit of its own (they take no seat), put back at their
 * unit and in their group. */
void solver__seat_view_return(const struct solver_problem *p,
                              struct solver_plan *pl);
void solver__place_groups(const struct solver_problem *p,
                          struct solver_plan *pl, const atomic_int *cancel);
/* The bound view: p relaxed, a group option placed on one more unit per
 * unit with groups, whose seats are, per week, the sizes of that unit's
 * groups open then; no rule 7, no budgets; each group option costs price
 * more. Every valid plan of p is one of it, scoring no more than its score
 * plus price x its group members, and a plan has at most
 * solver__group_places() of them: so a bound b of the view makes
 * b - price x places a bound of p (a Lagrangian price on the members). */
struct solver_problem *solver__bound_view(const struct solver_problem *p,
                                          int price);
/* How many members p's groups hold at most, counting the groups of units
 * that some group option names. */
int solver__group_places(const struct solver_problem *p);
/* The price of a group member tried by the bound: what leaving the
 * cheapest need with a group option unplaced costs (the worth of a place
 * when places are short), capped at 10^8. */
int solver__group_price(const struct solver_problem *p);
/* How many needs pl (a plan of p or of its bound view) places with a
 * group option of p. */
int solver__group_members(const struct solver_problem *p,
                          const struct solver_plan *pl);
void solver__bound_view_free(const struct solver_problem *p,
                             struct solver_problem *v);

#endif
