/*
 * Plan runs: starting the optimiser on the region's open needs, following
 * its progress, cancelling it, reading the proposal and turning chosen
 * proposals into booking requests; and the planner, the one worker thread
 * that solves the runs queued in the database (never an HTTP thread).
 */
#include "api/api_impl.h"

#include "solver/solver.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds a run may take by default, and at most, when asked over HTTP. */
#define PLAN_TIME_DEFAULT 20
#define PLAN_TIME_MAX     600
/* Solver threads of a run started over HTTP: the server's other work
 * keeps the rest of the machine. */
#define PLAN_THREADS 1
/* Runs that may wait at once; more is refused (409) rather than queued. */
#define PLAN_QUEUE_MAX 8
/* Progress goes to the database at most this often (seconds). */
#define PLAN_TICK 0.5
/* How often an idle worker looks for runs queued by other processes. */
#define PLAN_POLL_SECONDS 5
/* A run still running this long past its time limit has lost its process. */
#define PLAN_GRACE_SECONDS 300
/* The largest seed accepted: what JSON numbers hold exactly. */
#define PLAN_SEED_MAX 9007199254740991LL
/* Needs one apply may turn into requests. */
#define PLAN_APPLY_MAX 2000

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
    api_plan_tick *tick;
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

/* Builds run id's problem, stores it and loads it for the solver. */
static int plan_build(struct store *s, const struct plan_run *run,
                      int start_week, struct problem **p, struct err_info *ei)
{
    struct plan_scope scope = {run->region_id, run->specialty.id, start_week,
                               0};
    struct buf problem = BUF_INIT(0), left = BUF_INIT(0);
    struct plan_built info;
    int rc = store_plan_problem(s, &scope, &problem, &left, &info, ei);
    if (rc == 0)
        rc = store_plan_run_set_problem(s, run->id, start_week, &info,
                                        problem.data, left.data, ei);
    /* The builder promises a valid problem: a refusal here is a bug, said
     * as such rather than blamed on the user. */
    if (rc == 0 && problem_load(problem.data, problem.len, p, ei) != 0) {
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", ei->msg);
        rc = err_set(ei, ERR_DB, "", "the problem built is invalid: %.200s",
                     msg);
    }
    buf_release(&problem);
    buf_release(&left);
    return rc;
}

int api_plan_execute(struct store *s, int64_t id, int start_week,
                     atomic_int *cancel, api_plan_tick *tick, void *ctx,
                     struct err_info *ei)
{
    struct plan_run run;
    int rc = store_plan_run_get(s, id, &run, ei);
    if (rc)
        return rc;
    struct problem *p = NULL;
    struct solver_result r;
    struct solver_options o = {SOLVER_OPTIMISE, run.time_limit,
                               (uint64_t)run.seed, run.threads, NULL};
    struct buf plan = BUF_INIT(0);
    int solved = 0;
    rc = plan_build(s, &run, start_week, &p, ei);
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
    problem_free(p);
    return rc;
}

/* ---- the planner: one worker thread ---- */

struct api_planner {
    struct store *store; /* the worker's own connection */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop, poked;
    int64_t current; /* the run being solved, 0 for none */
    atomic_int cancel;
};

/* Solves the oldest queued run, if any: 1 when it ran one. */
static int planner_one(struct api_planner *pl)
{
    struct err_info ei = {0};
    int64_t queued = 0, running = 0;
    /* A cheap read first: the claim takes the write lock. */
    int rc = store_plan_run_active(pl->store, &queued, &running, &ei);
    if (rc == 0 && queued == 0 && running == 0)
        return 0;
    struct plan_run run;
    if (rc == 0)
        rc = store_plan_run_claim(pl->store, PLAN_GRACE_SECONDS, &run, &ei);
    if (rc) {
        if (rc != ERR_NOTFOUND)
            log_error("planner: %s", ei.msg);
        return 0;
    }
    pthread_mutex_lock(&pl->lock);
    pl->current = run.id;
    if (!pl->stop)
        atomic_store(&pl->cancel, 0);
    pthread_mutex_unlock(&pl->lock);
    /* Which process ran which run: with several servers on one database,
     * any one's planner may claim a run queued through another. */
    log_info("planner: solving plan run %lld", (long long)run.id);
    if (api_plan_execute(pl->store, run.id, api_this_week(), &pl->cancel, NULL,
                         NULL, &ei) != 0)
        log_error("plan run %lld failed: %s", (long long)run.id, ei.msg);
    else
        log_info("planner: plan run %lld ended", (long long)run.id);
    pthread_mutex_lock(&pl->lock);
    pl->current = 0;
    pthread_mutex_unlock(&pl->lock);
    return 1;
}

static void *planner_main(void *arg)
{
    struct api_planner *pl = arg;
    pthread_mutex_lock(&pl->lock);
    while (!pl->stop) {
        pl->poked = 0;
        pthread_mutex_unlock(&pl->lock);
        int ran = planner_one(pl);
        pthread_mutex_lock(&pl->lock);
        if (ran || pl->stop || pl->poked)
            continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += PLAN_POLL_SECONDS;
        while (!pl->stop && !pl->poked &&
               pthread_cond_timedwait(&pl->wake, &pl->lock, &until) !=
                   ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&pl->lock);
    return NULL;
}

int api_planner_start(const char *db_path, struct api_planner **out,
                      struct err_info *ei)
{
    struct api_planner *pl = xcalloc(1, sizeof(*pl));
    int rc = store_open(db_path, 0, &pl->store, ei);
    if (rc) {
        free(pl);
        return rc;
    }
    store_set_actor(pl->store, "randa serve (planner)");
    atomic_init(&pl->cancel, 0);
    pthread_mutex_init(&pl->lock, NULL);
    pthread_cond_init(&pl->wake, NULL);
    if (pthread_create(&pl->thread, NULL, planner_main, pl) != 0) {
        pthread_cond_destroy(&pl->wake);
        pthread_mutex_destroy(&pl->lock);
        store_close(pl->store);
        free(pl);
        return err_set(ei, ERR_IO, "", "cannot start the planner's thread");
    }
    *out = pl;
    return 0;
}

void api_planner_stop(struct api_planner *pl)
{
    if (!pl)
        return;
    pthread_mutex_lock(&pl->lock);
    pl->stop = 1;
    atomic_store(&pl->cancel, 1);
    pthread_cond_signal(&pl->wake);
    pthread_mutex_unlock(&pl->lock);
    pthread_join(pl->thread, NULL);
    pthread_cond_destroy(&pl->wake);
    pthread_mutex_destroy(&pl->lock);
    store_close(pl->store);
    free(pl);
}

void api_planner_poke(struct api_planner *pl)
{
    pthread_mutex_lock(&pl->lock);
    pl->poked = 1;
    pthread_cond_signal(&pl->wake);
    pthread_mutex_unlock(&pl->lock);
}

void api_planner_cancel(struct api_planner *pl, int64_t id)
{
    pthread_mutex_lock(&pl->lock);
    if (pl->current == id)
        atomic_store(&pl->cancel, 1);
    pthread_mutex_unlock(&pl->lock);
}

/* ---- JSON ---- */

/* A score, or null when there is none yet. */
static json_t *plan_json_score(int64_t v)
{
    return v == STORE_NO_SCORE ? json_null() : json_integer(v);
}

/* Seconds to the millisecond: more digits tell nothing. */
static double plan_seconds(double s)
{
    return (double)(int64_t)(s * 1000 + 0.5) / 1000;
}

/* (best - bound) / best, or null while either is unknown. */
static json_t *plan_gap(int64_t best, int64_t bound)
{
    if (best == STORE_NO_SCORE || bound == STORE_NO_SCORE)
        return json_null();
    if (best <= 0)
        return json_real(0);
    double gap = (double)(best - bound) / (double)best;
    return json_real(gap < 0 ? 0 : gap);
}

static json_t *plan_run_json(const struct plan_run *r)
{
    json_t *horizon = json_null();
    if (r->horizon_start != STORE_NONE && r->horizon_weeks > 0)
        horizon = json_pack("{s:o, s:o, s:i}", "start_week",
                            api_week(r->horizon_start), "end_week",
                            api_week(r->horizon_start + r->horizon_weeks - 1),
                            "weeks", r->horizon_weeks);
    return json_pack(
        "{s:I, s:s, s:s, s:{s:I, s:s, s:s}, s:o, s:s, s:o, s:o, s:f, s:I, "
        "s:{s:f, s:o, s:o, s:o, s:I}, s:o, s:o, s:o, s:i, s:i, s:i, s:i, "
        "s:o}",
        "id", (json_int_t)r->id, "status",
        vocab_name(&store_plan_status, r->status), "phase", r->phase, "region",
        "id", (json_int_t)r->region_id, "code", r->region_code, "name",
        r->region_name, "specialty", api_specialty_ref(&r->specialty),
        "created_at", r->created_at, "started_at", api_opt_text(r->started_at),
        "finished_at", api_opt_text(r->finished_at), "time_limit",
        r->time_limit, "seed", (json_int_t)r->seed, "progress", "seconds",
        plan_seconds(r->seconds), "best", plan_json_score(r->best), "bound",
        plan_json_score(r->bound), "gap", plan_gap(r->best, r->bound),
        "iterations", (json_int_t)r->iterations, "score",
        plan_json_score(r->score), "lower_bound",
        plan_json_score(r->lower_bound), "horizon", horizon, "needs", r->needs,
        "assigned", r->assigned, "fixed", r->fixed, "unplaced", r->unplaced,
        "error", api_opt_text(r->error));
}

/* A unit {id, name}, or null for none. */
static json_t *plan_unit(int64_t id, const char *name)
{
    return id ? json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", name)
              : json_null();
}

static json_t *plan_item_json(const struct plan_item *it)
{
    json_t *booking = json_null();
    const struct booking *b = &it->booking;
    if (b->id)
        booking = json_pack(
            "{s:I, s:o, s:o, s:o, s:s, s:i, s:s}", "id", (json_int_t)b->id,
            "unit", plan_unit(b->unit_id, it->booking_unit_name), "start_week",
            api_week(b->start_week), "end_week", api_week_last(b->end_week),
            "pattern", pattern_name(b->pattern), "weeks", b->weeks, "status",
            vocab_name(&vocab_booking_status, b->status));
    int placed = it->status != PLAN_ITEM_UNPLACED;
    return json_pack(
        "{s:I, s:{s:I, s:s}, s:o, s:o, s:o, s:o, s:o, s:i, s:s, s:o, s:o}",
        "need_id", (json_int_t)it->need_id, "trainee", "id",
        (json_int_t)it->trainee_id, "name", it->trainee_name, "specialty",
        api_specialty_ref(&it->specialty), "unit",
        plan_unit(it->unit_id, it->unit_name), "start_week",
        placed ? api_week(it->start_week) : json_null(), "end_week",
        placed ? api_week_last(it->end_week) : json_null(), "pattern",
        placed ? json_string(pattern_name((enum pattern)it->pattern))
               : json_null(),
        "weeks", it->weeks, "status",
        vocab_name(&store_plan_item_status, it->status), "reason",
        api_opt_text(it->reason), "booking", booking);
}

static json_t *plan_proposal_json(const struct plan_proposal *p)
{
    json_t *items = json_array(), *bottlenecks = json_array();
    for (int i = 0; i < p->nitems; i++)
        json_array_append_new(items, plan_item_json(&p->items[i]));
    for (int i = 0; i < p->nbottlenecks; i++) {
        const struct plan_bottleneck *b = &p->bottlenecks[i];
        json_array_append_new(bottlenecks,
                              json_pack("{s:o, s:o, s:o, s:I}", "unit",
                                        plan_unit(b->unit_id, b->unit_name),
                                        "from_week", api_week(b->from_week),
                                        "to_week", api_week_last(b->to_week),
                                        "gain", (json_int_t)b->gain));
    }
    return json_pack("{s:I, s:{s:o, s:o, s:i}, s:o, s:o}", "run_id",
                     (json_int_t)p->run_id, "horizon", "start_week",
                     api_week(p->start_week), "end_week",
                     api_week(p->start_week + p->weeks - 1), "weeks", p->weeks,
                     "items", items, "bottlenecks", bottlenecks);
}

/* ---- reading a request ---- */

/* Field name as an id or a code (find looks codes up); null: none. */
static int plan_field_ref(json_t *body, const char *name, int64_t *out,
                          int (*find)(struct store *, const char *, int64_t *,
                                      struct err_info *),
                          int (*exists)(struct store *, int64_t),
                          struct store *s, struct err_info *ei)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return 0;
    if (json_is_integer(v) && json_integer_value(v) >= 1) {
        *out = json_integer_value(v);
        if (!exists(s, *out))
            return err_set(ei, ERR_INVAL, name, "%s: no %s with id %lld", name,
                           name, (long long)*out);
        return 0;
    }
    if (json_is_string(v) && json_string_length(v) > 0 &&
        json_string_length(v) < STORE_CODE_MAX) {
        int rc = find(s, json_string_value(v), out, ei);
        if (rc == ERR_NOTFOUND)
            return err_set(ei, ERR_INVAL, name, "%s: no %s with code %.64s",
                           name, name, json_string_value(v));
        return rc;
    }
    return err_set(ei, ERR_INVAL, name, "%s: must be an id or a code", name);
}

static int plan_specialty_exists(struct store *s, int64_t id)
{
    struct specialty sp;
    return store_specialty_get(s, id, &sp, NULL) == 0;
}

static int plan_region_exists(struct store *s, int64_t id)
{
    struct region r;
    return store_region_get(s, id, &r, NULL) == 0;
}

/* Finds a region by code, or the only one with code NULL. */
struct plan_region_find {
    const char *code;
    int64_t id;
};

static int plan_region_each(const struct region *r, void *arg)
{
    struct plan_region_find *f = arg;
    if (f->code && strcmp(r->code, f->code) == 0)
        f->id = r->id;
    else if (!f->code)
        f->id = r->id;
    return 0;
}

static int plan_region_find(struct store *s, const char *code, int64_t *out,
                            struct err_info *ei)
{
    struct plan_region_find f = {code, 0};
    int64_t total = 0;
    int rc = store_region_list(s, -1, 0, plan_region_each, &f, &total, ei);
    if (rc == 0 && !code && total != 1)
        return err_set(ei, ERR_INVAL, "region",
                       "region: is required: the database holds %lld "
                       "regions",
                       (long long)total);
    if (rc == 0 && !f.id)
        return err_set(ei, ERR_NOTFOUND, "region", "no region %.64s",
                       code ? code : "");
    if (rc == 0)
        *out = f.id;
    return rc;
}

/* The body of POST /plans into a run to queue. */
static int plan_read_body(struct api_call *call, json_t *body,
                          struct plan_run *r, struct err_info *ei)
{
    static const char *const fields[] = {"region", "specialty", "time_limit",
                                         "seed", NULL};
    int limit = PLAN_TIME_DEFAULT;
    int rc = api_fields_known(body, fields, ei);
    if (rc == 0)
        rc = plan_field_ref(body, "region", &r->region_id, plan_region_find,
                            plan_region_exists, call->store, ei);
    if (rc == 0 && !r->region_id)
        rc = plan_region_find(call->store, NULL, &r->region_id, ei);
    if (rc == 0)
        rc = plan_field_ref(body, "specialty", &r->specialty.id,
                            store_specialty_find, plan_specialty_exists,
                            call->store, ei);
    if (rc == 0)
        rc = api_field_int(body, "time_limit", 0, 1, PLAN_TIME_MAX, &limit, ei);
    json_t *seed = json_object_get(body, "seed");
    if (rc == 0 && seed &&
        (!json_is_integer(seed) || json_integer_value(seed) < 0 ||
         json_integer_value(seed) > PLAN_SEED_MAX))
        rc = err_set(ei, ERR_INVAL, "seed",
                     "seed: must be a whole number 0 to %lld", PLAN_SEED_MAX);
    r->time_limit = limit;
    r->seed = seed ? json_integer_value(seed) : 1;
    r->threads = PLAN_THREADS;
    return rc;
}

/* ---- handlers ---- */

static int plan_each(const struct plan_run *r, void *arg)
{
    json_array_append_new(arg, plan_run_json(r));
    return 0;
}

static int plans_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    struct plan_run_filter f = {-1};
    int rc = api_arg_vocab(req, "status", &store_plan_status, &f.status, ei);
    if (rc == 0)
        rc = store_plan_run_list(call->store, &f, pg->limit, pg->offset,
                                 plan_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_plans_list)
{
    api_list_run(req, res, ctx, plans_page);
}

static int plan_get(struct store *s, int64_t id, json_t **out,
                    struct err_info *ei)
{
    struct plan_run r;
    int rc = store_plan_run_get(s, id, &r, ei);
    if (rc == 0)
        *out = plan_run_json(&r);
    return rc;
}

API_HANDLER(api_plan_get)
{
    api_get_run(req, res, ctx, plan_get);
}

/* Sends run r with status and its Location. */
static void plan_send(struct http_response *res, int status,
                      const struct plan_run *r)
{
    char location[64];
    snprintf(location, sizeof(location), "/api/v1/plans/%lld",
             (long long)r->id);
    http_json(res, status, plan_run_json(r));
    http_header(res, "Location", location);
}

API_HANDLER(api_plan_create)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct plan_run r = {0};
    int rc = plan_read_body(call, body, &r, &ei);
    json_decref(body);
    /* A region outside the caller's scope answers as one that does not
     * exist. */
    if (rc == 0 && !api_scope_sees(call, "region", r.region_id))
        rc = err_set(&ei, ERR_NOTFOUND, "region", "no region %lld",
                     (long long)r.region_id);
    int64_t queued = 0, running = 0;
    if (rc == 0)
        rc = store_plan_run_active(call->store, &queued, &running, &ei);
    if (rc == 0 && queued >= PLAN_QUEUE_MAX)
        rc = err_set(&ei, ERR_CONFLICT, "",
                     "%lld plan runs are waiting already: cancel one or let "
                     "them finish first",
                     (long long)queued);
    if (rc == 0)
        rc = store_plan_run_create(call->store, &r, PLAN_QUEUED, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    api_planner_poke(api_planner(call->api));
    plan_send(res, 202, &r);
}

API_HANDLER(api_plan_proposal)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct plan_proposal p;
    if (store_plan_proposal(call->store, id, &p, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    /* The proposal names every trainee of the run: its reading is logged
     * as an export. */
    char detail[64];
    snprintf(detail, sizeof(detail), "plan run %lld proposal", (long long)id);
    api_event(call, req, call->auth.username, "export", detail);
    http_json(res, 200, plan_proposal_json(&p));
    store_plan_proposal_release(&p);
}

API_HANDLER(api_plan_cancel)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct plan_run r;
    if (store_plan_run_cancel(call->store, id, &r, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    api_planner_cancel(api_planner(call->api), id);
    plan_send(res, 202, &r);
}

/* The body of POST /plans/{id}/apply: {"needs": [ids]}. */
static int plan_read_needs(json_t *body, int64_t **needs, int *n,
                           struct err_info *ei)
{
    static const char *const fields[] = {"needs", NULL};
    int rc = api_fields_known(body, fields, ei);
    json_t *v = json_object_get(body, "needs");
    if (rc == 0 && !v)
        return err_set(ei, ERR_INVAL, "needs", "needs: is required");
    if (rc == 0 && (!json_is_array(v) || json_array_size(v) < 1 ||
                    json_array_size(v) > PLAN_APPLY_MAX))
        return err_set(ei, ERR_INVAL, "needs",
                       "needs: must be a list of 1 to %d need ids",
                       PLAN_APPLY_MAX);
    if (rc)
        return rc;
    *n = (int)json_array_size(v);
    *needs = xcalloc((size_t)*n, sizeof(**needs));
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_integer(e) || json_integer_value(e) < 1)
            return err_set(ei, ERR_INVAL, "needs",
                           "needs: item %zu must be a need id (1 or more)", i);
        (*needs)[i] = json_integer_value(e);
    }
    return 0;
}

API_HANDLER(api_plan_apply)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    int64_t *needs = NULL, *bookings = NULL;
    int n = 0;
    int rc = plan_read_needs(body, &needs, &n, &ei);
    json_decref(body);
    char actor[STORE_NAME_MAX];
    snprintf(actor, sizeof(actor), "%s (plan run %lld)", call->auth.username,
             (long long)id);
    if (rc == 0) {
        bookings = xcalloc((size_t)n, sizeof(*bookings));
        rc = store_plan_apply(call->store, id, needs, n, actor, bookings, &ei);
    }
    json_t *list = json_array();
    for (int i = 0; rc == 0 && i < n; i++) {
        struct booking_view v;
        rc = store_booking_view(call->store, bookings[i], &v, &ei);
        if (rc == 0)
            json_array_append_new(list, api_booking_json(&v));
    }
    free(needs);
    free(bookings);
    if (rc) {
        json_decref(list);
        api_fail_body(res, &ei);
        return;
    }
    http_json(res, 201, json_pack("{s:o}", "bookings", list));
}
