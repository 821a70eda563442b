/* A warm start from the scope's last stored plan (warm.h). */
#include "plan/warm.h"

#include "store/store.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <string.h>

/* Rounds of dropping placements that break a rule of their own need: a
 * dropped predecessor can break its successor in turn. */
#define WARM_ROUNDS 8

/* Places need n as the stored entry a says, shifted by shift weeks, when p
 * still has its option and unit. */
static int warm_place(const struct solver_problem *p, json_t *a, int shift,
                      struct solver_plan *out)
{
    int n =
        solver_problem_need(p, json_string_value(json_object_get(a, "need")));
    json_t *option = json_object_get(a, "option");
    json_t *start = json_object_get(a, "start");
    if (n < 0 || p->needs[n].fixed || !json_is_integer(option) ||
        !json_is_integer(start))
        return 0;
    const struct solver_need *pn = &p->needs[n];
    json_int_t o = json_integer_value(option);
    if (o < 0 || o >= pn->noptions)
        return 0;
    int u =
        solver_problem_unit(p, json_string_value(json_object_get(a, "unit")));
    int in = 0;
    for (int k = 0; u >= 0 && k < pn->options[o].nunits; k++)
        in |= pn->options[o].units[k] == u;
    json_int_t st = json_integer_value(start) + shift;
    if (!in || st < 0 || st >= p->weeks)
        return 0;
    /* A group placement keeps its group when the problem still has it
     * (its id names the database's group or window, plan/problem.c). */
    int g = 0;
    if (pn->options[o].group) {
        const char *id = json_string_value(json_object_get(a, "group"));
        g = id ? solver_problem_group(p, id) : -1;
        if (g < 0 || p->groups[g].unit != u)
            return 0;
        g++;
    }
    out->at[n] = (struct solver_placement){1, (int)o, u, (int)st, g};
    return 1;
}

int plan_warm_from(const struct solver_problem *p, int start_week,
                   const char *text, int plan_start, struct solver_plan *out,
                   int *kept, struct err_info *ei)
{
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    if (!json_is_object(root)) {
        json_decref(root);
        return err_set(ei, ERR_INVAL, "plan_json",
                       "the stored plan is not a JSON object");
    }
    out->nneeds = p->nneeds;
    out->at = xcalloc((size_t)p->nneeds + 1, sizeof(*out->at));
    for (int n = 0; n < p->nneeds; n++)
        if (p->needs[n].fixed)
            out->at[n] = (struct solver_placement){
                1, p->needs[n].fixed_option, p->needs[n].fixed_unit,
                p->needs[n].fixed_start, p->needs[n].fixed_group + 1};
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(root, "assignments"), i, a)
        warm_place(p, a, plan_start - start_week, out);
    json_decref(root);
    /* Drop what breaks a rule of its own need until nothing does. */
    for (int round = 0; round < WARM_ROUNDS; round++) {
        struct solver_violations vs = SOLVER_VIOLATIONS_INIT;
        solver_plan_check(p, out, &vs);
        int dropped = 0;
        for (int k = 0; k < vs.n; k++) {
            int n = vs.v[k].need;
            if (n >= 0 && !p->needs[n].fixed && out->at[n].assigned) {
                out->at[n].assigned = 0;
                dropped++;
            }
        }
        solver_violations_release(&vs);
        if (!dropped)
            break;
    }
    *kept = 0;
    for (int n = 0; n < p->nneeds; n++)
        *kept += out->at[n].assigned && !p->needs[n].fixed;
    return 0;
}

int plan_warm_read(struct store *s, const struct plan_scope *scope,
                   int64_t except_id, const struct solver_problem *p,
                   struct solver_plan *out, int *kept, struct err_info *ei)
{
    struct buf text = BUF_INIT(0);
    int plan_start = 0;
    int rc = store_plan_last(s, scope, except_id, &text, &plan_start, ei);
    if (rc == 0)
        rc = plan_warm_from(p, scope->start_week, text.data, plan_start, out,
                            kept, ei);
    buf_release(&text);
    return rc;
}
