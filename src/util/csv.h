/*
 * Tables of text from outside: CSV as Swedish Excel writes it, read into
 * rows of cells, and cells written back as CSV that Excel opens.
 *
 * Swedish Excel saves "CSV (semikolonavgränsad)": fields separated by ';'
 * (the comma is the decimal sign), quoted with '"' where they hold a
 * separator, a quote or a line break, lines ended by CRLF, and the text in
 * Windows-1252, or in UTF-8 with a byte order mark ("CSV UTF-8"). The
 * reader takes any of these, with or without the mark and with any line
 * ending, and says which it found; a file separated by commas or tabs, or
 * in UTF-16, is refused with a sentence saying how to save it instead.
 *
 * A table's cells are UTF-8. Each row knows the line of the file it starts
 * on (a quoted cell may span lines), so that a report can name it. Rows
 * whose cells are all blank are skipped, as Excel leaves them at the end.
 * Outside input cannot grow a table without bound: rows, columns and cells
 * have caps, past which reading fails with ERR_TOOBIG.
 */
#ifndef RANDA_UTIL_CSV_H
#define RANDA_UTIL_CSV_H

#include "util/err.h"

#include <stddef.h>

struct buf;

#define CSV_ROWS_MAX 100000 /* rows of a table, the header included */
#define CSV_COLS_MAX 64     /* cells of a row */
#define CSV_CELL_MAX 4096   /* bytes of a cell */

/* One row: the file's line it starts on (from 1) and its cells. */
struct table_row {
    int line;
    int ncells;
    char **cells; /* UTF-8, NUL-terminated */
};

/* A table of rows; the first is the header when the file has one. */
struct table {
    int nrows;
    struct table_row *rows;
    int cap; /* private */
};

/* What the reader found: the encoding and the separator. */
struct csv_info {
    const char *encoding; /* "UTF-8", "UTF-8 BOM", "Windows-1252" */
    char separator;       /* ';' */
};

/*
 * Reads the CSV file of len bytes at data into out (which the caller
 * releases with table_release(), also on failure). Returns 0, ERR_SYNTAX
 * with a sentence in ei (field "file", or "line N" in the message) for a
 * file that is not such CSV, or ERR_TOOBIG past a cap.
 */
int csv_read(const char *data, size_t len, struct table *out,
             struct csv_info *info, struct err_info *ei);

/* Appends a row of n cells to t (copies them); ERR_TOOBIG past a cap. */
int table_add_row(struct table *t, int line, const char *const *cells, int n);

/* The cell of row r at column c, or "" where the row is shorter. */
const char *table_cell(const struct table *t, int r, int c);

/* Frees the rows and cells of t and empties it; t may be reused. */
void table_release(struct table *t);

/*
 * Appends cell s to b as one CSV field for Excel: quoted when it holds
 * sep, a quote or a line break, and with a leading apostrophe when it
 * begins with = + - @ or a tab, so that Excel never takes text from a file
 * for a formula. Returns 0 or ERR_TOOBIG (b's cap).
 */
int csv_write_cell(struct buf *b, const char *s, char sep);

/* 1 when the n bytes at s are well-formed UTF-8. */
int csv_utf8_valid(const char *s, size_t n);

/* Replaces, in place, each byte of the string s that does not start a
 * well-formed UTF-8 character with mark, or drops it when mark is '\0':
 * what a cut by byte count (%.80s, a full buffer) leaves of a character,
 * or a decoded path's stray byte, can then go into JSON. */
void csv_utf8_clean(char *s, char mark);

#endif
