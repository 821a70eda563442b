/*
 * randa restore: puts back what randa backup wrote, into a database file
 * (copied beside it and renamed into place only when complete) or into a
 * PostgreSQL database (pg_restore in one transaction).
 */
#include "cmd/cmd.h"

#include "store/store.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char restore_usage[] =
    "usage: randa restore --in PATH [--db FILE|URL] [--force]\n"
    "\n"
    "Restores a backup that 'randa backup' wrote. Into a file: PATH must be\n"
    "a Randa database at a schema version this randa knows; it is copied to\n"
    "FILE.new, migrated if older, and renamed over FILE only when complete.\n"
    "Into a PostgreSQL URL: pg_restore loads the archive in one transaction\n"
    "into a database that holds no Randa tables yet. Stop 'randa serve' on\n"
    "the database first. Prints what the restored database holds.\n"
    "\n"
    "  --in PATH       the backup to restore\n"
    "  --db FILE|URL   the database to restore into (default randa.db)\n"
    "  --force         replace FILE if it exists; for a URL, drop the Randa\n"
    "                  tables the database holds (pg_restore --clean)\n"
    "  --help          this text\n";

struct restore_flags {
    char *in, *db;
    int force;
};

/* Removes a database file with its WAL and shared-memory files. */
static void restore_remove_db(const char *path, int main_file)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = main_file ? 0 : 1; i < 3; i++) {
        struct buf name = BUF_INIT(0);
        buf_addf(&name, "%s%s", path, suffixes[i]);
        unlink(name.data);
        buf_release(&name);
    }
}

/* Copies file from to a new file to (mode 0600) and syncs it. */
static int restore_copy(const char *from, const char *to, struct err_info *ei)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return err_set(ei, ERR_IO, "in", "%s: %s", from, strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        int e = errno;
        close(in);
        return err_set(ei, ERR_IO, "db", "%s: %s", to, strerror(e));
    }
    char chunk[1 << 16];
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, chunk, sizeof(chunk));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = err_set(ei, ERR_IO, "in", "%s: %s", from, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        for (ssize_t done = 0; rc == 0 && done < n;) {
            ssize_t w = write(out, chunk + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                rc = err_set(ei, ERR_IO, "db", "%s: %s", to, strerror(errno));
            else
                done += w;
        }
        if (rc)
            break;
    }
    if (rc == 0 && fsync(out) != 0)
        rc = err_set(ei, ERR_IO, "db", "%s: %s", to, strerror(errno));
    close(in);
    if (close(out) != 0 && rc == 0)
        rc = err_set(ei, ERR_IO, "db", "%s: %s", to, strerror(errno));
    return rc;
}

/* Opens the restored database (migrating an older one) and prints it. */
static int restore_report(const char *db, struct err_info *ei)
{
    struct store *s = NULL;
    int rc = store_open(db, 0, &s, ei);
    if (rc == 0)
        rc = cmd_print_contents(s, cmd_db_label(db), ei);
    store_close(s);
    return rc;
}

static int restore_file(const struct restore_flags *f)
{
    struct err_info ei;
    err_clear(&ei);
    struct stat sb;
    struct buf wal = BUF_INIT(0);
    buf_addf(&wal, "%s-wal", f->in);
    int live = stat(wal.data, &sb) == 0 && sb.st_size > 0;
    buf_release(&wal);
    if (live) {
        fprintf(stderr,
                "randa restore: %s has a write-ahead log: it is in use or was "
                "not closed; copy it with 'randa backup' first\n",
                f->in);
        return CMD_FAILED;
    }
    char magic[5] = {0};
    FILE *in = fopen(f->in, "rb");
    int archive =
        in && fread(magic, 1, 5, in) == 5 && memcmp(magic, "PGDMP", 5) == 0;
    if (in)
        fclose(in);
    if (archive) {
        fprintf(stderr,
                "randa restore: %s is a pg_dump archive: restore it into a "
                "PostgreSQL URL\n",
                f->in);
        return CMD_FAILED;
    }
    int version = 0, known = store_migration_count();
    if (cmd_db_version(f->in, &version, &ei) != 0)
        return cmd_fail("restore", &ei);
    if (version < 1 || version > known) {
        fprintf(stderr,
                "randa restore: %s has schema version %d, but this randa "
                "knows versions 1 to %d\n",
                f->in, version, known);
        return CMD_FAILED;
    }
    if (!f->force && stat(f->db, &sb) == 0) {
        fprintf(stderr,
                "randa restore: %s already exists; use --force to replace it\n",
                f->db);
        return CMD_FAILED;
    }
    struct buf tmp_name = BUF_INIT(0);
    buf_addf(&tmp_name, "%s.new", f->db);
    const char *tmp = tmp_name.data;
    restore_remove_db(tmp, 1);
    int rc = restore_copy(f->in, tmp, &ei);
    struct store *s = NULL;
    /* Migrates a backup of an older schema, before it goes into place. */
    if (rc == 0 && (rc = store_open(tmp, 0, &s, &ei)) == 0)
        store_close(s);
    if (rc == 0) {
        /* A stale log of the old database must not replay into the new. */
        restore_remove_db(f->db, 0);
        if (rename(tmp, f->db) != 0)
            rc = err_set(&ei, ERR_IO, "db", "cannot rename %s to %s: %s", tmp,
                         f->db, strerror(errno));
    }
    if (rc)
        restore_remove_db(tmp, 1);
    buf_release(&tmp_name);
    if (rc == 0) {
        printf("Restored %s into %s:\n", f->in, f->db);
        rc = restore_report(f->db, &ei);
    }
    return rc ? cmd_fail("restore", &ei) : CMD_OK;
}

/* Runs pg_restore on the archive; never through a shell. */
static int restore_pg_restore(const struct restore_flags *f,
                              struct err_info *ei)
{
    struct buf dbname = BUF_INIT(0);
    buf_addf(&dbname, "--dbname=%s", f->db);
    char *args[10];
    int n = 0;
    args[n++] = "pg_restore";
    args[n++] = "--no-owner";
    args[n++] = "--exit-on-error";
    args[n++] = "--single-transaction";
    if (f->force) {
        args[n++] = "--clean";
        args[n++] = "--if-exists";
    }
    args[n++] = dbname.data;
    args[n++] = f->in;
    args[n] = NULL;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        buf_release(&dbname);
        return err_set(ei, ERR_IO, "db", "cannot start pg_restore: %s",
                       strerror(errno));
    }
    if (pid == 0) {
        execvp("pg_restore", args);
        _exit(127);
    }
    buf_release(&dbname);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return err_set(ei, ERR_IO, "db",
                       "pg_restore failed (exit %d)%s; the database is as it "
                       "was",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                       WIFEXITED(status) && WEXITSTATUS(status) == 127
                           ? ": is pg_restore installed?"
                           : "");
    return 0;
}

static int restore_postgresql(const struct restore_flags *f)
{
    struct err_info ei;
    err_clear(&ei);
    struct stat sb;
    if (stat(f->in, &sb) != 0) {
        fprintf(stderr, "randa restore: %s: %s\n", f->in, strerror(errno));
        return CMD_FAILED;
    }
    if (!S_ISREG(sb.st_mode)) {
        fprintf(stderr, "randa restore: %s: not a file\n", f->in);
        return CMD_FAILED;
    }
    int version = 0;
    int rc = cmd_db_version(f->db, &version, &ei);
    if (rc == 0 && !f->force) {
        fprintf(stderr,
                "randa restore: the PostgreSQL database already holds Randa's "
                "tables (schema version %d); use --force to replace them\n",
                version);
        return CMD_FAILED;
    }
    if (rc != 0 && rc != ERR_NOTFOUND)
        return cmd_fail("restore", &ei);
    err_clear(&ei);
    rc = restore_pg_restore(f, &ei);
    if (rc == 0) {
        printf("Restored %s into the PostgreSQL database:\n", f->in);
        rc = restore_report(f->db, &ei);
    }
    return rc ? cmd_fail("restore", &ei) : CMD_OK;
}

int cmd_restore(int argc, char **argv)
{
    static const struct option options[] = {
        {"in", required_argument, NULL, 'i'},
        {"db", required_argument, NULL, 'd'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct restore_flags f = {NULL, "randa.db", 0};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'i':
            f.in = optarg;
            break;
        case 'd':
            f.db = optarg;
            break;
        case 'f':
            f.force = 1;
            break;
        case 'h':
            fputs(restore_usage, stdout);
            return CMD_OK;
        default:
            return cmd_bad_flag("restore", argv);
        }
    }
    if (optind < argc)
        return cmd_usage_error("restore", "unexpected argument %s",
                               argv[optind]);
    if (!f.in || !*f.in)
        return cmd_usage_error("restore", "--in PATH is required");
    return store_is_url(f.db) ? restore_postgresql(&f) : restore_file(&f);
}
