/* Unit tests for the rules of the education plan (domain/edu.h): goal
 * groups and deadlines on edge dates. Expected dates are worked out by
 * hand from the calendar, never by the code under test. */
#include <criterion/criterion.h>

#include "domain/cert.h"
#include "domain/edu.h"

#include <string.h>

static struct date mkdate(int year, int month, int day)
{
    struct date d = {year, month, day};
    return d;
}

static void assert_date(struct date got, int year, int month, int day)
{
    cr_assert(got.year == year && got.month == month && got.day == day,
              "got %04d-%02d-%02d, expected %04d-%02d-%02d", got.year,
              got.month, got.day, year, month, day);
}

static int week(int year, int w)
{
    int serial = 0;
    cr_assert_eq(week_from_iso(year, w, &serial), 0);
    return serial;
}

Test(edu, goal_groups_come_from_the_code_of_common_goals)
{
    cr_assert_eq(goal_group_of(REGULATION_2021, 1, "BT1"), GOAL_BT);
    cr_assert_eq(goal_group_of(REGULATION_2021, 1, "STa7"), GOAL_A);
    cr_assert_eq(goal_group_of(REGULATION_2021, 1, "STb3"), GOAL_B);
    cr_assert_eq(goal_group_of(REGULATION_2021, 1, "STc1"), -1);
    cr_assert_eq(goal_group_of(REGULATION_2021, 1, "a1"), -1,
                 "a1 is of 2015:8");
    cr_assert_eq(goal_group_of(REGULATION_2015, 1, "a3"), GOAL_A);
    cr_assert_eq(goal_group_of(REGULATION_2015, 1, "b4"), GOAL_B);
    cr_assert_eq(goal_group_of(REGULATION_2015, 1, "BT1"), -1,
                 "BT is 2021:8 only");
    cr_assert_eq(goal_group_of(REGULATION_2008, 1, "a1"), -1,
                 "2008:17 has no common goals");
    cr_assert_eq(goal_group_of(REGULATION_2008, 0, "7"), GOAL_C);
    cr_assert_eq(goal_group_of(REGULATION_2021, 0, "STa1"), GOAL_C,
                 "a specialty's goal is c whatever its code");
}

Test(edu, contract_and_plan_deadlines_clamp_to_month_ends)
{
    assert_date(deadline_contract_due(mkdate(2027, 1, 31)), 2027, 2, 28);
    assert_date(deadline_contract_due(mkdate(2028, 1, 31)), 2028, 2, 29);
    assert_date(deadline_contract_due(mkdate(2027, 12, 15)), 2028, 1, 15);
    assert_date(deadline_plan_due(mkdate(2027, 8, 31)), 2028, 2, 29);
    assert_date(deadline_plan_due(mkdate(2026, 8, 31)), 2027, 2, 28);
    assert_date(deadline_plan_due(mkdate(2027, 3, 31)), 2027, 9, 30);
}

Test(edu, revision_and_bt_deadlines_over_leap_days)
{
    assert_date(deadline_revision_due(mkdate(2028, 2, 29)), 2029, 2, 28);
    assert_date(deadline_revision_due(mkdate(2027, 2, 28)), 2028, 2, 28);
    assert_date(deadline_bt_due(mkdate(2028, 2, 29)), 2030, 2, 28);
    assert_date(deadline_bt_due(mkdate(2026, 2, 28)), 2028, 2, 28);
}

Test(edu, booking_deadline_is_three_months_before_the_monday_of_its_week)
{
    /* 2026 has 53 ISO weeks: 2026-W53 begins on Monday 28 December. */
    assert_date(deadline_booking_due(week(2026, 53)), 2026, 9, 28);
    /* 2027-W01 begins on Monday 4 January 2027. */
    assert_date(deadline_booking_due(week(2027, 1)), 2026, 10, 4);
    /* 2028-W22 begins on Monday 29 May 2028: 29 February, a leap day. */
    assert_date(deadline_booking_due(week(2028, 22)), 2028, 2, 29);
    /* 2027-W22 begins on Monday 31 May 2027: 28 February. */
    assert_date(deadline_booking_due(week(2027, 22)), 2027, 2, 28);
}

Test(edu, deadline_state_met_soon_overdue_on_its_day)
{
    struct date due = mkdate(2027, 2, 28), none = {0, 0, 0};
    int late = -1;
    cr_assert_eq(deadline_state_of(due, 0, none, mkdate(2027, 2, 28), &late),
                 DEADLINE_SOON, "due today is not overdue");
    cr_assert_eq(late, 0);
    cr_assert_eq(deadline_state_of(due, 0, none, mkdate(2027, 3, 1), NULL),
                 DEADLINE_OVERDUE);
    cr_assert_eq(deadline_state_of(due, 0, none, mkdate(2027, 1, 29), NULL),
                 DEADLINE_SOON, "30 days ahead");
    cr_assert_eq(deadline_state_of(due, 0, none, mkdate(2027, 1, 28), NULL),
                 DEADLINE_UPCOMING, "31 days ahead");
    cr_assert_eq(deadline_state_of(due, 1, mkdate(2027, 2, 28),
                                   mkdate(2030, 1, 1), &late),
                 DEADLINE_MET);
    cr_assert_eq(late, 0, "on its day is on time");
    cr_assert_eq(deadline_state_of(due, 1, mkdate(2027, 3, 1),
                                   mkdate(2027, 3, 1), &late),
                 DEADLINE_MET);
    cr_assert_eq(late, 1);
}

Test(edu, projected_completion_takes_the_latest_of_three)
{
    struct date none = {0, 0, 0};
    /* Nothing left to place: the end the rules allow. */
    assert_date(plan_projected_completion(mkdate(2030, 6, 30), none,
                                          mkdate(2027, 1, 1), 0, 100),
                2030, 6, 30);
    /* A placement booked beyond it. */
    assert_date(plan_projected_completion(mkdate(2030, 6, 30),
                                          mkdate(2030, 9, 5),
                                          mkdate(2027, 1, 1), 0, 100),
                2030, 9, 5);
    /* 26 weeks unplaced at 50 %: 52 weeks from 2030-01-01 (364 days). */
    assert_date(plan_projected_completion(mkdate(2030, 6, 30), none,
                                          mkdate(2030, 1, 1), 26, 50),
                2030, 12, 31);
    /* 10 weeks at 75 %: 13.3, rounded up to 14 weeks (98 days). */
    assert_date(plan_projected_completion(mkdate(2020, 1, 1), none,
                                          mkdate(2030, 1, 1), 10, 75),
                2030, 4, 9);
}

/* ---- the certificates' names and rules (domain/cert.h) ---- */

Test(edu, certificate_names_parse_and_format_both_ways)
{
    static const char *const good[] = {"rotation-1", "activity-42", "bt",
                                       "summary",
                                       "rotation-9223372036854775807"};
    for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
        struct cert_key k;
        char back[CERT_KEY_MAX];
        cr_assert_eq(cert_key_parse(good[i], &k), 0, "%s", good[i]);
        cert_key_format(&k, back);
        cr_assert_str_eq(back, good[i]);
    }
    struct cert_key k;
    cr_assert_eq(cert_key_parse("activity-42", &k), 0);
    cr_assert(k.kind == CERT_ACTIVITY && k.id == 42);
    static const char *const bad[] = {"",
                                      "rotation-",
                                      "rotation-0",
                                      "rotation-01",
                                      "rotation--1",
                                      "rotation-1x",
                                      "rotation-99999999999999999999",
                                      "Summary",
                                      "bt.pdf",
                                      "activity-+1",
                                      "course-1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        cr_assert_eq(cert_key_parse(bad[i], &k), -1, "\"%s\"", bad[i]);
}

Test(edu, certificates_forms_and_signers)
{
    /* The five kinds the forms know; seminars and simulation have none. */
    cr_assert(cert_activity_has_form(ACTIVITY_CLINICAL));
    cr_assert(cert_activity_has_form(ACTIVITY_AUSKULTATION));
    cr_assert(cert_activity_has_form(ACTIVITY_COURSE));
    cr_assert(cert_activity_has_form(ACTIVITY_WRITTEN_WORK));
    cr_assert(cert_activity_has_form(ACTIVITY_QUALITY_WORK));
    cr_assert(!cert_activity_has_form(ACTIVITY_SEMINAR));
    cr_assert(!cert_activity_has_form(ACTIVITY_SIMULATION));
    unsigned sup = 1u << CERT_SIGNER_SUPERVISOR;
    unsigned both = sup | 1u << CERT_SIGNER_DIRECTOR;
    cr_assert_eq(cert_signers(CERT_ROTATION), sup);
    cr_assert_eq(cert_signers(CERT_ACTIVITY), sup);
    cr_assert_eq(cert_signers(CERT_BT), both);
    cr_assert_eq(cert_signers(CERT_SUMMARY), both);
    cr_assert_str_eq(cert_form_subtitle(CERT_ROTATION, ACTIVITY_COURSE),
                     "Klinisk tjänstgöring under handledning");
    cr_assert_str_eq(cert_form_subtitle(CERT_ACTIVITY, ACTIVITY_COURSE),
                     "Kurs");
    cr_assert_str_eq(cert_form_subtitle(CERT_BT, ACTIVITY_COURSE), "");
    cr_assert(strncmp(cert_form_title(CERT_ACTIVITY),
                      "Intyg om genomförd utbildningsaktivitet och uppfyllda "
                      "kompetenskrav",
                      60) == 0);
    cr_assert(cert_goal_met(GOAL_MET) && cert_goal_met(GOAL_CERTIFIED));
    cr_assert(!cert_goal_met(GOAL_PLANNED) && !cert_goal_met(GOAL_IN_PROGRESS));
}
