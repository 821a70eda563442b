/* Unit tests for the projected end of training (domain/training.h). */
#include <criterion/criterion.h>

#include "domain/training.h"
#include "util/err.h"

/*
 * Expected dates are calendar facts worked out by hand (and checked with an
 * independent calendar), never by calling the code under test. Weekdays
 * used below: 2020-01-06, 2022-03-07 and 2025-01-06 are Mondays; 2025-01-05
 * and 2030-01-06 are Sundays.
 */

static struct date mkdate(int year, int month, int day)
{
    struct date d = {year, month, day};
    return d;
}

static struct training_leave mkleave(enum leave_kind kind, struct date from,
                                     struct date to)
{
    struct training_leave l = {kind, from, to};
    return l;
}

static void assert_date(struct date got, int year, int month, int day)
{
    cr_assert(got.year == year && got.month == month && got.day == day,
              "got %04d-%02d-%02d, expected %04d-%02d-%02d", got.year,
              got.month, got.day, year, month, day);
}

Test(training, minimum_is_66_months_in_2021_and_60_before)
{
    cr_assert_eq(training_min_months(REGULATION_2021), 66);
    cr_assert_eq(training_min_months(REGULATION_2015), 60);
    cr_assert_eq(training_min_months(REGULATION_2008), 60);
    cr_assert_eq(training_min_months((enum regulation)9), -1);
}

Test(training, every_kind_of_leave_prolongs)
{
    cr_assert(training_leave_prolongs(LEAVE_PARENTAL));
    cr_assert(training_leave_prolongs(LEAVE_SICK));
    cr_assert(training_leave_prolongs(LEAVE_OF_ABSENCE));
    cr_assert(training_leave_prolongs(LEAVE_OTHER));
    cr_assert_not(training_leave_prolongs((enum leave_kind)9));
}

Test(training, full_time_without_leave_ends_the_day_before_the_minimum)
{
    struct date end;
    int lw = -1;
    /* 2021-09-06 + 66 months = 2027-03-06; the last day is the day before. */
    cr_assert_eq(training_earliest_end(REGULATION_2021, mkdate(2021, 9, 6), 100,
                                       NULL, 0, &end, &lw),
                 0);
    assert_date(end, 2027, 3, 5);
    cr_assert_eq(lw, 0);
    /* 2020-01-01 + 60 months = 2025-01-01. */
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 1), 100,
                                       NULL, 0, &end, NULL),
                 0);
    assert_date(end, 2024, 12, 31);
}

Test(training, month_end_start_is_clamped_to_the_shorter_month)
{
    struct date end;
    /* 2021-08-31 + 66 months is "2027-02-31", clamped to 2027-02-28. */
    cr_assert_eq(training_earliest_end(REGULATION_2021, mkdate(2021, 8, 31),
                                       100, NULL, 0, &end, NULL),
                 0);
    assert_date(end, 2027, 2, 27);
    /* 2018-08-31 + 66 months is 2024-02-29 (a leap year). */
    cr_assert_eq(training_earliest_end(REGULATION_2021, mkdate(2018, 8, 31),
                                       100, NULL, 0, &end, NULL),
                 0);
    assert_date(end, 2024, 2, 28);
}

Test(training, part_time_stretches_the_minimum_by_100_over_fte)
{
    struct date end;
    /* 60 months from 2020-01-01 are 1827 days; at 80 % 2283.75, so 2284
     * days: 2020-01-01 + 2283 days = 2026-04-02. */
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 1), 80,
                                       NULL, 0, &end, NULL),
                 0);
    assert_date(end, 2026, 4, 2);
    /* At 50 % exactly twice the days: 3654, ending 2030-01-01. */
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 1), 50,
                                       NULL, 0, &end, NULL),
                 0);
    assert_date(end, 2030, 1, 1);
}

Test(training, two_weeks_of_leave_push_the_end_ten_weekdays)
{
    /* Full time from Monday 2020-01-06: the minimum ends Sunday 2025-01-05,
     * the last weekday served being Friday 2025-01-03; 10 weekdays of leave
     * move it to Friday 2025-01-17. */
    struct training_leave l[] = {
        mkleave(LEAVE_PARENTAL, mkdate(2022, 3, 7), mkdate(2022, 3, 20))};
    struct date end;
    int lw = 0;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 100,
                                       l, 1, &end, &lw),
                 0);
    assert_date(end, 2025, 1, 17);
    cr_assert_eq(lw, 10);
}

Test(training, leave_on_a_weekend_only_changes_nothing)
{
    struct training_leave l[] = {
        mkleave(LEAVE_SICK, mkdate(2022, 3, 12), mkdate(2022, 3, 13))};
    struct date end;
    int lw = -1;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 100,
                                       l, 1, &end, &lw),
                 0);
    assert_date(end, 2025, 1, 5);
    cr_assert_eq(lw, 0);
}

Test(training, leave_before_start_or_after_the_end_is_ignored)
{
    struct training_leave l[] = {
        mkleave(LEAVE_OF_ABSENCE, mkdate(2019, 5, 6), mkdate(2019, 6, 30)),
        mkleave(LEAVE_PARENTAL, mkdate(2025, 2, 3), mkdate(2025, 8, 31))};
    struct date end;
    int lw = -1;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 100,
                                       l, 2, &end, &lw),
                 0);
    assert_date(end, 2025, 1, 5);
    cr_assert_eq(lw, 0);
}

Test(training, leave_straddling_the_start_counts_from_the_start)
{
    /* Wednesday 2020-01-01 to Friday 2020-01-10: only Monday 6 to Friday 10
     * fall in training, 5 weekdays, so Friday 2025-01-03 becomes Friday
     * 2025-01-10. */
    struct training_leave l[] = {
        mkleave(LEAVE_SICK, mkdate(2020, 1, 1), mkdate(2020, 1, 10))};
    struct date end;
    int lw = 0;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 100,
                                       l, 1, &end, &lw),
                 0);
    assert_date(end, 2025, 1, 10);
    cr_assert_eq(lw, 5);
}

Test(training, leave_in_the_extended_time_pushes_again)
{
    /* The first leave moves the end to Friday 2025-01-17; a second leave
     * from Monday 2025-01-13 to Friday 2025-01-24 falls in that extension,
     * so after serving 6-10 January the trainee is away 13-24 January and
     * serves 27-31 January: the end is Friday 2025-01-31. */
    struct training_leave l[] = {
        mkleave(LEAVE_PARENTAL, mkdate(2022, 3, 7), mkdate(2022, 3, 20)),
        mkleave(LEAVE_SICK, mkdate(2025, 1, 13), mkdate(2025, 1, 24))};
    struct date end;
    int lw = 0;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 100,
                                       l, 2, &end, &lw),
                 0);
    assert_date(end, 2025, 1, 31);
    cr_assert_eq(lw, 20);
}

Test(training, overlapping_leaves_count_each_day_once)
{
    struct training_leave l[] = {
        mkleave(LEAVE_PARENTAL, mkdate(2022, 3, 7), mkdate(2022, 3, 20)),
        mkleave(LEAVE_SICK, mkdate(2022, 3, 14), mkdate(2022, 3, 18))};
    struct date end;
    int lw = 0;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 100,
                                       l, 2, &end, &lw),
                 0);
    assert_date(end, 2025, 1, 17);
    cr_assert_eq(lw, 10);
}

Test(training, part_time_leave_pushes_by_the_calendar_weekdays_missed)
{
    /* At 50 % from Monday 2020-01-06: 1827 full-time days become 3654, the
     * minimum ends Sunday 2030-01-06 (last weekday served Friday 2030-01-04);
     * a week of leave moves it to Friday 2030-01-11. */
    struct training_leave l[] = {
        mkleave(LEAVE_OTHER, mkdate(2023, 5, 8), mkdate(2023, 5, 12))};
    struct date end;
    int lw = 0;
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2020, 1, 6), 50,
                                       l, 1, &end, &lw),
                 0);
    assert_date(end, 2030, 1, 11);
    cr_assert_eq(lw, 5);
}

Test(training, projection_keeps_a_later_plan)
{
    struct training_leave l[] = {
        mkleave(LEAVE_PARENTAL, mkdate(2022, 3, 7), mkdate(2022, 3, 20))};
    struct date end;
    cr_assert_eq(training_projected_end(REGULATION_2015, mkdate(2020, 1, 6),
                                        mkdate(2025, 6, 30), 100, l, 1, &end,
                                        NULL),
                 0);
    assert_date(end, 2025, 6, 30);
}

Test(training, projection_moves_a_plan_that_leave_has_overtaken)
{
    /* Planned at the minimum (Sunday 2025-01-05); two weeks of leave make
     * the earliest end Friday 2025-01-17. */
    struct training_leave l[] = {
        mkleave(LEAVE_PARENTAL, mkdate(2022, 3, 7), mkdate(2022, 3, 20))};
    struct date end;
    int lw = 0;
    cr_assert_eq(training_projected_end(REGULATION_2015, mkdate(2020, 1, 6),
                                        mkdate(2025, 1, 5), 100, l, 1, &end,
                                        &lw),
                 0);
    assert_date(end, 2025, 1, 17);
    cr_assert_eq(lw, 10);
}

Test(training, projection_without_leave_keeps_a_plan_at_the_minimum)
{
    struct date end;
    cr_assert_eq(training_projected_end(REGULATION_2015, mkdate(2020, 1, 6),
                                        mkdate(2025, 1, 5), 100, NULL, 0, &end,
                                        NULL),
                 0);
    assert_date(end, 2025, 1, 5);
}

Test(training, refuses_bad_input)
{
    struct date end;
    struct date start = mkdate(2020, 1, 6);
    cr_assert_eq(
        training_earliest_end(REGULATION_2015, start, 0, NULL, 0, &end, NULL),
        ERR_INVAL);
    cr_assert_eq(
        training_earliest_end(REGULATION_2015, start, 101, NULL, 0, &end, NULL),
        ERR_INVAL);
    cr_assert_eq(training_earliest_end((enum regulation)5, start, 100, NULL, 0,
                                       &end, NULL),
                 ERR_INVAL);
    cr_assert_eq(training_earliest_end(REGULATION_2015, mkdate(2021, 2, 29),
                                       100, NULL, 0, &end, NULL),
                 ERR_INVAL);
    struct training_leave bad[] = {
        mkleave(LEAVE_SICK, mkdate(2022, 13, 1), mkdate(2022, 13, 2))};
    cr_assert_eq(
        training_earliest_end(REGULATION_2015, start, 100, bad, 1, &end, NULL),
        ERR_INVAL);
    cr_assert_eq(training_projected_end(REGULATION_2015, start,
                                        mkdate(2025, 2, 30), 100, NULL, 0, &end,
                                        NULL),
                 ERR_INVAL);
    /* At 1 % the minimum would run past year 9999. */
    cr_assert_eq(training_earliest_end(REGULATION_2021, mkdate(9990, 1, 1), 1,
                                       NULL, 0, &end, NULL),
                 ERR_INVAL);
}
