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
    struct problem *p = NULL;
    struct err_info ei;
    err_clear(&ei);
    if (problem_load((const char *)data, size, &p, &ei) != 0) {
        FUZZ_CHECK(ei.msg[0] != '\0', "a refusal without a reason");
        return 0;
    }
    struct plan pl = {xcalloc((size_t)p->nneeds + 1, sizeof(*pl.at)),
                      p->nneeds};
    for (int n = 0; n < p->nneeds; n++)
        if (p->needs[n].fixed)
            pl.at[n] = (struct placement){1, p->needs[n].fixed_option,
                                          p->needs[n].fixed_unit,
                                          p->needs[n].fixed_start};
    struct buf v = BUF_INIT(0);
    int nv = plan_check(p, &pl, &v);
    /* Only rule 4 (a fixed need after an unfixed one) may remain. */
    for (const char *line = v.data; nv && *line; line = strchr(line, '\n') + 1)
        FUZZ_CHECK(strncmp(line, "rule 4: ", 8) == 0, "fixed alone: %s", line);
    FUZZ_CHECK(plan_score(p, &pl) >= 0, "a negative score");
    buf_release(&v);
    free(pl.at);
    problem_free(p);
    return 0;
}
