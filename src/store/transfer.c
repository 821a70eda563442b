/*
 * The region file (store/transfer.h): every table Randa exports described
 * once, with its columns, its key and its statements, the tables it
 * leaves out, and the check of a database's tables against both lists.
 * The export (transfer_export.c) and the import (transfer_import.c) read
 * the descriptions, so that a table added to the file is a description
 * added here.
 *
 * Keys. A row with a natural key (a code, an HSA-id, an e-mail, a user
 * name, or a unique combination such as a trainee's person and specialty)
 * is named by it: one column's value, or an array of the values of
 * several. A row without one is named by its parent and its place among
 * the parent's rows of that table: [parent's key, n], n counting from 1
 * in the order of the row's own columns (a booking's start week first),
 * rows alike in every column in the order they were made. The logs
 * (audit_log, auth_event) are sequences: n alone, in the order written.
 * A reference is the key of the row it names.
 *
 * Ids inside the JSON an education plan's approved versions and the
 * certificates' signatures keep are written as keys as well, so that the
 * history and the signatures name the same rows after a move; an id whose
 * row no longer exists is written {"id": N} and imported as -N, an id no
 * row has, so that it stays one and the same while naming nothing.
 */
#include "store/transfer_impl.h"

#include <stdlib.h>
#include <string.h>

#define C_TEXT(c)                                                              \
    {                                                                          \
        c, c, RJ_TEXT, 0, 0                                                    \
    }
#define C_TEXTN(c)                                                             \
    {                                                                          \
        c, c, RJ_TEXT, RJ_NULL, 0                                              \
    }
#define C_INT(c)                                                               \
    {                                                                          \
        c, c, RJ_INT, 0, 0                                                     \
    }
#define C_INTN(c)                                                              \
    {                                                                          \
        c, c, RJ_INT, RJ_NULL, 0                                               \
    }
#define C_REF(c, f, t)                                                         \
    {                                                                          \
        c, f, RJ_REF, 0, t                                                     \
    }
#define C_REFN(c, f, t)                                                        \
    {                                                                          \
        c, f, RJ_REF, RJ_NULL, t                                               \
    }
#define C_WHO(c, f)                                                            \
    {                                                                          \
        c, f, RJ_REF, RJ_NULL | RJ_WEAK, T_APP_USER                            \
    }
#define K_TEXT(c)                                                              \
    {                                                                          \
        c, c, RJ_TEXT, RJ_KEY, 0                                               \
    }
#define K_INT(c)                                                               \
    {                                                                          \
        c, c, RJ_INT, RJ_KEY, 0                                                \
    }
#define K_REF(c, f, t)                                                         \
    {                                                                          \
        c, f, RJ_REF, RJ_KEY, t                                                \
    }
#define K_REFN(c, f, t)                                                        \
    {                                                                          \
        c, f, RJ_REF, RJ_KEY | RJ_NULL, t                                      \
    }

/*
 * What belongs to region ?1: its units, the trainees whose home unit is
 * one of them, and the users with a role in it (of the region, one of
 * its units or one of its trainees).
 */
#define RJ_R_UNITS "SELECT id FROM unit WHERE region_id = ?1"
#define RJ_R_TRAINEES                                                          \
    "SELECT t.id FROM trainee t JOIN unit u ON u.id = t.home_unit_id "         \
    "WHERE u.region_id = ?1"
#define RJ_R_NEEDS                                                             \
    "SELECT id FROM rotation_need WHERE trainee_id IN (" RJ_R_TRAINEES ")"
#define RJ_R_BOOKINGS                                                          \
    "SELECT id FROM booking WHERE trainee_id IN (" RJ_R_TRAINEES ")"
#define RJ_R_ACTIVITIES                                                        \
    "SELECT id FROM activity WHERE trainee_id IN (" RJ_R_TRAINEES ")"
#define RJ_R_SCOPED                                                            \
    "((scope = 'region' AND scope_id = ?1) "                                   \
    "OR (scope = 'unit' AND scope_id IN (" RJ_R_UNITS ")) "                    \
    "OR (scope = 'trainee' AND scope_id IN (" RJ_R_TRAINEES ")))"
#define RJ_R_USERS "SELECT user_id FROM user_role WHERE " RJ_R_SCOPED
#define RJ_R_PERSONS                                                           \
    "SELECT t.person_id FROM trainee t JOIN unit u ON u.id = t.home_unit_id "  \
    "WHERE u.region_id = ?1 "                                                  \
    "UNION SELECT s.person_id FROM supervisor s JOIN unit u "                  \
    "ON u.id = s.unit_id WHERE u.region_id = ?1 "                              \
    "UNION SELECT d.person_id FROM doctor_program d JOIN unit u "              \
    "ON u.id = d.unit_id WHERE u.region_id = ?1 "                              \
    "UNION SELECT person_id FROM app_user WHERE id IN (" RJ_R_USERS ")"

#define RJ_R_FREED                                                             \
    "SELECT id FROM freed_place WHERE unit_id IN (" RJ_R_UNITS ")"
#define RJ_R_WATCHES                                                           \
    "SELECT id FROM place_watch WHERE user_id IN (" RJ_R_USERS ")"

static const struct rj_table rj_tables[T_COUNT] = {
    [T_REGION] =
        {"region",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, code, name FROM region WHERE ?1 IS NULL OR id = ?1 "
         "ORDER BY id",
         "INSERT INTO region (code, name) VALUES (?1, ?2) RETURNING id",
         "SELECT count(*) FROM region",
         NULL,
         NULL,
         {K_TEXT("code"), C_TEXT("name")}},
    [T_PROVIDER] =
        {"provider",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, org_nr, name, kind FROM provider WHERE ?1 IS NULL "
         "OR id IN (SELECT provider_id FROM unit WHERE region_id = ?1) "
         "ORDER BY id",
         "INSERT INTO provider (org_nr, name, kind) VALUES (?1, ?2, ?3) "
         "RETURNING id",
         "SELECT count(*) FROM provider",
         NULL,
         NULL,
         {K_TEXT("org_nr"), C_TEXT("name"), C_TEXT("kind")}},
    [T_SPECIALTY] = {"specialty",
                     RJ_NATURAL,
                     RJ_HAS_ID | RJ_ALL,
                     "SELECT id, code, name_sv, name_en, kind, parent_id "
                     "FROM specialty ORDER BY id",
                     "INSERT INTO specialty (code, name_sv, name_en, kind, "
                     "parent_id) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                     "SELECT count(*) FROM specialty",
                     NULL,
                     NULL,
                     {K_TEXT("code"), C_TEXT("name_sv"), C_TEXT("name_en"),
                      C_TEXT("kind"),
                      C_REFN("parent_id", "parent", T_SPECIALTY)}},
    [T_GOAL] = {"goal",
                RJ_NATURAL,
                RJ_HAS_ID | RJ_ALL,
                "SELECT id, regulation, specialty_id, code, title, grp, "
                "confidence FROM goal ORDER BY id",
                "INSERT INTO goal (regulation, specialty_id, code, title, grp, "
                "confidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                "SELECT count(*) FROM goal",
                NULL,
                NULL,
                {K_TEXT("regulation"),
                 K_REFN("specialty_id", "specialty", T_SPECIALTY),
                 K_TEXT("code"), C_TEXT("title"), C_TEXT("grp"),
                 C_TEXT("confidence")}},
    [T_SPECIALTY_GOAL] = {"specialty_goal",
                          RJ_NATURAL,
                          RJ_ALL,
                          "SELECT 0, specialty_id, goal_id FROM specialty_goal",
                          "INSERT INTO specialty_goal (specialty_id, goal_id) "
                          "VALUES (?1, ?2)",
                          "SELECT count(*) FROM specialty_goal",
                          NULL,
                          NULL,
                          {K_REF("specialty_id", "specialty", T_SPECIALTY),
                           K_REF("goal_id", "goal", T_GOAL)}},
    [T_SITE] = {"site",
                RJ_NATURAL,
                RJ_HAS_ID,
                "SELECT id, region_id, name, city FROM site "
                "WHERE ?1 IS NULL OR region_id = ?1 ORDER BY id",
                "INSERT INTO site (region_id, name, city) VALUES (?1, ?2, ?3) "
                "RETURNING id",
                "SELECT count(*) FROM site",
                NULL,
                NULL,
                {K_REF("region_id", "region", T_REGION), K_TEXT("name"),
                 C_TEXT("city")}},
    [T_AREA] = {"area",
                RJ_NATURAL,
                RJ_HAS_ID,
                "SELECT id, region_id, name FROM area "
                "WHERE ?1 IS NULL OR region_id = ?1 ORDER BY id",
                "INSERT INTO area (region_id, name) VALUES (?1, ?2) "
                "RETURNING id",
                "SELECT count(*) FROM area",
                NULL,
                NULL,
                {K_REF("region_id", "region", T_REGION), K_TEXT("name")}},
    [T_ASSESSMENT_KIND] =
        {"assessment_kind",
         RJ_NATURAL,
         RJ_HAS_ID | RJ_SEEDED | RJ_ALL,
         "SELECT id, code, name_sv, name_en, active FROM assessment_kind "
         "ORDER BY id",
         "INSERT INTO assessment_kind (code, name_sv, name_en, active) "
         "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (code) DO UPDATE SET "
         "name_sv = excluded.name_sv, name_en = excluded.name_en, "
         "active = excluded.active RETURNING id",
         "SELECT count(*) FROM assessment_kind",
         NULL,
         NULL,
         {K_TEXT("code"), C_TEXT("name_sv"), C_TEXT("name_en"),
          C_INT("active")}},
    [T_UNIT] = {"unit",
                RJ_NATURAL,
                RJ_HAS_ID,
                "SELECT id, hsa_id, region_id, provider_id, site_id, area_id, "
                "specialty_id, name, kind, takes_trainees, max_away FROM unit "
                "WHERE ?1 IS NULL OR region_id = ?1 ORDER BY id",
                "INSERT INTO unit (hsa_id, region_id, provider_id, site_id, "
                "area_id, specialty_id, name, kind, takes_trainees, max_away) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
                "RETURNING id",
                "SELECT count(*) FROM unit",
                NULL,
                NULL,
                {K_TEXT("hsa_id"), C_REF("region_id", "region", T_REGION),
                 C_REF("provider_id", "provider", T_PROVIDER),
                 C_REFN("site_id", "site", T_SITE),
                 C_REFN("area_id", "area", T_AREA),
                 C_REF("specialty_id", "specialty", T_SPECIALTY),
                 C_TEXT("name"), C_TEXT("kind"), C_INT("takes_trainees"),
                 C_INTN("max_away")}},
    [T_UNIT_GOAL] = {"unit_goal",
                     RJ_NATURAL,
                     0,
                     "SELECT 0, unit_id, goal_id FROM unit_goal "
                     "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ")",
                     "INSERT INTO unit_goal (unit_id, goal_id) VALUES (?1, ?2)",
                     "SELECT count(*) FROM unit_goal",
                     NULL,
                     NULL,
                     {K_REF("unit_id", "unit", T_UNIT),
                      K_REF("goal_id", "goal", T_GOAL)}},
    [T_CAPACITY] = {"capacity",
                    RJ_ORDINAL,
                    RJ_HAS_ID,
                    "SELECT id, unit_id, from_week, to_week, seats, patterns, "
                    "note FROM capacity "
                    "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") "
                    "ORDER BY id",
                    "INSERT INTO capacity (unit_id, from_week, to_week, seats, "
                    "patterns, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                    "RETURNING id",
                    "SELECT count(*) FROM capacity",
                    NULL,
                    NULL,
                    {K_REF("unit_id", "unit", T_UNIT), C_INT("from_week"),
                     C_INT("to_week"), C_INT("seats"), C_INT("patterns"),
                     C_TEXT("note")}},
    [T_UNIT_RULE] = {"unit_rule",
                     RJ_NATURAL,
                     0,
                     "SELECT 0, unit_id, min_weeks, max_weeks, max_trainees "
                     "FROM unit_rule "
                     "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") "
                     "ORDER BY unit_id",
                     "INSERT INTO unit_rule (unit_id, min_weeks, max_weeks, "
                     "max_trainees) VALUES (?1, ?2, ?3, ?4)",
                     "SELECT count(*) FROM unit_rule",
                     NULL,
                     NULL,
                     {K_REF("unit_id", "unit", T_UNIT), C_INTN("min_weeks"),
                      C_INTN("max_weeks"), C_INTN("max_trainees")}},
    [T_ROTATION_FORM] =
        {"rotation_form",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, unit_id, kind, from_week, to_week, groups, size, needed, "
         "note FROM rotation_form "
         "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") ORDER BY id",
         "INSERT INTO rotation_form (unit_id, kind, from_week, to_week, "
         "groups, size, needed, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
         "RETURNING id",
         "SELECT count(*) FROM rotation_form",
         NULL,
         NULL,
         {K_REF("unit_id", "unit", T_UNIT), C_TEXT("kind"), C_INT("from_week"),
          C_INT("to_week"), C_INT("groups"), C_INT("size"), C_INT("needed"),
          C_TEXT("note")}},
    [T_AGREEMENT] =
        {"agreement",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, region_id, home_unit_id, host_unit_id, host_provider_id, "
         "from_date, to_date, model, amount_ore, procedures_per_week, "
         "salary_payer, backpack_ore, duties FROM agreement "
         "WHERE ?1 IS NULL OR region_id = ?1 ORDER BY id",
         "INSERT INTO agreement (region_id, home_unit_id, host_unit_id, "
         "host_provider_id, from_date, to_date, model, amount_ore, "
         "procedures_per_week, salary_payer, backpack_ore, duties) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
         "RETURNING id",
         "SELECT count(*) FROM agreement",
         NULL,
         NULL,
         {K_REF("region_id", "region", T_REGION),
          C_REFN("home_unit_id", "home_unit", T_UNIT),
          C_REFN("host_unit_id", "host_unit", T_UNIT),
          C_REFN("host_provider_id", "host_provider", T_PROVIDER),
          C_TEXT("from_date"), C_TEXT("to_date"), C_TEXT("model"),
          C_INT("amount_ore"), C_INT("procedures_per_week"),
          C_TEXT("salary_payer"), C_INT("backpack_ore"), C_TEXT("duties")}},
    [T_FORECAST_INTAKE] =
        {"forecast_intake",
         RJ_NATURAL,
         0,
         "SELECT 0, region_id, specialty_id, year, trainees "
         "FROM forecast_intake WHERE ?1 IS NULL OR region_id = ?1 "
         "ORDER BY region_id, specialty_id, year",
         "INSERT INTO forecast_intake (region_id, specialty_id, year, "
         "trainees) VALUES (?1, ?2, ?3, ?4)",
         "SELECT count(*) FROM forecast_intake",
         NULL,
         NULL,
         {K_REF("region_id", "region", T_REGION),
          K_REF("specialty_id", "specialty", T_SPECIALTY), K_INT("year"),
          C_INT("trainees")}},
    /* Home units' budgets per year (issue 18: budget, migration 019). */
    [T_UNIT_BUDGET] =
        {"unit_budget",
         RJ_NATURAL,
         0,
         "SELECT 0, unit_id, year, amount_ore, weight FROM unit_budget "
         "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") "
         "ORDER BY unit_id, year",
         "INSERT INTO unit_budget (unit_id, year, amount_ore, weight) "
         "VALUES (?1, ?2, ?3, ?4)",
         "SELECT count(*) FROM unit_budget",
         NULL,
         NULL,
         {K_REF("unit_id", "unit", T_UNIT), K_INT("year"), C_INT("amount_ore"),
          C_INTN("weight")}},
    [T_PERSON] = {"person",
                  RJ_NATURAL,
                  RJ_HAS_ID,
                  "SELECT id, email, name, hsa_id FROM person "
                  "WHERE ?1 IS NULL OR id IN (" RJ_R_PERSONS ") ORDER BY id",
                  "INSERT INTO person (email, name, hsa_id) "
                  "VALUES (?1, ?2, ?3) RETURNING id",
                  "SELECT count(*) FROM person",
                  NULL,
                  NULL,
                  {K_TEXT("email"), C_TEXT("name"), C_TEXTN("hsa_id")}},
    [T_APP_USER] = {"app_user",
                    RJ_NATURAL,
                    RJ_HAS_ID,
                    "SELECT id, username, name, person_id, password_hash, "
                    "disabled, created_at, password_at, sso_id FROM app_user "
                    "WHERE ?1 IS NULL OR id IN (" RJ_R_USERS ") ORDER BY id",
                    "INSERT INTO app_user (username, name, person_id, "
                    "password_hash, disabled, created_at, password_at, "
                    "sso_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                    "RETURNING id",
                    "SELECT count(*) FROM app_user",
                    NULL,
                    NULL,
                    {K_TEXT("username"), C_TEXT("name"),
                     C_REFN("person_id", "person", T_PERSON),
                     C_TEXT("password_hash"), C_INT("disabled"),
                     C_TEXT("created_at"), C_TEXT("password_at"),
                     C_TEXTN("sso_id")}},
    [T_API_TOKEN] = {"api_token",
                     RJ_NATURAL,
                     RJ_HAS_ID,
                     "SELECT id, token_hash, user_id, name, access, "
                     "created_at, expires_at, revoked_at, used_at "
                     "FROM api_token WHERE ?1 IS NULL "
                     "OR user_id IN (" RJ_R_USERS ") ORDER BY id",
                     "INSERT INTO api_token (token_hash, user_id, name, "
                     "access, created_at, expires_at, revoked_at, used_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                     "SELECT count(*) FROM api_token",
                     NULL,
                     NULL,
                     {K_TEXT("token_hash"),
                      C_REF("user_id", "user", T_APP_USER), C_TEXT("name"),
                      C_TEXT("access"), C_INT("created_at"),
                      C_INTN("expires_at"), C_INTN("revoked_at"),
                      C_INTN("used_at")}},
    [T_NOTIFY_PREF] = {"notify_pref",
                       RJ_NATURAL,
                       0,
                       "SELECT 0, user_id, email, email_kinds, digest, "
                       "digest_at, updated_at FROM notify_pref "
                       "WHERE ?1 IS NULL OR user_id IN (" RJ_R_USERS ")",
                       "INSERT INTO notify_pref (user_id, email, email_kinds, "
                       "digest, digest_at, updated_at) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       "SELECT count(*) FROM notify_pref",
                       NULL,
                       NULL,
                       {K_REF("user_id", "user", T_APP_USER), C_TEXTN("email"),
                        C_INT("email_kinds"), C_INT("digest"),
                        C_INT("digest_at"), C_TEXT("updated_at")}},
    [T_SUPERVISOR] = {"supervisor",
                      RJ_NATURAL,
                      RJ_HAS_ID,
                      "SELECT id, person_id, unit_id, trained_on, "
                      "specialist_since FROM supervisor "
                      "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") "
                      "ORDER BY id",
                      "INSERT INTO supervisor (person_id, unit_id, trained_on, "
                      "specialist_since) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                      "SELECT count(*) FROM supervisor",
                      NULL,
                      NULL,
                      {K_REF("person_id", "person", T_PERSON),
                       K_REF("unit_id", "unit", T_UNIT), C_TEXTN("trained_on"),
                       C_TEXTN("specialist_since")}},
    [T_TRAINEE] =
        {"trainee",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, person_id, specialty_id, regulation, home_unit_id, "
         "supervisor_id, start_date, fte, planned_end, status FROM trainee "
         "WHERE ?1 IS NULL OR home_unit_id IN (" RJ_R_UNITS ") ORDER BY id",
         "INSERT INTO trainee (person_id, specialty_id, regulation, "
         "home_unit_id, supervisor_id, start_date, fte, planned_end, status) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
         "SELECT count(*) FROM trainee",
         NULL,
         NULL,
         {K_REF("person_id", "person", T_PERSON),
          K_REF("specialty_id", "specialty", T_SPECIALTY), C_TEXT("regulation"),
          C_REF("home_unit_id", "home_unit", T_UNIT),
          C_REFN("supervisor_id", "supervisor", T_SUPERVISOR),
          C_TEXT("start_date"), C_INT("fte"), C_TEXT("planned_end"),
          C_TEXT("status")}},
    [T_USER_ROLE] = {"user_role",
                     RJ_NATURAL,
                     RJ_HAS_ID,
                     "SELECT id, user_id, role, scope, scope_id FROM user_role "
                     "WHERE ?1 IS NULL OR (user_id IN (" RJ_R_USERS ") "
                     "AND (scope = 'all' OR " RJ_R_SCOPED ")) ORDER BY id",
                     "INSERT INTO user_role (user_id, role, scope, scope_id) "
                     "VALUES (?1, ?2, ?3, ?4) RETURNING id",
                     "SELECT count(*) FROM user_role",
                     NULL,
                     NULL,
                     {K_REF("user_id", "user", T_APP_USER),
                      K_TEXT("role"),
                      K_TEXT("scope"),
                      {"scope_id", "scope_of", RJ_SCOPE, RJ_KEY | RJ_NULL, 0}}},
    [T_LEAVE] = {"leave",
                 RJ_ORDINAL,
                 RJ_HAS_ID,
                 "SELECT id, trainee_id, from_date, to_date, kind FROM leave "
                 "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ") "
                 "ORDER BY id",
                 "INSERT INTO leave (trainee_id, from_date, to_date, kind) "
                 "VALUES (?1, ?2, ?3, ?4) RETURNING id",
                 "SELECT count(*) FROM leave",
                 NULL,
                 NULL,
                 {K_REF("trainee_id", "trainee", T_TRAINEE),
                  C_TEXT("from_date"), C_TEXT("to_date"), C_TEXT("kind")}},
    [T_NEED] = {"rotation_need",
                RJ_ORDINAL,
                RJ_HAS_ID,
                "SELECT id, trainee_id, preferred_start, specialty_id, weeks, "
                "patterns, status FROM rotation_need "
                "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ") "
                "ORDER BY id",
                "INSERT INTO rotation_need (trainee_id, preferred_start, "
                "specialty_id, weeks, patterns, status) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                "SELECT count(*) FROM rotation_need",
                NULL,
                NULL,
                {K_REF("trainee_id", "trainee", T_TRAINEE),
                 C_INTN("preferred_start"),
                 C_REFN("specialty_id", "specialty", T_SPECIALTY),
                 C_INT("weeks"), C_INT("patterns"), C_TEXT("status")}},
    [T_NEED_UNIT] = {"need_unit",
                     RJ_NATURAL,
                     0,
                     "SELECT 0, need_id, unit_id FROM need_unit "
                     "WHERE ?1 IS NULL OR need_id IN (" RJ_R_NEEDS ")",
                     "INSERT INTO need_unit (need_id, unit_id) VALUES (?1, ?2)",
                     "SELECT count(*) FROM need_unit",
                     NULL,
                     NULL,
                     {K_REF("need_id", "need", T_NEED),
                      K_REF("unit_id", "unit", T_UNIT)}},
    [T_NEED_GOAL] = {"need_goal",
                     RJ_NATURAL,
                     0,
                     "SELECT 0, need_id, goal_id FROM need_goal "
                     "WHERE ?1 IS NULL OR need_id IN (" RJ_R_NEEDS ")",
                     "INSERT INTO need_goal (need_id, goal_id) VALUES (?1, ?2)",
                     "SELECT count(*) FROM need_goal",
                     NULL,
                     NULL,
                     {K_REF("need_id", "need", T_NEED),
                      K_REF("goal_id", "goal", T_GOAL)}},
    [T_BOOKING] =
        {"booking",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, trainee_id, start_week, end_week, unit_id, need_id, "
         "pattern, weeks, status, cancel_reason, supervisor_id, created_at, "
         "updated_at FROM booking "
         "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ") ORDER BY id",
         "INSERT INTO booking (trainee_id, start_week, end_week, unit_id, "
         "need_id, pattern, weeks, status, cancel_reason, supervisor_id, "
         "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
         "?10, ?11, ?12) RETURNING id",
         "SELECT count(*) FROM booking",
         NULL,
         NULL,
         {K_REF("trainee_id", "trainee", T_TRAINEE), C_INT("start_week"),
          C_INT("end_week"), C_REF("unit_id", "unit", T_UNIT),
          C_REFN("need_id", "need", T_NEED), C_TEXT("pattern"), C_INT("weeks"),
          C_TEXT("status"), C_TEXTN("cancel_reason"),
          C_REFN("supervisor_id", "supervisor", T_SUPERVISOR),
          C_TEXT("created_at"), C_TEXT("updated_at")}},
    [T_FORM_GROUP] =
        {"form_group",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, form_id, start_week, end_week, pattern FROM form_group "
         "WHERE ?1 IS NULL OR form_id IN (SELECT id FROM rotation_form "
         "WHERE unit_id IN (" RJ_R_UNITS ")) ORDER BY id",
         "INSERT INTO form_group (form_id, start_week, end_week, pattern) "
         "VALUES (?1, ?2, ?3, ?4) RETURNING id",
         "SELECT count(*) FROM form_group",
         NULL,
         NULL,
         {K_REF("form_id", "form", T_ROTATION_FORM), C_INT("start_week"),
          C_INT("end_week"), C_TEXT("pattern")}},
    [T_BOOKING_FORM] = {"booking_form",
                        RJ_NATURAL,
                        0,
                        "SELECT 0, booking_id, group_id FROM booking_form "
                        "WHERE ?1 IS NULL OR booking_id IN (" RJ_R_BOOKINGS
                        ") ORDER BY booking_id",
                        "INSERT INTO booking_form (booking_id, group_id) "
                        "VALUES (?1, ?2)",
                        "SELECT count(*) FROM booking_form",
                        NULL,
                        NULL,
                        {K_REF("booking_id", "booking", T_BOOKING),
                         C_REF("group_id", "group", T_FORM_GROUP)}},
    [T_ROTATION_INTRO] =
        {"rotation_intro",
         RJ_NATURAL,
         0,
         "SELECT 0, booking_id, held_on, note FROM rotation_intro "
         "WHERE ?1 IS NULL OR booking_id IN (" RJ_R_BOOKINGS ")",
         "INSERT INTO rotation_intro (booking_id, held_on, note) "
         "VALUES (?1, ?2, ?3)",
         "SELECT count(*) FROM rotation_intro",
         NULL,
         NULL,
         {K_REF("booking_id", "booking", T_BOOKING), C_TEXT("held_on"),
          C_TEXT("note")}},
    [T_SUPERVISION_MEETING] =
        {"supervision_meeting",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, booking_id, held_on, by_user, by_name, notes, actions "
         "FROM supervision_meeting "
         "WHERE ?1 IS NULL OR booking_id IN (" RJ_R_BOOKINGS ") ORDER BY id",
         "INSERT INTO supervision_meeting (booking_id, held_on, by_user, "
         "by_name, notes, actions) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
         "RETURNING id",
         "SELECT count(*) FROM supervision_meeting",
         NULL,
         NULL,
         {K_REF("booking_id", "booking", T_BOOKING), C_TEXT("held_on"),
          C_WHO("by_user", "by_user"), C_TEXT("by_name"), C_TEXT("notes"),
          C_TEXT("actions")}},
    [T_ASSESSMENT] =
        {"assessment",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, booking_id, held_on, kind_id, by_user, by_name, note "
         "FROM assessment "
         "WHERE ?1 IS NULL OR booking_id IN (" RJ_R_BOOKINGS ") ORDER BY id",
         "INSERT INTO assessment (booking_id, held_on, kind_id, by_user, "
         "by_name, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
         "SELECT count(*) FROM assessment",
         NULL,
         NULL,
         {K_REF("booking_id", "booking", T_BOOKING), C_TEXT("held_on"),
          C_REF("kind_id", "kind", T_ASSESSMENT_KIND),
          C_WHO("by_user", "by_user"), C_TEXT("by_name"), C_TEXT("note")}},
    [T_ASSESSMENT_GOAL] =
        {"assessment_goal",
         RJ_NATURAL,
         0,
         "SELECT 0, assessment_id, goal_id FROM assessment_goal "
         "WHERE ?1 IS NULL OR assessment_id IN (SELECT id FROM assessment "
         "WHERE booking_id IN (" RJ_R_BOOKINGS "))",
         "INSERT INTO assessment_goal (assessment_id, goal_id) "
         "VALUES (?1, ?2)",
         "SELECT count(*) FROM assessment_goal",
         NULL,
         NULL,
         {K_REF("assessment_id", "assessment", T_ASSESSMENT),
          K_REF("goal_id", "goal", T_GOAL)}},
    [T_ROTATION_RESULT] =
        {"rotation_result",
         RJ_NATURAL,
         0,
         "SELECT 0, booking_id, goal_id, result, comment, by_user, by_name, "
         "at FROM rotation_result "
         "WHERE ?1 IS NULL OR booking_id IN (" RJ_R_BOOKINGS ")",
         "INSERT INTO rotation_result (booking_id, goal_id, result, comment, "
         "by_user, by_name, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
         "SELECT count(*) FROM rotation_result",
         NULL,
         NULL,
         {K_REF("booking_id", "booking", T_BOOKING),
          K_REF("goal_id", "goal", T_GOAL), C_TEXT("result"), C_TEXT("comment"),
          C_WHO("by_user", "by_user"), C_TEXT("by_name"), C_TEXT("at")}},
    [T_FEEDBACK_FORM] = {"feedback_form",
                         RJ_NATURAL,
                         RJ_HAS_ID,
                         "SELECT id, region_id, version, questions, "
                         "created_at FROM feedback_form "
                         "WHERE ?1 IS NULL OR region_id = ?1 ORDER BY id",
                         "INSERT INTO feedback_form (region_id, version, "
                         "questions, created_at) VALUES (?1, ?2, ?3, ?4) "
                         "RETURNING id",
                         "SELECT count(*) FROM feedback_form",
                         NULL,
                         NULL,
                         {K_REF("region_id", "region", T_REGION),
                          K_INT("version"), C_TEXT("questions"),
                          C_TEXT("created_at")}},
    [T_FEEDBACK] = {"feedback",
                    RJ_NATURAL,
                    0,
                    "SELECT 0, booking_id, form_id, answers, submitted_at "
                    "FROM feedback "
                    "WHERE ?1 IS NULL OR booking_id IN (" RJ_R_BOOKINGS ")",
                    "INSERT INTO feedback (booking_id, form_id, answers, "
                    "submitted_at) VALUES (?1, ?2, ?3, ?4)",
                    "SELECT count(*) FROM feedback",
                    NULL,
                    NULL,
                    {K_REF("booking_id", "booking", T_BOOKING),
                     C_REF("form_id", "form", T_FEEDBACK_FORM),
                     C_TEXT("answers"), C_TEXT("submitted_at")}},
    [T_PLAN_GOAL] =
        {"plan_goal",
         RJ_NATURAL,
         0,
         "SELECT 0, trainee_id, goal_id, status, certified_by, "
         "certified_name, certified_at, note, updated_at FROM plan_goal "
         "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ")",
         "INSERT INTO plan_goal (trainee_id, goal_id, status, certified_by, "
         "certified_name, certified_at, note, updated_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
         "SELECT count(*) FROM plan_goal",
         NULL,
         NULL,
         {K_REF("trainee_id", "trainee", T_TRAINEE),
          K_REF("goal_id", "goal", T_GOAL), C_TEXT("status"),
          C_WHO("certified_by", "certified_by"), C_TEXTN("certified_name"),
          C_TEXTN("certified_at"), C_TEXT("note"), C_TEXT("updated_at")}},
    [T_ACTIVITY] =
        {"activity",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, trainee_id, from_week, to_week, kind, title, need_id, "
         "status FROM activity "
         "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ") ORDER BY id",
         "INSERT INTO activity (trainee_id, from_week, to_week, kind, title, "
         "need_id, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
         "SELECT count(*) FROM activity",
         NULL,
         NULL,
         {K_REF("trainee_id", "trainee", T_TRAINEE), C_INTN("from_week"),
          C_INTN("to_week"), C_TEXT("kind"), C_TEXT("title"),
          C_REFN("need_id", "need", T_NEED), C_TEXT("status")}},
    [T_ACTIVITY_GOAL] =
        {"activity_goal",
         RJ_NATURAL,
         0,
         "SELECT 0, activity_id, goal_id FROM activity_goal "
         "WHERE ?1 IS NULL OR activity_id IN (" RJ_R_ACTIVITIES ")",
         "INSERT INTO activity_goal (activity_id, goal_id) VALUES (?1, ?2)",
         "SELECT count(*) FROM activity_goal",
         NULL,
         NULL,
         {K_REF("activity_id", "activity", T_ACTIVITY),
          K_REF("goal_id", "goal", T_GOAL)}},
    [T_SUBSTITUTE] =
        {"substitute",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, activity_id, need_id, weeks_saved, reason, agreed_by, "
         "agreed_name, agreed_at FROM substitute "
         "WHERE ?1 IS NULL OR activity_id IN (" RJ_R_ACTIVITIES ") "
         "ORDER BY id",
         "INSERT INTO substitute (activity_id, need_id, weeks_saved, reason, "
         "agreed_by, agreed_name, agreed_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
         "SELECT count(*) FROM substitute",
         NULL,
         NULL,
         {K_REF("activity_id", "activity", T_ACTIVITY),
          K_REF("need_id", "need", T_NEED), C_INT("weeks_saved"),
          C_TEXT("reason"), C_WHO("agreed_by", "agreed_by"),
          C_TEXT("agreed_name"), C_TEXT("agreed_at")}},
    [T_EDU_PLAN] =
        {"edu_plan",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, trainee_id, version, status, track, note, content, "
         "created_at, approved_at FROM edu_plan "
         "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ") ORDER BY id",
         "INSERT INTO edu_plan (trainee_id, version, status, track, note, "
         "content, created_at, approved_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
         "SELECT count(*) FROM edu_plan",
         NULL,
         NULL,
         {K_REF("trainee_id", "trainee", T_TRAINEE),
          K_INT("version"),
          C_TEXT("status"),
          C_TEXT("track"),
          C_TEXT("note"),
          {"content", "content", RJ_PLAN, RJ_NULL, 0},
          C_TEXT("created_at"),
          C_TEXTN("approved_at")}},
    [T_PLAN_APPROVAL] =
        {"plan_approval",
         RJ_NATURAL,
         0,
         "SELECT 0, plan_id, role, user_id, name, at FROM plan_approval "
         "WHERE ?1 IS NULL OR plan_id IN (SELECT id FROM edu_plan "
         "WHERE trainee_id IN (" RJ_R_TRAINEES "))",
         "INSERT INTO plan_approval (plan_id, role, user_id, name, at) "
         "VALUES (?1, ?2, ?3, ?4, ?5)",
         "SELECT count(*) FROM plan_approval",
         NULL,
         NULL,
         {K_REF("plan_id", "plan", T_EDU_PLAN), K_TEXT("role"),
          C_WHO("user_id", "user"), C_TEXT("name"), C_TEXT("at")}},
    [T_ST_CONTRACT] =
        {"st_contract",
         RJ_NATURAL,
         0,
         "SELECT 0, trainee_id, signed_on, employer, parties FROM st_contract "
         "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ")",
         "INSERT INTO st_contract (trainee_id, signed_on, employer, parties) "
         "VALUES (?1, ?2, ?3, ?4)",
         "SELECT count(*) FROM st_contract",
         NULL,
         NULL,
         {K_REF("trainee_id", "trainee", T_TRAINEE), C_TEXT("signed_on"),
          C_TEXT("employer"), C_TEXT("parties")}},
    [T_CERTIFICATE_SIGNATURE] =
        {"certificate_signature",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, trainee_id, kind, booking_id, activity_id, role, "
         "user_id, name, at, content FROM certificate_signature "
         "WHERE ?1 IS NULL OR trainee_id IN (" RJ_R_TRAINEES ") ORDER BY id",
         /* The certificate's name is its kind and id ("rotation-42"). */
         "INSERT INTO certificate_signature (trainee_id, kind, booking_id, "
         "activity_id, role, user_id, name, at, content, certificate) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
         "CASE ?2 WHEN 'rotation' THEN 'rotation-' || CAST(?3 AS TEXT) "
         "WHEN 'activity' THEN 'activity-' || CAST(?4 AS TEXT) ELSE ?2 END) "
         "RETURNING id",
         "SELECT count(*) FROM certificate_signature",
         NULL,
         "certificate",
         {K_REF("trainee_id", "trainee", T_TRAINEE),
          K_TEXT("kind"),
          K_REFN("booking_id", "booking", T_BOOKING),
          K_REFN("activity_id", "activity", T_ACTIVITY),
          K_TEXT("role"),
          C_WHO("user_id", "user"),
          C_TEXT("name"),
          C_TEXT("at"),
          {"content", "content", RJ_CERT, 0, 0}}},
    [T_UNIT_REVIEW] =
        {"unit_review",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, unit_id, reviewed_on, kind, result, reviewer, note, "
         "recorded_by, recorded_name, recorded_at, report_type, report_size, "
         "report_sha256, report_at FROM unit_review "
         "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") ORDER BY id",
         "INSERT INTO unit_review (unit_id, reviewed_on, kind, result, "
         "reviewer, note, recorded_by, recorded_name, recorded_at, "
         "report_type, report_size, report_sha256, report_at, report) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
         "RETURNING id",
         "SELECT count(*) FROM unit_review",
         "SELECT report FROM unit_review WHERE id = ?1",
         NULL,
         {K_REF("unit_id", "unit", T_UNIT),
          C_TEXT("reviewed_on"),
          C_TEXT("kind"),
          C_TEXT("result"),
          C_TEXT("reviewer"),
          C_TEXT("note"),
          C_WHO("recorded_by", "recorded_by"),
          C_TEXT("recorded_name"),
          C_TEXT("recorded_at"),
          C_TEXTN("report_type"),
          C_INTN("report_size"),
          C_TEXTN("report_sha256"),
          C_TEXTN("report_at"),
          {"report", "report", RJ_BLOB, RJ_NULL, 0}}},
    [T_DOCTOR_PROGRAM] =
        {"doctor_program",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, person_id, start_date, program, trainee_id, unit_id, "
         "specialty_id, completed_on, left_on, returned_on "
         "FROM doctor_program "
         "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") ORDER BY id",
         "INSERT INTO doctor_program (person_id, start_date, program, "
         "trainee_id, unit_id, specialty_id, completed_on, left_on, "
         "returned_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
         "RETURNING id",
         "SELECT count(*) FROM doctor_program",
         NULL,
         NULL,
         {K_REF("person_id", "person", T_PERSON), C_TEXT("start_date"),
          C_TEXT("program"), C_REFN("trainee_id", "trainee", T_TRAINEE),
          C_REF("unit_id", "unit", T_UNIT),
          C_REFN("specialty_id", "specialty", T_SPECIALTY),
          C_TEXTN("completed_on"), C_TEXTN("left_on"), C_TEXTN("returned_on")}},
    /* A region's file holds the entries of its own rows (the export's
     * rj_value_out()). */
    /* The re-offer of freed places (issue 14, migration 011). */
    [T_FREED_PLACE] =
        {"freed_place",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, unit_id, freed_at, from_week, to_week, origin_week, "
         "cause, booking_id, capacity_id, pattern, seats, freed_by, "
         "auto_offers, answer_hours, accepted, closed_at FROM freed_place "
         "WHERE ?1 IS NULL OR unit_id IN (" RJ_R_UNITS ") ORDER BY id",
         "INSERT INTO freed_place (unit_id, freed_at, from_week, to_week, "
         "origin_week, cause, booking_id, capacity_id, pattern, seats, "
         "freed_by, auto_offers, answer_hours, accepted, closed_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
         "?14, ?15) RETURNING id",
         "SELECT count(*) FROM freed_place",
         NULL,
         NULL,
         {K_REF("unit_id", "unit", T_UNIT), C_TEXT("freed_at"),
          C_INT("from_week"), C_INT("to_week"), C_INT("origin_week"),
          C_TEXT("cause"), C_REFN("booking_id", "booking", T_BOOKING),
          C_REFN("capacity_id", "capacity", T_CAPACITY), C_TEXT("pattern"),
          C_INT("seats"), C_TEXT("freed_by"), C_INT("auto_offers"),
          C_INT("answer_hours"), C_INT("accepted"), C_TEXTN("closed_at")}},
    [T_OFFER] =
        {"offer",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, freed_id, need_id, trainee_id, unit_id, start_week, "
         "end_week, pattern, weeks, rank, gain, automatic, status, "
         "offered_at, offered_by, deadline, answered_at, answered_by, "
         "booking_id FROM offer "
         "WHERE ?1 IS NULL OR freed_id IN (" RJ_R_FREED ") ORDER BY id",
         "INSERT INTO offer (freed_id, need_id, trainee_id, unit_id, "
         "start_week, end_week, pattern, weeks, rank, gain, automatic, "
         "status, offered_at, offered_by, deadline, answered_at, "
         "answered_by, booking_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
         "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id",
         "SELECT count(*) FROM offer",
         NULL,
         NULL,
         {K_REF("freed_id", "freed", T_FREED_PLACE),
          K_REF("need_id", "need", T_NEED),
          C_REF("trainee_id", "trainee", T_TRAINEE),
          C_REF("unit_id", "unit", T_UNIT), C_INT("start_week"),
          C_INT("end_week"), C_TEXT("pattern"), C_INT("weeks"), C_INT("rank"),
          C_INT("gain"), C_INT("automatic"), C_TEXT("status"),
          C_TEXT("offered_at"), C_TEXT("offered_by"), C_TEXT("deadline"),
          C_TEXTN("answered_at"), C_TEXTN("answered_by"),
          C_REFN("booking_id", "booking", T_BOOKING)}},
    [T_PLACE_WATCH] =
        {"place_watch",
         RJ_ORDINAL,
         RJ_HAS_ID,
         "SELECT id, user_id, created_at, from_week, to_week, specialty_id, "
         "unit_id, goal_id FROM place_watch "
         "WHERE ?1 IS NULL OR user_id IN (" RJ_R_USERS ") ORDER BY id",
         "INSERT INTO place_watch (user_id, created_at, from_week, to_week, "
         "specialty_id, unit_id, goal_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
         "RETURNING id",
         "SELECT count(*) FROM place_watch",
         NULL,
         NULL,
         {K_REF("user_id", "user", T_APP_USER), C_TEXT("created_at"),
          C_INT("from_week"), C_INT("to_week"),
          C_REFN("specialty_id", "specialty", T_SPECIALTY),
          C_REFN("unit_id", "unit", T_UNIT),
          C_REFN("goal_id", "goal", T_GOAL)}},
    [T_PLACE_WATCH_HIT] =
        {"place_watch_hit",
         RJ_NATURAL,
         0,
         "SELECT 0, watch_id, freed_id, at FROM place_watch_hit "
         "WHERE ?1 IS NULL OR watch_id IN (" RJ_R_WATCHES ")",
         "INSERT INTO place_watch_hit (watch_id, freed_id, at) "
         "VALUES (?1, ?2, ?3)",
         "SELECT count(*) FROM place_watch_hit",
         NULL,
         NULL,
         {K_REF("watch_id", "watch", T_PLACE_WATCH),
          K_REF("freed_id", "freed", T_FREED_PLACE), C_TEXT("at")}},
    /* Calendar feeds at secret addresses (issue 15, migration 012): the
     * secret's SHA-256 moves, so a subscription goes on working where the
     * new server answers at the same address. */
    [T_CALENDAR_FEED] =
        {"calendar_feed",
         RJ_NATURAL,
         RJ_HAS_ID,
         "SELECT id, token_hash, user_id, kind, trainee_id, unit_id, name, "
         "created_at, revoked_at, used_at FROM calendar_feed "
         "WHERE ?1 IS NULL OR user_id IN (" RJ_R_USERS ") ORDER BY id",
         "INSERT INTO calendar_feed (token_hash, user_id, kind, trainee_id, "
         "unit_id, name, created_at, revoked_at, used_at) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
         "SELECT count(*) FROM calendar_feed",
         NULL,
         NULL,
         {K_TEXT("token_hash"), C_REF("user_id", "user", T_APP_USER),
          C_TEXT("kind"), C_REFN("trainee_id", "trainee", T_TRAINEE),
          C_REFN("unit_id", "unit", T_UNIT), C_TEXT("name"),
          C_INT("created_at"), C_INTN("revoked_at"), C_INTN("used_at")}},
    /* Imports of CSV and Excel files (issue 15, migration 013): a log,
     * which the audit entries of its rows name. */
    [T_DATA_IMPORT] =
        {"data_import",
         RJ_SEQUENCE,
         RJ_HAS_ID,
         "SELECT id, at, actor, user_id, kind, file_name, format, size, "
         "sha256, row_count, inserted, updated, unchanged FROM data_import "
         "WHERE ?1 IS NULL OR user_id IN (" RJ_R_USERS ") ORDER BY id",
         "INSERT INTO data_import (at, actor, user_id, kind, file_name, "
         "format, size, sha256, row_count, inserted, updated, unchanged) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
         "RETURNING id",
         "SELECT count(*) FROM data_import",
         NULL,
         NULL,
         {C_TEXT("at"), C_TEXT("actor"), C_WHO("user_id", "user"),
          C_TEXT("kind"), C_TEXT("file_name"), C_TEXT("format"), C_INT("size"),
          C_TEXT("sha256"), C_INT("row_count"), C_INT("inserted"),
          C_INT("updated"), C_INT("unchanged")}},
    [T_AUDIT_LOG] = {"audit_log",
                     RJ_SEQUENCE,
                     RJ_HAS_ID | RJ_ALL,
                     "SELECT id, at, actor, entity, entity_id, action, "
                     "before_json, after_json, import_id FROM audit_log "
                     "ORDER BY id",
                     "INSERT INTO audit_log (at, actor, entity, entity_id, "
                     "action, before_json, after_json, import_id) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                     "SELECT count(*) FROM audit_log",
                     NULL,
                     NULL,
                     {C_TEXT("at"),
                      C_TEXT("actor"),
                      C_TEXT("entity"),
                      {"entity_id", "of", RJ_ENTITY, 0, 0},
                      C_TEXT("action"),
                      {"before_json", "before", RJ_TEXT, RJ_NULL, 0},
                      {"after_json", "after", RJ_TEXT, RJ_NULL, 0},
                      {"import_id", "import", RJ_REF, RJ_NULL | RJ_WEAK,
                       T_DATA_IMPORT}}},
    [T_AUTH_EVENT] = {"auth_event",
                      RJ_SEQUENCE,
                      RJ_HAS_ID,
                      "SELECT id, at, actor, event, address, detail "
                      "FROM auth_event WHERE ?1 IS NULL OR actor IN "
                      "(SELECT username FROM app_user WHERE id IN (" RJ_R_USERS
                      ")) ORDER BY id",
                      "INSERT INTO auth_event (at, actor, event, address, "
                      "detail) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                      "SELECT count(*) FROM auth_event",
                      NULL,
                      NULL,
                      {C_TEXT("at"), C_TEXT("actor"), C_TEXT("event"),
                       C_TEXT("address"), C_TEXT("detail")}},
};

/*
 * The tables a region's file leaves out, and why (docs/operations.md says
 * the same). Every table of the database is here or in rj_tables:
 * store_transfer_check_schema() refuses a database with one that is in
 * neither.
 */
static const struct {
    const char *name, *why;
} rj_skipped[] = {
    {"schema_version", "the migrations' own record: the target's migrations "
                       "write it"},
    {"generation", "a counter that tells caches the data changed: it starts "
                   "again in the target"},
    {"session", "log-ins to one server: a move logs everyone out"},
    {"scenario", "what-if copies of the planning data: their changes name "
                 "rows by this database's ids; run them again after a move"},
    {"scenario_change", "a what-if scenario's changes (see scenario)"},
    {"scenario_result", "a what-if scenario's last run (see scenario)"},
    {"sso_login", "a log-in on its way through the identity provider: "
                  "gone within minutes"},
    {"sso_setting", "the installation's choice for unknown people at "
                    "single sign-on: the target keeps its own"},
    {"login_throttle", "counts of failed log-ins, forgotten within minutes"},
    {"plan_run", "runs of the optimiser: their problems and proposals name "
                 "rows by database id, and running the optimiser again "
                 "makes them anew"},
    {"notification", "what the bell told: links and facts name rows by "
                     "database id; the daily pass tells what is due again"},
    {"mail_out", "the outbox of the server that sends: moved, a mail not "
                 "yet sent would go twice"},
    /* The exchange with other regions (issue 17, migration 014): its
     * tokens, the peers' ids and references and its outbox belong to the
     * federation of this server, which the peers know by its address. */
    {"xpeer", "the regions connected to this server, and their tokens: "
              "connect them again from the new server"},
    {"xoffer", "places published to other regions: publish them again"},
    {"xwant", "what the region lacks, published for swaps: again"},
    {"xremote", "what other regions publish: their next catalogue"},
    {"xrequest", "requests across regions, by references the peers keep: "
                 "finish or cancel them before the move"},
    {"xswap", "swaps between regions: finish them before the move"},
    {"xmessage", "the exchange's outbox and inbox: moved, a message not "
                 "yet sent would go twice"},
};

#define RJ_SKIPPED_COUNT (sizeof(rj_skipped) / sizeof(rj_skipped[0]))

/* The table whose rows each entity of the audit log names by id. */
static const struct {
    const char *entity;
    int table;
} rj_entities[] = {
    {"activity", T_ACTIVITY},
    {"agreement", T_AGREEMENT},
    {"api_token", T_API_TOKEN},
    {"app_user", T_APP_USER},
    {"area", T_AREA},
    {"assessment", T_ASSESSMENT},
    {"assessment_kind", T_ASSESSMENT_KIND},
    {"booking", T_BOOKING},
    {"calendar_feed", T_CALENDAR_FEED},
    {"capacity", T_CAPACITY},
    {"certificate_signature", T_CERTIFICATE_SIGNATURE},
    {"doctor_program", T_DOCTOR_PROGRAM},
    {"edu_plan", T_EDU_PLAN},
    {"feedback", T_BOOKING},
    {"feedback_form", T_FEEDBACK_FORM},
    {"forecast_intake", T_REGION},
    {"freed_place", T_FREED_PLACE},
    {"goal", T_GOAL},
    {"leave", T_LEAVE},
    {"need", T_NEED},
    {"offer", T_OFFER},
    {"person", T_PERSON},
    {"place_watch", T_PLACE_WATCH},
    {"plan_approval", T_EDU_PLAN},
    {"plan_goal", T_TRAINEE},
    {"provider", T_PROVIDER},
    {"region", T_REGION},
    {"rotation_form", T_ROTATION_FORM},
    {"rotation_intro", T_BOOKING},
    {"rotation_result", T_BOOKING},
    {"site", T_SITE},
    {"specialty", T_SPECIALTY},
    {"specialty_goal", T_SPECIALTY},
    {"st_contract", T_TRAINEE},
    {"substitute", T_SUBSTITUTE},
    {"supervision_meeting", T_SUPERVISION_MEETING},
    {"supervisor", T_SUPERVISOR},
    {"trainee", T_TRAINEE},
    {"unit", T_UNIT},
    /* A budget's log rows name its unit (issue 18: budget). */
    {"unit_budget", T_UNIT},
    {"unit_review", T_UNIT_REVIEW},
    {"unit_rule", T_UNIT},
    {"user_role", T_USER_ROLE},
};

/* An education plan's approved version (store/edu.c, edu_snapshot()). */
const struct rj_path store__xfer_plan_paths[] = {
    {"needs[].id", T_NEED},
    {"needs[].specialty_id", T_SPECIALTY},
    {"needs[].unit_ids[]", T_UNIT},
    {"needs[].goal_ids[]", T_GOAL},
    {"activities[].id", T_ACTIVITY},
    {"activities[].need_id", T_NEED},
    {"activities[].goal_ids[]", T_GOAL},
    {"substitutes[].id", T_SUBSTITUTE},
    {"substitutes[].activity_id", T_ACTIVITY},
    {"substitutes[].need_id", T_NEED},
    {"substitutes[].agreed_by", T_APP_USER},
    {NULL, 0},
};

/* The facts a certificate's signature signed (api/certificates.c). */
const struct rj_path store__xfer_cert_paths[] = {
    {"id", RJ_CERTNAME},
    {"trainee.id", T_TRAINEE},
    {"goals[].id", T_GOAL},
    {"activity.booking_id", T_BOOKING},
    {"activity.activity_id", T_ACTIVITY},
    {"rotations[].booking_id", T_BOOKING},
    {"activities[].activity_id", T_ACTIVITY},
    {NULL, 0},
};

const char *store_transfer_table(int i)
{
    return i >= 0 && i < T_COUNT ? rj_tables[i].name : NULL;
}

const char *store_transfer_skipped(int i, const char **why)
{
    if (i < 0 || (size_t)i >= RJ_SKIPPED_COUNT)
        return NULL;
    if (why)
        *why = rj_skipped[i].why;
    return rj_skipped[i].name;
}

/* The number of columns of table t. */
int store__xfer_ncols(int t)
{
    int n = 0;
    while (n < RJ_COLS_MAX && rj_tables[t].cols[n].column)
        n++;
    return n;
}

int store__xfer_referred(int t)
{
    if (t == T_TRAINEE || t == T_UNIT || t == T_REGION)
        return 1; /* a role's scope */
    for (size_t i = 0; i < sizeof(rj_entities) / sizeof(*rj_entities); i++)
        if (rj_entities[i].table == t)
            return 1;
    for (int u = 0; u < T_COUNT; u++)
        for (int c = 0; c < store__xfer_ncols(u); c++)
            if (rj_tables[u].cols[c].type == RJ_REF &&
                rj_tables[u].cols[c].ref == t)
                return 1;
    return 0;
}

/* The table an audit entity names rows of, or -1. */
int store__xfer_entity(const char *entity)
{
    for (size_t i = 0; entity && i < sizeof(rj_entities) / sizeof(*rj_entities);
         i++)
        if (strcmp(rj_entities[i].entity, entity) == 0)
            return rj_entities[i].table;
    return -1;
}

/* The table a role's scope names rows of, -1 for none ('all'), or -2 for
 * a scope that is none of them. */
int store__xfer_scope_table(const char *scope)
{
    if (!scope)
        return -2;
    if (strcmp(scope, "trainee") == 0)
        return T_TRAINEE;
    if (strcmp(scope, "unit") == 0)
        return T_UNIT;
    if (strcmp(scope, "region") == 0)
        return T_REGION;
    if (strcmp(scope, "all") == 0)
        return -1;
    return -2;
}

/* {"id": N}: an id no row of the file has, N never negative. */
json_t *store__xfer_gone(int64_t id)
{
    return json_pack("{s:I}", "id", (json_int_t)(id < 0 ? -id : id));
}

/* N of a {"id": N} (N >= 0), or -1 when v is not one. */
int64_t store__xfer_gone_id(const json_t *v)
{
    json_t *id = json_object_get(v, "id");
    if (!json_is_object(v) || json_object_size(v) != 1 ||
        !json_is_integer(id) || json_integer_value(id) < 0)
        return -1;
    return json_integer_value(id);
}

/*
 * Applies fn to every value at path (names joined by '.', "name[]" for
 * each element of an array) inside v, replacing each by the value fn
 * returns in *out (NULL: left as it is). Paths that are not there are
 * skipped: an old version may lack what a new one has.
 */
int store__xfer_walk(json_t *v, const char *path,
                     int (*fn)(void *ctx, const json_t *in, json_t **out),
                     void *ctx)
{
    if (!json_is_object(v))
        return 0;
    size_t len = strcspn(path, ".");
    int last = path[len] == '\0';
    int each = len > 2 && path[len - 2] == '[' && path[len - 1] == ']';
    char name[64];
    size_t nlen = each ? len - 2 : len;
    if (nlen >= sizeof(name))
        return 0;
    memcpy(name, path, nlen);
    name[nlen] = '\0';
    json_t *child = json_object_get(v, name);
    if (!child)
        return 0;
    if (!each) {
        if (!last)
            return store__xfer_walk(child, path + len + 1, fn, ctx);
        json_t *out = NULL;
        int rc = fn(ctx, child, &out);
        if (rc == 0 && out)
            json_object_set_new(v, name, out);
        return rc;
    }
    if (!json_is_array(child))
        return 0;
    for (size_t i = 0; i < json_array_size(child); i++) {
        json_t *e = json_array_get(child, i);
        int rc = 0;
        if (last) {
            json_t *out = NULL;
            rc = fn(ctx, e, &out);
            if (rc == 0 && out)
                json_array_set_new(child, i, out);
        } else {
            rc = store__xfer_walk(e, path + len + 1, fn, ctx);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* The key of a row of table t of the natural kind, from its record. */
json_t *store__xfer_natural_key(int t, json_t *obj)
{
    json_t *key = NULL, *parts = json_array();
    int n = 0;
    for (int c = 0; c < store__xfer_ncols(t); c++) {
        const struct rj_col *col = &rj_tables[t].cols[c];
        if (!(col->flags & RJ_KEY))
            continue;
        json_t *v = json_object_get(obj, col->field);
        json_array_append(parts, v ? v : json_null());
        n++;
    }
    if (n == 1)
        key = json_incref(json_array_get(parts, 0));
    else
        key = json_incref(parts);
    json_decref(parts);
    return key;
}

/* The field of table t's one key column (the parent of an ordinal key),
 * or NULL for none. */
const char *store__xfer_parent_field(int t)
{
    for (int c = 0; c < store__xfer_ncols(t); c++)
        if (rj_tables[t].cols[c].flags & RJ_KEY)
            return rj_tables[t].cols[c].field;
    return NULL;
}

const struct rj_table *store__xfer_table(int t)
{
    return &rj_tables[t];
}

int store__xfer_select(struct store *s, int t, struct store_stmt **st,
                       struct err_info *ei)
{
    return store__prepare(s, rj_tables[t].select_sql, st, ei);
}

int store__xfer_insert(struct store *s, int t, struct store_stmt **st,
                       struct err_info *ei)
{
    return store__prepare(s, rj_tables[t].insert_sql, st, ei);
}

int store__xfer_blob(struct store *s, int t, int64_t id, struct store_stmt **st,
                     struct err_info *ei)
{
    return store__query(s, st, ei, rj_tables[t].blob_sql, "l", id);
}

int store__xfer_count(struct store *s, int t, int64_t *n, struct err_info *ei)
{
    return store__count(s, ei, n, rj_tables[t].count_sql, "");
}

/* ---- the schema's tables against the lists ---- */

/* The table of rj_tables named name, or -1. */
static int rj_table_named(const char *name)
{
    for (int t = 0; t < T_COUNT; t++)
        if (strcmp(rj_tables[t].name, name) == 0)
            return t;
    return -1;
}

static int rj_skipped_named(const char *name)
{
    for (size_t i = 0; i < RJ_SKIPPED_COUNT; i++)
        if (strcmp(rj_skipped[i].name, name) == 0)
            return 1;
    return 0;
}

/* Whether column is one table t's file carries, its id or the column its
 * insert computes. */
static int rj_column_known(int t, const char *column)
{
    if (strcmp(column, "id") == 0)
        return (rj_tables[t].flags & RJ_HAS_ID) != 0;
    if (rj_tables[t].computed && strcmp(rj_tables[t].computed, column) == 0)
        return 1;
    for (int c = 0; c < store__xfer_ncols(t); c++)
        if (strcmp(rj_tables[t].cols[c].column, column) == 0)
            return 1;
    return 0;
}

/* Every column of table t in the database is known. */
static int rj_check_columns(struct store *s, int t, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc =
        store__query(s, &st, ei, s->be->columns_sql, "t", rj_tables[t].name);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        const char *column = store__col_text(st, 0);
        if (!rj_column_known(t, column))
            rc = err_set(ei, ERR_INVAL, "db",
                         "the column %s.%s is neither exported nor left out "
                         "on purpose: this randa cannot move it "
                         "(src/store/transfer.c)",
                         rj_tables[t].name, column);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_transfer_check_schema(struct store *s, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei, s->be->tables_sql, "");
    json_t *tables = json_array();
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        json_array_append_new(tables, json_string(store__col_text(st, 0)));
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    size_t i;
    json_t *v;
    json_array_foreach(tables, i, v)
    {
        if (rc)
            break;
        const char *name = json_string_value(v);
        int t = rj_table_named(name);
        if (t >= 0)
            rc = rj_check_columns(s, t, ei);
        else if (!rj_skipped_named(name))
            rc = err_set(ei, ERR_INVAL, "db",
                         "the table %s is neither exported nor left out on "
                         "purpose: this randa cannot move it "
                         "(src/store/transfer.c)",
                         name);
    }
    json_decref(tables);
    return rc;
}
