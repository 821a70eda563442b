/*
 * Single sign-on's storage (issue 19, migration 015): log-ins on their way
 * through the identity provider, the users the provider's identifier
 * finds, the administrator's setting for people Randa does not know, and
 * sessions that began at the provider.
 */
#ifndef RANDA_STORE_SSO_H
#define RANDA_STORE_SSO_H

#include "store/auth.h"
#include "store/types.h"
#include "util/err.h"

#include <stddef.h>
#include <stdint.h>

/* A log-in through the provider lives this long, and is used once. */
#define STORE_SSO_LOGIN_TTL_S 600
#define STORE_SSO_ID_MAX      201

/* Keeps a log-in's nonce and PKCE verifier under the SHA-256 (hex) of its
 * state; drops the log-ins older than STORE_SSO_LOGIN_TTL_S. */
int store_sso_login_add(struct store *s, const char *state_hash,
                        const char *nonce, const char *verifier,
                        struct err_info *ei);

/* Takes (reads and deletes) the log-in of state_hash: ERR_NOTFOUND naming
 * "state" when there is none or it is older than STORE_SSO_LOGIN_TTL_S. */
int store_sso_login_take(struct store *s, const char *state_hash,
                         char nonce[44], char verifier[44],
                         struct err_info *ei);

/* Whether people unknown to Randa get an account at their first log-in. */
int store_sso_create_users(struct store *s, int *on, struct err_info *ei);
/* Sets it (audited as entity sso_setting). */
int store_sso_set_create_users(struct store *s, int on, struct err_info *ei);

/* Sets (or with sso_id NULL clears) the provider's identifier of user id,
 * audited; ERR_NOTFOUND naming "id", ERR_CONFLICT naming "sso_id" when
 * another user has it. */
int store_sso_user_set(struct store *s, int64_t id, const char *sso_id,
                       struct err_info *ei);
/* The provider's identifier of user id into out ("" when none). */
int store_sso_user_get(struct store *s, int64_t id, char *out, size_t size,
                       struct err_info *ei);

/* The user sso_id finds: ERR_NOTFOUND naming "sso_id" when nobody has it.
 * *disabled tells a disabled account. */
int store_sso_user_find(struct store *s, const char *sso_id, int64_t *id,
                        char username[STORE_USERNAME_MAX], int *disabled,
                        struct err_info *ei);

/*
 * Starts a session that began at the provider (store_session_create()'s
 * arguments). When *user_id is 0 it first adds the user u with sso_id,
 * no roles and the unusable password hash given, trying u->username and
 * then it with "-2" ... "-9" appended while the name is taken; *user_id
 * and u->username then say who was added. One transaction.
 */
int store_sso_session_create(struct store *s, int64_t *user_id, struct user *u,
                             const char *sso_id, const char *password_hash,
                             const char *token_hash, const char *csrf,
                             const char *address, const char *user_agent,
                             int idle_s, int max_s, int64_t *session_id,
                             struct err_info *ei);

/* Whether session id began at the provider. */
int store_session_sso(struct store *s, int64_t id, int *sso,
                      struct err_info *ei);

#endif
