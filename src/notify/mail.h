/*
 * An e-mail as it goes on the wire (RFC 5322 with MIME): the headers, a
 * subject in UTF-8 as RFC 2047 encoded words, and a plain text body in
 * UTF-8 as quoted-printable, lines ending in CRLF. No I/O: smtp.h sends it.
 */
#ifndef RANDA_NOTIFY_MAIL_H
#define RANDA_NOTIFY_MAIL_H

#include "util/buf.h"
#include "util/err.h"

#include <stdint.h>

/*
 * Whether addr is an address Randa writes to or from: local@domain, of
 * printable ASCII or UTF-8 with no space, no control character and none of
 * <>,;"\ (it goes into a header and an SMTP command as it is).
 */
int notify_mail_address_ok(const char *addr);

/*
 * Appends to out the message from from (shown as "Randa") to to with
 * subject and body (UTF-8, "\n" line ends), dated now (seconds since 1970)
 * and named by message_id ("<...@...>"). ERR_INVAL naming "from" or "to"
 * when an address is not one (notify_mail_address_ok()).
 */
int notify_mail_message(struct buf *out, const char *from, const char *to,
                        const char *subject, const char *body, int64_t now,
                        const char *message_id, struct err_info *ei);

/* Appends subject as the value of a Subject header: as it is when it is
 * short printable ASCII, else RFC 2047 "B" words of UTF-8, folded. */
void notify_mail_subject(struct buf *out, const char *subject);

/* Appends text (UTF-8, "\n" or "\r\n" line ends) as quoted-printable with
 * CRLF line ends and lines of at most 76 characters. */
void notify_mail_qp(struct buf *out, const char *text);

#endif
