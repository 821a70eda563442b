/*
 * Agreements' storage and the costs of bookings under them (agreements.h,
 * migration 016).
 */
#include "store/agreements.h"

#include "domain/week.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define AGREEMENT_COLUMNS                                                      \
    "id, region_id, home_unit_id, host_unit_id, host_provider_id, "            \
    "from_date, to_date, model, amount_ore, procedures_per_week, "             \
    "salary_payer, backpack_ore, duties "

static void agreement_read(struct store_stmt *st, struct agreement *out)
{
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->region_id = store__col_int64(st, 1);
    out->home_unit_id = store__column_id(st, 2);
    out->host_unit_id = store__column_id(st, 3);
    out->host_provider_id = store__column_id(st, 4);
    store__column_text(st, 5, out->from_date, sizeof(out->from_date));
    store__column_text(st, 6, out->to_date, sizeof(out->to_date));
    enum cost_model m = COST_NONE;
    cost_model_parse(store__col_text(st, 7), &m);
    out->terms.model = m;
    out->terms.amount_ore = store__col_int64(st, 8);
    out->terms.procedures_per_week = store__col_int(st, 9);
    enum cost_payer p = COST_PAYER_HOME;
    cost_payer_parse(store__col_text(st, 10), &p);
    out->salary_payer = p;
    out->terms.backpack_ore = store__col_int64(st, 11);
    store__column_text(st, 12, out->duties, sizeof(out->duties));
}

static json_t *agreement_json(const struct agreement *a)
{
    return json_pack(
        "{s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:I, s:i, s:s, s:I, s:s}",
        "id", (json_int_t)a->id, "region_id", (json_int_t)a->region_id,
        "home_unit_id", (json_int_t)a->home_unit_id, "host_unit_id",
        (json_int_t)a->host_unit_id, "host_provider_id",
        (json_int_t)a->host_provider_id, "from_date", a->from_date, "to_date",
        a->to_date, "model", cost_model_name(a->terms.model), "amount_ore",
        (json_int_t)a->terms.amount_ore, "procedures_per_week",
        a->terms.procedures_per_week, "salary_payer",
        cost_payer_name(a->salary_payer), "backpack_ore",
        (json_int_t)a->terms.backpack_ore, "duties", a->duties);
}

static int agreement_check(const struct agreement *a, struct err_info *ei)
{
    int rc = store__check_date(ei, "from_date", a->from_date);
    if (rc == 0)
        rc = store__check_date(ei, "to_date", a->to_date);
    if (rc == 0 && strcmp(a->to_date, a->from_date) < 0)
        rc = err_set(ei, ERR_INVAL, "to_date",
                     "to_date: must be from_date or later");
    if (rc == 0 && !cost_model_name(a->terms.model))
        rc = err_set(ei, ERR_INVAL, "model",
                     "model: must be none, per_day, per_week, per_month or "
                     "per_procedure");
    if (rc == 0 &&
        (a->terms.amount_ore < 0 || a->terms.amount_ore > 100000000000LL))
        rc = err_set(ei, ERR_INVAL, "amount",
                     "amount: must be 0 to 1 000 000 000 kronor");
    if (rc == 0 && a->terms.model != COST_NONE && a->terms.amount_ore == 0)
        rc = err_set(ei, ERR_INVAL, "amount",
                     "amount: a %s agreement needs an amount above 0",
                     cost_model_name(a->terms.model));
    if (rc == 0 && a->terms.model == COST_PER_PROCEDURE &&
        (a->terms.procedures_per_week < 1 ||
         a->terms.procedures_per_week > 1000))
        rc = err_set(ei, ERR_INVAL, "procedures_per_week",
                     "procedures_per_week: a per_procedure agreement needs "
                     "1 to 1000 procedures a week");
    if (rc == 0 &&
        (a->terms.backpack_ore < 0 || a->terms.backpack_ore > 100000000000LL))
        rc = err_set(ei, ERR_INVAL, "backpack",
                     "backpack: must be 0 to 1 000 000 000 kronor a week");
    if (rc == 0 && !cost_payer_name(a->salary_payer))
        rc = err_set(ei, ERR_INVAL, "salary_payer",
                     "salary_payer: must be home, host or region");
    if (rc == 0 && !a->host_unit_id == !a->host_provider_id)
        rc = err_set(ei, ERR_INVAL, "host_unit_id",
                     "host_unit_id: give exactly one of host_unit_id and "
                     "host_provider_id");
    if (rc == 0)
        rc = store__check_text(ei, "duties", a->duties, 0, sizeof(a->duties));
    return rc;
}

int store_agreement_insert(struct store *s, struct agreement *a,
                           struct err_info *ei)
{
    int rc = agreement_check(a, ei);
    if (rc == 0)
        rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t n = 1;
    if (a->home_unit_id)
        rc = store__count(s, ei, &n,
                          "SELECT count(*) FROM unit WHERE id = ? AND "
                          "region_id = ?",
                          "ll", a->home_unit_id, a->region_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_INVAL, "home_unit_id",
                     "home_unit_id: no unit %lld in region %lld",
                     (long long)a->home_unit_id, (long long)a->region_id);
    if (rc == 0)
        rc = store__exec(
            s, ei, &a->id,
            "INSERT INTO agreement (region_id, home_unit_id, host_unit_id, "
            "host_provider_id, from_date, to_date, model, amount_ore, "
            "procedures_per_week, salary_payer, backpack_ore, duties) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "lddd"
            "ttt"
            "li"
            "tl"
            "t",
            a->region_id, a->home_unit_id, a->host_unit_id, a->host_provider_id,
            a->from_date, a->to_date, cost_model_name(a->terms.model),
            a->terms.amount_ore, a->terms.procedures_per_week,
            cost_payer_name(a->salary_payer), a->terms.backpack_ore, a->duties);
    if (rc)
        rc = store__name_failure(ei, rc, NULL,
                                 "region_id, host_unit_id or "
                                 "host_provider_id");
    if (rc == 0)
        rc = store__audit(s, "agreement", "insert", a->id, NULL,
                          agreement_json(a), ei);
    return store__write_end(s, rc);
}

int store_agreement_get(struct store *s, int64_t id, struct agreement *out,
                        struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(
        s, &st, ei, "SELECT " AGREEMENT_COLUMNS "FROM agreement WHERE id = ?",
        "l", id);
    if (rc == 0 && (rc = store__step_one(s, st, ei, "agreement", id)) == 0)
        agreement_read(st, out);
    store__finalize(st);
    return rc;
}

int store_agreement_delete(struct store *s, int64_t id, struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct agreement *before = xmalloc(sizeof(*before));
    rc = store_agreement_get(s, id, before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL, "DELETE FROM agreement WHERE id = ?", "l",
                         id);
    if (rc == 0)
        rc = store__audit(s, "agreement", "delete", id, agreement_json(before),
                          NULL, ei);
    free(before);
    return store__write_end(s, rc);
}

static int agreement_row(struct store_stmt *st, const struct store__list *l)
{
    struct agreement *a = xmalloc(sizeof(*a));
    agreement_read(st, a);
    int rc = l->each.agreement(a, l->arg);
    free(a);
    return rc;
}

#define AGREEMENT_WHERE                                                        \
    "FROM agreement WHERE (?1 = 0 OR region_id = ?1) "                         \
    "AND (?2 = 0 OR home_unit_id = ?2 "                                        \
    "OR host_unit_id = ?2) "

int store_agreement_list(struct store *s, int64_t region_id, int64_t unit_id,
                         int limit, int offset,
                         int (*each)(const struct agreement *, void *),
                         void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, agreement_row, {.agreement = each}, arg,
    };
    return store__list_page(s, &l, ei, "SELECT count(*) " AGREEMENT_WHERE,
                            "SELECT " AGREEMENT_COLUMNS AGREEMENT_WHERE
                            "ORDER BY from_date, id LIMIT ?3 OFFSET ?4",
                            "ll", region_id, unit_id);
}

/* A region's agreements for matching: terms beside cost_agreement. */
struct costs_acc {
    struct cost_agreement *match;
    struct agreement *full;
    int n, cap;
};

static int costs_add(const struct agreement *a, void *arg)
{
    struct costs_acc *c = arg;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->match = xrealloc(c->match, (size_t)c->cap * sizeof(*c->match));
        c->full = xrealloc(c->full, (size_t)c->cap * sizeof(*c->full));
    }
    struct date f = {0}, t = {0};
    date_parse(a->from_date, &f);
    date_parse(a->to_date, &t);
    c->match[c->n].home_unit_id = a->home_unit_id;
    c->match[c->n].host_unit_id = a->host_unit_id;
    c->match[c->n].host_provider_id = a->host_provider_id;
    c->match[c->n].from_day = (int)date_to_days(f);
    c->match[c->n].to_day = (int)date_to_days(t);
    c->full[c->n++] = *a;
    return 0;
}

int store_costs(struct store *s, int64_t region_id, int64_t home_unit_id,
                int from_year, int to_year,
                int (*each)(const struct cost_row *, void *), void *arg,
                struct err_info *ei)
{
    struct costs_acc acc = {0};
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    rc =
        store_agreement_list(s, region_id, 0, -1, 0, costs_add, &acc, NULL, ei);
    int wa = 0, wb = 0;
    week_from_iso(from_year, 1, &wa);
    week_from_iso(to_year + 1, 1, &wb);
    struct store_stmt *st = NULL;
    if (rc == 0)
        rc = store__query(
            s, &st, ei,
            "SELECT b.id, t.home_unit_id, b.unit_id, u.provider_id, p.kind, "
            "b.start_week, b.end_week, b.weeks "
            "FROM booking b JOIN trainee t ON t.id = b.trainee_id "
            "JOIN unit h ON h.id = t.home_unit_id "
            "JOIN unit u ON u.id = b.unit_id "
            "JOIN provider p ON p.id = u.provider_id "
            "WHERE (?1 = 0 OR h.region_id = ?1) "
            "AND (?2 = 0 OR t.home_unit_id = ?2) "
            "AND b.status IN ('requested', 'confirmed', 'completed') "
            "AND b.start_week >= ?3 AND b.start_week < ?4 "
            "ORDER BY b.start_week, b.id",
            "llii", region_id, home_unit_id, wa, wb);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct cost_row r = {0};
        int kind = 0;
        r.booking_id = store__col_int64(st, 0);
        r.home_unit_id = store__col_int64(st, 1);
        r.unit_id = store__col_int64(st, 2);
        int64_t provider = store__col_int64(st, 3);
        vocab_parse(&vocab_provider_kind, store__col_text(st, 4), &kind);
        r.provider_kind = kind;
        int a = store__col_int(st, 5), b = store__col_int(st, 6);
        r.weeks = store__col_int(st, 7);
        r.span_weeks = b - a;
        int wk;
        week_to_iso(a, &r.year, &wk);
        int day = (int)date_to_days(week_monday(a));
        int i = cost_agreement_match(acc.match, acc.n, r.home_unit_id,
                                     r.unit_id, provider, day);
        if (i >= 0) {
            struct cost_placement pl = {r.weeks, r.span_weeks};
            r.agreement_id = acc.full[i].id;
            r.salary_payer = acc.full[i].salary_payer;
            if (cost_placement(&acc.full[i].terms, &pl, &r.cost_ore) != 0)
                rc =
                    err_set(ei, ERR_INVAL, "amount",
                            "amount: agreement %lld gives booking %lld a "
                            "cost too large to sum",
                            (long long)r.agreement_id, (long long)r.booking_id);
        }
        if (rc == 0)
            rc = each(&r, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    store__read_end(s);
    free(acc.match);
    free(acc.full);
    return rc;
}
