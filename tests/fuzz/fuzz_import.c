/*
 * Fuzz target: import files (issue 15). The input is a file as a user
 * uploads it: an .xlsx workbook when it begins as a ZIP archive does
 * (util/xlsx.c, libzip and expat), else CSV (util/csv.c: encodings,
 * separators, quotes). The table read is then taken as the header and
 * rows of every kind of import (domain/import.c), and every cell goes
 * through every cell reader. Checks: reading fails only with ERR_SYNTAX
 * or ERR_TOOBIG and a message; a table keeps its caps, its cells are
 * UTF-8 and its lines increase; a reader accepts only values in range
 * (a week or date written back reads back the same); the CSV writer's
 * cell reads back as the text it was given.
 */
#include "domain/import.h"
#include "domain/pattern.h"
#include "domain/week.h"
#include "fuzz.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/xlsx.h"

#include <stdint.h>

static void fuzz_import_cell(const char *cell)
{
    struct err_info ei = {0};
    char out[CSV_CELL_MAX], d[16];
    int v, w;
    unsigned m;
    if (import_read_text(cell, 0, out, sizeof(out), &ei) == 0)
        FUZZ_CHECK(strcmp(out, cell) == 0, "text changed");
    if (import_read_date(cell, d, &ei) == 0) {
        struct date x;
        FUZZ_CHECK(date_parse(d, &x) == 0, "date %s", d);
    } else {
        FUZZ_CHECK(ei.code == ERR_SYNTAX && ei.msg[0], "date error");
    }
    if (import_read_week(cell, &w, &ei) == 0) {
        char ws[WEEK_STR_MAX];
        int back;
        FUZZ_CHECK(w >= WEEK_MIN && w <= WEEK_MAX, "week %d", w);
        week_format(w, ws);
        FUZZ_CHECK(week_parse(ws, &back) == 0 && back == w, "week %s", ws);
    }
    if (import_read_int(cell, -5, 1000, &v, &ei) == 0)
        FUZZ_CHECK(v >= -5 && v <= 1000, "int %d", v);
    if (import_read_fte(cell, &v, &ei) == 0)
        FUZZ_CHECK(v >= 1 && v <= 100, "fte %d", v);
    if (import_read_bool(cell, &v, &ei) == 0)
        FUZZ_CHECK(v == 0 || v == 1, "bool %d", v);
    if (import_read_vocab(cell, &vocab_leave_kind, &v, &ei) == 0)
        FUZZ_CHECK(v >= 0 && v < vocab_leave_kind.count, "vocab %d", v);
    if (import_read_patterns(cell, &m, &ei) == 0)
        FUZZ_CHECK(m && m < (1u << PATTERN_COUNT), "patterns %u", m);
    char items[8][IMPORT_KEY_MAX];
    int n = 0;
    if (import_read_list(cell, items, 8, &n, &ei) == 0)
        FUZZ_CHECK(n >= 0 && n <= 8, "list %d", n);

    /* The writer's cell reads back as one cell holding the same text. */
    struct buf b = BUF_INIT(0);
    csv_write_cell(&b, "x", ';');
    buf_add(&b, ";", 1);
    csv_write_cell(&b, cell, ';');
    buf_add(&b, "\n", 1);
    struct table t;
    struct csv_info info;
    FUZZ_CHECK(csv_read(b.data, b.len, &t, &info, &ei) == 0, "%s", ei.msg);
    const char *got = table_cell(&t, 0, 1);
    if (strchr("=+-@\t", cell[0]) && cell[0])
        FUZZ_CHECK(got[0] == '\'' && strcmp(got + 1, cell) == 0, "guard");
    else if (cell[0])
        FUZZ_CHECK(strcmp(got, cell) == 0, "round trip");
    table_release(&t);
    buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct table t;
    struct csv_info info;
    struct err_info ei = {0};
    const char *s = (const char *)data;
    int rc = xlsx_is_zip(s, size) ? xlsx_read(s, size, &t, &ei)
                                  : csv_read(s, size, &t, &info, &ei);
    if (rc) {
        FUZZ_CHECK(rc == ERR_SYNTAX || rc == ERR_TOOBIG, "rc %d", rc);
        FUZZ_CHECK(ei.msg[0], "no message");
        table_release(&t);
        return 0;
    }
    FUZZ_CHECK(t.nrows <= CSV_ROWS_MAX, "rows %d", t.nrows);
    int line = 0;
    for (int r = 0; r < t.nrows; r++) {
        FUZZ_CHECK(t.rows[r].line > line, "line %d after %d", t.rows[r].line,
                   line);
        line = t.rows[r].line;
        FUZZ_CHECK(t.rows[r].ncells <= CSV_COLS_MAX, "cols");
        for (int c = 0; c < t.rows[r].ncells; c++) {
            const char *cell = t.rows[r].cells[c];
            FUZZ_CHECK(strlen(cell) < CSV_CELL_MAX, "cell length");
            FUZZ_CHECK(csv_utf8_valid(cell, strlen(cell)), "cell not UTF-8");
            if (r < 4)
                fuzz_import_cell(cell);
        }
    }
    for (int k = 0; k < IMPORT_KIND_COUNT; k++) {
        struct import_report rep = {0};
        struct import_header h;
        int problems = import_header_read((enum import_kind)k, &t, &h, &rep);
        FUZZ_CHECK(problems == rep.nproblems + rep.dropped, "problems");
        /* The report is UTF-8 however the file's words were cut. */
        for (int i = 0; i < rep.nproblems; i++) {
            const struct import_problem *p = &rep.problems[i];
            FUZZ_CHECK(csv_utf8_valid(p->column, strlen(p->column)) &&
                           csv_utf8_valid(p->message, strlen(p->message)) &&
                           csv_utf8_valid(p->value, strlen(p->value)),
                       "a problem not UTF-8");
        }
        char cell[CSV_CELL_MAX];
        for (int r = 1; r < t.nrows && r < 8; r++)
            for (int i = 0; i < IMPORT_COLS_MAX; i++)
                import_cell(&t, &h, r, i, cell, sizeof(cell));
        import_report_release(&rep);
    }
    table_release(&t);
    return 0;
}
