/*
 * Planning: the optimiser's problem built from the database, plan runs and
 * their proposals. Lists follow the conventions in store/ref.h.
 */
#ifndef RANDA_STORE_PLANS_H
#define RANDA_STORE_PLANS_H

#include "domain/cost.h"
#include "domain/pattern.h"
#include "domain/vocab.h"
#include "store/bookings.h"
#include "store/ref.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

/*
 * ---- Planning: the rows of the optimiser's problem, plan runs, proposals
 * (plan_problem.c, plans.c) ----
 *
 * The store reads the plain rows a planning problem is built from; the
 * planning layer (src/plan/) decides the problem from them and writes it as
 * a "randa-problem/1" document (planning-format.md); the optimiser, which
 * never touches the database, solves it; the store keeps each run, its
 * progress and its plan ("randa-plan/1") in table plan_run, and turns a plan
 * back into database ids. Ids in the problem carry the database ids: units
 * "u<id>", trainees "t<id>", needs "n<id>". Needs "b<booking id>" (a
 * trainee's booking for a need out of scope) and trainees "x<booking id>"
 * (bookings of others that hold seats or count against a home unit's limit
 * on trainees away) only keep the problem's seats exact and never show in a
 * proposal.
 */

struct buf;

/* What a problem is built for. */
struct plan_scope {
    int64_t region_id;
    int64_t specialty_id; /* 0: every specialty */
    int start_week;       /* the horizon's week 0, a serial (this week) */
    /* 0, or only the trainees with an open need that could be placed at
     * this unit, each with all its needs: a freed place's candidates
     * (issue 14). */
    int64_t unit_id;
};

/* Weeks after start_week that store_plan_rows() reads bookings and
 * capacity for: the longest horizon a problem may have. */
#define STORE_PLAN_WEEKS_MAX 260

/* A unit of the region, with the goals a rotation there covers. */
struct plan_row_unit {
    int64_t id, specialty_id;
    char name[STORE_NAME_MAX];
    char specialty_code[STORE_CODE_MAX];
    int takes;    /* takes trainees */
    int max_away; /* seats, or STORE_NONE for no limit */
    /* Its placement rules (unit_rule; 0 is no rule) and whether it is a
     * training node, whose limits hold on top (domain/form.h). */
    int min_weeks, max_weeks, max_trainees;
    int training_node;
    int64_t provider_id; /* who runs it, for the agreements */
    int ngoals;
    int64_t goals[STORE_LIST_MAX]; /* ascending */
};

/* Week serials [from, to). */
struct plan_row_span {
    int from, to;
};

/* A trainee of the scope. */
struct plan_row_trainee {
    int64_t id, home_unit_id;
    int fte;                      /* as stored */
    int start_week, end_week;     /* of the training, serials; STORE_NONE */
    struct plan_row_span *leaves; /* the weeks of each leave's days */
    int nleaves;
};

/* An open or booked need of a trainee of the scope. */
struct plan_row_need {
    int64_t id, trainee_id, specialty_id; /* specialty_id 0: none */
    char specialty_name[STORE_NAME_MAX];  /* Swedish, "" for none */
    int weeks;                            /* as stored */
    unsigned patterns;                    /* PATTERN_BIT()s as stored */
    int preferred_start;                  /* serial, or STORE_NONE */
    int open;                             /* 0: booked */
    int nunits, ngoals;                   /* ascending ids */
    int64_t units[STORE_LIST_MAX];
    int64_t goals[STORE_LIST_MAX];
};

/* A requested, confirmed or completed booking at a unit of the region or
 * of a trainee whose home unit is there, inside the weeks read. */
struct plan_row_booking {
    int64_t id, trainee_id, need_id, unit_id, home_unit_id; /* need 0: none */
    int start_week, end_week; /* serials as stored, end exclusive */
    enum pattern pattern;
    int weeks, fte;   /* the trainee's fte now */
    int holds;        /* requested or confirmed */
    int in_form;      /* in a group of a form: none of the unit's seats */
    int64_t group_id; /* that group (form_group), or 0 */
};

/* A capacity period of a unit of the region. */
struct plan_row_capacity {
    int64_t unit_id;
    int from_week, to_week, seats;
    unsigned patterns;
};

/* A form of rotation at a unit of the region (docs/forms.md): groups of
 * size trainees, at most groups at once, each needing needed members. */
struct plan_row_form {
    int64_t id, unit_id;
    int from_week, to_week; /* serials [from, to) */
    int groups, size, needed;
};

/* A live group of a form: one with bookings that hold its places. */
struct plan_row_group {
    int64_t id, form_id;
    int start_week, end_week; /* serials [start, end) */
    enum pattern pattern;
    int members; /* requested, confirmed or completed bookings in it */
};

/* An agreement of the region, as cost_agreement_match() and
 * cost_placement() take it (domain/cost.h). */
struct plan_row_agreement {
    struct cost_agreement match;
    struct cost_terms terms;
};

/* A home unit's budget for a year (unit_budget): weight -1 is a hard
 * limit, else the score's points per 1 000 kr over it. */
struct plan_row_budget {
    int64_t unit_id;
    int year;
    int64_t amount_ore;
    int weight;
};

/* Every row a problem of a scope is built from. */
struct plan_rows {
    struct plan_row_unit *units; /* the region's, by id */
    int nunits;
    struct plan_row_trainee *trainees; /* by id */
    int ntrainees;
    struct plan_row_need *needs; /* by trainee, then id */
    int nneeds;
    struct plan_row_booking *bookings; /* by trainee, start, id */
    int nbookings;
    struct plan_row_capacity *capacity; /* by unit, from_week */
    int ncapacity;
    struct plan_row_form *forms; /* by unit, from_week, id */
    int nforms;
    struct plan_row_group *groups; /* by form, start_week, id */
    int ngroups;
    struct plan_row_agreement *agreements; /* by id */
    int nagreements;
    struct plan_row_budget *budgets; /* by unit, year */
    int nbudgets;
};

/*
 * Reads the rows of the scope's problem in one snapshot: the region's units,
 * the trainees with an open need of the scope (each with its open and
 * booked needs of the scope's specialty), the bookings and capacity of
 * STORE_PLAN_WEEKS_MAX weeks from start_week. ERR_NOTFOUND names region_id
 * or specialty_id when either does not exist. Release with
 * store_plan_rows_release().
 */
int store_plan_rows(struct store *s, const struct plan_scope *scope,
                    struct plan_rows *out, struct err_info *ei);
void store_plan_rows_release(struct plan_rows *r);

/*
 * The plan ("randa-plan/1") of the newest done or cancelled run of the
 * scope's region and specialty other than run except_id, appended to
 * plan_json, and the week serial its horizon starts (its week 0) into
 * *start_week: what a new run may start from. ERR_NOTFOUND when there is
 * none.
 */
int store_plan_last(struct store *s, const struct plan_scope *scope,
                    int64_t except_id, struct buf *plan_json, int *start_week,
                    struct err_info *ei);

/* What the planning layer put into a problem (plan/problem.h). */
struct plan_built {
    int weeks;    /* horizon length */
    int trainees; /* trainees "t<id>" */
    int needs;    /* needs "n<id>", the fixed ones included */
    int fixed;    /* needs "n<id>" fixed by a requested or confirmed booking */
    int left_out; /* open needs that no unit can take, not in the problem */
};

/* The life of a run: queued -> running -> done, failed or cancelled. */
enum plan_status {
    PLAN_QUEUED,
    PLAN_RUNNING,
    PLAN_DONE,
    PLAN_FAILED,
    PLAN_CANCELLED,
};
extern const struct vocab store_plan_status; /* "queued", "running", ... */

#define STORE_PHASE_MAX 33
#define STORE_ERROR_MAX 501

/* A plan run with the names of its region and specialty. */
struct plan_run {
    int64_t id;
    char created_at[STORE_TIME_MAX];
    char started_at[STORE_TIME_MAX];  /* "" until it starts */
    char finished_at[STORE_TIME_MAX]; /* "" until it ends */
    int64_t region_id;
    char region_code[STORE_CODE_MAX];
    char region_name[STORE_NAME_MAX];
    struct specialty specialty; /* id 0: every specialty */
    enum plan_status status;
    int cancel_requested;
    double time_limit; /* seconds */
    int64_t seed;      /* 0 or more */
    int threads;       /* 1..64 */
    /* progress */
    char phase[STORE_PHASE_MAX];
    double seconds;
    int64_t best, bound; /* STORE_NO_SCORE until known */
    int64_t iterations;
    /* result */
    int64_t score, lower_bound; /* STORE_NO_SCORE until known */
    int horizon_start;          /* serial, or STORE_NONE until built */
    int horizon_weeks;          /* 0 until built */
    int needs, assigned, fixed, unplaced;
    char error[STORE_ERROR_MAX]; /* "" for none */
};

#define STORE_NO_SCORE INT64_MIN

/*
 * Inserts run r (region_id, specialty_id, time_limit, seed, threads) with
 * status queued, to be claimed by a worker, or running, for a caller that
 * solves it itself; sets r->id and reads the row back into r.
 */
int store_plan_run_create(struct store *s, struct plan_run *r,
                          enum plan_status status, struct err_info *ei);

/*
 * Claims the oldest queued run for the caller: marks it running and reads
 * it into *out. ERR_NOTFOUND when none waits. First fails the runs whose
 * process must have died: running for longer than their time limit and
 * grace seconds.
 */
int store_plan_run_claim(struct store *s, int grace, struct plan_run *out,
                         struct err_info *ei);

/* Stores the problem built for running run id and what it holds. */
int store_plan_run_set_problem(struct store *s, int64_t id, int start_week,
                               const struct plan_built *info,
                               const char *problem_json,
                               const char *left_out_json, struct err_info *ei);

/*
 * Writes the progress of running run id (best, bound: STORE_NO_SCORE for
 * none yet) and sets *cancel to 1 when someone asked to cancel it.
 */
int store_plan_run_progress(struct store *s, int64_t id, const char *phase,
                            double seconds, int64_t best, int64_t bound,
                            int64_t iterations, int *cancel,
                            struct err_info *ei);

/*
 * Ends run id with status done, cancelled (both with plan_json) or failed
 * (with error; plan_json may be NULL). Counts the needs of the plan that
 * it stores: assigned and unplaced needs "n<id>", with the left-out ones.
 */
int store_plan_run_finish(struct store *s, int64_t id, enum plan_status status,
                          const char *plan_json, int64_t score,
                          int64_t lower_bound, const char *error,
                          struct err_info *ei);

/*
 * Asks run id to stop: a queued run is cancelled at once, a running one is
 * flagged for its worker (store_plan_run_progress() tells it). ERR_CONFLICT
 * when it has ended already. Reads the run as it is then into *out.
 */
int store_plan_run_cancel(struct store *s, int64_t id, struct plan_run *out,
                          struct err_info *ei);

int store_plan_run_get(struct store *s, int64_t id, struct plan_run *out,
                       struct err_info *ei);

struct plan_run_filter {
    int status; /* enum plan_status, or -1 */
};

/* Newest first; the conventions of the lists above. */
int store_plan_run_list(struct store *s, const struct plan_run_filter *f,
                        int limit, int offset,
                        int (*each)(const struct plan_run *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

/* How many runs are queued or running. */
int store_plan_run_active(struct store *s, int64_t *queued, int64_t *running,
                          struct err_info *ei);

enum plan_item_status {
    PLAN_ITEM_PROPOSED, /* the plan places it */
    PLAN_ITEM_FIXED,    /* booked already: the plan keeps the booking */
    PLAN_ITEM_UNPLACED, /* no place: reason says why */
};
extern const struct vocab store_plan_item_status;

#define STORE_REASON_MAX 512
#define STORE_WHY_MAX    1536

/* One need of a proposal, with the names the API shows. */
struct plan_item {
    int64_t need_id;
    int64_t trainee_id;
    char trainee_name[STORE_NAME_MAX];
    struct specialty specialty; /* the need's; id 0 when it names units */
    int need_weeks;
    unsigned need_patterns;
    enum plan_item_status status;
    int64_t unit_id; /* 0 when unplaced */
    char unit_name[STORE_NAME_MAX];
    int start_week, end_week; /* serials, end exclusive; STORE_NONE */
    int pattern;              /* enum pattern, or -1 when unplaced */
    int weeks;                /* full-time weeks */
    int64_t form_id; /* placed in a group of this form of rotation, or 0 */
    char reason[STORE_REASON_MAX]; /* "" unless unplaced */
    /* The reason as data: the plan's "why" object as JSON text, with the
     * problem's ids ("u<id>", "n<id>") and horizon weeks; "" for none. */
    char why[STORE_WHY_MAX];
    /* The need's booking that holds a seat now, if any (id 0 for none). */
    struct booking booking;
    char booking_unit_name[STORE_NAME_MAX];
};

/* A unit and weeks where one more seat would lower the score most. */
struct plan_bottleneck {
    int64_t unit_id;
    char unit_name[STORE_NAME_MAX];
    int from_week, to_week; /* serials, [from, to) */
    int64_t gain;
};

struct plan_proposal {
    int64_t run_id;
    int start_week, weeks; /* the horizon */
    int nitems;
    struct plan_item *items; /* by trainee name, trainee, need */
    int nbottlenecks;
    struct plan_bottleneck *bottlenecks; /* as the plan lists them */
};

/*
 * Reads the proposal of run id: every need of the problem and every need
 * left out, placed as the plan says, with names and current bookings from
 * the database as it is now. ERR_CONFLICT while the run has no plan (queued,
 * running, failed). Release with store_plan_proposal_release().
 */
int store_plan_proposal(struct store *s, int64_t id, struct plan_proposal *out,
                        struct err_info *ei);
void store_plan_proposal_release(struct plan_proposal *p);

/*
 * Turns the proposed places of needs[0..n) of run id into booking requests
 * (store_booking_request(), every check included), in one transaction: all
 * of them or none. On failure ei names field "needs" and says which need
 * and why: ERR_INVAL for a need the proposal does not place (unknown,
 * fixed, unplaced), ERR_CONFLICT or ERR_INVAL as the request failed.
 * booking_ids (n entries) gets the new bookings. actor, when not NULL,
 * names who made them in the audit log.
 */
int store_plan_apply(struct store *s, int64_t id, const int64_t *needs, int n,
                     const char *actor, int64_t *booking_ids,
                     struct err_info *ei);

#endif
