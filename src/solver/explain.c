/* Reasons for unplaced needs and the bottleneck report (explain.h). */
#include "solver/explain.h"

#include "domain/week.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void solver__explain_week(const struct solver_problem *p, int w, char *out,
                          size_t size)
{
    int first;
    if (p->start[0] && week_parse(p->start, &first) == 0) {
        char iso[WEEK_STR_MAX];
        week_format(first + w, iso);
        snprintf(out, size, "%s", iso);
    } else {
        snprintf(out, size, "week %d", w);
    }
}

/* The window a need may use: [*lo, *hi) after its predecessors and before
 * a fixed successor; 0 if a predecessor has no place. */
static int explain_window(const struct solver_problem *p,
                          const struct solver__state *s, int n, int *lo,
                          int *hi)
{
    const struct solver_need *pn = &p->needs[n];
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    *lo = pt->from;
    if (pn->earliest != SOLVER_NONE && pn->earliest > *lo)
        *lo = pn->earliest;
    *hi = p->weeks;
    if (pn->latest_end != SOLVER_NONE && pn->latest_end < *hi)
        *hi = pn->latest_end;
    for (int k = 0; k < pn->nafter; k++) {
        const struct solver_placement *b = &s->at[pn->after[k]];
        if (!b->assigned)
            return 0;
        int end = b->start + p->needs[pn->after[k]].options[b->option].len;
        *lo = end > *lo ? end : *lo;
    }
    for (int m = pt->first_need; m < pt->first_need + pt->nneeds; m++)
        for (int k = 0; p->needs[m].fixed && k < p->needs[m].nafter; k++)
            if (p->needs[m].after[k] == n && p->needs[m].fixed_start < *hi)
                *hi = p->needs[m].fixed_start;
    return 1;
}

/* The weeks trainee t is taken: leave and its other placements. */
static void explain_busy(const struct solver_problem *p,
                         const struct solver__state *s, int t,
                         unsigned char *busy)
{
    const struct solver_trainee *pt = &p->trainees[t];
    memset(busy, 0, (size_t)p->weeks + 1);
    for (int k = 0; k < pt->nunavailable; k++)
        for (int w = pt->unavailable[k][0];
             w < pt->unavailable[k][1] && w < p->weeks; w++)
            busy[w] = 1;
    for (int n = pt->first_need; n < pt->first_need + pt->nneeds; n++) {
        const struct solver_placement *a = &s->at[n];
        if (!a->assigned)
            continue;
        int len = p->needs[n].options[a->option].len;
        for (int w = a->start; w < a->start + len && w < p->weeks; w++)
            busy[w] = 1;
    }
}

/* Writes the names of need n's units, at most four, and notes them in r. */
static void explain_units(const struct solver_problem *p, int n, char *out,
                          size_t size, struct solver_reason *r)
{
    const struct solver_need *pn = &p->needs[n];
    size_t used = 0;
    int count = 0, total = 0;
    out[0] = 0;
    for (int o = 0; o < pn->noptions; o++)
        for (int k = 0; k < pn->options[o].nunits; k++) {
            int u = pn->options[o].units[k], seen = 0;
            for (int o2 = 0; o2 <= o && !seen; o2++)
                for (int k2 = 0;
                     k2 < pn->options[o2].nunits && (o2 < o || k2 < k) && !seen;
                     k2++)
                    seen = pn->options[o2].units[k2] == u;
            if (seen)
                continue;
            total++;
            if (r->nunits < SOLVER_REASON_UNITS)
                r->units[r->nunits++] = u;
            if (count < 4 && used < size)
                used += (size_t)snprintf(out + used, size - used, "%s%s",
                                         count ? ", " : "", p->units[u].name);
            count++;
        }
    if (total > 4 && used < size)
        snprintf(out + used, size - used, " and %d more", total - 4);
    r->more_units =
        total > SOLVER_REASON_UNITS ? total - SOLVER_REASON_UNITS : 0;
}

/* Is there a stretch of len free weeks of the trainee in [lo, hi)? */
static int explain_free_stretch(const unsigned char *busy, int lo, int hi,
                                int len)
{
    int run = 0;
    for (int w = lo; w < hi; w++) {
        run = busy[w] ? 0 : run + 1;
        if (run >= len)
            return 1;
    }
    return 0;
}

/* The first weeks range in [lo, hi) where unit u has less than q free. */
static int explain_full(const struct solver__state *s, int u, int lo, int hi,
                        int *from, int *to)
{
    const int *res = s->res + (size_t)u * (size_t)s->p->weeks;
    *from = -1;
    for (int w = lo; w < hi; w++) {
        int full = res[w] < 50;
        if (full && *from < 0)
            *from = w;
        if (!full && *from >= 0) {
            *to = w;
            return 1;
        }
    }
    *to = hi;
    return *from >= 0;
}

/* Would need n fit somewhere if its home unit had no limit on trainees
 * away? Writes the earliest such week into week. */
static int explain_fits_without_limit(const struct solver_problem *p,
                                      const struct solver__state *s, int n,
                                      int lo, int hi, const unsigned char *busy,
                                      int *week)
{
    const struct solver_need *pn = &p->needs[n];
    int best = -1;
    if (p->units[p->trainees[pn->trainee].home].max_away == SOLVER_NONE)
        return 0;
    for (int o = 0; o < pn->noptions; o++)
        for (int k = 0; k < pn->options[o].nunits; k++) {
            int st = solver__first_fit(s, n, o, pn->options[o].units[k], lo,
                                       busy, 1);
            if (st >= 0 && st + pn->options[o].len <= hi &&
                (best < 0 || st < best))
                best = st;
        }
    *week = best;
    return best >= 0;
}

static const char *const explain_kind_names[SOLVER_REASON_COUNT] = {
    "waits", "too_late", "no_room", "busy", "away_limit", "full", "budget",
};

const char *solver_reason_kind_name(enum solver_reason_kind kind)
{
    return (unsigned)kind < SOLVER_REASON_COUNT ? explain_kind_names[kind] : "";
}

/* r with its text, as one allocation. */
static struct solver_reason *explain_done(const struct solver_reason *r,
                                          const char *text)
{
    size_t len = strlen(text) + 1;
    struct solver_reason *out = xmalloc(sizeof(*out) + len);
    *out = *r;
    memcpy(out->text, text, len);
    return out;
}

struct solver_reason *solver__explain_budget(const struct solver_problem *p,
                                             int n)
{
    const struct solver_need *pn = &p->needs[n];
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    const struct solver_unit *h = &p->units[pt->home];
    char text[400];
    struct solver_reason r = {0};
    r.kind = SOLVER_REASON_BUDGET;
    r.waits_for = r.full_unit = r.full_from = r.full_to = -1;
    r.deadline = pt->deadline;
    r.weeks = pn->options[0].len;
    r.from = 0;
    r.to = p->weeks;
    r.units[0] = pt->home;
    r.nunits = 1;
    r.limit = h->budget_amount;
    snprintf(text, sizeof(text),
             "%s's budget of %d cannot pay for it besides its trainees' "
             "other placements",
             h->name, h->budget_amount);
    return explain_done(&r, text);
}

static struct solver_reason *explain_need(const struct solver_problem *p,
                                          const struct solver__state *s, int n,
                                          unsigned char *busy)
{
    const struct solver_need *pn = &p->needs[n];
    const struct solver_trainee *pt = &p->trainees[pn->trainee];
    char text[768] = "", units[256], a[24], b[24];
    struct solver_reason r = {0};
    r.waits_for = r.full_unit = r.full_from = r.full_to = -1;
    r.deadline = pt->deadline;
    r.weeks = pn->options[0].len;
    int lo, hi;
    if (!explain_window(p, s, n, &lo, &hi)) {
        r.kind = SOLVER_REASON_WAITS;
        r.from = r.to = -1;
        for (int k = 0; k < pn->nafter; k++)
            if (!s->at[pn->after[k]].assigned) {
                r.waits_for = pn->after[k];
                snprintf(text, sizeof(text),
                         "waits for %s, which has no place; it must be over "
                         "before this one starts",
                         p->needs[pn->after[k]].id);
            }
        return explain_done(&r, text);
    }
    r.from = lo;
    r.to = hi;
    explain_busy(p, s, pn->trainee, busy);
    explain_units(p, n, units, sizeof(units), &r);
    int best = -1, bo = 0, bu = 0, start = -1;
    for (int o = 0; o < pn->noptions; o++)
        for (int k = 0; k < pn->options[o].nunits; k++) {
            int u = pn->options[o].units[k];
            int st = solver__first_fit(s, n, o, u, lo, busy, 0);
            if (st >= 0 && st + pn->options[o].len <= hi &&
                (best < 0 || st < best)) {
                best = st;
                bo = o;
                bu = u;
            }
        }
    int len = pn->options[0].len;
    solver__explain_week(p, lo, a, sizeof(a));
    solver__explain_week(p, hi, b, sizeof(b));
    if (best >= 0) {
        int end = best + pn->options[bo].len;
        int late = end - (pt->deadline > 0 ? pt->deadline : 0);
        solver__explain_week(p, best, a, sizeof(a));
        solver__explain_week(p, pt->deadline, b, sizeof(b));
        r.kind = SOLVER_REASON_TOO_LATE;
        r.from = best;
        r.to = end;
        r.late = late > 0 ? late : 0;
        r.units[0] = bu;
        r.nunits = 1;
        r.more_units = 0;
        snprintf(text, sizeof(text),
                 "the earliest free place, %s from %s, would end %d weeks "
                 "after the planned end (%s): the lateness would cost more "
                 "than leaving it unplaced",
                 p->units[bu].name, a, r.late, b);
    } else if (hi - lo < len) {
        r.kind = SOLVER_REASON_NO_ROOM;
        snprintf(text, sizeof(text),
                 "no room: it needs %d weeks but only %d weeks lie between "
                 "%s and %s",
                 len, hi > lo ? hi - lo : 0, a, b);
    } else if (!explain_free_stretch(busy, lo, hi, len)) {
        r.kind = SOLVER_REASON_BUSY;
        snprintf(text, sizeof(text),
                 "the trainee has no free stretch of %d weeks between %s "
                 "and %s (leave and other placements)",
                 len, a, b);
    } else if (explain_fits_without_limit(p, s, n, lo, hi, busy, &start)) {
        int h = pt->home;
        solver__explain_week(p, start, a, sizeof(a));
        r.kind = SOLVER_REASON_AWAY_LIMIT;
        r.from = start;
        r.limit = p->units[h].max_away;
        r.units[0] = h;
        r.nunits = 1;
        r.more_units = 0;
        snprintf(text, sizeof(text),
                 "%s's limit of %d trainee%s away at once is reached "
                 "whenever a unit has a free place, from %s on; the trainee "
                 "could start then if the limit allowed it",
                 p->units[h].name, p->units[h].max_away,
                 p->units[h].max_away == 1 ? "" : "s", a);
    } else {
        int u = pn->options[0].units[0], from, to;
        r.kind = SOLVER_REASON_FULL;
        size_t used = (size_t)snprintf(
            text, sizeof(text),
            "every unit (%s) is full whenever the trainee is free for %d "
            "weeks between %s and %s",
            units, len, a, b);
        if (explain_full(s, u, lo, hi, &from, &to) && used < sizeof(text)) {
            r.full_unit = u;
            r.full_from = from;
            r.full_to = to;
            solver__explain_week(p, from, a, sizeof(a));
            solver__explain_week(p, to - 1, b, sizeof(b));
            snprintf(text + used, sizeof(text) - used, "; %s is full %s to %s",
                     p->units[u].name, a, b);
        }
    }
    return explain_done(&r, text);
}

struct solver_reason **solver__explain_unplaced(const struct solver_problem *p,
                                                const struct solver__state *s)
{
    struct solver_reason **out = xcalloc((size_t)p->nneeds + 1, sizeof(*out));
    unsigned char *busy = xmalloc((size_t)p->weeks + 1);
    for (int n = 0; n < p->nneeds; n++)
        if (!s->at[n].assigned)
            out[n] = explain_need(p, s, n, busy);
    free(busy);
    return out;
}

static int by_gain(const void *x, const void *y)
{
    const struct solver_bottleneck *a = x, *b = y;
    if (a->gain != b->gain)
        return a->gain < b->gain ? 1 : -1;
    if (a->unit != b->unit)
        return a->unit - b->unit;
    return a->from - b->from;
}

/* Per unit, the longest rotation (calendar weeks) of the needs that could
 * use it, at most half a year: one more seat for that long lets one more
 * of them in. One pass over the options (a pass per unit took seconds on
 * the country). */
static int *bottleneck_windows(const struct solver_problem *p)
{
    int *k = xcalloc((size_t)p->nunits + 1, sizeof(int));
    for (int n = 0; n < p->nneeds; n++)
        for (int o = 0; o < p->needs[n].noptions; o++) {
            const struct solver_need_option *po = &p->needs[n].options[o];
            for (int j = 0; j < po->nunits; j++)
                if (po->len > k[po->units[j]])
                    k[po->units[j]] = po->len;
        }
    for (int u = 0; u < p->nunits; u++)
        if (k[u] > 26)
            k[u] = 26;
    return k;
}

void solver__explain_bottlenecks(const struct solver_problem *p,
                                 const double *lam,
                                 struct solver_bottleneck **out, int *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int *window = bottleneck_windows(p);
    for (int u = 0; u < p->nunits; u++) {
        const double *l = lam + (size_t)u * (size_t)p->weeks;
        int k = window[u];
        if (k == 0 || k > p->weeks)
            continue;
        /* Up to two windows of k weeks that do not overlap, each where
         * the seat-weeks are priced highest (a seat-week is worth
         * 100 x lam). */
        int taken_from = -1;
        for (int pick = 0; pick < 2; pick++) {
            double sum = 0, best = 0;
            int at = -1;
            for (int w = 0; w < p->weeks; w++) {
                sum += l[w] * 100;
                if (w >= k)
                    sum -= l[w - k] * 100;
                int from = w - k + 1;
                if (from < 0)
                    continue;
                if (taken_from >= 0 && from < taken_from + k &&
                    taken_from < from + k)
                    continue;
                if (sum > best + 1e-9) {
                    best = sum;
                    at = from;
                }
            }
            /* A seat worth less than one point is no bottleneck. */
            if (at < 0 || best < 1)
                break;
            xgrow((void **)out, &cap, (size_t)*n + 1, sizeof(**out));
            (*out)[(*n)++] = (struct solver_bottleneck){
                u, at, at + k, (int64_t)(best + 0.5), -1};
            taken_from = at;
        }
    }
    free(window);
    if (*n > 0)
        qsort(*out, (size_t)*n, sizeof(**out), by_gain);
    if (*n > 10)
        *n = 10;
}
