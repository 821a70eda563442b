/*
 * Fuzz target: request bodies. The input is the body; http_body_object()
 * reads it, and then the booking-create handler's readers run on it as
 * api_booking_create() calls them, followed by every api_field_* reader on
 * every member of the object. Checks: a refused body is a 400 in the JSON
 * error shape; each reader returns 0 or ERR_INVAL naming its field, and the
 * error goes out as valid JSON; what a reader accepts is in range (and a
 * week or date written back reads back the same).
 */
#include "api/api_impl.h"
#include "domain/pattern.h"
#include "domain/vocab.h"
#include "domain/week.h"
#include "fuzz.h"

#include <stdint.h>

/* An ERR_INVAL from a reader: it names the field and sends a valid 422. */
static void fuzz_body_refused(int rc, const struct err_info *ei,
                              const char *name)
{
    FUZZ_CHECK(rc == ERR_INVAL, "rc %d for %s", rc, name);
    fuzz_check_ei(ei, ERR_INVAL, name);
    struct http_response res = {0};
    api_fail(&res, ei);
    fuzz_check_error(&res, 422, "invalid", NULL);
    http_response_release(&res);
}

#define FUZZ_READ(call, name, on_ok)                                           \
    do {                                                                       \
        struct err_info ei_ = {0};                                             \
        struct err_info *ei = &ei_;                                            \
        int rc_ = (call);                                                      \
        if (rc_ == 0) {                                                        \
            on_ok;                                                             \
        } else {                                                               \
            fuzz_body_refused(rc_, ei, name);                                  \
        }                                                                      \
    } while (0)

static void fuzz_body_week_ok(int w)
{
    FUZZ_CHECK(w >= WEEK_MIN && w <= WEEK_MAX, "week %d", w);
    json_t *j = api_week(w);
    int back = 0;
    FUZZ_CHECK(json_is_string(j) &&
                   week_parse(json_string_value(j), &back) == 0 && back == w,
               "week %d does not round-trip", w);
    json_decref(j);
}

/* Every reader on one member, required and not. */
static void fuzz_body_member(json_t *o, const char *name)
{
    for (int required = 0; required < 2; required++) {
        int i = -7;
        FUZZ_READ(api_field_int(o, name, required, 1, 100, &i, ei), name,
                  FUZZ_CHECK(i == -7 || (i >= 1 && i <= 100), "int %d", i));
        FUZZ_READ(
            api_field_int(o, name, required, INT32_MIN, INT32_MAX, &i, ei),
            name, (void)0);
        int b = -7;
        FUZZ_READ(api_field_bool(o, name, required, &b, ei), name,
                  FUZZ_CHECK(b == -7 || b == 0 || b == 1, "bool %d", b));
        for (int nullable = 0; nullable < 2; nullable++) {
            int64_t id = -7;
            FUZZ_READ(api_field_id(o, name, required, nullable, &id, ei), name,
                      FUZZ_CHECK(id >= 1 || (nullable && id == 0) ||
                                     (!required && id == -7),
                                 "id %lld", (long long)id));
            char d[DATE_STR_MAX] = "keep";
            FUZZ_READ(api_field_date(o, name, required, nullable, d, ei), name,
                      {
                          struct date x;
                          FUZZ_CHECK(strcmp(d, "keep") == 0 || d[0] == '\0' ||
                                         date_parse(d, &x) == 0,
                                     "date %s", d);
                      });
        }
        char text[16];
        strcpy(text, "keep");
        FUZZ_READ(api_field_text(o, name, required, 2, text, sizeof(text), ei),
                  name,
                  FUZZ_CHECK(strcmp(text, "keep") == 0 ||
                                 (strlen(text) >= 2 && strlen(text) < 16),
                             "text %s", text));
        int w = STORE_NONE;
        FUZZ_READ(api_field_week(o, name, required, &w, ei), name,
                  if (w != STORE_NONE) fuzz_body_week_ok(w));
        int v = -1;
        FUZZ_READ(
            api_field_vocab(o, name, required, &vocab_cancel_reason, &v, ei),
            name,
            FUZZ_CHECK(v == -1 || vocab_name(&vocab_cancel_reason, v),
                       "vocab %d", v));
        enum pattern p = PATTERN_COUNT;
        FUZZ_READ(api_field_pattern(o, name, required, &p, ei), name,
                  FUZZ_CHECK((int)p >= 0 && p <= PATTERN_COUNT, "pattern %d",
                             (int)p));
        unsigned mask = 0;
        FUZZ_READ(api_field_patterns(o, name, required, &mask, ei), name,
                  FUZZ_CHECK((mask & ~PATTERN_ALL) == 0 &&
                                 (mask != 0 || !json_object_get(o, name)),
                             "mask %x", mask));
        int64_t ids[STORE_LIST_MAX];
        int n = -1;
        FUZZ_READ(api_field_ids(o, name, required, ids, &n, ei), name, {
            FUZZ_CHECK(n >= -1 && n <= STORE_LIST_MAX, "n %d", n);
            for (int k = 0; k < n; k++) {
                FUZZ_CHECK(ids[k] >= 1, "id %lld", (long long)ids[k]);
                for (int l = 0; l < k; l++)
                    FUZZ_CHECK(ids[k] != ids[l], "id twice");
            }
        });
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    char *body = malloc(size + 1);
    memcpy(body, data, size);
    body[size] = '\0';
    struct http_request req = {0};
    struct http_response res = {0};
    req.method = HTTP_POST;
    req.path = "/api/v1/bookings";
    req.body = body;
    req.body_len = size;
    json_t *o = http_body_object(&req, &res);
    if (!o) {
        fuzz_check_error(&res, 400, "malformed", "");
        http_response_release(&res);
        free(body);
        return 0;
    }
    FUZZ_CHECK(json_is_object(o) && res.status == 0, "object, status %d",
               res.status);

    /* As api_booking_create reads its body. */
    static const char *const fields[] = {"need_id", "unit_id", "start_week",
                                         "pattern", "weeks",   NULL};
    struct err_info known = {0};
    int rc = api_fields_known(o, fields, &known);
    if (rc) {
        FUZZ_CHECK(json_object_get(o, known.field) != NULL ||
                       strlen(known.field) == ERR_FIELD_MAX - 1,
                   "unknown field %s is not in the body", known.field);
        fuzz_body_refused(rc, &known, known.field);
    } else {
        int64_t need = 0, unit = 0;
        int start = 0, weeks = 0;
        enum pattern p = PATTERN_FULL;
        FUZZ_READ(api_field_id(o, "need_id", 1, 0, &need, ei), "need_id",
                  FUZZ_CHECK(need >= 1, "need_id"));
        FUZZ_READ(api_field_id(o, "unit_id", 1, 0, &unit, ei), "unit_id",
                  FUZZ_CHECK(unit >= 1, "unit_id"));
        FUZZ_READ(api_field_week(o, "start_week", 1, &start, ei), "start_week",
                  fuzz_body_week_ok(start));
        FUZZ_READ(api_field_pattern(o, "pattern", 1, &p, ei), "pattern",
                  FUZZ_CHECK(p < PATTERN_COUNT, "pattern"));
        FUZZ_READ(api_field_int(o, "weeks", 0, PATTERN_WEEKS_MIN,
                                PATTERN_WEEKS_MAX, &weeks, ei),
                  "weeks",
                  FUZZ_CHECK(weeks == 0 || (weeks >= PATTERN_WEEKS_MIN &&
                                            weeks <= PATTERN_WEEKS_MAX),
                             "weeks %d", weeks));
    }

    const char *key;
    json_t *v;
    int members = 0;
    json_object_foreach(o, key, v)
    {
        if (++members > 16)
            break;
        fuzz_body_member(o, key);
        /* Nested objects' members, one level down. */
        if (json_is_object(v)) {
            const char *k2;
            json_t *v2;
            json_object_foreach(v, k2, v2)
            {
                fuzz_body_member(v, k2);
                break;
            }
        }
    }
    fuzz_body_member(o, "absent member");
    json_decref(o);
    http_response_release(&res);
    free(body);
    return 0;
}
