/*
 * Unit tests for the lead-time rule of bookings, booking_short_notice()
 * (domain/booking.h): a placement is short notice when its first Monday
 * comes before the day `months` calendar months after the request, where a
 * day past the end of the shorter month is that month's last day.
 *
 * Every due day and weekday below is worked out by hand from the calendar
 * (2027 is not a leap year, 2028 is); the test turns a date into a week
 * serial with its own day count, never with domain/week.c, and checks that
 * each start it uses really is a Monday.
 */
#include <criterion/criterion.h>

#include "domain/booking.h"
#include "domain/week.h"

static int ref_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (Gregorian), by counting years and months. */
static long ref_days(int y, int m, int d)
{
    static const int before[12] = {0,   31,  59,  90,  120, 151,
                                   181, 212, 243, 273, 304, 334};
    long days = 0;
    for (int year = 1970; year < y; year++)
        days += ref_leap(year) ? 366 : 365;
    for (int year = y; year < 1970; year++)
        days -= ref_leap(year) ? 366 : 365;
    return days + before[m - 1] + (m > 2 && ref_leap(y)) + d - 1;
}

/*
 * The serial of the week whose Monday is y-m-d. Monday 1969-12-29, three
 * days before 1970-01-01, starts week 0; 1970-01-01 was a Thursday.
 */
static int monday_week(int y, int m, int d)
{
    long days = ref_days(y, m, d) + 3;
    cr_assert(days >= 0 && days % 7 == 0, "%04d-%02d-%02d is not a Monday", y,
              m, d);
    return (int)(days / 7);
}

static struct date day(int y, int m, int d)
{
    struct date x = {y, m, d};
    return x;
}

/* Expects booking_short_notice(made, Monday y-m-d, months) == want. */
static void expect(struct date made, int months, int y, int m, int d, int want)
{
    int got = booking_short_notice(made, monday_week(y, m, d), months);
    cr_assert_eq(got, want,
                 "made %04d-%02d-%02d, +%d months, start Monday "
                 "%04d-%02d-%02d: got %d, want %d",
                 made.year, made.month, made.day, months, y, m, d, got, want);
}

/* The helper itself, against dates whose serials are known. */
Test(booking_rules, reference_serials)
{
    cr_assert_eq(monday_week(1969, 12, 29), 0);
    cr_assert_eq(monday_week(1970, 1, 5), 1);
    cr_assert_eq(monday_week(2027, 3, 8), 2984);   /* 2027-W10 */
    cr_assert_eq(monday_week(2026, 12, 28), 2974); /* 2026-W53 */
    struct date mon = week_monday(monday_week(2027, 1, 4));
    cr_assert_eq(mon.year, 2027);
    cr_assert_eq(mon.month, 1);
    cr_assert_eq(mon.day, 4);
}

/*
 * Made on 2026-11-30: three months later is "2027-02-30", which 2027 does
 * not have, so the due day is Sunday 2027-02-28. Monday 2027-02-22 is
 * before it; Monday 2027-03-01 is after it.
 */
Test(booking_rules, month_end_clamps)
{
    expect(day(2026, 11, 30), 3, 2027, 2, 22, 1);
    expect(day(2026, 11, 30), 3, 2027, 3, 1, 0);
    /* 29 and 31 November clamp to the same 28 February. */
    expect(day(2026, 11, 29), 3, 2027, 2, 22, 1);
    expect(day(2026, 11, 29), 3, 2027, 3, 1, 0);
    /* 2026-08-31 + 3 months: 2026-11-30 is the due day (a Monday). */
    expect(day(2026, 8, 31), 3, 2026, 11, 30, 0);
    expect(day(2026, 8, 31), 3, 2026, 11, 23, 1);
    /* 2027-08-31 + 3: due Tuesday 2027-11-30; Monday 11-29 is short. */
    expect(day(2027, 8, 31), 3, 2027, 11, 29, 1);
    expect(day(2027, 8, 31), 3, 2027, 12, 6, 0);
    /* 2026-12-31 + 3: due Wednesday 2027-03-31. */
    expect(day(2026, 12, 31), 3, 2027, 3, 29, 1);
    expect(day(2026, 12, 31), 3, 2027, 4, 5, 0);
}

/* A leap year's February keeps its 29th. */
Test(booking_rules, leap_february)
{
    /* 2027-11-30 + 3: due Tuesday 2028-02-29. */
    expect(day(2027, 11, 30), 3, 2028, 2, 28, 1);
    expect(day(2027, 11, 30), 3, 2028, 3, 6, 0);
    /* 2027-11-28 + 3: due Monday 2028-02-28 exactly. */
    expect(day(2027, 11, 28), 3, 2028, 2, 28, 0);
    /* 2028-02-29 + 12: 2029 has no 29 February, due Wednesday 2029-02-28. */
    expect(day(2028, 2, 29), 12, 2029, 2, 26, 1);
    expect(day(2028, 2, 29), 12, 2029, 3, 5, 0);
}

/*
 * The boundary: a start on the due day itself is in time; a start one day
 * before it is short notice.
 */
Test(booking_rules, boundary_day)
{
    /* 2026-12-01 + 3: due Monday 2027-03-01. */
    expect(day(2026, 12, 1), 3, 2027, 3, 1, 0);
    expect(day(2026, 12, 1), 3, 2027, 2, 22, 1);
    /* 2026-12-02 + 3: due Tuesday 2027-03-02; Monday 03-01 is a day short. */
    expect(day(2026, 12, 2), 3, 2027, 3, 1, 1);
    expect(day(2026, 12, 2), 3, 2027, 3, 8, 0);
    /* 2026-12-07 + 3: due Sunday 2027-03-07; Monday 03-08 is a day after. */
    expect(day(2026, 12, 7), 3, 2027, 3, 8, 0);
    expect(day(2026, 12, 8), 3, 2027, 3, 8, 0);
    expect(day(2026, 12, 9), 3, 2027, 3, 8, 1);
}

/* Due days in the next year, across ISO 2026-W53. */
Test(booking_rules, year_wrap)
{
    /* 2026-10-04 + 3: due Monday 2027-01-04, the start of 2027-W01. */
    expect(day(2026, 10, 4), 3, 2027, 1, 4, 0);
    expect(day(2026, 10, 4), 3, 2026, 12, 28, 1); /* 2026-W53 */
    /* 2026-10-05 + 3: due Tuesday 2027-01-05. */
    expect(day(2026, 10, 5), 3, 2027, 1, 4, 1);
    expect(day(2026, 10, 5), 3, 2027, 1, 11, 0);
    /* December + 2 months: "2027-02-31" clamps to 2027-02-28. */
    expect(day(2026, 12, 31), 2, 2027, 2, 22, 1);
    expect(day(2026, 12, 31), 2, 2027, 3, 1, 0);
    /* December + 12 and + 13 months. */
    expect(day(2026, 12, 28), 12, 2027, 12, 27, 1);
    expect(day(2026, 12, 27), 12, 2027, 12, 27, 0);
    expect(day(2026, 12, 15), 13, 2028, 1, 10, 1);
    expect(day(2026, 12, 15), 13, 2028, 1, 17, 0);
}

/* Zero months: due the day the request is made. */
Test(booking_rules, zero_months)
{
    expect(day(2026, 11, 23), 0, 2026, 11, 23, 0); /* a Monday */
    expect(day(2026, 11, 24), 0, 2026, 11, 23, 1);
    expect(day(2026, 11, 24), 0, 2026, 11, 30, 0);
}

/* Far away on either side. */
Test(booking_rules, past_and_far_future)
{
    expect(day(2026, 11, 23), 3, 2025, 12, 29, 1);
    expect(day(2026, 11, 23), 3, 2026, 11, 16, 1);
    expect(day(2026, 11, 23), 3, 2030, 1, 7, 0);
    /* Made on the first of a month, due the first three months later. */
    expect(day(2027, 1, 1), 3, 2027, 3, 29, 1);
    expect(day(2027, 1, 1), 3, 2027, 4, 5, 0);
}

/* The other booking rules in the same header. */
Test(booking_rules, status_moves)
{
    cr_assert(booking_can_move(BOOKING_REQUESTED, BOOKING_CONFIRMED));
    cr_assert(booking_can_move(BOOKING_REQUESTED, BOOKING_DECLINED));
    cr_assert(booking_can_move(BOOKING_REQUESTED, BOOKING_CANCELLED));
    cr_assert_not(booking_can_move(BOOKING_REQUESTED, BOOKING_COMPLETED));
    cr_assert_not(booking_can_move(BOOKING_REQUESTED, BOOKING_REQUESTED));
    cr_assert(booking_can_move(BOOKING_CONFIRMED, BOOKING_CANCELLED));
    cr_assert(booking_can_move(BOOKING_CONFIRMED, BOOKING_COMPLETED));
    cr_assert_not(booking_can_move(BOOKING_CONFIRMED, BOOKING_DECLINED));
    cr_assert_not(booking_can_move(BOOKING_CONFIRMED, BOOKING_REQUESTED));
    for (int to = BOOKING_REQUESTED; to <= BOOKING_COMPLETED; to++) {
        cr_assert_not(booking_can_move(BOOKING_DECLINED, to));
        cr_assert_not(booking_can_move(BOOKING_CANCELLED, to));
        cr_assert_not(booking_can_move(BOOKING_COMPLETED, to));
    }
    cr_assert(booking_holds_seat(BOOKING_REQUESTED));
    cr_assert(booking_holds_seat(BOOKING_CONFIRMED));
    cr_assert(booking_holds_seat(BOOKING_COMPLETED));
    cr_assert_not(booking_holds_seat(BOOKING_DECLINED));
    cr_assert_not(booking_holds_seat(BOOKING_CANCELLED));
}
