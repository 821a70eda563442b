/*
 * Reading import files (issue 15): CSV as Swedish Excel writes it, the
 * first sheet of an .xlsx workbook, and the cells of the import's columns
 * (dates, weeks, numbers with a decimal comma, yes and no).
 */
#include "domain/import.h"
#include "domain/pattern.h"
#include "domain/week.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/xlsx.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

static struct table t;
static struct csv_info info;
static struct err_info ei;

static void fini(void)
{
    table_release(&t);
}

TestSuite(csv, .fini = fini);

static int read_text(const char *s)
{
    memset(&ei, 0, sizeof(ei));
    return csv_read(s, strlen(s), &t, &info, &ei);
}

Test(csv, reads_semicolons_quotes_and_crlf_with_the_line_of_each_row)
{
    cr_assert_eq(read_text("a;b;c\r\n1;\"x;y\";\"he said \"\"hej\"\"\"\r\n"
                           "2;\"two\nlines\";z\r\n3;;\r\n"),
                 0, "%s", ei.msg);
    cr_assert_eq(t.nrows, 4);
    cr_assert_str_eq(table_cell(&t, 1, 1), "x;y");
    cr_assert_str_eq(table_cell(&t, 1, 2), "he said \"hej\"");
    cr_assert_str_eq(table_cell(&t, 2, 1), "two\nlines");
    cr_assert_eq(t.rows[2].line, 3);
    cr_assert_eq(t.rows[3].line, 5, "the quoted line break counts");
    cr_assert_str_eq(table_cell(&t, 3, 2), "");
    cr_assert_str_eq(table_cell(&t, 3, 7), "", "past the row: empty");
    cr_assert_str_eq(info.encoding, "UTF-8");
}

Test(csv, skips_blank_rows_excel_leaves)
{
    cr_assert_eq(read_text("a;b\n1;2\n;\n  ; \n\n3;4\n;;;\n"), 0);
    cr_assert_eq(t.nrows, 3);
    cr_assert_eq(t.rows[2].line, 6);
}

Test(csv, takes_a_byte_order_mark_off)
{
    cr_assert_eq(read_text("\xEF\xBB\xBFnamn;ort\nÅsa;Malmö\n"), 0);
    cr_assert_str_eq(table_cell(&t, 0, 0), "namn");
    cr_assert_str_eq(table_cell(&t, 1, 0), "Åsa");
    cr_assert_str_eq(info.encoding, "UTF-8 BOM");
}

Test(csv, converts_windows_1252_letters)
{
    cr_assert_eq(read_text("namn;ort\n\xC5sa \xD6"
                           "berg;H\xE4ssleholm\x80\n"),
                 0, "%s", ei.msg);
    cr_assert_str_eq(table_cell(&t, 1, 0), "Åsa Öberg");
    cr_assert_str_eq(table_cell(&t, 1, 1), "Hässleholm€");
    cr_assert_str_eq(info.encoding, "Windows-1252");
}

Test(csv, refuses_a_byte_windows_1252_lacks_naming_its_line)
{
    cr_assert_eq(read_text("a;b\n1;2\nx\x81;y\n"), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "line 3:"), "%s", ei.msg);
}

Test(csv, refuses_a_bom_on_text_that_is_not_utf8)
{
    cr_assert_eq(read_text("\xEF\xBB\xBF"
                           "a;b\n\xE5;1\n"),
                 ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "line 2:"), "%s", ei.msg);
}

Test(csv, says_so_of_a_comma_separated_file)
{
    cr_assert_eq(read_text("hsa_id,name\nSE1,x\n"), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "commas"), "%s", ei.msg);
    cr_assert_eq(read_text("hsa_id\tname\n"), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "tabs"), "%s", ei.msg);
}

Test(csv, takes_commas_in_cells_of_a_semicolon_file)
{
    cr_assert_eq(read_text("a;b\n0,75;\"x, y\"\n"), 0);
    cr_assert_str_eq(table_cell(&t, 1, 0), "0,75");
}

Test(csv, refuses_utf16_and_binary_and_an_open_quote)
{
    cr_assert_eq(csv_read("\xFF\xFEh\0", 4, &t, &info, &ei), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "UTF-16"));
    table_release(&t);
    cr_assert_eq(csv_read("a;b\n\0", 5, &t, &info, &ei), ERR_SYNTAX);
    table_release(&t);
    cr_assert_eq(read_text("a;b\n1;\"open\n2;3\n"), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "line 2:"), "%s", ei.msg);
}

Test(csv, caps_columns_and_cells)
{
    struct buf b = BUF_INIT(0);
    for (int i = 0; i <= CSV_COLS_MAX; i++)
        buf_adds(&b, "x;");
    cr_assert_eq(csv_read(b.data, b.len, &t, &info, &ei), ERR_TOOBIG);
    table_release(&t);
    buf_reset(&b);
    buf_adds(&b, "a\n");
    for (int i = 0; i < CSV_CELL_MAX; i++)
        buf_adds(&b, "y");
    cr_assert_eq(csv_read(b.data, b.len, &t, &info, &ei), ERR_TOOBIG);
    buf_release(&b);
}

Test(csv, writes_cells_excel_reads_back_and_never_as_formulas)
{
    struct buf b = BUF_INIT(0);
    csv_write_cell(&b, "plain", ';');
    buf_adds(&b, ";");
    csv_write_cell(&b, "a;b \"c\"", ';');
    buf_adds(&b, ";");
    csv_write_cell(&b, "=HYPERLINK(1)", ';');
    cr_assert_str_eq(b.data, "plain;\"a;b \"\"c\"\"\";'=HYPERLINK(1)");
    buf_release(&b);
}

/* ---- xlsx ---- */

/* An .xlsx of the given parts (name, text pairs, NULL-ended) in memory. */
static char *make_xlsx(size_t *len, const char *const *parts)
{
    char path[] = "/tmp/randa-xlsx-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_TRUNCATE, &zerr);
    cr_assert(z);
    for (int i = 0; parts[i]; i += 2) {
        zip_source_t *src =
            zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
        cr_assert(zip_file_add(z, parts[i], src, ZIP_FL_OVERWRITE) >= 0);
    }
    cr_assert_eq(zip_close(z), 0);
    FILE *f = fopen(path, "rb");
    cr_assert(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    char *data = malloc(*len);
    cr_assert_eq(fread(data, 1, *len, f), *len);
    fclose(f);
    unlink(path);
    return data;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS                                                                    \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"         \
    "relationships\""

static const char book[] =
    "<?xml version=\"1.0\"?><workbook " NS " " RNS "><sheets>"
    "<sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId7\"/>"
    "<sheet name=\"Blad2\" sheetId=\"2\" r:id=\"rId8\"/></sheets></workbook>";
static const char rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId8\" Target=\"worksheets/other.xml\"/>"
    "<Relationship Id=\"rId7\" Target=\"/xl/worksheets/first.xml\"/>"
    "</Relationships>";
static const char strings[] =
    "<?xml version=\"1.0\"?><sst " NS "><si><t>name</t></si>"
    "<si><r><t>Åsa </t></r><r><t>Öberg</t></r><rPh><t>x</t></rPh></si>"
    "<si><t>start_date</t></si></sst>";
static const char styles[] =
    "<?xml version=\"1.0\"?><styleSheet " NS "><numFmts count=\"1\">"
    "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"
    "</cellXfs></styleSheet>";
static const char sheet[] =
    "<?xml version=\"1.0\"?><worksheet " NS "><sheetData>"
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\">"
    "<v>2</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" s=\"2\"/></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>1</v></c><c r=\"B4\"><v>0.75</v></c>"
    "<c r=\"C4\" s=\"1\"><v>46447</v></c><c r=\"D4\" t=\"inlineStr\">"
    "<is><t>inline</t></is></c><c r=\"E4\" t=\"b\"><v>1</v></c></row>"
    "</sheetData></worksheet>";

Test(csv, reads_the_first_sheet_of_a_workbook)
{
    const char *const parts[] = {"xl/workbook.xml",
                                 book,
                                 "xl/_rels/workbook.xml.rels",
                                 rels,
                                 "xl/sharedStrings.xml",
                                 strings,
                                 "xl/styles.xml",
                                 styles,
                                 "xl/worksheets/first.xml",
                                 sheet,
                                 "xl/worksheets/other.xml",
                                 "<worksheet/>",
                                 NULL};
    size_t len;
    char *data = make_xlsx(&len, parts);
    cr_assert(xlsx_is_zip(data, len));
    cr_assert_eq(xlsx_read(data, len, &t, &ei), 0, "%s", ei.msg);
    free(data);
    cr_assert_eq(t.nrows, 2, "the formatted row without values is skipped");
    cr_assert_str_eq(table_cell(&t, 0, 0), "name");
    cr_assert_str_eq(table_cell(&t, 0, 1), "");
    cr_assert_str_eq(table_cell(&t, 0, 2), "start_date");
    cr_assert_eq(t.rows[1].line, 4);
    cr_assert_str_eq(table_cell(&t, 1, 0), "Åsa Öberg");
    cr_assert_str_eq(table_cell(&t, 1, 1), "0.75");
    cr_assert_str_eq(table_cell(&t, 1, 2), "2027-03-01");
    cr_assert_str_eq(table_cell(&t, 1, 3), "inline");
    cr_assert_str_eq(table_cell(&t, 1, 4), "1");
}

Test(csv, refuses_a_workbook_with_a_doctype_or_no_workbook)
{
    const char *const evil[] = {
        "xl/workbook.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
        "<workbook>&a;</workbook>",
        NULL};
    size_t len;
    char *data = make_xlsx(&len, evil);
    cr_assert_eq(xlsx_read(data, len, &t, &ei), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "document type"), "%s", ei.msg);
    free(data);
    table_release(&t);
    const char *const none[] = {"word/document.xml", "<w/>", NULL};
    data = make_xlsx(&len, none);
    cr_assert_eq(xlsx_read(data, len, &t, &ei), ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "no Excel workbook"), "%s", ei.msg);
    free(data);
    table_release(&t);
    cr_assert_eq(xlsx_read("PK\x03\x04garbage", 11, &t, &ei), ERR_SYNTAX);
}

/* ---- cells ---- */

Test(csv, reads_weeks_as_swedes_write_them)
{
    int w, want;
    cr_assert_eq(week_from_iso(2027, 10, &want), 0);
    const char *ok[] = {"2027-W10", "2027W10",   "2027-w10",      "v. 10 2027",
                        "v10 2027", "V 10 2027", "vecka 10 2027", "v.10, 2027"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(*ok); i++) {
        cr_assert_eq(import_read_week(ok[i], &w, &ei), 0, "%s: %s", ok[i],
                     ei.msg);
        cr_assert_eq(w, want, "%s", ok[i]);
    }
    cr_assert_eq(import_read_week("2026-W53", &w, &ei), 0, "2026 has 53");
    cr_assert_eq(import_read_week("2027-W53", &w, &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "52 weeks"), "%s", ei.msg);
    cr_assert_eq(import_read_week("v. 53 2027", &w, &ei), ERR_INVAL);
    cr_assert_eq(import_read_week("2027-10", &w, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_week("vecka", &w, &ei), ERR_SYNTAX);
}

Test(csv, reads_numbers_with_a_decimal_comma)
{
    int v;
    cr_assert_eq(import_read_int("12", 0, 100, &v, &ei), 0);
    cr_assert_eq(v, 12);
    cr_assert_eq(import_read_int("12,0", 0, 100, &v, &ei), 0);
    cr_assert_eq(import_read_int("1 000", 0, 2000, &v, &ei), 0);
    cr_assert_eq(v, 1000);
    cr_assert_eq(import_read_int("1\xC2\xA0"
                                 "000",
                                 0, 2000, &v, &ei),
                 0);
    cr_assert_eq(import_read_int("12,5", 0, 100, &v, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_int("101", 0, 100, &v, &ei), ERR_INVAL);
    cr_assert_eq(import_read_int("tolv", 0, 100, &v, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_fte("0,75", &v, &ei), 0);
    cr_assert_eq(v, 75);
    cr_assert_eq(import_read_fte("75 %", &v, &ei), 0);
    cr_assert_eq(v, 75);
    cr_assert_eq(import_read_fte("1", &v, &ei), 0);
    cr_assert_eq(v, 100);
    cr_assert_eq(import_read_fte("50", &v, &ei), 0);
    cr_assert_eq(v, 50);
    cr_assert_eq(import_read_fte("0,333", &v, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_fte("150", &v, &ei), ERR_INVAL);
}

Test(csv, reads_dates_yes_no_vocabularies_and_patterns)
{
    char d[11];
    int v;
    unsigned m;
    cr_assert_eq(import_read_date("2027-03-01", d, &ei), 0);
    cr_assert_eq(import_read_date("2027-02-29", d, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_date("1/3/2027", d, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_bool("Ja", &v, &ei), 0);
    cr_assert_eq(v, 1);
    cr_assert_eq(import_read_bool("falskt", &v, &ei), 0);
    cr_assert_eq(v, 0);
    cr_assert_eq(import_read_bool("kanske", &v, &ei), ERR_SYNTAX);
    cr_assert_eq(import_read_vocab("Parental", &vocab_leave_kind, &v, &ei), 0);
    cr_assert_eq(import_read_vocab("semester", &vocab_leave_kind, &v, &ei),
                 ERR_SYNTAX);
    cr_assert(strstr(ei.msg, "parental"), "%s", ei.msg);
    cr_assert_eq(import_read_patterns("full, Half", &m, &ei), 0);
    cr_assert_eq(m, PATTERN_BIT(PATTERN_FULL) | PATTERN_BIT(PATTERN_HALF));
    cr_assert_eq(import_read_patterns("heltid", &m, &ei), ERR_SYNTAX);
}

Test(csv, tells_text_written_wrong_from_text_of_a_length_not_allowed)
{
    char out[8];
    cr_assert_eq(import_read_text("a\tb", 0, out, sizeof(out), &ei),
                 ERR_SYNTAX);
    cr_assert_eq(import_read_text("", 1, out, sizeof(out), &ei), ERR_INVAL);
    cr_assert_str_eq(ei.msg, "must not be empty");
    cr_assert_eq(import_read_text("ab", 3, out, sizeof(out), &ei), ERR_INVAL);
    cr_assert_str_eq(ei.msg, "is shorter than 3 bytes");
    cr_assert_eq(import_read_text("abcdefgh", 0, out, sizeof(out), &ei),
                 ERR_INVAL);
}

Test(csv, maps_the_header_and_names_missing_unknown_and_repeated_columns)
{
    struct import_report r = {0};
    struct import_header h;
    cr_assert_eq(read_text("Trainee ; from_date;to_date;kind\n"), 0);
    cr_assert_eq(import_header_read(IMPORT_LEAVES, &t, &h, &r), 0);
    cr_assert_eq(h.col[0], 0);
    cr_assert_eq(h.col[1], -1, "trainee_specialty is optional");
    table_release(&t);
    cr_assert_eq(read_text("trainee;from_date;from_date;typ\n"), 0);
    cr_assert_eq(import_header_read(IMPORT_LEAVES, &t, &h, &r), 4);
    cr_assert_str_eq(r.problems[0].column, "from_date");
    cr_assert_eq(r.problems[0].code, IMPORT_CODE_COLUMN_REPEATED);
    cr_assert_str_eq(r.problems[1].column, "typ");
    cr_assert_eq(r.problems[1].code, IMPORT_CODE_COLUMN_UNKNOWN);
    cr_assert_str_eq(r.problems[2].column, "to_date");
    cr_assert_eq(r.problems[2].code, IMPORT_CODE_COLUMN_MISSING);
    cr_assert_str_eq(r.problems[3].column, "kind");
    cr_assert_eq(r.problems[3].code, IMPORT_CODE_COLUMN_MISSING);
    cr_assert_eq(r.problems[3].line, 1);
    import_report_release(&r);
}

Test(csv, writes_templates_excel_opens)
{
    for (int k = 0; k < IMPORT_KIND_COUNT; k++) {
        struct buf b = BUF_INIT(0);
        cr_assert_eq(import_template((enum import_kind)k, &b), 0);
        cr_assert_eq(csv_read(b.data, b.len, &t, &info, &ei), 0);
        cr_assert_eq(t.nrows, 2);
        struct import_report r = {0};
        struct import_header h;
        cr_assert_eq(import_header_read((enum import_kind)k, &t, &h, &r), 0);
        table_release(&t);
        buf_release(&b);
    }
}

/* A cut by byte count leaves part of a character: clean drops it (or marks
 * it), and only it. */
Test(csv, clean_drops_or_marks_what_is_left_of_a_cut_character)
{
    char s[64];
    snprintf(s, sizeof(s), "no unit %.5s in Randa",
             "SEåäö"); /* "SE", å, half ä */
    cr_assert(!csv_utf8_valid(s, strlen(s)));
    csv_utf8_clean(s, '\0');
    cr_assert_str_eq(s, "no unit SEå in Randa");
    snprintf(s, sizeof(s), "%s", "Malmö €5 \xF0\x9F\x98\x80 ok");
    csv_utf8_clean(s, '\0');
    cr_assert_str_eq(s, "Malmö €5 \xF0\x9F\x98\x80 ok",
                     "whole characters stay");
    snprintf(s, sizeof(s), "%s", "\x80x\xC3\xE2\x82y\xF0\x9F\x98");
    csv_utf8_clean(s, '\0');
    cr_assert_str_eq(s, "xy");
    snprintf(s, sizeof(s), "%s",
             "a\xC3"
             "b\xED\xA0\x80"
             "c");
    csv_utf8_clean(s, '?');
    cr_assert_str_eq(s, "a?b???c", "a surrogate is no character either");
}

/* What the file readers and the cleaning above take for UTF-8: whole
 * characters of 1 to 4 bytes, and no overlong form, surrogate, code point
 * past U+10FFFF or character cut by the length given. */
Test(csv, utf8_valid_takes_whole_characters_only)
{
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"Malmö", 1},
        {"\xE2\x82\xAC", 1},     /* € */
        {"\xF0\x9F\x98\x80", 1}, /* an emoji */
        {"\xF4\x8F\xBF\xBF", 1}, /* U+10FFFF */
        {"\xC0\xAF", 0},         /* overlong / */
        {"\xE0\x80\xAF", 0},     /* overlong / */
        {"\xF0\x80\x80\xAF", 0}, /* overlong / */
        {"\xED\xA0\x80", 0},     /* a surrogate */
        {"\xF4\x90\x80\x80", 0}, /* past U+10FFFF */
        {"\xF5\x80\x80\x80", 0},
        {"\x80", 0},
        {"a\xC3", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
        cr_assert_eq(csv_utf8_valid(cases[i].s, strlen(cases[i].s)),
                     cases[i].ok, "case %zu", i);
    /* The length given ends the text, even inside a character. */
    cr_assert(!csv_utf8_valid("Malmö", 5));
    cr_assert(csv_utf8_valid("Malmö", 4));
}
