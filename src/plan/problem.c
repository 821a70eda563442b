/*
 * The planning problem of a region's open needs, decided from the store's
 * rows and written as a "randa-problem/1" document (plan/problem.h;
 * planning-format.md).
 *
 * What the format cannot say directly is made exact another way. A week's
 * seats are whole seats, but bookings occupy hundredths: a booking outside
 * the problem whose occupancy is not whole seats, or that counts against a
 * home unit's limit on trainees away (max_away is one number for the whole
 * horizon), goes in as a stand-in trainee "x<booking id>" with one fixed
 * placement that occupies the same weeks the same way. Bookings in whole
 * seats that touch no limit are subtracted from the seats, as is simplest.
 */
#include "plan/problem.h"

#include "domain/cost.h"
#include "domain/form.h"
#include "domain/week.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weeks planned after the latest planned end, so that late needs fit. */
#define PB_MARGIN 52
/* The longest horizon built: five years of weeks, all the store reads. */
#define PB_WEEKS_MAX STORE_PLAN_WEEKS_MAX
/* Seats of the stand-in unit "x": the format's largest number. */
#define PB_X_SEATS 1000000

/*
 * The score's weights: an unplaced full-time week weighs as much as a
 * trainee 50 weeks late; a week away from the preferred start weighs 1.
 */
#define PB_W_UNPLACED 1000
#define PB_W_LATE     20
#define PB_W_SHIFT    1

struct pb_unit {
    int64_t id, specialty_id;
    char name[STORE_NAME_MAX];
    char specialty_code[STORE_CODE_MAX];
    int takes, max_away;     /* max_away: STORE_NONE for no limit */
    int in;                  /* a unit of the problem */
    int has_seats;           /* some period offers seats in the horizon */
    unsigned patterns;       /* accepted by every period with seats there */
    int *cap;                /* whole seats per horizon week */
    int *sub;                /* hundredths held by bookings subtracted */
    int *fixed;              /* hundredths of the fixed placements here */
    int *away;               /* hundredths of its own trainees' fixed ones */
    struct form_rules rules; /* in force: its own and a node's limits */
    int nforms;              /* forms of rotation here in the horizon */
    int group_len; /* longest window of the groups written here, 0: none */
    /* Its budget over the horizon for its own trainees (pb_budgets()), in
     * 1 000 kr: a hard limit (weight -1) or a weight of the overspend. */
    int has_budget, budget_weight;
    int64_t budget;
    int64_t provider_id; /* who runs it, for the agreements */
    int ngoals;          /* the goals a rotation here covers */
    int64_t goals[STORE_LIST_MAX];
};

struct pb_trainee {
    int64_t id, home;
    int fte, from, deadline;
    int (*off)[2]; /* unavailable [a, b) before fixed weeks are cut out */
    int noff;
    size_t offcap;
    int first_need, nneeds;
    int first_booking, nbookings;
    int emitted;
    const struct plan_row_trainee *row; /* its leaves */
};

struct pb_need {
    int64_t id, trainee_id, specialty_id;
    char specialty_name[STORE_NAME_MAX];
    int weeks, preferred, open;
    unsigned patterns;
    int nunits;
    int64_t units[STORE_LIST_MAX];
    int ngoals; /* goals any unit covering them may take it for */
    int64_t goals[STORE_LIST_MAX];
    int fixed_by; /* index of the booking that fixes it, or -1 */
};

enum pb_role {
    PB_SKIP,     /* touches nothing of the problem */
    PB_FIXED,    /* a fixed need of its trainee: "n<need>" or "b<booking>" */
    PB_SUBTRACT, /* taken off its unit's seats */
    PB_STANDIN,  /* a stand-in trainee "x<booking>" */
};

struct pb_booking {
    int64_t id, trainee_id, need_id, unit_id, home_id;
    int start, end; /* serials as stored */
    enum pattern pattern;
    int weeks, fte, holds; /* holds: requested or confirmed */
    int in_form;           /* in a form's group: none of the unit's seats */
    int64_t group_id;      /* that group (form_group), or 0 */
    int gout;              /* fixed in b->gout[gout], or -1 (at "x") */
    int64_t cost; /* öre, what it costs its home unit when that has a budget */
    int len;      /* calendar weeks at the trainee's fte now */
    enum pb_role role;
    int need; /* for PB_FIXED: the pb_need it fixes, or -1 */
    /* for PB_STANDIN: the placement that stands in for it */
    struct {
        enum pattern pattern;
        int weeks, fte, start;
    } piece;
};

/* A form of rotation at a unit of the problem, in horizon weeks. */
struct pb_form {
    const struct plan_row_form *row;
    struct pb_unit *u;
    int a, e;   /* its weeks inside the horizon, [a, e) */
    int window; /* weeks of a new group's window, 0: no new groups */
};

/* A group written into the problem: a live group of the database with its
 * members fixed ("f<form>g<group>"), or a new one in a window of a form's
 * weeks ("f<form>w<window>n<k>"). */
struct pb_gout {
    char id[64];
    int64_t unit_id;
    int from, to, size, needed;
};

/* The (weeks, fte) that give a pattern each calendar length, or 0, 0. */
struct pb_len {
    short weeks, fte;
};

struct pb {
    const struct plan_rows *rows;
    int hs, weeks;
    struct pb_unit *units;
    int nunits;
    struct pb_trainee *trainees;
    int ntrainees;
    struct pb_need *needs;
    int nneeds;
    struct pb_booking *bookings;
    int nbookings;
    int standin_unit; /* the unit "x" is needed */
    struct pb_form *forms;
    int nforms;
    struct cost_agreement *match; /* the agreements, for matching */
    int *days; /* the horizon's first day and the days agreements change */
    int ndays;
    struct pb_gout *gout; /* by unit as written */
    int ngout;
    size_t goutcap;
    struct pb_len lens[PATTERN_COUNT][PB_WEEKS_MAX + 1];
};

/* ---- lookups (every array is read in id order) ---- */

#define PB_BSEARCH(type, arr, n, key)                                          \
    do {                                                                       \
        int lo = 0, hi = (n)-1;                                                \
        while (lo <= hi) {                                                     \
            int mid = lo + (hi - lo) / 2;                                      \
            if ((arr)[mid].id == (key))                                        \
                return &(arr)[mid];                                            \
            if ((arr)[mid].id < (key))                                         \
                lo = mid + 1;                                                  \
            else                                                               \
                hi = mid - 1;                                                  \
        }                                                                      \
        return (type *)NULL;                                                   \
    } while (0)

static struct pb_unit *pb_unit(struct pb *b, int64_t id)
{
    PB_BSEARCH(struct pb_unit, b->units, b->nunits, id);
}

static struct pb_trainee *pb_trainee(struct pb *b, int64_t id)
{
    PB_BSEARCH(struct pb_trainee, b->trainees, b->ntrainees, id);
}

/* A unit of the problem with that id, or NULL. */
static struct pb_unit *pb_unit_in(struct pb *b, int64_t id)
{
    struct pb_unit *u = pb_unit(b, id);
    return u && u->in ? u : NULL;
}

static int pb_clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---- the store's rows ---- */

static void pb_load_unit(struct pb *b, const struct plan_row_unit *r)
{
    struct pb_unit *u = &b->units[b->nunits++];
    memset(u, 0, sizeof(*u));
    u->id = r->id;
    snprintf(u->name, sizeof(u->name), "%s", r->name);
    u->specialty_id = r->specialty_id;
    snprintf(u->specialty_code, sizeof(u->specialty_code), "%s",
             r->specialty_code);
    u->takes = r->takes;
    u->max_away = r->max_away;
    u->provider_id = r->provider_id;
    u->in = u->takes;
    u->patterns = PATTERN_ALL;
    u->ngoals = r->ngoals;
    memcpy(u->goals, r->goals, sizeof(u->goals));
    struct form_rules own = {r->min_weeks, r->max_weeks, r->max_trainees};
    form_rules_effective(&own, r->training_node, &u->rules);
}

static void pb_load_trainee(struct pb *b, const struct plan_row_trainee *r)
{
    struct pb_trainee *t = &b->trainees[b->ntrainees++];
    memset(t, 0, sizeof(*t));
    t->id = r->id;
    t->home = r->home_unit_id;
    t->fte = pb_clamp(r->fte, 1, 100);
    t->from = r->start_week == STORE_NONE || r->start_week < b->hs
                  ? 0
                  : r->start_week - b->hs;
    t->deadline = r->end_week == STORE_NONE ? 0 : r->end_week - b->hs;
    t->first_need = -1;
    t->first_booking = -1;
    t->row = r;
}

static void pb_load_need(struct pb *b, const struct plan_row_need *r)
{
    struct pb_need *n = &b->needs[b->nneeds];
    memset(n, 0, sizeof(*n));
    n->id = r->id;
    n->trainee_id = r->trainee_id;
    n->specialty_id = r->specialty_id;
    snprintf(n->specialty_name, sizeof(n->specialty_name), "%s",
             r->specialty_name);
    n->weeks = pb_clamp(r->weeks, PATTERN_WEEKS_MIN, PATTERN_WEEKS_MAX);
    n->patterns = r->patterns & PATTERN_ALL;
    n->preferred = r->preferred_start;
    n->open = r->open;
    n->nunits = r->nunits;
    memcpy(n->units, r->units, sizeof(n->units));
    n->ngoals = r->ngoals;
    memcpy(n->goals, r->goals, sizeof(n->goals));
    n->fixed_by = -1;
    struct pb_trainee *t = pb_trainee(b, r->trainee_id);
    if (t) {
        if (t->first_need < 0)
            t->first_need = b->nneeds;
        t->nneeds++;
        b->nneeds++;
    }
}

static void pb_load_booking(struct pb *b, const struct plan_row_booking *r)
{
    struct pb_booking *k = &b->bookings[b->nbookings];
    memset(k, 0, sizeof(*k));
    k->id = r->id;
    k->trainee_id = r->trainee_id;
    k->need_id = r->need_id;
    k->unit_id = r->unit_id;
    k->start = r->start_week;
    k->end = r->end_week;
    k->pattern = r->pattern;
    k->weeks = r->weeks;
    k->fte = pb_clamp(r->fte, 1, 100);
    k->home_id = r->home_unit_id;
    k->holds = r->holds;
    k->in_form = r->in_form;
    k->group_id = r->group_id;
    k->gout = -1;
    k->len = pattern_len(k->pattern, k->weeks, k->fte);
    k->need = -1;
    struct pb_trainee *t = pb_trainee(b, k->trainee_id);
    if (t) {
        if (t->first_booking < 0)
            t->first_booking = b->nbookings;
        t->nbookings++;
    }
    b->nbookings++;
}

/* Takes the store's rows over, in their order (units and trainees by id,
 * so that the lookups can search them). */
static void pb_load(struct pb *b)
{
    const struct plan_rows *r = b->rows;
    b->units = xcalloc((size_t)r->nunits + 1, sizeof(*b->units));
    b->trainees = xcalloc((size_t)r->ntrainees + 1, sizeof(*b->trainees));
    b->needs = xcalloc((size_t)r->nneeds + 1, sizeof(*b->needs));
    b->bookings = xcalloc((size_t)r->nbookings + 1, sizeof(*b->bookings));
    for (int i = 0; i < r->nunits; i++)
        pb_load_unit(b, &r->units[i]);
    for (int i = 0; i < r->ntrainees; i++)
        pb_load_trainee(b, &r->trainees[i]);
    for (int i = 0; i < r->nneeds; i++)
        pb_load_need(b, &r->needs[i]);
    for (int i = 0; i < r->nbookings; i++)
        pb_load_booking(b, &r->bookings[i]);
}

static struct pb_need *pb_need(struct pb *b, const struct pb_trainee *t,
                               int64_t id)
{
    for (int i = 0; t && id && i < t->nneeds; i++)
        if (b->needs[t->first_need + i].id == id)
            return &b->needs[t->first_need + i];
    return NULL;
}

/* Adds [a, b) (horizon weeks, clipped) to the trainee's unavailable weeks. */
static void pb_off(struct pb *b, struct pb_trainee *t, int a, int e)
{
    a = pb_clamp(a, 0, b->weeks);
    e = pb_clamp(e, 0, b->weeks);
    if (e <= a)
        return;
    xgrow((void **)&t->off, &t->offcap, (size_t)t->noff + 1, sizeof(*t->off));
    t->off[t->noff][0] = a;
    t->off[t->noff][1] = e;
    t->noff++;
}

/* A leave (trainee, from_date, to_date): the weeks of its days. */
struct pb_span {
    int a, e;
};

static int pb_span_cmp(const void *x, const void *y)
{
    const struct pb_span *p = x, *q = y;
    return p->a != q->a ? (p->a > q->a) - (p->a < q->a)
                        : (p->e > q->e) - (p->e < q->e);
}

/* The trainee's leaves: the weeks of their days, unavailable, in the
 * order of their first days. */
static void pb_leaves(struct pb *b, struct pb_trainee *t)
{
    size_t n = (size_t)t->row->nleaves;
    struct pb_span *spans = xcalloc(n + 1, sizeof(*spans));
    for (size_t i = 0; i < n; i++)
        spans[i] = (struct pb_span){t->row->leaves[i].from - b->hs,
                                    t->row->leaves[i].to - b->hs};
    if (n > 1)
        qsort(spans, n, sizeof(*spans), pb_span_cmp);
    for (size_t i = 0; i < n; i++)
        pb_off(b, t, spans[i].a, spans[i].e);
    free(spans);
}

/* A capacity period, for a unit of the problem. */
static void pb_capacity(struct pb *b, const struct plan_row_capacity *c)
{
    struct pb_unit *u = pb_unit_in(b, c->unit_id);
    if (!u)
        return;
    int a = c->from_week - b->hs;
    int e = c->to_week - b->hs;
    int seats = c->seats;
    unsigned patterns = c->patterns;
    a = pb_clamp(a, 0, b->weeks);
    e = pb_clamp(e, 0, b->weeks);
    /* A limit on trainees at once is taken as seats where it is stricter
     * (a trainee holds at most one seat). */
    if (u->rules.max_trainees && seats > u->rules.max_trainees)
        seats = u->rules.max_trainees;
    for (int w = a; w < e; w++)
        u->cap[w] = seats;
    /* A unit offers a pattern only if every period with seats takes it:
     * the format has no per-week patterns, and a plan must never put a
     * placement where the unit refuses its pattern. */
    if (seats > 0 && e > a) {
        u->has_seats = 1;
        u->patterns &= patterns;
    }
}

/* ---- deciding what goes in ---- */

/* From: after the bookings under way at week 0. */
static void pb_from(struct pb *b, struct pb_trainee *t)
{
    for (int i = 0; i < t->nbookings; i++) {
        const struct pb_booking *k = &b->bookings[t->first_booking + i];
        if (k->start < b->hs && k->end - b->hs > t->from)
            t->from = k->end - b->hs;
    }
}

/* The horizon: up to the latest planned end or fixed booking, + margin. */
static void pb_horizon(struct pb *b)
{
    int last = 0;
    for (int i = 0; i < b->ntrainees; i++) {
        struct pb_trainee *t = &b->trainees[i];
        pb_from(b, t);
        if (t->deadline > last)
            last = t->deadline;
        for (int j = 0; j < t->nbookings; j++) {
            const struct pb_booking *k = &b->bookings[t->first_booking + j];
            if (k->holds && k->start >= b->hs && k->len > 0 &&
                k->start - b->hs + k->len > last)
                last = k->start - b->hs + k->len;
        }
    }
    b->weeks =
        last + PB_MARGIN > PB_WEEKS_MAX ? PB_WEEKS_MAX : last + PB_MARGIN;
    for (int i = 0; i < b->ntrainees; i++)
        b->trainees[i].deadline =
            pb_clamp(b->trainees[i].deadline, 0, b->weeks);
}

/*
 * The requested and confirmed bookings of the scope's trainees from week 0
 * on become fixed needs, so that the plan works around them: of the need
 * they book when it is in scope, else "b<booking id>". One that cannot be
 * fixed as the format requires (it overlaps another or starts before the
 * trainee is free, ends after the horizon, is at a unit outside the
 * region) blocks the trainee's weeks instead and is counted as any other.
 */
static void pb_fix(struct pb *b, struct pb_trainee *t)
{
    int kept_end = 0;
    for (int i = 0; i < t->nbookings; i++) {
        struct pb_booking *k = &b->bookings[t->first_booking + i];
        int s = k->start - b->hs, e = s + k->len;
        struct pb_unit *u = pb_unit(b, k->unit_id);
        if (k->start < b->hs)
            continue; /* under way: t->from is after it */
        if (!k->holds || k->len < 1 || !u || s < t->from || e > b->weeks ||
            s < kept_end) {
            pb_off(b, t, s, k->end - b->hs);
            continue;
        }
        k->role = PB_FIXED;
        u->in = 1;
        kept_end = e;
        struct pb_need *n = pb_need(b, t, k->need_id);
        if (n && n->fixed_by < 0) {
            n->fixed_by = (int)(k - b->bookings);
            k->need = (int)(n - b->needs);
        }
    }
}

/* Every (pattern, length) reachable with some weeks 1..104 and fte 1..100. */
static void pb_lens(struct pb *b)
{
    memset(b->lens, 0, sizeof(b->lens));
    for (int p = 0; p < PATTERN_COUNT; p++)
        for (int w = PATTERN_WEEKS_MIN; w <= PATTERN_WEEKS_MAX; w++)
            for (int f = PATTERN_FTE_MAX; f >= PATTERN_FTE_MIN; f--) {
                int len = pattern_len((enum pattern)p, w, f);
                if (len > 0 && len <= PB_WEEKS_MAX && !b->lens[p][len].weeks)
                    b->lens[p][len] = (struct pb_len){(short)w, (short)f};
            }
}

/*
 * The placement that stands in for booking k inside the horizon: the same
 * pattern over the same weeks, with the weeks and fte that give that
 * length. Where no such pair exists (a split4 week alone), full over the
 * same weeks: a little more than the booking holds, never less. Returns 0
 * when nothing of k is inside the horizon.
 */
static int pb_piece(struct pb *b, struct pb_booking *k)
{
    int lo = k->start - b->hs, hi = k->end - b->hs;
    int k0 = lo < 0 ? -lo : 0; /* placement week at horizon week lo */
    lo = pb_clamp(lo, 0, b->weeks);
    hi = pb_clamp(hi, 0, b->weeks);
    enum pattern p = k->pattern;
    if (p == PATTERN_ALTERNATE) {
        /* Start on a week away, end on one: alternate lengths are odd. */
        if (k0 % 2)
            lo++, k0++;
        if (hi > lo && (hi - lo) % 2 == 0)
            hi--;
    }
    int len = hi - lo;
    if (len < 1)
        return 0;
    if (!b->lens[p][len].weeks)
        p = PATTERN_FULL;
    if (!b->lens[p][len].weeks)
        return 0; /* every length up to the horizon is reachable with full */
    k->piece.pattern = p;
    k->piece.weeks = b->lens[p][len].weeks;
    k->piece.fte = b->lens[p][len].fte;
    k->piece.start = lo;
    return 1;
}

/* Adds the occupancy of a placement (pattern, start, len) into use. */
static void pb_occupy(int *use, int weeks, enum pattern p, int start, int len)
{
    for (int k = 0; k < len && start + k < weeks; k++)
        if (start + k >= 0)
            use[start + k] += pattern_occupancy(p, k);
}

/*
 * What a booking that is not a fixed need does to the problem: nothing
 * (it touches no unit of the problem and no limit on trainees away of
 * one), seats taken off its unit, or a stand-in trainee.
 */
static void pb_other(struct pb *b, struct pb_booking *k)
{
    /* A booking in a form's group holds a place of the form, not a seat:
     * it only counts against its home unit's limit on trainees away. */
    struct pb_unit *u = k->in_form ? NULL : pb_unit_in(b, k->unit_id);
    struct pb_unit *h = pb_unit_in(b, k->home_id);
    if (h && (h->max_away == STORE_NONE || h->id == k->unit_id))
        h = NULL;
    k->role = PB_SKIP;
    if (!u && !h)
        return;
    if (!h && (k->pattern == PATTERN_FULL || k->pattern == PATTERN_ALTERNATE)) {
        k->role = PB_SUBTRACT;
        for (int w = k->start; w < k->end; w++)
            if (w >= b->hs && w < b->hs + b->weeks)
                u->sub[w - b->hs] +=
                    pattern_occupancy(k->pattern, w - k->start);
        return;
    }
    if (!pb_piece(b, k))
        return;
    k->role = PB_STANDIN;
    int len = pattern_len(k->piece.pattern, k->piece.weeks, k->piece.fte);
    if (u)
        pb_occupy(u->fixed, b->weeks, k->piece.pattern, k->piece.start, len);
    else
        b->standin_unit = 1;
    if (h)
        pb_occupy(h->away, b->weeks, k->piece.pattern, k->piece.start, len);
    else
        b->standin_unit = 1;
}

/*
 * The seats of the problem: capacity less the bookings subtracted, in
 * whole seats. Data can be inconsistent (seats lowered under bookings made
 * earlier): where the fixed placements alone hold more than that, the
 * seats are raised to hold them, and a limit on trainees away is raised to
 * what its fixed placements reach, so that the problem stays valid and the
 * plan simply adds nothing there.
 */
static void pb_seats(struct pb *b)
{
    for (int i = 0; i < b->nunits; i++) {
        struct pb_unit *u = &b->units[i];
        if (!u->in)
            continue;
        int peak = 0;
        for (int w = 0; w < b->weeks; w++) {
            int left = u->cap[w] * 100 - u->sub[w];
            int seats = left > 0 ? left / 100 : 0;
            if (u->fixed[w] > seats * 100)
                seats = (u->fixed[w] + 99) / 100;
            u->cap[w] = seats;
            if (u->away[w] > peak)
                peak = u->away[w];
        }
        if (u->max_away != STORE_NONE && peak > u->max_away * 100)
            u->max_away = (peak + 99) / 100;
    }
}

static void pb_decide(struct pb *b)
{
    pb_horizon(b);
    for (int i = 0; i < b->ntrainees; i++) {
        struct pb_trainee *t = &b->trainees[i];
        struct pb_unit *home = pb_unit(b, t->home);
        if (home)
            home->in = 1;
        pb_fix(b, t);
    }
    for (int i = 0; i < b->nunits; i++) {
        struct pb_unit *u = &b->units[i];
        if (!u->in)
            continue;
        u->cap = xcalloc((size_t)b->weeks, sizeof(int));
        u->sub = xcalloc((size_t)b->weeks, sizeof(int));
        u->fixed = xcalloc((size_t)b->weeks, sizeof(int));
        u->away = xcalloc((size_t)b->weeks, sizeof(int));
    }
    for (int i = 0; i < b->rows->ncapacity; i++)
        pb_capacity(b, &b->rows->capacity[i]);
    for (int i = 0; i < b->ntrainees; i++)
        pb_leaves(b, &b->trainees[i]);
    pb_lens(b);
    for (int i = 0; i < b->nbookings; i++) {
        struct pb_booking *k = &b->bookings[i];
        if (k->role != PB_FIXED) {
            pb_other(b, k);
            continue;
        }
        struct pb_trainee *t = pb_trainee(b, k->trainee_id);
        struct pb_unit *u = pb_unit_in(b, k->unit_id);
        struct pb_unit *h = pb_unit_in(b, t->home);
        if (k->in_form)
            b->standin_unit = 1; /* placed at "x": the form's place */
        else
            pb_occupy(u->fixed, b->weeks, k->pattern, k->start - b->hs, k->len);
        if (h)
            pb_occupy(h->away, b->weeks, k->pattern, k->start - b->hs, k->len);
    }
    pb_seats(b);
}

/* ---- agreements and budgets (docs/forms.md) ---- */

/* Kronor in öre to the problem's unit of money, 1 000 kr, rounded up. */
static int64_t pb_tkr(int64_t ore)
{
    return ore <= 0 ? 0 : (ore + 99999) / 100000;
}

/* What a placement of weeks full-time weeks over len calendar weeks at
 * host unit u costs home unit home, in öre, under the agreement in force
 * on day. */
static int64_t pb_cost_on(const struct pb *b, int64_t home,
                          const struct pb_unit *u, int weeks, int len, int day)
{
    const struct plan_rows *r = b->rows;
    if (r->nagreements == 0)
        return 0;
    int i = cost_agreement_match(b->match, r->nagreements, home, u->id,
                                 u->provider_id, day);
    int64_t ore = 0;
    struct cost_placement pl = {weeks, len};
    if (i >= 0 && cost_placement(&r->agreements[i].terms, &pl, &ore) != 0)
        ore = 0;
    return ore;
}

/*
 * The spend of an option (1 000 kr, rounded up): a placement's start is
 * the optimiser's to choose, and the agreement in force depends on it, so
 * the most it can cost over the horizon (the days agreements begin or end
 * on, and the horizon's first): a hard budget is then never broken by
 * the plan. 0 when the trainee's home unit has no budget.
 */
static int64_t pb_spend(struct pb *b, const struct pb_trainee *t,
                        const struct pb_unit *u, int weeks, int len)
{
    const struct pb_unit *h = pb_unit(b, t->home);
    if (!h || !h->has_budget || !u)
        return 0;
    int64_t most = 0;
    for (int i = 0; i < b->ndays; i++) {
        int64_t c = pb_cost_on(b, t->home, u, weeks, len, b->days[i]);
        most = c > most ? c : most;
    }
    return pb_tkr(most);
}

/*
 * The home units' budgets over the horizon: each year's amount in the
 * share of its weeks inside the horizon, less what the unit's bookings
 * outside the problem cost (those starting inside it); weighted when some
 * year of it has a weight (the largest), else a hard limit, never below
 * what its fixed needs spend already.
 */
static void pb_budgets(struct pb *b)
{
    const struct plan_rows *r = b->rows;
    b->match = xcalloc((size_t)r->nagreements + 1, sizeof(*b->match));
    b->days = xcalloc((size_t)r->nagreements * 2 + 1, sizeof(int));
    int d0 = (int)date_to_days(week_monday(b->hs));
    int d1 = (int)date_to_days(week_monday(b->hs + b->weeks));
    b->days[b->ndays++] = d0;
    for (int i = 0; i < r->nagreements; i++) {
        b->match[i] = r->agreements[i].match;
        int change[2] = {b->match[i].from_day, b->match[i].to_day + 1};
        for (int k = 0; k < 2; k++)
            if (change[k] > d0 && change[k] < d1)
                b->days[b->ndays++] = change[k];
    }
    for (int i = 0; i < r->nbudgets; i++) {
        const struct plan_row_budget *g = &r->budgets[i];
        struct pb_unit *u = pb_unit_in(b, g->unit_id);
        if (!u)
            continue;
        int first = 0, after = 0, in = 0;
        week_from_iso(g->year, 1, &first);
        week_from_iso(g->year + 1, 1, &after);
        for (int w = first; w < after; w++)
            in += w >= b->hs && w < b->hs + b->weeks;
        if (!in || after <= first)
            continue;
        if (!u->has_budget)
            u->budget_weight = -1;
        u->has_budget = 1;
        u->budget += g->amount_ore * in / (after - first);
        if (g->weight > u->budget_weight)
            u->budget_weight = g->weight;
    }
    /* What the budgeted units' bookings in the horizon cost them. */
    int64_t *outside = xcalloc((size_t)b->nunits + 1, sizeof(int64_t));
    int64_t *fixed = xcalloc((size_t)b->nunits + 1, sizeof(int64_t));
    for (int k = 0; k < b->nbookings; k++) {
        struct pb_booking *bk = &b->bookings[k];
        struct pb_unit *h = pb_unit_in(b, bk->home_id);
        const struct pb_unit *host = pb_unit(b, bk->unit_id);
        int s = bk->start - b->hs;
        if (!h || !h->has_budget || !host || !bk->holds || s < 0 ||
            s >= b->weeks)
            continue;
        bk->cost = pb_cost_on(b, h->id, host, bk->weeks, bk->end - bk->start,
                              (int)date_to_days(week_monday(bk->start)));
        if (bk->role == PB_FIXED)
            fixed[h - b->units] += pb_tkr(bk->cost);
        else
            outside[h - b->units] += bk->cost;
    }
    for (int i = 0; i < b->nunits; i++) {
        struct pb_unit *u = &b->units[i];
        if (!u->has_budget)
            continue;
        int64_t left = u->budget - outside[i];
        u->budget = left > 0 ? left / 100000 : 0;
        if (u->budget_weight < 0 && u->budget < fixed[i])
            u->budget = fixed[i];
    }
    free(outside);
    free(fixed);
}

/* ---- writing the document ---- */

static void pb_id(struct buf *o, char prefix, int64_t id)
{
    buf_addf(o, "\"%c%lld\"", prefix, (long long)id);
}

static void pb_write_unit(struct pb *b, struct buf *o, const struct pb_unit *u)
{
    buf_adds(o, "{\"id\":");
    pb_id(o, 'u', u->id);
    buf_adds(o, ",\"name\":");
    jsonw_str(o, u->name);
    buf_adds(o, ",\"specialty\":");
    jsonw_str(o, u->specialty_code);
    buf_adds(o, ",\"seats\":0,\"except\":[");
    int first = 1;
    for (int w = 0; w < b->weeks;) {
        int e = w;
        while (e < b->weeks && u->cap[e] == u->cap[w])
            e++;
        if (u->cap[w] != 0) {
            buf_addf(o, "%s[%d,%d,%d]", first ? "" : ",", w, e, u->cap[w]);
            first = 0;
        }
        w = e;
    }
    buf_adds(o, "]");
    if (u->max_away != STORE_NONE)
        buf_addf(o, ",\"max_away\":%d", u->max_away);
    if (u->has_budget) {
        buf_addf(o, ",\"budget\":{\"amount\":%lld", (long long)u->budget);
        if (u->budget_weight >= 0)
            buf_addf(o, ",\"weight\":%d", u->budget_weight);
        buf_adds(o, "}");
    }
    int first_group = 1;
    for (int i = 0; i < b->ngout; i++) {
        const struct pb_gout *g = &b->gout[i];
        if (g->unit_id != u->id)
            continue;
        buf_adds(o, first_group ? ",\"groups\":[{\"id\":" : ",{\"id\":");
        first_group = 0;
        jsonw_str(o, g->id);
        buf_addf(o, ",\"from\":%d,\"to\":%d,\"size\":%d,\"needed\":%d}",
                 g->from, g->to, g->size, g->needed);
    }
    buf_adds(o, first_group ? "}" : "]}");
}

/* One option: units, weeks, pattern, whether it is a group's, and what it
 * spends (1 000 kr, 0: nothing). */
static void pb_write_option(struct buf *o, const int64_t *units, int n,
                            int weeks, enum pattern p, int group, int64_t spend)
{
    buf_adds(o, "{\"units\":[");
    for (int i = 0; i < n; i++) {
        buf_adds(o, i ? "," : "");
        if (units[i])
            pb_id(o, 'u', units[i]);
        else
            buf_adds(o, "\"x\"");
    }
    buf_addf(o, "],\"weeks\":%d,\"pattern\":\"%s\"%s", weeks, pattern_name(p),
             group ? ",\"group\":true" : "");
    if (spend > 0)
        buf_addf(o, ",\"spend\":%lld", (long long)spend);
    buf_adds(o, "}");
}

/* A fixed need "<prefix><id>": one option, the booking's, kept as it is;
 * in group (a group's id) when not NULL. */
static void pb_write_fixed(struct buf *o, char prefix, int64_t id, int64_t unit,
                           int weeks, enum pattern p, int start,
                           const char *group, int64_t spend)
{
    buf_adds(o, "{\"id\":");
    pb_id(o, prefix, id);
    buf_adds(o, ",\"options\":[");
    pb_write_option(o, &unit, 1, weeks, p, group != NULL, spend);
    buf_adds(o, "],\"fixed\":{\"option\":0,\"unit\":");
    if (unit)
        pb_id(o, 'u', unit);
    else
        buf_adds(o, "\"x\"");
    buf_addf(o, ",\"start\":%d", start);
    if (group) {
        buf_adds(o, ",\"group\":");
        jsonw_str(o, group);
    }
    buf_adds(o, "}}");
}

/* Does unit u take pattern p for need n? */
static int pb_takes(const struct pb_unit *u, enum pattern p)
{
    return u && u->in && u->takes && u->has_seats &&
           (u->patterns & PATTERN_BIT(p));
}

/* Goal matching: whether a rotation at u covers every goal of need n. */
static int pb_covers(const struct pb_unit *u, const struct pb_need *n)
{
    if (n->ngoals == 0)
        return 0;
    for (int i = 0; i < n->ngoals; i++) {
        int found = 0;
        for (int j = 0; j < u->ngoals && !found; j++)
            found = u->goals[j] == n->goals[i];
        if (!found)
            return 0;
    }
    return 1;
}

/* Does unit u allow a placement of len calendar weeks (its rules)? */
static int pb_length_ok(const struct pb_unit *u, int len)
{
    return (!u->rules.min_weeks || len >= u->rules.min_weeks) &&
           (!u->rules.max_weeks || len <= u->rules.max_weeks);
}

/* Whether a rotation of need n may be at unit u at all: a unit it names,
 * else one of its specialty or one covering its goals. */
static int pb_fits(const struct pb_need *n, const struct pb_unit *u)
{
    if (n->nunits > 0) {
        for (int i = 0; i < n->nunits; i++)
            if (n->units[i] == u->id)
                return 1;
        return 0;
    }
    return (n->specialty_id && u->specialty_id == n->specialty_id) ||
           pb_covers(u, n);
}

/* The units that could take need n with pattern p on a seat, into units:
 * the units it names (in its order), else those of its specialty and those
 * covering its goals; only those whose rules allow the placement's
 * calendar length len. */
static int pb_option_units(struct pb *b, const struct pb_need *n,
                           enum pattern p, int len, int64_t *units, int max)
{
    int k = 0;
    if (n->nunits > 0) {
        for (int i = 0; i < n->nunits && k < max; i++) {
            const struct pb_unit *u = pb_unit(b, n->units[i]);
            if (pb_takes(u, p) && pb_length_ok(u, len))
                units[k++] = n->units[i];
        }
        return k;
    }
    for (int i = 0; i < b->nunits && k < max; i++)
        if (pb_fits(n, &b->units[i]) && pb_takes(&b->units[i], p) &&
            pb_length_ok(&b->units[i], len))
            units[k++] = b->units[i].id;
    return k;
}

/* ---- forms of rotation: groups (docs/planning-format-groups.md) ---- */

/*
 * Whether unit u may have group placements in the problem: it takes
 * trainees and has forms. A unit with a limit on trainees at once has
 * none: the format counts group members apart from its seats, so the
 * limit could not hold them both.
 */
static int pb_groups_at(const struct pb_unit *u)
{
    return u && u->in && u->takes && u->nforms > 0 && !u->rules.max_trainees;
}

/* The units with groups long enough that could take need n in a group
 * with pattern p and length len, into units. */
static int pb_group_units(struct pb *b, const struct pb_need *n, int len,
                          int64_t *units, int max)
{
    int k = 0;
    for (int i = 0; i < b->nunits && k < max; i++) {
        const struct pb_unit *u = &b->units[i];
        if (pb_groups_at(u) && u->group_len >= len && pb_length_ok(u, len) &&
            pb_fits(n, u))
            units[k++] = u->id;
    }
    return k;
}

/* The calendar lengths need n of trainee t may take with each pattern it
 * allows (0: not that pattern), alternate weeks only over four weeks. */
static void pb_need_lens(const struct pb_trainee *t, const struct pb_need *n,
                         int *len)
{
    for (int p = 0; p < PATTERN_COUNT; p++) {
        len[p] = 0;
        if (!(n->patterns & PATTERN_BIT(p)) ||
            (p == PATTERN_ALTERNATE && n->weeks <= FORM_ALTERNATE_WEEKS_OVER))
            continue;
        len[p] = pattern_len((enum pattern)p, n->weeks, t->fte);
    }
}

static struct pb_gout *pb_gout_add(struct pb *b, int64_t unit, int from, int to,
                                   int size, int needed)
{
    xgrow((void **)&b->gout, &b->goutcap, (size_t)b->ngout + 1,
          sizeof(*b->gout));
    struct pb_gout *g = &b->gout[b->ngout++];
    memset(g, 0, sizeof(*g));
    g->unit_id = unit;
    g->from = from;
    g->to = to;
    g->size = size;
    g->needed = needed < 1 ? 1 : needed > size ? size : needed;
    return g;
}

/*
 * A live group of form f in the problem, when it lies inside the horizon
 * and every member keeps its exact weeks and pattern there: its members
 * that are fixed needs of the problem are fixed in it, the others go in
 * as stand-ins fixed in it (pb_write_standin()), so that a need of the
 * same weeks and pattern may take a free place in it and no other can.
 * Otherwise its members stay at "x", as any booking in a form.
 */
static void pb_live_group(struct pb *b, const struct pb_form *f,
                          const struct plan_row_group *g)
{
    int from = g->start_week - b->hs, len = g->end_week - g->start_week;
    if (!pb_groups_at(f->u) || from < 0 || from + len > b->weeks)
        return;
    int members = 0;
    for (int i = 0; i < b->nbookings; i++) {
        struct pb_booking *k = &b->bookings[i];
        if (k->group_id != g->id || !k->holds)
            continue;
        members++;
        if (k->role == PB_FIXED
                ? k->len != len || k->pattern != g->pattern
                : !pb_piece(b, k) || k->piece.start != from ||
                      k->piece.pattern != g->pattern ||
                      pattern_len(k->piece.pattern, k->piece.weeks,
                                  k->piece.fte) != len)
            return;
    }
    if (members < 1 || members > f->row->size)
        return;
    struct pb_gout *o = pb_gout_add(b, f->u->id, from, from + len, f->row->size,
                                    f->row->needed);
    snprintf(o->id, sizeof(o->id), "f%lldg%lld", (long long)f->row->id,
             (long long)g->id);
    for (int i = 0; i < b->nbookings; i++) {
        struct pb_booking *k = &b->bookings[i];
        if (k->group_id != g->id || !k->holds)
            continue;
        k->gout = b->ngout - 1;
        if (k->role != PB_FIXED) {
            k->role = PB_STANDIN;
            b->standin_unit = 1; /* its home may be "x" */
        }
    }
    if (len > f->u->group_len)
        f->u->group_len = len;
}

/* Live groups of form f at horizon week w. */
static int pb_live_at(const struct pb *b, const struct pb_form *f, int w)
{
    int n = 0;
    for (int i = 0; i < b->rows->ngroups; i++) {
        const struct plan_row_group *g = &b->rows->groups[i];
        n += g->form_id == f->row->id && g->start_week - b->hs <= w &&
             w < g->end_week - b->hs;
    }
    return n;
}

static int pb_int_cmp(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/*
 * The window of form f's new groups: of the shortest group placements the
 * open needs could have at its unit, the length L for which the most of
 * them find a place, min(needs no longer than L, windows of L in its weeks
 * times its groups times their size); of equals the longest.
 */
static void pb_window(struct pb *b, struct pb_form *f)
{
    if (!pb_groups_at(f->u))
        return;
    int *mins = xcalloc((size_t)b->nneeds + 1, sizeof(int)), n = 0;
    for (int i = 0; i < b->ntrainees; i++) {
        const struct pb_trainee *t = &b->trainees[i];
        for (int j = 0; j < t->nneeds; j++) {
            const struct pb_need *nd = &b->needs[t->first_need + j];
            if (!nd->open || nd->fixed_by >= 0 || !pb_fits(nd, f->u))
                continue;
            int len[PATTERN_COUNT], best = 0;
            pb_need_lens(t, nd, len);
            for (int p = 0; p < PATTERN_COUNT; p++)
                if (len[p] && len[p] <= f->e - f->a &&
                    pb_length_ok(f->u, len[p]) && (!best || len[p] < best))
                    best = len[p];
            if (best)
                mins[n++] = best;
        }
    }
    qsort(mins, (size_t)n, sizeof(int), pb_int_cmp);
    long best = 0;
    for (int i = 0; i < n; i++) {
        if (i + 1 < n && mins[i + 1] == mins[i])
            continue; /* the last of equal lengths counts them all */
        long cap =
            (long)((f->e - f->a) / mins[i]) * f->row->groups * f->row->size;
        long fit = i + 1 < cap ? i + 1 : cap;
        if (fit >= best) {
            best = fit;
            f->window = mins[i];
        }
    }
    free(mins);
}

/*
 * New groups of form f: its weeks cut into windows (pb_window()), and in
 * each window as many groups as are not in use in any of its weeks.
 * Groups in disjoint windows never overlap, so at most the form's number
 * of groups run at once, as booking requires (form_group_pick()). A
 * placement shorter than its window still holds the window's group: simple
 * and sound, not exact (docs/planning.md).
 */
static void pb_new_groups(struct pb *b, const struct pb_form *f)
{
    int win = f->window;
    if (win < 1)
        return;
    for (int i = 0, a = f->a; a + win <= f->e; i++, a += win) {
        int busy = 0;
        for (int w = a; w < a + win; w++) {
            int n = pb_live_at(b, f, w);
            busy = n > busy ? n : busy;
        }
        for (int k = 0; k < f->row->groups - busy; k++) {
            struct pb_gout *o = pb_gout_add(b, f->u->id, a, a + win,
                                            f->row->size, f->row->needed);
            snprintf(o->id, sizeof(o->id), "f%lldw%dn%d", (long long)f->row->id,
                     i, k);
        }
        if (f->row->groups > busy && win > f->u->group_len)
            f->u->group_len = win;
    }
}

/* The forms of rotation of the problem's units and the groups they give. */
static void pb_forms(struct pb *b)
{
    const struct plan_rows *r = b->rows;
    b->forms = xcalloc((size_t)r->nforms + 1, sizeof(*b->forms));
    for (int i = 0; i < r->nforms; i++) {
        struct pb_form *f = &b->forms[b->nforms];
        f->row = &r->forms[i];
        f->u = pb_unit_in(b, f->row->unit_id);
        f->a = pb_clamp(f->row->from_week - b->hs, 0, b->weeks);
        f->e = pb_clamp(f->row->to_week - b->hs, 0, b->weeks);
        if (!f->u || f->e <= f->a)
            continue;
        f->u->nforms++;
        b->nforms++;
    }
    for (int i = 0; i < b->nforms; i++)
        pb_window(b, &b->forms[i]);
    for (int i = 0; i < b->nforms; i++)
        for (int g = 0; g < r->ngroups; g++)
            if (r->groups[g].form_id == b->forms[i].row->id)
                pb_live_group(b, &b->forms[i], &r->groups[g]);
    for (int i = 0; i < b->nforms; i++)
        pb_new_groups(b, &b->forms[i]);
}

/* Why no unit can take need n ever: for the proposal. */
static void pb_reason(struct pb *b, const struct pb_need *n, char *out,
                      size_t size)
{
    char patterns[64] = "";
    for (int p = 0; p < PATTERN_COUNT; p++)
        if (n->patterns & PATTERN_BIT(p))
            snprintf(patterns + strlen(patterns),
                     sizeof(patterns) - strlen(patterns), "%s%s",
                     patterns[0] ? ", " : "", pattern_name((enum pattern)p));
    char a[WEEK_STR_MAX], e[WEEK_STR_MAX];
    week_format(b->hs, a);
    week_format(b->hs + b->weeks - 1, e);
    if (n->nunits > 0) {
        char names[200] = "";
        for (int i = 0; i < n->nunits && strlen(names) < 150; i++) {
            const struct pb_unit *u = pb_unit(b, n->units[i]);
            snprintf(names + strlen(names), sizeof(names) - strlen(names),
                     "%s%.60s", names[0] ? ", " : "",
                     u ? u->name : "a unit outside the region");
        }
        snprintf(out, size,
                 "no unit offers it: none of its units (%s) takes %s "
                 "placements with seats in the region from %s to %s",
                 names, patterns, a, e);
    } else if (n->specialty_id) {
        snprintf(out, size,
                 "no unit offers %s placements (%s) with seats in the region "
                 "from %s to %s",
                 n->specialty_name, patterns, a, e);
    } else {
        snprintf(out, size,
                 "no unit offers it: the need names neither a "
                 "specialty nor units");
    }
}

/*
 * The same reason as data, as the solver gives its own ("why" of an
 * unplaced need): kind "no_unit" (none of the units it names takes its
 * patterns), "no_specialty_unit" (no unit of its specialty does) or
 * "unspecified" (it names neither), with the units, the patterns, the
 * specialty and the horizon's weeks.
 */
static void pb_why(struct pb *b, const struct pb_need *n, struct buf *o)
{
    buf_adds(o, ",\"why\":{\"kind\":");
    jsonw_str(o, n->nunits > 0     ? "no_unit"
                 : n->specialty_id ? "no_specialty_unit"
                                   : "unspecified");
    buf_adds(o, ",\"units\":[");
    int shown = n->nunits < 4 ? n->nunits : 4;
    for (int i = 0; i < shown; i++) {
        const struct pb_unit *u = pb_unit(b, n->units[i]);
        buf_adds(o, i ? ",{\"id\":" : "{\"id\":");
        pb_id(o, 'u', n->units[i]);
        buf_adds(o, ",\"name\":");
        jsonw_str(o, u ? u->name : "");
        buf_adds(o, "}");
    }
    buf_addf(o, "],\"more_units\":%d,\"patterns\":[", n->nunits - shown);
    int first = 1;
    for (int p = 0; p < PATTERN_COUNT; p++)
        if (n->patterns & PATTERN_BIT(p)) {
            buf_adds(o, first ? "" : ",");
            jsonw_str(o, pattern_name((enum pattern)p));
            first = 0;
        }
    buf_adds(o, "],\"specialty\":");
    if (n->specialty_id)
        jsonw_str(o, n->specialty_name);
    else
        buf_adds(o, "null");
    buf_addf(o,
             ",\"from\":0,\"to\":%d,\"weeks\":null,\"deadline\":null,"
             "\"late\":0,\"limit\":0,\"waits_for\":null,\"full\":null}",
             b->weeks);
}

struct pb_out {
    struct buf *problem, *left_out;
    struct plan_built *info;
};

/*
 * The options of units[0..n) for a placement of weeks with pattern p (len
 * calendar weeks, in a group or not), appended to opts: one option, or,
 * when the trainee's home unit has a budget and the units cost it
 * differently, one per spend (the format has one spend per option).
 */
static void pb_write_spent(struct pb *b, const struct pb_trainee *t,
                           struct buf *opts, int *nopts, const int64_t *units,
                           int n, int weeks, enum pattern p, int len, int group)
{
    int64_t spend[512], same[512];
    for (int i = 0; i < n; i++)
        spend[i] = pb_spend(b, t, pb_unit(b, units[i]), weeks, len);
    int done[512] = {0};
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        int k = 0;
        for (int j = i; j < n; j++)
            if (!done[j] && spend[j] == spend[i]) {
                same[k++] = units[j];
                done[j] = 1;
            }
        buf_adds(opts, (*nopts)++ ? "," : "");
        pb_write_option(opts, same, k, weeks, p, group, spend[i]);
    }
}

/* An open need: one option per pattern it allows that some unit takes. */
static void pb_write_open(struct pb *b, struct pb_out *out,
                          const struct pb_trainee *t, const struct pb_need *n,
                          int *first)
{
    struct buf opts = BUF_INIT(0);
    int64_t units[512];
    int nopts = 0, len[PATTERN_COUNT];
    pb_need_lens(t, n, len);
    for (int p = 0; p < PATTERN_COUNT; p++) {
        if (!len[p])
            continue;
        int k = pb_option_units(b, n, (enum pattern)p, len[p], units, 512);
        if (k == 0)
            continue;
        pb_write_spent(b, t, &opts, &nopts, units, k, n->weeks, (enum pattern)p,
                       len[p], 0);
    }
    /* In a group of a form of rotation, where one is long enough. */
    for (int p = 0; p < PATTERN_COUNT; p++) {
        if (!len[p])
            continue;
        int k = pb_group_units(b, n, len[p], units, 512);
        if (k == 0)
            continue;
        pb_write_spent(b, t, &opts, &nopts, units, k, n->weeks, (enum pattern)p,
                       len[p], 1);
    }
    if (nopts == 0) {
        char reason[STORE_REASON_MAX];
        pb_reason(b, n, reason, sizeof(reason));
        buf_adds(out->left_out, out->info->left_out++ ? "," : "");
        buf_adds(out->left_out, "{\"need\":");
        pb_id(out->left_out, 'n', n->id);
        buf_adds(out->left_out, ",\"trainee\":");
        pb_id(out->left_out, 't', t->id);
        buf_adds(out->left_out, ",\"reason\":");
        jsonw_str(out->left_out, reason);
        pb_why(b, n, out->left_out);
        buf_adds(out->left_out, "}");
    } else {
        struct buf *o = out->problem;
        buf_adds(o, *first ? "{\"id\":" : ",{\"id\":");
        *first = 0;
        pb_id(o, 'n', n->id);
        if (n->preferred != STORE_NONE)
            buf_addf(o, ",\"preferred_start\":%d",
                     pb_clamp(n->preferred - b->hs, 0, b->weeks - 1));
        buf_adds(o, ",\"options\":[");
        buf_add(o, opts.data, opts.len);
        buf_adds(o, "]}");
        out->info->needs++;
    }
    buf_release(&opts);
}

/* The trainee's unavailable weeks with its fixed placements cut out. */
static void pb_write_off(struct pb *b, struct buf *o,
                         const struct pb_trainee *t)
{
    int first = 1;
    buf_adds(o, ",\"unavailable\":[");
    for (int i = 0; i < t->noff; i++) {
        int a = t->off[i][0], e = t->off[i][1];
        while (a < e) {
            /* The first fixed placement that cuts [a, e), if any. */
            int cut_a = e, cut_e = e;
            for (int j = 0; j < t->nbookings; j++) {
                const struct pb_booking *k = &b->bookings[t->first_booking + j];
                int s = k->start - b->hs;
                if (k->role == PB_FIXED && s < cut_a && s + k->len > a) {
                    cut_a = s < a ? a : s;
                    cut_e = s + k->len;
                }
            }
            if (cut_a > a) {
                buf_addf(o, "%s[%d,%d]", first ? "" : ",", a, cut_a);
                first = 0;
            }
            a = cut_e;
        }
    }
    buf_adds(o, "]");
}

static void pb_write_trainee(struct pb *b, struct pb_out *out,
                             struct pb_trainee *t, int *first_trainee)
{
    struct buf needs = BUF_INIT(0);
    struct pb_out inner = {&needs, out->left_out, out->info};
    int first = 1;
    for (int j = 0; j < t->nbookings; j++) {
        const struct pb_booking *k = &b->bookings[t->first_booking + j];
        if (k->role != PB_FIXED)
            continue;
        buf_adds(&needs, first ? "" : ",");
        first = 0;
        /* A booking in a form's group is fixed in its group where the
         * group went in (pb_live_group()), else at the unit "x", whose
         * seats are unlimited: the form's place, not a seat. */
        const char *group = k->gout >= 0 ? b->gout[k->gout].id : NULL;
        int64_t unit = k->in_form && !group ? 0 : k->unit_id;
        /* What it spends: as pb_budgets() counted it. */
        int64_t spend = pb_tkr(k->cost);
        if (k->need >= 0) {
            pb_write_fixed(&needs, 'n', b->needs[k->need].id, unit, k->weeks,
                           k->pattern, k->start - b->hs, group, spend);
            out->info->needs++;
            out->info->fixed++;
        } else {
            pb_write_fixed(&needs, 'b', k->id, unit, k->weeks, k->pattern,
                           k->start - b->hs, group, spend);
        }
    }
    for (int j = 0; j < t->nneeds; j++) {
        const struct pb_need *n = &b->needs[t->first_need + j];
        if (n->open && n->fixed_by < 0)
            pb_write_open(b, &inner, t, n, &first);
    }
    if (!first) {
        struct buf *o = out->problem;
        buf_adds(o, *first_trainee ? "{\"id\":" : ",{\"id\":");
        *first_trainee = 0;
        pb_id(o, 't', t->id);
        buf_adds(o, ",\"home\":");
        pb_id(o, 'u', t->home);
        buf_addf(o, ",\"from\":%d,\"deadline\":%d,\"fte\":%d,\"priority\":1",
                 t->from, t->deadline, t->fte);
        pb_write_off(b, o, t);
        buf_adds(o, ",\"needs\":[");
        buf_add(o, needs.data, needs.len);
        buf_adds(o, "]}");
        out->info->trainees++;
    }
    buf_release(&needs);
}

/* A stand-in trainee "x<booking>" with its one fixed placement. */
static void pb_write_standin(struct pb *b, struct buf *o,
                             const struct pb_booking *k)
{
    /* A member of a group that went in stands in it (pb_live_group());
     * a booking in another form's group holds no seat: at "x". */
    const char *group = k->gout >= 0 ? b->gout[k->gout].id : NULL;
    const struct pb_unit *u =
        k->in_form && !group ? NULL : pb_unit_in(b, k->unit_id);
    const struct pb_unit *h = pb_unit_in(b, k->home_id);
    if (h && (h->max_away == STORE_NONE || h->id == k->unit_id))
        h = NULL;
    buf_adds(o, ",{\"id\":");
    pb_id(o, 'x', k->id);
    buf_adds(o, ",\"home\":");
    if (h)
        pb_id(o, 'u', h->id);
    else
        buf_adds(o, "\"x\"");
    buf_addf(o, ",\"from\":0,\"deadline\":%d,\"fte\":%d,\"needs\":[", b->weeks,
             k->piece.fte);
    pb_write_fixed(o, 'x', k->id, u ? u->id : 0, k->piece.weeks,
                   k->piece.pattern, k->piece.start, group, 0);
    buf_adds(o, "]}");
}

static void pb_write(struct pb *b, struct pb_out *out)
{
    struct buf *o = out->problem;
    char start[WEEK_STR_MAX];
    week_format(b->hs, start);
    buf_addf(o,
             "{\"format\":\"randa-problem/1\",\"horizon\":{\"start\":\"%s\","
             "\"weeks\":%d},\"weights\":{\"unplaced\":%d,\"late\":%d,"
             "\"shift\":%d},\"units\":[",
             start, b->weeks, PB_W_UNPLACED, PB_W_LATE, PB_W_SHIFT);
    int first = 1;
    for (int i = 0; i < b->nunits; i++) {
        if (!b->units[i].in)
            continue;
        buf_adds(o, first ? "" : ",");
        first = 0;
        pb_write_unit(b, o, &b->units[i]);
    }
    if (b->standin_unit)
        buf_addf(o,
                 "%s{\"id\":\"x\",\"name\":\"outside the problem\","
                 "\"seats\":%d}",
                 first ? "" : ",", PB_X_SEATS);
    buf_adds(o, "],\"trainees\":[");
    buf_adds(out->left_out, "[");
    first = 1;
    for (int i = 0; i < b->ntrainees; i++)
        pb_write_trainee(b, out, &b->trainees[i], &first);
    buf_adds(out->left_out, "]");
    for (int i = 0; i < b->nbookings; i++) {
        if (b->bookings[i].role != PB_STANDIN)
            continue;
        if (first) {
            /* No trainee yet: the stand-in's leading comma must go. */
            struct buf one = BUF_INIT(0);
            pb_write_standin(b, &one, &b->bookings[i]);
            buf_adds(o, one.data + 1);
            buf_release(&one);
            first = 0;
        } else {
            pb_write_standin(b, o, &b->bookings[i]);
        }
    }
    buf_adds(o, "]}");
    out->info->weeks = b->weeks;
}

static void pb_release(struct pb *b)
{
    for (int i = 0; i < b->nunits; i++) {
        free(b->units[i].cap);
        free(b->units[i].sub);
        free(b->units[i].fixed);
        free(b->units[i].away);
    }
    for (int i = 0; i < b->ntrainees; i++)
        free(b->trainees[i].off);
    free(b->units);
    free(b->trainees);
    free(b->needs);
    free(b->bookings);
    free(b->forms);
    free(b->gout);
    free(b->match);
    free(b->days);
    free(b);
}

void plan_problem_write(const struct plan_rows *rows, int start_week,
                        struct buf *problem, struct buf *left_out,
                        struct plan_built *info)
{
    memset(info, 0, sizeof(*info));
    /* b is large (the table of lengths): on the heap, not the stack. */
    struct pb *b = xcalloc(1, sizeof(*b));
    b->rows = rows;
    b->hs = start_week;
    pb_load(b);
    pb_decide(b);
    pb_budgets(b);
    pb_forms(b);
    struct pb_out out = {problem, left_out, info};
    pb_write(b, &out);
    pb_release(b);
}

int plan_problem_build(struct store *s, const struct plan_scope *scope,
                       struct buf *problem, struct buf *left_out,
                       struct plan_built *info, struct err_info *ei)
{
    struct plan_rows rows;
    memset(info, 0, sizeof(*info));
    int rc = store_plan_rows(s, scope, &rows, ei);
    if (rc)
        return rc;
    plan_problem_write(&rows, scope->start_week, problem, left_out, info);
    store_plan_rows_release(&rows);
    return 0;
}

int plan_problem_open(struct store *s, const struct plan_scope *scope,
                      struct solver_problem **out, struct buf *problem,
                      struct buf *left_out, struct plan_built *info,
                      struct err_info *ei)
{
    struct buf text = BUF_INIT(0), left = BUF_INIT(0);
    struct buf *t = problem ? problem : &text, *l = left_out ? left_out : &left;
    struct plan_built built;
    int rc = plan_problem_build(s, scope, t, l, info ? info : &built, ei);
    /* The builder promises a valid problem: a refusal here is a bug, said
     * as such rather than blamed on the user. */
    if (rc == 0 && solver_problem_load(t->data, t->len, out, ei) != 0) {
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", ei->msg);
        rc = err_set(ei, ERR_DB, "", "the problem built is invalid: %.200s",
                     msg);
    }
    buf_release(&text);
    buf_release(&left);
    return rc;
}
