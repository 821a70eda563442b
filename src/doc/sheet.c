/* A workbook of sheets (sheet.h) and its CSV writer. */
#include "doc/sheet.h"

#include "util/err.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sheet_book_init(struct sheet_book *b, const char *title)
{
    memset(b, 0, sizeof(*b));
    b->title = xstrdup(title ? title : "");
}

static void sheet_free(struct sheet *s)
{
    for (size_t i = 0; i < s->ncolumns; i++)
        free(s->columns[i].header);
    for (size_t i = 0; i < s->nrows * s->ncolumns; i++)
        free(s->cells[i].text);
    free(s->columns);
    free(s->cells);
    free(s->name);
    free(s);
}

void sheet_book_release(struct sheet_book *b)
{
    for (size_t i = 0; i < b->n; i++)
        sheet_free(b->sheets[i]);
    free(b->sheets);
    free(b->title);
    memset(b, 0, sizeof(*b));
}

struct sheet *sheet_book_add(struct sheet_book *b, const char *name)
{
    struct sheet *s = xcalloc(1, sizeof(*s));
    s->name = xstrdup(name);
    s->filter = 1;
    xgrow((void **)&b->sheets, &b->cap, b->n + 1, sizeof(*b->sheets));
    b->sheets[b->n++] = s;
    return s;
}

void sheet_book_main(struct sheet_book *b, const struct sheet *s)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->sheets[i] == s)
            b->main = i;
}

void sheet_column(struct sheet *s, const char *header, int width,
                  enum sheet_format format)
{
    /* Columns come before the rows: the cells are laid out by them. */
    if (s->nrows)
        abort();
    xgrow((void **)&s->columns, &s->column_cap, s->ncolumns + 1,
          sizeof(*s->columns));
    s->columns[s->ncolumns++] =
        (struct sheet_column){xstrdup(header), width, format};
}

void sheet_row(struct sheet *s)
{
    size_t n = (s->nrows + 1) * s->ncolumns;
    xgrow((void **)&s->cells, &s->cell_cap, n ? n : 1, sizeof(*s->cells));
    for (size_t i = s->nrows * s->ncolumns; i < n; i++)
        s->cells[i] = (struct sheet_cell){
            0, NULL, 0, SHEET_NO_COLOUR, SHEET_NO_COLOUR, 0, -1};
    s->nrows++;
    s->next = 0;
}

/* The next cell of the last row, or NULL past the last column (or before
 * the first row). */
static struct sheet_cell *sheet_next(struct sheet *s)
{
    if (!s->nrows || s->next >= s->ncolumns)
        return NULL;
    return &s->cells[(s->nrows - 1) * s->ncolumns + s->next++];
}

void sheet_text(struct sheet *s, const char *text)
{
    struct sheet_cell *c = sheet_next(s);
    if (!c || !text || !*text)
        return;
    c->set = 1;
    c->text = xstrdup(text);
}

void sheet_textf(struct sheet *s, const char *fmt, ...)
{
    char text[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof(text), fmt, ap);
    va_end(ap);
    sheet_text(s, text);
}

void sheet_number(struct sheet *s, double v)
{
    struct sheet_cell *c = sheet_next(s);
    if (!c || !isfinite(v))
        return;
    c->set = 1;
    c->number = v;
}

void sheet_number_as(struct sheet *s, double v, enum sheet_format format)
{
    struct sheet_cell *c = sheet_next(s);
    if (!c || !isfinite(v))
        return;
    c->set = 1;
    c->number = v;
    c->format = (int)format;
}

enum sheet_format sheet_cell_format(const struct sheet *s, size_t r, size_t c)
{
    const struct sheet_cell *cell = sheet_cell_at(s, r, c);
    return cell && cell->format >= 0 ? (enum sheet_format)cell->format
                                     : s->columns[c].format;
}

void sheet_date(struct sheet *s, const char *date)
{
    sheet_text(s, date);
}

void sheet_skip(struct sheet *s)
{
    sheet_next(s);
}

void sheet_style(struct sheet *s, uint32_t fill, uint32_t colour, int bold)
{
    if (!s->nrows || s->next == 0)
        return;
    struct sheet_cell *c =
        &s->cells[(s->nrows - 1) * s->ncolumns + s->next - 1];
    c->fill = fill;
    c->colour = colour;
    c->bold = bold;
}

const struct sheet_cell *sheet_cell_at(const struct sheet *s, size_t r,
                                       size_t c)
{
    if (r >= s->nrows || c >= s->ncolumns)
        return NULL;
    return &s->cells[r * s->ncolumns + c];
}

/* Characters (not bytes) of UTF-8 text. */
static size_t sheet_chars(const char *t)
{
    size_t n = 0;
    for (; *t; t++)
        n += ((unsigned char)*t & 0xC0) != 0x80;
    return n;
}

int sheet_column_width(const struct sheet *s, size_t c)
{
    const struct sheet_column *col = &s->columns[c];
    if (col->width > 0)
        return col->width;
    size_t w = sheet_chars(col->header) + 3; /* room for a filter button */
    /* The first rows tell well enough; a long list is not read whole. */
    for (size_t r = 0; r < s->nrows && r < 2000; r++) {
        const struct sheet_cell *cell = &s->cells[r * s->ncolumns + c];
        size_t n = 0;
        if (cell->text)
            n = sheet_chars(cell->text);
        else if (cell->set)
            n = col->format == SHEET_DATE ? 10 : 8;
        if (n + 1 > w)
            w = n + 1;
    }
    if (col->format == SHEET_DATE && w < 11)
        w = 11;
    return w < 8 ? 8 : w > 60 ? 60 : (int)w;
}

void sheet_number_text(double v, enum sheet_format format, char *out)
{
    if (format == SHEET_PERCENT) {
        snprintf(out, SHEET_NUMBER_MAX, "%.1f", v * 100.0);
    } else if (format == SHEET_INTEGER && fabs(v - nearbyint(v)) < 1e-9) {
        snprintf(out, SHEET_NUMBER_MAX, "%.0f", v);
    } else {
        snprintf(out, SHEET_NUMBER_MAX, "%.2f", v);
        /* No trailing zeros: 1.50 is 1,5 and 2.00 is 2. */
        char *dot = strchr(out, '.');
        if (dot) {
            char *end = out + strlen(out) - 1;
            while (end > dot && *end == '0')
                *end-- = '\0';
            if (end == dot)
                *end = '\0';
        }
    }
    if (strcmp(out, "-0") == 0)
        strcpy(out, "0");
    char *dot = strchr(out, '.');
    if (dot)
        *dot = ',';
    if (format == SHEET_PERCENT)
        strcat(out, "%");
}

/* Appends one CSV field, quoted when it must be. */
static int sheet_csv_field(struct buf *out, const char *t, int may_be_formula)
{
    size_t n = strlen(t);
    int quote = n && (t[0] == ' ' || t[n - 1] == ' ');
    for (const char *p = t; *p && !quote; p++)
        quote = *p == ';' || *p == '"' || *p == '\r' || *p == '\n';
    int rc = 0;
    if (quote)
        rc |= buf_adds(out, "\"");
    if (may_be_formula && strchr("=+-@\t", t[0]) && t[0])
        rc |= buf_adds(out, "'");
    for (const char *p = t; *p; p++)
        rc |= *p == '"' ? buf_adds(out, "\"\"") : buf_add(out, p, 1);
    if (quote)
        rc |= buf_adds(out, "\"");
    return rc ? ERR_TOOBIG : 0;
}

int sheet_csv(const struct sheet *s, struct buf *out)
{
    int rc = buf_adds(out, "\xEF\xBB\xBF");
    for (size_t c = 0; c < s->ncolumns && rc == 0; c++) {
        if (c)
            rc = buf_adds(out, ";");
        if (rc == 0)
            rc = sheet_csv_field(out, s->columns[c].header, 1);
    }
    if (rc == 0)
        rc = buf_adds(out, "\r\n");
    for (size_t r = 0; r < s->nrows && rc == 0; r++) {
        for (size_t c = 0; c < s->ncolumns && rc == 0; c++) {
            const struct sheet_cell *cell = &s->cells[r * s->ncolumns + c];
            if (c)
                rc = buf_adds(out, ";");
            if (rc || !cell->set)
                continue;
            if (cell->text) {
                rc = sheet_csv_field(out, cell->text, 1);
            } else {
                char num[SHEET_NUMBER_MAX];
                sheet_number_text(cell->number, sheet_cell_format(s, r, c),
                                  num);
                rc = sheet_csv_field(out, num, 0);
            }
        }
        if (rc == 0)
            rc = buf_adds(out, "\r\n");
    }
    return rc ? ERR_TOOBIG : 0;
}
