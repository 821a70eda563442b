/*
 * What-if scenarios (scenario.h): changes applied to the plain rows of a
 * region's problem, the problem built and solved as any plan run's, and a
 * summary of the plan that the comparison reads.
 */
#include "plan/scenario.h"

#include "domain/cost.h"
#include "domain/pattern.h"
#include "domain/week.h"
#include "plan/problem.h"
#include "solver/solver.h"
#include "store/scenarios.h"
#include "store/store.h"
#include "util/jsonw.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Ids of synthetic trainees and needs start above the rows' own. */
#define SC_SYNTH_BASE 1000000000LL
/* Weeks a synthetic trainee has to finish: five years. */
#define SC_TRAINING_WEEKS 260

/* ---- checking a change ---- */

static int sc_fail(struct err_info *ei, int i, const char *field,
                   const char *why)
{
    return err_set(ei, ERR_INVAL, "changes", "changes[%d].%s: %s", i, field,
                   why);
}

/* An integer field in [lo, hi]; absent is def when def >= lo. */
static int sc_int(const json_t *c, int i, const char *name, long long lo,
                  long long hi, long long def, long long *out,
                  struct err_info *ei)
{
    json_t *v = json_object_get(c, name);
    if (!v && def >= lo) {
        *out = def;
        return 0;
    }
    if (!json_is_integer(v))
        return sc_fail(ei, i, name, v ? "must be an integer" : "is required");
    *out = json_integer_value(v);
    if (*out < lo || *out > hi) {
        char why[80];
        snprintf(why, sizeof(why), "must be %lld to %lld", lo, hi);
        return sc_fail(ei, i, name, why);
    }
    return 0;
}

/* A week "YYYY-Www" into a serial. */
static int sc_week(const json_t *c, int i, const char *name, int *out,
                   struct err_info *ei)
{
    const char *s = json_string_value(json_object_get(c, name));
    if (!s)
        return sc_fail(ei, i, name, "is required, an ISO week YYYY-Www");
    if (week_parse(s, out) != 0)
        return sc_fail(ei, i, name, "must be an ISO week YYYY-Www");
    return 0;
}

/* from_week and to_week (the last week): [*from, *to). */
static int sc_weeks(const json_t *c, int i, int *from, int *to,
                    struct err_info *ei)
{
    int rc = sc_week(c, i, "from_week", from, ei);
    if (rc == 0)
        rc = sc_week(c, i, "to_week", to, ei);
    if (rc == 0 && *to < *from)
        rc = sc_fail(ei, i, "to_week", "must be from_week or later");
    *to += 1;
    return rc;
}

static const char *const sc_kinds[] = {
    "more_posts", "add_group", "seats", "shorten", "summer", "agreement", NULL};
static const char *const sc_forms[] = {"gaffel", "training_node", "tandem",
                                       "st_clinic", NULL};

static int sc_in(const char *s, const char *const *list)
{
    for (int k = 0; s && list[k]; k++)
        if (strcmp(s, list[k]) == 0)
            return k;
    return -1;
}

int plan_scenario_check(const json_t *c, int i, struct err_info *ei)
{
    if (!json_is_object(c))
        return err_set(ei, ERR_INVAL, "changes",
                       "changes[%d]: must be an object", i);
    const char *kind = json_string_value(json_object_get(c, "kind"));
    int k = sc_in(kind, sc_kinds);
    long long v;
    int a, e;
    int rc = 0;
    switch (k) {
    case 0: /* more_posts */
        rc = sc_int(c, i, "specialty_id", 1, INT64_MAX, -1, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "year", 1990, 2150, -1, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "extra", 1, 500, -1, &v, ei);
        return rc;
    case 1: { /* add_group */
        const char *form = json_string_value(json_object_get(c, "form"));
        int f = form ? sc_in(form, sc_forms) : 0;
        if (f < 0)
            return sc_fail(ei, i, "form",
                           "must be gaffel, training_node, tandem or "
                           "st_clinic");
        long long lo = f == 1 ? 1 : 2, hi = f == 0 ? 3 : f == 1 ? 3 : 6;
        if (f == 2)
            hi = 2;
        rc = sc_int(c, i, "unit_id", 1, INT64_MAX, -1, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "size", lo, hi, lo, &v, ei);
        if (rc == 0)
            rc = sc_weeks(c, i, &a, &e, ei);
        return rc;
    }
    case 2: /* seats */
        rc = sc_int(c, i, "unit_id", 1, INT64_MAX, -1, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "seats", 0, 1000, -1, &v, ei);
        if (rc == 0)
            rc = sc_weeks(c, i, &a, &e, ei);
        return rc;
    case 3: /* shorten */
        rc = sc_int(c, i, "specialty_id", 1, INT64_MAX, -1, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "weeks", 1, 52, -1, &v, ei);
        return rc;
    case 4: /* summer */
        return sc_int(c, i, "unit_id", 0, INT64_MAX, 0, &v, ei);
    case 5: { /* agreement */
        enum cost_model m;
        if (cost_model_parse(json_string_value(json_object_get(c, "model")),
                             &m) != 0)
            return sc_fail(ei, i, "model",
                           "must be none, per_day, per_week, per_month or "
                           "per_procedure");
        rc = sc_int(c, i, "host_unit_id", 1, INT64_MAX, -1, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "amount_sek", 0, 1000000000, 0, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "procedures_per_week", 0, 1000, 0, &v, ei);
        if (rc == 0)
            rc = sc_int(c, i, "backpack_sek", 0, 1000000000, 0, &v, ei);
        return rc;
    }
    default:
        return sc_fail(ei, i, "kind",
                       "must be more_posts, add_group, seats, shorten, "
                       "summer or agreement");
    }
}

/* ---- applying changes to the rows ---- */

static int64_t sc_get(const json_t *c, const char *name)
{
    return (int64_t)json_integer_value(json_object_get(c, name));
}

static struct plan_row_unit *sc_unit(struct plan_rows *r, int64_t id)
{
    for (int i = 0; i < r->nunits; i++)
        if (r->units[i].id == id)
            return &r->units[i];
    return NULL;
}

/* A unit's seats and patterns per week of the rows' weeks. */
struct sc_grid {
    int hs, weeks;
    int *seats;         /* -1: no period */
    unsigned *patterns; /* of the period */
};

static void sc_grid_read(const struct plan_rows *r, int64_t unit, int hs,
                         struct sc_grid *g)
{
    g->hs = hs;
    g->weeks = STORE_PLAN_WEEKS_MAX;
    g->seats = xcalloc((size_t)g->weeks, sizeof(int));
    g->patterns = xcalloc((size_t)g->weeks, sizeof(unsigned));
    for (int w = 0; w < g->weeks; w++)
        g->seats[w] = -1;
    for (int i = 0; i < r->ncapacity; i++) {
        const struct plan_row_capacity *c = &r->capacity[i];
        if (c->unit_id != unit)
            continue;
        for (int w = c->from_week; w < c->to_week; w++)
            if (w >= hs && w < hs + g->weeks) {
                g->seats[w - hs] = c->seats;
                g->patterns[w - hs] = c->patterns;
            }
    }
}

/* Writes the grid back as the unit's capacity rows (runs of equal weeks). */
static void sc_grid_write(struct plan_rows *r, int64_t unit, struct sc_grid *g)
{
    int n = 0;
    for (int i = 0; i < r->ncapacity; i++)
        if (r->capacity[i].unit_id != unit)
            r->capacity[n++] = r->capacity[i];
    r->ncapacity = n;
    for (int w = 0; w < g->weeks;) {
        int e = w;
        while (e < g->weeks && g->seats[e] == g->seats[w] &&
               g->patterns[e] == g->patterns[w])
            e++;
        if (g->seats[w] >= 0) {
            r->capacity = xrealloc(r->capacity, (size_t)(r->ncapacity + 1) *
                                                    sizeof(*r->capacity));
            r->capacity[r->ncapacity++] = (struct plan_row_capacity){
                unit, g->hs + w, g->hs + e, g->seats[w], g->patterns[w]};
        }
        w = e;
    }
    free(g->seats);
    free(g->patterns);
}

/* Seats of unit in [from, to): set to seats, or add seats when add. */
static void sc_seats(struct plan_rows *r, int64_t unit, int hs, int from,
                     int to, int seats, int add)
{
    struct sc_grid g;
    sc_grid_read(r, unit, hs, &g);
    for (int w = from - hs; w < to - hs; w++) {
        if (w < 0 || w >= g.weeks)
            continue;
        if (g.seats[w] < 0) {
            g.seats[w] = 0;
            g.patterns[w] = PATTERN_ALL;
        }
        g.seats[w] = add ? g.seats[w] + seats : seats;
    }
    sc_grid_write(r, unit, &g);
}

/* A form of one group of size at unit in [from, to) (docs/forms.md), with
 * an id no form of the database has. */
static void sc_form(struct plan_rows *r, int64_t unit, int from, int to,
                    int size, int i)
{
    r->forms = xrealloc(r->forms, (size_t)(r->nforms + 1) * sizeof(*r->forms));
    r->forms[r->nforms++] = (struct plan_row_form){
        SC_SYNTH_BASE + i, unit, from, to, 1, size, size < 2 ? size : 2};
}

/* An agreement of the scenario: the region's with its host unit, at all
 * times, before the region's own (so that of equals it is the one). */
static void sc_agreement(struct plan_rows *r, const json_t *c)
{
    struct plan_row_agreement a = {
        .match = {0, sc_get(c, "host_unit_id"), 0, 0, 1000000},
        .terms = {COST_NONE, sc_get(c, "amount_sek") * 100,
                  (int)sc_get(c, "procedures_per_week"),
                  sc_get(c, "backpack_sek") * 100},
    };
    cost_model_parse(json_string_value(json_object_get(c, "model")),
                     &a.terms.model);
    r->agreements = xrealloc(r->agreements, (size_t)(r->nagreements + 1) *
                                                sizeof(*r->agreements));
    memmove(r->agreements + 1, r->agreements,
            (size_t)r->nagreements * sizeof(*r->agreements));
    r->agreements[0] = a;
    r->nagreements++;
}

/* Summer: ISO weeks 27-32 without seats get the seats of the week before. */
static void sc_summer(struct plan_rows *r, int64_t unit, int hs)
{
    struct sc_grid g;
    sc_grid_read(r, unit, hs, &g);
    for (int w = 1; w < g.weeks; w++) {
        int y, k;
        week_to_iso(hs + w, &y, &k);
        if (k >= 27 && k <= 32 && g.seats[w] <= 0 && g.seats[w - 1] > 0) {
            g.seats[w] = g.seats[w - 1];
            g.patterns[w] = g.patterns[w - 1];
        }
    }
    sc_grid_write(r, unit, &g);
}

/* More posts: extra trainees with the needs of the specialty's first. */
static int sc_more_posts(struct plan_rows *r, const json_t *c, int i, int hs,
                         struct err_info *ei)
{
    int64_t sp = sc_get(c, "specialty_id");
    const struct plan_row_trainee *tpl = NULL;
    for (int k = 0; k < r->ntrainees && !tpl; k++) {
        const struct plan_row_unit *h = sc_unit(r, r->trainees[k].home_unit_id);
        if (h && h->specialty_id == sp && r->trainees[k].id < SC_SYNTH_BASE)
            tpl = &r->trainees[k];
    }
    if (!tpl)
        return err_set(ei, ERR_INVAL, "changes",
                       "changes[%d].specialty_id: no trainee of specialty "
                       "%lld in the region to take the standard needs from",
                       i, (long long)sp);
    int64_t tid = tpl->id, home = tpl->home_unit_id;
    int first = -1, count = 0;
    for (int k = 0; k < r->nneeds; k++)
        if (r->needs[k].trainee_id == tid) {
            if (first < 0)
                first = k;
            count++;
        }
    int start = 0;
    week_from_iso((int)sc_get(c, "year"), 1, &start);
    if (start < hs)
        start = hs;
    int extra = (int)sc_get(c, "extra");
    int64_t next_t = SC_SYNTH_BASE, next_n = SC_SYNTH_BASE;
    for (int k = 0; k < r->ntrainees; k++)
        if (r->trainees[k].id >= next_t)
            next_t = r->trainees[k].id + 1;
    for (int k = 0; k < r->nneeds; k++)
        if (r->needs[k].id >= next_n)
            next_n = r->needs[k].id + 1;
    r->trainees = xrealloc(r->trainees, (size_t)(r->ntrainees + extra) *
                                            sizeof(*r->trainees));
    r->needs = xrealloc(r->needs, (size_t)(r->nneeds + extra * count + 1) *
                                      sizeof(*r->needs));
    for (int x = 0; x < extra; x++) {
        r->trainees[r->ntrainees++] =
            (struct plan_row_trainee){.id = next_t + x,
                                      .home_unit_id = home,
                                      .fte = 100,
                                      .start_week = start,
                                      .end_week = start + SC_TRAINING_WEEKS};
        for (int k = 0; k < count; k++) {
            struct plan_row_need n = r->needs[first + k];
            n.id = next_n++;
            n.trainee_id = next_t + x;
            n.open = 1;
            n.preferred_start = STORE_NONE;
            r->needs[r->nneeds++] = n;
        }
    }
    return 0;
}

int plan_scenario_apply(struct plan_rows *r, const json_t *changes, int hs,
                        struct err_info *ei)
{
    size_t i;
    const json_t *c;
    json_array_foreach(changes, i, c)
    {
        const char *kind = json_string_value(json_object_get(c, "kind"));
        int k = sc_in(kind, sc_kinds), from = 0, to = 0;
        int64_t unit = sc_get(c, k == 5 ? "host_unit_id" : "unit_id");
        if ((k == 1 || k == 2 || k == 5 || (k == 4 && unit)) &&
            !sc_unit(r, unit))
            return err_set(ei, ERR_INVAL, "changes",
                           "changes[%zu].%s: no unit %lld in the region", i,
                           k == 5 ? "host_unit_id" : "unit_id",
                           (long long)unit);
        if (k == 1 || k == 2) {
            week_parse(json_string_value(json_object_get(c, "from_week")),
                       &from);
            week_parse(json_string_value(json_object_get(c, "to_week")), &to);
            const char *f = json_string_value(json_object_get(c, "form"));
            int node = k == 1 && f && strcmp(f, "training_node") == 0;
            int n = (int)sc_get(c, k == 1 ? "size" : "seats");
            if (k == 1 && !json_object_get(c, "size"))
                n = node ? 1 : 2;
            /* A group of a form is a group the optimiser fills together;
             * a training node's places are seats. */
            if (k == 1 && !node)
                sc_form(r, unit, from, to + 1, n, (int)i);
            else
                sc_seats(r, unit, hs, from, to + 1, n, k == 1);
        } else if (k == 0) {
            int rc = sc_more_posts(r, c, (int)i, hs, ei);
            if (rc)
                return rc;
        } else if (k == 3) {
            int64_t sp = sc_get(c, "specialty_id");
            int by = (int)sc_get(c, "weeks");
            for (int n = 0; n < r->nneeds; n++)
                if (r->needs[n].open && r->needs[n].specialty_id == sp)
                    r->needs[n].weeks =
                        r->needs[n].weeks - by < 1 ? 1 : r->needs[n].weeks - by;
        } else if (k == 4) {
            for (int u = 0; u < r->nunits; u++)
                if (!unit || r->units[u].id == unit)
                    sc_summer(r, r->units[u].id, hs);
        } else if (k == 5) {
            sc_agreement(r, c);
        }
    }
    return 0;
}

/* ---- solving and summing up ---- */

/* The database id of a problem id "<prefix><id>", or 0. */
static int64_t sc_db_id(const char *id, char prefix)
{
    return id && id[0] == prefix ? strtoll(id + 1, NULL, 10) : 0;
}

/* Per specialty (of the trainee's home unit): trainees, weeks late. */
struct sc_spec {
    int64_t id;
    char code[STORE_CODE_MAX];
    int trainees, late_trainees, unplaced;
    int64_t late_weeks;
};

static struct sc_spec *sc_spec_of(struct sc_spec *sp, int *n,
                                  const struct plan_row_unit *home)
{
    int64_t id = home ? home->specialty_id : 0;
    for (int i = 0; i < *n; i++)
        if (sp[i].id == id)
            return &sp[i];
    sp[*n] = (struct sc_spec){.id = id};
    snprintf(sp[*n].code, sizeof(sp[*n].code), "%s",
             home ? home->specialty_code : "");
    return &sp[(*n)++];
}

/* What a placement of a trainee of home unit at host unit (a serial
 * start, weeks full-time over len calendar weeks) costs under the rows'
 * agreements (the region's, and a scenario's added first), in öre. */
static int64_t sc_cost(const struct plan_rows *rows,
                       const struct cost_agreement *match, int64_t home,
                       int64_t host, int start, int weeks, int len)
{
    int64_t provider = 0;
    for (int u = 0; u < rows->nunits; u++)
        if (rows->units[u].id == host)
            provider = rows->units[u].provider_id;
    int i = cost_agreement_match(match, rows->nagreements, home, host, provider,
                                 (int)date_to_days(week_monday(start)));
    struct cost_placement pl = {weeks, len};
    int64_t v = 0;
    if (i < 0 || cost_placement(&rows->agreements[i].terms, &pl, &v) != 0)
        return 0;
    return v;
}

static void sc_summary(const struct plan_rows *rows,
                       const struct solver_problem *p,
                       const struct solver_result *r, int hs, struct buf *o)
{
    int nsp = 0;
    struct sc_spec *sp = xcalloc((size_t)rows->nunits + 2, sizeof(*sp));
    struct cost_agreement *match =
        xcalloc((size_t)rows->nagreements + 1, sizeof(*match));
    for (int i = 0; i < rows->nagreements; i++)
        match[i] = rows->agreements[i].match;
    int64_t seat_weeks = 0, used = 0, cost = 0;
    int placed = 0, unplaced = 0, needs = 0;
    int64_t unplaced_weeks = 0;
    int *use = xcalloc((size_t)p->nunits * (size_t)p->weeks + 1, sizeof(int));
    for (int t = 0; t < p->ntrainees; t++) {
        const struct solver_trainee *tr = &p->trainees[t];
        int64_t tid = sc_db_id(tr->id, 't');
        if (!tid)
            continue; /* stand-ins of bookings outside the problem */
        const struct plan_row_unit *home = NULL;
        int64_t hid = sc_db_id(p->units[tr->home].id, 'u');
        for (int u = 0; u < rows->nunits && !home; u++)
            if (rows->units[u].id == hid)
                home = &rows->units[u];
        struct sc_spec *s = sc_spec_of(sp, &nsp, home);
        int end = 0, missing = 0;
        for (int k = tr->first_need; k < tr->first_need + tr->nneeds; k++) {
            const struct solver_need *n = &p->needs[k];
            const struct solver_placement *a = &r->plan.at[k];
            if (n->id[0] != 'n')
                continue;
            needs++;
            if (!a->assigned) {
                unplaced++;
                missing++;
                unplaced_weeks += n->options[0].weeks;
                continue;
            }
            const struct solver_need_option *op = &n->options[a->option];
            placed++;
            if (a->start + op->len > end)
                end = a->start + op->len;
            if (!n->fixed)
                cost +=
                    sc_cost(rows, match, sc_db_id(p->units[tr->home].id, 'u'),
                            sc_db_id(p->units[a->unit].id, 'u'), hs + a->start,
                            op->weeks, op->len);
        }
        s->trainees++;
        s->unplaced += missing;
        if (end > tr->deadline) {
            s->late_trainees++;
            s->late_weeks += end - tr->deadline;
        }
    }
    /* Seat utilisation: every placement's occupancy against the seats. */
    for (int k = 0; k < p->nneeds; k++) {
        const struct solver_placement *a = &r->plan.at[k];
        if (!a->assigned)
            continue;
        const struct solver_need_option *op = &p->needs[k].options[a->option];
        for (int w = 0; w < op->len && a->start + w < p->weeks; w++)
            use[(size_t)a->unit * (size_t)p->weeks + (size_t)(a->start + w)] +=
                pattern_occupancy(op->pattern, w);
    }
    for (int u = 0; u < p->nunits; u++) {
        if (!sc_db_id(p->units[u].id, 'u'))
            continue;
        for (int w = 0; w < p->weeks; w++) {
            seat_weeks += (int64_t)p->units[u].seats[w] * 100;
            used += use[(size_t)u * (size_t)p->weeks + (size_t)w];
        }
    }
    /* A group's places count as seats over its weeks (in the horizon). */
    for (int g = 0; g < p->ngroups; g++) {
        const struct solver_group *gr = &p->groups[g];
        int to = gr->to < p->weeks ? gr->to : p->weeks;
        if (to > gr->from)
            seat_weeks += (int64_t)gr->size * (to - gr->from) * 100;
    }
    int64_t late = 0;
    for (int i = 0; i < nsp; i++)
        late += sp[i].late_weeks;
    buf_addf(o,
             "{\"score\":%lld,\"lower_bound\":%lld,\"weeks\":%d,"
             "\"needs\":%d,\"placed\":%d,\"unplaced\":%d,"
             "\"unplaced_weeks\":%lld,\"late_weeks\":%lld,"
             "\"seat_weeks\":%lld,\"used_seat_weeks\":%lld,"
             "\"utilisation\":%.1f,\"cost_ore\":%lld,\"specialties\":[",
             (long long)r->score, (long long)r->lower_bound, p->weeks, needs,
             placed, unplaced, (long long)unplaced_weeks, (long long)late,
             (long long)(seat_weeks / 100), (long long)(used / 100),
             seat_weeks ? 100.0 * (double)used / (double)seat_weeks : 0.0,
             (long long)cost);
    for (int i = 0; i < nsp; i++) {
        buf_addf(o, "%s{\"specialty_id\":%lld,\"code\":", i ? "," : "",
                 (long long)sp[i].id);
        jsonw_str(o, sp[i].code);
        buf_addf(o,
                 ",\"trainees\":%d,\"late_trainees\":%d,\"late_weeks\":%lld,"
                 "\"unplaced\":%d}",
                 sp[i].trainees, sp[i].late_trainees,
                 (long long)sp[i].late_weeks, sp[i].unplaced);
    }
    buf_adds(o, "],\"bottlenecks\":[");
    for (int i = 0; i < r->nbottlenecks && i < 10; i++) {
        const struct solver_bottleneck *b = &r->bottlenecks[i];
        char a[WEEK_STR_MAX], e[WEEK_STR_MAX];
        week_format(hs + b->from, a);
        week_format(hs + b->to - 1, e);
        buf_addf(o, "%s{\"unit_id\":%lld,\"unit\":", i ? "," : "",
                 (long long)sc_db_id(p->units[b->unit].id, 'u'));
        jsonw_str(o, p->units[b->unit].name);
        buf_addf(o, ",\"from_week\":\"%s\",\"to_week\":\"%s\",\"gain\":%lld}",
                 a, e, (long long)b->gain);
    }
    buf_adds(o, "]}");
    free(use);
    free(sp);
    free(match);
}

struct sc_tick {
    void (*tick)(const char *phase, double seconds, void *ctx);
    void *ctx;
    double last;
};

static void sc_progress(const struct solver_progress *pr, void *arg)
{
    struct sc_tick *t = arg;
    if (t->tick &&
        (pr->seconds - t->last >= 0.5 || strcmp(pr->phase, "done") == 0)) {
        t->last = pr->seconds;
        t->tick(pr->phase, pr->seconds, t->ctx);
    }
}

int plan_scenario_solve(const struct plan_rows *rows, int hs, int time_limit,
                        void (*tick)(const char *phase, double seconds,
                                     void *ctx),
                        void *ctx, struct buf *out, int64_t *score,
                        struct err_info *ei)
{
    struct buf text = BUF_INIT(0), left = BUF_INIT(0);
    struct plan_built info;
    plan_problem_write(rows, hs, &text, &left, &info);
    struct solver_problem *p = NULL;
    int rc = solver_problem_load(text.data, text.len, &p, ei);
    if (rc) {
        char msg[ERR_MSG_MAX];
        snprintf(msg, sizeof(msg), "%s", ei->msg);
        rc = err_set(ei, ERR_DB, "", "the problem built is invalid: %.200s",
                     msg);
    }
    struct solver_options o = {.method = SOLVER_OPTIMISE,
                               .time_limit = (double)time_limit,
                               .seed = 1,
                               .threads = 1,
                               .warm = NULL};
    struct solver_result r;
    struct sc_tick t = {tick, ctx, -1.0};
    if (rc == 0)
        rc = solver_solve(p, &o, sc_progress, &t, NULL, &r, ei);
    if (rc == 0) {
        sc_summary(rows, p, &r, hs, out);
        /* The needs no unit can take count as unplaced too. */
        *score = r.score;
        solver_result_free(&r);
    }
    solver_problem_free(p);
    buf_release(&text);
    buf_release(&left);
    return rc;
}

/* ---- the job ---- */

struct sc_run {
    struct store *s;
    int64_t id;
    const char *variant;
};

static void sc_run_tick(const char *phase, double seconds, void *arg)
{
    struct sc_run *x = arg;
    char ph[64];
    snprintf(ph, sizeof(ph), "%s: %s", x->variant, phase);
    struct err_info ei = {0};
    store_scenario_progress(x->s, x->id, ph, seconds, &ei);
}

int plan_scenario_run(struct store *s, int64_t id, int start_week,
                      struct err_info *ei)
{
    struct scenario sc;
    struct buf changes_text = BUF_INIT(0), base = BUF_INIT(0),
               scen = BUF_INIT(0);
    struct plan_rows rows;
    int have_rows = 0;
    json_t *changes = NULL;
    int64_t base_score = 0, score = 0;
    int rc = store_scenario_get(s, id, &sc, ei);
    if (rc == 0)
        rc = store_scenario_changes(s, id, &changes_text, ei);
    if (rc == 0 && !(changes = json_loads(changes_text.data, 0, NULL)))
        rc =
            err_set(ei, ERR_DB, "", "scenario %lld: its changes are unreadable",
                    (long long)id);
    struct plan_scope scope = {sc.region_id, sc.specialty_id, start_week, 0};
    if (rc == 0 && (rc = store_plan_rows(s, &scope, &rows, ei)) == 0)
        have_rows = 1;
    struct sc_run x = {s, id, "baseline"};
    if (rc == 0)
        rc = plan_scenario_solve(&rows, start_week, sc.time_limit, sc_run_tick,
                                 &x, &base, &base_score, ei);
    if (rc == 0)
        rc = plan_scenario_apply(&rows, changes, start_week, ei);
    x.variant = "scenario";
    if (rc == 0)
        rc = plan_scenario_solve(&rows, start_week, sc.time_limit, sc_run_tick,
                                 &x, &scen, &score, ei);
    if (rc == 0) {
        rc = store_scenario_finish(s, id, NULL, base_score, base.data, score,
                                   scen.data, ei);
    } else if (rc != ERR_NOTFOUND || have_rows) {
        struct err_info e2 = {0};
        store_scenario_finish(s, id, ei->msg, 0, NULL, 0, NULL, &e2);
    }
    if (have_rows)
        store_plan_rows_release(&rows);
    json_decref(changes);
    buf_release(&changes_text);
    buf_release(&base);
    buf_release(&scen);
    return rc;
}

int plan_scenario_work(struct store *s, int start_week)
{
    struct scenario sc;
    struct err_info ei = {0};
    if (store_scenario_claim(s, &sc, &ei) != 0)
        return 0;
    plan_scenario_run(s, sc.id, start_week, &ei);
    return 1;
}
