/* Reading a large JSON object member by member and record by record. */
#include "util/jsonrec.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What the reader expects next. */
enum jsonrec_state {
    REC_START,        /* the '{' that opens the document */
    REC_AFTER_MEMBER, /* ',' and a member's name, or '}' */
    REC_ARRAY_FIRST,  /* an element, or ']' */
    REC_ARRAY_NEXT,   /* ',' and an element, or ']' */
    REC_DONE,         /* nothing: JSONREC_END was returned */
    REC_FAILED,       /* nothing: an error was returned (kept in failure) */
};

/* peek()'s answers other than a byte. */
#define REC_EOF   (-1)
#define REC_ERROR (-2)

struct jsonrec {
    long (*read)(void *arg, char *dst, size_t n);
    void *arg;
    size_t max; /* the longest value */
    char *buf;  /* bytes read and not yet consumed: [pos, len) */
    size_t cap, len, pos;
    size_t offset; /* bytes consumed before buf[pos] */
    long line;     /* the line of buf[pos] */
    int eof;       /* read() said the end */
    enum jsonrec_state state;
    char *name;     /* the member being read */
    long name_line; /* where its name is */
    char **names;   /* every member's name so far, for duplicates */
    size_t nnames, capnames;
    struct err_info failure; /* what REC_FAILED keeps returning */
};

struct jsonrec *jsonrec_new(long (*read)(void *arg, char *dst, size_t n),
                            void *arg, size_t max_value)
{
    struct jsonrec *r = xcalloc(1, sizeof(*r));
    r->read = read;
    r->arg = arg;
    r->max = max_value ? max_value : 1;
    if (r->max > ((size_t)1 << 40))
        r->max = (size_t)1 << 40;
    r->line = 1;
    r->state = REC_START;
    return r;
}

void jsonrec_free(struct jsonrec *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nnames; i++)
        free(r->names[i]);
    free(r->names);
    free(r->name);
    free(r->buf);
    free(r);
}

size_t jsonrec_offset(const struct jsonrec *r)
{
    return r->offset;
}

/* Records an error once: the reader keeps returning it. */
static int rec_fail(struct jsonrec *r, struct err_info *ei, int code,
                    const char *msg)
{
    r->state = REC_FAILED;
    err_set(&r->failure, code, "", "line %ld: %s", r->line, msg);
    if (ei)
        *ei = r->failure;
    return code;
}

/*
 * Reads more bytes so that at least need bytes from pos are buffered,
 * unless the document ends first. 0, or ERR_IO or ERR_TOOBIG (recorded).
 */
static int rec_fill(struct jsonrec *r, size_t need, struct err_info *ei)
{
    while (r->len - r->pos < need && !r->eof) {
        if (r->pos > 0) {
            memmove(r->buf, r->buf + r->pos, r->len - r->pos);
            r->len -= r->pos;
            r->pos = 0;
        }
        if (r->len == r->cap) {
            /* Room for the longest value and the text around it. */
            size_t limit = r->max + 65536;
            if (r->cap >= limit)
                return rec_fail(r, ei, ERR_TOOBIG, "a value is too large");
            size_t cap = r->cap ? r->cap * 2 : 65536;
            r->cap = cap < limit ? cap : limit;
            r->buf = xrealloc(r->buf, r->cap);
        }
        long n = r->read(r->arg, r->buf + r->len, r->cap - r->len);
        if (n < 0)
            return rec_fail(r, ei, ERR_IO, "the file cannot be read");
        if (n == 0)
            r->eof = 1;
        /* JSON text never holds a NUL byte (jansson would skip one). */
        const char *nul = memchr(r->buf + r->len, '\0', (size_t)n);
        r->len += (size_t)n;
        if (nul) {
            for (const char *p = r->buf + r->pos; p < nul; p++)
                r->line += *p == '\n';
            return rec_fail(r, ei, ERR_SYNTAX,
                            "a NUL byte, which JSON text never holds");
        }
    }
    return 0;
}

/* The byte k after pos, REC_EOF past the end, or REC_ERROR (recorded). */
static int rec_peek(struct jsonrec *r, size_t k, struct err_info *ei)
{
    if (r->len - r->pos <= k && rec_fill(r, k + 1, ei) != 0)
        return REC_ERROR;
    if (r->len - r->pos <= k)
        return REC_EOF;
    return (unsigned char)r->buf[r->pos + k];
}

/* Moves past n buffered bytes, counting lines. */
static void rec_consume(struct jsonrec *r, size_t n)
{
    const char *p = r->buf + r->pos, *end = p + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        r->line++;
        p++;
    }
    r->pos += n;
    r->offset += n;
}

/* Skips white space; returns the next byte as rec_peek() does. */
static int rec_skip_space(struct jsonrec *r, struct err_info *ei)
{
    for (;;) {
        int c = rec_peek(r, 0, ei);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return c;
        rec_consume(r, 1);
    }
}

/* Fails with "expected WHAT" and what was found instead. */
static int rec_expected(struct jsonrec *r, struct err_info *ei, int c,
                        const char *what)
{
    char msg[160];
    if (c == REC_ERROR)
        return r->failure.code;
    if (c == REC_EOF)
        snprintf(msg, sizeof(msg), "expected %s, but the file ends", what);
    else if (c >= 0x21 && c < 0x7f)
        snprintf(msg, sizeof(msg), "expected %s, found '%c'", what, c);
    else
        snprintf(msg, sizeof(msg), "expected %s, found byte 0x%02x", what, c);
    return rec_fail(r, ei, ERR_SYNTAX, msg);
}

/* Where the file ended inside a value k bytes long: its line there. */
static void rec_line_at_end(struct jsonrec *r, size_t k)
{
    for (size_t i = 0; i < k && r->pos + i < r->len; i++)
        r->line += r->buf[r->pos + i] == '\n';
}

/*
 * Finds the length of the value that starts at pos (an object, an array,
 * a string or a scalar), buffering all of it, without judging more than
 * where it ends: jansson judges the rest.
 */
static int rec_scan(struct jsonrec *r, size_t *n, struct err_info *ei)
{
    int c = rec_peek(r, 0, ei);
    size_t k = 0;
    if (c == '{' || c == '[') {
        int depth = 0, instr = 0;
        for (;; k++) {
            if (k >= r->max)
                return rec_fail(r, ei, ERR_TOOBIG, "a value is too large");
            c = rec_peek(r, k, ei);
            if (c == REC_EOF)
                rec_line_at_end(r, k);
            if (c < 0)
                return rec_expected(r, ei, c, "the end of the value");
            if (instr) {
                if (c == '\\')
                    k++;
                else if (c == '"')
                    instr = 0;
            } else if (c == '"') {
                instr = 1;
            } else if (c == '{' || c == '[') {
                if (++depth > JSONREC_DEPTH_MAX)
                    return rec_fail(r, ei, ERR_SYNTAX,
                                    "a value is nested too deeply");
            } else if (c == '}' || c == ']') {
                if (--depth == 0) {
                    *n = k + 1;
                    return 0;
                }
            }
        }
    }
    if (c == '"') {
        for (k = 1;; k++) {
            if (k >= r->max)
                return rec_fail(r, ei, ERR_TOOBIG, "a value is too large");
            c = rec_peek(r, k, ei);
            if (c == REC_EOF)
                rec_line_at_end(r, k);
            if (c < 0)
                return rec_expected(r, ei, c, "the end of the string");
            if (c == '\\') {
                k++;
            } else if (c == '"') {
                *n = k + 1;
                return 0;
            }
        }
    }
    for (;; k++) {
        if (k >= r->max)
            return rec_fail(r, ei, ERR_TOOBIG, "a value is too large");
        c = rec_peek(r, k, ei);
        if (c == REC_ERROR)
            return r->failure.code;
        if (c == REC_EOF || strchr(",]} \t\r\n", c))
            break;
    }
    if (k == 0)
        return rec_expected(r, ei, c, "a value");
    *n = k;
    return 0;
}

/* Parses the value of n bytes at pos with jansson and moves past it. */
static int rec_parse(struct jsonrec *r, size_t n, json_t **out,
                     struct err_info *ei)
{
    json_error_t je;
    *out = json_loadb(r->buf + r->pos, n,
                      JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (!*out) {
        char msg[ERR_MSG_MAX];
        long line = r->line + (je.line > 0 ? je.line - 1 : 0);
        snprintf(msg, sizeof(msg), "%s", je.text);
        r->line = line; /* where jansson stopped */
        return rec_fail(r, ei, ERR_SYNTAX, msg);
    }
    rec_consume(r, n);
    return 0;
}

/* Reads a value at pos into *out, and the line it starts on. */
static int rec_value(struct jsonrec *r, json_t **out, long *line,
                     struct err_info *ei)
{
    size_t n = 0;
    *line = r->line;
    int rc = rec_scan(r, &n, ei);
    return rc ? rc : rec_parse(r, n, out, ei);
}

/*
 * Reads a member's name, its ':' and the start of its value: an array
 * begins (JSONREC_ARRAY), or the whole value is read (JSONREC_MEMBER).
 */
static int rec_member(struct jsonrec *r, struct jsonrec_item *out,
                      struct err_info *ei)
{
    json_t *name = NULL;
    long line = r->line;
    int c = rec_peek(r, 0, ei);
    if (c != '"')
        return rec_expected(r, ei, c, "a member's name");
    int rc = rec_value(r, &name, &line, ei);
    if (rc)
        return rc;
    free(r->name);
    r->name = xstrdup(json_string_value(name));
    json_decref(name);
    r->name_line = line;
    for (size_t i = 0; i < r->nnames; i++)
        if (strcmp(r->names[i], r->name) == 0) {
            r->line = line;
            return rec_fail(r, ei, ERR_SYNTAX, "a member's name is repeated");
        }
    xgrow((void **)&r->names, &r->capnames, r->nnames + 1, sizeof(*r->names));
    r->names[r->nnames++] = xstrdup(r->name);
    c = rec_skip_space(r, ei);
    if (c != ':')
        return rec_expected(r, ei, c, "':'");
    rec_consume(r, 1);
    c = rec_skip_space(r, ei);
    out->name = r->name;
    out->line = line;
    if (c == '[') {
        rec_consume(r, 1);
        out->event = JSONREC_ARRAY;
        r->state = REC_ARRAY_FIRST;
        return 0;
    }
    if (c < 0)
        return rec_expected(r, ei, c, "a value");
    rc = rec_value(r, &out->value, &out->line, ei);
    if (rc)
        return rc;
    out->event = JSONREC_MEMBER;
    r->state = REC_AFTER_MEMBER;
    return 0;
}

/* After the '}' that closes the document: only white space may follow. */
static int rec_close(struct jsonrec *r, struct jsonrec_item *out,
                     struct err_info *ei)
{
    rec_consume(r, 1);
    out->line = r->line;
    int c = rec_skip_space(r, ei);
    if (c == REC_ERROR)
        return r->failure.code;
    if (c != REC_EOF)
        return rec_fail(r, ei, ERR_SYNTAX, "text after the end of the object");
    out->event = JSONREC_END;
    r->state = REC_DONE;
    return 0;
}

/* An element at pos (after '[' or ','). */
static int rec_element(struct jsonrec *r, struct jsonrec_item *out,
                       struct err_info *ei)
{
    out->name = r->name;
    int rc = rec_value(r, &out->value, &out->line, ei);
    if (rc)
        return rc;
    out->event = JSONREC_ELEMENT;
    r->state = REC_ARRAY_NEXT;
    return 0;
}

int jsonrec_next(struct jsonrec *r, struct jsonrec_item *out,
                 struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    out->line = r->line;
    int c;
    switch (r->state) {
    case REC_START:
        c = rec_skip_space(r, ei);
        if (c != '{')
            return rec_expected(r, ei, c, "'{' (a JSON object)");
        rec_consume(r, 1);
        c = rec_skip_space(r, ei);
        if (c == '}')
            return rec_close(r, out, ei);
        return rec_member(r, out, ei);
    case REC_AFTER_MEMBER:
        c = rec_skip_space(r, ei);
        if (c == '}')
            return rec_close(r, out, ei);
        if (c != ',')
            return rec_expected(r, ei, c, "',' or '}'");
        rec_consume(r, 1);
        if (rec_skip_space(r, ei) == REC_ERROR)
            return r->failure.code;
        return rec_member(r, out, ei);
    case REC_ARRAY_FIRST:
        c = rec_skip_space(r, ei);
        if (c == ']') {
            rec_consume(r, 1);
            out->event = JSONREC_ARRAY_END;
            out->name = r->name;
            r->state = REC_AFTER_MEMBER;
            return 0;
        }
        if (c < 0)
            return rec_expected(r, ei, c, "a value or ']'");
        return rec_element(r, out, ei);
    case REC_ARRAY_NEXT:
        c = rec_skip_space(r, ei);
        if (c == ']') {
            rec_consume(r, 1);
            out->event = JSONREC_ARRAY_END;
            out->name = r->name;
            r->state = REC_AFTER_MEMBER;
            return 0;
        }
        if (c != ',')
            return rec_expected(r, ei, c, "',' or ']'");
        rec_consume(r, 1);
        c = rec_skip_space(r, ei);
        if (c == ']' || c < 0)
            return rec_expected(r, ei, c, "a value");
        return rec_element(r, out, ei);
    case REC_DONE:
        out->event = JSONREC_END;
        return 0;
    case REC_FAILED:
    default:
        if (ei)
            *ei = r->failure;
        return r->failure.code ? r->failure.code : ERR_SYNTAX;
    }
}
