/*
 * Plan jobs and the worker that solves the runs queued in the database
 * (job.h).
 */
#include "plan/job.h"

#include "domain/week.h"
#include "plan/problem.h"
#include "plan/scenario.h"
#include "plan/warm.h"
#include "solver/solver.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/ticker.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Progress goes to the database at most this often (seconds). */
#define PLAN_TICK 0.5
/* How often an idle worker looks for runs queued by other processes. */
#define PLAN_POLL_SECONDS 5
/* A run still running this long past its time limit has lost its process. */
#define PLAN_GRACE_SECONDS 300

int plan_this_week(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    struct date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return week_from_date(d);
}

/* ---- the job ---- */

static double plan_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct plan_exec {
    struct store *s;
    int64_t id;
    atomic_int *cancel;
    double last; /* when progress was last written */
    plan_job_tick *tick;
    void *ctx;
};

/* The solver's progress: to the caller, and now and then to the run. */
static void plan_progress(const struct solver_progress *pr, void *arg)
{
    struct plan_exec *x = arg;
    if (x->tick)
        x->tick(pr, x->ctx);
    double now = plan_clock();
    if (now - x->last < PLAN_TICK && strcmp(pr->phase, "done") != 0)
        return;
    x->last = now;
    int cancel = 0;
    struct err_info ei = {0};
    /* A failed write (the database busy) is retried at the next report. */
    if (store_plan_run_progress(
            x->s, x->id, pr->phase, pr->seconds,
            pr->best == INT64_MAX ? STORE_NO_SCORE : pr->best,
            pr->bound == INT64_MIN ? STORE_NO_SCORE : pr->bound, pr->iterations,
            &cancel, &ei) == 0 &&
        cancel)
        atomic_store(x->cancel, 1);
}

/* Builds run id's problem, loads it for the solver and stores it. */
static int plan_build(struct store *s, const struct plan_run *run,
                      int start_week, struct solver_problem **p,
                      struct err_info *ei)
{
    struct plan_scope scope = {run->region_id, run->specialty.id, start_week,
                               0};
    struct buf problem = BUF_INIT(0), left = BUF_INIT(0);
    struct plan_built info;
    int rc = plan_problem_open(s, &scope, p, &problem, &left, &info, ei);
    if (rc == 0)
        rc = store_plan_run_set_problem(s, run->id, start_week, &info,
                                        problem.data, left.data, ei);
    buf_release(&problem);
    buf_release(&left);
    return rc;
}

int plan_job_run(struct store *s, int64_t id, int start_week,
                 atomic_int *cancel, plan_job_tick *tick, void *ctx,
                 struct err_info *ei)
{
    struct plan_run run;
    int rc = store_plan_run_get(s, id, &run, ei);
    if (rc)
        return rc;
    struct solver_problem *p = NULL;
    struct solver_result r;
    struct solver_options o = {.method = SOLVER_OPTIMISE,
                               .time_limit = run.time_limit,
                               .seed = (uint64_t)run.seed,
                               .threads = run.threads,
                               .warm = NULL};
    struct buf plan = BUF_INIT(0);
    int solved = 0;
    rc = plan_build(s, &run, start_week, &p, ei);
    /* The scope's last stored plan carried over to this problem, for the
     * optimiser to start from; never required (none, or unreadable: it
     * starts from nothing). */
    struct solver_plan warm = {0};
    int warm_kept = 0;
    if (rc == 0) {
        struct plan_scope scope = {run.region_id, run.specialty.id, start_week,
                                   0};
        struct err_info wi = {0};
        if (plan_warm_read(s, &scope, id, p, &warm, &warm_kept, &wi) != 0)
            warm_kept = 0;
    }
    /* Incremental re-planning (issue 16): the optimiser keeps what still
     * holds of the stored plan and plans the rest again. */
    o.warm = warm_kept > 0 ? &warm : NULL;
    if (rc == 0) {
        struct plan_exec x = {s, id, cancel, plan_clock(), tick, ctx};
        rc = solver_solve(p, &o, plan_progress, &x, cancel, &r, ei);
        solved = rc == 0;
    }
    if (rc == 0) {
        int ignored = 0;
        solver_plan_json(p, &o, &r, &plan);
        store_plan_run_progress(s, id, "done", r.seconds, r.score,
                                r.lower_bound, r.iterations, &ignored, ei);
        rc = store_plan_run_finish(s, id,
                                   r.cancelled ? PLAN_CANCELLED : PLAN_DONE,
                                   plan.data, r.score, r.lower_bound, NULL, ei);
    } else {
        struct err_info e2 = {0};
        store_plan_run_finish(s, id, PLAN_FAILED, NULL, 0, 0, ei->msg, &e2);
    }
    if (solved)
        solver_result_free(&r);
    buf_release(&plan);
    solver_plan_free(&warm);
    solver_problem_free(p);
    return rc;
}

/* ---- the worker: one ticker ---- */

struct plan_worker {
    struct store *store; /* the worker's own connection */
    struct ticker *ticker;
    atomic_llong current; /* the run being solved, 0 for none */
    atomic_int cancel;
};

/* The worker's round: solves the oldest queued run, if any, and answers 1
 * when it ran one (another may wait). */
static int worker_one(struct ticker *t, void *arg)
{
    struct plan_worker *pl = arg;
    struct err_info ei = {0};
    int64_t queued = 0, running = 0;
    /* A cheap read first: the claim takes the write lock. */
    int rc = store_plan_run_active(pl->store, &queued, &running, &ei);
    /* No plan run waits: a what-if scenario may (issue 18). */
    if (rc == 0 && queued == 0 && running == 0)
        return plan_scenario_work(pl->store, plan_this_week());
    struct plan_run run;
    if (rc == 0)
        rc = store_plan_run_claim(pl->store, PLAN_GRACE_SECONDS, &run, &ei);
    if (rc) {
        if (rc != ERR_NOTFOUND)
            log_error("planner: %s", ei.msg);
        return 0;
    }
    /* In this order: a cancel of this run seen after the reset holds, and
     * a stop halted before the reset is seen here (plan_worker_stop). */
    atomic_store(&pl->cancel, 0);
    atomic_store(&pl->current, run.id);
    if (ticker_stopping(t))
        atomic_store(&pl->cancel, 1);
    /* Which process ran which run: with several servers on one database,
     * any one's planner may claim a run queued through another. */
    log_info("planner: solving plan run %lld", (long long)run.id);
    if (plan_job_run(pl->store, run.id, plan_this_week(), &pl->cancel, NULL,
                     NULL, &ei) != 0)
        log_error("plan run %lld failed: %s", (long long)run.id, ei.msg);
    else
        log_info("planner: plan run %lld ended", (long long)run.id);
    atomic_store(&pl->current, 0);
    return 1;
}

int plan_worker_start(const char *db_path, struct plan_worker **out,
                      struct err_info *ei)
{
    struct plan_worker *pl = xcalloc(1, sizeof(*pl));
    int rc = store_open(db_path, 0, &pl->store, ei);
    if (rc) {
        free(pl);
        return rc;
    }
    store_set_actor(pl->store, "randa serve (planner)");
    atomic_init(&pl->cancel, 0);
    atomic_init(&pl->current, 0);
    if (ticker_start(PLAN_POLL_SECONDS, worker_one, pl, &pl->ticker) != 0) {
        store_close(pl->store);
        free(pl);
        return err_set(ei, ERR_IO, "", "cannot start the planner's thread");
    }
    *out = pl;
    return 0;
}

void plan_worker_stop(struct plan_worker *pl)
{
    if (!pl)
        return;
    /* The stop first, then the cancel: worker_one resets the cancel only
     * before it looks at the stop. */
    ticker_halt(pl->ticker);
    atomic_store(&pl->cancel, 1);
    ticker_stop(pl->ticker);
    store_close(pl->store);
    free(pl);
}

void plan_worker_poke(struct plan_worker *pl)
{
    ticker_poke(pl->ticker);
}

void plan_worker_cancel(struct plan_worker *pl, int64_t id)
{
    if (atomic_load(&pl->current) == id)
        atomic_store(&pl->cancel, 1);
}
