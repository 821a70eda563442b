/*
 * The demo region: what demo_generate() writes, checked with SQL on the
 * database file itself. Each test makes its own temporary file, as
 * Criterion runs tests in parallel processes.
 */
#include <criterion/criterion.h>

#include "demo/demo.h"
#include "domain/pattern.h"
#include "domain/week.h"
#include "store/store.h"
#include "tmpdb.h"
#include "util/password.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TODAY ((struct date){2026, 11, 23})
#define SMALL 200

/* Active statuses: the ones that hold seats and the trainee's time. */
#define HELD "('requested', 'confirmed', 'completed')"

/* A fresh, empty temporary database path; the caller frees it. */
static char *db_path(void)
{
    char *path = malloc(64);
    tmpdb_path(path, 64, "test-demo");
    return path;
}

/* Removes a database file with its WAL and shared-memory files. */
static void db_remove(char *path)
{
    tmpdb_remove(path);
    free(path);
}

/* Generates a demo region into a new file and returns its path. */
static char *db_generate(uint64_t seed, int trainees)
{
    char *path = db_path();
    struct store *s = NULL;
    struct err_info ei = {0};
    struct demo_options opt = {seed, trainees, TODAY};
    cr_assert_eq(store_open(path, STORE_CREATE, &s, &ei), 0, "%s", ei.msg);
    int rc = demo_generate(s, &opt, &ei);
    cr_assert_eq(rc, 0, "demo_generate: %s (%s)", ei.msg, ei.field);
    store_close(s);
    return path;
}

static sqlite3 *db_open(const char *path)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
                 SQLITE_OK);
    return db;
}

/* The first column of the first row of sql as an integer. */
static int64_t q_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK,
                 "%s: %s", sql, sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sql);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static sqlite3_stmt *q_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK,
                 "%s: %s", sql, sqlite3_errmsg(db));
    return st;
}

/* The ISO week of a "YYYY-MM-DD" column. */
static int column_week(sqlite3_stmt *st, int col)
{
    struct date d;
    cr_assert_eq(date_parse((const char *)sqlite3_column_text(st, col), &d), 0);
    return week_from_date(d);
}

/* Every table's rows in order (not the schema bookkeeping), as one text. */
static char *db_dump(const char *path)
{
    sqlite3 *db = db_open(path);
    sqlite3_stmt *tables = q_prepare(
        db, "SELECT name FROM sqlite_master WHERE type = 'table' AND "
            "name NOT IN ('schema_version') AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name");
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1, 2",
                 (const char *)sqlite3_column_text(tables, 0));
        sqlite3_stmt *st = q_prepare(db, sql);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                const char *v = (const char *)sqlite3_column_text(st, i);
                /* A password hash has a random salt: the same password
                 * hashes differently each time (demo_users_verify below). */
                if (v && strncmp(v, "$argon2id$", 10) == 0)
                    v = "(argon2id hash)";
                size_t n = v ? strlen(v) : 4;
                if (len + n + 2 > cap)
                    out = realloc(out, cap *= 2);
                memcpy(out + len, v ? v : "NULL", n);
                len += n;
                out[len++] = '|';
            }
            out[len++] = '\n';
        }
        sqlite3_finalize(st);
    }
    out[len] = '\0';
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return out;
}

Test(demo, writes_a_database_that_passes_integrity_and_foreign_key_checks)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    sqlite3_stmt *st = q_prepare(db, "PRAGMA integrity_check");
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    st = q_prepare(db, "PRAGMA foreign_key_check");
    cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "a dangling reference in %s",
                 (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    db_remove(path);
}

/* Per unit and week of the capacity tables: seats and patterns allowed. */
struct grid {
    int w0, nweeks, nunits;
    int *seats, *occ;
    unsigned char *pats, *covered;
};

/* Loads every capacity row into g, failing on overlapping rows. */
static void grid_load(sqlite3 *db, struct grid *g)
{
    g->w0 = (int)q_int(db, "SELECT min(from_week) FROM capacity");
    g->nweeks = (int)q_int(db, "SELECT max(to_week) FROM capacity") - g->w0;
    g->nunits = (int)q_int(db, "SELECT max(id) FROM unit") + 1;
    size_t cells = (size_t)g->nunits * (size_t)g->nweeks;
    g->seats = calloc(cells, sizeof(int));
    g->occ = calloc(cells, sizeof(int));
    g->pats = calloc(cells, 1);
    g->covered = calloc(cells, 1);
    sqlite3_stmt *st = q_prepare(
        db,
        "SELECT unit_id, from_week, to_week, seats, patterns FROM capacity");
    while (sqlite3_step(st) == SQLITE_ROW) {
        int u = sqlite3_column_int(st, 0);
        for (int w = sqlite3_column_int(st, 1); w < sqlite3_column_int(st, 2);
             w++) {
            size_t k = (size_t)u * (size_t)g->nweeks + (size_t)(w - g->w0);
            cr_assert_eq(g->covered[k], 0, "capacity rows of unit %d overlap",
                         u);
            g->covered[k] = 1;
            g->seats[k] = sqlite3_column_int(st, 3);
            g->pats[k] = (unsigned char)sqlite3_column_int(st, 4);
        }
    }
    sqlite3_finalize(st);
}

static void grid_free(struct grid *g)
{
    free(g->seats);
    free(g->occ);
    free(g->pats);
    free(g->covered);
}

Test(demo, no_booking_exceeds_capacity_or_uses_a_pattern_not_allowed)
{
    char *path = db_generate(1, DEMO_TRAINEES_DEFAULT);
    sqlite3 *db = db_open(path);
    struct grid g;
    grid_load(db, &g);
    sqlite3_stmt *st = q_prepare(db, "SELECT id, unit_id, start_week, "
                                     "end_week, pattern FROM booking "
                                     "WHERE status IN " HELD);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0), u = sqlite3_column_int(st, 1);
        int start = sqlite3_column_int(st, 2), end = sqlite3_column_int(st, 3);
        enum pattern p;
        cr_assert_eq(
            pattern_parse((const char *)sqlite3_column_text(st, 4), &p), 0);
        for (int w = start; w < end; w++) {
            cr_assert(w >= g.w0 && w < g.w0 + g.nweeks,
                      "booking %d lies outside all capacity", id);
            size_t k = (size_t)u * (size_t)g.nweeks + (size_t)(w - g.w0);
            cr_assert(g.covered[k] && (g.pats[k] & PATTERN_BIT(p)),
                      "booking %d: pattern %s not allowed in week %d", id,
                      pattern_name(p), w);
            g.occ[k] += pattern_occupancy(p, w - start);
            cr_assert_leq(g.occ[k], 100 * g.seats[k],
                          "unit %d is overbooked in week %d", u, w);
        }
        n++;
    }
    cr_assert_gt(n, 1000, "too few bookings to mean anything: %d", n);
    sqlite3_finalize(st);
    grid_free(&g);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, no_primary_care_centre_has_more_trainees_away_than_max_away)
{
    char *path = db_generate(3, SMALL);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM unit WHERE kind = "
                           "'primary_care' AND max_away IS NULL"),
                 0);
    sqlite3_stmt *st = q_prepare(
        db, "SELECT u.id, u.max_away, b.start_week, b.end_week, b.pattern "
            "FROM booking b JOIN trainee t ON t.id = b.trainee_id "
            "JOIN unit u ON u.id = t.home_unit_id "
            "WHERE b.status IN " HELD " AND u.max_away IS NOT NULL");
    int w0 = (int)q_int(db, "SELECT min(start_week) FROM booking");
    int nweeks = (int)q_int(db, "SELECT max(end_week) FROM booking") - w0;
    int nunits = (int)q_int(db, "SELECT max(id) FROM unit") + 1;
    int *away = calloc((size_t)nunits * (size_t)nweeks, sizeof(int));
    while (sqlite3_step(st) == SQLITE_ROW) {
        int u = sqlite3_column_int(st, 0), max = sqlite3_column_int(st, 1);
        int start = sqlite3_column_int(st, 2);
        enum pattern p;
        pattern_parse((const char *)sqlite3_column_text(st, 4), &p);
        for (int w = start; w < sqlite3_column_int(st, 3); w++) {
            int *a = &away[(size_t)u * (size_t)nweeks + (size_t)(w - w0)];
            *a += pattern_occupancy(p, w - start);
            cr_assert_leq(*a, 100 * max, "unit %d: too many away in %d", u, w);
        }
    }
    sqlite3_finalize(st);
    free(away);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, no_trainee_has_two_active_bookings_at_once)
{
    char *path = db_generate(1, DEMO_TRAINEES_DEFAULT);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM booking a JOIN booking b "
                           "ON a.trainee_id = b.trainee_id AND a.id < b.id "
                           "WHERE a.status IN " HELD " AND b.status IN " HELD
                           " AND a.start_week < b.end_week "
                           "AND b.start_week < a.end_week"),
                 0);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, no_active_booking_overlaps_a_leave)
{
    char *path = db_generate(2, SMALL);
    sqlite3 *db = db_open(path);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM leave"), 0);
    sqlite3_stmt *st =
        q_prepare(db, "SELECT l.id, l.from_date, l.to_date, b.id, "
                      "b.start_week, b.end_week FROM leave l JOIN booking b "
                      "ON b.trainee_id = l.trainee_id "
                      "WHERE b.status IN " HELD);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int from = column_week(st, 1), to = column_week(st, 2);
        int start = sqlite3_column_int(st, 4), end = sqlite3_column_int(st, 5);
        cr_assert(end <= from || start > to, "booking %d overlaps leave %d",
                  sqlite3_column_int(st, 3), sqlite3_column_int(st, 0));
    }
    sqlite3_finalize(st);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM leave a JOIN leave b ON "
                           "a.trainee_id = b.trainee_id AND a.id < b.id "
                           "AND a.from_date <= b.to_date "
                           "AND b.from_date <= a.to_date"),
                 0, "one trainee's leaves overlap");
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, bookings_lie_within_the_training_and_match_their_length)
{
    char *path = db_generate(1, DEMO_TRAINEES_DEFAULT);
    sqlite3 *db = db_open(path);
    sqlite3_stmt *st = q_prepare(
        db, "SELECT b.id, t.start_date, t.planned_end, b.start_week, "
            "b.end_week, b.pattern, b.weeks, t.fte FROM booking b "
            "JOIN trainee t ON t.id = b.trainee_id WHERE b.status IN " HELD);
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0);
        int start = sqlite3_column_int(st, 3), end = sqlite3_column_int(st, 4);
        enum pattern p;
        pattern_parse((const char *)sqlite3_column_text(st, 5), &p);
        cr_assert_geq(start, column_week(st, 1), "booking %d starts early", id);
        cr_assert_leq(end - 1, column_week(st, 2), "booking %d ends late", id);
        cr_assert_eq(end - start,
                     pattern_len(p, sqlite3_column_int(st, 6),
                                 sqlite3_column_int(st, 7)),
                     "booking %d has the wrong length", id);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, booking_status_fits_today_and_need_status_fits_bookings)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    char sql[512];
    int tw = week_from_date(TODAY);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM booking WHERE (status = 'completed' AND "
             "end_week > %d) OR (status IN ('confirmed', 'requested') AND "
             "end_week <= %d)",
             tw, tw);
    cr_assert_eq(q_int(db, sql), 0);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM rotation_need n WHERE "
                           "(status = 'done') <> EXISTS (SELECT 1 FROM "
                           "booking b WHERE b.need_id = n.id AND "
                           "b.status = 'completed')"),
                 0, "done needs are exactly those with a completed booking");
    cr_assert_eq(
        q_int(db, "SELECT count(*) FROM rotation_need n WHERE "
                  "(status = 'open') <> NOT EXISTS (SELECT 1 FROM "
                  "booking b WHERE b.need_id = n.id AND b.status IN " HELD ")"),
        0, "open needs are exactly those with no active booking");
    cr_assert_eq(q_int(db,
                       "SELECT count(*) FROM booking b JOIN "
                       "rotation_need n ON n.id = b.need_id WHERE "
                       "b.trainee_id <> n.trainee_id OR b.weeks <> n.weeks"),
                 0);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, goals_of_needs_and_units_belong_to_the_right_regulation)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM need_goal ng "
                           "JOIN rotation_need n ON n.id = ng.need_id "
                           "JOIN trainee t ON t.id = n.trainee_id "
                           "JOIN goal g ON g.id = ng.goal_id "
                           "WHERE g.regulation <> t.regulation OR "
                           "(g.specialty_id IS NOT NULL AND "
                           "g.specialty_id <> t.specialty_id)"),
                 0, "a need lists a goal of another regulation or specialty");
    cr_assert_eq(q_int(db, "SELECT count(*) FROM rotation_need n WHERE NOT "
                           "EXISTS (SELECT 1 FROM need_goal g WHERE "
                           "g.need_id = n.id)"),
                 0, "every need names the goals it covers");
    cr_assert_eq(q_int(db, "SELECT count(*) FROM (SELECT unit_id FROM "
                           "unit_goal GROUP BY unit_id HAVING count(*) > 10)"),
                 0);
    cr_assert_gt(q_int(db, "SELECT count(DISTINCT unit_id) FROM unit_goal"),
                 50);
    /* Each regulation has its common goals and numbered ones. */
    cr_assert_eq(q_int(db, "SELECT count(*) FROM goal WHERE specialty_id IS "
                           "NULL AND regulation = '2021'"),
                 12, "STa1-7, STb1-4 and BT1");
    cr_assert_eq(q_int(db, "SELECT count(*) FROM goal WHERE grp = 'bt'"), 1);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM goal WHERE specialty_id IS "
                           "NULL AND regulation = '2015'"),
                 11);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM goal WHERE regulation = "
                           "'2008'"),
                 62 * 8 - 1);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, trainees_are_mid_training_under_the_regulation_of_their_start)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee WHERE start_date > "
                           "'2026-11-23' OR planned_end <= '2026-11-23'"),
                 0);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee WHERE start_date < "
                           "'2021-07-01' AND regulation <> '2015'"),
                 0, "a start before HSLF-FS 2021:8 means SOSFS 2015:8");
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee WHERE regulation = "
                           "'2008'"),
                 0);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM trainee WHERE regulation = "
                           "'2021'"),
                 SMALL / 2);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee t WHERE "
                           "(status = 'on_leave') <> EXISTS (SELECT 1 FROM "
                           "leave l WHERE l.trainee_id = t.id AND "
                           "l.from_date <= '2026-11-23' AND "
                           "'2026-11-23' <= l.to_date)"),
                 0, "on leave exactly when a leave covers today");
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee t JOIN supervisor s "
                           "ON s.id = t.supervisor_id WHERE s.unit_id <> "
                           "t.home_unit_id"),
                 0, "supervisors work at the trainee's home unit");
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee WHERE "
                           "supervisor_id IS NULL"),
                 0);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, some_bookings_are_declined_or_cancelled_with_a_reason)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM booking WHERE status = "
                           "'declined'"),
                 0);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM booking WHERE status = "
                           "'cancelled' AND cancel_reason IS NOT NULL"),
                 0);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM booking WHERE status = "
                           "'requested'"),
                 0);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM audit_log WHERE actor <> "
                           "'randa demo'"),
                 0);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, counts_follow_region_skane)
{
    char *path = db_generate(1, DEMO_TRAINEES_DEFAULT);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee"),
                 DEMO_TRAINEES_DEFAULT);
    int64_t gp = q_int(db, "SELECT count(*) FROM trainee t JOIN specialty s "
                           "ON s.id = t.specialty_id WHERE s.code = "
                           "'allmanmedicin'");
    double share = (double)gp / DEMO_TRAINEES_DEFAULT;
    cr_assert(share > 391.0 / 1378 - 0.02 && share < 391.0 / 1378 + 0.02,
              "allmänmedicin share %.3f", share);
    cr_assert_geq(q_int(db, "SELECT count(*) FROM unit"), 100);
    cr_assert_geq(q_int(db, "SELECT count(*) FROM area"), 4);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM site"), 9);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM unit u JOIN provider p ON "
                           "p.id = u.provider_id WHERE u.kind = "
                           "'primary_care' AND p.kind = 'private'"),
                 20);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM unit WHERE kind = "
                           "'training_node'"),
                 0);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM rotation_need WHERE "
                           "status = 'open'"),
                 100);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM unit WHERE area_id IS NULL"),
                 0);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, a_single_trainee_is_enough)
{
    char *path = db_generate(5, 1);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM trainee"), 1);
    cr_assert_geq(q_int(db, "SELECT count(*) FROM rotation_need"), 1);
    sqlite3_close(db);
    db_remove(path);
}

/* Seats of all gyn hospital clinics together in week w. */
static int64_t gyn_seats(sqlite3 *db, int w)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(sum(c.seats), 0) FROM capacity c JOIN unit u "
             "ON u.id = c.unit_id JOIN specialty s ON s.id = u.specialty_id "
             "WHERE s.code = 'obstetrik-och-gynekologi' AND u.kind = "
             "'hospital_clinic' AND c.from_week <= %d AND %d < c.to_week",
             w, w);
    return q_int(db, sql);
}

Test(demo, gyn_clinics_have_fewer_seats_in_summer)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    int years = 0;
    for (int y = TODAY.year - 6; y <= TODAY.year + 3; y++) {
        int spring, summer, autumn;
        week_from_iso(y, 20, &spring);
        week_from_iso(y, 30, &summer);
        week_from_iso(y, 40, &autumn);
        if (gyn_seats(db, spring) == 0 || gyn_seats(db, autumn) == 0)
            continue;
        cr_assert_lt(gyn_seats(db, summer), gyn_seats(db, spring), "%d", y);
        cr_assert_lt(gyn_seats(db, summer), gyn_seats(db, autumn), "%d", y);
        years++;
    }
    cr_assert_geq(years, 6);
    cr_assert_gt(q_int(db, "SELECT count(*) FROM capacity WHERE note = "
                           "'sommar'"),
                 0);
    sqlite3_close(db);
    db_remove(path);
}

Test(demo, same_options_give_identical_databases)
{
    char *a = db_generate(42, SMALL), *b = db_generate(42, SMALL);
    char *da = db_dump(a), *db = db_dump(b);
    cr_assert_gt(strlen(da), 100000);
    cr_assert(strcmp(da, db) == 0, "two runs with one seed differ");
    free(da);
    free(db);
    db_remove(a);
    db_remove(b);
}

Test(demo, another_seed_gives_another_database)
{
    char *a = db_generate(42, SMALL), *b = db_generate(43, SMALL);
    char *da = db_dump(a), *db = db_dump(b);
    cr_assert(strcmp(da, db) != 0);
    free(da);
    free(db);
    db_remove(a);
    db_remove(b);
}

Test(demo, ids_emails_and_names_are_well_formed)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    sqlite3_stmt *st = q_prepare(db, "SELECT hsa_id FROM unit UNION ALL "
                                     "SELECT hsa_id FROM person");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        size_t n = strlen(h);
        cr_assert(n >= 14 && n <= 31 && strncmp(h, "SE", 2) == 0 &&
                      h[12] == '-' && strspn(h + 2, "0123456789") == 10 &&
                      strspn(h + 13, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklm"
                                     "nopqrstuvwxyz0123456789") == n - 13,
                  "bad HSA-id %s", h);
    }
    sqlite3_finalize(st);
    st = q_prepare(db, "SELECT email FROM person");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *e = (const char *)sqlite3_column_text(st, 0);
        for (const char *p = e; *p; p++)
            cr_assert((unsigned char)*p < 128, "non-ASCII e-mail %s", e);
    }
    sqlite3_finalize(st);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM provider WHERE org_nr NOT "
                           "GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9]"
                           "[0-9][0-9]'"),
                 0);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM region WHERE code = "
                           "'skane'"),
                 1);
    sqlite3_close(db);
    db_remove(path);
}

/* Counts the rows of entity e through the store. */
static int64_t store_rows(struct store *s, enum store_entity e)
{
    int64_t n = -1;
    cr_assert_eq(store_count(s, e, &n, NULL), 0);
    return n;
}

Test(demo, refuses_a_bad_trainee_count_and_writes_nothing)
{
    char *path = db_path();
    struct store *s = NULL;
    struct err_info ei = {0};
    cr_assert_eq(store_open(path, STORE_CREATE, &s, &ei), 0);
    struct demo_options opt = {1, 0, TODAY};
    cr_assert_eq(demo_generate(s, &opt, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "trainees");
    opt.trainees = DEMO_TRAINEES_MAX + 1;
    cr_assert_eq(demo_generate(s, &opt, &ei), ERR_INVAL);
    opt.trainees = 10;
    opt.today = (struct date){2026, 2, 30};
    cr_assert_eq(demo_generate(s, &opt, &ei), ERR_INVAL);
    cr_assert_eq(store_rows(s, STORE_REGION), 0);
    cr_assert_eq(store_rows(s, STORE_SPECIALTY), 0);
    cr_assert_eq(store_rows(s, STORE_TRAINEE), 0);
    store_close(s);
    db_remove(path);
}

Test(demo, a_failure_midway_leaves_nothing_behind)
{
    char *path = db_path();
    struct store *s = NULL;
    struct err_info ei = {0};
    cr_assert_eq(store_open(path, STORE_CREATE, &s, &ei), 0);
    struct region r = {0, "skane", "Region Skåne"};
    cr_assert_eq(store_region_insert(s, &r, &ei), 0);
    struct demo_options opt = {1, SMALL, TODAY};
    cr_assert_eq(demo_generate(s, &opt, &ei), ERR_CONFLICT);
    cr_assert_eq(store_rows(s, STORE_REGION), 1);
    cr_assert_eq(store_rows(s, STORE_SPECIALTY), 0);
    cr_assert_eq(store_rows(s, STORE_GOAL), 0);
    cr_assert_eq(store_rows(s, STORE_TRAINEE), 0);
    cr_assert_eq(store_rows(s, STORE_AUDIT), 0);
    store_close(s);
    db_remove(path);
}

Test(demo, one_user_per_role_with_the_demo_password)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    sqlite3_stmt *st = q_prepare(
        db, "SELECT u.username, group_concat(DISTINCT r.role), u.password_hash "
            "FROM app_user u JOIN user_role r ON r.user_id = u.id "
            "GROUP BY u.id ORDER BY u.username");
    const char *want[][2] = {
        {"admin", "admin"},
        {"handledare", "supervisor"},
        {"samordnare", "coordinator"},
        {"st-lakare", "trainee"},
        {"studierektor", "director"},
        {"verksamhetschef", "unit_head"},
    };
    cr_assert_eq(password_init(), 0);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        cr_assert_lt(n, sizeof(want) / sizeof(want[0]));
        cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), want[n][0]);
        cr_assert_str_eq((const char *)sqlite3_column_text(st, 1), want[n][1]);
        const char *hash = (const char *)sqlite3_column_text(st, 2);
        cr_assert(password_verify(hash, DEMO_PASSWORD), "%s", want[n][0]);
        cr_assert_not(password_verify(hash, "randa-demo-2025"));
        n++;
    }
    cr_assert_eq(n, sizeof(want) / sizeof(want[0]));
    sqlite3_finalize(st);
    sqlite3_close(db);
    db_remove(path);
}

/* Issue 18 (scenarios' UI): two scenarios, not run, each with one change
 * of its kind, and nothing of theirs written as a booking. */
Test(demo, holds_two_scenarios_not_run)
{
    char *path = db_generate(1, SMALL);
    sqlite3 *db = db_open(path);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM scenario WHERE status = "
                           "'new' AND region_id = (SELECT id FROM region)"),
                 2);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM scenario_result"), 0);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM scenario s JOIN "
                           "scenario_change c ON c.scenario_id = s.id WHERE "
                           "s.name LIKE 'Två ST-tjänster till i psykiatri%' "
                           "AND c.kind = 'more_posts' AND c.body LIKE "
                           "'%\"extra\":2%'"),
                 1);
    cr_assert_eq(q_int(db, "SELECT count(*) FROM scenario s JOIN "
                           "scenario_change c ON c.scenario_id = s.id WHERE "
                           "s.name LIKE 'En gaffelgrupp till%' AND c.kind = "
                           "'add_group' AND c.body LIKE '%\"size\":3%'"),
                 1);
    sqlite3_close(db);
    db_remove(path);
}
