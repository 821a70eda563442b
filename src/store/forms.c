/*
 * Forms of rotation's storage (forms.h, migration 016): unit rules, form
 * capacity and its groups, and the checks booking makes against them.
 */
#include "store/forms.h"

#include "domain/week.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- unit rules ---- */

int store_unit_rule_get(struct store *s, int64_t unit_id, struct unit_rule *out,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    memset(out, 0, sizeof(*out));
    out->unit_id = unit_id;
    int rc = store__query(s, &st, ei,
                          "SELECT coalesce(min_weeks, 0), "
                          "coalesce(max_weeks, 0), coalesce(max_trainees, 0) "
                          "FROM unit_rule WHERE unit_id = ?",
                          "l", unit_id);
    int step = rc == 0 ? store__step(st) : STORE_DONE;
    if (rc == 0 && step == STORE_ROW) {
        out->min_weeks = store__col_int(st, 0);
        out->max_weeks = store__col_int(st, 1);
        out->max_trainees = store__col_int(st, 2);
    } else if (rc == 0 && step != STORE_DONE) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

static json_t *unit_rule_json(const struct unit_rule *r)
{
    return json_pack("{s:I, s:i, s:i, s:i}", "unit_id", (json_int_t)r->unit_id,
                     "min_weeks", r->min_weeks, "max_weeks", r->max_weeks,
                     "max_trainees", r->max_trainees);
}

/* Checks r's fields; node: the unit is a training node. */
static int unit_rule_check(const struct unit_rule *r, int node,
                           struct err_info *ei)
{
    int lo = node ? FORM_NODE_WEEKS_MIN : 1;
    int hi = node ? FORM_NODE_WEEKS_MAX : 208;
    int rc = 0;
    if (r->min_weeks && (r->min_weeks < lo || r->min_weeks > hi))
        rc =
            err_set(ei, ERR_INVAL, "min_weeks", "min_weeks: must be %d to %d%s",
                    lo, hi, node ? " at a training node (1 to 3 months)" : "");
    else if (r->max_weeks && (r->max_weeks < lo || r->max_weeks > hi))
        rc =
            err_set(ei, ERR_INVAL, "max_weeks", "max_weeks: must be %d to %d%s",
                    lo, hi, node ? " at a training node (1 to 3 months)" : "");
    else if (r->min_weeks && r->max_weeks && r->min_weeks > r->max_weeks)
        rc = err_set(ei, ERR_INVAL, "min_weeks",
                     "min_weeks: must not be above max_weeks (%d)",
                     r->max_weeks);
    else if (r->max_trainees &&
             (r->max_trainees < 1 ||
              r->max_trainees > (node ? FORM_NODE_TRAINEES_MAX : 1000)))
        rc = err_set(ei, ERR_INVAL, "max_trainees",
                     "max_trainees: must be 1 to %d%s",
                     node ? FORM_NODE_TRAINEES_MAX : 1000,
                     node ? " at a training node" : "");
    return rc;
}

int store_unit_rule_set(struct store *s, const struct unit_rule *r,
                        struct err_info *ei)
{
    if (r->min_weeks < 0 || r->max_weeks < 0 || r->max_trainees < 0)
        return err_set(ei, ERR_INVAL,
                       r->min_weeks < 0   ? "min_weeks"
                       : r->max_weeks < 0 ? "max_weeks"
                                          : "max_trainees",
                       "a rule is a positive number, or 0 for none");
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct unit u;
    struct unit_rule before;
    if (store_unit_get(s, r->unit_id, &u, ei) != 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "unit %lld does not exist",
                     (long long)r->unit_id);
    if (rc == 0)
        rc = unit_rule_check(r, u.kind == UNIT_TRAINING_NODE, ei);
    if (rc == 0)
        rc = store_unit_rule_get(s, r->unit_id, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM unit_rule WHERE unit_id = ?",
                         "l", r->unit_id);
    if (rc == 0 && (r->min_weeks || r->max_weeks || r->max_trainees))
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO unit_rule (unit_id, min_weeks, "
                         "max_weeks, max_trainees) VALUES (?, ?, ?, ?)",
                         "looo", r->unit_id,
                         r->min_weeks ? r->min_weeks : STORE_NONE,
                         r->max_weeks ? r->max_weeks : STORE_NONE,
                         r->max_trainees ? r->max_trainees : STORE_NONE);
    if (rc == 0)
        rc = store__audit(s, "unit_rule", "update", r->unit_id,
                          unit_rule_json(&before), unit_rule_json(r), ei);
    return store__write_end(s, rc);
}

/* ---- forms ---- */

#define FORM_COLUMNS                                                           \
    "f.id, f.unit_id, f.kind, f.from_week, f.to_week, f.groups, f.size, "      \
    "f.needed, f.note "

static void form_read(struct store_stmt *st, struct rotation_form *out)
{
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->unit_id = store__col_int64(st, 1);
    enum form_kind k = FORM_GAFFEL;
    form_kind_parse(store__col_text(st, 2), &k);
    out->kind = k;
    out->from_week = store__col_int(st, 3);
    out->to_week = store__col_int(st, 4);
    out->groups = store__col_int(st, 5);
    out->size = store__col_int(st, 6);
    out->needed = store__col_int(st, 7);
    store__column_text(st, 8, out->note, sizeof(out->note));
}

static json_t *form_json(const struct rotation_form *f)
{
    return json_pack("{s:I, s:I, s:s, s:i, s:i, s:i, s:i, s:i, s:s}", "id",
                     (json_int_t)f->id, "unit_id", (json_int_t)f->unit_id,
                     "kind", form_kind_name(f->kind), "from_week", f->from_week,
                     "to_week", f->to_week, "groups", f->groups, "size",
                     f->size, "needed", f->needed, "note", f->note);
}

int store_form_insert(struct store *s, struct rotation_form *f,
                      struct err_info *ei)
{
    int rc = form_kind_name(f->kind)
                 ? 0
                 : err_set(ei, ERR_INVAL, "kind",
                           "kind: must be gaffel, tandem or st_clinic");
    if (rc == 0)
        rc = store__check_range(ei, "from_week", f->from_week, WEEK_MIN,
                                WEEK_MAX);
    if (rc == 0)
        rc = store__check_range(ei, "to_week", f->to_week, f->from_week + 1,
                                WEEK_MAX + 1);
    if (rc == 0)
        rc = store__check_range(ei, "groups", f->groups, 1, 100);
    if (rc == 0)
        rc = form_check_group(f->kind, f->size, f->needed, ei);
    if (rc == 0)
        rc = store__check_text(ei, "note", f->note, 0, sizeof(f->note));
    if (rc == 0)
        rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    rc = store__exec(s, ei, &f->id,
                     "INSERT INTO rotation_form (unit_id, kind, from_week, "
                     "to_week, groups, size, needed, note) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     "ltiiiiit", f->unit_id, form_kind_name(f->kind),
                     f->from_week, f->to_week, f->groups, f->size, f->needed,
                     f->note);
    rc = store__name_failure(ei, rc, NULL, "unit_id");
    if (rc == 0)
        rc = store__audit(s, "rotation_form", "insert", f->id, NULL,
                          form_json(f), ei);
    return store__write_end(s, rc);
}

int store_form_get(struct store *s, int64_t id, struct rotation_form *out,
                   struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT " FORM_COLUMNS "FROM rotation_form f WHERE f.id = ?", "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "form", id)) == 0)
        form_read(st, out);
    store__finalize(st);
    return rc;
}

/* The bookings that hold a place in a form's or a group's groups. */
#define FORM_HOLDING                                                           \
    "FROM booking_form bf JOIN booking b ON b.id = bf.booking_id "             \
    "JOIN form_group g ON g.id = bf.group_id "                                 \
    "WHERE b.status IN ('requested', 'confirmed', 'completed') "

int store_form_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct rotation_form before;
    int64_t n = 0;
    rc = store_form_get(s, id, &before, ei);
    if (rc == 0)
        rc = store__count(s, ei, &n,
                          "SELECT count(*) " FORM_HOLDING "AND g.form_id = ?",
                          "l", id);
    if (rc == 0 && n > 0)
        rc = err_set(ei, ERR_CONFLICT, "id",
                     "%lld bookings hold places in this form's groups: "
                     "cancel or move them first",
                     (long long)n);
    /* The groups of bookings that ended keep their history: their links
     * go with them. */
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM booking_form WHERE group_id IN "
                         "(SELECT id FROM form_group WHERE form_id = ?)",
                         "l", id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM rotation_form WHERE id = ?",
                         "l", id);
    if (rc == 0)
        rc = store__audit(s, "rotation_form", "delete", id, form_json(&before),
                          NULL, ei);
    return store__write_end(s, rc);
}

static int form_list_row(struct store_stmt *st, const struct store__list *l)
{
    struct rotation_form f;
    form_read(st, &f);
    return l->each.form(&f, l->arg);
}

#define FORM_WHERE                                                             \
    "FROM rotation_form f JOIN unit u ON u.id = f.unit_id "                    \
    "WHERE (?1 = 0 OR u.region_id = ?1) AND (?2 = 0 OR f.unit_id = ?2) "       \
    "AND (?3 = 0 OR u.specialty_id = ?3) "                                     \
    "AND (?4 IS NULL OR f.to_week > ?4) AND (?5 IS NULL OR f.from_week < ?5) "

int store_form_list(struct store *s, const struct form_filter *f, int limit,
                    int offset,
                    int (*each)(const struct rotation_form *, void *),
                    void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, form_list_row, {.form = each}, arg,
    };
    return store__list_page(s, &l, ei, "SELECT count(*) " FORM_WHERE,
                            "SELECT " FORM_COLUMNS FORM_WHERE
                            "ORDER BY f.unit_id, f.from_week, f.id "
                            "LIMIT ?6 OFFSET ?7",
                            "llloo", f->region_id, f->unit_id, f->specialty_id,
                            f->from_week, f->to_week);
}

int store_form_groups(struct store *s, int64_t form_id,
                      int (*each)(const struct form_group_row *, void *),
                      void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT g.id, g.start_week, g.end_week, g.pattern, count(*), "
        "sum(CASE WHEN b.status IN ('confirmed', 'completed') THEN 1 "
        "ELSE 0 END) " FORM_HOLDING "AND g.form_id = ? "
        "GROUP BY g.id, g.start_week, g.end_week, g.pattern "
        "ORDER BY g.start_week, g.id",
        "l", form_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct form_group_row g;
        enum pattern p = PATTERN_FULL;
        g.id = store__col_int64(st, 0);
        g.start_week = store__col_int(st, 1);
        g.end_week = store__col_int(st, 2);
        pattern_parse(store__col_text(st, 3), &p);
        g.pattern = p;
        g.members = store__col_int(st, 4);
        g.confirmed = store__col_int(st, 5);
        rc = each(&g, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* ---- booking's checks ---- */

/* Most trainees at unit_id at once in [from, to): each booking counts as
 * one trainee in the weeks it spans, whatever its pattern. */
static int form_most_trainees(struct store *s, int64_t unit_id, int from,
                              int to, int *most, int *at, struct err_info *ei)
{
    int n = to - from;
    int *count = xcalloc((size_t)n, sizeof(*count));
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT start_week, end_week FROM booking "
                          "WHERE unit_id = ? AND end_week > ? "
                          "AND start_week < ? AND status IN ('requested', "
                          "'confirmed', 'completed')",
                          "lii", unit_id, from, to);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        int a = store__col_int(st, 0), e = store__col_int(st, 1);
        for (int w = a > from ? a : from; w < e && w < to; w++)
            count[w - from]++;
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    *most = 0;
    *at = from;
    for (int k = 0; k < n; k++)
        if (count[k] > *most) {
            *most = count[k];
            *at = from + k;
        }
    free(count);
    return rc;
}

int store__form_check_rules(struct store *s, const struct booking *b,
                            const struct unit *u, struct err_info *ei)
{
    int rc = form_check_pattern(b->pattern, b->weeks, ei);
    if (rc)
        return rc;
    struct unit_rule own;
    if ((rc = store_unit_rule_get(s, u->id, &own, ei)) != 0)
        return rc;
    struct form_rules r = {own.min_weeks, own.max_weeks, own.max_trainees}, eff;
    form_rules_effective(&r, u->kind == UNIT_TRAINING_NODE, &eff);
    if ((rc = form_check_length(&eff, b->end_week - b->start_week, u->name,
                                ei)) != 0)
        return rc;
    if (!eff.max_trainees)
        return 0;
    int most = 0, at = 0;
    rc = form_most_trainees(s, u->id, b->start_week, b->end_week, &most, &at,
                            ei);
    if (rc == 0 && most + 1 > eff.max_trainees) {
        char w[WEEK_STR_MAX];
        week_format(at, w);
        rc = err_set(ei, ERR_CONFLICT, "start_week",
                     "start_week: %s takes at most %d trainees at once and "
                     "has %d in week %s",
                     u->name, eff.max_trainees, most, w);
    }
    return rc;
}

/* Collects a form's live groups for form_group_pick(). */
struct form_groups_acc {
    struct form_group_use *use;
    int64_t *ids;
    int n, cap;
};

static int form_groups_add(const struct form_group_row *g, void *arg)
{
    struct form_groups_acc *a = arg;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->use = xrealloc(a->use, (size_t)a->cap * sizeof(*a->use));
        a->ids = xrealloc(a->ids, (size_t)a->cap * sizeof(*a->ids));
    }
    a->use[a->n].start_week = g->start_week;
    a->use[a->n].end_week = g->end_week;
    a->use[a->n].pattern = g->pattern;
    a->use[a->n].members = g->members;
    a->ids[a->n++] = g->id;
    return 0;
}

int store__form_place(struct store *s, const struct booking *b, int64_t form_id,
                      int64_t *group_id, struct err_info *ei)
{
    struct rotation_form f;
    if (store_form_get(s, form_id, &f, ei) != 0)
        return err_set(ei, ERR_INVAL, "form_id", "form_id: no form %lld",
                       (long long)form_id);
    if (f.unit_id != b->unit_id)
        return err_set(ei, ERR_INVAL, "form_id",
                       "form_id: form %lld is at another unit",
                       (long long)form_id);
    char wa[WEEK_STR_MAX], wb[WEEK_STR_MAX];
    if (b->start_week < f.from_week || b->end_week > f.to_week) {
        week_format(f.from_week, wa);
        week_format(f.to_week - 1, wb);
        return err_set(ei, ERR_INVAL, "form_id",
                       "form_id: the %s form runs weeks %s to %s; the "
                       "placement must lie within them",
                       form_kind_name(f.kind), wa, wb);
    }
    struct form_groups_acc a = {0};
    int rc = store_form_groups(s, form_id, form_groups_add, &a, ei);
    int pick = rc == 0 ? form_group_pick(a.use, a.n, b->start_week, b->end_week,
                                         b->pattern, f.groups, f.size)
                       : -1;
    if (rc == 0 && pick < 0)
        rc = err_set(ei, ERR_CONFLICT, "form_id",
                     "form_id: all %d %s groups are in use in these weeks, "
                     "and none has these weeks with a free place: join a "
                     "group with its exact weeks",
                     f.groups, form_kind_name(f.kind));
    if (rc == 0 && pick < a.n)
        *group_id = a.ids[pick];
    else if (rc == 0)
        rc = store__exec(s, ei, group_id,
                         "INSERT INTO form_group (form_id, start_week, "
                         "end_week, pattern) VALUES (?, ?, ?, ?) RETURNING id",
                         "liit", form_id, b->start_week, b->end_week,
                         pattern_name(b->pattern));
    free(a.use);
    free(a.ids);
    return rc;
}

int store__form_join(struct store *s, int64_t booking_id, int64_t group_id,
                     struct err_info *ei)
{
    return store__exec(s, ei, NULL,
                       "INSERT INTO booking_form (booking_id, group_id) "
                       "VALUES (?, ?)",
                       "ll", booking_id, group_id);
}

int store__form_confirm_check(struct store *s, int64_t id, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei,
        "SELECT f.kind, f.needed, (SELECT count(*) FROM booking_form bf2 "
        "JOIN booking b2 ON b2.id = bf2.booking_id "
        "WHERE bf2.group_id = bf.group_id AND b2.status IN ('requested', "
        "'confirmed', 'completed')) "
        "FROM booking_form bf JOIN form_group g ON g.id = bf.group_id "
        "JOIN rotation_form f ON f.id = g.form_id WHERE bf.booking_id = ?",
        "l", id);
    int step = rc == 0 ? store__step(st) : STORE_DONE;
    if (rc == 0 && step == STORE_ROW) {
        int needed = store__col_int(st, 1), members = store__col_int(st, 2);
        if (members < needed)
            rc = err_set(ei, ERR_CONFLICT, "status",
                         "status: the %s group has %d of the %d trainees it "
                         "needs at once; confirm it when it is complete",
                         store__col_text(st, 0), members, needed);
    } else if (rc == 0 && step != STORE_DONE) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}
