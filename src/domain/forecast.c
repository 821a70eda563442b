/*
 * The demand forecast's arithmetic (forecast.h).
 */
#include "domain/forecast.h"

#include "domain/week.h"

int forecast_quarter(int year0, int w)
{
    struct date d = week_monday(w);
    int q = (d.year - year0) * 4 + (d.month - 1) / 3;
    return q >= 0 && q < FORECAST_QUARTERS ? q : -1;
}

int forecast_quarter_week(int year0, int q)
{
    struct date d = {year0 + q / 4, (q % 4) * 3 + 1, 1};
    int w = week_from_date(d);
    /* The week whose Monday is the quarter's first in it. */
    struct date m = week_monday(w);
    if (m.year != d.year || m.month != d.month)
        w++;
    return w;
}

void forecast_spread(double q[FORECAST_QUARTERS], int year0, int from_week,
                     int to_week, double weeks)
{
    int start = forecast_quarter_week(year0, 0);
    int end = forecast_quarter_week(year0, FORECAST_QUARTERS);
    if (to_week <= from_week) {
        int i = forecast_quarter(year0, from_week < start ? start : from_week);
        if (i >= 0)
            q[i] += weeks;
        return;
    }
    double each = weeks / (to_week - from_week);
    /* The weeks before the horizon are needed at its start. */
    if (from_week < start) {
        int before = (to_week < start ? to_week : start) - from_week;
        q[0] += each * before;
        from_week = start;
    }
    for (int w = from_week; w < to_week && w < end; w++) {
        int i = forecast_quarter(year0, w);
        if (i >= 0)
            q[i] += each;
    }
}

void forecast_seats(double q[FORECAST_QUARTERS], int year0, int from_week,
                    int to_week, int seats)
{
    int start = forecast_quarter_week(year0, 0);
    int end = forecast_quarter_week(year0, FORECAST_QUARTERS);
    for (int w = from_week < start ? start : from_week; w < to_week && w < end;
         w++) {
        int i = forecast_quarter(year0, w);
        if (i >= 0)
            q[i] += seats;
    }
}

void forecast_intake(double q[FORECAST_QUARTERS], int year0, int start_year,
                     double trainees, double weeks_each)
{
    int from = 0, to = 0;
    week_from_iso(start_year, 1, &from);
    week_from_iso(start_year + FORECAST_TRAINING_YEARS, 1, &to);
    /* forecast_spread moves what falls before the horizon to its start;
     * intake of a year past is no demand of the future: cut it. */
    int start = forecast_quarter_week(year0, 0);
    if (from < start) {
        double share = to > start ? (double)(to - start) / (to - from) : 0;
        forecast_spread(q, year0, start, to, trainees * weeks_each * share);
        return;
    }
    forecast_spread(q, year0, from, to, trainees * weeks_each);
}

int forecast_trend(const int starts[FORECAST_TREND_YEARS])
{
    int sum = 0;
    for (int i = 0; i < FORECAST_TREND_YEARS; i++)
        sum += starts[i];
    return (sum * 2 + FORECAST_TREND_YEARS) / (2 * FORECAST_TREND_YEARS);
}

double forecast_shortfall(const double need[FORECAST_QUARTERS],
                          const double offered[FORECAST_QUARTERS],
                          double out[FORECAST_QUARTERS])
{
    double sum = 0;
    for (int i = 0; i < FORECAST_QUARTERS; i++) {
        double s = need[i] > offered[i] ? need[i] - offered[i] : 0;
        if (out)
            out[i] = s;
        sum += s;
    }
    return sum;
}
