/*
 * The per-trainee dynamic programme alone, on a fixed amount of work: the
 * optimiser spends nearly all its time there (the bound evaluates it for
 * every trainee at each step, each search move for the trainees it takes
 * out), so its speed is how far both get in a time limit.
 *
 *     build/bench_dp PROBLEM.json [ROUNDS]    (make bench-dp)
 *
 * Three workloads, each ROUNDS (default 20) times over every trainee:
 *   priced: at random capacity prices and no seats, as the bound calls it;
 *   seats:  in a plan built by the programme itself, each trainee taken
 *           out and planned again in the seats the others leave, as a
 *           search move does;
 *   jitter: seats again, each call jittered (search.h), as most search
 *           moves are.
 * Prints the calls, the time per call and a checksum of the minima, which
 * two builds of the programme must print alike (the same work, exactly).
 */
#include "cmd/cmd.h"
#include "solver/problem.h"
#include "solver/search.h"
#include "util/buf.h"
#include "util/rng.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *name, long calls, double seconds,
                   int64_t checksum)
{
    printf("%-7s %9ld calls %8.2f s %8.2f us/call  checksum %lld\n", name,
           calls, seconds, 1e6 * seconds / (double)calls, (long long)checksum);
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: bench_dp PROBLEM.json [ROUNDS]\n");
        return 2;
    }
    int rounds = argc == 3 ? atoi(argv[2]) : 20;
    struct buf text = BUF_INIT(CMD_FILE_MAX);
    struct solver_problem *p = NULL;
    struct err_info ei;
    if (rounds < 1 || cmd_read_file("bench_dp", argv[1], &text) != 0)
        return 2;
    int bad = solver_problem_load(text.data, text.len, &p, &ei);
    buf_release(&text);
    if (bad) {
        fprintf(stderr, "bench_dp: %s: %s\n", argv[1], ei.msg);
        return 1;
    }
    size_t cells = (size_t)p->nunits * (size_t)p->weeks;
    int64_t *seat = xcalloc(cells + 1, sizeof(int64_t));
    int64_t *away = xcalloc(cells + 1, sizeof(int64_t));
    struct rng g;
    rng_init(&g, 20261206);
    for (size_t i = 0; i < cells; i++) {
        seat[i] = rng_percent(&g, 40) ? rng_between(&g, 0, 4000) : 0;
        away[i] = rng_percent(&g, 20) ? rng_between(&g, 0, 4000) : 0;
    }
    struct solver__prices pr = {seat, away, 0};
    struct solver__dp *d = solver__dp_new(p);
    struct solver_placement *at = xcalloc((size_t)p->nneeds + 1, sizeof(*at));

    int64_t sum = 0;
    double t0 = now();
    for (int r = 0; r < rounds; r++)
        for (int t = 0; t < p->ntrainees; t++)
            sum += solver__dp_solve(d, t, &pr, NULL, at);
    report("priced", (long)rounds * p->ntrainees, now() - t0, sum);

    struct solver__state st = {0};
    solver__state_init(&st, p);
    for (int t = 0; t < p->ntrainees; t++) {
        solver__dp_solve(d, t, NULL, &st, at);
        solver__place(&st, t, at);
    }
    sum = 0;
    t0 = now();
    for (int r = 0; r < rounds; r++)
        for (int t = 0; t < p->ntrainees; t++) {
            solver__unplace(&st, t);
            sum += solver__dp_solve(d, t, r % 2 ? &pr : NULL, &st, at);
            solver__place(&st, t, at);
        }
    report("seats", (long)rounds * p->ntrainees, now() - t0, sum);

    struct solver__prices jit = {NULL, NULL, 0}, jit_priced = pr;
    sum = 0;
    t0 = now();
    for (int r = 0; r < rounds; r++)
        for (int t = 0; t < p->ntrainees; t++) {
            jit.jitter = jit_priced.jitter =
                (uint64_t)r * (uint64_t)p->ntrainees + (uint64_t)t + 1;
            solver__unplace(&st, t);
            sum += solver__dp_solve(d, t, r % 2 ? &jit_priced : &jit, &st, at);
            solver__place(&st, t, at);
        }
    report("jitter", (long)rounds * p->ntrainees, now() - t0, sum);

    solver__state_free(&st);
    free(at);
    solver__dp_free(d);
    free(seat);
    free(away);
    solver_problem_free(p);
    return 0;
}
