/* A solver result as a "randa-plan/1" document (solver.h). */
#include "solver/explain.h"
#include "solver/solver.h"
#include "util/jsonw.h"

#include <stdio.h>

static void output_field(struct buf *b, const char *name)
{
    jsonw_str(b, name);
    buf_adds(b, ": ");
}

static void output_placed(const struct solver_problem *p,
                          const struct solver_placement *a, int n,
                          struct buf *b)
{
    buf_adds(b, "    {\"trainee\": ");
    jsonw_str(b, p->trainees[p->needs[n].trainee].id);
    buf_adds(b, ", \"need\": ");
    jsonw_str(b, p->needs[n].id);
    buf_adds(b, ", \"option\": ");
    jsonw_int(b, a->option);
    buf_adds(b, ", \"unit\": ");
    jsonw_str(b, p->units[a->unit].id);
    buf_adds(b, ", \"start\": ");
    jsonw_int(b, a->start);
    if (a->group) {
        buf_adds(b, ", \"group\": ");
        jsonw_str(b, p->groups[a->group - 1].id);
    }
    buf_adds(b, "}");
}

/* A week of the horizon, or null. */
static void output_week(struct buf *b, const char *name, int w)
{
    buf_adds(b, ", ");
    output_field(b, name);
    if (w >= 0)
        jsonw_int(b, w);
    else
        buf_adds(b, "null");
}

/*
 * The reason as data beside its text (the format ignores fields it does
 * not name): {"kind", "units": [{"id", "name"}], "more_units", "from",
 * "to", "weeks", "deadline", "late", "limit", "waits_for", "full"}.
 */
static void output_why(const struct solver_problem *p,
                       const struct solver_reason *r, struct buf *b)
{
    buf_adds(b, ", \"why\": {\"kind\": ");
    jsonw_str(b, solver_reason_kind_name(r->kind));
    buf_adds(b, ", \"units\": [");
    for (int i = 0; i < r->nunits; i++) {
        buf_adds(b, i ? ", {\"id\": " : "{\"id\": ");
        jsonw_str(b, p->units[r->units[i]].id);
        buf_adds(b, ", \"name\": ");
        jsonw_str(b, p->units[r->units[i]].name);
        buf_adds(b, "}");
    }
    buf_adds(b, "], \"more_units\": ");
    jsonw_int(b, r->more_units);
    output_week(b, "from", r->from);
    output_week(b, "to", r->to);
    output_week(b, "weeks", r->weeks);
    output_week(b, "deadline", r->deadline);
    output_week(b, "late", r->late);
    output_week(b, "limit", r->limit);
    buf_adds(b, ", \"waits_for\": ");
    if (r->waits_for >= 0)
        jsonw_str(b, p->needs[r->waits_for].id);
    else
        buf_adds(b, "null");
    buf_adds(b, ", \"full\": ");
    if (r->full_unit >= 0) {
        buf_adds(b, "{\"unit\": ");
        jsonw_str(b, p->units[r->full_unit].id);
        buf_adds(b, ", \"name\": ");
        jsonw_str(b, p->units[r->full_unit].name);
        output_week(b, "from", r->full_from);
        output_week(b, "to", r->full_to);
        buf_adds(b, "}");
    } else {
        buf_adds(b, "null");
    }
    buf_adds(b, "}");
}

static void output_stats(const struct solver_problem *p,
                         const struct solver_options *o,
                         const struct solver_result *r, struct buf *b)
{
    char num[64];
    buf_adds(b, "  \"stats\": {\n    ");
    output_field(b, "seconds");
    snprintf(num, sizeof(num), "%.3f", r->seconds);
    buf_adds(b, num);
    buf_adds(b, ",\n    ");
    output_field(b, "iterations");
    jsonw_int(b, r->iterations);
    buf_adds(b, ",\n    ");
    output_field(b, "method");
    jsonw_str(b, o->method == SOLVER_FCFS     ? "fcfs"
                 : o->method == SOLVER_COLGEN ? "colgen"
                                              : "optimise");
    buf_adds(b, ",\n    ");
    output_field(b, "seed");
    jsonw_int(b, (int64_t)o->seed);
    buf_adds(b, ",\n    ");
    output_field(b, "threads");
    jsonw_int(b, o->threads);
    buf_adds(b, ",\n    ");
    output_field(b, "cancelled");
    buf_adds(b, r->cancelled ? "true" : "false");
    buf_adds(b, ",\n    ");
    output_field(b, "bottlenecks");
    buf_adds(b, "[");
    for (int i = 0; i < r->nbottlenecks; i++) {
        const struct solver_bottleneck *bn = &r->bottlenecks[i];
        char from[24], to[24];
        solver__explain_week(p, bn->from, from, sizeof(from));
        solver__explain_week(p, bn->to - 1, to, sizeof(to));
        buf_adds(b, i ? ",\n      {\"unit\": " : "\n      {\"unit\": ");
        jsonw_str(b, p->units[bn->unit].id);
        buf_adds(b, ", \"from\": ");
        jsonw_int(b, bn->from);
        buf_adds(b, ", \"to\": ");
        jsonw_int(b, bn->to);
        buf_adds(b, ", \"gain\": ");
        jsonw_int(b, bn->gain);
        if (bn->measured >= 0) {
            buf_adds(b, ", \"measured\": ");
            jsonw_int(b, bn->measured);
        }
        buf_adds(b, ", \"note\": ");
        snprintf(num, sizeof(num), "%s to %s", from, to);
        jsonw_str(b, num);
        buf_adds(b, "}");
    }
    buf_adds(b, r->nbottlenecks ? "\n    ]\n  }\n" : "]\n  }\n");
}

void solver_plan_json(const struct solver_problem *p,
                      const struct solver_options *o,
                      const struct solver_result *r, struct buf *b)
{
    buf_adds(b, "{\n  \"format\": \"randa-plan/1\",\n  \"assignments\": [");
    int first = 1;
    for (int n = 0; n < p->nneeds; n++) {
        if (!r->plan.at[n].assigned)
            continue;
        buf_adds(b, first ? "\n" : ",\n");
        output_placed(p, &r->plan.at[n], n, b);
        first = 0;
    }
    buf_adds(b, first ? "],\n  \"unplaced\": [" : "\n  ],\n  \"unplaced\": [");
    first = 1;
    for (int n = 0; n < p->nneeds; n++) {
        if (r->plan.at[n].assigned)
            continue;
        buf_adds(b, first ? "\n    {\"trainee\": " : ",\n    {\"trainee\": ");
        jsonw_str(b, p->trainees[p->needs[n].trainee].id);
        buf_adds(b, ", \"need\": ");
        jsonw_str(b, p->needs[n].id);
        const struct solver_reason *why = r->reasons ? r->reasons[n] : NULL;
        buf_adds(b, ", \"reason\": ");
        jsonw_str(b, why ? why->text : "");
        if (why)
            output_why(p, why, b);
        buf_adds(b, "}");
        first = 0;
    }
    buf_adds(b, first ? "],\n  " : "\n  ],\n  ");
    output_field(b, "score");
    jsonw_int(b, r->score);
    buf_adds(b, ",\n  ");
    output_field(b, "lower_bound");
    jsonw_int(b, r->lower_bound);
    buf_adds(b, ",\n");
    output_stats(p, o, r, b);
    buf_adds(b, "}\n");
}
