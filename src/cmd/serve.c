/*
 * randa serve: the web UI and the JSON API over HTTP, or HTTPS with
 * --tls-cert and --tls-key, until SIGINT/SIGTERM.
 */
#include "cmd/cmd.h"

#include "api/api.h"
#include "http/server.h"
#include "store/store.h"
#include "util/log.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char serve_usage[] =
    "usage: randa serve [--db FILE|URL] [--db-read URL]\n"
    "                   [--listen ADDR:PORT] [--threads N]\n"
    "                   [--tls-cert FILE --tls-key FILE] [--rate-limit N]\n"
    "                   [--connections-per-address N] [--session-idle S]\n"
    "                   [--session-max S] [--offer-pass S] [--no-migrate]\n"
    "                   [--quiet] [--routes]\n"
    "                   [--smtp URL --mail-from ADDR [--smtp-credentials "
    "FILE]\n"
    "                    [--smtp-require-tls]] [--public-url URL]\n"
    "                   [--mail-poll S] [--mail-retry S] [--mail-attempts N]\n"
    "                   [--daily-pass HH:MM|off] [--daily-pass-every S]\n"
    "                   [--sso-* ...]\n"
    "                   [--exchange-as CODE] [--exchange-poll S]\n"
    "                   [--exchange-backoff-max S]\n"
    "\n"
    "Serves the web UI and the JSON API (/api/v1) of the database until\n"
    "stopped with Ctrl-C or SIGTERM, finishing the requests in flight.\n"
    "\n";

/* The flags, apart: one string would pass the length C11 promises. */
static const char serve_flags_usage[] =
    "  --db FILE|URL       the database (default randa.db; 'randa demo'\n"
    "                      creates one), or postgresql://HOST/DB (the\n"
    "                      password from ~/.pgpass or PGPASSFILE)\n"
    "  --db-read URL       a streaming standby of the PostgreSQL --db:\n"
    "                      the place overview and the lists read from it\n"
    "                      (they may lag a moment), everything else from\n"
    "                      --db, which also serves them while the standby\n"
    "                      does not answer\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
    "                      picks a free one; IPv6 as [::1]:8080)\n"
    "  --threads N         worker threads (default 4)\n"
    "  --tls-cert FILE     serve HTTPS with this certificate (PEM; the\n"
    "                      server's first, then its chain)\n"
    "  --tls-key FILE      and this private key (PEM); both or neither\n"
    "  --rate-limit N      requests a second from one address (an IPv6\n"
    "                      /64), with bursts of 2N (default 100; 0: no\n"
    "                      limit); beyond it 429 with Retry-After\n"
    "  --connections-per-address N\n"
    "                      open connections from one address (default 64;\n"
    "                      0: no limit)\n"
    "  --session-idle S    a session ends after S seconds without a request\n"
    "                      (default 1800)\n"
    "  --session-max S     and S seconds after its log-in at the latest\n"
    "                      (default 43200)\n"
    "  --offer-pass S      seconds between the passes that end offers past\n"
    "                      their deadline and make automatic offers\n"
    "                      (default 60)\n"
    "  --no-migrate        refuse a database that is not at this randa's\n"
    "                      schema version instead of migrating it (see\n"
    "                      'randa migrate')\n"
    "  --quiet             no access-log line per request\n"
    "  --routes            print every route of the API and exit\n"
    "  --smtp URL          send the notifications' e-mail through this SMTP\n"
    "                      server (smtp://HOST:PORT, STARTTLS when it\n"
    "                      offers it; smtps://HOST:PORT for TLS at once)\n"
    "  --mail-from ADDR    the sender of the e-mail (needed with --smtp)\n"
    "  --smtp-credentials FILE\n"
    "                      log in to the SMTP server: the user name on the\n"
    "                      file's first line, the password on its second\n"
    "  --smtp-require-tls  refuse an SMTP server that offers no STARTTLS\n"
    "  --public-url URL    where users reach Randa, for the links in e-mail\n"
    "                      (default the --listen address)\n"
    "  --mail-poll S       look for e-mail to write and send every S\n"
    "                      seconds (default 10)\n"
    "  --mail-retry S      retry a failed e-mail after S seconds, then twice\n"
    "                      as long each time up to 6 hours (default 60)\n"
    "  --mail-attempts N   give an e-mail up after N attempts (default 10)\n"
    "  --daily-pass HH:MM  when (UTC) to tell each user the new items of\n"
    "                      their Att göra list and send the daily digests\n"
    "                      (default 05:00; off: never)\n"
    "  --daily-pass-every S\n"
    "                      do that every S seconds instead\n"
    "  --sso-*             log-in through a provider: docs/operations.md\n"
    "  --exchange-as CODE  this region's code towards peers "
    "(docs/exchange.md)\n"
    "  --exchange-poll S   seconds between passes over the outbox (5)\n"
    "  --exchange-backoff-max S  the longest wait between two tries of a\n"
    "                      message to a peer (300)\n"
    "  --help              this text\n";

/* PEM files larger than this are not certificates or keys. */
#define SERVE_PEM_MAX (1024 * 1024)

/*
 * Reads the PEM file path of flag into *out (malloc'd, NUL-terminated),
 * which must hold a block that begins with begin and ends with end (end
 * NULL: the same label as begin). On failure prints what is wrong, naming
 * the flag, and returns CMD_USAGE.
 */
static int serve_read_pem(const char *flag, const char *path, const char *begin,
                          const char *end, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0) {
        int e = errno;
        if (f)
            fclose(f);
        fprintf(stderr, "randa serve: %s: %s: %s\n", flag, path, strerror(e));
        return CMD_USAGE;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > SERVE_PEM_MAX) {
        fclose(f);
        fprintf(stderr, "randa serve: %s: %s: not a PEM file (%s)\n", flag,
                path, S_ISREG(st.st_mode) ? "larger than 1 MiB" : "not a file");
        return CMD_USAGE;
    }
    /* One allocation of the right size, so that no copy of a key is left
     * behind in freed memory; the caller wipes it. */
    size_t size = (size_t)st.st_size;
    char *text = malloc(size + 1);
    size_t n = text ? fread(text, 1, size, f) : 0;
    int bad = !text || ferror(f) || n != size;
    fclose(f);
    if (bad) {
        if (text)
            sodium_memzero(text, size);
        free(text);
        fprintf(stderr, "randa serve: %s: %s: cannot read it\n", flag, path);
        return CMD_USAGE;
    }
    text[n] = '\0';
    const char *b = strstr(text, begin);
    if (strlen(text) != n || !b || !strstr(b, end)) {
        sodium_memzero(text, size);
        free(text);
        fprintf(stderr, "randa serve: %s: %s: not a PEM file with a %s block\n",
                flag, path, begin);
        return CMD_USAGE;
    }
    *out = text;
    return 0;
}

/* Wipes and frees what serve_read_pem() read. */
static void serve_free_pem(char *text)
{
    if (text)
        sodium_memzero(text, strlen(text));
    free(text);
}

/* Reads the certificate and key of --tls-cert and --tls-key, both or none. */
static int serve_read_tls(const char *cert_path, const char *key_path,
                          char **cert, char **key)
{
    *cert = *key = NULL;
    if (!cert_path && !key_path)
        return 0;
    if (!cert_path || !key_path)
        return cmd_usage_error("serve", "%s needs %s as well",
                               cert_path ? "--tls-cert" : "--tls-key",
                               cert_path ? "--tls-key" : "--tls-cert");
    if (serve_read_pem("--tls-cert", cert_path, "-----BEGIN CERTIFICATE-----",
                       "-----END CERTIFICATE-----", cert))
        return CMD_USAGE;
    /* "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY". */
    if (serve_read_pem("--tls-key", key_path, "PRIVATE KEY-----", "-----END ",
                       key)) {
        serve_free_pem(*cert);
        *cert = NULL;
        return CMD_USAGE;
    }
    return 0;
}

/* Splits "ADDR:PORT" or "[ADDR]:PORT" into addr and port. */
static int serve_parse_listen(const char *text, char *addr, size_t size,
                              int64_t *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon)
        return cmd_usage_error("serve", "--listen: expected ADDR:PORT, got %s",
                               text);
    const char *a = text;
    size_t n = (size_t)(colon - text);
    if (n >= 2 && a[0] == '[' && a[n - 1] == ']')
        a++, n -= 2;
    if (n == 0 || n >= size)
        return cmd_usage_error("serve", "--listen: no address in %s", text);
    memcpy(addr, a, n);
    addr[n] = '\0';
    return cmd_parse_int("serve", "--listen port", colon + 1, 0, 65535, port);
}

/* "HH:MM" as minutes after midnight, or -1 for "off". */
static int serve_parse_daily(const char *text, int *minute)
{
    int h = 0, m = 0;
    char end = 0;
    if (strcmp(text, "off") == 0) {
        *minute = -1;
        return 0;
    }
    if (strlen(text) != 5 || sscanf(text, "%2d:%2d%c", &h, &m, &end) != 2 ||
        h < 0 || h > 23 || m < 0 || m > 59)
        return cmd_usage_error("serve",
                               "--daily-pass: expected HH:MM or off, "
                               "got %s",
                               text);
    *minute = h * 60 + m;
    return 0;
}

/*
 * Reads the SMTP user name (first line) and password (second line) of
 * --smtp-credentials into user and password (malloc'd; the caller wipes
 * the password). On failure prints why and returns CMD_USAGE.
 */
/* Reads the first line of path (a secret) into *out (malloc'd). */
static int serve_read_secret(const char *flag, const char *path, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "randa serve: %s: %s: %s\n", flag, path,
                strerror(errno));
        return CMD_USAGE;
    }
    char line[1024] = "";
    int ok = fgets(line, sizeof(line), f) != NULL;
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    if (!ok || !line[0]) {
        fprintf(stderr,
                "randa serve: %s: %s: expected the secret on the "
                "first line\n",
                flag, path);
        return CMD_USAGE;
    }
    *out = strdup(line);
    sodium_memzero(line, sizeof(line));
    return 0;
}

static int serve_read_credentials(const char *path, char **user,
                                  char **password)
{
    *user = *password = NULL;
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "randa serve: --smtp-credentials: %s: %s\n", path,
                strerror(errno));
        return CMD_USAGE;
    }
    char line[2][512] = {"", ""};
    int ok = fgets(line[0], sizeof(line[0]), f) != NULL &&
             fgets(line[1], sizeof(line[1]), f) != NULL;
    fclose(f);
    for (int i = 0; i < 2; i++)
        line[i][strcspn(line[i], "\r\n")] = '\0';
    if (!ok || !line[0][0]) {
        sodium_memzero(line, sizeof(line));
        fprintf(stderr,
                "randa serve: --smtp-credentials: %s: expected the user name "
                "on the first line and the password on the second\n",
                path);
        return CMD_USAGE;
    }
    *user = strdup(line[0]);
    *password = strdup(line[1]);
    sodium_memzero(line, sizeof(line));
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"db-read", required_argument, NULL, 'D'},
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"session-idle", required_argument, NULL, 'i'},
        {"session-max", required_argument, NULL, 'm'},
        {"tls-cert", required_argument, NULL, 'c'},
        {"tls-key", required_argument, NULL, 'k'},
        {"rate-limit", required_argument, NULL, 'R'},
        {"connections-per-address", required_argument, NULL, 'C'},
        {"quiet", no_argument, NULL, 'q'},
        {"no-migrate", no_argument, NULL, 'M'},
        {"routes", no_argument, NULL, 'r'},
        {"smtp", required_argument, NULL, 'S'},
        {"mail-from", required_argument, NULL, 'F'},
        {"smtp-credentials", required_argument, NULL, 'A'},
        {"smtp-require-tls", no_argument, NULL, 'T'},
        {"public-url", required_argument, NULL, 'U'},
        {"mail-poll", required_argument, NULL, 'P'},
        {"mail-retry", required_argument, NULL, 'Y'},
        {"mail-attempts", required_argument, NULL, 'N'},
        {"daily-pass", required_argument, NULL, 'Z'},
        {"daily-pass-every", required_argument, NULL, 'E'},
        {"offer-pass", required_argument, NULL, 'O'},
        /* Single sign-on (issue 19). */
        {"sso-issuer", required_argument, NULL, 1901},
        {"sso-client-id", required_argument, NULL, 1902},
        {"sso-client-secret-file", required_argument, NULL, 1903},
        {"sso-claim", required_argument, NULL, 1904},
        {"sso-name", required_argument, NULL, 1905},
        {"sso-redirect-uri", required_argument, NULL, 1906},
        {"no-local-passwords", no_argument, NULL, 1907},
        {"break-glass", required_argument, NULL, 1908},
        /* Exchange between regions (issue 17). */
        {"exchange-as", required_argument, NULL, 'X'},
        {"exchange-poll", required_argument, NULL, 'x'},
        {"exchange-backoff-max", required_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* What the command holds, in the order it takes it; out: gives it back
     * in reverse. */
    char *cert = NULL, *key = NULL;
    char *smtp_user = NULL, *smtp_password = NULL;
    char *sso_secret = NULL;
    struct api_sso_options sso = {0};
    const char *sso_secret_path = NULL;
    struct api *api = NULL;
    struct http_server *server = NULL;
    int rc = CMD_OK;

    const char *db = "randa.db", *db_read = NULL;
    const char *listen = "127.0.0.1:8080";
    const char *cert_path = NULL, *key_path = NULL;
    int64_t threads = 4, idle = 1800, max = 43200;
    int64_t rate = 100, per_address = 64;
    int64_t offer_pass = API_OFFER_PASS_DEFAULT;
    const char *exchange_as = NULL;
    int64_t exchange_poll = 5, exchange_backoff = 300;
    int quiet = 0, no_migrate = 0;
    /* Notifications: e-mail and the daily pass. */
    const char *credentials = NULL;
    struct api_notify_options notify = {.daily_minute = 5 * 60};
    int64_t mail_poll = 10, mail_retry = 60, mail_attempts = 10;
    int64_t daily_every = 0;
    int c;
    char addr[64];
    int64_t port = 0;
    sigset_t stop;
    int sig = 0;
    struct err_info ei;
    err_clear(&ei);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'D':
            db_read = optarg;
            break;
        case 'l':
            listen = optarg;
            break;
        case 't':
            if (cmd_parse_int("serve", "--threads", optarg, 1, 64, &threads))
                return CMD_USAGE;
            break;
        case 'i':
            if (cmd_parse_int("serve", "--session-idle", optarg, 1, 86400,
                              &idle))
                return CMD_USAGE;
            break;
        case 'm':
            if (cmd_parse_int("serve", "--session-max", optarg, 1, 7 * 86400,
                              &max))
                return CMD_USAGE;
            break;
        case 'c':
            cert_path = optarg;
            break;
        case 'k':
            key_path = optarg;
            break;
        case 'R':
            if (cmd_parse_int("serve", "--rate-limit", optarg, 0, 1000000,
                              &rate))
                return CMD_USAGE;
            break;
        case 'C':
            if (cmd_parse_int("serve", "--connections-per-address", optarg, 0,
                              1000, &per_address))
                return CMD_USAGE;
            break;
        case 'O':
            if (cmd_parse_int("serve", "--offer-pass", optarg, 1, 3600,
                              &offer_pass))
                return CMD_USAGE;
            break;
        case 'X':
            exchange_as = optarg;
            break;
        case 'x':
            if (cmd_parse_int("serve", "--exchange-poll", optarg, 1, 3600,
                              &exchange_poll))
                return CMD_USAGE;
            break;
        case 'B':
            if (cmd_parse_int("serve", "--exchange-backoff-max", optarg, 1,
                              86400, &exchange_backoff))
                return CMD_USAGE;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'M':
            no_migrate = 1;
            break;
        case 'S':
            if (strncmp(optarg, "smtp://", 7) != 0 &&
                strncmp(optarg, "smtps://", 8) != 0)
                return cmd_usage_error("serve",
                                       "--smtp: expected smtp://HOST:PORT or "
                                       "smtps://HOST:PORT, got %s",
                                       optarg);
            notify.smtp_url = optarg;
            break;
        case 'F':
            notify.mail_from = optarg;
            break;
        case 'A':
            credentials = optarg;
            break;
        case 'T':
            notify.smtp_require_tls = 1;
            break;
        case 'U':
            if (strncmp(optarg, "http://", 7) != 0 &&
                strncmp(optarg, "https://", 8) != 0)
                return cmd_usage_error("serve",
                                       "--public-url: expected http:// or "
                                       "https://, got %s",
                                       optarg);
            notify.public_url = optarg;
            break;
        case 'P':
            if (cmd_parse_int("serve", "--mail-poll", optarg, 1, 3600,
                              &mail_poll))
                return CMD_USAGE;
            break;
        case 'Y':
            if (cmd_parse_int("serve", "--mail-retry", optarg, 1, 86400,
                              &mail_retry))
                return CMD_USAGE;
            break;
        case 'N':
            if (cmd_parse_int("serve", "--mail-attempts", optarg, 1, 100,
                              &mail_attempts))
                return CMD_USAGE;
            break;
        case 'Z':
            if (serve_parse_daily(optarg, &notify.daily_minute))
                return CMD_USAGE;
            break;
        case 'E':
            if (cmd_parse_int("serve", "--daily-pass-every", optarg, 1,
                              7 * 86400, &daily_every))
                return CMD_USAGE;
            break;
        case 1901:
            sso.issuer = optarg;
            break;
        case 1902:
            sso.client_id = optarg;
            break;
        case 1903:
            sso_secret_path = optarg;
            break;
        case 1904:
            sso.claim = optarg;
            break;
        case 1905:
            if (!*optarg || strlen(optarg) > 60)
                return cmd_usage_error("serve",
                                       "--sso-name: 1 to 60 characters");
            sso.name = optarg;
            break;
        case 1906:
            sso.redirect_uri = optarg;
            break;
        case 1907:
            sso.local_off = 1;
            break;
        case 1908:
            sso.break_glass = optarg;
            break;
        case 'r':
            for (size_t i = 0; i < api_route_count; i++)
                printf("%s %s\n", http_method_name(api_routes[i].method),
                       api_routes[i].pattern);
            return CMD_OK;
        case 'h':
            fputs(serve_usage, stdout);
            fputs(serve_flags_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("serve", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("serve", "unexpected argument %s", argv[optind]);
    if (db_read && (!store_is_url(db_read) || !store_is_url(db)))
        return cmd_usage_error("serve",
                               "--db-read needs PostgreSQL: a standby's URL, "
                               "and --db the primary's");
    if (serve_parse_listen(listen, addr, sizeof(addr), &port))
        return CMD_USAGE;
    if (notify.smtp_url && !notify.mail_from)
        return cmd_usage_error("serve", "--smtp needs --mail-from as well");
    if (!notify.smtp_url && (notify.mail_from || credentials))
        return cmd_usage_error("serve", "%s needs --smtp as well",
                               notify.mail_from ? "--mail-from"
                                                : "--smtp-credentials");
    if (!sso.issuer != !sso.client_id)
        return cmd_usage_error("serve",
                               "--sso-issuer and --sso-client-id go together");
    if (!sso.issuer && (sso_secret_path || sso.claim || sso.name ||
                        sso.redirect_uri || sso.local_off || sso.break_glass))
        return cmd_usage_error("serve", "the --sso-* flags, "
                                        "--no-local-passwords and "
                                        "--break-glass need --sso-issuer");
    if (sso.local_off != !!sso.break_glass)
        return cmd_usage_error("serve", "--no-local-passwords and "
                                        "--break-glass go together");
    /* From here on the command holds something: every way out is out:. */
    if (serve_read_tls(cert_path, key_path, &cert, &key)) {
        rc = CMD_USAGE;
        goto out;
    }
    if (credentials &&
        serve_read_credentials(credentials, &smtp_user, &smtp_password)) {
        rc = CMD_USAGE;
        goto out;
    }
    if (sso_secret_path && serve_read_secret("--sso-client-secret-file",
                                             sso_secret_path, &sso_secret)) {
        rc = CMD_USAGE;
        goto out;
    }
    sso.client_secret = sso_secret;
    notify.smtp_user = smtp_user;
    notify.smtp_password = smtp_password;
    notify.poll_s = (int)mail_poll;
    notify.retry_s = (int)mail_retry;
    notify.attempts = (int)mail_attempts;
    notify.daily_every_s = (int)daily_every;

    /* Signals are taken by sigwait() below, never by a worker thread:
     * block them before any thread starts, so that every thread inherits
     * the mask. A client that hangs up must not kill the server. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    /* One store connection per worker, plus one so that a slow write
     * never starves the health check. */
    struct api_options ao = {
        .db_path = db,
        .connections = (int)threads + 1,
        .session_idle_s = (int)idle,
        .session_max_s = (int)max,
        .store_flags = no_migrate ? STORE_NO_MIGRATE : 0u,
        /* At most one standby connection per worker. */
        .read_path = db_read,
        .offer_pass_s = (int)offer_pass,
        .exchange_as = exchange_as,
        .exchange_poll_s = (int)exchange_poll,
        .exchange_backoff_max_s = (int)exchange_backoff,
        .read_connections = (int)threads,
        .notify = notify,
        .sso = sso,
    };
    if (api_open(&ao, &api, &ei) != 0) {
        rc = cmd_fail("serve", &ei);
        goto out;
    }
    struct http_server_options so = {
        .address = addr,
        .port = (int)port,
        .threads = (int)threads,
        .timeout_s = 30,
        .connections_max = 1000,
        .body_max = HTTP_BODY_MAX,
        .body_max_of = api_body_max,
        .access_log = !quiet,
        .tls_cert = cert,
        .tls_key = key,
        .rate_limit = (int)rate,
        .connections_per_address = (int)per_address,
        .app = api_handle,
        .app_ctx = api,
    };
    if (http_server_start(&so, &server, &ei) != 0) {
        server = NULL;
        if (strcmp(ei.field, "tls") == 0) {
            fprintf(stderr, "randa serve: --tls-cert %s, --tls-key %s: %s\n",
                    cert_path, key_path, ei.msg);
            rc = CMD_USAGE;
        } else {
            rc = cmd_fail("serve", &ei);
        }
        goto out;
    }
    api_set_server(api, server);
    {
        /* The links of e-mails lead here unless --public-url says. */
        char url[160];
        const char *bracket = strchr(addr, ':') ? "[" : "";
        snprintf(url, sizeof(url), "%s://%s%s%s:%d/", cert ? "https" : "http",
                 bracket, addr, *bracket ? "]" : "", http_server_port(server));
        api_set_public_url(api, url);
    }
    int loopback = strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
    const char *host = strchr(addr, ':') ? "[" : "";
    printf("randa: serving %s at %s://%s%s%s:%d/\n", cmd_db_label(db),
           cert ? "https" : "http", host, addr, *host ? "]" : "",
           http_server_port(server));
    if (!loopback && !cert)
        printf("randa: WARNING: listening on %s without TLS: passwords and "
               "session cookies cross the network in clear text\n",
               addr);
    fflush(stdout);

    sigwait(&stop, &sig);
    log_info("%s: finishing requests in flight, then stopping",
             sig == SIGINT ? "interrupted" : "terminated");

out:
    /* The server first: it reads the API and the PEM text until stopped. */
    http_server_stop(server, 10000);
    api_close(api);
    serve_free_pem(key);
    serve_free_pem(cert);
    free(smtp_user);
    serve_free_pem(smtp_password);
    serve_free_pem(sso_secret);
    if (sig)
        log_info("stopped");
    return rc;
}
