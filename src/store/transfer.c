/*
 * The region file (store/transfer.h): every table Randa exports described
 * once, with its columns, its key and its statements, and one export and
 * one import that read the descriptions, so that a table added to the
 * file is a description added here.
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
#include "store/transfer.h"

#include "store/store_impl.h"
#include "util/buf.h"
#include "util/jsonord.h"
#include "util/jsonrec.h"
#include "util/xalloc.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tables of the file, in its order: each after those it refers to. */
enum rj_id {
    T_REGION,
    T_PROVIDER,
    T_SPECIALTY,
    T_GOAL,
    T_SPECIALTY_GOAL,
    T_SITE,
    T_AREA,
    T_ASSESSMENT_KIND,
    T_UNIT,
    T_UNIT_GOAL,
    T_CAPACITY,
    T_PERSON,
    T_APP_USER,
    T_API_TOKEN,
    T_NOTIFY_PREF,
    T_SUPERVISOR,
    T_TRAINEE,
    T_USER_ROLE,
    T_LEAVE,
    T_NEED,
    T_NEED_UNIT,
    T_NEED_GOAL,
    T_BOOKING,
    T_ROTATION_INTRO,
    T_SUPERVISION_MEETING,
    T_ASSESSMENT,
    T_ASSESSMENT_GOAL,
    T_ROTATION_RESULT,
    T_FEEDBACK_FORM,
    T_FEEDBACK,
    T_PLAN_GOAL,
    T_ACTIVITY,
    T_ACTIVITY_GOAL,
    T_SUBSTITUTE,
    T_EDU_PLAN,
    T_PLAN_APPROVAL,
    T_ST_CONTRACT,
    T_CERTIFICATE_SIGNATURE,
    T_UNIT_REVIEW,
    T_DOCTOR_PROGRAM,
    T_AUDIT_LOG,
    T_AUTH_EVENT,
    T_COUNT
};

/* How a column's value is written. */
enum rj_type {
    RJ_INT = 1, /* a whole number */
    RJ_TEXT,    /* text */
    RJ_BLOB,    /* bytes, as base64; read by the table's blob_sql */
    RJ_REF,     /* an id of table ref: written as that row's key */
    RJ_SCOPE,   /* user_role.scope_id: a trainee, unit or region by scope */
    RJ_ENTITY,  /* audit_log.entity_id: a row of the table its entity names */
    RJ_PLAN,    /* edu_plan.content: JSON whose ids are written as keys */
    RJ_CERT,    /* certificate_signature.content: the same */
};

/* Column flags. */
#define RJ_KEY  1u /* part of the key */
#define RJ_NULL 2u /* may be null */
/* Who did something, kept by name as well: null in a region's file when
 * the user is not in it (a user of the whole server). */
#define RJ_WEAK 4u

struct rj_col {
    const char *column; /* in the database */
    const char *field;  /* in the file */
    enum rj_type type;
    unsigned flags;
    int ref; /* RJ_REF: the table referred to */
};

enum rj_keykind {
    RJ_NATURAL,  /* the key columns */
    RJ_ORDINAL,  /* [the one key column (a parent), n] */
    RJ_SEQUENCE, /* n, in the order of ids */
};

/* Table flags. */
#define RJ_HAS_ID 1u /* an id column, which others may refer to */
#define RJ_SEEDED 2u /* the migrations put rows in: see rj_import_seeded() */
#define RJ_ALL    4u /* not of one region: whole in every file */

#define RJ_COLS_MAX 16

/*
 * A table of the file. select_sql reads every row (or, with ?1 a region's
 * id, that region's; RJ_ALL tables have no ?1): the id (0 without one),
 * then the columns in order, all but a blob, ordered by id. insert_sql
 * writes one row, the columns in order as ?1..?N (RETURNING id with
 * RJ_HAS_ID). blob_sql reads the blob column of the row with id ?1.
 * computed names a column of the table the file leaves out, because
 * insert_sql computes it from the others.
 */
struct rj_table {
    const char *name;
    enum rj_keykind keykind;
    unsigned flags;
    const char *select_sql;
    const char *insert_sql;
    const char *count_sql;
    const char *blob_sql;
    const char *computed;
    struct rj_col cols[RJ_COLS_MAX];
};

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
                    "disabled, created_at, password_at FROM app_user "
                    "WHERE ?1 IS NULL OR id IN (" RJ_R_USERS ") ORDER BY id",
                    "INSERT INTO app_user (username, name, person_id, "
                    "password_hash, disabled, created_at, password_at) "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                    "SELECT count(*) FROM app_user",
                    NULL,
                    NULL,
                    {K_TEXT("username"), C_TEXT("name"),
                     C_REFN("person_id", "person", T_PERSON),
                     C_TEXT("password_hash"), C_INT("disabled"),
                     C_TEXT("created_at"), C_TEXT("password_at")}},
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
    /* A region's file holds the entries of its own rows (rj_entity()). */
    [T_AUDIT_LOG] = {"audit_log",
                     RJ_SEQUENCE,
                     RJ_HAS_ID | RJ_ALL,
                     "SELECT id, at, actor, entity, entity_id, action, "
                     "before_json, after_json FROM audit_log ORDER BY id",
                     "INSERT INTO audit_log (at, actor, entity, entity_id, "
                     "action, before_json, after_json) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                     "SELECT count(*) FROM audit_log",
                     NULL,
                     NULL,
                     {C_TEXT("at"),
                      C_TEXT("actor"),
                      C_TEXT("entity"),
                      {"entity_id", "of", RJ_ENTITY, 0, 0},
                      C_TEXT("action"),
                      {"before_json", "before", RJ_TEXT, RJ_NULL, 0},
                      {"after_json", "after", RJ_TEXT, RJ_NULL, 0}}},
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
    {"login_throttle", "counts of failed log-ins, forgotten within minutes"},
    {"plan_run", "runs of the optimiser: their problems and proposals name "
                 "rows by database id, and running the optimiser again "
                 "makes them anew"},
    {"notification", "what the bell told: links and facts name rows by "
                     "database id; the daily pass tells what is due again"},
    {"mail_out", "the outbox of the server that sends: moved, a mail not "
                 "yet sent would go twice"},
};

#define RJ_SKIPPED_COUNT (sizeof(rj_skipped) / sizeof(rj_skipped[0]))

/* The table whose rows each entity of the audit log names by id. */
static const struct {
    const char *entity;
    int table;
} rj_entities[] = {
    {"activity", T_ACTIVITY},
    {"api_token", T_API_TOKEN},
    {"app_user", T_APP_USER},
    {"area", T_AREA},
    {"assessment", T_ASSESSMENT},
    {"assessment_kind", T_ASSESSMENT_KIND},
    {"booking", T_BOOKING},
    {"capacity", T_CAPACITY},
    {"certificate_signature", T_CERTIFICATE_SIGNATURE},
    {"doctor_program", T_DOCTOR_PROGRAM},
    {"edu_plan", T_EDU_PLAN},
    {"feedback", T_BOOKING},
    {"feedback_form", T_FEEDBACK_FORM},
    {"goal", T_GOAL},
    {"leave", T_LEAVE},
    {"need", T_NEED},
    {"person", T_PERSON},
    {"plan_approval", T_EDU_PLAN},
    {"plan_goal", T_TRAINEE},
    {"provider", T_PROVIDER},
    {"region", T_REGION},
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
    {"unit_review", T_UNIT_REVIEW},
    {"user_role", T_USER_ROLE},
};

/* The ids inside JSON columns, by path ("name[]" is each element). */
#define RJ_CERTNAME (-1) /* "rotation-42", "activity-7" */
struct rj_path {
    const char *path;
    int table;
};

/* An education plan's approved version (store/edu.c, edu_snapshot()). */
static const struct rj_path rj_plan_paths[] = {
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
static const struct rj_path rj_cert_paths[] = {
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
static int rj_ncols(int t)
{
    int n = 0;
    while (n < RJ_COLS_MAX && rj_tables[t].cols[n].column)
        n++;
    return n;
}

/* The table an audit entity names rows of, or -1. */
static int rj_entity(const char *entity)
{
    for (size_t i = 0; entity && i < sizeof(rj_entities) / sizeof(*rj_entities);
         i++)
        if (strcmp(rj_entities[i].entity, entity) == 0)
            return rj_entities[i].table;
    return -1;
}

/* The table a role's scope names rows of, -1 for none ('all'), or -2 for
 * a scope that is none of them. */
static int rj_scope_table(const char *scope)
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
static json_t *rj_gone(int64_t id)
{
    return json_pack("{s:I}", "id", (json_int_t)(id < 0 ? -id : id));
}

/* N of a {"id": N} (N >= 0), or -1 when v is not one. */
static int64_t rj_gone_id(const json_t *v)
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
static int rj_walk(json_t *v, const char *path,
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
            return rj_walk(child, path + len + 1, fn, ctx);
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
            rc = rj_walk(e, path + len + 1, fn, ctx);
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* ---- export ---- */

/* The keys of a table's rows, by id. */
struct rj_entry {
    int64_t id;
    json_t *key;
};

struct rj_map {
    struct rj_entry *e;
    size_t n, cap;
};

/* A row of a table being exported. */
struct rj_row {
    int64_t id;
    json_t *obj;  /* the record */
    json_t *key;  /* its key */
    json_t *sort; /* RJ_ORDINAL: [parent, the other columns...] */
    int same;     /* the same as the row before: not written */
};

struct rj_export {
    struct store *s;
    int (*write)(void *arg, const char *data, size_t n);
    void *arg;
    struct buf out;
    int64_t region; /* its id, or 0 for every region */
    struct rj_map maps[T_COUNT];
    int64_t records;
    int64_t same; /* rows written once for two */
    struct err_info *ei;
};

static int rj_entry_cmp(const void *a, const void *b)
{
    const struct rj_entry *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The key of the row of map m with id, or NULL. */
static json_t *rj_map_get(const struct rj_map *m, int64_t id)
{
    struct rj_entry want = {id, NULL};
    const struct rj_entry *e =
        m->n ? bsearch(&want, m->e, m->n, sizeof(*m->e), rj_entry_cmp) : NULL;
    return e ? e->key : NULL;
}

static void rj_map_free(struct rj_map *m)
{
    for (size_t i = 0; i < m->n; i++)
        json_decref(m->e[i].key);
    free(m->e);
    memset(m, 0, sizeof(*m));
}

/* Hands the output gathered so far to the writer, once there is enough
 * of it (or at the end). */
static int rj_flush(struct rj_export *x, int end)
{
    if (x->out.len == 0 || (!end && x->out.len < (1u << 20)))
        return 0;
    int rc = x->write(x->arg, x->out.data, x->out.len);
    buf_reset(&x->out);
    if (rc)
        return err_set(x->ei, rc, "out", "the file could not be written");
    return 0;
}

static int rj_put(struct rj_export *x, const char *text)
{
    buf_adds(&x->out, text);
    return rj_flush(x, 0);
}

/* Fails naming the row of table t with id being read. */
static int rj_export_fail(struct rj_export *x, int t, int64_t id,
                          const char *field, const char *why)
{
    return err_set(x->ei, ERR_INVAL, field, "%s (id %lld): %s: %s",
                   rj_tables[t].name, (long long)id, field, why);
}

/* A reference to row id of table ref, as its key: a new reference, or
 * NULL when the row is not in the file. */
static json_t *rj_ref_key(struct rj_export *x, int ref, int64_t id)
{
    json_t *key = rj_map_get(&x->maps[ref], id);
    return key ? json_incref(key) : NULL;
}

/* A translation of the ids inside a JSON column, one path at a time. */
struct rj_tr {
    struct rj_export *x;
    struct rj_import *im;
    int table;
};

/* An id inside JSON as its key, or {"id": N} when the file has no row of
 * that id. */
static int rj_tr_export(void *ctx, const json_t *in, json_t **out)
{
    struct rj_tr *tr = ctx;
    if (tr->table == RJ_CERTNAME) {
        const char *name = json_string_value(in);
        int table = -1;
        size_t skip = 0;
        if (name && strncmp(name, "rotation-", 9) == 0)
            table = T_BOOKING, skip = 9;
        else if (name && strncmp(name, "activity-", 9) == 0)
            table = T_ACTIVITY, skip = 9;
        if (table < 0)
            return 0;
        char *end = NULL;
        long long id = strtoll(name + skip, &end, 10);
        json_t *key = *end ? NULL : rj_ref_key(tr->x, table, id);
        if (key)
            *out = json_pack("{s:o}",
                             table == T_BOOKING ? "rotation" : "activity", key);
        return 0;
    }
    if (!json_is_integer(in))
        return 0;
    int64_t id = json_integer_value(in);
    json_t *key = rj_ref_key(tr->x, tr->table, id);
    *out = key ? key : rj_gone(id);
    return 0;
}

/* The ids of a JSON column's text as keys: the value in the file, or the
 * text itself when it is not a JSON object. */
static json_t *rj_json_out(struct rj_export *x, const char *text,
                           const struct rj_path *paths)
{
    json_t *v = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    if (!json_is_object(v)) {
        json_decref(v);
        return json_string(text);
    }
    struct rj_tr tr = {x, NULL, 0};
    for (const struct rj_path *p = paths; p->path; p++) {
        tr.table = p->table;
        rj_walk(v, p->path, rj_tr_export, &tr);
    }
    return v;
}

/*
 * Reads column col (the idx'th of the statement) of the row of table t
 * into *out; *skip is set when the row is not in the file (an audit entry
 * of a row another region's). obj holds the row's columns before this.
 */
static int rj_value_out(struct rj_export *x, int t, int64_t id,
                        const struct rj_col *col, struct store_stmt *st,
                        int idx, json_t *obj, json_t **out, int *skip)
{
    *out = NULL;
    if (store__col_null(st, idx)) {
        *out = json_null();
        return 0;
    }
    const char *text = NULL;
    int ref = col->ref;
    switch (col->type) {
    case RJ_INT:
        *out = json_integer(store__col_int64(st, idx));
        return 0;
    case RJ_TEXT:
    case RJ_PLAN:
    case RJ_CERT:
        text = store__col_text(st, idx);
        if (col->type == RJ_PLAN)
            *out = rj_json_out(x, text, rj_plan_paths);
        else if (col->type == RJ_CERT)
            *out = rj_json_out(x, text, rj_cert_paths);
        else
            *out = json_string(text);
        if (!*out)
            return rj_export_fail(x, t, id, col->field, "text not in UTF-8");
        return 0;
    case RJ_SCOPE:
        ref = rj_scope_table(json_string_value(json_object_get(obj, "scope")));
        if (ref < 0)
            return rj_export_fail(x, t, id, col->field,
                                  "an id where the scope names none");
        break;
    case RJ_ENTITY:
        ref = rj_entity(json_string_value(json_object_get(obj, "entity")));
        break;
    case RJ_REF:
        if (ref == t) { /* resolved once the table's keys are known */
            *out = json_integer(store__col_int64(st, idx));
            return 0;
        }
        break;
    default:
        return rj_export_fail(x, t, id, col->field, "unknown type");
    }
    int64_t target = store__col_int64(st, idx);
    *out = ref >= 0 ? rj_ref_key(x, ref, target) : NULL;
    if (*out)
        return 0;
    if (col->type == RJ_ENTITY) {
        /* A row no longer there, or of an entity this randa cannot key. A
         * region's file keeps only the entries of its own rows. */
        if (x->region)
            *skip = 1;
        else
            *out = rj_gone(target);
        return 0;
    }
    if (x->region && (col->flags & RJ_WEAK)) {
        *out = json_null();
        return 0;
    }
    char why[160];
    snprintf(why, sizeof(why), "%s id %lld is not in the file%s",
             rj_tables[ref].name, (long long)target,
             x->region ? " (it is another region's)" : "");
    return rj_export_fail(x, t, id, col->field, why);
}

/*
 * Reads the current row of st (table t) into row->obj: its columns but a
 * blob, references as keys.
 */
static int rj_row_read(struct rj_export *x, int t, struct store_stmt *st,
                       struct rj_row *row, int *skip)
{
    row->id = store__col_int64(st, 0);
    row->obj = json_object();
    int idx = 1, rc = 0;
    for (int c = 0; rc == 0 && c < rj_ncols(t); c++) {
        const struct rj_col *col = &rj_tables[t].cols[c];
        if (col->type == RJ_BLOB)
            continue;
        json_t *v = NULL;
        rc = rj_value_out(x, t, row->id, col, st, idx++, row->obj, &v, skip);
        if (v)
            json_object_set_new(row->obj, col->field, v);
    }
    return rc;
}

/* The key of a row of table t of the natural kind, from its record. */
static json_t *rj_natural_key(int t, json_t *obj)
{
    json_t *key = NULL, *parts = json_array();
    int n = 0;
    for (int c = 0; c < rj_ncols(t); c++) {
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
static const char *rj_parent_field(int t)
{
    for (int c = 0; c < rj_ncols(t); c++)
        if (rj_tables[t].cols[c].flags & RJ_KEY)
            return rj_tables[t].cols[c].field;
    return NULL;
}

/* [parent, the other columns in order]: the order of ordinal rows. */
static json_t *rj_sort_of(int t, json_t *obj)
{
    const char *pf = rj_parent_field(t);
    json_t *a = json_array();
    json_array_append(a, pf ? json_object_get(obj, pf) : json_null());
    for (int c = 0; c < rj_ncols(t); c++) {
        const struct rj_col *col = &rj_tables[t].cols[c];
        if ((col->flags & RJ_KEY) || col->type == RJ_BLOB)
            continue;
        json_t *v = json_object_get(obj, col->field);
        json_array_append(a, v ? v : json_null());
    }
    return a;
}

static int rj_row_sort_cmp(const void *a, const void *b)
{
    const struct rj_row *x = a, *y = b;
    int c = jsonord_cmp(x->sort, y->sort);
    if (c)
        return c;
    return (x->id > y->id) - (x->id < y->id);
}

static int rj_row_key_cmp(const void *a, const void *b)
{
    const struct rj_row *x = a, *y = b;
    return jsonord_cmp(x->key, y->key);
}

static void rj_rows_free(struct rj_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_decref(rows[i].obj);
        json_decref(rows[i].key);
        json_decref(rows[i].sort);
    }
    free(rows);
}

/* Binds ?1 of table t's select: the region's id, or NULL for all. */
static int rj_bind_region(struct rj_export *x, int t, struct store_stmt *st)
{
    if (rj_tables[t].flags & RJ_ALL)
        return STORE_OK;
    return x->region ? store__bind_int64(st, 1, x->region)
                     : store__bind_null(st, 1);
}

/* The blob of row id of table t as base64 into row->obj. */
static int rj_blob_out(struct rj_export *x, int t, struct rj_row *row)
{
    const struct rj_col *col = NULL;
    for (int c = 0; c < rj_ncols(t); c++)
        if (rj_tables[t].cols[c].type == RJ_BLOB)
            col = &rj_tables[t].cols[c];
    if (!col)
        return 0;
    struct store_stmt *st = NULL;
    int rc =
        store__query(x->s, &st, x->ei, rj_tables[t].blob_sql, "l", row->id);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step != STORE_ROW) {
        rc = step == STORE_DONE
                 ? rj_export_fail(x, t, row->id, col->field, "row gone")
                 : store__db_error(x->s, x->ei);
        store__finalize(st);
        return rc;
    }
    size_t n = 0;
    const void *bytes = store__col_blob(st, 0, &n);
    json_t *v = json_null();
    if (bytes) {
        size_t len =
            sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
        char *b64 = xmalloc(len);
        sodium_bin2base64(b64, len, bytes, n, sodium_base64_VARIANT_ORIGINAL);
        v = json_string(b64);
        free(b64);
    }
    store__finalize(st);
    json_object_set_new(row->obj, col->field, v);
    return 0;
}

/* Writes record obj (with a separator before all but the first). */
static int rj_write_record(struct rj_export *x, json_t *obj, int first)
{
    char *text = jsonord_text(obj);
    if (!text)
        return err_set(x->ei, ERR_INVAL, "", "a record cannot be written");
    buf_adds(&x->out, first ? "\n" : ",\n");
    buf_adds(&x->out, text);
    free(text);
    x->records++;
    return rj_flush(x, 0);
}

/* A log (a sequence): each row written as it is read, n counting. */
static int rj_export_sequence(struct rj_export *x, int t, struct store_stmt *st)
{
    int step, rc = 0;
    int64_t n = 0;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct rj_row row = {0};
        int skip = 0;
        rc = rj_row_read(x, t, st, &row, &skip);
        if (rc == 0 && !skip) {
            json_object_set_new(row.obj, "n", json_integer(++n));
            rc = rj_write_record(x, row.obj, n == 1);
        }
        json_decref(row.obj);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, x->ei);
    return rc;
}

/* Resolves the references of table t to its own rows (a specialty's
 * parent), read as ids, once the table's keys are known. */
static int rj_resolve_self(struct rj_export *x, int t, struct rj_row *rows,
                           size_t n)
{
    for (int c = 0; c < rj_ncols(t); c++) {
        const struct rj_col *col = &rj_tables[t].cols[c];
        if (col->type != RJ_REF || col->ref != t)
            continue;
        for (size_t i = 0; i < n; i++) {
            json_t *v = json_object_get(rows[i].obj, col->field);
            if (!json_is_integer(v))
                continue;
            json_t *key = rj_ref_key(x, t, json_integer_value(v));
            if (!key)
                return rj_export_fail(x, t, rows[i].id, col->field,
                                      "refers to a row not in the file");
            json_object_set_new(rows[i].obj, col->field, key);
        }
    }
    return 0;
}

/*
 * A table: every row read, keyed (ordinal rows numbered among their
 * parent's), its keys kept for the tables after it, then written sorted
 * by key.
 */
static int rj_export_rows(struct rj_export *x, int t, struct store_stmt *st)
{
    struct rj_row *rows = NULL;
    size_t n = 0, cap = 0;
    int step, rc = 0;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        xgrow((void **)&rows, &cap, n + 1, sizeof(*rows));
        memset(&rows[n], 0, sizeof(*rows));
        int skip = 0;
        rc = rj_row_read(x, t, st, &rows[n++], &skip);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(x->s, x->ei);
    if (rc == 0 && rj_tables[t].keykind == RJ_ORDINAL) {
        for (size_t i = 0; i < n; i++)
            rows[i].sort = rj_sort_of(t, rows[i].obj);
        if (n)
            qsort(rows, n, sizeof(*rows), rj_row_sort_cmp);
        int64_t k = 0;
        for (size_t i = 0; i < n; i++) {
            json_t *parent = json_array_get(rows[i].sort, 0);
            k = i && jsonord_cmp(parent, json_array_get(rows[i - 1].sort, 0)) ==
                            0
                    ? k + 1
                    : 1;
            json_object_set_new(rows[i].obj, "n", json_integer(k));
            rows[i].key = json_pack("[O, I]", parent, (json_int_t)k);
        }
    } else if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            rows[i].key = rj_natural_key(t, rows[i].obj);
    }
    if (rc == 0 && (rj_tables[t].flags & RJ_HAS_ID)) {
        struct rj_map *m = &x->maps[t];
        m->e = xcalloc(n ? n : 1, sizeof(*m->e));
        for (size_t i = 0; i < n; i++)
            m->e[m->n++] =
                (struct rj_entry){rows[i].id, json_incref(rows[i].key)};
        qsort(m->e, m->n, sizeof(*m->e), rj_entry_cmp);
        rc = rj_resolve_self(x, t, rows, n);
    }
    if (rc == 0 && n)
        qsort(rows, n, sizeof(*rows), rj_row_key_cmp);
    /*
     * Two rows with one key: where a key column may be NULL, the schema's
     * UNIQUE lets a row be written twice (an administrator's role of
     * 'all'). The same in every column, they are one fact, written once;
     * their ids keep the one key. Rows that differ cannot be told apart.
     */
    for (size_t i = 1; rc == 0 && i < n; i++)
        if (jsonord_cmp(rows[i].key, rows[i - 1].key) == 0) {
            if (!json_equal(rows[i].obj, rows[i - 1].obj))
                rc = rj_export_fail(x, t, rows[i].id, "key",
                                    "two different rows have the same key");
            else
                rows[i].same = 1, x->same++;
        }
    for (size_t i = 0, k = 0; rc == 0 && i < n; i++) {
        if (rows[i].same)
            continue;
        rc = rj_blob_out(x, t, &rows[i]);
        if (rc == 0)
            rc = rj_write_record(x, rows[i].obj, k++ == 0);
        /* A report may be megabytes: keep none once written. */
        json_decref(rows[i].obj);
        rows[i].obj = NULL;
    }
    rj_rows_free(rows, n);
    return rc;
}

static int rj_export_table(struct rj_export *x, int t)
{
    struct store_stmt *st = NULL;
    int rc = store__prepare(x->s, rj_tables[t].select_sql, &st, x->ei);
    if (rc)
        return rc;
    if (rj_bind_region(x, t, st) != STORE_OK) {
        rc = store__db_error(x->s, x->ei);
        store__finalize(st);
        return rc;
    }
    char head[96];
    snprintf(head, sizeof(head), ",\n\"%s\":[", rj_tables[t].name);
    rc = rj_put(x, head);
    if (rc == 0)
        rc = rj_tables[t].keykind == RJ_SEQUENCE ? rj_export_sequence(x, t, st)
                                                 : rj_export_rows(x, t, st);
    store__finalize(st);
    if (rc == 0)
        rc = rj_put(x, "\n]");
    return rc;
}

int store_transfer_export(struct store *s, const char *region,
                          int (*write)(void *arg, const char *data, size_t n),
                          void *arg, struct transfer_stats *stats,
                          struct err_info *ei)
{
    struct rj_export x = {.s = s, .write = write, .arg = arg, .ei = ei};
    x.out = (struct buf)BUF_INIT(0);
    int rc = store_transfer_check_schema(s, ei);
    if (rc)
        return rc;
    rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    if (region) {
        struct store_stmt *st = NULL;
        rc = store__query(s, &st, ei, "SELECT id FROM region WHERE code = ?1",
                          "t", region);
        if (rc == 0) {
            int step = store__step(st);
            if (step == STORE_ROW)
                x.region = store__col_int64(st, 0);
            else if (step == STORE_DONE)
                rc = err_set(ei, ERR_NOTFOUND, "region",
                             "region: no region has the code %s", region);
            else
                rc = store__db_error(s, ei);
        }
        store__finalize(st);
    }
    if (rc == 0) {
        char head[96];
        snprintf(head, sizeof(head), "{\"format\":\"%s\",\"version\":%d",
                 STORE_TRANSFER_FORMAT, STORE_TRANSFER_VERSION);
        rc = rj_put(&x, head);
    }
    for (int t = 0; rc == 0 && t < T_COUNT; t++)
        rc = rj_export_table(&x, t);
    if (rc == 0)
        rc = rj_put(&x, "}\n");
    if (rc == 0)
        rc = rj_flush(&x, 1);
    int64_t unsent = 0;
    if (rc == 0)
        rc = store__count(s, ei, &unsent,
                          "SELECT count(*) FROM mail_out WHERE sent_at IS NULL",
                          "");
    store__read_end(s);
    for (int t = 0; t < T_COUNT; t++)
        rj_map_free(&x.maps[t]);
    buf_release(&x.out);
    if (stats) {
        stats->records = x.records;
        stats->tables = T_COUNT;
        stats->mail_unsent = unsent;
        stats->same = x.same;
    }
    return rc;
}

/* ---- import ---- */

struct rj_import {
    struct store *s;
    json_t *maps[T_COUNT]; /* key text -> id */
    int64_t records;
    struct err_info *ei;
};

/* A value bound to an insert. */
struct rj_val {
    int null;
    int64_t i;
    const char *text;
    unsigned char *bytes; /* owned */
    size_t n;
    char *owned; /* text this value owns */
};

/* The record being read, for messages. */
struct rj_rec {
    int t;
    long line;
    char *key; /* its key as text, once known */
};

/* Fails naming the record: its table, key (or line) and field. */
static int rj_import_fail(struct rj_import *im, const struct rj_rec *r,
                          const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int rj_import_fail(struct rj_import *im, const struct rj_rec *r,
                          const char *field, const char *fmt, ...)
{
    char why[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return err_set(im->ei, ERR_INVAL, field, "line %ld: %s%s%s%s%s: %s",
                   r->line, rj_tables[r->t].name, r->key ? " " : "",
                   r->key ? r->key : "", field && *field ? ": " : "",
                   field ? field : "", why);
}

/* The id of the row of table t with key (any JSON value), or 0. */
static int64_t rj_lookup(struct rj_import *im, int t, const json_t *key)
{
    char *text = jsonord_text(key);
    json_t *id = text ? json_object_get(im->maps[t], text) : NULL;
    free(text);
    return id ? json_integer_value(id) : 0;
}

/* A key in a message: its text, cut short. */
static void rj_key_text(const json_t *key, char *out, size_t size)
{
    char *text = jsonord_text(key);
    snprintf(out, size, "%s", text ? text : "?");
    free(text);
}

/* A key inside a JSON column as the id it names now; {"id": N} as -N. */
static int rj_tr_import(void *ctx, const json_t *in, json_t **out)
{
    struct rj_tr *tr = ctx;
    if (json_is_null(in))
        return 0;
    if (tr->table == RJ_CERTNAME) {
        const char *kind = json_object_get(in, "rotation")   ? "rotation"
                           : json_object_get(in, "activity") ? "activity"
                                                             : NULL;
        if (!kind)
            return 0;
        int table = kind[0] == 'r' ? T_BOOKING : T_ACTIVITY;
        int64_t id = rj_lookup(tr->im, table, json_object_get(in, kind));
        if (!id)
            return ERR_NOTFOUND;
        *out = json_sprintf("%s-%lld", kind, (long long)id);
        return 0;
    }
    int64_t gone = rj_gone_id(in);
    if (gone >= 0) {
        *out = json_integer(-gone);
        return 0;
    }
    int64_t id = rj_lookup(tr->im, tr->table, in);
    if (!id)
        return ERR_NOTFOUND;
    *out = json_integer(id);
    return 0;
}

/* A JSON column from the file: a string as it is, an object with its
 * keys made ids again, as the store writes it (compact, sorted). */
static int rj_json_in(struct rj_import *im, const struct rj_rec *r,
                      const struct rj_col *col, const json_t *v,
                      struct rj_val *out)
{
    if (json_is_string(v)) {
        out->text = json_string_value(v);
        return 0;
    }
    if (!json_is_object(v))
        return rj_import_fail(im, r, col->field,
                              "must be an object or a string");
    json_t *copy = json_deep_copy(v);
    const struct rj_path *paths =
        col->type == RJ_PLAN ? rj_plan_paths : rj_cert_paths;
    struct rj_tr tr = {NULL, im, 0};
    for (const struct rj_path *p = paths; p->path; p++) {
        tr.table = p->table;
        if (rj_walk(copy, p->path, rj_tr_import, &tr) != 0) {
            json_decref(copy);
            return rj_import_fail(
                im, r, col->field, "%s: names no row of %s", p->path,
                p->table == RJ_CERTNAME ? "booking or activity"
                                        : rj_tables[p->table].name);
        }
    }
    out->owned = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
    out->text = out->owned;
    json_decref(copy);
    return 0;
}

/* A reference from the file (a key) as the id of table ref's row. */
static int rj_ref_in(struct rj_import *im, const struct rj_rec *r,
                     const struct rj_col *col, int ref, const json_t *v,
                     struct rj_val *out)
{
    int64_t gone = col->type == RJ_ENTITY ? rj_gone_id(v) : -1;
    if (gone >= 0) {
        out->i = -gone;
        return 0;
    }
    if (ref < 0)
        return rj_import_fail(im, r, col->field, "names no table");
    out->i = rj_lookup(im, ref, v);
    if (out->i)
        return 0;
    char key[96];
    rj_key_text(v, key, sizeof(key));
    return rj_import_fail(im, r, col->field, "no %s %s in the file",
                          rj_tables[ref].name, key);
}

/* Reads field col of record obj into *out, checking its type. */
static int rj_value_in(struct rj_import *im, const struct rj_rec *r,
                       const struct rj_col *col, json_t *obj,
                       struct rj_val *out)
{
    json_t *v = json_object_get(obj, col->field);
    if (!v)
        return rj_import_fail(im, r, col->field, "missing");
    if (json_is_null(v)) {
        if (!(col->flags & RJ_NULL))
            return rj_import_fail(im, r, col->field, "must not be null");
        out->null = 1;
        return 0;
    }
    switch (col->type) {
    case RJ_INT:
        if (!json_is_integer(v))
            return rj_import_fail(im, r, col->field, "must be a whole number");
        out->i = json_integer_value(v);
        return 0;
    case RJ_TEXT:
        if (!json_is_string(v))
            return rj_import_fail(im, r, col->field, "must be a string");
        out->text = json_string_value(v);
        return 0;
    case RJ_BLOB: {
        const char *b64 = json_string_value(v);
        if (!b64)
            return rj_import_fail(im, r, col->field,
                                  "must be a string (base64)");
        size_t len = strlen(b64), n = 0;
        const char *end = NULL;
        out->bytes = xmalloc(len / 4 * 3 + 3);
        if (sodium_base642bin(out->bytes, len / 4 * 3 + 3, b64, len, NULL, &n,
                              &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
            end != b64 + len)
            return rj_import_fail(im, r, col->field, "not base64");
        out->n = n;
        return 0;
    }
    case RJ_REF:
        return rj_ref_in(im, r, col, col->ref, v, out);
    case RJ_SCOPE: {
        int ref =
            rj_scope_table(json_string_value(json_object_get(obj, "scope")));
        if (ref == -1)
            return rj_import_fail(im, r, col->field,
                                  "must be null for the scope 'all'");
        return rj_ref_in(im, r, col, ref < 0 ? -1 : ref, v, out);
    }
    case RJ_ENTITY:
        return rj_ref_in(
            im, r, col,
            rj_entity(json_string_value(json_object_get(obj, "entity"))), v,
            out);
    case RJ_PLAN:
    case RJ_CERT:
        return rj_json_in(im, r, col, v, out);
    }
    return rj_import_fail(im, r, col->field, "unknown type");
}

/* The key of record obj of table t (as export writes it) into *key. */
static int rj_key_in(struct rj_import *im, struct rj_rec *r, json_t *obj,
                     json_t **key)
{
    int t = r->t;
    *key = NULL;
    if (rj_tables[t].keykind == RJ_NATURAL) {
        for (int c = 0; c < rj_ncols(t); c++) {
            const struct rj_col *col = &rj_tables[t].cols[c];
            if ((col->flags & RJ_KEY) && !json_object_get(obj, col->field))
                return rj_import_fail(im, r, col->field, "missing");
        }
        *key = rj_natural_key(t, obj);
        return 0;
    }
    json_t *n = json_object_get(obj, "n");
    if (!json_is_integer(n) || json_integer_value(n) < 1)
        return rj_import_fail(im, r, "n", "must be a whole number from 1");
    if (rj_tables[t].keykind == RJ_SEQUENCE) {
        *key = json_incref(n);
        return 0;
    }
    const char *pf = rj_parent_field(t);
    json_t *parent = json_object_get(obj, pf);
    if (!parent)
        return rj_import_fail(im, r, pf, "missing");
    *key = json_pack("[O, O]", parent, n);
    return 0;
}

/* Whether table t has a column of its own rows (a specialty's parent)
 * whose row the file has not given yet. */
static int rj_waits(struct rj_import *im, int t, json_t *obj)
{
    for (int c = 0; c < rj_ncols(t); c++) {
        const struct rj_col *col = &rj_tables[t].cols[c];
        json_t *v = json_object_get(obj, col->field);
        if (col->type == RJ_REF && col->ref == t && v && !json_is_null(v) &&
            !rj_lookup(im, t, v))
            return 1;
    }
    return 0;
}

/* Binds vals (n of them, for table t's columns) to st. */
static int rj_bind(struct store_stmt *st, int t, const struct rj_val *vals,
                   int n)
{
    int rc = STORE_OK;
    for (int c = 0; rc == STORE_OK && c < n; c++) {
        const struct rj_col *col = &rj_tables[t].cols[c];
        const struct rj_val *v = &vals[c];
        int texty = col->type == RJ_TEXT || col->type == RJ_PLAN ||
                    col->type == RJ_CERT;
        if (v->null)
            rc = col->type == RJ_BLOB ? store__bind_null_blob(st, c + 1)
                 : texty              ? store__bind_null_text(st, c + 1)
                                      : store__bind_null(st, c + 1);
        else if (col->type == RJ_BLOB)
            rc = store__bind_blob(st, c + 1, v->bytes, v->n);
        else if (texty)
            rc = store__bind_text(st, c + 1, v->text);
        else
            rc = store__bind_int64(st, c + 1, v->i);
    }
    return rc;
}

/*
 * Imports record obj of table t with st, its prepared insert. *waits is
 * set instead when it names a row of its own table not imported yet.
 */
static int rj_import_record(struct rj_import *im, int t, struct store_stmt *st,
                            json_t *obj, long line, int *waits)
{
    struct rj_rec r = {t, line, NULL};
    if (!json_is_object(obj))
        return rj_import_fail(im, &r, NULL, "a record must be an object");
    json_t *key = NULL;
    int rc = rj_key_in(im, &r, obj, &key);
    if (rc)
        return rc;
    r.key = jsonord_text(key);
    json_decref(key);
    if (!r.key)
        return rj_import_fail(im, &r, NULL, "a key that is not text");
    const char *name;
    json_t *v;
    json_object_foreach(obj, name, v)
    {
        int known =
            strcmp(name, "n") == 0 && rj_tables[t].keykind != RJ_NATURAL;
        for (int c = 0; !known && c < rj_ncols(t); c++)
            known = strcmp(rj_tables[t].cols[c].field, name) == 0;
        if (!known) {
            rc = rj_import_fail(im, &r, name, "not a field of %s",
                                rj_tables[t].name);
            break;
        }
    }
    if (rc) {
        free(r.key);
        return rc;
    }
    if (waits && rj_waits(im, t, obj)) {
        *waits = 1;
        free(r.key);
        return 0;
    }
    int n = rj_ncols(t);
    struct rj_val vals[RJ_COLS_MAX];
    memset(vals, 0, sizeof(vals));
    for (int c = 0; rc == 0 && c < n; c++)
        rc = rj_value_in(im, &r, &rj_tables[t].cols[c], obj, &vals[c]);
    /* The logs' rows are named by no other: their ids are not kept. */
    int keep =
        (rj_tables[t].flags & RJ_HAS_ID) && rj_tables[t].keykind != RJ_SEQUENCE;
    if (rc == 0 && keep && json_object_get(im->maps[t], r.key))
        rc = rj_import_fail(im, &r, NULL, "a second record with this key");
    if (rc == 0) {
        store__reset(st);
        int step = rj_bind(st, t, vals, n);
        if (step == STORE_OK)
            step = store__step(st);
        int want = (rj_tables[t].flags & RJ_HAS_ID) ? STORE_ROW : STORE_DONE;
        if (step == want) {
            if (keep)
                json_object_set_new(im->maps[t], r.key,
                                    json_integer(store__col_int64(st, 0)));
            im->records++;
        } else {
            struct err_info db;
            err_clear(&db);
            store__db_error(im->s, &db);
            rc = rj_import_fail(im, &r, db.field, "%s", db.msg);
        }
        store__reset(st);
    }
    for (int c = 0; c < n; c++) {
        free(vals[c].bytes);
        free(vals[c].owned);
    }
    free(r.key);
    return rc;
}

/* Rows the migrations put into table t (the kinds of assessment): their
 * ids before the file's rows are written by code over them. */
static int rj_seeded_ids(struct rj_import *im, json_t **ids)
{
    *ids = json_array();
    struct store_stmt *st = NULL;
    int rc = store__query(im->s, &st, im->ei,
                          "SELECT id FROM assessment_kind ORDER BY id", "");
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        json_array_append_new(*ids, json_integer(store__col_int64(st, 0)));
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(im->s, im->ei);
    store__finalize(st);
    return rc;
}

/* Deletes the seeded rows of ids the file did not name, so that the
 * target holds the file's rows and no others. */
static int rj_unseed(struct rj_import *im, int t, json_t *ids)
{
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        int named = 0;
        const char *k;
        json_t *v;
        json_object_foreach(im->maps[t], k, v)
        {
            if (json_integer_value(v) == json_integer_value(id))
                named = 1;
        }
        int rc = named ? 0
                       : store__exec(im->s, im->ei, NULL,
                                     "DELETE FROM assessment_kind "
                                     "WHERE id = ?1",
                                     "l", (int64_t)json_integer_value(id));
        if (rc)
            return rc;
    }
    return 0;
}

/*
 * Imports the elements of table t's array, to its end. A record that
 * names a row of its own table the file gives later waits for it.
 */
static int rj_import_table(struct rj_import *im, struct jsonrec *rd, int t)
{
    struct store_stmt *st = NULL;
    json_t *seeded = NULL, *waiting = json_array();
    int rc = 0;
    if (rj_tables[t].flags & RJ_SEEDED)
        rc = rj_seeded_ids(im, &seeded);
    if (rc == 0)
        rc = store__prepare(im->s, rj_tables[t].insert_sql, &st, im->ei);
    struct jsonrec_item it = {.event = JSONREC_END};
    while (rc == 0 && (rc = jsonrec_next(rd, &it, im->ei)) == 0 &&
           it.event == JSONREC_ELEMENT) {
        int waits = 0;
        rc = rj_import_record(im, t, st, it.value, it.line, &waits);
        if (rc == 0 && waits)
            json_array_append_new(waiting,
                                  json_pack("{s:O, s:I}", "record", it.value,
                                            "line", (json_int_t)it.line));
        json_decref(it.value);
    }
    if (rc == 0 && it.event != JSONREC_ARRAY_END)
        rc = err_set(im->ei, ERR_SYNTAX, "", "%s: not an array of records",
                     rj_tables[t].name);
    /* Those that waited, as long as some of them can go. */
    for (size_t done = 1; rc == 0 && done && json_array_size(waiting);) {
        done = 0;
        for (size_t i = 0; rc == 0 && i < json_array_size(waiting);) {
            json_t *w = json_array_get(waiting, i);
            int waits = 0;
            rc = rj_import_record(
                im, t, st, json_object_get(w, "record"),
                (long)json_integer_value(json_object_get(w, "line")), &waits);
            if (rc == 0 && !waits) {
                json_array_remove(waiting, i);
                done++;
            } else {
                i++;
            }
        }
    }
    if (rc == 0 && json_array_size(waiting)) {
        /* None can go: import the first without waiting, to name why. */
        json_t *w = json_array_get(waiting, 0);
        rc = rj_import_record(
            im, t, st, json_object_get(w, "record"),
            (long)json_integer_value(json_object_get(w, "line")), NULL);
    }
    store__finalize(st);
    if (rc == 0 && seeded)
        rc = rj_unseed(im, t, seeded);
    json_decref(seeded);
    json_decref(waiting);
    return rc;
}

/* Refuses a database that holds data: an import writes only into an empty
 * one (the kinds of assessment the migrations put in aside). */
static int rj_import_empty(struct rj_import *im)
{
    struct buf held = BUF_INIT(0);
    int rc = 0, more = 0;
    for (int t = 0; rc == 0 && t < T_COUNT; t++) {
        int64_t n = 0;
        if (rj_tables[t].flags & RJ_SEEDED)
            continue;
        rc = store__count(im->s, im->ei, &n, rj_tables[t].count_sql, "");
        if (rc == 0 && n > 0 && held.len < 120)
            buf_addf(&held, "%s%lld %s", held.len ? ", " : "", (long long)n,
                     rj_tables[t].name);
        else if (rc == 0 && n > 0 && !more++)
            buf_adds(&held, ", …");
    }
    if (rc == 0 && held.len)
        rc = err_set(im->ei, ERR_CONFLICT, "db",
                     "the database is not empty (it holds %s): import into a "
                     "new database",
                     held.data);
    buf_release(&held);
    return rc;
}

/* The file's first two members: its format and version. */
static int rj_import_header(struct jsonrec *rd, struct err_info *ei)
{
    struct jsonrec_item it;
    int rc = jsonrec_next(rd, &it, ei);
    if (rc)
        return rc;
    int ok = it.event == JSONREC_MEMBER && strcmp(it.name, "format") == 0 &&
             json_is_string(it.value) &&
             strcmp(json_string_value(it.value), STORE_TRANSFER_FORMAT) == 0;
    json_decref(it.value);
    if (!ok)
        return err_set(ei, ERR_INVAL, "format",
                       "not a Randa region file: it must begin with "
                       "\"format\": \"%s\"",
                       STORE_TRANSFER_FORMAT);
    rc = jsonrec_next(rd, &it, ei);
    if (rc)
        return rc;
    ok = it.event == JSONREC_MEMBER && strcmp(it.name, "version") == 0 &&
         json_is_integer(it.value);
    json_int_t version = ok ? json_integer_value(it.value) : 0;
    json_decref(it.value);
    if (!ok)
        return err_set(ei, ERR_INVAL, "version",
                       "line %ld: the format's \"version\" must follow it",
                       it.line);
    if (version != STORE_TRANSFER_VERSION)
        return err_set(ei, ERR_INVAL, "version",
                       "the file is of format version %lld; this randa reads "
                       "version %d",
                       (long long)version, STORE_TRANSFER_VERSION);
    return 0;
}

/* Reads every table, in the order of rj_tables, then the file's end. */
static int rj_import_tables(struct rj_import *im, struct jsonrec *rd)
{
    int rc = 0;
    struct jsonrec_item it;
    for (int t = 0; rc == 0 && t < T_COUNT; t++) {
        rc = jsonrec_next(rd, &it, im->ei);
        if (rc)
            break;
        if (it.event != JSONREC_ARRAY ||
            strcmp(it.name, rj_tables[t].name) != 0) {
            rc = err_set(im->ei, ERR_INVAL, rj_tables[t].name,
                         "line %ld: expected the table \"%s\" (an array), "
                         "found %s%s%s",
                         it.line, rj_tables[t].name,
                         it.event == JSONREC_END ? "the end of the file" : "\"",
                         it.event == JSONREC_END ? "" : it.name,
                         it.event == JSONREC_END ? "" : "\"");
            json_decref(it.value);
            break;
        }
        rc = rj_import_table(im, rd, t);
    }
    if (rc == 0)
        rc = jsonrec_next(rd, &it, im->ei);
    if (rc == 0 && it.event != JSONREC_END) {
        rc = err_set(im->ei, ERR_INVAL, it.name,
                     "line %ld: \"%s\" is not a table this randa knows",
                     it.line, it.name ? it.name : "");
        json_decref(it.value);
    }
    return rc;
}

int store_transfer_import(struct store *s, struct jsonrec *rd,
                          struct transfer_stats *stats, struct err_info *ei)
{
    struct rj_import im = {.s = s, .ei = ei};
    for (int t = 0; t < T_COUNT; t++)
        im.maps[t] = json_object();
    int rc = store_transfer_check_schema(s, ei);
    if (rc == 0)
        rc = rj_import_header(rd, ei);
    if (rc == 0)
        rc = store_begin(s, ei);
    if (rc == 0) {
        rc = rj_import_empty(&im);
        /* The first failure ends the import and rolls all of it back. */
        s->bulk = 1;
        if (rc == 0)
            rc = rj_import_tables(&im, rd);
        s->bulk = 0;
        if (rc == 0)
            rc = store_commit(s, ei);
        else
            store_rollback(s);
    }
    for (int t = 0; t < T_COUNT; t++)
        json_decref(im.maps[t]);
    if (stats) {
        stats->records = rc ? 0 : im.records;
        stats->tables = T_COUNT;
        stats->mail_unsent = 0;
        stats->same = 0;
    }
    return rc;
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
    for (int c = 0; c < rj_ncols(t); c++)
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
