/*
 * The optimiser's run (solver.h): a first plan, the Lagrangian bound with
 * price-guided plans on the way, then large-neighbourhood search.
 *
 * Bound. Relaxing the seat rows (and the away-limit rows) with multipliers
 * lambda >= 0 leaves one problem per trainee, solved exactly by dp.c:
 *
 *     L(lambda) = sum over trainees of min(score_t + priced occupancy)
 *               - sum over unit-weeks of lambda x 100 x seats
 *
 * is at most the score of every valid plan. The multipliers are moved by
 * projected subgradient steps (Polyak's rule against the best plan), and
 * rounded to integers in 1/SOLVER_SCALE before each evaluation, so the bound
 * is computed in exact integer arithmetic.
 *
 * Search. Each move takes a few trainees out (one that costs the most and
 * others at the units it could use, in the weeks around), puts them back
 * one by one with their exact best schedule in the seats left, and keeps
 * the result unless the score got worse. A quarter of the moves make room
 * for the costly trainee instead: they take out, with it and its
 * home-mates, those holding seats it could use before its deadline, and
 * put it back first. Once the bound has multipliers, three moves in four
 * choose those schedules at the bound's best prices (guided moves): put
 * back one by one, the first trainee would otherwise take the seat a later
 * one needs more. Three moves in five are also jittered (search.h): each
 * trainee takes one drawn among its schedules within 2 score points of the
 * best, not always the same one of equal cost. Which of equal schedules a
 * trainee takes decides where the gaps it leaves lie, and a gap in the
 * right weeks is often what another trainee needs. With n threads, each
 * epoch runs n searches from the same plan and keeps the best (lowest
 * thread on a tie): the same seed and thread count give the same plan.
 *
 * Issue 16: a stored plan can start the run (warm start); with
 * SOLVER_COLGEN, column generation on the Dantzig-Wolfe master (colgen.h)
 * follows the subgradient steps; and the first bottlenecks are measured by
 * short searches with and without the seat.
 */
#include "solver/solver.h"

#include "solver/colgen.h"
#include "solver/explain.h"
#include "solver/search.h"
#include "util/rng.h"
#include "util/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SOLVER_THREADS_MAX 64
#define SOLVER_EPOCH_MOVES 128
/* The most trainees a move takes out. */
#define SOLVER_MOVE_MAX 10
/* Of the search's moves, the percentage that make room for the costly
 * trainee (lns_room). */
#define SOLVER_ROOM_PERCENT 25
/* Of the search's moves, the percentage that are guided, and that are
 * jittered (above). */
#define SOLVER_GUIDED_PERCENT 75
#define SOLVER_JITTER_PERCENT 60

struct lns {
    struct solver__state s;
    struct solver_placement *saved, *at;
    int *pick, *mark;
    struct rng rng;
};

/* Multipliers of one run to start another's bound from: the first cells
 * of lam and mu, those of the units both problems share. */
struct solver__multipliers {
    double *lam, *mu;
    size_t cells;
};

struct solver_run {
    const struct solver_problem *p;
    const struct solver_options *o;
    solver_progress_fn progress;
    void *ctx;
    const atomic_int *cancel;
    double t0, last_report;
    int threads;
    struct solver__dp *dp[SOLVER_THREADS_MAX];
    struct solver__state best;
    struct solver__state fixed; /* only the fixed needs placed */
    int64_t bound;
    long iterations;
    const char *phase;
    /* multipliers: current (score points per hundredth-week) and best */
    double *lam, *mu, *best_lam;
    double *dir_lam, *dir_mu; /* the last step's direction */
    int64_t *lam_s, *mu_s;    /* scaled integers of lam, mu */
    size_t cells;
    /* per thread: usage of one bound evaluation */
    int *use[SOLVER_THREADS_MAX], *use_away[SOLVER_THREADS_MAX];
    int64_t part[SOLVER_THREADS_MAX];
    int64_t *tcost;           /* per trainee: its last priced minimum */
    int64_t lsum;             /* L of the last evaluation, in 1/SOLVER_SCALE */
    double home_until;        /* share of the time the homes' bound may take */
    struct home_order *homes; /* the homes it takes, in order */
    int nhomes;
    atomic_int home_next;
    size_t home_cells; /* the budget of this pass over the homes */
    struct solver_placement *relaxed[SOLVER_THREADS_MAX];
    /* units -> the needs that could be placed there */
    int *cand, *cand_first;
    /* home units -> their trainees */
    int *home, *home_first;
    struct lns *lns[SOLVER_THREADS_MAX];
    /* the prices of guided moves: best_lam and best_mu, scaled; NULL while
     * every multiplier is 0 */
    int64_t *guide_seat, *guide_away;
    const struct solver__state *from; /* where each epoch's searches start */
    long epoch;
    /* column generation: the master, its last LP value, the best mu */
    struct solver__master *master;
    double lp_value;
    double deadline; /* seconds into the run the search must stop at */
    double *best_mu;
    /* A bound alone (solve_bound): no plans are built, and target, a score
     * no better than the optimum's, stands in for the best plan's. */
    int bound_only;
    int64_t target; /* 0: none */
    /* where the bound starts, may be NULL: the aggregate bound's prices */
    const struct solver__multipliers *start;
};

static double solver_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double solver_elapsed(const struct solver_run *r)
{
    return solver_now() - r->t0;
}

/* The best score known: the best plan's, or the target's when lower. */
static int64_t solver_upper(const struct solver_run *r)
{
    return r->target > 0 && r->target < r->best.score ? r->target
                                                      : r->best.score;
}

static int solver_stop(const struct solver_run *r, double share)
{
    if (r->cancel && atomic_load(r->cancel))
        return 1;
    if (solver_upper(r) <= r->bound)
        return 1; /* proven optimal */
    return solver_elapsed(r) >= r->o->time_limit * share;
}

static void solver_report(struct solver_run *r, int force)
{
    double now = solver_elapsed(r);
    if (!r->progress || (!force && now - r->last_report < 0.2))
        return;
    r->last_report = now;
    struct solver_progress pr = {r->phase, now, solver_upper(r), r->bound,
                                 r->iterations};
    r->progress(&pr, r->ctx);
}

/* Runs fn(r, thread) on r->threads threads, thread 0 being the caller. */
struct solver_job {
    struct solver_run *r;
    int thread;
    void (*fn)(struct solver_run *, int);
};

static void *solver_thread(void *arg)
{
    struct solver_job *j = arg;
    j->fn(j->r, j->thread);
    return NULL;
}

static void solver_parallel(struct solver_run *r,
                            void (*fn)(struct solver_run *, int))
{
    pthread_t tid[SOLVER_THREADS_MAX];
    struct solver_job jobs[SOLVER_THREADS_MAX];
    int started = 1;
    for (int i = 1; i < r->threads; i++) {
        jobs[i] = (struct solver_job){r, i, fn};
        if (pthread_create(&tid[i], NULL, solver_thread, &jobs[i]) != 0)
            break;
        started++;
    }
    fn(r, 0);
    /* A thread that could not start: its share runs here. */
    for (int i = started; i < r->threads; i++)
        fn(r, i);
    for (int i = 1; i < started; i++)
        pthread_join(tid[i], NULL);
}

/* ---- the bound ---------------------------------------------------------- */

/* One thread's share of a bound evaluation: every threads-th trainee. */
static void bound_share(struct solver_run *r, int th)
{
    const struct solver_problem *p = r->p;
    struct solver__prices pr = {r->lam_s, r->mu_s, 0};
    struct solver_placement *at = r->relaxed[th];
    int *use = r->use[th], *away = r->use_away[th];
    memset(use, 0, r->cells * sizeof(int));
    memset(away, 0, r->cells * sizeof(int));
    int64_t sum = 0;
    for (int t = th; t < p->ntrainees; t += r->threads) {
        /* Seats the fixed bookings leave are a hard limit in every valid
         * plan, so the relaxation keeps them (the greedy for trainees
         * with many needs is no relaxation: those are priced alone). */
        const struct solver__state *fixed =
            p->trainees[t].nneeds <= SOLVER_DP_MAX ? &r->fixed : NULL;
        int64_t c = solver__dp_solve(r->dp[th], t, &pr, fixed, at);
        r->tcost[t] = c;
        sum += c;
        const struct solver_trainee *pt = &p->trainees[t];
        for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
            if (!at[n].assigned)
                continue;
            const struct solver_need_option *po =
                &p->needs[n].options[at[n].option];
            size_t ub = (size_t)at[n].unit * (size_t)p->weeks,
                   hb = (size_t)pt->home * (size_t)p->weeks;
            for (int k = 0; k < po->len; k++) {
                int q = solver__occ(po, k), w = at[n].start + k;
                use[ub + (size_t)w] += q;
                away[hb + (size_t)w] += q;
            }
        }
    }
    r->part[th] = sum;
}

/* The score is whole: a bound of l / SOLVER_SCALE is one rounded up. */
static int64_t bound_round(int64_t l)
{
    return l >= 0 ? (l + SOLVER_SCALE - 1) / SOLVER_SCALE
                  : -((-l) / SOLVER_SCALE);
}

/* L at the current (rounded) multipliers, exactly; leaves the usage in
 * use[0] and use_away[0]. */
static int64_t bound_eval(struct solver_run *r)
{
    const struct solver_problem *p = r->p;
    for (size_t i = 0; i < r->cells; i++) {
        r->lam_s[i] = (int64_t)(r->lam[i] * SOLVER_SCALE);
        r->mu_s[i] = (int64_t)(r->mu[i] * SOLVER_SCALE);
    }
    solver_parallel(r, bound_share);
    int64_t l = 0;
    for (int th = 0; th < r->threads; th++) {
        l += r->part[th];
        for (size_t i = 0; th > 0 && i < r->cells; i++) {
            r->use[0][i] += r->use[th][i];
            r->use_away[0][i] += r->use_away[th][i];
        }
    }
    for (int u = 0; u < p->nunits; u++)
        for (int w = 0; w < p->weeks; w++) {
            size_t i = (size_t)u * (size_t)p->weeks + (size_t)w;
            l -= r->lam_s[i] * 100 * p->units[u].seats[w];
            if (p->units[u].max_away != SOLVER_NONE)
                l -= r->mu_s[i] * 100 * p->units[u].max_away;
        }
    r->lsum = l;
    return bound_round(l);
}

/* The subgradient of row i: hundredths used beyond the limit, projected
 * (a row at price 0 that has room does not move). */
static double bound_grad(const struct solver_run *r, size_t i, int away)
{
    const struct solver_problem *p = r->p;
    int u = (int)(i / (size_t)p->weeks), w = (int)(i % (size_t)p->weeks);
    double g = away ? r->use_away[0][i] - 100.0 * p->units[u].max_away
                    : r->use[0][i] - 100.0 * p->units[u].seats[w];
    double price = away ? r->mu[i] : r->lam[i];
    if (away && p->units[u].max_away == SOLVER_NONE)
        return 0;
    return g > 0 || price > 0 ? g : 0;
}

/*
 * One step along the deflected subgradient d = g + beta d' (Camerini,
 * Fratta and Maffioli: beta bends d away from zig-zagging when g turns
 * back on the last direction), of Polyak's size theta x (best - bound) /
 * |d|^2.
 */
static void bound_step(struct solver_run *r, double theta, int64_t value)
{
    const struct solver_problem *p = r->p;
    size_t cells = (size_t)p->nunits * (size_t)p->weeks;
    double dot = 0, dd = 0;
    for (size_t i = 0; i < cells; i++)
        for (int away = 0; away < 2; away++) {
            double d = away ? r->dir_mu[i] : r->dir_lam[i];
            dot += bound_grad(r, i, away) * d;
            dd += d * d;
        }
    double beta = dot < 0 && dd > 0 ? -1.5 * dot / dd : 0;
    double norm = 0;
    for (size_t i = 0; i < cells; i++) {
        r->dir_lam[i] = bound_grad(r, i, 0) + beta * r->dir_lam[i];
        r->dir_mu[i] = bound_grad(r, i, 1) + beta * r->dir_mu[i];
        norm += r->dir_lam[i] * r->dir_lam[i] + r->dir_mu[i] * r->dir_mu[i];
    }
    if (norm <= 0)
        return;
    double gap = (double)(solver_upper(r) - value);
    double step = theta * (gap > 1 ? gap : 1) / norm;
    /* A hundredth of a seat for a week is worth at most what leaving a
     * need unplaced costs per hundredth-week it would occupy: higher
     * prices only make every trainee leave the row. */
    double cap = (double)p->w_unplaced / 100.0;
    for (size_t i = 0; i < cells; i++) {
        r->lam[i] = fmin(cap, fmax(0, r->lam[i] + step * r->dir_lam[i]));
        r->mu[i] = fmin(cap, fmax(0, r->mu[i] + step * r->dir_mu[i]));
    }
}

/* ---- construction ---------------------------------------------------------
 */

struct keyed {
    int64_t key;
    int t;
};

static int by_key_desc(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? 1 : -1;
    return x->t - y->t;
}

/* A plan built trainee by trainee, the most expensive first, each taking
 * its best schedule in the seats left, priced by share x the multipliers. */
static void construct(struct solver_run *r, double share,
                      struct solver__state *s)
{
    const struct solver_problem *p = r->p;
    struct keyed *order = xmalloc(((size_t)p->ntrainees + 1) * sizeof(*order));
    int64_t *ls = xmalloc((r->cells + 1) * sizeof(int64_t));
    int64_t *ms = xmalloc((r->cells + 1) * sizeof(int64_t));
    for (size_t i = 0; i < r->cells; i++) {
        ls[i] = (int64_t)(r->lam[i] * share * SOLVER_SCALE);
        ms[i] = (int64_t)(r->mu[i] * share * SOLVER_SCALE);
    }
    for (int t = 0; t < p->ntrainees; t++)
        order[t] = (struct keyed){r->tcost[t], t};
    qsort(order, (size_t)p->ntrainees, sizeof(*order), by_key_desc);
    struct solver__prices pr = {ls, ms, 0};
    struct solver_placement *at = r->relaxed[0];
    solver__state_free(s); /* s may hold an earlier plan */
    solver__state_init(s, p);
    for (int i = 0; i < p->ntrainees; i++) {
        int t = order[i].t;
        solver__dp_solve(r->dp[0], t, &pr, s, at);
        solver__place(s, t, at);
    }
    free(order);
    free(ls);
    free(ms);
}

static void keep_if_better(struct solver_run *r, struct solver__state *s)
{
    if (s->score < r->best.score)
        solver__state_copy(&r->best, s);
}

/* Starts the multipliers where the aggregate bound says seats run out, or
 * where another run's bound ended on the units it shares. */
static void bound_start(struct solver_run *r)
{
    const struct solver_problem *p = r->p;
    double *price = xcalloc((size_t)p->nunits + 1, sizeof(double));
    int64_t agg = solver__aggregate_bound(p, price);
    if (agg > r->bound)
        r->bound = agg;
    for (int u = 0; u < p->nunits; u++)
        for (int w = 0; w < p->weeks; w++)
            r->lam[(size_t)u * (size_t)p->weeks + (size_t)w] = price[u];
    if (r->start) {
        size_t n = r->start->cells < r->cells ? r->start->cells : r->cells;
        memcpy(r->lam, r->start->lam, n * sizeof(double));
        memcpy(r->mu, r->start->mu, n * sizeof(double));
    }
    memcpy(r->best_lam, r->lam, r->cells * sizeof(double));
    memcpy(r->best_mu, r->mu, r->cells * sizeof(double));
    free(price);
}

static void bound_phase(struct solver_run *r, double share)
{
    struct solver__state s = {0};
    bound_start(r);
    double theta = 1.0;
    int since = 0;
    r->phase = "bound";
    for (int it = 0; it < 4000 && theta > 0.001 && !solver_stop(r, share);
         it++) {
        int64_t value = bound_eval(r);
        r->iterations++;
        if (value > r->bound) {
            r->bound = value;
            memcpy(r->best_lam, r->lam, r->cells * sizeof(double));
            memcpy(r->best_mu, r->mu, r->cells * sizeof(double));
            since = 0;
        } else if (++since >= 40) {
            theta /= 2;
            since = 0;
        }
        if (it % 8 == 4 && !r->bound_only) {
            construct(r, 1.0, &s);
            keep_if_better(r, &s);
        }
        solver_report(r, 0);
        if (solver_upper(r) <= r->bound)
            break;
        bound_step(r, theta, value);
    }
    solver__state_free(&s);
}

/* ---- the homes' joint bound ----------------------------------------------
 *
 * In L, a home with max_away 1 has the part: its trainees' priced minima
 * less its price mu x the limit. In every valid plan its trainees, planned
 * together with the limit kept (home.c), cost at least the joint bound at
 * the seat prices alone, which may then stand for that part. Evaluated once,
 * at the best multipliers: it takes seconds, not the milliseconds of L.
 */

/* Cells of one home's programme at most (8 bytes each, in each thread). */
#define SOLVER_HOME_CELLS ((size_t)8 << 20)

struct home_order {
    int unit;
    int64_t excess; /* what the relaxation's schedules break or leave */
    int over;       /* 1: over the budget of the pass that took it */
};

static int home_order_cmp(const void *x, const void *y)
{
    const struct home_order *a = x, *b = y;
    return a->excess < b->excess ? 1 : a->excess > b->excess ? -1 : 0;
}

/* What the best plan's trainees of home u cost at the seat prices: a
 * joint schedule the home's bound need not beat (none in a bound alone). */
static int64_t home_upper(const struct solver_run *r, int u)
{
    const struct solver_problem *p = r->p;
    if (r->bound_only)
        return SOLVER_INF;
    int64_t c = 0;
    for (int k = r->home_first[u]; k < r->home_first[u + 1]; k++) {
        int t = r->home[k];
        const struct solver_trainee *pt = &p->trainees[t];
        c += SOLVER_SCALE * solver__trainee_score(p, r->best.at, t);
        for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
            const struct solver_placement *a = &r->best.at[n];
            if (!a->assigned)
                continue;
            const struct solver_need_option *o =
                &p->needs[n].options[a->option];
            const int64_t *price =
                r->lam_s + (size_t)a->unit * (size_t)p->weeks;
            for (int k2 = 0; k2 < o->len; k2++)
                c += price[a->start + k2] * solver__occ(o, k2);
        }
    }
    return c;
}

static int home_stop(void *ctx)
{
    const struct solver_run *r = ctx;
    return solver_stop(r, r->home_until);
}

static void home_share(struct solver_run *r, int th)
{
    const struct solver_problem *p = r->p;
    struct solver__prices pr = {r->lam_s, NULL, 0};
    for (int i = atomic_fetch_add(&r->home_next, 1); i < r->nhomes;
         i = atomic_fetch_add(&r->home_next, 1)) {
        int u = r->homes[i].unit;
        int first = r->home_first[u], end = r->home_first[u + 1];
        if (solver_stop(r, r->home_until))
            break;
        struct solver__home_limits lim = {.budget = r->home_cells,
                                          .upper = home_upper(r, u),
                                          .stop = home_stop,
                                          .ctx = r};
        int64_t j = solver__home_bound(r->dp[th], p, u, &pr, &r->fixed, &lim);
        r->homes[i].over = j < 0;
        if (j < 0)
            continue;
        int64_t part = 0;
        for (int k = first; k < end; k++)
            part += r->tcost[r->home[k]];
        for (int w = 0; w < p->weeks; w++)
            part -= r->mu_s[(size_t)u * (size_t)p->weeks + (size_t)w] * 100;
        if (j > part)
            r->part[th] += j - part;
    }
}

/* Raises the bound by the homes' joint bounds at the best multipliers,
 * within share of the time limit. A home whose trainees' priced schedules
 * keep its limit, with no price on a week they leave room in, gains
 * nothing (they are then a joint schedule as cheap as its part of L) and
 * is skipped; the others are taken by how far their schedules break the
 * limit, most first. */
static void home_phase(struct solver_run *r, double share)
{
    const struct solver_problem *p = r->p;
    if (p->extended || solver_stop(r, share))
        return;
    /* The search reads the multipliers and the priced minima where the
     * steps left them: they are put back after. */
    size_t lam_bytes = r->cells * sizeof(double),
           tcost_bytes = (size_t)p->ntrainees * sizeof(int64_t);
    double *lam = xmalloc(lam_bytes), *mu = xmalloc(lam_bytes);
    int64_t *tcost = xmalloc(tcost_bytes + 1);
    memcpy(lam, r->lam, lam_bytes);
    memcpy(mu, r->mu, lam_bytes);
    memcpy(tcost, r->tcost, tcost_bytes);
    memcpy(r->lam, r->best_lam, lam_bytes);
    memcpy(r->mu, r->best_mu, lam_bytes);
    bound_eval(r);
    r->phase = "bound";
    r->homes = xcalloc((size_t)p->nunits + 1, sizeof(*r->homes));
    r->nhomes = 0;
    for (int u = 0; u < p->nunits; u++) {
        if (p->units[u].max_away != 1 ||
            r->home_first[u + 1] - r->home_first[u] < 2)
            continue;
        int64_t excess = 0;
        for (int w = 0; w < p->weeks; w++) {
            size_t i = (size_t)u * (size_t)p->weeks + (size_t)w;
            int used = r->use_away[0][i];
            excess += used > 100 ? used - 100 : r->mu_s[i] * (100 - used);
        }
        if (excess > 0)
            r->homes[r->nhomes++] = (struct home_order){u, excess, 0};
    }
    qsort(r->homes, (size_t)r->nhomes, sizeof(*r->homes), home_order_cmp);
    r->home_until = share;
    for (int th = 0; th < r->threads; th++)
        r->part[th] = 0;
    /* First every home within an eighth of the budget, so that the many
     * small homes are not kept waiting by the few large ones; then those
     * over it, with the whole budget. */
    for (int pass = 0; pass < 2; pass++) {
        r->home_cells = pass ? SOLVER_HOME_CELLS : SOLVER_HOME_CELLS / 8;
        atomic_store(&r->home_next, 0);
        solver_parallel(r, home_share);
        int n = 0;
        for (int i = 0; i < r->nhomes; i++)
            if (r->homes[i].over)
                r->homes[n++] = (struct home_order){r->homes[i].unit,
                                                    r->homes[i].excess, 0};
        r->nhomes = n;
    }
    free(r->homes);
    r->homes = NULL;
    memcpy(r->lam, lam, lam_bytes);
    memcpy(r->mu, mu, lam_bytes);
    memcpy(r->tcost, tcost, tcost_bytes);
    free(lam);
    free(mu);
    free(tcost);
    int64_t l = r->lsum;
    for (int th = 0; th < r->threads; th++)
        l += r->part[th];
    int64_t value = bound_round(l);
    if (value > r->bound)
        r->bound = value;
    solver_report(r, 1);
}

/* ---- column generation ----------------------------------------------------
 *
 * The Lagrangian dual is the LP of the Dantzig-Wolfe master (colgen.h):
 * its duals are the multipliers at which L is highest. Each round solves
 * the restricted master, prices at a point between its duals and the best
 * multipliers so far (Wentges' smoothing: the duals of a restricted master
 * jump about), evaluates L there exactly (every evaluation is a valid
 * bound, and the best is kept), and adds each trainee's priced schedule
 * whose reduced cost at the master's duals is negative. When pricing at
 * the duals themselves finds no such schedule, the LP is optimal and L at
 * its duals is the Dantzig-Wolfe bound.
 */

/* Puts every trainee's schedule of at into the master; returns how many
 * columns were new. */
static int cg_add_plan(struct solver_run *r, const struct solver_placement *at)
{
    int added = 0;
    for (int t = 0; t < r->p->ntrainees; t++)
        added += solver__master_add(r->master, t, at);
    return added;
}

/* Returns how many times the master LP was solved. */
static int cg_phase(struct solver_run *r, double share)
{
    const struct solver_problem *p = r->p;
    struct solver__state s = {0};
    r->master = solver__master_new(p);
    cg_add_plan(r, r->best.at);
    double *lp_lam = xcalloc(r->cells, sizeof(double));
    double *lp_mu = xcalloc(r->cells, sizeof(double));
    double alpha = 0.8;
    double cap = (double)p->w_unplaced / 100.0;
    int misprice = 0, it = 0;
    r->phase = "bound";
    for (; !solver_stop(r, share); it++) {
        double left = r->o->time_limit * share - solver_elapsed(r);
        if (solver__master_solve(r->master, left, lp_lam, lp_mu,
                                 &r->lp_value) != 0)
            break;
        double a = misprice ? 0 : alpha;
        for (size_t i = 0; i < r->cells; i++) {
            r->lam[i] = fmin(cap, a * r->best_lam[i] + (1 - a) * lp_lam[i]);
            r->mu[i] = fmin(cap, a * r->best_mu[i] + (1 - a) * lp_mu[i]);
        }
        int64_t value = bound_eval(r);
        r->iterations++;
        if (value > r->bound) {
            r->bound = value;
            memcpy(r->best_lam, r->lam, r->cells * sizeof(double));
            memcpy(r->best_mu, r->mu, r->cells * sizeof(double));
        }
        int added = 0;
        for (int t = 0; t < p->ntrainees; t++) {
            const struct solver_placement *at = r->relaxed[t % r->threads];
            if (p->trainees[t].nneeds <= SOLVER_DP_MAX &&
                solver__master_reduced(r->master, t, at) < -1e-6)
                added += solver__master_add(r->master, t, at);
        }
        if (it % 8 == 4 && !r->bound_only) {
            construct(r, 1.0, &s);
            keep_if_better(r, &s);
            added += cg_add_plan(r, s.at);
        }
        solver_report(r, 0);
        if (solver_upper(r) <= r->bound)
            break;
        if (!added) {
            if (a == 0)
                break; /* the LP is optimal */
            misprice = 1;
        } else {
            misprice = 0;
        }
        if ((double)r->bound >= ceil(r->lp_value - 1e-6))
            break; /* L reached the LP: nothing more to gain */
    }
    free(lp_lam);
    free(lp_mu);
    solver__state_free(&s);
    return it;
}

/* ---- large-neighbourhood search -------------------------------------------
 */

/* A trainee that costs the most among a few drawn at random. */
static int lns_costly(const struct solver__state *s, struct rng *g)
{
    int n = s->p->ntrainees, best = (int)rng_below(g, (uint32_t)n);
    for (int k = 0; k < 6; k++) {
        int t = (int)rng_below(g, (uint32_t)n);
        if (s->tscore[t] > s->tscore[best])
            best = t;
    }
    return best;
}

/* Adds t to the pick unless it is there. */
static int lns_add(struct lns *l, int npick, int t)
{
    if (l->mark[t])
        return npick;
    l->mark[t] = 1;
    l->pick[npick] = t;
    return npick + 1;
}

/* Adds, in random order, up to want trainees placed at a unit t0 could use
 * in the weeks around its own: those it would have to make room with. */
static int lns_related(const struct solver_run *r, struct lns *l, int t0,
                       int npick, int want)
{
    const struct solver_problem *p = r->p;
    const struct solver_trainee *pt = &p->trainees[t0];
    if (pt->nneeds == 0)
        return npick;
    int n0 = pt->first_need + (int)rng_below(&l->rng, (uint32_t)pt->nneeds);
    const struct solver_need *pn = &p->needs[n0];
    const struct solver_need_option *po =
        &pn->options[rng_below(&l->rng, (uint32_t)pn->noptions)];
    int u = po->units[rng_below(&l->rng, (uint32_t)po->nunits)];
    int lo = pt->from, hi = pt->deadline + 2 * po->len;
    int first = r->cand_first[u], count = r->cand_first[u + 1] - first;
    if (count == 0)
        return npick;
    int at = (int)rng_below(&l->rng, (uint32_t)count);
    for (int k = 0; k < count && npick < want; k++) {
        int n = r->cand[first + (at + k) % count];
        const struct solver_placement *a = &l->s.at[n];
        if (a->assigned && a->unit == u && a->start < hi &&
            a->start + p->needs[n].options[a->option].len > lo &&
            rng_percent(&l->rng, 70))
            npick = lns_add(l, npick, p->needs[n].trainee);
    }
    return npick;
}

/* Adds up to want trainees of t0's home unit: those who share its limit
 * on trainees away. */
static int lns_home(const struct solver_run *r, struct lns *l, int t0,
                    int npick, int want)
{
    int h = r->p->trainees[t0].home;
    int first = r->home_first[h], count = r->home_first[h + 1] - first;
    if (count <= 1 || r->p->units[h].max_away == SOLVER_NONE)
        return npick;
    int at = (int)rng_below(&l->rng, (uint32_t)count);
    for (int k = 0; k < count && npick < want; k++)
        npick = lns_add(l, npick, r->home[first + (at + k) % count]);
    return npick;
}

/* Adds, up to want, trainees placed at a unit of an option of t0's needs
 * (its needs from one drawn at random) in the weeks from t0's first week
 * to its deadline: those holding the seats t0 needs to end in time. */
static int lns_room(const struct solver_run *r, struct lns *l, int t0,
                    int npick, int want)
{
    const struct solver_problem *p = r->p;
    const struct solver_trainee *pt = &p->trainees[t0];
    int lo = pt->from, hi = pt->deadline;
    int shift = pt->nneeds ? (int)rng_below(&l->rng, (uint32_t)pt->nneeds) : 0;
    for (int i = 0; i < pt->nneeds && npick < want; i++) {
        int n0 = pt->first_need + (i + shift) % pt->nneeds;
        const struct solver_need *pn = &p->needs[n0];
        for (int o = 0; o < pn->noptions && npick < want; o++)
            for (int k = 0; k < pn->options[o].nunits && npick < want; k++) {
                int u = pn->options[o].units[k];
                int first = r->cand_first[u],
                    count = r->cand_first[u + 1] - first;
                int at = count ? (int)rng_below(&l->rng, (uint32_t)count) : 0;
                for (int c = 0; c < count && npick < want; c++) {
                    int n = r->cand[first + (at + c) % count];
                    const struct solver_placement *a = &l->s.at[n];
                    if (a->assigned && a->unit == u && a->start < hi &&
                        a->start + p->needs[n].options[a->option].len > lo)
                        npick = lns_add(l, npick, p->needs[n].trainee);
                }
            }
    }
    return npick;
}

static void lns_shuffle(struct lns *l, int first, int end)
{
    for (int i = end - 1; i > first; i--) {
        int j = first + (int)rng_below(&l->rng, (uint32_t)(i + 1 - first));
        int tmp = l->pick[i];
        l->pick[i] = l->pick[j];
        l->pick[j] = tmp;
    }
}

/* One move; returns 1 if it was kept. */
static int lns_move(struct solver_run *r, struct lns *l, int th)
{
    const struct solver_problem *p = r->p;
    int want = 2 + (int)rng_below(&l->rng, SOLVER_MOVE_MAX - 1);
    if (want > p->ntrainees)
        want = p->ntrainees;
    int t0 = lns_costly(&l->s, &l->rng);
    int npick = lns_add(l, 0, t0), kind = (int)rng_below(&l->rng, 10);
    int mates = 0;
    /* making room is for a trainee who costs something */
    int room = rng_percent(&l->rng, SOLVER_ROOM_PERCENT) && l->s.tscore[t0] > 0;
    if (room) {
        mates = lns_home(r, l, t0, npick, SOLVER_MOVE_MAX);
        npick = lns_room(r, l, t0, mates, SOLVER_MOVE_MAX);
    } else if (kind < 6)
        npick = lns_related(r, l, t0, npick, want);
    else if (kind < 8)
        npick = lns_home(r, l, t0, npick, want);
    for (int tries = 0; npick < 2 && tries < 8 && p->ntrainees > 1; tries++)
        npick =
            lns_add(l, npick, (int)rng_below(&l->rng, (uint32_t)p->ntrainees));
    if (room) {
        /* t0 first, then its home-mates, then those holding seats. */
        lns_shuffle(l, 1, mates);
        lns_shuffle(l, mates, npick);
    } else {
        /* Back in random order, half of the time the costly one first. */
        lns_shuffle(l, rng_percent(&l->rng, 50), npick);
    }
    struct solver__prices pr = {NULL, NULL, 0};
    if (r->guide_seat && rng_percent(&l->rng, SOLVER_GUIDED_PERCENT)) {
        pr.seat = r->guide_seat;
        pr.away = r->guide_away;
    }
    if (rng_percent(&l->rng, SOLVER_JITTER_PERCENT))
        pr.jitter = rng_next(&l->rng) | 1;
    int64_t before = l->s.score;
    for (int i = 0; i < npick; i++) {
        const struct solver_trainee *pt = &p->trainees[l->pick[i]];
        memcpy(l->saved + pt->first_need, l->s.at + pt->first_need,
               (size_t)pt->nneeds * sizeof(*l->saved));
        solver__unplace(&l->s, l->pick[i]);
    }
    for (int i = 0; i < npick; i++) {
        solver__dp_solve(r->dp[th], l->pick[i], &pr, &l->s, l->at);
        solver__place(&l->s, l->pick[i], l->at);
    }
    int kept = l->s.score <= before;
    if (!kept) {
        for (int i = 0; i < npick; i++)
            solver__unplace(&l->s, l->pick[i]);
        for (int i = 0; i < npick; i++)
            solver__place(&l->s, l->pick[i], l->saved);
    }
    for (int i = 0; i < npick; i++)
        l->mark[l->pick[i]] = 0;
    return kept;
}

static void lns_share(struct solver_run *r, int th)
{
    struct lns *l = r->lns[th];
    rng_init(&l->rng,
             r->o->seed * 1000003u + (uint64_t)r->epoch * 7919u + (uint64_t)th);
    solver__state_copy(&l->s, r->from);
    for (int m = 0; m < SOLVER_EPOCH_MOVES; m++) {
        if (r->cancel && atomic_load(r->cancel))
            break;
        /* On large problems an epoch can outlast the time left. */
        if (m % 8 == 7 && solver_elapsed(r) >= r->deadline)
            break;
        lns_move(r, l, th);
    }
}

/* Takes a fifth of the trainees (at least one) out of s at random and puts
 * them back one by one, in random order, whatever the score: a jump out of
 * a local optimum that the search then works on. */
static void lns_perturb(struct solver_run *r, struct solver__state *s,
                        long salt)
{
    const struct solver_problem *p = r->p;
    struct rng g;
    rng_init(&g, r->o->seed * 2654435761u + (uint64_t)salt);
    int n = p->ntrainees, k = n / 5 > 0 ? n / 5 : 1;
    int *order = xmalloc((size_t)n * sizeof(int));
    struct solver_placement *at = r->relaxed[0];
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = 0; i < k; i++) {
        int j = i + (int)rng_below(&g, (uint32_t)(n - i)), tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
        solver__unplace(s, order[i]);
    }
    for (int i = 0; i < k; i++) {
        solver__dp_solve(r->dp[0], order[i], NULL, s, at);
        solver__place(s, order[i], at);
    }
    free(order);
}

/* Sets the prices of guided moves from the bound's best multipliers. */
static void lns_guide(struct solver_run *r)
{
    int any = 0;
    for (size_t i = 0; i < r->cells && !any; i++)
        any = r->best_lam[i] > 0 || r->best_mu[i] > 0;
    if (!any)
        return;
    if (!r->guide_seat) {
        r->guide_seat = xmalloc(r->cells * sizeof(int64_t));
        r->guide_away = xmalloc(r->cells * sizeof(int64_t));
    }
    for (size_t i = 0; i < r->cells; i++) {
        r->guide_seat[i] = (int64_t)(r->best_lam[i] * SOLVER_SCALE);
        r->guide_away[i] = (int64_t)(r->best_mu[i] * SOLVER_SCALE);
    }
}

/*
 * Searches until share of the time limit is used, or patience epochs
 * brought nothing restarts + 1 times: after each of the first restarts
 * times, the search goes on from the best plan with a fifth of it re-made.
 */
static void lns_phase(struct solver_run *r, double share, int patience,
                      int restarts)
{
    const struct solver_problem *p = r->p;
    if (p->ntrainees == 0)
        return;
    r->phase = "improve";
    for (int th = 0; th < r->threads; th++) {
        struct lns *l = xcalloc(1, sizeof(*l));
        l->saved = xcalloc((size_t)p->nneeds + 1, sizeof(*l->saved));
        l->at = xcalloc((size_t)p->nneeds + 1, sizeof(*l->at));
        l->pick = xcalloc((size_t)p->ntrainees + 8, sizeof(int));
        l->mark = xcalloc((size_t)p->ntrainees + 1, sizeof(int));
        r->lns[th] = l;
    }
    lns_guide(r);
    struct solver__state cur = {0};
    solver__state_copy(&cur, &r->best);
    r->from = &cur;
    r->deadline = r->o->time_limit * share;
    int since = 0;
    for (; !solver_stop(r, share); r->epoch++) {
        if (since >= patience) {
            if (restarts-- <= 0)
                break;
            solver__state_copy(&cur, &r->best);
            lns_perturb(r, &cur, r->epoch);
            since = 0;
        }
        solver_parallel(r, lns_share);
        int best = 0;
        for (int th = 1; th < r->threads; th++)
            if (r->lns[th]->s.score < r->lns[best]->s.score)
                best = th;
        r->iterations += SOLVER_EPOCH_MOVES * r->threads;
        if (r->lns[best]->s.score < cur.score) {
            solver__state_copy(&cur, &r->lns[best]->s);
            since = 0;
            if (cur.score < r->best.score)
                solver__state_copy(&r->best, &cur);
        } else {
            since++;
        }
        solver_report(r, 0);
    }
    r->from = NULL;
    solver__state_free(&cur);
    for (int th = 0; th < r->threads; th++) {
        struct lns *l = r->lns[th];
        solver__state_free(&l->s);
        free(l->saved);
        free(l->at);
        free(l->pick);
        free(l->mark);
        free(l);
        r->lns[th] = NULL;
    }
}

/* ---- warm start -----------------------------------------------------------
 *
 * A stored plan after one change (a cancellation, a new need, a leave):
 * trainee by trainee, its placements are kept when they keep the trainee's
 * own rules (rules 1-4) and fit the seats and away limits the trainees
 * before it left; the other trainees are then planned again by the exact
 * DP in the seats left. The result is valid and the search goes on from it.
 */

/* Whether trainee t's placements of at keep its own rules. */
static int warm_trainee_ok(const struct solver_problem *p,
                           const struct solver_placement *at, int t)
{
    const struct solver_trainee *pt = &p->trainees[t];
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        const struct solver_placement *a = &at[n];
        if (pn->fixed &&
            (!a->assigned || a->option != pn->fixed_option ||
             a->unit != pn->fixed_unit || a->start != pn->fixed_start))
            return 0;
        if (!a->assigned)
            continue;
        if (a->option < 0 || a->option >= pn->noptions)
            return 0;
        const struct solver_need_option *po = &pn->options[a->option];
        int unit_ok = 0;
        for (int k = 0; k < po->nunits; k++)
            unit_ok |= po->units[k] == a->unit;
        int s = a->start, e = a->start + po->len;
        if (!unit_ok || !solver__start_ok(p, at, n, a->option, s))
            return 0;
        for (int m = pt->first_need; m < n; m++) {
            const struct solver_placement *b = &at[m];
            if (b->assigned && b->start < e &&
                s < b->start + p->needs[m].options[b->option].len)
                return 0;
        }
    }
    return 1;
}

/* Whether trainee t's unfixed placements of at fit the seats s leaves. */
static int warm_fits(const struct solver__state *s,
                     const struct solver_placement *at, int t)
{
    const struct solver_problem *p = s->p;
    const struct solver_trainee *pt = &p->trainees[t];
    int limited = p->units[pt->home].max_away != SOLVER_NONE;
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
        const struct solver_placement *a = &at[n];
        if (!a->assigned || p->needs[n].fixed)
            continue;
        const struct solver_need_option *po = &p->needs[n].options[a->option];
        const int *res = s->res + (size_t)a->unit * (size_t)p->weeks;
        const int *away = s->away + (size_t)pt->home * (size_t)p->weeks;
        for (int k = 0; k < po->len; k++) {
            int q = solver__occ(po, k), w = a->start + k;
            if (res[w] < q || (limited && away[w] < q))
                return 0;
        }
    }
    return 1;
}

/* Builds r->best from o->warm; returns how many trainees were re-planned. */
static int warm_start(struct solver_run *r, struct solver__state *s)
{
    const struct solver_problem *p = r->p;
    const struct solver_plan *w = r->o->warm;
    if (!w || w->nneeds != p->nneeds)
        return -1;
    int *redo = xmalloc(((size_t)p->ntrainees + 1) * sizeof(int));
    int nredo = 0;
    solver__state_free(s);
    solver__state_init(s, p);
    for (int t = 0; t < p->ntrainees; t++) {
        if (warm_trainee_ok(p, w->at, t) && warm_fits(s, w->at, t))
            solver__place(s, t, w->at);
        else
            redo[nredo++] = t;
    }
    struct solver_placement *at = r->relaxed[0];
    for (int i = 0; i < nredo; i++) {
        solver__dp_solve(r->dp[0], redo[i], NULL, s, at);
        solver__place(s, redo[i], at);
    }
    free(redo);
    return nredo;
}

/* ---- the run --------------------------------------------------------------
 */

static void run_init(struct solver_run *r)
{
    const struct solver_problem *p = r->p;
    r->cells = (size_t)p->nunits * (size_t)p->weeks + 1;
    r->lam = xcalloc(r->cells, sizeof(double));
    r->mu = xcalloc(r->cells, sizeof(double));
    r->best_lam = xcalloc(r->cells, sizeof(double));
    r->best_mu = xcalloc(r->cells, sizeof(double));
    r->dir_lam = xcalloc(r->cells, sizeof(double));
    r->dir_mu = xcalloc(r->cells, sizeof(double));
    r->lam_s = xcalloc(r->cells, sizeof(int64_t));
    r->mu_s = xcalloc(r->cells, sizeof(int64_t));
    r->tcost = xcalloc((size_t)p->ntrainees + 1, sizeof(int64_t));
    for (int th = 0; th < r->threads; th++) {
        r->dp[th] = solver__dp_new(p);
        r->use[th] = xcalloc(r->cells, sizeof(int));
        r->use_away[th] = xcalloc(r->cells, sizeof(int));
        r->relaxed[th] =
            xcalloc((size_t)p->nneeds + 1, sizeof(struct solver_placement));
    }
    r->home_first = xcalloc((size_t)p->nunits + 2, sizeof(int));
    r->home = xcalloc((size_t)p->ntrainees + 1, sizeof(int));
    for (int t = 0; t < p->ntrainees; t++)
        r->home_first[p->trainees[t].home + 1]++;
    for (int u = 0; u < p->nunits; u++)
        r->home_first[u + 1] += r->home_first[u];
    for (int t = 0, *fill = xcalloc((size_t)p->nunits + 1, sizeof(int));
         t <= p->ntrainees; t++) {
        if (t == p->ntrainees) {
            free(fill);
            break;
        }
        int h = p->trainees[t].home;
        r->home[r->home_first[h] + fill[h]++] = t;
    }
    r->cand_first = xcalloc((size_t)p->nunits + 2, sizeof(int));
    for (int pass = 0; pass < 2; pass++) {
        int *fill = pass ? xcalloc((size_t)p->nunits + 1, sizeof(int)) : NULL;
        for (int n = 0; n < p->nneeds; n++)
            for (int o = 0; o < p->needs[n].noptions; o++)
                for (int k = 0; k < p->needs[n].options[o].nunits; k++) {
                    int u = p->needs[n].options[o].units[k];
                    if (pass)
                        r->cand[r->cand_first[u] + fill[u]++] = n;
                    else
                        r->cand_first[u + 1]++;
                }
        if (!pass) {
            for (int u = 0; u < p->nunits; u++)
                r->cand_first[u + 1] += r->cand_first[u];
            r->cand =
                xcalloc((size_t)r->cand_first[p->nunits] + 1, sizeof(int));
        }
        free(fill);
    }
}

static void run_free(struct solver_run *r)
{
    for (int th = 0; th < r->threads; th++) {
        solver__dp_free(r->dp[th]);
        free(r->use[th]);
        free(r->use_away[th]);
        free(r->relaxed[th]);
    }
    free(r->lam);
    free(r->mu);
    free(r->best_lam);
    free(r->best_mu);
    free(r->guide_seat);
    free(r->guide_away);
    solver__master_free(r->master);
    free(r->dir_lam);
    free(r->dir_mu);
    free(r->lam_s);
    free(r->mu_s);
    free(r->tcost);
    free(r->cand);
    free(r->cand_first);
    free(r->home);
    free(r->home_first);
    solver__state_free(&r->best);
    solver__state_free(&r->fixed);
}

/* Copies of the run's best multipliers. */
static void multipliers_keep(const struct solver_run *r,
                             struct solver__multipliers *m)
{
    m->cells = r->cells;
    m->lam = xmalloc(r->cells * sizeof(double));
    m->mu = xmalloc(r->cells * sizeof(double));
    memcpy(m->lam, r->best_lam, r->cells * sizeof(double));
    memcpy(m->mu, r->best_mu, r->cells * sizeof(double));
}

static void multipliers_free(struct solver__multipliers *m)
{
    free(m->lam);
    free(m->mu);
    *m = (struct solver__multipliers){NULL, NULL, 0};
}

static void run_result(struct solver_run *r, struct solver_result *out)
{
    const struct solver_problem *p = r->p;
    memset(out, 0, sizeof(*out));
    out->plan.nneeds = p->nneeds;
    out->plan.at =
        xcalloc((size_t)p->nneeds + 1, sizeof(struct solver_placement));
    memcpy(out->plan.at, r->best.at,
           (size_t)p->nneeds * sizeof(struct solver_placement));
    out->score = solver_plan_score(p, &out->plan);
    out->lower_bound = r->bound < out->score ? r->bound : out->score;
    out->iterations = r->iterations;
    out->cancelled = r->cancel && atomic_load(r->cancel);
    out->reasons = solver__explain_unplaced(p, &r->best);
    solver__explain_bottlenecks(p, r->best_lam, &out->bottlenecks,
                                &out->nbottlenecks);
    out->seconds = solver_elapsed(r);
}

/* ---- measured bottlenecks -------------------------------------------------
 *
 * The multipliers only estimate what a seat is worth. For the first few
 * bottlenecks the gain is measured: from the plan, a short search on the
 * problem with the seat added over the bottleneck's weeks, against the same
 * search (same time, seed and start) on the problem as it is (the control:
 * more search alone also finds better plans). The gain is the control's
 * score less the seat's, at least 0; the control's plan is kept when it is
 * better.
 */
#define SOLVER_MEASURED      5
#define SOLVER_MEASURE_SHARE 0.025 /* of the time limit, per search */

/* The score a short search from plan start reaches on p with one seat more
 * at b's unit and weeks (b NULL: the control, whose plan goes to keep). */
static int64_t measure_one(struct solver_run *r,
                           const struct solver_bottleneck *b,
                           const struct solver_placement *start,
                           struct solver__state *keep)
{
    const struct solver_problem *p = r->p;
    struct solver_problem q = *p;
    int *seats = NULL;
    if (b) {
        q.units = xmalloc(((size_t)p->nunits + 1) * sizeof(*q.units));
        memcpy(q.units, p->units, (size_t)p->nunits * sizeof(*q.units));
        seats = xmalloc(((size_t)p->weeks + 1) * sizeof(int));
        memcpy(seats, p->units[b->unit].seats, (size_t)p->weeks * sizeof(int));
        for (int w = b->from; w < b->to && w < p->weeks; w++)
            seats[w]++;
        q.units[b->unit].seats = seats;
    }
    struct solver_plan from = {(struct solver_placement *)(uintptr_t)start,
                               p->nneeds};
    struct solver_options o = *r->o;
    o.time_limit = r->o->time_limit * SOLVER_MEASURE_SHARE;
    o.warm = &from;
    struct solver_run m = {0};
    m.p = &q;
    m.o = &o;
    m.cancel = r->cancel;
    m.t0 = solver_now();
    m.threads = r->threads;
    m.bound = INT64_MIN;
    m.phase = "improve";
    run_init(&m);
    /* guided as the run's own search: q has p's units and weeks */
    memcpy(m.best_lam, r->best_lam, r->cells * sizeof(double));
    memcpy(m.best_mu, r->best_mu, r->cells * sizeof(double));
    solver__state_init(&m.best, &q);
    solver__state_init(&m.fixed, &q);
    struct solver__state s = {0};
    if (warm_start(&m, &s) >= 0)
        keep_if_better(&m, &s);
    solver__state_free(&s);
    lns_phase(&m, 1.0, 40 + q.ntrainees / 20, 8);
    int64_t score = m.best.score;
    /* keep is a state of p, never of q: q lives on this stack (and is p
     * itself when b is NULL, the only time keep is given). */
    if (keep) {
        if (!keep->p)
            solver__state_init(keep, p);
        solver__state_copy(keep, &m.best);
    }
    run_free(&m);
    if (b) {
        free(seats);
        free(q.units);
    }
    return score;
}

/* The control search; returns its score and keeps its plan if better. */
static int64_t measure_control(struct solver_run *r,
                               struct solver_placement *start)
{
    const struct solver_problem *p = r->p;
    memcpy(start, r->best.at, (size_t)p->nneeds * sizeof(*start));
    struct solver__state c = {0};
    int64_t score = measure_one(r, NULL, start, &c);
    keep_if_better(r, &c);
    solver__state_free(&c);
    return score;
}

static void measure_bottlenecks(struct solver_run *r, int64_t control,
                                const struct solver_placement *start,
                                struct solver_result *out)
{
    for (int i = 0; i < out->nbottlenecks && i < SOLVER_MEASURED; i++) {
        if (r->cancel && atomic_load(r->cancel))
            break;
        int64_t s = measure_one(r, &out->bottlenecks[i], start, NULL);
        out->bottlenecks[i].measured = control > s ? control - s : 0;
    }
    out->seconds = solver_elapsed(r);
}

/* A bound of a problem alone (solve_bound): what goes in and comes out. */
struct bound_job {
    /* in: a score no better than the problem's optimum (0: none), and
     * where the multipliers start (NULL: the aggregate bound's prices) */
    int64_t target;
    const struct solver__multipliers *start;
    /* out: the bound (0 at least), the best multipliers, and the
     * relaxation's plan at them */
    int64_t bound;
    struct solver__multipliers keep;
    struct solver_plan relaxed;
};

/* Starts run r of p: its workspaces, the fixed needs placed, and first
 * come, first served as the best plan so far. With j, a bound alone
 * (solve_bound). */
static void run_begin(struct solver_run *r, const struct solver_problem *p,
                      const struct solver_options *o,
                      solver_progress_fn progress, void *ctx,
                      const atomic_int *cancel, const struct bound_job *j)
{
    r->p = p;
    r->o = o;
    r->progress = progress;
    r->ctx = ctx;
    r->cancel = cancel;
    r->t0 = solver_now();
    r->threads = o->threads < 1                    ? 1
                 : o->threads > SOLVER_THREADS_MAX ? SOLVER_THREADS_MAX
                                                   : o->threads;
    r->bound = INT64_MIN;
    r->phase = j ? "bound" : "construct";
    r->bound_only = j != NULL;
    r->target = j ? j->target : 0;
    r->start = j ? j->start : NULL;
    run_init(r);
    solver__state_init(&r->best, p);
    solver__state_init(&r->fixed, p);
    solver__fcfs(&r->best);
}

/* The search on p, a problem of seats alone (no group options); keep, when
 * given, gets the bound's best multipliers. */
static int solve_plain(const struct solver_problem *p,
                       const struct solver_options *o,
                       solver_progress_fn progress, void *ctx,
                       const atomic_int *cancel, struct solver_result *out,
                       struct solver__multipliers *keep)
{
    struct solver_run r = {0};
    run_begin(&r, p, o, progress, ctx, cancel, NULL);
    if (o->method != SOLVER_FCFS) {
        struct solver__state s = {0};
        /* From a stored plan, the plan built from scratch is no match and
         * on a region costs seconds: it is skipped. */
        if (warm_start(&r, &s) >= 0) {
            keep_if_better(&r, &s);
        } else {
            construct(&r, 0, &s);
            keep_if_better(&r, &s);
        }
        solver__state_free(&s);
        solver_report(&r, 1);
        lns_phase(&r, 0.1, 10, 0);
        if (o->method == SOLVER_COLGEN) {
            bound_phase(&r, 0.3);
            cg_phase(&r, 0.6);
            home_phase(&r, 0.7);
        } else {
            bound_phase(&r, 0.5);
            home_phase(&r, 0.6);
        }
        lns_phase(&r, 1.0 - (SOLVER_MEASURED + 1) * SOLVER_MEASURE_SHARE,
                  40 + p->ntrainees / 20, 8);
    } else {
        r.bound = 0;
    }
    if (r.bound < 0)
        r.bound = 0; /* every score is >= 0 */
    struct solver_placement *start = NULL;
    int64_t control = 0;
    if (o->method != SOLVER_FCFS) {
        start = xcalloc((size_t)p->nneeds + 1, sizeof(*start));
        control = measure_control(&r, start);
    }
    run_result(&r, out);
    if (start)
        measure_bottlenecks(&r, control, start, out);
    free(start);
    if (keep)
        multipliers_keep(&r, keep);
    r.phase = "done";
    solver_report(&r, 1);
    run_free(&r);
    return 0;
}

/*
 * A lower bound of p alone for the whole time limit: the search's bound
 * phase (and column generation with SOLVER_COLGEN) without building plans,
 * its steps aimed at j->target. Progress as the search's.
 */
static void solve_bound(const struct solver_problem *p,
                        const struct solver_options *o,
                        solver_progress_fn progress, void *ctx,
                        const atomic_int *cancel, struct bound_job *j)
{
    struct solver_run r = {0};
    run_begin(&r, p, o, progress, ctx, cancel, j);
    if (o->method == SOLVER_COLGEN) {
        bound_phase(&r, 0.4);
        cg_phase(&r, 0.8);
    } else {
        bound_phase(&r, 0.8);
    }
    home_phase(&r, 1.0);
    j->bound = r.bound > 0 ? r.bound : 0;
    /* The relaxation at the best multipliers, for the caller to read (none
     * when cancelled: nothing more is asked of a cancelled run). */
    memcpy(r.lam, r.best_lam, r.cells * sizeof(double));
    memcpy(r.mu, r.best_mu, r.cells * sizeof(double));
    if (!(cancel && atomic_load(cancel)))
        bound_eval(&r);
    j->relaxed.nneeds = p->nneeds;
    j->relaxed.at = xcalloc((size_t)p->nneeds + 1, sizeof(*j->relaxed.at));
    for (int t = 0; t < p->ntrainees; t++) {
        const struct solver_trainee *pt = &p->trainees[t];
        memcpy(&j->relaxed.at[pt->first_need],
               &r.relaxed[t % r.threads][pt->first_need],
               (size_t)pt->nneeds * sizeof(*j->relaxed.at));
    }
    multipliers_keep(&r, &j->keep);
    run_free(&r);
}

/* The extended path's progress: each part's figures made the whole run's
 * (seconds from the run's start; the part's bound only when it is one of
 * the problem's, else the best such so far). */
struct ext_progress {
    solver_progress_fn fn;
    void *ctx;
    double seconds0; /* when the part began */
    int64_t best;    /* the plan's score; 0: the part's own */
    int64_t bound;   /* the best bound of the problem so far */
    int own_bound;   /* 1: the part's bound is one of the problem's */
};

static void ext_report(const struct solver_progress *pr, void *arg)
{
    const struct ext_progress *x = arg;
    if (strcmp(pr->phase, "done") == 0)
        return; /* a part's end: the whole run reports its own */
    struct solver_progress q = *pr;
    q.seconds += x->seconds0;
    if (x->best > 0)
        q.best = x->best;
    if (!x->own_bound || q.bound < x->bound)
        q.bound = x->bound;
    if (q.bound > q.best)
        q.bound = q.best;
    x->fn(&q, x->ctx);
}

/*
 * The bound of a problem with group options, in the time left: runs on the
 * bound view (groups relaxed to one pooled unit per unit), the first from
 * the search's multipliers (start, on the units the views share). When a
 * member has a price, the time is halved: after the first run, a second
 * prices every member when the pooled relaxation holds more members than
 * all groups have places (solver__bound_view in search.h), else continues
 * the first. The better bound wins.
 */
static int64_t bound_of_groups(const struct solver_problem *p,
                               const struct solver_options *o, double left,
                               int64_t score, struct solver__multipliers *start,
                               struct ext_progress *x, const atomic_int *cancel)
{
    int places = solver__group_places(p);
    int price = solver__group_price(p);
    struct solver_options bo = *o;
    bo.warm = NULL;
    int64_t bound = 0;
    double t0 = solver_now(), seconds0 = x->seconds0;
    int priced = 0;
    for (int run = 0; run < 2; run++) {
        bo.time_limit =
            run == 0 && price > 0 ? left / 2 : left - (solver_now() - t0);
        if (bo.time_limit <= 0 || (cancel && atomic_load(cancel)))
            break;
        int64_t less = priced ? (int64_t)price * places : 0;
        struct solver_problem *bv = solver__bound_view(p, priced ? price : 0);
        struct bound_job j = {.target = score + less, .start = start};
        x->seconds0 = seconds0 + (solver_now() - t0);
        x->bound = bound;
        x->own_bound = !priced;
        solve_bound(bv, &bo, x->fn ? ext_report : NULL, x, cancel, &j);
        bound = j.bound - less > bound ? j.bound - less : bound;
        priced = price > 0 && solver__group_members(p, &j.relaxed) > places;
        multipliers_free(start);
        *start = j.keep;
        solver_plan_free(&j.relaxed);
        solver__bound_view_free(p, bv);
        if (price <= 0)
            break;
    }
    return bound;
}

/*
 * A problem with gaffel groups or budgets (groups.c): the search on the seat
 * view, then the hard budgets and the groups on its plan. The seat view's
 * bound is a bound of the problem without its budgets (a relaxation) while
 * no option is a group option; with one, the search has five sixths of the
 * time and the bound of the bound view the rest (bound_of_groups). Fixed
 * group members are kept off the seats by the seat view and given back.
 */
static int solve_extended(const struct solver_problem *p,
                          const struct solver_options *o,
                          solver_progress_fn progress, void *ctx,
                          const atomic_int *cancel, struct solver_result *out)
{
    double t0 = solver_now();
    int group_options = 0;
    for (int n = 0; n < p->nneeds; n++)
        for (int k = 0; k < p->needs[n].noptions; k++)
            group_options |= p->needs[n].options[k].group;
    int bound_runs = group_options && o->method != SOLVER_FCFS;
    /* No bound is known until a part reports one of the problem's. */
    struct ext_progress x = {progress, ctx, 0, 0, INT64_MIN, !group_options};
    struct solver_options so = *o;
    if (bound_runs)
        so.time_limit = o->time_limit - o->time_limit / 6;
    struct solver_problem *view = solver__seat_view(p);
    /* A warm plan of p: its fixed group members where the view has them. */
    struct solver_plan warm = {NULL, 0};
    if (o->warm && view->nunits > p->nunits) {
        warm.nneeds = o->warm->nneeds;
        warm.at = xcalloc((size_t)warm.nneeds + 1, sizeof(*warm.at));
        memcpy(warm.at, o->warm->at, (size_t)warm.nneeds * sizeof(*warm.at));
        for (int n = 0; n < p->nneeds && n < warm.nneeds; n++)
            if (p->needs[n].fixed && p->needs[n].fixed_group >= 0) {
                warm.at[n].unit = view->needs[n].fixed_unit;
                warm.at[n].group = 0;
            }
        so.warm = &warm;
    }
    struct solver__multipliers ended = {NULL, NULL, 0};
    solve_plain(view, &so, progress ? ext_report : NULL, &x, cancel, out,
                bound_runs ? &ended : NULL);
    free(warm.at);
    /* The view's own unit of fixed group members is no bottleneck. */
    int kept = 0;
    for (int i = 0; i < out->nbottlenecks; i++)
        if (out->bottlenecks[i].unit < p->nunits)
            out->bottlenecks[kept++] = out->bottlenecks[i];
    out->nbottlenecks = kept;
    solver__seat_view_return(p, &out->plan);
    solver__seat_view_free(p, view);
    solver__place_groups(p, &out->plan, cancel);
    if (!out->reasons)
        out->reasons = xcalloc((size_t)p->nneeds + 1, sizeof(*out->reasons));
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        if (out->plan.at[n].assigned) {
            free(out->reasons[n]);
            out->reasons[n] = NULL;
        } else if (!out->reasons[n] &&
                   p->units[p->trainees[pn->trainee].home].budget_weight ==
                       SOLVER_NONE &&
                   p->units[p->trainees[pn->trainee].home].budget_amount !=
                       SOLVER_NONE) {
            /* Placed by the search, given up for a hard budget. */
            out->reasons[n] = solver__explain_budget(p, n);
        }
    }
    out->score = solver_plan_score(p, &out->plan);
    if (group_options)
        out->lower_bound = 0;
    if (bound_runs) {
        /* Only the units both views share keep their multipliers. */
        ended.cells = (size_t)p->nunits * (size_t)p->weeks;
        x.best = out->score;
        x.seconds0 = solver_now() - t0;
        out->lower_bound = bound_of_groups(p, o, o->time_limit - x.seconds0,
                                           out->score, &ended, &x, cancel);
        out->seconds = solver_now() - t0;
    }
    multipliers_free(&ended);
    if (out->lower_bound > out->score)
        out->lower_bound = out->score;
    if (progress) {
        struct solver_progress done = {"done", solver_now() - t0, out->score,
                                       out->lower_bound, out->iterations};
        progress(&done, ctx);
    }
    return 0;
}

int solver_solve(const struct solver_problem *p, const struct solver_options *o,
                 solver_progress_fn progress, void *ctx,
                 const atomic_int *cancel, struct solver_result *out,
                 struct err_info *ei)
{
    (void)ei;
    if (p->extended)
        return solve_extended(p, o, progress, ctx, cancel, out);
    return solve_plain(p, o, progress, ctx, cancel, out, NULL);
}

void solver_result_free(struct solver_result *r)
{
    for (int n = 0; r->reasons && n < r->plan.nneeds; n++)
        free(r->reasons[n]);
    free(r->reasons);
    free(r->bottlenecks);
    solver_plan_free(&r->plan);
    memset(r, 0, sizeof(*r));
}
