/* The projected end of specialist training (see training.h for the rule). */
#include "domain/training.h"

#include "util/err.h"

/* Day 0 is Thursday 1970-01-01, so day -3 is a Monday. */
#define TRAINING_MONDAY (-3L)

static long training_floor_div(long a, long b)
{
    long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* 0 for Monday .. 6 for Sunday. */
static int training_weekday(long day)
{
    long k = day - TRAINING_MONDAY;
    return (int)(k - 7 * training_floor_div(k, 7));
}

/* Weekdays in the days [TRAINING_MONDAY, day). */
static long training_weekdays_before(long day)
{
    long k = day - TRAINING_MONDAY;
    long weeks = training_floor_div(k, 7);
    long rest = k - 7 * weeks;
    return weeks * 5 + (rest < 5 ? rest : 5);
}

int training_min_months(enum regulation r)
{
    switch (r) {
    case REGULATION_2021:
        return 66; /* HSLF-FS 2021:8: 5 years 6 months, BT included */
    case REGULATION_2015:
    case REGULATION_2008:
        return 60; /* SOSFS 2015:8 and SOSFS 2008:17: 5 years */
    }
    return -1;
}

int training_leave_prolongs(enum leave_kind kind)
{
    switch (kind) {
    case LEAVE_PARENTAL:
    case LEAVE_SICK:
    case LEAVE_OF_ABSENCE:
    case LEAVE_OTHER:
        return 1;
    }
    return 0;
}

/* Returns 1 if day falls in a leave that prolongs training. */
static int training_on_leave(long day, const struct training_leave *leaves,
                             int nleaves)
{
    for (int i = 0; i < nleaves; i++)
        if (training_leave_prolongs(leaves[i].kind) &&
            date_to_days(leaves[i].from) <= day &&
            day <= date_to_days(leaves[i].to))
            return 1;
    return 0;
}

int training_earliest_end(enum regulation r, struct date start, int fte,
                          const struct training_leave *leaves, int nleaves,
                          struct date *out, int *leave_weekdays)
{
    int months = training_min_months(r);
    if (months < 0 || fte < 1 || fte > 100 || !date_valid(start) || nleaves < 0)
        return ERR_INVAL;
    for (int i = 0; i < nleaves; i++)
        if (!date_valid(leaves[i].from) || !date_valid(leaves[i].to))
            return ERR_INVAL;

    long first = date_to_days(start);
    long last_day = date_to_days((struct date){9999, 12, 31});
    long full_days = date_to_days(date_add_months(start, months)) - first;
    long base_end = first + (full_days * 100 + fte - 1) / fte - 1;
    if (base_end > last_day)
        return ERR_INVAL;

    /*
     * Walk the weekdays from start: a weekday on leave is not served, any
     * other is. Training ends on the weekday that completes as many served
     * weekdays as [start, base_end] holds; with no leave on the way the end
     * stays base_end, even when that is a weekend day.
     */
    long needed = training_weekdays_before(base_end + 1) -
                  training_weekdays_before(first);
    long served = 0, on_leave = 0, day = first, end = base_end;
    for (; served < needed; day++) {
        if (day > last_day)
            return ERR_INVAL;
        if (training_weekday(day) >= 5)
            continue;
        if (training_on_leave(day, leaves, nleaves))
            on_leave++;
        else
            served++;
    }
    if (on_leave > 0)
        end = day - 1;
    *out = date_from_days(end);
    if (leave_weekdays)
        *leave_weekdays = (int)on_leave;
    return 0;
}

int training_projected_end(enum regulation r, struct date start,
                           struct date planned_end, int fte,
                           const struct training_leave *leaves, int nleaves,
                           struct date *out, int *leave_weekdays)
{
    if (!date_valid(planned_end))
        return ERR_INVAL;
    struct date earliest;
    int rc = training_earliest_end(r, start, fte, leaves, nleaves, &earliest,
                                   leave_weekdays);
    if (rc)
        return rc;
    *out = date_to_days(planned_end) > date_to_days(earliest) ? planned_end
                                                              : earliest;
    return 0;
}
