/*
 * Rotation patterns (docs: planning-format.md, "Patterns"): how a placement
 * of W full-time weeks, for a trainee employed at f percent, occupies the
 * receiving unit week by week and how many calendar weeks it spans. All
 * arithmetic is in integers; occupancy is in hundredths of a seat.
 */
#ifndef RANDA_DOMAIN_PATTERN_H
#define RANDA_DOMAIN_PATTERN_H

enum pattern {
    PATTERN_FULL,      /* every working day at the receiving unit */
    PATTERN_SPLIT4,    /* 4 days away, 1 at the home unit */
    PATTERN_SPLIT3,    /* 3 days away, 2 at the home unit */
    PATTERN_HALF,      /* 50 % placement */
    PATTERN_ALTERNATE, /* every other week away, starting away */
    PATTERN_COUNT
};

/* A set of patterns as a bit mask; PATTERN_ALL holds every pattern. */
#define PATTERN_BIT(p) (1u << (unsigned)(p))
#define PATTERN_ALL    ((1u << PATTERN_COUNT) - 1u)

#define PATTERN_WEEKS_MIN 1
#define PATTERN_WEEKS_MAX 104
#define PATTERN_FTE_MIN   1
#define PATTERN_FTE_MAX   100

/* The pattern's name as the spec spells it ("full", "split4", ...). */
const char *pattern_name(enum pattern p);

/* Parses a pattern name; returns 0 or ERR_INVAL. */
int pattern_parse(const char *s, enum pattern *out);

/*
 * Calendar weeks a placement of weeks full-time weeks spans at fte percent.
 * Returns the length (at least 1), or ERR_INVAL if weeks is outside 1..104,
 * fte outside 1..100 or p unknown.
 */
int pattern_len(enum pattern p, int weeks, int fte);

/*
 * Occupancy in hundredths of a seat in placement week k, where 0 is the
 * first week and k < pattern_len(). Returns 0 for a negative k or an
 * unknown pattern.
 */
int pattern_occupancy(enum pattern p, int k);

#endif
