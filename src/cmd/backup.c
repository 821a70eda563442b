/*
 * randa backup: a consistent copy of a database while the server goes on
 * serving it (store_backup(): SQLite's online backup API, or pg_dump).
 */
#include "cmd/cmd.h"

#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char backup_usage[] =
    "usage: randa backup [--db FILE|URL] --out PATH\n"
    "\n"
    "Copies the whole database, consistent as of one moment, to PATH while\n"
    "others go on reading and writing it: a new SQLite file for a file, a\n"
    "pg_dump custom-format archive for a PostgreSQL URL. 'randa restore'\n"
    "reads either back.\n"
    "\n"
    "  --db FILE|URL   the database (default randa.db)\n"
    "  --out PATH      the backup to write; it must not exist yet\n"
    "  --help          this text\n";

int cmd_backup(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = "randa.db", *out = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(backup_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("backup", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("backup", "unexpected argument %s",
                               argv[optind]);
    if (!out || !*out)
        return cmd_usage_error("backup", "--out PATH is required");
    struct stat sb;
    if (stat(out, &sb) == 0) {
        fprintf(stderr, "randa backup: %s already exists; choose a new path\n",
                out);
        return CMD_FAILED;
    }

    struct err_info ei;
    err_clear(&ei);
    struct store *s = NULL;
    if (store_open(db, STORE_READONLY | STORE_ANY_VERSION, &s, &ei) != 0)
        return cmd_fail("backup", &ei);
    int version = 0;
    int rc = 0;
    if (store_schema_version(s, &version) != 0)
        rc = err_set(&ei, ERR_INVAL, "db", "%s: not a Randa database",
                     cmd_db_label(db));
    if (rc == 0)
        rc = store_backup(s, out, &ei);
    const char *backend = store_backend_name(s);
    if (rc == 0 && stat(out, &sb) != 0)
        rc = err_set(&ei, ERR_IO, "out", "%s: missing after the backup", out);
    if (rc == 0)
        printf("Wrote %s: %s backup at schema version %d, %lld bytes\n", out,
               strcmp(backend, "sqlite") == 0 ? "an SQLite" : "a pg_dump",
               version, (long long)sb.st_size);
    store_close(s);
    return rc ? cmd_fail("backup", &ei) : CMD_OK;
}
