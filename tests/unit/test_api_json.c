/*
 * Unit tests for the API's readers of query arguments and JSON body fields
 * and its JSON writers (api/api_impl.h), with requests built by hand.
 *
 * Week serials are calendar facts worked out by hand (and checked against
 * an independent calendar library): a serial counts the weeks since Monday
 * 1969-12-29, ISO week 1970-W01.
 */
#include <criterion/criterion.h>

#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "api/api_impl.h"
#include "domain/pattern.h"
#include "domain/week.h"
#include "domain/vocab.h"
#include "store/store.h"
#include "tmpdb.h"
#include "util/err.h"

/* Monday 2027-03-08 is 20,888 days = 2,984 weeks after 1969-12-29. */
#define W2027_10 2984
/* 2026 starts on a Thursday, so it has 53 ISO weeks; 2026-W53 starts on
 * Monday 2026-12-28 and 2027-W01 on Monday 2027-01-04. */
#define W2026_53 2974
#define W2027_01 2975
/* 2026-W01 starts on Monday 2025-12-29. */
#define W2026_01 2922

/* ---- requests with query arguments ---- */

static struct http_request req_with(int n, const char *const *kv)
{
    struct http_request req = {0};
    req.method = HTTP_GET;
    req.path = "/api/v1/test";
    req.body = "";
    for (int i = 0; i < n; i++)
        req.args[i] = (struct http_kv){kv[2 * i], kv[2 * i + 1]};
    req.nargs = n;
    return req;
}

static struct http_request req1(const char *name, const char *value)
{
    const char *kv[] = {name, value};
    return req_with(1, kv);
}

/* Expects an ERR_SYNTAX that names field. */
static void expect_syntax(int rc, const struct err_info *ei, const char *field,
                          const char *what)
{
    cr_assert_eq(rc, ERR_SYNTAX, "%s: rc %d, want ERR_SYNTAX", what, rc);
    cr_assert_eq(ei->code, ERR_SYNTAX, "%s", what);
    cr_assert_str_eq(ei->field, field, "%s", what);
    cr_assert_eq(err_http_status(ei->code), 400);
    cr_assert_neq(ei->msg[0], '\0');
}

/* Expects an ERR_INVAL that names field. */
static void expect_inval(int rc, const struct err_info *ei, const char *field,
                         const char *what)
{
    cr_assert_eq(rc, ERR_INVAL, "%s: rc %d, want ERR_INVAL (%s)", what, rc,
                 ei->msg);
    cr_assert_eq(ei->code, ERR_INVAL, "%s", what);
    cr_assert_str_eq(ei->field, field, "%s", what);
    cr_assert_eq(err_http_status(ei->code), 422);
    cr_assert(strncmp(ei->msg, field, strlen(field)) == 0,
              "%s: message does not start with the field: %s", what, ei->msg);
}

/* ---- api_arg_int ---- */

static int arg_int(const char *value, int lo, int hi, int *out,
                   struct err_info *ei)
{
    struct http_request req = req1("n", value);
    err_clear(ei);
    return api_arg_int(&req, "n", lo, hi, out, ei);
}

Test(api_arg_int, absent_keeps_the_value)
{
    struct http_request req = req1("other", "5");
    struct err_info ei = {0};
    int v = 17;
    cr_assert_eq(api_arg_int(&req, "n", 1, 10, &v, &ei), 0);
    cr_assert_eq(v, 17);
    req.nargs = 0;
    cr_assert_eq(api_arg_int(&req, "n", 1, 10, &v, &ei), 0);
    cr_assert_eq(v, 17);
}

Test(api_arg_int, boundaries)
{
    struct err_info ei;
    int v = -99;
    cr_assert_eq(arg_int("1", 1, 10, &v, &ei), 0);
    cr_assert_eq(v, 1);
    cr_assert_eq(arg_int("10", 1, 10, &v, &ei), 0);
    cr_assert_eq(v, 10);
    cr_assert_eq(arg_int("5", 1, 10, &v, &ei), 0);
    cr_assert_eq(v, 5);
    v = 77;
    expect_syntax(arg_int("0", 1, 10, &v, &ei), &ei, "n", "lo-1");
    expect_syntax(arg_int("11", 1, 10, &v, &ei), &ei, "n", "hi+1");
    cr_assert_eq(v, 77, "a refused value was stored");
    cr_assert_eq(arg_int("-5", -5, -1, &v, &ei), 0);
    cr_assert_eq(v, -5);
    expect_syntax(arg_int("-6", -5, -1, &v, &ei), &ei, "n", "-6");
    expect_syntax(arg_int("0", -5, -1, &v, &ei), &ei, "n", "0");
    cr_assert_eq(arg_int("007", 1, 10, &v, &ei), 0);
    cr_assert_eq(v, 7);
}

Test(api_arg_int, int_limits)
{
    struct err_info ei;
    int v = 0;
    cr_assert_eq(arg_int("2147483647", INT_MIN, INT_MAX, &v, &ei), 0);
    cr_assert_eq(v, INT_MAX);
    cr_assert_eq(arg_int("-2147483648", INT_MIN, INT_MAX, &v, &ei), 0);
    cr_assert_eq(v, INT_MIN);
    expect_syntax(arg_int("2147483648", INT_MIN, INT_MAX, &v, &ei), &ei, "n",
                  "INT_MAX+1");
    expect_syntax(arg_int("-2147483649", INT_MIN, INT_MAX, &v, &ei), &ei, "n",
                  "INT_MIN-1");
    /* 19 digits: the largest long long, then one more. */
    expect_syntax(arg_int("9223372036854775807", INT_MIN, INT_MAX, &v, &ei),
                  &ei, "n", "LLONG_MAX");
    expect_syntax(arg_int("9223372036854775808", INT_MIN, INT_MAX, &v, &ei),
                  &ei, "n", "LLONG_MAX+1");
    expect_syntax(arg_int("-9223372036854775809", INT_MIN, INT_MAX, &v, &ei),
                  &ei, "n", "LLONG_MIN-1");
    cr_assert_eq(v, INT_MIN);
}

Test(api_arg_int, junk)
{
    static const char *const junk[] = {
        "12a",
        " 1",
        "1 ",
        "+1",
        "",
        "-",
        "--1",
        "1-",
        "0x10",
        "1e3",
        "1.0",
        "1,5",
        "12345678901234567890",
        "00000000000000000001",
        "\xd9\xa3",
        "1\n",
        "\t1",
        "\xef\xbc\x91", /* fullwidth 1 */
    };
    for (size_t i = 0; i < sizeof(junk) / sizeof(*junk); i++) {
        struct err_info ei;
        int v = 3;
        expect_syntax(arg_int(junk[i], INT_MIN, INT_MAX, &v, &ei), &ei, "n",
                      junk[i]);
        cr_assert_eq(v, 3, "%s changed the value", junk[i]);
        cr_assert_str_eq(ei.msg, "n: must be a whole number -2147483648 to "
                                 "2147483647");
    }
}

/* The first argument of a name is the one read. */
Test(api_arg_int, first_of_a_name)
{
    static const char *const kv[] = {"n", "2", "n", "x"};
    struct http_request req = req_with(2, kv);
    struct err_info ei = {0};
    int v = 0;
    cr_assert_eq(api_arg_int(&req, "n", 0, 9, &v, &ei), 0);
    cr_assert_eq(v, 2);
}

/* ---- api_arg_id ---- */

Test(api_arg_id, values)
{
    struct err_info ei = {0};
    int64_t id = 5;
    struct http_request req = req1("x", "1");
    cr_assert_eq(api_arg_id(&req, "unit_id", &id, &ei), 0);
    cr_assert_eq(id, 5, "absent changed the value");

    req = req1("unit_id", "1");
    cr_assert_eq(api_arg_id(&req, "unit_id", &id, &ei), 0);
    cr_assert_eq(id, 1);
    req = req1("unit_id", "9223372036854775807");
    cr_assert_eq(api_arg_id(&req, "unit_id", &id, &ei), 0);
    cr_assert_eq(id, INT64_MAX);

    static const char *const bad[] = {
        "0",
        "-1",
        "",
        "-",
        "1a",
        " 1",
        "+1",
        "9223372036854775808",
        "12345678901234567890",
        "1.0",
        "null",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        id = 42;
        req = req1("unit_id", bad[i]);
        err_clear(&ei);
        expect_syntax(api_arg_id(&req, "unit_id", &id, &ei), &ei, "unit_id",
                      bad[i]);
        cr_assert_eq(id, 42);
    }
}

/* ---- api_arg_week ---- */

static int arg_week(const char *value, int *out, struct err_info *ei)
{
    struct http_request req = req1("from", value);
    err_clear(ei);
    return api_arg_week(&req, "from", out, ei);
}

Test(api_arg_week, valid_weeks)
{
    struct err_info ei;
    int w = 0;
    cr_assert_eq(arg_week("2027-W10", &w, &ei), 0);
    cr_assert_eq(w, W2027_10);
    cr_assert_eq(arg_week("2026-W53", &w, &ei), 0);
    cr_assert_eq(w, W2026_53);
    cr_assert_eq(arg_week("2027-W01", &w, &ei), 0);
    cr_assert_eq(w, W2027_01);
    cr_assert_eq(arg_week("2026-W01", &w, &ei), 0);
    cr_assert_eq(w, W2026_01);
    /* The ends of the range: 1900-W01 and 2199-W52 (2199 has 52 weeks). */
    cr_assert_eq(arg_week("1900-W01", &w, &ei), 0);
    cr_assert_eq(w, WEEK_MIN);
    cr_assert_eq(arg_week("2199-W52", &w, &ei), 0);
    cr_assert_eq(w, WEEK_MAX);
    /* 2020 (a leap year starting on Wednesday) has 53 weeks. */
    cr_assert_eq(arg_week("2020-W53", &w, &ei), 0);
}

Test(api_arg_week, invalid_weeks)
{
    static const char *const bad[] = {
        /* 2027 starts on a Friday: 52 weeks. */
        "2027-W53", "2026-W54",  "2027-W00",  "2027-W1",  "2027-w10",
        "2027W10",  "2027-W100", "27-W10",    "2027-10",  "2027-03-08",
        "",         " 2027-W10", "2027-W10 ", "1899-W52", "2200-W01",
        "2199-W53", "20x7-W10",  "2027-W+1",  "2027-W-1",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        struct err_info ei;
        int w = 123;
        expect_syntax(arg_week(bad[i], &w, &ei), &ei, "from", bad[i]);
        cr_assert_eq(w, 123, "%s changed the value", bad[i]);
    }
    struct http_request req = req1("to", "2027-W10");
    struct err_info ei = {0};
    int w = 9;
    cr_assert_eq(api_arg_week(&req, "from", &w, &ei), 0);
    cr_assert_eq(w, 9);
}

/* ---- api_arg_vocab ---- */

Test(api_arg_vocab, names)
{
    struct err_info ei = {0};
    int v = -1;
    struct http_request req = req1("kind", "private");
    cr_assert_eq(api_arg_vocab(&req, "kind", &vocab_provider_kind, &v, &ei), 0);
    cr_assert_eq(v, PROVIDER_PRIVATE);
    req = req1("status", "completed");
    cr_assert_eq(api_arg_vocab(&req, "status", &vocab_booking_status, &v, &ei),
                 0);
    cr_assert_eq(v, BOOKING_COMPLETED);

    v = -1;
    req = req1("other", "private");
    cr_assert_eq(api_arg_vocab(&req, "kind", &vocab_provider_kind, &v, &ei), 0);
    cr_assert_eq(v, -1, "absent changed the value");

    static const char *const bad[] = {"Private", "",  " private",
                                      "privat",  "1", "private "};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        req = req1("kind", bad[i]);
        err_clear(&ei);
        expect_syntax(
            api_arg_vocab(&req, "kind", &vocab_provider_kind, &v, &ei), &ei,
            "kind", bad[i]);
        cr_assert_eq(v, -1);
    }
    /* The cancel reasons' empty name (CANCEL_NONE) is not a name. */
    req = req1("reason", "");
    err_clear(&ei);
    expect_syntax(api_arg_vocab(&req, "reason", &vocab_cancel_reason, &v, &ei),
                  &ei, "reason", "empty reason");
}

/* ---- api_arg_text and api_arg_flag ---- */

Test(api_arg_text, lengths)
{
    struct err_info ei = {0};
    const char *t = "unset";
    struct http_request req = req1("q", "kir");
    cr_assert_eq(api_arg_text(&req, "q", &t, &ei), 0);
    cr_assert_str_eq(t, "kir");
    cr_assert_eq(t, req.args[0].value, "not the argument itself");

    t = "unset";
    cr_assert_eq(api_arg_text(&req, "other", &t, &ei), 0);
    cr_assert_null(t, "absent is NULL");
    t = "unset";
    req = req1("q", "");
    cr_assert_eq(api_arg_text(&req, "q", &t, &ei), 0);
    cr_assert_null(t, "empty is NULL");

    char text[API_TEXT_MAX + 2];
    memset(text, 'x', API_TEXT_MAX);
    text[API_TEXT_MAX] = '\0';
    req = req1("q", text);
    cr_assert_eq(api_arg_text(&req, "q", &t, &ei), 0);
    cr_assert_eq(strlen(t), API_TEXT_MAX);
    text[API_TEXT_MAX] = 'x';
    text[API_TEXT_MAX + 1] = '\0';
    req = req1("q", text);
    expect_syntax(api_arg_text(&req, "q", &t, &ei), &ei, "q", "201 bytes");
    cr_assert_null(t);
}

Test(api_arg_flag, values)
{
    struct err_info ei = {0};
    int v = 7;
    struct http_request req = req1("open", "true");
    cr_assert_eq(api_arg_flag(&req, "open", &v, &ei), 0);
    cr_assert_eq(v, 1);
    req = req1("open", "false");
    cr_assert_eq(api_arg_flag(&req, "open", &v, &ei), 0);
    cr_assert_eq(v, 0);
    v = 7;
    cr_assert_eq(api_arg_flag(&req, "closed", &v, &ei), 0);
    cr_assert_eq(v, 7, "absent changed the value");
    static const char *const bad[] = {"1",   "0",     "",      "True",
                                      "yes", "true ", "falsey"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        req = req1("open", bad[i]);
        err_clear(&ei);
        expect_syntax(api_arg_flag(&req, "open", &v, &ei), &ei, "open", bad[i]);
        cr_assert_eq(v, 7);
    }
}

/* ---- api_arg_specialty: an id, or a code looked up in the store ---- */

Test(api_arg_specialty, id_or_code)
{
    char path[256];
    tmpdb_path(path, sizeof(path), "apijson");
    struct store *st = NULL;
    struct err_info ei = {0};
    cr_assert_eq(store_open(path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    cr_assert_eq(store_specialty_insert(st, &am, &ei), 0, "%s", ei.msg);
    struct api_call call = {.api = NULL, .store = st};

    int64_t id = -1;
    struct http_request req = req1("specialty", "allmanmedicin");
    cr_assert_eq(api_arg_specialty(&call, &req, &id, &ei), 0, "%s", ei.msg);
    cr_assert_eq(id, am.id);

    /* An id is taken as it is: whether it exists is the caller's check. */
    req = req1("specialty", "42");
    cr_assert_eq(api_arg_specialty(&call, &req, &id, &ei), 0);
    cr_assert_eq(id, 42);

    id = -1;
    req = req1("q", "allmanmedicin");
    cr_assert_eq(api_arg_specialty(&call, &req, &id, &ei), 0);
    cr_assert_eq(id, -1, "absent changed the value");

    static const char *const bad[] = {
        "Allmanmedicin", "allman", "", "0", "4x", "-1", "allmanmedicin "};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        req = req1("specialty", bad[i]);
        err_clear(&ei);
        expect_syntax(api_arg_specialty(&call, &req, &id, &ei), &ei,
                      "specialty", bad[i]);
        cr_assert_eq(id, -1);
    }
    store_close(st);
    tmpdb_remove(path);
}

/* ---- api_arg_page ---- */

static int page(int n, const char *const *kv, int *limit, int *offset,
                struct err_info *ei)
{
    struct http_request req = req_with(n, kv);
    err_clear(ei);
    return api_arg_page(&req, limit, offset, ei);
}

Test(api_arg_page, defaults_and_bounds)
{
    struct err_info ei;
    int limit = -7, offset = -7;
    cr_assert_eq(page(0, NULL, &limit, &offset, &ei), 0);
    cr_assert_eq(limit, API_LIMIT_DEFAULT);
    cr_assert_eq(offset, 0);

    const char *kv1[] = {"limit", "1", "offset", "0"};
    cr_assert_eq(page(2, kv1, &limit, &offset, &ei), 0);
    cr_assert_eq(limit, 1);
    cr_assert_eq(offset, 0);

    const char *kv2[] = {"offset", "100000000", "limit", "500"};
    cr_assert_eq(page(2, kv2, &limit, &offset, &ei), 0);
    cr_assert_eq(limit, API_LIMIT_MAX);
    cr_assert_eq(offset, 100000000);

    const char *bad_limits[] = {"0", "501", "-1", "", "50x", "1e2"};
    for (size_t i = 0; i < sizeof(bad_limits) / sizeof(*bad_limits); i++) {
        const char *kv[] = {"limit", bad_limits[i]};
        expect_syntax(page(1, kv, &limit, &offset, &ei), &ei, "limit",
                      bad_limits[i]);
    }
    const char *bad_offsets[] = {"-1", "100000001", "", "x", "99999999999"};
    for (size_t i = 0; i < sizeof(bad_offsets) / sizeof(*bad_offsets); i++) {
        const char *kv[] = {"limit", "20", "offset", bad_offsets[i]};
        expect_syntax(page(2, kv, &limit, &offset, &ei), &ei, "offset",
                      bad_offsets[i]);
    }
    /* A bad limit is reported even when the offset is bad too. */
    const char *kv3[] = {"offset", "-1", "limit", "0"};
    expect_syntax(page(2, kv3, &limit, &offset, &ei), &ei, "limit", "both");
}

/* ---- api_path_id ---- */

Test(api_path_id, values)
{
    struct http_request req = {0};
    req.path = "/api/v1/units/12";
    static char v[32];
    req.params[0] = (struct http_kv){"id", v};
    req.nparams = 1;
    struct err_info ei = {0};
    int64_t id = 0;

    strcpy(v, "12");
    cr_assert_eq(api_path_id(&req, "id", &id, &ei), 0);
    cr_assert_eq(id, 12);

    static const char *const bad[] = {
        "0", "-3", "x", "", "1 ", "+4", "99999999999999999999"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        strcpy(v, bad[i]);
        id = 8;
        err_clear(&ei);
        cr_assert_eq(api_path_id(&req, "id", &id, &ei), ERR_NOTFOUND, "%s",
                     bad[i]);
        cr_assert_eq(ei.code, ERR_NOTFOUND);
        cr_assert_eq(err_http_status(ei.code), 404);
        cr_assert_eq(id, 8);
    }
    err_clear(&ei);
    cr_assert_eq(api_path_id(&req, "unit_id", &id, &ei), ERR_NOTFOUND);
}

/* ---- JSON body fields ---- */

static json_t *obj(const char *text)
{
    json_error_t je;
    json_t *o = json_loads(text, JSON_REJECT_DUPLICATES, &je);
    cr_assert_not_null(o, "test JSON %s: %s", text, je.text);
    return o;
}

Test(api_field_int, values)
{
    json_t *o = obj("{\"lo\": 1, \"hi\": 100, \"under\": 0, \"over\": 101,"
                    " \"real\": 5.0, \"text\": \"5\", \"bool\": true,"
                    " \"null\": null, \"neg\": -2147483648,"
                    " \"huge\": 9223372036854775807, \"arr\": [5]}");
    struct err_info ei = {0};
    int v = 50;
    cr_assert_eq(api_field_int(o, "lo", 1, 1, 100, &v, &ei), 0);
    cr_assert_eq(v, 1);
    cr_assert_eq(api_field_int(o, "hi", 1, 1, 100, &v, &ei), 0);
    cr_assert_eq(v, 100);
    static const char *const bad[] = {"under", "over", "real", "text",
                                      "bool",  "null", "huge", "arr"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
        v = 50;
        err_clear(&ei);
        expect_inval(api_field_int(o, bad[i], 0, 1, 100, &v, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(v, 50);
    }
    cr_assert_eq(api_field_int(o, "neg", 1, INT_MIN, INT_MAX, &v, &ei), 0);
    cr_assert_eq(v, INT_MIN);
    err_clear(&ei);
    expect_inval(api_field_int(o, "huge", 1, INT_MIN, INT_MAX, &v, &ei), &ei,
                 "huge", "huge");

    /* Absent: required is an error, optional keeps the value. */
    v = 50;
    cr_assert_eq(api_field_int(o, "absent", 0, 1, 100, &v, &ei), 0);
    cr_assert_eq(v, 50);
    err_clear(&ei);
    expect_inval(api_field_int(o, "absent", 1, 1, 100, &v, &ei), &ei, "absent",
                 "required");
    cr_assert_str_eq(ei.msg, "absent: is required");
    json_decref(o);
}

Test(api_field_bool, values)
{
    json_t *o = obj("{\"t\": true, \"f\": false, \"one\": 1, \"s\": \"true\","
                    " \"n\": null}");
    struct err_info ei = {0};
    int v = 5;
    cr_assert_eq(api_field_bool(o, "t", 1, &v, &ei), 0);
    cr_assert_eq(v, 1);
    cr_assert_eq(api_field_bool(o, "f", 1, &v, &ei), 0);
    cr_assert_eq(v, 0);
    v = 5;
    cr_assert_eq(api_field_bool(o, "absent", 0, &v, &ei), 0);
    cr_assert_eq(v, 5);
    const char *bad[] = {"one", "s", "n"};
    for (int i = 0; i < 3; i++) {
        err_clear(&ei);
        expect_inval(api_field_bool(o, bad[i], 1, &v, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(v, 5);
    }
    err_clear(&ei);
    expect_inval(api_field_bool(o, "absent", 1, &v, &ei), &ei, "absent",
                 "required");
    json_decref(o);
}

Test(api_field_id, values)
{
    json_t *o = obj("{\"one\": 1, \"max\": 9223372036854775807, \"zero\": 0,"
                    " \"neg\": -1, \"n\": null, \"s\": \"1\", \"r\": 1.0,"
                    " \"b\": true}");
    struct err_info ei = {0};
    int64_t id = 9;
    cr_assert_eq(api_field_id(o, "one", 1, 0, &id, &ei), 0);
    cr_assert_eq(id, 1);
    cr_assert_eq(api_field_id(o, "max", 1, 0, &id, &ei), 0);
    cr_assert_eq(id, INT64_MAX);
    id = 9;
    cr_assert_eq(api_field_id(o, "n", 1, 1, &id, &ei), 0);
    cr_assert_eq(id, 0, "null with nullable is 0");
    id = 9;
    cr_assert_eq(api_field_id(o, "absent", 0, 1, &id, &ei), 0);
    cr_assert_eq(id, 9);
    const char *bad[] = {"zero", "neg", "s", "r", "b", "n"};
    for (int i = 0; i < 6; i++) {
        err_clear(&ei);
        expect_inval(api_field_id(o, bad[i], 1, 0, &id, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(id, 9);
    }
    /* With nullable the message says so. */
    err_clear(&ei);
    expect_inval(api_field_id(o, "zero", 1, 1, &id, &ei), &ei, "zero", "zero");
    cr_assert(strstr(ei.msg, "or null") != NULL, "%s", ei.msg);
    err_clear(&ei);
    expect_inval(api_field_id(o, "absent", 1, 1, &id, &ei), &ei, "absent",
                 "required");
    json_decref(o);
}

/* Text people are shown takes tab and line breaks, and refuses the other
 * control characters and the bidirectional overrides; a secret takes all. */
Test(api_field_text, control_characters)
{
    json_t *o = obj("{\"ok\": \"a\\tb\\r\\nc \\u00e5 \\u2028\","
                    " \"bell\": \"a\\u0007b\", \"esc\": \"\\u001b[2J\","
                    " \"del\": \"a\\u007f\", \"c1\": \"a\\u0085b\","
                    " \"rlo\": \"abc\\u202e\", \"lre\": \"\\u202ax\","
                    " \"fsi\": \"x\\u2068\", \"pdi\": \"x\\u2069\"}");
    struct err_info ei = {0};
    char out[32];
    cr_assert_eq(api_field_text(o, "ok", 1, 1, out, sizeof(out), &ei), 0);
    cr_assert_str_eq(out, "a\tb\r\nc \xc3\xa5 \xe2\x80\xa8");
    static const struct {
        const char *name, *msg;
    } refused[] = {
        {"bell", "bell: holds the control character U+0007"},
        {"esc", "esc: holds the control character U+001B"},
        {"del", "del: holds the control character U+007F"},
        {"c1", "c1: holds the control character U+0085"},
        {"rlo", "rlo: holds the control character U+202E"},
        {"lre", "lre: holds the control character U+202A"},
        {"fsi", "fsi: holds the control character U+2068"},
        {"pdi", "pdi: holds the control character U+2069"},
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        err_clear(&ei);
        strcpy(out, "keep");
        expect_inval(
            api_field_text(o, refused[i].name, 1, 1, out, sizeof(out), &ei),
            &ei, refused[i].name, refused[i].name);
        cr_assert_str_eq(ei.msg, refused[i].msg);
        cr_assert_str_eq(out, "keep", "%s: nothing copied", refused[i].name);
        err_clear(&ei);
        cr_assert_eq(
            api_field_secret(o, refused[i].name, 1, 1, out, sizeof(out), &ei),
            0, "%s: a secret takes it", refused[i].name);
    }
    json_decref(o);
}

Test(api_field_text, lengths)
{
    /* "ååå" is six bytes. */
    json_t *o = obj("{\"seven\": \"1234567\", \"eight\": \"12345678\","
                    " \"empty\": \"\", \"one\": \"x\", \"n\": 3, \"z\": null,"
                    " \"utf\": \"\\u00e5\\u00e5\\u00e5\","
                    " \"utf4\": \"\\u00e5\\u00e5\\u00e5\\u00e5\"}");
    struct err_info ei = {0};
    char out[8];
    strcpy(out, "keep");
    cr_assert_eq(api_field_text(o, "seven", 1, 1, out, sizeof(out), &ei), 0);
    cr_assert_str_eq(out, "1234567");
    cr_assert_eq(api_field_text(o, "one", 1, 1, out, sizeof(out), &ei), 0);
    cr_assert_str_eq(out, "x");
    cr_assert_eq(api_field_text(o, "empty", 1, 0, out, sizeof(out), &ei), 0);
    cr_assert_str_eq(out, "");
    cr_assert_eq(api_field_text(o, "utf", 1, 1, out, sizeof(out), &ei), 0);
    cr_assert_str_eq(out, "\xc3\xa5\xc3\xa5\xc3\xa5");
    strcpy(out, "keep");
    cr_assert_eq(api_field_text(o, "absent", 0, 1, out, sizeof(out), &ei), 0);
    cr_assert_str_eq(out, "keep");

    err_clear(&ei);
    expect_inval(api_field_text(o, "eight", 1, 1, out, sizeof(out), &ei), &ei,
                 "eight", "eight");
    cr_assert_str_eq(ei.msg, "eight: must be 1 to 7 bytes");
    err_clear(&ei);
    expect_inval(api_field_text(o, "utf4", 1, 1, out, sizeof(out), &ei), &ei,
                 "utf4", "eight bytes of UTF-8");
    err_clear(&ei);
    expect_inval(api_field_text(o, "empty", 1, 1, out, sizeof(out), &ei), &ei,
                 "empty", "empty");
    err_clear(&ei);
    expect_inval(api_field_text(o, "one", 1, 2, out, sizeof(out), &ei), &ei,
                 "one", "below min");
    err_clear(&ei);
    expect_inval(api_field_text(o, "n", 1, 0, out, sizeof(out), &ei), &ei, "n",
                 "number");
    err_clear(&ei);
    expect_inval(api_field_text(o, "z", 0, 0, out, sizeof(out), &ei), &ei, "z",
                 "null");
    err_clear(&ei);
    expect_inval(api_field_text(o, "absent", 1, 0, out, sizeof(out), &ei), &ei,
                 "absent", "required");
    cr_assert_str_eq(out, "keep");
    json_decref(o);
}

/* "a\u0000b": a NUL inside text is refused, never cut at the NUL. */
Test(api_field_text, embedded_nul)
{
    json_t *o = json_object();
    json_object_set_new(o, "t", json_stringn("a\0b", 3));
    json_object_set_new(o, "end", json_stringn("ab\0", 3));
    struct err_info ei = {0};
    char out[16] = "keep";
    expect_inval(api_field_text(o, "t", 1, 0, out, sizeof(out), &ei), &ei, "t",
                 "a NUL b");
    err_clear(&ei);
    expect_inval(api_field_text(o, "end", 1, 0, out, sizeof(out), &ei), &ei,
                 "end", "trailing NUL");
    cr_assert_str_eq(out, "keep");
    json_decref(o);

    /* The same text read from JSON with NULs allowed. */
    json_error_t je;
    o = json_loads("{\"t\": \"a\\u0000b\"}", JSON_ALLOW_NUL, &je);
    cr_assert_not_null(o);
    err_clear(&ei);
    expect_inval(api_field_text(o, "t", 1, 0, out, sizeof(out), &ei), &ei, "t",
                 "a\\u0000b");
    json_decref(o);
}

Test(api_field_week, values)
{
    json_t *o = obj("{\"a\": \"2027-W10\", \"b\": \"2026-W53\","
                    " \"c\": \"2027-W53\", \"d\": 2984, \"e\": null,"
                    " \"f\": \"2027-W1\", \"g\": \"\"}");
    struct err_info ei = {0};
    int w = 0;
    cr_assert_eq(api_field_week(o, "a", 1, &w, &ei), 0);
    cr_assert_eq(w, W2027_10);
    cr_assert_eq(api_field_week(o, "b", 1, &w, &ei), 0);
    cr_assert_eq(w, W2026_53);
    w = 4;
    cr_assert_eq(api_field_week(o, "absent", 0, &w, &ei), 0);
    cr_assert_eq(w, 4);
    const char *bad[] = {"c", "d", "e", "f", "g"};
    for (int i = 0; i < 5; i++) {
        err_clear(&ei);
        expect_inval(api_field_week(o, bad[i], 1, &w, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(w, 4);
    }
    err_clear(&ei);
    expect_inval(api_field_week(o, "absent", 1, &w, &ei), &ei, "absent",
                 "required");
    json_decref(o);
}

Test(api_field_date, values)
{
    json_t *o = obj("{\"ok\": \"2028-02-29\", \"notleap\": \"2027-02-29\","
                    " \"short\": \"2027-2-28\", \"n\": null, \"e\": \"\","
                    " \"num\": 20270228, \"month\": \"2027-13-01\","
                    " \"long\": \"2027-02-280\", \"day0\": \"2027-02-00\","
                    " \"slash\": \"2027/02/28\", \"sp\": \" 2027-02-28\"}");
    struct err_info ei = {0};
    char d[DATE_STR_MAX] = "keep";
    cr_assert_eq(api_field_date(o, "ok", 1, 0, d, &ei), 0);
    cr_assert_str_eq(d, "2028-02-29");
    strcpy(d, "keep");
    cr_assert_eq(api_field_date(o, "n", 1, 1, d, &ei), 0);
    cr_assert_str_eq(d, "");
    strcpy(d, "keep");
    cr_assert_eq(api_field_date(o, "e", 1, 1, d, &ei), 0);
    cr_assert_str_eq(d, "");
    strcpy(d, "keep");
    cr_assert_eq(api_field_date(o, "absent", 0, 1, d, &ei), 0);
    cr_assert_str_eq(d, "keep");

    const char *bad[] = {"notleap", "short", "num", "month", "long",
                         "day0",    "slash", "sp",  "n",     "e"};
    for (int i = 0; i < 10; i++) {
        err_clear(&ei);
        expect_inval(api_field_date(o, bad[i], 1, 0, d, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_str_eq(d, "keep");
    }
    err_clear(&ei);
    expect_inval(api_field_date(o, "absent", 1, 1, d, &ei), &ei, "absent",
                 "required");
    json_decref(o);
}

Test(api_field_vocab, values)
{
    json_t *o = obj("{\"a\": \"cancelled\", \"b\": \"Cancelled\", \"c\": 3,"
                    " \"d\": null, \"e\": \"\"}");
    struct err_info ei = {0};
    int v = -1;
    cr_assert_eq(api_field_vocab(o, "a", 1, &vocab_booking_status, &v, &ei), 0);
    cr_assert_eq(v, BOOKING_CANCELLED);
    v = -1;
    const char *bad[] = {"b", "c", "d", "e"};
    for (int i = 0; i < 4; i++) {
        err_clear(&ei);
        expect_inval(
            api_field_vocab(o, bad[i], 1, &vocab_booking_status, &v, &ei), &ei,
            bad[i], bad[i]);
        cr_assert_eq(v, -1);
    }
    /* The empty cancel reason is no name either. */
    err_clear(&ei);
    expect_inval(api_field_vocab(o, "e", 1, &vocab_cancel_reason, &v, &ei), &ei,
                 "e", "empty reason");
    json_decref(o);
}

Test(api_field_pattern, values)
{
    json_t *o = obj("{\"full\": \"full\", \"split4\": \"split4\","
                    " \"split3\": \"split3\", \"half\": \"half\","
                    " \"alternate\": \"alternate\", \"up\": \"FULL\","
                    " \"arr\": [\"full\"], \"n\": 0}");
    struct err_info ei = {0};
    static const char *const names[] = {"full", "split4", "split3", "half",
                                        "alternate"};
    static const enum pattern want[] = {PATTERN_FULL, PATTERN_SPLIT4,
                                        PATTERN_SPLIT3, PATTERN_HALF,
                                        PATTERN_ALTERNATE};
    for (int i = 0; i < 5; i++) {
        enum pattern p = PATTERN_COUNT;
        cr_assert_eq(api_field_pattern(o, names[i], 1, &p, &ei), 0);
        cr_assert_eq(p, want[i]);
    }
    const char *bad[] = {"up", "arr", "n"};
    for (int i = 0; i < 3; i++) {
        enum pattern p = PATTERN_HALF;
        err_clear(&ei);
        expect_inval(api_field_pattern(o, bad[i], 1, &p, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(p, PATTERN_HALF);
    }
    json_decref(o);
}

Test(api_field_patterns, values)
{
    json_t *o = obj("{\"two\": [\"full\", \"half\"], \"all\": [\"alternate\","
                    " \"half\", \"split3\", \"split4\", \"full\"],"
                    " \"dup\": [\"half\", \"half\"], \"empty\": [],"
                    " \"one\": \"full\", \"bad\": [\"full\", \"quarter\"],"
                    " \"num\": [1]}");
    struct err_info ei = {0};
    unsigned m = 0;
    cr_assert_eq(api_field_patterns(o, "two", 1, &m, &ei), 0);
    cr_assert_eq(m, PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF));
    cr_assert_eq(api_field_patterns(o, "all", 1, &m, &ei), 0);
    cr_assert_eq(m, PATTERN_ALL);
    cr_assert_eq(api_field_patterns(o, "dup", 1, &m, &ei), 0);
    cr_assert_eq(m, PATTERN_BIT(PATTERN_HALF));
    m = 77;
    cr_assert_eq(api_field_patterns(o, "absent", 0, &m, &ei), 0);
    cr_assert_eq(m, 77);
    const char *bad[] = {"empty", "one", "bad", "num"};
    for (int i = 0; i < 4; i++) {
        err_clear(&ei);
        expect_inval(api_field_patterns(o, bad[i], 1, &m, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(m, 77);
    }
    err_clear(&ei);
    api_field_patterns(o, "bad", 1, &m, &ei);
    cr_assert(strstr(ei.msg, "item 1") != NULL, "%s", ei.msg);
    json_decref(o);
}

Test(api_field_ids, values)
{
    json_t *o = obj("{\"a\": [3, 1, 2], \"empty\": [], \"dup\": [1, 2, 1],"
                    " \"zero\": [1, 0], \"s\": [\"1\"], \"n\": 1,"
                    " \"r\": [1.0]}");
    struct err_info ei = {0};
    int64_t ids[STORE_LIST_MAX];
    int n = -1;
    cr_assert_eq(api_field_ids(o, "a", 1, ids, &n, &ei), 0);
    cr_assert_eq(n, 3);
    cr_assert_eq(ids[0], 3);
    cr_assert_eq(ids[1], 1);
    cr_assert_eq(ids[2], 2);
    cr_assert_eq(api_field_ids(o, "empty", 1, ids, &n, &ei), 0);
    cr_assert_eq(n, 0);
    n = 5;
    cr_assert_eq(api_field_ids(o, "absent", 0, ids, &n, &ei), 0);
    cr_assert_eq(n, 5);
    const char *bad[] = {"dup", "zero", "s", "n", "r"};
    for (int i = 0; i < 5; i++) {
        err_clear(&ei);
        expect_inval(api_field_ids(o, bad[i], 1, ids, &n, &ei), &ei, bad[i],
                     bad[i]);
        cr_assert_eq(n, 5);
    }
    err_clear(&ei);
    api_field_ids(o, "dup", 1, ids, &n, &ei);
    cr_assert_str_eq(ei.msg, "dup: id 1 is listed twice");
    json_decref(o);
}

Test(api_field_ids, at_most_list_max)
{
    json_t *o = json_object();
    json_t *a = json_array();
    for (int i = 1; i <= STORE_LIST_MAX; i++)
        json_array_append_new(a, json_integer(1000 - i));
    json_object_set(o, "ids", a);
    /* Guard cells after the array catch a write past its end. */
    struct {
        int64_t ids[STORE_LIST_MAX];
        int64_t guard[4];
    } s;
    memset(&s, 0, sizeof(s));
    struct err_info ei = {0};
    int n = 0;
    cr_assert_eq(api_field_ids(o, "ids", 1, s.ids, &n, &ei), 0);
    cr_assert_eq(n, STORE_LIST_MAX);
    cr_assert_eq(s.ids[STORE_LIST_MAX - 1], 1000 - STORE_LIST_MAX);

    json_array_append_new(a, json_integer(1));
    memset(&s, 0, sizeof(s));
    n = 0;
    expect_inval(api_field_ids(o, "ids", 1, s.ids, &n, &ei), &ei, "ids",
                 "65 ids");
    cr_assert_eq(n, 0);
    for (int i = 0; i < 4; i++)
        cr_assert_eq(s.guard[i], 0);
    json_decref(a);
    json_decref(o);
}

/* ---- api_fields_known ---- */

Test(api_fields_known, refuses_unknown)
{
    static const char *const allowed[] = {"need_id", "unit_id", "weeks", NULL};
    static const char *const none[] = {NULL};
    struct err_info ei = {0};
    json_t *o = obj("{}");
    cr_assert_eq(api_fields_known(o, allowed, &ei), 0);
    cr_assert_eq(api_fields_known(o, none, &ei), 0);
    json_decref(o);

    o = obj("{\"need_id\": 1, \"weeks\": 4}");
    cr_assert_eq(api_fields_known(o, allowed, &ei), 0);
    expect_inval(api_fields_known(o, none, &ei), &ei, "need_id", "none");
    json_decref(o);

    o = obj("{\"need_id\": 1, \"unitid\": 4}");
    err_clear(&ei);
    expect_inval(api_fields_known(o, allowed, &ei), &ei, "unitid", "typo");
    cr_assert_str_eq(ei.msg, "unitid: unknown field");
    json_decref(o);

    /* Names are compared whole and case-sensitively. */
    const char *near[] = {"{\"Need_id\": 1}", "{\"need\": 1}",
                          "{\"need_id \": 1}", "{\"\": 1}"};
    const char *field[] = {"Need_id", "need", "need_id ", ""};
    for (int i = 0; i < 4; i++) {
        o = obj(near[i]);
        err_clear(&ei);
        cr_assert_eq(api_fields_known(o, allowed, &ei), ERR_INVAL, "%s",
                     near[i]);
        cr_assert_str_eq(ei.field, field[i]);
        json_decref(o);
    }
}

/*
 * An unknown field whose name is long and not ASCII: the message is cut,
 * and the error still goes out as the JSON shape with its 422 code.
 */
Test(api_fields_known, long_utf8_name_gives_valid_error)
{
    static const char *const allowed[] = {"a", NULL};
    char key[200];
    memset(key, 'k', 59);
    key[59] = '\0';
    for (int i = 0; i < 40; i++)
        strcat(key, "\xc3\xa5");
    json_t *o = json_object();
    json_object_set_new(o, key, json_true());
    struct err_info ei = {0};
    cr_assert_eq(api_fields_known(o, allowed, &ei), ERR_INVAL);
    json_decref(o);

    struct http_response res = {0};
    api_fail(&res, &ei);
    cr_assert_eq(res.status, 422);
    json_t *j = json_loadb(res.body, res.len, 0, NULL);
    cr_assert_not_null(j, "not JSON: %s", res.body);
    json_t *e = json_object_get(j, "error");
    cr_assert_str_eq(json_string_value(json_object_get(e, "code")), "invalid");
    const char *msg = json_string_value(json_object_get(e, "message"));
    cr_assert_not_null(msg);
    cr_assert_eq(strncmp(msg, key, 59), 0, "%s", msg);
    cr_assert_not_null(json_object_get(e, "field"));
    json_decref(j);
    http_response_release(&res);
}

/* ---- writers ---- */

Test(api_writers, weeks)
{
    json_t *j = api_week(W2027_10);
    cr_assert_str_eq(json_string_value(j), "2027-W10");
    json_decref(j);
    j = api_week(W2026_53);
    cr_assert_str_eq(json_string_value(j), "2026-W53");
    json_decref(j);
    j = api_week(STORE_NONE);
    cr_assert(json_is_null(j));
    json_decref(j);
    j = api_week(WEEK_MIN);
    cr_assert_str_eq(json_string_value(j), "1900-W01");
    json_decref(j);
    j = api_week(WEEK_MAX);
    cr_assert_str_eq(json_string_value(j), "2199-W52");
    json_decref(j);

    /* The last week of [start, end): across the turn of the year. */
    j = api_week_last(W2027_01);
    cr_assert_str_eq(json_string_value(j), "2026-W53");
    json_decref(j);
    j = api_week_last(W2027_10 + 1);
    cr_assert_str_eq(json_string_value(j), "2027-W10");
    json_decref(j);
    j = api_week_last(W2026_01);
    cr_assert_str_eq(json_string_value(j), "2025-W52");
    json_decref(j);
}

/* What api_week writes, api_arg_week reads back. */
Test(api_writers, week_round_trip)
{
    for (int w = W2026_01 - 60; w < W2027_10 + 60; w++) {
        json_t *j = api_week(w);
        struct http_request req = req1("w", json_string_value(j));
        struct err_info ei = {0};
        int back = 0;
        cr_assert_eq(api_arg_week(&req, "w", &back, &ei), 0, "%s",
                     json_string_value(j));
        cr_assert_eq(back, w);
        json_decref(j);
    }
}

static char *dump(json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    return s;
}

Test(api_writers, patterns_ids_text_vocab)
{
    char *s = dump(api_patterns(0));
    cr_assert_str_eq(s, "[]");
    free(s);
    s = dump(api_patterns(PATTERN_ALL));
    cr_assert_str_eq(s, "[\"full\",\"split4\",\"split3\",\"half\","
                        "\"alternate\"]");
    free(s);
    s = dump(
        api_patterns(PATTERN_BIT(PATTERN_HALF) | PATTERN_BIT(PATTERN_FULL)));
    cr_assert_str_eq(s, "[\"full\",\"half\"]");
    free(s);
    /* Bits beyond the patterns are not names. */
    s = dump(api_patterns(PATTERN_BIT(PATTERN_SPLIT3) | 0x80000000u));
    cr_assert_str_eq(s, "[\"split3\"]");
    free(s);

    const int64_t ids[] = {5, INT64_MAX, 1};
    s = dump(api_ids(ids, 3));
    cr_assert_str_eq(s, "[5,9223372036854775807,1]");
    free(s);
    s = dump(api_ids(ids, 0));
    cr_assert_str_eq(s, "[]");
    free(s);

    json_t *j = api_id(0);
    cr_assert(json_is_null(j));
    json_decref(j);
    j = api_id(7);
    cr_assert_eq(json_integer_value(j), 7);
    json_decref(j);
    j = api_opt_text("");
    cr_assert(json_is_null(j));
    json_decref(j);
    j = api_opt_text("x");
    cr_assert_str_eq(json_string_value(j), "x");
    json_decref(j);
    j = api_vocab(&vocab_booking_status, BOOKING_DECLINED);
    cr_assert_str_eq(json_string_value(j), "declined");
    json_decref(j);
    j = api_vocab(&vocab_booking_status, 99);
    cr_assert(json_is_null(j));
    json_decref(j);
    j = api_vocab(&vocab_booking_status, -1);
    cr_assert(json_is_null(j));
    json_decref(j);
}

Test(api_writers, list)
{
    json_t *items = json_array();
    json_array_append_new(items, json_integer(1));
    json_t *l = api_list(items, 5000000000LL, 50, 100);
    cr_assert(json_is_object(l));
    cr_assert_eq(json_object_size(l), 4);
    cr_assert_eq(json_object_get(l, "items"), items, "items not taken over");
    cr_assert_eq(json_integer_value(json_object_get(l, "total")), 5000000000LL);
    cr_assert_eq(json_integer_value(json_object_get(l, "limit")), 50);
    cr_assert_eq(json_integer_value(json_object_get(l, "offset")), 100);
    json_decref(l);

    l = api_list(json_array(), 0, 1, 0);
    char *s = dump(l);
    cr_assert_str_eq(s, "{\"items\":[],\"total\":0,\"limit\":1,\"offset\":0}");
    free(s);
}
