/*
 * The identity provider's documents, read as outside input (issue 19): the
 * discovery document, the key set (JWKS), the token endpoint's answer and
 * the ID token, a JSON Web Token signed with RS256 or ES256.
 *
 * Signatures are checked by OpenSSL's EVP interface and JSON is read by
 * jansson; this module only takes the documents apart and names what is
 * wrong. Nothing here does I/O, so every function can be fuzzed alone
 * (tests/fuzz/fuzz_sso.c).
 */
#ifndef RANDA_SSO_JWT_H
#define RANDA_SSO_JWT_H

#include "util/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Documents from the provider larger than this are refused. */
#define SSO_DOC_MAX (256 * 1024)
/* Clock skew allowed between Randa and the provider, seconds. */
#define SSO_LEEWAY_S 60

/* The endpoints of a provider's discovery document (malloc'd strings;
 * end_session_endpoint NULL when it offers none). */
struct sso_discovery {
    char *issuer;
    char *authorization_endpoint;
    char *token_endpoint;
    char *jwks_uri;
    char *end_session_endpoint;
};

/*
 * Reads a discovery document: its issuer must be expected exactly (OIDC
 * Discovery 4.3) and every endpoint an https URL, or http on loopback
 * (127.0.0.1, [::1], localhost) for tests. ERR_SYNTAX or ERR_INVAL with
 * the reason; nothing is kept then.
 */
int sso_discovery_parse(const char *text, size_t len, const char *expected,
                        struct sso_discovery *out, struct err_info *ei);
void sso_discovery_free(struct sso_discovery *d);

/* An https URL, or http to a loopback host: 1, else 0. */
int sso_url_ok(const char *url);

/* The provider's public keys (opaque). */
struct sso_jwks;

/*
 * Reads a JWK set: RSA keys (2048 bits or more) and EC keys on P-256 that
 * are meant for signatures; other keys (encryption, other curves, symmetric
 * keys) are skipped. A set with no usable key is ERR_INVAL.
 */
int sso_jwks_parse(const char *text, size_t len, struct sso_jwks **out,
                   struct err_info *ei);
void sso_jwks_free(struct sso_jwks *k);
int sso_jwks_count(const struct sso_jwks *k);

/*
 * Checks the signature of the compact JWS token with keys: the header's
 * alg must be RS256 or ES256 (never "none" or HMAC), and its kid, when it
 * has one, must name a key of the set of the matching type. On success
 * *claims holds the payload (an object; decref it). ERR_NOTFOUND when no
 * key of the set has the token's kid (the provider may have rotated its
 * keys: fetch them again), ERR_INVAL for a signature that does not verify,
 * ERR_SYNTAX for a token that is not a JWS.
 */
int sso_jwt_verify(const char *token, const struct sso_jwks *keys,
                   json_t **claims, struct err_info *ei);

/*
 * The checks of OIDC Core 3.1.3.7 on verified claims: iss equals issuer,
 * aud is client_id or a list holding it (with azp client_id when there
 * are several), exp after now, iat not in the future, and nonce equal to
 * the one this log-in sent (all with SSO_LEEWAY_S of skew). ERR_INVAL
 * naming the claim that fails.
 */
int sso_claims_check(const json_t *claims, const char *issuer,
                     const char *client_id, const char *nonce, int64_t now,
                     struct err_info *ei);

/* The token endpoint's JSON answer: its id_token into *id_token
 * (malloc'd). An OAuth error answer is ERR_INVAL quoting its error code. */
int sso_token_parse(const char *text, size_t len, char **id_token,
                    struct err_info *ei);

#endif
