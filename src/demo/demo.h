/*
 * The demo region: a realistic, deterministic region modelled on Region
 * Skåne (hospital sites, clinics of the bottleneck specialties, primary-care
 * centres in four areas, private providers and training nodes, about 1,400
 * trainees with leaves, rotation needs, capacity and bookings), written
 * through the store API. See docs/demo-region.md.
 */
#ifndef RANDA_DEMO_DEMO_H
#define RANDA_DEMO_DEMO_H

#include "domain/week.h"
#include "store/store.h"

#include <stdint.h>

#define DEMO_TRAINEES_DEFAULT 1400
#define DEMO_TRAINEES_MAX     20000

/* The password of every demo user (st-lakare, handledare, studierektor,
 * verksamhetschef, samordnare, admin): for a demonstration only. */
#define DEMO_PASSWORD "randa-demo-2026"

struct demo_options {
    uint64_t seed;     /* same seed, trainees and today: same database */
    int trainees;      /* 1..DEMO_TRAINEES_MAX */
    struct date today; /* the demo's "now": past and future relative to it */
};

/*
 * Writes the demo region into an empty store, in one transaction: on error
 * nothing is left behind. Returns 0 or an error code with ei filled.
 */
int demo_generate(struct store *s, const struct demo_options *opt,
                  struct err_info *ei);

#endif
