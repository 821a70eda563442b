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

/*
 * Reads a plan for p. Unreadable text or shape is an error (ei); what the
 * plan gets wrong about the problem (unknown ids, a need missing or listed
 * twice, an option or unit that does not exist) is written to violations as
 * "rule 0: ..." lines and counted in *nviolations.
 */
int plan_load(const struct problem *p, const char *text, size_t len,
              struct plan *out, struct buf *violations, int *nviolations,
              struct err_info *ei);
void plan_free(struct plan *pl);

/*
 * Checks the rules 1..6 of "A plan is valid when", one line per violation
 * ("rule 5: unit gyn-lund week 34: ..."), and returns how many were found.
 * Needs that are not assigned are skipped by every rule but 1 and 4.
 */
int plan_check(const struct problem *p, const struct plan *pl,
               struct buf *violations);

/* The plan's score by the formula of the format. */
int64_t plan_score(const struct problem *p, const struct plan *pl);

#endif
