/* The signatures of the certificates (certificates.h). */
#include "store/certificates.h"
#include "store/store_impl.h"
#include "util/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *cert_signature_json(const struct cert_signature *sig,
                                   json_t *content)
{
    char key[CERT_KEY_MAX];
    cert_key_format(&sig->key, key);
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o}", "trainee_id",
                     (json_int_t)sig->trainee_id, "certificate", key, "role",
                     vocab_name(&vocab_cert_signer, sig->role), "user_id",
                     sig->by.user_id ? json_integer(sig->by.user_id)
                                     : json_null(),
                     "name", sig->by.name, "at", sig->at, "content",
                     content ? content : json_null());
}

/* Reads the signature trainee_id's certificate key holds in role into
 * *out with its content (malloc'd into *content): 1 when there is one, 0
 * when not, or an error. */
static int cert_signature_given(struct store *s, int64_t trainee_id,
                                const char *key, enum cert_signer role,
                                struct cert_signature *out, char **content,
                                struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, user_id, name, at, content "
                          "FROM certificate_signature WHERE trainee_id = ? "
                          "AND certificate = ? AND role = ?",
                          "ltt", trainee_id, key,
                          vocab_name(&vocab_cert_signer, role));
    int step = rc == 0 ? store__step(st) : STORE_DONE;
    if (rc == 0 && step == STORE_ROW) {
        out->id = store__col_int64(st, 0);
        out->by.user_id = store__column_id(st, 1);
        store__column_text(st, 2, out->by.name, sizeof(out->by.name));
        store__column_text(st, 3, out->at, sizeof(out->at));
        const char *c = store__col_text(st, 4);
        *content = xstrdup(c ? c : "{}");
        out->content = *content;
        rc = 1;
    } else if (rc == 0 && step != STORE_DONE) {
        rc = store__db_error(s, ei);
    }
    store__finalize(st);
    return rc;
}

int store_cert_sign(struct store *s, struct cert_signature *sig,
                    store_cert_check *check, void *arg, struct err_info *ei)
{
    int rc = store__check_vocab(ei, "role", &vocab_cert_signer, sig->role);
    if (rc == 0)
        rc = store__check_vocab(ei, "certificate", &vocab_cert_kind,
                                sig->key.kind);
    if (rc == 0 && !sig->by.name[0])
        rc = err_set(ei, ERR_INVAL, "role", "a signature names who gave it");
    if (rc || (rc = store__write_begin(s, ei)) != 0)
        return rc;
    char key[CERT_KEY_MAX];
    cert_key_format(&sig->key, key);
    struct cert_signature was = *sig;
    char *was_content = NULL;
    char *content = NULL;
    int given = cert_signature_given(s, sig->trainee_id, key, sig->role, &was,
                                     &was_content, ei);
    rc = given < 0 ? given : 0;
    if (rc == 0)
        rc = check(s, arg, given ? &was : NULL, &content, ei);
    store__timestamp(s, sig->at);
    if (rc == 0 && given) {
        sig->id = was.id;
        rc = store__exec(s, ei, NULL,
                         "UPDATE certificate_signature SET user_id = ?, "
                         "name = ?, at = ?, content = ? WHERE id = ?",
                         "dtttl", sig->by.user_id, sig->by.name, sig->at,
                         content, sig->id);
    } else if (rc == 0) {
        rc = store__exec(
            s, ei, &sig->id,
            "INSERT INTO certificate_signature (trainee_id, certificate, "
            "kind, booking_id, activity_id, role, user_id, name, at, "
            "content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            "lttddtdttt", sig->trainee_id, key,
            vocab_name(&vocab_cert_kind, sig->key.kind),
            sig->key.kind == CERT_ROTATION ? sig->key.id : (int64_t)0,
            sig->key.kind == CERT_ACTIVITY ? sig->key.id : (int64_t)0,
            vocab_name(&vocab_cert_signer, sig->role), sig->by.user_id,
            sig->by.name, sig->at, content);
    }
    if (rc == 0)
        rc = store__audit(
            s, "certificate_signature", given ? "update" : "insert", sig->id,
            given ? cert_signature_json(&was, json_loads(was_content, 0, NULL))
                  : NULL,
            cert_signature_json(sig, json_loads(content, 0, NULL)), ei);
    free(content);
    free(was_content);
    return store__write_end(s, rc);
}

int store_cert_signatures(struct store *s, int64_t trainee_id,
                          int (*each)(const struct cert_signature *, void *),
                          void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT id, trainee_id, certificate, role, user_id, "
                          "name, at, content FROM certificate_signature "
                          "WHERE trainee_id = ? ORDER BY certificate, role",
                          "l", trainee_id);
    int step;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct cert_signature sig;
        int role = 0;
        memset(&sig, 0, sizeof(sig));
        sig.id = store__col_int64(st, 0);
        sig.trainee_id = store__col_int64(st, 1);
        const char *key = store__col_text(st, 2);
        if (!key || cert_key_parse(key, &sig.key) != 0 ||
            vocab_parse(&vocab_cert_signer, store__col_text(st, 3), &role))
            continue;
        sig.role = (enum cert_signer)role;
        sig.by.user_id = store__column_id(st, 4);
        store__column_text(st, 5, sig.by.name, sizeof(sig.by.name));
        store__column_text(st, 6, sig.at, sizeof(sig.at));
        sig.content = store__col_text(st, 7);
        rc = each(&sig, arg);
    }
    if (rc == 0 && step != STORE_DONE)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}
