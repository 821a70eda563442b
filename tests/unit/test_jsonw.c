/* Direct JSON writing: every value it writes must parse back, with jansson,
 * to the value it was given. */
#include "util/jsonw.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdint.h>
#include <string.h>

/* Parses b's text as one JSON value (decoding anything, even scalars). */
static json_t *parse(const struct buf *b)
{
    json_error_t je;
    json_t *v = json_loadb(b->data, b->len, JSON_DECODE_ANY, &je);
    cr_assert_not_null(v, "not JSON: %s (%s)", b->data, je.text);
    return v;
}

static void check_str(const char *s)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(jsonw_str(&b, s), 0);
    json_t *v = parse(&b);
    cr_assert(json_is_string(v));
    cr_assert_str_eq(json_string_value(v), s);
    json_decref(v);
    buf_release(&b);
}

Test(jsonw, strings_round_trip)
{
    check_str("");
    check_str("plain");
    check_str("Kvinnokliniken, Sus Lund");
    check_str("Vårdcentralen Österlen – Åhus");
    check_str("quote \" and backslash \\ and slash /");
    check_str("tab\tnewline\nreturn\rbell\a\x01\x1f end");
}

Test(jsonw, control_characters_are_escaped_not_raw)
{
    struct buf b = BUF_INIT(0);
    jsonw_str(&b, "a\nb\x01");
    cr_assert_str_eq(b.data, "\"a\\u000ab\\u0001\"");
    buf_release(&b);
}

Test(jsonw, long_strings_cross_the_internal_chunk)
{
    char s[2000];
    for (size_t i = 0; i < sizeof(s) - 1; i++)
        s[i] = i % 7 == 0 ? '"' : (char)('a' + i % 26);
    s[sizeof(s) - 1] = '\0';
    check_str(s);
}

Test(jsonw, integers)
{
    const int64_t values[] = {0,  1,   -1,         9,         10,
                              42, -42, 1000000007, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof(values) / sizeof(*values); i++) {
        struct buf b = BUF_INIT(0);
        jsonw_int(&b, values[i]);
        json_t *v = parse(&b);
        cr_assert(json_is_integer(v), "%s", b.data);
        cr_assert_eq(json_integer_value(v), values[i], "%s", b.data);
        json_decref(v);
        buf_release(&b);
    }
}

Test(jsonw, hundredths_as_people_write_seats)
{
    const struct {
        int in;
        const char *out;
    } cases[] = {{0, "0"},      {5, "0.05"},    {50, "0.5"},  {60, "0.6"},
                 {100, "1"},    {150, "1.5"},   {240, "2.4"}, {199, "1.99"},
                 {-50, "-0.5"}, {-150, "-1.5"}, {-200, "-2"}, {100000, "1000"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct buf b = BUF_INIT(0);
        jsonw_hundredths(&b, cases[i].in);
        cr_assert_str_eq(b.data, cases[i].out, "%d", cases[i].in);
        json_t *v = parse(&b);
        cr_assert_float_eq(json_number_value(v), cases[i].in / 100.0, 1e-9);
        json_decref(v);
        buf_release(&b);
    }
}

Test(jsonw, a_capped_buffer_refuses_and_says_so)
{
    struct buf b = BUF_INIT(8);
    cr_assert_neq(jsonw_str(&b, "far too long for eight bytes"), 0);
    cr_assert_leq(b.len, 8);
    buf_release(&b);
}
