/*
 * Notifications (issue 14): what Randa tells each user in the app, how
 * each user wants to be told by e-mail, and the queue of e-mails a mail
 * worker sends. Conventions as in store/store.h; times of the mail queue
 * are seconds since 1970 (store_now()), of notifications the store's text
 * timestamps.
 *
 * Code where something happens tells the people concerned with
 * store_notify() or one of its variants, inside its own write, so that the
 * notification is made exactly when the change is committed. The store
 * decides from the user's preferences whether an e-mail follows; the mail
 * worker (src/notify/) writes the e-mails in Swedish into mail_out and
 * sends them.
 */
#ifndef RANDA_STORE_NOTIFY_H
#define RANDA_STORE_NOTIFY_H

#include "domain/policy.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

/* What a notification tells; the names are those of the API. */
enum notify_kind {
    NOTIFY_OFFER,         /* "offer": a freed place offered to the user */
    NOTIFY_OFFER_GONE,    /* "offer_gone": an offer taken by someone else */
    NOTIFY_REQUEST,       /* "request": a booking request to answer */
    NOTIFY_ANSWER,        /* "answer": a booking request answered */
    NOTIFY_PLAN_APPROVAL, /* "plan_approval": a plan waiting for approval */
    NOTIFY_DEADLINE,      /* "deadline": an item of the Att göra list */
    NOTIFY_CANCELLATION,  /* "cancellation": a booking affecting them */
    NOTIFY_PLACE_FREED,   /* "place_freed": a watched place freed */
    NOTIFY_KIND_COUNT
};

/* The bit of kind in a mask of kinds (struct notify_pref's email_kinds). */
#define NOTIFY_BIT(kind) (1u << (unsigned)(kind))
#define NOTIFY_ALL_KINDS ((1u << NOTIFY_KIND_COUNT) - 1u)

/* "offer", ..., "place_freed"; NULL for no kind. */
const char *store_notify_kind_name(enum notify_kind kind);
/* The kind of a name; -1 for a name that is none. */
int store_notify_kind_parse(const char *name);

#define STORE_NOTIFY_ENTITY_MAX 33
#define STORE_NOTIFY_LINK_MAX   201
#define STORE_NOTIFY_DEDUP_MAX  201
#define STORE_NOTIFY_PARAMS_MAX 4001

/*
 * What to tell. entity and entity_id name what it is about ("booking",
 * 42; a-z and _ only); link is the page of the UI it leads to
 * ("#/randningar/42"); params the values its text is made of, a JSON
 * object's text ("{\"unit\": \"Kardiologi\", \"from\": \"2027-W10\"}";
 * NULL for {}), holding only what every recipient may see; dedup names
 * the fact told ("cancellation:booking:42"), so that a user is told it
 * once however often it is told (NULL or "": kind, entity and id, as
 * "cancellation:booking:42"). skip_user_id is a user not to tell: whoever
 * caused it (0: none).
 */
struct notify_msg {
    enum notify_kind kind;
    const char *entity;
    int64_t entity_id;
    const char *link;
    const char *params;
    const char *dedup;
    int64_t skip_user_id;
};

/*
 * Tells user_id m: records one notification for them and, per their
 * preferences (store_notify_pref_get()), marks its e-mail to be sent alone
 * or with their daily digest, when they want this kind by e-mail, have an
 * address and are not disabled. Inside a caller's write (store__write_begin()
 * or store_begin()) it joins that transaction and is undone with it; alone
 * it is a transaction of its own. *id (may be NULL) is the new
 * notification's id, or 0 when the user was told this fact before or is
 * m->skip_user_id: neither is an error. ERR_INVAL names the field of m
 * that is wrong (entity, link, params, dedup); ERR_NOTFOUND when there is
 * no such user.
 */
int store_notify(struct store *s, int64_t user_id, const struct notify_msg *m,
                 int64_t *id, struct err_info *ei);

/*
 * Tells m, as store_notify() does, to every enabled user who holds role
 * for the scope scope_id: the ST-läkare or handledare of trainee scope_id
 * (ROLE_TRAINEE, ROLE_SUPERVISOR), the studierektor or verksamhetschef of
 * unit scope_id (ROLE_DIRECTOR, ROLE_UNIT_HEAD), the övergripande
 * studierektor of region scope_id (ROLE_COORDINATOR), every administrator
 * (ROLE_ADMIN, scope_id 0). Such a user reaches the record the scope names,
 * so the caller picks the role that sees what m tells. *told (may be NULL)
 * is how many were told now. One write: all are told, or none.
 */
int store_notify_role(struct store *s, enum role role, int64_t scope_id,
                      const struct notify_msg *m, int *told,
                      struct err_info *ei);

/*
 * Tells m to every enabled user who is person_id (app_user.person_id): a
 * handledare named on a booking, whoever their roles. *told as above.
 */
int store_notify_person(struct store *s, int64_t person_id,
                        const struct notify_msg *m, int *told,
                        struct err_info *ei);

/* ---- what happened: the events of bookings and plans (notify_events.c) ----
 * Each tells the people concerned, with the names they may see, inside the
 * caller's write as store_notify() does; skip_user_id is whoever caused it.
 */

/*
 * Tells about booking id what kind says has happened to it:
 *   NOTIFY_REQUEST       requested: the receiving unit's studierektor;
 *   NOTIFY_ANSWER        confirmed or declined: the ST-läkare and the
 *                        studierektor of their home unit;
 *   NOTIFY_CANCELLATION  cancelled: the ST-läkare, the receiving unit's
 *                        studierektor and the handledare named on it (who
 *                        is told without the ST-läkare's name when their
 *                        roles do not reach the booking).
 * ERR_INVAL for another kind, ERR_NOTFOUND (id) for no such booking.
 */
int store_notify_booking(struct store *s, int64_t id, enum notify_kind kind,
                         int64_t skip_user_id, struct err_info *ei);

/*
 * Tells those who approve trainee_id's plan and have not approved its
 * current draft (the verksamhetschef and studierektor of the home unit, the
 * handledare) that it waits for them: once per version. Nothing when the
 * plan is not a draft.
 */
int store_notify_plan(struct store *s, int64_t trainee_id, int64_t skip_user_id,
                      struct err_info *ei);

/* ---- a user's notifications (the bell and the inbox) ---- */

struct notification {
    int64_t id;
    int64_t user_id;
    enum notify_kind kind;
    char entity[STORE_NOTIFY_ENTITY_MAX];
    int64_t entity_id;
    char link[STORE_NOTIFY_LINK_MAX];
    char params[STORE_NOTIFY_PARAMS_MAX];
    char dedup[STORE_NOTIFY_DEDUP_MAX];
    char created_at[STORE_TIME_MAX];
    char read_at[STORE_TIME_MAX]; /* "" while unread */
};

/*
 * user_id's notifications, newest first, a page at a time (limit < 0:
 * all), only the unread ones when unread_only; *total (may be NULL) counts
 * every one the filter selects, *unread (may be NULL) every unread one.
 */
int store_notification_page(struct store *s, int64_t user_id, int unread_only,
                            int limit, int offset,
                            int (*each)(const struct notification *, void *),
                            void *arg, int64_t *total, int64_t *unread,
                            struct err_info *ei);

/* Notification id of user_id; ERR_NOTFOUND naming "id" when there is none
 * or it is another user's. */
int store_notification_get(struct store *s, int64_t user_id, int64_t id,
                           struct notification *out, struct err_info *ei);

/* Marks notification id of user_id read now (a read one stays as it was);
 * ERR_NOTFOUND as for store_notification_get(). */
int store_notification_read(struct store *s, int64_t user_id, int64_t id,
                            struct err_info *ei);

/* Marks every unread notification of user_id read; *n (may be NULL) is how
 * many were. */
int store_notification_read_all(struct store *s, int64_t user_id, int *n,
                                struct err_info *ei);

/* ---- how a user wants to be told by e-mail ---- */

struct notify_pref {
    char email[STORE_EMAIL_MAX]; /* the address to write to; "": the
                                    person's */
    unsigned email_kinds;        /* NOTIFY_BIT()s of the kinds to send */
    int digest;                  /* 1: one mail a day instead of each */
    /* Read only: */
    char person_email[STORE_EMAIL_MAX]; /* the user's person's, or "" */
    char updated_at[STORE_TIME_MAX];    /* "" while the defaults hold */
};

/* user_id's preferences; the defaults (every kind, one mail each, to the
 * person's address) when they have set none. */
int store_notify_pref_get(struct store *s, int64_t user_id,
                          struct notify_pref *out, struct err_info *ei);

/* Sets user_id's email, email_kinds and digest; ERR_INVAL naming "email"
 * or "email_kinds". Notifications told before keep their e-mail's course. */
int store_notify_pref_set(struct store *s, int64_t user_id,
                          const struct notify_pref *p, struct err_info *ei);

/* ---- the mail queue, for the mail worker ---- */

/* Where a notification's e-mail stands, for store_mail_pending(). */
enum notify_mail { NOTIFY_MAIL_SINGLE, NOTIFY_MAIL_DIGEST };

/*
 * The notifications whose e-mail is waiting to be written (alone, or for a
 * digest), oldest first, at most limit, of user_id (0: every user's), with
 * the address to write to now ("" when the user has none any longer).
 */
int store_mail_pending(struct store *s, enum notify_mail which, int64_t user_id,
                       int limit,
                       int (*each)(const struct notification *,
                                   const char *recipient, void *),
                       void *arg, struct err_info *ei);

/*
 * The users, at most max into users (*n of them), whose digest is due at
 * now: they have digest notifications waiting and no digest was written
 * for them in the last period_s seconds.
 */
int store_mail_digest_due(struct store *s, int64_t now, int period_s,
                          int64_t *users, int max, int *n, struct err_info *ei);

/*
 * Queues an e-mail to recipient with subject and body (UTF-8) for user_id,
 * due at once, telling the n notifications ids (all user_id's, waiting for
 * it); with digest, also notes that user_id's digest was written now. A
 * recipient NULL or "" queues nothing and only marks them not to be
 * mailed. ERR_CONFLICT when one of ids is no longer waiting (another
 * worker queued it): then nothing is written. *id (may be NULL) is the
 * mail's, 0 when none.
 */
int store_mail_queue(struct store *s, int64_t user_id, const char *recipient,
                     const char *subject, const char *body, const int64_t *ids,
                     int n, int digest, int64_t *id, struct err_info *ei);

/* An e-mail of the queue; body and subject belong to it
 * (store_mail_release()). */
struct mail_out {
    int64_t id;
    int64_t user_id; /* 0 when the user is removed */
    char recipient[STORE_EMAIL_MAX];
    char *subject;
    char *body;
    int64_t created_at;
    int attempts; /* made before this one */
    int64_t next_attempt_at;
};
void store_mail_release(struct mail_out *m);

/*
 * Claims the e-mail due longest (next attempt at or before now, unsent,
 * fewer than max_attempts attempts) into *out: counts the attempt and
 * moves its next attempt lease_s seconds on, so that no other worker takes
 * it while this one sends. ERR_NOTFOUND when none is due.
 */
int store_mail_claim(struct store *s, int64_t now, int lease_s,
                     int max_attempts, struct mail_out *out,
                     struct err_info *ei);

/*
 * Records the attempt at mail id: sent now when error is NULL, else the
 * failure (at most 500 bytes kept) and the time of the next attempt.
 */
int store_mail_done(struct store *s, int64_t id, const char *error,
                    int64_t next_attempt_at, struct err_info *ei);

/* The queue's state: waiting to be sent, sent, and given up after
 * max_attempts failures. */
int store_mail_counts(struct store *s, int max_attempts, int64_t *waiting,
                      int64_t *sent, int64_t *failed, struct err_info *ei);

#endif
