/*
 * The individual education plan (utbildningsplan) of a trainee: the
 * checklist of every goal of their specialty and regulation, the planned
 * activities, the substitutes that shorten rotations, the plan's versions
 * and their approvals, and the ST contract.
 *
 * The plan is the latest version of edu_plan. Every change to what is
 * planned (an activity, a substitute, a rotation need, the track) is a
 * change to the plan: an approved plan gets a new draft version, a draft
 * loses the approvals it had, so that an approval always holds for what it
 * saw. A version is approved when the verksamhetschef, the huvudhandledare
 * and the studierektor have each approved it, in any order; the version it
 * replaces is then superseded. Goal states (planned … certified) are the
 * trainee's progress, not the plan, and change no version.
 *
 * A goal a need, an activity or a state names must be on the trainee's
 * checklist: of the trainee's regulation (ERR_INVAL naming the field, "of
 * SOSFS 2015:8; the trainee follows HSLF-FS 2021:8") and of their
 * specialty or common to it. Conventions of writes as in store/people.h:
 * each write is one transaction with its audit rows.
 */
#ifndef RANDA_STORE_EDU_H
#define RANDA_STORE_EDU_H

#include "domain/vocab.h"
#include "store/ref.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

#define STORE_EDU_TEXT_MAX  501
#define STORE_PLAN_NOTE_MAX 2001
#define STORE_GOAL_NOTE_MAX 1001

/* Who did something, as the record keeps it: a user, and their name. */
struct edu_by {
    int64_t user_id; /* 0 when not a Randa user (history, a removed user) */
    char name[STORE_NAME_MAX];
};

/* ---- the checklist ---- */

struct edu_goal {
    struct goal goal;
    enum goal_status status;
    struct edu_by certified_by;        /* when certified */
    char certified_at[STORE_TIME_MAX]; /* "" unless certified */
    char note[STORE_GOAL_NOTE_MAX];
    char updated_at[STORE_TIME_MAX]; /* "" for a goal never touched */
};

/*
 * Every goal on trainee_id's checklist, ordered by group (BT, a, b, c) and
 * code: the a and BT goals of the regulation, the b goals that apply to the
 * specialty, the specialty's own goals.
 */
int store_edu_goals(struct store *s, int64_t trainee_id,
                    int (*each)(const struct edu_goal *, void *), void *arg,
                    struct err_info *ei);

/*
 * Sets the state of goal_id on trainee_id's checklist with its note; by is
 * who certified it when status is certified (the time is the store's).
 * ERR_INVAL (goal_id) when the goal is not on the checklist.
 */
int store_edu_goal_set(struct store *s, int64_t trainee_id, int64_t goal_id,
                       enum goal_status status, const char *note,
                       const struct edu_by *by, struct err_info *ei);

/*
 * Whether every goal of ids (n of them) is on trainee_id's checklist:
 * 0, or ERR_INVAL naming field and the first goal that is not, and why.
 */
int store_edu_goals_check(struct store *s, int64_t trainee_id,
                          const int64_t *ids, int n, const char *field,
                          struct err_info *ei);

/* ---- activities ---- */

struct activity {
    int64_t id;
    int64_t trainee_id;
    enum activity_kind kind;
    char title[STORE_NAME_MAX];
    int64_t need_id;        /* clinical service in a rotation, or 0 */
    int from_week, to_week; /* [from, to), or both STORE_NONE */
    enum activity_status status;
    int ngoals;
    int64_t goal_ids[STORE_LIST_MAX];
};

int store_activity_insert(struct store *s, struct activity *a,
                          struct err_info *ei);
int store_activity_get(struct store *s, int64_t id, struct activity *out,
                       struct err_info *ei);
/* Writes activity a->id; its trainee stays. */
int store_activity_update(struct store *s, const struct activity *a,
                          struct err_info *ei);
/* Deletes an activity with its substitutes (their weeks given back). */
int store_activity_delete(struct store *s, int64_t id, struct err_info *ei);
/* trainee_id's activities (0: every trainee's the store's scope sees), by
 * trainee, first week (undated last), then id. A trainee outside the scope
 * and one that does not exist both have none: a list tells them apart by
 * nothing. */
int store_activity_list(struct store *s, int64_t trainee_id,
                        int (*each)(const struct activity *, void *), void *arg,
                        struct err_info *ei);

/* ---- substitutes ---- */

struct substitute {
    int64_t id;
    int64_t activity_id;
    int64_t need_id;
    int weeks_saved;
    char reason[STORE_EDU_TEXT_MAX];
    struct edu_by agreed_by;
    char agreed_at[STORE_TIME_MAX];
};

/*
 * Records that activity sub->activity_id covers part of need sub->need_id
 * (the same trainee's), agreed by sub->agreed_by now: the need becomes
 * weeks_saved shorter, or waived when that is all of it (weeks_saved more
 * than its weeks is ERR_INVAL). ERR_CONFLICT while the need has a requested
 * or confirmed booking: the booking's length was agreed for the longer
 * rotation.
 */
int store_substitute_insert(struct store *s, struct substitute *sub,
                            struct err_info *ei);
int store_substitute_get(struct store *s, int64_t id, struct substitute *out,
                         struct err_info *ei);
/* Withdraws substitute id: the need gets its weeks back (and is open
 * again if it was waived by it). ERR_CONFLICT as for insert. */
int store_substitute_delete(struct store *s, int64_t id, struct err_info *ei);
/* trainee_id's substitutes (0: every trainee's in scope) by id; none for a
 * trainee outside the scope or unknown, as for activities. */
int store_substitute_list(struct store *s, int64_t trainee_id,
                          int (*each)(const struct substitute *, void *),
                          void *arg, struct err_info *ei);

/* ---- versions and approvals ---- */

/* The three roles whose approval makes a version approved. */
enum edu_approver {
    EDU_APPROVER_UNIT_HEAD,  /* verksamhetschef */
    EDU_APPROVER_SUPERVISOR, /* huvudhandledare */
    EDU_APPROVER_DIRECTOR,   /* studierektor */
    EDU_APPROVER_COUNT
};
/* "unit_head", "supervisor", "director": the roles' names (policy.h). */
extern const struct vocab vocab_edu_approver;

struct edu_approval {
    int given;
    struct edu_by by;
    char at[STORE_TIME_MAX];
};

struct edu_plan {
    int64_t id; /* 0: the trainee has no plan yet */
    int64_t trainee_id;
    int version;
    enum edu_status status;
    enum edu_track track;
    char note[STORE_PLAN_NOTE_MAX];
    char created_at[STORE_TIME_MAX];
    char approved_at[STORE_TIME_MAX]; /* "" while a draft */
    struct edu_approval approvals[EDU_APPROVER_COUNT];
    char *content; /* the plan as approved (JSON), for versions() only */
};

/*
 * The current version of trainee_id's plan into *out (id 0 when there is
 * none yet, which is not an error), with its approvals; content NULL.
 */
int store_edu_plan_get(struct store *s, int64_t trainee_id,
                       struct edu_plan *out, struct err_info *ei);

/*
 * Every version of trainee_id's plan, newest first, with their approvals
 * and contents (the caller frees nothing: content lives for the call).
 */
int store_edu_plan_versions(struct store *s, int64_t trainee_id,
                            int (*each)(const struct edu_plan *, void *),
                            void *arg, struct err_info *ei);

/* Sets the plan's track and note: a change to the plan (see above). */
int store_edu_plan_set(struct store *s, int64_t trainee_id,
                       enum edu_track track, const char *note,
                       struct err_info *ei);

/*
 * Approves version of trainee_id's plan in role, by by. ERR_CONFLICT when
 * version is not the current draft (the plan changed, or is approved
 * already) or the role has approved it. When it is the last of the three,
 * the version is approved, its content kept (the plan as the approvers saw
 * it: track, note, needs, activities and substitutes, as JSON) and the
 * approved version before it superseded. *approved is set to whether this
 * approval completed it.
 */
int store_edu_plan_approve(struct store *s, int64_t trainee_id, int version,
                           enum edu_approver role, const struct edu_by *by,
                           int *approved, struct err_info *ei);

/*
 * Marks trainee_id's plan changed inside the caller's write (store-internal
 * callers: needs, activities, substitutes): starts the next draft after an
 * approved version, or clears a draft's approvals; starts version 1 when
 * there is no plan.
 */
int store__edu_plan_touch(struct store *s, int64_t trainee_id,
                          struct err_info *ei);

/* ---- the ST contract ---- */

struct st_contract {
    int64_t trainee_id;
    char signed_on[STORE_DATE_MAX]; /* "" when there is none */
    char employer[STORE_NAME_MAX];
    char parties[STORE_EDU_TEXT_MAX];
};

/* trainee_id's contract; signed_on "" when none is recorded. */
int store_contract_get(struct store *s, int64_t trainee_id,
                       struct st_contract *out, struct err_info *ei);
int store_contract_set(struct store *s, const struct st_contract *c,
                       struct err_info *ei);

/* ---- what the deadlines are computed from ---- */

/* The dates of one trainee's plan the deadlines need. */
struct edu_facts {
    int64_t trainee_id;
    char name[STORE_NAME_MAX];
    int64_t home_unit_id;
    enum regulation regulation;
    char start_date[STORE_DATE_MAX];
    char contract_on[STORE_DATE_MAX];    /* "" for no contract */
    char first_approved[STORE_DATE_MAX]; /* day of the first approval, "" */
    char last_approved[STORE_DATE_MAX];  /* day of the latest approval, "" */
    int plan_version;                    /* 0: no plan */
    enum edu_status plan_status;
    int approvals[EDU_APPROVER_COUNT];    /* given on the current draft */
    int bt_goals, bt_certified;           /* BT goals on the checklist */
    char bt_certified_on[STORE_DATE_MAX]; /* the day the last one was */
};

/*
 * The facts of every active or on-leave trainee the store's scope sees
 * (trainee_id 0) or of one, ordered by name.
 */
int store_edu_facts(struct store *s, int64_t trainee_id,
                    int (*each)(const struct edu_facts *, void *), void *arg,
                    struct err_info *ei);

#endif
