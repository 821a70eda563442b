/*
 * The API's state that every part of it reads (api_impl.h): the pool of
 * store connections, the cache of rendered responses, the log-in settings
 * and the workers api_open() starts. It calls no other file of api/: the
 * resource files and the dispatch (api.c) stand on it.
 */
#include "api/api_impl.h"
#include "api/sso.h"

#include "util/password.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A rendered response, right while the store's generation is unchanged. */
struct api_cached {
    char key[256];
    int64_t generation;
    char *body;
    size_t len;
    unsigned long long used; /* tick of the last hit, for eviction */
};

#define API_CACHE_SLOTS 32

struct api {
    char *db_path;
    pthread_mutex_t cache_lock;
    struct api_cached cache[API_CACHE_SLOTS];
    unsigned long long tick;
    struct http_server *server;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    int nstores;
    int nfree;
    struct store **stores; /* all connections */
    struct store **free;   /* the idle ones, a stack */
    struct api_security security;
    struct api_workers w;
};

struct api *api__new(const struct api_options *o, struct err_info *ei)
{
    struct api *a = xcalloc(1, sizeof(*a));
    a->db_path = xstrdup(o->db_path);
    a->security = (struct api_security){
        .idle_s = o->session_idle_s > 0 ? o->session_idle_s : 30 * 60,
        .max_s = o->session_max_s > 0 ? o->session_max_s : 12 * 3600,
        .window_s = 15 * 60,
        .user_limit = 5,
        .addr_limit = 50,
        .lock_s = 15 * 60,
        .delay_ms = 250,
    };
    char secret[SECRET_LEN + 1];
    secret_new(secret);
    if (password_init() != 0 ||
        password_hash(secret, a->security.dummy_hash, ei) != 0) {
        free(a->db_path);
        free(a);
        err_set(ei, ERR_IO, "password", "cannot start libsodium");
        return NULL;
    }
    a->nstores = o->connections > 0 ? o->connections : 1;
    a->stores = xcalloc((size_t)a->nstores, sizeof(*a->stores));
    a->free = xcalloc((size_t)a->nstores, sizeof(*a->free));
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->freed, NULL);
    pthread_mutex_init(&a->cache_lock, NULL);
    for (int i = 0; i < a->nstores; i++) {
        if (store_open(o->db_path, o->store_flags, &a->stores[i], ei) != 0) {
            a->nstores = i;
            api__free(a);
            return NULL;
        }
        store_set_actor(a->stores[i], "randa serve");
        a->free[a->nfree++] = a->stores[i];
    }
    return a;
}

void api__free(struct api *a)
{
    if (!a)
        return;
    for (int i = 0; i < a->nstores; i++)
        store_close(a->stores[i]);
    pthread_cond_destroy(&a->freed);
    pthread_mutex_destroy(&a->lock);
    for (int i = 0; i < API_CACHE_SLOTS; i++)
        free(a->cache[i].body);
    pthread_mutex_destroy(&a->cache_lock);
    free(a->stores);
    free(a->free);
    free(a->db_path);
    free(a);
}

struct api_workers *api__workers(struct api *a)
{
    return &a->w;
}

struct store *api__acquire(struct api *a)
{
    pthread_mutex_lock(&a->lock);
    while (a->nfree == 0)
        pthread_cond_wait(&a->freed, &a->lock);
    struct store *s = a->free[--a->nfree];
    pthread_mutex_unlock(&a->lock);
    return s;
}

void api__release(struct api *a, struct store *s)
{
    pthread_mutex_lock(&a->lock);
    a->free[a->nfree++] = s;
    pthread_cond_signal(&a->freed);
    pthread_mutex_unlock(&a->lock);
}

void api_set_server(struct api *a, struct http_server *server)
{
    a->server = server;
}

struct http_server *api__server(struct api *a)
{
    return a->server;
}

const struct api_security *api_security(struct api *a)
{
    return &a->security;
}

struct api_sso *api_sso(struct api *a)
{
    return a->w.sso;
}

struct plan_worker *api_planner(struct api *a)
{
    return a->w.planner;
}

struct api_notifier *api_notifier(struct api *a)
{
    return a->w.notifier;
}

struct api_exchanger *api_exchanger(struct api *a)
{
    return a->w.exchanger;
}

struct api_offerer *api_offerer(struct api *a)
{
    return a->w.offerer;
}

int api_cache_get(struct api *a, const char *key, int64_t generation,
                  struct http_response *res)
{
    int hit = 0;
    pthread_mutex_lock(&a->cache_lock);
    for (int i = 0; i < API_CACHE_SLOTS && !hit; i++) {
        struct api_cached *c = &a->cache[i];
        if (c->body && c->generation == generation &&
            strcmp(c->key, key) == 0) {
            c->used = ++a->tick;
            http_text(res, 200, "application/json", c->body, c->len);
            hit = 1;
        }
    }
    pthread_mutex_unlock(&a->cache_lock);
    return hit;
}

void api_cache_put(struct api *a, const char *key, int64_t generation,
                   const char *body, size_t len)
{
    if (strlen(key) >= sizeof(a->cache[0].key))
        return;
    char *copy = xmalloc(len + 1);
    memcpy(copy, body, len);
    copy[len] = '\0';
    pthread_mutex_lock(&a->cache_lock);
    /* The same key's slot, else an empty one, else the least used. */
    int slot = 0;
    for (int i = 0; i < API_CACHE_SLOTS; i++) {
        struct api_cached *c = &a->cache[i];
        if (c->body && strcmp(c->key, key) == 0) {
            slot = i;
            break;
        }
        if (!c->body || (a->cache[slot].body && c->used < a->cache[slot].used))
            slot = i;
    }
    struct api_cached *c = &a->cache[slot];
    free(c->body);
    snprintf(c->key, sizeof(c->key), "%s", key);
    c->generation = generation;
    c->body = copy;
    c->len = len;
    c->used = ++a->tick;
    pthread_mutex_unlock(&a->cache_lock);
}
