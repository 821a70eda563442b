/*
 * The re-offer of freed places (issue 14, migration 011): the seat-weeks
 * a cancelled confirmed booking or added capacity frees, the offers of such
 * a place to the trainees who need it most, their answers and deadlines,
 * and the watches of people who want to be told when a place frees.
 * docs/reoffer.md tells what counts as freed and how offers work.
 *
 * The ranking itself is the solver's (solver/reoffer.h): the planning
 * layer builds its problem (plan_problem_open() with a plan_scope naming
 * the freed unit) from the store's rows, and the store keeps what people
 * do with the ranking. Conventions of writes
 * as in store/people.h: each write is one transaction; lists follow
 * store/ref.h and keep only what the store's scope sees.
 */
#ifndef RANDA_STORE_REOFFER_H
#define RANDA_STORE_REOFFER_H

#include "domain/pattern.h"
#include "domain/reoffer.h"
#include "store/ref.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

/* ---- freed places (freed.c) ---- */

/*
 * Seat-weeks freed at a unit: in week w of [from_week, to_week) seats x
 * the occupancy of pattern in placement week w - origin_week
 * (freed_occupancy()). Recorded by the store itself, in the transaction of
 * the change that freed them: store_booking_set_status() cancelling a
 * confirmed booking, store_capacity_insert() and store_capacity_update()
 * adding seats. Only weeks from the week of the change on are freed.
 */
struct freed_place {
    int64_t id;
    int64_t unit_id;
    enum freed_cause cause;
    int64_t booking_id;  /* the cancelled booking, or 0 */
    int64_t capacity_id; /* the period that added seats, or 0 */
    int from_week, to_week, origin_week;
    enum pattern pattern;
    int seats;
    char freed_at[STORE_TIME_MAX];
    char freed_by[STORE_NAME_MAX];
    int auto_offers;  /* open offers Randa keeps (0: offers by hand only) */
    int answer_hours; /* the deadline of automatic offers */
    int accepted;     /* offers accepted so far */
    char closed_at[STORE_TIME_MAX]; /* "" while open: fewer accepted than
                                       seats */
};

/* A freed place with what a list shows of it. */
struct freed_item {
    struct freed_place f;
    char unit_name[STORE_NAME_MAX];
    int64_t region_id;
    struct specialty specialty; /* the unit's */
    int offers_open;            /* offers waiting for an answer */
    int offers;                 /* offers made, in any state */
    /* The form whose group the cancelled booking was in, or 0: the place
     * is one in that group, its exact weeks and pattern (docs/forms.md). */
    int64_t form_id;
};

struct freed_filter {
    int64_t unit_id, region_id, specialty_id; /* 0: any */
    int open;                   /* 1 only open, 0 only closed, -1 any */
    char since[STORE_TIME_MAX]; /* freed at or after, "" for any */
    int from_week, to_week;     /* overlapping [from, to); STORE_NONE */
};

/*
 * Whether the writes that follow on s record the seat-weeks they free (on
 * unless turned off). randa demo turns it off while it writes a region's
 * history: capacity that was there before Randa frees nothing anyone
 * waits for.
 */
void store_set_record_freed(struct store *s, int on);

int store_freed_get(struct store *s, int64_t id, struct freed_item *out,
                    struct err_info *ei);

/* Newest first (freed_at, then id). Freed places are no one's record:
 * every scope sees them, as it sees the place overview. */
int store_freed_list(struct store *s, const struct freed_filter *f, int limit,
                     int offset, int (*each)(const struct freed_item *, void *),
                     void *arg, int64_t *total, struct err_info *ei);

/*
 * Sets how place id is offered: auto_offers (0..OFFER_AUTO_MAX) open
 * offers kept by Randa to the top candidates, each answered within
 * answer_hours (OFFER_HOURS_MIN..MAX). ERR_CONFLICT (field auto_offers)
 * when the place is closed.
 */
int store_freed_set_auto(struct store *s, int64_t id, int auto_offers,
                         int answer_hours, struct err_info *ei);

/*
 * The open places in automatic mode that keep fewer open offers than they
 * ask for and have weeks left from week now on: their ids, at most max,
 * into ids and their number into *n.
 */
int store_freed_wanting(struct store *s, int now, int64_t *ids, int max, int *n,
                        struct err_info *ei);

/* ---- offers (offers.c) ---- */

struct offer {
    int64_t id;
    int64_t freed_id;
    int64_t need_id;
    int64_t trainee_id;       /* the need's */
    int64_t unit_id;          /* the freed place's */
    int start_week, end_week; /* end exclusive */
    enum pattern pattern;
    int weeks;     /* full-time weeks: the need's */
    int rank;      /* its place in the ranking when offered, from 1 */
    int64_t gain;  /* the score it saved then */
    int automatic; /* made by Randa in automatic mode */
    enum offer_status status;
    char offered_at[STORE_TIME_MAX];
    char offered_by[STORE_NAME_MAX];
    char deadline[STORE_TIME_MAX];
    char answered_at[STORE_TIME_MAX]; /* "" while open */
    char answered_by[STORE_NAME_MAX];
    int64_t booking_id; /* the booking an acceptance made, or 0 */
};

/* An offer with the names a list shows. */
struct offer_item {
    struct offer o;
    char trainee_name[STORE_NAME_MAX];
    int64_t home_unit_id;
    char unit_name[STORE_NAME_MAX];
    int64_t region_id;
    struct specialty specialty; /* the unit's */
};

struct offer_filter {
    int64_t freed_id, trainee_id, unit_id, need_id; /* 0: any */
    int status; /* enum offer_status, or -1 */
};

/*
 * Offers place o->freed_id to need o->need_id at o->start_week with
 * o->pattern (the placement the ranking proposed; o->rank, o->gain and
 * o->automatic as the caller ranked it), answered within answer_hours.
 * Sets trainee, unit, weeks, end, status open, offered_at and by, the
 * deadline and o->id. Refused: ERR_NOTFOUND (freed_id, need_id) for a
 * place or need that does not exist; ERR_CONFLICT when the place is
 * closed or its weeks have passed (freed_id), the need is not open or was
 * offered this place before (need_id); ERR_INVAL for a start outside the
 * freed weeks (start_week) or a deadline out of range (answer_hours).
 */
int store_offer_create(struct store *s, struct offer *o, int answer_hours,
                       struct err_info *ei);

int store_offer_get(struct store *s, int64_t id, struct offer_item *out,
                    struct err_info *ei);

/* Newest first; only offers whose trainee or unit the scope sees. An
 * open offer past its deadline is listed as expired. */
int store_offer_list(struct store *s, const struct offer_filter *f, int limit,
                     int offset, int (*each)(const struct offer_item *, void *),
                     void *arg, int64_t *total, struct err_info *ei);

/*
 * Accepts offer id in one transaction, so that of two acceptances of one
 * place exactly one wins: the offer must be open and before its deadline
 * and its place open; the booking is requested as store_booking_request()
 * does (every check of seats, the limit on trainees away, the trainee's
 * calendar) and confirmed, the need booked, the offer accepted with its
 * booking (*booking_id). The place counts the acceptance and closes when
 * as many are accepted as it has seats; then its other open offers are
 * gone, as are the other open offers of the same need anywhere. Refused
 * with ERR_CONFLICT naming why (status: declined, expired, gone, taken by
 * another acceptance; start_week: the booking's own checks).
 */
int store_offer_accept(struct store *s, int64_t id, int64_t *booking_id,
                       struct err_info *ei);

/* Declines (or, withdraw, takes back) open offer id: ERR_CONFLICT when it
 * is answered already or past its deadline. */
int store_offer_decline(struct store *s, int64_t id, struct err_info *ei);
int store_offer_withdraw(struct store *s, int64_t id, struct err_info *ei);

/*
 * Marks every open offer past its deadline (by the store's clock) expired,
 * and the open offers whose need is no longer open gone. The places whose
 * offers so ended go into freed_ids (at most max; their number in *n), for
 * automatic mode to move on.
 */
int store_offer_expire(struct store *s, int64_t *freed_ids, int max, int *n,
                       struct err_info *ei);

/* ---- watches (offers.c) ---- */

struct place_watch {
    int64_t id;
    int64_t user_id;
    int64_t specialty_id, unit_id, goal_id; /* 0: any; at least one set */
    int from_week, to_week;                 /* [from, to) */
    char created_at[STORE_TIME_MAX];
    int hits;                      /* places that matched it */
    char last_hit[STORE_TIME_MAX]; /* "" for none yet */
    int64_t last_freed_id;         /* the latest of them, or 0 */
};

/* Inserts watch w for w->user_id (at least one of specialty, unit, goal;
 * ERR_INVAL naming the field otherwise); sets its id and created_at. */
int store_watch_insert(struct store *s, struct place_watch *w,
                       struct err_info *ei);
/* Watch id of user_id (another user's is ERR_NOTFOUND, as none). */
int store_watch_get(struct store *s, int64_t user_id, int64_t id,
                    struct place_watch *out, struct err_info *ei);
/* Writes what w->id watches, validated as on insert. */
int store_watch_update(struct store *s, const struct place_watch *w,
                       struct err_info *ei);
int store_watch_delete(struct store *s, int64_t user_id, int64_t id,
                       struct err_info *ei);
/* user_id's watches, newest first. */
int store_watch_list(struct store *s, int64_t user_id, int limit, int offset,
                     int (*each)(const struct place_watch *, void *), void *arg,
                     int64_t *total, struct err_info *ei);

#endif
