/* Reviews, doctors' programs and the facts of the figures in the store
 * (figures.c): a report's bytes round trip, the refusals that name their
 * field, and what one read of the facts holds. */
#include "domain/metrics.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct store *st;
static struct err_info ei;
static int64_t region, unit_gyn, unit_vc, gyn, trainee;

static void must(int rc)
{
    cr_assert_eq(rc, 0, "%s (field %s)", ei.msg, ei.field);
}

static void refused(int rc, int code, const char *field)
{
    cr_assert_eq(rc, code, "rc %d: %s", rc, ei.msg);
    cr_assert_str_eq(ei.field, field, "%s", ei.msg);
}

static void setup(void)
{
    err_clear(&ei);
    cr_assert_eq(store_open(":memory:", STORE_CREATE, &st, &ei), 0, "%s",
                 ei.msg);
    store_set_now(st,
                  (int64_t)date_to_days((struct date){2026, 11, 23}) * 86400);
    struct region r = {0, "skane", "Region Skåne"};
    must(store_region_insert(st, &r, &ei));
    struct provider pr = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    must(store_provider_insert(st, &pr, &ei));
    struct specialty sp = {0,
                           "obstetrik-och-gynekologi",
                           "Obstetrik och gynekologi",
                           "Obstetrics and gynaecology",
                           SPECIALTY_BAS,
                           0};
    must(store_specialty_insert(st, &sp, &ei));
    struct unit u = {0};
    u.region_id = r.id, u.provider_id = pr.id, u.specialty_id = sp.id;
    u.kind = UNIT_HOSPITAL_CLINIC, u.takes_trainees = 1;
    u.max_away = STORE_NONE;
    snprintf(u.name, sizeof(u.name), "Kvinnokliniken, Lund");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-K1");
    must(store_unit_insert(st, &u, &ei));
    struct unit vc = u;
    vc.id = 0, vc.kind = UNIT_PRIMARY_CARE;
    snprintf(vc.name, sizeof(vc.name), "Vårdcentralen Näsby");
    snprintf(vc.hsa_id, sizeof(vc.hsa_id), "SE2321000255-V7");
    must(store_unit_insert(st, &vc, &ei));
    struct person p = {0, "Cecilia Berg", "cecilia@demo.randa.se", ""};
    struct trainee t = {0};
    t.specialty_id = sp.id, t.regulation = REGULATION_2021;
    t.home_unit_id = u.id, t.fte = 75, t.status = TRAINEE_ACTIVE;
    snprintf(t.start_date, sizeof(t.start_date), "2024-09-02");
    snprintf(t.planned_end, sizeof(t.planned_end), "2031-12-31");
    must(store_trainee_create(st, &p, &t, &ei));
    region = r.id, unit_gyn = u.id, unit_vc = vc.id, gyn = sp.id;
    trainee = t.id;
}

static void teardown(void)
{
    store_close(st);
    st = NULL;
}

TestSuite(figures_store, .init = setup, .fini = teardown);

static struct review a_review(enum review_kind kind, const char *on)
{
    struct review r = {0};
    r.unit_id = unit_gyn, r.kind = kind, r.result = REVIEW_REMARKS;
    snprintf(r.reviewed_on, sizeof(r.reviewed_on), "%s", on);
    snprintf(r.recorded_by.name, sizeof(r.recorded_by.name), "Verksamhetschef");
    return r;
}

Test(figures_store, a_report_keeps_its_bytes_and_only_a_pdf_is_taken)
{
    struct review r = a_review(REVIEW_STINS, "2025-03-14");
    must(store_review_insert(st, &r, &ei));
    /* Bytes of every value, a NUL among them. */
    unsigned char pdf[300];
    memcpy(pdf, "%PDF-1.4\n", 9);
    for (int i = 9; i < 300; i++)
        pdf[i] = (unsigned char)(i * 7);
    must(store_review_report_set(st, r.id, pdf, sizeof(pdf), &ei));
    void *data = NULL;
    size_t n = 0;
    struct review_item it;
    must(store_review_report_get(st, r.id, &data, &n, &it, &ei));
    cr_assert_eq(n, sizeof(pdf));
    cr_assert_eq(memcmp(data, pdf, n), 0);
    free(data);
    cr_assert_eq(it.review.report_size, 300);
    cr_assert_str_eq(it.review.report_type, "application/pdf");
    cr_assert_eq(strlen(it.review.report_sha256), 64);
    refused(store_review_report_set(st, r.id, "PK\3\4zip", 7, &ei), ERR_INVAL,
            "report");
    refused(store_review_report_set(st, r.id, pdf, REVIEW_REPORT_MAX + 1, &ei),
            ERR_TOOBIG, "report");
    struct review none = a_review(REVIEW_SPUR, "2024-01-10");
    must(store_review_insert(st, &none, &ei));
    refused(store_review_report_get(st, none.id, &data, &n, &it, &ei),
            ERR_NOTFOUND, "report");
}

Test(figures_store, a_review_is_recorded_after_it_took_place)
{
    struct review r = a_review(REVIEW_SPUR, "2026-11-24");
    refused(store_review_insert(st, &r, &ei), ERR_INVAL, "reviewed_on");
    r = a_review(REVIEW_SPUR, "2026-11-23");
    must(store_review_insert(st, &r, &ei));
    r = a_review(REVIEW_SPUR, "2021-02-01");
    r.unit_id = 999;
    refused(store_review_insert(st, &r, &ei), ERR_NOTFOUND, "unit_id");
}

static int due_each(const struct review_due_facts *f, void *arg)
{
    struct review_due_facts *out = arg;
    cr_assert_eq(out->unit_id, 0, "one unit trains ST-läkare");
    *out = *f;
    return 0;
}

Test(figures_store, due_facts_name_the_latest_review_of_each_kind)
{
    struct review r = a_review(REVIEW_STINS, "2023-05-01");
    must(store_review_insert(st, &r, &ei));
    r = a_review(REVIEW_STINS, "2025-05-01");
    must(store_review_insert(st, &r, &ei));
    struct review_due_facts f = {0};
    must(store_review_due_facts(st, 0, due_each, &f, &ei));
    cr_assert_eq(f.unit_id, unit_gyn, "the primary-care centre has no one");
    cr_assert_str_eq(f.since, "2024-09-02");
    cr_assert_str_eq(f.last[REVIEW_STINS], "2025-05-01");
    cr_assert_str_eq(f.last[REVIEW_SPUR], "");
}

static int due_count(const struct review_due_facts *f, void *arg)
{
    (void)f;
    ++*(int *)arg;
    return 0;
}

Test(figures_store, due_facts_of_one_unit_leave_the_others_out)
{
    int n = 0;
    must(store_review_due_facts(st, unit_gyn, due_count, &n, &ei));
    cr_assert_eq(n, 1, "the unit asked for");
    n = 0;
    must(store_review_due_facts(st, unit_vc, due_count, &n, &ei));
    cr_assert_eq(n, 0, "a unit without trainees has nothing due");
}

Test(figures_store, programs_take_an_st_from_its_trainee_and_check_dates)
{
    struct person p = {0};
    struct program st_prog = {0};
    st_prog.program = PROGRAM_ST, st_prog.trainee_id = trainee;
    must(store_program_create(st, &p, &st_prog, &ei));
    struct program got;
    must(store_program_get(st, st_prog.id, &got, &ei));
    cr_assert_eq(got.unit_id, unit_gyn);
    cr_assert_eq(got.specialty_id, gyn);
    cr_assert_str_eq(got.start_date, "2024-09-02");
    struct person p2 = {0};
    struct program again = {0};
    again.program = PROGRAM_ST, again.trainee_id = trainee;
    refused(store_program_create(st, &p2, &again, &ei), ERR_CONFLICT,
            "trainee_id");

    struct person doc = {0, "Ali Hassan", "ali@demo.randa.se", ""};
    struct program at = {0};
    at.program = PROGRAM_AT, at.unit_id = unit_vc;
    snprintf(at.start_date, sizeof(at.start_date), "2023-09-01");
    snprintf(at.completed_on, sizeof(at.completed_on), "2025-02-28");
    snprintf(at.returned_on, sizeof(at.returned_on), "2026-01-01");
    refused(store_program_create(st, &doc, &at, &ei), ERR_INVAL, "returned_on");
    snprintf(at.left_on, sizeof(at.left_on), "2025-04-01");
    at.specialty_id = gyn;
    refused(store_program_create(st, &doc, &at, &ei), ERR_INVAL,
            "specialty_id");
    at.specialty_id = 0;
    must(store_program_create(st, &doc, &at, &ei));
    cr_assert_gt(doc.id, 0);
    /* What became of them is written later; a day after today is not. */
    at.returned_on[0] = '\0';
    snprintf(at.left_on, sizeof(at.left_on), "2026-12-01");
    refused(store_program_update(st, &at, &ei), ERR_INVAL, "left_on");
    snprintf(at.left_on, sizeof(at.left_on), "2022-01-01");
    refused(store_program_update(st, &at, &ei), ERR_INVAL, "left_on");
    snprintf(at.left_on, sizeof(at.left_on), "2025-06-01");
    must(store_program_update(st, &at, &ei));
    must(store_program_get(st, at.id, &got, &ei));
    cr_assert_str_eq(got.left_on, "2025-06-01");
    cr_assert_str_eq(got.returned_on, "");
    must(store_program_delete(st, at.id, &ei));
    refused(store_program_get(st, at.id, &got, &ei), ERR_NOTFOUND, "id");
}

Test(figures_store, one_read_holds_the_facts_of_a_region_or_a_unit)
{
    struct review r = a_review(REVIEW_SPUR, "2022-10-10");
    must(store_review_insert(st, &r, &ei));
    struct person p = {0};
    struct program st_prog = {0};
    st_prog.program = PROGRAM_ST, st_prog.trainee_id = trainee;
    must(store_program_create(st, &p, &st_prog, &ei));
    struct leave l = {0, trainee, "2025-01-06", "2025-03-30", LEAVE_PARENTAL};
    must(store_leave_insert(st, &l, &ei));
    struct figure_facts f;
    int w0 = 0, w1 = 0;
    week_from_iso(2022, 1, &w0);
    week_from_iso(2027, 1, &w1);
    must(store_figure_facts(st, region, 0, w0, w1, &f, &ei));
    cr_assert_eq(f.nunits, 2);
    cr_assert_eq(f.nprograms, 1);
    cr_assert_eq(f.ntrainees, 1);
    cr_assert_eq(f.trainees[0].fte, 75);
    cr_assert_eq(f.trainees[0].nleaves, 1);
    cr_assert_eq(f.leaves[f.trainees[0].leave_from].kind, LEAVE_PARENTAL);
    cr_assert_eq(f.trainees[0].last_end, STORE_NONE);
    cr_assert_eq(f.nreviews, 1);
    cr_assert_eq(f.reviews[0].on.year, 2022);
    store_figure_facts_free(&f);
    must(store_figure_facts(st, 0, unit_vc, w0, w1, &f, &ei));
    cr_assert_eq(f.nunits, 1);
    cr_assert_eq(f.ntrainees, 0, "no trainee has the centre as home");
    cr_assert_eq(f.nreviews, 0);
    store_figure_facts_free(&f);
}
