/* randa plan --db: the optimiser on the open needs in a database, stored
 * as a plan run with its proposal; bookings are never changed. */
#include "cmd/cmd.h"

#include "plan/job.h"
#include "solver/solver.h"
#include "store/store.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char plan_db_usage[] =
    "usage: randa plan --db FILE|URL [--region CODE] [--specialty CODE]\n"
    "                  [--time-limit S] [--seed N] [--threads N]\n"
    "\n"
    "Builds the planning problem of the region's open needs from the\n"
    "database (allowed units and patterns, capacity, requested and\n"
    "confirmed bookings kept as they are, leaves, limits on trainees away,\n"
    "planned ends), optimises it and stores the result as a plan run: its\n"
    "proposal is at GET /api/v1/plans/ID/proposal, and 'Apply' there turns\n"
    "chosen proposals into booking requests. Bookings are never changed\n"
    "here. Shows progress on a terminal; Ctrl-C stops early and keeps the\n"
    "best plan found.\n"
    "\n"
    "  --region CODE     the region (default: the only one)\n"
    "  --specialty CODE  only needs of this specialty (default: all)\n"
    "  --time-limit S    seconds, 1..86400 (default 30)\n"
    "  --seed N          the optimiser's seed (default 1)\n"
    "  --threads N       the optimiser's threads, 1..64 (default 1)\n"
    "\n"
    "Exit status: 0 planned (or stopped early), 1 failed, 2 bad usage.\n";

struct plan_db_args {
    const char *db, *region, *specialty;
    struct solver_options so;
};

static int plan_db_args(int argc, char **argv, struct plan_db_args *a)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"region", required_argument, NULL, 'r'},
        {"specialty", required_argument, NULL, 'p'},
        CMD_SOLVER_OPTIONS,
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            a->db = optarg;
            break;
        case 'r':
            a->region = optarg;
            break;
        case 'p':
            a->specialty = optarg;
            break;
        case 'h':
            fputs(plan_db_usage, stdout);
            return -1;
        default: /* the optimiser's flags, or an unknown one */
            if (cmd_solver_flag(c, optarg, &a->so, argv))
                return CMD_USAGE;
        }
    }
    if (optind < argc)
        return cmd_usage_error("plan", "unexpected argument '%s'",
                               argv[optind]);
    return 0;
}

/* The region with code, or the only one when code is NULL. */
struct plan_db_region {
    const char *code;
    int64_t id;
    char name[STORE_NAME_MAX];
};

static int plan_db_region_each(const struct region *r, void *arg)
{
    struct plan_db_region *f = arg;
    if (!f->code || strcmp(f->code, r->code) == 0) {
        f->id = r->id;
        snprintf(f->name, sizeof(f->name), "%s", r->name);
    }
    return 0;
}

static int plan_db_scope(struct store *s, const struct plan_db_args *a,
                         struct plan_run *run, struct plan_db_region *region,
                         struct err_info *ei)
{
    int64_t total = 0;
    region->code = a->region;
    int rc =
        store_region_list(s, -1, 0, plan_db_region_each, region, &total, ei);
    if (rc == 0 && !a->region && total != 1)
        return err_set(ei, ERR_INVAL, "region",
                       "--region is required: the database holds %lld "
                       "regions",
                       (long long)total);
    if (rc == 0 && !region->id)
        return err_set(ei, ERR_NOTFOUND, "region", "--region: no region %s",
                       a->region);
    run->region_id = region->id;
    if (rc == 0 && a->specialty &&
        store_specialty_find(s, a->specialty, &run->specialty.id, ei) != 0)
        return err_set(ei, ERR_NOTFOUND, "specialty",
                       "--specialty: no specialty with code %s", a->specialty);
    return rc;
}

/* Ctrl-C stops the optimiser, which keeps its best plan so far. */
static atomic_int *plan_db_cancel;

static void plan_db_interrupt(int sig)
{
    (void)sig;
    if (plan_db_cancel)
        atomic_store(plan_db_cancel, 1);
}

static void plan_db_summary(const struct plan_run *r, const char *region)
{
    double gap =
        r->score > 0 && r->lower_bound != STORE_NO_SCORE
            ? 100.0 * (double)(r->score - r->lower_bound) / (double)r->score
            : 0.0;
    printf("plan run %lld (%s, %s): %s\n"
           "  %d needs: %d placed (%d of them booked already), %d unplaced\n"
           "  score %lld, lower bound %lld (gap %.1f %%), %.1f s\n",
           (long long)r->id, region,
           r->specialty.id ? r->specialty.name_sv : "every specialty",
           vocab_name(&store_plan_status, r->status), r->needs, r->assigned,
           r->fixed, r->unplaced, (long long)r->score,
           (long long)r->lower_bound, gap, r->seconds);
}

int cmd_plan_db(int argc, char **argv)
{
    struct plan_db_args a = {NULL, NULL, NULL, SOLVER_OPTIONS_DEFAULT};
    int rc = plan_db_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? CMD_OK : rc;
    if (!a.db)
        return cmd_usage_error("plan", "--db needs a file");
    struct err_info ei;
    err_clear(&ei);
    struct store *s = NULL;
    if (store_open(a.db, 0, &s, &ei) != 0)
        return cmd_fail("plan", &ei);
    store_set_actor(s, "randa plan");
    struct plan_db_region region = {0};
    struct plan_run run = {0};
    run.time_limit = a.so.time_limit;
    run.seed = (int64_t)a.so.seed;
    run.threads = a.so.threads;
    rc = plan_db_scope(s, &a, &run, &region, &ei);
    /* Created running, so that no server's planner claims it. */
    if (rc == 0)
        rc = store_plan_run_create(s, &run, PLAN_RUNNING, &ei);
    if (rc) {
        store_close(s);
        cmd_fail("plan", &ei);
        /* An unknown region or specialty is the caller's mistake. */
        return ei.code == ERR_NOTFOUND ? CMD_USAGE : CMD_FAILED;
    }
    atomic_int cancel;
    atomic_init(&cancel, 0);
    plan_db_cancel = &cancel;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = plan_db_interrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    rc = plan_job_run(s, run.id, plan_this_week(), &cancel,
                      isatty(STDERR_FILENO) ? cmd_plan_progress : NULL, NULL,
                      &ei);
    sigaction(SIGINT, &old, NULL);
    plan_db_cancel = NULL;
    if (rc == 0)
        rc = store_plan_run_get(s, run.id, &run, &ei);
    if (rc == 0)
        plan_db_summary(&run, region.name);
    store_close(s);
    return rc ? cmd_fail("plan", &ei) : CMD_OK;
}

/* randa plan, either form: --db here, a problem file in plan.c (the
 * dispatch lives here so that plan.c, which both forms share, calls
 * neither). */
int cmd_plan(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--db") == 0 || strncmp(argv[i], "--db=", 5) == 0)
            return cmd_plan_db(argc, argv);
    return cmd_plan_file(argc, argv);
}
