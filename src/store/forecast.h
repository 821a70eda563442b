/*
 * The rows of a region the demand forecast (issue 18) is made of, and its
 * intake per specialty and year (migration 018).
 */
#ifndef RANDA_STORE_FORECAST_H
#define RANDA_STORE_FORECAST_H

#include "store/store.h"

#include <stdint.h>

enum forecast_row_kind {
    FORECAST_NEED,     /* an open need: specialty, trainee specialty in other,
                          window [from_week, to_week), weeks in value */
    FORECAST_BOOKING,  /* a booking holding a place: specialty, unit in
                          other, [from_week, to_week), full-time weeks */
    FORECAST_SEATS,    /* a capacity period: specialty, unit in other,
                          [from_week, to_week), seats a week */
    FORECAST_STARTS,   /* ST starts: trainee specialty, year, count */
    FORECAST_INTAKE,   /* entered intake: trainee specialty, year, count */
    FORECAST_PROFILE,  /* all rotation weeks of a trainee specialty's
                          trainees: trainee specialty, rotation specialty in
                          other, weeks in value */
    FORECAST_TRAINEES, /* trainees of a specialty now: specialty, count */
};

struct forecast_row {
    enum forecast_row_kind kind;
    int64_t specialty_id, other_id;
    int from_week, to_week, year;
    double value;
};

/* Every row of region's forecast, as of week now, to each. */
int store_forecast_rows(struct store *s, int64_t region_id, int now,
                        int (*each)(const struct forecast_row *, void *),
                        void *arg, struct err_info *ei);

/* Sets region's intake of specialty in year; trainees < 0 removes it (the
 * trend is used again). One transaction with its audit row. */
int store_forecast_intake_set(struct store *s, int64_t region_id,
                              int64_t specialty_id, int year, int trainees,
                              struct err_info *ei);

#endif
