/*
 * Plan jobs: a plan run solved from its problem to its stored plan, and the
 * worker, the one thread of a server that solves the runs queued in the
 * database (never an HTTP thread). `randa serve` starts the worker;
 * `randa plan --db` runs one job in its own process.
 */
#ifndef RANDA_PLAN_JOB_H
#define RANDA_PLAN_JOB_H

#include "util/err.h"

#include <stdatomic.h>
#include <stdint.h>

struct solver_progress;
struct store;

/* Gets every progress report of a job's solver (ctx passed on). */
typedef void plan_job_tick(const struct solver_progress *pr, void *ctx);

/*
 * Solves plan run id, which the caller created or claimed (status
 * running), to its end: builds the problem from the database with week 0
 * at start_week, runs the optimiser with the run's options, writes its
 * progress to the run at most twice a second, stops early when *cancel is
 * set or someone cancels the run (from any process), and stores the plan
 * (done or cancelled) or the failure. tick, when not NULL, also gets every
 * progress report. Returns 0, or the failure (in ei) that the run was
 * marked failed with.
 */
int plan_job_run(struct store *s, int64_t id, int start_week,
                 atomic_int *cancel, plan_job_tick *tick, void *ctx,
                 struct err_info *ei);

/* The ISO week of today (the local date) as a serial: week 0 of a run. */
int plan_this_week(void);

/* The worker: its own store connection and thread. */
struct plan_worker;

/* Opens db_path for the worker and starts its thread. */
int plan_worker_start(const char *db_path, struct plan_worker **out,
                      struct err_info *ei);
/* Stops the run being solved (it keeps its best plan) and the thread;
 * NULL is a no-op. */
void plan_worker_stop(struct plan_worker *w);
/* Wakes the worker: a run was queued. */
void plan_worker_poke(struct plan_worker *w);
/* Stops run id at once if this worker is solving it. */
void plan_worker_cancel(struct plan_worker *w, int64_t id);

#endif
