/*
 * The ranking of a freed place's candidates in database ids (reoffer.h).
 */
#include "plan/reoffer.h"

#include "plan/problem.h"
#include "store/store.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t rk_id(const char *id, char prefix)
{
    return id && id[0] == prefix ? strtoll(id + 1, NULL, 10) : 0;
}

/* A horizon week of the score (0: none) as a serial. */
static int rk_serial(int hs, int w)
{
    return w > 0 ? hs + w : STORE_NONE;
}

/*
 * Ranks the candidates of freed place f as of week now (the horizon's
 * start) into out. A closed place or one whose weeks are past has none.
 */
int plan_reoffer_rank(struct store *s, const struct freed_item *f, int now,
                      struct plan_reoffer *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->region = f->region_id;
    out->horizon_start = now;
    if (f->f.closed_at[0]) {
        out->state = PLAN_REOFFER_CLOSED;
        return 0;
    }
    if (f->f.to_week <= now) {
        out->state = PLAN_REOFFER_PAST;
        return 0;
    }
    struct plan_scope scope = {f->region_id, 0, now, f->f.unit_id};
    struct solver_problem *p = NULL;
    int rc = plan_problem_open(s, &scope, &p, NULL, NULL, NULL, ei);
    if (rc)
        return rc;
    out->horizon_weeks = p->weeks;
    char uid[32];
    snprintf(uid, sizeof(uid), "u%lld", (long long)f->f.unit_id);
    int unit = solver_problem_unit(p, uid);
    int a = f->f.from_week > now ? f->f.from_week - now : 0;
    int b = f->f.to_week - now < p->weeks ? f->f.to_week - now : p->weeks;
    if (unit < 0 || b <= a) {
        solver_problem_free(p);
        return 0;
    }
    int *freed = xcalloc((size_t)(b - a), sizeof(int));
    for (int w = a; w < b; w++)
        freed[w - a] = freed_occupancy(f->f.pattern, f->f.seats,
                                       f->f.origin_week, now + w);
    /* A place in a group is none of the unit's seats: ranked as one more
     * seat over the group's weeks, which only its exact weeks and pattern
     * may take (below). */
    if (f->form_id)
        for (int w = a; w < b; w++)
            p->units[unit].seats[w] += (freed[w - a] + 99) / 100;
    struct solver_reoffer_place pl = {unit, a, b, freed};
    struct solver_reoffer_result r;
    rc = solver_reoffer_rank(p, &pl, PLAN_REOFFER_THREADS, &r, ei);
    free(freed);
    if (rc == 0) {
        out->considered = r.considered;
        out->e = xcalloc((size_t)r.n + 1, sizeof(*out->e));
        for (int i = 0; i < r.n; i++) {
            const struct solver_reoffer_candidate *c = &r.c[i];
            const struct solver_need *pn = &p->needs[c->need];
            const struct solver_trainee *pt = &p->trainees[c->trainee];
            struct plan_reoffer_entry *e = &out->e[out->n];
            e->need_id = rk_id(pn->id, 'n');
            e->trainee_id = rk_id(pt->id, 't');
            if (!e->need_id || !e->trainee_id)
                continue; /* a stand-in: never a candidate */
            /* A place in a group: only its exact weeks and pattern. */
            if (f->form_id &&
                (c->at.start != a || c->len != b - a ||
                 pn->options[c->at.option].pattern != f->f.pattern))
                continue;
            e->rank = ++out->n;
            e->home_unit_id = rk_id(p->units[pt->home].id, 'u');
            e->start_week = now + c->at.start;
            e->end_week = e->start_week + c->len;
            e->pattern = pn->options[c->at.option].pattern;
            e->weeks = pn->options[c->at.option].weeks;
            e->gain = c->gain;
            e->without = c->without;
            e->with = c->with;
            e->deadline = now + pt->deadline;
            e->without.end = rk_serial(now, c->without.end);
            e->with.end = rk_serial(now, c->with.end);
            e->without.need_start = c->without.need_start < 0
                                        ? STORE_NONE
                                        : now + c->without.need_start;
            e->with.need_start = now + c->with.need_start;
        }
        solver_reoffer_result_free(&r);
    }
    solver_problem_free(p);
    return rc;
}

void plan_reoffer_release(struct plan_reoffer *r)
{
    free(r->e);
    memset(r, 0, sizeof(*r));
}

void plan_reoffer_copy(struct plan_reoffer *dst, const struct plan_reoffer *src)
{
    *dst = *src;
    dst->e = xcalloc((size_t)src->n + 1, sizeof(*dst->e));
    memcpy(dst->e, src->e, (size_t)src->n * sizeof(*dst->e));
}
