/*
 * Users and passwords (issue 5's foundation): the password rules, argon2id
 * hashing, the store's users and scoped roles on a real SQLite file (one
 * transaction each, nothing written on failure, no hash in the audit log),
 * and `randa user` as a user runs it, password on standard input.
 */
#include "store/store.h"
#include "util/password.h"

#include "tmpdb.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static char path[64];
static struct store *st;

static void open_db(void)
{
    struct err_info ei;
    cr_assert_eq(password_init(), 0);
    tmpdb_path(path, sizeof(path), "users");
    cr_assert_eq(store_open(path, STORE_CREATE, &st, &ei), 0, "%s", ei.msg);
}

static void close_db(void)
{
    store_close(st);
    tmpdb_remove(path);
}

/* The one number sql selects, read straight from the file. */
static long long file_count(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK, "%s",
                 sqlite3_errmsg(db));
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    long long n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return n;
}

static void file_text(const char *sql, char *out, size_t size)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(q), SQLITE_ROW);
    snprintf(out, size, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(db);
}

Test(password, rules_name_the_reason)
{
    struct err_info ei;
    cr_assert_eq(password_rules("short-pw", "anna", &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "at least 12"), "%s", ei.msg);
    cr_assert_str_eq(ei.field, "password");
    cr_assert_eq(password_rules("aaaaabbbbbaaaaa", "anna", &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "5 different"), "%s", ei.msg);
    cr_assert_eq(password_rules("my-name-is-ANNA.L", "anna.l", &ei), ERR_INVAL);
    cr_assert(strstr(ei.msg, "user name"), "%s", ei.msg);
    char longest[PASSWORD_MAX + 2];
    for (int i = 0; i <= PASSWORD_MAX; i++)
        longest[i] = (char)('a' + i % 26);
    longest[PASSWORD_MAX + 1] = 0;
    cr_assert_eq(password_rules(longest, "anna", &ei), ERR_INVAL);
    longest[PASSWORD_MAX] = 0;
    cr_assert_eq(password_rules(longest, "anna", &ei), 0);
    cr_assert_eq(password_rules("correct horse battery", "anna", &ei), 0);
}

Test(password, argon2id_salted_and_verified)
{
    char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
    struct err_info ei;
    cr_assert_eq(password_init(), 0);
    cr_assert_eq(password_hash("correct horse battery", a, &ei), 0);
    cr_assert_eq(password_hash("correct horse battery", b, &ei), 0);
    cr_assert_eq(strncmp(a, "$argon2id$", 10), 0, "%s", a);
    cr_assert_str_neq(a, b, "each hash has its own salt");
    cr_assert(password_verify(a, "correct horse battery"));
    cr_assert(password_verify(b, "correct horse battery"));
    cr_assert_not(password_verify(a, "correct horse batterY"));
    cr_assert_not(password_verify(a, ""));
}

Test(users, add_with_roles_is_one_transaction, .init = open_db,
     .fini = close_db)
{
    struct err_info ei;
    char hash[PASSWORD_HASH_MAX];
    cr_assert_eq(password_hash("correct horse battery", hash, &ei), 0);
    struct region r = {0};
    snprintf(r.code, sizeof(r.code), "skane");
    snprintf(r.name, sizeof(r.name), "Region Skåne");
    cr_assert_eq(store_region_insert(st, &r, &ei), 0, "%s", ei.msg);

    /* A role whose unit does not exist: refused, and no user written. */
    struct user u = {0};
    snprintf(u.username, sizeof(u.username), "cilla.sr");
    snprintf(u.name, sizeof(u.name), "Cilla Studierektor");
    struct user_role bad[] = {{"coordinator", r.id}, {"director", 4242}};
    cr_assert_eq(store_user_add(st, &u, hash, bad, 2, &ei), ERR_NOTFOUND);
    cr_assert_str_eq(ei.field, "role");
    cr_assert(strstr(ei.msg, "no unit 4242"), "%s", ei.msg);
    cr_assert_eq(file_count("SELECT count(*) FROM app_user"), 0);
    cr_assert_eq(file_count("SELECT count(*) FROM user_role"), 0);

    /* A role without the id its scope needs, and an unknown role. */
    struct user_role noid[] = {{"director", 0}};
    cr_assert_eq(store_user_add(st, &u, hash, noid, 1, &ei), ERR_INVAL);
    struct user_role nosuch[] = {{"superuser", 0}};
    cr_assert_eq(store_user_add(st, &u, hash, nosuch, 1, &ei), ERR_INVAL);
    /* An administrator holds for everything: an id is a mistake, named
     * before the schema's CHECK would refuse it. */
    struct user_role scoped_admin[] = {{"admin", r.id}};
    cr_assert_eq(store_user_add(st, &u, hash, scoped_admin, 1, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "role");
    cr_assert(strstr(ei.msg, "holds for everything"), "%s", ei.msg);
    cr_assert_eq(file_count("SELECT count(*) FROM app_user"), 0);

    struct user_role good[] = {{"coordinator", r.id}, {"admin", 0}};
    cr_assert_eq(store_user_add(st, &u, hash, good, 2, &ei), 0, "%s", ei.msg);
    cr_assert_eq(file_count("SELECT count(*) FROM user_role WHERE scope = "
                            "'region' AND scope_id IS NOT NULL"),
                 1);
    cr_assert_eq(file_count("SELECT count(*) FROM user_role WHERE scope = "
                            "'all' AND scope_id IS NULL"),
                 1);

    /* The same name again: a conflict on the user name. */
    struct user again = u;
    cr_assert_eq(store_user_add(st, &again, hash, NULL, 0, &ei), ERR_CONFLICT);
    cr_assert_str_eq(ei.field, "username");

    /* A bad user name never reaches the database. */
    struct user shouty = u;
    snprintf(shouty.username, sizeof(shouty.username), "Cilla SR");
    cr_assert_eq(store_user_add(st, &shouty, hash, NULL, 0, &ei), ERR_INVAL);
    cr_assert_str_eq(ei.field, "username");
    cr_assert_eq(file_count("SELECT count(*) FROM app_user"), 1);
}

static int collect(const struct user *u, const char *roles, void *ctx)
{
    char *out = ctx;
    size_t used = strlen(out);
    snprintf(out + used, 512 - used, "%s|%d|%s;", u->username, u->disabled,
             roles);
    return 0;
}

Test(users, disable_password_list_and_audit, .init = open_db, .fini = close_db)
{
    struct err_info ei;
    char hash[PASSWORD_HASH_MAX], stored[PASSWORD_HASH_MAX];
    cr_assert_eq(password_hash("correct horse battery", hash, &ei), 0);
    struct user a = {0}, b = {0};
    snprintf(a.username, sizeof(a.username), "bo.admin");
    snprintf(a.name, sizeof(a.name), "Bo");
    snprintf(b.username, sizeof(b.username), "anna");
    snprintf(b.name, sizeof(b.name), "Anna");
    struct user_role admin[] = {{"admin", 0}};
    cr_assert_eq(store_user_add(st, &a, hash, admin, 1, &ei), 0, "%s", ei.msg);
    cr_assert_eq(store_user_add(st, &b, hash, NULL, 0, &ei), 0, "%s", ei.msg);

    cr_assert_eq(store_user_set_disabled(st, b.id, 1, &ei), 0);
    struct user found;
    cr_assert_eq(store_user_find(st, "anna", &found, &ei), 0);
    cr_assert_eq(found.disabled, 1);
    cr_assert_eq(store_user_find(st, "nobody", &found, &ei), ERR_NOTFOUND);
    cr_assert_eq(store_user_set_disabled(st, 999, 1, &ei), ERR_NOTFOUND);

    char fresh[PASSWORD_HASH_MAX];
    cr_assert_eq(password_hash("another good phrase", fresh, &ei), 0);
    cr_assert_eq(store_user_set_password(st, a.id, fresh, 0, &ei), 0);
    file_text("SELECT password_hash FROM app_user WHERE username = 'bo.admin'",
              stored, sizeof(stored));
    cr_assert(password_verify(stored, "another good phrase"));
    cr_assert_not(password_verify(stored, "correct horse battery"));

    char listed[512] = "";
    cr_assert_eq(store_user_list(st, collect, listed, &ei), 0);
    cr_assert_str_eq(listed, "anna|1|;bo.admin|0|admin;");

    /* Every change is audited, and no hash is ever in the log. */
    cr_assert_eq(file_count("SELECT count(*) FROM audit_log WHERE entity IN "
                            "('app_user', 'user_role')"),
                 5);
    cr_assert_eq(file_count("SELECT count(*) FROM audit_log WHERE "
                            "after_json LIKE '%argon2%'"),
                 0);
}

/* Runs `randa user ARGS` with input on stdin; returns the exit status. */
static int randa_user(const char *input, const char *args)
{
    const char *bin = getenv("RANDA_BIN");
    cr_assert_not_null(bin, "RANDA_BIN is not set");
    char cmd[1024];
    snprintf(cmd, sizeof(cmd),
             "printf '%%s\\n' '%s' | %s user %s --db %s "
             ">/dev/null 2>&1",
             input, bin, args, path);
    int status = system(cmd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Test(user_cli, add_passwd_disable_with_exit_statuses, .init = open_db,
     .fini = close_db)
{
    store_close(st); /* the command opens the file itself */
    st = NULL;
    cr_assert_eq(randa_user("correct horse battery", "add eva --name Eva "
                                                     "--role admin"),
                 0);
    cr_assert_eq(randa_user("too short", "add olle --name Olle"), 2);
    cr_assert_eq(randa_user("correct horse battery", "add eva --name Eva"), 1);
    cr_assert_eq(randa_user("x", "add --name Nobody"), 2);
    cr_assert_eq(randa_user("correct horse battery", "add olle"), 2);
    cr_assert_eq(randa_user("", "frobnicate olle"), 2);
    cr_assert_eq(randa_user("another good phrase", "passwd eva"), 0);
    cr_assert_eq(randa_user("another good phrase", "passwd nobody"), 1);
    cr_assert_eq(randa_user("", "disable eva"), 0);
    cr_assert_eq(file_count("SELECT count(*) FROM app_user"), 1);
    cr_assert_eq(file_count("SELECT disabled FROM app_user WHERE username = "
                            "'eva'"),
                 1);
    char stored[PASSWORD_HASH_MAX];
    file_text("SELECT password_hash FROM app_user", stored, sizeof(stored));
    cr_assert(password_verify(stored, "another good phrase"));
    cr_assert_eq(file_count("SELECT count(*) FROM user_role WHERE role = "
                            "'admin'"),
                 1);
}
