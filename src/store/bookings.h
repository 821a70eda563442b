/*
 * The bookings: placements of trainees at units, the booking workflow that
 * requests them, and the audit log of writes. The conventions of inserts,
 * gets and lists are in store/store.h and store/ref.h.
 */
#ifndef RANDA_STORE_BOOKINGS_H
#define RANDA_STORE_BOOKINGS_H

#include "domain/pattern.h"
#include "domain/vocab.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

struct booking {
    int64_t id;
    int64_t trainee_id;
    int64_t need_id; /* 0 for none */
    int64_t unit_id;
    int start_week;
    int end_week; /* exclusive; computed by the store on insert */
    enum pattern pattern;
    int weeks; /* full-time weeks, 1..104 */
    enum booking_status status;
    enum cancel_reason cancel_reason; /* CANCEL_NONE unless cancelled */
    char created_at[STORE_TIME_MAX];  /* set by the store */
    char updated_at[STORE_TIME_MAX];  /* set by the store */
    int64_t supervisor_id;            /* the handledare at the unit, or 0 */
};

struct audit {
    int64_t id;
    char at[STORE_TIME_MAX]; /* set by the store */
    char actor[STORE_NAME_MAX];
    char entity[STORE_CODE_MAX];
    int64_t entity_id;
    char action[8];    /* "insert", "update", "delete" */
    char *before_json; /* NULL or a string the audit row owns */
    char *after_json;
};

/*
 * Inserts a booking. end_week is computed from the weeks, the pattern and the
 * trainee's fte; created_at and updated_at are set to now. The insert is
 * recorded in the audit log.
 */
int store_booking_insert(struct store *s, struct booking *b,
                         struct err_info *ei);
int store_booking_get(struct store *s, int64_t id, struct booking *out,
                      struct err_info *ei);

/*
 * Moves booking id to status (with reason when cancelling, else CANCEL_NONE)
 * and records before and after in the audit log.
 */
int store_booking_set_status(struct store *s, int64_t id,
                             enum booking_status status,
                             enum cancel_reason reason, struct err_info *ei);

/* Appends an audit row; at is set to now. The row's JSON is copied. */
int store_audit_insert(struct store *s, struct audit *a, struct err_info *ei);

/* Reads audit row id; the caller frees with store_audit_release(). */
int store_audit_get(struct store *s, int64_t id, struct audit *out,
                    struct err_info *ei);
void store_audit_release(struct audit *a);

/*
 * ---- Places and the booking workflow (booking.c) ----
 */

/* A booking with the names a list shows beside it. */
struct booking_view {
    struct booking b;
    char trainee_name[STORE_NAME_MAX];
    char unit_name[STORE_NAME_MAX];
    int64_t specialty_id; /* the unit's */
    char specialty_sv[STORE_NAME_MAX];
    char specialty_en[STORE_NAME_MAX];
};

struct booking_filter {
    int64_t trainee_id;
    int64_t unit_id;
    int64_t need_id;
    int64_t specialty_id;
    int status;             /* enum booking_status, or -1 */
    int from_week, to_week; /* overlapping [from, to); STORE_NONE: open */
    int soonest_first;      /* 1: earliest start first; 0: latest first */
};

/* Lists bookings matching f in start order; *total ignores paging. */
int store_booking_list(struct store *s, const struct booking_filter *f,
                       int limit, int offset,
                       int (*each)(const struct booking_view *v, void *arg),
                       void *arg, int64_t *total, struct err_info *ei);
int store_booking_view(struct store *s, int64_t id, struct booking_view *out,
                       struct err_info *ei);

/*
 * Requests a place for need b->need_id at unit b->unit_id from
 * b->start_week with b->pattern, for b->weeks full-time weeks (0: the
 * need's). In one immediate transaction it checks that the need is open and
 * the unit offers it, that the unit has a seat accepting the pattern every
 * week, that the trainee's home unit stays within its limit on trainees
 * away, and that the trainee has no other booking or leave in those weeks;
 * then writes the booking as requested and marks the need booked. Errors
 * name the field: ERR_INVAL (422) for a request that can never be right,
 * ERR_CONFLICT (409) for one that clashes with what is booked now.
 */
int store_booking_request(struct store *s, struct booking *b,
                          struct err_info *ei);

#endif
