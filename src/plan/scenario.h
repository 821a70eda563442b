/*
 * What-if scenarios (issue 18): a region's planning rows with changes,
 * solved beside the same rows without them (the baseline), and the two
 * compared: delays to completion per specialty, unplaced needs, seat
 * utilisation, costs of the agreements the scenario adds, bottlenecks.
 * Only the rows read into memory change: never a live booking.
 *
 * A change is a JSON object with "kind" (weeks are ISO "YYYY-Www", to_week
 * the last week):
 *   more_posts  specialty_id, year, extra: extra trainees of the specialty
 *               starting in that year's first week, each with the needs of
 *               the specialty's first trainee in the rows (its standard
 *               needs), five years to finish
 *   add_group   unit_id, size (1..6; a gaffel group 2-3, a training node
 *               1-3), from_week, to_week, form ("gaffel", "training_node",
 *               "tandem", "st_clinic"): size extra seats in those weeks
 *   seats       unit_id, seats (0..1000), from_week, to_week: the unit's
 *               seats in those weeks
 *   shorten     specialty_id, weeks (1..52): substitutes shorten every
 *               open need of the specialty by weeks (to 1 at least)
 *   summer      unit_id (0 or absent: every unit): ISO weeks 27-32 with no
 *               seats get the seats of the week before them
 *   agreement   host_unit_id, model (cost.h), amount_sek, procedures_per_week,
 *               backpack_sek: every placement at the host costs this
 */
#ifndef RANDA_PLAN_SCENARIO_H
#define RANDA_PLAN_SCENARIO_H

#include "store/plans.h"
#include "util/buf.h"
#include "util/err.h"

#include <jansson.h>
#include <stdint.h>

struct store;

/*
 * Checks change i (its shape and ranges, not whether its ids exist):
 * 0, or ERR_INVAL naming "changes[i].field" with the reason.
 */
int plan_scenario_check(const json_t *change, int i, struct err_info *ei);

/*
 * Applies changes (a JSON array of checked changes) to rows, whose week 0
 * is start_week. A unit or specialty the rows do not hold is ERR_INVAL
 * naming "changes[i].unit_id" or "changes[i].specialty_id".
 */
int plan_scenario_apply(struct plan_rows *rows, const json_t *changes,
                        int start_week, struct err_info *ei);

/*
 * Solves rows (week 0 at start_week) within time_limit seconds and appends
 * the summary of the plan as a JSON object to out, with what its new
 * placements cost under the rows' agreements (the region's, and those
 * plan_scenario_apply() added); *score gets the plan's score. tick, when not
 * NULL, gets the phase and seconds now and then.
 */
int plan_scenario_solve(
    const struct plan_rows *rows, int start_week, int time_limit,
    void (*tick)(const char *phase, double seconds, void *ctx), void *ctx,
    struct buf *out, int64_t *score, struct err_info *ei);

/*
 * Runs scenario id, which the caller marked running: the baseline and the
 * scenario from the live rows of this week, their summaries stored. On
 * failure the scenario is marked failed with the reason, which is also
 * returned in ei.
 */
int plan_scenario_run(struct store *s, int64_t id, int start_week,
                      struct err_info *ei);

/* Claims and runs the oldest queued scenario with week 0 at start_week:
 * 1 when it ran one. */
int plan_scenario_work(struct store *s, int start_week);

#endif
