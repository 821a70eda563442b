/*
 * Imports: the rows of a CSV or Excel file (a table, util/csv.h) written
 * as units, capacity periods, supervisors, trainees, leaves, needs,
 * bookings or users, each by the store's own insert and update functions,
 * so that a row is checked by exactly the rules the API's writes are.
 *
 * An import is all or nothing: it runs in one transaction, each row in a
 * savepoint of its own, and commits only when no row has a problem and it
 * is no dry run; otherwise everything is rolled back and the report says
 * what each row would have done and every problem, by line and column.
 * Rows find their records by natural keys (a unit's HSA-id, a person's
 * HSA-id or e-mail, a user's name; see docs/import.md), so a row whose
 * record exists updates it, or leaves it as it is when nothing differs:
 * importing the same file twice changes nothing the second time. Each row
 * is judged by the policy for the action it takes (a trainee's row by
 * trainee.write on its home unit, ...) against the importer's grants; a
 * row outside their scope is a problem of that row. Every write of an
 * import is in the audit log with the import's id.
 */
#ifndef RANDA_STORE_IMPORT_H
#define RANDA_STORE_IMPORT_H

#include "domain/import.h"
#include "domain/policy.h"
#include "store/types.h"
#include "util/csv.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

/* The file an import reads, as the caller received it. */
struct import_file {
    const char *name;   /* the file's name, 1..255 bytes */
    const char *format; /* "csv" or "xlsx" */
    size_t size;
    const char *sha256; /* 64 hex digits */
    int64_t user_id;    /* who imports it (0: none, as `randa import`) */
};

/* An import as its list shows it. */
struct import_item {
    int64_t id;
    char kind[16];
    char file_name[256];
    char format[8];
    int64_t size;
    char sha256[65];
    int64_t user_id; /* 0 when the user is gone or there was none */
    char actor[STORE_NAME_MAX];
    char at[STORE_TIME_MAX];
    int rows, inserted, updated, unchanged;
    int64_t audit_rows; /* writes in the audit log with its id */
};

/*
 * Imports table t, a file of kind k, with the grants of the importer
 * (their scope per row). With dry_run, or when any row has a problem,
 * nothing is written; otherwise the whole file is written in one
 * transaction with its data_import row, whose id goes to *id (0 when
 * nothing was written). The report rep (released by the caller with
 * import_report_release()) holds every row's result and problem. Returns
 * 0 when the file was judged, whatever the report says, or a failure of
 * the database (ERR_DB, ERR_CONFLICT when it is busy).
 */
int store_import(struct store *s, enum import_kind k, const struct table *t,
                 const struct grant *grants, int ngrants, int dry_run,
                 const struct import_file *f, struct import_report *rep,
                 int64_t *id, struct err_info *ei);

/* Imports newest first, those of user_id only (0: everyone's). */
int store_import_list(struct store *s, int64_t user_id, int limit, int offset,
                      int (*each)(const struct import_item *, void *),
                      void *arg, int64_t *total, struct err_info *ei);

/* Import id; ERR_NOTFOUND naming "id". */
int store_import_get(struct store *s, int64_t id, struct import_item *out,
                     struct err_info *ei);

#endif
