/* The rules of the yearly figures and the quality reviews (metrics.h). */
#include "domain/metrics.h"

#include "domain/booking.h"
#include "domain/reoffer.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const review_kind_names[] = {"stins", "spur"};
const struct vocab vocab_review_kind = {"review kind", review_kind_names,
                                        REVIEW_KIND_COUNT};

static const char *const review_result_names[] = {"approved", "remarks",
                                                  "not_approved"};
const struct vocab vocab_review_result = {"review result", review_result_names,
                                          REVIEW_RESULT_COUNT};

static const char *const program_kind_names[] = {"at", "bt", "st"};
const struct vocab vocab_program_kind = {"program", program_kind_names,
                                         PROGRAM_KIND_COUNT};

int metrics_dated(struct date d)
{
    return d.year != 0;
}

static long metrics_days(struct date d)
{
    return date_to_days(d);
}

/* a on or before b (both dated). */
static int metrics_le(struct date a, struct date b)
{
    return metrics_days(a) <= metrics_days(b);
}

/* ---- reviews ---- */

int review_months(enum review_kind k)
{
    return k == REVIEW_SPUR ? REVIEW_SPUR_MONTHS : REVIEW_STINS_MONTHS;
}

struct date review_due(struct date last, struct date training_since,
                       enum review_kind k)
{
    return date_add_months(metrics_dated(last) ? last : training_since,
                           review_months(k));
}

int review_report_is_pdf(const void *data, unsigned long n)
{
    return n >= 5 && memcmp(data, "%PDF-", 5) == 0;
}

/* ---- doctors ---- */

int metrics_in_region(struct date left, struct date returned, struct date day)
{
    if (!metrics_dated(left) || !metrics_le(left, day))
        return 1;
    return metrics_dated(returned) && metrics_le(returned, day);
}

/* ---- the window ---- */

int metrics_window(int year, struct date today, struct metrics_window *out)
{
    memset(out, 0, sizeof(*out));
    if (year < 1901 || year > 2198 || year > today.year)
        return -1;
    out->year = year;
    out->from = (struct date){year, 1, 1};
    out->as_of = (struct date){year, 12, 31};
    if (year == today.year) {
        out->as_of = today;
        out->current = 1;
    }
    week_from_iso(year, 1, &out->wfrom);
    week_from_iso(year + 1, 1, &out->wto);
    int last = week_from_date(out->as_of) + 1;
    if (last < out->wto)
        out->wto = last;
    return 0;
}

void metrics_summer(const struct metrics_window *w, int *from, int *to)
{
    week_from_iso(w->year, 26, from);
    week_from_iso(w->year, 33, to);
    if (*to > w->wto)
        *to = w->wto;
}

/* ---- reasons ---- */

const char *metrics_reason_name(enum metrics_reason r)
{
    static const char *const names[METRICS_REASON_COUNT] = {
        "none",
        "in_region",
        "returned",
        "left",
        "pending",
        "completed",
        "left_early",
        "came_back",
        "signed",
        "unsigned",
        "trained",
        "untrained",
        "reviewed",
        "due",
        "no_trainees",
        "short_notice",
        "notice",
        "waited",
        "after_start",
        "cancelled",
        "not_cancelled",
        "behind",
        "on_plan",
        "used",
        "saved",
        /* issue 14 */
        "reused",
        "not_reused",
        "rebooked",
        "not_rebooked",
        "accepted",
        "declined",
        "expired",
        "gone",
        "withdrawn",
        "waiting",
    };
    return (unsigned)r < METRICS_REASON_COUNT ? names[r] : NULL;
}

static struct metrics_count metrics_count(enum metrics_verdict v,
                                          enum metrics_reason r)
{
    struct metrics_count c = {v, r};
    return c;
}

static int metrics_in_year(struct date d, const struct metrics_window *w)
{
    return metrics_dated(d) && metrics_le(w->from, d) &&
           metrics_le(d, w->as_of);
}

/* ---- figures 1 to 7 ---- */

struct metrics_count metrics_retention(struct date completed, struct date left,
                                       struct date returned, int months,
                                       const struct metrics_window *w,
                                       struct date *day)
{
    struct date at = METRICS_NO_DATE;
    if (metrics_dated(completed))
        at = date_add_months(completed, months);
    if (day)
        *day = at;
    if (!metrics_dated(at) || at.year != w->year)
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (!metrics_le(at, w->as_of))
        return metrics_count(METRICS_OUT, METRICS_R_PENDING);
    if (!metrics_in_region(left, returned, at))
        return metrics_count(METRICS_MISS, METRICS_R_LEFT);
    return metrics_count(METRICS_HIT,
                         metrics_dated(left) && metrics_le(left, at)
                             ? METRICS_R_RETURNED
                             : METRICS_R_IN_REGION);
}

struct metrics_count metrics_completion(struct date completed, struct date left,
                                        struct date returned,
                                        const struct metrics_window *w)
{
    if (metrics_dated(completed))
        return metrics_in_year(completed, w)
                   ? metrics_count(METRICS_HIT, METRICS_R_COMPLETED)
                   : metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (!metrics_in_year(left, w))
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (metrics_dated(returned))
        return metrics_count(METRICS_OUT, METRICS_R_CAME_BACK);
    return metrics_count(METRICS_MISS, METRICS_R_LEFT_EARLY);
}

int metrics_in_training(struct date start, struct date end,
                        const struct metrics_window *w)
{
    return metrics_dated(start) && metrics_le(start, w->as_of) &&
           (!metrics_dated(end) || metrics_le(w->from, end));
}

struct metrics_count metrics_contract(struct date start, struct date end,
                                      struct date signed_on,
                                      const struct metrics_window *w)
{
    if (!metrics_in_training(start, end, w))
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (metrics_dated(signed_on) && metrics_le(signed_on, w->as_of))
        return metrics_count(METRICS_HIT, METRICS_R_SIGNED);
    return metrics_count(METRICS_MISS, METRICS_R_UNSIGNED);
}

struct metrics_count metrics_supervisor(int supervises, struct date trained_on,
                                        const struct metrics_window *w)
{
    if (!supervises)
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (metrics_dated(trained_on) && metrics_le(trained_on, w->as_of))
        return metrics_count(METRICS_HIT, METRICS_R_TRAINED);
    return metrics_count(METRICS_MISS, METRICS_R_UNTRAINED);
}

struct metrics_count metrics_review(int trains, const struct date *reviews,
                                    int n, int months,
                                    const struct metrics_window *w,
                                    struct date *last)
{
    struct date latest = METRICS_NO_DATE;
    for (int i = 0; i < n; i++)
        if (metrics_dated(reviews[i]) && metrics_le(reviews[i], w->as_of) &&
            (!metrics_dated(latest) || metrics_le(latest, reviews[i])))
            latest = reviews[i];
    if (last)
        *last = latest;
    if (!trains)
        return metrics_count(METRICS_OUT, METRICS_R_NO_TRAINEES);
    if (metrics_dated(latest) &&
        metrics_le(w->as_of, date_add_months(latest, months)))
        return metrics_count(METRICS_HIT, METRICS_R_REVIEWED);
    return metrics_count(METRICS_MISS, METRICS_R_DUE);
}

/* ---- the place market ---- */

long metrics_offered(int from, int to, int seats, int wfrom, int wto)
{
    int lo = from > wfrom ? from : wfrom, hi = to < wto ? to : wto;
    return hi > lo && seats > 0 ? 100L * seats * (hi - lo) : 0;
}

long metrics_used(enum pattern p, int start, int end, int wfrom, int wto)
{
    long sum = 0;
    int lo = start > wfrom ? start : wfrom, hi = end < wto ? end : wto;
    for (int wk = lo; wk < hi; wk++)
        sum += pattern_occupancy(p, wk - start);
    return sum;
}

struct metrics_count metrics_short_notice(struct date made, int start_week,
                                          const struct metrics_window *w)
{
    if (!metrics_in_year(made, w))
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (booking_short_notice(made, start_week, 3))
        return metrics_count(METRICS_HIT, METRICS_R_SHORT_NOTICE);
    return metrics_count(METRICS_MISS, METRICS_R_NOTICE);
}

struct metrics_count metrics_waiting(struct date made, int start_week,
                                     int placed, const struct metrics_window *w,
                                     long *days)
{
    *days = 0;
    if (!placed || !metrics_in_year(made, w))
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    long d = metrics_days(week_monday(start_week)) - metrics_days(made);
    if (d < 0)
        return metrics_count(METRICS_OUT, METRICS_R_AFTER_START);
    *days = d;
    return metrics_count(METRICS_HIT, METRICS_R_WAITED);
}

struct metrics_count metrics_cancellation(int start_week,
                                          enum booking_status st,
                                          const struct metrics_window *w)
{
    if (start_week < w->wfrom || start_week >= w->wto || st == BOOKING_DECLINED)
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (st == BOOKING_CANCELLED)
        return metrics_count(METRICS_HIT, METRICS_R_CANCELLED);
    return metrics_count(METRICS_MISS, METRICS_R_NOT_CANCELLED);
}

struct metrics_count metrics_behind(int active, struct date planned_end,
                                    struct date projected,
                                    const struct metrics_window *w)
{
    if (!w->current || !active)
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (metrics_days(projected) > metrics_days(planned_end))
        return metrics_count(METRICS_HIT, METRICS_R_BEHIND);
    return metrics_count(METRICS_MISS, METRICS_R_ON_PLAN);
}

struct metrics_count metrics_substitute(struct date agreed_on,
                                        const struct metrics_window *w)
{
    if (!metrics_in_year(agreed_on, w))
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    return metrics_count(METRICS_HIT, METRICS_R_SAVED);
}

/* ---- sums ---- */

void metrics_add(struct metrics_tally *t, struct metrics_count c, long n)
{
    if (c.verdict == METRICS_HIT)
        t->num += n;
    if (c.verdict == METRICS_HIT || c.verdict == METRICS_MISS)
        t->den += n;
}

int metrics_met(const struct metrics_tally *t, int target_percent)
{
    if (target_percent < 0 || t->den <= 0)
        return -1;
    return t->num * 100 >= (long)target_percent * t->den;
}

/* ---- the re-offer of freed places (issue 14) ---- */

/* A freed place's hundredths in week wk: freed_occupancy(). */
static long metrics_freed_in(const struct metrics_freed *f, int wk)
{
    return wk >= f->from && wk < f->to
               ? freed_occupancy(f->pattern, f->seats, f->origin, wk)
               : 0;
}

/* Hundredths booked at unit in week wk by bookings made on or after
 * day, and the day the first of them that occupies it was made. */
static long metrics_booked_since(const struct metrics_booked *b, size_t nb,
                                 int64_t unit, int wk, struct date day,
                                 struct date *first)
{
    long sum = 0;
    for (size_t k = 0; k < nb; k++) {
        const struct metrics_booked *y = &b[k];
        if (y->unit_id != unit || wk < y->start || wk >= y->end ||
            !metrics_le(day, y->made))
            continue;
        int occ = pattern_occupancy(y->pattern, wk - y->start);
        sum += occ;
        if (occ > 0 && (!metrics_dated(*first) ||
                        metrics_days(y->made) < metrics_days(*first)))
            *first = y->made;
    }
    return sum;
}

void metrics_reuse(struct metrics_freed *f, size_t nf,
                   const struct metrics_booked *b, size_t nb)
{
    /* got[i][wk - from]: what place i took of week wk, for the later
     * places of its unit. */
    long **got = xcalloc(nf + 1, sizeof(*got));
    for (size_t i = 0; i < nf; i++) {
        struct metrics_freed *x = &f[i];
        int n = x->to > x->from ? x->to - x->from : 0;
        got[i] = xcalloc((size_t)n + 1, sizeof(long));
        x->freed = x->reused = 0;
        x->booked = METRICS_NO_DATE;
        for (int wk = x->from; wk < x->to; wk++) {
            long want = metrics_freed_in(x, wk);
            if (want <= 0)
                continue;
            x->freed += want;
            struct date first = METRICS_NO_DATE;
            long have =
                metrics_booked_since(b, nb, x->unit_id, wk, x->on, &first);
            for (size_t j = 0; j < i; j++)
                if (f[j].unit_id == x->unit_id && wk >= f[j].from &&
                    wk < f[j].to)
                    have -= got[j][wk - f[j].from];
            long take = have < 0 ? 0 : have > want ? want : have;
            got[i][wk - x->from] = take;
            x->reused += take;
            if (take > 0 && metrics_dated(first) &&
                (!metrics_dated(x->booked) ||
                 metrics_days(first) < metrics_days(x->booked)))
                x->booked = first;
        }
    }
    for (size_t i = 0; i < nf; i++)
        free(got[i]);
    free(got);
}

struct metrics_count metrics_freed_reuse(const struct metrics_freed *f,
                                         const struct metrics_window *w)
{
    if (!metrics_in_year(f->on, w) || f->freed <= 0)
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    return f->reused > 0 ? metrics_count(METRICS_HIT, METRICS_R_REUSED)
                         : metrics_count(METRICS_MISS, METRICS_R_NOT_REUSED);
}

struct metrics_count metrics_rebooked(const struct metrics_freed *f,
                                      const struct metrics_window *w,
                                      long *days)
{
    *days = 0;
    if (!metrics_in_year(f->on, w) || f->freed <= 0)
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    if (!metrics_dated(f->booked))
        return metrics_count(METRICS_OUT, METRICS_R_NOT_REBOOKED);
    *days = metrics_days(f->booked) - metrics_days(f->on);
    return metrics_count(METRICS_HIT, METRICS_R_REBOOKED);
}

struct metrics_count metrics_offer(struct date offered_on, int status,
                                   const struct metrics_window *w)
{
    static const enum metrics_reason reasons[] = {
        METRICS_R_WAITING, METRICS_R_ACCEPTED, METRICS_R_DECLINED,
        METRICS_R_EXPIRED, METRICS_R_GONE,     METRICS_R_WITHDRAWN,
    };
    if (!metrics_in_year(offered_on, w) || status < 0 ||
        (size_t)status >= sizeof(reasons) / sizeof(*reasons))
        return metrics_count(METRICS_SKIP, METRICS_R_NONE);
    return metrics_count(status == OFFER_ACCEPTED ? METRICS_HIT : METRICS_MISS,
                         reasons[status]);
}
