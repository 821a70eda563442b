/* Error codes shared by every module, and the one table that maps them. */
#ifndef RANDA_UTIL_ERR_H
#define RANDA_UTIL_ERR_H

#include <stddef.h>

/*
 * Functions return 0 on success or one of these negative codes. Detail for
 * the user (which field, why) goes in an optional struct err_info.
 */
enum err {
    ERR_OK = 0,
    ERR_INVAL = -1,     /* a well-formed value that is not allowed */
    ERR_NOTFOUND = -2,  /* an id that does not exist */
    ERR_CONFLICT = -3,  /* clashes with existing data (unique, capacity) */
    ERR_TOOBIG = -4,    /* input larger than its cap */
    ERR_DB = -5,        /* the database failed */
    ERR_IO = -6,        /* a file or socket failed */
    ERR_EXISTS = -7,    /* refusing to overwrite something that exists */
    ERR_CANCELLED = -8, /* stopped on request */
    ERR_SYNTAX = -9,    /* unreadable input: not JSON, a malformed argument */
};

#define ERR_FIELD_MAX 64
#define ERR_MSG_MAX   256

/* The detail of an error: its code, the field it concerns, a sentence. */
struct err_info {
    int code;
    char field[ERR_FIELD_MAX];
    char msg[ERR_MSG_MAX];
};

/* Returns a short lower-case name for a code ("invalid", "not found"). */
const char *err_str(int code);

/*
 * Records code, field (may be NULL) and a printf-style message in *ei, which
 * may be NULL, and returns code so that callers can write
 * "return err_set(ei, ERR_INVAL, "fte", "must be 1..100");".
 */
int err_set(struct err_info *ei, int code, const char *field, const char *fmt,
            ...) __attribute__((format(printf, 4, 5)));

/* Clears *ei to "no error". */
void err_clear(struct err_info *ei);

/* The process exit status for a code: 0 for ERR_OK, 1 otherwise. */
int err_exit_status(int code);

/* The HTTP status for a code (400, 404, 409, 413, 500, ...). */
int err_http_status(int code);

#endif
