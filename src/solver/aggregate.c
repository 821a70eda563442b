/*
 * The aggregate bound (search.h). In a group of units that no need links
 * to a unit outside it, a valid plan's placed needs occupy at most the
 * group's seats summed over the horizon (rule 5 added up), and a placed
 * need occupies at least its cheapest option's total. Leaving need n
 * unplaced costs c_n = w_unplaced x its first option's weeks; so the
 * unplaced cost is at least that of the fractional knapsack
 *
 *     max sum c_n x_n  s.t.  sum occupancy_n x_n <= seats,  0 <= x_n <= 1
 *
 * left over, which taking needs by c_n / occupancy_n, best first, solves
 * exactly. Its price, c / occupancy of the need that does not fit whole,
 * is the constant multiplier at which the Lagrangian bound is at least as
 * high.
 */
#include "solver/search.h"

#include "util/xalloc.h"

#include <stdlib.h>

static int agg_find(int *parent, int u)
{
    while (parent[u] != u)
        u = parent[u] = parent[parent[u]];
    return u;
}

/* Hundredth-weeks option o of need n occupies over its length. */
static int64_t agg_occupancy(const struct solver_need_option *o)
{
    int64_t sum = 0;
    for (int k = 0; k < o->len; k++)
        sum += solver__occ(o, k);
    return sum;
}

struct agg_item {
    int group;
    int64_t cost, occ;
};

/* By group, then by cost per hundredth-week, highest first. */
static int agg_by_ratio(const void *x, const void *y)
{
    const struct agg_item *a = x, *b = y;
    if (a->group != b->group)
        return a->group - b->group;
    /* a->cost / a->occ > b->cost / b->occ, in integers: costs are at most
     * 1e6 x 104 and occupancies 100 x 1040 weeks, so products fit. */
    int64_t l = a->cost * b->occ, r = b->cost * a->occ;
    return l > r ? -1 : l < r;
}

/*
 * Needs are placed whole or not at all: Martello and Toth's bound (the
 * knapsack's upper bound U2) on items [first, end) of one group, sorted
 * best first, where item crit is the first that does not fit whole in the
 * left it finds. Either crit is out, and what is left is filled at most
 * at the rate of the item after it; or crit is in, and the capacity it
 * lacks is taken from the items before it at no less than the rate of the
 * last of them. The cost lost is at least the smaller of the two, and at
 * least the fractional lost (rounded down all the way, so a bound).
 */
static int64_t agg_integer(const struct agg_item *items, int first, int end,
                           int crit, int64_t left, int64_t lost)
{
    int64_t after = 0;
    for (int k = crit + 1; k < end; k++)
        after += items[k].cost;
    const struct agg_item *c = &items[crit];
    /* crit out: left filled by the next items at most at the next rate
     * (rounded up, so that what is lost is rounded down). */
    int64_t out = c->cost + after;
    if (crit + 1 < end) {
        const struct agg_item *nx = &items[crit + 1];
        int64_t fill = (left * nx->cost + nx->occ - 1) / nx->occ;
        out -= fill < after ? fill : after;
    }
    /* crit in: occ - left taken from the items before it, each at a rate
     * of at least the last one's (rounded down); impossible with none. */
    int64_t in = INT64_MAX;
    if (crit > first) {
        const struct agg_item *pv = &items[crit - 1];
        in = after + (c->occ - left) * pv->cost / pv->occ;
    }
    int64_t integer = out < in ? out : in;
    return integer > lost ? integer : lost;
}

static int64_t agg_gcd(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Cells agg_exact() fills at most per group: a few tenths of a second. */
#define AGG_EXACT_CELLS 40000000

/*
 * The 0/1 knapsack of items [first, end) of one group solved exactly, by
 * a dynamic programme over the seats in units of the occupancies' common
 * divisor (a hundred seat-weeks' hundredths, mostly): the least cost lost
 * when whole needs are placed in the group's seats. 0 (no bound) when the
 * table would be too large.
 */
static int64_t agg_exact(const struct agg_item *items, int first, int end,
                         int64_t seats)
{
    if (seats <= 0)
        return 0;
    int64_t g = 0, total = 0;
    for (int k = first; k < end; k++) {
        g = agg_gcd(g, items[k].occ);
        total += items[k].cost;
    }
    int64_t cap = seats / g;
    if (g <= 0 || cap > AGG_EXACT_CELLS ||
        cap * (int64_t)(end - first) > AGG_EXACT_CELLS)
        return 0;
    int64_t *best = xcalloc((size_t)cap + 1, sizeof(int64_t));
    for (int k = first; k < end; k++) {
        int64_t w = items[k].occ / g;
        for (int64_t c = cap; c >= w; c--)
            if (best[c - w] + items[k].cost > best[c])
                best[c] = best[c - w] + items[k].cost;
    }
    int64_t placed = best[cap];
    free(best);
    return total - placed;
}

int64_t solver__aggregate_bound(const struct solver_problem *p,
                                double *unit_price)
{
    int *parent = xmalloc(((size_t)p->nunits + 1) * sizeof(int));
    int64_t *seats = xcalloc((size_t)p->nunits + 1, sizeof(int64_t));
    double *price = xcalloc((size_t)p->nunits + 1, sizeof(double));
    struct agg_item *items = xcalloc((size_t)p->nneeds + 1, sizeof(*items));
    for (int u = 0; u < p->nunits; u++)
        parent[u] = u;
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        int first = pn->options[0].units[0];
        for (int o = 0; o < pn->noptions; o++)
            for (int k = 0; k < pn->options[o].nunits; k++)
                parent[agg_find(parent, pn->options[o].units[k])] =
                    agg_find(parent, first);
    }
    for (int u = 0; u < p->nunits; u++)
        for (int w = 0; w < p->weeks; w++)
            seats[agg_find(parent, u)] += 100 * (int64_t)p->units[u].seats[w];
    int nitems = 0;
    for (int n = 0; n < p->nneeds; n++) {
        const struct solver_need *pn = &p->needs[n];
        int g = agg_find(parent, pn->options[0].units[0]);
        if (pn->fixed) {
            seats[g] -= agg_occupancy(&pn->options[pn->fixed_option]);
            continue;
        }
        int64_t occ = agg_occupancy(&pn->options[0]);
        for (int o = 1; o < pn->noptions; o++) {
            int64_t x = agg_occupancy(&pn->options[o]);
            occ = x < occ ? x : occ;
        }
        items[nitems++] = (struct agg_item){
            g, p->w_unplaced * pn->options[0].weeks, occ > 0 ? occ : 1};
    }
    qsort(items, (size_t)nitems, sizeof(*items), agg_by_ratio);
    int64_t bound = 0;
    for (int i = 0; i < nitems;) {
        int g = items[i].group, gfirst = i;
        int64_t left = seats[g] > 0 ? seats[g] : 0, lost = 0;
        int crit = -1;
        int64_t crit_left = 0;
        for (; i < nitems && items[i].group == g; i++) {
            const struct agg_item *it = &items[i];
            if (it->occ <= left) {
                left -= it->occ;
                continue;
            }
            /* Only left of it fits: the rest of its cost is lost, rounded
             * down so that the bound stays a bound. */
            lost += it->cost * (it->occ - left) / it->occ;
            if (crit < 0) {
                crit = i;
                crit_left = left;
            }
            if (left >= 0 && price[g] == 0)
                price[g] = (double)it->cost / (double)it->occ;
            left = 0;
        }
        if (crit >= 0) {
            lost = agg_integer(items, gfirst, i, crit, crit_left, lost);
            int64_t exact = agg_exact(items, gfirst, i, seats[g]);
            lost = exact > lost ? exact : lost;
        }
        bound += lost;
    }
    for (int u = 0; u < p->nunits; u++)
        unit_price[u] = price[agg_find(parent, u)];
    free(parent);
    free(seats);
    free(price);
    free(items);
    return bound;
}
