/*
 * The data API: Randa's entities in and out of the database, with no SQL
 * visible to callers.
 *
 * This header is the core: opening and closing the store, transactions, the
 * actor, clock and scope of the writes and reads that follow, counts, the
 * schema version and the generation. The entities' rows and functions are
 * split into area headers, which this one includes at its end:
 *
 *   store/ref.h       regions, providers, sites, areas, specialties, goals,
 *                     units, capacity periods and the places overview
 *   store/people.h    persons, supervisors, trainees, leaves and needs
 *   store/bookings.h  bookings, booking requests and the audit log
 *   store/plans.h     the planning problem, plan runs and their proposals
 *   store/auth.h      users, roles, sessions, API tokens, throttling,
 *                     log-in events and the log an administrator reads
 *   store/edu.h       the education plan: checklist, activities, versions
 *   store/certificates.h  who signed which certificate, and when
 *   store/reoffer.h   freed places, their offers and the watches of them
 *
 * store/types.h holds what they all share: struct store, STORE_NONE and the
 * sizes of text fields.
 *
 * The store is opened on a file (SQLite today; a PostgreSQL implementation
 * goes behind these same headers). Opening applies any pending migrations in
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

#include "domain/policy.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

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
/* With STORE_READONLY: open whatever schema version the database has, or
 * none, checking nothing (randa backup, restore and migrate --status; then
 * store_schema_version() fails on a database that is not Randa's). */
#define STORE_ANY_VERSION 16u

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

/*
 * The size of the database in bytes, its file's for SQLite and
 * pg_database_size() for PostgreSQL, and of its write-ahead log (SQLite's
 * -wal file; -1 for PostgreSQL, whose server keeps its own).
 */
int store_size(struct store *s, int64_t *bytes, int64_t *wal_bytes,
               struct err_info *ei);

/* The highest migration applied, and the binary's schema version: the
 * number of the last migration it carries (numbers may have gaps). */
int store_schema_version(struct store *s, int *version);
int store_migration_count(void);
/* How many migrations the binary carries numbered above version. */
int store_migrations_after(int version);

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

/*
 * A number that moves on with every change to bookings, capacity, units and
 * the names the overview shows, and (migration 011) to freed places,
 * trainees, their needs and leave, by any process: a computed overview or
 * ranking of a freed place's candidates stays right while the number is
 * the same.
 */
int store_generation(struct store *s, int64_t *value, struct err_info *ei);

/*
 * For a server that reads from a standby as well as the primary (randa
 * serve --db-read). store_failed() is 1 when a statement on s failed in
 * the database since store_clear_failure() (a lost connection, a query a
 * standby cancelled); store_connected() is 0 when s lost its connection
 * and could not connect again (SQLite: always 1).
 */
void store_clear_failure(struct store *s);
int store_failed(const struct store *s);
int store_connected(struct store *s);

/* Room for a position in the write-ahead log as text, with its NUL. */
#define STORE_WAL_POS_MAX 36

/*
 * Writes into pos how far the primary's write-ahead log has come
 * ("16/B374D848" for PostgreSQL): every commit made on s so far is at or
 * before it. "" when the backend has no such position (SQLite).
 */
int store_wal_position(struct store *s, char *pos, struct err_info *ei);

/*
 * Sets *yes to 1 when s, a standby, has replayed the primary's log up to
 * pos (store_wal_position() on the primary), so that its reads see every
 * commit made before pos; 0 when it has not yet. A store that replays
 * nothing (a primary, SQLite) has. A pos that is not a position is
 * ERR_INVAL.
 */
int store_wal_replayed(struct store *s, const char *pos, int *yes,
                       struct err_info *ei);

/*
 * Insert functions validate the row, write it, set its id (and the fields
 * the store computes) and return 0; get functions fill *out from the row with
 * that id or return ERR_NOTFOUND. Lookups by natural key return the id.
 */

/*
 * The area headers. Every file that includes store/store.h gets them all;
 * new code may include only the area header it needs.
 */
#include "store/auth.h"
#include "store/bookings.h"
#include "store/certificates.h"
#include "store/edu.h"
#include "store/rotation.h"
#include "store/figures.h"
#include "store/people.h"
#include "store/plans.h"
#include "store/ref.h"
#include "store/reoffer.h"

#endif
