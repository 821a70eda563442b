/*
 * Every route the server has, each with the action the policy table
 * (domain/policy.h) judges it by: POLICY_PUBLIC needs no log-in,
 * POLICY_SELF any logged-in user. docs/api/openapi.yaml describes each of them;
 * tests/api/openapi.test.mjs checks that the two lists are the same.
 */
#include "api/api_impl.h"
#include "api/sso.h"

#include "domain/metrics.h"
#include "domain/policy.h"

#include <string.h>

#define V1 "/api/v1"

const struct http_route api_routes[] = {
    {HTTP_GET, "/healthz", api_healthz, POLICY_PUBLIC},
    {HTTP_GET, "/metrics", api_metrics, "metrics.read"},
    {HTTP_GET, V1 "/openapi.yaml", api_openapi, POLICY_PUBLIC},

    {HTTP_GET, V1 "/regions", api_regions_list, "reference.read"},
    {HTTP_GET, V1 "/regions/{id}", api_region_get, "reference.read"},
    {HTTP_GET, V1 "/providers", api_providers_list, "reference.read"},
    {HTTP_GET, V1 "/providers/{id}", api_provider_get, "reference.read"},
    {HTTP_GET, V1 "/sites", api_sites_list, "reference.read"},
    {HTTP_GET, V1 "/sites/{id}", api_site_get, "reference.read"},
    {HTTP_GET, V1 "/areas", api_areas_list, "reference.read"},
    {HTTP_GET, V1 "/areas/{id}", api_area_get, "reference.read"},
    {HTTP_GET, V1 "/specialties", api_specialties_list, "reference.read"},
    {HTTP_GET, V1 "/specialties/{id}", api_specialty_get, "reference.read"},
    {HTTP_GET, V1 "/goals", api_goals_list, "reference.read"},
    {HTTP_GET, V1 "/goals/{id}", api_goal_get, "reference.read"},
    {HTTP_PATCH, V1 "/goals/{id}", api_goal_update, "reference.write"},
    {HTTP_GET, V1 "/specialties/{id}/goals", api_specialty_goals_get,
     "reference.read"},
    {HTTP_PUT, V1 "/specialties/{id}/goals", api_specialty_goals_set,
     "reference.write"},

    {HTTP_GET, V1 "/units", api_units_list, "unit.read"},
    {HTTP_GET, V1 "/units/{id}", api_unit_get, "unit.read"},
    {HTTP_PATCH, V1 "/units/{id}", api_unit_update, "unit.write"},
    {HTTP_GET, V1 "/capacity", api_capacity_list, "unit.read"},
    {HTTP_POST, V1 "/capacity", api_capacity_create, "capacity.write"},
    {HTTP_GET, V1 "/capacity/{id}", api_capacity_get, "unit.read"},
    {HTTP_PATCH, V1 "/capacity/{id}", api_capacity_update, "capacity.write"},
    {HTTP_DELETE, V1 "/capacity/{id}", api_capacity_delete, "capacity.write"},

    {HTTP_GET, V1 "/trainees", api_trainees_list, "trainee.read"},
    {HTTP_POST, V1 "/trainees", api_trainee_create, "trainee.write"},
    {HTTP_GET, V1 "/trainees/{id}", api_trainee_get, "trainee.read"},
    {HTTP_PATCH, V1 "/trainees/{id}", api_trainee_update, "trainee.write"},
    {HTTP_GET, V1 "/leaves", api_leaves_list, "trainee.read"},
    {HTTP_POST, V1 "/leaves", api_leave_create, "leave.write"},
    {HTTP_GET, V1 "/leaves/{id}", api_leave_get, "trainee.read"},
    {HTTP_PATCH, V1 "/leaves/{id}", api_leave_update, "leave.write"},
    {HTTP_DELETE, V1 "/leaves/{id}", api_leave_delete, "leave.write"},
    {HTTP_GET, V1 "/needs", api_needs_list, "trainee.read"},
    {HTTP_POST, V1 "/needs", api_need_create, "need.write"},
    {HTTP_GET, V1 "/needs/{id}", api_need_get, "trainee.read"},
    {HTTP_PATCH, V1 "/needs/{id}", api_need_update, "need.write"},
    {HTTP_DELETE, V1 "/needs/{id}", api_need_delete, "need.write"},

    {HTTP_GET, V1 "/trainees/{id}/plan", api_edu_plan_get, "trainee.read"},
    {HTTP_PATCH, V1 "/trainees/{id}/plan", api_edu_plan_update, "plan.write"},
    {HTTP_POST, V1 "/trainees/{id}/plan/approve", api_edu_plan_approve,
     "plan.approve"},
    {HTTP_GET, V1 "/trainees/{id}/plan/versions", api_edu_plan_versions,
     "trainee.read"},
    {HTTP_PUT, V1 "/trainees/{id}/goals/{goal}", api_edu_goal_set,
     "plan.write"},
    {HTTP_POST, V1 "/trainees/{id}/goals/{goal}/certify", api_edu_goal_certify,
     "goal.certify"},
    {HTTP_PUT, V1 "/trainees/{id}/contract", api_edu_contract_set,
     "trainee.write"},
    {HTTP_GET, V1 "/activities", api_activities_list, "trainee.read"},
    {HTTP_POST, V1 "/activities", api_activity_create, "plan.write"},
    {HTTP_GET, V1 "/activities/{id}", api_activity_get, "trainee.read"},
    {HTTP_PATCH, V1 "/activities/{id}", api_activity_update, "plan.write"},
    {HTTP_DELETE, V1 "/activities/{id}", api_activity_delete, "plan.write"},
    {HTTP_GET, V1 "/substitutes", api_substitutes_list, "trainee.read"},
    {HTTP_POST, V1 "/substitutes", api_substitute_create, "substitute.write"},
    {HTTP_GET, V1 "/substitutes/{id}", api_substitute_get, "trainee.read"},
    {HTTP_DELETE, V1 "/substitutes/{id}", api_substitute_delete,
     "substitute.write"},
    {HTTP_GET, V1 "/todo", api_todo, "todo.read"},
    {HTTP_GET, V1 "/trainees/{id}/certificates", api_certificates_list,
     "certificate.read"},
    {HTTP_GET, V1 "/trainees/{id}/certificates/{cert}", api_certificate_get,
     "certificate.read"},
    {HTTP_POST, V1 "/trainees/{id}/certificates/{cert}/sign",
     api_certificate_sign, "certificate.sign"},

    {HTTP_GET, V1 "/reviews", api_reviews_list, "review.read"},
    {HTTP_POST, V1 "/reviews", api_review_create, "review.write"},
    {HTTP_GET, V1 "/reviews/{id}", api_review_get, "review.read"},
    {HTTP_DELETE, V1 "/reviews/{id}", api_review_delete, "review.write"},
    {HTTP_PUT, V1 "/reviews/{id}/report", api_review_report_put,
     "review.write"},
    {HTTP_GET, V1 "/reviews/{id}/report", api_review_report_get, "review.read"},
    {HTTP_GET, V1 "/programs", api_programs_list, "program.read"},
    {HTTP_POST, V1 "/programs", api_program_create, "program.write"},
    {HTTP_GET, V1 "/programs/{id}", api_program_get, "program.read"},
    {HTTP_PATCH, V1 "/programs/{id}", api_program_update, "program.write"},
    {HTTP_DELETE, V1 "/programs/{id}", api_program_delete, "program.write"},
    {HTTP_GET, V1 "/figures", api_figures, "figures.read"},
    {HTTP_GET, V1 "/figures/records", api_figure_records, "figures.read"},

    {HTTP_GET, V1 "/supervisors", api_supervisors_list, "supervisor.read"},
    {HTTP_POST, V1 "/supervisors", api_supervisor_create, "supervisor.write"},
    {HTTP_GET, V1 "/supervisors/{id}", api_supervisor_get, "supervisor.read"},
    {HTTP_PATCH, V1 "/supervisors/{id}", api_supervisor_update,
     "supervisor.write"},
    {HTTP_PUT, V1 "/trainees/{id}/supervisor", api_trainee_appoint,
     "supervisor.appoint"},
    {HTTP_PUT, V1 "/bookings/{id}/supervisor", api_booking_appoint,
     "booking.supervisor"},

    {HTTP_GET, V1 "/bookings/{id}/documentation", api_rotation_get,
     "booking.read"},
    {HTTP_PUT, V1 "/bookings/{id}/introduction", api_rotation_intro_set,
     "rotation.document"},
    {HTTP_POST, V1 "/bookings/{id}/meetings", api_rotation_meeting_create,
     "rotation.document"},
    {HTTP_POST, V1 "/bookings/{id}/assessments", api_rotation_assessment_create,
     "rotation.document"},
    {HTTP_PUT, V1 "/bookings/{id}/results/{goal}", api_rotation_result_set,
     "rotation.assess"},
    {HTTP_POST, V1 "/bookings/{id}/feedback", api_rotation_feedback,
     "feedback.write"},
    {HTTP_GET, V1 "/feedback", api_feedback_list, "feedback.read"},
    {HTTP_GET, V1 "/feedback-form", api_feedback_form_get, "reference.read"},
    {HTTP_PUT, V1 "/feedback-form", api_feedback_form_set, "form.write"},
    {HTTP_GET, V1 "/assessment-kinds", api_assessment_kinds_list,
     "reference.read"},
    {HTTP_POST, V1 "/assessment-kinds", api_assessment_kind_create,
     "form.write"},
    {HTTP_PATCH, V1 "/assessment-kinds/{id}", api_assessment_kind_update,
     "form.write"},

    {HTTP_GET, V1 "/places", api_places, "places.read"},
    {HTTP_GET, V1 "/bookings", api_bookings_list, "booking.read"},
    {HTTP_POST, V1 "/bookings", api_booking_create, "booking.request"},
    {HTTP_GET, V1 "/bookings/{id}", api_booking_get, "booking.read"},
    {HTTP_POST, V1 "/bookings/{id}/accept", api_booking_accept,
     "booking.decide"},
    {HTTP_POST, V1 "/bookings/{id}/decline", api_booking_decline,
     "booking.decide"},
    {HTTP_POST, V1 "/bookings/{id}/cancel", api_booking_cancel,
     "booking.cancel"},

    {HTTP_GET, V1 "/session", api_session_get, POLICY_SELF},
    {HTTP_POST, V1 "/session", api_session_create, POLICY_PUBLIC},
    {HTTP_DELETE, V1 "/session", api_session_delete, POLICY_SELF},
    {HTTP_POST, V1 "/session/logout-all", api_session_delete_all, POLICY_SELF},
    {HTTP_POST, V1 "/session/password", api_session_password, POLICY_SELF},
    {HTTP_GET, V1 "/policy", api_policy_get, POLICY_SELF},
    {HTTP_GET, V1 "/tokens", api_tokens_list, POLICY_SELF},
    {HTTP_POST, V1 "/tokens", api_token_create, POLICY_SELF},
    {HTTP_DELETE, V1 "/tokens/{id}", api_token_revoke, POLICY_SELF},

    /* Notifications: the caller's own, as tokens are. */
    {HTTP_GET, V1 "/notifications", api_notifications_list, POLICY_SELF},
    {HTTP_POST, V1 "/notifications/{id}/read", api_notification_read,
     POLICY_SELF},
    {HTTP_POST, V1 "/notifications/read-all", api_notifications_read_all,
     POLICY_SELF},
    {HTTP_GET, V1 "/notifications/preferences", api_notification_prefs_get,
     POLICY_SELF},
    {HTTP_PUT, V1 "/notifications/preferences", api_notification_prefs_set,
     POLICY_SELF},

    {HTTP_GET, V1 "/users", api_users_list, "user.admin"},
    {HTTP_POST, V1 "/users", api_user_create, "user.admin"},
    {HTTP_GET, V1 "/users/{id}", api_user_get, "user.admin"},
    {HTTP_PATCH, V1 "/users/{id}", api_user_update, "user.admin"},
    {HTTP_POST, V1 "/users/{id}/password", api_user_password, "user.admin"},
    {HTTP_GET, V1 "/log", api_log_list, "audit.read"},

    /* Calendar feeds (issue 15): a user's feeds, and a feed itself,
     * which its secret address alone authorises (feeds.c). */
    {HTTP_GET, V1 "/feeds", api_feeds_list, "calendar.feed"},
    {HTTP_POST, V1 "/feeds", api_feed_create, "calendar.feed"},
    {HTTP_DELETE, V1 "/feeds/{id}", api_feed_revoke, "calendar.feed"},
    {HTTP_GET, V1 "/calendar/{token}", api_calendar, POLICY_PUBLIC},
    /* The re-offer of freed places (issue 14). */
    {HTTP_GET, V1 "/freed", api_freed_list, "places.read"},
    {HTTP_GET, V1 "/freed/{id}", api_freed_get, "places.read"},
    {HTTP_PATCH, V1 "/freed/{id}", api_freed_update, "offer.make"},
    {HTTP_GET, V1 "/freed/{id}/candidates", api_freed_candidates,
     "candidates.read"},
    {HTTP_POST, V1 "/freed/{id}/offers", api_freed_offer, "offer.make"},
    {HTTP_GET, V1 "/offers", api_offers_list, "offer.read"},
    {HTTP_GET, V1 "/offers/{id}", api_offer_get, "offer.read"},
    {HTTP_POST, V1 "/offers/{id}/accept", api_offer_accept, "offer.answer"},
    {HTTP_POST, V1 "/offers/{id}/decline", api_offer_decline, "offer.answer"},
    {HTTP_POST, V1 "/offers/{id}/withdraw", api_offer_withdraw, "offer.make"},
    {HTTP_GET, V1 "/watches", api_watches_list, "watch.write"},
    {HTTP_POST, V1 "/watches", api_watch_create, "watch.write"},
    {HTTP_GET, V1 "/watches/{id}", api_watch_get, "watch.write"},
    {HTTP_PATCH, V1 "/watches/{id}", api_watch_update, "watch.write"},
    {HTTP_DELETE, V1 "/watches/{id}", api_watch_delete, "watch.write"},

    {HTTP_GET, V1 "/plans", api_plans_list, "planning.read"},
    {HTTP_POST, V1 "/plans", api_plan_create, "planning.run"},
    {HTTP_GET, V1 "/plans/{id}", api_plan_get, "planning.read"},
    {HTTP_GET, V1 "/plans/{id}/proposal", api_plan_proposal, "planning.read"},
    {HTTP_POST, V1 "/plans/{id}/cancel", api_plan_cancel, "planning.run"},
    {HTTP_POST, V1 "/plans/{id}/apply", api_plan_apply, "planning.run"},
    /* What-if scenarios (issue 18): planned beside today, never booked. */
    {HTTP_GET, V1 "/scenarios", api_scenarios_list, "planning.read"},
    {HTTP_POST, V1 "/scenarios", api_scenario_create, "planning.run"},
    {HTTP_GET, V1 "/scenarios/{id}", api_scenario_get, "planning.read"},
    {HTTP_DELETE, V1 "/scenarios/{id}", api_scenario_delete, "planning.run"},
    {HTTP_POST, V1 "/scenarios/{id}/run", api_scenario_run, "planning.run"},

    /* Imports of CSV and Excel files (issue 15). */
    {HTTP_POST, V1 "/imports", api_import_create, "import.write"},
    {HTTP_GET, V1 "/imports", api_imports_list, "import.read"},
    {HTTP_GET, V1 "/imports/{id}", api_import_get, "import.read"},
    {HTTP_GET, V1 "/imports/templates/{kind}", api_import_template,
     "import.read"},

    /* Forms of rotation (issue 18): units' placement rules, gaffel
     * groups, tandem and ST-clinic seats (forms.c). */
    {HTTP_GET, V1 "/units/{id}/rules", api_unit_rules_get, "unit.read"},
    {HTTP_PUT, V1 "/units/{id}/rules", api_unit_rules_set, "capacity.write"},
    {HTTP_GET, V1 "/forms", api_forms_list, "places.read"},
    {HTTP_POST, V1 "/forms", api_form_create, "rotform.write"},
    {HTTP_GET, V1 "/forms/{id}", api_form_get, "places.read"},
    {HTTP_DELETE, V1 "/forms/{id}", api_form_delete, "rotform.write"},
    /* Agreements and costs (issue 18, costs.c). */
    {HTTP_GET, V1 "/agreements", api_agreements_list, "agreement.read"},
    {HTTP_POST, V1 "/agreements", api_agreement_create, "agreement.write"},
    {HTTP_DELETE, V1 "/agreements/{id}", api_agreement_delete,
     "agreement.write"},
    {HTTP_GET, V1 "/costs", api_costs_list, "costs.read"},
    /* Home units' budgets per year (issue 18: budget, budgets.c): read
     * with the costs, written by those who make the unit's agreements. */
    {HTTP_GET, V1 "/budgets", api_budgets_list, "costs.read"},
    {HTTP_PUT, V1 "/units/{id}/budgets/{year}", api_budget_set,
     "agreement.write"},
    {HTTP_DELETE, V1 "/units/{id}/budgets/{year}", api_budget_delete,
     "agreement.write"},
    /* Single sign-on through the region's identity provider (issue 19):
     * the log-in page's offer, the way out and back (sso.c), and the
     * administrator's settings. */
    {HTTP_GET, V1 "/sso", api_sso_info, POLICY_PUBLIC},
    {HTTP_POST, V1 "/sso/login", api_sso_start, POLICY_PUBLIC},
    {HTTP_GET, V1 "/sso/callback", api_sso_callback, POLICY_PUBLIC},
    {HTTP_GET, V1 "/sso/settings", api_sso_settings_get, "sso.admin"},
    {HTTP_PUT, V1 "/sso/settings", api_sso_settings_set, "sso.admin"},
    {HTTP_PUT, V1 "/users/{id}/sso", api_user_sso_set, "sso.admin"},
    /* The demand forecast and its intake (issue 18: forms2, forecast.c). */
    {HTTP_GET, V1 "/forecast", api_forecast_get, "forecast.read"},
    {HTTP_PUT, V1 "/forecast/intake", api_forecast_intake_set,
     "forecast.write"},
    /* Exchange of places between regions (issue 17, exchange.c): peers
     * post their messages to the inbox, which their federation token
     * alone authorises. */
    {HTTP_GET, V1 "/exchange", api_exchange_overview, "exchange.read"},
    {HTTP_GET, V1 "/exchange/peers", api_xpeers_list, "exchange.read"},
    {HTTP_POST, V1 "/exchange/peers", api_xpeer_create, "exchange.admin"},
    {HTTP_PATCH, V1 "/exchange/peers/{id}", api_xpeer_update, "exchange.admin"},
    {HTTP_DELETE, V1 "/exchange/peers/{id}", api_xpeer_remove,
     "exchange.admin"},
    {HTTP_GET, V1 "/exchange/offers", api_xoffers_list, "exchange.read"},
    {HTTP_POST, V1 "/exchange/offers", api_xoffer_create, "exchange.publish"},
    {HTTP_POST, V1 "/exchange/offers/{id}/withdraw", api_xoffer_withdraw,
     "exchange.publish"},
    {HTTP_GET, V1 "/exchange/wants", api_xwants_list, "exchange.read"},
    {HTTP_POST, V1 "/exchange/wants", api_xwant_create, "exchange.admin"},
    {HTTP_POST, V1 "/exchange/wants/{id}/withdraw", api_xwant_withdraw,
     "exchange.admin"},
    {HTTP_GET, V1 "/exchange/remote-offers", api_xremote_offers,
     "exchange.read"},
    {HTTP_GET, V1 "/exchange/remote-wants", api_xremote_wants, "exchange.read"},
    {HTTP_GET, V1 "/exchange/requests", api_xrequests_list, "exchange.read"},
    {HTTP_POST, V1 "/exchange/requests", api_xrequest_create,
     "exchange.request"},
    {HTTP_POST, V1 "/exchange/requests/{id}/accept", api_xrequest_accept,
     "exchange.decide"},
    {HTTP_POST, V1 "/exchange/requests/{id}/decline", api_xrequest_decline,
     "exchange.decide"},
    {HTTP_POST, V1 "/exchange/requests/{id}/cancel", api_xrequest_cancel,
     "exchange.decide"},
    {HTTP_GET, V1 "/exchange/swaps", api_xswaps_list, "exchange.read"},
    {HTTP_POST, V1 "/exchange/swaps/search", api_xswap_search,
     "exchange.admin"},
    {HTTP_POST, V1 "/exchange/swaps/{id}/approve", api_xswap_approve,
     "exchange.admin"},
    {HTTP_POST, V1 "/exchange/swaps/{id}/decline", api_xswap_decline,
     "exchange.admin"},
    {HTTP_GET, V1 "/exchange/messages", api_xmessages_list, "exchange.admin"},
    {HTTP_GET, V1 "/exchange/history", api_xhistory, "exchange.read"},
    {HTTP_POST, V1 "/exchange/inbox", api_exchange_inbox, POLICY_PUBLIC},
};

const size_t api_route_count = sizeof(api_routes) / sizeof(api_routes[0]);

/* The bodies larger than HTTP_BODY_MAX: a review's report, the PDF itself,
 * up to REVIEW_REPORT_MAX, and an import's file. */
size_t api_body_max(enum http_method method, const char *path)
{
    if (method == HTTP_PUT &&
        http_path_matches(V1 "/reviews/{id}/report", path))
        return REVIEW_REPORT_MAX;
    /* An import's file (issue 15): a region's CSV or workbook. */
    if (method == HTTP_POST && http_path_matches(V1 "/imports", path))
        return IMPORT_FILE_MAX;
    return 0;
}

/*
 * The routes a standby (randa serve --db-read) may serve: reads of many
 * rows whose answer may be a moment old, the place overview and the
 * lists. Not the single records (the UI reads one right after writing
 * it), not the session, tokens, users, the log or the plan runs (whose
 * progress must be current), and no route that writes.
 */
static const char *const api_lagging[] = {
    V1 "/places", V1 "/trainees",    V1 "/needs",     V1 "/leaves",
    V1 "/units",  V1 "/capacity",    V1 "/bookings",  V1 "/regions",
    V1 "/sites",  V1 "/specialties", V1 "/providers", V1 "/areas",
    V1 "/goals",
};

int api_route_may_lag(const struct http_route *rt)
{
    if (rt->method != HTTP_GET)
        return 0;
    for (size_t i = 0; i < sizeof(api_lagging) / sizeof(*api_lagging); i++)
        if (strcmp(rt->pattern, api_lagging[i]) == 0)
            return 1;
    return 0;
}
