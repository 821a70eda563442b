/*
 * Who may use Randa: users and their roles, sessions, API tokens, log-in
 * throttling, and the log of writes and security events an administrator
 * reads.
 */
#ifndef RANDA_STORE_AUTH_H
#define RANDA_STORE_AUTH_H

#include "domain/policy.h"
#include "store/types.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

/* ---- users and roles (issue 5) ----------------------------------------- */

#define STORE_USERNAME_MAX 65
#define STORE_TIME_MAX     21 /* "YYYY-MM-DDTHH:MM:SSZ" and NUL */

struct user {
    int64_t id;
    char username[STORE_USERNAME_MAX]; /* 3..64 of a-z 0-9 . _ - */
    char name[STORE_NAME_MAX];
    int disabled;
    char created_at[STORE_TIME_MAX];
};

/*
 * A role and the scope it holds for: trainee and supervisor a trainee,
 * director (studierektor) and unit_head (verksamhetschef) a unit,
 * coordinator (övergripande studierektor) a region, admin everything
 * (scope_id 0).
 */
struct user_role {
    char role[16];
    int64_t scope_id;
};

/* Adds u with its password's hash and its roles in one transaction (u->id
 * set); a taken user name is ERR_CONFLICT naming "username", a role whose
 * scope does not exist ERR_NOTFOUND naming "role", and nothing is written.
 * The hash is never audited or read back. */
int store_user_add(struct store *s, struct user *u, const char *password_hash,
                   const struct user_role *roles, int nroles,
                   struct err_info *ei);
int store_user_find(struct store *s, const char *username, struct user *out,
                    struct err_info *ei);
/* User id; ERR_NOTFOUND naming "id". */
int store_user_get(struct store *s, int64_t id, struct user *out,
                   struct err_info *ei);
/* Replaces the roles of user id with roles, in one transaction (each
 * checked as by store_user_role_add()). */
int store_user_set_roles(struct store *s, int64_t id,
                         const struct user_role *roles, int nroles,
                         struct err_info *ei);
/* Users by user name, a page at a time. */
int store_user_page(struct store *s, int limit, int offset,
                    int (*each)(const struct user *, void *), void *arg,
                    int64_t *total, struct err_info *ei);
int store_user_set_password(struct store *s, int64_t id,
                            const char *password_hash, int64_t keep,
                            struct err_info *ei);
/* Disabling a user also ends their sessions, in the same transaction;
 * so does setting a password (every session but keep, 0 for none). */
int store_user_set_disabled(struct store *s, int64_t id, int disabled,
                            struct err_info *ei);
/* Gives user id the role r; its scope must exist (ERR_NOTFOUND naming
 * "role" otherwise). */
int store_user_role_add(struct store *s, int64_t id, const struct user_role *r,
                        struct err_info *ei);

/* Calls fn for every user by user name, with its roles as text
 * ("director:unit=12, admin"); stops early when fn returns non-zero. */
typedef int store_user_fn(const struct user *u, const char *roles, void *ctx);
int store_user_list(struct store *s, store_user_fn *fn, void *ctx,
                    struct err_info *ei);

/* ---- Log-in: sessions, API tokens, throttling, events (migration 005) ---- */

/* A user as a request that proved who it is sees them. */
struct auth {
    int64_t user_id;
    char username[STORE_USERNAME_MAX];
    char name[STORE_NAME_MAX];
    int64_t session_id;   /* the session, or 0 for a token */
    int64_t token_id;     /* the API token, or 0 for a session */
    int read_only;        /* a token with read access only */
    char csrf[48];        /* the session's CSRF token */
    int64_t created_at;   /* when the session or token began */
    int64_t expires_at;   /* when it ends at the latest (0: never) */
    struct grant *grants; /* the user's roles */
    int ngrants;
};
void store_auth_release(struct auth *a);

/* The hash of username's password, for log-in: ERR_NOTFOUND when there is
 * no such user or it is disabled. */
int store_login_lookup(struct store *s, const char *username, int64_t *user_id,
                       char *hash, size_t size, struct err_info *ei);

/* Starts a session of user_id: token_hash is the SHA-256 (hex) of the
 * cookie's secret. Also drops the user's sessions that have expired. */
int store_session_create(struct store *s, int64_t user_id,
                         const char *token_hash, const char *csrf,
                         const char *address, const char *user_agent,
                         int idle_s, int max_s, int64_t *id,
                         struct err_info *ei);

/*
 * The live session of token_hash into *out (grants included): ERR_NOTFOUND
 * when there is none, its user is disabled, or it has been idle idle_s
 * seconds or lived max_s (it is then deleted). Marks it seen.
 */
int store_session_find(struct store *s, const char *token_hash, int idle_s,
                       int max_s, struct auth *out, struct err_info *ei);

/* Ends session id; ends every session of user_id but keep (0: none),
 * log-out everywhere, with the count ended in *n (may be NULL). */
int store_session_delete(struct store *s, int64_t id, struct err_info *ei);
int store_session_delete_user(struct store *s, int64_t user_id, int64_t keep,
                              int64_t *n, struct err_info *ei);

/* An API token as its owner lists it (never its secret). */
struct api_token {
    int64_t id;
    char name[101];
    char access[8];                                      /* "read" or "write" */
    int64_t created_at, expires_at, revoked_at, used_at; /* 0: none */
};

int store_token_create(struct store *s, int64_t user_id, struct api_token *t,
                       const char *token_hash, struct err_info *ei);
/* The user of a live token into *out: ERR_NOTFOUND when it is unknown,
 * revoked, expired or its user disabled. Marks it used. */
int store_token_find(struct store *s, const char *token_hash, struct auth *out,
                     struct err_info *ei);
int store_token_list(struct store *s, int64_t user_id,
                     int (*each)(const struct api_token *, void *), void *arg,
                     struct err_info *ei);
/* Revokes token id of user_id; ERR_NOTFOUND if the user has no such
 * live token. */
int store_token_revoke(struct store *s, int64_t user_id, int64_t id,
                       struct err_info *ei);

/* Revokes every live token of user_id. */
int store_token_revoke_user(struct store *s, int64_t user_id,
                            struct err_info *ei);

/*
 * Failed log-ins per key ("user:NAME", "addr:ADDRESS") within a window of
 * window_s seconds. store_throttle_get() reads the failures and the time a
 * lock-out ends (0: none); store_throttle_fail() counts one more, locking
 * the key for lock_s seconds once failures reach limit; a successful
 * log-in clears its account's key.
 */
int store_throttle_get(struct store *s, const char *key, int window_s,
                       int *failures, int64_t *locked_until,
                       struct err_info *ei);
int store_throttle_fail(struct store *s, const char *key, int window_s,
                        int limit, int lock_s, int *failures,
                        int64_t *locked_until, struct err_info *ei);
int store_throttle_clear(struct store *s, const char *key, struct err_info *ei);

/* Records a security event ("login", "login_failed", ...; see migration
 * 005) by actor from address. */
int store_auth_event(struct store *s, const char *actor, const char *event,
                     const char *address, const char *detail,
                     struct err_info *ei);

/* One line of the log an administrator reads: a write (from the audit log)
 * or a security event. */
struct log_entry {
    const char *kind; /* "write" or "event" */
    int64_t id;
    const char *at, *actor;
    const char *what;   /* the entity ("booking") or the event ("login") */
    int64_t entity_id;  /* writes: the row; events: 0 */
    const char *action; /* writes: insert, update, delete; events: "" */
    const char *detail; /* events: address and detail; writes: "" */
    const char *before_json, *after_json; /* writes; NULL when none */
};
struct log_filter {
    const char *kind;      /* "write", "event", or NULL for both */
    const char *actor;     /* exact, or NULL */
    const char *what;      /* entity or event, exact, or NULL */
    const char *from, *to; /* "YYYY-MM-DD" bounds of at, inclusive; or NULL */
};
/* Newest first. */
int store_log_list(struct store *s, const struct log_filter *f, int limit,
                   int offset, int (*each)(const struct log_entry *, void *),
                   void *arg, int64_t *total, struct err_info *ei);

/* The roles of user id as grants; *out is malloc'd (free it). */
int store_user_grants(struct store *s, int64_t id, struct grant **out, int *n,
                      struct err_info *ei);

#endif
