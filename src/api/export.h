/*
 * Exports (issue 15): every list of the API, and the place overview, a
 * trainee, a unit's schedule and the yearly figures, also as CSV and as an
 * Excel workbook, from the same route with ?format=csv or ?format=xlsx
 * (and ?lang=en for English headers and words); and the calendar feeds.
 *
 * An export runs the route's own handler, with the same policy and scope
 * as its JSON, and makes its sheets from the JSON the handler answers:
 * a list is read whole (5000 rows a request, at most EXPORT_ROWS_MAX) and
 * laid out column by column from its rows' fields, so that a new list gets
 * its CSV and workbook for free; the five views with a layout of their own
 * (export_sheets.c) build it from the same JSON.
 */
#ifndef RANDA_API_EXPORT_H
#define RANDA_API_EXPORT_H

#include "api/api_impl.h"
#include "doc/sheet.h"

/* Rows one export reads at most, and the bytes it writes at most. */
#define EXPORT_ROWS_MAX  100000
#define EXPORT_BYTES_MAX (64u << 20)

/* How api.c runs a route's handler (on the primary or a standby). */
typedef void api_runner(struct api_call *call, const struct http_route *rt,
                        struct http_request *req, struct http_response *res);

/* 1 when the request names a format or a language: api_export() serves
 * it. */
int api_export_requested(const struct http_request *req);

/*
 * Serves req, which api_export_requested(), after api_authorize() let it
 * through: format=json (or none) runs the route as always; csv and xlsx
 * run it through run and send the export as a download, or its error.
 * 400 naming "format" or "lang" for a value that is none of theirs, or
 * for a route that answers one record that has no layout of its own.
 */
void api_export(struct api_call *call, const struct http_route *rt,
                struct http_request *req, struct http_response *res,
                api_runner *run);

/* An export under way, as the views of export_sheets.c see it. */
struct api_export {
    struct api_call *call;
    const struct http_request *req; /* the request, its filters */
    int en;                         /* English headers and words */
    json_t *answer;                 /* the route's JSON; a list whole */
    struct sheet_book book;
    char file[96];             /* the download's name without its extension */
    struct http_response *res; /* where a view may answer a refusal */
};

/* A view: fills x->book (and may name x->file) from x->answer; 0, an
 * error (ei), or 1 when it has answered res itself (a refusal). */
typedef int api_export_view(struct api_export *x, struct err_info *ei);
api_export_view api_export_places, api_export_bookings, api_export_trainee,
    api_export_unit, api_export_figures;
/* The demand forecast (issue 18, export_forecast.c). */
api_export_view api_export_forecast;

/* sv or en, by the export's language. */
const char *api_export_text(const struct api_export *x, const char *sv,
                            const char *en);

/* The word for value of a closed vocabulary ("status", "confirmed"), or
 * value itself when there is none. */
const char *api_export_word(const struct api_export *x, const char *kind,
                            const char *value);

/*
 * Runs handler as a GET with path parameter "id" (0: none) and the query
 * arguments args (NULL-terminated name, value pairs), under the call's
 * scope, and returns its JSON answer (the caller decrefs it); a list is
 * read whole. NULL with ei set when it answers an error.
 */
json_t *api_export_get(struct api_export *x, http_handler handler, int64_t id,
                       const char *const *args, struct err_info *ei);

#endif
