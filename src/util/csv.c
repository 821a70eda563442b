/* The CSV dialect of Swedish Excel, read and written (csv.h). */
#include "util/csv.h"

#include "util/buf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The length (1..4) of the well-formed UTF-8 character at s, of which n
 * bytes may be read, or 0 when it is none: a stray or missing continuation
 * byte, an overlong form, a surrogate, a code point above U+10FFFF. */
static size_t csv_utf8_len(const unsigned char *s, size_t n)
{
    size_t k;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        k = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        k = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        k = 4;
    else
        return 0;
    if (k > n)
        return 0;
    if (s[0] == 0xE0)
        lo = 0xA0; /* overlong */
    else if (s[0] == 0xED)
        hi = 0x9F; /* surrogates */
    else if (s[0] == 0xF0)
        lo = 0x90; /* overlong */
    else if (s[0] == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < k; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return k;
}

int csv_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0, k; i < n; i += k)
        if ((k = csv_utf8_len(p + i, n - i)) == 0)
            return 0;
    return 1;
}

void csv_utf8_clean(char *s, char mark)
{
    unsigned char *p = (unsigned char *)s, *out = p;
    size_t left = strlen(s);
    while (left > 0) {
        size_t k = csv_utf8_len(p, left);
        if (k == 0) {
            p++, left--;
            if (mark)
                *out++ = (unsigned char)mark;
            continue;
        }
        memmove(out, p, k);
        out += k, p += k, left -= k;
    }
    *out = '\0';
}

/* The line (from 1) of byte off in the n bytes at s. */
static int csv_line_of(const char *s, size_t n, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off && i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
            line++;
    return line;
}

/* The first byte that is not valid UTF-8, for a message. */
static size_t csv_utf8_bad_at(const char *s, size_t n)
{
    size_t lo = 0;
    /* Grow a valid prefix line by line; the first line that fails holds
     * the bad byte, which a message names by its line. */
    while (lo < n) {
        const char *nl = memchr(s + lo, '\n', n - lo);
        size_t end = nl ? (size_t)(nl - s) + 1 : n;
        if (!csv_utf8_valid(s + lo, end - lo))
            return lo;
        lo = end;
    }
    return n;
}

/*
 * Converts Windows-1252 to UTF-8 with glibc's iconv into *out (malloc'd,
 * NUL-terminated). Five byte values have no character in Windows-1252; a
 * file with one is refused, naming its line.
 */
static int csv_from_cp1252(const char *data, size_t len, char **out,
                           size_t *outlen, struct err_info *ei)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        return err_set(ei, ERR_IO, "file",
                       "cannot convert from Windows-1252 (iconv: %s)",
                       strerror(errno));
    /* One byte becomes at most three (the euro sign, for one). */
    size_t cap = len * 3 + 1;
    char *buf = xmalloc(cap);
    char *in = (char *)(uintptr_t)data; /* iconv's prototype is not const */
    size_t inleft = len, outleft = cap - 1;
    char *o = buf;
    int rc = 0;
    if (iconv(cd, &in, &inleft, &o, &outleft) == (size_t)-1) {
        size_t at = len - inleft;
        rc = err_set(ei, ERR_SYNTAX, "file",
                     "line %d: byte 0x%02X is neither UTF-8 nor "
                     "Windows-1252 text: save the file as \"CSV UTF-8\"",
                     csv_line_of(data, len, at),
                     at < len ? (unsigned char)data[at] : 0);
    }
    iconv_close(cd);
    if (rc) {
        free(buf);
        return rc;
    }
    *o = '\0';
    *out = buf;
    *outlen = (size_t)(o - buf);
    return 0;
}

/* Counts sep outside quotes on the first line of s. */
static int csv_count_first_line(const char *s, size_t n, char sep)
{
    int count = 0, quoted = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == sep)
            count++;
    }
    return count;
}

/* The separator of the header line: ';', or a refusal saying why not. */
static int csv_separator(const char *s, size_t n, char *sep,
                         struct err_info *ei)
{
    int semi = csv_count_first_line(s, n, ';');
    int comma = csv_count_first_line(s, n, ',');
    int tab = csv_count_first_line(s, n, '\t');
    *sep = ';';
    if (semi > 0 || (comma == 0 && tab == 0))
        return 0;
    if (comma >= tab)
        return err_set(ei, ERR_SYNTAX, "file",
                       "line 1: the columns are separated by commas, not "
                       "semicolons: in Excel save as \"CSV "
                       "(semikolonavgränsad)\" with Swedish settings, or "
                       "upload the .xlsx file itself");
    return err_set(ei, ERR_SYNTAX, "file",
                   "line 1: the columns are separated by tabs, not "
                   "semicolons: in Excel save as \"CSV "
                   "(semikolonavgränsad)\", or upload the .xlsx file itself");
}

/* 1 when every cell of the n at cells is blank (spaces only). */
static int csv_blank_row(char **cells, int n)
{
    for (int i = 0; i < n; i++)
        if (cells[i][strspn(cells[i], " \t")] != '\0')
            return 0;
    return 1;
}

/* Parses UTF-8 text s of n bytes separated by sep into t. */
static int csv_parse(const char *s, size_t n, char sep, struct table *t,
                     struct err_info *ei)
{
    struct buf cell = BUF_INIT(CSV_CELL_MAX - 1);
    char *cells[CSV_COLS_MAX];
    int ncells = 0, line = 1, row_line = 1, rc = 0;
    size_t i = 0;
    int at_row_start = 1;
    while (rc == 0 && i <= n) {
        if (at_row_start) {
            row_line = line;
            at_row_start = 0;
        }
        /* One cell, starting at i. */
        buf_reset(&cell);
        int quoted = i < n && s[i] == '"';
        int quote_line = line;
        if (quoted)
            i++;
        while (rc == 0) {
            if (i >= n) {
                if (quoted)
                    rc = err_set(ei, ERR_SYNTAX, "file",
                                 "line %d: a quoted cell is not closed (a "
                                 "'\"' is missing)",
                                 quote_line);
                break;
            }
            char c = s[i];
            if (quoted) {
                if (c == '"' && i + 1 < n && s[i + 1] == '"') {
                    rc = buf_add(&cell, "\"", 1);
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    quoted = 0;
                    i++;
                    continue;
                }
                if (c == '\n' ||
                    (c == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
                    line++;
                rc = buf_add(&cell, &c, 1);
                i++;
                continue;
            }
            if (c == sep || c == '\n' || c == '\r')
                break;
            rc = buf_add(&cell, &c, 1);
            i++;
        }
        if (rc == ERR_TOOBIG)
            rc = err_set(ei, ERR_TOOBIG, "file",
                         "line %d: a cell is longer than %d bytes", row_line,
                         CSV_CELL_MAX - 1);
        if (rc)
            break;
        if (ncells == CSV_COLS_MAX) {
            rc =
                err_set(ei, ERR_TOOBIG, "file", "line %d: more than %d columns",
                        row_line, CSV_COLS_MAX);
            break;
        }
        cells[ncells++] = xstrdup(cell.data);
        if (i < n && s[i] == sep) {
            i++;
            continue;
        }
        /* The end of a row: a line break or the end of the text. */
        if (i < n && s[i] == '\r')
            i++;
        if (i < n && s[i] == '\n')
            i++;
        if (!csv_blank_row(cells, ncells))
            rc = table_add_row(t, row_line, (const char *const *)cells, ncells);
        if (rc == ERR_TOOBIG)
            rc = err_set(ei, ERR_TOOBIG, "file", "more than %d rows",
                         CSV_ROWS_MAX);
        for (int k = 0; k < ncells; k++)
            free(cells[k]);
        ncells = 0;
        line++;
        at_row_start = 1;
        if (i >= n)
            break;
    }
    for (int k = 0; k < ncells; k++)
        free(cells[k]);
    buf_release(&cell);
    return rc;
}

int csv_read(const char *data, size_t len, struct table *out,
             struct csv_info *info, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    info->encoding = "UTF-8";
    info->separator = ';';
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 &&
        ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return err_set(ei, ERR_SYNTAX, "file",
                       "the file is UTF-16 (Excel's \"Unicode text\"): save "
                       "it as \"CSV UTF-8\" or \"CSV (semikolonavgränsad)\"");
    if (memchr(data, '\0', len))
        return err_set(
            ei, ERR_SYNTAX, "file",
            "line %d: the file holds a NUL byte: it is not a CSV "
            "text file",
            csv_line_of(
                data, len,
                (size_t)((const char *)memchr(data, '\0', len) - data)));
    const char *text = data;
    size_t n = len;
    char *converted = NULL;
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        text += 3;
        n -= 3;
        info->encoding = "UTF-8 BOM";
        if (!csv_utf8_valid(text, n))
            return err_set(ei, ERR_SYNTAX, "file",
                           "line %d: the file says it is UTF-8 but is not",
                           csv_line_of(text, n, csv_utf8_bad_at(text, n)));
    } else if (!csv_utf8_valid(text, n)) {
        int rc = csv_from_cp1252(text, n, &converted, &n, ei);
        if (rc)
            return rc;
        text = converted;
        info->encoding = "Windows-1252";
    }
    int rc = csv_separator(text, n, &info->separator, ei);
    if (rc == 0)
        rc = csv_parse(text, n, info->separator, out, ei);
    free(converted);
    return rc;
}

int table_add_row(struct table *t, int line, const char *const *cells, int n)
{
    if (t->nrows >= CSV_ROWS_MAX || n > CSV_COLS_MAX)
        return ERR_TOOBIG;
    if (t->nrows == t->cap) {
        size_t cap = (size_t)t->cap;
        xgrow((void **)&t->rows, &cap, (size_t)t->nrows + 1, sizeof(*t->rows));
        t->cap = (int)cap;
    }
    struct table_row *r = &t->rows[t->nrows++];
    r->line = line;
    r->ncells = n;
    r->cells = xcalloc(n > 0 ? (size_t)n : 1, sizeof(char *));
    for (int i = 0; i < n; i++)
        r->cells[i] = xstrdup(cells[i] ? cells[i] : "");
    return 0;
}

const char *table_cell(const struct table *t, int r, int c)
{
    if (r < 0 || r >= t->nrows || c < 0 || c >= t->rows[r].ncells)
        return "";
    return t->rows[r].cells[c];
}

void table_release(struct table *t)
{
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->rows[r].ncells; c++)
            free(t->rows[r].cells[c]);
        free(t->rows[r].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof(*t));
}

int csv_write_cell(struct buf *b, const char *s, char sep)
{
    int quote =
        strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') || strchr(s, '\r');
    int guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                s[0] == '\t';
    int rc = 0;
    if (quote)
        rc = buf_add(b, "\"", 1);
    if (rc == 0 && guard)
        rc = buf_add(b, "'", 1);
    for (const char *p = s; rc == 0 && *p; p++)
        rc = *p == '"' ? buf_add(b, "\"\"", 2) : buf_add(b, p, 1);
    if (rc == 0 && quote)
        rc = buf_add(b, "\"", 1);
    return rc;
}
