/*
 * Agreements and costs in the store (issue 18, migration 016): what a home
 * unit or the region has agreed with a host unit or provider, and what each
 * booking costs under it (domain/cost.h computes; this file reads).
 */
#ifndef RANDA_STORE_AGREEMENTS_H
#define RANDA_STORE_AGREEMENTS_H

#include "domain/cost.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

#define STORE_DUTIES_MAX 4001

struct agreement {
    int64_t id, region_id;
    int64_t home_unit_id; /* 0: the whole region */
    int64_t host_unit_id; /* exactly one of the two hosts */
    int64_t host_provider_id;
    char from_date[11], to_date[11]; /* "YYYY-MM-DD", both included */
    struct cost_terms terms;
    enum cost_payer salary_payer;
    char duties[STORE_DUTIES_MAX];
};

/* Inserts a (a->id set) after checking every field (ERR_INVAL naming it;
 * a home or host that does not exist names its field), and audits it. */
int store_agreement_insert(struct store *s, struct agreement *a,
                           struct err_info *ei);
int store_agreement_get(struct store *s, int64_t id, struct agreement *out,
                        struct err_info *ei);
int store_agreement_delete(struct store *s, int64_t id, struct err_info *ei);

/* Calls each for a page of region_id's agreements (those of unit_id, as
 * home or host, when it is not 0), by start date; region_id 0: all. */
int store_agreement_list(struct store *s, int64_t region_id, int64_t unit_id,
                         int limit, int offset,
                         int (*each)(const struct agreement *, void *),
                         void *arg, int64_t *total, struct err_info *ei);

/* A booking with its cost under the agreement it falls under. */
struct cost_row {
    int64_t booking_id, home_unit_id, unit_id;
    int year;          /* the ISO year of its first week */
    int provider_kind; /* enum provider_kind of the host's provider */
    int weeks, span_weeks;
    int64_t agreement_id; /* 0: none, and a cost of 0 */
    enum cost_payer salary_payer;
    int64_t cost_ore;
};

/*
 * Calls each for every booking that holds its place (requested,
 * confirmed, completed) of a trainee whose home unit is in region_id
 * (and is home_unit_id when it is not 0), starting in ISO years
 * [from_year, to_year], with its cost.
 */
int store_costs(struct store *s, int64_t region_id, int64_t home_unit_id,
                int from_year, int to_year,
                int (*each)(const struct cost_row *, void *), void *arg,
                struct err_info *ei);

#endif
