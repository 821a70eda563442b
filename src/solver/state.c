/* A plan under construction and its free seats (search.h). */
#include "solver/search.h"

#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int solver__occ(const struct solver_need_option *o, int k)
{
    return pattern_occupancy(o->pattern, k);
}

/* Adds sign x the occupancy of need n's placement a to s's free seats; a
 * placement in a group takes no seat (docs/planning-format-groups.md) but
 * still counts against its home unit's max_away. */
static void solver__occupy(struct solver__state *s, int n,
                           const struct solver_placement *a, int sign)
{
    const struct solver_problem *p = s->p;
    const struct solver_need_option *o = &p->needs[n].options[a->option];
    int home = p->trainees[p->needs[n].trainee].home;
    int limited = p->units[home].max_away != SOLVER_NONE;
    int *res = s->res + (size_t)a->unit * (size_t)p->weeks;
    int *away = s->away + (size_t)home * (size_t)p->weeks;
    for (int k = 0; k < o->len && a->start + k < p->weeks; k++) {
        int q = solver__occ(o, k) * sign;
        if (!a->group)
            res[a->start + k] -= q;
        if (limited)
            away[a->start + k] -= q;
    }
}

void solver__state_init(struct solver__state *s, const struct solver_problem *p)
{
    size_t cells = (size_t)p->nunits * (size_t)p->weeks + 1;
    s->p = p;
    s->at = xcalloc((size_t)p->nneeds + 1, sizeof(*s->at));
    s->res = xmalloc(cells * sizeof(int));
    s->away = xmalloc(cells * sizeof(int));
    s->tscore = xcalloc((size_t)p->ntrainees + 1, sizeof(int64_t));
    for (int u = 0; u < p->nunits; u++)
        for (int w = 0; w < p->weeks; w++) {
            size_t i = (size_t)u * (size_t)p->weeks + (size_t)w;
            s->res[i] = 100 * p->units[u].seats[w];
            s->away[i] = p->units[u].max_away == SOLVER_NONE
                             ? INT_MAX / 2
                             : 100 * p->units[u].max_away;
        }
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        if (!pn->fixed)
            continue;
        s->at[n] =
            (struct solver_placement){1, pn->fixed_option, pn->fixed_unit,
                                      pn->fixed_start, pn->fixed_group + 1};
        solver__occupy(s, n, &s->at[n], 1);
    }
    s->score = 0;
    for (int t = 0; t < p->ntrainees; t++) {
        s->tscore[t] = solver__trainee_score(p, s->at, t);
        s->score += s->tscore[t];
    }
}

void solver__state_copy(struct solver__state *dst,
                        const struct solver__state *src)
{
    const struct solver_problem *p = src->p;
    size_t cells = (size_t)p->nunits * (size_t)p->weeks + 1;
    if (!dst->p)
        solver__state_init(dst, p);
    memcpy(dst->at, src->at, ((size_t)p->nneeds + 1) * sizeof(*dst->at));
    memcpy(dst->res, src->res, cells * sizeof(int));
    memcpy(dst->away, src->away, cells * sizeof(int));
    memcpy(dst->tscore, src->tscore,
           ((size_t)p->ntrainees + 1) * sizeof(int64_t));
    dst->score = src->score;
}

void solver__state_free(struct solver__state *s)
{
    free(s->at);
    free(s->res);
    free(s->away);
    free(s->tscore);
    memset(s, 0, sizeof(*s));
}

void solver__unplace(struct solver__state *s, int t)
{
    const struct solver_trainee *pt = &s->p->trainees[t];
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++)
        if (s->at[n].assigned && !s->p->needs[n].fixed) {
            solver__occupy(s, n, &s->at[n], -1);
            s->at[n].assigned = 0;
        }
    s->score -= s->tscore[t];
    s->tscore[t] = solver__trainee_score(s->p, s->at, t);
    s->score += s->tscore[t];
}

void solver__place(struct solver__state *s, int t,
                   const struct solver_placement *from)
{
    const struct solver_trainee *pt = &s->p->trainees[t];
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++)
        if (from[n].assigned && !s->p->needs[n].fixed) {
            s->at[n] = from[n];
            solver__occupy(s, n, &s->at[n], 1);
        }
    s->score -= s->tscore[t];
    s->tscore[t] = solver__trainee_score(s->p, s->at, t);
    s->score += s->tscore[t];
}

int64_t solver__trainee_score(const struct solver_problem *p,
                              const struct solver_placement *at, int t)
{
    const struct solver_trainee *pt = &p->trainees[t];
    int64_t score = 0;
    int end = 0;
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        if (!at[n].assigned) {
            score += p->w_unplaced * pn->options[0].weeks;
            continue;
        }
        int e = at[n].start + pn->options[at[n].option].len;
        end = e > end ? e : end;
        if (pn->preferred_start != SOLVER_NONE)
            score += p->w_shift *
                     llabs((long long)at[n].start - pn->preferred_start);
        score += pn->options[at[n].option].cost;
    }
    if (end > pt->deadline)
        score += p->w_late * pt->priority * (end - pt->deadline);
    return score;
}

int solver__start_ok(const struct solver_problem *p,
                     const struct solver_placement *at, int n, int o, int s)
{
    const struct solver_need *pn = &p->needs[n];
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    int e = s + pn->options[o].len;
    if (s < pt->from || e > p->weeks ||
        (pn->earliest != SOLVER_NONE && s < pn->earliest) ||
        (pn->latest_end != SOLVER_NONE && e > pn->latest_end))
        return 0;
    for (int k = 0; k < pt->nunavailable; k++)
        if (pt->unavailable[k][0] < e && s < pt->unavailable[k][1])
            return 0;
    for (int k = 0; k < pn->nafter; k++) {
        const struct solver_placement *b = &at[pn->after[k]];
        if (!b->assigned ||
            b->start + p->needs[pn->after[k]].options[b->option].len > s)
            return 0;
    }
    return 1;
}

int solver__first_fit(const struct solver__state *st, int n, int o, int u,
                      int lo, const unsigned char *busy, int ignore_away)
{
    const struct solver_problem *p = st->p;
    const struct solver_need *pn = &p->needs[n];
    const struct solver_need_option *po = &pn->options[o];
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    int limited = p->units[pt->home].max_away != SOLVER_NONE && !ignore_away;
    const int *res = st->res + (size_t)u * (size_t)p->weeks;
    const int *away = st->away + (size_t)pt->home * (size_t)p->weeks;
    int hi = p->weeks;
    if (pn->latest_end != SOLVER_NONE && pn->latest_end < hi)
        hi = pn->latest_end;
    if (lo < pt->from)
        lo = pt->from;
    if (pn->earliest != SOLVER_NONE && lo < pn->earliest)
        lo = pn->earliest;
    for (int s = lo; s + po->len <= hi; s++) {
        int ok = 1;
        for (int k = 0; ok && k < pt->nunavailable; k++)
            ok = !(pt->unavailable[k][0] < s + po->len &&
                   s < pt->unavailable[k][1]);
        for (int k = 0; ok && k < po->len; k++) {
            int q = solver__occ(po, k), w = s + k;
            ok =
                !(busy && busy[w]) && res[w] >= q && (!limited || away[w] >= q);
        }
        if (ok)
            return s;
    }
    return -1;
}
