/*
 * randa export: the whole database, or one region, as a JSON file with
 * natural keys instead of database ids (store/transfer.h), for randa
 * import to read into another server or store.
 */
#include "cmd/cmd.h"

#include "store/store.h"
#include "store/transfer.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char export_usage[] =
    "usage: randa export [--db FILE|URL] --out PATH [--region CODE]\n"
    "\n"
    "Writes every table of the database, or one region's rows and the\n"
    "shared rows they use, as one JSON file in which rows name each other\n"
    "by natural keys (codes, HSA-ids, e-mail addresses, user names) instead\n"
    "of database ids, so that 'randa import' can read it into an empty\n"
    "database on another server, SQLite or PostgreSQL. The same data always\n"
    "gives the same bytes. The file holds the users' password hashes and\n"
    "every record of the region: keep it as secret as the database.\n"
    "docs/operations.md describes the file.\n"
    "\n"
    "  --db FILE|URL   the database (default randa.db)\n"
    "  --out PATH      the file to write; it must not exist yet\n"
    "  --region CODE   only this region (its code, as in 'randa summary')\n"
    "  --help          this text\n";

/* Writes n bytes of data to the file descriptor at arg. */
static int export_write(void *arg, const char *data, size_t n)
{
    int fd = *(int *)arg;
    while (n > 0) {
        ssize_t w = write(fd, data, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return ERR_IO;
        data += w;
        n -= (size_t)w;
    }
    return 0;
}

int cmd_export(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"out", required_argument, NULL, 'o'},
        {"region", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = "randa.db", *out = NULL, *region = NULL;
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
        case 'r':
            region = optarg;
            break;
        case 'h':
            fputs(export_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("export", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("export", "unexpected argument %s",
                               argv[optind]);
    if (!out || !*out)
        return cmd_usage_error("export", "--out PATH is required");
    if (region && !*region)
        return cmd_usage_error("export", "--region needs a region's code");
    struct stat sb;
    if (stat(out, &sb) == 0) {
        fprintf(stderr, "randa export: %s already exists; choose a new path\n",
                out);
        return CMD_FAILED;
    }

    struct err_info ei;
    err_clear(&ei);
    struct store *s = NULL;
    if (store_open(db, STORE_READONLY, &s, &ei) != 0)
        return cmd_fail("export", &ei);
    /* Written beside the file and renamed into place when complete. */
    struct buf tmp = BUF_INIT(0);
    buf_addf(&tmp, "%s.part", out);
    int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    int rc = 0;
    if (fd < 0)
        rc = err_set(&ei, ERR_IO, "out", "%s: %s", tmp.data, strerror(errno));
    struct transfer_stats stats = {0, 0, 0, 0};
    if (rc == 0)
        rc = store_transfer_export(s, region, export_write, &fd, &stats, &ei);
    if (rc == ERR_IO)
        err_set(&ei, ERR_IO, "out", "%s: %s", tmp.data, strerror(errno));
    if (rc == 0 && fsync(fd) != 0)
        rc = err_set(&ei, ERR_IO, "out", "%s: %s", tmp.data, strerror(errno));
    if (fd >= 0 && close(fd) != 0 && rc == 0)
        rc = err_set(&ei, ERR_IO, "out", "%s: %s", tmp.data, strerror(errno));
    if (rc == 0 && rename(tmp.data, out) != 0)
        rc = err_set(&ei, ERR_IO, "out", "cannot rename %s to %s: %s", tmp.data,
                     out, strerror(errno));
    if (rc && fd >= 0)
        unlink(tmp.data);
    buf_release(&tmp);
    store_close(s);
    if (rc)
        return cmd_fail("export", &ei);
    stat(out, &sb);
    printf("Wrote %s: %s, %lld records in %d tables, %lld bytes\n", out,
           region ? "one region" : "the whole database",
           (long long)stats.records, stats.tables, (long long)sb.st_size);
    if (stats.same)
        printf("Note: %lld rows were the same as another row of their table "
               "in every column, and were written once\n",
               (long long)stats.same);
    if (stats.mail_unsent)
        printf("Note: %lld e-mails were still waiting to be sent; the queue "
               "does not move (let it drain and export again)\n",
               (long long)stats.mail_unsent);
    return CMD_OK;
}
