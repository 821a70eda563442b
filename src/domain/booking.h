/* The rules of a booking's life, with no I/O. */
#ifndef RANDA_DOMAIN_BOOKING_H
#define RANDA_DOMAIN_BOOKING_H

#include "domain/vocab.h"
#include "domain/week.h"

/*
 * Returns 1 if a booking may move from one status to another: requested to
 * confirmed, declined or cancelled; confirmed to cancelled or completed.
 * Declined, cancelled and completed are final.
 */
int booking_can_move(enum booking_status from, enum booking_status to);

/* Returns 1 if a booking in this status holds its seats. */
int booking_holds_seat(enum booking_status status);

/*
 * Returns 1 if a placement starting in week start_week, asked for on day
 * made, starts less than months calendar months later (the seeds' lead-time
 * rule: units need three months to plan). The start is the week's Monday; a
 * month later than the 31st is the last day of the shorter month.
 */
int booking_short_notice(struct date made, int start_week, int months);

#endif
