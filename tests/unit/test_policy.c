/*
 * The policy table and the scopes it gives (domain/policy.c), the route
 * table's actions and the router's refusal of a route without one. The
 * store's filtering by scope is tested through the API
 * (tests/api/policy.test.mjs).
 */
#include "api/api.h"
#include "domain/policy.h"
#include "http/http.h"
#include "store/store.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(policy, roles_round_trip_with_their_scopes)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        cr_assert_eq(role_parse(role_name((enum role)r)), r);
    cr_assert_eq(role_parse("superuser"), -1);
    cr_assert_eq(role_scope(ROLE_TRAINEE), SCOPE_TRAINEE);
    cr_assert_eq(role_scope(ROLE_SUPERVISOR), SCOPE_TRAINEE);
    cr_assert_eq(role_scope(ROLE_DIRECTOR), SCOPE_UNIT);
    cr_assert_eq(role_scope(ROLE_UNIT_HEAD), SCOPE_UNIT);
    cr_assert_eq(role_scope(ROLE_COORDINATOR), SCOPE_REGION);
    cr_assert_eq(role_scope(ROLE_ADMIN), SCOPE_ALL);
}

Test(policy, every_rule_names_a_listed_action_once_per_role)
{
    for (size_t i = 0; i < policy_rule_count; i++) {
        cr_assert(policy_action_known(policy_rules[i].action), "%s",
                  policy_rules[i].action);
        cr_assert_neq(policy_rules[i].reach, 0u);
        /* A reach a role's scope cannot give is a mistake in the table. */
        enum scope_kind k = role_scope(policy_rules[i].role);
        unsigned reach = policy_rules[i].reach;
        if (reach & REACH_OWN)
            cr_assert_eq(k, SCOPE_TRAINEE, "%s", policy_rules[i].action);
        if (reach & (REACH_HOME | REACH_UNIT))
            cr_assert_eq(k, SCOPE_UNIT, "%s", policy_rules[i].action);
        if (reach & REACH_REGION)
            cr_assert_eq(k, SCOPE_REGION, "%s", policy_rules[i].action);
        for (size_t j = i + 1; j < policy_rule_count; j++)
            cr_assert(
                policy_rules[j].role != policy_rules[i].role ||
                    strcmp(policy_rules[j].action, policy_rules[i].action) != 0,
                "%s twice", policy_rules[i].action);
    }
    cr_assert(policy_action_known("public"));
    cr_assert(policy_action_known("self"));
    cr_assert_not(policy_action_known("trainee.delete"));
}

Test(policy, every_route_declares_a_known_action)
{
    for (size_t i = 0; i < api_route_count; i++) {
        cr_assert_not_null(api_routes[i].action, "%s", api_routes[i].pattern);
        cr_assert(policy_action_known(api_routes[i].action), "%s %s",
                  api_routes[i].pattern, api_routes[i].action);
    }
}

static int called;
static void handler(struct http_request *req, struct http_response *res,
                    void *ctx)
{
    (void)req, (void)ctx;
    called = 1;
    http_error(res, 200, "ok", NULL, "called");
}

Test(policy, the_router_refuses_a_route_without_an_action)
{
    const struct http_route routes[] = {
        {HTTP_GET, "/open", handler, "public"},
        {HTTP_GET, "/bare", handler, NULL},
    };
    struct http_request req = {.method = HTTP_GET, .path = "/bare", .body = ""};
    struct http_response res = {0};
    called = 0;
    cr_assert_null(http_dispatch(routes, 2, &req, &res, NULL));
    cr_assert_eq(res.status, 500);
    cr_assert_not(called, "the handler ran");
    http_response_release(&res);
    req.path = "/open";
    cr_assert_not_null(http_dispatch(routes, 2, &req, &res, NULL));
    cr_assert(called);
    http_response_release(&res);
}

Test(policy, scopes_reach_what_the_grants_say)
{
    const struct grant g[] = {
        {ROLE_DIRECTOR, 7},
        {ROLE_UNIT_HEAD, 9},
        {ROLE_TRAINEE, 42},
    };
    struct scope sc;
    /* Reading bookings: the director's unit as home and as place, the
     * unit head's likewise, the trainee's own. */
    cr_assert(policy_scope(g, 3, "booking.read", &sc));
    cr_assert_not(sc.all);
    struct subject own = {.trainee_id = 42, .home_unit_id = 1};
    struct subject home7 = {.trainee_id = 5, .home_unit_id = 7, .unit_id = 2};
    struct subject at9 = {.trainee_id = 5, .home_unit_id = 3, .unit_id = 9};
    struct subject other = {.trainee_id = 6,
                            .home_unit_id = 3,
                            .unit_id = 4,
                            .home_region_id = 1,
                            .unit_region_id = 1};
    cr_assert(scope_sees(&sc, &own));
    cr_assert(scope_sees(&sc, &home7));
    cr_assert(scope_sees(&sc, &at9));
    cr_assert_not(scope_sees(&sc, &other));
    scope_release(&sc);
    /* Deciding on requests: only where the booking is. */
    cr_assert(policy_scope(g, 3, "booking.decide", &sc));
    cr_assert_not(scope_sees(&sc, &home7));
    cr_assert(scope_sees(&sc, &at9));
    cr_assert_not(scope_sees(&sc, &own));
    scope_release(&sc);
    /* Planning: none of these roles. */
    cr_assert_not(policy_scope(g, 3, "planning.run", &sc));
    scope_release(&sc);
    /* A coordinator reaches the region's records by home or by place. */
    const struct grant c[] = {{ROLE_COORDINATOR, 1}};
    cr_assert(policy_scope(c, 1, "booking.cancel", &sc));
    cr_assert(scope_sees(&sc, &other));
    struct subject away = {.home_region_id = 2, .unit_region_id = 1};
    struct subject elsewhere = {.home_region_id = 2, .unit_region_id = 3};
    cr_assert(scope_sees(&sc, &away));
    cr_assert_not(scope_sees(&sc, &elsewhere));
    scope_release(&sc);
    /* Reference data: anyone with a role, everything. */
    cr_assert(policy_scope(g, 1, "reference.read", &sc));
    cr_assert(sc.all);
    scope_release(&sc);
    /* No grants: nothing. */
    cr_assert_not(policy_scope(NULL, 0, "unit.read", &sc));
    scope_release(&sc);
}

Test(policy, many_grants_are_sorted_and_searched)
{
    enum { N = 500 };
    struct grant *g = calloc(N, sizeof(*g));
    for (int i = 0; i < N; i++)
        g[i] = (struct grant){ROLE_DIRECTOR, (int64_t)((i * 7919) % N) + 1};
    struct scope sc;
    cr_assert(policy_scope(g, N, "trainee.read", &sc));
    cr_assert_eq(sc.nhomes, N);
    for (int u = 1; u <= N; u++) {
        struct subject su = {.trainee_id = 1000 + u, .home_unit_id = u};
        cr_assert(scope_sees(&sc, &su), "unit %d", u);
    }
    struct subject none = {.trainee_id = 1, .home_unit_id = N + 1};
    cr_assert_not(scope_sees(&sc, &none));
    scope_release(&sc);
    free(g);
}
