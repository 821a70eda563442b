/* Booking status transitions and which statuses hold a seat. */
#include "domain/booking.h"

int booking_can_move(enum booking_status from, enum booking_status to)
{
    switch (from) {
    case BOOKING_REQUESTED:
        return to == BOOKING_CONFIRMED || to == BOOKING_DECLINED ||
               to == BOOKING_CANCELLED;
    case BOOKING_CONFIRMED:
        return to == BOOKING_CANCELLED || to == BOOKING_COMPLETED;
    default:
        return 0;
    }
}

int booking_holds_seat(enum booking_status status)
{
    return status == BOOKING_REQUESTED || status == BOOKING_CONFIRMED ||
           status == BOOKING_COMPLETED;
}

int booking_short_notice(struct date made, int start_week, int months)
{
    struct date due = made;
    int m = made.month - 1 + months;
    due.year = made.year + m / 12;
    due.month = m % 12 + 1;
    while (due.day > 28 && !date_valid(due))
        due.day--;
    struct date start = week_monday(start_week);
    return date_to_days(start) < date_to_days(due);
}
