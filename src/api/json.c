/* Readers of query arguments and JSON fields, and the JSON writers the
 * resource files share (api_impl.h). */
#include "api/api_impl.h"

#include "domain/week.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- query arguments ---- */

/* Parses a decimal integer with nothing around it. */
static int api_parse_ll(const char *s, long long *out)
{
    if (!*s || strlen(s) > 19)
        return -1;
    for (const char *p = s + (*s == '-'); *p; p++)
        if (*p < '0' || *p > '9')
            return -1;
    if (s[0] == '-' && !s[1])
        return -1;
    errno = 0;
    *out = strtoll(s, NULL, 10);
    return errno ? -1 : 0;
}

int api_arg_int(const struct http_request *req, const char *name, int lo,
                int hi, int *out, struct err_info *ei)
{
    const char *v = http_arg(req, name);
    long long n;
    if (!v)
        return 0;
    if (api_parse_ll(v, &n) || n < lo || n > hi)
        return err_set(ei, ERR_SYNTAX, name,
                       "%s: must be a whole number %d to %d", name, lo, hi);
    *out = (int)n;
    return 0;
}

int api_arg_id(const struct http_request *req, const char *name, int64_t *out,
               struct err_info *ei)
{
    const char *v = http_arg(req, name);
    long long n;
    if (!v)
        return 0;
    if (api_parse_ll(v, &n) || n < 1)
        return err_set(ei, ERR_SYNTAX, name, "%s: must be an id (1 or more)",
                       name);
    *out = n;
    return 0;
}

int api_arg_week(const struct http_request *req, const char *name, int *out,
                 struct err_info *ei)
{
    const char *v = http_arg(req, name);
    if (!v)
        return 0;
    if (week_parse(v, out) != 0)
        return err_set(ei, ERR_SYNTAX, name,
                       "%s: must be an ISO week like 2027-W10", name);
    return 0;
}

int api_arg_date(const struct http_request *req, const char *name,
                 const char **out, struct err_info *ei)
{
    const char *v = http_arg(req, name);
    struct date d;
    if (!v)
        return 0;
    if (date_parse(v, &d) != 0)
        return err_set(ei, ERR_SYNTAX, name, "%s: must be a date YYYY-MM-DD",
                       name);
    *out = v;
    return 0;
}

int api_arg_vocab(const struct http_request *req, const char *name,
                  const struct vocab *vocab, int *out, struct err_info *ei)
{
    const char *v = http_arg(req, name);
    if (!v)
        return 0;
    if (vocab_parse(vocab, v, out) != 0)
        return err_set(ei, ERR_SYNTAX, name, "%s: not a known %s", name,
                       vocab->what);
    return 0;
}

int api_arg_text(const struct http_request *req, const char *name,
                 const char **out, struct err_info *ei)
{
    const char *v = http_arg(req, name);
    *out = NULL;
    if (!v || !*v)
        return 0;
    if (strlen(v) > API_TEXT_MAX)
        return err_set(ei, ERR_SYNTAX, name, "%s: must be at most %d bytes",
                       name, API_TEXT_MAX);
    *out = v;
    return 0;
}

int api_arg_flag(const struct http_request *req, const char *name, int *out,
                 struct err_info *ei)
{
    const char *v = http_arg(req, name);
    if (!v)
        return 0;
    if (strcmp(v, "true") == 0)
        *out = 1;
    else if (strcmp(v, "false") == 0)
        *out = 0;
    else
        return err_set(ei, ERR_SYNTAX, name, "%s: must be true or false", name);
    return 0;
}

int api_arg_specialty(struct api_call *call, const struct http_request *req,
                      int64_t *out, struct err_info *ei)
{
    const char *v = http_arg(req, "specialty");
    if (!v)
        return 0;
    if (v[0] >= '0' && v[0] <= '9')
        return api_arg_id(req, "specialty", out, ei);
    int rc = store_specialty_find(call->store, v, out, ei);
    if (rc == ERR_NOTFOUND)
        return err_set(ei, ERR_SYNTAX, "specialty",
                       "specialty: no specialty with code %.80s", v);
    return rc;
}

/* The largest page of this thread's request: API_LIMIT_MAX, or more while
 * an export reads a list whole (api_page_max_set()). */
static _Thread_local int api_page_max;

void api_page_max_set(int max)
{
    api_page_max = max;
}

int api_arg_page(const struct http_request *req, int *limit, int *offset,
                 struct err_info *ei)
{
    *limit = API_LIMIT_DEFAULT;
    *offset = 0;
    int rc =
        api_arg_int(req, "limit", 1,
                    api_page_max > 0 ? api_page_max : API_LIMIT_MAX, limit, ei);
    if (rc == 0)
        rc = api_arg_int(req, "offset", 0, 100000000, offset, ei);
    return rc;
}

int api_path_id(const struct http_request *req, const char *name, int64_t *out,
                struct err_info *ei)
{
    const char *v = http_param(req, name);
    long long n;
    if (!v || api_parse_ll(v, &n) || n < 1)
        return err_set(ei, ERR_NOTFOUND, name, "no such resource: %s",
                       req->path);
    *out = n;
    return 0;
}

/* ---- JSON body fields ---- */

/*
 * Looks up a field: 1 with *v set when present (and not null unless
 * nullable), 0 when absent and optional, or an error.
 */
static int api_field(json_t *o, const char *name, int required, json_t **v,
                     struct err_info *ei)
{
    *v = json_object_get(o, name);
    if (!*v) {
        if (required)
            return err_set(ei, ERR_INVAL, name, "%s: is required", name);
        return 0;
    }
    return 1;
}

int api_field_int(json_t *o, const char *name, int required, int lo, int hi,
                  int *out, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be a whole number %d to %d", name, lo, hi);
    *out = (int)json_integer_value(v);
    return 0;
}

int api_field_bool(json_t *o, const char *name, int required, int *out,
                   struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_boolean(v))
        return err_set(ei, ERR_INVAL, name, "%s: must be true or false", name);
    *out = json_is_true(v);
    return 0;
}

int api_field_id(json_t *o, const char *name, int required, int nullable,
                 int64_t *out, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (nullable && json_is_null(v)) {
        *out = 0;
        return 0;
    }
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        return err_set(ei, ERR_INVAL, name, "%s: must be an id (1 or more)%s",
                       name, nullable ? " or null" : "");
    *out = json_integer_value(v);
    return 0;
}

/* The first code point of UTF-8 text s that no text field takes, or 0: the
 * control characters but tab and line breaks, and the bidirectional
 * embeddings, overrides and isolates that make text read otherwise than it
 * is stored (a unit's name shown to others, a log line). */
static unsigned text_refused(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp = *p;
        int k = cp < 0x80 ? 0 : cp < 0xE0 ? 1 : cp < 0xF0 ? 2 : 3;
        if (k)
            cp &= 0x3F >> k;
        for (int j = 1; j <= k && p[j]; j++)
            cp = (cp << 6) | (p[j] & 0x3F);
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
            (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069))
            return cp;
        p += k + 1;
    }
    return 0;
}

/* Text of min..size-1 bytes into out; with shown, none of text_refused(). */
static int field_text(json_t *o, const char *name, int required, size_t min,
                      char *out, size_t size, int shown, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_string(v))
        return err_set(ei, ERR_INVAL, name, "%s: must be text", name);
    size_t n = json_string_length(v);
    if (n < min || n >= size || strlen(json_string_value(v)) != n)
        return err_set(ei, ERR_INVAL, name, "%s: must be %zu to %zu bytes",
                       name, min, size - 1);
    unsigned bad = shown ? text_refused(json_string_value(v)) : 0;
    if (bad)
        return err_set(ei, ERR_INVAL, name,
                       "%s: holds the control character U+%04X", name, bad);
    memcpy(out, json_string_value(v), n + 1);
    return 0;
}

int api_field_text(json_t *o, const char *name, int required, size_t min,
                   char *out, size_t size, struct err_info *ei)
{
    return field_text(o, name, required, min, out, size, 1, ei);
}

int api_field_secret(json_t *o, const char *name, int required, size_t min,
                     char *out, size_t size, struct err_info *ei)
{
    return field_text(o, name, required, min, out, size, 0, ei);
}

int api_field_week(json_t *o, const char *name, int required, int *out,
                   struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_string(v) || week_parse(json_string_value(v), out) != 0)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be an ISO week like 2027-W10", name);
    return 0;
}

int api_field_date(json_t *o, const char *name, int required, int nullable,
                   char *out, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (nullable && (json_is_null(v) ||
                     (json_is_string(v) && json_string_length(v) == 0))) {
        out[0] = '\0';
        return 0;
    }
    struct date d;
    if (!json_is_string(v) || json_string_length(v) != 10 ||
        date_parse(json_string_value(v), &d) != 0)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be a date written YYYY-MM-DD%s", name,
                       nullable ? " or null" : "");
    memcpy(out, json_string_value(v), 11);
    return 0;
}

int api_field_vocab(json_t *o, const char *name, int required,
                    const struct vocab *vocab, int *out, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_string(v) || vocab_parse(vocab, json_string_value(v), out))
        return err_set(ei, ERR_INVAL, name, "%s: not a known %s", name,
                       vocab->what);
    return 0;
}

int api_field_pattern(json_t *o, const char *name, int required,
                      enum pattern *out, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_string(v) || pattern_parse(json_string_value(v), out) != 0)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be full, split4, split3, half or alternate",
                       name);
    return 0;
}

int api_field_patterns(json_t *o, const char *name, int required, unsigned *out,
                       struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_array(v) || json_array_size(v) == 0)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be a non-empty list of patterns", name);
    unsigned mask = 0;
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        enum pattern p;
        if (!json_is_string(e) || pattern_parse(json_string_value(e), &p))
            return err_set(ei, ERR_INVAL, name,
                           "%s: item %zu must be full, split4, split3, half "
                           "or alternate",
                           name, i);
        mask |= PATTERN_BIT(p);
    }
    *out = mask;
    return 0;
}

int api_field_ids(json_t *o, const char *name, int required, int64_t *ids,
                  int *n, struct err_info *ei)
{
    json_t *v;
    int rc = api_field(o, name, required, &v, ei);
    if (rc <= 0)
        return rc;
    if (!json_is_array(v) || json_array_size(v) > STORE_LIST_MAX)
        return err_set(ei, ERR_INVAL, name,
                       "%s: must be a list of at most %d ids", name,
                       STORE_LIST_MAX);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_integer(e) || json_integer_value(e) < 1)
            return err_set(ei, ERR_INVAL, name,
                           "%s: item %zu must be an id (1 or more)", name, i);
        for (size_t j = 0; j < i; j++)
            if (ids[j] == json_integer_value(e))
                return err_set(ei, ERR_INVAL, name,
                               "%s: id %lld is listed twice", name,
                               (long long)ids[j]);
        ids[i] = json_integer_value(e);
    }
    *n = (int)json_array_size(v);
    return 0;
}

int api_fields_known(json_t *o, const char *const *allowed, struct err_info *ei)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        int known = 0;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (!known)
            return err_set(ei, ERR_INVAL, key, "%.60s: unknown field", key);
    }
    return 0;
}

/* ---- JSON writers ---- */

json_t *api_week(int serial)
{
    if (serial == STORE_NONE)
        return json_null();
    char s[WEEK_STR_MAX];
    week_format(serial, s);
    return json_string(s);
}

json_t *api_week_last(int end_exclusive)
{
    return api_week(end_exclusive - 1);
}

json_t *api_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *api_vocab(const struct vocab *vocab, int value)
{
    const char *name = vocab_name(vocab, value);
    return name ? json_string(name) : json_null();
}

json_t *api_patterns(unsigned mask)
{
    json_t *a = json_array();
    for (int p = 0; p < PATTERN_COUNT; p++)
        if (mask & PATTERN_BIT(p))
            json_array_append_new(a, json_string(pattern_name(p)));
    return a;
}

json_t *api_ids(const int64_t *ids, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(a, json_integer(ids[i]));
    return a;
}

json_t *api_specialty_ref(const struct specialty *sp)
{
    if (!sp->id)
        return json_null();
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)sp->id, "code",
                     sp->code, "name_sv", sp->name_sv, "name_en", sp->name_en);
}

int api_this_week(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    struct date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return week_from_date(d);
}

json_t *api_opt_text(const char *s)
{
    return s[0] ? json_string(s) : json_null();
}

json_t *api_list(json_t *items, int64_t total, int limit, int offset)
{
    return json_pack("{s:o, s:I, s:i, s:i}", "items", items, "total",
                     (json_int_t)total, "limit", limit, "offset", offset);
}

/* ---- the runners ---- */

/*
 * Answers a list: reads limit and offset, then lets list read its own
 * filters and fill the page (items, total) from the store; sends the list
 * shape, or 400 for a bad argument, or the store's failure.
 */
void api_list_run(const struct http_request *req, struct http_response *res,
                  void *ctx, api_lister *list)
{
    struct err_info ei = {0};
    struct api_page pg = {0, 0, 0, json_array(), NULL};
    int rc = api_arg_page(req, &pg.limit, &pg.offset, &ei);
    if (rc == 0)
        rc = list(ctx, req, &pg, &ei);
    if (rc == 0) {
        json_t *o = api_list(pg.items, pg.total, pg.limit, pg.offset);
        if (pg.extra)
            json_object_update(o, pg.extra);
        json_decref(pg.extra);
        http_json(res, 200, o);
        return;
    }
    json_decref(pg.items);
    json_decref(pg.extra);
    if (rc > 0) /* a callback failed: only when out of memory */
        http_error(res, 500, "internal", NULL, "could not build the list");
    else
        api_fail(res, &ei);
}

/* Reads the id in the path: 0, or 404 sent. */
int api_path_id_or_404(const struct http_request *req,
                       struct http_response *res, int64_t *id)
{
    struct err_info ei = {0};
    int rc = api_path_id(req, "id", id, &ei);
    if (rc)
        api_fail(res, &ei);
    return rc;
}

/*
 * Reads the id in the path and the body, a JSON object, of an update:
 * NULL when either is wrong, with 404 or 400 sent.
 */
json_t *api_path_body(const struct http_request *req, struct http_response *res,
                      int64_t *id)
{
    return api_path_id_or_404(req, res, id) ? NULL : http_body_object(req, res);
}

/*
 * Sends ei, the failure of a write. A body that refers to a row that does
 * not exist is a bad value in the body (422, naming the field), not a
 * missing resource: 404 is kept for the id in the path (field "id").
 */
void api_fail_body(struct http_response *res, const struct err_info *ei)
{
    struct err_info e = *ei;
    if (e.code == ERR_NOTFOUND && strcmp(e.field, "id") != 0)
        e.code = ERR_INVAL;
    api_fail(res, &e);
}

/*
 * Answers a get of the row whose id is in the path: get reads it from the
 * store as JSON; 404 for an id that is not one or not there.
 */
void api_get_run(const struct http_request *req, struct http_response *res,
                 void *ctx, api_getter *get)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    json_t *o = NULL;
    if (api_path_id_or_404(req, res, &id))
        return;
    if (get(call->store, id, &o, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, o);
}

/* Answers a delete of the row whose id is in the path: 204, or why not. */
void api_delete_run(const struct http_request *req, struct http_response *res,
                    void *ctx, api_deleter *del)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    if (del(call->store, id, &ei)) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}

void api_fail(struct http_response *res, const struct err_info *ei)
{
    http_error_info(res, ei);
}

json_t *api_time(int64_t t)
{
    if (!t)
        return json_null();
    char out[STORE_TIME_MAX];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(out);
}

void api_page_add(struct api_page *pg, json_t *o)
{
    if (pg->total >= pg->offset && pg->total < (int64_t)pg->offset + pg->limit)
        json_array_append_new(pg->items, o);
    else
        json_decref(o);
    pg->total++;
}

json_t *api_by_json(const struct edu_by *by)
{
    return json_pack("{s:o, s:s}", "user_id", api_id(by->user_id), "name",
                     by->name);
}

void api_caller_by(const struct api_call *call, struct edu_by *by)
{
    by->user_id = call->auth.user_id;
    snprintf(by->name, sizeof(by->name), "%s",
             call->auth.name[0] ? call->auth.name : call->auth.username);
}
