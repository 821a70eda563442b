/* Unit tests for the ticker, the thread behind the server's workers
 * (util/ticker.h). Each round is counted and waited for with a deadline far
 * beyond what any round needs; the periods are an hour, so any second
 * round seen comes from a poke or from a round that asked for more. */
#include <criterion/criterion.h>

#include <pthread.h>
#include <time.h>

#include "util/ticker.h"

struct rounds {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int count;      /* rounds begun */
    int more_until; /* rounds before this one answer 1 */
    int hold;       /* while set, a round waits in itself */
    int held;       /* a round is waiting in itself */
    int saw_stop;   /* a round ended because the ticker was stopping */
};

static struct rounds r;

static void rounds_init(void)
{
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.changed, NULL);
}

TestSuite(ticker, .init = rounds_init, .timeout = 30);

static int count_round(struct ticker *t, void *arg)
{
    (void)arg;
    pthread_mutex_lock(&r.lock);
    int n = ++r.count;
    pthread_cond_broadcast(&r.changed);
    while (r.hold) {
        r.held = 1;
        pthread_cond_broadcast(&r.changed);
        pthread_mutex_unlock(&r.lock);
        if (ticker_stopping(t)) {
            pthread_mutex_lock(&r.lock);
            r.saw_stop = 1;
            r.held = 0;
            break;
        }
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
        pthread_mutex_lock(&r.lock);
    }
    r.held = 0;
    pthread_mutex_unlock(&r.lock);
    return n < r.more_until;
}

/* Waits until *what reaches at least n; fails after 10 s. */
static void wait_for(const int *what, int n)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 10;
    pthread_mutex_lock(&r.lock);
    int rc = 0;
    while (*what < n && rc == 0)
        rc = pthread_cond_timedwait(&r.changed, &r.lock, &until);
    int got = *what;
    pthread_mutex_unlock(&r.lock);
    cr_assert_geq(got, n, "waited for %d, saw %d", n, got);
}

/* The count after a pause long enough for a spinning thread to run many
 * more rounds. */
static int count_after_pause(void)
{
    struct timespec pause = {0, 300000000};
    nanosleep(&pause, NULL);
    pthread_mutex_lock(&r.lock);
    int n = r.count;
    pthread_mutex_unlock(&r.lock);
    return n;
}

Test(ticker, runs_a_round_at_once_then_waits_its_period)
{
    struct ticker *t = NULL;
    cr_assert_eq(ticker_start(3600, count_round, NULL, &t), 0);
    wait_for(&r.count, 1);
    cr_assert_eq(count_after_pause(), 1);
    ticker_stop(t);
}

Test(ticker, a_poke_runs_the_next_round_without_the_period)
{
    struct ticker *t = NULL;
    cr_assert_eq(ticker_start(3600, count_round, NULL, &t), 0);
    wait_for(&r.count, 1);
    ticker_poke(t);
    wait_for(&r.count, 2);
    cr_assert_eq(count_after_pause(), 2);
    ticker_stop(t);
}

Test(ticker, a_round_with_more_to_do_is_followed_at_once)
{
    r.more_until = 4; /* rounds 1-3 answer 1, round 4 answers 0 */
    struct ticker *t = NULL;
    cr_assert_eq(ticker_start(3600, count_round, NULL, &t), 0);
    wait_for(&r.count, 4);
    cr_assert_eq(count_after_pause(), 4);
    ticker_stop(t);
}

Test(ticker, a_poke_during_a_round_is_kept)
{
    r.hold = 1;
    struct ticker *t = NULL;
    cr_assert_eq(ticker_start(3600, count_round, NULL, &t), 0);
    wait_for(&r.held, 1);
    ticker_poke(t);
    pthread_mutex_lock(&r.lock);
    r.hold = 0;
    pthread_mutex_unlock(&r.lock);
    wait_for(&r.count, 2);
    ticker_stop(t);
}

Test(ticker, stop_ends_a_wait_and_a_round_that_asks)
{
    r.hold = 1;
    struct ticker *t = NULL;
    cr_assert_eq(ticker_start(3600, count_round, NULL, &t), 0);
    wait_for(&r.held, 1);
    /* The round holds until it sees the stop; the suite's timeout fails a
     * stop that waits for the hour instead. */
    ticker_stop(t);
    cr_assert_eq(r.saw_stop, 1);
    cr_assert_eq(r.count, 1, "no round after the stop");
}

Test(ticker, nothing_to_poke_or_stop_is_no_error)
{
    ticker_poke(NULL);
    ticker_halt(NULL);
    ticker_stop(NULL);
    struct ticker *t = NULL;
    cr_assert_eq(ticker_start(3600, count_round, NULL, &t), 0);
    wait_for(&r.count, 1);
    ticker_stop(t); /* stopped while waiting its period */
    cr_assert_eq(r.count, 1);
}
