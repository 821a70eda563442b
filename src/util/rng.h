/*
 * A small deterministic pseudo-random generator (splitmix64): the same seed
 * gives the same sequence on every machine, which the demo region and the
 * optimiser's seeded runs rely on. Not for secrets.
 */
#ifndef RANDA_UTIL_RNG_H
#define RANDA_UTIL_RNG_H

#include <stdint.h>

struct rng {
    uint64_t state;
};

/* Seeds the generator. */
void rng_init(struct rng *r, uint64_t seed);

/* Returns the next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* Returns a uniform integer in [0, n); n must be at least 1. */
uint32_t rng_below(struct rng *r, uint32_t n);

/* Returns a uniform integer in [lo, hi]; lo must not exceed hi. */
int rng_between(struct rng *r, int lo, int hi);

/* Returns 1 with probability percent / 100, else 0. */
int rng_percent(struct rng *r, int percent);

#endif
