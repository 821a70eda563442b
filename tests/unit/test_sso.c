/*
 * The checks of single sign-on's ID token (issue 19, src/sso/jwt.c): the key
 * set, the signature (RS256 and ES256) and the claims. The keys are made at
 * test time with OpenSSL, the tokens signed with them here, so that every
 * test checks a real signature: a good token of each algorithm verifies, and
 * another key under the published kid, an unknown kid, alg none or HS256,
 * a changed payload, an expired token, another audience, issuer or nonce
 * are each refused with the field that fails.
 */
#include <criterion/criterion.h>

#include "sso/jwt.h"
#include "util/err.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW    ((int64_t)1790000000)
#define ISSUER "https://idp.example.se"
#define CLIENT "randa"
#define NONCE  "n-0S6_WzA2Mj"

/* ---- helpers: base64url, keys, JWKs and signed tokens ---- */

static char *b64url(const unsigned char *in, size_t n)
{
    static const char tab[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char *out = malloc(n * 4 / 3 + 4);
    cr_assert_not_null(out);
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < n)
            v |= in[i + 2];
        out[o++] = tab[(v >> 18) & 63];
        out[o++] = tab[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = tab[(v >> 6) & 63];
        if (i + 2 < n)
            out[o++] = tab[v & 63];
    }
    out[o] = '\0';
    return out;
}

static char *b64url_str(const char *s)
{
    return b64url((const unsigned char *)s, strlen(s));
}

static EVP_PKEY *make_rsa(void)
{
    EVP_PKEY *k = EVP_RSA_gen(2048);
    cr_assert_not_null(k, "RSA key generation");
    return k;
}

static EVP_PKEY *make_ec(void)
{
    EVP_PKEY *k = EVP_EC_gen("P-256");
    cr_assert_not_null(k, "P-256 key generation");
    return k;
}

/* A BIGNUM parameter of key, base64url of its big-endian bytes (pad to
 * width bytes when width > 0). */
static char *bn_param(EVP_PKEY *key, const char *name, int width)
{
    BIGNUM *bn = NULL;
    cr_assert(EVP_PKEY_get_bn_param(key, name, &bn) == 1, "%s", name);
    int n = width > 0 ? width : BN_num_bytes(bn);
    unsigned char *buf = malloc((size_t)n);
    cr_assert_not_null(buf);
    cr_assert(BN_bn2binpad(bn, buf, n) == n);
    char *s = b64url(buf, (size_t)n);
    free(buf);
    BN_free(bn);
    return s;
}

/* The public JWK of key (RSA or P-256) with kid, as a JSON object. */
static json_t *jwk_of(EVP_PKEY *key, const char *kid)
{
    json_t *j;
    if (EVP_PKEY_is_a(key, "RSA")) {
        char *n = bn_param(key, OSSL_PKEY_PARAM_RSA_N, 0);
        char *e = bn_param(key, OSSL_PKEY_PARAM_RSA_E, 0);
        j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "use",
                      "sig", "alg", "RS256", "kid", kid, "n", n, "e", e);
        free(n);
        free(e);
    } else {
        char *x = bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, 32);
        char *y = bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
        j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "EC", "crv",
                      "P-256", "use", "sig", "kid", kid, "x", x, "y", y);
        free(x);
        free(y);
    }
    cr_assert_not_null(j);
    return j;
}

/* Parses a JWKS of the given JWKs (stolen), which must succeed. */
static struct sso_jwks *jwks_of(json_t *k1, json_t *k2)
{
    json_t *doc = json_pack("{s:[o]}", "keys", k1);
    if (k2)
        json_array_append_new(json_object_get(doc, "keys"), k2);
    char *text = json_dumps(doc, JSON_COMPACT);
    struct sso_jwks *ks = NULL;
    struct err_info ei = {0};
    int rc = sso_jwks_parse(text, strlen(text), &ks, &ei);
    cr_assert_eq(rc, 0, "jwks: %s", ei.msg);
    free(text);
    json_decref(doc);
    return ks;
}

/* Signs header.payload with key (alg from its type) into a compact JWS. */
static char *sign(EVP_PKEY *key, const char *header, const char *payload)
{
    char *h = b64url_str(header), *p = b64url_str(payload);
    size_t in_len = strlen(h) + 1 + strlen(p);
    char *input = malloc(in_len + 1);
    cr_assert_not_null(input);
    snprintf(input, in_len + 1, "%s.%s", h, p);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    size_t slen = 0;
    cr_assert(EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, key) == 1);
    cr_assert(EVP_DigestSign(md, NULL, &slen, (unsigned char *)input, in_len) ==
              1);
    unsigned char *sig = malloc(slen);
    cr_assert_not_null(sig);
    cr_assert(EVP_DigestSign(md, sig, &slen, (unsigned char *)input, in_len) ==
              1);
    EVP_MD_CTX_free(md);
    unsigned char raw[64];
    const unsigned char *sigp = sig;
    size_t rawlen = slen;
    if (EVP_PKEY_is_a(key, "EC")) {
        /* JWS wants r || s of 32 bytes each, OpenSSL gives DER. */
        const unsigned char *d = sig;
        ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &d, (long)slen);
        cr_assert_not_null(es);
        cr_assert(BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32) == 32);
        cr_assert(BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32) == 32);
        ECDSA_SIG_free(es);
        sigp = raw;
        rawlen = 64;
    }
    char *s = b64url(sigp, rawlen);
    size_t n = in_len + 1 + strlen(s) + 1;
    char *tok = malloc(n);
    cr_assert_not_null(tok);
    snprintf(tok, n, "%s.%s", input, s);
    free(s);
    free(sig);
    free(input);
    free(h);
    free(p);
    return tok;
}

/* Good claims, with one changed by the caller where it wants. */
static char *claims_text(const char *iss, const char *aud, int64_t exp,
                         const char *nonce)
{
    json_t *c =
        json_pack("{s:s, s:s, s:s, s:I, s:I, s:s}", "iss", iss, "sub",
                  "SE2321000016-1234", "aud", aud, "exp", (json_int_t)exp,
                  "iat", (json_int_t)(exp - 300), "nonce", nonce);
    char *t = json_dumps(c, JSON_COMPACT);
    json_decref(c);
    return t;
}

static char *good_claims(void)
{
    return claims_text(ISSUER, CLIENT, NOW + 300, NONCE);
}

/* Verifies tok with ks: returns the code and fills ei; claims dropped. */
static int verify(const char *tok, const struct sso_jwks *ks,
                  struct err_info *ei)
{
    json_t *claims = NULL;
    int rc = sso_jwt_verify(tok, ks, &claims, ei);
    if (rc == 0)
        cr_assert(json_is_object(claims));
    else
        cr_assert_null(claims);
    json_decref(claims);
    return rc;
}

/* Verifies and checks claims: 0 or the first failure. */
static int verify_and_check(const char *tok, const struct sso_jwks *ks,
                            struct err_info *ei)
{
    json_t *claims = NULL;
    int rc = sso_jwt_verify(tok, ks, &claims, ei);
    if (rc == 0)
        rc = sso_claims_check(claims, ISSUER, CLIENT, NONCE, NOW, ei);
    json_decref(claims);
    return rc;
}

/* ---- signatures ---- */

Test(sso_jwt, rs256_good_token_verifies_and_claims_pass)
{
    EVP_PKEY *k = make_rsa();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), NULL);
    char *c = good_claims();
    char *tok = sign(k, "{\"alg\":\"RS256\",\"kid\":\"r1\"}", c);
    struct err_info ei = {0};
    cr_assert_eq(verify_and_check(tok, ks, &ei), 0, "%s", ei.msg);
    free(tok);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
}

Test(sso_jwt, es256_good_token_verifies_and_claims_pass)
{
    EVP_PKEY *r = make_rsa(), *e = make_ec();
    struct sso_jwks *ks = jwks_of(jwk_of(r, "r1"), jwk_of(e, "e1"));
    cr_assert_eq(sso_jwks_count(ks), 2);
    char *c = good_claims();
    char *tok = sign(e, "{\"alg\":\"ES256\",\"kid\":\"e1\"}", c);
    struct err_info ei = {0};
    cr_assert_eq(verify_and_check(tok, ks, &ei), 0, "%s", ei.msg);
    /* Without a kid the key of the right type is tried. */
    char *tok2 = sign(e, "{\"alg\":\"ES256\"}", c);
    cr_assert_eq(verify(tok2, ks, &ei), 0, "%s", ei.msg);
    free(tok2);
    free(tok);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(r);
    EVP_PKEY_free(e);
}

Test(sso_jwt, another_key_under_the_published_kid_is_refused)
{
    EVP_PKEY *k = make_rsa(), *other = make_rsa();
    EVP_PKEY *e = make_ec(), *eother = make_ec();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), jwk_of(e, "e1"));
    char *c = good_claims();
    struct err_info ei = {0};
    char *tok = sign(other, "{\"alg\":\"RS256\",\"kid\":\"r1\"}", c);
    cr_assert_eq(verify(tok, ks, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "signature");
    char *etok = sign(eother, "{\"alg\":\"ES256\",\"kid\":\"e1\"}", c);
    cr_assert_eq(verify(etok, ks, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "signature");
    free(etok);
    free(tok);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
    EVP_PKEY_free(other);
    EVP_PKEY_free(e);
    EVP_PKEY_free(eother);
}

Test(sso_jwt, changed_payload_is_refused)
{
    EVP_PKEY *k = make_rsa();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), NULL);
    char *c = good_claims();
    char *tok = sign(k, "{\"alg\":\"RS256\",\"kid\":\"r1\"}", c);
    /* Put another subject's payload between the header and signature. */
    char *evil = claims_text(ISSUER, CLIENT, NOW + 300, NONCE);
    evil[strlen(evil) - 3] = 'X'; /* the nonce's last letter */
    char *ep = b64url_str(evil);
    const char *d1 = strchr(tok, '.'), *d2 = strrchr(tok, '.');
    size_t n = strlen(tok) + strlen(ep) + 2;
    char *forged = malloc(n);
    cr_assert_not_null(forged);
    snprintf(forged, n, "%.*s.%s%s", (int)(d1 - tok), tok, ep, d2);
    struct err_info ei = {0};
    int frc = verify(forged, ks, &ei);
    cr_assert_eq(frc, ERR_INVAL, "rc %d %s: %s", frc, ei.msg, forged);
    cr_assert_str_eq(ei.field, "signature");
    free(forged);
    free(ep);
    free(evil);
    free(tok);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
}

Test(sso_jwt, unknown_kid_is_not_found)
{
    EVP_PKEY *k = make_rsa(), *e = make_ec();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), NULL);
    char *c = good_claims();
    struct err_info ei = {0};
    char *tok = sign(k, "{\"alg\":\"RS256\",\"kid\":\"r2\"}", c);
    cr_assert_eq(verify(tok, ks, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "kid");
    /* An ES256 token where the set has only RSA keys: no candidate. */
    char *etok = sign(e, "{\"alg\":\"ES256\",\"kid\":\"r1\"}", c);
    cr_assert_eq(verify(etok, ks, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "kid");
    free(etok);
    free(tok);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
    EVP_PKEY_free(e);
}

Test(sso_jwt, wrong_alg_is_refused)
{
    EVP_PKEY *k = make_rsa();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), NULL);
    char *c = good_claims();
    struct err_info ei = {0};
    /* RS256's signature, but the header says RS384, HS256 or none. */
    const char *heads[] = {"{\"alg\":\"RS384\",\"kid\":\"r1\"}",
                           "{\"alg\":\"HS256\",\"kid\":\"r1\"}",
                           "{\"alg\":\"none\",\"kid\":\"r1\"}",
                           "{\"kid\":\"r1\"}"};
    for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        char *tok = sign(k, heads[i], c);
        cr_assert_eq(verify(tok, ks, &ei), ERR_INVAL, "%s", heads[i]);
        cr_assert_str_eq(ei.field, "alg", "%s", heads[i]);
        free(tok);
    }
    /* alg none with an empty signature: no signature at all. */
    char *h = b64url_str("{\"alg\":\"none\"}"), *p = b64url_str(c);
    char none[4096];
    snprintf(none, sizeof(none), "%s.%s.", h, p);
    cr_assert_neq(verify(none, ks, &ei), 0);
    /* An ES256 header over an RSA key's signature, under the RSA kid. */
    char *tok = sign(k, "{\"alg\":\"ES256\",\"kid\":\"r1\"}", c);
    cr_assert_eq(verify(tok, ks, &ei), ERR_NOTFOUND);
    free(tok);
    /* A critical extension is refused. */
    tok = sign(k, "{\"alg\":\"RS256\",\"kid\":\"r1\",\"crit\":[\"x\"]}", c);
    cr_assert_eq(verify(tok, ks, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "crit");
    free(tok);
    free(h);
    free(p);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
}

Test(sso_jwt, malformed_tokens_are_syntax_errors)
{
    EVP_PKEY *k = make_rsa();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), NULL);
    struct err_info ei = {0};
    const char *bad[] = {"", "abc", "a.b", "a.b.c.d", "!!.??.**", "..."};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(verify(bad[i], ks, &ei), ERR_SYNTAX, "'%s'", bad[i]);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
}

/* ---- claims ---- */

Test(sso_claims, expired_token_is_refused_past_the_leeway)
{
    EVP_PKEY *k = make_ec();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "e1"), NULL);
    struct err_info ei = {0};
    /* Expired a little inside the leeway still passes. */
    char *c = claims_text(ISSUER, CLIENT, NOW - SSO_LEEWAY_S + 5, NONCE);
    char *tok = sign(k, "{\"alg\":\"ES256\",\"kid\":\"e1\"}", c);
    cr_assert_eq(verify_and_check(tok, ks, &ei), 0, "%s", ei.msg);
    free(tok);
    free(c);
    c = claims_text(ISSUER, CLIENT, NOW - SSO_LEEWAY_S, NONCE);
    tok = sign(k, "{\"alg\":\"ES256\",\"kid\":\"e1\"}", c);
    cr_assert_eq(verify_and_check(tok, ks, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "exp");
    free(tok);
    free(c);
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
}

Test(sso_claims, wrong_audience_issuer_and_nonce_are_refused)
{
    EVP_PKEY *k = make_rsa();
    struct sso_jwks *ks = jwks_of(jwk_of(k, "r1"), NULL);
    struct err_info ei = {0};
    struct {
        const char *iss, *aud, *nonce, *field;
    } cases[] = {
        {ISSUER, "another-service", NONCE, "aud"},
        {"https://evil.example.com", CLIENT, NONCE, "iss"},
        {ISSUER "/", CLIENT, NONCE, "iss"},
        {ISSUER, CLIENT, "another-nonce", "nonce"},
        {ISSUER, CLIENT, "", "nonce"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *c =
            claims_text(cases[i].iss, cases[i].aud, NOW + 300, cases[i].nonce);
        char *tok = sign(k, "{\"alg\":\"RS256\",\"kid\":\"r1\"}", c);
        cr_assert_eq(verify_and_check(tok, ks, &ei), ERR_INVAL, "case %zu", i);
        cr_assert_str_eq(ei.field, cases[i].field, "case %zu", i);
        free(tok);
        free(c);
    }
    sso_jwks_free(ks);
    EVP_PKEY_free(k);
}

Test(sso_claims, several_audiences_need_azp)
{
    json_t *c = json_pack("{s:s, s:[s,s], s:I, s:I, s:s}", "iss", ISSUER, "aud",
                          "other", CLIENT, "exp", (json_int_t)(NOW + 300),
                          "iat", (json_int_t)NOW, "nonce", NONCE);
    struct err_info ei = {0};
    cr_assert_eq(sso_claims_check(c, ISSUER, CLIENT, NONCE, NOW, &ei),
                 ERR_INVAL);
    cr_assert_str_eq(ei.field, "azp");
    json_object_set_new(c, "azp", json_string(CLIENT));
    cr_assert_eq(sso_claims_check(c, ISSUER, CLIENT, NONCE, NOW, &ei), 0, "%s",
                 ei.msg);
    /* Issued in the future, beyond the leeway. */
    json_object_set_new(c, "iat", json_integer(NOW + SSO_LEEWAY_S + 10));
    cr_assert_eq(sso_claims_check(c, ISSUER, CLIENT, NONCE, NOW, &ei),
                 ERR_INVAL);
    cr_assert_str_eq(ei.field, "iat");
    json_decref(c);
}

/* ---- the key set ---- */

Test(sso_jwks, weak_or_unusable_keys_are_not_loaded)
{
    EVP_PKEY *weak = EVP_RSA_gen(1024);
    cr_assert_not_null(weak);
    json_t *w = jwk_of(weak, "weak");
    json_t *enc = jwk_of(weak, "enc");
    json_object_set_new(enc, "use", json_string("enc"));
    json_t *doc = json_pack("{s:[o,o,{s:s,s:s}]}", "keys", w, enc, "kty", "oct",
                            "k", "c2VjcmV0");
    char *text = json_dumps(doc, JSON_COMPACT);
    struct sso_jwks *ks = NULL;
    struct err_info ei = {0};
    cr_assert_eq(sso_jwks_parse(text, strlen(text), &ks, &ei), ERR_INVAL);
    cr_assert_null(ks);
    cr_assert_str_eq(ei.field, "keys");
    free(text);
    json_decref(doc);

    /* An EC point not on the curve is refused. */
    EVP_PKEY *e = make_ec();
    json_t *bad = jwk_of(e, "e1");
    const char *y = json_string_value(json_object_get(bad, "y"));
    char *y2 = strdup(y);
    y2[5] = y2[5] == 'A' ? 'B' : 'A';
    json_object_set_new(bad, "y", json_string(y2));
    doc = json_pack("{s:[o]}", "keys", bad);
    text = json_dumps(doc, JSON_COMPACT);
    cr_assert_eq(sso_jwks_parse(text, strlen(text), &ks, &ei), ERR_INVAL);
    cr_assert_null(ks);
    free(text);
    free(y2);
    json_decref(doc);
    EVP_PKEY_free(e);
    EVP_PKEY_free(weak);
}
