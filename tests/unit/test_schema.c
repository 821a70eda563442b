/* The schema's own constraints refuse bad rows written with plain SQL,
 * bypassing the store's C validation, and accept the matching good rows. */
#include "store/store.h"
#include "util/embed.h"
#include "tmpdb.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char db_path[64];
static sqlite3 *db;

/* One column of a table and the SQL literal a default row gives it. */
struct column {
    const char *name;
    const char *value;
    int nullable;
};

/* A table and a valid row of it that fits on top of base_rows(). */
struct table {
    const char *name;
    const struct column *columns;
};

static const struct column region_row[] = {
    {"code", "'halland'", 0},
    {"name", "'Region Halland'", 0},
    {NULL, NULL, 0},
};

static const struct column provider_row[] = {
    {"name", "'Capio'", 0},
    {"org_nr", "'556677-8899'", 0},
    {"kind", "'private'", 0},
    {NULL, NULL, 0},
};

static const struct column specialty_row[] = {
    {"code", "'ortopedi'", 0},        {"name_sv", "'Ortopedi'", 0},
    {"name_en", "'Orthopaedics'", 0}, {"kind", "'bas'", 0},
    {"parent_id", "NULL", 1},         {NULL, NULL, 0},
};

static const struct column goal_row[] = {
    {"regulation", "'2021'", 0},
    {"specialty_id", "1", 1},
    {"code", "'STc1'", 0},
    {"title", "'Delmål STc1'", 0},
    {NULL, NULL, 0},
};

static const struct column unit_row[] = {
    {"region_id", "1", 0},
    {"provider_id", "1", 0},
    {"site_id", "NULL", 1},
    {"area_id", "NULL", 1},
    {"specialty_id", "1", 0},
    {"name", "'Vårdcentralen Ystad'", 0},
    {"hsa_id", "'SE2321000255-B2'", 0},
    {"kind", "'primary_care'", 0},
    {"takes_trainees", "1", 0},
    {"max_away", "NULL", 1},
    {NULL, NULL, 0},
};

static const struct column person_row[] = {
    {"name", "'Cecilia Ek'", 0},
    {"email", "'cecilia@example.se'", 0},
    {"hsa_id", "NULL", 1},
    {NULL, NULL, 0},
};

static const struct column trainee_row[] = {
    {"person_id", "2", 0},
    {"specialty_id", "1", 0},
    {"regulation", "'2021'", 0},
    {"home_unit_id", "1", 0},
    {"supervisor_id", "NULL", 1},
    {"start_date", "'2025-09-01'", 0},
    {"fte", "100", 0},
    {"planned_end", "'2030-08-31'", 0},
    {"status", "'active'", 0},
    {NULL, NULL, 0},
};

static const struct column leave_row[] = {
    {"trainee_id", "1", 0},
    {"from_date", "'2026-03-01'", 0},
    {"to_date", "'2026-08-31'", 0},
    {"kind", "'parental'", 0},
    {NULL, NULL, 0},
};

static const struct column need_row[] = {
    {"trainee_id", "1", 0},
    {"specialty_id", "1", 1},
    {"weeks", "12", 0},
    {"patterns", "1", 0},
    {"preferred_start", "NULL", 1},
    {"status", "'open'", 0},
    {NULL, NULL, 0},
};

static const struct column capacity_row[] = {
    {"unit_id", "1", 0}, {"from_week", "2900", 0}, {"to_week", "2952", 0},
    {"seats", "2", 0},   {"patterns", "31", 0},    {"note", "''", 0},
    {NULL, NULL, 0},
};

static const struct column booking_row[] = {
    {"trainee_id", "1", 0},
    {"need_id", "NULL", 1},
    {"unit_id", "1", 0},
    {"start_week", "2900", 0},
    {"end_week", "2912", 0},
    {"pattern", "'full'", 0},
    {"weeks", "12", 0},
    {"status", "'confirmed'", 0},
    {"cancel_reason", "NULL", 1},
    {"created_at", "'2026-11-23T10:00:00Z'", 0},
    {"updated_at", "'2026-11-23T10:00:00Z'", 0},
    {NULL, NULL, 0},
};

static const struct column audit_row[] = {
    {"at", "'2026-11-23T10:00:00Z'", 0}, {"actor", "'randa demo'", 0},
    {"entity", "'booking'", 0},          {"entity_id", "1", 0},
    {"action", "'insert'", 0},           {"before_json", "NULL", 1},
    {"after_json", "'{}'", 1},           {NULL, NULL, 0},
};

static const struct table tables[] = {
    {"region", region_row},       {"provider", provider_row},
    {"specialty", specialty_row}, {"goal", goal_row},
    {"unit", unit_row},           {"person", person_row},
    {"trainee", trainee_row},     {"leave", leave_row},
    {"rotation_need", need_row},  {"capacity", capacity_row},
    {"booking", booking_row},     {"audit_log", audit_row},
};

#define TABLE_COUNT (sizeof(tables) / sizeof(tables[0]))

/* The parents the default rows refer to: every id is 1 (and person 2). */
static const char base_sql[] =
    "INSERT INTO region (id, code, name) VALUES (1, 'skane', 'Region Skåne');"
    "INSERT INTO provider (id, name, org_nr, kind)"
    " VALUES (1, 'Region Skåne', '232100-0255', 'public');"
    "INSERT INTO specialty (id, code, name_sv, name_en, kind, parent_id)"
    " VALUES (1, 'allmanmedicin', 'Allmänmedicin', 'General practice',"
    " 'bas', NULL);"
    "INSERT INTO specialty (id, code, name_sv, name_en, kind, parent_id)"
    " VALUES (2, 'kirurgi', 'Kirurgi', 'Surgery', 'bas', NULL);"
    "INSERT INTO unit (id, region_id, provider_id, specialty_id, name, hsa_id,"
    " kind) VALUES (1, 1, 1, 1, 'Vårdcentralen Lund', 'SE2321000255-A1',"
    " 'primary_care');"
    "INSERT INTO person (id, name, email) VALUES (1, 'Anna Ek',"
    " 'anna@example.se');"
    "INSERT INTO person (id, name, email) VALUES (2, 'Bo Berg',"
    " 'bo@example.se');"
    "INSERT INTO trainee (id, person_id, specialty_id, regulation,"
    " home_unit_id, start_date, fte, planned_end, status)"
    " VALUES (1, 1, 1, '2021', 1, '2025-09-01', 100, '2030-08-31', 'active');";

static void remove_db(void)
{
    tmpdb_remove(db_path);
}

/* Creates a fresh store file and opens it with the raw SQLite API. */
static void open_fresh(void)
{
    tmpdb_path(db_path, sizeof(db_path), "schema");
    struct store *s = NULL;
    struct err_info ei;
    err_clear(&ei);
    cr_assert_eq(store_open(db_path, STORE_CREATE, &s, &ei), 0, "%s", ei.msg);
    store_close(s);
    cr_assert_eq(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_extended_result_codes(db, 1);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL),
                 SQLITE_OK);
}

static void close_and_remove(void)
{
    sqlite3_close(db);
    db = NULL;
    remove_db();
}

TestSuite(schema, .init = open_fresh, .fini = close_and_remove);

/* Runs every statement of sql; returns the extended code of the first
 * failure, or SQLITE_OK. */
static int run(const char *sql)
{
    const char *tail = sql;
    while (tail && *tail) {
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(db, tail, -1, &st, &tail);
        if (rc != SQLITE_OK)
            return sqlite3_extended_errcode(db);
        if (!st)
            continue;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return sqlite3_extended_errcode(db);
    }
    return SQLITE_OK;
}

static void run_ok(const char *sql)
{
    int rc = run(sql);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
}

static void base_rows(void)
{
    run_ok(base_sql);
}

static const struct table *table_find(const char *name)
{
    for (size_t i = 0; i < TABLE_COUNT; i++)
        if (strcmp(tables[i].name, name) == 0)
            return &tables[i];
    cr_assert_fail("no default row for table %s", name);
    return NULL;
}

/*
 * Writes into sql an INSERT of the default row of table with the columns
 * named in ap (pairs of column name and SQL literal, ending with NULL)
 * changed.
 */
static void insert_sql(char *sql, size_t size, const char *table, va_list ap)
{
    const char *names[16], *values[16];
    size_t n = 0;
    const char *name;
    while ((name = va_arg(ap, const char *)) != NULL) {
        cr_assert(n < 16);
        names[n] = name;
        values[n] = va_arg(ap, const char *);
        n++;
    }
    const struct table *t = table_find(table);
    char cols[1024] = "", vals[1024] = "";
    size_t used = 0;
    for (const struct column *c = t->columns; c->name; c++) {
        const char *value = c->value;
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], c->name) == 0)
                value = values[i], used++;
        const char *sep = c == t->columns ? "" : ", ";
        strcat(strcat(cols, sep), c->name);
        strcat(strcat(vals, sep), value);
    }
    cr_assert_eq(used, n, "a changed column is not in table %s", table);
    snprintf(sql, size, "INSERT INTO %s (%s) VALUES (%s)", table, cols, vals);
}

/* Inserts the default row of table, with columns changed, and keeps it. */
static __attribute__((sentinel)) void add(const char *table, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, table);
    insert_sql(sql, sizeof(sql), table, ap);
    va_end(ap);
    run_ok(sql);
}

/* Asserts that the default row of table, with columns changed, is accepted;
 * the row is then undone so that it does not affect later statements. */
static __attribute__((sentinel)) void accepts(const char *table, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, table);
    insert_sql(sql, sizeof(sql), table, ap);
    va_end(ap);
    run_ok("SAVEPOINT probe");
    int rc = run(sql);
    cr_assert_eq(rc, SQLITE_OK, "accepts %s: %s", sql, sqlite3_errmsg(db));
    run_ok("ROLLBACK TO probe; RELEASE probe");
}

/* Asserts that the default row of table, with columns changed, is refused
 * with the extended result code want. */
static __attribute__((sentinel)) void refuses(int want, const char *table, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, table);
    insert_sql(sql, sizeof(sql), table, ap);
    va_end(ap);
    int rc = run(sql);
    cr_assert_eq(rc, want, "refuses %s: got %d (%s), want %d", sql, rc,
                 sqlite3_errmsg(db), want);
}

/* Asserts that sql fails with the extended result code want. */
static void statement_refused(int want, const char *sql)
{
    int rc = run(sql);
    cr_assert_eq(rc, want, "%s: got %d (%s), want %d", sql, rc,
                 sqlite3_errmsg(db), want);
}

static int64_t count_rows(const char *sql)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sqlite3_errmsg(db));
    int64_t n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* The store file and its opening */

Test(schema, fresh_store_has_no_foreign_key_violations_or_mismatches)
{
    /* foreign_key_check also fails if a REFERENCES names a missing table or
     * a parent column that is not a key. */
    sqlite3_stmt *st = NULL;
    cr_assert_eq(
        sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL),
        SQLITE_OK, "%s", sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    base_rows();
    cr_assert_eq(
        sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL),
        SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_DONE, "%s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
}

/* The migrations of both dialects, embedded at build time (meson.build). */
extern const struct embed_file store_migrations[];
extern const size_t store_migrations_count;
extern const struct embed_file store_pg_migrations[];
extern const size_t store_pg_migrations_count;

/* A schema version means the same in both databases: /healthz and randa
 * migrate compare a database's version with store_migration_count(). */
Test(schema, both_dialects_carry_the_same_migrations_in_the_same_order)
{
    cr_assert_eq(store_pg_migrations_count, store_migrations_count);
    cr_assert_eq(store_migration_count(),
                 atoi(store_migrations[store_migrations_count - 1].name));
    for (size_t i = 0; i < store_migrations_count; i++)
        cr_assert_str_eq(store_pg_migrations[i].name, store_migrations[i].name);
}

Test(schema, fresh_store_file_is_in_wal_mode)
{
    sqlite3_stmt *st = NULL;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
                 SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
}

Test(schema, reopening_applies_each_migration_exactly_once)
{
    for (int i = 0; i < 2; i++) {
        struct store *s = NULL;
        struct err_info ei;
        err_clear(&ei);
        cr_assert_eq(store_open(db_path, 0, &s, &ei), 0, "%s", ei.msg);
        int version = 0;
        cr_assert_eq(store_schema_version(s, &version), 0);
        cr_assert_eq(version, store_migration_count());
        store_close(s);
    }
    cr_assert_gt(store_migration_count(), 0);
    cr_assert_eq(count_rows("SELECT count(*) FROM schema_version"),
                 (int)store_migrations_count);
    cr_assert_eq(count_rows("SELECT count(DISTINCT version) FROM "
                            "schema_version"),
                 (int)store_migrations_count);
    cr_assert_eq(count_rows("SELECT max(version) FROM schema_version"),
                 store_migration_count());
}

Test(schema, store_refuses_a_database_newer_than_the_binary)
{
    char sql[200];
    snprintf(sql, sizeof(sql),
             "INSERT INTO schema_version (version, name, applied_at)"
             " VALUES (%d, 'future.sql', '2030-01-01T00:00:00Z')",
             store_migration_count() + 1);
    run_ok(sql);
    struct store *s = NULL;
    struct err_info ei;
    err_clear(&ei);
    cr_assert_eq(store_open(db_path, 0, &s, &ei), ERR_INVAL);
    cr_assert_null(s);
    cr_assert_eq(store_open(db_path, STORE_CREATE, &s, &ei), ERR_INVAL);
    cr_assert_null(s);
}

/* Required columns */

Test(schema, required_columns_refuse_null)
{
    base_rows();
    for (size_t i = 0; i < TABLE_COUNT; i++) {
        for (const struct column *c = tables[i].columns; c->name; c++) {
            if (c->nullable)
                continue;
            refuses(SQLITE_CONSTRAINT_NOTNULL, tables[i].name, c->name, "NULL",
                    NULL);
        }
        accepts(tables[i].name, NULL);
    }
}

/* Reference data */

Test(schema, region_code_is_unique)
{
    add("region", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "region", "name", "'Another'", NULL);
    accepts("region", "code", "'blekinge'", NULL);
}

Test(schema, provider_kind_is_public_or_private)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "kind", "'municipal'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "kind", "'Private'", NULL);
    accepts("provider", "kind", "'public'", NULL);
    accepts("provider", "kind", "'private'", NULL);
}

Test(schema, provider_org_nr_is_six_digits_dash_four_digits)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'5566778899'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'55667788999'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'55667-78899'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'5566778-899'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'556677-88999'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'556677-889'",
            NULL);
    accepts("provider", "org_nr", "'556677-8899'", NULL);
}

Test(schema, provider_org_nr_is_unique)
{
    add("provider", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "provider", "name", "'Other AB'", NULL);
    accepts("provider", "org_nr", "'556000-0001'", NULL);
}

Test(schema, specialty_kind_is_bas_gren_or_tillagg)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "specialty", "kind", "'basic'", NULL);
    accepts("specialty", "kind", "'bas'", NULL);
    accepts("specialty", "kind", "'tillagg'", NULL);
}

Test(schema, specialty_gren_requires_a_parent)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "specialty", "kind", "'gren'", NULL);
    accepts("specialty", "kind", "'gren'", "parent_id", "2", NULL);
}

Test(schema, specialty_bas_has_no_parent)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "specialty", "kind", "'bas'", "parent_id",
            "2", NULL);
    accepts("specialty", "kind", "'bas'", NULL);
}

Test(schema, specialty_parent_must_exist)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "specialty", "kind", "'gren'",
            "parent_id", "99", NULL);
}

Test(schema, goal_regulation_is_2008_2015_or_2021)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "goal", "regulation", "'2019'", NULL);
    accepts("goal", "regulation", "'2008'", NULL);
    accepts("goal", "regulation", "'2015'", NULL);
    accepts("goal", "regulation", "'2021'", NULL);
}

Test(schema, goal_code_is_unique_per_regulation_and_specialty)
{
    base_rows();
    add("goal", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "goal", "title", "'Again'", NULL);
    accepts("goal", "regulation", "'2015'", NULL);
    accepts("goal", "specialty_id", "2", NULL);
    accepts("goal", "code", "'STc2'", NULL);
}

Test(schema, common_goal_code_is_unique_per_regulation)
{
    base_rows();
    add("goal", "specialty_id", "NULL", "code", "'STa1'", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "goal", "specialty_id", "NULL", "code",
            "'STa1'", NULL);
    accepts("goal", "specialty_id", "NULL", "code", "'STa1'", "regulation",
            "'2015'", NULL);
    accepts("goal", "specialty_id", "1", "code", "'STa1'", NULL);
}

/* Units */

Test(schema, unit_hsa_id_starts_with_se)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "hsa_id", "'XX2321000255-B2'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "hsa_id", "'se2321000255-B2'",
            NULL);
    accepts("unit", "hsa_id", "'SE2321000255-B2'", NULL);
}

Test(schema, unit_hsa_id_has_a_dash_at_position_13)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "hsa_id", "'SE23210002550B2'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "hsa_id", "'SE232100025-5B2'",
            NULL);
    accepts("unit", "hsa_id", "'SE2321000255-B'", NULL);
}

Test(schema, unit_hsa_id_is_14_to_31_characters)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "hsa_id", "'SE2321000255-'", NULL);
    /* 12 + "-" + 19 = 32 characters */
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "hsa_id",
            "'SE2321000255-1234567890123456789'", NULL);
    accepts("unit", "hsa_id", "'SE2321000255-123456789012345678'", NULL);
}

Test(schema, unit_hsa_id_is_unique)
{
    base_rows();
    add("unit", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "unit", "name", "'Another'", NULL);
    accepts("unit", "hsa_id", "'SE2321000255-B3'", NULL);
}

Test(schema, unit_kind_is_one_of_four)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "kind", "'hospital'", NULL);
    accepts("unit", "kind", "'primary_care'", NULL);
    accepts("unit", "kind", "'hospital_clinic'", NULL);
    accepts("unit", "kind", "'private_clinic'", NULL);
    accepts("unit", "kind", "'training_node'", NULL);
}

Test(schema, unit_takes_trainees_is_0_or_1)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "takes_trainees", "2", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "takes_trainees", "-1", NULL);
    refuses(SQLITE_CONSTRAINT_DATATYPE, "unit", "takes_trainees", "'yes'",
            NULL);
    accepts("unit", "takes_trainees", "0", NULL);
    accepts("unit", "takes_trainees", "1", NULL);
}

Test(schema, unit_max_away_is_0_to_1000_or_null)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "max_away", "-1", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "unit", "max_away", "1001", NULL);
    accepts("unit", "max_away", "0", NULL);
    accepts("unit", "max_away", "1000", NULL);
    accepts("unit", "max_away", "NULL", NULL);
}

Test(schema, unit_refuses_unknown_provider_specialty_region_site_or_area)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "unit", "provider_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "unit", "specialty_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "unit", "region_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "unit", "site_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "unit", "area_id", "99", NULL);
    accepts("unit", NULL);
}

Test(schema, unit_referenced_by_a_trainee_cannot_be_deleted)
{
    base_rows();
    add("unit", NULL);
    statement_refused(SQLITE_CONSTRAINT_FOREIGNKEY,
                      "DELETE FROM unit WHERE id = 1");
    cr_assert_eq(count_rows("SELECT count(*) FROM unit WHERE id = 1"), 1);
    run_ok("DELETE FROM unit WHERE hsa_id = 'SE2321000255-B2'");
}

/* People */

Test(schema, person_email_is_unique)
{
    add("person", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "person", "name", "'Other'", NULL);
    accepts("person", "email", "'other@example.se'", NULL);
}

Test(schema, person_email_has_text_on_both_sides_of_an_at)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "email", "'bo.example.se'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "email", "'@example.se'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "email", "'bo@'", NULL);
    accepts("person", "email", "'b@e'", NULL);
}

Test(schema, person_hsa_id_is_unique_when_given)
{
    add("person", "hsa_id", "'SE2321000255-P1'", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "person", "email", "'o@example.se'",
            "hsa_id", "'SE2321000255-P1'", NULL);
    accepts("person", "email", "'o@example.se'", "hsa_id", "'SE2321000255-P2'",
            NULL);
    add("person", "email", "'n1@example.se'", NULL);
    accepts("person", "email", "'n2@example.se'", "hsa_id", "NULL", NULL);
}

Test(schema, person_hsa_id_starts_with_se)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "hsa_id", "'XX2321000255-P1'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "hsa_id", "'SE23'", NULL);
    accepts("person", "hsa_id", "'SE2321000255-P1'", NULL);
}

/* Trainees */

Test(schema, trainee_fte_is_1_to_100)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "fte", "0", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "fte", "101", NULL);
    accepts("trainee", "fte", "1", NULL);
    accepts("trainee", "fte", "100", NULL);
}

Test(schema, trainee_regulation_is_2008_2015_or_2021)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "regulation", "'2022'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "regulation", "2021.5", NULL);
    accepts("trainee", "regulation", "'2008'", NULL);
    accepts("trainee", "regulation", "'2015'", NULL);
}

Test(schema, trainee_status_is_one_of_four)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "status", "'paused'", NULL);
    accepts("trainee", "status", "'active'", NULL);
    accepts("trainee", "status", "'on_leave'", NULL);
    accepts("trainee", "status", "'completed'", NULL);
    accepts("trainee", "status", "'left'", NULL);
}

Test(schema, trainee_planned_end_is_after_start)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "planned_end", "'2025-09-01'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "planned_end", "'2025-08-31'",
            NULL);
    accepts("trainee", "planned_end", "'2025-09-02'", NULL);
}

Test(schema, trainee_dates_are_written_yyyy_mm_dd)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "start_date", "'2025-9-01'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "start_date", "'2025/09/01'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "planned_end",
            "'2030-08-31T00:00'", NULL);
    accepts("trainee", "start_date", "'2025-09-01'", NULL);
}

Test(schema, trainee_refuses_unknown_home_unit_person_or_specialty)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "trainee", "home_unit_id", "99",
            NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "trainee", "person_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "trainee", "specialty_id", "99",
            NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "trainee", "supervisor_id", "99",
            NULL);
    accepts("trainee", NULL);
}

Test(schema, trainee_is_unique_per_person_and_specialty)
{
    base_rows();
    add("trainee", NULL);
    refuses(SQLITE_CONSTRAINT_UNIQUE, "trainee", "regulation", "'2015'", NULL);
    accepts("trainee", "specialty_id", "2", NULL);
}

Test(schema, deleting_a_trainee_deletes_its_leaves)
{
    base_rows();
    add("trainee", NULL); /* id 2 */
    add("leave", NULL);
    add("leave", "from_date", "'2027-01-01'", "to_date", "'2027-01-31'", NULL);
    add("leave", "trainee_id", "2", NULL);
    run_ok("DELETE FROM trainee WHERE id = 1");
    cr_assert_eq(count_rows("SELECT count(*) FROM leave WHERE trainee_id = 1"),
                 0);
    cr_assert_eq(count_rows("SELECT count(*) FROM leave"), 1);
}

/* Leaves */

Test(schema, leave_ends_on_or_after_its_start)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "leave", "to_date", "'2026-02-28'", NULL);
    accepts("leave", "to_date", "'2026-03-01'", NULL);
}

Test(schema, leave_kind_is_one_of_four)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "leave", "kind", "'vacation'", NULL);
    accepts("leave", "kind", "'parental'", NULL);
    accepts("leave", "kind", "'sick'", NULL);
    accepts("leave", "kind", "'leave_of_absence'", NULL);
    accepts("leave", "kind", "'other'", NULL);
}

Test(schema, leave_refuses_unknown_trainee)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "leave", "trainee_id", "99", NULL);
}

/* Rotation needs */

Test(schema, need_weeks_is_1_to_104)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "rotation_need", "weeks", "0", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "rotation_need", "weeks", "105", NULL);
    accepts("rotation_need", "weeks", "1", NULL);
    accepts("rotation_need", "weeks", "104", NULL);
}

Test(schema, need_patterns_is_a_non_empty_set_of_five_bits)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "rotation_need", "patterns", "0", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "rotation_need", "patterns", "32", NULL);
    accepts("rotation_need", "patterns", "1", NULL);
    accepts("rotation_need", "patterns", "31", NULL);
}

Test(schema, need_status_is_one_of_four)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "rotation_need", "status", "'cancelled'",
            NULL);
    accepts("rotation_need", "status", "'open'", NULL);
    accepts("rotation_need", "status", "'booked'", NULL);
    accepts("rotation_need", "status", "'done'", NULL);
    accepts("rotation_need", "status", "'waived'", NULL);
}

/* Capacity */

Test(schema, capacity_period_ends_after_it_starts)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "capacity", "to_week", "2900", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "capacity", "to_week", "2899", NULL);
    accepts("capacity", "to_week", "2901", NULL);
}

Test(schema, capacity_seats_is_0_to_1000)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "capacity", "seats", "-1", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "capacity", "seats", "1001", NULL);
    accepts("capacity", "seats", "0", NULL);
    accepts("capacity", "seats", "1000", NULL);
}

/* Bookings */

Test(schema, booking_pattern_is_one_of_five)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "pattern", "'quarter'", NULL);
    accepts("booking", "pattern", "'full'", NULL);
    accepts("booking", "pattern", "'split4'", NULL);
    accepts("booking", "pattern", "'split3'", NULL);
    accepts("booking", "pattern", "'half'", NULL);
    accepts("booking", "pattern", "'alternate'", NULL);
}

Test(schema, booking_weeks_is_1_to_104)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "weeks", "0", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "weeks", "105", NULL);
    accepts("booking", "weeks", "1", NULL);
    accepts("booking", "weeks", "104", NULL);
}

Test(schema, booking_status_is_one_of_five)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "status", "'pending'", NULL);
    accepts("booking", "status", "'requested'", NULL);
    accepts("booking", "status", "'confirmed'", NULL);
    accepts("booking", "status", "'declined'", NULL);
    accepts("booking", "status", "'completed'", NULL);
}

Test(schema, booking_ends_after_it_starts)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "end_week", "2900", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "end_week", "2899", NULL);
    accepts("booking", "end_week", "2901", NULL);
}

Test(schema, cancelled_booking_requires_a_cancel_reason)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "status", "'cancelled'", NULL);
    accepts("booking", "status", "'cancelled'", "cancel_reason", "'sick_leave'",
            NULL);
}

Test(schema, booking_not_cancelled_has_no_cancel_reason)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "status", "'confirmed'",
            "cancel_reason", "'changed_plan'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "status", "'requested'",
            "cancel_reason", "'other'", NULL);
    accepts("booking", "status", "'confirmed'", NULL);
}

Test(schema, booking_cancelled_by_update_requires_a_cancel_reason)
{
    base_rows();
    add("booking", NULL);
    statement_refused(SQLITE_CONSTRAINT_CHECK,
                      "UPDATE booking SET status = 'cancelled'");
    statement_refused(SQLITE_CONSTRAINT_CHECK,
                      "UPDATE booking SET cancel_reason = 'other'");
    run_ok("UPDATE booking SET status = 'cancelled', cancel_reason = 'other'");
    statement_refused(SQLITE_CONSTRAINT_CHECK,
                      "UPDATE booking SET status = 'confirmed'");
}

Test(schema, booking_cancel_reason_is_one_of_four)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "status", "'cancelled'",
            "cancel_reason", "'bored'", NULL);
    accepts("booking", "status", "'cancelled'", "cancel_reason", "'sick_leave'",
            NULL);
    accepts("booking", "status", "'cancelled'", "cancel_reason",
            "'parental_leave'", NULL);
    accepts("booking", "status", "'cancelled'", "cancel_reason",
            "'changed_plan'", NULL);
    accepts("booking", "status", "'cancelled'", "cancel_reason", "'other'",
            NULL);
}

Test(schema, booking_timestamps_are_iso_8601_utc)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "created_at",
            "'2026-11-23 10:00:00'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "created_at",
            "'2026-11-23T10:00:00+01:00'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "updated_at", "'2026-11-23'",
            NULL);
    accepts("booking", "created_at", "'2026-11-23T10:00:00Z'", "updated_at",
            "'2026-11-24T09:30:00Z'", NULL);
}

Test(schema, booking_refuses_unknown_trainee_unit_or_need)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "booking", "trainee_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "booking", "unit_id", "99", NULL);
    refuses(SQLITE_CONSTRAINT_FOREIGNKEY, "booking", "need_id", "99", NULL);
}

/* Audit log */

Test(schema, audit_action_is_insert_update_or_delete)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "audit_log", "action", "'upsert'", NULL);
    accepts("audit_log", "action", "'insert'", NULL);
    accepts("audit_log", "action", "'update'", NULL);
    accepts("audit_log", "action", "'delete'", NULL);
}

Test(schema, audit_row_has_a_before_or_an_after)
{
    refuses(SQLITE_CONSTRAINT_CHECK, "audit_log", "after_json", "NULL", NULL);
    accepts("audit_log", "before_json", "'{}'", "after_json", "NULL", NULL);
    accepts("audit_log", "before_json", "NULL", "after_json", "'{}'", NULL);
    accepts("audit_log", "before_json", "'{}'", "after_json", "'{}'", NULL);
}

Test(schema, strict_tables_refuse_a_value_of_the_wrong_type)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_DATATYPE, "trainee", "fte", "50.5", NULL);
    refuses(SQLITE_CONSTRAINT_DATATYPE, "booking", "weeks", "1.5", NULL);
    refuses(SQLITE_CONSTRAINT_DATATYPE, "capacity", "seats", "'two'", NULL);
}

Test(schema, dates_must_be_real_calendar_dates)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "start_date", "'2025-13-45'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "trainee", "start_date", "'zzzz-zz-zz'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "leave", "from_date", "'2023-02-29'",
            NULL);
    accepts("leave", "from_date", "'2024-02-29'", "to_date", "'2024-03-01'",
            NULL);
}

Test(schema, timestamps_must_be_utc_iso_8601)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "created_at",
            "'2026-11-23t10:00:00z'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "booking", "created_at",
            "'abcd-ef-ghTij:kl:mnZ'", NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "audit_log", "at",
            "'2026-11-23T25:00:00Z'", NULL);
}

Test(schema, org_nr_is_digits_around_a_hyphen)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "provider", "org_nr", "'abcdef-ghij'",
            NULL);
}

Test(schema, person_hsa_id_has_the_same_shape_as_a_units)
{
    base_rows();
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "hsa_id", "'SE23210002550P1'",
            NULL);
    refuses(SQLITE_CONSTRAINT_CHECK, "person", "hsa_id", "'SE2321000255-Pö'",
            NULL);
    accepts("person", "hsa_id", "'SE2321000255-P1'", NULL);
}
