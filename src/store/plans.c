/*
 * Plan runs: the optimiser's jobs as rows of plan_run, their progress and
 * cancellation across processes, the proposal read back into database ids
 * and names, and applying chosen proposals as booking requests (store.h).
 */
#include "store/forms.h"
#include "store/notify.h"
#include "store/store_impl.h"

#include "domain/week.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const plan_status_names[] = {"queued", "running", "done",
                                                "failed", "cancelled"};
const struct vocab store_plan_status = {"plan run status", plan_status_names,
                                        5};

static const char *const plan_item_status_names[] = {"proposed", "fixed",
                                                     "unplaced"};
const struct vocab store_plan_item_status = {"proposal status",
                                             plan_item_status_names, 3};

/* ---- reading runs ---- */

#define RUN_SELECT                                                             \
    "SELECT r.id, r.created_at, r.started_at, r.finished_at, r.region_id, "    \
    "rg.code, rg.name, r.specialty_id, sp.code, sp.name_sv, sp.name_en, "      \
    "sp.kind, sp.parent_id, r.status, r.cancel_requested, r.time_limit, "      \
    "r.seed, r.threads, r.phase, r.seconds, r.best, r.bound, r.iterations, "   \
    "r.score, r.lower_bound, r.horizon_start, r.horizon_weeks, r.needs, "      \
    "r.assigned, r.fixed, r.unplaced, r.error "                                \
    "FROM plan_run r JOIN region rg ON rg.id = r.region_id "                   \
    "LEFT JOIN specialty sp ON sp.id = r.specialty_id "

/* An optional score column: STORE_NO_SCORE for NULL. */
static int64_t run_score(struct store_stmt *st, int col)
{
    return store__col_null(st, col) ? STORE_NO_SCORE
                                    : store__col_int64(st, col);
}

static void run_read(struct store_stmt *st, struct plan_run *r)
{
    memset(r, 0, sizeof(*r));
    int v = 0;
    r->id = store__col_int64(st, 0);
    store__column_text(st, 1, r->created_at, sizeof(r->created_at));
    store__column_text(st, 2, r->started_at, sizeof(r->started_at));
    store__column_text(st, 3, r->finished_at, sizeof(r->finished_at));
    r->region_id = store__col_int64(st, 4);
    store__column_text(st, 5, r->region_code, sizeof(r->region_code));
    store__column_text(st, 6, r->region_name, sizeof(r->region_name));
    r->specialty.id = store__column_id(st, 7);
    store__column_text(st, 8, r->specialty.code, sizeof(r->specialty.code));
    store__column_text(st, 9, r->specialty.name_sv,
                       sizeof(r->specialty.name_sv));
    store__column_text(st, 10, r->specialty.name_en,
                       sizeof(r->specialty.name_en));
    if (r->specialty.id &&
        vocab_parse(&vocab_specialty_kind, store__col_text(st, 11), &v) == 0)
        r->specialty.kind = (enum specialty_kind)v;
    r->specialty.parent_id = store__column_id(st, 12);
    v = 0;
    vocab_parse(&store_plan_status, store__col_text(st, 13), &v);
    r->status = (enum plan_status)v;
    r->cancel_requested = store__col_int(st, 14);
    r->time_limit = store__col_double(st, 15);
    r->seed = store__col_int64(st, 16);
    r->threads = store__col_int(st, 17);
    store__column_text(st, 18, r->phase, sizeof(r->phase));
    r->seconds = store__col_double(st, 19);
    r->best = run_score(st, 20);
    r->bound = run_score(st, 21);
    r->iterations = store__col_int64(st, 22);
    r->score = run_score(st, 23);
    r->lower_bound = run_score(st, 24);
    r->horizon_start = store__column_opt(st, 25);
    r->horizon_weeks = store__col_int(st, 26);
    r->needs = store__col_int(st, 27);
    r->assigned = store__col_int(st, 28);
    r->fixed = store__col_int(st, 29);
    r->unplaced = store__col_int(st, 30);
    store__column_text(st, 31, r->error, sizeof(r->error));
}

int store_plan_run_get(struct store *s, int64_t id, struct plan_run *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, RUN_SELECT "WHERE r.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "plan run", id)) == 0)
        run_read(st, out);
    store__finalize(st);
    if (rc == ERR_NOTFOUND)
        snprintf(ei->field, sizeof(ei->field), "id");
    return rc;
}

int store_plan_run_list(struct store *s, const struct plan_run_filter *f,
                        int limit, int offset,
                        int (*each)(const struct plan_run *, void *), void *arg,
                        int64_t *total, struct err_info *ei)
{
    const char *status =
        f->status >= 0 ? vocab_name(&store_plan_status, f->status) : NULL;
    int rc = store__count(s, ei, total,
                          "SELECT count(*) FROM plan_run r "
                          "WHERE (?1 IS NULL OR r.status = ?1) "
                          "AND randa_sees(NULL, NULL, NULL, NULL, r.region_id)",
                          "T", status);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(s, &st, ei,
                          RUN_SELECT "WHERE (?1 IS NULL OR r.status = ?1) "
                                     "AND randa_sees(NULL, NULL, NULL, NULL, "
                                     "r.region_id) "
                                     "ORDER BY r.id DESC LIMIT ?2 OFFSET ?3",
                          "Tii", status, limit, offset > 0 ? offset : 0);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct plan_run r;
        run_read(st, &r);
        rc = each(&r, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_plan_run_active(struct store *s, int64_t *queued, int64_t *running,
                          struct err_info *ei)
{
    int rc = store__count(s, ei, queued,
                          "SELECT count(*) FROM plan_run WHERE status = ?", "t",
                          "queued");
    if (rc == 0)
        rc = store__count(s, ei, running,
                          "SELECT count(*) FROM plan_run WHERE status = ?", "t",
                          "running");
    return rc;
}

/* ---- writing runs ---- */

int store_plan_run_create(struct store *s, struct plan_run *r,
                          enum plan_status status, struct err_info *ei)
{
    if (status != PLAN_QUEUED && status != PLAN_RUNNING)
        return err_set(ei, ERR_INVAL, "status",
                       "status: a run starts queued or running");
    if (!(r->time_limit > 0 && r->time_limit <= 86400))
        return err_set(ei, ERR_INVAL, "time_limit",
                       "time_limit: must be more than 0 and at most 86400 "
                       "seconds");
    if (r->seed < 0)
        return err_set(ei, ERR_INVAL, "seed", "seed: must be 0 or more");
    int rc = store__check_range(ei, "threads", r->threads, 1, 64);
    if (rc)
        return rc;
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    struct store_stmt *st = NULL;
    rc = store__query(s, &st, ei,
                      "INSERT INTO plan_run (created_at, updated_at, "
                      "started_at, region_id, specialty_id, status, "
                      "time_limit, seed, threads) VALUES (?1, ?1, ?2, ?3, ?4, "
                      "?5, ?6, ?7, ?8) RETURNING id",
                      "tTldt", now, status == PLAN_RUNNING ? now : NULL,
                      r->region_id, r->specialty.id,
                      vocab_name(&store_plan_status, status));
    if (rc == 0 && (store__bind_double(st, 6, r->time_limit) != STORE_OK ||
                    store__bind_int64(st, 7, r->seed) != STORE_OK ||
                    store__bind_int(st, 8, r->threads) != STORE_OK))
        rc = store__db_error(s, ei);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW) {
            r->id = store__col_int64(st, 0);
            step = store__step(st);
        }
        if (step != STORE_DONE)
            rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc ? rc : store_plan_run_get(s, r->id, r, ei);
}

/*
 * Fails the running runs whose process must have died meanwhile: a worker
 * stops its solver at the time limit, so a run still running grace seconds
 * after that has nobody left to finish it.
 */
static int run_fail_stale(struct store *s, const char *now, int grace,
                          struct err_info *ei)
{
    /* dialect: EXTRACT(EPOCH FROM ...) for julianday() * 86400. */
    return store__exec(s, ei, NULL,
                       "UPDATE plan_run SET status = 'failed', "
                       "error = 'stopped: the process running it ended', "
                       "finished_at = ?1, updated_at = ?1 "
                       "WHERE status = 'running' "
                       "AND (julianday(?1) - julianday(started_at)) * 86400 "
                       "> time_limit + ?2",
                       "ti", now, grace);
}

int store_plan_run_claim(struct store *s, int grace, struct plan_run *out,
                         struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t id = 0;
    rc = run_fail_stale(s, now, grace, ei);
    if (rc == 0)
        rc = store__exec(s, ei, &id,
                         "UPDATE plan_run SET status = 'running', "
                         "started_at = ?1, updated_at = ?1 "
                         "WHERE status = 'queued' AND id = ("
                         "SELECT id FROM plan_run WHERE status = 'queued' "
                         "ORDER BY id LIMIT 1) RETURNING id",
                         "t", now);
    if (rc == 0 && id == 0)
        rc = err_set(ei, ERR_NOTFOUND, "", "no plan run is queued");
    rc = store__write_end(s, rc);
    return rc ? rc : store_plan_run_get(s, id, out, ei);
}

int store_plan_run_set_problem(struct store *s, int64_t id, int start_week,
                               const struct plan_built *info,
                               const char *problem_json,
                               const char *left_out_json, struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    int64_t hit = 0;
    int rc = store__exec(s, ei, &hit,
                         "UPDATE plan_run SET horizon_start = ?, "
                         "horizon_weeks = ?, needs = ?, fixed = ?, "
                         "unplaced = ?, problem_json = ?, left_out_json = ?, "
                         "phase = 'built', updated_at = ? "
                         "WHERE id = ? AND status = 'running' RETURNING id",
                         "iiiiitttl", start_week, info->weeks,
                         info->needs + info->left_out, info->fixed,
                         info->left_out, problem_json, left_out_json, now, id);
    if (rc == 0 && hit == 0)
        rc = err_set(ei, ERR_CONFLICT, "id", "plan run %lld is not running",
                     (long long)id);
    return rc;
}

int store_plan_run_progress(struct store *s, int64_t id, const char *phase,
                            double seconds, int64_t best, int64_t bound,
                            int64_t iterations, int *cancel,
                            struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "UPDATE plan_run SET phase = substr(?1, 1, 32), "
                          "seconds = ?2, best = ?3, bound = ?4, "
                          "iterations = ?5, updated_at = ?6 "
                          "WHERE id = ?7 AND status = 'running' "
                          "RETURNING cancel_requested",
                          "t", phase ? phase : "");
    if (rc == 0 &&
        (store__bind_double(st, 2, seconds >= 0 ? seconds : 0) != STORE_OK ||
         (best == STORE_NO_SCORE
              ? store__bind_null(st, 3)
              : store__bind_int64(st, 3, best)) != STORE_OK ||
         (bound == STORE_NO_SCORE
              ? store__bind_null(st, 4)
              : store__bind_int64(st, 4, bound)) != STORE_OK ||
         store__bind_int64(st, 5, iterations > 0 ? iterations : 0) !=
             STORE_OK ||
         store__bind_text(st, 6, now) != STORE_OK ||
         store__bind_int64(st, 7, id) != STORE_OK))
        rc = store__db_error(s, ei);
    if (rc == 0) {
        /* No row: the run is no longer running here (failed as stale by
         * another process): stop as if cancelled. */
        int step = store__step(st);
        *cancel = step == STORE_ROW ? store__col_int(st, 0) : 1;
        if (step == STORE_ROW)
            step = store__step(st);
        if (step != STORE_DONE)
            rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

/* 1 if a problem or plan id names a need of the database ("n<id>"). */
static int plans_is_need(const char *id)
{
    return id && id[0] == 'n' && id[1] >= '1' && id[1] <= '9';
}

/* Counts the needs "n<id>" a plan's list (assignments, unplaced) holds. */
static int plans_count(json_t *plan, const char *list)
{
    int n = 0;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(plan, list), i, e) n +=
        plans_is_need(json_string_value(json_object_get(e, "need")));
    return n;
}

int store_plan_run_finish(struct store *s, int64_t id, enum plan_status status,
                          const char *plan_json, int64_t score,
                          int64_t lower_bound, const char *error,
                          struct err_info *ei)
{
    if (status != PLAN_DONE && status != PLAN_CANCELLED &&
        status != PLAN_FAILED)
        return err_set(ei, ERR_INVAL, "status",
                       "status: a run ends done, cancelled or failed");
    if (status != PLAN_FAILED && !plan_json)
        return err_set(ei, ERR_INVAL, "plan_json", "plan_json: is required");
    int assigned = 0, unplaced = 0;
    if (plan_json) {
        json_t *plan = json_loads(plan_json, 0, NULL);
        if (!plan)
            return err_set(ei, ERR_INVAL, "plan_json", "plan_json: not JSON");
        assigned = plans_count(plan, "assignments");
        unplaced = plans_count(plan, "unplaced");
        json_decref(plan);
    }
    char now[STORE_TIME_MAX], msg[STORE_ERROR_MAX];
    snprintf(msg, sizeof(msg), "%s", error && *error ? error : "");
    store__timestamp(s, now);
    int64_t hit = 0;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    /* unplaced already holds the needs left out of the problem. */
    rc = store__exec(
        s, ei, &hit,
        "UPDATE plan_run SET status = ?1, plan_json = ?2, error = ?3, "
        "finished_at = ?4, updated_at = ?4, assigned = ?5, "
        "unplaced = unplaced + ?6, needs = ?5 + unplaced + ?6, "
        "phase = CASE WHEN ?1 = 'failed' THEN phase ELSE 'done' END "
        "WHERE id = ?7 AND status = 'running' RETURNING id",
        "tTTtiil", vocab_name(&store_plan_status, status), plan_json, msg, now,
        assigned, unplaced, id);
    if (rc == 0 && hit == 0)
        rc = err_set(ei, ERR_CONFLICT, "id", "plan run %lld is not running",
                     (long long)id);
    if (rc == 0 && status != PLAN_FAILED) {
        struct store_stmt *st = NULL;
        rc = store__query(s, &st, ei,
                          "UPDATE plan_run SET score = ?1, lower_bound = ?2, "
                          "best = ?1, bound = ?2 WHERE id = ?3",
                          "lll", score, lower_bound, id);
        if (rc == 0 && store__step(st) != STORE_DONE)
            rc = store__db_error(s, ei);
        store__finalize(st);
    }
    return store__write_end(s, rc);
}

int store_plan_run_cancel(struct store *s, int64_t id, struct plan_run *out,
                          struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct plan_run r;
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    rc = store_plan_run_get(s, id, &r, ei);
    if (rc == 0 && r.status != PLAN_QUEUED && r.status != PLAN_RUNNING)
        rc = err_set(ei, ERR_CONFLICT, "id", "plan run %lld has ended (%s)",
                     (long long)id, vocab_name(&store_plan_status, r.status));
    if (rc == 0 && r.status == PLAN_QUEUED)
        rc = store__exec(s, ei, NULL,
                         "UPDATE plan_run SET status = 'cancelled', "
                         "cancel_requested = 1, finished_at = ?1, "
                         "updated_at = ?1 WHERE id = ?2",
                         "tl", now, id);
    else if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE plan_run SET cancel_requested = 1 "
                         "WHERE id = ?",
                         "l", id);
    rc = store__write_end(s, rc);
    return rc ? rc : store_plan_run_get(s, id, out, ei);
}

/* ---- the proposal ---- */

/* The database id in a problem id "<prefix><id>", or 0. */
static int64_t plans_db_id(const char *id, char prefix)
{
    if (!id || id[0] != prefix || id[1] < '1' || id[1] > '9')
        return 0;
    char *end;
    long long v = strtoll(id + 1, &end, 10);
    return *end ? 0 : v;
}

/* The texts of run id, parsed; ERR_CONFLICT while it has no plan. */
struct plans_texts {
    json_t *problem, *plan, *left_out;
    int start_week, weeks;
};

static int plans_texts_read(struct store *s, int64_t id, struct plans_texts *t,
                            struct err_info *ei)
{
    memset(t, 0, sizeof(*t));
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT status, error, problem_json, plan_json, "
                          "left_out_json, horizon_start, horizon_weeks "
                          "FROM plan_run WHERE id = ?",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "plan run", id)) != 0)
        snprintf(ei->field, sizeof(ei->field), "id");
    if (rc == 0 && store__col_null(st, 3)) {
        const char *status = store__col_text(st, 0);
        const char *error = store__col_text(st, 1);
        rc = err_set(ei, ERR_CONFLICT, "id",
                     "plan run %lld has no proposal: it is %s%s%.200s",
                     (long long)id, status ? status : "?", error ? ": " : "",
                     error ? error : "");
    }
    if (rc == 0) {
        t->problem = json_loads(store__col_text(st, 2), 0, NULL);
        t->plan = json_loads(store__col_text(st, 3), 0, NULL);
        const char *left = store__col_text(st, 4);
        t->left_out = left ? json_loads(left, 0, NULL) : json_array();
        t->start_week = store__col_int(st, 5);
        t->weeks = store__col_int(st, 6);
        if (!t->problem || !t->plan || !t->left_out)
            rc = err_set(ei, ERR_DB, "", "plan run %lld: its texts are broken",
                         (long long)id);
    }
    store__finalize(st);
    return rc;
}

static void plans_texts_release(struct plans_texts *t)
{
    json_decref(t->problem);
    json_decref(t->plan);
    json_decref(t->left_out);
}

static struct plan_item *plans_item_add(struct plan_proposal *p, size_t *cap)
{
    xgrow((void **)&p->items, cap, (size_t)p->nitems + 1, sizeof(*p->items));
    struct plan_item *it = &p->items[p->nitems++];
    memset(it, 0, sizeof(*it));
    it->start_week = it->end_week = STORE_NONE;
    it->pattern = -1;
    return it;
}

/* A need of the problem as the plan places it (a: its entry, or NULL). */
/* Keeps why (a JSON object, or anything else for none) as text in it. */
static void plans_item_why(struct plan_item *it, json_t *why)
{
    char *text = json_is_object(why) ? json_dumps(why, JSON_COMPACT) : NULL;
    if (text && strlen(text) < sizeof(it->why))
        snprintf(it->why, sizeof(it->why), "%s", text);
    free(text);
}

/* The form of a group's id "f<form>g<group>" or "f<form>w<window>n<k>"
 * (plan/problem.c), or 0. */
static int64_t plans_form_id(const char *id)
{
    if (!id || id[0] != 'f' || id[1] < '1' || id[1] > '9')
        return 0;
    char *end;
    long long v = strtoll(id + 1, &end, 10);
    return *end == 'g' || *end == 'w' ? v : 0;
}

static void plans_item_placed(struct plan_item *it, json_t *need, json_t *a,
                              int fte, int start_week, json_t *unplaced)
{
    const char *reason = json_string_value(json_object_get(unplaced, "reason"));
    json_t *options = json_object_get(need, "options");
    json_t *o = json_array_get(options, 0);
    it->weeks = (int)json_integer_value(json_object_get(o, "weeks"));
    if (!a) {
        it->status = PLAN_ITEM_UNPLACED;
        snprintf(it->reason, sizeof(it->reason), "%s",
                 reason ? reason : "the plan leaves it unplaced");
        plans_item_why(it, json_object_get(unplaced, "why"));
        return;
    }
    o = json_array_get(
        options, (size_t)json_integer_value(json_object_get(a, "option")));
    enum pattern p = PATTERN_FULL;
    pattern_parse(json_string_value(json_object_get(o, "pattern")), &p);
    it->status =
        json_object_get(need, "fixed") ? PLAN_ITEM_FIXED : PLAN_ITEM_PROPOSED;
    it->pattern = (int)p;
    it->weeks = (int)json_integer_value(json_object_get(o, "weeks"));
    it->unit_id =
        plans_db_id(json_string_value(json_object_get(a, "unit")), 'u');
    it->start_week =
        start_week + (int)json_integer_value(json_object_get(a, "start"));
    /* A group's id begins with its form's: "f<form>g<group>" or
     * "f<form>w<window>n<k>" (plan/problem.c). */
    it->form_id = plans_form_id(json_string_value(json_object_get(a, "group")));
    int len = pattern_len(p, it->weeks, fte);
    it->end_week = it->start_week + (len > 0 ? len : 1);
}

/* Every need "n<id>" of the problem and every one left out, as items. */
static void plans_items(const struct plans_texts *t, struct plan_proposal *p)
{
    json_t *placed = json_object(), *reasons = json_object();
    size_t i, j, cap = 0;
    json_t *e, *tr, *n;
    json_array_foreach(json_object_get(t->plan, "assignments"), i, e)
    {
        const char *need = json_string_value(json_object_get(e, "need"));
        if (plans_is_need(need))
            json_object_set(placed, need, e);
    }
    json_array_foreach(json_object_get(t->plan, "unplaced"), i, e)
    {
        const char *need = json_string_value(json_object_get(e, "need"));
        if (plans_is_need(need))
            json_object_set(reasons, need, e);
    }
    json_array_foreach(json_object_get(t->problem, "trainees"), i, tr)
    {
        int64_t trainee =
            plans_db_id(json_string_value(json_object_get(tr, "id")), 't');
        json_t *fte = json_object_get(tr, "fte");
        json_array_foreach(json_object_get(tr, "needs"), j, n)
        {
            const char *id = json_string_value(json_object_get(n, "id"));
            if (!trainee || !plans_is_need(id))
                continue;
            struct plan_item *it = plans_item_add(p, &cap);
            it->need_id = plans_db_id(id, 'n');
            it->trainee_id = trainee;
            plans_item_placed(it, n, json_object_get(placed, id),
                              fte ? (int)json_integer_value(fte) : 100,
                              t->start_week, json_object_get(reasons, id));
        }
    }
    json_array_foreach(t->left_out, i, e)
    {
        struct plan_item *it = plans_item_add(p, &cap);
        it->need_id =
            plans_db_id(json_string_value(json_object_get(e, "need")), 'n');
        it->trainee_id =
            plans_db_id(json_string_value(json_object_get(e, "trainee")), 't');
        it->status = PLAN_ITEM_UNPLACED;
        snprintf(it->reason, sizeof(it->reason), "%s",
                 json_string_value(json_object_get(e, "reason"))
                     ? json_string_value(json_object_get(e, "reason"))
                     : "no unit offers it");
        plans_item_why(it, json_object_get(e, "why"));
    }
    json_decref(placed);
    json_decref(reasons);
}

/* The bottlenecks of the plan's stats, as database units and weeks. */
static void plans_bottlenecks(const struct plans_texts *t,
                              struct plan_proposal *p)
{
    json_t *list =
        json_object_get(json_object_get(t->plan, "stats"), "bottlenecks");
    size_t i;
    json_t *e;
    p->bottlenecks =
        xcalloc(json_array_size(list) + 1, sizeof(*p->bottlenecks));
    json_array_foreach(list, i, e)
    {
        int64_t unit =
            plans_db_id(json_string_value(json_object_get(e, "unit")), 'u');
        json_t *from = json_object_get(e, "from"),
               *to = json_object_get(e, "to");
        if (!unit || !json_is_integer(from) || !json_is_integer(to))
            continue;
        struct plan_bottleneck *b = &p->bottlenecks[p->nbottlenecks++];
        b->unit_id = unit;
        b->from_week = t->start_week + (int)json_integer_value(from);
        b->to_week = t->start_week + (int)json_integer_value(to);
        json_t *gain = json_object_get(e, "gain");
        b->gain = json_is_number(gain) ? (int64_t)json_number_value(gain) : 0;
    }
}

/* Statements that fill in an item's names and its current booking. */
struct plans_names {
    struct store_stmt *need, *trainee, *unit, *booking;
};

/* Steps st, reset and bound to id: 1 with a row ready, 0 without. */
static int plans_lookup(struct store_stmt *st, int64_t id)
{
    store__reset(st);
    store__bind_int64(st, 1, id);
    return store__step(st) == STORE_ROW;
}

static void plans_name_item(struct plans_names *q, struct plan_item *it)
{
    if (plans_lookup(q->need, it->need_id)) {
        it->need_weeks = store__col_int(q->need, 0);
        it->need_patterns = (unsigned)store__col_int(q->need, 1);
        struct specialty *sp = &it->specialty;
        sp->id = store__column_id(q->need, 2);
        store__column_text(q->need, 3, sp->code, sizeof(sp->code));
        store__column_text(q->need, 4, sp->name_sv, sizeof(sp->name_sv));
        store__column_text(q->need, 5, sp->name_en, sizeof(sp->name_en));
        int kind = 0;
        if (sp->id && vocab_parse(&vocab_specialty_kind,
                                  store__col_text(q->need, 6), &kind) == 0)
            sp->kind = (enum specialty_kind)kind;
        sp->parent_id = store__column_id(q->need, 7);
    }
    if (it->weeks == 0)
        it->weeks = it->need_weeks;
    if (plans_lookup(q->trainee, it->trainee_id))
        store__column_text(q->trainee, 0, it->trainee_name,
                           sizeof(it->trainee_name));
    if (it->unit_id && plans_lookup(q->unit, it->unit_id))
        store__column_text(q->unit, 0, it->unit_name, sizeof(it->unit_name));
    if (plans_lookup(q->booking, it->need_id)) {
        store__booking_read(q->booking, &it->booking);
        store__column_text(q->booking, 13, it->booking_unit_name,
                           sizeof(it->booking_unit_name));
    }
    /* A booking in a form's group is fixed at the unit "x" of the problem
     * (it holds no seat): it stays at its booking's unit. */
    if (it->status == PLAN_ITEM_FIXED && !it->unit_id && it->booking.id) {
        it->unit_id = it->booking.unit_id;
        snprintf(it->unit_name, sizeof(it->unit_name), "%s",
                 it->booking_unit_name);
    }
}

static int plans_names(struct store *s, struct plan_proposal *p,
                       struct err_info *ei)
{
    struct plans_names q = {0};
    int rc = store__prepare(
        s,
        "SELECT n.weeks, n.patterns, n.specialty_id, sp.code, sp.name_sv, "
        "sp.name_en, sp.kind, sp.parent_id FROM rotation_need n "
        "LEFT JOIN specialty sp ON sp.id = n.specialty_id WHERE n.id = ?",
        &q.need, ei);
    if (rc == 0)
        rc = store__prepare(s,
                            "SELECT pe.name FROM trainee t JOIN person pe ON "
                            "pe.id = t.person_id WHERE t.id = ?",
                            &q.trainee, ei);
    if (rc == 0)
        rc = store__prepare(s, "SELECT name FROM unit WHERE id = ?", &q.unit,
                            ei);
    if (rc == 0)
        rc = store__prepare(s,
                            "SELECT " STORE_BOOKING_COLUMNS ", u.name "
                            "FROM booking b JOIN unit u ON u.id = b.unit_id "
                            "WHERE b.need_id = ? AND b.status IN "
                            "('requested', 'confirmed') "
                            "ORDER BY b.start_week DESC, b.id DESC LIMIT 1",
                            &q.booking, ei);
    for (int i = 0; rc == 0 && i < p->nitems; i++)
        plans_name_item(&q, &p->items[i]);
    for (int i = 0; rc == 0 && i < p->nbottlenecks; i++)
        if (plans_lookup(q.unit, p->bottlenecks[i].unit_id))
            store__column_text(q.unit, 0, p->bottlenecks[i].unit_name,
                               sizeof(p->bottlenecks[i].unit_name));
    store__finalize(q.need);
    store__finalize(q.trainee);
    store__finalize(q.unit);
    store__finalize(q.booking);
    return rc;
}

static int plans_item_cmp(const void *a, const void *b)
{
    const struct plan_item *x = a, *y = b;
    int c = strcmp(x->trainee_name, y->trainee_name);
    if (c)
        return c;
    if (x->trainee_id != y->trainee_id)
        return x->trainee_id < y->trainee_id ? -1 : 1;
    return (x->need_id > y->need_id) - (x->need_id < y->need_id);
}

int store_plan_proposal(struct store *s, int64_t id, struct plan_proposal *out,
                        struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    struct plans_texts t;
    rc = plans_texts_read(s, id, &t, ei);
    if (rc == 0) {
        out->run_id = id;
        out->start_week = t.start_week;
        out->weeks = t.weeks;
        plans_items(&t, out);
        plans_bottlenecks(&t, out);
        rc = plans_names(s, out, ei);
    }
    plans_texts_release(&t);
    store__read_end(s);
    if (rc == 0)
        qsort(out->items, (size_t)out->nitems, sizeof(*out->items),
              plans_item_cmp);
    else
        store_plan_proposal_release(out);
    return rc;
}

void store_plan_proposal_release(struct plan_proposal *p)
{
    free(p->items);
    free(p->bottlenecks);
    p->items = NULL;
    p->bottlenecks = NULL;
    p->nitems = p->nbottlenecks = 0;
}

/* ---- applying a proposal ---- */

/* The item of need id in p, or NULL. */
static const struct plan_item *plans_find(const struct plan_proposal *p,
                                          int64_t need)
{
    for (int i = 0; i < p->nitems; i++)
        if (p->items[i].need_id == need)
            return &p->items[i];
    return NULL;
}

/* Checks that each need is listed once and placed by the proposal. */
static int plans_apply_check(const struct plan_proposal *p,
                             const int64_t *needs, int n, struct err_info *ei)
{
    char w[WEEK_STR_MAX];
    if (n < 1)
        return err_set(ei, ERR_INVAL, "needs",
                       "needs: must name at least one need");
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++)
            if (needs[j] == needs[i])
                return err_set(ei, ERR_INVAL, "needs",
                               "needs: need %lld is listed twice",
                               (long long)needs[i]);
        const struct plan_item *it = plans_find(p, needs[i]);
        if (!it)
            return err_set(ei, ERR_INVAL, "needs",
                           "needs: need %lld is not in plan run %lld",
                           (long long)needs[i], (long long)p->run_id);
        if (it->status == PLAN_ITEM_FIXED) {
            week_format(it->start_week, w);
            return err_set(ei, ERR_INVAL, "needs",
                           "needs: need %lld is booked already (at %s from "
                           "%s)",
                           (long long)needs[i], it->unit_name, w);
        }
        if (it->status == PLAN_ITEM_UNPLACED)
            return err_set(ei, ERR_INVAL, "needs",
                           "needs: need %lld has no place in the proposal: "
                           "%.180s",
                           (long long)needs[i], it->reason);
    }
    return 0;
}

/* Requests every place, in order; the first failure names its need. */
static int plans_apply_requests(struct store *s, const struct plan_proposal *p,
                                const int64_t *needs, int n,
                                int64_t *booking_ids, struct err_info *ei)
{
    for (int i = 0; i < n; i++) {
        const struct plan_item *it = plans_find(p, needs[i]);
        struct booking b = {0};
        b.need_id = it->need_id;
        b.unit_id = it->unit_id;
        b.start_week = it->start_week;
        b.pattern = (enum pattern)it->pattern;
        b.weeks = it->weeks;
        struct err_info why = {0};
        /* A place in a group of a form joins or opens one of its groups
         * with the same weeks and pattern, as a request into it does. */
        int rc = it->form_id
                     ? store_booking_request_form(s, &b, it->form_id, &why)
                     : store_booking_request(s, &b, &why);
        /* The receiving unit is asked as by any request (issue 14). */
        if (rc == 0)
            rc = store_notify_booking(s, b.id, NOTIFY_REQUEST, 0, &why);
        if (rc) {
            char w[WEEK_STR_MAX];
            week_format(it->start_week, w);
            return err_set(ei, rc, "needs",
                           "needs: need %lld (%.60s at %.60s from %s) cannot "
                           "be requested: %.200s",
                           (long long)it->need_id, it->trainee_name,
                           it->unit_name, w, why.msg);
        }
        booking_ids[i] = b.id;
    }
    return 0;
}

int store_plan_apply(struct store *s, int64_t id, const int64_t *needs, int n,
                     const char *actor, int64_t *booking_ids,
                     struct err_info *ei)
{
    struct plan_proposal p;
    int rc = store_plan_proposal(s, id, &p, ei);
    if (rc)
        return rc;
    rc = plans_apply_check(&p, needs, n, ei);
    char saved[STORE_NAME_MAX];
    memcpy(saved, s->actor, sizeof(saved));
    if (rc == 0 && actor)
        store_set_actor(s, actor);
    /* One transaction: every request sees the ones before it, and a
     * failure undoes them all. */
    if (rc == 0)
        rc = store_begin(s, ei);
    if (rc == 0) {
        rc = plans_apply_requests(s, &p, needs, n, booking_ids, ei);
        if (rc == 0)
            rc = store_commit(s, ei);
        else
            store_rollback(s);
    }
    store_set_actor(s, saved);
    store_plan_proposal_release(&p);
    return rc;
}
