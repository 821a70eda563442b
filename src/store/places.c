/* The place overview: seats and occupancy per unit and week (store.h). */
#include "store/store_impl.h"

#include "domain/booking.h"
#include "domain/reoffer.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * The unit filter every query of the overview shares, as bind order:
 * region, area, specialty, unit, provider kind ('' for any); ?6 and ?7 are
 * the window's weeks, bound to every query, so the queries that do not
 * need the window name them in an always-true "?6 < ?7"; ?8 a goal the
 * unit must cover (0 for any).
 */
#define PLACES_UNIT_WHERE                                                      \
    "u.takes_trainees = 1 "                                                    \
    "AND (?1 = 0 OR u.region_id = ?1) AND (?2 = 0 OR u.area_id = ?2) "         \
    "AND (?3 = 0 OR u.specialty_id = ?3) AND (?4 = 0 OR u.id = ?4) "           \
    "AND (?5 = '' OR p.kind = ?5) "                                            \
    "AND (?8 = 0 OR EXISTS (SELECT 1 FROM unit_goal wg "                       \
    "WHERE wg.unit_id = u.id AND wg.goal_id = ?8)) "

static int places_bind(struct store_stmt *st, const struct place_filter *f)
{
    const char *kind = f->provider_kind >= 0
                           ? vocab_name(&vocab_provider_kind, f->provider_kind)
                           : "";
    int rc = store__bind_int64(st, 1, f->region_id);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 2, f->area_id);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 3, f->specialty_id);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 4, f->unit_id);
    if (rc == STORE_OK)
        rc = store__bind_text(st, 5, kind ? kind : "");
    if (rc == STORE_OK)
        rc = store__bind_int(st, 6, f->from_week);
    if (rc == STORE_OK)
        rc = store__bind_int(st, 7, f->to_week);
    if (rc == STORE_OK)
        rc = store__bind_int64(st, 8, f->goal_id);
    return rc;
}

static int places_prepare(struct store *s, const struct place_filter *f,
                          const char *sql, struct store_stmt **st,
                          struct err_info *ei)
{
    int rc = store__prepare(s, sql, st, ei);
    if (rc == 0 && places_bind(*st, f) != STORE_OK) {
        rc = store__db_error(s, ei);
        store__finalize(*st);
        *st = NULL;
    }
    return rc;
}

/* A unit id and its position in the overview. */
struct places_key {
    int64_t id;
    int at;
};

static int places_key_cmp(const void *a, const void *b)
{
    int64_t x = ((const struct places_key *)a)->id;
    int64_t y = ((const struct places_key *)b)->id;
    return (x > y) - (x < y);
}

/* The overview's row for unit id, or NULL. */
static struct place_unit *places_find(struct place_overview *o,
                                      const struct places_key *keys, int64_t id)
{
    struct places_key k = {id, 0};
    const struct places_key *hit =
        bsearch(&k, keys, (size_t)o->nunits, sizeof(*keys), places_key_cmp);
    return hit ? &o->units[hit->at] : NULL;
}

static int places_units(struct store *s, const struct place_filter *f,
                        struct place_overview *o, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = places_prepare(
        s, f,
        "SELECT u.id, u.region_id, u.provider_id, u.site_id, u.area_id, "
        "u.specialty_id, u.name, u.hsa_id, u.kind, u.max_away, sp.code, "
        "sp.name_sv, sp.name_en, p.name, p.kind, a.name "
        "FROM unit u JOIN specialty sp ON sp.id = u.specialty_id "
        "JOIN provider p ON p.id = u.provider_id "
        "LEFT JOIN area a ON a.id = u.area_id "
        "WHERE " PLACES_UNIT_WHERE "AND ?6 < ?7 "
        "ORDER BY sp.name_sv, u.name, u.id",
        &st, ei);
    if (rc)
        return rc;
    int cap = 0, weeks = f->to_week - f->from_week;
    int step;
    while ((step = store__step(st)) == STORE_ROW) {
        if (o->nunits == cap) {
            cap = cap ? cap * 2 : 64;
            o->units = xrealloc(o->units, (size_t)cap * sizeof(*o->units));
        }
        struct place_unit *pu = &o->units[o->nunits++];
        memset(pu, 0, sizeof(*pu));
        pu->seats = xcalloc((size_t)weeks, sizeof(int));
        pu->used = xcalloc((size_t)weeks, sizeof(int));
        pu->fresh = xcalloc((size_t)weeks, sizeof(int));
        struct unit *u = &pu->unit;
        int kind = 0, pkind = 0;
        u->id = store__col_int64(st, 0);
        u->region_id = store__col_int64(st, 1);
        u->provider_id = store__col_int64(st, 2);
        u->site_id = store__column_id(st, 3);
        u->area_id = store__column_id(st, 4);
        u->specialty_id = store__col_int64(st, 5);
        store__column_text(st, 6, u->name, sizeof(u->name));
        store__column_text(st, 7, u->hsa_id, sizeof(u->hsa_id));
        vocab_parse(&vocab_unit_kind, store__col_text(st, 8), &kind);
        u->kind = (enum unit_kind)kind;
        u->takes_trainees = 1;
        u->max_away = store__column_opt(st, 9);
        store__column_text(st, 10, pu->specialty_code,
                           sizeof(pu->specialty_code));
        store__column_text(st, 11, pu->specialty_sv, sizeof(pu->specialty_sv));
        store__column_text(st, 12, pu->specialty_en, sizeof(pu->specialty_en));
        store__column_text(st, 13, pu->provider_name,
                           sizeof(pu->provider_name));
        vocab_parse(&vocab_provider_kind, store__col_text(st, 14), &pkind);
        pu->provider_kind = (enum provider_kind)pkind;
        store__column_text(st, 15, pu->area_name, sizeof(pu->area_name));
    }
    rc = step == STORE_DONE ? 0 : store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

/* A capacity period (unit, from, to, seats, patterns): its seats. */
static void places_capacity_row(struct store_stmt *st,
                                const struct place_filter *f,
                                struct place_unit *pu)
{
    unsigned patterns = (unsigned)store__col_int(st, 4);
    if (f->pattern >= 0 && !(patterns & PATTERN_BIT(f->pattern)))
        return;
    pu->patterns |= patterns;
    int a = store__col_int(st, 1), b = store__col_int(st, 2);
    int seats = store__col_int(st, 3);
    for (int w = a < f->from_week ? f->from_week : a; w < b && w < f->to_week;
         w++)
        pu->seats[w - f->from_week] = seats;
}

/* A booking that holds seats (unit, start, end, pattern): its occupancy. */
static void places_booking_row(struct store_stmt *st,
                               const struct place_filter *f,
                               struct place_unit *pu)
{
    int a = store__col_int(st, 1), b = store__col_int(st, 2);
    enum pattern p = PATTERN_FULL;
    pattern_parse(store__col_text(st, 3), &p);
    for (int w = a < f->from_week ? f->from_week : a; w < b && w < f->to_week;
         w++)
        pu->used[w - f->from_week] += pattern_occupancy(p, w - a);
}

/* A freed place (unit, from, to, origin, pattern, seats): the seat-weeks
 * it freed, new in the overview (issue 14). */
static void places_freed_row(struct store_stmt *st,
                             const struct place_filter *f,
                             struct place_unit *pu)
{
    int a = store__col_int(st, 1), b = store__col_int(st, 2);
    int origin = store__col_int(st, 3), seats = store__col_int(st, 5);
    enum pattern p = PATTERN_FULL;
    pattern_parse(store__col_text(st, 4), &p);
    for (int w = a < f->from_week ? f->from_week : a; w < b && w < f->to_week;
         w++)
        pu->fresh[w - f->from_week] += freed_occupancy(p, seats, origin, w);
}

/* A goal the unit's rotations cover (unit, goal). */
static void places_goal_row(struct store_stmt *st, const struct place_filter *f,
                            struct place_unit *pu)
{
    (void)f;
    if (pu->unit.ngoals < STORE_LIST_MAX)
        pu->unit.goal_ids[pu->unit.ngoals++] = store__col_int64(st, 1);
}

/* A seat held for another region (issue 17): taken, as a booking's. */
struct places_held {
    struct place_overview *out;
    const struct places_key *keys;
    const struct place_filter *f;
};

static int places_held_row(const struct store_xheld *h, void *arg)
{
    struct places_held *x = arg;
    struct place_unit *pu = places_find(x->out, x->keys, h->unit_id);
    for (int w = h->start_week < x->f->from_week ? x->f->from_week
                                                 : h->start_week;
         pu && w < h->end_week && w < x->f->to_week; w++)
        pu->used[w - x->f->from_week] +=
            pattern_occupancy(h->pattern, w - h->start_week);
    return 0;
}

int store_places(struct store *s, const struct place_filter *f,
                 struct place_overview *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    if (f->to_week <= f->from_week ||
        f->to_week - f->from_week > STORE_PLACES_WEEKS)
        return err_set(ei, ERR_INVAL, "to",
                       "to: must be after from and at most %d weeks later",
                       STORE_PLACES_WEEKS);
    out->from_week = f->from_week;
    out->to_week = f->to_week;
    /* One snapshot for every query, so the overview is never half old. */
    int rc = store__read_begin(s, ei);
    if (rc)
        return rc;
    rc = store_generation(s, &out->generation, ei);
    if (rc == 0)
        rc = places_units(s, f, out, ei);
    if (rc || out->nunits == 0) {
        store__read_end(s);
        if (rc)
            store_places_release(out);
        return rc;
    }
    /* Rows below are matched to units by id through a sorted index. */
    int n = out->nunits;
    struct places_key *keys = xmalloc((size_t)n * sizeof(*keys));
    for (int i = 0; i < n; i++)
        keys[i] = (struct places_key){out->units[i].unit.id, i};
    qsort(keys, (size_t)n, sizeof(*keys), places_key_cmp);

    /* Freed places are new for FREED_FRESH_DAYS days: ?9 is the first
     * moment that still counts. */
    char fresh_since[STORE_TIME_MAX];
    store__timestamp_after(s, -(int64_t)FREED_FRESH_DAYS * 86400, fresh_since);
    static const struct {
        const char *sql;
        void (*row)(struct store_stmt *st, const struct place_filter *f,
                    struct place_unit *pu);
    } reads[] = {
        {"SELECT c.unit_id, c.from_week, c.to_week, c.seats, c.patterns "
         "FROM capacity c JOIN unit u ON u.id = c.unit_id "
         "JOIN provider p ON p.id = u.provider_id "
         "WHERE " PLACES_UNIT_WHERE "AND c.to_week > ?6 AND c.from_week < ?7",
         places_capacity_row},
        {"SELECT b.unit_id, b.start_week, b.end_week, b.pattern "
         "FROM booking b JOIN unit u ON u.id = b.unit_id "
         "JOIN provider p ON p.id = u.provider_id "
         "WHERE " PLACES_UNIT_WHERE
         "AND b.status IN ('requested', 'confirmed', 'completed') "
         "AND b.end_week > ?6 AND b.start_week < ?7 "
         /* A form's groups are capacity of their own (forms.c). */
         "AND NOT EXISTS (SELECT 1 FROM booking_form bf "
         "WHERE bf.booking_id = b.id)",
         places_booking_row},
        {"SELECT ug.unit_id, ug.goal_id FROM unit_goal ug "
         "JOIN unit u ON u.id = ug.unit_id "
         "JOIN provider p ON p.id = u.provider_id "
         "WHERE " PLACES_UNIT_WHERE "AND ?6 < ?7 "
         "ORDER BY ug.unit_id, ug.goal_id",
         places_goal_row},
        {"SELECT fp.unit_id, fp.from_week, fp.to_week, fp.origin_week, "
         "fp.pattern, fp.seats FROM freed_place fp "
         "JOIN unit u ON u.id = fp.unit_id "
         "JOIN provider p ON p.id = u.provider_id "
         "WHERE " PLACES_UNIT_WHERE "AND fp.freed_at >= ?9 "
         "AND fp.to_week > ?6 AND fp.from_week < ?7",
         places_freed_row},
    };
    for (size_t i = 0; rc == 0 && i < sizeof(reads) / sizeof(*reads); i++) {
        struct store_stmt *st = NULL;
        int step = STORE_DONE;
        rc = places_prepare(s, f, reads[i].sql, &st, ei);
        if (rc == 0 && reads[i].row == places_freed_row &&
            store__bind_text(st, 9, fresh_since) != STORE_OK)
            rc = store__db_error(s, ei);
        while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
            struct place_unit *pu =
                places_find(out, keys, store__col_int64(st, 0));
            if (pu)
                reads[i].row(st, f, pu);
        }
        if (rc == 0 && step != STORE_DONE)
            rc = store__db_error(s, ei);
        store__finalize(st);
    }
    if (rc == 0) {
        struct places_held held = {out, keys, f};
        rc = store__xheld_each(s, 0, 0, f->from_week, f->to_week,
                               places_held_row, &held, ei);
    }
    free(keys);

    /* A freed seat booked again is no longer new: at most what is free. */
    for (int i = 0; rc == 0 && i < n; i++) {
        struct place_unit *pu = &out->units[i];
        for (int w = 0; w < f->to_week - f->from_week; w++) {
            int left = pu->seats[w] * 100 - pu->used[w];
            if (pu->fresh[w] > left)
                pu->fresh[w] = left > 0 ? left : 0;
        }
    }
    /* With a pattern asked for, units that never accept it are left out. */
    if (rc == 0 && f->pattern >= 0) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (out->units[i].patterns) {
                out->units[kept++] = out->units[i];
            } else {
                free(out->units[i].seats);
                free(out->units[i].used);
                free(out->units[i].fresh);
            }
        }
        out->nunits = kept;
    }
    store__read_end(s);
    if (rc)
        store_places_release(out);
    return rc;
}

void store_places_release(struct place_overview *o)
{
    for (int i = 0; i < o->nunits; i++) {
        free(o->units[i].seats);
        free(o->units[i].used);
        free(o->units[i].fresh);
    }
    free(o->units);
    o->units = NULL;
    o->nunits = 0;
}
