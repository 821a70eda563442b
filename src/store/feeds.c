/*
 * Calendar feeds' storage (feeds.h, migration 012): a user's feeds, found
 * by the hash of their secret, listed and revoked by their user.
 */
#include "store/feeds.h"

#include "store/store_impl.h"

#include <string.h>

static const char *const feed_kinds[] = {"trainee", "unit"};

const char *feed_kind_name(enum feed_kind k)
{
    return (unsigned)k < 2 ? feed_kinds[k] : NULL;
}

int feed_kind_parse(const char *name)
{
    for (int k = 0; k < 2; k++)
        if (name && strcmp(feed_kinds[k], name) == 0)
            return k;
    return -1;
}

/* Reads a feed's columns, FEED_COLUMNS, from column 0 of st. */
#define FEED_COLUMNS                                                           \
    "id, user_id, kind, coalesce(trainee_id, unit_id), name, created_at, "     \
    "coalesce(revoked_at, 0), coalesce(used_at, 0) "

static void feed_read(struct store_stmt *st, struct calendar_feed *out)
{
    char kind[16];
    memset(out, 0, sizeof(*out));
    out->id = store__col_int64(st, 0);
    out->user_id = store__col_int64(st, 1);
    store__column_text(st, 2, kind, sizeof(kind));
    out->kind = strcmp(kind, "unit") == 0 ? FEED_UNIT : FEED_TRAINEE;
    out->subject_id = store__col_int64(st, 3);
    store__column_text(st, 4, out->name, sizeof(out->name));
    out->created_at = store__col_int64(st, 5);
    out->revoked_at = store__col_int64(st, 6);
    out->used_at = store__col_int64(st, 7);
}

int store_feed_create(struct store *s, struct calendar_feed *f,
                      const char *token_hash, struct err_info *ei)
{
    int rc = store__check_text(ei, "name", f->name, 1, sizeof(f->name));
    if (rc)
        return rc;
    if (!feed_kind_name(f->kind))
        return err_set(ei, ERR_INVAL, "kind", "kind: must be trainee or unit");
    f->created_at = store_now(s);
    f->revoked_at = f->used_at = 0;
    if ((rc = store__write_begin(s, ei)) != 0)
        return rc;
    int64_t n = 0;
    rc = f->kind == FEED_TRAINEE
             ? store__count(s, ei, &n,
                            "SELECT count(*) FROM trainee WHERE id = ?", "l",
                            f->subject_id)
             : store__count(s, ei, &n, "SELECT count(*) FROM unit WHERE id = ?",
                            "l", f->subject_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "subject_id", "subject_id: no %s %lld",
                     feed_kind_name(f->kind), (long long)f->subject_id);
    if (rc == 0)
        rc = store__exec(
            s, ei, &f->id,
            "INSERT INTO calendar_feed (user_id, kind, trainee_id, unit_id, "
            "name, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            "ltddttl", f->user_id, feed_kind_name(f->kind),
            f->kind == FEED_TRAINEE ? f->subject_id : 0,
            f->kind == FEED_UNIT ? f->subject_id : 0, f->name, token_hash,
            f->created_at);
    if (rc == 0)
        rc = store__audit(s, "calendar_feed", "insert", f->id, NULL,
                          json_pack("{s:I, s:s, s:I, s:s}", "user_id",
                                    (json_int_t)f->user_id, "kind",
                                    feed_kind_name(f->kind), "subject_id",
                                    (json_int_t)f->subject_id, "name", f->name),
                          ei);
    return store__write_end(s, rc);
}

int store_feed_find(struct store *s, const char *token_hash,
                    struct calendar_feed *out, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT f.id, f.user_id, f.kind, "
                          "coalesce(f.trainee_id, f.unit_id), f.name, "
                          "f.created_at, coalesce(f.revoked_at, 0), "
                          "coalesce(f.used_at, 0) FROM calendar_feed f "
                          "JOIN app_user u ON u.id = f.user_id "
                          "AND u.disabled = 0 WHERE f.token_hash = ? "
                          "AND f.revoked_at IS NULL",
                          "t", token_hash);
    if (rc == 0) {
        int step = store__step(st);
        if (step == STORE_ROW)
            feed_read(st, out);
        else
            rc = step == STORE_DONE
                     ? err_set(ei, ERR_NOTFOUND, "", "no such feed")
                     : store__db_error(s, ei);
    }
    store__finalize(st);
    /* A calendar asks every few hours; a minute late is close enough. */
    int64_t now = store_now(s);
    if (rc == 0 && now - out->used_at >= 60) {
        rc = store__exec(s, ei, NULL,
                         "UPDATE calendar_feed SET used_at = ? WHERE id = ?",
                         "ll", now, out->id);
        if (rc == 0)
            out->used_at = now;
    }
    return rc;
}

int store_feed_list(struct store *s, int64_t user_id,
                    int (*each)(const struct calendar_feed *, void *),
                    void *arg, struct err_info *ei)
{
    struct store_stmt *st = NULL;
    int rc = store__query(s, &st, ei,
                          "SELECT " FEED_COLUMNS "FROM calendar_feed "
                          "WHERE user_id = ? ORDER BY id",
                          "l", user_id);
    int step = STORE_DONE;
    while (rc == 0 && (step = store__step(st)) == STORE_ROW) {
        struct calendar_feed f;
        feed_read(st, &f);
        rc = each(&f, arg);
    }
    if (rc == 0 && step != STORE_DONE && step != STORE_ROW)
        rc = store__db_error(s, ei);
    store__finalize(st);
    return rc;
}

int store_feed_revoke(struct store *s, int64_t user_id, int64_t id,
                      struct err_info *ei)
{
    int rc = store__write_begin(s, ei);
    int64_t n = 0;
    if (rc)
        return rc;
    rc = store__count(s, ei, &n,
                      "SELECT count(*) FROM calendar_feed WHERE id = ? "
                      "AND user_id = ? AND revoked_at IS NULL",
                      "ll", id, user_id);
    if (rc == 0 && n == 0)
        rc = err_set(ei, ERR_NOTFOUND, "id", "feed %lld does not exist",
                     (long long)id);
    if (rc == 0)
        rc = store__exec(s, ei, NULL,
                         "UPDATE calendar_feed SET revoked_at = ? WHERE id = ?",
                         "ll", store_now(s), id);
    if (rc == 0)
        rc = store__audit(s, "calendar_feed", "update", id, NULL,
                          json_pack("{s:b}", "revoked", 1), ei);
    return store__write_end(s, rc);
}
