/* randa user: accounts of the people who log in to Randa (issue 5). */
#include "cmd/cmd.h"

#include "store/store.h"
#include "util/password.h"
#include "util/xalloc.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const char user_usage[] =
    "usage: randa user add USERNAME --name NAME [--role ROLE[=ID]]... [--db "
    "FILE|URL]\n"
    "       randa user passwd USERNAME [--db FILE|URL]\n"
    "       randa user disable|enable USERNAME [--db FILE|URL]\n"
    "       randa user list [--db FILE|URL]\n"
    "\n"
    "Manages who may log in. The password is read from standard input (asked\n"
    "for twice, without echo, on a terminal); it must have at least 12\n"
    "characters, 5 of them different, and not contain the user name. Only\n"
    "its argon2id hash is stored.\n"
    "\n"
    "Roles and the id of what they hold for:\n"
    "  trainee=TRAINEE      ST-läkare: their own record\n"
    "  supervisor=TRAINEE   handledare: a trainee they supervise\n"
    "  director=UNIT        studierektor: a unit's trainees, requests, "
    "capacity\n"
    "  unit_head=UNIT       verksamhetschef: a unit's approvals and capacity\n"
    "  coordinator=REGION   övergripande studierektor: a region\n"
    "  admin                administratör: users, reference data, imports\n"
    "\n"
    "  --db FILE|URL   the database (default randa.db); it must exist\n";

/* Reads one line of at most PASSWORD_MAX bytes from stdin into out, without
 * echo on a terminal; returns 0, or -1 at end of input. */
static int user_read_line(const char *prompt, char *out, size_t size)
{
    int tty = isatty(STDIN_FILENO);
    struct termios old, quiet;
    if (tty) {
        fputs(prompt, stderr);
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(out, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    out[strcspn(out, "\r\n")] = 0;
    return 0;
}

/* Asks for a new password for username and hashes it into hash. */
static int user_new_password(const char *username, char *hash)
{
    char pw[PASSWORD_MAX + 2], again[PASSWORD_MAX + 2];
    struct err_info ei;
    err_clear(&ei);
    int rc = CMD_OK;
    if (user_read_line("New password: ", pw, sizeof(pw)) != 0) {
        fputs("randa user: no password on standard input\n", stderr);
        return CMD_USAGE;
    }
    if (isatty(STDIN_FILENO) &&
        (user_read_line("Again: ", again, sizeof(again)) != 0 ||
         strcmp(pw, again) != 0)) {
        fputs("randa user: the passwords differ\n", stderr);
        rc = CMD_USAGE;
    } else if (password_rules(pw, username, &ei) != 0) {
        fprintf(stderr, "randa user: %s\n", ei.msg);
        rc = CMD_USAGE;
    } else if (password_hash(pw, hash, &ei) != 0) {
        rc = cmd_fail("user", &ei);
    }
    memset(pw, 0, sizeof(pw));
    memset(again, 0, sizeof(again));
    return rc;
}

/* Parses "ROLE" or "ROLE=ID" into r. */
static int user_role_arg(const char *arg, struct user_role *r)
{
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len == 0 || len >= sizeof(r->role))
        return cmd_usage_error("user", "--role %s: not a role", arg);
    memcpy(r->role, arg, len);
    r->role[len] = 0;
    r->scope_id = 0;
    if (eq && cmd_parse_int("user", "--role's id", eq + 1, 1, INT64_MAX,
                            &r->scope_id))
        return CMD_USAGE;
    return 0;
}

static int user_print(const struct user *u, const char *roles, void *ctx)
{
    (void)ctx;
    printf("%-20s %-30s %-8s %s\n", u->username, u->name,
           u->disabled ? "disabled" : "active", roles[0] ? roles : "-");
    return 0;
}

struct user_args {
    const char *db, *name;
    struct user_role *roles; /* malloc'd */
    int nroles;
};

static int user_args(int argc, char **argv, struct user_args *a)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 2; /* past "user" and the action */
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            a->db = optarg;
            break;
        case 'n':
            a->name = optarg;
            break;
        case 'r':
            a->roles =
                xrealloc(a->roles, (size_t)(a->nroles + 1) * sizeof(*a->roles));
            if (user_role_arg(optarg, &a->roles[a->nroles++]))
                return CMD_USAGE;
            break;
        default:
            return cmd_bad_flag("user", argv);
        }
    }
    return 0;
}

/* add, passwd, disable, enable: on the user named username. */
static int user_change(struct store *s, const char *action,
                       const char *username, const struct user_args *a,
                       struct err_info *ei)
{
    char hash[PASSWORD_HASH_MAX];
    struct user u = {0};
    int rc;
    if (strcmp(action, "add") == 0) {
        if (!a->name)
            return cmd_usage_error("user", "add needs --name");
        snprintf(u.username, sizeof(u.username), "%s", username);
        snprintf(u.name, sizeof(u.name), "%s", a->name);
        if ((rc = user_new_password(username, hash)) != 0)
            return rc;
        rc = store_user_add(s, &u, hash, a->roles, a->nroles, ei);
    } else if ((rc = store_user_find(s, username, &u, ei)) != 0) {
        /* reported below */
    } else if (strcmp(action, "passwd") == 0) {
        if ((rc = user_new_password(username, hash)) != 0)
            return rc;
        rc = store_user_set_password(s, u.id, hash, 0, ei);
    } else {
        rc = store_user_set_disabled(s, u.id, strcmp(action, "disable") == 0,
                                     ei);
    }
    if (rc)
        return cmd_fail("user", ei);
    printf("%s: %s\n", username,
           strcmp(action, "add") == 0       ? "added"
           : strcmp(action, "passwd") == 0  ? "password changed"
           : strcmp(action, "disable") == 0 ? "disabled"
                                            : "enabled");
    return CMD_OK;
}

static int user_run(int argc, char **argv, const struct user_args *a);

int cmd_user(int argc, char **argv)
{
    static const char *const actions[] = {"add", "passwd", "disable", "enable",
                                          "list"};
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(user_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? CMD_USAGE : CMD_OK;
    }
    int known = 0;
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        known |= strcmp(argv[1], actions[i]) == 0;
    if (!known)
        return cmd_usage_error("user", "unknown action %s", argv[1]);
    struct user_args a = {"randa.db", NULL, NULL, 0};
    int rc = user_args(argc, argv, &a);
    if (rc == 0)
        rc = user_run(argc, argv, &a);
    free(a.roles);
    return rc;
}

/* The action of argv[1] with its parsed arguments a. */
static int user_run(int argc, char **argv, const struct user_args *a)
{
    int rc;
    int list = strcmp(argv[1], "list") == 0;
    if (list ? optind != argc : optind != argc - 1)
        return cmd_usage_error("user", list ? "list takes no user name"
                                            : "expected one USERNAME");
    if (password_init() != 0) {
        fputs("randa user: libsodium could not start\n", stderr);
        return CMD_FAILED;
    }
    struct err_info ei;
    err_clear(&ei);
    struct store *s = NULL;
    if (store_open(a->db, 0, &s, &ei) != 0)
        return cmd_fail("user", &ei);
    store_set_actor(s, "randa user");
    if (list)
        rc = store_user_list(s, user_print, NULL, &ei) ? cmd_fail("user", &ei)
                                                       : CMD_OK;
    else
        rc = user_change(s, argv[1], argv[optind], a, &ei);
    store_close(s);
    return rc;
}
