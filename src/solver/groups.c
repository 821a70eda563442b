/*
 * Gaffel groups and home-unit budgets in the optimiser
 * (docs/planning-format-groups.md). The simplest sound approach: the
 * search runs on a view of the problem in which no group option can be
 * placed (so every plan it finds keeps rule 7); its plan is then cut to the
 * hard budgets (rule 8) and whole groups are placed greedily, one group at a
 * time, each at the common start that lowers the score most, with the
 * plan's own checker (plan.c) deciding what fits. A need joins a group
 * from unplaced or from a seat (moved); fixed needs never move.
 */
#include "solver/search.h"

#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* How many needs are fixed in a group (docs/planning-format-groups.md). */
static int groups_nfixed(const struct solver_problem *p)
{
    int k = 0;
    for (int n = 0; n < p->nneeds; n++)
        k += p->needs[n].fixed && p->needs[n].fixed_group >= 0;
    return k;
}

struct solver_problem *solver__seat_view(const struct solver_problem *p)
{
    struct solver_problem *v = xcalloc(1, sizeof(*v));
    *v = *p;
    v->extended = 0;
    /* Fixed group members take no seat: in the view they are fixed on one
     * more unit, "(fixed in groups)", with a seat for each of them in its
     * weeks, so that every part of the search (state, DP, bounds) sees
     * them take no seat of a real unit and still count as away from home. */
    int nfixed = groups_nfixed(p), phantom = p->nunits;
    if (nfixed) {
        v->nunits = p->nunits + 1;
        v->units = xcalloc((size_t)v->nunits + 1, sizeof(*v->units));
        memcpy(v->units, p->units, (size_t)p->nunits * sizeof(*v->units));
        struct solver_unit *pu = &v->units[phantom];
        pu->id = pu->name = "(fixed in groups)";
        pu->max_away = pu->budget_amount = pu->budget_weight = SOLVER_NONE;
        pu->seats = xcalloc((size_t)p->weeks + 1, sizeof(int));
        /* A seat in each week of each fixed member and none else, so that
         * the aggregate bound, which pools units that needs join, gains no
         * seat-weeks from it. */
        for (int n = 0; n < p->nneeds; n++) {
            const struct solver_need *pn = &p->needs[n];
            if (!pn->fixed || pn->fixed_group < 0)
                continue;
            int e = pn->fixed_start + pn->options[pn->fixed_option].len;
            for (int w = pn->fixed_start; w < e && w < p->weeks; w++)
                pu->seats[w]++;
        }
    }
    v->needs = xcalloc((size_t)p->nneeds + 1, sizeof(*v->needs));
    memcpy(v->needs, p->needs, (size_t)p->nneeds * sizeof(*v->needs));
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        v->needs[n].fixed_group = -1;
        int any = 0;
        for (int o = 0; o < pn->noptions; o++)
            any |= pn->options[o].group;
        if (!any)
            continue;
        struct solver_need_option *opts =
            xcalloc((size_t)pn->noptions, sizeof(*opts));
        memcpy(opts, pn->options, (size_t)pn->noptions * sizeof(*opts));
        /* Longer than the horizon: every search skips it as it skips any
         * placement that does not fit the horizon. */
        for (int o = 0; o < pn->noptions; o++)
            if (opts[o].group)
                opts[o].len = p->weeks + 1;
        if (pn->fixed && pn->fixed_group >= 0) {
            struct solver_need_option *fo = &opts[pn->fixed_option];
            fo->len = pn->options[pn->fixed_option].len;
            fo->units = xmalloc(sizeof(int));
            fo->units[0] = phantom;
            fo->nunits = 1;
            fo->group = 0;
            v->needs[n].fixed_unit = phantom;
        }
        v->needs[n].options = opts;
    }
    return v;
}

void solver__seat_view_free(const struct solver_problem *p,
                            struct solver_problem *v)
{
    if (!v)
        return;
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        if (v->needs[n].options == pn->options)
            continue;
        if (pn->fixed && pn->fixed_group >= 0)
            free(v->needs[n].options[pn->fixed_option].units);
        free(v->needs[n].options);
    }
    if (v->units != p->units) {
        for (int u = p->nunits; u < v->nunits; u++)
            free(v->units[u].seats);
        free(v->units);
    }
    free(v->needs);
    free(v);
}

void solver__seat_view_return(const struct solver_problem *p,
                              struct solver_plan *pl)
{
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        if (pn->fixed && pn->fixed_group >= 0)
            pl->at[n] =
                (struct solver_placement){1, pn->fixed_option, pn->fixed_unit,
                                          pn->fixed_start, pn->fixed_group + 1};
    }
}

struct solver_problem *solver__bound_view(const struct solver_problem *p,
                                          int price)
{
    struct solver_problem *v = xcalloc(1, sizeof(*v));
    *v = *p;
    v->extended = 0;
    v->ngroups = 0;
    v->groups = NULL;
    /* One more unit per unit with groups: its groups' places, week by week;
     * and one without seats for group options at units with none. */
    int *pool = xcalloc((size_t)p->nunits + 1, sizeof(int));
    for (int u = 0; u < p->nunits; u++)
        pool[u] = -1;
    int npool = 0;
    for (int g = 0; g < p->ngroups; g++)
        if (pool[p->groups[g].unit] < 0)
            pool[p->groups[g].unit] = p->nunits + npool++;
    int none = p->nunits + npool;
    v->nunits = none + 1;
    v->units = xcalloc((size_t)v->nunits + 1, sizeof(*v->units));
    memcpy(v->units, p->units, (size_t)p->nunits * sizeof(*v->units));
    for (int u = p->nunits; u < v->nunits; u++) {
        struct solver_unit *pu = &v->units[u];
        pu->id = u == none ? "(no gaffel group)" : "(gaffel groups)";
        pu->name = pu->id;
        pu->max_away = pu->budget_amount = pu->budget_weight = SOLVER_NONE;
        pu->seats = xcalloc((size_t)p->weeks + 1, sizeof(int));
    }
    for (int g = 0; g < p->ngroups; g++) {
        int *seats = v->units[pool[p->groups[g].unit]].seats;
        for (int w = p->groups[g].from; w < p->groups[g].to && w < p->weeks;
             w++)
            seats[w] += p->groups[g].size;
    }
    v->needs = xcalloc((size_t)p->nneeds + 1, sizeof(*v->needs));
    memcpy(v->needs, p->needs, (size_t)p->nneeds * sizeof(*v->needs));
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        int any = 0;
        for (int o = 0; o < pn->noptions; o++)
            any |= pn->options[o].group;
        if (!any)
            continue;
        struct solver_need_option *opts =
            xcalloc((size_t)pn->noptions, sizeof(*opts));
        memcpy(opts, pn->options, (size_t)pn->noptions * sizeof(*opts));
        for (int o = 0; o < pn->noptions; o++) {
            if (!opts[o].group)
                continue;
            int *units = xcalloc((size_t)opts[o].nunits, sizeof(int)), k = 0;
            for (int i = 0; i < opts[o].nunits; i++)
                if (pool[opts[o].units[i]] >= 0)
                    units[k++] = pool[opts[o].units[i]];
            if (k == 0)
                units[k++] = none;
            opts[o].units = units;
            opts[o].nunits = k;
            opts[o].group = 0;
            opts[o].cost += price;
        }
        v->needs[n].options = opts;
        /* A fixed member is on its group's pool, which counts it. */
        if (pn->fixed && pn->fixed_group >= 0)
            v->needs[n].fixed_unit = pool[pn->fixed_unit];
    }
    for (int n = 0; n < p->nneeds; n++)
        v->needs[n].fixed_group = -1;
    free(pool);
    return v;
}

int solver__group_places(const struct solver_problem *p)
{
    unsigned char *used = xcalloc((size_t)p->nunits + 1, 1);
    for (int n = 0; n < p->nneeds; n++)
        for (int o = 0; o < p->needs[n].noptions; o++)
            for (int k = 0; p->needs[n].options[o].group &&
                            k < p->needs[n].options[o].nunits;
                 k++)
                used[p->needs[n].options[o].units[k]] = 1;
    int places = 0;
    for (int g = 0; g < p->ngroups; g++)
        places += used[p->groups[g].unit] ? p->groups[g].size : 0;
    free(used);
    return places;
}

int solver__group_price(const struct solver_problem *p)
{
    int64_t price = -1;
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        int any = 0;
        for (int o = 0; o < pn->noptions; o++)
            any |= pn->options[o].group;
        int64_t worth = p->w_unplaced * pn->options[0].weeks;
        if (any && !pn->fixed && (price < 0 || worth < price))
            price = worth;
    }
    return price < 0 ? 0 : price > 100000000 ? 100000000 : (int)price;
}

int solver__group_members(const struct solver_problem *p,
                          const struct solver_plan *pl)
{
    int members = 0;
    for (int n = 0; n < p->nneeds && n < pl->nneeds; n++)
        members +=
            pl->at[n].assigned && p->needs[n].options[pl->at[n].option].group;
    return members;
}

void solver__bound_view_free(const struct solver_problem *p,
                             struct solver_problem *v)
{
    if (!v)
        return;
    for (int n = 0; n < p->nneeds; n++) {
        if (v->needs[n].options == p->needs[n].options)
            continue;
        for (int o = 0; o < p->needs[n].noptions; o++)
            if (p->needs[n].options[o].group)
                free(v->needs[n].options[o].units);
        free(v->needs[n].options);
    }
    for (int u = p->nunits; u < v->nunits; u++)
        free(v->units[u].seats);
    free(v->units);
    free(v->needs);
    free(v);
}

/* Violations of pl other than a short group g (-1: none excused). */
static int groups_broken(const struct solver_problem *p,
                         const struct solver_plan *pl, int g)
{
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    solver_plan_check(p, pl, &vs);
    int bad = 0;
    for (int i = 0; i < vs.n; i++)
        if (!(vs.v[i].kind == SOLVER_V_GROUP_SHORT && g >= 0 &&
              vs.v[i].unit == p->groups[g].unit &&
              pl->at[vs.v[i].need].group == g + 1))
            bad++;
    solver_violations_release(&vs);
    return bad;
}

/* Leaves need n and every need that waits for it unplaced. */
static void groups_unplace(const struct solver_problem *p,
                           struct solver_plan *pl, int n)
{
    pl->at[n].assigned = 0;
    pl->at[n].group = 0;
    const struct solver_trainee *t = &p->trainees[p->needs[n].trainee];
    for (int m = t->first_need; m < t->first_need + t->nneeds; m++)
        for (int k = 0; k < p->needs[m].nafter; k++)
            if (p->needs[m].after[k] == n && pl->at[m].assigned &&
                !p->needs[m].fixed)
                groups_unplace(p, pl, m);
}

/* 1 when a fixed need waits for need n, directly or through others: n must
 * then keep its place (rule 4). */
static int groups_pinned(const struct solver_problem *p, int n)
{
    const struct solver_trainee *t = &p->trainees[p->needs[n].trainee];
    for (int m = t->first_need; m < t->first_need + t->nneeds; m++)
        for (int k = 0; k < p->needs[m].nafter; k++)
            if (p->needs[m].after[k] == n &&
                (p->needs[m].fixed || groups_pinned(p, m)))
                return 1;
    return 0;
}

/* Rule 8: while a home unit spends over its hard budget, the placement of
 * its trainees that spends most (and is neither fixed nor waited for by a
 * fixed need) is given up. */
static void groups_cut_budgets(const struct solver_problem *p,
                               struct solver_plan *pl)
{
    for (int u = 0; u < p->nunits; u++) {
        const struct solver_unit *pu = &p->units[u];
        if (pu->budget_amount == SOLVER_NONE ||
            pu->budget_weight != SOLVER_NONE)
            continue;
        for (;;) {
            int64_t spend = 0;
            int worst = -1, most = 0;
            for (int n = 0; n < p->nneeds; n++) {
                const struct solver_placement *a = &pl->at[n];
                if (!a->assigned || p->trainees[p->needs[n].trainee].home != u)
                    continue;
                int s = p->needs[n].options[a->option].spend;
                spend += s;
                if (!p->needs[n].fixed && s > most && !groups_pinned(p, n))
                    worst = n, most = s;
            }
            if (spend <= pu->budget_amount || worst < 0)
                break;
            groups_unplace(p, pl, worst);
        }
    }
}

/* Weighted budgets, which the search does not see: while a home unit
 * spends over its budget, the placement of its trainees whose giving up
 * (with what waits for it) lowers the score most is given up, as long as
 * one does. Each try is priced on its trainee's part of the score and the
 * unit's overspend only, so a pass costs the unit's placements, not the
 * whole plan. */
static void groups_weigh_budgets(const struct solver_problem *p,
                                 struct solver_plan *pl)
{
    struct solver_placement *keep = NULL;
    size_t cap = 0;
    for (int u = 0; u < p->nunits; u++) {
        const struct solver_unit *pu = &p->units[u];
        if (pu->budget_amount == SOLVER_NONE ||
            pu->budget_weight == SOLVER_NONE || pu->budget_weight == 0)
            continue;
        for (;;) {
            int64_t spend = 0;
            for (int n = 0; n < p->nneeds; n++)
                if (pl->at[n].assigned &&
                    p->trainees[p->needs[n].trainee].home == u)
                    spend += p->needs[n].options[pl->at[n].option].spend;
            if (spend <= pu->budget_amount)
                break;
            int64_t over = spend - pu->budget_amount, best_gain = 0;
            int best = -1;
            for (int n = 0; n < p->nneeds; n++) {
                const struct solver_placement *a = &pl->at[n];
                const struct solver_need *pn = &p->needs[n];
                int t = pn->trainee;
                const struct solver_trainee *pt = &p->trainees[t];
                if (!a->assigned || pt->home != u || pn->fixed ||
                    pn->options[a->option].spend == 0 || a->group ||
                    groups_pinned(p, n))
                    continue;
                xgrow((void **)&keep, &cap, (size_t)pt->nneeds + 1,
                      sizeof(*keep));
                memcpy(keep, &pl->at[pt->first_need],
                       (size_t)pt->nneeds * sizeof(*keep));
                int64_t before = solver__trainee_score(p, pl->at, t), saved = 0;
                groups_unplace(p, pl, n);
                for (int k = 0; k < pt->nneeds; k++)
                    if (keep[k].assigned &&
                        !pl->at[pt->first_need + k].assigned)
                        saved += p->needs[pt->first_need + k]
                                     .options[keep[k].option]
                                     .spend;
                int64_t after = solver__trainee_score(p, pl->at, t);
                int64_t left = over > saved ? over - saved : 0;
                int64_t gain =
                    pu->budget_weight * (over - left) - (after - before);
                memcpy(&pl->at[pt->first_need], keep,
                       (size_t)pt->nneeds * sizeof(*keep));
                if (gain > best_gain)
                    best_gain = gain, best = n;
            }
            if (best < 0)
                break;
            groups_unplace(p, pl, best);
        }
    }
    free(keep);
}

/* The order in which needs are offered a group: the unplaced first, then
 * those on a seat that end latest (whose move helps lateness most). */
struct groups_key {
    int end, need;
};

static int groups_cmp(const void *x, const void *y)
{
    const struct groups_key *a = x, *b = y;
    if (a->end != b->end)
        return a->end < b->end ? 1 : -1;
    return (a->need > b->need) - (a->need < b->need);
}

static void groups_order(const struct solver_problem *p,
                         const struct solver_plan *pl, struct groups_key *key,
                         int *order)
{
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_placement *a = &pl->at[n];
        key[n].need = n;
        key[n].end = a->assigned ? a->start + p->needs[n].options[a->option].len
                                 : INT32_MAX;
    }
    qsort(key, (size_t)p->nneeds, sizeof(*key), groups_cmp);
    for (int n = 0; n < p->nneeds; n++)
        order[n] = key[n].need;
}

/* 0 when need n, placed with option o from week s, would break a rule of
 * its own trainee (2, 3 or 4) in pl: a quick test before the whole plan's
 * check, which would refuse it too. */
static int groups_trainee_fits(const struct solver_problem *p,
                               const struct solver_plan *pl, int n, int o,
                               int s)
{
    if (!solver__start_ok(p, pl->at, n, o, s))
        return 0;
    const struct solver_trainee *t = &p->trainees[p->needs[n].trainee];
    int end = s + p->needs[n].options[o].len;
    for (int m = t->first_need; m < t->first_need + t->nneeds; m++) {
        const struct solver_placement *b = &pl->at[m];
        if (m == n || !b->assigned)
            continue;
        int bend = b->start + p->needs[m].options[b->option].len;
        if (b->start < end && s < bend)
            return 0;
        for (int k = 0; k < p->needs[m].nafter; k++)
            if (p->needs[m].after[k] == n && b->start < end)
                return 0;
    }
    return 1;
}

/* Tries group g at start s with every need that may join it (order): the
 * unplaced and those on a seat (moved into the group), each while the plan
 * stays valid. Returns how many joined; they stay in pl, their former
 * placements in was. */
static int groups_fill(const struct solver_problem *p, struct solver_plan *pl,
                       int g, int s, int room, const int *order, int *joined,
                       struct solver_placement *was)
{
    int count = 0;
    const struct solver_group *pg = &p->groups[g];
    /* Two passes: a need may fit only once another has left its seat (the
     * seat freed, or its spend lowered). */
    for (int i = 0; i < 2 * p->nneeds && count < room; i++) {
        int n = order[i % p->nneeds];
        const struct solver_need *pn = &p->needs[n];
        struct solver_placement old = pl->at[n];
        if (pn->fixed || old.group)
            continue;
        for (int o = 0; o < pn->noptions; o++) {
            const struct solver_need_option *po = &pn->options[o];
            int in = 0;
            for (int k = 0; po->group && k < po->nunits; k++)
                in |= po->units[k] == pg->unit;
            if (!in || s + po->len > pg->to ||
                !groups_trainee_fits(p, pl, n, o, s))
                continue;
            pl->at[n] = (struct solver_placement){1, o, pg->unit, s, g + 1};
            if (groups_broken(p, pl, g) == 0) {
                was[count] = old;
                joined[count++] = n;
                break;
            }
            pl->at[n] = old;
        }
    }
    return count;
}

void solver__place_groups(const struct solver_problem *p,
                          struct solver_plan *pl, const atomic_int *cancel)
{
    groups_cut_budgets(p, pl);
    groups_weigh_budgets(p, pl);
    int joined[SOLVER_GROUP_SIZE_MAX], best[SOLVER_GROUP_SIZE_MAX];
    struct solver_placement was[SOLVER_GROUP_SIZE_MAX],
        keep[SOLVER_GROUP_SIZE_MAX];
    int *order = xcalloc((size_t)p->nneeds + 1, sizeof(int));
    struct groups_key *key = xcalloc((size_t)p->nneeds + 1, sizeof(*key));
    for (int g = 0; g < p->ngroups && !(cancel && atomic_load(cancel)); g++) {
        const struct solver_group *pg = &p->groups[g];
        int64_t best_score = solver_plan_score(p, pl);
        int nbest = 0, members = 0, from = pg->from, to = pg->to;
        /* A group with fixed members (a live group waiting for members) is
         * offered at its members' start only, to needs that join it at
         * their weeks and pattern (the checker sees to that). */
        for (int n = 0; n < p->nneeds; n++)
            if (pl->at[n].assigned && pl->at[n].group == g + 1) {
                members++;
                from = pl->at[n].start;
                to = from + 1;
            }
        if (members >= pg->size)
            continue;
        groups_order(p, pl, key, order);
        for (int s = from; s < to && s < p->weeks; s++) {
            int k = groups_fill(p, pl, g, s, pg->size - members, order, joined,
                                was);
            if (k > 0 && members + k >= pg->needed) {
                int64_t sc = solver_plan_score(p, pl);
                if (sc < best_score) {
                    best_score = sc;
                    nbest = k;
                    for (int i = 0; i < k; i++)
                        best[i] = joined[i], keep[i] = pl->at[joined[i]];
                }
            }
            for (int i = k - 1; i >= 0; i--)
                pl->at[joined[i]] = was[i];
        }
        for (int i = 0; i < nbest; i++)
            pl->at[best[i]] = keep[i];
    }
    free(order);
    free(key);
}
