/* E-mail messages on the wire (mail.h). */
#include "notify/mail.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int notify_mail_address_ok(const char *addr)
{
    size_t n = addr ? strlen(addr) : 0;
    const char *at = n ? strrchr(addr, '@') : NULL;
    if (n < 3 || n > 254 || !at || at == addr || !at[1] ||
        memchr(addr, '@', (size_t)(at - addr)))
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)addr[i];
        if (c <= ' ' || c == 0x7f || strchr("<>,;\"\\()[]:", c))
            return 0;
    }
    return 1;
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void mail_base64(struct buf *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63],
                     i + 1 < n ? b64[(v >> 6) & 63] : '=',
                     i + 2 < n ? b64[v & 63] : '='};
        buf_add(out, q, 4);
    }
}

/* Bytes of UTF-8 text an encoded word carries at most: 45 bytes are 60
 * base64 characters, and "=?UTF-8?B?" with "?=" makes 72 (RFC 2047: 75). */
#define MAIL_WORD_BYTES 45

void notify_mail_subject(struct buf *out, const char *subject)
{
    size_t n = strlen(subject);
    int plain = n <= 60;
    for (size_t i = 0; plain && i < n; i++)
        plain = subject[i] >= ' ' && subject[i] < 0x7f &&
                !(subject[i] == '=' && subject[i + 1] == '?');
    if (plain) {
        buf_add(out, subject, n);
        return;
    }
    const unsigned char *s = (const unsigned char *)subject;
    size_t i = 0;
    while (i < n) {
        size_t take = n - i < MAIL_WORD_BYTES ? n - i : MAIL_WORD_BYTES;
        /* Never split a character between two words. */
        while (take > 0 && i + take < n && (s[i + take] & 0xc0) == 0x80)
            take--;
        if (take == 0)
            take = 1;
        if (i > 0)
            buf_adds(out, "\r\n ");
        buf_adds(out, "=?UTF-8?B?");
        mail_base64(out, s + i, take);
        buf_adds(out, "?=");
        i += take;
    }
}

void notify_mail_qp(struct buf *out, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n') {
            buf_adds(out, "\r\n");
            col = 0;
            continue;
        }
        /* A space or tab before a line end is encoded, others kept. */
        int at_end =
            p[1] == '\n' || p[1] == '\0' || (p[1] == '\r' && p[2] == '\n');
        int literal = (*p >= 33 && *p <= 126 && *p != '=') ||
                      ((*p == ' ' || *p == '\t') && !at_end);
        size_t w = literal ? 1 : 3;
        if (col + w > 75) {
            buf_adds(out, "=\r\n");
            col = 0;
        }
        if (literal) {
            buf_add(out, p, 1);
        } else {
            char e[3] = {'=', hex[*p >> 4], hex[*p & 15]};
            buf_add(out, e, 3);
        }
        col += w;
    }
    if (col)
        buf_adds(out, "\r\n");
}

int notify_mail_message(struct buf *out, const char *from, const char *to,
                        const char *subject, const char *body, int64_t now,
                        const char *message_id, struct err_info *ei)
{
    if (!notify_mail_address_ok(from))
        return err_set(ei, ERR_INVAL, "from", "from: not an e-mail address");
    if (!notify_mail_address_ok(to))
        return err_set(ei, ERR_INVAL, "to", "to: not an e-mail address");
    char date[64];
    time_t t = (time_t)now;
    struct tm tm;
    gmtime_r(&t, &tm);
    /* RFC 5322 names the days and months in English, whatever the locale. */
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d +0000",
             days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    buf_addf(out,
             "Date: %s\r\nFrom: Randa <%s>\r\nTo: <%s>\r\nMessage-ID: %s\r\n"
             "Subject: ",
             date, from, to, message_id);
    notify_mail_subject(out, subject);
    buf_adds(out, "\r\nMIME-Version: 1.0\r\n"
                  "Content-Type: text/plain; charset=UTF-8\r\n"
                  "Content-Transfer-Encoding: quoted-printable\r\n"
                  "Auto-Submitted: auto-generated\r\n\r\n");
    notify_mail_qp(out, body);
    return 0;
}
