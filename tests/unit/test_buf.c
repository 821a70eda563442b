/* Unit tests for the growable, capped, NUL-terminated byte buffer (buf.h). */
#include <criterion/criterion.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/err.h"

/* --- initial state --- */

Test(buf, init_is_empty_string)
{
    struct buf b = BUF_INIT(0);
    cr_assert_not_null(b.data);
    cr_assert_str_eq(b.data, "");
    cr_assert_eq(b.len, 0);
}

/* --- buf_add / buf_adds --- */

Test(buf, add_appends_bytes_and_nul_terminates)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_add(&b, "hello world", 5), 0);
    cr_assert_eq(b.len, 5);
    cr_assert_str_eq(b.data, "hello");
    buf_release(&b);
}

Test(buf, add_appends_after_existing_content)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_add(&b, "ab", 2), 0);
    cr_assert_eq(buf_add(&b, "cd", 2), 0);
    cr_assert_eq(b.len, 4);
    cr_assert_str_eq(b.data, "abcd");
    buf_release(&b);
}

Test(buf, add_zero_bytes_leaves_buffer_empty)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_add(&b, "", 0), 0);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    buf_release(&b);
}

Test(buf, add_keeps_embedded_nul_bytes)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_add(&b, "a\0b", 3), 0);
    cr_assert_eq(b.len, 3);
    cr_assert_eq(memcmp(b.data, "a\0b", 4), 0); /* and the final NUL */
    buf_release(&b);
}

Test(buf, adds_appends_c_string)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_adds(&b, "foo"), 0);
    cr_assert_eq(buf_adds(&b, "bar"), 0);
    cr_assert_eq(b.len, 6);
    cr_assert_str_eq(b.data, "foobar");
    buf_release(&b);
}

Test(buf, grows_over_many_appends)
{
    struct buf b = BUF_INIT(0);
    char want[10001];

    for (int i = 0; i < 10000; i++) {
        char c = (char)('a' + i % 26);
        want[i] = c;
        cr_assert_eq(buf_add(&b, &c, 1), 0);
    }
    want[10000] = '\0';
    cr_assert_eq(b.len, 10000);
    cr_assert_str_eq(b.data, want);
    buf_release(&b);
}

Test(buf, add_one_large_block)
{
    struct buf b = BUF_INIT(0);
    size_t n = 1 << 20;
    char *big = malloc(n);

    cr_assert_not_null(big);
    memset(big, 'x', n);
    cr_assert_eq(buf_add(&b, big, n), 0);
    cr_assert_eq(b.len, n);
    cr_assert_eq(memcmp(b.data, big, n), 0);
    cr_assert_eq(b.data[n], '\0');
    free(big);
    buf_release(&b);
}

Test(buf, shared_empty_string_is_never_written)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_adds(&b, "xyz"), 0);
    cr_assert_neq(b.data, buf_empty);
    buf_release(&b);
    cr_assert_eq(buf_empty[0], '\0');
}

/* --- the cap --- */

Test(buf, add_up_to_cap_succeeds)
{
    struct buf b = BUF_INIT(5);
    cr_assert_eq(buf_add(&b, "abcde", 5), 0);
    cr_assert_eq(b.len, 5);
    cr_assert_str_eq(b.data, "abcde");
    buf_release(&b);
}

Test(buf, add_past_cap_on_empty_buffer_fails)
{
    struct buf b = BUF_INIT(5);
    cr_assert_eq(buf_add(&b, "abcdef", 6), ERR_TOOBIG);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    buf_release(&b);
}

Test(buf, add_past_cap_leaves_buffer_unchanged)
{
    struct buf b = BUF_INIT(5);
    char *before;

    cr_assert_eq(buf_add(&b, "abc", 3), 0);
    before = b.data;
    cr_assert_eq(buf_add(&b, "def", 3), ERR_TOOBIG);
    cr_assert_eq(b.len, 3);
    cr_assert_eq(b.data, before);
    cr_assert_str_eq(b.data, "abc");
    buf_release(&b);
}

Test(buf, add_after_refused_add_still_works)
{
    struct buf b = BUF_INIT(5);
    cr_assert_eq(buf_add(&b, "abc", 3), 0);
    cr_assert_eq(buf_add(&b, "def", 3), ERR_TOOBIG);
    cr_assert_eq(buf_add(&b, "de", 2), 0);
    cr_assert_str_eq(b.data, "abcde");
    cr_assert_eq(buf_add(&b, "f", 1), ERR_TOOBIG);
    cr_assert_str_eq(b.data, "abcde");
    buf_release(&b);
}

Test(buf, add_huge_length_is_refused_without_overflow)
{
    /* len + n wraps around SIZE_MAX; the cap must still refuse it before
     * any byte is read. */
    struct buf b = BUF_INIT(10);
    cr_assert_eq(buf_adds(&b, "abc"), 0);
    cr_assert_eq(buf_add(&b, "x", SIZE_MAX - 1), ERR_TOOBIG);
    cr_assert_eq(buf_add(&b, "x", SIZE_MAX), ERR_TOOBIG);
    cr_assert_eq(b.len, 3);
    cr_assert_str_eq(b.data, "abc");
    buf_release(&b);
}

Test(buf, adds_past_cap_leaves_buffer_unchanged)
{
    struct buf b = BUF_INIT(4);
    cr_assert_eq(buf_adds(&b, "ab"), 0);
    cr_assert_eq(buf_adds(&b, "cde"), ERR_TOOBIG);
    cr_assert_eq(b.len, 2);
    cr_assert_str_eq(b.data, "ab");
    buf_release(&b);
}

Test(buf, addf_past_cap_leaves_buffer_unchanged)
{
    struct buf b = BUF_INIT(8);
    cr_assert_eq(buf_adds(&b, "n="), 0);
    cr_assert_eq(buf_addf(&b, "%d", 1234567), ERR_TOOBIG);
    cr_assert_eq(b.len, 2);
    cr_assert_str_eq(b.data, "n=");
    cr_assert_eq(buf_addf(&b, "%d", 123456), 0);
    cr_assert_str_eq(b.data, "n=123456");
    buf_release(&b);
}

Test(buf, zero_max_means_no_cap)
{
    struct buf b = BUF_INIT(0);
    for (int i = 0; i < 1000; i++)
        cr_assert_eq(buf_adds(&b, "0123456789"), 0);
    cr_assert_eq(b.len, 10000);
    buf_release(&b);
}

/* --- buf_addf --- */

Test(buf, addf_formats_text)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_addf(&b, "%d trainees in %s", 42, "lund"), 0);
    cr_assert_str_eq(b.data, "42 trainees in lund");
    cr_assert_eq(b.len, strlen("42 trainees in lund"));
    buf_release(&b);
}

Test(buf, addf_appends_to_existing_content)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_adds(&b, "week "), 0);
    cr_assert_eq(buf_addf(&b, "%04d-W%02d", 2027, 5), 0);
    cr_assert_str_eq(b.data, "week 2027-W05");
    buf_release(&b);
}

Test(buf, addf_long_output_grows_buffer)
{
    struct buf b = BUF_INIT(0);
    char want[2001];

    memset(want, 'q', 2000);
    want[2000] = '\0';
    cr_assert_eq(buf_adds(&b, "x"), 0);
    cr_assert_eq(buf_addf(&b, "%s|%s", want, want), 0);
    cr_assert_eq(b.len, 1 + 2000 + 1 + 2000);
    cr_assert_eq(b.data[0], 'x');
    cr_assert_eq(memcmp(b.data + 1, want, 2000), 0);
    cr_assert_eq(b.data[2001], '|');
    cr_assert_eq(memcmp(b.data + 2002, want, 2000), 0);
    cr_assert_eq(b.data[4002], '\0');
    buf_release(&b);
}

Test(buf, addf_empty_format_adds_nothing)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_adds(&b, "a"), 0);
    cr_assert_eq(buf_addf(&b, "%s", ""), 0);
    cr_assert_eq(b.len, 1);
    cr_assert_str_eq(b.data, "a");
    buf_release(&b);
}

/* --- buf_reset --- */

Test(buf, reset_empties_and_keeps_memory)
{
    struct buf b = BUF_INIT(0);
    char *mem;

    cr_assert_eq(buf_adds(&b, "some text"), 0);
    mem = b.data;
    buf_reset(&b);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    cr_assert_eq(b.data, mem);
    cr_assert_eq(buf_adds(&b, "new"), 0);
    cr_assert_str_eq(b.data, "new");
    buf_release(&b);
}

/* --- buf_release --- */

Test(buf, release_leaves_empty_reusable_buffer)
{
    struct buf b = BUF_INIT(16);
    cr_assert_eq(buf_adds(&b, "abc"), 0);
    buf_release(&b);
    cr_assert_not_null(b.data);
    cr_assert_str_eq(b.data, "");
    cr_assert_eq(b.len, 0);
    cr_assert_eq(buf_adds(&b, "def"), 0);
    cr_assert_str_eq(b.data, "def");
    buf_release(&b);
}

Test(buf, release_keeps_the_cap)
{
    struct buf b = BUF_INIT(4);
    cr_assert_eq(buf_adds(&b, "abcd"), 0);
    buf_release(&b);
    cr_assert_eq(buf_adds(&b, "abcde"), ERR_TOOBIG);
    cr_assert_str_eq(b.data, "");
    buf_release(&b);
}

Test(buf, release_of_unused_buffer_is_safe)
{
    struct buf b = BUF_INIT(0);
    buf_release(&b);
    cr_assert_str_eq(b.data, "");
    cr_assert_eq(b.len, 0);
}

Test(buf, release_twice_is_safe)
{
    struct buf b = BUF_INIT(0);
    cr_assert_eq(buf_adds(&b, "abc"), 0);
    buf_release(&b);
    buf_release(&b);
    cr_assert_str_eq(b.data, "");
}

/* --- buf_detach --- */

Test(buf, detach_returns_the_string)
{
    struct buf b = BUF_INIT(0);
    char *s;

    cr_assert_eq(buf_addf(&b, "%s-%d", "ward", 7), 0);
    s = buf_detach(&b);
    cr_assert_str_eq(s, "ward-7");
    free(s);
}

Test(buf, detach_empties_the_buffer)
{
    struct buf b = BUF_INIT(0);
    char *s;

    cr_assert_eq(buf_adds(&b, "abc"), 0);
    s = buf_detach(&b);
    cr_assert_eq(b.len, 0);
    cr_assert_not_null(b.data);
    cr_assert_str_eq(b.data, "");
    cr_assert_neq(b.data, s);
    free(s);
}

Test(buf, buffer_is_reusable_after_detach)
{
    struct buf b = BUF_INIT(0);
    char *first, *second;

    cr_assert_eq(buf_adds(&b, "one"), 0);
    first = buf_detach(&b);
    cr_assert_eq(buf_adds(&b, "two"), 0);
    second = buf_detach(&b);
    cr_assert_str_eq(first, "one");
    cr_assert_str_eq(second, "two");
    free(first);
    free(second);
}

Test(buf, detach_of_empty_buffer_returns_freeable_string)
{
    struct buf b = BUF_INIT(0);
    char *s = buf_detach(&b);

    cr_assert_not_null(s);
    cr_assert_str_eq(s, "");
    cr_assert_neq(s, buf_empty);
    free(s); /* would crash if s were the shared empty string */
    cr_assert_eq(buf_empty[0], '\0');
}
