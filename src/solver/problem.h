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

#define PROB_NONE (-1) /* an absent optional week or limit */

struct prob_option {
    int *units; /* unit indices */
    int nunits;
    int weeks;
    enum pattern pattern;
    int cost;
    int len; /* calendar weeks for its trainee's fte */
};

struct prob_need {
    char *id;
    int trainee;
    struct prob_option *options;
    int noptions;
    int earliest, latest_end, preferred_start; /* or PROB_NONE */
    int *after; /* need indices, all of the same trainee */
    int nafter;
    int fixed; /* 1: fixed_option, fixed_unit, fixed_start hold */
    int fixed_option, fixed_unit, fixed_start;
};

struct prob_trainee {
    char *id;
    int home; /* unit index */
    int from, deadline, fte, priority;
    int (*unavailable)[2]; /* [a, b) */
    int nunavailable;
    int first_need, nneeds; /* its needs are needs[first .. first + n) */
};

struct prob_unit {
    char *id;
    char *name;   /* its name, or its id when it has none */
    int *seats;   /* per week of the horizon, after "except" */
    int max_away; /* PROB_NONE for no limit */
};

struct problem {
    char start[16]; /* horizon.start, "" when absent */
    int weeks;
    int64_t w_unplaced, w_late, w_shift;
    struct prob_unit *units;
    int nunits;
    struct prob_trainee *trainees;
    int ntrainees;
    struct prob_need *needs;
    int nneeds;
    void *unit_index, *need_index, *trainee_index; /* id -> index */
};

/*
 * Parses and checks a problem. On failure ei names the field by its path
 * with ids ("trainees[bo].needs[bo-gyn].options[0].weeks") and the reason.
 */
int problem_load(const char *text, size_t len, struct problem **out,
                 struct err_info *ei);
void problem_free(struct problem *p);

/* problem_load() without the check of the fixed bookings alone (load.c
 * adds it): internal to src/solver/. */
int problem__parse(const char *text, size_t len, struct problem **out,
                   struct err_info *ei);

/* Index of the unit, trainee or need with that id, or -1. */
int problem_unit(const struct problem *p, const char *id);
int problem_need(const struct problem *p, const char *id);

/* One need's place in a plan. */
struct placement {
    int assigned; /* 0: unplaced */
    int option, unit, start;
};

/* A plan: one placement per need of its problem, in the problem's order. */
struct plan {
    struct placement *at; /* nneeds entries */
    int nneeds;
};

/* What a violation of "A plan is valid when" is; its rule in brackets. */
enum plan_violation_kind {
    PLAN_V_UNKNOWN_NEED,         /* [0] a need the problem does not have */
    PLAN_V_LISTED_TWICE,         /* [0] a need listed more than once */
    PLAN_V_OTHER_TRAINEE,        /* [0] a need listed under another trainee */
    PLAN_V_NO_OPTION,            /* [0] an option the need does not have */
    PLAN_V_UNIT_NOT_IN_OPTION,   /* [0] a unit not of the chosen option */
    PLAN_V_MISSING,              /* [0] neither assigned nor unplaced */
    PLAN_V_FIXED_MOVED,          /* [1] a fixed need placed otherwise or not */
    PLAN_V_BEFORE_FROM,          /* [2] starts before the trainee's from */
    PLAN_V_BEFORE_EARLIEST,      /* [2] starts before the need's earliest */
    PLAN_V_AFTER_HORIZON,        /* [2] ends after the horizon */
    PLAN_V_AFTER_LATEST_END,     /* [2] ends after the need's latest_end */
    PLAN_V_OVERLAPS_NEED,        /* [3] overlaps another need of the trainee */
    PLAN_V_OVERLAPS_UNAVAILABLE, /* [3] overlaps unavailable weeks */
    PLAN_V_PREDECESSOR_UNPLACED, /* [4] a predecessor has no place */
    PLAN_V_BEFORE_PREDECESSOR,   /* [4] starts before a predecessor ends */
    PLAN_V_SEATS,                /* [5] a unit's seats exceeded in a week */
    PLAN_V_AWAY,                 /* [6] a unit's limit on trainees away */
    PLAN_V_COUNT,
};

/* "unknown_need", "seats", ...: the kind's name in JSON. */
const char *plan_violation_kind_name(enum plan_violation_kind kind);
/* The rule of "A plan is valid when" a kind breaks: 0..6 (0: the plan
 * does not fit the problem's ids at all). */
int plan_violation_rule(enum plan_violation_kind kind);

#define PLAN_VIOLATION_MSG_MAX 320

/* One broken rule, as data and as a line for people. */
struct plan_violation {
    enum plan_violation_kind kind;
    int need;      /* need index, or -1 (an unknown need: see message) */
    int other;     /* the other need (overlap, predecessor), or -1 */
    int unit;      /* unit index, or -1 */
    int week;      /* the first week concerned, or -1 */
    int last_week; /* the last week concerned, or -1 */
    int value;     /* occupancy in hundredths (rules 5 and 6), or 0 */
    int limit;     /* what the rule allows there (seats, weeks), or 0 */
    char message[PLAN_VIOLATION_MSG_MAX]; /* "rule 5: unit gyn-lund ..." */
};

/* A growing list of violations; start with PLAN_VIOLATIONS_INIT. */
struct plan_violations {
    struct plan_violation *v;
    int n;
    size_t cap;
};
#define PLAN_VIOLATIONS_INIT                                                   \
    {                                                                          \
        NULL, 0, 0                                                             \
    }

void plan_violations_release(struct plan_violations *vs);
/* Appends each violation's message as a line to out. */
void plan_violations_text(const struct plan_violations *vs, struct buf *out);

/*
 * Reads a plan for p. Unreadable text or shape is an error (ei); what the
 * plan gets wrong about the problem (unknown ids, a need missing or listed
 * twice, an option or unit that does not exist) is appended to violations
 * (rule 0).
 */
int plan_load(const struct problem *p, const char *text, size_t len,
              struct plan *out, struct plan_violations *violations,
              struct err_info *ei);
void plan_free(struct plan *pl);

/*
 * Checks the rules 1..6 of "A plan is valid when", appending each
 * violation to out, and returns how many were found. Needs that are not
 * assigned are skipped by every rule but 1 and 4.
 */
int plan_check(const struct problem *p, const struct plan *pl,
               struct plan_violations *out);

/* The plan's score by the formula of the format. */
int64_t plan_score(const struct problem *p, const struct plan *pl);

#endif
