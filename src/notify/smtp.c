/* One e-mail to an SMTP server over libcurl (smtp.h). */
#include "notify/smtp.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

int notify_smtp_init(void)
{
    return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void notify_smtp_cleanup(void)
{
    curl_global_cleanup();
}

/* The message as libcurl reads it, a piece at a time. */
struct smtp_upload {
    const char *data;
    size_t left;
};

static size_t smtp_read(char *out, size_t size, size_t n, void *arg)
{
    struct smtp_upload *u = arg;
    size_t room = size * n;
    size_t take = u->left < room ? u->left : room;
    memcpy(out, u->data, take);
    u->data += take;
    u->left -= take;
    return take;
}

int notify_smtp_send(const struct notify_smtp *c, const char *to,
                     const char *message, size_t len, char *err, size_t errsize)
{
    CURL *curl = curl_easy_init();
    if (!curl) {
        snprintf(err, errsize, "cannot start libcurl");
        return -1;
    }
    char from[300], rcpt[300], why[CURL_ERROR_SIZE] = "";
    snprintf(from, sizeof(from), "<%s>", c->from);
    snprintf(rcpt, sizeof(rcpt), "<%s>", to);
    struct curl_slist *rcpts = curl_slist_append(NULL, rcpt);
    struct smtp_upload up = {message, len};
    curl_easy_setopt(curl, CURLOPT_URL, c->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, smtp_read);
    curl_easy_setopt(curl, CURLOPT_READDATA, &up);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    /* STARTTLS whenever the server offers it; required when asked. */
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     c->require_tls ? (long)CURLUSESSL_ALL
                                    : (long)CURLUSESSL_TRY);
    if (c->user && *c->user) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD,
                         c->password ? c->password : "");
    }
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)c->timeout_s);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                     (long)(c->timeout_s < 10 ? c->timeout_s : 10));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); /* on a worker thread */
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, why);
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
        if (code)
            snprintf(err, errsize, "%s (SMTP %ld): %s", curl_easy_strerror(rc),
                     code, why);
        else
            snprintf(err, errsize, "%s: %s", curl_easy_strerror(rc), why);
    }
    curl_slist_free_all(rcpts);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK ? 0 : -1;
}
