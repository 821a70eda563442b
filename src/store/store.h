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
#define STORE_CREATE   1u /* create the file if it does not exist */
#define STORE_NEW      2u /* the file must not exist yet (ERR_EXISTS) */
#define STORE_READONLY 4u /* no writes; must be at this schema version */

/*
 * Opens the database at path (":memory:" for a private in-memory one), turns
 * on WAL and foreign keys, and applies pending migrations. On success *out
 * holds a store the caller closes with store_close().
 */
int store_open(const char *path, unsigned flags, struct store **out,
               struct err_info *ei);

/* Closes the store and frees it; NULL is a no-op. */
void store_close(struct store *s);

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

#endif
