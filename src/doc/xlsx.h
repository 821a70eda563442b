/*
 * A book of sheets (sheet.h) as an Excel workbook (.xlsx), written by
 * libxlsxwriter (Debian's libxlsxwriter-dev): each sheet with its header
 * row bold and frozen (with the sheet's frozen columns), filter buttons on
 * it, the columns as wide as sheet_column_width() says, numbers in their
 * column's format (dates as real dates shown 2027-03-01, shares as
 * percentages), the cells' colours, and the header repeated on each
 * printed page.
 *
 * Thread-safe: each call writes its own workbook, through a file of its
 * own in $TMPDIR (or /tmp) that is removed before it returns.
 */
#ifndef RANDA_DOC_XLSX_H
#define RANDA_DOC_XLSX_H

#include "doc/sheet.h"
#include "util/buf.h"
#include "util/err.h"

/* The media type of a workbook. */
#define SHEET_XLSX_TYPE                                                        \
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/*
 * Appends book b as an .xlsx file to out. 0, ERR_TOOBIG when out's cap is
 * reached, or ERR_IO when the workbook cannot be written (ei says why).
 */
int sheet_xlsx(const struct sheet_book *b, struct buf *out,
               struct err_info *ei);

#endif
