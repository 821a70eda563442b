/*
 * The first-come-first-served baseline: how rotations are planned today.
 * Each trainee in turn (in the problem's order) takes, need by need, the
 * earliest free place of any option and unit from the need's preferred
 * start (or, when there is none from then, from its earliest start); a
 * need with no place left (or whose predecessor got none) stays unplaced.
 * On the format's example this gives the 12,089 the format names.
 */
#include "solver/search.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Marks need n's placement weeks in busy. */
static void fcfs_mark(const struct solver__state *s, int n, unsigned char *busy)
{
    const struct solver_placement *a = &s->at[n];
    int len = s->p->needs[n].options[a->option].len;
    for (int k = 0; k < len && a->start + k < s->p->weeks; k++)
        busy[a->start + k] = 1;
}

/* Places need n at its earliest fit, if any; preds are decided. */
static void fcfs_need(struct solver__state *s, int n, unsigned char *busy,
                      struct solver_placement *at)
{
    const struct solver_problem *p = s->p;
    const struct solver_need *pn = &p->needs[n];
    int lo = 0;
    for (int k = 0; k < pn->nafter; k++) {
        const struct solver_placement *b = &s->at[pn->after[k]];
        if (!b->assigned)
            return; /* waits for a need that got no place */
        int end = b->start + p->needs[pn->after[k]].options[b->option].len;
        lo = end > lo ? end : lo;
    }
    /* A fixed successor's start is the latest end (rule 4). */
    int hi = p->weeks;
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    for (int m = pt->first_need; m < pt->first_need + pt->nneeds; m++)
        for (int k = 0; p->needs[m].fixed && k < p->needs[m].nafter; k++)
            if (p->needs[m].after[k] == n && p->needs[m].fixed_start < hi)
                hi = p->needs[m].fixed_start;
    /* From the start the education plan names, if it has one; failing
     * that, from the earliest start allowed. */
    struct solver_placement best = {0, 0, 0, 0, 0};
    int pref = pn->preferred_start != SOLVER_NONE && pn->preferred_start > lo
                   ? pn->preferred_start
                   : lo;
    for (int from = pref;; from = lo) {
        for (int o = 0; o < pn->noptions; o++)
            for (int i = 0; i < pn->options[o].nunits; i++) {
                int u = pn->options[o].units[i];
                int st = solver__first_fit(s, n, o, u, from, busy, 0);
                if (st >= 0 && st + pn->options[o].len <= hi &&
                    (!best.assigned || st < best.start))
                    best = (struct solver_placement){1, o, u, st, 0};
            }
        if (best.assigned || from == lo)
            break;
    }
    if (!best.assigned)
        return;
    at[n] = best;
    solver__place(s, pn->trainee, at);
    at[n].assigned = 0;
    fcfs_mark(s, n, busy);
}

void solver__fcfs(struct solver__state *s)
{
    const struct solver_problem *p = s->p;
    unsigned char *busy = xmalloc((size_t)p->weeks + 1);
    unsigned char *done = xcalloc((size_t)p->nneeds + 1, 1);
    struct solver_placement *at = xcalloc((size_t)p->nneeds + 1, sizeof(*at));
    for (int t = 0; t < p->ntrainees; t++) {
        const struct solver_trainee *pt = &p->trainees[t];
        int first = pt->first_need, last = first + pt->nneeds;
        memset(busy, 0, (size_t)p->weeks + 1);
        for (int n = first; n < last; n++)
            if (p->needs[n].fixed) {
                fcfs_mark(s, n, busy);
                done[n] = 1;
            }
        /* In the problem's order, each need once its predecessors are. */
        for (int left = 1; left;) {
            left = 0;
            for (int n = first; n < last; n++) {
                if (done[n])
                    continue;
                int ready = 1;
                for (int k = 0; k < p->needs[n].nafter; k++)
                    ready &= done[p->needs[n].after[k]];
                if (!ready) {
                    left = 1;
                    continue;
                }
                fcfs_need(s, n, busy, at);
                done[n] = 1;
            }
        }
    }
    free(at);
    free(done);
    free(busy);
}
