/* Date and ISO week arithmetic on day and week serials. */
#include "domain/week.h"

#include "util/err.h"

#include <stdio.h>
#include <string.h>

/* Monday 1969-12-29 is day -3 and starts 1970-W01, serial 0. */
#define WEEK_EPOCH_DAY (-3L)

static long floor_div(long a, long b)
{
    long q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int date_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

struct date date_add_months(struct date d, int months)
{
    int m = d.year * 12 + (d.month - 1) + months;
    struct date out = {m / 12, m % 12 + 1, d.day};
    while (out.day > 28 && !date_valid(out))
        out.day--;
    return out;
}

static int date_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && date_is_leap(year))
        return 29;
    return days[month - 1];
}

int date_valid(struct date d)
{
    return d.year >= 1 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
           d.day >= 1 && d.day <= date_days_in_month(d.year, d.month);
}

/* Howard Hinnant's days_from_civil, in integer arithmetic. */
long date_to_days(struct date d)
{
    long y = d.year - (d.month <= 2);
    long era = floor_div(y, 400);
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date date_from_days(long days)
{
    long z = days + 719468;
    long era = floor_div(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    struct date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

int date_weekday(struct date d)
{
    /* 1970-01-01 was a Thursday (4). */
    long r = (date_to_days(d) + 3) % 7;
    if (r < 0)
        r += 7;
    return (int)r + 1;
}

int date_parse(const char *s, struct date *out)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return ERR_INVAL;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return ERR_INVAL;
    struct date d = {
        (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
            (s[3] - '0'),
        (s[5] - '0') * 10 + (s[6] - '0'),
        (s[8] - '0') * 10 + (s[9] - '0'),
    };
    if (!date_valid(d))
        return ERR_INVAL;
    *out = d;
    return 0;
}

void date_format(struct date d, char *out)
{
    snprintf(out, DATE_STR_MAX, "%04u-%02u-%02u", (unsigned)d.year % 10000u,
             (unsigned)d.month % 100u, (unsigned)d.day % 100u);
}

int week_from_date(struct date d)
{
    return (int)floor_div(date_to_days(d) - WEEK_EPOCH_DAY, 7);
}

struct date week_monday(int w)
{
    return date_from_days(WEEK_EPOCH_DAY + 7L * w);
}

/* The serial of week 1 of ISO year y: the week that holds 4 January. */
static int week_first_of_year(int year)
{
    struct date jan4 = {year, 1, 4};
    return week_from_date(jan4);
}

int week_count_in_year(int year)
{
    return week_first_of_year(year + 1) - week_first_of_year(year);
}

void week_to_iso(int w, int *year, int *week)
{
    /* The Thursday of a week decides its ISO year. */
    struct date thursday = date_from_days(WEEK_EPOCH_DAY + 7L * w + 3);
    *year = thursday.year;
    *week = w - week_first_of_year(thursday.year) + 1;
}

int week_from_iso(int year, int week, int *out)
{
    if (year < 1900 || year > 2199 || week < 1 ||
        week > week_count_in_year(year))
        return ERR_INVAL;
    *out = week_first_of_year(year) + week - 1;
    return 0;
}

int week_parse(const char *s, int *out)
{
    size_t n = strlen(s);
    if ((n != 8) || s[4] != '-' || s[5] != 'W')
        return ERR_INVAL;
    for (int i = 0; i < 8; i++)
        if (i != 4 && i != 5 && (s[i] < '0' || s[i] > '9'))
            return ERR_INVAL;
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
               (s[3] - '0');
    int week = (s[6] - '0') * 10 + (s[7] - '0');
    return week_from_iso(year, week, out);
}

void week_format(int w, char *out)
{
    int year, week;
    week_to_iso(w, &year, &week);
    snprintf(out, WEEK_STR_MAX, "%04u-W%02u", (unsigned)year % 10000u,
             (unsigned)week % 100u);
}
