/* Reading a plan, checking it against its problem, and its score
 * (problem.h; the rules and formula of planning-format.md). */
#include "solver/problem.h"

#include "util/xalloc.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const plan_kind_names[SOLVER_V_COUNT] = {
    "unknown_need",
    "listed_twice",
    "other_trainee",
    "no_option",
    "unit_not_in_option",
    "missing",
    "fixed_moved",
    "before_from",
    "before_earliest",
    "after_horizon",
    "after_latest_end",
    "overlaps_need",
    "overlaps_unavailable",
    "predecessor_unplaced",
    "before_predecessor",
    "seats",
    "away",
    "group_wrong",
    "group_outside",
    "group_split",
    "group_full",
    "group_short",
    "budget",
};

static const signed char plan_kind_rules[SOLVER_V_COUNT] = {
    0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 3, 3, 4, 4, 5, 6, 7, 7, 7, 7, 7, 8,
};

const char *solver_violation_kind_name(enum solver_violation_kind kind)
{
    return (unsigned)kind < SOLVER_V_COUNT ? plan_kind_names[kind] : "";
}

int solver_violation_rule(enum solver_violation_kind kind)
{
    return (unsigned)kind < SOLVER_V_COUNT ? plan_kind_rules[kind] : -1;
}

void solver_violations_release(struct solver_violations *vs)
{
    free(vs->v);
    *vs = (struct solver_violations)SOLVER_VIOLATIONS_INIT;
}

void solver_violations_text(const struct solver_violations *vs, struct buf *out)
{
    for (int i = 0; i < vs->n; i++) {
        buf_adds(out, vs->v[i].message);
        buf_adds(out, "\n");
    }
}

/* Appends violation v (all but its message) with the message of fmt. */
static void plan_violate(struct solver_violations *out,
                         struct solver_violation v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void plan_violate(struct solver_violations *out,
                         struct solver_violation v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v.message, sizeof(v.message), fmt, ap);
    va_end(ap);
    xgrow((void **)&out->v, &out->cap, (size_t)out->n + 1, sizeof(*out->v));
    out->v[out->n++] = v;
}

/* A violation of kind about need n with nothing else known yet. */
static struct solver_violation plan_about(enum solver_violation_kind kind,
                                          int n)
{
    return (struct solver_violation){kind, n, -1, -1, -1, -1, 0, 0, ""};
}

static const char *plan_str(json_t *o, const char *name)
{
    json_t *v = json_object_get(o, name);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int plan_int(json_t *o, const char *name, int *out)
{
    json_t *v = json_object_get(o, name);
    if (!json_is_integer(v) || json_integer_value(v) < -1000000 ||
        json_integer_value(v) > 1000000)
        return -1;
    *out = (int)json_integer_value(v);
    return 0;
}

/* One entry of "assignments" (placed) or "unplaced" (!placed). */
static int plan_entry(const struct solver_problem *p, json_t *e, int placed,
                      size_t k, struct solver_plan *pl, int *seen,
                      struct solver_violations *out, struct err_info *ei)
{
    const char *list = placed ? "assignments" : "unplaced";
    const char *trainee = plan_str(e, "trainee"), *need = plan_str(e, "need");
    int option = 0, start = 0;
    const char *unit = placed ? plan_str(e, "unit") : "";
    const char *bad = !json_is_object(e)                         ? ""
                      : !trainee                                 ? "trainee"
                      : !need                                    ? "need"
                      : !unit                                    ? "unit"
                      : placed && plan_int(e, "option", &option) ? "option"
                      : placed && plan_int(e, "start", &start)   ? "start"
                                                                 : NULL;
    if (bad) {
        const char *why =
            !*bad ? "must be an object"
            : (strcmp(bad, "option") == 0 || strcmp(bad, "start") == 0)
                ? "must be a whole number"
                : "must be a string (an id)";
        return err_set(ei, ERR_INVAL, bad, "%s[%zu]%s%s: %s", list, k,
                       *bad ? "." : "", bad, why);
    }
    int n = solver_problem_need(p, need);
    if (n < 0) {
        plan_violate(out, plan_about(SOLVER_V_UNKNOWN_NEED, -1),
                     "rule 0: need %s: not a need of the problem", need);
        return 0;
    }
    const struct solver_need *pn = &p->needs[n];
    if (seen[n]++) {
        plan_violate(out, plan_about(SOLVER_V_LISTED_TWICE, n),
                     "rule 0: need %s: listed more than once", need);
        return 0;
    }
    if (strcmp(p->trainees[pn->trainee].id, trainee) != 0) {
        plan_violate(out, plan_about(SOLVER_V_OTHER_TRAINEE, n),
                     "rule 0: need %s: belongs to trainee %s, not %s", need,
                     p->trainees[pn->trainee].id, trainee);
        return 0;
    }
    if (!placed)
        return 0;
    if (option < 0 || option >= pn->noptions) {
        struct solver_violation v = plan_about(SOLVER_V_NO_OPTION, n);
        v.value = option;
        v.limit = pn->noptions;
        plan_violate(out, v, "rule 0: need %s: no option %d (it has %d)", need,
                     option, pn->noptions);
        return 0;
    }
    int u = solver_problem_unit(p, unit), in = 0;
    for (int i = 0; u >= 0 && i < pn->options[option].nunits; i++)
        in |= pn->options[option].units[i] == u;
    if (!in) {
        struct solver_violation v = plan_about(SOLVER_V_UNIT_NOT_IN_OPTION, n);
        v.unit = u;
        v.value = option;
        plan_violate(out, v,
                     "rule 0: need %s: unit %s is not a unit of option %d",
                     need, unit, option);
        return 0;
    }
    /* "group": a gaffel group's id (docs/planning-format-groups.md); an
     * unknown id is rule 0, a group of another unit rule 7. */
    json_t *gv = json_object_get(e, "group");
    int g = -1;
    if (gv && !json_is_string(gv))
        return err_set(ei, ERR_INVAL, "group",
                       "%s[%zu].group: must be a string (an id)", list, k);
    if (gv && (g = solver_problem_group(p, json_string_value(gv))) < 0) {
        plan_violate(out, plan_about(SOLVER_V_UNKNOWN_NEED, n),
                     "rule 0: need %s: no such group: %.60s", need,
                     json_string_value(gv));
        return 0;
    }
    pl->at[n] = (struct solver_placement){1, option, u, start, g + 1};
    return 0;
}

int solver_plan_load(const struct solver_problem *p, const char *text,
                     size_t len, struct solver_plan *out,
                     struct solver_violations *violations, struct err_info *ei)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return err_set(ei, ERR_SYNTAX, "", "not JSON: %s (line %d)", je.text,
                       je.line);
    json_t *format = json_object_get(root, "format");
    json_t *lists[2] = {json_object_get(root, "assignments"),
                        json_object_get(root, "unplaced")};
    int rc = 0;
    if (!json_is_string(format) ||
        strcmp(json_string_value(format), "randa-plan/1") != 0)
        rc = err_set(ei, ERR_INVAL, "format",
                     "format: must be \"randa-plan/1\"");
    else if (!json_is_array(lists[0]) || (lists[1] && !json_is_array(lists[1])))
        rc = err_set(ei, ERR_INVAL, "assignments",
                     "assignments and unplaced must be lists");
    out->nneeds = p->nneeds;
    out->at = xcalloc((size_t)p->nneeds + 1, sizeof(*out->at));
    int *seen = xcalloc((size_t)p->nneeds + 1, sizeof(int));
    for (int placed = 1; rc == 0 && placed >= 0; placed--) {
        size_t k;
        json_t *e;
        json_array_foreach(lists[1 - placed], k, e)
        {
            rc = plan_entry(p, e, placed, k, out, seen, violations, ei);
            if (rc)
                break;
        }
    }
    for (int n = 0; rc == 0 && n < p->nneeds; n++)
        if (!seen[n])
            plan_violate(violations, plan_about(SOLVER_V_MISSING, n),
                         "rule 0: need %s: neither assigned nor unplaced",
                         p->needs[n].id);
    free(seen);
    json_decref(root);
    if (rc)
        solver_plan_free(out);
    return rc;
}

void solver_plan_free(struct solver_plan *pl)
{
    free(pl->at);
    pl->at = NULL;
    pl->nneeds = 0;
}

static int plan_len(const struct solver_problem *p,
                    const struct solver_placement *a, int n)
{
    return p->needs[n].options[a->option].len;
}

/* Adds occupancy of placement n into use (horizon weeks). */
static void plan_occupy(const struct solver_problem *p,
                        const struct solver_plan *pl, int n, int *use)
{
    const struct solver_placement *a = &pl->at[n];
    enum pattern pat = p->needs[n].options[a->option].pattern;
    int len = plan_len(p, a, n);
    for (int k = 0; k < len && a->start + k < p->weeks; k++)
        if (a->start + k >= 0) /* a negative start breaks rule 2 */
            use[a->start + k] += pattern_occupancy(pat, k);
}

/* Rule 5 or 6 for one unit, whose use per week is given: names the needs
 * at the unit (or away from it) in a week over its limit. */
static void plan_capacity(const struct solver_problem *p,
                          const struct solver_plan *pl, int u, int away,
                          const int *use, struct solver_violations *out)
{
    int limit_seats = away ? p->units[u].max_away : 0;
    for (int w = 0; w < p->weeks; w++) {
        int seats = away ? limit_seats : p->units[u].seats[w];
        if (use[w] <= 100 * seats)
            continue;
        char names[256] = "";
        size_t used = 0;
        for (int n = 0; n < p->nneeds && used < sizeof(names) - 1; n++) {
            const struct solver_placement *a = &pl->at[n];
            if (!a->assigned || a->start > w ||
                a->start + plan_len(p, a, n) <= w)
                continue;
            if (away ? p->trainees[p->needs[n].trainee].home != u
                     : a->unit != u || a->group)
                continue;
            used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
                                     used ? ", " : "", p->needs[n].id);
        }
        struct solver_violation v =
            plan_about(away ? SOLVER_V_AWAY : SOLVER_V_SEATS, -1);
        v.unit = u;
        v.week = v.last_week = w;
        v.value = use[w];
        v.limit = seats;
        if (away)
            plan_violate(out, v,
                         "rule 6: unit %s week %d: its trainees away "
                         "occupy %d, more than 100 x max_away %d (needs %s)",
                         p->units[u].id, w, use[w], seats, names);
        else
            plan_violate(out, v,
                         "rule 5: unit %s week %d: occupancy %d exceeds "
                         "100 x %d seats (needs %s)",
                         p->units[u].id, w, use[w], seats, names);
    }
}

/* Rules 5 and 6, unit by unit: the use of every unit's seats and of its
 * trainees away, week by week, added up in one pass over the plan. */
static void plan_capacities(const struct solver_problem *p,
                            const struct solver_plan *pl,
                            struct solver_violations *out)
{
    size_t weeks = (size_t)p->weeks, cells = (size_t)p->nunits * weeks;
    int *seat_use = xcalloc(cells + 1, sizeof(int));
    int *away_use = xcalloc(cells + 1, sizeof(int));
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_placement *a = &pl->at[n];
        if (!a->assigned)
            continue;
        if (!a->group)
            plan_occupy(p, pl, n, &seat_use[(size_t)a->unit * weeks]);
        int home = p->trainees[p->needs[n].trainee].home;
        if (p->units[home].max_away != SOLVER_NONE)
            plan_occupy(p, pl, n, &away_use[(size_t)home * weeks]);
    }
    for (int u = 0; u < p->nunits; u++) {
        plan_capacity(p, pl, u, 0, &seat_use[(size_t)u * weeks], out);
        if (p->units[u].max_away != SOLVER_NONE)
            plan_capacity(p, pl, u, 1, &away_use[(size_t)u * weeks], out);
    }
    free(seat_use);
    free(away_use);
}

/* Rule 7 (docs/planning-format-groups.md): a group option's placement is in
 * a group of its unit, within the group's weeks; one group's members share
 * start, end and pattern, are at most size and, when any, at least needed,
 * unless all of them are fixed (a live group still waiting for members). */
static void plan_groups(const struct solver_problem *p,
                        const struct solver_plan *pl,
                        struct solver_violations *out)
{
    int *first = xcalloc((size_t)p->ngroups + 1, sizeof(int));
    int *count = xcalloc((size_t)p->ngroups + 1, sizeof(int));
    int *nfixed = xcalloc((size_t)p->ngroups + 1, sizeof(int));
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_placement *a = &pl->at[n];
        if (!a->assigned)
            continue;
        const struct solver_need *pn = &p->needs[n];
        if (pn->fixed && a->group && a->group == pn->fixed_group + 1)
            nfixed[a->group - 1]++;
        const struct solver_need_option *po = &pn->options[a->option];
        int g = a->group - 1, end = a->start + po->len;
        struct solver_violation v = plan_about(SOLVER_V_GROUP_WRONG, n);
        v.unit = a->unit;
        v.week = a->start;
        v.last_week = end - 1;
        if (po->group && g < 0) {
            plan_violate(out, v,
                         "rule 7: need %s: option %d is a group option, but "
                         "the placement names no group",
                         pn->id, a->option);
            continue;
        }
        if (g < 0)
            continue;
        const struct solver_group *pg = &p->groups[g];
        if (!po->group || pg->unit != a->unit) {
            plan_violate(out, v,
                         !po->group ? "rule 7: need %s: option %d is not a "
                                      "group option, but names group %s"
                                    : "rule 7: need %s: option %d: group %s "
                                      "is not a group of its unit",
                         pn->id, a->option, pg->id);
            continue;
        }
        if (a->start < pg->from || end > pg->to) {
            v.kind = SOLVER_V_GROUP_OUTSIDE;
            v.limit = pg->to;
            plan_violate(out, v,
                         "rule 7: need %s: weeks %d to %d are not within "
                         "group %s's weeks %d to %d",
                         pn->id, a->start, end - 1, pg->id, pg->from,
                         pg->to - 1);
        }
        if (count[g]++ == 0) {
            first[g] = n;
            continue;
        }
        const struct solver_placement *b = &pl->at[first[g]];
        const struct solver_need_option *bo =
            &p->needs[first[g]].options[b->option];
        if (b->start != a->start || b->start + bo->len != end ||
            bo->pattern != po->pattern) {
            v.kind = SOLVER_V_GROUP_SPLIT;
            v.other = first[g];
            plan_violate(out, v,
                         "rule 7: need %s: group %s is split: weeks %d to %d "
                         "%s, need %s weeks %d to %d %s",
                         pn->id, pg->id, a->start, end - 1,
                         pattern_name(po->pattern), p->needs[first[g]].id,
                         b->start, b->start + bo->len - 1,
                         pattern_name(bo->pattern));
        }
    }
    for (int g = 0; g < p->ngroups; g++) {
        const struct solver_group *pg = &p->groups[g];
        if (count[g] == 0 || (count[g] >= pg->needed && count[g] <= pg->size))
            continue;
        if (count[g] < pg->needed && nfixed[g] == count[g])
            continue; /* only its bookings: waiting for members */
        struct solver_violation v = plan_about(
            count[g] > pg->size ? SOLVER_V_GROUP_FULL : SOLVER_V_GROUP_SHORT,
            first[g]);
        v.unit = pg->unit;
        v.week = pl->at[first[g]].start;
        v.value = count[g];
        v.limit = count[g] > pg->size ? pg->size : pg->needed;
        plan_violate(out, v,
                     count[g] > pg->size
                         ? "rule 7: group %s: %d members, more than its size "
                           "%d"
                         : "rule 7: group %s: %d members, fewer than the %d "
                           "it needs (placed together or not at all)",
                     pg->id, count[g], v.limit);
    }
    free(first);
    free(count);
    free(nfixed);
}

/* What the trainees of each home unit spend in the plan (nunits). */
static int64_t *plan_spend(const struct solver_problem *p,
                           const struct solver_plan *pl)
{
    int64_t *spend = xcalloc((size_t)p->nunits + 1, sizeof(int64_t));
    for (int n = 0; n < p->nneeds; n++)
        if (pl->at[n].assigned)
            spend[p->trainees[p->needs[n].trainee].home] +=
                p->needs[n].options[pl->at[n].option].spend;
    return spend;
}

/* Rule 8: a budget without a weight is a hard limit. */
static void plan_budgets(const struct solver_problem *p,
                         const struct solver_plan *pl,
                         struct solver_violations *out)
{
    int64_t *spend = plan_spend(p, pl);
    for (int u = 0; u < p->nunits; u++) {
        const struct solver_unit *pu = &p->units[u];
        if (pu->budget_amount == SOLVER_NONE ||
            pu->budget_weight != SOLVER_NONE || spend[u] <= pu->budget_amount)
            continue;
        struct solver_violation v = plan_about(SOLVER_V_BUDGET, -1);
        v.unit = u;
        v.value = spend[u] > INT32_MAX ? INT32_MAX : (int)spend[u];
        v.limit = pu->budget_amount;
        plan_violate(out, v,
                     "rule 8: unit %s: its trainees' placements spend %lld, "
                     "more than its budget %d",
                     pu->id, (long long)spend[u], pu->budget_amount);
    }
    free(spend);
}

int solver_plan_check(const struct solver_problem *p,
                      const struct solver_plan *pl,
                      struct solver_violations *out)
{
    int before = out->n;
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        const struct solver_placement *a = &pl->at[n];
        const struct solver_trainee *t = &p->trainees[pn->trainee];
        /* 1: fixed needs exactly as fixed. */
        if (pn->fixed &&
            (!a->assigned || a->option != pn->fixed_option ||
             a->unit != pn->fixed_unit || a->start != pn->fixed_start ||
             a->group != pn->fixed_group + 1)) {
            struct solver_violation v = plan_about(SOLVER_V_FIXED_MOVED, n);
            v.unit = pn->fixed_unit;
            v.week = pn->fixed_start;
            plan_violate(
                out, v,
                "rule 1: need %s: fixed at unit %s option %d week "
                "%d%s%s, but the plan %s",
                pn->id, p->units[pn->fixed_unit].id, pn->fixed_option,
                pn->fixed_start, pn->fixed_group >= 0 ? " group " : "",
                pn->fixed_group >= 0 ? p->groups[pn->fixed_group].id : "",
                a->assigned ? "places it otherwise" : "leaves it unplaced");
        }
        /* 4: predecessors assigned and over before the start. */
        for (int k = 0; a->assigned && k < pn->nafter; k++) {
            int m = pn->after[k];
            const struct solver_placement *b = &pl->at[m];
            struct solver_violation v =
                plan_about(b->assigned ? SOLVER_V_BEFORE_PREDECESSOR
                                       : SOLVER_V_PREDECESSOR_UNPLACED,
                           n);
            v.other = m;
            v.unit = a->unit;
            v.week = a->start;
            if (!b->assigned)
                plan_violate(out, v,
                             "rule 4: need %s: its predecessor %s is "
                             "unplaced",
                             pn->id, p->needs[m].id);
            else if (b->start + plan_len(p, b, m) > a->start)
                plan_violate(out, v,
                             "rule 4: need %s: starts week %d, before its "
                             "predecessor %s ends (week %d)",
                             pn->id, a->start, p->needs[m].id,
                             b->start + plan_len(p, b, m));
        }
        if (!a->assigned)
            continue;
        int end = a->start + plan_len(p, a, n);
        struct solver_violation v = plan_about(SOLVER_V_BEFORE_FROM, n);
        v.unit = a->unit;
        v.week = a->start;
        v.last_week = end - 1;
        /* 2: within the trainee's, the need's and the horizon's bounds. */
        v.kind = SOLVER_V_BEFORE_FROM;
        v.limit = t->from;
        if (a->start < t->from)
            plan_violate(out, v,
                         "rule 2: need %s: unit %s: starts week %d, before "
                         "the trainee's from (week %d)",
                         pn->id, p->units[a->unit].id, a->start, t->from);
        v.kind = SOLVER_V_BEFORE_EARLIEST;
        v.limit = pn->earliest;
        if (pn->earliest != SOLVER_NONE && a->start < pn->earliest)
            plan_violate(out, v,
                         "rule 2: need %s: unit %s: starts week %d, before "
                         "its earliest (week %d)",
                         pn->id, p->units[a->unit].id, a->start, pn->earliest);
        v.kind = SOLVER_V_AFTER_HORIZON;
        v.limit = p->weeks;
        if (end > p->weeks)
            plan_violate(out, v,
                         "rule 2: need %s: unit %s: ends week %d, after the "
                         "horizon's %d weeks",
                         pn->id, p->units[a->unit].id, end, p->weeks);
        v.kind = SOLVER_V_AFTER_LATEST_END;
        v.limit = pn->latest_end;
        if (pn->latest_end != SOLVER_NONE && end > pn->latest_end)
            plan_violate(out, v,
                         "rule 2: need %s: unit %s: ends week %d, after its "
                         "latest_end (week %d)",
                         pn->id, p->units[a->unit].id, end, pn->latest_end);
        /* 3: no overlap with the trainee's other placements or leave. */
        v.kind = SOLVER_V_OVERLAPS_NEED;
        v.limit = 0;
        for (int m = t->first_need; m < n; m++) {
            const struct solver_placement *b = &pl->at[m];
            v.other = m;
            if (b->assigned && b->start < end &&
                a->start < b->start + plan_len(p, b, m))
                plan_violate(out, v,
                             "rule 3: need %s: weeks %d to %d overlap need "
                             "%s of the same trainee",
                             pn->id, a->start, end - 1, p->needs[m].id);
        }
        v.kind = SOLVER_V_OVERLAPS_UNAVAILABLE;
        v.other = -1;
        for (int k = 0; k < t->nunavailable; k++)
            if (t->unavailable[k][0] < end && a->start < t->unavailable[k][1])
                plan_violate(out, v,
                             "rule 3: need %s: weeks %d to %d overlap the "
                             "trainee's unavailable weeks %d to %d",
                             pn->id, a->start, end - 1, t->unavailable[k][0],
                             t->unavailable[k][1] - 1);
    }
    /* 5 and 6: seats and the limit on trainees away, week by week. */
    plan_capacities(p, pl, out);
    if (p->extended) {
        plan_groups(p, pl, out);
        plan_budgets(p, pl, out);
    }
    return out->n - before;
}

int64_t solver_plan_score(const struct solver_problem *p,
                          const struct solver_plan *pl)
{
    int64_t unplaced = 0, late = 0, shift = 0, cost = 0;
    for (int t = 0; t < p->ntrainees; t++) {
        const struct solver_trainee *pt = &p->trainees[t];
        int end = 0;
        for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
            const struct solver_need *pn = &p->needs[n];
            const struct solver_placement *a = &pl->at[n];
            if (!a->assigned) {
                unplaced += pn->options[0].weeks;
                continue;
            }
            int e = a->start + plan_len(p, a, n);
            end = e > end ? e : end;
            if (pn->preferred_start != SOLVER_NONE)
                shift += llabs((long long)a->start - pn->preferred_start);
            cost += pn->options[a->option].cost;
        }
        if (end > pt->deadline)
            late += (int64_t)pt->priority * (end - pt->deadline);
    }
    int64_t over = 0;
    if (p->extended) {
        int64_t *spend = plan_spend(p, pl);
        for (int u = 0; u < p->nunits; u++) {
            const struct solver_unit *pu = &p->units[u];
            if (pu->budget_weight != SOLVER_NONE &&
                spend[u] > pu->budget_amount)
                over += pu->budget_weight * (spend[u] - pu->budget_amount);
        }
        free(spend);
    }
    return p->w_unplaced * unplaced + p->w_late * late + p->w_shift * shift +
           cost + over;
}
