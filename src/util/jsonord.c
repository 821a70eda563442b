/* The total order of JSON values and their canonical text. */
#include "util/jsonord.h"

#include <stdlib.h>
#include <string.h>

/* The rank of a value's type in the order. */
static int jsonord_rank(const json_t *v)
{
    if (!v)
        return 0;
    switch (json_typeof(v)) {
    case JSON_NULL:
        return 1;
    case JSON_FALSE:
        return 2;
    case JSON_TRUE:
        return 3;
    case JSON_INTEGER:
    case JSON_REAL:
        return 4;
    case JSON_STRING:
        return 5;
    case JSON_ARRAY:
        return 6;
    case JSON_OBJECT:
    default:
        return 7;
    }
}

static int jsonord_numbers(const json_t *a, const json_t *b)
{
    if (json_is_integer(a) && json_is_integer(b)) {
        json_int_t x = json_integer_value(a), y = json_integer_value(b);
        return (x > y) - (x < y);
    }
    double x = json_number_value(a), y = json_number_value(b);
    if (x != y)
        return x < y ? -1 : 1;
    /* The same value: the integer first. */
    return json_is_integer(b) - json_is_integer(a);
}

static int jsonord_strings(const json_t *a, const json_t *b)
{
    size_t na = json_string_length(a), nb = json_string_length(b);
    int c =
        memcmp(json_string_value(a), json_string_value(b), na < nb ? na : nb);
    if (c)
        return c < 0 ? -1 : 1;
    return (na > nb) - (na < nb);
}

int jsonord_cmp(const json_t *a, const json_t *b)
{
    int ra = jsonord_rank(a), rb = jsonord_rank(b);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    switch (ra) {
    case 4:
        return jsonord_numbers(a, b);
    case 5:
        return jsonord_strings(a, b);
    case 6: {
        size_t na = json_array_size(a), nb = json_array_size(b);
        for (size_t i = 0; i < na && i < nb; i++) {
            int c = jsonord_cmp(json_array_get(a, i), json_array_get(b, i));
            if (c)
                return c;
        }
        return (na > nb) - (na < nb);
    }
    case 7: {
        char *ta = jsonord_text(a), *tb = jsonord_text(b);
        int c = strcmp(ta ? ta : "", tb ? tb : "");
        free(ta);
        free(tb);
        return (c > 0) - (c < 0);
    }
    default:
        return 0;
    }
}

char *jsonord_text(const json_t *v)
{
    return json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
}
