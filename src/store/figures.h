/*
 * What the yearly figures of a region are computed from (issue 13): the
 * quality reviews of its units (004 §2.6) with their reports, its AT, BT
 * and ST doctors with what became of them, and one read of every fact a
 * figure needs. The figures are computed by domain/metrics.h, never
 * stored. Conventions of writes as in store/people.h: each write is one
 * transaction with its audit rows; lists keep only what the store's scope
 * sees.
 */
#ifndef RANDA_STORE_FIGURES_H
#define RANDA_STORE_FIGURES_H

#include "domain/metrics.h"
#include "domain/pattern.h"
#include "domain/training.h"
#include "domain/vocab.h"
#include "store/edu.h"
#include "store/people.h"
#include "store/types.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

#define STORE_REVIEW_NOTE_MAX 2001
#define STORE_SHA256_MAX      65

/* ---- quality reviews of units ---- */

struct review {
    int64_t id;
    int64_t unit_id;
    enum review_kind kind;
    char reviewed_on[STORE_DATE_MAX];
    enum review_result result;
    char reviewer[STORE_NAME_MAX]; /* who reviewed (SPUR's inspectors), or "" */
    char note[STORE_REVIEW_NOTE_MAX];
    struct edu_by recorded_by;
    char recorded_at[STORE_TIME_MAX];
    /* The report file: report_size 0 when there is none. */
    int64_t report_size;
    char report_type[32];
    char report_sha256[STORE_SHA256_MAX];
    char report_at[STORE_TIME_MAX];
};

struct review_item {
    struct review review;
    char unit_name[STORE_NAME_MAX];
    int64_t region_id;
};

struct review_filter {
    int64_t unit_id, region_id; /* 0: any */
    int kind;                   /* enum review_kind, or -1 */
};

/*
 * Records review r (unit, kind, reviewed_on, result, reviewer, note,
 * recorded_by); the store stamps recorded_at and sets r->id. A review is
 * recorded after it took place: reviewed_on after today is ERR_INVAL.
 */
int store_review_insert(struct store *s, struct review *r, struct err_info *ei);
int store_review_get(struct store *s, int64_t id, struct review_item *out,
                     struct err_info *ei);
/* Newest review first (reviewed_on, then id). */
int store_review_list(struct store *s, const struct review_filter *f, int limit,
                      int offset,
                      int (*each)(const struct review_item *, void *),
                      void *arg, int64_t *total, struct err_info *ei);
/* Deletes a review with its report. */
int store_review_delete(struct store *s, int64_t id, struct err_info *ei);

/*
 * Keeps data (n bytes) as review id's report, replacing any it had:
 * ERR_TOOBIG beyond REVIEW_REPORT_MAX, ERR_INVAL (field "report") when it
 * is not a PDF by its first bytes, or empty.
 */
int store_review_report_set(struct store *s, int64_t id, const void *data,
                            size_t n, struct err_info *ei);
/*
 * Review id's report into *data (malloc'd, the caller frees) of *n bytes,
 * with the review in *out; ERR_NOTFOUND (field "report") when it has none.
 */
int store_review_report_get(struct store *s, int64_t id, void **data, size_t *n,
                            struct review_item *out, struct err_info *ei);

/* A unit that trains ST-läkare now, for the reviews due (GET /todo). */
struct review_due_facts {
    int64_t unit_id;
    char unit_name[STORE_NAME_MAX];
    int64_t region_id;
    char since[STORE_DATE_MAX]; /* start of its earliest active trainee */
    char last[REVIEW_KIND_COUNT][STORE_DATE_MAX]; /* latest of each, or "" */
};

/* Every unit the store's scope sees that is the home unit of an active or
 * on-leave trainee, by name; only unit_id's when it is not 0. */
int store_review_due_facts(struct store *s, int64_t unit_id,
                           int (*each)(const struct review_due_facts *, void *),
                           void *arg, struct err_info *ei);

/* ---- AT, BT and ST doctors ---- */

struct program {
    int64_t id;
    enum program_kind program;
    int64_t person_id;
    int64_t trainee_id;   /* an ST's trainee record, or 0 */
    int64_t unit_id;      /* the home unit */
    int64_t specialty_id; /* an ST's, else 0 */
    char start_date[STORE_DATE_MAX];
    char completed_on[STORE_DATE_MAX]; /* "" while not completed */
    char left_on[STORE_DATE_MAX];      /* "" unless they left the region */
    char returned_on[STORE_DATE_MAX];  /* "" unless they came back */
};

struct program_item {
    struct program program;
    struct person person;
    char unit_name[STORE_NAME_MAX];
    int64_t region_id;
    struct specialty specialty; /* id 0 for AT and BT */
};

struct program_filter {
    int64_t id, unit_id, region_id, trainee_id; /* 0: any */
    int program;                                /* enum program_kind, or -1 */
    const char *q; /* in the person's name or e-mail, or NULL */
};

/*
 * Records program pr of person p: p->id names an existing person, or p is
 * a new one (name, e-mail, HSA-id). An ST that names its trainee_id takes
 * the person, home unit, specialty and start the trainee record has for
 * what pr leaves 0 or "" (and p then names no one). Sets p->id and pr->id.
 */
int store_program_create(struct store *s, struct person *p, struct program *pr,
                         struct err_info *ei);
int store_program_get(struct store *s, int64_t id, struct program *out,
                      struct err_info *ei);
/* By the person's name, then id. */
int store_program_list(struct store *s, const struct program_filter *f,
                       int limit, int offset,
                       int (*each)(const struct program_item *, void *),
                       void *arg, int64_t *total, struct err_info *ei);
/* Writes pr->id's unit, start and what became of the doctor (completed,
 * left, returned); program, person, trainee and specialty stay. */
int store_program_update(struct store *s, const struct program *pr,
                         struct err_info *ei);
int store_program_delete(struct store *s, int64_t id, struct err_info *ei);

/* ---- the facts of the figures ---- */

struct fact_unit {
    int64_t id;
    char name[STORE_NAME_MAX];
    struct specialty specialty;
    enum provider_kind provider_kind;
};

struct fact_program {
    int64_t id;
    enum program_kind program;
    char name[STORE_NAME_MAX];
    int64_t unit_id;
    int64_t trainee_id;                           /* its trainee record, or 0 */
    struct date start, completed, left, returned; /* year 0: none */
};

struct fact_trainee {
    int64_t id;
    char name[STORE_NAME_MAX];
    int64_t unit_id; /* the home unit */
    enum regulation regulation;
    enum trainee_status status;
    int fte;
    struct date start, planned_end, contract;
    int64_t supervisor_id;   /* 0 for none */
    int last_end;            /* the last held booking's end week, STORE_NONE */
    int open_weeks;          /* full-time weeks of open needs */
    int leave_from, nleaves; /* its leaves in facts->leaves */
};

struct fact_supervisor {
    int64_t id;
    char name[STORE_NAME_MAX];
    int64_t unit_id;
    struct date trained_on;
};

struct fact_review {
    int64_t unit_id;
    enum review_kind kind;
    struct date on;
};

struct fact_capacity {
    int64_t unit_id;
    int from_week, to_week, seats;
};

struct fact_booking {
    int64_t id;
    int64_t trainee_id;
    char trainee[STORE_NAME_MAX];
    int64_t unit_id; /* the receiving unit */
    int start_week, end_week;
    enum pattern pattern;
    enum booking_status status;
    enum cancel_reason reason;
    struct date made;
};

struct fact_substitute {
    int64_t id;
    int64_t trainee_id;
    char trainee[STORE_NAME_MAX];
    int64_t unit_id; /* the trainee's home unit */
    int weeks_saved;
    struct date agreed;
};

/* A freed place (issue 14), for the place market's figures. */
struct fact_freed {
    int64_t id;
    int64_t unit_id;
    struct date on; /* the day it was freed */
    int from_week, to_week, origin_week;
    enum pattern pattern;
    int seats;
};

/* An offer of a freed place (issue 14). */
struct fact_offer {
    int64_t id;
    int64_t unit_id; /* the freed place's */
    int64_t trainee_id;
    char trainee[STORE_NAME_MAX];
    int status;     /* enum offer_status */
    struct date on; /* the day it was made */
};

/* The facts of a region (region_id) or of one unit (unit_id), each list
 * ordered by name (bookings by start, reviews by unit and date). */
struct figure_facts {
    struct fact_unit *units;
    struct fact_program *programs;
    struct fact_trainee *trainees;
    struct training_leave *leaves; /* of the trainees, by trainee */
    struct fact_supervisor *supervisors;
    struct fact_review *reviews;
    struct fact_capacity *capacity;
    struct fact_booking *bookings;
    struct fact_substitute *substitutes;
    size_t nunits, nprograms, ntrainees, nleaves, nsupervisors, nreviews,
        ncapacity, nbookings, nsubstitutes;
    /* Issue 14: the places freed and the offers made in the window, by
     * day. */
    struct fact_freed *freed;
    struct fact_offer *offers;
    size_t nfreed, noffers;
};

/*
 * Reads the facts of region_id, or of unit_id when it is not 0, into *out
 * in one consistent read; capacity and bookings only where they touch
 * weeks [wfrom, wto). Reads whatever the store's scope is: the caller has
 * checked that the caller's scope reaches the region or unit. Frees with
 * store_figure_facts_free().
 *
 * For a unit: its doctors and trainees (home unit), their supervisors and
 * substitutes, its reviews, and the capacity and bookings at it as a
 * receiving unit, with the places freed there and their offers. Bookings
 * are those touching the weeks or made since wfrom's Monday, places
 * freed and offers made since then.
 */
int store_figure_facts(struct store *s, int64_t region_id, int64_t unit_id,
                       int wfrom, int wto, struct figure_facts *out,
                       struct err_info *ei);
void store_figure_facts_free(struct figure_facts *f);

#endif
