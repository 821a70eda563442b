/* Rotation costs under agreements (cost.h). */
#include "domain/cost.h"

#include "util/err.h"

#include <stdint.h>
#include <string.h>

static const char *const cost_models[COST_MODEL_COUNT] = {
    "none", "per_day", "per_week", "per_month", "per_procedure"};
static const char *const cost_payers[] = {"home", "host", "region"};

/* Sums past this are refused: 10^13 kronor is no rotation's cost. */
#define COST_MAX_ORE 1000000000000000LL

const char *cost_model_name(enum cost_model m)
{
    return (unsigned)m < COST_MODEL_COUNT ? cost_models[m] : NULL;
}

int cost_model_parse(const char *name, enum cost_model *out)
{
    for (int m = 0; name && m < COST_MODEL_COUNT; m++)
        if (strcmp(cost_models[m], name) == 0) {
            *out = (enum cost_model)m;
            return 0;
        }
    return ERR_INVAL;
}

const char *cost_payer_name(enum cost_payer p)
{
    return (unsigned)p < 3 ? cost_payers[p] : NULL;
}

int cost_payer_parse(const char *name, enum cost_payer *out)
{
    for (int p = 0; name && p < 3; p++)
        if (strcmp(cost_payers[p], name) == 0) {
            *out = (enum cost_payer)p;
            return 0;
        }
    return ERR_INVAL;
}

int cost_placement(const struct cost_terms *t, const struct cost_placement *p,
                   int64_t *out)
{
    *out = 0;
    if (t->amount_ore < 0 || t->amount_ore > COST_MAX_ORE ||
        t->backpack_ore < 0 || t->backpack_ore > COST_MAX_ORE ||
        t->procedures_per_week < 0 || p->weeks < 0 || p->span_weeks < 0 ||
        p->weeks > 1000 || p->span_weeks > 1000 ||
        t->procedures_per_week > 1000)
        return ERR_INVAL;
    int64_t units100; /* the count the amount is paid for, in hundredths */
    switch (t->model) {
    case COST_NONE:
        units100 = 0;
        break;
    case COST_PER_DAY:
        units100 = (int64_t)p->weeks * 5 * 100;
        break;
    case COST_PER_WEEK:
        units100 = (int64_t)p->weeks * 100;
        break;
    case COST_PER_MONTH:
        /* 52 weeks are 12 months: span * 12 / 52 months, in hundredths,
         * rounded half up. */
        units100 = ((int64_t)p->span_weeks * 1200 + 26) / 52;
        break;
    case COST_PER_PROCEDURE:
        units100 = (int64_t)p->weeks * t->procedures_per_week * 100;
        break;
    default:
        return ERR_INVAL;
    }
    /* A product past int64_t is a cost past any cap: refused. */
    int64_t pay;
    if (units100 != 0 && t->amount_ore > INT64_MAX / units100)
        return ERR_INVAL;
    pay = (t->amount_ore * units100 + 50) / 100;
    int64_t backpack = t->backpack_ore * (int64_t)p->weeks;
    if (pay > COST_MAX_ORE || backpack > COST_MAX_ORE ||
        pay + backpack > COST_MAX_ORE)
        return ERR_INVAL;
    *out = pay + backpack;
    return 0;
}

/* How specific agreement a is for the placement: -1 if it does not apply,
 * else 0..3, higher more specific. */
static int cost_agreement_rank(const struct cost_agreement *a,
                               int64_t home_unit, int64_t host_unit,
                               int64_t host_provider, int day)
{
    if (day < a->from_day || day > a->to_day)
        return -1;
    if (a->home_unit_id && a->home_unit_id != home_unit)
        return -1;
    if (a->host_unit_id ? a->host_unit_id != host_unit
                        : a->host_provider_id != host_provider)
        return -1;
    return (a->home_unit_id ? 2 : 0) + (a->host_unit_id ? 1 : 0);
}

int cost_agreement_match(const struct cost_agreement *a, int n,
                         int64_t home_unit, int64_t host_unit,
                         int64_t host_provider, int day)
{
    int best = -1, best_rank = -1;
    for (int i = 0; i < n; i++) {
        int r = cost_agreement_rank(&a[i], home_unit, host_unit, host_provider,
                                    day);
        if (r > best_rank) {
            best = i;
            best_rank = r;
        }
    }
    return best;
}
