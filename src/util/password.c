/* Password rules and argon2id hashing (password.h). */
#include "util/password.h"

#include <sodium.h>
#include <string.h>

int password_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

/* Does haystack contain needle, ignoring ASCII case? */
static int password_contains(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = haystack; n && *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && (h[i] | 0x20) == (needle[i] | 0x20))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

int password_rules(const char *pw, const char *username, struct err_info *ei)
{
    size_t len = strlen(pw);
    unsigned char seen[256] = {0};
    int distinct = 0;
    for (size_t i = 0; i < len; i++)
        distinct += !seen[(unsigned char)pw[i]]++;
    if (len < PASSWORD_MIN)
        return err_set(ei, ERR_INVAL, "password",
                       "password: must be at least %d characters",
                       PASSWORD_MIN);
    if (len > PASSWORD_MAX)
        return err_set(ei, ERR_INVAL, "password",
                       "password: must be at most %d characters", PASSWORD_MAX);
    if (distinct < 5)
        return err_set(ei, ERR_INVAL, "password",
                       "password: must have at least 5 different characters");
    if (username && strlen(username) >= 3 && password_contains(pw, username))
        return err_set(ei, ERR_INVAL, "password",
                       "password: must not contain the user name");
    return 0;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX],
                  struct err_info *ei)
{
    if (crypto_pwhash_str_alg(out, pw, strlen(pw),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(ei, ERR_IO, "password",
                       "password: out of memory while hashing");
    return 0;
}

int password_verify(const char *hash, const char *pw)
{
    return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void secret_new(char out[SECRET_LEN + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, SECRET_LEN + 1, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void secret_hash(const char *secret, char out[SECRET_HASH_LEN + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
    sodium_bin2hex(out, SECRET_HASH_LEN + 1, h, sizeof(h));
}

void bytes_sha256(const void *data, size_t n, char out[SECRET_HASH_LEN + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, n);
    sodium_bin2hex(out, SECRET_HASH_LEN + 1, h, sizeof(h));
}

int secret_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t n = strlen(a);
    if (strlen(b) != n)
        return 0;
    return sodium_memcmp(a, b, n) == 0;
}
