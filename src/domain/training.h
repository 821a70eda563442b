/*
 * When a trainee's specialist training (ST) is projected to end, with no
 * I/O: the regulation's minimum length, stretched by part-time employment
 * and pushed later by leave, and never before the planned end.
 *
 * The rule, from the regulation facts Randa is built on
 * (/work/shared/data/reference-data.json "regulations", domain-sweden.md
 * section 1.1, both marked verified):
 *   - the minimum is 66 months of full-time service under HSLF-FS 2021:8
 *     ("5 years 6 months full-time", BT included) and 60 months under
 *     SOSFS 2015:8 and SOSFS 2008:17;
 *   - the minimum is counted in full-time service, so part-time employment
 *     stretches it (at fte 50 it takes twice the calendar time) and a
 *     weekday of leave is a weekday not served, which pushes the end one
 *     weekday later. The data names no kind of leave that counts as
 *     service, so every kind prolongs (training_leave_prolongs() is the one
 *     place to change that).
 * The planned end is the director's plan and may already include known
 * leave (the demo region plans that way), so leave pushes the minimum, not
 * the plan: the projection is the later of the planned end and the earliest
 * end the rules allow. Without leave, a plan at or after the minimum is
 * kept exactly.
 */
#ifndef RANDA_DOMAIN_TRAINING_H
#define RANDA_DOMAIN_TRAINING_H

#include "domain/vocab.h"
#include "domain/week.h"

/* A leave: its kind and its first and last day (inclusive). */
struct training_leave {
    enum leave_kind kind;
    struct date from;
    struct date to;
};

/* The minimum full-time length of ST in months, or -1 for no regulation. */
int training_min_months(enum regulation r);

/* Returns 1 if a leave of this kind pushes the end of training later. */
int training_leave_prolongs(enum leave_kind kind);

/*
 * The earliest day training can end: the last day of the regulation's
 * minimum counted from start (full time) or stretched by 100 / fte (part
 * time), pushed one weekday later for every weekday of prolonging leave on
 * or after start and up to that end (leaves may overlap; a day counts
 * once). *leave_weekdays (when not NULL) gets the weekdays of leave
 * counted. Returns 0, or ERR_INVAL for an unknown regulation, an fte
 * outside 1..100, an invalid date or an end after year 9999.
 */
int training_earliest_end(enum regulation r, struct date start, int fte,
                          const struct training_leave *leaves, int nleaves,
                          struct date *out, int *leave_weekdays);

/*
 * The projected end: the later of planned_end and training_earliest_end().
 * Same errors, and ERR_INVAL when planned_end is not a valid date.
 */
int training_projected_end(enum regulation r, struct date start,
                           struct date planned_end, int fte,
                           const struct training_leave *leaves, int nleaves,
                           struct date *out, int *leave_weekdays);

#endif
