/*
 * Exports (issue 15): the sheet model's CSV as Swedish Excel reads it, the
 * Excel workbook libxlsxwriter writes (read back with Python's zipfile,
 * which every machine with Meson has), the iCalendar text libical writes
 * (parsed back with libical), and the calendar feeds in the store on a
 * real SQLite file.
 */
#include "doc/cal.h"
#include "doc/sheet.h"
#include "doc/xlsx.h"
#include "store/feeds.h"
#include "store/store.h"
#include "util/password.h"

#include "tmpdb.h"

#include <criterion/criterion.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- CSV ---- */

/* A two-column sheet: a name and a number. */
static struct sheet *two_columns(struct sheet_book *b, enum sheet_format f)
{
    sheet_book_init(b, "Test");
    struct sheet *s = sheet_book_add(b, "Blad");
    sheet_column(s, "Namn", 0, SHEET_TEXT);
    sheet_column(s, "Värde", 0, f);
    return s;
}

static char *csv_of(const struct sheet *s)
{
    struct buf out = BUF_INIT(0);
    cr_assert_eq(sheet_csv(s, &out), 0);
    return buf_detach(&out);
}

Test(csv, starts_with_a_bom_and_ends_every_line_with_crlf)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_INTEGER);
    sheet_row(s);
    sheet_text(s, "Åsa Öberg");
    sheet_number(s, 12);
    char *csv = csv_of(s);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFNamn;Värde\r\nÅsa Öberg;12\r\n");
    free(csv);
    sheet_book_release(&b);
}

Test(csv, writes_decimals_with_a_comma_and_shares_as_percent)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_DECIMAL);
    sheet_row(s);
    sheet_text(s, "a");
    sheet_number(s, 1.5);
    sheet_row(s);
    sheet_text(s, "b");
    sheet_number(s, 2);
    sheet_row(s);
    sheet_text(s, "c");
    sheet_number_as(s, 0.7692307, SHEET_PERCENT);
    sheet_row(s);
    sheet_text(s, "d");
    sheet_number(s, -0.25);
    char *csv = csv_of(s);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFNamn;Värde\r\na;1,5\r\nb;2\r\n"
                          "c;76,9%\r\nd;-0,25\r\n");
    free(csv);
    sheet_book_release(&b);
}

Test(csv, quotes_separators_quotes_line_breaks_and_edge_spaces)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_TEXT);
    sheet_row(s);
    sheet_text(s, "Lund; Malmö");
    sheet_text(s, "säger \"hej\"");
    sheet_row(s);
    sheet_text(s, "rad ett\nrad två");
    sheet_text(s, " kant ");
    char *csv = csv_of(s);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFNamn;Värde\r\n"
                          "\"Lund; Malmö\";\"säger \"\"hej\"\"\"\r\n"
                          "\"rad ett\nrad två\";\" kant \"\r\n");
    free(csv);
    sheet_book_release(&b);
}

Test(csv, leaves_empty_cells_empty_and_drops_cells_beyond_the_columns)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_INTEGER);
    sheet_row(s);
    sheet_skip(s);
    sheet_number(s, 3);
    sheet_text(s, "too many");
    sheet_row(s);
    sheet_text(s, "");
    char *csv = csv_of(s);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFNamn;Värde\r\n;3\r\n;\r\n");
    free(csv);
    sheet_book_release(&b);
}

Test(csv, defuses_text_that_would_start_a_formula)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_DECIMAL);
    sheet_row(s);
    sheet_text(s, "=HYPERLINK(\"http://x\")");
    sheet_number(s, -3);
    sheet_row(s);
    sheet_text(s, "@SUM(A1)");
    sheet_text(s, "+46 40 123");
    char *csv = csv_of(s);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFNamn;Värde\r\n"
                          "\"'=HYPERLINK(\"\"http://x\"\")\";-3\r\n"
                          "'@SUM(A1);'+46 40 123\r\n");
    free(csv);
    sheet_book_release(&b);
}

Test(csv, fits_column_widths_to_their_text_within_bounds)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_TEXT);
    sheet_row(s);
    sheet_text(s, "Ö");
    sheet_text(s, "Anestesi- och intensivvård, Helsingborgs lasarett, "
                  "med en lång rad text som går förbi sextio tecken");
    cr_assert_eq(sheet_column_width(s, 0), 8);
    cr_assert_eq(sheet_column_width(s, 1), 60);
    sheet_book_release(&b);
}

/* ---- xlsx ---- */

/* What a Python snippet prints about the zip file at path: it gets the
 * file's path as sys.argv[1]. The caller frees the result. */
static char *python_on(const char *path, const char *code)
{
    char script[] = "/tmp/randa-xlsx-py-XXXXXX";
    int fd = mkstemp(script);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, code, strlen(code)), (ssize_t)strlen(code));
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "python3 %s %s", script, path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    struct buf out = BUF_INIT(0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
        buf_add(&out, chunk, n);
    cr_assert_eq(pclose(p), 0, "%s", out.data);
    unlink(script);
    return buf_detach(&out);
}

Test(xlsx, writes_a_workbook_with_frozen_headers_filters_dates_and_fills)
{
    struct sheet_book b;
    sheet_book_init(&b, "Platstillgång");
    struct sheet *s = sheet_book_add(&b, "Lediga platser");
    s->freeze_columns = 2;
    sheet_column(s, "Specialitet", 0, SHEET_TEXT);
    sheet_column(s, "Enhet", 30, SHEET_TEXT);
    sheet_column(s, "2027-W10", 9, SHEET_DECIMAL);
    sheet_column(s, "Första dag", 0, SHEET_DATE);
    sheet_row(s);
    sheet_text(s, "Allmänmedicin");
    sheet_text(s, "Vårdcentralen Åhus");
    sheet_number(s, 1.5);
    sheet_style(s, 0xC1E6CF, 0x1D5538, 0);
    sheet_date(s, "2027-03-01");
    struct sheet *other = sheet_book_add(&b, "Förklaring: [a/b]");
    sheet_column(other, "Färg", 0, SHEET_TEXT);
    sheet_book_main(&b, other);
    sheet_book_main(&b, s);
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(sheet_xlsx(&b, &out, &ei), 0, "%s", ei.msg);
    cr_assert(out.len > 1000);
    cr_assert(memcmp(out.data, "PK\x03\x04", 4) == 0);
    char path[] = "/tmp/randa-xlsx-test-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, out.data, out.len), (ssize_t)out.len);
    close(fd);
    char *got =
        python_on(path, "import sys, zipfile\n"
                        "z = zipfile.ZipFile(sys.argv[1])\n"
                        "w = z.read('xl/workbook.xml').decode()\n"
                        "s = z.read('xl/worksheets/sheet1.xml').decode()\n"
                        "st = z.read('xl/styles.xml').decode()\n"
                        "strings = z.read('xl/sharedStrings.xml').decode()\n"
                        "print('sheets', w.count('<sheet '))\n"
                        "print('second', 'Förklaring- -a-b-' in w)\n"
                        "print('frozen', 'xSplit=\"2\" ySplit=\"1\"' in s and "
                        "'state=\"frozen\"' in s)\n"
                        "print('filter', '<autoFilter ref=\"A1:D2\"' in s)\n"
                        "print('date', '<v>46447</v>' in s)\n"
                        "print('fill', 'FFC1E6CF' in st)\n"
                        "print('text', 'Vårdcentralen Åhus' in strings)\n"
                        "print('title', 'Platstillgång' in "
                        "z.read('docProps/core.xml').decode())\n");
    cr_assert_str_eq(got, "sheets 2\nsecond True\nfrozen True\nfilter True\n"
                          "date True\nfill True\ntext True\ntitle True\n");
    free(got);
    unlink(path);
    buf_release(&out);
    sheet_book_release(&b);
}

Test(xlsx, refuses_to_grow_past_the_cap)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_INTEGER);
    for (int i = 0; i < 100; i++) {
        sheet_row(s);
        sheet_textf(s, "rad %d", i);
        sheet_number(s, i);
    }
    struct buf out = BUF_INIT(100);
    struct err_info ei = {0};
    cr_assert_eq(sheet_xlsx(&b, &out, &ei), ERR_TOOBIG);
    buf_release(&out);
    sheet_book_release(&b);
}

/* ---- iCalendar ---- */

static const struct cal_event two_events[] = {
    {"randa-booking-7@randa.example",
     "Randning: Vårdcentralen Åhus",
     "Vårdcentralen Åhus, Åhus vårdcentral, Åhus",
     "ST-läkare: Åsa Öberg\nHandledare: Per; Olsson, med komma\nVeckor: "
     "2027-W10 – 2027-W20 (11 veckor, Heltid) och en rad som är lång nog "
     "att vikas av libical",
     {2027, 3, 8},
     {2027, 5, 24},
     0,
     "2026-11-23T10:04:00Z"},
    {"randa-booking-8@randa.example",
     "Randning (förfrågad): Kvinnokliniken",
     "",
     "",
     {2027, 12, 27},
     {2028, 1, 10},
     1,
     "2026-11-24T08:00:00Z"},
};

static icalcomponent *parse_cal(const char *text)
{
    icalcomponent *c = icalparser_parse_string(text);
    cr_assert_not_null(c, "libical cannot parse:\n%s", text);
    cr_assert_eq(icalcomponent_isa(c), ICAL_VCALENDAR_COMPONENT);
    return c;
}

Test(cal, parses_back_with_every_event_as_a_span_of_whole_days)
{
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(cal_write("Randningar – Åsa Öberg", two_events, 2, &out, &ei),
                 0, "%s", ei.msg);
    icalcomponent *c = parse_cal(out.data);
    cr_assert_eq(icalcomponent_count_components(c, ICAL_VEVENT_COMPONENT), 2);
    cr_assert_eq(icalcomponent_count_errors(c), 0);
    icalcomponent *e =
        icalcomponent_get_first_component(c, ICAL_VEVENT_COMPONENT);
    struct icaltimetype start = icalcomponent_get_dtstart(e);
    struct icaltimetype end = icalcomponent_get_dtend(e);
    cr_assert(start.is_date && end.is_date);
    cr_assert_eq(start.year, 2027);
    cr_assert_eq(start.month, 3);
    cr_assert_eq(start.day, 8);
    cr_assert_eq(end.month, 5);
    cr_assert_eq(end.day, 24);
    cr_assert_str_eq(icalcomponent_get_uid(e), two_events[0].uid);
    cr_assert_str_eq(icalcomponent_get_summary(e), two_events[0].summary);
    cr_assert_str_eq(icalcomponent_get_location(e), two_events[0].location);
    cr_assert_str_eq(icalcomponent_get_description(e),
                     two_events[0].description);
    cr_assert_eq(icalcomponent_get_status(e), ICAL_STATUS_CONFIRMED);
    e = icalcomponent_get_next_component(c, ICAL_VEVENT_COMPONENT);
    cr_assert_eq(icalcomponent_get_status(e), ICAL_STATUS_TENTATIVE);
    cr_assert_eq(icalcomponent_get_dtend(e).year, 2028);
    cr_assert_null(icalcomponent_get_first_property(e, ICAL_LOCATION_PROPERTY));
    icalcomponent_free(c);
    buf_release(&out);
}

Test(cal, names_the_calendar_and_says_how_often_to_read_it_again)
{
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(cal_write("Enheten", two_events, 1, &out, &ei), 0);
    cr_assert_not_null(strstr(out.data, "BEGIN:VCALENDAR\r\n"));
    cr_assert_not_null(strstr(out.data, "X-WR-CALNAME:Enheten\r\n"));
    cr_assert_not_null(
        strstr(out.data, "REFRESH-INTERVAL;VALUE=DURATION:PT4H"));
    cr_assert_not_null(strstr(out.data, "X-PUBLISHED-TTL:PT4H\r\n"));
    cr_assert_not_null(strstr(out.data, "DTSTART;VALUE=DATE:20270308\r\n"));
    cr_assert_not_null(strstr(out.data, "DTEND;VALUE=DATE:20270524\r\n"));
    cr_assert_not_null(strstr(out.data, "DTSTAMP:20261123T100400Z\r\n"));
    /* Every line at most 75 octets, as RFC 5545 folds them. */
    for (const char *p = out.data; *p;) {
        const char *nl = strstr(p, "\r\n");
        cr_assert_not_null(nl);
        cr_assert_leq(nl - p, 75, "%.*s", (int)(nl - p), p);
        p = nl + 2;
    }
    buf_release(&out);
}

Test(cal, refuses_an_event_that_ends_before_it_starts)
{
    struct cal_event e = two_events[1];
    e.end = e.start;
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(cal_write("x", &e, 1, &out, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "end");
    buf_release(&out);
}

Test(cal, an_empty_calendar_is_still_a_calendar)
{
    struct buf out = BUF_INIT(0);
    struct err_info ei = {0};
    cr_assert_eq(cal_write("Tom", NULL, 0, &out, &ei), 0);
    icalcomponent *c = parse_cal(out.data);
    cr_assert_eq(icalcomponent_count_components(c, ICAL_VEVENT_COMPONENT), 0);
    icalcomponent_free(c);
    buf_release(&out);
}

/* ---- calendar feeds in the store ---- */

static char path[64];
static struct store *st;
static struct err_info ei;
static int64_t unit_id, trainee_id, user_id;

static void feeds_setup(void)
{
    err_clear(&ei);
    tmpdb_path(path, sizeof(path), "feeds");
    cr_assert_eq(store_open(path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
    store_set_now(st, 1800000000);
    struct region r = {0, "skane", "Region Skåne"};
    cr_assert_eq(store_region_insert(st, &r, &ei), 0, "%s", ei.msg);
    struct provider p = {0, "Region Skåne", "232100-0255", PROVIDER_PUBLIC};
    cr_assert_eq(store_provider_insert(st, &p, &ei), 0, "%s", ei.msg);
    struct specialty am = {
        0, "allmanmedicin", "Allmänmedicin", "General practice", SPECIALTY_BAS,
        0};
    cr_assert_eq(store_specialty_insert(st, &am, &ei), 0, "%s", ei.msg);
    struct unit u = {0};
    u.region_id = r.id, u.provider_id = p.id, u.specialty_id = am.id;
    snprintf(u.name, sizeof(u.name), "Vårdcentralen Åhus");
    snprintf(u.hsa_id, sizeof(u.hsa_id), "SE2321000255-V8");
    u.kind = UNIT_PRIMARY_CARE, u.takes_trainees = 1, u.max_away = STORE_NONE;
    cr_assert_eq(store_unit_insert(st, &u, &ei), 0, "%s", ei.msg);
    unit_id = u.id;
    struct person pe = {0, "Åsa Öberg", "asa.oberg@demo.randa.se", ""};
    cr_assert_eq(store_person_insert(st, &pe, &ei), 0, "%s", ei.msg);
    struct trainee t = {
        0, pe.id,        am.id, REGULATION_2021, unit_id,
        0, "2024-09-01", 100,   "2029-09-01",    TRAINEE_ACTIVE};
    cr_assert_eq(store_trainee_insert(st, &t, &ei), 0, "%s", ei.msg);
    trainee_id = t.id;
    struct user us = {0};
    snprintf(us.username, sizeof(us.username), "asa");
    snprintf(us.name, sizeof(us.name), "Åsa Öberg");
    struct user_role role = {"trainee", trainee_id};
    cr_assert_eq(store_user_add(st, &us, "$argon2id$v=19$test", &role, 1, &ei),
                 0, "%s", ei.msg);
    user_id = us.id;
}

static void feeds_teardown(void)
{
    store_close(st);
    tmpdb_remove(path);
}

TestSuite(feeds, .init = feeds_setup, .fini = feeds_teardown);

/* Makes a feed of kind for subject; returns it with the hash of its
 * secret in hash. */
static struct calendar_feed make_feed(enum feed_kind kind, int64_t subject,
                                      char hash[SECRET_HASH_LEN + 1])
{
    char secret[SECRET_LEN + 1];
    secret_new(secret);
    secret_hash(secret, hash);
    struct calendar_feed f = {
        .user_id = user_id, .kind = kind, .subject_id = subject};
    snprintf(f.name, sizeof(f.name), "Mina randningar");
    cr_assert_eq(store_feed_create(st, &f, hash, &ei), 0, "%s", ei.msg);
    cr_assert_gt(f.id, 0);
    return f;
}

Test(feeds, a_feed_is_found_by_the_hash_of_its_secret_until_revoked)
{
    char hash[SECRET_HASH_LEN + 1];
    struct calendar_feed f = make_feed(FEED_TRAINEE, trainee_id, hash);
    struct calendar_feed got;
    cr_assert_eq(store_feed_find(st, hash, &got, &ei), 0, "%s", ei.msg);
    cr_assert_eq(got.id, f.id);
    cr_assert_eq(got.kind, FEED_TRAINEE);
    cr_assert_eq(got.subject_id, trainee_id);
    cr_assert_eq(got.used_at, 1800000000);
    cr_assert_eq(store_feed_revoke(st, user_id, f.id, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_feed_find(st, hash, &got, &ei), ERR_NOTFOUND);
    /* Revoking twice, or another user's feed, is as for no feed. */
    cr_assert_eq(store_feed_revoke(st, user_id, f.id, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "id");
}

Test(feeds, a_disabled_user_s_feed_is_no_feed)
{
    char hash[SECRET_HASH_LEN + 1];
    make_feed(FEED_UNIT, unit_id, hash);
    cr_assert_eq(store_user_set_disabled(st, user_id, 1, &ei), 0);
    struct calendar_feed got;
    cr_assert_eq(store_feed_find(st, hash, &got, &ei), ERR_NOTFOUND);
}

static int count_feed(const struct calendar_feed *f, void *arg)
{
    (void)f;
    ++*(int *)arg;
    return 0;
}

Test(feeds, lists_a_user_s_feeds_and_refuses_a_subject_that_does_not_exist)
{
    char hash[SECRET_HASH_LEN + 1];
    make_feed(FEED_TRAINEE, trainee_id, hash);
    make_feed(FEED_UNIT, unit_id, hash);
    int n = 0;
    cr_assert_eq(store_feed_list(st, user_id, count_feed, &n, &ei), 0);
    cr_assert_eq(n, 2);
    struct calendar_feed f = {
        .user_id = user_id, .kind = FEED_UNIT, .subject_id = unit_id + 100};
    snprintf(f.name, sizeof(f.name), "x");
    secret_hash("another", hash);
    cr_assert_eq(store_feed_create(st, &f, hash, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "subject_id");
    f.subject_id = unit_id;
    f.name[0] = '\0';
    cr_assert_eq(store_feed_create(st, &f, hash, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "name");
    n = 0;
    cr_assert_eq(store_feed_list(st, user_id, count_feed, &n, &ei), 0);
    cr_assert_eq(n, 2);
}

Test(xlsx, cuts_a_text_longer_than_excel_holds_in_a_cell)
{
    struct sheet_book b;
    struct sheet *s = two_columns(&b, SHEET_TEXT);
    char *longer = malloc(40001);
    for (int i = 0; i < 40000; i += 2)
        memcpy(longer + i, "ö", 2);
    longer[40000] = '\0';
    sheet_row(s);
    sheet_text(s, longer);
    struct buf out = BUF_INIT(0);
    struct err_info why = {0};
    cr_assert_eq(sheet_xlsx(&b, &out, &why), 0, "%s", why.msg);
    buf_release(&out);
    free(longer);
    sheet_book_release(&b);
}
