/* Unit tests for the rules of the yearly figures and the quality reviews
 * (domain/metrics.h). Every expected answer is worked out by hand from the
 * calendar (1 January 2026 is a Thursday, so 2026 has 53 ISO weeks and
 * Monday 23 November 2026 starts week 48), never by the code under test. */
#include <criterion/criterion.h>

#include "domain/metrics.h"

#include <string.h>

static struct date d(int year, int month, int day)
{
    struct date x = {year, month, day};
    return x;
}

static const struct date none = {0, 0, 0};

static int week(int year, int w)
{
    int serial = 0;
    cr_assert_eq(week_from_iso(year, w, &serial), 0);
    return serial;
}

static struct metrics_window window(int year, struct date today)
{
    struct metrics_window w;
    cr_assert_eq(metrics_window(year, today, &w), 0, "window %d", year);
    return w;
}

#define TODAY d(2026, 11, 23)

static void assert_count(struct metrics_count c, enum metrics_verdict v,
                         enum metrics_reason r)
{
    cr_assert(c.verdict == v && c.reason == r,
              "got verdict %d (%s), expected %d (%s)", c.verdict,
              metrics_reason_name(c.reason), v, metrics_reason_name(r));
}

Test(metrics, a_year_is_seen_as_of_its_last_day_or_today)
{
    struct metrics_window w = window(2026, TODAY);
    cr_assert(w.current);
    cr_assert_eq(w.as_of.month, 11);
    cr_assert_eq(w.as_of.day, 23);
    cr_assert_eq(w.wfrom, week(2026, 1));
    cr_assert_eq(w.wto, week(2026, 49), "weeks 1 to 48, today's included");
    w = window(2025, TODAY);
    cr_assert(!w.current);
    cr_assert(w.as_of.year == 2025 && w.as_of.month == 12 && w.as_of.day == 31);
    cr_assert_eq(w.wto - w.wfrom, 52, "2025 has 52 ISO weeks");
    /* 31 December 2025 is in 2026-W01: the window stops at 2025's end. */
    cr_assert_eq(w.wto, week(2026, 1));
    w = window(2020, TODAY);
    cr_assert_eq(w.wto - w.wfrom, 53, "2020 has 53 ISO weeks");
    struct metrics_window later;
    cr_assert_eq(metrics_window(2027, TODAY, &later), -1, "not yet");
}

Test(metrics, summer_is_weeks_26_to_32_cut_at_as_of)
{
    struct metrics_window w = window(2026, TODAY);
    int from, to;
    metrics_summer(&w, &from, &to);
    cr_assert_eq(from, week(2026, 26));
    cr_assert_eq(to - from, 7);
    /* Seen on Wednesday 1 July 2026 (week 27): weeks 26 and 27 so far. */
    w = window(2026, d(2026, 7, 1));
    metrics_summer(&w, &from, &to);
    cr_assert_eq(to - from, 2);
    w = window(2026, d(2026, 3, 1));
    metrics_summer(&w, &from, &to);
    cr_assert_leq(to, from, "no summer yet");
}

Test(metrics, in_the_region_unless_gone_on_the_day)
{
    cr_assert(metrics_in_region(none, none, TODAY));
    cr_assert(!metrics_in_region(d(2026, 11, 23), none, TODAY),
              "left that day");
    cr_assert(metrics_in_region(d(2026, 11, 24), none, TODAY), "leaves later");
    cr_assert(metrics_in_region(d(2022, 1, 10), d(2026, 11, 23), TODAY),
              "back that day");
    cr_assert(!metrics_in_region(d(2022, 1, 10), d(2026, 11, 24), TODAY),
              "back later");
}

Test(metrics, st_retention_looks_at_the_fifth_anniversary)
{
    struct metrics_window w = window(2026, TODAY);
    struct date day;
    /* Completed 30 June 2021: the day is 30 June 2026. */
    assert_count(metrics_retention(d(2021, 6, 30), none, none, 60, &w, &day),
                 METRICS_HIT, METRICS_R_IN_REGION);
    cr_assert(day.year == 2026 && day.month == 6 && day.day == 30);
    assert_count(
        metrics_retention(d(2021, 6, 30), d(2022, 1, 10), none, 60, &w, NULL),
        METRICS_MISS, METRICS_R_LEFT);
    /* Left and came back before the day: remains. */
    assert_count(metrics_retention(d(2021, 6, 30), d(2022, 1, 10),
                                   d(2024, 3, 1), 60, &w, NULL),
                 METRICS_HIT, METRICS_R_RETURNED);
    /* Left after the day: remained five years. */
    assert_count(
        metrics_retention(d(2021, 6, 30), d(2026, 7, 1), none, 60, &w, NULL),
        METRICS_HIT, METRICS_R_IN_REGION);
    assert_count(
        metrics_retention(d(2021, 6, 30), d(2026, 6, 30), none, 60, &w, NULL),
        METRICS_MISS, METRICS_R_LEFT);
    /* Completed 15 December 2021: not five years yet on 23 November. */
    assert_count(metrics_retention(d(2021, 12, 15), none, none, 60, &w, NULL),
                 METRICS_OUT, METRICS_R_PENDING);
    /* Another year's cohort, or not completed. */
    assert_count(metrics_retention(d(2020, 6, 30), none, none, 60, &w, NULL),
                 METRICS_SKIP, METRICS_R_NONE);
    assert_count(metrics_retention(none, none, none, 60, &w, NULL),
                 METRICS_SKIP, METRICS_R_NONE);
}

Test(metrics, at_retention_looks_one_year_on_over_a_leap_day)
{
    struct metrics_window w25 = window(2025, TODAY);
    struct date day;
    /* 29 February 2024 + 12 months is 28 February 2025. */
    assert_count(
        metrics_retention(d(2024, 2, 29), d(2025, 3, 1), none, 12, &w25, &day),
        METRICS_HIT, METRICS_R_IN_REGION);
    cr_assert(day.year == 2025 && day.month == 2 && day.day == 28);
    assert_count(
        metrics_retention(d(2024, 2, 29), d(2025, 2, 28), none, 12, &w25, NULL),
        METRICS_MISS, METRICS_R_LEFT);
    struct metrics_window w26 = window(2026, TODAY);
    assert_count(metrics_retention(d(2024, 2, 29), none, none, 12, &w26, NULL),
                 METRICS_SKIP, METRICS_R_NONE);
}

Test(metrics, st_completion_counts_the_year_an_st_ends)
{
    struct metrics_window w = window(2026, TODAY);
    assert_count(metrics_completion(d(2026, 3, 1), none, none, &w), METRICS_HIT,
                 METRICS_R_COMPLETED);
    assert_count(metrics_completion(none, d(2026, 5, 1), none, &w),
                 METRICS_MISS, METRICS_R_LEFT_EARLY);
    /* Left and came back: still in training, listed but not counted. */
    assert_count(metrics_completion(none, d(2026, 5, 1), d(2026, 9, 1), &w),
                 METRICS_OUT, METRICS_R_CAME_BACK);
    /* Left, came back and completed: a completion. */
    assert_count(
        metrics_completion(d(2026, 10, 1), d(2024, 5, 1), d(2024, 9, 1), &w),
        METRICS_HIT, METRICS_R_COMPLETED);
    assert_count(metrics_completion(none, d(2025, 5, 1), none, &w),
                 METRICS_SKIP, METRICS_R_NONE);
    assert_count(metrics_completion(d(2025, 12, 31), none, none, &w),
                 METRICS_SKIP, METRICS_R_NONE);
    struct metrics_window w25 = window(2025, TODAY);
    assert_count(metrics_completion(d(2025, 12, 31), none, none, &w25),
                 METRICS_HIT, METRICS_R_COMPLETED);
    /* Completed after as_of: not yet. */
    assert_count(metrics_completion(d(2026, 12, 1), none, none, &w),
                 METRICS_SKIP, METRICS_R_NONE);
}

Test(metrics, contract_counts_trainees_in_training_in_the_year)
{
    struct metrics_window w = window(2026, TODAY);
    struct date start = d(2025, 9, 1), end = d(2031, 2, 28);
    assert_count(metrics_contract(start, end, d(2026, 11, 23), &w), METRICS_HIT,
                 METRICS_R_SIGNED);
    assert_count(metrics_contract(start, end, d(2026, 11, 24), &w),
                 METRICS_MISS, METRICS_R_UNSIGNED);
    assert_count(metrics_contract(start, end, none, &w), METRICS_MISS,
                 METRICS_R_UNSIGNED);
    /* Starts after as_of; ended before the year: not in training. */
    assert_count(metrics_contract(d(2026, 11, 24), end, none, &w), METRICS_SKIP,
                 METRICS_R_NONE);
    assert_count(metrics_contract(d(2020, 9, 1), d(2025, 12, 31), none, &w),
                 METRICS_SKIP, METRICS_R_NONE);
    cr_assert(metrics_in_training(d(2020, 9, 1), d(2026, 1, 1), &w));
    /* Part time at 50 %: ten years of calendar time, one trainee. */
    assert_count(
        metrics_contract(d(2019, 1, 7), d(2029, 1, 6), d(2019, 1, 7), &w),
        METRICS_HIT, METRICS_R_SIGNED);
}

Test(metrics, supervisor_trained_by_as_of)
{
    struct metrics_window w = window(2026, TODAY);
    assert_count(metrics_supervisor(1, d(2026, 11, 23), &w), METRICS_HIT,
                 METRICS_R_TRAINED);
    assert_count(metrics_supervisor(1, d(2026, 11, 24), &w), METRICS_MISS,
                 METRICS_R_UNTRAINED);
    assert_count(metrics_supervisor(1, none, &w), METRICS_MISS,
                 METRICS_R_UNTRAINED);
    assert_count(metrics_supervisor(0, d(2020, 1, 1), &w), METRICS_SKIP,
                 METRICS_R_NONE);
}

Test(metrics, review_counts_while_the_latest_is_not_due_again)
{
    struct metrics_window w = window(2026, TODAY);
    struct date last;
    struct date on_the_day[] = {d(2023, 11, 23)};
    assert_count(metrics_review(1, on_the_day, 1, 36, &w, &last), METRICS_HIT,
                 METRICS_R_REVIEWED);
    struct date day_too_early[] = {d(2023, 11, 22)};
    assert_count(metrics_review(1, day_too_early, 1, 36, &w, NULL),
                 METRICS_MISS, METRICS_R_DUE);
    /* The latest on or before as_of: one in the future does not count. */
    struct date several[] = {d(2027, 1, 1), d(2022, 1, 1), d(2025, 5, 5)};
    assert_count(metrics_review(1, several, 3, 24, &w, &last), METRICS_HIT,
                 METRICS_R_REVIEWED);
    cr_assert(last.year == 2025 && last.month == 5 && last.day == 5);
    assert_count(metrics_review(1, NULL, 0, 60, &w, &last), METRICS_MISS,
                 METRICS_R_DUE);
    cr_assert(!metrics_dated(last));
    assert_count(metrics_review(0, several, 3, 24, &w, NULL), METRICS_OUT,
                 METRICS_R_NO_TRAINEES);
    /* 29 February 2024 + 24 months is 28 February 2026. */
    struct date leap[] = {d(2024, 2, 29)};
    struct metrics_window feb28 = window(2026, d(2026, 2, 28));
    struct metrics_window mar1 = window(2026, d(2026, 3, 1));
    assert_count(metrics_review(1, leap, 1, 24, &feb28, NULL), METRICS_HIT,
                 METRICS_R_REVIEWED);
    assert_count(metrics_review(1, leap, 1, 24, &mar1, NULL), METRICS_MISS,
                 METRICS_R_DUE);
}

Test(metrics, reviews_fall_due_two_and_five_years_on)
{
    struct date due = review_due(none, d(2025, 1, 31), REVIEW_STINS);
    cr_assert(due.year == 2027 && due.month == 1 && due.day == 31);
    due = review_due(d(2021, 8, 31), d(2015, 1, 1), REVIEW_SPUR);
    cr_assert(due.year == 2026 && due.month == 8 && due.day == 31);
    due = review_due(d(2024, 2, 29), none, REVIEW_STINS);
    cr_assert(due.year == 2026 && due.month == 2 && due.day == 28);
    cr_assert(review_report_is_pdf("%PDF-1.7\n", 9));
    cr_assert(!review_report_is_pdf("PK\3\4", 4), "a zip");
    cr_assert(!review_report_is_pdf("%PD", 3), "too short");
}

Test(metrics, seat_weeks_offered_and_used_in_hundredths)
{
    int w10 = week(2026, 10);
    cr_assert_eq(metrics_offered(w10, w10 + 10, 2, w10 + 5, w10 + 20), 1000);
    cr_assert_eq(metrics_offered(w10, w10 + 10, 2, w10 + 10, w10 + 20), 0);
    cr_assert_eq(metrics_offered(w10, w10 + 10, 0, w10, w10 + 20), 0);
    /* Full time in weeks 10-13, seen from week 12: two weeks. */
    cr_assert_eq(metrics_used(PATTERN_FULL, w10, w10 + 4, w10 + 2, w10 + 30),
                 200);
    /* Every other week from week 10 to 14: weeks 10, 12 and 14. */
    cr_assert_eq(metrics_used(PATTERN_ALTERNATE, w10, w10 + 5, 0, w10 + 30),
                 300);
    cr_assert_eq(metrics_used(PATTERN_HALF, w10, w10 + 4, 0, w10 + 30), 200);
    /* Four days of five: 80 a week. */
    cr_assert_eq(metrics_used(PATTERN_SPLIT4, w10, w10 + 5, 0, w10 + 30), 400);
}

Test(metrics, requests_notice_and_waiting)
{
    struct metrics_window w = window(2026, TODAY);
    int w25 = week(2026, 25); /* Monday 15 June 2026 */
    /* Asked 15 March: exactly three months, not short. */
    assert_count(metrics_short_notice(d(2026, 3, 15), w25, &w), METRICS_MISS,
                 METRICS_R_NOTICE);
    assert_count(metrics_short_notice(d(2026, 3, 15), w25 - 1, &w), METRICS_HIT,
                 METRICS_R_SHORT_NOTICE);
    assert_count(metrics_short_notice(d(2025, 12, 20), w25, &w), METRICS_SKIP,
                 METRICS_R_NONE);
    long days = -1;
    /* 15 March to 15 June: 16 + 30 + 31 + 15 days. */
    assert_count(metrics_waiting(d(2026, 3, 15), w25, 1, &w, &days),
                 METRICS_HIT, METRICS_R_WAITED);
    cr_assert_eq(days, 92);
    assert_count(metrics_waiting(d(2026, 3, 15), w25, 0, &w, &days),
                 METRICS_SKIP, METRICS_R_NONE);
    assert_count(metrics_waiting(d(2026, 7, 1), w25, 1, &w, &days), METRICS_OUT,
                 METRICS_R_AFTER_START);
}

Test(metrics, cancellations_of_bookings_starting_in_the_year)
{
    struct metrics_window w = window(2026, TODAY);
    int w10 = week(2026, 10);
    assert_count(metrics_cancellation(w10, BOOKING_CANCELLED, &w), METRICS_HIT,
                 METRICS_R_CANCELLED);
    assert_count(metrics_cancellation(w10, BOOKING_CONFIRMED, &w), METRICS_MISS,
                 METRICS_R_NOT_CANCELLED);
    assert_count(metrics_cancellation(w10, BOOKING_DECLINED, &w), METRICS_SKIP,
                 METRICS_R_NONE);
    assert_count(metrics_cancellation(week(2026, 50), BOOKING_CANCELLED, &w),
                 METRICS_SKIP, METRICS_R_NONE);
    assert_count(metrics_cancellation(week(2025, 52), BOOKING_CANCELLED, &w),
                 METRICS_SKIP, METRICS_R_NONE);
}

Test(metrics, behind_plan_only_today_and_substitutes_in_the_year)
{
    struct metrics_window w = window(2026, TODAY);
    assert_count(metrics_behind(1, d(2030, 12, 31), d(2031, 1, 10), &w),
                 METRICS_HIT, METRICS_R_BEHIND);
    assert_count(metrics_behind(1, d(2030, 12, 31), d(2030, 12, 31), &w),
                 METRICS_MISS, METRICS_R_ON_PLAN);
    assert_count(metrics_behind(0, d(2030, 12, 31), d(2031, 1, 10), &w),
                 METRICS_SKIP, METRICS_R_NONE);
    struct metrics_window w25 = window(2025, TODAY);
    assert_count(metrics_behind(1, d(2030, 12, 31), d(2031, 1, 10), &w25),
                 METRICS_SKIP, METRICS_R_NONE);
    assert_count(metrics_substitute(d(2026, 1, 1), &w), METRICS_HIT,
                 METRICS_R_SAVED);
    assert_count(metrics_substitute(d(2026, 11, 24), &w), METRICS_SKIP,
                 METRICS_R_NONE);
}

Test(metrics, shares_meet_targets_in_exact_arithmetic)
{
    struct metrics_tally t = {0, 0};
    struct metrics_count hit = {METRICS_HIT, METRICS_R_NONE};
    struct metrics_count miss = {METRICS_MISS, METRICS_R_NONE};
    struct metrics_count out = {METRICS_OUT, METRICS_R_PENDING};
    cr_assert_eq(metrics_met(&t, 75), -1, "nothing to count");
    for (int i = 0; i < 3; i++)
        metrics_add(&t, hit, 1);
    metrics_add(&t, miss, 1);
    metrics_add(&t, out, 1);
    cr_assert(t.num == 3 && t.den == 4);
    cr_assert_eq(metrics_met(&t, 75), 1, "3 of 4 is 75 %%");
    cr_assert_eq(metrics_met(&t, 76), 0);
    cr_assert_eq(metrics_met(&t, -1), -1, "no target");
    struct metrics_tally two_thirds = {2, 3}, nine_tenths = {9, 10},
                         almost = {89, 99};
    cr_assert_eq(metrics_met(&two_thirds, 75), 0);
    cr_assert_eq(metrics_met(&nine_tenths, 90), 1);
    cr_assert_eq(metrics_met(&almost, 90), 0, "89.9 %% is not 90 %%");
    cr_assert_str_eq(metrics_reason_name(METRICS_R_LEFT_EARLY), "left_early");
    cr_assert_str_eq(metrics_reason_name(METRICS_R_SAVED), "saved");
    cr_assert_null(metrics_reason_name(METRICS_REASON_COUNT));
}
