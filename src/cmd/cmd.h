/*
 * The subcommands and the helpers they share for flags and messages. Each
 * command returns the process exit status: 0 done, 1 failed, 2 bad usage.
 */
#ifndef RANDA_CMD_CMD_H
#define RANDA_CMD_CMD_H

#include "util/err.h"

#include <stdint.h>

#define CMD_OK     0
#define CMD_FAILED 1
#define CMD_USAGE  2

int cmd_demo(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
/* A whole region as JSON with natural keys, out and in (issue 15). */
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
/* randa plan --db and randa plan --in: called by cmd_plan (plan_db.c)
 * with the same arguments. */
int cmd_plan_db(int argc, char **argv);
int cmd_plan_file(int argc, char **argv);

/* The optimiser's flags, shared by both forms of randa plan: entries for
 * a struct option table, and their parser for getopt_long's answer c:
 * 0 when read into so, else 2 with the usage error printed (a bad value,
 * or a flag that is none of them: argv names it). */
#define CMD_SOLVER_OPTIONS                                                     \
    {"time-limit", required_argument, NULL, 't'},                              \
        {"seed", required_argument, NULL, 's'},                                \
    {                                                                          \
        "threads", required_argument, NULL, 'j'                                \
    }
struct solver_options;
int cmd_solver_flag(int c, const char *arg, struct solver_options *so,
                    char **argv);

/* The optimiser's progress as one line on standard error, redrawn in place
 * (for a terminal): phase, best score, bound, gap, seconds, iterations. */
struct solver_progress;
void cmd_plan_progress(const struct solver_progress *pr, void *ctx);

/* Input files larger than this are refused rather than read. */
#define CMD_FILE_MAX (256u << 20)

struct buf;

/* Reads path into b (capped at CMD_FILE_MAX); prints "randa NAME: path:
 * why" and returns 2 on failure, else 0. */
int cmd_read_file(const char *name, const char *path, struct buf *b);

/* Prints "randa NAME: message (see 'randa NAME --help')"; returns 2. */
int cmd_usage_error(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "randa NAME: message" for a failure in ei; returns 1. */
int cmd_fail(const char *name, const struct err_info *ei);

/*
 * Parses text as a decimal integer in lo..hi for flag; on failure prints a
 * usage error and returns 2, else 0.
 */
int cmd_parse_int(const char *name, const char *flag, const char *text,
                  int64_t lo, int64_t hi, int64_t *out);

/*
 * Reports getopt_long()'s complaint about argv[optind - 1] (unknown flag or
 * missing value) as a one-line usage error; returns 2.
 */
int cmd_bad_flag(const char *name, char **argv);

/* How messages name database db: its path, or "the PostgreSQL database"
 * for a URL (which may carry a password). */
const char *cmd_db_label(const char *db);

/*
 * The schema version of database db, read without migrating or checking
 * anything: 0 and *version set; ERR_NOTFOUND when db holds no Randa
 * database (or no file is there); else the error of opening it.
 */
int cmd_db_version(const char *db, int *version, struct err_info *ei);

/* Prints label, the schema version and the rows of each entity of s (as
 * randa summary does); 0, or the error of a count. */
struct store;
int cmd_print_contents(struct store *s, const char *label, struct err_info *ei);

#endif
