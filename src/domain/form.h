/*
 * Forms of rotation (issue 18) as rules with no I/O: gaffel groups,
 * tandem seats and ST-clinic seats as groups of trainees with identical
 * weeks, training nodes' limits, per-unit placement lengths, and the SFAM
 * rule that alternate weeks are for rotations longer than four weeks.
 */
#ifndef RANDA_DOMAIN_FORM_H
#define RANDA_DOMAIN_FORM_H

#include "domain/pattern.h"
#include "util/err.h"

enum form_kind {
    FORM_GAFFEL,    /* gaffelmottagning: 2-3 trainees, one handledare */
    FORM_TANDEM,    /* two trainees sharing one clinic */
    FORM_ST_CLINIC, /* a clinic run by trainees, a supervisor on call */
    FORM_COUNT
};

/* A training node takes at most this many trainees at once (seed 003). */
#define FORM_NODE_TRAINEES_MAX 3
/* A training node's placements last 1 to 3 months, in calendar weeks. */
#define FORM_NODE_WEEKS_MIN 4
#define FORM_NODE_WEEKS_MAX 13
/* Alternate weeks only for rotations longer than this many weeks (002). */
#define FORM_ALTERNATE_WEEKS_OVER 4

/* "gaffel", "tandem", "st_clinic"; NULL for another value. */
const char *form_kind_name(enum form_kind k);

/* Parses a kind's name: 0, or ERR_INVAL. */
int form_kind_parse(const char *name, enum form_kind *out);

/*
 * Checks a form's group size and the trainees it needs at once: a gaffel
 * group is 2 or 3 and needs 2; a tandem seat is 2 and needs 2; an ST
 * clinic is 2 to 6 and needs 2 to its size. 0, or ERR_INVAL naming "size"
 * or "needed" in ei.
 */
int form_check_group(enum form_kind k, int size, int needed,
                     struct err_info *ei);

/*
 * Checks the pattern of a rotation of weeks full-time weeks: alternate
 * weeks need more than four. 0, or ERR_INVAL naming "pattern".
 */
int form_check_pattern(enum pattern p, int weeks, struct err_info *ei);

/* A unit's placement rules; 0 in a field is no rule. */
struct form_rules {
    int min_weeks, max_weeks; /* calendar weeks of a placement */
    int max_trainees;         /* trainees at the unit at once */
};

/*
 * The rules that hold at a unit: its own, and for a training node the
 * node's limits on top (the stricter of the two of each).
 */
void form_rules_effective(const struct form_rules *own, int training_node,
                          struct form_rules *out);

/*
 * Checks a placement's calendar length against rules r at unit name (for
 * the message). 0, or ERR_INVAL naming "weeks".
 */
int form_check_length(const struct form_rules *r, int len, const char *name,
                      struct err_info *ei);

/* A group of a form as the booking of one more trainee sees it. */
struct form_group_use {
    int start_week, end_week; /* the group's weeks, [start, end) */
    enum pattern pattern;
    int members; /* bookings holding a place in it */
};

/*
 * Where a booking over [start, end) with pattern p goes in a form of
 * groups groups of size trainees whose live groups are g[0..n): the index
 * of the group with identical weeks and pattern and a free place that it
 * joins (the fullest first, so groups fill before new ones open), n to
 * open a new group, or -1 when no group can take it: the group of those
 * weeks is full and, in some week, every one of the form's groups is in
 * use. Groups without members are not live and are not in g.
 */
int form_group_pick(const struct form_group_use *g, int n, int start, int end,
                    enum pattern p, int groups, int size);

#endif
