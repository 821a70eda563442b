/*
 * The demand forecast's export (issue 18, GET /api/v1/forecast?format=csv
 * or xlsx): the forecast answers one record, not a list, so it has a
 * layout of its own. Its main sheet (the CSV) is a row per specialty and
 * quarter: the rotation weeks needed, the seat-weeks offered and the
 * shortfall; the workbook adds the same per receiving unit and the intake
 * per specialty and year with where it comes from (entered or the trend).
 * Names of specialties and units are read from their own routes under the
 * caller's scope.
 */
#include "api/export.h"

#include <string.h>

static const char *fx_name(const struct api_export *x, json_t *list,
                           json_int_t id)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(list, "items"), i, o)
    {
        if (json_integer_value(json_object_get(o, "id")) != id)
            continue;
        const char *en = json_string_value(json_object_get(o, "name_en"));
        if (x->en && en && *en)
            return en;
        const char *sv = json_string_value(json_object_get(o, "name_sv"));
        if (sv)
            return sv;
        return json_string_value(json_object_get(o, "name"));
    }
    return NULL;
}

static const char *fx_code(json_t *list, json_int_t id)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(list, "items"), i, o)
    {
        if (json_integer_value(json_object_get(o, "id")) == id)
            return json_string_value(json_object_get(o, "code"));
    }
    return NULL;
}

static void fx_text_or_id(struct sheet *s, const char *text, json_int_t id)
{
    if (text)
        sheet_text(s, text);
    else
        sheet_textf(s, "#%lld", (long long)id);
}

/* The quarters' figures of a series, a row per quarter. */
static void fx_series(struct api_export *x, struct sheet *s, json_t *series,
                      json_t *specs, json_t *units, const char *key)
{
    json_t *quarters = json_object_get(x->answer, "quarters");
    size_t i, q;
    json_t *o, *qt;
    json_array_foreach(series, i, o)
    {
        json_int_t sp = json_integer_value(json_object_get(o, "specialty_id"));
        json_int_t id = json_integer_value(json_object_get(o, key));
        json_array_foreach(quarters, q, qt)
        {
            sheet_row(s);
            if (units) {
                sheet_number(s, (double)id);
                fx_text_or_id(s, fx_name(x, units, id), id);
            }
            const char *code = fx_code(specs, sp);
            sheet_text(s, code ? code : "");
            fx_text_or_id(s, fx_name(x, specs, sp), sp);
            sheet_text(s, json_string_value(qt));
            sheet_number(s, json_number_value(
                                json_array_get(json_object_get(o, "need"), q)));
            sheet_number(s, json_number_value(json_array_get(
                                json_object_get(o, "offered"), q)));
            double short_ = json_number_value(
                json_array_get(json_object_get(o, "shortfall"), q));
            sheet_number(s, short_);
            if (short_ > 0)
                sheet_style(s, 0xF3D6D0u, 0x862C20u, 0);
        }
    }
}

static void fx_columns(struct api_export *x, struct sheet *s, int unit)
{
    if (unit) {
        sheet_column(s, api_export_text(x, "Enhet (id)", "Unit (id)"), 8,
                     SHEET_INTEGER);
        sheet_column(s, api_export_text(x, "Enhet", "Unit"), 36, SHEET_TEXT);
    }
    sheet_column(s, api_export_text(x, "Kod", "Code"), 14, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Specialitet", "Specialty"), 30,
                 SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Kvartal", "Quarter"), 9, SHEET_TEXT);
    sheet_column(s, api_export_text(x, "Behov (veckor)", "Demand (weeks)"), 12,
                 SHEET_DECIMAL);
    sheet_column(
        s, api_export_text(x, "Erbjudna platsveckor", "Seat-weeks offered"), 12,
        SHEET_DECIMAL);
    sheet_column(s, api_export_text(x, "Underskott", "Shortfall"), 11,
                 SHEET_DECIMAL);
}

int api_export_forecast(struct api_export *x, struct err_info *ei)
{
    json_t *specs = api_export_get(x, api_specialties_list, 0, NULL, ei);
    if (!specs)
        return -1;
    json_t *units = api_export_get(x, api_units_list, 0, NULL, ei);
    if (!units) {
        json_decref(specs);
        return -1;
    }
    struct sheet *s = sheet_book_add(
        &x->book, api_export_text(x, "Per specialitet", "Per specialty"));
    s->freeze_columns = 2;
    fx_columns(x, s, 0);
    fx_series(x, s, json_object_get(x->answer, "specialties"), specs, NULL,
              "specialty_id");

    struct sheet *u =
        sheet_book_add(&x->book, api_export_text(x, "Per enhet", "Per unit"));
    u->freeze_columns = 2;
    fx_columns(x, u, 1);
    fx_series(x, u, json_object_get(x->answer, "units"), specs, units,
              "unit_id");

    struct sheet *in =
        sheet_book_add(&x->book, api_export_text(x, "Intag", "Intake"));
    sheet_column(in, api_export_text(x, "Kod", "Code"), 14, SHEET_TEXT);
    sheet_column(in, api_export_text(x, "Specialitet", "Specialty"), 30,
                 SHEET_TEXT);
    sheet_column(in, api_export_text(x, "År", "Year"), 6, SHEET_INTEGER);
    sheet_column(in, api_export_text(x, "Nya ST-läkare", "New trainees"), 10,
                 SHEET_INTEGER);
    sheet_column(in, api_export_text(x, "Trend", "Trend"), 8, SHEET_INTEGER);
    sheet_column(in, api_export_text(x, "Källa", "Source"), 10, SHEET_TEXT);
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(x->answer, "intake"), i, o)
    {
        json_int_t sp = json_integer_value(json_object_get(o, "specialty_id"));
        const char *code = fx_code(specs, sp);
        const char *source = json_string_value(json_object_get(o, "source"));
        sheet_row(in);
        sheet_text(in, code ? code : "");
        fx_text_or_id(in, fx_name(x, specs, sp), sp);
        sheet_number(in, json_number_value(json_object_get(o, "year")));
        sheet_number(in, json_number_value(json_object_get(o, "trainees")));
        sheet_number(in, json_number_value(json_object_get(o, "trend")));
        sheet_text(in, source && strcmp(source, "entered") == 0
                           ? api_export_text(x, "angivet", "entered")
                           : api_export_text(x, "trend", "trend"));
    }
    sheet_book_main(&x->book, s);
    json_decref(specs);
    json_decref(units);
    return 0;
}
