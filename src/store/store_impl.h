/*
 * Internals shared by the SQLite store's files: the connection struct and
 * the helpers that bind, run and read statements. Not for callers of the
 * store; names with a double underscore are internal but shared.
 */
#ifndef RANDA_STORE_STORE_IMPL_H
#define RANDA_STORE_STORE_IMPL_H

#include "store/store.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>

struct store {
    sqlite3 *db;
    int in_tx;    /* inside store_begin() */
    int writes;   /* store__write_begin() calls not yet ended */
    int own_tx;   /* the outermost of them began the transaction */
    int readonly; /* opened with STORE_READONLY */
    int64_t now;  /* fixed clock, or 0 for the real one */
    char actor[STORE_NAME_MAX];
};

/* Maps an SQLite result code to an enum err, with the detail in ei. */
int store__db_error(struct store *s, int rc, struct err_info *ei);

/* Prepares sql into *st. */
int store__prepare(struct store *s, const char *sql, sqlite3_stmt **st,
                   struct err_info *ei);

/*
 * Binds the arguments after types to st, one letter each: 'i' int, 'o' int
 * or STORE_NONE (NULL), 'l' int64_t, 'd' id (int64_t, 0 binds NULL), 't'
 * text, 'T' text ("" or NULL binds NULL). Returns an SQLite code.
 */
int store__bindv(sqlite3_stmt *st, const char *types, va_list ap);

/* Prepares sql and binds its arguments; the caller steps and finalizes. */
int store__query(struct store *s, sqlite3_stmt **st, struct err_info *ei,
                 const char *sql, const char *types, ...);

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

/* Writes the store's current time as "YYYY-MM-DDTHH:MM:SSZ". */
void store__timestamp(struct store *s, char *out);

/* Column readers: text into a fixed buffer, ids (NULL is 0), optional ints. */
void store__column_text(sqlite3_stmt *st, int col, char *out, size_t size);
int64_t store__column_id(sqlite3_stmt *st, int col);
int store__column_opt(sqlite3_stmt *st, int col);

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
int store__step_one(struct store *s, sqlite3_stmt *st, struct err_info *ei,
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

/* Reads "SELECT child FROM ... WHERE parent = ?" into ids (at most max). */
int store__select_links(struct store *s, struct err_info *ei, const char *sql,
                        int64_t parent_id, int64_t *ids, int *n);

#endif
