/* Calendars as iCalendar text, with libical (cal.h). */
#include "doc/cal.h"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* d as an iCalendar DATE. */
static struct icaltimetype cal_date(struct date d)
{
    struct icaltimetype t = icaltime_null_date();
    t.year = d.year;
    t.month = d.month;
    t.day = d.day;
    t.is_date = 1;
    return t;
}

/* "2026-11-23T10:04:00Z" as a UTC time; the epoch when it is no time. */
static struct icaltimetype cal_stamp(const char *s)
{
    int y = 1970, mo = 1, d = 1, h = 0, mi = 0, se = 0;
    if (!s ||
        sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ", &y, &mo, &d, &h, &mi, &se) != 6 ||
        !date_valid((struct date){y, mo, d}))
        y = 1970, mo = 1, d = 1, h = mi = se = 0;
    time_t t = (time_t)date_to_days((struct date){y, mo, d}) * 86400 +
               h * 3600 + mi * 60 + se;
    return icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
}

/* A property called name (an X- or RFC 7986 name libical writes as it
 * is) with value. */
static icalproperty *cal_x(const char *name, const char *value)
{
    icalproperty *p = icalproperty_new_x(value);
    icalproperty_set_x_name(p, name);
    return p;
}

static icalcomponent *cal_vevent(const struct cal_event *e)
{
    icalcomponent *v = icalcomponent_new_vevent();
    icalcomponent_add_property(v, icalproperty_new_uid(e->uid));
    icalcomponent_add_property(v,
                               icalproperty_new_dtstamp(cal_stamp(e->stamp)));
    icalcomponent_add_property(
        v, icalproperty_new_lastmodified(cal_stamp(e->stamp)));
    icalcomponent_add_property(v, icalproperty_new_dtstart(cal_date(e->start)));
    icalcomponent_add_property(v, icalproperty_new_dtend(cal_date(e->end)));
    icalcomponent_add_property(v, icalproperty_new_summary(e->summary));
    if (e->location && *e->location)
        icalcomponent_add_property(v, icalproperty_new_location(e->location));
    if (e->description && *e->description)
        icalcomponent_add_property(
            v, icalproperty_new_description(e->description));
    icalcomponent_add_property(
        v, icalproperty_new_status(e->tentative ? ICAL_STATUS_TENTATIVE
                                                : ICAL_STATUS_CONFIRMED));
    /* A rotation is where one works, not a meeting: it leaves the day
     * free for invitations. */
    icalcomponent_add_property(
        v, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    return v;
}

int cal_write(const char *name, const struct cal_event *ev, size_t n,
              struct buf *out, struct err_info *ei)
{
    for (size_t i = 0; i < n; i++)
        if (!date_valid(ev[i].start) || !date_valid(ev[i].end) ||
            date_to_days(ev[i].end) <= date_to_days(ev[i].start))
            return err_set(ei, ERR_INVAL, "end",
                           "event %s: end must be a day after its start",
                           ev[i].uid);
    icalcomponent *cal = icalcomponent_new_vcalendar();
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal,
                               icalproperty_new_prodid("-//Randa//Randa//SV"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal,
                               icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalcomponent_add_property(cal, icalproperty_new_name(name));
    icalcomponent_add_property(cal, cal_x("X-WR-CALNAME", name));
    struct icaldurationtype every = icaldurationtype_null_duration();
    every.hours = CAL_REFRESH_HOURS;
    icalproperty *refresh = icalproperty_new_refreshinterval(every);
    icalproperty_set_parameter(refresh,
                               icalparameter_new_value(ICAL_VALUE_DURATION));
    icalcomponent_add_property(cal, refresh);
    char ttl[16];
    snprintf(ttl, sizeof(ttl), "PT%dH", CAL_REFRESH_HOURS);
    icalcomponent_add_property(cal, cal_x("X-PUBLISHED-TTL", ttl));
    for (size_t i = 0; i < n; i++)
        icalcomponent_add_component(cal, cal_vevent(&ev[i]));
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    int rc = text ? buf_adds(out, text) : ERR_INVAL;
    if (!text)
        err_set(ei, ERR_INVAL, NULL, "libical could not write the calendar");
    icalmemory_free_buffer(text);
    return rc;
}
