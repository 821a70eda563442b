/* randa demo: creates the demo region in a new database file. */
#include "cmd/cmd.h"

#include "demo/demo.h"
#include "store/store.h"
#include "util/buf.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char demo_usage[] =
    "usage: randa demo [--db FILE|URL] [--seed N] [--trainees N]\n"
    "                  [--today DATE] [--force]\n"
    "\n"
    "Creates a demo region modelled on Region Skåne: hospitals, primary-care\n"
    "centres, private providers, trainees with leaves and rotation needs,\n"
    "capacity and bookings. The same seed, count and date give the same\n"
    "database.\n"
    "\n"
    "  --db FILE|URL   the database to create (default randa.db), or a\n"
    "                  PostgreSQL database (postgresql://HOST/DB) that holds\n"
    "                  no Randa tables yet\n"
    "  --seed N        random seed (default 1)\n"
    "  --trainees N    number of trainees, 1..20000 (default 1400)\n"
    "  --today DATE    the demo's today, YYYY-MM-DD (default: today)\n"
    "  --force         replace FILE if it exists (not a PostgreSQL database)\n"
    "  --help          this text\n";

struct demo_flags {
    const char *db;
    int force;
    struct demo_options opt;
};

static int demo_parse(int argc, char **argv, struct demo_flags *f)
{
    static const struct option options[] = {
        {"db", required_argument, NULL, 'd'},
        {"seed", required_argument, NULL, 's'},
        {"trainees", required_argument, NULL, 't'},
        {"today", required_argument, NULL, 'y'},
        {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int64_t v = 0;
    int c, rc = 0;
    opterr = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
        switch (c) {
        case 'd':
            f->db = optarg;
            break;
        case 's':
            rc = cmd_parse_int("demo", "--seed", optarg, 0, INT64_MAX, &v);
            f->opt.seed = (uint64_t)v;
            break;
        case 't':
            rc = cmd_parse_int("demo", "--trainees", optarg, 1,
                               DEMO_TRAINEES_MAX, &v);
            f->opt.trainees = (int)v;
            break;
        case 'y':
            if (date_parse(optarg, &f->opt.today) != 0)
                rc = cmd_usage_error("demo", "--today must be a date written "
                                             "YYYY-MM-DD");
            break;
        case 'f':
            f->force = 1;
            break;
        case 'h':
            fputs(demo_usage, stdout);
            return -1;
        default:
            return cmd_bad_flag("demo", argv);
        }
    }
    if (rc == 0 && optind < argc)
        rc = cmd_usage_error("demo", "unexpected argument %s", argv[optind]);
    return rc;
}

static struct date demo_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    struct date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

/* Removes a database file with its WAL and shared-memory files. */
static void demo_remove_db(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        struct buf name = BUF_INIT(0);
        buf_addf(&name, "%s%s", path, suffixes[i]);
        unlink(name.data);
        buf_release(&name);
    }
}

static void demo_print_summary(struct store *s, const char *db)
{
    printf("Created the demo region in ");
    cmd_print_contents(s, db, NULL);
    printf("Demo users, one per role, all with the password %s:\n"
           "  st-lakare        ST-läkare (their own plan and bookings)\n"
           "  handledare       handledare of three trainees\n"
           "  studierektor     studierektor of the unit with most trainees\n"
           "  verksamhetschef  verksamhetschef of the unit with most "
           "requests\n"
           "  samordnare       övergripande studierektor of the region\n"
           "  admin            administratör (users, log, unit details)\n",
           DEMO_PASSWORD);
}

/*
 * The region is written to FILE.new and renamed over FILE only when
 * complete, so an interrupted run never leaves a half-made database. Into
 * PostgreSQL it goes in one transaction (demo_generate()), which leaves
 * nothing when interrupted; that database must hold no Randa tables yet,
 * and --force does not drop them: that is the DBA's call.
 */
int cmd_demo(int argc, char **argv)
{
    struct demo_flags f = {"randa.db", 0, {1, DEMO_TRAINEES_DEFAULT, {0}}};
    f.opt.today = demo_today();
    int rc = demo_parse(argc, argv, &f);
    if (rc)
        return rc < 0 ? CMD_OK : rc;

    int url = store_is_url(f.db);
    if (url && f.force) {
        fprintf(stderr, "randa demo: --force does not empty a PostgreSQL "
                        "database; drop and create it again instead\n");
        return CMD_USAGE;
    }
    struct stat sb;
    if (!url && !f.force && stat(f.db, &sb) == 0) {
        fprintf(stderr,
                "randa demo: %s already exists; use --force to replace it\n",
                f.db);
        return CMD_FAILED;
    }
    struct buf tmp_name = BUF_INIT(0);
    const char *tmp = f.db;
    if (!url) {
        buf_addf(&tmp_name, "%s.new", f.db);
        tmp = tmp_name.data;
        demo_remove_db(tmp);
    }

    struct err_info ei;
    err_clear(&ei);
    struct store *s = NULL;
    rc = store_open(tmp, STORE_NEW, &s, &ei);
    if (rc == 0)
        rc = demo_generate(s, &f.opt, &ei);
    if (rc == 0)
        demo_print_summary(s, cmd_db_label(f.db));
    store_close(s);
    if (rc == 0 && !url) {
        demo_remove_db(f.db);
        if (rename(tmp, f.db) != 0)
            rc =
                err_set(&ei, ERR_IO, "db", "cannot rename %s to %s", tmp, f.db);
    }
    if (rc && !url)
        demo_remove_db(tmp);
    buf_release(&tmp_name);
    return rc ? cmd_fail("demo", &ei) : CMD_OK;
}
