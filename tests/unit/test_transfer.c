/*
 * The region file (randa export and import): the order records and keys
 * sort by, the reader that takes a file a record at a time, and the
 * store's export and import on small demo regions in temporary SQLite
 * files, each test its own (Criterion runs them in parallel processes).
 */
#include <criterion/criterion.h>

#include "demo/demo.h"
#include "store/store.h"
#include "store/transfer.h"
#include "tmpdb.h"
#include "util/buf.h"
#include "util/jsonord.h"
#include "util/jsonrec.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define TODAY ((struct date){2026, 11, 23})

/* ---- the order ---- */

static int cmp_text(const char *a, const char *b)
{
    json_t *x = json_loads(a, JSON_DECODE_ANY, NULL);
    json_t *y = json_loads(b, JSON_DECODE_ANY, NULL);
    cr_assert(x && y, "%s, %s", a, b);
    int c = jsonord_cmp(x, y);
    json_decref(x);
    json_decref(y);
    return c;
}

Test(jsonord, types_sort_null_booleans_numbers_strings_arrays_objects)
{
    const char *order[] = {"null", "false", "true",  "-3", "2",
                           "2.5",  "\"\"",  "\"a\"", "[]", "{}"};
    size_t n = sizeof(order) / sizeof(*order);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = cmp_text(order[i], order[j]);
            cr_assert_eq(c < 0, i < j, "%s vs %s: %d", order[i], order[j], c);
            cr_assert_eq(c == 0, i == j, "%s vs %s: %d", order[i], order[j], c);
        }
}

Test(jsonord, strings_sort_by_bytes_so_swedish_letters_come_after_z)
{
    /* By code point (Ä U+00C4, Å U+00C5, Ö U+00D6), not by the Swedish
     * alphabet: the same in every database, whatever its collation. */
    cr_assert_lt(cmp_text("\"Zorn\"", "\"Ängelholm\""), 0);
    cr_assert_lt(cmp_text("\"Ängelholm\"", "\"Åhus\""), 0);
    cr_assert_lt(cmp_text("\"Åhus\"", "\"Örebro\""), 0);
    cr_assert_lt(cmp_text("\"B\"", "\"a\""), 0, "capitals first, as bytes");
    cr_assert_lt(cmp_text("\"ab\"", "\"abc\""), 0, "a prefix first");
}

Test(jsonord, arrays_compare_element_by_element_and_a_prefix_first)
{
    cr_assert_lt(cmp_text("[\"a\", 2]", "[\"a\", 10]"), 0);
    cr_assert_lt(cmp_text("[[\"x\", \"y\"], 9]", "[[\"x\", \"z\"], 1]"), 0);
    cr_assert_lt(cmp_text("[1]", "[1, null]"), 0);
    cr_assert_eq(
        cmp_text("[\"2021\", null, \"a1\"]", "[\"2021\", null, \"a1\"]"), 0);
    cr_assert_lt(
        cmp_text("[\"2021\", null, \"a1\"]", "[\"2021\", \"allm\", \"a1\"]"),
        0);
}

Test(jsonord, numbers_compare_by_value_an_integer_before_an_equal_real)
{
    cr_assert_lt(cmp_text("9", "10"), 0);
    cr_assert_lt(cmp_text("-10", "-9"), 0);
    cr_assert_lt(cmp_text("2", "2.0"), 0);
    cr_assert_gt(cmp_text("9007199254740993", "9007199254740992"), 0);
}

Test(jsonord, the_text_is_compact_with_sorted_names_and_utf8_as_it_is)
{
    json_t *v = json_loads(
        "{\"b\": [1, \"Åsa\"], \"a\": null, \"c\": \"x\\n\"}", 0, NULL);
    char *t = jsonord_text(v);
    cr_assert_str_eq(t, "{\"a\":null,\"b\":[1,\"Åsa\"],\"c\":\"x\\n\"}");
    free(t);
    json_decref(v);
}

/* ---- the reader ---- */

/* A document in memory, read at most chunk bytes at a time. */
struct src {
    const char *data;
    size_t len, pos, chunk;
};

static long src_read(void *arg, char *dst, size_t n)
{
    struct src *s = arg;
    size_t k = s->len - s->pos;
    if (k > n)
        k = n;
    if (s->chunk && k > s->chunk)
        k = s->chunk;
    memcpy(dst, s->data + s->pos, k);
    s->pos += k;
    return (long)k;
}

/* Reads text whole; each item as one line of b ("member name value",
 * "array name", "element value", "end array", "end"); the error's code
 * and message when it fails. */
static int read_all(const char *text, size_t chunk, size_t max, struct buf *b,
                    struct err_info *ei)
{
    struct src s = {text, strlen(text), 0, chunk};
    struct jsonrec *r = jsonrec_new(src_read, &s, max);
    struct jsonrec_item it;
    int rc;
    err_clear(ei);
    while ((rc = jsonrec_next(r, &it, ei)) == 0) {
        char *v = it.value ? jsonord_text(it.value) : NULL;
        switch (it.event) {
        case JSONREC_MEMBER:
            buf_addf(b, "member %s %s @%ld\n", it.name, v, it.line);
            break;
        case JSONREC_ARRAY:
            buf_addf(b, "array %s @%ld\n", it.name, it.line);
            break;
        case JSONREC_ELEMENT:
            buf_addf(b, "element %s @%ld\n", v, it.line);
            break;
        case JSONREC_ARRAY_END:
            buf_addf(b, "end array %s\n", it.name);
            break;
        case JSONREC_END:
            buf_adds(b, "end\n");
            break;
        }
        free(v);
        json_decref(it.value);
        if (it.event == JSONREC_END)
            break;
    }
    jsonrec_free(r);
    return rc;
}

static const char doc[] =
    "{\"format\":\"randa-region\",\"version\":1,\n"
    "\"region\":[\n"
    "{\"code\":\"skane\",\"name\":\"Region Skåne\"}\n"
    "],\n"
    "\"empty\":[\n"
    "],\n"
    "\"unit\":[\n"
    "{\"hsa_id\":\"SE1\",\"site\":[\"skane\",\"Lund\"],\"n\":{\"deep\":[[1]]}},"
    "\n"
    "  \"a ] string with } brackets and \\\" quotes\", 3, true, null\n"
    "]}\n";

static const char doc_items[] =
    "member format \"randa-region\" @1\n"
    "member version 1 @1\n"
    "array region @2\n"
    "element {\"code\":\"skane\",\"name\":\"Region Skåne\"} @3\n"
    "end array region\n"
    "array empty @5\n"
    "end array empty\n"
    "array unit @7\n"
    "element {\"hsa_id\":\"SE1\",\"n\":{\"deep\":[[1]]},\"site\":[\"skane\","
    "\"Lund\"]} @8\n"
    "element \"a ] string with } brackets and \\\" quotes\" @9\n"
    "element 3 @9\n"
    "element true @9\n"
    "element null @9\n"
    "end array unit\n"
    "end\n";

Test(jsonrec, reads_members_arrays_and_each_element_with_its_line)
{
    struct buf b = BUF_INIT(0);
    struct err_info ei;
    cr_assert_eq(read_all(doc, 0, 1 << 20, &b, &ei), 0, "%s", ei.msg);
    cr_assert_str_eq(b.data, doc_items);
    buf_release(&b);
}

Test(jsonrec, reads_the_same_however_the_file_arrives_in_pieces)
{
    for (size_t chunk = 1; chunk < 40; chunk++) {
        struct buf b = BUF_INIT(0);
        struct err_info ei;
        cr_assert_eq(read_all(doc, chunk, 1 << 20, &b, &ei), 0, "%s", ei.msg);
        cr_assert_str_eq(b.data, doc_items, "read %zu bytes at a time", chunk);
        buf_release(&b);
    }
}

/* Reading text fails with code and a message holding want. */
static void refused(const char *text, int code, const char *want)
{
    struct buf b = BUF_INIT(0);
    struct err_info ei;
    for (size_t chunk = 0; chunk < 3; chunk++) {
        buf_reset(&b);
        int rc = read_all(text, chunk, 64, &b, &ei);
        cr_assert_eq(rc, code, "%s: %d (%s)", text, rc, ei.msg);
        cr_assert(strstr(ei.msg, want), "%s: \"%s\" lacks \"%s\"", text, ei.msg,
                  want);
    }
    buf_release(&b);
}

Test(jsonrec, refuses_what_is_not_one_object_of_well_formed_values)
{
    refused("", ERR_SYNTAX,
            "line 1: expected '{' (a JSON object), but the "
            "file ends");
    refused("[1, 2]", ERR_SYNTAX, "expected '{' (a JSON object), found '['");
    refused("\xef\xbb\xbf{}", ERR_SYNTAX, "found byte 0xef");
    refused("{\"a\":[1,]}", ERR_SYNTAX, "expected a value, found ']'");
    refused("{\"a\":[1 2]}", ERR_SYNTAX, "expected ',' or ']', found '2'");
    refused("{\"a\":1,}", ERR_SYNTAX, "expected a member's name, found '}'");
    refused("{\"a\" 1}", ERR_SYNTAX, "expected ':'");
    refused("{\"a\":[{\"b\":1,\"b\":2}]}", ERR_SYNTAX, "duplicate");
    refused("{\"a\":1,\"a\":[]}", ERR_SYNTAX, "repeated");
    refused("{\"a\":tru}", ERR_SYNTAX, "line 1:");
    refused("{\"a\":[\n{\"b\":\n\"x}]}", ERR_SYNTAX, "line 3:");
    refused("{\"a\":[{\"b\":1}", ERR_SYNTAX, "the file ends");
    refused("{}\n{}", ERR_SYNTAX, "text after the end");
    refused("{\"a\":\"\\u0000\"}", ERR_SYNTAX, "line 1:");
    refused("{\"big\":[\"0123456789012345678901234567890123456789012345678"
            "901234567890123456789\"]}",
            ERR_TOOBIG, "too large");
}

Test(jsonrec, refuses_a_nul_byte_anywhere_naming_its_line)
{
    static const char text[] = "{\"a\":[\n1,\n2\0]}";
    struct src s = {text, sizeof(text) - 1, 0, 0};
    struct jsonrec *r = jsonrec_new(src_read, &s, 100);
    struct jsonrec_item it;
    struct err_info ei;
    int rc;
    while ((rc = jsonrec_next(r, &it, &ei)) == 0)
        json_decref(it.value);
    cr_assert_eq(rc, ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "line 3: a NUL byte"), "%s", ei.msg);
    jsonrec_free(r);
}

Test(jsonrec, refuses_values_nested_deeper_than_its_limit)
{
    struct buf text = BUF_INIT(0);
    buf_adds(&text, "{\"a\":[");
    for (int i = 0; i <= JSONREC_DEPTH_MAX; i++)
        buf_adds(&text, "[");
    struct buf b = BUF_INIT(0);
    struct err_info ei;
    cr_assert_eq(read_all(text.data, 0, 1 << 20, &b, &ei), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "nested too deeply"), "%s", ei.msg);
    buf_release(&b);
    buf_release(&text);
}

Test(jsonrec, keeps_returning_its_error_once_it_failed)
{
    struct src s = {"{\"a\":x}", 7, 0, 0};
    struct jsonrec *r = jsonrec_new(src_read, &s, 100);
    struct jsonrec_item it;
    struct err_info ei;
    cr_assert_eq(jsonrec_next(r, &it, &ei), ERR_SYNTAX);
    err_clear(&ei);
    cr_assert_eq(jsonrec_next(r, &it, &ei), ERR_SYNTAX);
    cr_assert_neq(ei.msg[0], '\0');
    jsonrec_free(r);
}

/* ---- export and import ---- */

/* A new demo region of trainees in a temporary file; the caller frees. */
static char *demo_db(int trainees)
{
    char *path = malloc(64);
    tmpdb_path(path, 64, "test-transfer");
    struct store *s = NULL;
    struct err_info ei = {0};
    struct demo_options opt = {7, trainees, TODAY};
    cr_assert_eq(store_open(path, STORE_CREATE, &s, &ei), 0, "%s", ei.msg);
    cr_assert_eq(demo_generate(s, &opt, &ei), 0, "demo: %s", ei.msg);
    store_close(s);
    return path;
}

/* A new, empty database in a temporary file; the caller frees. */
static char *empty_db(void)
{
    char *path = malloc(64);
    tmpdb_path(path, 64, "test-transfer");
    struct store *s = NULL;
    struct err_info ei = {0};
    cr_assert_eq(store_open(path, STORE_CREATE, &s, &ei), 0, "%s", ei.msg);
    store_close(s);
    return path;
}

static void drop_db(char *path)
{
    tmpdb_remove(path);
    free(path);
}

static int to_buf(void *arg, const char *data, size_t n)
{
    return buf_add(arg, data, n);
}

/* The file of database path (region code or NULL) into out. */
static int export_db(const char *path, const char *region, struct buf *out,
                     struct err_info *ei)
{
    struct store *s = NULL;
    cr_assert_eq(store_open(path, STORE_READONLY, &s, ei), 0, "%s", ei->msg);
    buf_reset(out);
    int rc = store_transfer_export(s, region, to_buf, out, NULL, ei);
    store_close(s);
    return rc;
}

/* Imports text into database path; 0 or the error. */
static int import_db(const char *path, const char *text, struct err_info *ei)
{
    struct store *s = NULL;
    cr_assert_eq(store_open(path, 0, &s, ei), 0, "%s", ei->msg);
    struct src src = {text, strlen(text), 0, 0};
    struct jsonrec *r = jsonrec_new(src_read, &src, STORE_TRANSFER_RECORD_MAX);
    err_clear(ei);
    int rc = store_transfer_import(s, r, NULL, ei);
    jsonrec_free(r);
    store_close(s);
    return rc;
}

/* Runs statements on the file with SQLite itself. */
static void sql(const char *path, const char *statements)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *err = NULL;
    cr_assert_eq(sqlite3_exec(db, statements, NULL, NULL, &err), SQLITE_OK,
                 "%s: %s", statements, err ? err : "");
    sqlite3_close(db);
}

static int64_t sql_int(const char *path, const char *query)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, query, -1, &st, NULL), SQLITE_OK, "%s",
                 query);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Rows of every table a region's file carries, in a database. */
static int64_t rows_in(const char *path)
{
    int64_t n = 0;
    char q[128];
    for (int i = 0; store_transfer_table(i); i++) {
        snprintf(q, sizeof(q), "SELECT count(*) FROM %s",
                 store_transfer_table(i));
        n += sql_int(path, q);
    }
    return n;
}

Test(transfer, every_table_is_exported_or_left_out_on_purpose)
{
    char *path = empty_db();
    struct store *s = NULL;
    struct err_info ei = {0};
    cr_assert_eq(store_open(path, STORE_READONLY, &s, &ei), 0);
    cr_assert_eq(store_transfer_check_schema(s, &ei), 0, "%s", ei.msg);
    store_close(s);
    /* And each name on the lists is a table of the schema. */
    char q[160];
    for (int i = 0; store_transfer_table(i); i++) {
        snprintf(q, sizeof(q),
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                 "AND name = '%s'",
                 store_transfer_table(i));
        cr_assert_eq(sql_int(path, q), 1, "%s", store_transfer_table(i));
    }
    const char *why = NULL;
    for (int i = 0; store_transfer_skipped(i, &why); i++) {
        snprintf(q, sizeof(q),
                 "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                 "AND name = '%s'",
                 store_transfer_skipped(i, NULL));
        cr_assert_eq(sql_int(path, q), 1, "%s",
                     store_transfer_skipped(i, NULL));
        cr_assert(why && strlen(why) > 20, "say why %s is left out",
                  store_transfer_skipped(i, NULL));
    }
    drop_db(path);
}

Test(transfer, a_table_or_column_nobody_decided_about_stops_the_export)
{
    char *path = empty_db();
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    sql(path, "CREATE TABLE region_exchange (id INTEGER PRIMARY KEY, note "
              "TEXT)");
    cr_assert_eq(export_db(path, NULL, &out, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "the table region_exchange is neither exported "
                             "nor left out on purpose"),
              "%s", ei.msg);
    cr_assert_eq(out.len, 0, "nothing written");
    sql(path, "DROP TABLE region_exchange; "
              "ALTER TABLE unit ADD COLUMN code TEXT");
    cr_assert_eq(export_db(path, NULL, &out, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "the column unit.code"), "%s", ei.msg);
    buf_release(&out);
    drop_db(path);
}

Test(transfer, export_import_export_gives_the_same_bytes)
{
    char *from = demo_db(60), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(export_db(to, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert_eq(a.len, b.len);
    cr_assert(memcmp(a.data, b.data, a.len) == 0, "the same bytes");
    cr_assert_eq(rows_in(from), rows_in(to));
    /* One line a record, one trailing newline. */
    cr_assert_eq(
        strncmp(a.data, "{\"format\":\"randa-region\",\"version\":1,\n", 38),
        0);
    cr_assert_eq(strcmp(a.data + a.len - 3, "]}\n"), 0);
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
    drop_db(to);
}

Test(transfer, the_same_data_made_in_another_order_gives_the_same_bytes)
{
    char *from = demo_db(30);
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    /* Two leaves of one trainee written in the other order. */
    sql(from, "INSERT INTO leave (trainee_id, from_date, to_date, kind) "
              "VALUES (1, '2031-05-01', '2031-05-31', 'sick'), "
              "(1, '2030-01-01', '2030-02-01', 'parental')");
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    sql(from, "DELETE FROM leave WHERE from_date IN ('2031-05-01', "
              "'2030-01-01'); "
              "INSERT INTO leave (trainee_id, from_date, to_date, kind) "
              "VALUES (1, '2030-01-01', '2030-02-01', 'parental'), "
              "(1, '2031-05-01', '2031-05-31', 'sick')");
    cr_assert_eq(export_db(from, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
              "rows are keyed by what they hold, not by their ids");
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
}

/* The exported text with the first occurrence of from replaced by to. */
static char *edited(const struct buf *text, const char *from, const char *to)
{
    const char *at = strstr(text->data, from);
    cr_assert(at, "the file holds %s", from);
    struct buf b = BUF_INIT(0);
    buf_add(&b, text->data, (size_t)(at - text->data));
    buf_adds(&b, to);
    buf_adds(&b, at + strlen(from));
    return buf_detach(&b);
}

Test(transfer, a_bad_record_is_named_and_nothing_is_written)
{
    char *from = demo_db(20), *to = empty_db();
    struct buf a = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    int64_t before = rows_in(to);

    /* A booking at a unit the file does not hold. */
    const char *b = strstr(a.data, "\n\"booking\":[\n");
    cr_assert(b);
    const char *unit = strstr(b, "\"unit\":\"");
    cr_assert(unit);
    char from_unit[64];
    snprintf(from_unit, sizeof(from_unit), "%.*s",
             (int)(strchr(unit + 8, '"') - unit + 1), unit);
    struct buf tail = BUF_INIT(0);
    buf_adds(&tail, b);
    char *bad_tail = edited(&tail, from_unit, "\"unit\":\"SE0000000000-NONE\"");
    struct buf bad = BUF_INIT(0);
    buf_add(&bad, a.data, (size_t)(b - a.data));
    buf_adds(&bad, bad_tail);
    cr_assert_eq(import_db(to, bad.data, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, ": booking [["), "%s", ei.msg);
    cr_assert(strstr(ei.msg, "unit: no unit \"SE0000000000-NONE\" in the file"),
              "%s", ei.msg);
    cr_assert_str_eq(ei.field, "unit");
    cr_assert_eq(rows_in(to), before, "nothing written");

    /* Another format version. */
    char *v2 = edited(&a, "\"version\":1", "\"version\":2");
    cr_assert_eq(import_db(to, v2, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "format version 2; this randa reads version 1"),
              "%s", ei.msg);
    char *other = edited(&a, "randa-region", "randa-problem");
    cr_assert_eq(import_db(to, other, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "not a Randa region file"), "%s", ei.msg);

    /* Not JSON, half-way through. */
    char *broken = edited(&a, "\n\"trainee\":[\n{", "\n\"trainee\":[\n{{");
    cr_assert_eq(import_db(to, broken, &ei), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "line "), "%s", ei.msg);

    /* A field of the wrong type, and one the table does not have. */
    char *type = edited(&a, "\"fte\":", "\"fte\":\"full\",\"x\":");
    cr_assert_eq(import_db(to, type, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "trainee [\""), "%s", ei.msg);
    cr_assert(strstr(ei.msg, "x: not a field of trainee"), "%s", ei.msg);
    char *type2 = edited(&a, "\"fte\":", "\"fte\":\"full\",\"fte_was\":");
    cr_assert_eq(import_db(to, type2, &ei), ERR_INVAL);

    /* A value the schema refuses. */
    char *schema = edited(&a, "\"kind\":\"public\"", "\"kind\":\"publik\"");
    cr_assert_eq(import_db(to, schema, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "provider \""), "%s", ei.msg);
    cr_assert(strstr(ei.msg, "refused by the schema"), "%s", ei.msg);
    cr_assert_eq(rows_in(to), before, "nothing written");

    /* And the file as it was imports. */
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    free(bad_tail);
    free(v2);
    free(other);
    free(broken);
    free(type);
    free(type2);
    free(schema);
    buf_release(&tail);
    buf_release(&bad);
    buf_release(&a);
    drop_db(from);
    drop_db(to);
}

Test(transfer, an_import_refuses_a_database_that_holds_data)
{
    char *from = demo_db(20);
    struct buf a = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    int64_t before = rows_in(from);
    cr_assert_eq(import_db(from, a.data, &ei), ERR_CONFLICT);
    cr_assert(strstr(ei.msg, "the database is not empty (it holds 1 region"),
              "%s", ei.msg);
    cr_assert_eq(rows_in(from), before, "nothing duplicated");
    buf_release(&a);
    drop_db(from);
}

Test(transfer, the_kinds_of_assessment_are_the_files_after_an_import)
{
    char *from = demo_db(20), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    sql(from, "UPDATE assessment_kind SET name_sv = 'Sittning', active = 0 "
              "WHERE code = 'medsittning'; "
              "INSERT INTO assessment_kind (code, name_sv, name_en) "
              "VALUES ('360', '360-gradersbedömning', '360-degree')");
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(export_db(to, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    cr_assert_eq(sql_int(to, "SELECT count(*) FROM assessment_kind"), 5);
    cr_assert_eq(sql_int(to, "SELECT active FROM assessment_kind "
                             "WHERE code = 'medsittning'"),
                 0);
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
    drop_db(to);
}

Test(transfer, history_of_rows_gone_keeps_their_ids_apart_from_any_row)
{
    char *from = demo_db(20), *mid = empty_db(), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0), c = BUF_INIT(0);
    struct err_info ei = {0};
    sql(from, "INSERT INTO audit_log (at, actor, entity, entity_id, action, "
              "before_json) VALUES ('2026-11-23T10:00:00Z', 'x', 'leave', "
              "999999, 'delete', '{\"id\":999999}'); "
              "INSERT INTO audit_log (at, actor, entity, entity_id, action, "
              "after_json) VALUES ('2026-11-23T10:00:00Z', 'x', "
              "'an_entity_to_come', 42, 'insert', '{}')");
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    cr_assert(strstr(a.data, "\"entity\":\"leave\",\"import\":null,\"n\":"),
              "%s", "leave");
    cr_assert(strstr(a.data, "\"of\":{\"id\":999999}"));
    cr_assert(strstr(a.data, "\"of\":{\"id\":42}"));
    cr_assert_eq(import_db(mid, a.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(sql_int(mid, "SELECT count(*) FROM audit_log WHERE "
                              "entity_id IN (-999999, -42)"),
                 2, "imported as ids no row has");
    /* Every booking's own insert names the booking it now has. */
    cr_assert_eq(sql_int(mid, "SELECT count(*) FROM booking b WHERE NOT "
                              "EXISTS (SELECT 1 FROM audit_log a WHERE "
                              "a.entity = 'booking' AND a.action = 'insert' "
                              "AND a.entity_id = b.id)"),
                 sql_int(from, "SELECT count(*) FROM booking b WHERE NOT "
                               "EXISTS (SELECT 1 FROM audit_log a WHERE "
                               "a.entity = 'booking' AND a.action = "
                               "'insert' AND a.entity_id = b.id)"));
    cr_assert_eq(export_db(mid, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    cr_assert_eq(import_db(to, b.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(export_db(to, NULL, &c, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == c.len && memcmp(a.data, c.data, a.len) == 0);
    buf_release(&a);
    buf_release(&b);
    buf_release(&c);
    drop_db(from);
    drop_db(mid);
    drop_db(to);
}

Test(transfer, a_plan_versions_ids_name_the_same_rows_after_a_move)
{
    char *from = demo_db(40), *to = empty_db();
    struct buf a = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    /* The import writes rows in the order of their keys, not of the
     * source's ids: the ids differ. */
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    /* Every need an approved version names is that trainee's need. */
    const char *q =
        "SELECT count(*) FROM edu_plan p, json_each(p.content, '$.needs') n "
        "WHERE p.content IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        "rotation_need r WHERE r.id = json_extract(n.value, '$.id') "
        "AND r.trainee_id = p.trainee_id)";
    cr_assert_gt(sql_int(from, "SELECT count(*) FROM edu_plan p, "
                               "json_each(p.content, '$.needs') n"),
                 0);
    cr_assert_eq(sql_int(from, q), 0);
    cr_assert_eq(sql_int(to, q), 0);
    buf_release(&a);
    drop_db(from);
    drop_db(to);
}

Test(transfer, one_regions_file_holds_its_rows_and_the_shared_ones_it_uses)
{
    char *from = demo_db(20), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    /* A second region with a unit, a trainee and a user of its own. */
    sql(from,
        "INSERT INTO region (code, name) VALUES ('norr', 'Region Norr'); "
        "INSERT INTO provider (name, org_nr, kind) VALUES ('Norr', "
        "'232100-0001', 'public'); "
        "INSERT INTO unit (region_id, provider_id, specialty_id, name, hsa_id, "
        "kind) SELECT r.id, p.id, 1, 'Norr VC', 'SE2321000001-N1', "
        "'primary_care' FROM region r, provider p WHERE r.code = 'norr' AND "
        "p.org_nr = '232100-0001'; "
        "INSERT INTO person (name, email) VALUES ('Nora Norr', "
        "'nora@norr.se'); "
        "INSERT INTO trainee (person_id, specialty_id, regulation, "
        "home_unit_id, start_date, fte, planned_end, status) SELECT p.id, 1, "
        "'2021', u.id, '2025-01-01', 100, '2030-01-01', 'active' FROM person "
        "p, unit u WHERE p.email = 'nora@norr.se' AND u.hsa_id = "
        "'SE2321000001-N1'; "
        "INSERT INTO app_user (username, name, password_hash, created_at, "
        "password_at) VALUES ('norr-admin', 'N', '$argon2id$x', "
        "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'); "
        "INSERT INTO user_role (user_id, role, scope, scope_id) SELECT u.id, "
        "'coordinator', 'region', r.id FROM app_user u, region r WHERE "
        "u.username = 'norr-admin' AND r.code = 'norr'");
    cr_assert_eq(export_db(from, "norr", &a, &ei), 0, "%s", ei.msg);
    cr_assert(strstr(a.data, "nora@norr.se"));
    cr_assert(strstr(a.data, "norr-admin"));
    cr_assert(!strstr(a.data, "\"skane\""), "no row of the other region");
    cr_assert(!strstr(a.data, "232100-0255"), "nor its providers");
    cr_assert(strstr(a.data, "\"code\":\"allmanmedicin\""),
              "every specialty: reference data is shared");
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(export_db(to, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0,
              "a region's file moves whole");
    cr_assert_eq(export_db(from, "nowhere", &b, &ei), ERR_NOTFOUND);
    cr_assert(strstr(ei.msg, "no region has the code nowhere"), "%s", ei.msg);

    /* A row of one region that names another's is named, not dropped. */
    sql(from, "UPDATE booking SET unit_id = (SELECT id FROM unit WHERE "
              "hsa_id = 'SE2321000001-N1') WHERE id = (SELECT min(id) FROM "
              "booking)");
    cr_assert_eq(export_db(from, "skane", &b, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "booking (id "), "%s", ei.msg);
    cr_assert(strstr(ei.msg, "it is another region's"), "%s", ei.msg);
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
    drop_db(to);
}

Test(transfer, a_signatures_facts_name_the_same_rows_by_their_new_ids)
{
    char *from = demo_db(30), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    /* A rotation's signature whose facts name the trainee, the booking
     * and a goal by id, as api/certificates.c writes them. */
    sql(from,
        "INSERT INTO certificate_signature (trainee_id, certificate, kind, "
        "booking_id, role, name, at, content) "
        "SELECT b.trainee_id, 'rotation-' || b.id, 'rotation', b.id, "
        "'supervisor', 'H', '2026-11-23T10:00:00Z', "
        "json_object('id', 'rotation-' || b.id, 'kind', 'rotation', "
        "'trainee', json_object('id', b.trainee_id, 'name', 'T'), "
        "'activity', json_object('booking_id', b.id, 'unit', 'U'), "
        "'goals', json_array(json_object('id', (SELECT min(id) FROM goal), "
        "'code', 'c1'), json_object('id', 12345678, 'code', 'gone'))) "
        "FROM booking b WHERE b.id = (SELECT max(id) FROM booking)");
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    const char *sig = strstr(a.data, "\n\"certificate_signature\":[\n{");
    cr_assert(sig);
    cr_assert(strstr(sig, "\"id\":{\"rotation\":[["), "%.400s", sig);
    cr_assert(strstr(sig, "{\"code\":\"gone\",\"id\":{\"id\":12345678}}"),
              "%.600s", sig);
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    /* The facts name the booking, trainee and goal by their ids here. */
    cr_assert_eq(sql_int(to,
                         "SELECT count(*) FROM certificate_signature s "
                         "JOIN booking b ON b.id = s.booking_id "
                         "WHERE s.certificate = 'rotation-' || b.id "
                         "AND json_extract(s.content, '$.id') = s.certificate "
                         "AND json_extract(s.content, '$.trainee.id') = "
                         "s.trainee_id AND json_extract(s.content, "
                         "'$.activity.booking_id') = b.id AND json_extract("
                         "s.content, '$.goals[0].id') = (SELECT id FROM goal "
                         "WHERE regulation = '2021' AND code = 'STa1' AND "
                         "specialty_id IS NULL) AND json_extract(s.content, "
                         "'$.goals[1].id') = -12345678"),
                 1);
    cr_assert_neq(sql_int(from, "SELECT booking_id FROM certificate_signature"),
                  sql_int(to, "SELECT booking_id FROM certificate_signature"),
                  "the booking's id differs, so the facts were rewritten");
    cr_assert_eq(export_db(to, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
    drop_db(to);
}

Test(transfer, a_row_the_schema_let_be_written_twice_moves_once)
{
    char *from = demo_db(10), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    /* UNIQUE does not compare the NULL scope of a role of 'all'. */
    sql(from, "INSERT INTO user_role (user_id, role, scope) SELECT user_id, "
              "role, scope FROM user_role WHERE role = 'admin'");
    cr_assert_eq(sql_int(from, "SELECT count(*) FROM user_role "
                               "WHERE role = 'admin'"),
                 2);
    struct store *s = NULL;
    struct transfer_stats stats;
    cr_assert_eq(store_open(from, STORE_READONLY, &s, &ei), 0);
    cr_assert_eq(store_transfer_export(s, NULL, to_buf, &a, &stats, &ei), 0,
                 "%s", ei.msg);
    store_close(s);
    cr_assert_eq(stats.same, 1);
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(sql_int(to, "SELECT count(*) FROM user_role "
                             "WHERE role = 'admin'"),
                 1);
    cr_assert_eq(export_db(to, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
    drop_db(to);
}

Test(transfer, freed_places_offers_watches_feeds_and_imports_move_too)
{
    char *from = demo_db(20), *to = empty_db();
    struct buf a = BUF_INIT(0), b = BUF_INIT(0);
    struct err_info ei = {0};
    sql(from,
        "INSERT INTO freed_place (unit_id, cause, booking_id, from_week, "
        "to_week, origin_week, pattern, seats, freed_at, freed_by) SELECT "
        "unit_id, 'cancelled', id, start_week, end_week, start_week, 'full', "
        "1, '2026-11-23T10:00:00Z', 'x' FROM booking WHERE id = (SELECT "
        "min(id) FROM booking); "
        "INSERT INTO offer (freed_id, need_id, trainee_id, unit_id, "
        "start_week, end_week, pattern, weeks, rank, gain, automatic, status, "
        "offered_at, offered_by, deadline) SELECT f.id, n.id, n.trainee_id, "
        "f.unit_id, f.from_week, f.from_week + 4, 'full', 4, 1, 5, 0, "
        "'open', '2026-11-23T10:00:00Z', 'x', '2026-11-25T10:00:00Z' FROM "
        "freed_place f, rotation_need n WHERE n.id = (SELECT max(id) FROM "
        "rotation_need); "
        "INSERT INTO place_watch (user_id, specialty_id, from_week, to_week, "
        "created_at) SELECT min(id), 1, 3000, 3100, '2026-11-23T10:00:00Z' "
        "FROM app_user; "
        "INSERT INTO place_watch_hit (watch_id, freed_id, at) SELECT w.id, "
        "f.id, '2026-11-23T10:00:00Z' FROM place_watch w, freed_place f; "
        "INSERT INTO calendar_feed (user_id, kind, unit_id, name, token_hash, "
        "created_at) SELECT min(id), 'unit', 1, 'Enheten', "
        "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', "
        "1795000000 FROM app_user; "
        "INSERT INTO data_import (kind, file_name, format, size, sha256, "
        "user_id, actor, at) SELECT 'units', 'enheter.csv', 'csv', 10, "
        "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', "
        "min(id), 'admin', '2026-11-23T10:00:00Z' FROM app_user; "
        "UPDATE audit_log SET import_id = (SELECT id FROM data_import) WHERE "
        "entity = 'person' AND id IN (SELECT id FROM audit_log WHERE entity "
        "= 'person' ORDER BY id LIMIT 3)");
    cr_assert_eq(export_db(from, NULL, &a, &ei), 0, "%s", ei.msg);
    cr_assert(strstr(a.data, "\"import\":1,"), "an entry names its import");
    cr_assert_eq(import_db(to, a.data, &ei), 0, "%s", ei.msg);
    cr_assert_eq(export_db(to, NULL, &b, &ei), 0, "%s", ei.msg);
    cr_assert(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    const char *tables[] = {"freed_place",     "offer",         "place_watch",
                            "place_watch_hit", "calendar_feed", "data_import"};
    for (size_t i = 0; i < sizeof(tables) / sizeof(*tables); i++) {
        char q[96];
        snprintf(q, sizeof(q), "SELECT count(*) FROM %s", tables[i]);
        cr_assert_eq(sql_int(to, q), 1, "%s", tables[i]);
    }
    cr_assert_eq(sql_int(to, "SELECT count(*) FROM audit_log a JOIN "
                             "data_import i ON i.id = a.import_id"),
                 3);
    cr_assert_eq(sql_int(to,
                         "SELECT count(*) FROM offer o JOIN rotation_need "
                         "n ON n.id = o.need_id AND n.trainee_id = "
                         "o.trainee_id JOIN freed_place f ON f.id = "
                         "o.freed_id JOIN booking b ON b.id = f.booking_id"),
                 1);
    buf_release(&a);
    buf_release(&b);
    drop_db(from);
    drop_db(to);
}
