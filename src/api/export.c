/*
 * Exports of the API's routes as CSV and Excel (export.h): the format and
 * language of a request, reading a route's JSON whole, the layout of any
 * list from its rows' fields, and the download.
 */
#include "api/export.h"

#include "doc/xlsx.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define V1 "/api/v1"

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_XLSX };

/* The views with a layout of their own, and the names of their files. */
static const struct {
    const char *pattern;
    api_export_view *view;
} export_views[] = {
    {V1 "/places", api_export_places},
    {V1 "/bookings", api_export_bookings},
    {V1 "/trainees/{id}", api_export_trainee},
    {V1 "/units/{id}", api_export_unit},
    {V1 "/figures", api_export_figures},
    /* The demand forecast (issue 18, export_forecast.c). */
    {V1 "/forecast", api_export_forecast},
};

/* The files and sheets of the lists, by the last word of their path;
 * others keep it. */
static const struct {
    const char *word, *sv, *en, *title_sv, *title_en;
} export_files[] = {
    {"trainees", "st-lakare", "trainees", "ST-läkare", "Trainees"},
    {"units", "enheter", "units", "Enheter", "Units"},
    {"needs", "behov", "needs", "Behov", "Needs"},
    {"leaves", "ledigheter", "leaves", "Ledigheter", "Leaves"},
    {"capacity", "kapacitet", "capacity", "Kapacitet", "Capacity"},
    {"bookings", "bokningar", "bookings", "Bokningar", "Bookings"},
    {"supervisors", "handledare", "supervisors", "Handledare", "Supervisors"},
    {"goals", "delmal", "goals", "Delmål", "Goals"},
    {"activities", "aktiviteter", "activities", "Aktiviteter", "Activities"},
    {"substitutes", "ersattningar", "substitutes", "Ersättningar",
     "Substitutes"},
    {"reviews", "granskningar", "reviews", "Granskningar", "Reviews"},
    {"programs", "lakare-at-bt-st", "programs", "AT, BT och ST",
     "AT, BT and ST"},
    {"specialties", "specialiteter", "specialties", "Specialiteter",
     "Specialties"},
    {"regions", "regioner", "regions", "Regioner", "Regions"},
    {"providers", "vardgivare", "providers", "Vårdgivare", "Providers"},
    {"sites", "arbetsplatser", "sites", "Arbetsplatser", "Sites"},
    {"areas", "omraden", "areas", "Områden", "Areas"},
    {"todo", "att-gora", "to-do", "Att göra", "To do"},
    {"feedback", "aterkoppling", "feedback", "Återkoppling", "Feedback"},
    {"users", "anvandare", "users", "Användare", "Users"},
    {"log", "logg", "log", "Logg", "Log"},
    {"plans", "planeringar", "plans", "Planeringar", "Plans"},
    {"tokens", "api-nycklar", "api-tokens", "API-nycklar", "API tokens"},
    {"feeds", "kalendrar", "calendars", "Kalendrar", "Calendars"},
    {"records", "underlag", "records", "Underlag", "Records"},
    {"certificates", "intyg", "certificates", "Intyg", "Certificates"},
    {"versions", "planversioner", "plan-versions", "Planversioner",
     "Plan versions"},
    /* Agreements, costs and the demand forecast (issue 18). */
    {"agreements", "avtal", "agreements", "Avtal", "Agreements"},
    {"costs", "kostnader", "costs", "Kostnader", "Costs"},
    {"budgets", "budgetar", "budgets", "Budgetar", "Budgets"},
    {"forecast", "prognos", "forecast", "Prognos", "Forecast"},
};

/* ---- words ---- */

/* Headers of the lists' fields; a field without one keeps its name. */
static const struct {
    const char *key, *sv, *en;
} export_headers[] = {
    {"id", "Id", "Id"},
    {"name", "Namn", "Name"},
    {"code", "Kod", "Code"},
    {"name_sv", "Namn (svenska)", "Name (Swedish)"},
    {"name_en", "Namn (engelska)", "Name (English)"},
    {"title", "Titel", "Title"},
    {"title_sv", "Titel (svenska)", "Title (Swedish)"},
    {"kind", "Typ", "Kind"},
    {"status", "Status", "Status"},
    {"email", "E-post", "E-mail"},
    {"hsa_id", "HSA-id", "HSA id"},
    {"specialty", "Specialitet", "Specialty"},
    {"specialty_id", "Specialitet (id)", "Specialty (id)"},
    {"regulation", "Föreskrift", "Regulation"},
    {"home_unit", "Hemenhet", "Home unit"},
    {"supervisor", "Handledare", "Supervisor"},
    {"supervisor_id", "Handledare (id)", "Supervisor (id)"},
    {"start_date", "Startdatum", "Start date"},
    {"fte", "Tjänstgöringsgrad (%)", "Employment rate (%)"},
    {"planned_end", "Planerat slut", "Planned end"},
    {"projected_end", "Beräknat slut", "Projected end"},
    {"open_needs", "Öppna behov", "Open needs"},
    {"open_need_weeks", "Veckor i öppna behov", "Weeks of open needs"},
    {"trainee", "ST-läkare", "Trainee"},
    {"trainee_id", "ST-läkare (id)", "Trainee (id)"},
    {"trainees", "ST-läkare", "Trainees"},
    {"person_id", "Person (id)", "Person (id)"},
    {"from_date", "Från datum", "From date"},
    {"to_date", "Till datum", "To date"},
    {"unit", "Enhet", "Unit"},
    {"unit_id", "Enhet (id)", "Unit (id)"},
    {"unit_ids", "Enheter (id)", "Units (id)"},
    {"goal_ids", "Delmål (id)", "Goals (id)"},
    {"goals", "Delmål", "Goals"},
    {"goal", "Delmål", "Goal"},
    {"weeks", "Veckor", "Weeks"},
    {"patterns", "Mönster", "Patterns"},
    {"pattern", "Mönster", "Pattern"},
    {"preferred_start", "Önskad start", "Preferred start"},
    {"from_week", "Från vecka", "From week"},
    {"to_week", "Till vecka", "To week"},
    {"start_week", "Första vecka", "First week"},
    {"end_week", "Sista vecka", "Last week"},
    {"seats", "Platser", "Seats"},
    {"note", "Anteckning", "Note"},
    {"created_at", "Skapad", "Created"},
    {"updated_at", "Ändrad", "Updated"},
    {"region", "Region", "Region"},
    {"region_id", "Region (id)", "Region (id)"},
    {"area", "Område", "Area"},
    {"area_id", "Område (id)", "Area (id)"},
    {"provider", "Vårdgivare", "Provider"},
    {"provider_id", "Vårdgivare (id)", "Provider (id)"},
    {"site", "Arbetsplats", "Site"},
    {"city", "Ort", "City"},
    {"max_away", "Högst borta samtidigt", "Most away at once"},
    {"takes_trainees", "Tar emot ST-läkare", "Takes trainees"},
    {"cancel_reason", "Orsak till avbokning", "Reason for cancelling"},
    {"short_notice", "Kort varsel", "Short notice"},
    {"need_id", "Behov (id)", "Need (id)"},
    {"group", "Grupp", "Group"},
    {"confidence", "Säkerhet", "Confidence"},
    {"parent_id", "Överordnad (id)", "Parent (id)"},
    {"username", "Användarnamn", "User name"},
    {"disabled", "Avstängd", "Disabled"},
    {"roles", "Roller", "Roles"},
    {"role", "Roll", "Role"},
    {"access", "Åtkomst", "Access"},
    {"expires_at", "Går ut", "Expires"},
    {"revoked_at", "Återkallad", "Revoked"},
    {"used_at", "Senast använd", "Last used"},
    {"at", "Tid", "Time"},
    {"actor", "Vem", "Who"},
    {"what", "Vad", "What"},
    {"action", "Händelse", "Action"},
    {"detail", "Detaljer", "Details"},
    {"from", "Från", "From"},
    {"to", "Till", "To"},
    {"due", "Senast", "Due"},
    {"state", "Läge", "State"},
    {"number", "Nummer", "Number"},
    {"year", "År", "Year"},
    {"value", "Värde", "Value"},
    {"numerator", "Täljare", "Numerator"},
    {"denominator", "Nämnare", "Denominator"},
    {"target", "Mål", "Target"},
    {"met", "Uppfyllt", "Met"},
    {"share", "Andel", "Share"},
    {"reason", "Orsak", "Reason"},
    {"result", "Resultat", "Result"},
    {"reviewer", "Granskare", "Reviewer"},
    {"date", "Datum", "Date"},
    {"on", "Datum", "Date"},
    {"trained", "Handledarutbildad", "Trained supervisor"},
    {"trained_on", "Handledarutbildning", "Supervisor training"},
    {"specialist_since", "Specialist sedan", "Specialist since"},
    {"rotations", "Randningar", "Rotations"},
    {"counted", "Räknas", "Counted"},
    {"in_numerator", "I täljaren", "In the numerator"},
    {"completed_on", "Avslutad", "Completed"},
    {"left_on", "Lämnade regionen", "Left the region"},
    {"returned_on", "Återkom", "Came back"},
    {"program", "Program", "Program"},
    {"version", "Version", "Version"},
    {"approved_at", "Godkänd", "Approved"},
    {"booking", "Bokning", "Booking"},
    {"booking_id", "Bokning (id)", "Booking (id)"},
    {"activity_id", "Aktivitet (id)", "Activity (id)"},
    {"subject_id", "Avser (id)", "Subject (id)"},
    {"weeks_saved", "Sparade veckor", "Weeks saved"},
    {"progress", "Förlopp", "Progress"},
    {"started_at", "Startad", "Started"},
    {"finished_at", "Klar", "Finished"},
    {"score", "Poäng", "Score"},
    {"message", "Meddelande", "Message"},
    {"link", "Länk", "Link"},
    {"late", "Sen", "Late"},
    {"done_on", "Klar", "Done"},
    {"file", "Fil", "File"},
    {"entity_id", "Post (id)", "Record (id)"},
    {"before", "Före", "Before"},
    {"after", "Efter", "After"},
    /* Agreements and costs (issue 18). */
    {"home_unit_id", "Hemenhet (id)", "Home unit (id)"},
    {"host_unit_id", "Värdenhet (id)", "Host unit (id)"},
    {"host_provider_id", "Värdvårdgivare (id)", "Host provider (id)"},
    {"model", "Ersättningsmodell", "Compensation model"},
    {"amount_ore", "Belopp (öre)", "Amount (öre)"},
    {"procedures_per_week", "Ingrepp per vecka", "Procedures per week"},
    {"salary_payer", "Betalar lönen", "Pays the salary"},
    {"backpack_ore", "Ryggsäcksmedel per vecka (öre)",
     "Backpack funds per week (öre)"},
    {"duties", "Utbildningsuppdrag", "Training duties"},
    {"provider_kind", "Typ av vårdgivare", "Kind of provider"},
    {"bookings", "Bokningar", "Bookings"},
    {"priced", "Med avtal", "With an agreement"},
    {"cost_ore", "Kostnad (öre)", "Cost (öre)"},
    /* Home units' budgets (issue 18: budget). */
    {"unit_name", "Enhet", "Unit"},
    {"weight", "Vikt över budget", "Weight over the budget"},
    {"hard", "Hård gräns", "Hard limit"},
    {"booked_ore", "Bokat (öre)", "Booked (öre)"},
    {"rest_ore", "Kvar (öre)", "Left (öre)"},
    {"over", "Över budget", "Over the budget"},
};

static const char *export_header_word(const struct api_export *x,
                                      const char *key)
{
    for (size_t i = 0; i < sizeof(export_headers) / sizeof(*export_headers);
         i++)
        if (strcmp(export_headers[i].key, key) == 0)
            return x->en ? export_headers[i].en : export_headers[i].sv;
    return NULL;
}

/*
 * The header of a field at path ("trainee.name"): its word; for a field of
 * an object, the object's word ("ST-läkare" for its name, "ST-läkare (id)"
 * for its id, "Specialitet: kod" for another field).
 */
static void export_header(const struct api_export *x, const char *path,
                          char *out, size_t size)
{
    const char *dot = strrchr(path, '.');
    if (!dot) {
        const char *w = export_header_word(x, path);
        snprintf(out, size, "%s", w ? w : path);
        if (!w)
            for (char *p = out; *p; p++)
                if (*p == '_')
                    *p = ' ';
        return;
    }
    char prefix[200];
    snprintf(prefix, sizeof(prefix), "%.*s", (int)(dot - path), path);
    char head[200];
    export_header(x, prefix, head, sizeof(head));
    const char *leaf = dot + 1;
    if (strcmp(leaf, "name") == 0) {
        snprintf(out, size, "%s", head);
        return;
    }
    if (strcmp(leaf, "id") == 0) {
        snprintf(out, size, "%s (id)", head);
        return;
    }
    char word[200];
    export_header(x, leaf, word, sizeof(word));
    if (word[0] >= 'A' && word[0] <= 'Z' && (word[1] < 'A' || word[1] > 'Z'))
        word[0] = (char)(word[0] - 'A' + 'a');
    snprintf(out, size, "%s: %s", head, word);
}

/* Words of the closed vocabularies, as the UI writes them. */
static const struct {
    const char *kind, *value, *sv, *en;
} export_words[] = {
    {"status", "requested", "Förfrågad", "Requested"},
    {"status", "confirmed", "Bekräftad", "Confirmed"},
    {"status", "declined", "Avböjd", "Declined"},
    {"status", "cancelled", "Avbokad", "Cancelled"},
    {"status", "completed", "Genomförd", "Completed"},
    {"pattern", "full", "Heltid", "Full time"},
    {"pattern", "split4", "4+1 dagar", "4+1 days"},
    {"pattern", "split3", "3+2 dagar", "3+2 days"},
    {"pattern", "half", "Halvtid", "Half time"},
    {"pattern", "alternate", "Varannan vecka", "Every other week"},
    {"reason", "sick_leave", "Sjukskrivning", "Sick leave"},
    {"reason", "parental_leave", "Föräldraledighet", "Parental leave"},
    {"reason", "changed_plan", "Ändrad plan", "Changed plan"},
    {"reason", "other", "Annat", "Other"},
    {"provider", "public", "Offentlig", "Public"},
    {"provider", "private", "Privat", "Private"},
    {"leave", "parental", "Föräldraledighet", "Parental leave"},
    {"leave", "sick", "Sjukskrivning", "Sick leave"},
    {"leave", "leave_of_absence", "Tjänstledighet", "Leave of absence"},
    {"leave", "other", "Annan ledighet", "Other leave"},
    {"need_status", "open", "Obokat", "Open"},
    {"need_status", "booked", "Bokat", "Booked"},
    {"need_status", "done", "Genomfört", "Done"},
    {"need_status", "waived", "Avskrivet", "Waived"},
    {"goal_status", "planned", "Planerad", "Planned"},
    {"goal_status", "in_progress", "Pågår", "In progress"},
    {"goal_status", "met", "Uppnådd", "Met"},
    {"goal_status", "certified", "Intygad", "Certified"},
    {"activity_kind", "clinical", "Klinisk tjänstgöring", "Clinical service"},
    {"activity_kind", "auskultation", "Auskultation", "Observership"},
    {"activity_kind", "course", "Kurs", "Course"},
    {"activity_kind", "seminar", "Seminarium", "Seminar"},
    {"activity_kind", "simulation", "Simulering", "Simulation"},
    {"activity_kind", "written_work", "Skriftligt arbete", "Written work"},
    {"activity_kind", "quality_work", "Kvalitets- och utvecklingsarbete",
     "Quality and development work"},
    {"activity_status", "planned", "Planerad", "Planned"},
    {"activity_status", "in_progress", "Pågår", "In progress"},
    {"activity_status", "done", "Genomförd", "Done"},
    {"group", "bt", "BT", "BT"},
    {"group", "a", "a", "a"},
    {"group", "b", "b", "b"},
    {"group", "c", "c", "c"},
    {"plan_status", "draft", "Utkast", "Draft"},
    {"plan_status", "approved", "Godkänd", "Approved"},
    {"plan_status", "superseded", "Ersatt", "Superseded"},
    {"measure", "count", "antal", "count"},
    {"measure", "seat_weeks", "platsveckor", "seat-weeks"},
    {"measure", "days", "dagar", "days"},
    {"measure", "weeks", "veckor", "weeks"},
    {"bool", "true", "ja", "yes"},
    {"bool", "false", "nej", "no"},
};

const char *api_export_word(const struct api_export *x, const char *kind,
                            const char *value)
{
    if (!value)
        return NULL;
    for (size_t i = 0; i < sizeof(export_words) / sizeof(*export_words); i++)
        if (strcmp(export_words[i].kind, kind) == 0 &&
            strcmp(export_words[i].value, value) == 0)
            return x->en ? export_words[i].en : export_words[i].sv;
    return value;
}

const char *api_export_text(const struct api_export *x, const char *sv,
                            const char *en)
{
    return x->en ? en : sv;
}

/* ---- the request ---- */

int api_export_requested(const struct http_request *req)
{
    return http_arg(req, "format") || http_arg(req, "lang");
}

/* Removes every query argument called name from req. */
static void export_arg_drop(struct http_request *req, const char *name)
{
    int n = 0;
    for (int i = 0; i < req->nargs; i++)
        if (strcmp(req->args[i].name, name) != 0)
            req->args[n++] = req->args[i];
    req->nargs = n;
}

/* Sets query argument name of req to value (which must outlive req). */
static void export_arg_set(struct http_request *req, const char *name,
                           const char *value)
{
    export_arg_drop(req, name);
    if (req->nargs < HTTP_ARGS_MAX)
        req->args[req->nargs++] = (struct http_kv){name, value};
}

/* Rows an export asks a list for at once. */
#define EXPORT_PAGE      5000
#define EXPORT_PAGE_TEXT "5000"

/* What runs a request: a route through api.c's runner, or a handler. */
struct export_target {
    api_runner *run;
    const struct http_route *rt;
    http_handler handler;
};

/* The error of an answer that is no 200, into ei. */
static int export_fail(const struct http_response *r, struct err_info *ei)
{
    json_t *e = json_loadb(r->body ? r->body : "", r->len, 0, NULL);
    const char *msg = json_string_value(
        json_object_get(json_object_get(e, "error"), "message"));
    const char *field = json_string_value(
        json_object_get(json_object_get(e, "error"), "field"));
    int code = r->status == 400   ? ERR_SYNTAX
               : r->status == 404 ? ERR_NOTFOUND
               : r->status == 413 ? ERR_TOOBIG
               : r->status == 422 ? ERR_INVAL
                                  : ERR_DB;
    err_set(ei, code, field, "%s", msg ? msg : "the export failed");
    json_decref(e);
    return code;
}

/*
 * Runs t on req and returns its JSON answer; a list ({"items", "total"})
 * is read whole, EXPORT_PAGE rows at a time, unless paged (the caller asked for
 * a page). An answer that is no 200 is moved into *err (status set) and NULL
 * returned; so is a list longer than EXPORT_ROWS_MAX (413).
 */
static json_t *export_collect(struct api_call *call,
                              const struct export_target *t,
                              struct http_request *req, int paged,
                              struct http_response *err)
{
    json_t *all = NULL;
    char offset_text[24];
    size_t got = 0;
    for (;;) {
        if (!paged) {
            snprintf(offset_text, sizeof(offset_text), "%zu", got);
            export_arg_set(req, "limit", EXPORT_PAGE_TEXT);
            export_arg_set(req, "offset", offset_text);
            api_page_max_set(EXPORT_PAGE);
        }
        struct http_response r = {0};
        if (t->run)
            t->run(call, t->rt, req, &r);
        else
            t->handler(req, &r, call);
        api_page_max_set(0);
        if (r.status != 200) {
            json_decref(all);
            *err = r;
            return NULL;
        }
        json_t *page = json_loadb(r.body, r.len, 0, NULL);
        http_response_release(&r);
        if (!page) {
            json_decref(all);
            http_error(err, 500, "internal", NULL,
                       "the route answered no JSON to export");
            return NULL;
        }
        json_t *items = json_object_get(page, "items");
        json_t *total = json_object_get(page, "total");
        if (paged || !json_is_array(items) || !json_is_integer(total)) {
            if (!all)
                return page;
            json_decref(page);
            return all;
        }
        json_int_t rows = json_integer_value(total);
        if (!all) {
            if (rows > EXPORT_ROWS_MAX) {
                json_decref(page);
                http_error(err, 413, "too_large", NULL,
                           "the export would have %lld rows, at most %d: "
                           "narrow the filters",
                           (long long)rows, EXPORT_ROWS_MAX);
                return NULL;
            }
            all = page;
        } else {
            json_array_extend(json_object_get(all, "items"), items);
            json_decref(page);
        }
        size_t n = json_array_size(json_object_get(all, "items"));
        if (n == got || (json_int_t)n >= rows)
            break;
        got = n;
    }
    json_object_set_new(all, "limit",
                        json_integer((json_int_t)json_array_size(
                            json_object_get(all, "items"))));
    json_object_set_new(all, "offset", json_integer(0));
    return all;
}

json_t *api_export_get(struct api_export *x, http_handler handler, int64_t id,
                       const char *const *args, struct err_info *ei)
{
    struct http_request req;
    memset(&req, 0, sizeof(req));
    req.method = HTTP_GET;
    req.path = x->req->path;
    req.route = x->req->route;
    req.body = "";
    req.host = x->req->host;
    req.tls = x->req->tls;
    snprintf(req.client, sizeof(req.client), "%s", x->req->client);
    if (id) {
        snprintf(req.param_buf, sizeof(req.param_buf), "%lld", (long long)id);
        req.params[0] = (struct http_kv){"id", req.param_buf};
        req.nparams = 1;
    }
    for (int i = 0; args && args[i] && args[i + 1] && req.nargs < HTTP_ARGS_MAX;
         i += 2)
        req.args[req.nargs++] = (struct http_kv){args[i], args[i + 1]};
    int paged = http_arg(&req, "limit") != NULL;
    struct export_target t = {NULL, NULL, handler};
    struct http_response err = {0};
    json_t *o = export_collect(x->call, &t, &req, paged, &err);
    if (!o)
        export_fail(&err, ei);
    http_response_release(&err);
    return o;
}

/* ---- any list, column by column ---- */

/* A column of a list: the path of its field, and what its values are. */
struct export_col {
    char *path;
    unsigned seen; /* EXPORT_SEEN_* bits */
};
#define EXPORT_SEEN_INT  1u
#define EXPORT_SEEN_REAL 2u
#define EXPORT_SEEN_TEXT 4u
#define EXPORT_SEEN_DATE 8u
#define EXPORT_SEEN_BOOL 16u

struct export_cols {
    struct export_col *v;
    size_t n, cap;
};

/* Objects this deep are written as their JSON text. */
#define EXPORT_DEPTH 3

static int export_is_date(const char *s)
{
    int y, m, d;
    char tail;
    return strlen(s) == 10 &&
           sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
}

static void export_see(struct export_cols *cols, const char *path, json_t *v)
{
    size_t i = 0;
    while (i < cols->n && strcmp(cols->v[i].path, path) != 0)
        i++;
    if (i == cols->n) {
        xgrow((void **)&cols->v, &cols->cap, cols->n + 1, sizeof(*cols->v));
        cols->v[cols->n++] = (struct export_col){xstrdup(path), 0};
    }
    unsigned bit = 0;
    if (json_is_integer(v))
        bit = EXPORT_SEEN_INT;
    else if (json_is_real(v))
        bit = EXPORT_SEEN_REAL;
    else if (json_is_boolean(v))
        bit = EXPORT_SEEN_BOOL;
    else if (json_is_string(v))
        bit = export_is_date(json_string_value(v)) ? EXPORT_SEEN_DATE
                                                   : EXPORT_SEEN_TEXT;
    else if (!json_is_null(v))
        bit = EXPORT_SEEN_TEXT;
    cols->v[i].seen |= bit;
}

/* 1 when path is one of whole's: an object kept as one column. */
static int export_whole(const struct export_cols *whole, const char *path)
{
    for (size_t i = 0; whole && i < whole->n; i++)
        if (strcmp(whole->v[i].path, path) == 0)
            return 1;
    return 0;
}

/* Registers the fields of object o (at prefix) as columns; the objects in
 * it are opened into columns of their own unless they are too deep or
 * among whole. */
static void export_walk(struct export_cols *cols,
                        const struct export_cols *whole, const char *prefix,
                        json_t *o, int depth)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        char path[256];
        snprintf(path, sizeof(path), "%s%s", prefix, key);
        if (json_is_object(v) && depth + 1 < EXPORT_DEPTH &&
            !export_whole(whole, path)) {
            char sub[260];
            snprintf(sub, sizeof(sub), "%s.", path);
            export_walk(cols, whole, sub, v, depth + 1);
        } else {
            export_see(cols, path, v);
        }
    }
}

/* The objects whose fields would make more than EXPORT_OBJECT_FIELDS
 * columns (a log row's record before and after a change): each is kept as
 * one column of its JSON instead. */
#define EXPORT_OBJECT_FIELDS 8

static void export_wholes(const struct export_cols *cols,
                          struct export_cols *whole)
{
    for (size_t c = 0; c < cols->n; c++) {
        const char *p = cols->v[c].path;
        for (const char *dot = strchr(p, '.'); dot;
             dot = strchr(dot + 1, '.')) {
            char prefix[256];
            snprintf(prefix, sizeof(prefix), "%.*s", (int)(dot - p), p);
            if (export_whole(whole, prefix))
                continue;
            size_t n = 0, len = strlen(prefix);
            for (size_t k = 0; k < cols->n; k++)
                n += strncmp(cols->v[k].path, prefix, len) == 0 &&
                     cols->v[k].path[len] == '.';
            if (n > EXPORT_OBJECT_FIELDS)
                export_see(whole, prefix, NULL);
        }
    }
}

static void export_cols_release(struct export_cols *cols)
{
    for (size_t c = 0; c < cols->n; c++)
        free(cols->v[c].path);
    free(cols->v);
    memset(cols, 0, sizeof(*cols));
}

/* The value at path ("trainee.name") in o, or NULL. */
static json_t *export_at(json_t *o, const char *path)
{
    char part[256];
    while (o && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof(part))
            return NULL;
        memcpy(part, path, n);
        part[n] = '\0';
        o = json_object_get(o, part);
        path += n + (dot != NULL);
    }
    return o;
}

/* A value shown in one cell: an array's items joined, an object by its
 * name (or its JSON text). */
static void export_value_text(const struct api_export *x, json_t *v,
                              struct buf *out)
{
    char num[SHEET_NUMBER_MAX];
    if (json_is_string(v)) {
        buf_adds(out, json_string_value(v));
    } else if (json_is_integer(v) || json_is_real(v)) {
        sheet_number_text(json_number_value(v), SHEET_DECIMAL, num);
        buf_adds(out, num);
    } else if (json_is_boolean(v)) {
        buf_adds(out, api_export_word(x, "bool",
                                      json_is_true(v) ? "true" : "false"));
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                buf_adds(out, ", ");
            export_value_text(x, item, out);
        }
    } else if (json_is_object(v)) {
        static const char *const names[] = {"name", "title", "code", "id"};
        for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
            json_t *n = json_object_get(v, names[i]);
            if (json_is_string(n) || json_is_integer(n)) {
                export_value_text(x, n, out);
                return;
            }
        }
        char *text = json_dumps(v, JSON_COMPACT);
        buf_adds(out, text ? text : "");
        free(text);
    }
}

/* Any list as one sheet: a column per field of its rows, in the order
 * they first appear; the fields of an object (a row's trainee) each a
 * column of their own. */
static void export_list(struct api_export *x, const char *name)
{
    json_t *items = json_object_get(x->answer, "items");
    struct export_cols cols = {0}, whole = {0};
    size_t i;
    json_t *row;
    json_array_foreach(items, i, row)
    {
        if (json_is_object(row))
            export_walk(&cols, NULL, "", row, 0);
    }
    export_wholes(&cols, &whole);
    if (whole.n) {
        export_cols_release(&cols);
        json_array_foreach(items, i, row)
        {
            if (json_is_object(row))
                export_walk(&cols, &whole, "", row, 0);
        }
    }
    export_cols_release(&whole);
    /* An object's id beside the same id as a field ("trainee_id" and
     * "trainee": {"id"}) is one column, not two. */
    size_t kept = 0;
    for (size_t c = 0; c < cols.n; c++) {
        const char *p = cols.v[c].path;
        size_t len = strlen(p);
        int twin = 0;
        if (len > 3 && strcmp(p + len - 3, ".id") == 0 &&
            memchr(p, '.', len - 3) == NULL) {
            char flat[256];
            snprintf(flat, sizeof(flat), "%.*s_id", (int)(len - 3), p);
            for (size_t k = 0; k < cols.n && !twin; k++)
                twin = strcmp(cols.v[k].path, flat) == 0;
        }
        if (twin)
            free(cols.v[c].path);
        else
            cols.v[kept++] = cols.v[c];
    }
    cols.n = kept;
    struct sheet *s = sheet_book_add(&x->book, name);
    enum sheet_format *formats = xcalloc(cols.n + 1, sizeof(*formats));
    for (size_t c = 0; c < cols.n; c++) {
        unsigned seen = cols.v[c].seen;
        enum sheet_format f = SHEET_TEXT;
        if (seen == EXPORT_SEEN_INT)
            f = SHEET_INTEGER;
        else if (seen && !(seen & ~(EXPORT_SEEN_INT | EXPORT_SEEN_REAL)))
            f = SHEET_DECIMAL;
        else if (seen == EXPORT_SEEN_DATE)
            f = SHEET_DATE;
        formats[c] = f;
        char header[300];
        export_header(x, cols.v[c].path, header, sizeof(header));
        /* Two fields with one header: the later one keeps its name. */
        for (size_t k = 0; k < c; k++)
            if (strcmp(s->columns[k].header, header) == 0)
                snprintf(header, sizeof(header), "%s", cols.v[c].path);
        sheet_column(s, header, 0, f);
    }
    struct buf text = BUF_INIT(1 << 20);
    json_array_foreach(items, i, row)
    {
        sheet_row(s);
        for (size_t c = 0; c < cols.n; c++) {
            json_t *v = export_at(row, cols.v[c].path);
            if (!v || json_is_null(v)) {
                sheet_skip(s);
            } else if (formats[c] != SHEET_TEXT && json_is_number(v)) {
                sheet_number(s, json_number_value(v));
            } else {
                buf_reset(&text);
                export_value_text(x, v, &text);
                sheet_text(s, text.data);
            }
        }
    }
    buf_release(&text);
    free(formats);
    export_cols_release(&cols);
}

/* ---- the download ---- */

/* The last literal word of a route's pattern ("needs"). */
static void export_word_of(const char *pattern, char *out, size_t size)
{
    const char *end = pattern + strlen(pattern), *p = end;
    for (;;) {
        const char *slash = p;
        while (slash > pattern && slash[-1] != '/')
            slash--;
        if (slash == pattern || *slash != '{' || slash - 1 <= pattern) {
            snprintf(out, size, "%.*s", (int)(p - slash), slash);
            return;
        }
        p = slash - 1;
    }
}

/* Names the download of a list after its route: "behov-2026-12-05". */
static void export_file_name(struct api_export *x, const char *pattern)
{
    char word[64];
    export_word_of(pattern, word, sizeof(word));
    const char *name = word;
    for (size_t i = 0; i < sizeof(export_files) / sizeof(*export_files); i++)
        if (strcmp(export_files[i].word, word) == 0)
            name = x->en ? export_files[i].en : export_files[i].sv;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    snprintf(x->file, sizeof(x->file), "%s-%04d-%02d-%02d", name,
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* Sends the book as CSV (its main sheet) or as a workbook. */
static void export_send(struct api_export *x, enum export_format f,
                        struct http_response *res)
{
    struct buf out = BUF_INIT(EXPORT_BYTES_MAX);
    struct err_info ei = {0};
    int rc;
    if (f == EXPORT_CSV)
        rc = x->book.n ? sheet_csv(x->book.sheets[x->book.main], &out)
                       : buf_adds(&out, "\xEF\xBB\xBF");
    else
        rc = sheet_xlsx(&x->book, &out, &ei);
    if (rc) {
        buf_release(&out);
        if (rc == ERR_TOOBIG)
            http_error(res, 413, "too_large", NULL,
                       "the export is larger than %u MiB: narrow the filters",
                       EXPORT_BYTES_MAX >> 20);
        else
            http_error(res, 500, "internal", NULL, "the export failed: %s",
                       ei.msg);
        return;
    }
    size_t len = out.len;
    http_owned(res, 200,
               f == EXPORT_CSV ? "text/csv; charset=utf-8" : SHEET_XLSX_TYPE,
               buf_detach(&out), len);
    char disposition[160];
    snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s.%s\"",
             x->file, f == EXPORT_CSV ? "csv" : "xlsx");
    http_header(res, "Content-Disposition", disposition);
    /* Exports hold personal data: no cache keeps them. */
    http_header(res, "Cache-Control", "no-store");
}

/* Writes the export into the security log: personal data leaving the
 * system, who took it, what with which filters, how many rows. */
static void export_log(struct api_call *call, const struct http_request *req,
                       const char *format, json_t *answer)
{
    char detail[480];
    size_t used =
        (size_t)snprintf(detail, sizeof(detail), "%s %s", req->path, format);
    for (int i = 0; i < req->nargs && used < sizeof(detail); i++) {
        const char *name = req->args[i].name;
        if (strcmp(name, "format") == 0 || strcmp(name, "lang") == 0)
            continue;
        used += (size_t)snprintf(detail + used, sizeof(detail) - used,
                                 " %.40s=%.60s", name, req->args[i].value);
    }
    json_t *items = json_object_get(answer, "items");
    if (json_is_array(items) && used < sizeof(detail))
        snprintf(detail + used, sizeof(detail) - used, " (%zu rows)",
                 json_array_size(items));
    api_event(call, req, call->auth.username, "export", detail);
}

void api_export(struct api_call *call, const struct http_route *rt,
                struct http_request *req, struct http_response *res,
                api_runner *run)
{
    const char *format = http_arg(req, "format");
    const char *lang = http_arg(req, "lang");
    enum export_format f = EXPORT_JSON;
    if (format && strcmp(format, "csv") == 0)
        f = EXPORT_CSV;
    else if (format && strcmp(format, "xlsx") == 0)
        f = EXPORT_XLSX;
    else if (format && strcmp(format, "json") != 0) {
        http_error(res, 400, "malformed", "format",
                   "format: must be json, csv or xlsx");
        return;
    }
    if (lang && strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0) {
        http_error(res, 400, "malformed", "lang", "lang: must be sv or en");
        return;
    }
    if (f == EXPORT_JSON) {
        run(call, rt, req, res);
        return;
    }
    if (req->method != HTTP_GET && req->method != HTTP_HEAD) {
        http_error(res, 400, "malformed", "format",
                   "format: only a GET answers as %s", format);
        return;
    }
    api_export_view *view = NULL;
    for (size_t i = 0; i < sizeof(export_views) / sizeof(*export_views); i++)
        if (strcmp(export_views[i].pattern, rt->pattern) == 0)
            view = export_views[i].view;

    /* A copy whose parameters still point into req's memory. */
    struct http_request sub = *req;
    export_arg_drop(&sub, "format");
    export_arg_drop(&sub, "lang");
    int paged = http_arg(req, "limit") || http_arg(req, "offset");
    struct export_target t = {run, rt, NULL};
    struct api_export x = {.call = call,
                           .req = req,
                           .res = res,
                           .en = lang && strcmp(lang, "en") == 0};
    x.answer = export_collect(call, &t, &sub, paged, res);
    if (!x.answer)
        return; /* res holds the route's error */
    int list = json_is_array(json_object_get(x.answer, "items"));
    if (!view && !list) {
        json_decref(x.answer);
        http_error(res, 400, "malformed", "format",
                   "format: %s answers one record, which has no %s form; "
                   "use format=json",
                   rt->pattern, format);
        return;
    }
    sheet_book_init(&x.book, "Randa");
    export_file_name(&x, rt->pattern);
    struct err_info ei = {0};
    int rc = 0;
    if (view) {
        rc = view(&x, &ei);
    } else {
        char word[64];
        export_word_of(rt->pattern, word, sizeof(word));
        const char *sheet = word;
        for (size_t i = 0; i < sizeof(export_files) / sizeof(*export_files);
             i++)
            if (strcmp(export_files[i].word, word) == 0)
                sheet =
                    x.en ? export_files[i].title_en : export_files[i].title_sv;
        export_list(&x, sheet);
    }
    if (rc < 0)
        api_fail(res, &ei);
    else if (rc == 0)
        export_send(&x, f, res);
    if (res->status == 200)
        export_log(call, req, format, x.answer);
    json_decref(x.answer);
    sheet_book_release(&x.book);
}
