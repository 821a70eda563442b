/* Unit tests for rotation patterns: names, occupancy and length (pattern.h). */
#include <criterion/criterion.h>

#include "domain/pattern.h"
#include "util/err.h"

/*
 * Expected values come from the table in planning-format.md, "Patterns":
 *
 *     full       100                  ceil(W * 100 / f)
 *     split4     80                   ceil(W * 10000 / (80 * f))
 *     split3     60                   ceil(W * 10000 / (60 * f))
 *     half       50                   ceil(W * 10000 / (50 * f))
 *     alternate  100 even k, 0 odd k  2 * ceil(W * 100 / f) - 1
 *
 * The hand-worked cases spell out the arithmetic; the exhaustive checks use
 * the helpers below, which restate the table and never call pattern.c.
 */

static int ceil_div(int num, int den)
{
    return (num + den - 1) / den;
}

static int spec_len(enum pattern p, int weeks, int fte)
{
    switch (p) {
    case PATTERN_FULL:
        return ceil_div(weeks * 100, fte);
    case PATTERN_SPLIT4:
        return ceil_div(weeks * 10000, 80 * fte);
    case PATTERN_SPLIT3:
        return ceil_div(weeks * 10000, 60 * fte);
    case PATTERN_HALF:
        return ceil_div(weeks * 10000, 50 * fte);
    case PATTERN_ALTERNATE:
        return 2 * ceil_div(weeks * 100, fte) - 1;
    default:
        return -1;
    }
}

static int spec_occupancy(enum pattern p, int k)
{
    switch (p) {
    case PATTERN_FULL:
        return 100;
    case PATTERN_SPLIT4:
        return 80;
    case PATTERN_SPLIT3:
        return 60;
    case PATTERN_HALF:
        return 50;
    case PATTERN_ALTERNATE:
        return k % 2 == 0 ? 100 : 0;
    default:
        return 0;
    }
}

/* --- names --- */

Test(pattern, names_are_spelled_as_in_spec)
{
    cr_assert_str_eq(pattern_name(PATTERN_FULL), "full");
    cr_assert_str_eq(pattern_name(PATTERN_SPLIT4), "split4");
    cr_assert_str_eq(pattern_name(PATTERN_SPLIT3), "split3");
    cr_assert_str_eq(pattern_name(PATTERN_HALF), "half");
    cr_assert_str_eq(pattern_name(PATTERN_ALTERNATE), "alternate");
}

Test(pattern, parse_accepts_each_spec_name)
{
    static const struct {
        const char *name;
        enum pattern p;
    } cases[] = {
        {"full", PATTERN_FULL},           {"split4", PATTERN_SPLIT4},
        {"split3", PATTERN_SPLIT3},       {"half", PATTERN_HALF},
        {"alternate", PATTERN_ALTERNATE},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum pattern p = PATTERN_COUNT;
        cr_assert_eq(pattern_parse(cases[i].name, &p), 0, "%s", cases[i].name);
        cr_assert_eq(p, cases[i].p, "%s", cases[i].name);
    }
}

Test(pattern, name_parse_round_trip)
{
    for (int i = 0; i < PATTERN_COUNT; i++) {
        enum pattern p = PATTERN_COUNT;
        cr_assert_eq(pattern_parse(pattern_name((enum pattern)i), &p), 0,
                     "pattern %d", i);
        cr_assert_eq((int)p, i);
    }
}

Test(pattern, parse_rejects_capitalised_name)
{
    enum pattern p;
    cr_assert_eq(pattern_parse("Full", &p), ERR_INVAL);
}

Test(pattern, parse_rejects_empty_string)
{
    enum pattern p;
    cr_assert_eq(pattern_parse("", &p), ERR_INVAL);
}

Test(pattern, parse_rejects_split5)
{
    enum pattern p;
    cr_assert_eq(pattern_parse("split5", &p), ERR_INVAL);
}

Test(pattern, parse_rejects_prefix_and_suffix)
{
    enum pattern p;
    cr_assert_eq(pattern_parse("ful", &p), ERR_INVAL);
    cr_assert_eq(pattern_parse("fullx", &p), ERR_INVAL);
    cr_assert_eq(pattern_parse("full ", &p), ERR_INVAL);
    cr_assert_eq(pattern_parse(" full", &p), ERR_INVAL);
    cr_assert_eq(pattern_parse("split", &p), ERR_INVAL);
}

/* --- occupancy --- */

Test(pattern, full_occupies_100_every_week)
{
    for (int k = 0; k < 200; k++)
        cr_assert_eq(pattern_occupancy(PATTERN_FULL, k), 100, "k %d", k);
}

Test(pattern, split4_occupies_80_every_week)
{
    for (int k = 0; k < 200; k++)
        cr_assert_eq(pattern_occupancy(PATTERN_SPLIT4, k), 80, "k %d", k);
}

Test(pattern, split3_occupies_60_every_week)
{
    for (int k = 0; k < 200; k++)
        cr_assert_eq(pattern_occupancy(PATTERN_SPLIT3, k), 60, "k %d", k);
}

Test(pattern, half_occupies_50_every_week)
{
    for (int k = 0; k < 200; k++)
        cr_assert_eq(pattern_occupancy(PATTERN_HALF, k), 50, "k %d", k);
}

Test(pattern, alternate_occupies_100_on_even_weeks)
{
    for (int k = 0; k < 200; k += 2)
        cr_assert_eq(pattern_occupancy(PATTERN_ALTERNATE, k), 100, "k %d", k);
}

Test(pattern, alternate_occupies_0_on_odd_weeks)
{
    for (int k = 1; k < 200; k += 2)
        cr_assert_eq(pattern_occupancy(PATTERN_ALTERNATE, k), 0, "k %d", k);
}

Test(pattern, alternate_starts_away)
{
    cr_assert_eq(pattern_occupancy(PATTERN_ALTERNATE, 0), 100);
}

Test(pattern, occupancy_is_zero_for_negative_week)
{
    for (int i = 0; i < PATTERN_COUNT; i++) {
        cr_assert_eq(pattern_occupancy((enum pattern)i, -1), 0, "pattern %d",
                     i);
        cr_assert_eq(pattern_occupancy((enum pattern)i, -2), 0, "pattern %d",
                     i);
    }
}

Test(pattern, occupancy_is_zero_for_unknown_pattern)
{
    cr_assert_eq(pattern_occupancy(PATTERN_COUNT, 0), 0);
    cr_assert_eq(pattern_occupancy((enum pattern)99, 0), 0);
}

Test(pattern, occupancy_matches_spec_over_longest_placements)
{
    for (int i = 0; i < PATTERN_COUNT; i++) {
        enum pattern p = (enum pattern)i;
        int len = spec_len(p, PATTERN_WEEKS_MAX, PATTERN_FTE_MIN);
        for (int k = 0; k < len; k++)
            cr_assert_eq(pattern_occupancy(p, k), spec_occupancy(p, k),
                         "pattern %d k %d", i, k);
    }
}

/* --- len, hand-worked cases --- */

Test(pattern, full_len_8_weeks_at_100_is_8)
{
    /* ceil(8 * 100 / 100) = ceil(800 / 100) = 8 */
    cr_assert_eq(pattern_len(PATTERN_FULL, 8, 100), 8);
}

Test(pattern, full_len_6_weeks_at_75_is_8)
{
    /* ceil(6 * 100 / 75) = ceil(600 / 75) = 8, exact */
    cr_assert_eq(pattern_len(PATTERN_FULL, 6, 75), 8);
}

Test(pattern, full_len_7_weeks_at_75_rounds_up_to_10)
{
    /* ceil(700 / 75) = ceil(9.33) = 10 */
    cr_assert_eq(pattern_len(PATTERN_FULL, 7, 75), 10);
}

Test(pattern, full_len_12_weeks_at_50_is_24)
{
    /* ceil(1200 / 50) = 24 */
    cr_assert_eq(pattern_len(PATTERN_FULL, 12, 50), 24);
}

Test(pattern, split4_len_10_weeks_at_100_is_13)
{
    /* ceil(10 * 10000 / (80 * 100)) = ceil(100000 / 8000) = ceil(12.5) = 13 */
    cr_assert_eq(pattern_len(PATTERN_SPLIT4, 10, 100), 13);
}

Test(pattern, split4_len_8_weeks_at_100_is_10)
{
    /* ceil(80000 / 8000) = 10, exact */
    cr_assert_eq(pattern_len(PATTERN_SPLIT4, 8, 100), 10);
}

Test(pattern, split4_len_12_weeks_at_75_is_20)
{
    /* ceil(120000 / 6000) = 20, exact */
    cr_assert_eq(pattern_len(PATTERN_SPLIT4, 12, 75), 20);
}

Test(pattern, split3_len_8_weeks_at_100_is_14)
{
    /* ceil(8 * 10000 / (60 * 100)) = ceil(80000 / 6000) = ceil(13.33) = 14 */
    cr_assert_eq(pattern_len(PATTERN_SPLIT3, 8, 100), 14);
}

Test(pattern, split3_len_12_weeks_at_100_is_20)
{
    /* ceil(120000 / 6000) = 20, exact */
    cr_assert_eq(pattern_len(PATTERN_SPLIT3, 12, 100), 20);
}

Test(pattern, split3_len_3_weeks_at_60_is_9)
{
    /* ceil(30000 / 3600) = ceil(8.33) = 9 */
    cr_assert_eq(pattern_len(PATTERN_SPLIT3, 3, 60), 9);
}

Test(pattern, half_len_4_weeks_at_75_is_11)
{
    /* ceil(4 * 10000 / (50 * 75)) = ceil(40000 / 3750) = ceil(10.67) = 11 */
    cr_assert_eq(pattern_len(PATTERN_HALF, 4, 75), 11);
}

Test(pattern, half_len_13_weeks_at_100_is_26)
{
    /* ceil(130000 / 5000) = 26, exact */
    cr_assert_eq(pattern_len(PATTERN_HALF, 13, 100), 26);
}

Test(pattern, half_len_5_weeks_at_80_is_13)
{
    /* ceil(50000 / 4000) = ceil(12.5) = 13 */
    cr_assert_eq(pattern_len(PATTERN_HALF, 5, 80), 13);
}

Test(pattern, alternate_len_6_weeks_at_100_is_11)
{
    /* 2 * ceil(600 / 100) - 1 = 2 * 6 - 1 = 11 */
    cr_assert_eq(pattern_len(PATTERN_ALTERNATE, 6, 100), 11);
}

Test(pattern, alternate_len_1_week_at_100_is_1)
{
    /* 2 * ceil(100 / 100) - 1 = 1 */
    cr_assert_eq(pattern_len(PATTERN_ALTERNATE, 1, 100), 1);
}

Test(pattern, alternate_len_6_weeks_at_75_is_15)
{
    /* 2 * ceil(600 / 75) - 1 = 2 * 8 - 1 = 15 */
    cr_assert_eq(pattern_len(PATTERN_ALTERNATE, 6, 75), 15);
}

Test(pattern, alternate_len_7_weeks_at_75_is_19)
{
    /* 2 * ceil(700 / 75) - 1 = 2 * 10 - 1 = 19 */
    cr_assert_eq(pattern_len(PATTERN_ALTERNATE, 7, 75), 19);
}

Test(pattern, len_of_one_week_at_full_time)
{
    /* full 1; split4 ceil(10000/8000) = 2; split3 ceil(10000/6000) = 2;
     * half 10000/5000 = 2; alternate 2*1-1 = 1 */
    cr_assert_eq(pattern_len(PATTERN_FULL, 1, 100), 1);
    cr_assert_eq(pattern_len(PATTERN_SPLIT4, 1, 100), 2);
    cr_assert_eq(pattern_len(PATTERN_SPLIT3, 1, 100), 2);
    cr_assert_eq(pattern_len(PATTERN_HALF, 1, 100), 2);
    cr_assert_eq(pattern_len(PATTERN_ALTERNATE, 1, 100), 1);
}

Test(pattern, len_of_longest_placement_at_lowest_fte)
{
    /* W = 104, f = 1: full 10400; split4 1040000/80 = 13000;
     * split3 ceil(1040000/60) = ceil(17333.3) = 17334; half 1040000/50 =
     * 20800; alternate 2*10400-1 = 20799 */
    cr_assert_eq(pattern_len(PATTERN_FULL, 104, 1), 10400);
    cr_assert_eq(pattern_len(PATTERN_SPLIT4, 104, 1), 13000);
    cr_assert_eq(pattern_len(PATTERN_SPLIT3, 104, 1), 17334);
    cr_assert_eq(pattern_len(PATTERN_HALF, 104, 1), 20800);
    cr_assert_eq(pattern_len(PATTERN_ALTERNATE, 104, 1), 20799);
}

/* --- len, exhaustive --- */

Test(pattern, len_matches_spec_for_every_weeks_and_fte)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        for (int w = PATTERN_WEEKS_MIN; w <= PATTERN_WEEKS_MAX; w++)
            for (int f = PATTERN_FTE_MIN; f <= PATTERN_FTE_MAX; f++)
                cr_assert_eq(pattern_len((enum pattern)i, w, f),
                             spec_len((enum pattern)i, w, f),
                             "pattern %d W %d f %d", i, w, f);
}

Test(pattern, len_is_shortest_span_that_gives_the_weeks)
{
    /*
     * Property: summed over len weeks, occupancy times fte gives at least
     * W full-time weeks (W * 100 * 100); one week fewer does not.
     */
    for (int i = 0; i < PATTERN_COUNT; i++) {
        enum pattern p = (enum pattern)i;
        for (int w = PATTERN_WEEKS_MIN; w <= PATTERN_WEEKS_MAX; w += 7) {
            for (int f = PATTERN_FTE_MIN; f <= PATTERN_FTE_MAX; f += 3) {
                int len = pattern_len(p, w, f);
                long sum = 0;
                cr_assert_geq(len, 1);
                for (int k = 0; k < len - 1; k++)
                    sum += (long)spec_occupancy(p, k) * f;
                cr_assert_lt(sum, (long)w * 10000, "pattern %d W %d f %d", i, w,
                             f);
                sum += (long)spec_occupancy(p, len - 1) * f;
                cr_assert_geq(sum, (long)w * 10000, "pattern %d W %d f %d", i,
                              w, f);
            }
        }
    }
}

Test(pattern, alternate_len_is_always_odd)
{
    for (int w = PATTERN_WEEKS_MIN; w <= PATTERN_WEEKS_MAX; w++)
        for (int f = PATTERN_FTE_MIN; f <= PATTERN_FTE_MAX; f++) {
            int len = pattern_len(PATTERN_ALTERNATE, w, f);
            cr_assert_eq(len % 2, 1, "W %d f %d", w, f);
        }
}

/* --- range errors --- */

Test(pattern, len_accepts_range_ends)
{
    for (int i = 0; i < PATTERN_COUNT; i++) {
        enum pattern p = (enum pattern)i;
        cr_assert_geq(pattern_len(p, PATTERN_WEEKS_MIN, PATTERN_FTE_MIN), 1);
        cr_assert_geq(pattern_len(p, PATTERN_WEEKS_MIN, PATTERN_FTE_MAX), 1);
        cr_assert_geq(pattern_len(p, PATTERN_WEEKS_MAX, PATTERN_FTE_MIN), 1);
        cr_assert_geq(pattern_len(p, PATTERN_WEEKS_MAX, PATTERN_FTE_MAX), 1);
    }
}

Test(pattern, len_rejects_zero_weeks)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert_eq(pattern_len((enum pattern)i, 0, 100), ERR_INVAL);
}

Test(pattern, len_rejects_negative_weeks)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert_eq(pattern_len((enum pattern)i, -1, 100), ERR_INVAL);
}

Test(pattern, len_rejects_105_weeks)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert_eq(pattern_len((enum pattern)i, 105, 100), ERR_INVAL);
}

Test(pattern, len_rejects_zero_fte)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert_eq(pattern_len((enum pattern)i, 8, 0), ERR_INVAL);
}

Test(pattern, len_rejects_negative_fte)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert_eq(pattern_len((enum pattern)i, 8, -50), ERR_INVAL);
}

Test(pattern, len_rejects_fte_101)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert_eq(pattern_len((enum pattern)i, 8, 101), ERR_INVAL);
}

Test(pattern, len_rejects_unknown_pattern)
{
    cr_assert_eq(pattern_len(PATTERN_COUNT, 8, 100), ERR_INVAL);
    cr_assert_eq(pattern_len((enum pattern)99, 8, 100), ERR_INVAL);
}

Test(pattern, pattern_all_holds_every_pattern)
{
    for (int i = 0; i < PATTERN_COUNT; i++)
        cr_assert(PATTERN_ALL & PATTERN_BIT(i), "pattern %d", i);
    cr_assert_eq(PATTERN_ALL & PATTERN_BIT(PATTERN_COUNT), 0u);
}
