/*
 * Every route the server has. docs/api/openapi.yaml describes each of them;
 * tests/api/openapi.test.mjs checks that the two lists are the same.
 */
#include "api/api_impl.h"

#define V1 "/api/v1"

const struct http_route api_routes[] = {
    {HTTP_GET, "/healthz", api_healthz},
    {HTTP_GET, "/metrics", api_metrics},
    {HTTP_GET, V1 "/openapi.yaml", api_openapi},

    {HTTP_GET, V1 "/regions", api_regions_list},
    {HTTP_GET, V1 "/regions/{id}", api_region_get},
    {HTTP_GET, V1 "/providers", api_providers_list},
    {HTTP_GET, V1 "/providers/{id}", api_provider_get},
    {HTTP_GET, V1 "/sites", api_sites_list},
    {HTTP_GET, V1 "/sites/{id}", api_site_get},
    {HTTP_GET, V1 "/areas", api_areas_list},
    {HTTP_GET, V1 "/areas/{id}", api_area_get},
    {HTTP_GET, V1 "/specialties", api_specialties_list},
    {HTTP_GET, V1 "/specialties/{id}", api_specialty_get},
    {HTTP_GET, V1 "/goals", api_goals_list},
    {HTTP_GET, V1 "/goals/{id}", api_goal_get},

    {HTTP_GET, V1 "/units", api_units_list},
    {HTTP_GET, V1 "/units/{id}", api_unit_get},
    {HTTP_PATCH, V1 "/units/{id}", api_unit_update},
    {HTTP_GET, V1 "/capacity", api_capacity_list},
    {HTTP_POST, V1 "/capacity", api_capacity_create},
    {HTTP_GET, V1 "/capacity/{id}", api_capacity_get},
    {HTTP_PATCH, V1 "/capacity/{id}", api_capacity_update},
    {HTTP_DELETE, V1 "/capacity/{id}", api_capacity_delete},

    {HTTP_GET, V1 "/trainees", api_trainees_list},
    {HTTP_POST, V1 "/trainees", api_trainee_create},
    {HTTP_GET, V1 "/trainees/{id}", api_trainee_get},
    {HTTP_PATCH, V1 "/trainees/{id}", api_trainee_update},
    {HTTP_GET, V1 "/leaves", api_leaves_list},
    {HTTP_POST, V1 "/leaves", api_leave_create},
    {HTTP_GET, V1 "/leaves/{id}", api_leave_get},
    {HTTP_PATCH, V1 "/leaves/{id}", api_leave_update},
    {HTTP_DELETE, V1 "/leaves/{id}", api_leave_delete},
    {HTTP_GET, V1 "/needs", api_needs_list},
    {HTTP_POST, V1 "/needs", api_need_create},
    {HTTP_GET, V1 "/needs/{id}", api_need_get},
    {HTTP_PATCH, V1 "/needs/{id}", api_need_update},
    {HTTP_DELETE, V1 "/needs/{id}", api_need_delete},

    {HTTP_GET, V1 "/places", api_places},
    {HTTP_GET, V1 "/bookings", api_bookings_list},
    {HTTP_POST, V1 "/bookings", api_booking_create},
    {HTTP_GET, V1 "/bookings/{id}", api_booking_get},
    {HTTP_POST, V1 "/bookings/{id}/accept", api_booking_accept},
    {HTTP_POST, V1 "/bookings/{id}/decline", api_booking_decline},
    {HTTP_POST, V1 "/bookings/{id}/cancel", api_booking_cancel},

    {HTTP_GET, V1 "/plans", api_plans_list},
    {HTTP_POST, V1 "/plans", api_plan_create},
    {HTTP_GET, V1 "/plans/{id}", api_plan_get},
    {HTTP_GET, V1 "/plans/{id}/proposal", api_plan_proposal},
    {HTTP_POST, V1 "/plans/{id}/cancel", api_plan_cancel},
    {HTTP_POST, V1 "/plans/{id}/apply", api_plan_apply},
};

const size_t api_route_count = sizeof(api_routes) / sizeof(api_routes[0]);
