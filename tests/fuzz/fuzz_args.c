/*
 * Fuzz target: query arguments. The input is split like a decoded query
 * string, "name=value&name=value" (a piece without '=' has the value "",
 * as the server passes it), into at most HTTP_ARGS_MAX - 1 arguments; the
 * first value is also the path parameter "id". Every api_arg_* reader then
 * runs on each of the first eight names, and api_arg_specialty on
 * "specialty" (the store it asks is tests/fuzz/fuzz_store.c). Checks: 0 or
 * ERR_SYNTAX naming the argument (sent as a valid 400); what a reader accepts
 * is in range and is exactly what the text says (a week or number written back
 * gives the same value).
 */
#include "api/api_impl.h"
#include "domain/vocab.h"
#include "domain/week.h"
#include "fuzz.h"

#include <limits.h>
#include <stdint.h>

static void fuzz_args_refused(int rc, const struct err_info *ei,
                              const char *name)
{
    FUZZ_CHECK(rc == ERR_SYNTAX, "rc %d for %s", rc, name);
    fuzz_check_ei(ei, ERR_SYNTAX, name);
    struct http_response res = {0};
    api_fail(&res, ei);
    fuzz_check_error(&res, 400, "malformed", NULL);
    http_response_release(&res);
}

/* Is s a plain decimal number: an optional '-', then digits? */
static int fuzz_args_decimal(const char *s)
{
    if (*s == '-')
        s++;
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

static void fuzz_args_int(const struct http_request *req, const char *name,
                          int lo, int hi)
{
    const char *text = http_arg(req, name);
    struct err_info ei = {0};
    int v = 12345;
    int rc = api_arg_int(req, name, lo, hi, &v, &ei);
    if (rc) {
        fuzz_args_refused(rc, &ei, name);
        FUZZ_CHECK(v == 12345, "a refused value was stored");
        return;
    }
    if (!text) {
        FUZZ_CHECK(v == 12345, "absent changed the value");
        return;
    }
    FUZZ_CHECK(v >= lo && v <= hi, "%d outside %d..%d", v, lo, hi);
    FUZZ_CHECK(fuzz_args_decimal(text), "accepted %s", text);
    FUZZ_CHECK(strtoll(text, NULL, 10) == v, "read %s as %d", text, v);
}

static void fuzz_args_name(const struct http_request *req, const char *name)
{
    const char *text = http_arg(req, name);
    struct err_info ei = {0};
    int rc;

    fuzz_args_int(req, name, 1, API_LIMIT_MAX);
    fuzz_args_int(req, name, 0, 100000000);
    fuzz_args_int(req, name, INT_MIN, INT_MAX);
    fuzz_args_int(req, name, -5, 5);

    int64_t id = -3;
    rc = api_arg_id(req, name, &id, &ei);
    if (rc) {
        fuzz_args_refused(rc, &ei, name);
        FUZZ_CHECK(id == -3, "a refused id was stored");
    } else if (text) {
        FUZZ_CHECK(id >= 1 && fuzz_args_decimal(text) &&
                       strtoll(text, NULL, 10) == id,
                   "id %lld from %s", (long long)id, text);
    }

    int w = STORE_NONE;
    err_clear(&ei);
    rc = api_arg_week(req, name, &w, &ei);
    if (rc) {
        fuzz_args_refused(rc, &ei, name);
    } else if (text) {
        FUZZ_CHECK(w >= WEEK_MIN && w <= WEEK_MAX, "week %d", w);
        char back[WEEK_STR_MAX];
        week_format(w, back);
        FUZZ_CHECK(strcmp(back, text) == 0, "week %s read as %s", text, back);
    }

    const char *t = "unset";
    err_clear(&ei);
    rc = api_arg_text(req, name, &t, &ei);
    if (rc) {
        fuzz_args_refused(rc, &ei, name);
        FUZZ_CHECK(text && strlen(text) > API_TEXT_MAX, "refused %s", text);
    } else if (!text || !text[0]) {
        FUZZ_CHECK(t == NULL, "text for an empty argument");
    } else {
        FUZZ_CHECK(t == text && strlen(t) <= API_TEXT_MAX, "text %s", t);
    }

    int flag = -3;
    err_clear(&ei);
    rc = api_arg_flag(req, name, &flag, &ei);
    if (rc) {
        fuzz_args_refused(rc, &ei, name);
        FUZZ_CHECK(flag == -3, "a refused flag was stored");
    } else if (text) {
        FUZZ_CHECK((flag == 1 && strcmp(text, "true") == 0) ||
                       (flag == 0 && strcmp(text, "false") == 0),
                   "flag %d from %s", flag, text);
    }

    const struct vocab *vocabs[] = {&vocab_provider_kind, &vocab_booking_status,
                                    &vocab_cancel_reason, &vocab_regulation};
    for (size_t i = 0; i < sizeof(vocabs) / sizeof(*vocabs); i++) {
        int v = -1;
        err_clear(&ei);
        rc = api_arg_vocab(req, name, vocabs[i], &v, &ei);
        if (rc) {
            fuzz_args_refused(rc, &ei, name);
        } else if (text) {
            const char *vn = vocab_name(vocabs[i], v);
            FUZZ_CHECK(vn && vn[0] && strcmp(vn, text) == 0, "vocab %s", text);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 8192)
        return 0;
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';

    struct http_request req = {0};
    req.method = HTTP_GET;
    req.path = "/api/v1/units/x";
    req.body = "";
    char *p = buf;
    while (req.nargs < HTTP_ARGS_MAX - 1) {
        char *amp = strchr(p, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        req.args[req.nargs++] = (struct http_kv){p, eq ? eq + 1 : ""};
        if (!amp)
            break;
        p = amp + 1;
    }
    if (req.nargs > 0) {
        req.params[0] = (struct http_kv){"id", req.args[0].value};
        req.nparams = 1;
    }

    /* Every reader on the first few names (all of them would be slow). */
    for (int i = 0; i < req.nargs && i < 8; i++)
        fuzz_args_name(&req, req.args[i].name);
    fuzz_args_name(&req, "absent");

    struct err_info ei = {0};
    int limit = -1, offset = -1;
    int rc = api_arg_page(&req, &limit, &offset, &ei);
    if (rc) {
        FUZZ_CHECK(strcmp(ei.field, "limit") == 0 ||
                       strcmp(ei.field, "offset") == 0,
                   "page field %s", ei.field);
        fuzz_args_refused(rc, &ei, ei.field);
    } else {
        FUZZ_CHECK(limit >= 1 && limit <= API_LIMIT_MAX, "limit %d", limit);
        FUZZ_CHECK(offset >= 0 && offset <= 100000000, "offset %d", offset);
        if (!http_arg(&req, "limit"))
            FUZZ_CHECK(limit == API_LIMIT_DEFAULT, "default limit %d", limit);
        if (!http_arg(&req, "offset"))
            FUZZ_CHECK(offset == 0, "default offset %d", offset);
    }

    /* specialty: an id, or a code the store knows (fuzz_store.c). */
    struct api_call call = {0};
    const char *sv = http_arg(&req, "specialty");
    int64_t spec = -3;
    err_clear(&ei);
    rc = api_arg_specialty(&call, &req, &spec, &ei);
    if (rc) {
        fuzz_args_refused(rc, &ei, "specialty");
        FUZZ_CHECK(spec == -3, "a refused specialty was stored");
    } else if (sv) {
        FUZZ_CHECK((spec == 7 && strcmp(sv, "allmanmedicin") == 0) ||
                       (spec >= 1 && fuzz_args_decimal(sv) &&
                        strtoll(sv, NULL, 10) == spec),
                   "specialty %lld from %s", (long long)spec, sv);
    } else {
        FUZZ_CHECK(spec == -3, "absent specialty changed the value");
    }

    int64_t id = -3;
    err_clear(&ei);
    rc = api_path_id(&req, "id", &id, &ei);
    if (rc) {
        FUZZ_CHECK(rc == ERR_NOTFOUND && ei.code == ERR_NOTFOUND, "path id");
        FUZZ_CHECK(id == -3, "a refused path id was stored");
        struct http_response res = {0};
        api_fail(&res, &ei);
        fuzz_check_error(&res, 404, "not_found", NULL);
        http_response_release(&res);
    } else {
        const char *v = http_param(&req, "id");
        FUZZ_CHECK(id >= 1 && fuzz_args_decimal(v) &&
                       strtoll(v, NULL, 10) == id,
                   "path id %lld from %s", (long long)id, v);
    }
    free(buf);
    return 0;
}
