/*
 * The ranking of a freed place's candidates (reoffer.h).
 *
 * Each trainee is solved alone in a view of the problem: the problem's
 * units, weeks and weights with that one trainee and copies of its needs,
 * so that the exact dynamic programme (dp.c) can be run with one need
 * narrowed to the freed unit and weeks, and the seats of the whole problem
 * (solver__state) checked as the optimiser checks them.
 */
#include "solver/reoffer.h"

#include "solver/search.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>

#include <stdlib.h>
#include <string.h>

/* One trainee alone, sharing the units of the whole problem. */
struct rv_view {
    struct solver_problem p;   /* units shared; one trainee; its needs */
    struct solver_trainee t;   /* a copy with first_need 0 */
    struct solver_need *needs; /* copies of the trainee's needs */
    int *after;                /* their after lists, local indices */
    size_t cap_needs, cap_after;
    struct solver_placement *at; /* the schedule the DP chose */
    size_t cap_at;
};

/* Fills v with trainee t of p; the needs' options are p's own. */
static void rv_view_set(struct rv_view *v, const struct solver_problem *p,
                        int t)
{
    const struct solver_trainee *pt = &p->trainees[t];
    int m = pt->nneeds;
    size_t nafter = 0;
    for (int i = 0; i < m; i++)
        nafter += (size_t)p->needs[pt->first_need + i].nafter;
    xgrow((void **)&v->needs, &v->cap_needs, (size_t)m + 1, sizeof(*v->needs));
    xgrow((void **)&v->after, &v->cap_after, nafter + 1, sizeof(int));
    xgrow((void **)&v->at, &v->cap_at, (size_t)m + 1, sizeof(*v->at));
    v->p = *p;
    v->t = *pt;
    v->t.first_need = 0;
    v->p.trainees = &v->t;
    v->p.ntrainees = 1;
    v->p.needs = v->needs;
    v->p.nneeds = m;
    int *after = v->after;
    for (int i = 0; i < m; i++) {
        const struct solver_need *pn = &p->needs[pt->first_need + i];
        v->needs[i] = *pn;
        v->needs[i].trainee = 0;
        v->needs[i].after = after;
        for (int k = 0; k < pn->nafter; k++)
            *after++ = pn->after[k] - pt->first_need;
    }
}

static void rv_view_free(struct rv_view *v)
{
    free(v->needs);
    free(v->after);
    free(v->at);
}

/* Whether option o of need pn may place it at unit u. */
static int rv_option_has(const struct solver_need_option *o, int u)
{
    for (int k = 0; k < o->nunits; k++)
        if (o->units[k] == u)
            return 1;
    return 0;
}

static int rv_need_fits_unit(const struct solver_need *pn, int u)
{
    if (pn->fixed)
        return 0;
    for (int o = 0; o < pn->noptions; o++)
        if (rv_option_has(&pn->options[o], u))
            return 1;
    return 0;
}

/* The score of the view's schedule at, by term; focus: the ranked need. */
static void rv_score(const struct solver_problem *v,
                     const struct solver_placement *at, int focus,
                     struct solver_reoffer_score *out)
{
    const struct solver_trainee *pt = &v->trainees[0];
    memset(out, 0, sizeof(*out));
    out->need_start = -1;
    for (int n = 0; n < v->nneeds; n++) {
        const struct solver_need *pn = &v->needs[n];
        if (!at[n].assigned) {
            out->unplaced++;
            out->unplaced_weeks += pn->options[0].weeks;
            continue;
        }
        const struct solver_need_option *o = &pn->options[at[n].option];
        int e = at[n].start + o->len;
        out->end = e > out->end ? e : out->end;
        if (pn->preferred_start != SOLVER_NONE)
            out->shift += abs(at[n].start - pn->preferred_start);
        out->cost += o->cost;
        if (n == focus)
            out->need_start = at[n].start;
    }
    if (out->end > pt->deadline)
        out->late = pt->priority * (out->end - pt->deadline);
    out->score = solver__trainee_score(v, at, 0);
}

/* The seats of p's bookings with the place's freed seat-weeks taken away
 * again (never below none): the region as if nothing had been freed. */
static void rv_without(struct solver__state *st,
                       const struct solver_reoffer_place *pl)
{
    int *res = st->res + (size_t)pl->unit * (size_t)st->p->weeks;
    for (int w = pl->from; w < pl->to; w++) {
        int take = pl->freed[w - pl->from];
        if (take > res[w])
            take = res[w];
        if (take > 0)
            res[w] -= take;
    }
}

/* What the workers share: read only but for the next trainee to take. */
struct rv_shared {
    const struct solver_problem *p;
    const struct solver_reoffer_place *pl;
    struct solver__state with, without;
    int first, last; /* the first and last week that frees a seat */
    atomic_int next; /* the next trainee to rank */
};

/* One worker's state: its workspace, and the candidates it found. */
struct rv_ctx {
    const struct solver_problem *p;
    const struct solver_reoffer_place *pl;
    const struct solver__state *with, *without;
    struct rv_view view;
    struct solver__dp *dp;
    struct solver_placement
        *base; /* the trainee's schedule without the place */
    size_t cap_base;
    unsigned char *busy; /* weeks of the trainee's fixed placements */
    int *could;          /* per need of the trainee: rv_could() */
    size_t cap_could;
    struct solver_reoffer_result *out;
    size_t cap;
    int first, last; /* as in rv_shared */
    struct rv_shared *sh;
    struct solver_reoffer_result mine; /* what this worker found */
    int failed;                        /* a thread that would not start */
};

/* Whether a placement of option o from start occupies a freed seat in
 * some week: the freed seats of an alternate place are every other week. */
static int rv_uses(const struct rv_ctx *c, const struct solver_need_option *o,
                   int start)
{
    for (int k = 0; k < o->len; k++) {
        int w = start + k;
        if (w >= c->pl->from && w < c->pl->to &&
            c->pl->freed[w - c->pl->from] > 0 && solver__occ(o, k) > 0)
            return 1;
    }
    return 0;
}

/*
 * The trainee's best schedule with local need i placed at the freed unit
 * by option o, starting so that it overlaps the freed weeks. 0 with *best
 * filled when it can, else -1.
 */
static int rv_forced(struct rv_ctx *c, int i, int o,
                     struct solver_placement *best, int64_t *best_score)
{
    struct solver_need *vn = &c->view.needs[i];
    const struct solver_need saved = *vn;
    struct solver_need_option forced = saved.options[o];
    int unit = c->pl->unit;
    forced.units = &unit;
    forced.nunits = 1;
    /* Overlaps the weeks that free a seat: start > first - len and start
     * <= last. */
    int lo = c->first - forced.len + 1, hi = c->last + forced.len;
    if (saved.earliest != SOLVER_NONE && saved.earliest > lo)
        lo = saved.earliest;
    if (saved.latest_end != SOLVER_NONE && saved.latest_end < hi)
        hi = saved.latest_end;
    vn->options = &forced;
    vn->noptions = 1;
    vn->earliest = lo < 0 ? 0 : lo;
    vn->latest_end = hi;
    int64_t v = solver__dp_solve(c->dp, 0, NULL, c->with, c->view.at);
    int ok = v < SOLVER_INF && c->view.at[i].assigned &&
             rv_uses(c, &forced, c->view.at[i].start);
    *vn = saved;
    if (!ok)
        return -1;
    /* The option's index in the need's own options. */
    c->view.at[i].option = o;
    int64_t score = solver__trainee_score(&c->view.p, c->view.at, 0);
    if (score >= *best_score)
        return 0;
    *best_score = score;
    memcpy(best, c->view.at, (size_t)c->view.p.nneeds * sizeof(*best));
    return 0;
}

/*
 * rv_forced() for every option of local need i that names the freed unit
 * at once, in one dynamic programme over the union of their windows. 1
 * when its best schedule uses the freed seats (then it is the best of the
 * options, filled into *best as rv_forced() does), 0 when it places the
 * need where it frees no seat (the caller then tries each option alone),
 * -1 when the need cannot use the place.
 */
static int rv_forced_all(struct rv_ctx *c, int i, struct solver_placement *best,
                         int64_t *best_score)
{
    struct solver_need *vn = &c->view.needs[i];
    const struct solver_need saved = *vn;
    struct solver_need_option forced[PATTERN_COUNT * 2];
    int map[PATTERN_COUNT * 2], n = 0, maxlen = 0;
    int unit = c->pl->unit;
    for (int o = 0; o < saved.noptions; o++) {
        if (!rv_option_has(&saved.options[o], unit))
            continue;
        if (n == (int)(sizeof(map) / sizeof(*map)))
            return 0; /* more than the format's patterns: one at a time */
        forced[n] = saved.options[o];
        forced[n].units = &unit;
        forced[n].nunits = 1;
        maxlen = forced[n].len > maxlen ? forced[n].len : maxlen;
        map[n++] = o;
    }
    if (n == 0)
        return -1;
    int lo = c->first - maxlen + 1, hi = c->last + maxlen;
    if (saved.earliest != SOLVER_NONE && saved.earliest > lo)
        lo = saved.earliest;
    if (saved.latest_end != SOLVER_NONE && saved.latest_end < hi)
        hi = saved.latest_end;
    vn->options = forced;
    vn->noptions = n;
    vn->earliest = lo < 0 ? 0 : lo;
    vn->latest_end = hi;
    int64_t v = solver__dp_solve(c->dp, 0, NULL, c->with, c->view.at);
    struct solver_placement at = c->view.at[i];
    *vn = saved;
    if (v >= SOLVER_INF || !at.assigned)
        return -1;
    if (!rv_uses(c, &forced[at.option], at.start))
        return 0;
    c->view.at[i].option = map[at.option];
    *best_score = solver__trainee_score(&c->view.p, c->view.at, 0);
    memcpy(best, c->view.at, (size_t)c->view.p.nneeds * sizeof(*best));
    return 1;
}

/*
 * Whether need n (of p) could be placed at the freed unit over some of the
 * freed weeks at all, alone: seats, the limit on trainees away, the
 * trainee's leave and fixed placements (busy), its first week, earliest
 * and latest end. A quick test that spares the dynamic programme for the
 * needs that cannot use the place whatever else is planned.
 */
static int rv_could(struct rv_ctx *c, int n, const unsigned char *busy)
{
    const struct solver_need *pn = &c->p->needs[n];
    for (int o = 0; o < pn->noptions; o++) {
        const struct solver_need_option *po = &pn->options[o];
        if (!rv_option_has(po, c->pl->unit))
            continue;
        int lo = c->first - po->len + 1;
        int s = solver__first_fit(c->with, n, o, c->pl->unit, lo < 0 ? 0 : lo,
                                  busy, 0);
        if (s >= 0 && s <= c->last)
            return 1;
    }
    return 0;
}

/* Marks the weeks of trainee t's fixed placements in busy. */
static void rv_busy(const struct solver_problem *p, int t, unsigned char *busy)
{
    const struct solver_trainee *pt = &p->trainees[t];
    memset(busy, 0, (size_t)p->weeks + 1);
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        if (!pn->fixed)
            continue;
        int e = pn->fixed_start + pn->options[pn->fixed_option].len;
        for (int w = pn->fixed_start; w < e && w < p->weeks; w++)
            busy[w] = 1;
    }
}

/* Ranks the needs of trainee t that could use the place. */
static void rv_trainee(struct rv_ctx *c, int t,
                       struct solver_placement *with_at)
{
    const struct solver_problem *p = c->p;
    const struct solver_trainee *pt = &p->trainees[t];
    int any = 0, could = 0;
    for (int i = 0; i < pt->nneeds && !any; i++)
        any = rv_need_fits_unit(&p->needs[pt->first_need + i], c->pl->unit);
    if (!any)
        return;
    rv_busy(p, t, c->busy);
    for (int i = 0; i < pt->nneeds; i++) {
        int n = pt->first_need + i;
        c->could[i] = rv_need_fits_unit(&p->needs[n], c->pl->unit);
        if (!c->could[i])
            continue;
        c->out->considered++;
        c->could[i] = rv_could(c, n, c->busy);
        could += c->could[i];
    }
    if (!could)
        return;
    rv_view_set(&c->view, p, t);
    const struct solver_problem *v = &c->view.p;
    xgrow((void **)&c->base, &c->cap_base, (size_t)pt->nneeds + 1,
          sizeof(*c->base));
    if (solver__dp_solve(c->dp, 0, NULL, c->without, c->base) >= SOLVER_INF)
        return; /* its fixed bookings alone break a rule: nothing to rank */
    for (int i = 0; i < pt->nneeds; i++) {
        const struct solver_need *pn = &v->needs[i];
        if (!c->could[i])
            continue;
        int64_t best = INT64_MAX;
        /* Mostly one programme for every option; option by option only
         * when the best of them frees no seat (an alternate placement out
         * of step with an alternate place). */
        if (rv_forced_all(c, i, with_at, &best) == 0)
            for (int o = 0; o < pn->noptions; o++)
                if (rv_option_has(&pn->options[o], c->pl->unit))
                    rv_forced(c, i, o, with_at, &best);
        if (best == INT64_MAX)
            continue;
        xgrow((void **)&c->out->c, &c->cap, (size_t)c->out->n + 1,
              sizeof(*c->out->c));
        struct solver_reoffer_candidate *k = &c->out->c[c->out->n++];
        memset(k, 0, sizeof(*k));
        k->need = pt->first_need + i;
        k->trainee = t;
        k->at = with_at[i];
        k->len = pn->options[with_at[i].option].len;
        k->deadline = pt->deadline;
        rv_score(v, c->base, i, &k->without);
        rv_score(v, with_at, i, &k->with);
        k->gain = k->without.score - k->with.score;
    }
}

static int rv_cmp(const void *a, const void *b)
{
    const struct solver_reoffer_candidate *x = a, *y = b;
    if (x->gain != y->gain)
        return x->gain > y->gain ? -1 : 1;
    if (x->at.start != y->at.start)
        return x->at.start < y->at.start ? -1 : 1;
    if (x->deadline != y->deadline)
        return x->deadline < y->deadline ? -1 : 1;
    return (x->need > y->need) - (x->need < y->need);
}

/* A worker: ranks the trainees it takes, one at a time, until none is
 * left. Each has its own workspace; the seats are the shared states'. */
static void *rv_work(void *arg)
{
    struct rv_ctx *c = arg;
    struct rv_shared *sh = c->sh;
    const struct solver_problem *p = sh->p;
    c->p = p;
    c->pl = sh->pl;
    c->with = &sh->with;
    c->without = &sh->without;
    c->first = sh->first;
    c->last = sh->last;
    c->out = &c->mine;
    /* One workspace: it keeps a pointer to the view, refilled per trainee
     * with the same number of weeks. */
    c->view.p = *p;
    c->dp = solver__dp_new(&c->view.p);
    size_t cap_with = 0;
    struct solver_placement *with_at = NULL;
    c->busy = xmalloc((size_t)p->weeks + 1);
    for (int t; (t = atomic_fetch_add(&sh->next, 1)) < p->ntrainees;) {
        xgrow((void **)&with_at, &cap_with, (size_t)p->trainees[t].nneeds + 1,
              sizeof(*with_at));
        xgrow((void **)&c->could, &c->cap_could,
              (size_t)p->trainees[t].nneeds + 1, sizeof(*c->could));
        rv_trainee(c, t, with_at);
    }
    free(with_at);
    free(c->busy);
    free(c->could);
    free(c->base);
    solver__dp_free(c->dp);
    rv_view_free(&c->view);
    return NULL;
}

int solver_reoffer_rank(const struct solver_problem *p,
                        const struct solver_reoffer_place *pl, int threads,
                        struct solver_reoffer_result *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    if (pl->unit < 0 || pl->unit >= p->nunits)
        return err_set(ei, ERR_INVAL, "unit",
                       "unit: not a unit of the problem");
    if (pl->from < 0 || pl->to > p->weeks || pl->to <= pl->from)
        return err_set(ei, ERR_INVAL, "weeks",
                       "weeks: the freed weeks must lie in the horizon");
    if (threads < 1)
        threads = 1;
    if (threads > REOFFER_THREADS_MAX)
        threads = REOFFER_THREADS_MAX;
    struct rv_shared sh;
    memset(&sh, 0, sizeof(sh));
    sh.p = p;
    sh.pl = pl;
    sh.first = pl->to;
    sh.last = pl->from - 1;
    for (int w = pl->from; w < pl->to; w++)
        if (pl->freed[w - pl->from] > 0) {
            sh.first = w < sh.first ? w : sh.first;
            sh.last = w;
        }
    if (sh.last < sh.first)
        return 0; /* nothing freed in these weeks */
    atomic_init(&sh.next, 0);
    solver__state_init(&sh.with, p);
    solver__state_init(&sh.without, p);
    rv_without(&sh.without, pl);
    struct rv_ctx *ctx = xcalloc((size_t)threads, sizeof(*ctx));
    pthread_t *tid = xcalloc((size_t)threads, sizeof(*tid));
    for (int i = 0; i < threads; i++)
        ctx[i].sh = &sh;
    /* The calling thread is the first worker; a thread that cannot start
     * leaves its share to the others. */
    for (int i = 1; i < threads; i++)
        ctx[i].failed = pthread_create(&tid[i], NULL, rv_work, &ctx[i]) != 0;
    rv_work(&ctx[0]);
    for (int i = 1; i < threads; i++)
        if (!ctx[i].failed)
            pthread_join(tid[i], NULL);
    size_t cap = 0;
    for (int i = 0; i < threads; i++) {
        out->considered += ctx[i].mine.considered;
        xgrow((void **)&out->c, &cap, (size_t)(out->n + ctx[i].mine.n) + 1,
              sizeof(*out->c));
        if (ctx[i].mine.n)
            memcpy(out->c + out->n, ctx[i].mine.c,
                   (size_t)ctx[i].mine.n * sizeof(*out->c));
        out->n += ctx[i].mine.n;
        free(ctx[i].mine.c);
    }
    free(tid);
    free(ctx);
    solver__state_free(&sh.with);
    solver__state_free(&sh.without);
    /* The order is the comparison's alone, whichever worker found what. */
    if (out->n > 1)
        qsort(out->c, (size_t)out->n, sizeof(*out->c), rv_cmp);
    return 0;
}

void solver_reoffer_result_free(struct solver_reoffer_result *r)
{
    free(r->c);
    memset(r, 0, sizeof(*r));
}
