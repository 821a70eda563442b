/*
 * The store (store.h) over any backend: statements, lists, transactions,
 * migrations and opening, written once against struct store_backend.
 */
#include "store/store_impl.h"

#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int store__fail(struct store *s, enum store_fail fail, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->fail_msg, sizeof(s->fail_msg), fmt, ap);
    va_end(ap);
    s->fail = fail;
    return -1;
}

int store__db_error(struct store *s, struct err_info *ei)
{
    const char *msg = s->fail_msg[0] ? s->fail_msg : "unknown failure";
    switch (s->fail) {
    case STORE_FAIL_UNIQUE:
        return err_set(ei, ERR_CONFLICT, "", "already exists (%s)", msg);
    case STORE_FAIL_FOREIGN:
        return err_set(ei, ERR_NOTFOUND, "",
                       "refers to a row that does not exist");
    case STORE_FAIL_CHECK:
        return err_set(ei, ERR_INVAL, "", "refused by the schema (%s)", msg);
    case STORE_FAIL_BUSY:
        return err_set(ei, ERR_CONFLICT, "",
                       "the database is busy; try again (%s)", msg);
    default:
        return err_set(ei, ERR_DB, "", "database error: %s", msg);
    }
}

/* ---- statements: the backend's functions ---- */

int store__prepare(struct store *s, const char *sql, struct store_stmt **st,
                   struct err_info *ei)
{
    *st = NULL;
    if (s->be->prepare(s, sql, st) != STORE_OK) {
        *st = NULL;
        return store__db_error(s, ei);
    }
    return 0;
}

int store__bind_null(struct store_stmt *st, int i)
{
    return st->s->be->bind_null(st, i, 0);
}

int store__bind_null_text(struct store_stmt *st, int i)
{
    return st->s->be->bind_null(st, i, 1);
}

int store__bind_null_blob(struct store_stmt *st, int i)
{
    return st->s->be->bind_null(st, i, 2);
}

int store__bind_int(struct store_stmt *st, int i, int v)
{
    return st->s->be->bind_int64(st, i, v);
}

int store__bind_int64(struct store_stmt *st, int i, int64_t v)
{
    return st->s->be->bind_int64(st, i, v);
}

int store__bind_double(struct store_stmt *st, int i, double v)
{
    return st->s->be->bind_double(st, i, v);
}

int store__bind_text(struct store_stmt *st, int i, const char *v)
{
    return st->s->be->bind_text(st, i, v);
}

int store__bind_blob(struct store_stmt *st, int i, const void *v, size_t n)
{
    return st->s->be->bind_blob(st, i, v, n);
}

int store__step(struct store_stmt *st)
{
    return st->s->be->step(st);
}

void store__reset(struct store_stmt *st)
{
    st->s->be->reset(st);
}

void store__finalize(struct store_stmt *st)
{
    if (st)
        st->s->be->finalize(st);
}

int store__col_null(struct store_stmt *st, int col)
{
    return st->s->be->column_null(st, col);
}

int64_t store__col_int64(struct store_stmt *st, int col)
{
    return st->s->be->column_int64(st, col);
}

int store__col_int(struct store_stmt *st, int col)
{
    return (int)st->s->be->column_int64(st, col);
}

double store__col_double(struct store_stmt *st, int col)
{
    return st->s->be->column_double(st, col);
}

const char *store__col_text(struct store_stmt *st, int col)
{
    return st->s->be->column_text(st, col);
}

const void *store__col_blob(struct store_stmt *st, int col, size_t *n)
{
    return st->s->be->column_blob(st, col, n);
}

int store__bindv(struct store_stmt *st, const char *types, va_list ap)
{
    for (int i = 1; *types; types++, i++) {
        int rc;
        switch (*types) {
        case 'i':
            rc = store__bind_int(st, i, va_arg(ap, int));
            break;
        case 'o': {
            int v = va_arg(ap, int);
            rc = v == STORE_NONE ? store__bind_null(st, i)
                                 : store__bind_int(st, i, v);
            break;
        }
        case 'l':
            rc = store__bind_int64(st, i, va_arg(ap, int64_t));
            break;
        case 'd': {
            int64_t v = va_arg(ap, int64_t);
            rc = v == 0 ? store__bind_null(st, i) : store__bind_int64(st, i, v);
            break;
        }
        case 't':
            rc = store__bind_text(st, i, va_arg(ap, const char *));
            break;
        case 'T': {
            const char *v = va_arg(ap, const char *);
            rc = (!v || !*v) ? store__bind_null_text(st, i)
                             : store__bind_text(st, i, v);
            break;
        }
        case 'b': {
            const void *v = va_arg(ap, const void *);
            size_t n = va_arg(ap, size_t);
            rc = store__bind_blob(st, i, v, n);
            break;
        }
        default:
            abort(); /* a programming error in a store function */
        }
        if (rc != STORE_OK)
            return rc;
    }
    return STORE_OK;
}

/* store__query() with its arguments in ap. */
static int store_queryv(struct store *s, struct store_stmt **st,
                        struct err_info *ei, const char *sql, const char *types,
                        va_list ap)
{
    int rc = store__prepare(s, sql, st, ei);
    if (rc)
        return rc;
    if (store__bindv(*st, types, ap) != STORE_OK) {
        rc = store__db_error(s, ei);
        store__finalize(*st);
        *st = NULL;
    }
    return rc;
}

int store__query(struct store *s, struct store_stmt **st, struct err_info *ei,
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
    struct store_stmt *st = NULL;
    int rc = store_queryv(s, &st, ei, sql, types, ap);
    if (rc)
        return rc;
    if (store__step(st) == STORE_ROW)
        *n = store__col_int64(st, 0);
    else
        rc = store__db_error(s, ei);
    store__finalize(st);
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

int store__exists(struct store *s, struct err_info *ei, const char *sql,
                  int64_t id, const char *field, const char *what)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, sql, "l", id);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_DONE)
        rc = err_set(ei, ERR_NOTFOUND, field, "%s: no %s has id %lld", field,
                     what, (long long)id);
    else if (step != STORE_ROW)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/*
 * Steps st to its end, or until l->row fails: passes the rows of l's page
 * to l->row and counts every row into *l->total. Finalizes st.
 */
static int store_list_rows(struct store *s, struct store_stmt *st,
                           const struct store__list *l, struct err_info *ei)
{
    int64_t n = 0;
    int offset = l->offset > 0 ? l->offset : 0;
    int rc = 0, step;
    while ((step = store__step(st)) == STORE_ROW) {
        if (n >= offset && (l->limit < 0 || n - offset < l->limit))
            rc = l->row(st, l);
        n++;
        if (rc)
            break;
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    if (l->total)
        *l->total = n;
    return rc;
}

int store__list_all(struct store *s, const struct store__list *l,
                    struct err_info *ei, const char *sql, const char *types,
                    ...)
{
    struct store_stmt *st = NULL;
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
    struct store_stmt *st = NULL;
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
    int brc =
        store__bind_int64(st, n + 1, l->limit < 0 ? STORE_NO_LIMIT : l->limit);
    if (brc == STORE_OK)
        brc = store__bind_int(st, n + 2, l->offset > 0 ? l->offset : 0);
    if (brc != STORE_OK) {
        rc = store__db_error(s, ei);
        store__finalize(st);
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
    struct store_stmt *st = NULL;
    int rc = store__prepare(s, sql, &st, ei);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, types);
    int src = store__bindv(st, types, ap);
    va_end(ap);
    if (src == STORE_OK)
        src = store__step(st);
    if (src == STORE_ROW && id)
        *id = store__col_int64(st, 0);
    while (src == STORE_ROW)
        src = store__step(st);
    if (src != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* Runs statements that return nothing; ei (may be NULL) says why not. */
static int store_exec_plain(struct store *s, const char *sql,
                            struct err_info *ei)
{
    if (s->be->exec(s, sql) != STORE_OK) {
        err_set(ei, ERR_DB, "", "database error: %s", s->fail_msg);
        return ERR_DB;
    }
    return 0;
}

/* Begins the write transaction of s; ei says why not. */
static int store_begin_write(struct store *s, struct err_info *ei)
{
    return s->be->begin_write(s) == STORE_OK ? 0 : store__db_error(s, ei);
}

int store__write_begin(struct store *s, struct err_info *ei)
{
    if (s->readonly)
        return err_set(ei, ERR_INVAL, "", "the database is open read-only");
    int own = s->writes == 0 && !s->be->in_transaction(s);
    if (own) {
        int rc = store_begin_write(s, ei);
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
    return s->be->read_begin(s) == STORE_OK ? 0 : store__db_error(s, ei);
}

void store__read_end(struct store *s)
{
    s->be->read_end(s);
}

int store_generation(struct store *s, int64_t *value, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc =
        store__prepare(s, "SELECT value FROM generation WHERE id = 1", &st, ei);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "generation", 1)) == 0)
        *value = store__col_int64(st, 0);
    store__finalize(st);
    return rc;
}

void store__timestamp(struct store *s, char *out)
{
    time_t t = s->now ? (time_t)s->now : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, STORE_TIME_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t store_now(const struct store *s)
{
    return s->now ? s->now : (int64_t)time(NULL);
}

int store__step_one(struct store *s, struct store_stmt *st, struct err_info *ei,
                    const char *what, int64_t id)
{
    int rc = store__step(st);
    if (rc == STORE_ROW)
        return 0;
    if (rc == STORE_DONE)
        return err_set(ei, ERR_NOTFOUND, "id", "%s %lld does not exist", what,
                       (long long)id);
    return store__db_error(s, ei);
}

void store__column_text(struct store_stmt *st, int col, char *out, size_t size)
{
    const char *v = store__col_text(st, col);
    snprintf(out, size, "%s", v ? v : "");
}

int64_t store__column_id(struct store_stmt *st, int col)
{
    return store__col_null(st, col) ? 0 : store__col_int64(st, col);
}

int store__column_opt(struct store_stmt *st, int col)
{
    return store__col_null(st, col) ? STORE_NONE : store__col_int(st, col);
}

/* ---- migrations ---- */

/* The number at the start of a migration's file name ("007_x.sql" is 7). */
static int store_migration_number(const char *name)
{
    return atoi(name);
}

/*
 * Migrations are numbered in increasing order, and a number may be missing:
 * work done side by side takes its numbers ahead, and one branch may carry
 * 008 before the 007 of another is merged. The schema version is the number
 * of the last migration, and a database is current when it has recorded
 * every migration the binary carries, whatever order they came in.
 */
static int store_last_migration(const struct store_backend *be)
{
    size_t n = *be->migration_count;
    return n ? store_migration_number(be->migrations[n - 1].name) : 0;
}

int store_migration_count(void)
{
    return store_last_migration(&store_sqlite_backend);
}

int store_migrations_after(int version)
{
    const struct store_backend *be = &store_sqlite_backend;
    int n = 0;
    for (size_t i = 0; i < *be->migration_count; i++)
        n += store_migration_number(be->migrations[i].name) > version;
    return n;
}

int store_schema_version(struct store *s, int *version)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, NULL,
                          "SELECT coalesce(max(version), 0) FROM "
                          "schema_version",
                          "");
    if (rc)
        return rc;
    if (store__step(st) == STORE_ROW)
        *version = store__col_int(st, 0);
    else
        rc = ERR_DB;
    store__finalize(st);
    return rc;
}

/* The schema version the binary carries for the backend of s. */
static int store_migrations_known(const struct store *s)
{
    return store_last_migration(s->be);
}

/* Whether the database has recorded every migration the binary carries
 * (and, being at its version, no other). */
static int store_migrations_all_applied(struct store *s)
{
    int64_t n = -1;
    if (store__count(s, NULL, &n, "SELECT count(*) FROM schema_version", "") !=
        0)
        return 0;
    return n == (int64_t)*s->be->migration_count;
}

/*
 * For a read-only open, where nothing may be migrated, and for a server
 * that must not migrate: the database must be a Randa database at exactly
 * the binary's schema version.
 */
static int store_check_version(struct store *s, struct err_info *ei)
{
    int version = 0, known = store_migrations_known(s);
    if (store_schema_version(s, &version) != 0)
        return err_set(ei, ERR_INVAL, "db", "not a Randa database");
    if (version > known)
        return err_set(ei, ERR_INVAL, "db",
                       "schema version %d is newer than this randa knows "
                       "(%d): run the newer randa",
                       version, known);
    if (version < known || !store_migrations_all_applied(s))
        return err_set(ei, ERR_INVAL, "db",
                       "schema version %d, but this randa reads version %d "
                       "(run randa migrate)",
                       version, known);
    return 0;
}

/*
 * Applies the migrations the database has not recorded, in number order,
 * all in one transaction that holds the write lock, so that two processes
 * migrating at once apply each migration once. A current database is only
 * read, so opening never waits for a writer.
 */
static int store_migrate(struct store *s, struct err_info *ei)
{
    int version = 0, known = store_migrations_known(s);
    if (store_schema_version(s, &version) == 0 && version == known &&
        store_migrations_all_applied(s))
        return 0;
    if (s->be->in_transaction(s))
        store_exec_plain(s, "ROLLBACK", NULL); /* the failed read's */
    int rc = store_begin_write(s, ei);
    if (rc)
        return rc;
    rc = store_exec_plain(s, s->be->schema_version_sql, ei);
    int current = 0;
    if (rc == 0 && (rc = store_schema_version(s, &current)) != 0)
        err_set(ei, rc, "", "cannot read the schema version");
    if (rc == 0 && current > known)
        rc = err_set(ei, ERR_INVAL, "",
                     "the database has schema version %d, newer than this "
                     "randa knows (%d)",
                     current, known);
    int before = 0;
    for (size_t i = 0; rc == 0 && i < *s->be->migration_count; i++) {
        const struct embed_file *m = &s->be->migrations[i];
        int number = store_migration_number(m->name);
        if (number <= before) {
            rc = err_set(ei, ERR_INVAL, "", "migration %s is out of sequence",
                         m->name);
            break;
        }
        before = number;
        int64_t done = 0;
        rc = store__count(s, ei, &done,
                          "SELECT count(*) FROM schema_version "
                          "WHERE version = ?",
                          "i", number);
        if (rc || done)
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

/* The backend that serves target: PostgreSQL for a connection URI. */
static const struct store_backend *store_backend_for(const char *target)
{
    if (strncmp(target, "postgresql://", 13) == 0 ||
        strncmp(target, "postgres://", 11) == 0)
        return &store_pg_backend;
    return &store_sqlite_backend;
}

int store_is_url(const char *target)
{
    return store_backend_for(target) != &store_sqlite_backend;
}

int store_open(const char *target, unsigned flags, struct store **out,
               struct err_info *ei)
{
    const struct store_backend *be = store_backend_for(target);
    *out = NULL;
    struct store *s = NULL;
    int rc = be->open(target, flags, &s, ei);
    if (rc)
        return rc;
    s->be = be;
    s->readonly = (flags & STORE_READONLY) != 0;
    s->scope_dirty = 1;
    snprintf(s->actor, sizeof(s->actor), "system");
    if (s->readonly && (flags & STORE_ANY_VERSION))
        rc = 0;
    else if (s->readonly || (flags & STORE_NO_MIGRATE))
        rc = store_check_version(s, ei);
    else
        rc = store_migrate(s, ei);
    if (rc) {
        /* Name the database in every failure of opening it. */
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", ei ? ei->msg : "");
        err_set(ei, rc, "db", "%s: %s",
                be == &store_sqlite_backend ? target
                                            : "the PostgreSQL database",
                msg);
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void store_close(struct store *s)
{
    if (s)
        s->be->close(s);
}

const char *store_backend_name(const struct store *s)
{
    return s->be->name;
}

int store_size(struct store *s, int64_t *bytes, int64_t *wal_bytes,
               struct err_info *ei)
{
    return s->be->size(s, bytes, wal_bytes) == STORE_OK
               ? 0
               : store__db_error(s, ei);
}

int store_backup(struct store *s, const char *path, struct err_info *ei)
{
    return s->be->backup(s, path, ei);
}

void store_clear_failure(struct store *s)
{
    s->fail = STORE_FAIL_NONE;
    s->fail_msg[0] = '\0';
}

int store_failed(const struct store *s)
{
    return s->fail != STORE_FAIL_NONE;
}

int store_connected(struct store *s)
{
    return !s->be->connected || s->be->connected(s);
}

int store_wal_position(struct store *s, char *pos, struct err_info *ei)
{
    pos[0] = '\0';
    if (!s->be->wal_position)
        return 0;
    return s->be->wal_position(s, pos) == STORE_OK ? 0 : store__db_error(s, ei);
}

/* 1 when pos is a log position: "X/X", each X one to eight hex digits. */
static int store_wal_pos_valid(const char *pos)
{
    size_t hi = strspn(pos, "0123456789ABCDEFabcdef");
    if (hi < 1 || hi > 8 || pos[hi] != '/')
        return 0;
    size_t lo = strspn(pos + hi + 1, "0123456789ABCDEFabcdef");
    return lo >= 1 && lo <= 8 && pos[hi + 1 + lo] == '\0';
}

int store_wal_replayed(struct store *s, const char *pos, int *yes,
                       struct err_info *ei)
{
    *yes = 1;
    if (!store_wal_pos_valid(pos))
        return err_set(ei, ERR_INVAL, "pos", "not a log position");
    if (!s->be->wal_replayed)
        return 0;
    return s->be->wal_replayed(s, pos, yes) == STORE_OK
               ? 0
               : store__db_error(s, ei);
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
    int rc = store_begin_write(s, ei);
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
    return store__count(s, ei, n, store_count_sql[e], "");
}
