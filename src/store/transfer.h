/*
 * A whole region (or the whole database) as one JSON file with natural
 * keys instead of database ids, written by randa export and read back by
 * randa import, so that a region moves between servers and between the
 * SQLite and PostgreSQL stores. docs/operations.md describes the file.
 *
 * The file is canonical: the same data gives the same bytes, whichever
 * database it is read from, so export, import into an empty database and
 * export again give the identical file. It is a JSON object: "format"
 * ("randa-region") and "version" first, then one member per table in the
 * order an import needs (every table before the tables that refer to it),
 * each an array of records, one a line, sorted by key; a record is an
 * object with its members sorted by name, references written as the key
 * of the row they name.
 */
#ifndef RANDA_STORE_TRANSFER_H
#define RANDA_STORE_TRANSFER_H

#include "store/types.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

#define STORE_TRANSFER_FORMAT  "randa-region"
#define STORE_TRANSFER_VERSION 1

/* A record larger than this is refused (a review's report is at most
 * 5 MiB, 7 MiB in base64). */
#define STORE_TRANSFER_RECORD_MAX (16u << 20)

/* What an export wrote or an import read: records in all. */
struct transfer_stats {
    int64_t records;
    int tables;
    int64_t mail_unsent; /* export: e-mails still queued, which do not move */
    int64_t same;        /* export: rows the same as another, written once */
};

/*
 * Writes the database, or only region (its code; NULL for all), as the
 * region file through write(arg, data, n), which returns 0 or an error
 * code that stops the export. One consistent snapshot is read. Refuses
 * (ERR_INVAL) a database with a table or column this randa neither
 * exports nor skips on purpose (store_transfer_check_schema()), a region
 * that does not exist (ERR_NOTFOUND), and a region whose rows refer to
 * another region's (ei names the record). stats may be NULL.
 */
int store_transfer_export(struct store *s, const char *region,
                          int (*write)(void *arg, const char *data, size_t n),
                          void *arg, struct transfer_stats *stats,
                          struct err_info *ei);

/*
 * Imports the region file r reads (util/jsonrec.h) into s, all in one
 * transaction: everything or nothing. s must hold no data (ERR_CONFLICT
 * naming what it holds); the kinds of assessment the migrations put in
 * are replaced by the file's. A file of another format or version is
 * ERR_INVAL; the first bad record is named by its table, key and line,
 * with the reason (a field missing or of the wrong type, a reference to
 * a key the file does not hold, a value the schema refuses).
 */
struct jsonrec;
int store_transfer_import(struct store *s, struct jsonrec *r,
                          struct transfer_stats *stats, struct err_info *ei);

/*
 * 0 when every table of s, and every column of the tables exported, is
 * one this randa exports or skips on purpose; else ERR_INVAL naming the
 * first that is neither (a table added after this randa was written, and
 * nobody decided whether a region's file carries it).
 */
int store_transfer_check_schema(struct store *s, struct err_info *ei);

/* The tables a region file holds, in its order: i from 0, NULL past the
 * last. */
const char *store_transfer_table(int i);

/* The tables left out on purpose, with why: i from 0, NULL past the
 * last. */
const char *store_transfer_skipped(int i, const char **why);

#endif
