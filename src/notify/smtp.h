/*
 * Sending one e-mail to an SMTP server with libcurl: the only code that
 * knows libcurl. STARTTLS is used when the server offers it (and required
 * with smtps:// or --smtp-tls), a user and password when given.
 */
#ifndef RANDA_NOTIFY_SMTP_H
#define RANDA_NOTIFY_SMTP_H

#include <stddef.h>

/* Where and how to send. */
struct notify_smtp {
    const char *url;      /* "smtp://host:25", "smtps://host:465" */
    const char *from;     /* the envelope and header sender */
    const char *user;     /* NULL: no AUTH */
    const char *password; /* with user */
    int require_tls;      /* 1: refuse a server without STARTTLS */
    int timeout_s;        /* for the whole conversation */
};

/* Sets libcurl up for the process; call once before any thread sends.
 * 0, or -1 when libcurl cannot start. */
int notify_smtp_init(void);
void notify_smtp_cleanup(void);

/*
 * Sends message (len bytes, as mail.h writes it) to to. 0 when the server
 * accepted it; -1 with why (the server's answer or the failure) in err.
 */
int notify_smtp_send(const struct notify_smtp *c, const char *to,
                     const char *message, size_t len, char *err,
                     size_t errsize);

#endif
