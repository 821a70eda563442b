/*
 * A workbook of sheets, as Randa's exports make them (issue 15): each sheet
 * a header row of named columns and rows of cells under it, each cell text,
 * a number, a share, or a date, with an optional background and text
 * colour (the heat map's). What the cells say is the caller's; the writers
 * lay them out: sheet_csv() one sheet as CSV as Swedish Excel reads it,
 * xlsx.h's sheet_xlsx() the whole book as an Excel workbook. Like doc.h,
 * the model knows nothing of the store or the API: api -> doc -> util.
 *
 * Text is UTF-8 and copied. Columns are declared before the first row.
 *
 *     struct sheet_book b;
 *     sheet_book_init(&b, "Bokningar");
 *     struct sheet *s = sheet_book_add(&b, "Bokningar");
 *     sheet_column(s, "ST-läkare", 0, SHEET_TEXT);
 *     sheet_column(s, "Veckor", 0, SHEET_INTEGER);
 *     sheet_row(s);
 *     sheet_text(s, "Ahmad Andersson");
 *     sheet_number(s, 12);
 *     ... sheet_csv(s, &out) or sheet_xlsx(&b, &out, &ei) ...
 *     sheet_book_release(&b);
 */
#ifndef RANDA_DOC_SHEET_H
#define RANDA_DOC_SHEET_H

#include "util/buf.h"

#include <stddef.h>
#include <stdint.h>

/* How a column's numbers read; text cells read as text in any column. */
enum sheet_format {
    SHEET_TEXT,    /* as it is */
    SHEET_INTEGER, /* 12 */
    SHEET_DECIMAL, /* 1,5: at most two decimals */
    SHEET_PERCENT, /* a share 0..1 shown as 76,9 % */
    SHEET_DATE,    /* "2027-03-01", a real date in Excel */
};

/* No colour: the writer's default. */
#define SHEET_NO_COLOUR 0xFFFFFFFFu

struct sheet_cell {
    int set;         /* 0: an empty cell */
    char *text;      /* text and dates; NULL for numbers */
    double number;   /* numbers and shares */
    uint32_t fill;   /* background 0xRRGGBB, or SHEET_NO_COLOUR */
    uint32_t colour; /* text colour, or SHEET_NO_COLOUR */
    int bold;
    int format; /* an enum sheet_format of its own, or -1: the column's */
};

struct sheet_column {
    char *header;
    int width; /* in characters; 0: from the header and the cells */
    enum sheet_format format;
};

struct sheet {
    char *name; /* at most 31 characters in Excel: longer is cut there */
    struct sheet_column *columns;
    size_t ncolumns, column_cap;
    struct sheet_cell *cells; /* nrows * ncolumns, a row at a time */
    size_t nrows, cell_cap;
    size_t next;        /* the next cell's column in the last row */
    int freeze_columns; /* columns kept in view when scrolling sideways */
    int filter;         /* 1: Excel's filter buttons on the header row */
};

struct sheet_book {
    char *title; /* the workbook's title (its properties) */
    struct sheet **sheets;
    size_t n, cap;
    size_t main; /* the sheet a CSV of the book is made of */
};

/* Starts an empty book called title. */
void sheet_book_init(struct sheet_book *b, const char *title);
void sheet_book_release(struct sheet_book *b);

/* Adds a sheet called name; the book owns it. The first sheet is the
 * book's main one until sheet_book_main() says otherwise. */
struct sheet *sheet_book_add(struct sheet_book *b, const char *name);
void sheet_book_main(struct sheet_book *b, const struct sheet *s);

/* Declares the next column. */
void sheet_column(struct sheet *s, const char *header, int width,
                  enum sheet_format format);

/* Starts a new row; the cells that follow fill it from the left. Cells
 * beyond the last column are dropped. */
void sheet_row(struct sheet *s);

/* The next cell of the row: text (NULL or "" leaves it empty), a number,
 * a share, a date "YYYY-MM-DD", or nothing. How a number reads is the
 * column's format. */
void sheet_text(struct sheet *s, const char *text);
void sheet_textf(struct sheet *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sheet_number(struct sheet *s, double v);
/* A number read in a format of its own, whatever its column's. */
void sheet_number_as(struct sheet *s, double v, enum sheet_format format);
void sheet_date(struct sheet *s, const char *date);
void sheet_skip(struct sheet *s);

/* Colours and weight of the cell written last. */
void sheet_style(struct sheet *s, uint32_t fill, uint32_t colour, int bold);

/* The format of the cell at row r, column c: its own or its column's. */
enum sheet_format sheet_cell_format(const struct sheet *s, size_t r, size_t c);

/* The cell at row r, column c (NULL outside the sheet). */
const struct sheet_cell *sheet_cell_at(const struct sheet *s, size_t r,
                                       size_t c);

/* The width of column c in characters: its own, or from the header and
 * the cells (8..60). */
int sheet_column_width(const struct sheet *s, size_t c);

/* The text of a number as Swedish Excel reads it: a decimal comma, at
 * most two decimals, no thousands separator; a share as "76,9%", which
 * Excel reads back as the share it is.
 * out holds SHEET_NUMBER_MAX bytes. */
#define SHEET_NUMBER_MAX 48
void sheet_number_text(double v, enum sheet_format format, char *out);

/*
 * Appends sheet s as CSV as Swedish Excel opens it with a double click:
 * UTF-8 with a byte order mark, fields separated by semicolons, lines
 * ended by CRLF, a field quoted when it holds a semicolon, a quote, a line
 * break or spaces at its ends (quotes doubled), numbers with a decimal
 * comma (shares as 76,9%) and dates as 2027-03-01. A text that would start a
 * formula (=, +,
 * -, @) gets a leading apostrophe, so that opening the file runs nothing
 * someone typed into a name. 0, or ERR_TOOBIG when out's cap is reached.
 */
int sheet_csv(const struct sheet *s, struct buf *out);

#endif
