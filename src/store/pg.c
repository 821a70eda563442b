/*
 * The store's PostgreSQL backend: the only file that knows libpq. The
 * store's queries are written once, with SQLite's "?" and "?N"
 * parameters; this file turns them into PostgreSQL's "$N", and the
 * PostgreSQL migrations (migrations/pg/) define the few SQLite functions
 * the queries use, so that the dialect differences live here and there.
 */
#include "store/store_impl.h"

#include "util/buf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern const struct embed_file store_pg_migrations[];
extern const size_t store_pg_migrations_count;

/* Most parameters a statement may have. */
#define PG_PARAMS_MAX 64

struct pg_store {
    struct store base; /* first: a struct store * is a struct pg_store * */
    PGconn *conn;
    int reads;        /* store__read_begin() calls not yet ended */
    int own_read;     /* the outermost of them began the transaction */
    char *scope_sent; /* the scope the session's settings hold, or NULL */
};

struct pg_stmt {
    struct store_stmt base;
    char *sql; /* with $N parameters */
    int nparams;
    char *values[PG_PARAMS_MAX]; /* NULL for SQL NULL */
    Oid types[PG_PARAMS_MAX];    /* bigint, double precision or text */
    PGresult *res;
    int row, rows;       /* the current row; -1 before the first step */
    unsigned char *blob; /* the last bytea column read (PQfreemem) */
};

/* Frees the bytes the last column_blob() read. */
static void pg_blob_free(struct pg_stmt *q)
{
    if (q->blob)
        PQfreemem(q->blob);
    q->blob = NULL;
}

static PGconn *pg_conn(struct store *s)
{
    return ((struct pg_store *)s)->conn;
}

/* Marks the session's scope settings unknown: the next statement sends
 * them again (after a roll-back, a failure or a new connection). */
static void pg_forget_scope(struct store *s)
{
    struct pg_store *p = (struct pg_store *)s;
    free(p->scope_sent);
    p->scope_sent = NULL;
}

/* Records the failure of result r (or of the connection) on s. */
static int pg_fail(struct store *s, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(pg_conn(s));
    enum store_fail fail = STORE_FAIL_OTHER;
    if (state && strcmp(state, "23505") == 0)
        fail = STORE_FAIL_UNIQUE;
    else if (state && strcmp(state, "23503") == 0)
        fail = STORE_FAIL_FOREIGN;
    else if (state &&
             (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0 ||
              strncmp(state, "22", 2) == 0))
        fail = STORE_FAIL_CHECK;
    else if (state &&
             (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
              strcmp(state, "55P03") == 0))
        fail = STORE_FAIL_BUSY;
    store__fail(s, fail, "%.*s", (int)strcspn(msg ? msg : "", "\n"),
                msg ? msg : "");
    /* A failure undoes what the transaction set, the scope included. */
    pg_forget_scope(s);
    return -1;
}

/*
 * Rewrites SQLite's parameters into PostgreSQL's: "?N" becomes "$N" and a
 * bare "?" one more than the largest number given so far, outside quoted
 * text, quoted names and comments. Sets *nparams to the largest.
 */
static char *pg_translate(const char *sql, int *nparams)
{
    struct buf b = BUF_INIT(0);

    int max = 0;
    for (const char *p = sql; *p;) {
        if (*p == '\'' || *p == '"') {
            const char *end = strchr(p + 1, *p);
            size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
            buf_add(&b, p, n);
            p += n;
        } else if (p[0] == '-' && p[1] == '-') {
            size_t n = strcspn(p, "\n");
            buf_add(&b, p, n);
            p += n;
        } else if (*p == '?') {
            int n = 0;
            p++;
            if (*p >= '0' && *p <= '9') {
                while (*p >= '0' && *p <= '9')
                    n = n * 10 + (*p++ - '0');
            } else {
                n = max + 1;
            }
            if (n > max)
                max = n;
            buf_addf(&b, "$%d", n);
        } else {
            buf_add(&b, p, 1);
            p++;
        }
    }
    *nparams = max;
    return buf_detach(&b);
}

static int pg_prepare(struct store *s, const char *sql, struct store_stmt **out)
{
    int n = 0;
    char *text = pg_translate(sql, &n);
    if (n > PG_PARAMS_MAX) {
        free(text);
        return store__fail(s, STORE_FAIL_OTHER, "too many parameters (%d)", n);
    }
    struct pg_stmt *q = xcalloc(1, sizeof(*q));
    q->base.s = s;
    q->sql = text;
    q->nparams = n;
    q->row = -1;
    *out = &q->base;
    return STORE_OK;
}

/* PostgreSQL's type ids (pg_type.oid) of the parameters' types. */
#define PG_BYTEA  17
#define PG_INT8   20
#define PG_TEXT   25
#define PG_FLOAT8 701

/*
 * Sets parameter i of st to v (taken over; NULL for SQL NULL) of type
 * type: the type goes with the value, because a parameter only ever
 * tested for NULL ("?1 IS NULL OR ...") has no type PostgreSQL can infer.
 */
static int pg_bind(struct store_stmt *st, int i, char *v, Oid type)
{
    struct pg_stmt *q = (struct pg_stmt *)st;
    if (i < 1 || i > q->nparams) {
        free(v);
        return store__fail(st->s, STORE_FAIL_OTHER, "parameter %d out of range",
                           i);
    }
    free(q->values[i - 1]);
    q->values[i - 1] = v;
    q->types[i - 1] = type;
    return STORE_OK;
}

static int pg_bind_null(struct store_stmt *st, int i, int text)
{
    return pg_bind(st, i, NULL,
                   text == 2 ? PG_BYTEA
                   : text    ? PG_TEXT
                             : PG_INT8);
}

static int pg_bind_int64(struct store_stmt *st, int i, int64_t v)
{
    char text[24];
    snprintf(text, sizeof(text), "%lld", (long long)v);
    return pg_bind(st, i, xstrdup(text), PG_INT8);
}

static int pg_bind_double(struct store_stmt *st, int i, double v)
{
    char text[32];
    snprintf(text, sizeof(text), "%.17g", v);
    return pg_bind(st, i, xstrdup(text), PG_FLOAT8);
}

static int pg_bind_text(struct store_stmt *st, int i, const char *v)
{
    return pg_bind(st, i, xstrdup(v), PG_TEXT);
}

/* Bytes go as bytea's text form: "\x", then two hex digits a byte. */
static int pg_bind_blob(struct store_stmt *st, int i, const void *v, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *b = v;
    char *text = xmalloc(2 * n + 3);
    text[0] = '\\';
    text[1] = 'x';
    for (size_t k = 0; k < n; k++) {
        text[2 + 2 * k] = hex[b[k] >> 4];
        text[3 + 2 * k] = hex[b[k] & 15];
    }
    text[2 * n + 2] = '\0';
    return pg_bind(st, i, text, PG_BYTEA);
}

/* Notices (a table that already exists, ...) are not the user's concern. */
static void pg_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Writes ids as "1,2,3" into b. */
static void pg_ids(struct buf *b, const int64_t *ids, int n)
{
    buf_reset(b);
    for (int i = 0; i < n; i++)
        buf_addf(b, "%s%lld", i ? "," : "", (long long)ids[i]);
}

/*
 * Hands the connection's scope (store_set_scope()) to randa_sees() in the
 * database as session settings, unless they hold it already: a request
 * sets its scope, but the same user's next request on this connection
 * needs no round trip for it.
 */
static int pg_send_scope(struct store *s)
{
    struct pg_store *p = (struct pg_store *)s;
    if (!s->scope_dirty && p->scope_sent)
        return STORE_OK;
    const struct scope *sc = s->scope;
    int all = !sc || sc->all;
    struct buf t = BUF_INIT(0), h = BUF_INIT(0), u = BUF_INIT(0),
               r = BUF_INIT(0), key = BUF_INIT(0);
    if (!all) {
        pg_ids(&t, sc->trainees, sc->ntrainees);
        pg_ids(&h, sc->homes, sc->nhomes);
        pg_ids(&u, sc->units, sc->nunits);
        pg_ids(&r, sc->regions, sc->nregions);
    }
    buf_addf(&key, "%d|%s|%s|%s|%s", all, t.data, h.data, u.data, r.data);
    int rc = STORE_OK;
    if (!p->scope_sent || strcmp(p->scope_sent, key.data) != 0) {
        const char *values[5] = {all ? "1" : "0", t.data, h.data, u.data,
                                 r.data};
        PGresult *res =
            PQexecParams(p->conn,
                         "SELECT set_config('randa.scope_all', $1, false), "
                         "set_config('randa.scope_trainees', $2, false), "
                         "set_config('randa.scope_homes', $3, false), "
                         "set_config('randa.scope_units', $4, false), "
                         "set_config('randa.scope_regions', $5, false)",
                         5, NULL, values, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            rc = pg_fail(s, res);
        } else {
            free(p->scope_sent);
            p->scope_sent = buf_detach(&key);
        }
        PQclear(res);
    }
    if (rc == STORE_OK)
        s->scope_dirty = 0;
    buf_release(&t);
    buf_release(&h);
    buf_release(&u);
    buf_release(&r);
    buf_release(&key);
    return rc;
}

/*
 * Sets up a new connection: UTF-8, no notices, UTC, read-only when the
 * store was opened so.
 */
static int pg_configure(struct store *s)
{
    PGconn *conn = pg_conn(s);
    PQsetNoticeProcessor(conn, pg_notice, NULL);
    PGresult *res = PQexec(conn, "SET client_encoding = 'UTF8'; "
                                 "SET client_min_messages = warning; "
                                 "SET TIME ZONE 'UTC'");
    if (PQresultStatus(res) == PGRES_COMMAND_OK && s->readonly) {
        PQclear(res);
        res = PQexec(conn, "SET default_transaction_read_only = on");
    }
    int rc =
        PQresultStatus(res) == PGRES_COMMAND_OK ? STORE_OK : pg_fail(s, res);
    PQclear(res);
    return rc;
}

/*
 * After the server went away (a restart, a fail-over to the standby),
 * connects again, once, and sets the connection up with its scope: 1 when
 * the statement may simply be sent again, which is only so outside a
 * transaction (inside one, the transaction is lost, and its failure must
 * reach the caller).
 */
static int pg_reconnect(struct store *s)
{
    struct pg_store *p = (struct pg_store *)s;
    if (PQstatus(p->conn) != CONNECTION_BAD || s->writes || s->in_tx ||
        p->reads)
        return 0;
    PQreset(p->conn);
    if (PQstatus(p->conn) != CONNECTION_OK)
        return 0;
    pg_forget_scope(s);
    return pg_configure(s) == STORE_OK && pg_send_scope(s) == STORE_OK;
}

/*
 * Runs sql with n parameters (n < 0: statements without parameters) and,
 * when the server went away outside a transaction, once more on a new
 * connection.
 */
static PGresult *pg_run(struct store *s, const char *sql, int n,
                        const Oid *types, const char *const *values)
{
    PGconn *conn = pg_conn(s);
    PGresult *res =
        n < 0 ? PQexec(conn, sql)
              : PQexecParams(conn, sql, n, types, values, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_FATAL_ERROR && pg_reconnect(s)) {
        PQclear(res);
        res = n < 0 ? PQexec(conn, sql)
                    : PQexecParams(conn, sql, n, types, values, NULL, NULL, 0);
    }
    return res;
}

static int pg_exec(struct store *s, const char *sql)
{
    PGresult *res = pg_run(s, sql, -1, NULL, NULL);
    ExecStatusType status = PQresultStatus(res);
    int rc = STORE_OK;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        rc = pg_fail(s, res);
    PQclear(res);
    /* A rollback undoes the scope's settings made since. */
    if (strncmp(sql, "ROLLBACK", 8) == 0)
        pg_forget_scope(s);
    return rc;
}

/* 1 when sql changes rows (INSERT, UPDATE, DELETE). */
static int pg_is_write(const char *sql)
{
    sql += strspn(sql, " \t\n");
    return strncmp(sql, "INSERT", 6) == 0 || strncmp(sql, "UPDATE", 6) == 0 ||
           strncmp(sql, "DELETE", 6) == 0;
}

/*
 * Runs st's statement. A failed statement in SQLite undoes itself and
 * leaves the transaction going, and the store relies on that (a write
 * that fails on a reference then reads which one); in PostgreSQL it
 * aborts the whole transaction. So a write inside a transaction runs in
 * a savepoint of its own, rolled back when it fails.
 */
static int pg_execute(struct pg_stmt *q)
{
    struct store *s = q->base.s;
    if (pg_send_scope(s) != STORE_OK && !pg_reconnect(s))
        return -1;
    int own = !s->bulk && PQtransactionStatus(pg_conn(s)) == PQTRANS_INTRANS &&
              pg_is_write(q->sql);
    if (own && pg_exec(s, "SAVEPOINT store_statement") != STORE_OK)
        return -1;
    q->res =
        pg_run(s, q->sql, q->nparams, q->types, (const char *const *)q->values);
    ExecStatusType status = PQresultStatus(q->res);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        int rc = pg_fail(s, q->res);
        PQclear(q->res);
        q->res = NULL;
        if (own) {
            /* Keep the statement's failure, not the roll-back's. */
            enum store_fail fail = s->fail;
            char msg[sizeof(s->fail_msg)];
            memcpy(msg, s->fail_msg, sizeof(msg));
            pg_exec(s, "ROLLBACK TO store_statement; RELEASE store_statement");
            s->fail = fail;
            memcpy(s->fail_msg, msg, sizeof(msg));
        }
        return rc;
    }
    if (own && pg_exec(s, "RELEASE store_statement") != STORE_OK)
        return -1;
    return STORE_OK;
}

static int pg_step(struct store_stmt *st)
{
    struct pg_stmt *q = (struct pg_stmt *)st;
    pg_blob_free(q);
    if (!q->res) {
        int rc = pg_execute(q);
        if (rc != STORE_OK)
            return rc;
        q->rows = PQntuples(q->res);
        q->row = -1;
    }
    if (q->row + 1 < q->rows) {
        q->row++;
        return STORE_ROW;
    }
    q->row = q->rows;
    return STORE_DONE;
}

static void pg_reset(struct store_stmt *st)
{
    struct pg_stmt *q = (struct pg_stmt *)st;
    pg_blob_free(q);
    PQclear(q->res);
    q->res = NULL;
    q->row = -1;
}

/* The text of column col of the current row, or NULL. */
static const char *pg_value(struct store_stmt *st, int col)
{
    struct pg_stmt *q = (struct pg_stmt *)st;
    if (!q->res || q->row < 0 || q->row >= q->rows || col < 0 ||
        col >= PQnfields(q->res) || PQgetisnull(q->res, q->row, col))
        return NULL;
    return PQgetvalue(q->res, q->row, col);
}

static int pg_column_null(struct store_stmt *st, int col)
{
    return pg_value(st, col) == NULL;
}

/* Numbers come as text; a boolean ("t", "f") reads as SQLite's 1 or 0. */
static int64_t pg_column_int64(struct store_stmt *st, int col)
{
    const char *v = pg_value(st, col);
    if (!v)
        return 0;
    if (v[0] == 't' && v[1] == '\0')
        return 1;
    return strtoll(v, NULL, 10);
}

static double pg_column_double(struct store_stmt *st, int col)
{
    const char *v = pg_value(st, col);
    return v ? strtod(v, NULL) : 0;
}

static const char *pg_column_text(struct store_stmt *st, int col)
{
    return pg_value(st, col);
}

/* bytea comes in its text form, which PQunescapeBytea() reads back. */
static const void *pg_column_blob(struct store_stmt *st, int col, size_t *n)
{
    struct pg_stmt *q = (struct pg_stmt *)st;
    const char *v = pg_value(st, col);
    pg_blob_free(q);
    *n = 0;
    if (!v)
        return NULL;
    q->blob = PQunescapeBytea((const unsigned char *)v, n);
    if (!q->blob)
        abort(); /* out of memory, as xmalloc() would */
    return q->blob;
}

static void pg_finalize(struct store_stmt *st)
{
    struct pg_stmt *q = (struct pg_stmt *)st;
    pg_blob_free(q);
    PQclear(q->res);
    for (int i = 0; i < q->nparams; i++)
        free(q->values[i]);
    free(q->sql);
    free(q);
}

/* Every write transaction holds one advisory lock (the number spells
 * "Randa"): writers take turns, as SQLite's BEGIN IMMEDIATE makes them, so
 * that a check and the write it allows see no other writer in between
 * (the last seat goes once). */
static int pg_begin_write(struct store *s)
{
    return pg_exec(s, "BEGIN; SELECT pg_advisory_xact_lock(1382116964)");
}

static int pg_in_transaction(struct store *s)
{
    return PQtransactionStatus(pg_conn(s)) != PQTRANS_IDLE;
}

/* Outside a transaction, one snapshot for all the reads: REPEATABLE READ
 * (PostgreSQL has no savepoint outside a transaction). */
static int pg_read_begin(struct store *s)
{
    struct pg_store *p = (struct pg_store *)s;
    int own = p->reads == 0 && !pg_in_transaction(s);
    int rc = own ? pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ")
                 : pg_exec(s, "SAVEPOINT store_read");
    if (rc == STORE_OK) {
        if (p->reads++ == 0)
            p->own_read = own;
    }
    return rc;
}

static void pg_read_end(struct store *s)
{
    struct pg_store *p = (struct pg_store *)s;
    if (p->reads == 0)
        return;
    if (--p->reads == 0 && p->own_read) {
        p->own_read = 0;
        if (pg_exec(s, "COMMIT") != STORE_OK)
            pg_exec(s, "ROLLBACK");
    } else {
        pg_exec(s, "RELEASE store_read");
    }
}

static void pg_close(struct store *s)
{
    PQfinish(pg_conn(s));
    pg_forget_scope(s);
    free(s);
}

static int pg_open(const char *target, unsigned flags, struct store **out,
                   struct err_info *ei)
{
    struct pg_store *p = xcalloc(1, sizeof(*p));
    struct store *s = &p->base;
    s->readonly = (flags & STORE_READONLY) != 0;
    p->conn = PQconnectdb(target);
    if (PQstatus(p->conn) != CONNECTION_OK) {
        const char *msg = PQerrorMessage(p->conn);
        err_set(ei, ERR_IO, "db", "cannot connect to PostgreSQL: %.*s",
                (int)strcspn(msg, "\n"), msg);
        pg_close(s);
        return ERR_IO;
    }
    if (pg_configure(s) != STORE_OK) {
        err_set(ei, ERR_DB, "db", "%s", s->fail_msg);
        pg_close(s);
        return ERR_DB;
    }
    if (flags & STORE_NEW) {
        PGresult *res = PQexec(p->conn, "SELECT to_regclass('schema_version') "
                                        "IS NOT NULL");
        int exists = PQresultStatus(res) == PGRES_TUPLES_OK &&
                     PQntuples(res) == 1 &&
                     strcmp(PQgetvalue(res, 0, 0), "t") == 0;
        PQclear(res);
        if (exists) {
            pg_close(s);
            return err_set(ei, ERR_EXISTS, "db",
                           "the PostgreSQL database already holds Randa's "
                           "tables");
        }
    }
    *out = s;
    return 0;
}

static int pg_size(struct store *s, int64_t *bytes, int64_t *wal_bytes)
{
    *wal_bytes = -1;
    PGresult *res =
        pg_run(s, "SELECT pg_database_size(current_database())", 0, NULL, NULL);
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1
                 ? STORE_OK
                 : pg_fail(s, res);
    *bytes = rc == STORE_OK ? strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
    PQclear(res);
    return rc;
}

static int pg_connected(struct store *s)
{
    return PQstatus(pg_conn(s)) == CONNECTION_OK;
}

/* Runs sql, which selects one value, with n text parameters; the value
 * goes to *res (the caller clears it). */
static int pg_one(struct store *s, const char *sql, int n,
                  const char *const *values, PGresult **res)
{
    static const Oid types[] = {PG_TEXT};
    *res = pg_run(s, sql, n, n ? types : NULL, values);
    if (PQresultStatus(*res) == PGRES_TUPLES_OK && PQntuples(*res) == 1 &&
        !PQgetisnull(*res, 0, 0))
        return STORE_OK;
    return PQresultStatus(*res) == PGRES_TUPLES_OK
               ? store__fail(s, STORE_FAIL_OTHER, "no value")
               : pg_fail(s, *res);
}

/*
 * Where WAL is inserted: at or after the end of every commit this
 * connection made, whatever synchronous_commit is (the position written
 * or flushed can lag an asynchronous commit). At a page boundary it can
 * be a page header beyond the last record, so that a standby reaches it
 * only with the next record: a read then goes to the primary a little
 * longer, never to a standby that lacks the commit.
 */
static int pg_wal_position(struct store *s, char *pos)
{
    PGresult *res = NULL;
    int rc =
        pg_one(s, "SELECT pg_current_wal_insert_lsn()::text", 0, NULL, &res);
    if (rc == STORE_OK)
        snprintf(pos, STORE_WAL_POS_MAX, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* A server that is not in recovery (a primary, a promoted standby) has
 * nothing to replay: its reads see every commit it has. */
static int pg_wal_replayed(struct store *s, const char *pos, int *yes)
{
    PGresult *res = NULL;
    const char *values[1] = {pos};
    int rc = pg_one(s,
                    "SELECT CASE WHEN pg_is_in_recovery() THEN "
                    "pg_last_wal_replay_lsn() >= $1::pg_lsn ELSE true END",
                    1, values, &res);
    if (rc == STORE_OK)
        *yes = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    return rc;
}

/*
 * Writes the connection's options as a libpq keyword/value string for
 * pg_dump (all that were given: host, port, user, dbname, sslmode,
 * sslrootcert, ...), except the password, which goes to *password (or
 * NULL) so that it never reaches a command line.
 */
static void pg_conninfo(PGconn *conn, struct buf *out, char **password)
{
    PQconninfoOption *opts = PQconninfo(conn);
    *password = NULL;
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!o->val || !*o->val || o->dispchar[0] == 'D')
            continue;
        if (strcmp(o->keyword, "password") == 0) {
            *password = xstrdup(o->val);
            continue;
        }
        buf_addf(out, "%s%s='", out->len ? " " : "", o->keyword);
        for (const char *v = o->val; *v; v++) {
            if (*v == '\'' || *v == '\\')
                buf_add(out, "\\", 1);
            buf_add(out, v, 1);
        }
        buf_add(out, "'", 1);
    }
    PQconninfoFree(opts);
}

extern char **environ;

/*
 * Dumps the database with pg_dump (a custom-format archive pg_restore
 * reads), which takes one consistent snapshot while writers go on. pg_dump
 * connects as this connection did; a password given in the connection
 * string reaches it in its environment, never on its command line.
 */
static int pg_backup(struct store *s, const char *path, struct err_info *ei)
{
    struct stat sb;
    if (stat(path, &sb) == 0)
        return err_set(ei, ERR_EXISTS, "out", "%s already exists", path);
    struct buf conninfo = BUF_INIT(0), pass = BUF_INIT(0);
    char *password = NULL;
    pg_conninfo(pg_conn(s), &conninfo, &password);
    /* The child's environment, made before fork(): the child only execs. */
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = xcalloc(n + 2, sizeof(*env));
    memcpy(env, environ, n * sizeof(*env));
    if (password) {
        buf_addf(&pass, "PGPASSWORD=%s", password);
        env[n] = pass.data;
    }
    pid_t pid = fork();
    if (pid == 0) {
        environ = env;
        execlp("pg_dump", "pg_dump", "--format=custom", "--no-owner", "--file",
               path, "--dbname", conninfo.data, (char *)NULL);
        _exit(127);
    }
    int err = errno, status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    free(env);
    if (password)
        sodium_memzero(password, strlen(password));
    free(password);
    if (pass.len)
        sodium_memzero(pass.data, pass.len);
    buf_release(&pass);
    buf_release(&conninfo);
    if (pid < 0)
        return err_set(ei, ERR_IO, "out", "cannot start pg_dump: %s",
                       strerror(err));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        unlink(path);
        return err_set(ei, ERR_IO, "out", "pg_dump failed (exit %d)%s",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                       WIFEXITED(status) && WEXITSTATUS(status) == 127
                           ? ": is pg_dump installed?"
                           : "");
    }
    chmod(path, 0600);
    return 0;
}

const struct store_backend store_pg_backend = {
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .bind_null = pg_bind_null,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .reset = pg_reset,
    .column_null = pg_column_null,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .finalize = pg_finalize,
    .exec = pg_exec,
    .begin_write = pg_begin_write,
    .read_begin = pg_read_begin,
    .read_end = pg_read_end,
    .in_transaction = pg_in_transaction,
    .migrations = store_pg_migrations,
    .migration_count = &store_pg_migrations_count,
    .schema_version_sql = "CREATE TABLE IF NOT EXISTS schema_version ("
                          " version INTEGER PRIMARY KEY,"
                          " name TEXT NOT NULL,"
                          " applied_at TEXT NOT NULL)",
    .tables_sql = "SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = current_schema() "
                  "AND table_type = 'BASE TABLE' ORDER BY table_name",
    .columns_sql = "SELECT column_name FROM information_schema.columns "
                   "WHERE table_schema = current_schema() "
                   "AND table_name = ?1 ORDER BY ordinal_position",
    .size = pg_size,
    .backup = pg_backup,
    .connected = pg_connected,
    .wal_position = pg_wal_position,
    .wal_replayed = pg_wal_replayed,
};
