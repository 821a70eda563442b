/*
 * Unit tests for the demand forecast (forecast.h): a hand-computed
 * shortfall of one specialty from open needs, a booking, intake and
 * capacity; the trend of intake; quarters and their weeks.
 */
#include <criterion/criterion.h>

#include "domain/forecast.h"
#include "domain/week.h"

static int wk(int year, int week)
{
    int w = 0;
    cr_assert_eq(week_from_iso(year, week, &w), 0);
    return w;
}

#define NEAR(a, b) cr_assert_float_eq((a), (b), 1e-9, "%f != %f", (a), (b))

Test(forecast, quarters_follow_the_monday_of_the_week)
{
    /* 2027-01-01 is a Friday: 2026-W53 is before the horizon; 2027-W01
     * (Monday 4 January) is its first week. */
    cr_assert_eq(forecast_quarter_week(2027, 0), wk(2027, 1));
    cr_assert_eq(forecast_quarter(2027, wk(2026, 53)), -1);
    cr_assert_eq(forecast_quarter(2027, wk(2027, 13)), 0);
    cr_assert_eq(forecast_quarter(2027, wk(2027, 14)), 1); /* 5 April */
    cr_assert_eq(forecast_quarter(2027, wk(2031, 52)), FORECAST_QUARTERS - 1);
    cr_assert_eq(forecast_quarter(2027, wk(2032, 2)), -1);
}

Test(forecast, a_hand_computed_shortfall)
{
    double need[FORECAST_QUARTERS] = {0}, seats[FORECAST_QUARTERS] = {0};
    int q0 = wk(2027, 1);
    /* An open need of 13 weeks that may lie anywhere in the first half
     * year: 6.5 weeks in each of its two quarters. */
    forecast_spread(need, 2027, q0, q0 + 26, 13);
    /* An overdue need of 10 weeks whose window began 13 weeks before the
     * horizon and ends with its first quarter: 10/26 a week, the 13 weeks
     * before moved to now, so all 10 in quarter 0. */
    forecast_spread(need, 2027, q0 - 13, q0 + 13, 10);
    /* A booking of 13 full-time weeks in the second quarter. */
    forecast_spread(need, 2027, q0 + 13, q0 + 26, 13);
    /* Two new trainees in 2027 who need 52 weeks each, over 5 years of
     * 52 weeks: 0.4 weeks a week, 5.2 a quarter of 13 weeks. */
    forecast_intake(need, 2027, 2027, 2, 52);
    /* One seat over the first half year. */
    forecast_seats(seats, 2027, q0, q0 + 26, 1);

    NEAR(need[0], 6.5 + 10 + 5.2);
    NEAR(need[1], 6.5 + 13 + 5.2);
    NEAR(need[2], 5.2);
    NEAR(seats[0], 13);
    NEAR(seats[1], 13);
    NEAR(seats[2], 0);
    double total = 0;
    for (int i = 0; i < FORECAST_QUARTERS; i++)
        total += need[i];
    NEAR(total, 13 + 10 + 13 + 104);

    double short_by[FORECAST_QUARTERS];
    double sum = forecast_shortfall(need, seats, short_by);
    NEAR(short_by[0], 8.7);
    NEAR(short_by[1], 11.7);
    NEAR(short_by[2], 5.2);
    /* Every quarter needs more than it offers: 140 - 26. */
    NEAR(sum, 114);

    /* Enough seats: no shortfall. */
    double plenty[FORECAST_QUARTERS];
    for (int i = 0; i < FORECAST_QUARTERS; i++)
        plenty[i] = 100;
    NEAR(forecast_shortfall(need, plenty, NULL), 0);
}

Test(forecast, intake_of_a_past_year_counts_only_its_future)
{
    double q[FORECAST_QUARTERS] = {0};
    /* Starts in 2025: 2025-W01 to 2030-W01 is 261 weeks, of which 105
     * (2025 and 2026) lie before the horizon. */
    forecast_intake(q, 2027, 2025, 3, 87);
    double total = 0;
    for (int i = 0; i < FORECAST_QUARTERS; i++)
        total += q[i];
    NEAR(total, 3 * 87 * 156.0 / 261.0);
    /* Beyond the horizon: nothing. */
    double r[FORECAST_QUARTERS] = {0};
    forecast_intake(r, 2027, 2040, 3, 87);
    for (int i = 0; i < FORECAST_QUARTERS; i++)
        NEAR(r[i], 0);
}

Test(forecast, the_trend_is_the_rounded_mean_of_three_years)
{
    cr_assert_eq(forecast_trend((int[]){3, 4, 6}), 4); /* 4.33 */
    cr_assert_eq(forecast_trend((int[]){2, 3, 3}), 3); /* 2.67 */
    cr_assert_eq(forecast_trend((int[]){0, 0, 1}), 0); /* 0.33 */
    cr_assert_eq(forecast_trend((int[]){1, 1, 1}), 1);
}
