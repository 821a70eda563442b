/*
 * The yearly figures over HTTP (GET /figures): the figures of 004 §5 and of
 * the place market for a region or one of its units, for a year and the
 * four before it, each with its numerator, denominator, value, target and
 * whether it is met; and, one call away, the records behind each (GET
 * /figures/records?figure=): who is counted, who is not and why.
 *
 * Nothing is stored: the store reads the facts once (store_figure_facts()),
 * and each figure walks them with the rules of domain/metrics.h, the same
 * walk for the sums and for the records, so that the records always add
 * up to the figure. Not /metrics, which is the server's own (Prometheus).
 */
#include "api/api_impl.h"

#include "domain/edu.h"
#include "domain/metrics.h"
#include "domain/reoffer.h"
#include "domain/training.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The years a figure shows: the one asked for and the four before. */
#define FIG_YEARS 5

/* ---- the facts, with lookups ---- */

struct fig_ctx {
    const struct figure_facts *f;
    int64_t *unit_ids; /* sorted, for fig_unit() */
    int *unit_at;      /* unit_ids[i] is f->units[unit_at[i]] */
    int64_t *sv_ids;   /* the same for supervisors */
    int *sv_at;
    /* Per window, filled by fig_prepare(): */
    int *trains;     /* per unit: trainees in training with it as home */
    int *supervises; /* per supervisor: trainees in training */
    long *offered, *used;
    /* Issue 14: the freed places with what became of their seat-weeks. */
    struct metrics_freed *freed;
};

static int fig_id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts ids (n, taken from rows of stride bytes) for lookups. */
static void fig_index(const void *rows, size_t n, size_t stride, int64_t **ids,
                      int **at)
{
    struct pair {
        int64_t id;
        int at;
    } *p = xcalloc(n + 1, sizeof(*p));
    for (size_t i = 0; i < n; i++) {
        p[i].id = *(const int64_t *)((const char *)rows + i * stride);
        p[i].at = (int)i;
    }
    qsort(p, n, sizeof(*p), fig_id_cmp);
    *ids = xcalloc(n + 1, sizeof(**ids));
    *at = xcalloc(n + 1, sizeof(**at));
    for (size_t i = 0; i < n; i++) {
        (*ids)[i] = p[i].id;
        (*at)[i] = p[i].at;
    }
    free(p);
}

static int fig_find(const int64_t *ids, const int *at, size_t n, int64_t id)
{
    const int64_t *hit =
        n ? bsearch(&id, ids, n, sizeof(*ids), fig_id_cmp) : NULL;
    return hit ? at[hit - ids] : -1;
}

/* The index of unit id in f->units, or -1. */
static int fig_unit(const struct fig_ctx *c, int64_t id)
{
    return fig_find(c->unit_ids, c->unit_at, c->f->nunits, id);
}

/* Issue 14: which of the freed seat-weeks were booked again, by the
 * bookings that hold seats now (metrics_reuse()). */
static void fig_freed_reuse(struct fig_ctx *c)
{
    const struct figure_facts *f = c->f;
    c->freed = xcalloc(f->nfreed + 1, sizeof(*c->freed));
    struct metrics_booked *b = xcalloc(f->nbookings + 1, sizeof(*b));
    size_t nb = 0;
    for (size_t i = 0; i < f->nbookings; i++) {
        const struct fact_booking *x = &f->bookings[i];
        if (x->status != BOOKING_CONFIRMED && x->status != BOOKING_COMPLETED)
            continue;
        b[nb++] = (struct metrics_booked){x->unit_id, x->made, x->start_week,
                                          x->end_week, x->pattern};
    }
    for (size_t i = 0; i < f->nfreed; i++) {
        const struct fact_freed *x = &f->freed[i];
        c->freed[i] = (struct metrics_freed){x->unit_id,
                                             x->on,
                                             x->from_week,
                                             x->to_week,
                                             x->origin_week,
                                             x->pattern,
                                             x->seats,
                                             0,
                                             0,
                                             METRICS_NO_DATE};
    }
    metrics_reuse(c->freed, f->nfreed, b, nb);
    free(b);
}

static void fig_ctx_init(struct fig_ctx *c, const struct figure_facts *f)
{
    memset(c, 0, sizeof(*c));
    c->f = f;
    fig_index(f->units, f->nunits, sizeof(*f->units), &c->unit_ids,
              &c->unit_at);
    fig_index(f->supervisors, f->nsupervisors, sizeof(*f->supervisors),
              &c->sv_ids, &c->sv_at);
    c->trains = xcalloc(f->nunits + 1, sizeof(int));
    c->offered = xcalloc(f->nunits + 1, sizeof(long));
    c->used = xcalloc(f->nunits + 1, sizeof(long));
    c->supervises = xcalloc(f->nsupervisors + 1, sizeof(int));
    fig_freed_reuse(c);
}

static void fig_ctx_release(struct fig_ctx *c)
{
    free(c->unit_ids);
    free(c->unit_at);
    free(c->sv_ids);
    free(c->sv_at);
    free(c->trains);
    free(c->offered);
    free(c->used);
    free(c->supervises);
    free(c->freed);
}

/* Counts, for window w, the trainees in training of each home unit and of
 * each huvudhandledare. */
static void fig_prepare(struct fig_ctx *c, const struct metrics_window *w)
{
    const struct figure_facts *f = c->f;
    memset(c->trains, 0, (f->nunits + 1) * sizeof(int));
    memset(c->supervises, 0, (f->nsupervisors + 1) * sizeof(int));
    for (size_t i = 0; i < f->ntrainees; i++) {
        const struct fact_trainee *t = &f->trainees[i];
        if (!metrics_in_training(t->start, t->planned_end, w))
            continue;
        int u = fig_unit(c, t->unit_id);
        if (u >= 0)
            c->trains[u]++;
        int sv =
            fig_find(c->sv_ids, c->sv_at, f->nsupervisors, t->supervisor_id);
        if (sv >= 0)
            c->supervises[sv]++;
    }
}

/* ---- one record's count, and where counts go ---- */

/* A group a figure splits into: by the unit's specialty (and provider
 * kind), or by why a booking was cancelled. */
enum fig_group {
    FIG_NO_GROUPS,
    FIG_BY_SPECIALTY,
    FIG_BY_MARKET,
    FIG_BY_REASON,
    FIG_BY_OUTCOME /* an offer's (issue 14): key.reason is its status */
};

struct fig_key {
    int64_t specialty_id; /* 0: none */
    int provider_kind;    /* -1: none */
    int reason;           /* -1: none */
    int unit;             /* a unit of the specialty (its name), or -1 */
};

struct fig_rec {
    const char *kind; /* "program", "trainee", "supervisor", "unit", ... */
    int64_t id;
    const char *name;
    int64_t unit_id;
    int64_t trainee_id; /* the trainee record behind it, or 0 */
    struct metrics_count c;
    long num, den; /* what it adds when counted */
    struct date on;
    struct fig_key key;
};

struct fig_sink {
    void (*add)(struct fig_sink *s, const struct fig_rec *r);
};

typedef void fig_walker(struct fig_ctx *c, const struct metrics_window *w,
                        struct fig_sink *s);

static struct fig_key fig_no_key(void)
{
    struct fig_key k = {0, -1, -1, -1};
    return k;
}

static struct fig_key fig_unit_key(const struct fig_ctx *c, int u, int market)
{
    struct fig_key k = fig_no_key();
    if (u < 0)
        return k;
    k.specialty_id = c->f->units[u].specialty.id;
    k.unit = u;
    if (market)
        k.provider_kind = (int)c->f->units[u].provider_kind;
    return k;
}

/* A person's or unit's record: 1 of 1 when counted. */
static void fig_emit(struct fig_sink *s, const char *kind, int64_t id,
                     const char *name, int64_t unit_id, int64_t trainee_id,
                     struct metrics_count c, struct date on, struct fig_key key)
{
    if (c.verdict == METRICS_SKIP)
        return;
    struct fig_rec r = {kind, id, name, unit_id, trainee_id, c, 1, 1, on, key};
    s->add(s, &r);
}

/* ---- the figures ---- */

static void walk_retention(struct fig_ctx *c, const struct metrics_window *w,
                           struct fig_sink *s, enum program_kind kind,
                           int months)
{
    for (size_t i = 0; i < c->f->nprograms; i++) {
        const struct fact_program *p = &c->f->programs[i];
        if (p->program != kind)
            continue;
        struct date day;
        struct metrics_count n = metrics_retention(
            p->completed, p->left, p->returned, months, w, &day);
        fig_emit(s, "program", p->id, p->name, p->unit_id, p->trainee_id, n,
                 day, fig_no_key());
    }
}

static void walk_st_retention(struct fig_ctx *c, const struct metrics_window *w,
                              struct fig_sink *s)
{
    walk_retention(c, w, s, PROGRAM_ST, 60);
}

static void walk_at_retention(struct fig_ctx *c, const struct metrics_window *w,
                              struct fig_sink *s)
{
    walk_retention(c, w, s, PROGRAM_AT, 12);
}

static void walk_st_completion(struct fig_ctx *c,
                               const struct metrics_window *w,
                               struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nprograms; i++) {
        const struct fact_program *p = &c->f->programs[i];
        if (p->program != PROGRAM_ST)
            continue;
        struct metrics_count n =
            metrics_completion(p->completed, p->left, p->returned, w);
        fig_emit(s, "program", p->id, p->name, p->unit_id, p->trainee_id, n,
                 metrics_dated(p->completed) ? p->completed : p->left,
                 fig_no_key());
    }
}

static void walk_supervisors(struct fig_ctx *c, const struct metrics_window *w,
                             struct fig_sink *s)
{
    fig_prepare(c, w);
    for (size_t i = 0; i < c->f->nsupervisors; i++) {
        const struct fact_supervisor *sv = &c->f->supervisors[i];
        struct metrics_count n =
            metrics_supervisor(c->supervises[i] > 0, sv->trained_on, w);
        fig_emit(s, "supervisor", sv->id, sv->name, sv->unit_id, 0, n,
                 sv->trained_on, fig_no_key());
    }
}

static void walk_contract(struct fig_ctx *c, const struct metrics_window *w,
                          struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->ntrainees; i++) {
        const struct fact_trainee *t = &c->f->trainees[i];
        struct metrics_count n =
            metrics_contract(t->start, t->planned_end, t->contract, w);
        fig_emit(s, "trainee", t->id, t->name, t->unit_id, t->id, n,
                 t->contract, fig_no_key());
    }
}

static void walk_reviews(struct fig_ctx *c, const struct metrics_window *w,
                         struct fig_sink *s, enum review_kind kind, int months)
{
    const struct figure_facts *f = c->f;
    struct date *days = xcalloc(f->nreviews + 1, sizeof(*days));
    fig_prepare(c, w);
    for (size_t u = 0; u < f->nunits; u++) {
        int n = 0;
        for (size_t i = 0; i < f->nreviews; i++)
            if (f->reviews[i].unit_id == f->units[u].id &&
                f->reviews[i].kind == kind)
                days[n++] = f->reviews[i].on;
        struct date last;
        struct metrics_count m =
            metrics_review(c->trains[u] > 0, days, n, months, w, &last);
        fig_emit(s, "unit", f->units[u].id, f->units[u].name, f->units[u].id, 0,
                 m, last, fig_unit_key(c, (int)u, 0));
    }
    free(days);
}

static void walk_stins_3y(struct fig_ctx *c, const struct metrics_window *w,
                          struct fig_sink *s)
{
    walk_reviews(c, w, s, REVIEW_STINS, 36);
}

static void walk_stins_2y(struct fig_ctx *c, const struct metrics_window *w,
                          struct fig_sink *s)
{
    walk_reviews(c, w, s, REVIEW_STINS, REVIEW_STINS_MONTHS);
}

static void walk_spur_5y(struct fig_ctx *c, const struct metrics_window *w,
                         struct fig_sink *s)
{
    walk_reviews(c, w, s, REVIEW_SPUR, REVIEW_SPUR_MONTHS);
}

/* Seat-weeks offered and used at each unit in weeks [wfrom, wto), one
 * record a unit (num used, den offered, in hundredths). */
static void walk_seat_weeks(struct fig_ctx *c, int wfrom, int wto,
                            struct fig_sink *s)
{
    const struct figure_facts *f = c->f;
    memset(c->offered, 0, (f->nunits + 1) * sizeof(long));
    memset(c->used, 0, (f->nunits + 1) * sizeof(long));
    for (size_t i = 0; i < f->ncapacity; i++) {
        int u = fig_unit(c, f->capacity[i].unit_id);
        if (u >= 0)
            c->offered[u] += metrics_offered(f->capacity[i].from_week,
                                             f->capacity[i].to_week,
                                             f->capacity[i].seats, wfrom, wto);
    }
    for (size_t i = 0; i < f->nbookings; i++) {
        const struct fact_booking *b = &f->bookings[i];
        int u = fig_unit(c, b->unit_id);
        if (u >= 0 &&
            (b->status == BOOKING_CONFIRMED || b->status == BOOKING_COMPLETED))
            c->used[u] += metrics_used(b->pattern, b->start_week, b->end_week,
                                       wfrom, wto);
    }
    for (size_t u = 0; u < f->nunits; u++) {
        if (!c->offered[u] && !c->used[u])
            continue;
        struct fig_rec r = {"unit",
                            f->units[u].id,
                            f->units[u].name,
                            f->units[u].id,
                            0,
                            {METRICS_HIT, METRICS_R_USED},
                            c->used[u],
                            c->offered[u],
                            METRICS_NO_DATE,
                            fig_unit_key(c, (int)u, 1)};
        s->add(s, &r);
    }
}

static void walk_utilisation(struct fig_ctx *c, const struct metrics_window *w,
                             struct fig_sink *s)
{
    walk_seat_weeks(c, w->wfrom, w->wto, s);
}

static void walk_summer(struct fig_ctx *c, const struct metrics_window *w,
                        struct fig_sink *s)
{
    int from, to;
    metrics_summer(w, &from, &to);
    if (to > from)
        walk_seat_weeks(c, from, to, s);
}

static void walk_short_notice(struct fig_ctx *c, const struct metrics_window *w,
                              struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nbookings; i++) {
        const struct fact_booking *b = &c->f->bookings[i];
        fig_emit(s, "booking", b->id, b->trainee, b->unit_id, b->trainee_id,
                 metrics_short_notice(b->made, b->start_week, w), b->made,
                 fig_no_key());
    }
}

static void walk_waiting(struct fig_ctx *c, const struct metrics_window *w,
                         struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nbookings; i++) {
        const struct fact_booking *b = &c->f->bookings[i];
        long days = 0;
        int placed =
            b->status == BOOKING_CONFIRMED || b->status == BOOKING_COMPLETED;
        struct metrics_count n =
            metrics_waiting(b->made, b->start_week, placed, w, &days);
        if (n.verdict == METRICS_SKIP)
            continue;
        struct fig_rec r = {"booking",     b->id,       b->trainee, b->unit_id,
                            b->trainee_id, n,           days,       1,
                            b->made,       fig_no_key()};
        s->add(s, &r);
    }
}

static void walk_cancellations(struct fig_ctx *c,
                               const struct metrics_window *w,
                               struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nbookings; i++) {
        const struct fact_booking *b = &c->f->bookings[i];
        struct fig_key k = fig_no_key();
        struct metrics_count n =
            metrics_cancellation(b->start_week, b->status, w);
        if (n.verdict == METRICS_HIT)
            k.reason = (int)b->reason;
        fig_emit(s, "booking", b->id, b->trainee, b->unit_id, b->trainee_id, n,
                 week_monday(b->start_week), k);
    }
}

/* A trainee's projected completion seen on day, as the education plan
 * computes it (edu.c): the end the rules allow, the last placement, the
 * weeks still to place. 0, or -1 when the facts do not allow one. */
static int fig_projected(const struct figure_facts *f,
                         const struct fact_trainee *t, struct date day,
                         struct date *out)
{
    struct date rules;
    if (!metrics_dated(t->start) || !metrics_dated(t->planned_end) ||
        training_projected_end(t->regulation, t->start, t->planned_end, t->fte,
                               f->leaves + t->leave_from, t->nleaves, &rules,
                               NULL) != 0)
        return -1;
    struct date last = METRICS_NO_DATE;
    if (t->last_end != STORE_NONE)
        last = date_from_days(date_to_days(week_monday(t->last_end)) - 1);
    *out = plan_projected_completion(rules, last, day, t->open_weeks, t->fte);
    return 0;
}

static void walk_behind(struct fig_ctx *c, const struct metrics_window *w,
                        struct fig_sink *s)
{
    if (!w->current)
        return;
    for (size_t i = 0; i < c->f->ntrainees; i++) {
        const struct fact_trainee *t = &c->f->trainees[i];
        struct date projected;
        int active =
            (t->status == TRAINEE_ACTIVE || t->status == TRAINEE_ON_LEAVE) &&
            metrics_in_training(t->start, t->planned_end, w);
        if (!active || fig_projected(c->f, t, w->as_of, &projected) != 0)
            continue;
        fig_emit(s, "trainee", t->id, t->name, t->unit_id, t->id,
                 metrics_behind(1, t->planned_end, projected, w), projected,
                 fig_no_key());
    }
}

static void walk_substitutes(struct fig_ctx *c, const struct metrics_window *w,
                             struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nsubstitutes; i++) {
        const struct fact_substitute *x = &c->f->substitutes[i];
        struct metrics_count n = metrics_substitute(x->agreed, w);
        if (n.verdict == METRICS_SKIP)
            continue;
        struct fig_rec r = {
            "substitute",   x->id, x->trainee, x->unit_id,  x->trainee_id, n,
            x->weeks_saved, 1,     x->agreed,  fig_no_key()};
        s->add(s, &r);
    }
}

/* ---- the re-offer of freed places (issue 14) ---- */

/* Freed seat-weeks booked again: one record a place freed in the year,
 * its seat-weeks re-used over those it freed (hundredths). */
static void walk_freed_reuse(struct fig_ctx *c, const struct metrics_window *w,
                             struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nfreed; i++) {
        const struct metrics_freed *x = &c->freed[i];
        struct metrics_count n = metrics_freed_reuse(x, w);
        if (n.verdict == METRICS_SKIP)
            continue;
        int u = fig_unit(c, x->unit_id);
        struct fig_rec r = {"freed_place",
                            c->f->freed[i].id,
                            u >= 0 ? c->f->units[u].name : "",
                            x->unit_id,
                            0,
                            n,
                            x->reused,
                            x->freed,
                            x->on,
                            fig_unit_key(c, u, 0)};
        s->add(s, &r);
    }
}

/* Days from a place freed to its seat-weeks booked again. */
static void walk_freed_days(struct fig_ctx *c, const struct metrics_window *w,
                            struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->nfreed; i++) {
        const struct metrics_freed *x = &c->freed[i];
        long days = 0;
        struct metrics_count n = metrics_rebooked(x, w, &days);
        if (n.verdict == METRICS_SKIP)
            continue;
        int u = fig_unit(c, x->unit_id);
        struct fig_rec r = {"freed_place",
                            c->f->freed[i].id,
                            u >= 0 ? c->f->units[u].name : "",
                            x->unit_id,
                            0,
                            n,
                            days,
                            1,
                            x->on,
                            fig_unit_key(c, u, 0)};
        s->add(s, &r);
    }
}

/* Offers made in the year, accepted or how they ended. */
static void walk_offers(struct fig_ctx *c, const struct metrics_window *w,
                        struct fig_sink *s)
{
    for (size_t i = 0; i < c->f->noffers; i++) {
        const struct fact_offer *x = &c->f->offers[i];
        struct fig_key k = fig_no_key();
        k.reason = x->status;
        fig_emit(s, "offer", x->id, x->trainee, x->unit_id, x->trainee_id,
                 metrics_offer(x->on, x->status, w), x->on, k);
    }
}

enum fig_measure {
    FIG_SHARE, /* value: numerator / denominator, a share */
    FIG_MEAN,  /* value: numerator / denominator, a mean */
    FIG_SUM,   /* value: the numerator */
};

struct fig_def {
    const char *id;
    int number; /* 004 §5's, or 0 for the place market's */
    const char *title, *title_sv;
    enum fig_measure measure;
    int hundredths; /* numerator and denominator in hundredths */
    int target;     /* percent, or -1 for none */
    enum fig_group group;
    fig_walker *walk;
};

static const struct fig_def fig_defs[] = {
    {"st_retention", 1,
     "ST-läkare in the region five years after completing ST",
     "Andel ST-läkare kvar i regionen fem år efter avslutad ST", FIG_SHARE, 0,
     75, FIG_NO_GROUPS, walk_st_retention},
    {"at_retention", 2, "AT-läkare in the region one year after AT",
     "Andel AT-läkare kvar i regionen ett år efter AT", FIG_SHARE, 0, 75,
     FIG_NO_GROUPS, walk_at_retention},
    {"st_completion", 3, "ST-läkare who complete their ST in the region",
     "Andel som fullföljer sin ST i regionen", FIG_SHARE, 0, 90, FIG_NO_GROUPS,
     walk_st_completion},
    {"supervisor_training", 4, "Huvudhandledare with supervisor training",
     "Andel huvudhandledare med handledarutbildning", FIG_SHARE, 0, 100,
     FIG_NO_GROUPS, walk_supervisors},
    {"st_contract", 5, "ST-läkare with a written ST contract",
     "Andel ST-läkare med skriftligt ST-kontrakt", FIG_SHARE, 0, 100,
     FIG_NO_GROUPS, walk_contract},
    {"stins_3y", 6,
     "Units with a STINS self-assessment in the last three years",
     "Andel enheter med STINS-självvärdering de senaste tre åren", FIG_SHARE, 0,
     50, FIG_BY_SPECIALTY, walk_stins_3y},
    {"stins_2y", 6,
     "Units with a STINS self-assessment in the last two years (004 §2.6)",
     "Andel enheter med STINS-självvärdering de senaste två åren", FIG_SHARE, 0,
     100, FIG_BY_SPECIALTY, walk_stins_2y},
    {"spur_5y", 7,
     "Units with an external review (SPUR) in the last five years",
     "Andel enheter med extern granskning (SPUR) de senaste fem åren",
     FIG_SHARE, 0, 100, FIG_BY_SPECIALTY, walk_spur_5y},
    {"utilisation", 0, "Offered seat-weeks used",
     "Nyttjade av erbjudna platsveckor", FIG_SHARE, 1, -1, FIG_BY_MARKET,
     walk_utilisation},
    {"summer_utilisation", 0, "Offered seat-weeks used in weeks 26-32",
     "Nyttjade av erbjudna platsveckor vecka 26–32", FIG_SHARE, 1, -1,
     FIG_BY_MARKET, walk_summer},
    {"waiting_days", 0, "Days from request to start",
     "Dagar från förfrågan till start", FIG_MEAN, 0, -1, FIG_NO_GROUPS,
     walk_waiting},
    {"short_notice", 0, "Requests under three months' notice",
     "Förfrågningar med kortare varsel än tre månader", FIG_SHARE, 0, -1,
     FIG_NO_GROUPS, walk_short_notice},
    {"cancellations", 0, "Bookings cancelled", "Avbokade placeringar",
     FIG_SHARE, 0, -1, FIG_BY_REASON, walk_cancellations},
    {"behind_plan", 0, "ST-läkare projected to complete after their plan",
     "ST-läkare efter plan", FIG_SHARE, 0, -1, FIG_NO_GROUPS, walk_behind},
    {"substitute_weeks", 0, "Weeks of rotation saved by substitutes",
     "Placeringsveckor som annan utbildning ersatt", FIG_SUM, 0, -1,
     FIG_NO_GROUPS, walk_substitutes},
    /* The re-offer of freed places (issue 14). */
    {"freed_reused", 0, "Freed seat-weeks booked again",
     "Lediga platsveckor som bokats igen", FIG_SHARE, 1, -1, FIG_BY_SPECIALTY,
     walk_freed_reuse},
    {"freed_rebooked_days", 0, "Days from a place freed to booked again",
     "Dagar från ledig plats till ny bokning", FIG_MEAN, 0, -1,
     FIG_BY_SPECIALTY, walk_freed_days},
    {"offers_accepted", 0, "Offers of freed places accepted",
     "Erbjudanden om lediga platser som antagits", FIG_SHARE, 0, -1,
     FIG_BY_OUTCOME, walk_offers},
};
#define FIG_COUNT (sizeof(fig_defs) / sizeof(fig_defs[0]))

static const struct fig_def *fig_def_find(const char *id)
{
    for (size_t i = 0; id && i < FIG_COUNT; i++)
        if (strcmp(fig_defs[i].id, id) == 0)
            return &fig_defs[i];
    return NULL;
}

/* ---- numbers as JSON ---- */

/* A count, or seat-weeks (hundredths) with their fraction. */
static json_t *fig_number(const struct fig_def *d, long v)
{
    return d->hundredths ? json_real((double)v / 100.0) : json_integer(v);
}

static json_t *fig_value(const struct fig_def *d, const struct metrics_tally *t)
{
    if (d->measure == FIG_SUM)
        return fig_number(d, t->num);
    return t->den ? json_real((double)t->num / (double)t->den) : json_null();
}

static json_t *fig_met(const struct fig_def *d, const struct metrics_tally *t)
{
    int met = metrics_met(t, d->target);
    return met < 0 ? json_null() : json_boolean(met);
}

/* numerator, denominator, value, share and met of t into o. */
static void fig_numbers(const struct fig_def *d, const struct metrics_tally *t,
                        json_t *o)
{
    json_object_set_new(o, "numerator", fig_number(d, t->num));
    json_object_set_new(o, "denominator", fig_number(d, t->den));
    json_object_set_new(o, "value", fig_value(d, t));
    json_object_set_new(
        o, "share", d->measure == FIG_SHARE ? fig_value(d, t) : json_null());
    json_object_set_new(o, "met", fig_met(d, t));
}

static json_t *fig_date_json(struct date d)
{
    if (!metrics_dated(d))
        return json_null();
    char s[DATE_STR_MAX];
    date_format(d, s);
    return json_string(s);
}

/* ---- sums ---- */

#define FIG_GROUPS_MAX 256

struct fig_sum {
    struct fig_sink sink;
    struct metrics_tally all;
    int ngroups;
    struct fig_key keys[FIG_GROUPS_MAX];
    struct metrics_tally groups[FIG_GROUPS_MAX];
    enum fig_group by;
};

static void fig_tally(struct metrics_tally *t, const struct fig_rec *r)
{
    if (r->c.verdict == METRICS_HIT)
        t->num += r->num;
    if (r->c.verdict == METRICS_HIT || r->c.verdict == METRICS_MISS)
        t->den += r->den;
}

static int fig_same_group(const struct fig_key *a, const struct fig_key *b,
                          enum fig_group by)
{
    switch (by) {
    case FIG_BY_SPECIALTY:
        return a->specialty_id == b->specialty_id;
    case FIG_BY_MARKET:
        return a->specialty_id == b->specialty_id &&
               a->provider_kind == b->provider_kind;
    case FIG_BY_REASON:
    case FIG_BY_OUTCOME:
        return a->reason == b->reason;
    default:
        return 1;
    }
}

static void fig_sum_add(struct fig_sink *s, const struct fig_rec *r)
{
    struct fig_sum *sum = (struct fig_sum *)s;
    fig_tally(&sum->all, r);
    /* Groups of what is counted only: a specialty whose units train no
     * one that year has no share to show. */
    if (sum->by == FIG_NO_GROUPS ||
        (r->c.verdict != METRICS_HIT && r->c.verdict != METRICS_MISS))
        return;
    int by_reason = sum->by == FIG_BY_REASON || sum->by == FIG_BY_OUTCOME;
    if (by_reason && r->key.reason < 0)
        return;
    if (!by_reason && r->key.specialty_id == 0)
        return;
    int g = 0;
    while (g < sum->ngroups && !fig_same_group(&sum->keys[g], &r->key, sum->by))
        g++;
    if (g == sum->ngroups) {
        if (g == FIG_GROUPS_MAX)
            return;
        sum->keys[g] = r->key;
        sum->ngroups++;
    }
    /* An outcome's group counts every offer that ended so (issue 14). */
    struct fig_rec one = *r;
    if (sum->by == FIG_BY_OUTCOME)
        one.c.verdict = METRICS_HIT;
    fig_tally(&sum->groups[g], &one);
}

static void fig_sum_run(struct fig_ctx *c, const struct fig_def *d,
                        const struct metrics_window *w, struct fig_sum *sum)
{
    memset(sum, 0, sizeof(*sum));
    sum->sink.add = fig_sum_add;
    sum->by = d->group;
    d->walk(c, w, &sum->sink);
}

static json_t *fig_groups_json(const struct fig_ctx *c, const struct fig_def *d,
                               const struct fig_sum *sum)
{
    json_t *out = json_array();
    for (int g = 0; g < sum->ngroups; g++) {
        const struct fig_key *k = &sum->keys[g];
        json_t *o = json_object();
        struct metrics_tally t = sum->groups[g];
        if (d->group == FIG_BY_REASON) {
            /* A reason's share of every booking counted. */
            json_object_set_new(
                o, "reason",
                json_string(vocab_name(&vocab_cancel_reason, k->reason)));
            t.den = sum->all.den;
        } else if (d->group == FIG_BY_OUTCOME) {
            /* An outcome's share of every offer made (issue 14). */
            json_object_set_new(
                o, "outcome",
                json_string(vocab_name(&vocab_offer_status, k->reason)));
            t.den = sum->all.den;
        } else {
            json_object_set_new(
                o, "specialty",
                api_specialty_ref(&c->f->units[k->unit].specialty));
        }
        if (d->group == FIG_BY_MARKET)
            json_object_set_new(o, "provider_kind",
                                json_string(vocab_name(&vocab_provider_kind,
                                                       k->provider_kind)));
        fig_numbers(d, &t, o);
        json_array_append_new(out, o);
    }
    return out;
}

/* ---- the arguments both routes take ---- */

struct fig_args {
    int64_t region_id, unit_id;
    char region_name[STORE_NAME_MAX], unit_name[STORE_NAME_MAX];
    int year;
    struct date today; /* today, or the "on" argument */
    const char *on;
    struct metrics_window w[FIG_YEARS]; /* oldest first */
};

/*
 * Reads region (required), unit (one of its units), year (default: this
 * year) and on (the day seen from; default today): 400 for a malformed
 * one, 404 for a region or unit the caller's scope does not reach.
 */
static int fig_args_read(struct api_call *call, const struct http_request *req,
                         struct fig_args *a, struct err_info *ei)
{
    memset(a, 0, sizeof(*a));
    a->today = date_from_days((long)(store_now(call->store) / 86400));
    int rc = api_arg_id(req, "region", &a->region_id, ei);
    if (rc == 0 && !a->region_id)
        rc = err_set(ei, ERR_SYNTAX, "region",
                     "region: the region whose figures (and unit= for one "
                     "of its units)");
    if (rc == 0)
        rc = api_arg_id(req, "unit", &a->unit_id, ei);
    if (rc == 0)
        rc = api_arg_date(req, "on", &a->on, ei);
    if (rc == 0 && a->on)
        date_parse(a->on, &a->today);
    a->year = a->today.year;
    if (rc == 0)
        rc = api_arg_int(req, "year", 1905, 2198, &a->year, ei);
    if (rc == 0 && a->year > a->today.year)
        rc = err_set(ei, ERR_SYNTAX, "year",
                     "year: %d is after %d, which has no figures yet", a->year,
                     a->today.year);
    if (rc)
        return rc;
    /* A unit's figures need the unit in scope, a region's the region. */
    if (a->unit_id ? !api_scope_sees(call, "unit", a->unit_id)
                   : !api_scope_sees(call, "region", a->region_id))
        return a->unit_id
                   ? err_set(ei, ERR_NOTFOUND, "unit",
                             "unit %lld does not exist", (long long)a->unit_id)
                   : err_set(ei, ERR_NOTFOUND, "region",
                             "region %lld does not exist",
                             (long long)a->region_id);
    struct unit u;
    if (a->unit_id) {
        rc = store_unit_get(call->store, a->unit_id, &u, ei);
        if (rc == 0 && u.region_id != a->region_id)
            rc = err_set(ei, ERR_NOTFOUND, "unit",
                         "unit %lld is not in region %lld",
                         (long long)a->unit_id, (long long)a->region_id);
        if (rc == 0)
            snprintf(a->unit_name, sizeof(a->unit_name), "%s", u.name);
    }
    struct region r;
    if (rc == 0 &&
        (rc = store_region_get(call->store, a->region_id, &r, ei)) == 0)
        snprintf(a->region_name, sizeof(a->region_name), "%s", r.name);
    for (int i = 0; rc == 0 && i < FIG_YEARS; i++)
        metrics_window(a->year - (FIG_YEARS - 1) + i, a->today, &a->w[i]);
    return rc;
}

/* The query a figure's records are read with. */
static void fig_query(const struct fig_args *a, char *out, size_t size)
{
    int n = snprintf(out, size, "region=%lld", (long long)a->region_id);
    if (a->unit_id)
        n += snprintf(out + n, size - (size_t)n, "&unit=%lld",
                      (long long)a->unit_id);
    n += snprintf(out + n, size - (size_t)n, "&year=%d", a->year);
    if (a->on)
        snprintf(out + n, size - (size_t)n, "&on=%s", a->on);
}

static json_t *fig_scope_json(const struct fig_args *a)
{
    return json_pack(
        "{s:{s:I, s:s}, s:o, s:i, s:o, s:o}", "region", "id",
        (json_int_t)a->region_id, "name", a->region_name, "unit",
        a->unit_id ? json_pack("{s:I, s:s}", "id", (json_int_t)a->unit_id,
                               "name", a->unit_name)
                   : json_null(),
        "year", a->year, "from", fig_date_json(a->w[FIG_YEARS - 1].from),
        "as_of", fig_date_json(a->w[FIG_YEARS - 1].as_of));
}

/* Reads the facts of a's region or unit over its five years. */
static int fig_facts(struct api_call *call, const struct fig_args *a,
                     struct figure_facts *f, struct err_info *ei)
{
    return store_figure_facts(call->store, a->region_id, a->unit_id,
                              a->w[0].wfrom, a->w[FIG_YEARS - 1].wto, f, ei);
}

/* GET /figures?region=&unit=&year=&on= */
API_HANDLER(api_figures)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct fig_args a;
    struct figure_facts f;
    if (fig_args_read(call, req, &a, &ei) != 0 ||
        fig_facts(call, &a, &f, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    struct fig_ctx c;
    fig_ctx_init(&c, &f);
    struct fig_sum *sum = xcalloc(1, sizeof(*sum));
    char query[160];
    fig_query(&a, query, sizeof(query));
    json_t *figures = json_array();
    for (size_t i = 0; i < FIG_COUNT; i++) {
        const struct fig_def *d = &fig_defs[i];
        json_t *years = json_array();
        json_t *o = json_pack(
            "{s:s, s:o, s:s, s:s, s:s, s:s, s:o}", "id", d->id, "number",
            d->number ? json_integer(d->number) : json_null(), "title",
            d->title, "title_sv", d->title_sv, "measure",
            d->measure == FIG_SHARE  ? "share"
            : d->measure == FIG_MEAN ? "mean"
                                     : "sum",
            "unit_of_measure",
            d->hundredths ? "seat_weeks"
            : strcmp(d->id, "waiting_days") == 0 ||
                    strcmp(d->id, "freed_rebooked_days") == 0
                ? "days"
            : d->measure == FIG_SUM ? "weeks"
                                    : "count",
            "target",
            d->target < 0 ? json_null() : json_real(d->target / 100.0));
        for (int y = 0; y < FIG_YEARS; y++) {
            fig_sum_run(&c, d, &a.w[y], sum);
            json_t *yr = json_pack("{s:i, s:o}", "year", a.w[y].year, "as_of",
                                   fig_date_json(a.w[y].as_of));
            fig_numbers(d, &sum->all, yr);
            json_array_append_new(years, yr);
        }
        /* The year asked for is the last one walked. */
        fig_numbers(d, &sum->all, o);
        json_object_set_new(o, "years", years);
        json_object_set_new(o, "groups", fig_groups_json(&c, d, sum));
        char href[256];
        snprintf(href, sizeof(href), "/api/v1/figures/records?figure=%s&%s",
                 d->id, query);
        json_object_set_new(o, "records", json_string(href));
        json_array_append_new(figures, o);
    }
    free(sum);
    fig_ctx_release(&c);
    store_figure_facts_free(&f);
    json_t *out = fig_scope_json(&a);
    json_object_set_new(out, "figures", figures);
    http_json(res, 200, out);
}

/* ---- the records behind a figure ---- */

struct fig_records {
    struct fig_sink sink;
    const struct fig_ctx *c;
    const struct fig_def *d;
    int counted; /* -1 all, 1 only counted, 0 only not counted */
    struct api_page *pg;
    struct metrics_tally all;
};

static void fig_record_add(struct fig_sink *s, const struct fig_rec *r)
{
    struct fig_records *rs = (struct fig_records *)s;
    int counted = r->c.verdict == METRICS_HIT || r->c.verdict == METRICS_MISS;
    fig_tally(&rs->all, r);
    if (rs->counted >= 0 && counted != rs->counted)
        return;
    struct api_page *pg = rs->pg;
    int64_t at = pg->total++;
    if (at < pg->offset || at >= (int64_t)pg->offset + pg->limit)
        return;
    int u = fig_unit(rs->c, r->unit_id);
    json_t *o = json_pack(
        "{s:s, s:I, s:s, s:o, s:b, s:b, s:o, s:o, s:s, s:o}", "kind", r->kind,
        "id", (json_int_t)r->id, "name", r->name, "unit",
        u >= 0
            ? json_pack("{s:I, s:s}", "id", (json_int_t)rs->c->f->units[u].id,
                        "name", rs->c->f->units[u].name)
            : json_null(),
        "counted", counted, "in_numerator", r->c.verdict == METRICS_HIT,
        "numerator",
        fig_number(rs->d, r->c.verdict == METRICS_HIT ? r->num : 0),
        "denominator", fig_number(rs->d, counted ? r->den : 0), "reason",
        metrics_reason_name(r->c.reason), "date", fig_date_json(r->on));
    json_object_set_new(o, "trainee_id",
                        r->trainee_id ? json_integer(r->trainee_id)
                                      : json_null());
    if (rs->d->group == FIG_BY_REASON && r->key.reason >= 0)
        json_object_set_new(
            o, "cancel_reason",
            json_string(vocab_name(&vocab_cancel_reason, r->key.reason)));
    if (rs->d->group == FIG_BY_OUTCOME && r->key.reason >= 0)
        json_object_set_new(
            o, "offer_status",
            json_string(vocab_name(&vocab_offer_status, r->key.reason)));
    json_array_append_new(pg->items, o);
}

/* GET /figures/records?figure=&region=&unit=&year=&on=&counted= */
API_HANDLER(api_figure_records)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct fig_args a;
    struct api_page pg = {API_LIMIT_DEFAULT, 0, 0, NULL, NULL};
    int counted = -1;
    const char *id = http_arg(req, "figure");
    const struct fig_def *d = fig_def_find(id);
    int rc = d ? 0
               : err_set(&ei, ERR_SYNTAX, "figure", "figure: %s",
                         id ? "no such figure" : "which figure");
    if (rc == 0)
        rc = fig_args_read(call, req, &a, &ei);
    if (rc == 0)
        rc = api_arg_page(req, &pg.limit, &pg.offset, &ei);
    if (rc == 0)
        rc = api_arg_flag(req, "counted", &counted, &ei);
    struct figure_facts f;
    if (rc == 0)
        rc = fig_facts(call, &a, &f, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    struct fig_ctx c;
    fig_ctx_init(&c, &f);
    pg.items = json_array();
    struct fig_records rs = {{fig_record_add}, &c, d, counted, &pg, {0, 0}};
    d->walk(&c, &a.w[FIG_YEARS - 1], &rs.sink);
    fig_ctx_release(&c);
    store_figure_facts_free(&f);
    json_t *o = api_list(pg.items, pg.total, pg.limit, pg.offset);
    json_t *scope = fig_scope_json(&a);
    json_object_update(o, scope);
    json_decref(scope);
    json_object_set_new(o, "figure", json_string(d->id));
    fig_numbers(d, &rs.all, o);
    http_json(res, 200, o);
}
