/* randa summary: what a database holds, one line per entity. */
#include "cmd/cmd.h"

#include "store/store.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char summary_usage[] =
    "usage: randa summary [--db FILE]\n"
    "\n"
    "Prints the schema version and the number of rows of each entity.\n"
    "\n"
    "  --db FILE   the database (default randa.db)\n"
    "  --help      this text\n";

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
    int version = 0;
    store_schema_version(s, &version);
    printf("%s (schema version %d)\n", db, version);
    int rc = 0;
    for (int e = 0; rc == 0 && e < STORE_ENTITY_COUNT; e++) {
        int64_t n = 0;
        rc = store_count(s, (enum store_entity)e, &n, &ei);
        if (rc == 0)
            printf("  %-12s %8lld\n", store_entity_name((enum store_entity)e),
                   (long long)n);
    }
    store_close(s);
    return rc ? cmd_fail("summary", &ei) : CMD_OK;
}
