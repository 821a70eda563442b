/*
 * The store's SQLite backend: the only file that knows the SQLite API.
 * One file per database, WAL, foreign keys, synchronous FULL.
 */
#include "store/store_impl.h"

#include "util/buf.h"
#include "util/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const struct embed_file store_migrations[];
extern const size_t store_migrations_count;

/*
 * Prepared statements kept for reuse, by the address of their SQL (the
 * store's SQL strings are literals) and checked by their text, so that a
 * statement run again and again (a row read per booking, an audit insert)
 * is parsed once per connection. A statement in use is never handed out
 * twice: a second use of the same SQL while the first is open (a query in
 * a query) prepares a statement of its own.
 */
#define SQLITE_CACHE_SLOTS 256

struct sqlite_stmt {
    struct store_stmt base;
    sqlite3_stmt *st;
    int cached; /* lives in its slot; finalize only resets it */
    int in_use;
};

struct sqlite_store {
    struct store base; /* first: a struct store * is a struct sqlite_store * */
    sqlite3 *db;
    struct sqlite_stmt *cache[SQLITE_CACHE_SLOTS];
};

static sqlite3 *sqlite_db(struct store *s)
{
    return ((struct sqlite_store *)s)->db;
}

static sqlite3_stmt *sqlite_st(struct store_stmt *st)
{
    return ((struct sqlite_stmt *)st)->st;
}

/* Records the connection's last failure (code rc) on s; returns rc. */
static int sqlite_fail(struct store *s, int rc)
{
    enum store_fail fail = STORE_FAIL_OTHER;
    int ext = sqlite3_extended_errcode(sqlite_db(s));
    switch (ext) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        fail = STORE_FAIL_UNIQUE;
        break;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        fail = STORE_FAIL_FOREIGN;
        break;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
        fail = STORE_FAIL_CHECK;
        break;
    default:
        if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED)
            fail = STORE_FAIL_BUSY;
    }
    store__fail(s, fail, "%s", sqlite3_errmsg(sqlite_db(s)));
    return rc ? rc : SQLITE_ERROR;
}

static struct sqlite_stmt **sqlite_slot(struct store *s, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 9;
    return &((struct sqlite_store *)s)->cache[(h >> 3) % SQLITE_CACHE_SLOTS];
}

static int sqlite_prepare(struct store *s, const char *sql,
                          struct store_stmt **out)
{
    struct sqlite_stmt **slot = sqlite_slot(s, sql);
    struct sqlite_stmt *c = *slot;
    if (c && !c->in_use && strcmp(sqlite3_sql(c->st), sql) == 0) {
        c->in_use = 1;
        *out = &c->base;
        return STORE_OK;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(sqlite_db(s), sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return sqlite_fail(s, rc);
    struct sqlite_stmt *q = xcalloc(1, sizeof(*q));
    q->base.s = s;
    q->st = st;
    q->in_use = 1;
    if (!c || !c->in_use) { /* take the slot; an idle one gives way */
        if (c) {
            sqlite3_finalize(c->st);
            free(c);
        }
        q->cached = 1;
        *slot = q;
    }
    *out = &q->base;
    return STORE_OK;
}

/* Maps an SQLite result of a bind to STORE_OK or a recorded failure. */
static int sqlite_bound(struct store_stmt *st, int rc)
{
    return rc == SQLITE_OK ? STORE_OK : sqlite_fail(st->s, rc);
}

static int sqlite_bind_null(struct store_stmt *st, int i, int text)
{
    (void)text; /* SQLite's NULL has no type */
    return sqlite_bound(st, sqlite3_bind_null(sqlite_st(st), i));
}

static int sqlite_bind_int64(struct store_stmt *st, int i, int64_t v)
{
    return sqlite_bound(st, sqlite3_bind_int64(sqlite_st(st), i, v));
}

static int sqlite_bind_double(struct store_stmt *st, int i, double v)
{
    return sqlite_bound(st, sqlite3_bind_double(sqlite_st(st), i, v));
}

static int sqlite_bind_text(struct store_stmt *st, int i, const char *v)
{
    return sqlite_bound(
        st, sqlite3_bind_text(sqlite_st(st), i, v, -1, SQLITE_TRANSIENT));
}

static int sqlite_bind_blob(struct store_stmt *st, int i, const void *v,
                            size_t n)
{
    return sqlite_bound(st, sqlite3_bind_blob64(sqlite_st(st), i, v,
                                                (sqlite3_uint64)n,
                                                SQLITE_TRANSIENT));
}

static int sqlite_step(struct store_stmt *st)
{
    int rc = sqlite3_step(sqlite_st(st));
    if (rc == SQLITE_ROW)
        return STORE_ROW;
    if (rc == SQLITE_DONE)
        return STORE_DONE;
    return sqlite_fail(st->s, rc);
}

static void sqlite_reset(struct store_stmt *st)
{
    sqlite3_reset(sqlite_st(st));
}

static int sqlite_column_null(struct store_stmt *st, int col)
{
    return sqlite3_column_type(sqlite_st(st), col) == SQLITE_NULL;
}

static int64_t sqlite_column_int64(struct store_stmt *st, int col)
{
    return sqlite3_column_int64(sqlite_st(st), col);
}

static double sqlite_column_double(struct store_stmt *st, int col)
{
    return sqlite3_column_double(sqlite_st(st), col);
}

static const char *sqlite_column_text(struct store_stmt *st, int col)
{
    return (const char *)sqlite3_column_text(sqlite_st(st), col);
}

static const void *sqlite_column_blob(struct store_stmt *st, int col, size_t *n)
{
    const void *v = sqlite3_column_blob(sqlite_st(st), col);
    *n = v ? (size_t)sqlite3_column_bytes(sqlite_st(st), col) : 0;
    return v;
}

static void sqlite_finalize(struct store_stmt *st)
{
    struct sqlite_stmt *q = (struct sqlite_stmt *)st;
    if (q->cached) {
        sqlite3_reset(q->st);
        sqlite3_clear_bindings(q->st);
        q->in_use = 0;
        return;
    }
    sqlite3_finalize(q->st);
    free(q);
}

static int sqlite_exec(struct store *s, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(sqlite_db(s), sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        sqlite_fail(s, rc);
        if (msg)
            store__fail(s, s->fail, "%s", msg);
        sqlite3_free(msg);
        return rc;
    }
    return STORE_OK;
}

static int sqlite_begin_write(struct store *s)
{
    return sqlite_exec(s, "BEGIN IMMEDIATE");
}

/* A savepoint outside a transaction begins a deferred one: its first read
 * fixes the snapshot every later read of it sees. */
static int sqlite_read_begin(struct store *s)
{
    return sqlite_exec(s, "SAVEPOINT store_read");
}

static void sqlite_read_end(struct store *s)
{
    sqlite_exec(s, "RELEASE store_read");
}

static int sqlite_in_transaction(struct store *s)
{
    return !sqlite3_get_autocommit(sqlite_db(s));
}

/* randa_sees(trainee_id, home_unit_id, home_region_id, unit_id,
 * unit_region_id): scope_sees() of the connection's scope. */
static void sqlite_sees_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const struct store *s = sqlite3_user_data(ctx);
    if (!s->scope || s->scope->all) {
        sqlite3_result_int(ctx, 1);
        return;
    }
    int64_t v[5] = {0};
    for (int i = 0; i < argc && i < 5; i++)
        v[i] = sqlite3_value_type(argv[i]) == SQLITE_NULL
                   ? 0
                   : sqlite3_value_int64(argv[i]);
    struct subject su = {v[0], v[1], v[2], v[3], v[4]};
    sqlite3_result_int(ctx, scope_sees(s->scope, &su));
}

static int sqlite_configure(struct store *s, int memory)
{
    sqlite3 *db = sqlite_db(s);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    int rc = sqlite_exec(s, "PRAGMA foreign_keys = ON");
    if (rc == STORE_OK && !memory && !s->readonly)
        rc = sqlite_exec(s, "PRAGMA journal_mode = WAL");
    /* FULL: a transaction reported committed survives a power cut. */
    if (rc == STORE_OK)
        rc = sqlite_exec(s, "PRAGMA synchronous = FULL");
    if (rc == STORE_OK &&
        sqlite3_create_function(db, "randa_sees", 5,
                                SQLITE_UTF8 | SQLITE_DIRECTONLY, s,
                                sqlite_sees_fn, NULL, NULL) != SQLITE_OK)
        rc = sqlite_fail(s, SQLITE_ERROR);
    return rc;
}

static void sqlite_close(struct store *s)
{
    struct sqlite_store *q = (struct sqlite_store *)s;
    for (int i = 0; i < SQLITE_CACHE_SLOTS; i++)
        if (q->cache[i]) {
            sqlite3_finalize(q->cache[i]->st);
            free(q->cache[i]);
        }
    sqlite3_close(q->db);
    free(s);
}

static int sqlite_open(const char *path, unsigned flags, struct store **out,
                       struct err_info *ei)
{
    int memory = strcmp(path, ":memory:") == 0;
    struct stat sb;
    int exists = memory ? 0 : stat(path, &sb) == 0;
    if ((flags & STORE_NEW) && exists)
        return err_set(ei, ERR_EXISTS, "db", "%s already exists", path);
    if (!memory && !exists && !(flags & (STORE_CREATE | STORE_NEW)))
        return err_set(ei, ERR_NOTFOUND, "db", "no database at %s", path);

    struct sqlite_store *q = xcalloc(1, sizeof(*q));
    struct store *s = &q->base;
    s->readonly = (flags & STORE_READONLY) != 0;
    int oflags = s->readonly ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &q->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_set(ei, ERR_IO, "db", "cannot open %s: %s", path,
                q->db ? sqlite3_errmsg(q->db) : sqlite3_errstr(rc));
        sqlite_close(s);
        return ERR_IO;
    }
    /* A new database holds personal data: only this account may read it
     * (SQLite gives its -wal and -shm files the same mode). */
    if (!memory && !exists && !s->readonly)
        chmod(path, 0600);
    if (sqlite_configure(s, memory) != STORE_OK) {
        err_set(ei, ERR_DB, "db", "%s: %s", path, s->fail_msg);
        sqlite_close(s);
        return ERR_DB;
    }
    *out = s;
    return 0;
}

/* The size of a file, 0 when there is none (in memory, no log yet). */
static int64_t sqlite_file_size(const char *path)
{
    struct stat sb;
    return path && *path && stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

/* The sizes of the database's file and its -wal file, as ls -l shows them. */
static int sqlite_size(struct store *s, int64_t *bytes, int64_t *wal_bytes)
{
    const char *path = sqlite3_db_filename(sqlite_db(s), "main");
    *bytes = sqlite_file_size(path);
    *wal_bytes = 0;
    if (path && *path) {
        struct buf wal = BUF_INIT(0);
        buf_addf(&wal, "%s-wal", path);
        *wal_bytes = sqlite_file_size(wal.data);
        buf_release(&wal);
    }
    return STORE_OK;
}

/*
 * Copies the database into a new file with the online backup API, in one
 * step: one read transaction, so the copy is the database as of one
 * moment. In WAL mode writers go on meanwhile (they append to the log). A
 * copy in steps of a few hundred pages restarts at every write between
 * steps, and under steady writes a database of some tens of megabytes
 * never finished.
 */
static int sqlite_backup(struct store *s, const char *path, struct err_info *ei)
{
    struct stat sb;
    if (stat(path, &sb) == 0)
        return err_set(ei, ERR_EXISTS, "out", "%s already exists", path);
    sqlite3 *to = NULL;
    int rc = sqlite3_open_v2(path, &to,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK)
        chmod(path, 0600);
    sqlite3_backup *b =
        rc == SQLITE_OK ? sqlite3_backup_init(to, "main", sqlite_db(s), "main")
                        : NULL;
    if (b) {
        do {
            rc = sqlite3_backup_step(b, -1);
            if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        if (rc == SQLITE_DONE)
            rc = sqlite3_errcode(to);
    } else if (rc == SQLITE_OK) {
        rc = sqlite3_errcode(to);
    }
    int ok = rc == SQLITE_OK;
    if (!ok)
        err_set(ei, ERR_IO, "out", "cannot back up to %s: %s", path,
                to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
    sqlite3_close(to);
    if (!ok)
        unlink(path);
    return ok ? 0 : ERR_IO;
}

const struct store_backend store_sqlite_backend = {
    .name = "sqlite",
    .open = sqlite_open,
    .close = sqlite_close,
    .prepare = sqlite_prepare,
    .bind_null = sqlite_bind_null,
    .bind_int64 = sqlite_bind_int64,
    .bind_double = sqlite_bind_double,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .step = sqlite_step,
    .reset = sqlite_reset,
    .column_null = sqlite_column_null,
    .column_int64 = sqlite_column_int64,
    .column_double = sqlite_column_double,
    .column_text = sqlite_column_text,
    .column_blob = sqlite_column_blob,
    .finalize = sqlite_finalize,
    .exec = sqlite_exec,
    .begin_write = sqlite_begin_write,
    .read_begin = sqlite_read_begin,
    .read_end = sqlite_read_end,
    .in_transaction = sqlite_in_transaction,
    .migrations = store_migrations,
    .migration_count = &store_migrations_count,
    .schema_version_sql = "CREATE TABLE IF NOT EXISTS schema_version ("
                          " version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL,"
                          " applied_at TEXT NOT NULL) STRICT",
    .tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' "
                  "AND name NOT LIKE 'sqlite_%' ORDER BY name",
    .columns_sql = "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
    .size = sqlite_size,
    .backup = sqlite_backup,
};
