/* The messages regions exchange: strict parsing and building (xmsg.h). */
#include "exchange/xmsg.h"

#include "domain/pattern.h"
#include "domain/week.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[XMSG_KIND_COUNT] = {
    "catalog",      "request",      "answer",       "cancel",
    "swap.propose", "swap.approve", "swap.decline",
};

const char *xmsg_kind_name(enum xmsg_kind k)
{
    return (unsigned)k < XMSG_KIND_COUNT ? kind_names[k] : NULL;
}

int xmsg_kind_parse(const char *name)
{
    for (int k = 0; k < XMSG_KIND_COUNT; k++)
        if (name && strcmp(name, kind_names[k]) == 0)
            return k;
    return -1;
}

int xmsg_code_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return 0;
    }
    return n >= 1 && n < XMSG_CODE_MAX;
}

int xmsg_id_valid(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return 0;
    return n == XMSG_ID_LEN;
}

void xmsg_new_id(char out[XMSG_ID_LEN + 1])
{
    unsigned char raw[XMSG_ID_LEN / 2];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(out, XMSG_ID_LEN + 1, raw, sizeof(raw));
}

/* The kinds of value a field of a message holds. */
enum xf_type {
    XF_INT,      /* an integer in lo..hi */
    XF_TEXT,     /* text of lo..hi bytes, no control characters */
    XF_CODE,     /* a region code */
    XF_HEX,      /* an id or reference */
    XF_WEEK,     /* an ISO week "2027-W10" */
    XF_EMAIL,    /* an e-mail address of 3..254 bytes */
    XF_PATTERN,  /* a pattern's name */
    XF_ENUM,     /* one of the words in words */
    XF_TEXTS,    /* an array of at most hi texts of 1..16 bytes */
    XF_PATTERNS, /* an array of 1..5 distinct patterns */
    XF_OBJECTS,  /* an array of lo..hi objects of the fields in sub */
};

struct xf {
    const char *name;
    enum xf_type type;
    long long lo, hi;
    const char *const *words;
    const struct xf *sub; /* XF_OBJECTS: the fields of each, to a NULL name */
};

/* Refuses the value at path (its field, "body.offers[3].weeks"). */
static int xf_fail(struct err_info *ei, const char *path, const char *why)
{
    return err_set(ei, ERR_INVAL, path, "%s: %s", path, why);
}

static int xf_text_ok(const char *s, size_t lo, size_t hi)
{
    size_t n = strlen(s);
    if (n < lo || n > hi)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return 0;
    return 1;
}

static int xf_check_object(json_t *o, const struct xf *fields, const char *path,
                           struct err_info *ei);

static int xf_check_value(json_t *v, const struct xf *f, const char *path,
                          struct err_info *ei)
{
    char sub[160];
    switch (f->type) {
    case XF_INT:
        if (!json_is_integer(v))
            return xf_fail(ei, path, "must be an integer");
        if (json_integer_value(v) < f->lo || json_integer_value(v) > f->hi)
            return xf_fail(ei, path, "out of range");
        return 0;
    case XF_OBJECTS: {
        if (!json_is_array(v))
            return xf_fail(ei, path, "must be an array");
        size_t n = json_array_size(v);
        if ((long long)n < f->lo || (long long)n > f->hi)
            return xf_fail(ei, path, "wrong number of entries");
        for (size_t i = 0; i < n; i++) {
            snprintf(sub, sizeof(sub), "%.100s[%zu]", path, i);
            int rc = xf_check_object(json_array_get(v, i), f->sub, sub, ei);
            if (rc)
                return rc;
        }
        return 0;
    }
    case XF_TEXTS:
    case XF_PATTERNS: {
        if (!json_is_array(v))
            return xf_fail(ei, path, "must be an array");
        size_t n = json_array_size(v);
        if ((long long)n > f->hi || (f->type == XF_PATTERNS && n < 1))
            return xf_fail(ei, path, "wrong number of entries");
        unsigned seen = 0;
        for (size_t i = 0; i < n; i++) {
            json_t *e = json_array_get(v, i);
            const char *s = json_string_value(e);
            snprintf(sub, sizeof(sub), "%.100s[%zu]", path, i);
            if (!s)
                return xf_fail(ei, sub, "must be text");
            if (f->type == XF_TEXTS) {
                if (!xf_text_ok(s, 1, 16))
                    return xf_fail(ei, sub, "must be 1..16 printable bytes");
                continue;
            }
            enum pattern p;
            if (pattern_parse(s, &p) != 0)
                return xf_fail(ei, sub, "no such pattern");
            if (seen & (1u << p))
                return xf_fail(ei, sub, "named twice");
            seen |= 1u << p;
        }
        return 0;
    }
    default:
        break;
    }
    const char *s = json_string_value(v);
    if (!s)
        return xf_fail(ei, path, "must be text");
    if (strlen(s) != json_string_length(v))
        return xf_fail(ei, path, "holds a NUL byte");
    int w;
    enum pattern p;
    switch (f->type) {
    case XF_TEXT:
        if (!xf_text_ok(s, (size_t)f->lo, (size_t)f->hi))
            return xf_fail(ei, path, "wrong length or a control character");
        return 0;
    case XF_CODE:
        return xmsg_code_valid(s) ? 0 : xf_fail(ei, path, "not a region code");
    case XF_HEX:
        return xmsg_id_valid(s) ? 0 : xf_fail(ei, path, "not 32 hex digits");
    case XF_WEEK:
        return week_parse(s, &w) == 0 ? 0 : xf_fail(ei, path, "not a week");
    case XF_EMAIL:
        if (!xf_text_ok(s, 3, 254) || !strchr(s, '@') || strchr(s, ' '))
            return xf_fail(ei, path, "not an e-mail address");
        return 0;
    case XF_PATTERN:
        return pattern_parse(s, &p) == 0 ? 0
                                         : xf_fail(ei, path, "no such pattern");
    case XF_ENUM:
        for (const char *const *wd = f->words; *wd; wd++)
            if (strcmp(*wd, s) == 0)
                return 0;
        return xf_fail(ei, path, "not an allowed value");
    default:
        return xf_fail(ei, path, "unexpected");
    }
}

/* Checks that o is an object of exactly the fields given, each valid. */
static int xf_check_object(json_t *o, const struct xf *fields, const char *path,
                           struct err_info *ei)
{
    char sub[200];
    if (!json_is_object(o))
        return xf_fail(ei, path, "must be an object");
    size_t n = 0;
    for (const struct xf *f = fields; f->name; f++, n++) {
        json_t *v = json_object_get(o, f->name);
        snprintf(sub, sizeof(sub), "%.120s.%s", path, f->name);
        if (!v)
            return xf_fail(ei, sub, "missing");
        int rc = xf_check_value(v, f, sub, ei);
        if (rc)
            return rc;
    }
    if (json_object_size(o) != n) {
        const char *key;
        json_t *v;
        json_object_foreach(o, key, v)
        {
            int known = 0;
            for (const struct xf *f = fields; f->name && !known; f++)
                known = strcmp(f->name, key) == 0;
            if (!known) {
                snprintf(sub, sizeof(sub), "%.120s.%.60s", path, key);
                return xf_fail(ei, sub, "unknown field");
            }
        }
    }
    return 0;
}

static const char *const statuses[] = {"accepted", "declined", NULL};
static const char *const sides[] = {"guest", "host", NULL};

static const struct xf offer_fields[] = {
    {"id", XF_INT, 1, INT32_MAX, NULL, NULL},
    {"specialty", XF_TEXT, 1, 64, NULL, NULL},
    {"specialty_name", XF_TEXT, 1, 200, NULL, NULL},
    {"goals", XF_TEXTS, 0, XMSG_GOALS_MAX, NULL, NULL},
    {"unit", XF_TEXT, 1, 200, NULL, NULL},
    {"site", XF_TEXT, 0, 200, NULL, NULL},
    {"from_week", XF_WEEK, 0, 0, NULL, NULL},
    {"to_week", XF_WEEK, 0, 0, NULL, NULL},
    {"weeks", XF_INT, 1, 104, NULL, NULL},
    {"patterns", XF_PATTERNS, 1, 5, NULL, NULL},
    {"seats", XF_INT, 1, 100, NULL, NULL},
    {"free", XF_INT, 0, 100, NULL, NULL},
    {"contact_role", XF_TEXT, 1, 100, NULL, NULL},
    {"contact_email", XF_EMAIL, 0, 0, NULL, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf want_fields[] = {
    {"id", XF_INT, 1, INT32_MAX, NULL, NULL},
    {"specialty", XF_TEXT, 1, 64, NULL, NULL},
    {"specialty_name", XF_TEXT, 1, 200, NULL, NULL},
    {"weeks", XF_INT, 1, 104, NULL, NULL},
    {"seats", XF_INT, 1, 100, NULL, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf leg_fields[] = {
    {"giver", XF_CODE, 0, 0, NULL, NULL},
    {"receiver", XF_CODE, 0, 0, NULL, NULL},
    {"offer", XF_INT, 1, INT32_MAX, NULL, NULL},
    {"want", XF_INT, 1, INT32_MAX, NULL, NULL},
    {"specialty", XF_TEXT, 1, 64, NULL, NULL},
    {"weeks", XF_INT, 1, 104, NULL, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf catalog_fields[] = {
    {"offers", XF_OBJECTS, 0, XMSG_OFFERS_MAX, NULL, offer_fields},
    {"wants", XF_OBJECTS, 0, XMSG_OFFERS_MAX, NULL, want_fields},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf request_fields[] = {
    {"ref", XF_HEX, 0, 0, NULL, NULL},
    {"offer", XF_INT, 1, INT32_MAX, NULL, NULL},
    {"specialty", XF_TEXT, 1, 64, NULL, NULL},
    {"goals", XF_TEXTS, 0, XMSG_GOALS_MAX, NULL, NULL},
    {"start_week", XF_WEEK, 0, 0, NULL, NULL},
    {"weeks", XF_INT, 1, 104, NULL, NULL},
    {"pattern", XF_PATTERN, 0, 0, NULL, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf answer_fields[] = {
    {"ref", XF_HEX, 0, 0, NULL, NULL},
    {"status", XF_ENUM, 0, 0, statuses, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf cancel_fields[] = {
    {"ref", XF_HEX, 0, 0, NULL, NULL},
    {"side", XF_ENUM, 0, 0, sides, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf propose_fields[] = {
    {"uid", XF_HEX, 0, 0, NULL, NULL},
    {"weeks", XF_INT, 1, 1000, NULL, NULL},
    {"legs", XF_OBJECTS, 2, 3, NULL, leg_fields},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf uid_fields[] = {
    {"uid", XF_HEX, 0, 0, NULL, NULL},
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

static const struct xf *const body_fields[XMSG_KIND_COUNT] = {
    catalog_fields, request_fields, answer_fields, cancel_fields,
    propose_fields, uid_fields,     uid_fields,
};

/* A swap's legs must form one cycle: each region gives once and receives
 * once, the receiver of one leg the giver of the next. */
static int xmsg_check_cycle(json_t *legs, struct err_info *ei)
{
    size_t n = json_array_size(legs);
    for (size_t i = 0; i < n; i++) {
        json_t *a = json_array_get(legs, i);
        json_t *b = json_array_get(legs, (i + 1) % n);
        const char *recv = json_string_value(json_object_get(a, "receiver"));
        const char *give = json_string_value(json_object_get(a, "giver"));
        if (strcmp(recv, json_string_value(json_object_get(b, "giver"))) != 0)
            return xf_fail(ei, "body.legs", "not a cycle");
        if (strcmp(recv, give) == 0)
            return xf_fail(ei, "body.legs", "a region gives to itself");
        for (size_t j = 0; j < i; j++) {
            const char *g = json_string_value(
                json_object_get(json_array_get(legs, j), "giver"));
            if (strcmp(g, give) == 0)
                return xf_fail(ei, "body.legs", "a region gives twice");
        }
    }
    return 0;
}

int xmsg_check_body(enum xmsg_kind k, json_t *body, struct err_info *ei)
{
    if ((unsigned)k >= XMSG_KIND_COUNT)
        return xf_fail(ei, "kind", "no such kind");
    int rc = xf_check_object(body, body_fields[k], "body", ei);
    if (rc == 0 && k == XMSG_SWAP_PROPOSE)
        rc = xmsg_check_cycle(json_object_get(body, "legs"), ei);
    return rc;
}

static const struct xf envelope_fields[] = {
    {"v", XF_INT, 1, 1, NULL, NULL},
    {"id", XF_HEX, 0, 0, NULL, NULL},
    {"from", XF_CODE, 0, 0, NULL, NULL},
    {"to", XF_CODE, 0, 0, NULL, NULL},
    {"kind", XF_TEXT, 1, 16, NULL, NULL},
    {"sent_at", XF_INT, 0, INT64_C(1) << 40, NULL, NULL},
    {"body", XF_OBJECTS, 0, 0, NULL, NULL}, /* checked by kind below */
    {NULL, XF_INT, 0, 0, NULL, NULL},
};

int xmsg_parse(const char *data, size_t n, struct xmsg *out,
               struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    if (n > XMSG_MAX)
        return err_set(ei, ERR_TOOBIG, "message", "message: larger than %d",
                       XMSG_MAX);
    json_error_t jerr;
    json_t *o = json_loadb(data, n, JSON_REJECT_DUPLICATES, &jerr);
    if (!o)
        return err_set(ei, ERR_SYNTAX, "message", "message: not JSON: %s",
                       jerr.text);
    int rc = 0;
    if (!json_is_object(o)) {
        rc = xf_fail(ei, "message", "must be an object");
        goto out;
    }
    /* A field the envelope does not have first, named as it is. */
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        int known = 0;
        for (const struct xf *f = envelope_fields; f->name && !known; f++)
            known = strcmp(f->name, key) == 0;
        if (!known) {
            char name[ERR_FIELD_MAX];
            snprintf(name, sizeof(name), "%s", key);
            rc = err_set(ei, ERR_INVAL, name, "%s: unknown field", name);
            goto out;
        }
    }
    /* The envelope's fields but the body, which its kind checks. */
    for (const struct xf *f = envelope_fields; f->name; f++) {
        v = json_object_get(o, f->name);
        if (!v) {
            rc = xf_fail(ei, f->name, "missing");
            goto out;
        }
        if (f->type == XF_OBJECTS)
            continue;
        if ((rc = xf_check_value(v, f, f->name, ei)) != 0)
            goto out;
    }
    int k = xmsg_kind_parse(json_string_value(json_object_get(o, "kind")));
    if (k < 0) {
        rc = xf_fail(ei, "kind", "no such kind");
        goto out;
    }
    json_t *body = json_object_get(o, "body");
    if ((rc = xmsg_check_body((enum xmsg_kind)k, body, ei)) != 0)
        goto out;
    snprintf(out->id, sizeof(out->id), "%s",
             json_string_value(json_object_get(o, "id")));
    snprintf(out->from, sizeof(out->from), "%s",
             json_string_value(json_object_get(o, "from")));
    snprintf(out->to, sizeof(out->to), "%s",
             json_string_value(json_object_get(o, "to")));
    out->kind = (enum xmsg_kind)k;
    out->sent_at = json_integer_value(json_object_get(o, "sent_at"));
    out->body = json_incref(body);
out:
    json_decref(o);
    return rc;
}

void xmsg_release(struct xmsg *m)
{
    json_decref(m->body);
    m->body = NULL;
}

char *xmsg_build(const char *id, const char *from, const char *to,
                 enum xmsg_kind k, int64_t sent_at, json_t *body)
{
    json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:I, s:o}", "v", 1, "id",
                          id, "from", from, "to", to, "kind", xmsg_kind_name(k),
                          "sent_at", (json_int_t)sent_at, "body", body);
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    return text;
}
