/* randa summary: what a database holds, one line per entity. */
#include "cmd/cmd.h"

#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char summary_usage[] =
    "usage: randa summary [--db FILE|URL]\n"
    "\n"
    "Prints the schema version and the number of rows of each entity.\n"
    "\n"
    "  --db FILE|URL   the database (default randa.db)\n"
    "  --help          this text\n";

int cmd_summary(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = "randa.db";
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'h':
            fputs(summary_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("summary", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("summary", "unexpected argument %s",
                               argv[optind]);

    struct err_info ei;
    err_clear(&ei);
    struct store *s = NULL;
    if (store_open(db, STORE_READONLY, &s, &ei) != 0)
        return cmd_fail("summary", &ei);
    int rc = cmd_print_contents(s, cmd_db_label(db), &ei);
    store_close(s);
    return rc ? cmd_fail("summary", &ei) : CMD_OK;
}
