/* Loading and checking a planning problem (problem.h). */
#include "solver/problem.h"

#include "domain/week.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROB_INT_MAX 1000000

/* Where in the file a value is, for messages: "trainees[bo].from". */
struct at {
    char path[160];
};

static int prob_fail(struct err_info *ei, const struct at *at, const char *name,
                     const char *fmt, const char *detail)
{
    char field[ERR_FIELD_MAX];
    snprintf(field, sizeof(field), "%s", name);
    return err_set(ei, ERR_INVAL, field, "%s%s%s: %s%s", at->path,
                   at->path[0] && name[0] ? "." : "", name, fmt,
                   detail ? detail : "");
}

/* An integer member in lo..hi; absent is an error when required. */
static int prob_int(json_t *o, const struct at *at, const char *name,
                    int required, int lo, int hi, int *out, struct err_info *ei)
{
    json_t *v = json_object_get(o, name);
    if (!v) {
        if (required)
            return prob_fail(ei, at, name, "is required", NULL);
        return 0;
    }
    char range[64];
    snprintf(range, sizeof(range), "%d to %d", lo, hi);
    if (!json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi)
        return prob_fail(ei, at, name, "must be a whole number ", range);
    *out = (int)json_integer_value(v);
    return 0;
}

static int prob_id(json_t *o, const struct at *at, const char *name,
                   const char **out, struct err_info *ei)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return prob_fail(ei, at, name, "is required", NULL);
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        strlen(json_string_value(v)) != json_string_length(v))
        return prob_fail(ei, at, name, "must be a non-empty string", NULL);
    *out = json_string_value(v);
    return 0;
}

static int prob_array(json_t *o, const struct at *at, const char *name,
                      int required, json_t **out, struct err_info *ei)
{
    *out = json_object_get(o, name);
    if (!*out) {
        if (required)
            return prob_fail(ei, at, name, "is required", NULL);
        return 0;
    }
    if (!json_is_array(*out))
        return prob_fail(ei, at, name, "must be a list", NULL);
    return 0;
}

/* Ids are looked up in hash tables (jansson's objects), so that loading
 * and checking the whole country's 40,000 needs stays linear. */
static int prob_lookup(void *index, const char *id)
{
    json_t *v = index ? json_object_get(index, id) : NULL;
    return v ? (int)json_integer_value(v) : -1;
}

static void prob_index(void **index, const char *id, int i)
{
    if (!*index)
        *index = json_object();
    json_object_set_new(*index, id, json_integer(i));
}

int solver_problem_unit(const struct solver_problem *p, const char *id)
{
    return prob_lookup(p->unit_index, id);
}

int solver_problem_need(const struct solver_problem *p, const char *id)
{
    return prob_lookup(p->need_index, id);
}

int solver_problem_group(const struct solver_problem *p, const char *id)
{
    return prob_lookup(p->group_index, id);
}

/* A [a, b) range or an [a, b, seats] entry of non-negative integers. */
static int prob_range(json_t *v, const struct at *at, const char *name,
                      size_t n, int *out, struct err_info *ei)
{
    if (!json_is_array(v) || json_array_size(v) != n)
        return prob_fail(
            ei, at, name,
            n == 2 ? "must be a range [a, b]" : "must be [a, b, seats]", NULL);
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_integer(e) || json_integer_value(e) < 0 ||
            json_integer_value(e) > PROB_INT_MAX)
            return prob_fail(ei, at, name,
                             "must hold whole numbers 0 to 1000000", NULL);
        out[i] = (int)json_integer_value(e);
    }
    if (out[1] < out[0])
        return prob_fail(ei, at, name, "ends before it starts", NULL);
    return 0;
}

#define PROB_SPEND_MAX 1000000000

/* The optional "budget": {"amount", "weight"} of a home unit
 * (docs/planning-format-groups.md). */
static int prob_budget(struct solver_problem *p, json_t *u, const struct at *at,
                       struct solver_unit *pu, struct err_info *ei)
{
    pu->budget_amount = pu->budget_weight = SOLVER_NONE;
    json_t *b = json_object_get(u, "budget");
    if (!b)
        return 0;
    if (!json_is_object(b))
        return prob_fail(ei, at, "budget", "must be an object", NULL);
    struct at bat;
    snprintf(bat.path, sizeof(bat.path), "%.140s.budget", at->path);
    int rc = prob_int(b, &bat, "amount", 1, 0, PROB_SPEND_MAX,
                      &pu->budget_amount, ei);
    if (rc == 0)
        rc = prob_int(b, &bat, "weight", 0, 0, PROB_INT_MAX, &pu->budget_weight,
                      ei);
    p->extended = 1;
    return rc;
}

/* The optional "groups" of unit index ui: gaffel groups. */
static int prob_groups(struct solver_problem *p, json_t *u, const struct at *at,
                       int ui, struct err_info *ei)
{
    json_t *groups;
    int rc = prob_array(u, at, "groups", 0, &groups, ei);
    if (rc || !groups)
        return rc;
    size_t k;
    json_t *g;
    json_array_foreach(groups, k, g)
    {
        struct at gat;
        snprintf(gat.path, sizeof(gat.path), "%.120s.groups[%zu]", at->path, k);
        if (!json_is_object(g))
            return prob_fail(ei, &gat, "", "must be an object", NULL);
        const char *id;
        if ((rc = prob_id(g, &gat, "id", &id, ei)) != 0)
            return rc;
        if (solver_problem_group(p, id) >= 0)
            return prob_fail(ei, &gat, "id", "is used twice: ", id);
        p->groups =
            xrealloc(p->groups, ((size_t)p->ngroups + 1) * sizeof(*p->groups));
        struct solver_group *pg = &p->groups[p->ngroups];
        *pg = (struct solver_group){xstrdup(id), ui, 0, 0, 0, 2};
        prob_index(&p->group_index, id, p->ngroups++);
        p->extended = 1;
        snprintf(gat.path, sizeof(gat.path), "%.120s.groups[%.30s]", at->path,
                 id);
        if ((rc = prob_int(g, &gat, "from", 1, 0, PROB_INT_MAX, &pg->from,
                           ei)) != 0 ||
            (rc = prob_int(g, &gat, "to", 1, 0, PROB_INT_MAX, &pg->to, ei)) !=
                0 ||
            (rc = prob_int(g, &gat, "size", 1, 2, SOLVER_GROUP_SIZE_MAX,
                           &pg->size, ei)) != 0 ||
            (rc = prob_int(g, &gat, "needed", 0, 1, SOLVER_GROUP_SIZE_MAX,
                           &pg->needed, ei)) != 0)
            return rc;
        if (pg->to <= pg->from)
            return prob_fail(ei, &gat, "to", "must be after from", NULL);
        if (pg->needed > pg->size)
            return prob_fail(ei, &gat, "needed", "must be at most size", NULL);
    }
    return 0;
}

static int prob_units(struct solver_problem *p, json_t *units,
                      struct err_info *ei)
{
    struct at at = {""};
    int n = (int)json_array_size(units);
    p->units = xcalloc((size_t)n + 1, sizeof(*p->units));
    for (int i = 0; i < n; i++) {
        json_t *u = json_array_get(units, (size_t)i);
        struct solver_unit *pu = &p->units[i];
        snprintf(at.path, sizeof(at.path), "units[%d]", i);
        if (!json_is_object(u))
            return prob_fail(ei, &at, "", "must be an object", NULL);
        const char *id;
        int rc = prob_id(u, &at, "id", &id, ei);
        if (rc)
            return rc;
        if (solver_problem_unit(p, id) >= 0)
            return prob_fail(ei, &at, "id", "is used twice: ", id);
        pu->id = xstrdup(id);
        prob_index(&p->unit_index, id, i);
        json_t *uname = json_object_get(u, "name");
        pu->name = xstrdup(json_is_string(uname) && json_string_length(uname)
                               ? json_string_value(uname)
                               : id);
        p->nunits = i + 1;
        snprintf(at.path, sizeof(at.path), "units[%.60s]", id);
        int seats = 0;
        pu->max_away = SOLVER_NONE;
        pu->seats = xcalloc((size_t)p->weeks, sizeof(int));
        if ((rc = prob_int(u, &at, "seats", 1, 0, PROB_INT_MAX, &seats, ei)) !=
                0 ||
            (rc = prob_int(u, &at, "max_away", 0, 0, PROB_INT_MAX,
                           &pu->max_away, ei)) != 0)
            return rc;
        for (int w = 0; w < p->weeks; w++)
            pu->seats[w] = seats;
        json_t *except;
        if ((rc = prob_array(u, &at, "except", 0, &except, ei)) != 0)
            return rc;
        size_t k;
        json_t *e;
        json_array_foreach(except, k, e)
        {
            int r[3];
            char name[32];
            snprintf(name, sizeof(name), "except[%zu]", k);
            if ((rc = prob_range(e, &at, name, 3, r, ei)) != 0)
                return rc;
            for (int w = r[0]; w < r[1] && w < p->weeks; w++)
                pu->seats[w] = r[2];
        }
        if ((rc = prob_budget(p, u, &at, pu, ei)) != 0 ||
            (rc = prob_groups(p, u, &at, i, ei)) != 0)
            return rc;
    }
    return 0;
}

static int prob_option(struct solver_problem *p, json_t *o, const struct at *at,
                       int fte, struct solver_need_option *po,
                       struct err_info *ei)
{
    if (!json_is_object(o))
        return prob_fail(ei, at, "", "must be an object", NULL);
    json_t *units;
    int rc = prob_array(o, at, "units", 1, &units, ei);
    if (rc)
        return rc;
    if (json_array_size(units) == 0)
        return prob_fail(ei, at, "units", "must name at least one unit", NULL);
    po->nunits = (int)json_array_size(units);
    po->units = xcalloc((size_t)po->nunits, sizeof(int));
    for (int i = 0; i < po->nunits; i++) {
        json_t *v = json_array_get(units, (size_t)i);
        int u = json_is_string(v) ? solver_problem_unit(p, json_string_value(v))
                                  : -1;
        if (u < 0)
            return prob_fail(ei, at, "units", "no such unit: ",
                             json_is_string(v) ? json_string_value(v) : "?");
        po->units[i] = u;
    }
    if ((rc = prob_int(o, at, "weeks", 1, PATTERN_WEEKS_MIN, PATTERN_WEEKS_MAX,
                       &po->weeks, ei)) != 0 ||
        (rc = prob_int(o, at, "cost", 0, 0, PROB_INT_MAX, &po->cost, ei)) !=
            0 ||
        (rc = prob_int(o, at, "spend", 0, 0, PROB_SPEND_MAX, &po->spend, ei)) !=
            0)
        return rc;
    json_t *group = json_object_get(o, "group");
    if (group && !json_is_boolean(group))
        return prob_fail(ei, at, "group", "must be true or false", NULL);
    po->group = json_is_true(group);
    if (po->group || po->spend)
        p->extended = 1;
    json_t *pat = json_object_get(o, "pattern");
    if (!pat)
        return prob_fail(ei, at, "pattern", "is required", NULL);
    if (!json_is_string(pat) ||
        pattern_parse(json_string_value(pat), &po->pattern) != 0)
        return prob_fail(ei, at, "pattern",
                         "must be full, split4, split3, half or alternate",
                         NULL);
    po->len = pattern_len(po->pattern, po->weeks, fte);
    return 0;
}

static int prob_need(struct solver_problem *p, json_t *n, int trainee,
                     int index, json_t *raw_after[], struct err_info *ei)
{
    const struct solver_trainee *t = &p->trainees[trainee];
    struct solver_need *pn = &p->needs[index];
    struct at at;
    snprintf(at.path, sizeof(at.path), "trainees[%.50s].needs[%d]", t->id,
             index - t->first_need);
    if (!json_is_object(n))
        return prob_fail(ei, &at, "", "must be an object", NULL);
    const char *id;
    int rc = prob_id(n, &at, "id", &id, ei);
    if (rc)
        return rc;
    if (solver_problem_need(p, id) >= 0)
        return prob_fail(ei, &at, "id", "is used twice: ", id);
    pn->id = xstrdup(id);
    prob_index(&p->need_index, id, index);
    pn->trainee = trainee;
    pn->fixed_group = -1;
    snprintf(at.path, sizeof(at.path), "trainees[%.50s].needs[%.50s]", t->id,
             id);
    pn->earliest = pn->latest_end = pn->preferred_start = SOLVER_NONE;
    if ((rc = prob_int(n, &at, "earliest", 0, 0, PROB_INT_MAX, &pn->earliest,
                       ei)) != 0 ||
        (rc = prob_int(n, &at, "latest_end", 0, 0, PROB_INT_MAX,
                       &pn->latest_end, ei)) != 0 ||
        (rc = prob_int(n, &at, "preferred_start", 0, 0, PROB_INT_MAX,
                       &pn->preferred_start, ei)) != 0)
        return rc;
    json_t *options;
    if ((rc = prob_array(n, &at, "options", 1, &options, ei)) != 0)
        return rc;
    if (json_array_size(options) == 0)
        return prob_fail(ei, &at, "options", "must hold at least one option",
                         NULL);
    pn->noptions = (int)json_array_size(options);
    pn->options = xcalloc((size_t)pn->noptions, sizeof(*pn->options));
    for (int i = 0; i < pn->noptions; i++) {
        struct at oat;
        snprintf(oat.path, sizeof(oat.path), "%.130s.options[%d]", at.path, i);
        if ((rc = prob_option(p, json_array_get(options, (size_t)i), &oat,
                              t->fte, &pn->options[i], ei)) != 0)
            return rc;
    }
    if ((rc = prob_array(n, &at, "after", 0, &raw_after[index], ei)) != 0)
        return rc;
    json_t *fixed = json_object_get(n, "fixed");
    if (fixed) {
        struct at fat;
        snprintf(fat.path, sizeof(fat.path), "%.130s.fixed", at.path);
        if (!json_is_object(fixed))
            return prob_fail(ei, &at, "fixed", "must be an object", NULL);
        const char *unit;
        pn->fixed = 1;
        if ((rc = prob_int(fixed, &fat, "option", 1, 0, pn->noptions - 1,
                           &pn->fixed_option, ei)) != 0 ||
            (rc = prob_id(fixed, &fat, "unit", &unit, ei)) != 0 ||
            (rc = prob_int(fixed, &fat, "start", 1, 0, PROB_INT_MAX,
                           &pn->fixed_start, ei)) != 0)
            return rc;
        pn->fixed_unit = solver_problem_unit(p, unit);
        const struct solver_need_option *po = &pn->options[pn->fixed_option];
        int in = 0;
        for (int i = 0; i < po->nunits; i++)
            in |= po->units[i] == pn->fixed_unit;
        if (!in)
            return prob_fail(ei, &fat, "unit",
                             "is not a unit of the fixed option: ", unit);
        /* "group": the group a fixed group option's booking is in
         * (docs/planning-format-groups.md); only a group option has one. */
        json_t *gv = json_object_get(fixed, "group");
        if (gv && !json_is_string(gv))
            return prob_fail(ei, &fat, "group", "must be a string (an id)",
                             NULL);
        if (!po->group && gv)
            return prob_fail(ei, &fat, "group",
                             "names a group, but the fixed option is not a "
                             "group option: ",
                             json_string_value(gv));
        if (po->group && !gv)
            return prob_fail(ei, &fat, "group",
                             "is required: the fixed option is a group "
                             "option",
                             NULL);
        if (gv) {
            const char *gid = json_string_value(gv);
            pn->fixed_group = solver_problem_group(p, gid);
            if (pn->fixed_group < 0)
                return prob_fail(ei, &fat, "group", "no such group: ", gid);
            if (p->groups[pn->fixed_group].unit != pn->fixed_unit)
                return prob_fail(ei, &fat, "group",
                                 "is not a group of the fixed unit: ", gid);
        }
    }
    return 0;
}

/* The fixed members of one group must agree on start, end and pattern and
 * be at most its size: a group is never split, not even by its bookings. */
static int prob_fixed_groups(struct solver_problem *p, struct err_info *ei)
{
    int *first = xcalloc((size_t)p->ngroups + 1, sizeof(int));
    int *count = xcalloc((size_t)p->ngroups + 1, sizeof(int));
    int rc = 0;
    for (int n = 0; n < p->nneeds && rc == 0; n++) {
        const struct solver_need *pn = &p->needs[n];
        int g = pn->fixed ? pn->fixed_group : -1;
        if (g < 0)
            continue;
        struct at at;
        snprintf(at.path, sizeof(at.path), "trainees[%.50s].needs[%.50s].fixed",
                 p->trainees[pn->trainee].id, pn->id);
        const struct solver_need_option *po = &pn->options[pn->fixed_option];
        if (count[g]++ == 0) {
            first[g] = n;
            continue;
        }
        const struct solver_need *fn = &p->needs[first[g]];
        const struct solver_need_option *fo = &fn->options[fn->fixed_option];
        char detail[200];
        if (fn->fixed_start != pn->fixed_start ||
            fn->fixed_start + fo->len != pn->fixed_start + po->len ||
            fo->pattern != po->pattern) {
            snprintf(detail, sizeof(detail),
                     "%.40s: weeks %d to %d %s, but need %.40s has weeks %d "
                     "to %d %s",
                     p->groups[g].id, pn->fixed_start,
                     pn->fixed_start + po->len - 1, pattern_name(po->pattern),
                     fn->id, fn->fixed_start, fn->fixed_start + fo->len - 1,
                     pattern_name(fo->pattern));
            rc = prob_fail(ei, &at, "group",
                           "disagrees with the group's other fixed members: "
                           "group ",
                           detail);
        } else if (count[g] > p->groups[g].size) {
            snprintf(detail, sizeof(detail), "%.40s (size %d)", p->groups[g].id,
                     p->groups[g].size);
            rc = prob_fail(ei, &at, "group",
                           "is one fixed member too many for group ", detail);
        }
    }
    free(first);
    free(count);
    return rc;
}

/* Resolves "after" lists: needs of the same trainee, not itself. */
static int prob_after(struct solver_problem *p, json_t *raw_after[],
                      struct err_info *ei)
{
    for (int i = 0; i < p->nneeds; i++) {
        struct solver_need *pn = &p->needs[i];
        json_t *a = raw_after[i];
        if (!a)
            continue;
        struct at at;
        snprintf(at.path, sizeof(at.path), "trainees[%.50s].needs[%.50s]",
                 p->trainees[pn->trainee].id, pn->id);
        pn->nafter = (int)json_array_size(a);
        pn->after = xcalloc((size_t)pn->nafter + 1, sizeof(int));
        for (int k = 0; k < pn->nafter; k++) {
            json_t *v = json_array_get(a, (size_t)k);
            int j = json_is_string(v)
                        ? solver_problem_need(p, json_string_value(v))
                        : -1;
            const char *name = json_is_string(v) ? json_string_value(v) : "?";
            if (j < 0)
                return prob_fail(ei, &at, "after", "no such need: ", name);
            if (j == i)
                return prob_fail(ei, &at, "after", "names the need itself",
                                 NULL);
            if (p->needs[j].trainee != pn->trainee)
                return prob_fail(ei, &at, "after",
                                 "names a need of another trainee: ", name);
            pn->after[k] = j;
        }
    }
    /* A cycle: depth-first search with colours (0 new, 1 open, 2 done). */
    int *colour = xcalloc((size_t)p->nneeds + 1, sizeof(int));
    int *stack = xcalloc((size_t)p->nneeds + 1, sizeof(int));
    int *next = xcalloc((size_t)p->nneeds + 1, sizeof(int));
    int rc = 0;
    for (int s = 0; s < p->nneeds && rc == 0; s++) {
        if (colour[s])
            continue;
        int top = 0;
        stack[top++] = s;
        colour[s] = 1;
        next[s] = 0;
        while (top > 0 && rc == 0) {
            int v = stack[top - 1];
            if (next[v] == p->needs[v].nafter) {
                colour[v] = 2;
                top--;
                continue;
            }
            int w = p->needs[v].after[next[v]++];
            if (colour[w] == 1) {
                struct at at;
                snprintf(at.path, sizeof(at.path),
                         "trainees[%.50s].needs[%.50s]",
                         p->trainees[p->needs[v].trainee].id, p->needs[v].id);
                rc = prob_fail(ei, &at, "after", "forms a cycle through ",
                               p->needs[w].id);
            } else if (colour[w] == 0) {
                colour[w] = 1;
                next[w] = 0;
                stack[top++] = w;
            }
        }
    }
    free(colour);
    free(stack);
    free(next);
    return rc;
}

static int prob_trainees(struct solver_problem *p, json_t *trainees,
                         struct err_info *ei)
{
    p->ntrainees = (int)json_array_size(trainees);
    p->trainees = xcalloc((size_t)p->ntrainees + 1, sizeof(*p->trainees));
    size_t total = 0;
    for (int i = 0; i < p->ntrainees; i++) {
        json_t *needs =
            json_object_get(json_array_get(trainees, (size_t)i), "needs");
        total += json_is_array(needs) ? json_array_size(needs) : 0;
    }
    p->needs = xcalloc(total + 1, sizeof(*p->needs));
    json_t **raw_after = xcalloc(total + 1, sizeof(*raw_after));
    int rc = 0;
    for (int i = 0; i < p->ntrainees && rc == 0; i++) {
        json_t *t = json_array_get(trainees, (size_t)i);
        struct solver_trainee *pt = &p->trainees[i];
        struct at at;
        snprintf(at.path, sizeof(at.path), "trainees[%d]", i);
        if (!json_is_object(t)) {
            rc = prob_fail(ei, &at, "", "must be an object", NULL);
            break;
        }
        const char *id, *home;
        if ((rc = prob_id(t, &at, "id", &id, ei)) != 0)
            break;
        if (prob_lookup(p->trainee_index, id) >= 0) {
            rc = prob_fail(ei, &at, "id", "is used twice: ", id);
            break;
        }
        pt->id = xstrdup(id);
        prob_index(&p->trainee_index, id, i);
        snprintf(at.path, sizeof(at.path), "trainees[%.60s]", id);
        pt->fte = 100;
        pt->priority = 1;
        json_t *unavailable, *needs;
        if ((rc = prob_id(t, &at, "home", &home, ei)) != 0)
            break;
        if ((pt->home = solver_problem_unit(p, home)) < 0) {
            rc = prob_fail(ei, &at, "home", "no such unit: ", home);
            break;
        }
        if ((rc = prob_int(t, &at, "from", 1, 0, PROB_INT_MAX, &pt->from,
                           ei)) != 0 ||
            (rc = prob_int(t, &at, "deadline", 1, 0, PROB_INT_MAX,
                           &pt->deadline, ei)) != 0 ||
            (rc = prob_int(t, &at, "fte", 0, PATTERN_FTE_MIN, PATTERN_FTE_MAX,
                           &pt->fte, ei)) != 0 ||
            (rc = prob_int(t, &at, "priority", 0, 1, 10, &pt->priority, ei)) !=
                0 ||
            (rc = prob_array(t, &at, "unavailable", 0, &unavailable, ei)) !=
                0 ||
            (rc = prob_array(t, &at, "needs", 1, &needs, ei)) != 0)
            break;
        pt->nunavailable = (int)json_array_size(unavailable);
        pt->unavailable =
            xcalloc((size_t)pt->nunavailable + 1, sizeof(*pt->unavailable));
        for (int k = 0; k < pt->nunavailable && rc == 0; k++) {
            char name[32];
            snprintf(name, sizeof(name), "unavailable[%d]", k);
            rc = prob_range(json_array_get(unavailable, (size_t)k), &at, name,
                            2, pt->unavailable[k], ei);
        }
        pt->first_need = p->nneeds;
        pt->nneeds = (int)json_array_size(needs);
        for (int k = 0; k < pt->nneeds && rc == 0; k++) {
            p->nneeds++; /* counted first, so that solver_problem_free frees it
                          */
            rc = prob_need(p, json_array_get(needs, (size_t)k), i,
                           p->nneeds - 1, raw_after, ei);
        }
    }
    if (rc == 0)
        rc = prob_after(p, raw_after, ei);
    free(raw_after);
    return rc;
}

int solver__problem_parse(const char *text, size_t len,
                          struct solver_problem **out, struct err_info *ei)
{
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return err_set(ei, ERR_SYNTAX, "", "not JSON: %s (line %d)", je.text,
                       je.line);
    struct solver_problem *p = xcalloc(1, sizeof(*p));
    struct at top = {""}, hz = {"horizon"}, wt = {"weights"};
    json_t *format = json_object_get(root, "format");
    json_t *horizon = json_object_get(root, "horizon");
    json_t *weights = json_object_get(root, "weights");
    json_t *units, *trainees;
    int rc = 0;
    int w[3] = {0, 0, 0};
    if (!json_is_object(root))
        rc = prob_fail(ei, &top, "", "the problem must be a JSON object", NULL);
    else if (!json_is_string(format) ||
             strcmp(json_string_value(format), "randa-problem/1") != 0)
        rc = prob_fail(ei, &top, "format", "must be \"randa-problem/1\"", NULL);
    else if (!json_is_object(horizon))
        rc = prob_fail(ei, &top, "horizon", "is required (an object)", NULL);
    else if (!json_is_object(weights))
        rc = prob_fail(ei, &top, "weights", "is required (an object)", NULL);
    if (rc == 0)
        rc = prob_int(horizon, &hz, "weeks", 1, 1, 1040, &p->weeks, ei);
    json_t *start = rc == 0 ? json_object_get(horizon, "start") : NULL;
    if (rc == 0 && start) {
        int serial;
        if (!json_is_string(start) || json_string_length(start) >= 16 ||
            week_parse(json_string_value(start), &serial) != 0)
            rc = prob_fail(ei, &hz, "start",
                           "must be an ISO week like 2027-W01", NULL);
        else
            snprintf(p->start, sizeof(p->start), "%s",
                     json_string_value(start));
    }
    if (rc == 0)
        rc = prob_int(weights, &wt, "unplaced", 1, 0, PROB_INT_MAX, &w[0], ei);
    if (rc == 0)
        rc = prob_int(weights, &wt, "late", 1, 0, PROB_INT_MAX, &w[1], ei);
    if (rc == 0)
        rc = prob_int(weights, &wt, "shift", 1, 0, PROB_INT_MAX, &w[2], ei);
    p->w_unplaced = w[0], p->w_late = w[1], p->w_shift = w[2];
    if (rc == 0)
        rc = prob_array(root, &top, "units", 1, &units, ei);
    if (rc == 0)
        rc = prob_array(root, &top, "trainees", 1, &trainees, ei);
    if (rc == 0)
        rc = prob_units(p, units, ei);
    if (rc == 0)
        rc = prob_trainees(p, trainees, ei);
    if (rc == 0)
        rc = prob_fixed_groups(p, ei);
    json_decref(root);
    if (rc) {
        solver_problem_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void solver_problem_free(struct solver_problem *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nunits; i++) {
        free(p->units[i].id);
        free(p->units[i].name);
        free(p->units[i].seats);
    }
    for (int i = 0; i < p->ntrainees; i++) {
        free(p->trainees[i].id);
        free(p->trainees[i].unavailable);
    }
    for (int i = 0; i < p->nneeds; i++) {
        struct solver_need *n = &p->needs[i];
        free(n->id);
        for (int k = 0; k < n->noptions; k++)
            free(n->options[k].units);
        free(n->options);
        free(n->after);
    }
    for (int i = 0; i < p->ngroups; i++)
        free(p->groups[i].id);
    free(p->groups);
    free(p->units);
    free(p->trainees);
    free(p->needs);
    json_decref(p->unit_index);
    json_decref(p->need_index);
    json_decref(p->trainee_index);
    json_decref(p->group_index);
    free(p);
}
