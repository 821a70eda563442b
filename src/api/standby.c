/*
 * The standby of randa serve --db-read: a pool of read-only connections
 * to a PostgreSQL standby that streams from the primary, for the requests
 * whose answer may lag the primary a little (api_route_may_lag()).
 *
 * A slot of the pool holds a connection or NULL (not connected yet, or
 * lost). The standby is "up" until connecting to it fails; then every
 * request goes to the primary, and once every API_STANDBY_RETRY_S one
 * request tries to connect again. Each change between up and down is
 * logged once; the requests sent to the primary instead are counted for
 * /metrics.
 */
#include "api/api_impl.h"

#include "util/buf.h"
#include "util/log.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Seconds between attempts to connect to a standby that did not answer. */
#define API_STANDBY_RETRY_S 5

struct api_standby {
    char *path;
    pthread_mutex_t lock;
    int nslots, nfree;
    struct store **free; /* the idle slots, a stack; NULL: not connected */
    int up;              /* 0 from a failed connect until one succeeds */
    int64_t retry_at;    /* while down: when to try again (api_clock()) */
    unsigned long long reads, behind, fallbacks;
};

/* Seconds on a clock that only goes forward. */
static int64_t api_clock(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec;
}

/* Notes that connecting failed (why in ei) and logs it when it was up. */
static void api_standby_down(struct api_standby *sb, const struct err_info *ei)
{
    pthread_mutex_lock(&sb->lock);
    int was_up = sb->up;
    sb->up = 0;
    sb->retry_at = api_clock() + API_STANDBY_RETRY_S;
    pthread_mutex_unlock(&sb->lock);
    if (was_up)
        log_warn("the standby (--db-read) does not answer, so the reads "
                 "that may lag go to the primary until it does: %s",
                 ei->msg);
}

/* Opens a connection to the standby: read-only, and at this binary's
 * schema version, which it only checks (it cannot migrate). */
static struct store *api_standby_connect(struct api_standby *sb)
{
    struct store *s = NULL;
    struct err_info ei = {0};
    if (store_open(sb->path, STORE_READONLY, &s, &ei) != 0) {
        api_standby_down(sb, &ei);
        return NULL;
    }
    store_set_actor(s, "randa serve");
    return s;
}

struct api_standby *api_standby_open(const char *path, int connections)
{
    struct api_standby *sb = xcalloc(1, sizeof(*sb));
    sb->path = xstrdup(path);
    pthread_mutex_init(&sb->lock, NULL);
    sb->nslots = connections > 0 ? connections : 1;
    sb->free = xcalloc((size_t)sb->nslots, sizeof(*sb->free));
    sb->nfree = sb->nslots;
    sb->up = 1;
    /* One connection now, to say at the start whether the standby
     * answers; the others as requests need them. */
    sb->free[sb->nfree - 1] = api_standby_connect(sb);
    if (sb->free[sb->nfree - 1])
        log_info("the reads that may lag go to the standby (--db-read)");
    return sb;
}

void api_standby_close(struct api_standby *sb)
{
    if (!sb)
        return;
    for (int i = 0; i < sb->nfree; i++)
        store_close(sb->free[i]);
    pthread_mutex_destroy(&sb->lock);
    free(sb->free);
    free(sb->path);
    free(sb);
}

/* How a request's use of the standby ended. */
enum api_standby_end {
    API_STANDBY_SERVED, /* the standby answered it */
    API_STANDBY_FAILED, /* a statement failed there: the primary serves it */
    API_STANDBY_BEHIND, /* the standby lacks the caller's write: likewise */
};

/* Puts slot s back, without its connection when that is lost, and
 * counts how the request ended. */
static void api_standby_end(struct api_standby *sb, struct store *s,
                            enum api_standby_end end)
{
    if (s && end == API_STANDBY_FAILED && !store_connected(s)) {
        store_close(s);
        s = NULL;
    }
    int back = 0;
    pthread_mutex_lock(&sb->lock);
    sb->free[sb->nfree++] = s;
    switch (end) {
    case API_STANDBY_SERVED:
        sb->reads++;
        back = !sb->up;
        sb->up = 1;
        break;
    case API_STANDBY_FAILED:
        sb->fallbacks++;
        break;
    case API_STANDBY_BEHIND:
        sb->behind++;
        break;
    }
    pthread_mutex_unlock(&sb->lock);
    if (back)
        log_info("the standby (--db-read) answers again: the reads that "
                 "may lag go to it again");
}

void api_standby_give(struct api_standby *sb, struct store *s, int failed)
{
    api_standby_end(sb, s, failed ? API_STANDBY_FAILED : API_STANDBY_SERVED);
}

struct store *api_standby_take(struct api_standby *sb, const char *wrote)
{
    int64_t now = api_clock();
    pthread_mutex_lock(&sb->lock);
    if (!sb->up && now < sb->retry_at) {
        sb->fallbacks++;
        pthread_mutex_unlock(&sb->lock);
        return NULL;
    }
    /* This request tries the standby that did not answer; the others
     * meanwhile go to the primary. */
    if (!sb->up)
        sb->retry_at = now + API_STANDBY_RETRY_S;
    if (sb->nfree == 0) { /* more requests than slots: the primary's */
        pthread_mutex_unlock(&sb->lock);
        return NULL;
    }
    struct store *s = sb->free[--sb->nfree];
    pthread_mutex_unlock(&sb->lock);

    if (!s && !(s = api_standby_connect(sb))) {
        api_standby_end(sb, NULL, API_STANDBY_FAILED);
        return NULL;
    }
    store_clear_failure(s);
    if (!wrote || !*wrote)
        return s;
    /* The caller wrote a moment ago: their reads go to the primary until
     * the standby has replayed that write. */
    int yes = 1;
    struct err_info ei = {0};
    int rc = store_wal_replayed(s, wrote, &yes, &ei);
    if (rc == ERR_INVAL) /* not a position: no write to wait for */
        return s;
    if (rc || !yes) {
        api_standby_end(sb, s, rc ? API_STANDBY_FAILED : API_STANDBY_BEHIND);
        return NULL;
    }
    return s;
}

void api_standby_metrics(struct api_standby *sb, struct buf *out)
{
    pthread_mutex_lock(&sb->lock);
    int up = sb->up;
    unsigned long long reads = sb->reads, behind = sb->behind,
                       fallbacks = sb->fallbacks;
    pthread_mutex_unlock(&sb->lock);
    buf_addf(out,
             "# HELP randa_db_standby_up 1 while the standby (--db-read) "
             "answers, 0 while the reads that may lag go to the primary.\n"
             "# TYPE randa_db_standby_up gauge\n"
             "randa_db_standby_up %d\n"
             "# HELP randa_db_standby_reads_total Requests that may lag "
             "served by the standby.\n"
             "# TYPE randa_db_standby_reads_total counter\n"
             "randa_db_standby_reads_total %llu\n"
             "# HELP randa_db_standby_fallbacks_total Requests that may lag "
             "served by the primary because the standby did not answer or "
             "failed.\n"
             "# TYPE randa_db_standby_fallbacks_total counter\n"
             "randa_db_standby_fallbacks_total %llu\n"
             "# HELP randa_db_standby_behind_total Requests that may lag "
             "served by the primary because the standby had not yet "
             "replayed the caller's own last write.\n"
             "# TYPE randa_db_standby_behind_total counter\n"
             "randa_db_standby_behind_total %llu\n",
             up, reads, fallbacks, behind);
}
