/*
 * The reference data and units: regions, providers, sites, areas,
 * specialties, goals, units, their capacity periods and the overview of free
 * places. The conventions of inserts and gets are in store/store.h.
 */
#ifndef RANDA_STORE_REF_H
#define RANDA_STORE_REF_H

#include "domain/vocab.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

struct region {
    int64_t id;
    char code[STORE_CODE_MAX];
    char name[STORE_NAME_MAX];
};

struct provider {
    int64_t id;
    char name[STORE_NAME_MAX];
    char org_nr[STORE_ORGNR_MAX]; /* "NNNNNN-NNNN" */
    enum provider_kind kind;
};

struct site {
    int64_t id;
    int64_t region_id;
    char name[STORE_NAME_MAX];
    char city[STORE_NAME_MAX];
};

struct area {
    int64_t id;
    int64_t region_id;
    char name[STORE_NAME_MAX];
};

struct specialty {
    int64_t id;
    char code[STORE_CODE_MAX]; /* "obstetrik-och-gynekologi" */
    char name_sv[STORE_NAME_MAX];
    char name_en[STORE_NAME_MAX];
    enum specialty_kind kind;
    int64_t parent_id; /* 0 for none; required for a gren */
};

struct goal {
    int64_t id;
    enum regulation regulation;
    int64_t specialty_id; /* 0 for a goal common to all specialties */
    char code[STORE_CODE_MAX];
    char title[STORE_TITLE_MAX];
    enum goal_group group;      /* bt, a, b (common) or c (a specialty's) */
    enum confidence confidence; /* how certain the title is */
};

struct unit {
    int64_t id;
    int64_t region_id;
    int64_t provider_id;
    int64_t site_id; /* 0 for none */
    int64_t area_id; /* 0 for none */
    int64_t specialty_id;
    char name[STORE_NAME_MAX];
    char hsa_id[STORE_HSA_MAX];
    enum unit_kind kind;
    int takes_trainees; /* 0 or 1 */
    int max_away;       /* seats; STORE_NONE for no limit */
    int ngoals;         /* goals a rotation here can cover */
    int64_t goal_ids[STORE_LIST_MAX];
};

struct capacity {
    int64_t id;
    int64_t unit_id;
    int from_week; /* serial, inclusive */
    int to_week;   /* serial, exclusive */
    int seats;     /* 0..1000 */
    unsigned patterns;
    char note[STORE_NOTE_MAX]; /* "sommar", "" */
};

int store_region_insert(struct store *s, struct region *r, struct err_info *ei);
int store_region_get(struct store *s, int64_t id, struct region *out,
                     struct err_info *ei);

int store_provider_insert(struct store *s, struct provider *p,
                          struct err_info *ei);
int store_provider_get(struct store *s, int64_t id, struct provider *out,
                       struct err_info *ei);

int store_site_insert(struct store *s, struct site *site, struct err_info *ei);
int store_site_get(struct store *s, int64_t id, struct site *out,
                   struct err_info *ei);

int store_area_insert(struct store *s, struct area *a, struct err_info *ei);
int store_area_get(struct store *s, int64_t id, struct area *out,
                   struct err_info *ei);

int store_specialty_insert(struct store *s, struct specialty *sp,
                           struct err_info *ei);
int store_specialty_get(struct store *s, int64_t id, struct specialty *out,
                        struct err_info *ei);
int store_specialty_find(struct store *s, const char *code, int64_t *id,
                         struct err_info *ei);

int store_goal_insert(struct store *s, struct goal *g, struct err_info *ei);
int store_goal_get(struct store *s, int64_t id, struct goal *out,
                   struct err_info *ei);
/*
 * Writes the code, title and confidence of goal g->id (an administrator's
 * correction of example data), with its audit row. Regulation, specialty
 * and group stay. ERR_CONFLICT (code) when the code is taken.
 */
int store_goal_update(struct store *s, const struct goal *g,
                      struct err_info *ei);
/*
 * The common b goals (b, STb) that apply to specialty_id, in id order, and
 * their replacement: every id must be a common b goal (ERR_INVAL naming
 * goal_ids otherwise), written with its audit row.
 */
int store_specialty_goals(struct store *s, int64_t specialty_id, int64_t *ids,
                          int *n, struct err_info *ei);
int store_specialty_goals_set(struct store *s, int64_t specialty_id,
                              const int64_t *ids, int n, struct err_info *ei);

int store_unit_insert(struct store *s, struct unit *u, struct err_info *ei);
int store_unit_get(struct store *s, int64_t id, struct unit *out,
                   struct err_info *ei);

int store_capacity_insert(struct store *s, struct capacity *c,
                          struct err_info *ei);
int store_capacity_get(struct store *s, int64_t id, struct capacity *out,
                       struct err_info *ei);

/*
 * ---- Lists and updates of reference data and units (ref.c) ----
 *
 * A list calls each(row, arg) for the rows that match its filter, in a
 * stable order, skipping the first offset rows and stopping after limit
 * rows (a negative limit: no limit). *total gets the number of rows that
 * match, ignoring limit and offset. A non-zero return from each stops the
 * list, which returns that value. In filters, 0 (ids), -1 (vocabularies,
 * flags) and NULL or "" (text) mean "any"; free text q matches a
 * case-insensitive substring (ASCII letters and Å, Ä, Ö, É, Ü fold).
 */

int store_region_list(struct store *s, int limit, int offset,
                      int (*each)(const struct region *, void *), void *arg,
                      int64_t *total, struct err_info *ei);

struct provider_filter {
    int kind;      /* enum provider_kind, or -1 */
    const char *q; /* in the name */
};
int store_provider_list(struct store *s, const struct provider_filter *f,
                        int limit, int offset,
                        int (*each)(const struct provider *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

struct site_filter {
    int64_t region_id;
};
int store_site_list(struct store *s, const struct site_filter *f, int limit,
                    int offset, int (*each)(const struct site *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

struct area_filter {
    int64_t region_id;
};
int store_area_list(struct store *s, const struct area_filter *f, int limit,
                    int offset, int (*each)(const struct area *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

struct specialty_filter {
    int kind;          /* enum specialty_kind, or -1 */
    int64_t parent_id; /* the grenar of this bas */
    const char *q;     /* in code, name_sv or name_en */
};
int store_specialty_list(struct store *s, const struct specialty_filter *f,
                         int limit, int offset,
                         int (*each)(const struct specialty *, void *),
                         void *arg, int64_t *total, struct err_info *ei);

struct goal_filter {
    int64_t specialty_id;
    /*
     * -1 any; 0 only goals of a specialty; 1 only the common goals, or,
     * with specialty_id, that specialty's goals and the common ones that
     * apply to it (every goal a trainee of it works towards: the a and BT
     * goals, the b goals of specialty_goal, its own c goals).
     */
    int common;
    int regulation; /* enum regulation, or -1 */
    const char *q;  /* in code or title */
    int group;      /* enum goal_group, or -1 */
};
int store_goal_list(struct store *s, const struct goal_filter *f, int limit,
                    int offset, int (*each)(const struct goal *, void *),
                    void *arg, int64_t *total, struct err_info *ei);

struct unit_filter {
    int64_t region_id, area_id, specialty_id, provider_id;
    int provider_kind;  /* enum provider_kind, or -1 */
    int kind;           /* enum unit_kind, or -1 */
    int takes_trainees; /* 0, 1 or -1 */
    const char *q;      /* in the name or the HSA-id */
};

/* A unit with the rows it refers to, read in one query. */
struct unit_item {
    struct unit unit; /* goal_ids filled only by store_unit_item_get() */
    struct specialty specialty;
    struct provider provider;
    struct area area; /* id 0 for none */
    struct site site; /* id 0 for none */
};
int store_unit_list(struct store *s, const struct unit_filter *f, int limit,
                    int offset, int (*each)(const struct unit_item *, void *),
                    void *arg, int64_t *total, struct err_info *ei);
int store_unit_item_get(struct store *s, int64_t id, struct unit_item *out,
                        struct err_info *ei);

/*
 * Writes every field of unit u->id (its goals replaced by u's), validated
 * as on insert, and records before and after in the audit log.
 */
int store_unit_update(struct store *s, const struct unit *u,
                      struct err_info *ei);

/* ---- Capacity periods (capacity.c) ---- */

struct capacity_filter {
    int64_t unit_id, specialty_id;
    /* Periods that overlap [from_week, to_week); STORE_NONE: open. */
    int from_week, to_week;
};
/* Ordered by unit and from_week. */
int store_capacity_list(struct store *s, const struct capacity_filter *f,
                        int limit, int offset,
                        int (*each)(const struct capacity *, void *), void *arg,
                        int64_t *total, struct err_info *ei);

/*
 * Writes every field of period c->id, validated as on insert; ERR_CONFLICT
 * (field from_week) if it would overlap another period of its unit. Records
 * before and after in the audit log. Seats may drop below what bookings
 * occupy: store_unit_overbooked() tells which weeks.
 */
int store_capacity_update(struct store *s, const struct capacity *c,
                          struct err_info *ei);

/*
 * Deletes period id and records it in the audit log. Refused with
 * ERR_CONFLICT while bookings that hold seats (requested, confirmed,
 * completed) occupy any of its weeks: set its seats to 0 instead, which
 * keeps the closure on record.
 */
int store_capacity_delete(struct store *s, int64_t id, struct err_info *ei);

/*
 * Calls each(week, seats, occupancy, arg) for every week of [from_week,
 * to_week) in which the unit's bookings that hold seats occupy more than
 * its capacity offers (occupancy in hundredths of a seat; seats 0 in
 * weeks no period covers). A non-zero return from each stops.
 */
int store_unit_overbooked(struct store *s, int64_t unit_id, int from_week,
                          int to_week,
                          int (*each)(int week, int seats, int occupancy,
                                      void *arg),
                          void *arg, struct err_info *ei);

/* Which units the place overview shows; 0 or -1 fields do not filter. */
struct place_filter {
    int from_week; /* serial, inclusive */
    int to_week;   /* serial, exclusive; at most STORE_PLACES_WEEKS later */
    int64_t region_id;
    int64_t area_id;
    int64_t specialty_id;
    int64_t unit_id;
    int provider_kind; /* enum provider_kind, or -1 */
    int pattern;       /* enum pattern, or -1 */
    int64_t goal_id;   /* units that cover this goal (0: any) */
};

#define STORE_PLACES_WEEKS 260

/* One unit's row of the overview: seats and occupancy per week. */
struct place_unit {
    struct unit unit;
    char specialty_code[STORE_CODE_MAX];
    char specialty_sv[STORE_NAME_MAX];
    char specialty_en[STORE_NAME_MAX];
    char provider_name[STORE_NAME_MAX];
    enum provider_kind provider_kind;
    char area_name[STORE_NAME_MAX]; /* "" when the unit has no area */
    unsigned patterns; /* accepted by some capacity period in the window */
    int *seats;        /* whole seats per week; 0 where there is no period */
    int *used;         /* hundredths of a seat per week held by bookings */
    int *fresh;        /* hundredths per week freed in the last FREED_FRESH_DAYS
                          days and still free (issue 14) */
};

struct place_overview {
    int64_t generation; /* store_generation() when it was read */
    int from_week, to_week;
    int nunits;
    struct place_unit *units; /* by specialty name, then unit name */
};

/*
 * The free places: every unit that takes trainees and matches f, with its
 * seats and the occupancy of the bookings that hold seats (requested,
 * confirmed, completed) week by week. With a pattern in f, only units and
 * weeks whose capacity accepts that pattern count. The newly freed seats
 * of a week (fresh) are those freed places (store/reoffer.h) freed in the
 * last FREED_FRESH_DAYS days, at most the seats free in it: a freed seat
 * booked again is no longer new. Release with store_places_release().
 */
int store_places(struct store *s, const struct place_filter *f,
                 struct place_overview *out, struct err_info *ei);
void store_places_release(struct place_overview *o);

#endif
