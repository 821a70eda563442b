/*
 * randa export's half of the region file (store/transfer.h): every table
 * read in one snapshot, in the file's order, each row keyed and its
 * references written as the keys of the rows they name, the file written
 * as it is read. The tables' descriptions are transfer.c's.
 */
#include "store/transfer_impl.h"

#include "util/buf.h"
#include "util/jsonord.h"
#include "util/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The keys of a table's rows, by id. */
struct rj_entry {
    int64_t id;
    json_t *key;
};

struct rj_map {
    struct rj_entry *e;
    size_t n, cap;
};

/* A row of a table being exported. */
struct rj_row {
    int64_t id;
    json_t *obj;  /* the record */
    json_t *key;  /* its key */
    json_t *sort; /* RJ_ORDINAL: [parent, the other columns...] */
    int same;     /* the same as the row before: not written */
};

struct rj_export {
    struct store *s;
    int (*write)(void *arg, const char *data, size_t n);
    void *arg;
    struct buf out;
    int64_t region; /* its id, or 0 for every region */
    struct rj_map maps[T_COUNT];
    int64_t records;
    int64_t same; /* rows written once for two */
    struct err_info *ei;
};

static int rj_entry_cmp(const void *a, const void *b)
{
    const struct rj_entry *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The key of the row of map m with id, or NULL. */
static json_t *rj_map_get(const struct rj_map *m, int64_t id)
{
    struct rj_entry want = {id, NULL};
    const struct rj_entry *e =
        m->n ? bsearch(&want, m->e, m->n, sizeof(*m->e), rj_entry_cmp) : NULL;
    return e ? e->key : NULL;
}

static void rj_map_free(struct rj_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        json_decref(m->e[i].key);
    free(m->e);
    memset(m, 0, sizeof(*m));
}

/* Hands the output gathered so far to the writer, once there is enough
 * of it (or at the end). */
static int rj_flush(struct rj_export *x, int end)
{
    if (x->out.len == 0 || (!end && x->out.len < (1u << 20)))
        return 0;
    int rc = x->write(x->arg, x->out.data, x->out.len);
    buf_reset(&x->out);
    if (rc)
        return err_set(x->ei, rc, "out", "the file could not be written");
    return 0;
}

static int rj_put(struct rj_export *x, const char *text)
{
    buf_adds(&x->out, text);
    return rj_flush(x, 0);
}

/* Fails naming the row of table t with id being read. */
static int rj_export_fail(struct rj_export *x, int t, int64_t id,
                          const char *field, const char *why)
{
    return err_set(x->ei, ERR_INVAL, field, "%s (id %lld): %s: %s",
                   store__xfer_table(t)->name, (long long)id, field, why);
}

/* A reference to row id of table ref, as its key: a new reference, or
 * NULL when the row is not in the file. */
static json_t *rj_ref_key(struct rj_export *x, int ref, int64_t id)
{
    json_t *key = rj_map_get(&x->maps[ref], id);
    return key ? json_incref(key) : NULL;
}

/* A translation of the ids inside a JSON column, one path at a time. */
struct rj_tr {
    struct rj_export *x;
    int table;
};

/* An id inside JSON as its key, or {"id": N} when the file has no row of
 * that id. */
static int rj_tr_export(void *ctx, const json_t *in, json_t **out)
{
    struct rj_tr *tr = ctx;
    if (tr->table == RJ_CERTNAME) {
        const char *name = json_string_value(in);
        int table = -1;
        size_t skip = 0;
        if (name && strncmp(name, "rotation-", 9) == 0)
            table = T_BOOKING, skip = 9;
        else if (name && strncmp(name, "activity-", 9) == 0)
            table = T_ACTIVITY, skip = 9;
        if (table < 0)
            return 0;
        char *end = NULL;
        long long id = strtoll(name + skip, &end, 10);
        json_t *key = *end ? NULL : rj_ref_key(tr->x, table, id);
        if (key)
            *out = json_pack("{s:o}",
                             table == T_BOOKING ? "rotation" : "activity", key);
        return 0;
    }
    if (!json_is_integer(in))
        return 0;
    int64_t id = json_integer_value(in);
    json_t *key = rj_ref_key(tr->x, tr->table, id);
    *out = key ? key : store__xfer_gone(id);
    return 0;
}

/* The ids of a JSON column's text as keys: the value in the file, or the
 * text itself when it is not a JSON object. */
static json_t *rj_json_out(struct rj_export *x, const char *text,
                           const struct rj_path *paths)
{
    json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(v)) {
        json_decref(v);
        return json_string(text);
    }
    struct rj_tr tr = {x, 0};
    for (const struct rj_path *p = paths; p->path; p++) {
        tr.table = p->table;
        store__xfer_walk(v, p->path, rj_tr_export, &tr);
    }
    return v;
}

/*
 * Reads column col (the idx'th of the statement) of the row of table t
 * into *out; *skip is set when the row is not in the file (an audit entry
 * of a row another region's). obj holds the row's columns before this.
 */
static int rj_value_out(struct rj_export *x, int t, int64_t id,
                        const struct rj_col *col, struct store_stmt *st,
                        int idx, json_t *obj, json_t **out, int *skip)
{
    *out = NULL;
    if (store__col_null(st, idx)) {
        *out = json_null();
        return 0;
    }
    const char *text = NULL;
    int ref = col->ref;
    switch (col->type) {
    case RJ_INT:
        *out = json_integer(store__col_int64(st, idx));
        return 0;
    case RJ_TEXT:
    case RJ_PLAN:
    case RJ_CERT:
        text = store__col_text(st, idx);
        if (col->type == RJ_PLAN)
            *out = rj_json_out(x, text, store__xfer_plan_paths);
        else if (col->type == RJ_CERT)
            *out = rj_json_out(x, text, store__xfer_cert_paths);
        else
            *out = json_string(text);
        if (!*out)
            return rj_export_fail(x, t, id, col->field, "text not in UTF-8");
        return 0;
    case RJ_SCOPE:
        ref = store__xfer_scope_table(
            json_string_value(json_object_get(obj, "scope")));
        if (ref < 0)
            return rj_export_fail(x, t, id, col->field,
                                  "an id where the scope names none");
        break;
    case RJ_ENTITY:
        ref = store__xfer_entity(
            json_string_value(json_object_get(obj, "entity")));
        break;
    case RJ_REF:
        if (ref == t) { /* resolved once the table's keys are known */
            *out = json_integer(store__col_int64(st, idx));
            return 0;
        }
        break;
    default:
        return rj_export_fail(x, t, id, col->field, "unknown type");
    }
    int64_t target = store__col_int64(st, idx);
    *out = ref >= 0 ? rj_ref_key(x, ref, target) : NULL;
    if (*out)
        return 0;
    if (col->type == RJ_ENTITY) {
        /* A row no longer there, or of an entity this randa cannot key. A
         * region's file keeps only the entries of its own rows. */
        if (x->region)
            *skip = 1;
        else
            *out = store__xfer_gone(target);
        return 0;
    }
    if (x->region && (col->flags & RJ_WEAK)) {
        *out = json_null();
        return 0;
    }
    char why[160];
    snprintf(why, sizeof(why), "%s id %lld is not in the file%s",
             store__xfer_table(ref)->name, (long long)target,
             x->region ? " (it is another region's)" : "");
    return rj_export_fail(x, t, id, col->field, why);
}

/*
 * Reads the current row of st (table t) into row->obj: its columns but a
 * blob, references as keys.
 */
static int rj_row_read(struct rj_export *x, int t, struct store_stmt *st,
                       struct rj_row *row, int *skip)
{
    row->id = store__col_int64(st, 0);
    row->obj = json_object();
    int idx = 1, rc = 0;
    for (int c = 0; rc == 0 && c < store__xfer_ncols(t); c++) {
        const struct rj_col *col = &store__xfer_table(t)->cols[c];
        if (col->type == RJ_BLOB)
            continue;
        json_t *v = NULL;
        rc = rj_value_out(x, t, row->id, col, st, idx++, row->obj, &v, skip);
        if (v)
            json_object_set_new(row->obj, col->field, v);
    }
    return rc;
}

/* [parent, the other columns in order]: the order of ordinal rows. */
static json_t *rj_sort_of(int t, json_t *obj)
{
    const char *pf = store__xfer_parent_field(t);
    json_t *a = json_array();
    json_array_append(a, pf ? json_object_get(obj, pf) : json_null());
    for (int c = 0; c < store__xfer_ncols(t); c++) {
        const struct rj_col *col = &store__xfer_table(t)->cols[c];
        if ((col->flags & RJ_KEY) || col->type == RJ_BLOB)
            continue;
        json_t *v = json_object_get(obj, col->field);
        json_array_append(a, v ? v : json_null());
    }
    return a;
}

static int rj_row_sort_cmp(const void *a, const void *b)
{
    const struct rj_row *x = a, *y = b;
    int c = jsonord_cmp(x->sort, y->sort);
    if (c)
        return c;
    return (x->id > y->id) - (x->id < y->id);
}

static int rj_row_key_cmp(const void *a, const void *b)
{
    const struct rj_row *x = a, *y = b;
    return jsonord_cmp(x->key, y->key);
}

static void rj_rows_free(struct rj_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_decref(rows[i].obj);
        json_decref(rows[i].key);
        json_decref(rows[i].sort);
    }
    free(rows);
}

/* Binds ?1 of table t's select: the region's id, or NULL for all. */
static int rj_bind_region(struct rj_export *x, int t, struct store_stmt *st)
{
    if (store__xfer_table(t)->flags & RJ_ALL)
        return STORE_OK;
    return x->region ? store__bind_int64(st, 1, x->region)
                     : store__bind_null(st, 1);
}

/* The blob of row id of table t as base64 into row->obj. */
static int rj_blob_out(struct rj_export *x, int t, struct rj_row *row)
{
    const struct rj_col *col = NULL;
    for (int c = 0; c < store__xfer_ncols(t); c++)
        if (store__xfer_table(t)->cols[c].type == RJ_BLOB)
            col = &store__xfer_table(t)->cols[c];
    if (!col)
        return 0;
    struct store_stmt *st = NULL;
    int rc = store__xfer_blob(x->s, t, row->id, &st, x->ei);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step != STORE_ROW) {
        rc = step == STORE_DONE
                 ? rj_export_fail(x, t, row->id, col->field, "row gone")
                 : store__db_error(x->s, x->ei);
        store__finalize(st);
        return rc;
    }
    size_t n = 0;
    const void *bytes = store__col_blob(st, 0, &n);
    json_t *v = json_null();
    if (bytes) {
        size_t len =
            sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = xmalloc(len);
        sodium_bin2base64(b64, len, bytes, n, sodium_base64_VARIANT_ORIGINAL);
        v = json_string(b64);
        free(b64);
    }
    store__finalize(st);
    json_object_set_new(row->obj, col->field, v);
    return 0;
}

/* Writes record obj (with a separator before all but the first). */
static int rj_write_record(struct rj_export *x, json_t *obj, int first)
{
    char *text = jsonord_text(obj);
    if (!text)
        return err_set(x->ei, ERR_INVAL, "", "a record cannot be written");
    buf_adds(&x->out, first ? "\n" : ",\n");
    buf_adds(&x->out, text);
    free(text);
    x->records++;
    return rj_flush(x, 0);
}

/* A log (a sequence): each row written as it is read, n counting. */
static int rj_export_sequence(struct rj_export *x, int t, struct store_stmt *st)
{
    int step, rc = 0;
    int64_t n = 0;
    /* A log others name (the imports the audit entries belong to) keeps
     * its keys by id; rows come in the order of ids. */
    struct rj_map *m = store__xfer_referred(t) ? &x->maps[t] : NULL;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct rj_row row = {0};
        int skip = 0;
        rc = rj_row_read(x, t, st, &row, &skip);
        if (rc == 0 && !skip) {
            json_object_set_new(row.obj, "n", json_integer(++n));
            rc = rj_write_record(x, row.obj, n == 1);
            if (rc == 0 && m) {
                xgrow((void **)&m->e, &m->cap, m->n + 1, sizeof(*m->e));
                m->e[m->n++] = (struct rj_entry){row.id, json_integer(n)};
            }
        }
        json_decref(row.obj);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, x->ei);
    return rc;
}

/* Resolves the references of table t to its own rows (a specialty's
 * parent), read as ids, once the table's keys are known. */
static int rj_resolve_self(struct rj_export *x, int t, struct rj_row *rows,
                           size_t n)
{
    for (int c = 0; c < store__xfer_ncols(t); c++) {
        const struct rj_col *col = &store__xfer_table(t)->cols[c];
        if (col->type != RJ_REF || col->ref != t)
            continue;
        for (size_t i = 0; i < n; i++) {
            json_t *v = json_object_get(rows[i].obj, col->field);
            if (!json_is_integer(v))
                continue;
            json_t *key = rj_ref_key(x, t, json_integer_value(v));
            if (!key)
                return rj_export_fail(x, t, rows[i].id, col->field,
                                      "refers to a row not in the file");
            json_object_set_new(rows[i].obj, col->field, key);
        }
    }
    return 0;
}

/*
 * A table: every row read, keyed (ordinal rows numbered among their
 * parent's), its keys kept for the tables after it, then written sorted
 * by key.
 */
static int rj_export_rows(struct rj_export *x, int t, struct store_stmt *st)
{
    struct rj_row *rows = NULL;
    size_t n = 0, cap = 0;
    int step, rc = 0;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        xgrow((void **)&rows, &cap, n + 1, sizeof(*rows));
        memset(&rows[n], 0, sizeof(*rows));
        int skip = 0;
        rc = rj_row_read(x, t, st, &rows[n++], &skip);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, x->ei);
    if (rc == 0 && store__xfer_table(t)->keykind == RJ_ORDINAL) {
        for (size_t i = 0; i < n; i++)
            rows[i].sort = rj_sort_of(t, rows[i].obj);
        if (n)
            qsort(rows, n, sizeof(*rows), rj_row_sort_cmp);
        int64_t k = 0;
        for (size_t i = 0; i < n; i++) {
            json_t *parent = json_array_get(rows[i].sort, 0);
            k = i && jsonord_cmp(parent, json_array_get(rows[i - 1].sort, 0)) ==
                            0
                    ? k + 1
                    : 1;
            json_object_set_new(rows[i].obj, "n", json_integer(k));
            rows[i].key = json_pack("[O, I]", parent, (json_int_t)k);
        }
    } else if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            rows[i].key = store__xfer_natural_key(t, rows[i].obj);
    }
    if (rc == 0 && (store__xfer_table(t)->flags & RJ_HAS_ID) &&
        store__xfer_referred(t)) {
        struct rj_map *m = &x->maps[t];
        m->e = xcalloc(n ? n : 1, sizeof(*m->e));
        for (size_t i = 0; i < n; i++)
            m->e[m->n++] =
                (struct rj_entry){rows[i].id, json_incref(rows[i].key)};
        qsort(m->e, m->n, sizeof(*m->e), rj_entry_cmp);
        rc = rj_resolve_self(x, t, rows, n);
    }
    if (rc == 0 && n)
        qsort(rows, n, sizeof(*rows), rj_row_key_cmp);
    /*
     * Two rows with one key: where a key column may be NULL, the schema's
     * UNIQUE lets a row be written twice (an administrator's role of
     * 'all'). The same in every column, they are one fact, written once;
     * their ids keep the one key. Rows that differ cannot be told apart.
     */
    for (size_t i = 1; rc == 0 && i < n; i++)
        if (jsonord_cmp(rows[i].key, rows[i - 1].key) == 0) {
            if (!json_equal(rows[i].obj, rows[i - 1].obj))
                rc = rj_export_fail(x, t, rows[i].id, "key",
                                    "two different rows have the same key");
            else
                rows[i].same = 1, x->same++;
        }
    for (size_t i = 0, k = 0; rc == 0 && i < n; i++) {
        if (rows[i].same)
            continue;
        rc = rj_blob_out(x, t, &rows[i]);
        if (rc == 0)
            rc = rj_write_record(x, rows[i].obj, k++ == 0);
        /* A report may be megabytes: keep none once written. */
        json_decref(rows[i].obj);
        rows[i].obj = NULL;
    }
    rj_rows_free(rows, n);
    return rc;
}

static int rj_export_table(struct rj_export *x, int t)
{
    struct store_stmt *st = NULL;
    int rc = store__xfer_select(x->s, t, &st, x->ei);
    if (rc)
        return rc;
    if (rj_bind_region(x, t, st) != STORE_OK) {
        rc = store__db_error(x->s, x->ei);
        store__finalize(st);
        return rc;
    }
    char head[96];
    snprintf(head, sizeof(head), ",\n\"%s\":[", store__xfer_table(t)->name);
    rc = rj_put(x, head);
    if (rc == 0)
        rc = store__xfer_table(t)->keykind == RJ_SEQUENCE
                 ? rj_export_sequence(x, t, st)
                 : rj_export_rows(x, t, st);
    store__finalize(st);
    if (rc == 0)
        rc = rj_put(x, "\n]");
    return rc;
}

int store_transfer_export(struct store *s, const char *region,
                          int (*write)(void *arg, const char *data, size_t n),
                          void *arg, struct transfer_stats *stats,
                          struct err_info *ei)
{
    struct rj_export x = {.s = s, .write = write, .arg = arg, .ei = ei};
    x.out = (struct buf)BUF_INIT(0);
    int rc = store_transfer_check_schema(s, ei);
    if (rc)
        return rc;
    rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    if (region) {
        struct store_stmt *st = NULL;
        rc = store__query(s, &st, ei, "SELECT id FROM region WHERE code = ?1",
                          "t", region);
        if (rc == 0) {
            int step = store__step(st);
            if (step == STORE_ROW)
                x.region = store__col_int64(st, 0);
            else if (step == STORE_DONE)
                rc = err_set(ei, ERR_NOTFOUND, "region",
                             "region: no region has the code %s", region);
            else
                rc = store__db_error(s, ei);
        }
        store__finalize(st);
    }
    if (rc == 0) {
        char head[96];
        snprintf(head, sizeof(head), "{\"format\":\"%s\",\"version\":%d",
                 STORE_TRANSFER_FORMAT, STORE_TRANSFER_VERSION);
        rc = rj_put(&x, head);
    }
    for (int t = 0; rc == 0 && t < T_COUNT; t++)
        rc = rj_export_table(&x, t);
    if (rc == 0)
        rc = rj_put(&x, "}\n");
    if (rc == 0)
        rc = rj_flush(&x, 1);
    int64_t unsent = 0;
    if (rc == 0)
        rc = store__count(s, ei, &unsent,
                          "SELECT count(*) FROM mail_out WHERE sent_at IS NULL",
                          "");
    store__read_end(s);
    for (int t = 0; t < T_COUNT; t++)
        rj_map_free(&x.maps[t]);
    buf_release(&x.out);
    if (stats) {
        stats->records = x.records;
        stats->tables = T_COUNT;
        stats->mail_unsent = unsent;
        stats->same = x.same;
    }
    return rc;
}
