/*
 * The people: persons, supervisors, trainees, their leaves and their needs.
 * The conventions of inserts and gets are in store/store.h, those of lists
 * in store/ref.h.
 */
#ifndef RANDA_STORE_PEOPLE_H
#define RANDA_STORE_PEOPLE_H

#include "domain/vocab.h"
#include "store/ref.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

struct person {
    int64_t id;
    char name[STORE_NAME_MAX];
    char email[STORE_EMAIL_MAX];
    char hsa_id[STORE_HSA_MAX]; /* "" for none */
};

struct supervisor {
    int64_t id;
    int64_t person_id;
    int64_t unit_id;
    char trained_on[STORE_DATE_MAX];       /* "" for not yet */
    char specialist_since[STORE_DATE_MAX]; /* "" for unknown */
};

struct trainee {
    int64_t id;
    int64_t person_id;
    int64_t specialty_id;
    enum regulation regulation;
    int64_t home_unit_id;
    int64_t supervisor_id; /* 0 for none yet */
    char start_date[STORE_DATE_MAX];
    int fte; /* 1..100 */
    char planned_end[STORE_DATE_MAX];
    enum trainee_status status;
};

struct leave {
    int64_t id;
    int64_t trainee_id;
    char from_date[STORE_DATE_MAX];
    char to_date[STORE_DATE_MAX]; /* inclusive */
    enum leave_kind kind;
};

struct need {
    int64_t id;
    int64_t trainee_id;
    int64_t specialty_id; /* 0 when only units are named */
    int weeks;            /* full-time weeks, 1..104 */
    unsigned patterns;    /* PATTERN_BIT set, non-empty */
    int preferred_start;  /* week serial, or STORE_NONE */
    enum need_status status;
    int nunits; /* named units, when the need is not "any unit of it" */
    int64_t unit_ids[STORE_LIST_MAX];
    int ngoals; /* goals the rotation covers */
    int64_t goal_ids[STORE_LIST_MAX];
};

int store_person_insert(struct store *s, struct person *p, struct err_info *ei);
int store_person_get(struct store *s, int64_t id, struct person *out,
                     struct err_info *ei);

int store_supervisor_insert(struct store *s, struct supervisor *sv,
                            struct err_info *ei);
int store_supervisor_get(struct store *s, int64_t id, struct supervisor *out,
                         struct err_info *ei);

int store_trainee_insert(struct store *s, struct trainee *t,
                         struct err_info *ei);
int store_trainee_get(struct store *s, int64_t id, struct trainee *out,
                      struct err_info *ei);

int store_leave_insert(struct store *s, struct leave *l, struct err_info *ei);
int store_leave_get(struct store *s, int64_t id, struct leave *out,
                    struct err_info *ei);

int store_need_insert(struct store *s, struct need *n, struct err_info *ei);
int store_need_get(struct store *s, int64_t id, struct need *out,
                   struct err_info *ei);

/*
 * ---- Lists and updates of trainees, leaves and needs (people.c) ----
 */

/*
 * Lists follow the conventions of the section above (each, limit, offset,
 * total; 0, -1, NULL or "" in a filter mean "any"). Updates write every
 * field of the row named by its id, validated as on insert, and record
 * before and after in the audit log in the same transaction; deletes record
 * the row deleted. Writes that read before they write (updates, deletes, a
 * leave's overlap check) run in an immediate transaction when the caller has
 * none open, so what they read cannot change under them. A reference to a
 * missing row is ERR_NOTFOUND naming the field ("specialty_id"); a missing
 * row to update or delete is ERR_NOTFOUND with field "id".
 */

/* A trainee with the rows a list shows of it, read in one query. */
struct trainee_item {
    struct trainee trainee;
    struct person person;
    struct specialty specialty;
    char home_unit_name[STORE_NAME_MAX];
    int64_t home_area_id; /* 0 for none */
    int64_t home_region_id;
    int open_needs;      /* needs with status open */
    int open_need_weeks; /* their full-time weeks */
};

struct trainee_filter {
    int64_t specialty_id, home_unit_id;
    int64_t area_id, region_id; /* of the home unit */
    int status;                 /* enum trainee_status, or -1 */
    int regulation;             /* enum regulation, or -1 */
    const char *q;              /* in the person's name or e-mail */
    int64_t supervisor_id;      /* whose huvudhandledare this is */
};

/* Ordered by the person's name, then id. */
int store_trainee_list(struct store *s, const struct trainee_filter *f,
                       int limit, int offset,
                       int (*each)(const struct trainee_item *, void *),
                       void *arg, int64_t *total, struct err_info *ei);
int store_trainee_item_get(struct store *s, int64_t id,
                           struct trainee_item *out, struct err_info *ei);

/*
 * Creates person p and trainee t of it in one savepoint: both rows are
 * validated first, and a failed reference names its field (specialty_id,
 * home_unit_id, supervisor_id). Sets p->id, t->person_id and t->id.
 * ERR_CONFLICT names email or hsa_id when taken.
 */
int store_trainee_create(struct store *s, struct person *p, struct trainee *t,
                         struct err_info *ei);

/* Writes name, e-mail and HSA-id of person p->id. */
int store_person_update(struct store *s, const struct person *p,
                        struct err_info *ei);

/*
 * Writes trainee t->id and, when p is not NULL, its person (p->id must be
 * t->person_id) in one savepoint; each row that changed gets its audit row.
 * ERR_CONFLICT (specialty_id) if the person already trains in that
 * specialty. person_id itself cannot change.
 */
int store_trainee_update(struct store *s, const struct person *p,
                         const struct trainee *t, struct err_info *ei);

struct leave_filter {
    int64_t trainee_id;
    int kind; /* enum leave_kind, or -1 */
    /* Leaves with a day in [from_date, to_date] (inclusive); "": open. */
    char from_date[STORE_DATE_MAX];
    char to_date[STORE_DATE_MAX];
};

/* Ordered by trainee, then from_date. */
int store_leave_list(struct store *s, const struct leave_filter *f, int limit,
                     int offset, int (*each)(const struct leave *, void *),
                     void *arg, int64_t *total, struct err_info *ei);

/*
 * store_leave_insert() and store_leave_update() refuse a leave that shares a
 * day with another leave of the same trainee: ERR_CONFLICT, field from_date.
 */
int store_leave_update(struct store *s, const struct leave *l,
                       struct err_info *ei);
int store_leave_delete(struct store *s, int64_t id, struct err_info *ei);

/*
 * The requested and confirmed bookings of a trainee that share a week with
 * the days from_date..to_date (a leave's days): their ids, at most max of
 * them, in *n. A leave may overlap them; the caller warns.
 */
int store_leave_bookings(struct store *s, int64_t trainee_id,
                         const char *from_date, const char *to_date,
                         int64_t *ids, int max, int *n, struct err_info *ei);

/* A need with the names a list shows: its trainee's and its specialty's. */
struct need_item {
    struct need need;
    int64_t trainee_person_id;
    char trainee_name[STORE_NAME_MAX];
    struct specialty specialty; /* id 0 when the need names only units */
};

struct need_filter {
    int64_t trainee_id;
    /* Needs of this specialty, or naming a unit of it. */
    int64_t specialty_id;
    int64_t unit_id;            /* needs that name this unit */
    int64_t area_id, region_id; /* of the trainee's home unit */
    int status;                 /* enum need_status, or -1 */
};

/* Ordered by id; units and goals are read in two more queries a page. */
int store_need_list(struct store *s, const struct need_filter *f, int limit,
                    int offset, int (*each)(const struct need_item *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

/* Writes need n->id, its units and goals replaced by n's; trainee_id is
 * kept. */
int store_need_update(struct store *s, const struct need *n,
                      struct err_info *ei);

/*
 * Deletes need id. Refused with ERR_CONFLICT while a booking refers to it:
 * a requested or confirmed one must be cancelled first, and a past one
 * keeps the need on record (set its status to waived or done instead).
 */
int store_need_delete(struct store *s, int64_t id, struct err_info *ei);

/*
 * ---- Supervisors (handledare) and who they supervise (supervisors.c) ----
 */

/* A supervisor with the names a list shows and how much they supervise. */
struct supervisor_item {
    struct supervisor supervisor;
    struct person person;
    char unit_name[STORE_NAME_MAX];
    int trainees;  /* active trainees they are huvudhandledare of */
    int rotations; /* requested or confirmed bookings they supervise */
};

struct supervisor_filter {
    int64_t id; /* only this one (0: any) */
    int64_t unit_id;
    const char *q; /* in the name or e-mail */
    int untrained; /* 1: only those without handledarutbildning */
};

/* Ordered by name, then id; scoped to the units the scope reaches (a
 * supervisor is seen by whoever sees their unit or a trainee of theirs). */
int store_supervisor_list(struct store *s, const struct supervisor_filter *f,
                          int limit, int offset,
                          int (*each)(const struct supervisor_item *, void *),
                          void *arg, int64_t *total, struct err_info *ei);
int store_supervisor_item_get(struct store *s, int64_t id,
                              struct supervisor_item *out, struct err_info *ei);

/*
 * Makes supervisor sv at sv->unit_id of person p: of an existing person
 * when p->id is set, else of a new one (name, e-mail, HSA-id) in the same
 * transaction. ERR_CONFLICT (email or person_id) when taken.
 */
int store_supervisor_create(struct store *s, struct person *p,
                            struct supervisor *sv, struct err_info *ei);

/* Writes trained_on and specialist_since of supervisor sv->id. */
int store_supervisor_update(struct store *s, const struct supervisor *sv,
                            struct err_info *ei);

/* Appoints supervisor_id (0: none) huvudhandledare of trainee_id. */
int store_trainee_appoint(struct store *s, int64_t trainee_id,
                          int64_t supervisor_id, struct err_info *ei);

/*
 * Appoints supervisor_id (0: none) handledare of booking_id's rotation:
 * ERR_INVAL (supervisor_id) unless they supervise at the booking's unit.
 */
int store_booking_appoint(struct store *s, int64_t booking_id,
                          int64_t supervisor_id, struct err_info *ei);

#endif
