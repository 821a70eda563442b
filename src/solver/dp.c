/*
 * One trainee's best schedule, exactly (search.h).
 *
 * The trainee's placements never overlap, so they can be taken in order of
 * start. f(S, e) is the least cost of what is left when the needs in S are
 * placed and the last of them ends at week e: either stop (the rest stay
 * unplaced; lateness is that of e) or place a need n whose predecessors are
 * all in S at some start s >= e:
 *
 *     f(S, e) = min(stop(S, e), min over n, option, unit, s >= e of
 *                   cost(n, option, unit, s) + f(S + n, s + len))
 *
 * The inner minimum over s >= e is a suffix minimum, so each (S, n) costs
 * O(weeks x options x units). Sets S are only those closed under "after"
 * (a need is placed only after its predecessors).
 */
#include "solver/search.h"

#include "util/xalloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* One way to place one need: an option at one of its units. */
struct dp_slot {
    int need;  /* problem need index */
    int local; /* index among the trainee's needs */
    int option, unit, len;
    int64_t *cost; /* per start week; SOLVER_INF where it cannot start */
    int lo, hi;    /* starts outside [lo, hi) all cost SOLVER_INF */
};

struct solver__dp {
    const struct solver_problem *p;
    struct dp_slot *slots;
    size_t nslots, cap_slots;
    int64_t *costs;
    size_t cap_costs;
    int64_t *f; /* (1 << m) x (weeks + 1) */
    size_t cap_f;
    int *first; /* per local need: its first slot; first[m] = nslots */
    size_t cap_first;
    int64_t *a, *pre;     /* weeks + 2 */
    int *run, *next_busy; /* weeks + 2 */
    unsigned char *busy;  /* weeks + 1 */
    /* what pre and run were last filled for, within one trainee's setup
     * (-1: nothing): slots of one unit share them */
    int pre_unit, pre_alternate, run_unit, run_q, run_stride;
    int unpriced; /* no price at the unit of pre: pre is not filled */
};

struct solver__dp *solver__dp_new(const struct solver_problem *p)
{
    struct solver__dp *d = xcalloc(1, sizeof(*d));
    size_t w = (size_t)p->weeks + 2;
    d->p = p;
    d->a = xmalloc(w * sizeof(int64_t));
    d->pre = xmalloc(w * sizeof(int64_t));
    d->run = xmalloc(w * sizeof(int));
    d->next_busy = xmalloc(w * sizeof(int));
    d->busy = xmalloc(w);
    return d;
}

void solver__dp_free(struct solver__dp *d)
{
    if (!d)
        return;
    free(d->slots);
    free(d->costs);
    free(d->f);
    free(d->first);
    free(d->a);
    free(d->pre);
    free(d->run);
    free(d->next_busy);
    free(d->busy);
    free(d);
}

static int64_t dp_add(int64_t a, int64_t b)
{
    return a >= SOLVER_INF || b >= SOLVER_INF ? SOLVER_INF : a + b;
}

/* Prefix sums of the week prices at unit u for a trainee of home h:
 * pre[w + 1] = sum of prices before w + 1; for the alternate pattern, the
 * sum runs over weeks of w's parity (pre[w + 2] = pre[w] + price[w]).
 * Without any price there (the search's unguided moves) only unpriced is
 * set. */
static void dp_prices(struct solver__dp *d, const struct solver__prices *pr,
                      int u, int h, int alternate)
{
    const struct solver_problem *p = d->p;
    size_t base_u = (size_t)u * (size_t)p->weeks,
           base_h = (size_t)h * (size_t)p->weeks;
    int limited = p->units[h].max_away != SOLVER_NONE;
    d->unpriced = !pr || (!pr->seat && !(pr->away && limited));
    if (d->unpriced)
        return; /* every week's price is 0 */
    d->pre[0] = d->pre[1] = 0;
    for (int w = 0; w < p->weeks; w++) {
        int64_t price = 0;
        if (pr && pr->seat)
            price += pr->seat[base_u + (size_t)w];
        if (pr && pr->away && limited)
            price += pr->away[base_h + (size_t)w];
        if (alternate)
            d->pre[w + 2] = d->pre[w] + price;
        else
            d->pre[w + 1] = d->pre[w] + price;
    }
}

/* run[w]: how many weeks (every other week for alternate) from w on fit an
 * occupancy of q at unit u for a trainee of home h in st. */
static void dp_runs(struct solver__dp *d, const struct solver__state *st, int u,
                    int h, int q, int stride)
{
    const struct solver_problem *p = d->p;
    const int *res = st->res + (size_t)u * (size_t)p->weeks;
    const int *away = st->away + (size_t)h * (size_t)p->weeks;
    d->run[p->weeks] = d->run[p->weeks + 1] = 0;
    for (int w = p->weeks - 1; w >= 0; w--)
        d->run[w] = res[w] >= q && away[w] >= q ? d->run[w + stride] + 1 : 0;
}

/* The jitter of a placement of slot sl from week s (search.h): a hash of
 * the seed, the need, the unit and the week, below span. */
static int64_t dp_jitter(uint64_t seed, const struct dp_slot *sl, int s,
                         int64_t span)
{
    uint64_t x = seed ^ (uint64_t)sl->need * 0x9E3779B97F4A7C15u ^
                 (uint64_t)sl->unit * 0xC2B2AE3D27D4EB4Fu ^ (uint64_t)s << 40;
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 29;
    x *= 0x94D049BB133111EBu;
    x ^= x >> 32;
    return (int64_t)(x % (uint64_t)span);
}

/* Fills one slot's cost per start week. */
static void dp_slot_costs(struct solver__dp *d, struct dp_slot *sl,
                          const struct solver__prices *pr,
                          const struct solver__state *st)
{
    const struct solver_problem *p = d->p;
    const struct solver_need *pn = &p->needs[sl->need];
    const struct solver_need_option *po = &pn->options[sl->option];
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    int alternate = po->pattern == PATTERN_ALTERNATE;
    int q = solver__occ(po, 0), len = sl->len;
    int lo = pt->from, hi = p->weeks;
    if (pn->earliest != SOLVER_NONE && pn->earliest > lo)
        lo = pn->earliest;
    if (pn->latest_end != SOLVER_NONE && pn->latest_end < hi)
        hi = pn->latest_end;
    for (int s = 0; s < p->weeks; s++)
        sl->cost[s] = SOLVER_INF;
    sl->lo = p->weeks;
    sl->hi = 0;
    if (pn->fixed) {
        if (sl->option != pn->fixed_option || sl->unit != pn->fixed_unit)
            return;
        lo = pn->fixed_start;
        hi = lo + len;
    }
    if (d->pre_unit != sl->unit || d->pre_alternate != alternate) {
        dp_prices(d, pr, sl->unit, pt->home, alternate);
        d->pre_unit = sl->unit;
        d->pre_alternate = alternate;
    }
    int stride = alternate ? 2 : 1;
    if (st && !pn->fixed &&
        (d->run_unit != sl->unit || d->run_q != q || d->run_stride != stride)) {
        dp_runs(d, st, sl->unit, pt->home, q, stride);
        d->run_unit = sl->unit;
        d->run_q = q;
        d->run_stride = stride;
    }
    int need_run = alternate ? (len + 1) / 2 : len;
    uint64_t jitter = pr ? pr->jitter : 0;
    int64_t span = 2 * SOLVER_SCALE / (pt->nneeds + 1);
    if (span < 1)
        jitter = 0; /* 2 x SOLVER_SCALE needs or more: none to share */
    for (int s = lo; s >= 0 && s + len <= hi; s++) {
        if (d->next_busy[s] < s + len && !pn->fixed)
            continue;
        if (st && !pn->fixed && d->run[s] < need_run)
            continue;
        int64_t price = d->unpriced ? 0
                        : alternate
                            ? 100 * (d->pre[s + len + 1] - d->pre[s])
                            : (int64_t)q * (d->pre[s + len] - d->pre[s]);
        int64_t base = po->cost;
        if (pn->preferred_start != SOLVER_NONE)
            base += p->w_shift * llabs((long long)s - pn->preferred_start);
        sl->cost[s] = base * SOLVER_SCALE + price +
                      (jitter ? dp_jitter(jitter, sl, s, span) : 0);
        sl->lo = s < sl->lo ? s : sl->lo;
        sl->hi = s + 1;
    }
}

/* Builds the slots of trainee t and the busy weeks of its leave. */
static int dp_setup(struct solver__dp *d, int t,
                    const struct solver__prices *pr,
                    const struct solver__state *st)
{
    const struct solver_problem *p = d->p;
    const struct solver_trainee *pt = &p->trainees[t];
    int m = pt->nneeds;
    size_t nslots = 0;
    for (int i = 0; i < m; i++) {
        const struct solver_need *pn = &p->needs[pt->first_need + i];
        for (int o = 0; o < pn->noptions; o++)
            nslots += (size_t)pn->options[o].nunits;
    }
    xgrow((void **)&d->slots, &d->cap_slots, nslots + 1, sizeof(*d->slots));
    xgrow((void **)&d->costs, &d->cap_costs, (nslots + 1) * (size_t)p->weeks,
          sizeof(int64_t));
    xgrow((void **)&d->first, &d->cap_first, (size_t)m + 1, sizeof(int));
    memset(d->busy, 0, (size_t)p->weeks + 1);
    for (int k = 0; k < pt->nunavailable; k++)
        for (int w = pt->unavailable[k][0];
             w < pt->unavailable[k][1] && w < p->weeks; w++)
            d->busy[w] = 1;
    d->next_busy[p->weeks] = p->weeks;
    for (int w = p->weeks - 1; w >= 0; w--)
        d->next_busy[w] = d->busy[w] ? w : d->next_busy[w + 1];
    d->nslots = 0;
    d->pre_unit = d->run_unit = -1;
    for (int i = 0; i < m; i++) {
        int n = pt->first_need + i;
        const struct solver_need *pn = &p->needs[n];
        d->first[i] = (int)d->nslots;
        for (int o = 0; o < pn->noptions; o++)
            for (int k = 0; k < pn->options[o].nunits; k++) {
                struct dp_slot *sl = &d->slots[d->nslots];
                *sl = (struct dp_slot){n,
                                       i,
                                       o,
                                       pn->options[o].units[k],
                                       pn->options[o].len,
                                       d->costs + d->nslots * (size_t)p->weeks,
                                       0,
                                       0};
                dp_slot_costs(d, sl, pr, st);
                d->nslots++;
            }
    }
    d->first[m] = (int)d->nslots;
    return m;
}

/* Predecessors of local need i as a bit mask of local needs. */
static unsigned dp_preds(const struct solver_problem *p, int t, int i)
{
    const struct solver_trainee *pt = &p->trainees[t];
    const struct solver_need *pn = &p->needs[pt->first_need + i];
    unsigned mask = 0;
    for (int k = 0; k < pn->nafter; k++)
        mask |= 1u << (unsigned)(pn->after[k] - pt->first_need);
    return mask;
}

struct dp_trainee {
    int t, m;
    unsigned full, fixed;
    unsigned pred[SOLVER_DP_MAX];
    int64_t unplaced[SOLVER_DP_MAX];
    int shortest[SOLVER_DP_MAX]; /* the shortest length of each need */
    int64_t late_per_week;
    int deadline, from;
};

/* The cost of leaving every need outside set unplaced. */
static int64_t dp_rest(const struct dp_trainee *tr, unsigned set)
{
    if (tr->fixed & ~set)
        return SOLVER_INF;
    int64_t c = 0;
    for (int i = 0; i < tr->m; i++)
        if (!(set & (1u << (unsigned)i)))
            c += tr->unplaced[i];
    return c;
}

/* Stopping at (set, end): the rest unplaced, lateness as of end. */
static int64_t dp_stop(const struct dp_trainee *tr, unsigned set, int end)
{
    int64_t c = dp_rest(tr, set);
    if (c < SOLVER_INF && set && end > tr->deadline)
        c += tr->late_per_week * (end - tr->deadline);
    return c;
}

static int dp_closed(const struct dp_trainee *tr, unsigned set)
{
    for (int i = 0; i < tr->m; i++)
        if ((set & (1u << (unsigned)i)) && (tr->pred[i] & ~set))
            return 0;
    return 1;
}

/* The earliest week by which the needs of set can all have ended: placed
 * one after another from the trainee's first week, they take at least
 * their shortest lengths. f(set, e) is read only from that week on. */
static int dp_earliest_end(const struct dp_trainee *tr, unsigned set)
{
    int e = tr->from;
    for (int i = 0; i < tr->m; i++)
        if (set & (1u << (unsigned)i))
            e += tr->shortest[i];
    return e;
}

/* The programme's inner loop is a minimum of 64-bit sums, which x86-64's
 * baseline instructions cannot do several at a time and AVX2 can: on such
 * machines GCC builds it twice and picks at load time (the build asks for
 * loops worth vectorising, -fvect-cost-model=dynamic). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define DP_VECTOR __attribute__((target_clones("avx2", "default")))
#else
#define DP_VECTOR
#endif

/*
 * Placing need i next at start s costs the slot's cost plus fnext at
 * s + len, and serves every end e <= s of the set's row. Lowers a[s] to
 * the least such cost over i's slots, for s from e0 on; dp_settle() then
 * takes the suffix minimum once for all the set's needs. Costs and f are
 * at most SOLVER_INF, so sums cannot overflow and anything >= SOLVER_INF
 * means impossible.
 */
DP_VECTOR static void dp_arrivals(struct solver__dp *d, int i,
                                  const int64_t *fnext, int e0)
{
    int64_t *a = d->a;
    for (int k = d->first[i]; k < d->first[i + 1]; k++) {
        const struct dp_slot *sl = &d->slots[k];
        const int64_t *cost = sl->cost, *next = fnext + sl->len;
        for (int s = sl->lo > e0 ? sl->lo : e0; s < sl->hi; s++) {
            int64_t c = cost[s] + next[s];
            a[s] = c < a[s] ? c : a[s];
        }
    }
}

/* Writes the row f of set from week e0 on: at each end e the cheaper of
 * stopping there and the least arrival at any start s >= e; leaves a at
 * SOLVER_INF again. */
static void dp_settle(struct solver__dp *d, const struct dp_trainee *tr,
                      unsigned set, int64_t *f, int e0)
{
    int weeks = d->p->weeks;
    int64_t *a = d->a, run = SOLVER_INF, rest = dp_rest(tr, set);
    int late = set && rest < SOLVER_INF;
    for (int e = weeks; e >= e0; e--) {
        run = a[e] < run ? a[e] : run;
        a[e] = SOLVER_INF;
        int64_t stop = late && e > tr->deadline
                           ? rest + tr->late_per_week * (e - tr->deadline)
                           : rest;
        f[e] = run < stop ? run : stop;
    }
}

static void dp_table(struct solver__dp *d, const struct dp_trainee *tr)
{
    int weeks = d->p->weeks;
    size_t row = (size_t)weeks + 1;
    for (int e = 0; e <= weeks + 1; e++)
        d->a[e] = SOLVER_INF;
    for (unsigned set = tr->full + 1; set-- > 0;) {
        int64_t *f = d->f + set * row;
        if (!dp_closed(tr, set)) {
            for (int e = 0; e <= weeks; e++)
                f[e] = SOLVER_INF;
            continue;
        }
        int e0 = dp_earliest_end(tr, set);
        if (e0 > weeks) {
            /* Never reached: the needs of set do not fit the horizon. */
            for (int e = 0; e <= weeks; e++)
                f[e] = SOLVER_INF;
            continue;
        }
        for (int i = 0; i < tr->m; i++) {
            unsigned bit = 1u << (unsigned)i;
            if ((set & bit) || (tr->pred[i] & ~set))
                continue;
            dp_arrivals(d, i, d->f + (set | bit) * row, e0);
        }
        dp_settle(d, tr, set, f, e0);
        for (int e = 0; e < e0; e++)
            f[e] = f[e0];
    }
}

/* Follows the table from (empty, week 0) to the schedule it chose. */
static void dp_follow(struct solver__dp *d, const struct dp_trainee *tr,
                      struct solver_placement *out)
{
    int weeks = d->p->weeks;
    size_t row = (size_t)weeks + 1;
    unsigned set = 0;
    int e = 0;
    for (;;) {
        int64_t want = d->f[set * row + (size_t)e];
        if (want >= SOLVER_INF || dp_stop(tr, set, e) == want)
            return;
        int found = 0;
        for (int s = e; s < weeks && !found; s++)
            for (int i = 0; i < tr->m && !found; i++) {
                unsigned bit = 1u << (unsigned)i;
                if ((set & bit) || (tr->pred[i] & ~set))
                    continue;
                const int64_t *fnext = d->f + (set | bit) * row;
                for (int k = d->first[i]; k < d->first[i + 1] && !found; k++) {
                    const struct dp_slot *sl = &d->slots[k];
                    if (s + sl->len > weeks ||
                        dp_add(sl->cost[s], fnext[s + sl->len]) != want)
                        continue;
                    out[sl->need] = (struct solver_placement){1, sl->option,
                                                              sl->unit, s, 0};
                    set |= bit;
                    e = s + sl->len;
                    found = 1;
                }
            }
        if (!found)
            return; /* cannot happen: the table holds the minimum */
    }
}

/* More needs than the exact table takes, without st: each need priced
 * apart, the cheaper of its best placement and leaving it unplaced (a lower
 * bound: overlaps, order and lateness are relaxed). */
static int64_t dp_large_relaxed(struct solver__dp *d, int t,
                                struct solver_placement *out)
{
    const struct solver_problem *p = d->p;
    const struct solver_trainee *pt = &p->trainees[t];
    int64_t total = 0;
    for (int i = 0; i < pt->nneeds; i++) {
        int n = pt->first_need + i;
        const struct solver_need *pn = &p->needs[n];
        int64_t best =
            pn->fixed ? SOLVER_INF
                      : p->w_unplaced * pn->options[0].weeks * SOLVER_SCALE;
        for (int k = d->first[i]; k < d->first[i + 1]; k++) {
            const struct dp_slot *sl = &d->slots[k];
            for (int st = sl->lo; st < sl->hi; st++)
                if (sl->cost[st] < best) {
                    best = sl->cost[st];
                    out[n] = (struct solver_placement){1, sl->option, sl->unit,
                                                       st, 0};
                }
        }
        total = dp_add(total, best);
    }
    return total;
}

/* The latest end each of trainee t's needs may have: before the start of
 * a fixed need that waits for it, and early enough for the needs between. */
static void dp_large_deadlines(const struct solver_problem *p, int t, int *hi)
{
    const struct solver_trainee *pt = &p->trainees[t];
    for (int i = 0; i < pt->nneeds; i++)
        hi[i] = p->weeks;
    for (int round = 0; round < pt->nneeds; round++)
        for (int i = 0; i < pt->nneeds; i++) {
            const struct solver_need *pn = &p->needs[pt->first_need + i];
            int shortest = pn->options[0].len;
            for (int o = 1; o < pn->noptions; o++)
                if (pn->options[o].len < shortest)
                    shortest = pn->options[o].len;
            int start = pn->fixed ? pn->fixed_start : hi[i] - shortest;
            for (int k = 0; k < pn->nafter; k++) {
                int j = pn->after[k] - pt->first_need;
                hi[j] = start < hi[j] ? start : hi[j];
            }
        }
}

/* With st: the fixed needs first, then need by need once its predecessors
 * are decided, each at its cheapest start (lateness included) in the weeks
 * and seats left; a need that cannot fit, or waits for one that did not,
 * stays unplaced. */
static int64_t dp_large_greedy(struct solver__dp *d, int t,
                               struct solver_placement *out)
{
    const struct solver_problem *p = d->p;
    const struct solver_trainee *pt = &p->trainees[t];
    int m = pt->nneeds, end = 0, left = 0;
    int *hi = xmalloc((size_t)m * sizeof(int));
    unsigned char *done = xcalloc((size_t)m, 1);
    int64_t total = 0;
    dp_large_deadlines(p, t, hi);
    for (int i = 0; i < m; i++) {
        const struct solver_need *pn = &p->needs[pt->first_need + i];
        if (!pn->fixed) {
            left++;
            continue;
        }
        out[pt->first_need + i] = (struct solver_placement){
            1, pn->fixed_option, pn->fixed_unit, pn->fixed_start, 0};
        int e = pn->fixed_start + pn->options[pn->fixed_option].len;
        for (int w = pn->fixed_start; w < e && w < p->weeks; w++)
            d->busy[w] = 1;
        end = e > end ? e : end;
        done[i] = 1;
    }
    while (left > 0) {
        for (int i = 0; i < m; i++) {
            int n = pt->first_need + i, lo = 0, ready = !done[i], ok = 1;
            const struct solver_need *pn = &p->needs[n];
            for (int k = 0; ready && k < pn->nafter; k++) {
                const struct solver_placement *b = &out[pn->after[k]];
                ready = done[pn->after[k] - pt->first_need];
                ok &= b->assigned;
                if (b->assigned) {
                    int e = b->start +
                            p->needs[pn->after[k]].options[b->option].len;
                    lo = e > lo ? e : lo;
                }
            }
            if (!ready)
                continue;
            done[i] = 1;
            left--;
            int64_t best = p->w_unplaced * pn->options[0].weeks * SOLVER_SCALE;
            for (int k = d->first[i]; ok && k < d->first[i + 1]; k++) {
                const struct dp_slot *sl = &d->slots[k];
                for (int s = lo; s + sl->len <= hi[i]; s++) {
                    int free = sl->cost[s] < SOLVER_INF;
                    for (int w = s; free && w < s + sl->len; w++)
                        free = !d->busy[w];
                    int later =
                        s + sl->len - (end > pt->deadline ? end : pt->deadline);
                    int64_t c =
                        sl->cost[s] + (later > 0 ? p->w_late * pt->priority *
                                                       SOLVER_SCALE * later
                                                 : 0);
                    if (free && c < best) {
                        best = c;
                        out[n] = (struct solver_placement){1, sl->option,
                                                           sl->unit, s, 0};
                    }
                }
            }
            total = dp_add(total, best);
            if (!out[n].assigned)
                continue;
            int e = out[n].start + pn->options[out[n].option].len;
            for (int w = out[n].start; w < e; w++)
                d->busy[w] = 1;
            end = e > end ? e : end;
        }
    }
    free(hi);
    free(done);
    return total;
}

int solver__dp_option_costs(struct solver__dp *d, int t,
                            const struct solver__prices *pr,
                            const struct solver__state *st, int64_t *out)
{
    const struct solver_problem *p = d->p;
    const struct solver_trainee *pt = &p->trainees[t];
    size_t weeks = (size_t)p->weeks;
    int m = dp_setup(d, t, pr, st), row = 0;
    for (int i = 0; i < m; i++) {
        const struct solver_need *pn = &p->needs[pt->first_need + i];
        for (int o = 0; o < pn->noptions; o++, row++) {
            int64_t *c = out + (size_t)row * weeks;
            for (size_t s = 0; s < weeks; s++)
                c[s] = SOLVER_INF;
            for (int k = d->first[i]; k < d->first[i + 1]; k++) {
                const struct dp_slot *sl = &d->slots[k];
                for (int s = sl->option == o ? sl->lo : sl->hi; s < sl->hi; s++)
                    c[s] = sl->cost[s] < c[s] ? sl->cost[s] : c[s];
            }
        }
    }
    return row;
}

int64_t solver__dp_solve(struct solver__dp *d, int t,
                         const struct solver__prices *pr,
                         const struct solver__state *st,
                         struct solver_placement *out)
{
    const struct solver_problem *p = d->p;
    const struct solver_trainee *pt = &p->trainees[t];
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++)
        out[n] = (struct solver_placement){0, 0, 0, 0, 0};
    int m = dp_setup(d, t, pr, st);
    if (m > SOLVER_DP_MAX)
        return st ? dp_large_greedy(d, t, out) : dp_large_relaxed(d, t, out);
    struct dp_trainee tr = {t,
                            m,
                            (1u << (unsigned)m) - 1u,
                            0,
                            {0},
                            {0},
                            {0},
                            p->w_late * pt->priority * SOLVER_SCALE,
                            pt->deadline,
                            pt->from < p->weeks ? pt->from : p->weeks};
    for (int i = 0; i < m; i++) {
        const struct solver_need *pn = &p->needs[pt->first_need + i];
        tr.pred[i] = dp_preds(p, t, i);
        tr.shortest[i] = p->weeks + 1;
        for (int k = d->first[i]; k < d->first[i + 1]; k++)
            if (d->slots[k].len < tr.shortest[i])
                tr.shortest[i] = d->slots[k].len;
        tr.unplaced[i] = p->w_unplaced * pn->options[0].weeks * SOLVER_SCALE;
        if (pn->fixed)
            tr.fixed |= 1u << (unsigned)i;
    }
    xgrow((void **)&d->f, &d->cap_f,
          ((size_t)tr.full + 1) * ((size_t)p->weeks + 1), sizeof(int64_t));
    dp_table(d, &tr);
    int64_t best = d->f[0];
    dp_follow(d, &tr, out);
    return best;
}
