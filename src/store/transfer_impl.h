/*
 * Internals the region file's files share (store/transfer.h): the
 * description of each table (transfer.c), which the export
 * (transfer_export.c) and the import (transfer_import.c) read, and the
 * helpers both directions use. Not for callers of the store.
 */
#ifndef RANDA_STORE_TRANSFER_IMPL_H
#define RANDA_STORE_TRANSFER_IMPL_H

#include "store/store_impl.h"
#include "store/transfer.h"

#include <jansson.h>
#include <stdint.h>

/* The tables of the file, in its order: each after those it refers to. */
enum rj_id {
    T_REGION,
    T_PROVIDER,
    T_SPECIALTY,
    T_GOAL,
    T_SPECIALTY_GOAL,
    T_SITE,
    T_AREA,
    T_ASSESSMENT_KIND,
    T_UNIT,
    T_UNIT_GOAL,
    T_CAPACITY,
    T_UNIT_RULE,
    T_ROTATION_FORM,
    T_AGREEMENT,
    T_FORECAST_INTAKE,
    T_UNIT_BUDGET, /* issue 18: budget */
    T_PERSON,
    T_APP_USER,
    T_API_TOKEN,
    T_NOTIFY_PREF,
    T_SUPERVISOR,
    T_TRAINEE,
    T_USER_ROLE,
    T_LEAVE,
    T_NEED,
    T_NEED_UNIT,
    T_NEED_GOAL,
    T_BOOKING,
    T_FORM_GROUP,
    T_BOOKING_FORM,
    T_ROTATION_INTRO,
    T_SUPERVISION_MEETING,
    T_ASSESSMENT,
    T_ASSESSMENT_GOAL,
    T_ROTATION_RESULT,
    T_FEEDBACK_FORM,
    T_FEEDBACK,
    T_PLAN_GOAL,
    T_ACTIVITY,
    T_ACTIVITY_GOAL,
    T_SUBSTITUTE,
    T_EDU_PLAN,
    T_PLAN_APPROVAL,
    T_ST_CONTRACT,
    T_CERTIFICATE_SIGNATURE,
    T_UNIT_REVIEW,
    T_DOCTOR_PROGRAM,
    T_FREED_PLACE,
    T_OFFER,
    T_PLACE_WATCH,
    T_PLACE_WATCH_HIT,
    T_CALENDAR_FEED,
    T_DATA_IMPORT,
    T_AUDIT_LOG,
    T_AUTH_EVENT,
    T_COUNT
};

/* How a column's value is written. */
enum rj_type {
    RJ_INT = 1, /* a whole number */
    RJ_TEXT,    /* text */
    RJ_BLOB,    /* bytes, as base64; read by the table's blob_sql */
    RJ_REF,     /* an id of table ref: written as that row's key */
    RJ_SCOPE,   /* user_role.scope_id: a trainee, unit or region by scope */
    RJ_ENTITY,  /* audit_log.entity_id: a row of the table its entity names */
    RJ_PLAN,    /* edu_plan.content: JSON whose ids are written as keys */
    RJ_CERT,    /* certificate_signature.content: the same */
};

/* Column flags. */
#define RJ_KEY  1u /* part of the key */
#define RJ_NULL 2u /* may be null */
/* Who did something, kept by name as well: null in a region's file when
 * the user is not in it (a user of the whole server). */
#define RJ_WEAK 4u

struct rj_col {
    const char *column; /* in the database */
    const char *field;  /* in the file */
    enum rj_type type;
    unsigned flags;
    int ref; /* RJ_REF: the table referred to */
};

enum rj_keykind {
    RJ_NATURAL,  /* the key columns */
    RJ_ORDINAL,  /* [the one key column (a parent), n] */
    RJ_SEQUENCE, /* n, in the order of ids */
};

/* Table flags. */
#define RJ_HAS_ID 1u /* an id column, which others may refer to */
#define RJ_SEEDED                                                              \
    2u            /* the migrations put rows in: imported by code over them */
#define RJ_ALL 4u /* not of one region: whole in every file */

#define RJ_COLS_MAX 24

/*
 * A table of the file. select_sql reads every row (or, with ?1 a region's
 * id, that region's; RJ_ALL tables have no ?1): the id (0 without one),
 * then the columns in order, all but a blob, ordered by id. insert_sql
 * writes one row, the columns in order as ?1..?N (RETURNING id with
 * RJ_HAS_ID). blob_sql reads the blob column of the row with id ?1.
 * computed names a column of the table the file leaves out, because
 * insert_sql computes it from the others.
 */
struct rj_table {
    const char *name;
    enum rj_keykind keykind;
    unsigned flags;
    const char *select_sql;
    const char *insert_sql;
    const char *count_sql;
    const char *blob_sql;
    const char *computed;
    struct rj_col cols[RJ_COLS_MAX];
};

/* The ids inside JSON columns, by path ("name[]" is each element). */
#define RJ_CERTNAME (-1) /* "rotation-42", "activity-7" */
struct rj_path {
    const char *path;
    int table;
};

/* The description of table t, 0 <= t < T_COUNT. */
const struct rj_table *store__xfer_table(int t);

/* Prepares table t's select (binding nothing), insert or the select of
 * the blob of its row id into *st. */
int store__xfer_select(struct store *s, int t, struct store_stmt **st,
                       struct err_info *ei);
int store__xfer_insert(struct store *s, int t, struct store_stmt **st,
                       struct err_info *ei);
int store__xfer_blob(struct store *s, int t, int64_t id, struct store_stmt **st,
                     struct err_info *ei);

/* Counts table t's rows into *n. */
int store__xfer_count(struct store *s, int t, int64_t *n, struct err_info *ei);

/* The ids inside an approved plan's content and a signature's facts. */
extern const struct rj_path store__xfer_plan_paths[];
extern const struct rj_path store__xfer_cert_paths[];

/* The number of columns of table t. */
int store__xfer_ncols(int t);

/* Whether another row can name a row of table t by its id (a reference,
 * a role's scope, an audit entry): its rows' keys are then kept by id. */
int store__xfer_referred(int t);

/* The table an audit entity names rows of, or -1. */
int store__xfer_entity(const char *entity);

/* The table a role's scope names rows of, -1 for none ('all'), or -2 for
 * a scope that is none of them. */
int store__xfer_scope_table(const char *scope);

/* {"id": N}: an id no row of the file has (N = |id|); a new reference. */
json_t *store__xfer_gone(int64_t id);

/* N of a {"id": N} (N >= 0), or -1 when v is not one. */
int64_t store__xfer_gone_id(const json_t *v);

/*
 * Applies fn to every value at path (names joined by '.', "name[]" for
 * each element of an array) inside v, replacing each by the value fn
 * returns in *out (NULL: left as it is); the first non-zero return of fn
 * stops it and is returned. Paths that are not there are skipped.
 */
int store__xfer_walk(json_t *v, const char *path,
                     int (*fn)(void *ctx, const json_t *in, json_t **out),
                     void *ctx);

/* The key of record obj of table t of the natural kind: one key column's
 * value, or an array of several's; a new reference. */
json_t *store__xfer_natural_key(int t, json_t *obj);

/* The field of table t's first key column (an ordinal key's parent), or
 * NULL for none. */
const char *store__xfer_parent_field(int t);

#endif
