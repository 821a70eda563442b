/* randa check: is a plan valid for its problem, and what does it score. */
#include "cmd/cmd.h"

#include "solver/problem.h"
#include "util/buf.h"
#include "util/jsonw.h"

#include <stdio.h>
#include <string.h>

static const char check_usage[] =
    "usage: randa check [--json] PROBLEM.json PLAN.json\n"
    "\n"
    "Checks the plan against the problem by the rules of the planning\n"
    "format, prints each violation (rule, need, unit, week) and the plan's\n"
    "score.\n"
    "\n"
    "  --json  one JSON object instead: {\"valid\", \"score\", "
    "\"violations\":\n"
    "          [{\"rule\", \"kind\", \"need\", \"other\", \"unit\", \"week\",\n"
    "          \"last_week\", \"value\", \"limit\", \"message\"}]}, ids as in\n"
    "          the files, null where a field does not apply\n"
    "\n"
    "Exit status: 0 the plan is valid, 1 it is not, 2 a file is unreadable\n"
    "or breaks the format.\n";

/* An id of p by index, or null. */
static void check_id(struct buf *b, const char *name, int i,
                     const char *(*id)(const struct solver_problem *, int),
                     const struct solver_problem *p)
{
    buf_addf(b, ", \"%s\": ", name);
    if (i >= 0)
        jsonw_str(b, id(p, i));
    else
        buf_adds(b, "null");
}

static const char *check_need_id(const struct solver_problem *p, int n)
{
    return p->needs[n].id;
}

static const char *check_unit_id(const struct solver_problem *p, int u)
{
    return p->units[u].id;
}

/* A week, or null. */
static void check_week(struct buf *b, const char *name, int w)
{
    buf_addf(b, ", \"%s\": ", name);
    if (w >= 0)
        jsonw_int(b, w);
    else
        buf_adds(b, "null");
}

/* The violations and the score as one JSON object. */
static void check_json(const struct solver_problem *p,
                       const struct solver_violations *vs, int64_t score,
                       struct buf *b)
{
    buf_addf(b, "{\"valid\": %s, \"score\": ", vs->n ? "false" : "true");
    jsonw_int(b, score);
    buf_adds(b, ", \"violations\": [");
    for (int i = 0; i < vs->n; i++) {
        const struct solver_violation *v = &vs->v[i];
        buf_addf(b, "%s\n  {\"rule\": %d, \"kind\": ", i ? "," : "",
                 solver_violation_rule(v->kind));
        jsonw_str(b, solver_violation_kind_name(v->kind));
        check_id(b, "need", v->need, check_need_id, p);
        check_id(b, "other", v->other, check_need_id, p);
        check_id(b, "unit", v->unit, check_unit_id, p);
        check_week(b, "week", v->week);
        check_week(b, "last_week", v->last_week);
        buf_addf(b, ", \"value\": %d, \"limit\": %d, \"message\": ", v->value,
                 v->limit);
        jsonw_str(b, v->message);
        buf_adds(b, "}");
    }
    buf_adds(b, vs->n ? "\n]}\n" : "]}\n");
}

int cmd_check(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(check_usage, stdout);
        return CMD_OK;
    }
    int json = argc > 1 && strcmp(argv[1], "--json") == 0;
    if (argc - json != 3)
        return cmd_usage_error("check", "expected PROBLEM.json PLAN.json");
    const char *pfile = argv[1 + json], *lfile = argv[2 + json];
    struct buf ptext = BUF_INIT(CMD_FILE_MAX), ltext = BUF_INIT(CMD_FILE_MAX);
    int rc = cmd_read_file("check", pfile, &ptext);
    if (rc == 0)
        rc = cmd_read_file("check", lfile, &ltext);
    struct err_info ei;
    err_clear(&ei);
    struct solver_problem *p = NULL;
    struct solver_plan pl = {0};
    struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
    struct buf out = BUF_INIT(0);
    if (rc == 0 && solver_problem_load(ptext.data, ptext.len, &p, &ei) != 0) {
        fprintf(stderr, "randa check: %s: %s\n", pfile, ei.msg);
        rc = CMD_USAGE;
    }
    if (rc == 0 &&
        solver_plan_load(p, ltext.data, ltext.len, &pl, &vs, &ei) != 0) {
        fprintf(stderr, "randa check: %s: %s\n", lfile, ei.msg);
        rc = CMD_USAGE;
    }
    if (rc == 0) {
        solver_plan_check(p, &pl, &vs);
        long long score = (long long)solver_plan_score(p, &pl);
        if (json) {
            check_json(p, &vs, score, &out);
        } else {
            solver_violations_text(&vs, &out);
            if (vs.n == 0)
                buf_addf(&out, "plan is valid; score %lld\n", score);
            else
                buf_addf(&out, "plan is invalid: %d violation%s; score %lld\n",
                         vs.n, vs.n == 1 ? "" : "s", score);
        }
        fputs(out.data ? out.data : "", stdout);
        rc = vs.n == 0 ? CMD_OK : CMD_FAILED;
    }
    solver_plan_free(&pl);
    solver_problem_free(p);
    solver_violations_release(&vs);
    buf_release(&out);
    buf_release(&ptext);
    buf_release(&ltext);
    return rc;
}
