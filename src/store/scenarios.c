/*
 * What-if scenarios in the store (scenarios.h): the scenario, its changes
 * as the JSON the API took, its job state and its results.
 */
#include "store/scenarios.h"

#include "store/store_impl.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCENARIO_COLUMNS                                                       \
    "s.id, s.region_id, s.specialty_id, s.name, s.created_at, "                \
    "s.finished_at, s.status, s.time_limit, s.phase, s.elapsed_ms, s.error, "  \
    "(SELECT count(*) FROM scenario_change c WHERE c.scenario_id = s.id) "

static void scenario_read(struct store_stmt *st, struct scenario *o)
{
    memset(o, 0, sizeof(*o));
    o->id = store__col_int64(st, 0);
    o->region_id = store__col_int64(st, 1);
    o->specialty_id = store__column_id(st, 2);
    store__column_text(st, 3, o->name, sizeof(o->name));
    store__column_text(st, 4, o->created_at, sizeof(o->created_at));
    store__column_text(st, 5, o->finished_at, sizeof(o->finished_at));
    store__column_text(st, 6, o->status, sizeof(o->status));
    o->time_limit = store__col_int(st, 7);
    store__column_text(st, 8, o->phase, sizeof(o->phase));
    o->seconds = (double)store__col_int64(st, 9) / 1000.0;
    store__column_text(st, 10, o->error, sizeof(o->error));
    o->nchanges = store__col_int(st, 11);
}

static json_t *scenario_audit_json(const struct scenario *sc)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:i}", "id", (json_int_t)sc->id,
                     "region_id", (json_int_t)sc->region_id, "specialty_id",
                     (json_int_t)sc->specialty_id, "name", sc->name,
                     "time_limit", sc->time_limit);
}

int store_scenario_create(struct store *s, struct scenario *sc,
                          const char *const *kinds, const char *const *bodies,
                          int n, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", sc->name, 1, sizeof(sc->name));
    if (rc == 0)
        rc = store__check_range(ei, "time_limit", sc->time_limit, 1, 3600);
    if (rc == 0 && (n < 0 || n > STORE_SCENARIO_CHANGES))
        rc = err_set(ei, ERR_INVAL, "changes", "changes: at most %d changes",
                     STORE_SCENARIO_CHANGES);
    for (int i = 0; rc == 0 && i < n; i++)
        if (strlen(bodies[i]) > STORE_SCENARIO_CHANGE_MAX)
            rc = err_set(ei, ERR_INVAL, "changes",
                         "changes[%d]: longer than %d characters", i,
                         STORE_SCENARIO_CHANGE_MAX);
    if (rc == 0)
        rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    char now[STORE_TIME_MAX];
    store__timestamp(s, now);
    int64_t one = 0;
    rc = store__count(s, ei, &one, "SELECT count(*) FROM region WHERE id = ?",
                      "l", sc->region_id);
    if (rc == 0 && one == 0)
        rc = err_set(ei, ERR_NOTFOUND, "region_id", "region_id: no region %lld",
                     (long long)sc->region_id);
    if (rc == 0 && sc->specialty_id &&
        (rc = store__count(s, ei, &one,
                           "SELECT count(*) FROM specialty WHERE id = ?", "l",
                           sc->specialty_id)) == 0 &&
        one == 0)
        rc = err_set(ei, ERR_NOTFOUND, "specialty_id",
                     "specialty_id: no specialty %lld",
                     (long long)sc->specialty_id);
    if (rc == 0)
        rc = store__exec(s, ei, &sc->id,
                         "INSERT INTO scenario (region_id, specialty_id, name, "
                         "created_at, time_limit) VALUES (?, ?, ?, ?, ?) "
                         "RETURNING id",
                         "ldtti", sc->region_id, sc->specialty_id, sc->name,
                         now, sc->time_limit);
    for (int i = 0; rc == 0 && i < n; i++)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO scenario_change (scenario_id, position, "
                         "kind, body) VALUES (?, ?, ?, ?)",
                         "litt", sc->id, i, kinds[i], bodies[i]);
    if (rc == 0)
        rc = store__audit(s, "scenario", "insert", sc->id, NULL,
                          scenario_audit_json(sc), ei);
    rc = store__write_end(s, rc);
    return rc ? rc : store_scenario_get(s, sc->id, sc, ei);
}

int store_scenario_get(struct store *s, int64_t id, struct scenario *out,
                       struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " SCENARIO_COLUMNS "FROM scenario s "
                          "WHERE s.id = ? AND randa_sees(NULL, NULL, NULL, "
                          "NULL, s.region_id)",
                          "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "scenario", id)) == 0)
        scenario_read(st, out);
    store__finalize(st);
    if (rc == ERR_NOTFOUND)
        snprintf(ei->field, sizeof(ei->field), "id");
    return rc;
}

/* Appends every text of column 0 of sql (bound to id) as JSON values,
 * comma-separated. */
static int scenario_texts(struct store *s, int64_t id, const char *sql,
                          struct buf *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, sql, "l", id);
    int step, first = 1;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        const char *t = store__col_text(st, 0);
        buf_adds(out, first ? "" : ",");
        buf_adds(out, t ? t : "null");
        first = 0;
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_scenario_changes(struct store *s, int64_t id, struct buf *out,
                           struct err_info *ei)
{
    buf_adds(out, "[");
    int rc = scenario_texts(s, id,
                            "SELECT body FROM scenario_change "
                            "WHERE scenario_id = ? ORDER BY position",
                            out, ei);
    buf_adds(out, "]");
    return rc;
}

int store_scenario_results(struct store *s, int64_t id, struct buf *out,
                           struct err_info *ei)
{
    buf_adds(out, "{\"baseline\":");
    struct buf one = BUF_INIT(0);
    int rc = scenario_texts(s, id,
                            "SELECT summary FROM scenario_result WHERE "
                            "scenario_id = ? AND variant = 'baseline'",
                            &one, ei);
    buf_adds(out, one.len ? one.data : "null");
    buf_reset(&one);
    buf_adds(out, ",\"scenario\":");
    if (rc == 0)
        rc = scenario_texts(s, id,
                            "SELECT summary FROM scenario_result WHERE "
                            "scenario_id = ? AND variant = 'scenario'",
                            &one, ei);
    buf_adds(out, one.len ? one.data : "null");
    buf_adds(out, "}");
    buf_release(&one);
    return rc;
}

struct scenario_each {
    int (*each)(const struct scenario *, void *);
    void *arg;
};

static int scenario_row(struct store_stmt *st, const struct store__list *l)
{
    const struct scenario_each *e = l->arg;
    struct scenario *sc = xmalloc(sizeof(*sc));
    scenario_read(st, sc);
    int rc = e->each(sc, e->arg);
    free(sc);
    return rc;
}

int store_scenario_list(struct store *s, int limit, int offset,
                        int (*each)(const struct scenario *, void *), void *arg,
                        int64_t *total, struct err_info *ei)
{
    struct scenario_each e = {each, arg};
    struct store__list l = {limit, offset, total, scenario_row, {0}, &e};
    return store__list_page(
        s, &l, ei,
        "SELECT count(*) FROM scenario s WHERE ?1 = 0 AND randa_sees(NULL, "
        "NULL, NULL, NULL, s.region_id)",
        "SELECT " SCENARIO_COLUMNS "FROM scenario s WHERE ?1 = 0 AND "
        "randa_sees(NULL, NULL, NULL, NULL, s.region_id) "
        "ORDER BY s.id DESC LIMIT ?2 OFFSET ?3",
        "i", 0);
}

int store_scenario_delete(struct store *s, int64_t id, struct err_info *ei)
{
    struct scenario sc;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_scenario_get(s, id, &sc, ei);
    if (rc == 0 && strcmp(sc.status, "running") == 0)
        rc = err_set(ei, ERR_CONFLICT, "id",
                     "id: scenario %lld is running; delete it when it has "
                     "ended",
                     (long long)id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM scenario_result WHERE scenario_id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM scenario_change WHERE scenario_id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM scenario WHERE id = ?", "l",
                         id);
    if (rc == 0)
        rc = store__audit(s, "scenario", "delete", id, scenario_audit_json(&sc),
                          NULL, ei);
    return store__write_end(s, rc);
}

int store_scenario_start(struct store *s, int64_t id, int run_now,
                         struct scenario *out, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store_scenario_get(s, id, out, ei);
    if (rc == 0 && (strcmp(out->status, "queued") == 0 ||
                    strcmp(out->status, "running") == 0))
        rc = err_set(ei, ERR_CONFLICT, "id", "id: scenario %lld is %s already",
                     (long long)id, out->status);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE scenario SET status = ?, phase = '', "
                         "elapsed_ms = 0, error = '', finished_at = NULL "
                         "WHERE id = ?",
                         "tl", run_now ? "running" : "queued", id);
    rc = store__write_end(s, rc);
    return rc ? rc : store_scenario_get(s, id, out, ei);
}

int store_scenario_claim(struct store *s, struct scenario *out,
                         struct err_info *ei)
{
    int64_t id = 0;
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store__count(s, ei, &id,
                      "SELECT COALESCE(min(id), 0) FROM scenario "
                      "WHERE status = 'queued'",
                      "");
    if (rc == 0 && id == 0)
        rc = err_set(ei, ERR_NOTFOUND, "", "no scenario is queued");
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE scenario SET status = 'running' WHERE id = ?",
                         "l", id);
    rc = store__write_end(s, rc);
    return rc ? rc : store_scenario_get(s, id, out, ei);
}

int store_scenario_progress(struct store *s, int64_t id, const char *phase,
                            double seconds, struct err_info *ei)
{
    return store__exec(s, ei, NULL,
                       "UPDATE scenario SET phase = ?, elapsed_ms = ? "
                       "WHERE id = ? AND status = 'running'",
                       "tll", phase, (int64_t)(seconds * 1000.0), id);
}

int store_scenario_finish(struct store *s, int64_t id, const char *error,
                          int64_t base_score, const char *base_summary,
                          int64_t score, const char *summary,
                          struct err_info *ei)
{
    char now[STORE_TIME_MAX];
    char msg[STORE_SCENARIO_ERROR_MAX];
    snprintf(msg, sizeof(msg), "%s", error ? error : "");
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    store__timestamp(s, now);
    rc = store__exec(s, ei, NULL,
                     "UPDATE scenario SET status = ?, error = ?, "
                     "finished_at = ?, phase = ? WHERE id = ?",
                     "tttTl", error ? "failed" : "done", msg, now,
                     error ? "failed" : "done", id);
    if (rc == 0 && !error) {
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM scenario_result WHERE scenario_id = ?",
                         "l", id);
        if (rc == 0)
            rc = store__exec(s, ei, NULL,
                             "INSERT INTO scenario_result (scenario_id, "
                             "variant, score, summary) VALUES (?, 'baseline', "
                             "?, ?), (?, 'scenario', ?, ?)",
                             "lltllt", id, base_score, base_summary, id, score,
                             summary);
    }
    return store__write_end(s, rc);
}
