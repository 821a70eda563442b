/* A background thread running rounds of work (ticker.h). */
#include "util/ticker.h"

#include "util/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

struct ticker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop, poked; /* under lock */
    int period_s;
    ticker_round *round;
    void *arg;
};

static void *ticker_main(void *arg)
{
    struct ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        t->poked = 0;
        pthread_mutex_unlock(&t->lock);
        int more = t->round(t, t->arg);
        pthread_mutex_lock(&t->lock);
        if (more || t->stop || t->poked)
            continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += t->period_s;
        while (!t->stop && !t->poked &&
               pthread_cond_timedwait(&t->wake, &t->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int ticker_start(int period_s, ticker_round *round, void *arg,
                 struct ticker **out)
{
    struct ticker *t = xcalloc(1, sizeof(*t));
    t->period_s = period_s > 0 ? period_s : 1;
    t->round = round;
    t->arg = arg;
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, NULL);
    if (pthread_create(&t->thread, NULL, ticker_main, t) != 0) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        free(t);
        return -1;
    }
    *out = t;
    return 0;
}

void ticker_poke(struct ticker *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->poked = 1;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
}

int ticker_stopping(struct ticker *t)
{
    pthread_mutex_lock(&t->lock);
    int stop = t->stop;
    pthread_mutex_unlock(&t->lock);
    return stop;
}

void ticker_halt(struct ticker *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = 1;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
}

void ticker_stop(struct ticker *t)
{
    if (!t)
        return;
    ticker_halt(t);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    free(t);
}
