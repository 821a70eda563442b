/*
 * The planning problem and plan of docs: planning-format.md
 * ("randa-problem/1", "randa-plan/1"): loading with errors that name the
 * field and the id, the validity rules and the score, exactly as written
 * there. The solver never touches the database: it takes a problem and
 * gives a plan.
 */
#ifndef RANDA_SOLVER_PROBLEM_H
#define RANDA_SOLVER_PROBLEM_H

#include "domain/pattern.h"
#include "util/buf.h"
#include "util/err.h"

#include <stdint.h>

#define SOLVER_NONE (-1) /* an absent optional week or limit */

struct solver_need_option {
    int *units; /* unit indices */
    int nunits;
    int weeks;
    enum pattern pattern;
    int cost;
    int len;   /* calendar weeks for its trainee's fte */
    int group; /* 1: a gaffel option, placed only in a group of its unit
                  (docs/planning-format-groups.md) */
    int spend; /* its price against the home unit's budget, or 0 */
};

struct solver_need {
    char *id;
    int trainee;
    struct solver_need_option *options;
    int noptions;
    int earliest, latest_end, preferred_start; /* or SOLVER_NONE */
    int *after; /* need indices, all of the same trainee */
    int nafter;
    int fixed; /* 1: fixed_option, fixed_unit, fixed_start hold */
    int fixed_option, fixed_unit, fixed_start;
    int fixed_group; /* a fixed group option's group index, else -1 */
};

struct solver_trainee {
    char *id;
    int home; /* unit index */
    int from, deadline, fte, priority;
    int (*unavailable)[2]; /* [a, b) */
    int nunavailable;
    int first_need, nneeds; /* its needs are needs[first .. first + n) */
};

struct solver_unit {
    char *id;
    char *name;   /* its name, or its id when it has none */
    int *seats;   /* per week of the horizon, after "except" */
    int max_away; /* SOLVER_NONE for no limit */
    /* budget of the unit's own trainees' spend: SOLVER_NONE when absent;
     * budget_weight SOLVER_NONE makes budget_amount a hard limit */
    int budget_amount, budget_weight;
};

/* Most members of a group: gaffel 2..3, tandem 2, ST clinic 2..6
 * (docs/forms.md). */
#define SOLVER_GROUP_SIZE_MAX 6

/* A group of a rotation form (docs/planning-format-groups.md): 2..6
 * trainees placed together, same weeks, at its unit within [from, to). */
struct solver_group {
    char *id;
    int unit;
    int from, to;
    int size;   /* at most this many members */
    int needed; /* a group in use has at least this many */
};

struct solver_problem {
    char start[16]; /* horizon.start, "" when absent */
    int weeks;
    int64_t w_unplaced, w_late, w_shift;
    struct solver_unit *units;
    int nunits;
    struct solver_trainee *trainees;
    int ntrainees;
    struct solver_need *needs;
    int nneeds;
    struct solver_group *groups; /* of every unit, in file order */
    int ngroups;
    int extended; /* 1: uses groups, group options, spend or budgets */
    void *unit_index, *need_index, *trainee_index, *group_index; /* id -> i */
};

/*
 * Parses and checks a problem. On failure ei names the field by its path
 * with ids ("trainees[bo].needs[bo-gyn].options[0].weeks") and the reason.
 */
int solver_problem_load(const char *text, size_t len,
                        struct solver_problem **out, struct err_info *ei);
void solver_problem_free(struct solver_problem *p);

/* solver_problem_load() without the check of the fixed bookings alone (load.c
 * adds it): internal to src/solver/. */
int solver__problem_parse(const char *text, size_t len,
                          struct solver_problem **out, struct err_info *ei);

/* Index of the unit, trainee or need with that id, or -1. */
int solver_problem_unit(const struct solver_problem *p, const char *id);
int solver_problem_need(const struct solver_problem *p, const char *id);
int solver_problem_group(const struct solver_problem *p, const char *id);

/* One need's place in a plan. */
struct solver_placement {
    int assigned; /* 0: unplaced */
    int option, unit, start;
    int group; /* 1 + the group's index, 0: in no group (on a seat) */
};

/* A plan: one placement per need of its problem, in the problem's order. */
struct solver_plan {
    struct solver_placement *at; /* nneeds entries */
    int nneeds;
};

/* What a violation of "A plan is valid when" is; its rule in brackets. */
enum solver_violation_kind {
    SOLVER_V_UNKNOWN_NEED,       /* [0] a need the problem does not have */
    SOLVER_V_LISTED_TWICE,       /* [0] a need listed more than once */
    SOLVER_V_OTHER_TRAINEE,      /* [0] a need listed under another trainee */
    SOLVER_V_NO_OPTION,          /* [0] an option the need does not have */
    SOLVER_V_UNIT_NOT_IN_OPTION, /* [0] a unit not of the chosen option */
    SOLVER_V_MISSING,            /* [0] neither assigned nor unplaced */
    SOLVER_V_FIXED_MOVED,        /* [1] a fixed need placed otherwise or not */
    SOLVER_V_BEFORE_FROM,        /* [2] starts before the trainee's from */
    SOLVER_V_BEFORE_EARLIEST,    /* [2] starts before the need's earliest */
    SOLVER_V_AFTER_HORIZON,      /* [2] ends after the horizon */
    SOLVER_V_AFTER_LATEST_END,   /* [2] ends after the need's latest_end */
    SOLVER_V_OVERLAPS_NEED,      /* [3] overlaps another need of the trainee */
    SOLVER_V_OVERLAPS_UNAVAILABLE, /* [3] overlaps unavailable weeks */
    SOLVER_V_PREDECESSOR_UNPLACED, /* [4] a predecessor has no place */
    SOLVER_V_BEFORE_PREDECESSOR,   /* [4] starts before a predecessor ends */
    SOLVER_V_SEATS,                /* [5] a unit's seats exceeded in a week */
    SOLVER_V_AWAY,                 /* [6] a unit's limit on trainees away */
    SOLVER_V_GROUP_WRONG,   /* [7] group named or not as the option says */
    SOLVER_V_GROUP_OUTSIDE, /* [7] outside the group's weeks */
    SOLVER_V_GROUP_SPLIT,   /* [7] members at different weeks or patterns */
    SOLVER_V_GROUP_FULL,    /* [7] more members than the group's size */
    SOLVER_V_GROUP_SHORT,   /* [7] fewer members than the group needs */
    SOLVER_V_BUDGET,        /* [8] a home unit's hard budget exceeded */
    SOLVER_V_COUNT,
};

/* "unknown_need", "seats", ...: the kind's name in JSON. */
const char *solver_violation_kind_name(enum solver_violation_kind kind);
/* The rule of "A plan is valid when" a kind breaks: 0..8 (0: the plan
 * does not fit the problem's ids at all; 7 and 8 are the rules of
 * docs/planning-format-groups.md). */
int solver_violation_rule(enum solver_violation_kind kind);

#define SOLVER_VIOLATION_MSG_MAX 320

/* One broken rule, as data and as a line for people. */
struct solver_violation {
    enum solver_violation_kind kind;
    int need;      /* need index, or -1 (an unknown need: see message) */
    int other;     /* the other need (overlap, predecessor), or -1 */
    int unit;      /* unit index, or -1 */
    int week;      /* the first week concerned, or -1 */
    int last_week; /* the last week concerned, or -1 */
    int value;     /* occupancy in hundredths (rules 5 and 6), or 0 */
    int limit;     /* what the rule allows there (seats, weeks), or 0 */
    char message[SOLVER_VIOLATION_MSG_MAX]; /* "rule 5: unit gyn-lund ..." */
};

/* A growing list of violations; start with SOLVER_VIOLATIONS_INIT. */
struct solver_violations {
    struct solver_violation *v;
    int n;
    size_t cap;
};
#define SOLVER_VIOLATIONS_INIT                                                 \
    {                                                                          \
        NULL, 0, 0                                                             \
    }

void solver_violations_release(struct solver_violations *vs);
/* Appends each violation's message as a line to out. */
void solver_violations_text(const struct solver_violations *vs,
                            struct buf *out);

/*
 * Reads a plan for p. Unreadable text or shape is an error (ei); what the
 * plan gets wrong about the problem (unknown ids, a need missing or listed
 * twice, an option or unit that does not exist) is appended to violations
 * (rule 0).
 */
int solver_plan_load(const struct solver_problem *p, const char *text,
                     size_t len, struct solver_plan *out,
                     struct solver_violations *violations, struct err_info *ei);
void solver_plan_free(struct solver_plan *pl);

/*
 * Checks the rules 1..6 of "A plan is valid when", appending each
 * violation to out, and returns how many were found. Needs that are not
 * assigned are skipped by every rule but 1 and 4.
 */
int solver_plan_check(const struct solver_problem *p,
                      const struct solver_plan *pl,
                      struct solver_violations *out);

/* The plan's score by the formula of the format, plus the budget term of
 * docs/planning-format-groups.md. */
int64_t solver_plan_score(const struct solver_problem *p,
                          const struct solver_plan *pl);

#endif
