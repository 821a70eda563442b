/*
 * The identity provider's documents (src/sso/jwt.h, issue 19) on any bytes:
 * the first byte chooses the discovery document, the key set, the token
 * endpoint's answer, or an ID token checked against a fixed key set (an
 * RSA and a P-256 key) and then its claims. Each must be read or refused
 * with a reason, never crash or leak; a token that verifies must have an
 * object of claims.
 */
#include "fuzz.h"

#include "sso/jwt.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char fuzz_jwks[] =
    "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"sYd7AjptNBjZne3iUFJCzEScRWIxRc_"
    "BSXU89NHYOWGflfS0pjsVvKRG9rRjeFlVwVjp4XrLlQp3EsNUsZWWDjVWeHKom0I6EHrYSknPf"
    "3yP4QdUyuL6qE19IYGGgw0gHZn1TemvrShCeZfzgink6GQmqTWpG1Q8Mzs_"
    "GLfok6FGhi8lDDZpaXILcU8CTPzh9aEUJ6wjqpFiB-Z66hGS17fX5Um5QZ7ab-"
    "ocXRjF1HyVijJncKMJ5zobhuiV7gchARAA8yc0eUSp8QLEpj73riULgTp22kYhxanSamM1qq60"
    "pEhQiE4dkul16ppAX7jYvWL8fc0ajD2i1PYC47_VzQ\",\"e\":\"AQAB\",\"kid\":"
    "\"r1\",\"use\":\"sig\",\"alg\":\"RS256\"},{\"kty\":\"EC\",\"x\":"
    "\"8B3SFWBkJ9_Ii8uInOt4CfA3U4m8WUQK3U-jSuIGMGI\",\"y\":"
    "\"uaz0AjvDbbSMr38tyenmYIYiaMbTsn3DGQs5Cjs0zm4\",\"crv\":\"P-256\",\"kid\":"
    "\"e1\",\"use\":\"sig\",\"alg\":\"ES256\"}]}";

static struct sso_jwks *fuzz_keys;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (size < 1)
        return 0;
    if (!fuzz_keys) {
        struct err_info ei = {0};
        FUZZ_CHECK(sso_jwks_parse(fuzz_jwks, sizeof(fuzz_jwks) - 1, &fuzz_keys,
                                  &ei) == 0 &&
                       sso_jwks_count(fuzz_keys) == 2,
                   "the fixed key set: %s", ei.msg);
    }
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    struct err_info ei = {0};
    int rc;
    switch (data[0] % 4) {
    case 0: {
        struct sso_discovery d;
        rc = sso_discovery_parse(text, size - 1, "https://idp.example.se", &d,
                                 &ei);
        if (rc == 0) {
            FUZZ_CHECK(d.issuer && d.token_endpoint && d.jwks_uri &&
                           d.authorization_endpoint,
                       "an endpoint is missing");
            FUZZ_CHECK(sso_url_ok(d.token_endpoint), "an http URL passed");
            sso_discovery_free(&d);
        }
        break;
    }
    case 1: {
        struct sso_jwks *k = NULL;
        rc = sso_jwks_parse(text, size - 1, &k, &ei);
        FUZZ_CHECK((rc == 0) == (k != NULL), "keys without success");
        if (k)
            FUZZ_CHECK(sso_jwks_count(k) > 0, "an empty key set passed");
        sso_jwks_free(k);
        break;
    }
    case 2: {
        char *tok = NULL;
        rc = sso_token_parse(text, size - 1, &tok, &ei);
        FUZZ_CHECK((rc == 0) == (tok != NULL), "a token without success");
        free(tok);
        break;
    }
    default: {
        json_t *claims = NULL;
        rc = sso_jwt_verify(text, fuzz_keys, &claims, &ei);
        FUZZ_CHECK((rc == 0) == json_is_object(claims),
                   "claims without success");
        if (claims)
            (void)sso_claims_check(claims, "https://idp.example.se", "randa",
                                   "n0nce", 1800000000, &ei);
        json_decref(claims);
        break;
    }
    }
    FUZZ_CHECK(rc == 0 || ei.msg[0], "a refusal without a reason");
    free(text);
    return 0;
}
