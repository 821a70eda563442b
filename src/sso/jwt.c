/*
 * The provider's documents and the ID token (jwt.h). Keys are built with
 * OpenSSL 3's EVP_PKEY_fromdata() from the JWK's numbers, and signatures
 * checked with EVP_DigestVerify(): RS256 is RSASSA-PKCS1-v1_5 with SHA-256,
 * ES256 ECDSA on P-256 with SHA-256, whose JWS form (r and s, 32 bytes
 * each) is turned into the DER that OpenSSL takes.
 */
#include "sso/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- small helpers ---- */

static char *sso_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Decodes base64url without padding into a malloc'd buffer. */
static unsigned char *sso_b64url(const char *in, size_t inlen, size_t *outlen)
{
    size_t cap = inlen * 3 / 4 + 3;
    unsigned char *out = malloc(cap);
    if (!out)
        return NULL;
    const char *end = NULL;
    if (sodium_base642bin(out, cap, in, inlen, NULL, outlen, &end,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != in + inlen) {
        free(out);
        return NULL;
    }
    return out;
}

int sso_url_ok(const char *url)
{
    if (!url)
        return 0;
    if (strncmp(url, "https://", 8) == 0)
        return url[8] != '\0' && url[8] != '/';
    static const char *const loopback[] = {"http://127.0.0.1", "http://[::1]",
                                           "http://localhost"};
    for (size_t i = 0; i < sizeof(loopback) / sizeof(*loopback); i++) {
        size_t n = strlen(loopback[i]);
        if (strncmp(url, loopback[i], n) == 0 &&
            (url[n] == ':' || url[n] == '/' || url[n] == '\0'))
            return 1;
    }
    return 0;
}

/* ---- discovery ---- */

void sso_discovery_free(struct sso_discovery *d)
{
    free(d->issuer);
    free(d->authorization_endpoint);
    free(d->token_endpoint);
    free(d->jwks_uri);
    free(d->end_session_endpoint);
    memset(d, 0, sizeof(*d));
}

static int sso_doc_load(const char *text, size_t len, const char *what,
                        json_t **out, struct err_info *ei)
{
    *out = NULL;
    if (len > SSO_DOC_MAX)
        return err_set(ei, ERR_TOOBIG, what, "%s: larger than %d bytes", what,
                       SSO_DOC_MAX);
    json_error_t je;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (!json_is_object(doc)) {
        json_decref(doc);
        return err_set(ei, ERR_SYNTAX, what, "%s: not a JSON object", what);
    }
    *out = doc;
    return 0;
}

int sso_discovery_parse(const char *text, size_t len, const char *expected,
                        struct sso_discovery *out, struct err_info *ei)
{
    memset(out, 0, sizeof(*out));
    json_t *doc;
    int rc = sso_doc_load(text, len, "discovery", &doc, ei);
    if (rc)
        return rc;
    static const char *const names[] = {"issuer", "authorization_endpoint",
                                        "token_endpoint", "jwks_uri",
                                        "end_session_endpoint"};
    char **slots[] = {&out->issuer, &out->authorization_endpoint,
                      &out->token_endpoint, &out->jwks_uri,
                      &out->end_session_endpoint};
    for (size_t i = 0; rc == 0 && i < sizeof(names) / sizeof(*names); i++) {
        json_t *v = json_object_get(doc, names[i]);
        int optional = i == 4;
        if (!v && optional)
            continue;
        if (!json_is_string(v) || json_string_length(v) > 2000)
            rc = err_set(ei, ERR_INVAL, names[i],
                         "discovery: %s is missing or not a string", names[i]);
        else if (i > 0 && !sso_url_ok(json_string_value(v)))
            rc = err_set(ei, ERR_INVAL, names[i],
                         "discovery: %s is not an https URL", names[i]);
        else if (!(*slots[i] = sso_strdup(json_string_value(v))))
            rc = err_set(ei, ERR_IO, names[i], "out of memory");
    }
    if (rc == 0 && strcmp(out->issuer, expected) != 0)
        rc = err_set(ei, ERR_INVAL, "issuer",
                     "discovery: issuer %.100s is not the configured %.100s",
                     out->issuer, expected);
    json_decref(doc);
    if (rc)
        sso_discovery_free(out);
    return rc;
}

/* ---- keys ---- */

struct sso_key {
    char kid[128]; /* "" when the key has none */
    int ec;        /* 1: EC P-256 (ES256), 0: RSA (RS256) */
    EVP_PKEY *pkey;
};

struct sso_jwks {
    int n;
    struct sso_key *keys;
};

void sso_jwks_free(struct sso_jwks *k)
{
    if (!k)
        return;
    for (int i = 0; i < k->n; i++)
        EVP_PKEY_free(k->keys[i].pkey);
    free(k->keys);
    free(k);
}

int sso_jwks_count(const struct sso_jwks *k)
{
    return k ? k->n : 0;
}

/* A base64url member of jwk, decoded (malloc'd) with at most max bytes. */
static unsigned char *sso_jwk_bytes(json_t *jwk, const char *name, size_t max,
                                    size_t *n)
{
    json_t *v = json_object_get(jwk, name);
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        json_string_length(v) > max * 4 / 3 + 4)
        return NULL;
    unsigned char *b =
        sso_b64url(json_string_value(v), json_string_length(v), n);
    if (b && (*n == 0 || *n > max)) {
        free(b);
        return NULL;
    }
    return b;
}

static EVP_PKEY *sso_pkey_from(const char *type, OSSL_PARAM_BLD *bld)
{
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
        EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
        pkey = NULL;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    return pkey;
}

static EVP_PKEY *sso_rsa_key(json_t *jwk)
{
    size_t nn = 0, en = 0;
    unsigned char *n = sso_jwk_bytes(jwk, "n", 1024, &nn);
    unsigned char *e = sso_jwk_bytes(jwk, "e", 8, &en);
    EVP_PKEY *pkey = NULL;
    BIGNUM *bn = n ? BN_bin2bn(n, (int)nn, NULL) : NULL;
    BIGNUM *be = e ? BN_bin2bn(e, (int)en, NULL) : NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    /* Keys shorter than 2048 bits are refused (NIST SP 800-131A). */
    if (bn && be && bld && BN_num_bits(bn) >= 2048 && BN_is_odd(be) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) &&
        OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be))
        pkey = sso_pkey_from("RSA", bld);
    OSSL_PARAM_BLD_free(bld);
    BN_free(bn);
    BN_free(be);
    free(n);
    free(e);
    return pkey;
}

static EVP_PKEY *sso_ec_key(json_t *jwk)
{
    json_t *crv = json_object_get(jwk, "crv");
    if (!json_is_string(crv) || strcmp(json_string_value(crv), "P-256") != 0)
        return NULL;
    size_t xn = 0, yn = 0;
    unsigned char *x = sso_jwk_bytes(jwk, "x", 32, &xn);
    unsigned char *y = sso_jwk_bytes(jwk, "y", 32, &yn);
    EVP_PKEY *pkey = NULL;
    OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
    unsigned char point[65];
    if (x && y && xn == 32 && yn == 32 && bld) {
        point[0] = 0x04; /* uncompressed: x then y */
        memcpy(point + 1, x, 32);
        memcpy(point + 33, y, 32);
        /* fromdata checks that the point is on the curve. */
        if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
                                            "prime256v1", 0) &&
            OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
                                             point, sizeof(point)))
            pkey = sso_pkey_from("EC", bld);
    }
    if (pkey) {
        EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
        if (!c || EVP_PKEY_public_check(c) != 1) {
            EVP_PKEY_free(pkey);
            pkey = NULL;
        }
        EVP_PKEY_CTX_free(c);
    }
    OSSL_PARAM_BLD_free(bld);
    free(x);
    free(y);
    return pkey;
}

int sso_jwks_parse(const char *text, size_t len, struct sso_jwks **out,
                   struct err_info *ei)
{
    *out = NULL;
    json_t *doc;
    int rc = sso_doc_load(text, len, "jwks", &doc, ei);
    if (rc)
        return rc;
    json_t *arr = json_object_get(doc, "keys");
    if (!json_is_array(arr) || json_array_size(arr) > 100) {
        json_decref(doc);
        return err_set(ei, ERR_INVAL, "keys",
                       "jwks: keys is missing or not a list of at most 100");
    }
    struct sso_jwks *k = calloc(1, sizeof(*k));
    if (k)
        k->keys = calloc(json_array_size(arr) + 1, sizeof(*k->keys));
    if (!k || !k->keys) {
        free(k);
        json_decref(doc);
        return err_set(ei, ERR_IO, "keys", "out of memory");
    }
    size_t i;
    json_t *jwk;
    json_array_foreach(arr, i, jwk)
    {
        json_t *kty = json_object_get(jwk, "kty");
        json_t *use = json_object_get(jwk, "use");
        json_t *alg = json_object_get(jwk, "alg");
        json_t *kid = json_object_get(jwk, "kid");
        if (!json_is_object(jwk) || !json_is_string(kty))
            continue;
        if (use && (!json_is_string(use) ||
                    strcmp(json_string_value(use), "sig") != 0))
            continue;
        if (kid && (!json_is_string(kid) || json_string_length(kid) == 0 ||
                    json_string_length(kid) >= sizeof(k->keys[0].kid)))
            continue;
        int ec = strcmp(json_string_value(kty), "EC") == 0;
        if (!ec && strcmp(json_string_value(kty), "RSA") != 0)
            continue;
        if (alg && (!json_is_string(alg) ||
                    strcmp(json_string_value(alg), ec ? "ES256" : "RS256")))
            continue;
        EVP_PKEY *pkey = ec ? sso_ec_key(jwk) : sso_rsa_key(jwk);
        if (!pkey)
            continue;
        struct sso_key *key = &k->keys[k->n++];
        key->ec = ec;
        key->pkey = pkey;
        snprintf(key->kid, sizeof(key->kid), "%s",
                 kid ? json_string_value(kid) : "");
    }
    json_decref(doc);
    if (k->n == 0) {
        sso_jwks_free(k);
        return err_set(ei, ERR_INVAL, "keys",
                       "jwks: no RSA (2048 bits or more) or P-256 signing key");
    }
    *out = k;
    return 0;
}

/* ---- the token ---- */

/* Turns ES256's r || s into a DER ECDSA-Sig-Value (malloc'd). */
static unsigned char *sso_ecdsa_der(const unsigned char *raw, size_t *n)
{
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
    unsigned char *der = NULL;
    if (sig && r && s && ECDSA_SIG_set0(sig, r, s)) {
        r = s = NULL; /* the signature owns them */
        int len = i2d_ECDSA_SIG(sig, NULL);
        unsigned char *p = len > 0 ? malloc((size_t)len) : NULL;
        der = p;
        if (p && i2d_ECDSA_SIG(sig, &p) == len) {
            *n = (size_t)len;
        } else {
            free(der);
            der = NULL;
        }
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return der;
}

static int sso_verify_with(const struct sso_key *key, const char *signed_part,
                           size_t signed_len, const unsigned char *sig,
                           size_t siglen)
{
    unsigned char *der = NULL;
    size_t dlen = 0;
    if (key->ec) {
        if (siglen != 64 || !(der = sso_ecdsa_der(sig, &dlen)))
            return 0;
        sig = der;
        siglen = dlen;
    }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok =
        md &&
        EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL, key->pkey) == 1 &&
        EVP_DigestVerify(md, sig, siglen, (const unsigned char *)signed_part,
                         signed_len) == 1;
    EVP_MD_CTX_free(md);
    free(der);
    return ok;
}

/* Decodes one base64url part of a token as a JSON object. */
static json_t *sso_part_json(const char *p, size_t n)
{
    size_t len = 0;
    unsigned char *b = sso_b64url(p, n, &len);
    if (!b)
        return NULL;
    json_t *j = json_loadb((const char *)b, len, JSON_REJECT_DUPLICATES, NULL);
    free(b);
    if (!json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

int sso_jwt_verify(const char *token, const struct sso_jwks *keys,
                   json_t **claims, struct err_info *ei)
{
    *claims = NULL;
    size_t len = strlen(token);
    const char *dot1 = memchr(token, '.', len);
    const char *dot2 =
        dot1 ? memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - token)) : NULL;
    if (len > SSO_DOC_MAX || !dot1 || !dot2 ||
        memchr(dot2 + 1, '.', len - (size_t)(dot2 + 1 - token)))
        return err_set(ei, ERR_SYNTAX, "id_token",
                       "id_token: not a signed JWT of three parts");
    json_t *header = sso_part_json(token, (size_t)(dot1 - token));
    json_t *payload = sso_part_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
    size_t siglen = 0;
    unsigned char *sig =
        sso_b64url(dot2 + 1, len - (size_t)(dot2 + 1 - token), &siglen);
    int rc = 0;
    json_t *alg = json_object_get(header, "alg");
    json_t *kid = json_object_get(header, "kid");
    int ec = 0;
    if (!header || !payload)
        rc = err_set(ei, ERR_SYNTAX, "id_token",
                     "id_token: a part is not base64url JSON");
    else if (!json_is_string(alg) ||
             (strcmp(json_string_value(alg), "RS256") != 0 &&
              strcmp(json_string_value(alg), "ES256") != 0))
        rc = err_set(ei, ERR_INVAL, "alg",
                     "id_token: the algorithm must be RS256 or ES256");
    else if (json_object_get(header, "crit"))
        rc = err_set(ei, ERR_INVAL, "crit",
                     "id_token: critical header extensions are not "
                     "understood");
    else if (kid && !json_is_string(kid))
        rc = err_set(ei, ERR_INVAL, "kid", "id_token: kid is not a string");
    else if (!sig || siglen == 0)
        rc = err_set(ei, ERR_SYNTAX, "signature",
                     "id_token: the signature is missing or not base64url");
    if (rc == 0) {
        ec = strcmp(json_string_value(alg), "ES256") == 0;
        int candidates = 0, verified = 0;
        for (int i = 0; keys && i < keys->n && !verified; i++) {
            const struct sso_key *k = &keys->keys[i];
            if (k->ec != ec ||
                (kid && strcmp(k->kid, json_string_value(kid)) != 0))
                continue;
            candidates++;
            verified =
                sso_verify_with(k, token, (size_t)(dot2 - token), sig, siglen);
        }
        if (!candidates)
            rc = err_set(ei, ERR_NOTFOUND, "kid",
                         "id_token: no %s key of the provider has kid %.100s",
                         ec ? "EC" : "RSA",
                         kid ? json_string_value(kid) : "(none)");
        else if (!verified)
            rc = err_set(ei, ERR_INVAL, "signature",
                         "id_token: the signature does not verify with the "
                         "provider's key");
    }
    free(sig);
    json_decref(header);
    if (rc == 0)
        *claims = payload;
    else
        json_decref(payload);
    return rc;
}

/* A NumericDate claim: 0, or ERR_INVAL when absent (required) or no number. */
static int sso_time_claim(const json_t *claims, const char *name, int required,
                          int64_t *out, struct err_info *ei)
{
    json_t *v = json_object_get(claims, name);
    *out = 0;
    if (!v && !required)
        return 0;
    if (json_is_integer(v))
        *out = (int64_t)json_integer_value(v);
    else if (json_is_real(v) && json_real_value(v) > -1e15 &&
             json_real_value(v) < 1e15)
        *out = (int64_t)json_real_value(v);
    else
        return err_set(ei, ERR_INVAL, name, "id_token: %s is not a time", name);
    return 0;
}

int sso_claims_check(const json_t *claims, const char *issuer,
                     const char *client_id, const char *nonce, int64_t now,
                     struct err_info *ei)
{
    json_t *iss = json_object_get(claims, "iss");
    if (!json_is_string(iss) || strcmp(json_string_value(iss), issuer) != 0)
        return err_set(ei, ERR_INVAL, "iss",
                       "id_token: issued by %.100s, not the configured "
                       "provider",
                       json_is_string(iss) ? json_string_value(iss) : "nobody");
    json_t *aud = json_object_get(claims, "aud");
    int ours = 0;
    size_t naud = 0;
    if (json_is_string(aud)) {
        naud = 1;
        ours = strcmp(json_string_value(aud), client_id) == 0;
    } else if (json_is_array(aud)) {
        size_t i;
        json_t *a;
        naud = json_array_size(aud);
        json_array_foreach(aud, i, a)
        {
            if (json_is_string(a) &&
                strcmp(json_string_value(a), client_id) == 0)
                ours = 1;
        }
    }
    if (!ours)
        return err_set(ei, ERR_INVAL, "aud",
                       "id_token: the audience is not this Randa (client id "
                       "%.100s)",
                       client_id);
    json_t *azp = json_object_get(claims, "azp");
    if ((naud > 1 || azp) &&
        (!json_is_string(azp) || strcmp(json_string_value(azp), client_id)))
        return err_set(ei, ERR_INVAL, "azp",
                       "id_token: the authorized party is not this Randa");
    int64_t exp = 0, iat = 0, nbf = 0;
    int rc = sso_time_claim(claims, "exp", 1, &exp, ei);
    if (rc == 0)
        rc = sso_time_claim(claims, "iat", 1, &iat, ei);
    if (rc == 0)
        rc = sso_time_claim(claims, "nbf", 0, &nbf, ei);
    if (rc)
        return rc;
    if (exp + SSO_LEEWAY_S <= now)
        return err_set(ei, ERR_INVAL, "exp", "id_token: expired");
    if (iat - SSO_LEEWAY_S > now || (nbf && nbf - SSO_LEEWAY_S > now))
        return err_set(ei, ERR_INVAL, "iat", "id_token: issued in the future");
    json_t *n = json_object_get(claims, "nonce");
    if (!json_is_string(n) || !nonce || !*nonce ||
        json_string_length(n) != strlen(nonce) ||
        sodium_memcmp(json_string_value(n), nonce, strlen(nonce)) != 0)
        return err_set(ei, ERR_INVAL, "nonce",
                       "id_token: the nonce is not this log-in's");
    return 0;
}

int sso_token_parse(const char *text, size_t len, char **id_token,
                    struct err_info *ei)
{
    *id_token = NULL;
    json_t *doc;
    int rc = sso_doc_load(text, len, "token", &doc, ei);
    if (rc)
        return rc;
    json_t *err = json_object_get(doc, "error");
    json_t *tok = json_object_get(doc, "id_token");
    if (err)
        rc = err_set(ei, ERR_INVAL, "code",
                     "the provider refused the code: %.100s",
                     json_is_string(err) ? json_string_value(err) : "error");
    else if (!json_is_string(tok) || json_string_length(tok) == 0)
        rc = err_set(ei, ERR_INVAL, "id_token",
                     "the provider's answer has no id_token");
    else if (!(*id_token = sso_strdup(json_string_value(tok))))
        rc = err_set(ei, ERR_IO, "id_token", "out of memory");
    json_decref(doc);
    return rc;
}
