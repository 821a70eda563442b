/*
 * Calendar feeds (issue 15, migration 012): the secret addresses of the
 * iCalendar feeds a user subscribes to from Outlook or a phone, each of
 * one trainee's rotations or of one unit's. Only the SHA-256 of a feed's
 * secret is stored (util/password.h's secret_hash()), as for API tokens;
 * the secret itself is shown once, when the feed is made.
 */
#ifndef RANDA_STORE_FEEDS_H
#define RANDA_STORE_FEEDS_H

#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

#define STORE_FEED_NAME_MAX 101 /* 1..100 bytes and the NUL */

/* What a feed shows: one trainee's rotations, or one unit's. */
enum feed_kind { FEED_TRAINEE, FEED_UNIT };

/* A feed as its owner lists it (never its secret). */
struct calendar_feed {
    int64_t id;
    int64_t user_id;
    enum feed_kind kind;
    int64_t subject_id; /* the trainee's or the unit's id, by kind */
    char name[STORE_FEED_NAME_MAX];
    int64_t created_at, revoked_at, used_at; /* seconds since 1970; 0: none */
};

/* "trainee" or "unit"; feed_kind_parse() gives -1 for another name. */
const char *feed_kind_name(enum feed_kind k);
int feed_kind_parse(const char *name);

/*
 * Makes feed f of user_id with the hash of its secret (f->id and
 * f->created_at set), and audits it, in one transaction. A subject that
 * does not exist is ERR_NOTFOUND naming "subject_id"; a name of the wrong
 * length ERR_INVAL naming "name". Checking that the user may see the
 * subject is the caller's.
 */
int store_feed_create(struct store *s, struct calendar_feed *f,
                      const char *token_hash, struct err_info *ei);

/*
 * The live feed of token_hash into *out: ERR_NOTFOUND when it is unknown,
 * revoked, or its user is disabled. Marks it used (at most once a minute).
 */
int store_feed_find(struct store *s, const char *token_hash,
                    struct calendar_feed *out, struct err_info *ei);

/* Calls each for every feed of user_id, newest last (revoked ones too);
 * a non-zero return of each stops the list and is returned. */
int store_feed_list(struct store *s, int64_t user_id,
                    int (*each)(const struct calendar_feed *, void *),
                    void *arg, struct err_info *ei);

/* Revokes feed id of user_id, and audits it; ERR_NOTFOUND naming "id" when
 * the user has no such live feed. */
int store_feed_revoke(struct store *s, int64_t user_id, int64_t id,
                      struct err_info *ei);

#endif
