/* The policy table and the scopes it gives (policy.h). */
#include "domain/policy.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    "trainee", "supervisor", "director", "unit_head", "coordinator", "admin",
};

static const enum scope_kind role_scopes[ROLE_COUNT] = {
    SCOPE_TRAINEE, SCOPE_TRAINEE, SCOPE_UNIT,
    SCOPE_UNIT,    SCOPE_REGION,  SCOPE_ALL,
};

const char *role_name(enum role r)
{
    return (unsigned)r < ROLE_COUNT ? role_names[r] : NULL;
}

int role_parse(const char *name)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(role_names[r], name) == 0)
            return r;
    return -1;
}

enum scope_kind role_scope(enum role r)
{
    return role_scopes[r];
}

const char *scope_kind_name(enum scope_kind k)
{
    static const char *const names[] = {"trainee", "unit", "region", "all"};
    return names[k];
}

#define ANY    REACH_ANY
#define OWN    REACH_OWN
#define HOME   REACH_HOME
#define UNIT   REACH_UNIT
#define REGION REACH_REGION
#define ALL    REACH_ALL

/*
 * The table. Reading it by role:
 *   ST-läkare: their own plan, leave and bookings; may edit their plan's
 *     needs (they draw up the plan with their handledare, SOSFS 2015:8).
 *   handledare: the same for the trainees they supervise.
 *   studierektor: the trainees of their unit (records, plans, leave,
 *     booking requests and cancellations) and the requests and capacity
 *     of their unit as a receiving unit.
 *   verksamhetschef: their unit: its details, capacity, the decisions on
 *     requests to it, and the leave of its own trainees.
 *   övergripande studierektor: everything about the trainees of their
 *     region, and its planning runs.
 *   Quality reviews of a unit (STINS, SPUR) are recorded by its
 *     verksamhetschef or the övergripande studierektor, and read by the
 *     unit's studierektor too; the region's AT, BT and ST doctors and what
 *     became of them are kept like trainees' records; the yearly figures
 *     are read by those who answer for them: a unit's studierektor and
 *     verksamhetschef, and the övergripande studierektor for the region.
 *   administratör: users, the log, unit details, metrics; no trainee's
 *     records (they do not need them).
 * Everyone logged in reads the reference data, the units and the free
 * places (the overview counts seats; it never names who holds them).
 */
const struct policy_rule policy_rules[] = {
    {"reference.read", ROLE_TRAINEE, ANY},
    {"reference.read", ROLE_SUPERVISOR, ANY},
    {"reference.read", ROLE_DIRECTOR, ANY},
    {"reference.read", ROLE_UNIT_HEAD, ANY},
    {"reference.read", ROLE_COORDINATOR, ANY},
    {"reference.read", ROLE_ADMIN, ANY},

    {"unit.read", ROLE_TRAINEE, ANY},
    {"unit.read", ROLE_SUPERVISOR, ANY},
    {"unit.read", ROLE_DIRECTOR, ANY},
    {"unit.read", ROLE_UNIT_HEAD, ANY},
    {"unit.read", ROLE_COORDINATOR, ANY},
    {"unit.read", ROLE_ADMIN, ANY},

    {"places.read", ROLE_TRAINEE, ANY},
    {"places.read", ROLE_SUPERVISOR, ANY},
    {"places.read", ROLE_DIRECTOR, ANY},
    {"places.read", ROLE_UNIT_HEAD, ANY},
    {"places.read", ROLE_COORDINATOR, ANY},
    {"places.read", ROLE_ADMIN, ANY},

    {"unit.write", ROLE_UNIT_HEAD, UNIT},
    {"unit.write", ROLE_ADMIN, ALL},

    {"capacity.write", ROLE_DIRECTOR, UNIT},
    {"capacity.write", ROLE_UNIT_HEAD, UNIT},

    {"trainee.read", ROLE_TRAINEE, OWN},
    {"trainee.read", ROLE_SUPERVISOR, OWN},
    {"trainee.read", ROLE_DIRECTOR, HOME},
    {"trainee.read", ROLE_UNIT_HEAD, HOME},
    {"trainee.read", ROLE_COORDINATOR, REGION},

    {"trainee.write", ROLE_DIRECTOR, HOME},
    {"trainee.write", ROLE_COORDINATOR, REGION},

    {"need.write", ROLE_TRAINEE, OWN},
    {"need.write", ROLE_SUPERVISOR, OWN},
    {"need.write", ROLE_DIRECTOR, HOME},
    {"need.write", ROLE_COORDINATOR, REGION},

    {"plan.write", ROLE_TRAINEE, OWN},
    {"plan.write", ROLE_SUPERVISOR, OWN},
    {"plan.write", ROLE_DIRECTOR, HOME},
    {"plan.write", ROLE_COORDINATOR, REGION},

    {"plan.approve", ROLE_SUPERVISOR, OWN},
    {"plan.approve", ROLE_DIRECTOR, HOME},
    {"plan.approve", ROLE_UNIT_HEAD, HOME},

    {"goal.certify", ROLE_SUPERVISOR, OWN},

    /* Certificates are read as the trainee's record is; the handledare
     * signs them, the studierektor co-signs where the form asks. */
    {"certificate.read", ROLE_TRAINEE, OWN},
    {"certificate.read", ROLE_SUPERVISOR, OWN},
    {"certificate.read", ROLE_DIRECTOR, HOME},
    {"certificate.read", ROLE_UNIT_HEAD, HOME},
    {"certificate.read", ROLE_COORDINATOR, REGION},
    {"certificate.sign", ROLE_SUPERVISOR, OWN},
    {"certificate.sign", ROLE_DIRECTOR, HOME},

    {"substitute.write", ROLE_DIRECTOR, HOME},
    {"substitute.write", ROLE_COORDINATOR, REGION},

    {"supervisor.read", ROLE_DIRECTOR, HOME | UNIT},
    {"supervisor.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"supervisor.read", ROLE_COORDINATOR, REGION},
    {"supervisor.read", ROLE_ADMIN, ALL},

    {"supervisor.write", ROLE_DIRECTOR, UNIT},
    {"supervisor.write", ROLE_UNIT_HEAD, UNIT},
    {"supervisor.write", ROLE_COORDINATOR, REGION},

    {"supervisor.appoint", ROLE_UNIT_HEAD, HOME},
    {"supervisor.appoint", ROLE_COORDINATOR, REGION},

    {"booking.supervisor", ROLE_UNIT_HEAD, UNIT},
    {"booking.supervisor", ROLE_COORDINATOR, REGION},

    {"rotation.document", ROLE_SUPERVISOR, OWN},
    {"rotation.document", ROLE_DIRECTOR, HOME | UNIT},
    {"rotation.document", ROLE_UNIT_HEAD, UNIT},

    {"rotation.assess", ROLE_SUPERVISOR, OWN},

    {"feedback.write", ROLE_TRAINEE, OWN},

    {"feedback.read", ROLE_DIRECTOR, UNIT},
    {"feedback.read", ROLE_UNIT_HEAD, UNIT},
    {"feedback.read", ROLE_COORDINATOR, REGION},

    {"form.write", ROLE_COORDINATOR, REGION},
    {"form.write", ROLE_ADMIN, ALL},
    {"review.read", ROLE_DIRECTOR, UNIT},
    {"review.read", ROLE_UNIT_HEAD, UNIT},
    {"review.read", ROLE_COORDINATOR, REGION},

    {"review.write", ROLE_UNIT_HEAD, UNIT},
    {"review.write", ROLE_COORDINATOR, REGION},

    {"program.read", ROLE_DIRECTOR, HOME},
    {"program.read", ROLE_UNIT_HEAD, HOME},
    {"program.read", ROLE_COORDINATOR, REGION},

    {"program.write", ROLE_DIRECTOR, HOME},
    {"program.write", ROLE_COORDINATOR, REGION},

    {"figures.read", ROLE_DIRECTOR, HOME | UNIT},
    {"figures.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"figures.read", ROLE_COORDINATOR, REGION},

    {"todo.read", ROLE_TRAINEE, OWN},
    {"todo.read", ROLE_SUPERVISOR, OWN},
    {"todo.read", ROLE_DIRECTOR, HOME | UNIT},
    {"todo.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"todo.read", ROLE_COORDINATOR, REGION},

    {"leave.write", ROLE_DIRECTOR, HOME},
    {"leave.write", ROLE_UNIT_HEAD, HOME},
    {"leave.write", ROLE_COORDINATOR, REGION},

    {"booking.read", ROLE_TRAINEE, OWN},
    {"booking.read", ROLE_SUPERVISOR, OWN},
    {"booking.read", ROLE_DIRECTOR, HOME | UNIT},
    {"booking.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"booking.read", ROLE_COORDINATOR, REGION},

    {"booking.request", ROLE_DIRECTOR, HOME},
    {"booking.request", ROLE_COORDINATOR, REGION},

    {"booking.decide", ROLE_DIRECTOR, UNIT},
    {"booking.decide", ROLE_UNIT_HEAD, UNIT},

    {"booking.cancel", ROLE_DIRECTOR, HOME | UNIT},
    {"booking.cancel", ROLE_UNIT_HEAD, UNIT},
    {"booking.cancel", ROLE_COORDINATOR, REGION},

    {"planning.read", ROLE_COORDINATOR, REGION},
    {"planning.run", ROLE_COORDINATOR, REGION},

    /* Imports of CSV and Excel files (issue 15): who may upload one at
     * all. Each row is judged again by the action it takes (a trainee's
     * row by trainee.write on its home unit, ...), so an import never
     * reaches further than the API; an import is read back by whoever
     * made it, and by an administrator. */
    {"import.write", ROLE_DIRECTOR, HOME | UNIT},
    {"import.write", ROLE_UNIT_HEAD, HOME | UNIT},
    {"import.write", ROLE_COORDINATOR, REGION},
    {"import.write", ROLE_ADMIN, ALL},
    {"import.read", ROLE_DIRECTOR, HOME | UNIT},
    {"import.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"import.read", ROLE_COORDINATOR, REGION},
    {"import.read", ROLE_ADMIN, ALL},
    /* Freed places (issue 14): the receiving unit's studierektor and
     * verksamhetschef see every candidate of a place at their unit and
     * offer it; a home unit's see their own trainees among the candidates
     * of places elsewhere; the övergripande studierektor the region's.
     * The trainee, or their studierektor, answers an offer. A trainee,
     * handledare or studierektor keeps watches of their own. */
    {"candidates.read", ROLE_DIRECTOR, HOME | UNIT},
    {"candidates.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"candidates.read", ROLE_COORDINATOR, REGION},

    {"offer.make", ROLE_DIRECTOR, UNIT},
    {"offer.make", ROLE_UNIT_HEAD, UNIT},
    {"offer.make", ROLE_COORDINATOR, REGION},

    {"offer.read", ROLE_TRAINEE, OWN},
    {"offer.read", ROLE_SUPERVISOR, OWN},
    {"offer.read", ROLE_DIRECTOR, HOME | UNIT},
    {"offer.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"offer.read", ROLE_COORDINATOR, REGION},

    {"offer.answer", ROLE_TRAINEE, OWN},
    {"offer.answer", ROLE_DIRECTOR, HOME},
    {"offer.answer", ROLE_COORDINATOR, REGION},

    {"watch.write", ROLE_TRAINEE, ANY},
    {"watch.write", ROLE_SUPERVISOR, ANY},
    {"watch.write", ROLE_DIRECTOR, ANY},
    {"watch.write", ROLE_COORDINATOR, ANY},

    /* Calendar feeds (issue 15): a user subscribes to the rotations they
     * may read, one trainee's or one unit's, as booking.read reaches. */
    {"calendar.feed", ROLE_TRAINEE, OWN},
    {"calendar.feed", ROLE_SUPERVISOR, OWN},
    {"calendar.feed", ROLE_DIRECTOR, HOME | UNIT},
    {"calendar.feed", ROLE_UNIT_HEAD, HOME | UNIT},
    {"calendar.feed", ROLE_COORDINATOR, REGION},

    /* Forms of rotation, agreements and costs (issue 18): a receiving
     * unit's studierektor and verksamhetschef offer its gaffel groups,
     * tandem and ST-clinic seats, the övergripande studierektor the
     * region's. An agreement binds a home unit (its verksamhetschef signs)
     * or the region; its terms and what rotations cost are read by the
     * home unit's and the host unit's leaders and by the region. */
    {"rotform.write", ROLE_DIRECTOR, UNIT},
    {"rotform.write", ROLE_UNIT_HEAD, UNIT},
    {"rotform.write", ROLE_COORDINATOR, REGION},
    {"agreement.read", ROLE_DIRECTOR, HOME | UNIT},
    {"agreement.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"agreement.read", ROLE_COORDINATOR, REGION},
    {"agreement.write", ROLE_UNIT_HEAD, HOME},
    {"agreement.write", ROLE_COORDINATOR, REGION},
    {"costs.read", ROLE_DIRECTOR, HOME},
    {"costs.read", ROLE_UNIT_HEAD, HOME},
    {"costs.read", ROLE_COORDINATOR, REGION},
    /* The demand forecast (issue 18: forms2): region-wide figures with
     * no personal data, read by the leaders of a unit of the region and
     * by the region; its intake is set by the region. */
    {"forecast.read", ROLE_DIRECTOR, HOME | UNIT},
    {"forecast.read", ROLE_UNIT_HEAD, HOME | UNIT},
    {"forecast.read", ROLE_COORDINATOR, REGION},
    {"forecast.write", ROLE_COORDINATOR, REGION},

    {"reference.write", ROLE_ADMIN, ALL},
    {"user.admin", ROLE_ADMIN, ALL},
    {"audit.read", ROLE_ADMIN, ALL},
    {"metrics.read", ROLE_ADMIN, ALL},

    /* Single sign-on (issue 19): the administrator decides whether people
     * the identity provider knows get an account at their first log-in,
     * and which user a provider's identifier names. */
    {"sso.admin", ROLE_ADMIN, ALL},
    /* Exchange of places between regions (issue 17): the övergripande
     * studierektor connects peers, publishes wants and approves swaps
     * for the region; a unit's studierektor and verksamhetschef publish
     * its places and answer requests for them; a home unit's studierektor
     * requests a place for a trainee's need; everyone who plans sees
     * what is offered. */
    {"exchange.read", ROLE_DIRECTOR, ANY},
    {"exchange.read", ROLE_UNIT_HEAD, ANY},
    {"exchange.read", ROLE_COORDINATOR, ANY},
    {"exchange.read", ROLE_ADMIN, ANY},
    {"exchange.admin", ROLE_COORDINATOR, REGION},
    {"exchange.admin", ROLE_ADMIN, ALL},
    {"exchange.publish", ROLE_DIRECTOR, UNIT},
    {"exchange.publish", ROLE_UNIT_HEAD, UNIT},
    {"exchange.publish", ROLE_COORDINATOR, REGION},
    {"exchange.request", ROLE_DIRECTOR, HOME},
    {"exchange.request", ROLE_COORDINATOR, REGION},
    {"exchange.decide", ROLE_DIRECTOR, UNIT | HOME},
    {"exchange.decide", ROLE_UNIT_HEAD, UNIT},
    {"exchange.decide", ROLE_COORDINATOR, REGION},
};
const size_t policy_rule_count = sizeof(policy_rules) / sizeof(policy_rules[0]);

const char *const policy_actions[] = {
    "reference.read",
    "unit.read",
    "places.read",
    "unit.write",
    "capacity.write",
    "trainee.read",
    "trainee.write",
    "need.write",
    "leave.write",
    "booking.read",
    "booking.request",
    "booking.decide",
    "booking.cancel",
    "planning.read",
    "planning.run",
    "user.admin",
    "audit.read",
    "metrics.read",
    "plan.write",
    "plan.approve",
    "goal.certify",
    "substitute.write",
    "todo.read",
    "reference.write",
    "supervisor.read",
    "supervisor.write",
    "supervisor.appoint",
    "booking.supervisor",
    "rotation.document",
    "rotation.assess",
    "feedback.write",
    "feedback.read",
    "form.write",
    "certificate.read",
    "certificate.sign",
    "review.read",
    "review.write",
    "program.read",
    "program.write",
    "figures.read",
    "import.write",
    "import.read",
    "calendar.feed",
    "candidates.read",
    "offer.make",
    "offer.read",
    "offer.answer",
    "watch.write",
    "rotform.write",
    "agreement.read",
    "agreement.write",
    "costs.read",
    /* Single sign-on (issue 19). */
    "sso.admin",
    /* The demand forecast (issue 18: forms2). */
    "forecast.read",
    "forecast.write",
    /* Exchange of places between regions (issue 17). */
    "exchange.read",
    "exchange.admin",
    "exchange.publish",
    "exchange.request",
    "exchange.decide",
};
const size_t policy_action_count =
    sizeof(policy_actions) / sizeof(policy_actions[0]);

int policy_action_known(const char *action)
{
    if (strcmp(action, POLICY_PUBLIC) == 0 || strcmp(action, POLICY_SELF) == 0)
        return 1;
    for (size_t i = 0; i < policy_action_count; i++)
        if (strcmp(policy_actions[i], action) == 0)
            return 1;
    return 0;
}

unsigned policy_reach(enum role r, const char *action)
{
    for (size_t i = 0; i < policy_rule_count; i++)
        if (policy_rules[i].role == r &&
            strcmp(policy_rules[i].action, action) == 0)
            return policy_rules[i].reach;
    return 0;
}

static int policy_cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Sorts ids in place and drops repeats; returns the new count. */
static int policy_sort_unique(int64_t *ids, int n)
{
    if (n == 0)
        return 0;
    qsort(ids, (size_t)n, sizeof(*ids), policy_cmp_id);
    int m = 1;
    for (int i = 1; i < n; i++)
        if (ids[i] != ids[m - 1])
            ids[m++] = ids[i];
    return m;
}

int policy_scope(const struct grant *grants, int n, const char *action,
                 struct scope *out)
{
    memset(out, 0, sizeof(*out));
    size_t cap = n > 0 ? (size_t)n : 1;
    out->trainees = xcalloc(cap, sizeof(int64_t));
    out->homes = xcalloc(cap, sizeof(int64_t));
    out->units = xcalloc(cap, sizeof(int64_t));
    out->regions = xcalloc(cap, sizeof(int64_t));
    int allowed = 0;
    for (int i = 0; i < n; i++) {
        unsigned reach = policy_reach(grants[i].role, action);
        if (!reach)
            continue;
        allowed = 1;
        if (reach & (REACH_ANY | REACH_ALL))
            out->all = 1;
        int64_t id = grants[i].scope_id;
        if (reach & REACH_OWN)
            out->trainees[out->ntrainees++] = id;
        if (reach & REACH_HOME)
            out->homes[out->nhomes++] = id;
        if (reach & REACH_UNIT)
            out->units[out->nunits++] = id;
        if (reach & REACH_REGION)
            out->regions[out->nregions++] = id;
    }
    out->ntrainees = policy_sort_unique(out->trainees, out->ntrainees);
    out->nhomes = policy_sort_unique(out->homes, out->nhomes);
    out->nunits = policy_sort_unique(out->units, out->nunits);
    out->nregions = policy_sort_unique(out->regions, out->nregions);
    if (!allowed)
        scope_release(out); /* nothing for a caller to release */
    return allowed;
}

void scope_release(struct scope *sc)
{
    free(sc->trainees);
    free(sc->homes);
    free(sc->units);
    free(sc->regions);
    memset(sc, 0, sizeof(*sc));
}

static int scope_has(const int64_t *ids, int n, int64_t id)
{
    return id > 0 && n > 0 &&
           bsearch(&id, ids, (size_t)n, sizeof(*ids), policy_cmp_id) != NULL;
}

int scope_sees(const struct scope *sc, const struct subject *su)
{
    return sc->all || scope_has(sc->trainees, sc->ntrainees, su->trainee_id) ||
           scope_has(sc->homes, sc->nhomes, su->home_unit_id) ||
           scope_has(sc->units, sc->nunits, su->unit_id) ||
           scope_has(sc->regions, sc->nregions, su->home_region_id) ||
           scope_has(sc->regions, sc->nregions, su->unit_region_id);
}
