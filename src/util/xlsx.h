/*
 * The first worksheet of an Excel workbook (.xlsx, Office Open XML) read
 * into a table of text cells, as util/csv.h reads a CSV file.
 *
 * An .xlsx file is a ZIP archive of XML parts. libzip (Debian's libzip)
 * opens the archive from memory and expat (libexpat1) reads the parts as a
 * stream: the workbook names its first sheet, the relationships say which
 * part holds it, the shared strings hold its text and the styles say which
 * numbers are dates. Both libraries are small, long maintained and fuzzed
 * upstream; neither touches the network or the file system here.
 *
 * Cells come out as text: strings as they are, numbers in their shortest
 * form with a decimal point ("0.75", "12"), numbers styled as dates as
 * "YYYY-MM-DD", booleans as "1" or "0". Each row's line is the sheet's row
 * number, as Excel shows it. Caps: a part of the archive may unpack to at
 * most XLSX_PART_MAX bytes (a ZIP bomb is refused, whatever its headers
 * say), and the table's caps are those of csv.h. A document type
 * declaration is refused, so no entity is ever expanded.
 */
#ifndef RANDA_UTIL_XLSX_H
#define RANDA_UTIL_XLSX_H

#include "util/csv.h"
#include "util/err.h"

#include <stddef.h>

#define XLSX_PART_MAX (64u * 1024 * 1024)

/* 1 when the len bytes at data begin as a ZIP archive does. */
int xlsx_is_zip(const char *data, size_t len);

/*
 * Reads the first worksheet of the workbook of len bytes at data into out,
 * which the caller releases with table_release() (also on failure).
 * Returns 0, ERR_SYNTAX (not a workbook Randa can read; ei says why), or
 * ERR_TOOBIG.
 */
int xlsx_read(const char *data, size_t len, struct table *out,
              struct err_info *ei);

#endif
