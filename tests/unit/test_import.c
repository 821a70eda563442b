/*
 * Imports into the store (issue 15): a dry run writes nothing, an import
 * is all or nothing, the same file twice changes nothing the second time,
 * every write is in the audit log with the import's id, and a row outside
 * the importer's scope is a problem of that row, on a real SQLite file.
 */
#include "store/import.h"
#include "store/store.h"
#include "tmpdb.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static char path[64];
static struct store *st;
static struct err_info ei;
static int64_t unit_a, unit_b;

static void setup(void)
{
    tmpdb_path(path, sizeof(path), "import");
    cr_assert_eq(store_open(path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
    struct region r = {0};
    snprintf(r.code, sizeof(r.code), "skane");
    snprintf(r.name, sizeof(r.name), "Region Skåne");
    cr_assert_eq(store_region_insert(st, &r, &ei), 0, "%s", ei.msg);
    struct provider p = {0};
    snprintf(p.name, sizeof(p.name), "Region Skåne");
    snprintf(p.org_nr, sizeof(p.org_nr), "232100-0255");
    cr_assert_eq(store_provider_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct specialty sp = {0};
    snprintf(sp.code, sizeof(sp.code), "allmanmedicin");
    snprintf(sp.name_sv, sizeof(sp.name_sv), "Allmänmedicin");
    snprintf(sp.name_en, sizeof(sp.name_en), "General practice");
    cr_assert_eq(store_specialty_insert(st, &sp, &ei), 0, "%s", ei.msg);
    struct unit u = {0};
    u.region_id = r.id;
    u.provider_id = p.id;
    u.specialty_id = sp.id;
    u.kind = UNIT_PRIMARY_CARE;
    u.takes_trainees = 1;
    u.max_away = STORE_NONE;
    snprintf(u.name, sizeof(u.name), "VC Lund");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-A1");
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    unit_a = u.id;
    u.id = 0;
    snprintf(u.name, sizeof(u.name), "VC Ystad");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-B2");
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    unit_b = u.id;
    store_set_actor(st, "tester");
}

static void teardown(void)
{
    store_close(st);
    tmpdb_remove(path);
}

TestSuite(import, .init = setup, .fini = teardown);

static const char trainees_csv[] =
    "email;name;hsa_id;specialty;regulation;home_unit;start_date;"
    "planned_end;fte\r\n"
    "sara.lind@x.se;Sara Lind;SE2321000255-P1;allmanmedicin;2021;"
    "SE2321000255-A1;2026-09-01;2031-08-31;100\r\n"
    "per.ek@x.se;Per Ek;;allmanmedicin;2015;SE2321000255-B2;2025-01-01;"
    "2030-01-01;0,75\r\n";

static const struct import_file file = {"t.csv", "csv", 10,
                                        "0000000000000000000000000000000000000"
                                        "000000000000000000000000000",
                                        0};

static int64_t count(enum store_entity e)
{
    int64_t n = -1;
    cr_assert_eq(store_count(st, e, &n, &ei), 0);
    return n;
}

/* Imports text as kind with grants; the report in *r. */
static int64_t run(enum import_kind k, const char *text, const struct grant *g,
                   int ng, int dry_run, struct import_report *r)
{
    struct table t;
    struct csv_info info;
    cr_assert_eq(csv_read(text, strlen(text), &t, &info, &ei), 0, "%s", ei.msg);
    int64_t id = -1;
    cr_assert_eq(store_import(st, k, &t, g, ng, dry_run, &file, r, &id, &ei), 0,
                 "%s", ei.msg);
    table_release(&t);
    return id;
}

static const struct grant admin_coordinator[] = {{ROLE_COORDINATOR, 1}};

Test(import, dry_run_reports_each_row_and_writes_nothing)
{
    struct import_report r;
    int64_t audits = count(STORE_AUDIT);
    int64_t id =
        run(IMPORT_TRAINEES, trainees_csv, admin_coordinator, 1, 1, &r);
    cr_assert_eq(id, 0);
    cr_assert_eq(r.nproblems, 0, "%s",
                 r.nproblems ? r.problems[0].message : "");
    cr_assert_eq(r.inserted, 2);
    cr_assert_eq(r.rows[1].line, 3);
    cr_assert_eq(count(STORE_TRAINEE), 0);
    cr_assert_eq(count(STORE_PERSON), 0);
    cr_assert_eq(count(STORE_AUDIT), audits);
    import_report_release(&r);
}

Test(import, imports_then_the_same_file_changes_nothing)
{
    struct import_report r;
    int64_t id =
        run(IMPORT_TRAINEES, trainees_csv, admin_coordinator, 1, 0, &r);
    cr_assert_gt(id, 0);
    cr_assert_eq(r.inserted, 2);
    import_report_release(&r);
    cr_assert_eq(count(STORE_TRAINEE), 2);
    struct import_item it;
    cr_assert_eq(store_import_get(st, id, &it, &ei), 0, "%s", ei.msg);
    cr_assert_eq(it.inserted, 2);
    cr_assert_eq(it.audit_rows, 4, "two persons and two trainees");
    cr_assert_str_eq(it.actor, "tester");
    int64_t audits = count(STORE_AUDIT);
    int64_t again =
        run(IMPORT_TRAINEES, trainees_csv, admin_coordinator, 1, 0, &r);
    cr_assert_gt(again, id);
    cr_assert_eq(r.unchanged, 2);
    cr_assert_eq(r.inserted + r.updated, 0);
    cr_assert_eq(count(STORE_TRAINEE), 2);
    cr_assert_eq(count(STORE_AUDIT), audits);
    import_report_release(&r);
}

Test(import, a_changed_cell_updates_the_record)
{
    struct import_report r;
    run(IMPORT_TRAINEES, trainees_csv, admin_coordinator, 1, 0, &r);
    import_report_release(&r);
    char text[sizeof(trainees_csv) + 8];
    snprintf(text, sizeof(text), "%s", trainees_csv);
    char *fte = strstr(text, ";0,75");
    memcpy(fte, ";0,50", 5);
    run(IMPORT_TRAINEES, text, admin_coordinator, 1, 0, &r);
    cr_assert_eq(r.updated, 1);
    cr_assert_eq(r.unchanged, 1);
    cr_assert_eq(r.rows[1].action, IMPORT_UPDATE);
    import_report_release(&r);
}

Test(import, one_bad_row_writes_nothing_and_names_line_and_column)
{
    struct import_report r;
    char text[1024];
    snprintf(text, sizeof(text), "%s%s", trainees_csv,
             "eva.ros@x.se;Eva Ros;;allmanmedicin;2021;SE2321000255-ZZ9;"
             "2026-09-01;2031-08-31;100\r\n");
    int64_t id = run(IMPORT_TRAINEES, text, admin_coordinator, 1, 0, &r);
    cr_assert_eq(id, 0);
    cr_assert_eq(r.nproblems, 1);
    cr_assert_eq(r.problems[0].line, 4);
    cr_assert_str_eq(r.problems[0].column, "home_unit");
    cr_assert_eq(count(STORE_TRAINEE), 0);
    cr_assert_eq(count(STORE_PERSON), 0);
    import_report_release(&r);
}

/* The problem of line in r, which must have one. */
static const struct import_problem *problem_of(const struct import_report *r,
                                               int line)
{
    for (int i = 0; i < r->nproblems; i++)
        if (r->problems[i].line == line)
            return &r->problems[i];
    cr_assert_fail("no problem on line %d", line);
    return NULL;
}

Test(import, each_problem_has_a_code_that_says_what_to_fix)
{
    static const struct {
        int line;
        const char *column;
        enum import_code code;
        const char *value; /* the cell as the file wrote it */
    } want[] = {
        {3, "name", IMPORT_CODE_REQUIRED, ""},
        {4, "home_unit", IMPORT_CODE_UNKNOWN, "SE2321000255-ZZ9"},
        {5, "hsa_id", IMPORT_CODE_DUPLICATE, "SE2321000255-P1"},
        {6, "start_date", IMPORT_CODE_MALFORMED, "1/9 2026"},
        {7, "fte", IMPORT_CODE_OUT_OF_RANGE, "150"},
        {8, "planned_end", IMPORT_CODE_REFUSED, "2025-08-31"},
    };
    struct import_report r;
    run(IMPORT_TRAINEES,
        "email;name;hsa_id;specialty;regulation;home_unit;start_date;"
        "planned_end;fte\n"
        "a@x.se;A;SE2321000255-P1;allmanmedicin;2021;SE2321000255-A1;"
        "2026-09-01;2031-08-31;100\n"
        "b@x.se;;;allmanmedicin;2021;SE2321000255-A1;2026-09-01;2031-08-31;\n"
        "c@x.se;C;;allmanmedicin;2021;SE2321000255-ZZ9;2026-09-01;"
        "2031-08-31;\n"
        "d@x.se;D;SE2321000255-P1;allmanmedicin;2021;SE2321000255-A1;"
        "2026-09-01;2031-08-31;\n"
        "e@x.se;E;;allmanmedicin;2021;SE2321000255-A1;1/9 2026;2031-08-31;\n"
        "f@x.se;F;;allmanmedicin;2021;SE2321000255-A1;2026-09-01;2031-08-31;"
        "150\n"
        "g@x.se;G;;allmanmedicin;2021;SE2321000255-A1;2026-09-01;"
        "2025-08-31;\n",
        admin_coordinator, 1, 1, &r);
    cr_assert_eq(r.nproblems, 6);
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
        const struct import_problem *p = problem_of(&r, want[i].line);
        cr_assert_str_eq(p->column, want[i].column, "line %d", want[i].line);
        cr_assert_eq(p->code, want[i].code, "line %d: %s, %s", want[i].line,
                     import_code_name(p->code), p->message);
        cr_assert_str_eq(p->value, want[i].value, "line %d", want[i].line);
    }
    cr_assert_eq(count(STORE_TRAINEE), 0);
    import_report_release(&r);
}

/* A cell too long for the report is cut at a character, never inside one,
 * and says that it was cut. */
Test(import, a_long_value_is_cut_at_a_character)
{
    struct import_problem p = {0};
    char cell[400] = "";
    for (int i = 0; i < 150; i++)
        strcat(cell, "å"); /* two bytes each */
    import_problem_value(&p, cell);
    size_t n = strlen(p.value);
    cr_assert_lt(n, sizeof(p.value));
    cr_assert_gt(n, sizeof(p.value) / 2, "not cut shorter than it must be");
    cr_assert_str_eq(p.value + n - strlen("…"), "…");
    for (size_t i = 0; i + strlen("…") < n; i += 2)
        cr_assert(strncmp(p.value + i, "å", 2) == 0, "byte %zu", i);
    import_problem_value(&p, "SE2321000255-ZZ9");
    cr_assert_str_eq(p.value, "SE2321000255-ZZ9");
    import_problem_value(&p, NULL);
    cr_assert_str_eq(p.value, "");
}

Test(import, a_row_outside_the_directors_unit_is_a_problem_of_its_row)
{
    struct import_report r;
    struct grant director[] = {{ROLE_DIRECTOR, 0}};
    director[0].scope_id = unit_a;
    run(IMPORT_TRAINEES, trainees_csv, director, 1, 1, &r);
    cr_assert_eq(r.nproblems, 1);
    cr_assert_eq(r.problems[0].line, 3);
    cr_assert_str_eq(r.problems[0].column, "home_unit");
    cr_assert_eq(r.problems[0].code, IMPORT_CODE_SCOPE);
    cr_assert(strstr(r.problems[0].message, "outside your scope"), "%s",
              r.problems[0].message);
    cr_assert_eq(r.rows[0].action, IMPORT_INSERT);
    import_report_release(&r);
}

Test(import, the_same_hsa_id_on_two_lines_is_refused)
{
    struct import_report r;
    run(IMPORT_TRAINEES,
        "email;name;hsa_id;specialty;regulation;home_unit;start_date;"
        "planned_end\n"
        "a@x.se;A;SE2321000255-P1;allmanmedicin;2021;SE2321000255-A1;"
        "2026-09-01;2031-08-31\n"
        "b@x.se;B;SE2321000255-P1;allmanmedicin;2021;SE2321000255-A1;"
        "2026-09-01;2031-08-31\n",
        admin_coordinator, 1, 1, &r);
    cr_assert_eq(r.nproblems, 1);
    cr_assert_eq(r.problems[0].line, 3);
    cr_assert_str_eq(r.problems[0].column, "hsa_id");
    cr_assert_eq(r.problems[0].code, IMPORT_CODE_DUPLICATE);
    cr_assert(strstr(r.problems[0].message, "line 2"), "%s",
              r.problems[0].message);
    import_report_release(&r);
}

Test(import, overlapping_capacity_periods_in_one_file_are_refused)
{
    struct import_report r;
    struct grant head[] = {{ROLE_UNIT_HEAD, 0}};
    head[0].scope_id = unit_a;
    run(IMPORT_CAPACITY,
        "unit;from_week;to_week;seats;patterns\n"
        "SE2321000255-A1;2027-W01;2027-W20;2;full\n"
        "SE2321000255-A1;v. 15 2027;v. 30 2027;1;full, half\n",
        head, 1, 1, &r);
    cr_assert_eq(r.nproblems, 1);
    cr_assert_eq(r.problems[0].line, 3);
    cr_assert_str_eq(r.problems[0].column, "from_week");
    cr_assert_eq(r.problems[0].code, IMPORT_CODE_CONFLICT);
    import_report_release(&r);
}

Test(import, users_get_roles_by_natural_keys_and_no_usable_password)
{
    struct import_report r;
    struct grant admin[] = {{ROLE_ADMIN, 0}};
    int64_t id = run(IMPORT_USERS,
                     "username;name;roles\n"
                     "karin.holm;Karin Holm;\"director=SE2321000255-A1, "
                     "coordinator=skane\"\n",
                     admin, 1, 0, &r);
    cr_assert_gt(id, 0, "%s", r.nproblems ? r.problems[0].message : "");
    import_report_release(&r);
    struct user u;
    cr_assert_eq(store_user_find(st, "karin.holm", &u, &ei), 0);
    struct grant *g = NULL;
    int n = 0;
    cr_assert_eq(store_user_grants(st, u.id, &g, &n, &ei), 0);
    cr_assert_eq(n, 2);
    free(g);
    char hash[256];
    int64_t uid;
    cr_assert_eq(
        store_login_lookup(st, "karin.holm", &uid, hash, sizeof(hash), &ei), 0);
    cr_assert(strncmp(hash, "$argon2id$", 10) == 0);
    run(IMPORT_USERS,
        "username;name;roles\n"
        "karin.holm;Karin "
        "Holm;\"coordinator=skane,director=SE2321000255-A1\"\n",
        admin, 1, 0, &r);
    cr_assert_eq(r.unchanged, 1, "the same roles in another order");
    import_report_release(&r);
}
