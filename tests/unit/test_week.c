/* Unit tests for calendar dates and ISO 8601 week serials (domain/week.h). */
#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

#include "domain/week.h"
#include "util/err.h"

/*
 * Expected values below are calendar facts, worked out by hand (and checked
 * against an independent calendar library), never by calling the code under
 * test. A serial is (days from Monday 1969-12-29 to the week's Monday) / 7.
 */

static struct date mkdate(int year, int month, int day)
{
    struct date d = {year, month, day};
    return d;
}

/* Independent Gregorian rule, used only by the helpers below. */
static int ref_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ref_month_days(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return m == 2 && ref_leap(y) ? 29 : days[m - 1];
}

/* The day after d, by walking the month table. */
static struct date ref_next_day(struct date d)
{
    if (d.day < ref_month_days(d.year, d.month)) {
        d.day++;
    } else if (d.month < 12) {
        d.month++;
        d.day = 1;
    } else {
        d.year++;
        d.month = 1;
        d.day = 1;
    }
    return d;
}

/* ISO weekday (1 = Monday) of y-m-d by Sakamoto's method. */
static int ref_weekday(int y, int m, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int w;

    if (m < 3)
        y--;
    w = (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; /* 0 = Sunday */
    return w == 0 ? 7 : w;
}

/* An ISO year has 53 weeks iff 1 January is a Thursday, or a Wednesday in a
 * leap year. */
static int ref_weeks_in_year(int y)
{
    int jan1 = ref_weekday(y, 1, 1);
    return jan1 == 4 || (jan1 == 3 && ref_leap(y)) ? 53 : 52;
}

static void assert_date_eq(struct date got, int y, int m, int d)
{
    cr_assert(got.year == y && got.month == m && got.day == d,
              "got %04d-%02d-%02d, want %04d-%02d-%02d", got.year, got.month,
              got.day, y, m, d);
}

/* --- leap years --- */

Test(week, year_1900_is_not_leap)
{
    cr_assert_eq(date_is_leap(1900), 0);
}

Test(week, year_2000_is_leap)
{
    cr_assert_eq(date_is_leap(2000), 1);
}

Test(week, year_2024_is_leap)
{
    cr_assert_eq(date_is_leap(2024), 1);
}

Test(week, year_2023_is_not_leap)
{
    cr_assert_eq(date_is_leap(2023), 0);
}

Test(week, year_2100_is_not_leap)
{
    cr_assert_eq(date_is_leap(2100), 0);
}

Test(week, year_2400_is_leap)
{
    cr_assert_eq(date_is_leap(2400), 1);
}

/* --- date_valid --- */

Test(week, date_valid_accepts_feb_29_in_leap_year)
{
    cr_assert_eq(date_valid(mkdate(2024, 2, 29)), 1);
    cr_assert_eq(date_valid(mkdate(2000, 2, 29)), 1);
}

Test(week, date_valid_rejects_feb_29_in_common_year)
{
    cr_assert_eq(date_valid(mkdate(2023, 2, 29)), 0);
    cr_assert_eq(date_valid(mkdate(1900, 2, 29)), 0);
}

Test(week, date_valid_rejects_day_past_month_end)
{
    cr_assert_eq(date_valid(mkdate(2027, 4, 31)), 0);
    cr_assert_eq(date_valid(mkdate(2027, 1, 32)), 0);
    cr_assert_eq(date_valid(mkdate(2024, 2, 30)), 0);
}

Test(week, date_valid_accepts_last_day_of_each_month)
{
    static const int last[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++)
        cr_assert_eq(date_valid(mkdate(2027, m, last[m - 1])), 1, "month %d",
                     m);
}

Test(week, date_valid_rejects_month_out_of_range)
{
    cr_assert_eq(date_valid(mkdate(2027, 0, 1)), 0);
    cr_assert_eq(date_valid(mkdate(2027, 13, 1)), 0);
}

Test(week, date_valid_rejects_day_zero)
{
    cr_assert_eq(date_valid(mkdate(2027, 1, 0)), 0);
}

Test(week, date_valid_rejects_year_out_of_range)
{
    cr_assert_eq(date_valid(mkdate(0, 1, 1)), 0);
    cr_assert_eq(date_valid(mkdate(10000, 1, 1)), 0);
}

Test(week, date_valid_accepts_year_range_ends)
{
    cr_assert_eq(date_valid(mkdate(1, 1, 1)), 1);
    cr_assert_eq(date_valid(mkdate(9999, 12, 31)), 1);
}

/* --- date_to_days / date_from_days --- */

Test(week, epoch_is_day_zero)
{
    cr_assert_eq(date_to_days(mkdate(1970, 1, 1)), 0);
}

Test(week, day_before_epoch_is_minus_one)
{
    cr_assert_eq(date_to_days(mkdate(1969, 12, 31)), -1);
}

Test(week, date_to_days_known_dates)
{
    /* 30 years of 365 days plus 7 leap days (1972..1996). */
    cr_assert_eq(date_to_days(mkdate(2000, 1, 1)), 10957);
    /* 57 years of 365 days plus 14 leap days (1972..2024). */
    cr_assert_eq(date_to_days(mkdate(2027, 1, 1)), 20819);
    /* 2000-01-01 plus 31 (Jan) plus 28. */
    cr_assert_eq(date_to_days(mkdate(2000, 2, 29)), 11016);
    /* 70 years of 365 days plus 17 leap days (1904..1968, not 1900). */
    cr_assert_eq(date_to_days(mkdate(1900, 1, 1)), -25567);
}

Test(week, date_to_days_range_ends)
{
    cr_assert_eq(date_to_days(mkdate(1, 1, 1)), -719162L);
    cr_assert_eq(date_to_days(mkdate(9999, 12, 31)), 2932896L);
}

Test(week, date_from_days_known_dates)
{
    assert_date_eq(date_from_days(0), 1970, 1, 1);
    assert_date_eq(date_from_days(-1), 1969, 12, 31);
    assert_date_eq(date_from_days(-3), 1969, 12, 29);
    assert_date_eq(date_from_days(11016), 2000, 2, 29);
    assert_date_eq(date_from_days(20819), 2027, 1, 1);
    assert_date_eq(date_from_days(-25567), 1900, 1, 1);
    assert_date_eq(date_from_days(-719162L), 1, 1, 1);
    assert_date_eq(date_from_days(2932896L), 9999, 12, 31);
}

Test(week, consecutive_days_from_1800_to_2300_count_up_by_one)
{
    struct date d = mkdate(1800, 1, 1);
    long n = date_to_days(d);

    cr_assert_eq(n, -62091L); /* 170 years back, 41 leap days between */
    while (d.year < 2300) {
        struct date back = date_from_days(n);
        cr_assert_eq(date_to_days(d), n, "%04d-%02d-%02d", d.year, d.month,
                     d.day);
        assert_date_eq(back, d.year, d.month, d.day);
        d = ref_next_day(d);
        n++;
    }
}

/* --- date_weekday --- */

Test(week, epoch_is_a_thursday)
{
    cr_assert_eq(date_weekday(mkdate(1970, 1, 1)), 4);
}

Test(week, weekday_known_dates)
{
    cr_assert_eq(date_weekday(mkdate(1969, 12, 29)), 1); /* Monday */
    cr_assert_eq(date_weekday(mkdate(2000, 2, 29)), 2);  /* Tuesday */
    cr_assert_eq(date_weekday(mkdate(2027, 3, 10)), 3);  /* Wednesday */
    cr_assert_eq(date_weekday(mkdate(2027, 1, 1)), 5);   /* Friday */
    cr_assert_eq(date_weekday(mkdate(2000, 1, 1)), 6);   /* Saturday */
    cr_assert_eq(date_weekday(mkdate(2021, 1, 3)), 7);   /* Sunday */
    cr_assert_eq(date_weekday(mkdate(1, 1, 1)), 1);      /* Monday */
}

Test(week, weekday_matches_reference_from_1900_to_2200)
{
    for (struct date d = mkdate(1900, 1, 1); d.year < 2200; d = ref_next_day(d))
        cr_assert_eq(date_weekday(d), ref_weekday(d.year, d.month, d.day),
                     "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* --- date_parse / date_format --- */

Test(week, date_parse_accepts_valid_date)
{
    struct date d = {0, 0, 0};
    cr_assert_eq(date_parse("2027-03-10", &d), 0);
    assert_date_eq(d, 2027, 3, 10);
}

Test(week, date_parse_accepts_leap_day)
{
    struct date d = {0, 0, 0};
    cr_assert_eq(date_parse("2024-02-29", &d), 0);
    assert_date_eq(d, 2024, 2, 29);
}

Test(week, date_parse_rejects_feb_29_in_common_year)
{
    struct date d;
    cr_assert_eq(date_parse("2023-02-29", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_month_13)
{
    struct date d;
    cr_assert_eq(date_parse("2027-13-01", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_month_and_day_zero)
{
    struct date d;
    cr_assert_eq(date_parse("2027-00-10", &d), ERR_INVAL);
    cr_assert_eq(date_parse("2027-01-00", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_single_digit_month)
{
    struct date d;
    cr_assert_eq(date_parse("2027-1-01", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_single_digit_day)
{
    struct date d;
    cr_assert_eq(date_parse("2027-01-1", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_short_year)
{
    struct date d;
    cr_assert_eq(date_parse("27-01-01", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_empty_string)
{
    struct date d;
    cr_assert_eq(date_parse("", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_trailing_characters)
{
    struct date d;
    cr_assert_eq(date_parse("2027-01-01x", &d), ERR_INVAL);
    cr_assert_eq(date_parse("2027-01-01 ", &d), ERR_INVAL);
    cr_assert_eq(date_parse("2027-01-011", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_leading_characters)
{
    struct date d;
    cr_assert_eq(date_parse(" 2027-01-01", &d), ERR_INVAL);
    cr_assert_eq(date_parse("+027-01-01", &d), ERR_INVAL);
}

Test(week, date_parse_rejects_wrong_separators_and_letters)
{
    struct date d;
    cr_assert_eq(date_parse("2027/01/01", &d), ERR_INVAL);
    cr_assert_eq(date_parse("20270101", &d), ERR_INVAL);
    cr_assert_eq(date_parse("abcd-01-01", &d), ERR_INVAL);
    cr_assert_eq(date_parse("2027-0a-01", &d), ERR_INVAL);
}

Test(week, date_format_pads_with_zeros)
{
    char s[DATE_STR_MAX];
    date_format(mkdate(2027, 1, 5), s);
    cr_assert_str_eq(s, "2027-01-05");
    date_format(mkdate(1, 2, 3), s);
    cr_assert_str_eq(s, "0001-02-03");
}

Test(week, date_format_parse_round_trip_from_1900_to_2200)
{
    char s[DATE_STR_MAX], want[32];

    for (struct date d = mkdate(1900, 1, 1); d.year < 2200;
         d = ref_next_day(d)) {
        struct date back = {0, 0, 0};
        snprintf(want, sizeof want, "%04d-%02d-%02d", d.year, d.month, d.day);
        date_format(d, s);
        cr_assert_str_eq(s, want);
        cr_assert_eq(date_parse(s, &back), 0, "%s", s);
        assert_date_eq(back, d.year, d.month, d.day);
    }
}

/* --- week_count_in_year --- */

Test(week, year_2015_has_53_weeks)
{
    cr_assert_eq(week_count_in_year(2015), 53);
}

Test(week, year_2020_has_53_weeks)
{
    cr_assert_eq(week_count_in_year(2020), 53);
}

Test(week, year_2026_has_53_weeks)
{
    cr_assert_eq(week_count_in_year(2026), 53);
}

Test(week, year_2032_has_53_weeks)
{
    cr_assert_eq(week_count_in_year(2032), 53);
}

Test(week, year_2027_has_52_weeks)
{
    cr_assert_eq(week_count_in_year(2027), 52);
}

Test(week, year_2024_has_52_weeks)
{
    cr_assert_eq(week_count_in_year(2024), 52);
}

Test(week, year_2021_has_52_weeks)
{
    cr_assert_eq(week_count_in_year(2021), 52);
}

Test(week, week_count_matches_reference_from_1900_to_2199)
{
    for (int y = 1900; y <= 2199; y++)
        cr_assert_eq(week_count_in_year(y), ref_weeks_in_year(y), "year %d", y);
}

/* --- week_from_date --- */

Test(week, date_2027_01_01_is_in_2026_w53)
{
    int y = 0, w = 0;
    int s = week_from_date(mkdate(2027, 1, 1));

    cr_assert_eq(s, 2974);
    week_to_iso(s, &y, &w);
    cr_assert(y == 2026 && w == 53, "got %d-W%d", y, w);
}

Test(week, date_2024_12_30_is_in_2025_w01)
{
    int y = 0, w = 0;
    int s = week_from_date(mkdate(2024, 12, 30));

    cr_assert_eq(s, 2870);
    week_to_iso(s, &y, &w);
    cr_assert(y == 2025 && w == 1, "got %d-W%d", y, w);
}

Test(week, date_2021_01_03_is_in_2020_w53)
{
    int y = 0, w = 0;
    int s = week_from_date(mkdate(2021, 1, 3));

    cr_assert_eq(s, 2661);
    week_to_iso(s, &y, &w);
    cr_assert(y == 2020 && w == 53, "got %d-W%d", y, w);
}

Test(week, date_2000_01_01_is_in_1999_w52)
{
    cr_assert_eq(week_from_date(mkdate(2000, 1, 1)), 1565);
}

Test(week, epoch_days_are_in_serial_zero)
{
    cr_assert_eq(week_from_date(mkdate(1969, 12, 29)), 0);
    cr_assert_eq(week_from_date(mkdate(1970, 1, 1)), 0);
    cr_assert_eq(week_from_date(mkdate(1970, 1, 4)), 0);
}

Test(week, sunday_before_epoch_week_is_serial_minus_one)
{
    cr_assert_eq(week_from_date(mkdate(1969, 12, 28)), -1);
}

Test(week, monday_after_epoch_week_is_serial_one)
{
    cr_assert_eq(week_from_date(mkdate(1970, 1, 5)), 1);
}

Test(week, week_from_date_is_days_from_1969_12_29_div_7)
{
    /* Days since 1969-12-29 is days since the epoch plus 3. */
    long n = -25567; /* 1900-01-01, a Monday */
    for (struct date d = mkdate(1900, 1, 1); d.year < 2200;
         d = ref_next_day(d), n++) {
        long floor_div = (n + 3 >= 0) ? (n + 3) / 7 : -((-(n + 3) + 6) / 7);
        cr_assert_eq(week_from_date(d), floor_div, "%04d-%02d-%02d", d.year,
                     d.month, d.day);
    }
}

/* --- week_monday --- */

Test(week, serial_zero_starts_on_1969_12_29)
{
    assert_date_eq(week_monday(0), 1969, 12, 29);
}

Test(week, serial_of_2027_w01_starts_on_2027_01_04)
{
    assert_date_eq(week_monday(2975), 2027, 1, 4);
}

Test(week, serial_of_2025_w01_starts_on_2024_12_30)
{
    assert_date_eq(week_monday(2870), 2024, 12, 30);
}

Test(week, negative_serial_starts_on_monday_before_epoch)
{
    assert_date_eq(week_monday(-1), 1969, 12, 22);
    assert_date_eq(week_monday(WEEK_MIN), 1900, 1, 1);
}

Test(week, week_monday_returns_a_monday)
{
    for (int w = WEEK_MIN; w <= WEEK_MAX; w++)
        cr_assert_eq(ref_weekday(week_monday(w).year, week_monday(w).month,
                                 week_monday(w).day),
                     1, "serial %d", w);
}

Test(week, week_monday_is_7w_minus_3_days_after_epoch)
{
    for (int w = WEEK_MIN; w <= WEEK_MAX; w++)
        cr_assert_eq(date_to_days(week_monday(w)), 7L * w - 3, "serial %d", w);
}

Test(week, consecutive_mondays_are_7_days_apart)
{
    long prev = date_to_days(week_monday(WEEK_MIN - 100));
    for (int w = WEEK_MIN - 99; w <= WEEK_MAX + 100; w++) {
        long cur = date_to_days(week_monday(w));
        cr_assert_eq(cur - prev, 7, "serial %d", w);
        prev = cur;
    }
}

Test(week, week_monday_is_in_its_own_week)
{
    for (int w = WEEK_MIN; w <= WEEK_MAX; w++)
        cr_assert_eq(week_from_date(week_monday(w)), w, "serial %d", w);
}

/* --- week_to_iso / week_from_iso --- */

Test(week, serial_zero_is_1970_w01)
{
    int y = 0, w = 0;
    week_to_iso(0, &y, &w);
    cr_assert(y == 1970 && w == 1, "got %d-W%d", y, w);
}

Test(week, serial_minus_one_is_1969_w52)
{
    int y = 0, w = 0;
    week_to_iso(-1, &y, &w);
    cr_assert(y == 1969 && w == 52, "got %d-W%d", y, w);
}

Test(week, week_from_iso_2027_w01)
{
    int s = -1;
    cr_assert_eq(week_from_iso(2027, 1, &s), 0);
    cr_assert_eq(s, 2975);
}

Test(week, week_from_iso_1970_w01_is_zero)
{
    int s = -1;
    cr_assert_eq(week_from_iso(1970, 1, &s), 0);
    cr_assert_eq(s, 0);
}

Test(week, week_from_iso_2026_w53)
{
    int s = -1;
    cr_assert_eq(week_from_iso(2026, 53, &s), 0);
    cr_assert_eq(s, 2974);
}

Test(week, week_after_2026_w53_is_2027_w01)
{
    int w53 = 0, w01 = 0, y = 0, w = 0;

    cr_assert_eq(week_from_iso(2026, 53, &w53), 0);
    cr_assert_eq(week_from_iso(2027, 1, &w01), 0);
    cr_assert_eq(w53 + 1, w01);
    week_to_iso(w53 + 1, &y, &w);
    cr_assert(y == 2027 && w == 1, "got %d-W%d", y, w);
}

Test(week, week_after_2027_w52_is_2028_w01)
{
    int w52 = 0, w01 = 0;

    cr_assert_eq(week_from_iso(2027, 52, &w52), 0);
    cr_assert_eq(week_from_iso(2028, 1, &w01), 0);
    cr_assert_eq(w52, 3026);
    cr_assert_eq(w52 + 1, w01);
}

Test(week, week_after_2020_w53_is_2021_w01)
{
    int w53 = 0, w01 = 0;

    cr_assert_eq(week_from_iso(2020, 53, &w53), 0);
    cr_assert_eq(week_from_iso(2021, 1, &w01), 0);
    cr_assert_eq(w53, 2661);
    cr_assert_eq(w53 + 1, w01);
}

Test(week, week_arithmetic_spans_years)
{
    /* 2027-W10 is 9 weeks after 2027-W01, so 10 weeks back is 2026-W53 and
     * 11 weeks back is 2026-W52. */
    int s = 0, y = 0, w = 0;

    cr_assert_eq(week_from_iso(2027, 10, &s), 0);
    cr_assert_eq(s, 2984);
    week_to_iso(s - 10, &y, &w);
    cr_assert(y == 2026 && w == 53, "got %d-W%d", y, w);
    week_to_iso(s - 11, &y, &w);
    cr_assert(y == 2026 && w == 52, "got %d-W%d", y, w);
    /* 2027 has 52 weeks, so 52 weeks later is 2028-W10. */
    week_to_iso(s + 52, &y, &w);
    cr_assert(y == 2028 && w == 10, "got %d-W%d", y, w);
}

Test(week, week_from_iso_rejects_2027_w53)
{
    int s = 0;
    cr_assert_eq(week_from_iso(2027, 53, &s), ERR_INVAL);
}

Test(week, week_from_iso_rejects_week_zero)
{
    int s = 0;
    cr_assert_eq(week_from_iso(2027, 0, &s), ERR_INVAL);
}

Test(week, week_from_iso_rejects_week_54)
{
    int s = 0;
    cr_assert_eq(week_from_iso(2026, 54, &s), ERR_INVAL);
}

Test(week, week_from_iso_rejects_negative_week)
{
    int s = 0;
    cr_assert_eq(week_from_iso(2027, -1, &s), ERR_INVAL);
}

Test(week, week_from_iso_rejects_year_1899)
{
    int s = 0;
    cr_assert_eq(week_from_iso(1899, 10, &s), ERR_INVAL);
}

Test(week, week_from_iso_rejects_year_2200)
{
    int s = 0;
    cr_assert_eq(week_from_iso(2200, 1, &s), ERR_INVAL);
}

Test(week, week_min_is_1900_w01)
{
    int s = 0;
    cr_assert_eq(week_from_iso(1900, 1, &s), 0);
    cr_assert_eq(s, WEEK_MIN);
    cr_assert_eq(s, -3652);
}

Test(week, last_week_of_2199_is_2199_w52)
{
    /* 2199 has 52 ISO weeks; W52 starts Monday 2199-12-23, 12000 weeks
     * after 1969-12-29. */
    int s = 0;
    cr_assert_eq(week_from_iso(2199, 52, &s), 0);
    cr_assert_eq(s, 12000);
    cr_assert_eq(week_from_iso(2199, 53, &s), ERR_INVAL);
}

Test(week, week_max_is_last_week_of_2199)
{
    /* week.h: WEEK_MAX is the serial of the last ISO week of 2199. */
    int s = 0;
    cr_assert_eq(week_from_iso(2199, 52, &s), 0);
    cr_assert_eq(WEEK_MAX, s);
}

Test(week, to_iso_from_iso_round_trip_over_whole_range)
{
    for (int s = -3652; s <= 12000; s++) {
        int y = 0, w = 0, back = 0;
        week_to_iso(s, &y, &w);
        cr_assert_eq(week_from_iso(y, w, &back), 0, "serial %d", s);
        cr_assert_eq(back, s);
    }
}

/* --- week_parse / week_format --- */

Test(week, week_parse_2027_w05)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-W05", &s), 0);
    cr_assert_eq(s, 2979);
}

Test(week, week_parse_2026_w53)
{
    int s = 0;
    cr_assert_eq(week_parse("2026-W53", &s), 0);
    cr_assert_eq(s, 2974);
}

Test(week, week_parse_rejects_2027_w53)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-W53", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_week_00)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-W00", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_week_54)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-W54", &s), ERR_INVAL);
    cr_assert_eq(week_parse("2026-W54", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_single_digit_week)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-W5", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_missing_dash)
{
    int s = 0;
    cr_assert_eq(week_parse("2027W05", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_empty_string)
{
    int s = 0;
    cr_assert_eq(week_parse("", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_non_digit_year)
{
    int s = 0;
    cr_assert_eq(week_parse("abcd-W01", &s), ERR_INVAL);
    cr_assert_eq(week_parse("20a7-W01", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_trailing_characters)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-W05x", &s), ERR_INVAL);
    cr_assert_eq(week_parse("2027-W05 ", &s), ERR_INVAL);
    cr_assert_eq(week_parse("2027-W055", &s), ERR_INVAL);
    cr_assert_eq(week_parse("2027-W05-1", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_leading_characters)
{
    int s = 0;
    cr_assert_eq(week_parse(" 2027-W05", &s), ERR_INVAL);
    cr_assert_eq(week_parse("+027-W05", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_lower_case_w)
{
    int s = 0;
    cr_assert_eq(week_parse("2027-w05", &s), ERR_INVAL);
}

Test(week, week_parse_rejects_year_outside_1900_to_2199)
{
    int s = 0;
    cr_assert_eq(week_parse("1899-W10", &s), ERR_INVAL);
    cr_assert_eq(week_parse("2200-W01", &s), ERR_INVAL);
}

Test(week, week_format_2027_w01)
{
    char s[WEEK_STR_MAX];
    week_format(2975, s);
    cr_assert_str_eq(s, "2027-W01");
}

Test(week, week_format_2026_w53)
{
    char s[WEEK_STR_MAX];
    week_format(2974, s);
    cr_assert_str_eq(s, "2026-W53");
}

Test(week, week_format_serial_zero_is_1970_w01)
{
    char s[WEEK_STR_MAX];
    week_format(0, s);
    cr_assert_str_eq(s, "1970-W01");
}

Test(week, week_format_serial_of_2000_01_01_is_1999_w52)
{
    char s[WEEK_STR_MAX];
    week_format(1565, s);
    cr_assert_str_eq(s, "1999-W52");
}

Test(week, format_parse_round_trip_every_week_2000_to_2100)
{
    /* 2000-W01 is serial 1566 (Monday 2000-01-03); 2101-W01 is 6836. */
    char s[WEEK_STR_MAX], want[32];
    int serial = 1566;

    for (int y = 2000; y <= 2100; y++) {
        for (int w = 1; w <= ref_weeks_in_year(y); w++, serial++) {
            int back = 0;
            snprintf(want, sizeof want, "%04d-W%02d", y, w);
            week_format(serial, s);
            cr_assert_str_eq(s, want, "serial %d", serial);
            cr_assert_eq(week_parse(s, &back), 0, "%s", s);
            cr_assert_eq(back, serial, "%s", s);
        }
    }
    cr_assert_eq(serial, 6836);
}
