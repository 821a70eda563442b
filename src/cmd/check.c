/* randa check: is a plan valid for its problem, and what does it score. */
#include "cmd/cmd.h"

#include "solver/problem.h"
#include "util/buf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char check_usage[] =
    "usage: randa check PROBLEM.json PLAN.json\n"
    "\n"
    "Checks the plan against the problem by the rules of the planning\n"
    "format, prints each violation (rule, need, unit, week) and the plan's\n"
    "score.\n"
    "\n"
    "Exit status: 0 the plan is valid, 1 it is not, 2 a file is unreadable\n"
    "or breaks the format.\n";

/* Files larger than this are refused rather than read. */
#define CHECK_FILE_MAX (256u << 20)

/* Reads path into b; prints why not and returns 2 on failure. */
static int check_read(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "randa check: %s: %s\n", path, strerror(errno));
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
        fprintf(stderr, "randa check: %s: %s\n", path,
                rc ? "larger than 256 MiB" : "read error");
        return CMD_USAGE;
    }
    return 0;
}

int cmd_check(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(check_usage, stdout);
        return CMD_OK;
    }
    if (argc != 3)
        return cmd_usage_error("check", "expected PROBLEM.json PLAN.json");
    struct buf ptext = BUF_INIT(CHECK_FILE_MAX),
               ltext = BUF_INIT(CHECK_FILE_MAX);
    int rc = check_read(argv[1], &ptext);
    if (rc == 0)
        rc = check_read(argv[2], &ltext);
    struct err_info ei;
    err_clear(&ei);
    struct problem *p = NULL;
    struct plan pl = {0};
    struct buf violations = BUF_INIT(0);
    int nv = 0;
    if (rc == 0 && problem_load(ptext.data, ptext.len, &p, &ei) != 0) {
        fprintf(stderr, "randa check: %s: %s\n", argv[1], ei.msg);
        rc = CMD_USAGE;
    }
    if (rc == 0 &&
        plan_load(p, ltext.data, ltext.len, &pl, &violations, &nv, &ei) != 0) {
        fprintf(stderr, "randa check: %s: %s\n", argv[2], ei.msg);
        rc = CMD_USAGE;
    }
    if (rc == 0) {
        nv += plan_check(p, &pl, &violations);
        long long score = (long long)plan_score(p, &pl);
        fputs(violations.data, stdout);
        if (nv == 0)
            printf("plan is valid; score %lld\n", score);
        else
            printf("plan is invalid: %d violation%s; score %lld\n", nv,
                   nv == 1 ? "" : "s", score);
        rc = nv == 0 ? CMD_OK : CMD_FAILED;
    }
    plan_free(&pl);
    problem_free(p);
    buf_release(&violations);
    buf_release(&ptext);
    buf_release(&ltext);
    return rc;
}
