/*
 * Home units' budgets in the store (issue 18, migration 019): per home
 * unit and year what its trainees' rotations may cost under the
 * agreements (store/agreements.h computes the cost), as a hard limit or
 * as a weight the optimiser scores per 1 000 kr over it.
 */
#ifndef RANDA_STORE_BUDGETS_H
#define RANDA_STORE_BUDGETS_H

#include "store/ref.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

#define BUDGET_YEAR_MIN   2000
#define BUDGET_YEAR_MAX   2100
#define BUDGET_AMOUNT_MAX 100000000000LL /* öre: 1 000 000 000 kr */
#define BUDGET_WEIGHT_MAX 1000000

struct unit_budget {
    int64_t unit_id;
    int year;
    int64_t amount_ore;
    int weight; /* STORE_NONE: a hard limit; else points per 1 000 kr over */
    /* Read with it, not written: */
    int64_t region_id;
    char unit_name[STORE_NAME_MAX];
};

/*
 * Sets unit b->unit_id's budget for b->year (a new one, or a change of
 * the one there), after checking every field (ERR_INVAL naming year,
 * amount, weight or unit_id), and audits it; *created says which.
 */
int store_budget_set(struct store *s, const struct unit_budget *b, int *created,
                     struct err_info *ei);
/* The budget of unit_id for year, or ERR_NOTFOUND. */
int store_budget_get(struct store *s, int64_t unit_id, int year,
                     struct unit_budget *out, struct err_info *ei);
/* Removes it and audits that, or ERR_NOTFOUND. */
int store_budget_delete(struct store *s, int64_t unit_id, int year,
                        struct err_info *ei);

/* Calls each for a page of the budgets of region_id's units (unit_id's
 * when it is not 0) of the years from_year to to_year (either 0: no limit
 * on that side), by year and unit name; region_id 0: all. */
int store_budget_list(struct store *s, int64_t region_id, int64_t unit_id,
                      int from_year, int to_year, int limit, int offset,
                      int (*each)(const struct unit_budget *, void *),
                      void *arg, int64_t *total, struct err_info *ei);

#endif
