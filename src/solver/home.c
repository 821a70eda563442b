/*
 * The joint bound of a home unit with max_away 1 (search.h).
 *
 * Such a home lets one of its trainees away at a time, and the Lagrangian
 * bound prices that limit week by week: each trainee is planned alone, and
 * fractions of schedules fill what whole rotations cannot. Here the home's
 * trainees are planned together, the limit kept.
 *
 * The place away is two halves. A full-time or split placement of two weeks
 * or more takes both; a half-time, alternate or one-week placement takes
 * one. Every valid plan keeps this: two placements of 60 or more in one week
 * exceed 100, a half-time one beside anything but another half-time one
 * does too, and of the alternate placements over one week at most two differ
 * in parity (two of one parity that meet share an away week). The fixed
 * bookings of the home's trainees take their halves first.
 *
 * Placements are taken in order of start. A state is (S, w, e, k): the
 * needs in S are decided, both halves are free at week w (e = 0), or one is
 * and the other is taken by a half placement of trainee k until week e.
 * From it: wait a week; start a placement at w that fits the free halves,
 * of a trainee other than k (a trainee's placements never overlap, so what
 * it placed before is over); at week 0, leave all the needs of a trainee
 * unplaced. A trainee's last placement is the one that ends last, so its
 * lateness is charged when it is placed, and the needs it has not placed by
 * then stay unplaced.
 *
 * Dropped on the way: a state whose cost plus what its trainees still
 * cost each alone (home_rest_bound) reaches upper, a joint plan's cost.
 *
 * Sets S are one ideal (set closed under "after") per trainee, numbered in
 * mixed radix so that a subset has a lower number: the sets are taken in
 * order of number, each over the weeks. F[S][w] holds the states with
 * e = 0, a row made when a state first reaches S and used again once S is
 * swept (only larger sets are reached from it). A state (S, w, e, k)
 * stays one until e whatever is waited, so for each S it is kept in a list
 * of (w, e, k, cost), swept over w with only the states not beaten by one
 * of the same k ending sooner at no more cost, nor by F[S][w] (both halves
 * free is never worse: what runs is over, so every trainee may start);
 * one beaten by F[S][w] when it is made is not kept. When the lists fill their
 * budget they are compacted: the entries of swept sets go, and so do those
 * beaten by one of the same set, k and w ending no later at no more cost.
 */
#include "solver/search.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define HOME_TRAINEES_MAX 16

struct home_option {
    int64_t *cost; /* per start week */
    int len;
    int half; /* 1: takes one half of the place away */
};

struct home_trainee {
    int t;
    int m;                        /* needs not fixed */
    int need[SOLVER_DP_MAX];      /* their problem need indices */
    unsigned pred[SOLVER_DP_MAX]; /* among those m */
    int first_opt[SOLVER_DP_MAX + 1];
    int64_t unplaced[SOLVER_DP_MAX];
    unsigned full;
    int nideal;
    unsigned ideal[1u << SOLVER_DP_MAX]; /* in increasing order */
    int index[1u << SOLVER_DP_MAX];      /* set -> ideal number, or -1 */
    size_t stride;
    int64_t late_per_week;
    int deadline, fixed_end;
    /* g[i x (weeks + 1) + w]: at least what the trainee still costs from
     * its ideal i with nothing started before w (home_rest_bound) */
    int64_t *g;
};

struct home_entry {
    int64_t cost;
    int w0, e;
    int k; /* the trainee of the half placement until e */
    int next;
};

struct home {
    const struct solver_problem *p;
    int weeks, k;
    struct home_trainee *tr;
    struct home_option *opt;
    int nopt;
    int *lt1, *lt2; /* prefix counts of weeks with < 1 and < 2 halves free */
    size_t nsets;
    int64_t **f; /* per set: weeks + 1 costs, NULL until a state is in it
                    and again once the set is swept */
    size_t nrows, max_rows;
    int64_t **spare; /* rows of swept sets, to be used again */
    size_t nspare, cap_spare;
    int *head; /* per set: its first pending entry, or -1 */
    struct home_entry *pend;
    size_t npend, cap_pend, max_pend;
    size_t made, compactions;
    int64_t upper; /* a joint plan's cost: states that cannot beat it go */
    int64_t best;  /* of the set where every trainee is decided */
    int over;      /* 1: more entries than max_pend */
    /* the sweep of one set */
    int *bucket;
    struct home_entry *order; /* the set's entries by first week */
    size_t cap_order;
    int *act_e, *act_k;
    int64_t *act_c;
    int nact;
};

static int64_t home_add(int64_t a, int64_t b)
{
    return a >= SOLVER_INF || b >= SOLVER_INF ? SOLVER_INF : a + b;
}

static int64_t home_min(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

static int64_t home_late(const struct home_trainee *tr, int end)
{
    int e = end > tr->fixed_end ? end : tr->fixed_end;
    return e > tr->deadline ? tr->late_per_week * (e - tr->deadline) : 0;
}

static int64_t home_rest(const struct home_trainee *tr, unsigned set)
{
    int64_t c = 0;
    for (int i = 0; i < tr->m; i++)
        if (!(set & (1u << (unsigned)i)))
            c += tr->unplaced[i];
    return c;
}

/* At least what the trainees still cost from set with nothing started
 * before w: each one's own least cost, the others ignored. */
static int64_t home_lower(const struct home *h, size_t set, int w)
{
    int64_t c = 0;
    for (int k = 0; k < h->k; k++) {
        const struct home_trainee *tr = &h->tr[k];
        size_t i = set / tr->stride % (size_t)tr->nideal;
        c = home_add(c, tr->g[i * (size_t)(h->weeks + 1) + (size_t)w]);
    }
    return c;
}

/* The set's row of F, made on first use; NULL (and h->over) past the
 * budget. */
static int64_t *home_row(struct home *h, size_t set)
{
    if (h->f[set])
        return h->f[set];
    int64_t *f;
    if (h->nspare > 0)
        f = h->spare[--h->nspare];
    else if (h->nrows >= h->max_rows) {
        h->over = 1;
        return NULL;
    } else {
        h->nrows++;
        f = xmalloc(((size_t)h->weeks + 1) * sizeof(int64_t));
    }
    for (int w = 0; w <= h->weeks; w++)
        f[w] = SOLVER_INF;
    return h->f[set] = f;
}

/* A state with both halves free at w reaches set at cost c; lower is at
 * least what the set's trainees still cost from w. */
static void home_reach_f(struct home *h, size_t set, int w, int64_t c,
                         int64_t lower)
{
    if (home_add(c, lower) >= h->upper)
        return;
    if (set == h->nsets - 1) {
        h->best = c < h->best ? c : h->best;
        return;
    }
    int64_t *f = home_row(h, set);
    if (!f)
        return;
    f += w;
    *f = c < *f ? c : *f;
}

static int home_entry_cmp(const void *x, const void *y)
{
    const struct home_entry *a = x, *b = y;
    if (a->k != b->k)
        return a->k < b->k ? -1 : 1;
    if (a->w0 != b->w0)
        return a->w0 < b->w0 ? -1 : 1;
    if (a->e != b->e)
        return a->e < b->e ? -1 : 1;
    return a->cost < b->cost ? -1 : a->cost > b->cost;
}

/* Makes room among the pending entries when they fill max_pend: drops the
 * entries of sets already swept, and of each set those that one of the
 * same trainee and first week, ending no later, beats at no more cost.
 * Returns 0 (and sets h->over) when less than half is freed. */
static int home_compact(struct home *h)
{
    struct home_entry *to = NULL; /* grown as needed: most entries are dead */
    size_t n = 0, cap = 0;
    h->compactions++;
    for (size_t set = 0; set < h->nsets; set++) {
        if (h->head[set] < 0)
            continue;
        size_t first = n;
        for (int i = h->head[set]; i >= 0; i = h->pend[i].next) {
            xgrow((void **)&to, &cap, n + 1, sizeof(*to));
            to[n++] = h->pend[i];
        }
        qsort(to + first, n - first, sizeof(*to), home_entry_cmp);
        size_t kept = first;
        int64_t least = SOLVER_INF;
        int k = -1, w0 = -1;
        for (size_t i = first; i < n; i++) {
            struct home_entry a = to[i];
            if (a.k != k || a.w0 != w0) {
                k = a.k;
                w0 = a.w0;
                least = SOLVER_INF;
            }
            if (a.cost >= least)
                continue; /* one ending no later costs no more */
            least = a.cost;
            a.next = (int)kept + 1;
            to[kept++] = a;
        }
        if (kept > first) {
            to[kept - 1].next = -1;
            h->head[set] = (int)first;
        } else
            h->head[set] = -1;
        n = kept;
    }
    free(h->pend);
    h->pend = to;
    h->npend = n;
    h->cap_pend = cap;
    if (n > h->max_pend / 2) {
        h->over = 1;
        return 0;
    }
    return 1;
}

static void home_reach_half(struct home *h, size_t set, int w0, int e, int k,
                            int64_t c, int64_t lower)
{
    if (home_add(c, lower) >= h->upper)
        return;
    if (set == h->nsets - 1) {
        h->best = c < h->best ? c : h->best;
        return;
    }
    if (h->f[set] && h->f[set][w0] <= c)
        return; /* both halves free at w0 for no more */
    if (h->npend >= h->max_pend && !home_compact(h))
        return;
    xgrow((void **)&h->pend, &h->cap_pend, h->npend + 1, sizeof(*h->pend));
    h->made++;
    h->pend[h->npend] = (struct home_entry){c, w0, e, k, h->head[set]};
    h->head[set] = (int)h->npend++;
}

/* Every placement that can start at w from set (decoded in comp, its
 * trainees' rows of g in g), with the other half taken until busy (0: free)
 * by trainee busy_k, at cost base so far. A trainee's placements never
 * overlap. */
static void home_expand(struct home *h, size_t set, const int *comp,
                        const int64_t *const *g, int w, int busy, int busy_k,
                        int64_t base)
{
    size_t row = (size_t)h->weeks + 1;
    for (int k = 0; k < h->k; k++) {
        const struct home_trainee *tr = &h->tr[k];
        if (comp[k] == tr->nideal - 1 || (busy && k == busy_k))
            continue;
        unsigned have = tr->ideal[comp[k]];
        size_t here = set - (size_t)comp[k] * tr->stride;
        for (int i = 0; i < tr->m; i++) {
            unsigned bit = 1u << (unsigned)i;
            if ((have & bit) || (tr->pred[i] & ~have))
                continue;
            unsigned next = have | bit;
            size_t to = here + (size_t)tr->index[next] * tr->stride,
                   last = here + (size_t)(tr->nideal - 1) * tr->stride;
            const int64_t *gn = tr->g + (size_t)tr->index[next] * row;
            int64_t rest = next == tr->full ? 0 : home_rest(tr, next);
            for (int o = tr->first_opt[i]; o < tr->first_opt[i + 1]; o++) {
                const struct home_option *op = &h->opt[o];
                int64_t c = home_add(base, op->cost[w]);
                if (c >= SOLVER_INF || (busy && !op->half))
                    continue;
                int end = w + op->len;
                int lo = busy && busy < end ? busy : end;
                if (busy && h->lt2[lo] != h->lt2[w])
                    continue; /* the two halves are not both free */
                int hi = busy > end ? busy : end;
                int64_t late = home_late(tr, end);
                for (int fin = 0; fin < 2; fin++) {
                    /* fin 0: more to come, unless this is the last need;
                     * fin 1: the trainee's last, the rest unplaced */
                    if (fin && next == tr->full)
                        break;
                    size_t dst = fin || next == tr->full ? last : to;
                    int64_t cc = fin                ? c + late + rest
                                 : next == tr->full ? c + late
                                                    : c;
                    int at = !op->half || busy == end ? end : busy ? lo : w;
                    int64_t lower = dst == last ? 0 : gn[at];
                    for (int j = 0; j < h->k; j++)
                        lower += j == k ? 0 : g[j][at];
                    if (!op->half || busy == end)
                        home_reach_f(h, dst, end, cc, lower);
                    else
                        home_reach_half(h, dst, at, hi, end > busy ? k : busy_k,
                                        cc, lower);
                }
            }
        }
    }
}

/* Adds (e, k, c) to the set's states with one half taken, unless one of
 * the same trainee ending no later costs no more; drops those it beats.
 * Kept in order of e. */
static void home_act_add(struct home *h, int e, int k, int64_t c)
{
    int n = 0;
    for (int i = 0; i < h->nact; i++)
        if (h->act_k[i] == k && h->act_e[i] <= e && h->act_c[i] <= c)
            return;
    for (int i = 0; i < h->nact; i++)
        if (!(h->act_k[i] == k && h->act_e[i] >= e && h->act_c[i] >= c)) {
            h->act_e[n] = h->act_e[i];
            h->act_k[n] = h->act_k[i];
            h->act_c[n++] = h->act_c[i];
        }
    int at = n;
    while (at > 0 && h->act_e[at - 1] > e) {
        h->act_e[at] = h->act_e[at - 1];
        h->act_k[at] = h->act_k[at - 1];
        h->act_c[at] = h->act_c[at - 1];
        at--;
    }
    h->act_e[at] = e;
    h->act_k[at] = k;
    h->act_c[at] = c;
    h->nact = n + 1;
}

static void home_sweep(struct home *h, size_t set)
{
    int weeks = h->weeks;
    if (!h->f[set] && h->head[set] < 0)
        return; /* no state reaches the set */
    int comp[HOME_TRAINEES_MAX];
    size_t rest = set;
    const int64_t *g[HOME_TRAINEES_MAX];
    for (int k = h->k - 1; k >= 0; k--) {
        comp[k] = (int)(rest / h->tr[k].stride);
        rest %= h->tr[k].stride;
        g[k] = h->tr[k].g + (size_t)comp[k] * (size_t)(weeks + 1);
    }
    /* the pending entries by their first week */
    for (int w = 0; w <= weeks + 1; w++)
        h->bucket[w] = 0;
    int n = 0;
    for (int i = h->head[set]; i >= 0; i = h->pend[i].next, n++)
        h->bucket[h->pend[i].w0 + 1]++;
    for (int w = 0; w <= weeks; w++)
        h->bucket[w + 1] += h->bucket[w];
    xgrow((void **)&h->order, &h->cap_order, (size_t)n + 1, sizeof(*h->order));
    for (int i = h->head[set]; i >= 0; i = h->pend[i].next)
        h->order[h->bucket[h->pend[i].w0]++] = h->pend[i];
    h->head[set] = -1; /* its entries are copied: the list's are dead */
    int next = 0;
    h->nact = 0;

    int64_t *f = home_row(h, set);
    if (!f)
        return;
    for (int w = 0; w <= weeks; w++) {
        for (; next < n && h->order[next].w0 == w; next++)
            home_act_add(h, h->order[next].e, h->order[next].k,
                         h->order[next].cost);
        while (h->nact > 0 && h->act_e[0] == w) {
            f[w] = h->act_c[0] < f[w] ? h->act_c[0] : f[w];
            h->nact--;
            memmove(h->act_e, h->act_e + 1, (size_t)h->nact * sizeof(int));
            memmove(h->act_k, h->act_k + 1, (size_t)h->nact * sizeof(int));
            memmove(h->act_c, h->act_c + 1, (size_t)h->nact * sizeof(int64_t));
        }
        /* what the set's trainees still cost from w grows with w: states
         * that cannot beat the upper bound now never will */
        int64_t lower = home_lower(h, set, w);
        if (home_add(f[w], lower) >= h->upper)
            f[w] = SOLVER_INF;
        for (int i = 0, kept = 0; i <= h->nact; i++) {
            if (i == h->nact) {
                h->nact = kept;
                break;
            }
            /* a state with both halves free at w for no more beats it */
            if (h->act_c[i] < f[w] && home_add(h->act_c[i], lower) < h->upper) {
                h->act_e[kept] = h->act_e[i];
                h->act_k[kept] = h->act_k[i];
                h->act_c[kept++] = h->act_c[i];
            }
        }
        if (f[w] < SOLVER_INF) {
            if (w < weeks)
                f[w + 1] = f[w] < f[w + 1] ? f[w] : f[w + 1];
            if (w == 0)
                for (int k = 0; k < h->k; k++) {
                    const struct home_trainee *tr = &h->tr[k];
                    if (comp[k] != 0 || tr->nideal == 1)
                        continue;
                    size_t to = set + (size_t)(tr->nideal - 1) * tr->stride;
                    home_reach_f(h, to, 0,
                                 f[0] + home_rest(tr, 0) + home_late(tr, 0),
                                 home_lower(h, to, 0));
                }
            if (w < weeks)
                home_expand(h, set, comp, g, w, 0, -1, f[w]);
        }
        for (int i = 0; i < h->nact && w < weeks; i++)
            home_expand(h, set, comp, g, w, h->act_e[i], h->act_k[i],
                        h->act_c[i]);
        if (h->over)
            return;
    }
    /* only larger sets are reached from here on */
    xgrow((void **)&h->spare, &h->cap_spare, h->nspare + 1, sizeof(f));
    h->spare[h->nspare++] = f;
    h->f[set] = NULL;
}

/* The trainee's needs that are not fixed, their predecessors among them,
 * and its ideals. */
static void home_trainee_setup(const struct solver_problem *p,
                               struct home_trainee *tr, int t)
{
    const struct solver_trainee *pt = &p->trainees[t];
    int local[SOLVER_DP_MAX];
    tr->t = t;
    tr->m = 0;
    tr->fixed_end = 0;
    for (int i = 0; i < pt->nneeds; i++) {
        const struct solver_need *pn = &p->needs[pt->first_need + i];
        local[i] = -1;
        if (pn->fixed) {
            int e = pn->fixed_start + pn->options[pn->fixed_option].len;
            tr->fixed_end = e > tr->fixed_end ? e : tr->fixed_end;
            continue;
        }
        local[i] = tr->m;
        tr->unplaced[tr->m] =
            p->w_unplaced * pn->options[0].weeks * SOLVER_SCALE;
        tr->need[tr->m++] = pt->first_need + i;
    }
    for (int j = 0; j < tr->m; j++) {
        const struct solver_need *pn = &p->needs[tr->need[j]];
        tr->pred[j] = 0;
        for (int a = 0; a < pn->nafter; a++) {
            int l = local[pn->after[a] - pt->first_need];
            if (l >= 0)
                tr->pred[j] |= 1u << (unsigned)l;
        }
    }
    tr->full = (1u << (unsigned)tr->m) - 1u;
    tr->nideal = 0;
    for (unsigned s = 0; s <= tr->full; s++) {
        int ok = 1;
        for (int j = 0; j < tr->m && ok; j++)
            if ((s & (1u << (unsigned)j)) && (tr->pred[j] & ~s))
                ok = 0;
        tr->index[s] = ok ? tr->nideal : -1;
        if (ok)
            tr->ideal[tr->nideal++] = s;
    }
    tr->late_per_week = p->w_late * pt->priority * SOLVER_SCALE;
    tr->deadline = pt->deadline;
}

static int home_half(const struct solver_need_option *o)
{
    return o->pattern == PATTERN_HALF || o->pattern == PATTERN_ALTERNATE ||
           o->len == 1;
}

/* The options' costs per start, with what the home adds to the trainee's
 * own DP: clear of the trainee's fixed bookings, after its fixed
 * predecessors, and within the halves the fixed bookings leave. Returns the
 * constant part: the fixed bookings' costs, and the lateness of trainees
 * with nothing else to place. */
static int64_t home_costs(struct home *h, struct solver__dp *d,
                          const struct solver__prices *pr,
                          const struct solver__state *st, int64_t *rows)
{
    const struct solver_problem *p = h->p;
    size_t weeks = (size_t)h->weeks;
    int64_t constant = 0;
    int o_at = 0;
    unsigned char *mine = xmalloc(weeks + 1);
    for (int k = 0; k < h->k; k++) {
        struct home_trainee *tr = &h->tr[k];
        const struct solver_trainee *pt = &p->trainees[tr->t];
        solver__dp_option_costs(d, tr->t, pr, st, rows);
        memset(mine, 0, weeks + 1);
        int row = 0, j = 0;
        for (int i = 0; i < pt->nneeds; i++) {
            const struct solver_need *pn = &p->needs[pt->first_need + i];
            if (pn->fixed) {
                const struct solver_need_option *o =
                    &pn->options[pn->fixed_option];
                constant = home_add(
                    constant, rows[(size_t)(row + pn->fixed_option) * weeks +
                                   (size_t)pn->fixed_start]);
                for (int w = pn->fixed_start;
                     w < pn->fixed_start + o->len && w < h->weeks; w++)
                    mine[w] = 1;
            }
            row += pn->noptions;
        }
        row = 0;
        for (int i = 0; i < pt->nneeds; i++) {
            const struct solver_need *pn = &p->needs[pt->first_need + i];
            if (pn->fixed) {
                row += pn->noptions;
                continue;
            }
            int lo = 0; /* after its fixed predecessors */
            for (int a = 0; a < pn->nafter; a++) {
                const struct solver_need *q = &p->needs[pn->after[a]];
                if (q->fixed) {
                    int e = q->fixed_start + q->options[q->fixed_option].len;
                    lo = e > lo ? e : lo;
                }
            }
            tr->first_opt[j] = o_at;
            for (int o = 0; o < pn->noptions; o++, row++, o_at++) {
                struct home_option *op = &h->opt[o_at];
                memcpy(op->cost, rows + (size_t)row * weeks,
                       weeks * sizeof(int64_t));
                op->len = pn->options[o].len;
                op->half = home_half(&pn->options[o]);
                const int *lt = op->half ? h->lt1 : h->lt2;
                for (int s = 0; s < h->weeks; s++) {
                    int e = s + op->len;
                    int clear = s >= lo && e <= h->weeks && lt[e] == lt[s];
                    for (int w = s; clear && w < e; w++)
                        clear = !mine[w];
                    if (!clear)
                        op->cost[s] = SOLVER_INF;
                }
            }
            j++;
        }
        tr->first_opt[j] = o_at;
        if (tr->m == 0)
            constant = home_add(constant, home_late(tr, 0));
    }
    free(mine);
    return constant;
}

/*
 * g of each trainee: its least cost from each ideal alone, the programme's
 * own moves with the other trainees gone (wait a week; start a placement,
 * the next no earlier than its end; place the last; leave all unplaced at
 * week 0). A lower bound on what it costs from there in the programme.
 */
static void home_rest_bound(struct home *h, struct home_trainee *tr)
{
    size_t row = (size_t)h->weeks + 1;
    tr->g = xmalloc((size_t)tr->nideal * row * sizeof(int64_t));
    for (int x = tr->nideal - 1; x >= 0; x--) {
        unsigned have = tr->ideal[x];
        int64_t *g = tr->g + (size_t)x * row;
        if (have == tr->full) {
            for (size_t w = 0; w < row; w++)
                g[w] = 0;
            continue;
        }
        for (int w = h->weeks; w >= 0; w--) {
            int64_t v = w < h->weeks ? g[w + 1] : SOLVER_INF;
            if (have == 0 && w == 0)
                v = home_min(v, home_rest(tr, 0) + home_late(tr, 0));
            for (int i = 0; i < tr->m && w < h->weeks; i++) {
                unsigned bit = 1u << (unsigned)i, next = have | bit;
                if ((have & bit) || (tr->pred[i] & ~have))
                    continue;
                const int64_t *gn = tr->g + (size_t)tr->index[next] * row;
                for (int o = tr->first_opt[i]; o < tr->first_opt[i + 1]; o++) {
                    const struct home_option *op = &h->opt[o];
                    int64_t c = op->cost[w];
                    if (c >= SOLVER_INF)
                        continue;
                    int end = w + op->len;
                    int64_t late = home_late(tr, end);
                    if (next == tr->full) {
                        v = home_min(v, c + late);
                        continue;
                    }
                    v = home_min(v, home_add(c + late, home_rest(tr, next)));
                    v = home_min(v, home_add(c, gn[end]));
                }
            }
            g[w] = v;
        }
    }
}

/* The halves free per week after the home's fixed bookings, as prefix
 * counts of the weeks with fewer than one and fewer than two. */
static void home_free_halves(struct home *h)
{
    const struct solver_problem *p = h->p;
    int *taken = xcalloc((size_t)h->weeks + 1, sizeof(int));
    for (int k = 0; k < h->k; k++) {
        const struct solver_trainee *pt = &p->trainees[h->tr[k].t];
        for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
            const struct solver_need *pn = &p->needs[n];
            if (!pn->fixed)
                continue;
            const struct solver_need_option *o = &pn->options[pn->fixed_option];
            for (int w = pn->fixed_start;
                 w < pn->fixed_start + o->len && w < h->weeks; w++)
                taken[w] += home_half(o) ? 1 : 2;
        }
    }
    h->lt1[0] = h->lt2[0] = 0;
    for (int w = 0; w < h->weeks; w++) {
        h->lt1[w + 1] = h->lt1[w] + (taken[w] >= 2);
        h->lt2[w + 1] = h->lt2[w] + (taken[w] >= 1);
    }
    free(taken);
}

static void home_free(struct home *h)
{
    if (h->opt)
        for (int o = 0; o < h->nopt; o++)
            free(h->opt[o].cost);
    free(h->opt);
    for (int k = 0; h->tr && k < h->k; k++)
        free(h->tr[k].g);
    free(h->tr);
    free(h->lt1);
    free(h->lt2);
    for (size_t i = 0; h->f && i < h->nsets; i++)
        free(h->f[i]);
    free(h->f);
    for (size_t i = 0; i < h->nspare; i++)
        free(h->spare[i]);
    free(h->spare);
    free(h->head);
    free(h->pend);
    free(h->bucket);
    free(h->order);
    free(h->act_e);
    free(h->act_k);
    free(h->act_c);
}

int64_t solver__home_bound(struct solver__dp *d, const struct solver_problem *p,
                           int hu, const struct solver__prices *pr,
                           const struct solver__state *st,
                           const struct solver__home_limits *lim)
{
    size_t budget = lim->budget;
    if (lim->stats)
        *lim->stats = (struct solver__home_stats){0, 0};
    int64_t upper = lim->upper;
    struct solver__prices seat = {pr ? pr->seat : NULL, NULL, 0};
    struct home h = {0};
    if (p->units[hu].max_away != 1)
        return -1;
    h.p = p;
    h.weeks = p->weeks;
    int rows = 0;
    for (int t = 0; t < p->ntrainees; t++) {
        const struct solver_trainee *pt = &p->trainees[t];
        if (pt->home != hu)
            continue;
        if (pt->nneeds > SOLVER_DP_MAX || h.k == HOME_TRAINEES_MAX)
            return -1;
        h.k++;
        for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++)
            rows += p->needs[n].noptions;
    }
    if (h.k < 2)
        return -1;
    h.tr = xcalloc((size_t)h.k, sizeof(*h.tr));
    h.nsets = 1;
    size_t cells = (size_t)h.weeks + 1;
    for (int t = 0, k = 0; t < p->ntrainees; t++) {
        if (p->trainees[t].home != hu)
            continue;
        home_trainee_setup(p, &h.tr[k], t);
        h.tr[k].stride = h.nsets;
        h.nsets *= (size_t)h.tr[k].nideal;
        if (h.nsets > budget / 16) {
            free(h.tr);
            return -1;
        }
        k++;
    }
    h.lt1 = xmalloc(cells * sizeof(int));
    h.lt2 = xmalloc(cells * sizeof(int));
    home_free_halves(&h);
    h.nopt = rows;
    h.opt = xcalloc((size_t)rows, sizeof(*h.opt));
    for (int o = 0; o < rows; o++)
        h.opt[o].cost = xmalloc((size_t)h.weeks * sizeof(int64_t));
    int64_t *scratch =
        xmalloc((size_t)(rows + 1) * (size_t)h.weeks * sizeof(int64_t));
    int64_t constant = home_costs(&h, d, &seat, st, scratch);
    free(scratch);
    h.f = xcalloc(h.nsets, sizeof(*h.f));
    h.max_rows = budget / cells;
    h.head = xmalloc(h.nsets * sizeof(int));
    for (size_t i = 0; i < h.nsets; i++)
        h.head[i] = -1;
    h.max_pend = budget / 2;
    h.best = SOLVER_INF;
    h.upper = upper < SOLVER_INF && constant < SOLVER_INF ? upper - constant
                                                          : SOLVER_INF;
    for (int k = 0; k < h.k; k++)
        home_rest_bound(&h, &h.tr[k]);
    h.bucket = xmalloc((cells + 1) * sizeof(int));
    h.act_e = xmalloc((size_t)h.k * cells * sizeof(int));
    h.act_k = xmalloc((size_t)h.k * cells * sizeof(int));
    h.act_c = xmalloc((size_t)h.k * cells * sizeof(int64_t));
    home_row(&h, 0)[0] = 0;
    for (size_t set = 0; set + 1 < h.nsets && !h.over; set++) {
        if (lim->stop && lim->stop(lim->ctx))
            h.over = 1;
        else
            home_sweep(&h, set);
    }
    int64_t best = h.over ? -1 : home_add(home_min(h.best, h.upper), constant);
    if (lim->stats)
        *lim->stats = (struct solver__home_stats){h.made, h.compactions};
    home_free(&h);
    return best;
}
