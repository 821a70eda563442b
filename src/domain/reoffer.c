/* The rules of freed places and their offers (reoffer.h). */
#include "domain/reoffer.h"

#include <string.h>

static const char *const freed_cause_names[] = {"cancelled", "capacity"};
const struct vocab vocab_freed_cause = {"freed cause", freed_cause_names, 2};

static const char *const offer_status_names[] = {
    "open", "accepted", "declined", "expired", "gone", "withdrawn"};
const struct vocab vocab_offer_status = {"offer status", offer_status_names, 6};

int freed_occupancy(enum pattern p, int seats, int origin, int week)
{
    return week < origin ? 0 : seats * pattern_occupancy(p, week - origin);
}

int freed_booking_weeks(int start, int end, int now, int *from, int *to)
{
    *from = start > now ? start : now;
    *to = end;
    return *to > *from;
}

/* Seats a period [a, b) of seats offers in week w. */
static int freed_seats_in(int a, int b, int seats, int w)
{
    return w >= a && w < b ? seats : 0;
}

int freed_capacity_runs(int old_from, int old_to, int old_seats, int from,
                        int to, int seats, int now,
                        int (*each)(int a, int b, int added, void *arg),
                        void *arg)
{
    int lo = from > now ? from : now;
    int run_from = lo, run_added = 0;
    for (int w = lo; w <= to; w++) {
        int added = 0;
        if (w < to)
            added = seats - freed_seats_in(old_from, old_to, old_seats, w);
        if (added < 0)
            added = 0;
        if (w < to && added == run_added)
            continue;
        if (run_added > 0 && w > run_from) {
            int rc = each(run_from, w, run_added, arg);
            if (rc)
                return rc;
        }
        run_from = w;
        run_added = added;
    }
    return 0;
}

int offer_waiting(enum offer_status st, const char *deadline, const char *now)
{
    return st == OFFER_OPEN && strcmp(now, deadline) < 0;
}
