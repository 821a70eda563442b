/*
 * Forms of rotation in the store (issue 18, migration 016): a unit's
 * placement rules, capacity as gaffel groups, tandem seats and ST-clinic
 * seats, and the groups trainees are booked into. The rules themselves
 * are domain/form.h's; booking enforces them (request.c).
 */
#ifndef RANDA_STORE_FORMS_H
#define RANDA_STORE_FORMS_H

#include "domain/form.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

struct booking;
struct unit;

/* A unit's placement rules; 0 in a field is no rule. */
struct unit_rule {
    int64_t unit_id;
    int min_weeks, max_weeks; /* calendar weeks of a placement, 1..208 */
    int max_trainees;         /* at the unit at once, 1..1000 */
};

/* Unit unit_id's rules into *out (all 0 when it has none). */
int store_unit_rule_get(struct store *s, int64_t unit_id, struct unit_rule *out,
                        struct err_info *ei);

/*
 * Sets a unit's rules (all 0 removes them) and audits the change, in one
 * transaction. A training node's max_trainees above 3 or lengths outside
 * 4..13 weeks are refused, naming the field; min above max names
 * "min_weeks"; no such unit is ERR_NOTFOUND naming "id".
 */
int store_unit_rule_set(struct store *s, const struct unit_rule *r,
                        struct err_info *ei);

#define STORE_FORM_NOTE_MAX 201

/* Capacity in a form over weeks [from_week, to_week). */
struct rotation_form {
    int64_t id, unit_id;
    enum form_kind kind;
    int from_week, to_week;
    int groups; /* groups at once, 1..100 */
    int size;   /* trainees a group holds */
    int needed; /* trainees a group needs before any is confirmed */
    char note[STORE_FORM_NOTE_MAX];
};

/* Inserts f (f->id set) after form_check_group() and the field ranges,
 * and audits it. */
int store_form_insert(struct store *s, struct rotation_form *f,
                      struct err_info *ei);
int store_form_get(struct store *s, int64_t id, struct rotation_form *out,
                   struct err_info *ei);

/* Deletes form id; ERR_CONFLICT naming "id" while bookings hold places in
 * its groups. */
int store_form_delete(struct store *s, int64_t id, struct err_info *ei);

/* Which forms a list selects; 0 or STORE_NONE is no filter. */
struct form_filter {
    int64_t region_id, unit_id, specialty_id;
    int from_week, to_week; /* forms overlapping [from, to) */
};

/* Calls each for the page of forms f selects, by unit and first week;
 * *total gets the count of all of them. */
int store_form_list(struct store *s, const struct form_filter *f, int limit,
                    int offset,
                    int (*each)(const struct rotation_form *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

/* A live group of a form (one with a booking holding a place). */
struct form_group_row {
    int64_t id;
    int start_week, end_week;
    enum pattern pattern;
    int members;   /* bookings requested or confirmed, or completed */
    int confirmed; /* of them confirmed or completed */
};

/* Calls each for form_id's live groups, by start week. */
int store_form_groups(struct store *s, int64_t form_id,
                      int (*each)(const struct form_group_row *, void *),
                      void *arg, struct err_info *ei);

/*
 * Requests a place as store_booking_request() does (bookings.h), in a
 * group of form form_id when it is not 0: the booking joins the group with
 * its exact weeks and pattern that has a free place, or opens a new group
 * when one of the form's groups is free in every week of it. Its seats are
 * the form's, not the unit's capacity periods.
 */
int store_booking_request_form(struct store *s, struct booking *b,
                               int64_t form_id, struct err_info *ei);

/* ---- for the booking workflow (store/request.c), inside its write ---- */

/*
 * Checks booking b at unit u against the unit's rules, a training node's
 * limits and the alternate-weeks rule: ERR_INVAL naming "pattern" or
 * "weeks", ERR_CONFLICT naming "start_week" when the unit has its most
 * trainees at once in some week.
 */
int store__form_check_rules(struct store *s, const struct booking *b,
                            const struct unit *u, struct err_info *ei);

/*
 * Finds the group of form form_id that booking b (not inserted yet) joins,
 * opening one if none of its weeks has a free place: *group_id gets it.
 * ERR_INVAL naming "form_id" for a form of another unit or weeks outside
 * the form's, ERR_CONFLICT naming "form_id" when every group is full.
 */
int store__form_place(struct store *s, const struct booking *b, int64_t form_id,
                      int64_t *group_id, struct err_info *ei);

/* Puts booking_id into group_id. */
int store__form_join(struct store *s, int64_t booking_id, int64_t group_id,
                     struct err_info *ei);

/*
 * Checks that booking id may be confirmed: one in a group with fewer
 * bookings than its form needs at once is ERR_CONFLICT naming "status".
 */
int store__form_confirm_check(struct store *s, int64_t id, struct err_info *ei);

#endif
