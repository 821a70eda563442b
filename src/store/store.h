/*
 * The data API: Randa's entities in and out of the database, with no SQL
 * visible to callers.
 *
 * The store is opened on a file (SQLite today; a PostgreSQL implementation
 * goes behind this same header). Opening applies any pending migrations in
 * one transaction. Every write function is atomic on its own: it runs in a
 * savepoint, so a failure leaves nothing half-written. Callers that make
 * several writes as one unit wrap them in store_begin() / store_commit().
 *
 * Rows are plain structs with fixed-size text fields. Ids are assigned by
 * the store on insert and written back into the struct; an id of 0 means
 * "none" for optional references. Optional numbers hold STORE_NONE when
 * absent. Dates are "YYYY-MM-DD", weeks are serials (domain/week.h).
 *
 * Errors: ERR_INVAL (a field is out of range; ei names it), ERR_NOTFOUND
 * (no row with that id, or a reference to a missing row), ERR_CONFLICT (a
 * unique value already taken), ERR_DB (anything else from the database).
 * A struct store is used by one thread at a time.
 */
#ifndef RANDA_STORE_STORE_H
#define RANDA_STORE_STORE_H

#include "domain/pattern.h"
#include "domain/policy.h"
#include "domain/vocab.h"
#include "util/err.h"

#include <stdint.h>

struct store;

#define STORE_NONE INT32_MIN /* an absent optional number */

/* Text field sizes in bytes, including the NUL. */
#define STORE_CODE_MAX  65
#define STORE_NAME_MAX  201
#define STORE_TITLE_MAX 301
#define STORE_EMAIL_MAX 255
#define STORE_HSA_MAX   32
#define STORE_ORGNR_MAX 12
#define STORE_DATE_MAX  11
#define STORE_TIME_MAX  21
#define STORE_NOTE_MAX  201

/* How many goals or units a single row may list. */
#define STORE_LIST_MAX 64

struct region {
    int64_t id;
    char code[STORE_CODE_MAX];
    char name[STORE_NAME_MAX];
};

struct provider {
    int64_t id;
    char name[STORE_NAME_MAX];
    char org_nr[STORE_ORGNR_MAX]; /* "NNNNNN-NNNN" */
    enum provider_kind kind;
};

struct site {
    int64_t id;
    int64_t region_id;
    char name[STORE_NAME_MAX];
    char city[STORE_NAME_MAX];
};

struct area {
    int64_t id;
    int64_t region_id;
    char name[STORE_NAME_MAX];
};

struct specialty {
    int64_t id;
    char code[STORE_CODE_MAX]; /* "obstetrik-och-gynekologi" */
    char name_sv[STORE_NAME_MAX];
    char name_en[STORE_NAME_MAX];
    enum specialty_kind kind;
    int64_t parent_id; /* 0 for none; required for a gren */
};

struct goal {
    int64_t id;
    enum regulation regulation;
    int64_t specialty_id; /* 0 for a goal common to all specialties */
    char code[STORE_CODE_MAX];
    char title[STORE_TITLE_MAX];
};

struct unit {
    int64_t id;
    int64_t region_id;
    int64_t provider_id;
    int64_t site_id; /* 0 for none */
    int64_t area_id; /* 0 for none */
    int64_t specialty_id;
    char name[STORE_NAME_MAX];
    char hsa_id[STORE_HSA_MAX];
    enum unit_kind kind;
    int takes_trainees; /* 0 or 1 */
    int max_away;       /* seats; STORE_NONE for no limit */
    int ngoals;         /* goals a rotation here can cover */
    int64_t goal_ids[STORE_LIST_MAX];
};

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

struct capacity {
    int64_t id;
    int64_t unit_id;
    int from_week; /* serial, inclusive */
    int to_week;   /* serial, exclusive */
    int seats;     /* 0..1000 */
    unsigned patterns;
    char note[STORE_NOTE_MAX]; /* "sommar", "" */
};

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

/* The entities store_count() can count. */
enum store_entity {
    STORE_REGION,
    STORE_PROVIDER,
    STORE_SITE,
    STORE_AREA,
    STORE_SPECIALTY,
    STORE_GOAL,
    STORE_UNIT,
    STORE_PERSON,
    STORE_SUPERVISOR,
    STORE_TRAINEE,
    STORE_LEAVE,
    STORE_NEED,
    STORE_CAPACITY,
    STORE_BOOKING,
    STORE_AUDIT,
    STORE_ENTITY_COUNT
};

/* The table name of an entity ("trainee"). */
const char *store_entity_name(enum store_entity e);

/* Flags of store_open(). */
#define STORE_CREATE 1u /* create the file if it does not exist */
#define STORE_NEW                                                              \
    2u /* the file (or PostgreSQL schema) must not exist yet (ERR_EXISTS) */
#define STORE_READONLY 4u /* no writes; must be at this schema version */
#define STORE_NO_MIGRATE                                                       \
    8u /* must be at this schema version; migrate nothing */

/*
 * Opens the database at target: a file path (":memory:" for a private
 * in-memory one) for SQLite, with WAL and foreign keys on, or a libpq
 * connection URI ("postgresql://host/db", the password from ~/.pgpass or
 * PGPASSFILE) for PostgreSQL. Applies pending migrations in one
 * transaction unless told not to, and refuses a database whose schema is
 * newer than the binary. On success *out holds a store the caller closes
 * with store_close().
 */
int store_open(const char *target, unsigned flags, struct store **out,
               struct err_info *ei);

/* Closes the store and frees it; NULL is a no-op. */
void store_close(struct store *s);

/* 1 when target names a PostgreSQL database rather than a file. */
int store_is_url(const char *target);

/* "sqlite" or "postgresql". */
const char *store_backend_name(const struct store *s);

/*
 * Copies the whole database, consistent as of one moment, to path while
 * others go on writing: SQLite's online backup into a new file, or a
 * pg_dump archive for PostgreSQL. path must not exist yet.
 */
int store_backup(struct store *s, const char *path, struct err_info *ei);

/* The highest migration applied, and the number the binary carries. */
int store_schema_version(struct store *s, int *version);
int store_migration_count(void);

/* Names who makes the following writes, for the audit log ("randa demo"). */
void store_set_actor(struct store *s, const char *actor);

/*
 * Fixes the clock the store stamps rows with (seconds since 1970, UTC), so
 * that generated data is reproducible; 0 returns to the real clock.
 */
void store_set_now(struct store *s, int64_t unix_seconds);

/*
 * Groups writes into one transaction. Between store_begin() and
 * store_commit() a failed write undoes only itself; store_rollback() undoes
 * everything since store_begin(). Transactions do not nest.
 */
int store_begin(struct store *s, struct err_info *ei);
int store_commit(struct store *s, struct err_info *ei);
void store_rollback(struct store *s);

/* Counts the rows of an entity. */
int store_count(struct store *s, enum store_entity e, int64_t *n,
                struct err_info *ei);

/*
 * Insert functions validate the row, write it, set its id (and the fields
 * the store computes) and return 0; get functions fill *out from the row with
 * that id or return ERR_NOTFOUND. Lookups by natural key return the id.
 */
int store_region_insert(struct store *s, struct region *r, struct err_info *ei);
int store_region_get(struct store *s, int64_t id, struct region *out,
                     struct err_info *ei);

int store_provider_insert(struct store *s, struct provider *p,
                          struct err_info *ei);
int store_provider_get(struct store *s, int64_t id, struct provider *out,
                       struct err_info *ei);

int store_site_insert(struct store *s, struct site *site, struct err_info *ei);
int store_site_get(struct store *s, int64_t id, struct site *out,
                   struct err_info *ei);

int store_area_insert(struct store *s, struct area *a, struct err_info *ei);
int store_area_get(struct store *s, int64_t id, struct area *out,
                   struct err_info *ei);

int store_specialty_insert(struct store *s, struct specialty *sp,
                           struct err_info *ei);
int store_specialty_get(struct store *s, int64_t id, struct specialty *out,
                        struct err_info *ei);
int store_specialty_find(struct store *s, const char *code, int64_t *id,
                         struct err_info *ei);

int store_goal_insert(struct store *s, struct goal *g, struct err_info *ei);
int store_goal_get(struct store *s, int64_t id, struct goal *out,
                   struct err_info *ei);

int store_unit_insert(struct store *s, struct unit *u, struct err_info *ei);
int store_unit_get(struct store *s, int64_t id, struct unit *out,
                   struct err_info *ei);

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

int store_capacity_insert(struct store *s, struct capacity *c,
                          struct err_info *ei);
int store_capacity_get(struct store *s, int64_t id, struct capacity *out,
                       struct err_info *ei);

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
 * ---- Lists and updates of reference data and units (ref.c) ----
 *
 * A list calls each(row, arg) for the rows that match its filter, in a
 * stable order, skipping the first offset rows and stopping after limit
 * rows (a negative limit: no limit). *total gets the number of rows that
 * match, ignoring limit and offset. A non-zero return from each stops the
 * list, which returns that value. In filters, 0 (ids), -1 (vocabularies,
 * flags) and NULL or "" (text) mean "any"; free text q matches a
 * case-insensitive substring (ASCII letters and Å, Ä, Ö, É, Ü fold).
 */

int store_region_list(struct store *s, int limit, int offset,
                      int (*each)(const struct region *, void *), void *arg,
                      int64_t *total, struct err_info *ei);

struct provider_filter {
    int kind;      /* enum provider_kind, or -1 */
    const char *q; /* in the name */
};
int store_provider_list(struct store *s, const struct provider_filter *f,
                        int limit, int offset,
                        int (*each)(const struct provider *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

struct site_filter {
    int64_t region_id;
};
int store_site_list(struct store *s, const struct site_filter *f, int limit,
                    int offset, int (*each)(const struct site *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

struct area_filter {
    int64_t region_id;
};
int store_area_list(struct store *s, const struct area_filter *f, int limit,
                    int offset, int (*each)(const struct area *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

struct specialty_filter {
    int kind;          /* enum specialty_kind, or -1 */
    int64_t parent_id; /* the grenar of this bas */
    const char *q;     /* in code, name_sv or name_en */
};
int store_specialty_list(struct store *s, const struct specialty_filter *f,
                         int limit, int offset,
                         int (*each)(const struct specialty *, void *),
                         void *arg, int64_t *total, struct err_info *ei);

struct goal_filter {
    int64_t specialty_id;
    /*
     * -1 any; 0 only goals of a specialty; 1 only the common goals, or,
     * with specialty_id, that specialty's goals and the common ones (every
     * goal a trainee of it works towards).
     */
    int common;
    int regulation; /* enum regulation, or -1 */
    const char *q;  /* in code or title */
};
int store_goal_list(struct store *s, const struct goal_filter *f, int limit,
                    int offset, int (*each)(const struct goal *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

struct unit_filter {
    int64_t region_id, area_id, specialty_id, provider_id;
    int provider_kind;  /* enum provider_kind, or -1 */
    int kind;           /* enum unit_kind, or -1 */
    int takes_trainees; /* 0, 1 or -1 */
    const char *q;      /* in the name or the HSA-id */
};

/* A unit with the rows it refers to, read in one query. */
struct unit_item {
    struct unit unit; /* goal_ids filled only by store_unit_item_get() */
    struct specialty specialty;
    struct provider provider;
    struct area area; /* id 0 for none */
    struct site site; /* id 0 for none */
};
int store_unit_list(struct store *s, const struct unit_filter *f, int limit,
                    int offset, int (*each)(const struct unit_item *, void *),
                    void *arg, int64_t *total, struct err_info *ei);
int store_unit_item_get(struct store *s, int64_t id, struct unit_item *out,
                        struct err_info *ei);

/*
 * Writes every field of unit u->id (its goals replaced by u's), validated
 * as on insert, and records before and after in the audit log.
 */
int store_unit_update(struct store *s, const struct unit *u,
                      struct err_info *ei);

/* ---- Capacity periods (capacity.c) ---- */

struct capacity_filter {
    int64_t unit_id, specialty_id;
    /* Periods that overlap [from_week, to_week); STORE_NONE: open. */
    int from_week, to_week;
};
/* Ordered by unit and from_week. */
int store_capacity_list(struct store *s, const struct capacity_filter *f,
                        int limit, int offset,
                        int (*each)(const struct capacity *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

/*
 * Writes every field of period c->id, validated as on insert; ERR_CONFLICT
 * (field from_week) if it would overlap another period of its unit. Records
 * before and after in the audit log. Seats may drop below what bookings
 * occupy: store_unit_overbooked() tells which weeks.
 */
int store_capacity_update(struct store *s, const struct capacity *c,
                          struct err_info *ei);

/*
 * Deletes period id and records it in the audit log. Refused with
 * ERR_CONFLICT while bookings that hold seats (requested, confirmed,
 * completed) occupy any of its weeks: set its seats to 0 instead, which
 * keeps the closure on record.
 */
int store_capacity_delete(struct store *s, int64_t id, struct err_info *ei);

/*
 * Calls each(week, seats, occupancy, arg) for every week of [from_week,
 * to_week) in which the unit's bookings that hold seats occupy more than
 * its capacity offers (occupancy in hundredths of a seat; seats 0 in
 * weeks no period covers). A non-zero return from each stops.
 */
int store_unit_overbooked(struct store *s, int64_t unit_id, int from_week,
                          int to_week,
                          int (*each)(int week, int seats, int occupancy,
                                      void *arg),
                          void *arg, struct err_info *ei);

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
 * ---- Places and the booking workflow (booking.c) ----
 */

/* Which units the place overview shows; 0 or -1 fields do not filter. */
struct place_filter {
    int from_week; /* serial, inclusive */
    int to_week;   /* serial, exclusive; at most STORE_PLACES_WEEKS later */
    int64_t region_id;
    int64_t area_id;
    int64_t specialty_id;
    int64_t unit_id;
    int provider_kind; /* enum provider_kind, or -1 */
    int pattern;       /* enum pattern, or -1 */
};

#define STORE_PLACES_WEEKS 260

/* One unit's row of the overview: seats and occupancy per week. */
struct place_unit {
    struct unit unit;
    char specialty_code[STORE_CODE_MAX];
    char specialty_sv[STORE_NAME_MAX];
    char specialty_en[STORE_NAME_MAX];
    char provider_name[STORE_NAME_MAX];
    enum provider_kind provider_kind;
    char area_name[STORE_NAME_MAX]; /* "" when the unit has no area */
    unsigned patterns; /* accepted by some capacity period in the window */
    int *seats;        /* whole seats per week; 0 where there is no period */
    int *used;         /* hundredths of a seat per week held by bookings */
};

struct place_overview {
    int64_t generation; /* store_generation() when it was read */
    int from_week, to_week;
    int nunits;
    struct place_unit *units; /* by specialty name, then unit name */
};

/*
 * The free places: every unit that takes trainees and matches f, with its
 * seats and the occupancy of the bookings that hold seats (requested,
 * confirmed, completed) week by week. With a pattern in f, only units and
 * weeks whose capacity accepts that pattern count. Release with
 * store_places_release().
 */
int store_places(struct store *s, const struct place_filter *f,
                 struct place_overview *out, struct err_info *ei);
void store_places_release(struct place_overview *o);

/*
 * A number that moves on with every change to bookings, capacity, units and
 * the names the overview shows, by any process: a computed overview stays
 * right while the number is the same.
 */
int store_generation(struct store *s, int64_t *value, struct err_info *ei);

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

/*
 * ---- Planning: the optimiser's problem, plan runs, proposals (plans.c) ----
 *
 * The store builds a "randa-problem/1" document (planning-format.md) from
 * the database; the optimiser, which never touches the database, solves it;
 * the store keeps each run, its progress and its plan ("randa-plan/1") in
 * table plan_run, and turns a plan back into database ids. Ids in the
 * problem carry the database ids: units "u<id>", trainees "t<id>", needs
 * "n<id>". Needs "b<booking id>" (a trainee's booking for a need out of
 * scope) and trainees "x<booking id>" (bookings of others that hold seats
 * or count against a home unit's limit on trainees away) only keep the
 * problem's seats exact and never show in a proposal.
 */

struct buf;

/* What a problem is built for. */
struct plan_scope {
    int64_t region_id;
    int64_t specialty_id; /* 0: every specialty */
    int start_week;       /* the horizon's week 0, a serial (this week) */
};

/* What store_plan_problem() put into the problem. */
struct plan_built {
    int weeks;    /* horizon length */
    int trainees; /* trainees "t<id>" */
    int needs;    /* needs "n<id>", the fixed ones included */
    int fixed;    /* needs "n<id>" fixed by a requested or confirmed booking */
    int left_out; /* open needs that no unit can take, not in the problem */
};

/*
 * Builds the planning problem of the scope's open needs into problem (a
 * "randa-problem/1" document that problem_load() accepts), and into
 * left_out a JSON array of {"need", "trainee", "reason"} for the open needs
 * no unit can take. Reads one snapshot. ERR_NOTFOUND names region_id or
 * specialty_id when either does not exist.
 */
int store_plan_problem(struct store *s, const struct plan_scope *scope,
                       struct buf *problem, struct buf *left_out,
                       struct plan_built *info, struct err_info *ei);

/* The life of a run: queued -> running -> done, failed or cancelled. */
enum plan_status {
    PLAN_QUEUED,
    PLAN_RUNNING,
    PLAN_DONE,
    PLAN_FAILED,
    PLAN_CANCELLED,
};
extern const struct vocab store_plan_status; /* "queued", "running", ... */

#define STORE_PHASE_MAX 33
#define STORE_ERROR_MAX 501

/* A plan run with the names of its region and specialty. */
struct plan_run {
    int64_t id;
    char created_at[STORE_TIME_MAX];
    char started_at[STORE_TIME_MAX];  /* "" until it starts */
    char finished_at[STORE_TIME_MAX]; /* "" until it ends */
    int64_t region_id;
    char region_code[STORE_CODE_MAX];
    char region_name[STORE_NAME_MAX];
    struct specialty specialty; /* id 0: every specialty */
    enum plan_status status;
    int cancel_requested;
    double time_limit; /* seconds */
    int64_t seed;      /* 0 or more */
    int threads;       /* 1..64 */
    /* progress */
    char phase[STORE_PHASE_MAX];
    double seconds;
    int64_t best, bound; /* STORE_NO_SCORE until known */
    int64_t iterations;
    /* result */
    int64_t score, lower_bound; /* STORE_NO_SCORE until known */
    int horizon_start;          /* serial, or STORE_NONE until built */
    int horizon_weeks;          /* 0 until built */
    int needs, assigned, fixed, unplaced;
    char error[STORE_ERROR_MAX]; /* "" for none */
};

#define STORE_NO_SCORE INT64_MIN

/*
 * Inserts run r (region_id, specialty_id, time_limit, seed, threads) with
 * status queued, to be claimed by a worker, or running, for a caller that
 * solves it itself; sets r->id and reads the row back into r.
 */
int store_plan_run_create(struct store *s, struct plan_run *r,
                          enum plan_status status, struct err_info *ei);

/*
 * Claims the oldest queued run for the caller: marks it running and reads
 * it into *out. ERR_NOTFOUND when none waits. First fails the runs whose
 * process must have died: running for longer than their time limit and
 * grace seconds.
 */
int store_plan_run_claim(struct store *s, int grace, struct plan_run *out,
                         struct err_info *ei);

/* Stores the problem built for running run id and what it holds. */
int store_plan_run_set_problem(struct store *s, int64_t id, int start_week,
                               const struct plan_built *info,
                               const char *problem_json,
                               const char *left_out_json, struct err_info *ei);

/*
 * Writes the progress of running run id (best, bound: STORE_NO_SCORE for
 * none yet) and sets *cancel to 1 when someone asked to cancel it.
 */
int store_plan_run_progress(struct store *s, int64_t id, const char *phase,
                            double seconds, int64_t best, int64_t bound,
                            int64_t iterations, int *cancel,
                            struct err_info *ei);

/*
 * Ends run id with status done, cancelled (both with plan_json) or failed
 * (with error; plan_json may be NULL). Counts the needs of the plan that
 * it stores: assigned and unplaced needs "n<id>", with the left-out ones.
 */
int store_plan_run_finish(struct store *s, int64_t id, enum plan_status status,
                          const char *plan_json, int64_t score,
                          int64_t lower_bound, const char *error,
                          struct err_info *ei);

/*
 * Asks run id to stop: a queued run is cancelled at once, a running one is
 * flagged for its worker (store_plan_run_progress() tells it). ERR_CONFLICT
 * when it has ended already. Reads the run as it is then into *out.
 */
int store_plan_run_cancel(struct store *s, int64_t id, struct plan_run *out,
                          struct err_info *ei);

int store_plan_run_get(struct store *s, int64_t id, struct plan_run *out,
                       struct err_info *ei);

struct plan_run_filter {
    int status; /* enum plan_status, or -1 */
};

/* Newest first; the conventions of the lists above. */
int store_plan_run_list(struct store *s, const struct plan_run_filter *f,
                        int limit, int offset,
                        int (*each)(const struct plan_run *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

/* How many runs are queued or running. */
int store_plan_run_active(struct store *s, int64_t *queued, int64_t *running,
                          struct err_info *ei);

enum plan_item_status {
    PLAN_ITEM_PROPOSED, /* the plan places it */
    PLAN_ITEM_FIXED,    /* booked already: the plan keeps the booking */
    PLAN_ITEM_UNPLACED, /* no place: reason says why */
};
extern const struct vocab store_plan_item_status;

#define STORE_REASON_MAX 512

/* One need of a proposal, with the names the API shows. */
struct plan_item {
    int64_t need_id;
    int64_t trainee_id;
    char trainee_name[STORE_NAME_MAX];
    struct specialty specialty; /* the need's; id 0 when it names units */
    int need_weeks;
    unsigned need_patterns;
    enum plan_item_status status;
    int64_t unit_id; /* 0 when unplaced */
    char unit_name[STORE_NAME_MAX];
    int start_week, end_week;      /* serials, end exclusive; STORE_NONE */
    int pattern;                   /* enum pattern, or -1 when unplaced */
    int weeks;                     /* full-time weeks */
    char reason[STORE_REASON_MAX]; /* "" unless unplaced */
    /* The need's booking that holds a seat now, if any (id 0 for none). */
    struct booking booking;
    char booking_unit_name[STORE_NAME_MAX];
};

/* A unit and weeks where one more seat would lower the score most. */
struct plan_bottleneck {
    int64_t unit_id;
    char unit_name[STORE_NAME_MAX];
    int from_week, to_week; /* serials, [from, to) */
    int64_t gain;
};

struct plan_proposal {
    int64_t run_id;
    int start_week, weeks; /* the horizon */
    int nitems;
    struct plan_item *items; /* by trainee name, trainee, need */
    int nbottlenecks;
    struct plan_bottleneck *bottlenecks; /* as the plan lists them */
};

/*
 * Reads the proposal of run id: every need of the problem and every need
 * left out, placed as the plan says, with names and current bookings from
 * the database as it is now. ERR_CONFLICT while the run has no plan (queued,
 * running, failed). Release with store_plan_proposal_release().
 */
int store_plan_proposal(struct store *s, int64_t id, struct plan_proposal *out,
                        struct err_info *ei);
void store_plan_proposal_release(struct plan_proposal *p);

/*
 * Turns the proposed places of needs[0..n) of run id into booking requests
 * (store_booking_request(), every check included), in one transaction: all
 * of them or none. On failure ei names field "needs" and says which need
 * and why: ERR_INVAL for a need the proposal does not place (unknown,
 * fixed, unplaced), ERR_CONFLICT or ERR_INVAL as the request failed.
 * booking_ids (n entries) gets the new bookings. actor, when not NULL,
 * names who made them in the audit log.
 */
int store_plan_apply(struct store *s, int64_t id, const int64_t *needs, int n,
                     const char *actor, int64_t *booking_ids,
                     struct err_info *ei);

/* ---- users and roles (issue 5) ----------------------------------------- */

#define STORE_USERNAME_MAX 65
#define STORE_TIME_MAX     21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */

struct user {
    int64_t id;
    char username[STORE_USERNAME_MAX]; /* 3..64 of a-z 0-9 . _ - */
    char name[STORE_NAME_MAX];
    int disabled;
    char created_at[STORE_TIME_MAX];
};

/*
 * A role and the scope it holds for: trainee and supervisor a trainee,
 * director (studierektor) and unit_head (verksamhetschef) a unit,
 * coordinator (övergripande studierektor) a region, admin everything
 * (scope_id 0).
 */
struct user_role {
    char role[16];
    int64_t scope_id;
};

/* Adds u with its password's hash and its roles in one transaction (u->id
 * set); a taken user name is ERR_CONFLICT naming "username", a role whose
 * scope does not exist ERR_NOTFOUND naming "role", and nothing is written.
 * The hash is never audited or read back. */
int store_user_add(struct store *s, struct user *u, const char *password_hash,
                   const struct user_role *roles, int nroles,
                   struct err_info *ei);
int store_user_find(struct store *s, const char *username, struct user *out,
                    struct err_info *ei);
/* User id; ERR_NOTFOUND naming "id". */
int store_user_get(struct store *s, int64_t id, struct user *out,
                   struct err_info *ei);
/* Replaces the roles of user id with roles, in one transaction (each
 * checked as by store_user_role_add()). */
int store_user_set_roles(struct store *s, int64_t id,
                         const struct user_role *roles, int nroles,
                         struct err_info *ei);
/* Users by user name, a page at a time. */
int store_user_page(struct store *s, int limit, int offset,
                    int (*each)(const struct user *, void *), void *arg,
                    int64_t *total, struct err_info *ei);
int store_user_set_password(struct store *s, int64_t id,
                            const char *password_hash, int64_t keep,
                            struct err_info *ei);
/* Disabling a user also ends their sessions, in the same transaction;
 * so does setting a password (every session but keep, 0 for none). */
int store_user_set_disabled(struct store *s, int64_t id, int disabled,
                            struct err_info *ei);
/* Gives user id the role r; its scope must exist (ERR_NOTFOUND naming
 * "role" otherwise). */
int store_user_role_add(struct store *s, int64_t id, const struct user_role *r,
                        struct err_info *ei);

/* Calls fn for every user by user name, with its roles as text
 * ("director:unit=12, admin"); stops early when fn returns non-zero. */
typedef int store_user_fn(const struct user *u, const char *roles, void *ctx);
int store_user_list(struct store *s, store_user_fn *fn, void *ctx,
                    struct err_info *ei);

/* ---- Log-in: sessions, API tokens, throttling, events (migration 005) ---- */

/* Seconds since 1970: the store's fixed clock, else the real one. */
int64_t store_now(const struct store *s);

/*
 * Limits reads to the records sc reaches (domain/policy.h) until the next
 * call; NULL lifts the limit. The trainee, need, leave, booking and plan run
 * lists keep only what sc sees. The store does not copy sc: it must live
 * while it is set.
 */
void store_set_scope(struct store *s, const struct scope *sc);

/*
 * What record id of kind is, for the policy: kind is "trainee", "need",
 * "leave", "booking", "unit", "capacity", "plan run" or "region".
 * ERR_NOTFOUND ("trainee 42 does not exist", field "id") when there is none.
 */
int store_subject(struct store *s, const char *kind, int64_t id,
                  struct subject *out, struct err_info *ei);

/* A user as a request that proved who it is sees them. */
struct auth {
    int64_t user_id;
    char username[STORE_USERNAME_MAX];
    char name[STORE_NAME_MAX];
    int64_t session_id;   /* the session, or 0 for a token */
    int64_t token_id;     /* the API token, or 0 for a session */
    int read_only;        /* a token with read access only */
    char csrf[48];        /* the session's CSRF token */
    int64_t created_at;   /* when the session or token began */
    int64_t expires_at;   /* when it ends at the latest (0: never) */
    struct grant *grants; /* the user's roles */
    int ngrants;
};
void store_auth_release(struct auth *a);

/* The hash of username's password, for log-in: ERR_NOTFOUND when there is
 * no such user or it is disabled. */
int store_login_lookup(struct store *s, const char *username, int64_t *user_id,
                       char *hash, size_t size, struct err_info *ei);

/* Starts a session of user_id: token_hash is the SHA-256 (hex) of the
 * cookie's secret. Also drops the user's sessions that have expired. */
int store_session_create(struct store *s, int64_t user_id,
                         const char *token_hash, const char *csrf,
                         const char *address, const char *user_agent,
                         int idle_s, int max_s, int64_t *id,
                         struct err_info *ei);

/*
 * The live session of token_hash into *out (grants included): ERR_NOTFOUND
 * when there is none, its user is disabled, or it has been idle idle_s
 * seconds or lived max_s (it is then deleted). Marks it seen.
 */
int store_session_find(struct store *s, const char *token_hash, int idle_s,
                       int max_s, struct auth *out, struct err_info *ei);

/* Ends session id; ends every session of user_id but keep (0: none),
 * log-out everywhere, with the count ended in *n (may be NULL). */
int store_session_delete(struct store *s, int64_t id, struct err_info *ei);
int store_session_delete_user(struct store *s, int64_t user_id, int64_t keep,
                              int64_t *n, struct err_info *ei);

/* An API token as its owner lists it (never its secret). */
struct api_token {
    int64_t id;
    char name[101];
    char access[8];                                      /* "read" or "write" */
    int64_t created_at, expires_at, revoked_at, used_at; /* 0: none */
};

int store_token_create(struct store *s, int64_t user_id, struct api_token *t,
                       const char *token_hash, struct err_info *ei);
/* The user of a live token into *out: ERR_NOTFOUND when it is unknown,
 * revoked, expired or its user disabled. Marks it used. */
int store_token_find(struct store *s, const char *token_hash, struct auth *out,
                     struct err_info *ei);
int store_token_list(struct store *s, int64_t user_id,
                     int (*each)(const struct api_token *, void *), void *arg,
                     struct err_info *ei);
/* Revokes token id of user_id; ERR_NOTFOUND if the user has no such
 * live token. */
int store_token_revoke(struct store *s, int64_t user_id, int64_t id,
                       struct err_info *ei);

/* Revokes every live token of user_id. */
int store_token_revoke_user(struct store *s, int64_t user_id,
                            struct err_info *ei);

/*
 * Failed log-ins per key ("user:NAME", "addr:ADDRESS") within a window of
 * window_s seconds. store_throttle_get() reads the failures and the time a
 * lock-out ends (0: none); store_throttle_fail() counts one more, locking
 * the key for lock_s seconds once failures reach limit; a successful
 * log-in clears its account's key.
 */
int store_throttle_get(struct store *s, const char *key, int window_s,
                       int *failures, int64_t *locked_until,
                       struct err_info *ei);
int store_throttle_fail(struct store *s, const char *key, int window_s,
                        int limit, int lock_s, int *failures,
                        int64_t *locked_until, struct err_info *ei);
int store_throttle_clear(struct store *s, const char *key, struct err_info *ei);

/* Records a security event ("login", "login_failed", ...; see migration
 * 005) by actor from address. */
int store_auth_event(struct store *s, const char *actor, const char *event,
                     const char *address, const char *detail,
                     struct err_info *ei);

/* One line of the log an administrator reads: a write (from the audit log)
 * or a security event. */
struct log_entry {
    const char *kind; /* "write" or "event" */
    int64_t id;
    const char *at, *actor;
    const char *what;   /* the entity ("booking") or the event ("login") */
    int64_t entity_id;  /* writes: the row; events: 0 */
    const char *action; /* writes: insert, update, delete; events: "" */
    const char *detail; /* events: address and detail; writes: "" */
    const char *before_json, *after_json; /* writes; NULL when none */
};
struct log_filter {
    const char *kind;      /* "write", "event", or NULL for both */
    const char *actor;     /* exact, or NULL */
    const char *what;      /* entity or event, exact, or NULL */
    const char *from, *to; /* "YYYY-MM-DD" bounds of at, inclusive; or NULL */
};
/* Newest first. */
int store_log_list(struct store *s, const struct log_filter *f, int limit,
                   int offset, int (*each)(const struct log_entry *, void *),
                   void *arg, int64_t *total, struct err_info *ei);

/* The roles of user id as grants; *out is malloc'd (free it). */
int store_user_grants(struct store *s, int64_t id, struct grant **out, int *n,
                      struct err_info *ei);

#endif
