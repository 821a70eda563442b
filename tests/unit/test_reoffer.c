/*
 * The ranking of a freed place's candidates (solver/reoffer.h) on a region
 * made by hand, with every number worked out by hand below.
 *
 * Weeks 0..39; weights: unplaced 1000, late 20, shift 1. Unit gyn has one
 * seat in weeks 10-19 (the freed place) and one in 30-39; med has one seat
 * all along; vc is a home unit with at most one trainee away.
 *
 *   trainee  need                          without the place    with it
 *   a        gyn 10 w, preferred 10,       starts 30: 15 weeks  starts 10: 0
 *            deadline 25                   late (300) + 20      gain 320
 *                                          shift = 320
 *   b        gyn 10 w, preferred 30,       starts 30: 0         starts 10: 20
 *            deadline 40                                        gain -20
 *   c        gyn 10 w, leave weeks 12-13   not a candidate: the place's only
 *                                          10 weeks cross the leave
 *   d        gyn 15 w                      not a candidate: too long
 *   e        gyn 5 w, deadline 20          starts 30: 15 late   starts 10: 0
 *                                          = 300                gain 300
 *   f        gyn 8 w, latest end 25,       unplaced: 8 x 1000   starts 10: 0
 *            deadline 40                   = 8000               gain 8000
 *   g        gyn 4 w, home vc, whose one   not a candidate: vc's limit on
 *            trainee away (h, at med       trainees away is reached
 *            weeks 8-21) is away
 *   i        med 10 w from week 5, then    not a candidate: its predecessor
 *            gyn 10 w after it             cannot be done before week 15
 *
 * Ranked: f (8000), a (320), e (300), b (-20).
 *
 * Below, the rules of freed seat-weeks and their figures, by hand too.
 */
#include "domain/metrics.h"
#include "domain/reoffer.h"
#include "solver/reoffer.h"

#include <criterion/criterion.h>
#include <string.h>

static const char *const region =
    "{\"format\":\"randa-problem/1\",\"horizon\":{\"weeks\":40},"
    "\"weights\":{\"unplaced\":1000,\"late\":20,\"shift\":1},"
    "\"units\":["
    "{\"id\":\"gyn\",\"seats\":0,\"except\":[[10,20,1],[30,40,1]]},"
    "{\"id\":\"med\",\"seats\":1},"
    "{\"id\":\"home\",\"seats\":0},"
    "{\"id\":\"vc\",\"seats\":0,\"max_away\":1}],"
    "\"trainees\":["
    "{\"id\":\"a\",\"home\":\"home\",\"from\":0,\"deadline\":25,\"needs\":["
    "{\"id\":\"a-gyn\",\"preferred_start\":10,\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":10,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"b\",\"home\":\"home\",\"from\":0,\"deadline\":40,\"needs\":["
    "{\"id\":\"b-gyn\",\"preferred_start\":30,\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":10,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"c\",\"home\":\"home\",\"from\":0,\"deadline\":40,"
    "\"unavailable\":[[12,14]],\"needs\":["
    "{\"id\":\"c-gyn\",\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":10,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"d\",\"home\":\"home\",\"from\":0,\"deadline\":40,\"needs\":["
    "{\"id\":\"d-gyn\",\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":15,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"e\",\"home\":\"home\",\"from\":0,\"deadline\":20,\"needs\":["
    "{\"id\":\"e-gyn\",\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":5,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"f\",\"home\":\"home\",\"from\":0,\"deadline\":40,\"needs\":["
    "{\"id\":\"f-gyn\",\"latest_end\":25,\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":8,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"g\",\"home\":\"vc\",\"from\":0,\"deadline\":40,\"needs\":["
    "{\"id\":\"g-gyn\",\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":4,\"pattern\":\"full\"}]}]},"
    "{\"id\":\"h\",\"home\":\"vc\",\"from\":0,\"deadline\":40,\"needs\":["
    "{\"id\":\"h-med\",\"options\":["
    "{\"units\":[\"med\"],\"weeks\":14,\"pattern\":\"full\"}],"
    "\"fixed\":{\"option\":0,\"unit\":\"med\",\"start\":8}}]},"
    "{\"id\":\"i\",\"home\":\"home\",\"from\":0,\"deadline\":40,\"needs\":["
    "{\"id\":\"i-med\",\"earliest\":5,\"options\":["
    "{\"units\":[\"med\"],\"weeks\":10,\"pattern\":\"full\"}]},"
    "{\"id\":\"i-gyn\",\"after\":[\"i-med\"],\"options\":["
    "{\"units\":[\"gyn\"],\"weeks\":10,\"pattern\":\"full\"}]}]}"
    "]}";

static struct solver_problem *load(void)
{
    struct solver_problem *p = NULL;
    struct err_info ei = {0};
    cr_assert_eq(solver_problem_load(region, strlen(region), &p, &ei), 0, "%s",
                 ei.msg);
    return p;
}

/* The freed place: gyn's seat in weeks 10-19. */
static struct solver_reoffer_result rank(const struct solver_problem *p)
{
    static int freed[10] = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100};
    struct solver_reoffer_place pl = {solver_problem_unit(p, "gyn"), 10, 20,
                                      freed};
    struct solver_reoffer_result r;
    struct err_info ei = {0};
    cr_assert_eq(solver_reoffer_rank(p, &pl, 1, &r, &ei), 0, "%s", ei.msg);
    return r;
}

static const char *need_id(const struct solver_problem *p,
                           const struct solver_reoffer_candidate *c)
{
    return p->needs[c->need].id;
}

Test(reoffer, ranks_by_the_score_the_place_saves_computed_by_hand)
{
    struct solver_problem *p = load();
    struct solver_reoffer_result r = rank(p);
    cr_assert_eq(r.n, 4);
    const char *want[] = {"f-gyn", "a-gyn", "e-gyn", "b-gyn"};
    const long gains[] = {8000, 320, 300, -20};
    for (int i = 0; i < 4; i++) {
        cr_expect_str_eq(need_id(p, &r.c[i]), want[i], "rank %d", i + 1);
        cr_expect_eq(r.c[i].gain, gains[i], "%s: gain %ld", want[i],
                     (long)r.c[i].gain);
    }
    solver_reoffer_result_free(&r);
    solver_problem_free(p);
}

Test(reoffer, counts_every_need_that_names_the_unit_as_considered)
{
    struct solver_problem *p = load();
    struct solver_reoffer_result r = rank(p);
    /* a, b, c, d, e, f, g and i's gyn need; h's is fixed elsewhere. */
    cr_expect_eq(r.considered, 8);
    solver_reoffer_result_free(&r);
    solver_problem_free(p);
}

Test(reoffer, places_each_candidate_over_the_freed_weeks)
{
    struct solver_problem *p = load();
    struct solver_reoffer_result r = rank(p);
    int gyn = solver_problem_unit(p, "gyn");
    for (int i = 0; i < r.n; i++) {
        cr_expect_eq(r.c[i].at.unit, gyn);
        cr_expect(r.c[i].at.start < 20 && r.c[i].at.start + r.c[i].len > 10,
                  "%s starts %d", need_id(p, &r.c[i]), r.c[i].at.start);
    }
    cr_expect_eq(r.c[1].at.start, 10, "a starts at its preferred week");
    solver_reoffer_result_free(&r);
    solver_problem_free(p);
}

Test(reoffer, explains_the_gain_by_the_terms_of_the_score)
{
    struct solver_problem *p = load();
    struct solver_reoffer_result r = rank(p);
    /* f: unplaced without the place, placed with it. */
    cr_expect_eq(r.c[0].without.unplaced, 1);
    cr_expect_eq(r.c[0].without.unplaced_weeks, 8);
    cr_expect_eq(r.c[0].without.need_start, -1);
    cr_expect_eq(r.c[0].with.unplaced, 0);
    cr_expect_eq(r.c[0].with.need_start, 10);
    /* a: 15 weeks late and 20 from its preferred start, then neither. */
    cr_expect_eq(r.c[1].without.late, 15);
    cr_expect_eq(r.c[1].without.shift, 20);
    cr_expect_eq(r.c[1].without.end, 40);
    cr_expect_eq(r.c[1].with.late, 0);
    cr_expect_eq(r.c[1].with.shift, 0);
    cr_expect_eq(r.c[1].with.end, 20);
    /* b: the place moves it 20 weeks from its preferred start. */
    cr_expect_eq(r.c[3].without.shift, 0);
    cr_expect_eq(r.c[3].with.shift, 20);
    solver_reoffer_result_free(&r);
    solver_problem_free(p);
}

Test(reoffer, refuses_a_place_outside_the_problem)
{
    struct solver_problem *p = load();
    int freed[1] = {100};
    struct solver_reoffer_place pl = {solver_problem_unit(p, "gyn"), 39, 41,
                                      freed};
    struct solver_reoffer_result r;
    struct err_info ei = {0};
    cr_expect_eq(solver_reoffer_rank(p, &pl, 1, &r, &ei), ERR_INVAL);
    cr_expect_str_eq(ei.field, "weeks");
    pl = (struct solver_reoffer_place){99, 10, 11, freed};
    cr_expect_eq(solver_reoffer_rank(p, &pl, 1, &r, &ei), ERR_INVAL);
    cr_expect_str_eq(ei.field, "unit");
    solver_problem_free(p);
}

Test(reoffer, finds_no_candidate_when_the_freed_seat_is_taken_again)
{
    struct solver_problem *p = load();
    /* A booking took the seat back: the problem shows gyn full in 10-19. */
    int gyn = solver_problem_unit(p, "gyn");
    for (int w = 10; w < 20; w++)
        p->units[gyn].seats[w] = 0;
    struct solver_reoffer_result r = rank(p);
    cr_expect_eq(r.n, 0);
    solver_reoffer_result_free(&r);
    solver_problem_free(p);
}

/* ---- the rules of freed seat-weeks (domain/reoffer.h, domain/metrics.h) ----
 */

struct runs {
    int n, a[8], b[8], added[8];
};

static int run_each(int a, int b, int added, void *arg)
{
    struct runs *r = arg;
    r->a[r->n] = a;
    r->b[r->n] = b;
    r->added[r->n++] = added;
    return 0;
}

Test(reoffer, capacity_frees_only_the_seats_it_adds_from_now_on)
{
    /* A new period of 2 seats in weeks 10-29, seen in week 15. */
    struct runs r = {0};
    freed_capacity_runs(0, 0, 0, 10, 30, 2, 15, run_each, &r);
    cr_assert_eq(r.n, 1);
    cr_expect_eq(r.a[0], 15);
    cr_expect_eq(r.b[0], 30);
    cr_expect_eq(r.added[0], 2);
    /* 1 seat in 10-19 becomes 3 seats in 5-24: 3 added in 5-9 and 20-24,
     * 2 in 10-19. */
    r = (struct runs){0};
    freed_capacity_runs(10, 20, 1, 5, 25, 3, 0, run_each, &r);
    cr_assert_eq(r.n, 3);
    cr_expect(r.a[0] == 5 && r.b[0] == 10 && r.added[0] == 3);
    cr_expect(r.a[1] == 10 && r.b[1] == 20 && r.added[1] == 2);
    cr_expect(r.a[2] == 20 && r.b[2] == 25 && r.added[2] == 3);
    /* Fewer seats free nothing. */
    r = (struct runs){0};
    freed_capacity_runs(10, 20, 3, 10, 20, 1, 0, run_each, &r);
    cr_expect_eq(r.n, 0);
}

Test(reoffer,
     a_cancelled_booking_frees_its_weeks_from_now_on_as_it_occupied_them)
{
    int from, to;
    cr_assert(freed_booking_weeks(10, 30, 14, &from, &to));
    cr_expect(from == 14 && to == 30);
    cr_expect(!freed_booking_weeks(10, 14, 14, &from, &to), "ended already");
    /* An alternate booking from week 10 frees every other week from 10. */
    cr_expect_eq(freed_occupancy(PATTERN_ALTERNATE, 1, 10, 14), 100);
    cr_expect_eq(freed_occupancy(PATTERN_ALTERNATE, 1, 10, 15), 0);
    cr_expect_eq(freed_occupancy(PATTERN_HALF, 1, 10, 15), 50);
    cr_expect_eq(freed_occupancy(PATTERN_FULL, 3, 10, 9), 0);
}

Test(
    reoffer,
    freed_seat_weeks_count_as_reused_by_bookings_made_since_earlier_places_first)
{
    struct date d1 = {2027, 3, 1}, d2 = {2027, 3, 8}, before = {2027, 2, 1};
    /* Two places at unit 1: a seat in weeks 10-19 freed on d1, one in
     * weeks 15-24 freed on d2. */
    struct metrics_freed f[2] = {
        {1, d1, 10, 20, 10, PATTERN_FULL, 1, 0, 0, METRICS_NO_DATE},
        {1, d2, 15, 25, 15, PATTERN_FULL, 1, 0, 0, METRICS_NO_DATE},
    };
    /* A booking made on d2 over weeks 12-21 (after both), one made before
     * (it does not count), one at another unit. */
    struct metrics_booked b[3] = {
        {1, d2, 12, 22, PATTERN_FULL},
        {1, before, 10, 30, PATTERN_FULL},
        {2, d2, 10, 30, PATTERN_FULL},
    };
    metrics_reuse(f, 2, b, 3);
    /* The first place takes weeks 12-19 (8 seat-weeks); the second the
     * rest of the booking, weeks 20-21 (15-19 went to the first). */
    cr_expect_eq(f[0].freed, 1000);
    cr_expect_eq(f[0].reused, 800);
    cr_expect_eq(f[1].freed, 1000);
    cr_expect_eq(f[1].reused, 200);
    cr_expect(f[0].booked.day == 8 && f[1].booked.day == 8);
    struct metrics_window w;
    metrics_window(2027, (struct date){2027, 12, 31}, &w);
    long days = -1;
    struct metrics_count c = metrics_rebooked(&f[0], &w, &days);
    cr_expect_eq(c.verdict, METRICS_HIT);
    cr_expect_eq(days, 7);
    cr_expect_eq(metrics_freed_reuse(&f[1], &w).verdict, METRICS_HIT);
    /* An offer accepted counts in the numerator; one declined only in the
     * denominator; one of another year not at all. */
    cr_expect_eq(metrics_offer(d1, OFFER_ACCEPTED, &w).verdict, METRICS_HIT);
    cr_expect_eq(metrics_offer(d1, OFFER_DECLINED, &w).reason,
                 METRICS_R_DECLINED);
    cr_expect_eq(metrics_offer(before, OFFER_EXPIRED, &w).verdict,
                 METRICS_MISS);
    cr_expect_eq(
        metrics_offer((struct date){2026, 5, 1}, OFFER_GONE, &w).verdict,
        METRICS_SKIP);
}
