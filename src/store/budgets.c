/*
 * Home units' budgets per year (budgets.h, migration 019): their storage,
 * written once for SQLite and PostgreSQL.
 */
#include "store/budgets.h"

#include "store/store_impl.h"

#include <jansson.h>
#include <string.h>

#define BUDGET_COLUMNS                                                         \
    "b.unit_id, b.year, b.amount_ore, b.weight, u.region_id, u.name "

static void budget_read(struct store_stmt *st, struct unit_budget *out)
{
    memset(out, 0, sizeof(*out));
    out->unit_id = store__col_int64(st, 0);
    out->year = store__col_int(st, 1);
    out->amount_ore = store__col_int64(st, 2);
    out->weight = store__column_opt(st, 3);
    out->region_id = store__col_int64(st, 4);
    store__column_text(st, 5, out->unit_name, sizeof(out->unit_name));
}

/* The row as the audit log keeps it. */
static json_t *budget_json(const struct unit_budget *b)
{
    return json_pack(
        "{s:I, s:i, s:I, s:o}", "unit_id", (json_int_t)b->unit_id, "year",
        b->year, "amount_ore", (json_int_t)b->amount_ore, "weight",
        b->weight == STORE_NONE ? json_null() : json_integer(b->weight));
}

static int budget_check(const struct unit_budget *b, struct err_info *ei)
{
    if (b->year < BUDGET_YEAR_MIN || b->year > BUDGET_YEAR_MAX)
        return err_set(ei, ERR_INVAL, "year", "year: must be %d to %d",
                       BUDGET_YEAR_MIN, BUDGET_YEAR_MAX);
    if (b->amount_ore < 0 || b->amount_ore > BUDGET_AMOUNT_MAX)
        return err_set(ei, ERR_INVAL, "amount",
                       "amount: must be 0 to 1 000 000 000 kronor");
    if (b->weight != STORE_NONE &&
        (b->weight < 0 || b->weight > BUDGET_WEIGHT_MAX))
        return err_set(ei, ERR_INVAL, "weight",
                       "weight: must be null (a hard limit) or 0 to %d points "
                       "per 1 000 kr over the budget",
                       BUDGET_WEIGHT_MAX);
    return 0;
}

int store_budget_get(struct store *s, int64_t unit_id, int year,
                     struct unit_budget *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " BUDGET_COLUMNS
                          "FROM unit_budget b JOIN unit u ON u.id = b.unit_id "
                          "WHERE b.unit_id = ?1 AND b.year = ?2",
                          "li", unit_id, year);
    int step = rc == 0 ? store__step(st) : STORE_DONE;
    if (rc == 0 && step == STORE_ROW)
        budget_read(st, out);
    else if (rc == 0 && step == STORE_DONE)
        rc = err_set(ei, ERR_NOTFOUND, "year", "unit %lld has no budget for %d",
                     (long long)unit_id, year);
    else if (rc == 0)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_budget_set(struct store *s, const struct unit_budget *b, int *created,
                     struct err_info *ei)
{
    int rc = budget_check(b, ei);
    if (rc == 0)
        rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    int64_t n = 0;
    rc = store__count(s, ei, &n, "SELECT count(*) FROM unit WHERE id = ?1", "l",
                      b->unit_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_INVAL, "unit_id", "unit_id: no unit %lld",
                     (long long)b->unit_id);
    struct unit_budget before;
    int had = 0;
    if (rc == 0) {
        struct err_info none = {0};
        had = store_budget_get(s, b->unit_id, b->year, &before, &none) == 0;
        if (!had && none.code != ERR_NOTFOUND)
            *ei = none, rc = none.code;
    }
    if (rc == 0 && had)
        rc = store__exec(s, ei, NULL,
                         "UPDATE unit_budget SET amount_ore = ?3, weight = ?4 "
                         "WHERE unit_id = ?1 AND year = ?2",
                         "lilo", b->unit_id, b->year, b->amount_ore, b->weight);
    else if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "INSERT INTO unit_budget (unit_id, year, amount_ore, "
                         "weight) VALUES (?1, ?2, ?3, ?4)",
                         "lilo", b->unit_id, b->year, b->amount_ore, b->weight);
    if (rc)
        rc = store__name_failure(ei, rc, NULL, "unit_id");
    if (rc == 0)
        rc = store__audit(s, "unit_budget", had ? "update" : "insert",
                          b->unit_id, had ? budget_json(&before) : NULL,
                          budget_json(b), ei);
    if (rc == 0 && created)
        *created = !had;
    return store__write_end(s, rc);
}

int store_budget_delete(struct store *s, int64_t unit_id, int year,
                        struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    if (rc)
        return rc;
    struct unit_budget before;
    rc = store_budget_get(s, unit_id, year, &before, ei);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "DELETE FROM unit_budget WHERE unit_id = ?1 AND "
                         "year = ?2",
                         "li", unit_id, year);
    if (rc == 0)
        rc = store__audit(s, "unit_budget", "delete", unit_id,
                          budget_json(&before), NULL, ei);
    return store__write_end(s, rc);
}

static int budget_row(struct store_stmt *st, const struct store__list *l)
{
    struct unit_budget b;
    budget_read(st, &b);
    return l->each.budget(&b, l->arg);
}

#define BUDGET_WHERE                                                           \
    "FROM unit_budget b JOIN unit u ON u.id = b.unit_id "                      \
    "WHERE (?1 = 0 OR u.region_id = ?1) AND (?2 = 0 OR b.unit_id = ?2) "       \
    "AND (?3 = 0 OR b.year >= ?3) AND (?4 = 0 OR b.year <= ?4) "

int store_budget_list(struct store *s, int64_t region_id, int64_t unit_id,
                      int from_year, int to_year, int limit, int offset,
                      int (*each)(const struct unit_budget *, void *),
                      void *arg, int64_t *total, struct err_info *ei)
{
    struct store__list l = {
        limit, offset, total, budget_row, {.budget = each}, arg,
    };
    return store__list_page(s, &l, ei, "SELECT count(*) " BUDGET_WHERE,
                            "SELECT " BUDGET_COLUMNS BUDGET_WHERE
                            "ORDER BY b.year, u.name, b.unit_id "
                            "LIMIT ?5 OFFSET ?6",
                            "llii", region_id, unit_id, from_year, to_year);
}
