/* The first worksheet of an .xlsx workbook as a table (xlsx.h). */
#include "util/xlsx.h"

#include "util/buf.h"
#include "util/xalloc.h"

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XLSX_STRINGS_MAX 1000000 /* shared strings of a workbook */
#define XLSX_STYLES_MAX  65536   /* cell formats */
#define XLSX_PATH_MAX    256

int xlsx_is_zip(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/*
 * Reads part name of the archive into *out (NUL-terminated, malloc'd).
 * ERR_NOTFOUND when there is no such part; ERR_TOOBIG when it unpacks to
 * more than XLSX_PART_MAX bytes, counted as it unpacks.
 */
static int xlsx_part(zip_t *z, const char *name, char **out, size_t *len,
                     struct err_info *ei)
{
    *out = NULL;
    *len = 0;
    zip_file_t *f = zip_fopen(z, name, 0);
    if (!f)
        return ERR_NOTFOUND;
    struct buf b = BUF_INIT(XLSX_PART_MAX);
    char chunk[16384];
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, chunk, sizeof(chunk));
        if (n < 0) {
            rc =
                err_set(ei, ERR_SYNTAX, "file",
                        "the workbook is damaged: %s cannot be unpacked", name);
            break;
        }
        if (n == 0)
            break;
        if (buf_add(&b, chunk, (size_t)n) != 0) {
            rc = err_set(ei, ERR_TOOBIG, "file",
                         "the workbook's %s unpacks to more than %u MiB", name,
                         XLSX_PART_MAX >> 20);
            break;
        }
    }
    zip_fclose(f);
    if (rc) {
        buf_release(&b);
        return rc;
    }
    *len = b.len;
    *out = buf_detach(&b);
    return 0;
}

/* ---- expat, shared by every part ---- */

/* The local name of an expanded name "uri|local". */
static const char *xlsx_local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* The value of the attribute whose local name is local (any namespace
 * unless ns_suffix is given, which the namespace URI must end with). */
static const char *xlsx_attr(const char **attrs, const char *local,
                             const char *ns_suffix)
{
    for (int i = 0; attrs[i]; i += 2) {
        const char *bar = strrchr(attrs[i], '|');
        const char *l = bar ? bar + 1 : attrs[i];
        if (strcmp(l, local) != 0)
            continue;
        if (ns_suffix) {
            if (!bar)
                continue;
            size_t n = (size_t)(bar - attrs[i]), k = strlen(ns_suffix);
            if (n < k || memcmp(bar - k, ns_suffix, k) != 0)
                continue;
        } else if (bar) {
            continue;
        }
        return attrs[i + 1];
    }
    return NULL;
}

/* Refuses a document type declaration: no entity is ever expanded. */
static void XMLCALL xlsx_doctype(void *ud, const XML_Char *name,
                                 const XML_Char *sysid, const XML_Char *pubid,
                                 int internal)
{
    (void)name, (void)sysid, (void)pubid, (void)internal;
    XML_StopParser(*(XML_Parser *)ud, XML_FALSE);
}

/* The state every part's reader starts with: its parser and failure. */
struct xlsx_xml {
    XML_Parser p; /* first: the doctype handler reaches it */
    int rc;
    struct err_info *ei;
};

/* Parses the len bytes at data with the handlers set on x->p. */
static int xlsx_parse(struct xlsx_xml *x, const char *part, const char *data,
                      size_t len)
{
    XML_SetStartDoctypeDeclHandler(x->p, xlsx_doctype);
    if (XML_Parse(x->p, data, (int)len, XML_TRUE) == XML_STATUS_ERROR &&
        x->rc == 0) {
        enum XML_Error e = XML_GetErrorCode(x->p);
        x->rc = err_set(x->ei, ERR_SYNTAX, "file",
                        "the workbook's %s is not well-formed XML (line "
                        "%lu: %s)",
                        part, (unsigned long)XML_GetCurrentLineNumber(x->p),
                        e == XML_ERROR_ABORTED ? "a document type declaration"
                                               : XML_ErrorString(e));
    }
    return x->rc;
}

static XML_Parser xlsx_parser(void *ud)
{
    XML_Parser p = XML_ParserCreateNS("UTF-8", '|');
    if (!p)
        abort();
    XML_SetUserData(p, ud);
    return p;
}

/* ---- the workbook: its first sheet and the date system ---- */

struct xlsx_book {
    struct xlsx_xml x;
    char rid[XLSX_PATH_MAX]; /* the first sheet's relationship */
    int date1904;
};

static void XMLCALL xlsx_book_start(void *ud, const XML_Char *name,
                                    const XML_Char **attrs)
{
    struct xlsx_book *b = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "sheet") == 0 && !b->rid[0]) {
        const char *id = xlsx_attr(attrs, "id", "relationships");
        if (id)
            snprintf(b->rid, sizeof(b->rid), "%s", id);
    } else if (strcmp(l, "workbookPr") == 0) {
        const char *d = xlsx_attr(attrs, "date1904", NULL);
        b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    }
}

/* ---- the relationships: which part the sheet is ---- */

struct xlsx_rels {
    struct xlsx_xml x;
    const char *rid;
    char target[XLSX_PATH_MAX];
};

static void XMLCALL xlsx_rels_start(void *ud, const XML_Char *name,
                                    const XML_Char **attrs)
{
    struct xlsx_rels *r = ud;
    if (strcmp(xlsx_local(name), "Relationship") != 0 || r->target[0])
        return;
    const char *id = xlsx_attr(attrs, "Id", NULL);
    const char *target = xlsx_attr(attrs, "Target", NULL);
    if (id && target && strcmp(id, r->rid) == 0)
        snprintf(r->target, sizeof(r->target), "%s", target);
}

/* ---- shared strings ---- */

struct xlsx_strings {
    struct xlsx_xml x;
    char **items;
    size_t n, cap;
    struct buf text; /* the current <si> */
    int in_t;        /* inside a <t> of the item (not of a phonetic run) */
    int in_phonetic; /* inside <rPh>, whose text is a reading aid */
};

static void XMLCALL xlsx_strings_start(void *ud, const XML_Char *name,
                                       const XML_Char **attrs)
{
    (void)attrs;
    struct xlsx_strings *s = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "si") == 0)
        buf_reset(&s->text);
    else if (strcmp(l, "rPh") == 0)
        s->in_phonetic = 1;
    else if (strcmp(l, "t") == 0 && !s->in_phonetic)
        s->in_t = 1;
}

static void XMLCALL xlsx_strings_end(void *ud, const XML_Char *name)
{
    struct xlsx_strings *s = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        s->in_phonetic = 0;
    } else if (strcmp(l, "si") == 0) {
        if (s->n >= XLSX_STRINGS_MAX) {
            s->x.rc = err_set(s->x.ei, ERR_TOOBIG, "file",
                              "the workbook holds more than %d texts",
                              XLSX_STRINGS_MAX);
            XML_StopParser(s->x.p, XML_FALSE);
            return;
        }
        xgrow((void **)&s->items, &s->cap, s->n + 1, sizeof(*s->items));
        s->items[s->n++] = xstrdup(s->text.data);
    }
}

static void XMLCALL xlsx_strings_text(void *ud, const XML_Char *t, int len)
{
    struct xlsx_strings *s = ud;
    if (s->in_t && buf_add(&s->text, t, (size_t)len) != 0 && s->x.rc == 0) {
        s->x.rc = err_set(s->x.ei, ERR_TOOBIG, "file",
                          "a text of the workbook is longer than %d bytes",
                          CSV_CELL_MAX - 1);
        XML_StopParser(s->x.p, XML_FALSE);
    }
}

/* ---- styles: which cell formats are dates ---- */

struct xlsx_styles {
    struct xlsx_xml x;
    int in_xfs;             /* inside <cellXfs> */
    unsigned char *xf_date; /* per cell format: 1 when a date */
    size_t nxf, cap;
    int custom_ids[512]; /* custom number formats that are dates */
    int ncustom;
};

/* Whether a number format code shows a date: it has y, m or d outside
 * quotes and brackets, and is not only a duration ([h]:mm). */
static int xlsx_code_is_date(const char *code)
{
    int quoted = 0, bracket = 0;
    for (const char *p = code; *p; p++) {
        char c = *p;
        if (c == '\\' && p[1]) {
            p++;
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '[')
            bracket = 1;
        else if (!quoted && c == ']')
            bracket = 0;
        else if (!quoted && !bracket &&
                 (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'm' ||
                  c == 'M' || c == 'e'))
            return 1;
    }
    return 0;
}

/* Excel's built-in number formats that are dates (ids 14-22, 27-36, 45-47,
 * 50-58 in the East Asian ones). Times alone (18-21, 45-47) are not dates
 * but no column of Randa takes a time, so they read as dates too. */
static int xlsx_builtin_date(int id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
           (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static void XMLCALL xlsx_styles_start(void *ud, const XML_Char *name,
                                      const XML_Char **attrs)
{
    struct xlsx_styles *s = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = xlsx_attr(attrs, "numFmtId", NULL);
        const char *code = xlsx_attr(attrs, "formatCode", NULL);
        if (id && code && xlsx_code_is_date(code) &&
            s->ncustom < (int)(sizeof(s->custom_ids) / sizeof(int)))
            s->custom_ids[s->ncustom++] = atoi(id);
    } else if (strcmp(l, "cellXfs") == 0) {
        s->in_xfs = 1;
    } else if (strcmp(l, "xf") == 0 && s->in_xfs) {
        if (s->nxf >= XLSX_STYLES_MAX)
            return;
        const char *id = xlsx_attr(attrs, "numFmtId", NULL);
        int fmt = id ? atoi(id) : 0, date = xlsx_builtin_date(fmt);
        for (int i = 0; !date && i < s->ncustom; i++)
            date = s->custom_ids[i] == fmt;
        xgrow((void **)&s->xf_date, &s->cap, s->nxf + 1, 1);
        s->xf_date[s->nxf++] = (unsigned char)date;
    }
}

static void XMLCALL xlsx_styles_end(void *ud, const XML_Char *name)
{
    struct xlsx_styles *s = ud;
    if (strcmp(xlsx_local(name), "cellXfs") == 0)
        s->in_xfs = 0;
}

/* ---- the sheet ---- */

struct xlsx_sheet {
    struct xlsx_xml x;
    struct table *out;
    const struct xlsx_strings *strings;
    const struct xlsx_styles *styles;
    int date1904;
    int row;                   /* the row being read (from 1) */
    char *cells[CSV_COLS_MAX]; /* its cells, NULL where none */
    int ncells;
    int col;       /* the cell being read (from 0) */
    char type[16]; /* its t attribute */
    int style;     /* its s attribute */
    int in_value;  /* inside <v>, or <t> of an inline string */
    struct buf value;
};

/* The column of a reference "AB12" (from 0), or -1. */
static int xlsx_col_of(const char *ref)
{
    int col = 0, letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++, letters++) {
        col = col * 26 + (*ref - 'A' + 1);
        if (col > 16384)
            return -1;
    }
    return letters ? col - 1 : -1;
}

/* A date serial of Excel as "YYYY-MM-DD" (1900 or 1904 system). */
static int xlsx_date_text(double serial, int date1904, char out[16])
{
    if (!(serial >= 1 && serial < 2958466)) /* 1900-01-01 .. 9999-12-31 */
        return -1;
    long days = (long)floor(serial);
    /* Excel counts 1900-02-29, which never was: serials from 61 on are one
     * day ahead of the real count from 1899-12-31. */
    if (date1904)
        days += 1462;
    else if (days < 61)
        days += 1;
    /* Days since 1899-12-30 to a civil date (Howard Hinnant's algorithm,
     * shifted to 1970-01-01 = serial 25569). */
    long z = days - 25569 + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 1 || y > 9999)
        return -1;
    snprintf(out, 16, "%04d-%02d-%02d", (int)(y % 10000), (int)(m % 100),
             (int)(d % 100));
    return 0;
}

/* The text of the cell just read, by its type and style. */
static char *xlsx_cell_text(struct xlsx_sheet *sh)
{
    const char *v = sh->value.data;
    char tmp[64];
    if (strcmp(sh->type, "s") == 0) {
        char *end;
        long i = strtol(v, &end, 10);
        if (end == v || *end || i < 0 || (size_t)i >= sh->strings->n)
            return xstrdup("");
        return xstrdup(sh->strings->items[i]);
    }
    if (strcmp(sh->type, "inlineStr") == 0 || strcmp(sh->type, "str") == 0 ||
        strcmp(sh->type, "e") == 0)
        return xstrdup(v);
    if (strcmp(sh->type, "b") == 0)
        return xstrdup(strcmp(v, "1") == 0 ? "1" : "0");
    if (strcmp(sh->type, "d") == 0) { /* an ISO 8601 date and time */
        snprintf(tmp, sizeof(tmp), "%.10s", v);
        return xstrdup(tmp);
    }
    /* A number. */
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !isfinite(d))
        return xstrdup(v);
    if (sh->style >= 0 && (size_t)sh->style < sh->styles->nxf &&
        sh->styles->xf_date[sh->style] &&
        xlsx_date_text(d, sh->date1904, tmp) == 0)
        return xstrdup(tmp);
    snprintf(tmp, sizeof(tmp), "%.15g", d);
    return xstrdup(tmp);
}

/* Ends the current row: adds it to the table unless it is blank. */
static void xlsx_row_end(struct xlsx_sheet *sh)
{
    int blank = 1;
    for (int i = 0; i < sh->ncells; i++)
        if (sh->cells[i] && sh->cells[i][strspn(sh->cells[i], " \t")])
            blank = 0;
    if (!blank && sh->x.rc == 0) {
        const char *cells[CSV_COLS_MAX];
        for (int i = 0; i < sh->ncells; i++)
            cells[i] = sh->cells[i] ? sh->cells[i] : "";
        if (table_add_row(sh->out, sh->row, cells, sh->ncells) != 0) {
            sh->x.rc = err_set(sh->x.ei, ERR_TOOBIG, "file",
                               "the sheet has more than %d rows", CSV_ROWS_MAX);
            XML_StopParser(sh->x.p, XML_FALSE);
        }
    }
    for (int i = 0; i < sh->ncells; i++) {
        free(sh->cells[i]);
        sh->cells[i] = NULL;
    }
    sh->ncells = 0;
}

static void XMLCALL xlsx_sheet_start(void *ud, const XML_Char *name,
                                     const XML_Char **attrs)
{
    struct xlsx_sheet *sh = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "row") == 0) {
        const char *r = xlsx_attr(attrs, "r", NULL);
        long n = r ? strtol(r, NULL, 10) : sh->row + 1;
        /* Rows come in order; one that does not is taken as the next, so
         * that a report's lines only grow. */
        sh->row = n > sh->row && n <= 1048576 ? (int)n : sh->row + 1;
        sh->col = -1;
    } else if (strcmp(l, "c") == 0) {
        const char *r = xlsx_attr(attrs, "r", NULL);
        const char *t = xlsx_attr(attrs, "t", NULL);
        const char *s = xlsx_attr(attrs, "s", NULL);
        int col = r ? xlsx_col_of(r) : sh->col + 1;
        sh->col = col < 0 ? sh->col + 1 : col;
        snprintf(sh->type, sizeof(sh->type), "%s", t ? t : "n");
        sh->style = s ? atoi(s) : 0;
        buf_reset(&sh->value);
    } else if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0) {
        sh->in_value = 1;
    }
}

static void XMLCALL xlsx_sheet_end(void *ud, const XML_Char *name)
{
    struct xlsx_sheet *sh = ud;
    const char *l = xlsx_local(name);
    if (strcmp(l, "v") == 0 || strcmp(l, "t") == 0) {
        sh->in_value = 0;
    } else if (strcmp(l, "c") == 0) {
        if (sh->value.len == 0 || sh->x.rc)
            return; /* a formatted cell without a value */
        if (sh->col >= CSV_COLS_MAX) {
            sh->x.rc = err_set(sh->x.ei, ERR_TOOBIG, "file",
                               "row %d: a value beyond column %d", sh->row,
                               CSV_COLS_MAX);
            XML_StopParser(sh->x.p, XML_FALSE);
            return;
        }
        free(sh->cells[sh->col]);
        sh->cells[sh->col] = xlsx_cell_text(sh);
        if (sh->col + 1 > sh->ncells)
            sh->ncells = sh->col + 1;
    } else if (strcmp(l, "row") == 0) {
        xlsx_row_end(sh);
    }
}

static void XMLCALL xlsx_sheet_text(void *ud, const XML_Char *t, int len)
{
    struct xlsx_sheet *sh = ud;
    if (sh->in_value && buf_add(&sh->value, t, (size_t)len) != 0 &&
        sh->x.rc == 0) {
        sh->x.rc = err_set(sh->x.ei, ERR_TOOBIG, "file",
                           "row %d: a cell is longer than %d bytes", sh->row,
                           CSV_CELL_MAX - 1);
        XML_StopParser(sh->x.p, XML_FALSE);
    }
}

/* The sheet's part name from the relationship's target. */
static void xlsx_sheet_path(const char *target, char *out, size_t size)
{
    if (target[0] == '/')
        snprintf(out, size, "%s", target + 1);
    else
        snprintf(out, size, "xl/%s", target);
}

int xlsx_read(const char *data, size_t len, struct table *out,
              struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    zip_error_t zer;
    zip_error_init(&zer);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zer);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zer) : NULL;
    zip_error_fini(&zer);
    if (!z) {
        zip_source_free(src);
        return err_set(ei, ERR_SYNTAX, "file",
                       "the file is neither CSV text nor an Excel workbook "
                       "Randa can open (a damaged ZIP archive)");
    }
    char *part = NULL;
    size_t plen = 0;
    struct xlsx_book book = {0};
    struct xlsx_rels rels = {0};
    struct xlsx_strings strings = {0};
    struct xlsx_styles styles = {0};
    struct xlsx_sheet sheet = {0};
    strings.text = (struct buf)BUF_INIT(CSV_CELL_MAX - 1);
    sheet.value = (struct buf)BUF_INIT(CSV_CELL_MAX - 1);

    int rc = xlsx_part(z, "xl/workbook.xml", &part, &plen, ei);
    if (rc == ERR_NOTFOUND)
        rc = err_set(ei, ERR_SYNTAX, "file",
                     "the file is a ZIP archive but no Excel workbook (.xlsx; "
                     "an .xls or .ods file: save it as .xlsx or CSV)");
    if (rc == 0) {
        book.x = (struct xlsx_xml){xlsx_parser(&book), 0, ei};
        XML_SetStartElementHandler(book.x.p, xlsx_book_start);
        rc = xlsx_parse(&book.x, "workbook", part, plen);
        XML_ParserFree(book.x.p);
        if (rc == 0 && !book.rid[0])
            rc = err_set(ei, ERR_SYNTAX, "file", "the workbook has no sheet");
    }
    free(part);
    part = NULL;
    if (rc == 0) {
        rc = xlsx_part(z, "xl/_rels/workbook.xml.rels", &part, &plen, ei);
        if (rc == ERR_NOTFOUND)
            rc = err_set(ei, ERR_SYNTAX, "file",
                         "the workbook lacks its relationships part");
    }
    if (rc == 0) {
        rels.x = (struct xlsx_xml){xlsx_parser(&rels), 0, ei};
        rels.rid = book.rid;
        XML_SetStartElementHandler(rels.x.p, xlsx_rels_start);
        rc = xlsx_parse(&rels.x, "relationships", part, plen);
        XML_ParserFree(rels.x.p);
        if (rc == 0 && !rels.target[0])
            rc = err_set(ei, ERR_SYNTAX, "file",
                         "the workbook does not say where its first sheet is");
    }
    free(part);
    part = NULL;
    if (rc == 0) {
        rc = xlsx_part(z, "xl/sharedStrings.xml", &part, &plen, ei);
        if (rc == 0) {
            strings.x = (struct xlsx_xml){xlsx_parser(&strings), 0, ei};
            XML_SetElementHandler(strings.x.p, xlsx_strings_start,
                                  xlsx_strings_end);
            XML_SetCharacterDataHandler(strings.x.p, xlsx_strings_text);
            rc = xlsx_parse(&strings.x, "shared strings", part, plen);
            XML_ParserFree(strings.x.p);
        } else if (rc == ERR_NOTFOUND) {
            rc = 0; /* a workbook of numbers and inline strings only */
        }
    }
    free(part);
    part = NULL;
    if (rc == 0) {
        rc = xlsx_part(z, "xl/styles.xml", &part, &plen, ei);
        if (rc == 0) {
            styles.x = (struct xlsx_xml){xlsx_parser(&styles), 0, ei};
            XML_SetElementHandler(styles.x.p, xlsx_styles_start,
                                  xlsx_styles_end);
            rc = xlsx_parse(&styles.x, "styles", part, plen);
            XML_ParserFree(styles.x.p);
        } else if (rc == ERR_NOTFOUND) {
            rc = 0;
        }
    }
    free(part);
    part = NULL;
    if (rc == 0) {
        char path[XLSX_PATH_MAX + 4];
        xlsx_sheet_path(rels.target, path, sizeof(path));
        rc = xlsx_part(z, path, &part, &plen, ei);
        if (rc == ERR_NOTFOUND)
            rc = err_set(ei, ERR_SYNTAX, "file",
                         "the workbook's first sheet (%s) is missing", path);
    }
    if (rc == 0) {
        sheet.x = (struct xlsx_xml){xlsx_parser(&sheet), 0, ei};
        sheet.out = out;
        sheet.strings = &strings;
        sheet.styles = &styles;
        sheet.date1904 = book.date1904;
        XML_SetElementHandler(sheet.x.p, xlsx_sheet_start, xlsx_sheet_end);
        XML_SetCharacterDataHandler(sheet.x.p, xlsx_sheet_text);
        rc = xlsx_parse(&sheet.x, "sheet", part, plen);
        XML_ParserFree(sheet.x.p);
    }
    free(part);
    for (int i = 0; i < CSV_COLS_MAX; i++)
        free(sheet.cells[i]);
    buf_release(&sheet.value);
    for (size_t i = 0; i < strings.n; i++)
        free(strings.items[i]);
    free(strings.items);
    buf_release(&strings.text);
    free(styles.xf_date);
    zip_discard(z); /* frees src too; writes nothing */
    return rc;
}
