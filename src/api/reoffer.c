/*
 * The re-offer of freed places over HTTP (issue 14): freed places, their
 * ranked candidates with the reasons in Swedish and English, offers and
 * their answers, automatic offers, and the watches of places; and the
 * offerer, the worker thread that ends offers past their deadline and
 * moves automatic offers on to the next candidate even when nobody reads.
 *
 * The ranking is the planning layer's (plan/reoffer.h: the solver's
 * ranking on the problem of the freed unit's region, in database ids);
 * this file keeps rankings per store generation and words them. A
 * caller sees only the candidates their scope reaches: the receiving
 * unit's studierektor every candidate of a place at their unit, a home
 * unit's studierektor their own trainees, the övergripande studierektor
 * the region's.
 */
#include "api/api_impl.h"

#include "domain/reoffer.h"
#include "plan/reoffer.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/ticker.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Needs one offer request may name. */
#define REOFFER_OFFER_MAX 20
/* Places the offerer looks at in one pass. */
#define REOFFER_PASS_MAX 64
/* Who Randa's own offers and expiries are recorded as. */
#define REOFFER_ACTOR "randa serve (offers)"

/* ---- the offerer's state: its thread, and the rankings it keeps ---- */

/* Rankings kept, each for the store generation it was computed at: the
 * generation moves on with every change a ranking reads (bookings,
 * capacity, units, trainees, needs, leave, freed places). */
#define RK_CACHE_SLOTS 16

struct rk_slot {
    int64_t freed_id, generation;
    int week;
    unsigned long used; /* for the least recently used to go first */
    int full;
    struct plan_reoffer r;
};

struct api_offerer {
    struct store *store; /* the thread's own connection */
    struct ticker *ticker;
    pthread_mutex_t cache_lock;
    struct rk_slot cache[RK_CACHE_SLOTS];
    unsigned long clock;
};

/*
 * plan_reoffer_rank() through of's rankings: a ranking of the same place and
 * week computed at the store's current generation is copied, else computed and
 * kept. The generation is read before the ranking, so that what is kept is
 * never older than the generation it is kept for.
 */
static int rk_rank_kept(struct api_offerer *of, struct store *s,
                        const struct freed_item *f, int now,
                        struct plan_reoffer *out, struct err_info *ei)
{
    int64_t gen = 0;
    if (!of || store_generation(s, &gen, ei) != 0)
        return plan_reoffer_rank(s, f, now, out, ei);
    pthread_mutex_lock(&of->cache_lock);
    for (int i = 0; i < RK_CACHE_SLOTS; i++) {
        struct rk_slot *k = &of->cache[i];
        if (k->full && k->freed_id == f->f.id && k->week == now &&
            k->generation == gen) {
            k->used = ++of->clock;
            plan_reoffer_copy(out, &k->r);
            pthread_mutex_unlock(&of->cache_lock);
            return 0;
        }
    }
    pthread_mutex_unlock(&of->cache_lock);
    int rc = plan_reoffer_rank(s, f, now, out, ei);
    if (rc)
        return rc;
    pthread_mutex_lock(&of->cache_lock);
    struct rk_slot *k = &of->cache[0];
    for (int i = 1; i < RK_CACHE_SLOTS && k->full; i++)
        if (!of->cache[i].full || of->cache[i].used < k->used)
            k = &of->cache[i];
    plan_reoffer_release(&k->r);
    plan_reoffer_copy(&k->r, out);
    k->freed_id = f->f.id;
    k->week = now;
    k->generation = gen;
    k->used = ++of->clock;
    k->full = 1;
    pthread_mutex_unlock(&of->cache_lock);
    return 0;
}

/* ---- the reasons, in Swedish and English ---- */

/* "v. 10 2027" and "week 10 2027". */
static void rk_week(int serial, char *sv, char *en, size_t size)
{
    int year = 0, week = 0;
    week_to_iso(serial, &year, &week);
    snprintf(sv, size, "v. %d %d", week, year);
    snprintf(en, size, "week %d %d", week, year);
}

/* "1 vecka", "3 veckor"; "1 week", "3 weeks". */
static const char *rk_veckor(int n)
{
    return n == 1 || n == -1 ? "vecka" : "veckor";
}

static const char *rk_weeks(int n)
{
    return n == 1 || n == -1 ? "week" : "weeks";
}

static void rk_reason(json_t *list, const char *code, const char *sv,
                      const char *en)
{
    json_array_append_new(
        list, json_pack("{s:s, s:s, s:s}", "code", code, "sv", sv, "en", en));
}

/* The reasons of e's gain, by the terms of the score, best first. */
static json_t *rk_reasons(const struct plan_reoffer_entry *e)
{
    json_t *list = json_array();
    char sv[300], en[300], a_sv[32], a_en[32], b_sv[32], b_en[32];
    const struct solver_reoffer_score *o = &e->without, *w = &e->with;
    if (o->unplaced_weeks > w->unplaced_weeks) {
        int d = o->unplaced_weeks - w->unplaced_weeks;
        if (o->need_start == STORE_NONE) {
            snprintf(sv, sizeof(sv),
                     "Får plats: utan den här platsen blir behovet (%d "
                     "veckor) utan plats i planen",
                     e->weeks);
            snprintf(en, sizeof(en),
                     "Gets a place: without this place the need (%d weeks) "
                     "stays unplaced in the plan",
                     e->weeks);
        } else {
            snprintf(sv, sizeof(sv),
                     "Får plats för mer: utan den här platsen blir %d %s "
                     "randning utan plats",
                     d, rk_veckor(d));
            snprintf(en, sizeof(en),
                     "Places more: without this place %d %s of rotation "
                     "stay unplaced",
                     d, rk_weeks(d));
        }
        rk_reason(list, "placed", sv, en);
    }
    if (o->late != w->late) {
        int d = o->late - w->late;
        rk_week(o->end != STORE_NONE ? o->end - 1 : e->deadline, a_sv, a_en,
                sizeof(a_sv));
        rk_week(w->end != STORE_NONE ? w->end - 1 : e->deadline, b_sv, b_en,
                sizeof(b_sv));
        if (d > 0) {
            snprintf(sv, sizeof(sv),
                     "%d %s mindre försenad: klar %s i stället för %s", d,
                     rk_veckor(d), b_sv, a_sv);
            snprintf(en, sizeof(en), "%d %s less late: done %s instead of %s",
                     d, rk_weeks(d), b_en, a_en);
            rk_reason(list, "less_late", sv, en);
        } else {
            snprintf(sv, sizeof(sv),
                     "%d %s mer försenad: klar %s i stället för %s", -d,
                     rk_veckor(d), b_sv, a_sv);
            snprintf(en, sizeof(en), "%d %s later: done %s instead of %s", -d,
                     rk_weeks(d), b_en, a_en);
            rk_reason(list, "more_late", sv, en);
        }
    }
    if (o->shift != w->shift) {
        int d = o->shift - w->shift;
        snprintf(sv, sizeof(sv), "Startar %d %s %s önskad start",
                 d > 0 ? d : -d, rk_veckor(d),
                 d > 0 ? "närmare" : "längre från");
        snprintf(en, sizeof(en), "Starts %d %s %s the preferred start",
                 d > 0 ? d : -d, rk_weeks(d),
                 d > 0 ? "nearer" : "further from");
        rk_reason(list, d > 0 ? "nearer_start" : "further_start", sv, en);
    }
    if (json_array_size(list) == 0)
        rk_reason(list, "no_gain",
                  "Ingen vinst: en lika bra plats finns redan för behovet",
                  "No gain: an equally good place is free for the need "
                  "anyway");
    return list;
}

/* ---- JSON ---- */

static json_t *rk_score_json(const struct solver_reoffer_score *s)
{
    return json_pack(
        "{s:I, s:o, s:i, s:i, s:i, s:o}", "score", (json_int_t)s->score,
        "need_start", api_week(s->need_start), "unplaced_weeks",
        s->unplaced_weeks, "late_weeks", s->late, "shift_weeks", s->shift,
        "last_week", s->end == STORE_NONE ? json_null() : api_week(s->end - 1));
}

static json_t *freed_json(const struct freed_item *it, int now)
{
    const struct freed_place *f = &it->f;
    const char *state = f->closed_at[0]     ? "taken"
                        : f->to_week <= now ? "past"
                                            : "open";
    return json_pack(
        "{s:I, s:{s:I, s:s, s:I}, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:i, "
        "s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:o, s:o}",
        "id", (json_int_t)f->id, "unit", "id", (json_int_t)f->unit_id, "name",
        it->unit_name, "region_id", (json_int_t)it->region_id, "specialty",
        api_specialty_ref(&it->specialty), "cause",
        vocab_name(&vocab_freed_cause, f->cause), "booking_id",
        api_id(f->booking_id), "capacity_id", api_id(f->capacity_id),
        "from_week", api_week(f->from_week), "to_week",
        api_week_last(f->to_week), "pattern", pattern_name(f->pattern), "seats",
        f->seats, "freed_at", f->freed_at, "freed_by", f->freed_by, "state",
        state, "auto_offers", f->auto_offers, "answer_hours", f->answer_hours,
        "accepted", f->accepted, "offers_open", it->offers_open, "offers",
        it->offers, "closed_at", api_opt_text(f->closed_at), "form_id",
        api_id(it->form_id));
}

static json_t *offer_json(const struct offer_item *it)
{
    const struct offer *o = &it->o;
    return json_pack(
        "{s:I, s:I, s:I, s:{s:I, s:s, s:I}, s:{s:I, s:s}, s:o, s:o, s:o, "
        "s:s, s:i, s:i, s:I, s:b, s:s, s:s, s:s, s:s, s:o, s:o, s:o}",
        "id", (json_int_t)o->id, "freed_id", (json_int_t)o->freed_id, "need_id",
        (json_int_t)o->need_id, "trainee", "id", (json_int_t)o->trainee_id,
        "name", it->trainee_name, "home_unit_id", (json_int_t)it->home_unit_id,
        "unit", "id", (json_int_t)o->unit_id, "name", it->unit_name,
        "specialty", api_specialty_ref(&it->specialty), "start_week",
        api_week(o->start_week), "end_week", api_week_last(o->end_week),
        "pattern", pattern_name(o->pattern), "weeks", o->weeks, "rank", o->rank,
        "gain", (json_int_t)o->gain, "automatic", o->automatic, "status",
        vocab_name(&vocab_offer_status, o->status), "offered_at", o->offered_at,
        "offered_by", o->offered_by, "deadline", o->deadline, "answered_at",
        api_opt_text(o->answered_at), "answered_by",
        api_opt_text(o->answered_by), "booking_id", api_id(o->booking_id));
}

/* ---- the freed places ---- */

static int freed_each(const struct freed_item *it, void *arg)
{
    json_array_append_new(arg, freed_json(it, api_this_week()));
    return 0;
}

/* GET /freed?unit=&region=&specialty=&open=&since=&from=&to= */
static int freed_page(struct api_call *call, const struct http_request *req,
                      struct api_page *pg, struct err_info *ei)
{
    struct freed_filter f = {
        .open = -1, .from_week = STORE_NONE, .to_week = STORE_NONE};
    const char *since = NULL;
    int last = STORE_NONE;
    int rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "region", &f.region_id, ei);
    if (rc == 0)
        rc = api_arg_specialty(call, req, &f.specialty_id, ei);
    if (rc == 0)
        rc = api_arg_flag(req, "open", &f.open, ei);
    if (rc == 0)
        rc = api_arg_date(req, "since", &since, ei);
    if (rc == 0 && since)
        snprintf(f.since, sizeof(f.since), "%sT00:00:00Z", since);
    if (rc == 0)
        rc = api_arg_week(req, "from", &f.from_week, ei);
    if (rc == 0)
        rc = api_arg_week(req, "to", &last, ei);
    if (last != STORE_NONE)
        f.to_week = last + 1;
    if (rc == 0)
        rc = store_freed_list(call->store, &f, pg->limit, pg->offset,
                              freed_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_freed_list)
{
    api_list_run(req, res, ctx, freed_page);
}

static int freed_get_json(struct store *s, int64_t id, json_t **out,
                          struct err_info *ei)
{
    struct freed_item it;
    int rc = store_freed_get(s, id, &it, ei);
    if (rc == 0)
        *out = freed_json(&it, api_this_week());
    return rc;
}

API_HANDLER(api_freed_get)
{
    api_get_run(req, res, ctx, freed_get_json);
}

/*
 * The freed place in the path, for a route that acts on it: 404 when it
 * does not exist or the caller's scope does not reach its unit.
 */
static int freed_target(struct api_call *call, const struct http_request *req,
                        struct http_response *res, struct freed_item *out)
{
    struct err_info ei = {0};
    int64_t id = 0;
    int rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0 && !api_scope_sees(call, "freed", id))
        rc = err_set(&ei, ERR_NOTFOUND, "id", "freed place %lld does not exist",
                     (long long)id);
    if (rc == 0)
        rc = store_freed_get(call->store, id, out, &ei);
    if (rc)
        api_fail(res, &ei);
    return rc;
}

/* ---- candidates ---- */

/* The offer of need_id for the place, if any: {id, status, deadline}. */
struct rk_offers {
    int64_t *need, *id;
    const char **status;
    char (*deadline)[STORE_TIME_MAX];
    int n, cap;
};

static int rk_offer_each(const struct offer_item *it, void *arg)
{
    struct rk_offers *o = arg;
    if (o->n == o->cap) {
        o->cap = o->cap ? 2 * o->cap : 16;
        o->need = xrealloc(o->need, (size_t)o->cap * sizeof(*o->need));
        o->id = xrealloc(o->id, (size_t)o->cap * sizeof(*o->id));
        o->status = xrealloc(o->status, (size_t)o->cap * sizeof(*o->status));
        o->deadline =
            xrealloc(o->deadline, (size_t)o->cap * sizeof(*o->deadline));
    }
    o->need[o->n] = it->o.need_id;
    o->id[o->n] = it->o.id;
    o->status[o->n] = vocab_name(&vocab_offer_status, it->o.status);
    memcpy(o->deadline[o->n], it->o.deadline, STORE_TIME_MAX);
    o->n++;
    return 0;
}

static void rk_offers_release(struct rk_offers *o)
{
    free(o->need);
    free(o->id);
    free(o->status);
    free(o->deadline);
}

/* Reads every offer of place freed_id, whatever the store's scope. */
static int rk_offers_read(struct store *s, int64_t freed_id,
                          struct rk_offers *out, struct err_info *ei)
{
    struct offer_filter f = {.freed_id = freed_id, .status = -1};
    int64_t total = 0;
    memset(out, 0, sizeof(*out));
    return store_offer_list(s, &f, -1, 0, rk_offer_each, out, &total, ei);
}

static int rk_offered(const struct rk_offers *o, int64_t need_id)
{
    for (int i = 0; i < o->n; i++)
        if (o->need[i] == need_id)
            return i;
    return -1;
}

/* One candidate with its names, reasons and offer. */
static json_t *rk_entry_json(struct store *s,
                             const struct plan_reoffer_entry *e,
                             const struct rk_offers *offers)
{
    struct trainee_item t;
    struct need n;
    struct err_info ei = {0};
    memset(&t, 0, sizeof(t));
    memset(&n, 0, sizeof(n));
    store_trainee_item_get(s, e->trainee_id, &t, &ei);
    store_need_get(s, e->need_id, &n, &ei);
    struct specialty sp = {0};
    if (n.specialty_id)
        store_specialty_get(s, n.specialty_id, &sp, &ei);
    json_t *reasons = rk_reasons(e);
    /* The reason the list shows first is the one that weighs most. */
    json_t *first = json_array_get(reasons, 0);
    int k = rk_offered(offers, e->need_id);
    json_t *offer =
        k < 0 ? json_null()
              : json_pack("{s:I, s:s, s:s}", "id", (json_int_t)offers->id[k],
                          "status", offers->status[k], "deadline",
                          offers->deadline[k]);
    return json_pack(
        "{s:i, s:{s:I, s:i, s:o, s:o, s:o}, s:{s:I, s:s, s:{s:I, s:s}}, "
        "s:{s:o, s:o, s:s, s:i}, s:I, s:o, s:o, s:o, s:s, s:s, s:o}",
        "rank", e->rank, "need", "id", (json_int_t)e->need_id, "weeks",
        e->weeks, "patterns", api_patterns(n.patterns), "preferred_start",
        api_week(n.preferred_start), "specialty", api_specialty_ref(&sp),
        "trainee", "id", (json_int_t)e->trainee_id, "name", t.person.name,
        "home_unit", "id", (json_int_t)e->home_unit_id, "name",
        t.home_unit_name, "placement", "start_week", api_week(e->start_week),
        "end_week", api_week_last(e->end_week), "pattern",
        pattern_name(e->pattern), "weeks", e->weeks, "gain",
        (json_int_t)e->gain, "without", rk_score_json(&e->without), "with",
        rk_score_json(&e->with), "reasons", reasons, "reason_sv",
        json_string_value(json_object_get(first, "sv")), "reason_en",
        json_string_value(json_object_get(first, "en")), "offer", offer);
}

/* Whether the call's scope reaches candidate e of a place at unit_id. */
static int rk_visible(const struct api_call *call, const struct plan_reoffer *r,
                      const struct plan_reoffer_entry *e, int64_t unit_id)
{
    struct subject su = {e->trainee_id, e->home_unit_id, r->region, unit_id,
                         r->region};
    return scope_sees(&call->scope, &su);
}

/* GET /freed/{id}/candidates: the ranked list, only the candidates the
 * caller's scope reaches, each with its rank among them all. */
API_HANDLER(api_freed_candidates)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    struct api_page pg = {0, 0, 0, NULL, NULL};
    struct freed_item f;
    /* The query first: a bad limit is 400 whatever the path. */
    int rc = api_arg_page(req, &pg.limit, &pg.offset, &ei);
    if (rc == 0)
        rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0)
        rc = store_freed_get(call->store, id, &f, &ei);
    struct plan_reoffer r;
    memset(&r, 0, sizeof(r));
    if (rc == 0)
        rc = rk_rank_kept(api_offerer(call->api), call->store, &f,
                          api_this_week(), &r, &ei);
    struct rk_offers offers;
    memset(&offers, 0, sizeof(offers));
    if (rc == 0)
        rc = rk_offers_read(call->store, id, &offers, &ei);
    if (rc) {
        plan_reoffer_release(&r);
        api_fail(res, &ei);
        return;
    }
    pg.items = json_array();
    for (int i = 0; i < r.n; i++) {
        if (!rk_visible(call, &r, &r.e[i], f.f.unit_id))
            continue;
        int64_t at = pg.total++;
        if (at >= pg.offset && at < (int64_t)pg.offset + pg.limit)
            json_array_append_new(pg.items,
                                  rk_entry_json(call->store, &r.e[i], &offers));
    }
    json_t *o = api_list(pg.items, pg.total, pg.limit, pg.offset);
    json_object_set_new(o, "place", freed_json(&f, api_this_week()));
    json_object_set_new(o, "ranked", json_integer(r.n));
    json_object_set_new(o, "considered", json_integer(r.considered));
    json_object_set_new(o, "week", api_week(r.horizon_start));
    rk_offers_release(&offers);
    plan_reoffer_release(&r);
    http_json(res, 200, o);
}

/* ---- offers ---- */

/*
 * Offers place f to the needs of ids (n of them), each at the placement
 * the ranking r proposes: ERR_INVAL naming need_ids for a need that is no
 * candidate now. ids of the offers made go into made.
 */
static int rk_offer(struct store *s, const struct freed_item *f,
                    const struct plan_reoffer *r, const int64_t *ids, int n,
                    int answer_hours, int automatic, int64_t *made,
                    struct err_info *ei)
{
    int rc = store_begin(s, ei);
    for (int i = 0; rc == 0 && i < n; i++) {
        const struct plan_reoffer_entry *e = NULL;
        for (int k = 0; k < r->n && !e; k++)
            if (r->e[k].need_id == ids[i])
                e = &r->e[k];
        if (!e) {
            rc = err_set(ei, ERR_INVAL, "need_ids",
                         "need_ids: need %lld is no candidate for this place "
                         "now",
                         (long long)ids[i]);
            break;
        }
        struct offer o = {0};
        o.freed_id = f->f.id;
        o.need_id = e->need_id;
        o.start_week = e->start_week;
        o.pattern = e->pattern;
        o.rank = e->rank;
        o.gain = e->gain;
        o.automatic = automatic;
        rc = store_offer_create(s, &o, answer_hours, ei);
        if (rc == 0)
            made[i] = o.id;
    }
    if (rc == 0)
        rc = store_commit(s, ei);
    else
        store_rollback(s);
    return rc;
}

/*
 * Keeps automatic place id's open offers at its number: offers it to the
 * next candidates by rank that were not offered it yet (a candidate who
 * loses by it ranks last, and may decline).
 * For the offerer and the handlers after a change; errors are logged.
 */
static void rk_advance(struct api_offerer *of, struct store *s, int64_t id)
{
    struct err_info ei = {0};
    struct freed_item f;
    if (store_freed_get(s, id, &f, &ei) != 0)
        return;
    int want = f.f.auto_offers - f.offers_open;
    if (f.f.closed_at[0] || want <= 0)
        return;
    struct plan_reoffer r;
    struct rk_offers offers;
    memset(&offers, 0, sizeof(offers));
    int rc = rk_rank_kept(of, s, &f, api_this_week(), &r, &ei);
    if (rc == 0)
        rc = rk_offers_read(s, id, &offers, &ei);
    int64_t ids[OFFER_AUTO_MAX], made[OFFER_AUTO_MAX];
    int n = 0;
    for (int i = 0; rc == 0 && i < r.n && n < want && n < OFFER_AUTO_MAX; i++)
        if (rk_offered(&offers, r.e[i].need_id) < 0)
            ids[n++] = r.e[i].need_id;
    if (rc == 0 && n > 0) {
        rc = rk_offer(s, &f, &r, ids, n, f.f.answer_hours, 1, made, &ei);
        if (rc == 0)
            log_info("offers: place %lld offered to %d more candidate(s)",
                     (long long)id, n);
    }
    if (rc)
        log_error("offers: place %lld: %s", (long long)id, ei.msg);
    rk_offers_release(&offers);
    plan_reoffer_release(&r);
}

/*
 * rk_advance() for a handler: as Randa itself (REOFFER_ACTOR), seeing
 * every offer of the place whatever the caller's scope; then as the
 * caller again.
 */
static void rk_advance_for(struct api_call *call, int64_t id)
{
    store_set_scope(call->store, NULL);
    store_set_actor(call->store, REOFFER_ACTOR);
    rk_advance(api_offerer(call->api), call->store, id);
    store_set_actor(call->store, call->auth.username);
    store_set_scope(call->store, &call->scope);
}

/* The answer of POST /freed/{id}/offers: the offers made. */
static void rk_send_offers(struct api_call *call, struct http_response *res,
                           int status, const int64_t *made, int n)
{
    struct err_info ei = {0};
    json_t *items = json_array();
    for (int i = 0; i < n; i++) {
        struct offer_item it;
        if (store_offer_get(call->store, made[i], &it, &ei) == 0)
            json_array_append_new(items, offer_json(&it));
    }
    http_json(res, status, json_pack("{s:o}", "items", items));
}

/* POST /freed/{id}/offers {"need_ids": [...], "answer_hours": 48} */
API_HANDLER(api_freed_offer)
{
    static const char *const fields[] = {"need_ids", "answer_hours", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct freed_item f;
    if (freed_target(call, req, res, &f))
        return;
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int64_t ids[STORE_LIST_MAX];
    int n = 0, hours = OFFER_HOURS_DEFAULT;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_ids(body, "need_ids", 1, ids, &n, &ei);
    if (rc == 0 && (n < 1 || n > REOFFER_OFFER_MAX))
        rc = err_set(&ei, ERR_INVAL, "need_ids", "need_ids: name 1 to %d needs",
                     REOFFER_OFFER_MAX);
    if (rc == 0)
        rc = api_field_int(body, "answer_hours", 0, OFFER_HOURS_MIN,
                           OFFER_HOURS_MAX, &hours, &ei);
    json_decref(body);
    struct plan_reoffer r;
    memset(&r, 0, sizeof(r));
    if (rc == 0 && f.f.closed_at[0])
        rc = err_set(&ei, ERR_CONFLICT, "id",
                     "the place was taken at %s: nothing is left to offer",
                     f.f.closed_at);
    if (rc == 0)
        rc = rk_rank_kept(api_offerer(call->api), call->store, &f,
                          api_this_week(), &r, &ei);
    if (rc == 0 && r.state == PLAN_REOFFER_PAST)
        rc = err_set(&ei, ERR_CONFLICT, "id",
                     "the place's weeks have passed: nothing is left to offer");
    int64_t made[REOFFER_OFFER_MAX];
    if (rc == 0)
        rc = rk_offer(call->store, &f, &r, ids, n, hours, 0, made, &ei);
    plan_reoffer_release(&r);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    api_notifier_poke(api_notifier(call->api));
    rk_send_offers(call, res, 201, made, n);
}

/* PATCH /freed/{id} {"auto_offers": N, "answer_hours": H} */
API_HANDLER(api_freed_update)
{
    static const char *const fields[] = {"auto_offers", "answer_hours", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    struct freed_item f;
    if (freed_target(call, req, res, &f))
        return;
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int autos = f.f.auto_offers, hours = f.f.answer_hours;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_int(body, "auto_offers", 0, 0, OFFER_AUTO_MAX, &autos,
                           &ei);
    if (rc == 0)
        rc = api_field_int(body, "answer_hours", 0, OFFER_HOURS_MIN,
                           OFFER_HOURS_MAX, &hours, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_freed_set_auto(call->store, f.f.id, autos, hours, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    /* Automatic offers go out at once, not at the next pass. */
    rk_advance_for(call, f.f.id);
    api_notifier_poke(api_notifier(call->api));
    json_t *o = NULL;
    if (freed_get_json(call->store, f.f.id, &o, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, o);
}

static int offer_each(const struct offer_item *it, void *arg)
{
    json_array_append_new(arg, offer_json(it));
    return 0;
}

/* GET /offers?trainee=&unit=&freed=&need=&status= */
static int offers_page(struct api_call *call, const struct http_request *req,
                       struct api_page *pg, struct err_info *ei)
{
    struct offer_filter f = {.status = -1};
    int rc = api_arg_id(req, "trainee", &f.trainee_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "unit", &f.unit_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "freed", &f.freed_id, ei);
    if (rc == 0)
        rc = api_arg_id(req, "need", &f.need_id, ei);
    if (rc == 0)
        rc = api_arg_vocab(req, "status", &vocab_offer_status, &f.status, ei);
    if (rc == 0)
        rc = store_offer_list(call->store, &f, pg->limit, pg->offset,
                              offer_each, pg->items, &pg->total, ei);
    return rc;
}

API_HANDLER(api_offers_list)
{
    api_list_run(req, res, ctx, offers_page);
}

static int offer_get_json(struct store *s, int64_t id, json_t **out,
                          struct err_info *ei)
{
    struct offer_item it;
    int rc = store_offer_get(s, id, &it, ei);
    if (rc == 0)
        *out = offer_json(&it);
    return rc;
}

API_HANDLER(api_offer_get)
{
    api_get_run(req, res, ctx, offer_get_json);
}

enum rk_answer { RK_ACCEPT, RK_DECLINE, RK_WITHDRAW };

/* Answers the offer in the path; an automatic place moves on after a
 * decline or withdrawal. */
static void rk_answer(struct http_request *req, struct http_response *res,
                      struct api_call *call, enum rk_answer how)
{
    struct err_info ei = {0};
    int64_t id = 0, booking = 0;
    int rc = api_path_id(req, "id", &id, &ei);
    struct offer_item it;
    if (rc == 0)
        rc = store_offer_get(call->store, id, &it, &ei);
    if (rc == 0 && how == RK_ACCEPT)
        rc = store_offer_accept(call->store, id, &booking, &ei);
    else if (rc == 0 && how == RK_DECLINE)
        rc = store_offer_decline(call->store, id, &ei);
    else if (rc == 0)
        rc = store_offer_withdraw(call->store, id, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    if (how != RK_ACCEPT)
        rk_advance_for(call, it.o.freed_id);
    /* Those told may want an e-mail now, not at the mail worker's poll. */
    api_notifier_poke(api_notifier(call->api));
    json_t *o = NULL;
    if (offer_get_json(call->store, id, &o, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, o);
}

API_HANDLER(api_offer_accept)
{
    rk_answer(req, res, ctx, RK_ACCEPT);
}

API_HANDLER(api_offer_decline)
{
    rk_answer(req, res, ctx, RK_DECLINE);
}

API_HANDLER(api_offer_withdraw)
{
    rk_answer(req, res, ctx, RK_WITHDRAW);
}

/* ---- watches ---- */

static json_t *watch_json(struct store *s, const struct place_watch *w)
{
    struct err_info ei = {0};
    struct specialty sp = {0};
    struct unit u = {0};
    struct goal g = {0};
    if (w->specialty_id)
        store_specialty_get(s, w->specialty_id, &sp, &ei);
    if (w->unit_id)
        store_unit_get(s, w->unit_id, &u, &ei);
    if (w->goal_id)
        store_goal_get(s, w->goal_id, &g, &ei);
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:i, s:o, s:o}", "id",
        (json_int_t)w->id, "specialty", api_specialty_ref(&sp), "unit",
        w->unit_id
            ? json_pack("{s:I, s:s}", "id", (json_int_t)u.id, "name", u.name)
            : json_null(),
        "goal",
        w->goal_id ? json_pack("{s:I, s:s, s:s}", "id", (json_int_t)g.id,
                               "code", g.code, "title", g.title)
                   : json_null(),
        "from_week", api_week(w->from_week), "to_week",
        api_week_last(w->to_week), "created_at", w->created_at, "hits", w->hits,
        "last_hit", api_opt_text(w->last_hit), "last_freed_id",
        api_id(w->last_freed_id));
}

struct watch_list {
    struct store *s;
    json_t *items;
};

static int watch_each(const struct place_watch *w, void *arg)
{
    struct watch_list *l = arg;
    json_array_append_new(l->items, watch_json(l->s, w));
    return 0;
}

static int watches_page(struct api_call *call, const struct http_request *req,
                        struct api_page *pg, struct err_info *ei)
{
    (void)req;
    struct watch_list l = {call->store, pg->items};
    return store_watch_list(call->store, call->auth.user_id, pg->limit,
                            pg->offset, watch_each, &l, &pg->total, ei);
}

API_HANDLER(api_watches_list)
{
    api_list_run(req, res, ctx, watches_page);
}

/* Reads a watch's fields onto w: specialty_id, unit_id, goal_id (null for
 * none), from_week, to_week (the last week, inclusive). */
static int watch_fields(json_t *body, int create, struct place_watch *w,
                        struct err_info *ei)
{
    static const char *const fields[] = {"specialty_id", "unit_id", "goal_id",
                                         "from_week",    "to_week", NULL};
    int last = w->to_week == STORE_NONE ? STORE_NONE : w->to_week - 1;
    int rc = api_fields_known(body, fields, ei);
    if (rc == 0)
        rc = api_field_id(body, "specialty_id", 0, 1, &w->specialty_id, ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 0, 1, &w->unit_id, ei);
    if (rc == 0)
        rc = api_field_id(body, "goal_id", 0, 1, &w->goal_id, ei);
    if (rc == 0)
        rc = api_field_week(body, "from_week", create, &w->from_week, ei);
    if (rc == 0)
        rc = api_field_week(body, "to_week", create, &last, ei);
    if (rc == 0 && last < w->from_week)
        rc = err_set(ei, ERR_INVAL, "to_week",
                     "to_week: must be from_week or later");
    w->to_week = last + 1;
    return rc;
}

static void watch_send(struct api_call *call, struct http_response *res,
                       int status, int64_t id)
{
    struct err_info ei = {0};
    struct place_watch w;
    if (store_watch_get(call->store, call->auth.user_id, id, &w, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, status, watch_json(call->store, &w));
}

API_HANDLER(api_watch_create)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct place_watch w = {0};
    w.user_id = call->auth.user_id;
    w.to_week = STORE_NONE;
    int rc = watch_fields(body, 1, &w, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_watch_insert(call->store, &w, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    watch_send(call, res, 201, w.id);
}

API_HANDLER(api_watch_get)
{
    struct api_call *call = ctx;
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id) == 0)
        watch_send(call, res, 200, id);
}

API_HANDLER(api_watch_update)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct place_watch w;
    int rc = store_watch_get(call->store, call->auth.user_id, id, &w, &ei);
    if (rc == 0)
        rc = watch_fields(body, 0, &w, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_watch_update(call->store, &w, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    watch_send(call, res, 200, id);
}

API_HANDLER(api_watch_delete)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    if (api_path_id_or_404(req, res, &id))
        return;
    if (store_watch_delete(call->store, call->auth.user_id, id, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}

/* ---- the offerer: one ticker ---- */

/* One pass: offers past their deadline expire, and every automatic place
 * that keeps too few offers open moves on to its next candidates. */
static int offerer_pass(struct ticker *t, void *arg)
{
    struct api_offerer *of = arg;
    struct err_info ei = {0};
    int64_t ids[REOFFER_PASS_MAX], more[REOFFER_PASS_MAX];
    int n = 0, m = 0;
    if (store_offer_expire(of->store, ids, REOFFER_PASS_MAX, &n, &ei) != 0)
        log_error("offers: expiring: %s", ei.msg);
    if (store_freed_wanting(of->store, api_this_week(), more, REOFFER_PASS_MAX,
                            &m, &ei) != 0)
        log_error("offers: automatic places: %s", ei.msg);
    for (int i = 0; i < m && !ticker_stopping(t); i++)
        rk_advance(of, of->store, more[i]);
    return 0;
}

int api_offerer_start(const char *db_path, int period, struct api_offerer **out,
                      struct err_info *ei)
{
    struct api_offerer *of = xcalloc(1, sizeof(*of));
    int rc = store_open(db_path, 0, &of->store, ei);
    if (rc) {
        free(of);
        return rc;
    }
    store_set_actor(of->store, REOFFER_ACTOR);
    pthread_mutex_init(&of->cache_lock, NULL);
    if (ticker_start(period > 0 ? period : API_OFFER_PASS_DEFAULT, offerer_pass,
                     of, &of->ticker) != 0) {
        pthread_mutex_destroy(&of->cache_lock);
        store_close(of->store);
        free(of);
        return err_set(ei, ERR_IO, "", "cannot start the offers' thread");
    }
    *out = of;
    return 0;
}

void api_offerer_stop(struct api_offerer *of)
{
    if (!of)
        return;
    ticker_stop(of->ticker);
    for (int i = 0; i < RK_CACHE_SLOTS; i++)
        plan_reoffer_release(&of->cache[i].r);
    pthread_mutex_destroy(&of->cache_lock);
    store_close(of->store);
    free(of);
}
