/*
 * Passwords: the rules a new password must meet, and hashing with
 * argon2id (libsodium's crypto_pwhash_str), so that only a salted, slow
 * hash is ever stored. Issue 5's log-in builds on this.
 */
#ifndef RANDA_UTIL_PASSWORD_H
#define RANDA_UTIL_PASSWORD_H

#include "util/err.h"

#define PASSWORD_MIN      12 /* characters (bytes of UTF-8) */
#define PASSWORD_MAX      256
#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES, with the NUL */

/* Initialises libsodium once; returns 0, or -1 if it cannot start. */
int password_init(void);

/*
 * Checks pw against the rules: PASSWORD_MIN..PASSWORD_MAX bytes, at least
 * five different characters, and not containing the user name. Returns 0
 * or ERR_INVAL with ei naming field "password" and the reason.
 */
int password_rules(const char *pw, const char *username, struct err_info *ei);

/* Hashes pw with argon2id into out; returns 0, or ERR_IO when out of
 * memory (the hash takes 64 MiB for a moment). */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX],
                  struct err_info *ei);

/* 1 if pw matches hash, else 0 (in time that does not depend on where
 * they differ). */
int password_verify(const char *hash, const char *pw);

/*
 * Secrets of sessions, CSRF and API tokens: 256 random bits as base64url
 * without padding (SECRET_LEN characters), of which only the SHA-256 (64
 * hex digits) is stored, so that a copy of the database opens no session.
 */
#define SECRET_LEN      43
#define SECRET_HASH_LEN 64
void secret_new(char out[SECRET_LEN + 1]);
void secret_hash(const char *secret, char out[SECRET_HASH_LEN + 1]);
/* The SHA-256 of n bytes of data as 64 hex digits (a stored file's). */
void bytes_sha256(const void *data, size_t n, char out[SECRET_HASH_LEN + 1]);
/* 1 when a and b are equal, compared in time that does not depend on
 * where they differ; NULL equals nothing. */
int secret_equal(const char *a, const char *b);

#endif
