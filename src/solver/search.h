/*
 * Inside the optimiser (solver.h): the state that construction, bound and
 * search share, and the exact per-trainee dynamic programme they all use.
 * Not for use outside src/solver/.
 *
 * Costs inside are integers in 1/SV_SCALE of a score point, so that the
 * Lagrangian bound is computed exactly, with no floating-point question.
 */
#ifndef RANDA_SOLVER_SEARCH_H
#define RANDA_SOLVER_SEARCH_H

#include "solver/problem.h"

#include <stdint.h>

#define SV_SCALE 1024
#define SV_INF   (INT64_MAX / 4)
/* Trainees with more needs than this get a greedy, not the exact DP. */
#define SV_DP_MAX 10

/*
 * A plan under construction: the placements and, per unit and week, the
 * hundredths of a seat still free (res) and of the away limit still free
 * (away; only units with max_away). Fixed needs are placed at init and
 * never removed.
 */
struct sv_state {
    const struct problem *p;
    struct placement *at; /* p->nneeds */
    int *res;             /* p->nunits * p->weeks */
    int *away;            /* p->nunits * p->weeks */
    int64_t *tscore;      /* per trainee: its part of the score */
    int64_t score;
};

void sv_state_init(struct sv_state *s, const struct problem *p);
void sv_state_copy(struct sv_state *dst, const struct sv_state *src);
void sv_state_free(struct sv_state *s);

/* Takes trainee t's unfixed placements out of s (their seats freed). */
void sv_unplace(struct sv_state *s, int t);
/* Puts trainee t's unfixed placements of from into s; t must be unplaced. */
void sv_place(struct sv_state *s, int t, const struct placement *from);

/* Trainee t's part of the score under placements at (score points). */
int64_t sv_trainee_score(const struct problem *p, const struct placement *at,
                         int t);

/* Occupancy in hundredths of placement week k of option o. */
int sv_occ(const struct prob_option *o, int k);

/* Capacity prices in 1/SV_SCALE score points per hundredth-seat week. */
struct sv_prices {
    const int64_t *seat; /* p->nunits * p->weeks, or NULL */
    const int64_t *away; /* p->nunits * p->weeks, or NULL */
};

struct sv_dp; /* a workspace; one per thread */

struct sv_dp *sv_dp_new(const struct problem *p);
void sv_dp_free(struct sv_dp *d);

/*
 * Trainee t's best schedule: minimises SV_SCALE x its score plus the priced
 * occupancy of pr (when given). With st, only placements that fit the seats
 * st leaves free; st must not hold t's unfixed placements. Writes t's
 * entries of out and returns the minimum. The minimum is exact for trainees
 * with at most SV_DP_MAX needs. Without st it is always a lower bound on it
 * (for larger trainees the needs are then priced apart, a relaxation); with
 * st, larger trainees are placed need by need.
 */
int64_t sv_dp_solve(struct sv_dp *d, int t, const struct sv_prices *pr,
                    const struct sv_state *st, struct placement *out);

/*
 * The aggregate bound (aggregate.c): units joined by needs that could use
 * either form groups, and the needs placed in a group together occupy at
 * most its seats over the horizon. Returns a lower bound on the score and
 * writes per unit the price (score points per hundredth-week) at which its
 * group's seats run out, 0 where they do not: a starting point for the
 * multipliers at which the Lagrangian bound is at least as high.
 */
int64_t sv_aggregate_bound(const struct problem *p, double *unit_price);

/* Earliest FCFS placement; the baseline of fcfs.c. */
void sv_fcfs(struct sv_state *s);

/*
 * First start >= lo at which option o of need n fits unit u in st (seats,
 * away limit unless ignore_away, the trainee's unavailable weeks,
 * latest_end, horizon) and does not overlap busy[] (weeks the trainee is
 * taken, may be NULL), or -1.
 */
int sv_first_fit(const struct sv_state *st, int n, int o, int u, int lo,
                 const unsigned char *busy, int ignore_away);

#endif
