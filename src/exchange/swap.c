/* Swaps of places between regions: exact packing of 2- and 3-cycles
 * (swap.h). */
#include "exchange/swap.h"

#include "util/err.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct swap_search {
    const struct swap_item *offers, *wants;
    struct swap_cycle *cycles;
    int ncycles;
    int *suffix;     /* weeks of cycles[i..] together, an upper bound */
    int *offer_left; /* seats not yet used */
    int *want_left;
    int *chosen, nchosen;
    int *best, nbest, best_weeks;
    long nodes;
    int cut; /* the node limit was reached */
};

/* Whether offer o can fill want w: another region, same specialty, long
 * enough. */
static int swap_fits(const struct swap_item *o, const struct swap_item *w)
{
    return o->region != w->region && o->specialty == w->specialty &&
           o->weeks >= w->weeks && o->seats > 0 && w->seats > 0;
}

/* Adds the cycle of legs when each region appears once in it. */
static void swap_add(struct swap_search *s, size_t *cap, int n,
                     const struct swap_leg *legs)
{
    if (s->ncycles >= SWAP_CYCLES_MAX)
        return;
    struct swap_cycle c = {.n = n};
    for (int i = 0; i < n; i++) {
        c.legs[i] = legs[i];
        c.weeks += s->wants[legs[i].want].weeks;
        for (int j = 0; j < i; j++)
            if (s->offers[legs[j].offer].region ==
                s->offers[legs[i].offer].region)
                return;
    }
    xgrow((void **)&s->cycles, cap, (size_t)s->ncycles + 1, sizeof(*s->cycles));
    s->cycles[s->ncycles++] = c;
}

static int swap_by_weeks(const void *a, const void *b)
{
    const struct swap_cycle *x = a, *y = b;
    return (y->weeks > x->weeks) - (y->weeks < x->weeks);
}

/* Every 2- and 3-cycle whose first giver has the lowest region number. */
static void swap_enumerate(struct swap_search *s, int no, int nw)
{
    size_t cap = 0;
    for (int a = 0; a < no; a++) {
        const struct swap_item *oa = &s->offers[a];
        for (int wb = 0; wb < nw; wb++) {
            if (!swap_fits(oa, &s->wants[wb]))
                continue;
            int rb = s->wants[wb].region;
            if (rb < oa->region)
                continue;
            for (int b = 0; b < no; b++) {
                const struct swap_item *ob = &s->offers[b];
                if (ob->region != rb)
                    continue;
                for (int wc = 0; wc < nw; wc++) {
                    if (!swap_fits(ob, &s->wants[wc]))
                        continue;
                    int rc = s->wants[wc].region;
                    if (rc == oa->region) {
                        /* a gives to rb's want wb, b gives back to
                         * wc. */
                        struct swap_leg l[2] = {{a, wb}, {b, wc}};
                        swap_add(s, &cap, 2, l);
                        continue;
                    }
                    if (rc < oa->region)
                        continue;
                    for (int c = 0; c < no; c++) {
                        const struct swap_item *oc = &s->offers[c];
                        if (oc->region != rc)
                            continue;
                        for (int wa = 0; wa < nw; wa++) {
                            if (s->wants[wa].region != oa->region ||
                                !swap_fits(oc, &s->wants[wa]))
                                continue;
                            struct swap_leg l[3] = {{a, wb}, {b, wc}, {c, wa}};
                            swap_add(s, &cap, 3, l);
                        }
                    }
                }
            }
        }
    }
}

static int swap_can_take(const struct swap_search *s,
                         const struct swap_cycle *c)
{
    for (int i = 0; i < c->n; i++) {
        int o = c->legs[i].offer, w = c->legs[i].want;
        int uo = 0, uw = 0; /* the same offer or want twice in a cycle */
        for (int j = 0; j < c->n; j++) {
            uo += c->legs[j].offer == o;
            uw += c->legs[j].want == w;
        }
        if (s->offer_left[o] < uo || s->want_left[w] < uw)
            return 0;
    }
    return 1;
}

static void swap_take(struct swap_search *s, const struct swap_cycle *c,
                      int sign)
{
    for (int i = 0; i < c->n; i++) {
        s->offer_left[c->legs[i].offer] -= sign;
        s->want_left[c->legs[i].want] -= sign;
    }
}

/* Branch and bound over cycles[i..]: take cycle i (as often as seats
 * allow, one at a time) or leave it. */
static void swap_search_from(struct swap_search *s, int i, int weeks)
{
    if (++s->nodes > SWAP_NODES_MAX) {
        s->cut = 1;
        return;
    }
    if (weeks > s->best_weeks) {
        s->best_weeks = weeks;
        s->nbest = s->nchosen;
        memcpy(s->best, s->chosen, (size_t)s->nchosen * sizeof(int));
    }
    if (i >= s->ncycles || weeks + s->suffix[i] <= s->best_weeks)
        return;
    const struct swap_cycle *c = &s->cycles[i];
    if (swap_can_take(s, c)) {
        swap_take(s, c, 1);
        s->chosen[s->nchosen++] = i;
        /* The same cycle again, while seats remain. */
        swap_search_from(s, i, weeks + c->weeks);
        s->nchosen--;
        swap_take(s, c, -1);
    }
    swap_search_from(s, i + 1, weeks);
}

int swap_find(const struct swap_item *offers, int noffers,
              const struct swap_item *wants, int nwants,
              struct swap_cycle **out, int *nout, int *optimal)
{
    *out = NULL;
    *nout = 0;
    *optimal = 1;
    if (noffers < 0 || nwants < 0)
        return ERR_INVAL;
    struct swap_search s = {.offers = offers, .wants = wants};
    swap_enumerate(&s, noffers, nwants);
    if (s.ncycles == 0)
        return 0;
    qsort(s.cycles, (size_t)s.ncycles, sizeof(*s.cycles), swap_by_weeks);
    /* The bound counts each cycle as often as it could be taken at most
     * (by the seats of its first leg's offer), so it stays an upper one. */
    s.suffix = xcalloc((size_t)s.ncycles + 1, sizeof(int));
    for (int i = s.ncycles - 1; i >= 0; i--) {
        int times = offers[s.cycles[i].legs[0].offer].seats;
        s.suffix[i] = s.suffix[i + 1] + times * s.cycles[i].weeks;
    }
    s.offer_left = xcalloc((size_t)noffers, sizeof(int));
    s.want_left = xcalloc((size_t)nwants, sizeof(int));
    for (int i = 0; i < noffers; i++)
        s.offer_left[i] = offers[i].seats;
    for (int i = 0; i < nwants; i++)
        s.want_left[i] = wants[i].seats;
    /* A packing holds at most as many cycles as there are seats offered. */
    int most = 0;
    for (int i = 0; i < noffers; i++)
        most += offers[i].seats > 0 ? offers[i].seats : 0;
    s.chosen = xcalloc((size_t)most + 1, sizeof(int));
    s.best = xcalloc((size_t)most + 1, sizeof(int));
    swap_search_from(&s, 0, 0);
    if (s.nbest > 0) {
        *out = xcalloc((size_t)s.nbest, sizeof(**out));
        for (int i = 0; i < s.nbest; i++)
            (*out)[i] = s.cycles[s.best[i]];
    }
    *nout = s.nbest;
    *optimal = !s.cut;
    free(s.best);
    free(s.chosen);
    free(s.want_left);
    free(s.offer_left);
    free(s.suffix);
    free(s.cycles);
    return 0;
}
