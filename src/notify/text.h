/*
 * The words of a notification's e-mail, in Swedish: its subject and body
 * from its kind and params, one alone or several in a daily digest, each
 * with the absolute link to its page. Plain text (UTF-8), lines ending in
 * "\n"; mail.h encodes them for the wire.
 */
#ifndef RANDA_NOTIFY_TEXT_H
#define RANDA_NOTIFY_TEXT_H

#include "store/notify.h"
#include "util/buf.h"

/*
 * Writes the e-mail of n into subject and body (appended). base_url is
 * where Randa is served ("https://randa.region.se/"; a missing final "/"
 * is added), which n's link is appended to.
 */
void notify_text_single(const struct notification *n, const char *base_url,
                        struct buf *subject, struct buf *body);

/* Writes one e-mail that tells the n notifications of list, in order. */
void notify_text_digest(const struct notification *list, int n,
                        const char *base_url, struct buf *subject,
                        struct buf *body);

/* One line that tells n ("Bokningsförfrågan: Åsa Öberg till Kardiologi,
 * v. 2027-W10–2027-W19"), appended to out with no line break. */
void notify_text_line(const struct notification *n, struct buf *out);

#endif
