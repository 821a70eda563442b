/* Forms of rotation as rules with no I/O (form.h). */
#include "domain/form.h"

#include <stddef.h>
#include <string.h>

static const char *const form_kinds[FORM_COUNT] = {"gaffel", "tandem",
                                                   "st_clinic"};

const char *form_kind_name(enum form_kind k)
{
    return (unsigned)k < FORM_COUNT ? form_kinds[k] : NULL;
}

int form_kind_parse(const char *name, enum form_kind *out)
{
    for (int k = 0; name && k < FORM_COUNT; k++)
        if (strcmp(form_kinds[k], name) == 0) {
            *out = (enum form_kind)k;
            return 0;
        }
    return ERR_INVAL;
}

int form_check_group(enum form_kind k, int size, int needed,
                     struct err_info *ei)
{
    switch (k) {
    case FORM_GAFFEL:
        if (size < 2 || size > 3)
            return err_set(ei, ERR_INVAL, "size",
                           "size: a gaffel group is 2 or 3 trainees");
        if (needed != 2)
            return err_set(ei, ERR_INVAL, "needed",
                           "needed: a gaffel group needs 2 trainees at once");
        return 0;
    case FORM_TANDEM:
        if (size != 2)
            return err_set(ei, ERR_INVAL, "size",
                           "size: a tandem seat is 2 trainees");
        if (needed != 2)
            return err_set(ei, ERR_INVAL, "needed",
                           "needed: a tandem seat needs its 2 trainees at "
                           "once");
        return 0;
    case FORM_ST_CLINIC:
        if (size < 2 || size > 6)
            return err_set(ei, ERR_INVAL, "size",
                           "size: an ST clinic is 2 to 6 trainees");
        if (needed < 2 || needed > size)
            return err_set(ei, ERR_INVAL, "needed",
                           "needed: an ST clinic needs 2 to its size (%d) "
                           "trainees at once",
                           size);
        return 0;
    default:
        return err_set(ei, ERR_INVAL, "kind",
                       "kind: must be gaffel, tandem or st_clinic");
    }
}

int form_check_pattern(enum pattern p, int weeks, struct err_info *ei)
{
    if (p == PATTERN_ALTERNATE && weeks <= FORM_ALTERNATE_WEEKS_OVER)
        return err_set(ei, ERR_INVAL, "pattern",
                       "pattern: alternate weeks are only for rotations "
                       "longer than %d weeks (this one is %d)",
                       FORM_ALTERNATE_WEEKS_OVER, weeks);
    return 0;
}

/* The stricter of two limits, where 0 is none. */
static int form_min_limit(int a, int b)
{
    return a == 0 ? b : b == 0 ? a : a < b ? a : b;
}

static int form_max_floor(int a, int b)
{
    return a > b ? a : b;
}

void form_rules_effective(const struct form_rules *own, int training_node,
                          struct form_rules *out)
{
    *out = *own;
    if (!training_node)
        return;
    out->max_trainees =
        form_min_limit(out->max_trainees, FORM_NODE_TRAINEES_MAX);
    out->max_weeks = form_min_limit(out->max_weeks, FORM_NODE_WEEKS_MAX);
    out->min_weeks = form_max_floor(out->min_weeks, FORM_NODE_WEEKS_MIN);
}

int form_check_length(const struct form_rules *r, int len, const char *name,
                      struct err_info *ei)
{
    if (r->min_weeks && len < r->min_weeks)
        return err_set(ei, ERR_INVAL, "weeks",
                       "weeks: placements at %s last at least %d calendar "
                       "weeks (this one %d)",
                       name, r->min_weeks, len);
    if (r->max_weeks && len > r->max_weeks)
        return err_set(ei, ERR_INVAL, "weeks",
                       "weeks: placements at %s last at most %d calendar "
                       "weeks (this one %d)",
                       name, r->max_weeks, len);
    return 0;
}

int form_group_pick(const struct form_group_use *g, int n, int start, int end,
                    enum pattern p, int groups, int size)
{
    int best = -1;
    for (int i = 0; i < n; i++)
        if (g[i].start_week == start && g[i].end_week == end &&
            g[i].pattern == p && g[i].members < size &&
            (best < 0 || g[i].members > g[best].members))
            best = i;
    if (best >= 0)
        return best;
    /* A new group: in every week of it, fewer than groups groups live. */
    for (int w = start; w < end; w++) {
        int live = 0;
        for (int i = 0; i < n; i++)
            live += g[i].start_week <= w && w < g[i].end_week;
        if (live >= groups)
            return -1;
    }
    return n;
}
