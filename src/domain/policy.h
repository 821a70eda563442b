/*
 * Who may do what: the one policy table of Randa's authorisation.
 *
 * A user holds roles, each for a scope: a trainee (ST-läkare, handledare),
 * a unit (studierektor, verksamhetschef), a region (övergripande
 * studierektor) or everything (administratör). Every API route declares an
 * action ("trainee.read"); the table says, for each role, whether it may
 * take the action and how far its scope reaches for it:
 *   REACH_ANY     the action as such, on no one's record (reference data);
 *   REACH_OWN     records of the trainee the role is held for;
 *   REACH_HOME    records of trainees whose home unit is the role's unit;
 *   REACH_UNIT    records at the role's unit (its bookings, its capacity);
 *   REACH_REGION  records of the role's region (home or unit there);
 *   REACH_ALL     every record.
 * Two actions are outside the table: "public" (no log-in) and "self" (any
 * logged-in user, on their own session and tokens).
 */
#ifndef RANDA_DOMAIN_POLICY_H
#define RANDA_DOMAIN_POLICY_H

#include <stddef.h>
#include <stdint.h>

enum role {
    ROLE_TRAINEE,     /* ST-läkare: their own record */
    ROLE_SUPERVISOR,  /* handledare: the trainee they supervise */
    ROLE_DIRECTOR,    /* studierektor: a unit's trainees and requests */
    ROLE_UNIT_HEAD,   /* verksamhetschef: a unit's approvals and capacity */
    ROLE_COORDINATOR, /* övergripande studierektor: a region */
    ROLE_ADMIN,       /* administratör: users, reference data, the log */
    ROLE_COUNT
};

enum scope_kind { SCOPE_TRAINEE, SCOPE_UNIT, SCOPE_REGION, SCOPE_ALL };

#define REACH_ANY    0x01u
#define REACH_OWN    0x02u
#define REACH_HOME   0x04u
#define REACH_UNIT   0x08u
#define REACH_REGION 0x10u
#define REACH_ALL    0x20u

#define POLICY_PUBLIC "public"
#define POLICY_SELF   "self"

/* The role's name in the database and the API ("unit_head"), or NULL. */
const char *role_name(enum role r);
/* Parses a role's name; -1 for a name that is no role. */
int role_parse(const char *name);
/* The scope every holder of the role has. */
enum scope_kind role_scope(enum role r);
/* "trainee", "unit", "region", "all". */
const char *scope_kind_name(enum scope_kind k);

/* One row of the policy table. */
struct policy_rule {
    const char *action;
    enum role role;
    unsigned reach; /* REACH_* bits */
};
extern const struct policy_rule policy_rules[];
extern const size_t policy_rule_count;

/* Every action of the table, each once, in the table's order. */
extern const char *const policy_actions[];
extern const size_t policy_action_count;

/* Whether action is in the table, or is "public" or "self". */
int policy_action_known(const char *action);

/* How far role reaches for action: REACH_* bits, 0 when it may not. */
unsigned policy_reach(enum role r, const char *action);

/* A role a user holds, for the scope's row scope_id (0 for SCOPE_ALL). */
struct grant {
    enum role role;
    int64_t scope_id;
};

/*
 * What a record is, for the policy: the trainee it belongs to, that
 * trainee's home unit and its region, the unit it is at and that unit's
 * region (0 where the record has none: a unit has no trainee).
 */
struct subject {
    int64_t trainee_id, home_unit_id, home_region_id;
    int64_t unit_id, unit_region_id;
};

/*
 * The records a user may take an action on: everything, or those that
 * match one of the sorted id sets.
 */
struct scope {
    int all;
    int64_t *trainees, *homes, *units, *regions;
    int ntrainees, nhomes, nunits, nregions;
};

/*
 * Builds into out the scope of the grants that allow action. Returns 0 when
 * none does (the user may not take the action at all; out is then empty
 * and holds nothing to release), else 1. Release the scope with
 * scope_release(); releasing an empty one is harmless.
 */
int policy_scope(const struct grant *grants, int n, const char *action,
                 struct scope *out);
void scope_release(struct scope *sc);

/* Whether sc reaches the record su. */
int scope_sees(const struct scope *sc, const struct subject *su);

#endif
