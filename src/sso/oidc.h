/*
 * Log-in through an OpenID Connect provider (issue 19): the authorization
 * code flow with PKCE (S256). The provider's discovery document and keys
 * are fetched with libcurl and kept; the keys are fetched again when an ID
 * token names a key the set lacks (the provider rotated its keys), at most
 * once per token. Thread-safe: one struct sso serves every request.
 */
#ifndef RANDA_SSO_OIDC_H
#define RANDA_SSO_OIDC_H

#include "util/err.h"

#include <jansson.h>
#include <stdint.h>

struct sso_options {
    const char *issuer;        /* "https://idp.example.se/realm" */
    const char *client_id;     /* Randa's client at the provider */
    const char *client_secret; /* NULL: a public client (PKCE alone) */
    const char *redirect_uri;  /* ".../api/v1/sso/callback" */
    const char *scope;         /* NULL: "openid profile" */
    int timeout_s;             /* per call to the provider; 0: 10 */
};

struct sso;

/* Keeps copies of o's strings; fetches nothing yet. */
int sso_open(const struct sso_options *o, struct sso **out,
             struct err_info *ei);
void sso_close(struct sso *s);

/*
 * The provider's authorization URL for one log-in (*url malloc'd): the
 * state, the nonce and the S256 challenge of verifier. ERR_IO when the
 * provider cannot be reached (its discovery document is fetched the first
 * time and again after an hour).
 */
int sso_authorize_url(struct sso *s, const char *state, const char *nonce,
                      const char *verifier, char **url, struct err_info *ei);

/*
 * Redeems code at the token endpoint with verifier, checks the ID token's
 * signature and claims (jwt.h) against nonce at time now, and gives its
 * claims (decref them). ERR_IO: the provider cannot be reached; ERR_INVAL
 * or ERR_SYNTAX: the answer or the token is refused, with the reason.
 */
int sso_redeem(struct sso *s, const char *code, const char *verifier,
               const char *nonce, int64_t now, json_t **claims,
               struct err_info *ei);

/* The provider's end_session_endpoint with client_id and where to come
 * back (*url malloc'd), or *url NULL when it offers none or is unknown. */
int sso_logout_url(struct sso *s, const char *back, char **url);

#endif
