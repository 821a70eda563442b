/*
 * Exchange of places between regions (issue 17): this region's side of
 * the federation in the database (migration 014). Peers, the offers and
 * wants this region publishes, those its peers publish, requests in and
 * out, swaps, and the messages: the outbox a sender thread empties with
 * backoff, and the ids of messages received, so that a replay is refused.
 *
 * Lists come back as JSON arrays of objects (the caller decrefs them); the
 * API passes them on mostly as they are. No function here ever puts a
 * trainee's personal data into a message: a request out keeps its trainee
 * and need in columns that no message reads.
 */
#ifndef RANDA_STORE_EXCHANGE_H
#define RANDA_STORE_EXCHANGE_H

#include "store/store.h"

#include <jansson.h>

#define XPEER_STATE_MAX 12

/* A peer region. */
struct xpeer {
    int64_t id;
    char code[33];
    char name[STORE_NAME_MAX];
    char url[301];
    char pin[601];
    char ca_file[301];
    char peer_token[101];        /* what this region presents to the peer */
    char state[XPEER_STATE_MAX]; /* active, paused, removed */
    int64_t created_at, seen_at;
};

/* Adds peer p (its id set) that presents the token of token_hash. */
int store_xpeer_create(struct store *s, struct xpeer *p, const char *token_hash,
                       struct err_info *ei);
/* Writes p's url, pin, ca_file, peer_token and state back; a removed peer
 * loses both tokens (token_hash: a new random hash no token has). */
int store_xpeer_update(struct store *s, const struct xpeer *p,
                       const char *token_hash, struct err_info *ei);
int store_xpeer_get(struct store *s, int64_t id, struct xpeer *out,
                    struct err_info *ei);
int store_xpeer_by_code(struct store *s, const char *code, struct xpeer *out,
                        struct err_info *ei);
/* The peer, not removed, whose token hashes to token_hash. */
int store_xpeer_by_token(struct store *s, const char *token_hash,
                         struct xpeer *out, struct err_info *ei);
/* Every peer but the removed ones, with counts of messages waiting. */
int store_xpeer_list(struct store *s, json_t **out, struct err_info *ei);
/* Marks that the peer was heard from now. */
int store_xpeer_seen(struct store *s, int64_t id, struct err_info *ei);

/* A place this region publishes. */
struct xoffer {
    int64_t id, unit_id;
    int from_week, to_week, weeks, seats;
    unsigned patterns;
    char contact_role[101];
    char contact_email[255];
};
int store_xoffer_create(struct store *s, struct xoffer *o, struct err_info *ei);
/* Withdraws offer id (its requests held so far stay held). */
int store_xoffer_withdraw(struct store *s, int64_t id, struct err_info *ei);
/* Seats of offer id not held by a request accepted or a swap approved:
 * read inside the caller's write, so that two acceptances of the last
 * seat cannot both see it free. ERR_NOTFOUND for a withdrawn offer. */
int store_xoffer_free(struct store *s, int64_t id, int *free_seats,
                      struct err_info *ei);
/* This region's offers (state published) and wants (open), as a
 * catalogue message's body: only what a unit publishes. */
int store_xcatalog(struct store *s, json_t **body, struct err_info *ei);

/* A want: seats of weeks weeks in a specialty. */
int store_xwant_create(struct store *s, int64_t specialty_id, int weeks,
                       int seats, int64_t *id, struct err_info *ei);
int store_xwant_withdraw(struct store *s, int64_t id, struct err_info *ei);
/* Takes seats of want id (a swap booked): what it has left, at most. */
int store_xwant_take(struct store *s, int64_t id, int seats,
                     struct err_info *ei);

/* Replaces what peer_id published by its catalogue body (checked). */
int store_xremote_replace(struct store *s, int64_t peer_id, json_t *body,
                          struct err_info *ei);
/* Every entry of kind ("offer", "want") of every active peer, each the
 * published entry with "peer" {id, code, name} and "local_id" added. */
int store_xremote_list(struct store *s, const char *kind, json_t **out,
                       struct err_info *ei);
/* One remote offer by its local id: the entry and its peer's id. */
int store_xremote_get(struct store *s, int64_t id, json_t **doc,
                      int64_t *peer_id, struct err_info *ei);

/* A request across regions. */
struct xrequest {
    int64_t id;
    char ref[33];
    char direction[4]; /* in, out */
    int64_t peer_id;
    int64_t offer_id;            /* in: this region's offer */
    int64_t remote_id;           /* out: the peer's offer id */
    int64_t trainee_id, need_id; /* out only; never sent */
    char specialty[65];
    char goals[1024]; /* JSON array of goal codes */
    int start_week, weeks;
    char pattern[16];
    char status[12];
    int64_t swap_id;
};
int store_xrequest_create(struct store *s, struct xrequest *r,
                          struct err_info *ei);
int store_xrequest_get(struct store *s, int64_t id, struct xrequest *out,
                       struct err_info *ei);
int store_xrequest_by_ref(struct store *s, int64_t peer_id,
                          const char *direction, const char *ref,
                          struct xrequest *out, struct err_info *ei);
/* Sets request id's status; an out request's need follows it (booked
 * while accepted, open again when it is declined or cancelled). */
int store_xrequest_set_status(struct store *s, int64_t id, const char *status,
                              struct err_info *ei);
/* The requests of direction ("in", "out", or NULL for both), newest
 * first, with their peer and (out) trainee's and need's ids. */
int store_xrequest_list(struct store *s, const char *direction, json_t **out,
                        struct err_info *ei);

/* Swaps. */
int store_xswap_insert(struct store *s, const char *uid, const char *proposer,
                       json_t *legs, int weeks, int64_t *id,
                       struct err_info *ei);
/* The swap by its id (uid NULL) or uid, as JSON {id, uid, proposer, legs,
 * approvals, state, weeks, created_at}. */
int store_xswap_get(struct store *s, int64_t id, const char *uid, json_t **out,
                    struct err_info *ei);
int store_xswap_set(struct store *s, int64_t id, json_t *approvals,
                    const char *state, struct err_info *ei);
int store_xswap_list(struct store *s, json_t **out, struct err_info *ei);

/* Messages. */
/* Queues body (text) to peer_id under msg_id, due at once. */
int store_xmsg_queue(struct store *s, int64_t peer_id, const char *msg_id,
                     const char *kind, const char *body, struct err_info *ei);
/* Records a message received; ERR_CONFLICT when its id was seen before
 * from this peer (a replay). */
int store_xmsg_received(struct store *s, int64_t peer_id, const char *msg_id,
                        const char *kind, const char *body,
                        struct err_info *ei);
/* A message of the outbox due now. */
struct xmsg_due {
    int64_t id, peer_id;
    int attempts;
    char *body; /* the caller frees */
};
/* Up to max queued messages due by now, oldest first, into out (*n). A
 * message behind one to the same peer that waits for its next try is not
 * due: each peer gets its messages in the order they were queued. */
int store_xmsg_due(struct store *s, struct xmsg_due *out, int max, int *n,
                   struct err_info *ei);
/* A send's outcome: delivered (state sent), or tried again at next_at
 * with error recorded; gave_up: state failed. */
int store_xmsg_sent(struct store *s, int64_t id, int delivered, int gave_up,
                    int64_t next_at, const char *error, struct err_info *ei);
/* The messages of direction ("in"/"out"), newest first, body included. */
int store_xmsg_list(struct store *s, const char *direction, int limit,
                    json_t **out, struct err_info *ei);

/* Exchanges booked (requests accepted, in and out) per year of their
 * start week: [{year, in, out, weeks_in, weeks_out}]. */
int store_xhistory(struct store *s, json_t **out, struct err_info *ei);

#endif
