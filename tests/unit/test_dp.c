/*
 * The per-trainee dynamic programme of the optimiser against brute force:
 * on random small trainees, with random capacity prices and with the seats
 * other trainees leave, its minimum equals the least cost over every
 * schedule enumerated one by one, and the schedule it returns costs that.
 */
#include "solver/search.h"
#include "util/rng.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEEKS 18

static const char *const patterns[] = {"full", "split3", "half", "alternate"};

/* A random problem of two trainees with up to three needs each; with
 * fixed, trainee 0's first need may be booked already (option 0, unit a,
 * which the loader refuses where the booking breaks a rule). */
static char *random_problem(struct rng *g, int fixed)
{
    static char text[8192];
    size_t used = 0;
#define PUT(...)                                                               \
    used += (size_t)snprintf(text + used, sizeof(text) - used, __VA_ARGS__)
    PUT("{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":%d},"
        "\"weights\":{\"unplaced\":%d,\"late\":%d,\"shift\":%d},\"units\":["
        "{\"id\":\"a\",\"seats\":1},{\"id\":\"b\",\"seats\":2},"
        "{\"id\":\"home\",\"seats\":0,\"max_away\":1}],\"trainees\":[",
        WEEKS, rng_between(g, 1, 30), rng_between(g, 0, 9),
        rng_between(g, 0, 3));
    for (int t = 0; t < 2; t++) {
        int nneeds = rng_between(g, 1, 3);
        PUT("%s{\"id\":\"t%d\",\"home\":\"home\",\"from\":%d,\"deadline\":%d,"
            "\"fte\":%d,\"priority\":%d,\"unavailable\":[",
            t ? "," : "", t, rng_between(g, 0, 5), rng_between(g, 4, 16),
            rng_percent(g, 70) ? 100 : 75, rng_between(g, 1, 3));
        if (rng_percent(g, 50)) {
            int a = rng_between(g, 0, WEEKS - 3);
            PUT("[%d,%d]", a, a + rng_between(g, 1, 3));
        }
        PUT("],\"needs\":[");
        for (int i = 0; i < nneeds; i++) {
            PUT("%s{\"id\":\"t%d-n%d\"", i ? "," : "", t, i);
            if (fixed && t == 0 && i == 0 && rng_percent(g, 40))
                PUT(",\"fixed\":{\"option\":0,\"unit\":\"a\","
                    "\"start\":%d}",
                    rng_between(g, 0, 8));
            if (rng_percent(g, 50))
                PUT(",\"preferred_start\":%d", rng_between(g, 0, 10));
            if (rng_percent(g, 20))
                PUT(",\"earliest\":%d", rng_between(g, 0, 6));
            if (rng_percent(g, 20))
                PUT(",\"latest_end\":%d", rng_between(g, 8, WEEKS));
            if (i > 0 && rng_percent(g, 40))
                PUT(",\"after\":[\"t%d-n%d\"]", t, rng_between(g, 0, i - 1));
            PUT(",\"options\":[");
            int nopt = rng_between(g, 1, 2);
            for (int o = 0; o < nopt; o++)
                PUT("%s{\"units\":[%s],\"weeks\":%d,\"pattern\":\"%s\","
                    "\"cost\":%d}",
                    o ? "," : "", rng_percent(g, 50) ? "\"a\"" : "\"a\",\"b\"",
                    rng_between(g, 1, 4), patterns[rng_below(g, 4)],
                    rng_between(g, 0, 3));
            PUT("]}");
        }
        PUT("]}");
    }
    PUT("]}");
#undef PUT
    return text;
}

/* random_problem() loaded; a booking that breaks a rule gets a new draw
 * without bookings. */
static struct solver_problem *load_random(struct rng *g)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    const char *text = random_problem(g, 1);
    if (solver_problem_load(text, strlen(text), &p, &ei) != 0) {
        text = random_problem(g, 0);
        cr_assert_eq(solver_problem_load(text, strlen(text), &p, &ei), 0, "%s",
                     ei.msg);
    }
    return p;
}

struct brute {
    const struct solver_problem *p;
    const struct solver__prices *pr;
    const struct solver__state *st;
    int t;
    struct solver_placement *at;
    int64_t best;
    /* NULL: keep the least cost in best; else called on each schedule
     * that keeps rules 1-4 */
    void (*leaf)(struct brute *b);
};

/* Cost of need n's placement a under the prices, and whether it fits. */
static int64_t brute_price(const struct brute *b, int n,
                           const struct solver_placement *a, int *fits)
{
    const struct solver_problem *p = b->p;
    const struct solver_need_option *o = &p->needs[n].options[a->option];
    int home = p->trainees[b->t].home;
    int64_t c = 0;
    *fits = 1;
    for (int k = 0; k < o->len; k++) {
        int w = a->start + k, q = solver__occ(o, k);
        size_t iu = (size_t)a->unit * WEEKS + (size_t)w,
               ih = (size_t)home * WEEKS + (size_t)w;
        if (b->pr && b->pr->seat)
            c += q * b->pr->seat[iu];
        if (b->pr && b->pr->away && p->units[home].max_away != SOLVER_NONE)
            c += q * b->pr->away[ih];
        if (b->st && !p->needs[n].fixed &&
            (b->st->res[iu] < q || b->st->away[ih] < q))
            *fits = 0;
    }
    return c;
}

/* Valid for the trainee alone: rules 1-4 of the format. */
static int brute_valid(const struct brute *b)
{
    struct solver_plan pl = {b->at, b->p->nneeds};
    struct solver_violations out = SOLVER_VIOLATIONS_INIT;
    /* Only this trainee's needs matter: others are left unplaced, which
     * breaks rule 1 for their fixed needs; count this trainee's ones. */
    solver_plan_check(b->p, &pl, &out);
    int bad = 0;
    const struct solver_trainee *pt = &b->p->trainees[b->t];
    for (int i = 0; i < out.n; i++)
        if (out.v[i].need >= pt->first_need &&
            out.v[i].need < pt->first_need + pt->nneeds)
            bad = 1;
    solver_violations_release(&out);
    return !bad;
}

static void brute_walk(struct brute *b, int n)
{
    const struct solver_problem *p = b->p;
    const struct solver_trainee *pt = &p->trainees[b->t];
    if (n == pt->first_need + pt->nneeds) {
        if (!brute_valid(b))
            return;
        if (b->leaf) {
            b->leaf(b);
            return;
        }
        int64_t c = solver__trainee_score(p, b->at, b->t) * SOLVER_SCALE;
        for (int m = pt->first_need; m < n; m++) {
            int fits;
            if (b->at[m].assigned)
                c += brute_price(b, m, &b->at[m], &fits);
            if (b->at[m].assigned && !fits)
                return;
        }
        if (c < b->best)
            b->best = c;
        return;
    }
    b->at[n].assigned = 0;
    brute_walk(b, n + 1);
    const struct solver_need *pn = &p->needs[n];
    for (int o = 0; o < pn->noptions; o++)
        for (int k = 0; k < pn->options[o].nunits; k++)
            for (int s = 0; s + pn->options[o].len <= WEEKS; s++) {
                b->at[n] = (struct solver_placement){
                    1, o, pn->options[o].units[k], s, 0};
                brute_walk(b, n + 1);
            }
    b->at[n].assigned = 0;
}

/* Prices for the three units' weeks: a seat week priced with
 * seat_percent's chance, an away week with away_percent's. */
static void random_prices(struct rng *g, int64_t *seat, int64_t *away,
                          int seat_percent, int away_percent)
{
    for (int i = 0; i < 3 * WEEKS; i++) {
        seat[i] = rng_percent(g, seat_percent) ? rng_between(g, 0, 4000) : 0;
        away[i] = rng_percent(g, away_percent) ? rng_between(g, 0, 4000) : 0;
    }
}

static int64_t dp_cost(const struct solver_problem *p,
                       const struct solver__prices *pr, int t,
                       const struct solver_placement *at)
{
    struct brute b = {p, pr, NULL, t, NULL, 0, NULL};
    int fits;
    int64_t c = solver__trainee_score(p, at, t) * SOLVER_SCALE;
    const struct solver_trainee *pt = &p->trainees[t];
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++)
        if (at[n].assigned)
            c += brute_price(&b, n, &at[n], &fits);
    return c;
}

static void check_trainee(const struct solver_problem *p, struct solver__dp *d,
                          int t, const struct solver__prices *pr,
                          const struct solver__state *st, int round)
{
    struct solver_placement *at = calloc((size_t)p->nneeds, sizeof(*at));
    struct solver_placement *walk = calloc((size_t)p->nneeds, sizeof(*walk));
    struct brute b = {p, pr, st, t, walk, SOLVER_INF, NULL};
    brute_walk(&b, p->trainees[t].first_need);
    int64_t got = solver__dp_solve(d, t, pr, st, at);
    cr_assert_eq(got, b.best, "round %d trainee %d: dp %lld, brute %lld", round,
                 t, (long long)got, (long long)b.best);
    if (got < SOLVER_INF)
        cr_assert_eq(dp_cost(p, pr, t, at), got,
                     "round %d: the schedule returned costs otherwise", round);
    free(at);
    free(walk);
}

Test(dp, equals_brute_force_with_prices_and_seats)
{
    struct rng g;
    rng_init(&g, 20261123);
    int booked = 0;
    for (int round = 0; round < 150; round++) {
        struct solver_problem *p = load_random(&g);
        booked += p->needs[0].fixed;
        int64_t seat[3 * WEEKS], away[3 * WEEKS];
        random_prices(&g, seat, away, 40, 20);
        struct solver__prices pr = {seat, away, 0};
        struct solver__dp *d = solver__dp_new(p);
        /* Prices alone, then the seats trainee 1 leaves to trainee 0. */
        check_trainee(p, d, 0, &pr, NULL, round);
        check_trainee(p, d, 1, NULL, NULL, round);
        struct solver__state st = {0};
        solver__state_init(&st, p);
        struct solver_placement *at = calloc((size_t)p->nneeds, sizeof(*at));
        solver__dp_solve(d, 1, NULL, &st, at);
        solver__place(&st, 1, at);
        check_trainee(p, d, 0, round % 2 ? &pr : NULL, &st, round);
        free(at);
        solver__state_free(&st);
        solver__dp_free(d);
        solver_problem_free(p);
    }
    /* Enough rounds with a booked need for the programme's fixed slots. */
    cr_assert_geq(booked, 15, "only %d rounds with a booked need", booked);
}

/* Jitter (search.h): the schedule returned costs less than 2 score points
 * more than the best, the minimum returned is its cost plus jitter below
 * that, and equal schedules are not always chosen alike. */
Test(dp, jitter_stays_within_two_points_and_breaks_ties)
{
    struct rng g;
    rng_init(&g, 20261207);
    int ties_broken = 0;
    for (int round = 0; round < 150; round++) {
        struct solver_problem *p = NULL;
        struct err_info ei;
        const char *text = random_problem(&g, 0);
        cr_assert_eq(solver_problem_load(text, strlen(text), &p, &ei), 0, "%s",
                     ei.msg);
        int64_t seat[3 * WEEKS], away[3 * WEEKS];
        random_prices(&g, seat, away, 20, 10);
        struct solver__prices pr = {seat, away, 0};
        const struct solver__prices *exact = round % 2 ? &pr : NULL;
        struct solver__dp *d = solver__dp_new(p);
        struct solver_placement *plain =
            calloc((size_t)p->nneeds, sizeof(*plain));
        struct solver_placement *at = calloc((size_t)p->nneeds, sizeof(*at));
        struct solver_placement *walk =
            calloc((size_t)p->nneeds, sizeof(*walk));
        struct brute b = {p, exact, NULL, 0, walk, SOLVER_INF, NULL};
        brute_walk(&b, p->trainees[0].first_need);
        solver__dp_solve(d, 0, exact, NULL, plain);
        const struct solver_trainee *pt = &p->trainees[0];
        size_t bytes = (size_t)pt->nneeds * sizeof(*at);
        for (int k = 0; k < 4; k++) {
            struct solver__prices jittered = {
                exact ? seat : NULL, exact ? away : NULL, rng_next(&g) | 1};
            int64_t got = solver__dp_solve(d, 0, &jittered, NULL, at);
            if (b.best >= SOLVER_INF) {
                cr_assert_geq(got, SOLVER_INF, "round %d: no schedule", round);
                continue;
            }
            int64_t cost = dp_cost(p, exact, 0, at);
            cr_assert(cost >= b.best && cost < b.best + 2 * SOLVER_SCALE,
                      "round %d: jittered schedule costs %lld, best %lld",
                      round, (long long)cost, (long long)b.best);
            cr_assert(got >= cost && got < cost + 2 * SOLVER_SCALE,
                      "round %d: returned %lld for a schedule of %lld", round,
                      (long long)got, (long long)cost);
            int placed = 0;
            for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++)
                placed += at[n].assigned;
            cr_assert_lt(got - cost,
                         placed * (2 * SOLVER_SCALE / (pt->nneeds + 1)) + 1,
                         "round %d: jitter %lld over %d placements", round,
                         (long long)(got - cost), placed);
            if (cost == b.best &&
                memcmp(at + pt->first_need, plain + pt->first_need, bytes))
                ties_broken++;
        }
        free(plain);
        free(at);
        free(walk);
        solver__dp_free(d);
        solver_problem_free(p);
    }
    cr_assert_geq(ties_broken, 20, "only %d ties fell otherwise", ties_broken);
}

/* A trainee of 2 x SOLVER_SCALE needs or more has no jitter left to
 * share out: the programme must still plan it (it once divided by zero). */
Test(dp, jitter_on_a_trainee_with_thousands_of_needs)
{
    enum { NEEDS = 2100 };
    size_t cap = 256 + (size_t)NEEDS * 96, used = 0;
    char *text = malloc(cap);
    cr_assert_not_null(text);
    used += (size_t)snprintf(
        text + used, cap - used,
        "{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":1040},"
        "\"weights\":{\"unplaced\":10,\"late\":1,\"shift\":1},\"units\":["
        "{\"id\":\"a\",\"seats\":1}],\"trainees\":[{\"id\":\"t\","
        "\"home\":\"a\",\"from\":0,\"deadline\":1040,\"needs\":[");
    for (int i = 0; i < NEEDS; i++)
        used += (size_t)snprintf(text + used, cap - used,
                                 "%s{\"id\":\"n%d\",\"options\":[{\"units\":"
                                 "[\"a\"],\"weeks\":1,\"pattern\":\"full\"}]}",
                                 i ? "," : "", i);
    used += (size_t)snprintf(text + used, cap - used, "]}]}");
    cr_assert_lt(used, cap);
    struct solver_problem *p = NULL;
    struct err_info ei;
    cr_assert_eq(solver_problem_load(text, used, &p, &ei), 0, "%s", ei.msg);
    struct solver__dp *d = solver__dp_new(p);
    struct solver__state st = {0};
    solver__state_init(&st, p);
    struct solver_placement *at = calloc((size_t)p->nneeds, sizeof(*at));
    struct solver__prices pr = {NULL, NULL, 12345};
    int64_t got = solver__dp_solve(d, 0, &pr, &st, at);
    int placed = 0;
    for (int n = 0; n < p->nneeds; n++)
        placed += at[n].assigned;
    cr_assert_lt(got, SOLVER_INF);
    cr_assert_eq(placed, 1040, "%d of the needs placed, not 1,040", placed);
    free(at);
    solver__state_free(&st);
    solver__dp_free(d);
    solver_problem_free(p);
    free(text);
}

/* ---- the joint bound of a home (home.c) ------------------------------------
 *
 * Both trainees of random_problem() share the home "home" with max_away 1.
 * Brute force: every schedule of each trainee alone that keeps rules 1-4
 * and the seats the fixed bookings leave, then every pair whose occupancy
 * of the home stays within 100 a week (the seats they take from each other
 * are priced, not kept, as in the bound). The home bound is a relaxation of
 * that pair problem and tighter than the trainees priced alone; an upper
 * bound that a valid pair meets drops no state that could beat it.
 */

struct sched {
    int64_t cost;
    int occ[WEEKS];
};

struct collect {
    struct brute b;
    struct sched *s;
    size_t n, cap;
};

/* Keeps one schedule of the walk with its cost and home occupancy. */
static void collect_leaf(struct brute *b)
{
    struct collect *c = (struct collect *)b;
    const struct solver_problem *p = b->p;
    const struct solver_trainee *pt = &p->trainees[b->t];
    struct sched s = {solver__trainee_score(p, b->at, b->t) * SOLVER_SCALE,
                      {0}};
    for (int m = pt->first_need; m < pt->first_need + pt->nneeds; m++) {
        int fits;
        if (!b->at[m].assigned)
            continue;
        s.cost += brute_price(b, m, &b->at[m], &fits);
        if (!fits)
            return;
        const struct solver_need_option *o =
            &p->needs[m].options[b->at[m].option];
        for (int k = 0; k < o->len; k++)
            s.occ[b->at[m].start + k] += solver__occ(o, k);
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->s = realloc(c->s, c->cap * sizeof(*c->s));
        cr_assert_not_null(c->s);
    }
    c->s[c->n++] = s;
}

static int sched_cmp(const void *x, const void *y)
{
    const struct sched *a = x, *b = y;
    return a->cost < b->cost ? -1 : a->cost > b->cost;
}

/* The least cost of a pair of schedules within the home's limit. */
static int64_t brute_pair(const struct solver_problem *p,
                          const struct solver__prices *pr,
                          const struct solver__state *st)
{
    struct collect c[2];
    struct solver_placement *walk = calloc((size_t)p->nneeds, sizeof(*walk));
    for (int t = 0; t < 2; t++) {
        c[t] = (struct collect){
            {p, pr, st, t, walk, SOLVER_INF, collect_leaf}, NULL, 0, 0};
        brute_walk(&c[t].b, p->trainees[t].first_need);
        qsort(c[t].s, c[t].n, sizeof(*c[t].s), sched_cmp);
    }
    int64_t best = SOLVER_INF;
    for (size_t i = 0; i < c[0].n; i++) {
        if (c[1].n == 0 || c[0].s[i].cost + c[1].s[0].cost >= best)
            break;
        for (size_t j = 0; j < c[1].n; j++) {
            if (c[0].s[i].cost + c[1].s[j].cost >= best)
                break;
            int ok = 1;
            for (int w = 0; w < WEEKS && ok; w++)
                ok = c[0].s[i].occ[w] + c[1].s[j].occ[w] <= 100;
            if (ok)
                best = c[0].s[i].cost + c[1].s[j].cost;
        }
    }
    free(c[0].s);
    free(c[1].s);
    free(walk);
    return best;
}

/* A random pair of trainees of one home, at random seat prices. */
struct home_case {
    struct solver_problem *p;
    int64_t seat[3 * WEEKS], away[3 * WEEKS];
    struct solver__prices pr;
    struct solver__dp *d;
    struct solver__state st;
    int home;
};

static void home_case_init(struct home_case *c, struct rng *g)
{
    c->p = load_random(g);
    random_prices(g, c->seat, c->away, 40, 0);
    c->pr = (struct solver__prices){c->seat, NULL, 0};
    c->d = solver__dp_new(c->p);
    c->st = (struct solver__state){0};
    solver__state_init(&c->st, c->p);
    c->home = solver_problem_unit(c->p, "home");
}

static int64_t home_case_bound(struct home_case *c,
                               const struct solver__home_limits *lim)
{
    return solver__home_bound(c->d, c->p, c->home, &c->pr, &c->st, lim);
}

static void home_case_free(struct home_case *c)
{
    solver__state_free(&c->st);
    solver__dp_free(c->d);
    solver_problem_free(c->p);
}

/* Counts the times it is asked; stops from the asks-th on (never when 0). */
struct stop_after {
    int asked, asks;
};

static int stop_after(void *ctx)
{
    struct stop_after *s = ctx;
    return ++s->asked >= s->asks && s->asks > 0;
}

Test(home, asks_whether_to_stop_while_it_runs)
{
    struct rng g;
    rng_init(&g, 20261208);
    int many = 0;
    for (int round = 0; round < 20; round++) {
        struct home_case c;
        home_case_init(&c, &g);
        struct stop_after never = {0, 0};
        struct solver__home_limits lim = {.budget = (size_t)1 << 22,
                                          .upper = SOLVER_INF,
                                          .stop = stop_after,
                                          .ctx = &never};
        int64_t whole = home_case_bound(&c, &lim);
        cr_assert_geq(whole, 0, "round %d: no bound without a stop", round);
        cr_assert_geq(never.asked, 1, "round %d: never asked", round);
        many += never.asked > 2;
        /* stopped at the last time it is asked, the home gives no bound */
        struct stop_after last = {0, never.asked};
        lim.ctx = &last;
        cr_assert_eq(home_case_bound(&c, &lim), -1,
                     "round %d: a stopped home still gave a bound", round);
        cr_assert_eq(last.asked, never.asked,
                     "round %d: asked %d times, %d without stopping", round,
                     last.asked, never.asked);
        struct stop_after late = {0, never.asked + 1};
        lim.ctx = &late;
        cr_assert_eq(home_case_bound(&c, &lim), whole,
                     "round %d: a stop never given changed the bound", round);
        home_case_free(&c);
    }
    /* asked between sets of needs, not once per home */
    cr_assert_geq(many, 10, "asked more than twice in only %d homes", many);
}

Test(home, a_smaller_budget_gives_the_same_bound_or_none)
{
    struct rng g;
    rng_init(&g, 20261209);
    int compacted = 0;
    for (int round = 0; round < 60; round++) {
        struct home_case c;
        home_case_init(&c, &g);
        struct solver__home_stats stats;
        struct solver__home_limits lim = {
            .budget = (size_t)1 << 22, .upper = SOLVER_INF, .stats = &stats};
        int64_t exact = home_case_bound(&c, &lim);
        cr_assert_eq(stats.compactions, 0, "round %d", round);
        for (lim.budget >>= 1; lim.budget >= 16; lim.budget >>= 1) {
            int64_t got = home_case_bound(&c, &lim);
            cr_assert(got == -1 || got == exact,
                      "round %d, budget %zu: %lld, not %lld", round, lim.budget,
                      (long long)got, (long long)exact);
            /* the entries made would not all have fit, and still: */
            compacted += got == exact && stats.entries > lim.budget / 2;
        }
        home_case_free(&c);
    }
    cr_assert_geq(compacted, 10, "the entries were made room for only %d times",
                  compacted);
}

Test(home, between_the_trainees_alone_and_the_pair_kept_to_the_limit)
{
    struct rng g;
    rng_init(&g, 20261207);
    int above = 0;
    for (int round = 0; round < 120; round++) {
        struct home_case c;
        home_case_init(&c, &g);
        struct solver_placement *at = calloc((size_t)c.p->nneeds, sizeof(*at));
        int64_t alone = solver__dp_solve(c.d, 0, &c.pr, &c.st, at) +
                        solver__dp_solve(c.d, 1, &c.pr, &c.st, at);
        int64_t pair = brute_pair(c.p, &c.pr, &c.st);
        struct solver__home_limits lim = {.budget = (size_t)1 << 22,
                                          .upper = SOLVER_INF};
        int64_t got = home_case_bound(&c, &lim);
        cr_assert_leq(got, pair,
                      "round %d: home bound %lld above the pair %lld", round,
                      (long long)got, (long long)pair);
        cr_assert_geq(got, alone,
                      "round %d: home bound %lld below the trainees alone %lld",
                      round, (long long)got, (long long)alone);
        lim.upper = pair;
        cr_assert_eq(home_case_bound(&c, &lim), got,
                     "round %d: an upper bound changed the result", round);
        above += got > alone;
        free(at);
        home_case_free(&c);
    }
    /* The limit binds often enough for the bound to say more than the
     * trainees alone. */
    cr_assert_geq(above, 20, "above the trainees alone in only %d rounds",
                  above);
}
