/* The store (store.h) over SQLite: connection, migrations, transactions. */
#include "store/store_impl.h"

#include "util/embed.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

extern const struct embed_file store_migrations[];
extern const size_t store_migrations_count;

static const char *const store_entity_names[STORE_ENTITY_COUNT] = {
    "region", "provider", "site",     "area",       "specialty",
    "goal",   "unit",     "person",   "supervisor", "trainee",
    "leave",  "need",     "capacity", "booking",    "audit",
};

/* One fixed statement per entity: SQL is never built from strings. */
static const char *const store_count_sql[STORE_ENTITY_COUNT] = {
    "SELECT count(*) FROM region",     "SELECT count(*) FROM provider",
    "SELECT count(*) FROM site",       "SELECT count(*) FROM area",
    "SELECT count(*) FROM specialty",  "SELECT count(*) FROM goal",
    "SELECT count(*) FROM unit",       "SELECT count(*) FROM person",
    "SELECT count(*) FROM supervisor", "SELECT count(*) FROM trainee",
    "SELECT count(*) FROM leave",      "SELECT count(*) FROM rotation_need",
    "SELECT count(*) FROM capacity",   "SELECT count(*) FROM booking",
    "SELECT count(*) FROM audit_log",
};

const char *store_entity_name(enum store_entity e)
{
    if ((unsigned)e >= STORE_ENTITY_COUNT)
        return "unknown";
    return store_entity_names[e];
}

int store__db_error(struct store *s, int rc, struct err_info *ei)
{
    const char *msg = sqlite3_errmsg(s->db);
    switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return err_set(ei, ERR_CONFLICT, "", "already exists (%s)", msg);
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return err_set(ei, ERR_NOTFOUND, "",
                       "refers to a row that does not "
                       "exist");
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
        return err_set(ei, ERR_INVAL, "", "refused by the schema (%s)", msg);
    default:
        return err_set(ei, ERR_DB, "", "database error: %s", msg);
    }
}

int store__prepare(struct store *s, const char *sql, sqlite3_stmt **st,
                   struct err_info *ei)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return store__db_error(s, rc, ei);
    }
    return 0;
}

int store__bindv(sqlite3_stmt *st, const char *types, va_list ap)
{
    for (int i = 1; *types; types++, i++) {
        int rc;
        switch (*types) {
        case 'i': {
            int v = va_arg(ap, int);
            rc = sqlite3_bind_int(st, i, v);
            break;
        }
        case 'o': {
            int v = va_arg(ap, int);
            rc = v == STORE_NONE ? sqlite3_bind_null(st, i)
                                 : sqlite3_bind_int(st, i, v);
            break;
        }
        case 'l': {
            int64_t v = va_arg(ap, int64_t);
            rc = sqlite3_bind_int64(st, i, v);
            break;
        }
        case 'd': {
            int64_t v = va_arg(ap, int64_t);
            rc = v == 0 ? sqlite3_bind_null(st, i)
                        : sqlite3_bind_int64(st, i, v);
            break;
        }
        case 't': {
            const char *v = va_arg(ap, const char *);
            rc = sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
            break;
        }
        case 'T': {
            const char *v = va_arg(ap, const char *);
            rc = (!v || !*v)
                     ? sqlite3_bind_null(st, i)
                     : sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
            break;
        }
        default:
            abort(); /* a programming error in a store function */
        }
        if (rc != SQLITE_OK)
            return rc;
    }
    return SQLITE_OK;
}

/* store__query() with its arguments in ap. */
static int store_queryv(struct store *s, sqlite3_stmt **st, struct err_info *ei,
                        const char *sql, const char *types, va_list ap)
{
    int rc = store__prepare(s, sql, st, ei);
    if (rc)
        return rc;
    int brc = store__bindv(*st, types, ap);
    if (brc != SQLITE_OK) {
        rc = store__db_error(s, brc, ei);
        sqlite3_finalize(*st);
        *st = NULL;
    }
    return rc;
}

int store__query(struct store *s, sqlite3_stmt **st, struct err_info *ei,
                 const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = store_queryv(s, st, ei, sql, types, ap);
    va_end(ap);
    return rc;
}

/* store__count() with its arguments in ap. */
static int store_countv(struct store *s, struct err_info *ei, int64_t *n,
                        const char *sql, const char *types, va_list ap)
{
    sqlite3_stmt *st = NULL;
    int rc = store_queryv(s, &st, ei, sql, types, ap);
    if (rc)
        return rc;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = store__db_error(s, step, ei);
    sqlite3_finalize(st);
    return rc;
}

int store__count(struct store *s, struct err_info *ei, int64_t *n,
                 const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    int rc = store_countv(s, ei, n, sql, types, ap);
    va_end(ap);
    return rc;
}

/*
 * Steps st to its end, or until l->row fails: passes the rows of l's page
 * to l->row and counts every row into *l->total. Finalizes st.
 */
static int store_list_rows(struct store *s, sqlite3_stmt *st,
                           const struct store__list *l, struct err_info *ei)
{
    int64_t n = 0;
    int offset = l->offset > 0 ? l->offset : 0;
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (n >= offset && (l->limit < 0 || n - offset < l->limit))
            rc = l->row(st, l);
        n++;
        if (rc)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = store__db_error(s, step, ei);
    sqlite3_finalize(st);
    if (l->total)
        *l->total = n;
    return rc;
}

int store__list_all(struct store *s, const struct store__list *l,
                    struct err_info *ei, const char *sql, const char *types,
                    ...)
{
    sqlite3_stmt *st = NULL;
    va_list ap;
    va_start(ap, types);
    int rc = store_queryv(s, &st, ei, sql, types, ap);
    va_end(ap);
    return rc ? rc : store_list_rows(s, st, l, ei);
}

int store__list_page(struct store *s, const struct store__list *l,
                     struct err_info *ei, const char *count_sql,
                     const char *page_sql, const char *types, ...)
{
    sqlite3_stmt *st = NULL;
    va_list ap;
    int rc = 0;
    if (l->total) {
        va_start(ap, types);
        rc = store_countv(s, ei, l->total, count_sql, types, ap);
        va_end(ap);
        if (rc)
            return rc;
    }
    va_start(ap, types);
    rc = store_queryv(s, &st, ei, page_sql, types, ap);
    va_end(ap);
    if (rc)
        return rc;
    int n = (int)strlen(types);
    int brc = sqlite3_bind_int(st, n + 1, l->limit);
    if (brc == SQLITE_OK)
        brc = sqlite3_bind_int(st, n + 2, l->offset > 0 ? l->offset : 0);
    if (brc != SQLITE_OK) {
        rc = store__db_error(s, brc, ei);
        sqlite3_finalize(st);
        return rc;
    }
    /* The statement reads only the page: pass on every row it gives. */
    struct store__list page = *l;
    page.limit = -1;
    page.offset = 0;
    page.total = NULL;
    return store_list_rows(s, st, &page, ei);
}

int store__exec(struct store *s, struct err_info *ei, int64_t *id,
                const char *sql, const char *types, ...)
{
    sqlite3_stmt *st = NULL;
    int rc = store__prepare(s, sql, &st, ei);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, types);
    int src = store__bindv(st, types, ap);
    va_end(ap);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src == SQLITE_ROW && id)
        *id = sqlite3_column_int64(st, 0);
    if (src == SQLITE_ROW)
        src = sqlite3_step(st);
    if (src != SQLITE_DONE)
        rc = store__db_error(s, sqlite3_extended_errcode(s->db), ei);
    sqlite3_finalize(st);
    return rc;
}

static int store_exec_plain(struct store *s, const char *sql,
                            struct err_info *ei)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        err_set(ei, ERR_DB, "", "database error: %s", msg ? msg : "?");
        sqlite3_free(msg);
        return ERR_DB;
    }
    return 0;
}

int store__write_begin(struct store *s, struct err_info *ei)
{
    if (s->readonly)
        return err_set(ei, ERR_INVAL, "", "the database is open read-only");
    int own = s->writes == 0 && sqlite3_get_autocommit(s->db);
    if (own) {
        int rc = store_exec_plain(s, "BEGIN IMMEDIATE", ei);
        if (rc)
            return rc;
    }
    int rc = store_exec_plain(s, "SAVEPOINT store_write", ei);
    if (rc) {
        if (own)
            store_exec_plain(s, "ROLLBACK", NULL);
        return rc;
    }
    if (own)
        s->own_tx = 1;
    s->writes++;
    return 0;
}

int store__write_end(struct store *s, int rc)
{
    if (rc == 0)
        rc = store_exec_plain(s, "RELEASE store_write", NULL);
    if (rc) {
        store_exec_plain(s, "ROLLBACK TO store_write", NULL);
        store_exec_plain(s, "RELEASE store_write", NULL);
    }
    if (--s->writes == 0 && s->own_tx) {
        s->own_tx = 0;
        if (rc == 0)
            rc = store_exec_plain(s, "COMMIT", NULL);
        if (rc)
            store_exec_plain(s, "ROLLBACK", NULL);
    }
    return rc;
}

int store__read_begin(struct store *s, struct err_info *ei)
{
    return store_exec_plain(s, "SAVEPOINT store_read", ei);
}

void store__read_end(struct store *s)
{
    store_exec_plain(s, "RELEASE store_read", NULL);
}

int store_generation(struct store *s, int64_t *value, struct err_info *ei)
{
    sqlite3_stmt *st = NULL;
    int rc =
        store__prepare(s, "SELECT value FROM generation WHERE id = 1", &st, ei);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "generation", 1)) == 0)
        *value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc;
}

void store__timestamp(struct store *s, char *out)
{
    time_t t = s->now ? (time_t)s->now : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, STORE_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int store__audit(struct store *s, const char *entity, const char *action,
                 int64_t id, json_t *before, json_t *after, struct err_info *ei)
{
    struct audit a = {0};
    snprintf(a.actor, sizeof(a.actor), "%s", s->actor);
    snprintf(a.entity, sizeof(a.entity), "%s", entity);
    snprintf(a.action, sizeof(a.action), "%s", action);
    a.entity_id = id;
    a.before_json =
        before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    a.after_json =
        after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(before);
    json_decref(after);
    int rc = store_audit_insert(s, &a, ei);
    store_audit_release(&a);
    return rc;
}

void store__column_text(sqlite3_stmt *st, int col, char *out, size_t size)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    snprintf(out, size, "%s", v ? (const char *)v : "");
}

int64_t store__column_id(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL
               ? 0
               : sqlite3_column_int64(st, col);
}

int store__column_opt(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL
               ? STORE_NONE
               : sqlite3_column_int(st, col);
}

/* The number at the start of a migration's file name ("007_x.sql" is 7). */
static int store_migration_number(const char *name)
{
    return atoi(name);
}

int store_migration_count(void)
{
    return (int)store_migrations_count;
}

int store_schema_version(struct store *s, int *version)
{
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, NULL,
                          "SELECT coalesce(max(version), 0) FROM "
                          "schema_version",
                          "");
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *version = sqlite3_column_int(st, 0);
    else
        rc = ERR_DB;
    sqlite3_finalize(st);
    return rc;
}

/* 1 if the database is already at the binary's schema version. */
static int store_is_current(struct store *s)
{
    int version = 0;
    return store_schema_version(s, &version) == 0 &&
           version == (int)store_migrations_count;
}

/*
 * For a read-only open, where nothing may be migrated: the database must be
 * a Randa database at exactly the binary's schema version.
 */
static int store_check_version(struct store *s, struct err_info *ei)
{
    int version = 0;
    if (store_schema_version(s, &version) != 0)
        return err_set(ei, ERR_INVAL, "db", "not a Randa database");
    if (version != (int)store_migrations_count)
        return err_set(ei, ERR_INVAL, "db",
                       "schema version %d, but this randa reads version %d%s",
                       version, (int)store_migrations_count,
                       version < (int)store_migrations_count
                           ? " (open it read-write once to migrate it)"
                           : "");
    return 0;
}

/*
 * Applies the migrations newer than the database, all in one transaction.
 * A current database is only read, so opening never waits for a writer.
 */
static int store_migrate(struct store *s, struct err_info *ei)
{
    if (store_is_current(s))
        return 0;
    int rc = store_exec_plain(s, "BEGIN IMMEDIATE", ei);
    if (rc)
        return rc;
    rc = store_exec_plain(s,
                          "CREATE TABLE IF NOT EXISTS schema_version ("
                          " version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL,"
                          " applied_at TEXT NOT NULL) STRICT",
                          ei);
    int current = 0;
    if (rc == 0 && (rc = store_schema_version(s, &current)) != 0)
        err_set(ei, rc, "", "cannot read the schema version");
    if (rc == 0 && current > (int)store_migrations_count)
        rc = err_set(ei, ERR_INVAL, "",
                     "the database has schema version %d, newer than this "
                     "randa knows (%d)",
                     current, (int)store_migrations_count);
    for (size_t i = 0; rc == 0 && i < store_migrations_count; i++) {
        const struct embed_file *m = &store_migrations[i];
        int number = store_migration_number(m->name);
        if (number != (int)i + 1) {
            rc = err_set(ei, ERR_INVAL, "", "migration %s is out of sequence",
                         m->name);
            break;
        }
        if (number <= current)
            continue;
        rc = store_exec_plain(s, (const char *)m->data, ei);
        char now[STORE_TIME_MAX];
        store__timestamp(s, now);
        if (rc == 0)
            rc = store__exec(s, ei, NULL,
                             "INSERT INTO schema_version (version, name, "
                             "applied_at) VALUES (?, ?, ?)",
                             "itt", number, m->name, now);
    }
    if (rc == 0)
        return store_exec_plain(s, "COMMIT", ei);
    store_exec_plain(s, "ROLLBACK", NULL);
    return rc;
}

static int store_configure(struct store *s, int memory, struct err_info *ei)
{
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    int rc = store_exec_plain(s, "PRAGMA foreign_keys = ON", ei);
    if (rc == 0 && !memory && !s->readonly)
        rc = store_exec_plain(s, "PRAGMA journal_mode = WAL", ei);
    /* FULL: a transaction reported committed survives a power cut. */
    if (rc == 0)
        rc = store_exec_plain(s, "PRAGMA synchronous = FULL", ei);
    if (rc == 0)
        rc = store__register_scope(s, ei);
    return rc;
}

int store_open(const char *path, unsigned flags, struct store **out,
               struct err_info *ei)
{
    int memory = strcmp(path, ":memory:") == 0;
    struct stat sb;
    int exists = memory ? 0 : stat(path, &sb) == 0;
    *out = NULL;
    if ((flags & STORE_NEW) && exists)
        return err_set(ei, ERR_EXISTS, "db", "%s already exists", path);
    if (!memory && !exists && !(flags & (STORE_CREATE | STORE_NEW)))
        return err_set(ei, ERR_NOTFOUND, "db", "no database at %s", path);

    struct store *s = xcalloc(1, sizeof(*s));
    s->readonly = (flags & STORE_READONLY) != 0;
    snprintf(s->actor, sizeof(s->actor), "system");
    int oflags = s->readonly ? SQLITE_OPEN_READONLY
                             : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    int rc = sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        err_set(ei, ERR_IO, "db", "cannot open %s: %s", path,
                s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        store_close(s);
        return ERR_IO;
    }
    /* A new database holds personal data: only this account may read it
     * (SQLite gives its -wal and -shm files the same mode). */
    if (!memory && !exists && !s->readonly)
        chmod(path, 0600);
    rc = store_configure(s, memory, ei);
    if (rc == 0)
        rc = s->readonly ? store_check_version(s, ei) : store_migrate(s, ei);
    if (rc) {
        /* Name the file in every failure of opening it. */
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", ei ? ei->msg : "");
        err_set(ei, rc, "db", "%s: %s", path, msg);
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void store_close(struct store *s)
{
    if (!s)
        return;
    sqlite3_close(s->db);
    free(s);
}

void store_set_actor(struct store *s, const char *actor)
{
    snprintf(s->actor, sizeof(s->actor), "%s", actor);
}

void store_set_now(struct store *s, int64_t unix_seconds)
{
    s->now = unix_seconds;
}

int store_begin(struct store *s, struct err_info *ei)
{
    if (s->in_tx)
        return err_set(ei, ERR_INVAL, "", "a transaction is already open");
    int rc = store_exec_plain(s, "BEGIN IMMEDIATE", ei);
    if (rc == 0)
        s->in_tx = 1;
    return rc;
}

int store_commit(struct store *s, struct err_info *ei)
{
    if (!s->in_tx)
        return err_set(ei, ERR_INVAL, "", "no transaction is open");
    int rc = store_exec_plain(s, "COMMIT", ei);
    if (rc) {
        store_rollback(s);
        return rc;
    }
    s->in_tx = 0;
    return 0;
}

void store_rollback(struct store *s)
{
    if (!s->in_tx)
        return;
    store_exec_plain(s, "ROLLBACK", NULL);
    s->in_tx = 0;
}

int store_count(struct store *s, enum store_entity e, int64_t *n,
                struct err_info *ei)
{
    if ((unsigned)e >= STORE_ENTITY_COUNT)
        return err_set(ei, ERR_INVAL, "entity", "unknown entity");
    sqlite3_stmt *st = NULL;
    int rc = store__query(s, &st, ei, store_count_sql[e], "");
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = store__db_error(s, sqlite3_extended_errcode(s->db), ei);
    sqlite3_finalize(st);
    return rc;
}
