/*
 * The demand forecast (issue 18): rotation weeks needed per quarter for the
 * next five years against the seat-weeks offered. Pure arithmetic on
 * series of FORECAST_QUARTERS quarters; the caller gathers the rows
 * (open needs, bookings, capacity, intake) and sums them per specialty or
 * receiving unit.
 *
 * Quarter 0 is the first calendar quarter of year0; a week belongs to the
 * quarter of its Monday.
 */
#ifndef RANDA_DOMAIN_FORECAST_H
#define RANDA_DOMAIN_FORECAST_H

#define FORECAST_YEARS    5
#define FORECAST_QUARTERS (FORECAST_YEARS * 4)
/* Years of training over which a new trainee's rotations are spread. */
#define FORECAST_TRAINING_YEARS 5
/* Years of ST starts the trend looks back over. */
#define FORECAST_TREND_YEARS 3

/* The quarter (0..FORECAST_QUARTERS-1) of week w, or -1 outside. */
int forecast_quarter(int year0, int w);

/* The first week of quarter q (its first Monday's week). */
int forecast_quarter_week(int year0, int q);

/*
 * Adds weeks of demand spread evenly over the weeks [from_week, to_week)
 * into q; the part of the window before quarter 0 is moved to its start
 * (a need that is overdue is needed now), the part after the horizon is
 * left out. An empty window puts all its weeks in from_week's quarter.
 */
void forecast_spread(double q[FORECAST_QUARTERS], int year0, int from_week,
                     int to_week, double weeks);

/* Adds seats per week over [from_week, to_week) as seat-weeks into q. */
void forecast_seats(double q[FORECAST_QUARTERS], int year0, int from_week,
                    int to_week, int seats);

/*
 * Adds the demand of trainees starting in start_year who each need
 * weeks_each weeks: spread evenly over FORECAST_TRAINING_YEARS years from
 * the first week of start_year.
 */
void forecast_intake(double q[FORECAST_QUARTERS], int year0, int start_year,
                     double trainees, double weeks_each);

/*
 * The trend of intake: the mean of the FORECAST_TREND_YEARS counts of ST
 * starts before year (starts[i] is the count of year - FORECAST_TREND_YEARS
 * + i), rounded to whole trainees.
 */
int forecast_trend(const int starts[FORECAST_TREND_YEARS]);

/*
 * The shortfall per quarter (need above offered, else 0) into out (may be
 * NULL); returns its sum.
 */
double forecast_shortfall(const double need[FORECAST_QUARTERS],
                          const double offered[FORECAST_QUARTERS],
                          double out[FORECAST_QUARTERS]);

#endif
