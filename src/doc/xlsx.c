/* A book of sheets as an Excel workbook, with libxlsxwriter (xlsx.h). */
#include "doc/xlsx.h"

#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* The most bytes of text written into one cell (Excel's limit is 32,767
 * characters; bytes are never fewer). */
#define XLSX_CELL_MAX 32000

/* The header row's look: bold on a light grey, a line under it. */
#define XLSX_HEADER_FILL 0xE4E9EEu

/* The formats of one workbook, made once per look and shared. */
struct xlsx_look {
    enum sheet_format format;
    uint32_t fill, colour;
    int bold, header;
    lxw_format *lxw;
};

struct xlsx_looks {
    lxw_workbook *wb;
    struct xlsx_look *v;
    size_t n, cap;
};

static const char *xlsx_num_format(enum sheet_format f)
{
    switch (f) {
    case SHEET_INTEGER:
        return "0";
    case SHEET_DECIMAL:
        return "0.0#";
    case SHEET_PERCENT:
        return "0.0%";
    case SHEET_DATE:
        return "yyyy-mm-dd";
    case SHEET_TEXT:
        break;
    }
    return NULL;
}

/* The format of a look, made the first time it is asked for. */
static lxw_format *xlsx_format(struct xlsx_looks *L, enum sheet_format format,
                               uint32_t fill, uint32_t colour, int bold,
                               int header)
{
    for (size_t i = 0; i < L->n; i++) {
        struct xlsx_look *k = &L->v[i];
        if (k->format == format && k->fill == fill && k->colour == colour &&
            k->bold == bold && k->header == header)
            return k->lxw;
    }
    lxw_format *f = workbook_add_format(L->wb);
    const char *nf = header ? NULL : xlsx_num_format(format);
    if (nf)
        format_set_num_format(f, nf);
    if (fill != SHEET_NO_COLOUR) {
        format_set_pattern(f, LXW_PATTERN_SOLID);
        format_set_bg_color(f, (lxw_color_t)fill);
    }
    if (colour != SHEET_NO_COLOUR)
        format_set_font_color(f, (lxw_color_t)colour);
    if (bold)
        format_set_bold(f);
    if (header) {
        format_set_bottom(f, LXW_BORDER_THIN);
        format_set_text_wrap(f);
        format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    }
    xgrow((void **)&L->v, &L->cap, L->n + 1, sizeof(*L->v));
    L->v[L->n++] = (struct xlsx_look){format, fill, colour, bold, header, f};
    return f;
}

/* A sheet's name as Excel takes it: none of []:*?/\, at most 31
 * characters, not empty, and unlike the names before it. */
static void xlsx_sheet_name(const struct sheet_book *b, size_t i, char *out,
                            size_t size)
{
    size_t n = 0, chars = 0;
    for (const char *p = b->sheets[i]->name; *p && n + 5 < size; p++) {
        unsigned char ch = (unsigned char)*p;
        if ((ch & 0xC0) != 0x80 && ++chars > 28)
            break;
        out[n++] = strchr("[]:*?/\\", ch) ? '-' : (char)ch;
    }
    out[n] = '\0';
    if (!n)
        snprintf(out, size, "Blad");
    for (size_t j = 0; j < i; j++)
        if (strcmp(b->sheets[j]->name, b->sheets[i]->name) == 0) {
            snprintf(out + strlen(out), size - strlen(out), " %zu", i + 1);
            break;
        }
}

/* Writes one cell; 0 or an lxw_error. */
static lxw_error xlsx_cell(lxw_worksheet *ws, struct xlsx_looks *L,
                           const struct sheet *s, size_t r, size_t c)
{
    const struct sheet_cell *cell = sheet_cell_at(s, r, c);
    enum sheet_format format = sheet_cell_format(s, r, c);
    lxw_row_t row = (lxw_row_t)(r + 1);
    lxw_col_t col = (lxw_col_t)c;
    int styled = cell->fill != SHEET_NO_COLOUR ||
                 cell->colour != SHEET_NO_COLOUR || cell->bold;
    if (!cell->set) {
        return styled ? worksheet_write_blank(ws, row, col,
                                              xlsx_format(L, format, cell->fill,
                                                          cell->colour,
                                                          cell->bold, 0))
                      : LXW_NO_ERROR;
    }
    lxw_format *f = xlsx_format(
        L, cell->text ? (format == SHEET_DATE ? format : SHEET_TEXT) : format,
        cell->fill, cell->colour, cell->bold, 0);
    if (!cell->text)
        return worksheet_write_number(ws, row, col, cell->number, f);
    int y, m, d;
    if (format == SHEET_DATE && strlen(cell->text) == 10 &&
        sscanf(cell->text, "%4d-%2d-%2d", &y, &m, &d) == 3) {
        lxw_datetime dt = {y, m, d, 0, 0, 0};
        return worksheet_write_datetime(ws, row, col, &dt, f);
    }
    /* Excel holds at most 32,767 characters in a cell: a longer text is
     * cut at a character's start and ends in an ellipsis. */
    size_t len = strlen(cell->text);
    if (len <= XLSX_CELL_MAX)
        return worksheet_write_string(ws, row, col, cell->text, f);
    size_t cut = XLSX_CELL_MAX - 3;
    while (cut > 0 && ((unsigned char)cell->text[cut] & 0xC0) == 0x80)
        cut--;
    char *text = xmalloc(cut + 4);
    memcpy(text, cell->text, cut);
    memcpy(text + cut, "\xE2\x80\xA6", 4);
    lxw_error e = worksheet_write_string(ws, row, col, text, f);
    free(text);
    return e;
}

static lxw_error xlsx_sheet(lxw_workbook *wb, struct xlsx_looks *L,
                            const struct sheet_book *b, size_t i)
{
    const struct sheet *s = b->sheets[i];
    char name[128];
    xlsx_sheet_name(b, i, name, sizeof(name));
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    if (!ws)
        return LXW_ERROR_SHEETNAME_ALREADY_USED;
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; c < s->ncolumns && !e; c++) {
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
                                 sheet_column_width(s, c), NULL);
        if (!e)
            e = worksheet_write_string(
                ws, 0, (lxw_col_t)c, s->columns[c].header,
                xlsx_format(L, SHEET_TEXT, XLSX_HEADER_FILL, SHEET_NO_COLOUR, 1,
                            1));
    }
    for (size_t r = 0; r < s->nrows && !e; r++)
        for (size_t c = 0; c < s->ncolumns && !e; c++)
            e = xlsx_cell(ws, L, s, r, c);
    if (e)
        return e;
    worksheet_freeze_panes(ws, 1, (lxw_col_t)s->freeze_columns);
    if (s->filter && s->ncolumns)
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)s->nrows,
                                 (lxw_col_t)(s->ncolumns - 1));
    if (!e)
        e = worksheet_repeat_rows(ws, 0, 0);
    if (s->ncolumns > 8)
        worksheet_set_landscape(ws);
    if (i == b->main)
        worksheet_activate(ws);
    return e;
}

/* Reads the whole file at path onto out. */
static int xlsx_slurp(const char *path, struct buf *out, struct err_info *ei)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return err_set(ei, ERR_IO, NULL, "cannot read the workbook: %s",
                       strerror(errno));
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = buf_add(out, chunk, n);
    if (rc == 0 && ferror(f))
        rc = err_set(ei, ERR_IO, NULL, "cannot read the workbook");
    fclose(f);
    return rc;
}

int sheet_xlsx(const struct sheet_book *b, struct buf *out, struct err_info *ei)
{
    const char *tmp = getenv("TMPDIR");
    char dir[256], path[300];
    snprintf(dir, sizeof(dir), "%s", tmp && *tmp ? tmp : "/tmp");
    snprintf(path, sizeof(path), "%s/randa-xlsx-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return err_set(ei, ERR_IO, NULL, "cannot make a file in %s: %s", dir,
                       strerror(errno));
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = dir};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        unlink(path);
        return err_set(ei, ERR_IO, NULL, "cannot start a workbook");
    }
    lxw_doc_properties props = {.title = b->title, .author = "Randa"};
    workbook_set_properties(wb, &props);
    struct xlsx_looks L = {wb, NULL, 0, 0};
    lxw_error e = LXW_NO_ERROR;
    for (size_t i = 0; i < b->n && !e; i++)
        e = xlsx_sheet(wb, &L, b, i);
    if (!b->n)
        e = workbook_add_worksheet(wb, NULL) ? LXW_NO_ERROR
                                             : LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error closed = workbook_close(wb); /* frees wb, whatever e is */
    free(L.v);
    int rc = 0;
    if (e || closed)
        rc = err_set(ei, ERR_IO, NULL, "cannot write the workbook: %s",
                     lxw_strerror(e ? e : closed));
    else
        rc = xlsx_slurp(path, out, ei);
    unlink(path);
    return rc;
}
