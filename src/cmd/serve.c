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
    "                   [--session-max S] [--no-migrate] [--quiet] [--routes]\n"
    "\n"
    "Serves the web UI and the JSON API (/api/v1) of the database until\n"
    "stopped with Ctrl-C or SIGTERM, finishing the requests in flight.\n"
    "\n"
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
    "  --no-migrate        refuse a database that is not at this randa's\n"
    "                      schema version instead of migrating it (see\n"
    "                      'randa migrate')\n"
    "  --quiet             no access-log line per request\n"
    "  --routes            print every route of the API and exit\n"
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
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    /* What the command holds, in the order it takes it; out: gives it back
     * in reverse. */
    char *cert = NULL, *key = NULL;
    struct api *api = NULL;
    struct http_server *server = NULL;
    int rc = CMD_OK;

    const char *db = "randa.db", *db_read = NULL;
    const char *listen = "127.0.0.1:8080";
    const char *cert_path = NULL, *key_path = NULL;
    int64_t threads = 4, idle = 1800, max = 43200;
    int64_t rate = 100, per_address = 64;
    int quiet = 0, no_migrate = 0;
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
        case 'q':
            quiet = 1;
            break;
        case 'M':
            no_migrate = 1;
            break;
        case 'r':
            for (size_t i = 0; i < api_route_count; i++)
                printf("%s %s\n", http_method_name(api_routes[i].method),
                       api_routes[i].pattern);
            return CMD_OK;
        case 'h':
            fputs(serve_usage, stdout);
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
    /* From here on the command holds something: every way out is out:. */
    if (serve_read_tls(cert_path, key_path, &cert, &key)) {
        rc = CMD_USAGE;
        goto out;
    }

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
        .read_connections = (int)threads,
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
    if (sig)
        log_info("stopped");
    return rc;
}
