/*
 * randa migrate: brings a database to the binary's schema version, or with
 * --status says whether it needs to.
 */
#include "cmd/cmd.h"

#include "store/store.h"

#include <getopt.h>
#include <stdio.h>

static const char migrate_usage[] =
    "usage: randa migrate [--db FILE|URL] [--status]\n"
    "\n"
    "Applies the migrations the database lacks, all in one transaction, and\n"
    "prints the schema version before and after. A database whose schema\n"
    "is newer than this randa is refused. ('randa serve' migrates on start\n"
    "unless given --no-migrate.)\n"
    "\n"
    "  --db FILE|URL   the database (default randa.db)\n"
    "  --status        change nothing: print the database's and this randa's\n"
    "                  schema versions; exit 0 when they are the same, 1\n"
    "                  when migrations are pending or the database is newer\n"
    "  --help          this text\n";

static int migrate_status(const char *label, int version, int known)
{
    printf("%s: schema version %d; this randa: schema version %d\n", label,
           version, known);
    if (version == known) {
        printf("Up to date.\n");
        return CMD_OK;
    }
    int pending = store_migrations_after(version);
    if (version < known)
        printf("%d migration%s pending: run randa migrate\n", pending,
               pending == 1 ? "" : "s");
    else
        printf("The database is newer than this randa: run a randa that knows "
               "schema version %d\n",
               version);
    return CMD_FAILED;
}

int cmd_migrate(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"status", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = "randa.db";
    int status = 0, c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            status = 1;
            break;
        case 'h':
            fputs(migrate_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("migrate", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("migrate", "unexpected argument %s",
                               argv[optind]);

    struct err_info ei;
    err_clear(&ei);
    const char *label = cmd_db_label(db);
    int from = 0, known = store_migration_count();
    if (cmd_db_version(db, &from, &ei) != 0)
        return cmd_fail("migrate", &ei);
    if (status)
        return migrate_status(label, from, known);
    if (from > known) {
        fprintf(stderr,
                "randa migrate: %s has schema version %d, newer than this "
                "randa knows (%d): run the newer randa; nothing changed\n",
                label, from, known);
        return CMD_FAILED;
    }
    if (from == known) {
        printf("%s is at schema version %d already: nothing to do\n", label,
               from);
        return CMD_OK;
    }
    struct store *s = NULL;
    if (store_open(db, 0, &s, &ei) != 0)
        return cmd_fail("migrate", &ei);
    int to = 0;
    store_schema_version(s, &to);
    store_close(s);
    printf("Migrated %s from schema version %d to %d\n", label, from, to);
    return CMD_OK;
}
