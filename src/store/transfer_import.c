/*
 * randa import's half of the region file (store/transfer.h): the file
 * read a record at a time, each checked and its references found among
 * the rows already written, all in one transaction. The tables'
 * descriptions are transfer.c's.
 */
#include "store/transfer_impl.h"

#include "util/buf.h"
#include "util/jsonord.h"
#include "util/jsonrec.h"
#include "util/xalloc.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A translation of the ids inside a JSON column, one path at a time. */
struct rj_tr {
    struct rj_import *im;
    int table;
};

struct rj_import {
    struct store *s;
    json_t *maps[T_COUNT]; /* key text -> id */
    int64_t records;
    struct err_info *ei;
};

/* A value bound to an insert. */
struct rj_val {
    int null;
    int64_t i;
    const char *text;
    unsigned char *bytes; /* owned */
    size_t n;
    char *owned; /* text this value owns */
};

/* The record being read, for messages. */
struct rj_rec {
    int t;
    long line;
    char *key; /* its key as text, once known */
};

/* Fails naming the record: its table, key (or line) and field. */
static int rj_import_fail(struct rj_import *im, const struct rj_rec *r,
                          const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int rj_import_fail(struct rj_import *im, const struct rj_rec *r,
                          const char *field, const char *fmt, ...)
{
    char why[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return err_set(im->ei, ERR_INVAL, field, "line %ld: %s%s%s%s%s: %s",
                   r->line, store__xfer_table(r->t)->name, r->key ? " " : "",
                   r->key ? r->key : "", field && *field ? ": " : "",
                   field ? field : "", why);
}

/* The id of the row of table t with key (any JSON value), or 0. */
static int64_t rj_lookup(struct rj_import *im, int t, const json_t *key)
{
    char *text = jsonord_text(key);
    json_t *id = text ? json_object_get(im->maps[t], text) : NULL;
    free(text);
    return id ? json_integer_value(id) : 0;
}

/* A key in a message: its text, cut short. */
static void rj_key_text(const json_t *key, char *out, size_t size)
{
    char *text = jsonord_text(key);
    snprintf(out, size, "%s", text ? text : "?");
    free(text);
}

/* A key inside a JSON column as the id it names now; {"id": N} as -N. */
static int rj_tr_import(void *ctx, const json_t *in, json_t **out)
{
    struct rj_tr *tr = ctx;
    if (json_is_null(in))
        return 0;
    if (tr->table == RJ_CERTNAME) {
        const char *kind = json_object_get(in, "rotation")   ? "rotation"
                           : json_object_get(in, "activity") ? "activity"
                                                             : NULL;
        if (!kind)
            return 0;
        int table = kind[0] == 'r' ? T_BOOKING : T_ACTIVITY;
        int64_t id = rj_lookup(tr->im, table, json_object_get(in, kind));
        if (!id)
            return ERR_NOTFOUND;
        *out = json_sprintf("%s-%lld", kind, (long long)id);
        return 0;
    }
    int64_t gone = store__xfer_gone_id(in);
    if (gone >= 0) {
        *out = json_integer(-gone);
        return 0;
    }
    int64_t id = rj_lookup(tr->im, tr->table, in);
    if (!id)
        return ERR_NOTFOUND;
    *out = json_integer(id);
    return 0;
}

/* A JSON column from the file: a string as it is, an object with its
 * keys made ids again, as the store writes it (compact, sorted). */
static int rj_json_in(struct rj_import *im, const struct rj_rec *r,
                      const struct rj_col *col, const json_t *v,
                      struct rj_val *out)
{
    if (json_is_string(v)) {
        out->text = json_string_value(v);
        return 0;
    }
    if (!json_is_object(v))
        return rj_import_fail(im, r, col->field,
                              "must be an object or a string");
    json_t *copy = json_deep_copy(v);
    const struct rj_path *paths =
        col->type == RJ_PLAN ? store__xfer_plan_paths : store__xfer_cert_paths;
    struct rj_tr tr = {im, 0};
    for (const struct rj_path *p = paths; p->path; p++) {
        tr.table = p->table;
        if (store__xfer_walk(copy, p->path, rj_tr_import, &tr) != 0) {
            json_decref(copy);
            return rj_import_fail(
                im, r, col->field, "%s: names no row of %s", p->path,
                p->table == RJ_CERTNAME ? "booking or activity"
                                        : store__xfer_table(p->table)->name);
        }
    }
    out->owned = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
    out->text = out->owned;
    json_decref(copy);
    return 0;
}

/* A reference from the file (a key) as the id of table ref's row. */
static int rj_ref_in(struct rj_import *im, const struct rj_rec *r,
                     const struct rj_col *col, int ref, const json_t *v,
                     struct rj_val *out)
{
    int64_t gone = col->type == RJ_ENTITY ? store__xfer_gone_id(v) : -1;
    if (gone >= 0) {
        out->i = -gone;
        return 0;
    }
    if (ref < 0)
        return rj_import_fail(im, r, col->field, "names no table");
    out->i = rj_lookup(im, ref, v);
    if (out->i)
        return 0;
    char key[96];
    rj_key_text(v, key, sizeof(key));
    return rj_import_fail(im, r, col->field, "no %s %s in the file",
                          store__xfer_table(ref)->name, key);
}

/* Reads field col of record obj into *out, checking its type. */
static int rj_value_in(struct rj_import *im, const struct rj_rec *r,
                       const struct rj_col *col, json_t *obj,
                       struct rj_val *out)
{
    json_t *v = json_object_get(obj, col->field);
    if (!v)
        return rj_import_fail(im, r, col->field, "missing");
    if (json_is_null(v)) {
        if (!(col->flags & RJ_NULL))
            return rj_import_fail(im, r, col->field, "must not be null");
        out->null = 1;
        return 0;
    }
    switch (col->type) {
    case RJ_INT:
        if (!json_is_integer(v))
            return rj_import_fail(im, r, col->field, "must be a whole number");
        out->i = json_integer_value(v);
        return 0;
    case RJ_TEXT:
        if (!json_is_string(v))
            return rj_import_fail(im, r, col->field, "must be a string");
        out->text = json_string_value(v);
        return 0;
    case RJ_BLOB: {
        const char *b64 = json_string_value(v);
        if (!b64)
            return rj_import_fail(im, r, col->field,
                                  "must be a string (base64)");
        size_t len = strlen(b64), n = 0;
        const char *end = NULL;
        out->bytes = xmalloc(len / 4 * 3 + 3);
        if (sodium_base642bin(out->bytes, len / 4 * 3 + 3, b64, len, NULL, &n,
                              &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
            end != b64 + len)
            return rj_import_fail(im, r, col->field, "not base64");
        out->n = n;
        return 0;
    }
    case RJ_REF:
        return rj_ref_in(im, r, col, col->ref, v, out);
    case RJ_SCOPE: {
        int ref = store__xfer_scope_table(
            json_string_value(json_object_get(obj, "scope")));
        if (ref == -1)
            return rj_import_fail(im, r, col->field,
                                  "must be null for the scope 'all'");
        return rj_ref_in(im, r, col, ref < 0 ? -1 : ref, v, out);
    }
    case RJ_ENTITY:
        return rj_ref_in(im, r, col,
                         store__xfer_entity(
                             json_string_value(json_object_get(obj, "entity"))),
                         v, out);
    case RJ_PLAN:
    case RJ_CERT:
        return rj_json_in(im, r, col, v, out);
    }
    return rj_import_fail(im, r, col->field, "unknown type");
}

/* The key of record obj of table t (as export writes it) into *key. */
static int rj_key_in(struct rj_import *im, struct rj_rec *r, json_t *obj,
                     json_t **key)
{
    int t = r->t;
    *key = NULL;
    if (store__xfer_table(t)->keykind == RJ_NATURAL) {
        for (int c = 0; c < store__xfer_ncols(t); c++) {
            const struct rj_col *col = &store__xfer_table(t)->cols[c];
            if ((col->flags & RJ_KEY) && !json_object_get(obj, col->field))
                return rj_import_fail(im, r, col->field, "missing");
        }
        *key = store__xfer_natural_key(t, obj);
        return 0;
    }
    json_t *n = json_object_get(obj, "n");
    if (!json_is_integer(n) || json_integer_value(n) < 1)
        return rj_import_fail(im, r, "n", "must be a whole number from 1");
    if (store__xfer_table(t)->keykind == RJ_SEQUENCE) {
        *key = json_incref(n);
        return 0;
    }
    const char *pf = store__xfer_parent_field(t);
    json_t *parent = json_object_get(obj, pf);
    if (!parent)
        return rj_import_fail(im, r, pf, "missing");
    *key = json_pack("[O, O]", parent, n);
    return 0;
}

/* Whether table t has a column of its own rows (a specialty's parent)
 * whose row the file has not given yet. */
static int rj_waits(struct rj_import *im, int t, json_t *obj)
{
    for (int c = 0; c < store__xfer_ncols(t); c++) {
        const struct rj_col *col = &store__xfer_table(t)->cols[c];
        json_t *v = json_object_get(obj, col->field);
        if (col->type == RJ_REF && col->ref == t && v && !json_is_null(v) &&
            !rj_lookup(im, t, v))
            return 1;
    }
    return 0;
}

/* Binds vals (n of them, for table t's columns) to st. */
static int rj_bind(struct store_stmt *st, int t, const struct rj_val *vals,
                   int n)
{
    int rc = STORE_OK;
    for (int c = 0; rc == STORE_OK && c < n; c++) {
        const struct rj_col *col = &store__xfer_table(t)->cols[c];
        const struct rj_val *v = &vals[c];
        int texty = col->type == RJ_TEXT || col->type == RJ_PLAN ||
                    col->type == RJ_CERT;
        if (v->null)
            rc = col->type == RJ_BLOB ? store__bind_null_blob(st, c + 1)
                 : texty              ? store__bind_null_text(st, c + 1)
                                      : store__bind_null(st, c + 1);
        else if (col->type == RJ_BLOB)
            rc = store__bind_blob(st, c + 1, v->bytes, v->n);
        else if (texty)
            rc = store__bind_text(st, c + 1, v->text);
        else
            rc = store__bind_int64(st, c + 1, v->i);
    }
    return rc;
}

/*
 * Imports record obj of table t with st, its prepared insert. *waits is
 * set instead when it names a row of its own table not imported yet.
 */
static int rj_import_record(struct rj_import *im, int t, struct store_stmt *st,
                            json_t *obj, long line, int *waits)
{
    struct rj_rec r = {t, line, NULL};
    if (!json_is_object(obj))
        return rj_import_fail(im, &r, NULL, "a record must be an object");
    json_t *key = NULL;
    int rc = rj_key_in(im, &r, obj, &key);
    if (rc)
        return rc;
    r.key = jsonord_text(key);
    json_decref(key);
    if (!r.key)
        return rj_import_fail(im, &r, NULL, "a key that is not text");
    const char *name;
    json_t *v;
    json_object_foreach(obj, name, v)
    {
        int known = strcmp(name, "n") == 0 &&
                    store__xfer_table(t)->keykind != RJ_NATURAL;
        for (int c = 0; !known && c < store__xfer_ncols(t); c++)
            known = strcmp(store__xfer_table(t)->cols[c].field, name) == 0;
        if (!known) {
            rc = rj_import_fail(im, &r, name, "not a field of %s",
                                store__xfer_table(t)->name);
            break;
        }
    }
    if (rc) {
        free(r.key);
        return rc;
    }
    if (waits && rj_waits(im, t, obj)) {
        *waits = 1;
        free(r.key);
        return 0;
    }
    int n = store__xfer_ncols(t);
    struct rj_val vals[RJ_COLS_MAX];
    memset(vals, 0, sizeof(vals));
    for (int c = 0; rc == 0 && c < n; c++)
        rc = rj_value_in(im, &r, &store__xfer_table(t)->cols[c], obj, &vals[c]);
    /* The keys of rows no other row names (the audit log's) are not
     * kept. */
    int keep =
        (store__xfer_table(t)->flags & RJ_HAS_ID) && store__xfer_referred(t);
    if (rc == 0 && keep && json_object_get(im->maps[t], r.key))
        rc = rj_import_fail(im, &r, NULL, "a second record with this key");
    if (rc == 0) {
        store__reset(st);
        int step = rj_bind(st, t, vals, n);
        if (step == STORE_OK)
            step = store__step(st);
        int want =
            (store__xfer_table(t)->flags & RJ_HAS_ID) ? STORE_ROW : STORE_DONE;
        if (step == want) {
            if (keep)
                json_object_set_new(im->maps[t], r.key,
                                    json_integer(store__col_int64(st, 0)));
            im->records++;
        } else {
            struct err_info db;
            err_clear(&db);
            store__db_error(im->s, &db);
            rc = rj_import_fail(im, &r, db.field, "%s", db.msg);
        }
        store__reset(st);
    }
    for (int c = 0; c < n; c++) {
        free(vals[c].bytes);
        free(vals[c].owned);
    }
    free(r.key);
    return rc;
}

/* Rows the migrations put into table t (the kinds of assessment): their
 * ids before the file's rows are written by code over them. */
static int rj_seeded_ids(struct rj_import *im, json_t **ids)
{
    *ids = json_array();
    struct store_stmt *st = NULL;
    int rc = store__query(im->s, &st, im->ei,
                          "SELECT id FROM assessment_kind ORDER BY id", "");
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        json_array_append_new(*ids, json_integer(store__col_int64(st, 0)));
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(im->s, im->ei);
    store__finalize(st);
    return rc;
}

/* Deletes the seeded rows of ids the file did not name, so that the
 * target holds the file's rows and no others. */
static int rj_unseed(struct rj_import *im, int t, json_t *ids)
{
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        int named = 0;
        const char *k;
        json_t *v;
        json_object_foreach(im->maps[t], k, v)
        {
            if (json_integer_value(v) == json_integer_value(id))
                named = 1;
        }
        int rc = named ? 0
                       : store__exec(im->s, im->ei, NULL,
                                     "DELETE FROM assessment_kind "
                                     "WHERE id = ?1",
                                     "l", (int64_t)json_integer_value(id));
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * Imports the elements of table t's array, to its end. A record that
 * names a row of its own table the file gives later waits for it.
 */
static int rj_import_table(struct rj_import *im, struct jsonrec *rd, int t)
{
    struct store_stmt *st = NULL;
    json_t *seeded = NULL, *waiting = json_array();
    int rc = 0;
    if (store__xfer_table(t)->flags & RJ_SEEDED)
        rc = rj_seeded_ids(im, &seeded);
    if (rc == 0)
        rc = store__xfer_insert(im->s, t, &st, im->ei);
    struct jsonrec_item it = {.event = JSONREC_END};
    while (rc == 0 && (rc = jsonrec_next(rd, &it, im->ei)) == 0 &&
           it.event == JSONREC_ELEMENT) {
        int waits = 0;
        rc = rj_import_record(im, t, st, it.value, it.line, &waits);
        if (rc == 0 && waits)
            json_array_append_new(waiting,
                                  json_pack("{s:O, s:I}", "record", it.value,
                                            "line", (json_int_t)it.line));
        json_decref(it.value);
    }
    if (rc == 0 && it.event != JSONREC_ARRAY_END)
        rc = err_set(im->ei, ERR_SYNTAX, "", "%s: not an array of records",
                     store__xfer_table(t)->name);
    /* Those that waited, as long as some of them can go. */
    for (size_t done = 1; rc == 0 && done && json_array_size(waiting);) {
        done = 0;
        for (size_t i = 0; rc == 0 && i < json_array_size(waiting);) {
            json_t *w = json_array_get(waiting, i);
            int waits = 0;
            rc = rj_import_record(
                im, t, st, json_object_get(w, "record"),
                (long)json_integer_value(json_object_get(w, "line")), &waits);
            if (rc == 0 && !waits) {
                json_array_remove(waiting, i);
                done++;
            } else {
                i++;
            }
        }
    }
    if (rc == 0 && json_array_size(waiting)) {
        /* None can go: import the first without waiting, to name why. */
        json_t *w = json_array_get(waiting, 0);
        rc = rj_import_record(
            im, t, st, json_object_get(w, "record"),
            (long)json_integer_value(json_object_get(w, "line")), NULL);
    }
    store__finalize(st);
    if (rc == 0 && seeded)
        rc = rj_unseed(im, t, seeded);
    json_decref(seeded);
    json_decref(waiting);
    return rc;
}

/* Refuses a database that holds data: an import writes only into an empty
 * one (the kinds of assessment the migrations put in aside). */
static int rj_import_empty(struct rj_import *im)
{
    struct buf held = BUF_INIT(0);
    int rc = 0, more = 0;
    for (int t = 0; rc == 0 && t < T_COUNT; t++) {
        int64_t n = 0;
        if (store__xfer_table(t)->flags & RJ_SEEDED)
            continue;
        rc = store__xfer_count(im->s, t, &n, im->ei);
        if (rc == 0 && n > 0 && held.len < 120)
            buf_addf(&held, "%s%lld %s", held.len ? ", " : "", (long long)n,
                     store__xfer_table(t)->name);
        else if (rc == 0 && n > 0 && !more++)
            buf_adds(&held, ", …");
    }
    if (rc == 0 && held.len)
        rc = err_set(im->ei, ERR_CONFLICT, "db",
                     "the database is not empty (it holds %s): import into a "
                     "new database",
                     held.data);
    buf_release(&held);
    return rc;
}

/* The file's first two members: its format and version. */
static int rj_import_header(struct jsonrec *rd, struct err_info *ei)
{
    struct jsonrec_item it;
    int rc = jsonrec_next(rd, &it, ei);
    if (rc)
        return rc;
    int ok = it.event == JSONREC_MEMBER && strcmp(it.name, "format") == 0 &&
             json_is_string(it.value) &&
             strcmp(json_string_value(it.value), STORE_TRANSFER_FORMAT) == 0;
    json_decref(it.value);
    if (!ok)
        return err_set(ei, ERR_INVAL, "format",
                       "not a Randa region file: it must begin with "
                       "\"format\": \"%s\"",
                       STORE_TRANSFER_FORMAT);
    rc = jsonrec_next(rd, &it, ei);
    if (rc)
        return rc;
    ok = it.event == JSONREC_MEMBER && strcmp(it.name, "version") == 0 &&
         json_is_integer(it.value);
    json_int_t version = ok ? json_integer_value(it.value) : 0;
    json_decref(it.value);
    if (!ok)
        return err_set(ei, ERR_INVAL, "version",
                       "line %ld: the format's \"version\" must follow it",
                       it.line);
    if (version != STORE_TRANSFER_VERSION)
        return err_set(ei, ERR_INVAL, "version",
                       "the file is of format version %lld; this randa reads "
                       "version %d",
                       (long long)version, STORE_TRANSFER_VERSION);
    return 0;
}

/* Reads every table, in the order of the descriptions, then the end. */
static int rj_import_tables(struct rj_import *im, struct jsonrec *rd)
{
    int rc = 0;
    struct jsonrec_item it;
    for (int t = 0; rc == 0 && t < T_COUNT; t++) {
        rc = jsonrec_next(rd, &it, im->ei);
        if (rc)
            break;
        if (it.event != JSONREC_ARRAY ||
            strcmp(it.name, store__xfer_table(t)->name) != 0) {
            rc = err_set(im->ei, ERR_INVAL, store__xfer_table(t)->name,
                         "line %ld: expected the table \"%s\" (an array), "
                         "found %s%s%s",
                         it.line, store__xfer_table(t)->name,
                         it.event == JSONREC_END ? "the end of the file" : "\"",
                         it.event == JSONREC_END ? "" : it.name,
                         it.event == JSONREC_END ? "" : "\"");
            json_decref(it.value);
            break;
        }
        rc = rj_import_table(im, rd, t);
    }
    if (rc == 0)
        rc = jsonrec_next(rd, &it, im->ei);
    if (rc == 0 && it.event != JSONREC_END) {
        rc = err_set(im->ei, ERR_INVAL, it.name,
                     "line %ld: \"%s\" is not a table this randa knows",
                     it.line, it.name ? it.name : "");
        json_decref(it.value);
    }
    return rc;
}

int store_transfer_import(struct store *s, struct jsonrec *rd,
                          struct transfer_stats *stats, struct err_info *ei)
{
    struct rj_import im = {.s = s, .ei = ei};
    for (int t = 0; t < T_COUNT; t++)
        im.maps[t] = json_object();
    int rc = store_transfer_check_schema(s, ei);
    if (rc == 0)
        rc = rj_import_header(rd, ei);
    if (rc == 0)
        rc = store_begin(s, ei);
    if (rc == 0) {
        rc = rj_import_empty(&im);
        /* The first failure ends the import and rolls all of it back. */
        s->bulk = 1;
        if (rc == 0)
            rc = rj_import_tables(&im, rd);
        s->bulk = 0;
        if (rc == 0)
            rc = store_commit(s, ei);
        else
            store_rollback(s);
    }
    for (int t = 0; t < T_COUNT; t++)
        json_decref(im.maps[t]);
    if (stats) {
        stats->records = rc ? 0 : im.records;
        stats->tables = T_COUNT;
        stats->mail_unsent = 0;
        stats->same = 0;
    }
    return rc;
}
