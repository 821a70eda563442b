/* Pattern occupancy and length, exactly as the planning format defines. */
#include "domain/pattern.h"

#include "util/err.h"

#include <string.h>

static const char *const pattern_names[PATTERN_COUNT] = {
    "full", "split4", "split3", "half", "alternate",
};

/* Hundredths of a seat per placement week, for the steady patterns. */
static const int pattern_share[PATTERN_COUNT] = {100, 80, 60, 50, 100};

const char *pattern_name(enum pattern p)
{
    if ((unsigned)p >= PATTERN_COUNT)
        return "unknown";
    return pattern_names[p];
}

int pattern_parse(const char *s, enum pattern *out)
{
    for (int p = 0; p < PATTERN_COUNT; p++) {
        if (strcmp(s, pattern_names[p]) == 0) {
            *out = (enum pattern)p;
            return 0;
        }
    }
    return ERR_INVAL;
}

static int ceil_div(int a, int b)
{
    return (a + b - 1) / b;
}

int pattern_len(enum pattern p, int weeks, int fte)
{
    if ((unsigned)p >= PATTERN_COUNT || weeks < PATTERN_WEEKS_MIN ||
        weeks > PATTERN_WEEKS_MAX || fte < PATTERN_FTE_MIN ||
        fte > PATTERN_FTE_MAX)
        return ERR_INVAL;
    switch (p) {
    case PATTERN_FULL:
        return ceil_div(weeks * 100, fte);
    case PATTERN_ALTERNATE:
        return 2 * ceil_div(weeks * 100, fte) - 1;
    default:
        return ceil_div(weeks * 10000, pattern_share[p] * fte);
    }
}

int pattern_occupancy(enum pattern p, int k)
{
    if ((unsigned)p >= PATTERN_COUNT || k < 0)
        return 0;
    if (p == PATTERN_ALTERNATE)
        return k % 2 == 0 ? 100 : 0;
    return pattern_share[p];
}
