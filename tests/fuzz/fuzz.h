/*
 * Shared checks of the fuzz targets (scripts/fuzz.sh builds and runs them).
 * A broken invariant prints what broke and aborts, which libFuzzer reports
 * as a crash and saves the input of.
 */
#ifndef RANDA_TESTS_FUZZ_FUZZ_H
#define RANDA_TESTS_FUZZ_FUZZ_H

#include "http/http.h"
#include "util/err.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond, ...)                                                  \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__,   \
                    #cond);                                                    \
            fprintf(stderr, __VA_ARGS__);                                      \
            fputc('\n', stderr);                                               \
            abort();                                                           \
        }                                                                      \
    } while (0)

/*
 * Checks that res is the error shape with status and error.code code, and
 * field when field is not NULL (a name of ERR_FIELD_MAX bytes or more is
 * cut, so only its first bytes are compared).
 */
static inline void fuzz_check_error(const struct http_response *res, int status,
                                    const char *code, const char *field)
{
    FUZZ_CHECK(res->status == status, "status %d, want %d", res->status,
               status);
    FUZZ_CHECK(strcmp(res->content_type, "application/json") == 0, "%s",
               res->content_type);
    FUZZ_CHECK(res->body && res->len == strlen(res->body), "body length");
    json_error_t je;
    json_t *j = json_loadb(res->body, res->len, JSON_REJECT_DUPLICATES, &je);
    FUZZ_CHECK(j != NULL, "error body is not JSON (%s): %s", je.text,
               res->body);
    json_t *e = json_object_get(j, "error");
    FUZZ_CHECK(json_is_object(e), "no error object: %s", res->body);
    const char *c = json_string_value(json_object_get(e, "code"));
    FUZZ_CHECK(c && strcmp(c, code) == 0, "code %s, want %s", c ? c : "-",
               code);
    FUZZ_CHECK(json_is_string(json_object_get(e, "message")), "no message");
    json_t *f = json_object_get(e, "field");
    if (field && field[0]) {
        FUZZ_CHECK(json_is_string(f), "no field, want %s", field);
    } else if (field) {
        FUZZ_CHECK(f == NULL, "a field, want none");
    }
    json_decref(j);
}

/* Checks that ei is code naming field (cut to ERR_FIELD_MAX - 1 bytes). */
static inline void fuzz_check_ei(const struct err_info *ei, int code,
                                 const char *field)
{
    FUZZ_CHECK(ei->code == code, "code %d, want %d", ei->code, code);
    FUZZ_CHECK(strncmp(ei->field, field, ERR_FIELD_MAX - 1) == 0,
               "field %s, want %s", ei->field, field);
    FUZZ_CHECK(ei->msg[0] != '\0', "no message");
}

#endif
