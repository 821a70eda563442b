/*
 * The demand forecast's rows and its intake (store/forecast.h).
 */
#include "store/forecast.h"

#include "domain/week.h"
#include "store/store_impl.h"

#include <jansson.h>
#include <stdlib.h>

/* The queries, one per kind, each selecting (specialty, other, from, to,
 * year, value); ?1 is the region, ?2 the week now. */
static const char *const forecast_sql[] = {
    [FORECAST_NEED] =
        "SELECT n.specialty_id, t.specialty_id, "
        "COALESCE(n.preferred_start, ?2), 0, t.planned_end, n.weeks "
        "FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id "
        "JOIN unit h ON h.id = t.home_unit_id "
        "WHERE h.region_id = ?1 AND ?2 = ?2 AND n.status = 'open' "
        "AND n.specialty_id IS NOT NULL "
        "AND t.status IN ('active', 'on_leave') ORDER BY n.id",
    [FORECAST_BOOKING] =
        "SELECT u.specialty_id, b.unit_id, b.start_week, b.end_week, '', "
        "b.weeks FROM booking b JOIN unit u ON u.id = b.unit_id "
        "WHERE u.region_id = ?1 AND b.end_week > ?2 "
        "AND b.status IN ('requested', 'confirmed') ORDER BY b.id",
    [FORECAST_SEATS] =
        "SELECT u.specialty_id, c.unit_id, c.from_week, c.to_week, '', "
        "c.seats FROM capacity c JOIN unit u ON u.id = c.unit_id "
        "WHERE u.region_id = ?1 AND c.to_week > ?2 AND u.takes_trainees = 1 "
        "ORDER BY c.id",
    [FORECAST_STARTS] =
        "SELECT t.specialty_id, 0, 0, 0, substr(t.start_date, 1, 4), "
        "count(*) FROM trainee t JOIN unit h ON h.id = t.home_unit_id "
        "WHERE h.region_id = ?1 AND ?2 = ?2 "
        "GROUP BY t.specialty_id, substr(t.start_date, 1, 4) "
        "ORDER BY 1, 5",
    [FORECAST_INTAKE] =
        "SELECT specialty_id, 0, 0, 0, CAST(year AS TEXT), trainees "
        "FROM forecast_intake WHERE region_id = ?1 AND ?2 = ?2 "
        "ORDER BY specialty_id, year",
    [FORECAST_PROFILE] =
        "SELECT t.specialty_id, n.specialty_id, 0, 0, '', sum(n.weeks) "
        "FROM rotation_need n JOIN trainee t ON t.id = n.trainee_id "
        "JOIN unit h ON h.id = t.home_unit_id "
        "WHERE h.region_id = ?1 AND ?2 = ?2 AND n.status <> 'waived' "
        "AND n.specialty_id IS NOT NULL "
        "GROUP BY t.specialty_id, n.specialty_id ORDER BY 1, 2",
    [FORECAST_TRAINEES] = "SELECT t.specialty_id, 0, 0, 0, '', count(*) "
                          "FROM trainee t JOIN unit h ON h.id = t.home_unit_id "
                          "WHERE h.region_id = ?1 AND ?2 = ?2 "
                          "GROUP BY t.specialty_id ORDER BY 1",
};

static int forecast_kind(struct store *s, enum forecast_row_kind kind,
                         int64_t region_id, int now,
                         int (*each)(const struct forecast_row *, void *),
                         void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, forecast_sql[kind], "li", region_id, now);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct forecast_row r = {.kind = kind};
        r.specialty_id = store__col_int64(st, 0);
        r.other_id = store__col_int64(st, 1);
        r.from_week = store__col_int(st, 2);
        r.to_week = store__col_int(st, 3);
        const char *text = store__col_text(st, 4);
        r.value = store__col_double(st, 5);
        if (kind == FORECAST_NEED) {
            /* The window ends with the trainee's planned end. */
            struct date d;
            r.to_week = text && date_parse(text, &d) == 0 ? week_from_date(d)
                                                          : r.from_week;
            if (r.from_week < now)
                r.from_week = now;
        } else if (kind == FORECAST_STARTS || kind == FORECAST_INTAKE) {
            r.year = text ? atoi(text) : 0;
        }
        rc = each(&r, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_forecast_rows(struct store *s, int64_t region_id, int now,
                        int (*each)(const struct forecast_row *, void *),
                        void *arg, struct err_info *ei)
{
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    for (int k = FORECAST_NEED; rc == 0 && k <= FORECAST_TRAINEES; k++)
        rc = forecast_kind(s, (enum forecast_row_kind)k, region_id, now, each,
                           arg, ei);
    store__read_end(s);
    return rc;
}

int store_forecast_intake_set(struct store *s, int64_t region_id,
                              int64_t specialty_id, int year, int trainees,
                              struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t n = 0;
    rc = store__count(s, ei, &n, "SELECT count(*) FROM region WHERE id = ?1",
                      "l", region_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_INVAL, "region_id", "region_id: no region %lld",
                     (long long)region_id);
    if (rc == 0)
        rc = store__count(s, ei, &n,
                          "SELECT count(*) FROM specialty WHERE id = ?1", "l",
                          specialty_id);
    if (rc == 0 && n == 0)
        rc =
            err_set(ei, ERR_INVAL, "specialty_id",
                    "specialty_id: no specialty %lld", (long long)specialty_id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM forecast_intake WHERE region_id = ?1 "
                         "AND specialty_id = ?2 AND year = ?3",
                         "lli", region_id, specialty_id, year);
    if (rc == 0 && trainees >= 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO forecast_intake (region_id, "
                         "specialty_id, year, trainees) VALUES (?1, ?2, ?3, "
                         "?4)",
                         "llii", region_id, specialty_id, year, trainees);
    if (rc == 0)
        rc = store__audit(
            s, "forecast_intake", trainees >= 0 ? "update" : "delete",
            region_id, NULL,
            json_pack("{s:I, s:I, s:i, s:o}", "region_id",
                      (json_int_t)region_id, "specialty_id",
                      (json_int_t)specialty_id, "year", year, "trainees",
                      trainees >= 0 ? json_integer(trainees) : json_null()),
            ei);
    return store__write_end(s, rc);
}
