/*
 * The yearly figures of a region (../shared/seeds/004_78535177efd85ec7.txt
 * §5) and of its place market, and the quality reviews of its units
 * (§2.6), with no I/O: the window of a year, the rule by which each record
 * counts in a figure, and shares against targets. The store reads the
 * facts; the API sums what these rules say of each record. Nothing here is
 * stored: the same facts give the same figures.
 *
 * A figure of year Y is seen as of the year's last day, or today while Y
 * is the current year (the window's as_of). Shares count people and units,
 * not employment: a part-time trainee counts once, as a full-time one.
 * Dates of year 0 are "none" (METRICS_NO_DATE).
 *
 * The rules, one per figure (docs/figures.md has the table):
 *   st_retention, at_retention (1, 2): a doctor who completed ST (AT) is in
 *     the cohort of the year in which the fifth (first) anniversary of the
 *     completion falls, and counts when in the region on that day: never
 *     left, left later, or left and came back by then. An anniversary after
 *     as_of is pending (listed, not counted).
 *   st_completion (3): an ST ends in the year it is completed (counts) or
 *     in the year the trainee left without completing and never came back
 *     (does not count). One who left and came back is still in training.
 *   supervisor_training (4): every huvudhandledare of a trainee in training
 *     in the year; counts when trained on or before as_of.
 *   st_contract (5): every trainee in training in the year; counts when the
 *     contract was signed on or before as_of.
 *   stins_3y, stins_2y, spur_5y (6, 7): every unit that is the home unit of
 *     a trainee in training in the year; counts when its latest review of
 *     the kind on or before as_of is not yet due again (3, 2, 5 years).
 *   utilisation, summer_utilisation: seat-weeks confirmed or completed over
 *     seat-weeks offered, in the year's ISO weeks up to as_of's (summer:
 *     weeks 26-32), in hundredths of a seat.
 *   short_notice: requests made in the year that start less than three
 *     months later.
 *   waiting_days: days from request to start of the requests made in the
 *     year that got their place (registered after the start: not counted).
 *   cancellations: bookings starting in the year up to as_of's week,
 *     declined ones aside, that were cancelled.
 *   behind_plan: trainees in training today whose projected completion is
 *     after their planned end (only for the current year: the plan's past
 *     is not kept).
 *   substitute_weeks: the weeks of rotation saved by substitutes agreed in
 *     the year.
 */
#ifndef RANDA_DOMAIN_METRICS_H
#define RANDA_DOMAIN_METRICS_H

#include "domain/pattern.h"
#include "domain/vocab.h"
#include "domain/week.h"

#include <stddef.h>
#include <stdint.h>

#define METRICS_NO_DATE ((struct date){0, 0, 0})

/* 1 when d is a date, 0 for METRICS_NO_DATE. */
int metrics_dated(struct date d);

/* ---- quality reviews of a unit (004 §2.6) ---- */

enum review_kind {
    REVIEW_STINS, /* the unit's self-assessment (STINS) */
    REVIEW_SPUR,  /* the external review (SPUR) */
    REVIEW_KIND_COUNT
};
/* "stins", "spur". */
extern const struct vocab vocab_review_kind;

enum review_result {
    REVIEW_APPROVED,     /* meets the requirements */
    REVIEW_REMARKS,      /* meets them with remarks to act on */
    REVIEW_NOT_APPROVED, /* does not meet them */
    REVIEW_RESULT_COUNT
};
/* "approved", "remarks", "not_approved". */
extern const struct vocab vocab_review_result;

/* How often a review of the kind is due: STINS at least every 24 months,
 * SPUR at least every 60. */
#define REVIEW_STINS_MONTHS 24
#define REVIEW_SPUR_MONTHS  60
int review_months(enum review_kind k);

/*
 * The day the next review of kind k is due at a unit: the interval after
 * its latest review, or, with none recorded, after the start of the
 * earliest of its trainees in training (since when it trains ST-läkare).
 */
struct date review_due(struct date last, struct date training_since,
                       enum review_kind k);

/* The largest report file kept with a review, and whether data of n bytes
 * is one of the kinds allowed, by its first bytes: PDF ("%PDF-") only. */
#define REVIEW_REPORT_MAX (5 * 1024 * 1024)
int review_report_is_pdf(const void *data, unsigned long n);

/* ---- AT, BT and ST doctors ---- */

enum program_kind { PROGRAM_AT, PROGRAM_BT, PROGRAM_ST, PROGRAM_KIND_COUNT };
/* "at", "bt", "st". */
extern const struct vocab vocab_program_kind;

/* 1 when a doctor who left the region on left (none: never) and came back
 * on returned (none: not) is in the region on day. */
int metrics_in_region(struct date left, struct date returned, struct date day);

/* ---- the window of a year ---- */

struct metrics_window {
    int year;
    struct date from;  /* 1 January */
    struct date as_of; /* 31 December, or today in the current year */
    int current;       /* as_of is today */
    int wfrom, wto;    /* the year's ISO weeks up to as_of's: [wfrom, wto) */
};

/* The window of year seen on today: 0, or -1 for a year after today's or
 * outside 1901..2198. */
int metrics_window(int year, struct date today, struct metrics_window *out);

/* The summer weeks of the window's ISO year, 26 to 32, cut at as_of's
 * week: [*from, *to), empty when *to <= *from. */
void metrics_summer(const struct metrics_window *w, int *from, int *to);

/* ---- how a record counts ---- */

enum metrics_verdict {
    METRICS_SKIP, /* nothing to do with the figure: not listed */
    METRICS_OUT,  /* listed among its records, not counted (see reason) */
    METRICS_MISS, /* counted in the denominator only */
    METRICS_HIT,  /* counted in the numerator and the denominator */
};

enum metrics_reason {
    METRICS_R_NONE,
    METRICS_R_IN_REGION,     /* in the region on the day */
    METRICS_R_RETURNED,      /* left, and back by the day */
    METRICS_R_LEFT,          /* left, and not back by the day */
    METRICS_R_PENDING,       /* the day is after as_of */
    METRICS_R_COMPLETED,     /* completed in the year */
    METRICS_R_LEFT_EARLY,    /* left without completing, never back */
    METRICS_R_CAME_BACK,     /* left without completing, came back */
    METRICS_R_SIGNED,        /* contract signed by as_of */
    METRICS_R_UNSIGNED,      /* no contract signed by as_of */
    METRICS_R_TRAINED,       /* supervisor training by as_of */
    METRICS_R_UNTRAINED,     /* no supervisor training by as_of */
    METRICS_R_REVIEWED,      /* a review of the kind not yet due again */
    METRICS_R_DUE,           /* the latest review is due again, or none */
    METRICS_R_NO_TRAINEES,   /* a unit with no ST-läkare in the year */
    METRICS_R_SHORT_NOTICE,  /* starts less than three months on */
    METRICS_R_NOTICE,        /* three months' notice or more */
    METRICS_R_WAITED,        /* got its place; days from request to start */
    METRICS_R_AFTER_START,   /* registered after its start */
    METRICS_R_CANCELLED,     /* cancelled */
    METRICS_R_NOT_CANCELLED, /* not cancelled */
    METRICS_R_BEHIND,        /* projected completion after planned end */
    METRICS_R_ON_PLAN,       /* projected completion on the planned end */
    METRICS_R_USED,          /* seat-weeks offered and used */
    METRICS_R_SAVED,         /* weeks saved by a substitute */
    /* The re-offer of freed places (issue 14): */
    METRICS_R_REUSED,       /* freed seat-weeks booked again */
    METRICS_R_NOT_REUSED,   /* freed seat-weeks not booked again */
    METRICS_R_REBOOKED,     /* freed, then booked again after days */
    METRICS_R_NOT_REBOOKED, /* freed, not booked again (yet) */
    METRICS_R_ACCEPTED,     /* an offer accepted */
    METRICS_R_DECLINED,     /* an offer declined */
    METRICS_R_EXPIRED,      /* an offer not answered by its deadline */
    METRICS_R_GONE,         /* an offer whose place went to another */
    METRICS_R_WITHDRAWN,    /* an offer taken back */
    METRICS_R_WAITING,      /* an offer waiting for its answer */
    METRICS_REASON_COUNT
};
/* The reason's name in the API ("left_early"). */
const char *metrics_reason_name(enum metrics_reason r);

struct metrics_count {
    enum metrics_verdict verdict;
    enum metrics_reason reason;
};

/* Figures 1 and 2: a doctor who completed on completed (none: has not),
 * counted months after it (60 for ST, 12 for AT). *day (may be NULL) gets
 * the anniversary. */
struct metrics_count metrics_retention(struct date completed, struct date left,
                                       struct date returned, int months,
                                       const struct metrics_window *w,
                                       struct date *day);

/* Figure 3: an ST completed on completed, whose trainee left on left and
 * came back on returned (none: not). */
struct metrics_count metrics_completion(struct date completed, struct date left,
                                        struct date returned,
                                        const struct metrics_window *w);

/* 1 when a training from start to end (the planned end) overlaps the
 * window: started on or before as_of and not ended before 1 January. */
int metrics_in_training(struct date start, struct date end,
                        const struct metrics_window *w);

/* Figure 5: a trainee in training from start to end with a contract
 * signed on signed_on (none: no contract). SKIP when not in training. */
struct metrics_count metrics_contract(struct date start, struct date end,
                                      struct date signed_on,
                                      const struct metrics_window *w);

/* Figure 4: a huvudhandledare (of supervises trainees in training in the
 * year: SKIP when 0) trained on trained_on (none: not trained). */
struct metrics_count metrics_supervisor(int supervises, struct date trained_on,
                                        const struct metrics_window *w);

/*
 * Figures 6 and 7: a unit that is the home unit of trains trainees in
 * training in the year (0: OUT, no ST-läkare), with the dates of its
 * reviews of one kind (n of them, any order): counts when the latest on or
 * before as_of is due again (months after it) on or after as_of. *last
 * (may be NULL) gets that review's date, or none.
 */
struct metrics_count metrics_review(int trains, const struct date *reviews,
                                    int n, int months,
                                    const struct metrics_window *w,
                                    struct date *last);

/*
 * Seat-weeks in hundredths of a seat within weeks [wfrom, wto): offered by
 * a capacity period of seats over [from, to), and used by a placement with
 * pattern p over [start, end).
 */
long metrics_offered(int from, int to, int seats, int wfrom, int wto);
long metrics_used(enum pattern p, int start, int end, int wfrom, int wto);

/* A request made on made for a placement from start_week: short_notice
 * counts it when made in the year; waiting when it got its place
 * (placed), with *days from request to start. */
struct metrics_count metrics_short_notice(struct date made, int start_week,
                                          const struct metrics_window *w);
struct metrics_count metrics_waiting(struct date made, int start_week,
                                     int placed, const struct metrics_window *w,
                                     long *days);

/* A booking starting in start_week with status st: counted when it starts
 * in the window's weeks and was not declined. */
struct metrics_count metrics_cancellation(int start_week,
                                          enum booking_status st,
                                          const struct metrics_window *w);

/* A trainee in training (active: not completed, not left) with a planned
 * end and a projected completion: only in the current year's window. */
struct metrics_count metrics_behind(int active, struct date planned_end,
                                    struct date projected,
                                    const struct metrics_window *w);

/* A substitute agreed on agreed_on. */
struct metrics_count metrics_substitute(struct date agreed_on,
                                        const struct metrics_window *w);

/* ---- the re-offer of freed places (issue 14) ---- */

/*
 * A freed place (store/reoffer.h) and what became of its seat-weeks:
 * filled in by metrics_reuse() from the bookings made since.
 */
struct metrics_freed {
    int64_t unit_id;
    struct date on; /* the day it was freed */
    int from, to, origin;
    enum pattern pattern;
    int seats;
    long freed;         /* its seat-weeks, in hundredths of a seat */
    long reused;        /* those booked again */
    struct date booked; /* the day the first of them was booked again */
};

/* A booking that holds its seats (confirmed or completed), made on made. */
struct metrics_booked {
    int64_t unit_id;
    struct date made;
    int start, end;
    enum pattern pattern;
};

/*
 * Which freed seat-weeks were booked again: in each week of a freed place,
 * as many hundredths as bookings made on or after the day it was freed
 * occupy at its unit that week, at most what it freed, and not what an
 * earlier freed place (they are taken in the order of f, which must be by
 * day) took already. Sets freed, reused and booked of each of f.
 */
void metrics_reuse(struct metrics_freed *f, size_t nf,
                   const struct metrics_booked *b, size_t nb);

/* Share of freed seat-weeks re-used: a place freed in the year counts its
 * seat-weeks, re-used or not. */
struct metrics_count metrics_freed_reuse(const struct metrics_freed *f,
                                         const struct metrics_window *w);

/* Days from freed to booked again, of a place freed in the year: *days
 * when it was (listed, not counted, while it was not). */
struct metrics_count metrics_rebooked(const struct metrics_freed *f,
                                      const struct metrics_window *w,
                                      long *days);

/* An offer made on offered_on that ended (or waits) with status, one of
 * enum offer_status (domain/reoffer.h): counted when made in the year, in
 * the numerator when accepted. */
struct metrics_count metrics_offer(struct date offered_on, int status,
                                   const struct metrics_window *w);

/* ---- sums and targets ---- */

struct metrics_tally {
    long num, den;
};

/* Adds a record's count: a hit num and den by n, a miss den by n. */
void metrics_add(struct metrics_tally *t, struct metrics_count c, long n);

/*
 * Whether the share num/den meets target_percent (exact integer
 * arithmetic: num * 100 >= target * den): 1 or 0, or -1 when den is 0 or
 * there is no target (target_percent < 0).
 */
int metrics_met(const struct metrics_tally *t, int target_percent);

#endif
