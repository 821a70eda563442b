/* The rules of the education plan: goal groups and deadlines (edu.h). */
#include "domain/edu.h"

#include <string.h>

static int plan_prefix(const char *code, const char *prefix)
{
    return strncmp(code, prefix, strlen(prefix)) == 0;
}

int goal_group_of(enum regulation r, int common, const char *code)
{
    if (!common)
        return GOAL_C;
    if (r == REGULATION_2021) {
        if (plan_prefix(code, "BT"))
            return GOAL_BT;
        if (plan_prefix(code, "STa"))
            return GOAL_A;
        if (plan_prefix(code, "STb"))
            return GOAL_B;
    } else if (r == REGULATION_2015) {
        if (plan_prefix(code, "a"))
            return GOAL_A;
        if (plan_prefix(code, "b"))
            return GOAL_B;
    }
    return -1;
}

const char *regulation_title(enum regulation r)
{
    static const char *const names[] = {"SOSFS 2008:17", "SOSFS 2015:8",
                                        "HSLF-FS 2021:8"};
    return (unsigned)r <= REGULATION_2021 ? names[r] : "?";
}

const char *deadline_kind_name(enum deadline_kind k)
{
    static const char *const names[DEADLINE_KIND_COUNT] = {
        "contract", "plan", "revision", "booking", "bt"};
    return (unsigned)k < DEADLINE_KIND_COUNT ? names[k] : NULL;
}

const char *deadline_state_name(enum deadline_state s)
{
    static const char *const names[] = {"met", "upcoming", "soon", "overdue"};
    return (unsigned)s <= DEADLINE_OVERDUE ? names[s] : NULL;
}

struct date deadline_contract_due(struct date start)
{
    return date_add_months(start, 1);
}

struct date deadline_plan_due(struct date start)
{
    return date_add_months(start, 6);
}

struct date deadline_revision_due(struct date last_approved)
{
    return date_add_months(last_approved, 12);
}

struct date deadline_booking_due(int start_week)
{
    return date_add_months(week_monday(start_week), -3);
}

struct date deadline_bt_due(struct date start)
{
    return date_add_months(start, 24);
}

enum deadline_state deadline_state_of(struct date due, int done,
                                      struct date done_on, struct date today,
                                      int *late)
{
    long d = date_to_days(due);
    if (late)
        *late = done && date_to_days(done_on) > d;
    if (done)
        return DEADLINE_MET;
    long t = date_to_days(today);
    if (t > d)
        return DEADLINE_OVERDUE;
    return d - t <= DEADLINE_SOON_DAYS ? DEADLINE_SOON : DEADLINE_UPCOMING;
}

struct date plan_projected_completion(struct date projected,
                                      struct date last_end, struct date today,
                                      int unplaced_weeks, int fte)
{
    long end = date_to_days(projected);
    if (last_end.year != 0 && date_to_days(last_end) > end)
        end = date_to_days(last_end);
    if (unplaced_weeks > 0 && fte > 0) {
        long weeks = ((long)unplaced_weeks * 100 + fte - 1) / fte;
        long rest = date_to_days(today) + 7 * weeks;
        if (rest > end)
            end = rest;
    }
    return date_from_days(end);
}
