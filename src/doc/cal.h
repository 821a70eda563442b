/*
 * Calendars as iCalendar text (RFC 5545), written by libical (Debian's
 * libical-dev): the feeds of rotations that Outlook and phone calendars
 * subscribe to (issue 15). Each event spans whole days, DTSTART and DTEND
 * as DATE values with DTEND the day after the last (as RFC 5545 wants of
 * an all-day span), with a UID that stays the same while the event does,
 * so that a calendar that reads the feed again updates what it has.
 * The calendar says how often to read it again (REFRESH-INTERVAL and
 * Outlook's X-PUBLISHED-TTL) and its name (NAME and X-WR-CALNAME).
 */
#ifndef RANDA_DOC_CAL_H
#define RANDA_DOC_CAL_H

#include "domain/week.h"
#include "util/buf.h"
#include "util/err.h"

#include <stddef.h>

/* How often a subscribed calendar reads the feed again, in hours. */
#define CAL_REFRESH_HOURS 4

struct cal_event {
    const char *uid;         /* unique for ever: "booking-42@host" */
    const char *summary;     /* the title a calendar shows */
    const char *location;    /* "" for none */
    const char *description; /* "" for none; newlines kept */
    struct date start;       /* the first day */
    struct date end;         /* the day after the last */
    int tentative;           /* 1: asked for, not yet confirmed */
    const char *stamp;       /* when it last changed, "YYYY-MM-DDTHH:MM:SSZ" */
};

/*
 * Appends a calendar called name holding the n events ev to out. 0,
 * ERR_TOOBIG when out's cap is reached, or ERR_INVAL (ei says why) when
 * an event's dates are not a span of whole days.
 */
int cal_write(const char *name, const struct cal_event *ev, size_t n,
              struct buf *out, struct err_info *ei);

#endif
