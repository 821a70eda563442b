/*
 * randa import: reads a file randa export wrote into an empty database,
 * SQLite or PostgreSQL, all in one transaction (store/transfer.h).
 */
#include "cmd/cmd.h"

#include "store/store.h"
#include "store/transfer.h"
#include "util/buf.h"
#include "util/jsonrec.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char import_usage[] =
    "usage: randa import --in PATH [--db FILE|URL]\n"
    "\n"
    "Reads a file 'randa export' wrote into an empty database: a new SQLite\n"
    "file (made here), an existing one that holds no data, or a PostgreSQL\n"
    "database that holds no data (its tables are made when missing). All of\n"
    "it is written in one transaction, or nothing: the first record that\n"
    "cannot be imported is named, by table, key and line, with the reason.\n"
    "A file of another format version is refused. Prints what the database\n"
    "then holds.\n"
    "\n"
    "  --in PATH       the file to read\n"
    "  --db FILE|URL   the database to import into (default randa.db)\n"
    "  --help          this text\n";

/* Reads from the FILE at arg for jsonrec. */
static long import_read(void *arg, char *dst, size_t n)
{
    FILE *f = arg;
    size_t got = fread(dst, 1, n, f);
    if (got == 0 && ferror(f))
        return -1;
    return (long)got;
}

/* Removes a database file with its WAL and shared-memory files. */
static void import_remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        struct buf name = BUF_INIT(0);
        buf_addf(&name, "%s%s", path, suffixes[i]);
        unlink(name.data);
        buf_release(&name);
    }
}

int cmd_import(int argc, char **argv)
{
    static const struct option options[] = {
        {"in", required_argument, NULL, 'i'},
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = "randa.db", *in = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'i':
            in = optarg;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(import_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("import", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("import", "unexpected argument %s",
                               argv[optind]);
    if (!in || !*in)
        return cmd_usage_error("import", "--in PATH is required");
    FILE *f = fopen(in, "rb");
    if (!f) {
        fprintf(stderr, "randa import: %s: %s\n", in, strerror(errno));
        return CMD_FAILED;
    }

    struct err_info ei;
    err_clear(&ei);
    struct stat sb;
    int created = !store_is_url(db) && stat(db, &sb) != 0;
    struct store *s = NULL;
    int rc = store_open(db, created ? STORE_CREATE | STORE_NEW : 0, &s, &ei);
    struct jsonrec *r = jsonrec_new(import_read, f, STORE_TRANSFER_RECORD_MAX);
    struct transfer_stats stats = {0, 0, 0, 0};
    if (rc == 0)
        rc = store_transfer_import(s, r, &stats, &ei);
    jsonrec_free(r);
    fclose(f);
    if (rc == 0) {
        printf("Imported %s into %s: %lld records in %d tables\n", in,
               cmd_db_label(db), (long long)stats.records, stats.tables);
        rc = cmd_print_contents(s, cmd_db_label(db), &ei);
    }
    store_close(s);
    if (rc == 0)
        return CMD_OK;
    /* A file made here holds nothing of the import: remove it. */
    if (created)
        import_remove_db(db);
    cmd_fail("import", &ei);
    fprintf(stderr, "randa import: nothing was imported into %s\n",
            cmd_db_label(db));
    return CMD_FAILED;
}
