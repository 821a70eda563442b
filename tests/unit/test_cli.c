/* The randa command line: help, exit statuses, usage errors, and the demo
 * and summary commands run as a user would, on files in a temporary folder. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define OUT_MAX 65536

/* What one run of randa did. */
struct run {
    int status; /* exit status, or -1 if it did not exit normally */
    char out[OUT_MAX];
    char err[OUT_MAX];
};

static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof(dir), "/tmp/randa-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

/* Removes the test's folder and the files randa may have left in it. */
static void remove_dir(void)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

TestSuite(cli, .init = make_dir, .fini = remove_dir);

/* Reads what fd holds from its start into buf, NUL-terminated. */
static void read_all(int fd, char *buf, size_t size)
{
    size_t n = 0;
    ssize_t got;
    lseek(fd, 0, SEEK_SET);
    while (n + 1 < size && (got = read(fd, buf + n, size - 1 - n)) > 0)
        n += (size_t)got;
    buf[n] = '\0';
}

static int temp_file(void)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/randa-cli-out-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    unlink(path);
    return fd;
}

/* Returns path made absolute, as randa runs in the test's folder; the
 * caller frees. */
static char *absolute(const char *path)
{
    char cwd[4096], *abs = malloc(sizeof(cwd) + strlen(path) + 2);
    cr_assert_not_null(abs);
    if (path[0] == '/')
        strcpy(abs, path);
    else if (getcwd(cwd, sizeof(cwd)))
        sprintf(abs, "%s/%s", cwd, path);
    else
        cr_assert_fail("cannot read the working directory");
    return abs;
}

/*
 * Runs $RANDA_BIN with the arguments that follow (ending with NULL), in the
 * test's folder, and records its exit status, stdout and stderr in *r.
 */
static __attribute__((sentinel)) void randa(struct run *r, ...)
{
    const char *bin = getenv("RANDA_BIN");
    cr_assert_not_null(bin, "RANDA_BIN is not set");
    char *argv[32];
    int argc = 0;
    argv[argc++] = absolute(bin);
    va_list ap;
    va_start(ap, r);
    const char *arg;
    while ((arg = va_arg(ap, const char *)) != NULL) {
        cr_assert(argc < 31);
        argv[argc++] = strdup(arg);
    }
    va_end(ap);
    argv[argc] = NULL;

    int out = temp_file(), err = temp_file();
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        if (dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0 ||
            chdir(dir) != 0)
            _exit(127);
        execv(argv[0], argv);
        _exit(127);
    }
    int ws = 0;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
    cr_assert_neq(r->status, 127, "cannot run %s", argv[0]);
    read_all(out, r->out, sizeof(r->out));
    read_all(err, r->err, sizeof(r->err));
    close(out);
    close(err);
    for (int i = 0; i < argc; i++)
        free(argv[i]);
}

static int line_count(const char *text)
{
    int n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* The number on the summary line of entity ("  trainee   50"), or -1. */
static long long count_of(const char *out, const char *entity)
{
    size_t len = strlen(entity);
    for (const char *line = out; line && *line;) {
        const char *p = line;
        while (*p == ' ')
            p++;
        if (p != line && strncmp(p, entity, len) == 0 && p[len] == ' ')
            return strtoll(p + len, NULL, 10);
        line = strchr(line, '\n');
        if (line)
            line++;
    }
    return -1;
}

/* The path of name inside the test's folder; valid for four more calls. */
static const char *in_dir(const char *name)
{
    static char paths[4][256];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
    return p;
}

static int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static int dir_is_empty(void)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n == 0;
}

/* Reads a whole file; the caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    cr_assert(size >= 0);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)size + 1);
    cr_assert_not_null(data);
    cr_assert_eq(fread(data, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return data;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot create %s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

/* Asserts that the file at path holds exactly text. */
static void assert_file_holds(const char *path, const char *text)
{
    size_t len;
    char *data = slurp(path, &len);
    cr_assert_eq(len, strlen(text), "%s was changed", path);
    cr_assert_eq(memcmp(data, text, len), 0, "%s was changed", path);
    free(data);
}

/* Asserts a usage error: exit 2, one line on stderr naming what, nothing on
 * stdout, and no file created. */
static void assert_usage_error(const struct run *r, const char *what)
{
    cr_assert_eq(r->status, 2, "exit %d, stderr: %s", r->status, r->err);
    cr_assert_eq(line_count(r->err), 1, "stderr: %s", r->err);
    if (what)
        cr_assert_not_null(strstr(r->err, what), "stderr does not name %s: %s",
                           what, r->err);
    cr_assert_str_empty(r->out);
    cr_assert(dir_is_empty(), "a usage error created a file");
}

/* Creates a small demo database at path. */
static void make_demo(const char *path, const char *trainees)
{
    struct run r;
    randa(&r, "demo", "--db", path, "--trainees", trainees, "--today",
          "2026-11-23", NULL);
    cr_assert_eq(r.status, 0, "randa demo: %s", r.err);
}

/* Help and version */

Test(cli, help_exits_0_and_lists_the_commands)
{
    struct run r;
    randa(&r, "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_not_null(strstr(r.out, "usage: randa"), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "  demo "), "%s", r.out);
    cr_assert_not_null(strstr(r.out, "  summary "), "%s", r.out);
    cr_assert_str_empty(r.err);
}

Test(cli, version_exits_0_and_prints_randa_and_a_version)
{
    struct run r;
    randa(&r, "--version", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_eq(strncmp(r.out, "randa ", 6), 0, "%s", r.out);
    cr_assert_gt(strlen(r.out), strlen("randa \n"), "no version: %s", r.out);
    cr_assert_eq(line_count(r.out), 1, "%s", r.out);
    cr_assert_str_empty(r.err);
}

Test(cli, demo_help_exits_0_and_prints_its_usage)
{
    struct run r;
    randa(&r, "demo", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_eq(strncmp(r.out, "usage: randa demo", 17), 0, "%s", r.out);
    cr_assert(dir_is_empty());
}

Test(cli, summary_help_exits_0_and_prints_its_usage)
{
    struct run r;
    randa(&r, "summary", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_eq(strncmp(r.out, "usage: randa summary", 20), 0, "%s", r.out);
    cr_assert(dir_is_empty());
}

Test(cli, backup_restore_migrate_help_exit_0_and_print_their_usage)
{
    static const char *const names[] = {"backup", "restore", "migrate"};
    for (size_t i = 0; i < 3; i++) {
        struct run r;
        char want[64];
        snprintf(want, sizeof(want), "usage: randa %s", names[i]);
        randa(&r, names[i], "--help", NULL);
        cr_assert_eq(r.status, 0);
        cr_assert_eq(strncmp(r.out, want, strlen(want)), 0, "%s", r.out);
        cr_assert(dir_is_empty());
    }
}

Test(cli, backup_without_out_and_restore_without_in_exit_2)
{
    struct run r;
    randa(&r, "backup", "--db", in_dir("x.db"), NULL);
    assert_usage_error(&r, "--out");
    randa(&r, "restore", "--db", in_dir("x.db"), NULL);
    assert_usage_error(&r, "--in");
    randa(&r, "migrate", "--db", in_dir("x.db"), "--bogus", NULL);
    assert_usage_error(&r, "--bogus");
}

Test(cli, backup_then_restore_round_trips_and_refuses_to_overwrite)
{
    make_demo(in_dir("a.db"), "20");
    struct run r;
    randa(&r, "backup", "--db", in_dir("a.db"), "--out", in_dir("b.db"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "bytes"), "%s", r.out);
    randa(&r, "backup", "--db", in_dir("a.db"), "--out", in_dir("b.db"), NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strstr(r.err, "already exists"), "%s", r.err);
    randa(&r, "restore", "--in", in_dir("b.db"), "--db", in_dir("c.db"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(count_of(r.out, "trainee"), 20, "%s", r.out);
    cr_assert(!file_exists(in_dir("c.db.new")));
    randa(&r, "restore", "--in", in_dir("b.db"), "--db", in_dir("c.db"), NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strstr(r.err, "--force"), "%s", r.err);
    randa(&r, "restore", "--in", in_dir("b.db"), "--db", in_dir("c.db"),
          "--force", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    randa(&r, "migrate", "--db", in_dir("c.db"), "--status", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_not_null(strstr(r.out, "Up to date"), "%s", r.out);
}

/* Usage errors */

Test(cli, unknown_command_exits_2_with_one_line_naming_it)
{
    struct run r;
    randa(&r, "frobnicate", NULL);
    assert_usage_error(&r, "frobnicate");
}

Test(cli, no_arguments_exits_2)
{
    struct run r;
    randa(&r, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert_str_empty(r.out);
    cr_assert_not_null(strstr(r.err, "usage: randa"), "%s", r.err);
}

Test(cli, demo_unknown_flag_exits_2_with_one_line_naming_it)
{
    struct run r;
    randa(&r, "demo", "--db", in_dir("x.db"), "--bogus", NULL);
    assert_usage_error(&r, "--bogus");
}

Test(cli, demo_trainees_without_a_value_exits_2)
{
    struct run r;
    randa(&r, "demo", "--db", in_dir("x.db"), "--trainees", NULL);
    assert_usage_error(&r, NULL);
}

Test(cli, demo_trainees_out_of_range_or_not_a_number_exits_2_naming_it)
{
    const char *bad[] = {"0", "-5", "20001", "abc", "12abc", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct run r;
        randa(&r, "demo", "--db", in_dir("x.db"), "--trainees", bad[i], NULL);
        cr_assert_eq(r.status, 2, "--trainees '%s': exit %d", bad[i], r.status);
        assert_usage_error(&r, "--trainees");
    }
}

Test(cli, demo_today_that_is_not_a_real_date_exits_2_naming_it)
{
    const char *bad[] = {"2027-02-30", "2026-13-01", "2026-1-5", "tomorrow"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct run r;
        randa(&r, "demo", "--db", in_dir("x.db"), "--today", bad[i], NULL);
        cr_assert_eq(r.status, 2, "--today '%s': exit %d", bad[i], r.status);
        assert_usage_error(&r, "--today");
    }
}

Test(cli, demo_unexpected_argument_exits_2_naming_it)
{
    struct run r;
    randa(&r, "demo", "--db", in_dir("x.db"), "extra", NULL);
    assert_usage_error(&r, "extra");
}

Test(cli, summary_db_without_a_value_exits_2)
{
    struct run r;
    randa(&r, "summary", "--db", NULL);
    assert_usage_error(&r, NULL);
}

Test(cli, summary_unknown_flag_exits_2_with_one_line_naming_it)
{
    struct run r;
    randa(&r, "summary", "--db", in_dir("x.db"), "--bogus", NULL);
    assert_usage_error(&r, "--bogus");
}

Test(cli, summary_unexpected_argument_exits_2_naming_it)
{
    struct run r;
    randa(&r, "summary", "--db", in_dir("x.db"), "extra", NULL);
    assert_usage_error(&r, "extra");
}

/* randa demo */

Test(cli, demo_creates_the_database_and_prints_its_counts)
{
    const char *db = in_dir("x.db");
    struct run r;
    randa(&r, "demo", "--db", db, "--trainees", "50", "--today", "2026-11-23",
          NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_eq(count_of(r.out, "trainee"), 50, "%s", r.out);
    cr_assert(file_exists(db));
    cr_assert_not(file_exists(in_dir("x.db.new")), "x.db.new left behind");
}

Test(cli, demo_refuses_to_replace_an_existing_file_without_force)
{
    const char *db = in_dir("x.db");
    make_demo(db, "50");
    struct stat before, after;
    cr_assert_eq(stat(db, &before), 0);
    size_t len_before, len_after;
    char *data_before = slurp(db, &len_before);

    struct run r;
    randa(&r, "demo", "--db", db, "--trainees", "60", "--today", "2026-11-23",
          NULL);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    cr_assert_not_null(strstr(r.err, "already exists"), "%s", r.err);
    cr_assert_not_null(strstr(r.err, db), "%s", r.err);

    cr_assert_eq(stat(db, &after), 0);
    cr_assert_eq(after.st_size, before.st_size);
    cr_assert_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    cr_assert_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    cr_assert_eq(after.st_ino, before.st_ino);
    char *data_after = slurp(db, &len_after);
    cr_assert_eq(len_after, len_before);
    cr_assert_eq(memcmp(data_after, data_before, len_before), 0);
    cr_assert_not(file_exists(in_dir("x.db.new")));
    free(data_before);
    free(data_after);
}

Test(cli, demo_refuses_to_replace_any_existing_file_without_force)
{
    const char *path = in_dir("notes.txt");
    write_file(path, "not a database\n");
    struct run r;
    randa(&r, "demo", "--db", path, "--trainees", "5", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert_not_null(strstr(r.err, "already exists"), "%s", r.err);
    assert_file_holds(path, "not a database\n");
    cr_assert_not(file_exists(in_dir("notes.txt.new")));
}

Test(cli, demo_with_force_replaces_the_database)
{
    const char *db = in_dir("x.db");
    make_demo(db, "50");
    struct run r;
    randa(&r, "demo", "--db", db, "--trainees", "60", "--today", "2026-11-23",
          "--force", NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_eq(count_of(r.out, "trainee"), 60, "%s", r.out);
    cr_assert_not(file_exists(in_dir("x.db.new")), "x.db.new left behind");

    randa(&r, "summary", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_eq(count_of(r.out, "trainee"), 60, "%s", r.out);
}

/* randa summary */

Test(cli, summary_prints_the_trainee_count_of_a_demo_database)
{
    const char *db = in_dir("x.db");
    make_demo(db, "50");
    struct run r;
    randa(&r, "summary", "--db", db, NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_assert_eq(count_of(r.out, "trainee"), 50, "%s", r.out);
    cr_assert_str_empty(r.err);
}

Test(cli, summary_of_a_missing_file_exits_1_naming_it_and_creates_nothing)
{
    const char *db = in_dir("missing.db");
    struct run r;
    randa(&r, "summary", "--db", db, NULL);
    cr_assert_eq(r.status, 1, "exit %d", r.status);
    cr_assert_not_null(strstr(r.err, db), "%s", r.err);
    cr_assert_eq(line_count(r.err), 1, "%s", r.err);
    cr_assert_not(file_exists(db));
    cr_assert(dir_is_empty());
}

Test(cli, summary_of_a_file_that_is_not_a_database_exits_1_leaving_it)
{
    const char *text =
        "not a database, but long enough to have a header of sorts\n";
    const char *path = in_dir("notes.txt");
    write_file(path, text);
    struct run r;
    randa(&r, "summary", "--db", path, NULL);
    cr_assert_eq(r.status, 1, "exit %d, stdout %s", r.status, r.out);
    cr_assert_eq(line_count(r.err), 1, "%s", r.err);
    assert_file_holds(path, text);
}
