/* Flag parsing and messages shared by the subcommands. */
#include "cmd/cmd.h"

#include "store/store.h"
#include "util/buf.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_usage_error(const char *name, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "randa %s: %s (see 'randa %s --help')\n", name, msg, name);
    return CMD_USAGE;
}

int cmd_fail(const char *name, const struct err_info *ei)
{
    fprintf(stderr, "randa %s: %s\n", name,
            ei->msg[0] ? ei->msg : err_str(ei->code));
    return CMD_FAILED;
}

int cmd_parse_int(const char *name, const char *flag, const char *text,
                  int64_t lo, int64_t hi, int64_t *out)
{
    char *end = NULL;
    /* strtoll skips spaces and takes '+': a flag's number is digits only. */
    int digits = text[0] >= '0' && text[0] <= '9';
    if (text[0] == '-' && lo < 0)
        digits = text[1] >= '0' && text[1] <= '9';
    if (!digits)
        return cmd_usage_error(name, "%s must be a whole number %lld..%lld",
                               flag, (long long)lo, (long long)hi);
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno || end == text || *end != '\0' || v < lo || v > hi)
        return cmd_usage_error(name, "%s must be a whole number %lld..%lld",
                               flag, (long long)lo, (long long)hi);
    *out = v;
    return 0;
}

int cmd_bad_flag(const char *name, char **argv)
{
    /* argv[optind - 1] is the flag as typed: "--trainees", "--force=1". */
    return cmd_usage_error(name, "%s: unknown flag or missing value",
                           argv[optind - 1]);
}

int cmd_read_file(const char *name, const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "randa %s: %s: %s\n", name, path, strerror(errno));
        return CMD_USAGE;
    }
    char chunk[65536];
    size_t n;
    int rc = 0;
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = buf_add(b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (rc || bad) {
        fprintf(stderr, "randa %s: %s: %s\n", name, path,
                rc ? "larger than 256 MiB" : "read error");
        return CMD_USAGE;
    }
    return 0;
}

const char *cmd_db_label(const char *db)
{
    return store_is_url(db) ? "the PostgreSQL database" : db;
}

int cmd_db_version(const char *db, int *version, struct err_info *ei)
{
    struct store *s = NULL;
    *version = 0;
    int rc = store_open(db, STORE_READONLY | STORE_ANY_VERSION, &s, ei);
    if (rc)
        return rc;
    if (store_schema_version(s, version) != 0)
        rc = err_set(ei, ERR_NOTFOUND, "db", "%s holds no Randa database",
                     cmd_db_label(db));
    store_close(s);
    return rc;
}

int cmd_print_contents(struct store *s, const char *label, struct err_info *ei)
{
    int version = 0;
    store_schema_version(s, &version);
    printf("%s (schema version %d)\n", label, version);
    for (int e = 0; e < STORE_ENTITY_COUNT; e++) {
        int64_t n = 0;
        int rc = store_count(s, (enum store_entity)e, &n, ei);
        if (rc)
            return rc;
        printf("  %-12s %8lld\n", store_entity_name((enum store_entity)e),
               (long long)n);
    }
    return 0;
}
