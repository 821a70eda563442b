/*
 * Internals shared by the store's files: the connection, the backend seam
 * and the helpers that bind, run and read statements. Not for callers of
 * the store; names with a double underscore are internal but shared.
 *
 * The entity files (ref.c, people.c, booking.c, ...) speak only this
 * header: one copy of every query, written once for both databases. A
 * backend (sqlite.c, pg.c) implements struct store_backend; the dialect
 * differences live there and in its migrations.
 */
#ifndef RANDA_STORE_STORE_IMPL_H
#define RANDA_STORE_STORE_IMPL_H

#include "domain/pattern.h"
#include "store/store.h"
#include "util/embed.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>

/* What store__step() returns; anything else is a failure it recorded. */
#define STORE_OK   0
#define STORE_ROW  100
#define STORE_DONE 101

/* The kind of the last failure a backend recorded (store__db_error()). */
enum store_fail {
    STORE_FAIL_NONE,
    STORE_FAIL_UNIQUE,  /* a unique or primary key value already taken */
    STORE_FAIL_FOREIGN, /* a reference to a row that does not exist */
    STORE_FAIL_CHECK,   /* a CHECK or NOT NULL constraint */
    STORE_FAIL_BUSY,    /* locked, or a serialisation failure: try again */
    STORE_FAIL_OTHER,
};

/*
 * A prepared statement. Each backend's statement starts with this struct,
 * so that the helpers below reach the backend through st->s.
 */
struct store_stmt {
    struct store *s;
};

/*
 * One database engine behind the store. Every function that can fail
 * returns STORE_OK or records its failure in s->fail and s->fail_msg and
 * returns another value; step() returns STORE_ROW or STORE_DONE on
 * success. Binding and column numbers are those of SQLite: parameters from
 * 1, columns from 0. Text columns are NULL for SQL NULL and stay valid
 * until the next step(), reset() or finalize().
 */
struct store_backend {
    const char *name; /* "sqlite", "postgresql" */
    /* Opens target into a new *out (its actor, clock and flags set by the
     * caller); ei says why not. Migrations are the caller's. */
    int (*open)(const char *target, unsigned flags, struct store **out,
                struct err_info *ei);
    void (*close)(struct store *s);
    int (*prepare)(struct store *s, const char *sql, struct store_stmt **st);
    /* A NULL of a number (text 0), of text (text 1) or of bytes (text
     * 2): PostgreSQL wants to know which. */
    int (*bind_null)(struct store_stmt *st, int i, int text);
    int (*bind_int64)(struct store_stmt *st, int i, int64_t v);
    int (*bind_double)(struct store_stmt *st, int i, double v);
    int (*bind_text)(struct store_stmt *st, int i, const char *v);
    /* Bytes (a BLOB, bytea), copied. */
    int (*bind_blob)(struct store_stmt *st, int i, const void *v, size_t n);
    int (*step)(struct store_stmt *st);
    void (*reset)(struct store_stmt *st);
    int (*column_null)(struct store_stmt *st, int col);
    int64_t (*column_int64)(struct store_stmt *st, int col);
    double (*column_double)(struct store_stmt *st, int col);
    const char *(*column_text)(struct store_stmt *st, int col);
    /* The bytes of a BLOB (bytea) column and their number, or NULL for
     * NULL; valid as text columns are. */
    const void *(*column_blob)(struct store_stmt *st, int col, size_t *n);
    void (*finalize)(struct store_stmt *st);
    /* Runs statements that return no rows (a migration, "COMMIT"). */
    int (*exec)(struct store *s, const char *sql);
    /* Begins a transaction that holds the write lock from its start, so
     * that reads inside it see no concurrent writer (SQLite: BEGIN
     * IMMEDIATE; PostgreSQL: BEGIN and the store's advisory lock). */
    int (*begin_write)(struct store *s);
    /* Opens and ends a consistent read of several statements. */
    int (*read_begin)(struct store *s);
    void (*read_end)(struct store *s);
    /* 1 when a transaction is open on the connection. */
    int (*in_transaction)(struct store *s);
    /* The migrations of this dialect, numbered from 001, and the statement
     * that creates the schema_version table. */
    const struct embed_file *migrations;
    const size_t *migration_count;
    const char *schema_version_sql;
    /* Statements that list the database's tables, and the columns of the
     * table named ?1, one name a row (store/transfer.c checks them against
     * what a region's file carries). */
    const char *tables_sql;
    const char *columns_sql;
    /* The database's size in bytes, and its write-ahead log's (-1 when
     * the database server keeps that). */
    int (*size)(struct store *s, int64_t *bytes, int64_t *wal_bytes);
    /* Copies the open database to a new file or dump at path. */
    int (*backup)(struct store *s, const char *path, struct err_info *ei);
    /* For a server with a standby (store.h; NULL: the backend has no
     * standby, its connection never breaks). 0 when the connection is
     * lost. */
    int (*connected)(struct store *s);
    /* The primary's log position into pos (STORE_WAL_POS_MAX). */
    int (*wal_position)(struct store *s, char *pos);
    /* *yes: replayed up to pos, a position the caller has checked. */
    int (*wal_replayed)(struct store *s, const char *pos, int *yes);
};

struct store {
    const struct store_backend *be;
    int in_tx;    /* inside store_begin() */
    int writes;   /* store__write_begin() calls not yet ended */
    int own_tx;   /* the outermost of them began the transaction */
    int readonly; /* opened with STORE_READONLY */
    int64_t now;  /* fixed clock, or 0 for the real one */
    char actor[STORE_NAME_MAX];
    const struct scope *scope; /* store_set_scope(), or NULL */
    int scope_dirty;           /* scope changed since the backend saw it */
    enum store_fail fail;      /* the last failure recorded */
    char fail_msg[256];
    /* The import (data_import) the writes belong to, or 0: the audit log
     * records it with each row (store/import.h). */
    int64_t import_id;
    int no_freed; /* store_set_record_freed(s, 0): writes record no freed
                     seat-weeks */
    /* A bulk load (randa import): a failed statement fails the whole
     * transaction, so PostgreSQL's statements need no savepoint each. */
    int bulk;
};

extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_pg_backend;

/* Records a failure of kind fail with a message, for store__db_error(). */
int store__fail(struct store *s, enum store_fail fail, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Maps the last failure recorded on s to an enum err, with detail in ei. */
int store__db_error(struct store *s, struct err_info *ei);

/* Prepares sql into *st. */
int store__prepare(struct store *s, const char *sql, struct store_stmt **st,
                   struct err_info *ei);

/* The backend's statement functions, for the entity files. */
int store__bind_null(struct store_stmt *st, int i); /* a number's */
int store__bind_null_text(struct store_stmt *st, int i);
int store__bind_null_blob(struct store_stmt *st, int i);
int store__bind_int(struct store_stmt *st, int i, int v);
int store__bind_int64(struct store_stmt *st, int i, int64_t v);
int store__bind_double(struct store_stmt *st, int i, double v);
int store__bind_text(struct store_stmt *st, int i, const char *v);
int store__bind_blob(struct store_stmt *st, int i, const void *v, size_t n);
int store__step(struct store_stmt *st);
void store__reset(struct store_stmt *st);
void store__finalize(struct store_stmt *st);
int store__col_null(struct store_stmt *st, int col);
int64_t store__col_int64(struct store_stmt *st, int col);
int store__col_int(struct store_stmt *st, int col);
double store__col_double(struct store_stmt *st, int col);
const char *store__col_text(struct store_stmt *st, int col);
const void *store__col_blob(struct store_stmt *st, int col, size_t *n);

/*
 * Binds the arguments after types to st, one letter each: 'i' int, 'o' int
 * or STORE_NONE (NULL), 'l' int64_t, 'd' id (int64_t, 0 binds NULL), 't'
 * text, 'T' text ("" or NULL binds NULL), 'b' bytes (two arguments: const
 * void * and their size_t number). Returns STORE_OK or a failure.
 */
int store__bindv(struct store_stmt *st, const char *types, va_list ap);

/* Prepares sql and binds its arguments; the caller steps and finalizes. */
int store__query(struct store *s, struct store_stmt **st, struct err_info *ei,
                 const char *sql, const char *types, ...);

/* 0 if sql (one parameter: id) finds a row, else ERR_NOTFOUND naming field:
 * "FIELD: no WHAT has id ID". Which reference a failed foreign key was. */
int store__exists(struct store *s, struct err_info *ei, const char *sql,
                  int64_t id, const char *field, const char *what);

/* Prepares sql and reads the one number it selects ("SELECT count(*)"). */
int store__count(struct store *s, struct err_info *ei, int64_t *n,
                 const char *sql, const char *types, ...);

/*
 * The caller's callback of a list, by the type of the rows: a list keeps it
 * here for its row reader, which passes each row on to it.
 */
struct rotation_form;
struct agreement;
struct unit_budget;
union store__each {
    int (*region)(const struct region *, void *);
    int (*provider)(const struct provider *, void *);
    int (*site)(const struct site *, void *);
    int (*area)(const struct area *, void *);
    int (*specialty)(const struct specialty *, void *);
    int (*goal)(const struct goal *, void *);
    int (*unit)(const struct unit_item *, void *);
    int (*capacity)(const struct capacity *, void *);
    int (*trainee)(const struct trainee_item *, void *);
    int (*leave)(const struct leave *, void *);
    int (*supervisor)(const struct supervisor_item *, void *);
    int (*review)(const struct review_item *, void *);
    int (*program)(const struct program_item *, void *);
    /* Forms of rotation (issue 18, store/forms.c). */
    int (*form)(const struct rotation_form *, void *);
    /* Agreements (issue 18, store/agreements.c). */
    int (*agreement)(const struct agreement *, void *);
    /* Home units' budgets (issue 18: budget, store/budgets.c). */
    int (*budget)(const struct unit_budget *, void *);
};

/*
 * A list being read: its page (limit < 0 for every row; offset < 0 is 0),
 * where the count of every row the filter selects goes (NULL: not wanted),
 * and row(st, l), which reads the current row of st and passes it on to
 * l->each with l->arg. A non-zero return of row stops the list and is
 * returned.
 */
struct store__list {
    int limit, offset;
    int64_t *total;
    int (*row)(struct store_stmt *st, const struct store__list *l);
    union store__each each;
    void *arg;
};

/*
 * Runs sql, which selects every row of the list in order, and steps it to
 * its end: counts every row into *l->total and passes those of the page to
 * l->row. For lists short enough to read whole.
 */
int store__list_all(struct store *s, const struct store__list *l,
                    struct err_info *ei, const char *sql, const char *types,
                    ...);

/*
 * Runs a list a page at a time: count_sql ("SELECT count(*) ...") into
 * *l->total when it is wanted, then page_sql with the same arguments and
 * two more after them, limit and offset (page_sql ends "LIMIT ?N OFFSET
 * ?N+1", N one past the last of types), passing each row to l->row.
 */
int store__list_page(struct store *s, const struct store__list *l,
                     struct err_info *ei, const char *count_sql,
                     const char *page_sql, const char *types, ...);

/*
 * Runs a write statement to completion. When id is not NULL and the
 * statement returns a row ("RETURNING id"), its first column goes to *id.
 */
int store__exec(struct store *s, struct err_info *ei, int64_t *id,
                const char *sql, const char *types, ...);

/*
 * Opens a savepoint around one write function's statements. Outside any
 * transaction it first begins an immediate one, so that the write lock is
 * taken (waiting up to the busy timeout) before the first read: a deferred
 * transaction that reads and then writes fails at once when another
 * connection wrote in between.
 */
int store__write_begin(struct store *s, struct err_info *ei);

/* Releases the savepoint if rc is 0, else rolls it back; ends the
 * transaction store__write_begin() began; returns rc. */
int store__write_end(struct store *s, int rc);

/*
 * Opens a savepoint around several reads, so that they all see the
 * database as it was at the first one; store__read_end() closes it.
 */
int store__read_begin(struct store *s, struct err_info *ei);
void store__read_end(struct store *s);

/*
 * Appends an audit row for entity id, with the row before and after the
 * change (either may be NULL) as JSON objects, which it takes over. Every
 * update and delete calls it inside its savepoint.
 */
int store__audit(struct store *s, const char *entity, const char *action,
                 int64_t id, json_t *before, json_t *after,
                 struct err_info *ei);

/* Writes the store's current time as "YYYY-MM-DDTHH:MM:SSZ". */
void store__timestamp(struct store *s, char *out);

/* Column readers: text into a fixed buffer, ids (NULL is 0), optional ints. */
void store__column_text(struct store_stmt *st, int col, char *out, size_t size);
int64_t store__column_id(struct store_stmt *st, int col);
int store__column_opt(struct store_stmt *st, int col);

/*
 * Reads a booking's twelve columns, STORE_BOOKING_COLUMNS of the table
 * aliased b, from column 0 of st.
 */
void store__booking_read(struct store_stmt *st, struct booking *out);
#define STORE_BOOKING_COLUMNS                                                  \
    "b.id, b.trainee_id, b.need_id, b.unit_id, b.start_week, b.end_week, "     \
    "b.pattern, b.weeks, b.status, b.cancel_reason, b.created_at, "            \
    "b.updated_at, b.supervisor_id "

/*
 * Validators that name the field in ei: text of min..size-1 bytes, a date,
 * an optional date (""), a vocabulary value, an integer range.
 */
int store__check_text(struct err_info *ei, const char *field, const char *v,
                      size_t min, size_t size);
int store__check_date(struct err_info *ei, const char *field, const char *v);
int store__check_opt_date(struct err_info *ei, const char *field,
                          const char *v);
int store__check_vocab(struct err_info *ei, const char *field,
                       const struct vocab *vocab, int value);
int store__check_range(struct err_info *ei, const char *field, int v, int lo,
                       int hi);
int store__check_hsa_id(struct err_info *ei, const char *field, const char *v);

/*
 * Steps a query that selects one row by id: 0 with the row ready to read,
 * or ERR_NOTFOUND naming what ("trainee 42 does not exist").
 */
int store__step_one(struct store *s, struct store_stmt *st, struct err_info *ei,
                    const char *what, int64_t id);

/*
 * Names the fields behind a write's failure: a unique violation becomes
 * "field: already taken", a foreign key one "refs: no such row".
 */
int store__name_failure(struct err_info *ei, int rc, const char *unique,
                        const char *refs);

/* Writes rows (parent_id, child) into a link table, one per child id. */
int store__insert_links(struct store *s, struct err_info *ei, const char *sql,
                        int64_t parent_id, const int64_t *ids, int n);

/* A LIMIT that reads every row: both databases take it (PostgreSQL refuses
 * a negative one). */
#define STORE_NO_LIMIT ((int64_t)1 << 62)

/*
 * Goal matching: whether a rotation at unit u covers every one of goals (n
 * of them, at least one), so that a need with those goals may be placed
 * there whatever its specialty (issue 12).
 */
int store__unit_covers(const struct unit *u, const int64_t *goals, int n);

/* A need as its audit rows hold it (every column, its units and goals). */
json_t *store__need_json(const struct need *n);

/* ids as a JSON array, for audit rows. */
json_t *store__ids_json(const int64_t *ids, int n);

/* Reads "SELECT child FROM ... WHERE parent = ?" into ids (at most max). */
int store__select_links(struct store *s, struct err_info *ei, const char *sql,
                        int64_t parent_id, int64_t *ids, int *n);

/*
 * Text x folded for a case-insensitive search: SQLite's lower() folds only
 * ASCII, so the capitals of Swedish names (Ängelholm, Örebro, Åhus) and
 * É, Ü are folded here. A fixed piece of SQL, spliced in at compile time.
 */
#define STORE_FOLD(x)                                                          \
    "replace(replace(replace(replace(replace(lower(" x "), 'Å', 'å'), "      \
    "'Ä', 'ä'), 'Ö', 'ö'), 'É', 'é'), 'Ü', 'ü')"

/* 1 when the folded text of column col holds the folded parameter p. */
#define STORE_HAS(col, p) "instr(" STORE_FOLD(col) ", " STORE_FOLD(p) ") > 0"

/*
 * ---- The re-offer of freed places (freed.c; store/reoffer.h) ----
 */

/* The ISO week of the store's clock, as a serial. */
int store__this_week(struct store *s);

/* The store's clock plus seconds, as "YYYY-MM-DDTHH:MM:SSZ". */
void store__timestamp_after(struct store *s, int64_t seconds, char *out);

/*
 * Records freed seat-weeks f (unit, cause, booking or capacity period,
 * weeks, origin, pattern, seats) inside the caller's write, with the
 * watches they fire; sets f->id, freed_at and freed_by.
 */
struct freed_place;
int store__freed_record(struct store *s, struct freed_place *f,
                        struct err_info *ei);

/*
 * ---- Seats held for other regions (xheld.c, issue 17) ----
 */

/* One seat of unit unit_id held for another region in [start_week,
 * end_week), with pattern's occupancy; id is the xrequest's. */
struct store_xheld {
    int64_t id, unit_id;
    int start_week, end_week;
    enum pattern pattern;
};

/*
 * Calls each (a nonzero return stops and is returned) for every seat held
 * for another region at a unit of region region_id (0: any) and unit
 * unit_id (0: any) in weeks that meet [from, to), in the caller's
 * transaction.
 */
int store__xheld_each(struct store *s, int64_t region_id, int64_t unit_id,
                      int from, int to,
                      int (*each)(const struct store_xheld *h, void *arg),
                      void *arg, struct err_info *ei);

/* ---- the education plan (edu_plan.c, edu.c) ---- */

/* Shared by edu_plan.c and edu.c: ERR_NOTFOUND (naming field) unless
 * trainee_id exists; an id as JSON, 0 as null; a plan as its log writes
 * it. */
int store__edu_trainee_exists(struct store *s, int64_t trainee_id,
                              const char *field, struct err_info *ei);
json_t *store__edu_opt_id(int64_t id);
json_t *store__edu_plan_json(const struct edu_plan *p);

#endif
