/*
 * What a rotation costs under an agreement (issue 18, seed 003), with no
 * I/O: the compensation models, the ryggsäcksmedel that follow a trainee,
 * and which of a region's agreements a booking falls under. Money is in
 * öre (int64_t), so that sums are exact.
 */
#ifndef RANDA_DOMAIN_COST_H
#define RANDA_DOMAIN_COST_H

#include <stdint.h>

enum cost_model {
    COST_NONE,          /* no compensation */
    COST_PER_DAY,       /* amount per working day at the host */
    COST_PER_WEEK,      /* amount per full-time week at the host */
    COST_PER_MONTH,     /* amount per calendar month the placement spans */
    COST_PER_PROCEDURE, /* amount per procedure, at procedures per week */
    COST_MODEL_COUNT
};

enum cost_payer { COST_PAYER_HOME, COST_PAYER_HOST, COST_PAYER_REGION };

/* "none", "per_day", ...; NULL for another value. */
const char *cost_model_name(enum cost_model m);
int cost_model_parse(const char *name, enum cost_model *out);
/* "home", "host", "region"; NULL for another value. */
const char *cost_payer_name(enum cost_payer p);
int cost_payer_parse(const char *name, enum cost_payer *out);

/* An agreement's terms. */
struct cost_terms {
    enum cost_model model;
    int64_t amount_ore;      /* per day, week, month or procedure */
    int procedures_per_week; /* COST_PER_PROCEDURE's volume */
    int64_t backpack_ore;    /* ryggsäcksmedel per full-time week */
};

/* A placement as costs see it. */
struct cost_placement {
    int weeks;      /* full-time weeks at the host (the rotation's length) */
    int span_weeks; /* calendar weeks from its first to its last */
};

/*
 * The cost of placement p under terms t, in öre, into *out: the
 * compensation (per day: 5 a full-time week; per week: its full-time
 * weeks; per month: the calendar months it spans, 12 to 52 weeks, in
 * hundredths of a month rounded half up; per procedure: procedures per
 * week times its full-time weeks) plus the ryggsäcksmedel per full-time
 * week. Returns 0, or ERR_INVAL for an unknown model, negative amounts or
 * lengths, or a sum past 10^15 öre.
 */
int cost_placement(const struct cost_terms *t, const struct cost_placement *p,
                   int64_t *out);

/* An agreement as the matching of bookings sees it. */
struct cost_agreement {
    int64_t home_unit_id; /* 0: the whole region */
    int64_t host_unit_id; /* one of host_unit_id and host_provider_id */
    int64_t host_provider_id;
    int from_day, to_day; /* days since 1970, [from, to] */
};

/*
 * The agreement among a[0..n) that a placement of a trainee from home_unit
 * at host_unit of host_provider, starting on day, falls under: the most
 * specific whose period holds the day (a home unit's before the region's,
 * then a host unit's before its provider's; the first of equals). Returns
 * its index, or -1 for none.
 */
int cost_agreement_match(const struct cost_agreement *a, int n,
                         int64_t home_unit, int64_t host_unit,
                         int64_t host_provider, int day);

#endif
