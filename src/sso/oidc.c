/* The OpenID Connect client (oidc.h) over libcurl. */
#include "sso/oidc.h"

#include "sso/jwt.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SSO_DISCOVERY_TTL_S 3600

struct sso {
    char *issuer, *client_id, *client_secret, *redirect_uri, *scope;
    long timeout_s;
    pthread_mutex_t lock;
    struct sso_discovery disc; /* issuer NULL until fetched */
    time_t disc_at;
    struct sso_jwks *keys; /* NULL until fetched */
};

static char *sso_dup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int sso_open(const struct sso_options *o, struct sso **out, struct err_info *ei)
{
    *out = NULL;
    if (!o->issuer || !sso_url_ok(o->issuer))
        return err_set(ei, ERR_INVAL, "issuer",
                       "the issuer must be an https URL (http only on "
                       "loopback)");
    if (!o->client_id || !*o->client_id)
        return err_set(ei, ERR_INVAL, "client_id", "a client id is needed");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return err_set(ei, ERR_IO, "curl", "cannot start libcurl");
    struct sso *s = calloc(1, sizeof(*s));
    if (!s) {
        curl_global_cleanup();
        return err_set(ei, ERR_IO, NULL, "out of memory");
    }
    s->issuer = sso_dup(o->issuer);
    s->client_id = sso_dup(o->client_id);
    s->client_secret = sso_dup(o->client_secret);
    s->redirect_uri = sso_dup(o->redirect_uri);
    s->scope = sso_dup(o->scope ? o->scope : "openid profile");
    s->timeout_s = o->timeout_s > 0 ? o->timeout_s : 10;
    pthread_mutex_init(&s->lock, NULL);
    *out = s;
    return 0;
}

void sso_close(struct sso *s)
{
    if (!s)
        return;
    sso_discovery_free(&s->disc);
    sso_jwks_free(s->keys);
    pthread_mutex_destroy(&s->lock);
    free(s->issuer);
    free(s->client_id);
    if (s->client_secret)
        sodium_memzero(s->client_secret, strlen(s->client_secret));
    free(s->client_secret);
    free(s->redirect_uri);
    free(s->scope);
    free(s);
    curl_global_cleanup();
}

/* ---- HTTP to the provider ---- */

struct sso_body {
    char *data;
    size_t len;
    int over;
};

static size_t sso_write(char *p, size_t size, size_t n, void *arg)
{
    struct sso_body *b = arg;
    size_t k = size * n;
    if (b->len + k > SSO_DOC_MAX) {
        b->over = 1;
        return 0;
    }
    char *d = realloc(b->data, b->len + k + 1);
    if (!d)
        return 0;
    memcpy(d + b->len, p, k);
    b->data = d;
    b->len += k;
    d[b->len] = '\0';
    return k;
}

/*
 * GETs url, or POSTs form (application/x-www-form-urlencoded) with HTTP
 * Basic client authentication when the client has a secret. The answer
 * into *body (malloc'd). ERR_IO when the provider cannot be reached or
 * answers with a status other than 200 (a token endpoint's 400 with its
 * OAuth error is given back as the body, for its reason).
 */
static int sso_http(struct sso *s, const char *url, const char *form,
                    struct sso_body *body, struct err_info *ei)
{
    memset(body, 0, sizeof(*body));
    CURL *c = curl_easy_init();
    if (!c)
        return err_set(ei, ERR_IO, "provider", "cannot start libcurl");
    struct curl_slist *headers =
        curl_slist_append(NULL, "Accept: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s->timeout_s);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sso_write);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "randa");
    char *user = NULL, *secret = NULL;
    if (form) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
        if (s->client_secret) {
            /* RFC 6749 2.3.1: both form-urlencoded before Basic. */
            user = curl_easy_escape(c, s->client_id, 0);
            secret = curl_easy_escape(c, s->client_secret, 0);
            curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
            curl_easy_setopt(c, CURLOPT_USERNAME, user);
            curl_easy_setopt(c, CURLOPT_PASSWORD, secret);
        }
    }
    CURLcode cc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    int rc = 0;
    if (cc != CURLE_OK)
        rc = err_set(ei, ERR_IO, "provider",
                     "the identity provider cannot be reached (%s)",
                     body->over ? "its answer is too large"
                                : curl_easy_strerror(cc));
    else if (status != 200 && !(form && status == 400 && body->data))
        rc = err_set(ei, ERR_IO, "provider",
                     "the identity provider answered HTTP %ld", status);
    else if (!body->data)
        rc = err_set(ei, ERR_IO, "provider",
                     "the identity provider's answer is empty");
    if (secret) {
        sodium_memzero(secret, strlen(secret));
        curl_free(secret);
    }
    curl_free(user);
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    if (rc) {
        free(body->data);
        memset(body, 0, sizeof(*body));
    }
    return rc;
}

/* Fetches the discovery document unless a fresh one is kept (lock held). */
static int sso_discover(struct sso *s, struct err_info *ei)
{
    time_t now = time(NULL);
    if (s->disc.issuer && now - s->disc_at < SSO_DISCOVERY_TTL_S)
        return 0;
    char url[2200];
    size_t n = strlen(s->issuer);
    snprintf(url, sizeof(url), "%s%s.well-known/openid-configuration",
             s->issuer, n && s->issuer[n - 1] == '/' ? "" : "/");
    struct sso_body b;
    int rc = sso_http(s, url, NULL, &b, ei);
    struct sso_discovery d;
    if (rc == 0)
        rc = sso_discovery_parse(b.data, b.len, s->issuer, &d, ei);
    free(b.data);
    if (rc)
        return rc;
    sso_discovery_free(&s->disc);
    s->disc = d;
    s->disc_at = now;
    return 0;
}

/* Fetches the key set again (lock held). */
static int sso_fetch_keys(struct sso *s, struct err_info *ei)
{
    struct sso_body b;
    int rc = sso_http(s, s->disc.jwks_uri, NULL, &b, ei);
    struct sso_jwks *k = NULL;
    if (rc == 0)
        rc = sso_jwks_parse(b.data, b.len, &k, ei);
    free(b.data);
    if (rc)
        return rc;
    sso_jwks_free(s->keys);
    s->keys = k;
    return 0;
}

/* Appends &name=escaped(value) to buf (malloc'd, grown). */
static int sso_param(CURL *c, char **buf, const char *name, const char *value)
{
    char *v = curl_easy_escape(c, value, 0);
    if (!v)
        return -1;
    size_t old = *buf ? strlen(*buf) : 0;
    size_t n = old + strlen(name) + strlen(v) + 3;
    char *d = realloc(*buf, n);
    if (!d) {
        curl_free(v);
        return -1;
    }
    snprintf(d + old, n - old, "%s%s=%s", old ? "&" : "", name, v);
    curl_free(v);
    *buf = d;
    return 0;
}

/* The S256 challenge of verifier (RFC 7636 4.2), base64url. */
static void sso_challenge(const char *verifier, char out[48])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)verifier, strlen(verifier));
    sodium_bin2base64(out, 48, h, sizeof(h),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int sso_authorize_url(struct sso *s, const char *state, const char *nonce,
                      const char *verifier, char **url, struct err_info *ei)
{
    *url = NULL;
    pthread_mutex_lock(&s->lock);
    int rc = sso_discover(s, ei);
    char *endpoint = rc == 0 ? sso_dup(s->disc.authorization_endpoint) : NULL;
    pthread_mutex_unlock(&s->lock);
    if (rc)
        return rc;
    char challenge[48];
    sso_challenge(verifier, challenge);
    CURL *c = curl_easy_init();
    char *q = NULL;
    int bad = !c || !endpoint || sso_param(c, &q, "response_type", "code") ||
              sso_param(c, &q, "client_id", s->client_id) ||
              sso_param(c, &q, "redirect_uri", s->redirect_uri) ||
              sso_param(c, &q, "scope", s->scope) ||
              sso_param(c, &q, "state", state) ||
              sso_param(c, &q, "nonce", nonce) ||
              sso_param(c, &q, "code_challenge", challenge) ||
              sso_param(c, &q, "code_challenge_method", "S256");
    if (!bad) {
        size_t n = strlen(endpoint) + strlen(q) + 2;
        *url = malloc(n);
        if (*url)
            snprintf(*url, n, "%s%c%s", endpoint,
                     strchr(endpoint, '?') ? '&' : '?', q);
    }
    free(q);
    free(endpoint);
    curl_easy_cleanup(c);
    if (!*url)
        return err_set(ei, ERR_IO, NULL, "out of memory");
    return 0;
}

int sso_redeem(struct sso *s, const char *code, const char *verifier,
               const char *nonce, int64_t now, json_t **claims,
               struct err_info *ei)
{
    *claims = NULL;
    pthread_mutex_lock(&s->lock);
    int rc = sso_discover(s, ei);
    char *endpoint = rc == 0 ? sso_dup(s->disc.token_endpoint) : NULL;
    pthread_mutex_unlock(&s->lock);
    if (rc)
        return rc;
    CURL *c = curl_easy_init();
    char *form = NULL;
    int bad =
        !c || !endpoint ||
        sso_param(c, &form, "grant_type", "authorization_code") ||
        sso_param(c, &form, "code", code) ||
        sso_param(c, &form, "redirect_uri", s->redirect_uri) ||
        sso_param(c, &form, "code_verifier", verifier) ||
        (!s->client_secret && sso_param(c, &form, "client_id", s->client_id));
    curl_easy_cleanup(c);
    struct sso_body b = {0};
    if (bad)
        rc = err_set(ei, ERR_IO, NULL, "out of memory");
    if (rc == 0)
        rc = sso_http(s, endpoint, form, &b, ei);
    free(form);
    free(endpoint);
    char *token = NULL;
    if (rc == 0)
        rc = sso_token_parse(b.data, b.len, &token, ei);
    free(b.data);
    if (rc)
        return rc;
    pthread_mutex_lock(&s->lock);
    rc = s->keys ? 0 : sso_fetch_keys(s, ei);
    if (rc == 0)
        rc = sso_jwt_verify(token, s->keys, claims, ei);
    /* A kid the set lacks: the provider may have rotated its keys. */
    if (rc == ERR_NOTFOUND) {
        rc = sso_fetch_keys(s, ei);
        if (rc == 0)
            rc = sso_jwt_verify(token, s->keys, claims, ei);
        if (rc == ERR_NOTFOUND)
            rc = ERR_INVAL;
    }
    pthread_mutex_unlock(&s->lock);
    free(token);
    if (rc == 0) {
        rc = sso_claims_check(*claims, s->issuer, s->client_id, nonce, now, ei);
        if (rc) {
            json_decref(*claims);
            *claims = NULL;
        }
    }
    return rc;
}

int sso_logout_url(struct sso *s, const char *back, char **url)
{
    *url = NULL;
    struct err_info ei = {0};
    pthread_mutex_lock(&s->lock);
    char *endpoint = sso_discover(s, &ei) == 0
                         ? sso_dup(s->disc.end_session_endpoint)
                         : NULL;
    pthread_mutex_unlock(&s->lock);
    if (!endpoint)
        return 0;
    CURL *c = curl_easy_init();
    char *q = NULL;
    if (c && !sso_param(c, &q, "client_id", s->client_id) &&
        !sso_param(c, &q, "post_logout_redirect_uri", back)) {
        size_t n = strlen(endpoint) + strlen(q) + 2;
        *url = malloc(n);
        if (*url)
            snprintf(*url, n, "%s%c%s", endpoint,
                     strchr(endpoint, '?') ? '&' : '?', q);
    }
    free(q);
    free(endpoint);
    curl_easy_cleanup(c);
    return 0;
}
