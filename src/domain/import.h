/*
 * What an import file holds, with no I/O: the kinds of file Randa imports,
 * their columns, the reading of the header row, the reading of a cell as
 * a date, a week, a number, a yes or no, and the report of an import,
 * row by row, with every problem found and the line and column it is on.
 *
 * Cells are read as Swedes write them in Excel: dates 2027-03-01; weeks
 * 2027-W10, 2027W10, "v. 10 2027", "v10 2027" or "vecka 10 2027"; numbers
 * with a decimal comma (or point) and spaces, or non-breaking spaces, as
 * thousands separators; yes as ja, j, x, 1, sant, yes or true. The rules
 * of the entities are not here: the store checks each row as the API does.
 */
#ifndef RANDA_DOMAIN_IMPORT_H
#define RANDA_DOMAIN_IMPORT_H

#include "domain/vocab.h"
#include "util/csv.h"
#include "util/err.h"

#include <stdint.h>

enum import_kind {
    IMPORT_UNITS,
    IMPORT_CAPACITY,
    IMPORT_SUPERVISORS,
    IMPORT_TRAINEES,
    IMPORT_LEAVES,
    IMPORT_NEEDS,
    IMPORT_BOOKINGS,
    IMPORT_USERS,
    IMPORT_KIND_COUNT
};

#define IMPORT_COLS_MAX 16

/* A column of a kind of file. */
struct import_column {
    const char *name;    /* "hsa_id", as the header names it */
    int required;        /* the header must have it, and each row a value */
    const char *example; /* a value for the template */
};

struct import_kind_info {
    const char *name; /* "trainees" */
    const char
        *action; /* what each row does, in the policy ("trainee.write") */
    const struct import_column *columns;
    int ncolumns;
};

/* The kind's description; NULL for no kind. */
const struct import_kind_info *import_kind_info(enum import_kind k);
/* The kind named name, or -1. */
int import_kind_parse(const char *name);

/* ---- the report ---- */

enum import_action {
    IMPORT_INSERT,    /* a new record ("ny") */
    IMPORT_UPDATE,    /* an existing record changed ("ändrad") */
    IMPORT_UNCHANGED, /* the record is as the row says ("oförändrad") */
    IMPORT_ERROR,     /* the row has a problem ("fel") */
};
/* "insert", "update", "unchanged", "error". */
const char *import_action_name(enum import_action a);

#define IMPORT_PROBLEMS_MAX 1000
#define IMPORT_KEY_MAX      160
#define IMPORT_VALUE_MAX    160

/*
 * What kind of problem a problem is: what the person who made the file
 * must fix, so that the UI can word it in the user's language. Where the
 * kind alone cannot say why (IMPORT_CODE_MALFORMED and the rest that
 * import_code_generic() names), the problem's English message says it.
 */
enum import_code {
    IMPORT_CODE_REQUIRED,        /* a required cell is empty */
    IMPORT_CODE_MALFORMED,       /* not a date, week, number, word, ... */
    IMPORT_CODE_OUT_OF_RANGE,    /* a value, but not one allowed here */
    IMPORT_CODE_UNKNOWN,         /* no such unit, trainee, ... in Randa */
    IMPORT_CODE_AMBIGUOUS,       /* a person of more than one specialty */
    IMPORT_CODE_DUPLICATE,       /* the same record twice in the file */
    IMPORT_CODE_SCOPE,           /* outside the importer's roles */
    IMPORT_CODE_CONFLICT,        /* clashes with what Randa holds */
    IMPORT_CODE_REFUSED,         /* refused by another rule of Randa */
    IMPORT_CODE_COLUMN_UNKNOWN,  /* a header names a column of no file */
    IMPORT_CODE_COLUMN_MISSING,  /* the header lacks a required column */
    IMPORT_CODE_COLUMN_REPEATED, /* the header names a column twice */
    IMPORT_CODE_EMPTY,           /* the file has no rows to import */
    IMPORT_CODE_FILE,            /* the file cannot be read */
    IMPORT_CODE_COUNT
};
/* "required", "malformed", "out_of_range", ...: the code's name in the
 * API; "refused" for no code. */
const char *import_code_name(enum import_code c);
/* 1 when the code alone does not say what is wrong: the message must be
 * read with it (malformed, out_of_range, duplicate: which other line,
 * conflict, refused, file). */
int import_code_generic(enum import_code c);

/* A problem of the file or of a row: line 0 for the file as a whole. */
struct import_problem {
    int line;
    enum import_code code;
    char column[ERR_FIELD_MAX];   /* "" when no column is to blame */
    char value[IMPORT_VALUE_MAX]; /* that column's cell as written, or "" */
    char message[ERR_MSG_MAX];    /* in English, for people */
};

/* Sets p's value to cell (NULL: none), cut short at a character and ended
 * with "…" when it does not fit: the report is UTF-8 throughout. */
void import_problem_value(struct import_problem *p, const char *cell);

/* What became of a row. */
struct import_row_result {
    int line;
    enum import_action action;
    char key[IMPORT_KEY_MAX]; /* the record's natural key, for people */
    int64_t id;               /* the record written or found, or 0 */
};

struct import_report {
    enum import_kind kind;
    int nrows;
    struct import_row_result *rows;
    int nproblems;
    int dropped; /* problems beyond IMPORT_PROBLEMS_MAX, not kept */
    struct import_problem *problems;
    int inserted, updated, unchanged, failed;
    int cap_rows, cap_problems; /* private */
};

/* Records a problem of code at line and column (either may be 0 or ""),
 * its message printf style; past IMPORT_PROBLEMS_MAX only counts it. */
void import_problem(struct import_report *r, int line, const char *column,
                    enum import_code code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Adds the result of a row and counts it. Returns it, for its key. */
struct import_row_result *import_row(struct import_report *r, int line,
                                     enum import_action a, const char *key,
                                     int64_t id);
/* Frees the report's rows and problems; it may be reused. */
void import_report_release(struct import_report *r);

/* ---- the header ---- */

/* Where each of a kind's columns is in the table: col[i] is the table's
 * column of the kind's column i, or -1 where the file lacks it. */
struct import_header {
    int col[IMPORT_COLS_MAX];
};

/*
 * Reads the first row of t as the header of a file of kind k into h. A
 * name is matched without regard to case or surrounding spaces. Every
 * required column missing, every unknown or repeated name is a problem of
 * line 1 in r. Returns the number of problems found (0: the header is
 * good).
 */
int import_header_read(enum import_kind k, const struct table *t,
                       struct import_header *h, struct import_report *r);

/* The cell of row of the kind's column i, trimmed into out (size bytes);
 * "" when the file has no such column. */
const char *import_cell(const struct table *t, const struct import_header *h,
                        int row, int i, char *out, size_t size);

/*
 * ---- cells: 0, or an error with a sentence in ei (field "") ----
 *
 * ERR_SYNTAX when the cell is not written as the value it should be (not
 * a date, a week, a number, one of the words), ERR_INVAL when it is but
 * the value is not allowed (week 53 of a 52-week year, 150 % of full
 * time, too long a text).
 */

/* Text of min..size-1 bytes (size includes the NUL); no control
 * characters. */
int import_read_text(const char *cell, size_t min, char *out, size_t size,
                     struct err_info *ei);
/* A date 2027-03-01 into out ("YYYY-MM-DD" and NUL, 11 bytes). */
int import_read_date(const char *cell, char *out, struct err_info *ei);
/* A week as a serial (domain/week.h). */
int import_read_week(const char *cell, int *out, struct err_info *ei);
/* A whole number lo..hi: "12", "1 200", "12,0". */
int import_read_int(const char *cell, int lo, int hi, int *out,
                    struct err_info *ei);
/* A part of full time as a whole percent 1..100: "75", "75 %", "0,75"
 * and "1" (a number up to 1 is a fraction of full time). */
int import_read_fte(const char *cell, int *out, struct err_info *ei);
/* Yes or no as 1 or 0. */
int import_read_bool(const char *cell, int *out, struct err_info *ei);
/* A name of vocab, without regard to case. */
int import_read_vocab(const char *cell, const struct vocab *v, int *out,
                      struct err_info *ei);
/* Pattern names separated by commas or spaces, as a PATTERN_BIT mask. */
int import_read_patterns(const char *cell, unsigned *out, struct err_info *ei);

/*
 * Splits a list cell at commas into at most max trimmed, non-empty items
 * of size bytes each into items; *n gets their number. ERR_INVAL when an
 * item is too long or there are more than max.
 */
int import_read_list(const char *cell, char (*items)[IMPORT_KEY_MAX], int max,
                     int *n, struct err_info *ei);

/*
 * Writes the template of kind k as CSV for Swedish Excel into b: a byte
 * order mark, the header and one example row, separated by semicolons.
 */
struct buf;
int import_template(enum import_kind k, struct buf *b);

#endif
