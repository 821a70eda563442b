/* randa check: is a plan valid for its problem, and what does it score. */
#include "cmd/cmd.h"

#include "solver/problem.h"
#include "util/buf.h"

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

int cmd_check(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(check_usage, stdout);
        return CMD_OK;
    }
    if (argc != 3)
        return cmd_usage_error("check", "expected PROBLEM.json PLAN.json");
    struct buf ptext = BUF_INIT(CMD_FILE_MAX), ltext = BUF_INIT(CMD_FILE_MAX);
    int rc = cmd_read_file("check", argv[1], &ptext);
    if (rc == 0)
        rc = cmd_read_file("check", argv[2], &ltext);
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
