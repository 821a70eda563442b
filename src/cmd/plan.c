/* randa plan: the optimiser on a problem file (or, with --db, on the
 * database: plan_db.c). */
#include "cmd/cmd.h"

#include "solver/solver.h"
#include "util/buf.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char plan_usage[] =
    "usage: randa plan --in PROBLEM.json --out PLAN.json [--time-limit S]\n"
    "                  [--seed N] [--threads N]\n"
    "                  [--method optimise|fcfs|colgen]\n"
    "                  [--warm PLAN.json]\n"
    "       randa plan --db FILE|URL [...]   (see 'randa plan --db FILE "
    "--help')\n"
    "\n"
    "Plans every need of the problem at once and writes a valid plan with\n"
    "its score and a proven lower bound on the score of any plan. Shows\n"
    "progress on a terminal and stops at the time limit (default 30 s) with\n"
    "the best plan found, or sooner when the plan is proven optimal or no\n"
    "longer improves. The same problem, seed and thread count give the same\n"
    "plan unless the time limit cuts the run short.\n"
    "\n"
    "  --method fcfs   the baseline: each trainee in turn takes the earliest\n"
    "                  free place (how it is done by phone today)\n"
    "  --method colgen the bound also by column generation (CLP);\n"
    "                  experimental\n"
    "  --warm PLAN     start from PLAN (of this problem or of an earlier\n"
    "                  version of it): what still keeps the rules is kept,\n"
    "                  the rest planned again (re-planning after a change)\n"
    "\n"
    "Exit status: 0 planned, 1 failed, 2 bad usage or a problem that breaks\n"
    "the format (nothing is written).\n";

struct plan_args {
    const char *in, *out;
    struct solver_options so;
    const char *warm; /* --warm PLAN.json, or NULL */
};

static int plan_args(int argc, char **argv, struct plan_args *a)
{
    static const struct option options[] = {
        {"in", required_argument, NULL, 'i'},
        {"out", required_argument, NULL, 'o'},
        CMD_SOLVER_OPTIONS,
        {"method", required_argument, NULL, 'm'},
        {"warm", required_argument, NULL, 'w'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'i':
            a->in = optarg;
            break;
        case 'o':
            a->out = optarg;
            break;
        case 'w':
            a->warm = optarg;
            break;
        case 'm':
            if (strcmp(optarg, "optimise") == 0)
                a->so.method = SOLVER_OPTIMISE;
            else if (strcmp(optarg, "fcfs") == 0)
                a->so.method = SOLVER_FCFS;
            else if (strcmp(optarg, "colgen") == 0)
                a->so.method = SOLVER_COLGEN;
            else
                return cmd_usage_error(
                    "plan", "--method must be optimise, fcfs or colgen");
            break;
        default: /* the optimiser's flags, or an unknown one */
            if (cmd_solver_flag(c, optarg, &a->so, argv))
                return CMD_USAGE;
        }
    }
    if (optind < argc)
        return cmd_usage_error("plan", "unexpected argument '%s'",
                               argv[optind]);
    if (!a->in || !a->out)
        return cmd_usage_error("plan", "--in and --out are required");
    return 0;
}

int cmd_solver_flag(int c, const char *arg, struct solver_options *so,
                    char **argv)
{
    int64_t v;
    switch (c) {
    case 't':
        if (cmd_parse_int("plan", "--time-limit", arg, 1, 86400, &v))
            return CMD_USAGE;
        so->time_limit = (double)v;
        return 0;
    case 's':
        if (cmd_parse_int("plan", "--seed", arg, 0, INT64_MAX, &v))
            return CMD_USAGE;
        so->seed = (uint64_t)v;
        return 0;
    case 'j':
        if (cmd_parse_int("plan", "--threads", arg, 1, 64, &v))
            return CMD_USAGE;
        so->threads = (int)v;
        return 0;
    default:
        return cmd_bad_flag("plan", argv);
    }
}

void cmd_plan_progress(const struct solver_progress *pr, void *ctx)
{
    (void)ctx;
    char best[32] = "-", bound[32] = "-", gap[32] = "-";
    if (pr->bound > INT64_MIN)
        snprintf(bound, sizeof(bound), "%lld", (long long)pr->bound);
    if (pr->best != INT64_MAX) {
        snprintf(best, sizeof(best), "%lld", (long long)pr->best);
        if (pr->best > 0 && pr->bound > INT64_MIN)
            snprintf(gap, sizeof(gap), "%.1f %%",
                     100.0 * (double)(pr->best - pr->bound) / (double)pr->best);
        else if (pr->best == 0)
            snprintf(gap, sizeof(gap), "0.0 %%");
    }
    fprintf(stderr,
            "\r%-9s best %-10s bound %-10s gap %-8s %6.1f s  %ld it\033[K",
            pr->phase, best, bound, gap, pr->seconds, pr->iterations);
    if (strcmp(pr->phase, "done") == 0)
        fputc('\n', stderr);
    fflush(stderr);
}

/* Writes text to path through a temporary file and a rename, so that a
 * failure leaves no half-written plan. */
static int plan_write(const char *path, const struct buf *text)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid()) >=
        (int)sizeof(tmp)) {
        fprintf(stderr, "randa plan: %s: path too long\n", path);
        return CMD_FAILED;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "randa plan: %s: %s\n", path, strerror(errno));
        return CMD_FAILED;
    }
    int bad = fwrite(text->data, 1, text->len, f) != text->len;
    bad |= fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        fprintf(stderr, "randa plan: %s: %s\n", path, strerror(errno));
        remove(tmp);
        return CMD_FAILED;
    }
    return CMD_OK;
}

static void plan_summary(const char *path, const struct solver_problem *p,
                         const struct solver_result *r)
{
    int placed = 0;
    for (int n = 0; n < p->nneeds; n++)
        placed += r->plan.at[n].assigned;
    double gap = r->score > 0 ? 100.0 * (double)(r->score - r->lower_bound) /
                                    (double)r->score
                              : 0.0;
    printf("%s: %d needs of %d trainees, %d placed, %d unplaced; score "
           "%lld, lower bound %lld (gap %.1f %%); %.1f s\n",
           path, p->nneeds, p->ntrainees, placed, p->nneeds - placed,
           (long long)r->score, (long long)r->lower_bound, gap, r->seconds);
}

int cmd_plan_file(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(plan_usage, stdout);
        return CMD_OK;
    }
    struct plan_args a = {NULL, NULL, SOLVER_OPTIONS_DEFAULT, NULL};
    int rc = plan_args(argc, argv, &a);
    if (rc)
        return rc;
    struct buf text = BUF_INIT(CMD_FILE_MAX), out = BUF_INIT(0);
    if ((rc = cmd_read_file("plan", a.in, &text)) != 0)
        return rc;
    struct err_info ei;
    err_clear(&ei);
    struct solver_problem *p = NULL;
    if (solver_problem_load(text.data, text.len, &p, &ei) != 0) {
        fprintf(stderr, "randa plan: %s: %s\n", a.in, ei.msg);
        buf_release(&text);
        return CMD_USAGE;
    }
    buf_release(&text);
    struct solver_plan warm = {NULL, 0};
    if (a.warm) {
        /* A plan of an earlier version of the problem: needs it does not
         * list stay unplaced, ids it names that are gone are left out. */
        struct buf wtext = BUF_INIT(CMD_FILE_MAX);
        struct solver_violations viol = SOLVER_VIOLATIONS_INIT;
        if ((rc = cmd_read_file("plan", a.warm, &wtext)) != 0) {
            solver_problem_free(p);
            return rc;
        }
        err_clear(&ei);
        rc = solver_plan_load(p, wtext.data, wtext.len, &warm, &viol, &ei);
        buf_release(&wtext);
        solver_violations_release(&viol);
        if (rc != 0) {
            fprintf(stderr, "randa plan: --warm %s: %s\n", a.warm, ei.msg);
            solver_problem_free(p);
            return CMD_USAGE;
        }
        a.so.warm = &warm;
    }
    struct solver_result r;
    rc =
        solver_solve(p, &a.so, isatty(STDERR_FILENO) ? cmd_plan_progress : NULL,
                     NULL, NULL, &r, &ei);
    if (rc != 0) {
        solver_plan_free(&warm);
        solver_problem_free(p);
        return cmd_fail("plan", &ei);
    }
    solver_plan_json(p, &a.so, &r, &out);
    rc = plan_write(a.out, &out);
    if (rc == CMD_OK)
        plan_summary(a.out, p, &r);
    solver_result_free(&r);
    solver_plan_free(&warm);
    buf_release(&out);
    solver_problem_free(p);
    return rc;
}
