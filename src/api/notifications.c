/*
 * Notifications over HTTP (the caller's own inbox and e-mail preferences)
 * and the notifier: the worker thread that runs the daily pass over every
 * user's "Att göra", writes the e-mails of new notifications (one each or
 * a daily digest) and sends the mail queue through SMTP with retries,
 * never on an HTTP thread.
 */
#include "api/api_impl.h"

#include "notify/mail.h"
#include "notify/smtp.h"
#include "notify/text.h"
#include "store/notify.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/ticker.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- JSON ---- */

static json_t *notification_json(const struct notification *n)
{
    json_t *params = json_loads(n->params, 0, NULL);
    if (!json_is_object(params)) {
        json_decref(params);
        params = json_object();
    }
    struct buf text = BUF_INIT(0);
    notify_text_line(n, &text);
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:o, s:b}", "id",
        (json_int_t)n->id, "kind", store_notify_kind_name(n->kind), "entity",
        n->entity, "entity_id", (json_int_t)n->entity_id, "link", n->link,
        "params", params, "text", text.data, "created_at", n->created_at,
        "read_at", api_opt_text(n->read_at), "read", n->read_at[0] != '\0');
    buf_release(&text);
    return o;
}

static json_t *notify_kinds_json(unsigned mask)
{
    json_t *a = json_array();
    for (int k = 0; k < NOTIFY_KIND_COUNT; k++)
        if (mask & NOTIFY_BIT(k))
            json_array_append_new(
                a, json_string(store_notify_kind_name((enum notify_kind)k)));
    return a;
}

/* ---- GET /notifications ---- */

static int notification_each(const struct notification *n, void *arg)
{
    json_array_append_new(arg, notification_json(n));
    return 0;
}

API_HANDLER(api_notifications_list)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int limit = API_LIMIT_DEFAULT, offset = 0, unread_only = 0;
    int rc = api_arg_page(req, &limit, &offset, &ei);
    if (rc == 0)
        rc = api_arg_flag(req, "unread", &unread_only, &ei);
    json_t *items = json_array();
    int64_t total = 0, unread = 0;
    if (rc == 0)
        rc = store_notification_page(
            call->store, call->auth.user_id, unread_only, limit, offset,
            notification_each, items, &total, &unread, &ei);
    if (rc) {
        json_decref(items);
        api_fail(res, &ei);
        return;
    }
    json_t *o = api_list(items, total, limit, offset);
    json_object_set_new(o, "unread", json_integer(unread));
    http_json(res, 200, o);
}

/* ---- POST /notifications/{id}/read and /notifications/read-all ---- */

API_HANDLER(api_notification_read)
{
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int64_t id = 0;
    struct notification *n = xmalloc(sizeof(*n));
    int rc = api_path_id(req, "id", &id, &ei);
    if (rc == 0)
        rc = store_notification_read(call->store, call->auth.user_id, id, &ei);
    if (rc == 0)
        rc =
            store_notification_get(call->store, call->auth.user_id, id, n, &ei);
    if (rc)
        api_fail(res, &ei);
    else
        http_json(res, 200, notification_json(n));
    free(n);
}

API_HANDLER(api_notifications_read_all)
{
    (void)req;
    struct api_call *call = ctx;
    struct err_info ei = {0};
    int marked = 0;
    if (store_notification_read_all(call->store, call->auth.user_id, &marked,
                                    &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200, json_pack("{s:i, s:i}", "marked", marked, "unread", 0));
}

/* ---- GET and PUT /notifications/preferences ---- */

static void notify_prefs_send(struct api_call *call, struct http_response *res)
{
    struct err_info ei = {0};
    struct notify_pref p;
    if (store_notify_pref_get(call->store, call->auth.user_id, &p, &ei) != 0) {
        api_fail(res, &ei);
        return;
    }
    http_json(res, 200,
              json_pack("{s:o, s:o, s:o, s:b, s:b, s:o, s:o}", "email",
                        api_opt_text(p.email), "person_email",
                        api_opt_text(p.person_email), "email_kinds",
                        notify_kinds_json(p.email_kinds), "digest", p.digest,
                        "mail_enabled",
                        api_notifier_sends(api_notifier(call->api)), "kinds",
                        notify_kinds_json(NOTIFY_ALL_KINDS), "updated_at",
                        api_opt_text(p.updated_at)));
}

API_HANDLER(api_notification_prefs_get)
{
    (void)req;
    notify_prefs_send(ctx, res);
}

/* The kinds named in array v as a mask; ERR_INVAL naming email_kinds. */
static int notify_kinds_parse(json_t *v, unsigned *out, struct err_info *ei)
{
    if (!json_is_array(v))
        return err_set(ei, ERR_INVAL, "email_kinds",
                       "email_kinds: must be an array of kinds");
    unsigned mask = 0;
    size_t i;
    json_t *k;
    json_array_foreach(v, i, k)
    {
        int kind = store_notify_kind_parse(json_string_value(k));
        if (kind < 0)
            return err_set(ei, ERR_INVAL, "email_kinds",
                           "email_kinds: %s is no kind of notification",
                           json_is_string(k) ? json_string_value(k)
                                             : "an item");
        mask |= NOTIFY_BIT(kind);
    }
    *out = mask;
    return 0;
}

API_HANDLER(api_notification_prefs_set)
{
    static const char *const fields[] = {"email", "email_kinds", "digest",
                                         NULL};
    struct api_call *call = ctx;
    struct err_info ei = {0};
    json_t *body = http_body_object(req, res);
    if (!body)
        return;
    struct notify_pref p;
    int rc = store_notify_pref_get(call->store, call->auth.user_id, &p, &ei);
    if (rc == 0)
        rc = api_fields_known(body, fields, &ei);
    json_t *email = json_object_get(body, "email");
    if (rc == 0 && json_is_null(email))
        p.email[0] = '\0';
    else if (rc == 0 && email)
        rc = api_field_text(body, "email", 0, 0, p.email, sizeof(p.email), &ei);
    json_t *kinds = json_object_get(body, "email_kinds");
    if (rc == 0 && kinds)
        rc = notify_kinds_parse(kinds, &p.email_kinds, &ei);
    if (rc == 0)
        rc = api_field_bool(body, "digest", 0, &p.digest, &ei);
    json_decref(body);
    if (rc == 0)
        rc = store_notify_pref_set(call->store, call->auth.user_id, &p, &ei);
    if (rc) {
        api_fail_body(res, &ei);
        return;
    }
    notify_prefs_send(call, res);
}

/* ---- telling, for the handlers where things happen ---- */

int api_tell_booking(struct api_call *call, int64_t id, enum notify_kind kind,
                     struct err_info *ei)
{
    return store_notify_booking(call->store, id, kind, call->auth.user_id, ei);
}

int api_tell_plan(struct api_call *call, int64_t trainee_id,
                  struct err_info *ei)
{
    return store_notify_plan(call->store, trainee_id, call->auth.user_id, ei);
}

/* ---- the notifier: one worker thread ---- */

/* E-mails written or sent in one round at most, so that stopping waits
 * for at most one batch. */
#define NOTIFIER_BATCH 50
/* A claimed e-mail is another worker's to retry after this long. */
#define NOTIFIER_LEASE_S 300
/* The longest wait between two attempts at one e-mail. */
#define NOTIFIER_RETRY_MAX_S (6 * 3600)
/* Digests wait this long after the last one (a day, less a margin for a
 * restart after the pass). */
#define NOTIFIER_DIGEST_GAP_S (20 * 3600)

struct api_notifier {
    struct api *api;
    api_todo_fn todo;    /* the items of a user's "Att göra" */
    struct store *store; /* the worker's own connection */
    struct ticker *ticker;
    pthread_mutex_t lock; /* for base_url */
    /* The options, copied. */
    struct api_notify_options o;
    char *smtp_url, *mail_from, *smtp_user, *smtp_password;
    char *base_url; /* under lock: set when the server knows its port */
    int64_t last_daily;
    atomic_llong send_errors; /* failed attempts, this process */
};

static char *notifier_dup(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Whether the daily pass is due at now. */
static int notifier_daily_due(const struct api_notifier *nt, int64_t now)
{
    if (nt->o.daily_every_s > 0)
        return now - nt->last_daily >= nt->o.daily_every_s;
    if (nt->o.daily_minute < 0)
        return 0;
    int64_t at = now - now % 86400 + (int64_t)nt->o.daily_minute * 60;
    return now >= at && nt->last_daily < at;
}

/* The notification of one item of a user's "Att göra" into *m (its texts
 * in link, dedup and params, which the caller frees); 0 when the item is
 * of a kind not told. */
static int notifier_item(json_t *item, struct notify_msg *m, char *link,
                         size_t link_size, char *dedup, size_t dedup_size,
                         char **params)
{
    const char *kind = json_string_value(json_object_get(item, "kind"));
    const char *due = json_string_value(json_object_get(item, "due"));
    const char *state = json_string_value(json_object_get(item, "state"));
    json_t *trainee = json_object_get(item, "trainee");
    json_t *unit = json_object_get(item, "unit");
    int64_t tid = json_integer_value(json_object_get(trainee, "id"));
    int64_t uid = json_integer_value(json_object_get(unit, "id"));
    int64_t bid = json_integer_value(json_object_get(item, "booking_id"));
    int64_t nid = json_integer_value(json_object_get(item, "need_id"));
    if (!kind)
        return 0;
    json_t *p = json_object();
    if (trainee)
        json_object_set(p, "trainee", json_object_get(trainee, "name"));
    if (unit)
        json_object_set(p, "unit", json_object_get(unit, "name"));
    memset(m, 0, sizeof(*m));
    if (strcmp(kind, "approval") == 0) {
        json_int_t version =
            json_integer_value(json_object_get(item, "version"));
        json_object_set_new(p, "version", json_integer(version));
        m->kind = NOTIFY_PLAN_APPROVAL;
        m->entity = "trainee";
        m->entity_id = tid;
        snprintf(link, link_size, "#/st-lakare/%lld", (long long)tid);
        /* As store_notify_plan() names it: one fact per version. */
        snprintf(dedup, dedup_size, "plan_approval:trainee:%lld:v%lld",
                 (long long)tid, (long long)version);
    } else {
        json_object_set_new(p, "what", json_string(kind));
        json_object_set_new(p, "due", json_string(due ? due : ""));
        json_object_set_new(p, "state", json_string(state ? state : ""));
        m->kind = NOTIFY_DEADLINE;
        if (bid) { /* feedback, assessment: the rotation's */
            m->entity = "booking";
            m->entity_id = bid;
            snprintf(link, link_size, "#/randningar/%lld", (long long)bid);
        } else if (tid) { /* the plan's deadlines: the trainee's */
            m->entity = nid ? "need" : "trainee";
            m->entity_id = nid ? nid : tid;
            snprintf(link, link_size, "#/st-lakare/%lld", (long long)tid);
        } else { /* a review: the unit's */
            m->entity = "unit";
            m->entity_id = uid;
            snprintf(link, link_size, "#/enheter/%lld", (long long)uid);
        }
        snprintf(dedup, dedup_size, "deadline:%s:%s:%lld:%s", kind, m->entity,
                 (long long)m->entity_id, due ? due : "");
    }
    *params = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(p);
    m->link = link;
    m->dedup = dedup;
    m->params = *params;
    return 1;
}

/* The roles whose "Att göra" the daily pass tells: those who act on the
 * items (not the övergripande studierektor, nor an administrator, whose
 * lists hold the whole region's). */
static int notifier_told_role(enum role r)
{
    return r == ROLE_TRAINEE || r == ROLE_SUPERVISOR || r == ROLE_DIRECTOR ||
           r == ROLE_UNIT_HEAD;
}

/* Tells user_id each item of their "Att göra" on today they were not told
 * yet. */
static int notifier_todo_user(struct api_notifier *nt, int64_t user_id,
                              struct date today, struct err_info *ei)
{
    struct store *s = nt->store;
    struct grant *all = NULL;
    int nall = 0;
    int rc = store_user_grants(s, user_id, &all, &nall, ei);
    if (rc)
        return rc;
    struct api_call call = {.api = nt->api, .store = s};
    call.auth.user_id = user_id;
    call.auth.grants = xcalloc((size_t)nall + 1, sizeof(struct grant));
    for (int i = 0; i < nall; i++)
        if (notifier_told_role(all[i].role))
            call.auth.grants[call.auth.ngrants++] = all[i];
    free(all);
    json_t *items = NULL;
    if (call.auth.ngrants && policy_scope(call.auth.grants, call.auth.ngrants,
                                          "todo.read", &call.scope)) {
        store_set_scope(s, &call.scope);
        rc = nt->todo(&call, today, &items, ei);
        store_set_scope(s, NULL);
    }
    if (rc == 0 && json_array_size(items) > 0)
        rc = store_begin(s, ei);
    if (rc == 0 && json_array_size(items) > 0) {
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item)
        {
            struct notify_msg m;
            char link[64], dedup[STORE_NOTIFY_DEDUP_MAX], *params = NULL;
            if (notifier_item(item, &m, link, sizeof(link), dedup,
                              sizeof(dedup), &params))
                rc = store_notify(s, user_id, &m, NULL, ei);
            free(params);
            if (rc)
                break;
        }
        if (rc == 0)
            rc = store_commit(s, ei);
        else
            store_rollback(s);
    }
    json_decref(items);
    scope_release(&call.scope);
    free(call.auth.grants);
    return rc;
}

static int notifier_user_each(const struct user *u, const char *roles,
                              void *arg)
{
    (void)roles;
    struct buf *ids = arg;
    if (!u->disabled)
        buf_add(ids, &u->id, sizeof(u->id));
    return 0;
}

/* The daily pass: every user's "Att göra" items, each told once. */
static void notifier_todo(struct api_notifier *nt, struct ticker *t,
                          int64_t now)
{
    struct err_info ei = {0};
    struct buf ids = BUF_INIT(0);
    if (store_user_list(nt->store, notifier_user_each, &ids, &ei) != 0) {
        log_error("notifier: cannot list the users: %s", ei.msg);
        buf_release(&ids);
        return;
    }
    struct date today = date_from_days((long)(now / 86400));
    size_t n = ids.len / sizeof(int64_t);
    for (size_t i = 0; i < n; i++) {
        int64_t id;
        memcpy(&id, ids.data + i * sizeof(id), sizeof(id));
        if (ticker_stopping(t))
            break;
        if (notifier_todo_user(nt, id, today, &ei) != 0)
            log_error("notifier: the to-do list of user %lld: %s",
                      (long long)id, ei.msg);
    }
    buf_release(&ids);
}

/* The notifications of one e-mail being written. */
struct notifier_batch {
    struct notification *items;
    char (*recipients)[STORE_EMAIL_MAX];
    int n, max;
};

static int notifier_batch_each(const struct notification *n,
                               const char *recipient, void *arg)
{
    struct notifier_batch *b = arg;
    if (b->n == b->max)
        return 1;
    b->items[b->n] = *n;
    snprintf(b->recipients[b->n], STORE_EMAIL_MAX, "%s", recipient);
    b->n++;
    return 0;
}

static void notifier_batch_init(struct notifier_batch *b, int max)
{
    b->items = xcalloc((size_t)max, sizeof(*b->items));
    b->recipients = xcalloc((size_t)max, sizeof(*b->recipients));
    b->n = 0;
    b->max = max;
}

static void notifier_batch_release(struct notifier_batch *b)
{
    free(b->items);
    free(b->recipients);
}

/* Queues one e-mail of the notifications ids; an address that cannot be
 * written to marks them not mailed instead. */
static void notifier_queue(struct api_notifier *nt, int64_t user_id,
                           const char *recipient, const struct buf *subject,
                           const struct buf *body, const int64_t *ids, int n,
                           int digest)
{
    struct err_info ei = {0};
    int ok = *recipient && notify_mail_address_ok(recipient);
    int rc =
        store_mail_queue(nt->store, user_id, ok ? recipient : NULL,
                         subject->data, body->data, ids, n, digest, NULL, &ei);
    if (rc && rc != ERR_CONFLICT)
        log_error("notifier: cannot queue an e-mail to user %lld: %s",
                  (long long)user_id, ei.msg);
    else if (!ok)
        log_warn("notifier: user %lld has no address to write to",
                 (long long)user_id);
}

/* Writes the e-mail of each notification waiting to be mailed alone. */
static void notifier_write_singles(struct api_notifier *nt,
                                   const char *base_url)
{
    struct notifier_batch b;
    notifier_batch_init(&b, NOTIFIER_BATCH);
    struct err_info ei = {0};
    if (store_mail_pending(nt->store, NOTIFY_MAIL_SINGLE, 0, NOTIFIER_BATCH,
                           notifier_batch_each, &b, &ei) < 0)
        log_error("notifier: %s", ei.msg);
    for (int i = 0; i < b.n; i++) {
        struct buf subject = BUF_INIT(0), body = BUF_INIT(0);
        notify_text_single(&b.items[i], base_url, &subject, &body);
        notifier_queue(nt, b.items[i].user_id, b.recipients[i], &subject, &body,
                       &b.items[i].id, 1, 0);
        buf_release(&subject);
        buf_release(&body);
    }
    notifier_batch_release(&b);
}

/* Writes the digest of every user whose digest is due. */
static void notifier_write_digests(struct api_notifier *nt, int64_t now,
                                   const char *base_url)
{
    int64_t users[NOTIFIER_BATCH];
    int n = 0;
    struct err_info ei = {0};
    int gap = nt->o.daily_every_s > 0 && nt->o.daily_every_s < 86400
                  ? nt->o.daily_every_s - 1
                  : NOTIFIER_DIGEST_GAP_S;
    if (store_mail_digest_due(nt->store, now, gap, users, NOTIFIER_BATCH, &n,
                              &ei) != 0) {
        log_error("notifier: %s", ei.msg);
        return;
    }
    for (int u = 0; u < n; u++) {
        struct notifier_batch b;
        notifier_batch_init(&b, 200);
        if (store_mail_pending(nt->store, NOTIFY_MAIL_DIGEST, users[u], b.max,
                               notifier_batch_each, &b, &ei) < 0)
            log_error("notifier: %s", ei.msg);
        if (b.n > 0) {
            struct buf subject = BUF_INIT(0), body = BUF_INIT(0);
            int64_t *ids = xcalloc((size_t)b.n, sizeof(*ids));
            for (int i = 0; i < b.n; i++)
                ids[i] = b.items[i].id;
            notify_text_digest(b.items, b.n, base_url, &subject, &body);
            notifier_queue(nt, users[u], b.recipients[b.n - 1], &subject, &body,
                           ids, b.n, 1);
            free(ids);
            buf_release(&subject);
            buf_release(&body);
        }
        notifier_batch_release(&b);
    }
}

/* The wait before attempt number attempt + 1, after attempt failed. */
static int64_t notifier_backoff(const struct api_notifier *nt, int attempt)
{
    int64_t wait = nt->o.retry_s;
    for (int i = 1; i < attempt && wait < NOTIFIER_RETRY_MAX_S; i++)
        wait *= 2;
    return wait < NOTIFIER_RETRY_MAX_S ? wait : NOTIFIER_RETRY_MAX_S;
}

/* Sends the e-mails that are due, until one fails or a batch is sent. */
static void notifier_send(struct api_notifier *nt, struct ticker *t)
{
    struct notify_smtp smtp = {nt->smtp_url,           nt->mail_from,
                               nt->smtp_user,          nt->smtp_password,
                               nt->o.smtp_require_tls, 20};
    const char *domain = strrchr(nt->mail_from, '@');
    for (int sent = 0; sent < NOTIFIER_BATCH; sent++) {
        if (ticker_stopping(t))
            return;
        struct err_info ei = {0};
        struct mail_out m;
        int64_t now = (int64_t)time(NULL);
        int rc = store_mail_claim(nt->store, now, NOTIFIER_LEASE_S,
                                  nt->o.attempts, &m, &ei);
        if (rc) {
            if (rc != ERR_NOTFOUND)
                log_error("notifier: %s", ei.msg);
            return;
        }
        char id[128], why[512] = "";
        snprintf(id, sizeof(id), "<randa.%lld.%lld%s>", (long long)m.id,
                 (long long)m.created_at, domain ? domain : "@randa");
        struct buf msg = BUF_INIT(0);
        rc = notify_mail_message(&msg, nt->mail_from, m.recipient, m.subject,
                                 m.body, now, id, &ei);
        if (rc)
            snprintf(why, sizeof(why), "%s", ei.msg);
        else
            rc = notify_smtp_send(&smtp, m.recipient, msg.data, msg.len, why,
                                  sizeof(why));
        buf_release(&msg);
        int attempt = m.attempts + 1;
        if (rc == 0) {
            log_info("notifier: sent e-mail %lld", (long long)m.id);
            rc = store_mail_done(nt->store, m.id, NULL, 0, &ei);
        } else {
            atomic_fetch_add(&nt->send_errors, 1);
            log_warn("notifier: e-mail %lld, attempt %d of %d: %s",
                     (long long)m.id, attempt, nt->o.attempts, why);
            rc = store_mail_done(nt->store, m.id, why,
                                 now + notifier_backoff(nt, attempt), &ei);
        }
        if (rc)
            log_error("notifier: %s", ei.msg);
        int failed = why[0] != '\0';
        store_mail_release(&m);
        if (failed) /* the server is likely down: wait for the next round */
            return;
    }
}

/* The notifier's round: the daily pass when due, then the e-mails. */
static int notifier_round(struct ticker *t, void *arg)
{
    struct api_notifier *nt = arg;
    int64_t now = (int64_t)time(NULL);
    pthread_mutex_lock(&nt->lock);
    char *base = xstrdup(nt->base_url ? nt->base_url : "http://localhost/");
    pthread_mutex_unlock(&nt->lock);
    int daily = notifier_daily_due(nt, now);
    if (daily) {
        notifier_todo(nt, t, now);
        nt->last_daily = now;
    }
    if (nt->smtp_url) {
        notifier_write_singles(nt, base);
        if (daily)
            notifier_write_digests(nt, now, base);
        notifier_send(nt, t);
    }
    free(base);
    return 0;
}

int api_notifier_start(struct api *a, const char *db_path,
                       const struct api_notify_options *o, api_todo_fn todo,
                       struct api_notifier **out, struct err_info *ei)
{
    *out = NULL;
    if (o->smtp_url && (!o->mail_from || !notify_mail_address_ok(o->mail_from)))
        return err_set(ei, ERR_INVAL, "mail_from",
                       "e-mail needs a sender address (--mail-from)");
    if (o->smtp_url && notify_smtp_init() != 0)
        return err_set(ei, ERR_IO, "smtp", "cannot start libcurl");
    struct api_notifier *nt = xcalloc(1, sizeof(*nt));
    nt->api = a;
    nt->todo = todo;
    nt->o = *o;
    nt->o.poll_s = o->poll_s > 0 ? o->poll_s : 10;
    nt->o.retry_s = o->retry_s > 0 ? o->retry_s : 60;
    nt->o.attempts = o->attempts > 0 ? o->attempts : 10;
    nt->smtp_url = notifier_dup(o->smtp_url);
    nt->mail_from = notifier_dup(o->mail_from);
    nt->smtp_user = notifier_dup(o->smtp_user);
    nt->smtp_password = notifier_dup(o->smtp_password);
    nt->base_url = notifier_dup(o->public_url);
    atomic_init(&nt->send_errors, 0);
    int rc = store_open(db_path, 0, &nt->store, ei);
    if (rc == 0) {
        store_set_actor(nt->store, "randa serve (notifier)");
        pthread_mutex_init(&nt->lock, NULL);
        if (ticker_start(nt->o.poll_s, notifier_round, nt, &nt->ticker) != 0) {
            pthread_mutex_destroy(&nt->lock);
            store_close(nt->store);
            nt->store = NULL;
            rc = err_set(ei, ERR_IO, "", "cannot start the notifier's thread");
        }
    }
    if (rc) {
        free(nt->smtp_url);
        free(nt->mail_from);
        free(nt->smtp_user);
        free(nt->smtp_password);
        free(nt->base_url);
        free(nt);
        if (o->smtp_url)
            notify_smtp_cleanup();
        return rc;
    }
    *out = nt;
    return 0;
}

void api_notifier_stop(struct api_notifier *nt)
{
    if (!nt)
        return;
    ticker_stop(nt->ticker);
    pthread_mutex_destroy(&nt->lock);
    store_close(nt->store);
    if (nt->smtp_url)
        notify_smtp_cleanup();
    free(nt->smtp_url);
    free(nt->mail_from);
    free(nt->smtp_user);
    if (nt->smtp_password)
        memset(nt->smtp_password, 0, strlen(nt->smtp_password));
    free(nt->smtp_password);
    free(nt->base_url);
    free(nt);
}

void api_notifier_poke(struct api_notifier *nt)
{
    if (nt)
        ticker_poke(nt->ticker);
}

void api_notifier_set_base(struct api_notifier *nt, const char *url)
{
    if (!nt)
        return;
    pthread_mutex_lock(&nt->lock);
    if (!nt->base_url)
        nt->base_url = xstrdup(url);
    pthread_mutex_unlock(&nt->lock);
}

int api_notifier_sends(const struct api_notifier *nt)
{
    return nt && nt->smtp_url;
}

void api_notifier_metrics(struct api_notifier *nt, struct store *s,
                          struct buf *out)
{
    int64_t waiting = 0, sent = 0, failed = 0;
    if (!nt ||
        store_mail_counts(s, nt->o.attempts, &waiting, &sent, &failed, NULL))
        return;
    buf_addf(out,
             "# HELP randa_mail_queued E-mails waiting to be sent.\n"
             "# TYPE randa_mail_queued gauge\n"
             "randa_mail_queued %lld\n"
             "# HELP randa_mail_sent E-mails sent (by every server of the "
             "database).\n"
             "# TYPE randa_mail_sent gauge\n"
             "randa_mail_sent %lld\n"
             "# HELP randa_mail_failed E-mails given up after every attempt "
             "failed.\n"
             "# TYPE randa_mail_failed gauge\n"
             "randa_mail_failed %lld\n"
             "# HELP randa_mail_send_errors_total Failed attempts to send an "
             "e-mail by this server.\n"
             "# TYPE randa_mail_send_errors_total counter\n"
             "randa_mail_send_errors_total %lld\n",
             (long long)waiting, (long long)sent, (long long)failed,
             (long long)atomic_load(&nt->send_errors));
}
