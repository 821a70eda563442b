/*
 * Problem files are outside input (randa plan --in, randa check): any bytes
 * must load or be refused with a field named, never crash. A problem that
 * loads is checked against an empty plan and a plan of its fixed bookings,
 * which must keep every rule (the loader refuses problems whose fixed
 * bookings alone break one).
 */
#include "fuzz.h"

#include "solver/problem.h"
#include "util/xalloc.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct solver_problem *p = NULL;
    struct err_info ei;
    err_clear(&ei);
    if (solver_problem_load((const char *)data, size, &p, &ei) != 0) {
        FUZZ_CHECK(ei.msg[0] != '\0', "a refusal without a reason");
        return 0;
    }
    struct solver_plan pl = {xcalloc((size_t)p->nneeds + 1, sizeof(*pl.at)),
                             p->nneeds};
    for (int n = 0; n < p->nneeds; n++)
        if (p->needs[n].fixed)
            pl.at[n] = (struct solver_placement){
                1, p->needs[n].fixed_option, p->needs[n].fixed_unit,
                p->needs[n].fixed_start, p->needs[n].fixed_group + 1};
    struct solver_violations v = SOLVER_VIOLATIONS_INIT;
    solver_plan_check(p, &pl, &v);
    /* Only a fixed need after an unfixed one (rule 4) may remain. */
    for (int i = 0; i < v.n; i++)
        FUZZ_CHECK(v.v[i].kind == SOLVER_V_PREDECESSOR_UNPLACED,
                   "fixed alone: %s", v.v[i].message);
    FUZZ_CHECK(solver_plan_score(p, &pl) >= 0, "a negative score");
    solver_violations_release(&v);
    free(pl.at);
    solver_problem_free(p);
    return 0;
}
