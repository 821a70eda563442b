/*
 * Unit tests for forms of rotation (form.h) and rotation costs (cost.h):
 * every compensation model on a hand-made case, the choice of agreement,
 * the filling of gaffel groups and the limits of training nodes.
 */
#include <criterion/criterion.h>

#include "domain/cost.h"
#include "domain/form.h"
#include "util/err.h"

/* ---- costs: each model by hand ---- */

static int64_t cost_of(enum cost_model m, int64_t amount, int procedures,
                       int64_t backpack, int weeks, int span)
{
    struct cost_terms t = {m, amount, procedures, backpack};
    struct cost_placement p = {weeks, span};
    int64_t out = -1;
    cr_assert_eq(cost_placement(&t, &p, &out), 0);
    return out;
}

Test(cost, none_costs_only_the_ryggsacksmedel)
{
    /* 500 kr a week for 6 weeks: 3 000 kr. */
    cr_assert_eq(cost_of(COST_NONE, 0, 0, 50000, 6, 6), 300000);
    cr_assert_eq(cost_of(COST_NONE, 0, 0, 0, 6, 6), 0);
}

Test(cost, per_day_counts_five_days_a_full_time_week)
{
    /* 1 000 kr a day, 4 weeks: 20 days, 20 000 kr. */
    cr_assert_eq(cost_of(COST_PER_DAY, 100000, 0, 0, 4, 7), 2000000);
}

Test(cost, per_week_counts_full_time_weeks_and_adds_the_backpack)
{
    /* 4 000 kr a week and 500 kr of ryggsäcksmedel, 6 weeks: 27 000 kr. */
    cr_assert_eq(cost_of(COST_PER_WEEK, 400000, 0, 50000, 6, 10), 2700000);
}

Test(cost, per_month_counts_the_calendar_months_spanned)
{
    /* 13 weeks are 3 months: 3 x 12 000 kr. */
    cr_assert_eq(cost_of(COST_PER_MONTH, 1200000, 0, 0, 8, 13), 3600000);
    /* 10 weeks are 10 x 12 / 52 = 2.3077 months, 2.31 rounded:
     * 27 720 kr. */
    cr_assert_eq(cost_of(COST_PER_MONTH, 1200000, 0, 0, 6, 10), 2772000);
}

Test(cost, per_procedure_counts_procedures_a_week_times_weeks)
{
    /* 250 kr a procedure, 8 a week, 5 weeks: 40 procedures, 10 000 kr. */
    cr_assert_eq(cost_of(COST_PER_PROCEDURE, 25000, 8, 0, 5, 5), 1000000);
}

Test(cost, refuses_sums_past_its_cap_and_unknown_models)
{
    struct cost_terms t = {COST_PER_PROCEDURE, 1000000000000000LL, 1000, 0};
    struct cost_placement p = {1000, 1000};
    int64_t out = 7;
    cr_assert_eq(cost_placement(&t, &p, &out), ERR_INVAL);
    cr_assert_eq(out, 0);
    t.model = COST_MODEL_COUNT;
    t.amount_ore = 1;
    cr_assert_eq(cost_placement(&t, &p, &out), ERR_INVAL);
}

Test(cost, names_parse_back)
{
    for (int m = 0; m < COST_MODEL_COUNT; m++) {
        enum cost_model back;
        cr_assert_eq(
            cost_model_parse(cost_model_name((enum cost_model)m), &back), 0);
        cr_assert_eq((int)back, m);
    }
    enum cost_payer p;
    cr_assert_eq(cost_payer_parse("host", &p), 0);
    cr_assert_eq(p, COST_PAYER_HOST);
    cr_assert_eq(cost_payer_parse("hospital", &p), ERR_INVAL);
}

Test(cost, the_most_specific_agreement_in_its_period_applies)
{
    /* Host unit 7 of provider 3; trainees from home units 1 and 2. */
    struct cost_agreement a[] = {
        {0, 0, 3, 100, 200}, /* the region with the provider */
        {1, 0, 3, 100, 200}, /* home 1 with the provider */
        {0, 7, 0, 100, 200}, /* the region with the unit */
        {1, 7, 0, 150, 160}, /* home 1 with the unit, a short period */
    };
    cr_assert_eq(cost_agreement_match(a, 4, 1, 7, 3, 155), 3);
    cr_assert_eq(cost_agreement_match(a, 4, 1, 7, 3, 120), 1);
    cr_assert_eq(cost_agreement_match(a, 4, 2, 7, 3, 120), 2);
    cr_assert_eq(cost_agreement_match(a, 4, 2, 8, 3, 120), 0);
    cr_assert_eq(cost_agreement_match(a, 4, 2, 8, 4, 120), -1);
    cr_assert_eq(cost_agreement_match(a, 4, 1, 7, 3, 201), -1);
}

/* ---- forms ---- */

Test(form, group_sizes_by_kind)
{
    struct err_info ei = {0};
    cr_assert_eq(form_check_group(FORM_GAFFEL, 3, 2, &ei), 0);
    cr_assert_eq(form_check_group(FORM_GAFFEL, 4, 2, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "size");
    cr_assert_eq(form_check_group(FORM_GAFFEL, 3, 3, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "needed");
    cr_assert_eq(form_check_group(FORM_TANDEM, 2, 2, &ei), 0);
    cr_assert_eq(form_check_group(FORM_TANDEM, 3, 2, &ei), ERR_INVAL);
    cr_assert_eq(form_check_group(FORM_ST_CLINIC, 5, 4, &ei), 0);
    cr_assert_eq(form_check_group(FORM_ST_CLINIC, 5, 6, &ei), ERR_INVAL);
}

Test(form, alternate_weeks_only_for_rotations_over_four_weeks)
{
    struct err_info ei = {0};
    cr_assert_eq(form_check_pattern(PATTERN_ALTERNATE, 4, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "pattern");
    cr_assert_eq(form_check_pattern(PATTERN_ALTERNATE, 5, &ei), 0);
    cr_assert_eq(form_check_pattern(PATTERN_FULL, 1, &ei), 0);
}

Test(form, a_training_node_adds_its_limits_to_the_units_own)
{
    struct form_rules own = {0, 20, 5}, eff;
    form_rules_effective(&own, 1, &eff);
    cr_assert_eq(eff.min_weeks, 4);
    cr_assert_eq(eff.max_weeks, 13);
    cr_assert_eq(eff.max_trainees, 3);
    struct form_rules strict = {6, 8, 1};
    form_rules_effective(&strict, 1, &eff);
    cr_assert_eq(eff.min_weeks, 6);
    cr_assert_eq(eff.max_weeks, 8);
    cr_assert_eq(eff.max_trainees, 1);
    form_rules_effective(&own, 0, &eff);
    cr_assert_eq(eff.max_trainees, 5);
    cr_assert_eq(eff.min_weeks, 0);
    struct err_info ei = {0};
    cr_assert_eq(form_check_length(&strict, 9, "Nod", &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "weeks");
    cr_assert_eq(form_check_length(&strict, 7, "Nod", &ei), 0);
}

Test(form, a_booking_joins_the_fullest_group_with_its_exact_weeks)
{
    struct form_group_use g[] = {
        {10, 16, PATTERN_FULL, 1},
        {10, 16, PATTERN_FULL, 2},
        {10, 16, PATTERN_HALF, 1},
    };
    cr_assert_eq(form_group_pick(g, 3, 10, 16, PATTERN_FULL, 3, 3), 1);
    cr_assert_eq(form_group_pick(g, 3, 10, 16, PATTERN_HALF, 3, 3), 2);
}

Test(form, a_new_group_opens_only_where_a_group_is_free_in_every_week)
{
    struct form_group_use g[] = {
        {10, 16, PATTERN_FULL, 3},
        {14, 20, PATTERN_FULL, 2},
    };
    /* Weeks 14-15 have both groups in use: no third at once of two. */
    cr_assert_eq(form_group_pick(g, 2, 12, 18, PATTERN_FULL, 2, 3), -1);
    /* From week 16 the first group has ended. */
    cr_assert_eq(form_group_pick(g, 2, 16, 22, PATTERN_FULL, 2, 3), 2);
    /* A full group of the same weeks is not joined. */
    cr_assert_eq(form_group_pick(g, 2, 10, 16, PATTERN_FULL, 2, 3), -1);
    cr_assert_eq(form_group_pick(g, 2, 10, 16, PATTERN_FULL, 3, 3), 2);
}
