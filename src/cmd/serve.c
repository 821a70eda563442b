/* randa serve: the web UI and the JSON API over HTTP until SIGINT/SIGTERM. */
#include "cmd/cmd.h"

#include "api/api.h"
#include "http/server.h"
#include "util/log.h"

#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
    "usage: randa serve [--db FILE] [--listen ADDR:PORT] [--threads N]\n"
    "                   [--quiet] [--routes]\n"
    "\n"
    "Serves the web UI and the JSON API (/api/v1) of the database until\n"
    "stopped with Ctrl-C or SIGTERM, finishing the requests in flight.\n"
    "\n"
    "  --db FILE           the database (default randa.db; 'randa demo'\n"
    "                      creates one)\n"
    "  --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0\n"
    "                      picks a free one; IPv6 as [::1]:8080)\n"
    "  --threads N         worker threads (default 4)\n"
    "  --quiet             no access-log line per request\n"
    "  --routes            print every route of the API and exit\n"
    "  --help              this text\n";

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
        {"listen", required_argument, NULL, 'l'},
        {"threads", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"routes", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = "randa.db";
    const char *listen = "127.0.0.1:8080";
    int64_t threads = 4;
    int quiet = 0;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'l':
            listen = optarg;
            break;
        case 't':
            if (cmd_parse_int("serve", "--threads", optarg, 1, 64, &threads))
                return CMD_USAGE;
            break;
        case 'q':
            quiet = 1;
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
    char addr[64];
    int64_t port = 0;
    if (serve_parse_listen(listen, addr, sizeof(addr), &port))
        return CMD_USAGE;

    /* Signals are taken by sigwait() below, never by a worker thread:
     * block them before any thread starts, so that every thread inherits
     * the mask. A client that hangs up must not kill the server. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct err_info ei;
    err_clear(&ei);
    struct api *api = NULL;
    /* One store connection per worker, plus one so that a slow write
     * never starves the health check. */
    struct api_options ao = {db, (int)threads + 1};
    if (api_open(&ao, &api, &ei) != 0)
        return cmd_fail("serve", &ei);
    struct http_server_options so = {
        .address = addr,
        .port = (int)port,
        .threads = (int)threads,
        .timeout_s = 30,
        .connections_max = 1000,
        .body_max = HTTP_BODY_MAX,
        .access_log = !quiet,
        .app = api_handle,
        .app_ctx = api,
    };
    struct http_server *server = NULL;
    if (http_server_start(&so, &server, &ei) != 0) {
        api_close(api);
        return cmd_fail("serve", &ei);
    }
    api_set_server(api, server);
    int loopback = strncmp(addr, "127.", 4) == 0 || strcmp(addr, "::1") == 0;
    const char *host = strchr(addr, ':') ? "[" : "";
    printf("randa: serving %s at http://%s%s%s:%d/\n", db, host, addr,
           *host ? "]" : "", http_server_port(server));
    if (loopback)
        printf("randa: listening on loopback only: there is no log-in yet, "
               "so only this machine can reach the server\n");
    else
        printf("randa: WARNING: listening on %s without log-in: anyone who "
               "can reach this address can read and change the data\n",
               addr);
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    log_info("%s: finishing requests in flight, then stopping",
             sig == SIGINT ? "interrupted" : "terminated");
    http_server_stop(server, 10000);
    api_close(api);
    log_info("stopped");
    return CMD_OK;
}
