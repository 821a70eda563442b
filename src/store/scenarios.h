/*
 * What-if scenarios in the store (issue 18, migration 017): a named copy
 * of a region's planning data with changes, its job state and the summary
 * of its last run beside the baseline. The changes are kept as the JSON
 * objects the API took; src/plan/scenario.c checks and applies them. A
 * scenario never writes a booking, a need or capacity.
 */
#ifndef RANDA_STORE_SCENARIOS_H
#define RANDA_STORE_SCENARIOS_H

#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

struct buf;

#define STORE_SCENARIO_NAME_MAX   201
#define STORE_SCENARIO_STATUS_MAX 16
#define STORE_SCENARIO_PHASE_MAX  65
#define STORE_SCENARIO_ERROR_MAX  501
#define STORE_SCENARIO_CHANGES    50   /* changes a scenario holds at most */
#define STORE_SCENARIO_CHANGE_MAX 4000 /* characters of one change */

struct scenario {
    int64_t id, region_id;
    int64_t specialty_id; /* 0: every specialty of the region */
    char name[STORE_SCENARIO_NAME_MAX];
    char created_at[STORE_TIME_MAX];
    char finished_at[STORE_TIME_MAX]; /* "" until a run ends */
    /* "new", "queued", "running", "done", "failed" */
    char status[STORE_SCENARIO_STATUS_MAX];
    int time_limit; /* seconds for each of its two runs, 1..3600 */
    char phase[STORE_SCENARIO_PHASE_MAX];
    double seconds; /* of the run under way or last ended */
    char error[STORE_SCENARIO_ERROR_MAX];
    int nchanges;
};

/*
 * Inserts scenario sc (region_id, specialty_id, name, time_limit) with its
 * changes[0..n): kinds[i] and the change as JSON text bodies[i], checked
 * already by the caller, and audits it, in one transaction; sets sc->id
 * and reads it back. ERR_NOTFOUND names "region_id" or "specialty_id".
 */
int store_scenario_create(struct store *s, struct scenario *sc,
                          const char *const *kinds, const char *const *bodies,
                          int n, struct err_info *ei);

int store_scenario_get(struct store *s, int64_t id, struct scenario *out,
                       struct err_info *ei);

/* Appends scenario id's changes, as a JSON array in order, to out. */
int store_scenario_changes(struct store *s, int64_t id, struct buf *out,
                           struct err_info *ei);

/*
 * Appends {"baseline": summary, "scenario": summary} of its last run to
 * out (null for a variant not run).
 */
int store_scenario_results(struct store *s, int64_t id, struct buf *out,
                           struct err_info *ei);

/* Newest first, the scenarios the caller sees; *total counts them all. */
int store_scenario_list(struct store *s, int limit, int offset,
                        int (*each)(const struct scenario *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

/* Deletes scenario id with its changes and results (audited); a running
 * one is ERR_CONFLICT naming "id". */
int store_scenario_delete(struct store *s, int64_t id, struct err_info *ei);

/*
 * Queues scenario id for the worker (status queued) or, with run_now,
 * marks it running for a caller that runs it itself. ERR_CONFLICT naming
 * "id" while it is queued or running.
 */
int store_scenario_start(struct store *s, int64_t id, int run_now,
                         struct scenario *out, struct err_info *ei);

/* Claims the oldest queued scenario (marks it running) into *out;
 * ERR_NOTFOUND when none waits. */
int store_scenario_claim(struct store *s, struct scenario *out,
                         struct err_info *ei);

/* Writes the phase and seconds of running scenario id. */
int store_scenario_progress(struct store *s, int64_t id, const char *phase,
                            double seconds, struct err_info *ei);

/*
 * Ends scenario id: done with the summaries (JSON objects) and scores of
 * both runs, which replace the last ones, or failed with error (summaries
 * NULL), in one transaction.
 */
int store_scenario_finish(struct store *s, int64_t id, const char *error,
                          int64_t base_score, const char *base_summary,
                          int64_t score, const char *summary,
                          struct err_info *ei);

#endif
