/*
 * The rows a planning problem is built from (plans.h): the region's units
 * with their goals, the scope's trainees with their needs and leaves, the
 * bookings that hold seats, and the capacity, read in one snapshot. What
 * goes into the problem is decided above the store (src/plan/).
 */
#include "store/store_impl.h"

#include "domain/week.h"
#include "util/buf.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The trainees of the scope: active, home in the region, an open need. */
#define PR_SCOPE                                                               \
    "WITH scope(id) AS (SELECT t.id FROM trainee t "                           \
    "JOIN unit h ON h.id = t.home_unit_id "                                    \
    "WHERE t.status = 'active' AND h.region_id = ?1 AND EXISTS ("              \
    "SELECT 1 FROM rotation_need n WHERE n.trainee_id = t.id "                 \
    "AND n.status = 'open' AND " PR_NEED_SCOPE " AND " PR_NEED_FITS ")) "

/* A need of the scope's specialty ?2 (0: any): its own or a unit's. */
#define PR_NEED_SCOPE                                                          \
    "(?2 = 0 OR n.specialty_id = ?2 OR EXISTS (SELECT 1 FROM need_unit nu "    \
    "JOIN unit u ON u.id = nu.unit_id WHERE nu.need_id = n.id "                \
    "AND u.specialty_id = ?2))"

/*
 * A need that could be placed at the scope's unit ?3 (0: any unit): one
 * naming it, or one naming no unit that is of its specialty or whose
 * goals it covers every one of (store__unit_covers()). The trainees of
 * such a need come with every need of theirs: a freed place's candidates
 * (issue 14) are planned whole.
 */
#define PR_NEED_FITS                                                           \
    "(?3 = 0 OR EXISTS (SELECT 1 FROM need_unit fu WHERE fu.need_id = n.id "   \
    "AND fu.unit_id = ?3) OR (NOT EXISTS (SELECT 1 FROM need_unit fu "         \
    "WHERE fu.need_id = n.id) AND (n.specialty_id = (SELECT fx.specialty_id "  \
    "FROM unit fx WHERE fx.id = ?3) OR (EXISTS (SELECT 1 FROM need_goal fg "   \
    "WHERE fg.need_id = n.id) AND NOT EXISTS (SELECT 1 FROM need_goal fg "     \
    "WHERE fg.need_id = n.id AND NOT EXISTS (SELECT 1 FROM unit_goal fc "      \
    "WHERE fc.unit_id = ?3 AND fc.goal_id = fg.goal_id))))))"

struct pr {
    struct store *s;
    struct plan_rows *out;
    struct err_info *ei;
};

/* Runs sql (bound with types and the arguments) and passes each row on. */
static int pr_rows(struct pr *r, int (*row)(struct pr *, struct store_stmt *),
                   const char *sql, const char *types, ...)
{
    struct store_stmt *st = NULL;
    int rc = store__prepare(r->s, sql, &st, r->ei);
    if (rc)
        return rc;
    va_list ap;
    va_start(ap, types);
    int brc = store__bindv(st, types, ap);
    va_end(ap);
    int step = STORE_DONE;
    if (brc != STORE_OK)
        rc = store__db_error(r->s, r->ei);
    while (rc == 0 && (step = store__step(st)) == STORE_ROW)
        rc = row(r, st);
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(r->s, r->ei);
    store__finalize(st);
    return rc;
}

/* The week serial of a "YYYY-MM-DD" date, or STORE_NONE. */
/* A new zeroed row at the end of *arr (n rows of size bytes). */
static void *pr_push(void *arr, int *n, size_t size)
{
    void **a = arr;
    *a = xrealloc(*a, (size_t)(*n + 1) * size);
    void *row = (char *)*a + (size_t)*n * size;
    memset(row, 0, size);
    (*n)++;
    return row;
}

static int pr_week(const char *date)
{
    struct date d;
    return date && date_parse(date, &d) == 0 ? week_from_date(d) : STORE_NONE;
}

static int pr_id_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/*
 * Reads "12,7,40" (group_concat() of ids; NULL for none) into ids, at most
 * STORE_LIST_MAX of them, in ascending order so that the rows are the
 * same whatever order the database concatenated them in.
 */
static int pr_id_list(const char *text, int64_t *ids)
{
    int n = 0;
    for (const char *p = text; p && *p && n < STORE_LIST_MAX;) {
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p)
            break;
        ids[n++] = v;
        p = *end == ',' ? end + 1 : end;
    }
    qsort(ids, (size_t)n, sizeof(*ids), pr_id_cmp);
    return n;
}

static int pr_unit_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_unit *u = pr_push(&o->units, &o->nunits, sizeof(*o->units));
    u->id = store__col_int64(st, 0);
    store__column_text(st, 1, u->name, sizeof(u->name));
    u->specialty_id = store__col_int64(st, 2);
    store__column_text(st, 3, u->specialty_code, sizeof(u->specialty_code));
    u->takes = store__col_int(st, 4);
    u->max_away = store__column_opt(st, 5);
    u->min_weeks = store__col_int(st, 6);
    u->max_weeks = store__col_int(st, 7);
    u->max_trainees = store__col_int(st, 8);
    const char *kind = store__col_text(st, 9);
    u->training_node = kind && strcmp(kind, "training_node") == 0;
    u->provider_id = store__col_int64(st, 10);
    return 0;
}

/* A unit_goal row (unit, goal), onto its unit (both read in id order). */
static int pr_unit_goal_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    int64_t id = store__col_int64(st, 0);
    for (int i = 0; i < o->nunits; i++)
        if (o->units[i].id == id) {
            struct plan_row_unit *u = &o->units[i];
            if (u->ngoals < STORE_LIST_MAX)
                u->goals[u->ngoals++] = store__col_int64(st, 1);
            break;
        }
    return 0;
}

/* The trainee's leaves, "from to,from to": the weeks of their days. */
static void pr_leaves(struct plan_row_trainee *t, const char *text)
{
    size_t cap = 0;
    for (const char *p = text; p && *p;) {
        char from[STORE_DATE_MAX] = "", to[STORE_DATE_MAX] = "";
        size_t len = strcspn(p, ",");
        if (len == 21 && p[10] == ' ') {
            memcpy(from, p, 10);
            memcpy(to, p + 11, 10);
            int a = pr_week(from), e = pr_week(to);
            if (a != STORE_NONE && e != STORE_NONE) {
                xgrow((void **)&t->leaves, &cap, (size_t)t->nleaves + 1,
                      sizeof(*t->leaves));
                t->leaves[t->nleaves++] = (struct plan_row_span){a, e + 1};
            }
        }
        p += len;
        p += *p == ',';
    }
}

/* The trainee of a need row (columns 1 and 10..14: id, home unit, fte,
 * start, planned end, leaves), appended when the row is its first. */
static void pr_trainee_add(struct plan_rows *o, struct store_stmt *st)
{
    int64_t id = store__col_int64(st, 1);
    if (o->ntrainees > 0 && o->trainees[o->ntrainees - 1].id == id)
        return;
    struct plan_row_trainee *t =
        pr_push(&o->trainees, &o->ntrainees, sizeof(*o->trainees));
    t->id = id;
    t->home_unit_id = store__col_int64(st, 10);
    t->fte = store__col_int(st, 11);
    t->start_week = pr_week(store__col_text(st, 12));
    t->end_week = pr_week(store__col_text(st, 13));
    pr_leaves(t, store__col_text(st, 14));
}

static int pr_need_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_need *n = pr_push(&o->needs, &o->nneeds, sizeof(*o->needs));
    n->id = store__col_int64(st, 0);
    n->trainee_id = store__col_int64(st, 1);
    n->specialty_id = store__column_id(st, 2);
    n->weeks = store__col_int(st, 3);
    n->patterns = (unsigned)store__col_int(st, 4);
    n->preferred_start = store__column_opt(st, 5);
    const char *status = store__col_text(st, 6);
    n->open = status && strcmp(status, "open") == 0;
    store__column_text(st, 7, n->specialty_name, sizeof(n->specialty_name));
    n->nunits = pr_id_list(store__col_text(st, 8), n->units);
    n->ngoals = pr_id_list(store__col_text(st, 9), n->goals);
    pr_trainee_add(o, st);
    return 0;
}

static int pr_booking_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_booking *k =
        pr_push(&o->bookings, &o->nbookings, sizeof(*o->bookings));
    k->id = store__col_int64(st, 0);
    k->trainee_id = store__col_int64(st, 1);
    k->need_id = store__column_id(st, 2);
    k->unit_id = store__col_int64(st, 3);
    k->start_week = store__col_int(st, 4);
    k->end_week = store__col_int(st, 5);
    k->pattern = PATTERN_FULL;
    pattern_parse(store__col_text(st, 6), &k->pattern);
    k->weeks = store__col_int(st, 7);
    k->fte = store__col_int(st, 8);
    k->home_unit_id = store__col_int64(st, 9);
    const char *status = store__col_text(st, 10);
    k->holds = status && (strcmp(status, "requested") == 0 ||
                          strcmp(status, "confirmed") == 0);
    k->group_id = store__column_id(st, 11);
    k->in_form = k->group_id != 0;
    return 0;
}

/*
 * A seat held for another region (issue 17): a booking of no trainee (id
 * the xrequest's, negative, so that it is no booking's), a whole seat in
 * each of its weeks, which the problem takes off its unit's seats.
 */
static int pr_held_row(const struct store_xheld *h, void *arg)
{
    struct plan_rows *o = arg;
    struct plan_row_booking *k =
        pr_push(&o->bookings, &o->nbookings, sizeof(*o->bookings));
    k->id = -h->id;
    k->unit_id = h->unit_id;
    k->start_week = h->start_week;
    k->end_week = h->end_week;
    k->pattern = PATTERN_FULL;
    k->weeks = h->end_week - h->start_week;
    if (k->weeks > PATTERN_WEEKS_MAX)
        k->weeks = PATTERN_WEEKS_MAX; /* a swap's seat: start to end counts */
    k->fte = 100;
    k->holds = 1;
    return 0;
}

static int pr_capacity_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_capacity *c =
        pr_push(&o->capacity, &o->ncapacity, sizeof(*o->capacity));
    c->unit_id = store__col_int64(st, 0);
    c->from_week = store__col_int(st, 1);
    c->to_week = store__col_int(st, 2);
    c->seats = store__col_int(st, 3);
    c->patterns = (unsigned)store__col_int(st, 4);
    return 0;
}

static int pr_form_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_form *f = pr_push(&o->forms, &o->nforms, sizeof(*o->forms));
    f->id = store__col_int64(st, 0);
    f->unit_id = store__col_int64(st, 1);
    f->from_week = store__col_int(st, 2);
    f->to_week = store__col_int(st, 3);
    f->groups = store__col_int(st, 4);
    f->size = store__col_int(st, 5);
    f->needed = store__col_int(st, 6);
    return 0;
}

static int pr_group_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_group *g =
        pr_push(&o->groups, &o->ngroups, sizeof(*o->groups));
    g->id = store__col_int64(st, 0);
    g->form_id = store__col_int64(st, 1);
    g->start_week = store__col_int(st, 2);
    g->end_week = store__col_int(st, 3);
    g->pattern = PATTERN_FULL;
    pattern_parse(store__col_text(st, 4), &g->pattern);
    g->members = store__col_int(st, 5);
    return 0;
}

static int pr_agreement_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_agreement *a =
        pr_push(&o->agreements, &o->nagreements, sizeof(*o->agreements));
    a->match.home_unit_id = store__column_id(st, 0);
    a->match.host_unit_id = store__column_id(st, 1);
    a->match.host_provider_id = store__column_id(st, 2);
    struct date from = {0}, to = {0};
    date_parse(store__col_text(st, 3), &from);
    date_parse(store__col_text(st, 4), &to);
    a->match.from_day = (int)date_to_days(from);
    a->match.to_day = (int)date_to_days(to);
    a->terms.model = COST_NONE;
    cost_model_parse(store__col_text(st, 5), &a->terms.model);
    a->terms.amount_ore = store__col_int64(st, 6);
    a->terms.procedures_per_week = store__col_int(st, 7);
    a->terms.backpack_ore = store__col_int64(st, 8);
    return 0;
}

static int pr_budget_row(struct pr *r, struct store_stmt *st)
{
    struct plan_rows *o = r->out;
    struct plan_row_budget *b =
        pr_push(&o->budgets, &o->nbudgets, sizeof(*o->budgets));
    b->unit_id = store__col_int64(st, 0);
    b->year = store__col_int(st, 1);
    b->amount_ore = store__col_int64(st, 2);
    b->weight = store__column_opt(st, 3);
    if (b->weight == STORE_NONE)
        b->weight = -1;
    return 0;
}

static int pr_read(struct pr *r, const struct plan_scope *scope)
{
    int64_t rg = scope->region_id, sp = scope->specialty_id;
    int64_t un = scope->unit_id;
    int hs = scope->start_week, he = scope->start_week + STORE_PLAN_WEEKS_MAX;
    int rc = pr_rows(r, pr_unit_row,
                     "SELECT u.id, u.name, u.specialty_id, sp.code, "
                     "u.takes_trainees, u.max_away, COALESCE(r.min_weeks, 0), "
                     "COALESCE(r.max_weeks, 0), COALESCE(r.max_trainees, 0), "
                     "u.kind, u.provider_id FROM unit u "
                     "JOIN specialty sp ON sp.id = u.specialty_id "
                     "LEFT JOIN unit_rule r ON r.unit_id = u.id WHERE "
                     "u.region_id = ? ORDER BY u.id",
                     "l", rg);
    if (rc == 0)
        rc = pr_rows(r, pr_need_row,
                     /* The need's units and goals, its trainee and their
                      * leaves come along, so that the scope is worked out
                      * once for them all. */
                     PR_SCOPE "SELECT n.id, n.trainee_id, n.specialty_id, "
                              "n.weeks, n.patterns, n.preferred_start, "
                              "n.status, sp.name_sv, (SELECT group_concat("
                              "CAST(nu.unit_id AS TEXT), ',') FROM need_unit "
                              "nu WHERE nu.need_id = n.id), (SELECT "
                              "group_concat(CAST(ng.goal_id AS TEXT), ',') "
                              "FROM need_goal ng WHERE ng.need_id = n.id), "
                              "t.home_unit_id, t.fte, t.start_date, "
                              "t.planned_end, (SELECT group_concat("
                              "l.from_date || ' ' || l.to_date, ',') FROM "
                              "leave l WHERE l.trainee_id = t.id) "
                              "FROM rotation_need n "
                              "JOIN trainee t ON t.id = n.trainee_id "
                              "LEFT JOIN specialty sp ON sp.id = "
                              "n.specialty_id WHERE n.trainee_id IN (SELECT "
                              "id FROM scope) AND n.status IN ('open', "
                              "'booked') AND " PR_NEED_SCOPE
                              " ORDER BY n.trainee_id, n.id",
                     "lll", rg, sp, un);
    if (rc == 0)
        rc = pr_rows(r, pr_unit_goal_row,
                     "SELECT ug.unit_id, ug.goal_id FROM unit_goal ug "
                     "JOIN unit u ON u.id = ug.unit_id WHERE u.region_id = ? "
                     "ORDER BY ug.unit_id, ug.goal_id",
                     "l", rg);
    /* Bookings that hold seats in the weeks at a unit of the region, or
     * of a trainee whose home unit is there (its limit on trainees away). */
    if (rc == 0)
        rc = pr_rows(r, pr_booking_row,
                     "SELECT b.id, b.trainee_id, b.need_id, b.unit_id, "
                     "b.start_week, b.end_week, b.pattern, b.weeks, t.fte, "
                     "t.home_unit_id, b.status, (SELECT bf.group_id "
                     "FROM booking_form bf WHERE bf.booking_id = b.id) "
                     "FROM booking b "
                     "JOIN trainee t ON t.id = b.trainee_id "
                     "JOIN unit u ON u.id = b.unit_id "
                     "JOIN unit h ON h.id = t.home_unit_id "
                     "WHERE b.status IN ('requested', 'confirmed', "
                     "'completed') AND b.end_week > ?2 AND b.start_week < ?3 "
                     "AND (u.region_id = ?1 OR h.region_id = ?1) "
                     "ORDER BY b.trainee_id, b.start_week, b.id",
                     "lii", rg, hs, he);
    /* Seats held for other regions, after the trainees' bookings. */
    if (rc == 0)
        rc = store__xheld_each(r->s, rg, 0, hs, he, pr_held_row, r->out, r->ei);
    if (rc == 0)
        rc = pr_rows(r, pr_capacity_row,
                     "SELECT c.unit_id, c.from_week, c.to_week, c.seats, "
                     "c.patterns FROM capacity c JOIN unit u ON u.id = "
                     "c.unit_id WHERE u.region_id = ?1 AND c.to_week > ?2 "
                     "AND c.from_week < ?3 ORDER BY c.unit_id, c.from_week",
                     "lii", rg, hs, he);
    /* Forms of rotation and their live groups (docs/forms.md). */
    if (rc == 0)
        rc = pr_rows(r, pr_form_row,
                     "SELECT f.id, f.unit_id, f.from_week, f.to_week, "
                     "f.groups, f.size, f.needed FROM rotation_form f "
                     "JOIN unit u ON u.id = f.unit_id WHERE u.region_id = ?1 "
                     "AND f.to_week > ?2 AND f.from_week < ?3 "
                     "ORDER BY f.unit_id, f.from_week, f.id",
                     "lii", rg, hs, he);
    if (rc == 0)
        rc = pr_rows(r, pr_group_row,
                     "SELECT g.id, g.form_id, g.start_week, g.end_week, "
                     "g.pattern, count(*) FROM form_group g "
                     "JOIN booking_form bf ON bf.group_id = g.id "
                     "JOIN booking b ON b.id = bf.booking_id "
                     "JOIN rotation_form f ON f.id = g.form_id "
                     "JOIN unit u ON u.id = f.unit_id "
                     "WHERE u.region_id = ?1 AND b.status IN ('requested', "
                     "'confirmed', 'completed') AND g.end_week > ?2 "
                     "AND g.start_week < ?3 "
                     "GROUP BY g.id, g.form_id, g.start_week, g.end_week, "
                     "g.pattern ORDER BY g.form_id, g.start_week, g.id",
                     "lii", rg, hs, he);
    /* The region's agreements: what a placement costs its home unit. */
    if (rc == 0)
        rc = pr_rows(r, pr_agreement_row,
                     "SELECT a.home_unit_id, a.host_unit_id, "
                     "a.host_provider_id, a.from_date, a.to_date, a.model, "
                     "a.amount_ore, a.procedures_per_week, a.backpack_ore "
                     "FROM agreement a WHERE a.region_id = ?1 ORDER BY a.id",
                     "l", rg);
    /* The home units' budgets for the years of the weeks read. */
    if (rc == 0) {
        int y0, y1, wk;
        week_to_iso(hs, &y0, &wk);
        week_to_iso(he, &y1, &wk);
        rc = pr_rows(r, pr_budget_row,
                     "SELECT b.unit_id, b.year, b.amount_ore, b.weight "
                     "FROM unit_budget b JOIN unit u ON u.id = b.unit_id "
                     "WHERE u.region_id = ?1 AND b.year BETWEEN ?2 AND ?3 "
                     "ORDER BY b.unit_id, b.year",
                     "lii", rg, y0, y1);
    }
    return rc;
}

int store_plan_rows(struct store *s, const struct plan_scope *scope,
                    struct plan_rows *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    if (scope->start_week < WEEK_MIN || scope->start_week > WEEK_MAX)
        return err_set(ei, ERR_INVAL, "start_week",
                       "start_week: must be a week of 1900 to 2199");
    struct region rg;
    int rc = store_region_get(s, scope->region_id, &rg, ei);
    if (rc == ERR_NOTFOUND)
        return err_set(ei, ERR_NOTFOUND, "region_id",
                       "region_id: no region %lld",
                       (long long)scope->region_id);
    struct specialty sp;
    if (rc == 0 && scope->specialty_id &&
        (rc = store_specialty_get(s, scope->specialty_id, &sp, ei)) ==
            ERR_NOTFOUND)
        return err_set(ei, ERR_NOTFOUND, "specialty_id",
                       "specialty_id: no specialty %lld",
                       (long long)scope->specialty_id);
    if (rc)
        return rc;
    struct pr r = {s, out, ei};
    /* One snapshot for every read, so the rows are never half old. */
    rc = store__read_begin(s, ei);
    if (rc == 0) {
        rc = pr_read(&r, scope);
        store__read_end(s);
    }
    if (rc)
        store_plan_rows_release(out);
    return rc;
}

void store_plan_rows_release(struct plan_rows *r)
{
    for (int i = 0; i < r->ntrainees; i++)
        free(r->trainees[i].leaves);
    free(r->units);
    free(r->trainees);
    free(r->needs);
    free(r->bookings);
    free(r->capacity);
    free(r->forms);
    free(r->groups);
    free(r->agreements);
    free(r->budgets);
    memset(r, 0, sizeof(*r));
}

int store_plan_last(struct store *s, const struct plan_scope *scope,
                    int64_t except_id, struct buf *plan_json, int *start_week,
                    struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT plan_json, horizon_start FROM plan_run WHERE region_id = ?1 "
        "AND COALESCE(specialty_id, 0) = ?2 AND status IN ('done', "
        "'cancelled') AND plan_json IS NOT NULL AND horizon_start IS NOT "
        "NULL AND id <> ?3 ORDER BY id DESC LIMIT 1",
        "lll", scope->region_id, scope->specialty_id, except_id);
    if (rc)
        return rc;
    int step = store__step(st);
    if (step == STORE_ROW) {
        const char *text = store__col_text(st, 0);
        *start_week = store__col_int(st, 1);
        if (buf_adds(plan_json, text ? text : "") != 0)
            rc = err_set(ei, ERR_TOOBIG, "plan_json",
                         "the stored plan is larger than the buffer allows");
    } else if (step == STORE_DONE) {
        rc = err_set(ei, ERR_NOTFOUND, "", "no plan stored for the scope");
    } else {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}
