/*
 * Exchange of places between regions (issue 17): the coordinator's routes
 * (peers, offers and wants published, requests, swaps, messages), the
 * inbox peers post their messages to, and the sender thread that empties
 * the outbox with backoff. The protocol is in docs/exchange.md.
 */
#include "api/api_impl.h"

#include "domain/pattern.h"
#include "exchange/swap.h"
#include "exchange/xmsg.h"
#include "store/exchange.h"
#include "util/log.h"
#include "util/password.h"
#include "util/ticker.h"
#include "util/xalloc.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How far a message's sent_at may be from the receiver's clock: older is
 * refused as a replay of a message whose id may be forgotten one day. */
#define X_SKEW_S (24 * 3600)
/* Messages the sender takes from the outbox at a time. */
#define X_BATCH 32

struct api_exchanger {
    struct ticker *ticker;
    struct store *store;
    char self[XMSG_CODE_MAX];
    int poll_s, backoff_max_s;
};

/* ---- the outbox ---- */

/* Queues a message of kind to peer p with body (taken over). */
static int x_queue(struct store *s, const char *self, const struct xpeer *p,
                   enum xmsg_kind kind, json_t *body, struct err_info *ei)
{
    char id[XMSG_ID_LEN + 1];
    xmsg_new_id(id);
    char *text = xmsg_build(id, self, p->code, kind, store_now(s), body);
    int rc = store_xmsg_queue(s, p->id, id, xmsg_kind_name(kind), text, ei);
    free(text);
    return rc;
}

/* Queues this region's catalogue to every active peer. */
static int x_publish(struct store *s, const char *self, struct err_info *ei)
{
    json_t *peers = NULL, *body = NULL;
    int rc = store_xpeer_list(s, &peers, ei);
    if (rc == 0)
        rc = store_xcatalog(s, &body, ei);
    size_t i;
    json_t *pj;
    json_array_foreach(peers, i, pj)
    {
        if (rc || strcmp(json_string_value(json_object_get(pj, "state")),
                         "active") != 0)
            continue;
        struct xpeer p;
        rc = store_xpeer_get(s, json_integer_value(json_object_get(pj, "id")),
                             &p, ei);
        if (rc == 0)
            rc = x_queue(s, self, &p, XMSG_CATALOG, json_incref(body), ei);
    }
    json_decref(body);
    json_decref(peers);
    return rc;
}

struct x_reply {
    char text[512];
    size_t n;
};

static size_t x_reply_write(char *data, size_t size, size_t nmemb, void *arg)
{
    struct x_reply *r = arg;
    size_t n = size * nmemb;
    size_t room = sizeof(r->text) - 1 - r->n;
    size_t take = n < room ? n : room;
    memcpy(r->text + r->n, data, take);
    r->n += take;
    r->text[r->n] = '\0';
    return n;
}

/*
 * Posts body to peer p's inbox. Returns 1 delivered (2xx, or 409 "the id
 * was received before": a retry of a message whose answer was lost), 0 to
 * try again, -1 never to try again (the peer refuses it as malformed).
 */
static int x_post(const struct xpeer *p, const char *body, char *err,
                  size_t errsize)
{
    if (!p->peer_token[0]) {
        snprintf(err, errsize, "no token for the peer yet");
        return 0;
    }
    char url[400], auth[160];
    size_t ulen = strlen(p->url);
    snprintf(url, sizeof(url), "%.*s/api/v1/exchange/inbox",
             (int)(ulen && p->url[ulen - 1] == '/' ? ulen - 1 : ulen), p->url);
    snprintf(auth, sizeof(auth), "Authorization: Bearer %s", p->peer_token);
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errsize, "curl_easy_init failed");
        return 0;
    }
    struct curl_slist *h = curl_slist_append(NULL, auth);
    h = curl_slist_append(h, "Content-Type: application/json");
    struct x_reply reply = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, x_reply_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
    /* The peer's certificate: its public key pinned, or a CA given;
     * never unchecked. */
    if (p->pin[0])
        curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, p->pin);
    if (p->ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, p->ca_file);
    if (p->pin[0] && !p->ca_file[0]) {
        /* A pinned key stands for the chain (a peer's self-signed
         * certificate); the name must still match. */
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    CURLcode cc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (cc != CURLE_OK) {
        snprintf(err, errsize, "%s", curl_easy_strerror(cc));
        return 0;
    }
    if (status >= 200 && status < 300)
        return 1;
    snprintf(err, errsize, "HTTP %ld: %.200s", status, reply.text);
    /* 409: the peer has it already (a retry whose answer was lost, a swap
     * it knows). */
    if (status == 409)
        return 1;
    /* Refused as malformed or inapplicable: trying again cannot help;
     * the outbox shows it failed, with the peer's reason. */
    if (status == 400 || status == 413 || status == 422)
        return -1;
    return 0;
}

/* One pass over the outbox, the sender's round: sends what is due; 1 when
 * it sent a whole batch (more may be due). */
static int x_pass(struct ticker *t, void *arg)
{
    struct api_exchanger *x = arg;
    struct xmsg_due due[X_BATCH];
    int n = 0, sent = 0;
    struct err_info ei = {0};
    if (store_xmsg_due(x->store, due, X_BATCH, &n, &ei) != 0) {
        log_error("exchange: reading the outbox: %s", ei.msg);
        return 0;
    }
    int64_t failed[X_BATCH];
    int nfailed = 0;
    for (int i = 0; i < n; i++) {
        struct xpeer p;
        char err[300] = "";
        int outcome, behind = 0;
        /* A peer's messages go in order: none overtakes one that waits.
         * When the server stops, the rest wait in the outbox. */
        for (int j = 0; j < nfailed; j++)
            behind |= failed[j] == due[i].peer_id;
        if (behind || ticker_stopping(t)) {
            free(due[i].body);
            continue;
        }
        if (store_xpeer_get(x->store, due[i].peer_id, &p, &ei) != 0)
            outcome = 0;
        else if (strcmp(p.state, "removed") == 0)
            outcome = -1, snprintf(err, sizeof(err), "peer removed");
        else
            outcome = x_post(&p, due[i].body, err, sizeof(err));
        /* Backoff: 1, 2, 4, ... seconds, at most backoff_max_s. */
        int a = due[i].attempts < 20 ? due[i].attempts : 20;
        int64_t delay = (int64_t)1 << a;
        if (delay > x->backoff_max_s)
            delay = x->backoff_max_s;
        if (outcome == 1)
            sent++;
        else
            failed[nfailed++] = due[i].peer_id;
        if (outcome != 1)
            log_info("exchange: message to %s not delivered (%s); again in "
                     "%llds",
                     p.code, err, (long long)delay);
        if (store_xmsg_sent(x->store, due[i].id, outcome == 1, outcome < 0,
                            store_now(x->store) + delay, err, &ei) != 0)
            log_error("exchange: recording a send: %s", ei.msg);
        free(due[i].body);
    }
    return sent > 0 && n == X_BATCH;
}

/* This region's code: given, else its first region's, folded to
 * [a-z0-9-]. */
static void x_self_code(struct store *s, const char *given, char *out)
{
    snprintf(out, XMSG_CODE_MAX, "%s", given ? given : "");
    if (!out[0]) {
        struct region r;
        struct err_info ei = {0};
        if (store_region_get(s, 1, &r, &ei) == 0)
            snprintf(out, XMSG_CODE_MAX, "%.32s", r.code);
        else
            snprintf(out, XMSG_CODE_MAX, "randa");
    }
    for (char *c = out; *c; c++) {
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        else if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
            *c = '-';
    }
}

int api_exchanger_start(const char *db_path, const char *self, int poll_s,
                        int backoff_max_s, struct api_exchanger **out,
                        struct err_info *ei)
{
    /* libcurl's global state, before this thread uses it (counted: the
     * e-mail's sender may hold it too). */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return err_set(ei, ERR_IO, "", "cannot start libcurl");
    struct api_exchanger *x = xcalloc(1, sizeof(*x));
    int rc = store_open(db_path, 0, &x->store, ei);
    if (rc) {
        free(x);
        curl_global_cleanup();
        return rc;
    }
    store_set_actor(x->store, "randa exchange");
    x_self_code(x->store, self, x->self);
    x->poll_s = poll_s > 0 ? poll_s : 5;
    x->backoff_max_s = backoff_max_s > 0 ? backoff_max_s : 300;
    if (ticker_start(x->poll_s, x_pass, x, &x->ticker) != 0) {
        store_close(x->store);
        free(x);
        curl_global_cleanup();
        return err_set(ei, ERR_IO, "", "cannot start the exchange's thread");
    }
    *out = x;
    return 0;
}

void api_exchanger_stop(struct api_exchanger *x)
{
    if (!x)
        return;
    ticker_stop(x->ticker);
    store_close(x->store);
    free(x);
    curl_global_cleanup();
}

/* ---- helpers of the routes ---- */

static const char *x_self(struct api_call *call)
{
    struct api_exchanger *x = api_exchanger(call->api);
    return x ? x->self : "randa";
}

/* Commits the transaction begun for a write (or rolls it back on rc),
 * wakes the sender, and answers: body with status, or the failure. */
static void x_finish(struct api_call *call, struct http_response *res, int rc,
                     struct err_info *ei, int status, json_t *body)
{
    if (rc == 0)
        rc = store_commit(call->store, ei);
    else
        store_rollback(call->store);
    if (rc) {
        json_decref(body);
        api_fail_body(res, ei);
        return;
    }
    struct api_exchanger *x = api_exchanger(call->api);
    ticker_poke(x ? x->ticker : NULL);
    http_json(res, status, body ? body : json_object());
}

/* A page of the array items (taken over), as a list answers. */
static void x_page(const struct http_request *req, struct http_response *res,
                   json_t *items)
{
    struct err_info ei = {0};
    int limit, offset;
    if (api_arg_page(req, &limit, &offset, &ei)) {
        json_decref(items);
        api_fail(res, &ei);
        return;
    }
    json_t *page = json_array();
    size_t total = json_array_size(items);
    for (size_t i = (size_t)offset;
         i < total && i < (size_t)offset + (size_t)limit; i++)
        json_array_append(page, json_array_get(items, i));
    json_decref(items);
    http_json(res, 200, api_list(page, (int64_t)total, limit, offset));
}

static void x_list_or_fail(const struct http_request *req,
                           struct http_response *res, int rc, json_t *items,
                           struct err_info *ei)
{
    if (rc) {
        json_decref(items);
        api_fail(res, ei);
        return;
    }
    x_page(req, res, items);
}

/* ---- peers ---- */

static json_t *x_peer_json(const struct xpeer *p)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:s, s:b}", "id",
                     (json_int_t)p->id, "code", p->code, "name", p->name, "url",
                     p->url, "state", p->state, "pinned", p->pin[0] != '\0',
                     "ca_file", p->ca_file, "token_set",
                     p->peer_token[0] != '\0');
}

API_HANDLER(api_exchange_overview)
{
    struct api_call *call = ctx;
    (void)req;
    http_json(res, 200, json_pack("{s:s}", "region", x_self(call)));
}

API_HANDLER(api_xpeers_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *items = NULL;
    int rc = store_xpeer_list(call->store, &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

/* Reads url, pin, ca_file and token of a peer's body into p. */
static int x_peer_fields(json_t *body, struct xpeer *p, int create,
                         struct err_info *ei)
{
    int rc = api_field_text(body, "url", create, 8, p->url, sizeof(p->url), ei);
    if (rc == 0 && strncmp(p->url, "https://", 8) != 0 &&
        strncmp(p->url, "http://", 7) != 0)
        rc = err_set(ei, ERR_INVAL, "url", "url: must start with https://");
    if (rc == 0)
        rc = api_field_text(body, "pin", 0, 0, p->pin, sizeof(p->pin), ei);
    if (rc == 0 && p->pin[0] && strncmp(p->pin, "sha256//", 8) != 0)
        rc = err_set(ei, ERR_INVAL, "pin",
                     "pin: must be sha256//BASE64 of the peer's public key");
    if (rc == 0)
        rc = api_field_text(body, "ca_file", 0, 0, p->ca_file,
                            sizeof(p->ca_file), ei);
    if (rc == 0)
        rc = api_field_text(body, "token", 0, 0, p->peer_token,
                            sizeof(p->peer_token), ei);
    return rc;
}

API_HANDLER(api_xpeer_create)
{
    static const char *const fields[] = {"code",    "name",  "url", "pin",
                                         "ca_file", "token", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct xpeer p = {0};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_text(body, "code", 1, 1, p.code, sizeof(p.code), &ei);
    if (rc == 0 && !xmsg_code_valid(p.code))
        rc = err_set(&ei, ERR_INVAL, "code", "code: 1..32 of a-z, 0-9 and -");
    if (rc == 0 && strcmp(p.code, x_self(call)) == 0)
        rc = err_set(&ei, ERR_INVAL, "code", "code: this region's own code");
    if (rc == 0)
        rc = api_field_text(body, "name", 1, 1, p.name, sizeof(p.name), &ei);
    if (rc == 0)
        rc = x_peer_fields(body, &p, 1, &ei);
    json_decref(body);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    snprintf(p.state, sizeof(p.state), "active");
    /* The token the peer will present here: shown once, kept hashed. */
    char secret[SECRET_LEN + 1], hash[SECRET_HASH_LEN + 1];
    secret_new(secret);
    secret_hash(secret, hash);
    rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xpeer_create(call->store, &p, hash, &ei);
    json_t *o = x_peer_json(&p);
    json_object_set_new(o, "token", json_string(secret));
    json_object_set_new(o, "region", json_string(x_self(call)));
    /* The catalogue goes out with the first pass the token allows. */
    json_t *cat = NULL;
    if (rc == 0)
        rc = store_xcatalog(call->store, &cat, &ei);
    if (rc == 0)
        rc = x_queue(call->store, x_self(call), &p, XMSG_CATALOG, cat, &ei);
    x_finish(call, res, rc, &ei, 201, o);
}

/* Peer id of the path into p, or ERR_NOTFOUND naming "id" when no peer has
 * it or it was removed. */
static int x_peer_at(struct api_call *call, int64_t id, struct xpeer *p,
                     struct err_info *ei)
{
    int rc = store_xpeer_get(call->store, id, p, ei);
    if (rc == ERR_NOTFOUND || (rc == 0 && strcmp(p->state, "removed") == 0))
        rc = err_set(ei, ERR_NOTFOUND, "id", "id: no peer has id %lld",
                     (long long)id);
    return rc;
}

API_HANDLER(api_xpeer_update)
{
    static const char *const fields[] = {"url",   "pin",   "ca_file",
                                         "token", "state", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    json_t *body = api_path_body(req, res, &id);
    if (!body)
        return;
    struct xpeer p;
    char state[XPEER_STATE_MAX] = "";
    if (x_peer_at(call, id, &p, &ei) != 0) {
        json_decref(body);
        api_fail(res, &ei);
        return;
    }
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = x_peer_fields(body, &p, 0, &ei);
    if (rc == 0)
        rc = api_field_text(body, "state", 0, 1, state, sizeof(state), &ei);
    if (rc == 0 && state[0] && strcmp(state, "active") != 0 &&
        strcmp(state, "paused") != 0)
        rc = err_set(&ei, ERR_INVAL, "state", "state: active or paused");
    json_decref(body);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    int resumed = state[0] && strcmp(state, "active") == 0 &&
                  strcmp(p.state, "active") != 0;
    if (state[0])
        snprintf(p.state, sizeof(p.state), "%s", state);
    rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xpeer_update(call->store, &p, NULL, &ei);
    json_t *cat = NULL;
    if (rc == 0 && resumed)
        rc = store_xcatalog(call->store, &cat, &ei);
    if (rc == 0 && resumed)
        rc = x_queue(call->store, x_self(call), &p, XMSG_CATALOG, cat, &ei);
    x_finish(call, res, rc, &ei, 200, x_peer_json(&p));
}

API_HANDLER(api_xpeer_remove)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct xpeer p;
    int rc = x_peer_at(call, id, &p, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    /* At once: the token it presents is forgotten (a random hash no token
     * has), and so is the one presented to it. */
    char secret[SECRET_LEN + 1], hash[SECRET_HASH_LEN + 1];
    secret_new(secret);
    secret_hash(secret, hash);
    snprintf(p.state, sizeof(p.state), "removed");
    p.peer_token[0] = '\0';
    rc = store_xpeer_update(call->store, &p, hash, &ei);
    if (rc) {
        api_fail(res, &ei);
        return;
    }
    http_text(res, 204, "application/json", "", 0);
}

/* ---- offers and wants this region publishes ---- */

API_HANDLER(api_xoffers_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *cat = NULL;
    int rc = store_xcatalog(call->store, &cat, &ei);
    json_t *items = rc ? NULL : json_incref(json_object_get(cat, "offers"));
    json_decref(cat);
    x_list_or_fail(req, res, rc, items, &ei);
}

API_HANDLER(api_xoffer_create)
{
    static const char *const fields[] = {
        "unit_id", "from_week",    "to_week",       "weeks", "patterns",
        "seats",   "contact_role", "contact_email", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct xoffer o = {.patterns = 1u, .seats = 1};
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "unit_id", 1, 0, &o.unit_id, &ei);
    if (rc == 0)
        rc = api_field_week(body, "from_week", 1, &o.from_week, &ei);
    if (rc == 0)
        rc = api_field_week(body, "to_week", 1, &o.to_week, &ei);
    if (rc == 0)
        rc = api_field_int(body, "weeks", 1, 1, 104, &o.weeks, &ei);
    if (rc == 0)
        rc = api_field_patterns(body, "patterns", 0, &o.patterns, &ei);
    if (rc == 0)
        rc = api_field_int(body, "seats", 0, 1, 100, &o.seats, &ei);
    if (rc == 0)
        rc = api_field_text(body, "contact_role", 0, 1, o.contact_role,
                            sizeof(o.contact_role), &ei);
    if (rc == 0)
        rc = api_field_text(body, "contact_email", 1, 3, o.contact_email,
                            sizeof(o.contact_email), &ei);
    json_decref(body);
    if (rc == 0 && !o.contact_role[0])
        snprintf(o.contact_role, sizeof(o.contact_role), "studierektor");
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xoffer_create(call->store, &o, &ei);
    if (rc == 0)
        rc = x_publish(call->store, x_self(call), &ei);
    x_finish(
        call, res, rc, &ei, 201,
        json_pack("{s:I, s:s}", "id", (json_int_t)o.id, "state", "published"));
}

/* Withdraws an offer (want: a want) and publishes the catalogue again. */
static void x_withdraw(struct http_request *req, struct http_response *res,
                       struct api_call *call, int want)
{
    struct err_info ei = {0};
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    int rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = want ? store_xwant_withdraw(call->store, id, &ei)
                  : store_xoffer_withdraw(call->store, id, &ei);
    if (rc == 0)
        rc = x_publish(call->store, x_self(call), &ei);
    x_finish(
        call, res, rc, &ei, 200,
        json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "withdrawn"));
}

API_HANDLER(api_xoffer_withdraw)
{
    x_withdraw(req, res, ctx, 0);
}

API_HANDLER(api_xwants_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *cat = NULL;
    int rc = store_xcatalog(call->store, &cat, &ei);
    json_t *items = rc ? NULL : json_incref(json_object_get(cat, "wants"));
    json_decref(cat);
    x_list_or_fail(req, res, rc, items, &ei);
}

API_HANDLER(api_xwant_create)
{
    static const char *const fields[] = {"specialty_id", "weeks", "seats",
                                         NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int64_t specialty_id = 0, id = 0;
    int weeks = 0, seats = 1;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "specialty_id", 1, 0, &specialty_id, &ei);
    if (rc == 0)
        rc = api_field_int(body, "weeks", 1, 1, 104, &weeks, &ei);
    if (rc == 0)
        rc = api_field_int(body, "seats", 0, 1, 100, &seats, &ei);
    json_decref(body);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xwant_create(call->store, specialty_id, weeks, seats, &id,
                                &ei);
    if (rc == 0)
        rc = x_publish(call->store, x_self(call), &ei);
    x_finish(call, res, rc, &ei, 201,
             json_pack("{s:I, s:s}", "id", (json_int_t)id, "state", "open"));
}

API_HANDLER(api_xwant_withdraw)
{
    x_withdraw(req, res, ctx, 1);
}

API_HANDLER(api_xremote_offers)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *items = NULL;
    int rc = store_xremote_list(call->store, "offer", &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

API_HANDLER(api_xremote_wants)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *items = NULL;
    int rc = store_xremote_list(call->store, "want", &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

/* ---- requests ---- */

API_HANDLER(api_xrequests_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    const char *dir = NULL;
    int rc = api_arg_text(req, "direction", &dir, &ei);
    if (rc == 0 && dir && strcmp(dir, "in") != 0 && strcmp(dir, "out") != 0)
        rc = err_set(&ei, ERR_SYNTAX, "direction", "direction: in or out");
    json_t *items = NULL;
    if (rc == 0)
        rc = store_xrequest_list(call->store, dir, &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

/* The codes of a need's goals, as a JSON array. */
static json_t *x_goal_codes(struct store *s, const struct need *n)
{
    json_t *a = json_array();
    for (int i = 0; i < n->ngoals && i < XMSG_GOALS_MAX; i++) {
        struct goal g;
        struct err_info ei = {0};
        if (store_goal_get(s, n->goal_ids[i], &g, &ei) == 0)
            json_array_append_new(a, json_string(g.code));
    }
    return a;
}

API_HANDLER(api_xrequest_create)
{
    static const char *const fields[] = {"offer_id", "need_id", "start_week",
                                         "pattern", NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    int64_t offer_id = 0, peer_id = 0;
    struct xrequest r = {0};
    enum pattern pat = PATTERN_FULL;
    int rc = api_fields_known(body, fields, &ei);
    if (rc == 0)
        rc = api_field_id(body, "offer_id", 1, 0, &offer_id, &ei);
    if (rc == 0)
        rc = api_field_id(body, "need_id", 1, 0, &r.need_id, &ei);
    if (rc == 0)
        rc = api_field_week(body, "start_week", 0, &r.start_week, &ei);
    if (rc == 0)
        rc = api_field_pattern(body, "pattern", 0, &pat, &ei);
    json_decref(body);
    json_t *doc = NULL;
    struct need need;
    struct specialty sp;
    if (rc == 0)
        rc = store_xremote_get(call->store, offer_id, &doc, &peer_id, &ei);
    if (rc == 0 && (store_need_get(call->store, r.need_id, &need, &ei) != 0 ||
                    !api_scope_sees(call, "need", r.need_id)))
        rc = err_set(&ei, ERR_INVAL, "need_id", "need_id: no need %lld",
                     (long long)r.need_id);
    if (rc == 0 && need.status != NEED_OPEN)
        rc = err_set(&ei, ERR_CONFLICT, "need_id",
                     "need_id: the need is not "
                     "open");
    if (rc == 0 &&
        (!need.specialty_id ||
         store_specialty_get(call->store, need.specialty_id, &sp, &ei) != 0))
        rc = err_set(&ei, ERR_INVAL, "need_id",
                     "need_id: the need names no specialty");
    if (rc == 0 && strcmp(sp.code, json_string_value(
                                       json_object_get(doc, "specialty"))) != 0)
        rc = err_set(&ei, ERR_INVAL, "offer_id",
                     "offer_id: the offer is of another specialty than the "
                     "need");
    int from = 0, to = 0;
    if (rc == 0) {
        week_parse(json_string_value(json_object_get(doc, "from_week")), &from);
        week_parse(json_string_value(json_object_get(doc, "to_week")), &to);
        if (!r.start_week)
            r.start_week = from;
        if (r.start_week < from || r.start_week + need.weeks > to)
            rc = err_set(&ei, ERR_INVAL, "start_week",
                         "start_week: the rotation must fit in the offer's "
                         "weeks");
        if (rc == 0 && json_integer_value(json_object_get(doc, "free")) < 1)
            rc = err_set(&ei, ERR_CONFLICT, "offer_id",
                         "offer_id: no seat left");
    }
    if (rc) {
        json_decref(doc);
        api_fail_body(res, &ei);
        return;
    }
    /* What leaves the region: the need's shape and a random reference,
     * never who the trainee is. */
    xmsg_new_id(r.ref);
    snprintf(r.direction, sizeof(r.direction), "out");
    r.peer_id = peer_id;
    r.remote_id = json_integer_value(json_object_get(doc, "remote_id"));
    if (!r.remote_id)
        r.remote_id = json_integer_value(json_object_get(doc, "id"));
    r.trainee_id = need.trainee_id;
    snprintf(r.specialty, sizeof(r.specialty), "%s", sp.code);
    json_t *goals = x_goal_codes(call->store, &need);
    char *gtext = json_dumps(goals, JSON_COMPACT);
    snprintf(r.goals, sizeof(r.goals), "%s", gtext);
    free(gtext);
    r.weeks = need.weeks;
    snprintf(r.pattern, sizeof(r.pattern), "%s", pattern_name(pat));
    snprintf(r.status, sizeof(r.status), "requested");
    struct xpeer p;
    rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xpeer_get(call->store, peer_id, &p, &ei);
    if (rc == 0)
        rc = store_xrequest_create(call->store, &r, &ei);
    char week[16];
    week_format(r.start_week, week);
    if (rc == 0)
        rc = x_queue(call->store, x_self(call), &p, XMSG_REQUEST,
                     json_pack("{s:s, s:I, s:s, s:O, s:s, s:i, s:s}", "ref",
                               r.ref, "offer", (json_int_t)r.remote_id,
                               "specialty", r.specialty, "goals", goals,
                               "start_week", week, "weeks", r.weeks, "pattern",
                               r.pattern),
                     &ei);
    json_decref(goals);
    json_decref(doc);
    x_finish(call, res, rc, &ei, 201,
             json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)r.id, "ref",
                       r.ref, "status", r.status, "peer", p.code));
}

/* Accepts, declines or cancels request id: to is the new status. Only a
 * request in may be accepted or declined; either may be cancelled. */
static void x_request_decide(struct http_request *req,
                             struct http_response *res, struct api_call *call,
                             const char *to)
{
    struct err_info ei = {0};
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    struct xrequest r;
    struct xpeer p;
    int cancel = strcmp(to, "cancelled") == 0;
    int rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xrequest_get(call->store, id, &r, &ei);
    if (rc == 0)
        rc = store_xpeer_get(call->store, r.peer_id, &p, &ei);
    if (rc == 0 && !cancel && strcmp(r.direction, "in") != 0)
        rc = err_set(&ei, ERR_INVAL, "id",
                     "the region that owns the place answers a request");
    if (rc == 0 && !cancel && strcmp(r.status, "requested") != 0)
        rc = err_set(&ei, ERR_CONFLICT, "status", "status: already %s",
                     r.status);
    if (rc == 0 && cancel && strcmp(r.status, "requested") != 0 &&
        strcmp(r.status, "accepted") != 0)
        rc = err_set(&ei, ERR_CONFLICT, "status", "status: already %s",
                     r.status);
    /* The last seat: read inside this write, so that of two acceptances
     * at once one finds it taken. */
    if (rc == 0 && strcmp(to, "accepted") == 0) {
        int free_seats = 0;
        rc = store_xoffer_free(call->store, r.offer_id, &free_seats, &ei);
        if (rc == 0 && free_seats < 1)
            rc = err_set(&ei, ERR_CONFLICT, "offer",
                         "offer %lld has no seat left", (long long)r.offer_id);
    }
    if (rc == 0)
        rc = store_xrequest_set_status(call->store, id, to, &ei);
    if (rc == 0 && cancel)
        rc = x_queue(
            call->store, x_self(call), &p, XMSG_CANCEL,
            json_pack("{s:s, s:s}", "ref", r.ref, "side",
                      strcmp(r.direction, "out") == 0 ? "guest" : "host"),
            &ei);
    else if (rc == 0)
        rc = x_queue(call->store, x_self(call), &p, XMSG_ANSWER,
                     json_pack("{s:s, s:s}", "ref", r.ref, "status", to), &ei);
    if (rc == 0 && strcmp(r.direction, "in") == 0 &&
        strcmp(to, "declined") != 0)
        rc = x_publish(call->store, x_self(call), &ei);
    x_finish(call, res, rc, &ei, 200,
             json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "ref", r.ref,
                       "status", to));
}

API_HANDLER(api_xrequest_accept)
{
    x_request_decide(req, res, ctx, "accepted");
}

API_HANDLER(api_xrequest_decline)
{
    x_request_decide(req, res, ctx, "declined");
}

API_HANDLER(api_xrequest_cancel)
{
    x_request_decide(req, res, ctx, "cancelled");
}

/* ---- swaps ---- */

/* The index of code in regions (n of them), added when new. */
static int x_region_index(char (*regions)[XMSG_CODE_MAX], int *n,
                          const char *code)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(regions[i], code) == 0)
            return i;
    snprintf(regions[*n], XMSG_CODE_MAX, "%s", code);
    return (*n)++;
}

static int x_specialty_index(json_t *specs, const char *code)
{
    size_t i;
    json_t *v;
    json_array_foreach(specs, i, v)
    {
        if (strcmp(json_string_value(v), code) == 0)
            return (int)i;
    }
    json_array_append_new(specs, json_string(code));
    return (int)json_array_size(specs) - 1;
}

/* Adds entries (offers or wants) of region code to items and refs. */
static void x_items_add(json_t *entries, const char *code, int offer,
                        char (*regions)[XMSG_CODE_MAX], int *nregions,
                        json_t *specs, struct swap_item **items, int *n,
                        size_t *cap, json_t *refs)
{
    size_t i;
    json_t *e;
    json_array_foreach(entries, i, e)
    {
        if (*nregions >= 64)
            return;
        const char *c = code ? code
                             : json_string_value(json_object_get(
                                   json_object_get(e, "peer"), "code"));
        xgrow((void **)items, cap, (size_t)*n + 1, sizeof(**items));
        struct swap_item *it = &(*items)[(*n)++];
        it->region = x_region_index(regions, nregions, c);
        it->specialty = x_specialty_index(
            specs, json_string_value(json_object_get(e, "specialty")));
        it->weeks = (int)json_integer_value(json_object_get(e, "weeks"));
        it->seats = (int)json_integer_value(
            json_object_get(e, offer ? "free" : "seats"));
        json_t *id = json_object_get(e, code ? "id" : "remote_id");
        json_array_append_new(refs, json_pack("{s:s, s:O, s:O}", "region", c,
                                              "id", id, "specialty",
                                              json_object_get(e, "specialty")));
    }
}

/* Sends kind about swap uid to every participant of legs but self. */
static int x_swap_tell(struct store *s, const char *self, json_t *legs,
                       enum xmsg_kind kind, json_t *body, struct err_info *ei)
{
    int rc = 0;
    size_t i;
    json_t *leg;
    json_array_foreach(legs, i, leg)
    {
        const char *giver = json_string_value(json_object_get(leg, "giver"));
        struct xpeer p;
        if (rc || strcmp(giver, self) == 0)
            continue;
        rc = store_xpeer_by_code(s, giver, &p, ei);
        if (rc == 0)
            rc = x_queue(s, self, &p, kind, json_incref(body), ei);
    }
    json_decref(body);
    return rc;
}

/* Whether a swap proposed or approved has these legs already. */
static int x_swap_pending(json_t *swaps, json_t *legs)
{
    size_t i;
    json_t *sw;
    json_array_foreach(swaps, i, sw)
    {
        const char *st = json_string_value(json_object_get(sw, "state"));
        if ((strcmp(st, "proposed") == 0 || strcmp(st, "approved") == 0) &&
            json_equal(json_object_get(sw, "legs"), legs))
            return 1;
    }
    return 0;
}

API_HANDLER(api_xswap_search)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    const char *self = x_self(call);
    json_t *cat = NULL, *roffers = NULL, *rwants = NULL, *swaps = NULL;
    json_t *specs = json_array(), *orefs = json_array(), *wrefs = json_array();
    json_t *proposed = json_array();
    struct swap_item *offers = NULL, *wants = NULL;
    int noffers = 0, nwants = 0, nregions = 0, ncycles = 0, optimal = 1;
    size_t ocap = 0, wcap = 0;
    char(*regions)[XMSG_CODE_MAX] = xcalloc(64, XMSG_CODE_MAX);
    struct swap_cycle *cycles = NULL;
    (void)req;
    int rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xcatalog(call->store, &cat, &ei);
    if (rc == 0)
        rc = store_xremote_list(call->store, "offer", &roffers, &ei);
    if (rc == 0)
        rc = store_xremote_list(call->store, "want", &rwants, &ei);
    if (rc == 0)
        rc = store_xswap_list(call->store, &swaps, &ei);
    if (rc == 0) {
        x_region_index(regions, &nregions, self);
        x_items_add(json_object_get(cat, "offers"), self, 1, regions, &nregions,
                    specs, &offers, &noffers, &ocap, orefs);
        x_items_add(roffers, NULL, 1, regions, &nregions, specs, &offers,
                    &noffers, &ocap, orefs);
        x_items_add(json_object_get(cat, "wants"), self, 0, regions, &nregions,
                    specs, &wants, &nwants, &wcap, wrefs);
        x_items_add(rwants, NULL, 0, regions, &nregions, specs, &wants, &nwants,
                    &wcap, wrefs);
        swap_find(offers, noffers, wants, nwants, &cycles, &ncycles, &optimal);
    }
    /* Each region proposes the cycles it is part of; the others are
     * theirs to find. */
    for (int c = 0; rc == 0 && c < ncycles; c++) {
        json_t *legs = json_array();
        int mine = 0;
        for (int l = 0; l < cycles[c].n; l++) {
            json_t *o = json_array_get(orefs, (size_t)cycles[c].legs[l].offer);
            json_t *w = json_array_get(wrefs, (size_t)cycles[c].legs[l].want);
            const char *giver = json_string_value(json_object_get(o, "region"));
            mine |= strcmp(giver, self) == 0;
            json_array_append_new(
                legs, json_pack("{s:O, s:O, s:O, s:O, s:O, s:i}", "giver",
                                json_object_get(o, "region"), "receiver",
                                json_object_get(w, "region"), "offer",
                                json_object_get(o, "id"), "want",
                                json_object_get(w, "id"), "specialty",
                                json_object_get(o, "specialty"), "weeks",
                                wants[cycles[c].legs[l].want].weeks));
        }
        if (!mine || x_swap_pending(swaps, legs)) {
            json_decref(legs);
            continue;
        }
        char uid[XMSG_ID_LEN + 1];
        int64_t sid = 0;
        xmsg_new_id(uid);
        rc = store_xswap_insert(call->store, uid, self, legs, cycles[c].weeks,
                                &sid, &ei);
        if (rc == 0)
            rc = x_swap_tell(call->store, self, legs, XMSG_SWAP_PROPOSE,
                             json_pack("{s:s, s:i, s:O}", "uid", uid, "weeks",
                                       cycles[c].weeks, "legs", legs),
                             &ei);
        json_array_append_new(proposed,
                              json_pack("{s:I, s:s, s:o, s:i}", "id",
                                        (json_int_t)sid, "uid", uid, "legs",
                                        legs, "weeks", cycles[c].weeks));
    }
    free(cycles);
    free(offers);
    free(wants);
    free(regions);
    json_decref(cat);
    json_decref(roffers);
    json_decref(rwants);
    json_decref(swaps);
    json_decref(specs);
    json_decref(orefs);
    json_decref(wrefs);
    x_finish(call, res, rc, &ei, 200,
             json_pack("{s:o, s:b}", "proposed", proposed, "optimal", optimal));
}

API_HANDLER(api_xswaps_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *items = NULL;
    int rc = store_xswap_list(call->store, &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

/* Whether every giver of the swap has approved. */
static int x_swap_all_approved(json_t *sw)
{
    size_t i, j;
    json_t *leg, *a;
    json_array_foreach(json_object_get(sw, "legs"), i, leg)
    {
        int found = 0;
        json_array_foreach(json_object_get(sw, "approvals"), j, a)
        {
            found |= json_equal(a, json_object_get(leg, "giver"));
        }
        if (!found)
            return 0;
    }
    return 1;
}

/* Holds (hold), books (book) or releases (neither) this region's legs of
 * swap sw: the seat it gives is held from its approval on, and both its
 * legs are booked once every region has approved. */
static int x_swap_apply(struct store *s, const char *self, json_t *sw,
                        const char *what, struct err_info *ei)
{
    int rc = 0;
    int64_t swap_id = json_integer_value(json_object_get(sw, "id"));
    const char *uid = json_string_value(json_object_get(sw, "uid"));
    size_t i;
    json_t *leg;
    json_array_foreach(json_object_get(sw, "legs"), i, leg)
    {
        const char *giver = json_string_value(json_object_get(leg, "giver"));
        const char *recv = json_string_value(json_object_get(leg, "receiver"));
        int gives = strcmp(giver, self) == 0, gets = strcmp(recv, self) == 0;
        if (rc || (!gives && !gets))
            continue;
        struct xpeer p;
        rc = store_xpeer_by_code(s, gives ? recv : giver, &p, ei);
        struct xrequest r;
        int have =
            rc == 0 && store_xrequest_by_ref(s, p.id, gives ? "in" : "out", uid,
                                             &r, ei) == 0;
        if (rc)
            break;
        if (strcmp(what, "hold") == 0 && gives && !have) {
            int64_t offer = json_integer_value(json_object_get(leg, "offer"));
            int free_seats = 0;
            rc = store_xoffer_free(s, offer, &free_seats, ei);
            if (rc == 0 && free_seats < 1)
                rc = err_set(ei, ERR_CONFLICT, "offer",
                             "offer %lld has no seat left", (long long)offer);
            struct xrequest n = {
                .peer_id = p.id, .offer_id = offer, .swap_id = swap_id};
            snprintf(n.ref, sizeof(n.ref), "%s", uid);
            snprintf(n.direction, sizeof(n.direction), "in");
            snprintf(n.specialty, sizeof(n.specialty), "%s",
                     json_string_value(json_object_get(leg, "specialty")));
            n.weeks = (int)json_integer_value(json_object_get(leg, "weeks"));
            n.start_week = 0;
            snprintf(n.pattern, sizeof(n.pattern), "full");
            snprintf(n.status, sizeof(n.status), "requested");
            if (rc == 0)
                rc = store_xrequest_create(s, &n, ei);
        } else if (strcmp(what, "book") == 0 && gives && have) {
            rc = store_xrequest_set_status(s, r.id, "accepted", ei);
        } else if (strcmp(what, "book") == 0 && gets && !have) {
            struct xrequest n = {.peer_id = p.id, .swap_id = swap_id};
            n.remote_id = json_integer_value(json_object_get(leg, "offer"));
            snprintf(n.ref, sizeof(n.ref), "%s", uid);
            snprintf(n.direction, sizeof(n.direction), "out");
            snprintf(n.specialty, sizeof(n.specialty), "%s",
                     json_string_value(json_object_get(leg, "specialty")));
            n.weeks = (int)json_integer_value(json_object_get(leg, "weeks"));
            snprintf(n.pattern, sizeof(n.pattern), "full");
            snprintf(n.status, sizeof(n.status), "accepted");
            rc = store_xrequest_create(s, &n, ei);
            if (rc == 0)
                rc = store_xwant_take(
                    s, json_integer_value(json_object_get(leg, "want")), 1, ei);
        } else if (strcmp(what, "release") == 0 && gives && have &&
                   strcmp(r.status, "requested") == 0) {
            rc = store_xrequest_set_status(s, r.id, "cancelled", ei);
        }
    }
    return rc;
}

/* Records region code's approval of swap sw, and books when it was the
 * last one missing. */
static int x_swap_approved_by(struct store *s, const char *self, json_t *sw,
                              const char *code, struct err_info *ei)
{
    json_t *approvals = json_deep_copy(json_object_get(sw, "approvals"));
    size_t i;
    json_t *a;
    int seen = 0;
    json_array_foreach(approvals, i, a)
    {
        seen |= strcmp(json_string_value(a), code) == 0;
    }
    if (!seen)
        json_array_append_new(approvals, json_string(code));
    json_object_set(sw, "approvals", approvals);
    int all = x_swap_all_approved(sw);
    int rc = 0;
    if (all)
        rc = x_swap_apply(s, self, sw, "book", ei);
    if (rc == 0)
        rc = store_xswap_set(s, json_integer_value(json_object_get(sw, "id")),
                             approvals, all ? "booked" : "proposed", ei);
    json_decref(approvals);
    return rc;
}

static void x_swap_decide(struct http_request *req, struct http_response *res,
                          struct api_call *call, int approve)
{
    struct err_info ei = {0};
    const char *self = x_self(call);
    int64_t id;
    if (api_path_id_or_404(req, res, &id))
        return;
    json_t *sw = NULL;
    int rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xswap_get(call->store, id, NULL, &sw, &ei);
    if (rc == 0 && strcmp(json_string_value(json_object_get(sw, "state")),
                          "proposed") != 0)
        rc = err_set(&ei, ERR_CONFLICT, "state", "state: the swap is %s",
                     json_string_value(json_object_get(sw, "state")));
    if (rc == 0) {
        size_t i;
        json_t *a;
        json_array_foreach(json_object_get(sw, "approvals"), i, a)
        {
            if (rc == 0 && strcmp(json_string_value(a), self) == 0)
                rc = err_set(&ei, ERR_CONFLICT, "state",
                             "state: this region approved it already");
        }
    }
    if (rc == 0 && approve)
        rc = x_swap_apply(call->store, self, sw, "hold", &ei);
    if (rc == 0 && approve)
        rc = x_swap_approved_by(call->store, self, sw, self, &ei);
    if (rc == 0 && !approve)
        rc = store_xswap_set(call->store, id, json_object_get(sw, "approvals"),
                             "declined", &ei);
    if (rc == 0)
        rc = x_swap_tell(call->store, self, json_object_get(sw, "legs"),
                         approve ? XMSG_SWAP_APPROVE : XMSG_SWAP_DECLINE,
                         json_pack("{s:O}", "uid", json_object_get(sw, "uid")),
                         &ei);
    if (rc == 0)
        rc = x_publish(call->store, self, &ei);
    json_t *after = NULL;
    if (rc == 0)
        rc = store_xswap_get(call->store, id, NULL, &after, &ei);
    json_decref(sw);
    x_finish(call, res, rc, &ei, 200, after);
}

API_HANDLER(api_xswap_approve)
{
    x_swap_decide(req, res, ctx, 1);
}

API_HANDLER(api_xswap_decline)
{
    x_swap_decide(req, res, ctx, 0);
}

/* ---- messages and history ---- */

API_HANDLER(api_xmessages_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    const char *dir = NULL;
    int rc = api_arg_text(req, "direction", &dir, &ei);
    if (rc == 0 && !dir)
        dir = "out";
    if (rc == 0 && strcmp(dir, "in") != 0 && strcmp(dir, "out") != 0)
        rc = err_set(&ei, ERR_SYNTAX, "direction", "direction: in or out");
    json_t *items = NULL;
    if (rc == 0)
        rc = store_xmsg_list(call->store, dir, 5000, &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

API_HANDLER(api_xhistory)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *items = NULL;
    int rc = store_xhistory(call->store, &items, &ei);
    x_list_or_fail(req, res, rc, items, &ei);
}

/* ---- the inbox ---- */

/* Applies message m from peer p inside the caller's transaction. */
static int x_apply(struct store *s, const char *self, const struct xpeer *p,
                   const struct xmsg *m, struct err_info *ei)
{
    json_t *b = m->body;
    const char *ref = json_string_value(json_object_get(b, "ref"));
    struct xrequest r;
    int rc = 0;
    switch (m->kind) {
    case XMSG_CATALOG:
        return store_xremote_replace(s, p->id, b, ei);
    case XMSG_REQUEST: {
        /* A request for an offer no longer published is taken and
         * declined at once, so that the requesting region learns it. */
        int free_seats = 0;
        struct err_info gone = {0};
        int64_t offer = json_integer_value(json_object_get(b, "offer"));
        int open = store_xoffer_free(s, offer, &free_seats, &gone) == 0;
        struct xrequest n = {.peer_id = p->id, .offer_id = open ? offer : 0};
        snprintf(n.ref, sizeof(n.ref), "%s", ref);
        snprintf(n.direction, sizeof(n.direction), "in");
        snprintf(n.specialty, sizeof(n.specialty), "%s",
                 json_string_value(json_object_get(b, "specialty")));
        char *g = json_dumps(json_object_get(b, "goals"), JSON_COMPACT);
        snprintf(n.goals, sizeof(n.goals), "%s", g);
        free(g);
        week_parse(json_string_value(json_object_get(b, "start_week")),
                   &n.start_week);
        n.weeks = (int)json_integer_value(json_object_get(b, "weeks"));
        snprintf(n.pattern, sizeof(n.pattern), "%s",
                 json_string_value(json_object_get(b, "pattern")));
        snprintf(n.status, sizeof(n.status), "%s",
                 open ? "requested" : "declined");
        rc = store_xrequest_create(s, &n, ei);
        if (rc == 0 && !open)
            rc = x_queue(
                s, self, p, XMSG_ANSWER,
                json_pack("{s:s, s:s}", "ref", ref, "status", "declined"), ei);
        return rc;
    }
    case XMSG_ANSWER:
        rc = store_xrequest_by_ref(s, p->id, "out", ref, &r, ei);
        if (rc)
            return err_set(ei, ERR_NOTFOUND, "body.ref",
                           "body.ref: no request of yours");
        /* An answer to a request cancelled here meanwhile changes
         * nothing: the cancellation is on its way to the peer. */
        if (strcmp(r.status, "requested") != 0)
            return 0;
        return store_xrequest_set_status(
            s, r.id, json_string_value(json_object_get(b, "status")), ei);
    case XMSG_CANCEL: {
        /* The sender's side says which of this region's rows it is. */
        int guest =
            strcmp(json_string_value(json_object_get(b, "side")), "guest") == 0;
        rc = store_xrequest_by_ref(s, p->id, guest ? "in" : "out", ref, &r, ei);
        if (rc)
            return err_set(ei, ERR_NOTFOUND, "body.ref",
                           "body.ref: no request of yours");
        if (strcmp(r.status, "cancelled") == 0 ||
            strcmp(r.status, "declined") == 0)
            return 0;
        rc = store_xrequest_set_status(s, r.id, "cancelled", ei);
        return rc ? rc : x_publish(s, self, ei);
    }
    case XMSG_SWAP_PROPOSE: {
        json_t *legs = json_object_get(b, "legs");
        size_t i;
        json_t *leg;
        int mine = 0, from_in = 0;
        json_array_foreach(legs, i, leg)
        {
            const char *g = json_string_value(json_object_get(leg, "giver"));
            struct xpeer q;
            mine |= strcmp(g, self) == 0;
            from_in |= strcmp(g, m->from) == 0;
            if (rc == 0 && strcmp(g, self) != 0 &&
                store_xpeer_by_code(s, g, &q, ei) != 0)
                rc = err_set(ei, ERR_INVAL, "body.legs",
                             "body.legs: region %s is not connected here", g);
        }
        if (rc == 0 && (!mine || !from_in))
            rc = err_set(ei, ERR_INVAL, "body.legs",
                         "body.legs: a swap of this region with the sender");
        int64_t id = 0;
        if (rc == 0)
            rc = store_xswap_insert(
                s, json_string_value(json_object_get(b, "uid")), m->from, legs,
                (int)json_integer_value(json_object_get(b, "weeks")), &id, ei);
        return rc;
    }
    case XMSG_SWAP_APPROVE:
    case XMSG_SWAP_DECLINE: {
        json_t *sw = NULL;
        rc = store_xswap_get(s, 0, json_string_value(json_object_get(b, "uid")),
                             &sw, ei);
        if (rc)
            return err_set(ei, ERR_NOTFOUND, "body.uid", "body.uid: no swap");
        int part = 0;
        size_t i;
        json_t *leg;
        json_array_foreach(json_object_get(sw, "legs"), i, leg)
        {
            part |= strcmp(json_string_value(json_object_get(leg, "giver")),
                           m->from) == 0;
        }
        const char *state = json_string_value(json_object_get(sw, "state"));
        if (!part)
            rc = err_set(ei, ERR_INVAL, "from", "from: not in the swap");
        else if (strcmp(state, "proposed") != 0)
            rc = 0; /* booked or declined already: nothing changes */
        else if (m->kind == XMSG_SWAP_APPROVE)
            rc = x_swap_approved_by(s, self, sw, m->from, ei);
        else {
            rc = x_swap_apply(s, self, sw, "release", ei);
            if (rc == 0)
                rc = store_xswap_set(
                    s, json_integer_value(json_object_get(sw, "id")),
                    json_object_get(sw, "approvals"), "declined", ei);
            if (rc == 0)
                rc = x_publish(s, self, ei);
        }
        json_decref(sw);
        return rc;
    }
    default:
        return err_set(ei, ERR_INVAL, "kind", "kind: not handled");
    }
}

API_HANDLER(api_exchange_inbox)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    const char *self = x_self(call);
    /* The message is read first, as strictly as any outside input (the
     * format is public; a malformed one is refused the same to all). */
    struct xmsg m;
    if (xmsg_parse(req->body, req->body_len, &m, &ei) != 0) {
        api_fail_body(res, &ei);
        return;
    }
    /* 403, not 401: the inbox is no log-in route, and a region without a
     * token of this one has nothing to log in with. */
    const char *auth = req->authorization;
    char hash[SECRET_HASH_LEN + 1];
    struct xpeer p;
    if (auth && strncmp(auth, "Bearer ", 7) == 0)
        secret_hash(auth + 7, hash);
    if (!auth || strncmp(auth, "Bearer ", 7) != 0 ||
        store_xpeer_by_token(call->store, hash, &p, &ei) != 0) {
        xmsg_release(&m);
        http_error(res, 403, "unknown_peer", NULL,
                   "no connected region has this federation token "
                   "(Authorization: Bearer)");
        return;
    }
    if (strcmp(p.state, "active") != 0) {
        xmsg_release(&m);
        http_error(res, 403, "paused", NULL,
                   "the exchange with this region is paused");
        return;
    }
    /* A token is scoped to one region: a message must say it comes from
     * that region and is meant for this one. */
    int rc = 0;
    if (strcmp(m.from, p.code) != 0)
        rc = err_set(&ei, ERR_INVAL, "from",
                     "from: not the region of the token");
    else if (strcmp(m.to, self) != 0)
        rc = err_set(&ei, ERR_INVAL, "to", "to: not this region (%s)", self);
    else if (m.sent_at < store_now(call->store) - X_SKEW_S ||
             m.sent_at > store_now(call->store) + X_SKEW_S)
        rc = err_set(&ei, ERR_INVAL, "sent_at",
                     "sent_at: more than a day from this server's clock");
    if (rc) {
        log_info("exchange: refused a message from %s: %s", p.code, ei.msg);
        xmsg_release(&m);
        api_fail_body(res, &ei);
        return;
    }
    rc = store_begin(call->store, &ei);
    if (rc == 0)
        rc = store_xmsg_received(call->store, p.id, m.id,
                                 xmsg_kind_name(m.kind), req->body, &ei);
    if (rc == ERR_CONFLICT) {
        store_rollback(call->store);
        xmsg_release(&m);
        http_error(res, 409, "replayed", "id",
                   "message %s was received before; it has no second effect",
                   m.id);
        return;
    }
    if (rc == 0)
        rc = x_apply(call->store, self, &p, &m, &ei);
    if (rc == 0)
        rc = store_xpeer_seen(call->store, p.id, &ei);
    xmsg_release(&m);
    x_finish(call, res, rc, &ei, 200,
             json_pack("{s:s, s:s}", "status", "received", "id", m.id));
}
