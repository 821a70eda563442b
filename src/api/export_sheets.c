/*
 * The exports with a layout of their own (export.h): the place overview as
 * a heat map, the bookings list, a trainee's plan and rotations, a unit's
 * schedule week by week, and the yearly figures. Each is made from the
 * JSON its route answers (and the routes it reads besides), in Swedish, or
 * English with lang=en. Weeks are written as ISO weeks, "2027-W10", the
 * form the API and the import take; days as dates, 2027-03-01.
 */
#include "api/export.h"

#include "domain/policy.h"
#include "domain/week.h"

#include <stdio.h>
#include <string.h>

/* ---- the heat map's colours (ui/style.css: .lv-none ... .lv-5) ---- */

struct export_shade {
    const char *level;
    uint32_t fill, colour;
    const char *sv, *en;
};

static const struct export_shade export_shades[] = {
    {"none", 0xF0F2F4u, 0x5B6770u, "Ingen kapacitet", "No capacity"},
    {"full", 0xF3D6D0u, 0x862C20u, "Fullt", "Full"},
    {"1", 0xE2F3E8u, 0x1D5538u, "Under 1 ledig plats", "Under 1 free seat"},
    {"2", 0xC1E6CFu, 0x1D5538u, "1 till 2 lediga", "1 to 2 free"},
    {"3", 0x8FD0A9u, 0x123B26u, "2 till 3 lediga", "2 to 3 free"},
    {"4", 0x57B583u, 0x0C2B1Bu, "3 till 4 lediga", "3 to 4 free"},
    {"5", 0x2A8152u, 0xFFFFFFu, "4 eller fler lediga", "4 or more free"},
};

/* The shade of a week with free seats of seats, as the UI's level(). */
static const struct export_shade *export_shade(double free, double seats)
{
    if (!(seats > 0))
        return &export_shades[0];
    if (!(free > 0))
        return &export_shades[1];
    int i = free < 1 ? 2 : free < 2 ? 3 : free < 3 ? 4 : free < 4 ? 5 : 6;
    return &export_shades[i];
}

/* A heat-map cell: the free seats on their shade, or an empty grey. */
static void export_heat(struct sheet *s, double free, double seats)
{
    const struct export_shade *sh = export_shade(free, seats);
    if (seats > 0)
        sheet_number(s, free > 0 ? free : 0);
    else
        sheet_skip(s);
    sheet_style(s, sh->fill, sh->colour, 0);
}

/* ---- small readers of the answers ---- */

static const char *js(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static double jn(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* A specialty's name in the export's language. */
static const char *export_specialty(const struct api_export *x, json_t *sp)
{
    const char *en = js(sp, "name_en");
    return x->en && en && *en ? en : js(sp, "name_sv");
}

/* The Monday of week w ("2027-W10") and the Sunday of the week it ends,
 * as dates; "" when w is no week. */
static void export_monday(const char *w, char *out)
{
    int serial;
    out[0] = '\0';
    if (w && week_parse(w, &serial) == 0)
        date_format(week_monday(serial), out);
}

static void export_sunday(const char *w, char *out)
{
    int serial;
    out[0] = '\0';
    if (w && week_parse(w, &serial) == 0)
        date_format(date_from_days(date_to_days(week_monday(serial)) + 6), out);
}

/* The date of a timestamp "2026-11-23T10:04:00Z". */
static void export_day(const char *ts, char *out)
{
    snprintf(out, DATE_STR_MAX, "%.10s", ts ? ts : "");
}

/* Reads "from" and "to" of the request as a window of weeks [from, to]:
 * default from two weeks ago, weeks long. 0, or ERR_SYNTAX naming one. */
static int export_window(const struct api_export *x, int weeks, int *from,
                         int *to, struct err_info *ei)
{
    *from = api_this_week() - 2;
    *to = STORE_NONE;
    int rc = api_arg_week(x->req, "from", from, ei);
    if (rc == 0)
        rc = api_arg_week(x->req, "to", to, ei);
    if (rc == 0 && *to == STORE_NONE)
        *to = *from + weeks - 1;
    if (rc == 0 && (*to < *from || *to - *from >= STORE_PLACES_WEEKS))
        rc = err_set(ei, ERR_SYNTAX, "to",
                     "to: must be from or later, at most %d weeks in all",
                     STORE_PLACES_WEEKS);
    return rc;
}

/* ---- the place overview ---- */

/* The legend of the heat map, and what the export shows. */
static void export_legend(struct api_export *x, const char *what)
{
    struct sheet *s =
        sheet_book_add(&x->book, api_export_text(x, "Förklaring", "Legend"));
    s->filter = 0;
    sheet_column(s, api_export_text(x, "Färg", "Colour"), 14, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Betyder", "Means"), 50, SHEET_TEXT);
    for (size_t i = 0; i < sizeof(export_shades) / sizeof(*export_shades);
         i++) {
        sheet_row(s);
        sheet_skip(s);
        sheet_style(s, export_shades[i].fill, export_shades[i].colour, 0);
        sheet_text(
            s, api_export_text(x, export_shades[i].sv, export_shades[i].en));
    }
    sheet_row(s);
    sheet_row(s);
    sheet_text(s, api_export_text(x, "Visar", "Shows"));
    sheet_text(s, what);
    sheet_row(s);
    sheet_text(s, api_export_text(x, "Veckor", "Weeks"));
    sheet_text(s, api_export_text(x, "ISO-veckor, 2027-W10 är vecka 10 2027",
                                  "ISO weeks, 2027-W10 is week 10 of 2027"));
}

int api_export_places(struct api_export *x, struct err_info *ei)
{
    (void)ei;
    json_t *weeks = json_object_get(x->answer, "weeks");
    json_t *units = json_object_get(x->answer, "units");
    size_t nweeks = json_array_size(weeks);
    struct sheet *free_sheet = sheet_book_add(
        &x->book, api_export_text(x, "Lediga platser", "Free places"));
    struct sheet *seat_sheet =
        sheet_book_add(&x->book, api_export_text(x, "Platser", "Seats"));
    struct sheet *sheets[] = {free_sheet, seat_sheet};
    for (int k = 0; k < 2; k++) {
        struct sheet *s = sheets[k];
        s->freeze_columns = 2;
        sheet_column(s, api_export_text(x, "Specialitet", "Specialty"), 28,
                     SHEET_TEXT);
        sheet_column(s, api_export_text(x, "Enhet", "Unit"), 40, SHEET_TEXT);
        size_t i;
        json_t *w;
        json_array_foreach(weeks, i, w)
        {
            sheet_column(s, json_string_value(w), 9, SHEET_DECIMAL);
        }
        sheet_column(s, api_export_text(x, "Vårdgivare", "Provider"), 24,
                     SHEET_TEXT);
        sheet_column(s,
                     api_export_text(x, "Offentlig/privat", "Public/private"),
                     12, SHEET_TEXT);
        sheet_column(s, api_export_text(x, "Område", "Area"), 22, SHEET_TEXT);
    }
    size_t i;
    json_t *u;
    json_array_foreach(units, i, u)
    {
        json_t *seats = json_object_get(u, "seats");
        json_t *free = json_object_get(u, "free");
        json_t *provider = json_object_get(u, "provider");
        for (int k = 0; k < 2; k++) {
            struct sheet *s = sheets[k];
            sheet_row(s);
            sheet_text(s, export_specialty(x, json_object_get(u, "specialty")));
            sheet_text(s, js(u, "name"));
            for (size_t w = 0; w < nweeks; w++) {
                double st = json_number_value(json_array_get(seats, w));
                if (k == 0)
                    export_heat(s, json_number_value(json_array_get(free, w)),
                                st);
                else
                    sheet_number(s, st);
            }
            sheet_text(s, js(provider, "name"));
            sheet_text(s, api_export_word(x, "provider", js(provider, "kind")));
            sheet_text(s, js(json_object_get(u, "area"), "name"));
        }
    }
    char what[160];
    snprintf(what, sizeof(what), "%s %s – %s",
             api_export_text(x, "Lediga platser per enhet och vecka,",
                             "Free seats per unit and week,"),
             js(x->answer, "from"), js(x->answer, "to"));
    export_legend(x, what);
    snprintf(x->file, sizeof(x->file), "%s-%s-%s",
             api_export_text(x, "platstillgang", "free-places"),
             js(x->answer, "from"), js(x->answer, "to"));
    return 0;
}

/* ---- bookings ---- */

/* The columns of a list of bookings; trainee, unit: with those columns. */
static void export_booking_columns(struct api_export *x, struct sheet *s,
                                   int trainee, int unit)
{
    sheet_column(s, "Id", 8, SHEET_INTEGER);
    if (trainee)
        sheet_column(s, api_export_text(x, "ST-läkare", "Trainee"), 26,
                     SHEET_TEXT);
    if (unit)
        sheet_column(s, api_export_text(x, "Enhet", "Unit"), 40, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Specialitet", "Specialty"), 26,
                 SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Första vecka", "First week"), 11,
                 SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Sista vecka", "Last week"), 11,
                 SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Första dag", "First day"), 11,
                 SHEET_DATE);
    sheet_column(s, api_export_text(x, "Sista dag", "Last day"), 11,
                 SHEET_DATE);
    sheet_column(s, api_export_text(x, "Veckor", "Weeks"), 8, SHEET_INTEGER);
    sheet_column(s, api_export_text(x, "Mönster", "Pattern"), 15, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Status", "Status"), 12, SHEET_TEXT);
    sheet_column(
        s, api_export_text(x, "Orsak till avbokning", "Reason for cancelling"),
        18, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Kort varsel", "Short notice"), 8,
                 SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Begärd", "Requested"), 11, SHEET_DATE);
    sheet_column(s, api_export_text(x, "Ändrad", "Updated"), 11, SHEET_DATE);
}

/* The status colours of the unit's schedule and the bookings. */
static uint32_t export_status_fill(const char *status)
{
    if (status && strcmp(status, "confirmed") == 0)
        return 0xC1E6CFu;
    if (status && strcmp(status, "requested") == 0)
        return 0xFCE8B2u;
    if (status && strcmp(status, "completed") == 0)
        return 0xDDE3E8u;
    if (status && strcmp(status, "cancelled") == 0)
        return 0xF3D6D0u;
    return SHEET_NO_COLOUR;
}

/* A week of a booking in the schedule: B(ekräftad), F(örfrågad),
 * G(enomförd); in English C(onfirmed), R(equested), D(one). */
static const char *export_status_mark(const struct api_export *x,
                                      const char *status)
{
    if (strcmp(status, "confirmed") == 0)
        return api_export_text(x, "B", "C");
    if (strcmp(status, "requested") == 0)
        return api_export_text(x, "F", "R");
    return api_export_text(x, "G", "D");
}

static void export_booking_row(struct api_export *x, struct sheet *s, json_t *b,
                               int trainee, int unit)
{
    char first[DATE_STR_MAX], last[DATE_STR_MAX], made[DATE_STR_MAX],
        changed[DATE_STR_MAX];
    sheet_row(s);
    sheet_number(s, jn(b, "id"));
    if (trainee)
        sheet_text(s, js(json_object_get(b, "trainee"), "name"));
    if (unit)
        sheet_text(s, js(json_object_get(b, "unit"), "name"));
    sheet_text(s, export_specialty(x, json_object_get(b, "specialty")));
    sheet_text(s, js(b, "start_week"));
    sheet_text(s, js(b, "end_week"));
    export_monday(js(b, "start_week"), first);
    export_sunday(js(b, "end_week"), last);
    sheet_date(s, first);
    sheet_date(s, last);
    sheet_number(s, jn(b, "weeks"));
    sheet_text(s, api_export_word(x, "pattern", js(b, "pattern")));
    sheet_text(s, api_export_word(x, "status", js(b, "status")));
    sheet_style(s, export_status_fill(js(b, "status")), SHEET_NO_COLOUR, 0);
    sheet_text(s, api_export_word(x, "reason", js(b, "cancel_reason")));
    sheet_text(s, json_is_true(json_object_get(b, "short_notice"))
                      ? api_export_word(x, "bool", "true")
                      : "");
    export_day(js(b, "created_at"), made);
    export_day(js(b, "updated_at"), changed);
    sheet_date(s, made);
    sheet_date(s, changed);
}

int api_export_bookings(struct api_export *x, struct err_info *ei)
{
    (void)ei;
    struct sheet *s =
        sheet_book_add(&x->book, api_export_text(x, "Bokningar", "Bookings"));
    s->freeze_columns = 2;
    export_booking_columns(x, s, 1, 1);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(x->answer, "items"), i, b)
    {
        export_booking_row(x, s, b, 1, 1);
    }
    return 0;
}

/* ---- a trainee ---- */

/* A row of a two-column sheet of facts. */
static void export_fact(struct sheet *s, const char *label, const char *value)
{
    sheet_row(s);
    sheet_text(s, label);
    sheet_style(s, SHEET_NO_COLOUR, SHEET_NO_COLOUR, 1);
    sheet_text(s, value);
}

/* The codes of the goals with ids, joined: "STa1, STa3". */
static void export_goal_codes(json_t *ids, json_t *goals, char *out,
                              size_t size)
{
    size_t used = 0, i, j;
    json_t *id, *g;
    out[0] = '\0';
    json_array_foreach(ids, i, id)
    {
        const char *code = NULL;
        json_array_foreach(goals, j, g)
        {
            if (json_integer_value(json_object_get(g, "id")) ==
                json_integer_value(id))
                code = js(g, "code");
        }
        char num[24];
        snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(id));
        if (used < size)
            used += (size_t)snprintf(out + used, size - used, "%s%s",
                                     used ? ", " : "", code ? code : num);
    }
}

int api_export_trainee(struct api_export *x, struct err_info *ei)
{
    json_t *t = x->answer;
    int64_t id = json_integer_value(json_object_get(t, "id"));
    char idtext[24];
    snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
    const char *bargs[] = {"trainee", idtext, "sort", "start", NULL};
    json_t *bookings = api_export_get(x, api_bookings_list, 0, bargs, ei);
    if (!bookings)
        return ei->code;
    json_t *plan = api_export_get(x, api_edu_plan_get, id, NULL, ei);
    if (!plan) {
        json_decref(bookings);
        return ei->code;
    }
    json_t *goals = json_object_get(plan, "goals");
    char num[SHEET_NUMBER_MAX], text[600];

    struct sheet *o =
        sheet_book_add(&x->book, api_export_text(x, "Översikt", "Overview"));
    o->filter = 0;
    sheet_column(o, api_export_text(x, "Uppgift", "Item"), 26, SHEET_TEXT);
    sheet_column(o, api_export_text(x, "Värde", "Value"), 50, SHEET_TEXT);
    export_fact(o, api_export_text(x, "Namn", "Name"), js(t, "name"));
    export_fact(o, "HSA-id", js(t, "hsa_id"));
    export_fact(o, api_export_text(x, "E-post", "E-mail"), js(t, "email"));
    export_fact(o, api_export_text(x, "Specialitet", "Specialty"),
                export_specialty(x, json_object_get(t, "specialty")));
    export_fact(o, api_export_text(x, "Föreskrift", "Regulation"),
                js(t, "regulation"));
    export_fact(o, api_export_text(x, "Hemenhet", "Home unit"),
                js(json_object_get(t, "home_unit"), "name"));
    export_fact(o, api_export_text(x, "Huvudhandledare", "Main supervisor"),
                js(json_object_get(t, "supervisor"), "name"));
    export_fact(o, api_export_text(x, "Startdatum", "Start date"),
                js(t, "start_date"));
    sheet_number_text(jn(t, "fte"), SHEET_INTEGER, num);
    snprintf(text, sizeof(text), "%s %%", num);
    export_fact(o, api_export_text(x, "Tjänstgöringsgrad", "Employment rate"),
                text);
    export_fact(o, api_export_text(x, "Planerat slut", "Planned end"),
                js(t, "planned_end"));
    export_fact(o, api_export_text(x, "Beräknat slut", "Projected end"),
                js(t, "projected_end"));
    json_t *p = json_object_get(plan, "plan");
    if (json_is_object(p)) {
        snprintf(text, sizeof(text), "%lld, %s",
                 (long long)json_integer_value(json_object_get(p, "version")),
                 api_export_word(x, "plan_status", js(p, "status")));
        export_fact(o, api_export_text(x, "Utbildningsplan", "Education plan"),
                    text);
    }

    struct sheet *r =
        sheet_book_add(&x->book, api_export_text(x, "Randningar", "Rotations"));
    r->freeze_columns = 2;
    export_booking_columns(x, r, 0, 1);
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(bookings, "items"), i, b)
    {
        export_booking_row(x, r, b, 0, 1);
    }
    sheet_book_main(&x->book, r);

    struct sheet *a = sheet_book_add(
        &x->book, api_export_text(x, "Aktiviteter", "Activities"));
    sheet_column(a, api_export_text(x, "Typ", "Kind"), 22, SHEET_TEXT);
    sheet_column(a, api_export_text(x, "Titel", "Title"), 40, SHEET_TEXT);
    sheet_column(a, api_export_text(x, "Från vecka", "From week"), 11,
                 SHEET_TEXT);
    sheet_column(a, api_export_text(x, "Till vecka", "To week"), 11,
                 SHEET_TEXT);
    sheet_column(a, "Status", 12, SHEET_TEXT);
    sheet_column(a, api_export_text(x, "Delmål", "Goals"), 30, SHEET_TEXT);
    json_array_foreach(json_object_get(plan, "activities"), i, b)
    {
        sheet_row(a);
        sheet_text(a, api_export_word(x, "activity_kind", js(b, "kind")));
        sheet_text(a, js(b, "title"));
        sheet_text(a, js(b, "from"));
        sheet_text(a, js(b, "to"));
        sheet_text(a, api_export_word(x, "activity_status", js(b, "status")));
        export_goal_codes(json_object_get(b, "goal_ids"), goals, text,
                          sizeof(text));
        sheet_text(a, text);
    }

    struct sheet *g =
        sheet_book_add(&x->book, api_export_text(x, "Delmål", "Goals"));
    sheet_column(g, api_export_text(x, "Kod", "Code"), 9, SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Delmål", "Goal"), 50, SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Grupp", "Group"), 7, SHEET_TEXT);
    sheet_column(g, "Status", 12, SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Intygat av", "Certified by"), 24,
                 SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Intygat", "Certified"), 11, SHEET_DATE);
    sheet_column(g, api_export_text(x, "Anteckning", "Note"), 30, SHEET_TEXT);
    json_array_foreach(goals, i, b)
    {
        char day[DATE_STR_MAX];
        sheet_row(g);
        sheet_text(g, js(b, "code"));
        sheet_text(g, js(b, "title"));
        sheet_text(g, api_export_word(x, "group", js(b, "group")));
        sheet_text(g, api_export_word(x, "goal_status", js(b, "status")));
        sheet_text(g, js(json_object_get(b, "certified_by"), "name"));
        export_day(js(b, "certified_at"), day);
        sheet_date(g, day);
        sheet_text(g, js(b, "note"));
    }

    struct sheet *n =
        sheet_book_add(&x->book, api_export_text(x, "Behov", "Needs"));
    sheet_column(n, api_export_text(x, "Specialitet", "Specialty"), 28,
                 SHEET_TEXT);
    sheet_column(n, api_export_text(x, "Veckor", "Weeks"), 8, SHEET_INTEGER);
    sheet_column(n, api_export_text(x, "Önskad start", "Preferred start"), 12,
                 SHEET_TEXT);
    sheet_column(n, api_export_text(x, "Mönster", "Patterns"), 30, SHEET_TEXT);
    sheet_column(n, "Status", 12, SHEET_TEXT);
    json_array_foreach(json_object_get(t, "needs"), i, b)
    {
        size_t k;
        json_t *pat;
        size_t used = 0;
        text[0] = '\0';
        json_array_foreach(json_object_get(b, "patterns"), k, pat)
        {
            used += (size_t)snprintf(
                text + used, used < sizeof(text) ? sizeof(text) - used : 0,
                "%s%s", k ? ", " : "",
                api_export_word(x, "pattern", json_string_value(pat)));
            if (used >= sizeof(text))
                break;
        }
        sheet_row(n);
        sheet_text(n, export_specialty(x, json_object_get(b, "specialty")));
        sheet_number(n, jn(b, "weeks"));
        sheet_text(n, js(b, "preferred_start"));
        sheet_text(n, text);
        sheet_text(n, api_export_word(x, "need_status", js(b, "status")));
    }

    struct sheet *l =
        sheet_book_add(&x->book, api_export_text(x, "Ledighet", "Leave"));
    sheet_column(l, api_export_text(x, "Typ", "Kind"), 22, SHEET_TEXT);
    sheet_column(l, api_export_text(x, "Från", "From"), 11, SHEET_DATE);
    sheet_column(l, api_export_text(x, "Till", "To"), 11, SHEET_DATE);
    json_array_foreach(json_object_get(t, "leaves"), i, b)
    {
        sheet_row(l);
        sheet_text(l, api_export_word(x, "leave", js(b, "kind")));
        sheet_date(l, js(b, "from_date"));
        sheet_date(l, js(b, "to_date"));
    }
    snprintf(x->file, sizeof(x->file), "%s-%lld",
             api_export_text(x, "st-lakare", "trainee"), (long long)id);
    json_decref(bookings);
    json_decref(plan);
    return 0;
}

/* ---- a unit's schedule ---- */

int api_export_unit(struct api_export *x, struct err_info *ei)
{
    struct api_call *call = x->call;
    json_t *u = x->answer;
    int64_t id = json_integer_value(json_object_get(u, "id"));
    int from, to;
    if (export_window(x, 52, &from, &to, ei))
        return ei->code;
    /* Who is at the unit is booking data: read with booking.read's scope,
     * as the bookings list would be, not with unit.read's (everyone's). */
    struct scope sc;
    if (!policy_scope(call->auth.grants, call->auth.ngrants, "booking.read",
                      &sc)) {
        scope_release(&sc);
        http_error(x->res, 403, "forbidden", NULL,
                   "your roles do not allow booking.read: a unit's schedule "
                   "names its trainees");
        return 1;
    }
    char idtext[24], fromw[WEEK_STR_MAX], tow[WEEK_STR_MAX];
    snprintf(idtext, sizeof(idtext), "%lld", (long long)id);
    week_format(from, fromw);
    week_format(to, tow);
    const char *bargs[] = {"unit", idtext, "from",  fromw, "to",
                           tow,    "sort", "start", NULL};
    store_set_scope(call->store, &sc);
    json_t *bookings = api_export_get(x, api_bookings_list, 0, bargs, ei);
    store_set_scope(call->store, &call->scope);
    scope_release(&sc);
    if (!bookings)
        return ei->code;
    const char *pargs[] = {"unit", idtext, "from", fromw, "to", tow, NULL};
    json_t *places = api_export_get(x, api_places, 0, pargs, ei);
    if (!places) {
        json_decref(bookings);
        return ei->code;
    }
    json_t *pu = json_array_get(json_object_get(places, "units"), 0);
    int nweeks = to - from + 1;

    struct sheet *s =
        sheet_book_add(&x->book, api_export_text(x, "Schema", "Schedule"));
    s->freeze_columns = 1;
    sheet_column(s, api_export_text(x, "ST-läkare", "Trainee"), 26, SHEET_TEXT);
    sheet_column(s, "Status", 12, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Mönster", "Pattern"), 15, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Första vecka", "First week"), 11,
                 SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Sista vecka", "Last week"), 11,
                 SHEET_TEXT);
    for (int w = from; w <= to; w++) {
        char wt[WEEK_STR_MAX];
        week_format(w, wt);
        sheet_column(s, wt, 9, SHEET_DECIMAL);
    }
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(bookings, "items"), i, b)
    {
        const char *status = js(b, "status");
        if (!status || strcmp(status, "declined") == 0 ||
            strcmp(status, "cancelled") == 0)
            continue;
        int first = 0, last = 0;
        if (week_parse(js(b, "start_week"), &first) ||
            week_parse(js(b, "end_week"), &last))
            continue;
        sheet_row(s);
        sheet_text(s, js(json_object_get(b, "trainee"), "name"));
        sheet_text(s, api_export_word(x, "status", status));
        sheet_text(s, api_export_word(x, "pattern", js(b, "pattern")));
        sheet_text(s, js(b, "start_week"));
        sheet_text(s, js(b, "end_week"));
        for (int w = from; w <= to; w++) {
            if (w < first || w > last) {
                sheet_skip(s);
                continue;
            }
            sheet_text(s, export_status_mark(x, status));
            sheet_style(s, export_status_fill(status), SHEET_NO_COLOUR, 0);
        }
    }
    /* The seats and the free seats of each week under the trainees. */
    if (pu) {
        const char *rows[] = {api_export_text(x, "Platser", "Seats"),
                              api_export_text(x, "Lediga", "Free")};
        for (int k = 0; k < 2; k++) {
            sheet_row(s);
            sheet_text(s, rows[k]);
            sheet_style(s, SHEET_NO_COLOUR, SHEET_NO_COLOUR, 1);
            for (int c = 0; c < 4; c++)
                sheet_skip(s);
            for (int w = 0; w < nweeks; w++) {
                double st = json_number_value(
                    json_array_get(json_object_get(pu, "seats"), (size_t)w));
                double fr = json_number_value(
                    json_array_get(json_object_get(pu, "free"), (size_t)w));
                if (k == 0)
                    sheet_number(s, st);
                else
                    export_heat(s, fr, st);
            }
        }
    }

    struct sheet *bs =
        sheet_book_add(&x->book, api_export_text(x, "Bokningar", "Bookings"));
    bs->freeze_columns = 2;
    export_booking_columns(x, bs, 1, 0);
    json_array_foreach(json_object_get(bookings, "items"), i, b)
    {
        export_booking_row(x, bs, b, 1, 0);
    }

    struct sheet *c =
        sheet_book_add(&x->book, api_export_text(x, "Kapacitet", "Capacity"));
    sheet_column(c, api_export_text(x, "Från vecka", "From week"), 11,
                 SHEET_TEXT);
    sheet_column(c, api_export_text(x, "Till vecka", "To week"), 11,
                 SHEET_TEXT);
    sheet_column(c, api_export_text(x, "Platser", "Seats"), 8, SHEET_INTEGER);
    sheet_column(c, api_export_text(x, "Mönster", "Patterns"), 30, SHEET_TEXT);
    sheet_column(c, api_export_text(x, "Anteckning", "Note"), 30, SHEET_TEXT);
    json_array_foreach(json_object_get(u, "capacity"), i, b)
    {
        char pats[300] = "";
        size_t used = 0, k;
        json_t *pat;
        json_array_foreach(json_object_get(b, "patterns"), k, pat)
        {
            if (used < sizeof(pats))
                used += (size_t)snprintf(
                    pats + used, sizeof(pats) - used, "%s%s", k ? ", " : "",
                    api_export_word(x, "pattern", json_string_value(pat)));
        }
        sheet_row(c);
        sheet_text(c, js(b, "from_week"));
        sheet_text(c, js(b, "to_week"));
        sheet_number(c, jn(b, "seats"));
        sheet_text(c, pats);
        sheet_text(c, js(b, "note"));
    }
    char what[300];
    snprintf(what, sizeof(what), "%s, %s – %s", js(u, "name"), fromw, tow);
    export_legend(x, what);
    struct sheet *legend = x->book.sheets[x->book.n - 1];
    static const char *const marks[] = {"confirmed", "requested", "completed"};
    for (size_t m = 0; m < 3; m++) {
        sheet_row(legend);
        sheet_text(legend, export_status_mark(x, marks[m]));
        sheet_style(legend, export_status_fill(marks[m]), SHEET_NO_COLOUR, 0);
        sheet_text(legend, api_export_word(x, "status", marks[m]));
    }
    snprintf(x->file, sizeof(x->file), "%s-%lld-%s-%s",
             api_export_text(x, "enhet", "unit"), (long long)id, fromw, tow);
    json_decref(bookings);
    json_decref(places);
    return 0;
}

/* ---- the yearly figures ---- */

/* A figure's value in its measure's format: a share, a mean, a sum. */
static void export_value(struct sheet *s, json_t *f, json_t *v)
{
    const char *measure = js(f, "measure");
    if (!json_is_number(v)) {
        sheet_skip(s);
        return;
    }
    enum sheet_format fmt = SHEET_DECIMAL;
    if (measure && strcmp(measure, "share") == 0)
        fmt = SHEET_PERCENT;
    else if (measure && strcmp(measure, "sum") == 0)
        fmt = SHEET_INTEGER;
    sheet_number_as(s, json_number_value(v), fmt);
}

static void export_met(struct api_export *x, struct sheet *s, json_t *met)
{
    if (json_is_boolean(met)) {
        sheet_text(s, api_export_word(x, "bool",
                                      json_is_true(met) ? "true" : "false"));
        sheet_style(s, json_is_true(met) ? 0xC1E6CFu : 0xF3D6D0u,
                    SHEET_NO_COLOUR, 0);
    } else {
        sheet_skip(s);
    }
}

/* The name of a figure's group: its specialty (and provider kind), or the
 * reason of a cancellation. */
static void export_group_name(struct api_export *x, json_t *g, char *out,
                              size_t size)
{
    json_t *sp = json_object_get(g, "specialty");
    const char *kind = js(g, "provider_kind");
    const char *reason = js(g, "reason");
    if (json_is_object(sp))
        snprintf(out, size, "%s%s%s", export_specialty(x, sp), kind ? ", " : "",
                 kind ? api_export_word(x, "provider", kind) : "");
    else if (reason)
        snprintf(out, size, "%s", api_export_word(x, "reason", reason));
    else
        snprintf(out, size, "–");
}

int api_export_figures(struct api_export *x, struct err_info *ei)
{
    (void)ei;
    json_t *figs = json_object_get(x->answer, "figures");
    json_t *years = json_object_get(json_array_get(figs, 0), "years");
    struct sheet *s =
        sheet_book_add(&x->book, api_export_text(x, "Mätetal", "Figures"));
    s->freeze_columns = 2;
    sheet_column(s, "Nr", 5, SHEET_INTEGER);
    sheet_column(s, api_export_text(x, "Mätetal", "Figure"), 60, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Mål", "Target"), 8, SHEET_PERCENT);
    size_t i, k;
    json_t *f, *y;
    json_array_foreach(years, i, y)
    {
        char head[16];
        snprintf(head, sizeof(head), "%lld",
                 (long long)json_integer_value(json_object_get(y, "year")));
        sheet_column(s, head, 9, SHEET_DECIMAL);
    }
    sheet_column(s, api_export_text(x, "Mäts som", "Measure"), 10, SHEET_TEXT);
    json_array_foreach(figs, i, f)
    {
        sheet_row(s);
        if (json_is_integer(json_object_get(f, "number")))
            sheet_number(s, jn(f, "number"));
        else
            sheet_skip(s);
        sheet_text(s, x->en ? js(f, "title") : js(f, "title_sv"));
        if (json_is_number(json_object_get(f, "target")))
            sheet_number(s, jn(f, "target"));
        else
            sheet_skip(s);
        json_array_foreach(json_object_get(f, "years"), k, y)
        {
            export_value(s, f, json_object_get(y, "value"));
            json_t *met = json_object_get(y, "met");
            if (json_is_boolean(met))
                sheet_style(s, json_is_true(met) ? 0xC1E6CFu : 0xF3D6D0u,
                            SHEET_NO_COLOUR, 0);
        }
        sheet_text(s, api_export_word(x, "measure", js(f, "unit_of_measure")));
    }

    struct sheet *d =
        sheet_book_add(&x->book, api_export_text(x, "Underlag", "By year"));
    sheet_column(d, "Id", 20, SHEET_TEXT);
    sheet_column(d, api_export_text(x, "Mätetal", "Figure"), 50, SHEET_TEXT);
    sheet_column(d, api_export_text(x, "År", "Year"), 6, SHEET_INTEGER);
    sheet_column(d, api_export_text(x, "Per", "As of"), 11, SHEET_DATE);
    sheet_column(d, api_export_text(x, "Täljare", "Numerator"), 10,
                 SHEET_DECIMAL);
    sheet_column(d, api_export_text(x, "Nämnare", "Denominator"), 10,
                 SHEET_DECIMAL);
    sheet_column(d, api_export_text(x, "Värde", "Value"), 10, SHEET_DECIMAL);
    sheet_column(d, api_export_text(x, "Mål", "Target"), 8, SHEET_PERCENT);
    sheet_column(d, api_export_text(x, "Uppfyllt", "Met"), 9, SHEET_TEXT);
    json_array_foreach(figs, i, f)
    {
        json_array_foreach(json_object_get(f, "years"), k, y)
        {
            sheet_row(d);
            sheet_text(d, js(f, "id"));
            sheet_text(d, x->en ? js(f, "title") : js(f, "title_sv"));
            sheet_number(d, jn(y, "year"));
            sheet_date(d, js(y, "as_of"));
            sheet_number(d, jn(y, "numerator"));
            sheet_number(d, jn(y, "denominator"));
            export_value(d, f, json_object_get(y, "value"));
            if (json_is_number(json_object_get(f, "target")))
                sheet_number(d, jn(f, "target"));
            else
                sheet_skip(d);
            export_met(x, d, json_object_get(y, "met"));
        }
    }

    struct sheet *g =
        sheet_book_add(&x->book, api_export_text(x, "Grupper", "Groups"));
    sheet_column(g, "Id", 20, SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Mätetal", "Figure"), 50, SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Grupp", "Group"), 40, SHEET_TEXT);
    sheet_column(g, api_export_text(x, "Täljare", "Numerator"), 10,
                 SHEET_DECIMAL);
    sheet_column(g, api_export_text(x, "Nämnare", "Denominator"), 10,
                 SHEET_DECIMAL);
    sheet_column(g, api_export_text(x, "Värde", "Value"), 10, SHEET_DECIMAL);
    sheet_column(g, api_export_text(x, "Uppfyllt", "Met"), 9, SHEET_TEXT);
    json_array_foreach(figs, i, f)
    {
        json_array_foreach(json_object_get(f, "groups"), k, y)
        {
            char name[300];
            export_group_name(x, y, name, sizeof(name));
            sheet_row(g);
            sheet_text(g, js(f, "id"));
            sheet_text(g, x->en ? js(f, "title") : js(f, "title_sv"));
            sheet_text(g, name);
            sheet_number(g, jn(y, "numerator"));
            sheet_number(g, jn(y, "denominator"));
            export_value(g, f, json_object_get(y, "value"));
            export_met(x, g, json_object_get(y, "met"));
        }
    }
    json_t *unit = json_object_get(x->answer, "unit");
    snprintf(
        x->file, sizeof(x->file), "%s-%s%lld-%lld",
        api_export_text(x, "matetal", "figures"),
        json_is_object(unit) ? "enhet-" : "region-",
        (long long)json_integer_value(json_object_get(
            json_is_object(unit) ? unit : json_object_get(x->answer, "region"),
            "id")),
        (long long)json_integer_value(json_object_get(x->answer, "year")));
    return 0;
}
