/*
 * The messages regions exchange (issue 17): their envelope and bodies,
 * checked as strictly as any outside input before anything reads them.
 *
 * A message is one JSON object:
 *   {"v": 1, "id": "<32 hex>", "from": "<region code>", "to": "<code>",
 *    "kind": "catalog" | "request" | "answer" | "cancel" |
 *            "swap.propose" | "swap.approve" | "swap.decline",
 *    "sent_at": <seconds since 1970>, "body": {...}}
 * with exactly these fields, and a body of exactly the fields its kind
 * has (docs/exchange.md lists them). Nothing in any kind can carry a
 * trainee's name, e-mail, HSA-id or personal identity number: a request
 * names a need's shape and a random reference only.
 */
#ifndef RANDA_EXCHANGE_XMSG_H
#define RANDA_EXCHANGE_XMSG_H

#include "util/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* The largest message a region takes (a catalogue of many offers). */
#define XMSG_MAX (512 * 1024)
/* A region's code: 1..32 of [a-z0-9-]. */
#define XMSG_CODE_MAX 33
/* Ids and references: 32 lower-case hex digits. */
#define XMSG_ID_LEN 32
/* Entries of a catalogue, goals of an offer or request. */
#define XMSG_OFFERS_MAX 500
#define XMSG_GOALS_MAX  40

enum xmsg_kind {
    XMSG_CATALOG,
    XMSG_REQUEST,
    XMSG_ANSWER,
    XMSG_CANCEL,
    XMSG_SWAP_PROPOSE,
    XMSG_SWAP_APPROVE,
    XMSG_SWAP_DECLINE,
    XMSG_KIND_COUNT
};

/* A message read by xmsg_parse(); body is checked and owned (json_decref
 * it through xmsg_release()). */
struct xmsg {
    char id[XMSG_ID_LEN + 1];
    char from[XMSG_CODE_MAX];
    char to[XMSG_CODE_MAX];
    enum xmsg_kind kind;
    int64_t sent_at;
    json_t *body;
};

/* "catalog", ...; NULL for no kind. */
const char *xmsg_kind_name(enum xmsg_kind k);
/* The kind named name, or -1. */
int xmsg_kind_parse(const char *name);

/*
 * Parses and checks n bytes of data as a message into out. On failure
 * returns ERR_SYNTAX (not JSON) or ERR_INVAL/ERR_TOOBIG with ei naming the
 * field ("body.offers[3].weeks") and out holds nothing to release.
 */
int xmsg_parse(const char *data, size_t n, struct xmsg *out,
               struct err_info *ei);

/* Checks body as the body of kind k (what xmsg_parse() does to a body). */
int xmsg_check_body(enum xmsg_kind k, json_t *body, struct err_info *ei);

/* Releases what xmsg_parse() put in m. */
void xmsg_release(struct xmsg *m);

/* 1 when s is a region code (1..32 of [a-z0-9-]). */
int xmsg_code_valid(const char *s);
/* 1 when s is 32 lower-case hex digits. */
int xmsg_id_valid(const char *s);

/* A new random id or reference of 32 hex digits. */
void xmsg_new_id(char out[XMSG_ID_LEN + 1]);

/*
 * The text of a message to send: the envelope around body (which it takes
 * over). The caller frees the string.
 */
char *xmsg_build(const char *id, const char *from, const char *to,
                 enum xmsg_kind k, int64_t sent_at, json_t *body);

#endif
