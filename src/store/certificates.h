/*
 * The signatures of the certificates (issue 13). A certificate is made from
 * the plan, the bookings and the checklist whenever it is read (api); what
 * the store keeps is who signed it, in which role, when, and what it said
 * then. Conventions of writes as in store/people.h: each write is one
 * transaction with its audit rows.
 */
#ifndef RANDA_STORE_CERTIFICATES_H
#define RANDA_STORE_CERTIFICATES_H

#include "domain/cert.h"
#include "store/edu.h"
#include "store/types.h"
#include "util/err.h"

#include <stdint.h>

struct cert_signature {
    int64_t id;
    int64_t trainee_id;
    struct cert_key key;
    enum cert_signer role;
    struct edu_by by;
    char at[STORE_TIME_MAX]; /* set by the store */
    /* The certificate's facts as signed (JSON text): given by
     * store_cert_signatures(), valid during its callback only; NULL in a
     * signature being written (store_cert_check gives it). */
    const char *content;
};

/*
 * Checks, inside the signature's write, that the certificate may be signed
 * now and says what it holds: 0 with *content a JSON object of its facts
 * (malloc'd text the store frees), or an error naming the field, which
 * becomes the write's. given is the signature in the same role the
 * certificate holds already (with the content it signed), or NULL: the
 * check decides whether what was signed then still stands (ERR_CONFLICT
 * naming role) or the certificate has changed since and may be signed
 * again.
 */
typedef int store_cert_check(struct store *s, void *arg,
                             const struct cert_signature *given, char **content,
                             struct err_info *ei);

/*
 * Records that sig->by signed certificate sig->key of trainee
 * sig->trainee_id as sig->role, now, in one transaction: reads the
 * signature the certificate holds in that role, if any, then runs check
 * (which sees what the write sees) and, when it passes, writes the
 * signature, renewing the one given before in place (one signature per
 * role; the log keeps the one it replaced).
 */
int store_cert_sign(struct store *s, struct cert_signature *sig,
                    store_cert_check *check, void *arg, struct err_info *ei);

/* The signatures of trainee_id's certificates, by certificate, then role,
 * each with its content (the facts as signed). */
int store_cert_signatures(struct store *s, int64_t trainee_id,
                          int (*each)(const struct cert_signature *, void *),
                          void *arg, struct err_info *ei);

#endif
