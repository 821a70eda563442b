/*
 * The rules of the individual education plan (utbildningsplan), with no
 * I/O: which group a goal belongs to, and the deadlines a trainee's
 * training must keep, computed from dates Randa already has, never typed.
 *
 * The deadlines (../shared/seeds/004_78535177efd85ec7.txt §2.1-§3.5,
 * reference-data.json "regulations"):
 *   - contract: the ST contract signed within 1 month of the start;
 *   - plan: the first plan approved within 6 months of the start;
 *   - revision: the plan revised (approved again) at least yearly, 12
 *     months after its last approval;
 *   - booking: a rotation booked at least 3 months before it starts (its
 *     need's preferred start week's Monday);
 *   - bt: under HSLF-FS 2021:8, the BT certificate (every BT goal
 *     certified) within 2 years of the start.
 * Months are calendar months with the day clamped to the month's end (31
 * Jan + 1 month is 28 or 29 Feb). A deadline is met on or before its day.
 */
#ifndef RANDA_DOMAIN_EDU_H
#define RANDA_DOMAIN_EDU_H

#include "domain/vocab.h"
#include "domain/week.h"

/*
 * The group of a goal of regulation r: a specialty's own goal (common 0)
 * is always "c"; a common goal's group comes from its code: "BT…", "STa…",
 * "STb…" under 2021:8, "a…", "b…" under 2015:8. -1 for a common goal whose
 * code names no common group (and for any common goal of 2008:17, which
 * has none).
 */
int goal_group_of(enum regulation r, int common, const char *code);

/* The regulation's name: "SOSFS 2008:17", "SOSFS 2015:8", "HSLF-FS 2021:8". */
const char *regulation_title(enum regulation r);

enum deadline_kind {
    DEADLINE_CONTRACT,
    DEADLINE_PLAN,
    DEADLINE_REVISION,
    DEADLINE_BOOKING,
    DEADLINE_BT,
    DEADLINE_KIND_COUNT
};
/* "contract", "plan", "revision", "booking", "bt". */
const char *deadline_kind_name(enum deadline_kind k);

enum deadline_state {
    DEADLINE_MET,      /* done, on time or late (see late) */
    DEADLINE_UPCOMING, /* more than DEADLINE_SOON_DAYS away */
    DEADLINE_SOON,     /* due within DEADLINE_SOON_DAYS */
    DEADLINE_OVERDUE,  /* its day has passed and it is not done */
};
const char *deadline_state_name(enum deadline_state s);

#define DEADLINE_SOON_DAYS 30

/* The day each deadline falls on. */
struct date deadline_contract_due(struct date start);
struct date deadline_plan_due(struct date start);
struct date deadline_revision_due(struct date last_approved);
/* The Monday of start_week, 3 months earlier. */
struct date deadline_booking_due(int start_week);
struct date deadline_bt_due(struct date start);

/*
 * The state of a deadline due on due, seen on today: done says whether it
 * is done, and done_on when (sets *late when that was after due).
 */
enum deadline_state deadline_state_of(struct date due, int done,
                                      struct date done_on, struct date today,
                                      int *late);

/*
 * When the training is projected to be complete: the latest of the end
 * the rules allow (projected, see training.h), the end of the last
 * placement planned (last_end, a day; ignored when last_end.year is 0),
 * and today plus the full-time weeks of rotations not yet placed, at fte
 * percent (rounded up to whole weeks).
 */
struct date plan_projected_completion(struct date projected,
                                      struct date last_end, struct date today,
                                      int unplaced_weeks, int fte);

#endif
