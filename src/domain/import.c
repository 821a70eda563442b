/* Import files' kinds, columns, cells and reports (import.h). */
#include "domain/import.h"

#include "domain/pattern.h"
#include "domain/week.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the kinds and their columns ---- */

#define COLS(a) a, (int)(sizeof(a) / sizeof(a[0]))

static const struct import_column import_units[] = {
    {"hsa_id", 1, "SE2321000255-E1684"},
    {"name", 1, "Kvinnokliniken, Sus Lund"},
    {"region", 1, "skane"},
    {"provider", 1, "232100-0255"},
    {"specialty", 1, "obstetrik-och-gynekologi"},
    {"kind", 1, "hospital_clinic"},
    {"site", 0, ""},
    {"area", 0, ""},
    {"takes_trainees", 0, "ja"},
    {"max_away", 0, "3"},
};

static const struct import_column import_capacity[] = {
    {"unit", 1, "SE2321000255-E1684"}, {"from_week", 1, "2027-W10"},
    {"to_week", 1, "v. 22 2027"},      {"seats", 1, "2"},
    {"patterns", 0, "full, half"},     {"note", 0, "vår"},
};

static const struct import_column import_supervisors[] = {
    {"email", 1, "karin.holm@example.se"},
    {"name", 1, "Karin Holm"},
    {"hsa_id", 0, "SE2321000255-P200001"},
    {"unit", 1, "SE2321000255-E1684"},
    {"trained_on", 0, "2024-05-15"},
    {"specialist_since", 0, "2015-09-01"},
};

static const struct import_column import_trainees[] = {
    {"email", 1, "sara.lind@example.se"},
    {"name", 1, "Sara Lind"},
    {"hsa_id", 0, "SE2321000255-P300001"},
    {"specialty", 1, "allmanmedicin"},
    {"regulation", 1, "2021"},
    {"home_unit", 1, "SE2321000255-E1684"},
    {"start_date", 1, "2026-09-01"},
    {"planned_end", 1, "2031-08-31"},
    {"fte", 0, "100"},
    {"status", 0, "active"},
};

static const struct import_column import_leaves[] = {
    {"trainee", 1, "sara.lind@example.se"},
    {"trainee_specialty", 0, ""},
    {"from_date", 1, "2028-01-03"},
    {"to_date", 1, "2028-06-30"},
    {"kind", 1, "parental"},
};

static const struct import_column import_needs[] = {
    {"trainee", 1, "sara.lind@example.se"},
    {"trainee_specialty", 0, ""},
    {"specialty", 0, "obstetrik-och-gynekologi"},
    {"units", 0, ""},
    {"weeks", 1, "12"},
    {"patterns", 0, "full"},
    {"preferred_start", 0, "2027-W36"},
};

static const struct import_column import_bookings[] = {
    {"trainee", 1, "sara.lind@example.se"},
    {"trainee_specialty", 0, ""},
    {"unit", 1, "SE2321000255-E1684"},
    {"start_week", 1, "2027-W36"},
    {"pattern", 0, "full"},
    {"weeks", 0, "12"},
    {"status", 0, "requested"},
};

static const struct import_column import_users[] = {
    {"username", 1, "karin.holm"},
    {"name", 1, "Karin Holm"},
    {"roles", 0, "director=SE2321000255-E1684"},
};

static const struct import_kind_info import_kinds[IMPORT_KIND_COUNT] = {
    [IMPORT_UNITS] = {"units", "unit.write", COLS(import_units)},
    [IMPORT_CAPACITY] = {"capacity", "capacity.write", COLS(import_capacity)},
    [IMPORT_SUPERVISORS] = {"supervisors", "supervisor.write",
                            COLS(import_supervisors)},
    [IMPORT_TRAINEES] = {"trainees", "trainee.write", COLS(import_trainees)},
    [IMPORT_LEAVES] = {"leaves", "leave.write", COLS(import_leaves)},
    [IMPORT_NEEDS] = {"needs", "need.write", COLS(import_needs)},
    [IMPORT_BOOKINGS] = {"bookings", "booking.request", COLS(import_bookings)},
    [IMPORT_USERS] = {"users", "user.admin", COLS(import_users)},
};

const struct import_kind_info *import_kind_info(enum import_kind k)
{
    return (unsigned)k < IMPORT_KIND_COUNT ? &import_kinds[k] : NULL;
}

int import_kind_parse(const char *name)
{
    for (int k = 0; name && k < IMPORT_KIND_COUNT; k++)
        if (strcmp(import_kinds[k].name, name) == 0)
            return k;
    return -1;
}

const char *import_action_name(enum import_action a)
{
    static const char *const names[] = {"insert", "update", "unchanged",
                                        "error"};
    return (unsigned)a < 4 ? names[a] : "error";
}

/* ---- the report ---- */

static const char *const import_code_names[IMPORT_CODE_COUNT] = {
    [IMPORT_CODE_REQUIRED] = "required",
    [IMPORT_CODE_MALFORMED] = "malformed",
    [IMPORT_CODE_OUT_OF_RANGE] = "out_of_range",
    [IMPORT_CODE_UNKNOWN] = "unknown",
    [IMPORT_CODE_AMBIGUOUS] = "ambiguous",
    [IMPORT_CODE_DUPLICATE] = "duplicate",
    [IMPORT_CODE_SCOPE] = "scope",
    [IMPORT_CODE_CONFLICT] = "conflict",
    [IMPORT_CODE_REFUSED] = "refused",
    [IMPORT_CODE_COLUMN_UNKNOWN] = "column_unknown",
    [IMPORT_CODE_COLUMN_MISSING] = "column_missing",
    [IMPORT_CODE_COLUMN_REPEATED] = "column_repeated",
    [IMPORT_CODE_EMPTY] = "empty",
    [IMPORT_CODE_FILE] = "file",
};

const char *import_code_name(enum import_code c)
{
    return (unsigned)c < IMPORT_CODE_COUNT ? import_code_names[c] : "refused";
}

int import_code_generic(enum import_code c)
{
    switch (c) {
    case IMPORT_CODE_MALFORMED:
    case IMPORT_CODE_OUT_OF_RANGE:
    case IMPORT_CODE_DUPLICATE: /* the message names the other line */
    case IMPORT_CODE_CONFLICT:
    case IMPORT_CODE_FILE:
        return 1;
    case IMPORT_CODE_REQUIRED:
    case IMPORT_CODE_UNKNOWN:
    case IMPORT_CODE_AMBIGUOUS:
    case IMPORT_CODE_SCOPE:
    case IMPORT_CODE_COLUMN_UNKNOWN:
    case IMPORT_CODE_COLUMN_MISSING:
    case IMPORT_CODE_COLUMN_REPEATED:
    case IMPORT_CODE_EMPTY:
        return 0;
    case IMPORT_CODE_REFUSED:
    case IMPORT_CODE_COUNT:
        break;
    }
    return 1;
}

void import_problem(struct import_report *r, int line, const char *column,
                    enum import_code code, const char *fmt, ...)
{
    if (r->nproblems >= IMPORT_PROBLEMS_MAX) {
        r->dropped++;
        return;
    }
    if (r->nproblems == r->cap_problems) {
        size_t cap = (size_t)r->cap_problems;
        xgrow((void **)&r->problems, &cap, (size_t)r->nproblems + 1,
              sizeof(*r->problems));
        r->cap_problems = (int)cap;
    }
    struct import_problem *p = &r->problems[r->nproblems++];
    p->line = line;
    p->code = code;
    snprintf(p->column, sizeof(p->column), "%s", column ? column : "");
    p->value[0] = '\0';
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->message, sizeof(p->message), fmt, ap);
    va_end(ap);
    /* A value cut by its byte count must not end the report's UTF-8. */
    csv_utf8_clean(p->column, '\0');
    csv_utf8_clean(p->message, '\0');
}

void import_problem_value(struct import_problem *p, const char *cell)
{
    static const char more[] = "…";
    int cut = snprintf(p->value, sizeof(p->value), "%s", cell ? cell : "") >=
              (int)sizeof(p->value);
    if (!cut)
        return;
    /* Room for "…", and no half of a character before it. */
    p->value[sizeof(p->value) - sizeof(more)] = '\0';
    csv_utf8_clean(p->value, '\0');
    strcat(p->value, more);
}

struct import_row_result *import_row(struct import_report *r, int line,
                                     enum import_action a, const char *key,
                                     int64_t id)
{
    if (r->nrows == r->cap_rows) {
        size_t cap = (size_t)r->cap_rows;
        xgrow((void **)&r->rows, &cap, (size_t)r->nrows + 1, sizeof(*r->rows));
        r->cap_rows = (int)cap;
    }
    struct import_row_result *row = &r->rows[r->nrows++];
    row->line = line;
    row->action = a;
    row->id = id;
    snprintf(row->key, sizeof(row->key), "%s", key ? key : "");
    switch (a) {
    case IMPORT_INSERT:
        r->inserted++;
        break;
    case IMPORT_UPDATE:
        r->updated++;
        break;
    case IMPORT_UNCHANGED:
        r->unchanged++;
        break;
    case IMPORT_ERROR:
        r->failed++;
        break;
    }
    return row;
}

void import_report_release(struct import_report *r)
{
    free(r->rows);
    free(r->problems);
    enum import_kind k = r->kind;
    memset(r, 0, sizeof(*r));
    r->kind = k;
}

/* ---- text helpers ---- */

/* Copies s without surrounding spaces (ASCII, and U+00A0) into out. */
static void import_trim(const char *s, char *out, size_t size)
{
    const char *a = s, *b = s + strlen(s);
    for (;;) {
        if (a < b && (*a == ' ' || *a == '\t'))
            a++;
        else if (b - a >= 2 && (unsigned char)a[0] == 0xC2 &&
                 (unsigned char)a[1] == 0xA0)
            a += 2;
        else
            break;
    }
    for (;;) {
        if (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        else if (b - a >= 2 && (unsigned char)b[-2] == 0xC2 &&
                 (unsigned char)b[-1] == 0xA0)
            b -= 2;
        else
            break;
    }
    size_t n = (size_t)(b - a);
    if (n >= size)
        n = size - 1;
    memcpy(out, a, n);
    out[n] = '\0';
}

int import_header_read(enum import_kind k, const struct table *t,
                       struct import_header *h, struct import_report *r)
{
    const struct import_kind_info *info = import_kind_info(k);
    int problems = 0;
    for (int i = 0; i < IMPORT_COLS_MAX; i++)
        h->col[i] = -1;
    if (t->nrows == 0) {
        import_problem(r, 0, "", IMPORT_CODE_EMPTY,
                       "the file is empty: it needs a header row "
                       "naming its columns, and rows under it");
        return 1;
    }
    const struct table_row *hdr = &t->rows[0];
    for (int c = 0; c < hdr->ncells; c++) {
        char name[ERR_FIELD_MAX];
        import_trim(hdr->cells[c], name, sizeof(name));
        if (!name[0])
            continue;
        int found = -1;
        for (int i = 0; i < info->ncolumns && found < 0; i++)
            if (strcasecmp(info->columns[i].name, name) == 0)
                found = i;
        if (found < 0) {
            struct buf known = BUF_INIT(512);
            for (int i = 0; i < info->ncolumns; i++)
                buf_addf(&known, "%s%s", i ? ", " : "", info->columns[i].name);
            import_problem(r, hdr->line, name, IMPORT_CODE_COLUMN_UNKNOWN,
                           "unknown column: a file of %s has the columns %s",
                           info->name, known.data);
            buf_release(&known);
            problems++;
        } else if (h->col[found] >= 0) {
            import_problem(r, hdr->line, info->columns[found].name,
                           IMPORT_CODE_COLUMN_REPEATED,
                           "the column is named twice in the header");
            problems++;
        } else {
            h->col[found] = c;
        }
    }
    for (int i = 0; i < info->ncolumns; i++)
        if (info->columns[i].required && h->col[i] < 0) {
            import_problem(
                r, hdr->line, info->columns[i].name, IMPORT_CODE_COLUMN_MISSING,
                "missing column: a file of %s must have it", info->name);
            problems++;
        }
    return problems;
}

const char *import_cell(const struct table *t, const struct import_header *h,
                        int row, int i, char *out, size_t size)
{
    out[0] = '\0';
    if (i >= 0 && i < IMPORT_COLS_MAX && h->col[i] >= 0)
        import_trim(table_cell(t, row, h->col[i]), out, size);
    return out;
}

/* ---- cells ---- */

int import_read_text(const char *cell, size_t min, char *out, size_t size,
                     struct err_info *ei)
{
    size_t n = strlen(cell);
    if (n == 0 && min > 0)
        return err_set(ei, ERR_INVAL, "", "must not be empty");
    if (n < min)
        return err_set(ei, ERR_INVAL, "", "is shorter than %zu bytes", min);
    if (n >= size)
        return err_set(ei, ERR_INVAL, "", "is longer than %zu bytes", size - 1);
    for (const char *p = cell; *p; p++)
        if ((unsigned char)*p < 0x20)
            return err_set(ei, ERR_SYNTAX, "",
                           "holds a line break or a control character");
    memcpy(out, cell, n + 1);
    return 0;
}

int import_read_date(const char *cell, char *out, struct err_info *ei)
{
    struct date d;
    if (date_parse(cell, &d) != 0)
        return err_set(ei, ERR_SYNTAX, "",
                       "\"%.40s\" is not a date: write it as 2027-03-01", cell);
    date_format(d, out);
    return 0;
}

/* Reads digits at *p as a number of at most 4 digits; -1 if none. */
static int import_digits(const char **p)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)**p) && n < 5) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n == 0 || n > 4 ? -1 : v;
}

int import_read_week(const char *cell, int *out, struct err_info *ei)
{
    int year = -1, week = -1;
    const char *p = cell;
    if (isdigit((unsigned char)*p)) {
        /* 2027-W10, 2027W10, 2027-w10 */
        year = import_digits(&p);
        if (*p == '-')
            p++;
        if (*p == 'W' || *p == 'w') {
            p++;
            week = import_digits(&p);
        } else {
            year = -1;
        }
    } else {
        /* v. 10 2027, v10 2027, V 10 2027, vecka 10 2027, v. 10, 2027 */
        if (strncasecmp(p, "vecka", 5) == 0)
            p += 5;
        else if (*p == 'v' || *p == 'V')
            p++;
        else
            p = NULL;
        if (p) {
            if (*p == '.')
                p++;
            while (*p == ' ')
                p++;
            week = import_digits(&p);
            while (*p == ' ' || *p == ',' || *p == '/')
                p++;
            year = import_digits(&p);
        }
    }
    if (!p || *p || year < 0 || week < 0 || year < 1900)
        return err_set(ei, ERR_SYNTAX, "",
                       "\"%.40s\" is not a week: write it as 2027-W10 or "
                       "v. 10 2027",
                       cell);
    if (week < 1 || week > week_count_in_year(year))
        return err_set(ei, ERR_INVAL, "", "%d has no week %d: it has %d weeks",
                       year, week, week_count_in_year(year));
    if (week_from_iso(year, week, out) != 0)
        return err_set(ei, ERR_INVAL, "", "week %d of %d is out of range", week,
                       year);
    return 0;
}

/*
 * Reads a decimal number with a comma or point, spaces or non-breaking
 * spaces between digit groups and an optional sign, as hundredths
 * (exactly; more decimals that are not zero are refused). 0 or -1.
 */
static int import_hundredths(const char *cell, long *out)
{
    char digits[64];
    size_t n = 0;
    const char *p = cell;
    int neg = 0, frac = -1;
    if (*p == '-' || *p == '+' || (unsigned char)*p == 0xE2) {
        if ((unsigned char)*p == 0xE2) { /* U+2212, the minus sign */
            if ((unsigned char)p[1] != 0x88 || (unsigned char)p[2] != 0x92)
                return -1;
            p += 2;
            neg = 1;
        } else {
            neg = *p == '-';
        }
        p++;
    }
    long whole = 0, part = 0;
    int any = 0;
    for (; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (isdigit(c)) {
            if (n + 1 >= sizeof(digits))
                return -1;
            digits[n++] = (char)c;
            any = 1;
            if (frac >= 0) {
                if (frac < 2)
                    part = part * 10 + (c - '0');
                else if (c != '0')
                    return -1;
                frac++;
            } else {
                if (whole > 100000000)
                    return -1;
                whole = whole * 10 + (c - '0');
            }
        } else if ((c == ',' || c == '.') && frac < 0 && any) {
            frac = 0;
        } else if (c == ' ' && frac < 0 && any) {
            continue;
        } else if (c == 0xC2 && (unsigned char)p[1] == 0xA0 && frac < 0 &&
                   any) {
            p++;
        } else if (c == 0xE2 && (unsigned char)p[1] == 0x80 &&
                   (unsigned char)p[2] == 0xAF && frac < 0 && any) {
            p += 2; /* U+202F, a narrow no-break space */
        } else {
            return -1;
        }
    }
    if (!any)
        return -1;
    if (frac == 1)
        part *= 10;
    *out = (neg ? -1 : 1) * (whole * 100 + part);
    return 0;
}

int import_read_int(const char *cell, int lo, int hi, int *out,
                    struct err_info *ei)
{
    long h;
    if (import_hundredths(cell, &h) != 0)
        return err_set(ei, ERR_SYNTAX, "", "\"%.40s\" is not a number", cell);
    if (h % 100 != 0)
        return err_set(ei, ERR_SYNTAX, "", "%.40s: must be a whole number",
                       cell);
    long v = h / 100;
    if (v < lo || v > hi)
        return err_set(ei, ERR_INVAL, "", "%ld: must be %d to %d", v, lo, hi);
    *out = (int)v;
    return 0;
}

int import_read_fte(const char *cell, int *out, struct err_info *ei)
{
    char c[64];
    snprintf(c, sizeof(c), "%s", cell);
    size_t n = strlen(c);
    int percent = 0;
    if (n > 0 && c[n - 1] == '%') {
        c[--n] = '\0';
        percent = 1;
        while (n > 0 && c[n - 1] == ' ')
            c[--n] = '\0';
    }
    long h;
    if (import_hundredths(c, &h) != 0)
        return err_set(ei, ERR_SYNTAX, "",
                       "\"%.40s\" is not a part of full time: write 75, 75 "
                       "%% or 0,75",
                       cell);
    if (!percent && h > 0 && h <= 100)
        h *= 100; /* a fraction: 0,75 is 75 % */
    if (h % 100 != 0)
        return err_set(ei, ERR_SYNTAX, "",
                       "%.40s: must be a whole percent of full time", cell);
    if (h < 100 || h > 10000)
        return err_set(ei, ERR_INVAL, "",
                       "%.40s: must be 1 to 100 percent of full time", cell);
    *out = (int)(h / 100);
    return 0;
}

int import_read_bool(const char *cell, int *out, struct err_info *ei)
{
    static const char *const yes[] = {"ja",   "j",   "x", "1",
                                      "sant", "yes", "y", "true"};
    static const char *const no[] = {"nej", "n", "0", "falskt", "no", "false"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++)
        if (strcasecmp(cell, yes[i]) == 0) {
            *out = 1;
            return 0;
        }
    for (size_t i = 0; i < sizeof(no) / sizeof(*no); i++)
        if (strcasecmp(cell, no[i]) == 0) {
            *out = 0;
            return 0;
        }
    return err_set(ei, ERR_SYNTAX, "", "\"%.40s\" is neither ja nor nej", cell);
}

int import_read_vocab(const char *cell, const struct vocab *v, int *out,
                      struct err_info *ei)
{
    for (int i = 0; i < v->count; i++)
        if (strcasecmp(v->names[i], cell) == 0) {
            *out = i;
            return 0;
        }
    char names[200] = "";
    size_t used = 0;
    for (int i = 0; i < v->count && used < sizeof(names); i++)
        used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s",
                                 i ? ", " : "", v->names[i]);
    return err_set(ei, ERR_SYNTAX, "", "\"%.40s\" is no %s: use one of %s",
                   cell, v->what, names);
}

int import_read_patterns(const char *cell, unsigned *out, struct err_info *ei)
{
    char item[32];
    unsigned mask = 0;
    const char *p = cell;
    while (*p) {
        p += strspn(p, ", ");
        size_t n = strcspn(p, ", ");
        if (n == 0)
            break;
        enum pattern pat;
        snprintf(item, sizeof(item), "%.*s", (int)(n < 31 ? n : 31), p);
        for (char *q = item; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        if (n >= sizeof(item) || pattern_parse(item, &pat) != 0)
            return err_set(ei, ERR_SYNTAX, "",
                           "\"%.*s\" is no pattern: use full, split4, "
                           "split3, half or alternate",
                           (int)(n < 40 ? n : 40), p);
        mask |= PATTERN_BIT(pat);
        p += n;
    }
    if (!mask)
        return err_set(ei, ERR_SYNTAX, "", "names no pattern");
    *out = mask;
    return 0;
}

int import_read_list(const char *cell, char (*items)[IMPORT_KEY_MAX], int max,
                     int *n, struct err_info *ei)
{
    *n = 0;
    const char *p = cell;
    while (*p) {
        size_t len = strcspn(p, ",");
        char tmp[IMPORT_KEY_MAX + 1];
        if (len > IMPORT_KEY_MAX)
            return err_set(ei, ERR_INVAL, "",
                           "an item is longer than %d "
                           "bytes",
                           IMPORT_KEY_MAX - 1);
        memcpy(tmp, p, len);
        tmp[len] = '\0';
        if (*n >= max && tmp[strspn(tmp, " ")])
            return err_set(ei, ERR_INVAL, "", "lists more than %d items", max);
        if (tmp[strspn(tmp, " ")]) {
            import_trim(tmp, items[*n], IMPORT_KEY_MAX);
            (*n)++;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

int import_template(enum import_kind k, struct buf *b)
{
    const struct import_kind_info *info = import_kind_info(k);
    if (!info)
        return ERR_INVAL;
    int rc = buf_add(b, "\xEF\xBB\xBF", 3);
    for (int row = 0; row < 2 && rc == 0; row++) {
        for (int i = 0; i < info->ncolumns && rc == 0; i++) {
            if (i)
                rc = buf_add(b, ";", 1);
            if (rc == 0)
                rc = csv_write_cell(
                    b, row ? info->columns[i].example : info->columns[i].name,
                    ';');
        }
        if (rc == 0)
            rc = buf_add(b, "\r\n", 2);
    }
    return rc;
}
