/*
 * Imports of CSV and Excel files (issue 15): a dry run that reports every
 * row's fate and problem, the import itself (all or nothing), the list of
 * imports and the template of each kind of file. The file is the request's
 * body, as it is on disk; the store (store/import.h) does the rest.
 */
#include "api/api_impl.h"

#include "domain/import.h"
#include "store/import.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/password.h"
#include "util/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A flag given as 1, 0, true or false; *out keeps its value when absent. */
static int imports_arg_flag(const struct http_request *req, const char *name,
                            int *out, struct err_info *ei)
{
    const char *v = http_arg(req, name);
    if (!v)
        return 0;
    if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        *out = 0;
    else
        return err_set(ei, ERR_SYNTAX, name, "%s: must be 1, 0, true or false",
                       name);
    return 0;
}

/* The kind of the query argument kind, or ERR_SYNTAX naming it. */
static int imports_arg_kind(const struct http_request *req, const char *v,
                            enum import_kind *out, struct err_info *ei)
{
    (void)req;
    int k = import_kind_parse(v);
    if (k < 0)
        return err_set(ei, ERR_SYNTAX, "kind",
                       "kind: must be units, capacity, supervisors, trainees, "
                       "leaves, needs, bookings or users");
    *out = (enum import_kind)k;
    return 0;
}

/* The file's name without any folder, 1..255 bytes of no control
 * characters ("import.csv" when none is given). */
static int imports_file_name(const struct http_request *req, char *out,
                             size_t size, struct err_info *ei)
{
    const char *v = http_arg(req, "file_name");
    if (!v || !v[0])
        v = "import";
    const char *slash = strrchr(v, '/'), *back = strrchr(v, '\\');
    if (back && (!slash || back > slash))
        slash = back;
    if (slash)
        v = slash + 1;
    size_t n = strlen(v);
    if (n == 0 || n >= size)
        return err_set(ei, ERR_SYNTAX, "file_name",
                       "file_name: must be 1 to %zu bytes", size - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7F)
            return err_set(ei, ERR_SYNTAX, "file_name",
                           "file_name: holds a control character");
    if (!csv_utf8_valid(v, n))
        return err_set(ei, ERR_SYNTAX, "file_name", "file_name: is not UTF-8");
    memcpy(out, v, n + 1);
    return 0;
}

/*
 * A failure to read the file as a problem of the report: "line N: ..."
 * names its line.
 */
static void imports_file_problem(struct import_report *rep,
                                 const struct err_info *ei)
{
    int line = 0, used = 0;
    const char *msg = ei->msg;
    if (sscanf(msg, "line %d: %n", &line, &used) == 1 && used > 0)
        msg += used;
    else
        line = 0;
    import_problem(rep, line, "", IMPORT_CODE_FILE, "%s", msg);
}

static json_t *imports_report_json(const struct import_report *rep)
{
    json_t *rows = json_array(), *problems = json_array();
    for (int i = 0; i < rep->nrows; i++) {
        const struct import_row_result *r = &rep->rows[i];
        json_array_append_new(rows,
                              json_pack("{s:i, s:s, s:s, s:o}", "line", r->line,
                                        "action", import_action_name(r->action),
                                        "key", r->key, "id", api_id(r->id)));
    }
    for (int i = 0; i < rep->nproblems; i++) {
        const struct import_problem *p = &rep->problems[i];
        json_array_append_new(
            problems,
            json_pack("{s:o, s:o, s:o, s:s, s:s}", "line",
                      p->line ? json_integer(p->line) : json_null(), "column",
                      api_opt_text(p->column), "value", api_opt_text(p->value),
                      "code", import_code_name(p->code), "message",
                      p->message));
    }
    return json_pack("{s:{s:i, s:i, s:i, s:i, s:i}, s:o, s:o, s:i}", "counts",
                     "rows", rep->nrows, "inserted", rep->inserted, "updated",
                     rep->updated, "unchanged", rep->unchanged, "failed",
                     rep->failed, "rows", rows, "problems", problems,
                     "problems_dropped", rep->dropped);
}

/*
 * A problem's words in the CSV report, by its code, in Swedish and in
 * English; the column is in a cell of its own beside them. The UI words
 * them alike (ui/i18n.js, "import.problem.*").
 */
static const struct {
    const char *sv, *en;
} imports_words[IMPORT_CODE_COUNT] = {
    [IMPORT_CODE_REQUIRED] = {"Cellen får inte vara tom.",
                              "The cell must not be empty."},
    [IMPORT_CODE_MALFORMED] = {"Värdet är felaktigt skrivet.",
                               "The value is not written as it should be."},
    [IMPORT_CODE_OUT_OF_RANGE] = {"Värdet är inte tillåtet här.",
                                  "The value is not allowed here."},
    [IMPORT_CODE_UNKNOWN] = {"Det som cellen anger finns inte i Randa.",
                             "The cell names something that is not in Randa."},
    [IMPORT_CODE_AMBIGUOUS] =
        {"Personen utbildas i mer än en specialitet: ange vilken i "
         "kolumnen trainee_specialty.",
         "The person trains in more than one specialty: name it in the "
         "column trainee_specialty."},
    [IMPORT_CODE_DUPLICATE] = {"Samma uppgift står två gånger i filen.",
                               "The same entry is in the file twice."},
    [IMPORT_CODE_SCOPE] = {"Dina roller i Randa tillåter inte den här "
                           "raden.",
                           "Your roles in Randa do not allow this line."},
    [IMPORT_CODE_CONFLICT] =
        {"Raden krockar med det som redan finns i Randa.",
         "The line clashes with what Randa holds already."},
    [IMPORT_CODE_REFUSED] = {"Randa godtar inte raden.",
                             "Randa does not accept the line."},
    [IMPORT_CODE_COLUMN_UNKNOWN] = {"Kolumnen finns inte i den här sortens "
                                    "fil: se mallen.",
                                    "No file of this kind has the column: "
                                    "see the template."},
    [IMPORT_CODE_COLUMN_MISSING] = {"Kolumnen saknas: filen måste ha den.",
                                    "The column is missing: the file must "
                                    "have it."},
    [IMPORT_CODE_COLUMN_REPEATED] = {"Kolumnen står två gånger i "
                                     "rubrikraden.",
                                     "The header names the column twice."},
    [IMPORT_CODE_EMPTY] = {"Filen har inga rader att importera under "
                           "rubrikraden.",
                           "The file has no rows to import under its "
                           "header."},
    [IMPORT_CODE_FILE] = {"Filen kan inte läsas.", "The file cannot be read."},
};

/*
 * Writes problem p's words in Swedish, or English with en, into b: the
 * words of its code, and for a code that cannot say why by itself the
 * server's English message after them, said to be English.
 */
static void imports_problem_words(struct buf *b, const struct import_problem *p,
                                  int en)
{
    enum import_code c =
        (unsigned)p->code < IMPORT_CODE_COUNT ? p->code : IMPORT_CODE_REFUSED;
    buf_adds(b, en ? imports_words[c].en : imports_words[c].sv);
    if (import_code_generic(c) && p->message[0])
        buf_addf(b, " %s %s",
                 en ? "The server says:" : "Serverns förklaring (på engelska):",
                 p->message);
}

/* One line of the report as CSV, sorted by line (file problems first). */
struct imports_line {
    int line, order;
    const char *column, *value, *status, *key;
    const struct import_problem *problem; /* NULL for a row's fate */
};

static int imports_line_cmp(const void *a, const void *b)
{
    const struct imports_line *p = a, *q = b;
    if (p->line != q->line)
        return (p->line > q->line) - (p->line < q->line);
    return (p->order > q->order) - (p->order < q->order);
}

/* The report as CSV for Swedish Excel (or English headers with en). */
static char *imports_report_csv(const struct import_report *rep, int en,
                                size_t *len)
{
    static const char *const sv_status[] = {"ny", "ändrad", "oförändrad",
                                            "fel"};
    size_t n = (size_t)rep->nrows + (size_t)rep->nproblems;
    struct imports_line *lines = calloc(n ? n : 1, sizeof(*lines));
    if (!lines)
        abort();
    size_t k = 0;
    for (int i = 0; i < rep->nrows; i++, k++)
        lines[k] =
            (struct imports_line){rep->rows[i].line,
                                  (int)k,
                                  "",
                                  "",
                                  en ? import_action_name(rep->rows[i].action)
                                     : sv_status[rep->rows[i].action],
                                  rep->rows[i].key,
                                  NULL};
    for (int i = 0; i < rep->nproblems; i++, k++)
        lines[k] = (struct imports_line){
            rep->problems[i].line,   (int)k,
            rep->problems[i].column, rep->problems[i].value,
            en ? "error" : "fel",    "",
            &rep->problems[i]};
    qsort(lines, n, sizeof(*lines), imports_line_cmp);
    struct buf b = BUF_INIT(0), words = BUF_INIT(0);
    buf_add(&b, "\xEF\xBB\xBF", 3);
    buf_adds(&b, en ? "line;column;value;status;key;message\r\n"
                    : "rad;kolumn;värde;status;nyckel;meddelande\r\n");
    for (size_t i = 0; i < n; i++) {
        char num[16] = "";
        if (lines[i].line)
            snprintf(num, sizeof(num), "%d", lines[i].line);
        csv_write_cell(&b, num, ';');
        buf_add(&b, ";", 1);
        csv_write_cell(&b, lines[i].column, ';');
        buf_add(&b, ";", 1);
        csv_write_cell(&b, lines[i].value, ';');
        buf_add(&b, ";", 1);
        csv_write_cell(&b, lines[i].status, ';');
        buf_add(&b, ";", 1);
        csv_write_cell(&b, lines[i].key, ';');
        buf_add(&b, ";", 1);
        buf_reset(&words);
        if (lines[i].problem)
            imports_problem_words(&words, lines[i].problem, en);
        csv_write_cell(&b, words.len ? words.data : "", ';');
        buf_add(&b, "\r\n", 2);
    }
    buf_release(&words);
    free(lines);
    *len = b.len;
    return buf_detach(&b);
}

API_HANDLER(api_import_create)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    enum import_kind kind = IMPORT_TRAINEES;
    int dry_run = 0;
    char name[256];
    const char *kind_arg = http_arg(req, "kind");
    const char *report = http_arg(req, "report");
    int rc = kind_arg ? imports_arg_kind(req, kind_arg, &kind, &ei)
                      : err_set(&ei, ERR_SYNTAX, "kind",
                                "kind: the kind of file is required");
    if (rc == 0)
        rc = imports_arg_flag(req, "dry_run", &dry_run, &ei);
    if (rc == 0)
        rc = imports_file_name(req, name, sizeof(name), &ei);
    if (rc == 0 && report && strcmp(report, "json") != 0 &&
        strcmp(report, "csv") != 0)
        rc = err_set(&ei, ERR_SYNTAX, "report", "report: must be json or csv");
    if (rc == 0 && req->body_len == 0)
        rc = err_set(&ei, ERR_SYNTAX, "file",
                     "the request's body is empty: send the file as it is");
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    int csv_report = report && strcmp(report, "csv") == 0;
    const char *lang = http_arg(req, "lang");
    int en = lang && strcmp(lang, "en") == 0;

    struct table t;
    struct csv_info info = {"", ';'};
    int xlsx = xlsx_is_zip(req->body, req->body_len);
    char sha[SECRET_HASH_LEN + 1];
    bytes_sha256(req->body, req->body_len, sha);
    struct import_report rep = {.kind = kind};
    int64_t id = 0;
    int read = xlsx ? xlsx_read(req->body, req->body_len, &t, &ei)
                    : csv_read(req->body, req->body_len, &t, &info, &ei);
    if (read) {
        imports_file_problem(&rep, &ei);
    } else {
        struct import_file f = {name, xlsx ? "xlsx" : "csv", req->body_len, sha,
                                call->auth.user_id};
        rc = store_import(call->store, kind, &t, call->auth.grants,
                          call->auth.ngrants, dry_run, &f, &rep, &id, &ei);
    }
    table_release(&t);
    if (rc) {
        import_report_release(&rep);
        api_fail(res, &ei);
        return;
    }
    int ok = rep.nproblems == 0 && rep.dropped == 0;
    int status = dry_run ? 200 : ok ? 201 : 422;
    if (csv_report) {
        size_t len = 0;
        char *body = imports_report_csv(&rep, en, &len);
        import_report_release(&rep);
        char disposition[128];
        snprintf(disposition, sizeof(disposition),
                 "attachment; filename=\"%s-%s.csv\"",
                 import_kind_info(kind)->name, en ? "report" : "rapport");
        http_owned(res, status, "text/csv; charset=utf-8", body, len);
        http_header(res, "Content-Disposition", disposition);
        return;
    }
    json_t *o = imports_report_json(&rep);
    char sep[2] = {info.separator, '\0'};
    json_object_set_new(o, "id", api_id(id));
    json_object_set_new(o, "kind", json_string(import_kind_info(kind)->name));
    json_object_set_new(o, "dry_run", json_boolean(dry_run));
    json_object_set_new(o, "ok", json_boolean(ok));
    json_object_set_new(o, "written", json_boolean(id != 0));
    json_object_set_new(
        o, "file",
        json_pack("{s:s, s:s, s:o, s:o, s:I, s:s}", "name", name, "format",
                  xlsx ? "xlsx" : "csv", "encoding",
                  xlsx ? json_null() : api_opt_text(info.encoding), "separator",
                  xlsx || read ? json_null() : json_string(sep), "size",
                  (json_int_t)req->body_len, "sha256", sha));
    if (!ok && !dry_run)
        json_object_set_new(
            o, "error",
            json_pack("{s:s, s:s}", "code", "invalid", "message",
                      "the file has problems: nothing was imported (see "
                      "problems)"));
    import_report_release(&rep);
    http_json(res, status, o);
}

static json_t *imports_item_json(const struct import_item *it)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:s, s:s, "
                     "s:{s:i, s:i, s:i, s:i}, s:I}",
                     "id", (json_int_t)it->id, "kind", it->kind, "file_name",
                     it->file_name, "format", it->format, "size",
                     (json_int_t)it->size, "sha256", it->sha256, "user_id",
                     api_id(it->user_id), "actor", it->actor, "at", it->at,
                     "counts", "rows", it->rows, "inserted", it->inserted,
                     "updated", it->updated, "unchanged", it->unchanged,
                     "audit_rows", (json_int_t)it->audit_rows);
}

static int imports_each(const struct import_item *it, void *arg)
{
    json_array_append_new(arg, imports_item_json(it));
    return 0;
}

/* Whose imports the caller sees: everyone's for an administrator (the
 * action reaches all), else their own. */
static int64_t imports_whose(const struct api_call *call)
{
    return call->scope.all ? 0 : call->auth.user_id;
}

static int imports_page(struct api_call *call, const struct http_request *req,
                        struct api_page *pg, struct err_info *ei)
{
    (void)req;
    return store_import_list(call->store, imports_whose(call), pg->limit,
                             pg->offset, imports_each, pg->items, &pg->total,
                             ei);
}

API_HANDLER(api_imports_list)
{
    api_list_run(req, res, ctx, imports_page);
}

API_HANDLER(api_import_get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct import_item it;
    int rc = store_import_get(call->store, id, &it, &ei);
    int64_t whose = imports_whose(call);
    if (rc == 0 && whose && it.user_id != whose)
        rc = err_set(&ei, ERR_NOTFOUND, "id", "import %lld does not exist",
                     (long long)id);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, imports_item_json(&it));
}

API_HANDLER(api_import_template)
{
    (void)ctx;
    struct err_info ei = {0};
    enum import_kind kind = IMPORT_TRAINEES;
    const char *v = http_param(req, "kind");
    if (imports_arg_kind(req, v ? v : "", &kind, &ei) != 0) {
        ei.code = ERR_NOTFOUND;
        api_fail(res, &ei);
        return;
    }
    struct buf b = BUF_INIT(0);
    import_template(kind, &b);
    char disposition[128];
    snprintf(disposition, sizeof(disposition),
             "attachment; filename=\"randa-%s.csv\"",
             import_kind_info(kind)->name);
    size_t len = b.len;
    http_owned(res, 200, "text/csv; charset=utf-8", buf_detach(&b), len);
    http_header(res, "Content-Disposition", disposition);
}
