/*
 * The rules of freed places and their offers (issue 14), with no I/O: what
 * a cancellation or added capacity frees week by week, which freed
 * seat-weeks are new, the life of an offer, and the vocabularies the
 * database and the API name them by. docs/reoffer.md tells the whole.
 */
#ifndef RANDA_DOMAIN_REOFFER_H
#define RANDA_DOMAIN_REOFFER_H

#include "domain/pattern.h"
#include "domain/vocab.h"

/* Why seat-weeks were freed. */
enum freed_cause {
    FREED_CANCELLED, /* a confirmed booking was cancelled */
    FREED_CAPACITY,  /* capacity was added or raised */
};
/* "cancelled", "capacity". */
extern const struct vocab vocab_freed_cause;

/* The life of an offer: open until one of the others. */
enum offer_status {
    OFFER_OPEN,
    OFFER_ACCEPTED,  /* the booking is made and confirmed */
    OFFER_DECLINED,  /* the trainee (or their studierektor) said no */
    OFFER_EXPIRED,   /* no answer by the deadline */
    OFFER_GONE,      /* the place went to another, or the need elsewhere */
    OFFER_WITHDRAWN, /* the receiving unit took it back */
};
/* "open", "accepted", "declined", "expired", "gone", "withdrawn". */
extern const struct vocab vocab_offer_status;

/* Freed seat-weeks are new in the place overview this many days. */
#define FREED_FRESH_DAYS 14
/* Answer deadlines: the default, and the range allowed, in hours. */
#define OFFER_HOURS_DEFAULT 48
#define OFFER_HOURS_MIN     1
#define OFFER_HOURS_MAX     720
/* Open offers Randa keeps at once for a place in automatic mode. */
#define OFFER_AUTO_MAX 5

/*
 * Hundredths of a seat that a freed place of seats x pattern, whose
 * occupancy counts from week origin, frees in week (0 before origin).
 */
int freed_occupancy(enum pattern p, int seats, int origin, int week);

/*
 * The weeks a confirmed booking over [start, end) frees when cancelled in
 * week now: those from now on, [*from, *to). 0 when none is left (it has
 * ended), else 1.
 */
int freed_booking_weeks(int start, int end, int now, int *from, int *to);

/*
 * The seats a capacity change frees, as runs of weeks with the same number
 * of seats added: the period was [old_from, old_to) with old_seats (old_to
 * <= old_from: there was none) and is [from, to) with seats. Calls
 * each(a, b, added, arg) for every maximal run [a, b) of weeks from now on
 * where the period offers more seats than before; a non-zero return stops
 * and is returned.
 */
int freed_capacity_runs(int old_from, int old_to, int old_seats, int from,
                        int to, int seats, int now,
                        int (*each)(int a, int b, int added, void *arg),
                        void *arg);

/*
 * Whether an offer with status st and deadline (a "YYYY-MM-DDTHH:MM:SSZ"
 * timestamp) still waits for an answer at time now (the same form): open
 * and now before the deadline.
 */
int offer_waiting(enum offer_status st, const char *deadline, const char *now);

#endif
