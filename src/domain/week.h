/*
 * Calendar dates and ISO 8601 weeks, with no I/O.
 *
 * A week is kept as one int, its serial: the number of weeks since the ISO
 * week 1970-W01 (which starts on Monday 1969-12-29). Serials make week
 * arithmetic plain integer arithmetic ("start + len"), and they are what the
 * database stores; ISO year-week text ("2027-W10") is for people.
 */
#ifndef RANDA_DOMAIN_WEEK_H
#define RANDA_DOMAIN_WEEK_H

/* A proleptic Gregorian date. */
struct date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..31 */
};

#define DATE_STR_MAX 11 /* "YYYY-MM-DD" and NUL */
#define WEEK_STR_MAX 9  /* "YYYY-Www" and NUL */

/* The serials of the first and last ISO weeks of years 1900 and 2199. */
#define WEEK_MIN (-3652)
#define WEEK_MAX 12000

/* Returns 1 if d is a real calendar date in years 1..9999, else 0. */
int date_valid(struct date d);

/* Returns 1 for a Gregorian leap year. */
int date_is_leap(int year);

/* Days since 1970-01-01 (negative before it). d must be valid. */
long date_to_days(struct date d);

/* The date that is days after 1970-01-01. */
struct date date_from_days(long days);

/* d moved by months (may be negative), the day clamped to the end of the
 * month: 31 Aug + 6 months is 28 or 29 Feb. */
struct date date_add_months(struct date d, int months);

/* ISO weekday of d: 1 for Monday .. 7 for Sunday. */
int date_weekday(struct date d);

/* Parses "YYYY-MM-DD" exactly; returns 0 or ERR_INVAL. */
int date_parse(const char *s, struct date *out);

/* Writes d as "YYYY-MM-DD" into out, which holds DATE_STR_MAX bytes. */
void date_format(struct date d, char *out);

/* Number of ISO weeks in an ISO week-numbering year: 52 or 53. */
int week_count_in_year(int year);

/* The serial of the ISO week that contains d. */
int week_from_date(struct date d);

/* The Monday that starts week serial w. */
struct date week_monday(int w);

/* Splits serial w into its ISO week-numbering year and week 1..53. */
void week_to_iso(int w, int *year, int *week);

/*
 * The serial of ISO year-week (year, week); returns 0, or ERR_INVAL if week
 * is not 1..week_count_in_year(year) or year is outside 1900..2199.
 */
int week_from_iso(int year, int week, int *out);

/* Parses "YYYY-Www" (for example "2027-W05"); returns 0 or ERR_INVAL. */
int week_parse(const char *s, int *out);

/* Writes serial w as "YYYY-Www" into out, which holds WEEK_STR_MAX bytes. */
void week_format(int w, char *out);

#endif
